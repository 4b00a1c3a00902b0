/*
 * load.c: reads a content folder (see content-format.md) into the model.
 *
 * Referentials (site, territories, types, needs, publics, glossary) are
 * read first; sheets are then read and checked by worker threads, each
 * with its own arena, and cross-references (liens) resolved at the end.
 * Every problem is reported with file:line:column and the loader goes on,
 * so that one run lists them all.
 *
 * This file reads the sheets, news and pages and holds model_load;
 * load_source.c, load_field.c, load_ref.c and load_terr.c do the rest
 * (load_int.h is their shared, private interface).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
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
#include "pool.h"
#include "model.h"
#include "schema.h"
#include "util.h"
#include "yaml.h"
#include "source.h"
#include "load_int.h"

/* Keys of a referential, for lookups and suggestions. */
struct refkeys {
	struct strmap	*map;
	const char	**names;
	const char	**labels;	/* their `nom`, for a label given */
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
	r->labels = xcalloc(n, sizeof(*r->labels));
	r->n = n;
	r->file = file;
	*mapp = xcalloc(1, sizeof(**mapp));
	strmap_init(*mapp, n);
	r->map = *mapp;
	for (i = 0; i < n; i++) {
		key = *(const char *const *)((const char *)arr + i * stride);
		r->names[i] = key;
		/* Every referential entry starts with key, then nom. */
		r->labels[i] = *((const char *const *)((const char *)arr +
		    i * stride) + 1);
		strmap_put(r->map, key, (int)i);
	}
}

/*
 * The entry whose key or label (nom, accents and case aside) is word,
 * or -1. People copy the label they read on the site; the key is what
 * the file needs.
 */
static int
ref_find(const struct refkeys *r, const char *word, int *by_label)
{
	size_t	 i;
	int	 k;

	*by_label = 0;
	if ((k = strmap_get(r->map, word)) >= 0)
		return k;
	for (i = 0; i < r->n; i++)
		if (r->labels[i] != NULL && same_name(r->labels[i], word)) {
			*by_label = 1;
			return (int)i;
		}
	return -1;
}

/*
 * A scalar where a list of keys is expected: propose the whole list,
 * written with the keys ("publics: Personnes âgées, Aidants" →
 * "publics: [personnes-agees, aidants]").
 */
