/*
 * tmpl.c: Mustache templates (https://github.com/mustache/spec, without
 * lambdas), compiled once to a flat op list and rendered by walking the
 * ops with a context stack.
 *
 * Standalone lines (a section, inverted, close, comment, partial or
 * delimiter tag alone on its line) are removed at compile time. A
 * standalone partial keeps its leading whitespace as an indentation: the
 * spec defines it as prefixed to every non-empty line of the partial's
 * source, so each op carries a "bol" flag (it starts a source line) and
 * the renderer writes the current indentation there and after the
 * newlines inside text spans. Interpolated values are never indented.
 *
 * Values: null renders nothing, booleans render "true" or "false" (as the
 * reference implementations do), lists and maps render nothing. In a
 * section, a list is iterated, any other truthy value (true, a non-empty
 * string, a map, even an empty one) is pushed once; null, false, "" and
 * [] are falsy.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "tmpl.h"
#include "util.h"

#define TMPL_MAX_DEPTH	32			/* nested partials */
/* Partials in one render: a national directory's territory tree (35,000
 * communes, one partial each) fits 3 times over. */
#define TMPL_MAX_CALLS	(1 << 17)
#define TMPL_MAX_SIZE	(16 * 1024 * 1024)	/* bytes of one file */
/*
 * Bytes one render may write. Partials that call each other through
 * sections grow the output exponentially before TMPL_MAX_CALLS stops
 * them (fuzz_tmpl: 13 s for one page); the largest page of a national
 * directory is a few MB.
 */
#define TMPL_MAX_OUTPUT	(32 * 1024 * 1024)
#define TMPL_EXT	".mustache"
#define NOPOS		((size_t)-1)

struct tv_pair {
	const char	*key;		/* copied in the arena */
	uint32_t	 hash;		/* key_hash(key) */
	struct tval	*val;		/* NULL reads as null */
};

struct tval {
	enum tval_kind	 kind;
	int		 b;		/* TV_BOOL */
	const char	*s;		/* TV_STR, NUL-terminated */
	size_t		 n;		/* bytes, list items or map pairs */
	size_t		 cap;		/* TV_LIST, TV_MAP: allocated slots */
	struct tval	**items;	/* TV_LIST */
	struct tv_pair	*pairs;		/* TV_MAP */
};

/* One part of a dotted name, hashed at compile time. */
struct tkey {
	const char	*s;
	uint32_t	 hash;
};

struct tname {
	const char	*raw;		/* as written, trimmed */
	struct tkey	*keys;		/* a.b.c split at the dots */
	size_t		 n;		/* 0 for the implicit iterator "." */
};

enum op_kind {
	OP_TEXT,		/* literal span (empty: only an indent point) */
	OP_VAR,			/* {{name}}, escaped */
	OP_RAW,			/* {{{name}}} and {{& name}} */
	OP_SECTION,		/* {{#name}} */
	OP_INVERTED,		/* {{^name}} */
	OP_END,			/* {{/name}} */
	OP_PARTIAL		/* {{> name}} */
};

struct tmpl;

struct op {
	enum op_kind	 kind;
	unsigned	 bol : 1;	/* starts a source line: indent here */
	unsigned	 standalone : 1; /* OP_PARTIAL alone on its line */
	const char	*text;		/* OP_TEXT span, OP_PARTIAL indent */
	size_t		 len;		/* length of text */
	struct tname	 name;		/* variables, sections, partial */
	size_t		 jump;		/* section ↔ its OP_END */
	const struct tmpl *target;	/* OP_PARTIAL, NULL until it exists */
	size_t		 pos;		/* offset of the tag in src */
};

struct tmpl {
	const char	*name;		/* file name without .mustache */
	const char	*file;		/* templates/NAME.mustache */
	const char	*src;		/* source, in the set's arena */
	size_t		 len;
	struct op	*ops;		/* malloc'd */
	size_t		 nops;
};

struct tmpl_set {
	struct arena	 arena;		/* names, sources, dotted keys */
	const char	*dirbase;	/* directory name used in messages */
	struct tmpl	**list;		/* in order of addition */
	size_t		 n, cap;
};

