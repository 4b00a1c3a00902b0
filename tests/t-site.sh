#!/usr/bin/env bash
# tests/t-site.sh: the static website (issue 3). Builds the sample content
# with $MAILLAGE and checks:
#  - the pages of the URL contract exist, with the fields each must show
#    (sheet: hours, contact links, closure, stale mark, closed notice,
#    "Proposer une modification", JSON-LD, Open Graph, canonical…);
#  - the search and home forms keep their contract with search.js;
#  - drafts are built nowhere, closed sheets stay out of lists, no
#    contacts_pro string appears anywhere in the output;
#  - every internal link and asset resolves, each page has one h1 and
#    loads nothing from another host (tests/site/links.js, itself checked
#    on a broken copy);
#  - the HTML validates (vnu) and axe-core finds nothing in headless
#    Chromium, at 360 and 640 px, keyboard focus visible, without JS
#    (tests/site/axe.js);
#  - hostile content (<script> in a name, javascript: links, raw HTML)
#    comes out inert, also when the page is opened in Chromium;
#  - two builds are byte-identical; a content error or a template error
#    (reported as templates/NAME.mustache:LINE:COL) leaves the previous
#    OUT/site untouched.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

VNU=node_modules/vnu-jar/build/dist/vnu.jar
out=$T_TMP/out
site=$out/site
servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

# A snapshot of the templates: others may edit them during the run.
tpl=$T_TMP/templates
cp -r templates "$tpl"
build() { "$MAILLAGE" build "$@" --templates "$tpl"; }
build content -o "$out" --only site >"$T_TMP/build.log" 2>&1
expect_eq "build exit code" "$?" 0
if [ ! -f "$site/index.html" ]; then
	fail "no site built"
	tail -20 "$T_TMP/build.log"
	finish
	exit 1
fi
page() { cat "$site/$1" 2>/dev/null; }

# --- The URL contract ----------------------------------------------------
for p in index.html 404.html sitemap.xml robots.txt actualites/atom.xml \
    actualites/index.html actualites/2026-11-20-nouvelle-cpts/index.html \
    fiches/dac-58/index.html fiches/clic-loire-allier/index.html \
    territoires/index.html territoires/58/index.html \
    territoires/245804406/index.html territoires/58194/index.html \
    territoires/bassin-nord/index.html territoires/qpv-banlay/index.html \
    besoins/index.html besoins/rester-a-domicile/index.html \
    publics/index.html publics/personnes-agees/index.html \
    types/index.html types/clic/index.html a-z/index.html \
    glossaire/index.html a-propos/index.html mentions-legales/index.html \
    recherche/index.html donnees/index.html assets/site.css \
    assets/print.css assets/favicon.svg assets/fonts/Inter-Regular.woff2 \
    assets/fonts/Inter-Bold.woff2; do
	check "file $p" test -s "$site/$p"
done
nsheets=$(find "$site/fiches" -mindepth 1 -maxdepth 1 -type d | wc -l)
expect_eq "one page per non-draft sheet" "$nsheets" 45

# --- A sheet page --------------------------------------------------------
dac=$(page fiches/dac-58/index.html)
expect_contains "sheet h1" "$dac" "<h1>Dispositif d&#39;appui à la coordination de la Nièvre <span class=\"sigle\">(DAC 58)</span></h1>"
expect_contains "sheet summary" "$dac" "quand une situation de santé devient trop compliquée"
expect_contains "sheet public" "$dac" 'href="../../publics/personnes-agees/index.html">Personnes âgées</a>'
expect_contains "sheet need" "$dac" 'href="../../besoins/rester-a-domicile/index.html">Rester vivre chez soi</a>'
expect_contains "sheet territory" "$dac" 'href="../../territoires/58/index.html">Nièvre'
expect_contains "sheet place" "$dac" "8 rue des Francs-Bourgeois"
expect_contains "sheet hours in French" "$dac" "Du lundi au vendredi, de 9"
expect_contains "sheet hours per day" "$dac" "<th scope=\"row\">Samedi</th><td>Fermé</td>"
expect_contains "sheet tel: link" "$dac" '<a href="tel:+33353730001">03 53 73 00 01</a>'
expect_contains "sheet mailto: link" "$dac" '<a href="mailto:contact-dac58@example.org">'
expect_contains "sheet access" "$dac" "Visites à domicile"
expect_contains "sheet referral" "$dac" "Un professionnel (médecin"
expect_contains "sheet cost" "$dac" "<dd>Gratuit</dd>"
expect_contains "sheet languages" "$dac" "Français ; interprétariat possible"
expect_contains "sheet body: access section" "$dac" '<h2 id="t-acces">Comment y accéder ?</h2>'
expect_contains "sheet body: what it does" "$dac" '<h2 id="t-fait">Ce que fait le service</h2>'
expect_contains "sheet body: other sections keep their title" "$dac" '>À savoir</h2>' 
expect_contains "sheet body link" "$dac" '<a href="https://example.org/dac58/demande">la page du'
expect_contains "sheet works with" "$dac" 'href="../../fiches/clic-nevers-agglo/index.html"'
expect_contains "sheet verified" "$dac" '<time datetime="2026-09-15">15 septembre 2026</time>'
expect_not_contains "fresh sheet not stale" "$dac" "À vérifier"
expect_contains "sheet upcoming closure" "$dac" "Fermeture prévue :</strong> du 24 décembre 2026 au 2 janvier 2027"
expect_contains "sheet edit link" "$dac" 'href="https://github.com/example/maillage-nievre/edit/main/content/fiches/dac-58.md"'
expect_contains "sheet canonical" "$dac" '<link rel="canonical" href="https://repertoire.example.org/fiches/dac-58/">'
expect_contains "sheet og:title" "$dac" '<meta property="og:title" content="Dispositif d&#39;appui'
expect_contains "sheet abbr" "$dac" '<abbr title="Dispositif d&#39;appui à la coordination">DAC</abbr>'
# (the cards of « Travaille avec » are read on their own: they explain theirs)
expect_eq "abbr only on first occurrence" \
    "$(sed '/id="t-liens"/,$d' <<<"$dac" | grep -o '<abbr title="Dispositif d&#39;appui à la coordination">DAC</abbr>' | wc -l)" 1
# JSON-LD: parsed, with address, geo, telephone and openingHours.
sed -n 's|.*<script type="application/ld+json">\(.*\)</script>.*|\1|p' \
    "$site/fiches/dac-58/index.html" >"$T_TMP/ld.json"
check "sheet JSON-LD" node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const l = j.location[0];
process.exit(j["@context"] === "https://schema.org" && j.name.startsWith("Dispositif") &&
    j.telephone === "03 53 73 00 01" && l.address.streetAddress === "8 rue des Francs-Bourgeois" &&
    l.address.postalCode === "58000" && l.address.addressLocality === "Nevers" &&
    l.geo.latitude === 46.9893 && l.openingHours.includes("Mo-Fr 09:00-12:30") ? 0 : 1);
