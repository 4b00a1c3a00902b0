#!/usr/bin/env bash
# tests/valgrind.sh: the loader under valgrind (memcheck, full leak
# check): `maillage check` and `maillage dump` on the sample content, on
# the planted errors and on the error cases that take the loader's
# unusual paths (bad bytes, links, deep YAML, huge files, broken
# referentials). Any error or leak fails. Called by `make valgrind`;
# MAILLAGE names the binary (a release build: -O2 -g).
#
#   MAILLAGE=$PWD/maillage tests/valgrind.sh [CASE...]
. "$(dirname "$0")/lib.sh"

: "${MAILLAGE:?MAILLAGE must name the binary}"
export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1795651200
unset GITHUB_ACTIONS
command -v valgrind >/dev/null || { echo "valgrind is missing (apt-get install valgrind)"; exit 2; }
ERR=$ROOT/tests/errors

VG=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99
    --track-fds=no)

# vg NAME ARGS...: the command under valgrind; valgrind's own exit code
# 99 (or a crash) fails, the program's 0/1 pass (3 with WANT=3).
vg() {
	local name=$1 rc=0
	shift
	(cd "$T_TMP" && "${VG[@]}" "$MAILLAGE" "$@") >/dev/null \
	    2>"$T_TMP/vg.log" || rc=$?
	if { [ "$rc" -le 1 ] || [ "$rc" = "${WANT:-}" ]; } &&
	    ! grep -q '^==[0-9]*==' "$T_TMP/vg.log"; then
		pass
		echo "ok: $name (exit $rc)"
	else
		fail "$name (exit $rc)"
		grep '^==' "$T_TMP/vg.log" | head -40
	fi
}

mkcase() {	# as in t-check.sh
	local c=$1 dir=$T_TMP/$1
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$ERR/base/content" "$dir/content"
	[ -d "$ERR/$c/content" ] && cp -r "$ERR/$c/content/." "$dir/content/"
	if [ -f "$ERR/$c/setup" ]; then
		(cd "$dir/content" && bash "$ERR/$c/setup") >/dev/null 2>&1
	fi
	echo "$dir/content"
}

if [ $# -gt 0 ]; then
	cases=("$@")
else
	vg "check content" check "$ROOT/content"
	vg "dump content" dump "$ROOT/content"
	vg "check --strict --format github" check --strict --format github \
	    "$ROOT/content"
	WANT=3 vg "check of a missing folder" check "$T_TMP/nowhere"
	cases=(plantees utf8-invalide bom-positions crlf-positions
	    lien-symbolique pas-un-fichier imbrication-yaml fichier-50mo
	    octet-nul en-tete-invalide cles-en-double ancre etiquette
	    references referentiels territoires-syntaxe zone-code-inconnu
	    codes-en-double mauvais-types valeurs horaires markdown
	    sans-dossier-fiches telephone coordonnees)
fi
for c in "${cases[@]}"; do
	d=$(mkcase "$c")
	vg "check $c" check "$d"
done
vg "dump plantees" dump "$(mkcase plantees)"

finish
