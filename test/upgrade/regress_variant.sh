#!/usr/bin/env bash
# Runs pg_regress tests with another install step: `regress_variant.sh 1_0` runs
# the 1.0-era tests (sql/0*) on 1.0 itself; `1_1` runs the 1.0- and 1.1-era
# tests (sql/0*, sql/1*) on a database still at 1.1; `upgraded` runs every test
# on a database upgraded from 1.0 to the newest version. Unchanged tests,
# unchanged expected files: old code keeps working, whatever the version.
set -eu
variant=$1
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
mkdir -p "$work/sql" "$work/expected"
for f in "$root"/sql/*.sql; do ln -s "$f" "$work/sql/"; done
ln -s "$root/sql/fixtures" "$work/sql/fixtures"   # what the tests \i (from $PG_ABS_SRCDIR/sql)
for f in "$root"/expected/*.out; do ln -s "$f" "$work/expected/"; done
rm "$work/sql/00_install.sql" "$work/expected/00_install.out"
cp "$root/test/upgrade/regress/00_install.$variant.sql" "$work/sql/00_install.sql"
cp "$root/test/upgrade/regress/00_install.$variant.out" "$work/expected/00_install.out"
if [ "$variant" = 1_0 ]; then
    tests=$(cd "$work/sql" && ls 0*.sql | sed 's/\.sql$//')
elif [ "$variant" = 1_1 ]; then
    tests=$(cd "$work/sql" && ls 0*.sql 1*.sql | sed 's/\.sql$//')
else
    tests=$(cd "$work/sql" && ls *.sql | sed 's/\.sql$//')
fi
regress="$(dirname "$(pg_config --pgxs)")/../test/regress/pg_regress"
rc=0
"$regress" --inputdir="$work" --outputdir="$work" --dbname="pod_regress_$variant" $tests || rc=$?
[ $rc -ne 0 ] && [ -f "$work/regression.diffs" ] && head -60 "$work/regression.diffs"
rm -rf "$work"
exit $rc
