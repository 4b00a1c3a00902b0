#!/usr/bin/env bash
# tests/t-cog.sh: check against the official communes (data/cog/), and
# diagnostics' paths from the root of the git repository that holds the
# content folder, in both formats.
. "$(dirname "$0")/lib.sh"
unset GITHUB_ACTIONS
cd "$T_TMP" || exit 1

base=$ROOT/tests/errors/base/content
row() { grep -P "^$1\t" "$ROOT/data/cog/communes/58.tsv"; }

# The sample content uses real codes only.
out=$("$MAILLAGE" check "$ROOT/content" 2>&1)
expect_not_contains "sample: no COG error" "$out" "Code officiel"

# A former commune, a wrong code with a real name, a wrong SIREN with a
# real name, a real place with another commune's postal code.
cp -r "$base" c
cat >>c/territoires.yaml.new <<'YAML'
arbre:
  - code: "58"
    nom: Nièvre
    type: departement
    contient:
      - code: "245804406"
        nom: CA de Nevers
        type: epci
        contient:
          - {code: "58194", nom: Nevers, type: commune}
          - {code: "58303", nom: Varennes-Vauzelles, type: commune}
          - {code: "58117", nom: Fourchambault, type: commune}
          - {code: "58022", nom: Balleray, type: commune}
          - {code: "58053", nom: Challuy, type: commune}
          - {code: "58999", nom: Challuy, type: commune}
      - code: "200067833"
        nom: CC Haut Nivernais-Val d'Yonne
        type: epci
        contient: []
zones:
  - code: bassin-nord
    nom: Bassin de santé Nord
    type: zone
    inclut: ["58303", "58117"]
YAML
mv c/territoires.yaml.new c/territoires.yaml
sed -i 's/code_postal: "58000"/code_postal: "58640"/' c/fiches/clic-nevers.md
out=$("$MAILLAGE" check c 2>/dev/null)
expect_eq "errors: exit 1" "$?" 1
absorber=$(row 58022 | cut -f6)
absorber_name=$(row "$absorber" | cut -f2)
expect_contains "former commune: the absorbing one" "$out" \
    ": erreur: « 58022 » (Balleray) n'est plus une commune : elle fait partie de $absorber_name depuis une fusion ; écrivez code: \"$absorber\", nom: $absorber_name"
expect_contains "another commune's code" "$out" \
    "territoires.yaml:14:20: attention: le code « 58053 » est celui de Champlemy, pas de Challuy : le code de Challuy est « 58051 »"
expect_contains "no such code, real name" "$out" \
    "territoires.yaml:15:20: erreur: « 58999 » n'est pas le code d'une commune du Code officiel géographique : le code de Challuy est « 58051 »"
expect_contains "wrong SIREN, real name" "$out" \
    "« 200067833 » n'est le SIREN d'aucun EPCI : celui de CC Haut Nivernais - Val d'Yonne est « 200067429 »"
expect_contains "postal code of another commune" "$out" \
    "fiches/clic-nevers.md:9:5: attention: le code postal « 58640 » n'est pas celui de Nevers (58194) : son code postal est « 58000 »"

# Paths from the repository's root, content in a subfolder.
if command -v git >/dev/null; then
	mkdir -p repo/sub
	git -C repo init -q
	cp -r "$base" repo/sub/content
	sed -i 's/^type: clic$/type: clik/' repo/sub/content/fiches/clic-nevers.md
	line=$(grep -n '^type: clik' repo/sub/content/fiches/clic-nevers.md | cut -d: -f1)
	out=$(cd repo && "$MAILLAGE" check sub/content --format github 2>/dev/null)
	expect_contains "github: path from the root" "$out" \
	    "::error file=sub/content/fiches/clic-nevers.md,line=$line,col=7::"
	out=$(cd repo/sub/content && "$MAILLAGE" check . 2>/dev/null)
	expect_contains "gcc: path from the root, run inside" "$out" \
	    "sub/content/fiches/clic-nevers.md:$line:7: erreur:"
	out=$(cd repo && GITHUB_ACTIONS=true "$MAILLAGE" check sub/content 2>/dev/null)
	expect_contains "GITHUB_ACTIONS: annotations" "$out" \
	    "::error file=sub/content/fiches/clic-nevers.md"
	# Content at the root of its repository: no prefix.
	git -C repo/sub/content init -q
	out=$("$MAILLAGE" check repo/sub/content --format github 2>/dev/null)
	expect_contains "content at the root" "$out" "::error file=fiches/clic-nevers.md,"
else
	fail "git is needed"
fi

# Without data/cog, check is a system error.
out=$("$MAILLAGE" check c --data "$T_TMP/nowhere" 2>&1)
expect_eq "no data folder: exit 2" "$?" 2
finish
