/*
 * diag.c: diagnostics are collected from every file (possibly from several
 * loader threads), sorted by file and line, then printed in one go.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "util.h"

void
diags_init(struct diags *d)
{
	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
}

void
diags_free(struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	pthread_mutex_destroy(&d->lock);
	memset(d, 0, sizeof(*d));
}

void
diag_vadd(struct diags *d, enum diag_level lvl, const char *file, int line,
    int col, const char *fmt, va_list ap)
{
	struct diag *it;
	char	*msg;
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		abort();
	msg = xmalloc((size_t)n + 1);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);

	pthread_mutex_lock(&d->lock);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->items = xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	it = &d->items[d->n];
	it->level = lvl;
	it->file = xstrdup(file ? file : "");
	it->line = line;
	it->col = col;
	it->msg = msg;
	it->seq = d->n++;
	if (lvl == DIAG_ERROR)
		d->nerr++;
	else if (lvl == DIAG_WARNING)
		d->nwarn++;
	else
		d->nnote++;
	pthread_mutex_unlock(&d->lock);
}

void
diag_add(struct diags *d, enum diag_level lvl, const char *file, int line,
    int col, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(d, lvl, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_error(struct diags *d, const struct srcpos *p, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, p ? p->file : NULL, p ? p->line : 0,
	    p ? p->col : 0, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diags *d, const struct srcpos *p, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, p ? p->file : NULL, p ? p->line : 0,
	    p ? p->col : 0, fmt, ap);
	va_end(ap);
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int	 c;

	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorts by file, line and column; equal positions keep their order.
 */
void
diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->items, d->n, sizeof(*d->items), diag_cmp);
}

/*
 * What a file name or message may hold that must not reach a terminal
 * or a CI log as is: bytes that are not UTF-8 (a file name can be any
 * bytes) and control characters, written \xNN. The result is malloc'd.
 */
static char *
printable(const char *s, int lines)
{
	struct buf b = {0};
	size_t	 n = strlen(s), bad;
	const unsigned char *p;

	while (n > 0) {
		if (utf8_check(s, n, &bad) == 0)
			bad = n;
		for (p = (const unsigned char *)s;
		    p < (const unsigned char *)s + bad; p++)
			if ((*p < 0x20 && !(lines && (*p == '\n' ||
			    *p == '\t'))) || *p == 0x7f)
				buf_printf(&b, "\\x%02X", *p);
			else
				buf_putc(&b, (char)*p);
		if (bad < n)
			buf_printf(&b, "\\x%02X", (unsigned char)s[bad++]);
		s += bad;
		n -= bad;
	}
	return buf_detach(&b);
}

/* GitHub workflow commands need %, CR and LF escaped. */
static void
gh_escape(FILE *f, const char *str, int prop)
{
	char	*clean = printable(str, !prop), *s;

	for (s = clean; *s != '\0'; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else if (prop && *s == ':')
			fputs("%3A", f);
		else if (prop && *s == ',')
			fputs("%2C", f);
		else
			fputc(*s, f);
	}
	free(clean);
}

static const char *
level_name(enum diag_level l, int github)
{
	switch (l) {
	case DIAG_ERROR:
		return github ? "::error" : "erreur";
	case DIAG_WARNING:
		return github ? "::warning" : "attention";
	default:
		return github ? "::notice" : "note";
	}
}

static void
json_puts(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

/*
 * GitLab's Code Quality report: one JSON array, each problem with a
 * fingerprint that stays the same while the problem does (FNV-1a of
 * path, line and message), so merge requests show new ones only.
 */
static void
print_codequality(const struct diags *d, FILE *f)
{
	const struct diag *it;
	const char *parts[3];
	unsigned long long h;
	char	 line[16];
	size_t	 i, k;

	fputs("[", f);
	for (i = 0; i < d->n; i++) {
		it = &d->items[i];
		snprintf(line, sizeof(line), "%d", it->line);
		parts[0] = it->file;
		parts[1] = line;
		parts[2] = it->msg;
		h = 1469598103934665603ULL;
		if (d->prefix != NULL)
			for (const char *p = d->prefix; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		for (k = 0; k < 3; k++)
			for (const char *p = parts[k]; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		fprintf(f, "%s\n{\"description\": \"", i ? "," : "");
		json_puts(f, it->msg);
		fprintf(f, "\", \"check_name\": \"maillage\", \"fingerprint\": "
		    "\"%016llx\", \"severity\": \"%s\", \"location\": "
		    "{\"path\": \"", h, it->level == DIAG_ERROR ? "major" :
		    "minor");
		if (d->prefix != NULL && it->file[0] != '/')
			json_puts(f, d->prefix);
		json_puts(f, it->file[0] != '\0' ? it->file : ".");
		fprintf(f, "\", \"lines\": {\"begin\": %d}}}", it->line > 0 ?
		    it->line : 1);
	}
	fputs("\n]\n", f);
}

void
diags_print(const struct diags *d, FILE *f, enum diag_format fmt)
{
	const struct diag *it;
	size_t	 i;
	char	*clean;

	if (fmt == DIAG_FMT_CODEQUALITY) {
		print_codequality(d, f);
		return;
	}

	for (i = 0; i < d->n; i++) {
		it = &d->items[i];
		if (fmt == DIAG_FMT_GITHUB) {
			fputs(level_name(it->level, 1), f);
			if (it->file[0] != '\0') {
				fputs(" file=", f);
				if (d->prefix != NULL && it->file[0] != '/')
					gh_escape(f, d->prefix, 1);
				gh_escape(f, it->file, 1);
				if (it->line > 0)
					fprintf(f, ",line=%d", it->line);
				if (it->col > 0)
					fprintf(f, ",col=%d", it->col);
			}
			fputs("::", f);
			gh_escape(f, it->msg, 0);
			fputc('\n', f);
			continue;
		}
		if (it->file[0] != '\0') {
			if (d->prefix != NULL && it->file[0] != '/')
				fputs(d->prefix, f);
			clean = printable(it->file, 0);
			fputs(clean, f);
			free(clean);
			if (it->line > 0) {
				fprintf(f, ":%d", it->line);
				if (it->col > 0)
					fprintf(f, ":%d", it->col);
			}
			fputs(": ", f);
		}
		clean = printable(it->msg, 1);
		fprintf(f, "%s: %s\n", level_name(it->level, 0), clean);
		free(clean);
	}
}

int
diags_failed(const struct diags *d)
{
	return d->nerr > 0 || (d->strict && d->nwarn > 0);
}
