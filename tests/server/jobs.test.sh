#!/bin/sh
# jobs.test.sh - long work as jobs: POST /api/v1/plans answers 202 at once
# with the job's address; the plan runs on the worker thread and is
# stored (GET /api/v1/plans/NAME); GET /api/v1/jobs/{id} gives the state;
# DELETE cancels a queued job at once and stops a running plan; only who
# started a job (and an administrator) sees it; the server answers other
# requests while a plan runs.
. "$(dirname "$0")/lib.sh"

make_db
# 4,000 more lots, so that a plan takes a moment to solve.
big_lots "$T/lots-big.csv"
"$MF" --db "$T/t.db" import "$T/lots-big.csv" >/dev/null 2>&1
start_server --static none
login authority
login editA
login admin

# wait_job ID: polls until the job has finished; its JSON in $T/body.
wait_job() {
    i=0
    while :; do
        req authority GET "/api/v1/jobs/$1"
        case "$(jbody .state)" in succeeded | failed | cancelled) return ;; esac
        i=$((i + 1))
        if [ $i -gt 600 ]; then
            fail "job $1 did not finish: $(cat "$T/body")"
            return
        fi
        sleep 0.2
    done
}

# A plan: 202 at once, then done, then stored.
req authority POST /api/v1/plans '{"name":"jobbplan"}'
check "plan job" 202 "$STATUS"
JOB=$(jbody .id)
check "plan job: Location" "/api/v1/jobs/$JOB" "$(header Location)"
case "$(jbody .state)" in queued | running) ;; *) fail "new job state $(jbody .state)" ;; esac
# The server answers while the plan runs.
t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/v1/health")
[ "$(echo "$t < 2" | bc)" = 1 ] || fail "health took $t s while a plan ran"
wait_job "$JOB"
check "plan job: state" succeeded "$(jbody .state)"
check "plan job: result" /api/v1/plans/jobbplan "$(jbody .result)"
req authority GET /api/v1/plans/jobbplan
check "stored plan" 200 "$STATUS"
req authority DELETE "/api/v1/jobs/$JOB"
check_problem "cancel a finished job" 409
check "audit: plan.run" "plan.run job/$JOB authority@example.no" \
    "$(sqlite3 "$T/t.db" "SELECT action||' '||target||' '||actor_email FROM audit WHERE action='plan.run'")"

# Who sees the job: its owner and an administrator.
req admin GET "/api/v1/jobs/$JOB"
check "admin sees the job" 200 "$STATUS"
req editA GET "/api/v1/jobs/$JOB"
check_problem "another user's job" 404
req editA DELETE "/api/v1/jobs/$JOB"
check_problem "cancel another user's job" 404
req editA POST /api/v1/plans '{"name":"x"}'
check_problem "editor runs no plan" 403
req public POST /api/v1/plans '{"name":"x"}'
check_problem "public runs no plan" 401
req authority POST /api/v1/plans '{"name":"../x"}'
check_problem "bad plan name" 400
req authority POST /api/v1/plans '{"municipality":"oslo"}'
check_problem "bad municipality" 400
req authority POST /api/v1/plans '{"solver":"x"}'
check_problem "unknown member" 400
req authority GET /api/v1/jobs/999999
check_problem "no such job" 404

# Cancelling: the second of two jobs is still queued and is cancelled at
# once; the first is stopped while it plans. Neither is stored.
req authority POST /api/v1/plans '{"name":"forst"}'
A=$(jbody .id)
req authority POST /api/v1/plans '{"name":"andre"}'
B=$(jbody .id)
req authority DELETE "/api/v1/jobs/$B"
check "cancel a queued job" 202 "$STATUS"
check "queued job cancelled at once" cancelled "$(jbody .state)"
req authority DELETE "/api/v1/jobs/$A"
check "cancel a running job" 202 "$STATUS"
check "cancel requested" true "$(jbody .cancel_requested)"
wait_job "$A"
check "running job cancelled" cancelled "$(jbody .state)"
check "cancelled job: no result" null "$(jbody .result)"
req authority GET /api/v1/plans/forst
check_problem "cancelled plan not stored" 404
req authority GET /api/v1/plans/andre
check_problem "queued plan not stored" 404

# A job still running at shutdown is stopped, and the server ends.
req authority POST /api/v1/plans '{"name":"slutt"}'
check "job before shutdown" 202 "$STATUS"
stop_server

finish jobs
