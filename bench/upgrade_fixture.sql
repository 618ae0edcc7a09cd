-- 1,000 clients, 110 users each (100 pod members, 10 post authors), 100,000
-- members with accounts, 10,000 published posts, 1,000,000 activities, written
-- as a 1.0 database would hold them. Triggers and foreign keys are skipped to
-- build it fast (session_replication_role); the rows obey every rule.
SET session_replication_role = replica;
INSERT INTO pod_amplify.clients (id, name)
SELECT md5('c' || c)::uuid, 'Client ' || c FROM generate_series(1, 1000) c;
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('u' || c || '.' || u)::uuid, md5('c' || c)::uuid, 'u' || u || '@c' || c || '.test', 'User ' || c || '.' || u
FROM generate_series(1, 1000) c, generate_series(1, 110) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, profile_url, unipile_account_id)
SELECT md5('a' || c || '.' || u)::uuid, md5('u' || c || '.' || u)::uuid,
       'https://www.linkedin.com/in/user-' || c || '-' || u, 'unipile' || c || 'x' || u
FROM generate_series(1, 1000) c, generate_series(1, 100) u;
INSERT INTO pod_amplify.pods (id, client_id, name)
SELECT md5('p' || c)::uuid, md5('c' || c)::uuid, 'Pod ' || c FROM generate_series(1, 1000) c;
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role)
SELECT md5('m' || c || '.' || u)::uuid, md5('p' || c)::uuid, md5('u' || c || '.' || u)::uuid,
       md5('a' || c || '.' || u)::uuid, CASE WHEN u = 1 THEN 'owner' ELSE 'member' END
FROM generate_series(1, 1000) c, generate_series(1, 100) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status, published_at)
SELECT md5('po' || c || '.' || n)::uuid, md5('c' || c)::uuid, md5('u' || c || '.' || (100 + n))::uuid,
       'Post ' || n, 'published', now() - interval '1 day'
FROM generate_series(1, 1000) c, generate_series(1, 10) n;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, status, scheduled_for)
SELECT md5('p' || c)::uuid, md5('po' || c || '.' || n)::uuid, md5('m' || c || '.' || u)::uuid,
       (ARRAY['like', 'comment', 'repost'])[1 + (u + n) % 3], (ARRAY['pending', 'completed', 'failed'])[1 + u % 3],
       now() - interval '1 day' + (u + n) * interval '1 minute'
FROM generate_series(1, 1000) c, generate_series(1, 10) n, generate_series(1, 100) u;
RESET session_replication_role;
