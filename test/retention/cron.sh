#!/usr/bin/env bash
# Retention online, from pg_cron: a cluster of its own (pg_cron must be
# preloaded) in the test sandbox's tree ($SANDBOX, from scripts/test.sh). An
# operator role with nothing but EXECUTE on archive_activities() runs it every
# minute; rows a worker holds are skipped, not waited for; stats and scores come
# out the same; what is archived survives pg_dump / pg_restore. Prints TAP.
set -u
cd "$(dirname "$0")/../.."
source scripts/sandbox.sh
source test/tap.sh
: "${SANDBOX:?set SANDBOX to a tree made by sandbox_tree (scripts/test.sh does)}"
db=pod_cron
work=$(mktemp -d)
sandbox_stop "$SANDBOX" cron 2>/dev/null
rm -rf "$SANDBOX/cron.data"
sandbox_start "$SANDBOX" cron -c shared_preload_libraries=pg_cron -c cron.database_name=$db \
    -c cron.use_background_workers=on -c max_worker_processes=16
tap_ok $? "a cluster with pg_cron preloaded starts"
export PATH="$SANDBOX_BIN:$PATH"
trap 'sandbox_stop "$SANDBOX" cron; rm -rf "$work"' EXIT

createdb "$db"
q -d "$db" -c "CREATE EXTENSION pod_amplify" -c "CREATE EXTENSION pg_cron"
q -d "$db" -v posts=30 -f test/engine/backlog.sql
# Every activity succeeds (1,500); 1,200 of them 40 days ago.
q -d "$db" >/dev/null <<'SQL'
SELECT count(*) FROM pod_amplify.complete_activities(ARRAY(SELECT id FROM pod_amplify.pod_activities));
UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '40 days', executed_at = now() - interval '40 days'
WHERE id IN (SELECT id FROM pod_amplify.pod_activities ORDER BY id LIMIT 1200);
SQL
stats="SELECT s.* FROM unnest(ARRAY['client', 'pod', 'member']) sc, pod_amplify.activity_stats(sc) s ORDER BY 1, 2"
scores="SELECT md5(string_agg(id || ':' || participation_score, ',' ORDER BY id)) FROM pod_amplify.pod_members"
stats_before=$(q -d "$db" -c "$stats"); scores_before=$(q -d "$db" -c "$scores")
tap_is "$(q -d "$db" -c "SELECT count(*) FILTER (WHERE status = 'success'), count(*) FILTER (WHERE scheduled_for < now() - interval '30 days') FROM pod_amplify.pod_activities")" \
       "1500|1200" "1,500 finished activities, 1,200 of them 40 days old"

# --- online: rows other sessions hold are skipped, not waited for ------------
# One session holds an old activity (a worker's report); another holds a post
# (a tenant editing it): the archive's foreign-key check would wait for it.
old="scheduled_for < now() - interval '30 days'"
held=$(q -d "$db" -c "SELECT id FROM pod_amplify.pod_activities WHERE $old ORDER BY id LIMIT 1")
post=$(q -d "$db" -c "SELECT post_id FROM pod_amplify.pod_activities WHERE $old ORDER BY id DESC LIMIT 1")
expected=$(q -d "$db" -c "SELECT count(*) FILTER (WHERE id <> '$held' AND post_id <> '$post') FROM pod_amplify.pod_activities WHERE $old")
psql -X -q -d "$db" -c "BEGIN" -c "SELECT 1 FROM pod_amplify.pod_activities WHERE id = '$held' FOR UPDATE" \
    -c "SELECT pg_sleep(4)" -c "COMMIT" >/dev/null &
holder=$!
psql -X -q -d "$db" -c "BEGIN" -c "SELECT 1 FROM pod_amplify.posts WHERE id = '$post' FOR UPDATE" \
    -c "SELECT pg_sleep(4)" -c "COMMIT" >/dev/null &
post_holder=$!
sleep 1
# lock_timeout: waiting for a held row would fail the call, not slow it.
moved=$(PGOPTIONS="-c lock_timeout=1s" q -d "$db" -c "SELECT pod_amplify.archive_activities('30 days', 1200)")
tap_is "$moved" "$expected" "archive_activities moves every old finished row but the one a session holds and those of a post another holds ($expected), without waiting"
wait $holder $post_holder
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE id = '$held' OR post_id = '$post' AND $old")" \
       "$((1200 - expected))" "the held rows are still in pod_activities"

# --- from pg_cron, as an operator role with EXECUTE only ---------------------
q -d "$db" >/dev/null <<'SQL'
CREATE ROLE pod_ops LOGIN;  -- pg_cron's background worker logs in as it (PostgreSQL 15)
GRANT USAGE ON SCHEMA pod_amplify TO pod_ops;
GRANT EXECUTE ON FUNCTION pod_amplify.archive_activities(interval, integer) TO pod_ops;
SELECT cron.schedule_in_database('pod_amplify-archive', '* * * * *',
    $$SELECT pod_amplify.archive_activities('30 days', 10000)$$, 'pod_cron', 'pod_ops');
SQL
status=""
for _ in $(seq 1 80); do
    status=$(q -d "$db" -c "SELECT status || ' ' || coalesce(return_message, '') FROM cron.job_run_details WHERE status IN ('succeeded', 'failed') ORDER BY runid LIMIT 1")
    [ -n "$status" ] && break
    sleep 1
done
tap_is "$status" "succeeded SELECT 1" "pg_cron ran the job as pod_ops (EXECUTE only) within 80 s"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities_archive")" 1200 "the held rows were archived by the next run"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pod_amplify.pod_activities")" 300 "300 recent activities stay in pod_activities"
# pg_cron lives in one database per cluster: out of the way of the restore below.
q -d "$db" -c "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = 'pod_amplify-archive'" -c "DROP EXTENSION pg_cron" >/dev/null
tap_is "$(q -d "$db" -c "$stats")" "$stats_before" "activity_stats per client, pod and member: the same rows after archiving"
tap_is "$(q -d "$db" -c "$scores")" "$scores_before" "participation scores unchanged"
tap_is "$(q -d "$db" -c "SELECT pod_amplify.schedule_post(md5('ep1')::uuid, 'repost')")" 0 \
       "schedule_post of an already amplified post schedules no one again"

# --- backups keep the archive ------------------------------------------------
archive_sum="SELECT count(*), md5(string_agg(concat_ws(',', id, client_id, pod_id, post_id, member_id, user_id, action, status,
    scheduled_for, executed_at, created_at, attempt_number, max_attempts, repost_url, error_history, origin, archived_at), '|' ORDER BY id))
    FROM pod_amplify.pod_activities_archive"
before=$(q -d "$db" -c "$archive_sum")
pg_dump -Fc -d "$db" -f "$work/dump" && createdb pod_cron_restored && pg_restore --exit-on-error -d pod_cron_restored "$work/dump"
tap_ok $? "pg_dump / pg_restore"
tap_is "$(q -d pod_cron_restored -c "$archive_sum")" "$before" "every archived row restored, every column the same"
tap_is "$(q -d pod_cron_restored -c "$stats")" "$stats_before" "and the restored database's stats are the same"

grep -E 'terminated by signal|was terminated' "$SANDBOX_LOG" && tap_ok 1 "no crash in the server log" || tap_ok 0 "no crash in the server log"
tap_done
