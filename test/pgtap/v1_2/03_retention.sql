-- Retention (1.2): archive_activities() moves old finished activities out of
-- the hot table; stats, scores, schedule_post's idempotency and tenant
-- isolation come out the same, and only the engine writes the archive.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
SET LOCAL pod_amplify.retry_jitter = 0;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipile' || left(id::text, 3) || 'xxxx';
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid, 'a0000000-0000-4000-8000-000000000000',
       'a1000000-0000-4000-8000-000000000000', 'published' FROM generate_series(2, 9) n;
CREATE FUNCTION pg_temp.a(p_n int) RETURNS uuid LANGUAGE sql AS $$ SELECT ('a1c00000-0000-4000-8000-00000000000' || p_n)::uuid $$;
-- Member A2's likes, one post each: 1-4 finished 40 days ago (3 success, 1 failed),
-- 5 finished 40 days ago but scheduled yesterday, 6 succeeded yesterday,
-- 7 pending since 40 days (never finished), 8 claimed and leased, 9 due 40 days
-- ago and failed today (its worker's late success is still to be accepted).
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for, max_attempts)
SELECT pg_temp.a(n), 'a0d00000-0000-4000-8000-000000000000',
       CASE WHEN n = 1 THEN 'a1b00000-0000-4000-8000-000000000000'::uuid ELSE ('a' || n || 'b00000-0000-4000-8000-000000000000')::uuid END,
       'a2e00000-0000-4000-8000-000000000000', 'like',
       now() - CASE WHEN n IN (5, 6) THEN interval '1 day' ELSE interval '40 days' END, 1
FROM generate_series(1, 9) n;
SELECT count(*) FROM pod_amplify.complete_activities(ARRAY[pg_temp.a(1), pg_temp.a(2), pg_temp.a(3), pg_temp.a(5), pg_temp.a(6)]);
SELECT count(*) FROM pod_amplify.fail_activity(pg_temp.a(4), 'HTTP 403', false);
SELECT count(*) FROM pod_amplify.fail_activity(pg_temp.a(9), 'HTTP 403', false);
UPDATE pod_amplify.pod_activities SET error_history = jsonb_set(error_history, '{-1,at}', to_jsonb(now() - interval '39 days'))
WHERE id = pg_temp.a(4);
UPDATE pod_amplify.pod_activities SET executed_at = now() - interval '39 days' WHERE id IN (pg_temp.a(1), pg_temp.a(2), pg_temp.a(3), pg_temp.a(5));
UPDATE pod_amplify.pod_activities SET executed_at = now() - interval '1 day' WHERE id = pg_temp.a(6);
UPDATE pod_amplify.pod_activities SET status = 'success', executed_at = now() - interval '39 days',
       lease_owner = 'w1', lease_expires_at = now() + interval '1 hour' WHERE id = pg_temp.a(8);
-- Client B: one success 40 days ago, on a post by another of B's users.
INSERT INTO pod_amplify.users (id, client_id, email) VALUES ('b2000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2@t');
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
VALUES ('b2b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000', 'published');
UPDATE pod_amplify.pod_members SET linkedin_account_id = NULL, unipile_account_id = 'unipileB1xxxx'
WHERE id = 'b1e00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('b1c00000-0000-4000-8000-000000000001', 'b0d00000-0000-4000-8000-000000000000', 'b2b00000-0000-4000-8000-000000000000',
        'b1e00000-0000-4000-8000-000000000000', 'repost', now() - interval '40 days');
SELECT count(*) FROM pod_amplify.complete_activity('b1c00000-0000-4000-8000-000000000001');
UPDATE pod_amplify.pod_activities SET executed_at = now() - interval '39 days' WHERE id = 'b1c00000-0000-4000-8000-000000000001';

CREATE TEMP TABLE stats_before AS
SELECT s.* FROM unnest(ARRAY['client', 'pod', 'member']) sc, pod_amplify.activity_stats(sc) s;
CREATE TEMP TABLE scores_before AS SELECT id, participation_score FROM pod_amplify.pod_members;

