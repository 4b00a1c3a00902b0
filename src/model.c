/*
 * model.c: derived data, computed once: the communes of every territory,
 * the coverage of every sheet, each territory's directory (located and
 * covering sheets), sheets per type, need and public, links both ways,
 * and sort orders.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "load_int.h"
#include "md.h"
#include "fold.h"
#include "model.h"
#include "pool.h"
#include "util.h"

const char *const terr_type_names[TERR__MAX] = {"region", "departement",
    "epci", "commune", "quartier", "zone"};

const char *
terr_type_label(enum terr_type t)
{
	static const char *const labels[TERR__MAX] = {"région", "département",
	    "intercommunalité", "commune", "quartier", "zone"};

	return labels[t];
}

/*
 * The labels every output shows, once. Keys as the content format
 * spells them (the loader reads them), labels in French; bit i of
 * sheet.acces (sheet.orientation) is key i.
 */
const char *const model_acces_keys[MODEL_NACCES] = {"accueil",
    "rendez-vous", "telephone", "domicile", "en-ligne"};
const char *const model_acces_labels[MODEL_NACCES] = {
    "accueil sans rendez-vous", "sur rendez-vous", "par téléphone",
    "visites à domicile", "en ligne"};
const char *const model_orient_keys[MODEL_NORIENT] = {"usagers",
    "professionnels"};
const char *const model_orient_labels[MODEL_NORIENT] = {
    "La personne elle-même ou ses proches, directement",
    "Un professionnel (médecin, travailleur social…) qui oriente la "
    "personne"};

/* The ISO 639-1 codes a sheet may name, sorted, and their French names. */
const char *const model_lang_codes[MODEL_NLANGS] = {"aa", "ab", "af", "ak", "am", "ar", "as", "ay", "az", "ba", "be", "bg",
    "bm", "bn", "bo", "br", "bs", "ca", "co", "cs", "cy", "da", "de", "dv",
    "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj",
    "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "ha", "he", "hi", "hr",
    "ht", "hu", "hy", "id", "ig", "is", "it", "ja", "jv", "ka", "kg", "kk",
    "km", "kn", "ko", "ks", "ku", "ky", "la", "lb", "lg", "ln", "lo", "lt",
    "lv", "mg", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "nb", "ne",
    "nl", "nn", "no", "ny", "oc", "om", "or", "pa", "pl", "ps", "pt", "qu",
    "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta",
    "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "ty",
    "ug", "uk", "ur", "uz", "vi", "wo", "xh", "yi", "yo", "zh", "zu"};
static const char *const lang_names[MODEL_NLANGS] = {"afar", "abkhaze", "afrikaans", "akan", "amharique", "arabe",
    "assamais", "aymara", "azéri", "bachkir", "biélorusse", "bulgare",
    "bambara", "bengali", "tibétain", "breton", "bosnien", "catalan",
    "corse", "tchèque", "gallois", "danois", "allemand", "divehi",
    "dzongkha", "éwé", "grec", "anglais", "espéranto", "espagnol",
    "estonien", "basque", "persan", "peul", "finnois", "fidjien",
    "féroïen", "français", "frison", "irlandais", "gaélique écossais",
    "galicien", "guarani", "goudjarati", "haoussa", "hébreu", "hindi",
    "croate", "créole haïtien", "hongrois", "arménien", "indonésien",
    "igbo", "islandais", "italien", "japonais", "javanais", "géorgien",
    "kikongo", "kazakh", "khmer", "kannada", "coréen", "cachemiri",
    "kurde", "kirghiz", "latin", "luxembourgeois", "ganda", "lingala",
    "lao", "lituanien", "letton", "malgache", "maori", "macédonien",
    "malayalam", "mongol", "marathi", "malais", "maltais", "birman",
    "norvégien bokmål", "népalais", "néerlandais", "norvégien nynorsk",
    "norvégien", "chichewa", "occitan", "oromo", "oriya", "pendjabi",
    "polonais", "pachto", "portugais", "quechua", "romanche", "kirundi",
    "roumain", "russe", "kinyarwanda", "sanskrit", "sarde", "sindhi",
    "same du Nord", "sango", "cingalais", "slovaque", "slovène", "samoan",
    "shona", "somali", "albanais", "serbe", "swati", "sotho du Sud",
    "soundanais", "suédois", "swahili", "tamoul", "télougou", "tadjik",
    "thaï", "tigrigna", "turkmène", "tagalog", "tswana", "tongien", "turc",
    "tsonga", "tatar", "tahitien", "ouïghour", "ukrainien", "ourdou",
    "ouzbek", "vietnamien", "wolof", "xhosa", "yiddish", "yoruba",
    "chinois", "zoulou"};

int
model_lang(const char *code)
{
	size_t	 lo = 0, hi = MODEL_NLANGS, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(code, model_lang_codes[mid])) == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *
