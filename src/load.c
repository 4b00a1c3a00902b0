/*
 * load.c: reads a content folder (see content-format.md) into the model.
 *
 * Referentials (site, territories, types, needs, publics, glossary) are
 * read first; sheets are then read and checked by worker threads, each
 * with its own arena, and cross-references (liens) resolved at the end.
 * Every problem is reported with file:line:column and the loader goes on,
 * so that one run lists them all.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "diag.h"
#include "hours.h"
#include "md.h"
#include "model.h"
#include "util.h"
#include "yaml.h"

#define MIB		(1024 * 1024)
#define MAX_MD_SIZE	MIB		/* a sheet, a news item, a page */
#define MAX_REF_SIZE	MIB		/* site, types, besoins, publics… */
#define MAX_TERR_SIZE	(16 * MIB)	/* territoires.yaml: 100k territories */

/* What a field reader needs: where to allocate and where to report. */
struct lctx {
	struct arena	*a;
	struct diags	*d;
	const char	*file;
	struct model	*m;
	struct build	*b;
	const char	*root_real;	/* the content folder, resolved */
	const unsigned char *broken;	/* per sheet: unreadable, said so */
	int		 hints;		/* suggestion searches left (file) */
};

/*
 * A "did you mean" search costs a pass over the candidates (35,000
 * communes for a national site): a file gets this many, so that a file
 * of thousands of unknown codes stays linear.
 */
#define MAX_HINTS	20

/* Switches the context to another file. */
static void
lctx_file(struct lctx *c, const char *file)
{
	c->file = file;
	c->hints = MAX_HINTS;
}

/* A content file split into front matter and body. */
struct srcfile {
	const char	*rel;		/* "fiches/dac-58.md" */
	char		*data;		/* malloc'd, freed after loading */
	size_t		 len;
	struct ynode	*fm;		/* front matter (a map) */
	const char	*body;
	size_t		 body_len;
	int		 body_line;
};

static void
pos_of(struct srcpos *p, const struct lctx *c, const struct ynode *n)
{
	p->file = c->file;
	p->line = n ? n->line : 1;
	p->col = n ? n->col : 1;
}

static void
err_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
warn_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
err_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_ERROR, c->file, n ? n->line : 0, n ? n->col : 0,
	    fmt, ap);
	va_end(ap);
}

static void
warn_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_WARNING, c->file, n ? n->line : 0,
	    n ? n->col : 0, fmt, ap);
	va_end(ap);
}

/* « (vouliez-vous dire « x » ?) » or "" (also when out of hints). */
static const char *
hint(struct lctx *c, const char *word, const char *const *cands, size_t n)
{
	const char *s;

	if (c->hints <= 0)
		return "";
	c->hints--;
	s = suggest(word, cands, n);

	return s ? arena_printf(c->a, " (vouliez-vous dire « %s » ?)", s) :
	    "";
}

/*
 * Refuses keys of map that are not in allowed[], with a suggestion.
 */
static void
check_keys(struct lctx *c, const struct ynode *map, const char *what,
    const char *const *allowed, size_t n)
{
	const struct ynode *k;
	size_t	 i, j;

	if (map == NULL || map->kind != YN_MAP)
		return;
	for (i = 0; i < map->n; i++) {
		k = map->items[2 * i];
		for (j = 0; j < n; j++)
			if (strcmp(k->str, allowed[j]) == 0)
				break;
		if (j < n)
			continue;
		err_at(c, k, "clé inconnue « %s » dans %s%s", k->str, what,
		    hint(c, k->str, allowed, n));
	}
}

/*
 * A required or optional text. Returns NULL when absent or wrong, after
 * reporting what is wrong. Surrounding spaces are trimmed.
 */
static const char *
get_str(struct lctx *c, const struct ynode *map, const char *key, int req)
{
	const struct ynode *v = yaml_get(map, key);
	const char *s, *e;

	if (v == NULL || (v->kind == YN_SCALAR && !v->quoted &&
	    (v->len == 0 || strcmp(v->str, "~") == 0 ||
	    strcmp(v->str, "null") == 0))) {
		if (req)
			err_at(c, v ? v : map, "« %s » est obligatoire%s", key,
			    v ? " et ne peut pas être vide" : " et manque ici");
		return NULL;
	}
	if (v->kind != YN_SCALAR) {
		err_at(c, v, "« %s » doit être un texte, pas %s", key,
		    yaml_kind_french(v));
		return NULL;
	}
	s = v->str;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
		e--;
	if (e == s) {
		if (req)
			err_at(c, v, "« %s » ne peut pas être vide", key);
		return NULL;
	}
	return arena_strndup(c->a, s, (size_t)(e - s));
}

/*
 * A list of texts. A lone text where a list is expected is an error that
 * shows the fix.
 */
static int
get_list(struct lctx *c, const struct ynode *map, const char *key, int req,
    struct strlist *out)
{
	const struct ynode *v = yaml_get(map, key), *it;
	size_t	 i;

	memset(out, 0, sizeof(*out));
	if (v == NULL || (v->kind == YN_SCALAR && !v->quoted && v->len == 0)) {
		if (req)
			err_at(c, v ? v : map, "« %s » est obligatoire (au "
			    "moins un élément)%s", key, v ? "" : " et manque ici");
		return req ? -1 : 0;
	}
	if (v->kind != YN_SEQ) {
		if (v->kind == YN_SCALAR)
			err_at(c, v, "« %s » doit être une liste, par exemple "
			    "%s: [%s]", key, key, v->str);
		else
			err_at(c, v, "« %s » doit être une liste, pas %s", key,
			    yaml_kind_french(v));
		return -1;
	}
	if (v->n == 0 && req) {
		err_at(c, v, "« %s » ne peut pas être une liste vide", key);
		return -1;
	}
	out->v = arena_alloc(c->a, v->n * sizeof(*out->v));
	for (i = 0; i < v->n; i++) {
		it = v->items[i];
		if (it->kind != YN_SCALAR || it->len == 0) {
			err_at(c, it, "les éléments de « %s » doivent être des "
			    "textes, pas %s", key, it->kind == YN_SCALAR ?
			    "une valeur vide" : yaml_kind_french(it));
			continue;
		}
		out->v[out->n++] = it->str;
	}
	return 0;
}

/*
 * The node of the i-th text that get_list kept from the list v (it skips
 * items that are not texts): for the position of an error.
 */
static const struct ynode *
list_item(const struct ynode *v, size_t i)
{
	size_t	 k;

	for (k = 0; k < v->n; k++)
		if (v->items[k]->kind == YN_SCALAR && v->items[k]->len > 0 &&
		    i-- == 0)
			return v->items[k];
	return v;
}

static int
parse_int(const char *s, long *out)
{
	char	*end;

	if (*s == '\0' || (!isdigit((unsigned char)*s) && *s != '-'))
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	return *end != '\0' || errno != 0 ? -1 : 0;
}

/* An integer in [lo, hi]; 0 when absent (*out untouched), -1 wrong. */
static int
get_int(struct lctx *c, const struct ynode *map, const char *key, long lo,
    long hi, long *out)
{
	const struct ynode *v = yaml_get(map, key);
	long	 x;

	if (v == NULL)
		return 0;
	if (v->kind != YN_SCALAR || parse_int(v->str, &x) == -1) {
		err_at(c, v, "« %s » doit être un nombre entier%s%s%s", key,
		    v->kind == YN_SCALAR ? ", pas « " : "",
		    v->kind == YN_SCALAR ? v->str : "",
		    v->kind == YN_SCALAR ? " »" : "");
		return -1;
	}
	if (x < lo || x > hi) {
		err_at(c, v, "« %s » vaut %ld : attendu entre %ld et %ld", key,
		    x, lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

/* A date YYYY-MM-DD; 0 absent, 1 read, -1 wrong. */
static int
get_date(struct lctx *c, const struct ynode *map, const char *key, int req,
    long *out)
{
	const struct ynode *v = yaml_get(map, key);

	if (v == NULL) {
		if (req)
			err_at(c, map, "« %s » est obligatoire (date AAAA-MM-JJ) "
			    "et manque ici", key);
		return req ? -1 : 0;
	}
	if (v->kind != YN_SCALAR || date_parse(out, v->str) == -1) {
		if (v->kind == YN_SCALAR && strlen(v->str) == 10 &&
		    v->str[4] == '-' && v->str[7] == '-')
			err_at(c, v, "« %s » : la date « %s » n'existe pas dans "
			    "le calendrier", key, v->str);
		else
			err_at(c, v, "« %s » doit être une date AAAA-MM-JJ, par "
			    "exemple 2026-09-15%s%s%s", key,
			    v->kind == YN_SCALAR ? " (lu : « " : "",
			    v->kind == YN_SCALAR ? v->str : "",
			    v->kind == YN_SCALAR ? " »)" : "");
		return -1;
	}
	return 1;
}

/* true or false; -1 absent, 0, 1; -2 wrong (reported). */
static int
get_bool(struct lctx *c, const struct ynode *map, const char *key)
{
	const struct ynode *v = yaml_get(map, key);

	if (v == NULL)
		return -1;
	if (v->kind == YN_SCALAR && !v->quoted) {
		if (strcmp(v->str, "true") == 0 || strcmp(v->str, "oui") == 0)
			return 1;
		if (strcmp(v->str, "false") == 0 || strcmp(v->str, "non") == 0)
			return 0;
	}
	err_at(c, v, "« %s » doit valoir true ou false (oui ou non)", key);
	return -2;
}

/* One of names[]; returns its index, -1 absent, -2 wrong (reported). */
static int
get_enum(struct lctx *c, const struct ynode *map, const char *key,
    const char *const *names, size_t n)
{
	const struct ynode *v = yaml_get(map, key);
	struct buf b = {0};
	size_t	 i;

	if (v == NULL)
		return -1;
	if (v->kind == YN_SCALAR)
		for (i = 0; i < n; i++)
			if (strcmp(v->str, names[i]) == 0)
				return (int)i;
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	err_at(c, v, "« %s » ne peut valoir que : %s%s", key, b.data,
	    v->kind == YN_SCALAR ? hint(c, v->str, names, n) : "");
	buf_dispose(&b);
	return -2;
}

/* A list of values from names[], as bits. */
static unsigned
get_flags(struct lctx *c, const struct ynode *map, const char *key,
    const char *const *names, size_t n)
{
	const struct ynode *v = yaml_get(map, key);
	struct strlist l;
	struct buf b = {0};
	unsigned bits = 0;
	size_t	 i, j;

	if (get_list(c, map, key, 0, &l) == -1)
		return 0;
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(l.v[i], names[j]) == 0)
				break;
		if (j < n) {
			bits |= 1u << j;
			continue;
		}
		buf_reset(&b);
		for (j = 0; j < n; j++)
			buf_printf(&b, "%s%s", j ? ", " : "", names[j]);
		err_at(c, list_item(v, i), "« %s » inconnu dans « %s » : valeurs "
		    "possibles %s%s", l.v[i], key, b.data,
		    hint(c, l.v[i], names, n));
	}
	buf_dispose(&b);
	return bits;
}

/*
 * Overseas départements have their own country code: the national
 * number 0262 12 34 56 is +262 262 12 34 56 from abroad (and in a tel:
 * link). Returns the country code of the 9 digits after the 0, or NULL.
 */
static const char *
overseas_cc(const char *nine)
{
	static const char *const tab[][2] = {
		{"262", "262"}, {"263", "262"}, {"269", "262"},
		{"639", "262"}, {"692", "262"}, {"693", "262"},
		{"590", "590"}, {"690", "590"}, {"691", "590"},
		{"594", "594"}, {"694", "594"},
		{"596", "596"}, {"696", "596"}, {"697", "596"}};
	size_t	 i;

	for (i = 0; i < sizeof(tab) / sizeof(*tab); i++)
		if (strncmp(nine, tab[i][0], 3) == 0)
			return tab[i][1];
	return NULL;
}

/*
 * French telephone numbers: 0X XX XX XX XX in any spacing (spaces, dots,
 * hyphens), +33 or 0033 followed by the 9 digits (+262, +590, +594,
 * +596 for the overseas départements), or a short number: 15, 17, 18,
 * 1XX (112, 115, 119), 1XXX and 3XXX (3919), 116 XXX (116 117).
 * Returns 0 and fills out, or -1.
 */
static int
parse_phone(struct arena *a, const char *s, struct phone *out)
{
	char	 dg[16];
	size_t	 n = 0;
	const char *p = s, *cc;
	int	 intl = 0;

	if (*p == '+') {
		intl = 1;
		p++;
	}
	for (; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n == sizeof(dg) - 1)
				return -1;
			dg[n++] = *p;
		} else if (*p == '(' && str_has_prefix(p, "(0)") && intl) {
			p += 2;		/* +33 (0)3 ... */
		} else if (*p != ' ' && *p != '.' && *p != '-' &&
		    strncmp(p, "\u00a0", 2) != 0) {
			return -1;
		} else if (*p == '\xc2')
			p++;
	}
	dg[n] = '\0';
	if (!intl && n > 4 && strncmp(dg, "00", 2) == 0) {
		memmove(dg, dg + 2, n - 1);
		n -= 2;
		intl = 1;
	}
	if (intl) {
		/* +33 9 digits, or +262 (…) and the 9 digits of that zone. */
		if (n == 11 && strncmp(dg, "33", 2) == 0 && dg[2] != '0')
			memmove(dg + 1, dg + 2, 10);
		else if (n == 12 && dg[3] != '0' && (cc = overseas_cc(dg + 3))
		    != NULL && strncmp(dg, cc, 3) == 0)
			memmove(dg + 1, dg + 3, 10);
		else
			return -1;
		dg[0] = '0';
		n = 10;
	} else if ((n == 2 && (strcmp(dg, "15") == 0 || strcmp(dg, "17") == 0 ||
	    strcmp(dg, "18") == 0)) || (n == 3 && dg[0] == '1') ||
	    (n == 4 && (dg[0] == '1' || dg[0] == '3'))) {
		out->display = arena_strdup(a, dg);
		out->uri = arena_printf(a, "tel:%s", dg);
		return 0;
	} else if (n == 6 && strncmp(dg, "116", 3) == 0) {
		out->display = arena_printf(a, "%.3s %.3s", dg, dg + 3);
		out->uri = arena_printf(a, "tel:%s", dg);
		return 0;
	}
	if (n != 10 || dg[0] != '0' || dg[1] == '0')
		return -1;
	out->display = arena_printf(a, "%.2s %.2s %.2s %.2s %.2s", dg, dg + 2,
	    dg + 4, dg + 6, dg + 8);
	if ((cc = overseas_cc(dg + 1)) != NULL)
		out->uri = arena_printf(a, "tel:+%s%s", cc, dg + 1);
	else
		out->uri = arena_printf(a, "tel:+33%s", dg + 1);
	return 0;
}

