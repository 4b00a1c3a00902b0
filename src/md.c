/*
 * md.c: Markdown bodies through cmark, with bounded work.
 *
 * Debian's cmark 0.30.2 lacks upstream's fixes for quadratic inputs
 * (deeply nested containers, long runs of unmatched delimiters). A cheap
 * pre-scan refuses those before cmark ever sees them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "esc.h"
#include "md.h"
#include "model.h"
#include "util.h"

/*
 * Work allowed to cmark's block parser in one body: the sum, over lines,
 * of the containers a line can walk through (see md_check).
 */
#define MD_MAX_WORK	2000000

/*
 * Container markers (block quotes, list items) opened at the start of
 * one line. Spaces and tabs between markers are skipped, whatever their
 * width: counting too many is harmless, missing one is not (cmark
 * accepts "-\t" and "> \t>"). A thematic break ("- - - -", "* * *")
 * opens nothing.
 */
static int
line_nesting(const char *p, const char *end)
{
	int	 depth = 0, n;
	const char *q, *tail = end, *r;

	/* tail: start of the trailing run of '-' or '*' and blanks. */
	while (tail > p && (tail[-1] == ' ' || tail[-1] == '\t' ||
	    tail[-1] == '-' || tail[-1] == '*'))
		tail--;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		if (*p == '>') {
			p++;
			depth++;
			continue;
		}
		if ((*p == '-' || *p == '*') && p >= tail) {
			/* One kind of character, three or more: a break. */
			for (n = 0, r = p; r < end; r++)
				if (*r == *p)
					n++;
				else if (*r != ' ' && *r != '\t')
					break;
			if (r == end && n >= 3)
				break;
		}
		if ((*p == '-' || *p == '*' || *p == '+') && (p + 1 == end ||
		    p[1] == ' ' || p[1] == '\t')) {
			p++;
			depth++;
			continue;
		}
		for (q = p; q < end && q - p < 9 && isdigit((unsigned char)*q);
		    q++)
			;
		if (q > p && q < end && (*q == '.' || *q == ')') &&
		    (q + 1 == end || q[1] == ' ' || q[1] == '\t')) {
			p = q + 1;
			depth++;
			continue;
		}
		break;
	}
	return depth;
}

/* Columns of leading spaces and tabs (a tab goes to the next stop of 4). */
static size_t
line_indent(const char *p, const char *end, const char **first)
{
	size_t	 w = 0;

	for (; p < end && (*p == ' ' || *p == '\t'); p++)
		w = *p == '\t' ? (w + 4) & ~(size_t)3 : w + 1;
	*first = p;
	return w;
}

