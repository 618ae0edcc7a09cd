#!/usr/bin/env bash
# A tenant's dashboard read under row-level security, as the data of other
# tenants grows: 100 and 1,000 clients of 1,000 activities each (100,000 and
# 1,000,000 rows), the tenant's own rows fixed at 1,000. Median of 30 runs of
#   SELECT id, status, scheduled_for FROM pod_amplify.pod_activities
#   ORDER BY scheduled_for DESC LIMIT 20
# as a tenant, with the 1.2 legacy-row indexes and without them (the 1.1 plan).
# Run inside pg_virtualenv, or plainly (it starts one): bash bench/tenant_read.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
    source scripts/common.sh
    rerun_in_throwaway_cluster "$0" -- "$@"
fi
db=pod_bench_tenant
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

median_ms() {  # the tenant's read, 30 times, in its own session; prints the median in ms
    q -c "SET ROLE bench_tenant" -c "SELECT set_config('request.jwt.claims', json_build_object('sub', md5('u1.1')::uuid)::text, false)" \
      -c "DO \$\$ DECLARE t timestamptz; d float8[] := '{}'; BEGIN
            FOR i IN 1..30 LOOP
              t := clock_timestamp();
              PERFORM id, status, scheduled_for FROM pod_amplify.pod_activities ORDER BY scheduled_for DESC LIMIT 20;
              d := d || extract(epoch FROM clock_timestamp() - t) * 1000;
            END LOOP;
            RAISE NOTICE 'median_ms=%', (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x)::numeric, 3) FROM unnest(d) x);
          END \$\$" 2>&1 | sed -nE 's/.*median_ms=([0-9.]+).*/\1/p'
}

echo "| clients (activities) | tenant's rows | with the 1.2 indexes | without (1.1) |"
echo "|---|---|---|---|"
for clients in 100 1000; do
    dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
    q -c "CREATE EXTENSION pod_amplify" \
      -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_tenant') THEN CREATE ROLE bench_tenant; END IF; END \$\$"
    q -c "GRANT USAGE ON SCHEMA pod_amplify TO bench_tenant" -c "GRANT SELECT ON ALL TABLES IN SCHEMA pod_amplify TO bench_tenant"
    # The upgrade bench's 1.0-era fixture, scaled, with client_id as 1.2 writes it.
    sed "s/generate_series(1, 1000) c/generate_series(1, $clients) c/g;
         s/INSERT INTO pod_amplify.pod_activities (pod_id,/INSERT INTO pod_amplify.pod_activities (client_id, pod_id,/;
         s/^SELECT md5('p' || c)::uuid, md5('po' || c || '.' || n)::uuid/SELECT md5('c' || c)::uuid, md5('p' || c)::uuid, md5('po' || c || '.' || n)::uuid/" \
        bench/upgrade_fixture.sql | q -f -
    q -c "SET session_replication_role = replica" \
      -c "UPDATE pod_amplify.pod_members m SET client_id = p.client_id FROM pod_amplify.pods p WHERE p.id = m.pod_id" \
      -c "VACUUM ANALYZE" >/dev/null
    rows=$(q -c "SELECT count(*) FROM pod_amplify.pod_activities")
    mine=$(q -c "SELECT count(*) FROM pod_amplify.pod_activities WHERE client_id = md5('c1')::uuid")
    with=$(median_ms)
    q -c "DROP INDEX pod_amplify.pod_activities_not_backfilled_idx" -c "ANALYZE pod_amplify.pod_activities"
    without=$(median_ms)
    echo "| $clients ($rows) | $mine | ${with} ms | ${without} ms |"
done
dropdb "$db"; psql -X -q -c "DROP ROLE IF EXISTS bench_tenant" 2>/dev/null || true
