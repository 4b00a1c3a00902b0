/*
 * buf.h: growable byte buffers for output.
 *
 * Returns: nothing fails; out of memory aborts.
 */
#ifndef MAILLAGE_BUF_H
#define MAILLAGE_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
};

void	 buf_grow(struct buf *, size_t);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);
char	*buf_detach(struct buf *);	/* malloc'd, caller frees */
void	 buf_dispose(struct buf *);
const char *buf_cstr(struct buf *);	/* "" when empty */

#endif
