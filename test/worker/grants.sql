-- The least-privilege role of a worker, as measured: what claim_activities,
-- extend_leases and report_activities touch as the caller, plus the columns
-- the worker's claim joins read. BYPASSRLS: a worker serves every tenant.
-- (A role created by a superuser; the grants are per database.)
SELECT format('CREATE ROLE %I LOGIN BYPASSRLS', :'role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
GRANT USAGE ON SCHEMA pod_amplify TO :"role";
-- claim (FOR NO KEY UPDATE, RETURNING a.*), reap, extend, report, the look-ahead
GRANT SELECT ON pod_amplify.pod_activities TO :"role";
GRANT UPDATE (lease_owner, lease_expires_at, status, attempt_number, scheduled_for, executed_at,
              error_message, error_history, repost_url) ON pod_amplify.pod_activities TO :"role";
-- a success adds to the member's score; the claim joins read the Unipile account
GRANT SELECT (id, linkedin_account_id, unipile_account_id, participation_score) ON pod_amplify.pod_members TO :"role";
GRANT UPDATE (participation_score) ON pod_amplify.pod_members TO :"role";
GRANT SELECT (id, unipile_account_id) ON pod_amplify.linkedin_accounts TO :"role";
GRANT SELECT (id, linkedin_post_url) ON pod_amplify.posts TO :"role";
-- the lease and retry settings of the activity's pod
GRANT SELECT (id, settings) ON pod_amplify.pods TO :"role";
