-- pod_amplify 1.1 -> 1.2: tenant-safe by construction, truthful reports,
-- human-like scheduling. Additive like 1.0 -> 1.1: nothing dropped, no table
-- rewritten, every row kept.
--
-- Lock order, so a busy pod_activities is blocked as briefly as possible: the
-- audits read without blocking anyone, indexes and triggers on the smaller
-- tables come next, and everything that locks pod_activities comes last
-- (adding a nullable column without a default changes the catalog only).

\echo Use "ALTER EXTENSION pod_amplify UPDATE TO '1.2'" to load this file. \quit

-- Refuse a hostile precondition before anything runs: the schema must be the
-- installing role's (or a superuser's), and hold nothing the extension does not own.
DO $pod_amplify_guard$
DECLARE
    v_owner name;
    v_foreign text;
BEGIN
    SELECT r.rolname INTO v_owner
    FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
    WHERE n.nspname OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.name
      AND r.rolname OPERATOR(pg_catalog.<>) CURRENT_USER AND NOT r.rolsuper;
    IF FOUND THEN
        RAISE EXCEPTION 'pod_amplify: schema @extschema@ is owned by role %, not by the installing role %', v_owner, CURRENT_USER
            USING ERRCODE = '42501',
                  HINT = 'Another role created the schema first; drop it or give it to the installing role (ALTER SCHEMA ... OWNER TO), check what it holds, then try again.';
    END IF;
    WITH RECURSIVE owned (classid, objid) AS (
        SELECT d.classid, d.objid FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
        WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
          AND d.deptype OPERATOR(pg_catalog.=) 'e' AND e.extname OPERATOR(pg_catalog.=) 'pod_amplify'
        UNION
        SELECT d.classid, d.objid FROM pg_catalog.pg_depend d JOIN owned o
          ON d.refclassid OPERATOR(pg_catalog.=) o.classid AND d.refobjid OPERATOR(pg_catalog.=) o.objid
        WHERE d.deptype OPERATOR(pg_catalog.=) ANY (ARRAY['a', 'i']::pg_catalog."char"[])),
    inschema (classid, objid) AS (
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_class c
        WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid FROM pg_catalog.pg_proc p
        WHERE p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid FROM pg_catalog.pg_type t
        WHERE t.typnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid FROM pg_catalog.pg_operator o
        WHERE o.oprnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_collation c
        WHERE c.collnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_conversion c
        WHERE c.connamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_opclass'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_opclass c
        WHERE c.opcnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid FROM pg_catalog.pg_opfamily f
        WHERE f.opfnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_constraint c
        WHERE c.connamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_ts_config c
        WHERE c.cfgnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, d.oid FROM pg_catalog.pg_ts_dict d
        WHERE d.dictnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, p.oid FROM pg_catalog.pg_ts_parser p
        WHERE p.prsnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_ts_template'::pg_catalog.regclass, t.oid FROM pg_catalog.pg_ts_template t
        WHERE t.tmplnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid FROM pg_catalog.pg_statistic_ext s
        WHERE s.stxnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        UNION ALL SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, e.oid FROM pg_catalog.pg_extension e
        WHERE e.extnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
          AND e.extname OPERATOR(pg_catalog.<>) 'pod_amplify')
    SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(i.classid, i.objid, 0), ', ') INTO v_foreign
    FROM (SELECT i.classid, i.objid FROM inschema i
          WHERE NOT EXISTS (SELECT FROM owned o WHERE o.classid OPERATOR(pg_catalog.=) i.classid
                                                AND o.objid OPERATOR(pg_catalog.=) i.objid)
          ORDER BY 1, 2 LIMIT 10) i;
    IF v_foreign IS NOT NULL THEN
        RAISE EXCEPTION 'pod_amplify: schema @extschema@ holds objects that are not the extension''s: %', v_foreign
            USING ERRCODE = '42501',
                  HINT = 'Whoever could create them could hijack the extension''s code; move or drop them, then try again.';
    END IF;
END
$pod_amplify_guard$;

-------------------------------------------------------------------------------
-- 1. Tenant identity that cannot be redirected: the SECURITY DEFINER function's
--    body is bound to the users table and current_user_id() when it is created
--    (BEGIN ATOMIC), not looked up by name each time it runs.
-------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.current_client_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT u.client_id FROM @extschema@.users u WHERE u.id OPERATOR(pg_catalog.=) @extschema@.current_user_id();
END;

-------------------------------------------------------------------------------
-- 2. Audits of the data 1.1 (and 1.0 before it) let in. One tenant's rows never
--    stop the upgrade for everyone: rows that break a rule are reported and
--    kept (the engine, the backfill and backups tolerate them); pod settings
--    the engine cannot read are repaired to the default, each one named.
-------------------------------------------------------------------------------
-- Every row that breaks a data rule, with the message its trigger would raise.
-- An operator's tool: EXECUTE is granted deliberately, and it runs as the
-- extension's owner so the role it is granted to sees every tenant's rows.
CREATE FUNCTION @extschema@.rule_violations()
    RETURNS TABLE (rule text, table_name text, row_id uuid, message text)
    LANGUAGE c STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'pod_amplify_rule_violations';
