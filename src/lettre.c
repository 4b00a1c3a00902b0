/*
 * lettre.c: the newsletter (see lettre.h).
 *
 * The files that changed between the two ends of the range come from
 * history.c with their text at both ends; each sheet's front matter is
 * read at both ends and compared field by field for what matters to a
 * partner (telephone, e-mail, site, hours, address, territories,
 * status, name). Anything else (the body, the summary, the needs…) is
 * wording: those sheets are summed up in one line.
 *
 * Names of sheets, territories, communes and types come from the model
 * of the content at the right end: what a sheet covered before is named
 * as the territories were named then, what it covers now as they are
 * named at --until (two models side by side). The site's settings (its
 * address, title, sender, unsubscribe link) are today's: the work
 * tree's, as the letter is sent now and links to the site as it is.
 *
 * The HTML is for mail clients: tables, inline styles, no image, no
 * web font, 600 px at most and fluid below; explicit colours on every
 * block so that a client's dark mode inverts a coherent whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "history.h"
#include "hours.h"
#include "lettre.h"
#include "model.h"
#include "util.h"
#include "yaml.h"

enum item_kind {
	IT_NEW,
	IT_CHANGED,
	IT_CLOSED,
	IT_REMOVED,
	IT_WORDING,
	IT_NEWS,
	IT__MAX
};

struct item {
	enum item_kind	 kind;
	const char	*id;		/* sheet id at the end, NULL if removed */
	const char	*nom;		/* "Nom (SIGLE)" */
	const char	*url;		/* its page, NULL when it has none */
	const char	*what;		/* new: type; news: date in French */
	const char	*resume;	/* new: summary; closed: successor text */
	const char	*succ_nom;	/* closed: remplace_par's name */
	const char	*succ_url;
	struct strlist	 lines;		/* changed: one sentence each */
	long		 date;		/* news */
	int		 hidden;	/* past the size budget of the HTML */
};

struct lettre {
	struct arena	 a;
	const struct model *m;		/* site settings: the work tree */
	const struct model *mo, *mn;	/* the content at since, at until */
	const char	*terr;		/* --territory's code, NULL */
	struct item	*items;
	size_t		 n, cap;
	size_t		 nhidden;	/* items left out to stay under 100 KB */
	const char	*titre;		/* lettre.titre or titre */
	const char	*terr_nom;	/* --territory's name, NULL */
	char		 date[11];	/* edition date */
	long		 day;
	long		 since_day;
	long long	 time;		/* until commit's time */
};

/* Front matter and body of a Markdown file's text (any revision). */
struct fm {
	const struct ynode *map;	/* NULL when unreadable */
	const char	*body;
};

static void
fm_read(struct fm *out, struct arena *a, const char *file, const char *text)
{
	struct diags d;
	struct ynode *root = NULL;
	const char *p, *end;
	char	*s, *w;

	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return;
	/* The loader's normalisation: BOM, CRLF and lone CR. */
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	s = w = arena_strdup(a, text);
	for (p = text; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		*w++ = *p == '\r' ? '\n' : *p;
	}
	*w = '\0';
	if (strncmp(s, "---\n", 4) != 0)
		return;
	for (p = s + 4; *p != '\0'; p = end + 1) {
		end = strchr(p, '\n');
		if ((strncmp(p, "---", 3) == 0 || strncmp(p, "...", 3) == 0) &&
		    (p[3] == '\n' || p[3] == '\0' || p[3] == ' '))
			break;
		if (end == NULL) {
			p = NULL;
			break;
		}
	}
	if (p == NULL || *p == '\0')
		return;
	diags_init(&d);
	if (yaml_parse(&root, a, &d, file, s + 4, (size_t)(p - (s + 4)), 2) ==
	    0 && root != NULL && root->kind == YN_MAP)
		out->map = root;
	diags_free(&d);
	end = strchr(p, '\n');
	out->body = end ? end + 1 : "";
}

/* A scalar's text, NULL when absent or not a scalar. */
static const char *
fm_str(const struct ynode *map, const char *key)
{
	const struct ynode *v = yaml_get(map, key);

	return v != NULL && v->kind == YN_SCALAR && v->len > 0 ? v->str : NULL;
}

