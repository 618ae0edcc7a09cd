#!/usr/bin/env bash
# High availability: a failover loses nothing acknowledged, and this proves it.
#
# etcd and three Patroni-managed PostgreSQL 15 nodes on 127.0.0.1 (synchronous_mode
# + synchronous_mode_strict, pod_amplify preloaded through Patroni's cluster-wide
# parameters), the reference worker (3 processes, multi-host DATABASE_URL with
# target_session_attrs=read-write) against the fake Unipile, and a publisher that
# writes down every operation whose COMMIT returned success. While that load runs
# the leader is taken away 4 ways: kill -9 of its postmaster, kill -9 of its
# Patroni and postmaster (a node loss; the node is started again and rejoins),
# patronictl switchover, patronictl failover. Then, in TAP:
#   - every acknowledged publish/schedule is on the final leader with its activities,
#     every acknowledged report is in the database, every action the fake performed
#     is a success and every success has its action; scores = successes;
#   - no activity attempt was handed to two workers, no lease lapsed, none is left;
#   - the three nodes hold identical rows (checksums of every table), no crash in
#     any node's log;
#   - on a standby, the engine's writers fail with 25006 naming the function,
#     backfill with 25006, LISTEN is refused, readers work;
#   - the workers LISTEN again on the new leader after each failover;
# and prints the write downtime of each failover and the counts.
#
# Standalone: bash test/ha/ha.sh (as root, Debian 12). Installs patroni and
# etcd-server when missing. Opt-in from scripts/test.sh (POD_HA=1).
# Environment:
#   HA_TREE         a sandbox tree with pod_amplify installed (scripts/sandbox.sh's
#                   sandbox_tree); default $SANDBOX when it holds one, else one is
#                   built from this checkout into the private work directory
#   POD_WORKER_BIN  the worker binary; default build/pod_amplify_worker when it
#                   exists, else built from this checkout into the work directory
#   HA_KEEP=1       keep the work directory (logs, data) after the run
set -u
HA_T0=$(date +%s)
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root (PostgreSQL and Patroni run as the postgres user)"; exit 1; }
HA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$HA_ROOT" || exit 1
source test/tap.sh
source scripts/sandbox.sh

HA_PY=/usr/bin/python3
HA_DB=hadb
HA_ROLE=pod_worker_ha
HA_WORK=$(mktemp -d /tmp/pod-ha.XXXXXX)
chmod 755 "$HA_WORK"
HA_PIDS=()            # background processes started here (etcd, fake, workers, publisher)
declare -A PATRONI_PID=()
PGP=() REST=()        # per node (1..3): PostgreSQL and Patroni REST ports
HA_WORKERS=(w1 w2 w3)
declare -A WPID=()

ms() { date +%s%3N; }
note() { echo "# $*"; }
bail() { echo "Bail out! $*"; exit 1; }

ha_cleanup() {
    local p i pid
    touch "$HA_WORK/stop"
    for p in "${HA_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for i in 1 2 3; do
        pid=${PATRONI_PID[$i]:-}
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    done
    for _ in $(seq 1 100); do
        local alive=0
        for p in "${HA_PIDS[@]}" "${PATRONI_PID[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    for p in "${HA_PIDS[@]}" "${PATRONI_PID[@]}"; do kill -KILL "$p" 2>/dev/null; done
    # PostgreSQL servers of these data directories that outlived their Patroni
    for i in 1 2 3; do
        local data="$HA_WORK/node$i/data"
        if [ -f "$data/postmaster.pid" ]; then
            pid=$(head -1 "$data/postmaster.pid")
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                runuser -u postgres -- "$HA_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 ||
                    kill -KILL "$pid" 2>/dev/null
            fi
        fi
    done
    wait 2>/dev/null
    if [ -n "${HA_KEEP:-}" ]; then echo "# kept: $HA_WORK"; else rm -rf "$HA_WORK"; fi
}
trap ha_cleanup EXIT
trap 'exit 130' INT TERM

# --- packages ---------------------------------------------------------------
if ! command -v patroni >/dev/null || ! command -v patronictl >/dev/null || [ ! -x /usr/bin/etcd ]; then
    note "installing patroni and etcd-server"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q patroni etcd-server; } \
        >"$HA_WORK/apt.log" 2>&1 || { tail -20 "$HA_WORK/apt.log"; bail "apt-get install patroni etcd-server failed"; }
fi
for pkg in patroni etcd-server python3-psycopg2; do
    dpkg -s "$pkg" >/dev/null 2>&1 || bail "package $pkg is missing"
done
note "versions: patroni $(dpkg-query -W -f '${Version}' patroni), etcd-server $(dpkg-query -W -f '${Version}' etcd-server)," \
     "python3-psycopg2 $(dpkg-query -W -f '${Version}' python3-psycopg2)"

# --- builds -----------------------------------------------------------------
if [ -z "${HA_TREE:-}" ] && [ -n "${SANDBOX:-}" ] && [ -f "$(sandbox_bindir "$SANDBOX")/../lib/pod_amplify.so" ]; then
    HA_TREE=$SANDBOX
