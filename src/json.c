/*
 * json.c: the one JSON writer (see json.h). It keeps, per open
 * container, whether it is on one line and how many members it has, so
 * that callers never write a comma or a newline themselves.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "esc.h"
#include "json.h"

void
json_init(struct json *w, struct buf *b, enum json_style style)
{
	w->b = b;
	w->pretty = style == JSON_PRETTY;
	w->depth = 0;
	w->after_key = 0;
}

static void
json_newline(struct json *w)
{
	int	 i;

	buf_putc(w->b, '\n');
	for (i = 0; i < w->depth; i++)
		buf_puts(w->b, "  ");
}

/* What goes before a member or an element: comma, space or newline. */
static void
json_sep(struct json *w)
{
	int	 d = w->depth - 1;

	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (d < 0)
		return;
	if (w->count[d]++ > 0)
		buf_putc(w->b, ',');
	if (!w->inl[d])
		json_newline(w);
	else if (w->count[d] > 1 && w->pretty)
		buf_putc(w->b, ' ');
}

static void
json_open(struct json *w, int c, int inl)
{
	json_sep(w);
	if (w->depth == JSON_MAXDEPTH)
		abort();
	buf_putc(w->b, c);
	w->close[w->depth] = c == '{' ? '}' : ']';
	w->inl[w->depth] = !w->pretty || inl ||
	    (w->depth > 0 && w->inl[w->depth - 1]);
	w->count[w->depth] = 0;
	w->depth++;
}

void
json_object(struct json *w, int inl)
{
	json_open(w, '{', inl);
}

void
json_array(struct json *w, int inl)
{
	json_open(w, '[', inl);
}

void
json_end(struct json *w)
{
	if (w->depth == 0)
		abort();
	w->depth--;
	if (!w->inl[w->depth] && w->count[w->depth] > 0)
		json_newline(w);
	buf_putc(w->b, w->close[w->depth]);
}

void
json_key(struct json *w, const char *k)
{
	json_sep(w);
	esc_json(w->b, k);
	buf_puts(w->b, w->pretty ? ": " : ":");
	w->after_key = 1;
}

void
json_str(struct json *w, const char *s)
{
	json_sep(w);
	if (s == NULL)
		buf_puts(w->b, "null");
	else
		esc_json(w->b, s);
}

void
json_null(struct json *w)
{
	json_sep(w);
	buf_puts(w->b, "null");
}

void
json_bool(struct json *w, int v)
{
	json_sep(w);
	buf_puts(w->b, v ? "true" : "false");
}

void
json_int(struct json *w, long long v)
{
	json_sep(w);
	buf_printf(w->b, "%lld", v);
}

/*
 * Rounds to the micro-unit first, then prints integers: printf's %f
 * would follow LC_NUMERIC.
 */
void
json_put_fixed6(struct buf *b, double x)
{
	long long v = llround(x * 1e6);
	char	 frac[8];
	int	 n;

	if (v < 0) {
		buf_putc(b, '-');
		v = -v;
	}
	buf_printf(b, "%lld", v / 1000000);
	snprintf(frac, sizeof(frac), "%06lld", v % 1000000);
	for (n = 6; n > 0 && frac[n - 1] == '0'; n--)
		continue;
	if (n > 0) {
		buf_putc(b, '.');
		buf_put(b, frac, (size_t)n);
	}
}

void
json_fixed6(struct json *w, double x)
{
	json_sep(w);
	json_put_fixed6(w->b, x);
}

void
json_raw(struct json *w, const char *s, size_t n)
{
	json_sep(w);
	buf_put(w->b, s, n);
}

void
json_str_begin(struct json *w)
{
	json_sep(w);
	buf_putc(w->b, '"');
}

void
json_str_end(struct json *w)
{
	buf_putc(w->b, '"');
}

void
json_kstr(struct json *w, const char *k, const char *v)
{
	json_key(w, k);
	json_str(w, v);
}

void
json_kint(struct json *w, const char *k, long long v)
{
	json_key(w, k);
	json_int(w, v);
}

void
json_kbool(struct json *w, const char *k, int v)
{
	json_key(w, k);
	json_bool(w, v);
}
