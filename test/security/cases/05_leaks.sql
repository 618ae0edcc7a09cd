-- Leaks: nothing about another tenant reaches a tenant, through an error, a
-- NOTIFY, a uniqueness check or a function. A names B's objects below; the
-- answers must not carry B's client id (b0000000-…) nor data of B's rows.

-- @case naming_another_clients_pod_names_no_client
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('b1d00000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000');

-- @case naming_another_clients_pod_with_a_client_id_of_ones_own_names_no_client
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
INSERT INTO pod_amplify.pod_members (pod_id, user_id, client_id)
VALUES ('b1d00000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000');

-- @case an_activity_in_another_clients_pod_names_no_client
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, client_id)
VALUES ('b1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like',
        'a0000000-0000-4000-8000-000000000000');

-- @case an_activity_on_another_clients_post_names_no_client
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action)
VALUES ('b1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like');

-- @case scheduling_another_clients_post_names_no_client
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
SELECT pod_amplify.schedule_post('b1b00000-0000-4000-8000-000000000000');

-- @case completing_another_clients_activity_names_no_client
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
SELECT pod_amplify.complete_activity('b1c00002-0000-4000-8000-000000000000');

-- @case reporting_another_clients_activity_is_no_such_activity
-- @as tenant_a
-- @expect value false|no such activity
SELECT accepted || '|' || reason FROM pod_amplify.report_activities('w', ARRAY['b1c00002-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);

-- @case extending_another_clients_lease_is_nothing
-- @as tenant_a
-- @expect value f
SELECT extended FROM pod_amplify.extend_leases(ARRAY['b1c00002-0000-4000-8000-000000000000']::uuid[], 'fixture-worker');

-- @case a_tenant_claims_only_its_own
-- @as tenant_a
-- @expect value 0
BEGIN;
SELECT count(*) FROM pod_amplify.claim_activities('tenant-worker', 100) WHERE client_id <> 'a0000000-0000-4000-8000-000000000000';
ROLLBACK;

-- @case a_tenant_without_identity_is_told_it_sees_nothing
-- @as tenant_none
-- @expect 42501
SELECT * FROM pod_amplify.claim_activities('anonymous-worker', 1);

-- @case the_audit_is_not_a_tenants
-- @as tenant_a
-- @expect 42501
SELECT * FROM pod_amplify.rule_violations();

-- @case stats_show_only_ones_own_client
-- @as tenant_a
-- @expect value a0000000-0000-4000-8000-000000000000
SELECT string_agg(id::text, ',') FROM pod_amplify.activity_stats('client');

-- @case a_unipile_id_of_another_tenant_is_refused_naming_nobody
-- @as tenant_a
-- @expect 23505
-- @refute b0000000
-- @refute b1000000
-- @refute b1a00000
INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id) VALUES ('a4000000-0000-4000-8000-000000000000', 'unipile_b1');

-- @case a_new_design_member_with_another_tenants_unipile_id_is_refused_naming_nobody
-- @as tenant_a
-- @expect 23505
-- @refute b1000000
-- @refute b0000000
INSERT INTO pod_amplify.pod_members (client_id, user_id, unipile_account_id)
VALUES ('a0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'unipile_b2');

-- @case an_email_taken_by_another_tenant_names_no_tenant
-- @as tenant_a
-- @expect 23505
-- @refute b0000000
-- @refute b1000000
INSERT INTO pod_amplify.users (client_id, email) VALUES ('a0000000-0000-4000-8000-000000000000', 'b1@b.test');

-- @case current_client_id_never_answers_for_another_user_than_the_claims
-- @as tenant_a
-- @expect value a0000000-0000-4000-8000-000000000000
SELECT pod_amplify.current_client_id();

-- @case notify_payloads_carry_no_tenant_data
-- @as owner
-- @expect value 0
-- @refute b2b00000
-- @refute b0000000
-- @refute "count"
-- @refute "due"
-- @contains with payload "{"event": "scheduled"}" received
-- (a LISTEN in the same session: the notifications of its own commits arrive at the end)
LISTEN pod_amplify_activities;
BEGIN;
SET LOCAL ROLE pod_attack_tenant;
SELECT set_config('request.jwt.claims', '{"sub": "b1000000-0000-4000-8000-000000000000"}', true) \gset
SELECT pod_amplify.schedule_post('b2b00000-0000-4000-8000-000000000000', 'repost', now()) AS n \gset
COMMIT;
SELECT 0;

-- @case the_backfill_progress_is_hidden_even_from_a_tenant_granted_all_tables
-- @as tenant_a
-- @expect value 0
SELECT count(*) FROM pod_amplify.backfill_progress;

-- @case a_tenant_granted_all_tables_cannot_end_the_backfill
-- @as tenant_a
-- @expect value 0
WITH u AS (UPDATE pod_amplify.backfill_progress SET finished_at = now(), rows_done = 9223372036854775807 RETURNING 1)
SELECT count(*) FROM u;
