#!/usr/bin/env bash
# Backup round trip: rows in every table, pg_dump, restore into a new database,
# every row there again (same checksums). Runs against $PGHOST (pg_virtualenv).
set -u
cd "$(dirname "$0")/../.."
source test/tap.sh
src=pod_backup_src dst=pod_backup_restored dump=$(mktemp)
dropdb --if-exists "$src"; dropdb --if-exists "$dst"
createdb "$src" && q -d "$src" -c 'CREATE EXTENSION pod_amplify' && q -d "$src" -v scale=3 -f test/upgrade/fixture_1_0.sql
tap_ok $? "fixture written with 1.0-era SQL"
before=$(q -d "$src" -F ' ' -f test/upgrade/checksums.sql)
tap_is "$(echo "$before" | awk '$2 == 0' | wc -l)" 0 "every table holds rows before the dump"

pg_dump -Fc -d "$src" -f "$dump"
tap_ok $? "pg_dump -Fc succeeds"
createdb "$dst" && pg_restore --exit-on-error -d "$dst" "$dump"
tap_ok $? "pg_restore into a new database succeeds"
after=$(q -d "$dst" -F ' ' -f test/upgrade/checksums.sql)
while read -r table count sum; do
    tap_is "$(echo "$after" | awk -v t="$table" '$1 == t {print $2, $3}')" "$count $sum" "$table: $count rows restored with the same checksum"
done <<<"$before"
tap_is "$(q -d "$dst" -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" \
       "$(q -d "$src" -c "SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify'")" "restored at the same extension version"
rm -f "$dump"
dropdb "$src"; dropdb "$dst"
tap_done
