/*
 * export.c: the open-data exports of the site, written in SITEDIR/donnees/:
 *
 *   fiches.json	every published sheet (drafts left out, closed sheets
 *			kept with their statut) with every public field;
 *   fiches.csv		the same sheets, one row each, for spreadsheets;
 *   data-inclusion/structures.json, data-inclusion/services.json
 *			the active sheets in data·inclusion's schema v1.0.8.
 *
 * contacts_pro is never read here: named people stay in the professional
 * edition. Sheets come in id order (byte order) and nothing depends on
 * the clock but model.today, so the same content gives the same bytes.
 * Numbers are formatted by hand, never through the C locale.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "esc.h"
#include "hours.h"
#include "json.h"
#include "md.h"
#include "model.h"
#include "outputs.h"
#include "pool.h"
#include "util.h"

/* data·inclusion limits (service.json and structure.json, v1.0.8). */
#define DI_NOM_MIN	3
#define DI_NOM_MAX	150
#define DI_DESC_MIN	5
#define DI_DESC_MAX	10000
#define DI_URI_MAX	2083

/*
 * The data·inclusion vocabularies that content can reach through the
 * referentials (besoins.yaml and publics.yaml `data_inclusion` keys),
 * sorted. A value outside them is dropped from the export. The test
 * tests/export/vocab.js compares these tables with extra/ of the schema.
 */
/* vocab: thematiques.json */
static const char *const di_thematiques[] = {
	"choisir-un-metier--confirmer-son-choix-de-metier",
	"choisir-un-metier--connaitre-les-opportunites-demploi",
	"choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
	"choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
	"creer-une-entreprise--definir-son-projet-de-creation-dentreprise",
	"creer-une-entreprise--developper-son-entreprise",
	"creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
	"difficultes-administratives-ou-juridiques--"
	    "accompagnement-aux-demarches-administratives",
	"difficultes-administratives-ou-juridiques--"
	    "accompagnement-pour-lacces-a-la-citoyennete",
	"difficultes-administratives-ou-juridiques--"
	    "accompagnement-pour-lacces-aux-droits",
	"difficultes-administratives-ou-juridiques--"
	    "beneficier-dune-mesure-daccompagnement-adapte",
	"difficultes-administratives-ou-juridiques--"
	    "connaitre-ses-droits-face-a-une-discrimination",
	"difficultes-administratives-ou-juridiques--"
	    "prendre-en-compte-une-problematique-judiciaire",
	"difficultes-financieres--acquerir-une-autonomie-budgetaire",
	"difficultes-financieres--ameliorer-sa-gestion-budgetaire",
	"difficultes-financieres--"
	    "mettre-en-place-une-mesure-de-protection-financiere",
	"difficultes-financieres--"
	    "prevenir-une-degradation-de-la-situation-financiere",
	"difficultes-financieres--situation-dendettement-surendettement",
	"equipement-et-alimentation--aide-menagere",
	"equipement-et-alimentation--alimentation",
	"equipement-et-alimentation--electromenager",
	"equipement-et-alimentation--habillement", "famille--garde-denfants",
	"famille--prise-en-charge-personne-dependante",
	"famille--soutien-a-la-parentalite-et-a-leducation",
	"famille--soutien-aidants",
	"famille--surmonter-conflits-separation-violence",
	"lecture-ecriture-calcul--maitriser-le-calcul",
	"lecture-ecriture-calcul--maitriser-le-francais",
	"logement-hebergement--acheter-un-logement",
	"logement-hebergement--changer-de-logement",
	"logement-hebergement--louer-un-logement",
	"logement-hebergement--"
	    "rechercher-une-solution-dhebergement-temporaire",
	"logement-hebergement--reduire-les-impayes-de-loyer",
	"logement-hebergement--se-maintenir-dans-le-logement",
	"logement-hebergement--"
	    "sinformer-sur-les-demarches-liees-a-lacces-au-logement",
	"mobilite--acceder-a-un-vehicule",
	"mobilite--entretenir-reparer-son-vehicule",
	"mobilite--etre-accompagne-dans-son-parcours-mobilite",
	"mobilite--financer-ma-mobilite",
	"mobilite--mobilite-douce-partagee-collective",
	"mobilite--preparer-un-permis",
	"numerique--acceder-a-des-services-en-ligne",
	"numerique--acceder-a-une-connexion-internet",
	"numerique--acquerir-un-equipement",
	"numerique--maitriser-les-fondamentaux-du-numerique",
	"preparer-sa-candidature--developper-son-reseau",
	"preparer-sa-candidature--"
	    "organiser-ses-demarches-de-recherche-demploi",
	"preparer-sa-candidature--"
	    "realiser-un-cv-et-ou-une-lettre-de-motivation",
	"preparer-sa-candidature--valoriser-ses-competences",
	"remobilisation--activites-sportives-et-culturelles",
	"remobilisation--benevolat-action-citoyenne",
	"remobilisation--bien-etre-confiance-en-soi",
	"remobilisation--lien-social", "sante--acces-aux-soins",
	"sante--addictions", "sante--constituer-un-dossier-mdph-invalidite",
	"sante--sante-mentale", "sante--sante-sexuelle",
	"se-former--monter-son-dossier-de-formation",
	"se-former--trouver-sa-formation",
	"souvrir-a-linternational--"
	    "connaitre-les-opportunites-demploi-a-letranger",
	"souvrir-a-linternational--"
	    "sinformer-sur-les-aides-pour-travailler-a-letranger",
	"souvrir-a-linternational--"
	    "sorganiser-suite-a-son-retour-en-france",
	"trouver-un-emploi--convaincre-un-recruteur-en-entretien",
	"trouver-un-emploi--faire-des-candidatures-spontanees",
	"trouver-un-emploi--maintien-dans-lemploi",
	"trouver-un-emploi--repondre-a-des-offres-demploi",
	"trouver-un-emploi--"
	    "suivre-ses-candidatures-et-relancer-les-employeurs",
};

/* vocab: publics.json */
static const char *const di_publics[] = {
	"actifs", "beneficiaires-des-minimas-sociaux", "demandeurs-emploi",
	"etudiants", "familles", "femmes", "jeunes",
	"personnes-en-situation-de-handicap",
	"personnes-en-situation-durgence",
	"personnes-en-situation-juridique-specifique", "personnes-exilees",
	"residents-qpv-frr", "seniors", "tous-publics",
};

/*
 * Kinds of service (types.yaml keys, as commonly written) that name a
 * network of the reseaux-porteurs vocabulary. Only these obvious cases:
 * a type not listed here gives no reseaux_porteurs.
 */
