#!/usr/bin/env bash
# The upgrades 1.0 -> 1.1 -> 1.2: nothing lost, backfills exact, no rewrite of
# pod_activities, fresh = upgraded = restored, bad legacy data refused whole
# (1.0 -> 1.1), and the released scripts, hardened since, still create exactly
# what they did when released. Runs against $PGHOST; prints TAP.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
SCALE=4
work=$(mktemp -d)
dbs="pod_up_fresh pod_up_upgraded pod_up_restored pod_up_bad pod_up_10 pod_up_11 pod_up_poison pod_up_poison_restored pod_up_dropped pod_up_10dump"
for db in $dbs; do dropdb --if-exists "$db" 2>/dev/null; done

# --- the released scripts still create exactly what they created ------------
createdb pod_up_10 && q -d pod_up_10 -c "CREATE EXTENSION pod_amplify VERSION '1.0'"
q -d pod_up_10 -f test/upgrade/catalog.sql | diff test/upgrade/expected/catalog_1_0.txt - >"$work/c10.diff"
tap_ok $? "CREATE EXTENSION ... VERSION '1.0' creates the released 1.0 catalog, item for item"
sed 's/^/# /' "$work/c10.diff" | head -10
createdb pod_up_11 && q -d pod_up_11 -c "CREATE EXTENSION pod_amplify VERSION '1.0'" -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'"
q -d pod_up_11 -f test/upgrade/catalog.sql | diff test/upgrade/expected/catalog_1_1.txt - >"$work/c11.diff"
tap_ok $? "1.0 updated to 1.1 is the released 1.1 catalog, item for item"
sed 's/^/# /' "$work/c11.diff" | head -10

# --- an upgraded database: 1.0, a 1.0-era fixture, UPDATE -------------------
createdb pod_up_upgraded
q -d pod_up_upgraded -c "CREATE EXTENSION pod_amplify VERSION '1.0'" -v scale=$SCALE -f test/upgrade/fixture_1_0.sql
tap_ok $? "1.0 installed and the fixture written with 1.0-era SQL"
before=$(q -d pod_up_upgraded -F ' ' -f test/upgrade/checksums.sql)
relfile_before=$(q -d pod_up_upgraded -c "SELECT string_agg(relname || '=' || relfilenode, ' ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'pod_amplify'::regnamespace AND relkind = 'r'")
q -d pod_up_upgraded -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'"
tap_ok $? "ALTER EXTENSION pod_amplify UPDATE TO '1.1' succeeds"
tap_is "$(q -d pod_up_upgraded -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "1.1" "the extension is at 1.1"
relfile_after=$(q -d pod_up_upgraded -c "SELECT string_agg(relname || '=' || relfilenode, ' ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'pod_amplify'::regnamespace AND relkind = 'r' AND relname <> 'backfill_progress'")
tap_is "$relfile_after" "$relfile_before" "no table was rewritten (every relfilenode unchanged, pod_activities included)"
tap_is "$(q -d pod_up_upgraded -F ' ' -f test/upgrade/checksums.sql)" "$before" "every 1.0 column of every row is unchanged by the UPDATE"

# Before the backfill: legacy rows read right through the policies and the rules.
tenant_view=$(q -d pod_up_upgraded <<'SQL'
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_up_tenant') THEN CREATE ROLE pod_up_tenant; END IF; END $$;
GRANT USAGE ON SCHEMA pod_amplify TO pod_up_tenant;
GRANT SELECT ON ALL TABLES IN SCHEMA pod_amplify TO pod_up_tenant;
SET ROLE pod_up_tenant;
SELECT FROM set_config('request.jwt.claims', json_build_object('sub', md5('user2.3')::uuid)::text, false);
SELECT (SELECT count(*) FROM pod_amplify.pod_members) || ' ' || (SELECT count(*) FROM pod_amplify.pod_activities);
SQL
)
tap_is "$tenant_view" "30 38" "before the backfill, a tenant sees exactly its legacy members and activities"
tap_is "$(q -d pod_up_upgraded -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE client_id IS NULL AND action IS NULL")" \
       "$(q -d pod_up_upgraded -c "SELECT count(*) FROM pod_amplify.pod_activities")" "legacy activities await the online backfill (NULL, not a wrong constant)"
