-- Between the worker's passes: where each activity stands (scripts/demo.sh).
\pset footer off
\set QUIET 1
SELECT u.full_name AS member, a.action, a.status, a.attempt_number AS attempt, a.max_attempts AS "of",
       CASE WHEN a.status = 'pending' AND a.attempt_number > 1
            THEN 'retry in ' || greatest(0, round(extract(epoch FROM a.scheduled_for - now())))::text || ' s' END AS next,
       a.error_history -> -1 ->> 'error' AS last_error
FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY u.full_name, a.action;
