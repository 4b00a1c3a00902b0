/*
 * cog_check.c: the territory tree and the places against the official
 * communes of data/cog/. Communes merge every year, so a code that was
 * right when a sheet was written may now name a commune déléguée: the
 * error says which commune absorbed it.
 */
#include <string.h>

#include "build.h"
#include "cog.h"
#include "cog_check.h"
#include "model.h"

static int
syntax_ok(const char *code, enum terr_type t)
{
	size_t	 n = strlen(code), i;

	for (i = 0; i < n; i++)
		if (!(code[i] >= '0' && code[i] <= '9') &&
		    !(t != TERR_EPCI && (code[i] == 'A' || code[i] == 'B')))
			return 0;
	switch (t) {
	case TERR_COMMUNE:
		return n == 5;
	case TERR_EPCI:
		return n == 9;
	case TERR_DEPARTEMENT:
		return n == 2 || n == 3;
	default:
		return 0;
	}
}

static void
check_commune(struct diags *d, struct cog *cog, const struct territory *t)
{
	char	 dep[4];
	const struct cog_table *tbl;
	const struct cog_row *r, *by, *nm;

	cog_dep_of(dep, t->code);
	tbl = cog_communes(cog, dep);
	r = tbl != NULL ? cog_get(tbl, t->code) : NULL;
	if (r != NULL && *r->absorbee_par == '\0') {
		/* A real code under another commune's name: one of the
		 * two is wrong, and the code decides the coverage. */
		if (t->nom != NULL && cog_find_name(tbl, t->nom) != r) {
			nm = cog_find_name(tbl, t->nom);
			if (nm != NULL && *nm->absorbee_par == '\0')
				diag_warn(d, &t->pos, "le code « %s » est celui "
				    "de %s, pas de %s : le code de %s est « %s »",
				    t->code, r->nom, t->nom, nm->nom, nm->code);
			else
				diag_warn(d, &t->pos, "le code « %s » est celui "
				    "de %s (nom officiel), pas de %s", t->code,
				    r->nom, t->nom);
		}
		return;
	}
	if (r != NULL) {
		by = cog_get(tbl, r->absorbee_par);
		diag_error(d, &t->pos, "« %s » (%s) n'est plus une commune : "
		    "elle fait partie de %s depuis une fusion ; écrivez "
		    "code: \"%s\"%s%s", t->code, r->nom, by != NULL ?
		    by->nom : r->absorbee_par, r->absorbee_par,
		    by != NULL ? ", nom: " : "", by != NULL ? by->nom : "");
		return;
	}
	nm = tbl != NULL ? cog_find_name(tbl, t->nom) : NULL;
	if (nm != NULL && *nm->absorbee_par == '\0')
		diag_error(d, &t->pos, "« %s » n'est pas le code d'une commune "
		    "du Code officiel géographique : le code de %s est « %s »",
		    t->code, nm->nom, nm->code);
	else
		diag_error(d, &t->pos, "« %s » n'est pas le code d'une commune "
		    "du Code officiel géographique (5 caractères, ceux de "
		    "l'INSEE : %s)", t->code, tbl != NULL ? "voir la liste des "
		    "communes du département" : "le département de ce code "
		    "n'existe pas");
}

static void
check_epci(struct diags *d, struct cog *cog, const struct territory *t)
{
	const struct cog_row *nm;

	if (cog_get(&cog->epcis, t->code) != NULL)
		return;
	if ((nm = cog_find_name(&cog->epcis, t->nom)) != NULL)
		diag_error(d, &t->pos, "« %s » n'est le SIREN d'aucun EPCI : "
		    "celui de %s est « %s »", t->code, nm->nom, nm->code);
	else
		diag_error(d, &t->pos, "« %s » n'est le SIREN d'aucun EPCI à "
		    "fiscalité propre (liste officielle de la DGCL)", t->code);
}

static void
check_dep(struct diags *d, struct cog *cog, const struct territory *t)
{
	const struct cog_row *nm;

	if (cog_get(&cog->deps, t->code) != NULL)
		return;
	if ((nm = cog_find_name(&cog->deps, t->nom)) != NULL)
		diag_error(d, &t->pos, "« %s » n'est pas un code de "
		    "département : celui de %s est « %s »", t->code, nm->nom,
		    nm->code);
	else
		diag_error(d, &t->pos, "« %s » n'est pas un code de "
		    "département (58, 2A, 971…)", t->code);
}

/* A place's postal code must be one of its commune's. */
static void
check_places(struct diags *d, struct cog *cog, const struct model *m)
{
	const struct territory *t;
	const struct cog_table *tbl;
	const struct cog_row *r;
	const struct place *p;
	size_t	 i, k;
	char	 dep[4];

	for (i = 0; i < m->nsheets; i++)
		for (k = 0; k < m->sheets[i].nlieux; k++) {
			p = &m->sheets[i].lieux[k];
			if (p->commune < 0 || p->code_postal == NULL ||
			    *p->code_postal == '\0')
				continue;
			t = &m->terr[p->commune];
			cog_dep_of(dep, t->code);
			if ((tbl = cog_communes(cog, dep)) == NULL ||
			    (r = cog_get(tbl, t->code)) == NULL ||
			    *r->absorbee_par != '\0' || *r->cp == '\0' ||
			    cog_has_cp(r, p->code_postal))
				continue;
			diag_warn(d, &p->pos, "le code postal « %s » n'est pas "
			    "celui de %s (%s) : %s « %s »", p->code_postal,
			    r->nom, r->code, strchr(r->cp, ',') != NULL ?
			    "ses codes postaux sont" : "son code postal est",
			    r->cp);
		}
}

int
cog_check(struct build *b, const char *data_dir)
{
	struct cog cog;
	const struct territory *t;
	size_t	 i;

	if (cog_open(&cog, data_dir) == -1)
		return 3;
	for (i = 0; i < b->model.nterr; i++) {
		t = &b->model.terr[i];
		if (t->is_zone || t->code == NULL || !syntax_ok(t->code,
		    t->type))
			continue;
		/* A code given twice is already an error of its own. */
		if (b->model.terr_by_code != NULL &&
		    strmap_get(b->model.terr_by_code, t->code) != (int)i)
			continue;
		if (t->type == TERR_COMMUNE)
			check_commune(&b->diags, &cog, t);
		else if (t->type == TERR_EPCI)
			check_epci(&b->diags, &cog, t);
		else if (t->type == TERR_DEPARTEMENT)
			check_dep(&b->diags, &cog, t);
	}
	check_places(&b->diags, &cog, &b->model);
	cog_close(&cog);
	return 0;
}
