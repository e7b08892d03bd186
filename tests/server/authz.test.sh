#!/bin/sh
# authz.test.sh - the authorisation matrix: every role x every endpoint x
# own/other record, with the expected status of each cell in the one
# table below. "own" is the caller's own account or token; "other" is an
# account of the other organisation (editor vicB of banenor, or vicA of
# svv for the banenor editor; the delete row uses vicA) or another
# account's token. The public
# viewer has no login.
#
# The write rows (lot.create, lot.put, ...; project.put, site.*) act on
# a record of the caller's organisation ("own") or the other's; each cell
# first has the administrator create a fresh record (or read the
# project) for its ETag, then sends the caller's write with If-Match.
# "closed" is a lot that is not public: another organisation's editor
# gets 404, as for a read; lot.create.closed.* POSTs a new lot (of the
# caller's own project) with the id of such a lot: 409 when the caller
# may see the lot, else 404 as for a read, and nothing is written.
#
# options.* asks "who could take my masses?" of a lot (404 when the
# caller may not see it, as for a read); plan.flows reads the map view of
# a plan the CLI stored before the server started; plans.* lists the
# stored plans (.bad with a limit out of range: 400 once allowed).
#
# The registry rows: a lot is "own" when its project belongs to the
# caller's organisation (svv for editA, banenor for editB; svv for the
# roles without one) and "other" when it belongs to the other; "open" is
# public, "closed" is not. A lot.* row reads the lot (404 when the caller
# may not see it); a listed.* row asks GET /api/v1/lots and counts 200
# when the lot is in the list, 404 when it is not.
. "$(dirname "$0")/lib.sh"

ROLES="admin editA editB authority public"
MATRIX='
# endpoint             admin editA editB authority public
health                   200   200   200   200       200
openapi                  200   200   200   200       200
me                       200   200   200   200       401
login.wrong              401   401   401   401       401
users.list               200   403   403   403       401
users.create             201   403   403   403       401
user.get.own             200   403   403   403       401
user.get.other           200   403   403   403       401
user.patch.own           200   403   403   403       401
user.patch.other         200   403   403   403       401
user.delete.other        204   403   403   403       401
tokens.create            201   201   201   201       401
tokens.list              200   200   200   200       401
token.delete.own         204   204   204   204       401
token.delete.other       404   404   404   404       401
audit                    200   403   403   200       401
sites.list               200   200   200   200       200
site.get                 200   200   200   200       200
lots.list                200   200   200   200       200
lot.open.own             200   200   200   200       200
lot.open.other           200   200   200   200       200
lot.closed.own           200   200   200   200       404
lot.closed.other         200   404   404   200       404
listed.open.other        200   200   200   200       200
listed.closed.own        200   200   200   200       404
listed.closed.other      200   404   404   200       404
lots.bbox.closed.other   200   404   404   200       404
balance                  200   403   403   200       401
plan.missing             404   403   403   404       401
project.get              200   200   200   200       200
project.put.own          200   200   200   403       401
project.put.other        200   403   403   403       401
lot.create.own           201   201   201   403       401
lot.create.other         201   403   403   403       401
lot.put.own              200   200   200   403       401
lot.put.other            200   403   403   403       401
lot.put.closed.other     200   404   404   403       401
lot.delete.own           204   204   204   403       401
lot.delete.other         204   403   403   403       401
site.create.own          201   201   201   403       401
site.delete.other        204   403   403   403       401
import.own               201   201   201   403       401
import.other             201   403   403   403       401
plan.run                 202   403   403   202       401
job.get.own              200   404   404   200       401
job.get.other            200   404   404   404       401
# GET /api/v1/jobs: these cells answer 404 when the job is not in the
# list the caller gets, as job.get.* would; all=true: administrators only.
jobs.list.own            200   404   404   200       401
jobs.list.other          404   404   404   404       401
jobs.list.all            200   403   403   403       401
scenarios.list           200   403   403   200       401
scenarios.run            202   403   403   202       401
report.run               202   403   403   202       401
job.result.own           200   404   404   200       401
job.result.other         200   404   404   404       401
options.open.other       200   200   200   200       401
options.closed.own       200   200   200   200       401
options.closed.other     200   404   404   200       401
options.missing          404   404   404   404       401
plan.flows               200   403   403   200       401
plan.flows.missing       404   403   403   404       401
plans.list               200   403   403   200       401
plans.list.page          200   403   403   200       401
plans.list.bad           400   403   403   400       401
lot.create.closed.own    409   409   409   403       401
lot.create.closed.other  409   404   404   403       401
custody.issue.own        201   201   201   403       401
custody.issue.other      201   403   403   403       401
custody.issue.closed.other 201 404   404   403       401
custody.list             200   200   200   200       401
custody.listed.own       200   200   200   200       401
custody.listed.other     200   404   404   200       401
custody.ticket.own       200   200   200   200       401
custody.ticket.other     200   404   404   200       401
custody.code.own         200   200   200   404       401
custody.code.dest        200   404   404   404       401
custody.receipt.own      201   201   201   403       401
custody.receipt.other    201   403   403   403       401
custody.receipt.badcode  404   404   404   403       401
custody.correct.own      201   201   201   403       401
custody.correct.other    201   403   403   403       401
custody.balance          200   403   403   200       401
custody.check            200   403   403   200       401
custody.import.own       201   201   201   403       401
custody.import.other     201   403   403   403       401
custody.import.dest      201   201   201   403       401
session.delete           204   204   204   204       401
'

