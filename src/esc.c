/* esc.c: escaping per output context. */
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "md.h"

void
esc_html_n(struct buf *b, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *run = s;

	for (; p < end; p++) {
		const char *rep;

		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_put(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_put(b, run, (size_t)(end - run));
}

void
esc_html(struct buf *b, const char *s)
{
	if (s != NULL)
		esc_html_n(b, s, strlen(s));
}

void
esc_xml(struct buf *b, const char *s)
{
	const char *run;

	if (s == NULL)
		return;
	for (run = s; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t') {
			esc_html_n(b, run, (size_t)(s - run));
			run = s + 1;
		}
	esc_html_n(b, run, (size_t)(s - run));
}

/*
 * Copies runs of plain bytes at once: the open-data export writes
 * megabytes of text through here.
 */
void
esc_json(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run;

	buf_putc(b, '"');
	for (run = p; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != '<' &&
		    *p != '>' && *p != '&' && *p != 0xe2)
			continue;
		if (*p == 0xe2 && !(p[1] == 0x80 && (p[2] == 0xa8 ||
		    p[2] == 0xa9)))
			continue;
		buf_put(b, run, (size_t)(p - run));
		switch (*p) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		case '<':
			buf_puts(b, "\\u003c");
			break;
		case '>':
			buf_puts(b, "\\u003e");
			break;
		case '&':
			buf_puts(b, "\\u0026");
			break;
		case 0xe2:
			buf_printf(b, "\\u%04x", p[2] == 0xa8 ? 0x2028 :
			    0x2029);
			p += 2;
			break;
		default:
			buf_printf(b, "\\u%04x", *p);
			break;
		}
		run = p + 1;
	}
	buf_put(b, run, (size_t)(p - run));
	buf_putc(b, '"');
}

void
esc_csv(struct buf *b, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\n\r;") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
esc_url_component(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			buf_putc(b, *p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

int
esc_href(struct buf *b, const char *url)
{
	if (url == NULL || !md_url_ok(url)) {
		buf_putc(b, '#');
		return -1;
	}
	esc_html(b, url);
	return 0;
}
