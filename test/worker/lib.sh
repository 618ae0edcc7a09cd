# Shared by the worker suites (test/worker/*.sh). Source it after test/tap.sh.
#
# The server: $PGHOST/$PGPORT when set (scripts/db_suites.sh's cluster; it must
# accept trusted TCP connections on 127.0.0.1:$PGPORT, as the sandboxes do),
# else a private sandbox started here (scripts/sandbox.sh, built from
# $SANDBOX_SRC or this checkout). Everything else — the fake Unipile, PgBouncer,
# the workers — lives in a private directory and is stopped on exit.
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WK_PY=/usr/bin/python3
WK_ROLE=pod_worker_test
WK_WORK=$(mktemp -d /tmp/wk-test.XXXXXX)
chmod 755 "$WK_WORK"
WK_PIDS=()
WK_OWN_CLUSTER=0
source "$WK_ROOT/scripts/sandbox.sh"

wk_cleanup() {
    local p
    for p in "${WK_PIDS[@]}"; do { kill -KILL "$p" && wait "$p"; } 2>/dev/null; done
    [ -f "$WK_WORK/pgb/pgbouncer.pid" ] && kill -KILL "$(cat "$WK_WORK/pgb/pgbouncer.pid")" 2>/dev/null
    [ "$WK_OWN_CLUSTER" = 1 ] && sandbox_stop "$WK_WORK/sb" main
    [ -n "${WK_KEEP:-}" ] || rm -rf "$WK_WORK"
}
trap wk_cleanup EXIT

