-- 1.1 members hold a Unipile id of their own: on a database still at 1.1 (and
-- later) a member cannot take an id another user's account or member holds.
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SELECT plan(3);
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipileA1xxxx' WHERE id = 'a1a00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_members (id, client_id, user_id, unipile_account_id)
VALUES ('a3e00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000',
        'a3000000-0000-4000-8000-000000000000', 'unipileA3xxxx');
-- A tenant's writes (at 1.1 the owner's bulk loads are spared the check).
\i test/pgtap/rules/tenant_role.inc
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';

SELECT throws_ok($$UPDATE pod_amplify.pod_members SET unipile_account_id = 'unipileA1xxxx'
                   WHERE id = 'b1e00000-0000-4000-8000-000000000000'$$,
                 '23505', 'unipile rule: Unipile account id "unipileA1xxxx" is already connected to another user',
                 'client B''s member cannot take the id of client A''s account');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (client_id, user_id, unipile_account_id)
                   VALUES ('b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'unipileA3xxxx')$$,
                 '23505', 'unipile rule: Unipile account id "unipileA3xxxx" is already connected to another user',
                 'nor a new member the id of client A''s member');
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT lives_ok($$UPDATE pod_amplify.pod_members SET unipile_account_id = 'unipileA3yyyy'
                  WHERE id = 'a3e00000-0000-4000-8000-000000000000'$$,
                'a member changing its own id to a free one is fine');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
