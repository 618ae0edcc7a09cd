-- The 1.1 catalog: every 1.0 column kept, the additive columns, constraints,
-- indexes, policies and functions. Run on fresh and on upgraded databases.
BEGIN;
SELECT plan(42);

SELECT columns_are('pod_amplify', 'pod_members', ARRAY[
    'id', 'pod_id', 'user_id', 'linkedin_account_id', 'role', 'participation_score', 'is_active', 'joined_at',
    'created_at', 'name', 'linkedin_url', 'unipile_account_id', 'client_id'], 'pod_members: 1.0 columns plus the 1.1 ones');
SELECT columns_are('pod_amplify', 'pod_activities', ARRAY[
    'id', 'pod_id', 'post_id', 'member_id', 'engagement_type', 'status', 'scheduled_for', 'executed_at', 'created_at',
    'action', 'attempt_number', 'max_attempts', 'error_message', 'repost_url', 'client_id', 'lease_owner',
    'lease_expires_at', 'error_history', 'origin'], 'pod_activities: 1.0 columns plus the 1.1 ones');
SELECT tables_are('pod_amplify', ARRAY['clients', 'users', 'linkedin_accounts', 'posts', 'pods', 'pod_members',
    'pod_activities', 'backfill_progress'], 'no table dropped; backfill_progress added');

SELECT col_is_null('pod_amplify', 'pod_members', 'pod_id', 'pod_members.pod_id is nullable (new-design members)');
SELECT col_is_null('pod_amplify', 'pod_activities', 'pod_id', 'pod_activities.pod_id is nullable');
SELECT col_not_null('pod_amplify', 'pod_members', 'user_id', 'pod_members.user_id stays NOT NULL');
SELECT col_not_null('pod_amplify', 'pod_activities', 'engagement_type', 'engagement_type stays NOT NULL');
SELECT col_type_is('pod_amplify', 'pod_members', 'client_id', 'uuid', 'pod_members.client_id is uuid');
SELECT col_type_is('pod_amplify', 'pod_members', 'name', 'text', 'pod_members.name is text');
SELECT col_type_is('pod_amplify', 'pod_members', 'linkedin_url', 'text', 'pod_members.linkedin_url is text');
SELECT col_type_is('pod_amplify', 'pod_members', 'unipile_account_id', 'text', 'pod_members.unipile_account_id is text');
SELECT fk_ok('pod_amplify', 'pod_members', 'client_id', 'pod_amplify', 'clients', 'id');
SELECT fk_ok('pod_amplify', 'pod_activities', 'client_id', 'pod_amplify', 'clients', 'id');
SELECT col_default_is('pod_amplify', 'pod_activities', 'action', 'repost'::text, 'action defaults to repost');
SELECT col_default_is('pod_amplify', 'pod_activities', 'attempt_number', 1, 'attempt_number defaults to 1');
SELECT col_default_is('pod_amplify', 'pod_activities', 'max_attempts', 3, 'max_attempts defaults to 3');
SELECT col_not_null('pod_amplify', 'pod_activities', 'attempt_number', 'attempt_number is NOT NULL');
SELECT col_not_null('pod_amplify', 'pod_activities', 'max_attempts', 'max_attempts is NOT NULL');
SELECT col_type_is('pod_amplify', 'pod_activities', 'error_history', 'jsonb', 'every attempt''s error is kept in error_history');
SELECT col_type_is('pod_amplify', 'pod_activities', 'lease_expires_at', 'timestamp with time zone', 'lease expiry is a timestamptz');

SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conname = 'pod_activities_status_check' AND conrelid = 'pod_amplify.pod_activities'::regclass),
          $$CHECK ((status = ANY (ARRAY['pending'::text, 'success'::text, 'failed'::text, 'completed'::text])))$$,
          'pod_activities_status_check allows pending, success, failed, completed');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conname = 'pod_activities_attempts_check' AND conrelid = 'pod_amplify.pod_activities'::regclass),
          'CHECK (((1 <= attempt_number) AND (attempt_number <= max_attempts)))', '1 <= attempt_number <= max_attempts');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conname = 'pod_activities_action_check' AND conrelid = 'pod_amplify.pod_activities'::regclass),
          $$CHECK ((action = ANY (ARRAY['like'::text, 'comment'::text, 'repost'::text])))$$, 'action is like, comment or repost');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conname = 'pod_members_pod_or_client_check' AND conrelid = 'pod_amplify.pod_members'::regclass),
          'CHECK (((pod_id IS NOT NULL) OR (client_id IS NOT NULL)))', 'a member has a pod or a client');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conname = 'pod_activities_pod_or_client_check' AND conrelid = 'pod_amplify.pod_activities'::regclass),
          'CHECK (((pod_id IS NOT NULL) OR (client_id IS NOT NULL)))', 'an activity has a pod or a client');
