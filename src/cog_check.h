/*
 * cog_check.h: content against the official communes (data/cog/).
 *
 * Returns: an exit code, 0 or 3 (printed); content problems go to the
 * diagnostics.
 */
#ifndef MAILLAGE_COG_CHECK_H
#define MAILLAGE_COG_CHECK_H

struct build;

/*
 * Reports territory codes that are not current communes, EPCIs or
 * départements (errors, with the right code as hint) and places whose
 * postal code is not their commune's (warnings). Returns 0, or 3 when
 * data/cog cannot be read (printed).
 */
int	 cog_check(struct build *, const char *data_dir);

#endif
