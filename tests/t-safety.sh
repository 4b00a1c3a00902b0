#!/usr/bin/env bash
# tests/t-safety.sh: issue 14's reproductions around the output folder.
#  - two builds into one OUT: one at a time (a flock on OUT/.maillage.lock);
#    the second waits and says so, or with --no-wait stops with exit 2;
#    a big build and a small one started during it no longer mix;
#  - a folder maillage did not make (no .maillage mark) is never replaced:
#    the build stops with exit 2 and the user's files stay;
#  - an old output that cannot be removed is a failure (exit 2, French),
#    the next build says so in French (not « Directory not empty »), and
#    once it can, cleans .NAME.old / .NAME.new leftovers.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

tpl=$T_TMP/templates
cp -r templates "$tpl"
build() { "$MAILLAGE" build "$@" --templates "$tpl"; }
pids=()
locked=()
cleanup() {
	local p f
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for f in "${locked[@]}"; do chattr -i "$f" 2>/dev/null; chmod -R u+w "$(dirname "$f")" 2>/dev/null; done
	rm -rf "$T_TMP"
}
trap cleanup EXIT

nsheets() { find "$1/site/fiches" -mindepth 1 -maxdepth 1 -type d | wc -l; }

# --- The mark: only maillage's own folders are replaced ------------------
o=$T_TMP/o1
mkdir -p "$o/site"
echo notes >"$o/site/mes-notes.txt"
build content -o "$o" --only site -q 2>"$T_TMP/e1"
expect_eq "foreign site/: exit 2" "$?" 2
check "foreign site/: notes kept" grep -qx notes "$o/site/mes-notes.txt"
check "foreign site/: nothing else written" test ! -e "$o/site/index.html"
e=$(cat "$T_TMP/e1")
expect_contains "foreign site/: says why" "$e" "n'a pas été produit par maillage"
expect_contains "foreign site/: says what to do" "$e" "choisissez une autre sortie"
check "foreign site/: no stage left" test ! -e "$o/.site.new"
# A plain file named pdf is not replaced either.
o=$T_TMP/o2
mkdir -p "$o"
echo mes-pdf >"$o/pdf"
build content -o "$o" --only pdf -q 2>"$T_TMP/e2"
expect_eq "file named pdf: exit 2" "$?" 2
check "file named pdf: kept" grep -qx mes-pdf "$o/pdf"
expect_contains "file named pdf: says why" "$(cat "$T_TMP/e2")" \
    "n'est pas un dossier produit par maillage"
# An empty folder loses nothing: it is replaced.
o=$T_TMP/o3
mkdir -p "$o/site"
build content -o "$o" --only site -q 2>"$T_TMP/e3"
expect_eq "empty site/: exit 0" "$?" 0
check "empty site/: built" test -s "$o/site/index.html"
check "site/ carries the mark" test -s "$o/site/.maillage"
# And the mark makes the next build replace it, stray files included.
echo stray >"$o/site/stray.txt"
build content -o "$o" --only site -q
expect_eq "marked site/: exit 0" "$?" 0
check "marked site/: replaced" test ! -e "$o/site/stray.txt"
build content -o "$o" --only pdf -q
check "pdf/ carries the mark" test -s "$o/pdf/.maillage"

# --- Leftovers ------------------------------------------------------------
o=$T_TMP/o4
build content -o "$o" --only site -q
mkdir -p "$o/.site.new/fiches" "$o/.pdf.old"
head -c 100000 /dev/zero >"$o/.site.new/fiches/partial.html"
build content -o "$o" --only site -q
expect_eq "interrupted leftovers: exit 0" "$?" 0
check "interrupted .site.new cleaned" test ! -e "$o/.site.new"
check "other output's .pdf.old cleaned" test ! -e "$o/.pdf.old"
# An old output that cannot be removed: immutable as root, read-only else.
f=$o/site/fiches/dac-58/index.html
if [ "$(id -u)" = 0 ]; then
	chattr +i "$f" 2>/dev/null && pin=chattr
else
	chmod a-w "$(dirname "$f")" && pin=chmod
