/*
 * yaml.c: libyaml's event API into a tree with positions.
 *
 * libyaml 0.2.5 has no nesting limit, builds cyclic graphs from aliases
 * and accepts duplicate keys, tags and directives silently: all of these
 * are stopped here, at the event level, before they can cost anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "util.h"
#include "yaml.h"

struct ybuild {
	struct ynode	*node;
	struct ynode	**items;	/* malloc'd while open */
	size_t		 n, cap;
};

const struct ynode *
yaml_get(const struct ynode *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->kind != YN_MAP)
		return NULL;
	/* The first byte first: a sheet asks some 50 keys of 25. */
	for (i = 0; i < map->n; i++)
		if (map->items[2 * i]->str[0] == key[0] &&
		    strcmp(map->items[2 * i]->str, key) == 0)
			return map->items[2 * i + 1];
	return NULL;
}

const char *
yaml_kind_french(const struct ynode *n)
{
	if (n == NULL)
		return "une valeur vide";
	switch (n->kind) {
	case YN_SEQ:
		return "une liste";
	case YN_MAP:
		return "un ensemble de clés";
	default:
		return "un texte";
	}
}

/* The text of line (1-based) of src, without its newline. */
static const char *
line_at(const char *src, size_t len, int line, size_t *outlen)
{
	const char *p = src, *end = src + len, *nl;
	int	 l;

	for (l = 1; l < line && p < end; l++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return NULL;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*outlen = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return p;
}

/* The first « : » of a line that ends a key (followed by a blank). */
static const char *
first_colon(const char *l, size_t ll)
{
	size_t	 i;

	for (i = 0; i < ll; i++)
		if (l[i] == ':' && (i + 1 == ll || l[i + 1] == ' ' ||
		    l[i + 1] == '\t'))
			return l + i;
	return NULL;
}

/* The byte of line l at column col (1-based, in characters). */
static const char *
line_col(const char *l, size_t ll, int col)
{
	size_t	 i;

	for (i = 0; i < ll && col > 1; i++)
		if (((unsigned char)l[i + 1] & 0xc0) != 0x80)
			col--;
	return l + i;
}

/*
 * libyaml's message for "key: value : more" is "mapping values are not
 * allowed in this context". Editors write French spacing before colons
 * all the time: show them the fix on their own line.
 */
static void
report_colon(struct diags *d, const char *file, const char *src, size_t len,
    int line, int first_line, int col)
{
	const char *l, *colon, *val;
	size_t	 ll, klen;
	struct buf b = {0};

	l = line_at(src, len, line - first_line + 1, &ll);
	colon = l ? memchr(l, ':', ll) : NULL;
	if (colon == NULL) {
		diag_add(d, DIAG_ERROR, file, line, col, "« : » inattendu : "
		    "si la valeur contient un deux-points, mettez-la entre "
		    "guillemets");
		return;
	}
	/*
	 * When the colon libyaml stopped at is the line's first « : », the
	 * line is no "key: value : more": it is indented under the line
	 * before, whose value it then seems to continue.
	 */
	if (col >= 1 && (size_t)col <= ll && first_colon(l, ll) != NULL &&
	    first_colon(l, ll) >= line_col(l, ll, col)) {
		diag_add(d, DIAG_ERROR, file, line, col, "« : » inattendu : "
		    "cette ligne est plus indentée que la clé d'avant ; "
		    "alignez-la sur les autres clés de même niveau");
		return;
	}
	klen = (size_t)(colon - l);
	val = colon + 1;
	while (val < l + ll && *val == ' ')
		val++;
	buf_put(&b, l, klen);
	while (b.len > 0 && (b.data[0] == ' ' || b.data[0] == '-'))
		memmove(b.data, b.data + 1, b.len--);
	buf_puts(&b, ": \"");
	for (; val < l + ll; val++) {
		if (*val == '"' || *val == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *val);
	}
	buf_putc(&b, '"');
	diag_add(d, DIAG_ERROR, file, line, col, "la valeur contient « : » "
	    "(deux-points suivi d'une espace) : mettez-la entre guillemets, "
	    "par exemple %s", b.data);
	buf_dispose(&b);
}

/*
 * Translates libyaml's parser error into French, at the problem's place.
 */
static void
report_parser(struct diags *d, const char *file, const char *src, size_t len,
    int first_line, const yaml_parser_t *p)
{
	const char *prob = p->problem ? p->problem : "";
	const char *ctx = p->context ? p->context : "";
	int	 line = (int)p->problem_mark.line + first_line;
	int	 col = (int)p->problem_mark.column + 1;
	size_t	 off = p->problem_mark.index;

	if (p->error == YAML_READER_ERROR) {
		/* The reader gives a byte offset, not a mark. */
		size_t	 i;

		off = p->problem_offset;
		line = first_line;
		col = 1;
		for (i = 0; i < off && i < len; i++) {
			if (src[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)src[i] & 0xc0) != 0x80)
				col++;
		}
		if (strstr(prob, "control characters"))
			diag_add(d, DIAG_ERROR, file, line, col, "caractère de "
			    "contrôle interdit (U+%04X) : supprimez-le",
			    (unsigned)p->problem_value);
		else
			diag_add(d, DIAG_ERROR, file, line, col, "texte "
			    "illisible (%s) : enregistrez le fichier en UTF-8",
			    prob);
	} else if (strstr(prob, "mapping values are not allowed")) {
		report_colon(d, file, src, len, line, first_line, col);
	} else if (strstr(prob, "cannot start any token")) {
		if (off < len && src[off] == '\t')
			diag_add(d, DIAG_ERROR, file, line, col, "tabulation "
			    "interdite : le YAML s'indente avec des espaces");
		else
			diag_add(d, DIAG_ERROR, file, line, col, "caractère "
			    "« %c » interdit en début de valeur : mettez la "
			    "valeur entre guillemets", off < len &&
			    (unsigned char)src[off] < 0x80 ? src[off] : '?');
	} else if (strstr(ctx, "quoted scalar")) {
		line = (int)p->context_mark.line + first_line;
		col = (int)p->context_mark.column + 1;
		diag_add(d, DIAG_ERROR, file, line, col, "guillemet ouvert ici "
		    "mais jamais fermé (ou caractère d'échappement « \\ » "
		    "invalide) : fermez-le sur la même valeur");
	} else if (strstr(prob, "expected ',' or ']'")) {
		line = (int)p->context_mark.line + first_line;
		col = (int)p->context_mark.column + 1;
		diag_add(d, DIAG_ERROR, file, line, col, "liste entre crochets "
		    "mal fermée : « ] » attendu, et chaque élément séparé par "
		    "une virgule");
	} else if (strstr(prob, "expected ',' or '}'")) {
		line = (int)p->context_mark.line + first_line;
		col = (int)p->context_mark.column + 1;
		diag_add(d, DIAG_ERROR, file, line, col, "ensemble entre "
		    "accolades mal fermé : « } » attendu");
	} else if (strstr(prob, "did not find expected key") ||
	    strstr(prob, "expected <block end>") ||
	    strstr(prob, "block sequence entries are not allowed") ||
	    strstr(prob, "did not find expected '-'")) {
		diag_add(d, DIAG_ERROR, file, line, col, "indentation "
		    "incohérente : alignez cette ligne sur les autres clés de "
		    "même niveau (ou mettez la valeur précédente entre "
		    "guillemets)");
	} else if (strstr(prob, "could not find expected ':'")) {
		line = (int)p->context_mark.line + first_line;
		col = (int)p->context_mark.column + 1;
		diag_add(d, DIAG_ERROR, file, line, col, "« : » attendu après "
		    "la clé (écrivez « clé: valeur »)");
	} else if (strstr(prob, "control characters")) {
		diag_add(d, DIAG_ERROR, file, line, col, "caractère de "
		    "contrôle interdit");
	} else if (strstr(prob, "tag") || strstr(prob, "directive")) {
		diag_add(d, DIAG_ERROR, file, line, col, "les étiquettes et "
		    "directives YAML (« ! », « %% ») sont refusées : une fiche "
		    "contient des données, pas un programme");
	} else if (strstr(prob, "alias") || strstr(prob, "anchor")) {
		diag_add(d, DIAG_ERROR, file, line, col, "les ancres et alias "
		    "YAML (« & », « * ») sont refusés : écrivez la valeur en "
		    "entier (mettez-la entre guillemets si elle commence par "
		    "« * » ou « & »)");
	} else {
		diag_add(d, DIAG_ERROR, file, line, col, "syntaxe YAML "
		    "invalide (%s%s%s) : vérifiez l'indentation et mettez les "
		    "valeurs qui contiennent « : », « # » ou des crochets "
		    "entre guillemets", ctx, *ctx ? ", " : "", prob);
	}
}

