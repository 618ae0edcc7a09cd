-- Daily caps, scheduling on publish, per-pod settings and expired leases.
SET timezone = 'UTC';
SET pod_amplify.retry_jitter = 0;
SET pod_amplify.auto_schedule = off;
-- These 1.1-era stories schedule around the clock, so they read the same on
-- 1.1 and 1.2 databases (the 2x tests cover 1.2's working hours and spacing).
SET pod_amplify.active_hours = '00:00-24:00';
SET pod_amplify.active_days = 'mon-sun';
SET pod_amplify.account_min_gap = 0;
-- Client Cyberdyne (sql/fixtures/cyberdyne.sql), on a clean database.
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/cyberdyne.sql

-- Daily cap (default 20): 21 posts an hour's minutes apart, each amplified one
-- minute after it appears. Every member's 21st activity moves to the first one's
-- time plus 24 hours.
SET pod_amplify.schedule_min_delay = '60s';
SET pod_amplify.schedule_max_delay = '60s';
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status)
SELECT format('c1b%s-0000-4000-8000-000000000000', lpad(n::text, 5, '0'))::uuid, 'c0000000-0000-4000-8000-000000000000',
       'c1000000-0000-4000-8000-000000000000', 'Post ' || n, 'published'
FROM generate_series(1, 21) n;
SELECT sum(pod_amplify.schedule_post(format('c1b%s-0000-4000-8000-000000000000', lpad(n::text, 5, '0'))::uuid,
                                      'like', timestamptz '2026-02-01 08:00:00+00' + n * interval '1 minute')) AS created
FROM generate_series(1, 21) n;
SELECT a.scheduled_for, count(*) AS members
FROM pod_amplify.pod_activities a
WHERE a.post_id::text LIKE 'c1b000%' AND a.action = 'like'
  AND (a.scheduled_for < '2026-02-01 08:04:00+00' OR a.scheduled_for > '2026-02-01 08:19:00+00')
GROUP BY a.scheduled_for ORDER BY a.scheduled_for;
SELECT count(*) FILTER (WHERE a.scheduled_for < '2026-02-02 08:00:00+00') AS within_first_day,
       count(*) AS total
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
WHERE a.post_id::text LIKE 'c1b000%' AND a.action = 'like' AND m.user_id = 'c3000000-0000-4000-8000-000000000000';
-- A cap of 1 spaces one member's activities a day apart; 0 means no cap.
SET pod_amplify.member_daily_cap = 1;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('c3b00000-0000-4000-8000-000000000000', 'c0000000-0000-4000-8000-000000000000', 'c1000000-0000-4000-8000-000000000000', 'published');
SELECT pod_amplify.schedule_post('c3b00000-0000-4000-8000-000000000000', 'repost', '2026-02-01 09:00:00+00') AS created;
SELECT DISTINCT scheduled_for FROM pod_amplify.pod_activities WHERE post_id = 'c3b00000-0000-4000-8000-000000000000';
RESET pod_amplify.member_daily_cap;
RESET pod_amplify.schedule_min_delay;
RESET pod_amplify.schedule_max_delay;

-- Publishing schedules a post when pod_amplify.auto_schedule is on...
SET pod_amplify.auto_schedule = on;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('c4b00000-0000-4000-8000-000000000000', 'c0000000-0000-4000-8000-000000000000', 'c1000000-0000-4000-8000-000000000000', 'published');
SELECT count(*) AS scheduled_on_insert,
       bool_and(scheduled_for BETWEEN now() + interval '2 minutes' AND now() + interval '60 minutes') AS within_window,
       count(DISTINCT date_trunc('minute', scheduled_for)) AS distinct_minutes
