/* util.c: files, paths, UTF-8, dates, string maps and suggestions. */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "fold.h"
#include "util.h"

/*
 * Reads a whole file, NUL-terminated. Files over maxsz are not read:
 * READ_TOO_BIG with their size in *outlen. Anything but a regular file
 * is READ_ERRNO with EISDIR (a folder) or EINVAL (a pipe, a device: it
 * is opened without blocking, so a named pipe cannot hang the reader).
 */
static enum read_status
read_file(char **out, size_t *outlen, int dirfd, const char *path,
    size_t maxsz, int flags)
{
	struct stat st;
	char	*p;
	size_t	 got = 0;
	ssize_t	 r;
	int	 fd;

	*out = NULL;
	*outlen = 0;
	if ((fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    flags)) == -1)
		return READ_ERRNO;
	if (fstat(fd, &st) == -1) {
		close(fd);
		return READ_ERRNO;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return READ_ERRNO;
	}
	if ((size_t)st.st_size > maxsz) {
		close(fd);
		*outlen = (size_t)st.st_size;
		return READ_TOO_BIG;
	}
	p = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, p + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			free(p);
			close(fd);
			return READ_ERRNO;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	p[got] = '\0';
	*out = p;
	*outlen = got;
	return READ_OK;
}

enum read_status
util_read_file(char **out, size_t *outlen, const char *path, size_t maxsz)
{
	return read_file(out, outlen, AT_FDCWD, path, maxsz, 0);
}

enum read_status
util_read_file_nofollow(char **out, size_t *outlen, int dirfd,
    const char *path, size_t maxsz)
{
	return read_file(out, outlen, dirfd < 0 ? AT_FDCWD : dirfd, path,
	    maxsz, O_NOFOLLOW);
}

/*
 * The usual reasons a file cannot be read, in French (strerror follows
 * the C locale, which says them in English).
 */
const char *
util_strerror(int e)
{
	switch (e) {
	case ENOENT:
		return "fichier ou dossier introuvable";
	case EACCES:
	case EPERM:
		return "permission refusée";
	case EISDIR:
		return "c'est un dossier";
	case ENOTDIR:
		return "un élément du chemin n'est pas un dossier";
	case ELOOP:
		return "trop de liens symboliques (une boucle ?)";
	case ENAMETOOLONG:
		return "nom de fichier trop long";
	case EINVAL:
		return "ce n'est pas un fichier ordinaire";
	case EIO:
		return "erreur d'entrée-sortie du disque";
	case ENOSPC:
		return "disque plein";
	case EMFILE:
	case ENFILE:
		return "trop de fichiers ouverts";
	case EROFS:
		return "système de fichiers en lecture seule";
	case ENOTEMPTY:
	case EEXIST:
		return "le dossier n'est pas vide";
	case EBUSY:
		return "ressource occupée (dossier monté ou en cours "
		    "d'utilisation)";
	case EWOULDBLOCK:
		return "verrou déjà pris";
	default:
		return strerror(e);
	}
}

int
util_mkdir_p(const char *path)
{
	char	*p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) == -1 && errno != EEXIST) {
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

int
util_write_file(const char *path, const void *data, size_t len)
{
	const char *c = data;
	ssize_t	 w;
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	while (len > 0) {
		w = write(fd, c, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			close(fd);
			return -1;
		}
		c += w;
		len -= (size_t)w;
	}
	return close(fd);
}

static int
name_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	for (; *x == *y && *x != '\0'; x++, y++)
		;
	return (*x == '.' ? 0 : (unsigned char)*x) -
	    (*y == '.' ? 0 : (unsigned char)*y);
}

double
util_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
util_sort_names(char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), name_cmp);
}

ssize_t
util_list_dir(char ***out, const char *dir)
{
	struct dirent *de;
	DIR	*d;
	char	**v = NULL;
	size_t	 n = 0, cap = 0;

	*out = NULL;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	util_sort_names(v, n);
	*out = v;
	return (ssize_t)n;
}

