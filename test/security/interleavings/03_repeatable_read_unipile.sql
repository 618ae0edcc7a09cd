-- A REPEATABLE READ transaction of tenant A binds a Unipile id that tenant B
-- connected after A's snapshot was taken: refused (23505), whatever A's snapshot.
\ir world.sql
SELECT pg_temp.open('ta', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('tb', 'b1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('ta', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
SELECT pg_temp.run('ta', 'SELECT count(*) FROM pod_amplify.users');
SELECT pg_temp.run('tb', $$INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id)
  VALUES ('b3000000-0000-4000-8000-000000000000', 'unipile_shared')$$);
SELECT pg_temp.run('ta', $$INSERT INTO pod_amplify.linkedin_accounts (user_id, unipile_account_id)
  VALUES ('a3000000-0000-4000-8000-000000000000', 'unipile_shared')$$);
SELECT pg_temp.run('ta', 'COMMIT');
SELECT CASE WHEN count(DISTINCT user_id) = 1 THEN 'verdict: PASS' ELSE 'verdict: FAIL unipile_shared held by ' || count(DISTINCT user_id) || ' users' END
FROM pod_amplify.linkedin_accounts WHERE unipile_account_id = 'unipile_shared';
SELECT pg_temp.rules_hold();