FROM pod_amplify.pod_activities WHERE post_id = 'c4b00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.posts SET status = 'published' WHERE id = 'c2b00000-0000-4000-8000-000000000000';
SELECT count(*) AS scheduled_on_update FROM pod_amplify.pod_activities WHERE post_id = 'c2b00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.posts SET content = 'edited' WHERE id = 'c2b00000-0000-4000-8000-000000000000';
SELECT count(*) AS unchanged_by_an_edit FROM pod_amplify.pod_activities WHERE post_id = 'c2b00000-0000-4000-8000-000000000000';
-- ...not when it is off,
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('c5b00000-0000-4000-8000-000000000000', 'c0000000-0000-4000-8000-000000000000', 'c1000000-0000-4000-8000-000000000000', 'published');
SELECT count(*) AS scheduled_when_off FROM pod_amplify.pod_activities WHERE post_id = 'c5b00000-0000-4000-8000-000000000000';
-- ...and a pod may opt out in its settings (its new-design colleague still gets one).
SET pod_amplify.auto_schedule = on;
UPDATE pod_amplify.pods SET settings = '{"auto_schedule": false}' WHERE id = 'c0d00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('c6b00000-0000-4000-8000-000000000000', 'c0000000-0000-4000-8000-000000000000', 'c1000000-0000-4000-8000-000000000000', 'published');
SELECT u.full_name FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
JOIN pod_amplify.users u ON u.id = m.user_id WHERE a.post_id = 'c6b00000-0000-4000-8000-000000000000';

-- Pod settings are checked on write by the same rules as the settings.
UPDATE pod_amplify.pods SET settings = '{"retry_jitter": 2}' WHERE id = 'c0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{"lease_duration": "soon"}' WHERE id = 'c0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{"schedule_min_delay": "2h", "schedule_max_delay": "1h"}' WHERE id = 'c0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = '{"lease_duration": "2min", "retry_base_delay": 30, "theme": "dark"}'
WHERE id = 'c0d00000-0000-4000-8000-000000000000';
SELECT pod_amplify.setting_value(settings, 'lease_duration') AS lease_s, pod_amplify.setting_value(settings, 'retry_base_delay') AS base_s,
       pod_amplify.setting_value(settings, 'retry_max_delay') AS max_s_from_session
FROM pod_amplify.pods WHERE id = 'c0d00000-0000-4000-8000-000000000000';
SET pod_amplify.retry_jiter = 0.5;

-- An expired lease counts as a failed attempt when the next claim runs.
SET pod_amplify.auto_schedule = off;
DELETE FROM pod_amplify.pod_activities WHERE status = 'pending' AND client_id = 'c0000000-0000-4000-8000-000000000000';
SELECT pod_amplify.schedule_post('c5b00000-0000-4000-8000-000000000000', 'repost', now() - interval '2 hours') AS created;
SELECT count(*) AS claimed_briefly FROM pod_amplify.claim_activities('slow-worker', 10, '0.2 seconds');
SELECT pg_sleep(0.3);
SELECT count(*) AS nothing_due_yet FROM pod_amplify.claim_activities('fast-worker', 10);
SELECT a.pod_id IS NOT NULL AS in_pod, a.status, a.attempt_number, a.lease_owner,
       a.scheduled_for - (a.error_history -> 0 ->> 'at')::timestamptz AS retry_after,
       a.error_history -> 0 ->> 'error' AS error, a.error_history -> 0 ->> 'worker' AS worker
FROM pod_amplify.pod_activities a WHERE a.post_id = 'c5b00000-0000-4000-8000-000000000000'
ORDER BY in_pod, a.member_id;
-- Once due again, a claim without p_lease takes the pod's lease_duration (2 min)
-- or the session's (5 min) for the new-design member.
UPDATE pod_amplify.pod_activities SET scheduled_for = now() WHERE post_id = 'c5b00000-0000-4000-8000-000000000000';
SELECT pod_id IS NOT NULL AS in_pod, date_trunc('second', lease_expires_at - now()) AS lease
FROM pod_amplify.claim_activities('fast-worker', 10) ORDER BY in_pod, member_id;