static const struct ynode *
fm_seq(const struct ynode *map, const char *key)
{
	const struct ynode *v = yaml_get(map, key);

	return v != NULL && v->kind == YN_SEQ ? v : NULL;
}

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
item_line(struct lettre *l, struct item *it, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
item_line(struct lettre *l, struct item *it, const char *fmt, ...)
{
	va_list	 ap;
	const char **v;

	v = arena_alloc(&l->a, (it->lines.n + 1) * sizeof(*v));
	if (it->lines.n > 0)
		memcpy(v, it->lines.v, it->lines.n * sizeof(*v));
	va_start(ap, fmt);
	v[it->lines.n++] = arena_vprintf(&l->a, fmt, ap);
	va_end(ap);
	it->lines.v = v;
}

static struct item *
item_add(struct lettre *l, enum item_kind k)
{
	struct item *it;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	it = &l->items[l->n++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	return it;
}

/* "fiches/abc.md" → "abc". */
static const char *
file_id(struct arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	size_t	 n;

	s = s ? s + 1 : path;
	n = strlen(s);
	if (n > 3 && strcmp(s + n - 3, ".md") == 0)
		n -= 3;
	return arena_strndup(a, s, n);
}

/* "Nom (SIGLE)" of a sheet of model m, its front matter fm else. */
static const char *
sheet_name(struct lettre *l, const struct model *m, const struct ynode *fm,
    const char *id)
{
	const char *nom = fm_str(fm, "nom"), *sigle = fm_str(fm, "sigle");
	int	 s = id != NULL ? model_sheet(m, id) : -1;

	if (s >= 0) {
		nom = m->sheets[s].nom;
		sigle = m->sheets[s].sigle;
	}

	if (nom == NULL)
		return id;
	if (sigle != NULL)
		return arena_printf(&l->a, "%s (%s)", nom, sigle);
	return nom;
}

static const char *
sheet_url(struct lettre *l, const char *id)
{
	return arena_printf(&l->a, "%sfiches/%s/", l->m->site.url, id);
}

/* Statut of a front matter: 'a'ctif, 'f'erme, 'b'rouillon. */
static int
statut(const struct ynode *fm)
{
	const char *s = fm_str(fm, "statut");

	if (s == NULL)
		return 'a';
	if (strcmp(s, "ferme") == 0)
		return 'f';
	if (strcmp(s, "brouillon") == 0)
		return 'b';
	return 'a';
}

/* Digits of a French number, +33 turned into 0: to compare numbers. */
static void
phone_key(char out[24], const char *s)
{
	size_t	 n = 0;

	if (s == NULL) {
		out[0] = '\0';
		return;
	}
	if (strncmp(s, "+33", 3) == 0) {
		out[n++] = '0';
		s += 3;
	}
	for (; *s != '\0' && n < 23; s++)
		if (*s >= '0' && *s <= '9')
			out[n++] = *s;
	out[n] = '\0';
}

/* A number as the site shows it ("03 53 73 00 01"). */
static const char *
phone_show(struct lettre *l, const char *s)
{
	char	 k[24];

	phone_key(k, s);
	if (strlen(k) == 10)
		return arena_printf(&l->a, "%.2s %.2s %.2s %.2s %.2s", k, k + 2,
		    k + 4, k + 6, k + 8);
	return s;
}

/* Opening hours in French, or the source text if it does not parse. */
static const char *
hours_show(struct lettre *l, const char *src)
{
	struct hours *h;
	struct buf b = {0};
	const char *msg, *r;
	int	 col;

	if (src == NULL)
		return "non précisés";
	h = hours_parse(&l->a, src, &col, &msg);
	if (h == NULL)
		return src;
	hours_french(&b, h);
	r = arena_strdup(&l->a, buf_cstr(&b));
	buf_dispose(&b);
	return r;
}

/* "12 rue de l'Exemple, 58000 Nevers" from a place (communes of m). */
static const char *
place_address(struct lettre *l, const struct model *m, const struct ynode *p)
{
	const char *adr = fm_str(p, "adresse"), *cp = fm_str(p, "code_postal");
	const char *com = fm_str(p, "commune");
	int	 t = com ? model_terr(m, com) : -1;
	struct buf b = {0};
	const char *r;

	if (adr != NULL)
		buf_puts(&b, adr);
	if (cp != NULL || t >= 0) {
		if (b.len > 0)
			buf_puts(&b, ", ");
		if (cp != NULL)
			buf_printf(&b, "%s%s", cp, t >= 0 ? " " : "");
		if (t >= 0)
			buf_puts(&b, m->terr[t].nom);
	}
	r = b.len > 0 ? arena_strdup(&l->a, b.data) : "adresse non précisée";
	buf_dispose(&b);
	return r;
}

/* Territory names of a list of codes in model m: "Nièvre, Nevers". */
static const char *
terr_names(struct lettre *l, const struct model *m, const struct ynode *seq)
{
	struct buf b = {0};
	const char *r;
	size_t	 i;
	int	 t;

	for (i = 0; seq != NULL && i < seq->n; i++) {
		if (seq->items[i]->kind != YN_SCALAR)
			continue;
		t = model_terr(m, seq->items[i]->str);
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, t >= 0 ? m->terr[t].nom : seq->items[i]->str);
	}
	r = arena_strdup(&l->a, b.len ? b.data : "aucun territoire");
	buf_dispose(&b);
	return r;
}

/* Canonical text of a node, skipping some top-level keys. */
static void
canon(struct buf *b, const struct ynode *n, const char *const *skip,
    int top)
{
	size_t	 i, k;

	if (n == NULL) {
		buf_puts(b, "~");
		return;
	}
	switch (n->kind) {
	case YN_SCALAR:
		buf_printf(b, "%zu:", n->len);
		buf_put(b, n->str, n->len);
		break;
	case YN_SEQ:
		buf_putc(b, '[');
		for (i = 0; i < n->n; i++)
			canon(b, n->items[i], skip, 0);
		buf_putc(b, ']');
		break;
	case YN_MAP:
		buf_putc(b, '{');
		for (i = 0; i < n->n; i++) {
			const char *key = n->items[2 * i]->str;
			int	 skipped = 0;

			for (k = 0; top && skip[k] != NULL; k++)
				if (strcmp(skip[k], key) == 0)
					skipped = 1;
			if (skipped)
				continue;
			canon(b, n->items[2 * i], skip, 0);
			canon(b, n->items[2 * i + 1], skip, 0);
		}
		buf_putc(b, '}');
		break;
	}
}

/* Keys said field by field, or not news at all (verifie_le). */
static const char *const practical[] = {"nom", "sigle", "contact", "horaires",
    "lieux", "territoires", "statut", "remplace_par", "verifie_le", NULL};

/*
 * The practical changes of one sheet, old → new, as sentences of item
 * it. Returns whether anything else (wording) changed.
 */
static int
compare(struct lettre *l, struct item *it, const struct fm *o,
    const struct fm *n)
{
	const struct ynode *oc = yaml_get(o->map, "contact");
	const struct ynode *nc = yaml_get(n->map, "contact");
	const struct ynode *ol = fm_seq(o->map, "lieux");
	const struct ynode *nl = fm_seq(n->map, "lieux");
	const char *a, *z;
	char	 ka[24], kz[24];
	struct buf x = {0}, y = {0};
	size_t	 i, no, nn;
	int	 other;

	a = fm_str(o->map, "nom");
	z = fm_str(n->map, "nom");
	if (!str_eq(a, z) && a != NULL && z != NULL)
		item_line(l, it, "s'appelle désormais « %s » (auparavant « %s »)",
		    z, a);
	a = fm_str(oc, "telephone");
	z = fm_str(nc, "telephone");
	phone_key(ka, a);
	phone_key(kz, z);
	if (strcmp(ka, kz) != 0) {
		if (a && z)
			item_line(l, it, "a changé de numéro : %s → %s",
			    phone_show(l, a), phone_show(l, z));
		else if (z)
			item_line(l, it, "a désormais un numéro de téléphone : "
			    "%s", phone_show(l, z));
		else
			item_line(l, it, "n'a plus de numéro de téléphone "
			    "(auparavant %s)", phone_show(l, a));
	}
	a = fm_str(oc, "email");
	z = fm_str(nc, "email");
	if (!str_eq(a, z)) {
		if (a && z)
			item_line(l, it, "a changé d'adresse électronique : "
			    "%s → %s", a, z);
		else if (z)
			item_line(l, it, "a désormais une adresse électronique "
			    ": %s", z);
		else
			item_line(l, it, "n'a plus d'adresse électronique "
			    "(auparavant %s)", a);
	}
	a = fm_str(oc, "site");
	z = fm_str(nc, "site");
	if (!str_eq(a, z)) {
		if (z)
			item_line(l, it, "a un nouveau site : %s", z);
		else
			item_line(l, it, "n'a plus de site (auparavant %s)", a);
	}
	a = fm_str(o->map, "horaires");
	z = fm_str(n->map, "horaires");
	if (!str_eq(a, z))
		item_line(l, it, "a changé d'horaires : %s → %s",
		    hours_show(l, a), hours_show(l, z));
	/* Places: matched by position, which is how editors keep them. */
	no = ol ? ol->n : 0;
	nn = nl ? nl->n : 0;
	for (i = 0; i < no || i < nn; i++) {
		const struct ynode *op = i < no ? ol->items[i] : NULL;
		const struct ynode *np = i < nn ? nl->items[i] : NULL;
		const char *lieu = fm_str(np ? np : op, "nom");
		const char *pa = op ? place_address(l, l->mo, op) : NULL;
		const char *pz = np ? place_address(l, l->mn, np) : NULL;
		const char *at = nn > 1 || no > 1 ? arena_printf(&l->a,
		    " (%s)", lieu ? lieu : "un lieu") : "";

		if (op == NULL)
			item_line(l, it, "accueille aussi au %s%s", pz, at);
		else if (np == NULL)
			item_line(l, it, "n'accueille plus au %s%s", pa, at);
		else {
			if (strcmp(pa, pz) != 0)
				item_line(l, it, "a déménagé%s : %s → %s", at,
				    pa, pz);
			a = fm_str(op, "horaires");
			z = fm_str(np, "horaires");
			if (!str_eq(a, z))
				item_line(l, it, "a changé d'horaires%s : "
				    "%s → %s", at, hours_show(l, a),
				    hours_show(l, z));
		}
	}
	canon(&x, fm_seq(o->map, "territoires"), practical, 0);
	canon(&y, fm_seq(n->map, "territoires"), practical, 0);
	if (strcmp(buf_cstr(&x), buf_cstr(&y)) != 0)
		item_line(l, it, "intervient désormais sur : %s (auparavant : %s)",
		    terr_names(l, l->mn, fm_seq(n->map, "territoires")),
		    terr_names(l, l->mo, fm_seq(o->map, "territoires")));
	if (statut(o->map) == 'f' && statut(n->map) == 'a')
		item_line(l, it, "a rouvert");
	/* The rest, including the contact map's other keys and the body. */
	buf_reset(&x);
	buf_reset(&y);
	canon(&x, o->map, practical, 1);
	canon(&y, n->map, practical, 1);
	other = strcmp(buf_cstr(&x), buf_cstr(&y)) != 0 ||
	    !str_eq(o->body, n->body);
	buf_dispose(&x);
	buf_dispose(&y);
	return other;
}

/*
 * Whether a list of territory codes meets the chosen territory, both as
 * model m has them (commune numbers are a model's own).
 */
static int
concerns(const struct lettre *l, const struct model *m,
    const struct ynode *seq)
{
	size_t	 i;
	int	 t, terr;

	if (l->terr == NULL)
		return 1;
	if ((terr = model_terr(m, l->terr)) < 0)
		return 0;
	for (i = 0; seq != NULL && i < seq->n; i++) {
		if (seq->items[i]->kind != YN_SCALAR)
			continue;
		t = model_terr(m, seq->items[i]->str);
		if (t >= 0 && idset_meets(&m->terr[t].communes,
		    &m->terr[terr].communes))
			return 1;
	}
	return 0;
}

static void
add_sheet(struct lettre *l, const struct hist_delta *d)
{
	struct fm o, n;
	struct item *it, tmp;
	const char *id, *oid;
	int	 so, sn;

	fm_read(&o, &l->a, d->old_path, d->old_text);
	fm_read(&n, &l->a, d->new_path, d->new_text);
	if ((d->old_text && o.map == NULL) || (d->new_text && n.map == NULL))
		return;		/* not a sheet at one end: nothing to tell */
	id = d->new_path ? file_id(&l->a, d->new_path) : NULL;
	oid = d->old_path ? file_id(&l->a, d->old_path) : NULL;
	so = o.map ? statut(o.map) : 'b';	/* absent is like a draft */
	sn = n.map ? statut(n.map) : 'b';
	/* Absent or a draft at both ends, or new but closed already. */
	if ((so == 'b' && sn == 'b') || (so == 'b' && sn == 'f'))
		return;
	if (!concerns(l, l->mn, fm_seq(n.map, "territoires")) &&
	    !concerns(l, l->mo, fm_seq(o.map, "territoires")))
		return;
	if (so == 'b') {
		it = item_add(l, IT_NEW);
		it->id = id;
		it->nom = sheet_name(l, l->mn, n.map, id);
		it->url = sheet_url(l, id);
		it->resume = fm_str(n.map, "resume");
		if (fm_str(n.map, "type") != NULL) {
			int t = model_type(l->mn, fm_str(n.map, "type"));

			it->what = t >= 0 ? l->mn->types[t].nom : NULL;
		}
		return;
	}
	if (sn == 'b') {
		it = item_add(l, IT_REMOVED);
		it->nom = sheet_name(l, l->mo, o.map, oid);
		return;
	}
	if (sn == 'f' && so != 'f') {
		const char *r = fm_str(n.map, "remplace_par");

		it = item_add(l, IT_CLOSED);
		it->id = id;
		it->nom = sheet_name(l, l->mn, n.map, id);
		it->url = sheet_url(l, id);
		if (r != NULL) {
			int s = model_sheet(l->mn, r);

			it->succ_nom = s >= 0 ? sheet_name(l, l->mn, NULL, r) :
			    r;
			it->succ_url = s >= 0 ? sheet_url(l, r) : NULL;
		}
		return;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.kind = IT_CHANGED;
	tmp.id = id;
	tmp.nom = sheet_name(l, l->mn, n.map, id);
	tmp.url = sheet_url(l, id);
	if (compare(l, &tmp, &o, &n) && tmp.lines.n == 0)
		tmp.kind = IT_WORDING;
	else if (tmp.lines.n == 0 && !str_eq(id, oid))
		tmp.kind = IT_WORDING;	/* only moved to a new address */
	else if (tmp.lines.n == 0)
		return;			/* e.g. only verifie_le */
	it = item_add(l, tmp.kind);
	*it = tmp;
}

static void
add_news(struct lettre *l, const struct hist_file *f)
{
	struct fm n;
	struct item *it;
	struct buf b = {0};
	const char *d, *t;
	long	 day;

	fm_read(&n, &l->a, f->path, f->text);
	d = fm_str(n.map, "date");
	t = fm_str(n.map, "titre");
	if (d == NULL || t == NULL || date_parse(&day, d) == -1)
		return;
	if (day < l->since_day || day > l->day)
		return;
	if (fm_seq(n.map, "territoires") != NULL &&
	    fm_seq(n.map, "territoires")->n > 0 &&
	    !concerns(l, l->mn, fm_seq(n.map, "territoires")))
		return;
	it = item_add(l, IT_NEWS);
	it->nom = t;
	it->id = file_id(&l->a, f->path);
	it->url = arena_printf(&l->a, "%sactualites/%s/", l->m->site.url,
	    it->id);
	it->date = day;
	date_french(&b, day);
	it->what = arena_strdup(&l->a, b.data);
	buf_dispose(&b);
}

/* Sections in the edition: news first, then the services. */
static int
kind_rank(enum item_kind k)
{
	static const int rank[IT__MAX] = {
		[IT_NEWS] = 0, [IT_NEW] = 1, [IT_CHANGED] = 2, [IT_CLOSED] = 3,
		[IT_REMOVED] = 4, [IT_WORDING] = 5
	};

	return rank[k];
}

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->kind != y->kind)
		return kind_rank(x->kind) - kind_rank(y->kind);
	if (x->kind == IT_NEWS && x->date != y->date)
		return x->date < y->date ? 1 : -1;
	return strcmp(x->nom, y->nom);
}

