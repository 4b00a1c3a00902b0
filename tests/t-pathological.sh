#!/usr/bin/env bash
# tests/t-pathological.sh: inputs that make Debian's cmark 0.30.2 or
# libyaml 0.2.5 take quadratic time (../shared/pitfalls.md; cmark's own
# test/pathological_tests.py) or much memory. Each must end with a clear
# error, or a clean pass, in bounded time: the point of this test is the
# bound, so it is asserted (5 s; 40 s in sanitizer builds, which run 4-8
# times slower on a loaded machine; TIME_SCALE=N sets N x 5 s). Each case's
# time is printed.
#
# Bodies that pass are made to contain raw HTML, so that `check` really
# hands them to cmark (it skips bodies with nothing to warn about).
. "$(dirname "$0")/lib.sh"

: "${MAILLAGE:?MAILLAGE must name the binary}"
export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1795651200
unset GITHUB_ACTIONS
BASE=$ROOT/tests/errors/base/content
# Sanitizer builds (make asan check sets VARIANT) are slower.
SCALE=${TIME_SCALE:-$([ "${VARIANT:-release}" = release ] && echo 1 || echo 8)}
LIMIT_MS=$((5000 * SCALE))
HEAD=$(sed -n '1,20p' "$BASE/fiches/clic-nevers.md")	# the front matter
NOW() { date +%s%N; }

# run NAME FILE EXPECTED [STATUS]: FILE (relative to a fresh copy of the
# base folder) is moved from $T_TMP/input; `check` must print EXPECTED (a
# fixed string) within the bound and exit with STATUS (default 1). Not
# in a pipeline: the counters of lib.sh live in this shell.
run() {
	local name=$1 file=$2 want=$3 wrc=${4:-1} dir out rc t0 t1 ms
	dir=$T_TMP/$name
	rm -rf "$dir"
	cp -r "$BASE" "$dir"
	mv "$T_TMP/input" "$dir/$file"
	if [ -n "${PREP:-}" ]; then (cd "$dir" && eval "$PREP"); fi
	rc=0
	t0=$(NOW)
	out=$(timeout $((LIMIT_MS / 1000 + 5)) "$MAILLAGE" check -q "$dir" \
	    2>"$T_TMP/stderr") || rc=$?
	t1=$(NOW)
	ms=$(((t1 - t0) / 1000000))
	printf '# %-34s %6d ms  %s\n' "$name" "$ms" \
	    "$(head -1 <<<"$out" | cut -c1-90)"
	if [ "$ms" -le "$LIMIT_MS" ]; then pass; else
		fail "$name: $ms ms > $LIMIT_MS ms"; fi
	expect_eq "$name: exit status" "$rc" "$wrc"
	expect_contains "$name: message" "$out" "$want"
	if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' \
	    "$T_TMP/stderr"; then
		fail "$name: sanitizer"; head -20 "$T_TMP/stderr"
	fi
	rm -rf "$dir"
}

# body NAME PYTHON-EXPR EXPECTED [STATUS]: a sheet whose body is the
# value of the Python expression, followed by a line of raw HTML.
body() {
	local name=$1 expr=$2 want=$3 wrc=${4:-1}
	{
		printf '%s\n' "$HEAD"
		python3 -c "import sys; sys.stdout.write($expr)"
		printf '\n\n<b>fin</b>\n'
	} >"$T_TMP/input"
	run "$name" fiches/clic-nevers.md "$want" "$wrc"
}
NEST='texte trop imbriqué'
DELIM='texte illisible par le convertisseur Markdown'
HTML="attention: le HTML n'est pas affiché"

# --- cmark: the cases of pitfalls.md (28 s and 22 s with cmark alone) --
body lists-30000 '"- " * 30000 + "x" + "\n" * 30000' \
    "clic-nevers.md:21:1: erreur: $NEST (30000 niveaux"
body quotes-emph-100000 '">" * 100000 + "a*" * 100000' \
    "clic-nevers.md:21:1: erreur: $NEST (100000 niveaux"

# --- cmark: test/pathological_tests.py ----------------------------------
body nested-strong-emph '"*a **a " * 65000 + "b" + " a** a*" * 65000' \
    "clic-nevers.md:21:1: erreur: $DELIM : 390002 caractères"
