-- A session that keeps reading pod_activities, writing pods or writing
-- pod_activities in short transactions until the extension reaches :target,
-- and reports its longest wait: how long the upgrade blocked it.
CREATE PROCEDURE pg_temp.probe(p_mode text, p_target text) LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    waited interval;
    longest interval := '0';
    spins integer := 0;
    after_done integer := 0;
BEGIN
    LOOP
        t0 := clock_timestamp();
        IF p_mode = 'write_pods' THEN
            UPDATE pod_amplify.pods SET updated_at = now() WHERE id = md5('p1')::uuid;
        ELSIF p_mode = 'write_activities' THEN
            UPDATE pod_amplify.pod_activities SET scheduled_for = scheduled_for + interval '1 second'
            WHERE id = (SELECT id FROM pod_amplify.pod_activities WHERE pod_id = md5('p2')::uuid AND status = 'pending' ORDER BY id LIMIT 1);
        ELSE
            PERFORM 1 FROM pod_amplify.pod_activities LIMIT 1;
        END IF;
        waited := clock_timestamp() - t0;
        COMMIT;
        longest := greatest(longest, waited);
        spins := spins + 1;
        IF (SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify') = p_target THEN
            after_done := after_done + 1;
            EXIT WHEN after_done > 20;
        END IF;
        EXIT WHEN spins > 2000000;
        PERFORM pg_sleep(0.002);
        COMMIT;
    END LOOP;
    RAISE NOTICE 'probe % longest_wait_ms=% statements=%', p_mode, round(extract(epoch FROM longest) * 1000, 1), spins;
END $$;
CALL pg_temp.probe(:'mode', :'target');
