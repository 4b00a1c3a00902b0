/*
 * schema.c: one table per object of the content format. Each key has a
 * type, whether it is required and a sentence for coordinators; the
 * loader's key lists, docs/format.md and the JSON Schemas come from here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "schema.h"
#include "util.h"

enum st {
	ST_STR,		/* one line of text */
	ST_MD,		/* Markdown text */
	ST_INT,
	ST_NUM,
	ST_BOOL,
	ST_DATE,
	ST_URL,
	ST_EMAIL,
	ST_PHONE,
	ST_ENUM,	/* one of values */
	ST_ENUMS,	/* a list of values */
	ST_STRS,	/* a list of texts */
	ST_REF,		/* a key of ref */
	ST_REFS,	/* keys of ref */
	ST_CODE,	/* a territory code */
	ST_CODES,
	ST_CP,		/* a postal code */
	ST_DIGITS,	/* `digits` digits */
	ST_OBJ,		/* the object `obj` */
	ST_OBJS,	/* a list of them */
	ST_HOURS,
	ST_SLUG,
	ST_COLOR	/* #rrggbb */
};

struct skey {
	const char	*name;
	enum st		 type;
	int		 req;
	const char	*const *values;	/* ST_ENUM(S): NULL-terminated */
	const char	*ref;		/* ST_REF(S): "types.yaml", "fiches" */
	enum schema_obj	 obj;		/* ST_OBJ(S) */
	int		 digits;
	const char	*desc;		/* French, Markdown */
};

static const char *const v_famille[] = {"sanitaire", "medico-social",
    "social", "transversal", NULL};
static const char *const v_acces[] = {"accueil", "rendez-vous", "telephone",
    "domicile", "en-ligne", NULL};
static const char *const v_orient[] = {"usagers", "professionnels", NULL};
static const char *const v_frais[] = {"gratuit", "payant", NULL};
static const char *const v_statut[] = {"actif", "ferme", "brouillon", NULL};
static const char *const v_terr[] = {"region", "departement", "epci",
    "commune", "quartier", NULL};
static const char *const v_zone[] = {"zone", "quartier", NULL};
static const char *const v_niveaux[] = {"region", "departement", "epci",
    "commune", "quartier", "zone", NULL};

#define K(n, t, r, d)	{n, t, r, NULL, NULL, 0, 0, d}
#define E(n, t, r, v, d) {n, t, r, v, NULL, 0, 0, d}
#define R(n, t, r, f, d) {n, t, r, NULL, f, 0, 0, d}
#define O(n, t, r, o, d) {n, t, r, NULL, NULL, o, 0, d}
#define D(n, r, k, d)	{n, ST_DIGITS, r, NULL, NULL, 0, k, d}