/* vocab: reseaux-porteurs.json (second column) */
static const char *const di_reseaux[][2] = {
	{"caarud", "caarud"},
	{"caf", "caf"},
	{"cada", "cada"},
	{"ccas", "ccas-cias"},
	{"chrs", "chrs"},
	{"cias", "ccas-cias"},
	{"cidff", "cidff"},
	{"cmp", "cmp"},
	{"cms", "cms"},
	{"cpam", "cpam"},
	{"csapa", "csapa"},
	{"esat", "esat"},
	{"france-services", "france-service"},
	{"huda", "huda"},
	{"mdph", "mdph"},
	{"mission-locale", "mission-locale"},
	{"msa", "mutualite-sociale-agricole"},
	{"pcb", "points-conseil-budget"},
	{"pjj", "pjj"},
	{"point-justice", "points-justice"},
	{"siao", "siao"},
	{"spip", "spip"},
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const statut_keys[] = {"actif", "ferme", "brouillon"};
static const char *const frais_keys[] = {NULL, "gratuit", "payant"};

/* "key": value shorthands. */
static void
kint_or_null(struct json *w, const char *k, long v, int present)
{
	json_key(w, k);
	if (present)
		json_int(w, v);
	else
		json_null(w);
}

static void
kdate(struct json *w, const char *k, long days)
{
	char	 iso[11];

	json_kstr(w, k, date_iso(iso, days));
}

static void
kstrlist(struct json *w, const char *k, const struct strlist *l)
{
	size_t	 i;

	json_key(w, k);
	json_array(w, 1);
	for (i = 0; i < l->n; i++)
		json_str(w, l->v[i]);
	json_end(w);
}

/* A list of strings, null when empty (data·inclusion's minItems: 1). */
struct strv {
	const char	**v;
	size_t		  n, cap;
};

static void
strv_push(struct strv *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

/* Adds s unless already there (short lists only: linear). */
static void
strv_add(struct strv *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	strv_push(l, s);
}

static void
kstrv(struct json *w, const char *k, const struct strv *l)
{
	size_t	 i;

	json_key(w, k);
	if (l->n == 0) {
		json_null(w);
		return;
	}
	json_array(w, 1);
	for (i = 0; i < l->n; i++)
		json_str(w, l->v[i]);
	json_end(w);
}

/* ------------------------------------------------------------------ */
/* Checks and clean-ups of values for data·inclusion.                 */

static int
is_alnum_ascii(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* JSON Schema's \w: ASCII letters, digits and "_". */
static int
word_chars(const char *s, size_t min, size_t max)
{
	size_t	 n;

	for (n = 0; s[n] != '\0'; n++)
		if (!is_alnum_ascii((unsigned char)s[n]) && s[n] != '_')
			return 0;
	return n >= min && n <= max;
}

static int
in_vocab(const char *const *v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/*
 * An address the "email" format of JSON Schema validators accepts
 * (ajv-formats): dot-separated atoms of ASCII characters, "@", then two
 * or more host labels. The loader is more lenient (it accepts non-ASCII
 * addresses); such an address is left out of data·inclusion only.
 */
static int
email_ok(const char *s)
{
	static const char atext[] = "!#$%&'*+/=?^_`{|}~-";
	const unsigned char *p = (const unsigned char *)s;
	int	 n, labels = 0, last;

	for (;;) {
		for (n = 0; *p != '\0' && (is_alnum_ascii(*p) ||
		    strchr(atext, *p) != NULL); p++)
			n++;
		if (n == 0)
			return 0;
		if (*p != '.')
			break;
		p++;
	}
	if (*p++ != '@')
		return 0;
	for (;;) {
		if (!is_alnum_ascii(*p))
			return 0;
		last = *p++;
		while (is_alnum_ascii(*p) || *p == '-')
			last = *p++;
		if (last == '-')
			return 0;
		labels++;
		if (*p == '\0')
			break;
		if (*p++ != '.')
			return 0;
	}
	return labels >= 2;
}

/* Characters of RFC 3986 that may stand for themselves in a URI. */
static int
uri_char(int c)
{
	return is_alnum_ascii(c) || (c != '\0' &&
	    strchr("-._~!$&'()*+,;=:@/?", c) != NULL);
}

/*
 * Appends url as an RFC 3986 URI, what JSON Schema's "uri" format
 * checks; the loader lets more through (accents, braces). Bytes outside
 * the URI alphabet are percent-encoded, a stray "%" gives "%25" and any
 * "#" after the first "%23". Returns 0, or -1 with nothing appended when
 * url is not http(s), has a malformed authority ([userinfo@]host[:port])
 * or is longer than data·inclusion allows.
 */
static int
put_uri(struct buf *out, const char *url)
{
	struct buf u = {0};
	const char *p, *auth, *end, *at = NULL, *colon = NULL;
	int	 hash = 0, ok = 1;

	if (!str_has_prefix(url, "http://") && !str_has_prefix(url, "https://"))
		return -1;
	for (p = url; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '%' && is_hex(p[1]) && is_hex(p[2]))
			buf_putc(&u, c);
		else if (c == '#' && !hash) {
			hash = 1;
			buf_putc(&u, c);
		} else if (c != '%' && c != '#' && uri_char(c))
			buf_putc(&u, c);
		else
			buf_printf(&u, "%%%02X", c);
	}
	auth = strstr(u.data, "://") + 3;
	end = auth + strcspn(auth, "/?#");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	for (p = at ? at + 1 : auth; p < end; p++) {
		if (*p == ':' && colon == NULL)
			colon = p;
		else if (colon != NULL && (*p < '0' || *p > '9'))
			ok = 0;
	}
	for (p = auth; at != NULL && p < at; p++)
		if (*p == '@')
			ok = 0;
	if ((at ? at + 1 : auth) == (colon ? colon : end))
		ok = 0;		/* no host */
	if (u.len > DI_URI_MAX)
		ok = 0;
	if (ok)
		buf_put(out, u.data, u.len);
	buf_dispose(&u);
	return ok ? 0 : -1;
}

/* A SIRET with a right check digit (Luhn; La Poste's own rule). */
static int
siret_ok(const char *s)
{
	int	 i, d, sum = 0, digits = 0;

	if (s == NULL || !is_digits(s, 14))
		return 0;
	if (strncmp(s, "356000000", 9) == 0) {
		for (i = 0; i < 14; i++)
			digits += s[i] - '0';
		return digits % 5 == 0;
	}
	for (i = 0; i < 14; i++) {
		d = s[13 - i] - '0';
		if (i % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum % 10 == 0;
}

/*
 * Appends s cut to at most max code points: when longer, it ends at a
 * word boundary near the limit, followed by "…".
 */
static void
put_trunc(struct buf *out, const char *s, size_t max)
{
	const char *p = s, *cut = NULL, *space = NULL;
	size_t	 n = 0;

	if (utf8_len(s) <= max) {
		buf_puts(out, s);
		return;
	}
	while (*p != '\0' && n < max - 1) {
		if (*p == ' ' || *p == '\n')
			space = p;
		utf8_next(&p);
		n++;
	}
	cut = p;
	if (space != NULL && (size_t)(cut - space) < 200)
		cut = space;
	while (cut > s && (cut[-1] == ' ' || cut[-1] == '\n'))
		cut--;
	buf_put(out, s, (size_t)(cut - s));
	buf_puts(out, "…");
}

/* ------------------------------------------------------------------ */
/* The export.                                                        */

struct ectx {
	const struct model *m;
	const char	*source;	/* data·inclusion producer id */
	struct buf	 text;		/* plain text of the body */
	struct buf	 tmp;
	struct buf	 tmp2;
	int		*seen;		/* per territory: last stamp */
	int		 stamp;
	int		 jobs;		/* the build's workers */
};

/*
 * The plain text of a body: md_text's lines, trimmed, blank ones
 * dropped, joined by newlines.
 */
static void
body_text(struct ectx *x, const struct sheet *s)
{
	const char *p, *e, *a, *z;

	buf_reset(&x->text);
	for (p = s->text; *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		for (a = p; a < e && (*a == ' ' || *a == '\t'); a++)
			continue;
		for (z = e; z > a && (z[-1] == ' ' || z[-1] == '\t'); z--)
			continue;
		if (z == a)
			continue;
		if (x->text.len > 0)
			buf_putc(&x->text, '\n');
		buf_put(&x->text, a, (size_t)(z - a));
	}
}

/*
 * The producer id for data·inclusion: the site's address without the
 * scheme and "www.", as a slug ("repertoire-example-org"). It tells two
 * directories built with maillage apart, which a fixed name would not.
 */
static const char *
di_source(struct arena *a, const char *url)
{
	const char *p;
	char	*out, *o;
	int	 dash = 0;

	if ((p = strstr(url, "://")) != NULL)
		p += 3;
	else
		p = url;
	if (str_has_prefix(p, "www."))
		p += 4;
	out = o = arena_alloc(a, strlen(p) + 9);
	for (; *p != '\0'; p++) {
		int	 c = (unsigned char)*p;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (is_alnum_ascii(c)) {
			if (dash && o > out)
				*o++ = '-';
			*o++ = (char)c;
			dash = 0;
		} else
			dash = 1;
	}
	if (o == out)
		strcpy(out, "maillage");
	else
		*o = '\0';
	return out;
}

static const char *
e164(const struct phone *ph)
{
	return ph->uri != NULL && str_has_prefix(ph->uri, "tel:+") ?
	    ph->uri + 4 : NULL;
}

static void
sheet_url(struct buf *out, const struct model *m, const struct sheet *s)
{
	buf_printf(out, "%sfiches/%s/", m->site.url, s->id);
}

/* ---- fiches.json ---- */

static void
json_place(struct ectx *x, struct json *w, const struct place *p)
{
	const struct territory *c;

	json_object(w, 0);
	json_kstr(w, "nom", p->nom);
	json_kstr(w, "adresse", p->adresse);
	json_kstr(w, "code_postal", p->code_postal);
	json_key(w, "commune");
	if (p->commune >= 0) {
		c = &x->m->terr[p->commune];
		json_object(w, 1);
		json_kstr(w, "code", c->code);
		json_kstr(w, "nom", c->nom);
		json_end(w);
	} else
		json_null(w);
	json_key(w, "latitude");
	if (p->has_geo)
		json_fixed6(w, p->lat);
	else
		json_null(w);
	json_key(w, "longitude");
	if (p->has_geo)
		json_fixed6(w, p->lon);
	else
		json_null(w);
	json_kstr(w, "horaires", p->horaires);
	buf_reset(&x->tmp);
	if (p->hours != NULL)
		hours_french(&x->tmp, p->hours);
	json_kstr(w, "horaires_texte", p->hours ? buf_cstr(&x->tmp) : NULL);
	json_kstr(w, "horaires_precisions", p->horaires_precisions);
	json_kstr(w, "accessibilite", p->accessibilite);
	json_end(w);
}

/* A list of sheet ids, drafts left out. */
static void
json_sheet_ids(struct ectx *x, struct json *w, const char *k,
    const struct idset *ids)
{
	size_t	 i;

	json_key(w, k);
	json_array(w, 1);
	for (i = 0; i < ids->n; i++)
		if (x->m->sheets[ids->v[i]].statut != STATUT_BROUILLON)
			json_str(w, x->m->sheets[ids->v[i]].id);
	json_end(w);
}

/*
 * "k": [{"cle": …, "nom": …}] of the entries ids of a vocabulary table
 * (publics, besoins: structs that begin with key and nom).
 */
static void
kkeys(struct json *w, const char *k, const struct idset *ids,
    const void *table, size_t size)
{
	const char *const *e;
	size_t	 i;

	json_key(w, k);
	json_array(w, 0);
	for (i = 0; i < ids->n; i++) {
		e = (const void *)((const char *)table +
		    (size_t)ids->v[i] * size);
		json_object(w, 1);
		json_kstr(w, "cle", e[0]);
		json_kstr(w, "nom", e[1]);
		json_end(w);
	}
	json_end(w);
}

/*
 * One sheet of fiches.json: every field of the content format but
 * contacts_pro, references resolved to {cle, nom} or {code, nom, type},
 * the coverage as commune codes, the body as Markdown and as text.
 */
static void
json_sheet(struct ectx *x, struct json *w, const struct sheet *s)
{
	const struct model *m = x->m;
	const struct type_def *t = &m->types[s->type];
	size_t	 i;
	char	 iso[11];

	json_object(w, 0);
	json_kstr(w, "id", s->id);
	buf_reset(&x->tmp);
	sheet_url(&x->tmp, m, s);
	json_kstr(w, "url", buf_cstr(&x->tmp));
	json_kstr(w, "statut", statut_keys[s->statut]);
	json_kstr(w, "nom", s->nom);
	json_kstr(w, "sigle", s->sigle);
	json_key(w, "type");
	json_object(w, 1);
	json_kstr(w, "cle", t->key);
	json_kstr(w, "nom", t->nom);
	json_kstr(w, "sigle", t->sigle);
	json_end(w);
	json_kstr(w, "resume", s->resume);
	kkeys(w, "publics", &s->publics, m->publics, sizeof(*m->publics));
	kkeys(w, "besoins", &s->besoins, m->besoins, sizeof(*m->besoins));
	json_key(w, "territoires");
	json_array(w, 0);
	for (i = 0; i < s->territoires.n; i++) {
		const struct territory *tr = &m->terr[s->territoires.v[i]];

		json_object(w, 1);
		json_kstr(w, "code", tr->code);
		json_kstr(w, "nom", tr->nom);
		json_kstr(w, "type", terr_type_names[tr->type]);
		json_end(w);
	}
	json_end(w);
	json_key(w, "communes_couvertes");
	json_array(w, 1);
	for (i = 0; i < s->coverage.n; i++)
		json_str(w, m->terr[m->commune_terr[s->coverage.v[i]]].code);
	json_end(w);
	json_kstr(w, "porteur", s->porteur);
	json_key(w, "lieux");
	json_array(w, 0);
	for (i = 0; i < s->nlieux; i++)
		json_place(x, w, &s->lieux[i]);
	json_end(w);
	json_kstr(w, "horaires", s->horaires);
	buf_reset(&x->tmp);
	if (s->hours != NULL)
		hours_french(&x->tmp, s->hours);
	json_kstr(w, "horaires_texte", s->hours ? buf_cstr(&x->tmp) : NULL);
	json_key(w, "contact");
	json_object(w, 0);
	json_kstr(w, "telephone", s->telephone.display);
	json_kstr(w, "telephone_e164", e164(&s->telephone));
	json_kstr(w, "email", s->email);
	json_kstr(w, "site", s->site);
	json_end(w);
	json_key(w, "acces");
	json_array(w, 1);
	for (i = 0; i < MODEL_NACCES; i++)
		if (s->acces & (1u << i))
			json_str(w, model_acces_keys[i]);
	json_end(w);
	json_key(w, "orientation");
	json_array(w, 1);
	for (i = 0; i < MODEL_NORIENT; i++)
		if (s->orientation & (1u << i))
			json_str(w, model_orient_keys[i]);
	json_end(w);
	json_kstr(w, "conditions_acces", s->conditions_acces);
	kint_or_null(w, "age_min", s->age_min, s->age_min >= 0);
	kint_or_null(w, "age_max", s->age_max, s->age_max >= 0);
	json_kstr(w, "frais", frais_keys[s->frais]);
	json_kstr(w, "frais_precisions", s->frais_precisions);
	kstrlist(w, "langues", &s->langues);
	json_key(w, "interpretariat");
	if (s->interpretariat >= 0)
		json_bool(w, s->interpretariat);
	else
		json_null(w);
	json_sheet_ids(x, w, "liens", &s->liens);
	json_sheet_ids(x, w, "travaille_avec", &s->liens_all);
	kstrlist(w, "mots_cles", &s->mots_cles);
	json_key(w, "fermetures");
	json_array(w, 0);
	for (i = 0; i < s->nfermetures; i++) {
		json_object(w, 1);
		kdate(w, "du", s->fermetures[i].du);
		kdate(w, "au", s->fermetures[i].au);
		json_kstr(w, "motif", s->fermetures[i].motif);
		json_end(w);
	}
	json_end(w);
	json_kstr(w, "siret", s->siret);
	json_kstr(w, "finess", s->finess);
	kdate(w, "verifie_le", s->verifie_le);
	/* The last change, from git: null outside a repository. */
	json_kstr(w, "modifie_le", s->modifie_le > 0 ? date_iso(iso,
	    s->modifie_le) : NULL);
	json_key(w, "a_verifier");
	json_bool(w, s->stale);
	buf_reset(&x->tmp);
	/* The text the page shows: no comment, script or refused link. */
	md_clean(&x->tmp, s->body, s->body_len);
	/* The Markdown only: its plain text is in the CSV, and twice the
	 * body made this file the biggest of the site. */
	json_kstr(w, "texte_markdown", buf_cstr(&x->tmp));
	json_end(w);
}

/* ---- fiches.csv ---- */

/*
 * The CSV is written for a spreadsheet user in France: UTF-8 with a byte
 * order mark (without it Excel reads the file as Windows-1252), ";" as
 * the separator (what French Excel expects when the file is opened with a
 * double click; a comma would put each row in a single cell), CRLF
 * between rows and quotes as in RFC 4180 otherwise. Lists are joined
 * with " | ". A text cell that starts with = + - or @ gets a leading
 * apostrophe so that no spreadsheet runs it as a formula.
 */
static const char *const csv_columns[] = {
	"id", "url", "statut", "nom", "sigle", "type", "resume", "publics",
	"besoins", "territoires", "codes_territoires", "porteur", "lieux",
	"horaires", "telephone", "email", "site", "acces", "orientation",
	"conditions_acces", "age_min", "age_max", "frais",
	"frais_precisions", "langues", "interpretariat", "travaille_avec",
	"mots_cles", "fermetures", "siret", "finess", "verifie_le",
	"modifie_le", "a_verifier", "texte",
};

/* One cell; s NULL gives an empty cell. */
static void
csv_cell(struct buf *out, const char *s, int first)
{
	struct buf g = {0};

	if (!first)
		buf_putc(out, ';');
	if (s == NULL || *s == '\0')
		return;
	/* Cells a spreadsheet would take for a formula (OWASP's list). */
	if (strchr("=+-@\t\r", *s) != NULL) {
		buf_putc(&g, '\'');
		buf_puts(&g, s);
		esc_csv(out, g.data);
		buf_dispose(&g);
	} else
		esc_csv(out, s);
}

static void
csv_header(struct buf *out)
{
	size_t	 i;

	buf_puts(out, "\xef\xbb\xbf");
	for (i = 0; i < NELEM(csv_columns); i++)
		csv_cell(out, csv_columns[i], i == 0);
	buf_puts(out, "\r\n");
}

/* Appends " | " unless l is empty. */
static void
csv_join(struct buf *l)
{
	if (l->len > 0)
		buf_puts(l, " | ");
}

static void
csv_sheet(struct ectx *x, struct buf *out, const struct sheet *s)
{
	const struct model *m = x->m;
	struct buf *v = &x->tmp;
	const struct place *p;
	char	 iso[11];
	size_t	 i;
	int	 any;

	buf_reset(v);
	csv_cell(out, s->id, 1);
	sheet_url(v, m, s);
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, statut_keys[s->statut], 0);
	csv_cell(out, s->nom, 0);
	csv_cell(out, s->sigle, 0);
	csv_cell(out, m->types[s->type].nom, 0);
	csv_cell(out, s->resume, 0);
	buf_reset(v);
	for (i = 0; i < s->publics.n; i++) {
		csv_join(v);
		buf_puts(v, m->publics[s->publics.v[i]].nom);
	}
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	for (i = 0; i < s->besoins.n; i++) {
		csv_join(v);
		buf_puts(v, m->besoins[s->besoins.v[i]].nom);
	}
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	for (i = 0; i < s->territoires.n; i++) {
		csv_join(v);
		buf_puts(v, m->terr[s->territoires.v[i]].nom);
	}
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	for (i = 0; i < s->territoires.n; i++) {
		csv_join(v);
		buf_puts(v, m->terr[s->territoires.v[i]].code);
	}
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, s->porteur, 0);
	/* lieux: "Nom, adresse, 58000 Nevers" */
	buf_reset(v);
	for (i = 0; i < s->nlieux; i++) {
		p = &s->lieux[i];
		csv_join(v);
		any = 0;
		if (p->nom != NULL) {
			buf_puts(v, p->nom);
			any = 1;
		}
		if (p->adresse != NULL) {
			buf_printf(v, "%s%s", any ? ", " : "", p->adresse);
			any = 1;
		}
		if (p->code_postal != NULL || p->commune >= 0) {
			buf_puts(v, any ? ", " : "");
			if (p->code_postal != NULL)
				buf_printf(v, "%s%s", p->code_postal,
				    p->commune >= 0 ? " " : "");
			if (p->commune >= 0)
				buf_puts(v, m->terr[p->commune].nom);
		}
	}
	csv_cell(out, buf_cstr(v), 0);
	/* horaires, in French; "Nom : …" when there are several places */
	buf_reset(v);
	for (i = 0; i < s->nlieux; i++) {
		p = &s->lieux[i];
		if (p->hours == NULL)
			continue;
		csv_join(v);
		if (s->nlieux > 1 && p->nom != NULL)
			buf_printf(v, "%s : ", p->nom);
		hours_french(v, p->hours);
	}
	if (s->hours != NULL) {
		csv_join(v);
		hours_french(v, s->hours);
	}
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, s->telephone.display, 0);
	csv_cell(out, s->email, 0);
	csv_cell(out, s->site, 0);
	buf_reset(v);
	for (i = 0; i < MODEL_NACCES; i++)
		if (s->acces & (1u << i)) {
			csv_join(v);
			buf_puts(v, model_acces_labels[i]);
		}
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	for (i = 0; i < MODEL_NORIENT; i++)
		if (s->orientation & (1u << i)) {
			csv_join(v);
			buf_puts(v, model_orient_keys[i]);
		}
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, s->conditions_acces, 0);
	buf_reset(v);
	if (s->age_min >= 0)
		buf_printf(v, "%d", s->age_min);
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	if (s->age_max >= 0)
		buf_printf(v, "%d", s->age_max);
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, frais_keys[s->frais], 0);
	csv_cell(out, s->frais_precisions, 0);
	buf_reset(v);
	for (i = 0; i < s->langues.n; i++) {
		csv_join(v);
		buf_puts(v, s->langues.v[i]);
	}
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, s->interpretariat < 0 ? NULL : s->interpretariat ?
	    "oui" : "non", 0);
	buf_reset(v);
	for (i = 0; i < s->liens_all.n; i++) {
		if (m->sheets[s->liens_all.v[i]].statut == STATUT_BROUILLON)
			continue;
		csv_join(v);
		buf_puts(v, m->sheets[s->liens_all.v[i]].id);
	}
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	for (i = 0; i < s->mots_cles.n; i++) {
		csv_join(v);
		buf_puts(v, s->mots_cles.v[i]);
	}
	csv_cell(out, buf_cstr(v), 0);
	buf_reset(v);
	for (i = 0; i < s->nfermetures; i++) {
		csv_join(v);
		buf_printf(v, "du %s", date_iso(iso, s->fermetures[i].du));
		buf_printf(v, " au %s", date_iso(iso, s->fermetures[i].au));
		if (s->fermetures[i].motif != NULL)
			buf_printf(v, " : %s", s->fermetures[i].motif);
	}
	csv_cell(out, buf_cstr(v), 0);
	csv_cell(out, s->siret, 0);
	csv_cell(out, s->finess, 0);
	csv_cell(out, date_iso(iso, s->verifie_le), 0);
	csv_cell(out, s->modifie_le > 0 ? date_iso(iso, s->modifie_le) : NULL,
	    0);
	csv_cell(out, s->stale ? "oui" : "non", 0);
	csv_cell(out, buf_cstr(&x->text), 0);
	buf_puts(out, "\r\n");
}

