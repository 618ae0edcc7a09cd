# Minimal TAP for the shell-driven suites (backup, upgrade). Source it.
TAP_N=0
TAP_FAILED=0
tap_ok() {  # tap_ok <0|1 or command status> <description>
    TAP_N=$((TAP_N + 1))
    if [ "$1" = 0 ] || [ "$1" = true ]; then echo "ok $TAP_N - $2"
    else echo "not ok $TAP_N - $2"; TAP_FAILED=$((TAP_FAILED + 1)); fi
}
tap_is() {  # tap_is <got> <want> <description>
    TAP_N=$((TAP_N + 1))
    if [ "$1" == "$2" ]; then echo "ok $TAP_N - $3"
    else
        echo "not ok $TAP_N - $3"; TAP_FAILED=$((TAP_FAILED + 1))
        printf '#   got:  %s\n#   want: %s\n' "${1:0:400}" "${2:0:400}"
    fi
}
tap_done() { echo "1..$TAP_N"; [ "$TAP_FAILED" -eq 0 ]; }
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }  # quiet psql returning bare values
