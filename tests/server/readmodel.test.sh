#!/bin/sh
# readmodel.test.sh - the server's read model (src/server/geo.c) after
# lot writes: a lot written through the API is put into the model in
# place, and the next read shows it with the right visibility (public or
# not, own or another organisation's); after the writes, every list and
# one-lot read of the server that updated in place equals those of a
# server that builds the model afresh from the same database.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none
login authority
login editA
login editB

ids() { jbody '[.features[].id] | join(" ")'; }
# page FILE FIRST LAST: the words FIRST to LAST of FILE's one line (a
# list of ids), as ids prints them.
page() {
    awk -v a="$2" -v b="$3" '{
        for (i = a; i <= b && i <= NF; i++) printf "%s%s", (i > a ? " " : ""), $i
        print "" }' "$1"
}
# total_ids FILE: a list's total and ids, in $TOTAL and $IDS (one jq run).
total_ids() { jset_in "$1" TOTAL .total IDS '[.features[].id] | join(" ")'; }
# plan_get ROLE: GET /api/v1/lots?QUERY for each line "... QUERY" of
# $T/plan (QUERY its last field), as ROLE, all in one curl run (req_all):
# the i-th line's body is $T/body.i.
plan_get() {
    role=$1
    set --
    while read -r plan_line; do
        set -- "$@" "/api/v1/lots?${plan_line##* }"
    done <"$T/plan"
    req_all "$role" "$@"
}
# plan_check ROLE LABEL: gets the pages of $T/plan (lines "I N OFFSET
# LIMIT WHAT QUERY") as ROLE and checks each page's total (N) and ids (the
# lines OFFSET+1 to OFFSET+LIMIT of $T/in-box.I.txt).
plan_check() {
    plan_get "$1"
    j=0
    while read -r i n off lim what q; do
        j=$((j + 1))
        total_ids "$T/body.$j"
        check "$2, $1, $what at $off: total" "$n" "$TOTAL"
        check "$2, $1, $what at $off" \
            "$(page "$T/in-box.$i.txt" $((off + 1)) $((off + lim)))" "$IDS"
    done <"$T/plan"
}
etag() { # etag ROLE ID: the ETag of a lot, as ROLE reads it
    req "$1" GET "/api/v1/lots/$2"
    header ETag
}

# in_boxes FILE "BOX ..." [FILTER ...]: the ids of FILE's whole list (a
# GET /api/v1/lots body) that lie in each box (minx,miny,maxx,maxy, edges
# included), and of those the ones each filter (&kind=demand,
# &material=sprengstein) keeps: one line per box, and per filter after
# the unfiltered one when filters are given, in the list's order. One jq
# run reads the list once for all of them.
in_boxes() {
    file=$1 boxes=$2
    shift 2
    filters='""'
    for f in "$@"; do filters="$filters,\"$f\""; done
    jq -r --argjson boxes "[[$(echo $boxes | sed 's/ /],[/g')]]" \
        --argjson filters "[$filters]" '.features as $all
        | $boxes[] as $q | $filters[] as $f
        | [$all[] | select(.geometry != null)
        | select(.geometry.coordinates[0] >= $q[0] and .geometry.coordinates[0] <= $q[2]
             and .geometry.coordinates[1] >= $q[1] and .geometry.coordinates[1] <= $q[3])
        | select($f == "" or ($f == "&kind=demand" and .properties.kind == "demand")
             or ($f == "&material=sprengstein" and .properties.material.code == "sprengstein"))
        | .id] | join(" ")' "$file"
}

# The model is built by the first read; the writes below update it.
req public GET /api/v1/lots
check "before: public" "bn-open svv-open" "$(ids)"

# A non-public lot of svv, created with an id that sorts first.
LOT='{"id":"a-svv-hidden","kind":"supply","project":"p-svv","material":"leire","quantity":500,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":false,"x":10.61,"y":59.92,"epsg":4326,"source":"estimate: test"}'
req editA POST /api/v1/lots "$LOT"
check "create hidden" 201 "$STATUS"
req authority GET /api/v1/lots
check "authority sees the new lot, in id order" \
    "a-svv-hidden bn-closed bn-open svv-closed svv-open" "$(ids)"
check "authority: total" 5 "$(jbody .total)"
req authority GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "authority: in its bbox" "a-svv-hidden svv-closed svv-open" "$(ids)"
req editA GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "own editor: in its bbox" "a-svv-hidden svv-closed svv-open" "$(ids)"
req public GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "public: not shown" "svv-open" "$(ids)"
check "public: not counted" 1 "$(jbody .total)"
req editB GET /api/v1/lots
check "other organisation: not shown" "bn-closed bn-open svv-open" "$(ids)"
req editB GET /api/v1/lots/a-svv-hidden
check_problem "other organisation: one lot" 404
req public GET /api/v1/lots/a-svv-hidden
check_problem "public: one lot" 404
req editA GET /api/v1/lots/a-svv-hidden
check "own editor: one lot" 200 "$STATUS"
check "own editor: quantity" 500 "$(jbody .properties.tonnes)"

