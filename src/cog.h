/*
 * cog.h: the official communes, EPCIs and départements of data/cog/
 * (format in data/README.md), for `init` and for `check`.
 *
 * Returns: cog_open 0, or -1 with a French message on stderr; lookups give
 * the row or NULL when absent.
 */
#ifndef MAILLAGE_COG_H
#define MAILLAGE_COG_H

#include <stddef.h>

#include "util.h"

struct cog_row {
	const char	*code;
	const char	*nom;
	const char	*dep;		/* communes: their département */
	const char	*epci;		/* communes: SIREN or "" */
	const char	*cp;		/* communes: "58000,58160" or "" */
	const char	*absorbee_par;	/* "" for a current commune */
};

struct cog_table {
	char		*data;		/* the file, split in place */
	struct cog_row	*rows;
	size_t		 n;
	struct strmap	 by_code;
	struct strmap	 by_name;	/* folded names, made on first use */
	char		**name_keys;	/* by_name's keys, owned */
};

struct cog {
	char		*dir;		/* DATADIR/cog */
	struct cog_table deps;
	struct cog_table epcis;
	struct cog_table *communes;	/* one per loaded département */
	size_t		 ncommunes;
	struct strmap	 loaded;	/* first row's département → index */
};

/* Reads départements and EPCIs; -1 with a French message on stderr. */
int	 cog_open(struct cog *, const char *data_dir);
void	 cog_close(struct cog *);
/*
 * The communes of a département (its code), read on first use; NULL
 * when there is no such file (errno set).
 */
const struct cog_table *cog_communes(struct cog *, const char *dep);
/* A row by code, or NULL. */
const struct cog_row *cog_get(const struct cog_table *, const char *code);
/* The département of a commune code ("58194" → "58", "97105" → "971"). */
void	 cog_dep_of(char out[4], const char *commune);
/*
 * A département from what a person types: its code ("58", "2a", "1")
 * or its name, accents and case aside ("nievre", "Côtes-d'Armor").
 */
const struct cog_row *cog_find_dep(const struct cog *, const char *what);
/* A row whose name folds like `name`, or NULL. */
const struct cog_row *cog_find_name(const struct cog_table *, const char *name);
/* Whether a comma-separated list holds postal code cp. */
int	 cog_has_cp(const struct cog_row *, const char *cp);

#endif
