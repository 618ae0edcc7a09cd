-- 1.2: scheduling like a person. Each member acts inside working hours in their
-- own time zone, one account never twice within account_min_gap, within its
-- per-action caps, and a comment always has its text. Self-contained: its own
-- client, users and pod (ids d…).
SET timezone = 'UTC';
SET pod_amplify.auto_schedule = off;
-- A clean database (sql/fixtures/clean.sql).
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/clean.sql
INSERT INTO pod_amplify.clients (id, name) VALUES ('d0000000-0000-4000-8000-000000000000', 'Dunder');
INSERT INTO pod_amplify.users (id, client_id, email, full_name, timezone) VALUES
    ('d1000000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'dan@dunder.test', 'Dan (author)', NULL),
    ('d2000000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'ann@dunder.test', 'Ann', 'europe/berlin'),
    ('d3000000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'bob@dunder.test', 'Bob', 'America/New_York'),
    ('d4000000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'cat@dunder.test', 'Cat', NULL);
-- Zones are PostgreSQL's own, stored as PostgreSQL spells them.
SELECT full_name, timezone FROM pod_amplify.users WHERE client_id = 'd0000000-0000-4000-8000-000000000000' ORDER BY email;
\set VERBOSITY terse
UPDATE pod_amplify.users SET timezone = 'Mars/Olympus_Mons' WHERE id = 'd4000000-0000-4000-8000-000000000000';
\set VERBOSITY default
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES
    ('d0d00000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'Dunder pod');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, unipile_account_id, role)
SELECT overlay(u.id::text placing 'e' from 3 for 1)::uuid, 'd0d00000-0000-4000-8000-000000000000', u.id,
       'unipile' || left(u.email, 3) || '01',
       CASE WHEN u.email LIKE 'dan%' THEN 'owner' ELSE 'member' END
FROM pod_amplify.users u WHERE u.client_id = 'd0000000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT ('d' || n || 'b00000-0000-4000-8000-000000000000')::uuid, 'd0000000-0000-4000-8000-000000000000',
       'd1000000-0000-4000-8000-000000000000', 'published' FROM generate_series(1, 5) n;
CREATE VIEW public.dunder AS
SELECT u.full_name AS member, a.post_id, a.action, a.comment_text, a.scheduled_for,
       a.scheduled_for AT TIME ZONE COALESCE(u.timezone, 'UTC') AS local_time,
       to_char(a.scheduled_for AT TIME ZONE COALESCE(u.timezone, 'UTC'), 'Dy') AS local_day
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
JOIN pod_amplify.users u ON u.id = m.user_id WHERE u.client_id = 'd0000000-0000-4000-8000-000000000000';

-- Friday 27 March 2026, 18:30 UTC: 19:30 in Berlin (half an hour of work
-- left), 14:30 in New York, 18:30 for Cat (UTC). Amplify 60 to 120 minutes of
-- *working time* later: Ann continues on Monday morning (after the DST switch),
-- Bob and Cat still on Friday.
SET pod_amplify.schedule_min_delay = '60min';
SET pod_amplify.schedule_max_delay = '120min';
SELECT pod_amplify.schedule_post('d1b00000-0000-4000-8000-000000000000', 'repost', '2026-03-27 18:30+00') AS created;
SELECT member, local_day, local_time,
       local_time::time BETWEEN '08:00' AND '20:00' AND local_day NOT IN ('Sat', 'Sun') AS in_working_hours
FROM public.dunder WHERE post_id = 'd1b00000-0000-4000-8000-000000000000' ORDER BY member;
-- Idempotent per action: again, nothing; another action, everyone again.
SELECT pod_amplify.schedule_post('d1b00000-0000-4000-8000-000000000000', 'repost', '2026-03-27 18:30+00') AS created_again;
SELECT pod_amplify.schedule_post('d1b00000-0000-4000-8000-000000000000', 'like', '2026-03-27 18:30+00') AS likes_created;

-- account_min_gap (default 2 minutes) holds across posts: no account acts
-- twice within it, whatever the post.
SELECT pod_amplify.schedule_post('d2b00000-0000-4000-8000-000000000000', 'repost', '2026-03-27 18:30+00') AS created;
SELECT member, min(gap) >= interval '2 minutes' AS spaced FROM (
    SELECT member, scheduled_for - lag(scheduled_for) OVER (PARTITION BY member ORDER BY scheduled_for) AS gap
    FROM public.dunder) g
WHERE gap IS NOT NULL GROUP BY member ORDER BY member;

-- Per-action daily caps: one like a day; the next like moves a day later.
SET pod_amplify.daily_cap_like = 1;
SELECT pod_amplify.schedule_post('d2b00000-0000-4000-8000-000000000000', 'like', '2026-03-27 18:30+00') AS created;
SELECT member, max(scheduled_for) FILTER (WHERE post_id = 'd2b00000-0000-4000-8000-000000000000')
                 - max(scheduled_for) FILTER (WHERE post_id = 'd1b00000-0000-4000-8000-000000000000') >= interval '24 hours' AS a_day_apart
FROM public.dunder WHERE action = 'like' GROUP BY member ORDER BY member;
RESET pod_amplify.daily_cap_like;

-- Comments carry their text: from the argument, one chosen per member ...
SELECT pod_amplify.schedule_post('d3b00000-0000-4000-8000-000000000000', 'comment', '2026-03-30 09:00+00',
                                 ARRAY['Great news!', 'Congrats to the team', 'Well said']) AS created;
SELECT member, comment_text IN ('Great news!', 'Congrats to the team', 'Well said') AS has_a_text
FROM public.dunder WHERE post_id = 'd3b00000-0000-4000-8000-000000000000' ORDER BY member;
-- ... or from the pod's comment_texts; without any, a comment is not scheduled.
\set VERBOSITY terse
SELECT pod_amplify.schedule_post('d4b00000-0000-4000-8000-000000000000', 'comment', '2026-03-30 09:00+00') AS created;
UPDATE pod_amplify.pods SET settings = '{"comment_texts": ["Nice one"]}' WHERE id = 'd0d00000-0000-4000-8000-000000000000';
SELECT pod_amplify.schedule_post('d4b00000-0000-4000-8000-000000000000', 'comment', '2026-03-30 09:00+00') AS created;
SELECT DISTINCT comment_text FROM public.dunder WHERE post_id = 'd4b00000-0000-4000-8000-000000000000';
-- A new-design comment without text is refused; a 1.0-era insert takes the pod's.
INSERT INTO pod_amplify.pod_activities (post_id, member_id, action)
SELECT 'd5b00000-0000-4000-8000-000000000000', m.id, 'comment' FROM pod_amplify.pod_members m
WHERE m.user_id = 'd2000000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
SELECT 'd0d00000-0000-4000-8000-000000000000', 'd5b00000-0000-4000-8000-000000000000', m.id, 'comment'
FROM pod_amplify.pod_members m WHERE m.user_id = 'd2000000-0000-4000-8000-000000000000';
SELECT comment_text FROM public.dunder WHERE post_id = 'd5b00000-0000-4000-8000-000000000000';

-- Settings are checked where they are written, by the same parsers.
UPDATE pod_amplify.pods SET settings = '{"active_hours": "20:00-08:00"}' WHERE id = 'd0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{"active_days": "funday"}' WHERE id = 'd0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{"default_timezone": "Atlantis/Capital"}' WHERE id = 'd0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{"comment_texts": ["ok", "   "]}' WHERE id = 'd0d00000-0000-4000-8000-000000000000';
SET pod_amplify.active_hours = '25:00-26:00';
-- Times stay within a year: nothing the engine stores escapes pg_dump.
DO $$ BEGIN
    PERFORM pod_amplify.schedule_post('d5b00000-0000-4000-8000-000000000000', 'like', now() + interval '2 years');
EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'two years ahead: refused with %', SQLSTATE;
END $$;
SELECT pod_amplify.schedule_post('d5b00000-0000-4000-8000-000000000000', 'like', '294276-12-31 23:59:00+00');
\set VERBOSITY default
DROP VIEW public.dunder;
