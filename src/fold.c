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
