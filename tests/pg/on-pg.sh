#!/bin/sh
# on-pg.sh NAME... - the server tests tests/server/NAME.test.sh once more
# with the registry, the accounts, sessions, tokens, throttling, jobs and
# audit log in PostgreSQL: each on a new database of the throwaway cluster
# (tests/pg-cluster.sh), dropped after. The few checks there that look
# into an SQLite file directly do not apply. tests/CMakeLists.txt names
# the groups (pg.server, pg.workers, pg.fresh).
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
[ $# -gt 0 ] || { echo "usage: on-pg.sh NAME..." >&2; exit 2; }
fail=0
for t in "$@"; do
    db=mfsrv_${t}_$$
    psql -q -d postgres -c "CREATE DATABASE $db"
    MF_TEST_DB="postgresql://postgres@/$db?host=$PGHOST" \
        sh "$MF_SOURCE_DIR/tests/server/$t.test.sh" ||
        { echo "$t.test.sh failed on PostgreSQL"; fail=1; }
    psql -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
done
exit $fail
