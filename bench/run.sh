#!/usr/bin/env bash
# The benchmark command: bash bench/run.sh [--quick]
# Everything issue 12 and the earlier tuning asked to show, in one run, written
# to bench/RESULTS.md with its plots:
#   1. bench/scale.sh  - a tenant's page and claim + complete from 100,000 to
#      10,000,000 activities (bench/SCALE.md, bench/scale.png); its own cluster
#   2. bench/drain.sh  - draining a backlog against graphile-worker 0.18 and a
#      SKIP LOCKED floor, 1 / 4 / 8 workers (bench/DRAIN.md); its own cluster
#   3. here, in a throwaway cluster: every engine case against its floor (the
#      plainest SQL doing the same work, same data, same run), throughput
#      against clients (bench/throughput.png), the tenant read with and without
#      the 1.2 indexes (bench/tenant_read.sh) and the upgrade (bench/upgrade.sh).
# --quick: part 3 only, one short run each, to bench/out/RESULTS.quick.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
    if [ "${1:-}" != "--quick" ]; then
        # Private clusters of their own, one after the other, before part 3.
        bash bench/scale.sh
        bash bench/drain.sh
    fi
    source scripts/common.sh
    POD_PACKAGES+=(gnuplot-nox)
    rerun_in_throwaway_cluster "$0" -o shared_buffers=256MB -o synchronous_commit=off -o max_connections=50 -- "$@"
fi
export PATH="$(pg_config --bindir):$PATH"
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then RUNS=1; SECONDS_PER_RUN=2; CLIENTS="1 4"; else RUNS=3; SECONDS_PER_RUN=4; CLIENTS="1 2 4 8"; fi
db=pod_bench
out=bench/out; mkdir -p "$out"
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
q -c "CREATE EXTENSION pod_amplify" -c "SET pod_amplify.auto_schedule = off" -f bench/setup.sql >/dev/null
echo "data ready: $(q -c "SELECT count(*) FROM pod_amplify.pod_activities") activities, $(q -c "SELECT count(*) FROM pod_amplify.pod_members") members" >&2

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
minmax() { sort -g | awk 'NR==1{mn=$1} {mx=$1} END {printf "%s–%s", mn, mx}'; }
reset() { q -c "SELECT public.bench_reset()" -c "VACUUM ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members" >/dev/null; }

# tps of a pgbench script (PGOPTIONS as given), after a reset.
tps() {
    local script=$1 clients=$2 options=$3
    reset
    PGOPTIONS="$options" pgbench -n -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" -T "$SECONDS_PER_RUN" \
        -f "$script" "$db" 2>&1 | sed -nE 's/^tps = ([0-9]+)[.0-9]* .*/\1/p'
}

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 |"); printf '%-58s %-22s %-22s %s\n' "$1" "$2" "$3" "$4" >&2; }

# --- throughput: claim + complete ------------------------------------------
: >"$out/throughput.dat"
for batch in 1 10; do
    for c in $CLIENTS; do
        impl=(); flo=(); ratios=()
        for r in $(seq $RUNS); do
            i=$(tps bench/scripts/claim_complete_$batch.sql "$c" "-c pod_amplify.retry_jitter=0")
            f=$(tps bench/scripts/floor_claim_complete_$batch.sql "$c" "-c session_replication_role=replica")
            impl+=("$i"); flo+=("$f"); ratios+=("$(awk -v a="$i" -v b="$f" 'BEGIN {printf "%.2f", a / b}')")
        done
        mi=$(printf '%s\n' "${impl[@]}" | median); mf=$(printf '%s\n' "${flo[@]}" | median)
        echo "$batch $c $mi $mf" >>"$out/throughput.dat"
        row "claim + complete, batch $batch, $c client(s) (tps)" "$mi ($(printf '%s\n' "${impl[@]}" | minmax))" \
            "$mf ($(printf '%s\n' "${flo[@]}" | minmax))" \
            "$(printf '%s\n' "${ratios[@]}" | median) ($(printf '%s\n' "${ratios[@]}" | minmax)) of floor"
    done
done

