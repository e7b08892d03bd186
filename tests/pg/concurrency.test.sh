#!/bin/sh
# concurrency.test.sh - writers at once on PostgreSQL through
# `masseflyt serve --workers 2`: 8 editors of 8 organisations each create
# lots of their own at the same time (every write is stored and audited
# once), and 2 editors replace the same lot with the same If-Match at the
# same time, round after round: exactly one wins each round, the other
# gets 412, the stored lot is the winner's (no lost update) and the audit
# log has one record per write that succeeded. No request may fail with a
# 5xx (a deadlock or a serialisation failure left unhandled).
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
pgdb=mfconc_$$
psql -q -d postgres -c "CREATE DATABASE $pgdb"
MF_TEST_DB="postgresql://postgres@/$pgdb?host=$PGHOST"
export MF_TEST_DB
drop_db() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" || true; }
. "$MF_SOURCE_DIR/tests/server/lib.sh"
trap 'cleanup; drop_db' EXIT INT TERM
sql() { psql -X -A -t -q -d "$pgdb" -c "$1"; }

ORGS="svv banenor statsbygg oslo baerum drammen_havn moss_havn franzefoss"
make_db
{
    echo "id,name,org,municipality,kind,start,end,source,note"
    for o in $ORGS; do
        echo "pc-$o,Concurrency ($o),$o,0301,building,2025-01-01,2027-12-31,estimate: test fixture,"
    done
} >"$T/projects.csv"
"$MF" --db "$DB" import "$T/projects.csv" >/dev/null 2>&1
for o in $ORGS; do
    echo "$PW" | "$MF" --db "$DB" user add --email "w-$o@example.no" \
        --name "w-$o" --role editor --org "$o" >/dev/null
done
start_server --static none --workers 2 --threads 4 --no-access-log
for o in $ORGS; do login "w-$o"; done
login editA
login vicA

# 8 writers at once, 10 lots each.
writer() { # writer ORG
    o=$1
    i=0
    while [ $i -lt 10 ]; do
        body=$(printf '{"id":"c-%s-%d","kind":"supply","project":"pc-%s","material":"leire","quantity":%d,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":true,"x":10.7,"y":59.9,"epsg":4326,"source":"estimate: test"}' "$o" $i "$o" $((100 + i)))
        curl -s -o /dev/null -w '%{http_code}\n' -X POST \
            -b "$T/jar.w-$o" -H "X-CSRF-Token: $(cat "$T/csrf.w-$o")" \
            -H 'Content-Type: application/json' --data-binary "$body" \
            "$BASE/api/v1/lots" >>"$T/status.$o"
        i=$((i + 1))
    done
}
pids=""
for o in $ORGS; do
    : >"$T/status.$o"
    writer "$o" &
    pids="$pids $!"
done
wait $pids # not the server's
all=$(cat $(for o in $ORGS; do echo "$T/status.$o"; done) | sort | uniq -c | awk '{ printf "%s%sx%s", sep, $1, $2; sep = " " }')
check "8 writers: every create answered 201" 80x201 "$all"
check "8 writers: 80 lots stored" 80 "$(sql "SELECT count(*) FROM lot WHERE id LIKE 'c-%'")"
check "8 writers: 10 per organisation" "8 10" \
    "$(sql "SELECT count(DISTINCT project), min(n) FROM (SELECT project, count(*) AS n FROM lot WHERE id LIKE 'c-%' GROUP BY project) x" | tr '|' ' ')"
check "8 writers: one audit record each" 80 \
    "$(sql "SELECT count(*) FROM audit WHERE action = 'lot.create' AND target LIKE 'lot/c-%'")"

# Two editors of svv (editA, vicA) replace svv-open with the same ETag.
put() { # put ROLE QUANTITY ETAG OUTFILE
    body=$(printf '{"id":"svv-open","kind":"supply","project":"p-svv","material":"sprengstein","quantity":%d,"unit":"t","from":"2025-01-01","to":"2025-12-31","public":true,"x":10.60,"y":59.90,"epsg":4326,"source":"estimate: test fixture"}' "$2")
    curl -s -o /dev/null -w '%{http_code}' -X PUT -b "$T/jar.$1" \
        -H "X-CSRF-Token: $(cat "$T/csrf.$1")" -H "If-Match: $3" \
        -H 'Content-Type: application/json' --data-binary "$body" \
        "$BASE/api/v1/lots/svv-open" >"$4"
}
round=1 wins=0
audit0=$(sql "SELECT count(*) FROM audit WHERE action = 'lot.replace' AND target = 'lot/svv-open'")
while [ $round -le 10 ]; do
    req editA GET /api/v1/lots/svv-open
    tag=$(header ETag)
    put editA $((1000 + round)) "$tag" "$T/a" &
    pa=$!
    put vicA $((2000 + round)) "$tag" "$T/b" &
    wait $pa $!
    a=$(cat "$T/a") b=$(cat "$T/b")
    case "$a $b" in
    "200 412") want=$((1000 + round)) ;;
    "412 200") want=$((2000 + round)) ;;
    *) fail "round $round: expected one 200 and one 412, got $a and $b"; want="" ;;
    esac
    if [ -n "$want" ]; then
        wins=$((wins + 1))
        check "round $round: the winner's quantity is stored" "$want" \
            "$(sql "SELECT CAST(quantity AS INT) FROM lot WHERE id = 'svv-open'")"
        req public GET /api/v1/lots/svv-open
        check "round $round: and read back" "$want" "$(jbody .properties.tonnes)"
    fi
    round=$((round + 1))
done
check "If-Match: one audit record per won round" "$wins" \
    "$(($(sql "SELECT count(*) FROM audit WHERE action = 'lot.replace' AND target = 'lot/svv-open'") - audit0))"
grep -qi 'deadlock\|could not serialize' "$T/err.log" && fail "a deadlock or serialisation failure was logged"
stop_server
finish pg.concurrency