/* ---- data·inclusion ---- */

/* Adds the code of territory ti once, if it has a shape of the schema. */
static void
zone_add(struct ectx *x, struct strv *out, int ti)
{
	const struct territory *t = &x->m->terr[ti];
	int	 ok = 0;

	if (x->seen[ti] == x->stamp)
		return;
	x->seen[ti] = x->stamp;
	if (t->type == TERR_DEPARTEMENT)
		ok = word_chars(t->code, 2, 3);
	else if (t->type == TERR_EPCI)
		ok = is_digits(t->code, 9);
	else if (t->type == TERR_COMMUNE)
		ok = word_chars(t->code, 5, 5);
	if (ok)
		strv_push(out, t->code);
}

/* Adds the départements at or under ti; returns how many there are. */
static size_t
zone_departements(struct ectx *x, struct strv *out, int ti)
{
	const struct territory *t = &x->m->terr[ti];
	size_t	 k, n = 0;

	if (t->type == TERR_DEPARTEMENT) {
		zone_add(x, out, ti);
		return 1;
	}
	for (k = 0; k < t->children.n; k++)
		n += zone_departements(x, out, t->children.v[k]);
	return n;
}

/*
 * zone_eligibilite: the sheet's territories as COG codes. Départements,
 * EPCI and communes are written as they are; a region becomes its
 * départements (as the schema asks), a zone, a quartier (or a region
 * without départements) the communes it resolves to. Codes that do not
 * have the schema's shapes are dropped; each code is written once.
 */
