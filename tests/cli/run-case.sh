#!/bin/sh
# run-case.sh MASSEFLYT CASEDIR - run one CLI golden test.
#
# Runs CASEDIR/cmd with sh in a fresh temporary folder, with $MF set to the
# masseflyt binary and $CASE to the case folder, and compares stdout with
# expected.out, stderr with expected.err (when present) and the exit status
# with expected.exit (0 when absent), in the C locale. Prints a diff on
# mismatch.
set -u
mf=$1
case_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp" || exit 1
# Messages in English unless a case asks for bokmål (--lang nb, or the
# locale variables it sets itself).
unset MASSEFLYT_LANG LC_ALL LC_MESSAGES LANG
MF=$mf CASE=$case_dir sh "$case_dir/cmd" >"$tmp/.out" 2>"$tmp/.err"
status=$?

fail=0
want_status=0
if [ -f "$case_dir/expected.exit" ]; then
    want_status=$(cat "$case_dir/expected.exit")
fi
if [ "$status" != "$want_status" ]; then
    echo "exit status: got $status, want $want_status"
    fail=1
fi
if ! diff -u "$case_dir/expected.out" "$tmp/.out"; then
    echo "stdout differs (above)"
    fail=1
fi
if [ -f "$case_dir/expected.err" ] &&
    ! diff -u "$case_dir/expected.err" "$tmp/.err"; then
    echo "stderr differs (above)"
    fail=1
fi
if [ $fail != 0 ]; then
    echo "--- stderr was:"
    cat "$tmp/.err"
fi
exit $fail
