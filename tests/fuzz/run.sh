#!/usr/bin/env bash
# tests/fuzz/run.sh: builds the libFuzzer targets of tests/fuzz/ with
# clang-14 (-fsanitize=fuzzer,address,undefined) and runs each for N
# seconds. Not part of `make check`.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      (default 60 s, all)
#   FUZZ_TIMEOUT=N: per-input time limit in seconds (else 2 or 5)
#
# Targets: fuzz_load (the whole loader on one file), fuzz_yaml (YAML with
# positions), fuzz_md (the Markdown pre-scan, then cmark, under a time
# limit), fuzz_hours (opening hours), fuzz_tmpl (Mustache templates:
# compile, partials, render), fuzz_source (a fuzzed git tree read through
# src/source.c, then loaded). Corpora grow in build/fuzz/corpus/
# (seeded from content/ and tests/errors/); crashes, leaks and timeouts
# land in build/fuzz/artifacts/TARGET/ and make the script fail.
# Needs clang-14 and libclang-rt-14-dev (apt).
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_load fuzz_yaml fuzz_md fuzz_hours fuzz_tmpl fuzz_source)
CC=${FUZZ_CC:-clang-14}
OUT=build/fuzz
PKGS="libcmark yaml-0.1 glib-2.0 libgit2 libutf8proc"
# The loader and what it calls; no output module.
LIBSRC="src/arena.c src/buf.c src/build.c src/diag.c src/esc.c src/fold.c
    src/hours.c src/load*.c src/json.c src/md.c src/model.c src/pool.c src/schema.c src/source.c src/tmpl.c
    src/util.c src/yaml.c"
FLAGS="-g -O1 -std=c17 -D_GNU_SOURCE -pthread -iquote src
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer -DARENA_DEBUG"
export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1795651200
export MAILLAGE_FUZZ_BASE=$PWD/tests/errors/base/content
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

command -v "$CC" >/dev/null || {
	echo "run.sh: $CC is missing (apt-get install clang-14 libclang-rt-14-dev)" >&2
	exit 2
}
mkdir -p "$OUT"

# seeds TARGET DIR: a first corpus from the repository's own files.
seeds() {
	local t=$1 d=$2 f i=0
	mkdir -p "$d"
	[ -n "$(ls -A "$d")" ] && return
	case $t in
	fuzz_load)
		for f in content/fiches/*.md tests/errors/*/content/fiches/*.md; do
			[ -f "$f" ] || continue
			{ printf '\x00'; cat "$f"; } >"$d/s$((i++))"
		done
		for f in content/*.yaml tests/errors/*/content/territoires.yaml; do
			[ -f "$f" ] || continue
			{ printf '\xb8'; cat "$f"; } >"$d/s$((i++))"
		done
		;;
	fuzz_yaml)
		for f in content/*.yaml tests/errors/*/content/*.yaml; do
			[ -f "$f" ] && cp "$f" "$d/s$((i++))"
		done
		for f in content/fiches/*.md tests/errors/*/content/fiches/*.md; do
			[ -f "$f" ] || continue
			sed -n '2,/^---$/p' "$f" | sed '$d' >"$d/s$((i++))"
		done
		;;
	fuzz_md)
		for f in content/*/*.md tests/errors/*/content/fiches/*.md; do
			[ -f "$f" ] || continue
			# The body: what follows the front matter's second ---.
			awk 'n >= 2 { print } /^---$/ { n++ }' "$f" \
			    >"$d/s$((i++))"
		done
		;;
	fuzz_source)
		# Tree entries "M PATH\nDATA\0": files, a link out of the
		# folder, one inside, a submodule, an executable.
		for f in content/fiches/*.md; do
			[ -f "$f" ] || continue
			{ printf '\0fiches/%s\n' "$(basename "$f")"; cat "$f"
			    printf '\0\2fiches/lien.md\n../../../etc/passwd\0'
			    printf '\2fiches/dedans.md\n%s\0' "$(basename "$f")"
			    printf '\3fiches/sous-module\nx\0\1site.yaml\n'
			    cat content/site.yaml; } >"$d/s$((i++))"
			[ "$i" -ge 12 ] && break
		done
		;;
	fuzz_tmpl)
		for f in templates/*.mustache; do
			[ -f "$f" ] && cp "$f" "$d/s$((i++))"
		done
		printf '{{#fiches}}{{>p}}{{/fiches}}\0<a href="{{url}}">{{t.nom}}</a>{{>t}}' \
		    >"$d/s$((i++))"
		printf '{{=<%% %%>=}}<%%#t%%><%%nom%%><%%/t%%>{{{nom}}}{{&nom}}{{!x}}{{^faux}}y{{/faux}}' \
		    >"$d/s$((i++))"
		;;
	fuzz_hours)
		grep -rhoE 'horaires: "?[^"]*' content tests/errors |
		    sed -E 's/^horaires: "?//' | sort -u | while read -r l; do
			printf '%s' "$l" >"$d/s$((i++))"
		done
		;;
	esac
}

rc=0
for t in "${targets[@]}"; do
	echo "== $t: build"
	# shellcheck disable=SC2086
	if ! $CC $FLAGS $(pkg-config --cflags $PKGS) "tests/fuzz/$t.c" \
	    $LIBSRC -o "$OUT/$t" $(pkg-config --libs $PKGS) -lm; then
		rc=1
		continue
	fi
	corpus=$OUT/corpus/$t
	art=$OUT/artifacts/$t
	mkdir -p "$art"
	seeds "$t" "$corpus"
	case $t in
	fuzz_md)	extra=(-max_len=262144 -timeout=2) ;;
	fuzz_load)	extra=(-max_len=65536 -timeout=5) ;;
	*)		extra=(-max_len=16384 -timeout=5) ;;
	esac
	# On a loaded shared machine a stall in the allocator can pass for a
	# hang: FUZZ_TIMEOUT=N raises the per-input limit (libFuzzer keeps
	# the last -timeout given).
	[ -n "${FUZZ_TIMEOUT:-}" ] && extra+=(-timeout="$FUZZ_TIMEOUT")
	echo "== $t: $secs s"
	if ! "$OUT/$t" -max_total_time="$secs" -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$art/" "${extra[@]}" \
	    "$corpus" 2>"$OUT/$t.log"; then
		echo "$t: FINDING, see $OUT/$t.log and $art/"
		rc=1
	fi
	grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' \
	    "$OUT/$t.log"
	grep -E 'cov: [0-9]+' "$OUT/$t.log" | tail -1
done
exit "$rc"
