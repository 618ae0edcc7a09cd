-- 1.0 constraints, unique keys, triggers, policies, functions and pg_dump registration.
BEGIN;
SELECT plan(30);

SELECT col_is_unique('pod_amplify', 'users', ARRAY['email']);
SELECT col_is_unique('pod_amplify', 'pod_members', ARRAY['pod_id', 'user_id']);
SELECT col_is_unique('pod_amplify', 'pod_activities', ARRAY['post_id', 'member_id', 'engagement_type']);
SELECT has_check('pod_amplify', 'linkedin_accounts', 'linkedin_accounts has a CHECK constraint');
SELECT has_check('pod_amplify', 'posts', 'posts has a CHECK constraint');
SELECT has_check('pod_amplify', 'pods', 'pods has a CHECK constraint');
SELECT has_check('pod_amplify', 'pod_members', 'pod_members has a CHECK constraint');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conname = 'pod_activities_status_check' AND conrelid = 'pod_amplify.pod_activities'::regclass),
          $$CHECK ((status = ANY (ARRAY['pending'::text, 'completed'::text, 'failed'::text])))$$,
          'pod_activities_status_check allows pending, completed, failed');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = 'pod_amplify.pod_activities'::regclass AND conname = 'pod_activities_engagement_type_check'),
          $$CHECK ((engagement_type = ANY (ARRAY['like'::text, 'comment'::text, 'repost'::text])))$$,
          'engagement_type is like, comment or repost');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = 'pod_amplify.linkedin_accounts'::regclass AND contype = 'c'),
          $$CHECK ((status = ANY (ARRAY['connected'::text, 'disconnected'::text, 'expired'::text])))$$,
          'linkedin account status is connected, disconnected or expired');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = 'pod_amplify.posts'::regclass AND contype = 'c'),
          $$CHECK ((status = ANY (ARRAY['draft'::text, 'scheduled'::text, 'published'::text, 'failed'::text])))$$,
          'post status is draft, scheduled, published or failed');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = 'pod_amplify.pods'::regclass AND contype = 'c'),
          'CHECK ((min_members >= 1))', 'min_members >= 1');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = 'pod_amplify.pod_members'::regclass AND contype = 'c'),
          $$CHECK ((role = ANY (ARRAY['owner'::text, 'member'::text])))$$, 'role is owner or member');
SELECT has_index('pod_amplify', 'pod_members', 'pod_members_one_owner_per_pod', 'one owner per pod, even under races');

SELECT triggers_are('pod_amplify', 'pod_members', ARRAY['pod_members_validate']);
SELECT triggers_are('pod_amplify', 'pod_activities', ARRAY['pod_activities_validate']);
SELECT trigger_is('pod_amplify', 'pod_members', 'pod_members_validate', 'pod_amplify', 'validate_membership');
SELECT trigger_is('pod_amplify', 'pod_activities', 'pod_activities_validate', 'pod_amplify', 'validate_activity');

SELECT policies_are('pod_amplify', 'clients', ARRAY['clients_tenant']);
SELECT policies_are('pod_amplify', 'users', ARRAY['users_tenant']);
SELECT policies_are('pod_amplify', 'linkedin_accounts', ARRAY['linkedin_accounts_tenant']);
SELECT policies_are('pod_amplify', 'posts', ARRAY['posts_tenant']);
SELECT policies_are('pod_amplify', 'pods', ARRAY['pods_tenant']);
SELECT policies_are('pod_amplify', 'pod_members', ARRAY['pod_members_tenant']);
SELECT policies_are('pod_amplify', 'pod_activities', ARRAY['pod_activities_tenant']);

SELECT function_returns('pod_amplify', 'current_user_id', ARRAY[]::text[], 'uuid');
SELECT function_returns('pod_amplify', 'current_client_id', ARRAY[]::text[], 'uuid');
SELECT is_definer('pod_amplify', 'current_client_id', ARRAY[]::text[]);
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = 'pod_amplify.current_client_id()'::regprocedure),
          ARRAY['search_path=pg_catalog, pg_temp'], 'the SECURITY DEFINER function pins search_path');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname)
           FROM pg_extension e, unnest(e.extconfig) AS cfg(oid) JOIN pg_class c ON c.oid = cfg.oid
           WHERE e.extname = 'pod_amplify'),
          ARRAY['clients', 'linkedin_accounts', 'pod_activities', 'pod_members', 'pods', 'posts', 'users'],
          'every table is registered with pg_extension_config_dump, so pg_dump keeps its rows');

SELECT * FROM finish();
ROLLBACK;
