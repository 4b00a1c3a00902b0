/*
 * test_layout.c: unit tests of the layout core (src/layout.c): French
 * typography, hyphenation and line breaking, keep-together, widows and
 * orphans, QR codes, and a rendered PDF's metadata. Run from the
 * repository's root (fonts/ is read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "layout.h"

#define NB	"\xc2\xa0"		/* U+00A0 */
#define NNB	"\xe2\x80\xaf"		/* U+202F */
#define SHY	"\xc2\xad"		/* U+00AD */
#define ZWSP	"\xe2\x80\x8b"		/* U+200B */

static struct layout_env *env;
static struct layout_ctx *ctx;

/* layout_text_french on s, hyphenation on or off; static result. */
static const char *
french(const char *s, int hyph)
{
	static struct buf out;
	struct layout_text t;

	layout_text_init(&t);
	layout_text_puts(&t, 0, s);
	layout_text_french(&t, env, hyph);
	buf_reset(&out);
	buf_puts(&out, t.s);
	layout_text_free(&t);
	return buf_cstr(&out);
}

static void
test_spaces(void)
{
	STR_EQ(french("Comment y accéder ?", 0), "Comment y accéder" NNB "?");
	STR_EQ(french("Attention!", 0), "Attention" NNB "!");
	STR_EQ(french("repas ; sorties", 0), "repas" NNB "; sorties");
	STR_EQ(french("Pour qui : tous", 0), "Pour qui" NB ": tous");
	STR_EQ(french("Horaires: lundi", 0), "Horaires" NB ": lundi");
	STR_EQ(french("« Rester chez soi »", 0),
	    "«" NNB "Rester chez soi" NNB "»");
	STR_EQ(french("«Bonjour»", 0), "«" NNB "Bonjour" NNB "»");
	/* Times, URLs and question marks inside addresses stay as they are. */
	STR_EQ(french("de 12:30 à 14:00", 0), "de 12:30" NB "à 14:00");
	STR_EQ(french("https://example.org/a?b=c", 0),
	    "https://example.org/a?b=c");
	STR_EQ(french("Vraiment ?!", 0), "Vraiment" NNB "?!");
	/* A number keeps what follows on its line. */
	STR_EQ(french("jusqu'à 8 personnes", 0), "jusqu'à 8" NB "personnes");
	STR_EQ(french("03 53 73 00 01", 0), "03" NB "53" NB "73" NB "00"
	    NB "01");
}

static void
test_spans_follow(void)
{
	struct layout_text t;
	size_t	 i;

	/* A bold span keeps covering the same word after insertions. */
	layout_text_init(&t);
	layout_text_puts(&t, 0, "« Oui ");
	layout_text_puts(&t, LAYOUT_BOLD, "vraiment");
	layout_text_puts(&t, 0, " ! »");
	layout_text_french(&t, env, 0);
	STR_EQ(t.s, "«" NNB "Oui vraiment" NNB "!" NNB "»");
	for (i = 0; i < t.nspans; i++)
		if (t.spans[i].flags & LAYOUT_BOLD)
			break;
	OK(i < t.nspans, "bold span lost");
	if (i < t.nspans) {
		INT_EQ(t.spans[i].end - t.spans[i].start, 8);
		OK(strncmp(t.s + t.spans[i].start, "vraiment", 8) == 0,
		    "bold span moved: «%s»", t.s + t.spans[i].start);
	}
	layout_text_free(&t);
}

static void
test_sanitize(void)
{
	struct layout_text t;

	layout_text_init(&t);
	layout_text_put(&t, NULL, "a\xff" "b\xc3" "c\x01" "d\r\ne", 10);
	STR_EQ(t.s, "a?b?c d\ne");
	layout_text_free(&t);
	/* Overlong encodings and surrogates are refused too. */
	layout_text_init(&t);
	layout_text_put(&t, NULL, "\xc0\xaf" "\xed\xa0\x80", 5);
	STR_EQ(t.s, "?????");
	layout_text_free(&t);
}

