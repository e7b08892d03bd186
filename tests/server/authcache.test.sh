#!/bin/sh
# authcache.test.sh - the server keeps sessions and tokens in memory
# (src/server/accounts.c): a change made through this server (a logout, a
# token revoked, an account disabled or given another role) holds from
# the next request on, though the session or token was just answered
# from the cache; a change made by another process (`masseflyt user
# disable`) holds within the cache's 5 seconds.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none
login admin
login editA
login editB
login vicA

# Logout: the session was in the cache, and is refused at once.
req editA GET /api/v1/me
check "cached session" 200 "$STATUS"
req editA GET /api/v1/me
check "cached session again" 200 "$STATUS"
cp "$T/jar.editA" "$T/jar.old"
req editA DELETE /api/v1/session
check "logout" 204 "$STATUS"
cp "$T/jar.old" "$T/jar.editA"
req editA GET /api/v1/me
check_problem "the session after logout" 401

# A token: answered, then revoked, and refused at once.
req editB POST /api/v1/tokens '{"name":"cache"}'
check "token made" 201 "$STATUS"
TOKEN=$(jbody .token)
TID=$(jbody .id)
tok() { # tok PATH: GET with the token
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
        -H "Authorization: Bearer $TOKEN" "$BASE$1")
}
tok /api/v1/me
check "token" 200 "$STATUS"
tok /api/v1/me
check "token, cached" 200 "$STATUS"
check "token: role" editor "$(jbody .user.role)"
req editB DELETE "/api/v1/tokens/$TID"
check "revoke" 204 "$STATUS"
tok /api/v1/me
check_problem "the token after revoke" 401

# Another role for an account: its next request has it.
req vicA GET /api/v1/me
check "vicA: editor" editor "$(jbody .user.role)"
VID=$(user_id vicA)
req admin GET "/api/v1/users/$VID"
V=$(header ETag)
req admin PATCH "/api/v1/users/$VID" '{"role":"authority","organisation":null}' -H "If-Match: $V"
check "role changed" 200 "$STATUS"
req vicA GET /api/v1/me
check "vicA: the new role at once" authority "$(jbody .user.role)"

# Disabled through the API: refused at once.
req admin DELETE "/api/v1/users/$VID"
check "disable vicA" 204 "$STATUS"
req vicA GET /api/v1/me
check_problem "disabled account's session" 401

# Disabled by another process: refused within the cache's 5 seconds.
req editB GET /api/v1/me
check "editB before" 200 "$STATUS"
"$MF" --db "$DB" user disable editB@example.no >/dev/null
sleep 6
req editB GET /api/v1/me
check_problem "disabled by another process, after 6 s" 401

finish authcache