void
util_free_names(char **v, ssize_t n)
{
	ssize_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
util_rm_rf(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR	*d;
	char	*sub;
	int	 rc = 0, e = 0;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = util_path_join(path, de->d_name);
		if (util_rm_rf(sub) == -1 && rc == 0) {
			rc = -1;
			e = errno;
		}
		free(sub);
	}
	closedir(d);
	if (rmdir(path) == -1 && rc == 0) {
		rc = -1;
		e = errno;
	}
	/* The first cause, not the "not empty" it leads to. */
	if (rc == -1)
		errno = e;
	return rc;
}

int
util_lock(const char *path, int wait)
{
	int	 fd, e;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == -1) {
		if (errno == EINTR)
			continue;
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * Appends the path[0..len) to out, which ends with a slash, with its
 * "." and ".." segments removed (RFC 3986, 5.2.4); ".." never climbs
 * above out's offset root (just after the authority's slash).
 */
static void
put_path(struct buf *out, size_t root, const char *path, size_t len)
{
	size_t	 i = 0, j;

	while (i <= len) {
		for (j = i; j < len && path[j] != '/'; j++)
			;
		if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (out->len > root) {
				out->len--;
				while (out->len > root &&
				    out->data[out->len - 1] != '/')
					out->len--;
			}
		} else if (!(j - i == 1 && path[i] == '.')) {
			buf_put(out, path + i, j - i);
			if (j < len)
				buf_putc(out, '/');
		}
		i = j + 1;
	}
	out->data[out->len] = '\0';
}

void
util_url_resolve(struct buf *out, const char *base, const char *ref)
{
	const char *auth, *path, *end, *q;
	size_t	 root;

	if (str_has_prefix(ref, "https://") || str_has_prefix(ref, "http://") ||
	    str_has_prefix(ref, "mailto:") || str_has_prefix(ref, "tel:")) {
		buf_puts(out, ref);
		return;
	}
	auth = strstr(base, "://");
	auth = auth != NULL ? auth + 3 : base;
	path = auth + strcspn(auth, "/?#");
	if (ref[0] == '#' || ref[0] == '?') {
		end = path + strcspn(path, ref[0] == '#' ? "#" : "?#");
		buf_put(out, base, (size_t)(end - base));
		buf_puts(out, ref);
		return;
	}
	buf_put(out, base, (size_t)(path - base));
	buf_putc(out, '/');
	root = out->len;
	if (ref[0] != '/') {
		/* The base's folder, then the reference. */
		end = path + strcspn(path, "?#");
		while (end > path && end[-1] != '/')
			end--;
		if (end > path + 1)
			put_path(out, root, path + 1,
			    (size_t)(end - path - 2));
		if (out->len > root && out->data[out->len - 1] != '/')
			buf_putc(out, '/');
	} else
		ref++;
	q = ref + strcspn(ref, "?#");
	put_path(out, root, ref, (size_t)(q - ref));
	buf_puts(out, q);
}

int
util_reserved_name(const char *s)
{
	static const char *const names[] = {"con", "prn", "aux", "nul"};
	size_t	 n = strcspn(s, "."), i;

	for (i = 0; i < 4; i++)
		if (n == 3 && strncasecmp(s, names[i], 3) == 0)
			return 1;
	return n == 4 && (strncasecmp(s, "com", 3) == 0 ||
	    strncasecmp(s, "lpt", 3) == 0) && s[3] >= '1' && s[3] <= '9';
}

char *
util_path_join(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);
	char	*p = xmalloc(la + lb + 2);

	memcpy(p, a, la);
	if (la > 0 && a[la - 1] != '/')
		p[la++] = '/';
	memcpy(p + la, b, lb + 1);
	return p;
}

/*
 * Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
 */