' "$T_TMP/ld.json"
# Links both ways: dac-58 names cpts-nevers; cpts-nevers shows dac-58.
expect_contains "works with, both ways" "$(page fiches/cpts-nevers/index.html)" \
    'href="../../fiches/dac-58/index.html"'
expect_contains "stale mark" "$(page fiches/clic-haut-nivernais/index.html)" \
    '<strong class="marque-verifier">À vérifier</strong>'
mdph=$(page fiches/mdph-58/index.html)
expect_contains "abbr ESAT" "$mdph" '<abbr title="Établissement et service d&#39;accompagnement par le travail">ESAT</abbr>'
expect_not_contains "ESA not inside ESAT" "$mdph" '>ESA</abbr>T'

# --- Issue 12: reading order, acronyms, places, print, report ----------
# headings of a page, in order, one per line
heads() { grep -o '<h[12][^>]*>[^<]*' "$site/$1" | sed 's/<h[12][^>]*>//'; }
order=$(heads fiches/dac-58/index.html | tr '\n' '|')
expect_contains "sheet order: name, what, access, details" "$order" \
    "Dispositif d&#39;appui à la coordination de la Nièvre |Contacter|Ce que fait le service|Comment y accéder ?|Pour qui ?|Où ?|Pour quels besoins ?|À savoir|Travaille avec|"
emg=$(page fiches/emg-nevers/index.html)
order=$(heads fiches/emg-nevers/index.html | tr '\n' '|')
expect_contains "untitled text first, under « Ce que fait le service »" "$emg" \
    '<h2 id="t-fait">Ce que fait le service</h2>
<div class="texte">
<p>L&#39;équipe se déplace'
expect_eq "one access heading (« Comment en bénéficier ? » merged)" \
    "$(grep -c 'Comment en bénéficier\|Comment y accéder' <<<"$emg")" 1
expect_contains "merged access: body text and details together" "$(tr '\n' ' ' <<<"$emg")" \
    'Comment y accéder ?</h2> <div class="texte"> <p>Le médecin du service'
for f in "$site"/fiches/*/index.html; do
	n=$(grep -c '<h2 id="t-acces">' "$f")
	[ "$n" -le 1 ] || fail "$f: $n access headings"
	n=$(grep -c 'Comment en bénéficier' "$f")
	[ "$n" -eq 0 ] || fail "$f: « Comment en bénéficier » left"
done
pass
expect_contains "acronym spelled out at first use" "$dac" \
    '<abbr title="Dispositif d&#39;appui à la coordination">DAC</abbr> 58 (Dispositif d&#39;appui à la coordination) intervient'
expect_eq "acronym spelled out once per page" \
    "$(grep -o '(Plan personnalisé de santé)' <<<"$dac" | wc -l)" 1
expect_not_contains "no long form right after « long form (SIGLE) »" \
    "$(page fiches/clic-nevers-agglo/index.html)" '(CLIC) (Centre'
expect_contains "card: acronym spelled out" "$(page besoins/rester-a-domicile/index.html)" \
    'Le <abbr title="Centre local d&#39;information et de coordination gérontologique">CLIC</abbr> (Centre local d&#39;information et de coordination gérontologique) vous écoute'
g=$(page glossaire/index.html)
expect_contains "glossary: long form" "$g" '<p class="forme-longue">Centre local d&#39;information et de coordination gérontologique</p>'
expect_contains "glossary: plain definition from types.yaml" "$g" \
    "<p>Guichet d&#39;accueil, d&#39;information et de conseil pour les personnes âgées"
expect_contains "glossary: link to the kind's services" "$g" \
    '<a href="../types/clic/index.html">Voir les 3 services<span class="visuellement-cache"> : CLIC</span></a>'
expect_contains "itinerary from coordinates (OpenStreetMap, geo: on phones)" "$dac" \
    '<a class="itineraire" href="https://www.openstreetmap.org/directions?to=46.9893%2C3.1601" data-geo="geo:46.9893,3.1601">Itinéraire'
expect_contains "itinerary from an address" "$emg" \
    'href="https://www.openstreetmap.org/directions?to=1%20boulevard%20de%20l%27H%C3%B4pital%2C%2058000%20Nevers" data-geo="geo:0,0?q=1%20boulevard'
expect_contains "accessibility given" "$dac" '<strong>Accessibilité :</strong> Locaux de plain-pied'
expect_contains "accessibility missing: « non renseignée »" "$emg" '<strong>Accessibilité :</strong> non renseignée'
expect_contains "open-now data from the hours" "$dac" \
    'data-horaires="{&quot;j&quot;:[[[540,750],[810,1020]],[[540,750],[810,1020]],[[540,750],[810,1020]],[[540,750],[810,1020]],[[540,750],[810,1020]],[],[]],&quot;ph&quot;:1}" data-fermetures="2026-12-24/2027-01-02" hidden'
expect_contains "static French hours stay" "$dac" '<p><strong>Horaires :</strong> Du lundi au vendredi, de 9'
expect_contains "print button (shown by fiche.js)" "$dac" \
    '<button type="button" class="bouton-secondaire" data-imprimer hidden>Imprimer cette fiche</button>'
expect_contains "report a mistake: prefilled mail" "$dac" \
    'href="mailto:signalement@example.org?subject=Erreur%20sur%20la%20fiche%20%C2%AB%20Dispositif%20d%27appui%20%C3%A0%20la%20coordination%20de%20la%20Ni%C3%A8vre%20%C2%BB&amp;body=Fiche%20%3A%20Dispositif'
expect_contains "report a mistake: the page's address" "$dac" 'Page%20%3A%20https%3A%2F%2Frepertoire.example.org%2Ffiches%2Fdac-58%2F'
for f in "$site"/fiches/*/index.html; do
	grep -q '>Signaler une erreur</a>' "$f" || fail "$f: no « Signaler une erreur »"
	grep -q '>Proposer une modification de cette fiche</a>' "$f" || fail "$f: no « Proposer une modification »"
