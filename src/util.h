/*
 * util.h: files, paths, UTF-8, dates, string maps and suggestions.
 *
 * Returns: 0 (or a count), or -1 with errno set: the caller says in French
 * what failed; util_read_file gives an enum read_status.
 */
#ifndef MAILLAGE_UTIL_H
#define MAILLAGE_UTIL_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Reading files. */
enum read_status {
	READ_OK,
	READ_ERRNO,		/* errno is set */
	READ_TOO_BIG		/* *outlen holds the size */
};
enum read_status util_read_file(char **out, size_t *outlen, const char *path,
	    size_t maxsz);
/* The same, but a symbolic link is not followed: READ_ERRNO (ELOOP);
 * path is relative to the folder dirfd (-1: the current one). */
enum read_status util_read_file_nofollow(char **out, size_t *outlen,
		    int dirfd, const char *path, size_t maxsz);
const char *util_strerror(int);	/* in French for the usual ones */

/* Output directories and files (exit code 3 on failure is the caller's). */
int	 util_mkdir_p(const char *path);
int	 util_write_file(const char *path, const void *data, size_t len);
int	 util_rm_rf(const char *path);
/*
 * An exclusive flock(2) on path, created if needed: the descriptor, or
 * -1 with errno (EWOULDBLOCK when !wait and another process holds it).
 * Released when the descriptor is closed or the process ends, even
 * killed, so a crashed build never leaves a stale lock.
 */
int	 util_lock(const char *path, int wait);
/*
 * Whether a file name is reserved on Windows (con, prn, aux, nul,
 * com1-9, lpt1-9, in any case, with or without an extension): a folder
 * of that name cannot be copied there, nor the site unzipped.
 */
int	 util_reserved_name(const char *);
char	*util_path_join(const char *a, const char *b);	/* malloc'd */
/*
 * The entries of dir, hidden ones skipped, sorted by name with "." as
 * the end of a name ("a.md" before "a-2.md", as ids sort). Returns their
 * number, or -1 with errno set. Free with util_free_names().
 */
ssize_t	 util_list_dir(char ***out, const char *dir);
/* Sorts names as util_list_dir does. */
void	 util_sort_names(char **, size_t);
double	 util_clock(void);	/* seconds, monotonic */
void	 util_free_names(char **, ssize_t);

/*
 * Appends ref resolved against the absolute URL base as a browser does
 * (RFC 3986: "../x" from https://h/fiches/a/ is https://h/fiches/x).
 * Absolute refs, mailto: and tel: are appended as they are; "//host"
 * refs are the caller's to refuse (md_url_ok).
 */
void	 util_url_resolve(struct buf *, const char *base, const char *ref);

/* UTF-8: returns 0 when valid, else -1 and the offset of the first bad byte. */
int	 utf8_check(const char *s, size_t n, size_t *bad);
/* Decodes one code point of valid UTF-8, advancing *s. */
uint32_t utf8_next(const char **s);
size_t	 utf8_len(const char *s);	/* in code points */
void	 utf8_put(struct buf *, uint32_t);

/* Dates are days since 1970-01-01 (proleptic Gregorian). */
int	 date_parse(long *out, const char *s);		/* YYYY-MM-DD, real */
long	 date_from_ymd(int y, int m, int d);
void	 date_to_ymd(long days, int *y, int *m, int *d);
long	 date_today(void);	/* SOURCE_DATE_EPOCH when set, else now */
/*
 * A size limit of the outputs (sitemap URLs, A-Z entries, open-data
 * bytes): dflt, or the positive integer in the environment variable name.
 * The variables exist for the test suite, which shows the splitting on a
 * small corpus; users have no reason to set them.
 */
long	 util_limit(const char *name, long dflt);
int	 date_source_epoch(long long *out);	/* 0 when SOURCE_DATE_EPOCH set */
char	*date_iso(char out[11], long days);
void	 date_french(struct buf *, long days);	/* « 15 septembre 2026 » */
int	 date_weekday(long days);		/* 0 = Monday */

/* A string → int map (open addressing); keys are not copied. */
struct strmap {
	const char	**keys;
	int		 *vals;
	size_t		  n, cap;
};
void	 strmap_init(struct strmap *, size_t hint);
void	 strmap_free(struct strmap *);
int	 strmap_put(struct strmap *, const char *key, int val); /* -1 if there */
int	 strmap_get(const struct strmap *, const char *key);	 /* -1 if not */

/* Spelling suggestions: the closest candidate within a small distance. */
size_t	 edit_distance(const char *, const char *);
const char *suggest(const char *word, const char *const *cands, size_t n);

int	 str_has_prefix(const char *s, const char *prefix);
int	 is_slug(const char *s);		/* [a-z0-9-]+ */
int	 is_digits(const char *s, size_t n);	/* exactly n ASCII digits */

#endif
