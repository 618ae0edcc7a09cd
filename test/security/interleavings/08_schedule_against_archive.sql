-- schedule_post waits for the post's row lock (a tenant editing the post)
-- while archive_activities() moves the post's finished activities to the
-- archive and commits: the schedule sees them there, and schedules no user a
-- second time for an action already done.
\ir world.sql
-- The post's reposts, done 40 days ago.
SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'repost') > 0 AS scheduled;
UPDATE pod_amplify.pod_activities SET status = 'success', executed_at = now() - interval '40 days',
       scheduled_for = now() - interval '40 days', lease_owner = NULL, lease_expires_at = NULL;
SELECT pg_temp.open('s1', 'a1000000-0000-4000-8000-000000000000'), pg_temp.open('s2', 'a1000000-0000-4000-8000-000000000000');
SELECT pg_temp.run('s1', 'BEGIN');
SELECT pg_temp.run('s1', $$UPDATE pod_amplify.posts SET content = 'typo fixed' WHERE id = 'a1b00000-0000-4000-8000-000000000000'$$);
SELECT dblink_send_query('s2', $$SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'repost')$$);
SELECT pg_sleep(0.5);
SELECT pod_amplify.archive_activities('30 days') > 0 AS archived;
SELECT pg_temp.run('s1', 'COMMIT');
SELECT pg_temp.result('s2');
SELECT CASE WHEN count(*) = 0 THEN 'verdict: PASS'
            ELSE 'verdict: FAIL scheduled again after archiving: ' || string_agg(h.user_id::text, ', ') END
FROM pod_amplify.pod_activities_archive h
JOIN pod_amplify.pod_activities a ON a.post_id = h.post_id AND COALESCE(a.action, a.engagement_type) = h.action
JOIN pod_amplify.pod_members m ON m.id = a.member_id AND m.user_id = h.user_id;
SELECT pg_temp.rules_hold();