static void
ybuild_push(struct ybuild *b, struct ynode *n)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->items = xrealloc(b->items, b->cap * sizeof(*b->items));
	}
	b->items[b->n++] = n;
}

/*
 * Closes an open collection: copies its items into the arena and, for
 * maps, refuses duplicate and non-scalar keys. Returns 0 or -1.
 */
static int
ybuild_close(struct ybuild *b, struct arena *a, struct diags *d,
    const char *file)
{
	struct ynode *n = b->node, *k;
	struct strmap seen;
	size_t	 i, j;
	int	 rc = 0, x;

	n->items = arena_memdup(a, b->items, b->n * sizeof(*b->items));
	n->n = n->kind == YN_MAP ? b->n / 2 : b->n;
	free(b->items);
	b->items = NULL;
	b->n = b->cap = 0;
	if (n->kind != YN_MAP)
		return 0;
	/* Big maps (a glossary, a hostile file) look keys up in a hash. */
	if (n->n > 16)
		strmap_init(&seen, n->n);
	for (i = 0; i < n->n; i++) {
		k = n->items[2 * i];
		if (k->kind != YN_SCALAR) {
			diag_add(d, DIAG_ERROR, file, k->line, k->col, "une clé "
			    "doit être un simple mot, pas %s",
			    yaml_kind_french(k));
			rc = -1;
			continue;
		}
		if (n->n > 16) {
			if ((x = strmap_get(&seen, k->str)) < 0) {
				strmap_put(&seen, k->str, (int)i);
				continue;
			}
			j = (size_t)x;
		} else {
			for (j = 0; j < i; j++)
				if (n->items[2 * j]->kind == YN_SCALAR &&
				    strcmp(n->items[2 * j]->str, k->str) == 0)
					break;
			if (j == i)
				continue;
		}
		diag_add(d, DIAG_ERROR, file, k->line, k->col, "clé « %s » en "
		    "double (déjà donnée ligne %d) : gardez-en une seule",
		    k->str, n->items[2 * j]->line);
		rc = -1;
	}
	if (n->n > 16)
		strmap_free(&seen);
	return rc;
}

