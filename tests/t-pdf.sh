#!/usr/bin/env bash
# tests/t-pdf.sh: the territory PDF directories (src/pdf.c, src/layout.c).
#
# Builds the sample's directories (public edition twice, professional
# edition once) and checks each file with the poppler and qpdf tools:
# structure (qpdf --check), fonts (only Inter, all embedded), metadata
# (title, author, dates from SOURCE_DATE_EPOCH, /Lang), named
# destinations for every sheet and links that resolve to them, the
# outline, the text (every service of the territory by name, no
# contacts_pro in the public edition, all of them in the professional
# one) and identical bytes across builds. Then edge cases: one level
# only, an unbroken 60 KB token and characters missing from the font.
# The checkers are shown to fail on wrong input, so that a silent one
# cannot pass.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 3

MAILLAGE=${MAILLAGE:-$ROOT/maillage}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795651200}

for tool in qpdf pdffonts pdftotext pdfinfo python3; do
	command -v $tool >/dev/null ||
	    { fail "$tool is missing"; finish; exit; }
done

# Text checker: python3 TEXTFILE WORD... passes when every WORD appears
# in the text, spaces, hyphens and soft hyphens aside (a name may wrap or
# be split at a line's end). With -n, when none appears.
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

# Front matter fields of the sample, one line each: "nom ID NAME", and
# "pro ID WORD" for the names and e-mail addresses of contacts_pro.
cat >"$T_TMP/fields.py" <<'EOF'
import os, re, sys
def unq(v):
    v = v.strip()
    if len(v) > 1 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    return v
for path in sys.argv[1:]:
    sid = os.path.basename(path)[:-3]
    fm = open(path, encoding="utf-8").read().split("---\n")[1]
    print("nom", sid, unq(re.search(r"^nom:(.*)$", fm, re.M).group(1)))
    m = re.search(r"^contacts_pro:\n((?:[ -].*\n)*)", fm, re.M)
    if m:
        for k, v in re.findall(r"\b(nom|email):\s*([^,}\n]+)", m.group(1)):
            print("pro", sid, unq(v))
EOF
python3 "$T_TMP/fields.py" content/fiches/*.md >"$T_TMP/fields"
# field KIND ID: the values of a sheet, one per line.
field() { awk -v k="$1" -v i="$2" '$1 == k && $2 == i {
    sub(/^[^ ]+ [^ ]+ /, ""); print }' "$T_TMP/fields"; }

build() {	# build OUT [ARGS...]: the sample's PDFs into OUT/pdf
	local out=$1; shift
	rm -rf "$out"
	"$MAILLAGE" build content -o "$out" --only pdf -q "$@" \
	    >"$out.log" 2>&1
}

pub=$T_TMP/pub again=$T_TMP/again pro=$T_TMP/pro
# The first build also reports how full each page is, from the layout.
export MAILLAGE_LAYOUT_STATS=$T_TMP/stats
check "build (public)" build "$pub"
unset MAILLAGE_LAYOUT_STATS
check "build (again, one thread)" build "$again" -j1
check "build (pro)" build "$pro" --edition pro
"$MAILLAGE" dump content >"$T_TMP/dump" 2>/dev/null
editeur=$(sed -n 's/^editeur: *//p' content/site.yaml)

# Territories with a directory: départements and EPCI (pdf.niveaux).
mapfile -t terrs < <(awk '/^territoire .* \((departement|epci)\)/ {print $2}' \
    "$T_TMP/dump")
expect_eq "directories" "$(ls "$pub/pdf" | wc -l)" "${#terrs[@]}"

# contacts_pro of the sample: names and e-mail addresses.
mapfile -t prowords < <(awk '$1 == "pro" { sub(/^[^ ]+ [^ ]+ /, "");
    print }' "$T_TMP/fields")
[ "${#prowords[@]}" -ge 4 ] && pass || fail "sample without contacts_pro"

