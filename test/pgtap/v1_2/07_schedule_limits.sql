-- The planner's limits against what tenants and workers can do later (third
-- reviewer of the tenth session):
--  * a lapsed attempt is failed but may have acted on LinkedIn, and its late
--    success is recorded: the planner counts failed activities toward the gap
--    and the daily caps, so a late success never breaks them;
--  * a time zone is judged on write by the planner's own test: PostgreSQL also
--    takes POSIX strings such as 'XXX-25', whose 25-hour offset made every
--    schedule of the whole client fail; one written before (a restore, an
--    older version) plans as UTC instead of failing the post;
--  * retry_activity's re-queue comes due inside the member's working hours,
--    keeping the user's daily caps and gap, as schedule_post's placements do
--    (it took now() whatever the hour); it reads at most 5,000 of a user's
--    other activities (a user with more keeps now());
--  * a retry in a worker's call keeps now() + delay (SPEC): placing it there
--    would read every retried user's schedule in the worker's call, and one
--    tenant's users would cost every tenant's batch (fourth reviewer).
BEGIN;
SET LOCAL pod_amplify.auto_schedule = off;
SET LOCAL pod_amplify.retry_jitter = 0;
INSERT INTO pod_amplify.clients (id, name) VALUES ('c7000000-0000-4000-8000-000000000000', 'Seven');
INSERT INTO pod_amplify.users (id, client_id, email, timezone) VALUES
    ('c7100000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'author@seven', 'UTC'),
    ('c7200000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'member@seven', 'UTC');
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id) VALUES
    ('c71a0000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'seven_author'),
    ('c72a0000-0000-4000-8000-000000000000', 'c7200000-0000-4000-8000-000000000000', 'seven_member');
INSERT INTO pod_amplify.pods (id, client_id, name, settings) VALUES
    ('c70d0000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'pod seven',
     '{"member_daily_cap": 1, "active_hours": "00:00-24:00", "active_days": "mon-sun", "default_max_attempts": 1,
       "schedule_min_delay": 0, "schedule_max_delay": 60}');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role) VALUES
    ('c71e0000-0000-4000-8000-000000000000', 'c70d0000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'c71a0000-0000-4000-8000-000000000000', 'owner'),
    ('c72e0000-0000-4000-8000-000000000000', 'c70d0000-0000-4000-8000-000000000000', 'c7200000-0000-4000-8000-000000000000', 'c72a0000-0000-4000-8000-000000000000', 'member');
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('c7b10000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published'),
    ('c7b20000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published'),
    ('c7b30000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published');
CREATE FUNCTION pg_temp.member_act(p_post uuid) RETURNS uuid LANGUAGE sql AS
    $$ SELECT id FROM pod_amplify.pod_activities WHERE post_id = p_post AND member_id = 'c72e0000-0000-4000-8000-000000000000' $$;
SELECT plan(24);

-- 1. A lapsed attempt still counts.
SELECT is(pod_amplify.schedule_post('c7b10000-0000-4000-8000-000000000000', 'repost', now() - interval '10 minutes'), 1,
          'the member is scheduled for post 1');
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w1', 10)), 1, 'w1 claims it');
UPDATE pod_amplify.pod_activities SET lease_expires_at = now() - interval '1 second'
 WHERE id = pg_temp.member_act('c7b10000-0000-4000-8000-000000000000');
SELECT is(pod_amplify.reap_expired_leases(), 1, 'its lease lapses');
SELECT is((SELECT status FROM pod_amplify.pod_activities WHERE id = pg_temp.member_act('c7b10000-0000-4000-8000-000000000000')),
          'failed', 'with one attempt allowed, the lapse fails it');
SELECT is(pod_amplify.schedule_post('c7b20000-0000-4000-8000-000000000000', 'repost', now() - interval '10 minutes'), 1,
          'the member is scheduled for post 2');
SELECT cmp_ok((SELECT b.scheduled_for - a.scheduled_for
                 FROM pod_amplify.pod_activities a, pod_amplify.pod_activities b
                WHERE a.id = pg_temp.member_act('c7b10000-0000-4000-8000-000000000000')
                  AND b.id = pg_temp.member_act('c7b20000-0000-4000-8000-000000000000')),
              '>=', interval '24 hours', 'a daily cap of 1 counts the failed attempt: post 2 is a day later');
SELECT results_eq($$SELECT accepted, reason FROM pod_amplify.report_activities('w1',
                      ARRAY[pg_temp.member_act('c7b10000-0000-4000-8000-000000000000')], ARRAY['success'])$$,
                  $$VALUES (true, 'late success recorded'::text)$$,
                  'the lapsed attempt''s late success is recorded ...');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities
            WHERE member_id = 'c72e0000-0000-4000-8000-000000000000'
              AND scheduled_for < (SELECT scheduled_for FROM pod_amplify.pod_activities
                                    WHERE id = pg_temp.member_act('c7b10000-0000-4000-8000-000000000000')) + interval '24 hours'),
          1, '... and the cap still holds: one activity in the 24 hours from the first');

-- 2. Time zones: the planner's test on write.
SELECT throws_ok($$UPDATE pod_amplify.users SET timezone = 'XXX-25' WHERE id = 'c7200000-0000-4000-8000-000000000000'$$,
                 '22023', 'invalid time zone for user: "XXX-25" (UTC offset beyond 24 hours)',
                 'a POSIX zone 25 hours east is refused for a user');
SELECT throws_ok($$UPDATE pod_amplify.pods SET settings = settings || '{"default_timezone": "ZZZ+167"}'
                    WHERE id = 'c70d0000-0000-4000-8000-000000000000'$$,
                 '22023', NULL, 'and as a pod''s default_timezone');
SELECT throws_ok($$SET LOCAL pod_amplify.default_timezone = 'XXX-25'$$, '22023', NULL, 'and as the setting');
-- Written before this check (a restore loads rows as they are): planned as UTC.
SET LOCAL row_security = off;
UPDATE pod_amplify.users SET timezone = 'XXX-25' WHERE id = 'c7200000-0000-4000-8000-000000000000';
RESET row_security;
SELECT is(pod_amplify.schedule_post('c7b30000-0000-4000-8000-000000000000', 'like', now()), 1,
          'a legacy 25-hour zone no longer fails the schedule of the whole client');
SELECT lives_ok($$UPDATE pod_amplify.users SET timezone = 'Asia/Kolkata' WHERE id = 'c7200000-0000-4000-8000-000000000000'$$,
                'a real zone is taken as before');

-- 3. Retries and re-queues, for a third member of the pod (UTC).
INSERT INTO pod_amplify.users (id, client_id, email, timezone) VALUES
    ('c7300000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'third@seven', 'UTC');
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id) VALUES
    ('c73a0000-0000-4000-8000-000000000000', 'c7300000-0000-4000-8000-000000000000', 'seven_third');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role) VALUES
    ('c73e0000-0000-4000-8000-000000000000', 'c70d0000-0000-4000-8000-000000000000', 'c7300000-0000-4000-8000-000000000000', 'c73a0000-0000-4000-8000-000000000000', 'member');
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('c7b40000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published'),
    ('c7b50000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published'),
    ('c7b60000-0000-4000-8000-000000000000', 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published');
UPDATE pod_amplify.pods SET settings = settings || '{"retry_base_delay": 86400, "retry_max_delay": 86400, "retry_jitter": 0,
                                                     "default_max_attempts": 3}'
 WHERE id = 'c70d0000-0000-4000-8000-000000000000';
