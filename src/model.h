/*
 * model.h: the in-memory model of a content folder, built once by the
 * loader and read-only for every output. Strings are UTF-8, NUL-terminated
 * and live in the model's own arenas. References between objects are
 * indices into the model's arrays (-1: none).
 *
 * The model is a value: model_load fills one from a source (source.h),
 * model_free releases it; nothing is global, so two models (two
 * revisions of the same content, say) live side by side:
 *
 *	struct model old, new;
 *	struct diags d;
 *	diags_init(&d);
 *	model_load(&old, src_old, today, &d, 0, 0);
 *	model_load(&new, src_new, today, &d, 0, 0);
 *	...
 *	model_free(&old);
 *	model_free(&new);
 *	diags_free(&d);
 *
 * Returns, for every fallible function here and in the loader: 0 on
 * success, -1 on failure, the problem being reported where it was found
 * (to the diagnostics, or on stderr for the command line).
 */
#ifndef MAILLAGE_MODEL_H
#define MAILLAGE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "util.h"

struct buf;
struct hours;
struct source;

/* A set of small integers (commune or sheet numbers), sorted, unique. */
struct idset {
	int	*v;
	size_t	 n;
};

/* A list of strings. */
struct strlist {
	const char **v;
	size_t	 n;
};

enum terr_type {
	TERR_REGION,
	TERR_DEPARTEMENT,
	TERR_EPCI,
	TERR_COMMUNE,
	TERR_QUARTIER,
	TERR_ZONE,
	TERR__MAX
};

/*
 * A territory's services that answer one need (derived): every sheet of
 * its directory appears under each of its needs.
 */
struct need_group {
	int		 besoin;	/* index in besoins */
	struct idset	 located;	/* in the order of t->located */
	struct idset	 covering;	/* in the order of t->covering */
};

struct territory {
	const char	*code;
	const char	*nom;
	enum terr_type	 type;
	int		 parent;	/* in the tree; -1 for roots and zones */
	struct idset	 children;	/* territories directly contained */
	int		 is_zone;	/* from `zones:` */
	struct idset	 inclut;	/* zones: territories included */
	struct idset	 exclut;	/* zones: communes taken out */
	int		 commune_no;	/* communes: number in [0, ncommunes) */
	struct idset	 communes;	/* resolved: commune numbers */
	int		 depth;		/* 0 for roots */
	struct srcpos	 pos;
	/*
	 * Derived: the sheets of its directory, sorted by name. Located: a
	 * place in this territory, or, for a service without a place, this
	 * territory contains one it names (a département's DAC is located
	 * in the département). Covering: the others, which serve it from
	 * elsewhere.
	 */
	struct idset	 located;
	struct idset	 covering;
	struct need_group *groups;	/* by need, in besoins.yaml order
					   (model_prepare_outputs) */
	size_t		 ngroups;
};

enum famille {
	FAMILLE_NONE,
	FAMILLE_SANITAIRE,
	FAMILLE_MEDICO_SOCIAL,
	FAMILLE_SOCIAL,
	FAMILLE_TRANSVERSAL
};

struct type_def {
	const char	*key;
	const char	*nom;
	const char	*sigle;		/* NULL when none */
	enum famille	 famille;
	const char	*definition;
	struct srcpos	 pos;
	struct idset	 sheets;	/* derived: published sheets, by name */
};

struct besoin {
	const char	*key;
	const char	*nom;
	struct strlist	 synonymes;
	struct strlist	 data_inclusion;	/* thematiques */
	struct srcpos	 pos;
	struct idset	 sheets;	/* derived */
};

struct public_def {
	const char	*key;
	const char	*nom;
	struct strlist	 data_inclusion;	/* publics */
	struct srcpos	 pos;
	struct idset	 sheets;	/* derived */
};

struct gloss {
	const char	*sigle;
	const char	*forme_longue;
	int		 type;		/* index in types when from types.yaml */
	struct srcpos	 pos;
};

struct place {
	const char	*nom;
	const char	*adresse;
	const char	*code_postal;
	int		 commune;	/* territory index, -1 */
	int		 has_geo;
	double		 lat, lon;
	const char	*horaires;	/* source text, NULL */
	struct hours	*hours;		/* parsed, NULL */
	const char	*horaires_precisions;
	const char	*accessibilite;
	struct srcpos	 pos;
};

struct phone {
	const char	*display;	/* "03 53 73 00 01" */
	const char	*uri;		/* "tel:+33353730001" */
};

