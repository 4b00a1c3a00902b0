/*
 * test_history.c: the content's git history (history.c) on a repository
 * this test makes in a temporary folder: each sheet's last change date
 * through edits, a pure rename, a rename with an edit, a deletion, a
 * commit outside fiches/ and 300 sheets of which the first, a middle one
 * and the last change (the byte comparison of raw trees skips runs of
 * identical entries); then a range between two revisions and by date,
 * and the errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "history.h"
#include "model.h"
#include "util.h"

#include "harness.h"

static char tmp[] = "/tmp/test_history.XXXXXX";

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

/* Commits everything in repo/ at DAY 10:00 UTC. */
static int
commit(const char *day, const char *msg)
{
	struct buf b = {0};
	int	 rc;

	buf_printf(&b, "cd repo && git add -A . && GIT_AUTHOR_DATE=%sT10:00:00Z "
	    "GIT_COMMITTER_DATE=%sT10:00:00Z git commit -qm '%s'", day, day,
	    msg);
	rc = sh(buf_cstr(&b));
	buf_dispose(&b);
	return rc;
}

static long
day_of(const char *iso)
{
	long	 d = 0;

	date_parse(&d, iso);
	return d;
}

/* A model with only sheet files, which is all history_dates reads. */
static void
fake_model(struct model *m, const char *const *files, size_t n)
{
	size_t	 i;

	memset(m, 0, sizeof(*m));
	m->sheets = calloc(n, sizeof(*m->sheets));
	m->nsheets = n;
	for (i = 0; i < n; i++)
		m->sheets[i].file = files[i];
}

static const char *lines =
    "---\\nnom: D\\n---\\nune\\ndeux\\ntrois\\nquatre\\ncinq\\nsix\\n"
    "sept\\nhuit\\nneuf\\ndix\\n";

static void
make_repo(void)
{
	struct buf b = {0};

	OK(sh("git init -q -b main repo && cd repo && "
	    "git config user.email t@example.org && git config user.name t && "
	    "mkdir -p content/fiches content/actualites && "
	    "echo 'titre: T' >content/site.yaml && "
	    "for i in $(seq -w 0 299); do "
	    "printf -- '---\\nnom: Fiche %s\\n---\\n' $i "
	    ">content/fiches/f$i.md; done && "
	    "echo A >content/fiches/a.md && echo B >content/fiches/b.md && "
	    "echo C >content/fiches/c.md") == 0, "files");
	buf_printf(&b, "printf -- '%s' >repo/content/fiches/d.md", lines);
	OK(sh(buf_cstr(&b)) == 0, "d.md");
	buf_dispose(&b);
	OK(commit("2026-01-10", "base") == 0, "base");
	OK(sh("cd repo && git tag base") == 0, "tag");
	OK(sh("echo A2 >repo/content/fiches/a.md") == 0, "edit a");
	OK(commit("2026-02-01", "a") == 0, "commit a");
	OK(sh("cd repo && git mv content/fiches/c.md content/fiches/c2.md") ==
	    0, "pure rename");
	OK(commit("2026-02-10", "rename c") == 0, "commit rename");
	OK(sh("cd repo/content/fiches && echo x >>f000.md && echo x >>f150.md "
	    "&& echo x >>f299.md") == 0, "three edits");
	OK(commit("2026-02-15", "f") == 0, "commit f");
	OK(sh("cd repo && git mv content/fiches/d.md content/fiches/d2.md && "
	    "sed -i 's/^dix$/onze/' content/fiches/d2.md") == 0,
	    "rename with an edit");
	OK(commit("2026-02-20", "rename d") == 0, "commit d");
	OK(sh("echo 'titre: T2' >repo/content/site.yaml") == 0, "site");
	OK(commit("2026-03-01", "outside fiches") == 0, "commit site");
	OK(sh("cd repo/content && echo E >fiches/e.md && rm fiches/b.md && "
	    "printf -- '---\\ntitre: N\\ndate: 2026-03-05\\n---\\n' "
	    ">actualites/n.md") == 0, "add, delete, news");
	OK(commit("2026-03-05", "e") == 0, "commit e");
}

