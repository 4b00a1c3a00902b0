/*
 * print.h: what the printed outputs share (the territory directories,
 * pdf.c, and the flyers), on the layout core (layout.h):
 *
 * - the typeface and hyphenation dictionary (print_env_new), the colours
 *   (PRINT_C_*) and the styles of a service sheet (print_st_*);
 * - the Markdown walker that lays a sheet's body out (print_markdown);
 * - the composer of one sheet's block (print_sheet), the same in every
 *   printed output: name, type, summary, publics, contact beside a QR
 *   code to its web page, places and hours, practical details, body,
 *   professional contacts (pro edition), partners, date checked.
 *
 * A layout_ctx is per thread (layout.h); everything here reads the model
 * only, so several threads may compose sheets at once, each with its
 * own context. Functions return nothing or a new block (the caller
 * drops it with layout_block_unref).
 */
#ifndef MAILLAGE_PRINT_H
#define MAILLAGE_PRINT_H

#include <stddef.h>

#include "layout.h"

struct buf;
struct model;
struct sheet;

#define PRINT_FAMILY	"Inter"
/* The fonts the PDFs draw with, Inter and its fallbacks (layout.c). */
#define PRINT_FONTS_NAMED	"Inter, Noto Sans, Symbola"
#define PRINT_HYPH_DICT	"/usr/share/hyphen/hyph_fr.dic"

/* Colours (0xRRGGBB). */
#define PRINT_C_TEXT	0x1f2328
#define PRINT_C_GREY	0x5b6570
#define PRINT_C_LIGHT	0xc3ccd6
#define PRINT_C_ACCENT	0x1d4f91
#define PRINT_C_LINK	0x1d4f91
#define PRINT_C_SHADE	0xe9f0f8
#define PRINT_C_WHITE	0xffffff
#define PRINT_C_ALERT	0xb42318

/* The styles of a sheet. */
extern const struct layout_style print_st_body;		/* body text */
extern const struct layout_style print_st_bodyh;	/* body headings */
extern const struct layout_style print_st_title;	/* the name */
extern const struct layout_style print_st_meta;		/* type, porteur */
extern const struct layout_style print_st_resume;
extern const struct layout_style print_st_small;	/* places, hours */
extern const struct layout_style print_st_phone;
extern const struct layout_style print_st_contact;

/*
 * The fonts of fonts_dir and the French hyphenation dictionary; NULL
 * with a French message in err when they cannot be loaded (warn: what
 * works but is degraded). Free with layout_env_free.
 */
struct layout_env *print_env_new(const char *fonts_dir, struct buf *err,
	    struct buf *warn);

/* "example.org/dac58" from "https://example.org/dac58/". */
void	 print_url_display(struct buf *out, const char *url);
/* The sheet's name with its acronym: « Nom (SIGLE) ». */
void	 print_sheet_label(struct buf *out, const struct sheet *);
/* Appends s to t as a link to url, in the link colour. */
void	 print_link(struct layout_text *t, unsigned flags, const char *s,
	    const char *url);
/* A paragraph « Label : value » (nothing when value is empty). */
void	 print_labelled(struct layout_ctx *, struct layout_block *,
	    struct layout_text *, const struct layout_style *, double w,
	    const char *label, const char *value);
/* « accueil sans rendez-vous, par téléphone. Gratuit. De 6 à 20 ans. » */
void	 print_practical(struct buf *out, const struct sheet *);
/*
 * A Markdown body into blk, w points wide (t: scratch text); relative
 * links resolve against page (the page's URL; NULL: the site's).
 */
void	 print_markdown(struct layout_ctx *, struct layout_block *blk,
	    struct layout_text *t, const struct model *, const char *page,
	    double w, const char *body, size_t len);
/* One sheet's block, w points wide (a column); pro: with contacts_pro. */
struct layout_block *print_sheet(struct layout_ctx *, const struct model *,
	    const struct sheet *, double w, int pro);

#endif
