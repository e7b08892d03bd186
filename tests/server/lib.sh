# lib.sh - shared by the server's integration tests (sourced, POSIX sh).
# Starts `masseflyt serve` on 127.0.0.1 on a free port with a throwaway
# database, and drives it with curl; JSON is checked with jq.
#
#   $MF            the masseflyt program (set by ctest)
#   $MASSEFLYT_DATA the data folder (its demo/orgs.csv gives organisations)
#   $MF_TEST_DB    another (empty) database than $T/t.db, e.g. a PostgreSQL
#                  URL (tests/pg/on-pg.sh)
#   $MF_SERVER_DB  an SQLite file make_db made before (tests/server/db.sh,
#                  the ctest fixture server.db): make_db copies it to
#                  $T/t.db instead of making the same database again
set -eu

T=$(mktemp -d)
DB=${MF_TEST_DB:-$T/t.db}
SERVER_PID=""
FAILS=0
CHECKS=0
PW='correct horse battery staple'

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

fail() {
    echo "FAIL: $*" >&2
    FAILS=$((FAILS + 1))
}

# check NAME EXPECTED ACTUAL
check() {
    CHECKS=$((CHECKS + 1))
    if [ "$2" != "$3" ]; then
        fail "$1: expected '$2', got '$3'"
    fi
}

# A database with the demo organisations, one account per role:
# admin, editA (svv), editB (banenor), authority, and two more editors
# vicA (svv) and vicB (banenor) to act on; and the registry of
# tests/server/data/: a project of svv and one of banenor, each with a
# public lot (svv-open, bn-open) and a non-public one (svv-closed,
# bn-closed), and one receiving site (s-mottak).
make_db() {
    if [ -z "${MF_TEST_DB:-}" ] && [ -n "${MF_SERVER_DB:-}" ] &&
        [ -f "$MF_SERVER_DB" ]; then
        cp "$MF_SERVER_DB" "$DB"
        return
    fi
    "$MF" --db "$DB" init >/dev/null
    "$MF" --db "$DB" import "$MASSEFLYT_DATA/demo/orgs.csv" \
        "$MF_SOURCE_DIR/tests/server/data/projects.csv" \
        "$MF_SOURCE_DIR/tests/server/data/sites.csv" \
        "$MF_SOURCE_DIR/tests/server/data/lots.csv" >/dev/null 2>&1
    for u in "admin administrator -" "editA editor svv" "editB editor banenor" \
        "authority authority -" "vicA editor svv" "vicB editor banenor"; do
        set -- $u
        if [ "$3" = - ]; then
            echo "$PW" | "$MF" --db "$DB" user add --email "$1@example.no" \
                --name "$1" --role "$2" >/dev/null
        else
            echo "$PW" | "$MF" --db "$DB" user add --email "$1@example.no" \
                --name "$1" --role "$2" --org "$3" >/dev/null
        fi
    done
}

# start_server [serve options...]: starts it and sets $BASE.
start_server() {
    : >"$T/err.log"
    "$MF" --db "$DB" serve --port 0 --openapi "$MF_SOURCE_DIR/docs/openapi.json" \
        "$@" >"$T/access.log" 2>"$T/err.log" &
    SERVER_PID=$!
    i=0
    while ! grep -q 'listening on' "$T/err.log"; do
        i=$((i + 1))
        if [ $i -gt 200 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "server did not start:" >&2
            cat "$T/err.log" >&2
            exit 1
        fi
        sleep 0.05
    done
    BASE=$(sed -n 's#.*listening on \(http://[0-9.:]*\)/.*#\1#p' "$T/err.log")
}

stop_server() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || fail "server exited with status $?"
    SERVER_PID=""
}

# csrf_of ROLE: sets $req_token to the CSRF token a request as ROLE
# sends: $CSRF when set, else the one its login kept (read with the
# shell's read, not a cat per request).
csrf_of() {
    req_token=${CSRF:-}
    if [ -z "$req_token" ]; then
        IFS= read -r req_token <"$T/csrf.$1" || :
    fi
}

