/*
 * esc.h: escaping per output context. Everything that reaches a page,
 * a feed or an export goes through one of these.
 *
 * Returns: nothing fails, but esc_href, which gives -1 when it wrote "#"
 * instead of a refused URL.
 */
#ifndef MAILLAGE_ESC_H
#define MAILLAGE_ESC_H

#include <stddef.h>

struct buf;

/* HTML text and attribute values (double-quoted): & < > " ' */
void	 esc_html(struct buf *, const char *);
void	 esc_html_n(struct buf *, const char *, size_t);
/* XML (sitemap, Atom): & < > " ' as entities, control characters dropped. */
void	 esc_xml(struct buf *, const char *);
/*
 * A JSON string with its quotes. "<", ">", "&" and U+2028/9 are written
 * as \u escapes so that the result is also safe inside <script>.
 */
void	 esc_json(struct buf *, const char *);
/* A CSV field (RFC 4180): quoted when needed, quotes doubled. */
void	 esc_csv(struct buf *, const char *);
/* Percent-encodes a URL path segment or query value (UTF-8 bytes). */
void	 esc_url_component(struct buf *, const char *);
/*
 * An href from content: only http(s), mailto:, tel:, relative paths and
 * fragments pass (HTML-escaped); anything else gives "#" and returns -1.
 */
int	 esc_href(struct buf *, const char *url);

#endif