/* The 5 characters escaped in {{name}}, and their entities. */
static const unsigned char esc_class[256] = {
	['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5
};
static const char *const esc_rep[] = {
	"", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;"
};
static const size_t esc_len[] = { 0, 5, 4, 4, 6, 5 };

/* FNV-1a: map keys are compared by hash first. */
static uint32_t
key_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t	 i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct tval *
tv_new(struct arena *a, enum tval_kind kind)
{
	struct tval *v = arena_alloc(a, sizeof(*v));

	v->kind = kind;
	return v;
}

struct tval *
tv_null(struct arena *a)
{
	return tv_new(a, TV_NULL);
}

struct tval *
tv_bool(struct arena *a, int b)
{
	struct tval *v = tv_new(a, TV_BOOL);

	v->b = b != 0;
	return v;
}

/*
 * The string is copied into the arena; NULL gives a null value.
 */
struct tval *
tv_str(struct arena *a, const char *s)
{
	struct tval *v;

	if (s == NULL)
		return tv_null(a);
	v = tv_new(a, TV_STR);
	v->n = strlen(s);
	v->s = arena_strndup(a, s, v->n);
	return v;
}

/*
 * A count as French writes it: thousands apart by a narrow no-break
 * space (« 9 913 services »). Every integer of the templates is one.
 */
struct tval *
tv_int(struct arena *a, long i)
{
	struct tval *v = tv_new(a, TV_STR);
	char	 d[24], out[48];
	size_t	 n, k, o = 0;

	n = (size_t)snprintf(d, sizeof(d), "%ld", i);
	for (k = 0; k < n; k++) {
		if (k > 0 && d[k - 1] != '-' && (n - k) % 3 == 0) {
			memcpy(out + o, "\u202f", 3);
			o += 3;
		}
		out[o++] = d[k];
	}
	out[o] = '\0';
	v->s = arena_strndup(a, out, o);
	v->n = o;
	return v;
}

struct tval *
tv_list(struct arena *a)
{
	return tv_new(a, TV_LIST);
}

struct tval *
tv_map(struct arena *a)
{
	return tv_new(a, TV_MAP);
}

/*
 * Appends to a list; arrays grow by doubling inside the arena (the old
 * array is left there, at most as much again).
 */
void
tv_push(struct arena *a, struct tval *list, struct tval *item)
{
	struct tval **items;

	if (list == NULL || list->kind != TV_LIST)
		return;
	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		items = arena_alloc(a, list->cap * sizeof(*items));
		if (list->n)
			memcpy(items, list->items, list->n * sizeof(*items));
		list->items = items;
	}
	list->items[list->n++] = item;
}

/* Returns the index of key in map, or NOPOS. */
static size_t
map_index(const struct tval *m, const char *key, uint32_t hash)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (m->pairs[i].hash == hash &&
		    strcmp(m->pairs[i].key, key) == 0)
			return i;
	return NOPOS;
}

/*
 * Sets key in map (key copied); a later set of the same key replaces the
 * value in place, so the order of first insertion is kept.
 */
void
tv_set(struct arena *a, struct tval *map, const char *key, struct tval *val)
{
	struct tv_pair *pairs;
	size_t	 klen, i;
	uint32_t h;

	if (map == NULL || map->kind != TV_MAP || key == NULL)
		return;
	klen = strlen(key);
	h = key_hash(key, klen);
	if ((i = map_index(map, key, h)) != NOPOS) {
		map->pairs[i].val = val;
		return;
	}
	if (map->n == map->cap) {
		map->cap = map->cap ? map->cap * 2 : 8;
		pairs = arena_alloc(a, map->cap * sizeof(*pairs));
		if (map->n)
			memcpy(pairs, map->pairs, map->n * sizeof(*pairs));
		map->pairs = pairs;
	}
	pairs = &map->pairs[map->n++];
	pairs->key = arena_strndup(a, key, klen);
	pairs->hash = h;
	pairs->val = val;
}

void
tv_set_str(struct arena *a, struct tval *map, const char *key, const char *s)
{
	tv_set(a, map, key, tv_str(a, s));
}

void
tv_set_bool(struct arena *a, struct tval *map, const char *key, int b)
{
	tv_set(a, map, key, tv_bool(a, b));
}

size_t
tv_len(const struct tval *v)
{
	return v != NULL && v->kind == TV_LIST ? v->n : 0;
}

/*
 * Returns the value of key in map, or NULL when map is not a map or has
 * no such key.
 */