static void budget(struct lettre *);

struct lettre *
lettre_new(const struct model *site, const struct model *mo,
    const struct model *mn, const struct hist_range *r,
    const char *territory, struct buf *err)
{
	const struct model *m = site;
	struct lettre *l;
	size_t	 i;
	int	 terr = -1;

	if (territory != NULL && (terr = model_terr(mn, territory)) < 0) {
		buf_printf(err, "--territory « %s » : territoire inconnu de "
		    "territoires.yaml (à la version %s)", territory,
		    r->until_id);
		return NULL;
	}
	l = xcalloc(1, sizeof(*l));
	arena_init(&l->a);
	l->m = m;
	l->mo = mo;
	l->mn = mn;
	l->terr = territory;
	l->titre = m->site.lettre_titre ? m->site.lettre_titre : m->site.titre;
	l->terr_nom = terr >= 0 ? mn->terr[terr].nom : NULL;
	l->day = r->until_day;
	l->since_day = r->since_day;
	l->time = r->until_time;
	date_iso(l->date, l->day);
	for (i = 0; i < r->ndeltas; i++)
		add_sheet(l, &r->deltas[i]);
	for (i = 0; i < r->nnews; i++)
		add_news(l, &r->news[i]);
	if (l->n > 0)
		qsort(l->items, l->n, sizeof(*l->items), item_cmp);
	budget(l);
	return l;
}

