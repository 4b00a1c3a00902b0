#!/usr/bin/env bash
# tests/t-scale.sh: the site's outputs at the scale of a national
# directory (issue 14): a sitemap index beyond 50,000 URLs, the A–Z as a
# page per letter and per 1,000 entries, open data split by département
# with an index of the files beyond 100 MB a file.
#
# On a generated corpus of 1,600 sheets (scripts/gen-corpus): the A–Z
# splits at its real threshold (1,000 sheets); the sitemap and the export
# limits are lowered through MAILLAGE_SITEMAP_MAX and MAILLAGE_EXPORT_MAX,
# which exist for this test. make bench shows the real limits on 100,000
# sheets. Each split output is compared with the unsplit one: same URLs,
# same sheets, same records.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 3
C=$T_TMP/c
"$ROOT/scripts/gen-corpus" --sheets 1600 --out "$C" --quiet
A=$T_TMP/whole B=$T_TMP/split
"$MAILLAGE" build "$C" -o "$A" --only site -q >"$T_TMP/a.log" 2>&1
expect_eq "build of 1,600 sheets" "$?" 0
MAILLAGE_SITEMAP_MAX=500 MAILLAGE_EXPORT_MAX=5000000 \
	"$MAILLAGE" build "$C" -o "$B" --only site -q >"$T_TMP/b.log" 2>&1
expect_eq "build with the lower limits" "$?" 0
MAILLAGE_SITEMAP_MAX=500 MAILLAGE_EXPORT_MAX=5000000 \
	"$MAILLAGE" build "$C" -o "$T_TMP/split2" --only site -q >/dev/null 2>&1
check "split outputs are deterministic" diff -r "$B" "$T_TMP/split2"
sa=$A/site sb=$B/site

# Sitemap.
check "one sitemap file under the limit" test ! -e "$sa/sitemap-1.xml"
check "an index over it" grep -q '<sitemapindex' "$sb/sitemap.xml"
n=$(ls "$sb"/sitemap-*.xml | wc -l)
urls=$(grep -c '<url>' "$sa/sitemap.xml")
expect_eq "as many files as 500-URL slices" "$n" $(((urls + 499) / 500))
expect_eq "the index names each file" "$(grep -c '<loc>' "$sb/sitemap.xml")" "$n"
expect_eq "the first file is listed with the site's URL" \
	"$(grep -o '<loc>[^<]*</loc>' "$sb/sitemap.xml" | head -1)" \
	"<loc>https://repertoire.example.org/sitemap-1.xml</loc>"
over=$(for f in "$sb"/sitemap-*.xml; do grep -c '<url>' "$f"; done | awk '$1 > 500' | wc -l)
expect_eq "no file over 500 URLs" "$over" 0
expect_eq "the same URLs in the same order" \
	"$(for i in $(seq 1 "$n"); do grep -o '<loc>[^<]*' "$sb/sitemap-$i.xml"; done | md5sum)" \
	"$(grep -o '<loc>[^<]*' "$sa/sitemap.xml" | md5sum)"
check "sitemap files parse as XML" python3 -c '
import sys, xml.etree.ElementTree as E
for f in sys.argv[1:]: E.parse(f)' "$sb"/sitemap*.xml
expect_contains "robots.txt points to the index" "$(cat "$sb/robots.txt")" \
	"Sitemap: https://repertoire.example.org/sitemap.xml"

# A–Z (real threshold: more than 1,000 published sheets).
pub=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nombre_fiches"])' \
	"$sa/donnees/fiches.json")
