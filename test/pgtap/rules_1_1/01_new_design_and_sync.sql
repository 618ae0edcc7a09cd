-- 1.1 rules: new-design members and activities, the legacy/new sync, the
-- errors of section 4. Uses the shared 1.0 fixture.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
UPDATE pod_amplify.linkedin_accounts SET profile_url = 'https://www.linkedin.com/in/A-Two/', unipile_account_id = 'unipileA2xyz'
WHERE id = 'a2a00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.users SET full_name = 'Aa Two' WHERE id = 'a2000000-0000-4000-8000-000000000000';
SELECT plan(36);

-- legacy writes get the new columns
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
VALUES ('a2f00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', NULL)
ON CONFLICT DO NOTHING;
SELECT is((SELECT (client_id, name, linkedin_url, unipile_account_id)::text FROM pod_amplify.pod_members
           WHERE id = 'a2e00000-0000-4000-8000-000000000000'),
          '(a0000000-0000-4000-8000-000000000000,,,)', 'a 1.0 insert (before the account had a URL) got the pod''s client');
UPDATE pod_amplify.pod_members SET linkedin_account_id = NULL WHERE id = 'a2e00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_members SET linkedin_account_id = 'a2a00000-0000-4000-8000-000000000000' WHERE id = 'a2e00000-0000-4000-8000-000000000000';
SELECT is((SELECT (client_id, linkedin_url, unipile_account_id)::text FROM pod_amplify.pod_members
           WHERE id = 'a2e00000-0000-4000-8000-000000000000'),
          '(a0000000-0000-4000-8000-000000000000,https://www.linkedin.com/in/a-two,unipileA2xyz)',
          'linking an account (1.0 statement) fills linkedin_url normalised and unipile_account_id');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
VALUES ('a4e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000', NULL);
SELECT is((SELECT (client_id, name)::text FROM pod_amplify.pod_members WHERE id = 'a4e00000-0000-4000-8000-000000000000'),
          '(a0000000-0000-4000-8000-000000000000,)', 'a legacy member insert gets client_id (name NULL: the user has none)');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type)
VALUES ('a2c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like');
SELECT is((SELECT (action, engagement_type, client_id, attempt_number, max_attempts, status)::text FROM pod_amplify.pod_activities
           WHERE id = 'a2c00000-0000-4000-8000-000000000000'),
          '(like,like,a0000000-0000-4000-8000-000000000000,1,3,pending)', 'a legacy activity insert gets action and client_id');
UPDATE pod_amplify.pod_activities SET status = 'completed' WHERE id = 'a2c00000-0000-4000-8000-000000000000';
SELECT is((SELECT status FROM pod_amplify.pod_activities WHERE id = 'a2c00000-0000-4000-8000-000000000000'),
          'completed', 'the legacy word completed is still accepted');

-- new-design members
SELECT lives_ok($$INSERT INTO pod_amplify.pod_members (id, client_id, user_id, name, linkedin_url, unipile_account_id)
    VALUES ('a3f00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000',
            'Amy', 'https://de.linkedin.com/in/Amy-Three?utm=x', 'unipileAmy3')$$, 'a new-design member joins a client directly');
SELECT is((SELECT (pod_id, name, linkedin_url, unipile_account_id)::text FROM pod_amplify.pod_members
           WHERE id = 'a3f00000-0000-4000-8000-000000000000'),
          '(,Amy,https://www.linkedin.com/in/amy-three,unipileAmy3)', 'its URL is stored normalised');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000')$$,
    '23514', 'membership rule: user a3000000-0000-4000-8000-000000000000 is already a member of client a0000000-0000-4000-8000-000000000000 (member a3f00000-0000-4000-8000-000000000000)',
    'a_user_is_a_new_design_member_of_a_client_once');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000')$$,
    '23514', 'membership rule: user b1000000-0000-4000-8000-000000000000 is not a user of client a0000000-0000-4000-8000-000000000000',
    'new_design_member_of_other_client_is_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, linkedin_url) VALUES ('a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'https://www.linkedin.com@evil.io/in/x')$$,
    '22023', 'invalid LinkedIn profile URL "https://www.linkedin.com@evil.io/in/x": user information before the host is not allowed',
    'malformed_linkedin_url_is_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, linkedin_url) VALUES ('a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', repeat('x', 1000000))$$,
    '22023', NULL, 'one_megabyte_url_is_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, linkedin_url) VALUES ('a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', '')$$,
    '22023', 'invalid LinkedIn profile URL "": empty', 'empty_linkedin_url_is_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, unipile_account_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'bad')$$,
    '22023', 'invalid Unipile account id "bad": must be 6 to 128 characters long', 'short_unipile_id_is_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, unipile_account_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'bad id with spaces')$$,
    '22023', 'invalid Unipile account id "bad id with spaces": may hold only ASCII letters, digits, ''-'' and ''_''', 'malformed_unipile_id_is_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (pod_id, client_id, user_id) VALUES ('a0d00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'a3000000-0000-4000-8000-000000000000')$$,
    '23514', 'membership rule: client_id b0000000-0000-4000-8000-000000000000 is not the client of pod a0d00000-0000-4000-8000-000000000000 (a0000000-0000-4000-8000-000000000000)',
    'client_id_must_match_the_pod');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (user_id) VALUES ('a3000000-0000-4000-8000-000000000000')$$,
    '23514', 'membership rule: a member needs a pod_id or a client_id', 'member_without_pod_or_client_is_refused');