CREATE ROLE tap_retention_tenant;
GRANT USAGE ON SCHEMA pod_amplify TO tap_retention_tenant;
GRANT SELECT ON pod_amplify.pod_activities, pod_amplify.pod_activities_archive, pod_amplify.pods TO tap_retention_tenant;
-- A tenant API role with the README's grants but none on the archive: it schedules all the same.
CREATE ROLE tap_retention_scheduler;
GRANT USAGE ON SCHEMA pod_amplify TO tap_retention_scheduler;
GRANT SELECT ON pod_amplify.clients TO tap_retention_scheduler;
GRANT SELECT, INSERT, UPDATE, DELETE ON pod_amplify.users, pod_amplify.linkedin_accounts, pod_amplify.pods,
    pod_amplify.pod_members, pod_amplify.posts TO tap_retention_scheduler;
GRANT SELECT, INSERT ON pod_amplify.pod_activities TO tap_retention_scheduler;
-- A careless operator's grant: everything on the archive.
CREATE ROLE tap_retention_careless;
GRANT USAGE ON SCHEMA pod_amplify TO tap_retention_careless;
GRANT ALL ON pod_amplify.pod_activities_archive TO tap_retention_careless;
GRANT EXECUTE ON FUNCTION pod_amplify.current_client_id() TO tap_retention_careless;

SELECT plan(34);

-- Arguments.
SELECT throws_ok($$SELECT pod_amplify.archive_activities(NULL)$$, '22004',
                 'archive_activities: p_older_than and p_limit must not be NULL', 'NULL age: 22004');
SELECT throws_ok($$SELECT pod_amplify.archive_activities('30 days', NULL)$$, '22004', NULL, 'NULL limit: 22004');
SELECT throws_ok($$SELECT pod_amplify.archive_activities('23 hours')$$, '22023',
                 'archive_activities: p_older_than must be between 1 day and 100 years, not 23:00:00',
                 'younger than a day (the caps'' window): 22023 naming the value');
SELECT throws_ok($$SELECT pod_amplify.archive_activities('1000 years')$$, '22023', NULL, 'past 100 years: 22023');
SELECT throws_ok($$SELECT pod_amplify.archive_activities('30 days', 0)$$, '22023',
                 'archive_activities: p_limit must be between 1 and 1000000, not 0', 'limit 0: 22023');
SELECT throws_ok($$SELECT pg_catalog.set_config('transaction_read_only', 'on', true), pod_amplify.archive_activities()$$,
                 '25006', 'archive_activities cannot run in a read-only transaction: it moves rows',
                 'on a standby (read-only transaction): 25006 naming the function');
SET LOCAL ROLE tap_retention_tenant;
SELECT throws_ok($$SELECT pod_amplify.archive_activities()$$, '42501', NULL, 'a tenant cannot archive');
RESET ROLE;

-- The move: the limit holds, then the rest; only old finished rows without a lease.
SELECT is(pod_amplify.archive_activities('30 days', 2), 2, 'p_limit bounds one call');
SELECT is(pod_amplify.archive_activities('30 days'), 3, 'the next call moves the rest');
SELECT is(pod_amplify.archive_activities('30 days'), 0, 'then nothing is left to move');
SELECT results_eq($$SELECT id FROM pod_amplify.pod_activities_archive ORDER BY id$$,
                  $$VALUES (pg_temp.a(1)), (pg_temp.a(2)), (pg_temp.a(3)), (pg_temp.a(4)),
                           ('b1c00000-0000-4000-8000-000000000001'::uuid)$$,
                  'archived: the old successes and the old failure of both clients');
SELECT results_eq($$SELECT id FROM pod_amplify.pod_activities ORDER BY id$$,
                  $$VALUES (pg_temp.a(5)), (pg_temp.a(6)), (pg_temp.a(7)), (pg_temp.a(8)), (pg_temp.a(9))$$,
                  'kept: scheduled or executed within the age, pending, leased, failed today though due long ago');