check "more than 1,000 published sheets" test "$pub" -gt 1000
check "a-z/ lists the letters" grep -q 'href="a/index.html"' "$sa/a-z/index.html"
check "a-z/ holds no sheet" bash -c "! grep -q 'fiches/' '$sa/a-z/index.html'"
pages=$(find "$sa/a-z" -mindepth 2 -name index.html | wc -l)
check "a page per letter" test "$pages" -ge 10
total=$(cat "$sa"/a-z/*/index.html | grep -o 'href="../../fiches/[^/]*/' | wc -l)
expect_eq "every published sheet once across the letters" "$total" "$pub"
expect_eq "no sheet twice" "$(cat "$sa"/a-z/*/index.html |
	grep -o 'href="../../fiches/[^/]*/' | sort -u | wc -l)" "$pub"
most=$(for f in "$sa"/a-z/*/index.html; do grep -c 'href="../../fiches/' "$f"; done | sort -n | tail -1)
check "no page over 1,000 entries ($most)" test "$most" -le 1000
big=$(find "$sa/a-z" -name index.html -size +1000k | wc -l)
expect_eq "no A–Z page over 1 MB" "$big" 0
# A letter of more than 1,000 entries gets numbered pages (lowered limit:
# the same code path as a real 1,000 with 80,000 sheets).
MAILLAGE_AZ_MAX=300 "$MAILLAGE" build "$C" -o "$T_TMP/az" --only site -q >/dev/null 2>&1
z=$T_TMP/az/site/a-z
check "a letter over the limit has a second page" test -f "$z/c-2/index.html"
check "... linked from its first page" grep -q 'href="../c-2/index.html"' "$z/c/index.html"
expect_eq "every sheet once across all pages" \
	"$(cat "$z"/*/index.html | grep -o 'href="../../fiches/[^/]*/' | sort -u | wc -l)" "$pub"
