#!/bin/sh
# workers.test.sh - `masseflyt serve --workers 2`: two processes on one
# port and one database. Each request may reach either; the access log's
# "worker" says which. A logout, a disable and a lot's write made through
# one worker hold on the other at the next request (the change counters of
# migration 014), though the other had the session and the registry in
# its caches. A worker killed with SIGKILL is replaced; SIGTERM stops all.
# Runs on SQLite, and on PostgreSQL through tests/pg/on-pg.sh (pg.workers).
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none --workers 2
grep -q '(2 workers)' "$T/err.log" || fail "the start line does not name 2 workers"
children() { pgrep -P "$SERVER_PID" | sort | tr '\n' ' '; }
check "two worker processes" 2 "$(children | wc -w)"

# hits ROLE PATH N: N requests, each on a new connection; prints the
# statuses, sorted and counted ("20x200").
hits() {
    i=0
    : >"$T/hits"
    while [ $i -lt "$3" ]; do
        req "$1" GET "$2"
        echo "$STATUS" >>"$T/hits"
        i=$((i + 1))
    done
    sort "$T/hits" | uniq -c | awk '{ printf "%s%sx%s", sep, $1, $2; sep = " " }'
}
# workers_seen: how many worker pids answered since the mark.
mark_log() { LOGMARK=$(wc -l <"$T/access.log"); }
workers_seen() {
    tail -n +"$((LOGMARK + 1))" "$T/access.log" | jq -r '.worker' | sort -u | wc -l
}

login editA
login vicA
# Both workers answer, and both have the session in their cache.
mark_log
check "session on both" 30x200 "$(hits editA /api/v1/me 30)"
check "both workers answered" 2 "$(workers_seen)"

# A logout through one worker: every later request is refused, on either.
cp "$T/jar.editA" "$T/jar.old"
req editA DELETE /api/v1/session
check "logout" 204 "$STATUS"
cp "$T/jar.old" "$T/jar.editA"
mark_log
check "after logout, on every worker" 30x401 "$(hits editA /api/v1/me 30)"
check "both workers refused" 2 "$(workers_seen)"

# Disabled by `masseflyt user disable` (a third process): refused at once.
check "vicA before" 20x200 "$(hits vicA /api/v1/me 20)"
"$MF" --db "$DB" user disable vicA@example.no >/dev/null
check "vicA disabled, at once" 20x401 "$(hits vicA /api/v1/me 20)"

# A lot written through one worker is read back from every worker's read
# model at once.
login editA
check "lot read on both" 20x200 "$(hits public /api/v1/lots/svv-open 20)"
req public GET /api/v1/lots/svv-open
TAG=$(header ETag)
NEW='{"id":"svv-open","kind":"supply","project":"p-svv","material":"sprengstein","quantity":12345,"unit":"t","from":"2025-01-01","to":"2025-12-31","public":true,"x":10.60,"y":59.90,"epsg":4326,"source":"estimate: test fixture"}'
req editA PUT /api/v1/lots/svv-open "$NEW" -H "If-Match: $TAG"
check "lot written" 200 "$STATUS"
q=""
i=0
while [ $i -lt 20 ]; do
    req public GET /api/v1/lots/svv-open
    q="$q$(jbody .properties.tonnes) "
    i=$((i + 1))
done
check "the new quantity on every read" 20 "$(echo "$q" | tr ' ' '\n' | grep -c '^12345$')"

# Jobs live in the database's queue: a plan job queued through one worker
# is run by either, and every poll, whichever worker answers, sees it
# until it has succeeded and its plan is stored.
login admin
req admin POST /api/v1/plans '{"name":"tovorkere"}'
check "a plan job with 2 workers" 202 "$STATUS"
JOB=$(jbody .id)
i=0
while :; do
    req admin GET "/api/v1/jobs/$JOB"
    [ "$STATUS" = 200 ] || fail "poll of job $JOB: $STATUS $(cat "$T/body")"
    case "$(jbody .state)" in succeeded | failed | cancelled) break ;; esac
    i=$((i + 1))
    [ $i -gt 600 ] && fail "job $JOB did not finish: $(cat "$T/body")" && break
    sleep 0.1
done
check "plan job with 2 workers: state" succeeded "$(jbody .state)"
check "plan job with 2 workers: attempts" 1 "$(jbody .attempts)"
req admin GET /api/v1/plans/tovorkere
check "plan job with 2 workers: plan stored" 200 "$STATUS"

# The caller's jobs, listed by either worker.
req admin GET /api/v1/jobs
check "jobs list" 200 "$STATUS"
check "jobs list has the plan job" true "$(jbody "[.jobs[].id] | index($JOB) != null")"

# Failed logins sent at once reach both workers; every one is counted in
# the database (a lost update would leave the address unlocked). An
# address is locked at its 20th failure within 15 minutes: 19 at once for
# 19 unknown accounts, then a 20th, then the right password is refused.
# (This locks 127.0.0.1 out: the test's last login.)
i=1
pids=""
while [ $i -le 19 ]; do
    curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
        --data-binary "{\"email\":\"nobody$i@example.no\",\"password\":\"wrong\"}" \
        "$BASE/api/v1/session" >"$T/fail.$i" &
    pids="$pids $!"
    i=$((i + 1))
done
wait $pids
check "19 failed logins at once" 19x401 \
    "$(cat "$T"/fail.* | sort | uniq -c | awk '{ printf "%sx%s", $1, $2 }')"
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary '{"email":"nobody20@example.no","password":"wrong"}' "$BASE/api/v1/session")
check "the 20th failure" 401 "$STATUS"
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"admin@example.no\",\"password\":\"$PW\"}" "$BASE/api/v1/session")
check "the address is locked after 20 failures on 2 workers" 429 "$STATUS"

# SIGKILL one worker: another takes its place and the port keeps answering.
set -- $(children)
kill -KILL "$1"
i=0
while [ "$(children | wc -w)" -lt 2 ] || [ "$(children)" = "$1 $2 " ] || pgrep -P "$SERVER_PID" | grep -qx "$1"; do
    i=$((i + 1))
    [ $i -gt 100 ] && break
    sleep 0.1
done
check "a worker again in its place" 2 "$(children | wc -w)"
pgrep -P "$SERVER_PID" | grep -qx "$1" && fail "the killed worker is still there"
grep -q "worker $1 died (signal 9)" "$T/err.log" || fail "no line about the killed worker"
check "answers after the kill" 10x200 "$(hits public /api/v1/lots/svv-open 10)"

# SIGTERM: the parent and every worker exit, with status 0.
KIDS=$(children)
stop_server
for k in $KIDS; do
    kill -0 "$k" 2>/dev/null && fail "worker $k still running after SIGTERM"
done
grep -q 'masseflyt: stopped' "$T/err.log" || fail "no 'stopped' line"

finish workers
