#!/bin/sh
# views.test.sh - the web UI's panels over the API: "who could take my
# masses?" (GET /api/v1/lots/{id}/options) with the visibility of the lot
# and of its candidates, a plan for the map (GET /api/v1/plans/{name}/
# flows) from a job, a POST of another organisation's non-public lot id,
# and the Content-Security-Policy with and without a tile server.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none
for r in admin editA editB authority; do
    login "$r"
done

# ---- who could take my masses? -----------------------------------------
# svv-open (svv, sprengstein) could go to s-mottak (a public site) or to
# bn-closed (banenor's non-public need for sprengstein).
req editA GET /api/v1/lots/svv-open/options
check "options: status" 200 "$STATUS"
check "options: lot" svv-open "$(jbody .lot)"
check "options: kind" supply "$(jbody .kind)"
check "options: material" sprengstein "$(jbody .material)"
check "options: the lot's place" "[10.6,59.9]" "$(jq -c .coordinates "$T/body")"
check "options: s-mottak allowed" true \
    "$(jbody '[.options[] | select(.destination == "s-mottak")][0].allowed')"
check "options: s-mottak's km, price and room are numbers" "number number number" \
    "$(jbody '[.options[] | select(.destination == "s-mottak")][0] | [.km, .nok_per_t, .room_t] | map(type) | join(" ")')"
check "options: s-mottak's name and place" "Testmottak [10.5,59.95]" \
    "$(jq -r '[.options[] | select(.destination == "s-mottak")][0] | "\(.name) \(.coordinates | tojson)"' "$T/body")"
check "options: another organisation's non-public need is left out" 0 \
    "$(jbody '[.options[] | select(.destination == "bn-closed")] | length')"
# The excluded ones come with their reason.
check "options: every excluded one has a reason" 0 \
    "$(jbody '[.options[] | select(.allowed == false and (.excluded_because // "") == "")] | length')"
# Authorities, and banenor's own editor, see banenor's need as a candidate
# with the plan's tonnes (the plan sends the 10 000 t there).
req authority GET /api/v1/lots/svv-open/options
check "options as authority: bn-closed listed" 1 \
    "$(jbody '[.options[] | select(.destination == "bn-closed")] | length')"
check "options as authority: the plan's tonnes to bn-closed" 10000 \
    "$(jbody '[.options[] | select(.destination == "bn-closed")][0].planned_t')"
req editB GET /api/v1/lots/svv-open/options
check "options as banenor's editor: its own need listed" 1 \
    "$(jbody '[.options[] | select(.destination == "bn-closed")] | length')"
# A need: where its masses could come from.
req editB GET /api/v1/lots/bn-closed/options
check "options of a need: status" 200 "$STATUS"
check "options of a need: kind" demand "$(jbody .kind)"
check "options of a need: svv-open an origin" 1 \
    "$(jbody '[.options[] | select(.origin == "svv-open")] | length')"
# A shorter haul limit leaves bn-closed (35 km) out of what may be used.
req authority GET '/api/v1/lots/svv-open/options?max_km=20'
check "options max_km=20: status" 200 "$STATUS"
check "options max_km=20: the limit" 20 "$(jbody .max_km)"
check "options max_km=20: bn-closed not allowed" 0 \
    "$(jbody '[.options[] | select(.destination == "bn-closed" and .allowed)] | length')"
for bad in 0 abc 1001 10km; do
    req authority GET "/api/v1/lots/svv-open/options?max_km=$bad"
    check_problem "options max_km=$bad" 400
    check "options max_km=$bad: where" max_km "$(jbody .where)"
done
# Hidden and missing lots answer alike.
req editA GET /api/v1/lots/bn-closed/options
check_problem "options of another organisation's non-public lot" 404
hidden=$(jq -c 'del(.instance)' "$T/body")
req editA GET /api/v1/lots/no-such-lot/options
check_problem "options of a missing lot" 404
check "hidden and missing answer the same" "$hidden" "$(jq -c 'del(.instance)' "$T/body")"
req public GET /api/v1/lots/svv-open/options
check_problem "options without an account" 401

# The reasons in the language asked: lang=nb, or Accept-Language; English
# by default; another lang is a problem. Within 20 km, bn-closed is
# excluded for the haul limit.
why() { jbody '[.options[] | select(.destination == "bn-closed")][0].excluded_because'; }
req authority GET '/api/v1/lots/svv-open/options?max_km=20'
check "options: reasons in English by default" "en" "$(jbody .lang)"
check "options: the reason in English" yes \
    "$(why | grep -q 'beyond the haul limit of 20 km' && echo yes)"