static void
test_hyphen_points(void)
{
	unsigned char pts[64];
	const char *w = "accompagnement";
	struct buf b = {0};
	size_t	 i;

	OK(layout_hyphen_points(env, w, strlen(w), pts) > 0,
	    "no hyphenation point (dictionary missing?)");
	for (i = 0; w[i] != '\0'; i++) {
		buf_putc(&b, w[i]);
		if (pts[i])
			buf_putc(&b, '-');
	}
	STR_EQ(b.data, "ac-com-pa-gne-ment");
	buf_dispose(&b);
	/* Three letters at least after the last point, two before. */
	INT_EQ(layout_hyphen_points(env, "aidants", 7, pts), 1);
	INT_EQ(pts[1], 1);
	STR_EQ(french("établissement", 1), "éta" SHY "blis" SHY "se" SHY
	    "ment");
	/* Short words, acronyms, addresses: no soft hyphen. */
	STR_EQ(french("aide", 1), "aide");
	STR_EQ(french("CAARUD", 1), "CAARUD");
	STR_EQ(french("accueil@example.org", 1), "accueil@example.org");
	/* Only the word after an apostrophe. */
	STR_EQ(french("l'accompagnement", 1),
	    "l'ac" SHY "com" SHY "pa" SHY "gne" SHY "ment");
}

static void
test_long_tokens(void)
{
	struct buf b = {0};
	const char *r;
	size_t	 i, n;

	/* An address longer than 30 characters gets break opportunities. */
	r = french("https://example.org/un/chemin/assez/long/vraiment", 1);
	OK(strstr(r, "/" ZWSP "chemin") != NULL, "no break after a slash: %s",
	    r);
	/* A 100 KB token: cut at 400 characters, with an ellipsis. */
	for (i = 0; i < 100000; i++)
		buf_putc(&b, 'a' + (char)(i % 26));
	r = french(b.data, 1);
	for (n = 0; *r != '\0'; r++)
		if (((unsigned char)*r & 0xc0) != 0x80)
			n++;
	OK(n < 500, "token not cut: %zu characters", n);
	buf_dispose(&b);
}

static void
test_number(void)
{
	struct buf b = {0};

	layout_number_fr(&b, 1234);
	STR_EQ(b.data, "1234");
	buf_reset(&b);
	layout_number_fr(&b, 12345);
	STR_EQ(b.data, "12" NNB "345");
	buf_reset(&b);
	layout_number_fr(&b, 1234567);
	STR_EQ(b.data, "1" NNB "234" NNB "567");
	buf_dispose(&b);
}

static const struct layout_style body = {
	.size = 9, .leading = 12, .color = 0, .flags = LAYOUT_HYPHENATE
};

static const char lorem[] = "Le service accompagne les personnes âgées "
    "et leurs aidants dans leurs démarches administratives, organise "
    "l'intervention coordonnée des professionnels à domicile et "
    "propose un accompagnement personnalisé après une hospitalisation.";

static const char shorter[] = "Le service accompagne les personnes âgées "
    "et leurs aidants dans leurs démarches.";

/* A block of one paragraph of text at width w. */
static struct layout_block *
para(const struct layout_style *st, const char *s, double w)
{
	struct layout_block *b = layout_block_new();
	struct layout_text t;

	layout_text_init(&t);
	layout_text_puts(&t, 0, s);
	layout_block_text(ctx, b, st, &t, w);
	layout_text_free(&t);
	return b;
}

