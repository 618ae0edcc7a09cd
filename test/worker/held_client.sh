#!/usr/bin/env bash
# A hostile client with 1,100 activities due before anyone else's holds its own
# members' rows open (FOR UPDATE, in a transaction it keeps): every report of
# its successes answers "busy". The worker attempts only a few of them
# (WORKER_MAX_WAITING_PER_CLIENT waiting, plus what was already in flight),
# sets the rest aside unattempted and goes on with the other client's work.
# (It once kept every busy outcome, asked each claim to hand them all back,
# and at 1,000 held stopped claiming: one tenant's lock stalled the worker for
# everyone.) After the tenant lets go, everything settles, nothing twice.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_held_client WK_LEASE=4
wk_make_db "$WK_DB" 3 6 4s
tap_ok $? "database: 3 posts x 6 members due for one client, and the least-privilege role $WK_ROLE"
q -d "$WK_DB" >/dev/null <<'SQL'
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.clients (id, name) VALUES ('e0000000-0000-4000-8000-000000000000', 'Hostile');
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('hu' || u)::uuid, 'e0000000-0000-4000-8000-000000000000', 'h' || u || '@hostile.test', 'Hostile ' || u
FROM generate_series(0, 10) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
SELECT md5('ha' || u)::uuid, md5('hu' || u)::uuid, 'hostile' || u FROM generate_series(1, 10) u;
INSERT INTO pod_amplify.pods (id, client_id, name, settings) VALUES
  ('e0d00000-0000-4000-8000-000000000000', 'e0000000-0000-4000-8000-000000000000', 'Hostile pod',
   '{"retry_base_delay": 1, "retry_max_delay": 2, "retry_jitter": 0, "active_hours": "00:00-24:00", "active_days": "mon-sun", "account_min_gap": 0, "member_daily_cap": 0}');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
SELECT md5('hm' || u)::uuid, 'e0d00000-0000-4000-8000-000000000000', md5('hu' || u)::uuid, md5('ha' || u)::uuid
FROM generate_series(1, 10) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)
SELECT md5('hp' || p)::uuid, 'e0000000-0000-4000-8000-000000000000', md5('hu0')::uuid, 'published',
       'https://www.linkedin.com/feed/update/urn:li:activity:' || (7200000000000000000 + p) || '/'
FROM generate_series(1, 110) p;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, action, scheduled_for)
SELECT 'e0d00000-0000-4000-8000-000000000000', md5('hp' || p)::uuid, md5('hm' || u)::uuid, 'like', 'like',
       now() - interval '1 hour'
FROM generate_series(1, 110) p, generate_series(1, 10) u;
SQL
hostile_members="SELECT id FROM pod_amplify.pod_members WHERE pod_id = 'e0d00000-0000-4000-8000-000000000000'"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE member_id IN ($hostile_members)")" 1100 \
    "the hostile client's 1,100 activities, due an hour ago (before everyone else's)"
others=$(wk_test_client_activities "$WK_DB")
wk_fake held-client --latency-min-ms 5 --latency-max-ms 10
tap_ok $? "fake Unipile on $WK_FAKE_URL"

# The hostile tenant's transaction: all its members locked for 12 s.
wk_hold "$WK_DB" "$hostile_members" 12
sleep 0.5
start=$(date +%s%3N)
wk_start_direct WORKER_CONCURRENCY=4 WORKER_BATCH=10 WORKER_MAX_WAITING_PER_CLIENT=5
sleep 8
done_others=$(wk_test_client_activities "$WK_DB" success)
hostile_done=$(wk_actions_of hostile)
tap_is "$done_others" "$others" \
    "while the hostile client holds its members: every other activity ($others) done"
tap_ok "$([ "$hostile_done" -ge 5 ] && [ "$hostile_done" -le 19 ]; echo $?)" \
    "the hostile client's actions done meanwhile: $hostile_done (5 waiting at most, plus 4 slots and a batch of 10 in flight)"
tap_ok "$(grep -q 'event=set_aside client=e0000000-0000-4000-8000-000000000000' "$WK_WORK/w1.log"; echo $?)" \
    "the worker logged the hostile client's activities it set aside"
tap_is "$(grep 'event=set_aside' "$WK_WORK/w1.log" | grep -vc 'client=e0000000-0000-4000-8000-000000000000')" 0 \
    "and set aside no other client's"
wk_after_hold 90 "$start"
actions="$WK_FAKE_DIR/actions.log"
wk_check_exactly_once "$WK_DB" "$actions"
echo "# figures: hostile actions while held $hostile_done, set aside $(wk_set_aside_count), busy answers $(grep -c 'event=report_busy' "$WK_WORK/w1.log"),"\
" hostile final: $(q -d "$WK_DB" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM pod_amplify.pod_activities
    WHERE member_id IN ($hostile_members) GROUP BY status ORDER BY status) s")"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker log:"; grep -hE 'level=(warn|error)|event=(stopping|idle_exit)' "$WK_WORK"/w1.log | head -20 | sed 's/^/#   /'; }
dropdb --force "$WK_DB" 2>/dev/null
tap_done
