-- A database upgraded from 1.0 whose backfill has not run: the engine's first
-- update of a legacy row fills it in from its post, pod, member and user. A
-- row another session holds FOR UPDATE (a tenant may lock its own post or
-- user) is skipped, not waited for: the legacy row is left for the backfill,
-- and the claim or report goes on for every tenant.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE EXTENSION pod_amplify VERSION '1.0';
INSERT INTO pod_amplify.clients (id, name) VALUES ('a0000000-0000-4000-8000-000000000000', 'A'), ('b0000000-0000-4000-8000-000000000000', 'B');
INSERT INTO pod_amplify.users (id, client_id, email) VALUES
 ('a1000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1@t'),
 ('a2000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a2@t'),
 ('b1000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1@t'),
 ('b2000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2@t');
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES
 ('a0d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'pod A'),
 ('b0d00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'pod B');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, role) VALUES
 ('a1e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'owner'),
 ('a2e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'member'),
 ('b1e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'owner'),
 ('b2e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000', 'member');
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
 ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'published'),
 ('b1b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'published');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
 ('bb000001-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '2 hours'),
 ('aa000001-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 hour');
ALTER EXTENSION pod_amplify UPDATE;
SELECT CASE WHEN count(*) = 2 THEN 'verdict: PASS' ELSE 'verdict: FAIL legacy rows: ' || count(*) END
FROM pod_amplify.pod_activities WHERE client_id IS NULL;

\ir outcome.sql
SELECT dblink_connect('holder', format('dbname=%s host=%s port=%s user=%s', current_database(),
       split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'), current_user));

-- 1. A's post held FOR UPDATE: the claim takes both at once; A's row stays legacy.
SELECT dblink_exec('holder', 'BEGIN');
SELECT x FROM dblink('holder', $$SELECT 1 FROM pod_amplify.posts WHERE id = 'a1b00000-0000-4000-8000-000000000000' FOR UPDATE$$) AS t(x int);
SET lock_timeout = '3s';
SELECT CASE WHEN v = 'aa000001 -, bb000001 b0000000' THEN 'verdict: PASS' ELSE 'verdict: FAIL claim: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(left(id::text, 8) || ' ' || coalesce(left(client_id::text, 8), '-'), ', ' ORDER BY id)
  FROM pod_amplify.claim_activities('il-w1', 2)$$) v;
RESET lock_timeout;
SELECT dblink_exec('holder', 'COMMIT');

-- 2. A's member's user held FOR UPDATE: the successes (and the scores) are recorded at once.
SELECT dblink_exec('holder', 'BEGIN');
SELECT x FROM dblink('holder', $$SELECT 1 FROM pod_amplify.users WHERE id = 'a2000000-0000-4000-8000-000000000000' FOR UPDATE$$) AS t(x int);
SET lock_timeout = '3s';
SELECT CASE WHEN v = 'aa000001 t recorded, bb000001 t recorded' THEN 'verdict: PASS' ELSE 'verdict: FAIL report: ' || v END
FROM pg_temp.value_of($$SELECT string_agg(format('%s %s %s', left(id::text, 8), accepted, reason), ', ' ORDER BY id)
  FROM pod_amplify.report_activities('il-w1', ARRAY['bb000001-0000-4000-8000-000000000000', 'aa000001-0000-4000-8000-000000000000']::uuid[],
                                     ARRAY['success', 'success'])$$) v;
RESET lock_timeout;
SELECT dblink_exec('holder', 'COMMIT');
SELECT CASE WHEN string_agg(format('%s %s', left(id::text, 8), participation_score), ', ' ORDER BY id) = 'a2e00000 1, b2e00000 1'
            THEN 'verdict: PASS' ELSE 'verdict: FAIL scores: ' || string_agg(format('%s %s', left(id::text, 8), participation_score), ', ') END
FROM pod_amplify.pod_members WHERE id IN ('a2e00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000');

-- 3. The backfill fills in what was skipped.
DO $$ BEGIN FOR i IN 1..20 LOOP EXIT WHEN pod_amplify.backfill(1000) = 0; END LOOP; END $$;
SELECT CASE WHEN count(*) FILTER (WHERE client_id IS NULL) = 0 THEN 'verdict: PASS' ELSE 'verdict: FAIL left unfilled after backfill' END
FROM pod_amplify.pod_activities;
SELECT CASE WHEN count(*) = 0 THEN 'verdict: PASS' ELSE 'verdict: FAIL rule_violations(): ' || count(*) END
FROM pod_amplify.rule_violations();
