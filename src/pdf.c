/*
 * pdf.c: the territory directories, OUT/pdf/CODE-slug.pdf, one per
 * territory of the levels of site.yaml's pdf.niveaux, laid out with the
 * layout core (layout.c); a service sheet's block is print.c's, shared
 * with the flyers.
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
#include <errno.h>
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

#ifndef MAILLAGE_VERSION
#define MAILLAGE_VERSION "0.0.0"
#endif

/* Page styles, for the decoration callback. */
enum {
	PS_COVER,
	PS_FRONT,	/* footer only */
	PS_BODY		/* header and footer */
};


/* --- Styles of the directory (a sheet's are in print.c) ------------------ */

static const struct layout_style st_ref = {
	.size = 8.2, .leading = 10.4, .before = 2, .after = 2,
	.color = PRINT_C_GREY
};
static const struct layout_style st_sub = {
	.size = 9.5, .leading = 12, .before = 10, .after = 2,
	.color = PRINT_C_ACCENT, .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT,
	.tag = "H2"
};
static const struct layout_style st_banner = {
	.size = 20, .leading = 24, .color = PRINT_C_ACCENT,
	.flags = LAYOUT_BOLD,
	.tag = "H1"
};
static const struct layout_style st_banner_sub = {
	.size = 9, .leading = 12, .after = 4, .color = PRINT_C_GREY
};
static const struct layout_style st_front = {
	.size = 10, .leading = 14, .after = 6, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE
};
static const struct layout_style st_toc = {
	.size = 10.5, .leading = 13.5, .before = 4, .after = 2,
	.color = PRINT_C_TEXT
};
static const struct layout_style st_gloss = {
	.size = 8.4, .leading = 10.8, .after = 2.5, .indent = 0,
	.color = PRINT_C_TEXT, .flags = LAYOUT_NOSPLIT
};
static const struct layout_style st_letter = {
	.size = 12, .leading = 14, .before = 8, .after = 2,
	.color = PRINT_C_ACCENT, .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT,
	.tag = "H2"
};
static const struct layout_style st_index = {
	.size = 8.4, .leading = 10.6, .after = 1, .color = PRINT_C_TEXT
};
static const struct layout_style st_head = {
	.size = 7.6, .color = PRINT_C_GREY
};
static const struct layout_style st_headmark = {
	.size = 7.6, .color = PRINT_C_ACCENT,
	.flags = LAYOUT_BOLD | LAYOUT_RIGHT
};
static const struct layout_style st_foot = {
	.size = 7.4, .color = PRINT_C_GREY
};
static const struct layout_style st_footr = {
	.size = 7.4, .color = PRINT_C_GREY, .flags = LAYOUT_RIGHT | LAYOUT_TNUM
};
static const struct layout_style st_footpro = {
	.size = 7.4, .color = PRINT_C_ALERT,
	.flags = LAYOUT_BOLD | LAYOUT_CENTER
};

/* --- The build-wide state ------------------------------------------------ */

/* A composed sheet, shared by the directories that show it. */
struct sheetent {
	int		 state;		/* 0 not made, 1 being made, 2 ready */
	int		 uses;		/* directories still to show it */
	struct layout_block *blk;
};

struct pdfjob {
	struct build	*b;
	const struct model *m;
	const char	*dir;
	struct layout_env *env;
	struct layout_geom geom;
	double		 colw;		/* a column of the two */
	double		 fullw;		/* the body's width */
	int		*tasks;		/* territories, in order */
	size_t		 ntasks;
	size_t		 done;		/* finished tasks (under lock) */
	size_t		 next;		/* next task (atomic) */
	struct sheetent	*sheets;	/* by sheet index */
	pthread_mutex_t	 lock;		/* sheets */
	pthread_cond_t	 ready;
	char		*edition;	/* « 26 novembre 2026 » */
	long long	 epoch;
	int		 rc;		/* worst exit code (under lock) */
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

/* Glossary entries met, in a directory. */
static void
mark_gloss(void *arg, int g)
{
	((unsigned char *)arg)[g] = 1;
}

/* Marks the glossary entries that s uses (md_acronyms' rule). */
static void
scan_sigles(const struct model *m, const char *s, unsigned char *seen)
{
	if (s != NULL)
		md_acronyms(m, s, mark_gloss, seen);
}

/* "CODE-slug.pdf" */
static void
file_name(struct buf *out, const struct territory *t)
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
		blk = print_sheet(ctx, job->m, s, job->colw,
		    job->b->edition_pro);
		if ((unknown = layout_ctx_take_unknown(ctx)) > 0)
			diag_warn(&job->b->diags, &s->pos, "%d caractère%s "
			    "qu'aucune police ne dessine (" PRINT_FONTS_NAMED
			    ") : remplacé%s par un blanc dans les PDF",
			    unknown, unknown > 1 ? "s" : "",
			    unknown > 1 ? "s" : "");
		pthread_mutex_lock(&job->lock);
		e->blk = blk;
		e->state = 2;
		pthread_cond_broadcast(&job->ready);
	}
	blk = layout_block_ref(e->blk);
	for (i = 0; i < s->acronyms.n; i++)
		dd->gloss_used[s->acronyms.v[i]] = 1;
	if (job->b->edition_pro)
		for (i = 0; i < s->acronyms_pro.n; i++)
			dd->gloss_used[s->acronyms_pro.v[i]] = 1;
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

	scan_sigles(dd->job->m, s, dd->gloss_used);
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

