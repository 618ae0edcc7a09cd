-- Cross-tenant denial of service: one tenant's rows or settings (including
-- what 1.0 let in, simulated here with triggers off) never make the engine,
-- the backfill, the stats or a restore fail for everyone. Each case poisons,
-- then a worker serves tenant B: its due activity a…/b1c00002 is claimed.
-- (Poison that breaks a rule is written, then removed, in one transaction.)

-- @case tenant_settings_lease_forever_are_refused_on_write
-- @as tenant_a
-- @expect 22023
UPDATE pod_amplify.pods SET settings = '{"lease_duration": "forever"}' WHERE id = 'a1d00000-0000-4000-8000-000000000000';

-- @case settings_written_under_1_0_do_not_stop_claims
-- @expect value 1
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pods SET settings = '{"lease_duration": "forever", "retry_jitter": [1], "schedule_min_delay": 99999999999999999999999}'
WHERE id IN ('a1d00000-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000');
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10, NULL) WHERE id = 'b1c00002-0000-4000-8000-000000000000';
ROLLBACK;

-- @case settings_that_are_not_an_object_do_not_stop_claims
-- @expect value 1
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pods SET settings = '"a string"' WHERE id = 'b1d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '[1, 2]' WHERE id = 'a1d00000-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) WHERE id = 'b1c00002-0000-4000-8000-000000000000';
ROLLBACK;

-- @case inconsistent_settings_do_not_stop_failure_reports
-- @expect value pending
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pods SET settings = '{"retry_base_delay": 7200, "retry_max_delay": 60}' WHERE id = 'b1d00000-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) \gset
SELECT status FROM pod_amplify.fail_activity('b1c00002-0000-4000-8000-000000000000', 'HTTP 429', true, 'poison-probe');
ROLLBACK;

-- @case a_legacy_row_breaking_a_rule_does_not_stop_claims_and_reports
-- @expect value 2
BEGIN;
SET LOCAL session_replication_role = replica;
-- a 1.0-era activity by the post's own author, not backfilled, due
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, action, client_id)
VALUES ('a1c0000f-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
        'a1e00000-0000-4000-8000-000000000000', 'like', now() - interval '2 hours', NULL, NULL);
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) \gset
SELECT count(*) FROM pod_amplify.report_activities('poison-probe',
    ARRAY['a1c0000f-0000-4000-8000-000000000000', 'b1c00002-0000-4000-8000-000000000000']::uuid[], ARRAY['success', 'success']) WHERE accepted;
ROLLBACK;

-- @case a_legacy_member_breaking_a_rule_does_not_stop_scores
-- @expect value success
BEGIN;
SET LOCAL session_replication_role = replica;
-- member b2e is given a user of client A, and its derived columns cleared (not backfilled)
UPDATE pod_amplify.pod_members SET user_id = 'a3000000-0000-4000-8000-000000000000', client_id = NULL WHERE id = 'b2e00000-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) \gset
SELECT status FROM pod_amplify.complete_activity('b1c00002-0000-4000-8000-000000000000', NULL, 'poison-probe');
ROLLBACK;

-- @case the_backfill_walks_past_rows_breaking_a_rule
-- @expect value 0
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pod_members SET client_id = NULL, user_id = 'b3000000-0000-4000-8000-000000000000' WHERE id = 'a3e00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_activities SET client_id = NULL, action = NULL WHERE id = 'a1c00003-0000-4000-8000-000000000000';
UPDATE pod_amplify.backfill_progress SET finished_at = NULL, last_id = NULL;
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_operator;
SELECT sum(pod_amplify.backfill(2)) AS walked FROM generate_series(1, 20) \gset
SELECT pod_amplify.backfill();
ROLLBACK;

-- @case lapsed_leases_are_reaped_whatever_a_tenants_settings
-- @expect value 1
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pods SET settings = '{"retry_max_delay": "-1"}' WHERE id = 'a1d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_activities SET lease_expires_at = now() - interval '1 minute' WHERE id = 'a1c00003-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_operator;
SELECT pod_amplify.reap_expired_leases();
ROLLBACK;

-- @case a_tenant_scheduling_at_infinity_is_refused
-- @as tenant_a
-- @expect 22023
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'comment', '294276-12-31 23:59:00+00', ARRAY['x']);