REVOKE ALL ON FUNCTION @extschema@.rule_violations() FROM PUBLIC;
-- The same for the backfill (1.1): granted to an operator role without BYPASSRLS
-- it walked only the rows that role could see, or failed on its privileges.
ALTER FUNCTION @extschema@.backfill(integer) SECURITY DEFINER;
-- Its progress is the operator's: row-level security with no policy hides it
-- from every role but the owner (whose backfill() reads it) and BYPASSRLS roles,
-- even where a grant "on all tables in schema" reached it: its last_id names a
-- tenant's row, and a tenant could stall or end the backfill by writing it.
ALTER TABLE @extschema@.backfill_progress ENABLE ROW LEVEL SECURITY;

-- The pod_amplify keys of a pods.settings value that its check would refuse.
CREATE FUNCTION @extschema@.settings_problems(p_settings jsonb)
    RETURNS TABLE (key text, problem text)
    LANGUAGE c STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'pod_amplify_settings_problems';

DO $audit$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT v.rule, pg_catalog.count(*) AS n,
                    pg_catalog.string_agg(v.table_name OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) v.row_id::pg_catalog.text, ', ' ORDER BY v.row_id)
                        FILTER (WHERE v.row_id IS NOT NULL) AS sample
             FROM @extschema@.rule_violations() v GROUP BY v.rule ORDER BY v.rule
    LOOP
        RAISE WARNING 'pod_amplify 1.2: % row(s) break the rule "%"; they are kept as they are', r.n, r.rule
            USING DETAIL = pg_catalog.left(r.sample, 800),
                  HINT = 'SELECT * FROM pod_amplify.rule_violations() lists them with the message each would raise; fix or delete them.';
    END LOOP;
    FOR r IN SELECT p.id, pg_catalog.array_agg(s.key ORDER BY s.key) AS keys,
                    pg_catalog.string_agg(pg_catalog.format('"%s" (%s)', s.key, s.problem), ', ' ORDER BY s.key) AS what
             FROM @extschema@.pods p, LATERAL @extschema@.settings_problems(p.settings) s
             GROUP BY p.id ORDER BY p.id
    LOOP
        RAISE WARNING 'pod_amplify 1.2: pod %: setting(s) % removed; the defaults apply', r.id, r.what;
        UPDATE @extschema@.pods p SET settings = p.settings OPERATOR(pg_catalog.-) r.keys WHERE p.id OPERATOR(pg_catalog.=) r.id;
    END LOOP;
END
$audit$;

-------------------------------------------------------------------------------
-- 3. A Unipile account id belongs to one user (23505 otherwise, naming nobody).
--    Indexes for the look-up; ids already shared between users are reported.
-------------------------------------------------------------------------------
--    Hash indexes: the look-up is by equality only, and 1.0 and 1.1 never checked
--    linkedin_accounts.unipile_account_id, so a tenant's value may be longer than
--    a B-tree entry can hold (that would fail this upgrade for everyone).
CREATE INDEX linkedin_accounts_unipile_account_id_idx ON @extschema@.linkedin_accounts
    USING hash (unipile_account_id) WHERE unipile_account_id IS NOT NULL;
CREATE INDEX pod_members_unipile_account_id_idx ON @extschema@.pod_members
    USING hash (unipile_account_id) WHERE unipile_account_id IS NOT NULL;
