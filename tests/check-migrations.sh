#!/bin/sh
# check-migrations.sh SOURCE_DIR - every numbered migration exists for both
# backends: src/store/migrations/sqlite/NNN_*.sql and
# src/store/migrations/pg/NNN_*.sql with the same numbers, so that a schema
# version means the same tables on SQLite and PostgreSQL. Names the
# numbers one folder lacks.
set -eu
m=$1/src/store/migrations
nums() { ls "$m/$1" | sed -n 's/^\([0-9][0-9][0-9]\)_.*\.sql$/\1/p' | sort; }
nums sqlite >"${TMPDIR:-/tmp}/mf-mig-sqlite.$$"
nums pg >"${TMPDIR:-/tmp}/mf-mig-pg.$$"
only_sqlite=$(comm -23 "${TMPDIR:-/tmp}/mf-mig-sqlite.$$" "${TMPDIR:-/tmp}/mf-mig-pg.$$" | tr '\n' ' ')
only_pg=$(comm -13 "${TMPDIR:-/tmp}/mf-mig-sqlite.$$" "${TMPDIR:-/tmp}/mf-mig-pg.$$" | tr '\n' ' ')
rm -f "${TMPDIR:-/tmp}/mf-mig-sqlite.$$" "${TMPDIR:-/tmp}/mf-mig-pg.$$"
status=0
if [ -n "$only_sqlite" ]; then
    echo "check-migrations: no PostgreSQL twin in $m/pg/ for: $only_sqlite" >&2
    status=1
fi
if [ -n "$only_pg" ]; then
    echo "check-migrations: no SQLite twin in $m/sqlite/ for: $only_pg" >&2
    status=1
fi
[ $status = 0 ] && echo "check-migrations: $(ls "$m/sqlite" | grep -c "\.sql$") migrations, in both dialects"
exit $status