body emph-closers '"a_ " * 65000' "erreur: $DELIM : 65002 caractères"
body emph-openers '"_a " * 65000' "erreur: $DELIM : 65002 caractères"
body link-closers '"a]" * 65000' "erreur: $DELIM : 65002 caractères"
body link-openers '"[a" * 65000' "erreur: $DELIM : 65002 caractères"
body mismatched '"*a_ " * 50000' "erreur: $DELIM : 100002 caractères"
body multiple-of-3 '"a**b" + "c* " * 50000' "erreur: $DELIM"
body link-emph '"[ a_" * 50000' "erreur: $DELIM"
body paren-bracket '"[ (](" * 80000' "erreur: $DELIM"
body img-bracket '"![[]()" * 160000' "erreur: $DELIM"
body brackets-50000 '"[" * 50000' "erreur: $DELIM : 50002 caractères"
body nested-brackets '"[" * 50000 + "a" + "]" * 50000' "erreur: $DELIM"
body backticks '"".join("e" + "`" * i for i in range(1, 1400))' \
    "erreur: $DELIM"
body unclosed-links-a '"[a](<b" * 30000' "erreur: $DELIM"
body unclosed-links-b '"[a](b" * 30000' "erreur: $DELIM"
body unclosed-comment '"</" + "<!--" * 30000' "erreur: $DELIM"
body many-references \
    '"".join("[%d]: u\n" % x for x in range(1, 40000)) + "[0] " * 5000' \
    "erreur: $DELIM"
body nested-quotes-50000 '"> " * 50000 + "a"' \
    "erreur: $NEST (50000 niveaux"
body nul-bytes '"abc\0de\0" * 100000' \
    "clic-nevers.md:21:4: erreur: caractère nul (octet 0) à l'octet 465 :"

# Nested lists by indentation: 1,000 levels over 1 MB is linear work.
body nested-lists-indent '"".join(" " * 2 * i + "* a\n" for i in range(1000))' \
    "clic-nevers.md:1023:1: $HTML" 0

# --- Ways around a per-line count --------------------------------------
# Tabs after the markers (cmark alone: 35 s).
body list-tabs '"-\t" * 30000 + "x" + "\n" * 30000' "erreur: $NEST (30000 niveaux"
body list-space-tab '"- \t" * 30000 + "x" + "\n" * 30000' \
    "erreur: $NEST (30000 niveaux"
body quote-tabs '">\t" * 30000 + "a*" * 1900' "erreur: $NEST (30000 niveaux"
body ordered-paren '"1) " * 30000 + "x" + "\n" * 30000' \
    "erreur: $NEST (30000 niveaux"
# Lone CR ends a line for cmark.
body list-cr '"- " * 30000 + "x" + "\r" * 30000' "erreur: $NEST (30000 niveaux"
# Depth built by indentation over lines, then blank lines (cmark alone:
# 30 s for this 965 KB body).
body indent-then-blank \
    '"\n".join(" " * (32 * k) + "- " * 16 + "x" for k in range(170)) + "\n" * 500000' \
    "clic-nevers.md:190:1: erreur: $NEST (listes ou citations sur environ 2720 niveaux"
body list-16-then-blank '"- " * 16 + "x" + "\n" * 600000' \
    "clic-nevers.md:21:1: erreur: $NEST (listes ou citations sur environ 16 niveaux"
# Block quotes nested across lines: each line is counted on its own.
body quotes-by-line '"\n".join(">" * i + " a" for i in range(1, 1000))' \
    "clic-nevers.md:37:1: erreur: $NEST (17 niveaux"
body quotes-16-by-line '"\n".join(">" * min(i, 16) + " a" for i in range(1, 30000))' \
    "$HTML" 0
# Not nesting: a long thematic break, many headings, entities.
body thematic-break '"- " * 30000 + "\n" + "* " * 100' "$HTML" 0
body entities '"&#" * 400000' "$HTML" 0
body lazy-lines '"> a\n" + "b\n" * 400000' "$HTML" 0