# The server, and psql / pg_ctl of the same installation.
wk_server() {
    if [ -z "${PGHOST:-}" ] || [ -z "${PGPORT:-}" ]; then
        SANDBOX_SRC=${SANDBOX_SRC:-$WK_ROOT} sandbox_tree "$WK_WORK/sb" >/dev/null || return 1
        sandbox_start "$WK_WORK/sb" main || return 1
        WK_OWN_CLUSTER=1
    fi
    WK_BIN=${SANDBOX_BIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
    export PATH="$WK_BIN:$PATH"
}

# The worker binary: $POD_WORKER_BIN, else build/pod_amplify_worker (built when missing).
wk_worker_bin() {
    WK_WORKER=${POD_WORKER_BIN:-$WK_ROOT/build/pod_amplify_worker}
    if [ ! -x "$WK_WORKER" ]; then
        cmake -S "$WK_ROOT" -B "$WK_ROOT/build" >/dev/null &&
            cmake --build "$WK_ROOT/build" --target pod_amplify_worker -j2 >/dev/null || return 1
    fi
    [ -x "$WK_WORKER" ]
}

# Both, or a TAP bail-out: what every suite that runs the worker starts with.
wk_server_and_worker() {
    wk_server || { echo "Bail out! no database server"; exit 1; }
    wk_worker_bin || { echo "Bail out! cannot build pod_amplify_worker"; exit 1; }
}

# A database with the extension, the test data and the least-privilege worker role.
wk_make_db() {  # db posts members lease
    local db=$1
    dropdb --if-exists "$db" 2>/dev/null
    createdb "$db" && q -d "$db" -c 'CREATE EXTENSION pod_amplify' &&
        q -d "$db" -v posts="$2" -v members="$3" -v lease="$4" -f "$WK_ROOT/test/worker/data.sql" &&
        q -d "$db" -v role="$WK_ROLE" -f "$WK_ROOT/test/worker/grants.sql"
}

# The fake Unipile: wk_fake NAME [fake_unipile.py flags]; sets WK_FAKE_URL, WK_FAKE_PID.
wk_fake() {
    local name=$1; shift
    local dir="$WK_WORK/$name"
    mkdir -p "$dir"
    "$WK_PY" "$WK_ROOT/test/worker/fake_unipile.py" --api-key test-key --port-file "$dir/port" \
        --actions-log "$dir/actions.log" --requests-log "$dir/requests.log" "$@" 2>"$dir/fake.err" &
    WK_FAKE_PID=$!
    WK_PIDS+=("$WK_FAKE_PID")
    for _ in $(seq 1 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
    [ -s "$dir/port" ] || return 1
    WK_FAKE_URL="http://127.0.0.1:$(cat "$dir/port")"
    WK_FAKE_DIR=$dir
}

wk_fake_stop() {
    kill -TERM "$WK_FAKE_PID" 2>/dev/null
    wait "$WK_FAKE_PID" 2>/dev/null
}

# PgBouncer in transaction mode on 127.0.0.1 in front of database $1 (run as
# the postgres user: PgBouncer refuses root). Sets WK_PGB_PORT.
wk_pgbouncer() {
    local db=$1 dir="$WK_WORK/pgb"
    mkdir -p "$dir" && chown postgres "$dir"
    WK_PGB_PORT=${WK_PGB_PORT:-$(sandbox_free_port)}
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
$db = host=127.0.0.1 port=$PGPORT dbname=$db
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $WK_PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
server_reset_query =
server_login_retry = 1
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    printf '"%s" ""\n"postgres" ""\n' "$WK_ROLE" >"$dir/userlist.txt"
    chown postgres "$dir"/*
    runuser -u postgres -- pgbouncer -d "$dir/pgbouncer.ini" || return 1
    for _ in $(seq 1 200); do
        psql -X -q -h 127.0.0.1 -p "$WK_PGB_PORT" -U "$WK_ROLE" -d "$db" -c 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "# PgBouncer on port $WK_PGB_PORT did not answer within 10 s; its log:" >&2
    sed 's/^/#   /' "$dir/pgbouncer.log" 2>/dev/null | tail -5 >&2
    return 1
}

wk_pgbouncer_kill() {
    local pid
    pid=$(cat "$WK_WORK/pgb/pgbouncer.pid" 2>/dev/null) || return 0
    kill -KILL "$pid" 2>/dev/null
    # Its port is free once it is dead (a zombie holds no socket; pid 1 may never reap it).
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$WK_PGB_PORT") 2>/dev/null || break; sleep 0.02; done
    rm -f "$WK_WORK/pgb/pgbouncer.pid"
}

# Starts worker NAME (its log appends to $WK_WORK/NAME.log); extra VAR=value
# words override the defaults. Sets WK_PID_<name>.
wk_start_worker() {
    local name=$1; shift
    env DATABASE_URL="host=127.0.0.1 port=$WK_PGB_PORT dbname=$WK_DB user=$WK_ROLE" \
        WORKER_LISTEN_URL="host=127.0.0.1 port=$PGPORT dbname=$WK_DB user=$WK_ROLE" \
        UNIPILE_BASE_URL="$WK_FAKE_URL" UNIPILE_API_KEY=test-key WORKER_NAME="$name" \
        WORKER_CONCURRENCY=8 WORKER_BATCH=10 WORKER_EXIT_WHEN_IDLE=1 WORKER_LEASE="$WK_LEASE" \
        WORKER_HTTP_TIMEOUT=8 WORKER_POLL_INTERVAL=2 "$@" \
        "$WK_WORKER" 2>>"$WK_WORK/$name.log" &
    local pid=$!
    WK_PIDS+=("$pid")
    printf -v "WK_PID_${name//-/_}" '%s' "$pid"
}

wk_pid() { local v="WK_PID_${1//-/_}"; echo "${!v}"; }

# Waits for the given pids (children of this shell; at most $1 seconds) and
# sets WK_BAD to how many exited non-zero or had to be killed. Not in $(...):
# a subshell cannot wait for its parent's children.
wk_wait_all() {
    local deadline=$(( $(date +%s) + $1 )); shift
    local p
    WK_BAD=0
    for p in "$@"; do
        while kill -0 "$p" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
        if kill -0 "$p" 2>/dev/null; then kill -KILL "$p"; WK_BAD=$((WK_BAD + 1)); wait "$p" 2>/dev/null
        else wait "$p" || WK_BAD=$((WK_BAD + 1)); fi
    done
}

# --- figures from the fake's logs and the database --------------------------

# Actions done more than once: "<keys done twice or more> <extra actions>".
wk_doubles() {
    awk '{n[$2" "$3" "$4]++} END {k = 0; x = 0; for (a in n) if (n[a] > 1) {k++; x += n[a] - 1} print k, x}' "$1"
}

# Loads an actions log into table public.actions of database $1.
wk_load_actions() {
    q -d "$1" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS public.actions" \
        -c "CREATE TABLE public.actions (at text, account text, post text, kind text, request text)"
    awk '{print $1"\t"$2"\t"$3"\t"$4"\t"$5}' "$2" | q -d "$1" -c "\\copy public.actions FROM pstdin"
}

# Successes recorded without the action in the fake's log (run wk_load_actions first).
wk_success_without_action() {
    q -d "$1" -c "
SELECT count(*) FROM pod_amplify.pod_activities a
JOIN pod_amplify.pod_members m ON m.id = a.member_id
LEFT JOIN pod_amplify.linkedin_accounts la ON la.id = m.linkedin_account_id
JOIN pod_amplify.posts p ON p.id = a.post_id
WHERE a.status = 'success' AND NOT EXISTS (
    SELECT FROM public.actions x WHERE x.account = COALESCE(m.unipile_account_id, la.unipile_account_id)
      AND x.post = substring(p.linkedin_post_url FROM 'urn:li:[a-zA-Z]+:[0-9]+') AND x.kind = COALESCE(a.action, a.engagement_type))"
}

# Actions performed whose activity is not a success (a success lost on the way).
wk_action_without_success() {
    q -d "$1" -c "
SELECT count(*) FROM (SELECT DISTINCT account, post, kind FROM public.actions) x
WHERE NOT EXISTS (
    SELECT FROM pod_amplify.pod_activities a
    JOIN pod_amplify.pod_members m ON m.id = a.member_id
    LEFT JOIN pod_amplify.linkedin_accounts la ON la.id = m.linkedin_account_id
    JOIN pod_amplify.posts p ON p.id = a.post_id
    WHERE a.status = 'success' AND x.account = COALESCE(m.unipile_account_id, la.unipile_account_id)
      AND x.post = substring(p.linkedin_post_url FROM 'urn:li:[a-zA-Z]+:[0-9]+') AND x.kind = COALESCE(a.action, a.engagement_type))"
}

# Activities neither final nor pending with a retry in the future and no lease.
wk_unsettled() {
    q -d "$1" -c "SELECT count(*) FROM pod_amplify.pod_activities
WHERE NOT (status IN ('success', 'failed') OR (status = 'pending' AND scheduled_for > now() AND lease_owner IS NULL))"
}

wk_scores_vs_successes() {
    q -d "$1" -c "SELECT (SELECT COALESCE(sum(participation_score), 0) FROM pod_amplify.pod_members) || ' ' ||
                         (SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'success')"
}

# Four TAP checks once the fake is stopped: no action twice, every success has
# its action and every action its success, every activity settled, scores =
# successes. wk_check_exactly_once DB ACTIONS_LOG (loads the log into DB).
wk_check_exactly_once() {
    local db=$1 actions=$2 keys extra scores successes
    read -r keys extra <<<"$(wk_doubles "$actions")"
    tap_is "$keys $extra" "0 0" "no LinkedIn action done twice among $(wc -l <"$actions") actions"
    wk_load_actions "$db" "$actions"
    tap_is "$(wk_success_without_action "$db") $(wk_action_without_success "$db")" "0 0" \
        "every success has its action and every action its success"
    tap_is "$(wk_unsettled "$db")" 0 "every activity settled"
    read -r scores successes <<<"$(wk_scores_vs_successes "$db")"
    tap_is "$scores" "$successes" "participation scores ($scores) = successes ($successes)"
}

# The worker-test client's activities a worker can do (a post URL naming a
# post, a member with an account); with a second argument, those in that status.
wk_test_client_activities() {  # DB [STATUS]
    q -d "$1" -c "SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.posts p ON p.id = a.post_id
                  JOIN pod_amplify.pod_members m ON m.id = a.member_id
                  WHERE a.client_id = 'f0000000-0000-4000-8000-000000000000' AND m.linkedin_account_id IS NOT NULL
                    AND p.linkedin_post_url LIKE '%urn:li:%' ${2:+AND a.status = '$2'}"
}

# Worker w1 straight on the cluster (no PgBouncer); extra VAR=value words.
wk_start_direct() {
    WK_PGB_PORT=$PGPORT wk_start_worker w1 DATABASE_URL="host=127.0.0.1 port=$PGPORT dbname=$WK_DB user=$WK_ROLE" "$@"
}

# Activities worker w1 set aside unattempted (its set_aside lines, summed).
wk_set_aside_count() {
    grep 'event=set_aside' "$WK_WORK/w1.log" | sed -n 's/.*activities=\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}'
}

# After wk_hold: waits for the holder, then for w1 to exit when idle (at most
# $1 seconds; start time in ms in $2), one TAP check; stops the fake.
wk_after_hold() {
    wait "$WK_HOLDER"
    wk_wait_all "$1" "$(wk_pid w1)"
    tap_is "$WK_BAD" 0 "after the rows were let go, the worker settled everything and exited 0 when idle ($(( $(date +%s%3N) - $2 )) ms)"
    wk_fake_stop
}

# How many actions the fake performed with accounts whose id starts with $1.
wk_actions_of() {
    awk -v p="$1" 'index($2, p) == 1' "$WK_FAKE_DIR/actions.log" | wc -l
}

# A tenant's transaction holding the member rows that query $2 selects FOR
# UPDATE for $3 seconds, in the background (pid in WK_HOLDER). wk_hold DB QUERY SECONDS
wk_hold() {
    q -d "$1" -c "BEGIN" -c "SELECT id FROM pod_amplify.pod_members WHERE id IN ($2) FOR UPDATE" \
        -c "SELECT pg_sleep($3)" -c "COMMIT" >/dev/null &
    WK_HOLDER=$!
    WK_PIDS+=("$WK_HOLDER")
}

# "fault=count ..." of action requests, from a requests log.
wk_fault_counts() {
    awk '$3 == "POST" {n[$8]++} END {for (f in n) printf "%s=%d ", f, n[f]; print ""}' "$1"
}