static void
di_zone(struct ectx *x, struct strv *out, const struct sheet *s)
{
	const struct model *m = x->m;
	const struct territory *t;
	size_t	 i, k;
	int	 ti;

	x->stamp++;
	for (i = 0; i < s->territoires.n; i++) {
		ti = s->territoires.v[i];
		t = &m->terr[ti];
		if (t->type == TERR_DEPARTEMENT || t->type == TERR_EPCI ||
		    t->type == TERR_COMMUNE)
			zone_add(x, out, ti);
		else if (t->type == TERR_REGION &&
		    zone_departements(x, out, ti) > 0)
			continue;
		else
			for (k = 0; k < t->communes.n; k++)
				zone_add(x, out,
				    m->commune_terr[t->communes.v[k]]);
	}
}

/* nom: 3 to 150 code points, without a final period for structures. */
static void
di_nom(struct ectx *x, struct json *w, const struct sheet *s,
    const char *suffix, int strip_period)
{
	struct buf *v = &x->tmp2;

	buf_reset(v);
	buf_puts(v, s->nom);
	if (suffix != NULL)
		buf_printf(v, " – %s", suffix);
	if (utf8_len(buf_cstr(v)) < DI_NOM_MIN) {
		buf_reset(v);
		buf_printf(v, "%s %s", x->m->types[s->type].nom, s->nom);
	}
	buf_reset(&x->tmp);
	put_trunc(&x->tmp, buf_cstr(v), DI_NOM_MAX);
	while (strip_period && utf8_len(buf_cstr(&x->tmp)) > DI_NOM_MIN &&
	    (x->tmp.data[x->tmp.len - 1] == '.' ||
	    x->tmp.data[x->tmp.len - 1] == ' '))
		x->tmp.data[--x->tmp.len] = '\0';
	json_kstr(w, "nom", buf_cstr(&x->tmp));
}

