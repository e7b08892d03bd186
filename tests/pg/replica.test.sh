#!/bin/sh
# replica.test.sh - `serve --db-read`: a primary and a streaming replica
# (pg_basebackup -R) of their own, in temporary folders, on Unix sockets
# only (as tests/pg-cluster.sh). Shows that
#   - the registry's reads go to the replica (with its replay paused, an
#     import on the primary stays unseen until the replay goes on);
#   - a user who writes through the API reads the write at once while the
#     replica lags (read-your-writes), and so does the shared map after a
#     site is written;
#   - with the replica stopped, writes and reads go on, on the primary.
set -eu
: "${MF:?}" "${MF_SOURCE_DIR:?}"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
C=$(mktemp -d /tmp/mf-repl.XXXXXX)
chmod 755 "$C"

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() { # DIR
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
        -o "-c listen_addresses= -k $1 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || { cat "$1/server.log" >&2; exit 1; }
}

pg_stop() { # DIR [mode]
    [ -d "$1/data" ] || return 0
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true
}

# sql DIR QUERY: one value, from the maintenance database there.
sql() {
    as_pg psql -h "$1" -U postgres -d postgres -Atqc "$2"
}

mkdir "$C/p" "$C/r"
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$C"; fi
as_pg "$PGBIN/initdb" -D "$C/p/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$C/p/initdb.log" 2>&1 || { cat "$C/p/initdb.log" >&2; exit 1; }
pg_start "$C/p"
sql "$C/p" "CREATE DATABASE mfrepl" >/dev/null

MF_TEST_DB="postgresql://postgres@/mfrepl?host=$C/p"
READ_DB="postgresql://postgres@/mfrepl?host=$C/r"
export MF_TEST_DB
. "$MF_SOURCE_DIR/tests/server/lib.sh"
trap 'cleanup; pg_stop "$C/r" immediate; pg_stop "$C/p" immediate; rm -rf "$C"' EXIT INT TERM

make_db

# The replica: a base backup of the primary that streams its log on.
as_pg "$PGBIN/pg_basebackup" -h "$C/p" -U postgres -D "$C/r/data" -R -X stream \
    --checkpoint=fast \
    >"$C/r/basebackup.log" 2>&1 || { cat "$C/r/basebackup.log" >&2; exit 1; }
pg_start "$C/r"
check "the replica is a standby" t "$(sql "$C/r" 'SELECT pg_is_in_recovery()')"

