/*
 * lettre.h: the newsletter. What changed between the two ends of a range
 * of the history, said in French, for one territory or all, written as
 * lettre.html (for mail clients), lettre.txt and lettre.eml (GMime).
 *
 * Returns: NULL or -1 with a French message in err, but lettre_write,
 * which gives an exit code (0 or 3, printed).
 */
#ifndef MAILLAGE_LETTRE_H
#define MAILLAGE_LETTRE_H

#include <stddef.h>

struct buf;
struct model;
struct hist_range;
struct lettre;

/*
 * Builds the edition of range r: mo and mn are the models of the content
 * at both ends (names of sheets, territories, communes and types, each
 * from its end), site the model whose site settings the letter uses (the
 * work tree's: it is sent today). territory is a code of territoires.yaml
 * at the end of the range, or NULL. Returns NULL when the territory is
 * unknown (message in err). The models must outlive the letter.
 */
struct lettre *lettre_new(const struct model *site, const struct model *mo,
	    const struct model *mn, const struct hist_range *r,
	    const char *territory, struct buf *err);
void	 lettre_free(struct lettre *);
/* Number of items: 0 means there is nothing to tell. */
size_t	 lettre_count(const struct lettre *);
/* The three renderings, for tests and for lettre_write. */
void	 lettre_html(struct buf *, const struct lettre *);
void	 lettre_text(struct buf *, const struct lettre *);
/* Returns 0, or -1 when GMime fails (message in err). */
int	 lettre_eml(struct buf *, const struct lettre *, struct buf *err);
/*
 * Writes DIR/lettre.html, lettre.txt and lettre.eml into a fresh folder
 * swapped in place of dir. Returns 0 or 3 (printed).
 */
int	 lettre_write(const struct lettre *, const char *dir);
/* "2026-11-20": the edition's date, the --until commit's day. */
const char *lettre_date(const struct lettre *);

#endif