for code in "${terrs[@]}"; do
	f=$(ls "$pub/pdf/$code"-*.pdf 2>/dev/null | head -1)
	if [ -z "$f" ]; then fail "$code: no PDF"; continue; fi
	b=$(basename "$f")
	check "$b: qpdf --check" qpdf --check "$f" >/dev/null

	# Fonts: every one embedded, and only Inter.
	fonts=$(pdffonts "$f" | tail -n +3)
	[ -n "$fonts" ] && pass || fail "$b: no fonts"
	expect_eq "$b: embedded fonts" \
	    "$(awk '$(NF-4) != "yes"' <<<"$fonts" | wc -l)" 0
	expect_eq "$b: fonts other than Inter" \
	    "$(awk '$1 !~ /^[A-Z]+[+]Inter-/' <<<"$fonts" | wc -l)" 0

	# Metadata.
	info=$(pdfinfo "$f")
	name=$(awk -v c="$code" '$1 == "territoire" && $2 == c {
	    sub(/^territoire [^ ]+ \([a-z]+\) /, "");
	    sub(/, [0-9]+ communes?$/, ""); print }' "$T_TMP/dump")
	expect_contains "$b: title" "$(grep '^Title:' <<<"$info")" "$name"
	expect_eq "$b: author" "$(sed -n 's/^Author: *//p' <<<"$info")" \
	    "$editeur"
	expect_contains "$b: date" "$(grep '^CreationDate:' <<<"$info")" \
	    "Nov 26 00:00:00 2026"
	expect_contains "$b: tagged" "$(grep '^Tagged:' <<<"$info")" "yes"
	check "$b: /Lang" grep -aq '/Lang (fr)' "$f"

	# Every sheet of the territory: a named destination, its name.
	ids=$(awk -v c="$code" '$1 == "territoire" { t = $2 }
	    t == c && ($1 == "situées:" || $1 == "couvrent:") {
	    for (i = 2; i <= NF; i++) print $i }' "$T_TMP/dump")
	dests=$(pdfinfo -dests "$f")
	n=0 missing=""
	for id in $ids; do
		n=$((n + 1))
		grep -q "\"fiche-$id\"" <<<"$dests" || missing="$missing $id"
	done
	expect_eq "$b: destinations of sheets" "$missing" ""
	[ "$n" -gt 0 ] && pass || fail "$b: no sheets in the dump"
	pdftotext "$f" "$T_TMP/text"
	cp "$T_TMP/text" "$T_TMP/text-$code"
	# Type sizes for older readers: body 9.5 pt, nothing under 8.5 pt.
	sizes=$(python3 tests/pdf-sizes.py "$f")
	awk '$1 == "min" && $2 >= 8.5 { m = 1 } $1 == "body" && $2 >= 9.5 {
	    b = 1 } END { exit !(m && b) }' <<<"$sizes" && pass ||
	    fail "$b: type sizes: $(tr '\n' ' ' <<<"$sizes")"
	# The back cover: emergency numbers and the site.
	pdftotext -f "$(pdfinfo "$f" | sed -n 's/^Pages: *//p')" "$f" \
	    "$T_TMP/back"
	check "$b: back cover" has "$T_TMP/back" "En cas d'urgence" "SAMU" \
	    "15" "repertoire.example.org"
	check "$b: no made-up page number in the how-to" has -n \
	    "$T_TMP/text" "voir page 12 »"
	names=()
	for id in $ids; do
		names+=("$(field nom "$id")")
	done
	check "$b: names of the services" has "$T_TMP/text" "${names[@]}"
	check "$b: no contacts_pro" has -n "$T_TMP/text" "${prowords[@]}"

	# Internal links (contents, index, « voir page ») name destinations
	# that exist; there are some.
	qpdf --qdf --object-streams=disable "$f" "$T_TMP/qdf.pdf" 2>/dev/null
	links=$(grep -ao '/Dest ([^)]*)' "$T_TMP/qdf.pdf" | sed 's/^\/Dest (//;
	    s/)$//' | sort -u)
	[ "$(wc -w <<<"$links")" -gt "$n" ] && pass ||
	    fail "$b: too few internal links"
	bad=""
	for l in $links; do
		grep -q "\"$l\"" <<<"$dests" || bad="$bad $l"
	done
	expect_eq "$b: links to missing destinations" "$bad" ""
	# External links: tel:, mailto:, web.
	for scheme in "tel:" "mailto:" "https://"; do
		check "$b: $scheme links" grep -aq "/URI ($scheme" \
		    "$T_TMP/qdf.pdf"
	done

	# Outline: the parts of the guide and a bookmark per sheet.
	outl=$(qpdf --json --json-key=outlines "$f" | python3 -c '
import json, sys
def walk(items):
    for o in items:
        yield o["title"]
        yield from walk(o["kids"])
print("\n".join(walk(json.load(sys.stdin)["outlines"])))')
	for part in "Comment utiliser ce guide" "Sommaire" \
	    "Index des services"; do
		expect_contains "$b: outline" "$outl" "$part"
	done
	[ "$(wc -l <<<"$outl")" -ge $((n + 3)) ] && pass ||
	    fail "$b: outline too short"

	# Same bytes from the same content and SOURCE_DATE_EPOCH, whatever
	# the number of threads.
	check "$b: reproducible" cmp -s "$f" "$again/pdf/$b"

	# The professional edition: every contact of its sheets.
	pdftotext "$pro/pdf-pro/$b" "$T_TMP/protext"
	want=()
	for id in $ids; do
		mapfile -t -O "${#want[@]}" want < <(field pro "$id")
	done
	if [ "${#want[@]}" -gt 0 ]; then
		check "$b: pro edition has contacts_pro" has "$T_TMP/protext" \
		    "${want[@]}"
	fi
done

# No commune name cut across two lines (« Hérou-/ville »).
check "commune names in one piece" python3 tests/pdf-names.py "$T_TMP/dump" \
    "$T_TMP"/text-*
# The checkers of sizes and names can fail.
printf 'Les services de Varennes-Vau-\nzelles et de Ne-\nvers.\n' \
    >"$T_TMP/cut.txt"
if python3 tests/pdf-names.py "$T_TMP/dump" "$T_TMP/cut.txt" >/dev/null
then fail "names checker misses a cut name"; else pass; fi

# pdf.min_services: a territory with fewer services for the public gets
# no directory of its own (they are in its parent's).
ms=$T_TMP/minserv
cp -r content "$ms"
sed -i 's/^  niveaux: .*/  niveaux: [departement, epci, commune]\n  min_services: 30/' \
    "$ms/site.yaml"
check "min_services: build" "$MAILLAGE" build "$ms" -o "$T_TMP/msout" \
    --only pdf -q
n=$(ls "$T_TMP/msout/pdf" | wc -l)
[ "$n" -ge 1 ] && [ "$n" -lt "${#terrs[@]}" ] && pass ||
    fail "min_services: $n directories"
for f in "$T_TMP"/msout/pdf/*.pdf; do
	pdftotext -f 2 -l 2 "$f" "$T_TMP/howto"
	k=$(grep -o 'rassemble [0-9 ]* services' "$T_TMP/howto" | tr -dc 0-9)
	[ "${k:-0}" -ge 30 ] && pass ||
	    fail "min_services: $(basename "$f") holds ${k:-?} services"
done

# Pages: none less than a third full but a chapter's or the document's
# last (needs flow one after another, not a page each).
npages=0
for f in "$pub"/pdf/*.pdf; do
	npages=$((npages + $(pdfinfo "$f" | sed -n 's/^Pages: *//p')))
done
expect_eq "layout stats: a line per page" "$(wc -l <"$T_TMP/stats")" \
    "$npages"
expect_eq "pages less than a third full" "$(awk '$3 < 0.3333 && $4 == 0' \
    "$T_TMP/stats")" ""
# Chapters: cover, guide, contents, the needs, glossary, index, back.
expect_eq "documents with more than seven chapters" "$(awk '$4 == 1 {
    n[$1]++ } END { for (t in n) if (n[t] > 7) print t, n[t] }' \
    "$T_TMP/stats")" ""