model_lang_label(const char *code)
{
	int	 k = model_lang(code);

	return k >= 0 ? lang_names[k] : code;
}

int
model_terr(const struct model *m, const char *code)
{
	return m->terr_by_code ? strmap_get(m->terr_by_code, code) : -1;
}

int
model_sheet(const struct model *m, const char *id)
{
	return m->sheet_by_id ? strmap_get(m->sheet_by_id, id) : -1;
}

int
model_type(const struct model *m, const char *key)
{
	return m->type_by_key ? strmap_get(m->type_by_key, key) : -1;
}

int
model_besoin(const struct model *m, const char *key)
{
	return m->besoin_by_key ? strmap_get(m->besoin_by_key, key) : -1;
}

int
model_public(const struct model *m, const char *key)
{
	return m->public_by_key ? strmap_get(m->public_by_key, key) : -1;
}

/* Linear for the small unsorted sets of a sheet, binary otherwise. */
int
idset_has(const struct idset *s, int x)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == x)
			return 1;
	return 0;
}

/* Both sorted. */
int
idset_meets(const struct idset *a, const struct idset *b)
{
	size_t	 i = 0, j = 0;

	while (i < a->n && j < b->n) {
		if (a->v[i] == b->v[j])
			return 1;
		if (a->v[i] < b->v[j])
			i++;
		else
			j++;
	}
	return 0;
}

const struct closure *
model_next_closure(const struct model *m, const struct sheet *s)
{
	const struct closure *best = NULL;
	size_t	 i;

	for (i = 0; i < s->nfermetures; i++) {
		if (s->fermetures[i].au < m->today)
			continue;
		if (best == NULL || s->fermetures[i].du < best->du)
			best = &s->fermetures[i];
	}
	return best;
}

/* A growable int vector, copied to the arena when done. */
struct ivec {
	int	*v;
	size_t	 n, cap;
};

static void
ivec_push(struct ivec *iv, int x)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? iv->cap * 2 : 16;
		iv->v = xrealloc(iv->v, iv->cap * sizeof(*iv->v));
	}
	iv->v[iv->n++] = x;
}

