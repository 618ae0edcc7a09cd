-- The attack suite's world: two tenants (A: a…, B: b…) written as their app
-- would, the roles a deployment has, and due activities for both.
SET pod_amplify.auto_schedule = off;
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_attack_tenant') THEN CREATE ROLE pod_attack_tenant; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_attack_worker') THEN CREATE ROLE pod_attack_worker BYPASSRLS; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_attack_operator') THEN CREATE ROLE pod_attack_operator; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_attack_creator') THEN CREATE ROLE pod_attack_creator; END IF;
END $$;
-- A tenant API role (PostgREST's "authenticated"): every table, row-level security decides.
GRANT USAGE ON SCHEMA pod_amplify TO pod_attack_tenant, pod_attack_worker, pod_attack_operator;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO pod_attack_tenant;
-- The worker: BYPASSRLS, reads what claims join, writes activities and scores.
GRANT SELECT ON ALL TABLES IN SCHEMA pod_amplify TO pod_attack_worker;
GRANT UPDATE ON pod_amplify.pod_activities, pod_amplify.pod_members TO pod_attack_worker;
-- An operator without BYPASSRLS, granted the operator tools.
GRANT EXECUTE ON FUNCTION pod_amplify.reap_expired_leases(integer), pod_amplify.backfill(integer),
    pod_amplify.rule_violations() TO pod_attack_operator;

INSERT INTO pod_amplify.clients (id, name) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'Acme'), ('b0000000-0000-4000-8000-000000000000', 'Beta');
INSERT INTO pod_amplify.users (id, client_id, email, full_name, timezone)
SELECT (c || n || '000000-0000-4000-8000-000000000000')::uuid, (c || '0000000-0000-4000-8000-000000000000')::uuid,
       c || n || '@' || c || '.test', upper(c) || n, CASE WHEN n = 2 THEN 'Europe/Berlin' END
FROM unnest(ARRAY['a', 'b']) c, generate_series(1, 4) n;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, profile_url, unipile_account_id)
SELECT (c || n || 'a00000-0000-4000-8000-000000000000')::uuid, (c || n || '000000-0000-4000-8000-000000000000')::uuid,
       'https://www.linkedin.com/in/' || c || n || '-person', 'unipile_' || c || n
FROM unnest(ARRAY['a', 'b']) c, generate_series(1, 4) n;
INSERT INTO pod_amplify.pods (id, client_id, name)
SELECT (c || p || 'd00000-0000-4000-8000-000000000000')::uuid, (c || '0000000-0000-4000-8000-000000000000')::uuid, c || ' pod ' || p
FROM unnest(ARRAY['a', 'b']) c, generate_series(1, 2) p;
-- Users 1-3 of each client in pod 1 (user 1 owns it); user 4 in pod 2.
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role)
SELECT (c || n || 'e00000-0000-4000-8000-000000000000')::uuid,
       (c || CASE WHEN n = 4 THEN 2 ELSE 1 END || 'd00000-0000-4000-8000-000000000000')::uuid,
       (c || n || '000000-0000-4000-8000-000000000000')::uuid, (c || n || 'a00000-0000-4000-8000-000000000000')::uuid,
       CASE WHEN n IN (1, 4) THEN 'owner' ELSE 'member' END
FROM unnest(ARRAY['a', 'b']) c, generate_series(1, 4) n;
-- Post 1 by user 1, post 2 by user 2, each published; post 3 a draft.
INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)
SELECT (c || p || 'b00000-0000-4000-8000-000000000000')::uuid, (c || '0000000-0000-4000-8000-000000000000')::uuid,
       (c || LEAST(p, 2) || '000000-0000-4000-8000-000000000000')::uuid, CASE WHEN p = 3 THEN 'draft' ELSE 'published' END,
       'https://www.linkedin.com/feed/update/urn:li:activity:' || p || '/'
FROM unnest(ARRAY['a', 'b']) c, generate_series(1, 3) p;
-- Users 2 and 3 amplify post 1, due; activity 3 is leased by a worker.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
SELECT (c || '1c0000' || n || '-0000-4000-8000-000000000000')::uuid, (c || '1d00000-0000-4000-8000-000000000000')::uuid,
       (c || '1b00000-0000-4000-8000-000000000000')::uuid, (c || n || 'e00000-0000-4000-8000-000000000000')::uuid,
       'repost', now() - interval '1 hour'
FROM unnest(ARRAY['a', 'b']) c, generate_series(2, 3) n;
UPDATE pod_amplify.pod_activities SET lease_owner = 'fixture-worker', lease_expires_at = now() + interval '1 day'
WHERE id = 'a1c00003-0000-4000-8000-000000000000';
ANALYZE;