-- Two sessions binding the same id to different users are serialised by a row
-- lock here (one row per id's hash), not an advisory lock: any role may take an
-- advisory lock on a key it computes (hashtext of a victim's id) or reads in
-- pg_locks, and hold it to stall that id's writes; nobody but the extension's
-- owner can lock these rows (no grants; row-level security without policies).
-- Not dumped: it holds no data, only lock targets.
-- The key is the id hashed with a secret seed of this database (owner-only,
-- like the lock rows), so that nobody can compute an id of their own whose key
-- collides with someone else's and hold that.
CREATE TABLE @extschema@.unipile_id_locks (key integer PRIMARY KEY);
ALTER TABLE @extschema@.unipile_id_locks ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON @extschema@.unipile_id_locks FROM PUBLIC;
CREATE TABLE @extschema@.unipile_lock_seed (seed bigint NOT NULL);
ALTER TABLE @extschema@.unipile_lock_seed ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON @extschema@.unipile_lock_seed FROM PUBLIC;
INSERT INTO @extschema@.unipile_lock_seed (seed)
SELECT ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(pg_catalog.md5(pg_catalog.gen_random_uuid()::pg_catalog.text), 1, 16))::pg_catalog.bit(64)::pg_catalog.int8;
-- Ids that more than one user holds (kept by this upgrade; loaded so by a
-- restore, which skips the rules): claims look here first and, when any is
-- listed, refuse actions through such an id (owner-only, row-level security
-- without policies). Housekeeping drops an id once one user holds it. Not
-- dumped: a restore lists again what it loads.
CREATE TABLE @extschema@.unipile_disputes (unipile_account_id text NOT NULL);
ALTER TABLE @extschema@.unipile_disputes ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON @extschema@.unipile_disputes FROM PUBLIC;
DO $unipile$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT x.unipile_account_id, pg_catalog.count(DISTINCT x.user_id) AS users FROM (
                 SELECT a.unipile_account_id, a.user_id FROM @extschema@.linkedin_accounts a WHERE a.unipile_account_id IS NOT NULL
                 UNION ALL
                 SELECT m.unipile_account_id, m.user_id FROM @extschema@.pod_members m WHERE m.unipile_account_id IS NOT NULL) x
             GROUP BY x.unipile_account_id HAVING pg_catalog.count(DISTINCT x.user_id) OPERATOR(pg_catalog.>) 1
    LOOP
        RAISE WARNING 'pod_amplify 1.2: Unipile account id "%" is connected to % users; new connections of it are refused and no action through it is claimed until one remains',
            r.unipile_account_id, r.users;
        INSERT INTO @extschema@.unipile_disputes (unipile_account_id) VALUES (r.unipile_account_id);
    END LOOP;
END
$unipile$;

-------------------------------------------------------------------------------
-- 4. The rules hold whatever table is written: triggers on every table a rule
--    reads refuse a change that would leave a dependent row breaking one.
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.check_post_write() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_check_post_write';
CREATE TRIGGER posts_check_rules
    AFTER INSERT OR UPDATE OF author_id, client_id ON @extschema@.posts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_post_write();

CREATE FUNCTION @extschema@.check_pod_move() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_check_pod_move';
CREATE TRIGGER pods_check_rules
    AFTER UPDATE OF client_id ON @extschema@.pods
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_pod_move();

CREATE FUNCTION @extschema@.check_user_move() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_check_user_move';
CREATE TRIGGER users_check_rules
    AFTER UPDATE OF client_id ON @extschema@.users
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_user_move();

CREATE FUNCTION @extschema@.check_account_move() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_check_account_move';
CREATE TRIGGER linkedin_accounts_check_rules
    AFTER UPDATE OF user_id ON @extschema@.linkedin_accounts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_account_move();

CREATE FUNCTION @extschema@.validate_linkedin_account() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_linkedin_account';
CREATE TRIGGER linkedin_accounts_validate
    BEFORE INSERT OR UPDATE OF unipile_account_id, user_id ON @extschema@.linkedin_accounts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_linkedin_account();

CREATE FUNCTION @extschema@.check_member_move() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_check_member_move';
CREATE TRIGGER pod_members_check_rules
    AFTER UPDATE OF pod_id, user_id, client_id ON @extschema@.pod_members
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_member_move();

-- Before any write to those tables: the activity trigger's cached facts are
-- dropped, and an update of a column a rule reads locks its row FOR UPDATE
-- first, so that a concurrent insert of a dependent row either is waited for
-- (and the check above sees it) or waits and reads the new version.
CREATE FUNCTION @extschema@.fact_row_changing() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_fact_row_changing';
CREATE TRIGGER posts_fact_row_changing
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.posts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.fact_row_changing();
CREATE TRIGGER pods_fact_row_changing
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.pods
    FOR EACH ROW EXECUTE FUNCTION @extschema@.fact_row_changing();
CREATE TRIGGER users_fact_row_changing
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.users
    FOR EACH ROW EXECUTE FUNCTION @extschema@.fact_row_changing();
CREATE TRIGGER linkedin_accounts_fact_row_changing
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.linkedin_accounts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.fact_row_changing();
CREATE TRIGGER pod_members_fact_row_changing
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.pod_members
    FOR EACH ROW EXECUTE FUNCTION @extschema@.fact_row_changing();

-- Members: the 1.2 rules (a Unipile account id belongs to one user).
CREATE OR REPLACE FUNCTION @extschema@.validate_membership() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_membership_1_2';

-------------------------------------------------------------------------------
-- 5. Users: a time zone each (NULL: pod_amplify.default_timezone), one of
--    PostgreSQL's own, stored under its canonical name.
-------------------------------------------------------------------------------
ALTER TABLE @extschema@.users ADD COLUMN timezone text;
CREATE FUNCTION @extschema@.validate_user() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_user';
CREATE TRIGGER users_validate
    BEFORE INSERT OR UPDATE OF timezone ON @extschema@.users
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_user();

-------------------------------------------------------------------------------
-- 6. Truthful reports: one call for a worker's batch, each id applied or refused
--    on its own with the reason; one heartbeat for every unreported activity.
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.report_activities(p_worker text, p_ids uuid[], p_outcomes text[], p_details text[] DEFAULT NULL)
    RETURNS TABLE (id uuid, accepted boolean, reason text, status text, attempt_number integer)
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_report_activities';

CREATE FUNCTION @extschema@.extend_leases(p_ids uuid[], p_worker text, p_lease interval DEFAULT NULL)
    RETURNS TABLE (id uuid, extended boolean, lease_expires_at timestamptz)
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_extend_leases';

-- A worker's report and its next claim in one call, hence one transaction: one
-- commit and one round trip a cycle instead of two. Report rows first (kind
-- 'report', one per id, as report_activities), then claimed rows (kind 'claim',
-- the activity in `activity`, as claim_activities: own live leases first, unless
-- p_hand_back is false: a worker that lost no answer knows its leases).
CREATE FUNCTION @extschema@.report_and_claim(p_worker text, p_ids uuid[], p_outcomes text[],
                                             p_details text[] DEFAULT NULL, p_limit integer DEFAULT 1,
                                             p_lease interval DEFAULT NULL, p_hand_back boolean DEFAULT true)
    RETURNS TABLE (kind text, id uuid, accepted boolean, reason text, status text, attempt_number integer,
                   activity @extschema@.pod_activities)
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_report_and_claim';

-- A success reported while another transaction held its activity or member (a
-- tenant's open transaction) cannot be written to the row yet, and the action
-- did happen: it is kept here, in the database rather than in the worker's
-- memory, until the row is free. While it waits, no claim hands the activity
-- back to its worker and its lapse is no failed attempt: the reaper records the
-- success instead, or renews the lease while the member is still held. Only
-- the engine reads and writes it (no grants; row-level security without
-- policies, so a later GRANT ... ON ALL TABLES reveals nothing). Dumped: a
-- restore keeps what a worker did.
CREATE TABLE @extschema@.waiting_successes (
    activity_id uuid PRIMARY KEY,
    worker text NOT NULL,
    attempt_number integer NOT NULL,  -- the attempt it answers: a later attempt is not this one
    repost_url text,
    reported_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
ALTER TABLE @extschema@.waiting_successes ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON @extschema@.waiting_successes FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.waiting_successes', '');

-- The reaper (claims reap too) applies waiting successes. CREATE OR REPLACE
-- keeps the function's grants.
CREATE OR REPLACE FUNCTION @extschema@.reap_expired_leases(p_limit integer DEFAULT 1000) RETURNS integer
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_reap_expired_leases_1_2';

-------------------------------------------------------------------------------
-- 7. Human-like scheduling: working hours in each member's zone, spacing per
--    account, per-action caps, comments with their text. schedule_post gains a
--    last argument; the 1.1 signature is replaced (a call with 1 to 3 arguments
--    is the same call), keeping whatever EXECUTE grants it had.
-------------------------------------------------------------------------------
DO $schedule_post$
DECLARE
    v_acl pg_catalog.aclitem[];
    v_dependents text;
    g record;
BEGIN
    SELECT p.proacl INTO v_acl FROM pg_catalog.pg_proc p
    WHERE p.oid OPERATOR(pg_catalog.=) '@extschema@.schedule_post(uuid, text, timestamp with time zone)'::pg_catalog.regprocedure;
    SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), ', ') INTO v_dependents
    FROM pg_catalog.pg_depend d
    WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND d.refobjid OPERATOR(pg_catalog.=) '@extschema@.schedule_post(uuid, text, timestamp with time zone)'::pg_catalog.regprocedure
      AND d.deptype OPERATOR(pg_catalog.=) 'n';
    IF v_dependents IS NOT NULL THEN
        RAISE EXCEPTION 'pod_amplify 1.2 upgrade refused: % call(s) pod_amplify.schedule_post(uuid, text, timestamptz), whose signature 1.2 extends', v_dependents
            USING ERRCODE = '2BP01',
                  HINT = 'Drop them, update the extension, and create them again (their calls stay valid). Nothing was changed.';
    END IF;
    DROP FUNCTION @extschema@.schedule_post(uuid, text, timestamptz);
    CREATE FUNCTION @extschema@.schedule_post(p_post_id uuid, p_action text DEFAULT 'repost',
                                              p_not_before timestamptz DEFAULT pg_catalog.now(),
                                              p_comment_texts text[] DEFAULT NULL)
        RETURNS integer
        LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_schedule_post_1_2';
    -- Grants made on the 1.1 function carry over: real GRANT / REVOKE (so the
    -- roles' dependencies are recorded and DROP OWNED sees them), then the
    -- extension's record of them as initial privileges is dropped, so that
    -- pg_dump keeps dumping them as the installation's own.
    IF v_acl IS NOT NULL THEN
        IF NOT EXISTS (SELECT FROM pg_catalog.aclexplode(v_acl) x
                       WHERE x.grantee OPERATOR(pg_catalog.=) 0 AND x.privilege_type OPERATOR(pg_catalog.=) 'EXECUTE') THEN
            REVOKE EXECUTE ON FUNCTION @extschema@.schedule_post(uuid, text, timestamptz, text[]) FROM PUBLIC;
        END IF;
        FOR g IN SELECT x.grantee, x.is_grantable FROM pg_catalog.aclexplode(v_acl) x, pg_catalog.pg_proc f
                 WHERE f.oid OPERATOR(pg_catalog.=) '@extschema@.schedule_post(uuid, text, timestamp with time zone, text[])'::pg_catalog.regprocedure
                   AND x.privilege_type OPERATOR(pg_catalog.=) 'EXECUTE' AND x.grantee OPERATOR(pg_catalog.<>) f.proowner
                   AND (x.grantee OPERATOR(pg_catalog.<>) 0 OR x.is_grantable)
        LOOP
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION @extschema@.schedule_post(uuid, text, timestamptz, text[]) TO %s%s',
                                      CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                                           ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END,
                                      CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
        DELETE FROM pg_catalog.pg_init_privs i
        WHERE i.objoid OPERATOR(pg_catalog.=) '@extschema@.schedule_post(uuid, text, timestamp with time zone, text[])'::pg_catalog.regprocedure
          AND i.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass;
    END IF;
END
$schedule_post$;

CREATE OR REPLACE FUNCTION @extschema@.schedule_on_publish() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_schedule_on_publish_1_2';

-------------------------------------------------------------------------------
-- 8. Retention: finished activities leave the hot table for an archive, so
--    claims, schedules and a tenant's reads do not grow with years of history.
--    Stats read both tables; scores live on pod_members and are untouched;
--    schedule_post still sees an archived action on a post (idempotent per
--    action); pg_dump keeps the archive like every other table. Only the engine
--    writes it: archive_activities() as the owner, or an owner / BYPASSRLS
--    operator. (Its foreign keys lock the tables they reference against writers
--    until COMMIT: it comes late, just before the indexes on pod_activities.)
-------------------------------------------------------------------------------
CREATE TABLE @extschema@.pod_activities_archive (
    id uuid PRIMARY KEY,
    client_id uuid NOT NULL REFERENCES @extschema@.clients (id) ON DELETE CASCADE,
    pod_id uuid REFERENCES @extschema@.pods (id) ON DELETE CASCADE,
    post_id uuid NOT NULL REFERENCES @extschema@.posts (id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES @extschema@.pod_members (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    action text NOT NULL CHECK (action IN ('like', 'comment', 'repost')),
    status text NOT NULL CHECK (status IN ('success', 'completed', 'failed')),
    scheduled_for timestamptz NOT NULL,
    executed_at timestamptz,
    created_at timestamptz NOT NULL,
    attempt_number integer NOT NULL,
    max_attempts integer NOT NULL,
    error_message text,
    repost_url text,
    comment_text text,
    error_history jsonb NOT NULL,
    origin text NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.pod_activities_archive IS
    'Finished activities moved out of pod_activities by archive_activities(); written by the engine only.';
-- schedule_post's "does this user have this action on the post" and the cascades.
CREATE INDEX pod_activities_archive_post_idx ON @extschema@.pod_activities_archive (post_id, user_id);
CREATE INDEX pod_activities_archive_member_idx ON @extschema@.pod_activities_archive (member_id);
CREATE INDEX pod_activities_archive_pod_idx ON @extschema@.pod_activities_archive (pod_id);
CREATE INDEX pod_activities_archive_client_idx ON @extschema@.pod_activities_archive (client_id, scheduled_for);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.pod_activities_archive', '');

-- Whoever may read pod_activities may read its archive (activity_stats reads
-- both, as the caller; row-level security decides the rows): the same grants,
-- table-wide or on the columns both tables have. Real GRANTs, so that the
-- roles' dependencies are recorded (DROP OWNED and DROP ROLE see them); then
-- the extension's record of them as its initial privileges is dropped, so that
-- pg_dump dumps them as the installation's own and a restore keeps them.
DO $archive_grants$
DECLARE
    g record;
    v_granted boolean := false;
BEGIN
    FOR g IN
        SELECT x.grantee, x.is_grantable, NULL::text AS columns
        FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) x
        WHERE c.oid OPERATOR(pg_catalog.=) '@extschema@.pod_activities'::pg_catalog.regclass
          AND x.privilege_type OPERATOR(pg_catalog.=) 'SELECT' AND x.grantee OPERATOR(pg_catalog.<>) c.relowner
        UNION ALL
        SELECT x.grantee, x.is_grantable,
               pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a, pg_catalog.aclexplode(a.attacl) x
        WHERE a.attrelid OPERATOR(pg_catalog.=) '@extschema@.pod_activities'::pg_catalog.regclass
          AND x.privilege_type OPERATOR(pg_catalog.=) 'SELECT' AND NOT a.attisdropped
          AND EXISTS (SELECT FROM pg_catalog.pg_attribute b
                      WHERE b.attrelid OPERATOR(pg_catalog.=) '@extschema@.pod_activities_archive'::pg_catalog.regclass
                        AND b.attname OPERATOR(pg_catalog.=) a.attname AND NOT b.attisdropped)
        GROUP BY x.grantee, x.is_grantable
    LOOP
        EXECUTE pg_catalog.format('GRANT SELECT %s ON @extschema@.pod_activities_archive TO %s%s',
                                  COALESCE('(' OPERATOR(pg_catalog.||) g.columns OPERATOR(pg_catalog.||) ')', ''),
                                  CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                                       ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END,
                                  CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        v_granted := true;
    END LOOP;
    IF v_granted THEN
        DELETE FROM pg_catalog.pg_init_privs i
        WHERE i.objoid OPERATOR(pg_catalog.=) '@extschema@.pod_activities_archive'::pg_catalog.regclass
          AND i.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass;
    END IF;
END
$archive_grants$;

ALTER TABLE @extschema@.pod_activities_archive ENABLE ROW LEVEL SECURITY;
CREATE POLICY pod_activities_archive_tenant ON @extschema@.pod_activities_archive
    USING (client_id OPERATOR(pg_catalog.=) (SELECT @extschema@.current_client_id()));

-- A role that row-level security restricts (a tenant, even one granted more
-- than the README says) writes nothing here: an archived row it could insert
-- would stop schedule_post from scheduling that user on that post.
CREATE FUNCTION @extschema@.guard_archive_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $guard$
BEGIN
    IF pg_catalog.row_security_active(TG_RELID) THEN
        RAISE EXCEPTION 'pod_amplify: % on pod_activities_archive is the engine''s (archive_activities), not role %''s',
                        TG_OP, CURRENT_USER
            USING ERRCODE = '42501',
                  HINT = 'Finished activities are archived by pod_amplify.archive_activities(), run by an operator or pg_cron.';
    END IF;
    IF TG_LEVEL OPERATOR(pg_catalog.=) 'STATEMENT' THEN
        RETURN NULL;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$guard$;
CREATE TRIGGER pod_activities_archive_guard
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.pod_activities_archive
    FOR EACH ROW EXECUTE FUNCTION @extschema@.guard_archive_write();
CREATE TRIGGER pod_activities_archive_guard_truncate
    BEFORE TRUNCATE ON @extschema@.pod_activities_archive
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.guard_archive_write();

-- When an activity's last failure was recorded (the newest error_history
-- entry's "at"), NULL when there is none or it does not read as a time: only
-- the engine writes the history, but a bad value must not stop archiving.
CREATE FUNCTION @extschema@.last_failure_at(p_history jsonb) RETURNS timestamptz
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $last_failure_at$
BEGIN
    RETURN (p_history OPERATOR(pg_catalog.->) -1 OPERATOR(pg_catalog.->>) 'at')::timestamptz;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$last_failure_at$;

-- Moves up to p_limit finished activities (success, completed, failed) that
-- finished more than p_older_than ago (their scheduled and executed times and,
-- for a failure, the time it was recorded: a worker's late success is accepted
-- until then) into the archive, in one statement; returns how many. It never
-- waits: rows a worker, a report or any other session holds, and rows whose
-- post, member, pod or client another session holds, are skipped (SKIP LOCKED)
-- without counting against p_limit, and taken by a later call. An id already
-- in the archive stays where it is. Call it again until it returns less than
-- p_limit, or from pg_cron every few minutes.
CREATE FUNCTION @extschema@.archive_activities(p_older_than interval DEFAULT '30 days', p_limit integer DEFAULT 10000)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'  -- a day is 24 hours, whatever the caller's zone
    AS $archive$
DECLARE
    v_cutoff timestamptz;
    v_deleted bigint;
    v_archived bigint;
BEGIN
    IF p_older_than IS NULL OR p_limit IS NULL THEN
        RAISE EXCEPTION 'archive_activities: p_older_than and p_limit must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF p_older_than OPERATOR(pg_catalog.>) interval '100 years' THEN
        RAISE EXCEPTION 'archive_activities: p_older_than must be between 1 day and 100 years, not %', p_older_than
            USING ERRCODE = '22023';
    END IF;
    -- The cutoff itself, not the interval, must lie a day back: '1 month -29 days' compares as one day
    -- but reaches less far back in a 30-day month.
    v_cutoff := pg_catalog.now() OPERATOR(pg_catalog.-) p_older_than;
    IF v_cutoff OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.-) interval '24 hours') THEN
        RAISE EXCEPTION 'archive_activities: p_older_than must be between 1 day and 100 years, not %', p_older_than
            USING ERRCODE = '22023',
                  DETAIL = 'Daily caps and account spacing read the activities of the last 24 hours.';
    END IF;
    IF p_limit OPERATOR(pg_catalog.<) 1 OR p_limit OPERATOR(pg_catalog.>) 1000000 THEN
        RAISE EXCEPTION 'archive_activities: p_limit must be between 1 and 1000000, not %', p_limit USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.current_setting('transaction_read_only') OPERATOR(pg_catalog.=) 'on' THEN
        RAISE EXCEPTION 'archive_activities cannot run in a read-only transaction: it moves rows'
            USING ERRCODE = '25006',
                  HINT = 'Run it on the primary (connect with target_session_attrs=read-write).';
    END IF;
    -- Skipping what other sessions hold needs READ COMMITTED: under the stricter
    -- levels any tenant's committed edit of a parent row turns the whole call
    -- into a serialization failure (40001) for every tenant.
    IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
        RAISE EXCEPTION 'archive_activities must run under READ COMMITTED, not %',
                        pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))
            USING ERRCODE = '25000',
                  HINT = 'Call it in its own READ COMMITTED transaction (pg_cron does, unless default_transaction_isolation says otherwise).';
    END IF;
    -- Each candidate row is taken only when it and the rows the archive's
    -- foreign keys will check (its post, member, pod, client) are locked now,
    -- without waiting: a row another session holds (a tenant editing its post,
    -- or holding any lock on the activity) is passed over before LIMIT counts
    -- it, so held rows neither stall this call nor use up its batch; a later
    -- call takes them. FOR UPDATE, what the DELETE needs, so that it never waits.
    WITH ready AS (
        SELECT f.id FROM @extschema@.pod_activities f
        WHERE f.status OPERATOR(pg_catalog.=) ANY (ARRAY['success', 'completed', 'failed'])
          AND f.scheduled_for OPERATOR(pg_catalog.<) v_cutoff
          AND (f.executed_at IS NULL OR f.executed_at OPERATOR(pg_catalog.<) v_cutoff)
          AND f.lease_owner IS NULL
          -- A per-row probe (OFFSET 0: not an anti-join above the locks), checked
          -- before any lock is taken: a tenant's live copy of an archived id stays
          -- live, and costs each call one index probe, not four row locks.
          AND NOT EXISTS (SELECT FROM @extschema@.pod_activities_archive h WHERE h.id OPERATOR(pg_catalog.=) f.id OFFSET 0)
          AND (f.status OPERATOR(pg_catalog.<>) 'failed'
               OR COALESCE(@extschema@.last_failure_at(f.error_history), f.scheduled_for) OPERATOR(pg_catalog.<) v_cutoff)
          AND EXISTS (SELECT FROM @extschema@.posts x WHERE x.id OPERATOR(pg_catalog.=) f.post_id
                      FOR KEY SHARE OF x SKIP LOCKED)
          AND EXISTS (SELECT FROM @extschema@.pod_members x WHERE x.id OPERATOR(pg_catalog.=) f.member_id
                      FOR KEY SHARE OF x SKIP LOCKED)
          AND (f.pod_id IS NULL
               OR EXISTS (SELECT FROM @extschema@.pods x WHERE x.id OPERATOR(pg_catalog.=) f.pod_id
                          FOR KEY SHARE OF x SKIP LOCKED))
          AND EXISTS (SELECT FROM @extschema@.clients x
                      WHERE x.id OPERATOR(pg_catalog.=) COALESCE(f.client_id,
                            (SELECT p.client_id FROM @extschema@.pods p WHERE p.id OPERATOR(pg_catalog.=) f.pod_id))
                      FOR KEY SHARE OF x SKIP LOCKED)
        LIMIT p_limit
        FOR UPDATE OF f SKIP LOCKED),
    moved AS (
        DELETE FROM @extschema@.pod_activities a USING ready
        WHERE a.id OPERATOR(pg_catalog.=) ready.id
        RETURNING a.*),
    archived AS (
        INSERT INTO @extschema@.pod_activities_archive
            (id, client_id, pod_id, post_id, member_id, user_id, action, status, scheduled_for, executed_at,
             created_at, attempt_number, max_attempts, error_message, repost_url, comment_text, error_history, origin)
        SELECT m.id, COALESCE(m.client_id, p.client_id), m.pod_id, m.post_id, m.member_id, pm.user_id,
               COALESCE(m.action, m.engagement_type), m.status, m.scheduled_for, m.executed_at, m.created_at,
               m.attempt_number, m.max_attempts, m.error_message, m.repost_url, m.comment_text, m.error_history, m.origin
        FROM moved m
        LEFT JOIN @extschema@.pods p ON p.id OPERATOR(pg_catalog.=) m.pod_id
        LEFT JOIN @extschema@.pod_members pm ON pm.id OPERATOR(pg_catalog.=) m.member_id
        RETURNING 1)
    SELECT (SELECT pg_catalog.count(*) FROM moved), (SELECT pg_catalog.count(*) FROM archived)
    INTO v_deleted, v_archived;
    -- Never lose a row: a moved row the archive did not take undoes the whole call.
    IF v_deleted OPERATOR(pg_catalog.<>) v_archived THEN
        RAISE EXCEPTION 'archive_activities: % rows left pod_activities but % reached the archive', v_deleted, v_archived
            USING ERRCODE = 'P0004';
    END IF;
    RETURN v_archived;
END
$archive$;
REVOKE ALL ON FUNCTION @extschema@.archive_activities(interval, integer) FROM PUBLIC;

-- Stats count archived activities too (same rows, same answer before and after
-- archiving); under row-level security a tenant sees its own only.
CREATE OR REPLACE FUNCTION @extschema@.activity_stats(p_scope text DEFAULT 'client', p_id uuid DEFAULT NULL)
    RETURNS TABLE (scope text, id uuid, pending bigint, success bigint, failed bigint, total bigint,
                   success_rate numeric)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF p_scope IS NULL THEN
        RAISE EXCEPTION 'activity_stats: p_scope must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF p_scope OPERATOR(pg_catalog.<>) ALL (ARRAY['client', 'pod', 'member']) THEN
        RAISE EXCEPTION 'activity_stats: p_scope must be client, pod or member, not "%"', pg_catalog.left(p_scope, 80)
            USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    WITH every_activity AS (
        SELECT a.status, COALESCE(a.client_id, p.client_id) AS client_id, a.pod_id, a.member_id
        FROM @extschema@.pod_activities a
        LEFT JOIN @extschema@.pods p ON p.id OPERATOR(pg_catalog.=) a.pod_id
        UNION ALL
        SELECT h.status, h.client_id, h.pod_id, h.member_id FROM @extschema@.pod_activities_archive h)
    SELECT p_scope, k.key,
           pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) 'pending'),
           pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) ANY (ARRAY['success', 'completed'])),
           pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) 'failed'),
           pg_catalog.count(*),
           pg_catalog.round(pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) ANY (ARRAY['success', 'completed']))::numeric
                 OPERATOR(pg_catalog./) NULLIF(pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) ANY (ARRAY['success', 'completed', 'failed'])), 0), 4)
    FROM every_activity a
    CROSS JOIN LATERAL (SELECT CASE p_scope WHEN 'client' THEN a.client_id
                                            WHEN 'pod' THEN a.pod_id
                                            ELSE a.member_id END AS key) k
    WHERE p_id IS NULL OR k.key OPERATOR(pg_catalog.=) p_id
    GROUP BY k.key
    ORDER BY k.key;