int
utf8_check(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 i = 0, k, len;
	unsigned char c;
	uint32_t cp;

	while (i < n) {
		/* French text is mostly ASCII: eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else
			goto fail;
		if (i + len > n)
			goto fail;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += len;
	}
	return 0;
fail:
	if (bad != NULL)
		*bad = i;
	return -1;
}

uint32_t
utf8_next(const char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t cp;
	int	 len, k;

	if (s[0] < 0x80) {
		cp = s[0];
		len = 1;
	} else if (s[0] < 0xe0) {
		cp = s[0] & 0x1f;
		len = 2;
	} else if (s[0] < 0xf0) {
		cp = s[0] & 0x0f;
		len = 3;
	} else {
		cp = s[0] & 0x07;
		len = 4;
	}
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80) {
			/* Not valid UTF-8: take the byte alone. */
			*sp += 1;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	*sp += len;
	return cp;
}

size_t
utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
utf8_put(struct buf *b, uint32_t cp)
{
	char	 t[4];

	if (cp < 0x80) {
		buf_putc(b, (int)cp);
	} else if (cp < 0x800) {
		t[0] = (char)(0xc0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 2);
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 4);
	}
}

/* Howard Hinnant's days_from_civil. */
long
date_from_ymd(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_ymd(long z, int *y, int *m, int *d)
{
	long	 era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/*
 * Parses YYYY-MM-DD as a real calendar date. Returns 0 or -1.
 */
int
date_parse(long *out, const char *s)
{
	int	 y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	if (s[10] != '\0')
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

int
date_source_epoch(long long *out)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char	*end;
	long long v;

	if (e == NULL || *e == '\0')
		return -1;
	v = strtoll(e, &end, 10);
	if (*end != '\0' || v < 0)
		return -1;
	*out = v;
	return 0;
}

long
util_limit(const char *name, long dflt)
{
	const char *e = getenv(name);
	char	*end;
	long	 v;

	if (e == NULL || *e == '\0')
		return dflt;
	v = strtol(e, &end, 10);
	return *end == '\0' && v > 0 ? v : dflt;
}

long
date_today(void)
{
	long long t;

	if (date_source_epoch(&t) == 0)
		return (long)(t / 86400);
	return (long)(time(NULL) / 86400);
}

char *
date_iso(char out[11], long days)
{
	int	 y, m, d;

	date_to_ymd(days, &y, &m, &d);
	y = (y % 10000 + 10000) % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}

void
date_french(struct buf *b, long days)
{
	static const char *const months[] = {"janvier", "février", "mars",
	    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
	    "novembre", "décembre"};
	int	 y, m, d;

	date_to_ymd(days, &y, &m, &d);
	if (d == 1)
		buf_printf(b, "1er %s %d", months[m - 1], y);
	else
		buf_printf(b, "%d %s %d", d, months[m - 1], y);
}

int
date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	long	 w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void
strmap_init(struct strmap *m, size_t hint)
{
	size_t	 cap = 16;

	while (cap < hint * 2)
		cap *= 2;
	m->keys = xcalloc(cap, sizeof(*m->keys));
	m->vals = xcalloc(cap, sizeof(*m->vals));
	m->n = 0;
	m->cap = cap;
}

void
strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static void
strmap_rehash(struct strmap *m)
{
	struct strmap nm;
	size_t	 i;

	strmap_init(&nm, m->cap);
	for (i = 0; i < m->cap; i++)
		if (m->keys[i] != NULL)
			strmap_put(&nm, m->keys[i], m->vals[i]);
	strmap_free(m);
	*m = nm;
}

int
strmap_put(struct strmap *m, const char *key, int val)
{
	size_t	 i;

	if (m->cap == 0)
		strmap_init(m, 16);
	if ((m->n + 1) * 2 > m->cap)
		strmap_rehash(m);
	i = str_hash(key) & (m->cap - 1);
	while (m->keys[i] != NULL) {
		if (strcmp(m->keys[i], key) == 0)
			return -1;
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return 0;
}

int
strmap_get(const struct strmap *m, const char *key)
{
	size_t	 i;

	if (m->cap == 0)
		return -1;
	i = str_hash(key) & (m->cap - 1);
	while (m->keys[i] != NULL) {
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return -1;
}

/*
 * Damerau-Levenshtein (optimal string alignment) over bytes. Strings
 * over 64 bytes are too far from anything: (size_t)-1.
 */
size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, r, c, v;
	size_t	 d[65 * 65];

	if (la > 64 || lb > 64)
		return (size_t)-1;
#define D(x, y) d[(x) * (lb + 1) + (y)]
	for (i = 0; i <= la; i++)
		D(i, 0) = i;
	for (j = 0; j <= lb; j++)
		D(0, j) = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] == b[j - 1] ? 0 : 1;
			v = D(i - 1, j) + 1;
			if ((r = D(i, j - 1) + 1) < v)
				v = r;
			if ((r = D(i - 1, j - 1) + c) < v)
				v = r;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && (r = D(i - 2, j - 2) + 1) < v)
				v = r;
			D(i, j) = v;
		}
	r = D(la, lb);
#undef D
	return r;
}

