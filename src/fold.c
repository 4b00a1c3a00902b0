/* fold.c: case, accent and ligature folding for French text. */
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "util.h"

/* U+00C0..U+017F folded to ASCII ("" keeps the code point). */
static const char *const latin[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* 108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* 118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* 128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* 138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* 148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* 158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* 168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* 178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

int
fold_cp(char out[8], uint32_t cp)
{
	const char *s;
	size_t	 n;

	if (cp < 0x80) {
		out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		return 1;
	}
	if (cp >= 0xc0 && cp <= 0x17f && *(s = latin[cp - 0xc0]) != '\0') {
		n = strlen(s);
		memcpy(out, s, n);
		return (int)n;
	}
	switch (cp) {
	case 0x2019:		/* ’ */
	case 0x2018:
	case 0x02bc:
		out[0] = '\'';
		return 1;
	case 0x2010:		/* hyphens and dashes */
	case 0x2011:
	case 0x2013:
	case 0x2014:
		out[0] = '-';
		return 1;
	case 0x00a0:		/* no-break spaces */
	case 0x202f:
		out[0] = ' ';
		return 1;
	default:
		break;
	}
	/* Anything else is kept as it is (UTF-8). */
	{
		struct buf b = {0};

		utf8_put(&b, cp);
		n = b.len;
		memcpy(out, b.data, n);
		buf_dispose(&b);
	}
	return (int)n;
}

void
fold_text(struct buf *b, const char *s)
{
	char	 t[8];
	int	 n;

	while (*s != '\0') {
		if ((unsigned char)*s < 0x80) {
			buf_putc(b, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
			s++;
			continue;
		}
		n = fold_cp(t, utf8_next(&s));
		buf_put(b, t, (size_t)n);
	}
}

void
fold_collate(struct buf *b, const char *s)
{
	size_t	 start = b->len, i;

	fold_text(b, s);
	/* Apostrophes and hyphens sort as spaces: « l'Escale » near « l ». */
	for (i = start; i < b->len; i++)
		if (b->data[i] == '\'' || b->data[i] == '-')
			b->data[i] = ' ';
}

uint32_t
fold_lower(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 32;
	if (cp < 0x100 || cp > 0x17f)
		return cp;
	if (cp == 0x130)		/* İ */
		return 'i';
	if (cp == 0x178)		/* Ÿ */
		return 0xff;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
		return cp & 1 ? cp + 1 : cp;
	if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17f)
		return cp;
	return cp & 1 ? cp : cp + 1;
}

/* Whether a code point folds to ASCII letters or digits only. */
static int
word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	return cp >= 0xc0 && cp <= 0x17f && latin[cp - 0xc0][0] != '\0';
}

/*
 * Whether a code point is invisible inside a word: combining accents
 * (text pasted from a Mac is decomposed: "E" + U+0301), the soft hyphen
 * and the zero-width characters. They neither split a word nor show in
 * its folded form.
 */
int
fold_ignorable(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36f) || cp == 0xad ||
	    (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff;
}

/*
 * Splits s into words (see fold.h). Words of more than FOLD_WORD_MAX
 * folded bytes are skipped whole. Words are built in fixed arrays: this
 * runs over every word of every sheet.
 */
void
fold_words(const char *s, void (*fn)(void *, const char *, size_t,
    const char *, size_t), void *arg)
{
	char	 f[FOLD_WORD_MAX + 3], l[4 * FOLD_WORD_MAX + 8];
	size_t	 fn_ = 0, ln = 0, n;
	const char *fc;
	uint32_t cp;
	int	 over = 0;

	for (;;) {
		cp = (unsigned char)*s;
		if (cp != 0 && cp < 0x80)
			s++;
		else if (cp != 0)
			cp = utf8_next(&s);
		if (cp != 0 && fold_ignorable(cp))
			continue;
		if (cp != 0 && word_cp(cp)) {
			if (over)
				continue;
			if (cp < 0x80) {
				f[fn_++] = (char)(cp >= 'A' && cp <= 'Z' ?
				    cp + 32 : cp);
				l[ln++] = f[fn_ - 1];
			} else {
				fc = latin[cp - 0xc0];
				n = strlen(fc);
				memcpy(f + fn_, fc, n);
				fn_ += n;
				cp = fold_lower(cp);
				l[ln++] = (char)(0xc0 | (cp >> 6));
				l[ln++] = (char)(0x80 | (cp & 0x3f));
			}
			if (fn_ > FOLD_WORD_MAX)
				over = 1;
			continue;
		}
		if (fn_ > 0 && !over) {
			f[fn_] = '\0';
			l[ln] = '\0';
			fn(arg, f, fn_, l, ln);
		}
		fn_ = ln = 0;
		over = 0;
		if (cp == 0)
			break;
	}
}