out=$(q -d pod_up_upgraded -c "INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type) VALUES (md5('pod1.1')::uuid, md5('post1.1')::uuid, md5('member1.1.1')::uuid, 'like')" 2>&1)
tap_ok $([[ "$out" == *"authorship rule"* ]]; echo $?) "rules hold on rows not yet backfilled (author refused)"

# Scheduling sees legacy members not yet backfilled (rolled back: checksums stay).
scheduled=$(q -d pod_up_upgraded -c "BEGIN" -c "SET pod_amplify.auto_schedule = on" \
    -c "UPDATE pod_amplify.posts SET status = 'published' WHERE id = md5('post1.3')::uuid" \
    -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE post_id = md5('post1.3')::uuid" -c "ROLLBACK" | tail -1)
tap_is "$scheduled" "10" "before the backfill, publishing schedules exactly the 10 eligible legacy members"

# The online backfill, in small batches.
calls=0
while :; do
    n=$(q -d pod_up_upgraded -c "SELECT pod_amplify.backfill(37)") || { n=error; break; }
    calls=$((calls + 1))
    [ "$n" = 0 ] || [ $calls -gt 1000 ] && break
done
tap_is "$n" "0" "backfill() returns 0 once done ($calls calls of 37 rows)"
tap_is "$(q -d pod_up_upgraded -c "SELECT pod_amplify.backfill()")" "0" "backfill() stays 0 when called again"
values=$(q -d pod_up_upgraded -F ' ' -v scale=$SCALE -f test/upgrade/backfilled_values.sql | tr '\n' ' ')
members=$(q -d pod_up_upgraded -c "SELECT count(*) FROM pod_amplify.pod_members")
activities=$(q -d pod_up_upgraded -c "SELECT count(*) FROM pod_amplify.pod_activities")
tap_is "$values" "members_checked $members members_wrong 0 members_matched $members activities_checked $activities activities_wrong 0 " \
       "every backfilled value is exactly what the pod, user and account imply"
tap_is "$(q -d pod_up_upgraded -F ' ' -f test/upgrade/checksums.sql)" "$before" "every 1.0 column is still unchanged after the backfill"
tap_is "$tenant_view" "$(q -d pod_up_upgraded -c "SET ROLE pod_up_tenant" -c "SELECT FROM set_config('request.jwt.claims', json_build_object('sub', md5('user2.3')::uuid)::text, false)" -c "SELECT (SELECT count(*) FROM pod_amplify.pod_members) || ' ' || (SELECT count(*) FROM pod_amplify.pod_activities)")" \
       "after the backfill the tenant sees the same rows"

# --- 1.1 -> 1.2 ---------------------------------------------------------------
relfile_11=$(q -d pod_up_upgraded -c "SELECT string_agg(relname || '=' || relfilenode, ' ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'pod_amplify'::regnamespace AND relkind = 'r'")
all_11=$(q -d pod_up_upgraded -F ' ' -f test/upgrade/checksums_1_1.sql)
# Two more readers of pod_activities under 1.1: one on columns only, one that will be dropped.
q -d pod_up_upgraded <<'SQL'
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_up_cols') THEN CREATE ROLE pod_up_cols; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_up_gone') THEN CREATE ROLE pod_up_gone; END IF;
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO pod_up_cols, pod_up_gone;
GRANT SELECT (id, status, client_id, pod_id, member_id) ON pod_amplify.pod_activities TO pod_up_cols;
GRANT SELECT ON pod_amplify.pods TO pod_up_cols;
GRANT SELECT ON pod_amplify.pod_activities TO pod_up_gone WITH GRANT OPTION;
SQL
q -d pod_up_upgraded -c "ALTER EXTENSION pod_amplify UPDATE TO '1.2'"
tap_ok $? "ALTER EXTENSION pod_amplify UPDATE TO '1.2' succeeds"
tap_is "$(q -d pod_up_upgraded -c "SET ROLE pod_up_cols" -c "SELECT has_column_privilege('pod_amplify.pod_activities_archive', 'status', 'SELECT') AND NOT has_column_privilege('pod_amplify.pod_activities_archive', 'error_history', 'SELECT') AND (SELECT count(*) >= 0 FROM pod_amplify.activity_stats('client'))")" t \
       "a role that read pod_activities' columns under 1.1 reads the same columns of the archive: activity_stats works for it"
