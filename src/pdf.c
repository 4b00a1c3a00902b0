/*
 * pdf.c: the territory directories, OUT/pdf/CODE-slug.pdf, one per
 * territory of the levels of site.yaml's pdf.niveaux, laid out with the
 * layout core (layout.c).
 *
 * A directory: a cover, « Comment utiliser ce guide », the contents,
 * then the services grouped by need in two columns (each service in
 * full under its first need, referred to by page elsewhere; the ones
 * located in the territory before the ones covering it from outside),
 * the glossary of the acronyms it uses and an index of the services.
 *
 * Directories are written by b->jobs threads, one document at a time
 * each. A service sheet is composed once per build (Pango shaping is
 * the cost) and its block shared by every directory that shows it,
 * whichever thread composed it; the block is dropped when the last
 * directory that needs it is done, so memory follows the directories
 * in progress, not the corpus.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "fold.h"
#include "layout.h"
#include "md.h"
#include "model.h"
#include "outputs.h"
#include "print.h"
#include "util.h"

/* Colours. */
#define C_TEXT		PRINT_C_TEXT
#define C_GREY		PRINT_C_GREY
#define C_LIGHT		PRINT_C_LIGHT
#define C_DEFAULT	PRINT_C_DEFAULT
#define C_WHITE		PRINT_C_WHITE
#define C_ALERT		PRINT_C_ALERT

/* Page styles, for the decoration callback. */
enum {
	PS_COVER,
	PS_FRONT,	/* footer only */
	PS_BODY,	/* header and footer */
	PS_BACK		/* the back cover */
};

/* --- Styles -------------------------------------------------------------- */

static const struct layout_style st_ref = {
	.size = 9.5, .leading = 12, .before = 2, .after = 2,
	.color = C_GREY
};
static const struct layout_style st_sub = {
	.size = 10.5, .leading = 13, .before = 10, .after = 2,
	.color = C_DEFAULT, .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT,
	.tag = "H2"
};
static const struct layout_style st_banner = {
	.size = 20, .leading = 24, .color = C_DEFAULT, .flags = LAYOUT_BOLD,
	.tag = "H1"
};
static const struct layout_style st_need = {
	.size = 15, .leading = 18, .after = 1, .color = C_DEFAULT,
	.flags = LAYOUT_BOLD | LAYOUT_NOSPLIT, .tag = "H2"
};
static const struct layout_style st_need_sub = {
	.size = 9, .leading = 11.5, .after = 3, .color = C_GREY
};
static const struct layout_style st_banner_sub = {
	.size = 10, .leading = 13, .after = 4, .color = C_GREY
};
static const struct layout_style st_front = {
	.size = 10, .leading = 14, .after = 6, .color = C_TEXT,
	.flags = LAYOUT_HYPHENATE
};
static const struct layout_style st_toc = {
	.size = 10.5, .leading = 13.5, .before = 4, .after = 2,
	.color = C_TEXT
};
static const struct layout_style st_gloss = {
	.size = 9.5, .leading = 12, .after = 2.5, .indent = 0,
	.color = C_TEXT, .flags = LAYOUT_NOSPLIT
};
static const struct layout_style st_letter = {
	.size = 12, .leading = 14, .before = 8, .after = 2,
	.color = C_DEFAULT, .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT,
	.tag = "H2"
};
static const struct layout_style st_index = {
	.size = 9.5, .leading = 12, .after = 1, .color = C_TEXT
};
static const struct layout_style st_head = {
	.size = 8.5, .color = C_GREY
};
static const struct layout_style st_headmark = {
	.size = 8.5, .color = C_DEFAULT, .flags = LAYOUT_BOLD | LAYOUT_RIGHT
};
static const struct layout_style st_foot = {
	.size = 8.5, .color = C_GREY
};
static const struct layout_style st_footr = {
	.size = 8.5, .color = C_GREY, .flags = LAYOUT_RIGHT | LAYOUT_TNUM
};
static const struct layout_style st_footpro = {
	.size = 8.5, .color = C_ALERT, .flags = LAYOUT_BOLD | LAYOUT_CENTER
};

/* Halfway between c and white: the band's edge on the cover. */
static uint32_t
lighter(uint32_t c)
{
	return (((c >> 16 & 0xff) + 255) / 2) << 16 |
	    (((c >> 8 & 0xff) + 255) / 2) << 8 | ((c & 0xff) + 255) / 2;
}

/* --- The build-wide state ------------------------------------------------ */

/* A composed sheet, shared by the directories that show it. */
struct sheetent {
	int		 state;		/* 0 not made, 1 being made, 2 ready */
	int		 uses;		/* directories still to show it */
	struct layout_block *blk;
	int		*gloss;		/* glossary entries it mentions */
	size_t		 ngloss;
};

struct pdfjob {
	struct build	*b;
	const struct model *m;
	const char	*dir;
	struct layout_env *env;
	/*
	 * The publisher's colour (site.yaml's `couleur`), the same as the
	 * site's, and the styles that take it (headings, links, bands).
	 */
	uint32_t	 accent;
	struct layout_style sub, banner, need, letter, headmark;
	struct layout_geom geom;
	double		 colw;		/* a column of the two */
	double		 fullw;		/* the body's width */
	int		*tasks;		/* territories, in order */
	size_t		 ntasks;
	struct sheetent	*sheets;	/* by sheet index */
	pthread_mutex_t	 lock;		/* sheets */
	pthread_cond_t	 ready;
	struct strmap	 sigles;	/* sigle → glossary index */
	char		*edition;	/* « 26 novembre 2026 » */
	long long	 epoch;
	int		 pages;		/* total, for the summary */
	size_t		 written;
};

/* A directory in progress (one thread). */
struct dirdoc {
	struct pdfjob	*job;
	struct layout_ctx *ctx;
	const struct territory *t;
	struct layout_doc *doc;
	struct layout_text txt;
	unsigned char	*gloss_used;	/* by glossary index */
	unsigned char	*shown;		/* sheets shown in full */
	int		*full;		/* sheets shown in full, in order */
	struct layout_block **blocks;	/* by sheet index, while building */
	size_t		 nfull;
	struct layout_block *cover[4];
	size_t		 ncover;
};

/* --- Small helpers ------------------------------------------------------- */