-- @case infinite_times_a_tenant_may_write_do_not_stop_claims
-- @as owner
-- @expect value 1
BEGIN;
SET LOCAL ROLE pod_attack_tenant;
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000"}', true) \gset
UPDATE pod_amplify.pod_activities SET scheduled_for = '-infinity' WHERE id = 'a1c00002-0000-4000-8000-000000000000';
RESET ROLE;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) WHERE id = 'b1c00002-0000-4000-8000-000000000000';
ROLLBACK;

-- @case a_garbled_history_does_not_stop_reports
-- @expect value 2
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pod_activities SET error_history = '{"not": "an array"}' WHERE id = 'a1c00002-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_activities SET error_history = '[{"attempt": "many", "worker": 7}]' WHERE id = 'b1c00002-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) \gset
SELECT count(*) FROM pod_amplify.report_activities('poison-probe',
    ARRAY['a1c00002-0000-4000-8000-000000000000', 'b1c00002-0000-4000-8000-000000000000']::uuid[], ARRAY['retry', 'success'], ARRAY['x', NULL]) WHERE accepted;
ROLLBACK;

-- @case an_unknown_zone_left_in_a_users_row_schedules_in_utc
-- @expect value 3
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.users SET timezone = 'Nowhere/Atlantis' WHERE client_id = 'a0000000-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL pod_amplify.active_hours = '00:00-24:00';
SET LOCAL pod_amplify.active_days = 'mon-sun';
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'like', now());
ROLLBACK;

-- @case shared_unipile_ids_left_by_1_1_do_not_stop_scheduling
-- @expect value 3
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipile_shared' WHERE id IN ('a3a00000-0000-4000-8000-000000000000', 'b3a00000-0000-4000-8000-000000000000');
SET LOCAL session_replication_role = origin;
SELECT pod_amplify.schedule_post('b2b00000-0000-4000-8000-000000000000', 'like', now());
ROLLBACK;

-- @case the_audit_lists_poison_without_failing
-- @as operator
-- @expect value 1 2
BEGIN;
RESET ROLE;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pod_members SET user_id = 'b3000000-0000-4000-8000-000000000000', linkedin_account_id = NULL WHERE id = 'a3e00000-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_operator;
-- the member's rule, and its Unipile id now held by two users (the member and user a3's account)
SELECT count(*) FILTER (WHERE rule <> 'unipile_id_one_user') || ' ' || count(*) FILTER (WHERE rule = 'unipile_id_one_user')
FROM pod_amplify.rule_violations();
ROLLBACK;

-- @case stats_count_past_poison
-- @as worker
-- @expect value 2
BEGIN;
RESET ROLE;
SET LOCAL session_replication_role = replica;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, status)
VALUES ('a1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', 'completed');
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.activity_stats('client');
ROLLBACK;

-- @case a_pending_comment_without_text_is_never_handed_out
-- @expect value 0
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pod_activities SET action = 'comment', engagement_type = 'comment', comment_text = NULL
WHERE id = 'b1c00002-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10) WHERE id = 'b1c00002-0000-4000-8000-000000000000';
ROLLBACK;

-- @case a_score_at_the_int4_limit_does_not_fail_a_workers_batch
-- @expect value 2 2147483647
BEGIN;
SET LOCAL ROLE pod_attack_tenant;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
UPDATE pod_amplify.pod_members SET participation_score = 2147483647 WHERE id = 'a2e00000-0000-4000-8000-000000000000';
RESET ROLE;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('poison-probe', 10)
WHERE id IN ('a1c00002-0000-4000-8000-000000000000', 'b1c00002-0000-4000-8000-000000000000');
SELECT count(*) FILTER (WHERE accepted) || ' ' || (SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000')
FROM pod_amplify.report_activities('poison-probe', ARRAY['a1c00002-0000-4000-8000-000000000000', 'b1c00002-0000-4000-8000-000000000000']::uuid[],
                                   ARRAY['success', 'success']);
ROLLBACK;

-- @case a_pending_comment_from_1_0_does_not_stop_the_backfill
-- @expect value 0
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE pod_amplify.pod_activities SET engagement_type = 'comment', action = NULL, client_id = NULL, comment_text = NULL
WHERE id = 'a1c00002-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = origin;
UPDATE pod_amplify.backfill_progress SET finished_at = NULL, last_id = NULL;
SELECT sum(pod_amplify.backfill(1)) > 0 FROM generate_series(1, 40);
SELECT count(*) FROM pod_amplify.pod_activities WHERE action IS NULL OR client_id IS NULL;
ROLLBACK;
