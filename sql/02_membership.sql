-- Membership rules on real rows. Each refused statement leaves nothing behind.
-- Acme and Globex (sql/fixtures/tenants.sql).
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/tenants.sql
-- A user of another client cannot join Acme's pod.
INSERT INTO pod_amplify.pod_members (pod_id, user_id)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000');
-- A member cannot be linked to someone else's LinkedIn account.
INSERT INTO pod_amplify.pod_members (pod_id, user_id, linkedin_account_id)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'a1a00000-0000-4000-8000-000000000000');
-- A pod has at most one owner.
INSERT INTO pod_amplify.pod_members (pod_id, user_id, role)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', 'owner');
UPDATE pod_amplify.pod_members SET role = 'owner' WHERE id = 'a2e00000-0000-4000-8000-000000000000';
-- Moving a member into another client's pod is refused too.
UPDATE pod_amplify.pod_members SET pod_id = 'b0d00000-0000-4000-8000-000000000000'
WHERE id = 'a2e00000-0000-4000-8000-000000000000';
-- The owner may stay owner, and a plain member without an account joins fine.
UPDATE pod_amplify.pod_members SET role = 'owner' WHERE id = 'a1e00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id)
VALUES ('a3e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000');
-- Unknown ids are the foreign keys' to report.
INSERT INTO pod_amplify.pod_members (pod_id, user_id)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'f0000000-0000-4000-8000-000000000000');
SELECT m.id, u.email, m.role, m.linkedin_account_id IS NOT NULL AS has_account
FROM pod_amplify.pod_members m JOIN pod_amplify.users u ON u.id = m.user_id
ORDER BY m.id;
