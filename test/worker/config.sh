#!/usr/bin/env bash
# The worker's configuration errors: a missing or invalid variable, or a key or
# base URL that Unipile rejects, ends it at once with exit code 78 and one line
# naming the variable; a SIGTERM while the database is unreachable ends it
# with 0. Needs no database (only the fake Unipile).
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_worker_bin || { echo "Bail out! cannot build pod_amplify_worker"; exit 1; }
wk_fake config
closed_port=$(sandbox_free_port)
base=(DATABASE_URL="host=127.0.0.1 port=$closed_port dbname=x connect_timeout=2" UNIPILE_BASE_URL="$WK_FAKE_URL"
      UNIPILE_API_KEY=test-key WORKER_NAME=config-test)

# expect_config_error <variable> <what the line must say> [VAR=value | -VAR ...]
expect_config_error() {
    local var=$1 says=$2; shift 2
    local env_args=() a b
    for b in "${base[@]}"; do
        for a in "$@"; do [ "$a" = "-${b%%=*}" ] && continue 2; done
        env_args+=("$b")
    done
    for a in "$@"; do [[ $a == -* ]] || env_args+=("$a"); done
    timeout 10 env -i PATH="$PATH" "${env_args[@]}" "$WK_WORKER" >"$WK_WORK/out" 2>"$WK_WORK/err"
    local rc=$? lines
    lines=$(wc -l <"$WK_WORK/err")
    if [ "$rc" = 78 ] && [ "$lines" = 1 ] && grep -q "^pod_amplify_worker: $var: .*$says" "$WK_WORK/err"; then
        tap_ok 0 "$var $says: exit 78, one line: $(cat "$WK_WORK/err")"
    else
        tap_ok 1 "$var $says: exit 78 and one line naming it"
        echo "#   rc=$rc lines=$lines: $(head -3 "$WK_WORK/err")"
    fi
}

expect_config_error DATABASE_URL "is not set" -DATABASE_URL
expect_config_error UNIPILE_BASE_URL "is not set" -UNIPILE_BASE_URL
expect_config_error UNIPILE_BASE_URL "must start with https://" UNIPILE_BASE_URL=ftp://unipile.example
expect_config_error UNIPILE_API_KEY "is not set" UNIPILE_API_KEY=
expect_config_error WORKER_NAME "is not set" -WORKER_NAME
expect_config_error WORKER_NAME "at most 200 bytes" WORKER_NAME="$(printf 'w%.0s' $(seq 1 201))"
expect_config_error WORKER_CONCURRENCY "whole number from 1 to 256" WORKER_CONCURRENCY=eight
expect_config_error WORKER_CONCURRENCY "whole number from 1 to 256" WORKER_CONCURRENCY=0
expect_config_error WORKER_BATCH "whole number from 1 to 300" WORKER_BATCH=1000
expect_config_error WORKER_EXIT_WHEN_IDLE "must be 1 or 0" WORKER_EXIT_WHEN_IDLE=maybe
expect_config_error WORKER_LEASE "number of seconds from 2" WORKER_LEASE=1
expect_config_error WORKER_LEASE "number of seconds" WORKER_LEASE=5min
expect_config_error WORKER_HEARTBEAT "at most half of WORKER_LEASE" WORKER_LEASE=10 WORKER_HEARTBEAT=6
expect_config_error WORKER_HTTP_TIMEOUT "number of seconds from 1" WORKER_HTTP_TIMEOUT=0
expect_config_error WORKER_REACTION "must be one of like" WORKER_REACTION=dislike
expect_config_error UNIPILE_API_KEY "rejected by Unipile (HTTP 401" UNIPILE_API_KEY=wrong-key
expect_config_error UNIPILE_BASE_URL "answered HTTP 404" UNIPILE_BASE_URL="$WK_FAKE_URL/elsewhere"

# A valid configuration, the database unreachable: it keeps trying (logging),
# and SIGTERM ends it with 0 at once. An unknown WORKER_* variable is a warning.
env -i PATH="$PATH" "${base[@]}" WORKER_CONCURENCY=4 "$WK_WORKER" 2>"$WK_WORK/err" &
pid=$!
sleep 1.5
kill -TERM "$pid"
t0=$(date +%s%3N)
wk_wait_all 10 "$pid"
tap_is "$WK_BAD" 0 "SIGTERM while the database is unreachable: exit 0 in $(( $(date +%s%3N) - t0 )) ms"
tap_ok "$(grep -q 'event=db_connect_failed' "$WK_WORK/err"; echo $?)" "the failed connection is logged"
tap_ok "$(grep -q 'unknown variable WORKER_CONCURENCY ignored' "$WK_WORK/err"; echo $?)" "an unknown WORKER_* variable (a typo) is logged as a warning"
tap_ok "$(grep -q 'test-key' "$WK_WORK/err"; [ $? = 1 ]; echo $?)" "the API key never appears in the log"
wk_fake_stop
tap_done
