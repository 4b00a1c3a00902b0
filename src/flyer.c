/*
 * flyer.c: the flyers, OUT/flyers/, laid out with the layout core.
 *
 *  - ID.pdf and ID.png: one A5 page per active service (closed and draft
 *    sheets get none): its name and acronym, what it does (the `facile`
 *    text when there is one) in large type, for whom, « Comment les
 *    joindre » with the telephone number as the largest thing on the
 *    page beside a QR code to its web page, places and hours in French,
 *    the date it was checked and the publisher, in the publisher's
 *    colour. The PNG is the same page for a web page or a social post.
 *  - facile/ID.pdf and .png (with --facile): the easy-to-read variant of
 *    the sheets that have a `facile` text, nothing under 14 pt, one idea
 *    per line.
 *  - qui-contacter/CODE.pdf: one A4 page per territory of pdf.niveaux,
 *    its services grouped by need (name, one line, telephone) and the
 *    emergency numbers. The layout tries wider type and fewer columns
 *    first; when even the smallest readable setting does not hold every
 *    service, each need keeps its first services in the order of
 *    besoins.yaml and the page says where the full list is.
 *
 * Nothing is cut silently: a flyer whose text had to be shortened ends
 * that text with « … » and the build warns about it. contacts_pro never
 * appear on a flyer.
 *
 * Flyers are written by b->jobs threads, one flyer at a time each; a
 * flyer is small, so the threads share only a task counter.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "buf.h"
#include "build.h"
#include "hours.h"
#include "layout.h"
#include "md.h"
#include "model.h"
#include "outputs.h"
#include "print.h"
#include "util.h"

#define A5_W		419.528
#define A5_H		595.276
#define PNG_WIDTH	630	/* pixels: about 108 dpi for A5 */

#define C_TEXT		PRINT_C_TEXT
#define C_GREY		0x4b5560	/* darker than a sheet's: larger type */
#define C_ALERT		PRINT_C_ALERT
#define C_WHITE		PRINT_C_WHITE

/* --- The build-wide state ------------------------------------------------ */

enum task_kind {
	TASK_SHEET,
	TASK_FACILE,
	TASK_TERRITORY
};

struct task {
	enum task_kind	 kind;
	int		 index;		/* sheet or territory */
};

struct flyjob {
	struct build	*b;
	const struct model *m;
	const char	*dir;
	struct layout_env *env;
	struct task	*tasks;
	size_t		 ntasks;
	pthread_mutex_t	 lock;
	size_t		 nsheet, nfacile, nterr, nshort;
	uint32_t	 color;
	char		*edition;	/* « 26 novembre 2026 » */
	long long	 epoch;
};

/* --- Text helpers -------------------------------------------------------- */

/*
 * s, or its first `cap` characters cut at a word and ended with « … »
 * when it is longer. Returns whether it was cut.
 */
static int
put_cut(struct buf *out, const char *s, size_t cap)
{
	const char *p = s, *space = NULL;
	size_t	 n = 0;

	if (s == NULL)
		return 0;
	for (; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80) {
			if (n == cap)
				break;
			n++;
		}
		if (*p == ' ')
			space = p;
	}
	if (*p == '\0') {
		buf_puts(out, s);
		return 0;
	}
	if (space != NULL && space - s > (ptrdiff_t)(p - s) / 2)
		p = space;
	while (p > s && (p[-1] == ' ' || p[-1] == ',' || p[-1] == ';' ||
	    p[-1] == ':' || p[-1] == '.'))
		p--;
	buf_put(out, s, (size_t)(p - s));
	buf_puts(out, " …");
	return 1;
}

/* A cap of characters for a text of len characters at fraction f. */
static size_t
cap_of(size_t len, double f, size_t floor)
{
	size_t	 c = (size_t)(len * f);

	return c < floor ? floor : c;
}

/*
 * The plain text of a Markdown `facile` text, one idea per line: a
 * sentence ends a line, and so does a paragraph or a list item.
 */
static void
facile_lines(struct buf *out, const char *md)
{
	struct buf t = {0};
	size_t	 i;
	char	 c;

	md_text(&t, md, strlen(md));
	for (i = 0; i < t.len; i++) {
		c = t.data[i];
		if (c == '\n') {
			if (out->len > 0 && out->data[out->len - 1] != '\n')
				buf_putc(out, '\n');
			continue;
		}
		if (c == ' ' && out->len > 0 && out->data[out->len - 1] == '\n')
			continue;
		buf_putc(out, c);
		if ((c == '.' || c == '!' || c == '?') && i + 1 < t.len &&
		    t.data[i + 1] == ' ' && !(i >= 1 && t.data[i - 1] >= 'A' &&
		    t.data[i - 1] <= 'Z' && (i < 2 || t.data[i - 2] == ' ')))
			buf_putc(out, '\n');
	}
	while (out->len > 0 && (out->data[out->len - 1] == '\n' ||
	    out->data[out->len - 1] == ' '))
		out->data[--out->len] = '\0';
	buf_dispose(&t);
}

