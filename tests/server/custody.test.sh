#!/bin/sh
# custody.test.sh - the chain of custody's routes (/api/v1/custody):
# issue, read (the code only for who issued it), confirm by id and
# verification code (read leniently; a wrong one is 404 and writes
# nothing), correct (a new record; the old one stays, and both are
# listed), the list's filters and pages, the balance and the checks
# against the CLI's, a weighbridge upload that is all or nothing (a
# refused file writes no row), every write in the audit log, and the
# error shapes (415, unknown field, missing reason, bad time).
. "$(dirname "$0")/lib.sh"

make_db
"$MF" --db "$DB" import "$MF_SOURCE_DIR/tests/server/data/sites-custody.csv" >/dev/null
start_server --static none
login admin
login editA
login editB
login authority

# The test's database asked directly: SQLite, or PostgreSQL when
# tests/pg/on-pg.sh runs this test there (pg.server).
sql() {
    case $DB in
    postgres*) psql -qAt "$DB" -c "$1" ;;
    *) sqlite3 "$DB" "$1" ;;
    esac
}
count() {
    sql "SELECT count(*) FROM $1"
}
last_audit() {
    sql "SELECT action||' '||target||' '||actor_email FROM audit ORDER BY id DESC LIMIT 1"
}

T1='{"id":"T-1","lot":"svv-open","origin":"s-svv","destination":"s-mottak","haulier":"974 760 673","vehicle":"ek 12-345","quantity":20,"departed":"2025-03-03 08:00"}'

# Issue: the answer has the code; the record is stored and audited.
req editA POST /api/v1/custody/tickets "$T1"
check "issue" 201 "$STATUS"
check "issue: Location" /api/v1/custody/tickets/T-1 "$(header Location)"
CODE=$(jbody .code)
case "$CODE" in ????-????) ;; *) fail "issue: code '$CODE'" ;; esac
check "issue: stored, vehicle compacted" "EK12345 974760673 1740985200" \
    "$(sql "SELECT vehicle||' '||haulier||' '||departed FROM ticket WHERE id='T-1'")"
check "issue: audited" "ticket.issue ticket/T-1 editA@example.no" "$(last_audit)"
check "issue: the audit keeps no code" "" \
    "$(case $DB in
        postgres*) sql "SELECT after::json->>'code' FROM audit ORDER BY id DESC LIMIT 1" ;;
        *) sql "SELECT json_extract(after, '\$.code') FROM audit ORDER BY id DESC LIMIT 1" ;;
        esac)"

# The same id again: refused, nothing added.
req editA POST /api/v1/custody/tickets "$T1"
check_problem "issue twice" 409
check "issue twice: one ticket" 1 "$(count ticket)"

# Broken bodies: each names its field.
req editA POST /api/v1/custody/tickets '{"lot":"svv-open","origin":"s-svv","destination":"s-mottak","haulier":"974 760 673","vehicle":"EK1","quantity":20,"colour":"red"}'
check_problem "unknown field" 400
check "unknown field: where" colour "$(jbody .where)"
req editA POST /api/v1/custody/tickets '{"lot":"svv-open","origin":"s-svv","destination":"s-mottak","haulier":"974 760 674","vehicle":"EK1","quantity":20}'
check_problem "bad organisation number" 400
case "$(jbody .where)" in *haulier) ;; *) fail "bad organisation number: where '$(jbody .where)'" ;; esac
req editA POST /api/v1/custody/tickets '{"lot":"svv-open","origin":"s-svv","destination":"s-mottak","haulier":"974760673","vehicle":"EK1","quantity":20,"departed":"i går"}'
check_problem "bad time" 400
check "bad time: where" departed "$(jbody .where)"
req editA POST /api/v1/custody/tickets '{"lot":"svv-open","origin":"s-svv","destination":"nowhere","haulier":"974760673","vehicle":"EK1","quantity":20}'
check_problem "unknown destination" 400
req editA POST /api/v1/custody/tickets "$T1" -H 'Content-Type: text/plain'
check_problem "not JSON" 415
check "nothing more stored" 1 "$(count ticket)"

# Reading: the issuer sees the code, the receiver's authority does not.
req editA GET /api/v1/custody/tickets/T-1
check "get (issuer)" 200 "$STATUS"
check "get: code for the issuer" "$CODE" "$(jbody .code)"
check "get: in transit" in_transit "$(jbody .status)"
req authority GET /api/v1/custody/tickets/T-1
check "get (authority)" 200 "$STATUS"
check "get: no code for the authority" null "$(jbody .code)"
req editB GET /api/v1/custody/tickets/T-1
check_problem "get (other organisation)" 404
req editA GET /api/v1/custody/tickets/none
check_problem "get (no such ticket)" 404

