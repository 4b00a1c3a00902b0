/*
 * tmpl.h: Mustache templates (variables, {{{raw}}} and {{& raw}}, sections
 * over lists, maps and booleans, inverted sections, comments, partials,
 * dotted names, set delimiters), compiled once to an op list.
 *
 * Data is a small tree of values built by the outputs (in an arena).
 *
 * Returns: 0 (or the object), or -1 (NULL) after reporting to the
 * diagnostics; the value builders cannot fail.
 */
#ifndef MAILLAGE_TMPL_H
#define MAILLAGE_TMPL_H

#include <stddef.h>

struct arena;
struct buf;
struct diags;

enum tval_kind {
	TV_NULL,
	TV_BOOL,
	TV_STR,
	TV_LIST,
	TV_MAP
};

struct tval;

/* Building values; everything lives in the arena. */
struct tval	*tv_null(struct arena *);
struct tval	*tv_bool(struct arena *, int);
struct tval	*tv_str(struct arena *, const char *);	/* NULL → TV_NULL */
struct tval	*tv_int(struct arena *, long);		/* as a string */
struct tval	*tv_list(struct arena *);
struct tval	*tv_map(struct arena *);
void		 tv_push(struct arena *, struct tval *list, struct tval *);
/* Later sets of the same key replace earlier ones. */
void		 tv_set(struct arena *, struct tval *map, const char *key,
		    struct tval *);
void		 tv_set_str(struct arena *, struct tval *map, const char *key,
		    const char *);
void		 tv_set_bool(struct arena *, struct tval *map, const char *key,
		    int);
size_t		 tv_len(const struct tval *);	/* list length, else 0 */
const struct tval *tv_get(const struct tval *map, const char *key);

/* A set of templates: every templates/NAME.mustache, partials by NAME. */
struct tmpl_set;

/*
 * Loads and compiles every *.mustache file of dir. Syntax errors (unclosed
 * section, mismatched close, unclosed tag, missing partial) are reported
 * to diags as "templates/NAME.mustache:LINE:COL: erreur: …" (in French)
 * and make it return NULL.
 */
struct tmpl_set	*tmpl_load_dir(const char *dir, struct diags *);
/* Compiles one template from memory (tests); name is used in messages. */
int		 tmpl_add(struct tmpl_set *, const char *name, const char *src,
		    size_t len, struct diags *);
struct tmpl_set	*tmpl_set_new(void);
/* Checks that every partial referenced exists; 0 or -1 (reported). */
int		 tmpl_check_partials(struct tmpl_set *, struct diags *);
void		 tmpl_set_free(struct tmpl_set *);
int		 tmpl_has(const struct tmpl_set *, const char *name);

/*
 * Renders template name with ctx into out. {{x}} is HTML-escaped
 * (& < > " ' as entities); {{{x}}} is raw. Returns 0, -1 when name
 * is unknown, or TMPL_TOO_LARGE when the page would pass 32 MB or 131,072
 * partials (partials that call each other without end): out then holds a
 * cut page.
 */
#define TMPL_TOO_LARGE	(-2)
int		 tmpl_render(struct buf *out, const struct tmpl_set *,
		    const char *name, const struct tval *ctx);

#endif
