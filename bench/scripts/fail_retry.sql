\set p random(1, 100)
\set u random(1, 1000)
SELECT status FROM pod_amplify.fail_activity(md5('bact' || :p || '.' || :u)::uuid, 'HTTP 503', true);
