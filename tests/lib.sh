# tests/lib.sh: helpers for the shell tests. Source it, call the checks,
# end with `finish`. $MAILLAGE is the binary under test.
set -u
T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL: $*"; }
# check NAME COMMAND...: passes when the command succeeds
check() {
	local name=$1; shift
	if "$@"; then pass; else fail "$name"; fi
}
# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass; else
		fail "$1"; echo "  got:  $2"; echo "  want: $3"; fi
}
# expect_contains NAME HAYSTACK NEEDLE
expect_contains() {
	if grep -qF -- "$3" <<<"$2"; then pass; else
		fail "$1: missing «$3»"; echo "$2" | head -20; fi
}
expect_not_contains() {
	if grep -qF -- "$3" <<<"$2"; then
		fail "$1: unexpected «$3»"; else pass; fi
}
finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