req authority GET '/api/v1/lots/svv-open/options?max_km=20&lang=nb'
check "options lang=nb" "nb" "$(jbody .lang)"
check "options lang=nb: the reason in bokmål" yes \
    "$(why | grep -q 'lenger enn transportgrensen på 20 km' && echo yes)"
nb=$(why)
req authority GET '/api/v1/lots/svv-open/options?max_km=20' "" \
    -H 'Accept-Language: nb-NO,nb;q=0.9,en;q=0.8'
check "options Accept-Language nb-NO" "$nb" "$(why)"
req authority GET '/api/v1/lots/svv-open/options?max_km=20' "" \
    -H 'Accept-Language: de-DE, en;q=0.5'
check "options Accept-Language de, en" "en" "$(jbody .lang)"
req authority GET '/api/v1/lots/svv-open/options?lang=de'
check_problem "options lang=de" 400
check "options lang=de: where" lang "$(jbody .where)"

# The solved plan is kept while the registry stays as it was: a lot
# answered from the plan solved for another equals a new solve's answer
# (a server started afresh), and a write makes the next call solve again.
req authority GET /api/v1/lots/svv-open/options
req authority GET /api/v1/lots/bn-closed/options
check "options from the kept plan" 200 "$STATUS"
jq -S . "$T/body" >"$T/kept.json"
stop_server
start_server --static none
for r in admin editA editB authority; do
    login "$r"
done
req authority GET /api/v1/lots/bn-closed/options
jq -S . "$T/body" >"$T/fresh.json"
if cmp -s "$T/kept.json" "$T/fresh.json"; then
    check "kept plan = new solve" same same
else
    diff "$T/kept.json" "$T/fresh.json" | head -10 >&2
    check "kept plan = new solve" same different
fi
req editA GET /api/v1/lots/bn-closed/options
check_problem "kept plan: another organisation's non-public lot" 404
check "kept plan: hidden and missing still answer the same" "$hidden" \
    "$(jq -c 'del(.instance)' "$T/body")"
req editB POST /api/v1/lots \
    '{"id":"bn-need2","kind":"demand","project":"p-bn","material":"sprengstein","use":"fyllmasse","quantity":3000,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":true,"x":10.59,"y":59.89,"epsg":4326,"source":"estimate: test"}'
check "a new need near svv-open" 201 "$STATUS"
req editA GET /api/v1/lots/svv-open/options
check "after a lot write: the new need is a destination" 1 \
    "$(jbody '[.options[] | select(.destination == "bn-need2")] | length')"
req editB GET /api/v1/lots/bn-need2/options
check "after a lot write: the new need's own options" demand "$(jbody .kind)"
req editB GET /api/v1/lots/bn-need2
E=$(header ETag)
req editB DELETE /api/v1/lots/bn-need2 "" -H "If-Match: $E"
check "the new need deleted" 204 "$STATUS"
req editA GET /api/v1/lots/svv-open/options
check "after a delete: the need is gone from the options" 0 \
    "$(jbody '[.options[] | select(.destination == "bn-need2")] | length')"

# ---- a POST of a non-public lot's id ---------------------------------------
lot() {
    printf '{"id":"%s","kind":"supply","project":"%s","material":"leire","quantity":5,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":true,"x":10.6,"y":59.9,"epsg":4326,"source":"estimate: test"}' "$1" "$2"
}
before=$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id = 'bn-closed'")
audits=$(sqlite3 "$T/t.db" "SELECT count(*) FROM audit")
req editA POST /api/v1/lots "$(lot bn-closed p-svv)"
check_problem "POST of another organisation's non-public lot id" 404
hidden=$(jq -c . "$T/body")
req editA PUT /api/v1/lots/bn-closed "$(lot bn-closed p-svv)" -H 'If-Match: "x"'
check "the POST answers as the PUT does" "$hidden" "$(jq -c . "$T/body")"
check "bn-closed unchanged" "$before" "$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id = 'bn-closed'")"
check "nothing in the audit log" "$audits" "$(sqlite3 "$T/t.db" "SELECT count(*) FROM audit")"
# Its own organisation's editor, and a public lot's id: 409 as before.
req editB POST /api/v1/lots "$(lot bn-closed p-bn)"
check_problem "POST of its own non-public lot id" 409
req editA POST /api/v1/lots "$(lot bn-open p-svv)"
check_problem "POST of another organisation's public lot id" 409

