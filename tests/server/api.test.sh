#!/bin/sh
# api.test.sh - the API end to end: health, keep-alive, login and /me,
# users with ETag/If-Match, tokens, the audit log with before and after,
# and the problem shape of every error.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static "$MF_SOURCE_DIR/web"

req public GET /api/v1/health
check "health" 200 "$STATUS"
check "health body" ok "$(jbody .status)"
check "health: Cache-Control" no-store "$(header Cache-Control)"
check_security_headers "health"

# Keep-alive: two requests on one connection (one connect in all).
n=$(curl -s -o /dev/null -o /dev/null -w '%{num_connects}\n' \
    "$BASE/api/v1/health" "$BASE/api/v1/health" | tr '\n' ' ')
check "keep-alive: connects for two requests" "1 0 " "$n"

# Errors: unknown route, wrong method, not logged in.
req public GET /api/v1/nope
check_problem "unknown route" 404
check_security_headers "unknown route"
req public PUT /api/v1/users
check_problem "wrong method" 405
check "wrong method: Allow" "GET, POST" "$(header Allow)"
req public GET /api/v1/me
check_problem "me without login" 401

# Login: wrong password, malformed JSON, wrong content type, then right.
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    --data-binary '{"email":"admin@example.no","password":"wrong password!"}' \
    "$BASE/api/v1/session")
check_problem "wrong password" 401
req public POST /api/v1/session '{"email": "admin@example.no", "password": '
check_problem "malformed JSON" 400
check "malformed JSON: type" urn:masseflyt:problem:malformed_json "$(jbody .type)"
check "malformed JSON: where" "body:1:42" "$(jbody .where)"
req public POST /api/v1/session '{"email":"a@b.no","email":"c@d.no","password":"x"}'
check_problem "duplicate key" 400
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: text/plain' --data-binary 'hello' "$BASE/api/v1/session")
check_problem "wrong content type" 415
login admin
case "$(header Set-Cookie)" in
mf_session=*"HttpOnly"*"SameSite=Strict"*) ;;
*) fail "session cookie flags: $(header Set-Cookie)" ;;
esac
case "$(header Set-Cookie)" in
*Secure*) fail "Secure cookie without --secure-cookies" ;;
esac
req admin GET /api/v1/me
check "me" 200 "$STATUS"
check "me: email" admin@example.no "$(jbody .user.email)"
check "me: role" administrator "$(jbody .user.role)"
check "me: no hash" null "$(jbody .user.pw_hash)"

# Users: create, read with ETag, conflicting updates.
req admin POST /api/v1/users '{"email":"ny@example.no","name":"Ny Bruker","role":"editor","organisation":"svv","password":"et langt passord"}'
check "create user" 201 "$STATUS"
uid=$(jbody .id)
check "create user: Location" "/api/v1/users/$uid" "$(header Location)"
req admin POST /api/v1/users '{"email":"ny@example.no","name":"Igjen","role":"authority","password":"et langt passord"}'
check_problem "duplicate email" 400
check "duplicate email: where" email "$(jbody .where)"
req admin POST /api/v1/users '{"email":"x@example.no","name":"X","role":"editor","password":"et langt passord"}'
check_problem "editor without organisation" 400
check "editor without organisation: where" organisation "$(jbody .where)"
req admin POST /api/v1/users '{"email":"y@example.no","name":"Y","role":"editor","organisation":"finnes-ikke","password":"et langt passord"}'
check_problem "unknown organisation" 400
req admin POST /api/v1/users '{"email":"z@example.no","name":"Z","role":"authority","password":"kort"}'
check_problem "short password" 400
check "short password: where" password "$(jbody .where)"
req admin POST /api/v1/users '{"email":"z@example.no","name":"Z","role":"authority","password":"et langt passord","admin":true}'
check_problem "unknown field" 400
check "unknown field: where" admin "$(jbody .where)"
req admin GET "/api/v1/users/$uid"
check "get user" 200 "$STATUS"
etag=$(header ETag)
check "ETag" "\"u$uid-v1\"" "$etag"
req admin PATCH "/api/v1/users/$uid" '{"name":"Uten If-Match"}'
check_problem "PATCH without If-Match" 428
req admin PATCH "/api/v1/users/$uid" '{"name":"Første redaktør"}' -H "If-Match: $etag"
check "PATCH with ETag" 200 "$STATUS"
check "PATCH: name" "Første redaktør" "$(jbody .name)"
check "PATCH: new ETag" "\"u$uid-v2\"" "$(header ETag)"
req admin PATCH "/api/v1/users/$uid" '{"name":"Andre redaktør"}' -H "If-Match: $etag"
check_problem "PATCH with a stale ETag" 412
req admin GET "/api/v1/users/$uid"
check "the first editor's change stands" "Første redaktør" "$(jbody .name)"
req admin GET /api/v1/users/999999
check_problem "no such user" 404
req admin GET /api/v1/users/abc
check_problem "bad user id" 404