done
pass
check "fiche.js copied" test -s "$site/assets/fiche.js"
# Professionals only: marked, and after the services open to the public.
expect_contains "pro-only sheet: marked" "$emg" '<p class="etat etat-pro">Pour les professionnels</p>'
expect_not_contains "public sheet: not marked" "$(sed '/id="t-liens"/,$d' <<<"$dac")" 'etat-pro'
sor=$(page besoins/sortie-hospitalisation/index.html)
expect_contains "pro-only: own heading on need page" "$sor" '<h2 id="pour-les-pros">Pour les professionnels'
expect_contains "pro-only card marked" "$sor" '<p class="etat etat-pro">Pour les professionnels</p>'
a=$(grep -n 'fiches/dac-58/index.html' <<<"$sor" | head -1 | cut -d: -f1)
b=$(grep -n 'pour-les-pros' <<<"$sor" | tail -1 | cut -d: -f1)
c=$(grep -n 'fiches/emg-nevers/index.html' <<<"$sor" | head -1 | cut -d: -f1)
check "pro-only listed after the public ones" test "${a:-0}" -gt 0 -a "$a" -lt "${b:-0}" -a "${b:-0}" -lt "${c:-0}"
n=$(sed -n 's/.*<p class="chapeau">\([0-9]*\) services peuvent vous aider.*/\1/p' <<<"$sor")
p=$(sed '/id="pour-les-pros"/,$d' <<<"$sor" | grep -c '<li class="carte')
expect_eq "« N services peuvent vous aider » counts the public ones" "$n" "$p"
check "HAD (asked for by a doctor) is with the professionals" sh -c \
    "sed '1,/id=\"pour-les-pros\"/d' '$site/besoins/sortie-hospitalisation/index.html' | grep -q 'fiches/had-nievre/'"
# Territory pages too: professionals-only services after the public ones,
# under their own heading, and nowhere in the public lists.
tn=$(page territoires/58194/index.html)
expect_contains "territory: pro-only heading" "$tn" '<h2 id="pour-les-pros">Pour les professionnels'
pub=$(sed '/id="pour-les-pros"/,$d' <<<"$tn")
pros=$(sed '1,/id="pour-les-pros"/d' <<<"$tn")
expect_not_contains "territory: EMG (pro only) not in the public lists" "$pub" 'fiches/emg-nevers/'
expect_not_contains "territory: HAD (pro only) not in the public lists" "$pub" 'fiches/had-nievre/'
expect_contains "territory: EMG under the professionals' heading" "$pros" 'fiches/emg-nevers/'
expect_contains "territory: HAD under the professionals' heading" "$pros" 'fiches/had-nievre/'
expect_contains "territory: public services still listed" "$pub" 'fiches/dac-58/'
bad=0
for f in "$site"/territoires/*/index.html; do
	grep -q 'id="pour-les-pros"' "$f" || continue
	b=$(grep -n 'id="pour-les-pros"' "$f" | head -1 | cut -d: -f1)
	l=$(grep -n 'id="t-situes"\|id="t-couvrent"' "$f" | tail -1 | cut -d: -f1)
	[ -z "$l" ] || [ "$l" -lt "$b" ] || { echo "$f: professionals before the public"; bad=1; }
done
expect_eq "territory pages: the professionals' section comes last" "$bad" 0

# « 1 service », never « 1 services ».
check "never « 1 services »" sh -c "! grep -rqE '(^|[^0-9])1 services' '$site' --include=index.html"
expect_contains "home: examples from the content" "$(page index.html)" \
    'Par exemple : démarches administratives, CLIC, Nevers.'
# No sample-specific word in the templates.
check "templates name no sample place or acronym" sh -c \
    "! grep -rlE 'Nevers|Nièvre|CLIC|DAC|aide à domicile' '$tpl' --include='*.mustache'"

# --- Closed sheets and drafts -------------------------------------------
closed=$(page fiches/clic-loire-allier/index.html)
expect_contains "closed notice" "$closed" "Ce service est fermé."
expect_contains "closed: since when it is known closed" "$closed" "Information vérifiée le 1er avril 2026."
expect_contains "closed: points to remplace_par" "$closed" \
    'Il est remplacé par <a href="../../fiches/dac-58/index.html">Dispositif d&#39;appui à la coordination de la Nièvre</a>.'
expect_not_contains "closed: no contact box" "$closed" 'id="t-contact"'
expect_not_contains "closed: no phone" "$closed" 'tel:+33353730140'
expect_not_contains "closed: no itinerary in a contact box" "$closed" 'contact-ligne"><a class="itineraire"'
for f in "$site"/actualites/*/index.html "$site"/fiches/*/index.html; do
	if grep -q 'fiches/clic-loire-allier/index.html' "$f" &&
	    tr '\n' ' ' <"$f" | grep -q 'clic-loire-allier/index.html">CLIC Loire et Allier</a></h[34]>[^§]*tel:+33353730140'; then
		fail "$f: a card repeats the closed service's number"
	fi
done
pass
# A since-date when a closure has begun (a copy with one).
cl=$T_TMP/closed
cp -r content "$cl"
sed -i 's/^remplace_par: dac-58$/remplace_par: dac-58\nfermetures:\n  - {du: 2026-03-31, au: 2026-12-31, motif: fermeture définitive}/' \
    "$cl/fiches/clic-loire-allier.md"
build "$cl" -o "$T_TMP/clout" --only site >/dev/null 2>&1
expect_contains "closed: « fermé depuis le … »" \
    "$(cat "$T_TMP/clout/site/fiches/clic-loire-allier/index.html" 2>/dev/null)" \
    "Ce service est fermé depuis le 31 mars 2026."
# facile: opens the page, in its box, before the summary.
clic=$(page fiches/clic-nevers-agglo/index.html)
expect_contains "facile box" "$clic" '<section class="facile" aria-labelledby="t-facile">
<h2 id="t-facile">Facile à lire</h2>
<p>Vous avez plus de 60 ans.'
check "facile before the summary" sh -c "grep -n 'class=\"facile\"\|class=\"chapeau\"' '$site/fiches/clic-nevers-agglo/index.html' | head -1 | grep -q facile"
expect_not_contains "no facile box without facile" "$dac" 'class="facile"'
# signalement from site.yaml
expect_contains "signalement used" "$(page fiches/clic-nevers-agglo/index.html)" 'href="mailto:signalement@example.org?subject=Erreur%20sur%20la%20fiche'
hs=$T_TMP/https
cp -r content "$hs"
sed -i 's|^signalement: .*|signalement: https://forms.example.org/erreur?source=annuaire|' "$hs/site.yaml"
build "$hs" -o "$T_TMP/hsout" --only site >/dev/null 2>&1
expect_contains "signalement as a form URL" \
    "$(cat "$T_TMP/hsout/site/fiches/dac-58/index.html" 2>/dev/null)" \
    'href="https://forms.example.org/erreur?source=annuaire&amp;fiche=Dispositif%20d%27appui%20%C3%A0%20la%20coordination%20de%20la%20Ni%C3%A8vre">Signaler une erreur</a>'
# A territory with no local service.
empty=$(page territoires/58011/index.html)
expect_contains "empty territory: says so" "$empty" '<h2 id="t-manque">Aucun service installé ici</h2>'
expect_contains "empty territory: services from above" "$empty" 'href="../../fiches/dac-58/index.html"'
expect_contains "empty territory: urgences" "$empty" '<li><a href="tel:15">15</a> <span class="urgence-nom">SAMU</span>'
expect_contains "empty territory: report a missing service" "$empty" \
    '>Signaler un service manquant</a>'
expect_contains "report a missing service: prefilled" "$empty" 'subject=Service%20manquant%20%3A%20'
expect_not_contains "territory with local services: no urgences box" "$(page territoires/58194/index.html)" 'id="t-manque"'
# couleur across the site
expect_contains "couleur" "$(page index.html)" '<style>:root{--primaire:#1d4f91;--primaire-fonce:#14376'
expect_contains "couleur on sheets" "$dac" '--primaire:#1d4f91;'
# No map without carte.tuiles: no Leaflet, no map element.
check "no map without carte.tuiles" sh -c "! grep -rlq 'leaflet\|carte-territoire\|carte-recherche' '$site' --include=index.html && test ! -e '$site/assets/leaflet'"
check "no places in the search metadata without carte.tuiles" sh -c "! grep -q ',0,\[\[' '$site/recherche/idx/m/0.json'"
expect_not_contains "closed: not in need list" \
    "$(page besoins/rester-a-domicile/index.html)" "clic-loire-allier"
expect_not_contains "closed: not in type list" "$(page types/clic/index.html)" \
    "clic-loire-allier"
expect_not_contains "closed: not in territory" \
    "$(cat "$site"/territoires/*/index.html)" "clic-loire-allier"
