-- The 1.2 catalog: what the 1.1 -> 1.2 migration adds. Run on fresh and on
-- upgraded databases.
BEGIN;
SELECT plan(35);

SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'), '1.2', 'the extension is at 1.2');
SELECT ok((SELECT prosqlbody IS NOT NULL FROM pg_proc WHERE oid = 'pod_amplify.current_client_id()'::regprocedure),
          'current_client_id() has a body bound at creation (BEGIN ATOMIC), not resolved by name when it runs');
SELECT ok(EXISTS (SELECT 1 FROM pg_depend WHERE objid = 'pod_amplify.current_client_id()'::regprocedure
                  AND refobjid = 'pod_amplify.users'::regclass),
          'current_client_id() depends on pod_amplify.users by OID');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'pod_amplify'::regnamespace AND prosecdef
           AND NOT EXISTS (SELECT 1 FROM unnest(proconfig) c WHERE c LIKE 'search_path=%')), 0,
          'every SECURITY DEFINER function pins search_path');

SELECT columns_are('pod_amplify', 'users', ARRAY['id', 'client_id', 'email', 'full_name', 'created_at', 'timezone'],
                   'users: the 1.0 columns plus timezone');
SELECT col_is_null('pod_amplify', 'users', 'timezone', 'users.timezone is nullable (NULL: the default zone)');
SELECT columns_are('pod_amplify', 'pod_activities', ARRAY[
    'id', 'pod_id', 'post_id', 'member_id', 'engagement_type', 'status', 'scheduled_for', 'executed_at', 'created_at',
    'action', 'attempt_number', 'max_attempts', 'error_message', 'repost_url', 'client_id', 'lease_owner',
    'lease_expires_at', 'error_history', 'origin', 'comment_text'], 'pod_activities: the 1.1 columns plus comment_text');
SELECT tables_are('pod_amplify', ARRAY['clients', 'users', 'linkedin_accounts', 'posts', 'pods', 'pod_members',
    'pod_activities', 'backfill_progress', 'pod_activities_archive', 'unipile_id_locks', 'unipile_lock_seed',
    'waiting_successes', 'unipile_disputes'],
                  'no table dropped; added: the archive, the Unipile ids'' lock rows and their secret seed, the successes waiting for a held row, the disputed Unipile ids');

SELECT function_returns('pod_amplify', 'schedule_post', ARRAY['uuid', 'text', 'timestamp with time zone', 'text[]'], 'integer',
                        'schedule_post gains p_comment_texts');
SELECT hasnt_function('pod_amplify', 'schedule_post', ARRAY['uuid', 'text', 'timestamp with time zone'],
                      'the 1.1 signature is replaced, so a call with 1 to 3 arguments is not ambiguous');
SELECT has_function('pod_amplify', 'report_activities', ARRAY['text', 'uuid[]', 'text[]', 'text[]'], 'report_activities');
SELECT has_function('pod_amplify', 'extend_leases', ARRAY['uuid[]', 'text', 'interval'], 'extend_leases');
SELECT has_function('pod_amplify', 'report_and_claim', ARRAY['text', 'uuid[]', 'text[]', 'text[]', 'integer', 'interval', 'boolean'],
                    'report_and_claim');
SELECT is((SELECT proacl IS NOT NULL AND NOT aclcontains(proacl, makeaclitem(0, proowner, 'EXECUTE', false))
           FROM pg_proc WHERE oid = 'pod_amplify.rule_violations()'::regprocedure), true,
          'rule_violations is an operator''s tool, not executable by PUBLIC');

SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'pod_amplify.validate_membership()'::regprocedure),
          'pod_amplify_validate_membership_1_2', 'the membership trigger runs the 1.2 C function');
SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'pod_amplify.validate_activity()'::regprocedure),
          'pod_amplify_validate_activity_1_2', 'the activity trigger runs the 1.2 C function');
SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'pod_amplify.claim_activities(text, integer, interval)'::regprocedure),
          'pod_amplify_claim_activities_1_2', 'claims run the 1.2 C function');