static int
icmp(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, unique, into the arena; the vector is emptied. */
static void
ivec_to_set(struct arena *a, struct ivec *iv, struct idset *out)
{
	size_t	 i, j;

	if (iv->n > 1) {
		qsort(iv->v, iv->n, sizeof(int), icmp);
		for (i = j = 1; i < iv->n; i++)
			if (iv->v[i] != iv->v[j - 1])
				iv->v[j++] = iv->v[i];
		iv->n = j;
	}
	out->v = arena_memdup(a, iv->v, iv->n * sizeof(int));
	out->n = iv->n;
	iv->n = 0;
}

/* R_LOOP: busy, and found to include itself (said once). */
enum { R_TODO, R_BUSY, R_LOOP, R_DONE };

/* The communes of t, computed on demand (zones may include zones). */
static void
resolve_one(struct model *m, struct diags *d, int t, unsigned char *state)
{
	struct territory *tr = &m->terr[t];
	struct ivec iv = {0};
	size_t	 i, k;
	int	 c;

	if (state[t] == R_DONE)
		return;
	if (state[t] == R_BUSY || state[t] == R_LOOP) {
		if (state[t] == R_BUSY)
			diag_error(d, &tr->pos, "la zone « %s » "
			    "s'inclut elle-même (directement ou par une autre "
			    "zone)", tr->code);
		state[t] = R_LOOP;
		return;
	}
	state[t] = R_BUSY;
	if (tr->type == TERR_COMMUNE) {
		ivec_push(&iv, tr->commune_no);
	} else if (tr->is_zone) {
		for (i = 0; i < tr->inclut.n; i++) {
			c = tr->inclut.v[i];
			resolve_one(m, d, c, state);
			for (k = 0; k < m->terr[c].communes.n; k++)
				ivec_push(&iv, m->terr[c].communes.v[k]);
		}
	} else if (tr->type == TERR_QUARTIER && tr->parent >= 0 &&
	    m->terr[tr->parent].type == TERR_COMMUNE) {
		/* A quartier counts as its commune: the finest grain. */
		ivec_push(&iv, m->terr[tr->parent].commune_no);
	} else {
		for (i = 0; i < tr->children.n; i++) {
			c = tr->children.v[i];
			resolve_one(m, d, c, state);
			for (k = 0; k < m->terr[c].communes.n; k++)
				ivec_push(&iv, m->terr[c].communes.v[k]);
		}
	}
	ivec_to_set(&m->arena, &iv, &tr->communes);
	if (tr->is_zone && tr->exclut.n > 0) {
		struct idset ex;
		struct ivec ev = {0};
		size_t	 j;

		for (i = 0; i < tr->exclut.n; i++) {
			c = tr->exclut.v[i];
			resolve_one(m, d, c, state);
			for (k = 0; k < m->terr[c].communes.n; k++)
				ivec_push(&ev, m->terr[c].communes.v[k]);
		}
		ivec_to_set(&m->arena, &ev, &ex);
		for (i = j = 0; i < tr->communes.n; i++)
			if (!bsearch(&tr->communes.v[i], ex.v, ex.n,
			    sizeof(int), icmp))
				tr->communes.v[j++] = tr->communes.v[i];
		tr->communes.n = j;
		free(ev.v);
	}
	/*
	 * Empty: said already for a zone that includes itself or whose
	 * « inclut » resolved to nothing (absent, empty or unknown codes).
	 */
	if (tr->communes.n == 0 && state[t] != R_LOOP &&
	    !(tr->is_zone && tr->inclut.n == 0) &&
	    (tr->is_zone || tr->type == TERR_EPCI ||
	    tr->type == TERR_DEPARTEMENT || tr->type == TERR_REGION))
		diag_error(d, &tr->pos, "« %s » (%s) ne contient "
		    "aucune commune", tr->code, tr->nom);
	free(iv.v);
	state[t] = R_DONE;
}

/*
 * Numbers the communes in tree order, links children, and resolves every
 * territory to its set of communes.
 */
void
model_resolve_territories(struct model *m, struct diags *d)
{
	struct ivec *kids;
	unsigned char *state;
	size_t	 i;
	int	 p;

	kids = xcalloc(m->nterr ? m->nterr : 1, sizeof(*kids));
	m->commune_terr = arena_alloc(&m->arena, m->nterr * sizeof(int));
	for (i = 0; i < m->nterr; i++) {
		if (m->terr[i].type == TERR_COMMUNE && !m->terr[i].is_zone) {
			m->terr[i].commune_no = (int)m->ncommunes;
			m->commune_terr[m->ncommunes++] = (int)i;
		}
		if ((p = m->terr[i].parent) >= 0)
			ivec_push(&kids[p], (int)i);
	}
	for (i = 0; i < m->nterr; i++) {
		m->terr[i].children.v = arena_memdup(&m->arena, kids[i].v,
		    kids[i].n * sizeof(int));
		m->terr[i].children.n = kids[i].n;
		free(kids[i].v);
	}
	free(kids);
	state = xcalloc(m->nterr ? m->nterr : 1, 1);
	for (i = 0; i < m->nterr; i++)
		resolve_one(m, d, (int)i, state);
	free(state);
}

/*
 * Sorting sheets by name, the French way (accents folded), then id: one
 * sort of every sheet gives each a rank, and sets sort by rank.
 */
struct sheet_order {
	const struct model *m;
	const char	**keys;		/* folded names */
	int		*rank;
};

static int
sheet_key_cmp(const void *a, const void *b, void *arg)
{
	const struct sheet_order *o = arg;
	int	 x = *(const int *)a, y = *(const int *)b, c;

	if ((c = strcmp(o->keys[x], o->keys[y])) != 0)
		return c;
	return strcmp(o->m->sheets[x].id, o->m->sheets[y].id);
}

static int
sheet_cmp(const void *a, const void *b, void *arg)
{
	const int *rank = arg;
	int	 x = rank[*(const int *)a], y = rank[*(const int *)b];

	return x < y ? -1 : x > y;
}

void
model_sort_sheets(const struct model *m, int *v, size_t n)
{
	if (n > 1)
		qsort_r(v, n, sizeof(int), sheet_cmp, m->sheet_rank);
}

static void
sort_sheets(struct idset *s, int *rank)
{
	if (s->n > 1)
		qsort_r(s->v, s->n, sizeof(int), sheet_cmp, rank);
}

/* Whether every commune of a (sorted, not empty) is in b (sorted). */
static int
idset_within(const struct idset *a, const struct idset *b)
{
	size_t	 i, j = 0;

	if (a->n == 0 || a->n > b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		while (j < b->n && b->v[j] < a->v[i])
			j++;
		if (j == b->n || b->v[j] != a->v[i])
			return 0;
	}
	return 1;
}

/*
 * Whether sheet s counts as located in territory t (which it covers): a
 * place of it is there; or it has no place and t is, or contains, a
 * territory it names (the DAC of a département, the CLS of a city):
 * above it in the tree, or, for zones, holding all its communes.
 */
static int
sheet_located(const struct model *m, const struct sheet *s,
    const struct territory *t)
{
	size_t	 k;

	const struct territory *n;
	int	 p;

	if (s->nlieux > 0)
		return idset_meets(&s->located_in, &t->communes);
	for (k = 0; k < s->territoires.n; k++) {
		n = &m->terr[s->territoires.v[k]];
		if (n == t)
			return 1;
		/* In the tree: t is above n. */
		for (p = n->parent; p >= 0; p = m->terr[p].parent)
			if (&m->terr[p] == t)
				return 1;
		/* Zones stand outside the tree: by their communes. */
		if ((n->is_zone || t->is_zone) &&
		    idset_within(&n->communes, &t->communes))
			return 1;
	}
	return 0;
}

/* Appends x unless it was the last one added (a need written twice). */
static void
ivec_push_once(struct ivec *iv, int x)
{
	if (iv->n == 0 || iv->v[iv->n - 1] != x)
		ivec_push(iv, x);
}

/*
 * Each territory's directory by need, in besoins.yaml order: a sheet
 * under every need it answers, located ones and covering ones apart,
 * each in the directory's order (by name).
 */
static void
derive_groups(struct model *m)
{
	struct ivec *loc, *cov;
	struct territory *tr;
	const struct sheet *s;
	size_t	 i, k, q, n;
	int	 x;

	loc = xcalloc(m->nbesoins + 1, sizeof(*loc));
	cov = xcalloc(m->nbesoins + 1, sizeof(*cov));
	for (i = 0; i < m->nterr; i++) {
		tr = &m->terr[i];
		if (tr->located.n + tr->covering.n == 0)
			continue;
		for (k = 0; k < tr->located.n; k++) {
			s = &m->sheets[x = tr->located.v[k]];
			for (q = 0; q < s->besoins.n; q++)
				ivec_push_once(&loc[s->besoins.v[q]], x);
		}
		for (k = 0; k < tr->covering.n; k++) {
			s = &m->sheets[x = tr->covering.v[k]];
			for (q = 0; q < s->besoins.n; q++)
				ivec_push_once(&cov[s->besoins.v[q]], x);
		}
		for (k = n = 0; k < m->nbesoins; k++)
			n += loc[k].n + cov[k].n > 0;
		tr->groups = arena_alloc(&m->arena, (n ? n : 1) *
		    sizeof(*tr->groups));
		for (k = 0; k < m->nbesoins; k++) {
			struct need_group *g;

			if (loc[k].n + cov[k].n == 0)
				continue;
			g = &tr->groups[tr->ngroups++];
			g->besoin = (int)k;
			g->located.v = arena_memdup(&m->arena, loc[k].v,
			    loc[k].n * sizeof(int));
			g->located.n = loc[k].n;
			g->covering.v = arena_memdup(&m->arena, cov[k].v,
			    cov[k].n * sizeof(int));
			g->covering.n = cov[k].n;
			loc[k].n = cov[k].n = 0;
		}
	}
	for (k = 0; k < m->nbesoins; k++) {
		free(loc[k].v);
		free(cov[k].v);
	}
	free(loc);
	free(cov);
}

struct terr_key {
	char	*key;
	int	 idx;
};

static int
terr_key_cmp(const void *a, const void *b)
{
	const struct terr_key *x = a, *y = b;
	int	 c = strcmp(x->key, y->key);

	return c != 0 ? c : x->idx - y->idx;
}

/* Territories by folded name, the code breaking ties. */
static void
derive_terr_order(struct model *m)
{
	struct terr_key *k = xcalloc(m->nterr + 1, sizeof(*k));
	struct buf b = {0};
	size_t	 i;

	for (i = 0; i < m->nterr; i++) {
		buf_reset(&b);
		fold_collate(&b, m->terr[i].nom);
		buf_putc(&b, '\x01');
		buf_puts(&b, m->terr[i].code);
		k[i].key = xstrdup(buf_cstr(&b));
		k[i].idx = (int)i;
	}
	qsort(k, m->nterr, sizeof(*k), terr_key_cmp);
	m->terr_order = arena_alloc(&m->arena, (m->nterr + 1) * sizeof(int));
	for (i = 0; i < m->nterr; i++) {
		m->terr_order[i] = k[i].idx;
		free(k[i].key);
	}
	free(k);
	buf_dispose(&b);
}

/*
 * What concerns sheet s alone (its sort key, coverage and places), on
 * the loader's thread that read it: at 100,000 sheets this was a fifth
 * of a second of model_derive, with the other core idle. The
 * territories are resolved already.
 */
void
model_derive_sheet(const struct model *m, struct arena *a, struct diags *d,
    struct sheet *s, struct buf *tmp)
{
	struct ivec iv = {0};
	const struct territory *tr;
	size_t	 k, q;
	int	 x;

	buf_reset(tmp);
	fold_collate(tmp, s->nom);
	s->collate = arena_strdup(a, buf_cstr(tmp));
	for (k = 0; k < s->territoires.n; k++) {
		tr = &m->terr[s->territoires.v[k]];
		for (q = 0; q < tr->communes.n; q++)
			ivec_push(&iv, tr->communes.v[q]);
	}
	ivec_to_set(a, &iv, &s->coverage);
	for (k = 0; k < s->nlieux; k++)
		if (s->lieux[k].commune >= 0)
			ivec_push(&iv, m->terr[s->lieux[k].commune].commune_no);
	ivec_to_set(a, &iv, &s->located_in);
	for (k = 0; k < s->nlieux; k++) {
		x = s->lieux[k].commune;
		/* No coverage: « territoires » was wrong, and said. */
		if (x >= 0 && s->coverage.n > 0 &&
		    !bsearch(&m->terr[x].commune_no,
		    s->coverage.v, s->coverage.n, sizeof(int), icmp))
			diag_warn(d, &s->lieux[k].pos, "le lieu "
			    "est à %s, hors des territoires de la fiche "
			    ": ajoutez « %s » à « territoires » ?",
			    m->terr[x].nom, m->terr[x].code);
	}
	s->pro_only = s->orientation == ORIENT_PROFESSIONNELS;
	free(iv.v);
}

/* The territories' directories, over the loader's arenas and threads. */
struct terr_job {
	struct model	*m;
	const size_t	*first;		/* by commune: its sheets in in_commune */
	const int	*in_commune;
	const int	*rank;
	unsigned	**mark;		/* per worker, by sheet */
	unsigned	*stamp;		/* per worker */
	struct ivec	*loc, *cov;	/* per worker */
};

static int
terr_job(void *arg, size_t w, size_t i)
{
	struct terr_job *j = arg;
	struct model *m = j->m;
	struct territory *tr = &m->terr[i];
	struct arena *a = &m->warenas[w];
	struct ivec *loc = &j->loc[w], *cov = &j->cov[w];
	unsigned *mark = j->mark[w], stamp = ++j->stamp[w];
	size_t	 k, q;
	int	 x;

	for (k = 0; k < tr->communes.n; k++) {
		int	 c = tr->communes.v[k];

		for (q = j->first[c]; q < j->first[c + 1]; q++) {
			x = j->in_commune[q];
			if (mark[x] == stamp)
				continue;
			mark[x] = stamp;
			if (sheet_located(m, &m->sheets[x], tr))
				ivec_push(loc, x);
			else
				ivec_push(cov, x);
		}
	}
	ivec_to_set(a, loc, &tr->located);
	ivec_to_set(a, cov, &tr->covering);
	sort_sheets(&tr->located, (int *)j->rank);
	sort_sheets(&tr->covering, (int *)j->rank);
	return 0;
}

/*
 * Everything derived (see the file comment) but what model_derive_sheet
 * did already, in two halves: model_derive_start runs while the loader
 * links sheets to each other and reads the news on another thread (it
 * reads neither the links nor the news, and allocates in the first
 * loader arena, not in the model's, which that thread uses);
 * model_derive_finish then adds what needs the links. Runs after
 * loading, also when there were errors, so that check reports stay
 * complete.
 */
void
model_derive_start(struct model *m)
{
	struct sheet_order so;
	struct terr_job tj;
	struct ivec pub = {0};
	struct sheet *s;
	struct arena *a;
	size_t	 i, k, nw, *first, *fill;
	int	*in_commune;

	if (m->nwarenas == 0) {
		/* No fiches/ folder: one arena for the (empty) directories. */
		m->warenas = xcalloc(1, sizeof(*m->warenas));
		arena_init(&m->warenas[0]);
		m->nwarenas = 1;
	}
	nw = m->nwarenas;
	a = &m->warenas[0];
	so.m = m;
	so.keys = xcalloc(m->nsheets ? m->nsheets : 1, sizeof(char *));
	for (i = 0; i < m->nsheets; i++)
		so.keys[i] = m->sheets[i].collate;
	{
		int	*order = xcalloc(m->nsheets ? m->nsheets : 1,
		    sizeof(int));

		so.rank = arena_alloc(a, (m->nsheets ? m->nsheets : 1) *
		    sizeof(int));
		m->sheet_rank = so.rank;
		for (i = 0; i < m->nsheets; i++)
			order[i] = (int)i;
		qsort_r(order, m->nsheets, sizeof(int), sheet_key_cmp, &so);
		for (i = 0; i < m->nsheets; i++)
			so.rank[order[i]] = (int)i;
		free(order);
	}
	free(so.keys);

	/*
	 * The active sheets of each commune, in sheet order: counted, then
	 * laid out in one block (5 million entries at 100,000 sheets,
	 * pushed one by one into 35,000 growing vectors before).
	 */
	first = xcalloc(m->ncommunes + 2, sizeof(*first));
	for (i = 0; i < m->nsheets; i++) {
		s = &m->sheets[i];
		if (s->statut == STATUT_BROUILLON)
			continue;
		ivec_push(&pub, (int)i);
		if (s->statut != STATUT_ACTIF)
			continue;
		for (k = 0; k < s->coverage.n; k++)
			first[s->coverage.v[k] + 1]++;
	}
	for (i = 0; i < m->ncommunes; i++)
		first[i + 1] += first[i];
	in_commune = xmalloc((first[m->ncommunes] + 1) * sizeof(*in_commune));
	fill = xmalloc((m->ncommunes + 1) * sizeof(*fill));
	memcpy(fill, first, (m->ncommunes + 1) * sizeof(*fill));
	for (i = 0; i < m->nsheets; i++) {
		s = &m->sheets[i];
		if (s->statut != STATUT_ACTIF)
			continue;
		for (k = 0; k < s->coverage.n; k++)
			in_commune[fill[s->coverage.v[k]]++] = (int)i;
	}
	free(fill);
	ivec_to_set(a, &pub, &m->published);
	sort_sheets(&m->published, so.rank);
	free(pub.v);

	/* Each territory's directory. */
	tj.m = m;
	tj.first = first;
	tj.in_commune = in_commune;
	tj.rank = so.rank;
	tj.mark = xcalloc(nw, sizeof(*tj.mark));
	tj.stamp = xcalloc(nw, sizeof(*tj.stamp));
	tj.loc = xcalloc(nw, sizeof(*tj.loc));
	tj.cov = xcalloc(nw, sizeof(*tj.cov));
	for (i = 0; i < nw; i++)
		tj.mark[i] = xcalloc(m->nsheets ? m->nsheets : 1,
		    sizeof(**tj.mark));
	(void)pool_run(m->nterr, pool_workers(m->nterr, (int)nw, 64), 0,
	    terr_job, &tj);
	for (i = 0; i < nw; i++) {
		free(tj.mark[i]);
		free(tj.loc[i].v);
		free(tj.cov[i].v);
	}
	free(tj.mark);
	free(tj.stamp);
	free(tj.loc);
	free(tj.cov);
	free(first);
	free(in_commune);
}

void
model_derive_finish(struct model *m)
{
	struct ivec *rev, *per;
	int	*rank = m->sheet_rank;
	struct sheet *s;
	size_t	 i, k, q;
	int	 x;

	/* Sheets per type, need and public; links both ways. */
	per = xcalloc(m->ntypes + m->nbesoins + m->npublics + 1, sizeof(*per));
	rev = xcalloc(m->nsheets ? m->nsheets : 1, sizeof(*rev));
	for (k = 0; k < m->published.n; k++) {
		x = m->published.v[k];
		s = &m->sheets[x];
		if (s->statut == STATUT_ACTIF) {
			if (s->type >= 0)
				ivec_push(&per[s->type], x);
			for (q = 0; q < s->besoins.n; q++)
				ivec_push(&per[m->ntypes + (size_t)
				    s->besoins.v[q]], x);
			for (q = 0; q < s->publics.n; q++)
				ivec_push(&per[m->ntypes + m->nbesoins +
				    (size_t)s->publics.v[q]], x);
		}
		for (q = 0; q < s->liens.n; q++) {
			ivec_push(&rev[x], s->liens.v[q]);
			ivec_push(&rev[s->liens.v[q]], x);
		}
	}
	for (i = 0; i < m->ntypes; i++) {
		ivec_to_set(&m->arena, &per[i], &m->types[i].sheets);
		sort_sheets(&m->types[i].sheets, rank);
	}
	for (i = 0; i < m->nbesoins; i++) {
		ivec_to_set(&m->arena, &per[m->ntypes + i],
		    &m->besoins[i].sheets);
		sort_sheets(&m->besoins[i].sheets, rank);
	}
	for (i = 0; i < m->npublics; i++) {
		ivec_to_set(&m->arena, &per[m->ntypes + m->nbesoins + i],
		    &m->publics[i].sheets);
		sort_sheets(&m->publics[i].sheets, rank);
	}
	for (i = 0; i < m->ntypes + m->nbesoins + m->npublics; i++)
		free(per[i].v);
	free(per);
	for (i = 0; i < m->nsheets; i++) {
		ivec_to_set(&m->arena, &rev[i], &m->sheets[i].liens_all);
		sort_sheets(&m->sheets[i].liens_all, rank);
		free(rev[i].v);
	}
	free(rev);
}

/* Marks glossary entry g as used, once, in the order met. */
struct acro {
	unsigned char	*seen;
	struct ivec	*iv;
};

static void
acro_add(void *arg, int g)
{
	struct acro *a = arg;

	if (!a->seen[g]) {
		a->seen[g] = 1;
		ivec_push(a->iv, g);
	}
}

static void
acro_scan(const struct model *m, struct acro *a, const char *text)
{
	if (text != NULL)
		md_acronyms(m, text, acro_add, a);
}

/*
 * The glossary acronyms each sheet's visible text uses (md_acronyms'
 * rule, the site's): name, type, summary, places, practical details,
 * partners, body; those of its professional contacts' roles apart (only
 * the pro edition shows them).
 */
static void
derive_acronyms(const struct model *m, struct sheet *s, struct arena *ar,
    unsigned char *seen, struct ivec *iv)
{
	struct acro a = {seen, iv};
	const struct sheet *l;
	size_t	 k;

	memset(seen, 0, m->ngloss + 1);
	acro_scan(m, &a, s->nom);
	acro_scan(m, &a, s->sigle);
	acro_scan(m, &a, s->resume);
	acro_scan(m, &a, s->porteur);
	acro_scan(m, &a, s->conditions_acces);
	acro_scan(m, &a, s->frais_precisions);
	if (s->type >= 0)
		acro_scan(m, &a, m->types[s->type].nom);
	for (k = 0; k < s->nlieux; k++) {
		acro_scan(m, &a, s->lieux[k].nom);
		acro_scan(m, &a, s->lieux[k].accessibilite);
		acro_scan(m, &a, s->lieux[k].horaires_precisions);
	}
	for (k = 0; k < s->liens_all.n; k++) {
		l = &m->sheets[s->liens_all.v[k]];
		acro_scan(m, &a, l->nom);
		acro_scan(m, &a, l->sigle);
	}
	acro_scan(m, &a, s->text);
	s->acronyms.v = arena_memdup(ar, iv->v, iv->n * sizeof(int));
	s->acronyms.n = iv->n;
	iv->n = 0;
	for (k = 0; k < s->ncontacts_pro; k++)
		acro_scan(m, &a, s->contacts_pro[k].role);
	s->acronyms_pro.v = arena_memdup(ar, iv->v, iv->n * sizeof(int));
	s->acronyms_pro.n = iv->n;
	iv->n = 0;
}

/* What derive_sheets' workers keep: one of each per worker. */
struct derive_job {
	struct model	*m;
	struct arena	*arenas;
	struct buf	*bufs;
	unsigned char	**seen;
	struct ivec	*ivs;
};

/*
 * Sheet i's body as plain text (md_text), which the search index, the
 * open data and the PDFs' acronym scan all read; then its acronyms,
 * which read it too.
 */
static int
derive_job(void *arg, size_t w, size_t i)
{
	struct derive_job *j = arg;
	struct sheet *s = &j->m->sheets[i];
	struct buf *b = &j->bufs[w];

	buf_reset(b);
	if (s->body != NULL)
		md_text(b, s->body, s->body_len);
	s->text = arena_strdup(&j->arenas[w], buf_cstr(b));
	derive_acronyms(j->m, s, &j->arenas[w], j->seen[w], &j->ivs[w]);
	return 0;
}

/*
 * Each sheet's plain text and acronyms, over `jobs` workers (two serial
 * seconds at 100,000 sheets): what they allocate goes to arenas of
 * their own, added to the model's worker arenas.
 */
static void
derive_sheets(struct model *m, int jobs)
{
	struct derive_job j;
	size_t	 nw = pool_workers(m->nsheets, jobs, 256), w;

	j.m = m;
	m->warenas = xrealloc(m->warenas, (m->nwarenas + nw) *
	    sizeof(*m->warenas));
	j.arenas = &m->warenas[m->nwarenas];
	m->nwarenas += nw;
	j.bufs = xcalloc(nw, sizeof(*j.bufs));
	j.seen = xcalloc(nw, sizeof(*j.seen));
	j.ivs = xcalloc(nw, sizeof(*j.ivs));
	for (w = 0; w < nw; w++) {
		arena_init(&j.arenas[w]);
		j.seen[w] = xcalloc(m->ngloss + 1, 1);
	}
	(void)pool_run(m->nsheets, nw, 0, derive_job, &j);
	for (w = 0; w < nw; w++) {
		buf_dispose(&j.bufs[w]);
		free(j.seen[w]);
		free(j.ivs[w].v);
	}
	free(j.bufs);
	free(j.seen);
	free(j.ivs);
}

/*
 * What only the outputs read (check does without it, and saves the
 * memory): each territory's directory by need, the territories' order.
 * Once per model; the outputs may then run on several threads.
 */
void
model_prepare_outputs(struct model *m, int jobs)
{
	if (m->outputs_ready)
		return;
	derive_groups(m);
	derive_terr_order(m);
	derive_sheets(m, jobs);
	m->outputs_ready = 1;
}

static void
free_map(struct strmap *map)
{
	if (map != NULL) {
		strmap_free(map);
		free(map);
	}
}

void
model_free(struct model *m)
{
	size_t	 i;

	free_map(m->terr_by_code);
	free_map(m->sheet_by_id);
	free_map(m->type_by_key);
	free_map(m->besoin_by_key);
	free_map(m->public_by_key);
	for (i = 0; i < m->nwarenas; i++)
		arena_free(&m->warenas[i]);
	free(m->warenas);
	arena_free(&m->arena);
	memset(m, 0, sizeof(*m));
}

static void
dump_set(struct buf *o, const char *label, const struct idset *s,
    const struct model *m, int kind)
{
	size_t	 i;

	if (s->n == 0)
		return;
	buf_printf(o, "  %s:", label);
	for (i = 0; i < s->n; i++) {
		switch (kind) {
		case 0:
			buf_printf(o, " %s", m->terr[s->v[i]].code);
			break;
		case 1:
			buf_printf(o, " %s", m->sheets[s->v[i]].id);
			break;
		case 2:
			buf_printf(o, " %s",
			    m->terr[m->commune_terr[s->v[i]]].code);
			break;
		case 3:
			buf_printf(o, " %s", m->besoins[s->v[i]].key);
			break;
		default:
			buf_printf(o, " %s", m->publics[s->v[i]].key);
			break;
		}
	}
	buf_putc(o, '\n');
}

/*
 * A stable plain-text view of the model, for golden tests.
 */
void
model_dump(const struct model *m, struct buf *o)
{
	const struct territory *t;
	const struct sheet *s;
	char	 iso[11];
	size_t	 i, k;

	buf_printf(o, "site: %s\nurl: %s\nfraicheur_mois: %d\n", m->site.titre,
	    m->site.url, m->site.fraicheur_mois);
	if (m->site.couleur != NULL)
		buf_printf(o, "couleur: %s\n", m->site.couleur);
	for (i = 0; i < m->site.nurgences; i++)
		buf_printf(o, "urgence: %s %s <%s>%s%s\n",
		    m->site.urgences[i].nom, m->site.urgences[i].numero,
		    m->site.urgences[i].uri, m->site.urgences[i].quand ?
		    ", " : "", m->site.urgences[i].quand ?
		    m->site.urgences[i].quand : "");
	if (m->site.signalement != NULL)
		buf_printf(o, "signalement: %s\n", m->site.signalement);
	if (m->site.carte_tuiles != NULL)
		buf_printf(o, "carte: %s (%s)\n", m->site.carte_tuiles,
		    m->site.carte_attribution);
	if (m->site.pdf_min_services != 3)
		buf_printf(o, "pdf.min_services: %d\n",
		    m->site.pdf_min_services);
	for (i = 0; i < m->nterr; i++) {
		t = &m->terr[i];
		buf_printf(o, "territoire %s (%s) %s, %zu communes\n", t->code,
		    terr_type_names[t->type], t->nom, t->communes.n);
		if (t->parent >= 0)
			buf_printf(o, "  parent: %s\n", m->terr[t->parent].code);
		if (t->is_zone || t->communes.n <= 64)
			dump_set(o, "communes", &t->communes, m, 2);
		dump_set(o, "situées", &t->located, m, 1);
		dump_set(o, "couvrent", &t->covering, m, 1);
	}
	for (i = 0; i < m->ngloss; i++)
		buf_printf(o, "sigle %s: %s\n", m->gloss[i].sigle,
		    m->gloss[i].forme_longue);
	for (i = 0; i < m->nsheets; i++) {
		s = &m->sheets[i];
		buf_printf(o, "fiche %s: %s%s%s%s\n", s->id, s->nom,
		    s->statut == STATUT_FERME ? " [fermé]" :
		    s->statut == STATUT_BROUILLON ? " [brouillon]" : "",
		    s->stale ? " [à vérifier]" : "",
		    s->type >= 0 ? "" : " [type ?]");
		if (s->type >= 0)
			buf_printf(o, "  type: %s\n", m->types[s->type].key);
		dump_set(o, "besoins", &s->besoins, m, 3);
		dump_set(o, "publics", &s->publics, m, 4);
		dump_set(o, "territoires", &s->territoires, m, 0);
		buf_printf(o, "  couverture: %zu communes\n", s->coverage.n);
		if (s->telephone.display)
			buf_printf(o, "  téléphone: %s <%s>\n",
			    s->telephone.display, s->telephone.uri);
		for (k = 0; k < s->nlieux; k++)
			buf_printf(o, "  lieu: %s, %s\n", s->lieux[k].nom ?
			    s->lieux[k].nom : "-", s->lieux[k].commune >= 0 ?
			    m->terr[s->lieux[k].commune].nom : "-");
		dump_set(o, "liens", &s->liens_all, m, 1);
		if (s->remplace_par >= 0)
			buf_printf(o, "  remplacée par: %s\n",
			    m->sheets[s->remplace_par].id);
		if (s->facile != NULL)
			buf_printf(o, "  facile: %zu caractères\n",
			    utf8_len(s->facile));
		buf_printf(o, "  vérifiée: %s\n", date_iso(iso,
		    s->verifie_le));
	}
	for (i = 0; i < m->nnews; i++)
		buf_printf(o, "actualité %s: %s (%s)\n", m->news[i].slug,
		    m->news[i].titre, date_iso(iso, m->news[i].date));
	for (i = 0; i < m->npages; i++)
		buf_printf(o, "page %s: %s\n", m->pages[i].slug,
		    m->pages[i].titre);
}
