/*
 * fuzz_yaml.c: libFuzzer target for src/yaml.c. The input is a YAML
 * document (a front matter or a referential); it must be turned into a
 * tree or refused with a located diagnostic, in bounded time, without
 * leaks. Every node of an accepted tree is walked and checked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "util.h"
#include "yaml.h"
#include "../unit/yaml_same.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
walk(const struct ynode *n, int depth)
{
	size_t	 i, k;

	if (n == NULL)
		return;
	if (depth > YAML_MAX_DEPTH || n->line < 1 || n->col < 1)
		abort();
	switch (n->kind) {
	case YN_SCALAR:
		if (n->str == NULL || strlen(n->str) != n->len ||
		    n->len > YAML_MAX_SCALAR)
			abort();
		break;
	case YN_MAP:
		for (i = 0; i < n->n; i++) {
			if (n->items[2 * i]->kind != YN_SCALAR)
				abort();
			/* No duplicate keys got through. */
			for (k = 0; k < i && k < 64; k++)
				if (strcmp(n->items[2 * k]->str,
				    n->items[2 * i]->str) == 0)
					abort();
			if (yaml_get(n, n->items[2 * i]->str) == NULL)
				abort();
			walk(n->items[2 * i + 1], depth + 1);
		}
		break;
	case YN_SEQ:
		for (i = 0; i < n->n; i++)
			walk(n->items[i], depth + 1);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diags d;
	struct ynode *root = NULL;
	char	*src;
	size_t	 i;
	int	 rc;

	/* The loader hands over valid UTF-8 without NUL only. */
	if (memchr(data, '\0', size) != NULL ||
	    utf8_check((const char *)data, size, NULL) == -1)
		return 0;
	src = malloc(size + 1);
	memcpy(src, data, size);
	src[size] = '\0';
	arena_init(&a);
	diags_init(&d);
	rc = yaml_parse(&root, &a, &d, "f.md", src, size, 2);
	{
		struct diags d2;
		struct ynode *r2 = NULL;

		diags_init(&d2);
		if (yaml_parse_libyaml(&r2, &a, &d2, "f.md", src, size, 2) !=
		    rc || d2.n != d.n || !yaml_same_tree(root, r2))
			abort();
		for (i = 0; i < d.n; i++)
			if (strcmp(d.items[i].msg, d2.items[i].msg) != 0 ||
			    d.items[i].line != d2.items[i].line ||
			    d.items[i].col != d2.items[i].col)
				abort();
		diags_free(&d2);
	}
	if (rc == 0) {
		/* Errors with a tree: only the tabs of the indentation,
		 * read as spaces (yaml.h). */
		for (i = 0; i < d.n; i++)
			if (d.items[i].level == DIAG_ERROR &&
			    (strncmp(d.items[i].msg, "tabulation", 10) != 0 ||
			    memchr(data, '\t', size) == NULL))
				abort();
		walk(root, 0);
	} else {
		/* Refused: said so, somewhere in the text. */
		if (d.nerr == 0 || root != NULL)
			abort();
		for (i = 0; i < d.n; i++)
			if (d.items[i].line < 2 || d.items[i].col < 1 ||
			    d.items[i].msg[0] == '\0')
				abort();
	}
	diags_free(&d);
	arena_free(&a);
	free(src);
	return 0;
}
