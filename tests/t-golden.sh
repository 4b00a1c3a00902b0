#!/usr/bin/env bash
# tests/t-golden.sh: the loaded model of small content folders, as
# printed by `maillage dump`, against tests/golden/CASE/dump.txt
# (territories resolved to communes, zones with inclut/exclut, each
# territory's located and covering sheets, links both ways, glossary,
# telephone numbers, statuses, staleness, diagnostics).
#
#   REGEN=1 bash tests/t-golden.sh     rewrites every dump.txt
# then review the change with `git diff tests/golden/`.
. "$(dirname "$0")/lib.sh"

: "${MAILLAGE:?MAILLAGE must name the binary}"
export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1795651200	# 2026-11-26
unset GITHUB_ACTIONS

for dir in "$ROOT"/tests/golden/*/; do
	c=$(basename "$dir")
	[ -d "$dir/content" ] || continue
	rc=0
	got=$(cd "$dir" && "$MAILLAGE" dump content 2>"$T_TMP/stderr") || rc=$?
	expect_eq "$c: dump exit status" "$rc" 0
	if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' \
	    "$T_TMP/stderr"; then
		fail "$c: sanitizer"; head -20 "$T_TMP/stderr"
	fi
	if [ -n "${REGEN:-}" ]; then
		printf '%s\n' "$got" >"$dir/dump.txt"
		pass
		continue
	fi
	if [ "$got" = "$(cat "$dir/dump.txt")" ]; then
		pass
	else
		fail "$c: dump differs from $c/dump.txt (REGEN=1 to rewrite)"
		diff -u "$dir/dump.txt" <(printf '%s\n' "$got") | head -40
	fi
	# The same folder passes `check`, with the dump's warnings (in a
	# copy outside the git repository, whose root check's paths start
	# from).
	rc=0
	mkdir -p "$T_TMP/$c" && cp -r "$dir/content" "$T_TMP/$c/"
	out=$(cd "$T_TMP/$c" && "$MAILLAGE" check content 2>/dev/null) || rc=$?
	expect_eq "$c: check exit status" "$rc" 0
	expect_eq "$c: check prints the dump's diagnostics" "$out" \
	    "$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (erreur|attention): ' "$dir/dump.txt")"
	# Loading twice gives the same bytes (threads, hashing, sorting).
	again=$(cd "$dir" && "$MAILLAGE" dump content 2>/dev/null)
	expect_eq "$c: dump is stable" "$again" "$got"
done

finish
