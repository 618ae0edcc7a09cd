-- report_activities and extend_leases (1.2): a worker's whole batch in one
-- call, each id applied or refused on its own with its reason.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
SET LOCAL pod_amplify.retry_jitter = 0;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid, 'a0000000-0000-4000-8000-000000000000',
       'a1000000-0000-4000-8000-000000000000', 'published' FROM generate_series(3, 9) n;
-- Activities 1..8 of member A2, due now, each on its own post (like), 2 attempts each.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, max_attempts)
SELECT ('a1c00000-0000-4000-8000-00000000000' || n)::uuid, 'a0d00000-0000-4000-8000-000000000000',
       CASE WHEN n <= 2 THEN 'a1b00000-0000-4000-8000-000000000000'::uuid ELSE ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid END,
       'a2e00000-0000-4000-8000-000000000000', CASE WHEN n = 2 THEN 'repost' ELSE 'like' END,
       now() - n * interval '1 minute', 2
FROM generate_series(1, 8) n;
CREATE FUNCTION pg_temp.a(p_n int) RETURNS uuid LANGUAGE sql AS $$ SELECT ('a1c00000-0000-4000-8000-00000000000' || p_n)::uuid $$;
SELECT plan(14);

-- w1 claims 1..6, w2 claims 7..8 (oldest first: 8, 7, 6, ...).
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w2', 2)), 2, 'w2 claims two');
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 6)), 6, 'w1 claims six');
-- 3: w1's lease lapsed (not reaped yet); 4: w1 already reported a retryable failure (its COMMIT's answer was lost).
UPDATE pod_amplify.pod_activities SET lease_expires_at = now() - interval '1 second' WHERE id = pg_temp.a(3);
SELECT is((SELECT attempt_number FROM pod_amplify.fail_activity(pg_temp.a(4), 'HTTP 503', true, 'w1')), 2, 'activity 4: w1 reported a retry');

SELECT results_eq(
    $$SELECT right(r.id::text, 1)::int, r.accepted, r.reason, r.status, r.attempt_number
      FROM pod_amplify.report_activities('w1',
          ARRAY[pg_temp.a(1), pg_temp.a(2), pg_temp.a(3), pg_temp.a(4), pg_temp.a(5), pg_temp.a(6), pg_temp.a(7),
                pg_temp.a(1), 'f0c00000-0000-4000-8000-000000000000'::uuid],
          ARRAY['success', 'success', 'success', 'retry', 'retry', 'fatal', 'fatal', 'retry', 'success'],
          ARRAY['https://www.linkedin.com/feed/update/urn:li:activity:1/', 'javascript:alert(1)', NULL, 'HTTP 503',
                'HTTP 429', 'HTTP 403 {"detail": "forbidden"}', 'HTTP 404', 'x', NULL]) r$$,
    $$VALUES (1, true, 'recorded', 'success', 1),
             (2, true, 'recorded; repost URL not stored: not an http(s) URL on linkedin.com', 'success', 1),
             (3, true, 'late success recorded', 'success', 1),
             (4, true, 'already recorded', 'pending', 2),
             (5, true, 'recorded', 'pending', 2),
             (6, true, 'recorded', 'failed', 1),
             (7, false, 'lease lost', 'pending', 1),
             (1, false, 'duplicate id in this report', 'success', 1),
             (0, false, 'no such activity', NULL, NULL)$$,
    'one call, every id applied or refused on its own, with its reason');
SELECT results_eq($$SELECT repost_url FROM pod_amplify.pod_activities WHERE id IN (pg_temp.a(1), pg_temp.a(2)) ORDER BY id$$,
                  $$VALUES ('https://www.linkedin.com/feed/update/urn:li:activity:1/'), (NULL)$$,
                  'a valid repost URL is stored; a bad one is not, and the success still is');
SELECT is((SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000'), 3,
          'three successes, counted once each');
SELECT results_eq($$SELECT error_history -> -1 ->> 'retryable', error_history -> -1 ->> 'kind' FROM pod_amplify.pod_activities WHERE id IN (pg_temp.a(5), pg_temp.a(6)) ORDER BY id$$,
                  $$VALUES ('true', 'report'), ('false', 'report')$$, 'retry is retryable, fatal is not, each recorded as a report');
SELECT is((SELECT lease_owner FROM pod_amplify.pod_activities WHERE id = pg_temp.a(7)), 'w2', 'w2 still holds 7');

-- Repeating the whole report changes nothing.
SELECT results_eq(
    $$SELECT r.accepted, r.reason FROM pod_amplify.report_activities('w1', ARRAY[pg_temp.a(1), pg_temp.a(5), pg_temp.a(6)],
          ARRAY['success', 'retry', 'fatal'], ARRAY[NULL, 'HTTP 429', 'HTTP 403']) r$$,
    $$VALUES (true, 'already recorded'), (true, 'already recorded'), (true, 'already recorded')$$,
    'a repeated report is accepted and changes nothing');
SELECT is((SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000'), 3,
          'no double count');

-- extend_leases: only w2's live leases on pending activities are extended.
SELECT results_eq(
    $$SELECT right(e.id::text, 1)::int, e.extended, e.lease_expires_at BETWEEN now() + interval '10 minutes' AND clock_timestamp() + interval '10 minutes'
      FROM pod_amplify.extend_leases(ARRAY[pg_temp.a(7), pg_temp.a(8), pg_temp.a(1), 'f0c00000-0000-4000-8000-000000000000'::uuid], 'w2', '10 minutes') e$$,
    $$VALUES (7, true, true), (8, true, true), (1, false, NULL), (0, false, NULL)$$,
    'extend_leases: one heartbeat for the batch, each id answered');
SELECT is((SELECT count(*)::int FROM pod_amplify.extend_leases(ARRAY[pg_temp.a(7)], 'w1') WHERE extended), 0,
          'nobody else extends w2''s lease');

-- Arguments
SELECT throws_ok($$SELECT * FROM pod_amplify.report_activities('w1', ARRAY[pg_temp.a(1)], ARRAY['done'])$$, '22023',
                 NULL, 'an unknown outcome is 22023');
SELECT throws_ok($$SELECT * FROM pod_amplify.report_activities('w1', ARRAY[pg_temp.a(1)], ARRAY['success', 'retry'])$$, '22023',
                 'report_activities: p_ids has 1 elements, p_outcomes 2', 'arrays of different lengths are 22023');

SELECT * FROM finish();
ROLLBACK;
