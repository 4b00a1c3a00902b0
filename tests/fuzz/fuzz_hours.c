/*
 * fuzz_hours.c: libFuzzer target for src/hours.c. Any text must be
 * parsed, or refused with a message and a column inside the text; an
 * accepted value must render in French, day by day and for schema.org.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "hours.h"
#include "util.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf b = {0};
	struct hours *h;
	const char *msg = NULL;
	char	*src;
	int	 col = 0, i, n;

	/* A YAML scalar: valid UTF-8, no NUL, at most YAML_MAX_SCALAR. */
	if (size > 16384 || memchr(data, '\0', size) != NULL ||
	    utf8_check((const char *)data, size, NULL) == -1)
		return 0;
	src = malloc(size + 1);
	memcpy(src, data, size);
	src[size] = '\0';
	arena_init(&a);
	h = hours_parse(&a, src, &col, &msg);
	if (h == NULL) {
		if (msg == NULL || msg[0] == '\0' || col < 1 ||
		    (size_t)col > utf8_len(src) + 1 ||
		    utf8_check(msg, strlen(msg), NULL) == -1)
			abort();
	} else {
		hours_french(&b, h);
		if (b.len > 0 && utf8_check(b.data, b.len, NULL) == -1)
			abort();
		for (i = 0; i < 7; i++) {
			buf_reset(&b);
			hours_day_french(&b, h, i);
			(void)hours_open_on(h, i);
		}
		n = hours_schema_count(h);
		if (n < 0)
			abort();
		for (i = 0; i < n; i++) {
			buf_reset(&b);
			hours_schema(&b, h, i);
		}
	}
	buf_dispose(&b);
	arena_free(&a);
	free(src);
	return 0;
}
