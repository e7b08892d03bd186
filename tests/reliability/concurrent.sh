#!/bin/sh
# concurrent.sh MASSEFLYT - two imports started at once both complete (the
# second waits for the first's transaction), and a plan run while a large
# import writes prints its result and is stored (it read the registry as
# it was before the import; it waits to store its document).
set -eu
mf=$1
data=${MASSEFLYT_DATA:?MASSEFLYT_DATA must name the data folder}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
gen() {
    awk -v p="$1" -v n="$2" 'BEGIN {
        print "id;kind;project;site;material;quantity;unit;from;to;condition_class;acid_test"
        for (i = 0; i < n; i++)
            printf "%s%06d;supply;fornebubanen;fornebu-stasjon;sprengstein;%d;pfm3;2025-01-01;2025-12-31;1;negative\n", p, i, 1000 + i % 5000
    }' > "lots-$1.csv"
}
gen a 40000
gen b 40000
gen c 150000
export MASSEFLYT_DB=t.db
"$mf" -q init >/dev/null
"$mf" -q import "$data"/demo/orgs.csv "$data"/demo/projects.csv \
    "$data"/demo/sites.csv "$data"/demo/lots.csv >/dev/null 2>&1
before=$(sqlite3 t.db "SELECT count(*) FROM lot")

"$mf" -q import lots-a.csv >a.out 2>a.err & pa=$!
"$mf" -q import lots-b.csv >b.out 2>b.err & pb=$!
sa=0 sb=0
wait $pa || sa=$?
wait $pb || sb=$?
if [ $sa != 0 ] || [ $sb != 0 ]; then
    echo "concurrent imports: exit $sa and $sb"; cat a.err b.err; exit 1
fi
count=$(sqlite3 t.db "SELECT count(*) FROM lot")
if [ "$count" != $((before + 80000)) ]; then
    echo "after two concurrent imports: $count lots, want $((before + 80000))"
    exit 1
fi
echo "two imports at once: both completed, $count lots"

# The plan reads the demo region only (a fresh database), while a large
# import writes to it.
rm -f t.db t.db-wal t.db-shm
"$mf" -q init >/dev/null
"$mf" -q import "$data"/demo/orgs.csv "$data"/demo/projects.csv \
    "$data"/demo/sites.csv "$data"/demo/lots.csv >/dev/null 2>&1
"$mf" -q import lots-c.csv >c.out 2>c.err & pc=$!
sleep 0.3
sp=0
"$mf" plan --name during >plan.out 2>plan.err || sp=$?
wait $pc
if [ $sp != 0 ] || ! grep -q "Stored as plan 'during'" plan.out; then
    echo "plan during an import: exit $sp"; cat plan.err; tail -3 plan.out
    exit 1
fi
stored=$(sqlite3 t.db "SELECT count(*) FROM document WHERE kind='plan' AND name='during'")
[ "$stored" = 1 ] || { echo "the plan was not stored"; exit 1; }
[ "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok ] || exit 1
echo "plan during an import: printed and stored; integrity ok"
