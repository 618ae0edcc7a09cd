-- Races: sessions started together (a barrier releases them at once). After
-- each, the invariant (@then) holds, the rules hold and a restore keeps every
-- row (the runner checks both). Errors a session meets are allowed (a refusal
-- is the point), an internal error or a crash is not.

-- @race member_daily_cap_holds_under_concurrent_schedules
UPDATE pod_amplify.pods SET settings = '{"member_daily_cap": 1}' WHERE client_id = 'b0000000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('b7b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'draft'),
    ('b8b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'draft');
UPDATE pod_amplify.posts SET status = 'published' WHERE id IN ('b7b00000-0000-4000-8000-000000000000', 'b8b00000-0000-4000-8000-000000000000');
DELETE FROM pod_amplify.pod_activities WHERE post_id IN ('b7b00000-0000-4000-8000-000000000000', 'b8b00000-0000-4000-8000-000000000000');
-- @session tenant_b
SELECT pod_amplify.schedule_post('b7b00000-0000-4000-8000-000000000000', 'like', '2026-12-01 09:00+00');
-- @session tenant_b
SELECT pod_amplify.schedule_post('b8b00000-0000-4000-8000-000000000000', 'like', '2026-12-01 09:00+00');
-- @then SELECT NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_activities b ON a.member_id = b.member_id AND a.id < b.id AND abs(extract(epoch FROM a.scheduled_for - b.scheduled_for)) < 86400 WHERE a.post_id IN ('b7b00000-0000-4000-8000-000000000000', 'b8b00000-0000-4000-8000-000000000000') AND b.post_id IN ('b7b00000-0000-4000-8000-000000000000', 'b8b00000-0000-4000-8000-000000000000'))
-- @then SELECT count(*) = 6 FROM pod_amplify.pod_activities WHERE post_id IN ('b7b00000-0000-4000-8000-000000000000', 'b8b00000-0000-4000-8000-000000000000')

-- @race one_unipile_id_bound_by_two_tenants_at_once
-- @session tenant_a
INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id) VALUES ('a4000000-0000-4000-8000-000000000000', 'unipile_contested');
-- @session tenant_b
INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id) VALUES ('b4000000-0000-4000-8000-000000000000', 'unipile_contested');
-- @then SELECT count(*) = 1 FROM pod_amplify.linkedin_accounts WHERE unipile_account_id = 'unipile_contested'

-- @race one_unipile_id_as_a_member_and_an_account_at_once
-- @session tenant_a
INSERT INTO pod_amplify.pod_members (client_id, user_id, unipile_account_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'unipile_contested2');
-- @session tenant_b
INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id) VALUES ('b4000000-0000-4000-8000-000000000000', 'unipile_contested2');
-- @then SELECT count(DISTINCT user_id) = 1 FROM (SELECT user_id FROM pod_amplify.linkedin_accounts WHERE unipile_account_id = 'unipile_contested2' UNION ALL SELECT user_id FROM pod_amplify.pod_members WHERE unipile_account_id = 'unipile_contested2') x