static int
valid_email(const char *s)
{
	const char *at = strchr(s, '@'), *p;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == '"' || *p == ',' || *p == ';')
			return 0;
	p = strrchr(at, '.');
	return p != NULL && p > at + 1 && p[1] != '\0';
}

/*
 * http(s) URL with a host name (letters, digits, dots, hyphens, or
 * non-ASCII for accented domains) and an optional port; no user
 * ("https://banque.fr@ailleurs.example/" deceives), no spaces, no quotes.
 */
static int
valid_url(const char *s)
{
	const char *p, *host;

	if (str_has_prefix(s, "https://"))
		host = s + 8;
	else if (str_has_prefix(s, "http://"))
		host = s + 7;
	else
		return 0;
	for (p = host; *p != '\0' && *p != '/' && *p != '?' && *p != '#' &&
	    *p != ':'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' &&
		    *p != '_' && (unsigned char)*p < 0x80)
			return 0;
	if (p == host || *host == '.' || *host == '-' || p[-1] == '-')
		return 0;
	if (*p == ':') {
		for (p++; isdigit((unsigned char)*p); p++)
			;
		if (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
			return 0;
	}
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '`' || *p == 0x7f)
			return 0;
	return 1;
}

static const char *
get_url(struct lctx *c, const struct ynode *map, const char *key, int req)
{
	const char *s = get_str(c, map, key, req);

	if (s != NULL && !valid_url(s)) {
		if (strchr(s, ':') != NULL && !str_has_prefix(s, "http"))
			err_at(c, yaml_get(map, key), "« %s » : seules les "
			    "adresses web en http:// ou https:// sont "
			    "acceptées (lu : « %s »)", key, s);
		else
			err_at(c, yaml_get(map, key), "« %s » : adresse web "
			    "invalide « %s » : écrivez-la en entier, par "
			    "exemple https://example.org/", key, s);
		return NULL;
	}
	return s;
}

static const char *
get_email(struct lctx *c, const struct ynode *map, const char *key)
{
	const char *s = get_str(c, map, key, 0);

	if (s != NULL && str_has_prefix(s, "mailto:"))
		s += 7;
	if (s != NULL && !valid_email(s)) {
		err_at(c, yaml_get(map, key), "« %s » : adresse électronique "
		    "invalide « %s » (attendu : nom@domaine.fr)", key, s);
		return NULL;
	}
	return s;
}

static void
get_phone(struct lctx *c, const struct ynode *map, const char *key,
    struct phone *out)
{
	const char *s = get_str(c, map, key, 0);

	memset(out, 0, sizeof(*out));
	if (s != NULL && parse_phone(c->a, s, out) == -1) {
		err_at(c, yaml_get(map, key), "« %s » : « %s » n'est pas un "
		    "numéro de téléphone français : écrivez 10 chiffres, par "
		    "exemple \"03 53 73 00 01\" ou \"+33 3 53 73 00 01\"", key,
		    s);
		memset(out, 0, sizeof(*out));
	}
}

