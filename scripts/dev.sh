#!/usr/bin/env bash
# One test (or any command) against a private PostgreSQL with this tree's build:
#
#   bash scripts/dev.sh regress 20_human_schedule        one pg_regress test (and 00_install before it)
#   bash scripts/dev.sh pgtap test/pgtap/v1_2/01_report_activities.sql [version]
#                                                        pgTAP files on a fresh database (1.0, 1.1 or newest)
#   bash scripts/dev.sh run bash test/security/run.sh races
#                                                        any command, with PGHOST/PGPORT/PGUSER set
#   bash scripts/dev.sh psql                             a psql session on the private cluster
#   bash scripts/dev.sh stop                             stop the private cluster
#
# The cluster (build/dev-sandbox) is started on first use and kept running
# between calls; every call rebuilds and reinstalls the extension into it, so
# new sessions load the new library. Nothing touches the system's PostgreSQL.
# (GoogleTest needs no server: cmake -S . -B build && cmake --build build && (cd build && ctest -R <name>).)
source "$(dirname "$0")/common.sh"
source "$POD_ROOT/scripts/sandbox.sh"
set +e
DEV="$POD_ROOT/build/dev-sandbox"
what=${1:-}
shift || true

if [ "$what" = stop ]; then
    sandbox_stop_all "$DEV"
    exit 0
fi

make -C "$POD_ROOT" -s -j"$(nproc)" >/dev/null || exit 1
if [ ! -d "$DEV/pg" ]; then
    mkdir -p "$DEV"
    sandbox_tree "$DEV" || exit 1
else
    make -C "$POD_ROOT" -s install DESTDIR="$DEV/pg" >/dev/null || exit 1
fi
if [ -f "$DEV/env" ] && runuser -u postgres -- "$(sandbox_bindir "$DEV")/pg_ctl" -D "$DEV/main.data" status >/dev/null 2>&1; then
    source "$DEV/env"
else
    sandbox_start "$DEV" main || exit 1
    printf 'export PGHOST=%q PGPORT=%q PGUSER=postgres SANDBOX_LOG=%q SANDBOX_BIN=%q\n' \
        "$PGHOST" "$PGPORT" "$SANDBOX_LOG" "$SANDBOX_BIN" >"$DEV/env"
fi

export SANDBOX="$DEV"  # suites that start a cluster of their own (test/retention/cron.sh) use this tree
case "$what" in
regress)
    regress="$(dirname "$(pg_config --pgxs)")/../test/regress/pg_regress"
    tests=("00_install")
    for t in "$@"; do [ "$t" != 00_install ] && tests+=("$t"); done
    "$regress" --inputdir="$POD_ROOT" --outputdir="$POD_ROOT" --dbname=pod_dev_regress "${tests[@]}"
    ;;
pgtap)
    files=() version=
    for a in "$@"; do case "$a" in 1.0|1.1|1.2) version=$a ;; *) files+=("$a") ;; esac; done
    dropdb --if-exists pod_dev_tap 2>/dev/null
    createdb pod_dev_tap && psql -X -q -d pod_dev_tap -c "CREATE EXTENSION pgtap" \
        -c "CREATE EXTENSION pod_amplify ${version:+VERSION '$version'}" && pg_prove -v -d pod_dev_tap "${files[@]}"
    ;;
run)
    "$@"
    ;;
psql)
    psql -X "$@"
    ;;
*)
    sed -n '2,14p' "$0"
    exit 2
    ;;
esac
