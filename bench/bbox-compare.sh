#!/bin/bash
# bbox-compare.sh - the bbox read of two builds of the server compared
# byte for byte: N (default 1000) random boxes, pages and filters, each
# asked of both servers as the public, an authority, an editor of the lots'
# organisation and an editor of another one. Not a test: a check to run
# after a change to the read model (bench/wrk.sh makes BIG_DB).
#
#   bench/bbox-compare.sh OLD_MF NEW_MF DB [N] [SEED]
#
# DB is copied (twice: one copy a server); it is expected to have the
# accounts bench/wrk.sh adds (bench@example.no, an authority) and lots of
# an organisation "org" (plan_bench --lots-csv); an organisation "other"
# and the two editors are added to the copy. Prints the number of answers
# compared and the first that differ; exits 1 when any differ.
set -u
[ $# -ge 3 ] || {
    echo "usage: bench/bbox-compare.sh OLD_MF NEW_MF DB [N] [SEED]" >&2
    exit 2
}
old=$1 new=$2 db=$3 n=${4:-1000} seed=${5:-1}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export MASSEFLYT_DATA=$root/data
out=${OUT:-$root/bench/out/compare}
PW='bench password 4 wrk runs'
mkdir -p "$out"
rm -f "$out"/*.db "$out"/*.db-wal "$out"/*.db-shm
cp "$db" "$out/base.db" || exit 1
printf 'id,orgnr,name,public,note\nother,917082308,Other,1,bench\n' \
    >"$out/orgs.csv"
"$new" -q --db "$out/base.db" import "$out/orgs.csv" >/dev/null || exit 1
for o in org other; do
    echo "$PW" | "$new" --db "$out/base.db" user add \
        --email "ed-$o@example.no" --name "Editor $o" --role editor --org "$o" \
        >/dev/null || exit 1
done

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done; }
trap cleanup EXIT
# start NAME MF: a server on a copy of the database; its base URL into
# base_NAME.
start() {
    cp "$out/base.db" "$out/$1.db" || exit 1
    "$2" --db "$out/$1.db" serve --port 0 --threads 2 --no-access-log \
        >/dev/null 2>"$out/$1-server.log" &
    pids+=($!)
    until grep -q 'listening on' "$out/$1-server.log"; do
        kill -0 "${pids[-1]}" 2>/dev/null || {
            cat "$out/$1-server.log" >&2
            exit 1
        }
        sleep 0.1
    done
    printf -v "base_$1" '%s' "$(sed -n \
        's#.*listening on \(http://[0-9.:]*\)/.*#\1#p' "$out/$1-server.log")"
}
login() { # BASE EMAIL: the session cookie
    curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"email\":\"$2\",\"password\":\"$PW\"}" "$1/api/v1/session" |
        sed -n 's/^Set-Cookie: mf_session=\([^;]*\).*/\1/p'
}
start old "$old"
start new "$new"
who=(public bench@example.no ed-org@example.no ed-other@example.no)
declare -A cookie
for b in old new; do
    url=base_$b
    for w in "${who[@]:1}"; do
        cookie[$b$w]=$(login "${!url}" "$w")
        [ -n "${cookie[$b$w]}" ] || {
            echo "login of $w failed on $b" >&2
            exit 1
        }
    done
done
# Random queries: a box around a random lot's place (from 0.001 to 2
# degrees a side), a page (limit 1 to 500, offset 0 to 2000), and in one
# query of four a filter (kind, material or municipality).
sqlite3 "$out/base.db" "SELECT lon, lat FROM lot WHERE lon IS NOT NULL
    ORDER BY random() LIMIT $n" >"$out/places.txt"
awk -F'|' -v seed="$seed" 'BEGIN { srand(seed) }
    {
        w = 0.001 * exp(log(2000) * rand()); h = w * (0.3 + rand());
        lon = $1 + (rand() - 0.5) * w; lat = $2 + (rand() - 0.5) * h;
        x0 = lon - w / 2; x1 = lon + w / 2; y0 = lat - h / 2; y1 = lat + h / 2;
        if (x0 < -180) x0 = -180; if (x1 > 180) x1 = 180;
        if (y0 < -90) y0 = -90; if (y1 > 90) y1 = 90;
        split("1 10 100 100 100 500", lims, " ");
        q = sprintf("bbox=%.6f,%.6f,%.6f,%.6f&limit=%d&offset=%d", x0, y0, x1,
                    y1, lims[1 + int(rand() * 6)],
                    rand() < 0.5 ? 0 : int(rand() * 2000));
        r = rand();
        if (r < 0.08) q = q "&kind=supply";
        else if (r < 0.16) q = q "&material=sprengstein";
        else if (r < 0.20) q = q "&municipality=0301&kind=demand";
        print q
    }' "$out/places.txt" >"$out/queries.txt"
same=0 differ=0
while read -r q; do
    for w in "${who[@]}"; do
        for b in old new; do
            url=base_$b
            if [ "$w" = public ]; then
                curl -s -o "$out/$b.json" "${!url}/api/v1/lots?$q"
            else
                curl -s -o "$out/$b.json" -H "Cookie: mf_session=${cookie[$b$w]}" \
                    "${!url}/api/v1/lots?$q"
            fi
        done
        if cmp -s "$out/old.json" "$out/new.json" && [ -s "$out/new.json" ]; then
            same=$((same + 1))
        else
            differ=$((differ + 1))
            [ $differ -le 5 ] && echo "differ: $w $q" >&2
        fi
    done
done <"$out/queries.txt"
echo "$((same + differ)) answers compared ($n queries x ${#who[@]} viewers): $same identical, $differ differ"
[ $differ -eq 0 ]
