-- Tenant isolation under attack: two tenants' non-superuser roles try every
-- table and every function on the other's rows, forge identities, switch
-- roles, and plant look-alike objects first in search_path. Nothing crosses.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipileA2zz' WHERE id = 'a2a00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.users (id, client_id, email) VALUES
    ('b2000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2@t');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, unipile_account_id) VALUES
    ('b2e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000', 'unipileB2zz');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('a1c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute'),
    ('b1c00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute');
CREATE ROLE sec_tenant_a;
CREATE ROLE sec_tenant_b;
GRANT USAGE ON SCHEMA pod_amplify TO sec_tenant_a, sec_tenant_b;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO sec_tenant_a, sec_tenant_b;
-- The hostile schema: look-alike functions and an "=" on uuid that is always true.
CREATE SCHEMA sec_evil;
GRANT USAGE ON SCHEMA sec_evil TO PUBLIC;
CREATE FUNCTION sec_evil.always(uuid, uuid) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR sec_evil.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = sec_evil.always);
CREATE FUNCTION sec_evil.now() RETURNS timestamptz LANGUAGE sql AS $$SELECT timestamptz '2000-01-01'$$;
CREATE FUNCTION sec_evil.current_client_id() RETURNS uuid LANGUAGE sql AS $$SELECT 'b0000000-0000-4000-8000-000000000000'::uuid$$;
CREATE FUNCTION sec_evil.gen_random_uuid() RETURNS uuid LANGUAGE sql AS $$SELECT 'b1c00000-0000-4000-8000-000000000000'::uuid$$;
-- Rows a write statement touched, run as the caller.
CREATE FUNCTION public.sec_rowcount(statement text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    EXECUTE statement;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT plan(41);

-- A session authenticated as tenant A (SET ROLE would keep a superuser session user).
SET LOCAL SESSION AUTHORIZATION sec_tenant_a;
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';

-- every table: tenant A sees only A, changes and deletes nothing of B's
SELECT is((SELECT count(*)::int FROM pod_amplify.clients WHERE id = 'b0000000-0000-4000-8000-000000000000'), 0, 'clients: B invisible');
SELECT is((SELECT count(*)::int FROM pod_amplify.users WHERE client_id = 'b0000000-0000-4000-8000-000000000000'), 0, 'users: B invisible');
SELECT is((SELECT count(*)::int FROM pod_amplify.linkedin_accounts la JOIN pod_amplify.users u ON u.id = la.user_id), 2, 'linkedin_accounts: only A''s two');
SELECT is((SELECT count(*)::int FROM pod_amplify.posts WHERE client_id = 'b0000000-0000-4000-8000-000000000000'), 0, 'posts: B invisible');
SELECT is((SELECT count(*)::int FROM pod_amplify.pods WHERE client_id = 'b0000000-0000-4000-8000-000000000000'), 0, 'pods: B invisible');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_members WHERE pod_id = 'b0d00000-0000-4000-8000-000000000000'), 0, 'pod_members: B invisible');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities WHERE id = 'b1c00000-0000-4000-8000-000000000000'), 0, 'pod_activities: B invisible');
SELECT is(public.sec_rowcount($$UPDATE pod_amplify.pod_activities SET status = 'failed' WHERE id = 'b1c00000-0000-4000-8000-000000000000'$$), 0, 'UPDATE of B''s activity touches nothing');
SELECT is(public.sec_rowcount($$DELETE FROM pod_amplify.pod_members WHERE id = 'b2e00000-0000-4000-8000-000000000000'$$), 0, 'DELETE of B''s member touches nothing');
SELECT is(public.sec_rowcount($$DELETE FROM pod_amplify.clients WHERE id <> 'a0000000-0000-4000-8000-000000000000'$$), 0, 'DELETE FROM clients reaches none of B');
SELECT throws_ok($$INSERT INTO pod_amplify.posts (client_id, status) VALUES ('b0000000-0000-4000-8000-000000000000', 'draft')$$, '42501', NULL, 'INSERT into B''s client refused');
SELECT throws_ok($$INSERT INTO pod_amplify.users (client_id, email) VALUES ('b0000000-0000-4000-8000-000000000000', 'x@evil')$$, '42501', NULL, 'INSERT of a user into B refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action) VALUES ('b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like')$$,
    '42501', 'tenancy rule: post b1b00000-0000-4000-8000-000000000000 belongs to another client than a0000000-0000-4000-8000-000000000000', 'INSERT of an activity on B''s post refused');
SELECT throws_ok($$UPDATE pod_amplify.pods SET client_id = 'b0000000-0000-4000-8000-000000000000' WHERE id = 'a0d00000-0000-4000-8000-000000000000'$$, '42501', NULL, 'moving A''s pod into B refused');