const struct tval *
tv_get(const struct tval *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->kind != TV_MAP || key == NULL)
		return NULL;
	i = map_index(map, key, key_hash(key, strlen(key)));
	return i != NOPOS ? map->pairs[i].val : NULL;
}

/*
 * Compiling.
 */

struct open_sec {
	size_t		 op;		/* index of its opening op */
	size_t		 pos;		/* offset of its tag */
};

struct comp {
	struct tmpl_set	*set;
	struct diags	*d;
	const char	*file;		/* for messages */
	const char	*src;		/* NUL-terminated copy in the arena */
	size_t		 len;
	const char	*otag, *ctag;	/* current delimiters */
	size_t		 olen, clen;
	struct op	*ops;
	size_t		 nops, opcap;
	struct open_sec	*open;		/* sections not closed yet */
	size_t		 nopen, opencap;
};

/*
 * Converts a byte offset to a 1-based line and column; columns count
 * code points, as libyaml's marks do.
 */
static void
src_linecol(const char *src, size_t off, int *line, int *col)
{
	size_t	 i, ls = 0;
	int	 l = 1, c = 1;

	for (i = 0; i < off; i++)
		if (src[i] == '\n') {
			l++;
			ls = i + 1;
		}
	for (i = ls; i < off; i++)
		if (((unsigned char)src[i] & 0xc0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

static void comp_error(struct comp *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/* Reports an error at the tag starting at offset pos. */
static void
comp_error(struct comp *c, size_t pos, const char *fmt, ...)
{
	va_list	 ap;
	int	 line, col;

	if (c->d == NULL)
		return;
	src_linecol(c->src, pos, &line, &col);
	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_ERROR, c->file, line, col, fmt, ap);
	va_end(ap);
}

static struct op *
comp_op(struct comp *c, enum op_kind kind, size_t pos, int bol)
{
	struct op *op;

	if (c->nops == c->opcap) {
		c->opcap = c->opcap ? c->opcap * 2 : 32;
		c->ops = xrealloc(c->ops, c->opcap * sizeof(*c->ops));
	}
	op = &c->ops[c->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->pos = pos;
	op->bol = bol != 0;
	return op;
}

/* Finds [pre]pat in s[from..len), returning the offset of the match. */
static size_t
src_find(const char *s, size_t from, size_t len, char pre, const char *pat,
    size_t plen)
{
	const char *p;
	size_t	 need = plen + (pre != '\0'), i = from;
	char	 first = pre != '\0' ? pre : pat[0];

	while (i + need <= len) {
		p = memchr(s + i, first, len - need + 1 - i);
		if (p == NULL)
			return NOPOS;
		i = (size_t)(p - s);
		if (pre == '\0' && memcmp(s + i, pat, plen) == 0)
			return i;
		if (pre != '\0' && memcmp(s + i + 1, pat, plen) == 0)
			return i;
		i++;
	}
	return NOPOS;
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f' || ch == '\v';
}

static int
at_bol(const struct comp *c, size_t pos)
{
	return pos == 0 || c->src[pos - 1] == '\n';
}

/* A line is empty when it is only a newline: it gets no indentation. */
static int
line_empty(const struct comp *c, size_t pos)
{
	return pos >= c->len || c->src[pos] == '\n' ||
	    (c->src[pos] == '\r' && pos + 1 < c->len &&
	    c->src[pos + 1] == '\n');
}

static void
comp_text(struct comp *c, size_t from, size_t to)
{
	struct op *op;

	if (to <= from)
		return;
	op = comp_op(c, OP_TEXT, from, at_bol(c, from) && !line_empty(c, from));
	op->text = c->src + from;
	op->len = to - from;
}

/*
 * Parses a variable or section name: "." or dot-separated non-empty
 * parts. Returns 0, or -1 (reported at pos).
 */
static int
comp_name(struct comp *c, struct tname *out, const char *s, size_t n,
    size_t pos)
{
	struct arena *a = &c->set->arena;
	size_t	 i, k, start, parts = 1;

	out->raw = arena_strndup(a, s, n);
	if (n == 0) {
		comp_error(c, pos, "nom manquant dans la balise");
		return -1;
	}
	if (n == 1 && s[0] == '.') {
		out->n = 0;
		return 0;
	}
	for (i = 0; i < n; i++)
		if (s[i] == '.')
			parts++;
	out->keys = arena_alloc(a, parts * sizeof(*out->keys));
	out->n = parts;
	for (i = start = k = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (i == start) {
			comp_error(c, pos, "nom invalide : « %s »", out->raw);
			return -1;
		}
		out->keys[k].s = arena_strndup(a, s + start, i - start);
		out->keys[k].hash = key_hash(s + start, i - start);
		k++;
		start = i + 1;
	}
	return 0;
}

/*
 * {{=<% %>=}}: two delimiters separated by whitespace, without whitespace
 * or "=" inside. They point into the source, which outlives compiling.
 */
static int
comp_delims(struct comp *c, const char *s, size_t n, size_t pos)
{
	size_t	 i = 0, o, cs;

	while (i < n && !is_space(s[i]))
		i++;
	o = i;
	while (i < n && is_space(s[i]))
		i++;
	cs = i;
	while (i < n && !is_space(s[i]))
		i++;
	if (o == 0 || cs == n || i != n || memchr(s, '=', n) != NULL) {
		comp_error(c, pos, "délimiteurs invalides : « %.*s »",
		    (int)n, s);
		return -1;
	}
	c->otag = s;
	c->olen = o;
	c->ctag = s + cs;
	c->clen = n - cs;
	return 0;
}

static int
comp_close(struct comp *c, const char *s, size_t n, size_t pos, int bol)
{
	struct open_sec *o;
	struct op *op;
	const char *oname;
	int	 line, col;

	if (c->nopen == 0) {
		comp_error(c, pos, "fermeture de « %.*s » alors qu'aucune "
		    "section n'est ouverte", (int)n, s);
		return -1;
	}
	o = &c->open[c->nopen - 1];
	oname = c->ops[o->op].name.raw;
	if (strlen(oname) != n || memcmp(oname, s, n) != 0) {
		src_linecol(c->src, o->pos, &line, &col);
		comp_error(c, pos, "fermeture de « %.*s » alors que « %s » est "
		    "ouverte (ligne %d)", (int)n, s, oname, line);
		return -1;
	}
	op = comp_op(c, OP_END, pos, bol);
	op->jump = o->op;
	c->ops[o->op].jump = c->nops - 1;
	c->nopen--;
	return 0;
}

/*
 * Compiles c->src into c->ops. Returns 0, or -1 after reporting the first
 * error (or every section left open).
 */
static int
comp_run(struct comp *c)
{
	const char *src = c->src, *s;
	struct op *op;
	size_t	 pos = 0, tag, p, cend, end, ls = 0, next = 0, n, i;
	char	 type, pre;
	int	 standalone, bol, rc = 0;

	while (pos < c->len) {
		tag = src_find(src, pos, c->len, '\0', c->otag, c->olen);
		if (tag == NOPOS) {
			comp_text(c, pos, c->len);
			break;
		}
		p = tag + c->olen;
		type = p < c->len ? src[p] : '\0';
		switch (type) {
		case '#': case '^': case '/': case '!': case '>': case '=':
		case '&': case '{':
			p++;
			break;
		default:
			type = 'v';
			break;
		}
		pre = type == '{' ? '}' : type == '=' ? '=' : '\0';
		cend = src_find(src, p, c->len, pre, c->ctag, c->clen);
		if (cend == NOPOS) {
			comp_error(c, tag, "balise non fermée : « %s%.*s » "
			    "attendu", pre == '}' ? "}" : pre == '=' ? "=" : "",
			    (int)c->clen, c->ctag);
			return -1;
		}
		end = cend + (pre != '\0') + c->clen;
		s = src + p;
		n = cend - p;
		while (n > 0 && is_space(s[0])) {
			s++;
			n--;
		}
		while (n > 0 && is_space(s[n - 1]))
			n--;

		/* Alone on its line but for blanks: the line goes. */
		standalone = 0;
		if (strchr("#^/!>=", type) != NULL) {
			for (ls = tag; ls > pos && is_blank(src[ls - 1]); ls--)
				continue;
			for (next = end; next < c->len && is_blank(src[next]);
			    next++)
				continue;
			if (at_bol(c, ls)) {
				if (next == c->len)
					standalone = 1;
				else if (src[next] == '\n') {
					standalone = 1;
					next++;
				} else if (src[next] == '\r' &&
				    next + 1 < c->len &&
				    src[next + 1] == '\n') {
					standalone = 1;
					next += 2;
				}
			}
		}
		comp_text(c, pos, standalone ? ls : tag);
		bol = !standalone && at_bol(c, tag);

		switch (type) {
		case 'v':
		case '&':
		case '{':
			op = comp_op(c, type == 'v' ? OP_VAR : OP_RAW, tag,
			    bol);
			if (comp_name(c, &op->name, s, n, tag) == -1)
				return -1;
			break;
		case '#':
		case '^':
			op = comp_op(c, type == '#' ? OP_SECTION : OP_INVERTED,
			    tag, bol);
			if (comp_name(c, &op->name, s, n, tag) == -1)
				return -1;
			if (c->nopen == c->opencap) {
				c->opencap = c->opencap ? c->opencap * 2 : 8;
				c->open = xrealloc(c->open,
				    c->opencap * sizeof(*c->open));
			}
			c->open[c->nopen].op = c->nops - 1;
			c->open[c->nopen++].pos = tag;
			break;
		case '/':
			if (comp_close(c, s, n, tag, bol) == -1)
				return -1;
			break;
		case '>':
			if (n == 0) {
				comp_error(c, tag,
				    "nom manquant dans la balise");
				return -1;
			}
			op = comp_op(c, OP_PARTIAL, tag, bol);
			op->name.raw = arena_strndup(&c->set->arena, s, n);
			op->standalone = standalone != 0;
			if (standalone) {
				op->text = src + ls;
				op->len = tag - ls;
			}
			break;
		case '=':
			if (comp_delims(c, s, n, tag) == -1)
				return -1;
			break;
		default: /* '!' */
			break;
		}
		/* A comment or delimiter tag keeps the indent point it has. */
		if ((type == '!' || type == '=') && bol)
			comp_op(c, OP_TEXT, tag, 1)->text = src + tag;
		pos = standalone ? next : end;
	}
	for (i = 0; i < c->nopen; i++) {
		comp_error(c, c->open[i].pos, "section « %s » ouverte ici "
		    "n'est jamais fermée", c->ops[c->open[i].op].name.raw);
		rc = -1;
	}
	return rc;
}

/*
 * The set.
 */

struct tmpl_set *
tmpl_set_new(void)
{
	struct tmpl_set *set = xcalloc(1, sizeof(*set));

	arena_init(&set->arena);
	set->dirbase = "templates";
	return set;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		free(set->list[i]->ops);
	free(set->list);
	arena_free(&set->arena);
	free(set);
}

static struct tmpl *
set_find(const struct tmpl_set *set, const char *name)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->list[i]->name, name) == 0)
			return set->list[i];
	return NULL;
}

int
tmpl_has(const struct tmpl_set *set, const char *name)
{
	return set != NULL && name != NULL && set_find(set, name) != NULL;
}

/*
 * Compiles src as template name, replacing a template of that name, and
 * links partials both ways: its partials to existing templates, and
 * pending partials of the others to it. Returns 0, or -1 (reported, the
 * set unchanged).
 */
int
tmpl_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, struct diags *d)
{
	struct comp c;
	struct tmpl *t, *u;
	struct op *op;
	size_t	 i, k;
	int	 isnew = 0;

	memset(&c, 0, sizeof(c));
	c.set = set;
	c.d = d;
	c.file = arena_printf(&set->arena, "%s/%s%s", set->dirbase, name,
	    TMPL_EXT);
	c.src = arena_strndup(&set->arena, src, len);
	c.len = len;
	c.otag = "{{";
	c.ctag = "}}";
	c.olen = c.clen = 2;
	if (comp_run(&c) == -1) {
		free(c.ops);
		free(c.open);
		return -1;
	}
	free(c.open);

	if ((t = set_find(set, name)) != NULL)
		free(t->ops);
	else {
		t = arena_alloc(&set->arena, sizeof(*t));
		t->name = arena_strdup(&set->arena, name);
		if (set->n == set->cap) {
			set->cap = set->cap ? set->cap * 2 : 16;
			set->list = xrealloc(set->list,
			    set->cap * sizeof(*set->list));
		}
		set->list[set->n++] = t;
		isnew = 1;
	}
	t->file = c.file;
	t->src = c.src;
	t->len = c.len;
	t->ops = c.ops;
	t->nops = c.nops;

	for (i = 0; i < t->nops; i++)
		if (t->ops[i].kind == OP_PARTIAL)
			t->ops[i].target = set_find(set, t->ops[i].name.raw);
	if (!isnew)
		return 0;
	for (k = 0; k + 1 < set->n; k++) {
		u = set->list[k];
		for (i = 0; i < u->nops; i++) {
			op = &u->ops[i];
			if (op->kind == OP_PARTIAL && op->target == NULL &&
			    strcmp(op->name.raw, name) == 0)
				op->target = t;
		}
	}
	return 0;
}

