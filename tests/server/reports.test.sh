#!/bin/sh
# reports.test.sh - scenario comparisons and reports as jobs: GET
# /api/v1/scenarios lists the bundled scenarios; POST /api/v1/scenarios
# and /api/v1/reports answer 202 with the job; GET /api/v1/jobs/{id}/result
# gives the comparison (every measure of `scenario run`, the ranking) or
# the report's file (its media type, an attachment, never cached); only
# authorities and administrators start them, only who started a job (and
# an administrator) reads its result; bad requests are problems naming
# the member.
. "$(dirname "$0")/lib.sh"

make_db
# The server makes the reports' folders here (app_config_from_env).
mkdir "$T/tmp"
export TMPDIR="$T/tmp"
start_server --static none
login authority
login editA
login admin

wait_job() {
    i=0
    while :; do
        req "$2" GET "/api/v1/jobs/$1"
        case "$(jbody .state)" in succeeded | failed | cancelled) return ;; esac
        i=$((i + 1))
        if [ $i -gt 900 ]; then
            fail "job $1 did not finish: $(cat "$T/body")"
            return
        fi
        sleep 0.2
    done
}

# The bundled scenarios, "base" first.
req authority GET /api/v1/scenarios
check "scenario list" 200 "$STATUS"
check "scenario list: base first" base "$(jbody '.scenarios[0].name')"
[ -n "$(jbody '.scenarios[0].title')" ] || fail "scenario without a title"
req editA GET /api/v1/scenarios
check_problem "editor lists no scenarios" 403
req public GET /api/v1/scenarios
check_problem "public lists no scenarios" 401