make_db
# The chain of custody's sites: a project site of each organisation (where
# its loads leave) and a receiving site of banenor (s-mottak is svv's).
"$MF" --db "$DB" import "$MF_SOURCE_DIR/tests/server/data/sites-custody.csv" >/dev/null
"$MF" --db "$DB" plan --name stored >/dev/null 2>&1
# The closed lots as stored, to show that no POST overwrote them.
closed_before=$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id LIKE '%-closed' ORDER BY id")
start_server --static none
for r in admin editA editB authority vicA vicB; do
    login "$r"
done
# A token of each role's own, and one of another account (vicB's).
for r in admin editA editB authority vicB; do
    req "$r" POST /api/v1/tokens '{"name":"matrix"}'
    check "token for $r" 201 "$STATUS"
    jbody .id >"$T/token.$r"
done

# The accounts' ids, read once (the cells below only delete vicA).
for r in admin editA editB authority vicA vicB; do
    eval "id_$r=\$(user_id $r)"
done
id_of() {
    eval "echo \"\$id_$1\""
}
other_of() {
    case "$1" in
    editB) id_of vicA ;;
    *) id_of vicB ;;
    esac
}
own_of() {
    case "$1" in
    public) id_of vicA ;;
    *) id_of "$1" ;;
    esac
}
own_org() {
    case "$1" in editB) echo bn ;; *) echo svv ;; esac
}
other_org() {
    case "$1" in editB) echo svv ;; *) echo bn ;; esac
}
# listed ROLE LOT [QUERY]: 200 when GET /api/v1/lots lists LOT, else 404.
listed() {
    LISTED=1
    req "$1" GET "/api/v1/lots?limit=100${3:-}"
    if [ "$STATUS" = 200 ]; then
        jset in_list "[.features[].id] | index(\"$2\") != null" \
            n_listed '.features | length' total '.total | tojson'
        if [ "$in_list" != true ]; then
            STATUS=404
        fi
        # The total never counts what the caller may not see.
        check "total = listed for $1" "$n_listed" "$total"
    fi
}
own_project() {
    case "$1" in editB) echo p-bn ;; *) echo p-svv ;; esac
}
other_project() {
    case "$1" in editB) echo p-svv ;; *) echo p-bn ;; esac
}
own_orgname() {
    case "$1" in editB) echo banenor ;; *) echo svv ;; esac
}
other_orgname() {
    case "$1" in editB) echo svv ;; *) echo banenor ;; esac
}
# lot_json ID PROJECT PUBLIC
lot_json() {
    printf '{"id":"%s","kind":"supply","project":"%s","material":"leire","quantity":100,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":%s,"x":10.6,"y":59.9,"epsg":4326,"source":"estimate: test"}' \
        "$1" "$2" "$3"
}
site_json() {
    printf '{"id":"%s","name":"Mottak","kind":"receiving","org":"%s","municipality":"3201","x":10.5,"y":59.9,"epsg":4326,"materials":["leire"],"capacity":100,"capacity_unit":"t","fee":10,"source":"estimate: test"}' \
        "$1" "$2"
}
# made KIND JSON: the administrator creates it; its ETag in $ETAG.
made() {
    req admin POST "/api/v1/$1" "$2"
    check "admin creates for the cell" 201 "$STATUS"
    ETAG=$(header ETag)
}
# The chain of custody: "own" is a ticket that leaves the caller's
# organisation's project site for its receiving site (svv: s-svv to
# s-mottak, banenor: s-bn to s-bnmottak; svv for the roles without an
# organisation), "other" the other organisation's. The administrator
# issues each cell's ticket first (its id and code in $TID and $TCODE).
own_site() {
    case "$1" in editB) echo s-bn ;; *) echo s-svv ;; esac
}
other_site() {
    case "$1" in editB) echo s-svv ;; *) echo s-bn ;; esac
}
own_recv() {
    case "$1" in editB) echo s-bnmottak ;; *) echo s-mottak ;; esac
}
other_recv() {
    case "$1" in editB) echo s-mottak ;; *) echo s-bnmottak ;; esac
}
# ticket_json ID LOT ORIGIN DESTINATION
ticket_json() {
    printf '{"id":"%s","lot":"%s","origin":"%s","destination":"%s","haulier":"974760673","vehicle":"EK12345","quantity":20,"departed":"2025-03-03T07:00:00Z"}' \
        "$1" "$2" "$3" "$4"
}
# issued ID own|other ROLE: the administrator issues the cell's ticket.
issued() {
    if [ "$2" = own ]; then
        set -- "$1" "$(own_org "$3")-open" "$(own_site "$3")" "$(own_recv "$3")"
    else
        set -- "$1" "$(other_org "$3")-open" "$(other_site "$3")" "$(other_recv "$3")"
    fi
    req admin POST /api/v1/custody/tickets "$(ticket_json "$@")"
    check "admin issues for the cell" 201 "$STATUS"
    jset TID .id TCODE .code
}
# receipt_json ID CODE
receipt_json() {
    printf '{"ticket":"%s","code":"%s","arrived":"2025-03-03T09:00:00Z","weighed_t":19.8,"accepted":true}' "$1" "$2"
}
# wb_csv ID ROLE own|other|dest: a one-row weighbridge export.
wb_csv() {
    case "$3" in
    own) o=$(own_site "$2") d=$(own_recv "$2") l="$(own_org "$2")-open" ;;
    # The other's load reaching the caller's receiving site (its
    # weighbridge records it).
    dest) o=$(other_site "$2") d=$(own_recv "$2") l="$(other_org "$2")-open" ;;
    *) o=$(other_site "$2") d=$(other_recv "$2") l="$(other_org "$2")-open" ;;
    esac
    case "$l" in svv-*) m=sprengstein ;; *) m=morene ;; esac
    printf 'ticket;departed;lot;origin;destination;haulier;vehicle;material;quantity;unit;arrived;weighed_t\n%s;03.03.2025 07:00;%s;%s;%s;974 760 673;EK 12345;%s;20;t;03.03.2025 09:00;19,9\n' \
        "$1" "$l" "$o" "$d" "$m"
}