/*
 * Marks the glossary entries whose sigle appears in s as a whole word
 * (a run of ASCII letters and digits not glued to another letter).
 */
static void
scan_sigles(const struct strmap *sigles, const char *s, unsigned char *seen,
    int *list, size_t *nlist)
{
	const char *p = s, *q;
	char	 tok[24];
	size_t	 n;
	int	 g;

	while (*p != '\0') {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)) {
			p++;
			continue;
		}
		for (q = p; (*q >= 'A' && *q <= 'Z') || (*q >= 'a' &&
		    *q <= 'z') || (*q >= '0' && *q <= '9') ||
		    (unsigned char)*q >= 0x80; q++)
			;
		n = (size_t)(q - p);
		if (n >= 2 && n < sizeof(tok) && *p >= 'A' && *p <= 'Z') {
			memcpy(tok, p, n);
			tok[n] = '\0';
			if ((g = strmap_get(sigles, tok)) >= 0 && !seen[g]) {
				seen[g] = 1;
				if (list != NULL)
					list[(*nlist)++] = g;
			}
		}
		p = q;
	}
}

/* "CODE-slug.pdf" */
void
pdf_file_name(struct buf *out, const struct territory *t)
{
	struct buf f = {0};
	size_t	 i;
	int	 dash = 1;

	buf_printf(out, "%s-", t->code);
	fold_text(&f, t->nom);
	for (i = 0; i < f.len; i++) {
		if ((f.data[i] >= 'a' && f.data[i] <= 'z') ||
		    (f.data[i] >= '0' && f.data[i] <= '9')) {
			buf_putc(out, f.data[i]);
			dash = 0;
		} else if (!dash) {
			buf_putc(out, '-');
			dash = 1;
		}
	}
	if (dash && out->len > 0 && out->data[out->len - 1] == '-')
		out->data[--out->len] = '\0';
	buf_puts(out, ".pdf");
	buf_dispose(&f);
}

/* Glossary entries mentioned by a sheet's visible text. */
static void
sheet_gloss(struct pdfjob *job, const struct sheet *s, struct sheetent *e)
{
	const struct model *m = job->m;
	unsigned char *seen = xcalloc(m->ngloss + 1, 1);
	int	*list = xcalloc(m->ngloss + 1, sizeof(*list));
	struct buf body = {0};
	size_t	 n = 0, i;
	const char *fields[6];

	fields[0] = s->nom;
	fields[1] = s->sigle;
	fields[2] = s->resume;
	fields[3] = s->porteur;
	fields[4] = s->conditions_acces;
	fields[5] = s->frais_precisions;
	for (i = 0; i < 6; i++)
		if (fields[i] != NULL)
			scan_sigles(&job->sigles, fields[i], seen, list, &n);
	if (s->type >= 0)
		scan_sigles(&job->sigles, m->types[s->type].nom, seen, list,
		    &n);
	for (i = 0; i < s->nlieux; i++) {
		if (s->lieux[i].nom != NULL)
			scan_sigles(&job->sigles, s->lieux[i].nom, seen, list,
			    &n);
		if (s->lieux[i].accessibilite != NULL)
			scan_sigles(&job->sigles, s->lieux[i].accessibilite,
			    seen, list, &n);
		if (s->lieux[i].horaires_precisions != NULL)
			scan_sigles(&job->sigles,
			    s->lieux[i].horaires_precisions, seen, list, &n);
	}
	for (i = 0; i < s->liens_all.n; i++) {
		scan_sigles(&job->sigles, m->sheets[s->liens_all.v[i]].nom,
		    seen, list, &n);
		if (m->sheets[s->liens_all.v[i]].sigle != NULL)
			scan_sigles(&job->sigles,
			    m->sheets[s->liens_all.v[i]].sigle, seen, list,
			    &n);
	}
	if (job->b->edition_pro)
		for (i = 0; i < s->ncontacts_pro; i++)
			if (s->contacts_pro[i].role != NULL)
				scan_sigles(&job->sigles,
				    s->contacts_pro[i].role, seen, list, &n);
	md_text(&body, s->body, s->body_len);
	if (body.data != NULL)
		scan_sigles(&job->sigles, body.data, seen, list, &n);
	buf_dispose(&body);
	free(seen);
	e->gloss = list;
	e->ngloss = n;
}

/*
 * The shared block of sheet si, composed by the first thread that asks
 * (the others wait for it). The caller holds a reference.
 */
static struct layout_block *
get_sheet(struct pdfjob *job, struct layout_ctx *ctx, int si,
    struct dirdoc *dd)
{
	struct sheetent *e = &job->sheets[si];
	const struct sheet *s = &job->m->sheets[si];
	struct layout_block *blk;
	size_t	 i;
	int	 unknown;

	pthread_mutex_lock(&job->lock);
	while (e->state == 1)
		pthread_cond_wait(&job->ready, &job->lock);
	if (e->state == 0) {
		e->state = 1;
		pthread_mutex_unlock(&job->lock);
		layout_ctx_take_unknown(ctx);
		blk = print_sheet(ctx, job->m, s, job->colw, job->accent,
		    job->b->edition_pro);
		sheet_gloss(job, s, e);
		if ((unknown = layout_ctx_take_unknown(ctx)) > 0)
			diag_warn(&job->b->diags, &s->pos, "%d caractère%s "
			    "qu'aucune police ne dessine (" PRINT_FONTS_NAMED ") : "
			    "remplacé%s par un blanc dans les PDF", unknown,
			    unknown > 1 ? "s" : "", unknown > 1 ? "s" : "");
		pthread_mutex_lock(&job->lock);
		e->blk = blk;
		e->state = 2;
		pthread_cond_broadcast(&job->ready);
	}
	blk = layout_block_ref(e->blk);
	for (i = 0; i < e->ngloss; i++)
		dd->gloss_used[e->gloss[i]] = 1;
	pthread_mutex_unlock(&job->lock);
	return blk;
}

/* A directory is done with sheet si: the last one frees it. */
static void
put_sheet(struct pdfjob *job, int si)
{
	struct sheetent *e = &job->sheets[si];
	struct layout_block *blk = NULL;

	pthread_mutex_lock(&job->lock);
	if (--e->uses == 0) {
		blk = e->blk;
		e->blk = NULL;
		free(e->gloss);
		e->gloss = NULL;
		e->ngloss = 0;
		e->state = 0;
	}
	pthread_mutex_unlock(&job->lock);
	layout_block_unref(blk);
}

