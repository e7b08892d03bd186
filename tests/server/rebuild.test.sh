#!/bin/sh
# rebuild.test.sh - readers are not blocked while the read model is
# rebuilt (src/server/geo.c): on a registry of 100,000 generated lots, a
# change (a new site) makes the next read build a new model; while that
# build is under way (GET /api/v1/health says "building" before and after
# them), the map's reads (a bbox of lots, one lot, the sites) answer from
# the model as it was (one site's read too: its ETag is the model's, so
# it does not wait for the build's load); once the build is done the
# change is in.
. "$(dirname "$0")/lib.sh"

make_db
awk -v n=100000 'BEGIN { srand(5)
    print "id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note"
    split("leire sprengstein morene", m, " ")
    for (i = 0; i < n; i++) {
        k = (i % 2) ? "supply" : "demand"; u = (k == "demand") ? "fyllmasse" : ""
        mo = 1 + int(rand() * 12)
        printf "r%d,%s,%s,,%s,%s,%d,t,2025-%02d-01,2025-%02d-28,1,%.4f,%.4f,4326,estimate: test,\n",
            i, k, (i % 3) ? "p-svv" : "p-bn", m[1 + int(rand() * 3)], u,
            100 + int(rand() * 5000), mo, mo, 10 + rand() * 1.2, 59.5 + rand() * 0.8
    } }' >"$T/lots-big.csv"
"$MF" --db "$DB" import "$T/lots-big.csv" >/dev/null 2>&1 ||
    fail "the generated registry was not imported"
start_server --static none --threads 4
login admin

state() {
    curl -s "$BASE/api/v1/health" | jq -r .read_model
}
BBOX='/api/v1/lots?bbox=10.5,59.85,10.7,59.95&limit=5'

# The first model, built by the first read, and what the reads answer.
check "no model before the first read" none "$(state)"
req public GET /api/v1/lots?limit=1
check "first read" 200 "$STATUS"
check "the registry's lots" 100002 "$(jbody .total)"
check "then ready" ready "$(state)"
req public GET "$BBOX"
jq -c . "$T/body" >"$T/bbox.before"
req public GET /api/v1/lots/svv-open
jq -c . "$T/body" >"$T/lot.before"
req public GET /api/v1/sites
check "sites before" 1 "$(jbody .total)"
req public GET /api/v1/sites/s-mottak
site_etag=$(header ETag)
check "one site's ETag" yes "$([ -n "$site_etag" ] && echo yes)"

# A change, then a read in the background that builds the new model;
# the reads made while it builds must answer. Tried up to ten times: a build
# that ends before the reads are made proves nothing either way.
seen=0
for n in 1 2 3 4 5 6 7 8 9 10; do
    req admin POST /api/v1/sites "$(printf '{"id":"new-%s","name":"Mottak","kind":"receiving","org":"svv","municipality":"3201","x":10.5,"y":59.9,"epsg":4326,"materials":["leire"],"capacity":100,"capacity_unit":"t","fee":10,"source":"estimate: test"}' "$n")"
    check "site $n created" 201 "$STATUS"
    check "stale after the change" stale "$(state)"
    curl -s -o "$T/builder.$n" -w '%{http_code}' "$BASE/api/v1/sites" >"$T/builder.status.$n" &
    builder=$!
    i=0
    while [ "$(state)" != building ] && [ $i -lt 200 ] && kill -0 $builder 2>/dev/null; do
        i=$((i + 1))
        sleep 0.01
    done
    if [ "$(state)" = building ]; then
        # While the new model is built: the reads, each answered.
        req public GET "$BBOX"
        s1=$STATUS
        jq -c . "$T/body" >"$T/bbox.during"
        req public GET /api/v1/lots/svv-open
        s2=$STATUS
        jq -c . "$T/body" >"$T/lot.during"
        req public GET /api/v1/sites
        s3=$STATUS
        sites_during=$(jbody .total)
        req public GET /api/v1/sites/s-mottak
        s4=$STATUS
        e4=$(header ETag)
        after=$(state)
        if [ "$after" = building ]; then
            seen=$((seen + 1))
            check "during the build: a bbox of lots" 200 "$s1"
            check "during the build: one lot" 200 "$s2"
            check "during the build: the sites" 200 "$s3"
            check "during the build: the bbox as it was" "$(cat "$T/bbox.before")" "$(cat "$T/bbox.during")"
            check "during the build: the lot as it was" "$(cat "$T/lot.before")" "$(cat "$T/lot.during")"
            check "during the build: the sites as they were" "$n" "$sites_during"
            check "during the build: one site" 200 "$s4"
            check "during the build: one site's ETag" "$site_etag" "$e4"
        fi
    fi
    wait $builder
    check "the build's own read" 200 "$(cat "$T/builder.status.$n")"
    check "the build's own read has the new site" "$((n + 1))" \
        "$(jq -r .total "$T/builder.$n")"
    check "ready after the build" ready "$(state)"
    [ $seen -gt 0 ] && break
done
check "reads answered while a rebuild was in progress" 1 "$seen"

stop_server
finish rebuild