expect_contains "closed: in A-Z, marked" "$(page a-z/index.html)" \
    'clic-loire-allier/index.html">CLIC Loire et Allier</a> (CLIC)<span class="discret"> — Centre local d&#39;information et de coordination gérontologique, Imphy</span> <strong class="etat etat-ferme">fermé</strong>'
check "draft: no page" test ! -e "$site/fiches/cpts-haut-nivernais-morvan"
check "draft: nowhere" sh -c "! grep -rlq 'cpts-haut-nivernais-morvan\|CPTS du Haut Nivernais' '$site'"

# --- contacts_pro never appears -----------------------------------------
python3 - content/fiches/*.md >"$T_TMP/pro.txt" <<'EOF'
import re, sys
for f in sys.argv[1:]:
    fm = open(f, encoding='utf-8').read().split('\n---', 1)[0]
    m = re.search(r'^contacts_pro:\n((?:[ -].*\n?)*)', fm, re.M)
    if not m:
        continue
    for key in ('nom', 'email', 'telephone'):
        for v in re.findall(r'\b' + key + r':\s*"?([^,"}\n]+)"?', m.group(1)):
            v = v.strip()
            print(v)
            if key == 'telephone':
                d = re.sub(r'\D', '', v)
                print(d)
                print('+33' + d[1:])
EOF
npro=$(wc -l <"$T_TMP/pro.txt")
check "contacts_pro found in the content ($npro strings)" test "$npro" -ge 6
while IFS= read -r s; do
	[ -n "$s" ] || continue
	if grep -rqF -- "$s" "$site"; then
		fail "contacts_pro « $s » appears in: $(grep -rlF -- "$s" "$site" | head -3)"
	else
		pass
	fi
done <"$T_TMP/pro.txt"
check "no contacts_pro key" sh -c "! grep -rq contacts_pro '$site'"

# --- Lists, territories, kinds, glossary, news --------------------------
t=$(page territoires/58194/index.html)
expect_contains "territory: located card" "$t" 'href="../../fiches/dac-58/index.html">Dispositif'
expect_contains "territory: covering line" "$t" 'href="../../fiches/cpts-nevers/index.html"'
expect_contains "territory: grouped by need" "$t" '<h3 id="situes-rester-a-domicile">Rester vivre chez soi'
expect_contains "territory: parent" "$t" 'Fait partie de : <a href="../245804406/index.html">CA de Nevers</a>'
expect_contains "territory: zone" "$t" 'href="../qpv-banlay/index.html">Quartier prioritaire du Banlay'
# groups PAGE SHEET: the need groups of a territory page that list the
# sheet, "situes-NEED" or "couvrent-NEED", one per line.
groups() {
	python3 - "$site/$1" "$2" <<'EOF'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
for part in html.split('<h3 id="')[1:]:
    anchor = part.split('"', 1)[0]
    body = part.split("<h2 ")[0]
    if "fiches/%s/index.html" % sys.argv[2] in body:
        print(anchor)
EOF
}
# pros PAGE SHEET: where the professionals-only section of a territory
# page lists the sheet: "situe" (a card: located there) or "couvre" (a
# line: covers it from elsewhere); nothing when it is not there.
pros() {
	python3 - "$site/$1" "$2" <<'EOF'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
part = html.split('<h2 id="pour-les-pros">', 1)[1:]
part = part[0].split("</section>", 1)[0] if part else ""
link = "fiches/%s/index.html" % sys.argv[2]
cards = part.split('<ul class="lignes">', 1)
if link in cards[0]:
    print("situe")
elif len(cards) > 1 and link in cards[1]:
    print("couvre")
EOF
}
# A service without a place is located in the territories it names (and
# those that contain them): the CLS of the agglomeration of Nevers names
# its EPCI. It is for professionals only (orientation: [professionnels]):
# listed after the public ones, in the professionals' section.
expect_eq "CLS located in its EPCI (professionals' section)" \
    "$(pros territoires/245804406/index.html cls-nevers-agglo)" situe
expect_eq "CLS located in the département (professionals' section)" \
    "$(pros territoires/58/index.html cls-nevers-agglo)" situe
expect_eq "CLS covers the city of Nevers from its EPCI" \
    "$(pros territoires/58194/index.html cls-nevers-agglo)" couvre
expect_eq "CLS in no need group of the public lists" \
    "$(groups territoires/245804406/index.html cls-nevers-agglo)" ""
# A sheet with a place: under each need too (ccas-nevers on its city).
expect_eq "CCAS of Nevers under each of its needs" \
    "$(groups territoires/58194/index.html ccas-nevers | wc -l)" \
    "$(sed -n 's/^besoins: *\[\(.*\)\]/\1/p' content/fiches/ccas-nevers.md |
    tr ',' '\n' | grep -c .)"
expect_contains "EPCI: children" "$(page territoires/245804406/index.html)" \
    '<a href="../58303/index.html">Varennes-Vauzelles</a>'
expect_contains "zone: communes" "$(page territoires/bassin-nord/index.html)" \
    '<h3>Communes de ce territoire</h3>'
expect_contains "zone: commune link" "$(page territoires/bassin-nord/index.html)" \
    '<a href="../58079/index.html">Clamecy</a>'
expect_contains "kind: definition" "$(page types/clic/index.html)" \
    "Qu&#39;est-ce qu&#39;un CLIC ?"
expect_contains "kind: feminine" "$(page types/mdph/index.html)" \
    "Qu&#39;est-ce qu&#39;une MDPH ?"
expect_contains "need page" "$(page besoins/rester-a-domicile/index.html)" \
    '<h1>Rester vivre chez soi</h1>'
expect_contains "glossary" "$(page glossaire/index.html)" \
    '<dt><abbr title="Allocation personnalisée d&#39;autonomie">APA</abbr></dt>'
expect_contains "news list" "$(page actualites/index.html)" \
    'href="2026-11-20-nouvelle-cpts/index.html">Trouver un médecin traitant'
expect_contains "news page: sheets" "$(page actualites/2026-11-20-nouvelle-cpts/index.html)" \
    'href="../../fiches/cpts-nevers/index.html"'
expect_contains "free page" "$(page a-propos/index.html)" '<h1>À propos</h1>'
expect_contains "404 from site root" "$(page 404.html)" 'href="/assets/site.css"'

# --- Home and search pages: the contract with search.js ------------------
home=$(page index.html)
expect_contains "home: search form" "$home" '<form class="recherche-accueil" role="search" action="recherche/" method="get">'
expect_contains "home: label" "$home" '<label for="q-accueil">'
expect_contains "home: input" "$home" '<input id="q-accueil" name="q" type="search" autocomplete="off" data-typeahead'
expect_contains "home: needs" "$home" '<a href="besoins/rester-a-domicile/index.html"><span class="tuile-nom">Rester vivre chez soi</span>'
expect_contains "home: publics" "$home" 'href="publics/aidants/index.html">Proches aidants</a>'
expect_not_contains "home: no need card with « 0 service »" "$home" '>0 service'
expect_not_contains "home: not « being filled » with services" "$home" 'en cours de construction'
expect_contains "home: EPCI" "$home" 'href="territoires/245804406/index.html">CA de Nevers</a>'
expect_contains "home: kinds" "$home" 'href="types/clic/index.html">'
expect_contains "home: print stylesheet" "$home" '<link rel="stylesheet" href="assets/print.css" media="print">'
r=$(page recherche/index.html)
expect_contains "search: form" "$r" '<form id="recherche-form" role="search" action="./" method="get">'
expect_contains "search: label" "$r" '<label for="q">'
expect_contains "search: input" "$r" '<input id="q" name="q" type="search" autocomplete="off"'
for f in territoire besoin public type; do
	expect_contains "search: select $f" "$r" "name=\"$f\">
<option value=\"\">Tous</option>"
done
expect_contains "search: territory groups" "$r" '<optgroup label="Départements">
<option value="58">Nièvre</option>'
expect_contains "search: status" "$r" '<p id="resultats-statut" role="status" aria-live="polite"></p>'
expect_contains "search: browse lists" "$r" '<div id="resultats">'
expect_contains "search: browse needs" "$r" 'href="../besoins/rester-a-domicile/index.html"'
if [ -f "$tpl/assets/search.js" ]; then
	expect_contains "search: script" "$r" '<script src="../assets/search.js" defer></script>'
	expect_contains "home: script" "$home" '<script src="assets/search.js" defer></script>'
	# Copied without its comment lines (t-search checks the code lines).
	check "search.js copied" grep -q 'function createSearch' "$site/assets/search.js"
fi

# --- sitemap, robots, Atom ----------------------------------------------
npages=$(find "$site" -name '*.html' ! -name 404.html | wc -l)
expect_eq "sitemap: every page" "$(grep -c '<url><loc>' "$site/sitemap.xml")" "$npages"
expect_contains "sitemap: absolute" "$(page sitemap.xml)" \
    '<url><loc>https://repertoire.example.org/fiches/dac-58/</loc>'
expect_contains "robots: sitemap" "$(page robots.txt)" \
    'Sitemap: https://repertoire.example.org/sitemap.xml'
atom=$(page actualites/atom.xml)
expect_eq "atom: updated is the newest news" \
    "$(grep -m1 -o '<updated>[^<]*</updated>' <<<"$atom")" \
    '<updated>2026-11-20T00:00:00Z</updated>'
expect_eq "atom: entries" "$(grep -c '<entry>' <<<"$atom")" \
    "$(ls content/actualites/*.md | wc -l)"
if command -v xmllint >/dev/null; then
	check "xml well-formed" xmllint --noout "$site/sitemap.xml" \
	    "$site/actualites/atom.xml"
else
	check "xml well-formed" python3 -c 'import sys, xml.dom.minidom as m
[m.parse(f) for f in sys.argv[1:]]' "$site/sitemap.xml" "$site/actualites/atom.xml"
fi

# --- Links and assets (and the checker itself) -------------------------
node tests/site/links.js "$site" / >"$T_TMP/links.log" 2>&1
check "internal links resolve" test $? -eq 0
tail -5 "$T_TMP/links.log"
cp -r "$site" "$T_TMP/broken"
sed -i 's|</main>|<a href="nulle-part/index.html">x</a><h1>y</h1></main>|' \
    "$T_TMP/broken/a-z/index.html"
check "link checker catches a broken link" sh -c \
    "! node tests/site/links.js '$T_TMP/broken' / >'$T_TMP/broken.log' 2>&1 && grep -q 'nulle-part' '$T_TMP/broken.log' && grep -q '2 titres h1' '$T_TMP/broken.log'"

# --- HTML validation ----------------------------------------------------
if [ -f "$VNU" ] && command -v java >/dev/null; then
	java -jar "$VNU" --errors-only --skip-non-html "$site" >"$T_TMP/vnu.log" 2>&1
	check "vnu: valid HTML" test $? -eq 0 -a ! -s "$T_TMP/vnu.log"
	head -10 "$T_TMP/vnu.log"
	echo '<!DOCTYPE html><html lang="fr"><head><title>x</title></head><body><p><div></p></body></html>' \
	    >"$T_TMP/invalid.html"
	check "vnu catches invalid HTML" sh -c \
	    "! java -jar '$VNU' --errors-only '$T_TMP/invalid.html' >/dev/null 2>&1"
else
	fail "vnu or java missing"
fi

# --- Links to the printed outputs (issue 9) -------------------------------
# A site built alone links to no PDF (none was printed in its run).
check "--only site: no printed file published" test ! -e "$site/imprimer"
check "--only site: no link to a PDF" sh -c "! grep -rlq '\.pdf\"' '$site' --include=index.html"
# A full build publishes the flyers and directories it wrote under
# site/imprimer/ and links them: every PDF link of every page resolves to
# a file of OUT/site with the bytes of OUT/pdf or OUT/flyers, the page
# count shown is pdfinfo's, and every flyer and directory is linked.
pb=$T_TMP/printed
build content -o "$pb" --facile >"$T_TMP/printed.log" 2>&1
expect_eq "full build exit code" "$?" 0
cat >"$T_TMP/printed.py" <<'PY'
import filecmp, glob, os, re, subprocess, sys
out = sys.argv[1]
site = os.path.join(out, "site")
fails, seen = [], set()
def pages_of(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
def origin(rel):
    if rel.startswith("imprimer/annuaires/"):
        return os.path.join(out, "pdf", rel[len("imprimer/annuaires/"):])
    if rel.startswith("imprimer/affichettes/"):
        return os.path.join(out, "flyers", rel[len("imprimer/affichettes/"):])
    if rel.startswith("imprimer/qui-contacter/"):
        return os.path.join(out, "flyers", rel[len("imprimer/"):])
    return None
nlinks = ncounts = 0
for page in sorted(glob.glob(site + "/**/index.html", recursive=True)):
    html = open(page, encoding="utf-8").read()
    for href, text in re.findall(r'<a [^>]*href="([^"]+\.pdf)"[^>]*>([^<]*)</a>', html):
        nlinks += 1
        f = os.path.normpath(os.path.join(os.path.dirname(page), href))
        rel = os.path.relpath(f, site)
        if rel.startswith("..") or not os.path.isfile(f):
            fails.append("%s: dead link %s" % (page, href))
            continue
        seen.add(rel)
        o = origin(rel)
        if o is None or not os.path.isfile(o) or not filecmp.cmp(f, o, shallow=False):
            fails.append("%s: %s is not the printed file %s" % (page, rel, o))
        m = re.search(r"\(PDF, (\d+) pages?\)", text)
        if m:
            ncounts += 1
            if int(m.group(1)) != pages_of(f):
                fails.append("%s: says %s pages, pdfinfo %d" % (page, m.group(1), pages_of(f)))
        elif rel.startswith("imprimer/annuaires/"):
            fails.append("%s: directory link without its page count" % page)