int
md_url_ok(const char *u)
{
	const char *p;

	/*
	 * Control characters have no place in an address; some are
	 * dropped by browsers ("java\tscript:"), others make invalid HTML.
	 */
	for (p = u; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	if (str_has_prefix(u, "https://") || str_has_prefix(u, "http://") ||
	    str_has_prefix(u, "mailto:") || str_has_prefix(u, "tel:"))
		return 1;
	/*
	 * "//host/x" leaves the site for another host, and browsers read a
	 * backslash there as a slash ("/\\host", "\\\\host"): not relative.
	 */
	if ((u[0] == '/' || u[0] == '\\') && (u[1] == '/' || u[1] == '\\'))
		return 0;
	/* Relative: no scheme before the first / ? or #. */
	for (p = u; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++)
		if (*p == ':')
			return 0;
	return 1;
}

int
md_html_comment(const char *lit)
{
	if (lit == NULL)
		return 0;
	while (*lit == ' ' || *lit == '\t' || *lit == '\n' || *lit == '\r')
		lit++;
	return str_has_prefix(lit, "<!--");
}

static void
walk_warn(struct diags *d, const char *file, cmark_node *root, int off)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *n;
	const char *url;
	int	 line, col;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		line = cmark_node_get_start_line(n);
		col = cmark_node_get_start_column(n);
		/* Inline nodes have no position in cmark 0.30: use the block. */
		if (line == 0) {
			cmark_node *p = cmark_node_parent(n);

			while (p != NULL && cmark_node_get_start_line(p) == 0)
				p = cmark_node_parent(p);
			line = p ? cmark_node_get_start_line(p) : 1;
			col = p ? cmark_node_get_start_column(p) : 1;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (md_html_comment(cmark_node_get_literal(n)))
				diag_add(d, DIAG_NOTE, file, line + off - 1,
				    col, "commentaire HTML : il ne sera pas "
				    "publié (ni sur le site, ni dans les "
				    "exports, l'index ou les PDF)");
			else
				diag_add(d, DIAG_WARNING, file, line + off - 1,
				    col, "le HTML n'est pas affiché : écrivez "
				    "en Markdown (**gras**, [lien](https://…), "
				    "listes « - »)");
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			url = cmark_node_get_url(n);
			if (url != NULL && (url[0] == '/' || url[0] == '\\') &&
			    (url[1] == '/' || url[1] == '\\'))
				diag_add(d, DIAG_WARNING, file, line + off - 1,
				    col, "lien « %.40s » ignoré : il mène vers "
				    "un autre site sans dire comment ; écrivez "
				    "l'adresse complète (https://…)", url);
			else if (url != NULL && !md_url_ok(url))
				diag_add(d, DIAG_WARNING, file, line + off - 1,
				    col, "lien « %.40s » ignoré : seuls les "
				    "liens http(s), mailto: et tel: sont "
				    "publiés", url);
			else if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
				diag_add(d, DIAG_WARNING, file, line + off - 1,
				    col, "les images ne sont pas affichées "
				    "(seul leur texte de remplacement l'est)");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/*
 * Does the link destination at p pass md_url_ok? (p: after "(" or ":").
 * CommonMark allows one line ending before it. An empty destination or
 * one too long to judge here counts as suspect: cmark decides.
 */
static int
dest_ok(const char *p, const char *end)
{
	char	 url[64];
	size_t	 n = 0;
	int	 nl = 0, br = 0;

	while (p < end && (*p == ' ' || *p == '\t' ||
	    ((*p == '\n' || *p == '\r') && nl++ < 2)))
		p++;
	/* <...> may hold spaces; a bare one ends at a space or ")". */
	if (p < end && *p == '<') {
		br = 1;
		p++;
	}
	while (p < end && n < sizeof(url) - 1 && *p != '\n' && *p != '\r' &&
	    (br ? *p != '>' : *p != ' ' && *p != ')' && *p != '\t')) {
		/* Nested parentheses and escapes: cmark decides. */
		if (*p == '(' || *p == '\\')
			return 0;
		url[n++] = *p++;
	}
	if (n == 0 || n == sizeof(url) - 1)
		return 0;
	url[n] = '\0';
	return md_url_ok(url);
}

/* <name@example.org>: cmark makes it a mailto: link, nothing to report. */
static int
email_autolink(const char *p, const char *end)
{
	int	 at = 0;

	for (; p < end && *p != '>'; p++) {
		if (*p == '@')
			at++;
		else if (!isalnum((unsigned char)*p) && *p != '.' &&
		    *p != '-' && *p != '_' && *p != '+')
			return 0;
	}
	return p < end && at == 1;
}

/*
 * Whether cmark could find something to warn about: raw HTML needs "<",
 * an image "![", a link with a refused destination "](" or "]:" before
 * it. Bodies without any of these (most of them) are not parsed twice:
 * this filter never skips a body that walk_warn would report.
 */
static int
md_suspect(const char *body, size_t len)
{
	const char *p = body, *end = body + len;

	for (; p < end; p++) {
		switch (*p) {
		case '<':
			if (!(end - p > 8 && (strncmp(p + 1, "https://", 8) == 0 ||
			    strncmp(p + 1, "http://", 7) == 0 ||
			    strncmp(p + 1, "mailto:", 7) == 0)) &&
			    !email_autolink(p + 1, end))
				return 1;
			break;
		case '!':
			if (p + 1 < end && p[1] == '[')
				return 1;
			break;
		case ']':
			if (p + 1 < end && (p[1] == '(' || p[1] == ':') &&
			    !dest_ok(p + 2, end))
				return 1;
			break;
		case '&':
			/* Entities can spell a scheme: &#106;avascript: */
			if (p + 1 < end && p[1] == '#')
				return 1;
			break;
		default:
			/*
			 * A control character may sit in an autolink's
			 * address, which md_url_ok refuses (fuzz_md found
			 * <mailto:a\x7f:b> kept as written by md_clean).
			 */
			if (((unsigned char)*p < 0x20 && *p != '\n' &&
			    *p != '\r' && *p != '\t') || *p == 0x7f)
				return 1;
			break;
		}
	}
	return 0;
}

int
md_check(struct diags *d, const char *file, const char *body, size_t len,
    int first_line)
{
	const char *p = body, *end = body + len, *nl, *first;
	size_t	 delims = 0, i, work = 0, est = 0, max_est = 0;
	int	 line = first_line, depth, max_line = first_line;
	cmark_node *doc;

	/*
	 * cmark 0.30.2 walks every open container on every line: a body
	 * nested deeply (markers on one line, or indentation over many
	 * lines) then followed by many lines is quadratic. Bound the
	 * markers of one line, and the sum over lines of an upper bound of
	 * the containers each line walks through: its markers plus half its
	 * indentation (a list level takes at least 2 columns); a blank line
	 * keeps the open list items of the line before. cmark also ends a
	 * line at a lone CR.
	 */
	for (; p < end; line++) {
		for (nl = p; nl < end && *nl != '\n' && *nl != '\r'; nl++)
			;
		depth = line_nesting(p, nl);
		if (depth > MD_MAX_NESTING) {
			diag_add(d, DIAG_ERROR, file, line, 1, "texte trop "
			    "imbriqué (%d niveaux de listes ou de citations "
			    "sur une ligne, %d au plus) : simplifiez la mise "
			    "en forme", depth, MD_MAX_NESTING);
			return -1;
		}
		i = line_indent(p, nl, &first);
		if (first < nl)
			est = (size_t)depth + i / 2;
		work += est;
		if (est > max_est) {
			max_est = est;
			max_line = line;
		}
		if (work > MD_MAX_WORK) {
			diag_add(d, DIAG_ERROR, file, max_line, 1, "texte trop "
			    "imbriqué (listes ou citations sur environ %zu "
			    "niveaux, suivies de nombreuses lignes) : "
			    "simplifiez la mise en forme", max_est);
			return -1;
		}
		if (nl < end && *nl == '\r' && nl + 1 < end && nl[1] == '\n')
			nl++;
		p = nl + 1;
	}
	for (i = 0; i < len; i++)
		switch (body[i]) {
		case '*':
		case '_':
		case '[':
		case ']':
		case '`':
		case '!':
		case '<':
			delims++;
			break;
		default:
			break;
		}
	if (delims > MD_MAX_DELIMS) {
		diag_add(d, DIAG_ERROR, file, first_line, 1, "texte illisible "
		    "par le convertisseur Markdown : %zu caractères de mise en "
		    "forme (* _ [ ] ` ! <), %d au plus", delims, MD_MAX_DELIMS);
		return -1;
	}
	if (md_suspect(body, len)) {
		doc = md_parse(body, len);
		walk_warn(d, file, doc, first_line);
		cmark_node_free(doc);
	}
	return 0;
}

cmark_node *
md_parse(const char *body, size_t len)
{
	return cmark_parse_document(body, len, CMARK_OPT_DEFAULT);
}

void
md_text(struct buf *out, const char *body, size_t len)
{
	cmark_node *doc, *n;
	cmark_iter *it;
	cmark_event_type ev;
	const char *lit;

	if (body == NULL || len == 0)
		return;
	doc = md_parse(body, len);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if (ev == CMARK_EVENT_ENTER &&
			    (lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
			if (ev == CMARK_EVENT_EXIT)
				buf_putc(out, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/*
 * Removes node, putting its children in its place (a link whose
 * destination is refused keeps its text, as on the page).
 */
static void
unwrap(cmark_node *n)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(n)) != NULL)
		cmark_node_insert_before(n, c);
	cmark_node_free(n);
}

/* Whether Markdown md parses without raw HTML, image or refused link
 * (cmark's own "<!-- end list -->" separator aside). */
static int
md_reads_clean(const char *md)
{
	cmark_node *doc = md_parse(md, strlen(md)), *n;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	const char *s;
	int	 ok = 1;

	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
			s = cmark_node_get_literal(n);
			ok = s != NULL && strcmp(s, "<!-- end list -->\n") == 0;
			break;
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_IMAGE:
			ok = 0;
			break;
		case CMARK_NODE_LINK:
			s = cmark_node_get_url(n);
			ok = s == NULL || md_url_ok(s);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return ok;
}

/*
 * The plain text of body, as Markdown that reads back as that text: the
 * characters that open a link, an image, raw HTML, an entity or code are
 * escaped (plain text may spell « [a](javascript:b) » again; fuzz_md).
 */
static void
text_escaped(struct buf *out, const char *body, size_t len)
{
	struct buf t = {0};
	size_t	 i;

	md_text(&t, body, len);
	for (i = 0; i < t.len; i++) {
		if (strchr("[]()<>!&\\`", t.data[i]) != NULL &&
		    t.data[i] != '\0')
			buf_putc(out, '\\');
		buf_putc(out, t.data[i]);
	}
	buf_dispose(&t);
}

void
md_clean(struct buf *out, const char *body, size_t len)
{
	cmark_node *doc, *n, **drop = NULL;
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node_type type;
	const char *url;
	size_t	 ndrop = 0, cap = 0, i;
	char	*md;

	if (body == NULL || len == 0)
		return;
	/* Nothing md_html would drop: the author's text as written. */
	if (!md_suspect(body, len)) {
		buf_put(out, body, len);
		return;
	}
	doc = md_parse(body, len);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		type = cmark_node_get_type(n);
		url = type == CMARK_NODE_LINK ? cmark_node_get_url(n) : NULL;
		if (type == CMARK_NODE_HTML_BLOCK ||
		    type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_IMAGE ||
		    (type == CMARK_NODE_LINK && url != NULL &&
		    !md_url_ok(url))) {
			if (ndrop == cap) {
				cap = cap ? cap * 2 : 16;
				drop = xrealloc(drop, cap * sizeof(*drop));
			}
			drop[ndrop++] = n;
		}
	}
	cmark_iter_free(it);
	/* Children first: an image inside a refused link, say. */
	for (i = ndrop; i-- > 0;) {
		type = cmark_node_get_type(drop[i]);
		if (type == CMARK_NODE_HTML_BLOCK ||
		    type == CMARK_NODE_HTML_INLINE)
			cmark_node_free(drop[i]);
		else
			unwrap(drop[i]);
	}
	free(drop);
	md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	/*
	 * cmark's Markdown writer does not always read back the same tree
	 * (fuzz_md found lists whose rewrite holds raw HTML): what does not
	 * read back clean is given as plain text instead.
	 */
	if (md_reads_clean(md))
		buf_puts(out, md);
	else
		text_escaped(out, body, len);
	cmark_get_default_mem_allocator()->free(md);
}

/*
 * HTML rendering (md_html, md_abbr).
 */

/* Decodes one code point at s (n bytes left); invalid bytes count as 1. */
static uint32_t
abbr_decode(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t cp;
	size_t	 k, i;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		cp = s[0] & 0x07;
	} else {
		*len = 1;
		return 0xfffd;
	}
	if (k > n) {
		*len = 1;
		return 0xfffd;
	}
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*len = k;
	return cp;
}

/*
 * Letters and digits make words; punctuation, spaces (no-break ones too),
 * apostrophes, dashes and quotes separate them.
 */
static int
abbr_wordchar(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp) != 0;
	if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7 || cp == 0xfffd ||
	    cp == 0xfeff)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f))
		return 0;
	return 1;
}

