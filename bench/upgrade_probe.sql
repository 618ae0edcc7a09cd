-- A session that keeps reading pod_activities (or writing pods) in short
-- transactions until the extension reaches 1.1, and reports its longest wait:
-- how long the upgrade blocked it.
CREATE PROCEDURE pg_temp.probe(p_write boolean) LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    waited interval;
    longest interval := '0';
    spins integer := 0;
    after_done integer := 0;
BEGIN
    LOOP
        t0 := clock_timestamp();
        IF p_write THEN
            UPDATE pod_amplify.pods SET updated_at = now() WHERE id = md5('p1')::uuid;
        ELSE
            PERFORM 1 FROM pod_amplify.pod_activities LIMIT 1;
        END IF;
        waited := clock_timestamp() - t0;
        COMMIT;
        longest := greatest(longest, waited);
        spins := spins + 1;
        IF (SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify') = '1.1' THEN
            after_done := after_done + 1;
            EXIT WHEN after_done > 20;
        END IF;
        EXIT WHEN spins > 2000000;
        PERFORM pg_sleep(0.002);
        COMMIT;
    END LOOP;
    RAISE NOTICE 'probe % longest_wait_ms=% statements=%', CASE WHEN p_write THEN 'write' ELSE 'read' END,
        round(extract(epoch FROM longest) * 1000, 1), spins;
END $$;
CALL pg_temp.probe(:write);