-- every function with B's ids
SELECT throws_ok($$SELECT pod_amplify.complete_activity('b1c00000-0000-4000-8000-000000000000')$$, '42501', 'tenancy rule: activity b1c00000-0000-4000-8000-000000000000 belongs to another client', 'complete_activity on B''s row');
SELECT throws_ok($$SELECT pod_amplify.fail_activity('b1c00000-0000-4000-8000-000000000000', 'x')$$, '42501', NULL, 'fail_activity on B''s row');
SELECT throws_ok($$SELECT pod_amplify.retry_activity('b1c00000-0000-4000-8000-000000000000')$$, '42501', NULL, 'retry_activity on B''s row');
SELECT throws_ok($$SELECT pod_amplify.extend_lease('b1c00000-0000-4000-8000-000000000000', 'w')$$, '42501', NULL, 'extend_lease on B''s row');
SELECT throws_ok($$SELECT pod_amplify.schedule_post('b1b00000-0000-4000-8000-000000000000')$$, '42501', NULL, 'schedule_post on B''s post');
SELECT throws_ok($$SELECT * FROM pod_amplify.complete_activities(ARRAY['a1c00000-0000-4000-8000-000000000000', 'b1c00000-0000-4000-8000-000000000000']::uuid[])$$, '42501', NULL, 'a batch with one of B''s ids is refused whole');
SELECT is((SELECT status FROM pod_amplify.pod_activities WHERE id = 'a1c00000-0000-4000-8000-000000000000'), 'pending', '...and A''s row in it was not completed');
SELECT throws_ok($$SELECT * FROM pod_amplify.fail_activities(ARRAY['b1c00000-0000-4000-8000-000000000000']::uuid[], ARRAY['x'])$$, '42501', NULL, 'fail_activities on B''s row');
SELECT is((SELECT array_agg(id)::text FROM pod_amplify.claim_activities('a-worker', 100)), '{a1c00000-0000-4000-8000-000000000000}', 'claim_activities hands A only A''s activity');
SELECT is((SELECT array_agg(id)::text FROM pod_amplify.activity_stats('client')), '{a0000000-0000-4000-8000-000000000000}', 'activity_stats shows A only');
SELECT throws_ok($$SELECT pod_amplify.backfill()$$, '42501', NULL, 'a tenant may not run backfill');
SELECT throws_ok($$SELECT pod_amplify.reap_expired_leases()$$, '42501', NULL, 'a tenant may not run reap_expired_leases');

-- forged identity and role tricks
SELECT throws_ok($$SET pod_amplify.user_id = 'b1000000-0000-4000-8000-000000000000'$$, '42501', NULL, 'a tenant cannot set pod_amplify.user_id');
SELECT throws_ok($$SET pod_amplify.identity_source = 'jwt'$$, '42501', NULL, 'a tenant cannot change identity_source');
SELECT throws_ok($$SET ROLE sec_tenant_b$$, '42501', NULL, 'a tenant cannot SET ROLE to another tenant');
SELECT throws_ok($$SET ROLE postgres$$, '42501', NULL, 'a tenant cannot SET ROLE to the owner');
SELECT throws_ok($$SET ROLE sec_tenant_b; SELECT 1$$, '42501', NULL, 'nor within a multi-statement string');
RESET SESSION AUTHORIZATION;
SET LOCAL pod_amplify.identity_source = 'setting';   -- where tenants run their own SQL
SET LOCAL pod_amplify.user_id = 'a1000000-0000-4000-8000-000000000000';
SET LOCAL SESSION AUTHORIZATION sec_tenant_a;
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';
SELECT is(pod_amplify.current_client_id(), 'a0000000-0000-4000-8000-000000000000'::uuid, 'with identity_source = setting a forged JWT claim changes nothing');
SELECT is((SELECT count(*)::int FROM pod_amplify.posts WHERE client_id = 'b0000000-0000-4000-8000-000000000000'), 0, '...and shows none of B''s rows');

-- a hostile search_path: look-alike "=", now(), current_client_id(), gen_random_uuid()
SET LOCAL search_path = sec_evil, pg_catalog, pod_amplify, public;
SELECT is(pod_amplify.current_client_id(), 'a0000000-0000-4000-8000-000000000000'::uuid, 'current_client_id ignores the hostile search_path');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('b1c00000-0000-4000-8000-000000000000')$$, '42501', NULL, 'engine SQL does not use the hostile "="');
SELECT throws_ok($$SELECT pod_amplify.complete_activity('f0c00000-0000-4000-8000-000000000000')$$, 'P0002', NULL, 'unknown ids stay unknown under the hostile "="');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'comment')$$,
    '23514', NULL, 'validation triggers keep their rules under the hostile search_path');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities WHERE client_id OPERATOR(pg_catalog.=) 'b0000000-0000-4000-8000-000000000000'), 0, 'row-level security keeps its policies under the hostile search_path');
SELECT lives_ok($$INSERT INTO pod_amplify.posts (client_id, status) VALUES ('a0000000-0000-4000-8000-000000000000', 'draft')$$, 'defaults use pg_catalog.gen_random_uuid, not the look-alike');
RESET search_path;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities WHERE id = 'b1c00000-0000-4000-8000-000000000000' AND status = 'pending' AND lease_owner IS NULL), 1, 'B''s activity is untouched after all of it');
-- SECURITY DEFINER: current_client_id; from 1.2 also the operator tools
-- archive_activities, backfill and rule_violations (EXECUTE granted deliberately).
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
           WHERE p.pronamespace = 'pod_amplify'::regnamespace AND p.prosecdef),
          CASE WHEN (SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify') = '1.1' THEN ARRAY['current_client_id']
               ELSE ARRAY['archive_activities', 'backfill', 'current_client_id', 'rule_violations'] END,
          'the SECURITY DEFINER functions are exactly the expected ones');

SELECT * FROM finish();
ROLLBACK;