/* A URI-valued field, null when the URL cannot be made a valid URI. */
static void
di_kuri(struct ectx *x, struct json *w, const char *k, const char *url)
{
	buf_reset(&x->tmp);
	if (url != NULL && put_uri(&x->tmp, url) == 0)
		json_kstr(w, k, buf_cstr(&x->tmp));
	else
		json_kstr(w, k, NULL);
}

/* The address fields of a place (all null without one). */
static void
di_address(struct ectx *x, struct json *w, const struct place *p)
{
	const struct territory *c = NULL;

	if (p != NULL && p->commune >= 0)
		c = &x->m->terr[p->commune];
	json_kstr(w, "adresse", p ? p->adresse : NULL);
	json_kstr(w, "complement_adresse", NULL);
	json_kstr(w, "code_postal", p && p->code_postal &&
	    is_digits(p->code_postal, 5) ? p->code_postal : NULL);
	json_kstr(w, "commune", c ? c->nom : NULL);
	json_kstr(w, "code_insee", c && c->type == TERR_COMMUNE &&
	    word_chars(c->code, 5, 5) ? c->code : NULL);
	json_key(w, "latitude");
	if (p != NULL && p->has_geo)
		json_fixed6(w, p->lat);
	else
		json_null(w);
	json_key(w, "longitude");
	if (p != NULL && p->has_geo)
		json_fixed6(w, p->lon);
	else
		json_null(w);
}

static void
di_id(struct buf *out, const struct ectx *x, const struct sheet *s,
    size_t place)
{
	buf_printf(out, "%s--%s", x->source, s->id);
	if (place > 0)
		buf_printf(out, "--%zu", place + 1);
}

/*
 * One structure per active sheet (see export_write for why): the sheet's
 * name, SIRET when its check digit is right, its first place, contact
 * and page; its summary (and carrying organisation) as description.
 */
static void
di_structure(struct ectx *x, struct json *w, const struct sheet *s)
{
	const struct place *p = s->nlieux > 0 ? &s->lieux[0] : NULL;
	const char *r = NULL;
	size_t	 i;

	json_object(w, 0);
	buf_reset(&x->tmp);
	di_id(&x->tmp, x, s, 0);
	json_kstr(w, "id", buf_cstr(&x->tmp));
	json_kstr(w, "source", x->source);
	di_nom(x, w, s, NULL, 1);
	buf_reset(&x->tmp);
	put_trunc(&x->tmp, s->resume, DI_DESC_MAX);
	if (s->porteur != NULL && *s->porteur != '\0')
		buf_printf(&x->tmp, "%sStructure porteuse : %s%s",
		    x->tmp.len ? "\n" : "", s->porteur,
		    s->porteur[strlen(s->porteur) - 1] == '.' ? "" : ".");
	json_kstr(w, "description", utf8_len(buf_cstr(&x->tmp)) >= DI_DESC_MIN &&
	    utf8_len(buf_cstr(&x->tmp)) <= DI_DESC_MAX ?
	    buf_cstr(&x->tmp) : NULL);
	json_kstr(w, "siret", siret_ok(s->siret) ? s->siret : NULL);
	for (i = 0; i < NELEM(di_reseaux); i++)
		if (strcmp(di_reseaux[i][0], x->m->types[s->type].key) == 0)
			r = di_reseaux[i][1];
	json_key(w, "reseaux_porteurs");
	if (r != NULL) {
		json_array(w, 1);
		json_str(w, r);
		json_end(w);
	} else
		json_null(w);
	di_address(x, w, p);
	json_kstr(w, "horaires_accueil", p && p->horaires ? p->horaires :
	    s->horaires);
	/* Free text in our sheets; data·inclusion wants an Acceslibre URL. */
	json_kstr(w, "accessibilite_lieu", NULL);
	json_kstr(w, "telephone", s->telephone.uri ? s->telephone.uri + 4 :
	    NULL);
	json_kstr(w, "courriel", s->email && email_ok(s->email) ? s->email :
	    NULL);
	di_kuri(x, w, "site_web", s->site);
	buf_reset(&x->tmp2);
	sheet_url(&x->tmp2, x->m, s);
	di_kuri(x, w, "lien_source", buf_cstr(&x->tmp2));
	kdate(w, "date_maj", s->verifie_le);
	json_end(w);
}

/*
 * One service record: for the place p (index place) of s, or for the
 * sheet itself when it has no place (p NULL). See export_write for the
 * mapping.
 */
