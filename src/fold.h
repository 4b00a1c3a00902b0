/*
 * fold.h: French-aware text folding, shared by sorting and the search
 * index (the browser runtime applies the same table: see search.js).
 *
 * Returns: nothing fails; the folders return lengths or code points.
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

/* Longest search word kept, in folded bytes; longer words are dropped. */
#define FOLD_WORD_MAX	40

/*
 * Calls fn for each search word of s, in order. A word is a run of code
 * points whose folding is made of ASCII letters and digits; everything
 * else (spaces, punctuation, apostrophes, hyphens, other scripts) splits
 * words, so elisions (« l'aide ») and compounds (« aide-soignante »)
 * come apart. fn gets the folded word and the original word in lower
 * case with its accents (for the stemmer), both NUL-terminated.
 * search.js's words() must split and fold exactly the same way.
 */
void	 fold_words(const char *s, void (*fn)(void *arg, const char *folded,
	    size_t flen, const char *lower, size_t llen), void *arg);
/*
 * Whether cp is ignored inside words: combining accents, soft hyphen,
 * zero-width characters (search.js ignores the same ones).
 */
int	 fold_ignorable(uint32_t cp);
/* Lower case of a code point of U+0000..U+017F; others are returned. */
uint32_t fold_lower(uint32_t cp);

#endif
