-- Rows whose backfilled 1.1 values differ from what the fixture implies (all
-- counts must be 0), and how many rows were checked.
\if :{?scale}
\else
\set scale 3
\endif
SELECT 'members_checked', count(*) FROM pod_amplify.pod_members
UNION ALL
SELECT 'members_wrong', count(*)
FROM generate_series(1, :scale) c, generate_series(1, 2) p, generate_series(1, 20) u
JOIN pod_amplify.pod_members m ON true
WHERE (p = 1 OR u % 2 = 0) AND m.id = md5('member' || c || '.' || p || '.' || u)::uuid
  AND (m.client_id IS DISTINCT FROM md5('client' || c)::uuid
       OR m.name IS DISTINCT FROM CASE WHEN u % 7 <> 0 THEN 'User ' || c || '.' || u END
       OR m.linkedin_url IS DISTINCT FROM CASE WHEN u <= 15 THEN 'https://www.linkedin.com/in/user-' || c || '-' || u END
       OR m.unipile_account_id IS DISTINCT FROM CASE WHEN u <= 15 THEN 'unipile' || lpad(c::text, 3, '0') || 'x' || lpad(u::text, 3, '0') END)
UNION ALL
SELECT 'members_matched', count(*)
FROM generate_series(1, :scale) c, generate_series(1, 2) p, generate_series(1, 20) u
JOIN pod_amplify.pod_members m ON true
WHERE (p = 1 OR u % 2 = 0) AND m.id = md5('member' || c || '.' || p || '.' || u)::uuid
UNION ALL
SELECT 'activities_checked', count(*) FROM pod_amplify.pod_activities
UNION ALL
SELECT 'activities_wrong', count(*)
FROM generate_series(1, :scale) c, generate_series(1, 2) n, generate_series(1, 20) u
JOIN pod_amplify.pod_activities a ON true
WHERE u <> n AND a.id = md5('activity' || c || '.' || n || '.' || u)::uuid
  AND (a.client_id IS DISTINCT FROM md5('client' || c)::uuid
       OR a.action IS DISTINCT FROM (ARRAY['like', 'comment', 'repost'])[1 + u % 3]
       OR a.engagement_type IS DISTINCT FROM (ARRAY['like', 'comment', 'repost'])[1 + u % 3]
       OR a.attempt_number <> 1 OR a.max_attempts <> 3 OR a.error_history <> '[]'
       OR a.lease_owner IS NOT NULL OR a.error_message IS NOT NULL OR a.repost_url IS NOT NULL);
