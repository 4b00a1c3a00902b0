/* test_yaml.c: unit tests of YAML with positions (src/yaml.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "yaml.h"
#include "yaml_same.h"

static struct arena a;
static struct diags d;

/* Parses src as a whole file (first line 1); diagnostics in d. */
static struct ynode *
parse(const char *src, int *rc)
{
	struct ynode *n = NULL;

	diags_free(&d);
	diags_init(&d);
	*rc = yaml_parse(&n, &a, &d, "f.yaml", src, strlen(src), 1);
	return n;
}

/* The first diagnostic's message, or "" */
static const char *
msg0(void)
{
	return d.n > 0 ? d.items[0].msg : "";
}

/* src must be refused at line:col with a message containing want. */
#define REFUSED(src, l, c, want) do {					\
	int	 rc_;							\
	parse(src, &rc_);						\
	INT_EQ(rc_, -1);						\
	INT_EQ(d.nerr, 1);						\
	if (d.n > 0) {							\
		INT_EQ(d.items[0].line, l);				\
		INT_EQ(d.items[0].col, c);				\
		OK(strstr(msg0(), want) != NULL, "«%s»: «%s» lacks «%s»", \
		    src, msg0(), want);					\
	}								\
} while (0)

static void
test_tree(void)
{
	struct ynode *n;
	const struct ynode *v;
	int	 rc;

	n = parse("nom: CLIC\nlieux:\n  - {a: 1, b: [x, \"y\"]}\n", &rc);
	INT_EQ(rc, 0);
	INT_EQ(d.n, 0);
	OK(n != NULL && n->kind == YN_MAP, "root is a map");
	if (n == NULL)
		return;
	INT_EQ(n->n, 2);
	INT_EQ(n->line, 1);
	INT_EQ(n->col, 1);
	v = yaml_get(n, "nom");
	STR_EQ(v ? v->str : NULL, "CLIC");
	INT_EQ(v ? v->line : 0, 1);
	INT_EQ(v ? v->col : 0, 6);
	INT_EQ(v ? v->quoted : -1, 0);
	v = yaml_get(n, "lieux");
	OK(v != NULL && v->kind == YN_SEQ && v->n == 1, "lieux: one item");
	if (v == NULL || v->n != 1)
		return;
	v = v->items[0];
	INT_EQ(v->kind, YN_MAP);
	INT_EQ(v->line, 3);
	INT_EQ(v->col, 5);
	v = yaml_get(v, "b");
	OK(v != NULL && v->kind == YN_SEQ && v->n == 2, "b: two items");
	if (v == NULL || v->n != 2)
		return;
	STR_EQ(v->items[1]->str, "y");
	INT_EQ(v->items[1]->quoted, 1);
	INT_EQ(v->items[1]->col, 19);
	OK(yaml_get(n, "absent") == NULL, "absent key");
	OK(yaml_get(NULL, "nom") == NULL, "NULL map");
	OK(yaml_get(yaml_get(n, "nom"), "x") == NULL, "not a map");
	STR_EQ(yaml_kind_french(n), "un ensemble de clés");
	STR_EQ(yaml_kind_french(yaml_get(n, "lieux")), "une liste");
	STR_EQ(yaml_kind_french(yaml_get(n, "nom")), "un texte");
	STR_EQ(yaml_kind_french(NULL), "une valeur vide");
}

/* Plain scalars stay text: no YAML 1.1 booleans, octals or floats. */
static void
test_scalars(void)
{
	struct ynode *n;
	int	 rc;

	n = parse("a: no\nb: 0777\nc: 1.10\nd: ~\ne: 2026-09-15\nf: |\n  l1\n"
	    "  l2\ng: 'it''s'\n", &rc);
	INT_EQ(rc, 0);
	STR_EQ(yaml_get(n, "a")->str, "no");
	STR_EQ(yaml_get(n, "b")->str, "0777");
	STR_EQ(yaml_get(n, "c")->str, "1.10");
	STR_EQ(yaml_get(n, "d")->str, "~");
	STR_EQ(yaml_get(n, "e")->str, "2026-09-15");
	STR_EQ(yaml_get(n, "f")->str, "l1\nl2\n");
	INT_EQ(yaml_get(n, "f")->quoted, 1);
	STR_EQ(yaml_get(n, "g")->str, "it's");
	/* Columns count characters: « é » is one. */
	n = parse("nom: été\nx: [é, \"à\"]\n", &rc);
	INT_EQ(rc, 0);
	INT_EQ(yaml_get(n, "x")->items[1]->col, 8);
}

