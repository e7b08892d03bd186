#!/bin/sh
# check-banned.sh - refuse C functions that invite overflows or silently
# turn bad numbers into zero (as curl's checksrc does): use snprintf,
# strtol/strtod with an end check, memcpy with a known length, or the
# buffer helpers in src/lib/util instead. Exits 1 and lists each use.
set -eu
cd "$(dirname "$0")/.."

banned='atoi|atol|atoll|atof|strcpy|strcat|strncat|sprintf|vsprintf|gets|strtok|tmpnam|mktemp'
files=$(git ls-files -co --exclude-standard -- 'src/*.c' 'src/*.h' \
    'include/*.h' 'tests/*.c' 'tests/*.h' 'tools/*.c' 'bench/*.c' \
    'bench/*.h' 'bench/*.cpp' 2>/dev/null || true)
[ -n "$files" ] || exit 0
# A call is the name followed by '('; names inside comments and strings
# are not calls, but a simple check that ignores them is good enough
# here, so the few words that read like calls in prose are avoided.
# shellcheck disable=SC2086
hits=$(grep -nE "(^|[^A-Za-z0-9_])($banned)[[:space:]]*\(" $files | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' || true)
if [ -n "$hits" ]; then
    echo "check-banned: these functions are not used in masseflyt:" >&2
    echo "$hits" >&2
    exit 1
fi
echo "check-banned: $(echo "$files" | wc -l) files clean"