/* Luhn checksum over digits, for SIRET, SIREN and FINESS. */
static int
luhn_ok(const char *s)
{
	size_t	 n = strlen(s), i;
	int	 sum = 0, d;

	for (i = 0; i < n; i++) {
		d = s[n - 1 - i] - '0';
		if (i % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum % 10 == 0;
}

/* Digits-only identifier, spaces removed. */
static const char *
get_ident(struct lctx *c, const struct ynode *map, const char *key,
    size_t ndigits, int corsica)
{
	const char *s = get_str(c, map, key, 0), *p;
	char	*t;
	size_t	 n = 0;

	if (s == NULL)
		return NULL;
	t = arena_alloc(c->a, strlen(s) + 1);
	for (p = s; *p != '\0'; p++)
		if (*p != ' ')
			t[n++] = *p;
	t[n] = '\0';
	if (corsica && n == ndigits && t[0] == '2' &&
	    (t[1] == 'A' || t[1] == 'B') && is_digits(t + 2, n - 2))
		return t;
	if (!is_digits(t, ndigits)) {
		err_at(c, yaml_get(map, key), "« %s » doit compter %zu chiffres "
		    "(lu : « %s »)", key, ndigits, s);
		return NULL;
	}
	if (!luhn_ok(t))
		warn_at(c, yaml_get(map, key), "« %s » « %s » : la clé de "
		    "contrôle est fausse, vérifiez le numéro", key, s);
	return t;
}

/*
 * Reads a content file: size cap (maxsz bytes), NUL bytes, UTF-8, BOM
 * and line endings, then, for Markdown files (md), splits the front
 * matter ("---" lines) from the body. Returns 0 or -1 (reported);
 * sf->data is malloc'd and must be freed by the caller.
 */
static int
read_source(struct lctx *c, struct srcfile *sf, const char *path, int md,
    size_t maxsz)
{
	enum read_status rs;
	size_t	 bad, i, j, line, col, bom;
	char	*p, *end, *close;
	int	 fmline;

	memset(sf, 0, sizeof(*sf));
	sf->rel = c->file;
	rs = util_read_file(&sf->data, &sf->len, path, maxsz);
	if (rs == READ_TOO_BIG) {
		diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "fichier trop gros "
		    "(%.1f Mo ; au plus %zu Mo) : %s, vérifiez qu'il s'agit "
		    "du bon fichier", (double)sf->len / MIB, maxsz / MIB, md ?
		    "une fiche fait quelques kilo-octets" : "c'est bien plus "
		    "que ce qu'un fichier de référence contient");
		return -1;
	}
	if (rs == READ_ERRNO) {
		diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "lecture impossible "
		    ": %s", util_strerror(errno));
		return -1;
	}
	if ((p = memchr(sf->data, '\0', sf->len)) != NULL ||
	    utf8_check(sf->data, sf->len, &bad) == -1) {
		if (p != NULL && (size_t)(p - sf->data) < (utf8_check(sf->data,
		    sf->len, &bad) == -1 ? bad : sf->len))
			bad = (size_t)(p - sf->data);
		else
			p = NULL;
		/* Columns count characters; a BOM is not one. */
		bom = sf->len >= 3 && memcmp(sf->data, "\xef\xbb\xbf", 3) == 0 &&
		    bad >= 3 ? 3 : 0;
		for (i = bom, line = 1, col = 1; i < bad; i++) {
			if (sf->data[i] == '\n' || (sf->data[i] == '\r' &&
			    sf->data[i + 1] != '\n')) {
				line++;
				col = 1;
			} else if (((unsigned char)sf->data[i] & 0xc0) != 0x80)
				col++;
		}
		if (p != NULL)
			diag_add(c->d, DIAG_ERROR, c->file, (int)line, (int)col,
			    "caractère nul (octet 0) à l'octet %zu : le fichier "
			    "est abîmé ou n'est pas un texte", bad);
		else
			diag_add(c->d, DIAG_ERROR, c->file, (int)line, (int)col,
			    "encodage invalide à l'octet %zu (0x%02x) : "
			    "enregistrez le fichier en UTF-8 (pas en "
			    "Windows-1252 ni en Latin-1)", bad,
			    (unsigned char)sf->data[bad]);
		return -1;
	}
	/*
	 * A BOM is legal; CRLF becomes LF, and so does a lone CR, which
	 * libyaml and cmark both take as a line end: every line count then
	 * agrees with theirs.
	 */
	if (sf->len >= 3 && memcmp(sf->data, "\xef\xbb\xbf", 3) == 0) {
		memmove(sf->data, sf->data + 3, sf->len - 2);
		sf->len -= 3;
	}
	for (i = j = 0; i < sf->len; i++) {
		if (sf->data[i] == '\r' && i + 1 < sf->len &&
		    sf->data[i + 1] == '\n')
			continue;
		sf->data[j++] = sf->data[i] == '\r' ? '\n' : sf->data[i];
	}
	sf->len = j;
	sf->data[j] = '\0';
	if (!md)
		return 0;

	if (sf->len == 0 || strspn(sf->data, " \n") == sf->len) {
		diag_add(c->d, DIAG_ERROR, c->file, 1, 1, "fichier vide : une "
		    "fiche commence par un en-tête entre deux lignes « --- »");
		return -1;
	}
	if (strncmp(sf->data, "---\n", 4) != 0 &&
	    strcmp(sf->data, "---") != 0) {
		diag_add(c->d, DIAG_ERROR, c->file, 1, 1, "l'en-tête manque : "
		    "le fichier doit commencer par une ligne « --- », puis les "
		    "champs (nom: …), puis une autre ligne « --- »");
		return -1;
	}
	p = sf->data + 4;
	end = sf->data + sf->len;
	close = NULL;
	fmline = 2;
	for (line = 2; p <= end && p < end; line++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);

		while (ll > 0 && p[ll - 1] == ' ')
			ll--;
		if ((ll == 3 && (memcmp(p, "---", 3) == 0 ||
		    memcmp(p, "...", 3) == 0))) {
			close = p;
			break;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (close == NULL) {
		diag_add(c->d, DIAG_ERROR, c->file, 1, 1, "l'en-tête ouvert "
		    "ligne 1 par « --- » n'est jamais fermé : ajoutez une ligne "
		    "« --- » après le dernier champ");
		return -1;
	}
	if (yaml_parse(&sf->fm, c->a, c->d, c->file, sf->data + 4,
	    (size_t)(close - (sf->data + 4)), fmline) == -1)
		return -1;
	if (sf->fm == NULL || sf->fm->kind != YN_MAP) {
		diag_add(c->d, DIAG_ERROR, c->file, 2, 1, "l'en-tête doit être "
		    "une suite de lignes « clé: valeur »%s",
		    sf->fm == NULL ? " (il est vide)" : "");
		return -1;
	}
	p = memchr(close, '\n', (size_t)(end - close));
	sf->body = p ? p + 1 : end;
	sf->body_len = (size_t)(end - sf->body);
	sf->body_line = (int)line + 1;
	return 0;
}

/* Whether the resolved path real is root_real or lies under it. */
static int
path_inside(const char *real, const char *root_real)
{
	size_t	 rl = strlen(root_real);

	if (rl == 1)		/* the content folder is "/" */
		return 1;
	return strncmp(real, root_real, rl) == 0 &&
	    (real[rl] == '/' || real[rl] == '\0');
}

/*
 * A file of the folder must stay in it: a symbolic link that leads
 * outside is refused, and so is anything but a regular file (a named
 * pipe would block the reading forever). Folders on the way were checked
 * by list_md. Returns 0 or -1 (reported).
 */
static int
check_inside(struct lctx *c, const char *root_real, const char *path)
{
	struct stat st;
	char	*real;

	if (lstat(path, &st) == -1) {
		diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "lecture impossible "
		    ": %s", util_strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL) {
			diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "lien "
			    "symbolique cassé : sa cible n'existe pas");
			return -1;
		}
		if (!path_inside(real, root_real) ||
		    strcmp(real, root_real) == 0) {
			diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "lien "
			    "symbolique qui sort du dossier de contenu (vers "
			    "%s) : copiez le fichier dans le dossier plutôt",
			    real);
			free(real);
			return -1;
		}
		free(real);
		if (stat(path, &st) == -1) {
			diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "lecture "
			    "impossible : %s", util_strerror(errno));
			return -1;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "%s : seul un "
		    "fichier texte ordinaire est lu ici", S_ISDIR(st.st_mode) ?
		    "c'est un dossier" : "ce n'est pas un fichier ordinaire "
		    "(tube nommé, périphérique…)");
		return -1;
	}
	return 0;
}

/* Reads a whole YAML file of the folder; NULL when absent or wrong. */
static struct ynode *
load_yaml(struct lctx *c, const char *rel, int req, char **data)
{
	struct srcfile sf;
	struct ynode *root = NULL;
	char	*path = util_path_join(c->b->content_dir, rel);
	struct stat st;

	*data = NULL;
	lctx_file(c, rel);
	memset(&sf, 0, sizeof(sf));
	if (lstat(path, &st) == -1) {
		if (req)
			diag_add(c->d, DIAG_ERROR, rel, 0, 0, "fichier "
			    "obligatoire absent du dossier de contenu");
		free(path);
		return NULL;
	}
	if (check_inside(c, c->root_real, path) == 0 &&
	    read_source(c, &sf, path, 0, strcmp(rel, "territoires.yaml") == 0 ?
	    MAX_TERR_SIZE : MAX_REF_SIZE) == 0 &&
	    yaml_parse(&root, c->a, c->d, rel, sf.data, sf.len, 1) == 0 &&
	    root == NULL && req)
		diag_add(c->d, DIAG_ERROR, rel, 1, 1, "fichier vide");
	free(path);
	*data = sf.data;
	return root;
}

static const char *const site_keys[] = {"titre", "sous_titre", "url",
    "editeur", "contact", "fraicheur_mois", "pdf", "edition", "lettre"};

static void
load_site(struct lctx *c)
{
	struct site_conf *s = &c->m->site;
	const struct ynode *root, *pdf, *let, *v;
	static const char *const pdf_keys[] = {"niveaux"};
	static const char *const let_keys[] = {"titre", "expediteur",
	    "desinscription"};
	struct strlist l;
	char	*data;
	const char *u;
	long	 x = 12;
	size_t	 i;
	int	 t;

	s->fraicheur_mois = 12;
	s->pdf_niveaux = 1u << TERR_DEPARTEMENT | 1u << TERR_EPCI;
	if ((root = load_yaml(c, "site.yaml", 1, &data)) == NULL)
		goto out;
	if (root->kind != YN_MAP) {
		err_at(c, root, "site.yaml doit être une suite de « clé: "
		    "valeur »");
		goto out;
	}
	check_keys(c, root, "site.yaml", site_keys,
	    sizeof(site_keys) / sizeof(*site_keys));
	s->titre = get_str(c, root, "titre", 1);
	s->sous_titre = get_str(c, root, "sous_titre", 0);
	if ((u = get_url(c, root, "url", 1)) != NULL)
		s->url = u[strlen(u) - 1] == '/' ? u :
		    arena_printf(c->a, "%s/", u);
	s->editeur = get_str(c, root, "editeur", 1);
	s->contact = get_email(c, root, "contact");
	if (get_int(c, root, "fraicheur_mois", 1, 120, &x) == 0)
		s->fraicheur_mois = (int)x;
	s->edition = get_url(c, root, "edition", 0);
	if ((pdf = yaml_get(root, "pdf")) != NULL) {
		if (pdf->kind != YN_MAP)
			err_at(c, pdf, "« pdf » doit contenir « niveaux: "
			    "[departement, epci] »");
		check_keys(c, pdf, "pdf", pdf_keys, 1);
		if (yaml_get(pdf, "niveaux") != NULL &&
		    get_list(c, pdf, "niveaux", 0, &l) == 0) {
			s->pdf_niveaux = 0;
			for (i = 0; i < l.n; i++) {
				for (t = 0; t < TERR__MAX; t++)
					if (strcmp(l.v[i],
					    terr_type_names[t]) == 0)
						break;
				if (t < TERR__MAX) {
					s->pdf_niveaux |= 1u << t;
					continue;
				}
				v = list_item(yaml_get(pdf, "niveaux"), i);
				err_at(c, v, "niveau de territoire inconnu "
				    "« %s »%s", l.v[i], hint(c, l.v[i],
				    terr_type_names, TERR__MAX));
			}
		}
	}
	if ((let = yaml_get(root, "lettre")) != NULL) {
		if (let->kind != YN_MAP)
			err_at(c, let, "« lettre » doit contenir titre, "
			    "expediteur, desinscription");
		check_keys(c, let, "lettre", let_keys, 3);
		s->lettre_titre = get_str(c, let, "titre", 0);
		s->lettre_expediteur = get_email(c, let, "expediteur");
		if ((u = get_str(c, let, "desinscription", 0)) != NULL) {
			if (str_has_prefix(u, "mailto:") ? !valid_email(u + 7) :
			    !str_has_prefix(u, "https://") || !valid_url(u))
				err_at(c, yaml_get(let, "desinscription"),
				    "« desinscription » doit être une adresse "
				    "mailto: ou https:// (lu : « %s »)", u);
			else
				s->lettre_desinscription = u;
		}
	}
	if (s->lettre_titre == NULL && s->titre != NULL)
		s->lettre_titre = s->titre;
	if (s->lettre_expediteur == NULL)
		s->lettre_expediteur = s->contact;
	if (s->lettre_desinscription == NULL && s->contact != NULL)
		s->lettre_desinscription = arena_printf(c->a, "mailto:%s"
		    "?subject=d%%C3%%A9sinscription", s->contact);
out:
	if (s->titre == NULL)
		s->titre = "Répertoire";
	if (s->url == NULL)
		s->url = "https://example.org/";
	if (s->editeur == NULL)
		s->editeur = "";
	free(data);
}

/* The map-of-entries files: types, besoins, publics. */
static const struct ynode *
ref_root(struct lctx *c, const char *rel, char **data)
{
	const struct ynode *root = load_yaml(c, rel, 1, data);

	if (root != NULL && root->kind != YN_MAP) {
		err_at(c, root, "%s doit associer des clés (en minuscules, "
		    "par exemple « rester-a-domicile ») à leur description",
		    rel);
		return NULL;
	}
	if (root != NULL && root->n == 0)
		err_at(c, root, "%s ne contient aucune entrée", rel);
	return root;
}

static int
check_entry(struct lctx *c, const struct ynode *k, const struct ynode *v)
{
	if (!is_slug(k->str)) {
		err_at(c, k, "clé « %s » invalide : lettres minuscules sans "
		    "accent, chiffres et tirets seulement", k->str);
		return -1;
	}
	if (v->kind != YN_MAP) {
		err_at(c, v, "« %s » doit contenir au moins « nom: … »",
		    k->str);
		return -1;
	}
	return 0;
}

/* data_inclusion: a key or a list of keys. */
static void
get_di(struct lctx *c, const struct ynode *map, struct strlist *out)
{
	const struct ynode *v = yaml_get(map, "data_inclusion");

	memset(out, 0, sizeof(*out));
	if (v != NULL && v->kind == YN_SCALAR && v->len > 0) {
		out->v = arena_alloc(c->a, sizeof(*out->v));
		out->v[0] = v->str;
		out->n = 1;
	} else if (v != NULL)
		get_list(c, map, "data_inclusion", 0, out);
}

