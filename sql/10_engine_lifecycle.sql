-- The engine, step by step: schedule, claim, lease, complete, fail, retry.
-- Fixed times and no jitter, so every row below is exact.
SET timezone = 'UTC';
SET pod_amplify.retry_jitter = 0;
SET pod_amplify.auto_schedule = off;
-- These 1.1-era stories schedule around the clock, so they read the same on
-- 1.1 and 1.2 databases (the 2x tests cover 1.2's working hours and spacing).
SET pod_amplify.active_hours = '00:00-24:00';
SET pod_amplify.active_days = 'mon-sun';
SET pod_amplify.account_min_gap = 0;
-- Client Cyberdyne (sql/fixtures/cyberdyne.sql), on a clean database: no
-- other test's pending activities to claim.
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/cyberdyne.sql
-- Runs a statement expected to fail: its SQLSTATE and message, ids masked.
CREATE FUNCTION public.regress_attempt(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || regexp_replace(SQLERRM, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<id>', 'g');
END $$;
CREATE VIEW public.cy_activities AS
SELECT u.full_name AS member, a.action, a.status, a.attempt_number AS attempt, a.max_attempts AS max,
       a.scheduled_for, a.lease_owner, a.origin
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id JOIN pod_amplify.users u ON u.id = m.user_id
WHERE a.client_id = 'c0000000-0000-4000-8000-000000000000';

-- Scheduling: Cy 2, 3 and 4 (not the author, not Cy 5's disconnected account,
-- not Cy 6 without Unipile id), spread over 2 to 60 minutes after 09:00, each
-- in a minute of its own. The same post always gets the same schedule.
SELECT pod_amplify.schedule_post('c1b00000-0000-4000-8000-000000000000', 'repost', '2026-01-05 09:00:00+00') AS created;
SELECT * FROM public.cy_activities ORDER BY scheduled_for;
SELECT pod_amplify.schedule_post('c1b00000-0000-4000-8000-000000000000', 'repost', '2026-01-05 09:00:00+00') AS created_again;
SELECT public.regress_attempt($$SELECT pod_amplify.schedule_post('c2b00000-0000-4000-8000-000000000000')$$);

-- Claiming: oldest first, a lease of pod_amplify.lease_duration (5 min), never
-- the same activity to two workers.
SELECT c.action, c.lease_owner, date_trunc('second', c.lease_expires_at - now()) AS lease
FROM pod_amplify.claim_activities('worker-1', 2) c;
SELECT count(*) AS claimed_by_worker_2 FROM pod_amplify.claim_activities('worker-2', 5);
SELECT count(*) AS nothing_left FROM pod_amplify.claim_activities('worker-3', 5);
SELECT member, lease_owner FROM public.cy_activities ORDER BY scheduled_for;

-- A heartbeat extends the holder's lease; nobody else's.
CREATE TEMP TABLE worker_2_claim AS
SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'worker-2' ORDER BY scheduled_for LIMIT 1;
SELECT date_trunc('second', lease_expires_at - now()) AS extended FROM pod_amplify.extend_lease((SELECT id FROM worker_2_claim), 'worker-2', '10 minutes');
SELECT public.regress_attempt($$SELECT pod_amplify.extend_lease((SELECT id FROM worker_2_claim), 'worker-1')$$);

-- Success: +1 to the member's score, once, however often it is reported.
CREATE TEMP TABLE first_claim AS
SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'worker-1' ORDER BY scheduled_for LIMIT 1;
SELECT status, repost_url, executed_at = now() AS executed_now, lease_owner
FROM pod_amplify.complete_activity((SELECT id FROM first_claim), 'https://www.linkedin.com/feed/update/urn:li:activity:7001/', 'worker-1');
SELECT status, repost_url FROM pod_amplify.complete_activity((SELECT id FROM first_claim), NULL, 'worker-1');
SELECT status FROM pod_amplify.complete_activity((SELECT id FROM first_claim));
SELECT u.full_name, m.participation_score FROM pod_amplify.pod_members m JOIN pod_amplify.users u ON u.id = m.user_id
WHERE m.id IN (SELECT member_id FROM pod_amplify.pod_activities WHERE id = (SELECT id FROM first_claim));

-- Failure: retried after retry_delay(n) while attempts remain, then failed.
CREATE TEMP TABLE second_claim AS SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'worker-1';
SELECT status, attempt_number, scheduled_for - now() AS retry_in, lease_owner, error_message
FROM pod_amplify.fail_activity((SELECT id FROM second_claim), 'HTTP 429 Too Many Requests', true, 'worker-1');
-- The lease ended with the report. The same worker repeating it (its COMMIT's
-- answer was lost) changes nothing; anyone else's failure is refused.
SELECT status, attempt_number, jsonb_array_length(error_history) AS history
FROM pod_amplify.fail_activity((SELECT id FROM second_claim), 'HTTP 429 Too Many Requests', true, 'worker-1');
SELECT public.regress_attempt($$SELECT pod_amplify.fail_activity((SELECT id FROM second_claim), 'late report', true, 'worker-2')$$);
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 second' WHERE id = (SELECT id FROM second_claim);
SELECT count(*) AS reclaimed FROM pod_amplify.claim_activities('worker-1', 5);
SELECT status, attempt_number, scheduled_for - now() AS retry_in
FROM pod_amplify.fail_activity((SELECT id FROM second_claim), 'HTTP 500', true, 'worker-1');
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 second' WHERE id = (SELECT id FROM second_claim);
SELECT count(*) AS reclaimed FROM pod_amplify.claim_activities('worker-1', 5);
SELECT status, attempt_number, error_message, lease_owner
FROM pod_amplify.fail_activity((SELECT id FROM second_claim), 'account restricted', true, 'worker-1');
SELECT e.attempt, e.error, e.worker, e.retryable, e.outcome
FROM pod_amplify.pod_activities a,
     jsonb_to_recordset(a.error_history) AS e(attempt int, error text, worker text, retryable boolean, outcome text)
WHERE a.id = (SELECT id FROM second_claim);
SELECT pod_amplify.retry_delay(1) AS after_1, pod_amplify.retry_delay(2) AS after_2, pod_amplify.retry_delay(7) AS after_7,
       pod_amplify.retry_delay(2147483647) AS capped;

-- Failed is terminal for everyone but the operator's retry_activity.
SELECT public.regress_attempt($$UPDATE pod_amplify.pod_activities SET status = 'pending' WHERE id = (SELECT id FROM second_claim)$$);
SELECT public.regress_attempt($$SELECT pod_amplify.complete_activity((SELECT id FROM second_claim))$$);
SELECT status, attempt_number, max_attempts, scheduled_for = now() AS due_now
FROM pod_amplify.retry_activity((SELECT id FROM second_claim), 2);
SELECT public.regress_attempt($$SELECT pod_amplify.retry_activity((SELECT id FROM second_claim))$$);
-- Success is terminal; attempts never go down nor past max_attempts.
SELECT public.regress_attempt($$UPDATE pod_amplify.pod_activities SET status = 'pending' WHERE id = (SELECT id FROM first_claim)$$);
SELECT public.regress_attempt($$UPDATE pod_amplify.pod_activities SET attempt_number = 1 WHERE id = (SELECT id FROM second_claim)$$);
SELECT public.regress_attempt($$UPDATE pod_amplify.pod_activities SET attempt_number = 7 WHERE id = (SELECT id FROM second_claim)$$);

-- A non-retryable failure ends it at once.
SELECT status, attempt_number FROM pod_amplify.fail_activity((SELECT id FROM second_claim), 'post deleted', false);

-- Stats per client and per member.
SELECT scope, pending, success, failed, total, success_rate
FROM pod_amplify.activity_stats('client', 'c0000000-0000-4000-8000-000000000000');
SELECT u.full_name, s.pending, s.success, s.failed, s.success_rate
FROM pod_amplify.activity_stats('member') s JOIN pod_amplify.pod_members m ON m.id = s.id
JOIN pod_amplify.users u ON u.id = m.user_id WHERE m.user_id::text LIKE 'c%' ORDER BY u.full_name;
DROP VIEW public.cy_activities;
DROP FUNCTION public.regress_attempt(text);
