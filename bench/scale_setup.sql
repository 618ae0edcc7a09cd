-- Data for bench/scale.sh: 1,000 clients, each with 10 users, one pod of 9
-- members with accounts; client 1 (the measured tenant) with 1,000 finished
-- activities; a backlog of 19,980 due activities of clients 2..21; and
-- scale_grow(n), which adds other tenants' finished activities until the table
-- holds about n rows. Rows obey every rule; they are written with triggers off
-- so that 10,000,000 of them take minutes, not hours.
SET session_replication_role = replica;
INSERT INTO pod_amplify.clients (id, name) SELECT md5('sc' || c)::uuid, 'Client ' || c FROM generate_series(1, 1000) c;
INSERT INTO pod_amplify.users (id, client_id, email)
SELECT md5('su' || c || '.' || u)::uuid, md5('sc' || c)::uuid, 'u' || u || '@c' || c || '.test'
FROM generate_series(1, 1000) c, generate_series(0, 9) u;
INSERT INTO pod_amplify.pods (id, client_id, name) SELECT md5('sd' || c)::uuid, md5('sc' || c)::uuid, 'Pod ' || c FROM generate_series(1, 1000) c;
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, client_id, unipile_account_id)
SELECT md5('sm' || c || '.' || u)::uuid, md5('sd' || c)::uuid, md5('su' || c || '.' || u)::uuid, md5('sc' || c)::uuid,
       'unipileS' || c || 'x' || u
FROM generate_series(1, 1000) c, generate_series(1, 9) u;

-- Activity k of client c: post k / 9 (by user 0; named with p_posts), member k % 9 + 1.
CREATE TABLE public.scale_state (per_client integer NOT NULL);
INSERT INTO public.scale_state VALUES (0);
CREATE FUNCTION public.scale_add(p_clients int4range, p_from integer, p_to integer, p_status text, p_posts text DEFAULT 'sp')
RETURNS void
LANGUAGE sql SET session_replication_role = replica AS $$
    INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
    SELECT md5(p_posts || c || '.' || p)::uuid, md5('sc' || c)::uuid, md5('su' || c || '.0')::uuid, 'published'
    FROM generate_series(lower(p_clients), upper(p_clients) - 1) c, generate_series(p_from / 9, (p_to - 1) / 9) p
    ON CONFLICT DO NOTHING;
    INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, client_id, engagement_type, action, status,
                                            scheduled_for, executed_at, origin)
    SELECT md5('sd' || c)::uuid, md5(p_posts || c || '.' || (k / 9))::uuid, md5('sm' || c || '.' || (k % 9 + 1))::uuid,
           md5('sc' || c)::uuid, 'repost', 'repost', p_status,
           timestamptz '2026-01-01' + (k * 997 + c) % 20000000 * interval '1 second',
           CASE WHEN p_status = 'success' THEN timestamptz '2026-01-01' + ((k * 997 + c) % 20000000 + 60) * interval '1 second' END,
           'schedule'
    FROM generate_series(lower(p_clients), upper(p_clients) - 1) c, generate_series(p_from, p_to - 1) k;
$$;
-- The measured tenant's 1,000 and the backlog: clients 2..21, 999 due each, on
-- posts of their own (prefix sbp) that scale_grow never adds to.
SELECT public.scale_add(int4range(1, 2), 0, 1000, 'success', 'st');
SELECT public.scale_add(int4range(2, 22), 0, 999, 'pending', 'sbp');
RESET session_replication_role;

-- Grows the other tenants' (2..1000) finished activities until about p_total rows.
CREATE FUNCTION public.scale_grow(p_total bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_from integer := (SELECT per_client FROM public.scale_state);
    v_to integer := GREATEST(v_from, ((p_total - 1000 - 19980) / 999)::integer);
    v_step integer := GREATEST(1, 1000000 / 999);
    k integer;
BEGIN
    k := v_from;
    WHILE k < v_to LOOP  -- about 1,000,000 rows a statement
        PERFORM public.scale_add(int4range(2, 1001), k, LEAST(k + v_step, v_to), 'success');
        k := LEAST(k + v_step, v_to);
    END LOOP;
    UPDATE public.scale_state SET per_client = v_to;
    RETURN (SELECT count(*) FROM pod_amplify.pod_activities);
END $$;

-- Puts the backlog back to pending and unclaimed (bench only: the state machine
-- would refuse this, so triggers are off for it), and its members' scores to 0.
CREATE FUNCTION public.scale_reset() RETURNS void LANGUAGE plpgsql SET session_replication_role = replica AS $$
BEGIN
    UPDATE pod_amplify.pod_activities SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
           executed_at = NULL, attempt_number = 1, max_attempts = 1000000, error_message = NULL, error_history = '[]',
           repost_url = NULL
    WHERE post_id IN (SELECT md5('sbp' || c || '.' || p)::uuid FROM generate_series(2, 21) c, generate_series(0, 110) p)
      AND (status <> 'pending' OR lease_owner IS NOT NULL OR attempt_number <> 1 OR max_attempts <> 1000000);
    UPDATE pod_amplify.pod_members SET participation_score = 0 WHERE participation_score <> 0;
END $$;

-- The tenant: client 1's user 1, with the README's read grants.
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'scale_tenant') THEN CREATE ROLE scale_tenant LOGIN; END IF;
    EXECUTE format('ALTER ROLE scale_tenant SET request.jwt.claims = %L', json_build_object('sub', md5('su1.1')::uuid)::text);
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO scale_tenant;
GRANT SELECT ON ALL TABLES IN SCHEMA pod_amplify TO scale_tenant;
ANALYZE;