# A comparison: 202 at once, then the result with every measure.
req authority POST /api/v1/scenarios '{"scenarios":["base","tax","co2"],"lang":"en"}'
check "comparison job" 202 "$STATUS"
JOB=$(jbody .id)
check "comparison: Location" "/api/v1/jobs/$JOB" "$(header Location)"
check "comparison: kind" scenarios "$(jbody .kind)"
check "comparison: scenarios" "base,tax,co2" "$(jbody '.scenarios | join(",")')"
req authority GET "/api/v1/jobs/$JOB/result"
case "$STATUS" in 200 | 409) ;; *) fail "result while running: $STATUS" ;; esac
wait_job "$JOB" authority
check "comparison: state" succeeded "$(jbody .state)"
check "comparison: progress" 1 "$(jbody .progress)"
check "comparison: result address" "/api/v1/jobs/$JOB/result" "$(jbody .result)"
req authority GET "/api/v1/jobs/$JOB/result"
check "comparison result" 200 "$STATUS"
check "comparison result: type" application/json "$(header Content-Type)"
check "comparison result: no-store" no-store "$(header Cache-Control)"
check "comparison: reference" base "$(jbody .reference)"
check "comparison: columns" "practice,base,tax,co2" "$(jbody '[.columns[].name] | join(",")')"
# Every measure the CLI's `scenario run` shows, in each column.
for key in cost_society_mnok cost_total_mnok co2e_total_t reuse_rate \
    unplaced_t unmet_t; do
    check "indicator $key listed" 1 "$(jbody "[.indicators[] | select(.key == \"$key\")] | length")"
    check "indicator $key in every column" 4 \
        "$(jbody "[.columns[].values | select(has(\"$key\"))] | length")"
done
check "measures ranked: two" 2 "$(jbody '.measures | length')"
check "measure: NOK per t CO2e member" 2 "$(jbody '[.measures[] | has("nok_per_t_co2e")] | map(select(.)) | length')"
[ -n "$(jbody '.conclusion')" ] || fail "comparison without a conclusion"
check "reference column flagged" true "$(jbody '.columns[1].reference')"
# The comparison's numbers are the CLI's: the base plan's CO2e.
CLI=$("$MF" --db "$DB" scenario run base --csv 2>/dev/null |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "base") c = i }
             $1 == "CO2e total (t)" && c { print $c }')
API=$(jbody '.columns[1].values.co2e_total_t')
[ -n "$CLI" ] && [ "$(echo "$CLI" | awk -v a="$API" '{ d = $1 / 1000 - a; if (d < 0) d = -d; print (d < 0.01) }')" = 1 ] ||
    fail "base CO2e: CLI '$CLI' kg, API '$API' t"
check "audit: scenarios.run" "scenarios.run job/$JOB authority@example.no" \
    "$(sqlite3 "$DB" "SELECT action||' '||target||' '||actor_email FROM audit WHERE action='scenarios.run'")"

# Who reads it: its owner and an administrator.
req admin GET "/api/v1/jobs/$JOB/result"
check "admin reads the result" 200 "$STATUS"
req editA GET "/api/v1/jobs/$JOB/result"
check_problem "another user's result" 404
req public GET "/api/v1/jobs/$JOB/result"
check_problem "public reads no result" 401

# Bad comparisons.
req authority POST /api/v1/scenarios '{"scenarios":["base","nope"]}'
check_problem "unknown scenario" 400
check "unknown scenario: where" scenarios "$(jbody .where)"
req authority POST /api/v1/scenarios '{"scenarios":["base","base"]}'
check_problem "scenario twice" 400
req authority POST /api/v1/scenarios '{"scenarios":[]}'
check_problem "no scenario" 400
req authority POST /api/v1/scenarios '{"scenarios":["../base"]}'
check_problem "scenario path" 400
req authority POST /api/v1/scenarios '{"scenarios":["base"],"lang":"de"}'
check_problem "unknown language" 400
check "unknown language: where" lang "$(jbody .where)"
req authority POST /api/v1/scenarios '{"scenarios":["base"],"x":1}'
check_problem "unknown member" 400
req editA POST /api/v1/scenarios '{"scenarios":["base"]}'
check_problem "editor runs no comparison" 403
req public POST /api/v1/scenarios '{"scenarios":["base"]}'
check_problem "public runs no comparison" 401

# A plan job has no /result: its result is the stored plan.
req authority POST /api/v1/plans '{"name":"p1"}'
P=$(jbody .id)
wait_job "$P" authority
req authority GET "/api/v1/jobs/$P/result"
check_problem "plan job: no result route" 404

# Reports: each format, downloaded as an attachment.
for f in html xlsx pdf; do
    req authority POST /api/v1/reports "{\"format\":\"$f\",\"scenarios\":[\"base\",\"tax\"],\"lang\":\"nb\"}"
    check "report $f job" 202 "$STATUS"
    R=$(jbody .id)
    check "report $f: format" "$f" "$(jbody .format)"
    wait_job "$R" authority
    check "report $f: state" succeeded "$(jbody .state)"
    STATUS=$(curl -s -o "$T/report.$f" -D "$T/headers" -w '%{http_code}' \
        -b "$T/jar.authority" "$BASE/api/v1/jobs/$R/result")
    check "report $f download" 200 "$STATUS"
    check "report $f: no-store" no-store "$(header Cache-Control)"
    check "report $f: attachment" "attachment; filename=\"masseflyt-report-$R.$f\"" \
        "$(header Content-Disposition)"
    case $f in
    html)
        check "report html: type" "text/html; charset=utf-8" "$(header Content-Type)"
        head -c 200 "$T/report.html" | grep -qi '<!doctype html' || fail "report html: not HTML"
        ;;
    xlsx)
        check "report xlsx: type" application/vnd.openxmlformats-officedocument.spreadsheetml.sheet \
            "$(header Content-Type)"
        check "report xlsx: a zip" PK "$(head -c 2 "$T/report.xlsx")"
        ;;
    pdf)
        check "report pdf: type" application/pdf "$(header Content-Type)"
        check "report pdf: a PDF" %PDF "$(head -c 4 "$T/report.pdf")"
        ;;
    esac
done
check "audit: report.run" 3 "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='report.run'")"
req editA GET "/api/v1/jobs/$R/result"
check_problem "another user's report" 404
# A report of one area (the scope of the app layer): a municipality, the
# map's box; a bad area is a problem at its member; an unknown project
# fails the job with 404.
req authority POST /api/v1/reports '{"format":"html","scenarios":["base"],"lang":"en","area":{"municipality":"3201"}}'
check "report of a municipality" 202 "$STATUS"
check "report of a municipality: area" "municipality 3201" "$(jbody .area)"
R=$(jbody .id)
wait_job "$R" authority
check "report of a municipality: state" succeeded "$(jbody .state)"
req authority POST /api/v1/reports '{"format":"xlsx","scenarios":["base"],"area":{"bbox":[10.5,59.8,10.7,60.0]}}'
check "report of a box" 202 "$STATUS"
R=$(jbody .id)
wait_job "$R" authority
check "report of a box: state" succeeded "$(jbody .state)"
check "audit: the report's area" "municipality 3201" \
    "$(sqlite3 "$DB" "SELECT json_extract(after, '$.area') FROM audit WHERE action='report.run' ORDER BY id DESC LIMIT 1 OFFSET 1")"
