#!/bin/sh
# dsn-mask.test.sh - a password in a PostgreSQL DSN is never printed:
# `init` and `check-db` show postgresql://user:***@host/db, and an error
# that names the database (no such database, a refused connection) masks
# it too, in the URL form and as a password= parameter.
# Run by ctest inside tests/pg-cluster.sh (the cluster trusts every local
# user, so the password is accepted and not checked).
set -eu
: "${MF:?}" "${PGHOST:?}" "${MASSEFLYT_DATA:?}"
tmp=$(mktemp -d)
db=mfmask_$$
trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp"
psql -q -d postgres -c "CREATE DATABASE $db"
secret=Hemmelig-s3cret
pg="postgresql://postgres:$secret@/$db?host=$PGHOST"
fail=0

# check OUT WANT: OUT holds WANT and not the password.
check() {
    if grep -q "$secret" "$1"; then
        echo "the password is printed in $1:"; cat "$1"; fail=1
    fi
    grep -qF "$2" "$1" || { echo "$1 lacks '$2':"; cat "$1"; fail=1; }
}

"$MF" --db "$pg" init >init.out 2>&1
check init.out "postgresql://postgres:***@/$db?host=$PGHOST"
"$MF" --db "$pg" check-db >check.out 2>&1
check check.out "postgresql://postgres:***@/$db"
MASSEFLYT_DB=$pg "$MF" check-db --full >env.out 2>&1
check env.out "postgresql://postgres:***@/$db"

# Errors: a database that does not exist, a host that does not answer.
if "$MF" --db "postgresql://postgres:$secret@/nosuch_$$?host=$PGHOST" \
    list lots >nodb.out 2>&1; then
    echo "a missing database was opened"; fail=1
fi
check nodb.out "postgres:***@/nosuch_$$"
if "$MF" --db "postgresql://postgres:$secret@/$db?host=$tmp/none" \
    check-db >nohost.out 2>&1; then
    echo "a missing server answered"; fail=1
fi
check nohost.out "postgres:***@/$db"
if "$MF" --db "postgresql:///$db?host=$tmp/none&password=$secret&user=postgres" \
    check-db >param.out 2>&1; then
    echo "a missing server answered"; fail=1
fi
check param.out "password=***&user=postgres"
# copy's errors name the target without its password too.
if "$MF" copy --from "$pg" \
    --to "postgresql://postgres:$secret@/$db?host=$tmp/none" >copy.out 2>&1; then
    echo "a copy to a missing server succeeded"; fail=1
fi
check copy.out "postgres:***@/$db"
exit $fail
