-- Every engine function refuses every bad argument with its documented SQLSTATE.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipileA2zz' WHERE id = 'a2a00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('a2b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'draft');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('a1c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute'),
    ('a2c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'comment', now() + interval '1 day');
INSERT INTO pod_amplify.users (id, client_id, email) VALUES
    ('b2000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2@t');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id) VALUES
    ('b2e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status, scheduled_for) VALUES
    ('b1c00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', 'pending', now() - interval '1 minute');
SELECT plan(78);

-- schedule_post
SELECT throws_ok($$SELECT pod_amplify.schedule_post(NULL)$$, '22004', 'schedule_post: p_post_id must not be NULL', 'schedule_post: NULL post');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', NULL)$$, '22004', 'schedule_post: p_action must not be NULL', 'schedule_post: NULL action');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'share')$$, '22023', 'schedule_post: p_action must be like, comment or repost, not "share"', 'schedule_post: bad action');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', '')$$, '22023', 'schedule_post: p_action must be like, comment or repost, not ""', 'schedule_post: empty action');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', repeat('x', 1000000))$$, '22023', NULL, 'schedule_post: 1 MB action');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like', NULL)$$, '22004', 'schedule_post: p_not_before must not be NULL', 'schedule_post: NULL time');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like', 'infinity')$$, '22023', 'schedule_post: p_not_before must be finite', 'schedule_post: infinity');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like', '-infinity')$$, '22023', 'schedule_post: p_not_before must be finite', 'schedule_post: -infinity');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like', now() - interval '3660 days')$$, '22023', NULL, 'schedule_post: more than ten years back');
SELECT lives_ok($$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like', now() - interval '3600 days')$$, 'schedule_post: nearly ten years back is accepted (backdated history)');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('f0b00000-0000-4000-8000-000000000000')$$, 'P0002', 'no such post: f0b00000-0000-4000-8000-000000000000', 'schedule_post: unknown post');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000')$$, '55000', 'schedule rule: post a2b00000-0000-4000-8000-000000000000 is draft; only published posts are amplified', 'schedule_post: draft');

-- claim_activities
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities(NULL)$$, '22004', 'claim_activities: p_worker must not be NULL', 'claim: NULL worker');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('')$$, '22023', 'claim_activities: p_worker must be 1 to 200 bytes, not 0', 'claim: empty worker');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities(repeat('w', 1000000))$$, '22023', 'claim_activities: p_worker must be 1 to 200 bytes, not 1000000', 'claim: 1 MB worker');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', NULL)$$, '22004', 'claim_activities: p_limit must not be NULL', 'claim: NULL limit');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 0)$$, '22023', 'claim_activities: p_limit must be between 1 and 1000, not 0', 'claim: limit 0');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', -2147483648)$$, '22023', 'claim_activities: p_limit must be between 1 and 1000, not -2147483648', 'claim: negative limit');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 1001)$$, '22023', 'claim_activities: p_limit must be between 1 and 1000, not 1001', 'claim: limit too big');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 1, '0 seconds')$$, '22023', 'claim_activities: p_lease must be more than 0 and at most 86400 seconds, not 0', 'claim: zero lease');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 1, '-5 minutes')$$, '22023', 'claim_activities: p_lease must be more than 0 and at most 86400 seconds, not -300', 'claim: negative lease');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 1, '2 days')$$, '22023', 'claim_activities: p_lease must be more than 0 and at most 86400 seconds, not 172800', 'claim: lease too long');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 1, '1 day 1 microsecond')$$, '22023', 'claim_activities: p_lease must be more than 0 and at most 86400 seconds, not 86400.000001', 'claim: a lease a microsecond too long is shown as it is');
SELECT throws_ok($$SELECT * FROM pod_amplify.claim_activities('w', 1, '1 month')$$, '22023', 'claim_activities: p_lease must be a finite interval of days, hours, minutes or seconds', 'claim: lease in months');