static const struct skey k_site[] = {
	K("titre", ST_STR, 1, "Titre du site, repris sur les annuaires PDF "
	    "et la lettre d'information."),
	K("sous_titre", ST_STR, 0, "Phrase d'accroche sous le titre."),
	K("url", ST_URL, 1, "Adresse publique du site (liens, plan du site, "
	    "codes QR)."),
	K("editeur", ST_STR, 1, "Qui publie le répertoire (mentions légales, "
	    "PDF)."),
	K("contact", ST_EMAIL, 0, "Adresse électronique de l'éditeur."),
	K("fraicheur_mois", ST_INT, 0, "Au-delà de ce nombre de mois depuis "
	    "`verifie_le`, une fiche est signalée « à vérifier » (12 par "
	    "défaut, de 1 à 120)."),
	O("pdf", ST_OBJ, 0, SCHEMA_PDF, "Réglages des annuaires PDF."),
	K("edition", ST_URL, 0, "Début de l'adresse où modifier une fiche, par "
	    "exemple `https://github.com/org/repertoire/edit/main/` : chaque "
	    "page propose alors « Proposer une modification »."),
	O("lettre", ST_OBJ, 0, SCHEMA_LETTRE, "Réglages de la lettre "
	    "d'information."),
	{"couleur", ST_COLOR, 0, NULL, NULL, 0, 0, "Couleur de l'éditeur, "
	    "`\"#rrggbb\"`, pour le site, les PDF, les affichettes et la "
	    "lettre ; assez foncée pour du texte blanc (contraste 4,5:1)."},
	O("urgences", ST_OBJS, 0, SCHEMA_URGENCE, "Numéros montrés quand rien "
	    "d'autre n'aide : recherche sans résultat, territoire sans service, "
	    "dos des annuaires et des affichettes (`init` écrit les numéros "
	    "nationaux)."),
	K("signalement", ST_STR, 0, "Adresse électronique ou `https://` où "
	    "signaler une erreur sans passer par git (« Signaler une erreur » "
	    "sur chaque fiche) ; `contact` par défaut."),
	O("carte", ST_OBJ, 0, SCHEMA_CARTE, "Serveur de tuiles des cartes ; "
	    "sans lui, pas de carte et le site ne contacte aucun autre "
	    "serveur."),
};
static const struct skey k_urgence[] = {
	K("nom", ST_STR, 1, "Nom du service (« SAMU »)."),
	K("numero", ST_PHONE, 1, "Le numéro, entre guillemets (`\"15\"`, "
	    "`\"39 19\"`)."),
	K("quand", ST_STR, 0, "Quand l'appeler."),
};
static const struct skey k_carte[] = {
	K("tuiles", ST_URL, 1, "Adresse `https://` des tuiles avec `{z}`, `{x}` "
	    "et `{y}`."),
	K("attribution", ST_STR, 1, "Mention des sources affichée sur les "
	    "cartes (« © les contributeurs d'OpenStreetMap »)."),
};
static const struct skey k_pdf[] = {
	E("niveaux", ST_ENUMS, 0, v_niveaux, "Les types de territoires qui "
	    "ont leur propre annuaire (`[departement, epci]` par défaut)."),
	K("min_services", ST_INT, 0, "Nombre de services en dessous duquel "
	    "un territoire n'a pas son propre annuaire (3 par défaut, de 1 à "
	    "1000)."),
};
static const struct skey k_lettre[] = {
	K("titre", ST_STR, 0, "Titre de la lettre (le titre du site par "
	    "défaut)."),
	K("expediteur", ST_EMAIL, 0, "Adresse d'envoi (`contact` par "
	    "défaut)."),
	K("desinscription", ST_STR, 0, "Adresse `mailto:` ou `https://` de "
	    "désinscription (un courriel à `contact` par défaut)."),
};
static const struct skey k_territoires[] = {
	O("arbre", ST_OBJS, 1, SCHEMA_TERR, "L'arbre administratif : "
	    "département, EPCI, communes, emboîtés par `contient`."),
	O("zones", ST_OBJS, 0, SCHEMA_ZONE, "Les périmètres qui ne suivent "
	    "pas l'arbre (bassin de santé, territoire d'un DAC, quartier)."),
};
static const struct skey k_terr[] = {
	K("code", ST_CODE, 1, "Code officiel entre guillemets : département "
	    "`\"58\"`, EPCI (SIREN, 9 chiffres), commune (INSEE, 5 "
	    "caractères). Unique."),
	K("nom", ST_STR, 1, "Nom du territoire."),
	E("type", ST_ENUM, 1, v_terr, "Type de territoire."),
	O("contient", ST_OBJS, 0, SCHEMA_TERR, "Les territoires qu'il "
	    "contient."),
};
static const struct skey k_zone[] = {
	{"code", ST_SLUG, 1, NULL, NULL, 0, 0, "Identifiant de la zone : "
	    "minuscules sans accent, chiffres et tirets."},
	K("nom", ST_STR, 1, "Nom de la zone."),
	E("type", ST_ENUM, 1, v_zone, "`zone`, ou `quartier` pour un "
	    "quartier prioritaire."),
	K("inclut", ST_CODES, 1, "Codes de l'arbre qui la composent."),
	K("exclut", ST_CODES, 0, "Communes retirées."),
};
static const struct skey k_type[] = {
	K("nom", ST_STR, 1, "Nom complet du type de service."),
	K("sigle", ST_STR, 0, "Sigle ; il rejoint le glossaire."),
	E("famille", ST_ENUM, 0, v_famille, "Famille du service."),
	K("definition", ST_STR, 0, "Ce que fait ce type de service, en mots "
	    "simples."),
};
static const struct skey k_besoin[] = {
	K("nom", ST_STR, 1, "Le besoin, dans les mots des personnes qui l'ont."),
	K("synonymes", ST_STRS, 0, "Mots que les gens tapent dans la "
	    "recherche."),
	K("data_inclusion", ST_STRS, 0, "Thématiques du référentiel "
	    "data·inclusion v1 (export en données ouvertes)."),
};
static const struct skey k_public[] = {
	K("nom", ST_STR, 1, "Nom du public."),
	K("data_inclusion", ST_STR, 0, "Valeur du référentiel « publics » de "
	    "data·inclusion v1."),
};
static const struct skey k_gloss[] = {
	K("forme_longue", ST_STR, 1, "Ce que veut dire le sigle."),
};
static const struct skey k_fiche[] = {
	K("nom", ST_STR, 1, "Nom complet du service."),
	K("sigle", ST_STR, 0, "Sigle affiché avec le nom."),
	R("type", ST_REF, 1, "types.yaml", "Type de service : une clé de "
	    "`types.yaml`."),
	K("resume", ST_STR, 1, "Une phrase simple, 280 caractères au plus."),
	R("publics", ST_REFS, 1, "publics.yaml", "Pour qui : clés de "
	    "`publics.yaml`, au moins une."),
	R("besoins", ST_REFS, 1, "besoins.yaml", "À quels besoins il répond : "
	    "clés de `besoins.yaml`, au moins une."),
	K("territoires", ST_CODES, 1, "Où il intervient : codes de "
	    "`territoires.yaml`, au moins un."),
	K("porteur", ST_STR, 0, "Structure qui porte le service."),
	O("lieux", ST_OBJS, 0, SCHEMA_LIEU, "Lieux où les personnes sont "
	    "reçues."),
	K("horaires", ST_HOURS, 0, "Horaires d'un service sans lieu (sinon "
	    "dans `lieux`)."),
	O("contact", ST_OBJ, 1, SCHEMA_CONTACT, "Au moins un moyen de "
	    "contact."),
	E("acces", ST_ENUMS, 0, v_acces, "Comment y accéder : accueil sans "
	    "rendez-vous, sur rendez-vous, par téléphone, à domicile, en "
	    "ligne."),
	E("orientation", ST_ENUMS, 0, v_orient, "Qui peut le solliciter."),
	K("conditions_acces", ST_STR, 0, "Conditions, pièces à apporter."),
	K("age_min", ST_INT, 0, "Âge minimum."),
	K("age_max", ST_INT, 0, "Âge maximum."),
	E("frais", ST_ENUM, 0, v_frais, "Gratuit ou payant."),
	K("frais_precisions", ST_STR, 0, "Précisions sur les frais."),
	K("langues", ST_STRS, 0, "Langues parlées, codes ISO 639-1 (`[fr]` "
	    "par défaut)."),
	K("interpretariat", ST_BOOL, 0, "Interprétariat possible."),
	R("liens", ST_REFS, 0, "fiches", "Services avec lesquels il travaille "
	    "(identifiants de fiches) : le lien apparaît des deux côtés."),
	K("mots_cles", ST_STRS, 0, "Mots de recherche en plus."),
	O("fermetures", ST_OBJS, 0, SCHEMA_FERMETURE, "Fermetures "
	    "temporaires, affichées tant qu'elles sont en cours ou à venir."),
	E("statut", ST_ENUM, 0, v_statut, "`actif` (par défaut), `ferme` "
	    "(gardé, marqué fermé, hors des PDF), `brouillon` (publié nulle "
	    "part)."),
	D("siret", 0, 14, "SIRET, 14 chiffres."),
	D("finess", 0, 9, "FINESS, 9 caractères."),
	K("verifie_le", ST_DATE, 1, "Date (AAAA-MM-JJ) de la dernière "
	    "vérification auprès du service ; pas dans le futur."),
	O("contacts_pro", ST_OBJS, 0, SCHEMA_PERSONNE, "Personnes à contacter "
	    "(données personnelles) : seulement dans l'édition "
	    "professionnelle, jamais sur le site public."),
	K("facile", ST_MD, 0, "Le service en français facile à lire (FALC : "
	    "phrases courtes, une idée par phrase, mots de tous les jours), "
	    "600 caractères au plus : montré en premier sur la page."),
	R("remplace_par", ST_REF, 0, "fiches", "Seulement avec `statut: "
	    "ferme` : la fiche du service qui a pris le relais."),
};
static const struct skey k_lieu[] = {
	K("nom", ST_STR, 0, "Nom du lieu."),
	K("adresse", ST_STR, 0, "Numéro et voie."),
	K("code_postal", ST_CP, 0, "Code postal, 5 chiffres entre "
	    "guillemets."),
	K("commune", ST_CODE, 0, "Code de la commune dans `territoires.yaml`."),
	K("lat", ST_NUM, 0, "Latitude (WGS84)."),
	K("lon", ST_NUM, 0, "Longitude (WGS84)."),
	K("horaires", ST_HOURS, 0, "Horaires au format OpenStreetMap, par "
	    "exemple `\"Mo-Fr 09:00-12:00,14:00-17:00; PH off\"`."),
	K("horaires_precisions", ST_STR, 0, "Précisions sur les horaires."),
	K("accessibilite", ST_STR, 0, "Accessibilité du lieu."),
};
static const struct skey k_contact[] = {
	K("telephone", ST_PHONE, 0, "Numéro français, entre guillemets "
	    "(`\"03 53 73 00 01\"`)."),
	K("email", ST_EMAIL, 0, "Adresse électronique."),
	K("site", ST_URL, 0, "Site web, `http://` ou `https://`."),
};
static const struct skey k_personne[] = {
	K("nom", ST_STR, 1, "Nom de la personne."),
	K("role", ST_STR, 0, "Sa fonction."),
	K("email", ST_EMAIL, 0, "Son adresse électronique."),
	K("telephone", ST_PHONE, 0, "Son numéro."),
};
static const struct skey k_fermeture[] = {
	K("du", ST_DATE, 1, "Premier jour de fermeture."),
	K("au", ST_DATE, 1, "Dernier jour de fermeture."),
	K("motif", ST_STR, 0, "Pourquoi."),
};
static const struct skey k_actu[] = {
	K("titre", ST_STR, 1, "Titre de l'actualité."),
	K("date", ST_DATE, 1, "Date (AAAA-MM-JJ)."),
	K("territoires", ST_CODES, 0, "Limite l'actualité aux lettres de ces "
	    "territoires."),
	R("fiches", ST_REFS, 0, "fiches", "Fiches concernées."),
};
static const struct skey k_page[] = {
	K("titre", ST_STR, 1, "Titre de la page."),
};

