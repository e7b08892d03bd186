#!/bin/sh
# records.test.sh - the registry's writes: POST, PUT and DELETE of lots,
# projects and sites, through the import's own rules (problems per
# field), with ETag and If-Match (428 without, 412 on a stale one), an
# editor kept to its own organisation, every write in the audit log with
# before and after, and nothing written when anything is wrong.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none
login admin
login editA
login editB
login authority

count() {
    sqlite3 "$T/t.db" "SELECT count(*) FROM $1"
}

LOT='{"id":"svv-ny","kind":"supply","project":"p-svv","material":"leire","quantity":1200,"unit":"pfm3","from":"2025-03-01","to":"2025-06-30","public":true,"x":10.61,"y":59.92,"epsg":4326,"source":"estimate: test"}'

# Create: an editor of svv registers a lot on its own project.
req editA POST /api/v1/lots "$LOT"
check "create lot" 201 "$STATUS"
check "create: Location" /api/v1/lots/svv-ny "$(header Location)"
ETAG1=$(header ETag)
case "$ETAG1" in \"r*\") ;; *) fail "create: ETag '$ETAG1'" ;; esac
check "create: body id" svv-ny "$(jbody .id)"
check "create: unit kept" pfm3 "$(jbody .unit)"
[ "$(jbody '.tonnes > 0')" = true ] || fail "create: tonnes converted from m3 ($(jbody .tonnes))"
check "stored" 1 "$(sqlite3 "$T/t.db" "SELECT count(*) FROM lot WHERE id='svv-ny'")"
check "audit: create" "lot.create lot/svv-ny editA@example.no" \
    "$(sqlite3 "$T/t.db" "SELECT action||' '||target||' '||actor_email FROM audit ORDER BY id DESC LIMIT 1")"
check "audit: create has no before, has after" "1 svv-ny" \
    "$(sqlite3 "$T/t.db" "SELECT (before IS NULL)||' '||json_extract(after, '\$.id') FROM audit ORDER BY id DESC LIMIT 1")"

# The same id again: 409, nothing changed.
req editA POST /api/v1/lots "$LOT"
check_problem "create twice" 409

# The GET of one lot carries the same ETag.
req public GET /api/v1/lots/svv-ny
check "get lot" 200 "$STATUS"
check "get: ETag is the write's" "$ETAG1" "$(header ETag)"

# Bad input: every problem at its field, nothing written.
lots_before=$(count lot)
audit_before=$(count audit)
req editA POST /api/v1/lots \
    '{"id":"svv-feil","kind":"supply","project":"p-svv","material":"granitt","quantity":-5,"unit":"t","from":"2025-13-01","public":true,"x":10.6,"y":59.9,"epsg":4326}'
check_problem "bad lot" 400
check "bad lot: type" urn:masseflyt:problem:invalid "$(jbody .type)"
fields=$(jq -r '[.errors[].field] | sort | unique | join(",")' "$T/body")
for f in material from; do
    case ",$fields," in *",$f,"*) ;; *) fail "bad lot: no error at field $f (got $fields)" ;; esac
done
check "bad lot: each error has a rule and a message" true \
    "$(jq '[.errors[] | (.rule | length > 0) and (.message | length > 0)] | all' "$T/body")"
check "bad lot: nothing written" "$lots_before" "$(count lot)"
check "bad lot: nothing audited" "$audit_before" "$(count audit)"
req editA POST /api/v1/lots "$(echo "$LOT" | jq -c '.id = "svv-neg" | .quantity = -5')"
check_problem "negative quantity" 400
check "negative quantity: rule at field" "quantity R02" \
    "$(jq -r '.errors[] | select(.severity == "error") | .field + " " + .rule' "$T/body")"
req editA POST /api/v1/lots '{"id":"x","kind":"supply","unknown_field":1}'
check_problem "unknown member" 400
check "unknown member named" true \
    "$(jq '[.errors[].field] | index("unknown_field") != null' "$T/body")"
req editA POST /api/v1/lots '{"id": '
check_problem "malformed JSON" 400
req editA POST /api/v1/lots "'; DROP TABLE lot; --"
check_problem "not JSON" 400
check "lot table still there" "$lots_before" "$(count lot)"

# Replace: If-Match required, a stale one refused.
NEW=$(echo "$LOT" | jq -c '.quantity = 1500')
req editA PUT /api/v1/lots/svv-ny "$NEW"
check_problem "put without If-Match" 428
req editA PUT /api/v1/lots/svv-ny "$NEW" -H 'If-Match: "r0000"'
check_problem "put with a wrong ETag" 412
req editA PUT /api/v1/lots/svv-ny "$NEW" -H "If-Match: $ETAG1"
check "put" 200 "$STATUS"
ETAG2=$(header ETag)
check "put: quantity" 1500 "$(jbody .quantity)"
[ "$ETAG2" != "$ETAG1" ] || fail "put: the ETag did not change"
check "audit: replace before and after" "lot.replace 1200 1500" \
    "$(sqlite3 "$T/t.db" "SELECT action||' '||CAST(json_extract(before,'\$.quantity') AS INT)||' '||CAST(json_extract(after,'\$.quantity') AS INT) FROM audit ORDER BY id DESC LIMIT 1")"