fi
if [ -n "${pin:-}" ]; then
	locked+=("$o/.site.old/fiches/dac-58/index.html" "$f")
	build content -o "$o" --only site -q 2>"$T_TMP/e4"
	rc=$?
	check "old output not removable: non-zero exit" test "$rc" -ne 0
	e=$(cat "$T_TMP/e4")
	expect_contains "old output not removable: said" "$e" \
	    "n'a pas pu être supprimée"
	check "old output not removable: new one in place" \
	    test -s "$o/site/.maillage"
	build content -o "$o" --only site -q 2>"$T_TMP/e5"
	expect_eq "next build with .site.old stuck: exit 2" "$?" 2
	e=$(cat "$T_TMP/e5")
	expect_contains "next build: French reason" "$e" \
	    "laissé par une construction précédente"
	expect_not_contains "next build: no English errno" "$e" \
	    "Directory not empty"
	if [ "$pin" = chattr ]; then
		chattr -i "$o/.site.old/fiches/dac-58/index.html"
	else
		chmod u+w "$o/.site.old/fiches/dac-58"
	fi
	build content -o "$o" --only site -q
	expect_eq "once removable: exit 0" "$?" 0
	check "once removable: .site.old cleaned" test ! -e "$o/.site.old"
else
	fail "cannot make a file unremovable here"
fi

# --- One build at a time --------------------------------------------------
o=$T_TMP/o5
build content -o "$o" --only site -q
flock "$o/.maillage.lock" sleep 4 &
holder=$!
pids+=("$holder")
for _ in $(seq 50); do
	flock -n "$o/.maillage.lock" true || break
	sleep 0.1
done
build content -o "$o" --only site -q --no-wait 2>"$T_TMP/e6"
expect_eq "--no-wait while locked: exit 2" "$?" 2
expect_contains "--no-wait while locked: said" "$(cat "$T_TMP/e6")" \
    "une autre construction écrit déjà"
build content -o "$o" --only site -q 2>"$T_TMP/e7" &
waiter=$!
pids+=("$waiter")
sleep 1
check "second build waits for the lock" kill -0 "$waiter"
expect_contains "second build says it waits" "$(cat "$T_TMP/e7")" \
    "attente de sa fin"
wait "$holder"
wait "$waiter"
expect_eq "second build, once the first is done: exit 0" "$?" 0

# The issue's reproduction: a big build, and the small one during it.
big=$T_TMP/big
cp -r content "$big"
sheet=$(sed 's/^liens:.*$//' content/fiches/dac-58.md)
for i in $(seq 1 2500); do
	printf '%s\n' "$sheet" >"$big/fiches/gen-$i.md"
done
o=$T_TMP/o6
mkdir -p "$o"
build "$big" -o "$o" --only site -q 2>"$T_TMP/e8" &
bigpid=$!
pids+=("$bigpid")
for _ in $(seq 300); do
	[ -e "$o/.site.new" ] && break
	sleep 0.02
done
seen_stage=0
[ -e "$o/.site.new" ] && seen_stage=1
build content -o "$o" --only site -q 2>"$T_TMP/e9"
small_rc=$?
wait "$bigpid"
big_rc=$?
expect_eq "big build: exit 0" "$big_rc" 0
expect_eq "small build: exit 0" "$small_rc" 0
want=$(build content -o "$T_TMP/o7" --only site -q && nsheets "$T_TMP/o7")
expect_eq "the last build's site, not a mixture" "$(nsheets "$o")" "$want"
check "no stage left" test ! -e "$o/.site.new"
if [ "$seen_stage" = 1 ]; then
	expect_contains "small build waited" "$(cat "$T_TMP/e9")" \
	    "attente de sa fin"
else
	fail "the big build was over before the small one started"
fi
# A build killed while writing: its stage stays, its lock does not; the
# next build neither waits nor keeps the stage. (Not through build():
# kill must reach maillage itself, not a subshell.)
"$MAILLAGE" build "$big" -o "$o" --only site -q --templates "$tpl" \
    2>/dev/null &
bigpid=$!
pids+=("$bigpid")
for _ in $(seq 300); do
	[ -e "$o/.site.new" ] && break
	sleep 0.02
done
kill -9 "$bigpid" 2>/dev/null
wait "$bigpid" 2>/dev/null
check "killed build left its stage" test -e "$o/.site.new"
timeout 60 "$MAILLAGE" build content -o "$o" --only site -q --no-wait \
    --templates "$tpl"
expect_eq "after a killed build: no wait, exit 0" "$?" 0
check "after a killed build: stage removed" test ! -e "$o/.site.new"
expect_eq "after a killed build: the new site" "$(nsheets "$o")" "$want"
# A killed build's flyers stage too: the next build removes it.
mkdir -p "$o/.flyers.new" && touch "$o/.flyers.new/x.pdf"
timeout 60 "$MAILLAGE" build content -o "$o" --only site -q --no-wait \
    --templates "$tpl"
