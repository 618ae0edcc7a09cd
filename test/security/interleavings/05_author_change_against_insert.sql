-- A post's author becomes one of its amplifiers while that amplifier's activity
-- is inserted, in both orders: the later one waits and is refused.
\ir world.sql
SELECT pg_temp.open('s1', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('s2', 'a1000000-0000-4000-8000-000000000000');
-- The change first: the insert's look-up must wait, then read the new author.
SELECT pg_temp.run('s1', 'BEGIN');
SELECT pg_temp.run('s1', $$UPDATE pod_amplify.posts SET author_id = 'a3000000-0000-4000-8000-000000000000' WHERE id = 'a2b00000-0000-4000-8000-000000000000'$$);
SELECT dblink_send_query('s2', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like')$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('s1', 'COMMIT');
SELECT pg_temp.result('s2');
-- The insert first: the change must wait, then see it.
SELECT pg_temp.run('s2', 'BEGIN');
SELECT pg_temp.run('s2', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like')$$);
SELECT dblink_send_query('s1', $$UPDATE pod_amplify.posts SET author_id = 'a2000000-0000-4000-8000-000000000000' WHERE id = 'a1b00000-0000-4000-8000-000000000000'$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('s2', 'COMMIT');
SELECT pg_temp.result('s1');
SELECT pg_temp.rules_hold();
