#!/usr/bin/env bash
# A tenant holding its own members' rows open (FOR UPDATE, in a transaction it
# keeps) makes reports of their successes answer "busy": the worker keeps those
# outcomes and reports them again, and meanwhile goes on with everyone else's
# work. (It once counted them against its call slots and, with its oldest
# claims all busy, claimed nothing more until the tenant let go.)
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_held WK_LEASE=20
wk_make_db "$WK_DB" 3 6 20s
tap_ok $? "database: 3 posts x 6 members due, and the least-privilege role $WK_ROLE"
held="md5('wm1')::uuid, md5('wm2')::uuid, md5('wm3')::uuid"
# The held members' activities are the oldest: every worker meets them first.
q -d "$WK_DB" -c "UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 hour'
                  WHERE member_id IN ($held) AND post_id IN (md5('wp1')::uuid, md5('wp2')::uuid, md5('wp3')::uuid)" >/dev/null
# A tenant may date a row 'infinity': the worker's look-ahead must still work.
q -d "$WK_DB" -c "INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, action, scheduled_for)
                  VALUES ('f0d00000-0000-4000-8000-000000000000', md5('wp0')::uuid, md5('wm3')::uuid, 'like', 'like', 'infinity')" >/dev/null
others=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.posts p ON p.id = a.post_id
                           WHERE a.member_id NOT IN ($held) AND a.member_id <> md5('wm7')::uuid AND p.linkedin_post_url LIKE '%urn:li:%'")
wk_fake held --latency-min-ms 20 --latency-max-ms 40
tap_ok $? "fake Unipile on $WK_FAKE_URL"

# The tenant's transaction: members 1-3 locked for 12 s.
wk_hold "$WK_DB" "$held" 12
sleep 0.5
start=$(date +%s%3N)
WK_PGB_PORT=$PGPORT wk_start_worker w1 DATABASE_URL="host=127.0.0.1 port=$PGPORT dbname=$WK_DB user=$WK_ROLE" \
    WORKER_CONCURRENCY=2 WORKER_BATCH=2
sleep 6
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.posts p ON p.id = a.post_id
                           WHERE a.status = 'success' AND a.member_id NOT IN ($held) AND p.linkedin_post_url LIKE '%urn:li:%'")" "$others" \
    "while the tenant holds its members: every other member's activity ($others) done, by a worker with 2 call slots"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'success' AND member_id IN ($held)")" 0 \
    "and none of the held members' successes recorded yet (their reports answered busy)"
tap_ok "$(grep -q 'event=report_busy' "$WK_WORK/w1.log"; echo $?)" "the worker logged the busy answers"
wait "$WK_HOLDER"
wk_wait_all 60 "$(wk_pid w1)"
tap_is "$WK_BAD" 0 "after the tenant let go, the worker reported them again and exited 0 when idle ($(( $(date +%s%3N) - start )) ms)"
tap_is "$(grep -c 'event=lookahead_failed' "$WK_WORK/w1.log")" 0 "an activity dated 'infinity' did not break the worker's look-ahead"
wk_fake_stop
actions="$WK_FAKE_DIR/actions.log"
wk_check_exactly_once "$WK_DB" "$actions"
echo "# figures: busy answers $(grep -c 'event=report_busy' "$WK_WORK/w1.log"), actions $(wc -l <"$actions")"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker log:"; grep -hE 'level=(warn|error)|event=(stopping|idle_exit)' "$WK_WORK"/w1.log | head -20 | sed 's/^/#   /'; }
dropdb --force "$WK_DB" 2>/dev/null
tap_done