check "a killed build's .flyers.new removed" test ! -e "$o/.flyers.new"

# Ctrl-C (SIGINT) or SIGTERM while writing: the build stops, removes its
# stage, leaves the previous site and says so, exit 130.
for sig in INT TERM; do
	"$MAILLAGE" build "$big" -o "$o" --only site -q --templates "$tpl" \
	    2>"$T_TMP/int.err" &
	bigpid=$!
	pids+=("$bigpid")
	for _ in $(seq 300); do
		[ -e "$o/.site.new" ] && break
		sleep 0.02
	done
	kill -"$sig" "$bigpid" 2>/dev/null
	wait "$bigpid" 2>/dev/null
	expect_eq "SIG$sig: exit 130" "$?" 130
	check "SIG$sig: no stage left" test ! -e "$o/.site.new"
	expect_eq "SIG$sig: the previous site" "$(nsheets "$o")" "$want"
	expect_contains "SIG$sig: said in French" "$(cat "$T_TMP/int.err")" \
	    "interrompu ; rien n'a été écrit"
done

# A site owner's partials that call each other without end: the build
# stops at the render's bounds with a French error naming the template,
# quickly, and leaves the previous site.
bad=$T_TMP/tpl-recursive
cp -r templates "$bad"
printf '{{#site}}{{>boucle}}{{>boucle}}{{/site}}x\n' >"$bad/boucle.mustache"
printf '{{>boucle}}\n' >>"$bad/a-z.mustache"
before=$(nsheets "$o")
out=$(timeout 120 "$MAILLAGE" build content -o "$o" --only site -q --templates "$bad" 2>&1)
expect_eq "recursive partials: exit 1" "$?" 1
expect_contains "... said in French, naming the template" "$out" \
    "gabarit « a-z » : la page a-z/ est trop grande"
expect_eq "... the previous site kept" "$(nsheets "$o")" "$before"

# --- Private text ----------------------------------------------------------
# An internal note in a comment, a script, refused links and a
# protocol-relative one: none published, in no output; check says so.
c=$T_TMP/private
cp -r content "$c"
cat >>"$c/fiches/dac-58.md" <<'MD'

