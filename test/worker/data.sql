-- The worker tests' data: one client, a pod of :members members (the author,
-- user 0, is not one), :posts published posts with LinkedIn URLs, one due
-- activity per member and post (mostly reposts, some likes and comments), plus
-- activities a worker cannot even attempt: a member without a Unipile account
-- and a post without a URL. The pod's settings make retries and leases short.
\if :{?posts}
\else
\set posts 20
\endif
\if :{?members}
\else
\set members 50
\endif
\if :{?lease}
\else
\set lease 3s
\endif
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.clients (id, name) VALUES ('f0000000-0000-4000-8000-000000000000', 'Worker test');
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('wu' || u)::uuid, 'f0000000-0000-4000-8000-000000000000', 'u' || u || '@worker.test', 'User ' || u
FROM generate_series(0, :members + 1) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
SELECT md5('wa' || u)::uuid, md5('wu' || u)::uuid, 'wkacct' || u FROM generate_series(1, :members) u;
INSERT INTO pod_amplify.pods (id, client_id, name, settings) VALUES
  ('f0d00000-0000-4000-8000-000000000000', 'f0000000-0000-4000-8000-000000000000', 'Worker pod',
   jsonb_build_object('retry_base_delay', 1, 'retry_max_delay', 2, 'retry_jitter', 0, 'lease_duration', :'lease',
                      -- retries come due right after their delay (1.2 places them in working hours, keeping
                      -- the gap and the daily caps): members work around the clock, with neither
                      'active_hours', '00:00-24:00', 'active_days', 'mon-sun', 'account_min_gap', 0, 'member_daily_cap', 0));
-- members 1..:members have an account; member :members + 1 has none
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
SELECT md5('wm' || u)::uuid, 'f0d00000-0000-4000-8000-000000000000', md5('wu' || u)::uuid,
       CASE WHEN u <= :members THEN md5('wa' || u)::uuid END
FROM generate_series(1, :members + 1) u;
-- posts 1..:posts have a URL; post 0 has none
INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)
SELECT md5('wp' || p)::uuid, 'f0000000-0000-4000-8000-000000000000', md5('wu0')::uuid, 'published',
       CASE WHEN p > 0 THEN 'https://www.linkedin.com/feed/update/urn:li:activity:' || (7100000000000000000 + p) || '/' END
FROM generate_series(0, :posts) p;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, action, comment_text, scheduled_for)
SELECT 'f0d00000-0000-4000-8000-000000000000', md5('wp' || p)::uuid, md5('wm' || u)::uuid, a.action, a.action,
       CASE WHEN a.action = 'comment' THEN 'Great point, post ' || p || ' — "worth" a read \o/' END,
       now() - interval '1 minute'
FROM generate_series(1, :posts) p, generate_series(1, :members) u,
     LATERAL (SELECT CASE WHEN (p + u) % 10 < 6 THEN 'repost' WHEN (p + u) % 10 < 9 THEN 'like' ELSE 'comment' END AS action) a;
-- a tenant's hostile post URL (40 KB: a regex that recursed per character
-- crashed the worker), as a database that had it before 1.2 limited URLs to
-- 2,048 bytes keeps it (loaded without triggers): the worker judges it by size
SET session_replication_role = replica;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)
VALUES (md5('wp-hostile')::uuid, 'f0000000-0000-4000-8000-000000000000', md5('wu0')::uuid, 'published',
        'https://www.linkedin.com/feed/update/' || repeat('a', 40000));
RESET session_replication_role;
-- what no worker can attempt: 2 activities of the member without an account,
-- 1 on the post without a URL, 1 on the post with the hostile one
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, action, scheduled_for)
VALUES ('f0d00000-0000-4000-8000-000000000000', md5('wp1')::uuid, md5('wm' || (:members + 1))::uuid, 'repost', 'repost', now() - interval '1 minute'),
       ('f0d00000-0000-4000-8000-000000000000', md5('wp2')::uuid, md5('wm' || (:members + 1))::uuid, 'like', 'like', now() - interval '1 minute'),
       ('f0d00000-0000-4000-8000-000000000000', md5('wp0')::uuid, md5('wm1')::uuid, 'repost', 'repost', now() - interval '1 minute'),
       ('f0d00000-0000-4000-8000-000000000000', md5('wp-hostile')::uuid, md5('wm2')::uuid, 'like', 'like', now() - interval '1 minute');
ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members;
