-- Two sessions binding one Unipile id are serialised by a row only the
-- extension's owner can lock. An advisory lock any role can take on the key
-- (hashtext of the id: computed, or read in pg_locks) stalls nobody's writes.
\ir world.sql
SELECT dblink_connect('squatter', format('dbname=%s host=%s port=%s user=%s', current_database(),
       split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'), current_user));
SELECT dblink_exec('squatter', 'SET ROLE il_tenant');
SELECT x FROM dblink('squatter', $$SELECT pg_advisory_lock(1886348405, hashtext('unipile-squatted'))::text$$) AS t(x text);
SELECT x FROM dblink('squatter', $$SELECT pg_advisory_lock(1886348405, hashtext('unipile-squatted-2'))::text$$) AS t(x text);
\ir outcome.sql
SET lock_timeout = '2s';
SELECT CASE WHEN v = 'ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL an account write waited on the advisory lock: ' || v END
FROM pg_temp.outcome_of($$UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipile-squatted'
                        WHERE id = 'a4a00000-0000-4000-8000-000000000000'$$) v;
SELECT CASE WHEN v = 'ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL a member write waited on the advisory lock: ' || v END
FROM pg_temp.outcome_of($$UPDATE pod_amplify.pod_members SET unipile_account_id = 'unipile-squatted-2'
                        WHERE id = 'a4e00000-0000-4000-8000-000000000000'$$) v;
RESET lock_timeout;
-- The lock rows themselves: a tenant can neither read nor lock them.
SELECT CASE WHEN v LIKE 'ERROR: permission denied%' THEN 'verdict: PASS' ELSE 'verdict: FAIL a tenant locked a Unipile lock row: ' || v END
FROM pg_temp.outcome_of($$SELECT x FROM dblink('squatter', 'SELECT key::text FROM pod_amplify.unipile_id_locks LIMIT 1 FOR UPDATE') AS t(x text)$$) v;
-- An id held by two users (written with the triggers off, as 1.1 allowed) is
-- listed by rule_violations(), each row that holds it.
SET session_replication_role = replica;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipile-shared'
WHERE id IN ('a3a00000-0000-4000-8000-000000000000', 'b3a00000-0000-4000-8000-000000000000');
RESET session_replication_role;
SELECT CASE WHEN string_agg(format('%s %s %s', rule, table_name, left(row_id::text, 4)), ', ' ORDER BY row_id)
                 = 'unipile_id_one_user linkedin_accounts a3a0, unipile_id_one_user linkedin_accounts b3a0'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL rule_violations(): ' || coalesce(string_agg(rule || ' ' || row_id, ', '), 'none') END
FROM pod_amplify.rule_violations() WHERE rule = 'unipile_id_one_user';
SET session_replication_role = replica;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = NULL WHERE unipile_account_id = 'unipile-shared';
RESET session_replication_role;
SELECT pg_temp.rules_hold();
