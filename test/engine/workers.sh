#!/usr/bin/env bash
# Worker behaviour across sessions: NOTIFY reaches a LISTEN session; 4 workers
# claiming in parallel from one backlog never share an activity and miss none,
# while a fifth of the activities fail once and are retried. Prints TAP.
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
rm -rf "$work"
dropdb "$db"
tap_done
