/*
 * cog.c: reading data/cog/. The files are small (35 KB at most for a
 * département), so a table is the file itself, split in place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cog.h"
#include "fold.h"

#define COG_MAX		(4u << 20)

/* Splits a TSV file in place into rows; -1 with errno when unreadable. */
static int
table_read(struct cog_table *t, const char *path)
{
	size_t	 len, cap = 0;
	char	*p, *end, *nl;
	const char *f[6];
	int	 k;

	memset(t, 0, sizeof(*t));
	if (util_read_file(&t->data, &len, path, COG_MAX) != READ_OK) {
		if (errno == 0)
			errno = EFBIG;
		return -1;
	}
	for (p = t->data, end = t->data + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		if (*p == '#' || *p == '\0')
			continue;
		for (k = 0; k < 6; k++) {
			f[k] = p;
			if (p != NULL && (p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		p = nl;
		for (k = 0; k < 6; k++)
			if (f[k] == NULL)
				f[k] = "";
		if (t->n == cap) {
			cap = cap ? cap * 2 : 256;
			t->rows = xrealloc(t->rows, cap * sizeof(*t->rows));
		}
		t->rows[t->n++] = (struct cog_row){f[0], f[1], f[2], f[3], f[4],
		    f[5]};
	}
	strmap_init(&t->by_code, t->n);
	for (size_t i = 0; i < t->n; i++)
		strmap_put(&t->by_code, t->rows[i].code, (int)i);
	return 0;
}

static void
table_free(struct cog_table *t)
{
	size_t	 i;

	if (t->name_keys != NULL) {
		for (i = 0; i < t->n; i++)
			free(t->name_keys[i]);
		free(t->name_keys);
		strmap_free(&t->by_name);
	}
	if (t->data != NULL)
		strmap_free(&t->by_code);
	free(t->rows);
	free(t->data);
	memset(t, 0, sizeof(*t));
}

int
cog_open(struct cog *c, const char *data_dir)
{
	char	*p;

	memset(c, 0, sizeof(*c));
	c->dir = util_path_join(data_dir, "data/cog");
	p = util_path_join(c->dir, "departements.tsv");
	if (table_read(&c->deps, p) == -1) {
		fprintf(stderr, "maillage : %s : %s (la liste officielle des "
		    "communes manque au dossier de données)\n", p,
		    util_strerror(errno));
		free(p);
		cog_close(c);
		return -1;
	}
	free(p);
	p = util_path_join(c->dir, "epci.tsv");
	if (table_read(&c->epcis, p) == -1) {
		fprintf(stderr, "maillage : %s : %s\n", p, util_strerror(errno));
		free(p);
		cog_close(c);
		return -1;
	}
	free(p);
	return 0;
}

void
cog_close(struct cog *c)
{
	size_t	 i;

	table_free(&c->deps);
	table_free(&c->epcis);
	for (i = 0; i < c->ncommunes; i++)
		table_free(&c->communes[i]);
	free(c->communes);
	if (c->loaded.cap > 0)
		strmap_free(&c->loaded);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}

const struct cog_table *
cog_communes(struct cog *c, const char *dep)
{
	struct cog_table t;
	struct buf path = {0};
	int	 rc, k;

	/* check asks once per commune and per place: 170,000 times at
	 * 100,000 sheets, a hash and not a walk of the loaded tables. */
	if (c->loaded.cap == 0)
		strmap_init(&c->loaded, 128);
	if ((k = strmap_get(&c->loaded, dep)) >= 0)
		return &c->communes[k];
	if (cog_get(&c->deps, dep) == NULL) {
		errno = ENOENT;
		return NULL;
	}
	buf_printf(&path, "%s/communes/%s.tsv", c->dir, dep);
	rc = table_read(&t, path.data);
	buf_dispose(&path);
	if (rc == -1 || t.n == 0) {
		table_free(&t);
		errno = rc == -1 ? errno : ENOENT;
		return NULL;
	}
	c->communes = xrealloc(c->communes, (c->ncommunes + 1) *
	    sizeof(*c->communes));
	c->communes[c->ncommunes] = t;
	/* Keyed as the walk it replaces matched: by the first row. */
	(void)strmap_put(&c->loaded, t.rows[0].dep, (int)c->ncommunes);
	return &c->communes[c->ncommunes++];
}

const struct cog_row *
cog_get(const struct cog_table *t, const char *code)
{
	int	 k;

	if (t == NULL || t->n == 0)
		return NULL;
	k = strmap_get(&t->by_code, code);
	return k < 0 ? NULL : &t->rows[k];
}

void
cog_dep_of(char out[4], const char *commune)
{
	size_t	 n = strncmp(commune, "97", 2) == 0 ? 3 : 2;

	memset(out, 0, 4);
	strncpy(out, commune, n);
}

/* Folded name without spaces, hyphens or apostrophes: "cotesdarmor". */
static void
fold_key(struct buf *out, const char *s)
{
	struct buf f = {0};
	size_t	 i;

	fold_text(&f, s);
	buf_reset(out);
	for (i = 0; i < f.len; i++)
		if ((f.data[i] >= 'a' && f.data[i] <= 'z') ||
		    (f.data[i] >= '0' && f.data[i] <= '9'))
			buf_putc(out, f.data[i]);
	buf_dispose(&f);
}

/*
 * A map from folded names to rows, made once per table: check looks up
 * every commune of a tree by name when its code is wrong, and a tree
 * may have thousands.
 */
const struct cog_row *
cog_find_name(const struct cog_table *ct, const char *name)
{
	struct cog_table *t = (struct cog_table *)ct;	/* lazy cache */
	struct buf want = {0}, k = {0};
	size_t	 i;
	int	 r;

	if (t->n == 0)
		return NULL;
	if (t->name_keys == NULL) {
		t->name_keys = xcalloc(t->n, sizeof(*t->name_keys));
		strmap_init(&t->by_name, t->n);
		for (i = 0; i < t->n; i++) {
			fold_key(&k, t->rows[i].nom);
			t->name_keys[i] = xstrdup(buf_cstr(&k));
		}
		/* Current communes first: they win a shared name. */
		for (r = 0; r < 2; r++)
			for (i = 0; i < t->n; i++)
				if ((*t->rows[i].absorbee_par != '\0') == r)
					strmap_put(&t->by_name, t->name_keys[i],
					    (int)i);
	}
	fold_key(&want, name);
	r = strmap_get(&t->by_name, buf_cstr(&want));
	buf_dispose(&want);
	buf_dispose(&k);
	return r < 0 ? NULL : &t->rows[r];
}

const struct cog_row *
cog_find_dep(const struct cog *c, const char *what)
{
	char	 code[8];
	size_t	 n = strlen(what);
	const struct cog_row *r;

	if (n >= 1 && n <= 3) {
		snprintf(code, sizeof(code), "%s%s", n == 1 ? "0" : "", what);
		if (code[1] == 'a' || code[1] == 'b')
			code[1] = (char)(code[1] - 'a' + 'A');
		if ((r = cog_get(&c->deps, code)) != NULL)
			return r;
	}
	return cog_find_name(&c->deps, what);
}

int
cog_has_cp(const struct cog_row *r, const char *cp)
{
	size_t	 n = strlen(cp);
	const char *p = r->cp;

	if (n == 0)
		return 0;
	while ((p = strstr(p, cp)) != NULL) {
		if ((p == r->cp || p[-1] == ',') && (p[n] == ',' ||
		    p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}