/*
 * Tabs in indentation: libyaml's message would not say "tab". Reports
 * each line that has one and returns how many.
 */
static int
check_tabs(struct diags *d, const char *file, const char *src, size_t len,
    int first_line)
{
	size_t	 i;
	int	 line = first_line, col = 1, lead = 1, n = 0;

	for (i = 0; i < len; i++) {
		if (src[i] == '\n') {
			line++;
			col = 1;
			lead = 1;
			continue;
		}
		if (src[i] == '\t' && lead) {
			diag_add(d, DIAG_ERROR, file, line, col, "tabulation "
			    "interdite dans l'indentation : le YAML s'indente "
			    "avec des espaces");
			n++;
			lead = 0;	/* one report per line */
		}
		if (src[i] != ' ' && src[i] != '-' && src[i] != '\t')
			lead = 0;
		col++;
	}
	return n;
}

/*
 * After tabs were reported, the rest of the file is still worth
 * checking: parse a copy where each leading tab is one space (so that
 * columns stay exact). When that copy is not valid YAML either, its own
 * errors would only mislead, so they are dropped and -1 returned.
 */
static int
parse_untabbed(struct ynode **out, struct arena *a, struct diags *d,
    const char *file, const char *src, size_t len, int first_line)
{
	struct diags scratch;
	char	*copy = arena_alloc(a, len + 1);
	size_t	 i, k;
	int	 lead = 1, rc;

	memcpy(copy, src, len);
	copy[len] = '\0';
	for (i = 0; i < len; i++) {
		if (copy[i] == '\n')
			lead = 1;
		else if (copy[i] == '\t' && lead)
			copy[i] = ' ';
		else if (copy[i] != ' ' && copy[i] != '-')
			lead = 0;
	}
	diags_init(&scratch);
	rc = yaml_parse(out, a, &scratch, file, copy, len, first_line);
	if (rc == 0 && scratch.nerr == 0)
		for (k = 0; k < scratch.n; k++)
			diag_add(d, scratch.items[k].level, scratch.items[k].file,
			    scratch.items[k].line, scratch.items[k].col, "%s",
			    scratch.items[k].msg);
	else {
		*out = NULL;
		rc = -1;
	}
	diags_free(&scratch);
	return rc;
}

