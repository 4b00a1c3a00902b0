/*
 * print.h: what the printed outputs share, on top of the layout core
 * (layout.h): the territory directories (pdf.c) and the flyers
 * (flyer.c).
 *
 *  - Set-up: the typeface and its fallback fonts with the French
 *    hyphenation dictionary (print_env_new), the publisher's colour,
 *    the edition date and the PDF's fixed dates, the metadata, writing
 *    a file, running the documents over the build's threads.
 *  - The pieces of a printed service sheet, worded the same in every
 *    printed output: name and acronym, publics, access and fees, the
 *    address of a place, a closure, « vérifiée le », labelled lines,
 *    the contact lines (telephone in large type, e-mail, site) and the
 *    QR code to the sheet's web page.
 *  - The Markdown-to-layout walker of a sheet's body (print_markdown)
 *    and the block of a whole sheet as the directories show it
 *    (print_sheet), with their styles.
 *
 * Everything here reads the model only: several threads may compose at
 * once, each with its own struct layout_ctx.
 *
 * Returns: the functions that can fail return 0 on success
 * and -1 on failure, after printing a French message on stderr; the
 * others return nothing or what they make (a new block: the caller
 * drops it with layout_block_unref).
 */
#ifndef MAILLAGE_PRINT_H
#define MAILLAGE_PRINT_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct build;
struct closure;
struct layout_block;
struct layout_ctx;
struct layout_env;
struct layout_meta;
struct layout_style;
struct layout_text;
struct model;
struct place;
struct sheet;

#define PRINT_FAMILY	"Inter"
/* The fonts the PDFs draw with, Inter and its fallbacks (layout.c). */
#define PRINT_FONTS_NAMED "Inter, Noto Sans, Symbola"
#define PRINT_HYPH_DICT	"/usr/share/hyphen/hyph_fr.dic"

/* Colours (0xRRGGBB). */
#define PRINT_C_TEXT	0x1f2328
#define PRINT_C_GREY	0x5b6570	/* a sheet's secondary lines */
#define PRINT_C_LIGHT	0xc3ccd6	/* rules */
#define PRINT_C_WHITE	0xffffff
#define PRINT_C_ALERT	0xb42318	/* closures, emergencies */
#define PRINT_C_DEFAULT	0x1d4f91	/* the accent without `couleur` */

/* --- Set-up ---------------------------------------------------------- */

/* The publisher's colour, site.yaml's `couleur`, the same as the site's. */
uint32_t print_color(const struct model *);

/*
 * The fonts of b->fonts_dir (Inter, then the fallbacks) and the French
 * hyphenation dictionary into *out. On failure, prints « maillage :
 * WHAT : why » and returns -1. What works but is degraded (no
 * dictionary) is printed as a warning when warn is set and the build is
 * not quiet. Free with layout_env_free.
 */
int	 print_env_new(struct layout_env **out, const struct build *b,
	    const char *what, int warn);

/* « 26 novembre 2026 », the model's today (a new string to free). */
char	*print_edition(const struct model *);
/* The PDFs' creation date: SOURCE_DATE_EPOCH, else today at midnight. */
long long print_epoch(const struct model *);
/* Metadata of a printed document: title, subject, the publisher as the
 * author, the creator, French, fixed dates; no keywords. */
void	 print_meta(struct layout_meta *, const struct model *,
	    long long epoch, const char *title, const char *subject);
/* Writes data at path. Returns 0, or -1 with the message printed. */
int	 print_write_file(const char *path, const struct buf *data);

/*
 * Runs task(arg, i, ctx) for i in [0, n) on up to b->jobs threads (the
 * calling one included), each thread with its own layout context on
 * env, tasks claimed in order, with a progress line « progress : i/n ».
 * *threads (when not NULL) says how many threads ran. Returns the
 * largest value a task returned: an exit code, 0 when all went well.
 */
int	 print_run(struct layout_env *env, const struct build *b,
	    const char *progress, size_t n,
	    int (*task)(void *arg, size_t i, struct layout_ctx *),
	    void *arg, int *threads);

