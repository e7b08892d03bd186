#!/bin/sh
# check-format.sh - clang-format (the repository's .clang-format) must
# leave every tracked C and C++ source unchanged. Prints the files that
# differ and exits 1 when there are any.
set -eu
cd "$(dirname "$0")/.."
bad=0
files=$(git ls-files '*.c' '*.h' '*.cpp' 2>/dev/null || true)
for f in $files; do
    [ -f "$f" ] || continue
    if ! clang-format --style=file "$f" | cmp -s - "$f"; then
        echo "check-format: $f is not formatted (clang-format -i $f)"
        bad=1
    fi
done
if [ $bad = 0 ]; then
    echo "check-format: $(echo "$files" | wc -w) files formatted"
fi
exit $bad