# An upload is a POST too: a file with a lot's id replaces that lot, so
# an editor's file may hold only ids that are free or its organisation's.
upload() {
    printf 'id,kind,project,material,quantity,unit,from,to,x,y,epsg,source\n%s,supply,%s,leire,10,t,2025-01-01,2025-02-01,10.6,59.9,4326,estimate: test\n' "$2" "$3" >"$T/up.csv"
    req "$1" POST /api/v1/imports/lots "" -H 'Content-Type: text/csv' --data-binary "@$T/up.csv"
}
upload editA bn-closed p-svv
check_problem "upload of another organisation's non-public lot id" 404
check "the upload answers as a read of the id" "no record with this id that you may see: 'bn-closed' (nothing was written)" "$(jbody .detail)"
check "bn-closed unchanged by the upload" "$before" "$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id = 'bn-closed'")"
open_before=$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id = 'bn-open'")
upload editA bn-open p-svv
check_problem "upload of another organisation's public lot id" 403
check "bn-open unchanged by the upload" "$open_before" "$(sqlite3 "$T/t.db" "SELECT * FROM lot WHERE id = 'bn-open'")"
check "nothing in the audit log after the uploads" "$audits" "$(sqlite3 "$T/t.db" "SELECT count(*) FROM audit")"
printf 'id,name,kind,org,municipality,x,y,epsg,materials,capacity,capacity_unit,fee,source\ns-mottak,Overtatt,receiving,banenor,3201,10.5,59.95,4326,leire,100,t,10,estimate: test\n' >"$T/site.csv"
req editB POST /api/v1/imports/sites "" -H 'Content-Type: text/csv' --data-binary "@$T/site.csv"
check_problem "upload of another organisation's site id" 403
check "s-mottak still svv's" svv "$(sqlite3 "$T/t.db" "SELECT org FROM site WHERE id = 's-mottak'")"
# Its own organisation's records it may still replace by upload.
upload editB bn-open p-bn
check "upload replacing its own lot" 201 "$STATUS"
check "bn-open replaced by its own editor" 10.0 "$(sqlite3 "$T/t.db" "SELECT quantity FROM lot WHERE id = 'bn-open'")"

# ---- a plan for the map ---------------------------------------------------
req authority POST /api/v1/plans '{"name":"kart"}'
check "plan job queued" 202 "$STATUS"
job=$(jbody .id)
i=0
while :; do
    req authority GET "/api/v1/jobs/$job"
    case "$(jbody .state)" in queued | running) ;; *) break ;; esac
    i=$((i + 1))
    [ $i -lt 600 ] || break
    sleep 0.1
done
check "plan job succeeded" succeeded "$(jbody .state)"
req authority GET /api/v1/plans/kart
cp "$T/body" "$T/plan.json"
req authority GET /api/v1/plans/kart/flows
check "flows: status" 200 "$STATUS"
check "flows: content type" application/json "$(header Content-Type)"
check "flows: a FeatureCollection" FeatureCollection "$(jbody .type)"
check "flows: every feature a LineString of two points" 0 \
    "$(jbody '[.features[] | select(.geometry.type != "LineString" or (.geometry.coordinates | length) != 2)] | length')"
check "flows: svv-open to bn-closed, 10 000 t of sprengstein" "10000 sprengstein" \
    "$(jbody '.features[] | select(.properties.from == "svv-open" and .properties.to == "bn-closed") | "\(.properties.tonnes) \(.properties.material.code)"')"
# The lines carry every tonne of the plan's flows between two places.
check "flows: tonnes on the lines = the plan's placed flows" \
    "$(jq '[.flows[] | select(.from_kind != "unmet" and .from_kind != "unplaced" and .to_kind != "unmet" and .to_kind != "unplaced") | .tonnes] | add | round' "$T/plan.json")" \
    "$(jbody '[.features[].properties.tonnes] | add | round')"
check "flows: indicators of the plan" "$(jq .plan.reuse_rate "$T/plan.json")" \
    "$(jbody .indicators.plan.reuse_rate)"
check "flows: indicators of today's practice" "$(jq .practice.landfilled_t "$T/plan.json")" \
    "$(jbody .indicators.practice.landfilled_t)"
check "flows: storage is a list" array "$(jbody '.storage | type')"
req authority GET /api/v1/plans/none/flows
check_problem "flows of a missing plan" 404
req editA GET /api/v1/plans/kart/flows
check_problem "flows for an editor" 403
stop_server

