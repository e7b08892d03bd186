#!/bin/sh
# geo.test.sh - the registry's read routes: GeoJSON of sites and lots with
# their filters and pages, one lot, the balance, and the problems bad
# filters give. (Who sees what is in authz.test.sh.)
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none
login authority

req public GET /api/v1/lots
check "lots: status" 200 "$STATUS"
check "lots: type" FeatureCollection "$(jbody .type)"
check "public sees the public lots only" "bn-open svv-open" \
    "$(jbody '[.features[].id] | sort | join(" ")')"
check "lots: total" 2 "$(jbody .total)"

req authority GET /api/v1/lots
check "authority: every lot" 4 "$(jbody .total)"
check "a point is [lon, lat]" "10.6,59.9" \
    "$(jbody '.features[] | select(.id == "svv-open") | .geometry.coordinates | map(tostring) | join(",")')"
check "tonnes" 10000 "$(jbody '.features[] | select(.id == "svv-open") | .properties.tonnes')"
check "material" sprengstein "$(jbody '.features[] | select(.id == "svv-open") | .properties.material.code')"
check "public flag" false "$(jbody '.features[] | select(.id == "svv-closed") | .properties.public')"

req authority GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "bbox" "svv-closed svv-open" "$(jbody '[.features[].id] | sort | join(" ")')"
req authority GET '/api/v1/lots?bbox=10.5%2C59.85%2C10.7%2C59.95'
check "bbox, commas encoded" 2 "$(jbody .total)"
req authority GET '/api/v1/lots?material=sprengstein'
check "material" "bn-closed svv-open" "$(jbody '[.features[].id] | sort | join(" ")')"
req authority GET '/api/v1/lots?kind=demand'
check "kind" bn-closed "$(jbody '[.features[].id] | join(" ")')"
req authority GET '/api/v1/lots?municipality=3203'
check "municipality" "bn-closed bn-open" "$(jbody '[.features[].id] | sort | join(" ")')"
req authority GET '/api/v1/lots?limit=1&offset=1'
check "page: one feature" 1 "$(jbody '.features | length')"
check "page: total of all pages" 4 "$(jbody .total)"
check "page: offset" 1 "$(jbody .offset)"
req authority GET '/api/v1/lots?limit=3&offset=3'
check "last page" 1 "$(jbody '.features | length')"

req public GET '/api/v1/sites?kind=receiving&material=leire'
check "sites: filters" s-mottak "$(jbody '[.features[].id] | join(" ")')"
req public GET '/api/v1/sites?material=morene'
check "sites: a material it does not take" 0 "$(jbody .total)"

req public GET /api/v1/lots/svv-open
check "one lot" 200 "$STATUS"
check "one lot: its rules' notes" true "$(jbody '.properties.issues | length > 0')"
req public GET /api/v1/lots/nosuch
check_problem "unknown lot" 404
req public GET /api/v1/lots/s-mottak
check_problem "a site is not a lot" 404
req public GET /api/v1/sites/s-mottak
check "one site" receiving "$(jbody .properties.kind)"

for bad in 'bbox=1,2,3' 'bbox=11,60,10,59' 'bbox=a,b,c,d' 'bbox=10,59,11,95' \
    'material=gull' 'kind=sale' 'municipality=32' 'limit=0' 'limit=x' \
    'offset=-1' 'bbox=%zz'; do
    req public GET "/api/v1/lots?$bad"
    check_problem "lots?$bad" 400
    check "lots?$bad: where" "${bad%%=*}" "$(jbody .where)"
done
req public GET '/api/v1/sites?kind=supply'
check_problem "a lot kind is not a site kind" 400

req authority GET /api/v1/balance
check "balance" 200 "$STATUS"
check "balance: periods" 2025 "$(jbody '.periods | join(",")')"
check "balance: sprengstein supply counts the non-public lot's owner too" 10000 \
    "$(jbody '.rows[] | select(.material.code == "sprengstein") | .supply_total')"
check "balance: demand" 40000 \
    "$(jbody '[.rows[].demand_total] | add')"
req authority GET '/api/v1/balance?municipality=3201&period=quarter'
check "balance: quarters" "2025-Q1,2025-Q2,2025-Q3,2025-Q4" "$(jbody '.periods | join(",")')"
check "balance: municipality" 30000 "$(jbody '[.rows[].supply_total] | add')"
req authority GET '/api/v1/balance?period=decade'
check_problem "balance: bad period" 400
req authority GET /api/v1/plans/plan
check_problem "no stored plan" 404

# The read model is shared by every caller: what one role has read (and
# the server has kept) is still never shown to another.
login editA
login editB
req authority GET /api/v1/lots/svv-closed
check "authority reads a non-public lot" 200 "$STATUS"
req public GET /api/v1/lots/svv-closed
check_problem "the public cannot, after it was read once" 404
req editB GET /api/v1/lots/svv-closed
check_problem "nor another organisation's editor" 404
req editA GET /api/v1/lots/svv-closed
check "its own organisation's editor can" 200 "$STATUS"
req public GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "bbox after the authority's: public lots only" svv-open \
    "$(jbody '[.features[].id] | join(" ")')"

# An import beside the running server (`masseflyt import` on its
# database) is seen within GEO_CACHE_CHECK_MS (100 ms).
printf '%s\n' 'id,kind,project,material,quantity,unit,from,to,public,x,y,epsg,source' \
    'svv-new,supply,p-svv,leire,500,t,2025-01-01,2025-12-31,1,10.61,59.90,4326,estimate: test fixture' \
    >"$T/lots-more.csv"
"$MF" --db "$DB" import "$T/lots-more.csv" >/dev/null 2>&1 || fail "the import beside the server"
sleep 0.3
req public GET /api/v1/lots/svv-new
check "a lot imported beside the server is read" 200 "$STATUS"
req public GET '/api/v1/lots?bbox=10.5,59.85,10.7,59.95'
check "and found in its bbox" "svv-new svv-open" \
    "$(jbody '[.features[].id] | sort | join(" ")')"

finish geo