q -d pod_up_upgraded -c "DROP OWNED BY pod_up_gone, pod_up_cols" -c "DROP ROLE pod_up_gone" -c "DROP ROLE pod_up_cols"
tap_ok $? "the roles the upgrade granted the archive to can be dropped (DROP OWNED sees those grants)"
tap_is "$(q -d pod_up_upgraded -c "SELECT count(*) FROM pg_class c, aclexplode(c.relacl) x WHERE c.oid = 'pod_amplify.pod_activities_archive'::regclass AND x.grantee <> 0 AND NOT EXISTS (SELECT FROM pg_roles r WHERE r.oid = x.grantee)")" 0 \
       "and no grant to a dropped role is left behind (a dump of it would not restore)"
tap_is "$(q -d pod_up_upgraded -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "1.2" "the extension is at 1.2"
tap_is "$(q -d pod_up_upgraded -c "SELECT string_agg(relname || '=' || relfilenode, ' ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'pod_amplify'::regnamespace AND relkind = 'r' AND relname NOT IN ('pod_activities_archive', 'unipile_id_locks', 'unipile_lock_seed', 'waiting_successes', 'unipile_disputes')")" \
       "$relfile_11" "1.1 -> 1.2 rewrites no table (every relfilenode unchanged; the archive, the Unipile lock tables, waiting_successes and unipile_disputes are new)"
tap_is "$(q -d pod_up_upgraded -F ' ' -f test/upgrade/checksums_1_1.sql)" "$all_11" "every 1.0 and 1.1 column of every row is unchanged by the 1.2 update"
tap_is "$(q -d pod_up_upgraded -c "SELECT has_table_privilege('pod_up_tenant', 'pod_amplify.pod_activities_archive', 'SELECT')")" t \
       "a role that could read pod_activities under 1.1 can read its 1.2 archive (activity_stats reads both)"
# Retention on the upgraded rows: everything finished is made 40 days old and archived.
stats="SELECT s.* FROM unnest(ARRAY['client', 'pod', 'member']) sc, pod_amplify.activity_stats(sc) s ORDER BY 1, 2"
stats_before=$(q -d pod_up_upgraded -c "$stats")
finished=$(q -d pod_up_upgraded -c "UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '40 days', executed_at = now() - interval '40 days'
    WHERE status <> 'pending' RETURNING 1" | wc -l)
tap_is "$(q -d pod_up_upgraded -c "SELECT pod_amplify.archive_activities('30 days')")" "$finished" \
       "archive_activities() moves all $finished finished activities of the 1.0 and 1.1 eras"
tap_is "$(q -d pod_up_upgraded -c "$stats")" "$stats_before" "activity_stats gives the same rows after archiving"

# --- grants on the 1.1 schedule_post carry over, as real grants ---------------
dropdb --if-exists pod_up_grants 2>/dev/null; createdb pod_up_grants
q -d pod_up_grants <<'SQL'
CREATE EXTENSION pod_amplify VERSION '1.1';
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pod_up_app') THEN CREATE ROLE pod_up_app; END IF; END $$;
REVOKE EXECUTE ON FUNCTION pod_amplify.schedule_post(uuid, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pod_amplify.schedule_post(uuid, text, timestamptz) TO pod_up_app;
ALTER EXTENSION pod_amplify UPDATE TO '1.2';
SQL
tap_is "$(q -d pod_up_grants -c "SELECT has_function_privilege('pod_up_app', 'pod_amplify.schedule_post(uuid, text, timestamptz, text[])', 'EXECUTE') || ' ' || has_function_privilege('public', 'pod_amplify.schedule_post(uuid, text, timestamptz, text[])', 'EXECUTE')")" "true false" \
       "the 1.1 schedule_post's grants carry over to the 1.2 signature (granted to the role, revoked from PUBLIC)"
tap_ok $([[ "$(pg_dump --schema-only -d pod_up_grants)" == *"GRANT ALL ON FUNCTION pod_amplify.schedule_post(p_post_id uuid, p_action text, p_not_before timestamp with time zone, p_comment_texts text[]) TO pod_up_app;"* ]]; echo $?) \
       "pg_dump dumps them as the installation's own"
q -d pod_up_grants -c "DROP OWNED BY pod_up_app" -c "DROP ROLE pod_up_app"
tap_ok $? "the role they went to can be dropped"
tap_is "$(q -d pod_up_grants -c "SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) x WHERE p.oid = 'pod_amplify.schedule_post(uuid, text, timestamptz, text[])'::regprocedure AND x.grantee <> 0 AND NOT EXISTS (SELECT FROM pg_roles r WHERE r.oid = x.grantee)")" 0 \
       "and DROP OWNED removed its grant: none is left to a dropped role (a dump of it would not restore)"
dropdb pod_up_grants

# --- fresh = upgraded = restored --------------------------------------------
# (the same grants as the upgraded database got for its tenant check, so ACLs
# compare: given before 1.2, they never reached the owner-only Unipile lock rows)
createdb pod_up_fresh && q -d pod_up_fresh -c "CREATE EXTENSION pod_amplify" \
    -c "GRANT USAGE ON SCHEMA pod_amplify TO pod_up_tenant" -c "GRANT SELECT ON ALL TABLES IN SCHEMA pod_amplify TO pod_up_tenant" \
    -c "REVOKE ALL ON pod_amplify.unipile_id_locks, pod_amplify.unipile_lock_seed, pod_amplify.waiting_successes, pod_amplify.unipile_disputes FROM pod_up_tenant"
tap_ok $? "CREATE EXTENSION pod_amplify installs the default version"
tap_is "$(q -d pod_up_fresh -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "1.2" "the default version is 1.2"
q -d pod_up_fresh -f test/upgrade/catalog.sql >"$work/fresh.catalog"
q -d pod_up_upgraded -f test/upgrade/catalog.sql >"$work/upgraded.catalog"
diff "$work/fresh.catalog" "$work/upgraded.catalog" >"$work/catalog.diff"
tap_ok $? "fresh and upgraded catalogs are identical ($(wc -l <"$work/fresh.catalog") items: columns, constraints, indexes, triggers, policies, functions, ACLs, members)"
[ -s "$work/catalog.diff" ] && sed 's/^/# /' "$work/catalog.diff" | head -20
for db in pod_up_fresh pod_up_upgraded; do
    pg_dump --schema-only -n pod_amplify -d "$db" | grep -vE '^(--|$|\\(un)?restrict )' | sort >"$work/$db.dump"
done
diff "$work/pod_up_fresh.dump" "$work/pod_up_upgraded.dump" >"$work/dump.diff"
tap_ok $? "pg_dump --schema-only of schema pod_amplify is the same, ignoring order"
[ -s "$work/dump.diff" ] && sed "s/^/# /" "$work/dump.diff" | head -20

pg_dump -Fc -d pod_up_upgraded -f "$work/upgraded.dump" && createdb pod_up_restored &&
    pg_restore --exit-on-error -d pod_up_restored "$work/upgraded.dump"
tap_ok $? "the upgraded database restores from pg_dump into a new database"
q -d pod_up_restored -f test/upgrade/catalog.sql >"$work/restored.catalog"
diff "$work/upgraded.catalog" "$work/restored.catalog" >"$work/restored.diff"
tap_ok $? "the restored catalog is identical to the upgraded one"
[ -s "$work/restored.diff" ] && sed 's/^/# /' "$work/restored.diff" | head -20
tap_is "$(q -d pod_up_restored -F ' ' -f test/upgrade/checksums_all.sql)" "$(q -d pod_up_upgraded -F ' ' -f test/upgrade/checksums_all.sql)" \
       "the restored copy holds every row, every column equal"

# --- 1.1 -> 1.2 over one tenant's poison: the upgrade goes through for everyone
createdb pod_up_poison
q -d pod_up_poison -c "CREATE EXTENSION pod_amplify VERSION '1.0'" -v scale=2 -f test/upgrade/fixture_1_0.sql \
    -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'"
q -d pod_up_poison <<'SQL'
-- What 1.0 let in, or a writer with triggers off: a member with another
-- client's user, settings the engine cannot read, one Unipile id on two users.
SET session_replication_role = replica;
UPDATE pod_amplify.pod_members SET user_id = md5('user2.20')::uuid, client_id = NULL WHERE id = md5('member1.1.20')::uuid;
UPDATE pod_amplify.pods SET settings = '{"lease_duration": "forever", "note": "kept", "retry_jitter": [1]}' WHERE id = md5('pod1.1')::uuid;
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = 'unipileSHARED' WHERE id IN (md5('account1.3')::uuid, md5('account2.3')::uuid);
-- 1.0 and 1.1 never checked an account's Unipile id: one longer than a B-tree entry.
UPDATE pod_amplify.linkedin_accounts SET unipile_account_id = (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 400) i)
WHERE id = md5('account2.4')::uuid;
SQL
out=$(psql -X -q -d pod_up_poison -c "ALTER EXTENSION pod_amplify UPDATE TO '1.2'" 2>&1)
tap_is "$(q -d pod_up_poison -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "1.2" \
       "one tenant's poison does not stop the 1.1 -> 1.2 upgrade"
echo "$out" | sed 's/^/# /' | head -8
tap_ok $([[ "$out" == *'WARNING:  pod_amplify 1.2: 1 row(s) break the rule "member_user_of_client"; they are kept as they are'* ]]; echo $?) \
       "the rows that break a rule are reported by rule, and kept"
tap_ok $([[ "$out" == *'setting(s) "lease_duration" (invalid value for lease_duration in pods.settings: "forever"), "retry_jitter" (invalid value for retry_jitter in pods.settings: [1]) removed'* ]]; echo $?) \
       "settings the engine cannot read are repaired, each one named with its value"
tap_is "$(q -d pod_up_poison -c "SELECT settings FROM pod_amplify.pods WHERE id = md5('pod1.1')::uuid")" '{"note": "kept"}' \
       "the application's own keys are kept"
tap_ok $([[ "$out" == *'Unipile account id "unipileSHARED" is connected to 2 users'* ]]; echo $?) "a Unipile id held by two users is reported"
tap_is "$(q -d pod_up_poison -c "SELECT count(*) FILTER (WHERE rule <> 'unipile_id_one_user') || ' ' || count(*) FILTER (WHERE rule = 'unipile_id_one_user') FROM pod_amplify.rule_violations()")" "1 2" \
       "rule_violations() lists the kept row, and both rows sharing the Unipile id"
tap_is "$(q -d pod_up_poison -c "SELECT string_agg(unipile_account_id, ',') FROM pod_amplify.unipile_disputes")" "unipileSHARED" \
       "the id two users hold is listed as disputed"
# The two failed activities of the accounts sharing the id, re-queued: due now
# (members working around the clock, no gap, no cap: 1.2 places a re-queue in
# working hours, keeping the gap and the caps).
q -d pod_up_poison -c "SET pod_amplify.active_hours = '00:00-24:00'" -c "SET pod_amplify.active_days = 'mon-sun'" \
    -c "SET pod_amplify.account_min_gap = 0" -c "SET pod_amplify.member_daily_cap = 0" \
    -c "SELECT count(pod_amplify.retry_activity(a.id)) FROM pod_amplify.pod_activities a
    JOIN pod_amplify.pod_members m ON m.id = a.member_id
    WHERE a.status = 'failed' AND m.linkedin_account_id IN (md5('account1.3')::uuid, md5('account2.3')::uuid)" >/dev/null
tap_is "$(q -d pod_up_poison -c "SET pod_amplify.auto_schedule = off" -c "SELECT count(*) > 0 FROM pod_amplify.claim_activities('after-upgrade', 1000)" | tail -1)" t \
       "after the upgrade, workers claim every tenant's due activities"
q -d pod_up_poison -c "SET pod_amplify.auto_schedule = off" -c "SELECT count(*) FROM pod_amplify.claim_activities('after-upgrade', 1000)" >/dev/null
shared_through="FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
    LEFT JOIN pod_amplify.linkedin_accounts la ON la.id = m.linkedin_account_id
    WHERE COALESCE(m.unipile_account_id, la.unipile_account_id) = 'unipileSHARED'"
tap_is "$(q -d pod_up_poison -c "SELECT count(*) FILTER (WHERE a.lease_owner = 'after-upgrade') || ' ' ||
                                        count(*) FILTER (WHERE a.status = 'failed' AND a.error_history->-1->>'kind' = 'claim_refused') $shared_through")" "0 2" \
       "but none through the disputed id: its 2 due activities failed at the claim (claim_refused)"
pg_dump -Fc -d pod_up_poison -f "$work/poison.dump" && createdb pod_up_poison_restored &&
    pg_restore --exit-on-error -d pod_up_poison_restored "$work/poison.dump"
tap_is "$(q -d pod_up_poison_restored -c "SELECT string_agg(unipile_account_id, ',') FROM pod_amplify.unipile_disputes")" "unipileSHARED" \
       "a restore lists the disputed id again, once (the list is not dumped: the restore's loads note it)"

# --- an operator's own column, added then dropped before the upgrade ---------
# The table's row type keeps the dropped column's slot ahead of every column a
# later version adds: each function returning activity rows must still return
# exactly the table's row.
createdb pod_up_dropped
q -d pod_up_dropped -c "CREATE EXTENSION pod_amplify VERSION '1.0'" \
    -c "ALTER TABLE pod_amplify.pod_activities ADD COLUMN dba_note text" \
    -c "ALTER TABLE pod_amplify.pod_activities DROP COLUMN dba_note" -v scale=1 -f test/upgrade/fixture_1_0.sql \
    -c "ALTER EXTENSION pod_amplify UPDATE TO '1.2'"
tap_ok $? "1.0 with a dropped column of the operator's, upgraded to 1.2"
rows_equal() {  # rows_equal <SQL of a function call returning activity rows> <description>
    tap_is "$(q -d pod_up_dropped -c "SET pod_amplify.auto_schedule = off" -c "CREATE TEMP TABLE r AS $1" -c "
        SELECT count(*) || ' ' || count(*) FILTER (WHERE r::text = a::text)
        FROM r JOIN pod_amplify.pod_activities a ON a.id = r.id" | tail -1)" "$3" "$2"
}
q -d pod_up_dropped -c "UPDATE pod_amplify.pod_activities SET scheduled_for = now() - interval '1 minute', comment_text = 'Kept text'
                        WHERE id IN (SELECT id FROM pod_amplify.pod_activities WHERE status = 'pending' ORDER BY id LIMIT 6)"
rows_equal "SELECT * FROM pod_amplify.claim_activities('w-dropped', 6)" "claim_activities returns the claimed rows as they are stored" "6 6"
first="(SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'w-dropped' ORDER BY id"
rows_equal "SELECT * FROM pod_amplify.extend_lease($first LIMIT 1), 'w-dropped')" "extend_lease returns the row as stored" "1 1"
rows_equal "SELECT * FROM pod_amplify.complete_activity($first LIMIT 1), NULL, 'w-dropped')" "complete_activity returns the row as stored" "1 1"
rows_equal "SELECT * FROM pod_amplify.fail_activity($first LIMIT 1), 'timeout', true, 'w-dropped')" "fail_activity returns the row as stored" "1 1"
rows_equal "SELECT * FROM pod_amplify.complete_activities(ARRAY$first LIMIT 1), NULL, 'w-dropped')" "complete_activities returns the rows as stored" "1 1"
rows_equal "SELECT * FROM pod_amplify.fail_activities(ARRAY$first LIMIT 2), ARRAY['x', 'y'], false, 'w-dropped')" "fail_activities returns the rows as stored" "2 2"
rows_equal "SELECT * FROM pod_amplify.retry_activity((SELECT id FROM pod_amplify.pod_activities WHERE status = 'failed' ORDER BY id LIMIT 1), 1)" \
    "retry_activity returns the row as stored" "1 1"
tap_is "$(q -d pod_up_dropped -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE comment_text = 'Kept text'")" 6 "no value moved to another column"

