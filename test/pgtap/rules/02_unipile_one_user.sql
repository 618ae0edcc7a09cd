-- A Unipile account id belongs to one user, on a database at any version the
-- library serves: a member row binding an id another user's account holds is
-- refused (23505, naming no tenant). 1.0 and 1.1 have no trigger on
-- linkedin_accounts, so there an account may already hold a taken id (here
-- written with triggers off, as an unchecked write or a restore leaves it);
-- what stops the takeover is the member's link to it. The writes are a
-- tenant's (row-level security applies): at 1.0 and 1.1 the owner's bulk
-- loads are spared the check (no index on the ids there).
BEGIN;
\i test/pgtap/rules/00_fixture.inc
SELECT plan(4);
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipileA1xxxx' WHERE id = 'a1a00000-0000-4000-8000-000000000000';
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipileA2xxxx' WHERE id = 'a2a00000-0000-4000-8000-000000000000';
SET LOCAL session_replication_role = replica;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
VALUES ('b1a00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'unipileA1xxxx');
SET LOCAL session_replication_role = origin;
INSERT INTO pod_amplify.pods (id, client_id, name)
VALUES ('b2d00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'pod B2');
\i test/pgtap/rules/tenant_role.inc
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000000"}';

SELECT throws_ok($$UPDATE pod_amplify.pod_members SET linkedin_account_id = 'b1a00000-0000-4000-8000-000000000000'
                   WHERE id = 'b1e00000-0000-4000-8000-000000000000'$$,
                 '23505', 'unipile rule: Unipile account id "unipileA1xxxx" is already connected to another user',
                 'client B cannot link its member to an account holding client A''s Unipile id');
SELECT throws_ok($$INSERT INTO pod_amplify.pod_members (pod_id, user_id, linkedin_account_id)
                   VALUES ('b2d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000',
                           'b1a00000-0000-4000-8000-000000000000')$$,
                 '23505', 'unipile rule: Unipile account id "unipileA1xxxx" is already connected to another user',
                 'nor a new member linked to it');
SET LOCAL request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT lives_ok($$UPDATE pod_amplify.pod_members SET linkedin_account_id = NULL WHERE id = 'a2e00000-0000-4000-8000-000000000000';
                  UPDATE pod_amplify.pod_members SET linkedin_account_id = 'a2a00000-0000-4000-8000-000000000000'
                  WHERE id = 'a2e00000-0000-4000-8000-000000000000'$$,
                'a member relinking its own user''s account (an id nobody else holds) is fine');
RESET ROLE;
SELECT lives_ok($$UPDATE pod_amplify.pod_members SET participation_score = participation_score + 1
                  WHERE id = 'a1e00000-0000-4000-8000-000000000000'$$,
                'a score update of a member whose account id is also held elsewhere is not checked (nothing bound)');

SELECT * FROM finish();
ROLLBACK;
