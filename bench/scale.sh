#!/usr/bin/env bash
# A tenant's cost as other tenants' data grows: bash bench/scale.sh [--quick]
#
# One database grown in steps to 100,000, 1,000,000 and 10,000,000 finished
# activities of 1,000 clients (--quick: the first two). Fixed across the steps:
# the measured tenant's own 1,000 activities and a backlog of 19,980 due ones
# (put back to pending before every run). At each step, in the same cluster:
#   - a tenant's dashboard page under row-level security (1 client, pgbench):
#       SELECT id, status, scheduled_for FROM pod_amplify.pod_activities
#       ORDER BY scheduled_for DESC LIMIT 20
#   - the engine's claim + complete, batch 1 and batch 10, 4 clients
#   - their floors: the same claims and completions as plain UPDATEs with
#     every trigger off (bench/scripts/floor_claim_complete_*.sql), so that
#     what the table itself loses is told apart from what pod_amplify adds
# and each figure's ratio to the 100,000 step (target: >= 0.8 at 10,000,000).
# Last, on the largest table: the batch-10 floor again without the lease index
# (the one index a claim's columns are in), with the share of its updates that
# were HOT: what claims that add no index entries would buy at that size.
# A private cluster (scripts/sandbox.sh): nothing else on the machine is used.
# Writes bench/SCALE.md and bench/scale.png.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
POD_PACKAGES+=(gnuplot-nox)
ensure_packages
source scripts/sandbox.sh
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then STEPS="100000 1000000"; SECS=5; RUNS=1; else STEPS="100000 1000000 10000000"; SECS=10; RUNS=3; fi
out=bench/out/scale; mkdir -p "$out"
tree="$POD_ROOT/build/bench-scale"
sandbox_stop_all "$tree" 2>/dev/null || true
rm -rf "$tree"; mkdir -p "$tree"
sandbox_tree "$tree"
sandbox_start "$tree" main -c shared_buffers=1GB -c synchronous_commit=off -c max_connections=50 \
    -c maintenance_work_mem=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min
trap 'sandbox_stop_all "$tree"' EXIT
export PATH="$SANDBOX_BIN:$PATH"
db=pod_scale
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
createdb "$db"
q -c "CREATE EXTENSION pod_amplify" -f bench/scale_setup.sql >/dev/null

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# tps of a pgbench script: median of RUNS runs, after a reset each. A run is
# SECS seconds (reads), or, for claims, a fixed number of transactions that
# takes 16,000 of the 19,980 backlog activities: a drained backlog would make
# empty claims look fast.
tps() {
    local script=$1 clients=$2 user=$3 options=$4 batch=${5:-0} length
    if [ "$batch" -gt 0 ]; then length="-t $(( 16000 / clients / batch ))"; else length="-T $SECS"; fi
    for _ in $(seq $RUNS); do
        q -c "SELECT public.scale_reset()" -c "VACUUM ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members" >/dev/null
        # shellcheck disable=SC2086
        PGOPTIONS="$options" pgbench -n -U "$user" -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" $length \
            -f "$script" "$db" 2>&1 | sed -nE 's/^tps = ([0-9]+)[.0-9]* .*/\1/p'
    done | median
}

: >"$out/scale.dat"
declare -A base
rows_md=()
for step in $STEPS; do
    t0=$(date +%s)
    q -c "SELECT public.scale_grow($step)" >/dev/null
    q -c "VACUUM ANALYZE" >/dev/null
    built=$(( $(date +%s) - t0 ))
    total=$(q -c "SELECT count(*) FROM pod_amplify.pod_activities")
    size=$(q -c "SELECT pg_size_pretty(pg_total_relation_size('pod_amplify.pod_activities'))")
    page=$(tps bench/scripts/scale_page.sql 1 scale_tenant "")
    page_nojit=$(tps bench/scripts/scale_page.sql 1 scale_tenant "-c jit=off")
    c1=$(tps bench/scripts/claim_complete_1.sql 4 postgres "-c pod_amplify.retry_jitter=0" 1)
    c10=$(tps bench/scripts/claim_complete_10.sql 4 postgres "-c pod_amplify.retry_jitter=0" 10)
    f1=$(tps bench/scripts/floor_claim_complete_1.sql 4 postgres "-c session_replication_role=replica" 1)
    f10=$(tps bench/scripts/floor_claim_complete_10.sql 4 postgres "-c session_replication_role=replica" 10)
    [ -z "${base[page]:-}" ] && base[page]=$page base[nojit]=$page_nojit base[c1]=$c1 base[c10]=$c10 \
        base[f1]=$f1 base[f10]=$f10
    r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
    echo "$total $page $c1 $c10 $(r "$page" "${base[page]}") $(r "$c1" "${base[c1]}") $(r "$c10" "${base[c10]}") $(r "$page_nojit" "${base[nojit]}") $(r "$f1" "${base[f1]}") $(r "$f10" "${base[f10]}")" >>"$out/scale.dat"
    line="| $(printf "%'d" "$total") ($size, built in ${built} s) | $page ($(r "$page" "${base[page]}")) | $page_nojit ($(r "$page_nojit" "${base[nojit]}")) | $c1 ($(r "$c1" "${base[c1]}")) | $f1 ($(r "$f1" "${base[f1]}")) | $c10 ($(r "$c10" "${base[c10]}")) | $f10 ($(r "$f10" "${base[f10]}")) |"
    rows_md+=("$line"); echo "$line" >&2