req authority POST /api/v1/reports '{"format":"pdf","area":{"municipality":"oslo"}}'
check_problem "report: bad municipality" 400
check "report: bad municipality: where" area.municipality "$(jbody .where)"
req authority POST /api/v1/reports '{"format":"pdf","area":{"bbox":[10,59,11]}}'
check_problem "report: bbox of three numbers" 400
check "report: bad bbox: where" area.bbox "$(jbody .where)"
req authority POST /api/v1/reports '{"format":"pdf","area":{"planet":"mars"}}'
check_problem "report: unknown area" 400
check "report: unknown area: where" area.planet "$(jbody .where)"
req authority POST /api/v1/reports '{"format":"pdf","area":{"municipality":"3201","project":"p-svv"}}'
check_problem "report: two areas" 400
req authority POST /api/v1/reports '{"format":"html","scenarios":["base"],"area":{"project":"nope"}}'
R=$(jbody .id)
wait_job "$R" authority
check "report of an unknown project: failed" failed "$(jbody .state)"
check "report of an unknown project: 404" 404 "$(jbody .error.status)"
req authority POST /api/v1/reports '{"format":"docx"}'
check_problem "unknown format" 400
check "unknown format: where" format "$(jbody .where)"
req authority POST /api/v1/reports '{"format":"pdf","municipality":"0301"}'
check_problem "report: unknown member" 400
check "report: unknown member: where" municipality "$(jbody .where)"
req editA POST /api/v1/reports '{"format":"pdf"}'
check_problem "editor makes no report" 403
req public POST /api/v1/reports '{"format":"pdf"}'
check_problem "public makes no report" 401

# Cancelling: a queued comparison behind another is cancelled at once and
# has no result; a running one is stopped. 4,000 more lots, so that the
# comparison takes a moment to solve.
big_lots "$T/lots-big.csv"
"$MF" --db "$DB" import "$T/lots-big.csv" >/dev/null 2>&1
req authority POST /api/v1/scenarios '{"scenarios":["base","tax","co2","electric","haul"]}'
A=$(jbody .id)
req authority POST /api/v1/scenarios '{"scenarios":["base"]}'
B=$(jbody .id)
req authority DELETE "/api/v1/jobs/$B"
check "cancel a queued comparison" 202 "$STATUS"
check "queued comparison cancelled" cancelled "$(jbody .state)"
req authority GET "/api/v1/jobs/$B/result"
check_problem "cancelled comparison: no result" 409
req authority DELETE "/api/v1/jobs/$A"
check "cancel a running comparison" 202 "$STATUS"
wait_job "$A" authority
check "running comparison cancelled" cancelled "$(jbody .state)"

# A running report stops too, in its planner or before its next part
# (app_test checks that the parts after the stop are not written).
req authority POST /api/v1/reports '{"format":"pdf","scenarios":["base","tax","co2","electric","haul"]}'
R=$(jbody .id)
i=0
while :; do
    req authority GET "/api/v1/jobs/$R"
    case "$(jbody .stage)" in scenario* | sensitivity) break ;; esac
    i=$((i + 1))
    [ $i -gt 600 ] && break
    sleep 0.1
done
check "report reaches its scenarios" running "$(jbody .state)"
req authority DELETE "/api/v1/jobs/$R"
check "cancel a running report" 202 "$STATUS"
wait_job "$R" authority
check "running report cancelled" cancelled "$(jbody .state)"

# A report's file is kept in its job (the job table), so any server
# process can send it; its temporary folder is gone as soon as the job
# has finished, and nothing is left at shutdown.
check "report folders removed after their jobs" "" "$(ls "$T/tmp")"
stop_server
check "report folders removed at shutdown" "" "$(ls "$T/tmp")"

finish reports