static void
load_types(struct lctx *c)
{
	static const char *const keys[] = {"nom", "sigle", "famille",
	    "definition"};
	static const char *const familles[] = {"sanitaire", "medico-social",
	    "social", "transversal"};
	const struct ynode *root, *k, *v;
	struct type_def *t;
	char	*data;
	size_t	 i;
	int	 f;

	if ((root = ref_root(c, "types.yaml", &data)) != NULL) {
		c->m->types = arena_alloc(c->a, root->n * sizeof(*t));
		for (i = 0; i < root->n; i++) {
			k = root->items[2 * i];
			v = root->items[2 * i + 1];
			if (check_entry(c, k, v) == -1)
				continue;
			t = &c->m->types[c->m->ntypes++];
			t->key = k->str;
			pos_of(&t->pos, c, k);
			check_keys(c, v, "un type", keys, 4);
			t->nom = get_str(c, v, "nom", 1);
			t->sigle = get_str(c, v, "sigle", 0);
			t->definition = get_str(c, v, "definition", 0);
			f = get_enum(c, v, "famille", familles, 4);
			t->famille = f >= 0 ? (enum famille)(f + 1) :
			    FAMILLE_NONE;
			if (t->nom == NULL)
				t->nom = t->key;
		}
	}
	free(data);
}

static void
load_besoins(struct lctx *c)
{
	static const char *const keys[] = {"nom", "synonymes",
	    "data_inclusion"};
	const struct ynode *root, *k, *v;
	struct besoin *t;
	char	*data;
	size_t	 i;

	if ((root = ref_root(c, "besoins.yaml", &data)) != NULL) {
		c->m->besoins = arena_alloc(c->a, root->n * sizeof(*t));
		for (i = 0; i < root->n; i++) {
			k = root->items[2 * i];
			v = root->items[2 * i + 1];
			if (check_entry(c, k, v) == -1)
				continue;
			t = &c->m->besoins[c->m->nbesoins++];
			t->key = k->str;
			pos_of(&t->pos, c, k);
			check_keys(c, v, "un besoin", keys, 3);
			t->nom = get_str(c, v, "nom", 1);
			get_list(c, v, "synonymes", 0, &t->synonymes);
			get_di(c, v, &t->data_inclusion);
			if (t->nom == NULL)
				t->nom = t->key;
		}
	}
	free(data);
}

static void
load_publics(struct lctx *c)
{
	static const char *const keys[] = {"nom", "data_inclusion"};
	const struct ynode *root, *k, *v;
	struct public_def *t;
	char	*data;
	size_t	 i;

	if ((root = ref_root(c, "publics.yaml", &data)) != NULL) {
		c->m->publics = arena_alloc(c->a, root->n * sizeof(*t));
		for (i = 0; i < root->n; i++) {
			k = root->items[2 * i];
			v = root->items[2 * i + 1];
			if (check_entry(c, k, v) == -1)
				continue;
			t = &c->m->publics[c->m->npublics++];
			t->key = k->str;
			pos_of(&t->pos, c, k);
			check_keys(c, v, "un public", keys, 2);
			t->nom = get_str(c, v, "nom", 1);
			get_di(c, v, &t->data_inclusion);
			if (t->nom == NULL)
				t->nom = t->key;
		}
	}
	free(data);
}

static int
gloss_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gloss *)a)->sigle,
	    ((const struct gloss *)b)->sigle);
}

/* glossaire.yaml plus the sigles of types.yaml, sorted. */
static void
load_gloss(struct lctx *c)
{
	static const char *const keys[] = {"forme_longue"};
	const struct ynode *root, *k, *v;
	struct gloss *g;
	char	*data;
	size_t	 i, j, n = 0;

	root = load_yaml(c, "glossaire.yaml", 0, &data);
	if (root != NULL && root->kind != YN_MAP) {
		err_at(c, root, "glossaire.yaml doit associer des sigles à "
		    "leur forme longue, par exemple APA: {forme_longue: "
		    "Allocation personnalisée d'autonomie}");
		root = NULL;
	}
	n = (root ? root->n : 0) + c->m->ntypes;
	c->m->gloss = arena_alloc(c->a, n * sizeof(*g));
	for (i = 0; root != NULL && i < root->n; i++) {
		k = root->items[2 * i];
		v = root->items[2 * i + 1];
		g = &c->m->gloss[c->m->ngloss];
		g->sigle = k->str;
		g->type = -1;
		pos_of(&g->pos, c, k);
		if (v->kind == YN_SCALAR && v->len > 0) {
			g->forme_longue = v->str;
		} else if (v->kind == YN_MAP) {
			check_keys(c, v, "le glossaire", keys, 1);
			g->forme_longue = get_str(c, v, "forme_longue", 1);
		} else
			err_at(c, v, "« %s » : donnez sa forme longue, par "
			    "exemple %s: {forme_longue: …}", k->str, k->str);
		if (g->forme_longue != NULL)
			c->m->ngloss++;
	}
	free(data);
	for (i = 0; i < c->m->ntypes; i++) {
		if (c->m->types[i].sigle == NULL)
			continue;
		for (j = 0; j < c->m->ngloss; j++)
			if (strcmp(c->m->gloss[j].sigle,
			    c->m->types[i].sigle) == 0)
				break;
		if (j < c->m->ngloss)
			continue;	/* the glossary's own wording wins */
		g = &c->m->gloss[c->m->ngloss++];
		g->sigle = c->m->types[i].sigle;
		g->forme_longue = c->m->types[i].nom;
		g->type = (int)i;
		g->pos = c->m->types[i].pos;
	}
	qsort(c->m->gloss, c->m->ngloss, sizeof(*c->m->gloss), gloss_cmp);
}

/* Territories under construction (the array grows while reading). */
struct tload {
	struct territory *t;
	size_t		 n, cap;
	const struct ynode **inclut;	/* zones: raw lists */
	const struct ynode **exclut;
};

static const char *const terr_keys[] = {"code", "nom", "type", "contient"};
static const char *const zone_keys[] = {"code", "nom", "type", "inclut",
    "exclut"};

/* Order of the tree's levels: a territory contains only lower ones. */
static int
terr_rank(enum terr_type t)
{
	switch (t) {
	case TERR_REGION:
		return 0;
	case TERR_DEPARTEMENT:
		return 1;
	case TERR_EPCI:
		return 2;
	case TERR_COMMUNE:
		return 3;
	default:
		return 4;
	}
}

/* COG syntax of a code, by type; NULL when fine, else the expected form. */
static const char *
code_syntax(const char *code, enum terr_type t)
{
	size_t	 n = strlen(code);

	switch (t) {
	case TERR_REGION:
		return is_digits(code, 2) ? NULL : "2 chiffres (code INSEE de "
		    "la région, par exemple 27)";
	case TERR_DEPARTEMENT:
		if ((is_digits(code, 2) && strcmp(code, "20") != 0) ||
		    strcmp(code, "2A") == 0 || strcmp(code, "2B") == 0 ||
		    (is_digits(code, 3) && strncmp(code, "97", 2) == 0 &&
		    code[2] >= '1' && code[2] <= '6'))
			return NULL;
		return "2 caractères (58, 2A) ou 3 chiffres outre-mer (971)";
	case TERR_EPCI:
		return is_digits(code, 9) ? NULL : "9 chiffres (le SIREN de "
		    "l'EPCI)";
	case TERR_COMMUNE:
		if (n == 5 && ((isdigit((unsigned char)code[0]) &&
		    isdigit((unsigned char)code[1])) || (code[0] == '2' &&
		    (code[1] == 'A' || code[1] == 'B'))) &&
		    is_digits(code + 2, 3) && strncmp(code, "20", 2) != 0)
			return NULL;
		return "5 caractères (code INSEE, par exemple 58194 ou 2A004)";
	default:
		for (; *code != '\0'; code++)
			if (!isalnum((unsigned char)*code) && *code != '-' &&
			    *code != '_')
				return "lettres, chiffres et tirets (par "
				    "exemple bassin-nord)";
		return n > 0 ? NULL : "un code non vide";
	}
}

static int
get_terr_type(struct lctx *c, const struct ynode *map, int zone)
{
	int	 t = get_enum(c, map, "type", terr_type_names, TERR__MAX);

	if (t == -1)
		err_at(c, map, "« type » est obligatoire (%s)", zone ?
		    "zone ou quartier" : "region, departement, epci, commune "
		    "ou quartier");
	if (t >= 0 && zone && t != TERR_ZONE && t != TERR_QUARTIER) {
		err_at(c, yaml_get(map, "type"), "une zone est de type « zone » "
		    "ou « quartier » ; les autres territoires vont dans "
		    "« arbre »");
		t = TERR_ZONE;
	}
	if (t == TERR_ZONE && !zone) {
		err_at(c, yaml_get(map, "type"), "les zones se déclarent sous "
		    "« zones », avec « inclut »");
		t = -2;
	}
	return t;
}

static int
tload_add(struct lctx *c, struct tload *tl, const struct ynode *v, int zone,
    int parent, int depth)
{
	struct territory *t;
	const char *why;
	int	 type;

	if (v->kind != YN_MAP) {
		err_at(c, v, "un territoire s'écrit {code: …, nom: …, type: …}");
		return -1;
	}
	check_keys(c, v, zone ? "une zone" : "un territoire", zone ?
	    zone_keys : terr_keys, zone ? 5 : 4);
	if (tl->n == tl->cap) {
		tl->cap = tl->cap ? tl->cap * 2 : 64;
		tl->t = xrealloc(tl->t, tl->cap * sizeof(*tl->t));
		tl->inclut = xrealloc(tl->inclut, tl->cap * sizeof(*tl->inclut));
		tl->exclut = xrealloc(tl->exclut, tl->cap * sizeof(*tl->exclut));
	}
	t = &tl->t[tl->n];
	memset(t, 0, sizeof(*t));
	tl->inclut[tl->n] = tl->exclut[tl->n] = NULL;
	t->code = get_str(c, v, "code", 1);
	t->nom = get_str(c, v, "nom", 1);
	type = get_terr_type(c, v, zone);
	if (t->code == NULL || type < 0)
		return -1;
	t->type = (enum terr_type)type;
	t->is_zone = zone;
	t->parent = parent;
	t->depth = depth;
	t->commune_no = -1;
	pos_of(&t->pos, c, yaml_get(v, "code"));
	if (t->nom == NULL)
		t->nom = t->code;
	if ((why = code_syntax(t->code, t->type)) != NULL)
		err_at(c, yaml_get(v, "code"), "code « %s » invalide pour un "
		    "territoire de type %s : attendu %s", t->code,
		    terr_type_names[t->type], why);
	if (parent >= 0 && terr_rank(t->type) <= terr_rank(tl->t[parent].type))
		err_at(c, yaml_get(v, "type"), "un territoire de type %s ne "
		    "peut pas être contenu dans « %s » (%s)",
		    terr_type_names[t->type], tl->t[parent].nom,
		    terr_type_names[tl->t[parent].type]);
	if (zone) {
		tl->inclut[tl->n] = yaml_get(v, "inclut");
		tl->exclut[tl->n] = yaml_get(v, "exclut");
		if (tl->inclut[tl->n] == NULL)
			err_at(c, v, "la zone « %s » doit lister ce qu'elle "
			    "inclut (inclut: [codes])", t->code);
		else if (tl->inclut[tl->n]->kind == YN_SEQ &&
		    tl->inclut[tl->n]->n == 0)
			err_at(c, tl->inclut[tl->n], "« inclut » est vide : la "
			    "zone « %s » doit inclure au moins un territoire",
			    t->code);
	}
	return (int)tl->n++;
}

