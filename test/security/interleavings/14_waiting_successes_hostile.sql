-- Waiting successes against a hostile tenant and a careless operator (found by
-- two independent attacks on 13's feature): a success reported while the
-- reaper holds its lapsed lease is not promised to wait (the reaper may hand
-- the retry to another worker first), and is recorded late when reported
-- again; a tenant that deletes an activity and inserts another with its id
-- does not inherit the old one's waiting success (no success recorded that
-- nobody did), nor can an insert with another's id erase theirs; and an
-- operator's open transaction never holds up a worker's report.
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '10 hours'),
       ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '9 hours'),
       ('aa000003-0000-4000-8000-000000000000', 'a2d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a4e00000-0000-4000-8000-000000000000', 'like', now() - interval '8 hours'),
       ('bb000001-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b2b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'like', now() - interval '7 hours'),
       ('bb000002-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '6 hours');
SELECT pg_temp.open('operator', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('a_editor', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('a_tenant', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('b_editor', 'b1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('operator', 'RESET ROLE');
\ir outcome.sql
CREATE FUNCTION pg_temp.waiting() RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(left(activity_id::text, 8) || ' ' || worker, ', ' ORDER BY activity_id), '(none)')
  FROM pod_amplify.waiting_successes $$;
CREATE FUNCTION pg_temp.state(p_id text) RETURNS text LANGUAGE sql AS $$
  SELECT format('%s %s %s %s', status, attempt_number, coalesce(lease_owner, '-'),
                (SELECT string_agg((e->>'kind') || ':' || (e->>'worker'), ',') FROM jsonb_array_elements(error_history) e))
  FROM pod_amplify.pod_activities WHERE id::text LIKE p_id || '%' $$;

-- 1. w1's lease on aa000001 lapses; an operator's reaper holds the row (open
--    transaction) while w1 reports its success. The reaper may be re-queuing
--    it for another worker: the success is not promised to wait (plain busy),
--    and w1's next report records it late, over the retry.
SELECT count(*) FROM pod_amplify.claim_activities('il-w1', 1, interval '1 second');
SELECT pg_sleep(1.2);
SELECT pg_temp.run('operator', 'BEGIN');
SELECT pg_temp.run('operator', 'SELECT pod_amplify.reap_expired_leases()::text');
SET lock_timeout = '3s';
SELECT CASE WHEN v = 'busy: another transaction holds this activity; report it again' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL report during the reaper: ' || v END
FROM pg_temp.value_of($$SELECT reason FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[],
                                                                      ARRAY['success'])$$) v;
SELECT CASE WHEN pg_temp.waiting() = '(none)' THEN 'verdict: PASS' ELSE 'verdict: FAIL kept after the lapse: ' || pg_temp.waiting() END;
SELECT pg_temp.run('operator', 'COMMIT');
SELECT CASE WHEN v = 't late success recorded success' THEN 'verdict: PASS' ELSE 'verdict: FAIL reported again: ' || v END
FROM pg_temp.value_of($$SELECT format('%s %s %s', accepted, reason, status)
  FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success'])$$) v;
SELECT CASE WHEN pg_temp.state('aa000001') = 'success 2 - lease_expired:il-w1,late_success:il-w1' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL after the late report: ' || pg_temp.state('aa000001') END;
SELECT CASE WHEN participation_score = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL score ' || participation_score END
FROM pod_amplify.pod_members WHERE id = 'a3e00000-0000-4000-8000-000000000000';

-- 2. A success waits for aa000002 (its member held). Tenant A deletes the post
--    (the activity goes), re-creates it and inserts an activity with the same
--    id for another member; w1 claims that one and crashes. Nothing of the old
--    success is left: the lapse is a failed attempt, no success, no score
--    (the score of 1 is section 1's).
SELECT count(*) FROM pod_amplify.claim_activities('il-w1', 1, interval '1 second');
SELECT pg_temp.run('a_editor', 'BEGIN');
SELECT pg_temp.run('a_editor', $$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SELECT left(reason, 60) FROM pod_amplify.report_activities('il-w1', ARRAY['aa000002-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
SELECT CASE WHEN pg_temp.waiting() = 'aa000002 il-w1' THEN 'verdict: PASS' ELSE 'verdict: FAIL waiting: ' || pg_temp.waiting() END;
SELECT pg_temp.run('a_tenant', $$DELETE FROM pod_amplify.posts WHERE id = 'a1b00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('a_editor', 'COMMIT');
SELECT pg_temp.run('a_tenant', $$INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)
  VALUES ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000',
          'published', 'https://www.linkedin.com/feed/update/urn:li:activity:999/')$$);
SELECT CASE WHEN v = 'ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL re-insert: ' || v END
FROM pg_temp.run('a_tenant', $$INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
  VALUES ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
          'a3e00000-0000-4000-8000-000000000000', 'repost', now() - interval '12 hours')$$) v;
SELECT CASE WHEN pg_temp.waiting() = '(none)' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL the new activity inherits: ' || pg_temp.waiting() END;
SELECT count(*) FROM pod_amplify.claim_activities('il-w1', 1, interval '1 second');
SELECT pg_sleep(1.2);
SELECT pod_amplify.reap_expired_leases();
SELECT CASE WHEN pg_temp.state('aa000002') = 'pending 2 - lease_expired:il-w1' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL the re-inserted activity: ' || pg_temp.state('aa000002') END;
SELECT CASE WHEN participation_score = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL score ' || participation_score END
FROM pod_amplify.pod_members WHERE id = 'a3e00000-0000-4000-8000-000000000000';

-- 3. A stale waiting row (aa000003's success, recorded when reported again)
--    that an operator's housekeeping holds in an open transaction: w1's report
--    of tenant B's successes, one of them busy, returns at once.
SELECT count(*) FROM pod_amplify.claim_activities('il-w1', 3);
SELECT pg_temp.run('a_editor', 'BEGIN');
SELECT pg_temp.run('a_editor', $$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'a4e00000-0000-4000-8000-000000000000'$$);
SELECT left(reason, 60) FROM pod_amplify.report_activities('il-w1', ARRAY['aa000003-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
SELECT pg_temp.run('a_editor', 'COMMIT');
SELECT reason FROM pod_amplify.report_activities('il-w1', ARRAY['aa000003-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
SELECT pg_temp.run('operator', 'BEGIN');
SELECT pg_temp.run('operator', 'SELECT pod_amplify.reap_expired_leases()::text');
SELECT pg_temp.run('b_editor', 'BEGIN');
SELECT pg_temp.run('b_editor', $$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'b3e00000-0000-4000-8000-000000000000'$$);
SET statement_timeout = '5s';
SELECT clock_timestamp() AS t0 \gset
SELECT CASE WHEN v = 'bb000001 busy: another transaction holds this activity''s member; the success waits and is recorded once it is free; bb000002 recorded'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL report of B: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(left(id::text, 8) || ' ' || reason, '; ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w1', ARRAY['bb000001-0000-4000-8000-000000000000', 'bb000002-0000-4000-8000-000000000000']::uuid[],
                                     ARRAY['success', 'success'])$$) v;
SELECT CASE WHEN clock_timestamp() - :'t0' < interval '1 second' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL the report waited ' || (clock_timestamp() - :'t0') END;
RESET statement_timeout;
RESET lock_timeout;
SELECT pg_temp.run('b_editor', 'COMMIT'), pg_temp.run('operator', 'COMMIT');
-- 4. Tenant A inserts an activity of its own with B's waiting activity's id
--    (ON CONFLICT DO NOTHING: nothing inserted): B's waiting success stays.
SELECT CASE WHEN v = 'ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL A''s insert: ' || v END
FROM pg_temp.run('a_tenant', $$INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
  VALUES ('bb000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000',
          'a3e00000-0000-4000-8000-000000000000', 'repost', now()) ON CONFLICT DO NOTHING$$) v;
SELECT pod_amplify.reap_expired_leases();
SELECT CASE WHEN pg_temp.waiting() = 'bb000001 il-w1' THEN 'verdict: PASS' ELSE 'verdict: FAIL waiting at the end: ' || pg_temp.waiting() END;
SELECT pg_temp.rules_hold();
