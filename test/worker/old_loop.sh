#!/usr/bin/env bash
# For comparison, not a verdict: the README's worker loop taken literally —
# claim 10, call Unipile for each (in parallel), then complete_activities(ok)
# and fail_activities(bad, errors, retryable) in one transaction, no
# heartbeats — as 4 bash/psql/curl workers through PgBouncer against the same
# engine, data size, lease and faults as faults.sh. Its figures are printed as
# TAP comments next to the reference worker's.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server || { echo "Bail out! no database server"; exit 1; }

WK_DB=pod_worker_old_loop
posts=6 members=40   # 30 % of faults.sh: a process per call in bash is slow on 2 cores
wk_make_db "$WK_DB" $posts $members 4s
tap_ok $? "database with $((posts * members + 4)) due activities, lease 4 s"
total=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities")
wk_fake old --seed 7 --latency-min-ms 40 --latency-max-ms 250 \
    --rate-429 0.04 --rate-5xx 0.04 --rate-403 0.02 --rate-drop 0.03 --rate-slow 0.02 --slow-seconds 5
tap_ok $? "fake Unipile with the same faults as faults.sh"
wk_pgbouncer "$WK_DB"
tap_ok $? "PgBouncer in transaction mode"

conn="host=127.0.0.1 port=$WK_PGB_PORT dbname=$WK_DB user=$WK_ROLE"
oq() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$conn" "$@"; }

# One call, as the loop's "call Unipile": prints "<id> <http code> <post_id of a repost>".
call_one() {
    local dir=$1 id=$2 action=$3 acct=$4 urn=$5 body=$6 out code
    out="$dir/body.$id"
    if [ -z "$acct" ] || [ -z "$urn" ]; then echo "$id cannot -"; return; fi
    case $action in
    like) code=$(curl -s -o "$out" -w '%{http_code}' --max-time 8 -H 'X-API-KEY: test-key' -H 'content-type: application/json' \
              -d "{\"account_id\": \"$acct\", \"post_id\": \"$urn\"}" "$WK_FAKE_URL/api/v1/posts/reaction") ;;
    comment) code=$(curl -s -o "$out" -w '%{http_code}' --max-time 8 -H 'X-API-KEY: test-key' -H 'content-type: application/json' \
              -d "$body" "$WK_FAKE_URL/api/v1/posts/$urn/comments") ;;
    *) code=$(curl -s -o "$out" -w '%{http_code}' --max-time 8 -H 'X-API-KEY: test-key' \
              -F "account_id=$acct" -F 'text=' -F "repost=$urn" "$WK_FAKE_URL/api/v1/posts") ;;
    esac
    local answer="" re='"post_id": "([0-9]+)"'
    [ -f "$out" ] && answer=$(<"$out")
    [[ $answer =~ $re ]] && echo "$id $code ${BASH_REMATCH[1]}" || echo "$id $code"
}

