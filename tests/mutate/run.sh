#!/bin/sh
# run.sh [MUTATIONS_FILE] - a mutation check of the solver, the rules and
# the cost model, run by hand before a release (not in CI: it rebuilds
# once per mutation). Each line of tests/mutate/mutations.txt names a file,
# a piece of code, what to put instead and the tests that should notice.
# The tree is copied to a temporary folder (git worktree of HEAD plus the
# working changes are not taken: commit first), each mutation applied,
# rebuilt, the named tests run, and the mutation undone. It prints one
# line per mutation, "killed" or "SURVIVED", and exits 1 when any
# survived (or a line no longer matches the code: fix the list).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
list=${1:-$root/tests/mutate/mutations.txt}
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/tree" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add -q --detach "$tmp/tree" HEAD
cd "$tmp/tree"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMF_BENCH=OFF >/dev/null
ninja -C build >/dev/null
killed=0 survived=0 skipped=0
while IFS= read -r line; do
    case $line in '#'* | '') continue ;; esac
    file=$(printf '%s' "$line" | awk -F ' \\| ' '{print $1}')
    from=$(printf '%s' "$line" | awk -F ' \\| ' '{print $2}')
    to=$(printf '%s' "$line" | awk -F ' \\| ' '{print $3}')
    tests=$(printf '%s' "$line" | awk -F ' \\| ' '{print $4}')
    cp "$file" "$tmp/orig"
    if ! FROM=$from TO=$to python3 - "$file" <<'PY'
import os, sys
p = sys.argv[1]
s = open(p).read()
a, b = os.environ["FROM"], os.environ["TO"]
if s.count(a) != 1:
    sys.exit("%s: the text is there %d times, not once: %s" % (p, s.count(a), a))
open(p, "w").write(s.replace(a, b))
PY
    then
        echo "SKIPPED  $file: $from"
        skipped=$((skipped + 1))
        continue
    fi
    if ! ninja -C build >/dev/null 2>&1; then
        echo "killed   (does not build) $file: $from"
        killed=$((killed + 1))
    elif (cd build && ctest -R "$tests" >/dev/null 2>&1); then
        echo "SURVIVED $file: $from -> $to ($tests)"
        survived=$((survived + 1))
    else
        echo "killed   $file: $from -> $to"
        killed=$((killed + 1))
    fi
    cp "$tmp/orig" "$file"
done < "$list"
ninja -C build >/dev/null
echo "$killed killed, $survived survived, $skipped skipped"
[ "$survived" = 0 ] && [ "$skipped" = 0 ]
