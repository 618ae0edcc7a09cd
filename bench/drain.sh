#!/usr/bin/env bash
# The drain benchmark: bash bench/drain.sh [--quick] [--no-profile]
#
# A backlog of due jobs, drained by 1, 4 and 8 worker processes, in two modes
# (batch 100: claim 100, report the 100 in one call; one at a time), by three
# contenders on one private PostgreSQL cluster:
#   pod_amplify      its SQL functions, driven by bench/drain/drain.c (libpq)
#   graphile-worker  0.18, its runOnce (what `graphile-worker --once` runs), no-op
#                    tasks: batch mode = its perfTest settings, one at a time =
#                    its defaults (bench/drain/graphile_drain.mjs)
#   floor            a plain table, UPDATE .. WHERE id IN (SELECT .. FOR UPDATE
#                    SKIP LOCKED LIMIT n) RETURNING, then UPDATE .. 'success',
#                    driven by the same C driver as pod_amplify
# jobs/s = jobs drained / wall time from the common start to the last worker's
# empty claim. Each case RUNS times, the contenders interleaved within a run;
# median (min–max). Writes bench/DRAIN.md; with the profile (default) also
# pg_stat_statements (track = all) and EXPLAIN ANALYZE of pod_amplify's
# internal statements, and perf when it is installed.
#
# Environment: JOBS (backlog of batch mode, 20000), JOBS_ONE (one at a time,
# 3000), RUNS (3), WORKERS ("1 4 8"), MODES ("batch one"), CONTENDERS (below), DRAIN_FSYNC (on), DRAIN_DIR (the sandbox,
# /tmp/pod_amplify_drain), DRAIN_KEEP_TREE (1: reuse the tree already built
# there), SANDBOX_SRC (the source tree to build, this one).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=0; PROFILE=1
for a in "$@"; do
    case $a in
        --quick) QUICK=1 ;;
        --no-profile) PROFILE=0 ;;
        *) echo "usage: bash bench/drain.sh [--quick] [--no-profile]" >&2; exit 2 ;;
    esac
done
if [ $QUICK = 1 ]; then
    : "${RUNS:=1}" "${JOBS:=5000}" "${JOBS_ONE:=2000}" "${WORKERS:=1 4}"
else
    : "${RUNS:=3}" "${JOBS:=20000}" "${JOBS_ONE:=3000}" "${WORKERS:=1 4 8}"
fi
FSYNC=${DRAIN_FSYNC:-on}
OUT=$ROOT/bench/out/drain; mkdir -p "$OUT"
SB=${DRAIN_DIR:-/tmp/pod_amplify_drain}
log() { echo "== $*" >&2; }

# --- what it needs -------------------------------------------------------------
source scripts/common.sh
command -v node >/dev/null || POD_PACKAGES+=(nodejs npm)
command -v npm >/dev/null || POD_PACKAGES+=(npm)
ensure_packages
# graphile-worker 0.18 and the Node.js it requires (engines: node >= 22.18), both
# from the npm registry (the node package ships the binary), in a private directory.
if ! [ -x "$OUT/node_modules/.bin/node" ] ||
   ! grep -q '"version": "0\.18\.' "$OUT/node_modules/graphile-worker/package.json" 2>/dev/null; then
    log "installing graphile-worker@0.18 and node@22 into $OUT"
    [ -f "$OUT/package.json" ] || echo '{"name": "pod-amplify-drain-bench", "private": true}' >"$OUT/package.json"
    (cd "$OUT" && npm install --no-audit --no-fund graphile-worker@0.18 node@22 >"$OUT/npm.log" 2>&1) ||
        { cat "$OUT/npm.log"; exit 1; }
fi
NODE=$OUT/node_modules/.bin/node
GW_VERSION=$(sed -nE 's/^  "version": "([^"]+)".*/\1/p' "$OUT/node_modules/graphile-worker/package.json")
NODE_VERSION=$("$NODE" --version)
cp bench/drain/graphile_drain.mjs "$OUT/graphile_drain.mjs"   # imports graphile-worker from $OUT/node_modules
gcc -O2 -Wall -o "$OUT/drain" bench/drain/drain.c -I"$(pg_config --includedir)" -L"$(pg_config --libdir)" -lpq

