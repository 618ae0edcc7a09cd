-- pod_amplify 1.0 -> 1.1: the additive migration (nothing dropped, every row
-- kept, every 1.0 statement still works) and the engine.
--
-- It runs in one transaction, so every lock it takes is held to the end. To keep
-- readers going, the slow parts (checks of the legacy rows, indexes on existing
-- columns) run first under SHARE locks, which block writers only; the ACCESS
-- EXCLUSIVE part (the ALTER TABLEs) comes last and does no more than one scan
-- of each table. pod_activities is never rewritten: new columns are NULL or have
-- constant defaults. Per-row values of legacy rows (client_id, action, name, ...)
-- are filled online afterwards by pod_amplify.backfill(); until then every rule,
-- policy and function derives them from the pod, the user and the account.

\echo Use "ALTER EXTENSION pod_amplify UPDATE TO '1.1'" to load this file. \quit

-- Hardening added after release (creates nothing; test/upgrade compares the
-- catalog with the released script's):
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

LOCK TABLE @extschema@.clients, @extschema@.users, @extschema@.linkedin_accounts, @extschema@.posts,
           @extschema@.pods, @extschema@.pod_members, @extschema@.pod_activities IN SHARE MODE;

-------------------------------------------------------------------------------
-- 1. Refuse to upgrade legacy rows that break a rule 1.1 relies on (they can only
--    exist if written with triggers disabled). The upgrade then fails as a whole
--    and the database stays at 1.0.
-------------------------------------------------------------------------------
DO $check$
DECLARE
    problems text[] := '{}';
    details text[] := '{}';
    total bigint := 0;
    n bigint;
    sample text;
BEGIN
    SELECT count(*), string_agg(id::text, ', ') FILTER (WHERE rn <= 5) INTO n, sample FROM (
        SELECT m.id, row_number() OVER (ORDER BY m.id) AS rn
        FROM @extschema@.pod_members m
        JOIN @extschema@.pods p ON p.id = m.pod_id
        JOIN @extschema@.users u ON u.id = m.user_id
        WHERE u.client_id <> p.client_id) s;
    IF n > 0 THEN
        total := total + n;
        problems := problems || format('%s pod_members row(s) whose user is not a user of the pod''s client (membership rule)', n);
        details := details || format('pod_members with a user of another client: %s', sample);
    END IF;

    SELECT count(*), string_agg(id::text, ', ') FILTER (WHERE rn <= 5) INTO n, sample FROM (
        SELECT m.id, row_number() OVER (ORDER BY m.id) AS rn
        FROM @extschema@.pod_members m
        JOIN @extschema@.linkedin_accounts a ON a.id = m.linkedin_account_id
        WHERE a.user_id <> m.user_id) s;
    IF n > 0 THEN
        total := total + n;
        problems := problems || format('%s pod_members row(s) linked to another user''s LinkedIn account (membership rule)', n);
        details := details || format('pod_members linked to another user''s account: %s', sample);
    END IF;

    SELECT count(*), string_agg(id::text, ', ') FILTER (WHERE rn <= 5) INTO n, sample FROM (
        SELECT a.id, row_number() OVER (ORDER BY a.id) AS rn
        FROM @extschema@.pod_activities a
        JOIN @extschema@.pod_members m ON m.id = a.member_id
        WHERE m.pod_id <> a.pod_id) s;
    IF n > 0 THEN
        total := total + n;
        problems := problems || format('%s pod_activities row(s) whose member is not in the activity''s pod (activity rule)', n);
        details := details || format('pod_activities with a member of another pod: %s', sample);
    END IF;

    SELECT count(*), string_agg(id::text, ', ') FILTER (WHERE rn <= 5) INTO n, sample FROM (
        SELECT a.id, row_number() OVER (ORDER BY a.id) AS rn
        FROM @extschema@.pod_activities a
        JOIN @extschema@.pods p ON p.id = a.pod_id
        JOIN @extschema@.posts po ON po.id = a.post_id
        WHERE po.client_id <> p.client_id) s;
    IF n > 0 THEN
        total := total + n;
        problems := problems || format('%s pod_activities row(s) on a post of another client than the pod''s (activity rule)', n);
        details := details || format('pod_activities on another client''s post: %s', sample);
    END IF;

    SELECT count(*), string_agg(id::text, ', ') FILTER (WHERE rn <= 5) INTO n, sample FROM (
        SELECT a.id, row_number() OVER (ORDER BY a.id) AS rn
        FROM @extschema@.pod_activities a
        JOIN @extschema@.pod_members m ON m.id = a.member_id
        JOIN @extschema@.posts po ON po.id = a.post_id
        WHERE po.author_id = m.user_id) s;
    IF n > 0 THEN
        total := total + n;
        problems := problems || format('%s pod_activities row(s) where members amplify their own post (authorship rule)', n);
        details := details || format('pod_activities by the post''s author: %s', sample);
    END IF;

    IF total > 0 THEN
        RAISE EXCEPTION 'pod_amplify 1.1 upgrade refused: % legacy row(s) break its rules: %', total, array_to_string(problems, '; ')
            USING ERRCODE = '23514',
                  DETAIL = array_to_string(details, E'\n') || E'\n(first five ids of each)',
                  HINT = 'Fix or delete these rows (README, "Upgrading"), then run ALTER EXTENSION pod_amplify UPDATE again. Nothing was changed.';
    END IF;
END
$check$;

-------------------------------------------------------------------------------
-- 2. Indexes on existing columns, built under the SHARE lock (readers continue).
-------------------------------------------------------------------------------
-- claim_activities: due pending activities, oldest first.
CREATE INDEX pod_activities_claim_idx ON @extschema@.pod_activities (scheduled_for) WHERE status = 'pending';
-- the daily cap and schedule spreading: a member's activities by time.
CREATE INDEX pod_activities_member_schedule_idx ON @extschema@.pod_activities (member_id, scheduled_for);
-- the online backfill walks pod_members and pod_activities by primary key.

-------------------------------------------------------------------------------
-- 3. The additive schema change (ACCESS EXCLUSIVE from here to COMMIT).
--    One ALTER TABLE a table: its new constraints are checked in one scan.
-------------------------------------------------------------------------------
ALTER TABLE @extschema@.pod_members
    ADD COLUMN name text,
    ADD COLUMN linkedin_url text,
    ADD COLUMN unipile_account_id text,
    ADD COLUMN client_id uuid REFERENCES @extschema@.clients (id) ON DELETE CASCADE,
    ALTER COLUMN pod_id DROP NOT NULL,
    ADD CONSTRAINT pod_members_pod_or_client_check CHECK (pod_id IS NOT NULL OR client_id IS NOT NULL);

ALTER TABLE @extschema@.pod_activities
    ADD COLUMN action text,
    ADD COLUMN attempt_number integer NOT NULL DEFAULT 1,
    ADD COLUMN max_attempts integer NOT NULL DEFAULT 3,
    ADD COLUMN error_message text,
    ADD COLUMN repost_url text,
    ADD COLUMN client_id uuid REFERENCES @extschema@.clients (id) ON DELETE CASCADE,
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_expires_at timestamptz,
    ADD COLUMN error_history jsonb NOT NULL DEFAULT '[]',
    -- 'schedule' for rows schedule_post created: an explicit insert of the same
    -- (post, member, engagement_type) replaces such a row while nobody claimed it.
    ADD COLUMN origin text NOT NULL DEFAULT 'insert',
    ALTER COLUMN pod_id DROP NOT NULL,
    -- Set after the column exists, so legacy rows keep NULL ("not yet backfilled",
    -- read as engagement_type) while new rows default to 'repost'.
    ALTER COLUMN action SET DEFAULT 'repost',
    DROP CONSTRAINT pod_activities_status_check,
    ADD CONSTRAINT pod_activities_status_check CHECK (status IN ('pending', 'success', 'failed', 'completed')),
    ADD CONSTRAINT pod_activities_action_check CHECK (action IN ('like', 'comment', 'repost')),
    ADD CONSTRAINT pod_activities_attempts_check CHECK (1 <= attempt_number AND attempt_number <= max_attempts),
    ADD CONSTRAINT pod_activities_pod_or_client_check CHECK (pod_id IS NOT NULL OR client_id IS NOT NULL),
    ADD CONSTRAINT pod_activities_lease_check CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
    ADD CONSTRAINT pod_activities_origin_check CHECK (origin IN ('insert', 'schedule'));

-- Indexes on the new columns: empty when built (legacy rows are NULL there).
CREATE INDEX pod_members_client_id_idx ON @extschema@.pod_members (client_id) WHERE client_id IS NOT NULL;
-- A user is a new-design member of a client at most once.
CREATE UNIQUE INDEX pod_members_one_membership_per_client ON @extschema@.pod_members (client_id, user_id)
    WHERE pod_id IS NULL;
CREATE INDEX pod_activities_client_status_idx ON @extschema@.pod_activities (client_id, status)
    WHERE client_id IS NOT NULL;
-- Rows schedule_post made that an explicit insert may replace (empty at upgrade).
CREATE INDEX pod_activities_scheduled_pending_idx ON @extschema@.pod_activities (post_id)
    WHERE origin = 'schedule' AND status = 'pending';
-- Expired leases are found by expiry (claim_activities reaps them first).
CREATE INDEX pod_activities_lease_idx ON @extschema@.pod_activities (lease_expires_at)
    WHERE lease_expires_at IS NOT NULL;

-------------------------------------------------------------------------------
-- 4. Rules for both designs: the triggers move to their 1.1 C functions (the
--    1.0 symbols stay in the library for databases still at 1.0).
-------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.validate_membership() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_membership_1_1';
CREATE OR REPLACE FUNCTION @extschema@.validate_activity() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_activity_1_1';

-- Every update now passes the trigger: one that touches none of the columns the
-- rules read returns at once, and a legacy row is filled in on its first update.
DROP TRIGGER pod_members_validate ON @extschema@.pod_members;
CREATE TRIGGER pod_members_validate
    BEFORE INSERT OR UPDATE ON @extschema@.pod_members
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_membership();
DROP TRIGGER pod_activities_validate ON @extschema@.pod_activities;
CREATE TRIGGER pod_activities_validate
    BEFORE INSERT OR UPDATE ON @extschema@.pod_activities
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_activity();

-- Row-level security for new-design rows (client_id set, pod_id NULL) and for
-- legacy rows not yet backfilled (client_id NULL: the pod's client decides).
ALTER POLICY pod_members_tenant ON @extschema@.pod_members
    USING (client_id = (SELECT @extschema@.current_client_id())
           OR (client_id IS NULL AND EXISTS (SELECT 1 FROM @extschema@.pods p
                                            WHERE p.id = pod_members.pod_id
                                              AND p.client_id = (SELECT @extschema@.current_client_id()))));
ALTER POLICY pod_activities_tenant ON @extschema@.pod_activities
    USING (client_id = (SELECT @extschema@.current_client_id())
           OR (client_id IS NULL AND EXISTS (SELECT 1 FROM @extschema@.pods p
                                            WHERE p.id = pod_activities.pod_id
                                              AND p.client_id = (SELECT @extschema@.current_client_id()))));

-------------------------------------------------------------------------------
-- 5. Helpers and the online backfill
-------------------------------------------------------------------------------
-- The canonical form https://www.linkedin.com/in/<profile>, or 22023.
CREATE FUNCTION @extschema@.normalize_linkedin_url(p_url text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'pod_amplify_normalize_linkedin_url';
-- The id itself when it is a well-formed Unipile account id, or 22023.
CREATE FUNCTION @extschema@.check_unipile_account_id(p_id text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'pod_amplify_check_unipile_account_id';

-- Where the online backfill stands: one row a table, walked in primary-key order.
CREATE TABLE @extschema@.backfill_progress (
    table_name  text PRIMARY KEY,
    last_id     uuid,
    rows_done   bigint NOT NULL DEFAULT 0,
    finished_at timestamptz
);
INSERT INTO @extschema@.backfill_progress (table_name) VALUES ('pod_members'), ('pod_activities');

-- Fills the 1.1 columns of legacy rows, p_batch rows of one table a call (members
-- first). Returns how many rows this call walked; 0 once every table is done.
-- Safe beside live traffic: rows another transaction holds are skipped and the
-- walk resumes before them on the next call; live updates fill rows themselves.
CREATE FUNCTION @extschema@.backfill(p_batch integer DEFAULT 10000) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    v_table text;
    v_last uuid;
    v_ids uuid[];
    v_first_left uuid;
    v_next uuid;
BEGIN
    IF p_batch IS NULL THEN
        RAISE EXCEPTION 'backfill: p_batch must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF p_batch < 1 OR p_batch > 1000000 THEN
        RAISE EXCEPTION 'backfill: p_batch must be between 1 and 1000000, not %', p_batch USING ERRCODE = '22023';
    END IF;
    -- One backfill at a time: the progress row is locked to the end of the transaction.
    SELECT table_name, last_id INTO v_table, v_last
    FROM @extschema@.backfill_progress WHERE finished_at IS NULL
    ORDER BY table_name DESC  -- pod_members before pod_activities
    LIMIT 1 FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    IF v_table = 'pod_members' THEN
        SELECT array_agg(id ORDER BY id) INTO v_ids FROM (
            SELECT id FROM @extschema@.pod_members WHERE v_last IS NULL OR id > v_last ORDER BY id LIMIT p_batch) b;
        WITH todo AS (
            SELECT id FROM @extschema@.pod_members
            WHERE id = ANY (v_ids) AND client_id IS NULL ORDER BY id FOR NO KEY UPDATE SKIP LOCKED)
        -- The trigger fills name, linkedin_url and unipile_account_id as for any legacy write.
        UPDATE @extschema@.pod_members m SET client_id = p.client_id
        FROM todo, @extschema@.pods p WHERE m.id = todo.id AND p.id = m.pod_id;
        SELECT id INTO v_first_left FROM @extschema@.pod_members
        WHERE id = ANY (v_ids) AND client_id IS NULL ORDER BY id LIMIT 1;
    ELSE
        SELECT array_agg(id ORDER BY id) INTO v_ids FROM (
            SELECT id FROM @extschema@.pod_activities WHERE v_last IS NULL OR id > v_last ORDER BY id LIMIT p_batch) b;
        WITH todo AS (
            SELECT id FROM @extschema@.pod_activities
            WHERE id = ANY (v_ids) AND (client_id IS NULL OR action IS NULL) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED)
        UPDATE @extschema@.pod_activities a SET client_id = p.client_id, action = a.engagement_type
        FROM todo, @extschema@.pods p WHERE a.id = todo.id AND p.id = a.pod_id;
        SELECT id INTO v_first_left FROM @extschema@.pod_activities
        WHERE id = ANY (v_ids) AND (client_id IS NULL OR action IS NULL) ORDER BY id LIMIT 1;
    END IF;

    IF v_ids IS NULL THEN
        UPDATE @extschema@.backfill_progress SET finished_at = pg_catalog.now() WHERE table_name = v_table;
        RETURN @extschema@.backfill(p_batch);  -- on to the next table, or 0
    END IF;
    -- Stop just before the first row that could not be locked; it is retried next call.
    IF v_first_left IS NULL THEN
        v_next := v_ids[array_length(v_ids, 1)];
    ELSE
        SELECT i INTO v_next FROM unnest(v_ids) AS i WHERE i < v_first_left ORDER BY i DESC LIMIT 1;
        v_next := COALESCE(v_next, v_last);
    END IF;
    UPDATE @extschema@.backfill_progress
    SET last_id = v_next, rows_done = rows_done + array_length(v_ids, 1)
    WHERE table_name = v_table;
    RETURN array_length(v_ids, 1);
END
$$;
-- An operator's tool, not a tenant's.
REVOKE ALL ON FUNCTION @extschema@.backfill(integer) FROM PUBLIC;

-------------------------------------------------------------------------------
-- 6. The engine (C++): settings, scheduling, claiming, reporting, retrying
-------------------------------------------------------------------------------
-- A pod's override of an engine setting (pods.settings), else the session's
-- pod_amplify.<name>: seconds, a count, a fraction or 0/1.
CREATE FUNCTION @extschema@.setting_value(p_settings jsonb, p_name text) RETURNS double precision
    LANGUAGE c STABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'pod_amplify_setting_value';

CREATE FUNCTION @extschema@.validate_pod_settings() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_pod_settings';
CREATE TRIGGER pods_validate_settings
    BEFORE INSERT OR UPDATE OF settings ON @extschema@.pods
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_pod_settings();

-- The state machine, for every writer (direct SQL included).
CREATE FUNCTION @extschema@.enforce_activity_state() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_enforce_activity_state';
CREATE TRIGGER pod_activities_state
    BEFORE UPDATE ON @extschema@.pod_activities
    FOR EACH ROW EXECUTE FUNCTION @extschema@.enforce_activity_state();

CREATE FUNCTION @extschema@.schedule_post(p_post_id uuid, p_action text DEFAULT 'repost',
                                          p_not_before timestamptz DEFAULT pg_catalog.now())
    RETURNS integer
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_schedule_post';

CREATE FUNCTION @extschema@.schedule_on_publish() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_schedule_on_publish';
CREATE TRIGGER posts_schedule_on_publish
    AFTER INSERT OR UPDATE OF status ON @extschema@.posts
    FOR EACH ROW EXECUTE FUNCTION @extschema@.schedule_on_publish();

CREATE FUNCTION @extschema@.claim_activities(p_worker text, p_limit integer DEFAULT 1, p_lease interval DEFAULT NULL)
    RETURNS SETOF @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_claim_activities';

CREATE FUNCTION @extschema@.extend_lease(p_activity_id uuid, p_worker text, p_lease interval DEFAULT NULL)
    RETURNS @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_extend_lease';

CREATE FUNCTION @extschema@.complete_activity(p_activity_id uuid, p_repost_url text DEFAULT NULL,
                                              p_worker text DEFAULT NULL)
    RETURNS @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_complete_activity';

CREATE FUNCTION @extschema@.complete_activities(p_ids uuid[], p_repost_urls text[] DEFAULT NULL,
                                                p_worker text DEFAULT NULL)
    RETURNS SETOF @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_complete_activities';

CREATE FUNCTION @extschema@.fail_activity(p_activity_id uuid, p_error text, p_retryable boolean DEFAULT true,
                                          p_worker text DEFAULT NULL)
    RETURNS @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_fail_activity';

CREATE FUNCTION @extschema@.fail_activities(p_ids uuid[], p_errors text[], p_retryable boolean DEFAULT true,
                                            p_worker text DEFAULT NULL)
    RETURNS SETOF @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_fail_activities';

CREATE FUNCTION @extschema@.retry_activity(p_activity_id uuid, p_extra_attempts integer DEFAULT 1)
    RETURNS @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_retry_activity';

CREATE FUNCTION @extschema@.retry_delay(p_attempt integer) RETURNS interval
    LANGUAGE c STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'pod_amplify_retry_delay';

-- Housekeeping for pg_cron: expired leases become failed attempts even when no
-- worker is claiming.
CREATE FUNCTION @extschema@.reap_expired_leases(p_limit integer DEFAULT 1000) RETURNS integer
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_reap_expired_leases';
REVOKE ALL ON FUNCTION @extschema@.reap_expired_leases(integer) FROM PUBLIC;

-- Counts by status and the success rate (success / finished) per client, pod or
-- member; under row-level security a tenant sees its own only.
CREATE FUNCTION @extschema@.activity_stats(p_scope text DEFAULT 'client', p_id uuid DEFAULT NULL)
    RETURNS TABLE (scope text, id uuid, pending bigint, success bigint, failed bigint, total bigint,
                   success_rate numeric)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF p_scope IS NULL THEN
        RAISE EXCEPTION 'activity_stats: p_scope must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF p_scope NOT IN ('client', 'pod', 'member') THEN
        RAISE EXCEPTION 'activity_stats: p_scope must be client, pod or member, not "%"', left(p_scope, 80)
            USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    SELECT p_scope, k.key,
           count(*) FILTER (WHERE a.status = 'pending'),
           count(*) FILTER (WHERE a.status IN ('success', 'completed')),
           count(*) FILTER (WHERE a.status = 'failed'),
           count(*),
           round(count(*) FILTER (WHERE a.status IN ('success', 'completed'))::numeric
                 / NULLIF(count(*) FILTER (WHERE a.status IN ('success', 'completed', 'failed')), 0), 4)
    FROM @extschema@.pod_activities a
    LEFT JOIN @extschema@.pods p ON p.id = a.pod_id
    CROSS JOIN LATERAL (SELECT CASE p_scope WHEN 'client' THEN COALESCE(a.client_id, p.client_id)
                                            WHEN 'pod' THEN a.pod_id
                                            ELSE a.member_id END AS key) k
    WHERE p_id IS NULL OR k.key = p_id
    GROUP BY k.key
    ORDER BY k.key;
END
$$;
