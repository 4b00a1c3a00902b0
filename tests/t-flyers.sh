#!/usr/bin/env bash
# tests/t-flyers.sh: the flyers (src/flyer.c, src/layout.c).
#
# Builds the sample's flyers twice (all threads, then one) and checks:
# one A5 page per active service with its name, telephone and hours
# (pdftotext), a PNG of the page's proportions, no flyer for a closed
# or draft sheet, no contacts_pro, fonts embedded (Inter only), one A4
# « Qui contacter ? » page per territory of pdf.niveaux with its
# emergency numbers (none for a territory without a service), identical bytes across builds and -j. Then a sheet
# too long for its page: shortened visibly (« … ») and reported as a
# warning, still one page. The checkers are shown to fail on wrong input.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 3

MAILLAGE=${MAILLAGE:-$ROOT/maillage}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795651200}

for tool in pdffonts pdftotext pdfinfo python3; do
	command -v $tool >/dev/null ||
	    { fail "$tool is missing"; finish; exit; }
done

# has TEXTFILE WORD...: every WORD is in the text, spaces and hyphens
# aside (a name may wrap); -n: none is.
cat >"$T_TMP/has.py" <<'EOF'
import re, sys
neg = sys.argv[1] == "-n"
args = sys.argv[2:] if neg else sys.argv[1:]
norm = lambda s: re.sub("[\\s\u00a0\u202f\u00ad\u200b\u2011-]+", "", s)
text = norm(open(args[0], encoding="utf-8").read())
bad = [w for w in args[1:] if (norm(w) in text) != (not neg)]
for w in bad:
    print(("unexpected: " if neg else "missing: ") + w)
sys.exit(1 if bad else 0)
EOF
has() { python3 "$T_TMP/has.py" "$@"; }

# ratio PNG PDF: passes when the image has the page's proportions.
cat >"$T_TMP/ratio.py" <<'EOF'
import re, struct, subprocess, sys
def ratio_ok(png, pdf):
    head = open(png, "rb").read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return "not a PNG"
    w, h = struct.unpack(">II", head[16:24])
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pw, ph = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    if abs(w / h - pw / ph) > 0.002 or w < 500:
        return "%dx%d against %gx%g" % (w, h, pw, ph)
    return None
if __name__ == "__main__":
    sys.exit(ratio_ok(sys.argv[1], sys.argv[2]))
EOF

# The service flyers of a build, checked in one process (the poppler
# tools once per file): flyers.py DUMP FICHES OUT AGAIN PROWORDS...
# prints one line per failure and "flyers N" at the end.
cat >"$T_TMP/flyers.py" <<'EOF'
import os, re, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
from ratio import ratio_ok
dump, fiches, out, again = sys.argv[1:5]
pro = sys.argv[5:]
norm = lambda s: re.sub("[\\s\u00a0\u202f\u00ad\u200b\u2011-]+", "", s)
run = lambda *a: subprocess.run(a, capture_output=True, text=True).stdout
sheets, cur = [], None
for line in open(dump, encoding="utf-8"):
    m = re.match(r"^fiche ([a-z0-9-]+): (.*?)( \[(fermé|brouillon)\])?( \[à vérifier\])?$", line)
    if m:
        cur = {"id": m.group(1), "nom": m.group(2), "statut": m.group(4),
               "tel": None}
        sheets.append(cur)
        continue
    if not line.startswith(" "):
        cur = None
    m = re.match(r"^  téléphone: (.*?) <tel:", line)
    if m and cur is not None:
        cur["tel"] = m.group(1)