void
lettre_free(struct lettre *l)
{
	if (l == NULL)
		return;
	free(l->items);
	arena_free(&l->a);
	free(l);
}

size_t
lettre_count(const struct lettre *l)
{
	return l->n;
}

const char *
lettre_date(const struct lettre *l)
{
	return l->date;
}

static size_t
count_kind(const struct lettre *l, enum item_kind k)
{
	size_t	 i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->items[i].kind == k && !l->items[i].hidden;
	return n;
}

static const char *const section_title[IT__MAX] = {
	"Nouveaux services",
	"Ce qui change",
	"Services fermés",
	"Ne figurent plus dans le répertoire",
	"Présentations mises à jour",
	"Actualités"
};
/* Order of the sections in the edition. */
static const enum item_kind section_order[] = {IT_NEWS, IT_NEW, IT_CHANGED,
    IT_CLOSED, IT_REMOVED, IT_WORDING};

static void
period_french(struct buf *b, const struct lettre *l)
{
	if (l->since_day > 0 && l->since_day <= l->day) {
		buf_puts(b, "Du ");
		date_french(b, l->since_day);
		buf_puts(b, " au ");
	} else
		buf_puts(b, "Jusqu'au ");
	date_french(b, l->day);
}

static void
subject(struct buf *b, const struct lettre *l)
{
	buf_printf(b, "%s — ", l->titre);
	date_french(b, l->day);
	if (l->terr_nom)
		buf_printf(b, " — %s", l->terr_nom);
}

