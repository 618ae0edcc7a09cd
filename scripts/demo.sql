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

\echo '== Ada joins Acme the new way: a member of the client, no pod, her own Unipile id'
INSERT INTO pod_amplify.users (id, client_id, email, full_name) VALUES
    ('a4000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'ada@acme.test', 'Ada Aziz');
INSERT INTO pod_amplify.pod_members (client_id, user_id, linkedin_url, unipile_account_id) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000', 'linkedin.com/in/Ada-Aziz/?trk=demo', 'unipileADA01');
SELECT u.full_name AS member, COALESCE(p.name, '(client member)') AS pod, m.linkedin_url, m.unipile_account_id
FROM pod_amplify.pod_members m JOIN pod_amplify.users u ON u.id = m.user_id LEFT JOIN pod_amplify.pods p ON p.id = m.pod_id
WHERE m.client_id = 'a0000000-0000-4000-8000-000000000000' ORDER BY u.full_name;

\echo '== Ann publishes a post: the other members are scheduled at once, minutes apart (NOTIFY sent to workers)'
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status, published_at) VALUES
    ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000',
     'We just shipped pod_amplify!', 'published', now());
SELECT u.full_name AS member, a.action, a.status, to_char(a.scheduled_for - now(), 'MI "min" SS "s after publishing"') AS "when"
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

\echo
\echo '== An hour later (the demo moves the clock): a worker, as a role with BYPASSRLS, works the queue'
SET pod_amplify.retry_jitter = 0;
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 second';
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_worker') THEN CREATE ROLE demo_worker BYPASSRLS; END IF;
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO demo_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO demo_worker;
SET ROLE demo_worker;
CREATE TEMP TABLE claimed AS SELECT * FROM pod_amplify.claim_activities('worker-eu-1', 10);
SELECT u.full_name AS member, c.action, c.lease_owner, date_trunc('second', c.lease_expires_at - now() + interval '0.5 second') AS lease
FROM claimed c JOIN pod_amplify.pod_members m ON m.id = c.member_id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY u.full_name;

\echo '-- Al''s repost goes through; Amy hits a rate limit (retryable); Ada''s account is restricted (not retryable)'
SELECT 'Al' AS member, status, repost_url FROM pod_amplify.complete_activity(
    (SELECT c.id FROM claimed c JOIN pod_amplify.pod_members m ON m.id = c.member_id WHERE m.user_id = 'a2000000-0000-4000-8000-000000000000'),
    'https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001/', 'worker-eu-1');
SELECT 'Amy' AS member, status, attempt_number, to_char(scheduled_for - now(), 'MI "min" SS "s"') AS retry_in, error_message
FROM pod_amplify.fail_activity(
    (SELECT c.id FROM claimed c JOIN pod_amplify.pod_members m ON m.id = c.member_id WHERE m.user_id = 'a3000000-0000-4000-8000-000000000000'),
    'HTTP 429 Too Many Requests', true, 'worker-eu-1');
SELECT 'Ada' AS member, status, attempt_number, error_message FROM pod_amplify.fail_activity(
    (SELECT c.id FROM claimed c JOIN pod_amplify.pod_members m ON m.id = c.member_id WHERE m.user_id = 'a4000000-0000-4000-8000-000000000000'),
    'account restricted by LinkedIn', false, 'worker-eu-1');

\echo '-- Amy''s retry comes due; it fails twice more and is failed for good (3 attempts)'
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 second' WHERE status = 'pending';
SELECT count(*) AS claimed FROM pod_amplify.claim_activities('worker-eu-1', 10);
SELECT status, attempt_number, to_char(scheduled_for - now(), 'MI "min" SS "s"') AS next_retry_in FROM pod_amplify.fail_activity(
    (SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'worker-eu-1'), 'HTTP 503', true, 'worker-eu-1');
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 second' WHERE status = 'pending';
SELECT count(*) AS claimed FROM pod_amplify.claim_activities('worker-eu-1', 10);
SELECT status, attempt_number, error_message FROM pod_amplify.fail_activity(
    (SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'worker-eu-1'), 'HTTP 503', true, 'worker-eu-1');
SELECT e.attempt, e.error, e.outcome
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id,
     jsonb_to_recordset(a.error_history) AS e(attempt int, error text, outcome text)
WHERE m.user_id = 'a3000000-0000-4000-8000-000000000000';

\echo '-- An operator re-queues Amy''s activity with one more attempt; this time it succeeds'
RESET ROLE;
SELECT status, attempt_number, max_attempts FROM pod_amplify.retry_activity(
    (SELECT a.id FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
     WHERE m.user_id = 'a3000000-0000-4000-8000-000000000000'), 1);
SET ROLE demo_worker;
SELECT count(*) AS claimed FROM pod_amplify.claim_activities('worker-eu-2', 10);
SELECT status, attempt_number FROM pod_amplify.complete_activity(
    (SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'worker-eu-2'),
    'https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000002/', 'worker-eu-2');
\echo '-- Reporting the same success twice changes nothing (no double count)'
SELECT status FROM pod_amplify.complete_activity(
    (SELECT a.id FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
     WHERE m.user_id = 'a3000000-0000-4000-8000-000000000000'), NULL, 'worker-eu-2');
RESET ROLE;

\echo
\echo '== The stats'
SELECT c.name AS client, s.pending, s.success, s.failed, s.total, s.success_rate
FROM pod_amplify.activity_stats('client') s JOIN pod_amplify.clients c ON c.id = s.id;
SELECT u.full_name AS member, m.participation_score, s.success, s.failed, s.success_rate
FROM pod_amplify.activity_stats('member') s JOIN pod_amplify.pod_members m ON m.id = s.id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY u.full_name;