static void
di_service(struct ectx *x, struct json *w, const struct sheet *s,
    const struct place *p, size_t place)
{
	const struct model *m = x->m;
	struct strv l = {0};
	const char *mail, *hours;
	size_t	 i, k;
	int	 site_ok, tous = 0;

	json_object(w, 0);
	buf_reset(&x->tmp);
	di_id(&x->tmp, x, s, place);
	json_kstr(w, "id", buf_cstr(&x->tmp));
	json_kstr(w, "source", x->source);
	buf_reset(&x->tmp);
	di_id(&x->tmp, x, s, 0);
	json_kstr(w, "structure_id", buf_cstr(&x->tmp));
	di_nom(x, w, s, s->nlieux > 1 && p != NULL ? p->nom : NULL, 0);
	buf_reset(&x->tmp);
	if (utf8_len(buf_cstr(&x->text)) >= DI_DESC_MIN)
		put_trunc(&x->tmp, buf_cstr(&x->text), DI_DESC_MAX);
	else
		buf_puts(&x->tmp, s->resume);
	if (utf8_len(buf_cstr(&x->tmp)) < DI_DESC_MIN) {
		buf_reset(&x->tmp);
		buf_printf(&x->tmp, "%s : %s", m->types[s->type].nom, s->nom);
	}
	json_kstr(w, "description", buf_cstr(&x->tmp));
	json_kstr(w, "type", NULL);

	for (i = 0; i < s->besoins.n; i++) {
		const struct besoin *bn = &m->besoins[s->besoins.v[i]];

		for (k = 0; k < bn->data_inclusion.n; k++)
			if (in_vocab(di_thematiques, NELEM(di_thematiques),
			    bn->data_inclusion.v[k]))
				strv_add(&l, bn->data_inclusion.v[k]);
	}
	kstrv(w, "thematiques", &l);
	l.n = 0;
	for (i = 0; i < s->publics.n; i++) {
		const struct public_def *pd = &m->publics[s->publics.v[i]];

		for (k = 0; k < pd->data_inclusion.n; k++)
			if (in_vocab(di_publics, NELEM(di_publics),
			    pd->data_inclusion.v[k]))
				strv_add(&l, pd->data_inclusion.v[k]);
	}
	/* "tous-publics" cannot be used with other values. */
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i], "tous-publics") == 0)
			tous = 1;
	if (tous) {
		l.v[0] = "tous-publics";
		l.n = 1;
	}
	kstrv(w, "publics", &l);
	buf_reset(&x->tmp);
	for (i = 0; i < s->publics.n; i++)
		buf_printf(&x->tmp, "%s%s", i ? ", " : "",
		    m->publics[s->publics.v[i]].nom);
	if (s->age_min >= 0 && s->age_max >= 0)
		buf_printf(&x->tmp, " ; de %d à %d ans", s->age_min,
		    s->age_max);
	else if (s->age_min >= 0)
		buf_printf(&x->tmp, " ; à partir de %d ans", s->age_min);
	else if (s->age_max >= 0)
		buf_printf(&x->tmp, " ; jusqu'à %d ans", s->age_max);
	json_kstr(w, "publics_precisions", x->tmp.len ? buf_cstr(&x->tmp) :
	    NULL);
	json_kstr(w, "frais", frais_keys[s->frais]);
	json_kstr(w, "frais_precisions", s->frais_precisions);
	json_kstr(w, "conditions_acces", s->conditions_acces);

	l.n = 0;
	if (s->acces & (ACCES_TELEPHONE | ACCES_EN_LIGNE))
		strv_add(&l, "a-distance");
	if (s->acces & (ACCES_ACCUEIL | ACCES_RENDEZ_VOUS | ACCES_DOMICILE))
		strv_add(&l, "en-presentiel");
	kstrv(w, "modes_accueil", &l);
	mail = s->email != NULL && email_ok(s->email) ? s->email : NULL;
	/* x->tmp2 holds the site's URI down to lien_mobilisation. */
	buf_reset(&x->tmp2);
	site_ok = s->site != NULL && put_uri(&x->tmp2, s->site) == 0;
	l.n = 0;
	if (mail != NULL)
		strv_add(&l, "envoyer-un-courriel");
	if ((s->acces & ACCES_ACCUEIL) && p != NULL && p->adresse != NULL)
		strv_add(&l, "se-presenter");
	if (s->telephone.uri != NULL)
		strv_add(&l, "telephoner");
	if ((s->acces & ACCES_EN_LIGNE) && site_ok)
		strv_add(&l, "utiliser-lien-mobilisation");
	kstrv(w, "modes_mobilisation", &l);
	l.n = 0;
	for (i = 0; i < MODEL_NORIENT; i++)
		if (s->orientation & (1u << i))
			strv_add(&l, model_orient_keys[i]);
	kstrv(w, "mobilisable_par", &l);
	buf_reset(&x->tmp);
	for (i = 0; i < MODEL_NACCES; i++)
		if (s->acces & (1u << i))
			buf_printf(&x->tmp, "%s%s", x->tmp.len ? ", " :
			    "Accès : ", model_acces_labels[i]);
	if (x->tmp.len > 0)
		buf_putc(&x->tmp, '.');
	json_kstr(w, "mobilisation_precisions", x->tmp.len ?
	    buf_cstr(&x->tmp) : NULL);
	json_kstr(w, "lien_mobilisation", (s->acces & ACCES_EN_LIGNE) &&
	    site_ok ? buf_cstr(&x->tmp2) : NULL);

	l.n = 0;
	di_zone(x, &l, s);
	kstrv(w, "zone_eligibilite", &l);
	di_address(x, w, p);
	hours = p != NULL && p->horaires != NULL ? p->horaires : s->horaires;
	json_kstr(w, "horaires_accueil", hours);
	json_kstr(w, "telephone", s->telephone.uri ? s->telephone.uri + 4 :
	    NULL);
	json_kstr(w, "courriel", mail);
	/* Named people (contacts_pro) are never exported. */
	json_kstr(w, "contact_nom_prenom", NULL);
	buf_reset(&x->tmp2);
	sheet_url(&x->tmp2, m, s);
	di_kuri(x, w, "lien_source", buf_cstr(&x->tmp2));
	kdate(w, "date_maj", s->verifie_le);
	json_kstr(w, "nombre_semaines", NULL);
	json_kstr(w, "volume_horaire_hebdomadaire", NULL);
	json_end(w);
	free(l.v);
}

/* Sheets go by id, in byte order: model.sheets follows the file names,
 * where "a-2.md" sorts before "a.md" (eitem_cmp). */

/* Writes dir/name from b; prints the problem and returns 3 on failure. */
static int
write_out(const char *dir, const char *name, const struct buf *b)
{
	char	*path = util_path_join(dir, name);
	int	 rc = 0;

	if (util_write_file(path, b->data ? b->data : "", b->len) == -1) {
		fprintf(stderr, "maillage : %s : %s\n", path, util_strerror(errno));
		rc = 3;
	}
	free(path);
	return rc;
}

