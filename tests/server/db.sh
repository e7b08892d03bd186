#!/bin/sh
# db.sh FILE - make_db (lib.sh) once for the whole ctest run, into FILE:
# the demo organisations, the test registry and the six accounts (an
# argon2id hash each). The server tests' make_db copies FILE (given as
# $MF_SERVER_DB by the fixture server.db) rather than making the same
# database again in every test.
MF_SERVER_DB=
. "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || { echo "usage: db.sh FILE" >&2; exit 2; }
rm -f "$1"
make_db
# The database is closed: no -wal or -journal file is left beside it.
for f in "$DB"-wal "$DB"-journal; do
    [ ! -s "$f" ] || { echo "db.sh: $f left" >&2; exit 1; }
done
cp "$DB" "$1.tmp"
mv "$1.tmp" "$1"
