#!/usr/bin/env bash
# tests/t-export.sh: the open-data exports in SITE/donnees/ (src/export.c).
#
# Builds the exports of content/ and of an edge-case copy of it, then
# checks with tests/export/*.js: data·inclusion records against the
# schema (Ajv 2020 + ajv-formats), fiches.json and fiches.csv against the
# sheets (published in, drafts out, one CSV row each, same width), no
# contacts_pro anywhere, the C vocabularies against the schema's, and two
# builds byte-identical. Each checker is also shown to fail on a broken
# copy, so that a silent checker cannot pass.
#
# The exports come from `maillage build --only site` when the site writes
# them; until site.c calls export_write, from the unit test binary
# ($UNIT_DIR/test_export CONTENT SITEDIR).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 3

MAILLAGE=${MAILLAGE:-$ROOT/maillage}
UNIT=${UNIT_DIR:-$ROOT/build/${VARIANT:-release}/tests}
# A copy of ../shared/schemas/data-inclusion-v1 (Licence Ouverte 2.0, see its
# LICENSE.md), so that the test needs nothing outside the repository.
SCHEMA=${DI_SCHEMA_DIR:-$ROOT/tests/schemas/data-inclusion-v1}
JS=$ROOT/tests/export
export NODE_PATH=$ROOT/node_modules

# export_to CONTENT OUT: writes OUT/site/donnees/ (log in OUT.log).
export_to() {
	local content=$1 out=$2
	rm -rf "$out"
	"$MAILLAGE" build "$content" -o "$out" --only site -q >"$out.log" 2>&1
	if [ ! -d "$out/site/donnees" ]; then
		if [ ! -x "$UNIT/test_export" ]; then
			echo "no way to export: $MAILLAGE build wrote no" \
			    "donnees/ and $UNIT/test_export is missing"
			return 1
		fi
		echo "note: $MAILLAGE build wrote no donnees/; exporting" \
		    "with $UNIT/test_export"
		mkdir -p "$out/site"
		"$UNIT/test_export" "$content" "$out/site" >>"$out.log" 2>&1 ||
		    { cat "$out.log"; return 1; }
	fi
}

# run_js NAME SCRIPT ARGS...: passes when the checker succeeds.
run_js() {
	local name=$1 out; shift
	if out=$(node "$@" 2>&1); then pass; else
		fail "$name"; echo "$out" | head -30; fi
}

# must_fail NAME SCRIPT ARGS...: the checker must catch the breakage.
must_fail() {
	local name=$1; shift
	if node "$@" >/dev/null 2>&1; then
		fail "$name: the checker did not notice"; else pass; fi
}

for tool in node; do
	command -v $tool >/dev/null || { fail "$tool is missing"; finish; exit; }
done
[ -f "$SCHEMA/service.json" ] || { fail "no schema in $SCHEMA"; finish; exit; }

# ---- the sample content ---------------------------------------------
A=$T_TMP/a
check "export of content/" export_to content "$A"
D=$A/site/donnees
for f in fiches.json fiches.csv data-inclusion/services.json \
    data-inclusion/structures.json; do
	check "donnees/$f written" test -s "$D/$f"
done
run_js "data-inclusion validates" "$JS/validate.js" "$D" "$SCHEMA"
run_js "fiches.json and fiches.csv" "$JS/fiches.js" "$D" content
run_js "no contacts_pro in donnees/" "$JS/leaks.js" "$D" content
run_js "C vocabularies" "$JS/vocab.js" src/export.c "$SCHEMA"
# When the whole site is built, contacts_pro is nowhere in it either.
if [ -f "$A/site/index.html" ]; then
	run_js "no contacts_pro in the site" "$JS/leaks.js" "$A/site" content
fi

