#!/usr/bin/env bash
# tests/t-init.sh: `maillage init` makes content repositories that check
# and build accept as they are, for two départements; its CI files are
# valid YAML whose commands really run check with annotations and build.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1

# Current communes of a département in the extract.
ncur() { grep -v '^#' "$ROOT/data/cog/communes/$1.tsv" | awk -F'\t' '$6 == ""' | wc -l; }

for spec in "nievre:58" "2a:2A"; do
	arg=${spec%%:*} code=${spec##*:}
	d=repo-$code
	out=$("$MAILLAGE" init "$d" --departement "$arg" 2>&1)
	expect_eq "init $arg exit" "$?" 0
	expect_contains "init $arg message" "$out" "maillage check $d"
	for f in site.yaml territoires.yaml types.yaml besoins.yaml \
	    publics.yaml glossaire.yaml fiches/exemple.md pages/a-propos.md \
	    pages/accessibilite.md pages/mentions-legales.md .gitignore \
	    .github/workflows/repertoire.yml .gitlab-ci.yml; do
		check "init $arg: $f" test -s "$d/$f"
	done
	expect_eq "init $arg: every current commune" \
	    "$(grep -c 'type: commune}' "$d/territoires.yaml")" "$(ncur "$code")"
	expect_eq "init $arg: département code" \
	    "$(sed -n 's/^  - code: "\(.*\)"$/\1/p' "$d/territoires.yaml")" "$code"
	out=$("$MAILLAGE" check "$d" 2>&1)
	expect_eq "check $arg exit" "$?" 0
	expect_contains "check $arg clean" "$out" "0 erreur, 0 avertissement"
	"$MAILLAGE" build "$d" -o "out-$code" -q >"build-$code.log" 2>&1
	expect_eq "build $arg exit" "$?" 0
	check "build $arg: site" test -f "out-$code/site/index.html"
	check "build $arg: 404" test -f "out-$code/site/404.html"
	# One example sheet, a draft: fewer than pdf.min_services (3), so
	# no directory yet (issue 9), no flyer, and no « Qui contacter ? »
	# page that would hold the emergency numbers alone.
	check "build $arg: no directory without services" \
	    test -z "$(find "out-$code/pdf" -name '*.pdf' | head -1)"
	check "build $arg: no flyer for the draft" \
	    test -z "$(find "out-$code/flyers" -maxdepth 1 -name '*.pdf' | head -1)"
	check "build $arg: no « Qui contacter ? » of emergency numbers alone" \
	    test ! -e "out-$code/flyers/qui-contacter/$code.pdf"
	# The home page of a new directory: no need card that leads to
	# « 0 service », it says that the directory is being filled.
	home=$(cat "out-$code/site/index.html")
	expect_contains "build $arg: home says it is being filled" "$home" \
	    "Ce répertoire est en cours de construction"
	expect_not_contains "build $arg: no « 0 service » on the home page" \
	    "$home" ">0 service"
	expect_not_contains "build $arg: no need card without service" \
	    "$home" 'class="tuile-nom"'
	check "build $arg: need pages still there" \
	    test -f "out-$code/site/besoins/rester-a-domicile/index.html"
done
# The national emergency numbers, read by the loader.
urg=$("$MAILLAGE" dump repo-58 2>/dev/null | grep '^urgence: ')
expect_eq "eight emergency numbers" "$(grep -c . <<<"$urg")" 8
for n in 15 112 114 115 119 3114 3977 3919; do
	expect_contains "emergency $n" "$urg" "<tel:$n>"
done
# The département's name is in its territory page.
check "Nièvre on its territory page" grep -rqF "Nièvre" out-58/site/territoires
# EPCIs straddling two départements keep only this one's communes.
expect_eq "no commune of another département" \
    "$(grep -o 'code: "[0-9AB]\{5\}"' repo-58/territoires.yaml | grep -vc '"58')" 0

# Same input, same bytes.
# Where the CI files fetch the tool: a placeholder marked « À ADAPTER »
# and a reminder, or the URL given with --outil; a URL that would break
# the YAML is refused.
out=$("$MAILLAGE" init outil-a --departement 58 2>&1)
expect_contains "no --outil: the reminder" "$out" "--outil URL"
check "no --outil: placeholder to adapt" grep -q "À ADAPTER" outil-a/.gitlab-ci.yml
"$MAILLAGE" init outil-b --departement 58 -q --outil https://forge.example.org/outils/maillage.git
for f in .github/workflows/repertoire.yml .gitlab-ci.yml; do
	check "--outil: $f" grep -q '^  MAILLAGE_DEPOT: "https://forge.example.org/outils/maillage.git"$' "outil-b/$f"
	check "--outil: nothing to adapt in $f" test "$(grep -c 'À ADAPTER' "outil-b/$f")" -eq 0
done
out=$("$MAILLAGE" init outil-c --departement 58 --outil 'https://x.org/a b"' 2>&1)
expect_eq "--outil with a space and a quote: exit 2" "$?" 2
check "... and nothing written" test ! -e outil-c
rm -rf outil-a outil-b
"$MAILLAGE" init again --departement 58 -q
check "deterministic" diff -r repo-58 again

# Refusals: nothing written, exit 2, a hint.
mkdir busy && echo x >busy/f
out=$("$MAILLAGE" init busy --departement 58 2>&1)
expect_eq "non-empty folder exit" "$?" 2
expect_contains "non-empty folder message" "$out" "n'est pas vide"
expect_eq "non-empty folder untouched" "$(ls -A busy)" "f"
out=$("$MAILLAGE" init nope --departement nievr 2>&1)
expect_eq "unknown département exit" "$?" 2
expect_contains "unknown département hint" "$out" "vouliez-vous dire « Nièvre »"
check "unknown département: nothing written" test ! -e nope
expect_eq "no stage left" "$(ls -A | grep -c '\.init-')" 0
mkdir empty
"$MAILLAGE" init empty --departement 971 -q
expect_eq "empty folder is filled" "$?" 0
check "empty folder: territories" grep -q '"97105"' empty/territoires.yaml

# The CI files: valid YAML, and their commands work. A broken sheet must
# give annotations on its own file and line.
cp repo-58/fiches/exemple.md repo-58/fiches/casse.md
sed -i 's/^type: mdph$/type: mdhp/' repo-58/fiches/casse.md
line=$(grep -n '^type: mdhp' repo-58/fiches/casse.md | cut -d: -f1)
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
	cmds=$(python3 - repo-58 <<'PY'
import sys, yaml
d = sys.argv[1]
gh = yaml.safe_load(open(d + '/.github/workflows/repertoire.yml'))
gl = yaml.safe_load(open(d + '/.gitlab-ci.yml'))
on = gh.get('on', gh.get(True))
assert 'pull_request' in on and on['push']['branches'] == ['main']
steps = [s for j in gh['jobs'].values() for s in j['steps']]
runs = [s['run'] for s in steps if 'run' in s]
print('GH_CHECK\t' + [r for r in runs if 'maillage check' in r][0])
print('GH_BUILD\t' + [r for r in runs if 'maillage build' in r][0])
pages = [s for s in steps if s.get('uses', '').startswith('actions/upload-pages-artifact')]
print('GH_PAGES\t' + pages[0]['with']['path'])
assert gh['jobs']['publier']['needs'] == 'verifier'
print('GL_CHECK\t' + [c for c in gl['verifier']['script'] if '--format gcc' in c][0])
print('GL_CQ\t' + [c for c in gl['verifier']['script'] if 'codequality' in c][0])
assert gl['verifier']['artifacts']['reports']['codequality'] == 'gl-code-quality-report.json'
print('GL_BUILD\t' + ' && '.join(gl['pages']['script']))
assert 'public' in gl['pages']['artifacts']['paths']
PY
)
	expect_eq "CI files parse" "$?" 0
	get() { sed -n "s/^$1\t//p" <<<"$cmds"; }
	run() { (cd repo-58 && eval "${1//maillage /\"\$MAILLAGE\" }") 2>&1; }
	out=$(GITHUB_ACTIONS=true run "$(get GH_CHECK)")
	expect_eq "GitHub check fails on the broken sheet" "$?" 1
	expect_contains "GitHub annotation on the line" "$out" \
	    "::error file=fiches/casse.md,line=$line,"
	out=$(run "$(get GL_CHECK)")
	expect_eq "GitLab check fails on the broken sheet" "$?" 1
	expect_contains "GitLab gcc line" "$out" "fiches/casse.md:$line:"
	run "$(get GL_CQ)" >/dev/null
	check "GitLab Code Quality report" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert any(i["location"]["path"] == "fiches/casse.md" and
    i["location"]["lines"]["begin"] == int(sys.argv[2]) and
    i["severity"] == "major" and len(i["fingerprint"]) == 16 for i in r)
' repo-58/gl-code-quality-report.json "$line"
	rm repo-58/fiches/casse.md repo-58/gl-code-quality-report.json
	run "$(get GH_BUILD)" >/dev/null
	expect_eq "GitHub build step" "$?" 0
	check "GitHub Pages folder" test -f "repo-58/$(get GH_PAGES)/index.html"
	rm -rf repo-58/out repo-58/public
	run "$(get GL_BUILD)" >/dev/null
	expect_eq "GitLab pages script" "$?" 0
	check "GitLab public/" test -f repo-58/public/index.html
else
	fail "python3 with yaml is needed to parse the CI files"
fi
finish
