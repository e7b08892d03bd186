#!/bin/sh
# server.test.sh - the server's API and registry tests (tests/server/
# api.test.sh, geo.test.sh, plans.test.sh, custody.test.sh) once more with the registry, the accounts,
# sessions, tokens, throttling and audit log in PostgreSQL: each on a new
# database of the throwaway cluster (tests/pg-cluster.sh). The few checks
# there that look into an SQLite file directly do not apply.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
fail=0
for t in api geo plans custody; do
    db=mfsrv_${t}_$$
    psql -q -d postgres -c "CREATE DATABASE $db"
    MF_TEST_DB="postgresql://postgres@/$db?host=$PGHOST" \
        sh "$MF_SOURCE_DIR/tests/server/$t.test.sh" || { echo "$t.test.sh failed on PostgreSQL"; fail=1; }
    psql -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
done
exit $fail