-- complete_activity / complete_activities
SELECT throws_ok($$SELECT pod_amplify.complete_activity(NULL)$$, '22004', 'complete_activity: p_activity_id must not be NULL', 'complete: NULL id');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('f0c00000-0000-4000-8000-000000000000')$$, 'P0002', 'no such activity: f0c00000-0000-4000-8000-000000000000', 'complete: unknown id');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000000', 'https://evil.io/x')$$, '22023', 'complete_activity: p_repost_url "https://evil.io/x" is not an http(s) URL on linkedin.com', 'complete: foreign URL');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000000', repeat('u', 1000000))$$, '22023', 'complete_activity: p_repost_url is longer than 2048 bytes', 'complete: 1 MB URL');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000000', NULL, '')$$, '22023', 'complete_activity: p_worker must be 1 to 200 bytes, not 0', 'complete: empty worker');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('a1c00000-0000-4000-8000-000000000000', NULL, 'nobody')$$, '55000', 'lease rule: worker "nobody" does not hold a live lease on activity a1c00000-0000-4000-8000-000000000000, so it cannot complete it', 'complete: worker without lease');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(NULL)$$, '22004', 'complete_activities: p_ids must not be NULL', 'complete_activities: NULL ids');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(ARRAY['a1c00000-0000-4000-8000-000000000000', NULL]::uuid[])$$, '22004', 'complete_activities: p_ids must not hold NULL (element 2)', 'complete_activities: NULL element');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(ARRAY['a1c00000-0000-4000-8000-000000000000']::uuid[], ARRAY['https://www.linkedin.com/a', 'https://www.linkedin.com/b'])$$, '22023', 'complete_activities: p_repost_urls has 2 elements, p_ids 1', 'complete_activities: length mismatch');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(ARRAY[['a1c00000-0000-4000-8000-000000000000']]::uuid[])$$, '22023', 'complete_activities: p_ids must be one-dimensional', 'complete_activities: 2-D array');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(array_fill('a1c00000-0000-4000-8000-000000000000'::uuid, ARRAY[10001]))$$, '22023', 'complete_activities: p_ids holds 10001 ids, more than 10000', 'complete_activities: too many');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(ARRAY['a1c00000-0000-4000-8000-000000000000', 'f0c00000-0000-4000-8000-000000000000']::uuid[])$$, 'P0002', 'no such activity: f0c00000-0000-4000-8000-000000000000', 'complete_activities: one unknown id');
SELECT is((SELECT status FROM pod_amplify.pod_activities WHERE id = 'a1c00000-0000-4000-8000-000000000000'), 'pending', 'a refused batch completed nothing');
SELECT is((SELECT count(*)::int FROM pod_amplify.complete_activities('{}'::uuid[])), 0, 'complete_activities: an empty batch is fine');

-- fail_activity / fail_activities
SELECT throws_ok($$SELECT pod_amplify.fail_activity(NULL, 'x')$$, '22004', 'fail_activity: p_activity_id must not be NULL', 'fail: NULL id');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000000', NULL)$$, '22004', 'fail_activity: p_error must not be NULL', 'fail: NULL error');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000000', 'x', NULL)$$, '22004', 'fail_activity: p_retryable must not be NULL', 'fail: NULL retryable');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000000', '')$$, '22023', 'fail_activity: p_error must not be empty', 'fail: empty error');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000000', repeat('e', 8193))$$, '22023', 'fail_activity: p_error is 8193 bytes, more than 8192', 'fail: huge error');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('f0c00000-0000-4000-8000-000000000000', 'x')$$, 'P0002', 'no such activity: f0c00000-0000-4000-8000-000000000000', 'fail: unknown id');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('a1c00000-0000-4000-8000-000000000000', 'x', true, 'nobody')$$, '55000', 'lease rule: worker "nobody" does not hold a live lease on activity a1c00000-0000-4000-8000-000000000000, so it cannot fail it', 'fail: worker without lease');
SELECT throws_ok($$SELECT * FROM pod_amplify.fail_activities(ARRAY['a1c00000-0000-4000-8000-000000000000']::uuid[], ARRAY['a', 'b'])$$, '22023', 'fail_activities: p_errors has 2 elements, p_ids 1', 'fail_activities: length mismatch');
SELECT throws_ok($$SELECT * FROM pod_amplify.fail_activities(ARRAY['a1c00000-0000-4000-8000-000000000000']::uuid[], ARRAY[NULL]::text[])$$, '22004', 'fail_activities: p_errors must not hold NULL (element 1)', 'fail_activities: NULL error element');
SELECT throws_ok($$SELECT * FROM pod_amplify.fail_activities(ARRAY['a1c00000-0000-4000-8000-000000000000', 'a1c00000-0000-4000-8000-000000000000']::uuid[], ARRAY['a', 'b'])$$, '22023', 'fail_activities: p_ids names an activity twice (elements 1 and 2)', 'fail_activities: duplicate id');
SELECT throws_ok($$SELECT * FROM pod_amplify.fail_activities(NULL, ARRAY['a'])$$, '22004', 'fail_activities: p_ids must not be NULL', 'fail_activities: NULL ids');