static const struct sobj {
	const char	*title;		/* French, for the reference */
	const char	*where;		/* file, or NULL for a nested object */
	const struct skey *keys;
	size_t		 n;
	int		 map_of;	/* the file maps keys to this object */
} objs[SCHEMA__MAX] = {
#define N(a)	a, sizeof(a) / sizeof(*a)
	[SCHEMA_SITE] = {"Réglages du site", "site.yaml", N(k_site), 0},
	[SCHEMA_PDF] = {"`pdf` (dans site.yaml)", NULL, N(k_pdf), 0},
	[SCHEMA_LETTRE] = {"`lettre` (dans site.yaml)", NULL, N(k_lettre), 0},
	[SCHEMA_URGENCE] = {"Un numéro d'urgence (`urgences`)", NULL,
	    N(k_urgence), 0},
	[SCHEMA_CARTE] = {"`carte` (dans site.yaml)", NULL, N(k_carte), 0},
	[SCHEMA_TERRITOIRES] = {"Territoires", "territoires.yaml",
	    N(k_territoires), 0},
	[SCHEMA_TERR] = {"Un territoire de l'arbre", NULL, N(k_terr), 0},
	[SCHEMA_ZONE] = {"Une zone", NULL, N(k_zone), 0},
	[SCHEMA_TYPE] = {"Types de services", "types.yaml", N(k_type), 1},
	[SCHEMA_BESOIN] = {"Besoins", "besoins.yaml", N(k_besoin), 1},
	[SCHEMA_PUBLIC] = {"Publics", "publics.yaml", N(k_public), 1},
	[SCHEMA_GLOSS] = {"Glossaire", "glossaire.yaml", N(k_gloss), 1},
	[SCHEMA_FICHE] = {"Une fiche", "fiches/ID.md", N(k_fiche), 0},
	[SCHEMA_LIEU] = {"Un lieu (`lieux`)", NULL, N(k_lieu), 0},
	[SCHEMA_CONTACT] = {"`contact`", NULL, N(k_contact), 0},
	[SCHEMA_PERSONNE] = {"Une personne (`contacts_pro`)", NULL,
	    N(k_personne), 0},
	[SCHEMA_FERMETURE] = {"Une fermeture (`fermetures`)", NULL,
	    N(k_fermeture), 0},
	[SCHEMA_ACTU] = {"Une actualité", "actualites/AAAA-MM-JJ-titre.md",
	    N(k_actu), 0},
	[SCHEMA_PAGE] = {"Une page", "pages/SLUG.md", N(k_page), 0},
#undef N
};

