/*
 * md.h: cmark helpers. Bodies are checked once by the loader (bounded
 * work, raw HTML and unsafe links reported); outputs parse them again
 * and walk the tree.
 *
 * Returns: md_check 0, or -1 after reporting to the diagnostics; the
 * renderers cannot fail (out of memory aborts).
 */
#ifndef MAILLAGE_MD_H
#define MAILLAGE_MD_H

#include <stddef.h>

struct diags;
struct cmark_node;

/* Nested containers (block quotes, lists) allowed on one line. */
#define MD_MAX_NESTING	16
/* Inline delimiters (* _ [ ] ` ! <) allowed in one body. */
#define MD_MAX_DELIMS	4000

/*
 * Checks a Markdown body of file starting at file line first_line:
 * pathological structure is an error (cmark 0.30.2 is quadratic on it),
 * raw HTML and links other than http(s), mailto:, tel: or relative are
 * warnings (they are not rendered). Returns 0, or -1 when the body must
 * not be parsed.
 */
int	 md_check(struct diags *, const char *file, const char *body,
	    size_t len, int first_line);
/* Parses a body that md_check accepted. Free with cmark_node_free(). */
struct cmark_node *md_parse(const char *body, size_t len);
/* Links we write: http(s), mailto:, tel:, relative and #fragments;
 * not "//host/…", which leaves the site. */
int	 md_url_ok(const char *url);
/* Whether raw HTML (a node's literal) is a comment, "<!-- … -->". */
int	 md_html_comment(const char *lit);



struct buf;
/* The plain text of a body (for search and summaries): words of every
 * text node, blocks separated by newlines. Raw HTML is dropped. */
void	 md_text(struct buf *, const char *body, size_t len);

/*
 * The body as Markdown for the exports, cleaned as the pages are: raw
 * HTML (comments included) dropped, links md_url_ok refuses reduced to
 * their text, images to their alternative text. A body with none of
 * these is copied as written; otherwise cmark writes it back.
 */
void	 md_clean(struct buf *, const char *body, size_t len);

struct model;
/*
 * Renders a body as HTML by walking cmark's tree (never cmark's own HTML
 * renderer): text is escaped, links keep their <a> only when md_url_ok
 * accepts the destination (else their text is written plainly), raw HTML
 * is dropped, images are replaced by their alternative text. Heading
 * levels are moved by heading_shift and kept within 2..6 (a page has one
 * h1 of its own). Glossary acronyms become <abbr title="forme longue">
 * when they are a whole word (ESA never matches inside ESAT): with seen
 * (one byte per model->ngloss, shared by every call for one page) only
 * their first occurrence on the page is marked; with NULL, every one.
 */
void	 md_html(struct buf *, const struct model *, const char *body,
	    size_t len, int heading_shift, unsigned char *seen);
/*
 * A body cut at its top-level headings of level 1 and 2, rendered like
 * md_html: parts[0] is the text before the first heading when there is
 * any (title NULL); every other part has its heading's plain text as
 * title and the HTML of what follows it, without the heading. Returns
 * the number of parts (*out malloc'd; free with md_parts_free).
 */
struct md_part {
	char	*title;
	char	*html;
};
size_t	 md_html_parts(struct md_part **out, const struct model *,
	    const char *body, size_t len, int heading_shift,
	    unsigned char *seen);
void	 md_parts_free(struct md_part *, size_t);
/* Plain text escaped for HTML, with the same <abbr> marking as md_html. */
void	 md_abbr(struct buf *, const struct model *, const char *text,
	    unsigned char *seen);
/*
 * Calls fn(arg, k) for each glossary acronym text uses (k indexes
 * model->gloss), by the rule md_html marks them with: a whole word with
 * a capital letter, spelled as the glossary spells it. Every output that
 * lists the acronyms it uses goes through this.
 */
void	 md_acronyms(const struct model *, const char *text,
	    void (*fn)(void *arg, int gloss), void *arg);
#endif
