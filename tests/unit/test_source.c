/*
 * test_source.c: the content source's three backends. The git backend
 * reads a repository this test makes in a temporary folder: two commits
 * with a rename, the content in a subfolder, links inside and outside
 * the folder, a shallow clone and an unknown revision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "source.h"
#include "util.h"

#include "harness.h"

static char tmp[] = "/tmp/test_source.XXXXXX";

/* Runs a shell command in the temporary folder; 0 when it succeeded. */
static int
sh(const char *cmd)
{
	struct buf b = {0};
	int	 rc;

	buf_printf(&b, "cd '%s' && (%s) >/dev/null 2>&1", tmp, cmd);
	rc = system(buf_cstr(&b));
	buf_dispose(&b);
	return rc;
}

/* The names of folder sub, joined by spaces ("" when empty, "ERR"). */
static char *
list(struct source *s, const char *sub, struct diags *d)
{
	struct buf b = {0};
	char	**v;
	ssize_t	 n, i;

	if ((n = source_list(s, d, sub, 0, &v)) < 0)
		return xstrdup("ERR");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", v[i]);
	util_free_names(v, n);
	return buf_detach(&b);
}

/* A file's bytes, "ERR" when it cannot be read, "BIG" over 64 bytes. */
static char *
rd(struct source *s, const char *rel, struct diags *d)
{
	char	*data;
	size_t	 len;
	int	 rc = source_read(s, d, rel, 64, &data, &len);

	if (rc == 1)
		return xstrdup("BIG");
	return rc == 0 ? data : xstrdup("ERR");
}

/* Whether some diagnostic of d says needle. */
static int
said(const struct diags *d, const char *needle)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->items[i].msg, needle) != NULL)
			return 1;
	return 0;
}

#define LIST_EQ(s, sub, want) do {					\
	char *got_ = list(s, sub, &d);					\
	STR_EQ(got_, want);						\
	free(got_);							\
} while (0)

#define READ_EQ(s, rel, want) do {					\
	char *got_ = rd(s, rel, &d);					\
	STR_EQ(got_, want);						\
	free(got_);							\
} while (0)

static void
test_mem(void)
{
	struct source *s = source_new_mem();
	struct diags d;

	diags_init(&d);
	source_mem_add(s, "site.yaml", "titre: x\n", 9);
	source_mem_add(s, "fiches/b.md", "B", 1);
	source_mem_add(s, "fiches/a-2.md", "A2", 2);
	source_mem_add(s, "fiches/a.md", "A", 1);
	source_mem_add(s, "fiches/.cache", "x", 1);
	source_mem_add(s, "fiches/big.md", "0123456789012345678901234567890"
	    "123456789012345678901234567890123456789", 70);
	source_mem_link(s, "fiches/lien.md", "../autres/c.md");
	source_mem_link(s, "fiches/dehors.md", "../../etc/passwd");
	source_mem_link(s, "fiches/casse.md", "rien.md");
	source_mem_add(s, "autres/c.md", "C", 1);
	/* "." ends a name: a.md before a-2.md, as util_list_dir sorts. */
	LIST_EQ(s, "fiches", "a.md a-2.md b.md big.md casse.md dehors.md "
	    "lien.md");
	LIST_EQ(s, "", "autres fiches site.yaml");
	LIST_EQ(s, "absent", "");
	OK(source_list(s, &d, "absent", 1, &(char **){NULL}) == -1,
	    "a required absent folder is an error");
	OK(said(&d, "dossier absent"), "absent folder said");
	READ_EQ(s, "fiches/a.md", "A");
	READ_EQ(s, "fiches/lien.md", "C");
	READ_EQ(s, "fiches/big.md", "BIG");
	READ_EQ(s, "fiches/dehors.md", "ERR");
	OK(said(&d, "sort du dossier de contenu (vers ../../etc/passwd)"),
	    "link out of the folder said");
	READ_EQ(s, "fiches/casse.md", "ERR");
	OK(said(&d, "lien symbolique cassé"), "broken link said");
	READ_EQ(s, "fiches", "ERR");
	OK(said(&d, "c'est un dossier"), "folder read said");
	READ_EQ(s, "nulle-part.md", "ERR");
	OK(source_exists(s, "fiches/casse.md"), "a broken link exists");
	OK(!source_exists(s, "fiches/z.md"), "z.md does not");
	/* Replacing a file keeps one entry. */
	source_mem_add(s, "fiches/a.md", "A'", 2);
	READ_EQ(s, "fiches/a.md", "A'");
	LIST_EQ(s, "fiches", "a.md a-2.md b.md big.md casse.md dehors.md "
	    "lien.md");
	source_free(s);
	diags_free(&d);
}

