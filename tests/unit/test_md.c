/*
 * test_md.c: the Markdown helpers: bounded checking with positions,
 * plain text, HTML of our own (escaping, links we accept, headings
 * shifted, raw HTML dropped) and acronyms marked as whole words.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "diag.h"
#include "md.h"
#include "model.h"

#include "harness.h"

static char *
text(const char *md)
{
	struct buf b = {0};

	md_text(&b, md, strlen(md));
	return buf_detach(&b);
}

static char *
html(const struct model *m, const char *md, int shift, unsigned char *seen)
{
	struct buf b = {0};

	md_html(&b, m, md, strlen(md), shift, seen);
	return buf_detach(&b);
}

#define HAS(s, needle) OK(strstr(s, needle) != NULL, "«%s» lacks «%s»",	\
	s, needle)
#define LACKS(s, needle) OK(strstr(s, needle) == NULL, "«%s» has «%s»", \
	s, needle)

/* The first diagnostic of d as "file:line:col: message". */
static char *
first(const struct diags *d)
{
	struct buf b = {0};

	if (d->n > 0)
		buf_printf(&b, "%s:%d:%d: %s", d->items[0].file,
		    d->items[0].line, d->items[0].col, d->items[0].msg);
	return buf_detach(&b);
}

int
main(void)
{
	struct diags d;
	struct model m;
	struct gloss g[2];
	unsigned char seen[2] = {0, 0};
	char	*s, *big;
	size_t	 i;

	/* Checking: fine bodies pass; raw HTML warns at its line. */
	diags_init(&d);
	INT_EQ(md_check(&d, "f.md", "## Missions\n\nTexte.\n", 20, 10), 0);
	INT_EQ(d.n, 0);
	INT_EQ(md_check(&d, "f.md", "Texte.\n\n<b>gras</b>\n", 20, 10), 0);
	INT_EQ(d.nwarn, 2);	/* <b> and </b> */
	s = first(&d);
	HAS(s, "f.md:12:");
	free(s);
	diags_free(&d);
	/* Too many delimiters: an error, and the body is not parsed. */
	diags_init(&d);
	big = malloc(2 * MD_MAX_DELIMS + 8);
	for (i = 0; i < MD_MAX_DELIMS + 2; i++)
		memcpy(big + 2 * i, "*a", 2);
	big[2 * i] = '\0';
	INT_EQ(md_check(&d, "g.md", big, strlen(big), 1), -1);
	INT_EQ(d.nerr, 1);
	free(big);
	diags_free(&d);

	/* Plain text: words of text nodes, blocks on their own lines. */
	s = text("## Titre\n\nUn **mot** et [un lien](https://example.org).\n"
	    "\n<div>brut</div>\n");
	HAS(s, "Titre\n");
	HAS(s, "Un mot et un lien.");
	LACKS(s, "brut");
	LACKS(s, "**");
	free(s);

	/* Links: accepted schemes only. */
	OK(md_url_ok("https://example.org/"), "https");
	OK(md_url_ok("mailto:a@example.org"), "mailto");
	OK(md_url_ok("tel:+33353730001"), "tel");
	OK(md_url_ok("/fiches/dac-58/"), "relative");
	OK(!md_url_ok("javascript:alert(1)"), "javascript");

	/* HTML: escaped, headings shifted, raw HTML and bad links out. */
	memset(&m, 0, sizeof(m));
	s = html(&m, "# Un & deux\n\n<script>x</script>\n\n"
	    "[a](javascript:alert(1)) [b](https://example.org)\n", 1, NULL);
	HAS(s, "<h2>Un &amp; deux</h2>");
	LACKS(s, "<script>");
	LACKS(s, "javascript:");
	HAS(s, "<a href=\"https://example.org\">b</a>");
	free(s);
	s = html(&m, "###### Six\n", 3, NULL);
	HAS(s, "<h6>Six</h6>");
	free(s);

	/* Acronyms: whole words only, the first on the page with seen. */
	memset(g, 0, sizeof(g));
	g[0].sigle = "ESA";
	g[0].forme_longue = "Équipe spécialisée Alzheimer";
	g[1].sigle = "ESAT";
	g[1].forme_longue = "Établissement et service d'aide par le travail";
	m.gloss = g;
	m.ngloss = 2;
	s = html(&m, "L'ESA et l'ESAT ; ESA encore. esa\n", 0, seen);
	HAS(s, "<abbr title=\"Équipe spécialisée Alzheimer\">ESA</abbr> "
	    "(Équipe spécialisée Alzheimer) et");
	HAS(s, "<abbr title=\"Établissement et service d&#39;aide par le "
	    "travail\">ESAT</abbr>");
	HAS(s, "; ESA encore");
	LACKS(s, ">esa<");
	free(s);
	OK(seen[0] && seen[1], "both marked as seen");
	{
		struct buf b = {0};

		md_abbr(&b, &m, "ESAT <b>", NULL);
		HAS(buf_cstr(&b), "ESAT</abbr> &lt;b&gt;");
		buf_dispose(&b);
	}
	/*
	 * An autolink whose address holds a control character (found by
	 * fuzz_md): md_clean does not keep it as a link, check warns.
	 */
	{
		static const char bad[] = "i\n\n<mailto:ab\x7f:cd>\n";
		struct buf b = {0};

		md_clean(&b, bad, sizeof(bad) - 1);
		LACKS(buf_cstr(&b), "<mailto:");
		buf_dispose(&b);
		diags_init(&d);
		INT_EQ(md_check(&d, "f.md", bad, sizeof(bad) - 1, 1), 0);
		OK(d.nwarn >= 1, "a refused autolink is warned (%zu)",
		    d.nwarn);
		diags_free(&d);
	}
	/*
	 * A rewrite that does not read back clean falls back to plain text,
	 * escaped so that it cannot spell a link again (fuzz_md).
	 */
	{
		static const char odd[] = ">[href=\":[]([>https:)[][";
		struct buf b = {0};
		cmark_node *doc;
		cmark_iter *it;
		int	 links = 0;

		md_clean(&b, odd, sizeof(odd) - 1);
		doc = md_parse(b.data, b.len);
		it = cmark_iter_new(doc);
		while (cmark_iter_next(it) != CMARK_EVENT_DONE)
			if (cmark_node_get_type(cmark_iter_get_node(it)) ==
			    CMARK_NODE_LINK)
				links++;
		cmark_iter_free(it);
		cmark_node_free(doc);
		INT_EQ(links, 0);
		HAS(buf_cstr(&b), "href");
		buf_dispose(&b);
	}
	return TEST_END();
}
