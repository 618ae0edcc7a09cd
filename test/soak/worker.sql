-- The soak test's worker: claims in batches (the claim and its log entry commit
-- together), "calls LinkedIn", then reports each activity in a transaction of
-- its own (one report call per transaction, as the README asks of workers, so
-- member rows locked for scores are never held across calls): 65 % succeed,
-- 30 % fail retryably, 5 % fail for good. A report refused because the lease was
-- lost (expired and reaped while this worker was slow) is what at-least-once
-- delivery means: it is logged, not fatal.
CREATE TABLE public.soak_claims (activity_id uuid, attempt integer, worker text, claimed_at timestamptz, lease_expires_at timestamptz);
CREATE TABLE public.soak_reports (activity_id uuid, attempt integer, worker text, outcome text, reported_at timestamptz);
CREATE TYPE public.soak_claim AS (id uuid, attempt_number integer);
CREATE PROCEDURE public.soak_worker(p_name text, p_deadline timestamptz) LANGUAGE plpgsql AS $$
DECLARE
    c public.soak_claim;
    claimed public.soak_claim[];
    roll double precision;
    outcome text;
BEGIN
    PERFORM set_config('pod_amplify.retry_base_delay', '1s', false);
    PERFORM set_config('pod_amplify.retry_max_delay', '2s', false);
    PERFORM set_config('pod_amplify.retry_jitter', '0.5', false);
    -- Around the clock, no gap, no cap: a retry is due after its delay (1.2
    -- places it in working hours, keeping the gap and the daily caps).
    PERFORM set_config('pod_amplify.active_hours', '00:00-24:00', false);
    PERFORM set_config('pod_amplify.active_days', 'mon-sun', false);
    PERFORM set_config('pod_amplify.account_min_gap', '0', false);
    PERFORM set_config('pod_amplify.member_daily_cap', '0', false);
    LOOP
        EXIT WHEN clock_timestamp() > p_deadline;
        claimed := '{}';
        WITH got AS (SELECT id, attempt_number, lease_expires_at FROM pod_amplify.claim_activities(p_name, 10, '2 seconds')),
             logged AS (INSERT INTO public.soak_claims SELECT id, attempt_number, p_name, now(), lease_expires_at FROM got)
        SELECT COALESCE(array_agg(ROW(id, attempt_number)::public.soak_claim), '{}') INTO claimed FROM got;
        COMMIT;
        IF cardinality(claimed) = 0 THEN
            EXIT WHEN NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities WHERE status = 'pending');
            PERFORM pg_sleep(0.05);
            CONTINUE;
        END IF;
        -- the call to LinkedIn; 1 % of them hang past the 2 s lease
        PERFORM pg_sleep(CASE WHEN random() < 0.01 THEN 2.3 ELSE 0.005 + random() * 0.02 END);
        FOREACH c IN ARRAY claimed LOOP
            roll := random();
            outcome := CASE WHEN roll < 0.30 THEN 'retryable' WHEN roll < 0.35 THEN 'fatal' ELSE 'success' END;
            BEGIN
                IF outcome = 'success' THEN
                    PERFORM pod_amplify.complete_activity(c.id, NULL, p_name);
                ELSE
                    PERFORM pod_amplify.fail_activity(c.id, CASE outcome WHEN 'fatal' THEN 'account restricted' ELSE 'HTTP 429' END,
                                                      outcome = 'retryable', p_name);
                END IF;
                INSERT INTO public.soak_reports VALUES (c.id, c.attempt_number, p_name, outcome, now());
            EXCEPTION WHEN object_not_in_prerequisite_state THEN  -- the lease was lost
                INSERT INTO public.soak_reports VALUES (c.id, c.attempt_number, p_name, 'lease lost (' || outcome || ')', now());
            END;
            COMMIT;
        END LOOP;
    END LOOP;
END $$;
