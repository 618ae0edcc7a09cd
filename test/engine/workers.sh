#!/usr/bin/env bash
# Worker behaviour across sessions: NOTIFY reaches a LISTEN session; 4 workers
# claiming in parallel from one backlog never share an activity and miss none,
# while a fifth of the activities fail once and are retried; 8 workers calling
# report_and_claim drain a backlog without a deadlock. Prints TAP.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
db=pod_engine_workers
work=$(mktemp -d)
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
q -d "$db" -c "CREATE EXTENSION pod_amplify"
q -d "$db" -v posts=40 -f test/engine/backlog.sql
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'pending'")" 2000 "a backlog of 2000 due activities"

# --- NOTIFY: a listener hears the scheduling of a published post ------------
psql -X -d "$db" -c "LISTEN pod_amplify_activities" -c "SELECT pg_sleep(1.5)" >"$work/listener.out" 2>&1 &
listener=$!
sleep 0.5
q -d "$db" -c "SET pod_amplify.auto_schedule = on" \
    -c "INSERT INTO pod_amplify.posts (id, client_id, author_id, status) VALUES ('e1b00000-0000-4000-8000-000000000000', 'e0000000-0000-4000-8000-000000000000', md5('eu0')::uuid, 'published')"
wait $listener
payload=$(sed -nE 's/^Asynchronous notification "pod_amplify_activities" with payload "(.*)" received from server process with PID [0-9]+\.$/\1/p' "$work/listener.out")
tap_is "$payload" '{"event": "scheduled"}' \
    "a LISTEN session receives {event: scheduled} when the post is published, and nothing about whose post"
[ -z "$payload" ] && sed 's/^/# /' "$work/listener.out"
q -d "$db" -c "DELETE FROM pod_amplify.pod_activities WHERE post_id = 'e1b00000-0000-4000-8000-000000000000'"

# --- 4 parallel workers drain the backlog -----------------------------------
q -d "$db" <<'SQL'
CREATE TABLE public.claims_log (worker text, activity_id uuid, attempt integer, at timestamptz DEFAULT clock_timestamp());
CREATE PROCEDURE public.worker_loop(p_name text) LANGUAGE plpgsql AS $$
DECLARE
    claimed record;
    done uuid[];
    failing uuid[];
BEGIN
    PERFORM set_config('pod_amplify.retry_base_delay', '1s', false);
    PERFORM set_config('pod_amplify.retry_jitter', '0', false);
    -- Around the clock, no gap, no cap: a retry is due after its delay (1.2
    -- places it in working hours, keeping the gap and the daily caps).
    PERFORM set_config('pod_amplify.active_hours', '00:00-24:00', false);
    PERFORM set_config('pod_amplify.active_days', 'mon-sun', false);
    PERFORM set_config('pod_amplify.account_min_gap', '0', false);
    PERFORM set_config('pod_amplify.member_daily_cap', '0', false);
    LOOP
        done := '{}';
        failing := '{}';
        FOR claimed IN SELECT * FROM pod_amplify.claim_activities(p_name, 10) LOOP
            INSERT INTO public.claims_log (worker, activity_id, attempt) VALUES (p_name, claimed.id, claimed.attempt_number);
            -- a fifth of the activities fail their first attempt (retryable)
            IF claimed.attempt_number = 1 AND get_byte(uuid_send(claimed.id), 15) % 5 = 0 THEN
                failing := failing || claimed.id;
            ELSE
                done := done || claimed.id;
            END IF;
        END LOOP;
        IF cardinality(done) + cardinality(failing) = 0 THEN
            EXIT WHEN NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities WHERE status = 'pending');
            PERFORM pg_sleep(0.05);
        END IF;
        PERFORM pod_amplify.complete_activities(done, NULL, p_name);
        PERFORM pod_amplify.fail_activities(failing, array_fill('HTTP 503'::text, ARRAY[cardinality(failing)]), true, p_name);
        COMMIT;
    END LOOP;
END $$;
SQL
start=$(date +%s%3N)
for w in 1 2 3 4; do
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CALL public.worker_loop('worker-$w')" >"$work/worker-$w.out" 2>&1 &
    pids[$w]=$!
done
failed_workers=0
for w in 1 2 3 4; do wait ${pids[$w]} || failed_workers=$((failed_workers + 1)); done
elapsed=$(( $(date +%s%3N) - start ))
tap_is "$failed_workers" 0 "4 parallel workers ran to the end without an error (no deadlock) in ${elapsed} ms"
[ $failed_workers -ne 0 ] && cat "$work"/worker-*.out | sed 's/^/# /' | head -20
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status <> 'success'")" 0 "every activity ended in success"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM (SELECT activity_id, attempt FROM public.claims_log GROUP BY 1, 2 HAVING count(*) > 1) d")" 0 \
       "no attempt of any activity was handed to two workers"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities a WHERE (SELECT count(*) FROM public.claims_log c WHERE c.activity_id = a.id) <> a.attempt_number")" 0 \
       "each activity was claimed exactly once per attempt (none missed)"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE attempt_number = 2")" \
       "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE get_byte(uuid_send(id), 15) % 5 = 0")" \
       "exactly the activities that failed once were retried once"
tap_is "$(q -d "$db" -c "SELECT sum(participation_score) FROM pod_amplify.pod_members m JOIN pod_amplify.users u ON u.id = m.user_id WHERE u.client_id = 'e0000000-0000-4000-8000-000000000000'")" 2000 \
       "participation scores count every success exactly once"