/*
 * s folded (lower case, no accents: « Résumé » → « resume ») into out
 * (cap bytes); s itself when it is plain lower-case ASCII; NULL when it
 * does not fit.
 */
static const char *
fold_small(char *out, size_t cap, const char *s)
{
	const char *p;
	char	 f[8];
	size_t	 n = 0;
	int	 k;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80 || (*p >= 'A' && *p <= 'Z'))
			break;
	if (*p == '\0')
		return s;
	for (p = s; *p != '\0';) {
		k = fold_cp(f, utf8_next(&p));
		if (n + (size_t)k >= cap)
			return NULL;
		memcpy(out + n, f, (size_t)k);
		n += (size_t)k;
	}
	out[n] = '\0';
	return out;
}

/*
 * A candidate one of whose words ("-" or "_" apart) begins like the
 * folded word w, on at least 5 letters and half of w: editors
 * write one word of a compound key (« precarite » for
 * « personnes-precaires », « agees » for « personnes-agees »). The
 * longest common beginning wins; NULL when none is long enough.
 */
static const char *
suggest_part(const char *w, const char *const *cands, size_t n)
{
	const char *best = NULL, *cf, *p;
	char	 cbuf[80];
	size_t	 i, k, wl = strlen(w), need, bestk = 0;

	need = (wl + 1) / 2;
	if (need < 5)
		need = wl < 5 ? wl : 5;
	/* A compound word was written whole: not one word of a key. */
	if (wl < 4 || strpbrk(w, "-_ ") != NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((cf = fold_small(cbuf, sizeof(cbuf), cands[i])) == NULL)
			continue;
		for (p = cf; *p != '\0'; p++) {
			if (p != cf && p[-1] != '-' && p[-1] != '_')
				continue;
			for (k = 0; w[k] != '\0' && p[k] == w[k]; k++)
				;
			if (k >= need && k > bestk) {
				bestk = k;
				best = cands[i];
			}
		}
	}
	return best;
}

/*
 * Returns the candidate closest to word if it is close enough to be the
 * intended one, or a candidate that word is a prefix of, else NULL.
 * Words are compared folded, so that a missing or extra accent or a
 * capital costs nothing (« résumé » finds « resume »); close enough is a
 * distance of at most a third of the length (at least 1, at most 3).
 * Failing that, a candidate that word is a prefix of, or one of whose
 * words begins like it (suggest_part).
 */
const char *
suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL, *w, *cf;
	char	 wbuf[80], cbuf[80];
	size_t	 i, d, bestd = (size_t)-1, lim, wl, cl;

	if ((w = fold_small(wbuf, sizeof(wbuf), word)) == NULL)
		return NULL;
	wl = strlen(w);
	lim = wl / 3;
	if (lim < 1)
		lim = 1;
	if (lim > 3)
		lim = 3;
	for (i = 0; i < n; i++) {
		if ((cf = fold_small(cbuf, sizeof(cbuf), cands[i])) == NULL)
			continue;
		/* The distance is at least the difference of lengths. */
		cl = strlen(cf);
		if ((cl > wl ? cl - wl : wl - cl) > (bestd < lim ? bestd : lim))
			continue;
		d = edit_distance(w, cf);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	if (best != NULL && bestd <= lim)
		return best;
	if (wl >= 2)
		for (i = 0; i < n; i++)
			if (str_has_prefix(cands[i], word))
				return cands[i];
	return suggest_part(w, cands, n);
}

int
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
is_slug(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

int
is_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}
