#!/bin/sh
# authz.test.sh - the authorisation matrix: every role x every endpoint x
# own/other record, with the expected status of each cell in the one
# table below. "own" is the caller's own account or token; "other" is an
# account of the other organisation (editor vicB of banenor, or vicA of
# svv for the banenor editor; the delete row uses vicA) or another
# account's token. The public
# viewer has no login.
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
session.delete           204   204   204   204       401
'

make_db
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

other_of() {
    case "$1" in
    editB) user_id vicA ;;
    *) user_id vicB ;;
    esac
}
own_of() {
    case "$1" in
    public) user_id vicA ;;
    *) user_id "$1" ;;
    esac
}
n=0
# call ENDPOINT ROLE: one cell's request; sets $STATUS.
call() {
    n=$((n + 1))
    case "$1" in
    health) req "$2" GET /api/v1/health ;;
    openapi) req "$2" GET /api/v1/openapi.json ;;
    me) req "$2" GET /api/v1/me ;;
    login.wrong)
        req public POST /api/v1/session \
            "{\"email\":\"$2@example.no\",\"password\":\"not the password\"}" ;;
    users.list) req "$2" GET /api/v1/users ;;
    users.create)
        req "$2" POST /api/v1/users \
            "{\"email\":\"new$n@example.no\",\"name\":\"N\",\"role\":\"authority\",\"password\":\"$PW\"}" ;;
    user.get.own) req "$2" GET "/api/v1/users/$(own_of "$2")" ;;
    user.get.other) req "$2" GET "/api/v1/users/$(other_of "$2")" ;;
    user.patch.own | user.patch.other)
        if [ "$1" = user.patch.own ]; then id=$(own_of "$2"); else id=$(other_of "$2"); fi
        req admin GET "/api/v1/users/$id"
        etag=$(header ETag)
        req "$2" PATCH "/api/v1/users/$id" "{\"name\":\"endret $n\"}" \
            -H "If-Match: $etag" ;;
    # vicA (svv) is "other" for every role but editA, whose row it would
    # not change: it stays 403. vicB keeps its account (and its token).
    user.delete.other) req "$2" DELETE "/api/v1/users/$(user_id vicA)" ;;
    tokens.create) req "$2" POST /api/v1/tokens '{"name":"cell"}' ;;
    tokens.list) req "$2" GET /api/v1/tokens ;;
    token.delete.own)
        if [ "$2" = public ]; then id=$(cat "$T/token.admin"); else id=$(cat "$T/token.$2"); fi
        req "$2" DELETE "/api/v1/tokens/$id" ;;
    token.delete.other) req "$2" DELETE "/api/v1/tokens/$(cat "$T/token.vicB")" ;;
    audit) req "$2" GET /api/v1/audit ;;
    session.delete) req "$2" DELETE /api/v1/session ;;
    *)
        fail "no request for endpoint $1"
        ;;
    esac
}

cells=0
echo "$MATRIX" | while read -r endpoint e1 e2 e3 e4 e5; do
    case "$endpoint" in '' | '#'*) continue ;; esac
    set -- $e1 $e2 $e3 $e4 $e5
    for role in $ROLES; do
        call "$endpoint" "$role"
        check "$endpoint as $role" "$1" "$STATUS"
        case "$STATUS" in
        4*) check "$endpoint as $role: problem type" application/problem+json \
            "$(header Content-Type)" ;;
        esac
        shift
    done
    cells=$((cells + 5))
    echo "$cells $CHECKS $FAILS" >"$T/counts"
done
read -r cells CHECKS FAILS <"$T/counts"
check "matrix cells" 85 "$cells"
# Each role's own token is revoked, the other's token is not.
check "vicB's token survives" null \
    "$(sqlite3 "$T/t.db" "SELECT coalesce(revoked, 'null') FROM api_token WHERE id=$(cat "$T/token.vicB")")"
finish authz
