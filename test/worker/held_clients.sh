#!/usr/bin/env bash
# Five hostile clients, 40 activities each due before anyone else's (client
# 5's first, then 4's, ...), each holding its own members' rows open at once.
# Each stays under WORKER_MAX_WAITING_PER_CLIENT, so only the shared bound
# keeps their busy outcomes from piling up: with WORKER_MAX_WAITING 10, once
# 10 wait in all, a client with any waiting gets no new attempt, and a new
# client gets one. One call slot, one activity a claim: 10 + 4 attempts, not
# 10 + 5 + 3 + 2 + 2 (fair shares alone) nor all 200 (the per-client bound
# alone, with which 105 tenants together filled the worker's 10,000 leases
# and stopped it for everyone). The other client's work is done meanwhile.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_held_clients WK_LEASE=4
wk_make_db "$WK_DB" 3 6 4s
tap_ok $? "database: 3 posts x 6 members due for one client, and the least-privilege role $WK_ROLE"
q -d "$WK_DB" >/dev/null <<'SQL'
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.clients (id, name) SELECT md5('hc' || c)::uuid, 'Hostile ' || c FROM generate_series(1, 5) c;
INSERT INTO pod_amplify.users (id, client_id, email)
SELECT md5('hu' || c || '-' || u)::uuid, md5('hc' || c)::uuid, 'h' || c || '-' || u || '@hostile.test'
FROM generate_series(1, 5) c, generate_series(0, 10) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
SELECT md5('ha' || c || '-' || u)::uuid, md5('hu' || c || '-' || u)::uuid, 'hostile' || c || 'x' || u
FROM generate_series(1, 5) c, generate_series(1, 10) u;
INSERT INTO pod_amplify.pods (id, client_id, name, settings)
SELECT md5('hpod' || c)::uuid, md5('hc' || c)::uuid, 'Hostile pod ' || c, '{"retry_base_delay": 1, "retry_max_delay": 2, "retry_jitter": 0, "active_hours": "00:00-24:00", "active_days": "mon-sun", "account_min_gap": 0, "member_daily_cap": 0}'
FROM generate_series(1, 5) c;
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
SELECT md5('hm' || c || '-' || u)::uuid, md5('hpod' || c)::uuid, md5('hu' || c || '-' || u)::uuid, md5('ha' || c || '-' || u)::uuid
FROM generate_series(1, 5) c, generate_series(1, 10) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)
SELECT md5('hp' || c || '-' || p)::uuid, md5('hc' || c)::uuid, md5('hu' || c || '-0')::uuid, 'published',
       'https://www.linkedin.com/feed/update/urn:li:activity:' || (7300000000000000000 + c * 100 + p) || '/'
FROM generate_series(1, 5) c, generate_series(1, 4) p;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, action, scheduled_for)
SELECT md5('hpod' || c)::uuid, md5('hp' || c || '-' || p)::uuid, md5('hm' || c || '-' || u)::uuid, 'like', 'like',
       now() - interval '1 hour' - (6 - c) * interval '1 minute'
FROM generate_series(1, 5) c, generate_series(1, 4) p, generate_series(1, 10) u;
SQL
hostile_members="SELECT m.id FROM pod_amplify.pod_members m JOIN pod_amplify.pods p ON p.id = m.pod_id WHERE p.name LIKE 'Hostile pod %'"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE member_id IN ($hostile_members)")" 200 \
    "5 hostile clients, 40 activities each, due an hour ago (before everyone else's)"
others=$(wk_test_client_activities "$WK_DB")
wk_fake held-clients --latency-min-ms 5 --latency-max-ms 10
tap_ok $? "fake Unipile on $WK_FAKE_URL"

wk_hold "$WK_DB" "$hostile_members" 12
sleep 0.5
start=$(date +%s%3N)
wk_start_direct WORKER_CONCURRENCY=1 WORKER_BATCH=1 WORKER_MAX_WAITING=10
sleep 8
done_others=$(wk_test_client_activities "$WK_DB" success)
hostile_done=$(wk_actions_of hostile)
tap_is "$done_others" "$others" "while 5 clients hold their members: every other activity ($others) done"
tap_is "$hostile_done" 14 "the hostile clients' actions done meanwhile: 14 of 200 (10 waiting in all, then one for each client new to it)"
wk_after_hold 90 "$start"
wk_check_exactly_once "$WK_DB" "$WK_FAKE_DIR/actions.log"
echo "# figures: hostile actions while held $hostile_done, set aside $(wk_set_aside_count), busy answers $(grep -c 'event=report_busy' "$WK_WORK/w1.log")"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker log:"; grep -hE 'level=(warn|error)|event=(stopping|idle_exit)' "$WK_WORK"/w1.log | head -20 | sed 's/^/#   /'; }
dropdb --force "$WK_DB" 2>/dev/null
tap_done