/* Sheet i of a need's group: the located ones, then the covering ones. */
static int
group_sheet(const struct need_group *g, size_t i)
{
	return i < g->located.n ? g->located.v[i] :
	    g->covering.v[i - g->located.n];
}

/* A section banner: title, subtitle, rule, destination. */
static struct layout_block *
banner(struct dirdoc *dd, const char *title, const char *sub,
    const char *dest)
{
	struct layout_block *blk = layout_block_new();
	double	 w = dd->job->fullw;

	scan_sigles(dd->job->m, title, dd->gloss_used);
	layout_block_anchor(blk, dest);
	layout_text_puts(&dd->txt, 0, title);
	layout_block_text(dd->ctx, blk, &st_banner, &dd->txt, w);
	if (sub != NULL) {
		layout_text_puts(&dd->txt, 0, sub);
		layout_block_text(dd->ctx, blk, &st_banner_sub, &dd->txt, w);
	}
	layout_block_rule(blk, w, 1.2, PRINT_C_ACCENT, 0, 10);
	return blk;
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
	st.color = PRINT_C_WHITE;
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
	st.color = PRINT_C_GREY;
	st.after = 4;
	buf_printf(&v, "Répertoire des services de santé, médico-sociaux et "
	    "sociaux — %s", terr_type_label(dd->t->type));
	layout_text_puts(&dd->txt, 0, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	st.size = 34;
	st.leading = 40;
	st.color = PRINT_C_ACCENT;
	st.flags = LAYOUT_BOLD;
	st.tag = "H1";
	st.after = 10;
	layout_text_puts(&dd->txt, 0, dd->t->nom);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	st.size = 12;
	st.leading = 16;
	st.color = PRINT_C_TEXT;
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
		st.color = PRINT_C_ALERT;
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
	st.color = PRINT_C_GREY;
	buf_reset(&v);
	buf_printf(&v, "Édité par %s", m->site.editeur);
	layout_text_puts(&dd->txt, 0, v.data);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	layout_text_puts(&dd->txt, 0, "Toutes les fiches à jour : ");
	buf_reset(&v);
	print_url_display(&v, m->site.url);
	print_link(&dd->txt, LAYOUT_BOLD | LAYOUT_NOHYPH, v.data, m->site.url);
	layout_block_text(dd->ctx, blk, &st, &dd->txt, w);
	dd->cover[dd->ncover++] = blk;
	buf_dispose(&v);
}

static void
compose_howto(struct dirdoc *dd, size_t nservices)
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
	buf_printf(&v, " services de santé, médico-sociaux et sociaux qui "
	    "accueillent ou accompagnent les habitants du territoire « %s » "
	    "(%s). Il s'adresse aux habitants comme aux professionnels.",
	    dd->t->nom, terr_type_label(dd->t->type));
	add_text(dd, &st_front, w, v.data);
	buf_reset(&v);
	buf_puts(&v, "Les services sont classés par besoin, dans les mots "
	    "des personnes qui les ont");
	for (i = 0; i < dd->t->ngroups && i < 2; i++)
		buf_printf(&v, "%s« %s »", i ? ", " : " : ",
		    m->besoins[dd->t->groups[i].besoin].nom);
	buf_puts(&v, dd->t->ngroups > 2 ? "… Le sommaire les liste tous." : ".");
	add_text(dd, &st_front, w, v.data);
	add_text(dd, &st_front, w, "Dans chaque besoin viennent d'abord les "
	    "services installés dans le territoire, puis ceux qui y "
	    "interviennent depuis l'extérieur.");
	add_text(dd, &st_front, w, "Un service qui répond à plusieurs besoins "
	    "est décrit en entier une seule fois, sous le premier ; ailleurs, "
	    "une ligne renvoie à sa page (« voir page 12 »).");
	add_text(dd, &st_front, w, "Chaque fiche donne le nom du service et "
	    "son sigle, ce qu'il fait, pour qui, comment le joindre (le "
	    "téléphone en gros caractères, le courriel, le site), ses lieux "
	    "d'accueil et leurs horaires, puis sa description.");
	buf_reset(&v);
	buf_puts(&v, "Le code QR de chaque fiche ouvre sa page sur le site ");
	print_url_display(&v, m->site.url);
	buf_printf(&v, ", tenue à jour en continu : ce guide en est une "
	    "photographie au %s.", dd->job->edition);
	add_text(dd, &st_front, w, v.data);
	add_text(dd, &st_front, w, "Les sigles employés sont expliqués dans "
	    "le glossaire, et l'index, à la fin du guide, retrouve un service "
	    "par son nom.");
	if (m->site.contact != NULL) {
		struct layout_block *b2 = layout_block_new();

		buf_reset(&v);
		buf_printf(&v, "mailto:%s", m->site.contact);
		layout_text_puts(&dd->txt, 0, "Une erreur, un changement ? "
		    "Écrivez à ");
		print_link(&dd->txt, LAYOUT_NOHYPH, m->site.contact, v.data);
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
		    LAYOUT_COLOR, .color = PRINT_C_GREY, .scale = 0.85 }, sub,
		    strlen(sub));
	}
	layout_block_pageref(dd->ctx, blk, st, &dd->txt, dd->job->fullw * 0.82,
	    dest, "", 1);
}

