/*
 * site.h: shared by the website's files (site.c, site_fiche.c,
 * site_terr.c); not a public header: the entry point is in outputs.h.
 *
 * A page is a tree of template values built in s->page (reset after each
 * page), rendered with its template into the body, then with "layout"
 * around it. Values that many pages share (the site's map, each sheet's
 * card) are built once in s->keep and referenced from every page.
 *
 * Returns: 0, or -1 with s->rc set to the exit code and the problem
 * reported (diagnostics or stderr).
 */
#ifndef MAILLAGE_SITE_H
#define MAILLAGE_SITE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

struct build;
struct model;
struct sheet;
struct tmpl_set;
struct tval;

/* Heading levels a card can be rendered at. */
#define SITE_CARD_MIN	3
#define SITE_CARD_MAX	4

struct site {
	struct build	*b;
	const struct model *m;
	struct tmpl_set	*ts;
	const char	*dir;		/* staging folder */
	struct arena	 keep;		/* values shared by every page */
	struct arena	 page;		/* values of the current page */
	struct tval	*common;	/* "site": titles, nav, footer */
	struct buf	 body;		/* the page's own template */
	struct buf	 html;		/* the whole page */
	struct buf	 path;		/* file being written */
	struct buf	 tmp;
	struct buf	 sitemap;	/* <url> entries */
	unsigned char	*seen;		/* glossary acronyms marked (page) */
	struct tval	**cards;	/* [level][sheet]: {carte: html} */
	struct tval	**lines;	/* [sheet]: {carte: html}, compact */
	struct arena	*cards_keep;	/* by worker: where the cards live */
	size_t		 ncards_keep;
	size_t		 worker;	/* in site_parallel: this copy's index */
	const char	*abs_root;	/* path part of site.url: "/" */
	int		 has_search_js;	/* templates/assets/search.js */
	size_t		 npages;
	long		 lastmod;	/* next page's sitemap <lastmod>, 0 none */
	size_t		 nlettres;	/* newsletter editions published */
	int		 rc;		/* first failure: 1 or 3 */
	/* Printed in the same run, published under imprimer/ (site_print.c). */
	unsigned char	*flyers;	/* by sheet: SITE_FLYER bits */
	const char	**whom;		/* by territory: « Qui contacter ? » */
	const char	**annuaire;	/* by territory: its directory */
	const int	*rank;		/* territory → rank in m->terr_order */
	const void	*zones;		/* struct zones_of */
	const int	*dept;		/* sheet → its département (refs) */
	size_t		 ndept;
};

/* A new page context: root prefix for its depth, the site's map. */
struct tval	*site_ctx(struct site *, int depth);
/* site.yaml's urgences into ctx: urgences and a_urgences. */
void		 site_urgences(struct site *, struct tval *ctx);
/*
 * Renders template tmpl with ctx inside "layout" and writes it at path
 * (relative to the site: "fiches/ID/" gives fiches/ID/index.html;
 * "404.html" is a file). Listed in the sitemap when insitemap. Resets
 * the page arena and the glossary marks. Returns 0, or -1 after setting
 * s->rc (a message has been printed or reported).
 */
int		 site_emit(struct site *, const char *path, const char *tmpl,
		    struct tval *ctx, int insitemap);
/*
 * A site writing into dir with the templates of b: 0, or 1 when they
 * cannot be used (reported). site_close frees what it holds.
 */
int		 site_open(struct site *, struct build *, const char *dir);
void		 site_close(struct site *);
/* Adds path (relative to site.url) to the sitemap, with s->lastmod. */
void		 site_sitemap_add(struct site *, const char *path);
/* Writes data to DIR/rel; 0 or -1 (message printed, s->rc = 3). */
int		 site_file(struct site *, const char *rel, const void *data,
		    size_t len);
int		 site_mkdir(struct site *, const char *rel);
/* Page-arena values. */
struct tval	*site_str(struct site *, const char *);
struct tval	*site_strf(struct site *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 site_set(struct site *, struct tval *, const char *key,
		    const char *);
/* s->tmp's text as a page string (then s->tmp is emptied). */
struct tval	*site_tmp(struct site *);
/* A French date as a page string: « 15 septembre 2026 ». */
struct tval	*site_date(struct site *, long days);
/* A breadcrumb step {nom, url} appended to ctx's "fil". */
void		 site_crumb(struct site *, struct tval *ctx, const char *nom,
		    const char *url);
/*
 * Calls fn(worker, i) for i in [0, n), in b->jobs threads: each worker
 * is a copy of s with its own page arena, buffers and sitemap, given a
 * contiguous range so that the sitemap keeps the order of i. The shared
 * values (cards, common, model, templates) are only read. Returns 0 or
 * -1 (s->rc set from the first worker that failed).
 */
int		 site_parallel(struct site *, size_t n,
		    int (*fn)(struct site *, size_t));
/* Frees what a worker copy owns. */
void		 site_worker_free(struct site *);
/* The shared card of sheet i at a heading level. */
struct tval	*site_card(struct site *, int sheet, int level);
/* The shared one-line entry of sheet i (ligne.mustache). */
struct tval	*site_line(struct site *, int sheet);
/* List of cards for a set of sheets, skipping drafts. */
struct tval	*site_cards(struct site *, const int *v, size_t n, int level);

/* site_print.c: links to what the same run printed (issue 9). */
#define SITE_FLYER		1	/* imprimer/affichettes/ID.pdf */
#define SITE_FLYER_FACILE	2	/* imprimer/affichettes/facile/ID.pdf */
/*
 * Publishes the flyers and directories of this run under imprimer/ and
 * fills s->flyers, s->whom, s->annuaire. Returns 0 or -1 (s->rc set).
 */
int		 site_print_publish(struct site *);
/* {annuaire: {url, pages, pluriel, nom?}, qui: {url, nom?}} or NULL. */
struct tval	*site_print_terr(struct site *, int terr);

/* site_fiche.c */
int		 site_cards_build(struct site *);
int		 site_fiches(struct site *);
/*
 * site_lettre.c: /lettre/, the editions found in OUT/newsletter/, an
 * output step of its own (site_lettres_write, outputs.h). The pages of
 * the site only note them: s->nlettres, and their place in the sitemap.
 */
int		 site_lettres_note(struct site *);
/* site_terr.c */
int		 site_territoires(struct site *);
/* Needs, publics and kinds of service. */
int		 site_referentiels(struct site *);
/* Territory indices sorted by name, for lists; n = model->nterr. */

/* Appends str percent-encoded for a URL query value. */
void		 site_url_query(struct buf *, const char *str);
/*
 * A « Signaler … » link to site.yaml's signalement (else contact): a
 * mailto: with subject and body, or the https form with key=name (the
 * thing reported) as a parameter. Null when there is nowhere to report.
 */
struct tval	*site_report(struct site *, const char *subject,
		    const char *body, const char *key, const char *name);

/* A short location of a sheet: its first place's commune, else its
 * first territory (NULL when it has neither). */
const char	*site_where(const struct model *, const struct sheet *);

#endif