/* --- Pieces of a sheet -------------------------------------------- */

/* Whether a service receives the public (not for professionals only). */
int	 print_for_public(const struct sheet *);
/* The sheet's name with its acronym: « Nom (SIGLE) ». */
void	 print_sheet_label(struct buf *out, const struct sheet *);
/* Its web page: SITE/fiches/ID/. */
void	 print_sheet_url(struct buf *out, const struct model *,
	    const struct sheet *);
/*
 * An address as printed: "example.org/dac58" from
 * "https://example.org/dac58/" (scheme and the slash of a bare host
 * dropped; with trim, any final slash too).
 */
void	 print_url_display(struct buf *out, const char *url, int trim);
/* « Adultes, Familles », the sheet's publics. */
void	 print_publics(struct buf *out, const struct model *,
	    const struct sheet *);
/* lead, then « sur rendez-vous, par téléphone. » (nothing without). */
void	 print_acces(struct buf *out, const struct sheet *, const char *lead);
/* « Gratuit. » or « Payant. » (nothing when not said). */
void	 print_frais(struct buf *out, const struct sheet *);
/* « 12 rue X, 58000 » and the commune's name when with_commune. */
void	 print_place_address(struct buf *out, const struct model *,
	    const struct place *, int with_commune);
/*
 * « LEAD du 3 mars 2026 au 9 mars 2026 » for the sheet's current or
 * next closure; returns it, or NULL (nothing written) when none.
 */
const struct closure *print_closure(struct buf *out, const struct model *,
	    const struct sheet *, const char *lead);
/* lead, the date the sheet was checked, then stale when it is stale,
 * else ".". */
void	 print_checked(struct buf *out, const struct sheet *,
	    const char *lead, const char *stale);

/* Appends s to t as a link to url, in colour. */
void	 print_link(struct layout_text *, unsigned flags, const char *s,
	    const char *url, uint32_t color);
/* A paragraph « Label : value » in blk (nothing when value is empty). */
void	 print_labelled(struct layout_ctx *, struct layout_block *,
	    struct layout_text *, const struct layout_style *, double w,
	    const char *label, const char *value);

/* How the contact lines look. */
struct print_contact {
	const struct layout_style *phone;	/* the telephone's paragraph */
	const struct layout_style *line;	/* e-mail, site */
	unsigned	 phone_flags;	/* span flags of the number */
	int		 mail_web;	/* e-mail and site lines too */
	int		 colored;	/* those two in link_color */
	uint32_t	 link_color;
	int		 trim;		/* print_url_display's */
};
/* The telephone in large type, then the e-mail and the site, w wide. */
void	 print_contact(struct layout_ctx *, struct layout_block *,
	    struct layout_text *, const struct sheet *,
	    const struct print_contact *, double w);
/* The QR code of the sheet's web page, side points wide at x, beside
 * the rows of blk from row `from` on (layout_block_qr). */
void	 print_sheet_qr(struct layout_block *, size_t from,
	    const struct model *, const struct sheet *, double x,
	    double side);

/* --- A sheet's body and a whole sheet ------------------------------ */

/*
 * The Markdown body (len bytes) into blk, w wide, in the body styles:
 * headings, paragraphs, lists with markers, quotes with a bar, code,
 * rules; links in link_color, resolved against page (the sheet's URL),
 * their address shown in brackets when the text does not show it. t is
 * scratch text.
 */
void	 print_markdown(struct layout_ctx *, struct layout_block *,
	    struct layout_text *t, double w, const char *page,
	    uint32_t link_color, const char *body, size_t len);

/*
 * The block of one sheet, w wide (a column of a directory): its name,
 * type and porteur, summary, publics, contact in large type beside a
 * QR code to its web page, places and hours, closure, practical
 * details, body, professional contacts (when pro), partners and the
 * date it was checked. Headings and links in accent. Kept in one column
 * when it fits in one.
 */
struct layout_block *print_sheet(struct layout_ctx *, const struct model *,
	    const struct sheet *, double w, uint32_t accent, int pro);

#endif
