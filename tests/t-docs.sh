#!/usr/bin/env bash
# tests/t-docs.sh: docs/format.md is what the binary prints from its key
# tables; the JSON Schemas are valid (Ajv, strict) and accept the sample
# content while refusing a misspelt key; `new` writes the modeline and
# every key of the format; the README links only inside the project.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

"$MAILLAGE" schema --markdown >"$T_TMP/format.md"
check "docs/format.md is up to date (make regen-docs)" \
    diff -u docs/format.md "$T_TMP/format.md"
for kind in fiche actualite page site territoires types besoins publics glossaire; do
	"$MAILLAGE" schema "$kind" >"$T_TMP/$kind.json"
	check "schema $kind is JSON" python3 -m json.tool "$T_TMP/$kind.json" >/dev/null
done
out=$("$MAILLAGE" schema fichier 2>&1)
expect_eq "unknown kind: exit 2" "$?" 2
expect_contains "unknown kind: hint" "$out" "« fiche »"

# Every key the loader accepts in a sheet is in the reference.
for k in $(sed -n 's/^\([a-z_]*\):.*/\1/p' content/fiches/*.md | sort -u); do
	expect_contains "key $k documented" "$(cat docs/format.md)" "| \`$k\` |"
done

# The sample content against the schemas, then a misspelt key.
to_json() {	# kind files... → records
	python3 - "$@" <<'PY'
import sys, json, yaml, datetime
kind, files = sys.argv[1], sys.argv[2:]
def plain(x):
    if isinstance(x, dict): return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, list): return [plain(v) for v in x]
    if isinstance(x, (datetime.date, datetime.datetime)): return x.isoformat()
    return x
out = []
for f in files:
    text = open(f, encoding='utf-8').read()
    if f.endswith('.md'):
        text = text.split('---\n')[1]
    out.append({'file': f, 'data': plain(yaml.safe_load(text))})
print(json.dumps(out))
PY
}
validate() {	# kind files...
	local kind=$1; shift
	to_json "$kind" "$@" >"$T_TMP/data.json" &&
	    node tests/docs/validate.js "$T_TMP/$kind.json" "$T_TMP/data.json"
}
res=$(validate fiche content/fiches/*.md)
expect_eq "every sample sheet fits the schema" \
    "$(grep -c '^ok ' <<<"$res")" "$(ls content/fiches/*.md | wc -l)"
grep '^invalid' <<<"$res" | head -3
for k in site territoires types besoins publics glossaire; do
	res=$(validate "$k" "content/$k.yaml")
	expect_contains "content/$k.yaml fits the schema" "$res" "ok content/$k.yaml"
done
res=$(validate actualite content/actualites/*.md)
expect_eq "news fit" "$(grep -c '^ok ' <<<"$res")" "$(ls content/actualites/*.md | wc -l)"
sed 's/^resume:/resumé:/' content/fiches/dac-58.md >"$T_TMP/typo.md"
res=$(validate fiche "$T_TMP/typo.md")
expect_contains "a misspelt key is refused" "$res" 'must NOT have additional properties'
expect_contains "a misspelt key is named" "$res" 'resumé'

# new: the modeline and every key of a sheet.
mkdir -p "$T_TMP/c"
"$MAILLAGE" new essai "$T_TMP/c" >/dev/null
expect_eq "new: modeline" "$(sed -n 2p "$T_TMP/c/fiches/essai.md")" \
    "# yaml-language-server: \$schema=../schemas/fiche.json"
for k in contacts_pro fermetures statut conditions_acces lieux horaires \
    frais langues liens mots_cles siret finess age_min interpretariat; do
	check "new: $k" grep -q "^#* *$k:" "$T_TMP/c/fiches/essai.md"
done
# init writes the schemas the modelines point to.
"$MAILLAGE" init "$T_TMP/r" --departement 58 -q
check "init: schemas/fiche.json" cmp -s "$T_TMP/r/schemas/fiche.json" "$T_TMP/fiche.json"
check "init: sheet modeline" grep -q 'schema=../schemas/fiche.json' "$T_TMP/r/fiches/exemple.md"

# The README and the docs link only inside the project.
links=$(grep -ohE '\]\([^)#]+' README.md docs/*.md | sed 's/^](//' | grep -v '^https\?:' | grep -v '^mailto:')
for l in $links; do
	case $l in
	../*) fail "link outside the project: $l" ;;
	*) f=$l; [ -e "$f" ] || [ -e "docs/$f" ] || fail "broken link: $l" ;;
	esac
done
pass
finish
