/*
 * fuzz_tmpl.c: libFuzzer target for src/tmpl.c (the Mustache compiler
 * and renderer). The input is split at its first NUL byte: before it,
 * template "t"; after it, template "p", which "t" may call as a partial
 * (and "p" may call "t" or itself: recursion must be cut). A template
 * is compiled or refused with a located message; a compiled set is
 * checked for partials and rendered with a small context of every kind
 * of value. Lists hold one item, so the output stays linear in the
 * input (nested sections over longer lists multiply: that is Mustache,
 * not a bug).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "tmpl.h"
#include "util.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct tval *
context(struct arena *a)
{
	struct tval *m = tv_map(a), *l = tv_list(a), *item = tv_map(a),
	    *sub = tv_map(a);

	tv_set_str(a, m, "nom", "Centre <social> & « Léo »");
	tv_set_str(a, m, "vide", "");
	tv_set(a, m, "nul", tv_null(a));
	tv_set_bool(a, m, "vrai", 1);
	tv_set_bool(a, m, "faux", 0);
	tv_set(a, m, "n", tv_int(a, 42));
	tv_set_str(a, sub, "code", "58");
	tv_set_str(a, sub, "nom", "Nièvre");
	tv_set(a, item, "t", sub);
	tv_set_str(a, item, "url", "/fiches/dac-58/");
	tv_push(a, l, item);
	tv_set(a, m, "fiches", l);
	tv_set(a, m, "t", sub);
	tv_set(a, m, "liste_vide", tv_list(a));
	return m;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data, *nul;
	struct tmpl_set *set;
	struct diags d;
	struct arena a;
	struct buf out = {0};
	size_t	 tlen, i;
	int	 ok, rc;

	if (size > 16384)
		return 0;
	nul = memchr(src, '\0', size);
	tlen = nul != NULL ? (size_t)(nul - src) : size;
	diags_init(&d);
	arena_init(&a);
	set = tmpl_set_new();
	ok = tmpl_add(set, "t", src, tlen, &d) == 0;
	if (nul != NULL)
		ok &= tmpl_add(set, "p", nul + 1, size - tlen - 1, &d) == 0;
	/* A refusal says where: templates/NAME.mustache:LINE:COL. */
	if (!ok && d.nerr == 0)
		abort();
	for (i = 0; i < d.n; i++)
		if (d.items[i].msg == NULL || d.items[i].msg[0] == '\0')
			abort();
	if (ok && tmpl_check_partials(set, &d) == 0) {
		rc = tmpl_render(&out, set, "t", context(&a));
		/* Partials calling each other may only stop the render,
		 * within its bounds. */
		if (rc != 0 && (rc != TMPL_TOO_LARGE ||
		    out.len > 33 * 1024 * 1024))
			abort();
	}
	buf_dispose(&out);
	tmpl_set_free(set);
	arena_free(&a);
	diags_free(&d);
	return 0;
}