# --- time ratios: schedule fan-out, bulk insert ----------------------------
# ms of pod_amplify's statement and of the floor's, RUNS times; prints the row.
# floor_mode: replica (no triggers at all) or fk_only (user triggers off, foreign keys on).
time_case() {
    local name=$1 setup=$2 impl_sql=$3 floor_sql=$4 floor_mode=${5:-replica}
    local impl=() flo=() ratios=()
    # Both sides warm: one untimed run in the same session first (a fresh backend
    # would otherwise also time loading the library and filling catalog caches).
    local warm_impl="SELECT public.bench_ms(\$q\$$impl_sql\$q\$)"
    for r in $(seq $RUNS); do
        q -c "$setup" -c "VACUUM ANALYZE pod_amplify.pod_activities" >/dev/null
        i=$(q -c "SET pod_amplify.auto_schedule = off" -c "$warm_impl" -c "$setup" \
              -c "SELECT round(public.bench_ms(\$q\$$impl_sql\$q\$)::numeric, 1)" | tail -1)
        q -c "$setup" -c "VACUUM ANALYZE pod_amplify.pod_activities" >/dev/null
        if [ "$floor_mode" = fk_only ]; then
            f=$(q -c "BEGIN" -c "ALTER TABLE pod_amplify.pod_activities DISABLE TRIGGER USER" \
                  -c "SELECT public.bench_ms(\$q\$$floor_sql\$q\$)" -c "$setup" \
                  -c "SELECT round(public.bench_ms(\$q\$$floor_sql\$q\$)::numeric, 1)" \
                  -c "ALTER TABLE pod_amplify.pod_activities ENABLE TRIGGER USER" -c "COMMIT" | tail -1)
        else
            f=$(q -c "SELECT public.bench_ms(\$q\$$floor_sql\$q\$, true)" -c "$setup" \
                  -c "SELECT round(public.bench_ms(\$q\$$floor_sql\$q\$, true)::numeric, 1)" | tail -1)
        fi
        impl+=("$i"); flo+=("$f"); ratios+=("$(awk -v a="$i" -v b="$f" 'BEGIN {printf "%.2f", a / b}')")
    done
    row "$name (ms)" "$(printf '%s\n' "${impl[@]}" | median) ($(printf '%s\n' "${impl[@]}" | minmax))" \
        "$(printf '%s\n' "${flo[@]}" | median) ($(printf '%s\n' "${flo[@]}" | minmax))" \
        "$(printf '%s\n' "${ratios[@]}" | median)x ($(printf '%s\n' "${ratios[@]}" | minmax)) the floor's time"
}
P60="md5('bp111')::uuid"
time_case "schedule_post fan-out to 10,000 members" \
    "SELECT public.bench_clear(ARRAY[$P60])" \
    "SELECT pod_amplify.schedule_post($P60, 'repost', now())" \
    "INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, client_id, action, engagement_type, scheduled_for, max_attempts, origin) SELECT m.pod_id, $P60, m.id, m.client_id, 'repost', 'repost', now() + interval '2 minutes', 3, 'schedule' FROM pod_amplify.pod_members m WHERE m.client_id = 'd0000000-0000-4000-8000-000000000000' AND m.is_active" fk_only
time_case "schedule_post fan-out to 1,000 members" \
    "SELECT public.bench_clear(ARRAY['d1b00000-0000-4000-8000-000000000000'::uuid])" \
    "SELECT pod_amplify.schedule_post('d1b00000-0000-4000-8000-000000000000', 'repost', now())" \
    "INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, client_id, action, engagement_type, scheduled_for, max_attempts, origin) SELECT m.pod_id, 'd1b00000-0000-4000-8000-000000000000', m.id, m.client_id, 'repost', 'repost', now() + interval '2 minutes', 3, 'schedule' FROM pod_amplify.pod_members m WHERE m.client_id = 'd1000000-0000-4000-8000-000000000000' AND m.is_active" fk_only
BULK="INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, scheduled_for) SELECT 'd0d00000-0000-4000-8000-000000000000', md5('bp' || p)::uuid, md5('bm' || u)::uuid, 'like', now() FROM generate_series(101, 110) p, generate_series(1, 10000) u"
POSTS="ARRAY(SELECT md5('bp' || p)::uuid FROM generate_series(101, 110) p)"
time_case "bulk insert of 100,000 activities (validation triggers vs foreign keys only)" \
    "SELECT public.bench_clear($POSTS)" "$BULK" "$BULK" fk_only

# --- fail -> retry: throughput, reported as a time ratio ---------------------
impl=(); flo=(); ratios=()
for r in $(seq $RUNS); do
    i=$(tps bench/scripts/fail_retry.sql 1 "-c pod_amplify.retry_jitter=0")
    f=$(tps bench/scripts/floor_fail_retry.sql 1 "-c session_replication_role=replica")
    impl+=("$i"); flo+=("$f"); ratios+=("$(awk -v a="$i" -v b="$f" 'BEGIN {printf "%.2f", b / a}')")
