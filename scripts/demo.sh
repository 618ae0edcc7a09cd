#!/usr/bin/env bash
# The README's first command: packages, build, install, a throwaway cluster, and
# the whole story: tenants, a pod, a published post scheduled in each member's
# working hours, the rules and row-level security (scripts/demo.sql); then the
# reference worker, pod_amplify_worker, works the queue against a fake Unipile
# that refuses some calls (HTTP 429, and 403 for a restricted account): claims,
# successes, retries, final failures; then the stats (scripts/demo_stats.sql).
source "$(dirname "$0")/common.sh"
ensure_packages
build_and_install
echo "== building the worker (pod_amplify_worker)"
cmake -S "$POD_ROOT" -B "$POD_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$POD_ROOT/build" --target pod_amplify_worker -j"$(nproc)" >/dev/null
clean_stale_virtualenv
echo "== starting a throwaway cluster (pg_virtualenv) and running the demo"
exec pg_virtualenv bash "$POD_ROOT/scripts/demo_story.sh"
