#!/bin/sh
# fresh.test.sh - tests/server/fresh.test.sh (serve --workers 2 --fresh
# shared: a write through one worker is read back from the other at once,
# with no periodic look at the change counter; a command-line write within
# --fresh-ms) on PostgreSQL, on a new database of the throwaway cluster
# (tests/pg-cluster.sh).
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
db=mffresh_$$
psql -q -d postgres -c "CREATE DATABASE $db"
rc=0
MF_TEST_DB="postgresql://postgres@/$db?host=$PGHOST" \
    sh "$MF_SOURCE_DIR/tests/server/fresh.test.sh" || rc=1
psql -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
exit $rc