/* ---- text ---------------------------------------------------------- */

/* Characters in n bytes of UTF-8. */
static size_t
ulen(const char *s, size_t n)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/*
 * Whether the space at s must not become a line end: inside a number
 * ("03 53 73 00 01"), or before French high punctuation and arrows.
 */
static int
glue(const char *s)
{
	return (s[-1] >= '0' && s[-1] <= '9' && s[1] >= '0' && s[1] <= '9') ||
	    (s[1] != '\0' && strchr(":;!?", s[1]) != NULL) ||
	    strncmp(s + 1, "→", 3) == 0 || strncmp(s + 1, "»", 2) == 0;
}

/* Appends s wrapped at 72 columns, lines after the first with indent. */
static void
wrap(struct buf *b, const char *s, const char *first, const char *indent)
{
	size_t	 col, w, cw;
	int	 start = 1;

	buf_puts(b, first);
	col = utf8_len(first);
	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		/* A number ("03 53 73 00 01", "12 h 30") stays on one line. */
		for (w = strcspn(s, " "); s[w] == ' ' && glue(s + w); )
			w += 1 + strcspn(s + w + 1, " ");
		cw = ulen(s, w);
		if (!start && col + 1 + cw > 72) {
			buf_putc(b, '\n');
			buf_puts(b, indent);
			col = utf8_len(indent);
		} else if (!start) {
			buf_putc(b, ' ');
			col++;
		}
		buf_put(b, s, w);
		col += cw;
		start = 0;
		s += w;
	}
	buf_putc(b, '\n');
}

/* The sentence that says how many items are left out. */
static void
more(struct buf *b, const struct lettre *l)
{
	buf_printf(b, "Cette lettre s'arrête là pour rester lisible dans "
	    "les messageries : %zu autre%s changement%s %s à retrouver dans "
	    "le répertoire en ligne.", l->nhidden, l->nhidden > 1 ? "s" : "",
	    l->nhidden > 1 ? "s" : "", l->nhidden > 1 ? "sont" : "est");
}