fi
if [ -z "${HA_TREE:-}" ]; then
    note "building pod_amplify into a private PostgreSQL tree"
    mkdir -p "$HA_WORK/src"
    cp -r Makefile pod_amplify.control pod_amplify--*.sql src "$HA_WORK/src/"
    find "$HA_WORK/src" \( -name '*.o' -o -name '*.bc' -o -name '*.so' \) -delete
    make -C "$HA_WORK/src" -j2 >"$HA_WORK/make.log" 2>&1 &&
        SANDBOX_SRC="$HA_WORK/src" sandbox_tree "$HA_WORK/tree" >>"$HA_WORK/make.log" 2>&1 ||
        { tail -20 "$HA_WORK/make.log"; bail "cannot build pod_amplify"; }
    HA_TREE="$HA_WORK/tree"
fi
HA_BIN=$(sandbox_bindir "$HA_TREE")
[ -f "$HA_BIN/../lib/pod_amplify.so" ] || bail "no pod_amplify.so in $HA_TREE"
HA_WORKER=${POD_WORKER_BIN:-$HA_ROOT/build/pod_amplify_worker}
if [ ! -x "$HA_WORKER" ]; then
    note "building pod_amplify_worker privately"
    { cmake -S "$HA_ROOT" -B "$HA_WORK/wbuild" && cmake --build "$HA_WORK/wbuild" --target pod_amplify_worker -j2; } \
        >"$HA_WORK/cmake.log" 2>&1 || { tail -20 "$HA_WORK/cmake.log"; bail "cannot build pod_amplify_worker"; }
    HA_WORKER="$HA_WORK/wbuild/pod_amplify_worker"
fi
export PATH="$HA_BIN:$PATH"
note "PostgreSQL: $HA_BIN ($("$HA_BIN/postgres" --version)); worker: $HA_WORKER"

# --- ports ------------------------------------------------------------------
HA_USED=" "
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$(sandbox_free_port) || return 1
        case "$HA_USED" in *" $p "*) continue ;; esac
        HA_USED="$HA_USED$p "
        echo "$p"; return 0
    done
    return 1
}
ETCD_PORT=$(free_port); ETCD_PEER=$(free_port)
for i in 1 2 3; do PGP[$i]=$(free_port); REST[$i]=$(free_port); done
HA_URL="host=127.0.0.1,127.0.0.1,127.0.0.1 port=${PGP[1]},${PGP[2]},${PGP[3]} dbname=$HA_DB target_session_attrs=read-write"