# --- a 1.0 database dumped, restored where CREATE EXTENSION makes 1.2 --------
# pg_dump records no extension version: the restore creates the newest one and
# loads the 1.0 rows into it, action (which 1.0 lacked) taking its default.
createdb pod_up_10dump
q -d pod_up_10dump -c "CREATE EXTENSION pod_amplify VERSION '1.0'" -v scale=1 -f test/upgrade/fixture_1_0.sql \
    -c "INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type)
        SELECT a.pod_id, a.post_id, a.member_id, 'comment' FROM pod_amplify.pod_activities a WHERE a.engagement_type = 'like' LIMIT 3"
pg_dump -Fc -d pod_up_10dump -f "$work/10.dump"
dropdb pod_up_10dump && createdb pod_up_10dump && pg_restore --exit-on-error -d pod_up_10dump "$work/10.dump"
tap_ok $? "a 1.0 dump restores (into 1.2)"
tap_is "$(q -d pod_up_10dump -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "1.2" "the restore created 1.2"
tap_is "$(q -d pod_up_10dump -c "SELECT count(*) FILTER (WHERE action IS DISTINCT FROM engagement_type) || ' of ' || count(*) FROM pod_amplify.pod_activities")" \
       "0 of $(q -d pod_up_10dump -c "SELECT count(*) FROM pod_amplify.pod_activities")" \
       "every restored activity's action is its engagement_type (not the column default)"
