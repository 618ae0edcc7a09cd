#!/usr/bin/env bash
# Upgrade benchmark: 1,000,000 activities and 100,000 members at 1.0, then
# ALTER EXTENSION ... UPDATE TO '1.1'. Reports the upgrade's seconds, how long a
# reader and a writer in other sessions were blocked (the ACCESS EXCLUSIVE and
# SHARE lock time they saw), against SELECT count(*) over the same tables in
# the same run; then the online backfill's rate. Run inside pg_virtualenv, or
# plainly (it starts one): bash bench/upgrade.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
    source scripts/common.sh
    clean_stale_virtualenv
    exec pg_virtualenv bash "$0" "$@"
fi
db=pod_bench_upgrade
ms() { date +%s%3N; }
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
q -c "CREATE EXTENSION pod_amplify VERSION '1.0'"
t=$(ms); q -f bench/upgrade_fixture.sql; echo "fixture built in $(( $(ms) - t )) ms" >&2
q -c "VACUUM ANALYZE" -c "CHECKPOINT"
counts=$(q -c "SELECT (SELECT count(*) FROM pod_amplify.pod_activities) || ' activities, ' || (SELECT count(*) FROM pod_amplify.pod_members) || ' members'")

# The floor: a plain count(*) over the same two tables (median of 5).
floor=$(for i in 1 2 3 4 5; do
    t=$(ms); q -c "SELECT count(*) FROM pod_amplify.pod_activities" -c "SELECT count(*) FROM pod_amplify.pod_members" >/dev/null
    echo $(( $(ms) - t )); done | sort -n | sed -n 3p)
relfile=$(q -c "SELECT relfilenode FROM pg_class WHERE oid = 'pod_amplify.pod_activities'::regclass")

psql -X -q -d "$db" -v write=false -f bench/upgrade_probe.sql 2>"/tmp/pod_probe_read.$$" &
reader=$!
psql -X -q -d "$db" -v write=true -f bench/upgrade_probe.sql 2>"/tmp/pod_probe_write.$$" &
writer=$!
sleep 1
t=$(ms); q -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'"; upgrade=$(( $(ms) - t ))
wait $reader $writer
read_wait=$(sed -nE 's/.*longest_wait_ms=([0-9.]+).*/\1/p' "/tmp/pod_probe_read.$$")
write_wait=$(sed -nE 's/.*longest_wait_ms=([0-9.]+).*/\1/p' "/tmp/pod_probe_write.$$")
rm -f "/tmp/pod_probe_read.$$" "/tmp/pod_probe_write.$$"
same=$(q -c "SELECT relfilenode = $relfile FROM pg_class WHERE oid = 'pod_amplify.pod_activities'::regclass")

# The online backfill's rate, over its first 100,000 rows (members first).
t=$(ms); done_rows=0
while [ $done_rows -lt 100000 ]; do n=$(q -c "SELECT pod_amplify.backfill(10000)"); [ "$n" = 0 ] && break; done_rows=$((done_rows + n)); done
backfill_ms=$(( $(ms) - t ))

cat <<REPORT
| upgrade 1.0 -> 1.1 ($counts) | figure |
|---|---|
| floor: SELECT count(*) over pod_activities and pod_members (median of 5) | ${floor} ms |
| ALTER EXTENSION pod_amplify UPDATE TO '1.1' | ${upgrade} ms ($(awk -v a=$upgrade -v b=$floor 'BEGIN {printf "%.1f", a / b}')x the floor) |
| longest wait of a reader of pod_activities (the ACCESS EXCLUSIVE part) | ${read_wait} ms |
| longest wait of a writer of pods (SHARE + ACCESS EXCLUSIVE: the whole upgrade) | ${write_wait} ms |
| pod_activities rewritten | $([ "$same" = t ] && echo no || echo YES) (relfilenode $([ "$same" = t ] && echo unchanged || echo changed)) |
| online backfill, first $done_rows rows (pod_members, then pod_activities) | ${backfill_ms} ms ($(awk -v r=$done_rows -v m=$backfill_ms 'BEGIN {printf "%.0f", r * 1000 / m}') rows/s) |
REPORT
dropdb "$db"
