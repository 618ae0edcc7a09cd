-- The grants the README gives a tenant API role (PostgREST's "authenticated")
-- are enough for the whole tenant flow, and none of them is more than needed.
BEGIN;
SET LOCAL pod_amplify.auto_schedule = on;
INSERT INTO pod_amplify.clients (id, name) VALUES ('a0000000-0000-4000-8000-000000000000', 'A');
INSERT INTO pod_amplify.users (id, client_id, email) VALUES
    ('a1000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1@a.test'),
    ('a3000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a3@a.test');
CREATE ROLE tap_api_tenant;
-- The README's grants, exactly:
GRANT USAGE ON SCHEMA pod_amplify TO tap_api_tenant;
GRANT SELECT ON pod_amplify.clients TO tap_api_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON pod_amplify.users, pod_amplify.linkedin_accounts, pod_amplify.pods,
    pod_amplify.pod_members, pod_amplify.posts TO tap_api_tenant;
GRANT SELECT, INSERT ON pod_amplify.pod_activities TO tap_api_tenant;
GRANT SELECT ON pod_amplify.pod_activities_archive TO tap_api_tenant;
SELECT plan(12);

SET LOCAL ROLE tap_api_tenant;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT lives_ok($$INSERT INTO pod_amplify.users (id, client_id, email, full_name, timezone) VALUES
    ('a2000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a2@a.test', 'A2', 'Europe/Paris')$$,
    'add a user');
SELECT lives_ok($$INSERT INTO pod_amplify.linkedin_accounts (id, user_id, profile_url, unipile_account_id) VALUES
    ('a2a00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'linkedin.com/in/a2-a', 'unipileA2xx')$$,
    'connect a LinkedIn account');
SELECT lives_ok($$INSERT INTO pod_amplify.pods (id, client_id, name, settings) VALUES
    ('a0d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'pod', '{"comment_texts": ["Nice"]}')$$,
    'create a pod with settings');
SELECT lives_ok($$INSERT INTO pod_amplify.pod_members (pod_id, user_id, linkedin_account_id) VALUES
    ('a0d00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'a2a00000-0000-4000-8000-000000000000')$$,
    'add a pod member');
SELECT lives_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, unipile_account_id) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'unipileA3xx')$$,
    'add a new-design member');
SELECT lives_ok($$INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'draft')$$,
    'write a post');
SELECT lives_ok($$UPDATE pod_amplify.posts SET status = 'published' WHERE id = 'a1b00000-0000-4000-8000-000000000000'$$,
    'publish it (scheduling its reposts)');
SELECT is(pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'comment', now()), 1,
          'schedule comments (the pod member has its pod''s text)');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities), 3, 'see its activities');
SELECT is((SELECT count(*)::int FROM pod_amplify.activity_stats('member')), 2, 'read its stats');
SELECT lives_ok($$DELETE FROM pod_amplify.posts WHERE id = 'a1b00000-0000-4000-8000-000000000000'$$, 'delete a post (its activities go with it)');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET scheduled_for = now()$$, '42501', NULL,
                 'without UPDATE on pod_activities a tenant cannot touch activities directly');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