END
$$;

-------------------------------------------------------------------------------
-- Row-level security a tenant's reads can follow by index. The tenant policies
-- of pod_members and pod_activities (1.1) read "client_id = the caller's client,
-- or a legacy row not yet backfilled (client_id NULL) of one of its pods". The
-- first arm has an index (client_id, partial on NOT NULL); these give the second
-- one its own, so the planner combines both (BitmapOr) and a tenant's read costs
-- its own rows, not every tenant's. They hold only rows the backfill has not
-- reached: empty once it has finished. (Their build holds writers of the table,
-- not readers, until COMMIT: pod_activities' comes right before section 7.)
-------------------------------------------------------------------------------
CREATE INDEX pod_members_not_backfilled_idx ON @extschema@.pod_members (pod_id) WHERE client_id IS NULL;
CREATE INDEX pod_activities_not_backfilled_idx ON @extschema@.pod_activities (pod_id) WHERE client_id IS NULL;
-- archive_activities() finds old finished rows by block range: a BRIN index is
-- small, cheap to keep and quick to build (no sort) on a large table.
CREATE INDEX pod_activities_scheduled_brin ON @extschema@.pod_activities USING brin (scheduled_for);

-------------------------------------------------------------------------------
-- 7. Last, pod_activities (its ACCESS EXCLUSIVE lock is held to COMMIT): the
--    text a comment posts, and the 1.2 rules and claims that read it.
-------------------------------------------------------------------------------
ALTER TABLE @extschema@.pod_activities ADD COLUMN comment_text text;

-- Every claim and every report is an update that adds an entry to each index
-- of the table: an index that serves no query costs every activity twice.
-- (member_id) is the prefix of pod_activities_member_schedule_idx (member_id,
-- scheduled_for), which serves the same look-ups, the member foreign key's
-- cascade included. Dropping it: about a tenth less WAL per activity drained.
DROP INDEX @extschema@.pod_activities_member_id_idx;

CREATE OR REPLACE FUNCTION @extschema@.validate_activity() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_activity_1_2';

-- Claims of 1.2 never hand out a comment without its text.
CREATE OR REPLACE FUNCTION @extschema@.claim_activities(p_worker text, p_limit integer DEFAULT 1, p_lease interval DEFAULT NULL)
    RETURNS SETOF @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_claim_activities_1_2';