# Made public and moved: shown to all at its new place only.
E=$(etag editA a-svv-hidden)
req editA PUT /api/v1/lots/a-svv-hidden \
    "$(echo "$LOT" | jq -c '.public = true | .x = 10.30 | .y = 59.80 | .quantity = 700')" \
    -H "If-Match: $E"
check "made public, moved" 200 "$STATUS"
req public GET '/api/v1/lots?bbox=10.25,59.75,10.35,59.85'
check "public: at its new place" "a-svv-hidden" "$(ids)"
req public GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "public: gone from the old place" "svv-open" "$(ids)"
req authority GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "authority: gone from the old place" "svv-closed svv-open" "$(ids)"
req editB GET /api/v1/lots/a-svv-hidden
check "other organisation: the public lot" 200 "$STATUS"
check "the new quantity" 700 "$(jbody .properties.tonnes)"
check "one lot's ETag is the stored record's" "$(etag editA a-svv-hidden)" \
    "$(header ETag)"

# Back to non-public: hidden again at once.
E=$(etag editA a-svv-hidden)
req editA PUT /api/v1/lots/a-svv-hidden \
    "$(echo "$LOT" | jq -c '.x = 10.30 | .y = 59.80')" -H "If-Match: $E"
check "made non-public" 200 "$STATUS"
req public GET /api/v1/lots/a-svv-hidden
check_problem "public: hidden again" 404
req public GET '/api/v1/lots?bbox=10.25,59.75,10.35,59.85'
check "public: hidden again in the bbox" 0 "$(jbody .total)"

# Another organisation's lot; a kind and material filter see it.
req editB POST /api/v1/lots \
    "$(echo "$LOT" | jq -c '.id = "bn-new" | .project = "p-bn" | .public = true | .material = "morene" | .x = 10.21 | .y = 59.745')"
check "create bn-new" 201 "$STATUS"
req public GET '/api/v1/lots?material=morene'
check "material filter" "bn-new bn-open" "$(ids)"

# Delete: gone from lists, counts and one-lot reads; then made again.
E=$(etag editA svv-open)
req editA DELETE /api/v1/lots/svv-open "" -H "If-Match: $E"
check "delete svv-open" 204 "$STATUS"
req public GET /api/v1/lots/svv-open
check_problem "deleted: one lot" 404
req authority GET /api/v1/lots
check "deleted: not listed" "a-svv-hidden bn-closed bn-new bn-open svv-closed" "$(ids)"
check "deleted: not counted" 5 "$(jbody .total)"
req authority GET '/api/v1/lots?limit=2&offset=3'
check "deleted: pages skip it" "bn-open svv-closed" "$(ids)"
req authority GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "deleted: not in its bbox" "svv-closed" "$(ids)"
req editA DELETE /api/v1/lots/svv-closed "" -H "If-Match: $(etag editA svv-closed)"
check "delete svv-closed" 204 "$STATUS"
req editA POST /api/v1/lots \
    '{"id":"svv-open","kind":"supply","project":"p-svv","material":"sprengstein","quantity":11000,"unit":"t","from":"2025-01-01","to":"2025-12-31","public":true,"x":10.60,"y":59.90,"epsg":4326,"source":"estimate: test"}'
check "made again" 201 "$STATUS"
req public GET /api/v1/lots/svv-open
check "made again: shown" 11000 "$(jbody .properties.tonnes)"

# Every read of this server (the model updated in place) against a
# server that builds it from the database.
QUERIES='/api/v1/lots
/api/v1/lots?limit=2&offset=1
/api/v1/lots?bbox=10.0,59.0,11.0,60.5
/api/v1/lots?bbox=10.25,59.75,10.35,59.85
/api/v1/lots?bbox=10.5,59.85,10.7,59.95
/api/v1/lots?bbox=10.19,59.73,10.23,59.76&limit=1
/api/v1/lots?material=sprengstein
/api/v1/lots?kind=demand
/api/v1/lots?municipality=3201
/api/v1/lots/a-svv-hidden
/api/v1/lots/svv-open
/api/v1/lots/svv-closed
/api/v1/lots/bn-new
/api/v1/lots/bn-closed'
snapshot() { # snapshot FILE: every query as every role, status and body
    : >"$1"
    for role in public authority editA editB; do
        set -f
        req_all "$role" $QUERIES
        set +f
        i=0
        while read -r q <&4 && read -r STATUS <&3; do
            i=$((i + 1))
            printf '%s %s %s ' "$role" "$q" "$STATUS" >>"$1"
            jq -cS . "$T/body.$i" >>"$1"
        done 3<"$T/statuses" 4<"$T/queries"
    done
}
printf '%s\n' "$QUERIES" >"$T/queries"
snapshot "$T/in-place.txt"
stop_server
start_server --static none
login authority
login editA
login editB
snapshot "$T/rebuilt.txt"
if cmp -s "$T/in-place.txt" "$T/rebuilt.txt"; then
    check "in place = rebuilt" same same
