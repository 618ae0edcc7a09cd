-- One line a table: name, row count and an md5 over whole rows (every column of
-- the current version) in id order.
SELECT 'clients', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.clients t
UNION ALL SELECT 'users', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.users t
UNION ALL SELECT 'linkedin_accounts', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.linkedin_accounts t
UNION ALL SELECT 'posts', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.posts t
UNION ALL SELECT 'pods', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.pods t
UNION ALL SELECT 'pod_members', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.pod_members t
UNION ALL SELECT 'pod_activities', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.pod_activities t
UNION ALL SELECT 'pod_activities_archive', count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM pod_amplify.pod_activities_archive t;