SELECT results_eq($$SELECT client_id, user_id, action, status, attempt_number FROM pod_amplify.pod_activities_archive ORDER BY id$$,
                  $$VALUES ('a0000000-0000-4000-8000-000000000000'::uuid, 'a2000000-0000-4000-8000-000000000000'::uuid, 'like', 'success', 1),
                           ('a0000000-0000-4000-8000-000000000000'::uuid, 'a2000000-0000-4000-8000-000000000000'::uuid, 'like', 'success', 1),
                           ('a0000000-0000-4000-8000-000000000000'::uuid, 'a2000000-0000-4000-8000-000000000000'::uuid, 'like', 'success', 1),
                           ('a0000000-0000-4000-8000-000000000000'::uuid, 'a2000000-0000-4000-8000-000000000000'::uuid, 'like', 'failed', 1),
                           ('b0000000-0000-4000-8000-000000000000'::uuid, 'b1000000-0000-4000-8000-000000000000'::uuid, 'repost', 'success', 1)$$,
                  'each archived row keeps its client (backfilled or not), user, action, status and attempts');

-- An id names one activity, live or archived: an insert may not reuse an
-- archived one (that row could never be archived, and every call would read
-- past it), whoever inserts it and whichever client archived it.
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status, scheduled_for, executed_at)
                   VALUES (pg_temp.a(1), 'a0d00000-0000-4000-8000-000000000000', 'a9b00000-0000-4000-8000-000000000000',
                           'a2e00000-0000-4000-8000-000000000000', 'repost', 'success', now() - interval '40 days', now() - interval '40 days')$$,
                 '23505', 'activity id rule: activity a1c00000-0000-4000-8000-000000000001 is already archived',
                 'the owner cannot insert an archived id again: 23505');
SET LOCAL ROLE tap_retention_scheduler;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status, scheduled_for)
                   VALUES (pg_temp.a(2), 'a0d00000-0000-4000-8000-000000000000', 'a9b00000-0000-4000-8000-000000000000',
                           'a2e00000-0000-4000-8000-000000000000', 'repost', 'success', now() - interval '40 days')$$,
                 '23505', 'activity id rule: activity a1c00000-0000-4000-8000-000000000002 is already archived',
                 'nor a tenant its own archived id, without any grant on the archive');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type)
                   VALUES ('b1c00000-0000-4000-8000-000000000001', 'a0d00000-0000-4000-8000-000000000000',
                           'a8b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'repost')$$,
                 '23505', 'activity id rule: activity b1c00000-0000-4000-8000-000000000001 is already archived',
                 'nor another client''s archived id (what the primary key already tells, no more)');
RESET ROLE;
SELECT is(pod_amplify.archive_activities('30 days'), 0, 'nothing was written, nothing more to move');
SELECT throws_ok($$SELECT pod_amplify.archive_activities('1 month -40 days')$$, '22023', NULL,
                 'an interval that reaches less than a day back, months included: 22023');

-- What depends on the history is unchanged.
SELECT set_eq($$SELECT s.* FROM unnest(ARRAY['client', 'pod', 'member']) sc, pod_amplify.activity_stats(sc) s$$,
              $$SELECT * FROM stats_before$$, 'activity_stats per client, pod and member: the same rows before and after');
SELECT set_eq($$SELECT id, participation_score FROM pod_amplify.pod_members$$, $$SELECT * FROM scores_before$$,
              'participation scores unchanged');
SET LOCAL ROLE tap_retention_scheduler;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT is(pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'like'), 0,
          'schedule_post: the archived like of A2 on post 1 still counts as done (idempotent per action), for a tenant without grants on the archive');
SELECT is(pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'repost'), 1,
          'another action on the same post is still scheduled');
RESET ROLE;

