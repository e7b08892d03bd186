#!/bin/sh
# full-disk.sh MASSEFLYT - an import into a database on a full disk fails
# with a clear message ("the disk is full"), exit status 6, and leaves the
# database whole and as it was. Runs on a 4 MiB tmpfs; where one cannot be
# mounted (not root, no mount rights) the test is skipped (exit 77).
set -eu
mf=$1
data=${MASSEFLYT_DATA:?MASSEFLYT_DATA must name the data folder}
tmp=$(mktemp -d)
disk="$tmp/disk"
mkdir "$disk"
cleanup() {
    umount "$disk" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
if ! mount -t tmpfs -o size=4m tmpfs "$disk" 2>/dev/null; then
    echo "skipped: cannot mount a small tmpfs here (needs root)"
    exit 77
fi
cd "$tmp"
awk 'BEGIN {
    print "id;kind;project;site;material;quantity;unit;from;to;condition_class;acid_test;note"
    for (i = 0; i < 60000; i++)
        printf "f%06d;supply;fornebubanen;fornebu-stasjon;sprengstein;%d;pfm3;2025-01-01;2025-12-31;1;negative;a note long enough to fill pages\n", i, 1000 + i
}' > lots.csv
db="$disk/t.db"
"$mf" -q --db "$db" init >/dev/null
"$mf" -q --db "$db" import "$data"/demo/orgs.csv "$data"/demo/projects.csv \
    "$data"/demo/sites.csv "$data"/demo/lots.csv >/dev/null 2>&1
before=$(sqlite3 "$db" "SELECT count(*) FROM lot")
status=0
"$mf" -q --db "$db" import lots.csv >out 2>err || status=$?
if [ "$status" != 6 ]; then
    echo "exit status $status, want 6"; cat err; exit 1
fi
if ! grep -q "the disk is full" err; then
    echo "the message does not say the disk is full:"; cat err; exit 1
fi
check=$(sqlite3 "$db" "PRAGMA integrity_check")
count=$(sqlite3 "$db" "SELECT count(*) FROM lot")
if [ "$check" != ok ] || [ "$count" != "$before" ]; then
    echo "after the failed import: integrity_check $check, $count lots (was $before)"
    exit 1
fi
echo "full disk: exit 6, '$(sed 's/^masseflyt: //' err | head -1)'; database whole, $count lots as before"