-- @race two_owners_of_one_pod_at_once
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES ('a3d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'race pod');
-- @session tenant_a
INSERT INTO pod_amplify.pod_members (pod_id, user_id, role) VALUES ('a3d00000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'owner');
-- @session tenant_a
INSERT INTO pod_amplify.pod_members (pod_id, user_id, role) VALUES ('a3d00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'owner');
-- @then SELECT count(*) = 1 FROM pod_amplify.pod_members WHERE pod_id = 'a3d00000-0000-4000-8000-000000000000' AND role = 'owner'

-- @race one_user_joining_a_client_twice_at_once
-- @session tenant_b
INSERT INTO pod_amplify.pod_members (client_id, user_id) VALUES ('b0000000-0000-4000-8000-000000000000', 'b3000000-0000-4000-8000-000000000000');
-- @session tenant_b
INSERT INTO pod_amplify.pod_members (client_id, user_id) VALUES ('b0000000-0000-4000-8000-000000000000', 'b3000000-0000-4000-8000-000000000000');
-- @then SELECT count(*) = 1 FROM pod_amplify.pod_members WHERE client_id = 'b0000000-0000-4000-8000-000000000000' AND user_id = 'b3000000-0000-4000-8000-000000000000' AND pod_id IS NULL

-- @race two_workers_claiming_one_backlog
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('a9b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'published');
SELECT pod_amplify.schedule_post('a9b00000-0000-4000-8000-000000000000', 'repost', now() - interval '300 days');
CREATE TABLE IF NOT EXISTS public.race_claims (worker text, id uuid);
TRUNCATE public.race_claims;
GRANT INSERT ON public.race_claims TO pod_attack_worker;
-- @session worker
INSERT INTO public.race_claims SELECT 'w1', id FROM pod_amplify.claim_activities('race-w1', 50);
-- @session worker
INSERT INTO public.race_claims SELECT 'w2', id FROM pod_amplify.claim_activities('race-w2', 50);
-- @then SELECT count(*) = count(DISTINCT id) FROM public.race_claims

-- @race a_success_and_a_failure_reported_at_once
UPDATE pod_amplify.pod_activities SET lease_owner = 'race-w3', lease_expires_at = now() + interval '1 hour', scheduled_for = now() - interval '1 hour'
WHERE id = 'b1c00003-0000-4000-8000-000000000000';
-- @session worker
SELECT * FROM pod_amplify.report_activities('race-w3', ARRAY['b1c00003-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
-- @session worker
SELECT * FROM pod_amplify.report_activities('race-w3', ARRAY['b1c00003-0000-4000-8000-000000000000']::uuid[], ARRAY['retry'], ARRAY['HTTP 503']);
-- @then SELECT status IN ('success', 'pending') FROM pod_amplify.pod_activities WHERE id = 'b1c00003-0000-4000-8000-000000000000'
-- @then SELECT (SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'b3e00000-0000-4000-8000-000000000000') = (SELECT count(*) FROM pod_amplify.pod_activities WHERE member_id = 'b3e00000-0000-4000-8000-000000000000' AND status IN ('success', 'completed'))

-- @race the_same_success_reported_twice_at_once_counts_once
UPDATE pod_amplify.pod_activities SET status = 'pending', lease_owner = 'race-w4', lease_expires_at = now() + interval '1 hour'
WHERE id = 'b1c00002-0000-4000-8000-000000000000' AND status = 'pending';
-- @session worker
SELECT * FROM pod_amplify.report_activities('race-w4', ARRAY['b1c00002-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
-- @session worker
SELECT * FROM pod_amplify.complete_activities(ARRAY['b1c00002-0000-4000-8000-000000000000']::uuid[], NULL, 'race-w4');
-- @then SELECT (SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'b2e00000-0000-4000-8000-000000000000') = (SELECT count(*) FROM pod_amplify.pod_activities WHERE member_id = 'b2e00000-0000-4000-8000-000000000000' AND status IN ('success', 'completed'))

-- @race a_late_success_against_the_reaper
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('b5b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'published');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, max_attempts)
VALUES ('b5c00000-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b5b00000-0000-4000-8000-000000000000',
        'b3e00000-0000-4000-8000-000000000000', 'like', 1);
UPDATE pod_amplify.pod_activities SET lease_owner = 'race-w5', lease_expires_at = now() - interval '1 second' WHERE id = 'b5c00000-0000-4000-8000-000000000000';
-- @session operator
SELECT pod_amplify.reap_expired_leases();
-- @session worker
SELECT * FROM pod_amplify.report_activities('race-w5', ARRAY['b5c00000-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
-- @then SELECT status = 'success' FROM pod_amplify.pod_activities WHERE id = 'b5c00000-0000-4000-8000-000000000000'

-- @race a_heartbeat_against_the_reaper
UPDATE pod_amplify.pod_activities SET status = 'pending', lease_owner = 'race-w6', lease_expires_at = now() + interval '2 seconds'
WHERE id = 'a1c00003-0000-4000-8000-000000000000' AND status = 'pending';
-- @session worker
SELECT * FROM pod_amplify.extend_leases(ARRAY['a1c00003-0000-4000-8000-000000000000']::uuid[], 'race-w6', '1 hour');
-- @session operator
SELECT pod_amplify.reap_expired_leases();
-- @then SELECT (lease_owner IS NULL) = (lease_expires_at IS NULL) FROM pod_amplify.pod_activities WHERE id = 'a1c00003-0000-4000-8000-000000000000'

-- @race one_post_scheduled_twice_at_once
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('b6b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'published');
DELETE FROM pod_amplify.pod_activities WHERE post_id = 'b6b00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{}' WHERE client_id = 'b0000000-0000-4000-8000-000000000000';
-- @session tenant_b
SELECT pod_amplify.schedule_post('b6b00000-0000-4000-8000-000000000000', 'repost', now());
-- @session tenant_b
SELECT pod_amplify.schedule_post('b6b00000-0000-4000-8000-000000000000', 'repost', now());
-- @then SELECT count(*) = 3 FROM pod_amplify.pod_activities WHERE post_id = 'b6b00000-0000-4000-8000-000000000000'

-- @race an_author_change_against_an_activity_insert
DELETE FROM pod_amplify.pod_activities WHERE post_id = 'a2b00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.posts SET author_id = 'a1000000-0000-4000-8000-000000000000' WHERE id = 'a2b00000-0000-4000-8000-000000000000';
-- @session tenant_a
UPDATE pod_amplify.posts SET author_id = 'a3000000-0000-4000-8000-000000000000' WHERE id = 'a2b00000-0000-4000-8000-000000000000';
-- @session tenant_a
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like');
-- @then SELECT count(*) = 0 FROM pod_amplify.rule_violations()

-- @race a_member_move_against_an_activity_insert
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id) VALUES
    ('a8e00000-0000-4000-8000-000000000000', 'a2d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000');
-- @session tenant_a
UPDATE pod_amplify.pod_members SET pod_id = NULL, client_id = 'a0000000-0000-4000-8000-000000000000' WHERE id = 'a8e00000-0000-4000-8000-000000000000';
-- @session tenant_a
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a2d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a8e00000-0000-4000-8000-000000000000', 'repost');
-- @then SELECT count(*) = 0 FROM pod_amplify.rule_violations()

-- @race an_account_move_against_a_member_link
-- @session tenant_b
UPDATE pod_amplify.linkedin_accounts SET user_id = 'b3000000-0000-4000-8000-000000000000' WHERE id = 'b4a00000-0000-4000-8000-000000000000';
-- @session tenant_b
UPDATE pod_amplify.pod_members SET linkedin_account_id = 'b4a00000-0000-4000-8000-000000000000' WHERE id = 'b4e00000-0000-4000-8000-000000000000';
-- @then SELECT count(*) = 0 FROM pod_amplify.rule_violations()

-- @race settings_changing_while_workers_claim
-- @session tenant_a
UPDATE pod_amplify.pods SET settings = '{"lease_duration": "10min", "retry_base_delay": 5}' WHERE id = 'a1d00000-0000-4000-8000-000000000000';
-- @session worker
SELECT count(*) FROM pod_amplify.claim_activities('race-w7', 20);
-- @then SELECT NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities WHERE (lease_owner IS NULL) <> (lease_expires_at IS NULL))

-- @race the_backfill_beside_live_claims
UPDATE pod_amplify.backfill_progress SET finished_at = NULL, last_id = NULL;
-- @session operator
SELECT sum(pod_amplify.backfill(1)) FROM generate_series(1, 40);
-- @session worker
SELECT count(*) FROM pod_amplify.claim_activities('race-w8', 20);
-- @then SELECT count(*) = 0 FROM pod_amplify.pod_activities WHERE client_id IS NULL
