-- What a tenant writes into pod_activities directly (its INSERT grant) is handed
-- to workers with the row, so it must not stop or fool them:
--  * comment_text is a text LinkedIn would take (1 to 3,000 characters, not
--    blank, no control characters), on every row, whatever its action: a
--    gigabyte of text made every report_and_claim fail with 54000 for everyone;
--  * an explicit insert replaces a schedule_post row only if no worker ever
--    held it to the end of a lease: a retry may already be on LinkedIn, and
--    its late success must still be recorded (not "no such activity");
--  * pods.settings is at most 1 MiB (a failure reads its pod's settings in the
--    worker's call), and a batch reads each pod's settings once, each row
--    still getting its own pod's; a claim without p_lease reads each pod's
--    lease_duration once;
--  * error_message and repost_url (claims return them with the row) and a
--    post's linkedin_post_url (the reference worker joins it) have size limits.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
SET LOCAL pod_amplify.retry_jitter = 0;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('a2b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'published');
-- Two rows schedule_post would have made for member A2: the first due (a worker
-- will take it and let its lease lapse), the second not yet due (never claimed).
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, origin) VALUES
    ('e1c00000-0000-4000-8000-000000000001', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a2e00000-0000-4000-8000-000000000000', 'repost', now() - interval '10 minutes', 'schedule'),
    ('e1c00000-0000-4000-8000-000000000002', 'a0d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000',
     'a2e00000-0000-4000-8000-000000000000', 'repost', now() + interval '1 hour', 'schedule');
-- A comment row of A2's for the update below.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, action, comment_text, scheduled_for) VALUES
    ('e1c00000-0000-4000-8000-000000000003', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a2e00000-0000-4000-8000-000000000000', 'comment', 'Well said', now() + interval '2 hours');
\i test/pgtap/rules/tenant_role.inc
RESET ROLE;
CREATE FUNCTION pg_temp.e(p_n int) RETURNS uuid LANGUAGE sql AS $$ SELECT ('e1c00000-0000-4000-8000-00000000000' || p_n)::uuid $$;
SELECT plan(27);

-- 1. The replacement rule.
SELECT results_eq($$SELECT id FROM pod_amplify.claim_activities('w1', 1)$$, ARRAY[pg_temp.e(1)],
                  'w1 claims the due row');
UPDATE pod_amplify.pod_activities SET lease_expires_at = now() - interval '1 minute' WHERE id = pg_temp.e(1);
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w2', 10)), 0,
          'the next claim reaps the lapsed lease (and hands out nothing: the retry is not due yet)');
SELECT results_eq($$SELECT status, attempt_number, lease_owner FROM pod_amplify.pod_activities WHERE id = pg_temp.e(1)$$,
                  $$VALUES ('pending'::text, 2, NULL::text)$$, 'the lapsed row is a pending retry, attempt 2, no lease');

SET LOCAL ROLE tap_rules_tenant_role;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT lives_ok($$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
                  VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
                          'a2e00000-0000-4000-8000-000000000000', 'repost') ON CONFLICT DO NOTHING$$,
                'the tenant''s 1.0-era code re-creates the retried activity, idempotently');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
                   VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
                           'a2e00000-0000-4000-8000-000000000000', 'repost')$$,
                 '23505', NULL, 'without ON CONFLICT it meets the unique key: the retry is not replaced');
SELECT lives_ok($$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
                  VALUES ('a0d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000',
                          'a2e00000-0000-4000-8000-000000000000', 'repost')$$,
                'the same insert for the never-claimed row');
RESET ROLE;
SELECT results_eq(
    $$SELECT post_id::text, id = pg_temp.e(1) OR id = pg_temp.e(2), attempt_number, origin FROM pod_amplify.pod_activities
      WHERE member_id = 'a2e00000-0000-4000-8000-000000000000' AND engagement_type = 'repost' ORDER BY post_id$$,
    $$VALUES ('a1b00000-0000-4000-8000-000000000000', true, 2, 'schedule'),
             ('a2b00000-0000-4000-8000-000000000000', false, 1, 'insert')$$,
    'the retried row is kept with its history; the never-claimed one was replaced by the explicit insert (1.0 behaviour)');
