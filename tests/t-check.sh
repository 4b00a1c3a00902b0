#!/usr/bin/env bash
# tests/t-check.sh: `maillage check` against the error cases of
# tests/errors/, then the command line (formats, --strict, exit codes,
# help).
#
# An error case is a folder tests/errors/CASE/ with:
#   content/   files copied over tests/errors/base/content/ (optional)
#   setup      bash script run inside the copied content folder, for what
#              a text file cannot hold: bytes that are not UTF-8, NUL, a
#              BOM, CRLF, symbolic links, a 50 MB file (optional)
#   args       extra arguments of `maillage check`, one line (optional)
#   expected   the exact standard output; "@TMP@" stands for the folder
#              the case runs in (symbolic link targets are absolute)
#   status     the expected exit status (0 when absent)
# The summary on standard error must agree with the lines of stdout.
#
#   REGEN=1 bash tests/t-check.sh        rewrites every expected and status
#   bash tests/t-check.sh CASE...        runs only these cases
# Review a regeneration with `git diff tests/errors/` before committing.
. "$(dirname "$0")/lib.sh"

: "${MAILLAGE:?MAILLAGE must name the binary}"
export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1795651200	# 2026-11-26
unset GITHUB_ACTIONS
ERR=$ROOT/tests/errors
# Sanitizer builds are slower; each case must still end in bounded time.
SCALE=${TIME_SCALE:-$([ "${VARIANT:-release}" = release ] && echo 1 || echo 4)}
LIMIT=$((10 * SCALE))

# mkcase CASE DIR: the content folder of CASE, built in DIR/content.
mkcase() {
	local c=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$ERR/base/content" "$dir/content"
	if [ -d "$ERR/$c/content" ]; then
		cp -r "$ERR/$c/content/." "$dir/content/"
	fi
	if [ -f "$ERR/$c/setup" ]; then
		(cd "$dir/content" && bash "$ERR/$c/setup") ||
		    { fail "$c: setup"; return 1; }
	fi
}

# summary_ok NAME STDOUT STDERR: the counts of the summary line match
# the diagnostics printed, and no sanitizer spoke.
summary_ok() {
	local name=$1 out=$2 err=$3 ne nw line
	ne=$(grep -c ': erreur: ' <<<"$out")
	nw=$(grep -c ': attention: ' <<<"$out")
	line=$(grep -E '^[0-9]+ fiches? lues?, ' <<<"$err" | tail -1)
	if ! grep -qE "^[0-9]+ fiches? lues?, $ne erreurs?, $nw avertissements?" \
	    <<<"$line"; then
		fail "$name: summary «$line» for $ne errors, $nw warnings"
	else
		pass
	fi
	if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' <<<"$err"
	then
		fail "$name: sanitizer"; echo "$err" | head -30
	fi
}

