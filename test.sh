#!/bin/sh
# test.sh - set up what is missing, build with warnings as errors (the
# Release build type ./run.sh makes), and pass
# the whole test suite: unit, integration (CLI), fuzz-corpus replays and
# the solver's agreement with GLPK, the store on a throwaway PostgreSQL
# cluster, then the unit, integration and PostgreSQL tests once more under
# AddressSanitizer and UBSan, then the format check.
set -eu
cd "$(dirname "$0")"

scripts/install-deps --test
jobs=$(nproc 2>/dev/null || echo 2)

# The tests run on the build type ./run.sh makes (Release, -O3), so that
# one build shows that the program compiles cleanly there with the same
# warnings as errors (which the optimiser sees more of) and passes the
# tests; the product has no assert() that NDEBUG would take out.
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMF_BENCH=ON >/dev/null
cmake --build build-test
(cd build-test && ctest --output-on-failure -j "$jobs")

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DMF_SANITIZE=ON -DMF_BENCH=OFF >/dev/null
cmake --build build-asan
(cd build-asan && ctest --output-on-failure -j "$jobs" -L 'unit|integration|fuzz|pg' -LE slow)

scripts/check-banned.sh
scripts/check-format.sh