/* Index of the glossary entry spelled exactly w[0..n), or -1. */
static int
abbr_find(const struct model *m, const char *w, size_t n)
{
	size_t	 lo = 0, hi = m->ngloss, mid, sl;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		sl = strlen(m->gloss[mid].sigle);
		c = strncmp(w, m->gloss[mid].sigle, n < sl ? n : sl);
		if (c == 0)
			c = n < sl ? -1 : n > sl ? 1 : 0;
		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * After the first use on a page of the acronym s[i..j), its long form in
 * brackets: touch and keyboard users never see a title tooltip. A number
 * that follows stays with the acronym (« DAC 58 (Dispositif…) »). Not
 * when the text already gives the long form or brackets it (« … (DAC) »,
 * « DAC (…) »). Returns where the caller's unwritten text resumes.
 */
static size_t
abbr_spell(struct buf *out, const char *longf, const char *s, size_t n,
    size_t i, size_t j)
{
	size_t	 k = j, l = strlen(longf), p;

	if (l == 0 || (i > 0 && s[i - 1] == '(') || (j < n && s[j] == '(') ||
	    (j + 1 < n && s[j] == ' ' && s[j + 1] == '('))
		return j;
	for (p = 0; p + l <= n; p++)
		if (strncmp(s + p, longf, l) == 0)
			return j;
	if (k + 1 < n && s[k] == ' ' && isdigit((unsigned char)s[k + 1])) {
		for (k++; k < n && isalnum((unsigned char)s[k]); k++)
			;
		esc_html_n(out, s + j, k - j);
	}
	buf_puts(out, " (");
	esc_html(out, longf);
	buf_putc(out, ')');
	return k;
}

/*
 * The next acronym of the glossary in s[*pos..n): a whole word (see
 * abbr_wordchar) with a capital ASCII letter in it, spelled exactly as
 * the glossary spells it. Returns its index in m->gloss with its bounds
 * in *start and *pos, or -1 at the end. The one rule for the site's
 * <abbr> and the glossaries of the PDFs.
 */
static int
abbr_next(const struct model *m, const char *s, size_t n, size_t *pos,
    size_t *start)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 i = *pos, j, l;
	int	 k, upper;

	while (i < n) {
		/* ASCII without a table lookup; decode only the rest. */
		if (u[i] < 0x80 ? !isalnum(u[i]) :
		    !abbr_wordchar(abbr_decode(u + i, n - i, &l))) {
			i += u[i] < 0x80 ? 1 : l;
			continue;
		}
		upper = 0;
		for (j = i; j < n;) {
			if (u[j] < 0x80) {
				if (!isalnum(u[j]))
					break;
				if (u[j] >= 'A' && u[j] <= 'Z')
					upper = 1;
				j++;
				continue;
			}
			if (!abbr_wordchar(abbr_decode(u + j, n - j, &l)))
				break;
			j += l;
		}
		if (upper && (k = abbr_find(m, s + i, j - i)) >= 0) {
			*start = i;
			*pos = j;
			return k;
		}
		i = j;
	}
	*pos = n;
	return -1;
}