static void
tload_tree(struct lctx *c, struct tload *tl, const struct ynode *list,
    int parent, int depth)
{
	const struct ynode *sub;
	size_t	 i;
	int	 k;

	if (list->kind != YN_SEQ) {
		err_at(c, list, "« %s » doit être une liste de territoires "
		    "(lignes commençant par « - »)", parent < 0 ? "arbre" :
		    "contient");
		return;
	}
	for (i = 0; i < list->n; i++) {
		if ((k = tload_add(c, tl, list->items[i], 0, parent,
		    depth)) < 0)
			continue;
		if ((sub = yaml_get(list->items[i], "contient")) != NULL)
			tload_tree(c, tl, sub, k, depth + 1);
	}
}

/* Resolves the territory codes of a list node (for zones and sheets). */
static void
resolve_codes(struct lctx *c, const struct ynode *list, const char *key,
    struct idset *out, int communes_only)
{
	const struct ynode *it;
	const struct model *m = c->m;
	const char **codes;
	size_t	 i, j;
	int	 t;
	const char *h;

	memset(out, 0, sizeof(*out));
	if (list == NULL)
		return;
	if (list->kind != YN_SEQ) {
		err_at(c, list, "« %s » doit être une liste de codes, par "
		    "exemple %s: [\"%s\"]", key, key, list->kind ==
		    YN_SCALAR ? list->str : "58");
		return;
	}
	out->v = arena_alloc(c->a, list->n * sizeof(int));
	for (i = 0; i < list->n; i++) {
		it = list->items[i];
		if (it->kind != YN_SCALAR) {
			err_at(c, it, "les éléments de « %s » sont des codes de "
			    "territoire", key);
			continue;
		}
		if ((t = strmap_get(m->terr_by_code, it->str)) >= 0) {
			if (communes_only && m->terr[t].type != TERR_COMMUNE) {
				err_at(c, it, "« %s » (%s) n'est pas une "
				    "commune : « %s » n'accepte que des "
				    "communes", it->str, m->terr[t].nom, key);
				continue;
			}
			out->v[out->n++] = t;
			continue;
		}
		/* No territory at all: territoires.yaml said why. */
		if (m->nterr == 0)
			continue;
		/* A name instead of a code is the usual slip. */
		h = c->hints > 0 ? NULL : "";
		for (j = 0; h == NULL && j < m->nterr; j++)
			if (strcasecmp(m->terr[j].nom, it->str) == 0) {
				h = arena_printf(c->a, " (vouliez-vous dire « %s"
				    " », le code de %s ?)", m->terr[j].code,
				    m->terr[j].nom);
				c->hints--;
			}
		if (h == NULL) {
			codes = xmalloc(m->nterr * sizeof(*codes));
			for (j = 0; j < m->nterr; j++)
				codes[j] = m->terr[j].code;
			h = hint(c, it->str, codes, m->nterr);
			free(codes);
		}
		err_at(c, it, "le territoire « %s » n'existe pas%s", it->str,
		    h);
	}
}

static void
load_territories(struct lctx *c)
{
	struct model *m = c->m;
	struct tload tl = {0};
	const struct ynode *root, *arbre, *zones;
	char	*data;
	size_t	 i;
	int	 k;

	root = load_yaml(c, "territoires.yaml", 1, &data);
	if (root != NULL && root->kind != YN_MAP) {
		err_at(c, root, "territoires.yaml contient deux clés : "
		    "« arbre » et « zones »");
		root = NULL;
	}
	if (root != NULL) {
		static const char *const keys[] = {"arbre", "zones"};

		check_keys(c, root, "territoires.yaml", keys, 2);
		if ((arbre = yaml_get(root, "arbre")) == NULL)
			err_at(c, root, "« arbre » manque : c'est la liste des "
			    "territoires (département, EPCI, communes)");
		else
			tload_tree(c, &tl, arbre, -1, 0);
		if (arbre != NULL && arbre->kind == YN_SEQ && arbre->n == 0)
			err_at(c, arbre, "« arbre » est vide : listez au moins "
			    "un département, ses EPCI et leurs communes");
		if ((zones = yaml_get(root, "zones")) != NULL) {
			if (zones->kind != YN_SEQ)
				err_at(c, zones, "« zones » doit être une liste");
			else
				for (i = 0; i < zones->n; i++)
					tload_add(c, &tl, zones->items[i], 1,
					    -1, 0);
		}
	}
	m->terr = arena_memdup(c->a, tl.t, tl.n * sizeof(*tl.t));
	m->nterr = tl.n;
	m->terr_by_code = xcalloc(1, sizeof(*m->terr_by_code));
	strmap_init(m->terr_by_code, tl.n);
	for (i = 0; i < m->nterr; i++) {
		k = strmap_get(m->terr_by_code, m->terr[i].code);
		if (k >= 0) {
			diag_add(c->d, DIAG_ERROR, m->terr[i].pos.file,
			    m->terr[i].pos.line, m->terr[i].pos.col, "code "
			    "« %s » en double (déjà donné ligne %d pour %s)",
			    m->terr[i].code, m->terr[k].pos.line,
			    m->terr[k].nom);
			continue;
		}
		strmap_put(m->terr_by_code, m->terr[i].code, (int)i);
	}
	/* Zones refer to codes: resolve them once every code is known. */
	for (i = 0; i < m->nterr; i++) {
		if (!m->terr[i].is_zone)
			continue;
		resolve_codes(c, tl.inclut[i], "inclut", &m->terr[i].inclut, 0);
		resolve_codes(c, tl.exclut[i], "exclut", &m->terr[i].exclut, 0);
	}
	free(tl.t);
	free(tl.inclut);
	free(tl.exclut);
	free(data);
}

/* Keys of a referential, for lookups and suggestions. */
struct refkeys {
	struct strmap	*map;
	const char	**names;
	size_t		 n;
	const char	*file;		/* "besoins.yaml" */
};

static void
refkeys_make(struct refkeys *r, struct strmap **mapp, const char *file,
    const void *arr, size_t n, size_t stride)
{
	size_t	 i;
	const char *key;

	r->names = xcalloc(n, sizeof(*r->names));
	r->n = n;
	r->file = file;
	*mapp = xcalloc(1, sizeof(**mapp));
	strmap_init(*mapp, n);
	r->map = *mapp;
	for (i = 0; i < n; i++) {
		key = *(const char *const *)((const char *)arr + i * stride);
		r->names[i] = key;
		strmap_put(r->map, key, (int)i);
	}
}

/* Resolves a list of referential keys. */
static void
get_refs(struct lctx *c, const struct ynode *map, const char *key, int req,
    const struct refkeys *r, struct idset *out)
{
	struct strlist l;
	const struct ynode *v = yaml_get(map, key);
	size_t	 i, j;
	int	 k;

	memset(out, 0, sizeof(*out));
	if (get_list(c, map, key, req, &l) == -1 || l.n == 0)
		return;
	out->v = arena_alloc(c->a, l.n * sizeof(int));
	for (i = 0, j = 0; i < v->n; i++) {
		if (v->items[i]->kind != YN_SCALAR)
			continue;
		if ((k = strmap_get(r->map, v->items[i]->str)) >= 0) {
			out->v[out->n++] = k;
			continue;
		}
		if (r->n == 0)		/* the referential said why */
			continue;
		err_at(c, v->items[i], "« %s » n'existe pas dans %s%s",
		    v->items[i]->str, r->file, hint(c, v->items[i]->str,
		    r->names, r->n));
		j++;
	}
}

/* Everything a sheet worker needs, read-only. */
struct sheetjob {
	struct build	*b;
	struct model	*m;
	const char	*root_real;
	char		**names;	/* file names in fiches/ */
	size_t		 n;
	atomic_size_t	 next;
	struct refkeys	 types, besoins, publics;
	const struct ynode **liens;	/* per sheet, resolved later */
	unsigned char	*broken;	/* per sheet: could not be read */
	long		 stale_before;	/* verifie_le older is stale */
};

static const char *const sheet_keys[] = {"nom", "sigle", "type", "resume",
    "publics", "besoins", "territoires", "porteur", "lieux", "horaires",
    "contact", "acces", "orientation", "conditions_acces", "age_min",
    "age_max", "frais", "frais_precisions", "langues", "interpretariat",
    "liens", "mots_cles", "fermetures", "statut", "siret", "finess",
    "verifie_le", "contacts_pro"};
static const char *const place_keys[] = {"nom", "adresse", "code_postal",
    "commune", "lat", "lon", "horaires", "horaires_precisions",
    "accessibilite"};
static const char *const contact_keys[] = {"telephone", "email", "site"};
static const char *const person_keys[] = {"nom", "role", "email",
    "telephone"};
static const char *const closure_keys[] = {"du", "au", "motif"};
static const char *const acces_names[] = {"accueil", "rendez-vous",
    "telephone", "domicile", "en-ligne"};
static const char *const orient_names[] = {"usagers", "professionnels"};
static const char *const frais_names[] = {"gratuit", "payant"};
static const char *const statut_names[] = {"actif", "ferme", "brouillon"};

/* ISO 639-1 codes an editor may write. */
static const char *const iso639[] = {"aa", "ab", "af", "ak", "am", "ar",
    "as", "ay", "az", "ba", "be", "bg", "bm", "bn", "bo", "br", "bs", "ca",
    "co", "cs", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es",
    "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl",
    "gn", "gu", "ha", "he", "hi", "hr", "ht", "hu", "hy", "id", "ig", "is",
    "it", "ja", "jv", "ka", "kg", "kk", "km", "kn", "ko", "ks", "ku", "ky",
    "la", "lb", "lg", "ln", "lo", "lt", "lv", "mg", "mi", "mk", "ml", "mn",
    "mr", "ms", "mt", "my", "nb", "ne", "nl", "nn", "no", "ny", "oc", "om",
    "or", "pa", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa",
    "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr",
    "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl",
    "tn", "to", "tr", "ts", "tt", "ty", "ug", "uk", "ur", "uz", "vi", "wo",
    "xh", "yi", "yo", "zh", "zu"};

static void
get_hours(struct lctx *c, const struct ynode *map, const char **src,
    struct hours **out)
{
	const struct ynode *v = yaml_get(map, "horaires");
	const char *msg = NULL;
	int	 col = 0;