SELECT col_is_unique('pod_amplify', 'pod_members', ARRAY['pod_id', 'user_id'], 'the 1.0 unique key is kept');
SELECT col_is_unique('pod_amplify', 'pod_activities', ARRAY['post_id', 'member_id', 'engagement_type'], 'the 1.0 unique key is kept');

SELECT is((SELECT pg_get_indexdef('pod_amplify.pod_activities_claim_idx'::regclass)),
          'CREATE INDEX pod_activities_claim_idx ON pod_amplify.pod_activities USING btree (scheduled_for) WHERE (status = ''pending''::text)',
          'the claim index matches the claim query');
SELECT is((SELECT pg_get_indexdef('pod_amplify.pod_members_one_membership_per_client'::regclass)),
          'CREATE UNIQUE INDEX pod_members_one_membership_per_client ON pod_amplify.pod_members USING btree (client_id, user_id) WHERE (pod_id IS NULL)',
          'a user is a new-design member of a client at most once');
SELECT has_index('pod_amplify', 'pod_activities', 'pod_activities_member_schedule_idx', 'member schedule index');
SELECT has_index('pod_amplify', 'pod_activities', 'pod_activities_client_status_idx', 'client status index');
SELECT has_index('pod_amplify', 'pod_members', 'pod_members_client_id_idx', 'member client index');

SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'pod_amplify.validate_membership()'::regprocedure),
          'pod_amplify_validate_membership_1_1', 'the membership trigger runs the 1.1 C function');
SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'pod_amplify.validate_activity()'::regprocedure),
          'pod_amplify_validate_activity_1_1', 'the activity trigger runs the 1.1 C function');
SELECT triggers_are('pod_amplify', 'pod_members', ARRAY['pod_members_validate'], 'pod_members triggers');
SELECT ok((SELECT qual FROM pg_policies WHERE policyname = 'pod_members_tenant') LIKE '%(client_id = ( SELECT pod_amplify.current_client_id() AS current_client_id))%',
          'the member policy covers new-design rows by client_id');
SELECT ok((SELECT qual FROM pg_policies WHERE policyname = 'pod_activities_tenant') LIKE '%(client_id IS NULL)%',
          'the activity policy still covers legacy rows not yet backfilled');
SELECT function_returns('pod_amplify', 'backfill', ARRAY['integer'], 'integer', 'backfill(integer) returns integer');
SELECT function_returns('pod_amplify', 'normalize_linkedin_url', ARRAY['text'], 'text', 'normalize_linkedin_url(text)');
SELECT is((SELECT proacl IS NOT NULL AND NOT aclcontains(proacl, makeaclitem(0, proowner, 'EXECUTE', false))
           FROM pg_proc WHERE oid = 'pod_amplify.backfill(integer)'::regprocedure), true,
          'backfill is not executable by PUBLIC');
SELECT is((SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM pg_extension e, unnest(e.extconfig) c
           WHERE e.extname = 'pod_amplify'),
          ARRAY['pod_amplify.clients', 'pod_amplify.linkedin_accounts', 'pod_amplify.pod_activities',
                'pod_amplify.pod_members', 'pod_amplify.pods', 'pod_amplify.posts', 'pod_amplify.users'],
          'every data table stays registered for pg_dump');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'pod_amplify'::regnamespace AND prosecdef
           AND NOT EXISTS (SELECT 1 FROM unnest(proconfig) c WHERE c LIKE 'search_path=%')), 0,
          'every SECURITY DEFINER function pins search_path');

SELECT * FROM finish();
ROLLBACK;