else
    diff "$T/in-place.txt" "$T/rebuilt.txt" | head -20 >&2
    check "in place = rebuilt" same different
fi
check "the snapshot has every read" 56 "$(wc -l <"$T/in-place.txt")"

# A dense bbox's pages (the cells merged in id order, stopped at the
# page's end) against the lots of the whole list that lie in the box,
# with lots created since the build (ids that sort among the others, one
# of them not public) merged in.
stop_server
big_lots "$T/lots-big.csv"
"$MF" --db "$DB" import "$T/lots-big.csv" >/dev/null 2>&1 ||
    [ $? -eq 1 ] || fail "the 4,000 lots were not imported" # 1: with notes
start_server --static none
login authority
login editA
login editB
req authority GET '/api/v1/lots?limit=1'
for id in g1500a g2x g0a; do
    req editA POST /api/v1/lots \
        "$(echo "$LOT" | jq -c --arg id "$id" '.id = $id | .x = 10.5 | .y = 59.8 | .public = ($id != "g2x")')"
    check "created since the build: $id" 201 "$STATUS"
done
BOX='10.3,59.6,10.9,60.1'
for role in authority editB; do
    req "$role" GET '/api/v1/lots?limit=100000'
    jq -r '[.features[] | select(.geometry != null)
        | select(.geometry.coordinates[0] >= 10.3 and .geometry.coordinates[0] <= 10.9
             and .geometry.coordinates[1] >= 59.6 and .geometry.coordinates[1] <= 60.1)
        | .id] | join(" ")' "$T/body" >"$T/in-box.txt"
    n=$(wc -w <"$T/in-box.txt")
    for page in "0 100" "100 100" "1234 50" "$((n - 7)) 100" "$n 10"; do
        set -- $page
        echo "$1 $2 bbox=$BOX&offset=$1&limit=$2"
    done >"$T/plan"
    plan_get "$role"
    j=0
    while read -r off lim q; do
        j=$((j + 1))
        total_ids "$T/body.$j"
        check "$role: bbox page at $off: total" "$n" "$TOTAL"
        check "$role: bbox page at $off" \
            "$(page "$T/in-box.txt" $((off + 1)) $((off + lim)))" "$IDS"
    done <"$T/plan"
done
check "the box holds the lots created since the build" yes \
    "$(grep -q 'g1500a' "$T/in-box.txt" && echo yes)"

# A dense cluster: 3,000 lots in a small square, a quarter of them not
# public (of both organisations), so its cells are split into parts (geo.c: PART_MIN) that a
# box's total counts from their numbers where it covers them. The pages
# and totals of boxes that cover the cluster, cut through it and miss it
# are checked against the whole list as each role sees it, after lots
# written in place inside it: created (late), made non-public, deleted.
stop_server
awk 'BEGIN { srand(5)
    print "id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note"
    for (i = 0; i < 3000; i++)
        printf "d%d,supply,%s,,leire,,%d,t,2025-03-01,2025-06-30,%d,%.5f,%.5f,4326,estimate: test,\n",
            i, (i % 3) ? "p-svv" : "p-bn", 100 + i, (i % 4 != 0),
            10.49 + rand() * 0.02, 59.79 + rand() * 0.02 }' >"$T/lots-dense.csv"
"$MF" --db "$DB" import "$T/lots-dense.csv" >/dev/null 2>&1 ||
    [ $? -eq 1 ] || fail "the dense lots were not imported"
start_server --static none
for role in authority editA editB; do login "$role"; done
req authority GET '/api/v1/lots?limit=1'
for id in d1500a d2x d0a; do
    req editA POST /api/v1/lots \
        "$(echo "$LOT" | jq -c --arg id "$id" '.id = $id | .x = 10.5 | .y = 59.8 | .public = ($id != "d2x")')"
    check "dense: created since the build: $id" 201 "$STATUS"
done
req editA PUT /api/v1/lots/d5 \
    "$(echo "$LOT" | jq -c '.id = "d5" | .x = 10.5001 | .y = 59.8001 | .public = false')" \
    -H "If-Match: $(etag editA d5)"
