#!/bin/sh
# security.test.sh - CSRF, session fixation, session expiry, brute-force
# lockout that survives a restart, path traversal on static files,
# oversized bodies and headers, and the security headers on every kind of
# response.
. "$(dirname "$0")/lib.sh"

make_db
# A static folder with a symbolic link leading out of it, and a secret
# beside it that must never be served.
mkdir -p "$T/web/sub"
cp "$MF_SOURCE_DIR/web/index.html" "$T/web/"
echo 'body{}' >"$T/web/sub/a.css"
echo 'SECRET' >"$T/secret.txt"
ln -s "$T/secret.txt" "$T/web/link.txt"
ln -s "$T" "$T/web/up"
start_server --static "$T/web" --max-body 1024 --max-header 2048 \
    --session-idle 600 --lockout 3600

# CSRF: a change with a session cookie needs the session's token.
login admin
NOCSRF=1 req admin POST /api/v1/tokens '{"name":"a"}'
check_problem "CSRF token missing" 403
check "CSRF missing: type" urn:masseflyt:problem:csrf "$(jbody .type)"
CSRF=wrong-token req admin POST /api/v1/tokens '{"name":"a"}'
check_problem "CSRF token wrong" 403
CSRF="$(cat "$T/csrf.admin")x" req admin POST /api/v1/tokens '{"name":"a"}'
check_problem "CSRF token one character longer" 403
login editA
CSRF="$(cat "$T/csrf.editA")" req admin POST /api/v1/tokens '{"name":"a"}'
check_problem "CSRF token of another session" 403
req admin POST /api/v1/tokens '{"name":"a"}'
check "CSRF token right" 201 "$STATUS"
NOCSRF=1 req admin GET /api/v1/me
check "a read needs no CSRF token" 200 "$STATUS"

# Session fixation: a session id sent along at login is not kept.
old=$(awk '$6 == "mf_session" { print $7 }' "$T/jar.admin")
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -b "mf_session=$old" -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"admin@example.no\",\"password\":\"$PW\"}" \
    "$BASE/api/v1/session")
check "login with a session cookie" 201 "$STATUS"
new=$(header Set-Cookie | sed 's/^mf_session=\([^;]*\);.*/\1/')
[ -n "$new" ] && [ "$new" != "$old" ] || fail "the session id did not change at login"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -b "mf_session=$old" "$BASE/api/v1/me")
check_problem "the old session after a new login" 401
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -b "mf_session=attacker-chosen-id" -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"editB@example.no\",\"password\":\"$PW\"}" \
    "$BASE/api/v1/session")
new=$(header Set-Cookie | sed 's/^mf_session=\([^;]*\);.*/\1/')
[ "$new" != attacker-chosen-id ] || fail "an attacker's session id was adopted"
sqlite3 "$T/t.db" 'SELECT id_hash FROM session' | grep -q -- "$new" &&
    fail "a session id is stored in clear"

# Idle expiry (--session-idle 600): editA's session was last seen more
# than 600 s ago, as the clock would have it; the test moves the stored
# time instead of waiting (a short idle time made the logins above, slow
# under load, expire the sessions they had just made).
# The logins just above empty the server's session cache (accounts.c),
# and editA has made no request since, so /me reads the moved time.
sqlite3 "$T/t.db" "UPDATE session SET last_seen = strftime('%s', 'now') - 601 WHERE account = $(user_id editA)"
NOCSRF=1 req editA GET /api/v1/me
check_problem "session after the idle timeout" 401

# Brute force: the account locks after 5 failures, and stays locked with
# the right password and after a restart, until the lock (--lockout 3600)
# runs out. The test does not wait for that: the lock's end is kept in
# the database (login_throttle.locked_until, seconds since the epoch),
# and the test moves it, as the clock would, once it has seen the lock
# hold across the restart. No check depends on how fast the machine is.
i=0
while [ $i -lt 5 ]; do
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
        -H 'Content-Type: application/json' \
        --data-binary '{"email":"authority@example.no","password":"gjetning nummer x"}' \
        "$BASE/api/v1/session")
    check "failed login $i" 401 "$STATUS"
    i=$((i + 1))
done
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"AUTHORITY@example.no\",\"password\":\"$PW\"}" \
    "$BASE/api/v1/session")