# Everything printed is linked from somewhere.
printed = [os.path.relpath(p, out) for p in glob.glob(out + "/pdf/*.pdf") +
           glob.glob(out + "/flyers/*.pdf") + glob.glob(out + "/flyers/facile/*.pdf") +
           glob.glob(out + "/flyers/qui-contacter/*.pdf")]
for p in printed:
    rel = ("imprimer/annuaires/" + p[4:] if p.startswith("pdf/") else
           "imprimer/" + p[7:] if p.startswith("flyers/qui-contacter/") else
           "imprimer/affichettes/" + p[7:])
    if rel not in seen:
        fails.append("printed but not linked: " + p)
for f in fails[:20]:
    print(f)
print("links %d, page counts %d, printed files %d" % (nlinks, ncounts, len(printed)))
sys.exit(1 if fails or not printed or ncounts == 0 else 0)
PY
python3 "$T_TMP/printed.py" "$pb" >"$T_TMP/printed.out" 2>&1
expect_eq "printed outputs: links resolve, counts are pdfinfo's, all linked" "$?" 0
cat "$T_TMP/printed.out"
# ...and the checker fails on a dead link and on a wrong count.
cp -r "$pb" "$T_TMP/printed-bad"
rm "$T_TMP/printed-bad/site/imprimer/affichettes/dac-58.pdf"
sed -i 's/(PDF, [0-9]* pages)/(PDF, 999 pages)/' "$T_TMP/printed-bad/site/territoires/58/index.html"
python3 "$T_TMP/printed.py" "$T_TMP/printed-bad" >"$T_TMP/printed-bad.out" 2>&1
check "printed checker: fails on a dead link and a wrong count" sh -c \
    "grep -q 'dead link ../../imprimer/affichettes/dac-58.pdf' '$T_TMP/printed-bad.out' && grep -q 'says 999 pages' '$T_TMP/printed-bad.out'"
