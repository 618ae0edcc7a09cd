#!/usr/bin/env bash
# The reference worker under kill -9: 4 workers through PgBouncer drain a
# backlog with every fault injected while workers are killed and started again
# under the same name (once late enough for its leases to lapse and others to
# take over). A killed worker may have performed actions it never reported;
# whoever gets the activity next does it again. So: doubles at most what the
# killed workers held when killed; still no success without its action, every
# activity settled, scores = successes.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_chaos WK_LEASE=4
posts=15 members=40
wk_make_db "$WK_DB" $posts $members 4s
tap_ok $? "database with $((posts * members + 4)) due activities"
total=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities")
wk_fake chaos --seed 11 --latency-min-ms 40 --latency-max-ms 250 \
    --rate-429 0.04 --rate-5xx 0.04 --rate-403 0.02 --rate-drop 0.03 --rate-slow 0.02 --slow-seconds 5
tap_ok $? "fake Unipile with every fault"
wk_pgbouncer "$WK_DB"
tap_ok $? "PgBouncer in transaction mode"

start=$(date +%s%3N)
for w in w1 w2 w3 w4; do wk_start_worker "$w"; done
kills=0 held_at_kills=0
for k in 1 2 3 4 5 6; do
    sleep 0.8
    victim=w$(( (k * 3) % 4 + 1 ))
    pid=$(wk_pid "$victim")
    kill -0 "$pid" 2>/dev/null || continue   # already done (idle exit)
    kill -KILL "$pid"; wait "$pid" 2>/dev/null
    # What it held when it died: its live leases (nobody can touch them before they lapse).
    held=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE lease_owner = '$victim' AND lease_expires_at > now() AND status = 'pending'")
    kills=$((kills + 1)) held_at_kills=$((held_at_kills + held))
    if [ "$k" = 3 ]; then
        echo "# kill $kills: $victim (held $held), restarted after its leases lapsed"
        sleep 4.5
    else
        echo "# kill $kills: $victim (held $held), restarted at once under the same name"
    fi
    wk_start_worker "$victim"
done
pids=(); for w in w1 w2 w3 w4; do pids+=("$(wk_pid $w)"); done
wk_wait_all 100 "${pids[@]}"
elapsed=$(( $(date +%s%3N) - start ))
tap_is "$WK_BAD" 0 "the last incarnations of the 4 workers exited 0 when idle, after $kills kills, in $elapsed ms"
wk_fake_stop

actions="$WK_FAKE_DIR/actions.log" requests="$WK_FAKE_DIR/requests.log"
faults=$(wk_fault_counts "$requests")
read -r keys extra <<<"$(wk_doubles "$actions")"
done_n=$(wc -l <"$actions")
tap_ok "$([ "$extra" -le "$held_at_kills" ] && echo 0 || echo 1)" \
    "actions done twice ($extra, on $keys keys) <= activities the killed workers held ($held_at_kills)"
wk_load_actions "$WK_DB" "$actions"
tap_is "$(wk_success_without_action "$WK_DB")" 0 "no success recorded without its action in the fake's log"
tap_is "$(wk_unsettled "$WK_DB")" 0 "every activity ended success or failed (or pending with a retry ahead)"
read -r scores successes <<<"$(wk_scores_vs_successes "$WK_DB")"
tap_is "$scores" "$successes" "participation scores ($scores) = successes ($successes)"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE lease_owner IS NOT NULL")" 0 "no lease left behind"
lost=$(wk_action_without_success "$WK_DB")
lapsed=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE error_history::text LIKE '%lease expired%'")
echo "# action requests by fault: $faults"
echo "# figures: activities=$total workers=4 kills=$kills held_at_kills=$held_at_kills actions=$done_n doubles=$extra" \
     "successes=$successes failed=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'failed'")" \
     "leases_lapsed=$lapsed actions_without_success=$lost"
dropdb --force "$WK_DB" 2>/dev/null
tap_done
