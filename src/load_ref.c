/*
 * load_ref.c: the referentials: site.yaml, types, besoins, publics and
 * the glossary.
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

/* sRGB relative luminance of one 0–255 channel (WCAG 2). */
static double
channel_lum(unsigned v)
{
	double	 c = v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Contrast ratio of #rrggbb against white. */
static double
contrast_white(unsigned r, unsigned g, unsigned b)
{
	double	 l = 0.2126 * channel_lum(r) + 0.7152 * channel_lum(g) +
	    0.0722 * channel_lum(b);

	return 1.05 / (l + 0.05);
}

/*
 * couleur: "#rrggbb", dark enough for white text on it and for links on
 * white (WCAG AA, 4.5:1). A colour that is too light gets the nearest
 * darker shade that passes as its hint.
 */
static void
load_couleur(struct lctx *c, const struct ynode *root, struct site_conf *s)
{
	const struct ynode *v = yaml_get(root, "couleur");
	const char *u;
	unsigned r, g, b;
	double	 k;

	if ((u = get_str(c, root, "couleur", 0)) == NULL)
		return;
	if (strlen(u) != 7 || u[0] != '#' ||
	    strspn(u + 1, "0123456789abcdefABCDEF") != 6 ||
	    sscanf(u + 1, "%2x%2x%2x", &r, &g, &b) != 3) {
		err_at(c, v, "« couleur » s'écrit en hexadécimal, par exemple "
		    "« #1d4f91 » (lu : « %s »)", u);
		return;
	}
	if (contrast_white(r, g, b) < 4.5) {
		char	 ratio[16], *dot;

		snprintf(ratio, sizeof(ratio), "%.1f", contrast_white(r, g, b));
		if ((dot = strchr(ratio, '.')) != NULL)
			*dot = ',';	/* French decimal comma */
		for (k = 0.95; k > 0 && contrast_white((unsigned)(r * k),
		    (unsigned)(g * k), (unsigned)(b * k)) < 4.5; k -= 0.05)
			;
		err_at(c, v, "« couleur » %s est trop claire : le texte blanc "
		    "posé dessus se lit mal (contraste %s:1, il faut au "
		    "moins 4,5:1) ; essayez « #%02x%02x%02x »", u,
		    ratio, (unsigned)(r * k),
		    (unsigned)(g * k), (unsigned)(b * k));
		return;
	}
	s->couleur = arena_printf(c->a, "#%02x%02x%02x", r, g, b);
}

/* urgences: a list of {nom, numero, quand}. */
static void
load_urgences(struct lctx *c, const struct ynode *root, struct site_conf *s)
{
	const struct ynode *v = yaml_get(root, "urgences"), *it;
	struct urgence *u;
	struct phone ph;
	size_t	 i;

	if (v == NULL)
		return;
	if (v->kind != YN_SEQ) {
		err_at(c, v, "« urgences » est une liste : - {nom: SAMU, "
		    "numero: \"15\", quand: urgence médicale}");
		return;
	}
	s->urgences = arena_alloc(c->a, (v->n ? v->n : 1) *
	    sizeof(*s->urgences));
	for (i = 0; i < v->n; i++) {
		it = v->items[i];
		if (it->kind != YN_MAP) {
			err_at(c, it, "un numéro d'urgence s'écrit {nom: …, "
			    "numero: \"…\", quand: …}");
			continue;
		}
		check_keys_of(c, it, "un numéro d'urgence", SCHEMA_URGENCE);
		u = &s->urgences[s->nurgences];
		memset(u, 0, sizeof(*u));
		memset(&ph, 0, sizeof(ph));
		u->nom = get_str(c, it, "nom", 1);
		get_phone(c, it, "numero", &ph);
		if (ph.display == NULL && yaml_get(it, "numero") == NULL)
			err_at(c, it, "« numero » est obligatoire et manque "
			    "ici");
		u->quand = get_str(c, it, "quand", 0);
		if (u->nom == NULL || ph.display == NULL)
			continue;
		u->numero = ph.display;
		u->uri = ph.uri;
		s->nurgences++;
	}
}

/* carte: {tuiles: https://…/{z}/{x}/{y}.png, attribution: …}. */
static void
load_carte(struct lctx *c, const struct ynode *root, struct site_conf *s)
{
	const struct ynode *v = yaml_get(root, "carte");
	const char *t;

	if (v == NULL)
		return;
	if (v->kind != YN_MAP) {
		err_at(c, v, "« carte » doit contenir « tuiles: » (une adresse "
		    "avec {z}, {x} et {y}) et « attribution: »");
		return;
	}
	check_keys_of(c, v, "carte", SCHEMA_CARTE);
	if ((t = get_str(c, v, "tuiles", 1)) == NULL)
		return;
	if (!str_has_prefix(t, "https://") || strstr(t, "{z}") == NULL ||
	    strstr(t, "{x}") == NULL || strstr(t, "{y}") == NULL) {
		err_at(c, yaml_get(v, "tuiles"), "« tuiles » doit être une "
		    "adresse https:// contenant {z}, {x} et {y}, par exemple "
		    "« https://tile.example.org/{z}/{x}/{y}.png » (lu : "
		    "« %s »)", t);
		return;
	}
	s->carte_attribution = get_str(c, v, "attribution", 1);
	if (s->carte_attribution != NULL)
		s->carte_tuiles = t;
}

/* signalement: an e-mail address or an https URL (default: contact). */
static void
load_signalement(struct lctx *c, const struct ynode *root,
    struct site_conf *s)
{
	const char *u = get_str(c, root, "signalement", 0);

	if (u == NULL)
		return;
	if (valid_email(u))
		s->signalement = arena_printf(c->a, "mailto:%s", u);
	else if (str_has_prefix(u, "https://") && valid_url(u))
		s->signalement = u;
	else
		err_at(c, yaml_get(root, "signalement"), "« signalement » doit "
		    "être une adresse électronique ou une adresse https:// "
		    "(lu : « %s »)", u);
}

void
load_site(struct lctx *c)
{
	struct site_conf *s = &c->m->site;
	const struct ynode *root, *pdf, *let, *v;
	struct strlist l;
	char	*data;
	const char *u;
	long	 x = 12;
	size_t	 i;
	int	 t;

	s->fraicheur_mois = 12;
	s->pdf_min_services = 3;
	s->pdf_niveaux = 1u << TERR_DEPARTEMENT | 1u << TERR_EPCI;
	if ((root = load_yaml(c, "site.yaml", 1, &data)) == NULL)
		goto out;
	if (root->kind != YN_MAP) {
		err_at(c, root, "site.yaml doit être une suite de « clé: "
		    "valeur »");
		goto out;
	}
	check_keys_of(c, root, "site.yaml", SCHEMA_SITE);
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
		check_keys_of(c, pdf, "pdf", SCHEMA_PDF);
		if (get_int(c, pdf, "min_services", 1, 1000, &x) == 0 &&
		    yaml_get(pdf, "min_services") != NULL)
			s->pdf_min_services = (int)x;
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
		check_keys_of(c, let, "lettre", SCHEMA_LETTRE);
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
	load_couleur(c, root, s);
	load_urgences(c, root, s);
	load_carte(c, root, s);
	load_signalement(c, root, s);
	if (s->signalement == NULL && s->contact != NULL)
		s->signalement = arena_printf(c->a, "mailto:%s", s->contact);
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

void
load_types(struct lctx *c)
{
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
			check_keys_of(c, v, "un type", SCHEMA_TYPE);
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

void
load_besoins(struct lctx *c)
{
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
			check_keys_of(c, v, "un besoin", SCHEMA_BESOIN);
			t->nom = get_str(c, v, "nom", 1);
			get_list(c, v, "synonymes", 0, &t->synonymes);
			get_di(c, v, &t->data_inclusion);
			if (t->nom == NULL)
				t->nom = t->key;
		}
	}
	free(data);
}

void
load_publics(struct lctx *c)
{
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
			check_keys_of(c, v, "un public", SCHEMA_PUBLIC);
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
void
load_gloss(struct lctx *c)
{
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
			check_keys_of(c, v, "le glossaire", SCHEMA_GLOSS);
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
