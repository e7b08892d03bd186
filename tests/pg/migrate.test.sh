#!/bin/sh
# migrate.test.sh - a database made by an older masseflyt (schema version
# 3, with records), on SQLite and on PostgreSQL: every command but
# `migrate` and `init` refuses it with "run 'masseflyt migrate'" and
# leaves it as it was; `migrate` brings it up to date in one go, saying
# from which version to which, keeps its records, and says so when there
# is nothing left to do; `init` on it says it migrated.
# Run by ctest inside tests/pg-cluster.sh.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MASSEFLYT_DATA:?}"
src=$(cd "$(dirname "$0")/../.." && pwd)/src/store/migrations
tmp=$(mktemp -d)
db=mfmig_$$
trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; psql -q -d postgres -c "DROP DATABASE IF EXISTS ${db}_b WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp"
newest=$(ls "$src/sqlite" | sed -n 's/^\([0-9]*\)_.*/\1/p' | sort -n | tail -1 |
    sed 's/^0*//')
rows="INSERT INTO org (id, name, is_public) VALUES ('o', 'O', 1);
INSERT INTO lot (id, kind, material, quantity, unit, tonnes, from_date,
  to_date, acid_test, lon, lat) VALUES ('l', 'supply', 'morene', 10, 't',
  10, '2025-01-01', '2025-02-01', '', 10.7, 59.9);"
fail=0

# An SQLite file at version 3.
cat "$src/sqlite/001_registry.sql" "$src/sqlite/002_documents.sql" \
    "$src/sqlite/003_lean_lot_table.sql" | sqlite3 old.db
printf '%s\nPRAGMA user_version = 3;\n' "$rows" | sqlite3 old.db
# The same on PostgreSQL.
psql -q -d postgres -c "CREATE DATABASE $db"
pg="postgresql://postgres@/$db?host=$PGHOST"
{
    cat "$src/pg/001_registry.sql" "$src/pg/002_documents.sql" \
        "$src/pg/003_lean_lot_table.sql"
    echo "CREATE TABLE masseflyt_schema (one boolean PRIMARY KEY DEFAULT true
      CHECK (one), version integer NOT NULL);
      INSERT INTO masseflyt_schema (version) VALUES (3);"
    echo "$rows"
} | psql -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null

for dsn in old.db "$pg"; do
    if "$MF" --db "$dsn" list lots >list.out 2>list.err; then
        echo "$dsn: an old schema was opened without migrating"; fail=1
    fi
    grep -q "schema version 3, older than this program's ($newest); run 'masseflyt migrate'" list.err ||
        { echo "$dsn:"; cat list.err; fail=1; }
    "$MF" --db "$dsn" migrate >m1.out || fail=1
    grep -q "migrated from schema version 3 to $newest" m1.out ||
        { echo "$dsn:"; cat m1.out; fail=1; }
    "$MF" --db "$dsn" migrate >m2.out || fail=1
    grep -q "already has the current schema (version $newest)" m2.out ||
        { echo "$dsn:"; cat m2.out; fail=1; }
    "$MF" --db "$dsn" list lots >list.out || fail=1
    grep -q "^l " list.out || { echo "$dsn: lot l lost"; cat list.out; fail=1; }
    "$MF" --db "$dsn" check-db --full >/dev/null || fail=1
done

# migrate does not create a database; init does, and says nothing of
# migrating a new one.
if "$MF" --db new.db migrate 2>new.err; then
    echo "migrate created a database"; fail=1
fi
[ ! -e new.db ] || { echo "migrate left new.db behind"; fail=1; }
"$MF" --db new.db init >init.out
if grep -q migrated init.out; then echo "init of a new db said migrated"; fail=1; fi
# init on an old database migrates it and says so.
cat "$src/sqlite/001_registry.sql" "$src/sqlite/002_documents.sql" |
    sqlite3 old2.db
echo "PRAGMA user_version = 2;" | sqlite3 old2.db
"$MF" --db old2.db init >init2.out
grep -q "migrated from schema version 2 to $newest" init2.out ||
    { cat init2.out; fail=1; }

# A migration that fails leaves the schema as it was (one transaction):
# a table in the way of migration 005 on PostgreSQL.
psql -q -d postgres -c "CREATE DATABASE ${db}_b"
pgb="postgresql://postgres@/${db}_b?host=$PGHOST"
{
    cat "$src/pg/001_registry.sql" "$src/pg/002_documents.sql" \
        "$src/pg/003_lean_lot_table.sql"
    echo "CREATE TABLE masseflyt_schema (one boolean PRIMARY KEY DEFAULT true
      CHECK (one), version integer NOT NULL);
      INSERT INTO masseflyt_schema (version) VALUES (3);
      CREATE VIEW account AS SELECT 1 AS x;"
} | psql -q -v ON_ERROR_STOP=1 -d "${db}_b" >/dev/null
if "$MF" --db "$pgb" migrate >bad.out 2>bad.err; then
    echo "a failing migration succeeded"; fail=1
fi
grep -q "migration .* failed" bad.err || { cat bad.err; fail=1; }
v=$(psql -qtA -d "${db}_b" -c "SELECT version FROM masseflyt_schema")
[ "$v" = 3 ] || { echo "version after a failed migration: $v"; fail=1; }
n=$(psql -qtA -d "${db}_b" -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'project_org'")
[ "$n" = 0 ] || { echo "a failed migration left the indexes of 004 behind"; fail=1; }
exit $fail