/*
 * The fast path. libyaml's scanner was a quarter of `check` at 100,000
 * sheets. The front matter of a sheet is plain YAML: keys, plain or
 * quoted one-line values, [a, b] lists, block lists, literal « | »
 * texts. That subset is read here directly, into the very tree libyaml
 * would give (same strings, styles, lines and columns); anything else
 * (a comment after a value, an escape, a folded text, an anchor, an
 * error of any kind…) makes it give up, and libyaml reads the text
 * from the start, so every message stays libyaml's. test_yaml compares
 * both paths on tricky inputs.
 */
#define FAST_MAX_DEPTH	8
#define FAST_MAX_KEYS	64	/* keys of a mapping: beyond, libyaml's
				 * path (keys are compared each to each) */

struct fast {
	struct arena	*a;
	const char	*end;
	const char	*l, *le;	/* the current line, le at its end */
	const char	*t;		/* its first character but spaces */
	int		 ind;		/* its indentation */
	int		 line;		/* its line in the file */
	int		 eof;
	int		 depth;
};

/* Sets the line fields for the line at f->l. */
static void
fast_line(struct fast *f)
{
	if (f->l >= f->end) {
		f->eof = 1;
		f->l = f->le = f->t = f->end;
		f->ind = 0;
		return;
	}
	f->le = memchr(f->l, '\n', (size_t)(f->end - f->l));
	if (f->le == NULL)
		f->le = f->end;
	for (f->t = f->l; f->t < f->le && *f->t == ' '; f->t++)
		;
	f->ind = (int)(f->t - f->l);
}

/* The next line, whatever it holds. */
static void
fast_next(struct fast *f)
{
	if (f->eof)
		return;
	f->l = f->le < f->end ? f->le + 1 : f->end;
	f->line++;
	fast_line(f);
}

/* Skips blank lines and whole-line comments. */
static void
fast_skip(struct fast *f)
{
	while (!f->eof && (f->t == f->le || *f->t == '#'))
		fast_next(f);
}