# req ROLE METHOD PATH [BODY] [extra curl args...]: sends a request as ROLE
# (a name given to login, or "public"); sets $STATUS, and leaves the body
# in $T/body and the headers in $T/headers. Cookie requests send the
# session's CSRF token unless NOCSRF=1 (or CSRF=value overrides it).
req() {
    role=$1 method=$2 path=$3
    shift 3
    body=""
    if [ $# -gt 0 ]; then
        body=$1
        shift
    fi
    set -- -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" "$@"
    if [ "$role" != public ]; then
        set -- "$@" -b "$T/jar.$role" -c "$T/jar.$role"
        if [ "${NOCSRF:-0}" != 1 ]; then
            csrf_of "$role"
            set -- "$@" -H "X-CSRF-Token: $req_token"
        fi
    fi
    if [ -n "$body" ]; then
        set -- "$@" -H 'Content-Type: application/json' --data-binary "$body"
    fi
    STATUS=$(curl "$@" "$BASE$path")
}

# req_each ROLE PATH [ROLE PATH ...]: GETs each PATH as its ROLE, sent as
# req sends it, one after another in one curl run (a curl start costs
# more than most requests; each transfer has its role's own cookie jar);
# the statuses are the lines of $T/statuses, the i-th answer's body is
# $T/body.i and its headers $T/headers.i. req_all ROLE PATH...: all as
# one ROLE.
req_each() {
    req_all_i=0 req_all_n=$(($# / 2))
    while [ $req_all_i -lt $req_all_n ]; do
        req_all_i=$((req_all_i + 1))
        role=$1 req_all_path=$2
        shift 2
        if [ $req_all_i -gt 1 ]; then
            set -- "$@" --next
        fi
        set -- "$@" -s -o "$T/body.$req_all_i" -D "$T/headers.$req_all_i" \
            -w '%{http_code}\n' -X GET
        if [ "$role" != public ]; then
            set -- "$@" -b "$T/jar.$role" -c "$T/jar.$role"
            if [ "${NOCSRF:-0}" != 1 ]; then
                csrf_of "$role"
                set -- "$@" -H "X-CSRF-Token: $req_token"
            fi
        fi
        set -- "$@" "$BASE$req_all_path"
    done
    curl "$@" >"$T/statuses"
}
req_all() {
    req_all_role=$1
    shift
    req_all_n=$#
    while [ $req_all_n -gt 0 ]; do
        set -- "$@" "$req_all_role" "$1"
        shift
        req_all_n=$((req_all_n - 1))
    done
    req_each "$@"
}

# login NAME: a session for NAME@example.no; keeps the cookie jar and the
# CSRF token under $T.
login() {
    rm -f "$T/jar.$1"
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
        -c "$T/jar.$1" -H 'Content-Type: application/json' \
        --data-binary "{\"email\":\"$1@example.no\",\"password\":\"$PW\"}" \
        "$BASE/api/v1/session")
    check "login $1" 201 "$STATUS"
    jq -r .csrf_token "$T/body" >"$T/csrf.$1"
}

# jq: gojq when it is installed (scripts/install-deps --test). The tests
# start the JSON tool hundreds of times, and gojq starts in less than half
# of the time jq 1.6 takes. gojq writes object keys sorted always, so it
# takes no -S.
if command -v gojq >/dev/null 2>&1; then
    jq() {
        case "$1" in
        -S) shift ;;
        -cS) shift && set -- -c "$@" ;;
        esac
        gojq "$@"
    }
fi

# jbody FILTER: jq on the last body.
jbody() {
    jq -r "$1" "$T/body"
}

