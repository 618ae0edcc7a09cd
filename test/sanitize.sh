#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer run (recipe: shared/SANITIZERS.md).
# Builds pod_amplify with clang and -fsanitize=address,undefined in a copy of
# the tree, installs that build into a private copy of PostgreSQL (a sandbox,
# scripts/sandbox.sh: the system's pod_amplify is never replaced), starts a
# private cluster with the ASan runtime preloaded, runs pg_regress, the pgTAP
# suites and the fuzz corpus against it, and fails on any sanitizer report or
# crash. Prints TAP; run as root (the server runs as postgres).
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source test/tap.sh
source scripts/sandbox.sh
work=$(mktemp -d /tmp/pod_asan.XXXXXX)
chmod 755 "$work"
trap 'sandbox_stop_all "$work"; rm -rf "$work"' EXIT

# 1. the sanitized build, in a copy so the normal objects stay as they are
mkdir -p "$work/src"
cp -r Makefile pod_amplify.control pod_amplify--*.sql src "$work/src/"
find "$work/src" -name '*.o' -delete -o -name '*.bc' -delete -o -name '*.so' -delete  # sources only
flags=(SANITIZE=1 CC=clang-14 CXX=clang++-14 with_llvm=no)
if make -C "$work/src" -s -j"$(nproc)" "${flags[@]}" >"$work/build.log" 2>&1 &&
   SANDBOX_SRC="$work/src" sandbox_tree "$work" "${flags[@]}" >>"$work/build.log" 2>&1; then
    tap_ok 0 "pod_amplify builds with -fsanitize=address,undefined (clang) and installs into a private PostgreSQL"
else
    tail -20 "$work/build.log" | sed 's/^/# /'
    tap_ok 1 "pod_amplify builds with -fsanitize=address,undefined (clang) and installs into a private PostgreSQL"
    tap_done; exit 1
fi

# 2. a private cluster with the ASan runtime preloaded (plus the swift_demangle fix)
cat >"$work/asanfix.c" <<'C'
/* defines the symbol ASan looks up at start-up, so dlerror() never reaches gettext */
#include <stddef.h>
#include <stdint.h>
char *swift_demangle(const char *m, size_t n, char *o, size_t *on, uint32_t f) { return NULL; }
C
cc -O2 -fPIC -shared -o "$work/libasanfix.so" "$work/asanfix.c"
chmod 755 "$work/libasanfix.so"
runtime=$(clang-14 -print-file-name=libclang_rt.asan-x86_64.so)
mkdir -p "$work/asan"
chown postgres "$work/asan"
# initdb runs without the runtime; the server with it.
SANDBOX_SERVER_ENV="LD_PRELOAD=$runtime:$work/libasanfix.so \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:log_path=$work/asan/asan \
UBSAN_OPTIONS=print_stacktrace=1:log_path=$work/asan/ubsan" sandbox_start "$work" asan
tap_ok $? "the server starts with the ASan runtime preloaded"
bin=$SANDBOX_BIN

# 3. the suites against it
make -s installcheck >"$work/regress.log" 2>&1
rc=$?
ok=$(grep -cE '\.\.\. ok' "$work/regress.log"); bad=$(grep -cE '\.\.\. FAILED' "$work/regress.log")
tap_ok $([ $rc -eq 0 ] && [ "$ok" -gt 0 ]; echo $?) "pg_regress passes on the sanitized build ($ok tests, $bad failed)"
[ $rc -ne 0 ] && tail -20 "$work/regress.log" | sed 's/^/# /'
createdb sanitize_tap && psql -X -q -d sanitize_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION pod_amplify"
pg_prove -d sanitize_tap test/pgtap/schema_1_2/*.sql test/pgtap/rules/*.sql test/pgtap/rules_1_1/*.sql \
    test/pgtap/engine/*.sql test/pgtap/security/*.sql test/pgtap/v1_2/*.sql >"$work/pgtap.log" 2>&1
rc=$?
tap_ok $rc "pgTAP suites pass on the sanitized build ($(sed -nE 's/^Files=([0-9]+), Tests=([0-9]+).*/\2 tests/p' "$work/pgtap.log"))"
[ $rc -ne 0 ] && tail -20 "$work/pgtap.log" | sed 's/^/# /'
bash test/fuzz/fuzz.sh 7 1000 >"$work/fuzz.log" 2>&1
tap_ok $? "the fuzz corpus (1000 calls) passes on the sanitized build"

# 4. any report fails the run
runuser -u postgres -- "$bin/pg_ctl" -D "$work/asan.data" -m fast stop >/dev/null 2>&1
log=$SANDBOX_LOG
reports=$(cat "$work"/asan/asan.* "$work"/asan/ubsan.* 2>/dev/null | grep -cE 'AddressSanitizer|runtime error|SUMMARY')
server=$(grep -cE 'runtime error|AddressSanitizer|terminated by signal|was terminated' "$log")
tap_is "$reports" 0 "no AddressSanitizer or UndefinedBehaviorSanitizer report"
tap_is "$server" 0 "no sanitizer report or crash in the server log"
[ "$reports" != 0 ] && cat "$work"/asan/asan.* "$work"/asan/ubsan.* 2>/dev/null | head -40 | sed 's/^/# /'
[ "$server" != 0 ] && grep -E -A5 'runtime error|AddressSanitizer|terminated by signal' "$log" | head -30 | sed 's/^/# /'
tap_done
