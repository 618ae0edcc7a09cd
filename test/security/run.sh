#!/usr/bin/env bash
# The attack suite (test/security/attack.py) against $PGHOST: a database with
# the fixture, then every class of cases. Prints TAP.
#   run.sh [class ...]   e.g. run.sh install races
set -u
cd "$(dirname "$0")/../.."
db=pod_attack
dropdb --if-exists "$db" 2>/dev/null
dropdb --if-exists pod_hijack 2>/dev/null
createdb "$db" || exit 1
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION pod_amplify" -f test/security/fixture.sql >/dev/null || exit 1
POD_ATTACK_DB=$db python3 test/security/attack.py "$@"
rc=$?
dropdb --if-exists pod_hijack 2>/dev/null
dropdb --if-exists "$db" 2>/dev/null
exit $rc
