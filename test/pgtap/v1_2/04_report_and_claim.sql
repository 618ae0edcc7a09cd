-- report_and_claim (1.2): a worker's report and its next claim in one call and
-- one transaction; report rows first, then claimed rows; arguments checked
-- before anything is written.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
SET LOCAL pod_amplify.retry_jitter = 0;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid, 'a0000000-0000-4000-8000-000000000000',
       'a1000000-0000-4000-8000-000000000000', 'published' FROM generate_series(2, 9) n;
-- Activities 1..7 of member A2, each on its own post (like), due oldest first: 7, 6, ..., 1.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, max_attempts)
SELECT ('a1c00000-0000-4000-8000-00000000000' || n)::uuid, 'a0d00000-0000-4000-8000-000000000000',
       CASE WHEN n = 1 THEN 'a1b00000-0000-4000-8000-000000000000'::uuid ELSE ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid END,
       'a2e00000-0000-4000-8000-000000000000', 'like', now() - n * interval '1 minute', 3
FROM generate_series(1, 7) n;
CREATE FUNCTION pg_temp.a(p_n int) RETURNS uuid LANGUAGE sql AS $$ SELECT ('a1c00000-0000-4000-8000-00000000000' || p_n)::uuid $$;
CREATE FUNCTION pg_temp.leased() RETURNS text LANGUAGE sql AS
$$ SELECT string_agg(right(id::text, 1) || ':' || lease_owner, ',' ORDER BY id) FROM pod_amplify.pod_activities WHERE lease_owner IS NOT NULL $$;
SELECT plan(34);

-- A first call reports nothing and claims.
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1)::int, r.accepted, r.reason, r.status, r.attempt_number,
             (r.activity).id = r.id, (r.activity).lease_owner, (r.activity).lease_expires_at BETWEEN now() + interval '5 minutes' AND clock_timestamp() + interval '5 minutes'
      FROM pod_amplify.report_and_claim('w1', '{}', '{}', NULL, 3, '5 minutes') r$$,
    $$VALUES ('claim', 7, NULL::boolean, NULL::text, 'pending', 1, true, 'w1', true),
             ('claim', 6, NULL, NULL, 'pending', 1, true, 'w1', true),
             ('claim', 5, NULL, NULL, 'pending', 1, true, 'w1', true)$$,
    'empty report: three claimed, oldest first, each with its whole row');

-- Report 7 (success) and 6 (retry), claim two: 5 is still w1's (handed back, renewed), then 4.
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1)::int, r.accepted, r.reason, r.status, r.attempt_number, (r.activity).lease_owner
      FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(7), pg_temp.a(6)], ARRAY['success', 'retry'],
                                        ARRAY[NULL, 'HTTP 429'], 2) r$$,
    $$VALUES ('report', 7, true, 'recorded', 'success', 1, NULL::text),
             ('report', 6, true, 'recorded', 'pending', 2, NULL),
             ('claim', 5, NULL, NULL, 'pending', 1, 'w1'),
             ('claim', 4, NULL, NULL, 'pending', 1, 'w1')$$,
    'report rows in request order, then own live leases, then new ones');
SELECT is(pg_temp.leased(), '4:w1,5:w1', 'w1 holds 4 and 5; 6 waits for its retry, unleased');
SELECT is((SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000'), 1,
          'one success, counted once');

-- The same report again (its answer was lost): nothing changes twice, the claim is handed back.
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1)::int, r.accepted, r.reason, r.status
      FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(7), pg_temp.a(6)], ARRAY['success', 'retry'],
                                        ARRAY[NULL, 'HTTP 429'], 2) r$$,
    $$VALUES ('report', 7, true, 'already recorded', 'success'),
             ('report', 6, true, 'already recorded', 'pending'),
             ('claim', 5, NULL::boolean, NULL::text, 'pending'),
             ('claim', 4, NULL, NULL, 'pending')$$,
    'a repeated call reports nothing twice and hands the same leases back');
SELECT is((SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'a2e00000-0000-4000-8000-000000000000'), 1,
          'no double count');

-- A different failure is not a repeat of the recorded one: w1's retry of 6 is
-- recorded (6 is pending as attempt 2, unleased); a "fatal" now is refused, not
-- answered "already recorded" and silently dropped. The 1.1 call likewise.
SELECT results_eq(
    $$SELECT r.accepted, r.reason, r.status, r.attempt_number
      FROM pod_amplify.report_activities('w1', ARRAY[pg_temp.a(6)], ARRAY['fatal'], ARRAY['account banned']) r$$,
    $$VALUES (false, 'lease lost', 'pending', 2)$$,
    'fatal after a recorded retry: refused (lease lost), not "already recorded"');
