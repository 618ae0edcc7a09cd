#!/usr/bin/env bash
# The reference worker under faults, without kills: 4 workers through PgBouncer
# (transaction mode) drain a backlog while the fake Unipile answers 429, 5xx
# and 403, drops connections and answers slower than the lease; meanwhile the
# workers' database backends are killed, one worker is stopped with SIGTERM and
# started again, the database turns read-only for a second, PgBouncer is killed
# and restarted, and (on a cluster of its own) the database restarts. Then, from the fake's log of performed actions
# and the database: no action done twice, no success without its action, no
# action without its success, every activity settled, scores = successes.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_faults WK_LEASE=4
posts=20 members=40
wk_make_db "$WK_DB" $posts $members 4s
tap_ok $? "database with $((posts * members + 4)) due activities (4 that no worker can attempt) and the least-privilege role $WK_ROLE"
total=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities")
wk_fake faults --seed 7 --latency-min-ms 40 --latency-max-ms 250 \
    --rate-429 0.04 --rate-5xx 0.04 --rate-403 0.02 --rate-drop 0.03 --rate-slow 0.02 --slow-seconds 5
tap_ok $? "fake Unipile on $WK_FAKE_URL (429 4 %, 5xx 4 %, 403 2 %, dropped before performing 3 %, 5 s answers 2 % with a 4 s lease)"
wk_pgbouncer "$WK_DB"
tap_ok $? "PgBouncer in transaction mode on 127.0.0.1:$WK_PGB_PORT"

start=$(date +%s%3N)
for w in w1 w2 w3; do wk_start_worker "$w"; done
wk_start_worker w4 WORKER_LISTEN_URL=off   # polls only, as behind a pooler without a direct URL

# --- disturbances -----------------------------------------------------------
sleep 1.5
killed=$(q -d "$WK_DB" -c "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '$WK_ROLE') t")
echo "# $killed database backends of the workers terminated"
sleep 1
w2=$(wk_pid w2); t0=$(date +%s%3N)
kill -TERM "$w2"
held=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE lease_owner = 'w2' AND lease_expires_at > now()")
wk_wait_all 20 "$w2"
stop_ms=$(( $(date +%s%3N) - t0 ))
tap_is "$WK_BAD" 0 "SIGTERM: w2 finished what it held ($held activities) and exited 0 in $stop_ms ms"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE lease_owner = 'w2'")" 0 \
    "SIGTERM: w2 left no lease behind (everything it held was reported)"
wk_start_worker w2
sleep 1
wk_pgbouncer_kill
sleep 0.3
wk_pgbouncer "$WK_DB" >/dev/null
echo "# PgBouncer killed (-9) and started again"
# A failover's standby, for a second: every writer gets 25006 and must reconnect.
sleep 1.5   # apart from the PgBouncer restart: each outage alone stays within the lease's margin
q -d postgres -c "ALTER DATABASE $WK_DB SET default_transaction_read_only = on" \
    -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '$WK_ROLE'" >/dev/null
sleep 1
q -d postgres -c "ALTER DATABASE $WK_DB RESET default_transaction_read_only" \
    -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '$WK_ROLE'" >/dev/null
echo "# the database was read-only for 1 s (writers got 25006)"
disturbed="killed backends, a read-only second and a PgBouncer restart"
if [ "$WK_OWN_CLUSTER" = 1 ]; then
    sleep 1
    disturbed="$disturbed and a database restart"
    runuser -u postgres -- "$WK_BIN/pg_ctl" -D "$WK_WORK/sb/main.data" -m fast -w restart >/dev/null
    echo "# database restarted (pg_ctl restart -m fast)"
else
    echo "# database restart skipped: the cluster is not this suite's"
fi

pids=(); for w in w1 w2 w3 w4; do pids+=("$(wk_pid $w)"); done
wk_wait_all 100 "${pids[@]}"
elapsed=$(( $(date +%s%3N) - start ))
tap_is "$WK_BAD" 0 "4 workers exited 0 once nothing was pending or due within a minute (WORKER_EXIT_WHEN_IDLE), in $elapsed ms"
wk_fake_stop

# --- what happened ----------------------------------------------------------
actions="$WK_FAKE_DIR/actions.log" requests="$WK_FAKE_DIR/requests.log"
faults=$(wk_fault_counts "$requests")
echo "# action requests by fault: $faults"
for f in 429 5xx 403 drop slow; do
    n=$(echo "$faults" | grep -oE "(^| )$f=[0-9]+" | cut -d= -f2)
    tap_ok "$([ "${n:-0}" -gt 0 ] && echo 0 || echo 1)" "fault $f was injected (${n:-0} times)"
done
read -r keys extra <<<"$(wk_doubles "$actions")"
done_n=$(wc -l <"$actions")
tap_is "$keys $extra" "0 0" "no LinkedIn action done twice (same account, post and kind) among $done_n actions"
wk_load_actions "$WK_DB" "$actions"
tap_is "$(wk_success_without_action "$WK_DB")" 0 "no success recorded without its action in the fake's log"
tap_is "$(wk_action_without_success "$WK_DB")" 0 "no action performed without its success recorded"
tap_is "$(wk_unsettled "$WK_DB")" 0 "every activity ended success or failed (or pending with a retry ahead)"
read -r scores successes <<<"$(wk_scores_vs_successes "$WK_DB")"
tap_is "$scores" "$successes" "participation scores ($scores) = successes ($successes)"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE error_history::text LIKE '%lease expired%'")" 0 \
    "no lease lapsed: heartbeats kept every claim alive through 5 s answers, $disturbed"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'failed' AND error_message LIKE 'cannot attempt: %'")" 4 \
    "the 4 activities no worker can attempt (one on a 40 KB hostile post URL) failed at once, with the reason, and no worker crashed"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'failed' AND error_message LIKE 'HTTP 403: %account_restricted%'")" \
    "$(awk '$3 == "POST" && $8 == "403"' "$requests" | awk '{print $5, $6, $7}' | sort -u | wc -l)" \
    "every 403 is a fatal failure at once, with the status and body in the error"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'success' AND action = 'repost' AND repost_url IS NULL")" 0 \
    "every successful repost has its repost URL (from Unipile's answer)"
outcomes=$(cat "$WK_WORK"/w?.log | grep -c 'event=outcome')
wellformed=$(cat "$WK_WORK"/w?.log | grep 'event=outcome' | grep -cE ' id=[0-9a-f-]{36} action=(like|comment|repost) attempt=[0-9]+ outcome=(success|retry|fatal) ms=[0-9]+ reason=')
tap_is "$wellformed" "$outcomes" "one log line per activity outcome ($outcomes), each with id, action, outcome, ms and reason"
reconnects=$(cat "$WK_WORK"/w?.log | grep -cE 'event=(claim_failed|report_failed|heartbeat_failed|lookahead_failed|db_connect_failed|listen_connection_lost)')
echo "# database errors met and survived by the workers: $reconnects (log lines)"
echo "# figures: activities=$total workers=4 kills=0 actions=$done_n doubles=$extra successes=$successes" \
     "failed=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'failed'")" \
     "retried=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE attempt_number > 1")"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker logs:"; grep -hE 'level=(warn|error)' "$WK_WORK"/w?.log | head -20 | sed 's/^/#   /'; }
dropdb --force "$WK_DB" 2>/dev/null
tap_done