/* Escapes s[0..n) for HTML, wrapping glossary acronyms in <abbr>. */
static void
abbr_text(struct buf *out, const struct model *m, const char *s, size_t n,
    unsigned char *seen)
{
	size_t	 i = 0, start, run = 0;
	int	 k;

	if (m == NULL || m->ngloss == 0) {
		esc_html_n(out, s, n);
		return;
	}
	while ((k = abbr_next(m, s, n, &i, &start)) >= 0) {
		if (seen != NULL && seen[k])
			continue;
		esc_html_n(out, s + run, start - run);
		buf_puts(out, "<abbr title=\"");
		esc_html(out, m->gloss[k].forme_longue);
		buf_puts(out, "\">");
		esc_html_n(out, s + start, i - start);
		buf_puts(out, "</abbr>");
		run = i;
		if (seen != NULL) {
			seen[k] = 1;
			run = i = abbr_spell(out, m->gloss[k].forme_longue, s,
			    n, start, i);
		}
	}
	esc_html_n(out, s + run, n - run);
}

void
md_acronyms(const struct model *m, const char *text,
    void (*fn)(void *arg, int gloss), void *arg)
{
	size_t	 i = 0, start, n;
	int	 k;

	if (text == NULL || m->ngloss == 0)
		return;
	n = strlen(text);
	while ((k = abbr_next(m, text, n, &i, &start)) >= 0)
		fn(arg, k);
}

