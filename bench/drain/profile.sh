#!/usr/bin/env bash
# Where pod_amplify's drain time goes: run by bench/drain.sh on its cluster,
# restarted with pg_stat_statements (track = all: the statements the engine and
# its triggers run inside claim and report count on their own), track_functions
# = all, auto_explain for one batch. Prints markdown; raw output in
# $DRAIN_OUT/profile/.
#   bash bench/drain/profile.sh JOBS JOBS_ONE
# Needs PGHOST/PGPORT/PGUSER/PGDATABASE, DRAIN_BIN (the C driver), DRAIN_OUT,
# SANDBOX_LOG (the server's log, for auto_explain).
set -euo pipefail
cd "$(dirname "$0")/../.."
JOBS=$1 JOBS_ONE=$2
P=$DRAIN_OUT/profile; mkdir -p "$P"
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
qt() { psql -X -q -v ON_ERROR_STOP=1 -P footer=off "$@"; }
q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null

# psql's aligned table -> a markdown table.
to_markdown() {
    awk '/^ *$/ { next } NR == 2 { n = gsub(/\+/, "+"); s = "|"; for (i = 0; i <= n; i++) s = s "---|"; print s; next }
         { sub(/^ +/, ""); sub(/ +$/, ""); gsub(/ *\| */, " | "); print "| " $0 " |" }'
}

# One drain by one worker; prints "seconds wal_bytes".
one_drain() {
    local who=$1 batch=$2 n=$3 start out lsn0 lsn1
    if [ "$who" = floor ]; then q -c "SELECT drain.reset_floor($n)" -c "VACUUM ANALYZE drain.floor_jobs, drain.floor_members" >/dev/null
    else q -c "SELECT drain.reset_pod($n)" -c "VACUUM ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members" >/dev/null; fi
    q -c "CHECKPOINT" -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_stat_reset()" >/dev/null
    lsn0=$(q -c "SELECT pg_current_wal_lsn()")
    start=$(( $(date +%s%6N) + 500000 ))
    "$DRAIN_BIN" "$([ "$who" = floor ] && echo floor || echo pod-cycle)" "$batch" profile-1 "$start" >"$P/drain.out" &
    local pid=$!
    if [ "${PERF:-0}" = 1 ]; then
        sleep 0.3
        local bpid; bpid=$(q -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'drain' LIMIT 1")
        perf record -q -F 1999 -g -p "$bpid" -o "$P/perf.$who.$batch.data" >/dev/null 2>&1 &
        local ppid=$!
        wait $pid
        kill -INT $ppid 2>/dev/null; wait $ppid 2>/dev/null || true
    else
        wait $pid
    fi
    lsn1=$(q -c "SELECT pg_current_wal_lsn()")
    out=$(cat "$P/drain.out")
    sleep 0.5   # the backend's statistics are flushed when it exits
    awk -v o="$out" -v w="$(q -c "SELECT pg_wal_lsn_diff('$lsn1', '$lsn0')")" 'BEGIN {
        split(o, f, " "); for (i in f) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
        printf "%.3f %d\n", (v["end_us"] - v["start_us"]) / 1e6, w }'
}

# The statements of that drain: every level (toplevel = the driver's own).
statements() {
    local n=$1 secs=$2
    qt -c "SELECT CASE WHEN toplevel THEN 'top' ELSE 'nested' END AS level, calls,
                  round(total_exec_time::numeric, 0) AS total_ms,
                  round((1000 * total_exec_time / $n)::numeric, 1) AS us_per_job,
                  round((100 * total_exec_time / ($secs * 1000))::numeric, 0) AS pct_of_wall,
                  round((wal_bytes / $n)::numeric, 0) AS wal_b_per_job,
                  shared_blks_hit + shared_blks_read AS blocks,
                  left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND query !~ 'pg_stat_statements|pg_stat_reset|pg_current_wal_lsn'
           ORDER BY total_exec_time DESC LIMIT 14" |
        to_markdown
}
functions() {
    local n=$1
    qt -c "SELECT funcname, calls, round(total_time::numeric, 0) AS total_ms, round(self_time::numeric, 0) AS self_ms,
                  round((1000 * self_time / $n)::numeric, 1) AS self_us_per_job
           FROM pg_stat_user_functions WHERE schemaname = 'pod_amplify' ORDER BY total_time DESC LIMIT 10" |
        to_markdown
}

