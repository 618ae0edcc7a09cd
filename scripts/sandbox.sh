# Private PostgreSQL installations and clusters for tests. Source it.
#
# Tests never install into this machine's PostgreSQL nor start its clusters: a
# sandbox is a copy of the installed PostgreSQL tree (binaries, libraries, share
# files, pgTAP, pg_cron, ...) with pod_amplify installed into the copy by
# `make install DESTDIR=...`. PostgreSQL finds its lib and share directories
# relative to its own binary, so a server started from the copy loads the
# copy's pod_amplify and nothing else. A running production server that uses
# the system's pod_amplify is never disturbed.
#
#   sandbox_tree DIR [make-args...]   copy of PostgreSQL + pod_amplify built here
#                                     (or in $SANDBOX_SRC)
#   sandbox_start DIR NAME [-c opt=value ...]
#                                     initdb (first time) and start cluster NAME
#                                     of tree DIR; exports PGHOST PGPORT PGUSER,
#                                     SANDBOX_BIN and SANDBOX_LOG; the server gets
#                                     the VAR=value words of $SANDBOX_SERVER_ENV
#   sandbox_stop DIR NAME             stop it (immediate); sandbox_stop_all DIR
#   sandbox_free_port                 a TCP port on 127.0.0.1 nobody listens on

SANDBOX_PG_VERSION="${SANDBOX_PG_VERSION:-15}"
SANDBOX_ROOT="${POD_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

# The system's PostgreSQL trees, as pg_config names them.
_sandbox_sys_bindir() { "/usr/lib/postgresql/$SANDBOX_PG_VERSION/bin/pg_config" --bindir; }
_sandbox_sys_libdir() { "/usr/lib/postgresql/$SANDBOX_PG_VERSION/bin/pg_config" --pkglibdir; }
_sandbox_sys_sharedir() { "/usr/lib/postgresql/$SANDBOX_PG_VERSION/bin/pg_config" --sharedir; }

# DIR/pg holds the copy, laid out like / so that relative paths match.
sandbox_tree() {
    local dir=$1; shift
    local libroot sharedir
    libroot=$(dirname "$(_sandbox_sys_bindir)")   # /usr/lib/postgresql/15
    sharedir=$(_sandbox_sys_sharedir)             # /usr/share/postgresql/15
    rm -rf "$dir/pg"
    mkdir -p "$dir/pg$(dirname "$libroot")" "$dir/pg$(dirname "$sharedir")"
    chmod 755 "$dir" "$dir/pg"
    cp -a "$libroot" "$dir/pg$(dirname "$libroot")/"
    cp -a "$sharedir" "$dir/pg$(dirname "$sharedir")/"
    # A pod_amplify installed system-wide is not part of the copy: only this tree's build is.
    rm -f "$dir/pg$sharedir"/extension/pod_amplify* "$dir/pg$libroot"/lib/pod_amplify.so
    rm -rf "$dir/pg$libroot"/lib/bitcode/pod_amplify*
    make -C "${SANDBOX_SRC:-$SANDBOX_ROOT}" -s install DESTDIR="$dir/pg" "$@" >/dev/null
    chmod -R a+rX "$dir/pg"
}

sandbox_bindir() { echo "$1/pg$(_sandbox_sys_bindir)"; }

sandbox_free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    return 1
}

# Starts cluster NAME of tree DIR as the postgres user, on a private unix
# socket (DIR/NAME.run) and on 127.0.0.1:<free port>. Extra arguments are
# passed to postgres (e.g. -c shared_preload_libraries=pg_cron).
sandbox_start() {
    local dir=$1 name=$2; shift 2
    local bin data run port
    bin=$(sandbox_bindir "$dir")
    data="$dir/$name.data" run="$dir/$name.run"
    mkdir -p "$run" "$dir/logs"
    chmod 755 "$dir/logs"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        chown postgres "$data" "$run" "$dir/logs"
        runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
            >"$dir/logs/$name.initdb.log" 2>&1 || { cat "$dir/logs/$name.initdb.log"; return 1; }
    fi
    port=$(sandbox_free_port)
    touch "$dir/logs/$name.log" && chown postgres "$dir/logs/$name.log"
    # shellcheck disable=SC2086  # SANDBOX_SERVER_ENV: VAR=value words for the server only
    runuser -u postgres -- env ${SANDBOX_SERVER_ENV:-} "$bin/pg_ctl" -D "$data" -l "$dir/logs/$name.log" -w -t 120 \
        -o "-p $port -k $run -c listen_addresses=127.0.0.1 -c fsync=off $*" start >/dev/null ||
        { tail -20 "$dir/logs/$name.log"; return 1; }
    export PGHOST="$run" PGPORT="$port" PGUSER=postgres SANDBOX_BIN="$bin" SANDBOX_LOG="$dir/logs/$name.log"
    unset PGDATABASE PGPASSWORD PGSERVICE
}

sandbox_stop() {
    local dir=$1 name=$2
    [ -f "$dir/$name.data/postmaster.pid" ] &&
        runuser -u postgres -- "$(sandbox_bindir "$dir")/pg_ctl" -D "$dir/$name.data" -m immediate stop >/dev/null 2>&1
    return 0
}

sandbox_stop_all() {
    local dir=$1 d
    for d in "$dir"/*.data; do
        [ -d "$d" ] && sandbox_stop "$dir" "$(basename "$d" .data)"
    done
    return 0
}
