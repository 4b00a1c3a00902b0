/*
 * layout.h: the Cairo/Pango layout core shared by the PDF directories,
 * the flyers and the newsletter's PDF edition.
 *
 * Three stages, each with its own object:
 *
 *  1. Compose (struct layout_text → struct layout_block). Text with
 *     attributes is prepared the French way (no-break spaces before
 *     « ; : ! ? » and inside guillemets, hyphenation points from
 *     libhyphen, break opportunities in long tokens, invalid UTF-8
 *     replaced), laid out by Pango at a width and recorded as a display
 *     list of rows: glyph runs with their text clusters, links, anchors,
 *     graphics (rules, QR codes). A block holds no Pango object: one
 *     thread composes it, any thread may draw it, and one block (a
 *     service sheet) is shared by every document that shows it.
 *
 *  2. Paginate (struct layout_doc). A document is a flow of blocks in
 *     sections of one or more columns. Rows are placed in columns: a
 *     block marked keep-together moves to the next column when it does
 *     not fit (unless it is longer than a column), headings stay with
 *     what follows, a paragraph never leaves one line alone at the foot
 *     or the head of a column.
 *
 *  3. Render. Pages are drawn into a PDF with structure tags, links
 *     (nested in the tags), named destinations, an outline, metadata
 *     with fixed dates and the document language. Page references
 *     (contents, indexes, « voir page N ») are filled in at this stage:
 *     their room was reserved when composing, so numbers never change
 *     the pagination.
 *
 * Threads: one struct layout_env per process (fontconfig configuration
 * and hyphenation dictionary, read-only once made), one struct
 * layout_ctx per thread (Pango font map and context, Cairo fonts).
 *
 * Returns: the fallible functions give 0 (or the new object), or -1 (NULL)
 * with a French message in err; the rest cannot fail.
 */
#ifndef MAILLAGE_LAYOUT_H
#define MAILLAGE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct layout_env;
struct layout_ctx;
struct layout_block;
struct layout_doc;
typedef struct _cairo cairo_t;

/* Sizes are in PostScript points (1/72 inch); A4 in points. */
#define LAYOUT_A4_W	595.276
#define LAYOUT_A4_H	841.890
#define LAYOUT_MM	(72.0 / 25.4)

/* --- Environment and per-thread context ------------------------------ */

/*
 * Registers the fonts of fonts_dir (*.otf, *.ttf) as the only fonts of a
 * fresh fontconfig configuration, so that output never depends on the
 * machine's fonts, and loads the hyphenation dictionary hyph_path (may be
 * NULL or missing: no hyphenation, *warn says so). Returns NULL with a
 * French message in err when no font could be registered.
 */
struct layout_env *layout_env_new(const char *fonts_dir,
	    const char *hyph_path, const char *family, struct buf *err,
	    struct buf *warn);
void	 layout_env_free(struct layout_env *);

/* One per thread: Pango objects are not shared between threads. */
struct layout_ctx *layout_ctx_new(struct layout_env *);
void	 layout_ctx_free(struct layout_ctx *);
/* Glyphs missing from the fonts since the last call (then reset to 0). */
int	 layout_ctx_take_unknown(struct layout_ctx *);

/* --- Text with attributes --------------------------------------------- */

/* Span and paragraph flags. */
enum {
	LAYOUT_BOLD = 1 << 0,
	LAYOUT_ITALIC = 1 << 1,
	LAYOUT_NOHYPH = 1 << 2,		/* span: never hyphenated */
	LAYOUT_NOTYPO = 1 << 3,		/* span: kept as is (code, URLs) */
	LAYOUT_COLOR = 1 << 4,		/* span: attr color is set */
	LAYOUT_TNUM = 1 << 5,		/* tabular figures */
	/* Paragraph only. */
	LAYOUT_CENTER = 1 << 8,
	LAYOUT_RIGHT = 1 << 9,
	LAYOUT_HYPHENATE = 1 << 10,	/* insert hyphenation points */
	LAYOUT_KEEP_NEXT = 1 << 11,	/* heading: stays with what follows */
	LAYOUT_NOSPLIT = 1 << 12,	/* lines never split across columns */
	LAYOUT_BAR = 1 << 13		/* a bar in the left margin (quotes) */
};

/* The attributes of a span of text. */
struct layout_attr {
	unsigned	 flags;		/* LAYOUT_BOLD... */
	uint32_t	 color;		/* 0xRRGGBB with LAYOUT_COLOR */
	double		 scale;		/* relative size; 0: 1 */
	const char	*link;		/* http(s):, mailto:, tel:, #dest */
};

/* A paragraph's text: UTF-8 and spans, built by appending. */
struct layout_span {
	size_t		 start, end;	/* bytes in text */
	unsigned	 flags;
	uint32_t	 color;
	double		 scale;
	int		 link;		/* index in links, -1 */
};