static void
refs_scalar(struct lctx *c, const struct ynode *v, const char *key,
    const struct refkeys *r)
{
	struct buf fix = {0};
	char	*dup = xstrdup(v->str), *tok, *save = NULL;
	int	 k, lab, ok = 1;

	for (tok = strtok_r(dup, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		for (size_t n = strlen(tok); n > 0 && tok[n - 1] == ' '; n--)
			tok[n - 1] = '\0';
		k = ref_find(r, tok, &lab);
		if (k < 0)
			ok = 0;
		buf_printf(&fix, "%s%s", fix.len ? ", " : "", k >= 0 ?
		    r->names[k] : tok);
	}
	if (ok && fix.len > 0)
		err_at(c, v, "« %s » est une liste de clés de %s : écrivez "
		    "%s: [%s]", key, r->file, key, fix.data);
	else
		err_at(c, v, "« %s » doit être une liste de clés de %s, par "
		    "exemple %s: [%s]", key, r->file, key, r->n > 0 ?
		    r->names[0] : "cle");
	buf_dispose(&fix);
	free(dup);
}

/* Resolves a list of referential keys. */
static void
get_refs(struct lctx *c, const struct ynode *map, const char *key, int req,
    const struct refkeys *r, struct idset *out)
{
	struct strlist l;
	const struct ynode *v = yaml_get(map, key);
	size_t	 i, j;
	int	 k, lab;

	memset(out, 0, sizeof(*out));
	if (v != NULL && v->kind == YN_SCALAR && v->len > 0 && r->n > 0) {
		refs_scalar(c, v, key, r);
		return;
	}
	if (get_list(c, map, key, req, &l) == -1 || l.n == 0)
		return;
	out->v = arena_alloc(c->a, l.n * sizeof(int));
	for (i = 0, j = 0; i < v->n; i++) {
		if (v->items[i]->kind != YN_SCALAR)
			continue;
		if ((k = strmap_get(r->map, v->items[i]->str)) >= 0) {
			/* A repeat: get_list said so; kept once. */
			for (j = 0; j < out->n && out->v[j] != k; j++)
				;
			if (j == out->n)
				out->v[out->n++] = k;
			continue;
		}
		if (r->n == 0)		/* the referential said why */
			continue;
		if ((k = ref_find(r, v->items[i]->str, &lab)) >= 0)
			err_at(c, v->items[i], "« %s » n'est pas une clé de %s : "
			    "écrivez « %s » (la clé de « %s »)",
			    v->items[i]->str, r->file, r->names[k],
			    r->labels[k]);
		else
			err_at(c, v->items[i], "« %s » n'existe pas dans %s%s",
			    v->items[i]->str, r->file, hint(c,
			    v->items[i]->str, r->names, r->n));
		j++;
	}
}

/* Everything a sheet worker needs, read-only. */
struct sheetjob {
	struct model	*m;
	struct source	*src;
	struct diags	*d;
	char		**names;	/* file names in fiches/ */
	size_t		 n;
	struct worker	*workers;	/* one per worker of the pool */
	struct refkeys	 types, besoins, publics;
	const struct ynode **liens;	/* per sheet, resolved later */
	const struct ynode **remplace;	/* per sheet: remplace_par, later */
	unsigned char	*broken;	/* per sheet: could not be read */
	long		 stale_before;	/* verifie_le older is stale */
	int		 no_bodies;	/* MODEL_NO_BODIES: checked, not kept */
};

static const char *const frais_names[] = {"gratuit", "payant"};
static const char *const statut_names[] = {"actif", "ferme", "brouillon"};

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
	check_keys_of(c, v, "un lieu", SCHEMA_LIEU);
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
	check_keys_of(c, v, "un contact professionnel", SCHEMA_PERSONNE);
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
	size_t	 i;
	int	 e;

	check_keys_of(c, fm, "une fiche", SCHEMA_FICHE);
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
		check_keys_of(c, ct, "contact", SCHEMA_CONTACT);
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
	s->acces = get_flags(c, fm, "acces", model_acces_keys,
	    MODEL_NACCES);
	s->orientation = get_flags(c, fm, "orientation",
	    model_orient_keys, MODEL_NORIENT);
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
		for (i = 0; i < s->langues.n; i++)
			if (model_lang(s->langues.v[i]) < 0)
				err_at(c, list_item(v, i), "langue « %s » inconnue : "
				    "code ISO 639-1 à deux lettres (fr, en, "
				    "ar…)%s", s->langues.v[i], hint(c,
				    s->langues.v[i], model_lang_codes,
				    MODEL_NLANGS));
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
			j->liens[idx] = c->scratch ? yaml_copy(c->a, v) : v;
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
				check_keys_of(c, f, "une fermeture",
				    SCHEMA_FERMETURE);
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
	if ((v = yaml_get(fm, "remplace_par")) != NULL)
		j->remplace[idx] = c->scratch ? yaml_copy(c->a, v) : v;
	if ((s->facile = get_str(c, fm, "facile", 0)) != NULL) {
		v = yaml_get(fm, "facile");
		s->facile_line = v->line;
		if (utf8_len(s->facile) > 600)
			err_at(c, v, "« facile » fait %zu caractères : 600 au "
			    "plus (des phrases courtes, une idée par phrase)",
			    utf8_len(s->facile));
		else if (md_check(c->d, c->file, s->facile,
		    strlen(s->facile), v->line) != 0)
			s->facile = NULL;
	}
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

/* One worker of the pool: its own arena for the model, and a scratch. */
struct worker {
	struct arena	*arena;
	struct arena	 scratch;
	struct buf	 tmp;
};

static void	 sheet_acronyms(const struct model *, struct diags *,
		    const struct sheet *, const char *body, int body_line);

/* Reads sheet i (a job of the pool); problems go to the diagnostics. */
static int
sheet_job(void *arg, size_t worker, size_t i)
{
	struct sheetjob *j = arg;
	struct worker *w = &j->workers[worker];
	struct arena *a = w->arena;
	struct lctx c;
	struct srcfile sf;
	struct sheet *s;

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
	c.scratch = &w->scratch;
	c.d = j->d;
	c.src = j->src;
	lctx_file(&c, s->file);
	c.m = j->m;
	if (!is_slug(s->id)) {
		const char *slug = slug_of(a, s->id);

		diag_add(c.d, DIAG_ERROR, s->file, 0, 0, "nom de fichier "
		    "invalide : l'identifiant « %s » ne doit contenir "
		    "que des minuscules sans accent, des chiffres et "
		    "des tirets (il sert dans l'adresse de la page)%s%s%s",
		    s->id, *slug ? " ; renommez-le « fiches/" : "", slug,
		    *slug ? ".md »" : "");
	} else if (util_reserved_name(s->id))
		diag_add(c.d, DIAG_ERROR, s->file, 0, 0, "nom de fichier "
		    "invalide : « %s » est un nom réservé sous Windows "
		    "(con, prn, aux, nul, com1 à com9, lpt1 à lpt9) : "
		    "le dossier de sa page ne pourrait pas y être "
		    "copié ; choisissez un autre identifiant", s->id);
	if (read_source(&c, &sf, 1, MAX_MD_SIZE) == 0) {
		load_sheet(&c, j, s, &sf, i);
		sheet_acronyms(j->m, c.d, s, sf.body, sf.body_line);
		if (md_check(c.d, s->file, sf.body, sf.body_len,
		    sf.body_line) == 0 && !j->no_bodies) {
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
	arena_reset(&w->scratch);
	model_derive_sheet(j->m, a, c.d, s, &w->tmp);
	return 0;
}

/*
 * remplace_par: the sheet that took over a closed one. Only with
 * `statut: ferme`; the successor must exist and be published.
 */
static void
get_successor(struct lctx *c, const struct ynode *v, struct sheet *s)
{
	const struct model *m = c->m;
	const char **ids;
	size_t	 k;
	int	 t;

	if (v->kind != YN_SCALAR || v->len == 0) {
		err_at(c, v, "« remplace_par » est l'identifiant d'une seule "
		    "fiche (le nom de son fichier sans .md)");
		return;
	}
	if (s->statut != STATUT_FERME) {
		err_at(c, v, "« remplace_par » ne s'emploie qu'avec « statut: "
		    "ferme » : ajoutez-le, ou retirez « remplace_par »");
		return;
	}
	if (strcmp(v->str, s->id) == 0) {
		err_at(c, v, "une fiche ne peut pas se remplacer elle-même");
		return;
	}
	if ((t = strmap_get(m->sheet_by_id, v->str)) < 0) {
		ids = xmalloc((m->nsheets + 1) * sizeof(*ids));
		for (k = 0; k < m->nsheets; k++)
			ids[k] = m->sheets[k].id;
		err_at(c, v, "la fiche « %s » n'existe pas (pas de fichier "
		    "fiches/%s.md)%s", v->str, v->str, hint(c, v->str, ids,
		    m->nsheets));
		free(ids);
		return;
	}
	if (c->broken != NULL && c->broken[t])
		return;
	if (m->sheets[t].statut == STATUT_BROUILLON) {
		warn_at(c, v, "la fiche « %s » est un brouillon : elle n'est "
		    "pas publiée, « remplace_par » sera omis", v->str);
		return;
	}
	if (m->sheets[t].statut == STATUT_FERME)
		warn_at(c, v, "la fiche « %s » qui remplace celle-ci est "
		    "elle-même fermée : indiquez le service ouvert qui a "
		    "pris la suite", v->str);
	s->remplace_par = t;
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
		/* A repeat: get_list said so; kept once. */
		if (idset_has(out, t))
			continue;
		out->v[out->n++] = t;
	}
}

/* Free pages are published at /SLUG/: these are taken. */
static const char *const reserved_slugs[] = {"fiches", "territoires",
    "besoins", "publics", "types", "recherche", "actualites", "glossaire",
    "a-z", "donnees", "assets", "pdf", "flyers", "lettre", "404",
    "sitemap.xml", "robots.txt", "index"};

/*
 * Newest first; same day: by slug, so the order is total. Every output
 * (pages, feed, home page, newsletter) takes this order as it is.
 */
static int
news_cmp(const void *a, const void *b)
{
	const struct news *x = a, *y = b;

	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

static void
load_news(struct model *m, struct source *src, struct diags *d,
    const unsigned char *broken)
{
	struct lctx c = {&m->arena, d, NULL, m, src, broken, 0, NULL};
	struct srcfile sf;
	struct news *nw;
	char	**names;
	ssize_t	 n, i;
	long	 day;

	if ((n = list_md(&c, "actualites", &names, 0)) <= 0)
		return;
	m->news = arena_alloc(&m->arena, (size_t)n * sizeof(*m->news));
	for (i = 0; i < n; i++) {
		nw = &m->news[m->nnews];
		memset(nw, 0, sizeof(*nw));
		memset(&sf, 0, sizeof(sf));
		nw->file = arena_printf(&m->arena, "actualites/%s", names[i]);
		nw->slug = arena_strndup(&m->arena, names[i],
		    strlen(names[i]) - 3);
		lctx_file(&c, nw->file);
		if (read_source(&c, &sf, 1, MAX_MD_SIZE) == 0) {
			check_keys_of(&c, sf.fm, "une actualité", SCHEMA_ACTU);
			nw->titre = get_str(&c, sf.fm, "titre", 1);
			if (get_date(&c, sf.fm, "date", 1, &nw->date) == 1 &&
			    (strlen(nw->slug) < 12 || date_parse(&day,
			    arena_strndup(&m->arena, nw->slug, 10)) == -1 ||
			    nw->slug[10] != '-' || !is_slug(nw->slug + 11)))
				diag_add(c.d, DIAG_ERROR, nw->file, 0, 0,
				    "nom de fichier invalide : une actualité "
				    "s'appelle AAAA-MM-JJ-titre-court.md");
			else if (nw->date && day != nw->date)
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
				nw->body = arena_strndup(&m->arena, sf.body,
				    sf.body_len);
				nw->body_len = sf.body_len;
				nw->body_line = sf.body_line;
			}
			if (nw->titre != NULL && nw->date != 0)
				m->nnews++;
		}
		free(sf.data);
	}
	qsort(m->news, m->nnews, sizeof(*m->news), news_cmp);
	util_free_names(names, n);
}

static void
load_pages(struct model *m, struct source *src, struct diags *d)
{
	struct lctx c = {&m->arena, d, NULL, m, src, NULL, 0, NULL};
	struct srcfile sf;
	struct page *pg;
	char	**names;
	ssize_t	 n, i;
	size_t	 k;

	if ((n = list_md(&c, "pages", &names, 0)) <= 0)
		return;
	m->pages = arena_alloc(&m->arena, (size_t)n * sizeof(*m->pages));
	for (i = 0; i < n; i++) {
		pg = &m->pages[m->npages];
		memset(&sf, 0, sizeof(sf));
		pg->file = arena_printf(&m->arena, "pages/%s", names[i]);
		pg->slug = arena_strndup(&m->arena, names[i],
		    strlen(names[i]) - 3);
		lctx_file(&c, pg->file);
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
		if (read_source(&c, &sf, 1, MAX_MD_SIZE) == 0) {
			check_keys_of(&c, sf.fm, "une page", SCHEMA_PAGE);
			pg->titre = get_str(&c, sf.fm, "titre", 1);
			if (md_check(c.d, pg->file, sf.body, sf.body_len,
			    sf.body_line) == 0) {
				pg->body = arena_strndup(&m->arena, sf.body,
				    sf.body_len);
				pg->body_len = sf.body_len;
				pg->body_line = sf.body_line;
			}
			if (pg->titre != NULL)
				m->npages++;
		}
		free(sf.data);
	}
	util_free_names(names, n);
}

/*
 * Reads fiches/ with worker threads. Returns which sheets could not be
 * read at all (malloc'd, one byte per sheet; NULL without fiches/).
 */
/*
 * fiches/ listed (and its 100,000 names sorted: a tenth of a second) on
 * a thread of its own while the referentials load.
 */
struct lister {
	struct source	*src;
	struct diags	*d;
	char		**names;
	ssize_t		 n;
	pthread_t	 th;
	int		 started;
};

static void *
list_thread(void *arg)
{
	struct lister *l = arg;

	l->n = source_list(l->src, l->d, "fiches", 1, &l->names);
	return NULL;
}

static struct sheetjob *
load_sheets(struct model *m, struct source *src, struct diags *d, int jobs,
    unsigned flags, struct lister *ls)
{
	struct sheetjob j;
	struct lctx c = {&m->arena, d, NULL, m, src, NULL, 0, NULL};
	ssize_t	 n;
	size_t	 i, nw;

	memset(&j, 0, sizeof(j));
	if (ls->started)
		pthread_join(ls->th, NULL);
	else
		list_thread(ls);
	if ((n = list_md_names(&c, "fiches", ls->names, ls->n,
	    &j.names)) < 0)
		return NULL;
	if (n == 0)
		diag_add(d, DIAG_WARNING, "fiches", 0, 0, "aucune "
		    "fiche : le répertoire sera vide");
	j.m = m;
	j.no_bodies = (flags & MODEL_NO_BODIES) != 0;
	j.src = src;
	j.d = d;
	j.n = (size_t)n;
	refkeys_make(&j.types, &m->type_by_key, "types.yaml", m->types,
	    m->ntypes, sizeof(*m->types));
	refkeys_make(&j.besoins, &m->besoin_by_key, "besoins.yaml",
	    m->besoins, m->nbesoins, sizeof(*m->besoins));
	refkeys_make(&j.publics, &m->public_by_key, "publics.yaml",
	    m->publics, m->npublics, sizeof(*m->publics));
	j.stale_before = date_add_months(m->today, -m->site.fraicheur_mois);
	j.liens = xcalloc(j.n ? j.n : 1, sizeof(*j.liens));
	j.remplace = xcalloc(j.n ? j.n : 1, sizeof(*j.remplace));
	j.broken = xcalloc(j.n ? j.n : 1, 1);
	c.broken = j.broken;
	m->sheets = arena_alloc(&m->arena, j.n * sizeof(*m->sheets));
	m->nsheets = j.n;

	nw = (size_t)(jobs > 1 ? jobs : 1);
	if (nw > j.n / 64 + 1)
		nw = j.n / 64 + 1;	/* threads only pay off on many files */
	m->warenas = xcalloc(nw, sizeof(*m->warenas));
	m->nwarenas = nw;
	j.workers = xcalloc(nw, sizeof(*j.workers));
	for (i = 0; i < nw; i++) {
		arena_init(&m->warenas[i]);
		j.workers[i].arena = &m->warenas[i];
		arena_init(&j.workers[i].scratch);
	}
	/* Workers take files from one counter, each into its own arena;
	 * a sheet job never fails (its problems are diagnostics). */
	(void)pool_run(j.n, nw, 0, sheet_job, &j);
	for (i = 0; i < nw; i++) {
		arena_free(&j.workers[i].scratch);
		buf_dispose(&j.workers[i].tmp);
	}
	free(j.workers);
	return memcpy(xmalloc(sizeof(j)), &j, sizeof(j));
}

/*
 * Once every sheet is read: ids, then links, which need every id.
 * Returns which sheets could not be read at all (malloc'd, one byte per
 * sheet). Frees j.
 */
static unsigned char *
link_sheets(struct model *m, struct source *src, struct diags *d,
    struct sheetjob *jp)
{
	struct sheetjob j = *jp;
	struct lctx c = {&m->arena, d, NULL, m, src, j.broken, 0, NULL};
	size_t	 i;

	free(jp);
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
	for (i = 0; i < j.n; i++) {
		m->sheets[i].remplace_par = -1;
		if (j.remplace[i] == NULL)
			continue;
		lctx_file(&c, m->sheets[i].file);
		get_successor(&c, j.remplace[i], &m->sheets[i]);
	}
	free(j.liens);
	free(j.remplace);
	free(j.types.names);
	free(j.besoins.names);
	free(j.publics.names);
	free(j.types.labels);
	free(j.besoins.labels);
	free(j.publics.labels);
	util_free_names(j.names, (ssize_t)j.n);
	return j.broken;
}

/*
 * The sheets' links, then the news and the free pages (news name
 * sheets), on a thread of their own while model_derive_start runs: a
 * quarter of a second at 100,000 sheets that no longer waits.
 */
struct linker {
	struct model	*m;
	struct source	*src;
	struct diags	*d;
	struct sheetjob	*j;		/* NULL: fiches/ unreadable */
	pthread_t	 th;
	int		 started;
};

static void *
link_thread(void *arg)
{
	struct linker *l = arg;
	unsigned char *broken = NULL;

	if (l->j != NULL)
		broken = link_sheets(l->m, l->src, l->d, l->j);
	load_news(l->m, l->src, l->d, broken);
	free(broken);
	load_pages(l->m, l->src, l->d);
	return NULL;
}

/*
 * Loads everything; see model.h.
 */
/* Code points in [a, b). */
static int
chars(const char *a, const char *b)
{
	int	 n = 0;

	for (; a < b; a++)
		if (((unsigned char)*a & 0xc0) != 0x80)
			n++;
	return n;
}

/* Whether w[0..n) is a glossary acronym (or a kind's sigle). */
static int
gloss_has(const struct model *m, const char *w, size_t n)
{
	size_t	 i;

	for (i = 0; i < m->ngloss; i++)
		if (strlen(m->gloss[i].sigle) == n &&
		    memcmp(m->gloss[i].sigle, w, n) == 0)
			return 1;
	return 0;
}

/*
 * Warns once per sheet about each acronym (2 to 10 capital letters) that
 * a text uses and no referential defines: the site spells acronyms out
 * from glossaire.yaml and types.yaml only. Link destinations, code and
 * HTML comments are skipped; the sheet's own sigle is its name's.
 */
static void
acronyms_text(const struct model *m, struct diags *d, const struct sheet *s,
    const char *text, int line, int col, struct strmap *seen)
{
	const char *p = text, *w, *ls = text;
	struct srcpos pos;
	int	 inlink = 0, incode = 0, own;
	size_t	 n, sl;
	char	*key;

	if (text == NULL)
		return;
	while (*p != '\0') {
		if (p[0] == '<' && strncmp(p, "<!--", 4) == 0) {
			const char *e = strstr(p + 4, "-->");

			for (; *p != '\0' && (e == NULL || p < e + 3); p++)
				if (*p == '\n') {
					line++;
					col = 1;
					ls = p + 1;
				}
			continue;
		}
		if (*p == '\n') {
			line++;
			col = 1;
			ls = p + 1;
			p++;
			continue;
		}
		if (*p == '`')
			incode = !incode;
		if (p[0] == ']' && p[1] == '(')
			inlink = 1;
		else if (inlink && (*p == ')' || *p == ' '))
			inlink = 0;
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)) {
			p++;
			continue;
		}
		for (w = p; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' &&
		    *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    (unsigned char)*p >= 0x80; p++)
			;
		n = (size_t)(p - w);
		if (inlink || incode || n < 2 || n > 10)
			continue;
		for (sl = 0; sl < n && w[sl] >= 'A' && w[sl] <= 'Z'; sl++)
			;
		if (sl != n || gloss_has(m, w, n))
			continue;
		own = s->sigle != NULL && strncmp(s->sigle, w, n) == 0 &&
		    (s->sigle[n] == '\0' || s->sigle[n] == ' ');
		key = xmalloc(n + 1);
		memcpy(key, w, n);
		key[n] = '\0';
		if (own || strmap_put(seen, key, 1) == -1) {
			free(key);
			continue;
		}
		pos.file = s->file;
		pos.line = line;
		pos.col = (ls == text ? col : 1) + chars(ls, w);
		diag_warn(d, &pos, "le sigle « %s » n'est expliqué "
		    "nulle part : ajoutez-le à glossaire.yaml (%s: "
		    "{forme_longue: …}) pour que le site l'écrive en entier",
		    key, key);
		/* Not freed: seen keeps it (strmap does not copy keys). */
	}
}

