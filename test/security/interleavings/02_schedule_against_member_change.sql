-- schedule_post reads the client's members while another session turns one of
-- them into the post's author; in either order, no member amplifies its own post.
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
  ('a4b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a4000000-0000-4000-8000-000000000000', 'published'),
  ('a5b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'published');
RESET pod_amplify.auto_schedule;
SELECT pg_temp.open('s1', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('s2', 'a1000000-0000-4000-8000-000000000000');
-- The change first (uncommitted), then the schedule.
SELECT pg_temp.run('s1', 'BEGIN');
SELECT pg_temp.run('s1', $$UPDATE pod_amplify.pod_members SET user_id = 'a4000000-0000-4000-8000-000000000000', linkedin_account_id = NULL
  WHERE id = 'a3e00000-0000-4000-8000-000000000000'$$);
SELECT dblink_send_query('s2', $$SELECT pod_amplify.schedule_post('a4b00000-0000-4000-8000-000000000000')$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('s1', 'COMMIT');
SELECT pg_temp.result('s2');
-- The schedule first (uncommitted), then a change making a member the author.
SELECT pg_temp.run('s2', 'BEGIN');
SELECT pg_temp.run('s2', $$SELECT pod_amplify.schedule_post('a5b00000-0000-4000-8000-000000000000')$$);
SELECT dblink_send_query('s1', $$UPDATE pod_amplify.pod_members SET user_id = 'a3000000-0000-4000-8000-000000000000', linkedin_account_id = NULL
  WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('s2', 'COMMIT');
SELECT pg_temp.result('s1');
SELECT pg_temp.rules_hold();