# --- libyaml -------------------------------------------------------------
yaml_sheet() {	# NAME PYTHON-EXPR (the front matter) EXPECTED [STATUS]
	python3 -c "import sys; sys.stdout.write('---\n' + $2 + '\n---\n')" \
	    >"$T_TMP/input"
	run "$1" fiches/clic-nevers.md "$3" "${4:-1}"
}
DEEP='imbrication trop profonde (plus de 16 niveaux de listes ou de clés)'
# 40,000 '[' take libyaml alone 6.7 s, and time grows quadratically.
yaml_sheet yaml-brackets-40000 '"nom: " + "[" * 40000' "clic-nevers.md:2:21: erreur: $DEEP"
yaml_sheet yaml-braces-40000 '"nom: " + "{a: " * 40000' "clic-nevers.md:2:66: erreur: $DEEP"
yaml_sheet yaml-block-nesting '"".join("  " * i + "a%d:\n" % i for i in range(400))' \
    "clic-nevers.md:18:33: erreur: $DEEP"
yaml_sheet yaml-seq-nesting '"nom:\n" + "".join("  " * i + "-\n" for i in range(400))' \
    "clic-nevers.md:18:31: erreur: $DEEP"
# Alias expansion ("billion laughs") never starts.
yaml_sheet yaml-laughs '"a: &a [x, x]\n" + "".join("%s: &%s [*%s, *%s]\n" % (chr(98 + i), chr(98 + i), chr(97 + i), chr(97 + i)) for i in range(20))' \
    "clic-nevers.md:2:4: erreur: ancre YAML « &a » refusée"
# 100,000 keys: duplicate detection must not be quadratic (it took 36 s).
yaml_sheet yaml-100000-keys '"".join("k%d: v\n" % i for i in range(100000))' \
    "clic-nevers.md:2:1: erreur: clé inconnue « k0 » dans une fiche"
yaml_sheet yaml-100000-duplicates '"a: v\n" * 100000' \
    "clic-nevers.md:3:1: erreur: clé « a » en double (déjà donnée ligne 2)"
# 100,000 unknown territory codes among 35,000 communes: a suggestion
# search for each took 47 s; they are capped per file.
big_territories() {	# 35 départements of 1,000 communes
	python3 - >territoires.yaml <<'EOF'
import sys
w = sys.stdout.write
w("arbre:\n")
for d in ["%02d" % i for i in range(1, 37) if i != 20]:
    w('  - {code: "%s", nom: D%s, type: departement, contient: [' % (d, d))
    w('{code: "2%s000000", nom: E%s, type: epci, contient: [' % (d, d))
    w(", ".join('{code: "%s%03d", nom: C%s%03d, type: commune}' % (d, k, d, k)
        for k in range(1000)))
    w("]}]}\n")
EOF
}
PREP=big_territories
yaml_sheet yaml-100000-unknown-codes \
    '"territoires: [" + ", ".join("\"9%04d\"" % i for i in range(100000)) + "]"' \
    "clic-nevers.md:2:15: erreur: le territoire « 90000 » n'existe pas"
PREP=
yaml_sheet yaml-long-scalar '"nom: " + "a" * 1000000' \
    "clic-nevers.md:2:6: erreur: valeur trop longue (1000000 octets"
python3 -c "import sys; sys.stdout.write(''.join('S%d: {forme_longue: Sigle %d}\n' % (i, i) for i in range(20000)))" \
    >"$T_TMP/input"
run yaml-glossary-20000 glossaire.yaml "" 0

# --- 50 MB files: refused from their size, never read -----------------
rss() {	# max resident set of `check DIR`, in KB (0 without GNU time)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$MAILLAGE" check -q "$1" 2>&1 >/dev/null |
		    tail -1
	else
		echo 0
	fi
}
{ printf -- '---\nnom: '; head -c 52428800 /dev/zero | tr '\0' a; printf '\n---\n'; } \
    >"$T_TMP/input"
run sheet-50mb fiches/gros.md \
    "fiches/gros.md: erreur: fichier trop gros (50.0 Mo ; au plus 1 Mo)"
{ printf 'titre: '; head -c 52428800 /dev/zero | tr '\0' a; printf '\n'; } \
    >"$T_TMP/input"
run site-50mb site.yaml "site.yaml: erreur: fichier trop gros (50.0 Mo ; au plus 1 Mo)"
cp -r "$BASE" "$T_TMP/big"
{ printf 'titre: '; head -c 52428800 /dev/zero | tr '\0' a; printf '\n'; } \
    >"$T_TMP/big/site.yaml"
kb=$(rss "$T_TMP/big")
echo "# site-50mb: max RSS $kb KB"
if [ "$SCALE" -gt 1 ] || [ "$kb" -lt 20000 ]; then pass; else
	fail "site-50mb: $kb KB resident: the file was read"; fi

finish
