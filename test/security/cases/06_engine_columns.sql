-- Engine-owned columns (lease_owner, lease_expires_at, attempt_number,
-- max_attempts, error_history, origin, executed_at) change only through the
-- engine's functions, or by an owner / BYPASSRLS operator. a1c00003 is leased
-- by fixture-worker; a1c00002 is pending and free.

-- @case a_tenant_clears_a_workers_live_lease
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET lease_owner = NULL, lease_expires_at = NULL WHERE id = 'a1c00003-0000-4000-8000-000000000000';

-- @case a_tenant_shortens_a_workers_lease
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET lease_expires_at = now() WHERE id = 'a1c00003-0000-4000-8000-000000000000';

-- @case a_tenant_takes_over_a_lease
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET lease_owner = 'tenant-worker' WHERE id = 'a1c00003-0000-4000-8000-000000000000';

-- @case a_tenant_finishes_an_activity_a_worker_holds
-- @as tenant_a
-- @expect 55000
UPDATE pod_amplify.pod_activities SET status = 'completed' WHERE id = 'a1c00003-0000-4000-8000-000000000000';

-- @case a_tenant_grants_itself_attempts
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET max_attempts = 2147483647 WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_moves_attempts_forward
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET attempt_number = attempt_number + 1 WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_rewrites_the_history
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET error_history = '[{"attempt": 1, "worker": "forged"}]' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_marks_a_row_replaceable
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET origin = 'schedule' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_backdates_an_execution
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET executed_at = '2020-01-01' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_inserts_an_activity_with_a_lease
-- @as tenant_a
-- @expect 42501
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, lease_owner, lease_expires_at)
VALUES ('a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', 'me', 'infinity');

-- @case a_tenant_inserts_an_activity_with_endless_attempts
-- @as tenant_a
-- @expect 42501
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, max_attempts)
VALUES ('a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', 2147483647);

-- @case a_tenant_inserts_a_half_used_activity
-- @as tenant_a
-- @expect 42501
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, attempt_number, max_attempts)
VALUES ('a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', 3, 3);

-- @case a_tenant_inserts_an_activity_with_a_history
-- @as tenant_a
-- @expect 42501
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, error_history)
VALUES ('a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', '[{"worker": "x"}]');

-- @case a_1_0_style_completion_by_a_tenant_still_works
-- @as tenant_a
-- @expect ok
UPDATE pod_amplify.pod_activities SET status = 'completed', executed_at = now() WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_may_still_reschedule_its_own_pending_activity
-- @as tenant_b
-- @expect ok
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '2 hours' WHERE id = 'b1c00002-0000-4000-8000-000000000000';

-- @case the_bypassrls_worker_may_set_engine_columns_as_an_operator
-- @as worker
-- @expect ok
UPDATE pod_amplify.pod_activities SET max_attempts = 5 WHERE id = 'b1c00003-0000-4000-8000-000000000000';

-- @case a_tenant_retry_through_the_engine_is_bounded
-- @as tenant_a
-- @expect 22023
SELECT pod_amplify.retry_activity('a1c00002-0000-4000-8000-000000000000', 1000);

-- @case the_workers_lease_survived_every_attempt
-- @as owner
-- @expect value fixture-worker
-- @readonly
SELECT lease_owner FROM pod_amplify.pod_activities WHERE id = 'a1c00003-0000-4000-8000-000000000000' AND lease_expires_at > now();

-- @case a_tenant_ends_a_workers_live_lease_through_fail_activity
-- @as tenant_a
-- @expect 55000
SELECT pod_amplify.fail_activity('a1c00003-0000-4000-8000-000000000000', 'stop', false);

-- @case a_tenant_completes_an_activity_a_worker_holds_through_complete_activities
-- @as tenant_a
-- @expect 55000
SELECT count(*) FROM pod_amplify.complete_activities(ARRAY['a1c00003-0000-4000-8000-000000000000']::uuid[]);

-- @case a_tenant_renames_an_activity_a_worker_holds
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_activities SET id = 'a1c0000f-0000-4000-8000-000000000000' WHERE id = 'a1c00003-0000-4000-8000-000000000000';

-- The archive (1.2) is the engine's: an archived action on a post stops
-- schedule_post from scheduling that user there again, so a forged one would
-- silence a member (another client's, or one of its own colleagues).
-- @case a_tenant_forges_an_archived_action
-- @as tenant_a
-- @expect 42501
INSERT INTO pod_amplify.pod_activities_archive (id, client_id, post_id, member_id, user_id, action, status,
    scheduled_for, created_at, attempt_number, max_attempts, error_history, origin)
VALUES (gen_random_uuid(), 'a0000000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000',
        'a3e00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'like', 'success',
        now(), now(), 1, 1, '[]', 'schedule');

-- @case a_tenant_forges_an_archived_action_of_another_client
-- @as tenant_a
-- @expect 42501
INSERT INTO pod_amplify.pod_activities_archive (id, client_id, post_id, member_id, user_id, action, status,
    scheduled_for, created_at, attempt_number, max_attempts, error_history, origin)
SELECT gen_random_uuid(), 'b0000000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000',
       m, m, 'repost', 'success', now(), now(), 1, 1, '[]', 'schedule'
FROM (VALUES ('b2e00000-0000-4000-8000-000000000000'::uuid)) v(m);

-- @case a_tenant_empties_the_archive
-- @as tenant_a
-- @expect 42501
TRUNCATE pod_amplify.pod_activities_archive;
