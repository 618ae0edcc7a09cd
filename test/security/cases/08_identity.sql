-- Identity parsing: current_user_id() never raises, whatever the claims JSON
-- (size, depth, types, garbage), and gives a uuid only for a well-formed sub.

-- @case a_plain_sub
-- @expect value a1000000-0000-4000-8000-000000000000
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000", "role": "authenticated"}', false) \gset
SELECT pod_amplify.current_user_id();

-- @case a_million_levels_deep
-- @expect value a1000000-0000-4000-8000-000000000000
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000", "x": ' || repeat('[', 1000000) || repeat(']', 1000000) || '}', false) \gset
SELECT pod_amplify.current_user_id();

-- @case deep_and_unbalanced
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000", "x": ' || repeat('{"a":', 100000) || '1}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case twenty_megabytes_of_claims
-- @expect value a1000000-0000-4000-8000-000000000000
-- @readonly
SELECT set_config('request.jwt.claims', '{"pad": "' || repeat('p', 20000000) || '", "sub": "a1000000-0000-4000-8000-000000000000"}', false) \gset
SELECT pod_amplify.current_user_id();

-- @case a_number_sub
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": 12345}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case a_sub_that_is_an_object
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": {"id": "a1000000-0000-4000-8000-000000000000"}}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case a_nested_sub_does_not_count
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"app_metadata": {"sub": "a1000000-0000-4000-8000-000000000000"}}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case the_last_sub_wins
-- @expect value b1000000-0000-4000-8000-000000000000
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000", "sub": "b1000000-0000-4000-8000-000000000000"}', false) \gset
SELECT pod_amplify.current_user_id();

-- @case an_escaped_key_is_the_same_key
-- @expect value a1000000-0000-4000-8000-000000000000
-- @readonly
SELECT set_config('request.jwt.claims', '{"\u0073ub": "a1000000-0000-4000-8000-000000000000"}', false) \gset
SELECT pod_amplify.current_user_id();

-- @case not_json_at_all
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', 'sub=a1000000-0000-4000-8000-000000000000', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case trailing_garbage_after_the_object
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000"} {"sub": "b1000000-0000-4000-8000-000000000000"}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case a_lone_surrogate_escape
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"x": "\ud800", "sub": "a1000000-0000-4000-8000-000000000000"}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case a_sub_that_is_almost_a_uuid
-- @expect value none
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-00000000000g"}', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case a_malformed_claim_sub_setting_is_skipped_for_the_next_source
-- @expect value a1000000-0000-4000-8000-000000000000
-- @readonly
SELECT set_config('request.jwt.claims', '{"sub": []}', false) \gset
SELECT set_config('request.jwt.claim.sub', 'nope', false) \gset
SELECT set_config('pod_amplify.user_id', 'a1000000-0000-4000-8000-000000000000', false) \gset
SELECT pod_amplify.current_user_id();

-- @case identity_source_jwt_ignores_the_setting
-- @expect value none
-- @readonly
SET pod_amplify.identity_source = 'jwt';
SELECT set_config('pod_amplify.user_id', 'a1000000-0000-4000-8000-000000000000', false) \gset
SELECT COALESCE(pod_amplify.current_user_id()::text, 'none');

-- @case identity_source_setting_ignores_forged_claims
-- @expect value b1000000-0000-4000-8000-000000000000
-- @readonly
SET pod_amplify.identity_source = 'setting';
SELECT set_config('request.jwt.claims', '{"sub": "a1000000-0000-4000-8000-000000000000"}', false) \gset
SELECT set_config('pod_amplify.user_id', 'b1000000-0000-4000-8000-000000000000', false) \gset
SELECT pod_amplify.current_user_id();

-- @case a_tenant_cannot_set_the_superuser_only_identity
-- @as tenant_none
-- @expect 42501
-- @readonly
LOAD 'pod_amplify';
SET pod_amplify.user_id = 'a1000000-0000-4000-8000-000000000000';

-- @case claims_under_row_security_give_exactly_that_clients_rows
-- @as tenant_b
-- @expect value 1
-- @readonly
SELECT count(*) FROM pod_amplify.clients;