void
lettre_text(struct buf *b, const struct lettre *l)
{
	struct buf t = {0};
	size_t	 s, i, k;

	subject(&t, l);
	buf_printf(b, "%s\n", t.data);
	buf_reset(&t);
	period_french(&t, l);
	buf_printf(b, "%s\n", t.data);
	buf_reset(&t);
	for (s = 0; s < sizeof(section_order) / sizeof(*section_order); s++) {
		enum item_kind kind = section_order[s];

		if (count_kind(l, kind) == 0)
			continue;
		buf_printf(b, "\n## %s\n\n", section_title[kind]);
		if (kind == IT_WORDING) {
			buf_reset(&t);
			buf_puts(&t, "Le texte de présentation de ces services a "
			    "été revu :");
			for (i = 0, k = 0; i < l->n; i++)
				if (l->items[i].kind == kind &&
				    !l->items[i].hidden)
					buf_printf(&t, "%s %s", k++ ? "," : "",
					    l->items[i].nom);
			buf_putc(&t, '.');
			wrap(b, t.data, "", "");
			for (i = 0; i < l->n; i++)
				if (l->items[i].kind == kind &&
				    !l->items[i].hidden)
					buf_printf(b, "  %s\n", l->items[i].url);
			continue;
		}
		for (i = 0; i < l->n; i++) {
			const struct item *it = &l->items[i];

			if (it->kind != kind || it->hidden)
				continue;
			buf_reset(&t);
			switch (kind) {
			case IT_NEWS:
				buf_printf(&t, "%s (%s)", it->nom, it->what);
				break;
			case IT_NEW:
				buf_printf(&t, "%s%s%s", it->nom, it->what ?
				    " — " : "", it->what ? it->what : "");
				break;
			case IT_CHANGED:
				for (k = 0; k + 1 < it->lines.n; k++) {
					buf_reset(&t);
					buf_printf(&t, "%s %s.", it->nom,
					    it->lines.v[k]);
					wrap(b, t.data, "- ", "  ");
				}
				buf_reset(&t);
				buf_printf(&t, "%s %s.", it->nom, it->lines.v[k]);
				break;
			case IT_CLOSED:
				buf_printf(&t, "%s a fermé.", it->nom);
				if (it->succ_nom)
					buf_printf(&t, " Le relais est pris par "
					    "%s.", it->succ_nom);
				break;
			default:
				buf_printf(&t, "%s ne figure plus dans le "
				    "répertoire.", it->nom);
				break;
			}
			wrap(b, t.data, "- ", "  ");
			if (kind == IT_NEW && it->resume)
				wrap(b, it->resume, "  ", "  ");
			if (it->url)
				buf_printf(b, "  %s\n", it->url);
			if (it->succ_url)
				buf_printf(b, "  %s\n", it->succ_url);
		}
	}
	if (l->nhidden > 0) {
		buf_reset(&t);
		more(&t, l);
		buf_putc(b, '\n');
		wrap(b, t.data, "", "");
		buf_printf(b, "  %s\n", l->m->site.url);
	}
	buf_printf(b, "\n-- \n%s\n%s\n", l->m->site.titre, l->m->site.url);
	buf_dispose(&t);
}

/* ---- HTML ---------------------------------------------------------- */

#define INK	"#1a1a1a"
#define MUTED	"#555555"
#define ACCENT	"#0b4f8a"
#define PAPER	"#ffffff"
#define GROUND	"#eef1f4"
#define FONT	"font-family:Arial,Helvetica,sans-serif;"

static void
a_link(struct buf *b, const char *url, const char *text)
{
	if (url == NULL) {
		esc_html(b, text);
		return;
	}
	buf_puts(b, "<a href=\"");
	esc_href(b, url);
	buf_puts(b, "\" style=\"color:" ACCENT ";text-decoration:underline;"
	    "font-weight:bold\">");
	esc_html(b, text);
	buf_puts(b, "</a>");
}

static void
para(struct buf *b, const char *style)
{
	buf_printf(b, "<p style=\"margin:0 0 12px 0;" FONT "font-size:16px;"
	    "line-height:1.5;color:" INK ";%s\">", style);
}

/*
 * A sentence with its numbers kept on one line: a space between two
 * digits ("03 53 73 00 01") becomes a no-break space, so that a narrow
 * screen does not cut a telephone number in two; so does the space
 * before French high punctuation and inside « » (the text part's wrap
 * does the same).
 */
static void
esc_glued(struct buf *b, const char *s)
{
	struct buf t = {0};
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' && p > s && ((p[-1] >= '0' && p[-1] <= '9' &&
		    p[1] >= '0' && p[1] <= '9') || (p[1] != '\0' &&
		    strchr(":;!?", p[1]) != NULL) ||
		    strncmp(p + 1, "»", 2) == 0 ||
		    (p - s >= 2 && strncmp(p - 2, "«", 2) == 0)))
			buf_puts(&t, "\xc2\xa0");
		else
			buf_putc(&t, *p);
	}
	esc_html(b, buf_cstr(&t));
	buf_dispose(&t);
}

/* One item of the edition (all kinds but IT_WORDING). */
static void
item_html(struct buf *b, const struct item *it)
{
	size_t	 k;

		para(b, "");
		switch (it->kind) {
		case IT_NEWS:
			a_link(b, it->url, it->nom);
			buf_puts(b, "<br><span style=\"color:" MUTED
			    ";font-size:14px;\">");
			esc_html(b, it->what);
			buf_puts(b, "</span>");
			break;
		case IT_NEW:
			a_link(b, it->url, it->nom);
			if (it->what) {
				buf_puts(b, "<br><span style=\"color:"
				    MUTED ";font-size:14px;\">");
				esc_html(b, it->what);
				buf_puts(b, "</span>");
			}
			if (it->resume) {
				buf_puts(b, "<br>");
				esc_html(b, it->resume);
			}
			break;
		case IT_CHANGED:
			for (k = 0; k < it->lines.n; k++) {
				if (k > 0) {
					buf_puts(b, "</p>\n");
					para(b, "");
				}
				a_link(b, it->url, it->nom);
				buf_putc(b, ' ');
				esc_glued(b, it->lines.v[k]);
				buf_putc(b, '.');
			}
			break;
		case IT_CLOSED:
			a_link(b, it->url, it->nom);
			buf_puts(b, " a fermé.");
			if (it->succ_nom) {
				buf_puts(b, " Le relais est pris par ");
				a_link(b, it->succ_url, it->succ_nom);
				buf_puts(b, ".");
			}
			break;
		default:
			esc_html(b, it->nom);
			buf_puts(b, " ne figure plus dans le "
			    "répertoire.");
			break;
		}
	buf_puts(b, "</p>\n");
}

/*
 * Webmail clips a message over about 102 KB: the items that would take
 * the HTML past its budget are left out, from the last section up, and
 * one sentence says how many (the text part follows the same cut).
 */
