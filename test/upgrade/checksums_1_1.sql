-- One line a table: name, row count and an md5 over every 1.1 column, in id
-- order (the 1.0 columns and those 1.1 added; columns added later are left out).
SELECT 'clients', count(*), md5(string_agg(concat_ws(',', id, name, created_at), '|' ORDER BY id)) FROM pod_amplify.clients
UNION ALL
SELECT 'users', count(*), md5(string_agg(concat_ws(',', id, client_id, email, full_name, created_at), '|' ORDER BY id)) FROM pod_amplify.users
UNION ALL
SELECT 'linkedin_accounts', count(*), md5(string_agg(concat_ws(',', id, user_id, profile_url, unipile_account_id, status, created_at), '|' ORDER BY id)) FROM pod_amplify.linkedin_accounts
UNION ALL
SELECT 'posts', count(*), md5(string_agg(concat_ws(',', id, client_id, author_id, content, linkedin_post_url, status, published_at, created_at), '|' ORDER BY id)) FROM pod_amplify.posts
UNION ALL
SELECT 'pods', count(*), md5(string_agg(concat_ws(',', id, client_id, name, description, settings, min_members, auto_engage, created_at, updated_at), '|' ORDER BY id)) FROM pod_amplify.pods
UNION ALL
SELECT 'pod_members', count(*), md5(string_agg(concat_ws(',', id, pod_id, user_id, linkedin_account_id, role, participation_score, is_active, joined_at, created_at,
                                                         name, linkedin_url, unipile_account_id, client_id), '|' ORDER BY id)) FROM pod_amplify.pod_members
UNION ALL
SELECT 'pod_activities', count(*), md5(string_agg(concat_ws(',', id, pod_id, post_id, member_id, engagement_type, status, scheduled_for, executed_at, created_at,
                                                            action, attempt_number, max_attempts, error_message, repost_url, client_id, lease_owner,
                                                            lease_expires_at, error_history, origin), '|' ORDER BY id)) FROM pod_amplify.pod_activities
UNION ALL
SELECT 'backfill_progress', count(*), md5(string_agg(concat_ws(',', table_name, last_id, rows_done, finished_at), '|' ORDER BY table_name)) FROM pod_amplify.backfill_progress;