/* --- Composing a directory ----------------------------------------------- */

/* A paragraph block of its own, text scanned for acronyms. */
static struct layout_block *
text_block(struct dirdoc *dd, const struct layout_style *st, double w,
    const char *s)
{
	struct layout_block *blk = layout_block_new();

	scan_sigles(&dd->job->sigles, s, dd->gloss_used, NULL, NULL);
	layout_text_puts(&dd->txt, 0, s);
	layout_block_text(dd->ctx, blk, st, &dd->txt, w);
	return blk;
}

static void
add_text(struct dirdoc *dd, const struct layout_style *st, double w,
    const char *s)
{
	struct layout_block *blk = text_block(dd, st, w, s);

	layout_doc_add(dd->doc, blk);
	layout_block_unref(blk);
}

/* The sheets of the territory that answer need k: located ones first. */
static size_t
need_sheets(const struct model *m, const struct territory *t, int k,
    int *out, size_t *nlocated)
{
	size_t	 i, n = 0;

	for (i = 0; i < t->located.n; i++)
		if (idset_has(&m->sheets[t->located.v[i]].besoins, k))
			out[n++] = t->located.v[i];
	*nlocated = n;
	for (i = 0; i < t->covering.n; i++)
		if (idset_has(&m->sheets[t->covering.v[i]].besoins, k))
			out[n++] = t->covering.v[i];
	return n;
}

/* Whether need i shows a sheet already shown under an earlier need. */
static int
need_has_ref(const struct model *m, const struct territory *t,
    const int *needs, size_t i, int *list)
{
	size_t	 n, nloc, k, j;

	n = need_sheets(m, t, needs[i], list, &nloc);
	for (k = 0; k < n; k++)
		for (j = 0; j < i; j++)
			if (idset_has(&m->sheets[list[k]].besoins, needs[j]))
				return 1;
	return 0;
}

/* A section banner: title, subtitle, rule, destination. */
static struct layout_block *
banner(struct dirdoc *dd, const char *title, const char *sub,
    const char *dest)
{
	struct layout_block *blk = layout_block_new();
	double	 w = dd->job->fullw;

	scan_sigles(&dd->job->sigles, title, dd->gloss_used, NULL, NULL);
	layout_block_anchor(blk, dest);
	layout_text_puts(&dd->txt, 0, title);
	layout_block_text(dd->ctx, blk, &dd->job->banner, &dd->txt, w);
	if (sub != NULL) {
		layout_text_puts(&dd->txt, 0, sub);
		layout_block_text(dd->ctx, blk, &st_banner_sub, &dd->txt, w);
	}
	layout_block_rule(blk, w, 1.2, dd->job->accent, 0, 10);
	return blk;
}

/*
 * The back cover: the emergency numbers in large type, then the site's
 * address with a QR code to it.
 */
static void
compose_back(struct dirdoc *dd)
{
	const struct model *m = dd->job->m;
	const struct urgence *u;
	struct layout_style st;
	struct layout_block *blk = layout_block_new();
	struct layout_qr qr;
	struct buf v = {0};
	double	 w = dd->job->fullw;
	size_t	 i, n, r0;

	memset(&st, 0, sizeof(st));
	st.size = 20;
	st.leading = 26;
	st.after = 10;
	st.color = C_ALERT;
	st.flags = LAYOUT_BOLD;
	st.tag = "H2";
	u = m->site.urgences;
	n = m->site.nurgences;
	if (n > 0) {
		layout_text_puts(&dd->txt, 0, "En cas d'urgence");
		layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	}
	for (i = 0; i < n; i++) {
		memset(&st, 0, sizeof(st));
		st.size = 14;
		st.leading = 24;
		st.color = C_TEXT;
		layout_text_put(&dd->txt, &(struct layout_attr){ .flags =
		    LAYOUT_BOLD | LAYOUT_COLOR | LAYOUT_NOHYPH | LAYOUT_TNUM,
		    .color = C_ALERT, .scale = 1.5, .link = u[i].uri },
		    u[i].numero, strlen(u[i].numero));
		layout_text_puts(&dd->txt, 0, "  ");
		layout_text_puts(&dd->txt, LAYOUT_BOLD | LAYOUT_NOHYPH,
		    u[i].nom);
		if (u[i].quand != NULL) {
			layout_text_puts(&dd->txt, 0, " — ");
			layout_text_puts(&dd->txt, 0, u[i].quand);
		}
		layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	}
	layout_block_space(blk, 40);
	r0 = layout_block_nrows(blk);
	memset(&st, 0, sizeof(st));
	st.size = 13;
	st.leading = 18;
	st.after = 4;
	st.color = C_TEXT;
	layout_text_puts(&dd->txt, 0, "Toutes les fiches, tenues à jour, et "
	    "ce guide à télécharger :");
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w - 110);
	buf_reset(&v);
	print_url_display(&v, m->site.url, 0);
	st.size = 16;
	st.leading = 22;
	st.color = dd->job->accent;
	print_link(&dd->txt, LAYOUT_BOLD | LAYOUT_NOHYPH, v.data, m->site.url,
	    dd->job->accent);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w - 110);
	st.size = 10;
	st.leading = 14;
	st.color = C_GREY;
	buf_reset(&v);
	buf_printf(&v, "Édité par %s. Édition du %s.", m->site.editeur,
	    dd->job->edition);
	layout_text_puts(&dd->txt, 0, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w - 110);
	if (layout_qr_encode(&qr, m->site.url) == 0) {
		layout_block_qr(blk, r0, &qr, w - 96, 96, m->site.url);
		layout_qr_free(&qr);
	}
	dd->cover[dd->ncover++] = blk;
	buf_dispose(&v);
}