/* Characters (not bytes) in [a, b). */
static int
fast_chars(const char *a, const char *b)
{
	int	 n = 0;

	for (; a < b; a++)
		if (((unsigned char)*a & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * A column followed along a line: at is where col was counted, so that
 * the items of a long [a, b, …] are counted once each (counting from the
 * line's start for each one took 22 s for 100,000 codes).
 */
struct fast_col {
	const char	*at;
	int		 col;
};

/* The column of s, at or after c->at. */
static int
fast_col_at(struct fast_col *c, const char *s)
{
	c->col += fast_chars(c->at, s);
	c->at = s;
	return c->col;
}

static struct ynode *
fast_scalar(struct fast *f, const char *s, size_t len, int line, int col,
    int quoted)
{
	struct ynode *n;

	if (len > YAML_MAX_SCALAR)
		return NULL;
	n = arena_alloc(f->a, sizeof(*n));
	n->kind = YN_SCALAR;
	n->str = arena_strndup(f->a, s, len);
	n->len = len;
	n->quoted = quoted;
	n->line = line;
	n->col = col;
	return n;
}

/* Whether [p, le) starts with a key of ours and « : » then a blank or the
 * end of the line; *colon is set. */
static int
fast_key(const char *p, const char *le, const char **colon)
{
	const char *q = p;

	if (q >= le || !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
	    (*q >= '0' && *q <= '9') || *q == '_'))
		return 0;
	for (; q < le && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' &&
	    *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_' ||
	    *q == '-'); q++)
		;
	if (q >= le || *q != ':' || (q + 1 < le && q[1] != ' '))
		return 0;
	*colon = q;
	return 1;
}

/* A plain scalar YAML reads as written: no indicator first, no « : » or
 * « # » that would start a value or a comment, no flow character when
 * inside [ ]. */
static int
fast_plain_ok(const char *s, const char *e, int flow)
{
	const char *p;

	if (s >= e || (strchr("-?:,[]{}#&*!|>'\"%@`", *s) != NULL &&
	    !(*s == '-' && s + 1 < e && s[1] >= '0' && s[1] <= '9')))
		return 0;	/* « -1.73 » is a number, « - » an item */
	if (e[-1] == ':')
		return 0;
	for (p = s; p < e; p++) {
		if (*p == ':' && p + 1 < e && p[1] == ' ')
			return 0;
		if (*p == '#' && p[-1] == ' ')
			return 0;
		if (flow && strchr(",[]{}:#", *p) != NULL)
			return 0;
	}
	return 1;
}

static struct ynode	*fast_map(struct fast *, int ind);
static struct ynode	*fast_seq(struct fast *, int ind);

static int
fast_push(struct ynode ***v, size_t *n, size_t *cap, struct ynode *x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = x;
	return 0;
}

/*
 * One item of a one-line [ ] or { } at s (col: the column of p, the
 * collection's first character): a plain or a quoted scalar. Sets *next
 * after it and its blanks, at « , » or the closing character.
 */
static struct ynode *
fast_flow_scalar(struct fast *f, struct fast_col *c, const char *s,
    const char *e, const char **next)
{
	const char *q, *ie;
	struct ynode *n;

	if (*s == '"' || *s == '\'') {
		q = memchr(s + 1, *s, (size_t)(e - s - 1));
		if (q == NULL || (*s == '"' &&
		    memchr(s + 1, '\\', (size_t)(q - s - 1)) != NULL) ||
		    (*s == '\'' && q + 1 < e && q[1] == '\''))
			return NULL;
		n = fast_scalar(f, s + 1, (size_t)(q - s - 1), f->line,
		    fast_col_at(c, s), 1);
		for (q++; q < e && *q == ' '; q++)
			;
	} else {
		for (q = s; q < e && *q != ',' && *q != ']' && *q != '}'; q++)
			;
		for (ie = q; ie > s && ie[-1] == ' '; ie--)
			;
		if (!fast_plain_ok(s, ie, 1))
			return NULL;
		n = fast_scalar(f, s, (size_t)(ie - s), f->line,
		    fast_col_at(c, s), 0);
	}
	*next = q;
	return n;
}

/* [a, b] or {k: v, k2: v2} on one line, at p (col: p's column). */
static struct ynode *
fast_flow(struct fast *f, const char *p, const char *e, int col)
{
	struct ynode *n, *k, *v, **items = NULL;
	size_t	 ni = 0, cap = 0, i;
	const char *q, *colon;
	char	 close = *p == '[' ? ']' : '}';
	struct fast_col c = { p, col };

	if (e[-1] != close)
		return NULL;
	n = arena_alloc(f->a, sizeof(*n));
	n->kind = close == ']' ? YN_SEQ : YN_MAP;
	n->line = f->line;
	n->col = col;
	for (q = p + 1; q < e - 1 && *q == ' '; q++)
		;
	while (q < e - 1) {
		if (close == '}') {
			/* Keys are compared each to each: a mapping
			 * that long is libyaml's. */
			if (ni >= 2 * FAST_MAX_KEYS ||
			    !fast_key(q, e - 1, &colon) || colon + 1 >= e - 1 ||
			    (k = fast_scalar(f, q, (size_t)(colon - q), f->line,
			    fast_col_at(&c, q), 0)) == NULL)
				goto fail;
			for (i = 0; i < ni; i += 2)
				if (strcmp(items[i]->str, k->str) == 0)
					goto fail;
			fast_push(&items, &ni, &cap, k);
			for (q = colon + 1; q < e - 1 && *q == ' '; q++)
				;
		}
		if ((v = fast_flow_scalar(f, &c, q, e - 1, &q)) == NULL)
			goto fail;
		fast_push(&items, &ni, &cap, v);
		if (q == e - 1)
			break;
		if (*q != ',')
			goto fail;
		for (q++; q < e - 1 && *q == ' '; q++)
			;
		if (q == e - 1)
			goto fail;	/* [a, ] */
	}
	n->items = arena_memdup(f->a, items, ni * sizeof(*items));
	n->n = close == ']' ? ni : ni / 2;
	free(items);
	return n;
fail:
	free(items);
	return NULL;
}

/* A literal « | » text under a key of the mapping at indentation ind; the
 * current line is the one of the « | » (at p). Leaves the line after. */
static struct ynode *
fast_literal(struct fast *f, int ind, const char *p, int col)
{
	struct buf b = {0};
	struct ynode *n;
	int	 line = f->line, k, empties = 0, nl = 1;

	fast_next(f);
	if (f->eof || f->t == f->le || f->ind <= ind)
		return NULL;	/* empty, or a blank line first */
	k = f->ind;
	while (!f->eof) {
		if (f->t == f->le) {
			if (f->le - f->l > k)
				goto fail;	/* spaces past the indentation */
			empties++;
		} else if (f->ind >= k) {
			for (; empties > 0; empties--)
				buf_putc(&b, '\n');
			buf_put(&b, f->l + k, (size_t)(f->le - f->l - k));
			buf_putc(&b, '\n');
			nl = f->le < f->end;
		} else
			break;
		fast_next(f);
	}
	if (!nl)
		goto fail;	/* no line end at the end of the text */
	n = fast_scalar(f, b.data, b.len, line, col, 1);
	(void)p;
	buf_dispose(&b);
	return n;
fail:
	buf_dispose(&b);
	return NULL;
}

/* The value at p of a key (or a list item) on the current line, in a
 * collection at indentation ind; leaves the next line current. */
static struct ynode *
fast_inline(struct fast *f, int ind, const char *p, int col)
{
	const char *e = f->le, *q;
	struct ynode *n;

	while (e > p && e[-1] == ' ')
		e--;
	switch (*p) {
	case '"':
	case '\'':
		q = memchr(p + 1, *p, (size_t)(e - p - 1));
		if (q == NULL || q != e - 1 || (*p == '"' &&
		    memchr(p + 1, '\\', (size_t)(q - p - 1)) != NULL))
			return NULL;
		n = fast_scalar(f, p + 1, (size_t)(q - p - 1), f->line, col, 1);
		break;
	case '[':
	case '{':
		n = fast_flow(f, p, e, col);
		break;
	case '|':
		if (e != p + 1)
			return NULL;
		return fast_literal(f, ind, p, col);
	default:
		if (!fast_plain_ok(p, e, 0))
			return NULL;
		n = fast_scalar(f, p, (size_t)(e - p), f->line, col, 0);
		break;
	}
	fast_next(f);
	return n;
}

/* The value of a key whose line ends after « : »: a nested collection. */
static struct ynode *
fast_nested(struct fast *f, int ind)
{
	const char *colon;

	fast_next(f);
	fast_skip(f);
	if (f->eof || f->ind <= ind)
		return NULL;		/* an empty value */
	if (f->t[0] == '-' && f->t + 1 < f->le && f->t[1] == ' ')
		return fast_seq(f, f->ind);
	if (fast_key(f->t, f->le, &colon))
		return fast_map(f, f->ind);
	return NULL;
}

/*
 * A block collection's node, one level deeper, at the current line and
 * column ind + 1; NULL past FAST_MAX_DEPTH.
 */
static struct ynode *
fast_open(struct fast *f, int kind, int ind)
{
	struct ynode *n;

	if (++f->depth > FAST_MAX_DEPTH)
		return NULL;
	n = arena_alloc(f->a, sizeof(*n));
	n->kind = kind;
	n->line = f->line;
	n->col = ind + 1;
	return n;
}

/* A block mapping whose first key is at f->t, at indentation ind (the
 * key's column less one: the line's, or after « - »). */
static struct ynode *
fast_map(struct fast *f, int ind)
{
	struct ynode *n, *k, *v, **items = NULL;
	size_t	 ni = 0, cap = 0, i;
	const char *colon, *p;

	if ((n = fast_open(f, YN_MAP, ind)) == NULL)
		return NULL;
	for (;;) {
		if (!fast_key(f->t, f->le, &colon))
			goto fail;
		if ((k = fast_scalar(f, f->t, (size_t)(colon - f->t), f->line,
		    ind + 1, 0)) == NULL)
			goto fail;
		for (i = 0; i < ni; i += 2)
			if (strcmp(items[i]->str, k->str) == 0)
				goto fail;	/* libyaml's path says it */
		for (p = colon + 1; p < f->le && *p == ' '; p++)
			;
		if (p == f->le)
			v = fast_nested(f, ind);
		else {
			v = fast_inline(f, ind, p, ind + 1 +
			    (int)(p - f->t));
			fast_skip(f);
			if (v != NULL && !f->eof && f->ind > ind)
				goto fail;	/* a value going on */
		}
		if (v == NULL)
			goto fail;
		fast_push(&items, &ni, &cap, k);
		fast_push(&items, &ni, &cap, v);
		if (ni > 2 * FAST_MAX_KEYS)
			goto fail;
		if (f->eof || f->ind < ind)
			break;
		if (f->ind > ind)
			goto fail;
	}
	n->items = arena_memdup(f->a, items, ni * sizeof(*items));
	n->n = ni / 2;
	free(items);
	f->depth--;
	return n;
fail:
	free(items);
	return NULL;
}

/* A block sequence whose first « - » is at indentation ind. */
static struct ynode *
fast_seq(struct fast *f, int ind)
{
	struct ynode *n, *v, **items = NULL;
	size_t	 ni = 0, cap = 0;
	const char *colon, *p;

	if ((n = fast_open(f, YN_SEQ, ind)) == NULL)
		return NULL;
	for (;;) {
		if (f->ind != ind || f->t[0] != '-' || f->t + 2 >= f->le ||
		    f->t[1] != ' ' || f->t[2] == ' ' || f->t[2] == '-')
			goto fail;
		p = f->t + 2;
		if (fast_key(p, f->le, &colon)) {
			f->t = p;
			v = fast_map(f, ind + 2);
		} else {
			v = fast_inline(f, ind + 2, p, ind + 3);
			fast_skip(f);
			if (v != NULL && !f->eof && f->ind > ind)
				goto fail;
		}
		if (v == NULL)
			goto fail;
		fast_push(&items, &ni, &cap, v);
		if (ni > 1024)
			goto fail;
		if (f->eof || f->ind < ind)
			break;
	}
	n->items = arena_memdup(f->a, items, ni * sizeof(*items));
	n->n = ni;
	free(items);
	f->depth--;
	return n;
fail:
	free(items);
	return NULL;
}

/*
 * Characters libyaml refuses or reads in its own way (controls, tabs,
 * NEL and the Unicode line separators, a BOM, U+FFFE and U+FFFF): the
 * fast path leaves them all to it.
 */
static int
fast_chars_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	for (; p < e; p++) {
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
				return 0;
			continue;
		}
		if (*p == 0xc2 && p + 1 < e && p[1] < 0xa0)
			return 0;
		if (*p == 0xe2 && p + 2 < e && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))
			return 0;
		if (*p == 0xef && p + 2 < e && ((p[1] == 0xbb && p[2] == 0xbf) ||
		    (p[1] == 0xbf && p[2] >= 0xbe)))
			return 0;
	}
	return 1;
}