CREATE FUNCTION pg_temp.third_act(p_post uuid) RETURNS uuid LANGUAGE sql AS
    $$ SELECT id FROM pod_amplify.pod_activities WHERE post_id = p_post AND member_id = 'c73e0000-0000-4000-8000-000000000000' $$;
CREATE FUNCTION pg_temp.due(p_id uuid) RETURNS timestamptz LANGUAGE sql AS
    $$ SELECT scheduled_for FROM pod_amplify.pod_activities WHERE id = p_id $$;
\o /dev/null
SELECT pod_amplify.schedule_post('c7b40000-0000-4000-8000-000000000000', 'repost', now() - interval '10 minutes');
SELECT pod_amplify.schedule_post('c7b50000-0000-4000-8000-000000000000', 'repost', now() - interval '10 minutes');
\o
SELECT cmp_ok(pg_temp.due(pg_temp.third_act('c7b50000-0000-4000-8000-000000000000'))
              - pg_temp.due(pg_temp.third_act('c7b40000-0000-4000-8000-000000000000')), '>=', interval '24 hours',
              'with a daily cap of 1, post 5 comes a day after post 4');
SELECT ok(pg_temp.third_act('c7b40000-0000-4000-8000-000000000000') IN (SELECT id FROM pod_amplify.claim_activities('w3', 10)),
          'w3 claims post 4''s activity');
