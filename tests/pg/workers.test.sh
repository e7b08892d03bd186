#!/bin/sh
# workers.test.sh - tests/server/workers.test.sh (serve --workers 2: a
# logout, a disable and a lot's write on one worker hold on the other at
# once; a killed worker is replaced) on PostgreSQL, on a new database of
# the throwaway cluster (tests/pg-cluster.sh).
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
db=mfworkers_$$
psql -q -d postgres -c "CREATE DATABASE $db"
rc=0
MF_TEST_DB="postgresql://postgres@/$db?host=$PGHOST" \
    sh "$MF_SOURCE_DIR/tests/server/workers.test.sh" || rc=1
psql -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
exit $rc
