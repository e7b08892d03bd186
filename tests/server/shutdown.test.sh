#!/bin/sh
# shutdown.test.sh - SIGTERM stops accepting connections but lets a
# request in flight (a body uploaded slowly) finish with its answer; the
# server then exits 0. Also: an idle connection is closed after
# --timeout seconds.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none --threads 4 --timeout 3

# An idle connection (nothing sent) is closed by the server after about
# 3 s; node measures it (it is a test dependency anyway).
port=${BASE##*:}
secs=$(node -e "
const s = require('net').connect($port, '127.0.0.1');
const t = Date.now();
s.on('close', () => { console.log(Math.round((Date.now() - t) / 1000)); process.exit(0); });
setTimeout(() => { console.log('still open'); process.exit(0); }, 20000);")
case "$secs" in
2 | 3 | 4 | 5 | 6 | 7 | 8) ;;
*) fail "idle connection closed after '$secs' s, want about 3" ;;
esac
CHECKS=$((CHECKS + 1))

# A 3 kB login body sent at 1 kB/s: about 3 s in flight.
{
    printf '{"email":"admin@example.no","password":"%s","pad":"' "$PW"
    head -c 3000 /dev/zero | tr '\0' ' '
    printf '"}'
} >"$T/slow.json"
curl -s -o "$T/slow.body" -w '%{http_code}' --limit-rate 1k \
    -H 'Content-Type: application/json' --data-binary @"$T/slow.json" \
    "$BASE/api/v1/session" >"$T/slow.status" &
curl_pid=$!
sleep 1
kill -TERM "$SERVER_PID"
sleep 0.3
# No new connections once the signal has arrived.
if curl -s -m 2 -o /dev/null "$BASE/api/v1/health"; then
    fail "a new connection was accepted after SIGTERM"
fi
CHECKS=$((CHECKS + 1))
wait "$curl_pid" || fail "the slow request failed (curl status $?)"
check "the slow request's answer" 201 "$(cat "$T/slow.status")"
check "the slow request's body" admin@example.no "$(jq -r .user.email "$T/slow.body")"
wait "$SERVER_PID"
check "server exit status" 0 "$?"
SERVER_PID=""
grep -q 'finishing 1 request' "$T/err.log" || fail "no in-flight note: $(cat "$T/err.log")"
check "access log has the slow request" 201 \
    "$(jq -r 'select(.path == "/api/v1/session") | .status' "$T/access.log")"
finish shutdown