static void
test_line_breaking(void)
{
	struct layout_style plain = body;
	struct layout_block *h, *p;
	struct buf row = {0};
	size_t	 i, hyphenated = 0;

	plain.flags = 0;
	h = para(&body, lorem, 120);
	p = para(&plain, lorem, 120);
	OK(layout_block_nrows(h) >= 5, "%zu lines", layout_block_nrows(h));
	/* Hyphenation never needs more lines. */
	OK(layout_block_nrows(h) <= layout_block_nrows(p), "%zu > %zu",
	    layout_block_nrows(h), layout_block_nrows(p));
	for (i = 0; i < layout_block_nrows(h); i++) {
		buf_reset(&row);
		layout_block_row_text(&row, h, i);
		if (row.len >= 2 && strcmp(row.data + row.len - 2, SHY) == 0)
			hyphenated++;
	}
	OK(hyphenated > 0, "no line ends at a hyphenation point");
	for (i = 0; i < layout_block_nrows(p); i++) {
		buf_reset(&row);
		layout_block_row_text(&row, p, i);
		OK(strstr(row.data, SHY) == NULL, "soft hyphen without "
		    "hyphenation: %s", row.data);
	}
	/* Rows are the lines: every one the leading high. */
	INT_EQ((int)(layout_block_height(h) + 0.5),
	    (int)layout_block_nrows(h) * 12);
	layout_block_unref(h);
	layout_block_unref(p);
	buf_dispose(&row);
}

/* A block of one unbreakable row h high (a rule). */
static struct layout_block *
box(double h, int keep)
{
	struct layout_block *b = layout_block_new();

	layout_block_rule(b, 50, h, 0, 0, 0);
	if (keep)
		layout_block_keep(b);
	return b;
}

/* A page 100 high for the body, two columns. */
static const struct layout_geom small = {
	.w = 220, .h = 120, .top = 10, .bottom = 10, .left = 10,
	.right = 10, .gap = 10
};

static void
test_keep_together(void)
{
	struct layout_doc *d = layout_doc_new(&small);
	struct layout_block *a = box(60, 1), *b = box(50, 1), *e = box(30, 1);
	struct layout_block *f = box(30, 1), *g = box(45, 1);
	struct layout_block *c = layout_block_new();
	struct layout_place pl[4];
	size_t	 i;

	/* c: kept together but 150 high, taller than a column. */
	for (i = 0; i < 15; i++)
		layout_block_rule(c, 50, 10, 0, 0, 0);
	layout_block_keep(c);
	layout_doc_section(d, 2, 0, NULL, NULL);
	layout_doc_add(d, a);
	layout_doc_add(d, b);
	layout_doc_add(d, c);
	layout_doc_add(d, e);
	layout_doc_add(d, f);
	layout_doc_add(d, g);
	layout_doc_paginate(d);
	/* b does not fit under a: it moves whole to the second column. */
	INT_EQ(layout_doc_places(d, b, pl, 4), 1);
	INT_EQ(pl[0].col, 1);
	INT_EQ((int)pl[0].y, 10);
	/* c is split: it starts in the room left under b. */
	INT_EQ(layout_doc_places(d, c, pl, 4), 2);
	INT_EQ(pl[0].page, 0);
	INT_EQ(pl[0].col, 1);
	INT_EQ(pl[0].nrows, 5);
	INT_EQ(pl[1].page, 1);
	INT_EQ(pl[1].col, 0);
	INT_EQ(pl[1].nrows, 10);
	/* c fills its column: e goes on; f fits under e, g (45) does not. */
	INT_EQ(layout_doc_places(d, e, pl, 4), 1);
	INT_EQ(pl[0].page, 1);
	INT_EQ(pl[0].col, 1);
	INT_EQ(layout_doc_places(d, f, pl, 4), 1);
	INT_EQ(pl[0].col, 1);
	INT_EQ(layout_doc_places(d, g, pl, 4), 1);
	INT_EQ(pl[0].page, 2);
	INT_EQ(pl[0].col, 0);
	layout_block_unref(a);
	layout_block_unref(b);
	layout_block_unref(c);
	layout_block_unref(e);
	layout_block_unref(f);
	layout_block_unref(g);
	layout_doc_free(d);
}