# jset NAME FILTER [NAME FILTER ...]: sets each shell variable NAME to what
# `jbody FILTER` prints (jq -r; several results on lines of their own),
# all from one jq run: the filters run on the body each on its own (an
# error ends that filter's results only), and a result that is not a
# string is written as compact JSON (as -r writes numbers, booleans and
# null). jset_in FILE NAME FILTER ... does the same on FILE.
jset() {
    jset_in "$T/body" "$@"
}
jset_in() {
    jset_file=$1
    shift
    jset_prog=""
    while [ $# -ge 2 ]; do
        eval "$1=''"
        jset_prog="$jset_prog, \"$1=\" + ([try (($2)
            | if type == \"string\" then . else tojson end)] | join(\"\\n\") | @sh)"
        shift 2
    done
    eval "$(jq -r "[${jset_prog#, }] | join(\" \")" "$jset_file")"
}

# header NAME: the value of the last response's first header NAME (any
# case), read with the shell's builtins. header_in FILE NAME: in FILE.
header() {
    header_in "$T/headers" "$1"
}
header_in() {
    header_pat="" header_rest=$2
    while [ -n "$header_rest" ]; do
        header_c=${header_rest%"${header_rest#?}"}
        header_rest=${header_rest#?}
        for header_p in aA bB cC dD eE fF gG hH iI jJ kK lL mM nN oO pP qQ \
            rR sS tT uU vV wW xX yY zZ; do
            case $header_p in *"$header_c"*)
                header_c=$header_p
                break
                ;;
            esac
        done
        header_pat="$header_pat[$header_c]"
    done
    while IFS= read -r header_line; do
        header_line=${header_line%"$CR"}
        case $header_line in
        $header_pat": "*)
            printf '%s\n' "${header_line#*: }"
            return
            ;;
        esac
    done <"$1"
}
CR=$(printf '\r')

# user_id NAME
user_id() {
    "$MF" --db "$DB" user list | awk -v e="$1@example.no" '$2 == e { print $1 }'
}

# The security headers every response carries.
check_security_headers() {
    what=$1
    case "$(header Content-Security-Policy)" in
    *"script-src 'self'"*"frame-ancestors 'none'"*) ;;
    *) fail "$what: Content-Security-Policy missing or without script-src 'self' and frame-ancestors 'none'" ;;
    esac
    check "$what: X-Content-Type-Options" nosniff "$(header X-Content-Type-Options)"
    check "$what: X-Frame-Options" DENY "$(header X-Frame-Options)"
    check "$what: Referrer-Policy" no-referrer "$(header Referrer-Policy)"
}

# A problem document: the content type and the members RFC 9457 names.
check_problem() {
    what=$1 status=$2
    check "$what: status" "$status" "$STATUS"
    check "$what: content type" application/problem+json "$(header Content-Type)"
    jset problem_status .status problem_type .type \
        problem_title '.title // empty' problem_detail '.detail // empty'
    check "$what: problem status" "$status" "$problem_status"
    case "$problem_type" in
    urn:masseflyt:problem:*) ;;
    *) fail "$what: problem type '$problem_type'" ;;
    esac
    [ -n "$problem_title" ] || fail "$what: problem without title"
    [ -n "$problem_detail" ] || fail "$what: problem without detail"
}

finish() {
    name=$1
    if [ "$FAILS" -gt 0 ]; then
        echo "$name: $FAILS of $CHECKS checks failed"
        echo "--- server stderr:" >&2
        cat "$T/err.log" >&2 || true
        exit 1
    fi
    echo "$name: $CHECKS checks passed"
}

# big_lots FILE - writes 4,000 more lots of the test registry's projects
# (p-svv, p-bn) to FILE, the same every time, so that a plan or a
# comparison takes a moment to solve (for cancel tests).
big_lots() {
    awk 'BEGIN { srand(3)
        print "id,kind,project,site,material,use,quantity,unit,from,to,public,x,y,epsg,source,note"
        split("leire sprengstein morene", m, " ")
        for (i = 0; i < 4000; i++) {
            k = (i % 2) ? "supply" : "demand"; u = (k == "demand") ? "fyllmasse" : ""
            mo = 1 + int(rand() * 12)
            printf "g%d,%s,%s,,%s,%s,%d,t,2025-%02d-01,2025-%02d-28,1,%.4f,%.4f,4326,estimate: test,\n",
                i, k, (i % 3) ? "p-svv" : "p-bn", m[1 + int(rand() * 3)], u,
                100 + int(rand() * 5000), mo, mo, 10 + rand() * 1.2, 59.5 + rand() * 0.8
        } }' >"$1"
}
