#!/bin/sh
# lang.test.sh - the server's problem details in the client's language:
# with Accept-Language asking for bokmål (nb, nb-NO, no, nn, or bokmål
# weighted above English) the titles and general details come from the
# message catalogue in bokmål, else in English; a library error's own
# message too (mf_error_text). Each case is asked in both languages.
. "$(dirname "$0")/lib.sh"

make_db
start_server --static none --max-body 2048 --lockout 60
login admin
login authority
login editA

# ask LANG ROLE METHOD PATH [BODY] [curl args]: req with Accept-Language.
ask() {
    l=$1
    shift
    r=$1 m=$2 p=$3
    shift 3
    b=""
    if [ $# -gt 0 ]; then
        b=$1
        shift
    fi
    req "$r" "$m" "$p" "$b" -H "Accept-Language: $l" "$@"
}

# both WHAT STATUS TITLE_NB TITLE_EN DETAIL_NB DETAIL_EN ROLE METHOD PATH
# [BODY] [curl args]: the same request in bokmål and in English.
both() {
    # (check_problem sets `what` and `status`: other names here)
    w=$1 st=$2 tnb=$3 ten=$4 dnb=$5 den=$6
    shift 6
    ask nb "$@"
    check_problem "$w (nb)" "$st"
    check "$w (nb): title" "$tnb" "$(jbody .title)"
    check "$w (nb): detail" "$dnb" "$(jbody .detail)"
    check "$w (nb): Content-Language" nb "$(header Content-Language)"
    ask en "$@"
    check_problem "$w (en)" "$st"
    check "$w (en): title" "$ten" "$(jbody .title)"
    check "$w (en): detail" "$den" "$(jbody .detail)"
    check "$w (en): Content-Language" en "$(header Content-Language)"
}

both "404 no endpoint" 404 "Ikke funnet" "Not found" \
    "ingen slik adresse i API-et; se /api/v1/openapi.json" \
    "no such endpoint; see /api/v1/openapi.json" public GET /api/v1/nothing
both "405" 405 "Metoden er ikke tillatt" "Method not allowed" \
    "denne adressen svarer ikke på denne metoden" \
    "this endpoint does not answer this method" public PATCH /api/v1/health
both "401" 401 "Ikke innlogget" "Unauthenticated" \
    "logg inn (POST /api/v1/session) eller send et Bearer-token" \
    "log in (POST /api/v1/session) or send a Bearer token" public GET /api/v1/me
both "401 bad token" 401 "Ikke innlogget" "Unauthenticated" \
    "tokenet er ukjent, utløpt eller trukket tilbake" \
    "the token is unknown, expired or revoked" public GET /api/v1/me "" \
    -H "Authorization: Bearer nope"
both "403" 403 "Ingen tilgang" "Forbidden" \
    "bare en administrator kan gjøre dette" \
    "only an administrator may do this" authority GET /api/v1/users
both "413" 413 "Innholdet er for stort" "Content too large" \
    "innholdet i forespørselen er større enn grensen på 2048 byte" \
    "the request body is larger than the limit of 2048 bytes" \
    editA POST /api/v1/lots "{\"id\":\"$(head -c 3000 /dev/zero | tr '\0' x)\"}"
both "415" 415 "Medietypen støttes ikke" "Unsupported media type" \
    "innholdet må sendes som Content-Type: application/json" \
    "the body must be sent as Content-Type: application/json" \
    authority POST /api/v1/plans "" -H 'Content-Type: text/plain' --data-binary x
both "400 malformed" 400 "Ugyldig JSON" "Malformed JSON" \
    "innholdet må være et JSON-objekt" "the body must be a JSON object" \
    authority POST /api/v1/plans '[1]'
both "400 a query value" 400 "Ugyldige data" "Invalid input" \
    "må være et heltall fra 1 til 100" "must be a whole number from 1 to 100" \
    authority GET '/api/v1/plans?limit=500'
# A library error (a rule of the registry), its title from the status
# table and its message from the error record.
both "404 library" 404 "Ikke funnet" "Not found" \
    "ingen slik konto" "no such account" admin GET /api/v1/users/9999

# The weights decide; English when nothing asked for is understood.
ask 'en;q=0.5, nb-NO;q=0.9' public GET /api/v1/nothing
check "weighted: nb above en" "Ikke funnet" "$(jbody .title)"
ask 'nb;q=0.3, en' public GET /api/v1/nothing
check "weighted: en above nb" "Not found" "$(jbody .title)"
ask 'nn' public GET /api/v1/nothing
check "nynorsk reads bokmål" "Ikke funnet" "$(jbody .title)"
ask 'de-DE, fr' public GET /api/v1/nothing
check "not understood: English" "Not found" "$(jbody .title)"
ask 'nb;q=0' public GET /api/v1/nothing
check "q=0 refuses" "Not found" "$(jbody .title)"
req public GET /api/v1/nothing
check "no header: English" "Not found" "$(jbody .title)"
check "no header: Content-Language" en "$(header Content-Language)"
check "Vary" Accept-Language "$(header Vary)"

# 429: five failed logins lock the account; asked in bokmål.
for i in 1 2 3 4 5; do
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
        -H 'Content-Type: application/json' -H 'Accept-Language: nb' \
        --data-binary '{"email":"vicA@example.no","password":"wrong"}' \
        "$BASE/api/v1/session")
done
check "a failed login (nb)" "Innloggingen mislyktes" "$(jbody .title)"
check "a failed login's detail (nb)" "feil e-post eller passord" "$(jbody .detail)"
for l in nb en; do
    STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
        -H 'Content-Type: application/json' -H "Accept-Language: $l" \
        --data-binary '{"email":"vicA@example.no","password":"wrong"}' \
        "$BASE/api/v1/session")
    check_problem "429 ($l)" 429
done
check "429 (en): title" "Too many failed logins" "$(jbody .title)"
STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' -H "Accept-Language: nb-NO,nb;q=0.9" \
    --data-binary '{"email":"vicA@example.no","password":"wrong"}' \
    "$BASE/api/v1/session")
check "429 (nb): title" "For mange mislykkede innlogginger" "$(jbody .title)"
check "429 (nb): detail" \
    "for mange mislykkede innlogginger for denne kontoen eller adressen; prøv igjen senere" \
    "$(jbody .detail)"

# Answers that are not problems stay as they are.
ask nb public GET /api/v1/health
check "health in nb" 200 "$STATUS"
check "health: status" ok "$(jbody .status)"

stop_server
finish lang