static void
compose_toc(struct dirdoc *dd, int glossary)
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
	layout_block_text(dd->ctx, blk, &st_sub, &dd->txt, dd->job->fullw);
	for (i = 0; i < dd->t->ngroups; i++) {
		const struct need_group *g = &dd->t->groups[i];
		const struct besoin *bn = &m->besoins[g->besoin];
		size_t	 n = g->located.n + g->covering.n;

		buf_reset(&v);
		buf_reset(&d);
		buf_printf(&v, "  %zu service%s", n, n > 1 ? "s" : "");
		buf_printf(&d, "besoin-%s", bn->key);
		scan_sigles(dd->job->m, bn->nom, dd->gloss_used);
		toc_entry(dd, blk, &st_toc, bn->nom, v.data, d.data);
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

static void
compose_need(struct dirdoc *dd, const struct need_group *g)
{
	const struct model *m = dd->job->m;
	const struct besoin *bn = &m->besoins[g->besoin];
	size_t	 nlocated = g->located.n, n = nlocated + g->covering.n;
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
	blk = banner(dd, bn->nom, v.data, d.data);
	layout_doc_section(dd->doc, 2, PS_BODY, bn->nom, blk);
	layout_block_unref(blk);
	layout_doc_outline(dd->doc, 1, bn->nom, d.data);
	for (i = 0; i < n; i++) {
		if (i == nlocated) {
			buf_reset(&v);
			buf_printf(&v, "Services basés hors du territoire qui "
			    "y interviennent");
			blk = text_block(dd, &st_sub, dd->job->colw, v.data);
			layout_block_keep_next(blk);
			layout_doc_add(dd->doc, blk);
			layout_block_unref(blk);
		}
		si = group_sheet(g, i);
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

static void
compose_index(struct dirdoc *dd)
{
	const struct model *m = dd->job->m;
	int	*ix = xcalloc(dd->nfull + 1, sizeof(*ix));
	struct layout_block *blk;
	struct buf v = {0}, d = {0};
	size_t	 i;
	char	 letter = 0, l[2];

	blk = banner(dd, "Index des services", "Tous les services de ce guide, "
	    "par ordre alphabétique, avec la page de leur fiche.", "index");
	layout_doc_section(dd->doc, 2, PS_BODY, "Index", blk);
	layout_block_unref(blk);
	layout_doc_outline(dd->doc, 1, "Index des services", "index");
	/* The model's order by name. */
	memcpy(ix, dd->full, dd->nfull * sizeof(*ix));
	model_sort_sheets(m, ix, dd->nfull);
	blk = NULL;
	for (i = 0; i < dd->nfull; i++) {
		if (m->sheets[ix[i]].collate[0] != letter) {
			if (blk != NULL) {
				layout_doc_add(dd->doc, blk);
				layout_block_unref(blk);
			}
			/* A letter heading and its entries: one block. */
			blk = layout_block_new();
			letter = m->sheets[ix[i]].collate[0];
			l[0] = (char)(letter >= 'a' && letter <= 'z' ?
			    letter - 'a' + 'A' : letter);
			l[1] = '\0';
			layout_text_puts(&dd->txt, 0, l);
			layout_block_text(dd->ctx, blk, &st_letter, &dd->txt,
			    dd->job->colw);
		}
		buf_reset(&v);
		buf_reset(&d);
		print_sheet_label(&v, &m->sheets[ix[i]]);
		buf_printf(&d, "fiche-%s", m->sheets[ix[i]].id);
		layout_text_puts(&dd->txt, 0, v.data);
		layout_block_pageref(dd->ctx, blk, &st_index, &dd->txt,
		    dd->job->colw, d.data, "", 1);
	}
	if (blk != NULL) {
		layout_doc_add(dd->doc, blk);
		layout_block_unref(blk);
	}
	free(ix);
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
		layout_fill(cr, 0, 0, g->w, band, PRINT_C_ACCENT);
		layout_fill(cr, 0, band, g->w, 6, 0x7fa7d6);
		y = band - 40 - layout_block_height(dd->cover[0]);
		layout_block_draw(ctx, cr, dd->cover[0], g->left, y);
		layout_block_draw(ctx, cr, dd->cover[1], g->left, band + 60);
		layout_block_draw(ctx, cr, dd->cover[2], g->left, g->h -
		    g->bottom - layout_block_height(dd->cover[2]));
		return;
	}
	if (pg->style == PS_BODY) {
		layout_draw_line(ctx, cr, &st_head, dd->t->nom, g->left, 34);
		layout_draw_line(ctx, cr, &st_headmark, pg->mark,
		    g->w - g->right, 34);
		layout_fill(cr, g->left, 39, g->w - g->left - g->right, 0.5,
		    PRINT_C_LIGHT);
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

static int
write_directory(struct pdfjob *job, struct layout_ctx *ctx, int ti)
{
	const struct model *m = job->m;
	struct dirdoc dd;
	struct layout_meta meta;
	struct buf name = {0}, pdf = {0}, err = {0}, title = {0},
	    subject = {0}, kw = {0};
	const struct need_group *g;
	size_t	 n, i, k, total;
	int	 unknown;
	char	*path;
	int	 rc = 0, pages, glossary, si;

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
	scan_sigles(m, dd.t->nom, dd.gloss_used);
	scan_sigles(m, m->site.titre, dd.gloss_used);

	/*
	 * The sheets first, in the order they will be shown in full (under
	 * their first need): then the acronyms they use are known, and so
	 * whether the guide has a glossary, before its contents are made.
	 */
	for (i = 0; i < dd.t->ngroups; i++) {
		g = &dd.t->groups[i];
		scan_sigles(m, m->besoins[g->besoin].nom, dd.gloss_used);
		n = g->located.n + g->covering.n;
		for (k = 0; k < n; k++) {
			si = group_sheet(g, k);
			if (dd.shown[si])
				continue;
			dd.shown[si] = 1;
			dd.full[dd.nfull++] = si;
			dd.blocks[si] = get_sheet(job, ctx, si, &dd);
		}
	}
	for (glossary = 0, i = 0; i < m->ngloss && !glossary; i++)
		glossary = dd.gloss_used[i];

	layout_doc_section(dd.doc, 1, PS_COVER, dd.t->nom, NULL);
	compose_cover(&dd, total);
	compose_howto(&dd, total);
	compose_toc(&dd, glossary);
	for (i = 0; i < dd.t->ngroups; i++)
		compose_need(&dd, &dd.t->groups[i]);
	if (glossary)
		compose_glossary(&dd);
	compose_index(&dd);
	pages = layout_doc_paginate(dd.doc);

	buf_printf(&title, "%s — %s", dd.t->nom, m->site.titre);
	buf_printf(&subject, "Répertoire des services de santé, médico-sociaux "
	    "et sociaux : %s (%s), édition du %s", dd.t->nom,
	    terr_type_label(dd.t->type), job->edition);
	buf_printf(&kw, "santé, social, médico-social, répertoire, %s",
	    dd.t->nom);
	for (i = 0; i < dd.t->ngroups; i++)
		buf_printf(&kw, ", %s", m->besoins[dd.t->groups[i].besoin].nom);
	memset(&meta, 0, sizeof(meta));
	meta.title = title.data;
	meta.author = m->site.editeur;
	meta.subject = subject.data;
	meta.keywords = kw.data;
	meta.creator = "maillage " MAILLAGE_VERSION;
	meta.lang = "fr";
	meta.epoch = job->epoch;
	if (layout_doc_render(ctx, dd.doc, &meta, decorate, &dd, &pdf,
	    &err) == -1) {
		fprintf(stderr, "maillage : annuaire %s : %s\n", dd.t->code,
		    err.data);
		rc = 3;
		goto out;
	}
	/* The sheets' own are reported with them; these come from names. */
	if ((unknown = layout_ctx_take_unknown(ctx)) > 0)
		diag_warn(&job->b->diags, &dd.t->pos, "annuaire « %s » : %d "
		    "caractère%s qu'aucune police ne dessine (" PRINT_FONTS_NAMED
		    ") dans les noms de territoires, de besoins ou le "
		    "glossaire : remplacé%s par un blanc", dd.t->nom, unknown,
		    unknown > 1 ? "s" : "", unknown > 1 ? "s" : "");
	file_name(&name, dd.t);
	path = util_path_join(job->dir, name.data);
	if (util_write_file(path, pdf.data, pdf.len) == -1) {
		fprintf(stderr, "maillage : impossible d'écrire %s : %s\n",
		    path, util_strerror(errno));
		rc = 3;
	}
	free(path);
	pthread_mutex_lock(&job->lock);
	job->pages += pages;
	job->written++;
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
	buf_dispose(&name);
	buf_dispose(&pdf);
	buf_dispose(&err);
	buf_dispose(&title);
	buf_dispose(&subject);
	buf_dispose(&kw);
	return rc;
}

static void *
worker(void *arg)
{
	struct pdfjob *job = arg;
	struct layout_ctx *ctx = layout_ctx_new(job->env);
	size_t	 i, done;
	int	 rc;

	for (;;) {
		i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
		if (i >= job->ntasks)
			break;
		rc = write_directory(job, ctx, job->tasks[i]);
		pthread_mutex_lock(&job->lock);
		if (rc > job->rc)
			job->rc = rc;
		done = ++job->done;
		pthread_mutex_unlock(&job->lock);
		build_progress(job->b, "pdf, annuaires écrits", done, job->ntasks);
	}
	layout_ctx_free(ctx);
	return NULL;
}

/* --- Entry point --------------------------------------------------------- */

int
pdf_write(struct build *b, const char *dir)
{
	const struct model *m = &b->model;
	struct pdfjob job;
	struct buf err = {0}, warn = {0};
	pthread_t *th;
	double	 t0 = build_clock();
	size_t	 i, k;
	int	 nth, started = 0;

	memset(&job, 0, sizeof(job));
	job.b = b;
	job.m = m;
	job.dir = dir;
	job.tasks = xcalloc(m->nterr + 1, sizeof(*job.tasks));
	for (i = 0; i < m->nterr; i++)
		if (m->site.pdf_niveaux & (1u << m->terr[i].type))
			job.tasks[job.ntasks++] = (int)i;
	if (job.ntasks == 0) {
		free(job.tasks);
		return 0;
	}
	job.env = print_env_new(b->fonts_dir, &err, &warn);
	if (job.env == NULL) {
		fprintf(stderr, "maillage : PDF : %s\n", err.data);
		buf_dispose(&err);
		buf_dispose(&warn);
		free(job.tasks);
		return 3;
	}
	if (warn.len > 0 && !b->quiet)
		fprintf(stderr, "maillage : avertissement : %s\n", warn.data);
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
	{
		struct buf d = {0};

		date_french(&d, m->today);
		job.edition = buf_detach(&d);
	}
	if (date_source_epoch(&job.epoch) != 0)
		job.epoch = (long long)m->today * 86400;
	pthread_mutex_init(&job.lock, NULL);
	pthread_cond_init(&job.ready, NULL);

	nth = b->jobs < 1 ? 1 : b->jobs;
	if ((size_t)nth > job.ntasks)
		nth = (int)job.ntasks;
	th = xcalloc((size_t)nth, sizeof(*th));
	for (i = 1; i < (size_t)nth; i++)
		if (pthread_create(&th[i], NULL, worker, &job) == 0)
			started++;
		else
			break;
	worker(&job);
	for (i = 1; i <= (size_t)started; i++)
		pthread_join(th[i], NULL);
	free(th);

	build_phase(b, "pdf : %zu annuaire%s, %d pages en %.1f s (%d fil%s)",
	    job.written, job.written > 1 ? "s" : "", job.pages,
	    build_clock() - t0, started + 1, started > 0 ? "s" : "");
	for (i = 0; i < m->nsheets; i++) {
		layout_block_unref(job.sheets[i].blk);
	}
	free(job.sheets);
	free(job.tasks);
	free(job.edition);
	pthread_mutex_destroy(&job.lock);
	pthread_cond_destroy(&job.ready);
	layout_env_free(job.env);
	buf_dispose(&err);
	buf_dispose(&warn);
	return job.rc;
}