done

# The batch-10 floor on the largest table with and without the lease index:
# tps (median) and the share of the run's updates that were HOT (one run more,
# counted by pg_stat_user_tables). The table is the benchmark's own; nothing
# runs on it after this.
hot_share() {
    local script=$1 before after
    q -c "SELECT public.scale_reset()" -c "VACUUM ANALYZE pod_amplify.pod_activities" >/dev/null
    before=$(q -c "SELECT n_tup_upd || ' ' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relid = 'pod_amplify.pod_activities'::regclass")
    PGOPTIONS="-c session_replication_role=replica" pgbench -n -U postgres -c 4 -j 2 -t 400 -f "$script" "$db" >/dev/null 2>&1
    sleep 1
    after=$(q -c "SELECT n_tup_upd || ' ' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relid = 'pod_amplify.pod_activities'::regclass")
    awk -v b="$before" -v a="$after" 'BEGIN {split(b, x, " "); split(a, y, " "); d = y[1] - x[1];
        printf "%d of %d (%.0f %%)", y[2] - x[2], d, d ? 100 * (y[2] - x[2]) / d : 0}'
}
probe_with=$(tps bench/scripts/floor_claim_complete_10.sql 4 postgres "-c session_replication_role=replica" 10)
hot_with=$(hot_share bench/scripts/floor_claim_complete_10.sql)
q -c "DROP INDEX pod_amplify.pod_activities_lease_idx"
probe_without=$(tps bench/scripts/floor_claim_complete_10.sql 4 postgres "-c session_replication_role=replica" 10)
hot_without=$(hot_share bench/scripts/floor_claim_complete_10.sql)
echo "lease index probe: with $probe_with tps ($hot_with HOT), without $probe_without tps ($hot_without HOT)" >&2

gnuplot <<PLOT 2>/dev/null || echo "gnuplot failed; no plot" >&2
set terminal pngcairo size 800,480
set output "bench/scale.png"
set title "a tenant's cost as the activities of 1,000 clients grow (ratio to 100,000)"
set xlabel "activities in pod_activities"; set ylabel "throughput / throughput at 100,000"; set logscale x
set yrange [0:1.6]; set key bottom left; set grid
plot "$out/scale.dat" using 1:5 with linespoints title "tenant's dashboard page (1 client), JIT on (default)", \
     "" using 1:8 with linespoints title "tenant's dashboard page, jit = off", \
     "" using 1:6 with linespoints title "claim + complete, batch 1 (4 clients)", \
     "" using 1:7 with linespoints title "claim + complete, batch 10 (4 clients)", \
     "" using 1:9 with linespoints dashtype 3 title "floor, batch 1", \
     "" using 1:10 with linespoints dashtype 3 title "floor, batch 10", \
     0.8 with lines dashtype 2 title "target 0.8"
PLOT
{
    echo "# A tenant's cost as other tenants' data grows"
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, PostgreSQL $(pg_config --version | awk '{print $2}'),"
    echo "a private cluster with shared_buffers=1GB, synchronous_commit=off. $(date -u +%Y-%m-%d)."
    echo "Produced by \`bash bench/scale.sh$([ $QUICK = 1 ] && echo ' --quick')\`: one database grown in steps; at each step"
    echo "the median of $RUNS run(s) (the page: $SECS s; claims: 16,000 activities of the backlog), transactions per second"
    echo "(ratio to the first step)."
    echo "1,000 clients; the measured tenant's own 1,000 activities and a backlog of 19,980 due ones stay"
    echo "the same at every step; everything added is other tenants' finished activities."
    echo
    echo "| activities (table + indexes) | tenant's dashboard page, 1 client | the page with jit = off | claim + complete, batch 1, 4 clients | its floor | claim + complete, batch 10, 4 clients | its floor |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows_md[@]}"
    echo
    echo "The batch-10 floor on the largest table, then without \`pod_activities_lease_idx\` (so that a claim, which"
    echo "changes only the lease columns, can be a HOT update and add no index entry); HOT share counted over one more run"
    echo "of 400 transactions a client:"
    echo
    echo "| batch-10 floor, $(printf "%'d" "$total") activities | tps | updates that were HOT |"
    echo "|---|---|---|"
    echo "| with the lease index (as shipped) | $probe_with | $hot_with |"
    echo "| without it | $probe_without | $hot_without |"
    echo
    echo "![ratio to 100,000 against activities](scale.png)"
    echo
    cat bench/SCALE_NOTES.md
} >bench/SCALE.md
echo "wrote bench/SCALE.md and bench/scale.png" >&2