# psql on node i: sqln i [psql args]
sqln() { local i=$1; shift; psql -X -A -t -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${PGP[$i]}" -U postgres "$@"; }
api() { curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${REST[$1]}/$2" 2>/dev/null; }
# The node holding the leader lock and running as primary.
ha_leader() { local i; for i in 1 2 3; do [ "$(api "$i" primary)" = 200 ] && { echo "$i"; return 0; }; done; return 1; }
ha_sync() { local i; for i in 1 2 3; do [ "$(api "$i" sync)" = 200 ] && { echo "$i"; return 0; }; done; return 1; }
# Healthy: a leader streaming to both others, one of them synchronous (echoes the leader).
ha_healthy() {
    local l r
    l=$(ha_leader) || return 1
    r=$(sqln "$l" -d postgres -c "SELECT count(*) FILTER (WHERE state = 'streaming') || ' ' ||
                                          count(*) FILTER (WHERE sync_state = 'sync') FROM pg_stat_replication" 2>/dev/null) || return 1
    [ "$r" = "2 1" ] && ha_sync >/dev/null || return 1
    echo "$l"
}
wait_healthy() {  # seconds; echoes the leader
    local deadline=$(( $(date +%s) + $1 )) l
    while [ "$(date +%s)" -lt "$deadline" ]; do
        l=$(ha_healthy) && { echo "$l"; return 0; }
        sleep 0.3
    done
    return 1
}

# --- etcd -------------------------------------------------------------------
mkdir -p "$HA_WORK/etcd"
/usr/bin/etcd --name ha --data-dir "$HA_WORK/etcd/data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "ha=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new \
    --initial-cluster-token "pod-ha-$$" >"$HA_WORK/etcd/etcd.log" 2>&1 &
HA_PIDS+=($!)
for _ in $(seq 1 100); do curl -s -m 1 "http://127.0.0.1:$ETCD_PORT/health" | grep -q true && break; sleep 0.1; done
curl -s -m 1 "http://127.0.0.1:$ETCD_PORT/health" | grep -q true
tap_ok $? "etcd $(/usr/bin/etcd --version | sed -n 's/^etcd Version: //p') on 127.0.0.1:$ETCD_PORT"

# --- Patroni ----------------------------------------------------------------
HA_SCOPE="pod-ha-$$"
for i in 1 2 3; do
    d="$HA_WORK/node$i"
    mkdir -p "$d/log" "$d/run"
    cat >"$d/patroni.yml" <<YAML
scope: $HA_SCOPE
namespace: /pod-ha/
name: node$i
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${REST[$i]}
  connect_address: 127.0.0.1:${REST[$i]}
etcd3:
  hosts: 127.0.0.1:$ETCD_PORT
bootstrap:
  dcs:                       # the cluster-wide configuration, stored in etcd
    ttl: 10                  # leader key lifetime: a lost node is noticed within 10 s
    loop_wait: 1
    retry_timeout: 3
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0 # a crashed primary fails over instead of restarting in place
    synchronous_mode: true
    synchronous_mode_strict: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        shared_preload_libraries: pod_amplify
        pod_amplify.lease_duration: 30s
        wal_log_hints: 'on'
        max_connections: 60
        shared_buffers: 32MB
        wal_keep_size: 256MB
        wal_retrieve_retry_interval: 500ms   # default 5s: a standby waiting for WAL reacts late to promote
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
postgresql:
  listen: 127.0.0.1:${PGP[$i]}
  connect_address: 127.0.0.1:${PGP[$i]}
  data_dir: $d/data
  bin_dir: $HA_BIN
  pgpass: $d/pgpass
  authentication:
    superuser: {username: postgres, password: ha-super}
    replication: {username: replicator, password: ha-repl}
    rewind: {username: postgres, password: ha-super}
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
  parameters:                # this node's own
    unix_socket_directories: $d/run
    logging_collector: 'on'
    log_directory: $d/log
    log_filename: postgresql.log
    log_file_mode: '0644'
    log_line_prefix: '%m [%p] %q%u@%d '
YAML
    chown -R postgres "$d"
done
start_patroni() {
    local i=$1
    setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$HA_WORK" \
        /usr/bin/patroni "$HA_WORK/node$i/patroni.yml" >>"$HA_WORK/node$i/patroni.log" 2>&1 &
    PATRONI_PID[$i]=$!
    disown "$!"   # killed on purpose below: no job-status noise in the TAP output
}
start_patroni 1
for _ in $(seq 1 300); do [ "$(api 1 primary)" = 200 ] && break; sleep 0.2; done
start_patroni 2
start_patroni 3
leader=$(wait_healthy 120)
tap_ok $? "3 Patroni nodes: leader node${leader:-?}, both replicas streaming, one synchronous"
[ -n "$leader" ] || { tail -30 "$HA_WORK"/node*/patroni.log; bail "no healthy cluster"; }
patroni_cfg=$(curl -s -m 2 "http://127.0.0.1:${REST[$leader]}/config")
note "DCS config: $patroni_cfg"
echo "$patroni_cfg" | grep -q '"synchronous_mode": true' && echo "$patroni_cfg" | grep -q '"synchronous_mode_strict": true'
tap_ok $? "Patroni's cluster-wide configuration has synchronous_mode and synchronous_mode_strict"
preload=$(for i in 1 2 3; do sqln "$i" -d postgres -c "SHOW shared_preload_libraries"; done | sort -u)
tap_is "$preload" "pod_amplify" "shared_preload_libraries = pod_amplify on all 3 nodes (from Patroni's postgresql.parameters)"

# --- database, extension, data ----------------------------------------------
sqln "$leader" -d postgres -c "CREATE DATABASE $HA_DB" &&
    sqln "$leader" -d $HA_DB -c "CREATE EXTENSION pod_amplify" &&
    sqln "$leader" -d $HA_DB -v posts=10 -v members=12 -v lease=30s -f test/worker/data.sql >/dev/null &&
    sqln "$leader" -d $HA_DB -v role=$HA_ROLE -f test/worker/grants.sql >/dev/null &&
    sqln "$leader" -d $HA_DB -c "UPDATE pod_amplify.pods SET settings = settings || jsonb_build_object(
        'schedule_min_delay', 0, 'schedule_max_delay', 2, 'active_hours', '00:00-24:00', 'active_days', 'mon-sun',
        'account_min_gap', 0, 'member_daily_cap', 0)" >/dev/null
tap_ok $? "extension $(sqln "$leader" -d $HA_DB -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'"), 1 client, 12 members with Unipile ids, a pod, 10 posts with 124 due activities, role $HA_ROLE"
HA_CLIENT=f0000000-0000-4000-8000-000000000000
HA_AUTHOR=$(sqln "$leader" -d $HA_DB -c "SELECT md5('wu0')::uuid")

# Waits until every other node has replayed what the leader has written (seconds).
wait_caught_up() {
    local l=$1 deadline=$(( $(date +%s) + $2 )) lsn i ok
    lsn=$(sqln "$l" -d postgres -c "SELECT pg_current_wal_lsn()") || return 1
    while [ "$(date +%s)" -lt "$deadline" ]; do
        ok=1
        for i in 1 2 3; do
            [ "$i" = "$l" ] && continue
            [ "$(sqln "$i" -d postgres -c "SELECT COALESCE(pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$lsn') >= 0, false)" 2>/dev/null)" = t ] || ok=0
        done
        [ $ok = 1 ] && return 0
        sleep 0.2
    done
    return 1
}
wait_caught_up "$leader" 30

# --- what a standby does ----------------------------------------------------
standby=$(ha_sync)
# every writer of the API, with arguments it would accept on a primary
a1="(SELECT id FROM pod_amplify.pod_activities ORDER BY id LIMIT 1)"
named=() unnamed=()
for call in "claim_activities('x', 1)" "extend_lease($a1, 'x')" "extend_leases(ARRAY[$a1], 'x')" \
            "complete_activity($a1)" "complete_activities(ARRAY[$a1])" \
            "fail_activity($a1, 'HTTP 503')" "fail_activities(ARRAY[$a1], ARRAY['HTTP 503'])" \
            "report_activities('x', ARRAY[$a1], ARRAY['success'])" "retry_activity($a1)" \
            "schedule_post(md5('wp1')::uuid)" "reap_expired_leases()"; do
    fn=${call%%(*}
    err=$(sqln "$standby" -d $HA_DB -c '\set VERBOSITY verbose' -c "SELECT * FROM pod_amplify.$call" 2>&1)
    if echo "$err" | grep -q "ERROR:  25006: $fn: "; then named+=("$fn")
    else unnamed+=("$fn"); note "$fn on a standby: $(echo "$err" | grep -m1 ERROR)"; fi
done
tap_is "${unnamed[*]:-}" "" "on a standby (node$standby) every engine writer fails with 25006 naming itself (${named[*]})"
# backfill (PL/pgSQL, an operator's tool) gets PostgreSQL's own 25006 from its first
# locking statement: the function appears only in the CONTEXT line.
err=$(sqln "$standby" -d $HA_DB -c '\set VERBOSITY verbose' -c "SELECT pod_amplify.backfill(10)" 2>&1)
echo "$err" | grep -q "ERROR:  25006: "
tap_ok $? "on a standby backfill fails with 25006"
echo "$err" | grep -q "ERROR:  25006: backfill" ||
    note "backfill's message does not name it: $(echo "$err" | grep -m1 ERROR)"
note "e.g.: $(sqln "$standby" -d $HA_DB -c "SELECT pod_amplify.claim_activities('x', 1)" 2>&1 | head -1)"
ro=$(sqln "$standby" -d $HA_DB -c "SELECT pod_amplify.retry_delay(3) || ' ' ||
        pod_amplify.normalize_linkedin_url('linkedin.com/in/Jane-Doe/') || ' ' ||
        pod_amplify.check_unipile_account_id('wkacct1') || ' ' ||
        pod_amplify.setting_value(settings, 'lease_duration') || ' ' ||
        (SELECT total FROM pod_amplify.activity_stats('pod', id)) || ' ' ||
        COALESCE(pod_amplify.current_user_id()::text, 'no-user')
    FROM pod_amplify.pods" 2>&1)
tap_is "$ro" "00:04:00 https://www.linkedin.com/in/jane-doe wkacct1 30 124 no-user" \
    "on a standby the read-only functions work (retry_delay, normalize_linkedin_url, check_unipile_account_id, setting_value, activity_stats, current_user_id)"
err=$(sqln "$standby" -d $HA_DB -c 'LISTEN pod_amplify_activities' 2>&1)
echo "$err" | grep -q 'cannot execute LISTEN during recovery'
tap_ok $? "LISTEN pod_amplify_activities is refused on a standby (so a worker's listen connection must reach the primary too)"

# --- load: fake Unipile, workers, publisher ----------------------------------
mkdir -p "$HA_WORK/fake"
"$HA_PY" test/worker/fake_unipile.py --api-key test-key --port-file "$HA_WORK/fake/port" \
    --actions-log "$HA_WORK/fake/actions.log" --requests-log "$HA_WORK/fake/requests.log" \
    --seed 11 --latency-min-ms 20 --latency-max-ms 120 \
    --rate-429 0.03 --rate-5xx 0.03 --rate-403 0.01 --rate-drop 0.02 2>"$HA_WORK/fake/fake.err" &
HA_FAKE_PID=$!
HA_PIDS+=("$HA_FAKE_PID")
for _ in $(seq 1 100); do [ -s "$HA_WORK/fake/port" ] && break; sleep 0.05; done
FAKE_URL="http://127.0.0.1:$(cat "$HA_WORK/fake/port")"

# The lease outlives a failover (a lost node: ttl 10 s + loop_wait + promotion +
# the strict-mode wait for a synchronous standby + reconnect, 12-16 s here) plus
# a heartbeat; the other worker settings are the defaults (WORKER_DB_TIMEOUT =
# lease / 4) except a long poll interval, so that only a notification can wake
# an idle worker quickly (the LISTEN check below).
HA_LEASE=30 HA_HEARTBEAT=5 HA_POLL=60
start_worker() {
    local name=$1
    env DATABASE_URL="$HA_URL user=$HA_ROLE" UNIPILE_BASE_URL="$FAKE_URL" UNIPILE_API_KEY=test-key \
        WORKER_NAME="$name" WORKER_CONCURRENCY=4 WORKER_BATCH=5 WORKER_LEASE=$HA_LEASE WORKER_HEARTBEAT=$HA_HEARTBEAT \
        WORKER_HTTP_TIMEOUT=8 WORKER_POLL_INTERVAL=$HA_POLL WORKER_EXIT_WHEN_IDLE=0 \
        "$HA_WORKER" 2>>"$HA_WORK/$name.log" &
    WPID[$name]=$!
    HA_PIDS+=($!)
}
for w in "${HA_WORKERS[@]}"; do start_worker "$w"; done
"$HA_PY" test/ha/publisher.py --dsn "$HA_URL user=postgres" --acks "$HA_WORK/acks.log" --errors "$HA_WORK/pub_errors.log" \
    --stop-file "$HA_WORK/stop" --client "$HA_CLIENT" --author "$HA_AUTHOR" 2>"$HA_WORK/publisher.log" &
HA_PUB_PID=$!
HA_PIDS+=("$HA_PUB_PID")
note "load: 3 workers (lease ${HA_LEASE}s, heartbeat ${HA_HEARTBEAT}s) on $FAKE_URL, publisher every 0.25 s; DATABASE_URL='$HA_URL user=$HA_ROLE'"
sleep 12
acks_before=$(wc -l <"$HA_WORK/acks.log" 2>/dev/null || echo 0)
tap_ok "$([ "$acks_before" -gt 0 ] && echo 0 || echo 1)" "the publisher's writes are acknowledged before any failover ($acks_before)"

# --- failovers --------------------------------------------------------------
KILL_MS=() HOW=() FROM=() TO=() FROM_I=() TO_I=()
failover_done() {  # <how> <old leader> <kill ms>: waits for another leader, then a healthy cluster
    local how=$1 old=$2 t=$3 deadline l
    deadline=$(( $(date +%s) + 60 ))
    l=""
    while [ "$(date +%s)" -lt "$deadline" ]; do
        l=$(ha_leader) && [ "$l" != "$old" ] && break
        l=""
        sleep 0.1
    done
    KILL_MS+=("$t") HOW+=("$how") FROM+=("node$old") TO+=("node${l:-none}") FROM_I+=("$old") TO_I+=("${l:-0}")
    tap_ok "$([ -n "$l" ] && echo 0 || echo 1)" "failover ${#HOW[@]} ($how): the leader moved from node$old to node${l:-none}"
}
rejoin() {  # every node back, streaming, one synchronous
    local l
    l=$(wait_healthy 120)
    tap_ok $? "after failover ${#HOW[@]} all 3 nodes are back: leader node${l:-?}, 2 streaming replicas, 1 synchronous"
    [ -n "$l" ] || { note "cluster state:"; curl -s -m 2 "http://127.0.0.1:${REST[1]}/cluster" | sed 's/^/#   /'; }
    leader=${l:-$(ha_leader)}
}

# 1. kill -9 of the leader's postmaster (Patroni lives on: primary_start_timeout 0 makes it fail over)
old=$leader
pm=$(head -1 "$HA_WORK/node$old/data/postmaster.pid")
t=$(ms); kill -KILL "$pm"
failover_done "kill -9 of the postmaster" "$old" "$t"
rejoin
sleep 8

# 2. kill -9 of the leader's Patroni and postmaster: a node loss; the node is started again later
old=$leader
pm=$(head -1 "$HA_WORK/node$old/data/postmaster.pid")
t=$(ms); kill -KILL "${PATRONI_PID[$old]}" "$pm"
failover_done "kill -9 of Patroni + postmaster (node lost)" "$old" "$t"
sleep 3
start_patroni "$old"
rejoin
sleep 8

# 3. planned switchover to the synchronous standby
old=$leader; cand=$(ha_sync)
t=$(ms)
patronictl -c "$HA_WORK/node1/patroni.yml" switchover --leader "node$old" --candidate "node$cand" --force \
    >>"$HA_WORK/patronictl.log" 2>&1
failover_done "patronictl switchover" "$old" "$t"
rejoin
sleep 8

# 4. manual failover to the synchronous standby
old=$leader; cand=$(ha_sync)
t=$(ms)
patronictl -c "$HA_WORK/node1/patroni.yml" failover --candidate "node$cand" --force >>"$HA_WORK/patronictl.log" 2>&1
failover_done "patronictl failover" "$old" "$t"
rejoin
sleep 6

# --- drain and stop ---------------------------------------------------------
touch "$HA_WORK/stop"
wait "$HA_PUB_PID" 2>/dev/null
note "$(cat "$HA_WORK/publisher.log")"
leader=$(ha_leader)
sqlL() { sqln "$leader" -d $HA_DB "$@"; }
deadline=$(( $(date +%s) + 90 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(sqlL -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'pending'" 2>/dev/null)" = 0 ] && break
    sleep 0.5
done
tap_is "$(sqlL -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'pending'")" 0 \
    "the workers settled every activity (success or failed) after the last failover"

# The workers LISTEN on the final leader: one listening connection each, and a
# post published now is worked at once although they poll only every ${HA_POLL}s.
sleep 2
listening=$(sqlL -c "SELECT string_agg(application_name, ' ' ORDER BY application_name) FROM pg_stat_activity
                     WHERE application_name LIKE 'pod_amplify_worker:%:listen' AND query = 'LISTEN pod_amplify_activities'")
tap_is "$listening" "pod_amplify_worker:w1:listen pod_amplify_worker:w2:listen pod_amplify_worker:w3:listen" \
    "each worker LISTENs again on the final leader (node$leader) after $((${#HOW[@]})) failovers"
probe=$($HA_PY -c 'import uuid; print(uuid.uuid4())')
t=$(ms)
sqlL -c "INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url) VALUES
         ('$probe', '$HA_CLIENT', '$HA_AUTHOR', 'published', 'https://www.linkedin.com/feed/update/urn:li:activity:7399999999999999999/')"
while [ $(( $(ms) - t )) -lt 30000 ]; do
    [ "$(sqlL -c "SELECT count(*) FILTER (WHERE lease_owner IS NOT NULL OR status <> 'pending') = count(*) FROM pod_amplify.pod_activities WHERE post_id = '$probe'")" = t ] && break
    sleep 0.1
done
probe_ms=$(( $(ms) - t ))
tap_ok "$([ "$probe_ms" -lt 6000 ] && echo 0 || echo 1)" \
    "a post published after the failovers is claimed within $probe_ms ms (notifications reach the workers; polling alone takes up to ${HA_POLL} s)"
deadline=$(( $(date +%s) + 30 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(sqlL -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'pending'")" = 0 ] && break
    sleep 0.3
done

bad=0
for w in "${HA_WORKERS[@]}"; do kill -TERM "${WPID[$w]}" 2>/dev/null; done
for w in "${HA_WORKERS[@]}"; do
    for _ in $(seq 1 300); do kill -0 "${WPID[$w]}" 2>/dev/null || break; sleep 0.1; done
    kill -0 "${WPID[$w]}" 2>/dev/null && { kill -KILL "${WPID[$w]}"; bad=$((bad + 1)); }
    wait "${WPID[$w]}" || bad=$((bad + 1))
done
tap_is "$bad" 0 "the 3 workers stopped on SIGTERM and exited 0"
kill -TERM "$HA_FAKE_PID"; wait "$HA_FAKE_PID" 2>/dev/null

# --- what the database holds ------------------------------------------------
tap_is "$(sqlL -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE lease_owner IS NOT NULL")" 0 \
    "no lease left behind once the workers exited"
cat "$HA_WORK"/w?.log | awk '/event=outcome/ {
    w = ""; lvl = ""; id = ""; att = ""; out = ""
    for (i = 1; i <= NF; i++) {
        if ($i ~ /^worker=/) w = substr($i, 8)
        else if ($i ~ /^level=/) lvl = substr($i, 7)
        else if ($i ~ /^id=/) id = substr($i, 4)
        else if ($i ~ /^attempt=/) att = substr($i, 9)
        else if ($i ~ /^outcome=/ && out == "") out = substr($i, 9)
    }
    print w "\t" lvl "\t" id "\t" att "\t" out }' >"$HA_WORK/outcomes.tsv"
awk '{print $1"\t"$2"\t"$3"\t"$4"\t"$5}' "$HA_WORK/fake/actions.log" >"$HA_WORK/actions.tsv"
awk '{print $1"\t"$2"\t"$3"\t"$4"\t"$5}' "$HA_WORK/acks.log" >"$HA_WORK/acks.tsv"
sqlL -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS ha_check CASCADE" -c "CREATE SCHEMA ha_check" \
    -c "CREATE TABLE ha_check.acks (at bigint, op text, post uuid, seen integer, port integer)" \
    -c "CREATE TABLE ha_check.actions (at text, account text, post text, kind text, request text)" \
    -c "CREATE TABLE ha_check.outcomes (worker text, level text, id uuid, attempt integer, outcome text)" \
    -c "\\copy ha_check.acks FROM '$HA_WORK/acks.tsv'" \
    -c "\\copy ha_check.actions FROM '$HA_WORK/actions.tsv'" \
    -c "\\copy ha_check.outcomes FROM '$HA_WORK/outcomes.tsv'" || note "loading the logs failed"
n_acks=$(sqlL -c "SELECT count(*) FROM ha_check.acks")
n_sched=$(sqlL -c "SELECT count(*) || ' (' || sum(seen) || ' activities)' FROM ha_check.acks WHERE op <> 'draft'")
n_reports=$(sqlL -c "SELECT count(*) FROM ha_check.outcomes WHERE level = 'info'")
lost_sched=$(sqlL -c "SELECT count(*) FROM ha_check.acks k WHERE k.op <> 'draft' AND (k.seen = 0
    OR NOT EXISTS (SELECT FROM pod_amplify.posts p WHERE p.id = k.post AND p.status = 'published')
    OR (SELECT count(*) FROM pod_amplify.pod_activities a WHERE a.post_id = k.post) <> k.seen)")
tap_is "$lost_sched" 0 "every acknowledged publish/schedule ($n_sched) is on the final leader with all its activities"
lost_drafts=$(sqlL -c "SELECT count(*) FROM ha_check.acks k WHERE k.op = 'draft'
    AND NOT EXISTS (SELECT FROM pod_amplify.posts p WHERE p.id = k.post)")
tap_is "$lost_drafts" 0 "every acknowledged draft post is there ($(sqlL -c "SELECT count(*) FROM ha_check.acks WHERE op = 'draft'"))"
lost_success=$(sqlL -c "SELECT count(*) FROM ha_check.outcomes o WHERE o.level = 'info' AND o.outcome = 'success'
    AND NOT EXISTS (SELECT FROM pod_amplify.pod_activities a WHERE a.id = o.id AND a.status = 'success')")
tap_is "$lost_success" 0 "every acknowledged success report ($(sqlL -c "SELECT count(*) FROM ha_check.outcomes WHERE level = 'info' AND outcome = 'success'")) is a success on the final leader"
lost_failures=$(sqlL -c "SELECT count(*) FROM ha_check.outcomes o WHERE o.level = 'info' AND o.outcome <> 'success'
    AND NOT EXISTS (SELECT FROM pod_amplify.pod_activities a, jsonb_array_elements(a.error_history) e
                    WHERE a.id = o.id AND (e->>'attempt')::integer = o.attempt AND e->>'worker' = o.worker)")
tap_is "$lost_failures" 0 "every acknowledged retry/fatal report ($(sqlL -c "SELECT count(*) FROM ha_check.outcomes WHERE level = 'info' AND outcome <> 'success'")) is in the activity's error_history"
refused=$(sqlL -c "SELECT count(*) FROM ha_check.outcomes WHERE level <> 'info'")
tap_is "$refused" 0 "no report refused by the engine (warn-level outcome lines)"
match_sql="x.account = COALESCE(m.unipile_account_id, la.unipile_account_id)
      AND x.post = substring(p.linkedin_post_url FROM 'urn:li:[a-zA-Z]+:[0-9]+') AND x.kind = COALESCE(a.action, a.engagement_type)"
from_sql="pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
    LEFT JOIN pod_amplify.linkedin_accounts la ON la.id = m.linkedin_account_id
    JOIN pod_amplify.posts p ON p.id = a.post_id"
act_wo=$(sqlL -c "SELECT count(*) FROM (SELECT DISTINCT account, post, kind FROM ha_check.actions) x
    WHERE NOT EXISTS (SELECT FROM $from_sql WHERE a.status = 'success' AND $match_sql)")
tap_is "$act_wo" 0 "every action the fake Unipile performed ($(wc -l <"$HA_WORK/fake/actions.log")) is a success in the database"
succ_wo=$(sqlL -c "SELECT count(*) FROM $from_sql WHERE a.status = 'success'
    AND NOT EXISTS (SELECT FROM ha_check.actions x WHERE $match_sql)")
tap_is "$succ_wo" 0 "every success in the database has its action in the fake's log"
read -r scores successes <<<"$(sqlL -c "SELECT (SELECT COALESCE(sum(participation_score), 0) FROM pod_amplify.pod_members) || ' ' ||
    (SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'success')")"
tap_is "$scores" "$successes" "participation scores ($scores) = successes ($successes)"
doubles=$(awk '{n[$2" "$3" "$4]++} END {x = 0; for (a in n) if (n[a] > 1) x += n[a] - 1; print x}' "$HA_WORK/fake/actions.log")
tap_is "$doubles" 0 "no LinkedIn action performed twice"
twice=$(sqlL -c "SELECT count(*) FROM (SELECT id, attempt FROM ha_check.outcomes GROUP BY 1, 2 HAVING count(DISTINCT worker) > 1) t")
twice_h=$(sqlL -c "SELECT count(*) FROM (SELECT a.id, e->>'attempt' FROM pod_amplify.pod_activities a,
    jsonb_array_elements(a.error_history) e GROUP BY 1, 2 HAVING count(DISTINCT e->>'worker') > 1) t")
tap_is "$twice $twice_h" "0 0" "no activity attempt handed to two workers (workers' outcome logs; error_history)"
lapsed=$(sqlL -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE error_history::text LIKE '%lease expired%'")
tap_is "$lapsed" 0 "no lease lapsed during the failovers (lease ${HA_LEASE}s > failover time + heartbeat)"

# --- the three nodes --------------------------------------------------------
wait_caught_up "$leader" 60
tap_ok $? "both replicas replayed everything the final leader wrote"
cs_sql=$(sqlL -c "SELECT string_agg(format(
    'SELECT %L || '' '' || count(*) || '' '' || COALESCE(md5(string_agg(md5(t::text), '''' ORDER BY md5(t::text))), ''-'') FROM %I.%I t',
    n.nspname || '.' || c.relname, n.nspname, c.relname), ' UNION ALL ' ORDER BY n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
for i in 1 2 3; do
    sqln "$i" -d $HA_DB -c "$cs_sql" >"$HA_WORK/checksums.node$i" 2>&1
done
mismatches=0
for i in 1 2 3; do
    [ "$i" = "$leader" ] && continue
    d=$(diff "$HA_WORK/checksums.node$leader" "$HA_WORK/checksums.node$i" | grep -c '^>')
    mismatches=$((mismatches + d))
    [ "$d" != 0 ] && diff "$HA_WORK/checksums.node$leader" "$HA_WORK/checksums.node$i" | sed 's/^/#   /'
done
tables=$(wc -l <"$HA_WORK/checksums.node$leader")
tap_is "$mismatches" 0 "all 3 nodes hold identical rows: checksums of $tables tables compared"
note "leader's tables: $(awk '{printf "%s=%s ", $1, $2}' "$HA_WORK/checksums.node$leader")"
crashes=$(grep -hE 'PANIC|TRAP:|terminated by signal|was terminated by exception|segmentation fault|core dumped' \
    "$HA_WORK"/node*/log/*.log 2>/dev/null)
tap_is "$(printf '%s' "$crashes" | grep -c .)" 0 "no crash in any node's PostgreSQL log (PANIC, TRAP, a process terminated by a signal)"
[ -n "$crashes" ] && echo "$crashes" | head -10 | sed 's/^/#   /'
# A statement the worker gives up on (WORKER_DB_TIMEOUT) is cancelled; a COMMIT
# cancelled while it waits for the synchronous standby stays committed locally
# (a WARNING in the server log). Harmless as long as nobody is told "committed":
# the worker treats it as unknown and repeats, and the repeat locks the rows, so
# it waits for the standby in turn. The publisher never cancels.
cancelled=$(cat "$HA_WORK"/node*/log/*.log 2>/dev/null | grep -c 'canceling wait for synchronous replication')
unsafe=$(grep -c ' unsafe_ack ' "$HA_WORK/pub_errors.log" 2>/dev/null)
tap_is "${unsafe:-0}" 0 "no publisher COMMIT came back with a cancelled synchronous-replication wait"
note "commits whose wait for the synchronous standby was cancelled (server logs): $cancelled"

# --- figures ----------------------------------------------------------------
note "failovers: ${#HOW[@]}"
# Downtime: from the kill (or the command) to the first acknowledged COMMIT on the
# new leader; "no writes": from the last COMMIT acknowledged by the old leader to
# that one (a switchover keeps writing on the old leader for a while).
worst=0
for i in "${!HOW[@]}"; do
    t=${KILL_MS[$i]} newp=${PGP[${TO_I[$i]}]:-0} oldp=${PGP[${FROM_I[$i]}]}
    first=$(awk -v t="$t" -v p="$newp" '$1 > t && $5 == p {print $1; exit}' "$HA_WORK/acks.log")
    if [ -z "$first" ]; then
        note "failover $((i + 1)): ${HOW[$i]}: ${FROM[$i]} -> ${TO[$i]}, no write acknowledged by the new leader"
        worst=999999; continue
    fi
    last=$(awk -v f="$first" -v p="$oldp" '$1 < f && $5 == p {l = $1} END {print (l == "" ? 0 : l)}' "$HA_WORK/acks.log")
    dt=$((first - t)); gap=$((first - (last > t ? last : t)))
    [ "$dt" -gt "$worst" ] && worst=$dt
    note "failover $((i + 1)): ${HOW[$i]}: ${FROM[$i]} -> ${TO[$i]}: write downtime $dt ms" \
         "(kill/command -> first COMMIT on the new leader; no write acknowledged for $gap ms)"
done
tap_ok "$([ "$worst" -lt $(( (HA_LEASE - HA_HEARTBEAT) * 1000 )) ] && echo 0 || echo 1)" \
    "every failover's write downtime (worst $worst ms) is below WORKER_LEASE - WORKER_HEARTBEAT ($((HA_LEASE - HA_HEARTBEAT)) s)"
pub_errs=$(wc -l <"$HA_WORK/pub_errors.log" 2>/dev/null || echo 0)
unknown=$(awk '$4 == "commit"' "$HA_WORK/pub_errors.log" 2>/dev/null | wc -l)
worker_db_errors=$(cat "$HA_WORK"/w?.log | grep -cE 'event=(claim_failed|report_failed|heartbeat_failed|lookahead_failed|db_connect_failed|listen_connection_lost|listen_failed)')
note "acknowledged: $n_acks publisher operations ($(awk '{n[$2]++} END {for (o in n) printf "%s=%d ", o, n[o]}' "$HA_WORK/acks.log")), $n_reports worker reports;" \
     "failed attempts: $pub_errs publisher ($unknown with the COMMIT's answer lost), $worker_db_errors worker log lines of database errors"
note "activities: $(sqlL -c "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM pod_amplify.pod_activities GROUP BY 1 ORDER BY 1) s")," \
     "fake requests by fault: $(awk '$3 == "POST" {n[$8]++} END {for (f in n) printf "%s=%d ", f, n[f]}' "$HA_WORK/fake/requests.log")"
lost=$((lost_sched + lost_drafts + lost_success + lost_failures + act_wo))
note "summary: failovers=${#HOW[@]} acknowledged=$((n_acks + n_reports)) lost=$lost mismatches=$mismatches runtime=$(( $(date +%s) - HA_T0 ))s"
tap_ok "$([ "${#HOW[@]}" -ge 3 ] && echo 0 || echo 1)" "at least 3 failovers under load (${#HOW[@]})"
tap_done