/*
 * Reports every partial naming no template, unless its name is in skip
 * (templates that failed to compile). Returns 0 or -1.
 */
static int
check_partials(const struct tmpl_set *set, struct diags *d,
    char *const *skip, size_t nskip)
{
	const struct tmpl *t;
	const struct op *op;
	const char **names, *sugg;
	size_t	 i, k, j;
	int	 line, col, rc = 0;

	names = xcalloc(set->n, sizeof(*names));
	for (i = 0; i < set->n; i++)
		names[i] = set->list[i]->name;
	for (k = 0; k < set->n; k++) {
		t = set->list[k];
		for (i = 0; i < t->nops; i++) {
			op = &t->ops[i];
			if (op->kind != OP_PARTIAL || op->target != NULL)
				continue;
			for (j = 0; j < nskip; j++)
				if (strcmp(skip[j], op->name.raw) == 0)
					break;
			if (j < nskip)
				continue;
			rc = -1;
			if (d == NULL)
				continue;
			src_linecol(t->src, op->pos, &line, &col);
			sugg = suggest(op->name.raw, names, set->n);
			if (sugg != NULL)
				diag_add(d, DIAG_ERROR, t->file, line, col,
				    "le gabarit partiel « %s » n'existe pas "
				    "(vouliez-vous dire « %s » ?)",
				    op->name.raw, sugg);
			else
				diag_add(d, DIAG_ERROR, t->file, line, col,
				    "le gabarit partiel « %s » n'existe pas",
				    op->name.raw);
		}
	}
	free(names);
	return rc;
}