# SQL-looking text is stored and returned as text.
evil="Robert'); DROP TABLE account;-- \" OR 1=1"
req admin POST /api/v1/users "{\"email\":\"bobby@example.no\",\"name\":$(printf '%s' "$evil" | jq -Rs .),\"role\":\"authority\",\"password\":\"et langt passord\"}"
check "SQL-looking name: created" 201 "$STATUS"
req admin GET "/api/v1/users/$(jbody .id)"
check "SQL-looking name: returned as sent" "$evil" "$(jbody .name)"
req admin GET /api/v1/users
check "users still listed" 200 "$STATUS"
check "users: count" 8 "$(jbody '.users | length')"

# Tokens: shown once, stored hashed, usable, revocable, expiring.
req admin POST /api/v1/tokens '{"name":"skript","expires_in":3600}'
check "create token" 201 "$STATUS"
tok=$(jbody .token) tid=$(jbody .id)
case "$tok" in mft_*) ;; *) fail "token format: $tok" ;; esac
sqlite3 "$T/t.db" 'SELECT hash FROM api_token' | grep -q -- "$tok" &&
    fail "the token is stored in clear"
req admin GET /api/v1/tokens
check "list tokens: no secret" null "$(jbody '.tokens[0].token')"
check "list tokens: name" skript "$(jbody '.tokens[0].name')"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "Authorization: Bearer $tok" "$BASE/api/v1/me")
check "token: me" 200 "$STATUS"
check "token: authenticated by" token "$(jbody .authenticated_by)"
# A token needs no CSRF token for changes.
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    --data-binary '{"name":"fra skript","expires_in":1}' "$BASE/api/v1/tokens")
check "token: create another" 201 "$STATUS"
short=$(jbody .token)
req admin DELETE "/api/v1/tokens/$tid"
check "revoke token" 204 "$STATUS"
req admin DELETE "/api/v1/tokens/$tid"
check_problem "revoke again" 404
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "Authorization: Bearer $tok" "$BASE/api/v1/me")
check_problem "revoked token" 401
sleep 2
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "Authorization: Bearer $short" "$BASE/api/v1/me")
check_problem "expired token" 401
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "Authorization: Bearer mft_made_up" "$BASE/api/v1/me")
check_problem "unknown token" 401
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "Authorization: Basic YTpi" "$BASE/api/v1/me")
check_problem "not a bearer token" 401
req admin POST /api/v1/tokens '{"name":"x","expires_in":0}'
check_problem "token lifetime 0" 400

# Audit: every change, with before and after, newest first.
req admin GET /api/v1/audit
check "audit" 200 "$STATUS"
check "audit: user.update before" "Ny Bruker" \
    "$(jbody '[.entries[] | select(.action == "user.update")][0].before.name')"
check "audit: user.update after" "Første redaktør" \
    "$(jbody '[.entries[] | select(.action == "user.update")][0].after.name')"
check "audit: token.revoke" "token/$tid" \
    "$(jbody '[.entries[] | select(.action == "token.revoke")][0].target')"
check "audit: the operator's creations" 6 \
    "$(jbody '[.entries[] | select(.actor_email == "cli")] | length')"
req admin GET '/api/v1/audit?limit=2'
check "audit: limit" 2 "$(jbody '.entries | length')"
req admin GET '/api/v1/audit?limit=0'
check_problem "audit: bad limit" 400
sqlite3 "$T/t.db" "DELETE FROM audit" 2>/dev/null &&
    fail "the audit log could be deleted from"
sqlite3 "$T/t.db" "UPDATE audit SET action='x'" 2>/dev/null &&
    fail "the audit log could be changed"

# Disable: the account's session ends.
login vicA
req admin DELETE "/api/v1/users/$(user_id vicA)"
check "disable user" 204 "$STATUS"
req vicA GET /api/v1/me
check_problem "disabled user's session" 401
req admin DELETE "/api/v1/users/$(user_id admin)"
check_problem "disabling yourself" 400

# Logout.
req admin DELETE /api/v1/session
check "logout" 204 "$STATUS"
req admin GET /api/v1/me
check_problem "after logout" 401

# The OpenAPI document and static files.
req public GET /api/v1/openapi.json
check "openapi.json" 200 "$STATUS"
check "openapi version" 3.1.0 "$(jbody .openapi)"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$BASE/")
check "index.html" 200 "$STATUS"
check "index.html type" "text/html; charset=utf-8" "$(header Content-Type)"
check_security_headers "index.html"
grep -q '<script>' "$T/body" && fail "index.html has an inline script"
etag=$(header ETag)
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "If-None-Match: $etag" "$BASE/index.html")
check "index.html: 304 with its ETag" 304 "$STATUS"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$BASE/app.js")
check "app.js" 200 "$STATUS"
check "app.js type" "text/javascript; charset=utf-8" "$(header Content-Type)"

# The access log: one JSON line per request.
stop_server
n=$(jq -c 'select(.method and .path and .status and (.bytes != null) and (.duration_ms != null) and has("user"))' "$T/access.log" | wc -l)
check "access log: every line complete" "$(wc -l <"$T/access.log")" "$n"
check "access log: the user" admin@example.no \
    "$(jq -r 'select(.path == "/api/v1/me" and .status == 200) | .user' "$T/access.log" | head -1)"
grep -q "$PW" "$T/access.log" "$T/err.log" && fail "a password was logged"

finish api
