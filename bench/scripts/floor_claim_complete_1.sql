UPDATE pod_amplify.pod_activities SET lease_owner = 'bench-' || :client_id, lease_expires_at = now() + interval '5 minutes'
WHERE id = (SELECT id FROM pod_amplify.pod_activities
            WHERE status = 'pending' AND scheduled_for <= now() AND lease_owner IS NULL
            ORDER BY scheduled_for LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING quote_literal(id) AS aid \gset
UPDATE pod_amplify.pod_activities SET status = 'success', executed_at = now(), lease_owner = NULL, lease_expires_at = NULL
WHERE id = :aid;