# waits until the replica has replayed everything the primary has written
caught_up() {
    lsn=$(sql "$C/p" 'SELECT pg_current_wal_lsn()')
    i=0
    while [ "$(sql "$C/r" "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" != t ]; do
        i=$((i + 1))
        [ $i -lt 200 ] || { fail "the replica did not catch up"; return; }
        sleep 0.05
    done
}
caught_up

one_lot() { # FILE ID X: a public lot of p-svv
    printf '%s\n%s,supply,p-svv,,leire,,500,t,2025-01-01,2025-12-31,1,%s,59.90,4326,estimate: test,\n' \
        'id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note' \
        "$2" "$3" >"$1"
}

start_server --static none --db-read "$READ_DB"
req public GET /api/v1/lots
check "lots through the replica" "bn-open svv-open" \
    "$(jbody '[.features[].id] | sort | join(" ")')"

# Reads come from the replica: with its replay paused, a lot imported on
# the primary (beside the server) is not seen; once it replays, it is.
sql "$C/r" 'SELECT pg_wal_replay_pause()' >/dev/null
one_lot "$T/lots1.csv" svv-cli1 10.64
"$MF" --db "$MF_TEST_DB" import "$T/lots1.csv" >/dev/null 2>"$T/import.err" ||
    { cat "$T/import.err" >&2; exit 1; }
sleep 0.3
req public GET /api/v1/lots/svv-cli1
check "an import the replica has not replayed is not read" 404 "$STATUS"
sql "$C/r" 'SELECT pg_wal_replay_resume()' >/dev/null
caught_up
sleep 0.3
req public GET /api/v1/lots/svv-cli1
check "once replayed, it is" 200 "$STATUS"

# Read-your-writes while the replica lags.
login editA
login authority
sql "$C/r" 'SELECT pg_wal_replay_pause()' >/dev/null
req editA POST /api/v1/lots \
    '{"id":"svv-ryw","kind":"supply","project":"p-svv","material":"leire","quantity":700,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":true,"x":10.63,"y":59.92,"epsg":4326,"source":"estimate: test"}'
check "a lot written through the primary" 201 "$STATUS"
req editA GET /api/v1/lots/svv-ryw
check "its writer reads it at once" 200 "$STATUS"
check "as written" 700 "$(jbody .properties.quantity)"
req editA POST /api/v1/sites \
    '{"id":"s-ryw","name":"Mottak RYW","kind":"receiving","org":"svv","municipality":"3201","x":10.55,"y":59.93,"epsg":4326,"materials":["leire"],"capacity":5000,"capacity_unit":"t","fee":80,"source":"estimate: test"}'
check "a site written" 201 "$STATUS"
req editA GET /api/v1/sites/s-ryw
check "its writer reads the site" 200 "$STATUS"
req authority GET /api/v1/sites/s-ryw
check "the map all share holds it too" 200 "$STATUS"
check "the replica has not replayed it" 0 \
    "$(as_pg psql -h "$C/r" -U postgres -d mfrepl -Atqc "SELECT count(*) FROM site WHERE id = 's-ryw'")"
sql "$C/r" 'SELECT pg_wal_replay_resume()' >/dev/null
caught_up
check "then it has" 1 \
    "$(as_pg psql -h "$C/r" -U postgres -d mfrepl -Atqc "SELECT count(*) FROM site WHERE id = 's-ryw'")"

# The replica stops: reads fall back to the primary.
pg_stop "$C/r" immediate
one_lot "$T/lots2.csv" svv-cli2 10.65
"$MF" --db "$MF_TEST_DB" import "$T/lots2.csv" >/dev/null 2>"$T/import.err" ||
    { cat "$T/import.err" >&2; exit 1; }
sleep 0.3
req public GET /api/v1/lots/svv-cli2
check "with the replica down, an import is read from the primary" 200 "$STATUS"
req editA POST /api/v1/lots \
    '{"id":"svv-down","kind":"supply","project":"p-svv","material":"leire","quantity":800,"unit":"t","from":"2025-03-01","to":"2025-06-30","public":true,"x":10.62,"y":59.93,"epsg":4326,"source":"estimate: test"}'
check "a write with the replica down" 201 "$STATUS"
req editA GET /api/v1/lots/svv-down
check "and its read" 200 "$STATUS"
req public GET /api/v1/lots
check "every public lot" "bn-open svv-cli1 svv-cli2 svv-down svv-open svv-ryw" \
    "$(jbody '[.features[].id] | sort | join(" ")')"
grep -q 'the read replica is unreachable' "$T/err.log" ||
    fail "the server did not say that it reads from the primary"

# Back again: the replica catches up and is read once more.
pg_start "$C/r"
caught_up
sleep 1.2
one_lot "$T/lots3.csv" svv-cli3 10.66
"$MF" --db "$MF_TEST_DB" import "$T/lots3.csv" >/dev/null 2>"$T/import.err" ||
    { cat "$T/import.err" >&2; exit 1; }
caught_up
sleep 0.3
req public GET /api/v1/lots/svv-cli3
check "after the replica's return" 200 "$STATUS"
grep -q 'reading from the read replica again' "$T/err.log" ||
    fail "the server did not go back to the replica"

# --db-read needs PostgreSQL.
if "$MF" --db "$MF_TEST_DB" serve --db-read "$T/x.db" >/dev/null 2>"$T/usage.err"; then
    fail "--db-read with a file was taken"
fi
grep -q 'not a PostgreSQL URL' "$T/usage.err" || fail "--db-read: $(cat "$T/usage.err")"

stop_server
finish replica.test.sh