# Confirm: a wrong code is 404 and writes nothing; the right one, in
# lower case with a space, is taken.
req editA POST /api/v1/custody/receipts '{"ticket":"T-1","code":"0000-0000","accepted":true}'
check_problem "wrong code" 404
req editA POST /api/v1/custody/receipts "{\"ticket\":\"$CODE\",\"code\":\"$CODE\",\"accepted\":true}"
check_problem "the code is not an id" 404
req editA POST /api/v1/custody/receipts '{"ticket":"T-1","code":"x","accepted":false}'
check_problem "rejected without a reason" 400
check "rejected without a reason: where" reason "$(jbody .where)"
check "no receipt yet" 0 "$(count receipt)"
lower=$(echo "$CODE" | tr 'A-Z-' 'a-z ')
req editA POST /api/v1/custody/receipts "{\"ticket\":\"T-1\",\"code\":\"$lower\",\"arrived\":\"2025-03-03T09:00:00Z\",\"weighed_t\":19.5,\"accepted\":true}"
check "confirm" 201 "$STATUS"
check "confirm: id" T-1/R "$(jbody .id)"
check "confirm: audited" "receipt.confirm receipt/T-1/R editA@example.no" "$(last_audit)"
req editA POST /api/v1/custody/receipts "{\"ticket\":\"T-1\",\"code\":\"$CODE\",\"accepted\":true}"
check_problem "confirm twice" 409
req editA GET /api/v1/custody/tickets/T-1
check "received" "received 19.5" "$(jbody '.status + " " + (.receipt.weighed_t|tostring)')"

# Correct: a new record that references the old; both listed.
req editA POST /api/v1/custody/corrections '{"ticket":"T-1","reason":"feil mengde","quantity":21}'
check "correct" 201 "$STATUS"
check "correct: new id" "T-1-c1 T-1" "$(jbody '.id + " " + .corrects')"
check "correct: audited" "ticket.correct ticket/T-1-c1 editA@example.no" "$(last_audit)"
req editA POST /api/v1/custody/corrections '{"ticket":"T-1"}'
check_problem "correction without a reason" 400
check "two ticket records" 2 "$(count ticket)"
check "the old record unchanged" 200 "$(sql "SELECT CAST(quantity * 10 AS INTEGER) FROM ticket WHERE id='T-1'")"
req editA GET '/api/v1/custody/tickets?lot=svv-open'
check "list" 200 "$STATUS"
check "list: both records" "T-1:corrected:T-1-c1 T-1-c1:received:null" \
    "$(jq -r '[.tickets[] | "\(.id):\(.status):\(.corrected_by)"] | join(" ")' "$T/body")"

# More tickets, for the filters and pages: two of banenor's.
for i in 2 3; do
    req editB POST /api/v1/custody/tickets "{\"id\":\"B-$i\",\"lot\":\"bn-open\",\"origin\":\"s-bn\",\"destination\":\"s-bnmottak\",\"haulier\":\"974760673\",\"vehicle\":\"EK12345\",\"quantity\":15,\"departed\":\"2025-03-0${i}T12:00:00Z\"}"
    check "banenor issues B-$i" 201 "$STATUS"
done
req authority GET '/api/v1/custody/tickets?limit=2&offset=1'
check "page" "4 2 T-1-c1,B-2" "$(jq -r '"\(.total) \(.tickets | length) \([.tickets[].id] | join(","))"' "$T/body")"
req authority GET '/api/v1/custody/tickets?after=T-1-c1&limit=1'
check "page after a key" "2 B-2" "$(jq -r '"\(.total) \([.tickets[].id] | join(","))"' "$T/body")"
req authority GET '/api/v1/custody/tickets?after=B-2&status=in_transit'
check "page after a key, by status" "1 B-3" "$(jq -r '"\(.total) \([.tickets[].id] | join(","))"' "$T/body")"
req authority GET '/api/v1/custody/tickets?after=no-such-ticket'
check "page after an unknown key" "0 0" "$(jq -r '"\(.total) \(.tickets | length)"' "$T/body")"
req editB GET '/api/v1/custody/tickets/T-1'
check "another organisation's ticket is not found" 404 "$STATUS"
req editA GET '/api/v1/custody/tickets/T-1'
check "read one: chain and code" "corrected T-1-c1 $CODE" "$(jq -r '"\(.status) \(.corrected_by) \(.code)"' "$T/body")"
req authority GET '/api/v1/custody/tickets/T-1'
check "read one: no code for an authority" "null" "$(jbody .code)"
req authority GET '/api/v1/custody/tickets?status=in_transit'
check "status filter" "B-2,B-3" "$(jq -r '[.tickets[].id] | join(",")' "$T/body")"
req authority GET '/api/v1/custody/tickets?site=s-mottak'
check "site filter" "T-1,T-1-c1" "$(jq -r '[.tickets[].id] | join(",")' "$T/body")"
req editA GET '/api/v1/custody/tickets'
check "an editor sees its own organisation's" "2 T-1,T-1-c1" "$(jq -r '"\(.total) \([.tickets[].id] | join(","))"' "$T/body")"
req authority GET '/api/v1/custody/tickets?status=lost'
check_problem "bad status" 400
req authority GET '/api/v1/custody/tickets?limit=0'
check_problem "bad limit" 400