const char *const schema_kinds[] = {"fiche", "actualite", "page", "site",
    "territoires", "types", "besoins", "publics", "glossaire", NULL};
static const enum schema_obj kind_obj[] = {SCHEMA_FICHE, SCHEMA_ACTU,
    SCHEMA_PAGE, SCHEMA_SITE, SCHEMA_TERRITOIRES, SCHEMA_TYPE,
    SCHEMA_BESOIN, SCHEMA_PUBLIC, SCHEMA_GLOSS};

const char *const *
schema_names(enum schema_obj o, size_t *n)
{
	/* Built once; the tables are constant. */
	static const char *names[SCHEMA__MAX][40];
	static int done;
	size_t	 i, k;

	if (!done) {
		for (i = 0; i < SCHEMA__MAX; i++)
			for (k = 0; k < objs[i].n && k < 40; k++)
				names[i][k] = objs[i].keys[k].name;
		done = 1;
	}
	*n = objs[o].n;
	return names[o];
}

/* The type column of the reference. */
static void
md_type(struct buf *b, const struct skey *k)
{
	const char *const *v;

	switch (k->type) {
	case ST_STR:	buf_puts(b, "texte"); break;
	case ST_MD:	buf_puts(b, "texte Markdown"); break;
	case ST_INT:	buf_puts(b, "nombre entier"); break;
	case ST_NUM:	buf_puts(b, "nombre décimal"); break;
	case ST_BOOL:	buf_puts(b, "`true` ou `false`"); break;
	case ST_DATE:	buf_puts(b, "date AAAA-MM-JJ"); break;
	case ST_URL:	buf_puts(b, "adresse web"); break;
	case ST_EMAIL:	buf_puts(b, "adresse électronique"); break;
	case ST_PHONE:	buf_puts(b, "numéro de téléphone"); break;
	case ST_CP:	buf_puts(b, "code postal"); break;
	case ST_HOURS:	buf_puts(b, "horaires"); break;
	case ST_SLUG:	buf_puts(b, "identifiant"); break;
	case ST_COLOR:	buf_puts(b, "couleur `\"#rrggbb\"`"); break;
	case ST_DIGITS:	buf_printf(b, "%d chiffres", k->digits); break;
	case ST_CODE:	buf_puts(b, "code de territoire"); break;
	case ST_CODES:	buf_puts(b, "liste de codes de territoire"); break;
	case ST_STRS:	buf_puts(b, "liste de textes"); break;
	case ST_REF:
		if (strcmp(k->ref, "fiches") == 0)
			buf_puts(b, "identifiant de fiche");
		else
			buf_printf(b, "clé de `%s`", k->ref);
		break;
	case ST_REFS:
		if (strcmp(k->ref, "fiches") == 0)
			buf_puts(b, "liste d'identifiants de fiches");
		else
			buf_printf(b, "liste de clés de `%s`", k->ref);
		break;
	case ST_ENUM:
	case ST_ENUMS:
		buf_puts(b, k->type == ST_ENUMS ? "liste parmi " : "");
		for (v = k->values; *v != NULL; v++)
			buf_printf(b, "%s`%s`", v == k->values ? "" : ", ", *v);
		break;
	case ST_OBJ:	buf_printf(b, "voir « %s »", objs[k->obj].title); break;
	case ST_OBJS:
		buf_printf(b, "liste, voir « %s »", objs[k->obj].title);
		break;
	}
}

