#!/bin/sh
# pg-cluster.sh - a throwaway PostgreSQL 15 cluster for the tests, so that
# ctest needs no running server. ctest starts one cluster for the whole
# run (a fixture), every PostgreSQL test uses it, and the last stops it:
#
#   pg-cluster.sh start STATE   initdb + start in a new folder under /tmp,
#                               listening on a Unix socket only (no port
#                               to clash with); STATE records the folder
#   pg-cluster.sh run STATE CMD ...  runs CMD with PGHOST, PGUSER,
#                               PGDATABASE and MF_TEST_PG (a URL) set
#   pg-cluster.sh stop STATE    stops the server, removes the folder
#   pg-cluster.sh CMD ...       all three around one command
#
# As root, the server runs as the postgres user (PostgreSQL refuses root).
# fsync is off: the cluster is thrown away after the tests.
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    stop "$1" # one left by a run that was killed
    d=$(mktemp -d /tmp/mf-pg.XXXXXX)
    chmod 755 "$d"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$d"; fi
    as_pg "$PGBIN/initdb" -D "$d/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$d/initdb.log" 2>&1 ||
        { cat "$d/initdb.log" >&2; rm -rf "$d"; exit 1; }
    as_pg "$PGBIN/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 30 \
        -o "-c listen_addresses= -k $d -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null ||
        { cat "$d/server.log" >&2; rm -rf "$d"; exit 1; }
    printf '%s\n' "$d" >"$1"
}

stop() {
    [ -f "$1" ] || return 0
    d=$(cat "$1")
    as_pg "$PGBIN/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null || true
    rm -rf "$d" "$1"
}

run() {
    state=$1
    shift
    [ -f "$state" ] || { echo "pg-cluster.sh: no cluster ($state)" >&2; exit 1; }
    d=$(cat "$state")
    PGHOST=$d PGUSER=postgres PGDATABASE=postgres
    MF_TEST_PG="postgresql://postgres@/postgres?host=$d"
    export PGHOST PGUSER PGDATABASE MF_TEST_PG
    "$@"
}

case "${1:-}" in
start) start "$2" ;;
stop) stop "$2" ;;
run) shift; run "$@" ;;
"") echo "usage: pg-cluster.sh start|run|stop STATE ... | CMD ..." >&2; exit 2 ;;
*)
    state=$(mktemp /tmp/mf-pg-state.XXXXXX)
    start "$state"
    trap 'stop "$state"' EXIT
    run "$state" "$@"
    ;;
esac