n = 0
for s in sheets:
    sid = s["id"]
    pdf, png = os.path.join(out, sid + ".pdf"), os.path.join(out, sid + ".png")
    if s["statut"]:
        if os.path.exists(pdf) or os.path.exists(png):
            print("%s (%s): has a flyer" % (sid, s["statut"]))
        continue
    n += 1
    if not os.path.exists(pdf):
        print(sid + ": no flyer")
        continue
    info = run("pdfinfo", pdf)
    if not re.search(r"^Pages:\s+1$", info, re.M):
        print(sid + ": not one page")
    if "419.528 x 595.276" not in info:
        print(sid + ": not A5")
    text = run("pdftotext", pdf, "-")
    t = norm(text)
    if norm(s["nom"]) not in t:
        print(sid + ": name missing")
    if s["tel"] and norm(s["tel"]) not in t:
        print(sid + ": telephone missing")
    fm = open(os.path.join(fiches, sid + ".md"), encoding="utf-8").read()
    if re.search(r"^\s+horaires:", fm.split("---\n")[1], re.M) and not \
       re.search(r"Horaires.*(lundi|mardi|mercredi|jeudi|vendredi|samedi)", text):
        print(sid + ": hours missing")
    for w in pro:
        if norm(w) in t:
            print(sid + ": contacts_pro: " + w)
    err = ratio_ok(png, pdf)
    if err:
        print(sid + ": PNG: " + err)
    fonts = run("pdffonts", pdf).splitlines()[2:]
    if not fonts or any(f.split()[-5] != "yes" or
                        not re.match(r"^[A-Z]+\+Inter-", f) for f in fonts):
        print(sid + ": fonts not all embedded Inter")
    for f in (pdf, png):
        b = os.path.join(again, os.path.basename(f))
        if not os.path.exists(b) or open(f, "rb").read() != open(b, "rb").read():
            print(sid + ": different bytes with -j1: " + os.path.basename(f))
print("flyers", n)
EOF

build() {	# build CONTENT OUT [ARGS...]: the flyers into OUT/flyers
	local content=$1 out=$2; shift 2
	rm -rf "$out"
	"$MAILLAGE" build "$content" -o "$out" --only flyers "$@" \
	    >"$out.log" 2>&1
}

# A copy of the sample with one more closed and one more draft sheet.
c=$T_TMP/content
cp -r content "$c"
sed -i 's/^verifie_le:/statut: ferme\nverifie_le:/' "$c/fiches/pmi-clamecy.md"
sed -i 's/^verifie_le:/statut: brouillon\nverifie_le:/' "$c/fiches/gem-nevers.md"
# And an easy-to-read text on one sheet.
sed -i 's/^verifie_le:/facile: "Le DAC aide les familles. Il aide aussi les médecins. Appelez le DAC : c'"'"'est gratuit."\nverifie_le:/' \
    "$c/fiches/dac-58.md"
"$MAILLAGE" dump "$c" >"$T_TMP/dump" 2>/dev/null
expect_eq "closed and draft sheets in the copy" \
    "$(grep -c '^fiche .*\[\(fermé\|brouillon\)\]' "$T_TMP/dump")" 4

out=$T_TMP/out again=$T_TMP/again
check "build" build "$c" "$out" -q --facile
check "build again, one thread" build "$c" "$again" -q -j1 --facile
f=$out/flyers

