-- A success reported while a tenant's open transaction holds the activity or
-- its member waits in the database (pod_amplify.waiting_successes), not only
-- in the worker's memory: a restarted worker is not handed the activity back
-- to do it again, its lapse is no failed attempt for another worker to claim,
-- and the success is recorded once the row is free, naming its worker.
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '10 hours'),
       ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '9 hours'),
       ('aa000003-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '8 hours'),
       ('bb000001-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '7 hours');
SELECT pg_temp.open('member_editor', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('post_deleter', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('tenant_b', 'b1000000-0000-4000-8000-000000000000');
\ir outcome.sql
CREATE FUNCTION pg_temp.waiting() RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(format('%s %s %s', left(activity_id::text, 8), worker, attempt_number), ', '
                             ORDER BY activity_id), '(none)')
  FROM pod_amplify.waiting_successes $$;

-- 1. il-w1 claims A's first two activities for a second. Tenant A edits the
--    member of the first and deletes the post of the second (both kept open):
--    both successes wait, with the URL reported.
SELECT string_agg(left(id::text, 8), ' ' ORDER BY scheduled_for)
FROM pod_amplify.claim_activities('il-w1', 2, interval '1 second');
SELECT pg_temp.run('member_editor', 'BEGIN'), pg_temp.run('post_deleter', 'BEGIN');
SELECT pg_temp.run('member_editor', $$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('post_deleter', $$DELETE FROM pod_amplify.posts WHERE id = 'a2b00000-0000-4000-8000-000000000000'$$);
SET lock_timeout = '3s';
SELECT CASE WHEN v = 'aa000001 f busy: another transaction holds this activity''s member; the success waits and is recorded once it is free pending, '
                     'aa000002 f busy: another transaction holds this activity; the success waits and is recorded once it is free pending'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL report: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s %s %s', left(id::text, 8), accepted, reason, status), ', ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000', 'aa000002-0000-4000-8000-000000000000']::uuid[],
       ARRAY['success', 'success'], ARRAY['https://www.linkedin.com/feed/update/urn:li:activity:71/',
                                          'https://www.linkedin.com/feed/update/urn:li:activity:72/'])$$) v;
SELECT CASE WHEN pg_temp.waiting() = 'aa000001 il-w1 1, aa000002 il-w1 1' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL waiting: ' || pg_temp.waiting() END;
-- Reported again (the worker does, each second): nothing changes.
SELECT count(*) FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
SELECT CASE WHEN pg_temp.waiting() = 'aa000001 il-w1 1, aa000002 il-w1 1' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL waiting after a repeat: ' || pg_temp.waiting() END;

-- 2. Another tenant can neither read the waiting rows nor make one of A's
--    activities wait (it cannot see them).
SELECT CASE WHEN v LIKE 'permission denied%' THEN 'verdict: PASS' ELSE 'verdict: FAIL tenant B read: ' || v END
FROM pg_temp.run('tenant_b', 'SELECT count(*)::text FROM pod_amplify.waiting_successes') v;
SELECT pg_temp.run('tenant_b', $$SELECT reason FROM pod_amplify.report_activities('il-w1',
       ARRAY['aa000003-0000-4000-8000-000000000000']::uuid[], ARRAY['success'])$$);
SELECT CASE WHEN pg_temp.waiting() = 'aa000001 il-w1 1, aa000002 il-w1 1' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL waiting after tenant B''s report: ' || pg_temp.waiting() END;

-- 3. il-w1 restarts and claims with a hand-back: the waiting success's
--    activity is not handed back to be done again (the deleted post's is held).
SELECT CASE WHEN v = 'aa000003' THEN 'verdict: PASS' ELSE 'verdict: FAIL hand-back after a restart: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(left(id::text, 8), ' ' ORDER BY scheduled_for)
  FROM pod_amplify.claim_activities('il-w1', 1)$$) v;

-- 4. Both leases lapse. The post's deletion is rolled back; the member is
--    still held. il-w2's claim reaps: the free one's success is recorded as
--    il-w1's, the held one's lease renewed; neither is a failed attempt, and
--    il-w2 gets only B's activity.
SELECT pg_sleep(1.2);
SELECT pg_temp.run('post_deleter', 'ROLLBACK');
SELECT CASE WHEN v = 'bb000001' THEN 'verdict: PASS' ELSE 'verdict: FAIL il-w2 claimed: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(left(id::text, 8), ' ' ORDER BY scheduled_for)
  FROM pod_amplify.claim_activities('il-w2', 10)$$) v;
SELECT CASE WHEN status = 'success' AND attempt_number = 1 AND repost_url = 'https://www.linkedin.com/feed/update/urn:li:activity:72/'
                 AND error_history->-1->>'kind' = 'late_success' AND error_history->-1->>'worker' = 'il-w1'
                 AND jsonb_array_length(error_history) = 1 AND lease_owner IS NULL
            THEN 'verdict: PASS' ELSE 'verdict: FAIL recorded by the reaper: ' || row_to_json(a)::text END
FROM pod_amplify.pod_activities a WHERE id = 'aa000002-0000-4000-8000-000000000000';
SELECT CASE WHEN participation_score = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL score ' || participation_score END
FROM pod_amplify.pod_members WHERE id = 'a3e00000-0000-4000-8000-000000000000';
SELECT CASE WHEN status = 'pending' AND attempt_number = 1 AND error_history = '[]' AND lease_owner = 'il-w1'
                 AND lease_expires_at > now() + interval '200 seconds'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL renewed while held: ' || row_to_json(a)::text END
FROM pod_amplify.pod_activities a WHERE id = 'aa000001-0000-4000-8000-000000000000';
SELECT CASE WHEN pg_temp.waiting() = 'aa000001 il-w1 1' THEN 'verdict: PASS' ELSE 'verdict: FAIL waiting: ' || pg_temp.waiting() END;

-- 5. The member is free: il-w1's next report records it once; housekeeping
--    forgets what no longer waits.
SELECT pg_temp.run('member_editor', 'COMMIT');
RESET lock_timeout;
SELECT CASE WHEN v = 't recorded success' THEN 'verdict: PASS' ELSE 'verdict: FAIL reported again: ' || v END
FROM pg_temp.value_of($$SELECT format('%s %s %s', accepted, reason, status)
  FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success'])$$) v;
SELECT CASE WHEN participation_score = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL score ' || participation_score END
FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000';
SELECT pod_amplify.reap_expired_leases();
SELECT CASE WHEN pg_temp.waiting() = '(none)' THEN 'verdict: PASS' ELSE 'verdict: FAIL left waiting: ' || pg_temp.waiting() END;

-- 6. A post deleted for good takes its waiting success with it.
SELECT pg_temp.run('post_deleter', 'BEGIN');
SELECT pg_temp.run('post_deleter', $$DELETE FROM pod_amplify.posts WHERE id = 'a1b00000-0000-4000-8000-000000000000'$$);
SET lock_timeout = '3s';
SELECT left(reason, 60) FROM pod_amplify.report_activities('il-w1', ARRAY['aa000003-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
RESET lock_timeout;
SELECT CASE WHEN pg_temp.waiting() = 'aa000003 il-w1 1' THEN 'verdict: PASS' ELSE 'verdict: FAIL waiting: ' || pg_temp.waiting() END;
SELECT pg_temp.run('post_deleter', 'COMMIT');
SELECT pod_amplify.reap_expired_leases();
SELECT CASE WHEN pg_temp.waiting() = '(none)' THEN 'verdict: PASS' ELSE 'verdict: FAIL left waiting: ' || pg_temp.waiting() END;
SELECT pg_temp.rules_hold();
