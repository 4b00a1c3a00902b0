#!/usr/bin/env bash
# tests/t-serve.sh: `maillage serve` on 127.0.0.1 and a free port: it
# answers with the site (and the reload script), serves the 404 page and
# the search index, rebuilds after a change, keeps serving the previous
# site while the content has an error (shown by its state endpoint), and
# cleans up on SIGTERM.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1

cp -r "$ROOT/content" content
mkdir tmp
TMPDIR=$T_TMP/tmp "$MAILLAGE" serve content --port 0 >serve.out 2>serve.err &
pid=$!
url=
for _ in $(seq 1 100); do
	url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' serve.out)
	[ -n "$url" ] && break
	sleep 0.1
done
check "prints its address" test -n "$url"
get() { curl -s --max-time 10 "$@"; }
code() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$1"; }
gen() { get "${url}__maillage/etat" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p'; }
# wait_gen N: until generation N is served (or the build failed).
wait_for() {	# $1 a command that must succeed, within 60 s
	for _ in $(seq 1 600); do eval "$1" && return 0; sleep 0.1; done
	return 1
}
check "first build" wait_for '[ "$(gen)" = 1 ]'
expect_eq "home page" "$(code "$url")" 200
page=$(get "$url")
expect_contains "home: site title" "$page" "Maillage Nièvre"
expect_contains "home: reload script" "$page" '<script src="/__maillage/recharge.js"></script>'
expect_eq "reload script" "$(code "${url}__maillage/recharge.js")" 200
expect_eq "a sheet" "$(code "${url}fiches/dac-58/")" 200
expect_eq "folder without slash redirects" "$(code "${url}fiches/dac-58")" 301
expect_eq "404 status" "$(code "${url}pas-de-page/")" 404
expect_contains "404 page" "$(get "${url}pas-de-page/")" "$(sed -n 's/.*<h1>\(.*\)<\/h1>.*/\1/p' "$ROOT/templates/404.mustache" | head -1)"
expect_eq "search index" "$(code "${url}recherche/idx/manifest.json")" 200
expect_eq "search script type" \
    "$(curl -s -o /dev/null -w '%{content_type}' "${url}assets/search.js")" \
    "text/javascript; charset=utf-8"
expect_eq "no escape from the site" \
    "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "${url}../../etc/passwd")" 400
expect_eq "only 127.0.0.1" "$(grep -c '127.0.0.1' serve.out)" 1

# A change is rebuilt and served.
sed -i 's/^nom: .*/nom: Dispositif renommé pour le test/' content/fiches/dac-58.md
check "rebuilt after a change" wait_for '[ "$(gen)" = 2 ]'
expect_contains "the new name is served" "$(get "${url}fiches/dac-58/")" \
    "Dispositif renommé pour le test"
# An error: the previous site stays, the error is in the state and on
# the terminal.
sed -i 's/^type: dac$/type: dca/' content/fiches/dac-58.md
check "error reported" wait_for 'get "${url}__maillage/etat" | grep -q "dca"'
expect_eq "previous site still served" "$(gen)" 2
expect_contains "error in the state" "$(get "${url}__maillage/etat")" \
    'fiches/dac-58.md:'
expect_eq "page still served" "$(code "${url}fiches/dac-58/")" 200
check "error on the terminal" grep -q "dca" serve.err
sed -i 's/^type: dca$/type: dac/' content/fiches/dac-58.md
check "fixed: rebuilt" wait_for '[ "$(gen)" -ge 3 ]'
expect_contains "fixed: no error" "$(get "${url}__maillage/etat")" '"erreurs":null'

check "generations in TMPDIR" test -n "$(ls tmp)"
kill -TERM "$pid"
wait "$pid"
expect_eq "SIGTERM: exit 0" "$?" 0
expect_eq "generations removed" "$(ls -A tmp)" ""

# A missing folder is a system error.
"$MAILLAGE" serve nowhere --port 0 >/dev/null 2>&1
expect_eq "missing folder: exit 2" "$?" 2
finish