-- retry_activity / extend_lease / retry_delay
SELECT throws_ok($$SELECT pod_amplify.retry_activity(NULL)$$, '22004', 'retry_activity: p_activity_id must not be NULL', 'retry: NULL id');
SELECT throws_ok($$SELECT pod_amplify.retry_activity('a1c00000-0000-4000-8000-000000000000', NULL)$$, '22004', 'retry_activity: p_extra_attempts must not be NULL', 'retry: NULL extra');
SELECT throws_ok($$SELECT pod_amplify.retry_activity('a1c00000-0000-4000-8000-000000000000', 0)$$, '22023', 'retry_activity: p_extra_attempts must be between 1 and 100, not 0', 'retry: 0 extra');
SELECT throws_ok($$SELECT pod_amplify.retry_activity('a1c00000-0000-4000-8000-000000000000', 101)$$, '22023', 'retry_activity: p_extra_attempts must be between 1 and 100, not 101', 'retry: 101 extra');
SELECT throws_ok($$SELECT pod_amplify.retry_activity('a1c00000-0000-4000-8000-000000000000')$$, '55000', 'activity state rule: activity a1c00000-0000-4000-8000-000000000000 is pending; only failed activities are re-queued', 'retry: pending activity');
SELECT throws_ok($$SELECT pod_amplify.retry_activity('f0c00000-0000-4000-8000-000000000000')$$, 'P0002', 'no such activity: f0c00000-0000-4000-8000-000000000000', 'retry: unknown id');
SELECT throws_ok($$SELECT pod_amplify.extend_lease(NULL, 'w')$$, '22004', 'extend_lease: p_activity_id must not be NULL', 'extend: NULL id');
SELECT throws_ok($$SELECT pod_amplify.extend_lease('a1c00000-0000-4000-8000-000000000000', NULL)$$, '22004', 'extend_lease: p_worker must not be NULL', 'extend: NULL worker');
SELECT throws_ok($$SELECT pod_amplify.extend_lease('a1c00000-0000-4000-8000-000000000000', 'w', '-1 second')$$, '22023', 'extend_lease: p_lease must be more than 0 and at most 86400 seconds, not -1', 'extend: negative lease');
SELECT throws_ok($$SELECT pod_amplify.extend_lease('a1c00000-0000-4000-8000-000000000000', 'w')$$, '55000', 'lease rule: worker "w" does not hold a live lease on activity a1c00000-0000-4000-8000-000000000000, so it cannot extend the lease of it', 'extend: not leased');
SELECT throws_ok($$SELECT pod_amplify.retry_delay(NULL)$$, '22004', 'retry_delay: p_attempt must not be NULL', 'retry_delay: NULL');
SELECT throws_ok($$SELECT pod_amplify.retry_delay(0)$$, '22023', 'retry delay: attempt must be 1 or more, not 0', 'retry_delay: 0');
SELECT throws_ok($$SELECT pod_amplify.retry_delay(-2147483648)$$, '22023', 'retry delay: attempt must be 1 or more, not -2147483648', 'retry_delay: most negative');

