#!/usr/bin/env bash
# tests/t-install.sh: an installed maillage finds its templates, fonts and
# communes from any folder, relative to its own prefix; --data names
# another data folder; a missing data folder is a system error (exit 2).
. "$(dirname "$0")/lib.sh"

prefix=$T_TMP/prefix
make -s -C "$ROOT" install-files PREFIX="$prefix" INSTALL_BIN="$MAILLAGE" \
    >"$T_TMP/install.log" 2>&1
expect_eq "make install-files" "$?" 0
check "binary installed" test -x "$prefix/bin/maillage"
check "data installed" test -f "$prefix/share/maillage/data/cog/departements.tsv"

# Moved after installing, and started from a folder with no templates.
mv "$prefix" "$T_TMP/moved"
bin=$T_TMP/moved/bin/maillage
mkdir "$T_TMP/elsewhere" && cd "$T_TMP/elsewhere" || exit 1
cp -r "$ROOT/content" content
"$bin" build content -o out -q
expect_eq "build from another folder" "$?" 0
check "site written" test -f out/site/index.html
check "PDF written" test -n "$(find out/pdf -name '*.pdf' | head -1)"
"$bin" init repo --departement 58 -q
expect_eq "init from another folder" "$?" 0
check "init's communes" grep -q '"58194"' repo/territoires.yaml

# --data: another data folder (a copy), or a missing one.
cp -r "$T_TMP/moved/share/maillage" "$T_TMP/mydata"
"$bin" build content -o out2 -q --data "$T_TMP/mydata" --only site
expect_eq "--data copy" "$?" 0
out=$("$bin" build content -o out3 --data "$T_TMP/nowhere" 2>&1)
expect_eq "--data missing: exit 2" "$?" 2
expect_contains "--data missing: message" "$out" "nowhere"
check "--data missing: nothing written" test ! -e out3
rm -rf "$T_TMP/moved/share"
out=$("$bin" build content -o out4 2>&1)
expect_eq "no data folder: exit 2" "$?" 2
expect_contains "no data folder: message" "$out" "--data"
out=$("$bin" init repo2 --departement 58 2>&1)
expect_eq "init without data: exit 2" "$?" 2
finish
