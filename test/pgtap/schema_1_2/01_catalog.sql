-- The 1.2 catalog: what the 1.1 -> 1.2 migration adds. Run on fresh and on
-- upgraded databases.
BEGIN;
SELECT plan(4);

SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'), '1.2', 'the extension is at 1.2');
SELECT ok((SELECT prosqlbody IS NOT NULL FROM pg_proc WHERE oid = 'pod_amplify.current_client_id()'::regprocedure),
          'current_client_id() has a body bound at creation (BEGIN ATOMIC), not resolved by name when it runs');
SELECT ok(EXISTS (SELECT 1 FROM pg_depend WHERE objid = 'pod_amplify.current_client_id()'::regprocedure
                  AND refobjid = 'pod_amplify.users'::regclass),
          'current_client_id() depends on pod_amplify.users by OID');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'pod_amplify'::regnamespace AND prosecdef
           AND NOT EXISTS (SELECT 1 FROM unnest(proconfig) c WHERE c LIKE 'search_path=%')), 0,
          'every SECURITY DEFINER function pins search_path');

SELECT * FROM finish();
ROLLBACK;
