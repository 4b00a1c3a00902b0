/*
 * load_terr.c: territoires.yaml: the tree of territories and the zones
 * defined by inclusion and exclusion, and the resolution of territory
 * codes written in sheets and news.
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
#include "hours.h"
#include "md.h"
#include "model.h"
#include "schema.h"
#include "util.h"
#include "yaml.h"
#include "load_int.h"

/* Territories under construction (the array grows while reading). */
struct tload {
	struct territory *t;
	size_t		 n, cap;
	const struct ynode **inclut;	/* zones: raw lists */
	const struct ynode **exclut;
};


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
	check_keys_of(c, v, zone ? "une zone" : "un territoire", zone ?
	    SCHEMA_ZONE : SCHEMA_TERR);
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
	else if (util_reserved_name(t->code))
		err_at(c, yaml_get(v, "code"), "code « %s » invalide : c'est un "
		    "nom réservé sous Windows (con, prn, aux, nul, com1 à com9, "
		    "lpt1 à lpt9), et le code sert de nom au dossier de la page "
		    "du territoire ; choisissez-en un autre", t->code);
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

/*
 * Municipal arrondissements have INSEE codes of their own (Paris 75101-
 * 75120, Lyon 69381-69389, Marseille 13201-13216), and the national
 * address base gives them as the « citycode » of every address there, so
 * editors copy them; the tree knows the commune. A hint naming the
 * commune's code when it is in the tree, else NULL.
 */
static const char *
arrondissement_hint(struct lctx *c, const char *code)
{
	static const struct {
		const char *prefix, *commune, *nom;
		int	 last;
	} arr[] = {
		{"751", "75056", "Paris", 20},
		{"6938", "69123", "Lyon", 9},
		{"132", "13055", "Marseille", 16},
	};
	size_t	 i, pl;
	int	 k, t;

	if (strlen(code) != 5)
		return NULL;
	for (i = 0; i < sizeof(arr) / sizeof(*arr); i++) {
		pl = strlen(arr[i].prefix);
		if (strncmp(code, arr[i].prefix, pl) != 0)
			continue;
		k = atoi(code + pl);
		if (k < 1 || k > arr[i].last ||
		    (t = strmap_get(c->m->terr_by_code, arr[i].commune)) < 0)
			return NULL;
		c->hints--;
		return arena_printf(c->a, " : c'est le code INSEE du %d%s "
		    "arrondissement de %s, pas celui d'une commune ; écrivez "
		    "« %s » (%s), le code postal dit l'arrondissement", k,
		    k == 1 ? "er" : "e", arr[i].nom, arr[i].commune,
		    c->m->terr[t].nom);
	}
	return NULL;
}

/* Resolves the territory codes of a list node (for zones and sheets). */
void
resolve_codes(struct lctx *c, const struct ynode *list, const char *key,
    struct idset *out, int communes_only)
{
	const struct ynode *it;
	const struct model *m = c->m;
	const char **codes;
	unsigned char *rep;
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
	rep = list_repeats(c, list, key);
	for (i = 0; i < list->n; i++) {
		it = list->items[i];
		if (it->kind != YN_SCALAR) {
			err_at(c, it, "les éléments de « %s » sont des codes de "
			    "territoire", key);
			continue;
		}
		if (rep != NULL && rep[i])
			continue;
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
		h = c->hints > 0 ? arrondissement_hint(c, it->str) : "";
		for (j = 0; h == NULL && j < m->nterr; j++)
			if (same_name(m->terr[j].nom, it->str)) {
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
	free(rep);
}

void
load_territories(struct lctx *c)
{
	struct model *m = c->m;
	struct tload tl = {0};
	const struct ynode *root, *arbre, *zones;
	struct strmap folded;
	char	*data, *lower, *p;
	size_t	 i;
	int	 k;

	root = load_yaml(c, "territoires.yaml", 1, &data);
	if (root != NULL && root->kind != YN_MAP) {
		err_at(c, root, "territoires.yaml contient deux clés : "
		    "« arbre » et « zones »");
		root = NULL;
	}
	if (root != NULL) {

		check_keys_of(c, root, "territoires.yaml",
		    SCHEMA_TERRITOIRES);
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
	strmap_init(&folded, tl.n);
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
		/*
		 * Folders named by codes that differ only by case are one
		 * folder on macOS and Windows: one page would overwrite the
		 * other there.
		 */
		lower = (char *)m->terr[i].code;
		for (p = lower; *p != '\0' && !isupper((unsigned char)*p); p++)
			;
		if (*p != '\0') {
			lower = arena_strdup(c->a, lower);
			for (p = lower; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
		}
		k = strmap_put(&folded, lower, (int)i) == -1 ?
		    strmap_get(&folded, lower) : -1;
		if (k >= 0)
			diag_add(c->d, DIAG_ERROR, m->terr[i].pos.file,
			    m->terr[i].pos.line, m->terr[i].pos.col, "code "
			    "« %s » trop proche de « %s » (ligne %d) : ils ne "
			    "diffèrent que par les majuscules, et leurs pages "
			    "se confondraient sous Windows et macOS",
			    m->terr[i].code, m->terr[k].code,
			    m->terr[k].pos.line);
	}
	strmap_free(&folded);
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
