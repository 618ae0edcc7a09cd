-- The end of the demo: the stats, one retried activity's history, and the
-- fake Unipile's count of actions against the recorded successes.
\pset footer off
\set QUIET 1
\echo '== The stats'
SELECT c.name AS client, s.pending, s.success, s.failed, s.total, s.success_rate
FROM pod_amplify.activity_stats('client') s JOIN pod_amplify.clients c ON c.id = s.id;
SELECT u.full_name AS member, m.participation_score, s.success, s.failed, s.success_rate
FROM pod_amplify.activity_stats('member') s JOIN pod_amplify.pod_members m ON m.id = s.id JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY u.full_name;
\echo '== Every attempt of an activity that needed more than one (error_history)'
SELECT e.attempt, e.kind, e.worker, e.outcome, e.error
FROM (SELECT error_history FROM pod_amplify.pod_activities WHERE jsonb_array_length(error_history) > 0
      ORDER BY jsonb_array_length(error_history) DESC, id LIMIT 1) a,
     jsonb_to_recordset(a.error_history) AS e(attempt int, kind text, worker text, outcome text, error text);
\echo '== Actions the fake Unipile performed vs successes recorded (equal: nothing lost, nothing twice)'
SELECT :actions AS "performed on LinkedIn", count(*) AS "recorded successes"
FROM pod_amplify.pod_activities WHERE status = 'success';
