#!/usr/bin/env bash
# Interleavings (test/security/interleavings): each script drives two sessions
# through dblink in one fixed order, then prints "verdict: PASS" or "verdict:
# FAIL ..." lines; each verdict is a TAP test. Runs against $PGHOST.
set -u
cd "$(dirname "$0")"
n=0 failed=0
for script in [0-9]*.sql; do
    db="pod_il_${script%%_*}"
    dropdb --if-exists "$db" 2>/dev/null
    createdb "$db" || exit 1
    out=$(psql -X -A -t -q -d "$db" -f "$script" 2>&1)
    verdicts=$(grep -c '^verdict: ' <<<"$out")
    if [ "$verdicts" = 0 ]; then out+=$'\nverdict: FAIL no verdict'; fi
    while IFS= read -r line; do
        n=$((n + 1))
        if [ "$line" = "verdict: PASS" ]; then echo "ok $n - $script"
        else
            echo "not ok $n - $script: ${line#verdict: }"; failed=$((failed + 1))
            grep -v '^verdict: ' <<<"$out" | sed 's/^/#   /' | head -30
        fi
    done < <(grep '^verdict: ' <<<"$out")
    # Sessions of the script end with it; drop only then.
    dropdb --if-exists "$db" 2>/dev/null
done
echo "1..$n"
[ "$failed" = 0 ]