static void
test_empty(void)
{
	struct ynode *n;
	int	 rc;

	n = parse("", &rc);
	INT_EQ(rc, 0);
	OK(n == NULL, "empty document: NULL");
	n = parse("# rien\n\n", &rc);
	INT_EQ(rc, 0);
	OK(n == NULL, "comments only: NULL");
	n = parse("---\n", &rc);
	INT_EQ(rc, 0);
	n = parse("texte\n", &rc);
	INT_EQ(rc, 0);
	OK(n != NULL && n->kind == YN_SCALAR, "a scalar root");
}

/* A front matter starts on line 2 of its file: positions follow. */
static void
test_first_line(void)
{
	struct ynode *n = NULL;
	const char *src = "nom: x\ntype: y\n";

	diags_free(&d);
	diags_init(&d);
	INT_EQ(yaml_parse(&n, &a, &d, "f.md", src, strlen(src), 2), 0);
	INT_EQ(yaml_get(n, "type")->line, 3);
	src = "nom: x\ntype: [y\n";
	INT_EQ(yaml_parse(&n, &a, &d, "f.md", src, strlen(src), 2), -1);
	INT_EQ(d.n > 0 ? d.items[0].line : 0, 3);
	STR_EQ(d.n > 0 ? d.items[0].file : "", "f.md");
}

static void
test_duplicates(void)
{
	struct buf b = {0};
	int	 i, rc;

	REFUSED("a: 1\nb: 2\na: 3\n", 3, 1,
	    "clé « a » en double (déjà donnée ligne 1)");
	REFUSED("x:\n  k: 1\n  k: 2\n", 3, 3, "clé « k » en double");
	REFUSED("x: {k: 1, k: 2}\n", 1, 11, "clé « k » en double");
	/* Many keys go through a hash: same answer, every duplicate. */
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "k%d: v\n", i);
	buf_puts(&b, "k17: w\nk999: w\n");
	parse(b.data, &rc);
	INT_EQ(rc, -1);
	INT_EQ(d.nerr, 2);
	if (d.n == 2) {
		INT_EQ(d.items[0].line, 1001);
		STR_EQ(d.items[0].msg, "clé « k17 » en double (déjà donnée "
		    "ligne 18) : gardez-en une seule");
		INT_EQ(d.items[1].line, 1002);
	}
	/* The same keys in different maps are fine. */
	parse("a: {k: 1}\nb: {k: 2}\n", &rc);
	INT_EQ(rc, 0);
	/* A key must be a scalar. */
	REFUSED("? [a, b]\n: c\n", 1, 3, "une clé doit être un simple mot, "
	    "pas une liste");
	buf_dispose(&b);
}

static void
test_refused(void)
{
	REFUSED("a: &x 1\n", 1, 4, "ancre YAML « &x » refusée");
	REFUSED("a: *x\n", 1, 4, "alias YAML « *x » refusé");
	REFUSED("a: &x [1, *x]\n", 1, 4, "ancre YAML « &x »");
	REFUSED("a: !!python/object:os.system x\n", 1, 4,
	    "étiquette YAML « !!python/object:os.system » refusée");
	REFUSED("a: !!str x\n", 1, 4, "étiquette YAML « !!str »");
	REFUSED("a: !perso x\n", 1, 4, "étiquette YAML « !perso »");
	REFUSED("a: !<tag:example.org,2026:x> y\n", 1, 4,
	    "« tag:example.org,2026:x »");
	REFUSED("a: !!map {b: 1}\n", 1, 4, "étiquette YAML « !!map »");
	REFUSED("%YAML 1.1\n---\na: 1\n", 1, 1, "les directives YAML");
	REFUSED("%TAG !e! tag:example.org,2026:\n---\na: 1\n", 1, 1,
	    "les directives YAML");
	REFUSED("a: 1\n---\nb: 2\n", 2, 1, "un seul document YAML");
	REFUSED("a: \"x\\0y\"\n", 1, 4, "caractère nul dans une valeur");
}

