-- pod_amplify 1.0: the schema deployed in production. Frozen: never edit this
-- file once shipped; change the schema in an upgrade script.

\echo Use "CREATE EXTENSION pod_amplify" to load this file. \quit

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

-------------------------------------------------------------------------------
-- Tables
-------------------------------------------------------------------------------

CREATE TABLE @extschema@.clients (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

CREATE TABLE @extschema@.users (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    client_id  uuid NOT NULL REFERENCES @extschema@.clients (id) ON DELETE CASCADE,
    email      text NOT NULL UNIQUE,
    full_name  text,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX users_client_id_idx ON @extschema@.users (client_id);

CREATE TABLE @extschema@.linkedin_accounts (
    id                 uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    user_id            uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    profile_url        text,
    unipile_account_id text,
    status             text NOT NULL DEFAULT 'connected'
                       CHECK (status IN ('connected', 'disconnected', 'expired')),
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX linkedin_accounts_user_id_idx ON @extschema@.linkedin_accounts (user_id);

CREATE TABLE @extschema@.posts (
    id                uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    client_id         uuid NOT NULL REFERENCES @extschema@.clients (id) ON DELETE CASCADE,
    author_id         uuid REFERENCES @extschema@.users (id) ON DELETE SET NULL,
    content           text,
    linkedin_post_url text,
    status            text NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'scheduled', 'published', 'failed')),
    published_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX posts_client_id_idx ON @extschema@.posts (client_id);
CREATE INDEX posts_author_id_idx ON @extschema@.posts (author_id);

CREATE TABLE @extschema@.pods (
    id          uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    client_id   uuid NOT NULL REFERENCES @extschema@.clients (id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text,
    settings    jsonb NOT NULL DEFAULT '{}',
    min_members integer NOT NULL DEFAULT 3 CHECK (min_members >= 1),
    auto_engage boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at  timestamptz
);
CREATE INDEX pods_client_id_idx ON @extschema@.pods (client_id);

CREATE TABLE @extschema@.pod_members (
    id                  uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    pod_id              uuid NOT NULL REFERENCES @extschema@.pods (id) ON DELETE CASCADE,
    user_id             uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    linkedin_account_id uuid REFERENCES @extschema@.linkedin_accounts (id) ON DELETE SET NULL,
    role                text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
    participation_score integer NOT NULL DEFAULT 0,
    is_active           boolean NOT NULL DEFAULT true,
    joined_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    UNIQUE (pod_id, user_id)
);
CREATE INDEX pod_members_user_id_idx ON @extschema@.pod_members (user_id);
CREATE INDEX pod_members_linkedin_account_id_idx ON @extschema@.pod_members (linkedin_account_id);
-- The trigger reports a second owner clearly; this index makes it impossible
-- even for two sessions that insert owners of one pod at the same moment.
CREATE UNIQUE INDEX pod_members_one_owner_per_pod ON @extschema@.pod_members (pod_id) WHERE role = 'owner';

CREATE TABLE @extschema@.pod_activities (
    id              uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    pod_id          uuid NOT NULL REFERENCES @extschema@.pods (id) ON DELETE CASCADE,
    post_id         uuid NOT NULL REFERENCES @extschema@.posts (id) ON DELETE CASCADE,
    member_id       uuid NOT NULL REFERENCES @extschema@.pod_members (id) ON DELETE CASCADE,
    engagement_type text NOT NULL CHECK (engagement_type IN ('like', 'comment', 'repost')),
    status          text NOT NULL DEFAULT 'pending'
                    CONSTRAINT pod_activities_status_check CHECK (status IN ('pending', 'completed', 'failed')),
    scheduled_for   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    executed_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    UNIQUE (post_id, member_id, engagement_type)
);
CREATE INDEX pod_activities_pod_id_idx ON @extschema@.pod_activities (pod_id);
CREATE INDEX pod_activities_member_id_idx ON @extschema@.pod_activities (member_id);

-- pg_dump skips an extension's tables unless they are registered: without this,
-- every backup would silently lose all pod data.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.clients', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.users', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.linkedin_accounts', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.posts', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.pods', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.pod_members', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.pod_activities', '');

-------------------------------------------------------------------------------
-- Tenant identity
-------------------------------------------------------------------------------

-- The acting user: request.jwt.claims ->> 'sub', request.jwt.claim.sub, then
-- pod_amplify.user_id (see pod_amplify.identity_source). NULL when unset or not a uuid.
CREATE FUNCTION @extschema@.current_user_id() RETURNS uuid
    LANGUAGE c STABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'pod_amplify_current_user_id';

-- The acting user's client. SECURITY DEFINER: row-level security on users must
-- not hide the very row that defines the tenant.
CREATE FUNCTION @extschema@.current_client_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT u.client_id FROM @extschema@.users u WHERE u.id = @extschema@.current_user_id() $$;

-------------------------------------------------------------------------------
-- Validation triggers (C++)
-------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.validate_membership() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_membership';

CREATE FUNCTION @extschema@.validate_activity() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'pod_amplify_validate_activity';

CREATE TRIGGER pod_members_validate
    BEFORE INSERT OR UPDATE OF pod_id, user_id, linkedin_account_id, role ON @extschema@.pod_members
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_membership();

CREATE TRIGGER pod_activities_validate
    BEFORE INSERT OR UPDATE OF pod_id, post_id, member_id ON @extschema@.pod_activities
    FOR EACH ROW EXECUTE FUNCTION @extschema@.validate_activity();

-------------------------------------------------------------------------------
-- Row-level security: a session sees and writes only its client's rows
-------------------------------------------------------------------------------

ALTER TABLE @extschema@.clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.linkedin_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.posts ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.pods ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.pod_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.pod_activities ENABLE ROW LEVEL SECURITY;

-- (SELECT current_client_id()) is an InitPlan: evaluated once per statement, not per row.
CREATE POLICY clients_tenant ON @extschema@.clients
    USING (id = (SELECT @extschema@.current_client_id()));
CREATE POLICY users_tenant ON @extschema@.users
    USING (client_id = (SELECT @extschema@.current_client_id()));
CREATE POLICY linkedin_accounts_tenant ON @extschema@.linkedin_accounts
    USING (EXISTS (SELECT 1 FROM @extschema@.users u
                   WHERE u.id = linkedin_accounts.user_id
                     AND u.client_id = (SELECT @extschema@.current_client_id())));
CREATE POLICY posts_tenant ON @extschema@.posts
    USING (client_id = (SELECT @extschema@.current_client_id()));
CREATE POLICY pods_tenant ON @extschema@.pods
    USING (client_id = (SELECT @extschema@.current_client_id()));
CREATE POLICY pod_members_tenant ON @extschema@.pod_members
    USING (EXISTS (SELECT 1 FROM @extschema@.pods p
                   WHERE p.id = pod_members.pod_id
                     AND p.client_id = (SELECT @extschema@.current_client_id())));
CREATE POLICY pod_activities_tenant ON @extschema@.pod_activities
    USING (EXISTS (SELECT 1 FROM @extschema@.pods p
                   WHERE p.id = pod_activities.pod_id
                     AND p.client_id = (SELECT @extschema@.current_client_id())));
