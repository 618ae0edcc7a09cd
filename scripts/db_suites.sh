#!/usr/bin/env bash
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER set): every suite that needs
# a server. Appends its counts to $POD_RESULTS; see scripts/test.sh.
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
echo "-- pgTAP"
fresh_db tap_1_0 1.0
run_pgtap pgtap_schema_1_0 tap_1_0 test/pgtap/schema_1_0/*.sql
run_pgtap pgtap_rules_on_1_0 tap_1_0 test/pgtap/rules/*.sql

echo "-- backup round trip"
bash test/backup/roundtrip.sh >"$POD_LOGS/backup.log" 2>&1
record_tap backup_roundtrip "$POD_LOGS/backup.log" $?

# A crash anywhere above shows in the server log of this cluster.
log=$(ls /var/log/postgresql/postgresql-*-regress.log 2>/dev/null | head -1)
if [ -n "$log" ] && grep -qE 'terminated by signal|was terminated' "$log"; then
    grep -E 'terminated by signal|was terminated' "$log" | head
    record server_log_no_crash 0 1
else
    record server_log_no_crash 1 0
fi
exit 0
