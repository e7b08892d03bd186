#!/bin/sh
# fresh.test.sh - `masseflyt serve --workers 2 --fresh shared`: the two
# workers share a page that a worker bumps after each registry write it
# commits, before it answers, so a read sent after the answer sees the
# write on either worker. --fresh-ms 3600000 leaves the page as the only
# way a worker learns of its sibling's write within the test (no periodic
# look at the database's counter): a sibling that missed the bump would
# answer from its old read model. A write from outside the serve (the
# command line) is seen after --fresh-ms, here 300 ms in a second server.
# Runs on SQLite, and on PostgreSQL through tests/pg/on-pg.sh (pg.fresh).
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none --workers 2 --fresh shared --fresh-ms 3600000

mark_log() { LOGMARK=$(wc -l <"$T/access.log"); }
workers_seen() {
    tail -n +"$((LOGMARK + 1))" "$T/access.log" | jq -r '.worker' | sort -u | wc -l
}
# quantities N: N public reads of svv-open, each on a new connection; the
# tonnes each answered, sorted and counted ("12x100 8x200").
quantities() {
    i=0
    : >"$T/q"
    while [ $i -lt "$1" ]; do
        req public GET /api/v1/lots/svv-open
        echo "$STATUS:$(jbody .properties.tonnes)" >>"$T/q"
        i=$((i + 1))
    done
    sort "$T/q" | uniq -c | awk '{ printf "%s%sx%s", sep, $1, $2; sep = " " }'
}
lot() {
    echo '{"id":"svv-open","kind":"supply","project":"p-svv","material":"sprengstein","quantity":'"$1"',"unit":"t","from":"2025-01-01","to":"2025-12-31","public":true,"x":10.60,"y":59.90,"epsg":4326,"source":"estimate: test fixture"}'
}

# Both workers build their read model.
mark_log
quantities 30 >/dev/null
check "both workers read before the writes" 2 "$(workers_seen)"

# Each write goes to one worker; the 20 reads right after it reach both,
# and every one shows it.
login editA
for q in 1111 2222 3333 4444 5555; do
    req public GET /api/v1/lots/svv-open
    TAG=$(header ETag)
    req editA PUT /api/v1/lots/svv-open "$(lot $q)" -H "If-Match: $TAG"
    check "write $q" 200 "$STATUS"
    mark_log
    check "after write $q, every read on every worker" "20x200:$q" "$(quantities 20)"
    check "after write $q, both workers answered" 2 "$(workers_seen)"
done

# A project's write (the model is built again, not updated in place) seen
# by the sibling at once: the lot's project name comes from it.
req editA GET /api/v1/projects/p-svv
check "project read" 200 "$STATUS"
TAG=$(header ETag)
jq -c '.name = "Nytt navn"' "$T/body" >"$T/project.json"
req editA PUT /api/v1/projects/p-svv "$(cat "$T/project.json")" -H "If-Match: $TAG"
check "project written" 200 "$STATUS"
mark_log
i=0
: >"$T/names"
while [ $i -lt 20 ]; do
    req public GET /api/v1/lots/svv-open
    jbody .properties.project_name >>"$T/names"
    i=$((i + 1))
done
check "the project's new name on every read" 20 "$(grep -c '^Nytt navn$' "$T/names")"
check "after the project's write, both workers answered" 2 "$(workers_seen)"
stop_server

# A write from outside the serve: seen within --fresh-ms (300 ms).
start_server --static none --workers 2 --fresh shared --fresh-ms 300
mark_log
check "second server reads" "30x200:5555" "$(quantities 30)"
echo "id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note" >"$T/lots.csv"
echo "svv-open,supply,p-svv,,sprengstein,,6666,t,2025-01-01,2025-12-31,1,10.60,59.90,4326,estimate: test fixture," >>"$T/lots.csv"
"$MF" --db "$DB" import --kind lots "$T/lots.csv" >/dev/null 2>"$T/import.err" ||
    fail "command-line import: $(cat "$T/import.err")"
sleep 0.5
mark_log
check "a command-line write after --fresh-ms" "20x200:6666" "$(quantities 20)"
stop_server

finish fresh