void
schema_markdown(struct buf *b)
{
	size_t	 i, k;

	buf_puts(b, "<!-- Généré par « maillage schema --markdown » : ne pas "
	    "modifier à la main. -->\n"
	    "# Référence du format de contenu\n\n"
	    "Chaque fichier du dossier de contenu, ses clés, leur type et ce "
	    "qu'elles veulent dire.\nUne clé inconnue est une erreur (avec "
	    "la clé la plus proche en suggestion) ; une clé\n« oui » dans la "
	    "colonne « requise » doit être présente. Le guide pas à pas est "
	    "dans\n[guide.md](guide.md).\n");
	for (i = 0; i < SCHEMA__MAX; i++) {
		buf_printf(b, "\n## %s", objs[i].title);
		if (objs[i].where != NULL)
			buf_printf(b, " — `%s`", objs[i].where);
		buf_puts(b, "\n\n");
		if (objs[i].map_of)
			buf_puts(b, "Le fichier associe une clé (minuscules sans "
			    "accent, chiffres et tirets ; pour le glossaire, le "
			    "sigle) à une entrée :\n\n");
		buf_puts(b, "| clé | type | requise | sens |\n|---|---|---|---|\n");
		for (k = 0; k < objs[i].n; k++) {
			buf_printf(b, "| `%s` | ", objs[i].keys[k].name);
			md_type(b, &objs[i].keys[k]);
			buf_printf(b, " | %s | %s |\n", objs[i].keys[k].req ?
			    "oui" : "non", objs[i].keys[k].desc);
		}
	}
}

