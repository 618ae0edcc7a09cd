\set p random(1, 100)
\set u random(1, 1000)
UPDATE pod_amplify.pod_activities
SET attempt_number = attempt_number + 1, scheduled_for = now() + interval '60 seconds', error_message = 'HTTP 503',
    error_history = error_history || jsonb_build_array(jsonb_build_object('attempt', attempt_number, 'error', 'HTTP 503',
        'at', now(), 'worker', NULL, 'retryable', true, 'outcome', 'pending')),
    lease_owner = NULL, lease_expires_at = NULL
WHERE id = md5('bact' || :p || '.' || :u)::uuid;
