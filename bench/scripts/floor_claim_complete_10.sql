WITH c AS (
    UPDATE pod_amplify.pod_activities SET lease_owner = 'bench-' || :client_id, lease_expires_at = now() + interval '5 minutes'
    WHERE id IN (SELECT id FROM pod_amplify.pod_activities
                 WHERE status = 'pending' AND scheduled_for <= now() AND lease_owner IS NULL
                 ORDER BY scheduled_for LIMIT 10 FOR UPDATE SKIP LOCKED)
    RETURNING id)
SELECT COALESCE(quote_literal(array_agg(id)), '''{}''') AS ids FROM c \gset
UPDATE pod_amplify.pod_activities SET status = 'success', executed_at = now(), lease_owner = NULL, lease_expires_at = NULL
WHERE id = ANY (:ids::uuid[]);
