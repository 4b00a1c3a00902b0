/*
 * yaml_same.h: whether two YAML trees are the same (kinds, texts, quoting
 * styles, positions), for the tests that compare yaml_parse's fast path
 * with libyaml: tests/unit/test_yaml.c and tests/fuzz/fuzz_yaml.c.
 */
#ifndef MAILLAGE_YAML_SAME_H
#define MAILLAGE_YAML_SAME_H

#include <string.h>

#include "yaml.h"

static int
yaml_same_tree(const struct ynode *x, const struct ynode *y)
{
	size_t	 i, k;

	if (x == NULL || y == NULL)
		return x == y;
	if (x->kind != y->kind || x->line != y->line || x->col != y->col ||
	    x->quoted != y->quoted || x->n != y->n)
		return 0;
	if (x->kind == YN_SCALAR)
		return x->len == y->len && memcmp(x->str, y->str, x->len) == 0 &&
		    x->str[x->len] == '\0' && y->str[y->len] == '\0';
	k = x->kind == YN_MAP ? 2 * x->n : x->n;
	for (i = 0; i < k; i++)
		if (!yaml_same_tree(x->items[i], y->items[i]))
			return 0;
	return 1;
}

#endif
