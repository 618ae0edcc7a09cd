-- A LinkedIn account moves to another user while a member links it, in both orders.
\ir world.sql
SELECT pg_temp.open('s1', 'b1000000-0000-4000-8000-000000000000'), pg_temp.open('s2', 'b1000000-0000-4000-8000-000000000000');
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id) VALUES
  ('b9a00000-0000-4000-8000-000000000000', 'b4000000-0000-4000-8000-000000000000', 'unipile_b9'),
  ('b8a00000-0000-4000-8000-000000000000', 'b4000000-0000-4000-8000-000000000000', 'unipile_b8');
SELECT pg_temp.run('s1', 'BEGIN');
SELECT pg_temp.run('s1', $$UPDATE pod_amplify.linkedin_accounts SET user_id = 'b3000000-0000-4000-8000-000000000000' WHERE id = 'b9a00000-0000-4000-8000-000000000000'$$);
SELECT dblink_send_query('s2', $$UPDATE pod_amplify.pod_members SET linkedin_account_id = 'b9a00000-0000-4000-8000-000000000000' WHERE id = 'b4e00000-0000-4000-8000-000000000000'$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('s1', 'COMMIT');
SELECT pg_temp.result('s2');
SELECT pg_temp.run('s2', 'BEGIN');
SELECT pg_temp.run('s2', $$UPDATE pod_amplify.pod_members SET linkedin_account_id = 'b8a00000-0000-4000-8000-000000000000' WHERE id = 'b4e00000-0000-4000-8000-000000000000'$$);
SELECT dblink_send_query('s1', $$UPDATE pod_amplify.linkedin_accounts SET user_id = 'b3000000-0000-4000-8000-000000000000' WHERE id = 'b8a00000-0000-4000-8000-000000000000'$$);
SELECT pg_sleep(0.5);
SELECT pg_temp.run('s2', 'COMMIT');
SELECT pg_temp.result('s1');
SELECT pg_temp.rules_hold();