int
tmpl_check_partials(struct tmpl_set *set, struct diags *d)
{
	return check_partials(set, d, NULL, 0);
}

/*
 * Reads one file of the directory and compiles it. Returns 0 or -1
 * (reported).
 */
static int
load_one(struct tmpl_set *set, const char *dir, const char *fname,
    const char *name, struct diags *d)
{
	char	*path, *data, *label;
	size_t	 len, bad;
	enum read_status st;
	int	 line, col, rc = -1;

	path = util_path_join(dir, fname);
	label = arena_printf(&set->arena, "%s/%s", set->dirbase, fname);
	st = util_read_file(&data, &len, path, TMPL_MAX_SIZE);
	if (st == READ_ERRNO)
		diag_add(d, DIAG_ERROR, label, 0, 0,
		    "impossible de lire le gabarit : %s", strerror(errno));
	else if (st == READ_TOO_BIG)
		diag_add(d, DIAG_ERROR, label, 0, 0,
		    "gabarit trop gros (%zu octets)", len);
	else if (utf8_check(data, len, &bad) == -1) {
		src_linecol(data, bad, &line, &col);
		diag_add(d, DIAG_ERROR, label, line, col,
		    "le gabarit n'est pas en UTF-8 valide");
	} else
		rc = tmpl_add(set, name, data, len, d);
	free(data);
	free(path);
	return rc;
}