/* The cover's blocks, drawn by the decoration callback. */
static void
compose_cover(struct dirdoc *dd, size_t nservices)
{
	const struct model *m = dd->job->m;
	struct layout_style st;
	struct layout_block *blk;
	struct buf v = {0};
	double	 w = dd->job->fullw;

	/* In the band: the site's title and tagline, in white. */
	blk = layout_block_new();
	memset(&st, 0, sizeof(st));
	st.size = 26;
	st.leading = 31;
	st.color = C_WHITE;
	st.flags = LAYOUT_BOLD;
	st.tag = "H1";
	st.after = 8;
	layout_text_puts(&dd->txt, 0, m->site.titre);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	if (m->site.sous_titre != NULL) {
		st.size = 11;
		st.leading = 15;
		st.flags = 0;
		st.tag = "P";
		layout_text_puts(&dd->txt, 0, m->site.sous_titre);
		layout_block_text(dd->ctx, blk, &st, &dd->txt, w * 0.85);
	}
	dd->cover[dd->ncover++] = blk;

	/* Below: the territory, the edition. */
	blk = layout_block_new();
	memset(&st, 0, sizeof(st));
	st.size = 11;
	st.leading = 14;
	st.color = C_GREY;
	st.after = 4;
	buf_printf(&v, "Répertoire des services de santé, médico-sociaux et "
	    "sociaux — %s", terr_type_label(dd->t->type));
	layout_text_puts(&dd->txt, 0, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	st.size = 34;
	st.leading = 40;
	st.color = dd->job->accent;
	st.flags = LAYOUT_BOLD;
	st.tag = "H1";
	st.after = 10;
	layout_text_puts(&dd->txt, 0, dd->t->nom);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	st.size = 12;
	st.leading = 16;
	st.color = C_TEXT;
	st.flags = 0;
	st.tag = "P";
	st.after = 2;
	buf_reset(&v);
	layout_number_fr(&v, (long)nservices);
	buf_printf(&v, " service%s", nservices > 1 ? "s" : "");
	layout_text_puts(&dd->txt, 0, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	buf_reset(&v);
	buf_printf(&v, "Édition du %s", dd->job->edition);
	layout_text_puts(&dd->txt, LAYOUT_BOLD, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	if (dd->job->b->edition_pro) {
		st.before = 10;
		st.color = C_ALERT;
		st.flags = LAYOUT_BOLD;
		layout_text_puts(&dd->txt, 0, "Édition professionnelle : "
		    "contient les coordonnées nominatives des professionnels. "
		    "Ne pas diffuser au public.");
		layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	}
	dd->cover[dd->ncover++] = blk;

	/* At the foot: publisher and address of the site. */
	blk = layout_block_new();
	memset(&st, 0, sizeof(st));
	st.size = 9;
	st.leading = 12.5;
	st.color = C_GREY;
	buf_reset(&v);
	buf_printf(&v, "Édité par %s", m->site.editeur);
	layout_text_puts(&dd->txt, 0, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	layout_text_puts(&dd->txt, 0, "Toutes les fiches à jour : ");
	buf_reset(&v);
	print_url_display(&v, m->site.url, 0);
	print_link(&dd->txt, LAYOUT_BOLD | LAYOUT_NOHYPH, v.data, m->site.url,
	    dd->job->accent);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	dd->cover[dd->ncover++] = blk;
	buf_dispose(&v);
	compose_back(dd);
}

static void
compose_howto(struct dirdoc *dd, size_t nservices, const int *needs,
    size_t nneeds, int refs, int glossary)
{
	const struct model *m = dd->job->m;
	struct layout_block *blk;
	struct buf v = {0};
	double	 w = dd->job->fullw * 0.82;
	size_t	 i;

	blk = banner(dd, "Comment utiliser ce guide", NULL, "guide");
	layout_doc_section(dd->doc, 1, PS_FRONT, "Comment utiliser ce guide",
	    blk);
	layout_doc_outline(dd->doc, 1, "Comment utiliser ce guide", "guide");
	layout_block_unref(blk);

	buf_printf(&v, "Ce guide rassemble ");
	layout_number_fr(&v, (long)nservices);
	if (nservices > 1)
		buf_printf(&v, " services de santé, médico-sociaux et sociaux "
		    "qui accueillent ou accompagnent");
	else
		buf_printf(&v, " service de santé, médico-social ou social qui "
		    "accueille ou accompagne");
	buf_printf(&v, " les habitants du territoire « %s » (%s). Il "
	    "s'adresse aux habitants comme aux professionnels.",
	    dd->t->nom, terr_type_label(dd->t->type));
	add_text(dd, &st_front, w, v.data);
	buf_reset(&v);
	buf_puts(&v, "Les services sont classés par besoin, dans les mots "
	    "des personnes qui les ont");
	for (i = 0; i < nneeds && i < 2; i++)
		buf_printf(&v, "%s« %s »", i ? ", " : " : ",
		    m->besoins[needs[i]].nom);
	buf_puts(&v, nneeds > 2 ? "… Le sommaire les liste tous." : ".");
	add_text(dd, &st_front, w, v.data);
	add_text(dd, &st_front, w, "Dans chaque besoin viennent d'abord les "
	    "services installés dans le territoire, puis ceux qui y "
	    "interviennent depuis l'extérieur.");
	if (refs)
		add_text(dd, &st_front, w, "Un service qui répond à plusieurs "
		    "besoins est décrit en entier une seule fois, sous le "
		    "premier ; sous les suivants, une ligne renvoie à la page "
		    "de sa fiche.");
	add_text(dd, &st_front, w, "Chaque fiche donne le nom du service et "
	    "son sigle, ce qu'il fait, pour qui, comment le joindre (le "
	    "téléphone en gros caractères, le courriel, le site), ses lieux "
	    "d'accueil et leurs horaires, puis sa description.");
	buf_reset(&v);
	buf_puts(&v, "Le code QR de chaque fiche ouvre sa page sur le site ");
	print_url_display(&v, m->site.url, 0);
	buf_printf(&v, ", tenue à jour en continu : ce guide en est une "
	    "photographie au %s.", dd->job->edition);
	add_text(dd, &st_front, w, v.data);
	add_text(dd, &st_front, w, glossary ? "Les sigles employés sont "
	    "expliqués dans le glossaire, et l'index, à la fin du guide, "
	    "retrouve un service par son nom." : "L'index, à la fin du guide, "
	    "retrouve un service par son nom.");
	add_text(dd, &st_front, w, "Au dos : les numéros d'urgence.");
	if (m->site.contact != NULL) {
		struct layout_block *b2 = layout_block_new();

		buf_reset(&v);
		buf_printf(&v, "mailto:%s", m->site.contact);
		layout_text_puts(&dd->txt, 0, "Une erreur, un changement ? "
		    "Écrivez à ");
		print_link(&dd->txt, LAYOUT_NOHYPH, m->site.contact, v.data,
		    dd->job->accent);
		layout_text_puts(&dd->txt, 0, ".");
		layout_block_text(dd->ctx, b2, &st_front, &dd->txt, w);
		layout_doc_add(dd->doc, b2);
		layout_block_unref(b2);
	}
	if (dd->job->b->edition_pro)
		add_text(dd, &st_front, w, "Édition professionnelle : elle "
		    "contient les coordonnées nominatives des professionnels. "
		    "Ne la diffusez pas au public.");
	buf_dispose(&v);
}

static void
toc_entry(struct dirdoc *dd, struct layout_block *blk,
    const struct layout_style *st, const char *title, const char *sub,
    const char *dest)
{
	layout_text_puts(&dd->txt, 0, title);
	if (sub != NULL) {
		layout_text_put(&dd->txt, &(struct layout_attr){ .flags =
		    LAYOUT_COLOR, .color = C_GREY, .scale = 0.85 }, sub,
		    strlen(sub));
	}
	layout_block_pageref(dd->ctx, blk, st, &dd->txt, dd->job->fullw * 0.82,
	    dest, "", 1);
}

static void
compose_toc(struct dirdoc *dd, const int *needs, const size_t *counts,
    size_t nneeds, int glossary)
{
	const struct model *m = dd->job->m;
	struct layout_block *blk, *ban;
	struct buf v = {0}, d = {0};
	size_t	 i;

	ban = banner(dd, "Sommaire", NULL, "sommaire");
	layout_doc_section(dd->doc, 1, PS_FRONT, "Sommaire", ban);
	layout_block_unref(ban);
	layout_doc_outline(dd->doc, 1, "Sommaire", "sommaire");
	blk = layout_block_new();
	toc_entry(dd, blk, &st_toc, "Comment utiliser ce guide", NULL,
	    "guide");
	layout_text_puts(&dd->txt, 0, "Les services par besoin");
	layout_block_text(dd->ctx, blk, &dd->job->sub, &dd->txt,
	    dd->job->fullw);
	for (i = 0; i < nneeds; i++) {
		buf_reset(&v);
		buf_reset(&d);
		buf_printf(&v, "  %zu service%s", counts[i],
		    counts[i] > 1 ? "s" : "");
		buf_printf(&d, "besoin-%s", m->besoins[needs[i]].key);
		scan_sigles(&dd->job->sigles, m->besoins[needs[i]].nom,
		    dd->gloss_used, NULL, NULL);
		toc_entry(dd, blk, &st_toc, m->besoins[needs[i]].nom, v.data,
		    d.data);
	}
	layout_block_space(blk, 8);
	if (glossary)
		toc_entry(dd, blk, &st_toc, "Glossaire des sigles", NULL,
		    "glossaire");
	toc_entry(dd, blk, &st_toc, "Index des services", NULL, "index");
	layout_doc_add(dd->doc, blk);
	layout_block_unref(blk);
	buf_dispose(&v);
	buf_dispose(&d);
}

/* A one-line reference to a sheet shown in full elsewhere. */
static void
add_sheet_ref(struct dirdoc *dd, const struct sheet *s)
{
	struct layout_block *blk = layout_block_new();
	struct buf v = {0}, d = {0};

	print_sheet_label(&v, s);
	buf_printf(&d, "fiche-%s", s->id);
	layout_text_puts(&dd->txt, 0, "→ ");
	layout_text_puts(&dd->txt, LAYOUT_BOLD, v.data);
	layout_block_pageref(dd->ctx, blk, &st_ref, &dd->txt, dd->job->colw,
	    d.data, "voir page ", 1);
	layout_doc_add(dd->doc, blk);
	layout_block_unref(blk);
	buf_dispose(&v);
	buf_dispose(&d);
}

/* A need's heading in a column: title, subtitle, rule, destination. */
static struct layout_block *
need_heading(struct dirdoc *dd, const char *title, const char *sub,
    const char *dest)
{
	struct layout_block *blk = layout_block_new();
	double	 w = dd->job->colw;

	scan_sigles(&dd->job->sigles, title, dd->gloss_used, NULL, NULL);
	layout_block_keep_next(blk);
	layout_block_space(blk, 14);
	layout_block_anchor(blk, dest);
	layout_text_puts(&dd->txt, 0, title);
	layout_block_text(dd->ctx, blk, &dd->job->need, &dd->txt, w);
	if (sub != NULL) {
		layout_text_puts(&dd->txt, 0, sub);
		layout_block_text(dd->ctx, blk, &st_need_sub, &dd->txt, w);
	}
	layout_block_rule(blk, w, 1.2, dd->job->accent, 0, 4);
	return blk;
}

static void
compose_need(struct dirdoc *dd, int k, const int *list, size_t n,
    size_t nlocated, int first)
{
	const struct model *m = dd->job->m;
	const struct besoin *bn = &m->besoins[k];
	struct layout_block *blk;
	struct buf v = {0}, d = {0};
	size_t	 i;
	int	 si;

	buf_printf(&d, "besoin-%s", bn->key);
	buf_printf(&v, "%zu service%s", n, n > 1 ? "s" : "");
	if (nlocated < n && nlocated > 0)
		buf_printf(&v, " : %zu dans le territoire, %zu qui y "
		    "intervien%s depuis l'extérieur", nlocated, n - nlocated,
		    n - nlocated > 1 ? "nent" : "t");
	/*
	 * Needs follow one another in the columns (a page each left pages
	 * nearly blank): the first starts a page, its heading stays with
	 * the first sheet.
	 */
	if (first)
		layout_doc_section(dd->doc, 2, PS_BODY, bn->nom, NULL);
	else
		layout_doc_section_flow(dd->doc, 2, PS_BODY, bn->nom, NULL);
	blk = need_heading(dd, bn->nom, v.data, d.data);
	layout_doc_add(dd->doc, blk);
	layout_block_unref(blk);
	layout_doc_outline(dd->doc, 1, bn->nom, d.data);
	for (i = 0; i < n; i++) {
		if (i == nlocated) {
			buf_reset(&v);
			buf_printf(&v, "Services basés hors du territoire qui "
			    "y interviennent");
			blk = text_block(dd, &dd->job->sub, dd->job->colw,
			    v.data);
			layout_block_keep_next(blk);
			layout_doc_add(dd->doc, blk);
			layout_block_unref(blk);
		}
		si = list[i];
		if (dd->blocks[si] == NULL) {
			add_sheet_ref(dd, &m->sheets[si]);
			continue;
		}
		layout_doc_add(dd->doc, dd->blocks[si]);
		layout_block_unref(dd->blocks[si]);
		dd->blocks[si] = NULL;
		buf_reset(&v);
		print_sheet_label(&v, &m->sheets[si]);
		buf_reset(&d);
		buf_printf(&d, "fiche-%s", m->sheets[si].id);
		layout_doc_outline(dd->doc, 2, v.data, d.data);
	}
	buf_dispose(&v);
	buf_dispose(&d);
}

static void
compose_glossary(struct dirdoc *dd)
{
	const struct model *m = dd->job->m;
	struct layout_block *blk;
	size_t	 i;

	blk = banner(dd, "Glossaire des sigles", "Les sigles employés dans ce "
	    "guide et ce qu'ils veulent dire.", "glossaire");
	layout_doc_section(dd->doc, 2, PS_BODY, "Glossaire", blk);
	layout_block_unref(blk);
	layout_doc_outline(dd->doc, 1, "Glossaire des sigles", "glossaire");
	for (i = 0; i < m->ngloss; i++) {
		if (!dd->gloss_used[i])
			continue;
		blk = layout_block_new();
		layout_text_puts(&dd->txt, LAYOUT_BOLD, m->gloss[i].sigle);
		layout_text_puts(&dd->txt, 0, " — ");
		layout_text_puts(&dd->txt, 0, m->gloss[i].forme_longue);
		layout_block_text(dd->ctx, blk, &st_gloss, &dd->txt,
		    dd->job->colw);
		layout_doc_add(dd->doc, blk);
		layout_block_unref(blk);
	}
}

struct ixent {
	char		*key;
	int		 sheet;
};

static int
ixcmp(const void *a, const void *b)
{
	const struct ixent *x = a, *y = b;
	int	 c = strcmp(x->key, y->key);

	return c != 0 ? c : x->sheet - y->sheet;
}

static void
compose_index(struct dirdoc *dd)
{
	const struct model *m = dd->job->m;
	struct ixent *ix = xcalloc(dd->nfull + 1, sizeof(*ix));
	struct layout_block *blk;
	struct buf k = {0}, v = {0}, d = {0};
	size_t	 i;
	char	 letter = 0, l[2];

	blk = banner(dd, "Index des services", "Tous les services de ce guide, "
	    "par ordre alphabétique, avec la page de leur fiche.", "index");
	layout_doc_section(dd->doc, 2, PS_BODY, "Index", blk);
	layout_block_unref(blk);
	layout_doc_outline(dd->doc, 1, "Index des services", "index");
	for (i = 0; i < dd->nfull; i++) {
		buf_reset(&k);
		fold_collate(&k, m->sheets[dd->full[i]].nom);
		ix[i].key = buf_detach(&k);
		if (ix[i].key == NULL)
			ix[i].key = xstrdup("");
		ix[i].sheet = dd->full[i];
	}
	qsort(ix, dd->nfull, sizeof(*ix), ixcmp);
	blk = NULL;
	for (i = 0; i < dd->nfull; i++) {
		if (ix[i].key[0] != letter) {
			if (blk != NULL) {
				layout_doc_add(dd->doc, blk);
				layout_block_unref(blk);
			}
			/* A letter heading and its entries: one block. */
			blk = layout_block_new();
			letter = ix[i].key[0];
			l[0] = (char)(letter >= 'a' && letter <= 'z' ?
			    letter - 'a' + 'A' : letter);
			l[1] = '\0';
			layout_text_puts(&dd->txt, 0, l);
			layout_block_text(dd->ctx, blk, &dd->job->letter,
			    &dd->txt, dd->job->colw);
		}
		buf_reset(&v);
		buf_reset(&d);
		print_sheet_label(&v, &m->sheets[ix[i].sheet]);
		buf_printf(&d, "fiche-%s", m->sheets[ix[i].sheet].id);
		layout_text_puts(&dd->txt, 0, v.data);
		layout_block_pageref(dd->ctx, blk, &st_index, &dd->txt,
		    dd->job->colw, d.data, "", 1);
	}
	if (blk != NULL) {
		layout_doc_add(dd->doc, blk);
		layout_block_unref(blk);
	}
	for (i = 0; i < dd->nfull; i++)
		free(ix[i].key);
	free(ix);
	buf_dispose(&k);
	buf_dispose(&v);
	buf_dispose(&d);
}

/* --- Page decoration ----------------------------------------------------- */

static void
decorate(struct layout_ctx *ctx, cairo_t *cr, const struct layout_page *pg,
    void *arg)
{
	struct dirdoc *dd = arg;
	const struct layout_geom *g = pg->geom;
	struct buf v = {0};
	double	 band = 300, y;

	if (pg->style == PS_COVER) {
		layout_fill(cr, 0, 0, g->w, band, dd->job->accent);
		layout_fill(cr, 0, band, g->w, 6, lighter(dd->job->accent));
		y = band - 40 - layout_block_height(dd->cover[0]);
		layout_block_draw(ctx, cr, dd->cover[0], g->left, y);
		layout_block_draw(ctx, cr, dd->cover[1], g->left, band + 60);
		layout_block_draw(ctx, cr, dd->cover[2], g->left, g->h -
		    g->bottom - layout_block_height(dd->cover[2]));
		return;
	}
	if (pg->style == PS_BACK) {
		layout_fill(cr, 0, g->h - 120, g->w, 120, dd->job->accent);
		layout_block_draw(ctx, cr, dd->cover[3], g->left, g->top + 40);
		return;
	}
	if (pg->style == PS_BODY) {
		layout_draw_line(ctx, cr, &st_head, dd->t->nom, g->left, 34);
		layout_draw_line(ctx, cr, &dd->job->headmark, pg->mark,
		    g->w - g->right, 34);
		layout_fill(cr, g->left, 39, g->w - g->left - g->right, 0.5,
		    C_LIGHT);
	}
	buf_printf(&v, "Édition du %s", dd->job->edition);
	layout_draw_line(ctx, cr, &st_foot, v.data, g->left, g->h - 26);
	buf_reset(&v);
	buf_printf(&v, "page %d / %d", pg->no, pg->count);
	layout_draw_line(ctx, cr, &st_footr, v.data, g->w - g->right,
	    g->h - 26);
	if (dd->job->b->edition_pro)
		layout_draw_line(ctx, cr, &st_footpro, "Édition "
		    "professionnelle — ne pas diffuser", g->w / 2, g->h - 26);
	buf_dispose(&v);
}

/* --- One directory ------------------------------------------------------- */

/*
 * For tests: with MAILLAGE_LAYOUT_STATS=FILE, one line per page is
 * appended to FILE: the territory's code, the page, how full it is
 * (0 to 1, measured from the layout) and 1 when it ends a chapter.
 */
static void
layout_stats(struct pdfjob *job, const struct layout_doc *doc,
    const struct territory *t, int pages)
{
	const char *path = getenv("MAILLAGE_LAYOUT_STATS");
	struct buf v = {0};
	FILE	*f;
	double	 fill;
	int	 i, end;

	if (path == NULL || *path == '\0')
		return;
	for (i = 0; i < pages; i++) {
		fill = layout_doc_page_fill(doc, i, &end);
		buf_printf(&v, "%s %d %.3f %d\n", t->code, i + 1, fill, end);
	}
	pthread_mutex_lock(&job->lock);
	if ((f = fopen(path, "a")) != NULL) {
		fwrite(v.data, 1, v.len, f);
		fclose(f);
	}
	pthread_mutex_unlock(&job->lock);
	buf_dispose(&v);
}

static int
write_directory(struct pdfjob *job, struct layout_ctx *ctx, int ti)
{
	const struct model *m = job->m;
	struct dirdoc dd;
	struct layout_meta meta;
	struct buf name = {0}, pdf = {0}, err = {0}, title = {0},
	    subject = {0}, kw = {0};
	int	*list, *needs;
	size_t	*counts, nneeds = 0, nlocated, n, i, total;
	char	*path;
	int	 rc = 0, pages, k, glossary, refs;

	memset(&dd, 0, sizeof(dd));
	dd.job = job;
	dd.ctx = ctx;
	dd.t = &m->terr[ti];
	dd.doc = layout_doc_new(&job->geom);
	layout_text_init(&dd.txt);
	dd.gloss_used = xcalloc(m->ngloss + 1, 1);
	dd.shown = xcalloc(m->nsheets + 1, 1);
	dd.full = xcalloc(m->nsheets + 1, sizeof(*dd.full));
	dd.blocks = xcalloc(m->nsheets + 1, sizeof(*dd.blocks));
	total = dd.t->located.n + dd.t->covering.n;
	list = xcalloc(total + 1, sizeof(*list));
	needs = xcalloc(m->nbesoins + 1, sizeof(*needs));
	counts = xcalloc(m->nbesoins + 1, sizeof(*counts));
	for (k = 0; k < (int)m->nbesoins; k++)
		if ((n = need_sheets(m, dd.t, k, list, &nlocated)) > 0) {
			needs[nneeds] = k;
			counts[nneeds++] = n;
		}
	scan_sigles(&job->sigles, dd.t->nom, dd.gloss_used, NULL, NULL);
	scan_sigles(&job->sigles, m->site.titre, dd.gloss_used, NULL, NULL);

	/*
	 * The sheets first, in the order they will be shown in full (under
	 * their first need): then the acronyms they use are known, and so
	 * whether the guide has a glossary, before its contents are made.
	 */
	for (i = 0; i < nneeds; i++) {
		scan_sigles(&job->sigles, m->besoins[needs[i]].nom,
		    dd.gloss_used, NULL, NULL);
		n = need_sheets(m, dd.t, needs[i], list, &nlocated);
		for (k = 0; k < (int)n; k++) {
			if (dd.shown[list[k]])
				continue;
			dd.shown[list[k]] = 1;
			dd.full[dd.nfull++] = list[k];
			dd.blocks[list[k]] = get_sheet(job, ctx, list[k], &dd);
		}
	}
	for (glossary = 0, i = 0; i < m->ngloss && !glossary; i++)
		glossary = dd.gloss_used[i];

	layout_doc_section(dd.doc, 1, PS_COVER, dd.t->nom, NULL);
	compose_cover(&dd, total);
	for (refs = 0, i = 0; i < nneeds && !refs; i++)
		refs = counts[i] > 0 && need_has_ref(m, dd.t, needs, i, list);
	compose_howto(&dd, total, needs, nneeds, refs, glossary);
	compose_toc(&dd, needs, counts, nneeds, glossary);
	for (i = 0; i < nneeds; i++) {
		n = need_sheets(m, dd.t, needs[i], list, &nlocated);
		compose_need(&dd, needs[i], list, n, nlocated, i == 0);
	}
	if (glossary)
		compose_glossary(&dd);
	compose_index(&dd);
	layout_doc_section(dd.doc, 1, PS_BACK, "", NULL);
	pages = layout_doc_paginate(dd.doc);
	layout_stats(job, dd.doc, dd.t, pages);

	buf_printf(&title, "%s — %s", dd.t->nom, m->site.titre);
	buf_printf(&subject, "Répertoire des services de santé, médico-sociaux "
	    "et sociaux : %s (%s), édition du %s", dd.t->nom,
	    terr_type_label(dd.t->type), job->edition);
	buf_printf(&kw, "santé, social, médico-social, répertoire, %s",
	    dd.t->nom);
	for (i = 0; i < nneeds; i++)
		buf_printf(&kw, ", %s", m->besoins[needs[i]].nom);
	print_meta(&meta, m, job->epoch, title.data, subject.data);
	meta.keywords = kw.data;
	if (layout_doc_render(ctx, dd.doc, &meta, decorate, &dd, &pdf,
	    &err) == -1) {
		fprintf(stderr, "maillage : annuaire %s : %s\n", dd.t->code,
		    err.data);
		rc = 3;
		goto out;
	}
	/* The sheets' own are reported with them; these come from names. */
	if ((k = layout_ctx_take_unknown(ctx)) > 0)
		diag_warn(&job->b->diags, &dd.t->pos, "annuaire « %s » : %d "
		    "caractère%s qu'aucune police ne dessine (" PRINT_FONTS_NAMED
		    ") dans les noms de territoires, de besoins ou le "
		    "glossaire : remplacé%s par un blanc", dd.t->nom, k,
		    k > 1 ? "s" : "", k > 1 ? "s" : "");
	pdf_file_name(&name, dd.t);
	path = util_path_join(job->dir, name.data);
	if (print_write_file(path, &pdf) == -1)
		rc = 3;
	free(path);
	pthread_mutex_lock(&job->lock);
	job->pages += pages;
	job->written++;
	/* For the site's « Télécharger l'annuaire (PDF, N pages) ». */
	if (rc == 0)
		job->b->pdf_pages[ti] = pages;
	pthread_mutex_unlock(&job->lock);
out:
	for (i = 0; i < dd.nfull; i++) {
		layout_block_unref(dd.blocks[dd.full[i]]);
		put_sheet(job, dd.full[i]);
	}
	free(dd.blocks);
	for (i = 0; i < dd.ncover; i++)
		layout_block_unref(dd.cover[i]);
	layout_doc_free(dd.doc);
	layout_text_free(&dd.txt);
	free(dd.gloss_used);
	free(dd.shown);
	free(dd.full);
	free(list);
	free(needs);
	free(counts);
	buf_dispose(&name);
	buf_dispose(&pdf);
	buf_dispose(&err);
	buf_dispose(&title);
	buf_dispose(&subject);
	buf_dispose(&kw);
	return rc;
}

/* Task i of print_run: one directory. */
static int
directory_task(void *arg, size_t i, struct layout_ctx *ctx)
{
	struct pdfjob *job = arg;

	return write_directory(job, ctx, job->tasks[i]);
}

/* --- Entry point --------------------------------------------------------- */

/*
 * Whether territory ti gets a directory of its own: its level is in
 * pdf.niveaux and it holds at least pdf.min_services services for the
 * public (else they are all in its parent's: a 5-page guide for one
 * service helps nobody).
 */
int
pdf_has_directory(const struct model *m, int ti)
{
	const struct territory *t = &m->terr[ti];
	int	 min = m->site.pdf_min_services;
	size_t	 i, n = 0;

	if (!(m->site.pdf_niveaux & (1u << t->type)))
		return 0;
	for (i = 0; i < t->located.n && n < (size_t)min; i++)
		n += print_for_public(&m->sheets[t->located.v[i]]);
	for (i = 0; i < t->covering.n && n < (size_t)min; i++)
		n += print_for_public(&m->sheets[t->covering.v[i]]);
	return n >= (size_t)min;
}

int
pdf_write(struct build *b, const char *dir)
{
	const struct model *m = &b->model;
	struct pdfjob job;
	double	 t0 = build_clock();
	size_t	 i, k;
	int	 rc, threads;

	memset(&job, 0, sizeof(job));
	job.b = b;
	job.m = m;
	job.dir = dir;
	b->pdf_pages = arena_alloc(&b->arena, (m->nterr + 1) *
	    sizeof(*b->pdf_pages));
	job.tasks = xcalloc(m->nterr + 1, sizeof(*job.tasks));
	for (i = 0; i < m->nterr; i++)
		if (pdf_has_directory(m, (int)i))
			job.tasks[job.ntasks++] = (int)i;
	if (job.ntasks == 0) {
		free(job.tasks);
		return 0;
	}
	job.accent = print_color(m);
	job.sub = st_sub;
	job.banner = st_banner;
	job.need = st_need;
	job.letter = st_letter;
	job.headmark = st_headmark;
	job.sub.color = job.banner.color = job.need.color = job.accent;
	job.letter.color = job.headmark.color = job.accent;
	if (print_env_new(&job.env, b, "PDF", 1) == -1) {
		free(job.tasks);
		return 3;
	}
	job.geom.w = LAYOUT_A4_W;
	job.geom.h = LAYOUT_A4_H;
	job.geom.top = 56;
	job.geom.bottom = 48;
	job.geom.left = job.geom.right = 15 * LAYOUT_MM;
	job.geom.gap = 6 * LAYOUT_MM;
	job.colw = layout_geom_colwidth(&job.geom, 2);
	job.fullw = layout_geom_colwidth(&job.geom, 1);
	job.sheets = xcalloc(m->nsheets + 1, sizeof(*job.sheets));
	for (i = 0; i < job.ntasks; i++) {
		const struct territory *t = &m->terr[job.tasks[i]];

		for (k = 0; k < t->located.n; k++)
			job.sheets[t->located.v[k]].uses++;
		for (k = 0; k < t->covering.n; k++)
			job.sheets[t->covering.v[k]].uses++;
	}
	strmap_init(&job.sigles, m->ngloss * 2 + 1);
	for (i = 0; i < m->ngloss; i++)
		strmap_put(&job.sigles, m->gloss[i].sigle, (int)i);
	job.edition = print_edition(m);
	job.epoch = print_epoch(m);
	pthread_mutex_init(&job.lock, NULL);
	pthread_cond_init(&job.ready, NULL);

	rc = print_run(job.env, b, "pdf, annuaires écrits", job.ntasks,
	    directory_task, &job, &threads);

	build_phase(b, "pdf : %zu annuaire%s, %d pages en %.1f s (%d fil%s)",
	    job.written, job.written > 1 ? "s" : "", job.pages,
	    build_clock() - t0, threads, threads > 1 ? "s" : "");
	for (i = 0; i < m->nsheets; i++) {
		layout_block_unref(job.sheets[i].blk);
		free(job.sheets[i].gloss);
	}
	free(job.sheets);
	free(job.tasks);
	free(job.edition);
	strmap_free(&job.sigles);
	pthread_mutex_destroy(&job.lock);
	pthread_cond_destroy(&job.ready);
	layout_env_free(job.env);
	return rc;
}
