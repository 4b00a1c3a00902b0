#!/usr/bin/env bash
# tests/t-search.sh: the search index and its runtime. Builds the sample's
# site with $MAILLAGE (its /recherche/ page and index), then runs the node
# tests of tests/search/ over it: the index through search.js's core, and
# headless Chromium over the real pages. When the site cannot be built,
# the index comes from the unit test binary (the browser tests then fail).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

out=$T_TMP/out
unit=${UNIT_DIR:-build/${VARIANT:-release}/tests}/test_search
"$MAILLAGE" build content -o "$out" --only site >"$T_TMP/build.log" 2>&1
check "maillage build --only site" test -f "$out/site/recherche/idx/manifest.json"
check "page /recherche/" test -f "$out/site/recherche/index.html"
# Our scripts ship without comment lines and indentation: they still
# parse, hold every line of code of the template, and are smaller.
for js in search fiche carte; do
	check "assets/$js.js parses" node --check "$out/site/assets/$js.js"
	check "assets/$js.js: every code line kept" python3 - "templates/assets/$js.js" "$out/site/assets/$js.js" <<'PY'
import sys
src = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
out = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8")]
block, code = False, []
for t in src:
    if block:
        block = "*/" not in t
        continue
    if t.startswith("/*"):
        if "*/" not in t[2:]:
            block = True
            continue
        if t.endswith("*/"):
            continue
    if not t or t.startswith("//"):
        continue
    code.append(t)
assert code == out, next(((a, b) for a, b in zip(code, out) if a != b), (len(code), len(out)))
PY
done
check "assets/search.js smaller than its source" test \
    "$(wc -c <"$out/site/assets/search.js")" -lt "$(wc -c <templates/assets/search.js)"
if [ ! -f "$out/site/recherche/idx/manifest.json" ]; then
	tail -5 "$T_TMP/build.log"
	mkdir -p "$out"
	SEARCH_INDEX_OUT=$out "$unit" >/dev/null 2>&1
fi
# The folding table of src/fold.c, for the JavaScript copy.
SEARCH_FOLD_OUT=$T_TMP/fold.json "$unit" >/dev/null 2>&1
check "fold table" test -s "$T_TMP/fold.json"

# The same bytes twice.
"$MAILLAGE" build content -o "$T_TMP/out2" --only site >/dev/null 2>&1
check "deterministic index" diff -r "$out/site/recherche/idx" \
    "$T_TMP/out2/site/recherche/idx"

# contacts_pro and the draft, in every file of the site's index.
idx=$out/site/recherche/idx
all=$(cat $(find "$idx" -type f) 2>/dev/null)
expect_not_contains "draft" "$all" "cpts-haut-nivernais-morvan"
expect_not_contains "closed" "$all" '"clic-loire-allier"'
while IFS= read -r name; do
	expect_not_contains "contacts_pro $name" "$all" "$name"
done < <(sed -n 's/^  - {nom: \([^,]*\),.*/\1/p' content/fiches/*.md)

# Text pasted from a Mac (decomposed accents) is composed (NFC) at load:
# pages and index hold « Écoute », one word.
cp -r content "$T_TMP/nfc"
sed -i '0,/^resume: "/s//resume: "E\xcc\x81coute et /' "$T_TMP/nfc/fiches/mda-58.md"
check "decomposed input" grep -q "$(printf 'E\xcc\x81coute')" "$T_TMP/nfc/fiches/mda-58.md"
"$MAILLAGE" build "$T_TMP/nfc" -o "$T_TMP/nfco" --only site >/dev/null 2>&1
check "NFC in the page" grep -q "$(printf '\xc3\x89coute et')" \
    "$T_TMP/nfco/site/fiches/mda-58/index.html"
check "no decomposed accent left" sh -c "! grep -rq \"\$(printf '\xcc\x81')\" \
    '$T_TMP/nfco/site/fiches/mda-58' '$T_TMP/nfco/site/recherche/idx'"

# A whole département made by init: every commune and postal code (the
# place files of tests/search/places.test.js). Its 309 communes are over
# a lowered limit of the territory filter's communes (400 by default).
"$MAILLAGE" init "$T_TMP/d58" --departement 58 >/dev/null 2>&1
MAILLAGE_FILTER_COMMUNES_MAX=100 \
	"$MAILLAGE" build "$T_TMP/d58" -o "$T_TMP/d58o" --only site >/dev/null 2>&1
check "site of an init'd département" test -f "$T_TMP/d58o/site/recherche/idx/manifest.json"

# node's test runner: index tests and browser tests.
SEARCH_SITE=$out/site SEARCH_FOLD=$T_TMP/fold.json \
    SEARCH_SITE_INIT=$T_TMP/d58o/site \
    node --test --test-reporter=tap tests/search/ >"$T_TMP/node.log" 2>&1
grep -E '^(not ok|# (pass|fail))|^# \\# ' "$T_TMP/node.log"
grep -A12 '^not ok' "$T_TMP/node.log" | head -60
np=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$T_TMP/node.log" | tail -1)
nf=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$T_TMP/node.log" | tail -1)
if [ -z "$np" ]; then
	fail "node --test tests/search/ gave no summary"
	tail -20 "$T_TMP/node.log"
else
	T_PASS=$((T_PASS + np))
	T_FAIL=$((T_FAIL + ${nf:-0}))
fi
finish
