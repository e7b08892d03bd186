#!/bin/bash
# custody-schema.sh - what a leaner schema for load tickets would buy the
# SQLite import, measured before the store is changed: the tickets of a
# weighbridge export (the file bench/custody-import.sh writes) are put,
# with the sqlite3 shell, into two new databases the way the store's bulk
# load does it (WAL, 4 KiB pages, a 64 MiB cache, temp_store=MEMORY for
# the inserts and DEFAULT with PRAGMA threads=2 for the index builds; the
# indexes that are not UNIQUE dropped first and built again before the
# COMMIT, the UNIQUE ones kept), and the CPU time of each step is printed
# (the shell's .timer, user + sys) with the tables' and indexes' sizes:
#
#   current  the tables and indexes of migrations 013 and 025 as they are
#            (every registry reference as text, the code as text)
#   lean     the same rows with integer keys: the registry references
#            (lot, origin, destination, haulier, vehicle, material,
#            quality document, a receipt's site) as rowids of a small
#            dictionary table, the code as a 40-bit integer, a receipt's
#            ticket as the ticket's seq; the same indexes
#
# Neither is the import itself (no parsing, no codes, no multi-row
# statements: each table is filled by one INSERT ... SELECT from a staged
# copy of the file), so compare the two with each other, not with
# custody-import.sh. The codes are random here (40 bits, as the real ones
# are in effect). Not a test: nothing here fails a build.
#
#   bench/custody-schema.sh FILE.csv       (OUT=dir, default bench/out)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
csv=${1:?usage: custody-schema.sh FILE.csv}
out=${OUT:-$root/bench/out}/custody-schema
mig=$root/src/store/migrations/sqlite
mkdir -p "$out"
rm -f "$out"/*.db "$out"/*.db-wal "$out"/*.db-shm

# The code as Crockford's base 32, 8 characters, as code.c writes it.
b32="'0123456789ABCDEFGHJKMNPQRSTVWXYZ'"
code_text=""
for s in 35 30 25 20 15 10 5 0; do
    code_text="$code_text${code_text:+ || }substr($b32, ((c >> $s) & 31) + 1, 1)"
done

echo "== Staging $csv"
sqlite3 "$out/stage.db" <<EOF || exit 1
.mode csv
.separator ;
.import '$csv' raw
CREATE TABLE term (n INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO term (name) SELECT lot FROM raw UNION SELECT origin FROM raw
  UNION SELECT destination FROM raw UNION SELECT haulier FROM raw
  UNION SELECT vehicle FROM raw UNION SELECT material FROM raw
  UNION SELECT quality_doc FROM raw;
CREATE TABLE load AS SELECT r.rowid AS rid, r.*,
  (SELECT n FROM term WHERE name = lot) AS l,
  (SELECT n FROM term WHERE name = origin) AS o,
  (SELECT n FROM term WHERE name = destination) AS d,
  (SELECT n FROM term WHERE name = haulier) AS h,
  (SELECT n FROM term WHERE name = vehicle) AS v,
  (SELECT n FROM term WHERE name = material) AS m,
  (SELECT n FROM term WHERE name = quality_doc) AS q,
  random() & 1099511627775 AS c,
  unixepoch(departed) AS dep, unixepoch(arrived) AS arr FROM raw r;
ALTER TABLE load ADD COLUMN ct TEXT;
UPDATE load SET ct = $code_text;
EOF

pragmas="PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536;
PRAGMA synchronous=NORMAL; PRAGMA threads=2; PRAGMA foreign_keys=ON;"
# The end of both loads: the deferred indexes built, then the commit.
builds="PRAGMA temp_store=DEFAULT;
.print @ticket_lot
CREATE INDEX ticket_lot ON ticket(lot);
.print @ticket_code
CREATE INDEX ticket_code ON ticket(code);
.print @receipt_ticket
CREATE INDEX receipt_ticket ON receipt(ticket);
.print @commit
COMMIT;"

current="$(cat "$mig/013_custody.sql" "$mig/025_ticket_vehicle_dropped.sql")
ATTACH '$out/stage.db' AS s;
PRAGMA temp_store=MEMORY;
.timer on
BEGIN IMMEDIATE;
DROP INDEX ticket_lot; DROP INDEX ticket_code; DROP INDEX receipt_ticket;
.print @ticket rows
INSERT INTO ticket (id, code, voids, lot, origin, dest, haulier, vehicle,
  material, quantity, state, departed, quality_doc, created)
  SELECT ticket, ct, 0, lot, origin, destination, haulier,
  vehicle, material, quantity, unit, dep, nullif(quality_doc, ''),
  1765000000 FROM s.load ORDER BY rid;
.print @receipt rows
INSERT INTO receipt (id, ticket, voids, site, arrived, weighed_t, accepted,
  created) SELECT receipt, ticket, 0, destination, arr, weighed_t, 1,
  1765000000 FROM s.load ORDER BY rid;
$builds"

lean="CREATE TABLE term (n INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)
  STRICT;
CREATE TABLE ticket (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
  code INTEGER, corrects INTEGER REFERENCES ticket(seq), reason TEXT,
  voids INTEGER NOT NULL DEFAULT 0 CHECK (voids IN (0, 1)),
  lot INTEGER NOT NULL, origin INTEGER NOT NULL, dest INTEGER NOT NULL,
  haulier INTEGER NOT NULL, vehicle INTEGER NOT NULL,
  material INTEGER NOT NULL, quantity REAL NOT NULL CHECK (quantity > 0),
  state INTEGER NOT NULL, departed INTEGER NOT NULL, quality_doc INTEGER,
  created INTEGER NOT NULL, CHECK ((corrects IS NULL) = (reason IS NULL)))
  STRICT;
CREATE TABLE receipt (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
  ticket INTEGER NOT NULL, corrects INTEGER REFERENCES receipt(seq),
  reason TEXT, voids INTEGER NOT NULL DEFAULT 0 CHECK (voids IN (0, 1)),
  site INTEGER, arrived INTEGER NOT NULL,
  weighed_t REAL CHECK (weighed_t >= 0),
  accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)), rejection TEXT,
  created INTEGER NOT NULL, CHECK ((corrects IS NULL) = (reason IS NULL)),
  CHECK (accepted = 1 OR rejection IS NOT NULL)) STRICT;
CREATE UNIQUE INDEX ticket_corrected_once ON ticket(corrects)
  WHERE corrects IS NOT NULL;
CREATE UNIQUE INDEX receipt_corrected_once ON receipt(corrects)
  WHERE corrects IS NOT NULL;
ATTACH '$out/stage.db' AS s;
INSERT INTO term SELECT * FROM s.term;
PRAGMA temp_store=MEMORY;
.timer on
BEGIN IMMEDIATE;
.print @ticket rows
INSERT INTO ticket (seq, id, code, voids, lot, origin, dest, haulier,
  vehicle, material, quantity, state, departed, quality_doc, created)
  SELECT rid, ticket, c, 0, l, o, d, h, v, m, quantity,
  CASE unit WHEN 't' THEN 0 WHEN 'pfm3' THEN 1 WHEN 'ulm3' THEN 2 ELSE 3
  END, dep, CASE WHEN quality_doc = '' THEN NULL ELSE q END, 1765000000
  FROM s.load ORDER BY rid;
.print @receipt rows
INSERT INTO receipt (id, ticket, voids, site, arrived, weighed_t, accepted,
  created) SELECT receipt, rid, 0, d, arr, weighed_t, 1, 1765000000
  FROM s.load ORDER BY rid;
$builds"

# Each step is named by a line "@name" printed before its statement.
for schema in current lean; do
    case $schema in
    current) sql=$current ;;
    *) sql=$lean ;;
    esac
    echo "== $schema ($(uptime | sed 's/.*load average: //'))"
    printf '%s\n%s\n' "$pragmas" "$sql" |
        sqlite3 "$out/$schema.db" 2>&1 | grep -v '^wal$' |
        awk '
            /^@/ { step = substr($0, 2); next }
            /^Run Time:/ { if (step == "") next
                cpu = $6 + $8
                printf "  %-15s %6.2f s CPU %7.2f s wall\n", step, cpu, $4
                total += cpu; step = ""; next }
            /^[0-9]+$/ { next }
            { print "  " $0 }
            END { printf "  %-15s %6.2f s CPU\n", "total", total }'
    sqlite3 "$out/$schema.db" "SELECT printf('  %-24s %7.1f MB', name,
        sum(pgsize) / 1e6) FROM dbstat WHERE name NOT LIKE 'sqlite_schema'
        GROUP BY name HAVING sum(pgsize) > 100000 ORDER BY name"
done
rm -f "$out"/*.db "$out"/*.db-wal "$out"/*.db-shm