SELECT throws_ok($$SELECT pod_amplify.fail_activity(pg_temp.a(6), 'account banned', false, 'w1')$$, '55000', NULL,
                 'fail_activity (1.1): the other failure is a lease error too');
SELECT is((SELECT error_message || ' / ' || status FROM pod_amplify.pod_activities WHERE id = pg_temp.a(6)), 'HTTP 429 / pending',
          '6 is as the retry left it');

-- p_limit 0: the last report before a worker stops; nothing is claimed.
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1)::int, r.accepted, r.reason, r.status
      FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(5), pg_temp.a(4)], ARRAY['fatal', 'success'], NULL, 0) r$$,
    $$VALUES ('report', 5, true, 'recorded', 'failed'), ('report', 4, true, 'recorded', 'success')$$,
    'p_limit 0: a report only');
SELECT is(pg_temp.leased(), NULL, 'and no lease was taken');

-- Another worker's report is refused per id; its claim still runs.
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w2', 1)), 1, 'w2 claims 3');
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1)::int, r.accepted, r.reason, (r.activity).lease_owner
      FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(3), 'f0c00000-0000-4000-8000-000000000000'::uuid],
                                        ARRAY['success', 'success'], NULL, 1) r$$,
    $$VALUES ('report', 3, false, 'not claimed by this worker', NULL::text), ('report', 0, false, 'no such activity', NULL),
             ('claim', 2, NULL, NULL, 'w1')$$,
    'refused reports are rows like any other; the claim takes the next due one');
SELECT is(pg_temp.leased(), '2:w1,3:w2', 'w2 keeps 3');

-- Arguments: checked before anything is written.
SELECT throws_ok($$SELECT * FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(2)], ARRAY['success'], NULL, -1)$$,
                 '22023', 'report_and_claim: p_limit must be between 0 and 1000, not -1', 'a negative limit is 22023');
SELECT throws_ok($$SELECT * FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(2)], ARRAY['success'], NULL, NULL)$$,
                 '22004', 'report_and_claim: p_limit must not be NULL', 'a NULL limit is 22004');
SELECT throws_ok($$SELECT * FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(2)], ARRAY['done'], NULL, 5)$$,
                 '22023', NULL, 'an unknown outcome is 22023');
SELECT throws_ok($$SELECT * FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(2)], ARRAY['success'], NULL, 5, '2 days')$$,
                 '22023', NULL, 'a lease over a day is 22023');
SELECT throws_ok($$SELECT * FROM pod_amplify.report_and_claim(NULL, ARRAY[pg_temp.a(2)], ARRAY['success'])$$,
                 '22004', 'report_and_claim: p_worker must not be NULL', 'a NULL worker is 22004');
SELECT is(pg_temp.leased() || ' / ' || (SELECT status FROM pod_amplify.pod_activities WHERE id = pg_temp.a(2)),
          '2:w1,3:w2 / pending', 'no refused call reported or claimed anything');

-- A worker serving one client only (row-level security applies to it).
CREATE ROLE tap_tenant_worker;
GRANT USAGE ON SCHEMA pod_amplify TO tap_tenant_worker;
GRANT SELECT, UPDATE ON pod_amplify.pod_activities TO tap_tenant_worker;
GRANT SELECT ON pod_amplify.pod_members, pod_amplify.pods, pod_amplify.posts, pod_amplify.users TO tap_tenant_worker;

-- The worker's own live leases count against p_limit in every plan. Under
-- row-level security with nested loops only, the hand-back's sub-select was
-- rescanned and returned every held lease (3 here) for p_limit 1.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, max_attempts)
SELECT ('a1c00000-0000-4000-8000-00000000000' || n)::uuid, 'a0d00000-0000-4000-8000-000000000000',
       ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid, 'a2e00000-0000-4000-8000-000000000000', 'like',
       now() - interval '1 hour', 3
FROM generate_series(8, 9) n;
SELECT is((SELECT string_agg(right(id::text, 1), ',' ORDER BY id) FROM pod_amplify.claim_activities('w1', 3)), '2,8,9',
          'w1 holds 2 (handed back), 8 and 9');
SET LOCAL ROLE tap_tenant_worker;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = off;
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 1)), 1, 'claim_activities(p_limit 1): one row');
SELECT is((SELECT count(*)::int FROM pod_amplify.report_and_claim('w1', '{}', '{}', NULL, 1)), 1,
          'report_and_claim(p_limit 1): one row');

