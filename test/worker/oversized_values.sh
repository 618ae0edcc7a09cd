#!/usr/bin/env bash
# A tenant's values written before 1.2 checked them (loaded here with triggers
# off, as a 1.0 database kept them through its upgrade): a 100 MB Unipile id on
# its linked account and a 100 MB post URL, on activities due before anyone
# else's. The worker's claim statement joins both for every claimed row; it
# once read them whole, and under the role's 2 s statement_timeout every call
# was cancelled, for every tenant, on every call. It now judges them by their
# size: those activities fail (the id or URL is not well-formed), the rest is
# done, once.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_oversized WK_LEASE=4
wk_make_db "$WK_DB" 2 5 4s
tap_ok $? "database: 2 posts x 5 members due for one client, and the least-privilege role $WK_ROLE"
q -d "$WK_DB" >/dev/null <<SQL
ALTER ROLE $WK_ROLE IN DATABASE $WK_DB SET statement_timeout = '2s';
SET session_replication_role = replica;
INSERT INTO pod_amplify.clients (id, name) VALUES ('e0000000-0000-4000-8000-000000000000', 'Hostile');
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('ou' || u)::uuid, 'e0000000-0000-4000-8000-000000000000', 'o' || u || '@hostile.test', 'Hostile ' || u
FROM generate_series(0, 2) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id) VALUES
    (md5('oa1')::uuid, md5('ou1')::uuid, repeat('x', 100000000)),
    (md5('oa2')::uuid, md5('ou2')::uuid, 'hostile2');
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES
    ('e0d00000-0000-4000-8000-000000000000', 'e0000000-0000-4000-8000-000000000000', 'Hostile pod');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, client_id)
SELECT md5('om' || u)::uuid, 'e0d00000-0000-4000-8000-000000000000', md5('ou' || u)::uuid, md5('oa' || u)::uuid,
       'e0000000-0000-4000-8000-000000000000' FROM generate_series(1, 2) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url) VALUES
    (md5('op1')::uuid, 'e0000000-0000-4000-8000-000000000000', md5('ou0')::uuid, 'published',
     'https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001/'),
    (md5('op2')::uuid, 'e0000000-0000-4000-8000-000000000000', md5('ou0')::uuid, 'published',
     'https://www.linkedin.com/feed/update/urn:li:activity:' || repeat('7', 100000000) || '/');
-- 1: the 100 MB id; 2: the 100 MB URL; 3: neither.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, client_id, engagement_type, action, scheduled_for)
VALUES ('e1c00000-0000-4000-8000-000000000001', 'e0d00000-0000-4000-8000-000000000000', md5('op1')::uuid, md5('om1')::uuid,
        'e0000000-0000-4000-8000-000000000000', 'like', 'like', now() - interval '1 hour'),
       ('e1c00000-0000-4000-8000-000000000002', 'e0d00000-0000-4000-8000-000000000000', md5('op2')::uuid, md5('om2')::uuid,
        'e0000000-0000-4000-8000-000000000000', 'like', 'like', now() - interval '1 hour'),
       ('e1c00000-0000-4000-8000-000000000003', 'e0d00000-0000-4000-8000-000000000000', md5('op1')::uuid, md5('om2')::uuid,
        'e0000000-0000-4000-8000-000000000000', 'like', 'like', now() - interval '1 hour');
SQL
tap_ok $? "the hostile client's rows, loaded as a restore would (a 100 MB id, a 100 MB URL), due first"
others=$(wk_test_client_activities "$WK_DB")
wk_fake oversized --latency-min-ms 1 --latency-max-ms 3
tap_ok $? "fake Unipile on $WK_FAKE_URL"

wk_start_direct WORKER_CONCURRENCY=4 WORKER_BATCH=10
wk_wait_all 60 "$(wk_pid w1)"
tap_is "$WK_BAD" 0 "the worker exited by itself when idle"
tap_is "$(wk_test_client_activities "$WK_DB" success)" "$others" "every other activity ($others) done"
tap_is "$(q -d "$WK_DB" -c "SELECT string_agg(right(id::text, 1) || ' ' || status || ': ' || COALESCE(left(error_message, 60), ''), ' | ' ORDER BY id)
                           FROM pod_amplify.pod_activities WHERE client_id = 'e0000000-0000-4000-8000-000000000000'")" \
    "1 failed: cannot attempt: the member's Unipile account id is malformed | 2 failed: cannot attempt: no post id (urn:li:activity|ugcPost|share) i | 3 success: " \
    "the oversized id and URL failed their own activities, not attempted; the hostile client's third activity was done"
tap_is "$(grep -cE 'level=(warn|error)' "$WK_WORK/w1.log")" 0 \
    "the worker logged no warning or error (no call ran into the 2 s statement_timeout)"
wk_check_exactly_once "$WK_DB" "$WK_FAKE_DIR/actions.log"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker log:"; grep -hE 'level=(warn|error)' "$WK_WORK"/w1.log | head -20 | cut -c1-300 | sed 's/^/#   /'; }
q -d postgres -c "ALTER ROLE $WK_ROLE IN DATABASE $WK_DB RESET statement_timeout" >/dev/null 2>&1
dropdb --force "$WK_DB" 2>/dev/null
tap_done