struct person {
	const char	*nom;
	const char	*role;
	const char	*email;
	struct phone	 telephone;	/* display NULL when none */
};

struct closure {
	long		 du, au;	/* days since epoch */
	const char	*motif;
};

enum acces {
	ACCES_ACCUEIL = 1 << 0,
	ACCES_RENDEZ_VOUS = 1 << 1,
	ACCES_TELEPHONE = 1 << 2,
	ACCES_DOMICILE = 1 << 3,
	ACCES_EN_LIGNE = 1 << 4
};

enum orientation {
	ORIENT_USAGERS = 1 << 0,
	ORIENT_PROFESSIONNELS = 1 << 1
};

enum frais {
	FRAIS_NONE,
	FRAIS_GRATUIT,
	FRAIS_PAYANT
};

enum statut {
	STATUT_ACTIF,
	STATUT_FERME,
	STATUT_BROUILLON
};

struct sheet {
	const char	*id;
	const char	*file;		/* "fiches/ID.md" */
	const char	*nom;
	const char	*sigle;
	int		 type;
	const char	*resume;
	struct idset	 publics;	/* indices, in the order written */
	struct idset	 besoins;
	struct idset	 territoires;
	const char	*porteur;
	struct place	*lieux;
	size_t		 nlieux;
	const char	*horaires;	/* top level, when no place */
	struct hours	*hours;
	struct phone	 telephone;
	const char	*email;
	const char	*site;
	unsigned	 acces;		/* enum acces bits */
	unsigned	 orientation;	/* enum orientation bits */
	const char	*conditions_acces;
	int		 age_min, age_max;	/* -1 when absent */
	enum frais	 frais;
	const char	*frais_precisions;
	struct strlist	 langues;	/* default ["fr"] */
	int		 interpretariat;	/* -1 absent, 0, 1 */
	struct idset	 liens;		/* as written, published only */
	struct idset	 liens_all;	/* derived: both ways, sorted by name */
	struct strlist	 mots_cles;
	struct closure	*fermetures;
	size_t		 nfermetures;
	enum statut	 statut;
	const char	*siret;
	const char	*finess;
	const char	*facile;	/* easy-to-read Markdown, NULL */
	int		 facile_line;	/* 1-based line of its value */
	int		 remplace_par;	/* sheet index (closed sheets), -1 */
	long		 verifie_le;
	long		 modifie_le;	/* derived from git: last change, 0 unknown */
	int		 stale;		/* derived: older than fraicheur_mois */
	int		 pro_only;	/* derived: only professionals may ask
					 * for it (orientation) */
	struct person	*contacts_pro;
	size_t		 ncontacts_pro;
	const char	*body;		/* Markdown, without the front matter */
	size_t		 body_len;
	int		 body_line;	/* 1-based line of the body's first line */
	const char	*collate;	/* derived: the name folded, to sort */
	const char	*text;		/* derived: the body's plain text
					   (model_prepare_outputs), "" */
	struct idset	 acronyms;	/* derived: glossary entries its
					   text uses (md_acronyms) */
	struct idset	 acronyms_pro;	/* and only its contacts_pro */
	struct idset	 coverage;	/* derived: commune numbers */
	struct idset	 located_in;	/* derived: communes of its places */
	struct srcpos	 pos;
};

struct news {
	const char	*slug;		/* file name without .md */
	const char	*file;
	const char	*titre;
	long		 date;
	struct idset	 territoires;
	struct idset	 fiches;
	const char	*body;
	size_t		 body_len;
	int		 body_line;
};

struct page {
	const char	*slug;
	const char	*file;
	const char	*titre;
	const char	*body;
	size_t		 body_len;
	int		 body_line;
};

/* An emergency or helpline number of site.yaml's `urgences`. */
struct urgence {
	const char	*nom;		/* "SAMU" */
	const char	*numero;	/* as displayed: "15", "39 19" */
	const char	*uri;		/* "tel:15", "tel:+33353730001" */
	const char	*quand;		/* "urgence médicale", NULL */
};

struct site_conf {
	const char	*titre;
	const char	*sous_titre;
	const char	*url;		/* always ends with '/' */
	const char	*editeur;
	const char	*contact;
	int		 fraicheur_mois;	/* default 12 */
	unsigned	 pdf_niveaux;	/* bits 1 << enum terr_type */
	const char	*edition;
	const char	*lettre_titre;
	const char	*lettre_expediteur;
	const char	*lettre_desinscription;
	const char	*couleur;	/* "#rrggbb", NULL when none */
	struct urgence	*urgences;	/* numbers shown where nothing else
					 * helps, in the order written */
	size_t		 nurgences;
	const char	*signalement;	/* "mailto:…" or https URL; NULL */
	const char	*carte_tuiles;	/* {z}/{x}/{y} template, NULL: no map */
	const char	*carte_attribution;
	int		 pdf_min_services;	/* default 3 */
};