# --- a private cluster ---------------------------------------------------------
source scripts/sandbox.sh
log "building pod_amplify into a private PostgreSQL tree at $SB"
mkdir -p "$SB"
if [ "${DRAIN_KEEP_TREE:-0}" = 1 ] && [ -d "$SB/pg" ]; then log "(DRAIN_KEEP_TREE=1: the tree already built there)"
else sandbox_tree "$SB" -j"$(nproc)"; fi
# What was built, read now: the tree may change while the benchmark runs.
BUILD_LABEL=${DRAIN_SRC_LABEL:-$(cd "${SANDBOX_SRC:-$ROOT}" && git rev-parse --short HEAD 2>/dev/null || echo 'this tree')$(cd "${SANDBOX_SRC:-$ROOT}" && git diff --quiet HEAD -- src '*.sql' 2>/dev/null || echo ' with uncommitted changes')}
SERVER_OPTS=(-c synchronous_commit=on -c fsync="$FSYNC" -c shared_buffers=256MB -c max_connections=60)
start_cluster() {
    sandbox_stop "$SB" drain
    sandbox_start "$SB" drain "${SERVER_OPTS[@]}" "$@"
    export PGDATABASE=drain
}
trap 'sandbox_stop "$SB" drain' EXIT
start_cluster
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
log "PostgreSQL $(q -d postgres -c 'SHOW server_version'), fsync=$(q -d postgres -c 'SHOW fsync'), synchronous_commit=$(q -d postgres -c 'SHOW synchronous_commit')"
dropdb --if-exists drain
createdb drain
MAXJOBS=$(( JOBS > JOBS_ONE ? JOBS : JOBS_ONE ))
q -c "CREATE EXTENSION pod_amplify" -c "SET pod_amplify.auto_schedule = off" -f bench/setup.sql >/dev/null
q -v jobs="$MAXJOBS" -f bench/drain/setup.sql >/dev/null
(cd "$OUT" && "$NODE" --input-type=module -e 'import { runMigrations } from "graphile-worker"; await runMigrations({});') >/dev/null
log "data ready: a backlog of $(q -c 'SELECT count(*) FROM drain.seed') activities; graphile-worker $GW_VERSION migrated"

