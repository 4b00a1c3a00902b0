/*
 * load_field.c: the loader's field readers: one front-matter or YAML
 * value checked and converted (strings, lists, numbers, dates, enums,
 * phone numbers, e-mails, URLs, SIRET/FINESS), each problem reported at
 * its file:line:column with a hint.
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
#include "diag.h"
#include "fold.h"
#include "hours.h"
#include "md.h"
#include "model.h"
#include "schema.h"
#include "util.h"
#include "yaml.h"
#include "load_int.h"

void
pos_of(struct srcpos *p, const struct lctx *c, const struct ynode *n)
{
	p->file = c->file;
	p->line = n ? n->line : 1;
	p->col = n ? n->col : 1;
}

void
err_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_ERROR, c->file, n ? n->line : 0, n ? n->col : 0,
	    fmt, ap);
	va_end(ap);
}

void
warn_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_WARNING, c->file, n ? n->line : 0,
	    n ? n->col : 0, fmt, ap);
	va_end(ap);
}

/* « (vouliez-vous dire « x » ?) » or "" (also when out of hints). */
const char *
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
void
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
			if (k->str[0] == allowed[j][0] &&
			    strcmp(k->str, allowed[j]) == 0)
				break;
		if (j < n)
			continue;
		err_at(c, k, "clé inconnue « %s » dans %s%s", k->str, what,
		    hint(c, k->str, allowed, n));
	}
}

/*
 * The first bidirectional control of s (U+202A-202E, U+2066-2069,
 * U+200E-200F, U+061C), or NULL. Invisible, they reorder what follows:
 * « gpj.exe » with U+202E before it shows as « exe.jpg ».
 */
static const char *
find_bidi(const char *s, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0xaa &&
		    p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f)) {
			*cp = 0x2000 + (p[2] & 0x3f);
			return (const char *)p;
		}
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 &&
		    p[2] <= 0xa9) {
			*cp = 0x2040 + (p[2] & 0x3f);
			return (const char *)p;
		}
		if (p[0] == 0xd8 && p[1] == 0x9c) {
			*cp = 0x061c;
			return (const char *)p;
		}
	}
	return NULL;
}

/*
 * Refuses a text with a bidirectional control, at its column when the
 * scalar is on one line. Returns 0, or -1 when reported.
 */
static int
check_bidi(struct lctx *c, const struct ynode *v, const char *key)
{
	const char *p, *q;
	unsigned cp;
	int	 col;

	if ((p = find_bidi(v->str, &cp)) == NULL)
		return 0;
	col = v->col + (v->quoted ? 1 : 0);
	for (q = v->str; q < p && *q != '\n'; q++)
		if ((*q & 0xc0) != 0x80)
			col++;
	diag_add(c->d, DIAG_ERROR, c->file, v->line, q < p ? v->col : col,
	    "« %s » contient un caractère de contrôle bidirectionnel "
	    "invisible (U+%04X) : il change l'ordre d'affichage du texte "
	    "(« gpj.exe » peut s'afficher « exe.jpg ») ; retapez ce texte "
	    "sans le copier-coller", key, cp);
	return -1;
}

/*
 * A required or optional text. Returns NULL when absent or wrong, after
 * reporting what is wrong. Surrounding spaces are trimmed.
 */
const char *
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
	if (check_bidi(c, v, key) == -1)
		return NULL;
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
int
get_list(struct lctx *c, const struct ynode *map, const char *key, int req,
    struct strlist *out)
{
	const struct ynode *v = yaml_get(map, key), *it;
	unsigned char *rep;
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
	rep = list_repeats(c, v, key);
	for (i = 0; i < v->n; i++) {
		it = v->items[i];
		if (it->kind != YN_SCALAR || it->len == 0) {
			err_at(c, it, "les éléments de « %s » doivent être des "
			    "textes, pas %s", key, it->kind == YN_SCALAR ?
			    "une valeur vide" : yaml_kind_french(it));
			continue;
		}
		if (check_bidi(c, it, key) == -1 || (rep != NULL && rep[i]))
			continue;
		out->v[out->n++] = c->scratch ? arena_strdup(c->a, it->str) :
		    it->str;
	}
	free(rep);
	return 0;
}

