# Shared by the README's commands: packages, build, install. Source it, don't run it.
set -euo pipefail

POD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export POD_ROOT
PG_BINDIR="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
export PATH="$PG_BINDIR:$PATH"

# Every package the build, the tests, the demo and the benchmarks need.
POD_PACKAGES=(
    make g++ cmake clang-14 llvm-14 libclang-rt-14-dev
    postgresql-15 postgresql-server-dev-15 postgresql-common postgresql-contrib
    postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
    libboost-url1.81-dev libgtest-dev procps python3
    libpq-dev libcurl4-openssl-dev pgbouncer postgresql-15-cron
)

# Installs what is missing (apt-get update first), and nothing when all is there.
ensure_packages() {
    local missing=()
    for pkg in "${POD_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        echo "== installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    PG_BINDIR="$(pg_config --bindir)"
    export PATH="$PG_BINDIR:$PATH"
}

# Builds the extension with PGXS (no install).
build() {
    echo "== building pod_amplify"
    make -C "$POD_ROOT" -s -j"$(nproc)" >/dev/null
}

# Builds the extension and installs it into this machine's PostgreSQL (the demo;
# tests use private sandboxes instead, see scripts/sandbox.sh).
build_and_install() {
    build
    echo "== installing pod_amplify into $(pg_config --pkglibdir)"
    make -C "$POD_ROOT" -s install >/dev/null
}

# --- result bookkeeping: each suite appends "suite passed failed" to $POD_RESULTS

record() { echo "$1 $2 $3" >>"$POD_RESULTS"; printf '   %-28s %5s passed, %s failed\n' "$1" "$2" "$3"; }

# Counts TAP lines ("ok N", "not ok N") of a log; a runner that failed without a
# failing line (crash, bad plan) counts one failure more.
record_tap() {
    local suite=$1 log=$2 rc=$3 ok notok
    ok=$(grep -cE '^\s*ok [0-9]+' "$log" || true)
    notok=$(grep -cE '^\s*not ok [0-9]+' "$log" || true)
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then notok=1; fi
    if [ "$notok" -ne 0 ]; then grep -E '^\s*not ok|#\s' "$log" | head -40 || true; fi
    record "$suite" "$ok" "$notok"
}

# Counts pg_regress results ("... ok", "... FAILED") of a log.
record_regress() {
    local suite=$1 log=$2 rc=$3 ok failed
    ok=$(grep -cE '\.\.\. ok' "$log" || true)
    failed=$(grep -cE '\.\.\. FAILED|\.\.\. failed' "$log" || true)
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    record "$suite" "$ok" "$failed"
}

# A new database with pgTAP and pod_amplify at the given version ("" = default).
fresh_db() {
    local db=$1 version=${2:-}
    dropdb --if-exists "$db" 2>/dev/null
    createdb "$db"
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION pgtap' \
        -c "CREATE EXTENSION pod_amplify ${version:+VERSION '$version'}"
}

# pg_virtualenv, run as root, makes a cluster named "regress" under /etc/postgresql
# and refuses to start when an earlier, interrupted run left one behind.
clean_stale_virtualenv() {
    local conf
    for conf in /etc/postgresql/*/regress; do
        [ -d "$conf" ] || continue
        if [ -f "$conf/.by_pg_virtualenv" ] || [ ! -f "$conf/postgresql.conf" ]; then
            local v; v=$(basename "$(dirname "$conf")")
            echo "== removing a stale throwaway cluster $v/regress"
            pg_ctlcluster --mode immediate "$v" regress stop 2>/dev/null || true
            pg_dropcluster "$v" regress 2>/dev/null || rm -rf "$conf" "/var/lib/postgresql/$v/regress"
        fi
    done
}

# A fingerprint of this machine's PostgreSQL installation (names, sizes and
# times of every file under its lib and share trees): tests must leave it as is.
system_install_fingerprint() {
    find "$(pg_config --pkglibdir)" "$(pg_config --sharedir)" -type f -printf '%p %s %T@\n' 2>/dev/null | sort | md5sum
}

# Benchmarks measure this tree: build and install it, then run the calling
# script again inside a throwaway cluster. Usage, at the top of a benchmark:
#   rerun_in_throwaway_cluster "$0" [pg_virtualenv options, e.g. -o shared_buffers=256MB] -- "$@"
rerun_in_throwaway_cluster() {
    local script=$1; shift
    local options=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do options+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    ensure_packages
    build_and_install   # measure this tree's scripts, not whatever was installed before
    clean_stale_virtualenv
    exec pg_virtualenv "${options[@]}" bash "$script" "$@"
}
