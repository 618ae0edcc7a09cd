#!/usr/bin/env bash
# The README's first command: build, install, start a throwaway cluster and run
# the demo (scripts/demo.sql) against it.
source "$(dirname "$0")/common.sh"
ensure_packages
build_and_install
clean_stale_virtualenv
echo "== starting a throwaway cluster (pg_virtualenv) and running the demo"
pg_virtualenv psql -X -v ON_ERROR_STOP=1 -q -f "$POD_ROOT/scripts/demo.sql"