unsigned char *
list_repeats(struct lctx *c, const struct ynode *v, const char *key)
{
	struct strmap seen;
	unsigned char *rep = NULL;
	size_t	*count = NULL, *second = NULL, i;
	int	 k;

	if (v == NULL || v->kind != YN_SEQ || v->n < 2)
		return NULL;
	strmap_init(&seen, v->n);
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != YN_SCALAR)
			continue;
		if (strmap_put(&seen, v->items[i]->str, (int)i) == 0)
			continue;
		if (rep == NULL) {
			rep = xcalloc(v->n, 1);
			count = xcalloc(v->n, sizeof(*count));
			second = xcalloc(v->n, sizeof(*second));
		}
		rep[i] = 1;
		k = strmap_get(&seen, v->items[i]->str);
		if (count[k]++ == 0)
			second[k] = i;
	}
	/* One warning per repeated text, where it is repeated first. */
	for (i = 0; rep != NULL && i < v->n; i++)
		if (count[i] > 0)
			warn_at(c, v->items[second[i]], "« %s » est répété "
			    "dans « %s » (%zu fois) : gardé une fois",
			    v->items[i]->str, key, count[i] + 1);
	strmap_free(&seen);
	free(count);
	free(second);
	return rep;
}

/*
 * The node of the i-th text that get_list kept from the list v (it skips
 * items that are not texts, refused or repeated): for the position of
 * an error. Quadratic: for error paths only.
 */
const struct ynode *
list_item(const struct ynode *v, size_t i)
{
	const struct ynode *it;
	size_t	 k, j;
	unsigned cp;

	for (k = 0; k < v->n; k++) {
		it = v->items[k];
		if (it->kind != YN_SCALAR || it->len == 0 ||
		    find_bidi(it->str, &cp) != NULL)
			continue;
		for (j = 0; j < k; j++)
			if (v->items[j]->kind == YN_SCALAR &&
			    strcmp(v->items[j]->str, it->str) == 0)
				break;
		if (j == k && i-- == 0)
			return it;
	}
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
int
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
int
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
int
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
int
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
unsigned
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

int
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
int
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

const char *
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

const char *
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

void
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
const char *
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

/* Folded letters and digits only. */
static void
name_key(struct buf *out, const char *s)
{
	struct buf f = {0};
	size_t	 i;

	fold_text(&f, s);
	for (i = 0; i < f.len; i++)
		if ((f.data[i] >= 'a' && f.data[i] <= 'z') ||
		    (f.data[i] >= '0' && f.data[i] <= '9'))
			buf_putc(out, f.data[i]);
	buf_dispose(&f);
}

int
same_name(const char *a, const char *b)
{
	struct buf x = {0}, y = {0};
	size_t	 bad;
	int	 same;

	/* Folding reads valid UTF-8 only (file names may not be). */
	if (utf8_check(a, strlen(a), &bad) != 0 ||
	    utf8_check(b, strlen(b), &bad) != 0)
		return 0;
	name_key(&x, a);
	name_key(&y, b);
	same = x.len > 0 && x.len == y.len && memcmp(x.data, y.data,
	    x.len) == 0;
	buf_dispose(&x);
	buf_dispose(&y);
	return same;
}

char *
slug_of(struct arena *a, const char *name)
{
	struct buf f = {0}, out = {0};
	size_t	 i;
	char	*r;
	int	 dash = 0;

	if (utf8_check(name, strlen(name), &i) != 0)
		return arena_strndup(a, "", 0);
	fold_text(&f, name);
	for (i = 0; i < f.len; i++) {
		if ((f.data[i] >= 'a' && f.data[i] <= 'z') ||
		    (f.data[i] >= '0' && f.data[i] <= '9')) {
			if (dash && out.len > 0)
				buf_putc(&out, '-');
			buf_putc(&out, f.data[i]);
			dash = 0;
		} else
			dash = 1;
	}
	r = arena_strndup(a, out.len ? out.data : "", out.len);
	buf_dispose(&f);
	buf_dispose(&out);
	return r;
}

void
check_keys_of(struct lctx *c, const struct ynode *map, const char *what,
    int o)
{
	const char *const *names;
	size_t	 n;

	names = schema_names((enum schema_obj)o, &n);
	check_keys(c, map, what, names, n);
}