	*src = get_str(c, map, "horaires", 0);
	*out = NULL;
	if (*src == NULL)
		return;
	if ((*out = hours_parse(c->a, *src, &col, &msg)) == NULL) {
		struct ynode at = *v;

		/* Point into the value when it sits on one line. */
		if (col > 0)
			at.col += col - 1 + (v->quoted ? 1 : 0);
		err_at(c, &at, "« horaires » : %s", msg ? msg :
		    "format non reconnu");
	}
}

/*
 * A decimal number as people write coordinates: [-]digits[.digits].
 * strtod would also take "0x2e", "inf", "1e1" and leading spaces.
 */
static int
parse_decimal(const char *s, double *out)
{
	const char *p = s;
	char	*end;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0')
		return -1;
	*out = strtod(s, &end);
	return 0;
}

/* lat or lon within ±lim degrees; 0 or -1 (reported). */
static int
get_coord(struct lctx *c, const struct ynode *v, const char *what, double lim,
    double *out)
{
	const char *comma;

	if (v->kind == YN_SCALAR && parse_decimal(v->str, out) == 0 &&
	    *out >= -lim && *out <= lim)
		return 0;
	comma = v->kind == YN_SCALAR ? strchr(v->str, ',') : NULL;
	err_at(c, v, "%s « %s » invalide : un nombre entre %g et %g%s", what,
	    v->kind == YN_SCALAR ? v->str : yaml_kind_french(v), -lim, lim,
	    comma != NULL ? ", avec un point et non une virgule (46.99)" :
	    lim == 90 ? " (en France métropolitaine, entre 41 et 51.5)" :
	    " (en France métropolitaine, entre -5.5 et 10)");
	*out = 0;
	return -1;
}

/*
 * Metropolitan France with Corsica, the overseas départements (Antilles
 * and Guyane; Réunion and Mayotte) and Saint-Pierre-et-Miquelon.
 */
static int
in_france(double lat, double lon)
{
	return (lat >= 41 && lat <= 51.5 && lon >= -5.5 && lon <= 10) ||
	    (lat >= 2 && lat <= 18.5 && lon >= -63.5 && lon <= -51) ||
	    (lat >= -21.5 && lat <= -12.5 && lon >= 44.5 && lon <= 56) ||
	    (lat >= 46.5 && lat <= 47.5 && lon >= -56.5 && lon <= -56);
}

static void
get_place(struct lctx *c, const struct ynode *v, struct place *p,
    const struct sheetjob *j)
{
	const struct ynode *lat, *lon, *com;
	int	 t;

	memset(p, 0, sizeof(*p));
	p->commune = -1;
	pos_of(&p->pos, c, v);
	if (v->kind != YN_MAP) {
		err_at(c, v, "un lieu s'écrit avec des clés : nom, adresse, "
		    "code_postal, commune…");
		return;
	}
	check_keys(c, v, "un lieu", place_keys,
	    sizeof(place_keys) / sizeof(*place_keys));
	p->nom = get_str(c, v, "nom", 0);
	p->adresse = get_str(c, v, "adresse", 0);
	p->code_postal = get_str(c, v, "code_postal", 0);
	if (p->code_postal != NULL && !is_digits(p->code_postal, 5)) {
		err_at(c, yaml_get(v, "code_postal"), "code postal « %s » "
		    "invalide : 5 chiffres entre guillemets, par exemple "
		    "\"58000\"", p->code_postal);
		p->code_postal = NULL;
	}
	if ((com = yaml_get(v, "commune")) != NULL) {
		if (com->kind != YN_SCALAR)
			err_at(c, com, "« commune » est un code de commune");
		else if ((t = strmap_get(c->m->terr_by_code, com->str)) < 0 ||
		    c->m->terr[t].type != TERR_COMMUNE) {
			struct idset tmp;
			struct ynode one = *com, *arr[1];
			struct ynode list = {0};

			if (t >= 0)
				err_at(c, com, "« %s » (%s) n'est pas une "
				    "commune : donnez le code INSEE de la "
				    "commune du lieu", com->str,
				    c->m->terr[t].nom);
			else {
				arr[0] = &one;
				list.kind = YN_SEQ;
				list.items = arr;
				list.n = 1;
				resolve_codes(c, &list, "commune", &tmp, 1);
			}
		} else
			p->commune = t;
	}
	lat = yaml_get(v, "lat");
	lon = yaml_get(v, "lon");
	if ((lat == NULL) != (lon == NULL))
		err_at(c, lat ? lat : lon, "donnez à la fois « lat » et « lon » "
		    "(ou aucun des deux)");
	else if (lat != NULL) {
		int	 ok = 1;

		if (get_coord(c, lat, "latitude", 90, &p->lat) == -1)
			ok = 0;
		if (get_coord(c, lon, "longitude", 180, &p->lon) == -1)
			ok = 0;
		if (ok) {
			p->has_geo = 1;
			if (!in_france(p->lat, p->lon))
				warn_at(c, lat, "les coordonnées (%s, %s) "
				    "tombent hors de France%s", lat->str,
				    lon->str, in_france(p->lon, p->lat) ?
				    " : lat et lon sont inversées ?" : "");
		}
	}
	get_hours(c, v, &p->horaires, &p->hours);
	p->horaires_precisions = get_str(c, v, "horaires_precisions", 0);
	p->accessibilite = get_str(c, v, "accessibilite", 0);
	(void)j;
}

static void
get_person(struct lctx *c, const struct ynode *v, struct person *p)
{
	memset(p, 0, sizeof(*p));
	if (v->kind != YN_MAP) {
		err_at(c, v, "un contact professionnel s'écrit {nom: …, role: "
		    "…, email: …}");
		return;
	}
	check_keys(c, v, "un contact professionnel", person_keys, 4);
	p->nom = get_str(c, v, "nom", 1);
	p->role = get_str(c, v, "role", 0);
	p->email = get_email(c, v, "email");
	get_phone(c, v, "telephone", &p->telephone);
}

/* Adds months to a date, clamping the day (31 March + 1 month). */
static long
date_add_months(long days, int months)
{
	int	 y, m, d, dim;

	date_to_ymd(days, &y, &m, &d);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	for (dim = 31; dim > 28; dim--) {
		long	 t = date_from_ymd(y, m, dim);
		int	 yy, mm, dd;

		date_to_ymd(t, &yy, &mm, &dd);
		if (mm == m)
			break;
	}
	return date_from_ymd(y, m, d < dim ? d : dim);
}

/*
 * Converts one sheet's front matter; every problem is reported.
 */
