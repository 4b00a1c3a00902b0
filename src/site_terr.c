/*
 * site_terr.c: the territory pages (/territoires/CODE/ and their index)
 * and the pages of each need, public and kind of service (with their
 * indexes /besoins/, /publics/, /types/).
 *
 * A territory's directory lists each service once, under its main need
 * (the first of its `besoins`): listing it under each of its needs
 * would double the pages' weight (at 10,000 sheets a commune's page
 * already lists hundreds of services that cover the whole département);
 * the need pages and the search filters give the other entries. The
 * services that cover it from outside (most of the entries: a
 * département-wide service is in every commune's directory) are listed
 * as one line each (ligne.mustache), the ones located there as cards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "fold.h"
#include "json.h"
#include "md.h"
#include "model.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* A territory reference {code, nom, niveau[, nombre]}. */
static struct tval *
terr_ref(struct site *s, int t, int count)
{
	const struct territory *tr = &s->m->terr[t];
	struct tval *v = tv_map(&s->page);

	site_set(s, v, "code", tr->code);
	site_set(s, v, "nom", tr->nom);
	site_set(s, v, "niveau", terr_type_label(tr->type));
	if (count)
		tv_set(&s->page, v, "nombre", tv_int(&s->page,
		    (long)(tr->located.n + tr->covering.n)));
	return v;
}

/*
 * The located (or covering) sheets of a territory by need, as the model
 * groups them (a sheet under each of its needs), in the order of
 * besoins.yaml: {nombre, present, groupes: [{besoin, key, ancre,
 * services}]}. Only the services that receive the public: those for
 * professionals only come after them, under their own heading
 * (pro_list), as on the need pages. prefix makes the anchors unique on
 * the page ("situes", "couvrent").
 */
static struct tval *
group_by_need(struct site *s, const struct territory *tr, int covering,
    const char *prefix, int compact)
{
	const struct model *m = s->m;
	const struct idset *set = covering ? &tr->covering : &tr->located;
	struct tval *v = tv_map(&s->page), *groups = tv_list(&s->page), *g;
	struct tval *l;
	const struct idset *in;
	size_t	 i, k, n, npub = 0;

	for (i = 0; i < set->n; i++)
		npub += !m->sheets[set->v[i]].pro_only;
	for (k = 0; k < tr->ngroups; k++) {
		in = covering ? &tr->groups[k].covering :
		    &tr->groups[k].located;
		for (i = n = 0; i < in->n; i++)
			n += !m->sheets[in->v[i]].pro_only;
		if (n == 0)
			continue;
		g = tv_map(&s->page);
		i = (size_t)tr->groups[k].besoin;
		site_set(s, g, "besoin", m->besoins[i].nom);
		site_set(s, g, "key", m->besoins[i].key);
		tv_set(&s->page, g, "ancre", site_strf(s, "%s-%s", prefix,
		    m->besoins[i].key));
		tv_set(&s->page, g, "nombre", tv_int(&s->page, (long)n));
		l = tv_list(&s->page);
		for (i = 0; i < in->n; i++)
			if (!m->sheets[in->v[i]].pro_only)
				tv_push(&s->page, l, compact ?
				    site_line(s, in->v[i]) :
				    site_card(s, in->v[i], 4));
		tv_set(&s->page, g, "services", l);
		tv_push(&s->page, groups, g);
	}
	/* The sentence at the top counts every service of the directory. */
	tv_set(&s->page, v, "tous", tv_int(&s->page, (long)set->n));
	tv_set_bool(&s->page, v, "tous_present", set->n > 0);
	tv_set_bool(&s->page, v, "tous_pluriel", set->n > 1);
	tv_set(&s->page, v, "nombre", tv_int(&s->page, (long)npub));
	tv_set_bool(&s->page, v, "present", npub > 0);
	tv_set_bool(&s->page, v, "pluriel", npub > 1);
	tv_set(&s->page, v, "groupes", groups);
	tv_set_bool(&s->page, v, "sommaire", tv_len(groups) > 3);
	return v;
}

/*
 * The services of the territory that only professionals may call,
 * located ones first, each once: {nombre, pluriel, situes, couvrent}
 * (cards and lines), or NULL when there is none.
 */