# Every file is valid UTF-8 and the JSON files parse.
for f in "$D"/fiches.json "$D"/data-inclusion/*.json; do
	check "$(basename "$f") parses" node -e \
	    'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$f"
done
check "UTF-8" iconv -f UTF-8 -t UTF-8 "$D/fiches.csv" -o /dev/null
# A second, independent CSV reader: Python's csv module.
if command -v python3 >/dev/null; then
	got=$(python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
	rows = list(csv.reader(f, delimiter=";", strict=True))
print(len(rows), sorted(set(len(r) for r in rows)), rows[0][:3])
' "$D/fiches.csv" 2>&1)
	npub=$(grep -L '^statut: *brouillon' content/fiches/*.md | wc -l)
	expect_eq "python csv reads the CSV" "$got" \
	    "$((npub + 1)) [35] ['id', 'url', 'statut']"
fi

# A few mapped values of the sample.
got=$(node -e '
const d = process.argv[1], fs = require("fs");
const sv = JSON.parse(fs.readFileSync(d + "/data-inclusion/services.json"));
const st = JSON.parse(fs.readFileSync(d + "/data-inclusion/structures.json"));
const fj = JSON.parse(fs.readFileSync(d + "/fiches.json"));
const s = (id) => sv.find((r) => r.id.endsWith("--" + id));
const dac = s("dac-58"), emsp = s("emsp-nevers");
console.log([
	"dac zone " + dac.zone_eligibilite,
	"dac publics " + dac.publics,
	"dac accueil " + dac.modes_accueil,
	"dac mobilisation " + dac.modes_mobilisation,
	"dac par " + dac.mobilisable_par,
	"dac tel " + dac.telephone,
	"dac insee " + dac.code_insee,
	"emsp hours " + emsp.horaires_accueil,
	"emsp address " + emsp.adresse,
	"morvan places " + sv.filter((r) => /--clic-morvan(--|$)/.test(r.id)).length,
	"closed " + sv.some((r) => r.id.endsWith("--clic-loire-allier")),
	"closed in fiches " + fj.fiches.find((f) => f.id === "clic-loire-allier").statut,
	"ccas network " + st.find((r) => r.id.endsWith("--ccas-nevers")).reseaux_porteurs,
	"bassin zone " + s("accueil-de-jour-clamecy").zone_eligibilite.length,
].join("\n"));' "$D")
expect_contains "zone of a département" "$got" "dac zone 58"
expect_contains "tous-publics alone" "$got" "dac publics tous-publics"
expect_contains "modes_accueil" "$got" "dac accueil a-distance,en-presentiel"
expect_contains "modes_mobilisation" "$got" \
    "dac mobilisation envoyer-un-courriel,telephoner"
expect_contains "mobilisable_par" "$got" "dac par usagers,professionnels"
expect_contains "E.164" "$got" "dac tel +33353730001"
expect_contains "code_insee" "$got" "dac insee 58194"
expect_contains "top-level hours" "$got" "emsp hours Mo-Fr 09:00-17:00; PH off"
expect_contains "no place, no address" "$got" "emsp address null"
expect_contains "one service per place" "$got" "morvan places 2"
expect_contains "closed sheet not in data-inclusion" "$got" "closed false"
expect_contains "closed sheet in fiches.json" "$got" "closed in fiches ferme"
expect_contains "reseaux_porteurs" "$got" "ccas network ccas-cias"
expect_contains "zone as its communes" "$got" "bassin zone 9"

# Determinism: a second build gives the same bytes.
B=$T_TMP/b
check "second export" export_to content "$B"
check "two builds identical" diff -r "$D" "$B/site/donnees"

# ---- the checkers catch what they are meant to catch ----------------
X=$T_TMP/broken
cp -r "$D" "$X"
sed -i '0,/"seniors"/s//"personnes-agees"/' "$X/data-inclusion/services.json"
must_fail "value outside a vocabulary" "$JS/validate.js" "$X" "$SCHEMA"
cp "$D/data-inclusion/services.json" "$X/data-inclusion/services.json"
sed -i '0,/"nom": /s//"nom_typo": "x", "nom": /' \
    "$X/data-inclusion/services.json"
must_fail "property outside the schema" "$JS/validate.js" "$X" "$SCHEMA"
cp "$D/data-inclusion/services.json" "$X/data-inclusion/services.json"
sed -i '2s/;/;;/' "$X/fiches.csv"
must_fail "a CSV row one field too wide" "$JS/fiches.js" "$X" content
cp "$D/fiches.csv" "$X/fiches.csv"
sed -i '0,/"id": "dac-58"/s//"id": "cpts-haut-nivernais-morvan"/' \
    "$X/fiches.json"
must_fail "a draft in fiches.json" "$JS/fiches.js" "$X" content
cp "$D/fiches.json" "$X/fiches.json"
sed -i '0,/"porteur": /s//"porteur": "Jeanne Exemple", "x": /' \
    "$X/fiches.json"
must_fail "a contacts_pro name" "$JS/leaks.js" "$X" content
cp "$D/fiches.json" "$X/fiches.json"
printf '\xef\xbb\xbfid\r\nj.exemple\\u0040example.org\r\n' >"$X/extra.csv"
printf '["j.exemple\\u0040example.org"]\n' >"$X/extra.json"
must_fail "an escaped contacts_pro e-mail" "$JS/leaks.js" "$X" content
rm -f "$X/extra.csv" "$X/extra.json"
sed 's/"seniors",/"seniors", "pas-un-public",/' src/export.c >"$T_TMP/export.c"
must_fail "a C vocabulary off the schema" "$JS/vocab.js" "$T_TMP/export.c" \
    "$SCHEMA"

# ---- edge cases: a copy of content/ with awkward sheets -------------
E=$T_TMP/edge
cp -r content "$E"
# A region above the département (zone_eligibilite lists départements).
awk '
/^arbre:/ { print; print "  - code: \"27\""; print "    nom: Bourgogne-Franche-Comté";
	print "    type: region"; print "    contient:"; inside = 1; next }
/^zones:/ { inside = 0 }
inside && /^  / { print "  " $0; next }
{ print }' content/territoires.yaml >"$E/territoires.yaml"
# "emsp-nevers-2.md" sorts before "emsp-nevers.md", its id after.
cp content/fiches/emsp-nevers.md "$E/fiches/emsp-nevers-2.md"
# A need whose data_inclusion list holds a value outside the vocabulary.
cat >>"$E/besoins.yaml" <<'EOF'
bizarre:
  nom: Un besoin mal relié
  data_inclusion: [pas-une-thematique, sante--addictions]
EOF
long=$(printf 'Un service au nom vraiment très long %.0s' 1 2 3 4 5)
{
	cat <<EOF
---
nom: "<script>alert(1)</script> ; \"guillemets\", virgule & Co"
sigle: "=1+1"
type: ccas
resume: "Un résumé ; avec des \"guillemets\", une virgule et <b>du HTML</b>."
publics: [tout-public, enfants]
besoins: [bizarre, logement]
territoires: ["27"]
horaires: "Mo-Fr 09:00-12:00; PH off"
contact:
  telephone: "3919"
  email: "jean.été@example.org"
  site: "https://exemple.org/accès/{x}|y%zz#a#b"
acces: [en-ligne, domicile]
age_min: 16
age_max: 25
mots_cles: ["=HYPERLINK(\"http://x\")", "-moins", "@arobase"]
siret: "12345678901234"
verifie_le: 2026-01-15
contacts_pro:
  - nom: Agathe Secrète
    role: directrice
    email: a.secrete@example.org
    telephone: "03 86 00 00 99"
---
## Missions

EOF
	for i in $(seq 1 400); do
		printf 'Phrase numéro %d, assez longue pour remplir la description. ' "$i"
	done
	printf '\n'
} >"$E/fiches/zz-bord.md"
{
	cat <<EOF
---
nom: "$long"
type: clic
resume: Trois lieux, un nom trop long pour data·inclusion.
publics: [aidants]
besoins: [souffler-aidant]
territoires: [qpv-banlay, "58194", "245804406"]
lieux:
EOF
	for i in 1 2 3; do
		cat <<EOF
  - nom: Lieu numéro $i avec un nom qui allonge encore le nom du service
    adresse: $i rue de l'Exemple
    code_postal: "58000"
    commune: "58194"
EOF
	done
	cat <<EOF
contact:
  email: trois-lieux@example.org
acces: [accueil]
orientation: [usagers]
statut: actif
verifie_le: 2024-01-15
---
EOF
} >"$E/fiches/zz-trois-lieux.md"
if "$MAILLAGE" check "$E" -q >"$T_TMP/edge.log" 2>&1; then pass; else
	fail "edge content loads"; cat "$T_TMP/edge.log"; fi
E2=$T_TMP/edge-out
check "export of the edge content" export_to "$E" "$E2"
DE=$E2/site/donnees
run_js "edge: data-inclusion validates" "$JS/validate.js" "$DE" "$SCHEMA"
run_js "edge: fiches.json and fiches.csv" "$JS/fiches.js" "$DE" "$E"
run_js "edge: no contacts_pro" "$JS/leaks.js" "$DE" "$E"
got=$(node -e '
const d = process.argv[1], fs = require("fs");
const raw = fs.readFileSync(d + "/fiches.json", "utf8");
const sv = JSON.parse(fs.readFileSync(d + "/data-inclusion/services.json"));
const st = JSON.parse(fs.readFileSync(d + "/data-inclusion/structures.json"));
const fj = JSON.parse(raw);
const b = sv.find((r) => r.id.endsWith("--zz-bord"));
const bs = st.find((r) => r.id.endsWith("--zz-bord"));
const t = sv.filter((r) => /--zz-trois-lieux(--|$)/.test(r.id));
const f = fj.fiches.find((x) => x.id === "zz-bord");
console.log([
	"raw script " + raw.includes("<script>"),
	"name kept " + (f.nom === "<script>alert(1)</script> ; \"guillemets\", virgule & Co"),
	"region zone " + JSON.stringify(b.zone_eligibilite),
	"thematiques " + JSON.stringify(b.thematiques),
	"publics " + JSON.stringify(b.publics),
	"precisions " + b.publics_precisions,
	"description " + ([...b.description].length <= 10000 &&
	    [...b.description].length > 9000) + " " + b.description.endsWith("…"),
	"courriel " + b.courriel + " " + f.contact.email,
	"site " + bs.site_web,
	"mobilisation " + JSON.stringify(b.modes_mobilisation) + " " + b.lien_mobilisation,
	"accueil " + JSON.stringify(b.modes_accueil),
	"short number " + b.telephone + " " + f.contact.telephone_e164,
	"siret " + bs.siret + " " + f.siret,
	"three " + t.map((r) => r.id.replace(/.*--zz-/, "")).join(","),
	"nom ok " + t.every((r) => [...r.nom].length <= 150 &&
	    r.nom.endsWith("…")),
	"qpv zone " + JSON.stringify(t[0].zone_eligibilite),
	"stale " + fj.fiches.find((x) => x.id === "zz-trois-lieux").a_verifier,
].join("\n"));' "$DE")
expect_contains "edge: no raw <script> in JSON" "$got" "raw script false"
expect_contains "edge: the name survives escaping" "$got" "name kept true"
expect_contains "edge: a region gives its départements" "$got" \
    'region zone ["58"]'
expect_contains "edge: thematique outside the vocabulary dropped" "$got" \
    'thematiques ["sante--addictions","logement-hebergement--'
expect_contains "edge: tous-publics alone" "$got" 'publics ["tous-publics"]'
expect_contains "edge: publics_precisions with ages" "$got" \
    "precisions Tout public, Enfants ; de 16 à 25 ans"
expect_contains "edge: description cut to 10,000" "$got" "description true true"
expect_contains "edge: non-ASCII e-mail out of data-inclusion only" "$got" \
    "courriel null jean.été@example.org"
expect_contains "edge: URL percent-encoded" "$got" \
    "site https://exemple.org/acc%C3%A8s/%7Bx%7D%7Cy%25zz#a%23b"
expect_contains "edge: online mobilisation link" "$got" \
    'mobilisation ["telephoner","utiliser-lien-mobilisation"] https://exemple.org/acc%C3%A8s'
expect_contains "edge: en-ligne and domicile" "$got" \
    'accueil ["a-distance","en-presentiel"]'
expect_contains "edge: short number" "$got" "short number 3919 null"
expect_contains "edge: SIRET with a wrong key only in fiches.json" "$got" \
    "siret null 12345678901234"
expect_contains "edge: one service per place" "$got" \
    "three trois-lieux,trois-lieux--2,trois-lieux--3"
expect_contains "edge: nom cut to 150" "$got" "nom ok true"
expect_contains "edge: quartier as its communes, then the others" "$got" \
    'qpv zone ["58194","245804406"]'
expect_contains "edge: stale flag" "$got" "stale true"
csvline=$(grep -a '^zz-bord;' "$DE/fiches.csv" | head -1)
expect_contains "edge: formula cell neutralised" "$csvline" ";'=1+1;"
expect_contains "edge: formula in a list neutralised" "$csvline" \
    "\"'=HYPERLINK(\"\"http://x\"\") | -moins | @arobase\""
expect_not_contains "edge: no raw formula" "$csvline" ";=1+1;"
finish
