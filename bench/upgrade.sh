#!/usr/bin/env bash
# Upgrade benchmark: 1,000,000 activities and 100,000 members at 1.0, then
# ALTER EXTENSION ... UPDATE TO '1.1', the backfill, then UPDATE TO '1.2'.
# Reports each step's time and how long a reader and writers in other sessions
# were blocked (the ACCESS EXCLUSIVE and
# SHARE lock time they saw), against SELECT count(*) over the same tables in
# the same run; then the online backfill's rate. Run inside pg_virtualenv, or
# plainly (it starts one): bash bench/upgrade.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
    source scripts/common.sh
    rerun_in_throwaway_cluster "$0" -- "$@"
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

# Runs ALTER EXTENSION ... UPDATE TO $1 while three probes (a reader of
# pod_activities, a writer of pods, a writer of pod_activities) measure how long
# it blocked them; sets upgrade, read_wait, pods_wait, activities_wait.
probed_upgrade() {
    local target=$1 mode pids=()
    for mode in read write_pods write_activities; do
        psql -X -q -d "$db" -v mode=$mode -v target="$target" -f bench/upgrade_probe.sql 2>"/tmp/pod_probe_$mode.$$" &
        pids+=($!)
    done
    sleep 1
    t=$(ms); q -c "ALTER EXTENSION pod_amplify UPDATE TO '$target'" 2>/dev/null; upgrade=$(( $(ms) - t ))
    wait "${pids[@]}"
    wait_of() { sed -nE 's/.*longest_wait_ms=([0-9.]+).*/\1/p' "/tmp/pod_probe_$1.$$"; }
    read_wait=$(wait_of read); pods_wait=$(wait_of write_pods); activities_wait=$(wait_of write_activities)
    rm -f /tmp/pod_probe_*."$$"
}
probed_upgrade 1.1
up11=$upgrade; read11=$read_wait; pods11=$pods_wait; act11=$activities_wait
same=$(q -c "SELECT relfilenode = $relfile FROM pg_class WHERE oid = 'pod_amplify.pod_activities'::regclass")

# The online backfill's rate, to the end (members first).
t=$(ms); done_rows=0
while :; do n=$(q -c "SELECT pod_amplify.backfill(10000)"); [ "$n" = 0 ] && break; done_rows=$((done_rows + n)); done
backfill_ms=$(( $(ms) - t ))

# 1.1 -> 1.2 on the backfilled database, probed the same way.
relfile=$(q -c "SELECT relfilenode FROM pg_class WHERE oid = 'pod_amplify.pod_activities'::regclass")
q -c "VACUUM ANALYZE" -c "CHECKPOINT"
probed_upgrade 1.2
same12=$(q -c "SELECT relfilenode = $relfile FROM pg_class WHERE oid = 'pod_amplify.pod_activities'::regclass")

cat <<REPORT
| upgrade ($counts) | 1.0 -> 1.1 | 1.1 -> 1.2 |
|---|---|---|
| ALTER EXTENSION pod_amplify UPDATE (floor: count(*) of activities and members, median of 5: ${floor} ms) | ${up11} ms | ${upgrade} ms |
| longest wait of a reader of pod_activities | ${read11} ms | ${read_wait} ms |
| longest wait of a writer of pod_activities | ${act11} ms | ${activities_wait} ms |
| longest wait of a writer of pods | ${pods11} ms | ${pods_wait} ms |
| pod_activities rewritten | $([ "$same" = t ] && echo no || echo YES) | $([ "$same12" = t ] && echo no || echo YES) |

Online backfill after 1.1: $done_rows rows in ${backfill_ms} ms ($(awk -v r=$done_rows -v m=$backfill_ms 'BEGIN {printf "%.0f", r * 1000 / m}') rows/s).
REPORT
dropdb "$db"
