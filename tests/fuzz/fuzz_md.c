/*
 * fuzz_md.c: libFuzzer target for the Markdown pre-scan (src/md.c).
 * A body that md_check accepts is then parsed by cmark, which Debian
 * ships without its fixes for quadratic inputs: run with -timeout=N so
 * that any body the pre-scan lets through and cmark takes long on is
 * reported as a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "diag.h"
#include "md.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	cmark_node *doc;

	/* A body comes from a file of at most 1 MiB without NUL. */
	if (size > (1 << 20) || memchr(data, '\0', size) != NULL)
		return 0;
	diags_init(&d);
	if (md_check(&d, "f.md", (const char *)data, size, 21) == 0) {
		doc = md_parse((const char *)data, size);
		cmark_node_free(doc);
	} else if (d.nerr == 0)
		abort();
	diags_free(&d);
	return 0;
}