run_case() {
	local c=$1 dir=$T_TMP/cases/$1 args=() out err rc want wrc
	mkcase "$c" "$dir" || return
	[ -f "$ERR/$c/args" ] && read -r -a args <"$ERR/$c/args"
	rc=0
	out=$(cd "$dir" && timeout "$LIMIT" "$MAILLAGE" check content \
	    "${args[@]}" 2>"$dir/stderr") || rc=$?
	err=$(cat "$dir/stderr")
	out=${out//"$(cd "$dir" && pwd -P)"/@TMP@}
	out=${out//"$dir"/@TMP@}
	if [ -n "${REGEN:-}" ]; then
		printf '%s\n' "$out" | sed '${/^$/d}' >"$ERR/$c/expected"
		if [ "$rc" -ne 0 ]; then
			echo "$rc" >"$ERR/$c/status"
		else
			rm -f "$ERR/$c/status"
		fi
		pass
		return
	fi
	want=$(cat "$ERR/$c/expected")
	wrc=0
	[ -f "$ERR/$c/status" ] && wrc=$(cat "$ERR/$c/status")
	if [ "$out" = "$want" ]; then
		pass
	else
		fail "$c: output"
		diff -u <(echo "$want") <(echo "$out") | head -40
	fi
	expect_eq "$c: exit status" "$rc" "$wrc"
	[ "$rc" -le 1 ] && summary_ok "$c" "$out" "$err"
}

# The base itself is clean.
mkcase base "$T_TMP/base"
out=$(cd "$T_TMP/base" && "$MAILLAGE" check content 2>&1)
expect_eq "base is clean" "$out" "1 fiche lue, 0 erreur, 0 avertissement"

if [ $# -gt 0 ]; then
	cases=("$@")
else
	cases=()
	for d in "$ERR"/*/; do
		c=$(basename "$d")
		[ "$c" = base ] || cases+=("$c")
	done
fi
for c in "${cases[@]}"; do
	run_case "$c"
done
[ -n "${REGEN:-}" ] && { finish; exit; }
[ $# -gt 0 ] && { finish; exit; }

# --- The command line, on the planted folder -------------------------
P=$T_TMP/cases/plantees/content
if [ ! -d "$P" ]; then
	mkcase plantees "$T_TMP/cases/plantees"
fi

# --format github: one workflow command per problem, same order.
rc=0
gh=$(cd "$T_TMP/cases/plantees" && "$MAILLAGE" check content \
    --format github 2>/dev/null) || rc=$?
expect_eq "github: exit status" "$rc" 1
expect_contains "github: error line" "$gh" \
    '::error file=fiches/dac-58.md,line=4,col=7::le type « clik » n'"'"'existe pas dans types.yaml (vouliez-vous dire « clic » ?)'
expect_eq "github: one line per problem" "$(wc -l <<<"$gh")" \
    "$(wc -l <"$ERR/plantees/expected")"
expect_eq "github: every line is a command" \
    "$(grep -cvE '^::(error|warning) file=[^:,]+,line=[0-9]+(,col=[0-9]+)?::' <<<"$gh")" 0
# Sorted like the plain format: the same file:line:col sequence.
expect_eq "github: same order" \
    "$(sed -E 's/^::[a-z]+ file=([^,]*),line=([0-9]+)(,col=([0-9]+))?::.*/\1:\2:\4/' <<<"$gh")" \
    "$(sed -E 's/^([^:]*):([0-9]+):(([0-9]+):)? .*/\1:\2:\4/' "$ERR/plantees/expected")"

# GITHUB_ACTIONS=true switches the format by itself; --format gcc wins.
gh2=$(cd "$T_TMP/cases/plantees" && GITHUB_ACTIONS=true "$MAILLAGE" check \
    content 2>/dev/null)
expect_eq "GITHUB_ACTIONS=true" "$gh2" "$gh"
gcc=$(cd "$T_TMP/cases/plantees" && GITHUB_ACTIONS=true "$MAILLAGE" check \
    content --format gcc 2>/dev/null)
expect_eq "--format gcc beats GITHUB_ACTIONS" "$gcc" \
    "$(cat "$ERR/plantees/expected")"
# Messages with % , : or newlines are escaped as GitHub wants.
mkcase base "$T_TMP/pct"
sed -i 's/^type: clic$/type: "50%,a:b"/' "$T_TMP/pct/content/fiches/clic-nevers.md"
pct=$(cd "$T_TMP/pct" && "$MAILLAGE" check content --format github 2>/dev/null)
expect_eq "github: escaping" "$pct" \
    "::error file=fiches/clic-nevers.md,line=3,col=7::le type « 50%25,a:b » n'existe pas dans types.yaml"
# A warning is a ::warning.
mkcase fiche-perimee "$T_TMP/stale"
w=$(cd "$T_TMP/stale" && "$MAILLAGE" check content --format github 2>/dev/null)
expect_contains "github: warning" "$w" \
    '::warning file=fiches/clic-nevers.md,line=19,col=13::fiche à vérifier'

# -q: nothing on stderr when clean; the summary when there are errors.
e=$(cd "$T_TMP/base" && "$MAILLAGE" check -q content 2>&1 >/dev/null)
expect_eq "-q clean: silent" "$e" ""
e=$(cd "$T_TMP/cases/plantees" && "$MAILLAGE" check --quiet content 2>&1 >/dev/null)
expect_contains "-q with errors: summary" "$e" " erreurs, "
# DIR defaults to ./content.
rc=0
(cd "$T_TMP/cases/plantees" && "$MAILLAGE" check >/dev/null 2>&1) || rc=$?
expect_eq "check without DIR reads ./content" "$rc" 1

# --- Exit codes --------------------------------------------------------
status() { local rc=0; "$@" >/dev/null 2>&1 || rc=$?; echo "$rc"; }
expect_eq "missing folder: 2" "$(status "$MAILLAGE" check "$T_TMP/nowhere")" 2
msg=$("$MAILLAGE" check "$T_TMP/nowhere" 2>&1)
expect_contains "missing folder: message" "$msg" \
    "le dossier de contenu « $T_TMP/nowhere » n'existe pas"
: >"$T_TMP/afile"
expect_eq "a file, not a folder: 2" "$(status "$MAILLAGE" check "$T_TMP/afile")" 2
expect_eq "unknown option: 2" "$(status "$MAILLAGE" check --nope "$T_TMP/base/content")" 2
expect_eq "bad --format: 2" "$(status "$MAILLAGE" check --format xml "$T_TMP/base/content")" 2
msg=$("$MAILLAGE" check --format xml content 2>&1)
expect_contains "bad --format: message" "$msg" "format inconnu « xml » (gcc, github ou codequality)"
expect_eq "two folders: 2" "$(status "$MAILLAGE" check a b)" 2
expect_eq "unknown command: 2" "$(status "$MAILLAGE" chekc)" 2
msg=$("$MAILLAGE" chekc 2>&1)
expect_contains "unknown command: hint" "$msg" "vouliez-vous dire « check » ?"
expect_eq "no command: 2" "$(status "$MAILLAGE")" 2

# --- Help and version, in French --------------------------------------
h=$("$MAILLAGE" --help)
expect_eq "--help: 0" "$(status "$MAILLAGE" --help)" 0
expect_contains "--help" "$h" "Usage : maillage COMMANDE [OPTIONS]"
expect_contains "--help: check" "$h" "vérifie un dossier de contenu"
expect_contains "--help: exit codes" "$h" "Codes de sortie : 0 réussite, 1 erreurs dans le contenu"
expect_eq "-h = --help" "$("$MAILLAGE" -h)" "$h"
expect_eq "help = --help" "$("$MAILLAGE" help)" "$h"
v=$("$MAILLAGE" --version)
expect_eq "--version: 0" "$(status "$MAILLAGE" --version)" 0
check "--version: maillage X.Y.Z" grep -qE '^maillage [0-9]+\.[0-9]+\.[0-9]+' <<<"$v"
expect_eq "-V = --version" "$("$MAILLAGE" -V)" "$v"
ch=$("$MAILLAGE" check --help)
expect_eq "check --help: 0" "$(status "$MAILLAGE" check --help)" 0
expect_contains "check --help" "$ch" "Usage : maillage check [DOSSIER]"
expect_contains "check --help: strict" "$ch" "--strict"
expect_contains "check --help: github" "$ch" "GITHUB_ACTIONS=true"
expect_eq "help check = check --help" "$("$MAILLAGE" help check)" "$ch"
expect_eq "check -h = check --help" "$("$MAILLAGE" check -h)" "$ch"

# An acronym that no referential explains: a warning where it is used
# (the sample emg-nevers.md uses « UCC », on purpose), once per sheet.
w=$("$MAILLAGE" check content 2>&1)
expect_eq "undefined acronym: a warning, not an error" "$?" 0
expect_contains "undefined acronym: located, with the fix" "$w" \
    "content/fiches/emg-nevers.md:31:37: attention: le sigle « UCC » n'est expliqué nulle part : ajoutez-le à glossaire.yaml (UCC: {forme_longue: …})"
expect_eq "undefined acronym: only that one in the sample" "$(grep -c 'sigle « ' <<<"$w")" 1
a=$T_TMP/acr
cp -r content "$a"
printf '\nLe ZZT et le `ZZC` et [un lien](https://example.org/ZZL) et <!-- ZZH --> et\nle ZZT encore.\n' >>"$a/fiches/dac-58.md"
w=$("$MAILLAGE" check "$a" 2>&1)
expect_contains "undefined acronym in a body" "$w" "le sigle « ZZT »"
expect_eq "undefined acronym: once per sheet" "$(grep -c '« ZZT »' <<<"$w")" 1
expect_not_contains "not in code, link targets or comments" "$w" "ZZC"
expect_not_contains "not in link targets" "$w" "ZZL"
expect_not_contains "not in HTML comments" "$w" "ZZH"
finish
