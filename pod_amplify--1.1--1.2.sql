-- pod_amplify 1.1 -> 1.2: tenant-safe by construction, truthful reports,
-- human-like scheduling. Additive like 1.0 -> 1.1: nothing dropped, no table
-- rewritten, every row kept.
--
-- Lock order, so a busy pod_activities is blocked as briefly as possible: the
-- audits read without blocking anyone, indexes on small tables come next, and
-- everything that takes a lock on pod_activities comes last (adding a nullable
-- column without a default is a catalog change, not a rewrite).

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
-- Tenant identity that cannot be redirected: the SECURITY DEFINER function's
-- body is bound to the users table and current_user_id() when it is created
-- (BEGIN ATOMIC), not looked up by name each time it runs.
-------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.current_client_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT u.client_id FROM @extschema@.users u WHERE u.id OPERATOR(pg_catalog.=) @extschema@.current_user_id();
END;

-------------------------------------------------------------------------------
-- Truthful reports: one call for a worker's batch, each id applied or refused
-- on its own with the reason; one heartbeat for every unreported activity.
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.report_activities(p_worker text, p_ids uuid[], p_outcomes text[], p_details text[] DEFAULT NULL)
    RETURNS TABLE (id uuid, accepted boolean, reason text, status text, attempt_number integer)
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_report_activities';

CREATE FUNCTION @extschema@.extend_leases(p_ids uuid[], p_worker text, p_lease interval DEFAULT NULL)
    RETURNS TABLE (id uuid, extended boolean, lease_expires_at timestamptz)
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_extend_leases';

-------------------------------------------------------------------------------
-- New columns. Nullable and without defaults: catalog changes only, no table
-- is rewritten, and pod_activities is touched last so its lock is held briefly.
-------------------------------------------------------------------------------
-- A user's IANA time zone (NULL: pod_amplify.default_timezone).
ALTER TABLE @extschema@.users ADD COLUMN timezone text;
-- The text a comment activity posts; a comment without text is never handed out.
ALTER TABLE @extschema@.pod_activities ADD COLUMN comment_text text;

-- Claims of 1.2 skip comments without text.
CREATE OR REPLACE FUNCTION @extschema@.claim_activities(p_worker text, p_limit integer DEFAULT 1, p_lease interval DEFAULT NULL)
    RETURNS SETOF @extschema@.pod_activities
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_claim_activities_1_2';
