-- A report that must wait for one of its members (another transaction holds
-- it) holds none of the others while it waits. Taking the free ones first and
-- then waiting for the rest let two reports each hold what the other waited
-- for: both ran out their wait and answered busy, again and again (8 workers
-- draining a backlog: a thousand busy answers, once 9,635, in 20,000 reports).
-- Here: a tenant holds member 2; a worker reports activities of members 1, 2
-- and 3; while it waits, member 3 (after 2 in id order) must be free to lock.
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like', now() - interval '10 hours'),
       ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '9 hours'),
       ('aa000003-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '8 hours');
SELECT pg_temp.open('member_editor', 'a1000000-0000-4000-8000-000000000000');
SELECT dblink_connect('worker', format('dbname=%s host=%s port=%s user=%s application_name=il_member_wait', current_database(),
       split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'), current_user));
\ir outcome.sql
CREATE TEMP TABLE scores_before AS SELECT id, participation_score FROM pod_amplify.pod_members;

SELECT CASE WHEN v = '3' THEN 'verdict: PASS' ELSE 'verdict: FAIL claimed: ' || v END
FROM pg_temp.value_of($$SELECT count(*)::text FROM pod_amplify.claim_activities('il-w1', 3, interval '1 minute')$$) v;
SELECT pg_temp.run('member_editor', 'BEGIN');
SELECT pg_temp.run('member_editor', $$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$);
SELECT dblink_send_query('worker', $$SELECT string_agg(format('%s %s %s', left(id::text, 8), accepted, left(reason, 4)), ', ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000', 'aa000002-0000-4000-8000-000000000000',
       'aa000003-0000-4000-8000-000000000000']::uuid[], ARRAY['success', 'success', 'success'])$$);
-- As soon as the report waits for member 2 (it waits 100 ms), member 3 is free.
CREATE FUNCTION pg_temp.member_3_while_report_waits() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..5000 LOOP
    IF EXISTS (SELECT FROM pg_stat_activity WHERE application_name = 'il_member_wait' AND wait_event_type = 'Lock') THEN
      RETURN pg_temp.outcome_of($q$SELECT FROM pod_amplify.pod_members WHERE id = 'a3e00000-0000-4000-8000-000000000000'
                                   FOR NO KEY UPDATE NOWAIT$q$);
    END IF;
    PERFORM pg_sleep(0.0005);
  END LOOP;
  RETURN 'the report never waited for member 2';
END $$;
SELECT CASE WHEN v = 'ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL member 3 while the report waits for member 2: ' || v END
FROM pg_temp.member_3_while_report_waits() v;
-- Its wait ran out: the free members' successes are recorded, member 2's waits.
SELECT CASE WHEN v = 'aa000001 t reco, aa000002 f busy, aa000003 t reco' THEN 'verdict: PASS' ELSE 'verdict: FAIL report: ' || v END
FROM dblink_get_result('worker') AS t(v text);
SELECT pg_temp.run('member_editor', 'ROLLBACK');
SELECT CASE WHEN v = 'aa000001 success 1, aa000002 pending 1, aa000003 success 1' THEN 'verdict: PASS' ELSE 'verdict: FAIL rows: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s %s', left(id::text, 8), status, attempt_number), ', ' ORDER BY id)
  FROM pod_amplify.pod_activities$$) v;
SELECT CASE WHEN v = 'a1e00000 1, a3e00000 1' THEN 'verdict: PASS' ELSE 'verdict: FAIL scores added: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s', left(m.id::text, 8), m.participation_score - b.participation_score), ', '
  ORDER BY m.id) FROM pod_amplify.pod_members m JOIN scores_before b USING (id) WHERE m.participation_score <> b.participation_score$$) v;

-- A report's rows are locked and written by one transaction id: a member row
-- locked in a subtransaction and updated by its parent would carry a MultiXact
-- (one per member and report: multixact ids burnt at the rate of the work).
CREATE EXTENSION IF NOT EXISTS pageinspect;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('aa000004-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'repost', now() - interval '7 hours'),
       ('aa000005-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'repost', now() - interval '6 hours');
SELECT count(*) FROM pod_amplify.claim_activities('il-w2', 2);
VACUUM FREEZE pod_amplify.pod_members;
SELECT CASE WHEN v = 'true true' THEN 'verdict: PASS' ELSE 'verdict: FAIL report: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(accepted::text, ' ') FROM pod_amplify.report_activities('il-w2',
  ARRAY['aa000004-0000-4000-8000-000000000000', 'aa000005-0000-4000-8000-000000000000']::uuid[], ARRAY['success', 'success'])$$) v;
SELECT CASE WHEN v = '0' THEN 'verdict: PASS' ELSE 'verdict: FAIL member tuples with a MultiXact: ' || v END
FROM pg_temp.value_of($$SELECT count(*)::text FROM generate_series(0, pg_relation_size('pod_amplify.pod_members') / 8192 - 1) b,
  LATERAL heap_page_items(get_raw_page('pod_amplify.pod_members', b::int)) h WHERE (h.t_infomask & 4096) <> 0$$) v;
SELECT pg_temp.rules_hold();