# contacts_pro of the sample: names and e-mail addresses.
mapfile -t prowords < <(python3 - content/fiches/*.md <<'EOF'
import re, sys
for p in sys.argv[1:]:
    fm = open(p, encoding="utf-8").read().split("---\n")[1]
    m = re.search(r"^contacts_pro:\n((?:[ -].*\n)*)", fm, re.M)
    if m:
        for k, v in re.findall(r"\b(nom|email):\s*([^,}\n]+)", m.group(1)):
            print(v.strip().strip("\"'"))
EOF
)
[ "${#prowords[@]}" -ge 4 ] && pass || fail "sample without contacts_pro"

python3 "$T_TMP/flyers.py" "$T_TMP/dump" "$c/fiches" "$f" "$again/flyers" \
    "${prowords[@]}" >"$T_TMP/flyers.out"
nflyers=$(sed -n 's/^flyers //p' "$T_TMP/flyers.out")
expect_eq "service flyers" "$(grep -v '^flyers ' "$T_TMP/flyers.out")" ""
[ "${nflyers:-0}" -ge 35 ] && pass || fail "too few flyers checked: $nflyers"
expect_eq "flyers written" "$(ls "$f"/*.pdf | wc -l)" "$nflyers"
expect_eq "PNGs written" "$(ls "$f"/*.png | wc -l)" "$nflyers"

# The easy-to-read flyer: only for the sheet with a `facile` text, one
# idea per line, nothing under 14 pt; the plain flyer uses that text too.
# (the sheets of the copy with a `facile` text that are neither closed nor
# drafts: dac-58 gets one above, the sample may hold others)
want=$(for s in $(grep -l '^facile:' "$c"/fiches/*.md | sort); do
	grep -qE '^statut: *(ferme|brouillon)' "$s" && continue
	id=$(basename "$s" .md); printf '%s.pdf\n%s.png\n' "$id" "$id"
done)
expect_eq "easy-to-read flyers" "$(ls "$f/facile")" "$want"
expect_contains "easy-to-read flyers: the test's sheet" "$want" "dac-58.pdf"
ff=$f/facile/dac-58.pdf
expect_eq "facile: pages" "$(pdfinfo "$ff" | sed -n 's/^Pages: *//p')" 1
sizes=$(python3 tests/pdf-sizes.py "$ff")
awk '$1 == "min" && $2 >= 14 { ok = 1 } END { exit !ok }' <<<"$sizes" &&
    pass || fail "facile: type under 14 pt: $(tr '\n' ' ' <<<"$sizes")"
pdftotext "$ff" "$T_TMP/text"
python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read()
print(t.replace("\u00a0", " ").replace("\u202f", " "))' "$T_TMP/text" \
    >"$T_TMP/lines"
for line in "Le DAC aide les familles." "Il aide aussi les médecins." \
    "Appelez le DAC : c'est gratuit."; do
	check "facile: a line « $line »" grep -qxF "$line" "$T_TMP/lines"
done
check "facile: telephone" has "$T_TMP/text" "03 53 73 00 01"
check "facile: PNG" python3 "$T_TMP/ratio.py" "$f/facile/dac-58.png" "$ff"
check "facile: reproducible" cmp -s "$ff" "$again/flyers/facile/dac-58.pdf"
pdftotext "$f/dac-58.pdf" "$T_TMP/text"
check "plain flyer: the facile text" has "$T_TMP/text" \
    "Le DAC aide les familles."
check "no --facile, no facile/" test ! -e "$T_TMP/nofacile/flyers/facile" -o \
    -z "$(build "$c" "$T_TMP/nofacile" -q; ls "$T_TMP/nofacile/flyers/facile" \
    2>/dev/null)"

# « Qui contacter ? »: one A4 page per département and EPCI.
mapfile -t terrs < <(awk '/^territoire .* \((departement|epci)\)/ {print $2}' \
    "$T_TMP/dump")
expect_eq "« Qui contacter ? » pages" \
    "$(ls "$f/qui-contacter" | wc -l)" "${#terrs[@]}"
for code in "${terrs[@]}"; do
	p=$f/qui-contacter/$code.pdf
	if [ ! -f "$p" ]; then fail "$code: no « Qui contacter ? »"; continue; fi
	info=$(pdfinfo "$p")
	expect_eq "$code: pages" "$(sed -n 's/^Pages: *//p' <<<"$info")" 1
	expect_contains "$code: A4" "$info" "595.276 x 841.89"
	pdftotext "$p" "$T_TMP/text"
	check "$code: title and emergency numbers" has "$T_TMP/text" \
	    "Qui contacter ?" "En cas d'urgence" "SAMU 15" "112"
	check "$code: no contacts_pro" has -n "$T_TMP/text" "${prowords[@]}"
	check "$code: reproducible" cmp -s "$p" "$again/flyers/qui-contacter/$code.pdf"
done
# The département: services by need, the first one with its telephone.
pdftotext "$f/qui-contacter/58.pdf" "$T_TMP/text"
check "58: a need's heading" has "$T_TMP/text" "Rester vivre chez soi"
check "58: the closed sheet is absent" has -n "$T_TMP/text" \
    "Centre de PMI de Clamecy"

# Too long for its page: shortened visibly, with a warning.
long=$T_TMP/long
cp -r content "$long"
python3 - "$long/fiches/dac-58.md" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
fm, body = s.split("---\n")[1], s.split("---\n", 2)[2]
places = "".join("""  - nom: Antenne numéro %d du dispositif
    adresse: %d rue des Francs-Bourgeois
    code_postal: "58000"
    commune: "58194"
    horaires: "Mo-Fr 09:00-12:30,13:30-17:00; PH off"
    horaires_precisions: Permanence le samedi matin une semaine sur deux, sauf pendant les vacances scolaires de la zone A.
""" % (i, i) for i in range(1, 7))
import re
fm = re.sub(r"^lieux:\n(?:  .*\n)*", "lieux:\n" + places, fm, flags=re.M)
fm = re.sub(r"^conditions_acces:.*\n", "", fm, flags=re.M)
fm += "conditions_acces: " + "Sur orientation d'un professionnel qui connaît la situation, après un premier échange téléphonique. " * 6 + "\n"
open(p, "w", encoding="utf-8").write("---\n" + fm + "---\n" + body)
EOF
check "long sheet: build" build "$long" "$T_TMP/longout"
check "long sheet: a warning" grep -q \
    "dac-58.md.*affichette trop longue" "$T_TMP/longout.log"
lf=$T_TMP/longout/flyers/dac-58.pdf
expect_eq "long sheet: one page" \
    "$(pdfinfo "$lf" 2>/dev/null | sed -n 's/^Pages: *//p')" 1
pdftotext "$lf" "$T_TMP/text"
check "long sheet: shortened visibly" grep -q "…\|autres lieux" "$T_TMP/text"
check "long sheet: telephone kept" has "$T_TMP/text" "03 53 73 00 01"

# A new directory (init): no « Qui contacter ? » page of emergency numbers
# alone; one service on an EPCI gives that EPCI's page and its
# département's, no other.
"$MAILLAGE" init "$T_TMP/d21" --departement 21 >/dev/null 2>&1
build "$T_TMP/d21" "$T_TMP/d21o" -q
expect_eq "init: no service, no « Qui contacter ? » page" \
    "$(ls "$T_TMP/d21o/flyers/qui-contacter" 2>/dev/null | wc -l)" 0
epci=$(grep -o '"2[0-9]\{8\}"' "$T_TMP/d21/territoires.yaml" | head -1 | tr -d '"')
sed -e 's/^statut: brouillon$/statut: actif/' \
    -e "s/^territoires: .*/territoires: [\"$epci\"]/" \
    "$T_TMP/d21/fiches/exemple.md" >"$T_TMP/d21/fiches/mdph-21.md"
rm "$T_TMP/d21/fiches/exemple.md"
long_resume="Le guichet unique pour les démarches liées au handicap, à tout âge : droits, prestations, orientation vers les établissements et services, cartes mobilité inclusion, accompagnement des familles et des aidants."
sed -i "s/^resume: .*/resume: \"$long_resume\"/" "$T_TMP/d21/fiches/mdph-21.md"
build "$T_TMP/d21" "$T_TMP/d21p" -q
expect_eq "one service on EPCI $epci: its page and the département's" \
    "$(ls "$T_TMP/d21p/flyers/qui-contacter" | sort | tr '\n' ' ')" \
    "$(printf '%s\n' 21.pdf "$epci.pdf" | sort | tr '\n' ' ')"
# A page with room to spare prints the summary whole, not cut to a line.
pdftotext "$T_TMP/d21p/flyers/qui-contacter/$epci.pdf" "$T_TMP/whom1"
check "room to spare: the whole summary" has "$T_TMP/whom1" "$long_resume"
check "... not cut" bash -c "! grep -q '…' '$T_TMP/whom1'"
# ... and in one column: its first and last words start at one x.
pdftotext -bbox "$T_TMP/d21p/flyers/qui-contacter/$epci.pdf" "$T_TMP/whom1.html"
cols=$(python3 - "$T_TMP/whom1.html" <<'PY'
import re, sys
words = re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)</word>',
                   open(sys.argv[1], encoding='utf-8').read())
# the summary: from « guichet » to the « aidants. » that ends it
i = next(k for k, w in enumerate(words) if w[2] == 'guichet')
j = next(k for k in range(i, len(words)) if words[k][2] == 'aidants.')
# a line's first word: where y grows; its x tells the column
firsts = {round(float(words[k][1])): float(words[k][0]) for k in range(j, i - 2, -1)}
print(len({round(x / 150) for x in firsts.values()}))
PY
)
expect_eq "... and in one column, not split across two" "$cols" 1

# The checkers can fail.
if has "$T_TMP/text" "Service qui n'existe pas" >/dev/null; then
	fail "name checker accepts a missing name"; else pass; fi
if python3 "$T_TMP/ratio.py" "$f/dac-58.png" \
    "$f/qui-contacter/58.pdf" >/dev/null 2>&1; then
	fail "ratio checker accepts an A4 page for an A5 image"; else pass; fi
SOURCE_DATE_EPOCH=1795737600 build "$c" "$T_TMP/later" -q
if cmp -s "$f/dac-58.pdf" "$T_TMP/later/flyers/dac-58.pdf"; then
	fail "another date gives the same bytes"; else pass; fi

finish
