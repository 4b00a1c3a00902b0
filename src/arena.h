/*
 * arena.h: bump allocator for a build's strings and model objects.
 *
 * Returns: nothing fails; out of memory aborts (xmalloc and friends too).
 */
#ifndef MAILLAGE_ARENA_H
#define MAILLAGE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;	/* newest chunk first */
	size_t used;			/* bytes used in head */
	size_t cap;			/* capacity of head */
	size_t clean;			/* head's bytes from here on are zero */
	size_t nchunks;			/* chunks made: the next is bigger */
};

void	 arena_init(struct arena *);
void	 arena_free(struct arena *);
/* Frees everything but the newest chunk, which is reused: a scratch
 * arena emptied after each file. */
void	 arena_reset(struct arena *);
void	*arena_alloc(struct arena *, size_t);	/* zeroed, aligned to 16 */
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(struct arena *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	*arena_memdup(struct arena *, const void *, size_t);

/* Out of memory aborts: this is a program, not a library. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

#endif