# A second editor holding the first version cannot overwrite the change.
req admin PUT /api/v1/lots/svv-ny "$(echo "$LOT" | jq -c '.quantity = 999')" \
    -H "If-Match: $ETAG1"
check_problem "lost update refused" 412
check "lost update: stored quantity" 1500 \
    "$(sqlite3 "$T/t.db" "SELECT CAST(quantity AS INT) FROM lot WHERE id='svv-ny'")"
# The path's id and the body's must agree.
req editA PUT /api/v1/lots/svv-ny "$(echo "$NEW" | jq -c '.id = "annet"')" \
    -H "If-Match: $ETAG2"
check_problem "put with another id" 400
check "another id: at field id" id \
    "$(jbody '[.errors[] | select(.severity == "error")][0].field')"
req editA PUT /api/v1/lots/finnes-ikke "$NEW" -H "If-Match: $ETAG2"
check_problem "put of a missing lot" 404

# Organisations: editB (banenor) may not change svv's lot, nor move its
# own into svv's project; it does not see svv's closed lot at all.
req editB PUT /api/v1/lots/svv-ny "$NEW" -H "If-Match: $ETAG2"
check_problem "other organisation's lot" 403
req editB POST /api/v1/lots "$(echo "$LOT" | jq -c '.id = "bn-ny"')"
check_problem "a lot on another organisation's project" 403
req admin GET /api/v1/lots/svv-closed
CLOSED=$(header ETag)
req editB DELETE /api/v1/lots/svv-closed "" -H "If-Match: $CLOSED"
check_problem "other organisation's closed lot" 404
req authority POST /api/v1/lots "$LOT"
check_problem "authority writes nothing" 403
req public POST /api/v1/lots "$LOT"
check_problem "public writes nothing" 401
NOCSRF=1 req editA DELETE /api/v1/lots/svv-ny "" -H "If-Match: $ETAG2"
check_problem "delete without CSRF token" 403

# Delete: If-Match required, then gone, audited with the before.
req editA DELETE /api/v1/lots/svv-ny
check_problem "delete without If-Match" 428
req editA DELETE /api/v1/lots/svv-ny "" -H "If-Match: $ETAG2"
check "delete" 204 "$STATUS"
req public GET /api/v1/lots/svv-ny
check_problem "deleted lot" 404
check "audit: delete" "lot.delete 1500 1" \
    "$(sqlite3 "$T/t.db" "SELECT action||' '||CAST(json_extract(before,'\$.quantity') AS INT)||' '||(after IS NULL) FROM audit ORDER BY id DESC LIMIT 1")"

# Projects: read with its ETag, replaced, and not deleted while lots
# refer to it.
req public GET /api/v1/projects/p-svv
check "get project" 200 "$STATUS"
check "project org" svv "$(jbody .org)"
PETAG=$(header ETag)
req editA PUT /api/v1/projects/p-svv "$(jq -c '.name = "Ny vei"' "$T/body")" \
    -H "If-Match: $PETAG"
check "put project" 200 "$STATUS"
check "put project: name" "Ny vei" "$(jbody .name)"
PETAG=$(header ETag)
req editA PUT /api/v1/projects/p-svv "$(jq -c '.org = "banenor"' "$T/body")" \
    -H "If-Match: $PETAG"
check_problem "project moved to another organisation" 403
req editA DELETE /api/v1/projects/p-svv "" -H "If-Match: $PETAG"
check_problem "project still referred to" 409
req editA POST /api/v1/projects \
    '{"id":"p-svv2","name":"Gangvei","org":"svv","municipality":"3201","kind":"road","start":"2025-01-01","end":"2026-12-31","source":"estimate: test"}'
check "create project" 201 "$STATUS"
req editA DELETE /api/v1/projects/p-svv2 "" -H "$(printf 'If-Match: %s' "$(header ETag)")"
check "delete project" 204 "$STATUS"
req public GET /api/v1/projects/p-svv2
check_problem "deleted project" 404

