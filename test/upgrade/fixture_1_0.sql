-- A realistic data set written only with 1.0-era SQL. psql variable :scale is
-- the number of clients (default 3). Ids are derived from md5 so every run
-- writes the same rows.
\if :{?scale}
\else
\set scale 3
\endif
INSERT INTO pod_amplify.clients (id, name)
SELECT md5('client' || c)::uuid, 'Client ' || c FROM generate_series(1, :scale) c;
-- 20 users a client; users 1..15 have a LinkedIn account (every 5th disconnected).
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('user' || c || '.' || u)::uuid, md5('client' || c)::uuid,
       'u' || u || '@client' || c || '.test', CASE WHEN u % 7 = 0 THEN NULL ELSE 'User ' || c || '.' || u END
FROM generate_series(1, :scale) c, generate_series(1, 20) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, profile_url, unipile_account_id, status)
SELECT md5('account' || c || '.' || u)::uuid, md5('user' || c || '.' || u)::uuid,
       'https://www.linkedin.com/in/user-' || c || '-' || u, 'unipile' || lpad(c::text, 3, '0') || 'x' || lpad(u::text, 3, '0'),
       CASE WHEN u % 5 = 0 THEN 'disconnected' ELSE 'connected' END
FROM generate_series(1, :scale) c, generate_series(1, 15) u;
-- Two pods a client; the second does not auto-engage.
INSERT INTO pod_amplify.pods (id, client_id, name, auto_engage, settings)
SELECT md5('pod' || c || '.' || p)::uuid, md5('client' || c)::uuid, 'Pod ' || c || '.' || p, p = 1,
       CASE WHEN p = 2 THEN '{"note": "legacy"}'::jsonb ELSE '{}'::jsonb END
FROM generate_series(1, :scale) c, generate_series(1, 2) p;
-- Everyone in pod 1 (user 1 owns it), every other user in pod 2 (user 2 owns it).
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role, participation_score, is_active)
SELECT md5('member' || c || '.' || p || '.' || u)::uuid, md5('pod' || c || '.' || p)::uuid, md5('user' || c || '.' || u)::uuid,
       CASE WHEN u <= 15 THEN md5('account' || c || '.' || u)::uuid END,
       CASE WHEN u = p THEN 'owner' ELSE 'member' END, u % 4, u % 9 <> 0
FROM generate_series(1, :scale) c, generate_series(1, 2) p, generate_series(1, 20) u
WHERE p = 1 OR u % 2 = 0;
-- Five posts a client, by users 1..5, in every status.
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status, published_at)
SELECT md5('post' || c || '.' || n)::uuid, md5('client' || c)::uuid, md5('user' || c || '.' || n)::uuid,
       'Post ' || n || ' of client ' || c, (ARRAY['published', 'published', 'draft', 'scheduled', 'failed'])[n],
       CASE WHEN n <= 2 THEN timestamptz '2026-01-01 09:00+00' + n * interval '1 day' END
FROM generate_series(1, :scale) c, generate_series(1, 5) n;
-- Activities on the published posts by every pod-1 member but the author, every
-- engagement type and every 1.0 status.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status, scheduled_for, executed_at)
SELECT md5('activity' || c || '.' || n || '.' || u)::uuid, md5('pod' || c || '.1')::uuid, md5('post' || c || '.' || n)::uuid,
       md5('member' || c || '.1.' || u)::uuid, (ARRAY['like', 'comment', 'repost'])[1 + u % 3],
       (ARRAY['pending', 'completed', 'failed'])[1 + (u + n) % 3],
       timestamptz '2026-01-01 10:00+00' + (n * 20 + u) * interval '1 minute',
       CASE WHEN (u + n) % 3 = 1 THEN timestamptz '2026-01-01 10:00+00' + (n * 20 + u + 5) * interval '1 minute' END
FROM generate_series(1, :scale) c, generate_series(1, 2) n, generate_series(1, 20) u
WHERE u <> n;
