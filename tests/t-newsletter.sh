#!/usr/bin/env bash
# tests/t-newsletter.sh: `maillage newsletter` on small git repositories
# built here: commits that add, edit, rename, close and delete sheets and
# add news. Checks lettre.html, lettre.txt and lettre.eml (parsed with
# Python's email package), --territory, the empty period and the errors.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 3
MAILLAGE=${MAILLAGE:-$ROOT/maillage}
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

R=$T_TMP/repo
C=$R/content
mkdir -p "$R"
cp -r content "$C"
# commit DATE MESSAGE: commits everything at that date.
commit() {
	(cd "$R" && git add -A . && GIT_AUTHOR_DATE="$1T10:00:00Z" \
	    GIT_COMMITTER_DATE="$1T10:00:00Z" git -c user.name=Test \
	    -c user.email=test@example.org commit -q -m "$2")
}
git -C "$R" init -q -b main
commit 2026-01-10 "base"
BASE=$(git -C "$R" rev-parse HEAD)

# A new sheet in the Morvan, a phone number, a body, hours, a rename
# with a new number, a closure, a deletion and a news item for Nevers.
sed -e 's/^nom: .*/nom: SSIAD des Settons/' \
    -e 's/"+33 3 53 73 02 20"/"03 53 73 02 99"/' \
    "$C/fiches/ssiad-morvan.md" >"$C/fiches/ssiad-settons.md"
commit 2026-02-01 "new sheet"
sed -i 's/"03 53 73 01 10"/"03 53 73 01 99"/' "$C/fiches/clic-nevers-agglo.md"
echo "Une phrase ajoutée à la présentation." >>"$C/fiches/dac-58.md"
sed -i 's/horaires: "Mo-Fr 08:30-12:00,13:30-17:00; PH off"/horaires: "Mo-Fr 09:00-12:00; PH off"/' \
    "$C/fiches/ccas-nevers.md"
commit 2026-02-10 "edits"
git -C "$R" mv content/fiches/france-services-lormes.md \
    content/fiches/france-services-morvan.md
sed -i 's/"03 53 73 11 20"/"03 53 73 11 21"/' \
    "$C/fiches/france-services-morvan.md"
sed -i 's/^verifie_le:/statut: ferme\nverifie_le:/' "$C/fiches/samsah-58.md"
sed -i 's/samsah-58, \?//; s/, samsah-58//; s/\[samsah-58\]/[]/' \
    "$C"/fiches/*.md
git -C "$R" rm -q content/fiches/saad-amognes-loire.md
cat >"$C/actualites/2026-02-12-permanence.md" <<'EOF'
---
titre: Une permanence du CLIC à Nevers
date: 2026-02-12
territoires: ["245804406"]
fiches: [clic-nevers-agglo]
---
Chaque mardi matin.
EOF
commit 2026-02-15 "rename, close, delete, news"
UNTIL=$(git -C "$R" rev-parse HEAD)
# Only verifie_le: nothing to tell.
sed -i 's/^verifie_le: .*/verifie_le: 2026-03-01/' "$C/fiches/pmi-nevers.md"
commit 2026-03-05 "checked"

"$MAILLAGE" check "$C" -q >/dev/null 2>"$T_TMP/check.log"
check "the repository's content is valid" test $? -eq 0 ||
    cat "$T_TMP/check.log"

O=$T_TMP/out
"$MAILLAGE" newsletter "$C" --since "$BASE" --until "$UNTIL" -o "$O" \
    2>"$T_TMP/nl.log"
expect_eq "newsletter exit" "$?" 0
E=$O/newsletter/2026-02-15
for f in lettre.html lettre.txt lettre.eml; do
	check "$f written" test -s "$E/$f"
done
# Sentences are wrapped: phrases are looked for in the text on one line.
flat() { sed 's/\xc2\xa0/ /g' "$1" 2>/dev/null | tr '\n' ' ' | tr -s ' '; }
TXT=$(flat "$E/lettre.txt")
HTML=$(cat "$E/lettre.html" 2>/dev/null)
expect_contains "period" "$TXT" "Du 11 janvier 2026 au 15 février 2026"
expect_contains "new service" "$TXT" "SSIAD des Settons"
expect_contains "new service link" "$HTML" \
    'href="https://repertoire.example.org/fiches/ssiad-settons/"'
expect_contains "phone old → new" "$TXT" \
    "a changé de numéro : 03 53 73 01 10 → 03 53 73 01 99"