echo "## Profile of pod_amplify's drain (one worker calling report_and_claim, pg_stat_statements with track = all)"
echo
echo "Each drain below ran alone with pg_stat_statements and track_functions loaded (so a little slower than the"
echo "table above). *us_per_job* = the statement's total time / jobs drained; *pct_of_wall* = its share of the"
echo "drain's wall time (nested statements are also inside their caller's time); *wal_b_per_job* = WAL bytes."
for mode in batch one; do
    if [ $mode = batch ]; then batch=100; n=$JOBS; label="batch 100"; else batch=1; n=$JOBS_ONE; label="one at a time"; fi
    read -r fsecs fwal < <(one_drain floor $batch "$n")
    { echo "floor $label: $fsecs s, $fwal WAL bytes"; statements "$n" "$fsecs"; } >"$P/floor.$mode.txt"
    read -r psecs pwal < <(one_drain pod $batch "$n")
    echo
    echo "### $label: $n jobs"
    echo
    echo "pod_amplify: $psecs s ($(awk -v n="$n" -v s="$psecs" 'BEGIN {printf "%.0f", n / s}') jobs/s), WAL $(awk -v w="$pwal" -v n="$n" 'BEGIN {printf "%.0f", w / n}') bytes a job;"
    echo "floor: $fsecs s ($(awk -v n="$n" -v s="$fsecs" 'BEGIN {printf "%.0f", n / s}') jobs/s), WAL $(awk -v w="$fwal" -v n="$n" 'BEGIN {printf "%.0f", w / n}') bytes a job."
    echo
    statements "$n" "$psecs" | tee "$P/pod.$mode.statements.md"
    echo
    echo "Functions (track_functions = all; trigger functions included):"
    echo
    functions "$n" | tee "$P/pod.$mode.functions.md"
    echo
    echo "The floor's statements in the same conditions:"
    echo
    tail -n +2 "$P/floor.$mode.txt"
done

# --- auto_explain: the engine's own statements and their triggers, one batch --------
q -c "SELECT drain.reset_pod($JOBS)" -c "VACUUM ANALYZE pod_amplify.pod_activities" >/dev/null
logstart=$(wc -l <"$SANDBOX_LOG")
q <<'SQL' >/dev/null
-- A first batch unlogged (plans made and cached), then the logged ones.
SELECT count(*) FROM pod_amplify.claim_activities('explain-0', 100, '60 seconds');
SELECT count(*) FROM pod_amplify.report_activities('explain-0',
    ARRAY(SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'explain-0'),
    array_fill('success'::text, ARRAY[(SELECT count(*)::int FROM pod_amplify.pod_activities WHERE lease_owner = 'explain-0')]));
SELECT count(*) FROM pod_amplify.claim_activities('explain-0', 1, '60 seconds');
SELECT status FROM pod_amplify.complete_activity((SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'explain-0'), NULL, 'explain-0');
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_wal = on;
SET auto_explain.log_triggers = on;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_timing = on;
SELECT count(*) FROM pod_amplify.claim_activities('explain-1', 100, '60 seconds');
SELECT count(*) FROM pod_amplify.report_activities('explain-1',
    ARRAY(SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'explain-1'),
    array_fill('success'::text, ARRAY[(SELECT count(*)::int FROM pod_amplify.pod_activities WHERE lease_owner = 'explain-1')]));
SELECT count(*) FROM pod_amplify.claim_activities('explain-2', 1, '60 seconds');
SELECT status FROM pod_amplify.complete_activity((SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'explain-2'), NULL, 'explain-2');
SQL
sleep 0.3
tail -n +"$((logstart + 1))" "$SANDBOX_LOG" >"$P/auto_explain.log"
echo
echo "### auto_explain: one claim of 100 + report_activities, then one claim of 1 + complete_activity ($JOBS pending, plans cached)"
echo
echo "Every statement the engine ran (nested included), its time and its triggers' time, from"
echo "\`bench/out/drain/profile/auto_explain.log\`:"
echo
echo '```'
awk '/duration: [0-9.]+ ms  plan:/ { sub(/.*duration: /, ""); d = $1 }
     /Query Text:/ { sub(/.*Query Text: /, ""); gsub(/[ \t]+/, " "); printf "%8s ms  %s\n", d, substr($0, 1, 140) }
     /Trigger .*time=/ { sub(/^[ \t]+/, ""); printf "             %s\n", $0 }' "$P/auto_explain.log"
echo '```'

# --- perf (when it is there and allowed) ------------------------------------------
if command -v perf >/dev/null && perf record -q -o /dev/null true >/dev/null 2>&1; then
    for mode in batch one; do
        if [ $mode = batch ]; then batch=100; n=$JOBS; else batch=1; n=$JOBS_ONE; fi
        PERF=1 one_drain pod $batch "$n" >/dev/null
        perf report -i "$P/perf.pod.$batch.data" --no-children --sort symbol --stdio -g none 2>/dev/null |
            grep -E '^ +[0-9]' | head -25 >"$P/perf.$mode.top.txt" || true
        perf report -i "$P/perf.pod.$batch.data" --children --sort symbol --stdio -g none 2>/dev/null |
            grep -E '^ +[0-9]' | head -40 >"$P/perf.$mode.children.txt" || true
    done
    echo
    echo "### perf: the backend of one pod_amplify worker (self time, top symbols)"
    for mode in batch one; do
        echo
        echo "$([ $mode = batch ] && echo 'batch 100' || echo 'one at a time'):"
        echo
        echo '```'
        head -15 "$P/perf.$mode.top.txt" | sed -E 's/( +-)* *$//'
        echo '```'
    done
fi
