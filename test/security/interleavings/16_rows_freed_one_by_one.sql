-- A tenant that frees the rows of a batch one by one, each just before the
-- engine's brief wait would run out, must not hold the worker's call for that
-- wait times the rows: the waits of one call share one deadline (100 ms).
-- lock_timeout alone bounds each wait, not their sum (an attacker held a batch
-- of 30 ids for 2.7 s, 100 ids for 9.7 s, from one session with savepoints).
-- Here three sessions of tenant A hold members 1, 2 and 3 and commit 80, 160
-- and 240 ms after the worker starts reporting them with one of tenant B's.
\ir world.sql
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like', now() - interval '10 hours'),
       ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '9 hours'),
       ('aa000003-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '8 hours'),
       ('bb000001-0000-4000-8000-000000000000', 'b1d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '7 hours');
SELECT pg_temp.open('t1', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('t2', 'a1000000-0000-4000-8000-000000000000'),
       pg_temp.open('t3', 'a1000000-0000-4000-8000-000000000000');
\ir outcome.sql

SELECT CASE WHEN v = '4' THEN 'verdict: PASS' ELSE 'verdict: FAIL claimed: ' || v END
FROM pg_temp.value_of($$SELECT count(*)::text FROM pod_amplify.claim_activities('il-w1', 4, interval '1 minute')$$) v;
SELECT pg_temp.run(s, 'BEGIN') FROM unnest(ARRAY['t1', 't2', 't3']) s;
SELECT pg_temp.run('t' || k, format($$UPDATE pod_amplify.pod_members SET is_active = is_active WHERE id = 'a%se00000-0000-4000-8000-000000000000'$$, k))
FROM generate_series(1, 3) k;
SELECT dblink_send_query('t' || k, format('SELECT pg_sleep(%s); COMMIT', 0.08 * k)) FROM generate_series(1, 3) k;
-- Each member is freed 80 ms after the one before: every wait alone would
-- end in time. Member 3 is held until 240 ms: past the call's 100 ms, it is
-- answered busy (its success kept); tenant B's success is recorded.
SELECT CASE WHEN v ~ '^aa000001 [^,]*, aa000002 [^,]*, aa000003 busy, bb000001 recorded$' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL report: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s', left(id::text, 8), split_part(reason, ':', 1)), ', ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000', 'aa000002-0000-4000-8000-000000000000',
       'aa000003-0000-4000-8000-000000000000', 'bb000001-0000-4000-8000-000000000000']::uuid[],
       ARRAY['success', 'success', 'success', 'success'])$$) v;
SELECT CASE WHEN v = 'ok ok ok' THEN 'verdict: PASS' ELSE 'verdict: FAIL tenant sessions: ' || v END
FROM (SELECT string_agg(pg_temp.result('t' || k), ' ' ORDER BY k) AS v FROM generate_series(1, 3) k) r;
-- Reported again once the members are free: all recorded, each score once.
SELECT CASE WHEN v = '4' THEN 'verdict: PASS' ELSE 'verdict: FAIL successes after the repeat: ' || v END
FROM pg_temp.value_of($$SELECT count(*)::text FROM pod_amplify.report_activities('il-w1', ARRAY['aa000001-0000-4000-8000-000000000000',
       'aa000002-0000-4000-8000-000000000000', 'aa000003-0000-4000-8000-000000000000', 'bb000001-0000-4000-8000-000000000000']::uuid[],
       ARRAY['success', 'success', 'success', 'success']) r WHERE r.status = 'success'$$) v;
SELECT pg_temp.rules_hold();