tap_is "$(q -d "$db" -c "SELECT count(DISTINCT worker) FROM public.claims_log")" 4 "all four workers took a share"

# --- 8 workers drain with report_and_claim ----------------------------------
# Each call reports the batch the previous one claimed and claims the next, in
# one transaction. Before its claim gave up instead of waiting, two such
# transactions could each wait for the other's reported rows (SKIP LOCKED does
# not cover a row locked while its update commits): a deadlock every run or two.
q -d "$db" -c "TRUNCATE public.claims_log" -c "UPDATE pod_amplify.pod_members SET participation_score = 0" \
    -c "DELETE FROM pod_amplify.pod_activities" >/dev/null
# A pod of 1,000 members (as bench/drain.sh): reports of 100 rarely share a member.
q -d "$db" >/dev/null <<'SQL'
SET pod_amplify.auto_schedule = off;
INSERT INTO pod_amplify.users (id, client_id, email)
SELECT md5('cu' || u)::uuid, 'e0000000-0000-4000-8000-000000000000', 'c' || u || '@engine.test' FROM generate_series(1, 1000) u;
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, unipile_account_id)
SELECT md5('ca' || u)::uuid, md5('cu' || u)::uuid, 'unipileC' || u FROM generate_series(1, 1000) u;
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES ('e1d00000-0000-4000-8000-000000000000', 'e0000000-0000-4000-8000-000000000000', 'Cycle pod');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id)
SELECT md5('cm' || u)::uuid, 'e1d00000-0000-4000-8000-000000000000', md5('cu' || u)::uuid, md5('ca' || u)::uuid
FROM generate_series(1, 1000) u;
INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, scheduled_for)
SELECT 'e1d00000-0000-4000-8000-000000000000', md5('ep' || p)::uuid, md5('cm' || u)::uuid, 'like',
       now() - interval '1 hour' + (p * 1000 + u) * interval '1 millisecond'
FROM generate_series(1, 20) p, generate_series(1, 1000) u;
ANALYZE pod_amplify.pod_activities, pod_amplify.pod_members;
SQL
q -d "$db" <<'SQL'
CREATE TABLE public.busy_log (worker text, activity_id uuid);
CREATE PROCEDURE public.worker_cycle(p_name text) LANGUAGE plpgsql AS $$
DECLARE
    r record;
    held uuid[] := '{}';
    claimed uuid[];
    busy uuid[];
BEGIN
    LOOP
        claimed := '{}';
        busy := '{}';
        FOR r IN SELECT * FROM pod_amplify.report_and_claim(p_name, held, array_fill('success'::text, ARRAY[cardinality(held)]),
                                                            NULL, 100) LOOP
            IF r.kind = 'report' AND NOT r.accepted AND r.reason LIKE 'busy:%' THEN
                -- another report held its member longer than the engine waits:
                -- nothing recorded, the lease kept; report it again (as pod_amplify_worker does)
                busy := busy || r.id;
                INSERT INTO public.busy_log VALUES (p_name, r.id);
            ELSIF r.kind = 'report' AND NOT r.accepted THEN
                RAISE EXCEPTION 'report of % refused: %', r.id, r.reason;
            ELSIF r.kind = 'claim' AND NOT r.id = ANY (busy) THEN
                claimed := claimed || r.id;
                INSERT INTO public.claims_log (worker, activity_id, attempt) VALUES (p_name, r.id, r.attempt_number);
            END IF;
        END LOOP;
        COMMIT;
        -- done when a call with nothing to report claimed nothing (a call that
        -- reported may have given its claim up rather than wait)
        EXIT WHEN cardinality(claimed) = 0 AND cardinality(held) = 0;
        held := claimed || busy;
    END LOOP;
END $$;
SQL
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'pending'")" 20000 "a backlog of 20000 due activities"
start=$(date +%s%3N)
for w in 1 2 3 4 5 6 7 8; do
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CALL public.worker_cycle('cycle-$w')" >"$work/cycle-$w.out" 2>&1 &
    pids[$w]=$!
done
failed_workers=0
for w in 1 2 3 4 5 6 7 8; do wait ${pids[$w]} || failed_workers=$((failed_workers + 1)); done
elapsed=$(( $(date +%s%3N) - start ))
tap_is "$failed_workers" 0 "8 workers calling report_and_claim ran to the end without an error (no deadlock) in ${elapsed} ms"
[ $failed_workers -ne 0 ] && cat "$work"/cycle-*.out | sed 's/^/# /' | head -20
tap_is "$(q -d "$db" -c "SELECT count(*) FILTER (WHERE status <> 'success') || ' ' || count(*) FROM pod_amplify.pod_activities")" "0 20000" \
       "every activity ended in success"
tap_is "$(q -d "$db" -c "SELECT count(*) || ' ' || count(DISTINCT activity_id) FROM public.claims_log")" "20000 20000" \
       "each activity was claimed exactly once"
echo "# busy answers (reported again): $(q -d "$db" -c "SELECT count(*) FROM public.busy_log")"
tap_is "$(q -d "$db" -c "SELECT sum(participation_score) FROM pod_amplify.pod_members WHERE pod_id = 'e1d00000-0000-4000-8000-000000000000'")" 20000 \
       "participation scores count every success exactly once"
rm -rf "$work"
dropdb "$db"
tap_done
