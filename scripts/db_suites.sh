#!/usr/bin/env bash
# Every suite that needs a server, against the sandbox cluster scripts/test.sh
# started (PGHOST, PGPORT, PGUSER, SANDBOX_LOG set). Appends its counts to
# $POD_RESULTS.
source "$(dirname "$0")/common.sh"
set +e
cd "$POD_ROOT"

echo "-- pg_regress (make installcheck)"
make -s installcheck >"$POD_LOGS/regress.log" 2>&1
rc=$?
[ $rc -ne 0 ] && { cat "$POD_LOGS/regress.log" | tail -20; [ -f regression.diffs ] && head -80 regression.diffs; }
record_regress pg_regress "$POD_LOGS/regress.log" $rc

# pgTAP suites, each against a database at the version it describes.
run_pgtap() {
    local suite=$1 db=$2; shift 2
    pg_prove -v -d "$db" "$@" >"$POD_LOGS/$suite.log" 2>&1
    record_tap "$suite" "$POD_LOGS/$suite.log" $?
}
# The older tests, unchanged, on databases still at 1.0 and 1.1 (served by this
# library) and on a database upgraded from 1.0.
for variant in 1_0 1_1 upgraded; do
    bash test/upgrade/regress_variant.sh $variant >"$POD_LOGS/regress_$variant.log" 2>&1
    rc=$?
    [ $rc -ne 0 ] && tail -40 "$POD_LOGS/regress_$variant.log"
    record_regress "pg_regress_on_$variant" "$POD_LOGS/regress_$variant.log" $rc
done

echo "-- pgTAP"
# Behaviour suites every version from 1.1 on must pass.
behaviour=(test/pgtap/rules/*.sql test/pgtap/rules_1_1/*.sql test/pgtap/engine/*.sql test/pgtap/security/*.sql)
fresh_db tap_1_0 1.0
run_pgtap pgtap_schema_1_0 tap_1_0 test/pgtap/schema_1_0/*.sql
run_pgtap pgtap_rules_on_1_0 tap_1_0 test/pgtap/rules/*.sql
fresh_db tap_1_1 1.0
psql -X -q -d tap_1_1 -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'"
run_pgtap pgtap_on_1_1 tap_1_1 test/pgtap/schema_1_1/*.sql "${behaviour[@]}"
fresh_db tap_fresh
run_pgtap pgtap_1_2_on_fresh tap_fresh test/pgtap/schema_1_2/*.sql "${behaviour[@]}" test/pgtap/v1_2/*.sql
fresh_db tap_upgraded 1.0
psql -X -q -d tap_upgraded -c "ALTER EXTENSION pod_amplify UPDATE"
run_pgtap pgtap_1_2_on_upgraded tap_upgraded test/pgtap/schema_1_2/*.sql "${behaviour[@]}" test/pgtap/v1_2/*.sql

echo "-- upgrades 1.0 -> 1.1 -> 1.2"
bash test/upgrade/upgrade.sh >"$POD_LOGS/upgrade.log" 2>&1
record_tap upgrade "$POD_LOGS/upgrade.log" $?

echo "-- the attack suite: hostile tenants, careless operators, races (test/security)"
bash test/security/run.sh >"$POD_LOGS/security.log" 2>&1
record_tap security "$POD_LOGS/security.log" $?
grep -E '^# (class|[0-9]+ pg_dump)' "$POD_LOGS/security.log"
echo "-- interleavings: two sessions in a fixed order, each order (test/security/interleavings)"
bash test/security/interleavings/run.sh >"$POD_LOGS/interleavings.log" 2>&1
record_tap interleavings "$POD_LOGS/interleavings.log" $?

echo "-- the reference worker against a fake Unipile, through PgBouncer (test/worker)"
for s in config faults chaos drop_after lost_answers held_members held_restart held_client held_clients bad_answers oversized_values old_loop; do
    bash test/worker/$s.sh >"$POD_LOGS/worker_$s.log" 2>&1
    record_tap "worker_$s" "$POD_LOGS/worker_$s.log" $?
    grep '^# \(figures\|old loop\|drop-after\)' "$POD_LOGS/worker_$s.log"
done

echo "-- workers: NOTIFY and 4 parallel sessions on one backlog"
bash test/engine/workers.sh >"$POD_LOGS/workers.log" 2>&1
record_tap workers "$POD_LOGS/workers.log" $?

echo "-- bad input: the seeded fuzz corpus"
bash test/fuzz/fuzz.sh "${POD_FUZZ_SEED:-42}" "${POD_FUZZ_CALLS:-3000}" >"$POD_LOGS/fuzz.log" 2>&1
record_tap fuzz "$POD_LOGS/fuzz.log" $?
grep '^#' "$POD_LOGS/fuzz.log" | head -12

echo "-- soak under faults (quick; test/soak/soak.sh --long for the long one)"
bash test/soak/soak.sh >"$POD_LOGS/soak.log" 2>&1
record_tap soak "$POD_LOGS/soak.log" $?
grep '^#' "$POD_LOGS/soak.log" | head -4

echo "-- retention online, from pg_cron (a cluster of its own with pg_cron preloaded)"
bash test/retention/cron.sh >"$POD_LOGS/retention_cron.log" 2>&1
record_tap retention_cron "$POD_LOGS/retention_cron.log" $?

echo "-- backup round trip"
bash test/backup/roundtrip.sh >"$POD_LOGS/backup.log" 2>&1
record_tap backup_roundtrip "$POD_LOGS/backup.log" $?

# A crash anywhere above shows in the server log of this cluster.
log=${SANDBOX_LOG:-}
if [ -n "$log" ] && grep -qE 'terminated by signal|was terminated' "$log"; then
    grep -E 'terminated by signal|was terminated' "$log" | head
    record server_log_no_crash 0 1
else
    record server_log_no_crash 1 0
fi
exit 0