struct model {
	struct site_conf site;
	struct territory *terr;
	size_t		 nterr;
	int		*commune_terr;	/* commune number → territory index */
	size_t		 ncommunes;
	struct type_def	*types;
	size_t		 ntypes;
	struct besoin	*besoins;
	size_t		 nbesoins;
	struct public_def *publics;
	size_t		 npublics;
	struct gloss	*gloss;		/* glossary + sigles of types, sorted */
	size_t		 ngloss;
	struct sheet	*sheets;	/* every sheet, drafts too, by id */
	size_t		 nsheets;
	struct idset	 published;	/* not drafts, sorted by name */
	int		*sheet_rank;	/* sheet → its rank by name, then id */
	int		*terr_order;	/* territories by folded name, code
					   (model_prepare_outputs) */
	struct news	*news;		/* newest first, then by slug */
	size_t		 nnews;
	struct page	*pages;		/* by slug */
	size_t		 npages;
	long		 today;		/* days since epoch */
	/* Lookups. */
	struct strmap	*terr_by_code;
	struct strmap	*sheet_by_id;
	struct strmap	*type_by_key;
	struct strmap	*besoin_by_key;
	struct strmap	*public_by_key;
	/* Memory: everything above lives here. */
	struct arena	 arena;
	struct arena	*warenas;	/* one per loader thread, then per
					   model_prepare_outputs worker */
	size_t		 nwarenas;
	double		 load_time[2];	/* seconds: referentials, sheets */
	int		 outputs_ready;	/* model_prepare_outputs was run */
};

/*
 * Loads the content of src into *out (which it initialises): today is
 * the date the freshness of sheets is measured against (days since the
 * epoch), every problem goes to d, and up to jobs threads (0: the
 * cores) read the sheets. Returns 0, or -1 when errors were added to d;
 * either way *out is complete enough to report on, and must be freed
 * with model_free.
 */
int	 model_load(struct model *out, struct source *src, long today,
	    struct diags *d, int jobs, unsigned flags);
/* model_load flags: bodies are checked but not kept (check, 100k). */
#define MODEL_NO_BODIES	1u
void	 model_free(struct model *);
/*
 * Derives what the outputs read and check does not need (need groups of
 * each territory, the territories' order, each sheet's plain text and
 * acronyms): call
 * it once, before the outputs (main.c does); it is idempotent. The
 * sheets' part runs over `jobs` workers.
 */
void	 model_prepare_outputs(struct model *, int jobs);
/* A plain-text dump of the model, for tests. */
void	 model_dump(const struct model *, struct buf *);

extern const char *const terr_type_names[TERR__MAX]; /* "departement"... */

/* Labels, once for every output (model.c). Bit i is key i. */
#define MODEL_NACCES	5
#define MODEL_NORIENT	2
#define MODEL_NLANGS	143
extern const char *const model_acces_keys[MODEL_NACCES];	/* "accueil" */
extern const char *const model_acces_labels[MODEL_NACCES]; /* "sur rendez-vous" */
extern const char *const model_orient_keys[MODEL_NORIENT];
extern const char *const model_orient_labels[MODEL_NORIENT];
extern const char *const model_lang_codes[MODEL_NLANGS];	/* ISO 639-1 */
/* Index of an ISO 639-1 code in model_lang_codes, or -1. */
int	 model_lang(const char *code);
/* Its French name ("arabe"), or the code itself when unknown. */
const char *model_lang_label(const char *code);

int	 model_terr(const struct model *, const char *code);
int	 model_sheet(const struct model *, const char *id);
int	 model_type(const struct model *, const char *key);
int	 model_besoin(const struct model *, const char *key);
int	 model_public(const struct model *, const char *key);
int	 idset_has(const struct idset *, int);
/* Sorts sheet indices by name (then id), the order of every list. */
void	 model_sort_sheets(const struct model *, int *v, size_t n);
int	 idset_meets(const struct idset *, const struct idset *);
/* Current or upcoming closure of a sheet (NULL if none). */
const struct closure *model_next_closure(const struct model *,
	    const struct sheet *);
/* A French label of a territory type: "département", "commune"... */
const char *terr_type_label(enum terr_type);

#endif