static struct tval *
pro_list(struct site *s, const struct territory *tr)
{
	const struct model *m = s->m;
	struct tval *v, *loc = tv_list(&s->page), *cov = tv_list(&s->page);
	size_t	 i, n = 0;

	for (i = 0; i < tr->located.n; i++)
		if (m->sheets[tr->located.v[i]].pro_only) {
			tv_push(&s->page, loc, site_card(s, tr->located.v[i],
			    3));
			n++;
		}
	for (i = 0; i < tr->covering.n; i++)
		if (m->sheets[tr->covering.v[i]].pro_only) {
			tv_push(&s->page, cov, site_line(s,
			    tr->covering.v[i]));
			n++;
		}
	if (n == 0)
		return NULL;
	v = tv_map(&s->page);
	tv_set(&s->page, v, "nombre", tv_int(&s->page, (long)n));
	tv_set_bool(&s->page, v, "pluriel", n > 1);
	tv_set(&s->page, v, "situes", loc);
	tv_set_bool(&s->page, v, "a_situes", tv_len(loc) > 0);
	tv_set(&s->page, v, "couvrent", cov);
	tv_set_bool(&s->page, v, "a_couvrent", tv_len(cov) > 0);
	return v;
}

/* Per commune territory, the zones (and quartiers) that include it. */
struct zones_of {
	size_t	*off;		/* nterr + 1 offsets into v */
	int	*v;
};

static void
zones_build(const struct model *m, struct zones_of *z)
{
	size_t	*cnt = xcalloc(m->nterr + 1, sizeof(*cnt)), i, k, t;

	z->off = xcalloc(m->nterr + 2, sizeof(*z->off));
	for (i = 0; i < m->nterr; i++)
		if (m->terr[i].is_zone)
			for (k = 0; k < m->terr[i].communes.n; k++)
				cnt[m->commune_terr[
				    m->terr[i].communes.v[k]]]++;
	for (i = 0; i < m->nterr; i++)
		z->off[i + 1] = z->off[i] + cnt[i];
	z->v = xcalloc(z->off[m->nterr] + 1, sizeof(*z->v));
	memset(cnt, 0, (m->nterr + 1) * sizeof(*cnt));
	for (i = 0; i < m->nterr; i++)
		if (m->terr[i].is_zone)
			for (k = 0; k < m->terr[i].communes.n; k++) {
				t = (size_t)m->commune_terr[
				    m->terr[i].communes.v[k]];
				z->v[z->off[t] + cnt[t]++] = (int)i;
			}
	free(cnt);
}

static const char *
children_title(const struct model *m, const struct territory *t)
{
	const struct territory *c;

	if (t->children.n == 0)
		return NULL;
	c = &m->terr[t->children.v[0]];
	switch (c->type) {
	case TERR_DEPARTEMENT:
		return "Départements";
	case TERR_EPCI:
		return "Intercommunalités";
	case TERR_COMMUNE:
		return "Communes";
	case TERR_QUARTIER:
		return "Quartiers";
	default:
		return "Territoires";
	}
}

