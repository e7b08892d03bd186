#!/bin/sh
# openapi.test.sh - docs/openapi.json is valid OpenAPI 3.1, documents
# every route the server answers, and matches its answers (see
# openapi-check.mjs). Needs node and `npm ci` (scripts/install-deps --test).
. "$(dirname "$0")/lib.sh"

if [ ! -d "$MF_SOURCE_DIR/node_modules/@apidevtools/swagger-parser" ]; then
    echo "openapi: node_modules missing; run scripts/install-deps --test" >&2
    exit 1
fi
make_db
"$MF" --db "$DB" import "$MF_SOURCE_DIR/tests/server/data/sites-custody.csv" >/dev/null
"$MF" --db "$DB" plan --name stored >/dev/null 2>&1
start_server --static none
NODE_PATH="$MF_SOURCE_DIR/node_modules" node \
    "$MF_SOURCE_DIR/tests/server/openapi-check.mjs" \
    "$MF_SOURCE_DIR/docs/openapi.json" "$MF_SOURCE_DIR/src/server/api.c" \
    "$BASE" admin@example.no "$PW"