static void
json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void json_obj(struct buf *, enum schema_obj, int depth);

static void
json_type(struct buf *b, const struct skey *k, int depth)
{
	const char *const *v;

	switch (k->type) {
	case ST_INT:
		buf_puts(b, "\"type\": \"integer\"");
		break;
	case ST_NUM:
		buf_puts(b, "\"type\": \"number\"");
		break;
	case ST_BOOL:
		buf_puts(b, "\"type\": \"boolean\"");
		break;
	case ST_DATE:
		/* YAML reads an unquoted date as a date: accept both. */
		buf_puts(b, "\"type\": \"string\", \"pattern\": "
		    "\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"");
		break;
	case ST_CP:
		buf_puts(b, "\"type\": \"string\", \"pattern\": \"^[0-9]{5}$\"");
		break;
	case ST_COLOR:
		buf_puts(b, "\"type\": \"string\", \"pattern\": "
		    "\"^#[0-9A-Fa-f]{6}$\"");
		break;
	case ST_DIGITS:
		buf_printf(b, "\"type\": \"string\", \"pattern\": "
		    "\"^[0-9A-Za-z]{%d}$\"", k->digits);
		break;
	case ST_URL:
		buf_puts(b, "\"type\": \"string\", \"pattern\": "
		    "\"^https?://\"");
		break;
	case ST_EMAIL:
		buf_puts(b, "\"type\": \"string\", \"pattern\": \"^[^@ ]+@[^@ ]+$\"");
		break;
	case ST_SLUG:
	case ST_REF:
		buf_puts(b, "\"type\": \"string\", \"pattern\": \"^[a-z0-9-]+$\"");
		break;
	case ST_REFS:
		buf_puts(b, "\"type\": \"array\", \"items\": {\"type\": "
		    "\"string\", \"pattern\": \"^[a-z0-9-]+$\"}");
		if (k->req)
			buf_puts(b, ", \"minItems\": 1");
		break;
	case ST_CODES:
		buf_puts(b, "\"type\": \"array\", \"items\": {\"type\": "
		    "\"string\"}");
		if (k->req)
			buf_puts(b, ", \"minItems\": 1");
		break;
	case ST_STRS:
		buf_puts(b, "\"type\": \"array\", \"items\": {\"type\": "
		    "\"string\"}");
		break;
	case ST_ENUM:
	case ST_ENUMS:
		if (k->type == ST_ENUMS)
			buf_puts(b, "\"type\": \"array\", \"items\": {");
		buf_puts(b, "\"enum\": [");
		for (v = k->values; *v != NULL; v++) {
			if (v != k->values)
				buf_puts(b, ", ");
			json_str(b, *v);
		}
		buf_puts(b, "]");
		if (k->type == ST_ENUMS)
			buf_puts(b, "}");
		break;
	case ST_OBJ:
		json_obj(b, k->obj, depth + 1);
		break;
	case ST_OBJS:
		buf_puts(b, "\"type\": \"array\", \"items\": {");
		json_obj(b, k->obj, depth + 1);
		buf_puts(b, "}");
		break;
	default:
		buf_puts(b, "\"type\": \"string\"");
		break;
	}
}

/* An object's properties; territories nest through $defs. */
static void
json_obj(struct buf *b, enum schema_obj o, int depth)
{
	size_t	 k, nreq = 0;

	if (o == SCHEMA_TERR && depth > 1) {
		buf_puts(b, "\"$ref\": \"#/$defs/territoire\"");
		return;
	}
	buf_puts(b, "\"type\": \"object\", \"additionalProperties\": false, "
	    "\"properties\": {");
	for (k = 0; k < objs[o].n; k++) {
		buf_puts(b, k ? ", " : "");
		json_str(b, objs[o].keys[k].name);
		buf_puts(b, ": {\"description\": ");
		json_str(b, objs[o].keys[k].desc);
		buf_puts(b, ", ");
		json_type(b, &objs[o].keys[k], depth);
		buf_puts(b, "}");
		nreq += objs[o].keys[k].req;
	}
	buf_puts(b, "}");
	if (nreq > 0) {
		buf_puts(b, ", \"required\": [");
		for (k = 0, nreq = 0; k < objs[o].n; k++)
			if (objs[o].keys[k].req) {
				buf_puts(b, nreq++ ? ", " : "");
				json_str(b, objs[o].keys[k].name);
			}
		buf_puts(b, "]");
	}
}

int
schema_json(struct buf *b, const char *kind)
{
	enum schema_obj o;
	size_t	 i;

	for (i = 0; schema_kinds[i] != NULL; i++)
		if (strcmp(schema_kinds[i], kind) == 0)
			break;
	if (schema_kinds[i] == NULL)
		return -1;
	o = kind_obj[i];
	buf_puts(b, "{\"$schema\": \"https://json-schema.org/draft/2020-12/"
	    "schema\", \"title\": ");
	json_str(b, objs[o].title);
	buf_puts(b, ", ");
	if (objs[o].map_of) {
		buf_printf(b, "\"type\": \"object\", \"propertyNames\": "
		    "{\"pattern\": \"%s\"}, \"additionalProperties\": {",
		    o == SCHEMA_GLOSS ? "^\\\\S+$" : "^[a-z0-9-]+$");
		json_obj(b, o, 1);
		buf_puts(b, "}");
	} else
		json_obj(b, o, 1);
	if (o == SCHEMA_TERRITOIRES) {
		buf_puts(b, ", \"$defs\": {\"territoire\": {");
		json_obj(b, SCHEMA_TERR, 1);
		buf_puts(b, "}}");
	}
	buf_puts(b, "}\n");
	return 0;
}

int
schema_write(const char *dir)
{
	struct buf b = {0}, path = {0};
	size_t	 i;
	int	 rc = 0;

	buf_printf(&path, "%s/schemas", dir);
	if (util_mkdir_p(path.data) == -1) {
		fprintf(stderr, "maillage : %s : %s\n", path.data,
		    util_strerror(errno));
		buf_dispose(&path);
		return -1;
	}
	for (i = 0; schema_kinds[i] != NULL && rc == 0; i++) {
		buf_reset(&b);
		buf_reset(&path);
		schema_json(&b, schema_kinds[i]);
		buf_printf(&path, "%s/schemas/%s.json", dir, schema_kinds[i]);
		if (util_write_file(path.data, b.data, b.len) == -1) {
			fprintf(stderr, "maillage : %s : %s\n", path.data,
			    util_strerror(errno));
			rc = -1;
		}
	}
	buf_dispose(&b);
	buf_dispose(&path);
	return rc;
}
