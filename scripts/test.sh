#!/usr/bin/env bash
# The README's second command: every suite (GoogleTest, pg_regress, pgTAP,
# upgrade, security, workers, ...), ending with one line "N passed, N failed".
#
# Nothing is installed into this machine's PostgreSQL and none of its clusters
# is touched: the database suites run on a private copy of PostgreSQL with this
# tree's build installed into it (scripts/sandbox.sh), under build/sandbox.
source "$(dirname "$0")/common.sh"
source "$POD_ROOT/scripts/sandbox.sh"
ensure_packages
build

POD_RESULTS="$(mktemp)"
export POD_RESULTS
LOGS="$POD_ROOT/build/test-logs"
rm -rf "$LOGS"
mkdir -p "$LOGS"
export POD_LOGS="$LOGS"

set +e
system_before=$(system_install_fingerprint)

echo "== GoogleTest (pure C++ core)"
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

echo "== database suites (a private PostgreSQL under build/sandbox)"
SANDBOX="$POD_ROOT/build/sandbox"
export SANDBOX
sandbox_stop_all "$SANDBOX" 2>/dev/null
rm -rf "$SANDBOX"; mkdir -p "$SANDBOX"
sandbox_tree "$SANDBOX" && sandbox_start "$SANDBOX" main
sandbox_rc=$?
if [ $sandbox_rc -ne 0 ]; then
    record sandbox 0 1
else
    bash "$POD_ROOT/scripts/db_suites.sh"
    sandbox_stop "$SANDBOX" main
fi

if [ "${POD_HA:-0}" = 1 ]; then
    echo "== high availability: Patroni failovers under load (test/ha/ha.sh, POD_HA=1)"
    HA_TREE="$SANDBOX" bash "$POD_ROOT/test/ha/ha.sh" >"$LOGS/ha.log" 2>&1
    record_tap high_availability "$LOGS/ha.log" $?
    grep -E '^# .*(downtime|acknowledged|failover)' "$LOGS/ha.log" | head -12
fi

echo "== sanitizers: ASan + UBSan build on a private cluster (test/sanitize.sh)"
if [ "${POD_SKIP_SANITIZE:-0}" = 1 ]; then
    echo "   skipped (POD_SKIP_SANITIZE=1)"
else
    bash "$POD_ROOT/test/sanitize.sh" >"$LOGS/sanitize.log" 2>&1
    record_tap sanitizers "$LOGS/sanitize.log" $?
fi

# The machine's own PostgreSQL installation is exactly as it was.
if [ "$(system_install_fingerprint)" = "$system_before" ]; then
    record system_install_untouched 1 0
else
    echo "   the system's PostgreSQL files changed during the run"
    record system_install_untouched 0 1
fi

passed=$(awk '{p += $2} END {print p + 0}' "$POD_RESULTS")
failed=$(awk '{f += $3} END {print f + 0}' "$POD_RESULTS")
rm -f "$POD_RESULTS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