check "dense: d5 made non-public" 200 "$STATUS"
req editA DELETE /api/v1/lots/d8 "" -H "If-Match: $(etag editA d8)"
check "dense: d8 deleted" 204 "$STATUS"
BOXES='10.3,59.6,10.9,60.1 10.49,59.79,10.51,59.81
    10.49512,59.79733,10.50377,59.80418 10.50101,59.7,10.9,59.80077
    10.4,59.5,10.48,59.6'
for role in public authority editA editB; do
    req "$role" GET '/api/v1/lots?limit=100000'
    in_boxes "$T/body" "$BOXES" >"$T/in-boxes.txt"
    i=0
    for box in $BOXES; do
        i=$((i + 1))
        sed -n "${i}p" "$T/in-boxes.txt" >"$T/in-box.$i.txt"
        n=$(wc -w <"$T/in-box.$i.txt")
        for page in "0 100" "$((n / 2)) 100" "$((n - 3)) 100"; do
            set -- $page
            [ "$1" -ge 0 ] || set -- 0 "$2"
            echo "$i $n $1 $2 $box bbox=$box&offset=$1&limit=$2"
        done
    done >"$T/plan"
    plan_check "$role" dense
done
# Each role sees another number of the cluster's lots.
for role in public editB editA authority; do
    req "$role" GET '/api/v1/lots?bbox=10.49,59.79,10.51,59.81&limit=1'
    jbody .total
done | tr '\n' ' ' >"$T/totals.txt"
check "dense: public < editB < editA < authority" yes \
    "$(awk '{ print ($1 >= 2200 && $1 < $2 && $2 < $3 && $3 < $4) ? "yes" : $0 }' "$T/totals.txt")"

# A second dense cluster, nearly all public (two lots in 150 not, one of
# each organisation): most of
# its parts have public lots only, so the public's and the editors'
# totals are taken from the parts' sums and sorted places too (geo.c:
# cell_sums, dbl_find), as the authority's are. Boxes that cut it, with
# and without a kind or material filter, each role's pages and totals
# against the whole list.
stop_server
awk 'BEGIN { srand(9)
    print "id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note"
    split("leire sprengstein morene", m, " ")
    for (i = 0; i < 3000; i++) {
        k = (i % 3) ? "supply" : "demand"; u = (k == "demand") ? "fyllmasse" : ""
        printf "e%d,%s,%s,,%s,%s,%d,t,2025-03-01,2025-06-30,%d,%.5f,%.5f,4326,estimate: test,\n",
            i, k, (i % 2) ? "p-svv" : "p-bn", (k == "demand") ? "" : m[1 + i % 3], u,
            100 + i, (i % 150 != 7 && i % 150 != 8), 10.59 + rand() * 0.02, 59.69 + rand() * 0.02 }
    }' >"$T/lots-dense2.csv"
"$MF" --db "$DB" import "$T/lots-dense2.csv" >/dev/null 2>&1 ||
    [ $? -eq 1 ] || fail "the second dense lots were not imported"
start_server --static none
for role in authority editA editB; do login "$role"; done
req authority GET '/api/v1/lots?limit=1'
req editA POST /api/v1/lots \
    "$(echo "$LOT" | jq -c '.id = "e1500a" | .x = 10.6 | .y = 59.7 | .public = false')"
check "dense 2: created since the build" 201 "$STATUS"
BOXES='10.59313,59.69281,10.60777,59.70409 10.5,59.69517,10.6043,59.8
    10.5951,59.6,10.6,59.8 10.6,59.7,10.60011,59.70013'
for role in public authority editA editB; do
    req "$role" GET '/api/v1/lots?limit=100000'
    in_boxes "$T/body" "$BOXES" "&kind=demand" "&material=sprengstein" \
        >"$T/in-boxes.txt"
    i=0
    for box in $BOXES; do
        for filter in "" "&kind=demand" "&material=sprengstein"; do
            i=$((i + 1))
            sed -n "${i}p" "$T/in-boxes.txt" >"$T/in-box.$i.txt"
            n=$(wc -w <"$T/in-box.$i.txt")
            for page in "0 50" "$((n - 20)) 50"; do
                set -- $page
                [ "$1" -ge 0 ] || set -- 0 "$2"
                echo "$i $n $1 $2 $box$filter bbox=$box&offset=$1&limit=$2$filter"
            done
        done
    done >"$T/plan"
    plan_check "$role" "dense 2"
done
for role in public editB editA authority; do
    req "$role" GET '/api/v1/lots?bbox=10.593,59.693,10.607,59.707&limit=1'
    jbody .total
done | tr '\n' ' ' >"$T/totals.txt"
check "dense 2: public < each editor < authority" yes \
    "$(awk '{ print ($1 > 1000 && $1 < $2 && $1 < $3 && $2 < $4 && $3 < $4) ? "yes" : $0 }' "$T/totals.txt")"

finish readmodel
