#!/bin/sh
# check-layers.sh SOURCE_DIR - the arrows of docs/ARCHITECTURE.md, kept:
#
#   - src/cli/ includes only include/masseflyt/*.h, src/app/app.h and the
#     CLI's own headers (never the library's or the store's insides);
#   - src/lib/ reads no environment and runs no program (no getenv,
#     setenv, fork, exec*, system, popen, posix_spawn): configuration
#     comes in as arguments, and external programs run through
#     src/app/runner.c;
#   - in src/app/, only config.c reads the environment.
#
# Prints each breach and exits 1.
set -u
cd "$1" || exit 2
fail=0

includes=$(grep -nH '^#include "' src/cli/*.c src/cli/*.h |
    sed 's/^\([^:]*:[0-9]*\):#include "\([^"]*\)".*/\1 \2/')
while read -r at h; do
    [ -n "$h" ] || continue
    case $h in
    masseflyt/*.h) [ -f "include/$h" ] && continue ;;
    app.h) continue ;;
    */*) ;;
    *) [ -f "src/cli/$h" ] && continue ;;
    esac
    echo "$at: includes \"$h\": the CLI sees include/masseflyt/ and src/app/app.h only"
    fail=1
done <<END
$includes
END

calls='getenv|secure_getenv|setenv|putenv|unsetenv|fork|vfork|execl|execlp|execle|execv|execvp|execve|system|popen|posix_spawn|posix_spawnp'
pattern="(^|[^A-Za-z0-9_])($calls)[[:space:]]*\\("
hits=$(grep -rnE "$pattern" src/lib --include='*.c' --include='*.h' |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' || true)
if [ -n "$hits" ]; then
    echo "$hits" | sed 's/$/   <- the library reads no environment and runs no program/'
    fail=1
fi
hits=$(grep -nE "(^|[^A-Za-z0-9_])(getenv|secure_getenv)[[:space:]]*\\(" src/app/*.c 2>/dev/null |
    grep -v '^src/app/config.c:' || true)
if [ -n "$hits" ]; then
    echo "$hits" | sed 's/$/   <- only src\/app\/config.c reads the environment/'
    fail=1
fi
exit $fail