/* "CODE": a file name of ASCII letters, digits and dashes. */
void
flyer_terr_file(struct buf *out, const struct territory *t)
{
	const unsigned char *p;

	for (p = (const unsigned char *)t->code; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-')
			buf_putc(out, (char)*p);
		else
			buf_putc(out, '_');
}

/* --- Styles -------------------------------------------------------------- */

/* One set of styles per variant: the plain flyer and the easy-to-read. */
struct flystyles {
	struct layout_style kind, name, text, label, head, phone, contact,
	    place, small, alert, foot;
	double		 qr;
};

static const struct flystyles fs_plain = {
	.kind = { .size = 10, .leading = 13, .after = 2, .color = C_GREY },
	.name = { .size = 22, .leading = 26, .after = 8, .flags = LAYOUT_BOLD,
	    .tag = "H1" },
	.text = { .size = 14, .leading = 18.5, .after = 8, .color = C_TEXT },
	.label = { .size = 11.5, .leading = 15, .after = 3, .color = C_TEXT },
	.head = { .size = 13, .leading = 16, .before = 8, .after = 4,
	    .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT, .tag = "H2" },
	.phone = { .size = 30, .leading = 36, .after = 2,
	    .flags = LAYOUT_BOLD | LAYOUT_NOSPLIT | LAYOUT_TNUM },
	.contact = { .size = 11.5, .leading = 15, .color = C_TEXT },
	.place = { .size = 11.5, .leading = 15, .before = 6, .after = 1,
	    .color = C_TEXT },
	.small = { .size = 10.5, .leading = 13.5, .after = 2,
	    .color = C_TEXT },
	.alert = { .size = 11.5, .leading = 15, .before = 4, .after = 2,
	    .color = C_ALERT, .flags = LAYOUT_BOLD },
	.foot = { .size = 9, .leading = 12, .color = C_GREY },
	.qr = 78
};

/* Easy to read: at least 14 pt everywhere, short lines, more air. */
static const struct flystyles fs_facile = {
	.kind = { .size = 14, .leading = 18, .after = 2, .color = C_GREY },
	.name = { .size = 24, .leading = 29, .after = 10, .flags = LAYOUT_BOLD,
	    .tag = "H1" },
	.text = { .size = 16, .leading = 22, .after = 5, .color = C_TEXT },
	.label = { .size = 14, .leading = 19, .after = 4, .color = C_TEXT },
	.head = { .size = 16, .leading = 20, .before = 10, .after = 4,
	    .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT, .tag = "H2" },
	.phone = { .size = 32, .leading = 38, .after = 2,
	    .flags = LAYOUT_BOLD | LAYOUT_NOSPLIT | LAYOUT_TNUM },
	.contact = { .size = 14, .leading = 19, .color = C_TEXT },
	.place = { .size = 14, .leading = 19, .before = 6, .after = 2,
	    .color = C_TEXT },
	.small = { .size = 14, .leading = 19, .after = 3, .color = C_TEXT },
	.alert = { .size = 14, .leading = 19, .before = 4, .after = 2,
	    .color = C_ALERT, .flags = LAYOUT_BOLD },
	.foot = { .size = 14, .leading = 18, .color = C_GREY },
	.qr = 84
};

/* --- A service flyer ----------------------------------------------------- */

/* How much a flyer gives up to fit its page. */
struct cuts {
	size_t		 maxplaces;	/* places shown */
	double		 f;		/* fraction of long texts kept */
	size_t		 namecap;	/* characters of the name */
	int		 cut;		/* out: something was shortened */
	struct buf	 what;		/* out: which texts, for the warning */
};

struct flyer {
	struct flyjob	*job;
	struct layout_ctx *ctx;
	const struct sheet *s;
	const struct flystyles *fs;
	int		 facile;
	struct layout_text txt;
	struct layout_block *band, *foot;
	double		 bandh;
};

static void
cut_note(struct cuts *c, int cut, const char *what)
{
	if (!cut)
		return;
	c->cut = 1;
	if (strstr(c->what.data ? c->what.data : "", what) == NULL)
		buf_printf(&c->what, "%s%s", c->what.len ? ", " : "", what);
}

/* A paragraph: bold label, then the value cut at cap characters. */
static void
fly_labelled(struct flyer *fl, struct layout_block *blk,
    const struct layout_style *st, double w, const char *label,
    const char *value, struct cuts *c, const char *what)
{
	struct buf v = {0};

	if (value == NULL || *value == '\0')
		return;
	cut_note(c, put_cut(&v, value, cap_of(utf8_len(value), c->f, 40)),
	    what);
	print_labelled(fl->ctx, blk, &fl->txt, st, w, label, v.data);
	buf_dispose(&v);
}

/* The band on top (the site's title) and the foot (date, publisher). */
static void
compose_frame(struct flyer *fl, double w)
{
	const struct model *m = fl->job->m;
	struct layout_style st;
	struct buf v = {0};

	fl->band = layout_block_new();
	memset(&st, 0, sizeof(st));
	st.size = fl->facile ? 14 : 11;
	st.leading = st.size * 1.3;
	st.color = C_WHITE;
	st.flags = LAYOUT_BOLD;
	layout_text_puts(&fl->txt, 0, m->site.titre);
	layout_block_text(fl->ctx, fl->band, &st, &fl->txt, w);
	fl->bandh = layout_block_height(fl->band) + 30;

	fl->foot = layout_block_new();
	layout_block_rule(fl->foot, w, 0.8, fl->job->color, 0, 5);
	print_checked(&v, fl->s, "Informations vérifiées le ", ". À confirmer "
	    "auprès du service.");
	layout_text_puts(&fl->txt, 0, v.data);
	layout_block_text(fl->ctx, fl->foot, &fl->fs->foot, &fl->txt, w);
	buf_reset(&v);
	if (!fl->facile)
		buf_printf(&v, "Édité par %s · ", m->site.editeur);
	layout_text_puts(&fl->txt, 0, v.data);
	buf_reset(&v);
	print_url_display(&v, m->site.url, 1);
	layout_text_link(&fl->txt, LAYOUT_NOHYPH, v.data, m->site.url);
	layout_block_text(fl->ctx, fl->foot, &fl->fs->foot, &fl->txt, w);
	buf_dispose(&v);
}

/* The flyer's body into doc, shortened as c says. */
static void
compose_service(struct flyer *fl, struct layout_doc *doc, double w,
    struct cuts *c)
{
	const struct flyjob *job = fl->job;
	const struct model *m = job->m;
	const struct sheet *s = fl->s;
	const struct flystyles *fs = fl->fs;
	struct layout_block *blk = layout_block_new();
	struct layout_style st;
	struct print_contact pc = {0};
	struct buf v = {0}, u = {0};
	const struct place *p;
	const char *text;
	size_t	 i, r0, n;
	double	 cw = w - fs->qr - 10;

	/* What kind of service, then its name in full and its acronym. */
	if (s->type >= 0 && !fl->facile) {
		layout_text_puts(&fl->txt, 0, m->types[s->type].nom);
		layout_block_text(fl->ctx, blk, &fs->kind, &fl->txt, w);
	}
	st = fs->name;
	st.color = job->color;
	buf_reset(&v);
	print_sheet_label(&u, s);
	cut_note(c, put_cut(&v, u.data, c->namecap), "le nom");
	layout_text_puts(&fl->txt, LAYOUT_NOHYPH, v.data);
	layout_block_text(fl->ctx, blk, &st, &fl->txt, w);

	/* What it does: the easy-to-read text when there is one. */
	text = s->facile;
	buf_reset(&v);
	buf_reset(&u);
	if (text != NULL)
		facile_lines(&u, text);
	else
		buf_puts(&u, s->resume);
	if (fl->facile) {
		/* One idea per line: each line a paragraph of its own. */
		const char *line = u.data, *nl;
		size_t	 left = cap_of(utf8_len(u.data), c->f, 60), len;
		struct buf one = {0};

		st = fs->text;
		st.after = 3;
		while (line != NULL && *line != '\0') {
			nl = strchr(line, '\n');
			len = nl != NULL ? (size_t)(nl - line) : strlen(line);
			buf_reset(&one);
			buf_put(&one, line, len);
			n = utf8_len(one.data);
			if (n > left) {
				buf_reset(&v);
				put_cut(&v, one.data, left);
				cut_note(c, 1, "le texte");
				layout_text_puts(&fl->txt, 0, v.data);
				layout_block_text(fl->ctx, blk, &st, &fl->txt,
				    w);
				break;
			}
			left -= n;
			layout_text_puts(&fl->txt, 0, one.data);
			layout_block_text(fl->ctx, blk, &st, &fl->txt, w);
			line = nl != NULL ? nl + 1 : NULL;
		}
		layout_block_space(blk, 6);
		buf_dispose(&one);
	} else {
		cut_note(c, put_cut(&v, u.data, cap_of(utf8_len(u.data), c->f,
		    60)), "le résumé");
		layout_text_puts(&fl->txt, 0, v.data);
		layout_block_text(fl->ctx, blk, &fs->text, &fl->txt, w);
	}
	buf_reset(&v);
	print_publics(&v, m, s);
	if (!fl->facile)
		fly_labelled(fl, blk, &fs->label, w, "Pour qui", v.data, c,
		    "les publics");
	layout_doc_add(doc, blk);
	layout_block_unref(blk);

	/* How to reach them: the telephone first and largest. */
	blk = layout_block_new();
	layout_block_keep(blk);
	st = fs->head;
	st.color = job->color;
	layout_text_puts(&fl->txt, 0, fl->facile ? "Pour les joindre" :
	    "Comment les joindre");
	layout_block_text(fl->ctx, blk, &st, &fl->txt, w);
	r0 = layout_block_nrows(blk);
	st = fs->phone;
	st.color = job->color;
	pc.phone = &st;
	pc.line = &fs->contact;
	pc.phone_flags = LAYOUT_NOHYPH;
	pc.mail_web = !fl->facile;
	pc.trim = 1;
	print_contact(fl->ctx, blk, &fl->txt, s, &pc, cw);
	buf_reset(&v);
	if (fl->facile && (s->acces & ACCES_RENDEZ_VOUS) &&
	    !(s->acces & ACCES_ACCUEIL))
		buf_puts(&v, "Sur rendez-vous. ");
	if (!fl->facile)
		print_acces(&v, s, "Accès : ");
	print_frais(&v, s);
	while (v.len > 0 && v.data[v.len - 1] == ' ')
		v.data[--v.len] = '\0';
	if (v.len > 0) {
		layout_text_puts(&fl->txt, 0, v.data);
		layout_block_text(fl->ctx, blk, &fs->small, &fl->txt, cw);
	}
	print_sheet_qr(blk, r0, m, s, w - fs->qr, fs->qr);
	layout_doc_add(doc, blk);
	layout_block_unref(blk);

	/* Where, and when. */
	blk = layout_block_new();
	for (i = 0; i < s->nlieux && i < c->maxplaces; i++) {
		struct layout_block *pb = layout_block_new();

		layout_block_keep(pb);
		p = &s->lieux[i];
		buf_reset(&v);
		print_place_address(&v, m, p, 0);
		if (p->nom != NULL) {
			buf_reset(&u);
			cut_note(c, put_cut(&u, p->nom, cap_of(utf8_len(
			    p->nom), c->f, 30)), "un nom de lieu");
			layout_text_puts(&fl->txt, LAYOUT_BOLD, u.data);
			if (v.len || p->commune >= 0)
				layout_text_puts(&fl->txt, 0, "\n");
		}
		layout_text_puts(&fl->txt, 0, v.data);
		if (p->commune >= 0)
			layout_text_puts(&fl->txt, LAYOUT_NOHYPH,
			    m->terr[p->commune].nom);
		layout_block_text(fl->ctx, pb, &fs->place, &fl->txt, w);
		buf_reset(&v);
		if (p->hours != NULL)
			hours_french(&v, p->hours);
		if (p->horaires_precisions != NULL)
			buf_printf(&v, "%s%s", v.len ? ". " : "",
			    p->horaires_precisions);
		fly_labelled(fl, pb, &fs->small, w, "Horaires", v.data, c,
		    "les horaires");
		if (!fl->facile)
			fly_labelled(fl, pb, &fs->small, w, "Accessibilité",
			    p->accessibilite, c, "l'accessibilité");
		layout_doc_add(doc, pb);
		layout_block_unref(pb);
	}
	if (s->nlieux > c->maxplaces) {
		n = s->nlieux - c->maxplaces;
		buf_reset(&v);
		buf_printf(&v, "Et %zu autre%s lieu%s d'accueil : voir la fiche "
		    "en ligne (code QR).", n, n > 1 ? "s" : "", n > 1 ? "x" :
		    "");
		layout_text_puts(&fl->txt, LAYOUT_ITALIC, v.data);
		layout_block_text(fl->ctx, blk, &fs->place, &fl->txt, w);
		cut_note(c, 1, "les lieux d'accueil");
	}
	if (s->hours != NULL) {
		buf_reset(&v);
		hours_french(&v, s->hours);
		fly_labelled(fl, blk, &fs->small, w, "Horaires", v.data, c,
		    "les horaires");
	}
	buf_reset(&v);
	if (print_closure(&v, m, s, "Fermé") != NULL) {
		buf_puts(&v, ".");
		layout_text_puts(&fl->txt, 0, v.data);
		layout_block_text(fl->ctx, blk, &fs->alert, &fl->txt, w);
	}
	if (!fl->facile)
		fly_labelled(fl, blk, &fs->small, w, "Conditions",
		    s->conditions_acces, c, "les conditions");
	if (layout_block_nrows(blk) > 0)
		layout_doc_add(doc, blk);
	layout_block_unref(blk);
	buf_dispose(&v);
	buf_dispose(&u);
}

static void
decorate_flyer(struct layout_ctx *ctx, cairo_t *cr,
    const struct layout_page *pg, void *arg)
{
	struct flyer *fl = arg;
	const struct layout_geom *g = pg->geom;

	layout_fill(cr, 0, 0, g->w, fl->bandh, fl->job->color);
	layout_block_draw(ctx, cr, fl->band, g->left, 15);
	layout_block_draw(ctx, cr, fl->foot, g->left, g->h - 26 -
	    layout_block_height(fl->foot));
}

/* Writes data to DIR/sub/name. Returns 0 or 3 (printed). */
static int
put_file(struct flyjob *job, const char *sub, const char *name,
    const struct buf *data)
{
	struct buf p = {0};
	int	 rc = 0;

	buf_printf(&p, "%s/%s%s%s", job->dir, sub ? sub : "", sub ? "/" : "",
	    name);
	if (print_write_file(p.data, data) == -1)
		rc = 3;
	buf_dispose(&p);
	return rc;
}

/*
 * One service flyer (facile: the easy-to-read one): composed at full
 * length, then shortened step by step until it holds on its page.
 */
static int
write_service(struct flyjob *job, struct layout_ctx *ctx, int si,
    int facile)
{
	const struct sheet *s = &job->m->sheets[si];
	struct flyer fl;
	struct layout_geom g;
	struct layout_doc *doc = NULL;
	struct layout_meta meta;
	struct cuts c;
	struct buf pdf = {0}, png = {0}, err = {0}, name = {0}, title = {0};
	double	 lo, hi, w;
	int	 rc = 0, pages, step;

	memset(&fl, 0, sizeof(fl));
	fl.job = job;
	fl.ctx = ctx;
	fl.s = s;
	fl.facile = facile;
	fl.fs = facile ? &fs_facile : &fs_plain;
	layout_text_init(&fl.txt);
	memset(&g, 0, sizeof(g));
	g.w = A5_W;
	g.h = A5_H;
	g.left = g.right = 34;
	w = layout_geom_colwidth(&g, 1);
	compose_frame(&fl, w);
	g.top = fl.bandh + 22;
	g.bottom = 26 + layout_block_height(fl.foot) + 10;

	memset(&c, 0, sizeof(c));
	c.maxplaces = s->nlieux;
	c.f = 1;
	c.namecap = 400;
	/*
	 * Steps: everything; two places at most; then the long texts by
	 * bisection of the fraction kept; then the name and one place.
	 */
	for (step = 0; ; step++) {
		layout_doc_free(doc);
		doc = layout_doc_new(&g);
		c.cut = 0;
		buf_reset(&c.what);
		compose_service(&fl, doc, w, &c);
		pages = layout_doc_paginate(doc);
		if (pages == 1 || step > 12)
			break;
		if (step == 0 && s->nlieux > 2) {
			c.maxplaces = 2;
			continue;
		}
		if (c.namecap == 400 && c.f == 1) {
			/* Find the largest fraction that fits. */
			lo = 0;
			hi = 1;
			while (hi - lo > 0.04) {
				layout_doc_free(doc);
				doc = layout_doc_new(&g);
				c.f = (lo + hi) / 2;
				compose_service(&fl, doc, w, &c);
				if (layout_doc_paginate(doc) == 1)
					lo = c.f;
				else
					hi = c.f;
			}
			c.f = lo;
			continue;
		}
		c.namecap = 90;
		c.maxplaces = 1;
		c.f = 0;
	}
	if (c.cut) {
		diag_warn(&job->b->diags, &s->pos, "affichette%s trop longue "
		    "pour sa page : %s raccourci%s (« … ») ; raccourcissez-les "
		    "dans la fiche ou comptez sur le code QR", facile ?
		    " facile" : "", c.what.data, strchr(c.what.data, ',') ?
		    "s" : "");
		pthread_mutex_lock(&job->lock);
		job->nshort++;
		pthread_mutex_unlock(&job->lock);
	}
	if (pages != 1) {
		diag_warn(&job->b->diags, &s->pos, "affichette%s impossible à "
		    "faire tenir sur une page, même raccourcie : elle n'est "
		    "pas écrite", facile ? " facile" : "");
		goto out;
	}
	buf_reset(&name);
	print_sheet_label(&name, s);
	buf_printf(&title, "%s — %s", name.data, facile ? "affichette facile "
	    "à lire" : "affichette");
	print_meta(&meta, job->m, job->epoch, title.data, s->resume);
	if (layout_doc_render(ctx, doc, &meta, decorate_flyer, &fl, &pdf,
	    &err) == -1 || layout_doc_render_png(ctx, doc, 0, decorate_flyer,
	    &fl, PNG_WIDTH, &png, &err) == -1) {
		fprintf(stderr, "maillage : affichette %s : %s\n", s->id,
		    err.data);
		rc = 3;
		goto out;
	}
	buf_reset(&name);
	buf_printf(&name, "%s.pdf", s->id);
	rc = put_file(job, facile ? "facile" : NULL, name.data, &pdf);
	buf_reset(&name);
	buf_printf(&name, "%s.png", s->id);
	if (rc == 0)
		rc = put_file(job, facile ? "facile" : NULL, name.data, &png);
out:
	layout_doc_free(doc);
	layout_block_unref(fl.band);
	layout_block_unref(fl.foot);
	layout_text_free(&fl.txt);
	buf_dispose(&c.what);
	buf_dispose(&pdf);
	buf_dispose(&png);
	buf_dispose(&err);
	buf_dispose(&name);
	buf_dispose(&title);
	return rc;
}

/* --- « Qui contacter ? » ------------------------------------------------- */

/* Lines of summary at most, when the page has room for them. */
#define WHOM_LINES	5

/* One setting of the page, from the most comfortable to the densest. */
static const struct {
	int		 cols;
	double		 size;
	int		 summary;	/* lines of summary per service */
} settings[] = {
	{2, 11.5, 1}, {2, 10.5, 1}, {3, 10, 1}, {3, 9.5, 1}, {3, 9, 1},
	{3, 8.5, 1}, {3, 9, 0}, {3, 8.5, 0}
};

struct whom {
	struct flyjob	*job;
	struct layout_ctx *ctx;
	const struct territory *t;
	struct layout_text txt;
	struct layout_block *band, *foot;
	double		 bandh;
	int		*list;		/* sheets of the territory */
	size_t		 nlist;
	int		*needs;		/* needs with sheets, in order */
	size_t		 nneeds;
	unsigned char	*seen;		/* by sheet: shown above */
	size_t		 ncut;		/* summaries cut by the last compose */
};

static void
compose_whom_frame(struct whom *wh, double w)
{
	const struct model *m = wh->job->m;
	const struct urgence *u;
	struct layout_style st;
	struct buf v = {0};
	size_t	 n, i;

	wh->band = layout_block_new();
	memset(&st, 0, sizeof(st));
	st.size = 24;
	st.leading = 28;
	st.color = C_WHITE;
	st.flags = LAYOUT_BOLD;
	st.tag = "H1";
	layout_text_puts(&wh->txt, 0, "Qui contacter ?");
	layout_block_text(wh->ctx, wh->band, &st, &wh->txt, w);
	st.size = 13;
	st.leading = 17;
	st.flags = 0;
	st.tag = NULL;
	buf_printf(&v, "Les services de santé et sociaux — %s",
	    terr_type_label(wh->t->type));
	layout_text_puts(&wh->txt, 0, v.data);
	layout_text_puts(&wh->txt, 0, " ");
	layout_text_puts(&wh->txt, LAYOUT_BOLD | LAYOUT_NOHYPH, wh->t->nom);
	layout_block_text(wh->ctx, wh->band, &st, &wh->txt, w);
	wh->bandh = layout_block_height(wh->band) + 30;

	/* The foot: emergency numbers, then where everything is. */
	wh->foot = layout_block_new();
	layout_block_rule(wh->foot, w, 1.2, wh->job->color, 0, 5);
	u = m->site.urgences;
	n = m->site.nurgences;
	if (n > 0) {
		layout_text_put(&wh->txt, &(struct layout_attr){ .flags =
		    LAYOUT_BOLD | LAYOUT_COLOR, .color = C_ALERT },
		    "En cas d'urgence : ", strlen("En cas d'urgence : "));
		for (i = 0; i < n; i++) {
			if (i > 0)
				layout_text_puts(&wh->txt, 0, " · ");
			layout_text_puts(&wh->txt, LAYOUT_NOHYPH, u[i].nom);
			layout_text_puts(&wh->txt, 0, "\u00a0");
			layout_text_link(&wh->txt, LAYOUT_BOLD | LAYOUT_NOHYPH,
			    u[i].numero, u[i].uri);
		}
		memset(&st, 0, sizeof(st));
		st.size = 10.5;
		st.leading = 14;
		st.after = 4;
		st.color = C_TEXT;
		layout_block_text(wh->ctx, wh->foot, &st, &wh->txt, w);
	}
	memset(&st, 0, sizeof(st));
	st.size = 9;
	st.leading = 12;
	st.color = C_GREY;
	layout_text_puts(&wh->txt, 0, "Toutes les fiches, à jour, et "
	    "l'annuaire complet à imprimer : ");
	buf_reset(&v);
	buf_printf(&v, "%sterritoires/%s/", m->site.url, wh->t->code);
	{
		struct buf d = {0};

		print_url_display(&d, v.data, 1);
		layout_text_link(&wh->txt, LAYOUT_BOLD | LAYOUT_NOHYPH, d.data,
		    v.data);
		buf_dispose(&d);
	}
	buf_reset(&v);
	buf_printf(&v, ". Édition du %s, par %s.", wh->job->edition,
	    m->site.editeur);
	layout_text_puts(&wh->txt, 0, v.data);
	layout_block_text(wh->ctx, wh->foot, &st, &wh->txt, w);
	buf_dispose(&v);
}

/* The name with its acronym, the acronym group never broken. */
static void
label_nobreak(struct buf *out, const struct sheet *s)
{
	const char *p;

	buf_puts(out, s->nom);
	if (s->sigle == NULL || *s->sigle == '\0' || strstr(s->nom,
	    s->sigle) != NULL)
		return;
	buf_puts(out, "\u00a0(");
	for (p = s->sigle; *p != '\0'; p++)
		if (*p == ' ')
			buf_puts(out, "\u00a0");
		else
			buf_putc(out, *p);
	buf_putc(out, ')');
}

/* The shortest name of a sheet: its acronym, else its name. */
static void
short_name(struct buf *out, const struct sheet *s)
{
	const char *p = s->sigle != NULL && *s->sigle != '\0' ? s->sigle :
	    s->nom;

	for (; *p != '\0'; p++)
		if (*p == ' ' && p == s->sigle)
			buf_puts(out, " ");
		else if (*p == ' ' && s->sigle != NULL && *s->sigle != '\0')
			buf_puts(out, "\u00a0");
		else
			buf_putc(out, *p);
}

/*
 * A summary on at most `lines` lines at width w: the whole text when it
 * fits, else cut shorter (« … ») until Pango lays it out on that many.
 */
static struct layout_block *
summary_lines(struct whom *wh, const struct layout_style *st, double w,
    const char *text, int lines)
{
	struct layout_block *blk;
	struct buf v = {0};
	size_t	 cap = (size_t)(w / (st->size * 0.46)) * (size_t)lines;
	int	 cut;

	for (;;) {
		blk = layout_block_new();
		buf_reset(&v);
		cut = put_cut(&v, text, cap);
		layout_text_puts(&wh->txt, 0, v.data);
		layout_block_text(wh->ctx, blk, st, &wh->txt, w);
		if (layout_block_nrows(blk) <= (size_t)lines || cap < 8) {
			wh->ncut += cut;
			break;
		}
		layout_block_unref(blk);
		cap = cap * 85 / 100;
	}
	buf_dispose(&v);
	return blk;
}

/*
 * The page's body at one setting: each service in full (name,
 * telephone, one line) under the first of its needs, named again under
 * the others; at most cap services in full per need and the first
 * nneeds needs. Returns the number of services left out.
 */
static size_t
compose_whom(struct whom *wh, struct layout_doc *doc, double colw,
    double size, int summary, size_t cap, size_t nneeds)
{
	const struct model *m = wh->job->m;
	struct layout_style head, name, line;
	struct layout_block *blk;
	struct buf v = {0}, also = {0};
	size_t	 i, k, n, shown, nalso, more, out = 0;
	const struct sheet *s;
	int	 si, capped = cap != (size_t)-1;

	memset(&head, 0, sizeof(head));
	head.size = size + 1.5;
	head.leading = (size + 1.5) * 1.2;
	head.before = size * 0.8;
	head.after = 1.5;
	head.color = wh->job->color;
	head.flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT;
	head.tag = "H2";
	memset(&name, 0, sizeof(name));
	name.size = size;
	name.leading = size * 1.2;
	name.before = size * 0.35;
	name.color = C_TEXT;
	line = name;
	line.before = 0;
	line.color = C_GREY;
	wh->ncut = 0;
	/* Is anything left out at this cap? Then the page says so. */
	memset(wh->seen, 0, m->nsheets + 1);
	for (i = 0; capped && i < wh->nneeds && i < nneeds; i++)
		for (shown = 0, k = 0; k < wh->nlist; k++) {
			si = wh->list[k];
			if (!idset_has(&m->sheets[si].besoins, wh->needs[i]) ||
			    wh->seen[si] || shown == cap)
				continue;
			shown++;
			wh->seen[si] = 1;
		}
	for (n = 0, k = 0; capped && k < wh->nlist; k++)
		n += !wh->seen[wh->list[k]];
	capped = capped && (n > 0 || nneeds < wh->nneeds);
	memset(wh->seen, 0, m->nsheets + 1);
	if (capped) {
		/* Not everything fits: say so first, and where all is. */
		blk = layout_block_new();
		buf_reset(&v);
		buf_printf(&v, "Liste abrégée : les premiers services de chaque "
		    "besoin (entre parenthèses, combien il y en a). Les %zu "
		    "services sont dans l'annuaire complet : ", wh->nlist);
		layout_text_puts(&wh->txt, LAYOUT_BOLD, v.data);
		buf_reset(&v);
		buf_printf(&v, "%sterritoires/%s/", m->site.url, wh->t->code);
		buf_reset(&also);
		print_url_display(&also, v.data, 1);
		layout_text_link(&wh->txt, LAYOUT_BOLD | LAYOUT_NOHYPH,
		    also.data, v.data);
		layout_text_puts(&wh->txt, LAYOUT_BOLD, ".");
		name.color = C_ALERT;
		layout_block_text(wh->ctx, blk, &name, &wh->txt, colw);
		name.color = C_TEXT;
		layout_doc_add(doc, blk);
		layout_block_unref(blk);
	}
	for (i = 0; i < wh->nneeds && i < nneeds; i++) {
		blk = layout_block_new();
		layout_block_keep_next(blk);
		layout_text_puts(&wh->txt, 0, m->besoins[wh->needs[i]].nom);
		if (capped) {
			for (n = 0, k = 0; k < wh->nlist; k++)
				n += idset_has(&m->sheets[wh->list[k]].besoins,
				    wh->needs[i]);
			buf_reset(&v);
			buf_printf(&v, " (%zu)", n);
			layout_text_put(&wh->txt, &(struct layout_attr){
			    .flags = LAYOUT_COLOR, .color = C_GREY }, v.data,
			    v.len);
		}
		layout_block_text(wh->ctx, blk, &head, &wh->txt, colw);
		layout_doc_add(doc, blk);
		layout_block_unref(blk);
		buf_reset(&also);
		for (shown = nalso = more = 0, k = 0; k < wh->nlist; k++) {
			si = wh->list[k];
			s = &m->sheets[si];
			if (!idset_has(&s->besoins, wh->needs[i]))
				continue;
			/*
			 * Shown above, or (when every service is somewhere on
			 * the page) below under another need: named here.
			 */
			if (wh->seen[si] || (shown == cap && !capped)) {
				if (nalso < 12) {
					buf_puts(&also, nalso ? " · " : "");
					short_name(&also, s);
				}
				nalso++;
				continue;
			}
			if (shown == cap) {
				more++;
				continue;
			}
			shown++;
			wh->seen[si] = 1;
			blk = layout_block_new();
			if (summary)
				layout_block_keep_next(blk);
			buf_reset(&v);
			label_nobreak(&v, s);
			layout_text_puts(&wh->txt, LAYOUT_BOLD | LAYOUT_NOHYPH,
			    v.data);
			if (s->telephone.display != NULL) {
				struct layout_attr a = {0};
				const char *p;

				layout_text_puts(&wh->txt, 0, " ");
				a.flags = LAYOUT_BOLD | LAYOUT_COLOR |
				    LAYOUT_NOHYPH | LAYOUT_TNUM;
				a.color = wh->job->color;
				a.link = s->telephone.uri;
				buf_reset(&v);
				/* The number never breaks. */
				for (p = s->telephone.display; *p != '\0'; p++)
					if (*p == ' ')
						buf_puts(&v, "\u00a0");
					else
						buf_putc(&v, *p);
				layout_text_put(&wh->txt, &a, v.data, v.len);
			}
			layout_block_text(wh->ctx, blk, &name, &wh->txt, colw);
			layout_doc_add(doc, blk);
			layout_block_unref(blk);
			if (!summary)
				continue;
			blk = summary_lines(wh, &line, colw, s->resume,
			    summary);
			/* A summary is read whole: never across columns. */
			layout_block_keep(blk);
			layout_doc_add(doc, blk);
			layout_block_unref(blk);
		}
		/* When short of room, only where nothing else is said. */
		if (nalso > 0 && (!capped || shown == 0)) {
			if (nalso > 12)
				buf_printf(&also, " et %zu autres", nalso - 12);
			blk = layout_block_new();
			layout_text_puts(&wh->txt, LAYOUT_ITALIC, shown ?
			    "Aussi : " : "Voir plus haut : ");
			layout_text_puts(&wh->txt, 0, also.data);
			name.before = size * 0.25;
			layout_block_text(wh->ctx, blk, &name, &wh->txt, colw);
			name.before = size * 0.35;
			layout_doc_add(doc, blk);
			layout_block_unref(blk);
		}
		if (more > 0 && !capped) {
			blk = layout_block_new();
			buf_reset(&v);
			buf_printf(&v, "… et %zu autre%s : voir l'annuaire "
			    "complet", more, more > 1 ? "s" : "");
			layout_text_puts(&wh->txt, LAYOUT_ITALIC, v.data);
			layout_block_text(wh->ctx, blk, &line, &wh->txt, colw);
			layout_doc_add(doc, blk);
			layout_block_unref(blk);
		}
	}
	if (nneeds < wh->nneeds) {
		blk = layout_block_new();
		buf_reset(&v);
		buf_printf(&v, "… et %zu autre%s besoin%s : voir l'annuaire "
		    "complet", wh->nneeds - nneeds, wh->nneeds - nneeds > 1 ?
		    "s" : "", wh->nneeds - nneeds > 1 ? "s" : "");
		head.flags &= ~(unsigned)LAYOUT_KEEP_NEXT;
		layout_text_puts(&wh->txt, 0, v.data);
		layout_block_text(wh->ctx, blk, &head, &wh->txt, colw);
		layout_doc_add(doc, blk);
		layout_block_unref(blk);
	}
	for (k = 0; k < wh->nlist; k++)
		out += !wh->seen[wh->list[k]];
	buf_dispose(&v);
	buf_dispose(&also);
	return out;
}

static void
decorate_whom(struct layout_ctx *ctx, cairo_t *cr,
    const struct layout_page *pg, void *arg)
{
	struct whom *wh = arg;
	const struct layout_geom *g = pg->geom;

	layout_fill(cr, 0, 0, g->w, wh->bandh, wh->job->color);
	layout_block_draw(ctx, cr, wh->band, g->left, 16);
	layout_block_draw(ctx, cr, wh->foot, g->left, g->h - 28 -
	    layout_block_height(wh->foot));
}

/*
 * A doc of one section at setting k, cap and nneeds, with lines of
 * summary (-1: the setting's): its page count.
 */
static int
try_whom(struct whom *wh, const struct layout_geom *g, int k, int lines,
    size_t cap, size_t nneeds, struct layout_doc **out, size_t *left)
{
	struct layout_doc *doc = layout_doc_new(g);

	layout_doc_section(doc, settings[k].cols, 0, NULL, NULL);
	*left = compose_whom(wh, doc, layout_geom_colwidth(g,
	    settings[k].cols), settings[k].size, lines >= 0 ? lines :
	    settings[k].summary, cap, nneeds);
	layout_doc_free(*out);
	*out = doc;
	return layout_doc_paginate(doc);
}

static int
write_whom(struct flyjob *job, struct layout_ctx *ctx, int ti)
{
	const struct model *m = job->m;
	const struct territory *t = &m->terr[ti];
	struct whom wh;
	struct layout_geom g;
	struct layout_doc *doc = NULL;
	struct layout_meta meta;
	struct buf pdf = {0}, err = {0}, name = {0}, title = {0};
	size_t	 i, k, left = 0, lo, hi, maxn = 0, n, nn;
	int	 rc = 0, set, pages = 0;

	memset(&wh, 0, sizeof(wh));
	wh.job = job;
	wh.ctx = ctx;
	wh.t = t;
	layout_text_init(&wh.txt);
	wh.list = xcalloc(t->located.n + t->covering.n + 1, sizeof(int));
	for (i = 0; i < t->located.n; i++)
		if (print_for_public(&m->sheets[t->located.v[i]]))
			wh.list[wh.nlist++] = t->located.v[i];
	for (i = 0; i < t->covering.n; i++)
		if (print_for_public(&m->sheets[t->covering.v[i]]))
			wh.list[wh.nlist++] = t->covering.v[i];
	wh.needs = xcalloc(m->nbesoins + 1, sizeof(int));
	wh.seen = xcalloc(m->nsheets + 1, 1);
	for (k = 0; k < m->nbesoins; k++) {
		for (n = 0, i = 0; i < wh.nlist; i++)
			n += idset_has(&m->sheets[wh.list[i]].besoins, (int)k);
		if (n > 0)
			wh.needs[wh.nneeds++] = (int)k;
		if (n > maxn)
			maxn = n;
	}
	memset(&g, 0, sizeof(g));
	g.w = LAYOUT_A4_W;
	g.h = LAYOUT_A4_H;
	g.left = g.right = 14 * LAYOUT_MM;
	g.gap = 5 * LAYOUT_MM;
	compose_whom_frame(&wh, layout_geom_colwidth(&g, 1));
	g.top = wh.bandh + 14;
	g.bottom = 28 + layout_block_height(wh.foot) + 10;

	/* The first setting that holds everything. */
	for (set = 0; set < (int)(sizeof(settings) / sizeof(settings[0]));
	    set++)
		if ((pages = try_whom(&wh, &g, set, -1, (size_t)-1,
		    wh.nneeds, &doc, &left)) == 1)
			break;
	/*
	 * Everything holds: the summaries cut to one line get a line more,
	 * and another, as long as the page still holds them all.
	 */
	if (pages == 1 && settings[set].summary > 0) {
		struct layout_doc *rich = NULL;
		size_t	 rleft;
		int	 lines;

		for (lines = settings[set].summary + 1; lines <= WHOM_LINES &&
		    wh.ncut > 0; lines++) {
			if (try_whom(&wh, &g, set, lines, (size_t)-1,
			    wh.nneeds, &rich, &rleft) != 1)
				break;
			layout_doc_free(doc);
			doc = rich;
			rich = NULL;
			left = rleft;
		}
		layout_doc_free(rich);
	}
	if (pages != 1) {
		/* The densest setting: as many services per need as fit. */
		set--;
		lo = 0;
		hi = maxn;
		while (lo < hi) {
			k = (lo + hi + 1) / 2;
			if (try_whom(&wh, &g, set, -1, k, wh.nneeds, &doc,
			    &left) == 1)
				lo = k;
			else
				hi = k - 1;
		}
		pages = try_whom(&wh, &g, set, -1, lo, wh.nneeds, &doc,
		    &left);
		if (pages != 1) {
			/* Not even the needs' names: the first needs. */
			for (nn = wh.nneeds; nn > 0 && pages != 1; nn--)
				pages = try_whom(&wh, &g, set, -1, 0, nn - 1,
				    &doc, &left);
			if (pages != 1) {
				diag_error(&job->b->diags, &t->pos, "« Qui "
				    "contacter ? » de %s impossible à faire "
				    "tenir sur une page", t->nom);
				rc = 1;
				goto out;
			}
		}
	}
	if (left > 0) {
		diag_warn(&job->b->diags, &t->pos, "« Qui contacter ? » de %s : "
		    "%zu service%s sur %zu n'y tien%s pas ; la page renvoie à "
		    "l'annuaire complet", t->nom, left, left > 1 ? "s" : "",
		    wh.nlist, left > 1 ? "nent" : "t");
		pthread_mutex_lock(&job->lock);
		job->nshort++;
		pthread_mutex_unlock(&job->lock);
	}
	buf_printf(&title, "Qui contacter ? — %s", t->nom);
	print_meta(&meta, job->m, job->epoch, title.data, "Les services de santé et sociaux "
	    "du territoire, par besoin, et les numéros d'urgence");
	if (layout_doc_render(ctx, doc, &meta, decorate_whom, &wh, &pdf,
	    &err) == -1) {
		fprintf(stderr, "maillage : « Qui contacter ? » %s : %s\n",
		    t->code, err.data);
		rc = 3;
		goto out;
	}
	flyer_terr_file(&name, t);
	buf_puts(&name, ".pdf");
	rc = put_file(job, "qui-contacter", name.data, &pdf);
out:
	layout_doc_free(doc);
	layout_block_unref(wh.band);
	layout_block_unref(wh.foot);
	layout_text_free(&wh.txt);
	free(wh.list);
	free(wh.needs);
	free(wh.seen);
	buf_dispose(&pdf);
	buf_dispose(&err);
	buf_dispose(&name);
	buf_dispose(&title);
	return rc;
}

/* --- Threads and entry point --------------------------------------------- */

/* Task i of print_run: one flyer or one « Qui contacter ? ». */
static int
flyer_task(void *arg, size_t i, struct layout_ctx *ctx)
{
	struct flyjob *job = arg;
	const struct task *tk = &job->tasks[i];

	if (tk->kind == TASK_TERRITORY)
		return write_whom(job, ctx, tk->index);
	return write_service(job, ctx, tk->index, tk->kind == TASK_FACILE);
}

static int
make_dir(const char *dir, const char *sub)
{
	char	*p = util_path_join(dir, sub);
	int	 rc = util_mkdir_p(p);

	if (rc == -1)
		fprintf(stderr, "maillage : impossible de créer %s : %s\n", p,
		    util_strerror(errno));
	free(p);
	return rc;
}

int
flyer_has_qui_contacter(const struct model *m, int ti)
{
	const struct territory *t = &m->terr[ti];
	size_t	 i;

	if (!(m->site.pdf_niveaux & (1u << t->type)))
		return 0;
	/* A page of emergency numbers alone helps nobody. */
	for (i = 0; i < t->located.n; i++)
		if (print_for_public(&m->sheets[t->located.v[i]]))
			return 1;
	for (i = 0; i < t->covering.n; i++)
		if (print_for_public(&m->sheets[t->covering.v[i]]))
			return 1;
	return 0;
}

int
flyer_write(struct build *b, const char *dir)
{
	const struct model *m = &b->model;
	struct flyjob job;
	double	 t0 = build_clock();
	size_t	 i;
	int	 rc, threads, si;

	memset(&job, 0, sizeof(job));
	job.b = b;
	job.m = m;
	job.dir = dir;
	job.tasks = xcalloc(2 * m->published.n + m->nterr + 1,
	    sizeof(*job.tasks));
	/* The territories first: each is a longer task than a sheet. */
	for (i = 0; i < m->nterr; i++)
		if (flyer_has_qui_contacter(m, (int)i)) {
			job.tasks[job.ntasks].kind = TASK_TERRITORY;
			job.tasks[job.ntasks++].index = (int)i;
		}
	for (i = 0; i < m->published.n; i++) {
		si = m->published.v[i];
		if (m->sheets[si].statut != STATUT_ACTIF)
			continue;
		job.tasks[job.ntasks].kind = TASK_SHEET;
		job.tasks[job.ntasks++].index = si;
		if (b->facile && m->sheets[si].facile != NULL) {
			job.tasks[job.ntasks].kind = TASK_FACILE;
			job.tasks[job.ntasks++].index = si;
		}
	}
	if (make_dir(dir, "qui-contacter") == -1 || (b->facile &&
	    make_dir(dir, "facile") == -1)) {
		free(job.tasks);
		return 3;
	}
	/* The dictionary's absence is said once, by the directories. */
	if (print_env_new(&job.env, b, "affichettes", 0) == -1) {
		free(job.tasks);
		return 3;
	}
	job.color = print_color(m);
	job.edition = print_edition(m);
	job.epoch = print_epoch(m);
	pthread_mutex_init(&job.lock, NULL);

	rc = print_run(job.env, b, "affichettes écrites", job.ntasks,
	    flyer_task, &job, &threads);
	for (i = 0; i < job.ntasks; i++)
		if (job.tasks[i].kind == TASK_TERRITORY)
			job.nterr++;
		else if (job.tasks[i].kind == TASK_FACILE)
			job.nfacile++;
		else
			job.nsheet++;
	build_phase(b, "affichettes : %zu service%s, %zu facile%s à lire, "
	    "%zu « Qui contacter ? » en %.1f s (%d fil%s)", job.nsheet,
	    job.nsheet > 1 ? "s" : "", job.nfacile, job.nfacile > 1 ? "s" :
	    "", job.nterr, build_clock() - t0, threads, threads > 1 ?
	    "s" : "");
	free(job.tasks);
	free(job.edition);
	pthread_mutex_destroy(&job.lock);
	layout_env_free(job.env);
	return rc;
}