[ "$(awk '$4 == 0' "$T_TMP/stats" | wc -l)" -gt 20 ] && pass ||
    fail "layout stats: too few pages that are not a chapter's end"

# The QR codes decode to the sheets' pages (when zbarimg is there).
if command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null; then
	f=$(ls "$pub"/pdf/58-*.pdf | head -1)
	pdftoppm -png -r 200 -f 4 -l 4 "$f" "$T_TMP/qr"
	urls=$(zbarimg -q "$T_TMP"/qr*.png 2>/dev/null |
	    sed -n 's/^QR-Code://p')
	url=$(sed -n 's/^url: *//p' content/site.yaml)
	[ "$(wc -l <<<"$urls")" -ge 1 ] && pass || fail "no QR code read"
	expect_contains "QR code to a sheet" "$urls" "${url}fiches/"
	for u in $urls; do
		id=${u#"${url}fiches/"}
		id=${id%/}
		[ -f "content/fiches/$id.md" ] && pass ||
		    fail "QR code to an unknown sheet: $u"
	done
else
	echo "note: zbarimg missing (zbar-tools): QR codes not decoded"
fi

# A service without a place is located in the territories it names:
# the CLS of the agglomeration of Nevers (territoires: its EPCI, no
# lieux) is not « basé hors du territoire » in that EPCI's directory, nor
# in the département's; in full once, referred to under its two other
# needs.
for b in 245804406-ca-de-nevers.pdf 58-nievre.pdf; do
	pdftotext "$pub/pdf/$b" "$T_TMP/text"
	awk '/^Services basés hors du territoire/ {out = 1}
	    /^[0-9]+ services? :/ {out = 0}
	    out && /Contrat local de santé de l.agglomération/ {print}' \
	    "$T_TMP/text" >"$T_TMP/outside"
	expect_eq "$b: the CLS is not outside" "$(cat "$T_TMP/outside")" ""
	expect_eq "$b: the CLS referred to under its 2 other needs" \
	    "$(grep -c "^→ Contrat local de santé de" \
	    "$T_TMP/text")" 2
done
pdftotext "$pub/pdf/245804406-ca-de-nevers.pdf" "$T_TMP/text"
check "CA de Nevers: every service is based there" has -n "$T_TMP/text" \
    "Services basés hors du territoire"

# The checkers can fail.
f=$(ls "$pub"/pdf/*.pdf | head -1)
pdftotext "$f" "$T_TMP/text"
if has "$T_TMP/text" "Service qui n'existe pas" >/dev/null; then
	fail "name checker accepts a missing name"; else pass; fi
if has -n "$T_TMP/text" "Édition" >/dev/null; then
	fail "absence checker misses a present word"; else pass; fi
head -c 20000 "$f" >"$T_TMP/cut.pdf"
if qpdf --check "$T_TMP/cut.pdf" >/dev/null 2>&1; then
	fail "qpdf accepts a truncated PDF"; else pass; fi
SOURCE_DATE_EPOCH=1795737600 build "$T_TMP/later"
if cmp -s "$f" "$T_TMP/later/pdf/$(basename "$f")"; then
	fail "another date gives the same bytes"; else pass; fi

# Same bytes whatever the threads, on a generated corpus where many
# directories share their sheets (a sheet is composed once, by whichever
# thread asks first, and drawn by others): one thread against more
# threads than cores, so that the order of composition changes.
gen=$T_TMP/gen
if "$ROOT/scripts/gen-corpus" --sheets 300 --seed 3 --out "$gen" --quiet \
    --today "$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)"; then
	pass
	check "generated corpus: build, one thread" "$MAILLAGE" build "$gen" \
	    -o "$T_TMP/g1" --only pdf -q -j1
	check "generated corpus: build, four threads" "$MAILLAGE" build \
	    "$gen" -o "$T_TMP/g4" --only pdf -q -j4
	n=0
	for f in "$T_TMP"/g1/pdf/*.pdf; do
		n=$((n + 1))
		check "generated: $(basename "$f") same bytes with -j4" \
		    cmp -s "$f" "$T_TMP/g4/pdf/$(basename "$f")"
	done
	[ "$n" -ge 5 ] && pass || fail "generated corpus: $n directories"
	expect_eq "generated corpus: as many directories with -j4" \
	    "$(ls "$T_TMP/g4/pdf" | wc -l)" "$n"
else
	fail "gen-corpus"
fi

# Edge cases, on a copy of the sample.
edge=$T_TMP/edge
cp -r content "$edge"
sed -i 's/^  niveaux: .*/  niveaux: [departement]/' "$edge/site.yaml"
first=$(ls "$edge"/fiches/*.md | head -1)
python3 - "$first" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
token = "".join(chr(97 + i % 26) for i in range(60000))
s += "\n\nUn mot sans fin : " + token + "\n\nEn chinois : 你好, Ελληνικά ok.\n"
open(p, "w", encoding="utf-8").write(s)
EOF
start=$(date +%s)
if timeout 60 "$MAILLAGE" build "$edge" -o "$T_TMP/edgeout" --only pdf -q \
    >"$T_TMP/edge.log" 2>&1; then pass; else
	fail "edge build"; cat "$T_TMP/edge.log" | head; fi
took=$(( $(date +%s) - start ))
[ "$took" -le 20 ] && pass || fail "edge build took ${took} s"
expect_eq "one level only" "$(ls "$T_TMP/edgeout/pdf" 2>/dev/null | wc -l)" 1
f=$(ls "$T_TMP"/edgeout/pdf/*.pdf 2>/dev/null | head -1)
if [ -n "$f" ]; then
	check "edge: qpdf --check" qpdf --check "$f" >/dev/null
	pdftotext "$f" "$T_TMP/text"
	check "edge: the long token is cut" has "$T_TMP/text" \
	    "Un mot sans fin : abcdefghijklmnopqrstuvwxyz"
	[ "$(wc -c <"$T_TMP/text")" -lt 400000 ] && pass ||
	    fail "edge: the long token was not cut"
fi

# The professional edition lands in pdf-pro/, never over the public one.
check "pro: OUT/pdf-pro" test -d "$pro/pdf-pro"
check "pro: no OUT/pdf" test ! -e "$pro/pdf"

# All outputs or none: the PDFs fail (no usable font) after the site was
# written, and the previous site stays as it was.
w=$T_TMP/atom
mkdir -p "$w/fonts"
ln -s "$ROOT/templates" "$w/templates"
ln -s "$ROOT/content" "$w/content"
ln -s "$ROOT/data" "$w/data"
(cd "$w" && "$MAILLAGE" build content -o out --only site -q --data .) >/dev/null 2>&1
echo '<!-- ancien -->' >>"$w/out/site/index.html"
(cd "$w" && "$MAILLAGE" build content -o out -q --data .) >"$w/log" 2>&1
st=$?
check "no fonts: build fails" test "$st" -ne 0
check "no fonts: the fonts are the cause" grep -qi 'police' "$w/log"
check "no fonts: old site kept" grep -q 'ancien' "$w/out/site/index.html"
check "no fonts: no stage left" test -z "$(ls -A "$w/out" | grep '^\.' | grep -vx '.maillage.lock')"

finish