SELECT triggers_are('pod_amplify', 'posts', ARRAY['posts_fact_row_changing', 'posts_schedule_on_publish', 'posts_check_rules'], 'posts: rules checked on write');
SELECT triggers_are('pod_amplify', 'pods', ARRAY['pods_fact_row_changing', 'pods_validate_settings', 'pods_check_rules'], 'pods: rules checked on write');
SELECT triggers_are('pod_amplify', 'users', ARRAY['users_fact_row_changing', 'users_validate', 'users_check_rules'], 'users: rules checked on write');
SELECT triggers_are('pod_amplify', 'linkedin_accounts', ARRAY['linkedin_accounts_fact_row_changing', 'linkedin_accounts_validate', 'linkedin_accounts_check_rules'],
                    'linkedin_accounts: rules checked on write');
SELECT triggers_are('pod_amplify', 'pod_members', ARRAY['pod_members_fact_row_changing', 'pod_members_validate', 'pod_members_check_rules'],
                    'pod_members: rules checked on write, dependents included');
SELECT has_index('pod_amplify', 'linkedin_accounts', 'linkedin_accounts_unipile_account_id_idx', 'Unipile ids are found by index');
SELECT has_index('pod_amplify', 'pod_members', 'pod_members_unipile_account_id_idx', 'on members too');
SELECT has_index('pod_amplify', 'pod_activities', 'pod_activities_not_backfilled_idx',
                 'legacy activities not yet backfilled have an index (the policy''s second arm)');
SELECT has_index('pod_amplify', 'pod_members', 'pod_members_not_backfilled_idx', 'legacy members too');
SELECT is((SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM pg_extension e, unnest(e.extconfig) c
           WHERE e.extname = 'pod_amplify'),
          ARRAY['pod_amplify.clients', 'pod_amplify.linkedin_accounts', 'pod_amplify.pod_activities',
                'pod_amplify.pod_activities_archive', 'pod_amplify.pod_members', 'pod_amplify.pods', 'pod_amplify.posts',
                'pod_amplify.users', 'pod_amplify.waiting_successes'],
          'every data table stays registered for pg_dump, the archive too');
SELECT has_index('pod_amplify', 'pod_activities', 'pod_activities_scheduled_brin',
                 'archive_activities() finds old rows by block range (BRIN on scheduled_for)');
SELECT has_index('pod_amplify', 'pod_activities_archive', 'pod_activities_archive_post_idx',
                 'schedule_post finds archived actions of a post by index');
SELECT is((SELECT relrowsecurity FROM pg_class WHERE oid = 'pod_amplify.pod_activities_archive'::regclass), true,
          'row-level security on the archive');
SELECT is((SELECT relrowsecurity AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(relacl, acldefault('r', relowner))) a
                                                 WHERE a.grantee <> relowner)
            FROM pg_class WHERE oid = 'pod_amplify.unipile_id_locks'::regclass)
          AND (SELECT relrowsecurity AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(relacl, acldefault('r', relowner))) a
                                                     WHERE a.grantee <> relowner)
               FROM pg_class WHERE oid = 'pod_amplify.unipile_lock_seed'::regclass), true,
          'the Unipile lock rows and seed: no grants, row-level security without policies (only the owner locks or reads them)');
SELECT is((SELECT relrowsecurity AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(relacl, acldefault('r', relowner))) a
                                                 WHERE a.grantee <> relowner)
                  AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
           FROM pg_class c WHERE oid = 'pod_amplify.waiting_successes'::regclass), true,
          'waiting successes: no grants, row-level security without policies (only the engine, as the owner, reads them)');
SELECT is((SELECT relrowsecurity AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(relacl, acldefault('r', relowner))) a
                                                 WHERE a.grantee <> relowner)
                  AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
           FROM pg_class c WHERE oid = 'pod_amplify.unipile_disputes'::regclass), true,
          'disputed Unipile ids: no grants, row-level security without policies');
SELECT hasnt_index('pod_amplify', 'pod_activities', 'pod_activities_member_id_idx',
                   'no index that another one''s prefix covers: (member_id) is gone, every update paid for it');
-- The member foreign key's look-ups (ON DELETE CASCADE) still go by index.
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP plan := plan || line || ' '; END LOOP;
    RETURN plan;
END $$;
SET LOCAL enable_seqscan = off;
SELECT ok(pg_temp.plan_of($$SELECT 1 FROM pod_amplify.pod_activities WHERE member_id = '00000000-0000-0000-0000-000000000001'$$)
          ~ 'pod_activities_member_schedule_idx',
          'a member''s activities are found by pod_activities_member_schedule_idx');
RESET enable_seqscan;

SELECT * FROM finish();
ROLLBACK;