# get ENDPOINT ROLE: the path of a cell that is one GET as ROLE (fails for
# the other cells).
get() {
    case "$1" in
    health) echo /api/v1/health ;;
    openapi) echo /api/v1/openapi.json ;;
    me) echo /api/v1/me ;;
    users.list) echo /api/v1/users ;;
    tokens.list) echo /api/v1/tokens ;;
    audit) echo /api/v1/audit ;;
    sites.list) echo /api/v1/sites ;;
    site.get) echo /api/v1/sites/s-mottak ;;
    lots.list) echo /api/v1/lots ;;
    balance) echo /api/v1/balance ;;
    plan.missing) echo /api/v1/plans/none ;;
    project.get) echo /api/v1/projects/p-svv ;;
    options.missing) echo /api/v1/lots/none/options ;;
    plan.flows) echo /api/v1/plans/stored/flows ;;
    plan.flows.missing) echo /api/v1/plans/none/flows ;;
    plans.list.page) echo '/api/v1/plans?limit=1&offset=0' ;;
    plans.list.bad) echo '/api/v1/plans?limit=0' ;;
    scenarios.list) echo /api/v1/scenarios ;;
    custody.list) echo /api/v1/custody/tickets ;;
    custody.balance) echo /api/v1/custody/balance ;;
    custody.check) echo /api/v1/custody/check ;;
    user.get.own) echo "/api/v1/users/$(own_of "$2")" ;;
    user.get.other) echo "/api/v1/users/$(other_of "$2")" ;;
    lot.open.own) echo "/api/v1/lots/$(own_org "$2")-open" ;;
    lot.open.other) echo "/api/v1/lots/$(other_org "$2")-open" ;;
    lot.closed.own) echo "/api/v1/lots/$(own_org "$2")-closed" ;;
    lot.closed.other) echo "/api/v1/lots/$(other_org "$2")-closed" ;;
    options.open.other) echo "/api/v1/lots/$(other_org "$2")-open/options" ;;
    options.closed.own) echo "/api/v1/lots/$(own_org "$2")-closed/options" ;;
    options.closed.other) echo "/api/v1/lots/$(other_org "$2")-closed/options" ;;
    *) return 1 ;;
    esac
}

