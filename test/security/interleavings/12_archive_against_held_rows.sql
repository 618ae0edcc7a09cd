-- archive_activities() is an operator's job for every tenant: rows another
-- session holds are passed over without stalling it and without using up its
-- batch. Tenant B, with the README's grants, holds its own pod open while it
-- has more old finished activities than one batch takes; an operator's session
-- holds one of A's activities FOR KEY SHARE. Each call still archives A's
-- other rows at once, and B's once B lets go. Under REPEATABLE READ it refuses.
\ir world.sql
SET pod_amplify.auto_schedule = off;
-- B: 6 finished activities 60 days old (the oldest); A: 3, 50 days old.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status, scheduled_for, executed_at)
SELECT format('bb0000%s-0000-4000-8000-000000000000', lpad(k::text, 2, '0'))::uuid, 'b1d00000-0000-4000-8000-000000000000',
       post::uuid, member::uuid, action, 'success', now() - interval '60 days' + k * interval '1 minute',
       now() - interval '60 days' + k * interval '1 minute'
FROM (VALUES (0, 'b1b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'like'),
             (1, 'b1b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'repost'),
             (2, 'b2b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'like'),
             (3, 'b2b00000-0000-4000-8000-000000000000', 'b3e00000-0000-4000-8000-000000000000', 'repost'),
             (4, 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like'),
             (5, 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'repost')) v(k, post, member, action);
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, status, scheduled_for, executed_at)
VALUES ('aa000001-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', 'success', now() - interval '50 days', now() - interval '50 days'),
       ('aa000002-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a2b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', 'failed', now() - interval '50 days', NULL),
       ('aa000003-0000-4000-8000-000000000000', 'a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'repost', 'success', now() - interval '50 days', now() - interval '50 days');
SELECT CASE WHEN count(*) = 9 THEN 'verdict: PASS' ELSE 'verdict: FAIL the fixture has ' || count(*) || ' activities, not 9' END
FROM pod_amplify.pod_activities;
SELECT pg_temp.open('tenant_b', 'b1000000-0000-4000-8000-000000000000');
SELECT dblink_connect('operator', format('dbname=%s host=%s port=%s user=%s', current_database(),
       split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'), current_user));
SELECT pg_temp.run('tenant_b', 'BEGIN');
SELECT pg_temp.run('tenant_b', $$SELECT id::text FROM pod_amplify.pods WHERE id = 'b1d00000-0000-4000-8000-000000000000' FOR UPDATE$$);
SELECT pg_temp.run('operator', 'BEGIN');
SELECT pg_temp.run('operator', $$SELECT id::text FROM pod_amplify.pod_activities WHERE id = 'aa000003-0000-4000-8000-000000000000' FOR KEY SHARE$$);
\ir outcome.sql
SET lock_timeout = '3s';
-- A batch of 2: B's 6 older rows are all held (their pod), A's 3rd is held.
SELECT CASE WHEN v = '2' THEN 'verdict: PASS' ELSE 'verdict: FAIL a batch of 2 while B holds its pod archived: ' || v END
FROM pg_temp.value_of($$SELECT pod_amplify.archive_activities('30 days', 2)::text$$) v;
SELECT CASE WHEN v = '0' THEN 'verdict: PASS' ELSE 'verdict: FAIL the next call archived: ' || v END
FROM pg_temp.value_of($$SELECT pod_amplify.archive_activities('30 days', 2)::text$$) v;
RESET lock_timeout;
SELECT CASE WHEN string_agg(left(id::text, 8), ' ' ORDER BY id) = 'aa000001 aa000002' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL archived: ' || COALESCE(string_agg(left(id::text, 8), ' ' ORDER BY id), 'none') END
FROM pod_amplify.pod_activities_archive;
SELECT pg_temp.run('tenant_b', 'COMMIT');
SELECT pg_temp.run('operator', 'COMMIT');
SELECT pod_amplify.archive_activities('30 days', 10) AS released \gset
SELECT CASE WHEN :released = 7 AND NOT EXISTS (SELECT FROM pod_amplify.pod_activities)
                 AND (SELECT count(*) FROM pod_amplify.pod_activities_archive) = 9
            THEN 'verdict: PASS' ELSE 'verdict: FAIL once released, the next call archived ' || :released || ' of 7' END;
-- Under REPEATABLE READ a tenant's committed edit would make the call fail
-- with 40001 for everyone: it refuses such a transaction up front.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT CASE WHEN v = 'ERROR: archive_activities must run under READ COMMITTED, not REPEATABLE READ' THEN 'verdict: PASS'
            ELSE 'verdict: FAIL under REPEATABLE READ: ' || v END
FROM pg_temp.value_of($$SELECT pod_amplify.archive_activities('30 days', 10)::text$$) v;
ROLLBACK;
SELECT pg_temp.rules_hold();
