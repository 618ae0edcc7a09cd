-- A backlog for the worker tests: one client, a pod of 51 members (the author
-- is not one), :posts published posts, one due activity per member and post.
\if :{?posts}
\else
\set posts 40
\endif
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.clients (id, name) VALUES ('e0000000-0000-4000-8000-000000000000', 'Engine test');
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('eu' || u)::uuid, 'e0000000-0000-4000-8000-000000000000', 'u' || u || '@engine.test', 'User ' || u
FROM generate_series(0, 50) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
SELECT md5('ea' || u)::uuid, md5('eu' || u)::uuid, 'unipileE' || u FROM generate_series(1, 50) u;
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES ('e0d00000-0000-4000-8000-000000000000', 'e0000000-0000-4000-8000-000000000000', 'Engine pod');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
SELECT md5('em' || u)::uuid, 'e0d00000-0000-4000-8000-000000000000', md5('eu' || u)::uuid, md5('ea' || u)::uuid
FROM generate_series(1, 50) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT md5('ep' || p)::uuid, 'e0000000-0000-4000-8000-000000000000', md5('eu0')::uuid, 'published'
FROM generate_series(1, :posts) p;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, scheduled_for)
SELECT 'e0d00000-0000-4000-8000-000000000000', md5('ep' || p)::uuid, md5('em' || u)::uuid, 'repost', now() - interval '1 minute'
FROM generate_series(1, :posts) p, generate_series(1, 50) u;
ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members;
