-- The demo: two tenants, a pod, its members, the rules refusing what they must,
-- and what a tenant's session sees under row-level security.
\pset footer off
\set QUIET 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pod_amplify;

-- Runs a statement and says whether it was accepted or which rule refused it.
CREATE FUNCTION pg_temp.attempt(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
    RETURN 'refused, SQLSTATE ' || SQLSTATE || ': ' || SQLERRM;
END $$;

\echo
\echo '== Two clients (tenants), their team members and connected LinkedIn accounts'
INSERT INTO pod_amplify.clients (id, name) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'Acme Analytics'),
    ('b0000000-0000-4000-8000-000000000000', 'Globex Growth');
INSERT INTO pod_amplify.users (id, client_id, email, full_name) VALUES
    ('a1000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'ann@acme.test', 'Ann Archer'),
    ('a2000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'al@acme.test', 'Al Amano'),
    ('a3000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'amy@acme.test', 'Amy Adler'),
    ('b1000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'bob@globex.test', 'Bob Brandt');
INSERT INTO pod_amplify.linkedin_accounts (user_id, profile_url, unipile_account_id)
SELECT id, 'https://www.linkedin.com/in/' || split_part(email, '@', 1) || '-demo', 'unipile' || upper(split_part(email, '@', 1)) || '01'
FROM pod_amplify.users;
SELECT c.name AS client, u.full_name, a.profile_url, a.unipile_account_id
FROM pod_amplify.users u JOIN pod_amplify.clients c ON c.id = u.client_id
JOIN pod_amplify.linkedin_accounts a ON a.user_id = u.id ORDER BY c.name, u.full_name;

\echo '== Acme forms a pod; Ann owns it, Al and Amy join with their accounts'
INSERT INTO pod_amplify.pods (id, client_id, name, description) VALUES
    ('a0d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'Acme launch crew', 'Amplifies product news'),
    ('b0d00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'Globex pod', NULL);
INSERT INTO pod_amplify.pod_members (pod_id, user_id, linkedin_account_id, role)
SELECT 'a0d00000-0000-4000-8000-000000000000', u.id, a.id, CASE WHEN u.email = 'ann@acme.test' THEN 'owner' ELSE 'member' END
FROM pod_amplify.users u JOIN pod_amplify.linkedin_accounts a ON a.user_id = u.id
WHERE u.client_id = 'a0000000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_members (pod_id, user_id, role)
VALUES ('b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'owner');
SELECT p.name AS pod, u.full_name AS member, m.role
FROM pod_amplify.pod_members m JOIN pod_amplify.pods p ON p.id = m.pod_id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY p.name, m.role DESC, u.full_name;

\echo '== Ann publishes a post; Al and Amy are scheduled to amplify it'
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status, published_at) VALUES
    ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000',
     'We just shipped pod_amplify!', 'published', now());
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, scheduled_for)
SELECT m.pod_id, 'a1b00000-0000-4000-8000-000000000000', m.id, 'repost', now() + (row_number() OVER (ORDER BY u.email)) * interval '7 minutes'
FROM pod_amplify.pod_members m JOIN pod_amplify.users u ON u.id = m.user_id
WHERE m.pod_id = 'a0d00000-0000-4000-8000-000000000000' AND m.user_id <> 'a1000000-0000-4000-8000-000000000000';
SELECT u.full_name AS member, a.engagement_type, a.status, to_char(a.scheduled_for - now(), 'MI "min later"') AS "when"
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY a.scheduled_for;

\echo '== The rules refuse what they must (nothing is written when they do)'
SELECT 'Bob (Globex) joins Acme''s pod' AS attempt, pg_temp.attempt($$
    INSERT INTO pod_amplify.pod_members (pod_id, user_id)
    VALUES ('a0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000')$$) AS outcome
UNION ALL
SELECT 'Ann amplifies her own post', pg_temp.attempt($$
    INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
    SELECT pod_id, 'a1b00000-0000-4000-8000-000000000000', id, 'like' FROM pod_amplify.pod_members
    WHERE user_id = 'a1000000-0000-4000-8000-000000000000'$$)
UNION ALL
SELECT 'Amy becomes a second owner', pg_temp.attempt($$
    UPDATE pod_amplify.pod_members SET role = 'owner' WHERE user_id = 'a3000000-0000-4000-8000-000000000000'$$);

\echo '== What a tenant''s session sees under row-level security'
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_tenant') THEN CREATE ROLE demo_tenant; END IF;
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO demo_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO demo_tenant;
SET ROLE demo_tenant;
\echo '-- no identity: nothing'
SELECT count(*) AS visible_users FROM pod_amplify.users;
\echo '-- as Bob (Globex), identity from a PostgREST/Supabase JWT claim'
SET request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000", "role": "authenticated"}';
SELECT pod_amplify.current_user_id() AS acting_user, (SELECT name FROM pod_amplify.clients) AS client,
       (SELECT count(*) FROM pod_amplify.users) AS users, (SELECT count(*) FROM pod_amplify.posts) AS posts,
       (SELECT count(*) FROM pod_amplify.pod_activities) AS activities;
WITH changed AS (
    UPDATE pod_amplify.posts SET content = 'hacked' WHERE id = 'a1b00000-0000-4000-8000-000000000000' RETURNING 1)
SELECT 'Bob edits Acme''s post' AS attempt, count(*) AS rows_changed FROM changed;
\echo '-- as Ann (Acme)'
SET request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT (SELECT name FROM pod_amplify.clients) AS client, (SELECT count(*) FROM pod_amplify.users) AS users,
       (SELECT count(*) FROM pod_amplify.posts) AS posts, (SELECT count(*) FROM pod_amplify.pod_activities) AS activities;
RESET ROLE;
