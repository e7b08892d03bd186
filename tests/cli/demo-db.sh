#!/bin/sh
# demo-db.sh MASSEFLYT FILE - the demo region's database that several CLI
# cases start from: `init`, then `import` of data/demo/*.csv, as each of
# them did for itself; the import's output (which those cases print) goes
# to FILE.out. Made once per ctest run by the fixture cli.demo-db, or by
# run-case.sh for a case run by hand; each case copies it.
set -u
[ $# -eq 2 ] || { echo "usage: demo-db.sh MASSEFLYT FILE" >&2; exit 2; }
mf=$1 db=$2
rm -f "$db" "$db.out" "$db.tmp" "$db.tmp"-wal "$db.tmp"-journal
"$mf" -q --db "$db.tmp" init >/dev/null || exit 1
"$mf" -q --db "$db.tmp" import "$MASSEFLYT_DATA"/demo/*.csv 2>/dev/null \
    >"$db.out" || exit 1
# The database is closed: no -wal or -journal file is left beside it.
for f in "$db.tmp"-wal "$db.tmp"-journal; do
    [ ! -s "$f" ] || { echo "demo-db.sh: $f left" >&2; exit 1; }
done
mv "$db.tmp" "$db"
