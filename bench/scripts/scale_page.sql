SELECT id, status, scheduled_for FROM pod_amplify.pod_activities ORDER BY scheduled_for DESC LIMIT 20;