static void
test_depth(void)
{
	struct buf b = {0};
	int	 i, rc;

	/* 16 levels pass, the 17th is refused where it opens. */
	buf_puts(&b, "a: ");
	for (i = 0; i < YAML_MAX_DEPTH - 1; i++)
		buf_putc(&b, '[');
	for (i = 0; i < YAML_MAX_DEPTH - 1; i++)
		buf_putc(&b, ']');
	parse(b.data, &rc);
	INT_EQ(rc, 0);
	buf_reset(&b);
	buf_puts(&b, "a: ");
	for (i = 0; i < 40000; i++)
		buf_putc(&b, '[');
	REFUSED(b.data, 1, 4 + YAML_MAX_DEPTH - 1,
	    "imbrication trop profonde (plus de 16 niveaux");
	buf_reset(&b);
	for (i = 0; i < 40; i++)
		buf_printf(&b, "%*sa%d:\n", 2 * i, "", i);
	REFUSED(b.data, YAML_MAX_DEPTH + 1, 2 * YAML_MAX_DEPTH + 1,
	    "imbrication trop profonde");
	buf_dispose(&b);
}

static void
test_scalar_cap(void)
{
	struct buf b = {0};
	int	 rc;
	size_t	 i;

	buf_puts(&b, "a: ");
	for (i = 0; i < YAML_MAX_SCALAR; i++)
		buf_putc(&b, 'x');
	parse(b.data, &rc);
	INT_EQ(rc, 0);
	buf_putc(&b, 'x');
	REFUSED(b.data, 1, 4, "valeur trop longue (16385 octets, 16384 au "
	    "plus)");
	buf_dispose(&b);
}

/* libyaml's English messages come out in French, at the right place. */
static void
test_messages(void)
{
	struct ynode *n;
	const struct ynode *v;
	int	 rc;

	REFUSED("resume: Démarches : santé\n", 1, 19, "mettez-la entre "
	    "guillemets, par exemple resume: \"Démarches : santé\"");
	REFUSED("  - nom: A : B \"c\"\n", 1, 12, "par exemple nom: \"A : B "
	    "\\\"c\\\"\"");
	REFUSED("nom: CLIC\n  type: clic\n", 2, 7, "cette ligne est plus "
	    "indentée que la clé d'avant");
	/* A tab is an error, but the rest of the file is still read when
	 * it is valid YAML with the tab as a space (columns unchanged). */
	n = parse("a:\n\tb: 1\n\tc: x: y\n", &rc);
	INT_EQ(rc, -1);		/* not YAML even untabbed: tabs only */
	INT_EQ(d.nerr, 2);
	OK(d.n == 2 && strstr(d.items[0].msg, "tabulation interdite dans "
	    "l'indentation") != NULL && d.items[0].line == 2 &&
	    d.items[1].line == 3, "a tab per line");
	n = parse("a:\n\tb: 1\n", &rc);
	INT_EQ(rc, 0);
	INT_EQ(d.nerr, 1);
	OK(n != NULL && (v = yaml_get(n, "a")) != NULL &&
	    yaml_get(v, "b") != NULL, "read past the tab");
	if (d.n > 0) {
		INT_EQ(d.items[0].line, 2);
		INT_EQ(d.items[0].col, 1);
	}
	n = parse("a:\n  - x\n\t- y\n", &rc);
	INT_EQ(d.nerr, 1);
	OK(d.n > 0 && strstr(d.items[0].msg, "tabulation interdite") != NULL &&
	    d.items[0].line == 3, "tab in a list");
	REFUSED("a: \"ouvert\nb: 2\n", 1, 4, "guillemet ouvert ici mais "
	    "jamais fermé");
	REFUSED("a: [x, y\nb: 2\n", 1, 4, "liste entre crochets mal fermée");
	REFUSED("a: {x: 1\n", 1, 4, "ensemble entre accolades mal fermé");
	REFUSED("a: @x\n", 1, 4, "caractère « @ » interdit en début de "
	    "valeur");
	REFUSED("a: `x\n", 1, 4, "caractère « ` » interdit");
	REFUSED("a: 1\n b: 2\n", 2, 3, "« : » inattendu");
	REFUSED("a:\n  b: 1\n c: 2\n", 3, 2, "indentation incohérente");
	REFUSED("- a\nb: 1\n", 2, 1, "indentation incohérente");
	REFUSED("a: b\nc\n", 2, 1, "« : » attendu après la clé");
	REFUSED("a: \"\x01\"\n", 1, 5, "caractère de contrôle interdit "
	    "(U+0001)");
	REFUSED("a: 1\nb: \"x\x0c\"\n", 2, 6, "(U+000C)");
	REFUSED("a: 1\nb: \"\xc2\x85\xc2\x80\"\n", 2, 6, "(U+0080)");
}

