# maillage: plain make + pkg-config. Objects live in build/$(VARIANT)/.
#   make                 install what is missing, build ./maillage and out/
#   make check           the same set-up, then every test
#   make asan check      the tests under AddressSanitizer + UBSan
#   make bench           benchmarks against the peers (see tests/bench/)

VARIANT ?= release
ifneq ($(filter asan,$(MAKECMDGOALS)),)
VARIANT := asan
endif
ifneq ($(filter ubsan,$(MAKECMDGOALS)),)
VARIANT := ubsan
endif

CC	?= cc
PKGS	 = libcmark yaml-0.1 cairo pangocairo pangoft2 fontconfig libgit2 \
	   libqrencode glib-2.0 gmime-3.0 libutf8proc libmicrohttpd
WARN	 = -std=c17 -Wall -Wextra -Wpedantic -Wmissing-prototypes \
	   -Wstrict-prototypes -Wwrite-strings -Wshadow -Wformat=2
CFLAGS_release = -O2 -g
CFLAGS_asan	= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined -DARENA_DEBUG
CFLAGS_ubsan	= -O1 -g -fsanitize=undefined -fno-sanitize-recover=undefined
ifeq ($(CI),true)
WARN	+= -Werror
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) $(CFLAGS_$(VARIANT)) $(PKG_CFLAGS) -D_GNU_SOURCE \
	     -DMAILLAGE_VERSION='"$(VERSION)"' \
	     -DMAILLAGE_DATADIR='"$(PREFIX)/share/maillage"' -pthread -MMD -MP \
	     $(CFLAGS)
ALL_LDFLAGS = $(CFLAGS_$(VARIANT)) -pthread $(LDFLAGS)
LIBS	 = $(PKG_LIBS) -lstemmer -lhyphen -lm

VERSION	 = 0.1.0
B	 = build/$(VARIANT)
SRC	 = $(wildcard src/*.c)
OBJ	 = $(SRC:src/%.c=$(B)/%.o)
LIBOBJ	 = $(filter-out $(B)/main.o,$(OBJ))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
BIN	 = $(B)/maillage

PREFIX	?= /usr/local
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1764115200)

.PHONY: all deps test-deps check tests bench asan ubsan valgrind clean \
	install install-files regen-docs lint format site regen fuzz

all: maillage out/newsletter/.stamp out/.stamp

deps:
	@scripts/deps

test-deps:
	@scripts/deps --test

# Depend on the deps check only when a library is missing, so that a
# normal rebuild never runs apt.
ifneq ($(shell pkg-config --exists $(PKGS) && test -f /usr/include/libstemmer.h && test -f /usr/include/hyphen.h && test -f /usr/share/javascript/leaflet/leaflet.js && echo ok),ok)
$(OBJ): | deps
endif

$(B)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BIN): $(OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJ) $(LIBS)

maillage: $(BIN)
	cp $(BIN) $@

$(B)/tests/%: tests/unit/%.c $(LIBOBJ) tests/unit/harness.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LIBS)

# An edition of the newsletter from this project's own history of content/,
# which the build then publishes under /lettre/. Needs the full history
# (not in a tarball or a shallow clone: then there is no edition).
LETTRE_SINCE ?= 2026-01-01
out/newsletter/.stamp: $(BIN) $(wildcard content/*.yaml content/*/*.md)
	@if [ "$$(git rev-parse --is-shallow-repository 2>/dev/null)" = false ]; \
	then $(BIN) newsletter content --since $(LETTRE_SINCE) -o out; \
	else echo "maillage : pas d'historique git complet, pas de lettre"; fi
	@mkdir -p $(@D) && touch $@

# The sample content's outputs. A failed build leaves out/ as it was.
out/.stamp: out/newsletter/.stamp $(BIN) $(wildcard content/*.yaml content/*/*.md templates/* templates/assets/* fonts/* fonts/web/*)
	$(BIN) build content -o out
	@touch $@

check: test-deps $(BIN) $(UNIT_BIN)
	MAILLAGE=$(CURDIR)/$(BIN) UNIT_DIR=$(CURDIR)/$(B)/tests \
	    VARIANT=$(VARIANT) tests/run

asan ubsan:
	@:

valgrind: $(BIN)
	MAILLAGE_VALGRIND=1 MAILLAGE=$(CURDIR)/$(BIN) tests/valgrind.sh

# The peers and corpora come from this repository (scripts/gen-corpus,
# tests/bench/peers/); scripts/deps --bench installs Hugo, WeasyPrint,
# PyYAML and Pagefind. BENCH_STEPS narrows it (check site search pdf scale).
bench: $(BIN)
	@scripts/deps --bench
	MAILLAGE=$(CURDIR)/$(BIN) tests/bench/run $(BENCH_STEPS)

# The binary finds its data from its own path (PREFIX/bin/../share/
# maillage), so PREFIX can be moved; install-files installs a given
# binary without building (the install test uses it).
INSTALL_BIN ?= $(BIN)
install: $(BIN)
	$(MAKE) --no-print-directory install-files

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/maillage
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/maillage
	rm -rf $(DESTDIR)$(PREFIX)/share/maillage/templates \
	    $(DESTDIR)$(PREFIX)/share/maillage/fonts \
	    $(DESTDIR)$(PREFIX)/share/maillage/data
	cp -r templates fonts data $(DESTDIR)$(PREFIX)/share/maillage/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 maillage.1 $(DESTDIR)$(PREFIX)/share/man/man1/

FUZZ_SECONDS ?= 60
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

regen-docs: $(BIN)
	$(BIN) schema --markdown >docs/format.md

regen: $(BIN)
	REGEN=1 MAILLAGE=$(CURDIR)/$(BIN) bash tests/t-golden.sh
	REGEN=1 MAILLAGE=$(CURDIR)/$(BIN) bash tests/t-check.sh

lint:
	clang-tidy $(SRC) -- $(ALL_CFLAGS)

format:
	clang-format -i src/*.c src/*.h

clean:
	rm -rf build maillage out

-include $(OBJ:.o=.d)
