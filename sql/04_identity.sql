-- Tenant identity from each source, in order: request.jwt.claims ->> 'sub',
-- request.jwt.claim.sub, then pod_amplify.user_id.
-- Acme and Globex (sql/fixtures/tenants.sql).
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/tenants.sql
SELECT pod_amplify.current_user_id() AS user_id, pod_amplify.current_client_id() AS client_id;
SET pod_amplify.user_id = 'a1000000-0000-4000-8000-000000000000';
SELECT pod_amplify.current_user_id() AS user_id, pod_amplify.current_client_id() AS client_id;
SET request.jwt.claim.sub = 'a2000000-0000-4000-8000-000000000000';
SELECT pod_amplify.current_user_id() AS from_claim_sub;
SET request.jwt.claims = '{"role": "authenticated", "sub": "b1000000-0000-4000-8000-000000000000"}';
SELECT pod_amplify.current_user_id() AS from_claims, pod_amplify.current_client_id() AS client_id;
-- Only the top-level "sub" counts; the last one wins, as in jsonb.
SET request.jwt.claims = '{"app": {"sub": "a3000000-0000-4000-8000-000000000000"}, "sub": "a1000000-0000-4000-8000-000000000000", "sub": "b1000000-0000-4000-8000-000000000000"}';
SELECT pod_amplify.current_user_id() AS top_level_last_sub;
-- A claim that is not a uuid names nobody: the next source answers, never an error.
SET request.jwt.claims = '{"sub": "not-a-uuid"}';
SELECT pod_amplify.current_user_id() AS after_bad_sub;
SET request.jwt.claims = '{"sub": 42}';
SELECT pod_amplify.current_user_id() AS after_numeric_sub;
SET request.jwt.claims = 'this is not json {';
SELECT pod_amplify.current_user_id() AS after_bad_json;
RESET request.jwt.claim.sub;
RESET pod_amplify.user_id;
SELECT pod_amplify.current_user_id() IS NULL AS malformed_sub_alone_is_null;
-- identity_source pins the source.
SET request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';
SET pod_amplify.user_id = 'a1000000-0000-4000-8000-000000000000';
SET pod_amplify.identity_source = 'setting';
SELECT pod_amplify.current_user_id() AS setting_only;
SET pod_amplify.identity_source = 'jwt';
SELECT pod_amplify.current_user_id() AS jwt_only;
RESET request.jwt.claims;
SELECT pod_amplify.current_user_id() IS NULL AS jwt_only_without_claims_is_null;
SET pod_amplify.identity_source = 'header';
SET pod_amplify.user_id = 'not a uuid';
SET pod_amplify.identity_source = 'auto';
SELECT pod_amplify.current_user_id() IS NULL AS bad_setting_is_null;
-- A user who is not in any client (unknown id) has no client.
SET pod_amplify.user_id = 'f0000000-0000-4000-8000-000000000000';
SELECT pod_amplify.current_user_id() AS user_id, pod_amplify.current_client_id() IS NULL AS no_client;
RESET pod_amplify.user_id;
RESET pod_amplify.identity_source;
-- A typo in a pod_amplify setting is an error, not a silent placeholder.
SET pod_amplify.user_idd = 'a1000000-0000-4000-8000-000000000000';
