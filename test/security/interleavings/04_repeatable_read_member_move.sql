-- A REPEATABLE READ transaction moves a member out of its pod while another
-- session commits an activity of that member after the mover's snapshot.
\ir world.sql
SELECT pg_temp.open('ta', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('tb', 'a1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('ta', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
SELECT pg_temp.run('ta', 'SELECT count(*) FROM pod_amplify.pod_members');
SELECT pg_temp.run('tb', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'repost')$$);
SELECT pg_temp.run('ta', $$UPDATE pod_amplify.pod_members SET pod_id = 'a2d00000-0000-4000-8000-000000000000' WHERE id = 'a3e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('ta', 'COMMIT');
-- And the other way: the REPEATABLE READ insert after a committed move.
SELECT pg_temp.run('tb', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
SELECT pg_temp.run('tb', 'SELECT count(*) FROM pod_amplify.pod_members');
SELECT pg_temp.run('ta', $$UPDATE pod_amplify.pod_members SET pod_id = 'a2d00000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SELECT pg_temp.run('tb', $$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
  VALUES ('a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like')$$);
SELECT pg_temp.run('tb', 'COMMIT');
SELECT pg_temp.rules_hold();