static void
test_keep_next(void)
{
	struct layout_doc *d = layout_doc_new(&small);
	struct layout_block *a = box(55, 1), *h = box(10, 0), *s = box(40, 1);
	struct layout_place pl[2];

	/* A heading with room for itself but not for what follows. */
	layout_block_keep_next(h);
	layout_doc_section(d, 2, 0, NULL, NULL);
	layout_doc_add(d, a);
	layout_doc_add(d, h);
	layout_doc_add(d, s);
	layout_doc_paginate(d);
	INT_EQ(layout_doc_places(d, h, pl, 2), 1);
	INT_EQ(pl[0].col, 1);
	INT_EQ(layout_doc_places(d, s, pl, 2), 1);
	INT_EQ(pl[0].col, 1);
	layout_block_unref(a);
	layout_block_unref(h);
	layout_block_unref(s);
	layout_doc_free(d);
}

static void
test_balance(void)
{
	struct layout_doc *d = layout_doc_new(&small);
	struct layout_block *b[4], *h = box(10, 0), *k = box(70, 1);
	struct layout_place pl[2];
	int	 i;

	/* Four boxes of 20 in a column of 100: two columns of 40. */
	layout_doc_section(d, 2, 0, NULL, NULL);
	for (i = 0; i < 4; i++) {
		b[i] = box(20, 0);
		layout_doc_add(d, b[i]);
	}
	/* A heading and a kept block, after a page break: never parted,
	 * the kept block never split. */
	layout_doc_section(d, 2, 0, NULL, NULL);
	layout_block_keep_next(h);
	layout_doc_add(d, h);
	layout_doc_add(d, k);
	for (i = 0; i < 6; i++)
		layout_block_rule(k, 50, 0, 0, 0, 0);
	layout_doc_paginate(d);
	INT_EQ(layout_doc_places(d, b[1], pl, 2), 1);
	INT_EQ(pl[0].col, 0);
	INT_EQ(layout_doc_places(d, b[2], pl, 2), 1);
	INT_EQ(pl[0].col, 1);
	INT_EQ((int)pl[0].y, 10);
	INT_EQ(layout_doc_places(d, b[3], pl, 2), 1);
	INT_EQ(pl[0].col, 1);
	INT_EQ(layout_doc_places(d, h, pl, 2), 1);
	INT_EQ(pl[0].col, 0);
	INT_EQ(layout_doc_places(d, k, pl, 2), 1);
	INT_EQ(pl[0].col, 0);
	for (i = 0; i < 4; i++)
		layout_block_unref(b[i]);
	layout_block_unref(h);
	layout_block_unref(k);
	layout_doc_free(d);
}

/*
 * Widows and orphans: a paragraph of n lines (12 each) after a box that
 * leaves `room` on the first page. Returns the rows left on it.
 */
static int
rows_in_first(double room, struct layout_block **pp)
{
	struct layout_doc *d = layout_doc_new(&small);
	struct layout_block *a = box(100 - room, 0), *p = para(&body, shorter,
	    70);
	struct layout_place pl[4];
	size_t	 n;
	int	 first = 0;

	/* One column: the last page of a two-column section is balanced. */
	layout_doc_section(d, 1, 0, NULL, NULL);
	layout_doc_add(d, a);
	layout_doc_add(d, p);
	layout_doc_paginate(d);
	n = layout_doc_places(d, p, pl, 4);
	if (n > 0 && pl[0].page == 0)
		first = (int)pl[0].nrows;
	layout_block_unref(a);
	layout_doc_free(d);
	*pp = p;
	return first;
}

static void
test_widows_orphans(void)
{
	struct layout_block *p;
	int	 n, first;

	/* Room for one line: an orphan; the paragraph moves. */
	first = rows_in_first(12.5, &p);
	n = (int)layout_block_nrows(p);
	OK(n >= 5 && n <= 8, "%d lines: the test needs 5 to 8", n);
	INT_EQ(first, 0);
	layout_block_unref(p);
	/* Room for two lines: they stay, the rest goes on. */
	first = rows_in_first(24.5, &p);
	INT_EQ(first, 2);
	layout_block_unref(p);
	/* Room for all but one line: a widow; two lines go on instead. */
	first = rows_in_first((n - 1) * 12 + 0.5, &p);
	INT_EQ(first, n - 2);
	layout_block_unref(p);
}