static void
test_dates(void)
{
	static const char *const files[] = {"fiches/a.md", "fiches/c2.md",
	    "fiches/d2.md", "fiches/e.md", "fiches/f000.md", "fiches/f001.md",
	    "fiches/f150.md", "fiches/f151.md", "fiches/f299.md",
	    "fiches/nouvelle.md"};
	struct history *h;
	struct model m;
	struct buf err = {0}, p = {0};
	long	 n;

	buf_printf(&p, "%s/repo/content", tmp);
	INT_EQ(history_open(&h, buf_cstr(&p), &err), HIST_OK);
	fake_model(&m, files, sizeof(files) / sizeof(*files));
	n = history_dates(h, &m, &err);
	INT_EQ(n, 9);
	INT_EQ(m.sheets[0].modifie_le, day_of("2026-02-01"));	/* edited */
	INT_EQ(m.sheets[1].modifie_le, day_of("2026-01-10"));	/* moved */
	INT_EQ(m.sheets[2].modifie_le, day_of("2026-02-20"));	/* moved+ */
	INT_EQ(m.sheets[3].modifie_le, day_of("2026-03-05"));	/* added */
	INT_EQ(m.sheets[4].modifie_le, day_of("2026-02-15"));	/* first */
	INT_EQ(m.sheets[5].modifie_le, day_of("2026-01-10"));
	INT_EQ(m.sheets[6].modifie_le, day_of("2026-02-15"));	/* middle */
	INT_EQ(m.sheets[7].modifie_le, day_of("2026-01-10"));
	INT_EQ(m.sheets[8].modifie_le, day_of("2026-02-15"));	/* last */
	INT_EQ(m.sheets[9].modifie_le, 0);	/* not in the history */
	free(m.sheets);
	history_close(h);
	buf_dispose(&err);
	buf_dispose(&p);
}

static const struct hist_delta *
delta(const struct hist_range *r, const char *path)
{
	size_t	 i;

	for (i = 0; i < r->ndeltas; i++)
		if (strcmp(r->deltas[i].new_path ? r->deltas[i].new_path :
		    r->deltas[i].old_path, path) == 0)
			return &r->deltas[i];
	return NULL;
}

