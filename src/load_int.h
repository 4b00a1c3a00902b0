/*
 * load_int.h: private to the loader (load*.c): the reading context,
 * the split content file, and the functions one part of the loader
 * offers the others.
 *
 * Returns: field readers report their problems to the diagnostics and
 * return NULL or -1; see each function's comment.
 */
#ifndef LOAD_INT_H
#define LOAD_INT_H

#include <stddef.h>
#include <sys/types.h>

#include "diag.h"
#include "model.h"
#include "yaml.h"

#define MIB		(1024 * 1024)
#define MAX_MD_SIZE	MIB		/* a sheet, a news item, a page */
#define MAX_REF_SIZE	MIB		/* site, types, besoins, publics… */
#define MAX_TERR_SIZE	(16 * MIB)	/* territoires.yaml: 100k territories */

/* What a field reader needs: where to allocate and where to report. */
struct lctx {
	struct arena	*a;
	struct diags	*d;
	const char	*file;
	struct model	*m;
	struct source	*src;		/* where the files are read */
	const unsigned char *broken;	/* per sheet: unreadable, said so */
	int		 hints;		/* suggestion searches left (file) */
	/*
	 * Where a sheet's YAML tree goes when not NULL: emptied after each
	 * sheet, so that 100,000 front matters are never in memory at once.
	 * Readers then copy into a what the model keeps, and a node kept
	 * past the sheet (liens, remplace_par) is copied by yaml_copy.
	 */
	struct arena	*scratch;
};

/*
 * A "did you mean" search costs a pass over the candidates (35,000
 * communes for a national site): a file gets this many, so that a file
 * of thousands of unknown codes stays linear.
 */
#define MAX_HINTS	20

/* Switches the context to another file. */
static inline void
lctx_file(struct lctx *c, const char *file)
{
	c->file = file;
	c->hints = MAX_HINTS;
}

/* A content file split into front matter and body. */
struct srcfile {
	const char	*rel;		/* "fiches/dac-58.md" */
	char		*data;		/* malloc'd, freed after loading */
	size_t		 len;
	struct ynode	*fm;		/* front matter (a map) */
	const char	*body;
	size_t		 body_len;
	int		 body_line;
};

/* load_field.c */
void
pos_of(struct srcpos *p, const struct lctx *c, const struct ynode *n);
void
err_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void
warn_at(const struct lctx *c, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *
hint(struct lctx *c, const char *word, const char *const *cands, size_t n);
/* check_keys with the keys of schema.c's table for object o. */
void	 check_keys_of(struct lctx *c, const struct ynode *map,
	    const char *what, int o);
/* Whether two names are the same letters and digits, accents and case
 * aside ("nievre" and "Nièvre", "Personnes âgées" and "personnes agees"). */
int	 same_name(const char *, const char *);
/*
 * The file name a sheet id should have: lower case, no accents, words
 * joined by "-" ("Clic Nevers_2.MD" → "clic-nevers-2"), in arena a.
 */
char	*slug_of(struct arena *a, const char *name);
void
check_keys(struct lctx *c, const struct ynode *map, const char *what,
    const char *const *allowed, size_t n);
const char *
get_str(struct lctx *c, const struct ynode *map, const char *key, int req);
int
get_list(struct lctx *c, const struct ynode *map, const char *key, int req,
    struct strlist *out);
const struct ynode *
list_item(const struct ynode *v, size_t i);
/*
 * Warns once for each text repeated in the list v ("kept once"); returns
 * a malloc'd flag per item, 1 for a repeat to skip, or NULL if none.
 */
unsigned char *
list_repeats(struct lctx *c, const struct ynode *v, const char *key);
int
get_int(struct lctx *c, const struct ynode *map, const char *key, long lo,
    long hi, long *out);
int
get_date(struct lctx *c, const struct ynode *map, const char *key, int req,
    long *out);
int
get_bool(struct lctx *c, const struct ynode *map, const char *key);
int
get_enum(struct lctx *c, const struct ynode *map, const char *key,
    const char *const *names, size_t n);
unsigned
get_flags(struct lctx *c, const struct ynode *map, const char *key,
    const char *const *names, size_t n);
int
valid_email(const char *s);
int
valid_url(const char *s);
const char *
get_url(struct lctx *c, const struct ynode *map, const char *key, int req);
const char *
get_email(struct lctx *c, const struct ynode *map, const char *key);
void
get_phone(struct lctx *c, const struct ynode *map, const char *key,
    struct phone *out);
const char *
get_ident(struct lctx *c, const struct ynode *map, const char *key,
    size_t ndigits, int corsica);

/* load_source.c */
int
read_source(struct lctx *c, struct srcfile *sf, int md, size_t maxsz);
struct ynode *
load_yaml(struct lctx *c, const char *rel, int req, char **data);
ssize_t
list_md(struct lctx *c, const char *sub, char ***out, int req);
ssize_t
list_md_names(struct lctx *c, const char *sub, char **v, ssize_t n,
    char ***out);

/* load_ref.c */
void
load_site(struct lctx *c);
void
load_types(struct lctx *c);
void
load_besoins(struct lctx *c);
void
load_publics(struct lctx *c);
void
load_gloss(struct lctx *c);

/* load_terr.c */
void
resolve_codes(struct lctx *c, const struct ynode *list, const char *key,
    struct idset *out, int communes_only);
void
load_territories(struct lctx *c);

struct buf;

/* model.c: derived data, computed once after loading. */
void	 model_resolve_territories(struct model *, struct diags *);
void	 model_derive_sheet(const struct model *, struct arena *,
	    struct diags *, struct sheet *, struct buf *tmp);
void	 model_derive_start(struct model *);
void	 model_derive_finish(struct model *);

#endif