# --- one drain ------------------------------------------------------------------
# drain_once CONTENDER MODE WORKERS JOBS -> prints "jobs_per_s load"
drain_once() {
    local who=$1 mode=$2 workers=$3 n=$4 batch start i pids=() files=() lead_us=700000
    [ "$mode" = batch ] && batch=100 || batch=1
    case ${who%%-*} in
        pod) q -c "SELECT drain.reset_pod($n)" -c "VACUUM ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members" >/dev/null ;;
        floor) q -c "SELECT drain.reset_floor($n)" -c "VACUUM ANALYZE drain.floor_jobs, drain.floor_members" >/dev/null ;;
        graphile) q -v jobs="$n" -f bench/drain/graphile_reset.sql -c "VACUUM ANALYZE graphile_worker._private_jobs, graphile_worker._private_tasks, graphile_worker._private_job_queues" >/dev/null
                  lead_us=$(( 1500000 + 700000 * workers )) ;;   # node's start-up, on 2 cores
    esac
    q -c "CHECKPOINT" >/dev/null
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(( $(date +%s%6N) + lead_us ))
    for i in $(seq "$workers"); do
        files+=("$OUT/run.$i.out")
        case $who in
            pod*|floor*) "$OUT/drain" "$who" "$batch" "drain-$i" "$start" >"$OUT/run.$i.out" 2>"$OUT/run.$i.err" & ;;
            graphile) (cd "$OUT" && NO_LOG_SUCCESS=1 exec "$NODE" graphile_drain.mjs "$([ "$mode" = batch ] && echo perf || echo default)" "$start") \
                          >"$OUT/run.$i.out" 2>"$OUT/run.$i.err" & ;;
        esac
        pids+=($!)
    done
    local failed=0
    for i in "${pids[@]}"; do wait "$i" || failed=1; done
    if [ $failed = 1 ]; then
        echo "drain: a $who worker failed:" >&2; cat "$OUT"/run.*.err >&2; exit 1
    fi
    local left
    case ${who%%-*} in
        pod) left=$(q -c "SELECT count(*) FILTER (WHERE status <> 'success') || ' ' || count(*) FILTER (WHERE status = 'success') FROM pod_amplify.pod_activities") ;;
        floor) left=$(q -c "SELECT count(*) FILTER (WHERE status <> 'success') || ' ' || count(*) FILTER (WHERE status = 'success') FROM drain.floor_jobs") ;;
        graphile) left="$(q -c "SELECT count(*) FROM graphile_worker._private_jobs") -" ;;
    esac
    # Every success counted once in its member's score (the floors without a score keep none).
    local scores=""
    case $who in
        pod*) scores=$(q -c "SELECT coalesce(sum(participation_score), 0) FROM pod_amplify.pod_members") ;;
        floor-score*) scores=$(q -c "SELECT coalesce(sum(participation_score), 0) FROM drain.floor_members") ;;
    esac
    if [ -n "$scores" ] && [ "$scores" != "$n" ]; then
        echo "drain: $who: the scores add up to $scores, not $n" >&2; exit 1
    fi
    # shellcheck disable=SC2046
    cat "${files[@]}" | awk -v n="$n" -v who="$who" -v left="$left" -v load="$load" -v lead="$lead_us" '
        /^jobs=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
          jobs += v["jobs"]; if (v["end_us"] > end) end = v["end_us"]; start = v["start_us"];
          if (v["late_us"] > late) late = v["late_us"] }
        END { split(left, l, " ");
              if (jobs != n || l[1] != 0) { printf "drain: %s drained %d of %d (left: %s)\n", who, jobs, n, left > "/dev/stderr"; exit 1 }
              if (late > 20000) printf "drain: a %s worker started %.0f ms late (lead %.0f ms)\n", who, late / 1000, lead / 1000 > "/dev/stderr";
              printf "%.0f %s\n", n / ((end - start) / 1e6), load }'
}

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
minmax() { sort -g | awk 'NR==1{mn=$1} {mx=$1} END {printf "%s–%s", mn, mx}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
cell() { printf '%s (%s)' "$(printf '%s\n' "$@" | median)" "$(printf '%s\n' "$@" | minmax)"; }

# Contenders, interleaved within each run: pod_amplify as its reference worker
# drives it (report_and_claim: the report and the next claim in one call, one
# transaction), pod_amplify with separate claim and report calls (each its own
# transaction), graphile-worker, the floor with separate statements, the floor
# with its report and next claim in one transaction (BEGIN; report; claim;
# COMMIT in one round trip), and that floor keeping the contract's score too
# (+1 to the member's participation_score in the completing transaction): the
# like-for-like floors of report_and_claim.
# CONTENDERS="a b .." runs those drain modes instead (any of drain.c's, or
# graphile) and writes only their jobs/s to bench/out/drain/CUSTOM.md.
DEFAULT_CONTENDERS="pod-cycle pod graphile floor floor-fused floor-score-fused"
read -ra CONTENDERS <<<"${CONTENDERS:-$DEFAULT_CONTENDERS}"
CUSTOM=0; [ "${CONTENDERS[*]}" = "$DEFAULT_CONTENDERS" ] || CUSTOM=1
ROWS=(); RATIO_ROWS=()
: >"$OUT/runs.log"
for mode in ${MODES:-batch one}; do
    [ $mode = batch ] && n=$JOBS || n=$JOBS_ONE
    for w in $WORKERS; do
        declare -A V=(); L=()
        for r in $(seq "$RUNS"); do
            line="$mode workers=$w run=$r"
            for who in "${CONTENDERS[@]}"; do
                res=$(drain_once "$who" $mode "$w" "$n"); read -r v l <<<"$res"
                V[$who]="${V[$who]:-} $v"; L+=("$l"); line+=" $who=$v"
            done
            echo "$line" | tee -a "$OUT/runs.log" >&2
        done
        label=$([ $mode = batch ] && echo "batch 100" || echo "one at a time")
        row="| $label, $w worker(s), $n jobs |"
        for who in "${CONTENDERS[@]}"; do read -ra X <<<"${V[$who]}"; row+=" $(cell "${X[@]}") |"; done
        ROWS+=("$row $(printf '%s\n' "${L[@]}" | minmax) |")
        if [ $CUSTOM = 0 ]; then
            # per-run ratios of report_and_claim (and of separate calls) to the others
            read -ra RC <<<"${V[pod-cycle]}"; read -ra PS <<<"${V[pod]}"; read -ra G <<<"${V[graphile]}"
            read -ra F <<<"${V[floor]}"; read -ra FF <<<"${V[floor-fused]}"; read -ra FS <<<"${V[floor-score-fused]}"
            RG=(); RF=(); RFF=(); RFS=(); SG=()
            for i in "${!RC[@]}"; do
                RG+=("$(ratio "${RC[$i]}" "${G[$i]}")"); RF+=("$(ratio "${RC[$i]}" "${F[$i]}")")
                RFF+=("$(ratio "${RC[$i]}" "${FF[$i]}")"); RFS+=("$(ratio "${RC[$i]}" "${FS[$i]}")")
                SG+=("$(ratio "${PS[$i]}" "${G[$i]}")")
            done
            RATIO_ROWS+=("| $label, $w worker(s) | $(cell "${RG[@]}") | $(cell "${SG[@]}") | $(cell "${RF[@]}") | $(cell "${RFF[@]}") | $(cell "${RFS[@]}") |")
        fi
        unset V
    done
done
if [ $CUSTOM = 1 ]; then
    TABLE_HEAD="| case |$(printf ' %s |' "${CONTENDERS[@]}") load (1 min) |
|---|$(printf -- '---|%.0s' "${CONTENDERS[@]}")---|"
    { echo "Drain modes of bench/drain/drain.c (and graphile), jobs/s, median (min–max) of $RUNS run(s), $(date -u +%Y-%m-%d):"
      echo; echo "$TABLE_HEAD"; printf '%s\n' "${ROWS[@]}"; } | tee "$OUT/CUSTOM.md"
    log "wrote $OUT/CUSTOM.md"
    exit 0
fi
TABLE_HEAD="| case | pod_amplify, report_and_claim | pod_amplify, separate calls | graphile-worker | floor | floor, report + claim in one transaction | floor + score, report + claim in one transaction | load (1 min) |
|---|---|---|---|---|---|---|---|"
RATIO_HEAD="| case | report_and_claim / graphile | separate calls / graphile | report_and_claim / floor | report_and_claim / floor in one transaction | report_and_claim / floor + score in one transaction |
|---|---|---|---|---|---|"
echo; echo "$TABLE_HEAD"; printf '%s\n' "${ROWS[@]}"; echo; echo "$RATIO_HEAD"; printf '%s\n' "${RATIO_ROWS[@]}"

# --- profile --------------------------------------------------------------------
PROFILE_MD=""
if [ $PROFILE = 1 ]; then
    log "profiling pod_amplify (pg_stat_statements, EXPLAIN ANALYZE, perf)"
    start_cluster -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all \
        -c track_functions=all -c track_io_timing=on
    export DRAIN_BIN=$OUT/drain DRAIN_OUT=$OUT SB
    PROFILE_MD=$(bash bench/drain/profile.sh "$JOBS" "$JOBS_ONE")
fi

# --- report -----------------------------------------------------------------------
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
    echo "# Drain benchmark: pod_amplify, graphile-worker, and the SKIP LOCKED floor"
    echo
    echo "Produced by \`bash bench/drain.sh$([ $QUICK = 1 ] && echo ' --quick')\` on $(date -u +%Y-%m-%d)."
    echo "Machine: $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"),"
    echo "PostgreSQL $(q -d postgres -c 'SHOW server_version' | awk '{print $1}') (a private cluster of scripts/sandbox.sh; pod_amplify built from"
    echo "$BUILD_LABEL),"
    if [ "$FSYNC" = on ]; then
        echo "shared_buffers=256MB, max_connections=60, synchronous_commit=on, fsync=on (the defaults' durability;"
        echo "scripts/sandbox.sh starts clusters with fsync=off, this benchmark passes fsync=on after it), autovacuum on."
    else
        echo "shared_buffers=256MB, max_connections=60, synchronous_commit=on, **fsync=$FSYNC** (DRAIN_FSYNC=$FSYNC; the same"
        echo "for all three contenders: commits are written but not flushed to disk), autovacuum on."
    fi
    echo "graphile-worker $GW_VERSION on Node.js $NODE_VERSION (npm's \`node\` package: 0.18 requires Node >= 22.18)."
    echo "Load while measuring: the 1-minute load average at each run's start is in the last column; the machine may"
    echo "be shared with other test suites, so compare the ratios (measured in the same run, contenders interleaved)."
    echo
    echo "$RUNS run(s) per case; median (min–max) of jobs/s and of the per-run ratios. jobs/s = jobs drained / wall"
    echo "time from the common start to the last worker's empty claim; every worker process connects and prepares"
    echo "before the start."
    echo
    echo "$TABLE_HEAD"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Ratios, per run (contenders interleaved), median (min–max):"
    echo
    echo "$RATIO_HEAD"
    printf '%s\n' "${RATIO_ROWS[@]}"
    echo
    cat bench/drain/METHOD.md
    if [ -n "$PROFILE_MD" ]; then
        echo
        echo "$PROFILE_MD"
    fi
    echo
    cat bench/drain/FINDINGS.md
} >"$OUT/DRAIN.md.new"
if [ $QUICK = 1 ]; then mv "$OUT/DRAIN.md.new" "$OUT/DRAIN.quick.md"; log "wrote $OUT/DRAIN.quick.md"
else mv "$OUT/DRAIN.md.new" bench/DRAIN.md; log "wrote bench/DRAIN.md"; fi