# The balance and the checks, as the CLI counts them.
req authority GET '/api/v1/custody/balance?by=lot&as_of=2025-03-10T00:00:00Z'
check "balance" 200 "$STATUS"
check "balance: lots" "bn-open 30 0 30, svv-open 21 19.5 0" \
    "$(jq -r '[.rows[] | "\(.key) \(.dispatched_t) \(.received_t) \(.transit_t)"] | join(", ")' "$T/body")"
check "balance: total dispatched" 51 "$(jbody .total.dispatched_t)"
req authority GET '/api/v1/custody/balance?by=site&per_period=1'
check "balance per period: a line for March" true \
    "$(jq '[.rows[] | select(.key == "s-svv" and .period == "2025-03")] | length == 1' "$T/body")"
req authority GET '/api/v1/custody/balance?by=galaxy'
check_problem "balance: bad by" 400
req authority GET '/api/v1/custody/check?as_of=2025-03-10T00:00:00Z'
check "check" 200 "$STATUS"
api=$(jq -r '[.findings[] | "\(.check) \(.kind) \(.id)"] | sort | join("|")' "$T/body")
cli=$("$MF" --db "$DB" custody check --as-of 2025-03-10T00:00:00Z 2>/dev/null | sed -n 's/^  \([a-z_]*\) \([a-z]*\) \([^:]*\):.*/\1 \2 \3/p' | sort | paste -sd'|' -)
check "check: the CLI's findings" "$cli" "$api"
[ -n "$api" ] || fail "check: no findings to compare (an unreceived or weight finding was expected)"
req authority GET '/api/v1/custody/check?check=unreceived&as_of=2025-03-10T00:00:00Z'
check "check: one check" "unreceived" "$(jq -r '[.findings[].check] | unique | join(",")' "$T/body")"
req authority GET '/api/v1/custody/check?check=nothing'
check_problem "check: unknown check" 400

# An upload: all or nothing, problems per line.
printf 'ticket;departed;lot;origin;destination;haulier;vehicle;material;quantity;unit;arrived;weighed_t\nW-1;03.03.2025 07:00;svv-open;s-svv;s-mottak;974 760 673;EK 12345;sprengstein;20;t;03.03.2025 09:00;19,9\nW-2;03.03.2025 07:00;svv-open;s-svv;s-mottak;974 760 674;EK 12345;sprengstein;20;t;;\nW-3;03.03.2025 07:00;nope;s-svv;s-mottak;974 760 673;EK 12345;sprengstein;20;t;;\n' >"$T/w.csv"
before=$(count ticket)
req editA POST /api/v1/custody/imports "" -H 'Content-Type: text/csv' --data-binary "@$T/w.csv"
check_problem "upload with problems" 400
check "upload: problems by line and field" "3 haulier,4 lot" \
    "$(jq -r '[.errors[] | "\(.line) \(.field)"] | join(",")' "$T/body")"
check "upload: nothing written" "$before" "$(count ticket)"
sed -i '/^W-[23];/d' "$T/w.csv"
req editA POST '/api/v1/custody/imports?dry_run=1' "" -H 'Content-Type: text/csv' --data-binary "@$T/w.csv"
check "upload: dry run" "200 false 1" "$STATUS $(jbody .written) $(jbody .tickets)"
check "upload: dry run writes nothing" "$before" "$(count ticket)"
req editB POST /api/v1/custody/imports "" -H 'Content-Type: text/csv' --data-binary "@$T/w.csv"
check_problem "upload of another organisation's loads" 403
check "upload refused: nothing written" "$before" "$(count ticket)"
req editA POST /api/v1/custody/imports "" -H 'Content-Type: text/csv' --data-binary "@$T/w.csv"
check "upload" "201 true 1 1" "$STATUS $(jbody .written) $(jbody .tickets) $(jbody .receipts)"
check "upload: audited" "custody.import import/upload.csv editA@example.no" "$(last_audit)"
check "upload: stored" "$((before + 1))" "$(count ticket)"
req editA POST /api/v1/custody/imports "" -H 'Content-Type: application/json' --data-binary "@$T/w.csv"
check_problem "upload: not CSV" 415

finish custody