# Sites: created by the editor of its organisation, bad input at fields.
SITE='{"id":"s-ny","name":"Nytt mottak","kind":"receiving","org":"svv","municipality":"3201","x":10.55,"y":59.93,"epsg":4326,"materials":["leire"],"capacity":5000,"capacity_unit":"t","fee":80,"source":"estimate: test"}'
req editA POST /api/v1/sites "$SITE"
check "create site" 201 "$STATUS"
SETAG=$(header ETag)
req public GET /api/v1/sites/s-ny
check "get site: ETag" "$SETAG" "$(header ETag)"
req editA PUT /api/v1/sites/s-ny "$(echo "$SITE" | jq -c '.materials = []')" \
    -H "If-Match: $SETAG"
check_problem "site without materials" 400
check "site without materials: field" materials \
    "$(jbody '[.errors[] | select(.severity == "error")][0].field')"
req editB DELETE /api/v1/sites/s-ny "" -H "If-Match: $SETAG"
check_problem "other organisation's site" 403
req admin DELETE /api/v1/sites/s-ny "" -H "If-Match: $SETAG"
check "admin deletes site" 204 "$STATUS"

# Imports: a CSV upload, all or nothing, with the problems per line.
HDR='id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note'
printf '%s\n%s\n%s\n' "$HDR" \
    'up-1,supply,p-svv,,leire,,500,t,2025-01-01,2025-12-31,1,10.6,59.9,4326,estimate: test,' \
    'up-2,supply,p-svv,,leire,,700,t,2025-01-01,2025-12-31,0,10.6,59.9,4326,estimate: test,' \
    >"$T/good.csv"
printf '%s\n%s\n%s\n%s\n' "$HDR" \
    'up-3,supply,p-svv,,leire,,500,t,2025-01-01,2025-12-31,1,10.6,59.9,4326,estimate: test,' \
    'up-4,supply,p-svv,,granitt,,700,t,2025-01-01,2025-12-31,1,10.6,59.9,4326,estimate: test,' \
    'up-5,supply,p-svv,,leire,,-1,t,2025-01-01,2025-12-31,1,10.6,59.9,4326,estimate: test,' \
    >"$T/bad.csv"
lots_before=$(count lot)
req editA POST /api/v1/imports/lots "" -H 'Content-Type: text/csv' --data-binary "@$T/bad.csv"
check_problem "import with errors" 400
check "import: errors by line" "3 material,4 quantity" \
    "$(jq -r '[.errors[] | select(.severity == "error") | "\(.line) \(.field)"] | join(",")' "$T/body")"
check "import with errors: nothing written" "$lots_before" "$(count lot)"
req editA POST /api/v1/imports/lots "" -H 'Content-Type: text/csv' \
    --data-binary "@$T/good.csv" 
check "import" 201 "$STATUS"
check "import: records" 2 "$(jbody '.files[0].records')"
check "import: written" 2 "$(sqlite3 "$T/t.db" "SELECT count(*) FROM lot WHERE id IN ('up-1','up-2')")"
check "import: audited" 'import lots editA@example.no 2' \
    "$(sqlite3 "$T/t.db" "SELECT action||' '||target||' '||actor_email||' '||json_extract(after,'\$.files[0].records') FROM audit ORDER BY id DESC LIMIT 1")"
sed 's/p-svv/p-bn/; s/up-1/up-9/; s/up-2/up-8/' "$T/good.csv" >"$T/other.csv"
req editA POST /api/v1/imports/lots "" -H 'Content-Type: text/csv' \
    --data-binary "@$T/other.csv"
check_problem "import of another organisation's lots" 403
check "other organisation's import: nothing written" 0 \
    "$(sqlite3 "$T/t.db" "SELECT count(*) FROM lot WHERE id IN ('up-9','up-8')")"
req admin POST '/api/v1/imports/lots?dry_run=1' "" -H 'Content-Type: text/csv' \
    --data-binary "@$T/other.csv"
check "dry run" 200 "$STATUS"
check "dry run: nothing written" 0 \
    "$(sqlite3 "$T/t.db" "SELECT count(*) FROM lot WHERE id IN ('up-9','up-8')")"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[10.6,59.9]},"properties":{"id":"geo-1","kind":"supply","project":"p-svv","material":"leire","quantity":50,"unit":"t","from":"2025-01-01","to":"2025-02-01","source":"estimate: test"}}]}' >"$T/up.geojson"
req editA POST /api/v1/imports/lots "" -H 'Content-Type: application/geo+json' \
    --data-binary "@$T/up.geojson"
check "GeoJSON import" 201 "$STATUS"
req editA POST /api/v1/imports/lots "" -H 'Content-Type: text/plain' --data-binary "@$T/good.csv"
check_problem "import: wrong content type" 415
req editA POST /api/v1/imports/orgs "" -H 'Content-Type: text/csv' --data-binary "@$T/good.csv"
check_problem "import: organisations are not uploaded" 404
req authority POST /api/v1/imports/lots "" -H 'Content-Type: text/csv' --data-binary "@$T/good.csv"
check_problem "import: authority" 403

finish records
