#!/bin/sh
# plans.test.sh - the stored plans (GET /api/v1/plans): newest first, a
# page at a time, each with when it was stored, who asked for it (null
# from the command line), its scope, horizon, objective and headline
# indicators; the list as the store gives it equals the plans the server
# reads one by one (GET /api/v1/plans/{name}/flows).
. "$(dirname "$0")/lib.sh"

make_db
"$MF" --db "$DB" plan --name whole >/dev/null 2>&1
sleep 1 # the stored time is to the second: the next one is newer
"$MF" --db "$DB" plan --name drammen --municipality 3301 >/dev/null 2>&1
sleep 1
start_server --static none
login authority
login admin

req authority GET /api/v1/plans
check "list: status" 200 "$STATUS"
check "list: total" 2 "$(jbody .total)"
check "list: newest first" "drammen whole" "$(jbody '[.plans[].name] | join(" ")')"
check "list: the default page" "20 0" "$(jbody '"\(.limit) \(.offset)"')"
check "list: from the command line, by no one" "null null" \
    "$(jbody '[.plans[].by] | map(tostring) | join(" ")')"
check "list: the whole region has no scope" null "$(jbody '.plans[1].scope')"
check "list: a scope in both languages" "kommune 3301|municipality 3301" \
    "$(jbody '.plans[0].scope | "\(.nb)|\(.en)"')"
check "list: created is a UTC time" true \
    "$(jbody '.plans[0].created | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}")')"
check "list: horizon and period" "string string string" \
    "$(jbody '.plans[1] | [.from, .to, .period] | map(type) | join(" ")')"
check "list: the objective" number "$(jbody '.plans[1].objective_ore | type')"
check "list: no flows in the list" null "$(jbody '.plans[1].flows')"
# The headline indicators are the plan's own, as its map view gives them.
jq -c '.plans[1].indicators' "$T/body" >"$T/list.ind"
req authority GET /api/v1/plans/whole/flows
check "the plan's indicators equal the list's" "$(cat "$T/list.ind")" \
    "$(jq -c '{plan: .indicators.plan, practice: .indicators.practice}' "$T/body")"

# A plan run through the server is stored with who asked for it.
req authority POST /api/v1/plans '{"name":"web"}'
check "run: queued" 202 "$STATUS"
JOB=$(jbody .id)
i=0
while :; do
    req authority GET "/api/v1/jobs/$JOB"
    case "$(jbody .state)" in queued | running) ;; *) break ;; esac
    i=$((i + 1))
    [ $i -lt 600 ] || break
    sleep 0.1
done
check "run: succeeded" succeeded "$(jbody .state)"
req admin GET /api/v1/plans
check "list after a run: total" 3 "$(jbody .total)"
check "list after a run: the new one first, by its runner" "web authority@example.no" \
    "$(jbody '.plans[0] | "\(.name) \(.by)"')"

# Pages: one at a time, in the same order.
for o in 0 1 2; do
    req authority GET "/api/v1/plans?limit=1&offset=$o"
    check "page $o: one plan" 1 "$(jbody '.plans | length')"
    check "page $o: total" 3 "$(jbody .total)"
    printf '%s ' "$(jbody '.plans[0].name')" >>"$T/pages"
done
check "the pages, in order" "web drammen whole " "$(cat "$T/pages")"
req authority GET "/api/v1/plans?offset=3"
check "past the end: none" "0 3" "$(jbody '"\(.plans | length) \(.total)"')"
req authority GET "/api/v1/plans?limit=101"
check_problem "limit above 100" 400
check "limit above 100: where" limit "$(jbody .where)"
req authority GET "/api/v1/plans?offset=-1"
check_problem "negative offset" 400

stop_server
finish plans
