-- Truthful reports through the 1.1 functions (every version from 1.1 on): a
-- success reported by the worker that claimed the activity is recorded even
-- after its lease lapsed; a repeated failure report changes nothing; writers
-- in a read-only transaction fail at once; a worker gets its own live leases
-- back; operators' reaping works for the role they grant it to.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
SET LOCAL pod_amplify.retry_jitter = 0;
-- Four pending activities of member A2 on A1's post, due now.
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('a3b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'published'),
    ('a4b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'published');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, max_attempts) VALUES
    ('a1c00000-0000-4000-8000-000000000001', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '4 minutes', 3),
    ('a1c00000-0000-4000-8000-000000000002', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'repost', now() - interval '3 minutes', 3),
    ('a1c00000-0000-4000-8000-000000000003', 'a0d00000-0000-4000-8000-000000000000', 'a3b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '2 minutes', 1),
    ('a1c00000-0000-4000-8000-000000000004', 'a0d00000-0000-4000-8000-000000000000', 'a4b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minutes', 3);
CREATE TEMP VIEW acts AS SELECT right(id::text, 1)::int AS n, status, attempt_number, lease_owner,
    jsonb_array_length(error_history) AS entries FROM pod_amplify.pod_activities WHERE id::text LIKE 'a1c00000%' ORDER BY 1;
CREATE FUNCTION pg_temp.expire(p_n int) RETURNS void LANGUAGE sql AS $$
    UPDATE pod_amplify.pod_activities SET lease_expires_at = now() - interval '1 second'
    WHERE id = ('a1c00000-0000-4000-8000-00000000000' || p_n)::uuid $$;
CREATE FUNCTION pg_temp.score() RETURNS int LANGUAGE sql AS $$
    SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000' $$;
SELECT plan(26);

-- 1. A lapsed lease, not yet reaped: the worker's success is recorded.
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 1)), 1, 'w1 claims activity 1');
SELECT pg_temp.expire(1);
SELECT is((SELECT status FROM pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000001', NULL, 'w1')), 'success',
          'a success reported after the lease lapsed is recorded');
SELECT is(pg_temp.score(), 1, 'and counted once into the score');
SELECT is((SELECT error_history -> -1 ->> 'kind' FROM pod_amplify.pod_activities WHERE id = 'a1c00000-0000-4000-8000-000000000001'),
          'late_success', 'the history says it came late');

-- 2. The lapse was reaped into a retry and another worker holds it: the success wins.
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 1)), 1, 'w1 claims activity 2');
SELECT pg_temp.expire(2);
SELECT is(pod_amplify.reap_expired_leases(), 1, 'the lapse is reaped');
SELECT results_eq($$SELECT status, attempt_number, lease_owner, entries FROM acts WHERE n = 2$$,
                  $$VALUES ('pending', 2, NULL::text, 1)$$, 'activity 2 is pending, attempt 2, the lapse in its history');
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '5 minutes' WHERE id = 'a1c00000-0000-4000-8000-000000000002';
SELECT is((SELECT lease_owner FROM pod_amplify.claim_activities('w2', 1)), 'w2', 'w2 claims it');
SELECT is((SELECT status FROM pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000002', NULL, 'w1')), 'success',
          'w1''s late success wins over w2''s claim');
SELECT is((SELECT status FROM pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000002', NULL, 'w2')), 'success',
          'a second success (w2) changes nothing');
SELECT is(pg_temp.score(), 2, 'counted once');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000002', 'HTTP 500', true, 'w2')$$,
                 '55000', NULL, 'w2''s failure after the success is refused');

-- 3. The lapse was reaped into the final failure: that failure becomes the success.
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 1)), 1, 'w1 claims activity 3 (one attempt only)');
SELECT pg_temp.expire(3);
SELECT is(pod_amplify.reap_expired_leases(), 1, 'the lapse is reaped into the final failure');
SELECT is((SELECT status FROM acts WHERE n = 3), 'failed', 'activity 3 failed');
SELECT is((SELECT status FROM pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000003', NULL, 'w1')), 'success',
          'w1''s late success turns the failure into the success');
SELECT results_eq($$SELECT status, entries FROM acts WHERE n = 3$$, $$VALUES ('success', 2)$$,
                  'the history keeps both the lapse and the success');
SELECT is(pg_temp.score(), 3, 'counted once');

-- 4. A worker that never claimed it cannot report a success.
SELECT throws_ok($$SELECT pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000004', NULL, 'w9')$$,
                 '55000', NULL, 'a success from a worker that never claimed the activity is refused');

-- 5. A failure report repeated (its COMMIT's answer lost) changes nothing.
SELECT is((SELECT id FROM pod_amplify.claim_activities('w1', 1)), 'a1c00000-0000-4000-8000-000000000004'::uuid, 'w1 claims activity 4');
SELECT is((SELECT id FROM pod_amplify.claim_activities('w1', 1)), 'a1c00000-0000-4000-8000-000000000004'::uuid,
          'claiming again hands w1 its own live lease back (after a claim whose COMMIT''s answer was lost)');
SELECT results_eq($$SELECT status, attempt_number FROM pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000004', 'HTTP 429', true, 'w1')$$,
                  $$VALUES ('pending', 2)$$, 'w1 reports a retryable failure');
SELECT results_eq($$SELECT status, attempt_number, jsonb_array_length(error_history) FROM pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000004', 'HTTP 429', true, 'w1')$$,
                  $$VALUES ('pending', 2, 1)$$, 'repeating it returns the row unchanged, recorded once');

-- 6. An operator role without BYPASSRLS, granted reap_expired_leases, reaps every tenant's lapses.
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 hour' WHERE id = 'a1c00000-0000-4000-8000-000000000004';
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 1)), 1, 'w1 claims activity 4 again');
SELECT pg_temp.expire(4);
CREATE ROLE pod_ops_without_bypassrls;
GRANT USAGE ON SCHEMA pod_amplify TO pod_ops_without_bypassrls;
GRANT EXECUTE ON FUNCTION pod_amplify.reap_expired_leases(integer) TO pod_ops_without_bypassrls;
SET LOCAL ROLE pod_ops_without_bypassrls;
SELECT is(pod_amplify.reap_expired_leases(), 1, 'an operator role without BYPASSRLS reaps the lapse (not a silent 0)');
RESET ROLE;

-- 7. Read-only transactions (a hot standby) refuse writers at once, naming them.
SET TRANSACTION READ ONLY;
SELECT throws_ok($$SELECT pod_amplify.claim_activities('w1', 1)$$, '25006',
                 'claim_activities: cannot write in a read-only transaction', 'a writer in a read-only transaction fails with 25006 naming it');

SELECT * FROM finish();
ROLLBACK;
