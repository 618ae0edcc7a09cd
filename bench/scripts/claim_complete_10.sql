SELECT COALESCE(quote_literal(array_agg(id)), '''{}''') AS ids FROM pod_amplify.claim_activities('bench-' || :client_id, 10) \gset
SELECT count(*) FROM pod_amplify.complete_activities(:ids, NULL, 'bench-' || :client_id);
