#!/bin/sh
# run-case.sh MASSEFLYT CASEDIR - run one CLI golden test.
#
# Runs CASEDIR/cmd with sh in a fresh temporary folder, with $MF set to the
# masseflyt binary, $CASE to the case folder and $MF_DEMO_DB to the demo
# region's database (demo-db.sh), and compares stdout with
# expected.out, stderr with expected.err (when present) and the exit status
# with expected.exit (0 when absent), in the C locale. Prints a diff on
# mismatch.
set -u
mf=$1
case_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$tmp.demo"' EXIT

# The demo region's database several cases copy ($MF_DEMO_DB, made by
# demo-db.sh): the fixture cli.demo-db makes it once per ctest run; a
# case run by hand gets its own.
if [ -z "${MF_DEMO_DB:-}" ] || [ ! -f "$MF_DEMO_DB" ]; then
    mkdir "$tmp.demo"
    MF_DEMO_DB=$tmp.demo/demo.db
    sh "$(dirname "$0")/demo-db.sh" "$mf" "$MF_DEMO_DB" || exit 1
fi
export MF_DEMO_DB

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