struct layout_text {
	char		*s;		/* NUL-terminated */
	size_t		 len, cap;
	struct layout_span *spans;
	size_t		 nspans, spancap;
	char		**links;	/* owned copies */
	size_t		 nlinks;
};

void	 layout_text_init(struct layout_text *);
void	 layout_text_reset(struct layout_text *);
void	 layout_text_free(struct layout_text *);
/* Appends s (len bytes; invalid UTF-8 and control characters replaced). */
void	 layout_text_put(struct layout_text *, const struct layout_attr *,
	    const char *s, size_t len);
/* Appends a NUL-terminated string with flags only. */
void	 layout_text_puts(struct layout_text *, unsigned flags,
	    const char *s);
/* Appends a link: the text shown and its target. */
void	 layout_text_link(struct layout_text *, unsigned flags,
	    const char *s, const char *target);

/*
 * French typography on a whole paragraph, in place, spans kept in step:
 * no-break spaces (U+202F before ; ! ? », after «, U+00A0 before : and
 * between a number and what follows), hyphenation points (U+00AD) in
 * words of six letters or more when hyph is not NULL, zero-width break
 * opportunities in tokens longer than 30 characters and a cut (« … »)
 * beyond 400. Spans flagged NOTYPO or NOHYPH are respected. Called by
 * layout_block_text; public for tests.
 */
void	 layout_text_french(struct layout_text *, const struct layout_env *,
	    int hyphenate);
/* Hyphenation points of one lower-case word: out[i] = 1 when a break may
 * follow character i. Returns the number of points (0 without a
 * dictionary). n is the word's length in characters, at most 63. */
int	 layout_hyphen_points(const struct layout_env *, const char *word,
	    size_t len, unsigned char out[64]);
/* An integer the French way: « 12 345 » with a narrow no-break space. */
void	 layout_number_fr(struct buf *, long);

/* --- Blocks: display lists of rows ------------------------------------ */

/* A paragraph style. */
struct layout_style {
	double		 size;		/* font size */
	double		 leading;	/* line height; 0: 1.25 × size */
	double		 before, after;	/* space around the paragraph */
	double		 indent;	/* left indent of every line */
	double		 hang;		/* marker or bar: that far left */
	uint32_t	 color;		/* 0xRRGGBB */
	unsigned	 flags;		/* LAYOUT_BOLD, LAYOUT_CENTER... */
	const char	*tag;		/* structure tag: "P" when NULL */
	const char	*marker;	/* list marker drawn in the hang */
};

struct layout_block *layout_block_new(void);
/* Blocks are shared by documents and threads: counted references. */
struct layout_block *layout_block_ref(struct layout_block *);
void	 layout_block_unref(struct layout_block *);
/* The block stays in one column when it fits in one. */
void	 layout_block_keep(struct layout_block *);
/* The block stays with the beginning of the next one (a heading). */
void	 layout_block_keep_next(struct layout_block *);

/*
 * Lays the text out at width w (French typography first, see
 * layout_text_french; hyphenation when the style asks for it) and
 * appends its lines as rows. The text is consumed (reset).
 */
void	 layout_block_text(struct layout_ctx *, struct layout_block *,
	    const struct layout_style *, struct layout_text *, double w);
/*
 * A line referring to a named destination: the text wraps within w
 * minus the room of prefix + "0000", and the last line ends with dot
 * leaders (when leaders) and prefix + the destination's page number,
 * drawn at render time. The whole entry links to dest.
 */
void	 layout_block_pageref(struct layout_ctx *, struct layout_block *,
	    const struct layout_style *, struct layout_text *, double w,
	    const char *dest, const char *prefix, int leaders);
/* Vertical space: dropped at the top of a column; runs of it collapse. */
void	 layout_block_space(struct layout_block *, double h);
/* A horizontal rule across w (thickness t) with space around it. */
void	 layout_block_rule(struct layout_block *, double w, double t,
	    uint32_t color, double before, double after);
/* A filled rectangle behind the rows added from row `from` on. */
void	 layout_block_shade(struct layout_block *, size_t from, double w,
	    double pad, uint32_t color);
/* A named destination at the next row added. */
void	 layout_block_anchor(struct layout_block *, const char *name);
size_t	 layout_block_nrows(const struct layout_block *);
double	 layout_block_height(const struct layout_block *);

/* QR codes (libqrencode, error correction M): a square of modules. */
struct layout_qr {
	int		 size;		/* modules per side, 0 when none */
	unsigned char	*dark;		/* size × size, 1 = dark */
};
int	 layout_qr_encode(struct layout_qr *, const char *text);
void	 layout_qr_free(struct layout_qr *);
/* Dark modules merged into horizontal runs: out[4*i] = x, y, w, 1. */
size_t	 layout_qr_runs(const struct layout_qr *, int *out, size_t max);
/*
 * A QR code of side `side` (quiet zone included) at x, beside the rows
 * added from row `from` on: those rows become one unit, padded when the
 * code is taller. The code links to link when not NULL.
 */
