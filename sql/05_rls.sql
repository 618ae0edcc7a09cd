-- Row-level security with two tenants and a non-superuser role.
-- Acme and Globex (sql/fixtures/tenants.sql), as 02 and 03 leave them: Amy
-- joined Acme's pod and likes Ann's post, and Al's repost is completed.
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/tenants.sql
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id)
VALUES ('a3e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('a3c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', '2026-01-01 10:05+00');
UPDATE pod_amplify.pod_activities SET status = 'completed', executed_at = '2026-01-01 10:01+00'
WHERE id = 'a2c00000-0000-4000-8000-000000000000';
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regress_pod_tenant') THEN
        CREATE ROLE regress_pod_tenant;
    END IF;
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO regress_pod_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO regress_pod_tenant;
CREATE VIEW public.regress_visible AS
SELECT (SELECT count(*) FROM pod_amplify.clients) AS clients,
       (SELECT count(*) FROM pod_amplify.users) AS users,
       (SELECT count(*) FROM pod_amplify.linkedin_accounts) AS accounts,
       (SELECT count(*) FROM pod_amplify.posts) AS posts,
       (SELECT count(*) FROM pod_amplify.pods) AS pods,
       (SELECT count(*) FROM pod_amplify.pod_members) AS members,
       (SELECT count(*) FROM pod_amplify.pod_activities) AS activities;
ALTER VIEW public.regress_visible SET (security_invoker = true);
GRANT SELECT ON public.regress_visible TO regress_pod_tenant;
SELECT * FROM public.regress_visible;  -- the superuser sees everything
SELECT pod_amplify.current_user_id();  -- loads the library, so its settings are defined
SET ROLE regress_pod_tenant;
-- A tenant cannot name its own identity through the superuser-only setting.
SET pod_amplify.user_id = 'a1000000-0000-4000-8000-000000000000';
-- No identity, no rows.
SELECT * FROM public.regress_visible;
-- Acting for Ann (client Acme) through the PostgREST claims.
SET request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT * FROM public.regress_visible;
SELECT name FROM pod_amplify.clients;
SELECT email FROM pod_amplify.users ORDER BY email;
-- Globex's rows can be neither changed nor deleted: every statement returns 0 rows.
UPDATE pod_amplify.clients SET name = 'x' WHERE id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
UPDATE pod_amplify.users SET full_name = 'x' WHERE client_id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
UPDATE pod_amplify.linkedin_accounts SET status = 'expired' WHERE id = 'b1a00000-0000-4000-8000-000000000000' RETURNING id;
UPDATE pod_amplify.posts SET content = 'x' WHERE client_id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
UPDATE pod_amplify.pods SET name = 'x' WHERE client_id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
UPDATE pod_amplify.pod_members SET participation_score = 99 WHERE pod_id = 'b0d00000-0000-4000-8000-000000000000' RETURNING id;
UPDATE pod_amplify.pod_activities SET status = 'failed' WHERE pod_id = 'b0d00000-0000-4000-8000-000000000000' RETURNING id;
DELETE FROM pod_amplify.pod_members WHERE pod_id = 'b0d00000-0000-4000-8000-000000000000' RETURNING id;
DELETE FROM pod_amplify.pods WHERE client_id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
DELETE FROM pod_amplify.posts WHERE client_id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
DELETE FROM pod_amplify.linkedin_accounts WHERE id = 'b1a00000-0000-4000-8000-000000000000' RETURNING id;
DELETE FROM pod_amplify.users WHERE client_id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
DELETE FROM pod_amplify.clients WHERE id = 'b0000000-0000-4000-8000-000000000000' RETURNING id;
-- Nor written into Globex's client or pod.
INSERT INTO pod_amplify.posts (client_id, content) VALUES ('b0000000-0000-4000-8000-000000000000', 'spam');
INSERT INTO pod_amplify.pod_members (pod_id, user_id)
VALUES ('b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000');
UPDATE pod_amplify.posts SET client_id = 'b0000000-0000-4000-8000-000000000000'
WHERE id = 'a1b00000-0000-4000-8000-000000000000';
-- Its own rows it can write.
INSERT INTO pod_amplify.posts (id, client_id, author_id, content)
VALUES ('a2b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'Al''s draft');
UPDATE pod_amplify.pods SET description = 'Acme amplifiers' WHERE id = 'a0d00000-0000-4000-8000-000000000000';
-- Switching to Bob (Globex) through claim.sub shows only Globex.
RESET request.jwt.claims;
SET request.jwt.claim.sub = 'b1000000-0000-4000-8000-000000000000';
SELECT * FROM public.regress_visible;
RESET request.jwt.claim.sub;
RESET ROLE;
-- Globex is untouched.
SELECT c.name, (SELECT count(*) FROM pod_amplify.users u WHERE u.client_id = c.id) AS users,
       (SELECT string_agg(content, ',') FROM pod_amplify.posts p WHERE p.client_id = c.id) AS posts,
       (SELECT sum(participation_score) FROM pod_amplify.pod_members m JOIN pod_amplify.pods d ON d.id = m.pod_id WHERE d.client_id = c.id) AS score
FROM pod_amplify.clients c ORDER BY c.name;
DROP VIEW public.regress_visible;