n=0
# call ENDPOINT ROLE: one cell's request; sets $STATUS.
call() {
    n=$((n + 1))
    if path_of=$(get "$1" "$2"); then
        req "$2" GET "$path_of"
        return
    fi
    case "$1" in
    login.wrong)
        req public POST /api/v1/session \
            "{\"email\":\"$2@example.no\",\"password\":\"not the password\"}" ;;
    users.create)
        req "$2" POST /api/v1/users \
            "{\"email\":\"new$n@example.no\",\"name\":\"N\",\"role\":\"authority\",\"password\":\"$PW\"}" ;;
    user.patch.own | user.patch.other)
        if [ "$1" = user.patch.own ]; then id=$(own_of "$2"); else id=$(other_of "$2"); fi
        req admin GET "/api/v1/users/$id"
        etag=$(header ETag)
        req "$2" PATCH "/api/v1/users/$id" "{\"name\":\"endret $n\"}" \
            -H "If-Match: $etag" ;;
    # The admin deletes vicA; every other role tries vicB, an account
    # that still exists ("other" for each of them), so that a 403 is the
    # role's refusal and not a missing account's. vicB keeps its account
    # (and its token: checked at the end).
    user.delete.other)
        if [ "$2" = admin ]; then id=$id_vicA; else id=$id_vicB; fi
        req "$2" DELETE "/api/v1/users/$id" ;;
    tokens.create) req "$2" POST /api/v1/tokens '{"name":"cell"}' ;;
    token.delete.own)
        if [ "$2" = public ]; then id=$(cat "$T/token.admin"); else id=$(cat "$T/token.$2"); fi
        req "$2" DELETE "/api/v1/tokens/$id" ;;
    token.delete.other) req "$2" DELETE "/api/v1/tokens/$(cat "$T/token.vicB")" ;;
    listed.open.other) listed "$2" "$(other_org "$2")-open" ;;
    listed.closed.own) listed "$2" "$(own_org "$2")-closed" ;;
    listed.closed.other) listed "$2" "$(other_org "$2")-closed" ;;
    lots.bbox.closed.other)
        listed "$2" "$(other_org "$2")-closed" "&bbox=9,59,11,60.5" ;;
    project.put.own | project.put.other)
        if [ "$1" = project.put.own ]; then id=$(own_project "$2"); else id=$(other_project "$2"); fi
        req admin GET "/api/v1/projects/$id"
        etag=$(header ETag)
        req "$2" PUT "/api/v1/projects/$id" "$(jq -c ".name = \"endret $n\"" "$T/body")" \
            -H "If-Match: $etag" ;;
    lot.create.own) req "$2" POST /api/v1/lots "$(lot_json "m$n" "$(own_project "$2")" true)" ;;
    lot.create.other) req "$2" POST /api/v1/lots "$(lot_json "m$n" "$(other_project "$2")" true)" ;;
    lot.put.own | lot.put.other | lot.put.closed.other)
        case "$1" in
        lot.put.own) pr=$(own_project "$2") pub=true ;;
        lot.put.other) pr=$(other_project "$2") pub=true ;;
        *) pr=$(other_project "$2") pub=false ;;
        esac
        made lots "$(lot_json "m$n" "$pr" "$pub")"
        req "$2" PUT "/api/v1/lots/m$n" "$(lot_json "m$n" "$pr" "$pub" | jq -c '.quantity = 200')" \
            -H "If-Match: $ETAG" ;;
    lot.delete.own | lot.delete.other)
        if [ "$1" = lot.delete.own ]; then pr=$(own_project "$2"); else pr=$(other_project "$2"); fi
        made lots "$(lot_json "m$n" "$pr" true)"
        req "$2" DELETE "/api/v1/lots/m$n" "" -H "If-Match: $ETAG" ;;
    site.create.own) req "$2" POST /api/v1/sites "$(site_json "s$n" "$(own_orgname "$2")")" ;;
    site.delete.other)
        made sites "$(site_json "s$n" "$(other_orgname "$2")")"
        req "$2" DELETE "/api/v1/sites/s$n" "" -H "If-Match: $ETAG" ;;
    import.own | import.other)
        if [ "$1" = import.own ]; then pr=$(own_project "$2"); else pr=$(other_project "$2"); fi
        printf 'id,kind,project,material,quantity,unit,from,to,x,y,epsg,source\ni%s,supply,%s,leire,10,t,2025-01-01,2025-02-01,10.6,59.9,4326,estimate: test\n' \
            "$n" "$pr" >"$T/up.csv"
        req "$2" POST /api/v1/imports/lots "" -H 'Content-Type: text/csv' \
            --data-binary "@$T/up.csv" ;;
    plan.run) req "$2" POST /api/v1/plans "{\"name\":\"m$n\"}" ;;
    # A job is the caller's own when it started it; editors cannot start
    # one, so their "own" cell asks for the administrator's job. "other"
    # is the administrator's job (the authority's for the administrator).
    job.get.own)
        case "$2" in
        authority) req authority POST /api/v1/plans "{\"name\":\"m$n\"}" ;;
        *) req admin POST /api/v1/plans "{\"name\":\"m$n\"}" ;;
        esac
        req "$2" GET "/api/v1/jobs/$(jbody .id)" ;;
    jobs.list.own | jobs.list.other | jobs.list.all)
        starter=admin
        if [ "$1" = jobs.list.own ] && [ "$2" = authority ]; then starter=authority; fi
        if [ "$1" != jobs.list.own ] && [ "$2" = admin ]; then starter=authority; fi
        req "$starter" POST /api/v1/plans "{\"name\":\"m$n\"}"
        job=$(jbody .id)
        LISTED=1
        if [ "$1" = jobs.list.all ]; then
            req "$2" GET '/api/v1/jobs?all=true&limit=100'
        else
            req "$2" GET '/api/v1/jobs?limit=100'
        fi
        if [ "$STATUS" = 200 ] &&
            [ "$(jq --argjson id "$job" '[.jobs[].id] | index($id) != null' "$T/body")" != true ]; then
            STATUS=404
        fi ;;
    # The stored plans: every one, as one plan is read (the CLI's
    # "stored" among them when the caller may list).
    plans.list)
        req "$2" GET '/api/v1/plans?limit=100'
        if [ "$STATUS" = 200 ] &&
            [ "$(jbody '[.plans[].name] | index("stored") != null')" != true ]; then
            STATUS="200 without the stored plan"
        fi ;;
    lot.create.closed.own)
        req "$2" POST /api/v1/lots "$(lot_json "$(own_org "$2")-closed" "$(own_project "$2")" true)" ;;
    lot.create.closed.other)
        req "$2" POST /api/v1/lots "$(lot_json "$(other_org "$2")-closed" "$(own_project "$2")" true)" ;;
    job.get.other)
        if [ "$2" = admin ]; then starter=authority; else starter=admin; fi
        req "$starter" POST /api/v1/plans "{\"name\":\"m$n\"}"
        req "$2" GET "/api/v1/jobs/$(jbody .id)" ;;
    scenarios.run) req "$2" POST /api/v1/scenarios '{"scenarios":["base"]}' ;;
    report.run) req "$2" POST /api/v1/reports '{"format":"html","scenarios":["base"]}' ;;
    # A finished comparison's result: whose job it is as for job.get.*.
    job.result.own | job.result.other)
        starter=admin
        if [ "$1" = job.result.own ] && [ "$2" = authority ]; then starter=authority; fi
        if [ "$1" = job.result.other ] && [ "$2" = admin ]; then starter=authority; fi
        req "$starter" POST /api/v1/scenarios '{"scenarios":["base"]}'
        job=$(jbody .id)
        i=0
        while req "$starter" GET "/api/v1/jobs/$job" &&
            [ "$(jbody .state)" != succeeded ] && [ $i -lt 600 ]; do
            i=$((i + 1))
            sleep 0.1
        done
        req "$2" GET "/api/v1/jobs/$job/result" ;;
    custody.issue.own)
        req "$2" POST /api/v1/custody/tickets \
            "$(ticket_json "c$n" "$(own_org "$2")-open" "$(own_site "$2")" "$(own_recv "$2")")" ;;
    custody.issue.other)
        req "$2" POST /api/v1/custody/tickets \
            "$(ticket_json "c$n" "$(other_org "$2")-open" "$(other_site "$2")" "$(other_recv "$2")")" ;;
    # From the caller's own site, of the other's non-public lot.
    custody.issue.closed.other)
        req "$2" POST /api/v1/custody/tickets \
            "$(ticket_json "c$n" "$(other_org "$2")-closed" "$(own_site "$2")" "$(own_recv "$2")")" ;;
    # 200 when GET /api/v1/custody/tickets lists the ticket, else 404.
    custody.listed.own | custody.listed.other)
        issued "c$n" "${1#custody.listed.}" "$2"
        LISTED=1
        req "$2" GET "/api/v1/custody/tickets?limit=1000"
        if [ "$STATUS" = 200 ] &&
            [ "$(jq --arg id "c$n" '[.tickets[].id] | index($id) != null' "$T/body")" != true ]; then
            STATUS=404
        fi ;;
    custody.ticket.own | custody.ticket.other)
        issued "c$n" "${1#custody.ticket.}" "$2"
        req "$2" GET "/api/v1/custody/tickets/c$n" ;;
    # 200 when the caller reads the ticket's verification code, else 404:
    # "own" is a ticket of the caller's organisation; "dest" one of the
    # other's bound for the caller's receiving site (the receiver must
    # get the code from the load, not from the API).
    custody.code.own | custody.code.dest)
        if [ "$1" = custody.code.own ]; then
            issued "c$n" own "$2"
        else
            req admin POST /api/v1/custody/tickets \
                "$(ticket_json "c$n" "$(other_org "$2")-open" "$(other_site "$2")" "$(own_recv "$2")")"
            check "admin issues for the cell" 201 "$STATUS"
            TCODE=$(jbody .code)
        fi
        LISTED=1
        req "$2" GET "/api/v1/custody/tickets/c$n"
        if [ "$STATUS" = 200 ] && [ "$(jbody '.code // empty')" != "$TCODE" ]; then
            STATUS=404
        fi ;;
    custody.receipt.own | custody.receipt.other)
        issued "c$n" "${1#custody.receipt.}" "$2"
        req "$2" POST /api/v1/custody/receipts "$(receipt_json "$TID" "$TCODE")" ;;
    custody.receipt.badcode)
        issued "c$n" own "$2"
        req "$2" POST /api/v1/custody/receipts "$(receipt_json "$TID" 0000-0000)" ;;
    custody.correct.own | custody.correct.other)
        issued "c$n" "${1#custody.correct.}" "$2"
        req "$2" POST /api/v1/custody/corrections \
            "{\"ticket\":\"$TID\",\"reason\":\"feil mengde\",\"quantity\":21}" ;;
    custody.import.own | custody.import.other | custody.import.dest)
        wb_csv "w$n" "$2" "${1#custody.import.}" >"$T/wb.csv"
        req "$2" POST /api/v1/custody/imports "" -H 'Content-Type: text/csv' \
            --data-binary "@$T/wb.csv" ;;
    session.delete) req "$2" DELETE /api/v1/session ;;
    *)
        fail "no request for endpoint $1"
        ;;
    esac
}