#define HTML_BUDGET	(88 * 1024)

static void
budget(struct lettre *l)
{
	struct buf t = {0};
	size_t	 i, used = 0;

	for (i = 0; i < l->n; i++) {
		buf_reset(&t);
		if (l->items[i].kind == IT_WORDING) {
			a_link(&t, l->items[i].url, l->items[i].nom);
			t.len += 2;
		} else
			item_html(&t, &l->items[i]);
		if (used + t.len > HTML_BUDGET)
			break;
		used += t.len;
	}
	for (; i < l->n; i++) {
		l->items[i].hidden = 1;
		l->nhidden++;
	}
	buf_dispose(&t);
}

void
lettre_html(struct buf *b, const struct lettre *l)
{
	struct buf t = {0};
	size_t	 s, i, k;

	subject(&t, l);
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n"
	    "<meta name=\"supported-color-schemes\" content=\"light dark\">\n"
	    "<title>");
	esc_html(b, t.data);
	buf_puts(b, "</title>\n</head>\n");
	buf_puts(b, "<body style=\"margin:0;padding:0;background:" GROUND ";"
	    "color:" INK ";\">\n");
	/* Valid HTML5 (no bgcolor, cellpadding…): styles say it all. */
	buf_puts(b, "<table role=\"presentation\" style=\"width:100%;"
	    "border-collapse:collapse;border-spacing:0;background:" GROUND
	    ";\">\n<tr><td style=\"padding:16px 8px;\">\n");
	buf_puts(b, "<table role=\"presentation\" style=\"width:100%;"
	    "max-width:600px;margin:0 auto;border-collapse:collapse;"
	    "border-spacing:0;background:" PAPER ";border-top:6px solid "
	    ACCENT ";\">\n");
	/* Header. */
	buf_puts(b, "<tr><td style=\"padding:20px 20px 8px 20px;\">\n");
	buf_puts(b, "<h1 style=\"margin:0 0 6px 0;" FONT "font-size:22px;"
	    "line-height:1.3;color:" ACCENT ";\">");
	esc_html(b, l->titre);
	buf_puts(b, "</h1>\n");
	buf_reset(&t);
	period_french(&t, l);
	if (l->terr_nom)
		buf_printf(&t, " — %s", l->terr_nom);
	para(b, "color:" MUTED ";font-size:14px;");
	esc_html(b, t.data);
	buf_puts(b, "</p>\n</td></tr>\n");
	for (s = 0; s < sizeof(section_order) / sizeof(*section_order); s++) {
		enum item_kind kind = section_order[s];

		if (count_kind(l, kind) == 0)
			continue;
		buf_puts(b, "<tr><td style=\"padding:8px 20px 4px 20px;\">\n");
		buf_puts(b, "<h2 style=\"margin:8px 0 10px 0;" FONT
		    "font-size:18px;line-height:1.3;color:" INK ";"
		    "border-bottom:1px solid #c9d1d9;padding-bottom:4px;\">");
		esc_html(b, section_title[kind]);
		buf_puts(b, "</h2>\n");
		if (kind == IT_WORDING) {
			para(b, "");
			buf_puts(b, "Le texte de présentation de ces services a "
			    "été revu : ");
			for (i = 0, k = 0; i < l->n; i++)
				if (l->items[i].kind == kind &&
				    !l->items[i].hidden) {
					if (k++)
						buf_puts(b, ", ");
					a_link(b, l->items[i].url,
					    l->items[i].nom);
				}
			buf_puts(b, ".</p>\n</td></tr>\n");
			continue;
		}
		for (i = 0; i < l->n; i++)
			if (l->items[i].kind == kind && !l->items[i].hidden)
				item_html(b, &l->items[i]);
		buf_puts(b, "</td></tr>\n");
	}
	if (l->nhidden > 0) {
		buf_puts(b, "<tr><td style=\"padding:8px 20px 4px 20px;\">\n");
		para(b, "");
		buf_reset(&t);
		more(&t, l);
		esc_html(b, t.data);
		buf_putc(b, ' ');
		a_link(b, l->m->site.url, l->m->site.titre);
		buf_puts(b, "</p>\n</td></tr>\n");
	}
	/* Footer. */
	buf_puts(b, "<tr><td style=\"padding:12px 20px 20px 20px;"
	    "border-top:1px solid #c9d1d9;\">\n");
	para(b, "font-size:13px;color:" MUTED ";margin:0;");
	a_link(b, l->m->site.url, l->m->site.titre);
	if (l->m->site.lettre_desinscription) {
		buf_puts(b, "<br>Vous recevez cette lettre à votre demande. ");
		buf_puts(b, "<a href=\"");
		esc_href(b, l->m->site.lettre_desinscription);
		buf_puts(b, "\" style=\"color:" MUTED ";\">Se désinscrire</a>");
	}
	buf_puts(b, "</p>\n</td></tr>\n</table>\n</td></tr>\n</table>\n"
	    "</body>\n</html>\n");
	buf_dispose(&t);
}

/* ---- e-mail -------------------------------------------------------- */

/* The domain of an address or URL, for the Message-ID. */
static const char *
domain_of(struct lettre *l, const char *s)
{
	const char *at, *end;

	if (s == NULL)
		return "localhost";
	if ((at = strchr(s, '@')) != NULL)
		s = at + 1;
	else if ((at = strstr(s, "://")) != NULL)
		s = at + 3;
	end = s + strcspn(s, "/:>?");
	return arena_strndup(&l->a, s, (size_t)(end - s));
}

