/*
 * test_fold.c: the folding that sorting and search share. Its word
 * splitting is a contract with templates/assets/search.js (words()):
 * the sentences below are asserted on that side too
 * (tests/search/index.test.js), and t-search compares the whole table.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"

#include "harness.h"

/* The folded words of s, joined by spaces. */
static void
add_word(void *arg, const char *folded, size_t flen, const char *lower,
    size_t llen)
{
	struct buf *b = arg;

	(void)lower;
	(void)llen;
	if (b->len > 0)
		buf_putc(b, ' ');
	buf_put(b, folded, flen);
}

static char *
words(const char *s)
{
	struct buf b = {0};

	fold_words(s, add_word, &b);
	return buf_detach(&b);
}

/* The lower-case originals, joined by spaces (what the stemmer gets). */
static void
add_lower(void *arg, const char *folded, size_t flen, const char *lower,
    size_t llen)
{
	struct buf *b = arg;

	(void)folded;
	(void)flen;
	if (b->len > 0)
		buf_putc(b, ' ');
	buf_put(b, lower, llen);
}

#define WORDS_EQ(s, want) do {						\
	char *got_ = words(s);						\
	STR_EQ(got_, want);						\
	free(got_);							\
} while (0)

static char *
folded(void (*fn)(struct buf *, const char *), const char *s)
{
	struct buf b = {0};

	fn(&b, s);
	return buf_detach(&b);
}

#define FOLD_EQ(fn, s, want) do {					\
	char *got_ = folded(fn, s);					\
	STR_EQ(got_, want);						\
	free(got_);							\
} while (0)

int
main(void)
{
	char	 out[8];
	struct buf b = {0};
	char	 longw[64];

	/* Code points: case, accents, ligatures, apostrophes. */
	out[fold_cp(out, 'A')] = '\0';
	STR_EQ(out, "a");
	out[fold_cp(out, 0xc9)] = '\0';		/* É */
	STR_EQ(out, "e");
	out[fold_cp(out, 0x153)] = '\0';	/* œ */
	STR_EQ(out, "oe");
	out[fold_cp(out, 0xc6)] = '\0';		/* Æ */
	STR_EQ(out, "ae");
	out[fold_cp(out, 0xdf)] = '\0';		/* ß */
	STR_EQ(out, "ss");
	out[fold_cp(out, 0x2019)] = '\0';	/* ’ */
	STR_EQ(out, "'");
	INT_EQ(fold_lower(0xc0), 0xe0);
	INT_EQ(fold_lower(0x3a9), 0x3a9);	/* outside the table */

	/* The contract with search.js's words(). */
	WORDS_EQ("L'aide à domicile", "l aide a domicile");
	WORDS_EQ("L’aide-soignante", "l aide soignante");
	WORDS_EQ("ÉHPAD, SSIAD et CCAS", "ehpad ssiad et ccas");
	WORDS_EQ("cœur Œuvre", "coeur oeuvre");
	WORDS_EQ("03 53 73 00 01", "03 53 73 00 01");
	WORDS_EQ("Δ pas grec", "pas grec");
	WORDS_EQ("", "");
	WORDS_EQ("  ,;  ", "");
	/* Words longer than FOLD_WORD_MAX are dropped. */
	memset(longw, 'a', FOLD_WORD_MAX + 1);
	longw[FOLD_WORD_MAX + 1] = '\0';
	WORDS_EQ(longw, "");
	longw[FOLD_WORD_MAX] = '\0';
	{
		char *got = words(longw);

		INT_EQ(strlen(got), FOLD_WORD_MAX);
		free(got);
	}
	/* The stemmer gets the lower case with its accents. */
	fold_words("Élève À l'École", add_lower, &b);
	STR_EQ(buf_cstr(&b), "élève à l école");
	buf_dispose(&b);

	/* Sort keys keep spaces and punctuation; text folds them too. */
	FOLD_EQ(fold_collate, "Éclair, Œuvre", "eclair, oeuvre");
	FOLD_EQ(fold_text, "Maison Départementale", "maison departementale");
	{
		char *x = folded(fold_collate, "École");
		char *y = folded(fold_collate, "Ecole de musique");

		OK(strcmp(x, y) < 0, "École sorts before Ecole de musique");
		free(x);
		free(y);
	}
	return TEST_END();
}
