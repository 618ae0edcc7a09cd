#!/usr/bin/env bash
# Unipile answers a repost with a share_url the database cannot take: text it
# cannot store at all (a lone surrogate and a NUL, \ud800\u0000), or a clean
# URL that this test's own trigger refuses ("poison"). Each used to fail the
# whole batch's report: after 5 refusals the worker abandoned every outcome in
# it, the leases lapsed, and every action of the batch, any client's, was done
# again. Now the junk URL is never sent (the post id stands in) and a batch
# the database refuses is reported item by item, a refused success again
# without its URL. Nothing done twice, nothing lost.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
source test/worker/lib.sh
wk_server_and_worker

WK_DB=pod_worker_bad_answers WK_LEASE=4
wk_make_db "$WK_DB" 4 10 4s
tap_ok $? "database: 4 posts x 10 members due"
q -d "$WK_DB" >/dev/null <<'SQL'
CREATE FUNCTION public.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.repost_url LIKE '%poison%' THEN
        RAISE EXCEPTION 'test: the database refuses this repost URL';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER zz_refuse_poison BEFORE UPDATE ON pod_amplify.pod_activities
    FOR EACH ROW EXECUTE FUNCTION public.refuse_poison();
SQL
reposts=$(q -d "$WK_DB" -c "SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.posts p ON p.id = a.post_id
                            WHERE a.action = 'repost' AND a.member_id <> md5('wm11')::uuid AND p.linkedin_post_url LIKE '%urn:li:%'")
wk_fake bad --latency-min-ms 5 --latency-max-ms 15 --junk-share-url-every 2 --poison-share-url-every 3
tap_ok $? "fake Unipile: of $reposts reposts, every 3rd answered with a URL the database refuses, every other 2nd with junk"
WK_PGB_PORT=$PGPORT wk_start_worker w1 DATABASE_URL="host=127.0.0.1 port=$PGPORT dbname=$WK_DB user=$WK_ROLE" \
    WORKER_CONCURRENCY=4 WORKER_BATCH=10
wk_wait_all 60 "$(wk_pid w1)"
tap_is "$WK_BAD" 0 "the worker exited 0 when idle"
wk_fake_stop
log="$WK_WORK/w1.log"
poisoned=$(( reposts / 3 ))
junk=$(( reposts / 2 - reposts / 6 ))
tap_is "$(grep 'event=report_refused' "$log" | grep -c 'outcome=success')" "$poisoned" \
    "each of the $poisoned refused URLs was met by reporting its success alone, then without the URL"
tap_is "$(grep -c 'event=report_abandoned' "$log")" 0 "no outcome abandoned"
tap_is "$(q -d "$WK_DB" -c "SELECT count(*) FILTER (WHERE repost_url IS NULL) || ' ' ||
                                   count(*) FILTER (WHERE repost_url ~ '^https://www\.linkedin\.com/feed/update/urn:li:activity:[0-9]+/$')
                            FROM pod_amplify.pod_activities WHERE action = 'repost' AND status = 'success'")" \
    "$poisoned $(( reposts - poisoned ))" \
    "reposts recorded: $poisoned without a URL, the other $(( reposts - poisoned )) with a clean one (junk ones: from the post id)"
wk_check_exactly_once "$WK_DB" "$WK_FAKE_DIR/actions.log"
echo "# figures: reposts $reposts, refused URLs $poisoned, junk URLs $junk, report_refused lines $(grep -c 'event=report_refused' "$log")"
[ "$TAP_FAILED" -ne 0 ] && { echo "# worker log:"; grep -hE 'level=(warn|error)' "$log" | head -20 | sed 's/^/#   /'; }
dropdb --force "$WK_DB" 2>/dev/null
tap_done
