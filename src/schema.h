/*
 * schema.h: the keys of every content file, with their types and their
 * meaning in French. The loader checks keys against these tables, and
 * the format reference (docs/format.md) and the JSON Schemas that
 * editors use are printed from them, so the three cannot drift apart.
 *
 * Returns: schema_json 0, or -1 for an unknown kind; schema_write 0, or -1
 * after a French message on stderr; the rest cannot fail.
 */
#ifndef MAILLAGE_SCHEMA_H
#define MAILLAGE_SCHEMA_H

#include <stddef.h>

struct buf;

enum schema_obj {
	SCHEMA_SITE, SCHEMA_PDF, SCHEMA_LETTRE, SCHEMA_URGENCE, SCHEMA_CARTE,
	SCHEMA_TERRITOIRES, SCHEMA_TERR, SCHEMA_ZONE,
	SCHEMA_TYPE, SCHEMA_BESOIN, SCHEMA_PUBLIC, SCHEMA_GLOSS,
	SCHEMA_FICHE, SCHEMA_LIEU, SCHEMA_CONTACT, SCHEMA_PERSONNE,
	SCHEMA_FERMETURE, SCHEMA_ACTU, SCHEMA_PAGE,
	SCHEMA__MAX
};

/*
 * The key names of an object, in the order of the reference, for
 * check_keys(): a static array that lives as long as the program.
 */
const char *const *schema_names(enum schema_obj, size_t *n);
/* The format reference in Markdown (docs/format.md). */
void	 schema_markdown(struct buf *);
/*
 * The JSON Schema of a file kind: "fiche", "actualite", "page", "site",
 * "territoires", "types", "besoins", "publics", "glossaire". -1 when
 * the kind is unknown.
 */
int	 schema_json(struct buf *, const char *kind);
/* Writes DIR/schemas/KIND.json for every kind; -1 with a message. */
int	 schema_write(const char *dir);
/* The kinds schema_json knows, NULL-terminated. */
extern const char *const schema_kinds[];

#endif
