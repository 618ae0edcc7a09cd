-- A worker session left at REPEATABLE READ or SERIALIZABLE (a careless
-- default_transaction_isolation on its role): a batch call is refused at once,
-- 25000 naming the function, nothing written. Under those levels one tenant's
-- committed edit of a member during the report failed the whole batch with
-- 40001, every tenant's successes with it (an attacker's finding: 7 of 7).
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like', now() - interval '10 hours'),
       ('bb000001-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '7 hours');
\ir outcome.sql
SELECT count(*) FROM pod_amplify.claim_activities('il-w1', 2, interval '1 minute');
-- 'ok', or the SQLSTATE and message of a statement run in a transaction of the given level.
CREATE FUNCTION pg_temp.state_at(p_level text, p_sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dblink_exec('w', 'BEGIN ISOLATION LEVEL ' || p_level);
  BEGIN
    PERFORM * FROM dblink('w', p_sql) AS t(x text);
    PERFORM dblink_exec('w', 'ROLLBACK');
    RETURN 'ok';
  EXCEPTION WHEN OTHERS THEN
    PERFORM dblink_exec('w', 'ROLLBACK');
    RETURN SQLSTATE || ' ' || SQLERRM;
  END;
END $$;
SELECT dblink_connect('w', format('dbname=%s host=%s port=%s user=%s', current_database(),
       split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'), current_user));
SELECT CASE WHEN v LIKE '25000 report_activities must run under READ COMMITTED, not REPEATABLE READ' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL report_activities at REPEATABLE READ: ' || v END
FROM pg_temp.state_at('REPEATABLE READ', $$SELECT count(*)::text FROM pod_amplify.report_activities('il-w1',
  ARRAY['aa000001-0000-4000-8000-000000000000', 'bb000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success', 'success'])$$) v;
SELECT CASE WHEN v LIKE '25000 report_and_claim must run under READ COMMITTED, not SERIALIZABLE' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL report_and_claim at SERIALIZABLE: ' || v END
FROM pg_temp.state_at('SERIALIZABLE', $$SELECT count(*)::text FROM pod_amplify.report_and_claim('il-w1',
  ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success'], NULL, 1)$$) v;
SELECT CASE WHEN v LIKE '25000 extend_leases must run under READ COMMITTED, not REPEATABLE READ' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL extend_leases at REPEATABLE READ: ' || v END
FROM pg_temp.state_at('REPEATABLE READ', $$SELECT count(*)::text FROM pod_amplify.extend_leases(
  ARRAY['aa000001-0000-4000-8000-000000000000']::uuid[], 'il-w1')$$) v;
-- Nothing written; at READ COMMITTED the same report records both.
SELECT CASE WHEN v = 'aa000001 pending, bb000001 pending' THEN 'verdict: PASS' ELSE 'verdict: FAIL rows: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s', left(id::text, 8), status), ', ' ORDER BY id) FROM pod_amplify.pod_activities$$) v;
SELECT CASE WHEN v = 'ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL at READ COMMITTED: ' || v END
FROM pg_temp.state_at('READ COMMITTED', $$SELECT count(*)::text FROM pod_amplify.report_activities('il-w1',
  ARRAY['aa000001-0000-4000-8000-000000000000', 'bb000001-0000-4000-8000-000000000000']::uuid[], ARRAY['success', 'success'])$$) v;
SELECT pg_temp.rules_hold();