expect_contains "phone change link" "$HTML" \
    'href="https://repertoire.example.org/fiches/clic-nevers-agglo/"'
expect_contains "hours in French" "$TXT" \
    "a changé d'horaires : du lundi au vendredi, de 8 h 30 à 12 h"
expect_contains "rename followed, with its change" "$TXT" \
    "a changé de numéro : 03 53 73 11 20 → 03 53 73 11 21"
expect_contains "renamed sheet links to its new page" "$TXT" \
    "https://repertoire.example.org/fiches/france-services-morvan/"
expect_not_contains "renamed sheet not told as removed" "$TXT" \
    "France services de Lormes ne figure plus"
expect_contains "closed" "$TXT" "## Services fermés"
expect_contains "closed sheet" "$TXT" \
    "## Services fermés - SAMSAH de la Nièvre (SAMSAH) a fermé."
expect_contains "removed" "$TXT" "ne figure plus dans le répertoire"
expect_contains "body edit in one line" "$TXT" \
    "Le texte de présentation de ces services a été revu"
expect_not_contains "body edit: no field-by-field line for the DAC" \
    "$TXT" "(DAC 58) a "
expect_contains "news dated in the period" "$TXT" \
    "Une permanence du CLIC à Nevers (12 février 2026)"
expect_not_contains "news outside the period" "$TXT" "cafés des aidants"
expect_not_contains "verifie_le alone is no news" "$TXT" "PMI"
expect_contains "HTML is a table layout" "$HTML" 'role="presentation"'
expect_not_contains "no external image" "$HTML" "<img"
expect_not_contains "no web font" "$HTML" "@font-face"
check "HTML under 100 KB" test "$(wc -c <"$E/lettre.html")" -lt 102400
check "text lines ≤ 78 characters" python3 -c '
import sys
sys.exit(any(len(l) > 78 and "https:" not in l
    for l in open(sys.argv[1], encoding="utf-8")))' "$E/lettre.txt"