pdac=$(cat "$pb/site/fiches/dac-58/index.html")
expect_contains "sheet: « Imprimer l'affichette »" "$pdac" \
    'href="../../imprimer/affichettes/dac-58.pdf" type="application/pdf">Imprimer l'"'"'affichette</a>'
fac=$(basename "$(ls "$pb"/flyers/facile/*.pdf | head -1)" .pdf)
expect_contains "sheet with a facile text: its easy-to-read flyer" \
    "$(cat "$pb/site/fiches/$fac/index.html")" "imprimer/affichettes/facile/$fac.pdf"
expect_not_contains "sheet without a facile text: no easy-to-read flyer" "$pdac" 'affichettes/facile/'
pn=$(pdfinfo "$pb/pdf/58-nievre.pdf" | sed -n 's/^Pages: *//p')
expect_contains "département page: its directory with pdfinfo's page count" \
    "$(cat "$pb/site/territoires/58/index.html")" \
    "href=\"../../imprimer/annuaires/58-nievre.pdf\" type=\"application/pdf\">Télécharger l'annuaire (PDF, $pn pages)</a>"
expect_contains "département page: « Qui contacter ? »" \
    "$(cat "$pb/site/territoires/58/index.html")" 'href="../../imprimer/qui-contacter/58.pdf" type="application/pdf">Qui contacter ?</a>'
expect_contains "département page: « À imprimer » said under its title" \
    "$(sed -n '/<h1>/,/<h2/p' "$pb/site/territoires/58/index.html")" \
    '<a href="#t-imprimer">À imprimer pour ce territoire</a>'
check "... and the section it points to" grep -q 'id="t-imprimer"' "$pb/site/territoires/58/index.html"
check "--only site: no « À imprimer » line" sh -c "! grep -q 'À imprimer pour' '$site/territoires/58/index.html'"
expect_contains "commune page: the directory of the territory above it" \
    "$(cat "$pb/site/territoires/58194/index.html")" 'imprimer/annuaires/245804406-ca-de-nevers.pdf'
