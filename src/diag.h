/*
 * diag.h: errors and warnings located by file:line:column, in French.
 *
 * Returns: nothing fails (adding is thread-safe; out of memory aborts);
 * diags_failed is a yes/no.
 */
#ifndef MAILLAGE_DIAG_H
#define MAILLAGE_DIAG_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct srcpos {
	const char	*file;	/* relative to the content folder */
	int		 line;	/* 1-based, 0 when unknown */
	int		 col;	/* 1-based, 0 when unknown */
};

enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE		/* for information; never fails, even --strict */
};

enum diag_format {
	DIAG_FMT_GCC,		/* file:line:col: erreur: message */
	DIAG_FMT_GITHUB,	/* ::error file=…,line=…,col=…::message */
	DIAG_FMT_CODEQUALITY	/* GitLab Code Quality report (JSON) */
};

struct diag {
	enum diag_level	 level;
	char		*file;	/* owned */
	int		 line;
	int		 col;
	char		*msg;	/* owned */
	size_t		 seq;	/* insertion order, for a stable sort */
};

struct diags {
	pthread_mutex_t	 lock;
	struct diag	*items;
	size_t		 n, cap;
	size_t		 nerr, nwarn, nnote;
	int		 strict;	/* warnings count as errors */
	const char	*prefix;	/* printed before relative paths */
};

void	 diags_init(struct diags *);
void	 diags_free(struct diags *);
void	 diag_add(struct diags *, enum diag_level, const char *file,
	    int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	 diag_vadd(struct diags *, enum diag_level, const char *file,
	    int line, int col, const char *fmt, va_list)
	    __attribute__((format(printf, 6, 0)));
void	 diag_error(struct diags *, const struct srcpos *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 diag_warn(struct diags *, const struct srcpos *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 diags_sort(struct diags *);
void	 diags_print(const struct diags *, FILE *, enum diag_format);
int	 diags_failed(const struct diags *);	/* errors, or warnings if strict */

#endif
