-- Benchmark data: one client, a pod of 10,000 members with accounts, 60 posts,
-- a backlog of 100,000 due activities (posts 1-100 x members 1-1000), and helpers.
-- Built with triggers off (the rows obey every rule) so that it is quick.
SET session_replication_role = replica;
INSERT INTO pod_amplify.clients (id, name) VALUES ('d0000000-0000-4000-8000-000000000000', 'Bench');
INSERT INTO pod_amplify.users (id, client_id, email, full_name)
SELECT md5('bu' || u)::uuid, 'd0000000-0000-4000-8000-000000000000', 'u' || u || '@bench.test', 'User ' || u
FROM generate_series(0, 10000) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
SELECT md5('ba' || u)::uuid, md5('bu' || u)::uuid, 'unipileB' || u FROM generate_series(1, 10000) u;
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES
    ('d0d00000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'Bench pod 10k'),
    ('d1d00000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000000', 'Bench pod 1k');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, client_id, unipile_account_id, name)
SELECT md5('bm' || u)::uuid, 'd0d00000-0000-4000-8000-000000000000', md5('bu' || u)::uuid, md5('ba' || u)::uuid,
       'd0000000-0000-4000-8000-000000000000', 'unipileB' || u, 'User ' || u
FROM generate_series(1, 10000) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status)
SELECT md5('bp' || p)::uuid, 'd0000000-0000-4000-8000-000000000000', md5('bu0')::uuid, 'published'
FROM generate_series(1, 111) p;
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, client_id, engagement_type, action, scheduled_for)
SELECT md5('bact' || p || '.' || u)::uuid, 'd0d00000-0000-4000-8000-000000000000', md5('bp' || p)::uuid, md5('bm' || u)::uuid,
       'd0000000-0000-4000-8000-000000000000', 'repost', 'repost', timestamptz '2026-01-01' + (p * 1000 + u) * interval '1 second'
FROM generate_series(1, 100) p, generate_series(1, 1000) u;
RESET session_replication_role;

-- Puts every backlog activity back to pending and unclaimed (bench only: the
-- state machine would refuse this, so triggers are off for it).
CREATE FUNCTION public.bench_reset() RETURNS void LANGUAGE plpgsql SET session_replication_role = replica AS $$
BEGIN
    UPDATE pod_amplify.pod_activities SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
           executed_at = NULL, attempt_number = 1, max_attempts = 1000000, error_message = NULL, error_history = '[]',
           repost_url = NULL
    WHERE post_id IN (SELECT md5('bp' || p)::uuid FROM generate_series(1, 100) p)
      AND (status <> 'pending' OR lease_owner IS NOT NULL OR attempt_number <> 1 OR max_attempts <> 1000000);
    UPDATE pod_amplify.pod_members SET participation_score = 0 WHERE participation_score <> 0;
END $$;
SELECT public.bench_reset();

-- A second client with 1,000 members, for the smaller fan-out.
SET session_replication_role = replica;
INSERT INTO pod_amplify.clients (id, name) VALUES ('d1000000-0000-4000-8000-000000000000', 'Bench 1k');
INSERT INTO pod_amplify.users (id, client_id, email)
SELECT md5('cu' || u)::uuid, 'd1000000-0000-4000-8000-000000000000', 'u' || u || '@bench1k.test' FROM generate_series(0, 1000) u;
UPDATE pod_amplify.pods SET client_id = 'd1000000-0000-4000-8000-000000000000' WHERE id = 'd1d00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, client_id, unipile_account_id)
SELECT md5('cm' || u)::uuid, 'd1d00000-0000-4000-8000-000000000000', md5('cu' || u)::uuid,
       'd1000000-0000-4000-8000-000000000000', 'unipileC' || u FROM generate_series(1, 1000) u;
INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES
    ('d1b00000-0000-4000-8000-000000000000', 'd1000000-0000-4000-8000-000000000000', md5('cu0')::uuid, 'published');
RESET session_replication_role;
ANALYZE;

-- Milliseconds one statement takes (run in the same session as the floor).
CREATE FUNCTION public.bench_ms(p_sql text, p_replica boolean DEFAULT false) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    IF p_replica THEN SET LOCAL session_replication_role = replica; END IF;
    t0 := clock_timestamp();
    EXECUTE p_sql;
    RETURN 1000 * extract(epoch FROM clock_timestamp() - t0);
END $$;
-- Removes the activities of the given posts (bench only).
CREATE FUNCTION public.bench_clear(p_posts uuid[]) RETURNS void LANGUAGE plpgsql SET session_replication_role = replica AS $$
BEGIN
    DELETE FROM pod_amplify.pod_activities WHERE post_id = ANY (p_posts);
END $$;