most=$(for f in "$z"/*/index.html; do grep -c 'href="../../fiches/' "$f"; done | sort -n | tail -1)
check "no page over 300 entries ($most)" test "$most" -le 300
out=$("$MAILLAGE" build content -o "$T_TMP/small" --only site -q 2>&1)
check "the sample content keeps a single A–Z page" \
	test -z "$(find "$T_TMP/small/site/a-z" -mindepth 1 -type d)"

# The search page's territory filter: no commune over 400 of them (a
# national directory's page weighed 1.4 MB), the sample keeps its own.
nc=$(grep -c 'type: commune' "$C/territoires.yaml")
check "more than 400 communes ($nc)" test "$nc" -gt 400
check "search page: no commune in the filter" \
	bash -c "! grep -q '<optgroup label=\"Communes\">' '$sa/recherche/index.html'"
check "... but how to name one" grep -q 'Pour une commune, écrivez son nom' "$sa/recherche/index.html"
check "... and the page stays small" test "$(wc -c <"$sa/recherche/index.html")" -lt 100000
check "the sample lists its communes" \
	grep -q '<optgroup label="Communes">' "$T_TMP/small/site/recherche/index.html"

# Need, public and kind pages: over the limit, with several départements,
# the page lists the départements and each has a page of its own beside
# it (a national « Personnes âgées » would be 30,000 cards otherwise).
MAILLAGE_REF_MAX=100 "$MAILLAGE" build "$C" -o "$T_TMP/ref" --only site -q >/dev/null 2>&1
r=$T_TMP/ref/site
# A list of more than 100 services that the default limit keeps whole.
page=
for f in "$sa"/besoins/*/index.html; do
	n=$(grep -o 'href="../../fiches/[^/]*/' "$f" | sort -u | wc -l)
	if [ "$n" -gt 100 ] && ! grep -q 'href="58.html"' "$f"; then
		page=${f#"$sa/"}; break
	fi
done
check "a need page of more than 100 services ($page)" test -n "$page"
dir=$(dirname "$r/$page")
check "over the limit: no card on the need page" 	test "$(grep -c 'href="../../fiches/' "$r/$page")" -eq 0
check "... which links each département's page" \
	grep -q 'href="58.html".*href="59.html"' <(tr -d '\n' <"$r/$page")
check "... and they exist" test -f "$dir/58.html" -a -f "$dir/59.html"
expect_eq "the départements' pages hold the whole list's services" \
	"$(cat "$dir"/*.html | grep -o 'href="../../fiches/[^/]*/' | sort -u | tr '\n' ' ')" \
	"$(grep -o 'href="../../fiches/[^/]*/' "$sa/$page" | sort -u | tr '\n' ' ')"
check "a département's page is in the sitemap" \
	grep -q "${page%index.html}58.html" <(cat "$r"/sitemap*.xml)
check "its breadcrumb leads back to the whole list" \
	grep -q 'href="index.html"' "$dir/58.html"

# Open data.
check "whole files under the limit" test -f "$sa/donnees/fiches.json"
check "none over the limit when split" test ! -e "$sb/donnees/fiches.json"
big=$(find "$sb/donnees" -type f -size +5000000c | wc -l)
expect_eq "no data file over 5,000,000 bytes" "$big" 0
check "split and whole hold the same sheets and records" python3 - "$sa/donnees" "$sb/donnees" <<'PY'
import csv, json, os, sys
a, b = sys.argv[1], sys.argv[2]
ia, ib = json.load(open(f"{a}/index.json")), json.load(open(f"{b}/index.json"))
assert ia["decoupage"] == "aucun" and ib["decoupage"] == "departement", (ia["decoupage"], ib["decoupage"])
for f in ib["fichiers"]:
    assert os.path.getsize(f"{b}/{f['fichier']}") == f["octets"], f
deps = sorted({f["departement"] for f in ib["fichiers"]})
assert deps == ["58", "59"], deps
def ids(path):
    return [x["id"] for x in json.load(open(path))["fiches"]]
whole = ids(f"{a}/fiches.json")
split = [i for d in deps for i in ids(f"{b}/departements/{d}/fiches.json")]
assert sorted(whole) == sorted(split) and len(split) == len(set(split)), "fiches.json"
for d in deps:
    fj = json.load(open(f"{b}/departements/{d}/fiches.json"))
    assert fj["departement"]["code"] == d and fj["nombre_fiches"] == len(fj["fiches"])
for name in ("data-inclusion/services.json", "data-inclusion/structures.json"):
    w = sorted(json.dumps(r, sort_keys=True) for r in json.load(open(f"{a}/{name}")))
    s = sorted(json.dumps(r, sort_keys=True) for d in deps
               for r in json.load(open(f"{b}/departements/{d}/{name}")))
    assert w == s, name
rows = lambda p: list(csv.reader(open(p, newline="")))
w = rows(f"{a}/fiches.csv")
s = [r for d in deps for r in rows(f"{b}/departements/{d}/fiches.csv")[1:]]
assert sorted(w[1:]) == sorted(s), "fiches.csv"
PY
page=$(cat "$sb/donnees/index.html")
expect_contains "the open-data page says why" "$page" "découpées par département"
expect_contains "... links each département's files" "$page" \
	'href="departements/59/data-inclusion/services.json"'
expect_contains "... and the index" "$page" 'href="index.json"'
check "sizes in French" grep -qE "[0-9],[0-9]$(printf '\u00a0')Mo\)" "$sa/donnees/index.html"
# A département too big for the limit is cut into parts.
MAILLAGE_EXPORT_MAX=1500000 "$MAILLAGE" build "$C" -o "$T_TMP/parts" --only site -q \
	>/dev/null 2>&1
d=$T_TMP/parts/site/donnees
check "a département in parts" test -f "$d/departements/58/partie-2/fiches.json"
big=$(find "$d" -type f -size +1500000c | wc -l)
expect_eq "no data file over 1,500,000 bytes" "$big" 0
expect_eq "every sheet once across the parts" "$(cat "$d"/departements/*/partie-*/fiches.json |
	grep -c '^      "id": ')" "$pub"
check "the page lists the parts" grep -q 'href="departements/58/partie-2/fiches.csv"' \
	"$d/index.html"
finish