void
md_abbr(struct buf *out, const struct model *m, const char *text,
    unsigned char *seen)
{
	if (text != NULL)
		abbr_text(out, m, text, strlen(text), seen);
}

/* A paragraph directly in an item of a tight list has no <p>. */
static int
md_tight(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

/* The <a> of a link, when its destination is allowed. */
static void
md_link_open(struct buf *out, cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *title;

	buf_puts(out, "<a href=\"");
	esc_html(out, url);
	buf_putc(out, '"');
	title = cmark_node_get_title(n);
	if (title != NULL && *title != '\0') {
		buf_puts(out, " title=\"");
		esc_html(out, title);
		buf_putc(out, '"');
	}
	buf_putc(out, '>');
}

static int
md_link_ok(cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	return url != NULL && md_url_ok(url);
}

/* Writes the HTML of one node event (see md_html). */
static void
md_node(struct buf *out, const struct model *m, cmark_node *n, int enter,
    int heading_shift, unsigned char *seen)
{
	const char *lit;
	int	 level, start;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		buf_puts(out, enter ? "<blockquote>\n" :
		    "</blockquote>\n");
		break;
	case CMARK_NODE_LIST:
		if (cmark_node_get_list_type(n) != CMARK_ORDERED_LIST)
			buf_puts(out, enter ? "<ul>\n" : "</ul>\n");
		else if (!enter)
			buf_puts(out, "</ol>\n");
		else if ((start = cmark_node_get_list_start(n)) != 1)
			buf_printf(out, "<ol start=\"%d\">\n", start);
		else
			buf_puts(out, "<ol>\n");
		break;
	case CMARK_NODE_ITEM:
		buf_puts(out, enter ? "<li>" : "</li>\n");
		break;
	case CMARK_NODE_CODE_BLOCK:
		buf_puts(out, "<pre><code>");
		esc_html(out, cmark_node_get_literal(n));
		buf_puts(out, "</code></pre>\n");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (md_tight(n))
			break;
		buf_puts(out, enter ? "<p>" : "</p>\n");
		break;
	case CMARK_NODE_HEADING:
		level = cmark_node_get_heading_level(n) + heading_shift;
		level = level < 2 ? 2 : level > 6 ? 6 : level;
		buf_printf(out, enter ? "<h%d>" : "</h%d>\n", level);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		buf_puts(out, "<hr>\n");
		break;
	case CMARK_NODE_TEXT:
		if ((lit = cmark_node_get_literal(n)) != NULL)
			abbr_text(out, m, lit, strlen(lit), seen);
		break;
	case CMARK_NODE_SOFTBREAK:
		buf_putc(out, '\n');
		break;
	case CMARK_NODE_LINEBREAK:
		buf_puts(out, "<br>\n");
		break;
	case CMARK_NODE_CODE:
		buf_puts(out, "<code>");
		esc_html(out, cmark_node_get_literal(n));
		buf_puts(out, "</code>");
		break;
	case CMARK_NODE_EMPH:
		buf_puts(out, enter ? "<em>" : "</em>");
		break;
	case CMARK_NODE_STRONG:
		buf_puts(out, enter ? "<strong>" : "</strong>");
		break;
	case CMARK_NODE_LINK:
		if (!md_link_ok(n))
			break;	/* its text, without the link */
		if (enter)
			md_link_open(out, n);
		else
			buf_puts(out, "</a>");
		break;
	case CMARK_NODE_IMAGE:		/* its alt text only */
	case CMARK_NODE_HTML_BLOCK:	/* raw HTML is never written */
	case CMARK_NODE_HTML_INLINE:
	default:
		break;
	}
}

