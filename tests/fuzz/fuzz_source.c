/*
 * fuzz_source.c: libFuzzer target for the git source (src/source.c)
 * and the loader reading through it. The input is a set of tree
 * entries, each "M PATH\nDATA\0" (M picks the mode: file, executable,
 * symbolic link, submodule); they are written as blobs into a fresh
 * repository under /dev/shm, over the base content of tests/errors/base
 * (MAILLAGE_FUZZ_BASE) in folder "c/", committed, and read back with
 * source_open_git(REPO/c, "HEAD"): listed, read, then loaded whole with
 * model_load. Every diagnostic must say something.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "source.h"
#include "util.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 top[64];
static unsigned	 serial;
static const char *const basefiles[] = {"site.yaml", "territoires.yaml",
    "types.yaml", "besoins.yaml", "publics.yaml", "glossaire.yaml",
    "fiches/clic-nevers.md"};
static char	*basedata[7];
static size_t	 baselen[7];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = getenv("MAILLAGE_FUZZ_BASE");
	char	*p;
	size_t	 i;

	(void)argc;
	(void)argv;
	if (base == NULL)
		base = "tests/errors/base/content";
	for (i = 0; i < 7; i++) {
		p = util_path_join(base, basefiles[i]);
		if (util_read_file(&basedata[i], &baselen[i], p, 1 << 20) !=
		    READ_OK) {
			fprintf(stderr, "fuzz_source: cannot read %s\n", p);
			exit(1);
		}
		free(p);
	}
	snprintf(top, sizeof(top), "%s/maillage-fuzz-git.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(top) == NULL)
		abort();
	git_libgit2_init();
	return 0;
}

/* Adds one entry to the index; paths libgit2 refuses are skipped. */
static void
add(git_repository *r, git_index *idx, const char *path, int mode,
    const char *data, size_t len)
{
	git_index_entry e;
	git_oid oid;

	memset(&e, 0, sizeof(e));
	e.path = path;
	if (mode == 3) {
		/* A submodule: a commit id that is not in the repository. */
		if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) != 0)
			return;
		e.id = oid;
		e.mode = GIT_FILEMODE_COMMIT;
		(void)git_index_add(idx, &e);
		return;
	}
	e.mode = mode == 1 ? GIT_FILEMODE_BLOB_EXECUTABLE : mode == 2 ?
	    GIT_FILEMODE_LINK : GIT_FILEMODE_BLOB;
	(void)r;
	(void)git_index_add_from_buffer(idx, &e, data, len);
}

static void
diags_ok(const struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		/* Messages may quote file names, any bytes: diags_print
		 * escapes them, so only emptiness is wrong here. */
		if (d->items[i].msg == NULL || d->items[i].msg[0] == '\0')
			abort();
}

/* Lists and reads everything under sub, a few levels deep. */
static void
walk(struct source *src, struct diags *d, const char *sub, int depth)
{
	char	**names, *rel, *data;
	ssize_t	 n, i;
	size_t	 len;

	if (depth > 4 || (n = source_list(src, d, sub, 0, &names)) <= 0)
		return;
	for (i = 0; i < n; i++) {
		rel = *sub ? util_path_join(sub, names[i]) : strdup(names[i]);
		(void)source_exists(src, rel);
		if (source_read(src, d, rel, 1 << 16, &data, &len) == 0) {
			if (strlen(data) > len)
				abort();
			free(data);
		} else
			walk(src, d, rel, depth + 1);
		free(rel);
	}
	util_free_names(names, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	const char *p = (const char *)in, *end = p + size, *nl, *z;
	char	 dir[128], path[300];
	git_repository *r = NULL;
	git_index *idx = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid toid, coid;
	struct source *src;
	struct diags d;
	struct model m;
	size_t	 i;
	int	 mode, ok = 0;

	if (size > 65536)
		return 0;
	snprintf(dir, sizeof(dir), "%s/r%u", top, serial++);
	if (git_repository_init(&r, dir, 0) != 0 ||
	    git_repository_index(&idx, r) != 0)
		goto out;
	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "c/%s", basefiles[i]);
		add(r, idx, path, 0, basedata[i], baselen[i]);
	}
	while (p < end) {
		mode = (unsigned char)*p++ % 4;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if ((size_t)(nl - p) >= sizeof(path) - 3 ||
		    memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			p = nl + 1;
			continue;
		}
		snprintf(path, sizeof(path), "c/%.*s", (int)(nl - p), p);
		p = nl + 1;
		z = memchr(p, '\0', (size_t)(end - p));
		if (z == NULL)
			z = end;
		add(r, idx, path, mode, p, (size_t)(z - p));
		p = z < end ? z + 1 : end;
	}
	if (git_index_write_tree(&toid, idx) != 0 ||
	    git_tree_lookup(&tree, r, &toid) != 0 ||
	    git_signature_new(&sig, "Fuzz", "fuzz@example.org", 1795651200,
	    0) != 0 || git_commit_create(&coid, r, "HEAD", sig, sig, NULL,
	    "fuzz", tree, 0, NULL) != 0)
		goto out;
	snprintf(path, sizeof(path), "%s/c", dir);
	mkdir(path, 0755);
	if (source_open_git(&src, path, "HEAD") == -1)
		goto out;
	diags_init(&d);
	walk(src, &d, "", 0);
	diags_ok(&d);
	diags_free(&d);
	diags_init(&d);
	(void)model_load(&m, src, date_from_ymd(2026, 11, 26), &d, 1, 0);
	diags_ok(&d);
	model_free(&m);
	diags_free(&d);
	source_free(src);
	ok = 1;
out:
	(void)ok;
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(idx);
	git_repository_free(r);
	util_rm_rf(dir);
	return 0;
}
