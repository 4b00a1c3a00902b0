/*
 * fold.h: French-aware text folding, shared by sorting and the search
 * index (the browser runtime applies the same table: see search.js).
 */
#ifndef MAILLAGE_FOLD_H
#define MAILLAGE_FOLD_H

#include <stdint.h>

struct buf;

/*
 * Folds one code point: lower case, accents removed, ligatures expanded
 * (œ → oe, æ → ae, ß → ss), typographic apostrophes to "'". Writes the
 * result (0 to 2 ASCII or UTF-8 characters) into out and returns its
 * length in bytes.
 */
int	 fold_cp(char out[8], uint32_t cp);
/* A sort key: folded text, with spaces and punctuation kept. */
void	 fold_collate(struct buf *, const char *);
/* Folded text of s. */
void	 fold_text(struct buf *, const char *);

#endif