/* Returns 0 with *out set, or -1: not for the fast path (nothing said). */
static int
yaml_fast(struct ynode **out, struct arena *a, const char *src, size_t len,
    int first_line)
{
	struct fast f;
	struct ynode *root;

	*out = NULL;
	if (!fast_chars_ok(src, len))
		return -1;
	memset(&f, 0, sizeof(f));
	f.a = a;
	f.end = src + len;
	f.l = src;
	f.line = first_line;
	fast_line(&f);
	fast_skip(&f);
	if (f.eof || f.ind != 0)
		return -1;
	if (f.t[0] == '-')
		root = fast_seq(&f, 0);
	else
		root = fast_map(&f, 0);
	if (root == NULL || !f.eof)
		return -1;
	*out = root;
	return 0;
}

/* The whole YAML language, through libyaml's events. */
static int
parse_events(struct ynode **out, struct arena *a, struct diags *d,
    const char *file, const char *src, size_t len, int first_line)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct ybuild stack[YAML_MAX_DEPTH + 1];
	struct ynode *n, *root = NULL;
	unsigned char *anchor, *tag;
	int	 depth = 0, rc = -1, done = 0, docs = 0;
	int	 line, col;

	*out = NULL;
	memset(stack, 0, sizeof(stack));
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p, (const unsigned char *)src, len);

	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			report_parser(d, file, src, len, first_line, &p);
			goto out;
		}
		line = (int)ev.start_mark.line + first_line;
		col = (int)ev.start_mark.column + 1;
		anchor = tag = NULL;
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_add(d, DIAG_ERROR, file, line, col, "un seul "
				    "document YAML est attendu (ligne « --- » "
				    "en trop ?)");
				yaml_event_delete(&ev);
				goto out;
			}
			if (ev.data.document_start.version_directive ||
			    ev.data.document_start.tag_directives.start !=
			    ev.data.document_start.tag_directives.end) {
				diag_add(d, DIAG_ERROR, file, line, col, "les "
				    "directives YAML (« %% ») sont refusées");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_add(d, DIAG_ERROR, file, line, col, "alias YAML "
			    "« *%s » refusé : écrivez la valeur en entier (et "
			    "mettez entre guillemets un texte qui commence par "
			    "« * »)", (const char *)ev.data.alias.anchor);
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			tag = ev.data.scalar.tag;
			if (ev.data.scalar.length > YAML_MAX_SCALAR) {
				diag_add(d, DIAG_ERROR, file, line, col,
				    "valeur trop longue (%zu octets, %d au "
				    "plus) : le détail va dans le texte sous "
				    "l'en-tête", ev.data.scalar.length,
				    YAML_MAX_SCALAR);
				yaml_event_delete(&ev);
				goto out;
			}
			n = arena_alloc(a, sizeof(*n));
			n->kind = YN_SCALAR;
			n->str = arena_strndup(a,
			    (const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->quoted = ev.data.scalar.style !=
			    YAML_PLAIN_SCALAR_STYLE;
			if (memchr(n->str, '\0', n->len) != NULL) {
				diag_add(d, DIAG_ERROR, file, line, col,
				    "caractère nul dans une valeur");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
			anchor = ev.data.sequence_start.anchor;
			tag = ev.data.sequence_start.tag;
			n = arena_alloc(a, sizeof(*n));
			n->kind = YN_SEQ;
			break;
		case YAML_MAPPING_START_EVENT:
			anchor = ev.data.mapping_start.anchor;
			tag = ev.data.mapping_start.tag;
			n = arena_alloc(a, sizeof(*n));
			n->kind = YN_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			n = stack[depth].node;
			if (ybuild_close(&stack[depth], a, d, file) == -1) {
				yaml_event_delete(&ev);
				goto out;
			}
			depth--;
			if (depth == 0)
				root = n;
			else
				ybuild_push(&stack[depth], n);
			n = NULL;
			break;
		default:
			break;
		}
		if (anchor != NULL) {
			diag_add(d, DIAG_ERROR, file, line, col, "ancre YAML "
			    "« &%s » refusée : une fiche contient des données, "
			    "pas des renvois (mettez entre guillemets un texte "
			    "qui commence par « & »)", (const char *)anchor);
			yaml_event_delete(&ev);
			goto out;
		}
		if (tag != NULL) {
			/* Show the tag as written: !!str, not its long form. */
			const char *t = (const char *)tag;
			int	 std;

			std = strncmp(t, "tag:yaml.org,2002:", 18) == 0;
			diag_add(d, DIAG_ERROR, file, line, col, "étiquette "
			    "YAML « %s%s » refusée : une fiche contient des "
			    "données, pas un programme", std ? "!!" : "",
			    std ? t + 18 : t);
			yaml_event_delete(&ev);
			goto out;
		}
		if (n != NULL) {
			n->line = line;
			n->col = col;
			if (n->kind == YN_SCALAR) {
				if (depth == 0)
					root = n;
				else
					ybuild_push(&stack[depth], n);
			} else {
				if (depth == YAML_MAX_DEPTH) {
					diag_add(d, DIAG_ERROR, file, line, col,
					    "imbrication trop profonde (plus "
					    "de %d niveaux de listes ou de "
					    "clés)", YAML_MAX_DEPTH);
					yaml_event_delete(&ev);
					goto out;
				}
				depth++;
				stack[depth].node = n;
			}
		}
		yaml_event_delete(&ev);
	}
	*out = root;
	rc = 0;
out:
	for (; depth > 0; depth--)
		free(stack[depth].items);
	yaml_parser_delete(&p);
	return rc;
}

int
yaml_parse(struct ynode **out, struct arena *a, struct diags *d,
    const char *file, const char *src, size_t len, int first_line)
{
	*out = NULL;
	/* memchr first: check_tabs walks the text byte by byte. */
	if (memchr(src, '\t', len) != NULL &&
	    check_tabs(d, file, src, len, first_line) > 0)
		return parse_untabbed(out, a, d, file, src, len, first_line);
	if (yaml_fast(out, a, src, len, first_line) == 0)
		return 0;
	return parse_events(out, a, d, file, src, len, first_line);
}

int
yaml_parse_libyaml(struct ynode **out, struct arena *a, struct diags *d,
    const char *file, const char *src, size_t len, int first_line)
{
	*out = NULL;
	if (check_tabs(d, file, src, len, first_line) > 0)
		return parse_untabbed(out, a, d, file, src, len, first_line);
	return parse_events(out, a, d, file, src, len, first_line);
}

struct ynode *
yaml_copy(struct arena *a, const struct ynode *n)
{
	struct ynode *c = arena_memdup(a, n, sizeof(*n));
	size_t	 i, k = n->kind == YN_MAP ? 2 * n->n : n->n;

	if (n->str != NULL)
		c->str = arena_strndup(a, n->str, n->len);
	if (n->items != NULL) {
		c->items = arena_alloc(a, (k ? k : 1) * sizeof(*c->items));
		for (i = 0; i < k; i++)
			c->items[i] = yaml_copy(a, n->items[i]);
	}
	return c;
}