SELECT is(pod_amplify.normalize_linkedin_url('linkedin.com/in/Jane-Doe/'), 'https://www.linkedin.com/in/jane-doe', 'normalize_linkedin_url');
SELECT throws_ok($$SELECT pod_amplify.normalize_linkedin_url('https://linkedin.com.evil.io/in/jane')$$, '22023',
    'invalid LinkedIn profile URL "https://linkedin.com.evil.io/in/jane": the host must be linkedin.com', 'look_alike_host_is_refused');

-- new-design activities
-- (a like: from 1.2 on, a new-design comment also needs its text)
SELECT lives_ok($$INSERT INTO pod_amplify.pod_activities (id, post_id, member_id, action)
    VALUES ('a3c00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a3f00000-0000-4000-8000-000000000000', 'like')$$,
    'a new-design activity needs no pod');
SELECT is((SELECT (engagement_type, client_id)::text FROM pod_amplify.pod_activities WHERE id = 'a3c00000-0000-4000-8000-000000000000'),
          '(like,a0000000-0000-4000-8000-000000000000)', 'it gets engagement_type and client_id');
SELECT is((SELECT engagement_type FROM pod_amplify.pod_activities WHERE id = (
              SELECT id FROM pod_amplify.pod_activities WHERE member_id = 'a3f00000-0000-4000-8000-000000000000' AND action = 'like')),
          'like', 'engagement_type follows action');
UPDATE pod_amplify.pod_activities SET action = 'repost' WHERE id = 'a3c00000-0000-4000-8000-000000000000';
SELECT is((SELECT engagement_type FROM pod_amplify.pod_activities WHERE id = 'a3c00000-0000-4000-8000-000000000000'),
          'repost', 'changing action changes engagement_type');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET action = 'like', engagement_type = 'comment' WHERE id = 'a3c00000-0000-4000-8000-000000000000'$$,
    '23514', 'activity rule: action ''like'' contradicts engagement_type ''comment''', 'contradicting_words_are_refused');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action) VALUES ('b1b00000-0000-4000-8000-000000000000', 'a3f00000-0000-4000-8000-000000000000', 'like')$$,
    '23514', 'activity rule: member a3f00000-0000-4000-8000-000000000000 is not a member of client b0000000-0000-4000-8000-000000000000',
    'new_design_member_cannot_amplify_other_clients_post');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action) VALUES ('a1b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like')$$,
    '23514', 'authorship rule: member a1e00000-0000-4000-8000-000000000000 wrote post a1b00000-0000-4000-8000-000000000000 and cannot amplify it',
    'author_cannot_amplify_own_post_without_pod_either');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (post_id, member_id, action) VALUES ('a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'share')$$,
    '23514', NULL, 'unknown_action_is_refused');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET attempt_number = 4 WHERE id = 'a3c00000-0000-4000-8000-000000000000'$$,
    '55000', 'activity state rule: activity a3c00000-0000-4000-8000-000000000000 cannot pass max_attempts: attempt_number 4 > max_attempts 3',
    'attempt_number_above_max_attempts_is_refused');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET attempt_number = 0 WHERE id = 'a3c00000-0000-4000-8000-000000000000'$$,
    '55000', 'activity state rule: activity a3c00000-0000-4000-8000-000000000000 cannot lower attempt_number from 1 to 0',
    'attempt_number_below_1_is_refused');
SELECT throws_ok($$UPDATE pod_amplify.pod_activities SET status = 'done' WHERE id = 'a3c00000-0000-4000-8000-000000000000'$$,
    '23514', NULL, 'unknown_status_is_refused');

-- the per-statement look-up cache never outlives the statement
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES
    ('a1d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'second pod A');
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a4e00000-0000-4000-8000-000000000000', 'repost');
-- (1.2 refuses to move a member away from its activities: it has none any more)
DELETE FROM pod_amplify.pod_activities WHERE member_id = 'a4e00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.pod_members SET pod_id = 'a1d00000-0000-4000-8000-000000000000' WHERE id = 'a4e00000-0000-4000-8000-000000000000';
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
    VALUES ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a4e00000-0000-4000-8000-000000000000', 'comment')$$,
    '23514', 'activity rule: member a4e00000-0000-4000-8000-000000000000 is not a member of pod a0d00000-0000-4000-8000-000000000000',
    'a member moved to another pod is seen as moved by the next statement');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES
    ('a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a4e00000-0000-4000-8000-000000000000', 'comment'),
    ('a1d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a4e00000-0000-4000-8000-000000000000', 'like'),
    ('a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a1e00000-0000-4000-8000-000000000000', 'like')$$,
    '23514', 'authorship rule: member a1e00000-0000-4000-8000-000000000000 wrote post a1b00000-0000-4000-8000-000000000000 and cannot amplify it',
    'one bad row among cached good ones fails the whole statement');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities WHERE member_id = 'a4e00000-0000-4000-8000-000000000000'), 0,
          'nothing of the refused statement was written');

-- row-level security over new-design rows
CREATE ROLE tap_rules11_tenant;
GRANT USAGE ON SCHEMA pod_amplify TO tap_rules11_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO tap_rules11_tenant;
SET LOCAL ROLE tap_rules11_tenant;
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_members WHERE pod_id IS NULL), 0, 'another tenant sees no new-design member of A');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id) VALUES ('a0000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000')$$,
    '42501', 'tenancy rule: client a0000000-0000-4000-8000-000000000000 belongs to another client than b0000000-0000-4000-8000-000000000000',
    'tenant_cannot_add_new_design_members_to_other_client');
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_members WHERE pod_id IS NULL), 1, 'its own tenant sees its new-design member');
SELECT is((SELECT count(*)::int FROM pod_amplify.pod_activities WHERE pod_id IS NULL), 1, 'and its new-design activity');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