SELECT results_eq(
    $$SELECT accepted, reason, status FROM pod_amplify.report_activities('w1', ARRAY[pg_temp.e(1)], '{success}',
          '{https://www.linkedin.com/feed/update/urn:li:activity:7101/}')$$,
    $$VALUES (true, 'late success recorded', 'success'::text)$$,
    'w1''s late success is recorded, once');

-- 2. comment_text.
SET LOCAL ROLE tap_rules_tenant_role;
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, comment_text, scheduled_for)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment',
              repeat('x', 20000000), now() - interval '1 day')$$,
    '22023', 'comment rule: comment_text has 20000000 bytes, more than 3000 characters',
    'a 20 MB comment is refused by its size');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, comment_text)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment', repeat('é', 3001))$$,
    '22023', 'comment rule: comment_text has 3001 characters', 'so is one character over 3,000');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, comment_text)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', repeat('x', 50000))$$,
    '22023', 'comment rule: comment_text has 50000 bytes, more than 3000 characters',
    'a text on a row that is not a comment is handed out too: refused alike');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, comment_text)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment', E' \t ')$$,
    '22023', 'comment rule: comment_text is blank', 'a blank text');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, comment_text)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment', E'ok\x01ok')$$,
    '22023', 'comment rule: comment_text holds a control character', 'a control character');
SELECT lives_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, comment_text)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment',
              repeat('é', 2999) || E'\n')$$,
    '3,000 characters (two bytes each, a newline last) are taken');
RESET ROLE;
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET comment_text = repeat('x', 3001) WHERE id = pg_temp.e(3)$$,
                 '22023', 'comment rule: comment_text has 3001 characters', 'an update is held to it too, the owner''s included');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities WHERE length(comment_text) > 3000), 0,
          'no row holds a longer text');
SELECT results_eq(
    $$SELECT r.kind, (r.activity).action, length((r.activity).comment_text)
      FROM pod_amplify.report_and_claim('w3', '{}', '{}', NULL, 10) r ORDER BY 2$$,
    $$VALUES ('claim'::text, 'comment'::text, 3000), ('claim', 'repost', NULL)$$,
    'report_and_claim hands out what is due: the 3,000-character comment and the explicit repost');

-- 3. pods.settings.
SET LOCAL ROLE tap_rules_tenant_role;
SELECT throws_ok(
    $$UPDATE pod_amplify.pods SET settings = jsonb_build_object('app', repeat('x', 1048576))
      WHERE id = 'a0d00000-0000-4000-8000-000000000000'$$,
    '22023', 'invalid pods.settings: 1048591 bytes, at most 1048576', 'a settings object over 1 MiB is refused');
SELECT lives_ok(
    $$UPDATE pod_amplify.pods SET settings = jsonb_build_object('app', repeat('x', 1048560))
      WHERE id = 'a0d00000-0000-4000-8000-000000000000'$$, '1 MiB is taken');
RESET ROLE;
-- Two pods of A with different retry delays; one batch fails rows of both.
INSERT INTO pod_amplify.pods (id, client_id, name, settings) VALUES
    ('a9d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'pod A9',
     '{"retry_base_delay": "900s", "retry_jitter": 0, "active_hours": "00:00-24:00", "active_days": "mon-sun",
       "account_min_gap": 0}');
