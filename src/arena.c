/*
 * arena.c: one arena per build (or per loader thread), freed at once.
 * With -DARENA_DEBUG every allocation goes to malloc, so that ASan and
 * valgrind still see overflows of arena objects.
 */
#include <sys/mman.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK	(256 * 1024)
#define ARENA_HUGE	(2 * 1024 * 1024)	/* x86-64's huge page */

struct arena_chunk {
	struct arena_chunk *next;
	size_t		 size;		/* mapped bytes; 0: from malloc */
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

#ifndef ARENA_DEBUG
/*
 * A chunk of at least cap bytes. Small ones come from malloc (cleared by
 * arena_alloc as they are handed out); from ARENA_HUGE on, from the
 * kernel: zeroed already, aligned so that the kernel may back them with
 * huge pages, and touched only when written. A growing arena (the
 * model's, a loader thread's: 300 MB at 100,000 sheets) then takes a
 * page fault per 2 MB instead of per 4 KB, and clears nothing itself;
 * a big block (the 50 MB array of sheets) faults in on the threads that
 * fill it, not all on the main one first.
 */
static struct arena_chunk *
chunk_new(size_t cap, size_t *clean)
{
	struct arena_chunk *c;
	size_t	 size = sizeof(*c) + cap, map, lead;
	char	*p;

	if (size < ARENA_HUGE) {
		c = xmalloc(size);
		c->size = 0;
		*clean = cap;		/* nothing known zero */
		return c;
	}
	size = (size + ARENA_HUGE - 1) & ~(size_t)(ARENA_HUGE - 1);
	map = size + ARENA_HUGE;
	p = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		fputs("maillage : mémoire épuisée\n", stderr);
		abort();
	}
	lead = (ARENA_HUGE - (uintptr_t)p % ARENA_HUGE) % ARENA_HUGE;
	if (lead > 0)
		munmap(p, lead);
	if (map - lead > size)
		munmap(p + lead + size, map - lead - size);
	c = (struct arena_chunk *)(p + lead);
#ifdef MADV_HUGEPAGE
	(void)madvise(c, size, MADV_HUGEPAGE);	/* a hint: may be off */
#endif
	c->size = size;
	*clean = 0;
	return c;
}
#endif

static void
chunk_free(struct arena_chunk *c)
{
#ifndef ARENA_DEBUG
	if (c->size > 0) {
		munmap(c, c->size);
		return;
	}
#endif
	free(c);
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		chunk_free(c);
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
		chunk_free(c);
	}
	a->head->next = NULL;
	if (a->used > a->clean)
		a->clean = a->used;	/* written before: cleared again */
	a->used = 0;
#endif
}

/*
 * Returns sz bytes aligned to 16, valid until arena_free(), zeroed when
 * zero is set: the copies (strings, printf) fill them at once, and
 * zeroing them first cost 2 % of a 100,000-sheet build. The bytes from
 * a->clean on stay zero either way: what is written is below a->used.
 */
static void *
arena_take(struct arena *a, size_t sz, int zero)
{
	struct arena_chunk *c;
	size_t	 cap;
#ifndef ARENA_DEBUG
	size_t	 clean;
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
		/* Chunks grow with the arena: 256 KB, 512 KB, 1 MB, 2 MB. */
		cap = ARENA_CHUNK << (a->nchunks < 3 ? a->nchunks : 3);
		cap -= sizeof(*c);
		if (sz > cap / 4) {
			/* Big object: keep using the current chunk after it. */
			c = chunk_new(sz, &clean);
			if (clean > 0 && zero)
				memset(c->align, 0, sz);
			if (a->head != NULL) {
				c->next = a->head->next;
				a->head->next = c;
			} else {
				c->next = NULL;
				a->head = c;
				a->cap = a->used = a->clean = sz;
			}
			return c->align;
		}
		c = chunk_new(cap, &clean);
		c->next = a->head;
		a->head = c;
		a->cap = cap;
		a->used = 0;
		a->clean = clean;
		a->nchunks++;
	}
	p = (char *)a->head->align + a->used;
	/* Bytes from a->clean on are still zero as the kernel gave them. */
	if (a->used < a->clean && zero)
		memset(p, 0, a->clean - a->used < sz ? a->clean - a->used : sz);
	a->used += sz;
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
