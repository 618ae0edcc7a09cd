-- An explicit insert replaces the unclaimed row schedule_post made for the same
-- member and action; a worker's claim of that row commits meanwhile: the claim
-- keeps its row (the insert then meets the unique key), never loses its lease.
\ir world.sql
SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like', now() - interval '1 hour') > 0;
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 minute';
SELECT pg_temp.open('worker', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('tenant', 'a1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('worker', 'RESET ROLE');
SELECT pg_temp.run('worker', 'BEGIN');
SELECT pg_temp.run('worker', $$SELECT count(*) FROM pod_amplify.claim_activities('il-worker', 10)$$);
SELECT dblink_send_query('tenant', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like')$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('worker', 'COMMIT');
SELECT pg_temp.result('tenant');
SELECT CASE WHEN count(*) = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL the claimed row is gone (' || count(*) || ' left)' END
FROM pod_amplify.pod_activities
WHERE member_id = 'a2e00000-0000-4000-8000-000000000000' AND post_id = 'a1b00000-0000-4000-8000-000000000000' AND lease_owner = 'il-worker';
SELECT pg_temp.rules_hold();
