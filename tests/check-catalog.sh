#!/bin/sh
# check-catalog.sh SOURCE_DIR - each message of the catalogue is defined
# once. C accepts an identical #define twice without a word, so a block
# pasted again (as a merge once did) would otherwise go unnoticed; and
# each id is listed once in the X lists.
#
# Prints each repeat and exits 1.
set -u
f="$1/include/masseflyt/msg_catalog.h"
[ -f "$f" ] || { echo "no $f"; exit 2; }
fail=0
dups=$(sed -n 's/^#define \(MSG_[A-Za-z0-9_]*_T\)\b.*/\1/p' "$f" | sort | uniq -d)
if [ -n "$dups" ]; then
    echo "$dups" | sed 's/$/: defined more than once in msg_catalog.h/'
    fail=1
fi
# X(ID) entries, per list macro: a list is from "#define MF_MSG_..." to
# the first line that does not end in a backslash.
dups=$(awk '/^#define MF_MSG_[A-Z_]*\(X\)/ { list = $2; inlist = 1; next }
            inlist { s = $0
                     while (match(s, /X\([A-Z0-9_]+\)/)) {
                         print list " " substr(s, RSTART, RLENGTH)
                         s = substr(s, RSTART + RLENGTH)
                     }
                     if ($0 !~ /\\$/) inlist = 0 }' "$f" | sort | uniq -d)
if [ -n "$dups" ]; then
    echo "$dups" | sed 's/$/: listed more than once/'
    fail=1
fi
exit $fail