closed=0
for f in "$pb"/site/fiches/*/index.html; do
	grep -q 'Ce service est fermé' "$f" || continue
	closed=$((closed + 1))
	grep -q 'imprimer/affichettes' "$f" && fail "$f: a closed sheet links to a flyer"
done
check "closed sheets seen" test "$closed" -gt 0
# The professional edition (OUT/pdf-pro) is never published on the site.
build content -o "$T_TMP/pro" --edition pro --only site,pdf >"$T_TMP/pro.log" 2>&1
expect_eq "pro build exit code" "$?" 0
check "pro edition: not under site/imprimer" test ! -e "$T_TMP/pro/site/imprimer"
check "pro edition: no link to a PDF" sh -c "! grep -rlq 'imprimer/annuaires' '$T_TMP/pro/site' --include=index.html"

# --- Maps with carte.tuiles ---------------------------------------------
mp=$T_TMP/carte
cp -r content "$mp"
printf 'carte:\n  tuiles: "https://tuiles.example.org/{z}/{x}/{y}.png"\n  attribution: "© tuiles de test"\n' >>"$mp/site.yaml"
build "$mp" -o "$T_TMP/mout" --only site >"$T_TMP/mbuild.log" 2>&1
expect_eq "map: builds" "$?" 0
ms=$T_TMP/mout/site
check "map: Debian's Leaflet copied, minified" cmp -s /usr/share/javascript/leaflet/leaflet.min.js "$ms/assets/leaflet/leaflet.js"
check "map: Leaflet's marker image" test -s "$ms/assets/leaflet/images/marker-icon.png"
mt=$(cat "$ms/territoires/58194/index.html")
expect_contains "map: on the territory page" "$mt" '<div class="carte-territoire" data-lieux="[{&quot;n&quot;:'
expect_contains "map: tiles and attribution" "$mt" 'data-tuiles="https://tuiles.example.org/{z}/{x}/{y}.png" data-attribution="© tuiles de test" hidden'
expect_contains "map: scripts" "$mt" '<script src="../../assets/leaflet/leaflet.js" defer></script>'
expect_not_contains "map: none where no place is located" "$(cat "$ms/territoires/58011/index.html")" 'carte-territoire'
msr=$(cat "$ms/recherche/index.html")
expect_contains "search map: its section, hidden until results have places" "$msr" '<section class="bloc carte-resultats" aria-labelledby="t-carte" hidden>'
expect_contains "search map: tiles and attribution" "$msr" '<div class="carte-recherche" data-tuiles="https://tuiles.example.org/{z}/{x}/{y}.png" data-attribution="© tuiles de test">'
expect_contains "search map: scripts" "$msr" '<script src="../assets/carte.js" defer></script>'
check "search map: the results' places in the metadata" grep -q '"accueil-de-jour-clamecy",.*,0,\[\[47\.4623,3\.5168\]\]\]' "$ms/recherche/idx/m/0.json"

# --- Hostile content -----------------------------------------------------
x=$T_TMP/xss
cp -r content "$x"
sed -i 's|^nom: Dispositif.*|nom: "<script>alert(1)</script>"|' "$x/fiches/dac-58.md"
sed -i "s|^resume: .*|resume: '\"><img src=x onerror=alert(2)> ESA et ESAT'|" \
    "$x/fiches/dac-58.md"
cat >>"$x/fiches/dac-58.md" <<'EOF'

Un [lien piégé](javascript:alert(3)) et un [autre](JaVaScRiPt:alert(4)),
une image ![texte de remplacement](javascript:alert(5)) et du HTML brut :
<img src=x onerror=alert(6)> <script>alert(7)</script>

<iframe src="javascript:alert(8)"></iframe>

Un ESAT n'est pas une ESA ; l'APA, l’ESA.
EOF
build "$x" -o "$T_TMP/xout" --only site >"$T_TMP/xss.log" 2>&1
expect_eq "hostile content builds" "$?" 0
xs=$T_TMP/xout/site
xp=$(cat "$xs/fiches/dac-58/index.html" 2>/dev/null)
expect_contains "name escaped" "$xp" '<h1>&lt;script&gt;alert(1)&lt;/script&gt;'
expect_contains "name escaped in JSON-LD" "$xp" '"name":"\u003cscript\u003ealert(1)\u003c/script\u003e"'
expect_contains "summary escaped" "$xp" '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'
expect_contains "unsafe link as text" "$xp" 'Un lien piégé et un autre'
expect_contains "image as its alt text" "$xp" 'une image texte de remplacement et'
expect_contains "abbr ESAT (whole word)" "$xp" '<abbr title="Établissement et service d&#39;accompagnement par le travail">ESAT</abbr>'
expect_contains "abbr ESA" "$xp" '<abbr title="Équipe spécialisée Alzheimer">ESA</abbr>'
expect_contains "abbr after an apostrophe" "$xp" 'l&#39;<abbr title="Allocation personnalisée d&#39;autonomie">APA</abbr>'
find "$xs" \( -name '*.html' -o -name '*.xml' \) -exec cat {} + >"$T_TMP/hostile"
hostile=$(cat "$T_TMP/hostile")
expect_not_contains "no <script>alert" "$hostile" "<script>alert"
expect_not_contains "no <img" "$hostile" "<img"
expect_not_contains "no <iframe" "$hostile" "<iframe"
# Attribute values removed, no tag may carry an on…= handler.
sed -E 's/"[^"]*"//g' "$T_TMP/hostile" >"$T_TMP/tags"
check "no event handler attribute" sh -c \
    "! grep -Eq '<[a-zA-Z][^>]*[[:space:]]on[a-z]+=' '$T_TMP/tags'"
check "the handler check works" sh -c \
    "echo '<p>x</p><img src=x onerror=y>' | grep -Eq '<[a-zA-Z][^>]*[[:space:]]on[a-z]+='"
check "no javascript: in pages and feeds" sh -c \
    "! grep -rqi --include='*.html' --include='*.xml' 'javascript:' '$xs'"
check "no javascript: URL in any attribute" sh -c \
    "! grep -rEqi '(href|src|action)=\"[[:space:]]*javascript:' '$xs'"

# --- Determinism ---------------------------------------------------------
build content -o "$T_TMP/out2" --only site >/dev/null 2>&1
check "two builds are identical" diff -r "$site" "$T_TMP/out2/site"
build content -o "$T_TMP/out3" --only site -j 1 >/dev/null 2>&1
check "one thread or several: identical" diff -r "$site" "$T_TMP/out3/site"

# --- Atomicity -----------------------------------------------------------
snap() { (cd "$site" && find . -type f -exec sha256sum {} + | sort); }
snap >"$T_TMP/before"
bad=$T_TMP/bad
cp -r content "$bad"
sed -i 's/^type: dac$/type: inconnu/' "$bad/fiches/dac-58.md"
build "$bad" -o "$out" --only site >"$T_TMP/bad.log" 2>&1
expect_eq "content error: exit 1" "$?" 1
snap >"$T_TMP/after"
check "content error: previous site untouched" cmp -s "$T_TMP/before" "$T_TMP/after"
mkdir -p "$T_TMP/tpl"
cp -r "$tpl" "$T_TMP/tpl/templates"
line=$(($(wc -l <"$T_TMP/tpl/templates/fiche.mustache") + 1))
printf '{{#jamais}}\n<p>pas fermé</p>\n' >>"$T_TMP/tpl/templates/fiche.mustache"
"$MAILLAGE" build content -o "$out" --only site \
    --templates "$T_TMP/tpl/templates" >"$T_TMP/tpl.log" 2>&1
expect_eq "template error: exit 1" "$?" 1
expect_contains "template error: file:line:col" "$(cat "$T_TMP/tpl.log")" \
    "templates/fiche.mustache:$line:1: erreur"
snap >"$T_TMP/after"
check "template error: previous site untouched" cmp -s "$T_TMP/before" "$T_TMP/after"
cp "$tpl/fiche.mustache" "$T_TMP/tpl/templates/fiche.mustache"
printf 'x\n{{> inexistant}}\n' >>"$T_TMP/tpl/templates/page.mustache"
"$MAILLAGE" build content -o "$out" --only site \
    --templates "$T_TMP/tpl/templates" >"$T_TMP/tpl.log" 2>&1
expect_eq "missing partial: exit 1" "$?" 1
expect_contains "missing partial: located" "$(cat "$T_TMP/tpl.log")" \
    "templates/page.mustache:$(($(wc -l <"$tpl/page.mustache") + 2)):1: erreur"
snap >"$T_TMP/after"
check "missing partial: previous site untouched" cmp -s "$T_TMP/before" "$T_TMP/after"
check "no staging folder left" test ! -e "$out/.site.new"

# --- Accessibility in Chromium (axe-core), served over HTTP -------------
serve() {	# serve DIR: starts a server, sets $port
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" \
	    >/dev/null 2>&1 &
	servers+=($!)
	for _ in $(seq 50); do
		curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
		sleep 0.1
	done
	return 1
}
if [ -x /usr/bin/chromium ]; then
	serve "$site"
	timeout 600 node tests/site/axe.js "http://127.0.0.1:$port/" \
	    index.html fiches/dac-58/index.html territoires/58194/index.html \
	    recherche/index.html fiches/emg-nevers/index.html \
	    fiches/clic-loire-allier/index.html territoires/58011/index.html \
	    besoins/sortie-hospitalisation/index.html glossaire/index.html \
	    >"$T_TMP/axe.log" 2>&1
	check "axe: no violation on home, sheet, territory, search" test $? -eq 0
	cat "$T_TMP/axe.log" | head -30
	# The checker itself: a page with faults it must all report.
	mkdir -p "$T_TMP/faulty"
	cat >"$T_TMP/faulty/index.html" <<'EOF'
<!DOCTYPE html><html><head><title>x</title><style>p{color:#bbb}</style></head>
<body><p>pâle</p><input type="text"><div style="width:2000px">large</div>
<script>alert(1)</script></body></html>
EOF
	serve "$T_TMP/faulty"
	timeout 120 node tests/site/axe.js "http://127.0.0.1:$port/" index.html \
	    >"$T_TMP/axe-faulty.log" 2>&1
	check "axe checker catches faults" sh -c "! grep -q ' 0 problems' '$T_TMP/axe-faulty.log' &&
	    grep -q color-contrast '$T_TMP/axe-faulty.log' &&
	    grep -q html-has-lang '$T_TMP/axe-faulty.log' &&
	    grep -q 'boîte de dialogue' '$T_TMP/axe-faulty.log' &&
	    grep -q 'défilement horizontal' '$T_TMP/axe-faulty.log'"
	# Print: a sheet fits one A4 page (the DAC sheet and the longest ones).
	serve "$site"
	long=$(cd "$site" && ls -S fiches/*/index.html | grep -v dac-58 | head -3)
	mkdir -p "$T_TMP/print"
	timeout 300 node tests/site/print.js "http://127.0.0.1:$port/" "$T_TMP/print" \
	    fiches/dac-58/index.html $long >"$T_TMP/print.log" 2>&1
	check "print: PDFs made" test $? -eq 0
	i=0
	for f in fiches/dac-58/index.html $long; do
		expect_eq "print: $f on one A4 page" \
		    "$(pdfinfo "$T_TMP/print/$i.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" 1
		expect_contains "print: $f is A4" \
		    "$(pdfinfo "$T_TMP/print/$i.pdf" 2>/dev/null | grep "^Page size")" "(A4)"
		i=$((i + 1))
	done
	check "print: the sheet's text is printed" sh -c \
	    "pdftotext '$T_TMP/print/0.pdf' - | grep -q 'Dispositif d.appui à la coordination de la Nièvre'"
	# « Ouvert maintenant » computed in the browser, at Paris time.
	timeout 300 node tests/site/ouvert.js "http://127.0.0.1:$port/fiches/dac-58/index.html" \
	    2026-12-01T10:00:00+01:00 2026-12-01T12:45:00+01:00 \
	    2026-12-04T18:00:00+01:00 2026-12-23T18:00:00+01:00 \
	    2026-11-11T10:00:00+01:00 >"$T_TMP/ouvert.log" 2>&1
	expect_eq "open now: Tuesday 10:00, Friday evening, a closure, a public holiday" \
	    "$(cat "$T_TMP/ouvert.log")" "Ouvert maintenant, jusqu’à 12 h 30