/*
 * Loads every DIR/NAME.mustache in name order (hidden files skipped),
 * then checks the partials. Messages name files "<basename of dir>/…".
 */
struct tmpl_set *
tmpl_load_dir(const char *dir, struct diags *d)
{
	struct tmpl_set *set;
	char	**files = NULL, **failed = NULL, *stem;
	size_t	 nfiles = 0, nfailed = 0, i, l, b;
	ssize_t	 n;
	const size_t extlen = strlen(TMPL_EXT);
	int	 rc = 0;

	set = tmpl_set_new();
	l = strlen(dir);
	while (l > 1 && dir[l - 1] == '/')
		l--;
	for (b = l; b > 0 && dir[b - 1] != '/'; b--)
		continue;
	if (l > b)
		set->dirbase = arena_strndup(&set->arena, dir + b, l - b);

	if ((n = util_list_dir(&files, dir)) < 0) {
		diag_add(d, DIAG_ERROR, dir, 0, 0,
		    "impossible d'ouvrir le dossier des gabarits : %s",
		    strerror(errno));
		tmpl_set_free(set);
		return NULL;
	}
	for (i = 0, nfiles = 0; i < (size_t)n; i++) {
		l = strlen(files[i]);
		if (l <= extlen || strcmp(files[i] + l - extlen, TMPL_EXT) != 0)
			free(files[i]);
		else
			files[nfiles++] = files[i];
	}

	failed = xcalloc(nfiles, sizeof(*failed));
	for (i = 0; i < nfiles; i++) {
		l = strlen(files[i]);
		stem = arena_strndup(&set->arena, files[i], l - extlen);
		if (load_one(set, dir, files[i], stem, d) == -1) {
			failed[nfailed++] = stem;
			rc = -1;
		}
	}
	if (check_partials(set, d, failed, nfailed) == -1)
		rc = -1;

	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	free(failed);
	if (rc == -1) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

/*
 * Rendering.
 */

struct render {
	struct buf		*out;
	const struct tval	**stack;	/* contexts, innermost last */
	size_t			 n, cap;
	const struct tval	*local[32];	/* stack until it grows */
	struct buf		 ind;		/* nested partials' indents */
	size_t			 ind_off;	/* current: ind[ind_off..len) */
	int			 depth;		/* nested partials */
	long			 calls;		/* partials rendered so far */
	size_t			 start;		/* out->len when the render began */
	int			 over;		/* TMPL_MAX_OUTPUT reached: stop */
	struct {
		const struct tmpl *t;
		size_t		 n;		/* stack size when entered */
	}			 chain[TMPL_MAX_DEPTH + 1]; /* entered */
};

static void
render_push(struct render *r, const struct tval *v)
{
	if (r->n == r->cap) {
		if (r->stack == r->local) {
			r->stack = xmalloc(2 * r->cap * sizeof(*r->stack));
			memcpy(r->stack, r->local, r->n * sizeof(*r->stack));
		} else
			r->stack = xrealloc(r->stack,
			    2 * r->cap * sizeof(*r->stack));
		r->cap *= 2;
	}
	r->stack[r->n++] = v;
}

/*
 * Resolves a name: "." is the top of the stack; the first part of a
 * dotted name is searched from the top of the stack down (a key present
 * with a null value stops the search), the others only inside it.
 * Returns NULL for null and for missing names.
 */
static const struct tval *
render_lookup(const struct render *r, const struct tname *nm)
{
	const struct tval *v = NULL;
	size_t	 k, i, at = NOPOS;

	if (nm->n == 0)
		return r->n ? r->stack[r->n - 1] : NULL;
	for (k = r->n; k-- > 0;) {
		v = r->stack[k];
		if (v != NULL && v->kind == TV_MAP &&
		    (at = map_index(v, nm->keys[0].s, nm->keys[0].hash)) !=
		    NOPOS)
			break;
	}
	if (at == NOPOS)
		return NULL;
	v = v->pairs[at].val;
	for (i = 1; i < nm->n; i++) {
		if (v == NULL || v->kind != TV_MAP ||
		    (at = map_index(v, nm->keys[i].s, nm->keys[i].hash)) ==
		    NOPOS)
			return NULL;
		v = v->pairs[at].val;
	}
	return v;
}

static int
tv_truthy(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->kind) {
	case TV_BOOL:
		return v->b;
	case TV_STR:
	case TV_LIST:
		return v->n > 0;
	case TV_MAP:
		return 1;
	case TV_NULL:
	default:
		return 0;
	}
}

