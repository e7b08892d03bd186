#!/bin/sh
# backup-restore.test.sh - the PostgreSQL backup docs/DEPLOYMENT.md gives,
# done: pg_dump -Fc of a registry with the demo and an account, the
# database dropped, created again and pg_restore'd; every kind exported,
# the account list and the plan are then what they were before, and
# check-db --full finds nothing wrong. Run by ctest inside
# tests/pg-cluster.sh.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MASSEFLYT_DATA:?}"
tmp=$(mktemp -d)
db=mfbak_$$
trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp"
psql -q -d postgres -c "CREATE DATABASE $db"
pg="postgresql://postgres@/$db?host=$PGHOST"
fail=0

"$MF" -q --db "$pg" init >/dev/null
"$MF" -q --db "$pg" import "$MASSEFLYT_DATA"/demo/*.csv >/dev/null 2>&1
echo 'a long enough password' | "$MF" -q --db "$pg" user add \
    --email a@example.no --name A --role administrator >/dev/null

# state TAG: what a user sees of the registry, into files TAG.*
state() {
    for k in orgs projects sites lots; do
        "$MF" --db "$pg" export "$k" -o "$1.$k.csv"
    done
    "$MF" --db "$pg" user list >"$1.users"
    # The first line of a plan says how long it took.
    "$MF" --db "$pg" plan 2>/dev/null | tail -n +2 >"$1.plan"
}
state before
[ "$(wc -l <before.lots.csv)" -gt 1 ] || { echo "no lots"; fail=1; }
[ -s before.plan ] || { echo "no plan"; fail=1; }

# The backup, and the database gone.
pg_dump -Fc -d "$db" -f registry.dump
psql -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
if "$MF" --db "$pg" list lots >/dev/null 2>&1; then
    echo "the registry is still there after DROP DATABASE"; fail=1
fi

# The restore.
psql -q -d postgres -c "CREATE DATABASE $db"
pg_restore --exit-on-error -d "$db" registry.dump
"$MF" --db "$pg" check-db --full >/dev/null || fail=1
state after
for f in before.*; do
    cmp "$f" "after.${f#before.}" || fail=1
done
exit $fail
