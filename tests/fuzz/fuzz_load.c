/*
 * fuzz_load.c: libFuzzer target for the whole loader (src/load*.c: file
 * reading, UTF-8, BOM and line ends, the front matter split, YAML, every
 * field rule, Markdown checks; then src/model.c). The first byte picks
 * the file the rest of the input becomes, in a copy of the base content
 * of tests/errors/base (MAILLAGE_FUZZ_BASE, or that path from the
 * current folder): a sheet, a news item, a page, or a referential. The
 * load must end with 0 or 1, every diagnostic located in a file.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "util.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 dir[64];
static const char *const refs[] = {"territoires.yaml", "site.yaml",
    "types.yaml", "besoins.yaml"};
static char	*saved[4];
static size_t	 savedlen[4];

static void
put(const char *rel, const void *data, size_t len)
{
	char	*p = util_path_join(dir, rel);

	if (util_write_file(p, data, len) == -1)
		abort();
	free(p);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = getenv("MAILLAGE_FUZZ_BASE");
	const char *files[] = {"site.yaml", "territoires.yaml", "types.yaml",
	    "besoins.yaml", "publics.yaml", "glossaire.yaml",
	    "fiches/clic-nevers.md"};
	char	*p, *data;
	size_t	 i, len;

	(void)argc;
	(void)argv;
	if (base == NULL)
		base = "tests/errors/base/content";
	snprintf(dir, sizeof(dir), "%s/maillage-fuzz.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	p = util_path_join(dir, "fiches");
	mkdir(p, 0755);
	free(p);
	p = util_path_join(dir, "actualites");
	mkdir(p, 0755);
	free(p);
	p = util_path_join(dir, "pages");
	mkdir(p, 0755);
	free(p);
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		p = util_path_join(base, files[i]);
		if (util_read_file(&data, &len, p, 1 << 20) != READ_OK) {
			fprintf(stderr, "fuzz_load: cannot read %s\n", p);
			exit(1);
		}
		put(files[i], data, len);
		free(data);
		free(p);
	}
	for (i = 0; i < 4; i++) {
		p = util_path_join(base, refs[i]);
		if (util_read_file(&saved[i], &savedlen[i], p, 1 << 20) !=
		    READ_OK)
			exit(1);
		free(p);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct build b;
	struct buf out = {0};
	const char *rel;
	char	*p;
	size_t	 i;
	int	 rc, ref = -1;

	if (size < 1)
		return 0;
	if (data[0] < 0xa0)
		rel = "fiches/fuzz.md";
	else if (data[0] < 0xb0)
		rel = "actualites/2026-10-01-fuzz.md";
	else if (data[0] < 0xb8)
		rel = "pages/fuzz.md";
	else
		rel = refs[ref = (data[0] - 0xb8) % 4];
	put(rel, data + 1, size - 1);

	build_init(&b);
	b.quiet = 1;
	b.tty = 0;
	b.jobs = 1;
	b.content_dir = dir;
	rc = load_content(&b);
	if (rc != 0 && rc != 1)
		abort();
	if ((rc == 1) != (b.diags.nerr > 0))
		abort();
	for (i = 0; i < b.diags.n; i++)
		if (b.diags.items[i].file[0] == '\0' ||
		    b.diags.items[i].line < 0 || b.diags.items[i].col < 0 ||
		    utf8_check(b.diags.items[i].msg,
		    strlen(b.diags.items[i].msg), NULL) == -1)
			abort();
	diags_sort(&b.diags);
	model_dump(&b.model, &out);
	buf_dispose(&out);
	build_free(&b);

	if (ref >= 0)
		put(rel, saved[ref], savedlen[ref]);
	else {
		p = util_path_join(dir, rel);
		unlink(p);
		free(p);
	}
	return 0;
}
