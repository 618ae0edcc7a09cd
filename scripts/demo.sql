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
INSERT INTO pod_amplify.users (id, client_id, email, full_name, timezone) VALUES
    ('a1000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'ann@acme.test', 'Ann Archer', 'Europe/Berlin'),
    ('a2000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'al@acme.test', 'Al Amano', 'Asia/Tokyo'),
    ('a3000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'amy@acme.test', 'Amy Adler', 'America/New_York'),
    ('b1000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'bob@globex.test', 'Bob Brandt', 'Europe/Madrid');
INSERT INTO pod_amplify.linkedin_accounts (user_id, profile_url, unipile_account_id)
SELECT id, 'https://www.linkedin.com/in/' || split_part(email, '@', 1) || '-demo', 'unipile' || upper(split_part(email, '@', 1)) || '01'
FROM pod_amplify.users;
SELECT c.name AS client, u.full_name, u.timezone, a.profile_url, a.unipile_account_id
FROM pod_amplify.users u JOIN pod_amplify.clients c ON c.id = u.client_id
JOIN pod_amplify.linkedin_accounts a ON a.user_id = u.id ORDER BY c.name, u.full_name;

\echo '== Acme forms a pod; Ann owns it, Al and Amy join with their accounts'
-- The pod's settings: comment texts to choose from; the demo retries after 2 s
-- (the default is 60 s, doubling) so that the story fits in a minute.
INSERT INTO pod_amplify.pods (id, client_id, name, description, settings) VALUES
    ('a0d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'Acme launch crew', 'Amplifies product news',
     '{"comment_texts": ["Congrats to the whole team!", "Great news, well done!", "This is a big step."],
       "retry_base_delay": 2, "retry_max_delay": 4, "retry_jitter": 0, "default_max_attempts": 3}'),
    ('b0d00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'Globex pod', NULL, '{}');
INSERT INTO pod_amplify.pod_members (pod_id, user_id, linkedin_account_id, role)
SELECT 'a0d00000-0000-4000-8000-000000000000', u.id, a.id, CASE WHEN u.email = 'ann@acme.test' THEN 'owner' ELSE 'member' END
FROM pod_amplify.users u JOIN pod_amplify.linkedin_accounts a ON a.user_id = u.id
WHERE u.client_id = 'a0000000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_members (pod_id, user_id, role)
VALUES ('b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'owner');
SELECT p.name AS pod, u.full_name AS member, m.role
FROM pod_amplify.pod_members m JOIN pod_amplify.pods p ON p.id = m.pod_id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY p.name, m.role DESC, u.full_name;

\echo '== Ada joins Acme the new way: a member of the client, no pod, her own Unipile id'
INSERT INTO pod_amplify.users (id, client_id, email, full_name, timezone) VALUES
    ('a4000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'ada@acme.test', 'Ada Aziz', 'America/Los_Angeles');
INSERT INTO pod_amplify.pod_members (client_id, user_id, linkedin_url, unipile_account_id) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000', 'linkedin.com/in/Ada-Aziz/?trk=demo', 'unipileADA01');
SELECT u.full_name AS member, COALESCE(p.name, '(client member)') AS pod, m.linkedin_url, m.unipile_account_id
FROM pod_amplify.pod_members m JOIN pod_amplify.users u ON u.id = m.user_id LEFT JOIN pod_amplify.pods p ON p.id = m.pod_id
WHERE m.client_id = 'a0000000-0000-4000-8000-000000000000' ORDER BY u.full_name;

\echo '== Ann publishes a post: every other member gets a repost at once (NOTIFY sent to workers);'
\echo '   Ann adds likes and comments. Each lands in the member''s own working hours, spaced like a person'
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status, published_at, linkedin_post_url) VALUES
    ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000',
     'We just shipped pod_amplify!', 'published', now(),
     'https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001/');
SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like') AS likes_scheduled,
       pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'comment') AS comments_scheduled;
SELECT u.full_name AS member, u.timezone, a.action,
       to_char(a.scheduled_for AT TIME ZONE u.timezone, 'Dy HH24:MI') AS "local time",
       left(a.comment_text, 30) AS comment
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY u.full_name, a.scheduled_for;

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

\echo
\echo '== The demo moves the clock: everything is due now. A worker role with the README''s grants'
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 second';
-- A retry comes due after its delay in its member's working hours, away from the
-- member's other actions (account_min_gap) and within the daily caps: for the
-- story to end within the minute, Acme's members now work around the clock.
UPDATE pod_amplify.pods SET settings = settings || '{"active_hours": "00:00-24:00", "active_days": "mon-sun",
                                                     "account_min_gap": 0, "member_daily_cap": 0}'
 WHERE id = 'a0d00000-0000-4000-8000-000000000000';
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_worker') THEN
        CREATE ROLE pod_worker LOGIN BYPASSRLS PASSWORD 'demo-worker-password';
    END IF;
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO pod_worker;
GRANT SELECT ON pod_amplify.pod_activities TO pod_worker;
GRANT UPDATE (lease_owner, lease_expires_at, status, attempt_number, scheduled_for, executed_at,
              error_message, error_history, repost_url) ON pod_amplify.pod_activities TO pod_worker;
GRANT SELECT (id, linkedin_account_id, unipile_account_id, participation_score) ON pod_amplify.pod_members TO pod_worker;
GRANT UPDATE (participation_score) ON pod_amplify.pod_members TO pod_worker;
GRANT SELECT (id, unipile_account_id) ON pod_amplify.linkedin_accounts TO pod_worker;
GRANT SELECT (id, linkedin_post_url) ON pod_amplify.posts TO pod_worker;
GRANT SELECT (id, settings) ON pod_amplify.pods TO pod_worker;
SELECT count(*) AS due_activities FROM pod_amplify.pod_activities WHERE status = 'pending';