done
row "fail -> retry cycle, 1 client (tps)" "$(printf '%s\n' "${impl[@]}" | median) ($(printf '%s\n' "${impl[@]}" | minmax))" \
    "$(printf '%s\n' "${flo[@]}" | median) ($(printf '%s\n' "${flo[@]}" | minmax))" \
    "$(printf '%s\n' "${ratios[@]}" | median)x ($(printf '%s\n' "${ratios[@]}" | minmax)) the floor's time"
dropdb "$db"

# --- the tenant read and the upgrade (their own databases) -----------------
if [ $QUICK = 0 ]; then
    tenant_read=$(bash bench/tenant_read.sh)
    upgrade=$(bash bench/upgrade.sh)
else
    tenant_read="(skipped in --quick mode)"
    upgrade="(skipped in --quick mode)"
fi

# --- report -------------------------------------------------------------------
gnuplot <<PLOT 2>/dev/null || echo "gnuplot failed; no plot" >&2
set terminal pngcairo size 800,480
set output "bench/throughput.png"
set title "claim + complete throughput against clients (median of $RUNS runs)"
set xlabel "clients"; set ylabel "transactions per second"; set key top left; set grid
set xtics ($(echo $CLIENTS | sed 's/ /, /g'))
plot "$out/throughput.dat" using (\$1 == 1 ? \$2 : 1/0):3 with linespoints title "pod_amplify, batch 1", \
     "" using (\$1 == 1 ? \$2 : 1/0):4 with linespoints title "floor, batch 1", \
     "" using (\$1 == 10 ? \$2 : 1/0):3 with linespoints title "pod_amplify, batch 10 (x10 activities)", \
     "" using (\$1 == 10 ? \$2 : 1/0):4 with linespoints title "floor, batch 10 (x10 activities)"
PLOT
{
    echo "# Benchmark results"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB,"
    echo "Debian 12, PostgreSQL $(pg_config --version | awk '{print $2}'), a pg_virtualenv cluster with shared_buffers=256MB,"
    echo "synchronous_commit=off. $RUNS run(s) of ${SECONDS_PER_RUN} s per throughput case; median (min–max). $(date -u +%Y-%m-%d)."
    echo "Produced by \`bash bench/run.sh$([ $QUICK = 1 ] && echo ' --quick')\`."
    echo
    echo "| case | pod_amplify | floor | ratio |"
    echo "|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Floors: claim + complete = one \`UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING\`"
    echo "then \`UPDATE … SET status = 'success'\`, all triggers off (\`session_replication_role = replica\`; these"
    echo "updates change no foreign key, so no check is skipped); schedule_post = one \`INSERT … SELECT\` of the same rows"
    echo "with pod_amplify's triggers off but PostgreSQL's foreign-key checks on (\`DISABLE TRIGGER USER\`): four FK checks"
    echo "a row are about 60 % of that insert, integrity the schema demands of any writer, so a floor without them would"
    echo "measure the schema, not pod_amplify; bulk insert = the same INSERT with only the foreign keys; fail -> retry = a"
    echo "plain UPDATE of the same columns, all triggers off. Throughput ratios: pod_amplify / floor (target >= 0.8); time"
    echo "ratios: pod_amplify / floor (target <= 1.5)."
    echo
    echo "![throughput against clients](throughput.png)"
    echo
    cat bench/TUNING.md
    echo
    echo "## A tenant's read with and without the 1.2 indexes (\`bash bench/tenant_read.sh\`)"
    echo
    echo "$tenant_read"
    echo
    echo "## Upgrade (\`bash bench/upgrade.sh\`)"
    echo
    echo "$upgrade"
    if [ $QUICK = 0 ]; then
        # The two reports of parts 1 and 2, one heading level down.
        for part in bench/SCALE.md bench/DRAIN.md; do
            echo
            sed -e 's/^#/##/' "$part"
        done
    fi
} >bench/RESULTS.md.new
if [ $QUICK = 0 ]; then mv bench/RESULTS.md.new bench/RESULTS.md; else mv bench/RESULTS.md.new "$out/RESULTS.quick.md"; fi
echo
echo "| case | pod_amplify | floor | ratio |"
echo "|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