void
md_html(struct buf *out, const struct model *m, const char *body, size_t len,
    int heading_shift, unsigned char *seen)
{
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;

	if (body == NULL || len == 0)
		return;
	doc = md_parse(body, len);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		md_node(out, m, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER,
		    heading_shift, seen);
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* The plain text of a heading, spaces for its line breaks. */
static char *
md_heading_text(cmark_node *h)
{
	struct buf b = {0};
	cmark_iter *it = cmark_iter_new(h);
	cmark_event_type ev;
	cmark_node *n;
	const char *lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(&b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return buf_detach(&b);
}

size_t
md_html_parts(struct md_part **out, const struct model *m, const char *body,
    size_t len, int heading_shift, unsigned char *seen)
{
	struct md_part *p = NULL;
	struct buf cur = {0};
	cmark_node *doc, *n;
	cmark_iter *it;
	cmark_event_type ev;
	size_t	 np = 0, cap = 0;
	char	*title = NULL;
	int	 open = 0;

	*out = NULL;
	if (body == NULL || len == 0)
		return 0;
	doc = md_parse(body, len);
	it = cmark_iter_new(doc);
	for (;;) {
		ev = cmark_iter_next(it);
		n = ev == CMARK_EVENT_DONE ? NULL : cmark_iter_get_node(it);
		if (n == NULL || (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_parent(n) == doc &&
		    cmark_node_get_heading_level(n) <= 2)) {
			/* Close the current part (the intro may be empty). */
			if (open || cur.len > 0) {
				if (np == cap) {
					cap = cap ? cap * 2 : 4;
					p = xrealloc(p, cap * sizeof(*p));
				}
				p[np].title = title;
				p[np].html = buf_detach(&cur);
				np++;
				title = NULL;
			}
			if (n == NULL)
				break;
			title = md_heading_text(n);
			open = 1;
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		md_node(&cur, m, n, ev == CMARK_EVENT_ENTER, heading_shift,
		    seen);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	buf_dispose(&cur);
	*out = p;
	return np;
}

void
md_parts_free(struct md_part *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(p[i].title);
		free(p[i].html);
	}
	free(p);
}
