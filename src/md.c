/*
 * md.c: Markdown bodies through cmark, with bounded work.
 *
 * Debian's cmark 0.30.2 lacks upstream's fixes for quadratic inputs
 * (deeply nested containers, long runs of unmatched delimiters). A cheap
 * pre-scan refuses those before cmark ever sees them.
 */
#include <ctype.h>
#include <string.h>

#include <cmark.h>

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

	if (str_has_prefix(u, "https://") || str_has_prefix(u, "http://") ||
	    str_has_prefix(u, "mailto:") || str_has_prefix(u, "tel:"))
		return 1;
	/* Relative: no scheme before the first / ? or #. */
	for (p = u; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++)
		if (*p == ':')
			return 0;
	return 1;
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
			diag_add(d, DIAG_WARNING, file, line + off - 1, col,
			    "le HTML n'est pas affiché : écrivez en Markdown "
			    "(**gras**, [lien](https://…), listes « - »)");
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			url = cmark_node_get_url(n);
			if (url != NULL && !md_url_ok(url))
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

/* Does the link destination at p pass md_url_ok? (p: after "(" or ":") */
static int
dest_ok(const char *p, const char *end)
{
	char	 url[64];
	size_t	 n = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '<'))
		p++;
	while (p < end && n < sizeof(url) - 1 && *p != ' ' && *p != ')' &&
	    *p != '>' && *p != '\n')
		url[n++] = *p++;
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

