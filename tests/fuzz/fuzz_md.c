/*
 * fuzz_md.c: libFuzzer target for src/md.c. A body that md_check
 * accepts is then parsed by cmark, which Debian ships without its fixes
 * for quadratic inputs: run with -timeout=N so that any body the
 * pre-scan lets through and cmark takes long on is reported as a
 * finding. Then every walk of the tree the outputs use: md_text (search,
 * CSV), md_html (pages) and md_clean (texte_markdown of the exports),
 * with what must hold of each: the page's HTML carries no comment, no
 * script and no link md_url_ok refuses; the cleaned Markdown, parsed
 * again, has no raw HTML (but cmark's own "<!-- end list -->") and no
 * refused link.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "diag.h"
#include "md.h"
#include "util.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
clean_ok(const char *md, size_t len)
{
	cmark_node *doc = md_parse(md, len), *n;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	const char *s;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
			s = cmark_node_get_literal(n);
			if (s == NULL || strcmp(s, "<!-- end list -->\n") != 0)
				abort();
			break;
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_IMAGE:
			abort();
		case CMARK_NODE_LINK:
			s = cmark_node_get_url(n);
			if (s != NULL && !md_url_ok(s))
				abort();
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* Whether an href of html holds a control character. */
static int
ctl_in_href(const char *html)
{
	const char *p = html;

	while ((p = strstr(p, "href=\"")) != NULL)
		for (p += 6; *p != '"' && *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct diags d;
	struct buf b = {0};
	cmark_node *doc;

	/* A body comes from a file of at most 1 MiB of UTF-8 without NUL. */
	if (size > (1 << 20) || memchr(data, '\0', size) != NULL ||
	    utf8_check(body, size, NULL) == -1)
		return 0;
	diags_init(&d);
	if (md_check(&d, "f.md", body, size, 21) == 0) {
		doc = md_parse(body, size);
		cmark_node_free(doc);
		md_text(&b, body, size);
		buf_reset(&b);
		md_html(&b, NULL, body, size, 1, NULL);
		if (b.len > 0 && (strstr(b.data, "<!--") != NULL ||
		    strstr(b.data, "<script") != NULL ||
		    strstr(b.data, "href=\"javascript:") != NULL ||
		    strstr(b.data, "href=\"//") != NULL || ctl_in_href(b.data)))
			abort();
		buf_reset(&b);
		md_clean(&b, body, size);
		if (b.len > 0)
			clean_ok(b.data, b.len);
		buf_dispose(&b);
	} else if (d.nerr == 0)
		abort();
	diags_free(&d);
	return 0;
}