static void
test_range(void)
{
	struct history *h;
	struct hist_range r;
	struct buf err = {0}, p = {0};
	const struct hist_delta *d;

	buf_printf(&p, "%s/repo/content", tmp);
	INT_EQ(history_open(&h, buf_cstr(&p), &err), HIST_OK);
	INT_EQ(history_range(h, "base", NULL, &r, &err), 0);
	INT_EQ(r.ncommits, 6);
	INT_EQ(r.since_day, day_of("2026-01-11"));
	INT_EQ(r.until_day, day_of("2026-03-05"));
	OK(r.since_rev != NULL && strlen(r.since_rev) == 40, "since_rev");
	OK(r.until_rev != NULL && strlen(r.until_rev) == 40, "until_rev");
	INT_EQ(strlen(r.until_id), 7);
	/* a, b, c2, d2, e, f000, f150, f299: sorted by path. */
	INT_EQ(r.ndeltas, 8);
	STR_EQ(r.deltas[0].new_path, "fiches/a.md");
	d = delta(&r, "fiches/a.md");
	OK(d && d->status == HD_MODIFIED, "a modified");
	OK(d && strcmp(d->old_text, "A\n") == 0 &&
	    strcmp(d->new_text, "A2\n") == 0, "a's texts at both ends");
	d = delta(&r, "fiches/b.md");
	OK(d && d->status == HD_DELETED && d->new_text == NULL &&
	    strcmp(d->old_text, "B\n") == 0, "b deleted");
	d = delta(&r, "fiches/c2.md");
	OK(d && d->status == HD_RENAMED && strcmp(d->old_path,
	    "fiches/c.md") == 0, "c renamed");
	d = delta(&r, "fiches/d2.md");
	OK(d && d->status == HD_RENAMED && strstr(d->new_text, "onze") &&
	    strstr(d->old_text, "dix"), "d renamed with an edit");
	d = delta(&r, "fiches/e.md");
	OK(d && d->status == HD_ADDED && d->old_text == NULL, "e added");
	OK(delta(&r, "fiches/f150.md") != NULL, "f150 modified");
	OK(delta(&r, "fiches/f151.md") == NULL, "f151 unchanged");
	INT_EQ(r.nnews, 1);
	if (r.nnews == 1)
		STR_EQ(r.news[0].path, "actualites/n.md");
	history_range_free(&r);

	/* By date: the period starts that day, after the commit before. */
	INT_EQ(history_range(h, "2026-02-12", "HEAD~1", &r, &err), 0);
	INT_EQ(r.since_day, day_of("2026-02-12"));
	INT_EQ(r.until_day, day_of("2026-03-01"));
	INT_EQ(r.ncommits, 3);
	INT_EQ(r.ndeltas, 4);	/* d2, f000, f150, f299 */
	OK(delta(&r, "fiches/a.md") == NULL, "a's edit is before");
	history_range_free(&r);
	/* Before the first commit: everything is new, no since commit. */
	INT_EQ(history_range(h, "2020-01-01", "base", &r, &err), 0);
	OK(r.since_rev == NULL, "no commit before the period");
	INT_EQ(r.ndeltas, 304);
	history_range_free(&r);

	buf_reset(&err);
	INT_EQ(history_range(h, "nope", NULL, &r, &err), -1);
	OK(strstr(buf_cstr(&err), "« nope » : révision inconnue") != NULL,
	    "unknown revision: %s", buf_cstr(&err));
	buf_reset(&err);
	INT_EQ(history_range(h, "HEAD", "base", &r, &err), -1);
	OK(strstr(buf_cstr(&err), "la période est à l'envers") != NULL,
	    "since after until: %s", buf_cstr(&err));
	buf_reset(&err);
	INT_EQ(history_range(h, "2026-04-01", "HEAD", &r, &err), -1);
	OK(strstr(buf_cstr(&err), "est après --until") != NULL,
	    "date after until: %s", buf_cstr(&err));
	history_close(h);
	buf_dispose(&err);
	buf_dispose(&p);
}

static void
test_open_errors(void)
{
	struct history *h;
	struct buf err = {0}, p = {0};

	OK(sh("mkdir -p nogit/content") == 0, "folder outside git");
	buf_printf(&p, "%s/nogit/content", tmp);
	INT_EQ(history_open(&h, buf_cstr(&p), &err), HIST_NOREPO);
	OK(h == NULL, "no history");
	OK(strstr(buf_cstr(&err), "n'est dans aucun dépôt git") != NULL,
	    "no repository: %s", buf_cstr(&err));
	buf_reset(&err);
	buf_reset(&p);
	buf_printf(&p, "git clone -q --depth 1 file://%s/repo shallow", tmp);
	OK(sh(buf_cstr(&p)) == 0, "shallow clone");
	buf_reset(&p);
	buf_printf(&p, "%s/shallow/content", tmp);
	INT_EQ(history_open(&h, buf_cstr(&p), &err), HIST_SHALLOW);
	OK(strstr(buf_cstr(&err), "git fetch --unshallow") != NULL,
	    "shallow: %s", buf_cstr(&err));
	buf_dispose(&err);
	buf_dispose(&p);
}

int
main(void)
{
	int	 rc;

	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	if (mkdtemp(tmp) == NULL) {
		OK(0, "mkdtemp");
		return TEST_END();
	}
	make_repo();
	test_dates();
	test_range();
	test_open_errors();
	rc = TEST_END();
	{
		struct buf b = {0};

		buf_printf(&b, "rm -rf '%s'", tmp);
		if (system(buf_cstr(&b)) != 0)
			fprintf(stderr, "%s not removed\n", tmp);
		buf_dispose(&b);
	}
	return rc;
}
