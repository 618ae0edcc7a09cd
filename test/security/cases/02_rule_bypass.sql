-- Rule bypass: the membership, activity, authorship and tenancy rules hold
-- after any sequence of writes a tenant's grants allow, on any table. Refused
-- writes are 23514 (a rule) or 42501 (another client's row).
-- Fixture: post a1b by A1 amplified by A2 (a1c00002) and A3 (a1c00003, leased).

-- @case tenant_makes_an_amplifier_the_author_of_the_post
-- @as tenant_a
-- @expect 23514
UPDATE pod_amplify.posts SET author_id = 'a2000000-0000-4000-8000-000000000000' WHERE id = 'a1b00000-0000-4000-8000-000000000000';

-- @case tenant_clears_then_sets_the_author_in_two_steps
-- @as tenant_a
-- @expect 23514
BEGIN;
UPDATE pod_amplify.posts SET author_id = NULL WHERE id = 'a1b00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.posts SET author_id = 'a3000000-0000-4000-8000-000000000000' WHERE id = 'a1b00000-0000-4000-8000-000000000000';
COMMIT;

-- @case tenant_names_another_clients_user_as_author
-- @as tenant_a
-- @expect 23514
-- @refute b0000000-0000-4000-8000-000000000000
UPDATE pod_amplify.posts SET author_id = 'b1000000-0000-4000-8000-000000000000' WHERE id = 'a2b00000-0000-4000-8000-000000000000';

-- @case tenant_inserts_a_post_authored_by_another_clients_user
-- @as tenant_a
-- @expect 23514
INSERT INTO pod_amplify.posts (client_id, author_id, status) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000', 'draft');

-- @case tenant_moves_a_post_to_another_client
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.posts SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a3b00000-0000-4000-8000-000000000000';

-- @case tenant_moves_a_member_with_activities_to_its_other_pod
-- @as tenant_a
-- @expect 23514
UPDATE pod_amplify.pod_members SET pod_id = 'a2d00000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000';

-- @case tenant_swaps_a_members_user_for_the_posts_author
-- @as tenant_a
-- @expect 23514
BEGIN;
INSERT INTO pod_amplify.pod_members (id, client_id, user_id) VALUES
    ('a7e00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000');
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action)
VALUES ('a2b00000-0000-4000-8000-000000000000', 'a7e00000-0000-4000-8000-000000000000', 'like');
UPDATE pod_amplify.pod_members SET user_id = 'a2000000-0000-4000-8000-000000000000' WHERE id = 'a7e00000-0000-4000-8000-000000000000';
COMMIT;

-- @case tenant_gives_its_member_another_clients_user
-- @as tenant_a
-- @expect 23514
-- @refute b0000000-0000-4000-8000-000000000000
UPDATE pod_amplify.pod_members SET user_id = 'b3000000-0000-4000-8000-000000000000', linkedin_account_id = NULL
WHERE id = 'a3e00000-0000-4000-8000-000000000000';

-- @case tenant_sets_its_member_into_another_client
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.pod_members SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000';

-- @case tenant_moves_a_linked_account_to_another_of_its_users
-- @as tenant_a
-- @expect 23514
UPDATE pod_amplify.linkedin_accounts SET user_id = 'a4000000-0000-4000-8000-000000000000' WHERE id = 'a2a00000-0000-4000-8000-000000000000';

-- @case tenant_wraps_another_clients_unipile_id_in_whitespace
-- @as tenant_a
-- @expect 22023
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = E' unipile_b1\t' WHERE id = 'a4a00000-0000-4000-8000-000000000000';

-- @case tenant_links_an_account_with_a_malformed_unipile_id
-- @as tenant_a
-- @expect 22023
INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id) VALUES ('a4000000-0000-4000-8000-000000000000', 'a"b');

-- @case tenant_moves_an_account_to_another_clients_user
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.linkedin_accounts SET user_id = 'b4000000-0000-4000-8000-000000000000' WHERE id = 'a4a00000-0000-4000-8000-000000000000';

-- @case tenant_links_its_member_to_another_users_account
-- @as tenant_a
-- @expect 23514
UPDATE pod_amplify.pod_members SET linkedin_account_id = 'a1a00000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000';

-- @case tenant_moves_its_user_to_another_client
-- @as tenant_a
-- @expect 42501
UPDATE pod_amplify.users SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a3000000-0000-4000-8000-000000000000';

-- @case an_operator_moving_a_user_with_memberships_is_refused
-- @as owner
-- @expect 23514
UPDATE pod_amplify.users SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a3000000-0000-4000-8000-000000000000';

-- @case an_operator_moving_a_pod_with_members_is_refused
-- @as owner
-- @expect 23514
UPDATE pod_amplify.pods SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a2d00000-0000-4000-8000-000000000000';

-- @case an_operator_moving_a_post_with_activities_is_refused
-- @as owner
-- @expect 23514
UPDATE pod_amplify.posts SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a1b00000-0000-4000-8000-000000000000';

-- @case tenant_points_an_activity_at_a_member_of_its_other_pod
-- @as tenant_a
-- @expect 23514
UPDATE pod_amplify.pod_activities SET member_id = 'a4e00000-0000-4000-8000-000000000000' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case tenant_points_an_activity_at_another_clients_post
-- @as tenant_a
-- @expect 23514
-- @refute b0000000-0000-4000-8000-000000000000
UPDATE pod_amplify.pod_activities SET post_id = 'b1b00000-0000-4000-8000-000000000000' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case tenant_lets_the_author_amplify_its_own_post_without_a_pod
-- @as tenant_a
-- @expect 23514
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action)
VALUES ('a1b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like');

-- @case tenant_adds_another_clients_user_as_a_new_design_member
-- @as tenant_a
-- @expect 23514
-- @refute b0000000-0000-4000-8000-000000000000
INSERT INTO pod_amplify.pod_members (client_id, user_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000');

-- @case tenant_adds_a_member_to_another_clients_pod
-- @as tenant_a
-- @expect 42501
-- @refute b0000000-0000-4000-8000-000000000000
INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES ('b1d00000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000');

-- @case tenant_adds_a_second_owner
-- @as tenant_a
-- @expect 23514
UPDATE pod_amplify.pod_members SET role = 'owner' WHERE id = 'a2e00000-0000-4000-8000-000000000000';

-- @case a_legal_sequence_moves_a_member_without_activities
-- @as tenant_a
-- @expect ok
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id) VALUES
    ('a5e00000-0000-4000-8000-000000000000', 'a2d00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000');
UPDATE pod_amplify.pod_members SET pod_id = NULL, client_id = 'a0000000-0000-4000-8000-000000000000' WHERE id = 'a5e00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_members SET pod_id = 'a2d00000-0000-4000-8000-000000000000' WHERE id = 'a5e00000-0000-4000-8000-000000000000';

-- @case then_the_author_of_a_new_post_is_not_scheduled_on_it
-- @as tenant_a
-- @expect value 0
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('a6b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000', 'published');
SELECT pod_amplify.schedule_post('a6b00000-0000-4000-8000-000000000000', 'repost', now()) >= 0 AS scheduled \gset
SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
WHERE a.post_id = 'a6b00000-0000-4000-8000-000000000000' AND m.user_id = 'a4000000-0000-4000-8000-000000000000';