old_worker() {
    local name=$1 rows
    local dir="$WK_WORK/$name"
    mkdir -p "$dir"
    local deadline=$(( $(date +%s) + 100 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do  # bounded: gives up after 100 s
        # The claim, then (same psql, its own transaction) whether anything is pending soon.
        out=$(oq -F $'\x1f' -c "
SELECT c.id, COALESCE(c.action, c.engagement_type), COALESCE(COALESCE(m.unipile_account_id, la.unipile_account_id), ''),
       COALESCE(substring(p.linkedin_post_url FROM 'urn:li:[a-zA-Z]+:[0-9]+'), ''),
       json_build_object('account_id', COALESCE(m.unipile_account_id, la.unipile_account_id), 'text', c.comment_text)
FROM pod_amplify.claim_activities('$name', 10) c
LEFT JOIN pod_amplify.pod_members m ON m.id = c.member_id
LEFT JOIN pod_amplify.linkedin_accounts la ON la.id = m.linkedin_account_id
LEFT JOIN pod_amplify.posts p ON p.id = c.post_id" \
            -c "SELECT 'pending', count(*) FROM pod_amplify.pod_activities WHERE status = 'pending' AND scheduled_for <= now() + interval '1 minute'" \
            2>>"$dir/errors") || { sleep 0.5; continue; }
        rows=""
        [[ $out == *$'\n'* ]] && rows=${out%$'\n'*}
        if [ -z "$rows" ]; then
            [ "${out##*$'\x1f'}" = 0 ] && return 0
            sleep 0.5  # "wait for a notification or 60 s": polling here, a little
            continue
        fi
        rm -f "$dir"/res.*
        local i=0 id action acct urn body
        while IFS=$'\x1f' read -r id action acct urn body; do  # not a whitespace separator: empty fields stay
            i=$((i + 1))
            call_one "$dir" "$id" "$action" "$acct" "$urn" "$body" >"$dir/res.$i" &
        done <<<"$rows"
        wait
        local ok=() urls=() retry=() fatal=() code pid
        for f in "$dir"/res.*; do
            read -r id code pid <"$f"
            case $code in
            2??) ok+=("$id"); if [ -n "$pid" ]; then urls+=("'https://www.linkedin.com/feed/update/urn:li:activity:$pid/'"); else urls+=(NULL); fi ;;
            429 | 5?? | 000) retry+=("$id") ;;
            *) fatal+=("$id") ;;
            esac
        done
        local sql="BEGIN;"
        ((${#ok[@]})) && sql+=" SELECT count(*) FROM pod_amplify.complete_activities('{$(IFS=,; echo "${ok[*]}")}'::uuid[], ARRAY[$(IFS=,; echo "${urls[*]}")]::text[], '$name');"
        ((${#retry[@]})) && sql+=" SELECT count(*) FROM pod_amplify.fail_activities('{$(IFS=,; echo "${retry[*]}")}'::uuid[], array_fill('HTTP 429/5xx or no answer'::text, ARRAY[${#retry[@]}]), true, '$name');"
        ((${#fatal[@]})) && sql+=" SELECT count(*) FROM pod_amplify.fail_activities('{$(IFS=,; echo "${fatal[*]}")}'::uuid[], array_fill('HTTP 4xx'::text, ARRAY[${#fatal[@]}]), false, '$name');"
        sql+=" COMMIT;"
        # One transaction: a refused report (a lease that lapsed during a slow call) rolls back the whole batch.
        if ! oq -c "$sql" >/dev/null 2>>"$dir/errors"; then echo "$i" >>"$dir/rolled_back"; fi
    done
    return 1
}

start=$(date +%s%3N)
opids=()
for w in 1 2 3 4; do old_worker "old-$w" & opids+=($!); done
wk_wait_all 110 "${opids[@]}"
elapsed=$(( $(date +%s%3N) - start ))
tap_is "$WK_BAD" 0 "4 old-loop workers ran to the end in $elapsed ms"
wk_fake_stop

actions="$WK_FAKE_DIR/actions.log" requests="$WK_FAKE_DIR/requests.log"
read -r keys extra <<<"$(wk_doubles "$actions")"
wk_load_actions "$WK_DB" "$actions"
read -r scores successes <<<"$(wk_scores_vs_successes "$WK_DB")"
tx=$(cat "$WK_WORK"/old-*/rolled_back 2>/dev/null | wc -l)
lost_reports=$(cat "$WK_WORK"/old-*/rolled_back 2>/dev/null | awk '{s += $1} END {print s + 0}')
tap_ok 0 "figures of the README's old loop computed (a comparison, not a pass/fail)"
echo "# action requests by fault: $(wk_fault_counts "$requests")"
echo "# old loop: activities=$total workers=4 kills=0 actions=$(wc -l <"$actions") doubles=$extra (on $keys keys)" \
     "successes=$successes failed=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE status = 'failed'")" \
     "success_without_action=$(wk_success_without_action "$WK_DB") action_without_success=$(wk_action_without_success "$WK_DB")" \
     "unsettled=$(wk_unsettled "$WK_DB") scores=$scores" \
     "leases_lapsed=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE error_history::text LIKE '%lease expired%'")" \
     "report_transactions_rolled_back=$tx (with $lost_reports outcomes)"
grep -h ERROR "$WK_WORK"/old-*/errors 2>/dev/null | sed -E 's/[0-9a-f]{8}-[0-9a-f-]{27}/<id>/g' | sort | uniq -c | sort -rn | head -3 | sed 's/^/#   /'
dropdb --force "$WK_DB" 2>/dev/null
tap_done
