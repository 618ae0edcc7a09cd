#!/usr/bin/env bash
# The README's second command: every suite (GoogleTest, pg_regress, pgTAP,
# backup and upgrade), ending with one line "N passed, N failed".
source "$(dirname "$0")/common.sh"
ensure_packages
build_and_install

POD_RESULTS="$(mktemp)"
export POD_RESULTS
LOGS="$POD_ROOT/build/test-logs"
mkdir -p "$LOGS"
export POD_LOGS="$LOGS"

echo "== GoogleTest (pure C++ core)"
set +e
cmake -S "$POD_ROOT" -B "$POD_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$LOGS/cmake.log" 2>&1 &&
    cmake --build "$POD_ROOT/build" -j"$(nproc)" >>"$LOGS/cmake.log" 2>&1
build_rc=$?
if [ $build_rc -ne 0 ]; then
    tail -30 "$LOGS/cmake.log"
    record gtest 0 1
else
    (cd "$POD_ROOT/build" && ctest --output-on-failure) >"$LOGS/ctest.log" 2>&1
    rc=$?
    total=$(sed -nE 's/.* tests failed out of ([0-9]+).*/\1/p' "$LOGS/ctest.log")
    failed=$(sed -nE 's/.*, ([0-9]+) tests failed out of.*/\1/p' "$LOGS/ctest.log")
    total=${total:-0}; failed=${failed:-0}
    if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    [ "$failed" -ne 0 ] && grep -E 'FAILED|Failure' "$LOGS/ctest.log" | head -20
    record gtest $((total - failed)) "$failed"
fi

echo "== database suites (throwaway cluster from pg_virtualenv)"
clean_stale_virtualenv
pg_virtualenv bash "$POD_ROOT/scripts/db_suites.sh"
virtualenv_rc=$?
set -e

echo "== sanitizers: ASan + UBSan build on a private cluster (test/sanitize.sh)"
if [ "${POD_SKIP_SANITIZE:-0}" = 1 ]; then
    echo "   skipped (POD_SKIP_SANITIZE=1)"
else
    bash "$POD_ROOT/test/sanitize.sh" >"$LOGS/sanitize.log" 2>&1
    record_tap sanitizers "$LOGS/sanitize.log" $?
fi

passed=$(awk '{p += $2} END {print p + 0}' "$POD_RESULTS")
failed=$(awk '{f += $3} END {print f + 0}' "$POD_RESULTS")
if [ $virtualenv_rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -f "$POD_RESULTS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
