#!/usr/bin/env bash
# A worker stopped and started again under its name while a tenant holds its
# members' rows does no LinkedIn action twice. Its successes the engine answered
# "busy" wait in the database (pod_amplify.waiting_successes), so the stopping
# worker gives them up at once, the restarted one's claim does not hand those
# activities back to be done again (it once did: 9 of 9 doubled), and the
# claim after the tenant lets go records them.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_restart WK_LEASE=3
wk_make_db "$WK_DB" 2 6 3s
tap_ok $? "database: 2 posts x 6 members due, and the least-privilege role $WK_ROLE"
held="md5('wm1')::uuid, md5('wm2')::uuid, md5('wm3')::uuid"
ntotal=$(wk_test_client_activities "$WK_DB")
nheld=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.posts p ON p.id = a.post_id
                         WHERE a.member_id IN ($held) AND p.linkedin_post_url LIKE '%urn:li:%'")
wk_fake restart --latency-min-ms 10 --latency-max-ms 20
tap_ok $? "fake Unipile on $WK_FAKE_URL"

# The tenant's transaction: members 1-3 locked for 12 s.
wk_hold "$WK_DB" "$held" 12
sleep 0.5
wk_start_direct WORKER_CONCURRENCY=2 WORKER_BATCH=2 WORKER_EXIT_WHEN_IDLE=0
for _ in $(seq 1 50); do
    [ "$(grep -c 'event=report_busy' "$WK_WORK/w1.log")" -ge "$nheld" ] && break
    sleep 0.1
done
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.waiting_successes")" "$nheld" \
    "the held members' $nheld successes wait in the database"
kill -TERM "$(wk_pid w1)"
stopped=$(date +%s%3N)
wk_wait_all 10 "$(wk_pid w1)"
tap_is "$WK_BAD" 0 "w1, stopped, exits 0 at once: the engine keeps its waiting successes ($(( $(date +%s%3N) - stopped )) ms)"
tap_is "$(grep -c 'event=success_left_waiting' "$WK_WORK/w1.log")" "$nheld" "it logged each success left waiting"

# Started again under its name while the tenant still holds the members: its
# claims do not hand the waiting activities back; once the tenant lets go and
# a lease lapses, a claim's reaper records the success, and w1 exits when idle.
restarted=$(date +%s%3N)
wk_start_direct WORKER_CONCURRENCY=2 WORKER_BATCH=2
wk_wait_all 40 "$(wk_pid w1)"
tap_is "$WK_BAD" 0 "the restarted w1 exits 0 when idle ($(( $(date +%s%3N) - restarted )) ms; the tenant held its rows 12 s)"
tap_is "$(wc -l <"$WK_FAKE_DIR/actions.log")" "$ntotal" "no action done again: $ntotal actions for $ntotal activities"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE member_id IN ($held) AND status = 'success'
                            AND attempt_number = 1 AND error_history->-1->>'kind' = 'late_success' AND error_history->-1->>'worker' = 'w1'")" \
    "$nheld" "each of the $nheld is a success at its first attempt, recorded late in w1's name (no lapse counted)"
tap_is "$(q -d "$WK_DB" -c "SELECT pod_amplify.reap_expired_leases()")$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.waiting_successes")" \
    "00" "housekeeping: nothing left to reap, nothing left waiting"
wk_fake_stop
wk_check_exactly_once "$WK_DB" "$WK_FAKE_DIR/actions.log"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker log:"; grep -hE 'level=(warn|error)|event=(stopping|idle_exit|success_left|report_busy)' "$WK_WORK"/w1.log | head -20 | sed 's/^/#   /'; }
dropdb --force "$WK_DB" 2>/dev/null
tap_done