/*
 * Writes SITEDIR/donnees/ (see the top of this file) and its index.json.
 * Returns 0, or 3 when a folder or a file cannot be written (printed).
 *
 * No file is over EXPORT_MAX bytes (a national directory would give
 * fiches.json 500 MB): when one of the four would be, they are written
 * per département instead, in donnees/departements/CODE/ (a sheet goes
 * to the département of its first territory; "autres" when it has none),
 * and donnees/index.json lists the files either way.
 *
 * The data·inclusion mapping, for the README:
 * - Only active sheets: drafts are built nowhere, and a closed service
 *   (statut: ferme) would mislead data·inclusion's users, who have no
 *   "closed" field to read. fiches.json and fiches.csv keep them.
 * - source: the site's address as a slug; structure per sheet, id
 *   "SOURCE--ID", because siret, finess, contact and places are given
 *   per sheet while porteur is a free text with no identifier.
 * - One service per place, id "SOURCE--ID" for the first (or for the
 *   sheet without a place) and "SOURCE--ID--N" for the Nth, so that
 *   adding a place keeps the first id; nom gets " – place name" when a
 *   sheet has several places. Every property of the schema is written,
 *   null when unknown; type, nombre_semaines, volume_horaire_hebdomadaire,
 *   complement_adresse, contact_nom_prenom and accessibilite_lieu stay
 *   null.
 * - description: the body's plain text (cut at 10,000 characters), the
 *   summary when the body is empty.
 * - thematiques and publics through the referentials' data_inclusion
 *   keys, values outside the vocabularies dropped; "tous-publics" alone
 *   when present. publics_precisions: our publics' names and ages.
 * - modes_accueil: telephone, en-ligne → a-distance; accueil,
 *   rendez-vous, domicile → en-presentiel (v1 has no "at home" value;
 *   mobilisation_precisions spells the access modes out in French).
 * - modes_mobilisation: envoyer-un-courriel with an email, se-presenter
 *   with accueil and a place with an address, telephoner with a number,
 *   utiliser-lien-mobilisation with en-ligne and a site (then
 *   lien_mobilisation). mobilisable_par from orientation.
 * - zone_eligibilite: see di_zone. Address, INSEE code and coordinates
 *   of the place; horaires_accueil its opening hours (OSM syntax, as in
 *   the sheet); telephone in E.164; date_maj: verifie_le.
 * - E-mail addresses and URLs that JSON Schema's formats would refuse
 *   are left out (URLs percent-encoded first); SIRET only with a right
 *   check digit.
 */
/* The largest open-data file; beyond, the files are split. */
#define EXPORT_MAX	(100L * 1000 * 1000)

/* The département of territory ti (up the tree; a zone through its
 * first commune), or -1. */
static int
terr_departement(const struct model *m, int ti)
{
	int	 guard = 0, next;

	while (ti >= 0 && m->terr[ti].type != TERR_DEPARTEMENT) {
		if (m->terr[ti].parent >= 0)
			next = m->terr[ti].parent;
		else if (m->terr[ti].type != TERR_COMMUNE &&
		    m->terr[ti].type != TERR_REGION &&
		    m->terr[ti].communes.n > 0)
			next = m->commune_terr[m->terr[ti].communes.v[0]];
		else
			return -1;
		if (next == ti || ++guard > 64)
			return -1;
		ti = next;
	}
	return ti;
}

struct eitem {
	const struct sheet *s;
	int		 dep;	/* territory index, -1: none */
	const char	*code;	/* its code; NULL: none */
};

/* By département code (none last), then by id. */
static int
eitem_cmp(const void *a, const void *b)
{
	const struct eitem *x = a, *y = b;
	int	 c;

	if (x->code != y->code) {
		if (x->code == NULL || y->code == NULL)
			return x->code == NULL ? 1 : -1;
		if ((c = strcmp(x->code, y->code)) != 0)
			return c;
	}
	return strcmp(x->s->id, y->s->id);
}

/* The four files of a set of sheets, in memory. */
struct eset {
	struct buf	 fj, csv, st, sv;
};

/*
 * Empties e, keeping its memory: the départements' files are built one
 * after the other in the same buffers, instead of faulting 1.2 GB of
 * fresh pages in at 100,000 sheets.
 */
static void
eset_reset(struct eset *e)
{
	buf_reset(&e->fj);
	buf_reset(&e->csv);
	buf_reset(&e->st);
	buf_reset(&e->sv);
}

static void
eset_dispose(struct eset *e)
{
	buf_dispose(&e->fj);
	buf_dispose(&e->csv);
	buf_dispose(&e->st);
	buf_dispose(&e->sv);
}

/*
 * One half of eset_fill, in a worker of its own: part 0 writes
 * fiches.json and fiches.csv, part 1 the two data·inclusion files (the
 * halves cost about the same). Each part has its own context x (its
 * scratch buffers). With limit > 0, returns 1 as soon as one of its
 * files would pass limit (or, after 1,000 sheets, is on its way to), or
 * when the other part said so; *over is how it says so.
 */
static int
eset_fill_part(struct ectx *x, struct eset *e, const struct eitem *it,
    size_t n, int dep, int whole, size_t limit, int part,
    atomic_int *over)
{
	const struct model *m = x->m;
	struct json wf, ws, wv;
	const struct sheet *s;
	struct buf *b1 = part == 0 ? &e->fj : &e->st,
		   *b2 = part == 0 ? &e->csv : &e->sv;
	char	 iso[11];
	size_t	 i, k, cur;

	json_init(&wf, &e->fj, JSON_PRETTY);
	json_init(&ws, &e->st, JSON_PRETTY);
	json_init(&wv, &e->sv, JSON_PRETTY);
	if (part == 0) {
		json_object(&wf, 0);
		json_kstr(&wf, "titre", m->site.titre);
		json_kstr(&wf, "url", m->site.url);
		json_kstr(&wf, "editeur", m->site.editeur);
		json_kstr(&wf, "date", date_iso(iso, m->today));
		if (!whole) {
			json_key(&wf, "departement");
			json_object(&wf, 1);
			json_kstr(&wf, "code", dep >= 0 ? m->terr[dep].code :
			    NULL);
			json_kstr(&wf, "nom", dep >= 0 ? m->terr[dep].nom :
			    "Fiches sans département");
			json_end(&wf);
		}
		kint_or_null(&wf, "nombre_fiches", (long)n, 1);
		json_key(&wf, "fiches");
		json_array(&wf, 0);
		csv_header(&e->csv);
	} else {
		json_array(&ws, 0);
		json_array(&wv, 0);
	}
	for (i = 0; i < n; i++) {
		s = it[i].s;
		body_text(x, s);
		if (part == 0) {
			json_sheet(x, &wf, s);
			csv_sheet(x, &e->csv, s);
		} else if (s->statut == STATUT_ACTIF) {
			di_structure(x, &ws, s);
			if (s->nlieux == 0)
				di_service(x, &wv, s, NULL, 0);
			for (k = 0; k < s->nlieux; k++)
				di_service(x, &wv, s, &s->lieux[k], k);
		}
		if (limit == 0)
			continue;
		cur = b1->len > b2->len ? b1->len : b2->len;
		if (cur > limit || (i + 1 == 1000 && cur / 1000 * n > limit)) {
			atomic_store(over, 1);
			return 1;
		}
		if (atomic_load(over))
			return 1;
	}
	if (part == 0) {
		json_end(&wf);
		json_end(&wf);
		buf_putc(&e->fj, '\n');
	} else {
		json_end(&ws);
		buf_putc(&e->st, '\n');
		json_end(&wv);
		buf_putc(&e->sv, '\n');
	}
	return 0;
}

/* eset_fill's two parts, for the pool. */
struct efill {
	struct ectx	*x;		/* two contexts, one per part */
	struct eset	*e;
	const struct eitem *it;
	size_t		 n, limit;
	int		 dep, whole;
	atomic_int	 over;
	int		 r[2];
};

static int
efill_job(void *arg, size_t worker, size_t part)
{
	struct efill *f = arg;

	(void)worker;
	f->r[part] = eset_fill_part(&f->x[part], f->e, f->it, f->n, f->dep,
	    f->whole, f->limit, (int)part, &f->over);
	return 0;
}

/*
 * Fills e with the sheets it[0..n), its two halves side by side when
 * the build has two workers (x: two contexts). dep: the département (-1
 * for the whole directory or "autres"). With limit > 0, stops and
 * returns 1 as soon as a file would pass limit (or, after 1,000 sheets,
 * is on its way to), so that a national export that must be split costs
 * little. Whether it stops does not depend on the timing: each half
 * stops only for a file that is over.
 */
