-- Claims never hand out an action through a Unipile account id that two users
-- hold (1.2). 1.2 refuses such a binding on every write; rows 1.0 and 1.1 let
-- in (here: tenant B wrote tenant A's id into its own linked account) are kept
-- by the upgrade, and an owner's load skips the rules. Such an activity fails
-- at its claim, never attempted, whoever's it is; others are claimed as ever.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SET LOCAL pod_amplify.auto_schedule = off;
-- Around the clock, no gap, no cap: a re-queued activity is due at once
-- (1.2 places it in its member's working hours, keeping the gap and caps).
SET LOCAL pod_amplify.active_hours = '00:00-24:00';
SET LOCAL pod_amplify.active_days = 'mon-sun';
SET LOCAL pod_amplify.account_min_gap = 0;
SET LOCAL pod_amplify.member_daily_cap = 0;
INSERT INTO pod_amplify.users (id, client_id, email) VALUES
    ('b2000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2@t');
INSERT INTO pod_amplify.linkedin_accounts (id, user_id) VALUES
    ('b2a00000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role, unipile_account_id) VALUES
    ('b2e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000',
     'b2a00000-0000-4000-8000-000000000000', 'member', NULL),
    ('a3e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000',
     NULL, 'member', 'cleanAcct001');
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'victimAcct01' WHERE id = 'a2a00000-0000-4000-8000-000000000000';
-- 5: A2's, leased to w0 before any dispute (as under 1.1).
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('d1c00000-0000-4000-8000-000000000005', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a2e00000-0000-4000-8000-000000000000', 'repost', now() - interval '5 minutes');
SELECT count(*) FROM pod_amplify.claim_activities('w0', 1);
-- B's binding of A's id, as a bulk load (a restore of what 1.1 let in) writes
-- it: no rule applied. And an account of B no member uses, bearing A3's id.
SET LOCAL row_security = off;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'victimAcct01' WHERE id = 'b2a00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id) VALUES
    ('b3a00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'cleanAcct001');
RESET row_security;
-- 1: A2 through the disputed id (A's own); 2: B2 through it (B's); 3: A3, clean. Oldest first: 2, 1, 3.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('d1c00000-0000-4000-8000-000000000001', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '2 minutes'),
    ('d1c00000-0000-4000-8000-000000000002', 'b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000',
     'b2e00000-0000-4000-8000-000000000000', 'repost', now() - interval '3 minutes'),
    ('d1c00000-0000-4000-8000-000000000003', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000',
     'a3e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute');
CREATE FUNCTION pg_temp.d(p_n int) RETURNS uuid LANGUAGE sql AS $$ SELECT ('d1c00000-0000-4000-8000-00000000000' || p_n)::uuid $$;
SELECT plan(15);

SELECT is((SELECT count(*)::int FROM pod_amplify.rule_violations() WHERE rule = 'unipile_id_one_user'), 4,
          'the fixture: two ids, each held by two users (rule_violations lists the four rows)');
SELECT is((SELECT count(*)::int FROM pod_amplify.rule_violations() WHERE rule = 'unipile_id_one_user' AND row_id = 'b3a00000-0000-4000-8000-000000000000'), 1,
          'B''s unlinked account bearing A3''s id breaks the rule too (listed)');
SELECT is((SELECT string_agg(unipile_account_id, ',' ORDER BY unipile_account_id) FROM pod_amplify.unipile_disputes),
          'cleanAcct001,victimAcct01', 'the load listed both ids as disputed (once each)');
SELECT results_eq($$SELECT right(id::text, 1)::int FROM pod_amplify.claim_activities('w1', 10)$$, ARRAY[3],
                  'claim_activities hands out only the activity whose account id one user holds (A3''s: the other holder of its id is an account no member acts through)');
SELECT results_eq(
    $$SELECT right(id::text, 1)::int, status, attempt_number, lease_owner, error_history->-1->>'kind', error_history->-1->>'worker',
             (error_history->-1->>'retryable')::boolean, error_message
      FROM pod_amplify.pod_activities WHERE id IN (pg_temp.d(1), pg_temp.d(2)) ORDER BY id$$,
    $$SELECT n, 'failed', 1, NULL::text, 'claim_refused', 'w1', false,
             'unipile rule: the Unipile account id this activity would act through is connected to more than one user; '
             'not attempted (once one user holds it, pod_amplify.retry_activity)'
      FROM unnest(ARRAY[1, 2]) n$$,
    'both disputed activities (A''s own and B''s) failed at the claim, never leased, the rule named (no id, no tenant)');

-- w0 claims again (a restart, a lost answer): the lease it took before the
-- dispute is not handed back; it fails as the others did.
SELECT is((SELECT count(*)::int FROM pod_amplify.claim_activities('w0', 1)), 0, 'w0''s hand-back does not return its disputed lease');
SELECT is((SELECT status || ' ' || (error_history->-1->>'kind') FROM pod_amplify.pod_activities WHERE id = pg_temp.d(5)),
          'failed claim_refused', 'and that activity failed at the claim');

-- The same through report_and_claim, for an activity dated later.
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('d1c00000-0000-4000-8000-000000000004', 'b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000',
     'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute');
SELECT results_eq($$SELECT kind, right(id::text, 1)::int, status FROM pod_amplify.report_and_claim('w1', ARRAY[pg_temp.d(3)], ARRAY['success'], NULL, 5)$$,
                  $$VALUES ('report', 3, 'success')$$,
                  'report_and_claim reports and claims nothing: the one due activity acts through the disputed id');
SELECT is((SELECT status || ' ' || (error_history->-1->>'kind') FROM pod_amplify.pod_activities WHERE id = pg_temp.d(4)),
          'failed claim_refused', 'and it failed at that claim');
SELECT is((SELECT participation_score FROM pod_amplify.pod_members WHERE id = 'b2e00000-0000-4000-8000-000000000000'), 0,
          'no score for what was refused');

-- An operator leaves one user holding the id; the victim's activity is retried and claimed.
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = NULL WHERE id = 'b2a00000-0000-4000-8000-000000000000';
DELETE FROM pod_amplify.linkedin_accounts WHERE id = 'b3a00000-0000-4000-8000-000000000000';
SELECT is((SELECT count(*)::int FROM pod_amplify.rule_violations() WHERE rule = 'unipile_id_one_user'), 0, 'resolved');
SELECT is((SELECT count(*)::int FROM pod_amplify.unipile_disputes), 2, 'still listed until housekeeping');
SELECT pod_amplify.reap_expired_leases();
SELECT is((SELECT count(*)::int FROM pod_amplify.unipile_disputes), 0, 'housekeeping (reap_expired_leases) drops the settled id');
SELECT is((SELECT status FROM pod_amplify.retry_activity(pg_temp.d(1))), 'pending', 'retry_activity re-queues A''s activity');
SELECT results_eq($$SELECT right(id::text, 1)::int, lease_owner FROM pod_amplify.claim_activities('w1', 10)$$,
                  $$VALUES (1, 'w1')$$, 'and the next claim hands it out');
SELECT * FROM finish();
ROLLBACK;
