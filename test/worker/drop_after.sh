#!/usr/bin/env bash
# The ambiguous case, measured: the fake performs the action and then drops
# the connection without answering (--rate-drop-after). The worker cannot know
# the action happened; it reports a retry (SPEC: network errors retry), and the
# next attempt does it again. So each drop-after may cost one double, and no
# more; drops BEFORE performing (--rate-drop) cost none.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_drop_after WK_LEASE=4
wk_make_db "$WK_DB" 5 40 4s
tap_ok $? "database with 204 due activities"
wk_fake drop_after --seed 5 --latency-min-ms 20 --latency-max-ms 80 --rate-drop-after 0.05 --rate-drop 0.05
tap_ok $? "fake Unipile: 5 % dropped after performing, 5 % dropped before"
wk_pgbouncer "$WK_DB"
tap_ok $? "PgBouncer in transaction mode"
wk_start_worker d1
wk_start_worker d2
wk_wait_all 60 "$(wk_pid d1)" "$(wk_pid d2)"
tap_is "$WK_BAD" 0 "2 workers exited 0 when idle"
wk_fake_stop

actions="$WK_FAKE_DIR/actions.log" requests="$WK_FAKE_DIR/requests.log"
read -r keys extra <<<"$(wk_doubles "$actions")"
after=$(awk '$3 == "POST" && $8 == "drop_after"' "$requests" | wc -l)
before=$(awk '$3 == "POST" && $8 == "drop"' "$requests" | wc -l)
tap_ok "$([ "$extra" -le "$after" ] && echo 0 || echo 1)" \
    "actions done twice ($extra) <= connections dropped after performing ($after); $before drops before performing cost none"
wk_load_actions "$WK_DB" "$actions"
tap_is "$(wk_success_without_action "$WK_DB")" 0 "no success recorded without its action"
tap_is "$(wk_unsettled "$WK_DB")" 0 "every activity settled"
echo "# drop-after: activities=204 workers=2 drops_after_performing=$after drops_before=$before actions=$(wc -l <"$actions") doubles=$extra"
dropdb --force "$WK_DB" 2>/dev/null
tap_done