static void
load_sheet(struct lctx *c, struct sheetjob *j, struct sheet *s,
    const struct srcfile *sf, size_t idx)
{
	const struct ynode *fm = sf->fm, *v, *ct;
	struct strlist l;
	long	 x;
	size_t	 i, k;
	int	 e;

	check_keys(c, fm, "une fiche", sheet_keys,
	    sizeof(sheet_keys) / sizeof(*sheet_keys));
	s->nom = get_str(c, fm, "nom", 1);
	s->sigle = get_str(c, fm, "sigle", 0);
	s->type = -1;
	if ((v = yaml_get(fm, "type")) == NULL)
		err_at(c, fm, "« type » est obligatoire et manque ici (une clé "
		    "de types.yaml, par exemple « clic »)");
	else if (v->kind != YN_SCALAR)
		err_at(c, v, "« type » est une seule clé de types.yaml, pas %s",
		    yaml_kind_french(v));
	else if ((s->type = strmap_get(j->types.map, v->str)) < 0 &&
	    j->types.n > 0)
		err_at(c, v, "le type « %s » n'existe pas dans types.yaml%s",
		    v->str, hint(c, v->str, j->types.names, j->types.n));
	s->resume = get_str(c, fm, "resume", 1);
	if (s->resume != NULL && utf8_len(s->resume) > 280)
		err_at(c, yaml_get(fm, "resume"), "« resume » fait %zu "
		    "caractères : 280 au plus, une phrase simple (le détail va "
		    "dans le texte de la fiche)", utf8_len(s->resume));
	get_refs(c, fm, "publics", 1, &j->publics, &s->publics);
	get_refs(c, fm, "besoins", 1, &j->besoins, &s->besoins);
	if ((v = yaml_get(fm, "territoires")) == NULL)
		err_at(c, fm, "« territoires » est obligatoire et manque ici "
		    "(les codes des territoires où le service intervient)");
	else {
		resolve_codes(c, v, "territoires", &s->territoires, 0);
		if (v->kind == YN_SEQ && v->n == 0)
			err_at(c, v, "« territoires » ne peut pas être vide");
	}
	s->porteur = get_str(c, fm, "porteur", 0);
	if ((v = yaml_get(fm, "lieux")) != NULL) {
		if (v->kind != YN_SEQ)
			err_at(c, v, "« lieux » doit être une liste de lieux "
			    "(chacun commence par « - nom: … »)");
		else {
			s->lieux = arena_alloc(c->a, v->n * sizeof(*s->lieux));
			for (i = 0; i < v->n; i++)
				get_place(c, v->items[i], &s->lieux[i], j);
			s->nlieux = v->n;
		}
	}
	get_hours(c, fm, &s->horaires, &s->hours);
	if ((ct = yaml_get(fm, "contact")) == NULL)
		err_at(c, fm, "« contact » est obligatoire et manque ici "
		    "(au moins un téléphone, un courriel ou un site)");
	else if (ct->kind != YN_MAP)
		err_at(c, ct, "« contact » contient telephone, email ou site, "
		    "chacun sur sa ligne");
	else {
		check_keys(c, ct, "contact", contact_keys, 3);
		get_phone(c, ct, "telephone", &s->telephone);
		s->email = get_email(c, ct, "email");
		s->site = get_url(c, ct, "site", 0);
		if (s->telephone.display == NULL && s->email == NULL &&
		    s->site == NULL && yaml_get(ct, "telephone") == NULL &&
		    yaml_get(ct, "email") == NULL &&
		    yaml_get(ct, "site") == NULL)
			err_at(c, ct, "« contact » doit donner au moins un "
			    "téléphone, un courriel ou un site");
		else if (s->telephone.display == NULL && s->email == NULL &&
		    s->site == NULL && yaml_get(ct, "telephone") &&
		    yaml_get(ct, "telephone")->len == 0)
			err_at(c, yaml_get(ct, "telephone"), "« telephone » est "
			    "vide : donnez un numéro, un courriel ou un site");
	}
	s->acces = get_flags(c, fm, "acces", acces_names, 5);
	s->orientation = get_flags(c, fm, "orientation", orient_names, 2);
	s->conditions_acces = get_str(c, fm, "conditions_acces", 0);
	s->age_min = s->age_max = -1;
	if (get_int(c, fm, "age_min", 0, 120, &x) == 0 &&
	    yaml_get(fm, "age_min"))
		s->age_min = (int)x;
	if (get_int(c, fm, "age_max", 0, 120, &x) == 0 &&
	    yaml_get(fm, "age_max"))
		s->age_max = (int)x;
	if (s->age_min >= 0 && s->age_max >= 0 && s->age_min > s->age_max)
		err_at(c, yaml_get(fm, "age_max"), "« age_max » (%d) est "
		    "inférieur à « age_min » (%d)", s->age_max, s->age_min);
	e = get_enum(c, fm, "frais", frais_names, 2);
	s->frais = e >= 0 ? (enum frais)(e + 1) : FRAIS_NONE;
	s->frais_precisions = get_str(c, fm, "frais_precisions", 0);
	if (get_list(c, fm, "langues", 0, &s->langues) == 0 &&
	    s->langues.n > 0) {
		v = yaml_get(fm, "langues");
		for (i = 0; i < s->langues.n; i++) {
			for (k = 0; k < sizeof(iso639) / sizeof(*iso639); k++)
				if (strcmp(iso639[k], s->langues.v[i]) == 0)
					break;
			if (k == sizeof(iso639) / sizeof(*iso639))
				err_at(c, list_item(v, i), "langue « %s » inconnue : "
				    "code ISO 639-1 à deux lettres (fr, en, "
				    "ar…)%s", s->langues.v[i], hint(c,
				    s->langues.v[i], iso639, sizeof(iso639) /
				    sizeof(*iso639)));
		}
	}
	if (s->langues.n == 0) {
		s->langues.v = arena_alloc(c->a, sizeof(*s->langues.v));
		s->langues.v[0] = "fr";
		s->langues.n = 1;
	}
	e = get_bool(c, fm, "interpretariat");
	s->interpretariat = e >= 0 ? e : -1;
	if ((v = yaml_get(fm, "liens")) != NULL) {
		if (get_list(c, fm, "liens", 0, &l) == 0)
			j->liens[idx] = v;
	}
	get_list(c, fm, "mots_cles", 0, &s->mots_cles);
	if ((v = yaml_get(fm, "fermetures")) != NULL) {
		if (v->kind != YN_SEQ)
			err_at(c, v, "« fermetures » est une liste : - {du: "
			    "2026-12-24, au: 2027-01-02, motif: …}");
		else {
			s->fermetures = arena_alloc(c->a, v->n *
			    sizeof(*s->fermetures));
			for (i = 0; i < v->n; i++) {
				const struct ynode *f = v->items[i];
				struct closure *cl =
				    &s->fermetures[s->nfermetures];

				if (f->kind != YN_MAP) {
					err_at(c, f, "une fermeture s'écrit {du: "
					    "AAAA-MM-JJ, au: AAAA-MM-JJ, motif: "
					    "…}");
					continue;
				}
				check_keys(c, f, "une fermeture", closure_keys,
				    3);
				if (get_date(c, f, "du", 1, &cl->du) != 1 ||
				    get_date(c, f, "au", 1, &cl->au) != 1)
					continue;
				if (cl->au < cl->du) {
					err_at(c, yaml_get(f, "au"), "la "
					    "fermeture finit (« au ») avant de "
					    "commencer (« du »)");
					continue;
				}
				cl->motif = get_str(c, f, "motif", 0);
				s->nfermetures++;
			}
		}
	}
	e = get_enum(c, fm, "statut", statut_names, 3);
	s->statut = e >= 0 ? (enum statut)e : STATUT_ACTIF;
	s->siret = get_ident(c, fm, "siret", 14, 0);
	s->finess = get_ident(c, fm, "finess", 9, 1);
	if (get_date(c, fm, "verifie_le", 1, &s->verifie_le) == 1) {
		char	 iso[11];

		if (s->verifie_le > j->m->today)
			err_at(c, yaml_get(fm, "verifie_le"), "« verifie_le » "
			    "(%s) est dans le futur : mettez la date où la "
			    "fiche a été vérifiée avec le service",
			    date_iso(iso, s->verifie_le));
		else if (s->verifie_le < j->stale_before) {
			s->stale = 1;
			if (s->statut == STATUT_ACTIF)
				warn_at(c, yaml_get(fm, "verifie_le"), "fiche à "
				    "vérifier : vérifiée le %s, il y a plus de "
				    "%d mois", date_iso(iso, s->verifie_le),
				    j->m->site.fraicheur_mois);
		}
	}
	if ((v = yaml_get(fm, "contacts_pro")) != NULL) {
		if (v->kind != YN_SEQ)
			err_at(c, v, "« contacts_pro » est une liste : - {nom: "
			    "…, role: …, email: …}");
		else {
			s->contacts_pro = arena_alloc(c->a, v->n *
			    sizeof(*s->contacts_pro));
			for (i = 0; i < v->n; i++)
				get_person(c, v->items[i], &s->contacts_pro[i]);
			s->ncontacts_pro = v->n;
		}
	}
	if (s->nom == NULL)
		s->nom = s->id;
	if (s->resume == NULL)
		s->resume = "";
}

/* One worker: takes the next file until there is none. */
struct worker {
	struct sheetjob	*job;
	struct arena	*arena;
	pthread_t	 thread;
	int		 started;
};

static void *
sheet_worker(void *arg)
{
	struct worker *w = arg;
	struct sheetjob *j = w->job;
	struct arena *a = w->arena;
	struct lctx c;
	struct srcfile sf;
	struct sheet *s;
	char	*path;
	size_t	 i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->n) {
		memset(&sf, 0, sizeof(sf));
		s = &j->m->sheets[i];
		memset(s, 0, sizeof(*s));
		s->file = arena_printf(a, "fiches/%s", j->names[i]);
		s->id = arena_strndup(a, j->names[i],
		    strlen(j->names[i]) - 3);
		s->type = -1;
		s->pos.file = s->file;
		s->pos.line = 1;
		s->pos.col = 1;
		memset(&c, 0, sizeof(c));
		c.a = a;
		c.d = &j->b->diags;
		c.root_real = j->root_real;
		lctx_file(&c, s->file);
		c.m = j->m;
		c.b = j->b;
		if (!is_slug(s->id))
			diag_add(c.d, DIAG_ERROR, s->file, 0, 0, "nom de fichier "
			    "invalide : l'identifiant « %s » ne doit contenir "
			    "que des minuscules sans accent, des chiffres et "
			    "des tirets (il sert dans l'adresse de la page)",
			    s->id);
		path = util_path_join(j->b->content_dir, s->file);
		if (check_inside(&c, j->root_real, path) == 0 &&
		    read_source(&c, &sf, path, 1, MAX_MD_SIZE) == 0) {
			load_sheet(&c, j, s, &sf, i);
			if (md_check(c.d, s->file, sf.body, sf.body_len,
			    sf.body_line) == 0) {
				s->body = arena_strndup(a, sf.body,
				    sf.body_len);
				s->body_len = sf.body_len;
				s->body_line = sf.body_line;
			}
		} else {
			s->statut = STATUT_BROUILLON;	/* keep it out */
			j->broken[i] = 1;
		}
		if (s->nom == NULL)
			s->nom = s->id;
		if (s->resume == NULL)
			s->resume = "";
		free(sf.data);
		sf.data = NULL;
		free(path);
	}
	return NULL;
}

/*
 * The *.md files of a subfolder, sorted; other files get a warning.
 * Returns the count, or -1 when the folder cannot be read (reported
 * unless it is absent and optional).
 */