-- activity_stats, setting_value, backfill, normalize_linkedin_url
SELECT throws_ok($$SELECT * FROM pod_amplify.activity_stats(NULL)$$, '22004', 'activity_stats: p_scope must not be NULL', 'stats: NULL scope');
SELECT throws_ok($$SELECT * FROM pod_amplify.activity_stats('team')$$, '22023', 'activity_stats: p_scope must be client, pod or member, not "team"', 'stats: bad scope');
SELECT throws_ok($$SELECT pod_amplify.setting_value(NULL, 'nope')$$, '22023', 'setting_value: unknown setting "nope"', 'setting_value: unknown setting');
SELECT throws_ok($$SELECT pod_amplify.setting_value('{}', NULL)$$, '22004', 'setting_value: p_name must not be NULL', 'setting_value: NULL name');
SELECT is(pod_amplify.setting_value('{"retry_jitter": [1]}', 'retry_jitter'), 0.2::float8, 'setting_value: an invalid override (written before it was checked) reads as the session''s value, never an error');
SELECT throws_ok($$SELECT pod_amplify.backfill(NULL)$$, '22004', 'backfill: p_batch must not be NULL', 'backfill: NULL');
SELECT throws_ok($$SELECT pod_amplify.backfill(0)$$, '22023', 'backfill: p_batch must be between 1 and 1000000, not 0', 'backfill: 0');
SELECT throws_ok($$SELECT pod_amplify.normalize_linkedin_url('https://www.linkedin.com/in/' || repeat('a', 1000000))$$, '22023', NULL, 'normalize: 1 MB');

-- tenancy: another client's activity is refused, not reported missing
CREATE ROLE tap_engine_tenant;
GRANT USAGE ON SCHEMA pod_amplify TO tap_engine_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO tap_engine_tenant;
SET LOCAL ROLE tap_engine_tenant;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT throws_ok($$SELECT pod_amplify.complete_activity('b1c00000-0000-4000-8000-000000000000')$$, '42501', 'tenancy rule: activity b1c00000-0000-4000-8000-000000000000 belongs to another client', 'complete: another client''s activity');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('b1b00000-0000-4000-8000-000000000000')$$, '42501', 'tenancy rule: post b1b00000-0000-4000-8000-000000000000 belongs to another client', 'schedule: another client''s post');
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('tenant-worker', 10)), 1, 'a tenant claims only its own due activities');
RESET ROLE;
SELECT is((SELECT status FROM pod_amplify.pod_activities WHERE id = 'b1c00000-0000-4000-8000-000000000000'), 'pending', 'the other client''s activity is untouched');


-- the state machine holds for legacy rows and direct SQL too
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status)
VALUES ('a3c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'repost', 'completed');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET status = 'pending' WHERE id = 'a3c00000-0000-4000-8000-000000000000'$$,
    '55000', 'activity state rule: activity a3c00000-0000-4000-8000-000000000000 cannot go from completed to pending: completed is terminal',
    'a legacy completed row cannot go back to pending');

-- a worker role with BYPASSRLS claims every tenant's due activities
CREATE ROLE tap_engine_worker BYPASSRLS;
GRANT USAGE ON SCHEMA pod_amplify TO tap_engine_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO tap_engine_worker;
UPDATE pod_amplify.pod_activities SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = 'tenant-worker';
SET LOCAL ROLE tap_engine_worker;
SELECT is((SELECT array_agg(client_id ORDER BY client_id)::text FROM pod_amplify.claim_activities('bypass-worker', 10)),
          '{a0000000-0000-4000-8000-000000000000,b0000000-0000-4000-8000-000000000000}', 'a BYPASSRLS worker claims across tenants');
SELECT is((SELECT count(*)::int FROM pod_amplify.complete_activities(
              ARRAY(SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'bypass-worker'), NULL, 'bypass-worker')
           WHERE status = 'success'), 2, 'and completes them');
RESET ROLE;
SELECT is((SELECT sum(participation_score)::int FROM pod_amplify.pod_members WHERE id IN ('a2e00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000')),
          2, 'each tenant''s member got its point');

SELECT * FROM finish();
ROLLBACK;
