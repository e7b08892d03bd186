#!/bin/sh
# check-layers.sh SOURCE_DIR - the arrows of docs/ARCHITECTURE.md, kept:
#
#   - src/cli/ includes only include/masseflyt/*.h, src/app/app.h and the
#     CLI's own headers (never the library's or the store's insides);
#   - src/lib/ reads no environment and runs no program (no getenv,
#     setenv, fork, exec*, system, popen, posix_spawn): configuration
#     comes in as arguments, and external programs run through
#     src/app/runner.c;
#   - in src/app/, only config.c reads the environment;
#   - src/server/ includes only include/masseflyt/*.h, src/app/app.h,
#     src/store/store.h (accounts and sessions live in the store) and the
#     server's own headers: the routes call the app layer, never the
#     library's or the store's insides.
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
    server.h) continue ;; # serve and user start or ask the server
    */*) ;;
    *) [ -f "src/cli/$h" ] && continue ;;
    esac
    echo "$at: includes \"$h\": the CLI sees include/masseflyt/, src/app/app.h and src/server/server.h only"
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

includes=$(grep -nH '^#include "' src/server/*.c src/server/*.h |
    sed 's/^\([^:]*:[0-9]*\):#include "\([^"]*\)".*/\1 \2/')
while read -r at h; do
    [ -n "$h" ] || continue
    case $h in
    masseflyt/*.h) [ -f "include/$h" ] && continue ;;
    app.h | store.h) continue ;;
    */*) ;;
    *) [ -f "src/server/$h" ] && continue ;;
    esac
    echo "$at: includes \"$h\": the server sees include/masseflyt/, src/app/app.h, src/store/store.h and its own headers only"
    fail=1
done <<END
$includes
END
exit $fail
