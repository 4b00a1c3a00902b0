/*
 * arena.c: one arena per build (or per loader thread), freed at once.
 * With -DARENA_DEBUG every allocation goes to malloc, so that ASan and
 * valgrind still see overflows of arena objects.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK	(256 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	max_align_t	 align[];	/* the bytes follow */
};

void *
xmalloc(size_t sz)
{
	void	*p = malloc(sz ? sz : 1);

	if (p == NULL) {
		fputs("maillage : mémoire épuisée\n", stderr);
		abort();
	}
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL) {
		fputs("maillage : mémoire épuisée\n", stderr);
		abort();
	}
	return p;
}

void *
xrealloc(void *old, size_t sz)
{
	void	*p = realloc(old, sz ? sz : 1);

	if (p == NULL) {
		fputs("maillage : mémoire épuisée\n", stderr);
		abort();
	}
	return p;
}

char *
xstrdup(const char *s)
{
	size_t	 n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	memset(a, 0, sizeof(*a));
}

void
arena_reset(struct arena *a)
{
#ifdef ARENA_DEBUG
	arena_free(a);
#else
	struct arena_chunk *c, *next;

	if (a->head == NULL)
		return;
	for (c = a->head->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head->next = NULL;
	a->used = 0;
#endif
}

/*
 * Returns sz bytes aligned to 16, valid until arena_free(), zeroed when
 * zero is set: the copies (strings, printf) fill them at once, and
 * zeroing them first cost 2 % of a 100,000-sheet build.
 */
static void *
arena_take(struct arena *a, size_t sz, int zero)
{
	struct arena_chunk *c;
	size_t	 cap;
#ifndef ARENA_DEBUG
	void	*p;
#endif

#ifdef ARENA_DEBUG
	cap = sz;
	(void)zero;
	c = xcalloc(1, sizeof(*c) + cap);
	c->next = a->head;
	a->head = c;
	a->cap = a->used = cap;
	return c->align;
#else
	sz = (sz + 15) & ~(size_t)15;
	if (a->head == NULL || a->cap - a->used < sz) {
		cap = sz > ARENA_CHUNK / 4 ? sz : ARENA_CHUNK;
		if (sz > ARENA_CHUNK / 4) {
			/*
			 * calloc: a big block comes straight from the kernel,
			 * zeroed already, its pages touched only when written
			 * (the 50 MB of 100,000 sheets then fault in on the
			 * loader's threads, not all on the main one first).
			 */
			c = xcalloc(1, sizeof(*c) + cap);
			if (a->head != NULL) {
				/* Keep using the current chunk after it. */
				c->next = a->head->next;
				a->head->next = c;
			} else {
				c->next = NULL;
				a->head = c;
				a->cap = a->used = cap;
			}
			return c->align;
		} else
			c = xmalloc(sizeof(*c) + cap);
		c->next = a->head;
		a->head = c;
		a->cap = cap;
		a->used = 0;
	}
	p = (char *)a->head->align + a->used;
	a->used += sz;
	if (zero)
		memset(p, 0, sz);
	return p;
#endif
}

/* Returns sz zeroed bytes aligned to 16, valid until arena_free(). */
void *
arena_alloc(struct arena *a, size_t sz)
{
	return arena_take(a, sz, 1);
}

void *
arena_memdup(struct arena *a, const void *src, size_t sz)
{
	void	*p = arena_take(a, sz, 0);

	if (sz)
		memcpy(p, src, sz);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = arena_take(a, n + 1, 0);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;
	char	*p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		abort();
	p = arena_take(a, (size_t)n + 1, 0);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