/*
 * yaml_parse reads plain front matter itself and leaves the rest to
 * libyaml: both must give the same tree and the same messages, on what
 * the fast path takes and on what lies just outside it.
 */
static void
test_fast_same(void)
{
	static const char *const cases[] = {
		"nom: Accueil de jour — Bassin\ntype: accueil-de-jour\n"
		"resume: \"Pour les aidants : écoute.\"\n"
		"publics: [personnes-agees, aidants]\n"
		"territoires: [\"58194\", '58051', bassin-58]\n"
		"lieux:\n  - nom: Permanence\n    lat: 46.7779\n"
		"    lon: -1.7319\n    horaires: \"Mo-We 09:00-12:30\"\n"
		"  - nom: Siège\n    commune: \"58139\"\n"
		"contact:\n  telephone: \"03 53 73 56 39\"\n"
		"  site: https://example.org/x\n"
		"fermetures:\n  - {du: 2026-11-16, au: 2026-12-04, motif: "
		"Travaux ; accueil à l'EHPAD}\n"
		"facile: |\n  Le service aide.\n\n  Appelez.\n\n"
		"verifie_le: 2025-04-09\n",
		"# commentaire\n\na: 1\n  # indenté\nb: [ x ,y ]\n",
		"- code: \"58\"\n  nom: Nièvre\n  contient:\n    - {code: a, "
		"nom: b}\n- code: \"21\"\n",
		"a:\n  b:\n    - c\n    - d: e\n      f: [g]\n",
		"a: b # c\n", "a: 'it''s'\n", "a: \"x\\ty\"\n", "a: \"\"\n",
		"a: |-\n  x\n", "a: >\n  x\n", "a: |\n  x\n   \n",
		"a: |\n   x\n  y\n", "a: |\n\n  x\n", "a: |\n  x\n# c\nb: 1\n",
		"a: |\n", "a: |\n  x", "a:\n- x\n", "a: [x, ]\n", "a: [a:b]\n",
		"a: [[x]]\n", "a: {b: c, b: d}\n", "a: {b:c}\n", "a: x\n  y\n",
		"a: b: c\n", "a: -x\n", "a: - x\n", "a: -1\n", "a:\n", "b: 1\na:\n",
		"k: v\nk: w\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n",
		"é: 1\n", "a: x\xc2\x85y\n", "a: x\xe2\x80\xa8y\n",
		"  a: 1\n", "a: 1\n b: 2\n", "a: x\tb\n", "a: [b, c]  \n",
		"- a\n-  b\n", "- - a\n", "-\n", "a: ~\nb: yes\nc: 0777\n",
		"a: \"x\" y\n", "a: [x] y\n", "a: {x: [y]}\n", "a:  two  spaces \n",
		"a: c#\nb: 'x' \n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n",
		"? a\n: b\n", "a: |\n  x\n b: 1\n", "a: 1\r\nb: 2\n",
		"a: \"\xef\xbb\xbf\"\n", "a: \xef\xbf\xbe\n", "a:\n  - x\n  y: 1\n",
	};
	struct ynode *x, *y;
	struct diags dx, dy;
	size_t	 i, k;
	int	 rx, ry, ok;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		diags_init(&dx);
		diags_init(&dy);
		rx = yaml_parse(&x, &a, &dx, "f.md", cases[i],
		    strlen(cases[i]), 2);
		ry = yaml_parse_libyaml(&y, &a, &dy, "f.md", cases[i],
		    strlen(cases[i]), 2);
		ok = rx == ry && dx.n == dy.n && yaml_same_tree(x, y);
		for (k = 0; ok && k < dx.n; k++)
			ok = dx.items[k].line == dy.items[k].line &&
			    dx.items[k].col == dy.items[k].col &&
			    strcmp(dx.items[k].msg, dy.items[k].msg) == 0;
		OK(ok, "case %zu «%s»: fast path and libyaml differ", i,
		    cases[i]);
		diags_free(&dx);
		diags_free(&dy);
	}
}

int
main(void)
{
	arena_init(&a);
	diags_init(&d);
	test_tree();
	test_scalars();
	test_empty();
	test_first_line();
	test_duplicates();
	test_refused();
	test_depth();
	test_scalar_cap();
	test_messages();
	test_fast_same();
	diags_free(&d);
	arena_free(&a);
	return TEST_END();
}
