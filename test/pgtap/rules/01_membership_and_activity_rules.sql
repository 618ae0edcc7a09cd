-- Every 1.0 rule gives its documented SQLSTATE and message; nothing is half-written.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SELECT plan(26);

-- membership
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('a0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000')$$,
    '23514', 'membership rule: user b1000000-0000-4000-8000-000000000000 is not a user of client a0000000-0000-4000-8000-000000000000, which owns pod a0d00000-0000-4000-8000-000000000000',
    'member_of_other_client_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id, linkedin_account_id) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'a2a00000-0000-4000-8000-000000000000')$$,
    '23514', 'membership rule: LinkedIn account a2a00000-0000-4000-8000-000000000000 does not belong to user a3000000-0000-4000-8000-000000000000',
    'account_of_another_user_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id, role) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'owner')$$,
    '23514', 'membership rule: pod a0d00000-0000-4000-8000-000000000000 already has an owner',
    'second_owner_is_refused');
SELECT throws_ok(
    $$UPDATE pod_amplify.pod_members SET role = 'owner' WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$,
    '23514', 'membership rule: pod a0d00000-0000-4000-8000-000000000000 already has an owner',
    'promoting_a_second_owner_is_refused');
SELECT throws_ok(
    $$UPDATE pod_amplify.pod_members SET linkedin_account_id = 'a1a00000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$,
    '23514', NULL, 'relinking_to_another_users_account_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('a0d00000-0000-4000-8000-000000000000', NULL)$$,
    '23502', NULL, 'null_user_is_the_not_null_constraints');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('f0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000')$$,
    '23503', NULL, 'unknown_pod_is_the_foreign_keys');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id, role) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'admin')$$,
    '23514', NULL, 'unknown_role_is_the_check_constraints');
SELECT is((SELECT count(*) FROM pod_amplify.pod_members)::int, 3, 'refused_members_left_nothing_behind');
SELECT lives_ok(
    $$INSERT INTO pod_amplify.pod_members (id, pod_id, user_id) VALUES ('a3e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000')$$,
    'member_of_own_client_without_account_is_accepted');
SELECT lives_ok(
    $$UPDATE pod_amplify.pod_members SET role = 'member' WHERE id = 'a1e00000-0000-4000-8000-000000000000';
      UPDATE pod_amplify.pod_members SET role = 'owner' WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$,
    'ownership_can_be_handed_over');

-- activities
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'repost')$$,
    '23514', 'authorship rule: member a1e00000-0000-4000-8000-000000000000 wrote post a1b00000-0000-4000-8000-000000000000 and cannot amplify it',
    'author_cannot_amplify_own_post');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like')$$,
    '23514', 'activity rule: post b1b00000-0000-4000-8000-000000000000 does not belong to client a0000000-0000-4000-8000-000000000000, which owns pod a0d00000-0000-4000-8000-000000000000',
    'post_of_other_client_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'b1e00000-0000-4000-8000-000000000000', 'like')$$,
    '23514', 'activity rule: member b1e00000-0000-4000-8000-000000000000 is not a member of pod a0d00000-0000-4000-8000-000000000000',
    'member_of_other_pod_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'share')$$,
    '23514', NULL, 'unknown_engagement_type_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, status) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', 'done')$$,
    '23514', NULL, 'unknown_status_is_refused');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'f1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like')$$,
    '23503', NULL, 'unknown_post_is_the_foreign_keys');
SELECT is((SELECT count(*) FROM pod_amplify.pod_activities)::int, 0, 'refused_activities_left_nothing_behind');
SELECT lives_ok(
    $$INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type) VALUES ('a2c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment')$$,
    'another_member_amplifies_the_post');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment')$$,
    '23505', NULL, 'same_engagement_twice_is_the_unique_keys');
SELECT lives_ok(
    $$UPDATE pod_amplify.pod_activities SET status = 'completed', executed_at = now() WHERE id = 'a2c00000-0000-4000-8000-000000000000'$$,
    'a_1_0_worker_marks_an_activity_completed');

-- tenancy, as a non-superuser tenant under row-level security
CREATE ROLE tap_rules_tenant;
GRANT USAGE ON SCHEMA pod_amplify TO tap_rules_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO tap_rules_tenant;
SET LOCAL ROLE tap_rules_tenant;
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000')$$,
    '42501', 'tenancy rule: this session has no pod_amplify identity, so it cannot write pod b0d00000-0000-4000-8000-000000000000',
    'no_identity_cannot_write_members');
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000')$$,
    '42501', 'tenancy rule: pod b0d00000-0000-4000-8000-000000000000 belongs to another client than a0000000-0000-4000-8000-000000000000',
    'tenant_cannot_add_members_to_other_clients_pod');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b1e00000-0000-4000-8000-000000000000', 'like')$$,
    '42501', 'tenancy rule: pod b0d00000-0000-4000-8000-000000000000 belongs to another client than a0000000-0000-4000-8000-000000000000',
    'tenant_cannot_add_activities_to_other_clients_pod');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.posts (client_id) VALUES ('b0000000-0000-4000-8000-000000000000')$$,
    '42501', 'new row violates row-level security policy for table "posts"',
    'tenant_cannot_write_other_clients_posts');
SELECT throws_ok(
    $$SET pod_amplify.user_id = 'b1000000-0000-4000-8000-000000000000'$$,
    '42501', 'permission denied to set parameter "pod_amplify.user_id"',
    'tenant_cannot_set_the_identity_setting');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
