#!/usr/bin/env bash
# Answers lost after the COMMIT: a proxy between the worker and PostgreSQL
# passes the rows and CommandComplete but swallows ReadyForQuery (sent after
# the commit) and closes the connection, for the first few
# report_activities, report_and_claim (every claim the worker makes, with or
# without a report) and extend_leases calls. The worker must treat them as
# unknown, reconnect and repeat: a repeated report is "already recorded", a
# claim after a lost answer asks for its own live leases back and gets them.
# Nothing done twice, nothing lost, no lease lapsed. (The first two claims pass:
# the lost ones come after a claim that asked for no hand-back.)
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_lost_answers WK_LEASE=4
wk_make_db "$WK_DB" 5 12 4s
tap_ok $? "database with 64 due activities"
wk_fake lost --seed 3 --latency-min-ms 20 --latency-max-ms 120 --rate-429 0.05
tap_ok $? "fake Unipile (5 % 429, so that retries are reported too)"
"$WK_PY" test/worker/lossy_proxy.py --target-port "$PGPORT" --port-file "$WK_WORK/proxy.port" --log "$WK_WORK/proxy.log" \
    --drop report_activities 4 --drop report_and_claim 3 --after report_and_claim 2 --drop extend_leases 2 &
WK_PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WK_WORK/proxy.port" ] && break; sleep 0.05; done
proxy="host=127.0.0.1 port=$(cat "$WK_WORK/proxy.port") dbname=$WK_DB user=$WK_ROLE sslmode=disable gssencmode=disable"
WK_PGB_PORT=unused
wk_start_worker lossy DATABASE_URL="$proxy" WORKER_LISTEN_URL=off WORKER_CONCURRENCY=4 WORKER_BATCH=5
wk_wait_all 60 "$(wk_pid lossy)"
tap_is "$WK_BAD" 0 "the worker exited 0 when idle"
wk_fake_stop

tap_is "$(grep -c 'report_activities' "$WK_WORK/proxy.log")" 4 "4 report answers lost after the commit"
tap_is "$(grep -c 'report_and_claim' "$WK_WORK/proxy.log")" 3 "3 claim answers lost after the commit"
tap_is "$(grep -c 'extend_leases' "$WK_WORK/proxy.log")" 2 "2 heartbeat answers lost"
log="$WK_WORK/lossy.log"
tap_ok "$([ "$(grep -c 'event=report_failed.*next="reconnect and repeat"' "$log")" -ge 4 ] && echo 0 || echo 1)" \
    "each lost report answer was met by reconnecting and repeating the report"
repeated=$(grep 'event=outcome' "$log" | grep -c 'report="already recorded"')
tap_ok "$([ "$repeated" -ge 1 ] && echo 0 || echo 1)" "the repeated reports found their outcomes already recorded ($repeated activities; a report may be lost more than once)"
tap_is "$(grep 'event=outcome' "$log" | grep -vc 'level=info')" 0 "every outcome was accepted by the engine"
actions="$WK_FAKE_DIR/actions.log"
read -r keys extra <<<"$(wk_doubles "$actions")"
tap_is "$extra" 0 "no action done twice"
wk_load_actions "$WK_DB" "$actions"
tap_is "$(wk_success_without_action "$WK_DB") $(wk_action_without_success "$WK_DB")" "0 0" \
    "no success without its action, no action without its success"
tap_is "$(wk_unsettled "$WK_DB")" 0 "every activity settled"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE error_history::text LIKE '%lease expired%'")" 0 \
    "no lease lapsed: the claims whose answers were lost were handed back to the worker"
read -r scores successes <<<"$(wk_scores_vs_successes "$WK_DB")"
tap_is "$scores" "$successes" "scores ($scores) = successes ($successes)"
dropdb --force "$WK_DB" 2>/dev/null
tap_done
