#!/bin/sh
# check-store-ops.sh SOURCE_DIR - every entry of struct store_ops
# (src/store/store.h) is filled in by each table that implements it: the
# SQLite store, the PostgreSQL store and the replica router. An entry left
# out of an initializer compiles to NULL, and a store that forgets to
# forward it (the router) fails only when the entry is first called: this
# names the entry and the table instead. The one entry store.h allows to be
# NULL, wal_position in a backend without a write-ahead log (SQLite), is
# the one exception; the router fills in every entry.
set -eu
s=$1/src/store
# The entries: "int (*name)(" lines inside struct store_ops.
ops=$(sed -n '/^struct store_ops {/,/^};/p' "$s/store.h" |
    sed -n 's/.*(\*\([a-z_][a-z0-9_]*\))(.*/\1/p' | sort -u)
[ -n "$ops" ] || { echo "check-store-ops: no entries found in $s/store.h" >&2; exit 1; }
status=0
check() { # FILE TABLE [ENTRY ALLOWED TO BE NULL]
    body=$(sed -n "/store_ops $2 = {/,/^};/p" "$s/$1")
    if [ -z "$body" ]; then
        echo "check-store-ops: $s/$1: no table $2" >&2
        status=1
        return
    fi
    for op in $ops; do
        [ "$op" = "${3:-}" ] && continue
        printf '%s\n' "$body" | grep -q "^ *\.$op = " ||
            { echo "check-store-ops: $s/$1: $2 does not fill in .$op" >&2; status=1; }
    done
}
check store_sqlite.c store_sqlite_ops wal_position
check store_pg.c store_pg_ops
check store_route.c route_ops
[ $status = 0 ] && echo "check-store-ops: $(printf '%s\n' $ops | wc -l) entries, filled in by all three tables"
exit $status