cells=0
echo "$MATRIX" | while read -r endpoint e1 e2 e3 e4 e5; do
    case "$endpoint" in '' | '#'*) continue ;; esac
    # A row whose cells are one GET each: the five requests in one curl
    # run (req_each), in the order of the cells, checked as below.
    set --
    for role in $ROLES; do
        path_of=$(get "$endpoint" "$role") || break
        set -- "$@" "$role" "$path_of"
    done
    if [ $# -eq 10 ]; then
        req_each "$@"
        set -- $e1 $e2 $e3 $e4 $e5
        i=0
        for role in $ROLES; do
            n=$((n + 1)) i=$((i + 1))
            read -r STATUS
            check "$endpoint as $role" "$1" "$STATUS"
            case "$STATUS" in
            4*) check "$endpoint as $role: problem type" application/problem+json \
                "$(header_in "$T/headers.$i" Content-Type)" ;;
            esac
            shift
        done <"$T/statuses"
        cells=$((cells + 5))
        echo "$cells $CHECKS $FAILS" >"$T/counts"
        continue
    fi
    set -- $e1 $e2 $e3 $e4 $e5
    for role in $ROLES; do
        LISTED=0
        call "$endpoint" "$role"
        check "$endpoint as $role" "$1" "$STATUS"
        case "$LISTED$STATUS" in
        04*) check "$endpoint as $role: problem type" application/problem+json \
            "$(header Content-Type)" ;;
        esac
        shift
    done
    cells=$((cells + 5))
    echo "$cells $CHECKS $FAILS" >"$T/counts"
done
read -r cells CHECKS FAILS <"$T/counts"
check "matrix cells" 430 "$cells"
check "closed lots unchanged by the POSTs" "$closed_before" \
    "$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id LIKE '%-closed' ORDER BY id")"
# Each role's own token is revoked, the other's token is not.
check "vicB's token survives" null \
    "$(sqlite3 "$T/t.db" "SELECT coalesce(revoked, 'null') FROM api_token WHERE id=$(cat "$T/token.vicB")")"
finish authz