static void
test_qr(void)
{
	struct layout_qr q;
	int	 runs[4 * 2000], x, y, dark = 0, covered = 0;
	size_t	 n, i;

	INT_EQ(layout_qr_encode(&q,
	    "https://repertoire.example.org/fiches/dac-58/"), 0);
	/* Version 3 or 4 at level M: 29 or 33 modules. */
	OK(q.size == 29 || q.size == 33, "size %d", q.size);
	/* Finder pattern at the top left: a dark ring, light ring, core. */
	for (x = 0; x < 7; x++) {
		OK(q.dark[x] && q.dark[6 * q.size + x], "finder row %d", x);
		OK(q.dark[x * q.size] && q.dark[x * q.size + 6], "finder col");
	}
	for (x = 1; x < 6; x++)
		OK(!q.dark[q.size + x], "finder light ring");
	OK(q.dark[3 * q.size + 3], "finder core");
	/* Runs cover exactly the dark modules. */
	for (y = 0; y < q.size * q.size; y++)
		dark += q.dark[y];
	n = layout_qr_runs(&q, runs, 2000);
	OK(n < 2000, "%zu runs", n);
	for (i = 0; i < n && i < 2000; i++) {
		for (x = runs[4 * i]; x < runs[4 * i] + runs[4 * i + 2]; x++)
			OK(q.dark[runs[4 * i + 1] * q.size + x], "light module "
			    "in a run");
		covered += runs[4 * i + 2];
	}
	INT_EQ(covered, dark);
	layout_qr_free(&q);
}

static void
test_render(void)
{
	struct layout_doc *d = layout_doc_new(&small);
	struct layout_block *b = layout_block_new();
	struct layout_text t;
	struct layout_meta m;
	struct buf out = {0}, err = {0};

	layout_text_init(&t);
	layout_block_anchor(b, "ici");
	layout_text_puts(&t, 0, "Voir ");
	layout_text_link(&t, 0, "le site", "https://example.org/");
	layout_block_text(ctx, b, &body, &t, 90);
	layout_text_puts(&t, 0, "Renvoi");
	layout_block_pageref(ctx, b, &body, &t, 90, "ici", "p. ", 1);
	layout_doc_section(d, 1, 0, "Essai", NULL);
	layout_doc_add(d, b);
	layout_doc_outline(d, 1, "Essai", "ici");
	memset(&m, 0, sizeof(m));
	m.title = "Titre";
	m.author = "Auteur";
	m.lang = "fr";
	m.epoch = 1795651200;
	INT_EQ(layout_doc_render(ctx, d, &m, NULL, NULL, &out, &err), 0);
	INT_EQ(layout_doc_page_of(d, "ici"), 1);
	OK(out.len > 1000 && memcmp(out.data, "%PDF-", 5) == 0, "not a PDF");
	OK(memmem(out.data, out.len, "/Lang (fr)", 10) != NULL, "no /Lang");
	OK(memmem(out.data, out.len, "D:20261126000000", 16) != NULL,
	    "dates not from the epoch");
	OK(memmem(out.data, out.len, "(ici)", 5) != NULL, "no destination");
	layout_text_free(&t);
	layout_block_unref(b);
	layout_doc_free(d);
	buf_dispose(&out);
	buf_dispose(&err);
}

int
main(void)
{
	struct buf err = {0}, warn = {0};

	env = layout_env_new("fonts", "/usr/share/hyphen/hyph_fr.dic",
	    "Inter", &err, &warn);
	OK(env != NULL, "environment: %s", err.data ? err.data : "");
	OK(warn.len == 0, "warning: %s", warn.data);
	if (env == NULL)
		return TEST_END();
	ctx = layout_ctx_new(env);
	test_spaces();
	test_spans_follow();
	test_sanitize();
	test_hyphen_points();
	test_long_tokens();
	test_number();
	test_line_breaking();
	test_keep_together();
	test_keep_next();
	test_balance();
	test_widows_orphans();
	test_qr();
	test_render();
	layout_ctx_free(ctx);
	layout_env_free(env);
	buf_dispose(&err);
	buf_dispose(&warn);
	return TEST_END();
}