Voir [le CLIC](../clic-morvan/) et [ceci](//evil.example/share) ou [cela](/\\evil.example/x).

<!-- note interne : 06 12 34 56 78 -->

Texte <!-- appeler Mme X au 06 98 76 54 32 --> fin. <script>alert(1)</script> [js](javascript:alert(1)) [f](file:///etc/passwd)
MD
# A control character in a destination (found by fuzz_md): refused, not
# written raw into an href.
printf '\nAussi [la page](javascript\032alert(1)) ici.\n' >>"$c/fiches/dac-58.md"
line=$(grep -n '^Voir \[le CLIC\]' "$c/fiches/dac-58.md" | cut -d: -f1)
ck=$("$MAILLAGE" check "$c" 2>/dev/null)
expect_eq "comments: check still passes" "$?" 0
ck_all=$ck
expect_contains "comment block: a note" "$ck" \
    "fiches/dac-58.md:$((line + 2)):1: note: commentaire HTML : il ne sera pas publié"
expect_contains "inline comment: a note" "$ck" \
    "fiches/dac-58.md:$((line + 4)):7: note: commentaire HTML"
expect_contains "protocol-relative link warned" "$ck" \
    "fiches/dac-58.md:$line:36: attention: lien « //evil.example/share » ignoré"
expect_contains "backslash protocol-relative link warned" "$ck" \
    'attention: lien « /\evil.example/x » ignoré'
n=$("$MAILLAGE" check --strict "$c" 2>/dev/null | grep -c ': note: ')
expect_eq "notes listed under --strict too" "$n" 2
o=$T_TMP/o9
build "$c" -o "$o" -q 2>/dev/null
expect_eq "private text: build exit 0" "$?" 0
for f in "$o"/pdf/*.pdf; do pdftotext "$f" "$f.txt"; done
leak=$(grep -rlaE 'note interne|06 12 34 56 78|06 98 76 54 32|evil\.example|<script>alert|javascript:alert|file:///etc' \
    "$o" | sed "s|$o/||")
expect_eq "no comment, script or refused link in any output" "$leak" ""
md=$(python3 -c 'import json,sys
for x in json.load(open(sys.argv[1]))["fiches"]:
    if x["id"] == "dac-58": print(x["texte_markdown"])' \
    "$o/site/donnees/fiches.json")
expect_contains "export keeps the text around" "$md" "Texte  fin."
expect_contains "export keeps good relative links" "$md" \
    "[le CLIC](../clic-morvan/)"
expect_contains "export keeps refused links' text" "$md" "et ceci ou cela."
uris=$(grep -aoh '/URI ([^)]*)' "$o"/pdf/*.pdf | sort -u)
expect_contains "PDF resolves ../ as the site does" "$uris" \
    "/URI (https://repertoire.example.org/fiches/clic-morvan/)"
expect_not_contains "PDF: no /../ in links" "$uris" "/../"
check "no control character in any href" test -z "$(grep -rlaP \
    'href="[^"]*[\x00-\x1f\x7f]' "$o/site")"
expect_contains "control character link warned" "$ck_all" \
    "attention: lien « javascript"

# --- Repeated items: kept once ----------------------------------------------
c=$T_TMP/rep
cp -r content "$c"
many=$(printf 'personnes-agees, %.0s' $(seq 2000))
sed -i "s/^publics: \[/publics: [${many}/" "$c/fiches/dac-58.md"
ck=$("$MAILLAGE" check "$c" 2>/dev/null | grep 'répété')
expect_contains "2,000 copies: one warning" "$ck" \
    "« personnes-agees » est répété dans « publics » (2001 fois) : gardé une fois"
expect_eq "2,000 copies: one line" "$(grep -c . <<<"$ck")" 1
build "$c" -o "$T_TMP/o10" --only site -q 2>/dev/null
n=$(grep -o 'Personnes âgées' "$T_TMP/o10/site/fiches/dac-58/index.html" | wc -l)
check "2,000 copies rendered once, not 2,000 times ($n)" test "$n" -lt 5

# --- Invalid UTF-8 file names, escaped in GitHub annotations too -----------
c=$T_TMP/names
cp -r content "$c"
cp "$c/fiches/dac-58.md" "$c/fiches/$(printf 'caf\xe9')-2.md"
gh=$("$MAILLAGE" check --format github "$c" 2>/dev/null | grep 'caf')
expect_contains "annotation escapes the bad byte" "$gh" \
    '::error file=fiches/caf\xE9-2.md::'
printf '%s\n' "$gh" >"$T_TMP/gh.txt"
check "annotation is valid UTF-8" iconv -f UTF-8 -t UTF-8 -o /dev/null \
    "$T_TMP/gh.txt"

# --- PDFs: Arabic, Hebrew and emoji drawn, or reported ---------------------
c=$T_TMP/rtl
cp -r content "$c"
sed -i 's/^resume: .*/resume: "Accueil en arabe مرحبا بكم, en hébreu שלום עליכם, avec un sourire 😀."/' \
    "$c/fiches/dac-58.md"
build "$c" -o "$T_TMP/o8" --only pdf 2>"$T_TMP/e10"
expect_eq "RTL and emoji: exit 0" "$?" 0
fonts=$(pdffonts "$T_TMP/o8/pdf/58-nievre.pdf" 2>&1)
expect_contains "Arabic drawn with Noto" "$fonts" "NotoSansArabic"
expect_contains "Hebrew drawn with Noto" "$fonts" "NotoSansHebrew"
expect_contains "emoji drawn with Symbola" "$fonts" "Symbola"
expect_not_contains "nothing left blank" "$(cat "$T_TMP/e10")" \
    "qu'aucune police ne dessine"
# A script no font has (Ethiopic), in a sheet and in a territory name:
# a warning each, never a silent blank.
sed -i 's/^resume: .*/resume: "En amharique ሰላም."/' "$c/fiches/dac-58.md"
sed -i '0,/nom: Nièvre$/s//nom: Nièvre ሰ/' "$c/territoires.yaml"
build "$c" -o "$T_TMP/o8" --only pdf 2>"$T_TMP/e11"
e=$(cat "$T_TMP/e11")
expect_contains "missing glyphs in a sheet reported" "$e" \
    "fiches/dac-58.md:1:1: attention: 3 caractères qu'aucune police ne dessine"
expect_contains "missing glyphs in a territory name reported" "$e" \
    "territoires.yaml:5:11: attention: annuaire « Nièvre ሰ »"
finish