SELECT results_eq($$SELECT accepted FROM pod_amplify.report_activities('w3',
                      ARRAY[pg_temp.third_act('c7b40000-0000-4000-8000-000000000000')], ARRAY['retry'], ARRAY['HTTP 503'])$$,
                  ARRAY[true], 'w3 reports a 503: retry in a day');
SELECT is(pg_temp.due(pg_temp.third_act('c7b40000-0000-4000-8000-000000000000')), now() + interval '1 day',
          'a worker''s retry keeps now() + delay: no other tenant''s batch pays for reading this user''s schedule');
-- Working hours: one hour a day, two hours after the hour a 60 s retry would take.
SELECT format('{"member_daily_cap": 0, "retry_base_delay": 60, "retry_max_delay": 60, "active_hours": "%s:00-%s:00"}',
              lpad(h::text, 2, '0'), lpad((h + 1)::text, 2, '0')) AS hours_settings, h AS window_hour
  FROM (SELECT (extract(hour FROM (now() + interval '60 seconds') AT TIME ZONE 'UTC')::int + 2) % 24 AS h) s \gset
UPDATE pod_amplify.pods SET settings = settings || :'hours_settings'::jsonb WHERE id = 'c70d0000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('c7c60000-0000-4000-8000-000000000000', 'c70d0000-0000-4000-8000-000000000000', 'c7b60000-0000-4000-8000-000000000000',
     'c73e0000-0000-4000-8000-000000000000', 'repost', now() - interval '1 hour');
SELECT ok('c7c60000-0000-4000-8000-000000000000' IN (SELECT id FROM pod_amplify.claim_activities('w4', 10)),
          'w4 claims an activity inserted as due');
SELECT results_eq($$SELECT accepted FROM pod_amplify.report_activities('w4', ARRAY['c7c60000-0000-4000-8000-000000000000'::uuid],
                                                                      ARRAY['retry'], ARRAY['HTTP 429'])$$,
                  ARRAY[true], 'w4 reports a 429');
SELECT is(pg_temp.due('c7c60000-0000-4000-8000-000000000000'), now() + interval '60 seconds',
          'a 429 retry in a worker''s call comes due at now() + delay');
UPDATE pod_amplify.pod_activities SET status = 'failed', scheduled_for = now() - interval '1 hour'
 WHERE id = 'c7c60000-0000-4000-8000-000000000000';
SELECT is((pod_amplify.retry_activity('c7c60000-0000-4000-8000-000000000000')).status, 'pending', 'an operator re-queues it');
SELECT ok(extract(hour FROM pg_temp.due('c7c60000-0000-4000-8000-000000000000') AT TIME ZONE 'UTC') = :window_hour,
          'the re-queued activity comes due inside the member''s working hour, not now()');

-- 4. A user with more activities in the window than retry_activity reads.
SET LOCAL session_replication_role = replica;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT md5('seven' || g)::uuid, 'c7000000-0000-4000-8000-000000000000', 'c7100000-0000-4000-8000-000000000000', 'published'
FROM generate_series(1, 5001) g;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, client_id, engagement_type, action, scheduled_for)
SELECT 'c70d0000-0000-4000-8000-000000000000', md5('seven' || g)::uuid, 'c73e0000-0000-4000-8000-000000000000',
       'c7000000-0000-4000-8000-000000000000', 'like', 'like', now() + g * interval '1 minute'
FROM generate_series(1, 5001) g;
RESET session_replication_role;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('c7c70000-0000-4000-8000-000000000000', 'c70d0000-0000-4000-8000-000000000000', 'c7b60000-0000-4000-8000-000000000000',
     'c73e0000-0000-4000-8000-000000000000', 'like', now() - interval '1 hour');
UPDATE pod_amplify.pod_activities SET status = 'failed' WHERE id = 'c7c70000-0000-4000-8000-000000000000';
SELECT is((pod_amplify.retry_activity('c7c70000-0000-4000-8000-000000000000')).status, 'pending',
          'an operator re-queues an activity of the user with 5,001 others ahead');
SELECT is(pg_temp.due('c7c70000-0000-4000-8000-000000000000'), now(),
          'it keeps now(): that user''s activities are not all read');

SELECT * FROM finish();
ROLLBACK;