# Storage levels, on a registry with a storage site between a surplus
# that ends early and a need that starts late.
cat >"$T/sites.csv" <<'EOF'
id,name,kind,org,project,municipality,x,y,epsg,materials,product,capacity,capacity_unit,fee,holding,fill_height_m,open_from,open_to,source,note
s-lager,Testlager,storage,svv,,3201,10.55,59.92,4326,sprengstein,,50000,t,5,,,,,estimate: test fixture,
EOF
cat >"$T/lots.csv" <<'EOF'
id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note
tidlig,supply,p-svv,,sprengstein,,6000,t,2025-01-01,2025-02-28,1,10.56,59.92,4326,estimate: test fixture,
sent,demand,p-svv,,sprengstein,fyllmasse,6000,t,2025-07-01,2025-08-31,1,10.57,59.93,4326,estimate: test fixture,
EOF
"$MF" --db "$DB" import "$T/sites.csv" "$T/lots.csv" >/dev/null 2>&1
"$MF" --db "$DB" plan --name lager >/dev/null 2>&1
start_server --static none
login authority
req authority GET /api/v1/plans/lager/flows
check "storage: status" 200 "$STATUS"
check "storage: the site" s-lager "$(jbody '[.storage[].site] | map(select(. == "s-lager")) | .[0]')"
check "storage: levels, one per period" "$(jbody '.periods | length')" \
    "$(jbody '.storage[] | select(.site == "s-lager") | .levels | length')"
# What went in less what came out, never below zero, and the highest
# level what the store held (never more than its capacity).
check "storage: levels never negative" 0 \
    "$(jbody '[.storage[] | .levels[] | select(. < 0)] | length')"
peak=$(jbody '.storage[] | select(.site == "s-lager") | .levels | max')
into=$(jq '[.features[] | select(.properties.to == "s-lager") | .properties.tonnes] | add // 0' "$T/body")
[ "$peak" -gt 0 ] && [ "$peak" -le 50000 ] && [ "$peak" -le "$into" ] ||
    fail "storage: peak $peak, into the store $into"
stop_server

# ---- the Content-Security-Policy and the tile server ------------------------
csp_img() {
    header Content-Security-Policy | tr ';' '\n' | sed -n 's/^ *img-src //p'
}
mkdir -p "$T/web"
cp "$MF_SOURCE_DIR/web/index.html" "$MF_SOURCE_DIR/web/config.json" "$T/web/"
start_server --static "$T/web"
req public GET /
check "default: img-src is this origin and data: only" "'self' data:" "$(csp_img)"
req public GET /config.json
check "default: config.json names no tiles" "" "$(jbody .tileUrl)"
req public GET /api/v1/health
check "default: the API's img-src" "'self' data:" "$(csp_img)"
stop_server
url='https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png'
start_server --static "$T/web" --tile-url "$url" --tile-attribution '© Kartverket'
req public GET /
check "--tile-url: img-src adds exactly its origin" "'self' data: https://cache.kartverket.no" "$(csp_img)"
check_security_headers "--tile-url: page"
req public GET /config.json
check "--tile-url: config.json names it" "$url" "$(jbody .tileUrl)"
check "--tile-url: and its credit" "© Kartverket" "$(jbody .tileAttribution)"
req public GET /api/v1/lots
check "--tile-url: the API's img-src" "'self' data: https://cache.kartverket.no" "$(csp_img)"
stop_server
# The static folder's config.json alone does it too; a {s} subdomain is
# any subdomain of that host.
jq '.tileUrl = "https://{s}.tiles.example.no:8443/{z}/{x}/{y}.png"' \
    "$MF_SOURCE_DIR/web/config.json" >"$T/web/config.json"
start_server --static "$T/web"
req public GET /index.html
check "config.json tileUrl: img-src" "'self' data: https://*.tiles.example.no:8443" "$(csp_img)"
stop_server
# A tile URL that would widen the policy is refused at start, by name.
for bad in "javascript:alert(1)" "https://a.no; script-src *" "https:///x" "https://a.no'/"; do
    if "$MF" --db "$DB" serve --port 0 --static none --tile-url "$bad" \
        >"$T/out" 2>"$T/err" </dev/null; then
        fail "--tile-url '$bad' was accepted"
    fi
    grep -q -- '--tile-url' "$T/err" || fail "--tile-url '$bad': the error does not name the option: $(cat "$T/err")"
done
echo '{"tileUrl": "ftp://x.no/{z}"}' >"$T/web/config.json"
if "$MF" --db "$DB" serve --port 0 --static "$T/web" >"$T/out" 2>"$T/err" </dev/null; then
    fail "config.json's ftp tileUrl was accepted"
fi
grep -q 'config.json: tileUrl' "$T/err" || fail "the error does not name config.json's tileUrl: $(cat "$T/err")"

finish views