static void
test_git(void)
{
	struct source *s;
	struct diags d;
	struct buf p = {0};

	diags_init(&d);
	if (mkdtemp(tmp) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	OK(sh("git init -q -b main repo && cd repo && "
	    "git config user.email t@example.org && git config user.name t && "
	    "mkdir -p content/fiches && echo 'titre: un' >content/site.yaml && "
	    "echo A >content/fiches/a.md && echo hors >LISEZMOI && "
	    "git add -A && git commit -qm un") == 0, "first commit");
	OK(sh("cd repo && git mv content/fiches/a.md content/fiches/b.md && "
	    "echo 'titre: deux' >content/site.yaml && "
	    "ln -s b.md content/fiches/lien.md && "
	    "ln -s ../../LISEZMOI content/fiches/dehors.md && "
	    "git add -A && git commit -qm deux") == 0, "second commit");
	OK(sh("cd repo && git tag v1 HEAD~1 && echo C >content/fiches/c.md"
	    "") == 0, "uncommitted change");

	/* HEAD~1: before the rename; a tag names the same tree. */
	buf_printf(&p, "%s/repo/content", tmp);
	OK(source_open_git(&s, buf_cstr(&p), "HEAD~1") == 0, "open HEAD~1");
	if (s != NULL) {
		LIST_EQ(s, "fiches", "a.md");
		READ_EQ(s, "site.yaml", "titre: un\n");
		READ_EQ(s, "fiches/a.md", "A\n");
		OK(strlen(source_commit(s)) == 40, "commit id");
		OK(source_commit_time(s) > 0, "commit time");
		OK(strstr(source_describe(s), "à la version HEAD~1 (") != NULL,
		    "describe: %s", source_describe(s));
		source_free(s);
	}
	OK(source_open_git(&s, buf_cstr(&p), "v1") == 0, "open a tag");
	if (s != NULL) {
		LIST_EQ(s, "fiches", "a.md");
		source_free(s);
	}
	/* HEAD: after it; the uncommitted c.md is not there. */
	OK(source_open_git(&s, buf_cstr(&p), "HEAD") == 0, "open HEAD");
	if (s != NULL) {
		LIST_EQ(s, "fiches", "b.md dehors.md lien.md");
		READ_EQ(s, "fiches/lien.md", "A\n");
		READ_EQ(s, "fiches/dehors.md", "ERR");
		OK(said(&d, "sort du dossier de contenu (vers ../../LISEZMOI)"),
		    "link out of the subfolder refused");
		LIST_EQ(s, "", "fiches site.yaml");
		OK(!source_exists(s, "LISEZMOI"), "only the subfolder is read");
		source_free(s);
	}
	/* The work tree of the same folder has it. */
	OK(source_open_dir(&s, buf_cstr(&p)) == 0, "open the work tree");
	if (s != NULL) {
		LIST_EQ(s, "fiches", "b.md c.md dehors.md lien.md");
		READ_EQ(s, "fiches/c.md", "C\n");
		READ_EQ(s, "fiches/lien.md", "A\n");
		READ_EQ(s, "fiches/dehors.md", "ERR");
		source_free(s);
	}
	/* A folder deleted from the work tree is still at a revision. */
	OK(sh("cd repo && rm -r content") == 0, "rm content");
	OK(source_open_git(&s, buf_cstr(&p), "HEAD") == 0,
	    "open a folder absent from the work tree");
	if (s != NULL) {
		READ_EQ(s, "site.yaml", "titre: deux\n");
		source_free(s);
	}
	OK(sh("cd repo && git checkout -q -- content") == 0, "restore");

	/* Errors: said on stderr, -1. */
	OK(source_open_git(&s, buf_cstr(&p), "nope") == -1 && s == NULL,
	    "unknown revision");
	OK(source_open_git(&s, buf_cstr(&p), "HEAD~5") == -1,
	    "revision beyond the first commit");
	buf_reset(&p);
	buf_printf(&p, "%s/repo/nulle-part", tmp);
	OK(source_open_git(&s, buf_cstr(&p), "HEAD") == -1,
	    "a folder in no revision");
	buf_reset(&p);
	buf_printf(&p, "%s", tmp);
	OK(source_open_git(&s, buf_cstr(&p), "HEAD") == -1,
	    "not a repository");

	/* A shallow clone has HEAD but not its parent. */
	buf_reset(&p);
	buf_printf(&p, "git clone -q --depth 1 file://%s/repo shallow", tmp);
	OK(sh(buf_cstr(&p)) == 0, "shallow clone");
	buf_reset(&p);
	buf_printf(&p, "%s/shallow/content", tmp);
	OK(source_open_git(&s, buf_cstr(&p), "HEAD") == 0,
	    "HEAD of a shallow clone");
	source_free(s);
	OK(source_open_git(&s, buf_cstr(&p), "HEAD~1") == -1,
	    "HEAD~1 of a shallow clone");

	buf_reset(&p);
	buf_printf(&p, "rm -rf '%s'", tmp);
	sh(buf_cstr(&p));
	buf_dispose(&p);
	diags_free(&d);
}

int
main(void)
{
	test_mem();
	test_git();
	return TEST_END();
}