-- Tenants read their own archive only.
SET LOCAL ROLE tap_retention_tenant;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities_archive), 4, 'tenant A sees its 4 archived rows');
SELECT results_eq($$SELECT success, failed, total FROM pod_amplify.activity_stats('client')$$, $$VALUES (6::bigint, 2::bigint, 10::bigint)$$,
                  'tenant A''s stats count its archived rows and its live ones, nothing of B''s');
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities_archive), 1, 'tenant B sees its 1 archived row');
RESET ROLE;

-- Only the engine writes it, whatever a tenant was granted.
SET LOCAL ROLE tap_retention_careless;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities_archive (id, client_id, post_id, member_id, user_id, action, status,
                       scheduled_for, created_at, attempt_number, max_attempts, error_history, origin)
                   VALUES (gen_random_uuid(), 'a0000000-0000-4000-8000-000000000000', 'a3b00000-0000-4000-8000-000000000000',
                           'a1e00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'repost', 'success',
                           now(), now(), 1, 1, '[]', 'schedule')$$,
                 '42501', 'pod_amplify: INSERT on pod_activities_archive is the engine''s (archive_activities), not role tap_retention_careless''s',
                 'a tenant granted INSERT cannot forge an archived action (it would stop schedule_post)');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities_archive SET status = 'failed'$$, '42501', NULL, 'nor UPDATE its own archived rows');
SELECT throws_ok($$DELETE FROM pod_amplify.pod_activities_archive$$, '42501', NULL, 'nor DELETE them');
SELECT throws_ok($$TRUNCATE pod_amplify.pod_activities_archive$$, '42501', NULL, 'nor TRUNCATE the archive');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities_archive), 5, 'the archive is as it was');

-- Backups keep it; deletes cascade into it like into pod_activities.
SELECT ok((SELECT 'pod_amplify.pod_activities_archive'::regclass = ANY (extconfig) FROM pg_extension WHERE extname = 'pod_amplify'),
          'pg_dump dumps the archive''s rows (extension configuration table)');
DELETE FROM pod_amplify.posts WHERE id = 'a2b00000-0000-4000-8000-000000000000';
SELECT results_eq($$SELECT id FROM pod_amplify.pod_activities_archive WHERE client_id = 'a0000000-0000-4000-8000-000000000000' ORDER BY id$$,
                  $$VALUES (pg_temp.a(1)), (pg_temp.a(3)), (pg_temp.a(4))$$,
                  'deleting a post deletes its archived activities too');

-- An archived action counts for its member's user now, as a live one does: a
-- member moved to another user does not do the same action on the post again.
INSERT INTO pod_amplify.users (id, client_id, email) VALUES
    ('a8000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a8@t'),
    ('a9000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a9@t');
INSERT INTO pod_amplify.pod_members (id, client_id, user_id, unipile_account_id)
VALUES ('a8e00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000',
        'a8000000-0000-4000-8000-000000000000', 'unipileA8xxxx');
INSERT INTO pod_amplify.pod_activities (id, post_id, member_id, client_id, action, scheduled_for)
VALUES ('a8c00000-0000-4000-8000-000000000001', 'a3b00000-0000-4000-8000-000000000000',
        'a8e00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'like', now() - interval '40 days');
SELECT count(*) FROM pod_amplify.complete_activity('a8c00000-0000-4000-8000-000000000001');
UPDATE pod_amplify.pod_activities SET executed_at = now() - interval '39 days' WHERE id = 'a8c00000-0000-4000-8000-000000000001';
SELECT is(pod_amplify.archive_activities('30 days'), 1, 'member A8''s like on post 3, archived');
UPDATE pod_amplify.pod_members SET user_id = 'a9000000-0000-4000-8000-000000000000' WHERE id = 'a8e00000-0000-4000-8000-000000000000';
SELECT pod_amplify.schedule_post('a3b00000-0000-4000-8000-000000000000', 'like');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities
           WHERE post_id = 'a3b00000-0000-4000-8000-000000000000' AND member_id = 'a8e00000-0000-4000-8000-000000000000'), 0,
          'after its member moved to user A9, the archived like is not scheduled again for the same member and account');

SELECT * FROM finish();
ROLLBACK;