check_problem "locked account, right password" 429
ra=$(header Retry-After)
[ -n "$ra" ] && [ "$ra" -gt 3000 ] && [ "$ra" -le 3600 ] ||
    fail "Retry-After '$ra' is not the rest of a 3600 s lock"
lock_key="key = 'account:authority@example.no'"
left=$(sqlite3 "$T/t.db" "SELECT locked_until - strftime('%s', 'now') FROM login_throttle WHERE $lock_key")
[ "$left" -gt 3000 ] && [ "$left" -le 3600 ] ||
    fail "the stored lock ends in '$left' s, not about --lockout 3600"
stop_server
start_server --static "$T/web" --max-body 1024 --max-header 2048 \
    --secure-cookies
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"authority@example.no\",\"password\":\"$PW\"}" \
    "$BASE/api/v1/session")
check_problem "locked account after a restart" 429
# Other accounts are not locked by it.
login editB
# A minute before the lock's end it still holds; when it has run out,
# the right password works again.
sqlite3 "$T/t.db" "UPDATE login_throttle SET locked_until = strftime('%s', 'now') + 60 WHERE $lock_key"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"authority@example.no\",\"password\":\"$PW\"}" \
    "$BASE/api/v1/session")
check_problem "locked account a minute before the lock ends" 429
ra=$(header Retry-After)
[ -n "$ra" ] && [ "$ra" -gt 0 ] && [ "$ra" -le 60 ] ||
    fail "Retry-After '$ra' is not the lock's last minute"
sqlite3 "$T/t.db" "UPDATE login_throttle SET locked_until = strftime('%s', 'now') - 1 WHERE $lock_key"
login authority
# Behind a TLS proxy (--secure-cookies) the cookie is Secure, with HSTS.
case "$(header Set-Cookie)" in
*"; Secure"*) ;;
*) fail "no Secure cookie with --secure-cookies: $(header Set-Cookie)" ;;
esac
check "HSTS with --secure-cookies" max-age=31536000 "$(header Strict-Transport-Security)"

# Path traversal on static files: each is refused and nothing leaks.
for p in '/../secret.txt' '/%2e%2e/secret.txt' '/%2E%2E/%2e%2e/etc/passwd' \
    '/sub/..%2f..%2fsecret.txt' '/sub/%2e%2e/%2e%2e/secret.txt' \
    '/..%5csecret.txt' '/index.html%00.css' '//etc/passwd' '/link.txt' \
    '/up/secret.txt' '/.%2e/secret.txt' '/%2fetc%2fpasswd' '/sub/./a.css' \
    '/.hidden'; do
    STATUS=$(curl -s --path-as-is -o "$T/body" -D "$T/headers" \
        -w '%{http_code}' "$BASE$p")
    case "$STATUS" in
    400 | 404) ;;
    *) fail "traversal $p: status $STATUS" ;;
    esac
    CHECKS=$((CHECKS + 1))
    grep -q SECRET "$T/body" && fail "traversal $p: the secret leaked"
    grep -q 'root:' "$T/body" && fail "traversal $p: /etc/passwd leaked"
    check_security_headers "traversal $p"
done
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$BASE/sub/a.css")
check "a file in a subfolder" 200 "$STATUS"
check "css type" "text/css; charset=utf-8" "$(header Content-Type)"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X POST "$BASE/index.html")
check_problem "POST to a static file" 405

# Oversized body: announced, and sent chunked.
head -c 4096 /dev/zero | tr '\0' 'a' >"$T/big"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' --data-binary @"$T/big" \
    "$BASE/api/v1/session")
check_problem "oversized body" 413
check_security_headers "oversized body"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
    --data-binary @"$T/big" "$BASE/api/v1/session")
check_problem "oversized chunked body" 413
# Oversized headers.
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H "X-Filler: $(head -c 3000 /dev/zero | tr '\0' 'b')" "$BASE/api/v1/health")
check_problem "oversized headers" 431
check_security_headers "oversized headers"
# The server still answers after all that.
req public GET /api/v1/health
check "health after abuse" 200 "$STATUS"

# Malformed JSON in every place that reads a body.
req editB POST /api/v1/tokens '{"name": "x",}'
check_problem "malformed JSON (tokens)" 400
req editB POST /api/v1/tokens '[1,2]'
check_problem "JSON not an object" 400
req editB POST /api/v1/tokens '{"name": "\u0000"}'
check "NUL in a JSON string" 400 "$STATUS"

finish security