static int
eset_fill(struct ectx *x, struct eset *e, const struct eitem *it, size_t n,
    int dep, int whole, size_t limit)
{
	struct efill f;

	f.x = x;
	f.e = e;
	f.it = it;
	f.n = n;
	f.limit = limit;
	f.dep = dep;
	f.whole = whole;
	atomic_init(&f.over, 0);
	f.r[0] = f.r[1] = 0;
	(void)pool_run(2, x->jobs > 1 ? 2 : 1, 0, efill_job, &f);
	return f.r[0] != 0 || f.r[1] != 0 ? 1 : 0;
}

/* One entry of index.json. */
static void
index_file(struct json *w, const char *rel, const char *contenu,
    const char *format, const struct model *m, int dep, int whole,
    size_t nfiches, size_t bytes)
{
	json_object(w, 1);
	json_kstr(w, "fichier", rel);
	json_kstr(w, "contenu", contenu);
	json_kstr(w, "format", format);
	if (!whole) {
		json_kstr(w, "departement", dep >= 0 ? m->terr[dep].code :
		    "autres");
		json_kstr(w, "nom", dep >= 0 ? m->terr[dep].nom :
		    "Fiches sans département");
	}
	kint_or_null(w, "fiches", (long)nfiches, 1);
	kint_or_null(w, "octets", (long)bytes, 1);
	json_end(w);
}

/* Writes the set e into dir (relative rel from donnees/), and lists it. */
static int
eset_write(struct eset *e, const char *donnees, const char *rel,
    struct json *iw, const struct model *m, int dep, int whole, size_t n)
{
	static const struct {
		const char *file, *contenu, *format;
		size_t	 off;
	} f[] = {
		{"fiches.json", "fiches", "json", offsetof(struct eset, fj)},
		{"fiches.csv", "fiches", "csv", offsetof(struct eset, csv)},
		{"data-inclusion/structures.json", "data-inclusion-structures",
		    "json", offsetof(struct eset, st)},
		{"data-inclusion/services.json", "data-inclusion-services",
		    "json", offsetof(struct eset, sv)},
	};
	char	*dir = util_path_join(donnees, rel), *didir, *path;
	size_t	 i;
	int	 rc = 0;
	const struct buf *b;

	didir = util_path_join(dir, "data-inclusion");
	if (util_mkdir_p(didir) == -1) {
		fprintf(stderr, "maillage : %s : %s\n", didir,
		    util_strerror(errno));
		rc = 3;
	}
	for (i = 0; rc == 0 && i < sizeof(f) / sizeof(f[0]); i++) {
		b = (const struct buf *)(const void *)((const char *)e +
		    f[i].off);
		rc = write_out(dir, f[i].file, b);
		path = *rel ? util_path_join(rel, f[i].file) :
		    xstrdup(f[i].file);
		index_file(iw, path, f[i].contenu, f[i].format, m, dep, whole,
		    n, b->len);
		free(path);
	}
	free(dir);
	free(didir);
	return rc;
}

/*
 * The files of one département's sheets it[0..n), in
 * departements/CODE/; a département too big for limit (25,000 sheets
 * or so) is cut into parts of equal counts, departements/CODE/partie-K/.
 */
static int
export_departement(struct ectx *x, struct eset *e, const struct eitem *it,
    size_t n, const char *dir, struct json *iw, size_t limit)
{
	const struct model *m = x->m;
	char	 rel[96];
	const char *code = it[0].dep >= 0 ? m->terr[it[0].dep].code :
	    "autres";
	size_t	 parts, k, from, to;
	int	 rc = 0, over;

	/* Mostly one part: then the first fill is the one written. */
	eset_reset(e);
	if (eset_fill(x, e, it, n, it[0].dep, 0, n > 1 ? limit : 0) == 0) {
		snprintf(rel, sizeof(rel), "departements/%s", code);
		return eset_write(e, dir, rel, iw, m, it[0].dep, 0, n);
	}
	for (parts = 2;; parts++) {
		for (k = 0, over = 0; !over && k < parts; k++) {
			from = n * k / parts;
			to = n * (k + 1) / parts;
			eset_reset(e);
			over = eset_fill(x, e, it + from, to - from,
			    it[0].dep, 0, parts < n ? limit : 0) != 0;
		}
		if (!over)
			break;
	}
	for (k = 0; rc == 0 && k < parts; k++) {
		from = n * k / parts;
		to = n * (k + 1) / parts;
		eset_reset(e);
		eset_fill(x, e, it + from, to - from, it[0].dep, 0, 0);
		snprintf(rel, sizeof(rel), "departements/%s/partie-%zu", code,
		    k + 1);
		rc = eset_write(e, dir, rel, iw, m, it[0].dep, 0, to - from);
	}
	return rc;
}

int
export_write(struct build *b, const char *sitedir)
{
	const struct model *m = &b->model;
	struct ectx x[2];
	struct eset e;
	struct buf idx = {0};
	struct json iw;
	struct eitem *it;
	char	*dir = NULL, iso[11];
	size_t	 i, j, n = 0, limit;
	double	 t0 = build_clock();
	int	 rc = 0, whole;

	memset(x, 0, sizeof(x));
	memset(&e, 0, sizeof(e));
	for (i = 0; i < 2; i++) {
		x[i].m = m;
		x[i].source = i == 0 ? di_source(&b->arena, m->site.url) :
		    x[0].source;
		x[i].seen = xcalloc(m->nterr + 1, sizeof(*x[i].seen));
		x[i].jobs = b->jobs;
	}
	limit = (size_t)util_limit("MAILLAGE_EXPORT_MAX", EXPORT_MAX);

	/* Published sheets only: drafts are built nowhere. */
	it = xcalloc(m->nsheets + 1, sizeof(*it));
	for (i = 0; i < m->nsheets; i++)
		if (m->sheets[i].statut != STATUT_BROUILLON) {
			it[n].s = &m->sheets[i];
			it[n].dep = -1;
			n++;
		}
	qsort(it, n, sizeof(*it), eitem_cmp);

	dir = util_path_join(sitedir, "donnees");
	json_init(&iw, &idx, JSON_PRETTY);
	json_object(&iw, 0);
	json_kstr(&iw, "titre", m->site.titre);
	json_kstr(&iw, "date", date_iso(iso, m->today));
	kint_or_null(&iw, "nombre_fiches", (long)n, 1);
	whole = eset_fill(x, &e, it, n, -1, 1, limit) == 0;
	json_kstr(&iw, "decoupage", whole ? "aucun" : "departement");
	json_key(&iw, "fichiers");
	json_array(&iw, 0);
	if (whole)
		rc = eset_write(&e, dir, "", &iw, m, -1, 1, n);
	if (!whole) {
		for (i = 0; i < n; i++) {
			it[i].dep = terr_departement(m, it[i].s->territoires.n ?
			    it[i].s->territoires.v[0] : -1);
			it[i].code = it[i].dep >= 0 ? m->terr[it[i].dep].code :
			    NULL;
		}
		qsort(it, n, sizeof(*it), eitem_cmp);
		for (i = 0; rc == 0 && i < n; i = j) {
			for (j = i + 1; j < n && it[j].dep == it[i].dep; j++)
				;
			rc = export_departement(x, &e, it + i, j - i, dir,
			    &iw, limit);
		}
	}
	json_end(&iw);
	json_end(&iw);
	buf_putc(&idx, '\n');
	if (rc == 0)
		rc = write_out(dir, "index.json", &idx);
	if (rc == 0)
		build_phase(b, "données : %zu fiches%s en %.0f ms", n,
		    whole ? "" : " (un fichier par département)",
		    (build_clock() - t0) * 1e3);
	eset_dispose(&e);
	free(dir);
	free(it);
	for (i = 0; i < 2; i++) {
		free(x[i].seen);
		buf_dispose(&x[i].text);
		buf_dispose(&x[i].tmp);
		buf_dispose(&x[i].tmp2);
	}
	buf_dispose(&idx);
	return rc;
}