/* Sorts a set of territory indices by name, into the page arena. */
static struct tval *
terr_list(struct site *s, const int *v, size_t n, const int *rank, int count)
{
	struct tval *l = tv_list(&s->page);
	int	*tmp = xcalloc(n + 1, sizeof(*tmp));
	size_t	 i, j;
	int	 x;

	memcpy(tmp, v, n * sizeof(*tmp));
	for (i = 1; i < n; i++) {	/* small lists: insertion sort */
		x = tmp[i];
		for (j = i; j > 0 && rank[tmp[j - 1]] > rank[x]; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = x;
	}
	for (i = 0; i < n; i++)
		tv_push(&s->page, l, terr_ref(s, tmp[i], count));
	free(tmp);
	return l;
}

/* A member "k": coordinate, five decimals, a dot whatever the locale. */
static void
map_coord(struct json *w, const char *k, double x)
{
	char	 tmp[32], *p;

	snprintf(tmp, sizeof(tmp), "%.5f", x);
	for (p = tmp; *p != '\0'; p++)
		if (*p == ',')
			*p = '.';
	json_key(w, k);
	json_raw(w, tmp, strlen(tmp));
}

/*
 * The urgences numbers (where nothing local helps) and, when site.yaml
 * sets carte.tuiles, the places of the services located in the territory
 * for carte.js: [{"n":name,"u":page,"a":address,"y":lat,"x":lon}]. The
 * list of services on the page stays the equivalent of the map.
 */
static void
site_terr_extra(struct site *s, struct tval *ctx, const struct territory *tr)
{
	const struct model *m = s->m;
	struct tval *v;
	struct json w;
	size_t	 i, k, n = 0;

	site_urgences(s, ctx);
	if (m->site.carte_tuiles == NULL)
		return;
	buf_reset(&s->tmp);
	json_init(&w, &s->tmp, JSON_COMPACT);
	json_array(&w, 1);
	for (i = 0; i < tr->located.n; i++) {
		const struct sheet *sh = &m->sheets[tr->located.v[i]];

		for (k = 0; k < sh->nlieux; k++) {
			const struct place *p = &sh->lieux[k];

			if (!p->has_geo || p->commune < 0 ||
			    !idset_has(&tr->communes,
			    m->terr[p->commune].commune_no))
				continue;
			n++;
			json_object(&w, 1);
			json_kstr(&w, "n", sh->nom);
			json_key(&w, "u");
			json_str_begin(&w);	/* an id is a slug */
			buf_printf(&s->tmp, "../../fiches/%s/index.html",
			    sh->id);
			json_str_end(&w);
			if (p->adresse != NULL)
				json_kstr(&w, "a", p->adresse);
			map_coord(&w, "y", p->lat);
			map_coord(&w, "x", p->lon);
			json_end(&w);
		}
	}
	json_end(&w);
	if (n == 0) {
		buf_reset(&s->tmp);
		return;
	}
	v = tv_map(&s->page);
	tv_set(&s->page, v, "lieux", site_tmp(s));
	tv_set(&s->page, v, "nombre", tv_int(&s->page, (long)n));
	tv_set_bool(&s->page, v, "pluriel", n > 1);
	tv_set(&s->page, ctx, "carte", v);
	tv_set_bool(&s->page, ctx, "carte_js", 1);
}

/* The page of territory t (a worker of site_parallel). */
static int
write_territory(struct site *s, size_t t)
{
	const struct model *m = s->m;
	const struct territory *tr = &m->terr[t];
	const struct zones_of *z = s->zones;
	const int *rank = s->rank;
	struct tval *ctx = site_ctx(s, 2);
	int	 anc[64], na = 0, p;
	int	*communes;
	size_t	 i;
	char	*path;
	int	 rc;

	site_set(s, ctx, "titre", tr->nom);
	site_set(s, ctx, "code", tr->code);
	site_set(s, ctx, "niveau", terr_type_label(tr->type));
	tv_set_bool(&s->page, ctx, "commune", tr->type == TERR_COMMUNE);
	tv_set(&s->page, ctx, "description", site_strf(s, "Les services de "
	    "santé, médico-sociaux et sociaux pour %s (%s) : ceux qui y sont "
	    "installés et ceux qui y interviennent.", tr->nom,
	    terr_type_label(tr->type)));
	if (tr->parent >= 0)
		tv_set(&s->page, ctx, "parent", terr_ref(s, tr->parent, 0));
	site_set(s, ctx, "enfants_titre", children_title(m, tr));
	tv_set(&s->page, ctx, "enfants", terr_list(s, tr->children.v,
	    tr->children.n, rank, 1));
	if (tr->is_zone) {
		communes = xcalloc(tr->communes.n + 1, sizeof(*communes));
		for (i = 0; i < tr->communes.n; i++)
			communes[i] = m->commune_terr[tr->communes.v[i]];
		tv_set(&s->page, ctx, "communes", terr_list(s, communes,
		    tr->communes.n, rank, 0));
		tv_set_bool(&s->page, ctx, "a_communes", tr->communes.n > 0);
		free(communes);
	}
	if (z->off[t + 1] > z->off[t]) {
		tv_set(&s->page, ctx, "zones", terr_list(s, z->v + z->off[t],
		    z->off[t + 1] - z->off[t], rank, 0));
		tv_set_bool(&s->page, ctx, "a_zones", 1);
	}
	tv_set(&s->page, ctx, "situes", group_by_need(s, tr, 0, "situes",
	    0));
	tv_set(&s->page, ctx, "couvrent", group_by_need(s, tr, 1,
	    "couvrent", 1));
	tv_set_bool(&s->page, ctx, "vide", tr->located.n + tr->covering.n ==
	    0);
	{
		struct tval *pros = pro_list(s, tr);

		if (pros != NULL)
			tv_set(&s->page, ctx, "pros", pros);
	}
	{
		struct buf subj = {0}, body = {0};

		buf_printf(&subj, "Service manquant : %s", tr->nom);
		buf_printf(&body, "Territoire : %s (%s)\nPage : %sterritoires/"
		    "%s/\n\nLe service qui manque (nom, adresse, téléphone) :"
		    "\n", tr->nom, terr_type_label(tr->type), m->site.url,
		    tr->code);
		tv_set(&s->page, ctx, "signaler", site_report(s,
		    buf_cstr(&subj), buf_cstr(&body), "territoire", tr->nom));
		buf_dispose(&subj);
		buf_dispose(&body);
	}
	site_terr_extra(s, ctx, tr);
	{
		struct tval *pr = site_print_terr(s, (int)t);

		if (pr != NULL)
			tv_set(&s->page, ctx, "imprimer", pr);
	}
	tv_set_bool(&s->page, ctx, "nav_territoires", 1);

	site_crumb(s, ctx, "Accueil", "../../index.html");
	site_crumb(s, ctx, "Territoires", "../index.html");
	for (p = tr->parent; p >= 0 && na < 64; p = m->terr[p].parent)
		anc[na++] = p;
	while (na-- > 0) {
		buf_reset(&s->tmp);
		buf_printf(&s->tmp, "../%s/index.html", m->terr[anc[na]].code);
		path = xstrdup(s->tmp.data);
		site_crumb(s, ctx, m->terr[anc[na]].nom, path);
		free(path);
	}
	buf_reset(&s->tmp);
	buf_printf(&s->tmp, "territoires/%s/", tr->code);
	path = xstrdup(s->tmp.data);
	rc = site_emit(s, path, "territoire", ctx, 1);
	free(path);
	return rc;
}

/* The tree for the index: {code, nom, nombre, enfants: [...]}. */
static struct tval *
tree_node(struct site *s, int t, const int *rank, int depth)
{
	const struct territory *tr = &s->m->terr[t];
	struct tval *v = terr_ref(s, t, 1), *l;
	int	*kids;
	size_t	 i, j;
	int	 x;

	/* Set on every node: a missing key would be looked up in the
	 * parent's context and recurse into its children again. */
	tv_set(&s->page, v, "enfants", tv_list(&s->page));
	tv_set_bool(&s->page, v, "a_enfants", 0);
	if (tr->children.n == 0 || depth > 8)
		return v;
	kids = xcalloc(tr->children.n + 1, sizeof(*kids));
	memcpy(kids, tr->children.v, tr->children.n * sizeof(*kids));
	for (i = 1; i < tr->children.n; i++) {
		x = kids[i];
		for (j = i; j > 0 && rank[kids[j - 1]] > rank[x]; j--)
			kids[j] = kids[j - 1];
		kids[j] = x;
	}
	l = tv_list(&s->page);
	for (i = 0; i < tr->children.n; i++)
		tv_push(&s->page, l, tree_node(s, kids[i], rank, depth + 1));
	free(kids);
	tv_set(&s->page, v, "enfants", l);
	tv_set_bool(&s->page, v, "a_enfants", 1);
	return v;
}

static int
write_territory_index(struct site *s, const int *order, const int *rank)
{
	const struct model *m = s->m;
	struct tval *ctx = site_ctx(s, 1), *roots = tv_list(&s->page);
	struct tval *zones = tv_list(&s->page);
	size_t	 i;
	int	 t;

	for (i = 0; i < m->nterr; i++) {
		t = order[i];
		if (m->terr[t].is_zone)
			tv_push(&s->page, zones, terr_ref(s, t, 1));
		else if (m->terr[t].parent < 0)
			tv_push(&s->page, roots, tree_node(s, t, rank, 0));
	}
	site_set(s, ctx, "titre", "Les services par territoire");
	site_set(s, ctx, "description", "Choisissez votre département, "
	    "votre intercommunalité ou votre commune pour voir les services "
	    "qui y sont installés ou qui y interviennent.");
	tv_set(&s->page, ctx, "arbre", roots);
	tv_set(&s->page, ctx, "zones", zones);
	tv_set_bool(&s->page, ctx, "a_zones", tv_len(zones) > 0);
	tv_set_bool(&s->page, ctx, "nav_territoires", 1);
	site_crumb(s, ctx, "Accueil", "../index.html");
	return site_emit(s, "territoires/", "territoires", ctx, 1);
}

int
site_territoires(struct site *s)
{
	const struct model *m = s->m;
	const int *order = m->terr_order;
	struct zones_of z;
	size_t	 i;
	int	*rank;
	int	 rc;

	if (site_mkdir(s, "territoires") == -1)
		return -1;
	rank = xcalloc(m->nterr + 1, sizeof(*rank));
	for (i = 0; i < m->nterr; i++)
		rank[order[i]] = (int)i;
	zones_build(m, &z);
	s->rank = rank;
	s->zones = &z;
	rc = site_parallel(s, m->nterr, write_territory);
	if (rc == 0)
		rc = write_territory_index(s, order, rank);
	s->rank = NULL;
	s->zones = NULL;
	free(z.off);
	free(z.v);
	free(rank);
	return rc;
}

/* Feminine first words of kinds' names, folded ("une MDPH"). */
static const char *const feminine[] = {"agence", "aide", "allocation",
    "antenne", "association", "boutique", "caisse", "carte", "cellule",
    "cite", "clinique", "commission", "communaute", "consultation",
    "coordination", "creche", "delegation", "direction", "ecole",
    "epicerie", "equipe", "federation", "halte", "hospitalisation",
    "maison", "maternite", "methode", "micro-creche", "mission",
    "pension", "permanence", "pharmacie", "plateforme", "prestation",
    "protection", "residence", "structure", "union", "unite"};

static int
is_feminine(struct site *s, const char *nom)
{
	const char *p;
	size_t	 i, n;

	buf_reset(&s->tmp);
	fold_text(&s->tmp, nom);
	p = buf_cstr(&s->tmp);
	n = strcspn(p, " '’");
	for (i = 0; i < sizeof(feminine) / sizeof(feminine[0]); i++)
		if (strlen(feminine[i]) == n && strncmp(p, feminine[i], n) == 0)
			return 1;
	return 0;
}

/*
 * « Qu'est-ce qu'un CLIC ? », « Qu'est-ce qu'une MDPH ? », « Qu'est-ce
 * qu'un accueil de jour ? », « Qu'est-ce que France Services ? ».
 */
static struct tval *
type_question(struct site *s, const struct type_def *t)
{
	const char *sp = strchr(t->nom, ' ');
	int	 fem = is_feminine(s, t->nom);

	buf_reset(&s->tmp);
	if (t->sigle != NULL)
		buf_printf(&s->tmp, "Qu'est-ce qu'%s %s ?", fem ? "une" : "un",
		    t->sigle);
	else if (sp != NULL && sp[1] >= 'A' && sp[1] <= 'Z')
		buf_printf(&s->tmp, "Qu'est-ce que %s ?", t->nom);
	else {
		buf_printf(&s->tmp, "Qu'est-ce qu'%s ", fem ? "une" : "un");
		if (t->nom[0] >= 'A' && t->nom[0] <= 'Z') {
			buf_putc(&s->tmp, t->nom[0] - 'A' + 'a');
			buf_puts(&s->tmp, t->nom + 1);
		} else if (strncmp(t->nom, "É", strlen("É")) == 0) {
			buf_puts(&s->tmp, "é");
			buf_puts(&s->tmp, t->nom + strlen("É"));
		} else
			buf_puts(&s->tmp, t->nom);
		buf_puts(&s->tmp, " ?");
	}
	return site_tmp(s);
}

static const char *const famille_names[] = {NULL, "sanitaire",
    "médico-social", "social", "transversal"};

/* The département of a territory (itself, an ancestor), or -1. */
static int
terr_dept(const struct model *m, int t)
{
	int	 depth = 0;

	if (t >= 0 && m->terr[t].is_zone && m->terr[t].communes.n > 0)
		t = m->commune_terr[m->terr[t].communes.v[0]];
	for (; t >= 0 && depth < 64; t = m->terr[t].parent, depth++)
		if (m->terr[t].type == TERR_DEPARTEMENT)
			return t;
	return -1;
}

/*
 * Each sheet's département: its first place's, else its first
 * territory's (-1: none). Counts the départements of the model.
 */
static int *
sheet_depts(const struct model *m, size_t *ndept)
{
	int	*d = xcalloc(m->nsheets + 1, sizeof(*d));
	size_t	 i, k;

	*ndept = 0;
	for (i = 0; i < m->nterr; i++)
		if (m->terr[i].type == TERR_DEPARTEMENT)
			(*ndept)++;
	for (i = 0; i < m->nsheets; i++) {
		const struct sheet *sh = &m->sheets[i];

		d[i] = -1;
		for (k = 0; k < sh->nlieux && d[i] < 0; k++)
			d[i] = terr_dept(m, sh->lieux[k].commune);
		for (k = 0; k < sh->territoires.n && d[i] < 0; k++)
			d[i] = terr_dept(m, sh->territoires.v[k]);
	}
	return d;
}

/* The file of a département's part of a need, public or kind page. */
static const char *
ref_dept_file(struct site *s, int t)
{
	return arena_printf(&s->page, "%s.html", t >= 0 ?
	    s->m->terr[t].code : "autres");
}

/*
 * With several départements, a list's services grouped by département
 * (in name order, the ones without one last): [{code, nom, nombre,
 * services}], or with links, [{code, nom, nombre, page_dep}] for a page
 * split by département (ref_dept_file).
 */
static struct tval *
group_by_dept(struct site *s, const struct idset *set, const int *dept,
    int links)
{
	const struct model *m = s->m;
	const int *order = m->terr_order;
	struct tval *groups = tv_list(&s->page), *g, *l = NULL;
	size_t	 i, k, n;
	int	 t;

	for (k = 0; k <= m->nterr; k++) {
		t = k < m->nterr ? order[k] : -1;
		if (t >= 0 && m->terr[t].type != TERR_DEPARTEMENT)
			continue;
		if (!links)
			l = tv_list(&s->page);
		for (i = n = 0; i < set->n; i++)
			if (dept[set->v[i]] == t) {
				if (!links)
					tv_push(&s->page, l,
					    site_card(s, set->v[i], 3));
				n++;
			}
		if (n == 0)
			continue;
		g = tv_map(&s->page);
		site_set(s, g, "code", t >= 0 ? m->terr[t].code : "autres");
		site_set(s, g, "nom", t >= 0 ? m->terr[t].nom :
		    "Autres territoires");
		tv_set(&s->page, g, "nombre", tv_int(&s->page, (long)n));
		if (links)
			site_set(s, g, "page_dep", ref_dept_file(s, t));
		else
			tv_set(&s->page, g, "services", l);
		tv_push(&s->page, groups, g);
	}
	return groups;
}

/*
 * Services on one need, public or kind page; more, with several
 * départements, and the page only lists the départements, each with a
 * page of its own (a national directory's « Personnes âgées » would
 * otherwise be 30,000 cards, 27 MB).
 */
#define REF_PAGE_MAX	500

/* The cards of pub and pro, their counts and flags, into ctx. */
static void
ref_cards(struct site *s, struct tval *ctx, const struct idset *pub,
    const struct idset *pro)
{
	tv_set(&s->page, ctx, "services", site_cards(s, pub->v, pub->n, 3));
	tv_set(&s->page, ctx, "nombre", tv_int(&s->page, (long)pub->n));
	tv_set_bool(&s->page, ctx, "pluriel", pub->n > 1);
	tv_set_bool(&s->page, ctx, "aucun", pub->n == 0);
	tv_set(&s->page, ctx, "pros", site_cards(s, pro->v, pro->n, 3));
	tv_set(&s->page, ctx, "nombre_pros", tv_int(&s->page, (long)pro->n));
	tv_set_bool(&s->page, ctx, "a_pros", pro->n > 0);
	tv_set_bool(&s->page, ctx, "pluriel_pros", pro->n > 1);
}

/*
 * The départements' pages of a split need, public or kind page:
 * DIR/KEY/CODE.html, beside its index.html (so the cards' links hold).
 */
static int
write_ref_depts(struct site *s, const char *dir, const char *tmpl,
    const char *key, const char *nom, const struct idset *pub,
    const struct idset *pro, const char *crumb, const int *dept)
{
	const struct model *m = s->m;
	struct idset dp, dq;
	struct tval *ctx;
	size_t	 i, k;
	char	*path;
	int	 t, rc = 0;

	dp.v = xcalloc(pub->n + 1, sizeof(int));
	dq.v = xcalloc(pro->n + 1, sizeof(int));
	for (k = 0; rc == 0 && k <= m->nterr; k++) {
		t = k < m->nterr ? m->terr_order[k] : -1;
		if (t >= 0 && m->terr[t].type != TERR_DEPARTEMENT)
			continue;
		dp.n = dq.n = 0;
		for (i = 0; i < pub->n; i++)
			if (dept[pub->v[i]] == t)
				dp.v[dp.n++] = pub->v[i];
		for (i = 0; i < pro->n; i++)
			if (dept[pro->v[i]] == t)
				dq.v[dq.n++] = pro->v[i];
		if (dp.n + dq.n == 0)
			continue;
		ctx = site_ctx(s, 2);
		tv_set(&s->page, ctx, "titre", site_strf(s, "%s — %s", nom,
		    t >= 0 ? m->terr[t].nom : "autres territoires"));
		site_set(s, ctx, "key", key);
		tv_set(&s->page, ctx, "description", site_strf(s, "%s : les "
		    "services de %s.", nom, t >= 0 ? m->terr[t].nom :
		    "territoires hors départements"));
		ref_cards(s, ctx, &dp, &dq);
		site_crumb(s, ctx, "Accueil", "../../index.html");
		site_crumb(s, ctx, crumb, "../index.html");
		site_crumb(s, ctx, nom, "index.html");
		path = xstrdup(arena_printf(&s->page, "%s/%s/%s", dir, key,
		    ref_dept_file(s, t)));
		rc = site_emit(s, path, tmpl, ctx, 1);
		free(path);
	}
	free(dp.v);
	free(dq.v);
	return rc;
}

/* One need, public or kind page. */
static int
write_ref(struct site *s, const char *dir, const char *tmpl,
    const char *key, const char *nom, const struct idset *sheets,
    struct tval *ctx, const char *crumb, const int *dept, size_t ndept)
{
	char	*path;
	int	 rc, split;

	struct idset pub, pro;
	size_t	 i;

	/* The services that receive the public first; those that only
	 * professionals may call after them, under their own heading. */
	pub.v = xcalloc(sheets->n + 1, sizeof(int));
	pro.v = xcalloc(sheets->n + 1, sizeof(int));
	pub.n = pro.n = 0;
	for (i = 0; i < sheets->n; i++) {
		if (s->m->sheets[sheets->v[i]].pro_only)
			pro.v[pro.n++] = sheets->v[i];
		else
			pub.v[pub.n++] = sheets->v[i];
	}
	split = ndept > 1 && sheets->n > (size_t)util_limit(
	    "MAILLAGE_REF_MAX", REF_PAGE_MAX);
	site_set(s, ctx, "titre", nom);
	site_set(s, ctx, "key", key);
	if (split) {
		tv_set(&s->page, ctx, "departements", group_by_dept(s,
		    sheets, dept, 1));
		tv_set_bool(&s->page, ctx, "par_departement", 1);
		tv_set_bool(&s->page, ctx, "decoupe", 1);
	} else if (ndept > 1) {
		tv_set(&s->page, ctx, "departements", group_by_dept(s, &pub,
		    dept, 0));
		tv_set_bool(&s->page, ctx, "par_departement", 1);
	}
	if (split) {
		/* The counts only: the cards are on the départements' pages. */
		tv_set(&s->page, ctx, "nombre", tv_int(&s->page, (long)pub.n));
		tv_set_bool(&s->page, ctx, "pluriel", pub.n > 1);
		tv_set_bool(&s->page, ctx, "aucun", pub.n == 0);
		tv_set(&s->page, ctx, "nombre_pros", tv_int(&s->page,
		    (long)pro.n));
	} else
		ref_cards(s, ctx, &pub, &pro);
	site_crumb(s, ctx, "Accueil", "../../index.html");
	site_crumb(s, ctx, crumb, "../index.html");
	buf_reset(&s->tmp);
	buf_printf(&s->tmp, "%s/%s/", dir, key);
	path = xstrdup(s->tmp.data);
	rc = site_emit(s, path, tmpl, ctx, 1);
	free(path);
	if (rc == 0 && split)
		rc = write_ref_depts(s, dir, tmpl, key, nom, &pub, &pro, crumb,
		    dept);
	free(pub.v);
	free(pro.v);
	return rc;
}

/* /besoins/, /publics/, /types/: the list of entries with counts. */
static int
write_ref_index(struct site *s, const char *dir, const char *titre,
    const char *intro, const char *nav)
{
	const struct model *m = s->m;
	struct tval *ctx = site_ctx(s, 1), *l = tv_list(&s->page), *v;
	size_t	 i, n;
	char	*path;
	int	 rc;

	n = strcmp(dir, "besoins") == 0 ? m->nbesoins :
	    strcmp(dir, "publics") == 0 ? m->npublics : m->ntypes;
	for (i = 0; i < n; i++) {
		v = tv_map(&s->page);
		if (strcmp(dir, "besoins") == 0) {
			site_set(s, v, "key", m->besoins[i].key);
			site_set(s, v, "nom", m->besoins[i].nom);
			tv_set(&s->page, v, "nombre", tv_int(&s->page,
			    (long)m->besoins[i].sheets.n));
		} else if (strcmp(dir, "publics") == 0) {
			site_set(s, v, "key", m->publics[i].key);
			site_set(s, v, "nom", m->publics[i].nom);
			tv_set(&s->page, v, "nombre", tv_int(&s->page,
			    (long)m->publics[i].sheets.n));
		} else {
			site_set(s, v, "key", m->types[i].key);
			site_set(s, v, "nom", m->types[i].nom);
			site_set(s, v, "sigle", m->types[i].sigle);
			tv_set(&s->page, v, "nombre", tv_int(&s->page,
			    (long)m->types[i].sheets.n));
		}
		tv_push(&s->page, l, v);
	}
	site_set(s, ctx, "titre", titre);
	site_set(s, ctx, "intro", intro);
	site_set(s, ctx, "description", intro);
	site_set(s, ctx, "dossier", dir);
	tv_set(&s->page, ctx, "entrees", l);
	tv_set_bool(&s->page, ctx, nav, 1);
	site_crumb(s, ctx, "Accueil", "../index.html");
	buf_reset(&s->tmp);
	buf_printf(&s->tmp, "%s/", dir);
	path = xstrdup(s->tmp.data);
	rc = site_emit(s, path, "rubriques", ctx, 1);
	free(path);
	return rc;
}

/*
 * Entry i of the besoins, then the publics, then the types (a worker of
 * site_parallel): its page, and its départements' when it is split.
 */
static int
write_ref_entry(struct site *s, size_t i)
{
	const struct model *m = s->m;
	struct tval *ctx, *l;
	size_t	 k;

	ctx = site_ctx(s, 2);
	if (i < m->nbesoins) {
		const struct besoin *bs = &m->besoins[i];

		l = tv_list(&s->page);
		for (k = 0; k < bs->synonymes.n; k++)
			tv_push(&s->page, l, site_str(s, bs->synonymes.v[k]));
		tv_set(&s->page, ctx, "synonymes", l);
		tv_set(&s->page, ctx, "description", site_strf(s, "Les "
		    "services qui peuvent vous aider : %s.", bs->nom));
		tv_set_bool(&s->page, ctx, "nav_besoins", 1);
		return write_ref(s, "besoins", "besoin", bs->key, bs->nom,
		    &bs->sheets, ctx, "Besoins", s->dept, s->ndept);
	}
	if ((i -= m->nbesoins) < m->npublics) {
		const struct public_def *pb = &m->publics[i];

		tv_set(&s->page, ctx, "description", site_strf(s, "Les "
		    "services pour ce public : %s.", pb->nom));
		return write_ref(s, "publics", "public", pb->key, pb->nom,
		    &pb->sheets, ctx, "Publics", s->dept, s->ndept);
	}
	{
		const struct type_def *t = &m->types[i - m->npublics];

		tv_set(&s->page, ctx, "question", type_question(s, t));
		site_set(s, ctx, "sigle", t->sigle);
		site_set(s, ctx, "famille", famille_names[t->famille]);
		buf_reset(&s->tmp);
		md_abbr(&s->tmp, m, t->definition, s->seen);
		tv_set(&s->page, ctx, "definition_html", site_tmp(s));
		site_set(s, ctx, "description", t->definition);
		return write_ref(s, "types", "type", t->key, t->nom, &t->sheets,
		    ctx, "Types de services", s->dept, s->ndept);
	}
}

int
site_referentiels(struct site *s)
{
	const struct model *m = s->m;
	size_t	 ndept;
	int	*dept, rc = -1;

	if (site_mkdir(s, "besoins") == -1 || site_mkdir(s, "publics") == -1 ||
	    site_mkdir(s, "types") == -1)
		return -1;
	dept = sheet_depts(m, &ndept);
	s->dept = dept;
	s->ndept = ndept;
	if (site_parallel(s, m->nbesoins + m->npublics + m->ntypes,
	    write_ref_entry) == -1)
		goto out;
	if (write_ref_index(s, "besoins", "Les services par besoin",
	    "Choisissez ce qui vous préoccupe : vous verrez les services qui "
	    "peuvent vous aider.", "nav_besoins") == -1 ||
	    write_ref_index(s, "publics", "Les services par public",
	    "Les services selon les personnes auxquelles ils s'adressent.",
	    "nav_publics") == -1 ||
	    write_ref_index(s, "types", "Les types de services",
	    "Les grandes familles de services et de dispositifs de "
	    "coordination, et ce qu'ils font.", "nav_types") == -1)
		goto out;
	rc = 0;
out:
	s->dept = NULL;
	s->ndept = 0;
	free(dept);
	return rc;
}