static ssize_t
list_md(struct build *b, const char *root_real, const char *sub, char ***out,
    int req)
{
	char	*dir = util_path_join(b->content_dir, sub), **v, *real;
	ssize_t	 n, i, k;
	size_t	 l;
	int	 e;

	*out = NULL;
	if ((n = util_list_dir(&v, dir)) < 0) {
		e = errno;
		if (e != ENOENT || req)
			diag_add(&b->diags, DIAG_ERROR, sub, 0, 0, "dossier "
			    "%s%s", e == ENOENT ? "absent" : "illisible : ",
			    e == ENOENT ? "" : util_strerror(e));
		free(dir);
		return e == ENOENT && !req ? 0 : -1;
	}
	/* The folder itself may be a symbolic link leading elsewhere. */
	if ((real = realpath(dir, NULL)) == NULL ||
	    !path_inside(real, root_real) || strcmp(real, root_real) == 0) {
		diag_add(&b->diags, DIAG_ERROR, sub, 0, 0, "le dossier est un "
		    "lien symbolique qui sort du dossier de contenu (vers %s) "
		    ": copiez les fichiers dans le dossier plutôt",
		    real ? real : "?");
		free(real);
		util_free_names(v, n);
		free(dir);
		return -1;
	}
	free(real);
	free(dir);
	for (i = k = 0; i < n; i++) {
		l = strlen(v[i]);
		if (l < 4 || strcmp(v[i] + l - 3, ".md") != 0) {
			char	*rel = util_path_join(sub, v[i]);

			diag_add(&b->diags, DIAG_WARNING, rel, 0, 0, "fichier "
			    "ignoré : seuls les fichiers .md sont lus ici");
			free(rel);
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	*out = v;
	return k;
}

/* Sheet ids in fiches/ and news `fiches:` resolve through this. */
static void
get_sheet_refs(struct lctx *c, const struct ynode *list, const char *key,
    const char *self, struct idset *out)
{
	const struct model *m = c->m;
	const struct ynode *it;
	const char **ids;
	size_t	 i, k;
	int	 t;

	memset(out, 0, sizeof(*out));
	if (list == NULL || list->kind != YN_SEQ)
		return;
	out->v = arena_alloc(c->a, list->n * sizeof(int));
	for (i = 0; i < list->n; i++) {
		it = list->items[i];
		if (it->kind != YN_SCALAR)
			continue;
		if (self != NULL && strcmp(it->str, self) == 0) {
			err_at(c, it, "une fiche ne peut pas se citer "
			    "elle-même dans « %s »", key);
			continue;
		}
		if ((t = m->sheet_by_id == NULL ? -1 :
		    strmap_get(m->sheet_by_id, it->str)) < 0) {
			ids = NULL;
			if (c->hints > 0) {
				ids = xmalloc((m->nsheets + 1) * sizeof(*ids));
				for (k = 0; k < m->nsheets; k++)
					ids[k] = m->sheets[k].id;
			}
			err_at(c, it, "la fiche « %s » n'existe pas (pas de "
			    "fichier fiches/%s.md)%s", it->str, it->str,
			    ids ? hint(c, it->str, ids, m->nsheets) : "");
			free(ids);
			continue;
		}
		/* A sheet that could not be read has its own error. */
		if (c->broken != NULL && c->broken[t])
			continue;
		if (m->sheets[t].statut == STATUT_BROUILLON) {
			warn_at(c, it, "la fiche « %s » est un brouillon : "
			    "elle n'est pas publiée, le lien sera omis",
			    it->str);
			continue;
		}
		if (idset_has(out, t)) {
			warn_at(c, it, "« %s » est cité deux fois dans « %s »",
			    it->str, key);
			continue;
		}
		out->v[out->n++] = t;
	}
}

static const char *const news_keys[] = {"titre", "date", "territoires",
    "fiches"};
static const char *const page_keys[] = {"titre"};
/* Free pages are published at /SLUG/: these are taken. */
static const char *const reserved_slugs[] = {"fiches", "territoires",
    "besoins", "publics", "types", "recherche", "actualites", "glossaire",
    "a-z", "donnees", "assets", "pdf", "flyers", "lettre", "404",
    "sitemap.xml", "robots.txt", "index"};

/* Newest first; same day: by slug, descending, so the order is total. */
static int
news_cmp(const void *a, const void *b)
{
	const struct news *x = a, *y = b;

	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return -strcmp(x->slug, y->slug);
}

static void
load_news(struct build *b, const char *root_real,
    const unsigned char *broken)
{
	struct model *m = &b->model;
	struct lctx c = {&b->arena, &b->diags, NULL, m, b, root_real,
	    broken, 0};
	struct srcfile sf;
	struct news *nw;
	char	**names, *path;
	ssize_t	 n, i;
	long	 d;

	if ((n = list_md(b, root_real, "actualites", &names, 0)) <= 0)
		return;
	m->news = arena_alloc(&b->arena, (size_t)n * sizeof(*m->news));
	for (i = 0; i < n; i++) {
		nw = &m->news[m->nnews];
		memset(nw, 0, sizeof(*nw));
		memset(&sf, 0, sizeof(sf));
		nw->file = arena_printf(&b->arena, "actualites/%s", names[i]);
		nw->slug = arena_strndup(&b->arena, names[i],
		    strlen(names[i]) - 3);
		lctx_file(&c, nw->file);
		path = util_path_join(b->content_dir, nw->file);
		if (check_inside(&c, root_real, path) == 0 &&
		    read_source(&c, &sf, path, 1, MAX_MD_SIZE) == 0) {
			check_keys(&c, sf.fm, "une actualité", news_keys, 4);
			nw->titre = get_str(&c, sf.fm, "titre", 1);
			if (get_date(&c, sf.fm, "date", 1, &nw->date) == 1 &&
			    (strlen(nw->slug) < 12 || date_parse(&d,
			    arena_strndup(&b->arena, nw->slug, 10)) == -1 ||
			    nw->slug[10] != '-' || !is_slug(nw->slug + 11)))
				diag_add(c.d, DIAG_ERROR, nw->file, 0, 0,
				    "nom de fichier invalide : une actualité "
				    "s'appelle AAAA-MM-JJ-titre-court.md");
			else if (nw->date && d != nw->date)
				warn_at(&c, yaml_get(sf.fm, "date"), "la date "
				    "ne correspond pas à celle du nom de "
				    "fichier");
			resolve_codes(&c, yaml_get(sf.fm, "territoires"),
			    "territoires", &nw->territoires, 0);
			if (yaml_get(sf.fm, "fiches") != NULL &&
			    get_list(&c, sf.fm, "fiches", 0,
			    &(struct strlist){0}) == 0)
				get_sheet_refs(&c, yaml_get(sf.fm, "fiches"),
				    "fiches", NULL, &nw->fiches);
			if (md_check(c.d, nw->file, sf.body, sf.body_len,
			    sf.body_line) == 0) {
				nw->body = arena_strndup(&b->arena, sf.body,
				    sf.body_len);
				nw->body_len = sf.body_len;
				nw->body_line = sf.body_line;
			}
			if (nw->titre != NULL && nw->date != 0)
				m->nnews++;
		}
		free(sf.data);
		free(path);
	}
	qsort(m->news, m->nnews, sizeof(*m->news), news_cmp);
	util_free_names(names, n);
}

static void
load_pages(struct build *b, const char *root_real)
{
	struct model *m = &b->model;
	struct lctx c = {&b->arena, &b->diags, NULL, m, b, root_real, NULL, 0};
	struct srcfile sf;
	struct page *pg;
	char	**names, *path;
	ssize_t	 n, i;
	size_t	 k;

	if ((n = list_md(b, root_real, "pages", &names, 0)) <= 0)
		return;
	m->pages = arena_alloc(&b->arena, (size_t)n * sizeof(*m->pages));
	for (i = 0; i < n; i++) {
		pg = &m->pages[m->npages];
		memset(&sf, 0, sizeof(sf));
		pg->file = arena_printf(&b->arena, "pages/%s", names[i]);
		pg->slug = arena_strndup(&b->arena, names[i],
		    strlen(names[i]) - 3);
		lctx_file(&c, pg->file);
		path = util_path_join(b->content_dir, pg->file);
		if (!is_slug(pg->slug))
			diag_add(c.d, DIAG_ERROR, pg->file, 0, 0, "nom de "
			    "fichier invalide : minuscules sans accent, "
			    "chiffres et tirets (la page est publiée à /%s/)",
			    pg->slug);
		for (k = 0; k < sizeof(reserved_slugs) /
		    sizeof(*reserved_slugs); k++)
			if (strcmp(pg->slug, reserved_slugs[k]) == 0)
				diag_add(c.d, DIAG_ERROR, pg->file, 0, 0, "« %s »"
				    " est déjà une rubrique du site : "
				    "renommez la page", pg->slug);
		if (check_inside(&c, root_real, path) == 0 &&
		    read_source(&c, &sf, path, 1, MAX_MD_SIZE) == 0) {
			check_keys(&c, sf.fm, "une page", page_keys, 1);
			pg->titre = get_str(&c, sf.fm, "titre", 1);
			if (md_check(c.d, pg->file, sf.body, sf.body_len,
			    sf.body_line) == 0) {
				pg->body = arena_strndup(&b->arena, sf.body,
				    sf.body_len);
				pg->body_len = sf.body_len;
				pg->body_line = sf.body_line;
			}
			if (pg->titre != NULL)
				m->npages++;
		}
		free(sf.data);
		free(path);
	}
	util_free_names(names, n);
}

/*
 * Reads fiches/ with worker threads. Returns which sheets could not be
 * read at all (malloc'd, one byte per sheet; NULL without fiches/).
 */
static unsigned char *
load_sheets(struct build *b, const char *root_real)
{
	struct model *m = &b->model;
	struct sheetjob j;
	struct worker *w;
	struct lctx c = {&b->arena, &b->diags, NULL, m, b, root_real, NULL, 0};
	ssize_t	 n;
	size_t	 i, nw;

	memset(&j, 0, sizeof(j));
	if ((n = list_md(b, root_real, "fiches", &j.names, 1)) < 0)
		return NULL;
	if (n == 0)
		diag_add(&b->diags, DIAG_WARNING, "fiches", 0, 0, "aucune "
		    "fiche : le répertoire sera vide");
	j.b = b;
	j.m = m;
	j.n = (size_t)n;
	j.root_real = root_real;
	atomic_init(&j.next, 0);
	refkeys_make(&j.types, &m->type_by_key, "types.yaml", m->types,
	    m->ntypes, sizeof(*m->types));
	refkeys_make(&j.besoins, &m->besoin_by_key, "besoins.yaml",
	    m->besoins, m->nbesoins, sizeof(*m->besoins));
	refkeys_make(&j.publics, &m->public_by_key, "publics.yaml",
	    m->publics, m->npublics, sizeof(*m->publics));
	j.stale_before = date_add_months(m->today, -m->site.fraicheur_mois);
	j.liens = xcalloc(j.n ? j.n : 1, sizeof(*j.liens));
	j.broken = xcalloc(j.n ? j.n : 1, 1);
	c.broken = j.broken;
	m->sheets = arena_alloc(&b->arena, j.n * sizeof(*m->sheets));
	m->nsheets = j.n;

	nw = (size_t)b->jobs;
	if (nw > j.n / 64 + 1)
		nw = j.n / 64 + 1;	/* threads only pay off on many files */
	b->warenas = xcalloc(nw, sizeof(*b->warenas));
	b->nwarenas = nw;
	w = xcalloc(nw, sizeof(*w));
	for (i = 0; i < nw; i++) {
		arena_init(&b->warenas[i]);
		w[i].job = &j;
		w[i].arena = &b->warenas[i];
	}
	if (nw == 1)
		sheet_worker(&w[0]);
	else {
		/* Workers take files from one counter: one that cannot
		 * start runs here instead, with its own arena. */
		for (i = 0; i < nw; i++)
			w[i].started = pthread_create(&w[i].thread, NULL,
			    sheet_worker, &w[i]) == 0;
		for (i = 0; i < nw; i++)
			if (!w[i].started)
				sheet_worker(&w[i]);
		for (i = 0; i < nw; i++)
			if (w[i].started)
				pthread_join(w[i].thread, NULL);
	}
	free(w);

	/* Ids, then links, which need every id. */
	m->sheet_by_id = xcalloc(1, sizeof(*m->sheet_by_id));
	strmap_init(m->sheet_by_id, j.n);
	for (i = 0; i < j.n; i++)
		strmap_put(m->sheet_by_id, m->sheets[i].id, (int)i);
	for (i = 0; i < j.n; i++) {
		if (j.liens[i] == NULL)
			continue;
		lctx_file(&c, m->sheets[i].file);
		get_sheet_refs(&c, j.liens[i], "liens", m->sheets[i].id,
		    &m->sheets[i].liens);
	}
	free(j.liens);
	free(j.types.names);
	free(j.besoins.names);
	free(j.publics.names);
	util_free_names(j.names, n);
	return j.broken;
}

/*
 * Loads everything; see build.h.
 */
int
load_content(struct build *b)
{
	struct model *m = &b->model;
	struct lctx c = {&b->arena, &b->diags, NULL, m, b, NULL, NULL, 0};
	struct stat st;
	char	*root_real;
	unsigned char *broken;
	double	 t0 = build_clock();

	if (stat(b->content_dir, &st) == -1) {
		fprintf(stderr, "maillage : le dossier de contenu « %s » %s%s\n",
		    b->content_dir, errno == ENOENT ? "n'existe pas" :
		    "est illisible : ", errno == ENOENT ? "" :
		    util_strerror(errno));
		return 3;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "maillage : « %s » n'est pas un dossier (donnez "
		    "le dossier de contenu, qui contient site.yaml)\n",
		    b->content_dir);
		return 3;
	}
	if ((root_real = realpath(b->content_dir, NULL)) == NULL) {
		fprintf(stderr, "maillage : %s : %s\n", b->content_dir,
		    util_strerror(errno));
		return 3;
	}
	c.root_real = root_real;
	m->today = date_today();
	load_site(&c);
	load_territories(&c);
	load_types(&c);
	load_besoins(&c);
	load_publics(&c);
	load_gloss(&c);
	build_phase(b, "référentiels : %zu territoires, %zu types, %zu "
	    "besoins, %zu publics, %zu sigles (%.0f ms)", m->nterr, m->ntypes,
	    m->nbesoins, m->npublics, m->ngloss, (build_clock() - t0) * 1e3);
	t0 = build_clock();
	model_resolve_territories(b);
	broken = load_sheets(b, root_real);
	load_news(b, root_real, broken);
	free(broken);
	load_pages(b, root_real);
	free(root_real);
	build_phase(b, "fiches : %zu lues, %zu actualités, %zu pages "
	    "(%.0f ms)", m->nsheets, m->nnews, m->npages,
	    (build_clock() - t0) * 1e3);
	model_derive(b);
	return b->diags.nerr > 0 ? 1 : 0;
}