-- Nobody shortens a worker's live lease by renewing it under its name: a
-- renewal keeps the later expiry (claim hand-back, extend_leases, extend_lease).
SELECT is((SELECT count(*)::int FROM pod_amplify.report_and_claim('w1', '{}', '{}', NULL, 3, '1 microsecond')), 3,
          'a hand-back asking for 1 microsecond');
SELECT is((SELECT count(*)::int FROM pod_amplify.extend_leases(ARRAY[pg_temp.a(8)], 'w1', '1 microsecond') WHERE extended), 1,
          'a heartbeat asking for 1 microsecond');
RESET ROLE;
SELECT is((SELECT pod_amplify.extend_lease(pg_temp.a(9), 'w1', '1 microsecond')).lease_expires_at >= now() + interval '4 minutes',
          true, 'extend_lease (1.1) asking for 1 microsecond');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities
           WHERE lease_owner = 'w1' AND lease_expires_at >= now() + interval '4 minutes'), 3,
          'w1''s three leases still run their full five minutes');
RESET enable_hashjoin;
RESET enable_mergejoin;

-- A tenant's session: another client's activities are neither reported nor
-- claimed, and not named.
SET LOCAL ROLE tap_tenant_worker;
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1)::int, r.accepted, r.reason
      FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.a(2)], ARRAY['success'], NULL, 10) r$$,
    $$VALUES ('report', 2, false, 'no such activity')$$,
    'client B reports none of A''s activities and claims none');
RESET ROLE;
SELECT is(pg_temp.leased() || ' / ' || (SELECT status FROM pod_amplify.pod_activities WHERE id = pg_temp.a(2)),
          '2:w1,3:w2,8:w1,9:w1 / pending', 'A''s activities are as they were');

-- A lease counts from the claim, not from the start of its transaction: a call
-- that waited must not hand out a lease already running out (the next claim
-- would reap it as "did not report in time").
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('a1c00000-0000-4000-8000-00000000000f', 'a0d00000-0000-4000-8000-000000000000',
        'a9b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'repost', now() - interval '1 hour');
SELECT pg_sleep(0.3);
SELECT is((SELECT (r.activity).lease_expires_at >= now() + interval '5 minutes 0.3 seconds'
           FROM pod_amplify.report_and_claim('w4', '{}', '{}', NULL, 1, '5 minutes') r WHERE r.kind = 'claim'),
          true, 'a lease runs its five minutes from the claim, not from the transaction''s start');

-- p_hand_back false: a worker that lost no answer knows its leases; the whole
-- p_limit goes to new activities (w1 holds 2, 8 and 9, all live).
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
SELECT ('a1c00000-0000-4000-8000-00000000000' || n)::uuid, 'a0d00000-0000-4000-8000-000000000000',
       ('a' || CASE n WHEN 'c' THEN 8 ELSE 9 END || 'b00000-0000-4000-8000-000000000000')::uuid,
       'a2e00000-0000-4000-8000-000000000000', 'comment', now() - interval '2 hours'
FROM unnest(ARRAY['c', 'd']) n;
UPDATE pod_amplify.pod_activities SET comment_text = 'Well said' WHERE id IN ('a1c00000-0000-4000-8000-00000000000c', 'a1c00000-0000-4000-8000-00000000000d');
SELECT results_eq(
    $$SELECT r.kind, right(r.id::text, 1), (r.activity).lease_owner
      FROM pod_amplify.report_and_claim('w1', '{}', '{}', NULL, 2, NULL, false) r$$,
    $$VALUES ('claim', 'c', 'w1'), ('claim', 'd', 'w1')$$,
    'p_hand_back false: two new activities for p_limit 2, none of w1''s own leases');
SELECT is(pg_temp.leased(), '2:w1,3:w2,8:w1,9:w1,c:w1,d:w1,f:w4', 'w1''s earlier leases stand beside the two new ones');
SELECT is((SELECT string_agg(right(r.id::text, 1), ',') FROM pod_amplify.report_and_claim('w1', '{}', '{}', NULL, 2) r), 'c,d',
          'by default the same worker gets its own live leases first');
SELECT throws_ok($$SELECT * FROM pod_amplify.report_and_claim('w1', '{}', '{}', NULL, 1, NULL, NULL)$$,
                 '22004', 'report_and_claim: p_hand_back must not be NULL', 'a NULL p_hand_back is 22004');

SELECT * FROM finish();
ROLLBACK;
