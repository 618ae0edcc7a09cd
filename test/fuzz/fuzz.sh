#!/usr/bin/env bash
# Bad input: runs the seeded corpus (test/fuzz/corpus.sql) and asserts that every
# call ended in success or a documented SQLSTATE and that no refused call wrote
# anything. Usage: fuzz.sh [seed] [calls]. Prints TAP.
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
seed=${1:-42} calls=${2:-3000}
db=pod_fuzz
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
q -d "$db" <<'SQL'
CREATE EXTENSION pod_amplify;
SET pod_amplify.auto_schedule = off;
\i test/pgtap/rules/00_fixture.inc
INSERT INTO pod_amplify.users (id, client_id, email) VALUES ('b2000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b2@t');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, unipile_account_id) VALUES
    ('b2e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000', 'unipileB2zz');
UPDATE pod_amplify.pod_members SET unipile_account_id = 'unipileA2zz' WHERE id = 'a2e00000-0000-4000-8000-000000000000';
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('a1c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute'),
    ('b1c00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1b00000-0000-4000-8000-000000000000', 'b2e00000-0000-4000-8000-000000000000', 'like', now() - interval '1 minute');
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fuzz_tenant') THEN CREATE ROLE fuzz_tenant; END IF; END $$;
GRANT USAGE ON SCHEMA pod_amplify TO fuzz_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pod_amplify TO fuzz_tenant;
SQL
start=$(date +%s%3N)
q -d "$db" -v seed="$seed" -v calls="$calls" -f test/fuzz/corpus.sql >/dev/null
tap_ok $? "the corpus ran to the end (seed $seed, $calls calls, $(( $(date +%s%3N) - start )) ms)"
# Documented: pod_amplify's own SQLSTATEs and PostgreSQL's input, constraint and limit errors.
allowed="'00000','22004','22023','23514','55000','P0002','42501','23502','23503','23505','22P02','22007','22008','22003','54000'"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM public.fuzz_results")" "$calls" "every call was made and recorded"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM public.fuzz_results WHERE sqlstate NOT IN ($allowed)")" 0 \
       "every call ended in success or a documented SQLSTATE"
q -d "$db" -F ' ' -c "SELECT sqlstate, target, left(message, 150) FROM public.fuzz_results WHERE sqlstate NOT IN ($allowed) LIMIT 10" | sed 's/^/# unexpected: /'
tap_is "$(q -d "$db" -c "SELECT count(*) FROM public.fuzz_results WHERE sqlstate <> '00000' AND NOT unchanged")" 0 \
       "no refused call left anything written"
tap_ok $([ "$(q -d "$db" -c "SELECT count(DISTINCT target) FROM public.fuzz_results")" -ge 27 ]; echo $?) "every function and table was hit"
q -d "$db" -F ' ' -c "SELECT sqlstate, count(*) FROM public.fuzz_results GROUP BY 1 ORDER BY 2 DESC" | sed 's/^/# /'
dropdb "$db"
tap_done
