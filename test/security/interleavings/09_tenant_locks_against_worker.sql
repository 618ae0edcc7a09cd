-- A tenant's open transaction on its own rows never holds up a worker's batch
-- of every tenant's activities: the worker reports and renews at once, and
-- only the rows the tenant holds are answered "busy" (nothing recorded, the
-- lease kept, reported again later). A call that reports nothing claims even
-- when it has to wait.
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('bb000001-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '10 hours'),
       ('bb000002-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'like', now() - interval '9 hours'),
       ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '8 hours'),
       ('bb000003-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b2b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'like', now() - interval '7 hours'),
       ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '6 hours'),
       ('aa000003-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '5 hours'),
       ('bb000004-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'repost', now() - interval '4 hours');
SELECT pg_temp.open('tenant', 'a1000000-0000-4000-8000-000000000000');
\ir outcome.sql

-- 1. Tenant A edits its member (row lock kept open); the worker's batch holds
--    B's two activities and A's one on that member.
SELECT string_agg(left(id::text, 8), ' ' ORDER BY scheduled_for) FROM pod_amplify.claim_activities('il-w1', 3);
SELECT pg_temp.run('tenant', 'BEGIN');
SELECT pg_temp.run('tenant', $$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SET lock_timeout = '3s';
SELECT CASE WHEN v = 'aa000001 f busy: pending, bb000001 t recor success, bb000002 t recor success'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL member lock: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s %s %s', left(id::text, 8), accepted, left(reason, 5), status), ', ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w1', ARRAY['bb000001-0000-4000-8000-000000000000', 'bb000002-0000-4000-8000-000000000000',
       'aa000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success', 'success', 'success'])$$) v;
RESET lock_timeout;
SELECT CASE WHEN lease_owner = 'il-w1' AND lease_expires_at > now() AND status = 'pending'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL the busy activity lost its lease' END
FROM pod_amplify.pod_activities WHERE id = 'aa000001-0000-4000-8000-000000000000';
SELECT pg_temp.run('tenant', 'COMMIT');
SELECT CASE WHEN accepted AND status = 'success' THEN 'verdict: PASS' ELSE 'verdict: FAIL reported again: ' || reason END
FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success']);
SELECT CASE WHEN participation_score = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL score ' || participation_score END
FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000';

-- 2. Tenant A deletes its post (the cascade holds A's leased activity); the
--    worker's heartbeat and report for B's activity and A's one return at once.
SELECT string_agg(left(id::text, 8), ' ' ORDER BY scheduled_for) FROM pod_amplify.claim_activities('il-w2', 2);
SELECT pg_temp.run('tenant', 'BEGIN');
SELECT pg_temp.run('tenant', $$DELETE FROM pod_amplify.posts WHERE id = 'a2b00000-0000-4000-8000-000000000000'$$);
SET lock_timeout = '3s';
SELECT CASE WHEN v = 'aa000002 f, bb000003 t' THEN 'verdict: PASS' ELSE 'verdict: FAIL heartbeat: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s', left(id::text, 8), extended), ', ' ORDER BY id)
  FROM pod_amplify.extend_leases(ARRAY['bb000003-0000-4000-8000-000000000000', 'aa000002-0000-4000-8000-000000000000']::uuid[], 'il-w2')$$) v;
SELECT CASE WHEN v = 'aa000002 f busy:, bb000003 t recor' THEN 'verdict: PASS' ELSE 'verdict: FAIL cascade lock: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s %s', left(id::text, 8), accepted, left(reason, 5)), ', ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w2', ARRAY['bb000003-0000-4000-8000-000000000000', 'aa000002-0000-4000-8000-000000000000']::uuid[],
                                     ARRAY['fatal', 'fatal'])$$) v;
RESET lock_timeout;
SELECT pg_temp.run('tenant', 'ROLLBACK');

-- 3. A call that reports nothing claims even when it has to wait (here for a
--    table lock): it holds nothing, so an empty answer means nothing to claim.
SELECT pg_temp.open('locker', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('w3', 'a1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('locker', 'RESET ROLE'), pg_temp.run('w3', 'RESET ROLE');
SELECT pg_temp.run('locker', 'BEGIN');
SELECT pg_temp.run('locker', 'LOCK TABLE pod_amplify.pod_activities IN SHARE MODE');
SELECT dblink_send_query('w3', $$SELECT count(*)::text FROM pod_amplify.report_and_claim('il-w3', '{}', '{}', NULL, 5) WHERE kind = 'claim'$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('locker', 'COMMIT');
SELECT CASE WHEN n::int = 2 THEN 'verdict: PASS' ELSE 'verdict: FAIL an empty report claimed ' || n || ' of 2 due' END
FROM dblink_get_result('w3') AS t(n text);
SELECT pg_temp.rules_hold();
