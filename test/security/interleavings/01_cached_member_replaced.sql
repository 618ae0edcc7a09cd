-- One transaction inserts an activity (its member's facts are cached), then
-- replaces that member under the same id by a row that is the post's author in
-- another pod, then inserts again: the second insert is judged on the new row.
\ir world.sql
SELECT pg_temp.open('s1', 'a1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('s1', 'BEGIN');
SELECT pg_temp.run('s1', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'repost')$$);
SELECT pg_temp.run('s1', $$DELETE FROM pod_amplify.pod_members WHERE id = 'a3e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('s1', $$INSERT INTO pod_amplify.pod_members (id, pod_id, user_id) VALUES
  ('a3e00000-0000-4000-8000-000000000000', 'a2d00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000')$$);
SELECT pg_temp.run('s1', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like')$$);
SELECT pg_temp.run('s1', 'COMMIT');
-- The same with members' ids changed instead (as the owner: a tenant may not
-- delete activities).
SELECT pg_temp.run('s1', 'RESET ROLE');
SELECT pg_temp.run('s1', 'BEGIN');
SELECT pg_temp.run('s1', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'repost')$$);
SELECT pg_temp.run('s1', $$DELETE FROM pod_amplify.pod_activities WHERE member_id = 'a3e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('s1', $$UPDATE pod_amplify.pod_members SET id = 'a9e00000-0000-4000-8000-000000000000' WHERE id = 'a3e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('s1', $$UPDATE pod_amplify.pod_members SET id = 'a3e00000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('s1', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like')$$);
SELECT pg_temp.run('s1', 'COMMIT');
SELECT pg_temp.rules_hold();