int
lettre_eml(struct buf *out, const struct lettre *cl, struct buf *err)
{
	struct lettre *l = (struct lettre *)cl;	/* for its arena only */
	const struct site_conf *sc = &l->m->site;
	struct buf text = {0}, html = {0}, t = {0};
	GMimeMessage *msg;
	GMimeMultipart *alt;
	GMimeTextPart *tp, *hp;
	GMimeFormatOptions *fo;
	GDateTime *dt;
	InternetAddress *ia;
	const char *from = sc->lettre_expediteur ? sc->lettre_expediteur :
	    sc->contact;
	const char *unsub = sc->lettre_desinscription;
	long long now;
	char	*hash, *s;

	g_mime_init();
	lettre_text(&text, l);
	lettre_html(&html, l);
	hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, html.data,
	    (gssize)html.len);
	msg = g_mime_message_new(TRUE);
	if (from == NULL)
		from = arena_printf(&l->a, "lettre@%s", domain_of(l,
		    sc->url));
	/* GMime would pick Latin-1 for the name: say UTF-8 everywhere. */
	ia = internet_address_mailbox_new(l->titre, from);
	internet_address_set_charset(ia, "utf-8");
	internet_address_list_add(g_mime_message_get_from(msg), ia);
	g_object_unref(ia);
	subject(&t, l);
	g_mime_message_set_subject(msg, t.data, "utf-8");
	/* SOURCE_DATE_EPOCH makes the bytes reproducible; else now. */
	if (date_source_epoch(&now) != 0)
		now = (long long)g_get_real_time() / 1000000;
	dt = g_date_time_new_from_unix_utc((gint64)now);
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	buf_reset(&t);
	buf_printf(&t, "lettre-%s-%.16s@%s", l->date, hash,
	    domain_of(l, from));
	g_mime_message_set_message_id(msg, t.data);
	if (unsub == NULL && sc->contact != NULL)
		unsub = arena_printf(&l->a, "mailto:%s", sc->contact);
	if (unsub != NULL) {
		buf_reset(&t);
		buf_printf(&t, "<%s>", unsub);
		g_mime_object_set_header(GMIME_OBJECT(msg), "List-Unsubscribe",
		    t.data, NULL);
		/* RFC 8058: one-click needs an https target. */
		if (str_has_prefix(unsub, "https://"))
			g_mime_object_set_header(GMIME_OBJECT(msg),
			    "List-Unsubscribe-Post",
			    "List-Unsubscribe=One-Click", NULL);
	}
	alt = g_mime_multipart_new_with_subtype("alternative");
	buf_reset(&t);
	buf_printf(&t, "=-maillage-%.24s", hash);
	g_mime_multipart_set_boundary(alt, t.data);
	tp = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(tp, text.data);
	g_mime_text_part_set_charset(tp, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(tp),
	    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	hp = g_mime_text_part_new_with_subtype("html");
	g_mime_text_part_set_text(hp, html.data);
	g_mime_text_part_set_charset(hp, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(hp),
	    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	g_mime_multipart_add(alt, GMIME_OBJECT(tp));
	g_mime_multipart_add(alt, GMIME_OBJECT(hp));
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	s = g_mime_object_to_string(GMIME_OBJECT(msg), fo);
	if (s == NULL)
		buf_puts(err, "le message électronique n'a pas pu être formé");
	else
		buf_puts(out, s);
	g_free(s);
	g_mime_format_options_free(fo);
	g_object_unref(tp);
	g_object_unref(hp);
	g_object_unref(alt);
	g_object_unref(msg);
	g_free(hash);
	buf_dispose(&text);
	buf_dispose(&html);
	buf_dispose(&t);
	return s == NULL ? -1 : 0;
}

int
lettre_write(const struct lettre *l, const char *dir)
{
	struct buf html = {0}, text = {0}, eml = {0}, err = {0}, p = {0};
	char	*stage = NULL, *old = NULL;
	int	 rc = 3;

	buf_printf(&p, "%s.new", dir);
	stage = buf_detach(&p);
	buf_printf(&p, "%s.old", dir);
	old = buf_detach(&p);
	lettre_html(&html, l);
	lettre_text(&text, l);
	if (lettre_eml(&eml, l, &err) == -1) {
		fprintf(stderr, "maillage : %s\n", err.data);
		goto out;
	}
	util_rm_rf(stage);
	util_rm_rf(old);
	if (util_mkdir_p(stage) == -1)
		goto fail;
	buf_printf(&p, "%s/lettre.html", stage);
	if (util_write_file(p.data, html.data, html.len) == -1)
		goto fail;
	buf_reset(&p);
	buf_printf(&p, "%s/lettre.txt", stage);
	if (util_write_file(p.data, text.data, text.len) == -1)
		goto fail;
	buf_reset(&p);
	buf_printf(&p, "%s/lettre.eml", stage);
	if (util_write_file(p.data, eml.data, eml.len) == -1)
		goto fail;
	if ((rename(dir, old) == -1 && errno != ENOENT) ||
	    rename(stage, dir) == -1)
		goto fail;
	util_rm_rf(old);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "maillage : écriture de %s impossible : %s\n", dir,
	    util_strerror(errno));
	util_rm_rf(stage);
	rename(old, dir);
out:
	free(stage);
	free(old);
	buf_dispose(&html);
	buf_dispose(&text);
	buf_dispose(&eml);
	buf_dispose(&err);
	buf_dispose(&p);
	return rc;
}