-- Every hour a working one and no gap: a retry comes due right after its delay.
UPDATE pod_amplify.pods SET settings = '{"retry_base_delay": "90s", "retry_jitter": 0, "active_hours": "00:00-24:00",
                                         "active_days": "mon-sun", "account_min_gap": 0}'
 WHERE id = 'a0d00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, role) VALUES
    ('a3e90000-0000-4000-8000-000000000000', 'a9d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'member');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('e1c00000-0000-4000-8000-000000000004', 'a9d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a3e90000-0000-4000-8000-000000000000', 'like', now() - interval '3 minutes'),
    ('e1c00000-0000-4000-8000-000000000005', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '2 minutes'),
    ('e1c00000-0000-4000-8000-000000000006', 'a9d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a3e90000-0000-4000-8000-000000000000', 'repost', now() - interval '1 minute');
SELECT results_eq($$SELECT id FROM pod_amplify.claim_activities('w4', 10) ORDER BY id$$,
                  ARRAY[pg_temp.e(4), pg_temp.e(5), pg_temp.e(6)], 'w4 claims the three');
SELECT results_eq(
    $$SELECT right(r.id::text, 1)::int, r.accepted, r.status
      FROM pod_amplify.report_activities('w4', ARRAY[pg_temp.e(4), pg_temp.e(5), pg_temp.e(6)], '{retry,retry,retry}',
                                         '{HTTP 429,HTTP 429,HTTP 429}') r ORDER BY r.id$$,
    $$VALUES (4, true, 'pending'::text), (5, true, 'pending'), (6, true, 'pending')$$,
    'one batch re-queues rows of both pods');
SELECT results_eq(
    $$SELECT right(id::text, 1)::int, round(extract(epoch FROM scheduled_for - now()) / 10) * 10
      FROM pod_amplify.pod_activities WHERE id IN (pg_temp.e(4), pg_temp.e(5), pg_temp.e(6)) ORDER BY id$$,
    $$VALUES (4, 900::numeric), (5, 90), (6, 900)$$,
    'each retry is delayed by its own pod''s retry_base_delay (900 s, 90 s, 900 s), rows of one pod sharing one read');

UPDATE pod_amplify.pods SET settings = settings || '{"lease_duration": "2min"}' WHERE id = 'a0d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pods SET settings = settings || '{"lease_duration": "7min"}' WHERE id = 'a9d00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 minute' WHERE id IN (pg_temp.e(4), pg_temp.e(5), pg_temp.e(6));
SELECT results_eq(
    $$SELECT right(id::text, 1)::int, round(extract(epoch FROM lease_expires_at - now()) / 60)
      FROM pod_amplify.claim_activities('w5', 10) ORDER BY id$$,
    $$VALUES (4, 7::numeric), (5, 2), (6, 7)$$,
    'a claim without p_lease gives each row its own pod''s lease_duration (7, 2, 7 minutes)');

-- 4. Sizes of what workers read with a row.
SET LOCAL ROLE tap_rules_tenant_role;
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, error_message)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', repeat('e', 8193))$$,
    '22023', 'size rule: pod_activities.error_message is 8193 bytes, at most 8192', 'an error_message over 8 KiB');
SELECT throws_ok(
    $$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action, status, executed_at, repost_url)
      VALUES ('a2b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', 'success', now(),
              'https://www.linkedin.com/feed/update/' || repeat('u', 2049))$$,
    '22023', 'size rule: pod_activities.repost_url is 2086 bytes, at most 2048', 'a repost_url over 2,048 bytes');
SELECT throws_ok(
    $$UPDATE pod_amplify.posts SET linkedin_post_url = 'https://www.linkedin.com/feed/update/' || repeat('u', 250000)
      WHERE id = 'a2b00000-0000-4000-8000-000000000000'$$,
    '22023', 'size rule: posts.linkedin_post_url is 250037 bytes, at most 2048', 'a post URL of 250 kB');
SELECT lives_ok(
    $$UPDATE pod_amplify.posts SET linkedin_post_url = 'https://www.linkedin.com/feed/update/urn:li:activity:7102/'
      WHERE id = 'a2b00000-0000-4000-8000-000000000000'$$, 'a real one');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
