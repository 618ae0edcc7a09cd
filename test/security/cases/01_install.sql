-- Install and upgrade hijack: no role without CREATE on the database's schemas
-- in question can take over the install; SECURITY DEFINER code cannot be
-- redirected; nothing a caller defines runs in the extension's place.

-- @case a_schema_another_role_created_first_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
GRANT CREATE ON DATABASE pod_hijack TO pod_attack_creator;
SET ROLE pod_attack_creator;
CREATE SCHEMA pod_amplify;
RESET ROLE;
CREATE EXTENSION pod_amplify;

-- @case the_1_0_install_refuses_it_too
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
GRANT CREATE ON DATABASE pod_hijack TO pod_attack_creator;
SET ROLE pod_attack_creator;
CREATE SCHEMA pod_amplify;
RESET ROLE;
CREATE EXTENSION pod_amplify VERSION '1.0';

-- @case an_empty_schema_of_the_installing_role_is_fine
-- @expect value 1.2
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE SCHEMA pod_amplify;
CREATE EXTENSION pod_amplify;
SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify';

-- @case a_function_planted_in_the_schema_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE SCHEMA pod_amplify;
GRANT CREATE ON SCHEMA pod_amplify TO pod_attack_creator;
SET ROLE pod_attack_creator;
CREATE FUNCTION pod_amplify.current_user_id() RETURNS uuid LANGUAGE sql AS $$ SELECT 'a1000000-0000-4000-8000-000000000000'::uuid $$;
RESET ROLE;
CREATE EXTENSION pod_amplify;

-- @case an_operator_planted_in_the_schema_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE SCHEMA pod_amplify;
CREATE FUNCTION public.always(uuid, uuid) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR pod_amplify.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = public.always);
CREATE EXTENSION pod_amplify;

-- @case a_table_planted_under_an_extension_name_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE SCHEMA pod_amplify;
CREATE TABLE pod_amplify.users (id uuid, client_id uuid);
CREATE EXTENSION pod_amplify;

-- @case a_type_or_view_planted_in_the_schema_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE SCHEMA pod_amplify;
CREATE TYPE pod_amplify.text AS (x int);
CREATE EXTENSION pod_amplify;

-- @case another_extension_installed_in_the_schema_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE SCHEMA pod_amplify;
CREATE EXTENSION pgtap SCHEMA pod_amplify;
CREATE EXTENSION pod_amplify;

-- @case an_upgrade_to_1_1_with_a_planted_function_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE EXTENSION pod_amplify VERSION '1.0';
GRANT CREATE ON SCHEMA pod_amplify TO pod_attack_creator;
SET ROLE pod_attack_creator;
CREATE FUNCTION pod_amplify.setting_value(jsonb, text) RETURNS double precision LANGUAGE sql AS $$ SELECT 1e9::float8 $$;
RESET ROLE;
ALTER EXTENSION pod_amplify UPDATE TO '1.1';

-- @case an_upgrade_to_1_2_with_a_planted_view_is_refused
-- @expect 42501
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE EXTENSION pod_amplify VERSION '1.1';
CREATE VIEW pod_amplify.rule_violations AS SELECT 1 AS x;
ALTER EXTENSION pod_amplify UPDATE TO '1.2';

-- @case a_dba_index_on_an_extension_table_does_not_block_the_upgrade
-- @expect value 1.2
-- @readonly
DROP DATABASE IF EXISTS pod_hijack;
CREATE DATABASE pod_hijack;
\c pod_hijack
CREATE EXTENSION pod_amplify VERSION '1.0';
CREATE INDEX dba_posts_status ON pod_amplify.posts (status);
ALTER EXTENSION pod_amplify UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify';

-- @case the_schema_cannot_be_renamed_by_a_tenant
-- @as tenant_a
-- @expect 42501
ALTER SCHEMA pod_amplify RENAME TO pod_amplify_old;

-- @case shadowing_current_user_id_on_the_search_path_changes_no_identity
-- @as owner
-- @expect value b0000000-0000-4000-8000-000000000000
-- @readonly
CREATE SCHEMA IF NOT EXISTS pod_attack_shadow;
CREATE OR REPLACE FUNCTION pod_attack_shadow.current_user_id() RETURNS uuid LANGUAGE sql AS $$ SELECT 'a1000000-0000-4000-8000-000000000000'::uuid $$;
GRANT USAGE ON SCHEMA pod_attack_shadow TO pod_attack_tenant;
SET ROLE pod_attack_tenant;
SET search_path = pod_attack_shadow, pod_amplify, public;
SELECT set_config('request.jwt.claims', '{"sub": "b1000000-0000-4000-8000-000000000000"}', false) IS NOT NULL;
SELECT pod_amplify.current_client_id();

-- @case a_hostile_search_path_cannot_redirect_engine_operators
-- @as owner
-- @expect value 0
-- @readonly
CREATE SCHEMA IF NOT EXISTS pod_attack_shadow;
-- "=" that is never true and "<>" that always is: an unpinned IS DISTINCT FROM
-- or <> would let the author through.
CREATE OR REPLACE FUNCTION pod_attack_shadow.uuid_never(uuid, uuid) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
CREATE OR REPLACE FUNCTION pod_attack_shadow.uuid_always(uuid, uuid) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
DROP OPERATOR IF EXISTS pod_attack_shadow.= (uuid, uuid);
DROP OPERATOR IF EXISTS pod_attack_shadow.<> (uuid, uuid);
CREATE OPERATOR pod_attack_shadow.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = pod_attack_shadow.uuid_never);
CREATE OPERATOR pod_attack_shadow.<> (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = pod_attack_shadow.uuid_always);
BEGIN;
SET LOCAL search_path = pod_attack_shadow, pg_catalog, pod_amplify;
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'like', now()) AS scheduled \gset
-- the author (a2) of post 2 must never be scheduled on it
SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
WHERE a.post_id = 'a2b00000-0000-4000-8000-000000000000' AND m.user_id = 'a2000000-0000-4000-8000-000000000000';
ROLLBACK;

-- @case a_tenant_granted_create_on_the_schema_cannot_overload_engine_functions_used_by_claims
-- @as owner
-- @expect value 1
-- @readonly
BEGIN;
GRANT CREATE ON SCHEMA pod_amplify TO pod_attack_tenant;
SET LOCAL ROLE pod_attack_tenant;
CREATE FUNCTION pod_amplify.setting_value(p_settings jsonb, p_name varchar) RETURNS double precision LANGUAGE sql AS $$ SELECT -1e9::float8 $$;
RESET ROLE;
SET LOCAL ROLE pod_attack_worker;
SELECT count(*) FROM pod_amplify.claim_activities('hijack-probe', 1, NULL) WHERE lease_expires_at > now();
ROLLBACK;
