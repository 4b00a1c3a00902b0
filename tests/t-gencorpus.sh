#!/usr/bin/env bash
# tests/t-gencorpus.sh: scripts/gen-corpus, the project's own corpus
# generator (make bench and the scale tests use it): same arguments, same
# bytes; a clean `maillage check`; every key of the format present; it
# replaces only its own output.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 3
G=$ROOT/scripts/gen-corpus
A=$T_TMP/a B=$T_TMP/b

check "generates 300 sheets" "$G" --sheets 300 --out "$A" --quiet
check "same arguments, same bytes" "$G" --sheets 300 --out "$B" --quiet
check "identical trees" diff -r "$A" "$B"
PYTHONHASHSEED=777 "$G" --sheets 300 --out "$B" --quiet
check "independent of PYTHONHASHSEED" diff -r "$A" "$B"
"$G" --sheets 300 --out "$B" --seed 2 --quiet
check "another seed, other sheets" bash -c "! diff -rq '$A/fiches' '$B/fiches' >/dev/null"
expect_eq "300 sheet files" "$(ls "$A/fiches" | wc -l)" 300
expect_eq "6 news items (3 minimum, N/50)" "$(ls "$A/actualites" | wc -l)" 6
expect_eq "the three pages" "$(ls "$A/pages" | tr '\n' ' ')" \
	"a-propos.md accessibilite.md mentions-legales.md "
out=$("$MAILLAGE" check "$A" 2>&1); rc=$?
expect_eq "maillage check exits 0" "$rc" 0
expect_contains "no error" "$out" "300 fiches lues, 0 erreur"

# Replacement: its own output only.
touch "$A/fiches/perimee.md"
"$G" --sheets 300 --out "$A" --quiet
check "a stale sheet of an earlier run is removed" test ! -e "$A/fiches/perimee.md"
mkdir -p "$T_TMP/autre" && echo notes >"$T_TMP/autre/notes.txt"
"$G" --sheets 10 --out "$T_TMP/autre" --quiet 2>"$T_TMP/err"; rc=$?
check "a folder with other files is refused" test "$rc" -ne 0
check "... and left alone" test ! -e "$T_TMP/autre/fiches"
expect_contains "... saying why" "$(cat "$T_TMP/err")" "--force"

# 1,600 sheets: two départements, every key of the format, a site.
C=$T_TMP/c1600
"$G" --sheets 1600 --out "$C" --quiet
expect_eq "two départements" "$(grep -c 'type: departement' "$C/territoires.yaml")" 2
for k in quartier zone; do
	check "territoires: a $k" grep -q "type: $k" "$C/territoires.yaml"; done
check "territoires: a zone with exclut" grep -q '^    exclut:' "$C/territoires.yaml"
for k in sigle porteur lieux horaires contact acces orientation conditions_acces \
	age_min age_max frais frais_precisions langues interpretariat liens mots_cles \
	fermetures statut siret finess verifie_le contacts_pro facile remplace_par; do
	check "some sheet has $k" grep -qm1 "^$k:" -r "$C/fiches"
done
for k in horaires_precisions accessibilite lat lon; do
	check "some place has $k" grep -qm1 "^    $k:" -r "$C/fiches"; done
check "a closed sheet" grep -qm1 '^statut: ferme' -r "$C/fiches"
check "a draft" grep -qm1 '^statut: brouillon' -r "$C/fiches"
check "news items name sheets" grep -qm1 '^fiches: ' -r "$C/actualites"
for k in couleur signalement carte urgences edition lettre pdf fraicheur_mois sous_titre; do
	check "site.yaml has $k" grep -q "^$k:" "$C/site.yaml"; done
out=$("$MAILLAGE" check "$C" 2>&1); rc=$?
expect_eq "maillage check 1,600 exits 0" "$rc" 0
expect_contains "no error at 1,600" "$out" "1600 fiches lues, 0 erreur"
"$MAILLAGE" build "$C" -o "$T_TMP/o" --only site -q >"$T_TMP/build.log" 2>&1
expect_eq "the site builds" "$?" 0
check "with a page per published sheet" test -f "$T_TMP/o/site/fiches/dac-58/index.html"
finish