static void
put_escaped(struct buf *out, const char *s, size_t n)
{
	size_t	 i, start = 0;
	unsigned char k;

	for (i = 0; i < n; i++) {
		if ((k = esc_class[(unsigned char)s[i]]) == 0)
			continue;
		buf_put(out, s + start, i - start);
		buf_put(out, esc_rep[k], esc_len[k]);
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

static void
put_value(struct buf *out, const struct tval *v, int escape)
{
	if (v == NULL)
		return;
	if (v->kind == TV_STR) {
		if (escape)
			put_escaped(out, v->s, v->n);
		else
			buf_put(out, v->s, v->n);
	} else if (v->kind == TV_BOOL)
		buf_puts(out, v->b ? "true" : "false");
}

/*
 * Writes a text span under an indentation: after each newline followed
 * by a non-empty line of the same span (the next op has its own flag).
 */
static void
put_text_indented(struct render *r, const struct op *op, const char *ind,
    size_t il)
{
	const char *s = op->text;
	size_t	 n = op->len, i, start = 0;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != '\n' || s[i + 1] == '\n' ||
		    (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n'))
			continue;
		buf_put(r->out, s + start, i + 1 - start);
		buf_put(r->out, ind, il);
		start = i + 1;
	}
	buf_put(r->out, s + start, n - start);
}

static void render_ops(struct render *, const struct tmpl *, size_t, size_t);

/*
 * Renders a partial, unless it would recurse forever: a template entered
 * again with the same context stack renders the same way, and so on
 * (without lambdas); recursion through sections is cut at TMPL_MAX_DEPTH
 * (what is cut renders nothing, like a missing partial), and past
 * TMPL_MAX_CALLS the whole render stops (TMPL_TOO_LARGE): templates that
 * include themselves twice.
 */
static void
render_partial(struct render *r, const struct op *op)
{
	size_t	 off = r->ind_off, len = r->ind.len;
	int	 i;

	if (r->calls >= TMPL_MAX_CALLS) {
		r->over = 1;
		return;
	}
	if (op->target == NULL || r->depth >= TMPL_MAX_DEPTH)
		return;
	for (i = 0; i <= r->depth; i++)
		if (r->chain[i].t == op->target && r->chain[i].n == r->n)
			return;
	r->calls++;
	if (!op->standalone)
		r->ind_off = r->ind.len;	/* inline: no indentation */
	else if (op->len > 0)
		buf_put(&r->ind, op->text, op->len);
	r->depth++;
	r->chain[r->depth].t = op->target;
	r->chain[r->depth].n = r->n;
	render_ops(r, op->target, 0, op->target->nops);
	r->depth--;
	r->ind.len = len;
	r->ind_off = off;
}

/*
 * Renders ops [from, to) of t. A section renders its body up to and
 * including its OP_END, whose only effect is an indentation point.
 */
static void
render_ops(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	const struct op *op;
	const struct tval *v;
	size_t	 i, k, il;

	for (i = from; i < to && !r->over; i++) {
		if (r->out->len - r->start > TMPL_MAX_OUTPUT) {
			r->over = 1;
			break;
		}
		op = &t->ops[i];
		il = r->ind.len - r->ind_off;
		if (op->bol && il > 0)
			buf_put(r->out, r->ind.data + r->ind_off, il);
		switch (op->kind) {
		case OP_TEXT:
			if (il > 0)
				put_text_indented(r, op,
				    r->ind.data + r->ind_off, il);
			else
				buf_put(r->out, op->text, op->len);
			break;
		case OP_VAR:
		case OP_RAW:
			put_value(r->out, render_lookup(r, &op->name),
			    op->kind == OP_VAR);
			break;
		case OP_SECTION:
			v = render_lookup(r, &op->name);
			if (v != NULL && v->kind == TV_LIST) {
				for (k = 0; k < v->n && !r->over; k++) {
					render_push(r, v->items[k]);
					render_ops(r, t, i + 1, op->jump + 1);
					r->n--;
				}
			} else if (tv_truthy(v)) {
				render_push(r, v);
				render_ops(r, t, i + 1, op->jump + 1);
				r->n--;
			}
			i = op->jump;
			break;
		case OP_INVERTED:
			if (!tv_truthy(render_lookup(r, &op->name)))
				render_ops(r, t, i + 1, op->jump + 1);
			i = op->jump;
			break;
		case OP_END:
			break;
		case OP_PARTIAL:
			render_partial(r, op);
			break;
		}
	}
}

int
tmpl_render(struct buf *out, const struct tmpl_set *set, const char *name,
    const struct tval *ctx)
{
	const struct tmpl *t;
	struct render r;

	if (set == NULL || name == NULL || (t = set_find(set, name)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.stack = r.local;
	r.cap = sizeof(r.local) / sizeof(r.local[0]);
	render_push(&r, ctx);
	r.chain[0].t = t;
	r.chain[0].n = r.n;
	r.start = out->len;
	buf_grow(out, t->len);
	out->data[out->len] = '\0';	/* buf's invariant, even if empty */
	render_ops(&r, t, 0, t->nops);
	if (r.stack != r.local)
		free(r.stack);
	buf_dispose(&r.ind);
	return r.over ? TMPL_TOO_LARGE : 0;
}