/*
 * The acronym check of one sheet, on its worker: the body is at hand
 * there even when the model does not keep it (MODEL_NO_BODIES).
 */
static void
sheet_acronyms(const struct model *m, struct diags *d, const struct sheet *s,
    const char *body, int body_line)
{
	struct strmap seen;
	size_t	 i;

	if (s->statut == STATUT_BROUILLON)
		return;
	strmap_init(&seen, 8);
	acronyms_text(m, d, s, s->resume, s->pos.line, s->pos.col, &seen);
	acronyms_text(m, d, s, s->facile, s->facile_line, 1, &seen);
	acronyms_text(m, d, s, body, body_line, 1, &seen);
	for (i = 0; i < seen.cap; i++)
		free((char *)seen.keys[i]);
	strmap_free(&seen);
}

int
model_load(struct model *m, struct source *src, long today,
    struct diags *d, int jobs, unsigned flags)
{
	struct lctx c;
	struct lister ls;
	struct linker lk;
	size_t	 nerr = d->nerr;
	double	 t0 = util_clock();
	long	 ncpu;

	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	memset(&c, 0, sizeof(c));
	c.a = &m->arena;
	c.d = d;
	c.m = m;
	c.src = src;
	if (jobs <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = ncpu > 0 ? (int)(ncpu > 16 ? 16 : ncpu) : 1;
	}
	m->today = today;
	memset(&ls, 0, sizeof(ls));
	ls.src = src;
	ls.d = d;
	ls.started = pthread_create(&ls.th, NULL, list_thread, &ls) == 0;
	load_site(&c);
	load_territories(&c);
	load_types(&c);
	load_besoins(&c);
	load_publics(&c);
	load_gloss(&c);
	m->load_time[0] = util_clock() - t0;
	t0 = util_clock();
	model_resolve_territories(m, d);
	memset(&lk, 0, sizeof(lk));
	lk.m = m;
	lk.src = src;
	lk.d = d;
	lk.j = load_sheets(m, src, d, jobs, flags, &ls);
	if ((lk.started = pthread_create(&lk.th, NULL, link_thread,
	    &lk) == 0) == 0)
		link_thread(&lk);
	model_derive_start(m);
	if (lk.started)
		pthread_join(lk.th, NULL);
	m->load_time[1] = util_clock() - t0;
	model_derive_finish(m);
	return d->nerr > nerr ? -1 : 0;
}
