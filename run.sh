#!/bin/sh
# run.sh - set up what is missing, build, and run masseflyt on its bundled
# demo region (Oslo, Akershus, Buskerud, Østfold) with the embedded SQLite
# store: import, validate, mass balance, plan against today's practice,
# policy scenarios, and the report (HTML, PDF, XLSX). Then it makes one
# demo account per role and serves the web UI and the API on the demo
# database in the foreground (`masseflyt serve`) until Ctrl-C.
#
#   ./run.sh            all of it, then the server (port $MASSEFLYT_PORT,
#                       default 8080)
#   ./run.sh --batch    without the server (CI and scripts)
#
# Everything it writes goes to out/ (the database, plans, the report).
set -eu
cd "$(dirname "$0")"

batch=0
case "${1:-}" in
--batch) batch=1 ;;
"") ;;
*)
    echo "usage: ./run.sh [--batch]" >&2
    exit 2
    ;;
esac

scripts/install-deps
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMF_TESTS=OFF \
    -DMF_BENCH=OFF >/dev/null
if ! cmake --build build >build/build.log 2>&1; then
    cat build/build.log >&2
    echo "run.sh: the build failed (above; build/build.log)" >&2
    exit 1
fi

mf=build/masseflyt
echo "The program is $(pwd)/build/masseflyt. To call it as masseflyt:"
echo "  export PATH=\"$(pwd)/build:\$PATH\"   # this shell only"
echo "  sudo cmake --install build              # /usr/local: the program, its data, web UI, man page"
echo
mkdir -p out
rm -f out/demo.db out/demo.db-wal out/demo.db-shm
export MASSEFLYT_DB=out/demo.db

echo "== The registry: the demo region"
$mf init
$mf import data/demo/orgs.csv data/demo/projects.csv data/demo/sites.csv \
    data/demo/lots.csv 2>out/import-notes.txt
echo "(the rules' notes on the import are in out/import-notes.txt)"

echo
echo "== Validation against the rules (data/rules.csv)"
# Exit status 1 means some lots are refused as out of scope: expected here,
# the demo holds the government quarter's alum shale.
status=0
$mf validate || status=$?
[ "$status" -le 1 ] || exit "$status"

echo
echo "== Mass balance per material and year"
$mf balance

echo
echo "== Plan for the whole region, against today's practice (and no reuse)"
# Its last lines include the calibration check: today's practice's reuse
# share and whether it lies within the published range (data/practice.csv).
$mf plan --csv out/plan-flows.csv --geojson out/plan-flows.geojson \
    --lp out/plan-network.lp

echo
echo "== Chain of custody: the demo's seeded load tickets, and the checks"
# 400 loads that follow the plan with one injected fault of every kind;
# check names each with its evidence and exits 1 (expected here).
$mf custody secret demo-custody-secret >/dev/null
$mf custody generate --seed 11 --tickets 400 --faults 1 \
    --as-of "2030-12-31 18:00" >/dev/null
status=0
$mf custody check --as-of "2030-12-31 18:00" || status=$?
[ "$status" -le 1 ] || exit "$status"

echo
echo "== Policy scenarios"
$mf scenario compare base tax co2 storage crushing electric haul flex public

echo
echo "== Report"
$mf report --out out/report --title "Oslo, Akershus, Buskerud og Østfold (demoregion)"

[ "$batch" = 1 ] && exit 0

echo
echo "== The web UI and the API"
# One account per role, for this demo only: the passwords are made anew at
# every run and printed here; never use these accounts on real data.
demo_pw() { od -An -N9 -tx1 /dev/urandom | tr -d ' \n'; }
pw_admin=$(demo_pw) pw_editor=$(demo_pw) pw_authority=$(demo_pw)
echo "$pw_admin" | $mf user add --email admin@demo.example.no \
    --name "Demo administrator" --role administrator >/dev/null
echo "$pw_editor" | $mf user add --email editor@demo.example.no \
    --name "Demo editor (Demo developer)" --role editor --org demo >/dev/null
echo "$pw_authority" | $mf user add --email authority@demo.example.no \
    --name "Demo authority" --role authority >/dev/null
port=${MASSEFLYT_PORT:-8080}
echo "Demo accounts (demo only; new passwords at every run):"
echo "  administrator  admin@demo.example.no      $pw_admin"
echo "  editor (demo)  editor@demo.example.no     $pw_editor"
echo "  authority      authority@demo.example.no  $pw_authority"
echo "Open http://127.0.0.1:$port/ in a browser; the API is under"
echo "http://127.0.0.1:$port/api/v1/ (docs/API.md). Ctrl-C stops the server."
exec $mf serve --port "$port" --no-access-log