void	 layout_block_qr(struct layout_block *, size_t from,
	    const struct layout_qr *, double x, double side,
	    const char *link);

/* Draws a block's rows with their top-left at x, y, paragraphs in
 * structure tags (a cover, a flyer's free-standing parts). */
void	 layout_block_draw(struct layout_ctx *, cairo_t *,
	    const struct layout_block *, double x, double y);

/* --- Documents --------------------------------------------------------- */

struct layout_geom {
	double		 w, h;		/* page */
	double		 top, bottom, left, right;	/* body margins */
	double		 gap;		/* between columns */
};

/* The width of one of cols columns of the body. */
double	 layout_geom_colwidth(const struct layout_geom *, int cols);

struct layout_doc *layout_doc_new(const struct layout_geom *);
void	 layout_doc_free(struct layout_doc *);
/*
 * Starts a section on a new page: cols columns, a page style number
 * for the decoration callback, the running-header text (copied; NULL
 * keeps the previous one) and a full-width block on top of its first
 * page (NULL for none; a reference is taken).
 */
void	 layout_doc_section(struct layout_doc *, int cols, int style,
	    const char *mark, struct layout_block *span);
/*
 * A section that continues the columns of the previous one when it has
 * as many (no new page, no span: its heading is a block of its own);
 * only its running-header text changes, from the next page on.
 */
void	 layout_doc_section_flow(struct layout_doc *, int cols, int style,
	    const char *mark, struct layout_block *span);
/* Appends a block to the current section (a reference is taken). */
void	 layout_doc_add(struct layout_doc *, struct layout_block *);
/* A bookmark (level 1 or 2) to a named destination. */
void	 layout_doc_outline(struct layout_doc *, int level,
	    const char *title, const char *dest);
/* Places every row; returns the number of pages. */
int	 layout_doc_paginate(struct layout_doc *);
/*
 * How full page (0-based) is: the lowest content's distance from the
 * body's top over the body's height. *chapter_end (when not NULL) says
 * whether the page is the document's last or the last before a section
 * that starts a new page.
 */
double	 layout_doc_page_fill(const struct layout_doc *, int page,
	    int *chapter_end);
/* The 1-based page of a named destination, 0 when unknown. */
int	 layout_doc_page_of(const struct layout_doc *, const char *dest);

/* What the decoration callback knows about a page. */
struct layout_page {
	int		 no, count;	/* 1-based page number, page count */
	int		 style;		/* from layout_doc_section */
	const char	*mark;		/* running-header text, "" */
	const struct layout_geom *geom;
};
typedef void layout_decorate_fn(struct layout_ctx *, cairo_t *,
	    const struct layout_page *, void *arg);

struct layout_meta {
	const char	*title, *author, *subject, *keywords, *creator;
	const char	*lang;		/* "fr": /Lang of the catalog */
	long long	 epoch;		/* creation and modification date */
};

/*
 * Draws the document (paginating it first if needed) into out, the
 * PDF's bytes, calling decorate on each page before its content.
 * Returns 0, or -1 with a French message in err.
 */
int	 layout_doc_render(struct layout_ctx *, struct layout_doc *,
	    const struct layout_meta *, layout_decorate_fn *, void *arg,
	    struct buf *out, struct buf *err);

/*
 * Page `page` (0-based) as a PNG px pixels wide, the height in the
 * page's proportions, drawn like the PDF (decorate first). Returns 0, or
 * -1 with a French message in err.
 */
int	 layout_doc_render_png(struct layout_ctx *, struct layout_doc *,
	    int page, layout_decorate_fn *decorate, void *arg, int px,
	    struct buf *out, struct buf *err);

/* Fills a rectangle in 0xRRGGBB (decorations). */
void	 layout_fill(cairo_t *, double x, double y, double w, double h,
	    uint32_t color);
/*
 * One line of text (no wrapping, no structure tag: headers, footers)
 * with its baseline at y, starting at x, centred on it (LAYOUT_CENTER)
 * or ending at it (LAYOUT_RIGHT). Returns its width.
 */
double	 layout_draw_line(struct layout_ctx *, cairo_t *,
	    const struct layout_style *, const char *text, double x,
	    double y);

/* Debugging and tests: the text of a row (its runs, in order). */
void	 layout_block_row_text(struct buf *, const struct layout_block *,
	    size_t row);
/* Debugging and tests: where the rows of a block landed. */
struct layout_place {
	int		 page;		/* 0-based */
	int		 col;
	double		 y;		/* top of the first row */
	size_t		 row0, nrows;
};
size_t	 layout_doc_places(const struct layout_doc *,
	    const struct layout_block *, struct layout_place *, size_t max);

#endif