tap_is "$(q -d pod_up_10dump -c "SELECT count(*) FROM pod_amplify.backfill_progress")" 2 "the backfill's progress rows came back"
tap_is "$(q -d pod_up_10dump -c "SELECT sum(pod_amplify.backfill(1000)) >= 0 FROM generate_series(1, 20)" -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE client_id IS NULL" | tail -1)" 0 \
       "the backfill fills every restored row, its 1.0 pending comments included"

# --- bad legacy data: the UPDATE fails as a whole and 1.0 stays --------------
createdb pod_up_bad
q -d pod_up_bad -c "CREATE EXTENSION pod_amplify VERSION '1.0'" -v scale=2 -f test/upgrade/fixture_1_0.sql
# Rows that only a writer with triggers disabled could have left behind.
q -d pod_up_bad <<'SQL'
SET session_replication_role = replica;
-- a user of client 2 in a pod of client 1, twice
INSERT INTO pod_amplify.pod_members (pod_id, user_id) VALUES
    (md5('pod1.2')::uuid, md5('user2.1')::uuid), (md5('pod1.2')::uuid, md5('user2.3')::uuid);
-- an author amplifying their own post
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type)
VALUES ('00000000-0000-4000-8000-00000000bad1', md5('pod1.1')::uuid, md5('post1.1')::uuid, md5('member1.1.1')::uuid, 'like');
SQL
bad_before=$(q -d pod_up_bad -F ' ' -f test/upgrade/checksums.sql)
err=$(psql -X -q -d pod_up_bad -v VERBOSITY=verbose -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'" 2>&1)
tap_ok $([[ "$err" == *"ERROR:  23514: pod_amplify 1.1 upgrade refused: 3 legacy row(s) break its rules: 2 pod_members row(s) whose user is not a user of the pod's client (membership rule); 1 pod_activities row(s) where members amplify their own post (authorship rule)"* ]]; echo $?) \
       "the UPDATE is refused with 23514, naming how many rows break which rule"
echo "$err" | head -3 | sed 's/^/# /'
tap_ok $([[ "$err" == *"pod_activities by the post's author: 00000000-0000-4000-8000-00000000bad1"* ]]; echo $?) "the DETAIL names the offending rows"
tap_is "$(q -d pod_up_bad -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "1.0" "the database stays at 1.0"
tap_is "$(q -d pod_up_bad -c "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'pod_amplify' AND column_name IN ('client_id', 'action') AND table_name IN ('pod_members', 'pod_activities')")" \
       "0" "no 1.1 column was added"
tap_is "$(q -d pod_up_bad -F ' ' -f test/upgrade/checksums.sql)" "$bad_before" "every row is untouched"
q -d pod_up_bad -c "DELETE FROM pod_amplify.pod_activities WHERE id = '00000000-0000-4000-8000-00000000bad1'" \
     -c "DELETE FROM pod_amplify.pod_members m USING pod_amplify.pods p, pod_amplify.users u WHERE p.id = m.pod_id AND u.id = m.user_id AND u.client_id <> p.client_id" \
     -c "ALTER EXTENSION pod_amplify UPDATE TO '1.1'"
tap_ok $? "once the rows are fixed as the README shows, the UPDATE succeeds"

rm -rf "$work"
for db in $dbs; do dropdb --if-exists "$db"; done
tap_done
