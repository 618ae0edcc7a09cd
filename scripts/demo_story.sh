#!/usr/bin/env bash
# The demo inside its throwaway cluster (run by scripts/demo.sh under pg_virtualenv).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d)
fake_pid=
cleanup() { [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

psql -X -v ON_ERROR_STOP=1 -q -f "$ROOT/scripts/demo.sql"

echo
echo "== A fake Unipile on 127.0.0.1 (the worker's real HTTP calls; it answers 429 to 30% of them and"
echo "   403 'account restricted' to 10%, performing nothing then; seeded, one call at a time: the same story each run)"
python3 "$ROOT/test/worker/fake_unipile.py" --api-key demo-key --port-file "$work/port" \
    --actions-log "$work/actions" --rate-429 0.3 --rate-403 0.1 --seed 23 >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done

run_worker() {  # a pass of the worker until the queue is idle; its log, shortened
    echo
    echo "== pod_amplify_worker, pass $1: claims, calls Unipile, reports each outcome, exits when idle"
    env DATABASE_URL="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=${PGDATABASE:-postgres} user=pod_worker password=demo-worker-password" \
        UNIPILE_BASE_URL="http://127.0.0.1:$(cat "$work/port")" UNIPILE_API_KEY=demo-key \
        WORKER_NAME="demo-worker-$1" WORKER_EXIT_WHEN_IDLE=1 WORKER_LEASE=30 WORKER_CONCURRENCY=1 \
        "$ROOT/build/pod_amplify_worker" 2>&1 |
        sed -E 's/^ts=[^ ]+ //' | grep -E 'event=(start|outcome|idle_exit)' | cut -c1-150 || true
    psql -X -q -f "$ROOT/scripts/demo_report.sql"
}

run_worker 1
echo "(a 429 is retried 2 s later, this pod's retry_base_delay; a 403 is final. Ada has no pod: her retry"
echo " takes the default delay, 60 s, so it is still pending when the demo ends)"
echo
echo "== The account is restored; an operator re-queues the failed activity with one more attempt"
psql -X -q -P footer=off -c "SELECT u.full_name AS member, r.action, r.status, r.attempt_number, r.max_attempts
               FROM pod_amplify.pod_activities a, pod_amplify.retry_activity(a.id, 1) r
               JOIN pod_amplify.pod_members m ON m.id = r.member_id JOIN pod_amplify.users u ON u.id = m.user_id
               WHERE a.status = 'failed'"
run_worker 2

echo
psql -X -q -v actions="$(wc -l <"$work/actions")" -f "$ROOT/scripts/demo_stats.sql"
