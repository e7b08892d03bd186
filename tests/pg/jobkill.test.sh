#!/bin/sh
# jobkill.test.sh - kill -9 the worker process running a plan job of
# `masseflyt serve --workers 2` on PostgreSQL: the job stays running
# under the dead worker's lease until the lease runs out
# (--job-lease 3 here), then another worker takes it (attempt 2)
# and finishes it, and the plan's document is written exactly once (a
# trigger of the test counts every write of it), in the transaction that
# finished the job. Polls of the job answer from either worker
# throughout.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
pgdb=mfjobkill_$$
psql -q -d postgres -c "CREATE DATABASE $pgdb"
MF_TEST_DB="postgresql://postgres@/$pgdb?host=$PGHOST"
export MF_TEST_DB
drop_db() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" || true; }
. "$MF_SOURCE_DIR/tests/server/lib.sh"
trap 'cleanup; drop_db' EXIT INT TERM
sql() { psql -X -A -t -q -d "$pgdb" -c "$1"; }

make_db
# 4,000 more lots, so that the plan runs for a few seconds.
big_lots "$T/lots-big.csv"
"$MF" --db "$DB" import "$T/lots-big.csv" >/dev/null 2>&1 || true
check "4000 more lots" 1 "$(sql "SELECT (count(*) >= 4000)::int FROM lot")"
# Every write of a stored plan, counted beside the server.
sql "CREATE TABLE doc_writes (kind TEXT, name TEXT, op TEXT);
CREATE FUNCTION doc_written() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN INSERT INTO doc_writes VALUES (NEW.kind, NEW.name, TG_OP); RETURN NULL; END \$\$;
CREATE TRIGGER doc_written AFTER INSERT OR UPDATE ON document
    FOR EACH ROW EXECUTE FUNCTION doc_written();" >/dev/null

start_server --static none --workers 2 --job-lease 3 --no-access-log
login admin
req admin POST /api/v1/plans '{"name":"drept"}'
check "plan job queued" 202 "$STATUS"
JOB=$(jbody .id)
# The worker that took it: host:pid in the job's lease.
i=0
owner=""
while [ -z "$owner" ] && [ $i -lt 200 ]; do
    owner=$(sql "SELECT lease_owner FROM job WHERE id = $JOB AND state = 'running' AND lease_owner IS NOT NULL")
    [ -n "$owner" ] || sleep 0.05
    i=$((i + 1))
done
[ -n "$owner" ] || fail "job $JOB was not taken: $(sql "SELECT state, stage FROM job WHERE id = $JOB")"
pid=${owner##*:}
pgrep -P "$SERVER_PID" | grep -qx "$pid" || fail "the lease's owner $owner is not a worker of $SERVER_PID"
kill -KILL "$pid"
killed_at=$(date +%s)
check "killed while it ran" running "$(sql "SELECT state FROM job WHERE id = $JOB")"
check "nothing stored by the killed worker" 0 "$(sql "SELECT count(*) FROM doc_writes WHERE name = 'drept'")"

# Any worker answers the job's state until another has finished it.
i=0
while :; do
    req admin GET "/api/v1/jobs/$JOB"
    case "$STATUS $(jbody .state)" in
    "200 succeeded" | "200 failed" | "200 cancelled") break ;;
    "200 queued" | "200 running") ;;
    *) fail "poll of job $JOB: $STATUS $(cat "$T/body")" ;;
    esac
    i=$((i + 1))
    if [ $i -gt 1200 ]; then
        fail "job $JOB did not finish: $(cat "$T/body")"
        break
    fi
    sleep 0.1
done
check "taken again and finished" succeeded "$(jbody .state)"
check "two attempts" 2 "$(jbody .attempts)"
new=$(sql "SELECT lease_owner FROM job WHERE id = $JOB")
[ "$new" != "$owner" ] || fail "the killed worker $owner is named as the one that finished"
check "taken again only once its lease ran out" 1 \
    "$(sql "SELECT (finished >= $killed_at)::int FROM job WHERE id = $JOB")"
check "the plan written once" "1 INSERT" \
    "$(sql "SELECT count(*) || ' ' || min(op) FROM doc_writes WHERE kind = 'plan' AND name = 'drept'")"
req admin GET /api/v1/plans/drept
check "the plan is stored" 200 "$STATUS"
stop_server
finish pg.jobkill
