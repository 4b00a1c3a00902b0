#!/usr/bin/env bash
# tests/t-rev.sh: `check --rev` and `dump --rev` read the content folder
# as it was at a git revision, from a repository made here (the content
# in a subfolder, a sheet renamed between two commits) and from this
# repository itself; their errors are French and exit with 2.
. "$(dirname "$0")/lib.sh"
unset GITHUB_ACTIONS
cd "$T_TMP" || exit 1

git init -q -b main repo
(
	cd repo &&
	git config user.email t@example.org && git config user.name t &&
	cp -r "$ROOT/tests/errors/base/content" content &&
	git add -A && git commit -qm one &&
	git mv content/fiches/clic-nevers.md content/fiches/clic-58.md &&
	git commit -qm rename &&
	sed -i '2s/.*/nom: [/' content/fiches/clic-58.md
) || fail "repository set-up"

# The work tree has a broken sheet; HEAD and HEAD~1 do not.
out=$("$MAILLAGE" check repo/content 2>&1)
expect_eq "work tree: exit" "$?" 1
out=$("$MAILLAGE" check --rev HEAD repo/content 2>&1)
expect_eq "HEAD: exit" "$?" 0
expect_contains "HEAD: summary" "$out" "0 erreur"
old=$("$MAILLAGE" dump --rev HEAD~1 repo/content 2>/dev/null)
expect_eq "dump HEAD~1: exit" "$?" 0
expect_contains "HEAD~1 has the old name" "$old" "fiche clic-nevers:"
new=$("$MAILLAGE" dump --rev main repo/content 2>/dev/null)
expect_contains "main has the new name" "$new" "fiche clic-58:"
expect_not_contains "main lacks the old name" "$new" "fiche clic-nevers:"
# Same content, same dump: the git tree reads as the work tree does.
git -C repo stash -q
expect_eq "dump --rev HEAD = dump of the work tree" \
    "$("$MAILLAGE" dump repo/content 2>&1)" \
    "$("$MAILLAGE" dump --rev HEAD repo/content 2>&1)"
# From inside the repository, with a relative folder.
out=$(cd repo && "$MAILLAGE" dump --rev HEAD~1 content 2>/dev/null)
expect_contains "relative folder" "$out" "fiche clic-nevers:"

# Errors.
out=$("$MAILLAGE" check --rev nope repo/content 2>&1)
expect_eq "unknown revision: exit" "$?" 2
expect_contains "unknown revision: message" "$out" \
    "version « nope » inconnue dans le dépôt git"
mkdir plain && cp -r "$ROOT/tests/errors/base/content" plain/
out=$("$MAILLAGE" check --rev HEAD plain/content 2>&1)
expect_eq "no repository: exit" "$?" 2
expect_contains "no repository: message" "$out" "n'est dans aucun dépôt git"
out=$("$MAILLAGE" dump --rev HEAD repo/ailleurs 2>&1)
expect_eq "folder absent at the revision: exit" "$?" 2
expect_contains "folder absent: message" "$out" \
    "n'existe pas dans la version « HEAD »"
git clone -q --depth 1 "file://$T_TMP/repo" shallow
out=$("$MAILLAGE" dump --rev HEAD~1 shallow/content 2>&1)
expect_eq "shallow clone: exit" "$?" 2
expect_contains "shallow clone: message" "$out" \
    "l'historique complet est nécessaire (git fetch --unshallow)"
out=$("$MAILLAGE" check --rev HEAD shallow/content 2>&1)
expect_eq "shallow clone, HEAD: exit" "$?" 0
out=$("$MAILLAGE" dump --rev 2>&1)
expect_eq "--rev without a value: exit" "$?" 2

# This repository's own content, one commit back (a CI checkout may be
# shallow: then the message must say so).
cd "$ROOT" || exit 1
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	out=$("$MAILLAGE" dump --rev HEAD~1 content 2>&1)
	rc=$?
	if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
		expect_eq "this repository (shallow): exit" "$rc" 2
		expect_contains "this repository (shallow)" "$out" \
		    "git fetch --unshallow"
	else
		expect_eq "this repository at HEAD~1: exit" "$rc" 0
		expect_contains "this repository at HEAD~1" "$out" "fiche "
		expect_contains "this repository at HEAD~1: territories" \
		    "$out" "territoire 58 "
	fi
fi
finish
