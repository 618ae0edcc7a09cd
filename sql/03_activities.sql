-- Activity rules on real rows.
-- Acme and Globex (sql/fixtures/tenants.sql); Amy joins Acme's pod without an
-- account, as in 02_membership.
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/tenants.sql
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id)
VALUES ('a3e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000');
-- Ann wrote the post: she cannot amplify it.
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like');
-- Globex's post cannot be amplified through Acme's pod.
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like');
-- A member of Globex's pod is not a member of Acme's pod.
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'b1e00000-0000-4000-8000-000000000000', 'like');
-- Re-pointing an existing activity at the author is refused as well.
UPDATE pod_amplify.pod_activities SET member_id = 'a1e00000-0000-4000-8000-000000000000'
WHERE id = 'a2c00000-0000-4000-8000-000000000000';
-- A bad engagement type is the CHECK constraint's.
\set VERBOSITY terse
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'share');
\set VERBOSITY default
-- Amy amplifies Ann's post: accepted; a 1.0 worker marks Al's repost completed.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for)
VALUES ('a3c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3e00000-0000-4000-8000-000000000000', 'like', '2026-01-01 10:05+00');
UPDATE pod_amplify.pod_activities SET status = 'completed', executed_at = '2026-01-01 10:01+00'
WHERE id = 'a2c00000-0000-4000-8000-000000000000';
SELECT id, member_id, engagement_type, status, scheduled_for AT TIME ZONE 'UTC' AS scheduled_utc
FROM pod_amplify.pod_activities ORDER BY id;