Fermé, ouvre aujourd’hui à 13 h 30
Fermé, ouvre lundi à 9 h
Fermé, ouvre le lundi 4 janvier à 9 h
Fermé, ouvre demain à 9 h"
	# The map in Chromium: markers for each place, keyboard, no other host.
	serve "$ms"
	timeout 300 node tests/site/carte.js "http://127.0.0.1:$port/territoires/58194/index.html" \
	    >"$T_TMP/carte.log" 2>&1
	cat "$T_TMP/carte.log"
	check "map in Chromium: markers, tiles, keyboard, no other host" node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
process.exit(r.visible && r.lieux > 5 && r.markers === r.lieux && r.tiles > 0 &&
    r.foreign.length === 0 && r.mapFocus && r.markerFocus &&
    /^\.\.\/\.\.\/fiches\/[a-z0-9-]+\/index\.html$/.test(r.popup) &&
    r.attribution.includes("tuiles de test") ? 0 : 1);' "$T_TMP/carte.log"
	check "map page: axe finds nothing, no scrolling at 360 px" node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
process.exit(r.axe.length === 0 && r.scroll360 ? 0 : 1);' "$T_TMP/carte.log"
	# The search page's map: the places of the results listed, keyboard,
	# no other host, hidden again when the query is emptied.
	timeout 300 node tests/site/carte-recherche.js "http://127.0.0.1:$port/recherche/index.html?q=alzheimer" \
	    >"$T_TMP/carte-recherche.log" 2>&1
	cat "$T_TMP/carte-recherche.log"
	check "search map in Chromium: markers of the results, tiles, keyboard, no other host" node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
process.exit(r.visible && r.results.length > 3 && r.markers > 3 && r.markersInList &&
    r.count === r.markers + "\u00a0lieux d\u2019accueil" && r.tiles > 0 &&
    r.foreign.length === 0 && r.mapFocus && r.markerFocus &&
    /\/fiches\/[a-z0-9-]+\/index\.html$/.test(r.popup) &&
    r.attribution.includes("tuiles de test") && r.hiddenWhenEmpty ? 0 : 1);' "$T_TMP/carte-recherche.log"
	check "search map: axe finds nothing, no scrolling at 360 px" node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
process.exit(r.axe.length === 0 && r.scroll360 ? 0 : 1);' "$T_TMP/carte-recherche.log"
	serve "$xs"
	timeout 300 node tests/site/axe.js "http://127.0.0.1:$port/" \
	    fiches/dac-58/index.html >"$T_TMP/axe-xss.log" 2>&1
	check "hostile sheet: inert in Chromium, accessible" test $? -eq 0
	head -10 "$T_TMP/axe-xss.log"
else
	fail "/usr/bin/chromium missing"
fi
finish
