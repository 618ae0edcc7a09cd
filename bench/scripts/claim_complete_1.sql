SELECT quote_literal(id) AS aid FROM pod_amplify.claim_activities('bench-' || :client_id, 1) \gset
SELECT status FROM pod_amplify.complete_activity(:aid, NULL, 'bench-' || :client_id);
