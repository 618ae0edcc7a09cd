#!/usr/bin/env bash
# Soak under faults: workers drain a backlog while a chaos loop terminates
# random workers in the middle of their leases (pg_terminate_backend).
#   soak.sh          quick: 8 workers, 20,000 activities, at most 90 s
#   soak.sh --long   16 workers, 100,000 activities, at most 10 min
# Prints TAP; the figures go into # comments.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
if [ "${1:-}" = "--long" ]; then workers=16; posts=2000; limit=600; else workers=8; posts=400; limit=90; fi
db=pod_soak
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
q -d "$db" -c "CREATE EXTENSION pod_amplify" >/dev/null
q -d "$db" -v posts=$posts -f test/engine/backlog.sql >/dev/null
q -d "$db" -f test/soak/worker.sql >/dev/null
total=$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities")
deadline=$(q -d "$db" -c "SELECT clock_timestamp() + interval '$limit seconds'")
log=${SANDBOX_LOG:-}
log_lines_before=$( [ -n "$log" ] && wc -l <"$log" || echo 0)

start=$(date +%s)
run_worker() {  # restarts its worker until it finishes on its own
    local i=$1 restarts=0
    while [ "$(date +%s)" -lt $((start + limit)) ]; do
        PGAPPNAME="soak-worker-$i" psql -X -q -d "$db" -c "CALL public.soak_worker('w$i', '$deadline')" >/dev/null 2>&1 && break
        restarts=$((restarts + 1))
    done
}
for i in $(seq $workers); do run_worker $i & pids[$i]=$!; done
# The chaos loop: kill a random busy worker every 0.2-0.6 s while any runs.
kills=0
while kill -0 "${pids[@]}" 2>/dev/null || pgrep -f "soak_worker" >/dev/null; do
    sleep "0.$((2 + RANDOM % 5))"
    k=$(q -d "$db" -c "SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'soak-worker-%' AND state = 'active' ORDER BY random() LIMIT 1) x" 2>/dev/null || echo 0)
    kills=$((kills + ${k:-0}))
    running=0; for p in "${pids[@]}"; do kill -0 $p 2>/dev/null && running=1; done
    [ $running = 0 ] && break
done
wait
elapsed=$(( $(date +%s) - start ))

stats=$(q -d "$db" -F ' ' -c "SELECT count(*) FILTER (WHERE status = 'success'), count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'pending'), sum(attempt_number) FROM pod_amplify.pod_activities")
read -r ok failed pending attempts <<<"$stats"
claims=$(q -d "$db" -c "SELECT count(*) FROM public.soak_claims")
lost=$(q -d "$db" -c "SELECT count(*) FROM public.soak_reports WHERE outcome LIKE 'lease lost%'")
reaped=$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities a, jsonb_array_elements(a.error_history) e WHERE e->>'error' LIKE 'lease expired%'")
injected=$(q -d "$db" -c "SELECT count(*) FROM public.soak_reports WHERE outcome IN ('retryable', 'fatal')")
echo "# $total activities, $workers workers, ${elapsed} s: $ok success, $failed failed, $pending pending; $claims claims over $attempts attempts"
echo "# faults: $injected failures reported (30 % retryable, 5 % fatal), $kills workers killed mid-lease, 1 % of calls hanging past the lease, $reaped leases expired and reaped, $lost late reports refused"

tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE NOT (status IN ('success', 'failed') OR (status = 'pending' AND scheduled_for > now()))")" 0 \
       "every activity is terminal, or pending with a future time"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM (SELECT activity_id, attempt FROM public.soak_claims GROUP BY 1, 2 HAVING count(DISTINCT worker) > 1) d")" 0 \
       "no attempt was claimed by two workers (a restarted worker may get its own live leases back)"
tap_is "$(q -d "$db" -c "
    SELECT count(*) FROM (
        SELECT c.*, lead(claimed_at) OVER w AS next_claim, lead(worker) OVER w AS next_worker
        FROM public.soak_claims c WINDOW w AS (PARTITION BY activity_id ORDER BY claimed_at)) x
    WHERE next_claim IS NOT NULL AND next_claim < lease_expires_at AND next_worker <> worker
      AND NOT EXISTS (SELECT 1 FROM public.soak_reports r WHERE r.activity_id = x.activity_id AND r.attempt = x.attempt
                      AND r.outcome NOT LIKE 'lease lost%' AND r.reported_at <= x.next_claim)")" 0 \
       "no activity was held by two live leases at once (claims log)"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE attempt_number > max_attempts OR attempt_number < 1")" 0 \
       "attempt_number <= max_attempts everywhere"
tap_is "$(q -d "$db" -c "SELECT COALESCE(sum(participation_score), 0) FROM pod_amplify.pod_members")" "$ok" \
       "successes are counted into participation_score exactly once each ($ok)"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities a WHERE a.status = 'success' AND NOT EXISTS (SELECT 1 FROM public.soak_reports r WHERE r.activity_id = a.id AND r.outcome = 'success')")" 0 \
       "every success was reported by a worker (none invented)"
tap_ok $([ "$kills" -gt 0 ]; echo $?) "the chaos loop killed workers ($kills)"
tap_ok $([ "$lost" -gt 0 ]; echo $?) "late failure reports of workers whose lease expired were refused ($lost), not applied twice"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM public.soak_reports WHERE outcome = 'lease lost (success)'")" 0 \
       "no late success was refused (the action happened: it is recorded)"
if [ -n "$log" ]; then
    tap_is "$(tail -n +$((log_lines_before + 1)) "$log" | grep -cE 'terminated by signal|server process .* was terminated')" 0 "no backend crashed"
fi
dropdb "$db"
tap_done