# The e-mail: parsed by Python, both parts decode to what was written.
if out=$(python3 - "$E" <<'EOF' 2>&1
import email, email.policy, sys
d = sys.argv[1]
raw = open(d + "/lettre.eml", "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
assert m.get_content_type() == "multipart/alternative", m.get_content_type()
parts = list(m.iter_parts())
assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
for p in parts:
    assert p["Content-Transfer-Encoding"] == "quoted-printable"
    assert p.get_content_charset() == "utf-8"
text = open(d + "/lettre.txt", encoding="utf-8").read()
html = open(d + "/lettre.html", encoding="utf-8").read()
assert parts[0].get_content().replace("\r\n", "\n") == text, "text part"
assert parts[1].get_content().replace("\r\n", "\n") == html, "html part"
assert m["Subject"] == "La lettre de Maillage Nièvre — 15 février 2026", m["Subject"]
assert m["From"].addresses[0].addr_spec == "lettre@example.org"
assert m["From"].addresses[0].display_name == "La lettre de Maillage Nièvre"
assert m["Message-ID"].startswith("<lettre-2026-02-15-")
assert m["Date"] is not None and m["MIME-Version"] == "1.0"
assert m["List-Unsubscribe"] == "<mailto:desinscription@example.org>"
assert all(len(l) <= 998 for l in raw.split(b"\r\n"))
assert b"\n" not in raw.replace(b"\r\n", b"")
print("ok")
EOF
); then pass; else fail "lettre.eml parses"; echo "$out" | tail -5; fi
# Deterministic bytes.
cp -r "$E" "$T_TMP/first"
"$MAILLAGE" newsletter "$C" --since "$BASE" --until "$UNTIL" -o "$O" -q
check "same bytes twice" diff -r "$T_TMP/first" "$E"

# An https unsubscribe target gets RFC 8058's one-click header too.
sed -i 's|desinscription: .*|desinscription: https://repertoire.example.org/desinscription|' \
    "$C/site.yaml"
"$MAILLAGE" newsletter "$C" --since "$BASE" --until "$UNTIL" -o "$T_TMP/o2" -q
EML=$(cat "$T_TMP/o2/newsletter/2026-02-15/lettre.eml")
expect_contains "List-Unsubscribe https" "$EML" \
    "List-Unsubscribe: <https://repertoire.example.org/desinscription>"
expect_contains "List-Unsubscribe-Post" "$EML" \
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
git -C "$R" checkout -q content/site.yaml

# --territory: the Morvan keeps the new Morvan sheet and the
# département-wide DAC, not Nevers' changes; Nevers the opposite.
"$MAILLAGE" newsletter "$C" --since "$BASE" --until "$UNTIL" \
    --territory 200067791 -o "$T_TMP/morvan" -q
MT=$(flat "$T_TMP/morvan/newsletter/2026-02-15/lettre.txt")
expect_contains "Morvan: new Morvan sheet" "$MT" "SSIAD des Settons"
expect_contains "Morvan: Lormes rename" "$MT" "03 53 73 11 21"
expect_contains "Morvan: département-wide sheet" "$MT" "DAC 58"
expect_contains "Morvan: territory named" "$MT" "CC Morvan Sommets et Grands Lacs"
expect_not_contains "Morvan: no Nevers phone change" "$MT" "03 53 73 01 99"
expect_not_contains "Morvan: no Nevers news" "$MT" "permanence du CLIC"
"$MAILLAGE" newsletter "$C" --since "$BASE" --until "$UNTIL" \
    --territory 245804406 -o "$T_TMP/nevers" -q
NT=$(flat "$T_TMP/nevers/newsletter/2026-02-15/lettre.txt")
expect_contains "Nevers: phone change" "$NT" "03 53 73 01 99"
expect_contains "Nevers: news for Nevers" "$NT" "permanence du CLIC"
expect_contains "Nevers: commune-level sheet" "$NT" "ccas-nevers"
expect_not_contains "Nevers: no Morvan sheet" "$NT" "SSIAD des Settons"
"$MAILLAGE" newsletter "$C" --since "$BASE" --territory 99999 \
    -o "$T_TMP/x" -q 2>"$T_TMP/err"
expect_eq "unknown territory exit" "$?" 2
expect_contains "unknown territory message" "$(cat "$T_TMP/err")" \
    "territoire inconnu"

# A date as --since: the period starts that day.
"$MAILLAGE" newsletter "$C" --since 2026-02-05 --until "$UNTIL" \
    -o "$T_TMP/bydate" -q
DT=$(flat "$T_TMP/bydate/newsletter/2026-02-15/lettre.txt")
expect_contains "by date: later change" "$DT" "03 53 73 01 99"
expect_not_contains "by date: earlier new sheet" "$DT" "SSIAD des Settons"

# An empty period: a message, no edition, exit 0.
"$MAILLAGE" newsletter "$C" --since HEAD -o "$T_TMP/empty" 2>"$T_TMP/err"
expect_eq "empty period exit" "$?" 0
expect_contains "empty period message" "$(cat "$T_TMP/err")" \
    "rien à annoncer"
check "empty period writes nothing" test ! -e "$T_TMP/empty/newsletter"

# Errors: exit 2 with a French message.
"$MAILLAGE" newsletter "$C" --since nonexistent -o "$T_TMP/x" 2>"$T_TMP/err"
expect_eq "unknown ref exit" "$?" 2
expect_contains "unknown ref message" "$(cat "$T_TMP/err")" \
    "« nonexistent » : révision inconnue"
"$MAILLAGE" newsletter "$C" --since "$UNTIL" --until "$BASE" -o "$T_TMP/x" \
    2>"$T_TMP/err"
expect_eq "since after until exit" "$?" 2
expect_contains "since after until message" "$(cat "$T_TMP/err")" \
    "est après --until"
"$MAILLAGE" newsletter "$C" --since 2026-12-01 --until "$UNTIL" \
    -o "$T_TMP/x" 2>"$T_TMP/err"
expect_eq "since date after until exit" "$?" 2
expect_contains "since date after until message" "$(cat "$T_TMP/err")" \
    "est après --until"
"$MAILLAGE" newsletter "$C" -o "$T_TMP/x" 2>"$T_TMP/err"
expect_eq "missing --since exit" "$?" 2
expect_contains "missing --since message" "$(cat "$T_TMP/err")" \
    "--since manque"
cp -r content "$T_TMP/nogit"
"$MAILLAGE" newsletter "$T_TMP/nogit" --since 2026-01-01 -o "$T_TMP/x" \
    2>"$T_TMP/err"
expect_eq "not a git repository exit" "$?" 2
expect_contains "not a git repository message" "$(cat "$T_TMP/err")" \
    "n'est dans aucun dépôt git"
git clone -q --depth 1 "file://$R" "$T_TMP/shallow" 2>/dev/null
"$MAILLAGE" newsletter "$T_TMP/shallow/content" --since 2026-01-01 \
    -o "$T_TMP/x" 2>"$T_TMP/err"
expect_eq "shallow clone exit" "$?" 2
expect_contains "shallow clone message" "$(cat "$T_TMP/err")" \
    "l'historique complet est nécessaire (git fetch --unshallow)"
check "no edition after errors" test ! -e "$T_TMP/x/newsletter"

# Two models: names come from the content at each end of the period,
# not from the work tree. Between two commits a territory is renamed, a
# sheet is renamed and covers one more territory (renamed too), and a
# sheet closes in favour of the renamed one; then the work tree renames
# them all again, uncommitted.
R2=$T_TMP/r2
git clone -q "$R" "$R2"
C2=$R2/content
T2=$C2/territoires.yaml
commit2() {
	(cd "$R2" && git add -A . && GIT_AUTHOR_DATE="$1T10:00:00Z" \
	    GIT_COMMITTER_DATE="$1T10:00:00Z" git -c user.name=Test \
	    -c user.email=test@example.org commit -q -m "$2")
}
A2=$(git -C "$R2" rev-parse HEAD)
sed -i 's/nom: CC Morvan Sommets et Grands Lacs/nom: CC des Grands Lacs du Morvan/;
    s/nom: CA de Nevers$/nom: Agglomération de Nevers/' "$T2"
sed -i 's/^nom: SSIAD du Haut Morvan/nom: SSIAD des Grands Lacs/;
    s/^territoires: \["200067791"\]/territoires: ["200067791", "245804406"]/' \
    "$C2/fiches/ssiad-morvan.md"
sed -i 's/^verifie_le:/statut: ferme\nremplace_par: ssiad-morvan\nverifie_le:/' \
    "$C2/fiches/clic-morvan.md"
sed -i 's/, clic-morvan\]/]/; s/\[clic-morvan, /[/' "$C2"/fiches/*.md
commit2 2026-04-10 "renames"
"$MAILLAGE" check "$C2" -q >/dev/null 2>"$T_TMP/check2.log"
check "renamed content is valid" test $? -eq 0 || head -5 "$T_TMP/check2.log"
sed -i 's/nom: CC des Grands Lacs du Morvan/nom: CC Travail du Morvan/;
    s/nom: Agglomération de Nevers$/nom: Travail de Nevers/' "$T2"
sed -i 's/^nom: SSIAD des Grands Lacs/nom: SSIAD Travail/' \
    "$C2/fiches/ssiad-morvan.md"
"$MAILLAGE" newsletter "$C2" --since "$A2" -o "$T_TMP/o2m" -q \
    2>"$T_TMP/nl2.log"
expect_eq "two models: exit" "$?" 0
M2=$(flat "$T_TMP/o2m/newsletter/2026-04-10/lettre.txt")
expect_contains "two models: sheet renamed, both names of their revision" \
    "$M2" "s'appelle désormais « SSIAD des Grands Lacs » (auparavant « SSIAD du Haut Morvan »)"
expect_contains "two models: territories named as at each end" "$M2" \
    "intervient désormais sur : CC des Grands Lacs du Morvan, Agglomération de Nevers (auparavant : CC Morvan Sommets et Grands Lacs)"
expect_contains "two models: successor named as at --until" "$M2" \
    "a fermé. Le relais est pris par SSIAD des Grands Lacs (SSIAD)."
expect_not_contains "two models: nothing from the work tree" "$M2" "Travail"
"$MAILLAGE" newsletter "$C2" --since "$A2" --territory 200067791 \
    -o "$T_TMP/o2t" -q
M2T=$(flat "$T_TMP/o2t/newsletter/2026-04-10/lettre.txt")
expect_contains "two models: --territory named as at --until" "$M2T" \
    "— 10 avril 2026 — CC des Grands Lacs du Morvan"
# The old end as it was: the territory's old name in the old model only.
"$MAILLAGE" newsletter "$C2" --since "$BASE" --until "$A2" -o "$T_TMP/o2b" -q
expect_not_contains "two models: earlier edition keeps the old names" \
    "$(flat "$T_TMP/o2b/newsletter/2026-03-05/lettre.txt" 2>/dev/null)" \
    "Grands Lacs du Morvan"
expect_contains "two models: earlier edition written" \
    "$(flat "$T_TMP/o2b/newsletter/2026-03-05/lettre.txt" 2>/dev/null)" \
    "SSIAD des Settons"

# ---- the site: /lettre/ and each sheet's last change date ----------
# A pure rename (the referring sheet changes, the renamed one does not).
git -C "$R" mv content/fiches/cidff-58.md content/fiches/cidff-nievre.md
sed -i 's/cidff-58\]/cidff-nievre]/' "$C/fiches/adil-58.md"
commit 2026-03-10 "pure rename"
"$MAILLAGE" build "$C" -o "$O" --only site -v 2>"$T_TMP/build.log"
expect_eq "build with history exit" "$?" 0
S=$O/site
expect_contains "history phase line" "$(cat "$T_TMP/build.log")" \
    "historique : "
# page DATE ID: the sheet page says « Mis à jour le » with that date.
updated() {
	local p="$S/fiches/$2/index.html"
	expect_contains "$2 updated $1" "$(cat "$p" 2>/dev/null)" \
	    "Mis à jour le <time datetime=\"$1\">"
	expect_contains "$2 dateModified" "$(cat "$p" 2>/dev/null)" \
	    "\"dateModified\":\"$1\""
}
updated 2026-02-10 clic-nevers-agglo
updated 2026-02-01 ssiad-settons
updated 2026-02-15 france-services-morvan
updated 2026-01-10 cidff-nievre
updated 2026-03-10 adil-58
updated 2026-03-05 pmi-nevers
updated 2026-01-10 mda-58
expect_contains "sitemap lastmod" "$(cat "$S/sitemap.xml")" \
    "fiches/clic-nevers-agglo/</loc><lastmod>2026-02-10</lastmod>"
expect_contains "fiches.json modifie_le" \
    "$(tr -d ' \n' <"$S/donnees/fiches.json")" '"modifie_le":"2026-02-10"'
expect_contains "fiches.csv modifie_le" "$(head -1 "$S/donnees/fiches.csv")" \
    "verifie_le;modifie_le"
# The archive: the editions of $O/newsletter/, linked from the news.
check "archive page of the edition" test -f "$S/lettre/2026-02-15/index.html"
expect_contains "archive edition content" \
    "$(cat "$S/lettre/2026-02-15/index.html")" "a changé de numéro"
expect_contains "archive list" "$(cat "$S/lettre/index.html")" \
    'href="2026-02-15/index.html"'
expect_contains "news page links the archive" \
    "$(cat "$S/actualites/index.html")" 'href="../lettre/index.html"'
expect_contains "feed links the archive" "$(cat "$S/actualites/atom.xml")" \
    'rel="related" type="text/html" title="Lettres d'"'"'information" href="https://repertoire.example.org/lettre/"'
expect_contains "sitemap lists the archive" "$(cat "$S/sitemap.xml")" \
    "https://repertoire.example.org/lettre/2026-02-15/"
# Without history: no dates, said once; --no-history: none either.
"$MAILLAGE" build "$T_TMP/nogit" -o "$T_TMP/nogit-out" --only site \
    2>"$T_TMP/build.log"
expect_eq "build outside git exit" "$?" 0
expect_eq "outside git: said once" \
    "$(grep -c "n'est dans aucun dépôt git" "$T_TMP/build.log")" 1
check "outside git: no date on pages" test "$(grep -rl 'Mis à jour le' \
    "$T_TMP/nogit-out/site/fiches" | wc -l)" -eq 0
check "outside git: no lastmod" test "$(grep -c lastmod \
    "$T_TMP/nogit-out/site/sitemap.xml")" -eq 0
"$MAILLAGE" build "$C" -o "$T_TMP/nohist" --only site --no-history -q
check "--no-history: no date on pages" test "$(grep -rl 'Mis à jour le' \
    "$T_TMP/nohist/site/fiches" | wc -l)" -eq 0

# A big period: the HTML stays under 100 KB, one sentence says the rest.
for i in $(seq 1 300); do
	sed -e "s/^nom: .*/nom: Service de test numéro $i/" \
	    -e "s/^resume: .*/resume: Un service parmi trois cents, pour voir la lettre rester courte, numéro $i./" \
	    "$C/fiches/ssiad-morvan.md" >"$C/fiches/test-$i.md"
done
commit 2026-03-20 "300 new sheets"
"$MAILLAGE" newsletter "$C" --since 2026-03-15 -o "$T_TMP/big" -q
B=$T_TMP/big/newsletter/2026-03-20
check "big edition: HTML under 100 KB" test "$(wc -c <"$B/lettre.html")" -lt 102400
expect_contains "big edition: the rest is announced" "$(flat "$B/lettre.html")" \
    "autres changements sont à retrouver dans le répertoire en ligne"
expect_contains "big edition: the text part says it too" "$(flat "$B/lettre.txt")" \
    "autres changements sont à retrouver dans le répertoire en ligne"

finish
