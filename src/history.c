/*
 * history.c: the content's git history with libgit2 (see history.h).
 *
 * Every walk follows the first parent only: a change is dated when it
 * reached the main line, and a merge's side commits are not counted
 * twice. Trees are compared by the id of the content folder's subtree
 * first, so that commits that touch nothing under it cost one lookup.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <glib.h>

#include "arena.h"
#include "buf.h"
#include "history.h"
#include "model.h"
#include "util.h"

struct history {
	git_repository	*repo;
	char		*prefix;	/* content folder in the repo, "" or "x/" */
};

/* Adds libgit2's last error to err, after a French lead. */
static void
git_fail(struct buf *err, const char *what)
{
	const git_error *e = git_error_last();

	buf_printf(err, "%s (git : %s)", what, e && e->message ? e->message :
	    "erreur inconnue");
}

int
history_open(struct history **out, const char *content_dir, struct buf *err)
{
	struct history *h;
	git_repository *repo = NULL;
	const char *wd;
	char	*real = NULL, *wreal = NULL;
	size_t	 wl;
	int	 rc;

	*out = NULL;
	git_libgit2_init();
	rc = git_repository_open_ext(&repo, content_dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		buf_printf(err, "« %s » n'est dans aucun dépôt git", content_dir);
		return HIST_NOREPO;
	}
	if (rc < 0) {
		git_fail(err, "lecture du dépôt git impossible");
		return HIST_FAILED;
	}
	if (git_repository_is_shallow(repo)) {
		buf_printf(err, "« %s » est un clone superficiel (shallow) : "
		    "l'historique complet est nécessaire (git fetch "
		    "--unshallow)", content_dir);
		git_repository_free(repo);
		return HIST_SHALLOW;
	}
	wd = git_repository_workdir(repo);
	if (wd == NULL || (real = realpath(content_dir, NULL)) == NULL ||
	    (wreal = realpath(wd, NULL)) == NULL) {
		buf_printf(err, "« %s » n'est pas dans la copie de travail d'un "
		    "dépôt git", content_dir);
		git_repository_free(repo);
		free(real);
		return HIST_NOREPO;
	}
	wl = strlen(wreal);
	h = xcalloc(1, sizeof(*h));
	h->repo = repo;
	if (strncmp(real, wreal, wl) == 0 && real[wl] == '/') {
		struct buf p = {0};

		buf_printf(&p, "%s/", real + wl + 1);
		h->prefix = buf_detach(&p);
	} else
		h->prefix = xstrdup("");
	free(real);
	free(wreal);
	*out = h;
	return HIST_OK;
}

void
history_close(struct history *h)
{
	if (h == NULL)
		return;
	git_repository_free(h->repo);
	free(h->prefix);
	free(h);
	git_libgit2_shutdown();
}

/*
 * The tree at path sub ("content/fiches", no trailing slash; "" for the
 * root) of a commit, or NULL when the commit has no such folder.
 */
static git_tree *
subtree(git_repository *repo, const git_commit *c, const char *sub)
{
	git_tree *root = NULL, *t = NULL;
	git_tree_entry *e = NULL;

	if (c == NULL || git_commit_tree(&root, c) < 0)
		return NULL;
	if (*sub == '\0')
		return root;
	if (git_tree_entry_bypath(&e, root, sub) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_tree_lookup(&t, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(root);
	return t;
}

/* "content/" + "fiches" without a trailing slash. */
static char *
sub_path(const struct history *h, const char *dir)
{
	struct buf b = {0};

	buf_printf(&b, "%s%s", h->prefix, dir);
	if (b.len > 0 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	return buf_detach(&b);
}

static int
same_tree(const git_tree *a, const git_tree *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return git_oid_equal(git_tree_id(a), git_tree_id(b));
}

long
history_dates(struct history *h, struct model *m, struct buf *err)
{
	GHashTable *track;	/* file name in fiches/ → sheet index + 1 */
	git_revwalk *w = NULL;
	git_oid	 oid;
	char	*sub = sub_path(h, "fiches");
	const git_tree_entry **del = NULL;	/* gone in one commit */
	git_tree *keep = NULL;			/* the next commit's tree */
	git_oid	 keep_id;
	struct {
		const git_tree_entry *e;
		int	 added;
	}	*add = NULL;			/* tracked and changed */
	size_t	 i, k, pending = 0, cap_del = 0, cap_add = 0;
	long	 dated = 0;
	int	 rc;

	track = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (i = 0; i < m->nsheets; i++) {
		const char *f = m->sheets[i].file;

		m->sheets[i].modifie_le = 0;
		if (str_has_prefix(f, "fiches/"))
			f += strlen("fiches/");
		g_hash_table_insert(track, g_strdup(f),
		    GSIZE_TO_POINTER(i + 1));
		pending++;
	}
	if (git_revwalk_new(&w, h->repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TIME) < 0 ||
	    git_revwalk_simplify_first_parent(w) < 0) {
		git_fail(err, "lecture de l'historique impossible");
		dated = -1;
		goto out;
	}
	if ((rc = git_revwalk_push_head(w)) < 0) {
		if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
			goto out;	/* no commit yet: nothing to date */
		git_fail(err, "lecture de l'historique impossible");
		dated = -1;
		goto out;
	}
	while (pending > 0 && git_revwalk_next(&oid, w) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_tree *nt, *ot;
		long	 day;
		size_t	 no, nn, a, z, nadd = 0, ndel = 0;

		if (git_commit_lookup(&c, h->repo, &oid) < 0)
			continue;
		if (git_commit_parentcount(c) > 0)
			git_commit_parent(&p, c, 0);
		/*
		 * The first parent is the next commit of the walk: its tree,
		 * read as ot now, is kept for then (libgit2 does not cache
		 * trees this big, and a packed tree is rebuilt from deltas).
		 */
		if (keep != NULL && git_oid_equal(&keep_id, &oid)) {
			nt = keep;
			keep = NULL;
		} else
			nt = subtree(h->repo, c, sub);
		ot = subtree(h->repo, p, sub);
		day = (long)((git_commit_time(c) +
		    git_commit_time_offset(c) * 60LL) / 86400);
		if (same_tree(nt, ot) || nt == NULL)
			goto next;
		/*
		 * Both listings are sorted by name: one merge pass finds what
		 * changed, without git_diff's per-file work (a commit touches
		 * a few files of thousands).
		 */
		no = ot ? git_tree_entrycount(ot) : 0;
		nn = git_tree_entrycount(nt);
		for (a = z = 0; z < nn || a < no; ) {
			const git_tree_entry *ne = z < nn ?
			    git_tree_entry_byindex(nt, z) : NULL;
			const git_tree_entry *oe = a < no ?
			    git_tree_entry_byindex(ot, a) : NULL;
			int	 cmp = ne == NULL ? -1 : oe == NULL ? 1 :
			    strcmp(git_tree_entry_name(oe),
			    git_tree_entry_name(ne));

			if (cmp < 0) {		/* gone: maybe moved */
				if (ndel == cap_del) {
					cap_del = cap_del ? 2 * cap_del : 16;
					del = xrealloc(del, cap_del *
					    sizeof(*del));
				}
				del[ndel++] = oe;
				a++;
				continue;
			}
			if (cmp == 0 && git_oid_equal(git_tree_entry_id(oe),
			    git_tree_entry_id(ne))) {
				a++;
				z++;
				continue;
			}
			if (g_hash_table_lookup(track,
			    git_tree_entry_name(ne)) != NULL) {
				if (nadd == cap_add) {
					cap_add = cap_add ? 2 * cap_add : 16;
					add = xrealloc(add, cap_add *
					    sizeof(*add));
				}
				/* A new name is a candidate for a move. */
				add[nadd].e = ne;
				add[nadd++].added = cmp > 0;
			}
			if (cmp == 0)
				a++;
			z++;
		}
		for (k = 0; k < nadd; k++) {
			const char *name = git_tree_entry_name(add[k].e);
			const char *from = NULL;
			gpointer v = g_hash_table_lookup(track, name);
			size_t	 si = GPOINTER_TO_SIZE(v) - 1, d;

			for (d = 0; add[k].added && d < ndel; d++)
				if (git_oid_equal(git_tree_entry_id(del[d]),
				    git_tree_entry_id(add[k].e)))
					from = git_tree_entry_name(del[d]);
			g_hash_table_remove(track, name);
			if (m->sheets[si].modifie_le != 0)
				continue;
			if (from != NULL) {
				/* Moved, not changed: follow it. */
				g_hash_table_insert(track, g_strdup(from),
				    GSIZE_TO_POINTER(si + 1));
				continue;
			}
			m->sheets[si].modifie_le = day;
			dated++;
			pending--;
		}
next:
		git_tree_free(nt);
		git_tree_free(keep);
		keep = ot;
		if (p != NULL)
			git_oid_cpy(&keep_id, git_commit_id(p));
		else
			keep = (git_tree_free(ot), NULL);
		git_commit_free(p);
		git_commit_free(c);
	}
out:
	git_tree_free(keep);
	free(del);
	free(add);
	git_revwalk_free(w);
	g_hash_table_destroy(track);
	free(sub);
	return dated;
}

/* Reads a blob as a NUL-terminated string; NULL on failure. */
static char *
blob_text(git_repository *repo, const git_oid *id, size_t *len)
{
	git_blob *b = NULL;
	char	*s;
	size_t	 n;

	if (git_blob_lookup(&b, repo, id) < 0)
		return NULL;
	n = (size_t)git_blob_rawsize(b);
	s = xmalloc(n + 1);
	memcpy(s, git_blob_rawcontent(b), n);
	s[n] = '\0';
	git_blob_free(b);
	*len = n;
	return s;
}

/* Whether s is a YYYY-MM-DD date; *day gets it. */
static int
is_date(const char *s, long *day)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	    date_parse(day, s) == 0;
}

static long
commit_day(const git_commit *c)
{
	return (long)((git_commit_time(c) + git_commit_time_offset(c) *
	    60LL) / 86400);
}

/* Resolves a revision to a commit; -1 with a French message. */
static int
resolve(git_commit **out, git_repository *repo, const char *spec,
    const char *opt, struct buf *err)
{
	git_object *o = NULL, *c = NULL;

	*out = NULL;
	if (git_revparse_single(&o, repo, spec) < 0) {
		buf_printf(err, "%s « %s » : révision inconnue dans le dépôt "
		    "(une branche, une étiquette, un identifiant de commit "
		    "ou, pour --since, une date AAAA-MM-JJ)", opt, spec);
		return -1;
	}
	if (git_object_peel(&c, o, GIT_OBJECT_COMMIT) < 0) {
		buf_printf(err, "%s « %s » ne désigne pas un commit", opt, spec);
		git_object_free(o);
		return -1;
	}
	git_object_free(o);
	*out = (git_commit *)c;
	return 0;
}

static int
delta_cmp(const void *a, const void *b)
{
	const struct hist_delta *x = a, *y = b;

	return strcmp(x->new_path ? x->new_path : x->old_path,
	    y->new_path ? y->new_path : y->old_path);
}

/* The path relative to the content folder of a path in a subtree diff. */
static char *
rel(const char *dir, const char *p)
{
	struct buf b = {0};

	buf_printf(&b, "%s/%s", dir, p);
	return buf_detach(&b);
}

int
history_range(struct history *h, const char *since, const char *until,
    struct hist_range *out, struct buf *err)
{
	git_commit *uc = NULL, *sc = NULL;
	git_revwalk *w = NULL;
	git_tree *nt = NULL, *ot = NULL, *news = NULL;
	git_diff *diff = NULL;
	git_oid	 oid;
	char	*sub = NULL, *nsub = NULL, idbuf[GIT_OID_HEXSZ + 1];
	long	 sday = 0;
	size_t	 cap = 0, k, nd;
	int	 rc = -1, by_date;

	memset(out, 0, sizeof(*out));
	if (resolve(&uc, h->repo, until ? until : "HEAD", "--until",
	    err) == -1)
		goto out;
	out->until_day = commit_day(uc);
	out->until_time = (long long)git_commit_time(uc);
	git_oid_tostr(idbuf, 8, git_commit_id(uc));
	out->until_id = xstrdup(idbuf);

	/* The period: from a date, or after a commit. */
	by_date = is_date(since, &sday);
	if (git_revwalk_new(&w, h->repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TIME) < 0 ||
	    git_revwalk_simplify_first_parent(w) < 0 ||
	    git_revwalk_push(w, git_commit_id(uc)) < 0) {
		git_fail(err, "lecture de l'historique impossible");
		goto out;
	}
	if (by_date) {
		if (sday > out->until_day) {
			buf_printf(err, "--since %s est après --until (commit "
			    "du %s) : la période est à l'envers", since,
			    date_iso((char[11]){0}, out->until_day));
			goto out;
		}
		/* The newest commit before that day starts the period. */
		while (git_revwalk_next(&oid, w) == 0) {
			git_commit *c = NULL;

			if (git_commit_lookup(&c, h->repo, &oid) < 0)
				continue;
			if (commit_day(c) < sday) {
				sc = c;
				break;
			}
			out->ncommits++;
			git_commit_free(c);
		}
		out->since_day = sday;
	} else {
		if (resolve(&sc, h->repo, since, "--since", err) == -1)
			goto out;
		if (!git_oid_equal(git_commit_id(sc), git_commit_id(uc)) &&
		    (git_graph_descendant_of(h->repo, git_commit_id(sc),
		    git_commit_id(uc)) == 1 ||
		    git_commit_time(sc) > git_commit_time(uc))) {
			buf_printf(err, "--since « %s » est après --until « %s » "
			    ": la période est à l'envers", since,
			    until ? until : "HEAD");
			goto out;
		}
		git_revwalk_hide(w, git_commit_id(sc));
		while (git_revwalk_next(&oid, w) == 0)
			out->ncommits++;
		/* News of the since commit's day were in the previous edition. */
		out->since_day = commit_day(sc) + 1;
	}

	/* What changed in fiches/ between both ends, renames found. */
	sub = sub_path(h, "fiches");
	nt = subtree(h->repo, uc, sub);
	ot = subtree(h->repo, sc, sub);
	if (!same_tree(nt, ot)) {
		git_diff_options dopt;
		git_diff_find_options fo;

		git_diff_options_init(&dopt, GIT_DIFF_OPTIONS_VERSION);
		git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
		fo.flags = GIT_DIFF_FIND_RENAMES;
		if (git_diff_tree_to_tree(&diff, h->repo, ot, nt, &dopt) < 0 ||
		    git_diff_find_similar(diff, &fo) < 0) {
			git_fail(err, "comparaison des révisions impossible");
			goto out;
		}
		nd = git_diff_num_deltas(diff);
		for (k = 0; k < nd; k++) {
			const git_diff_delta *d = git_diff_get_delta(diff, k);
			struct hist_delta *hd;
			enum hist_status st;

			switch (d->status) {
			case GIT_DELTA_ADDED:
				st = HD_ADDED;
				break;
			case GIT_DELTA_DELETED:
				st = HD_DELETED;
				break;
			case GIT_DELTA_MODIFIED:
				st = HD_MODIFIED;
				break;
			case GIT_DELTA_RENAMED:
				st = HD_RENAMED;
				break;
			default:
				continue;
			}
			if (out->ndeltas == cap) {
				cap = cap ? cap * 2 : 32;
				out->deltas = xrealloc(out->deltas,
				    cap * sizeof(*out->deltas));
			}
			hd = &out->deltas[out->ndeltas++];
			memset(hd, 0, sizeof(*hd));
			hd->status = st;
			if (st != HD_ADDED) {
				hd->old_path = rel("fiches",
				    d->old_file.path);
				hd->old_text = blob_text(h->repo,
				    &d->old_file.id, &hd->old_len);
			}
			if (st != HD_DELETED) {
				hd->new_path = rel("fiches",
				    d->new_file.path);
				hd->new_text = blob_text(h->repo,
				    &d->new_file.id, &hd->new_len);
			}
		}
		if (out->ndeltas > 0)
			qsort(out->deltas, out->ndeltas, sizeof(*out->deltas),
			    delta_cmp);
	}

	/* The news items as they are at the end; dates are read by caller. */
	nsub = sub_path(h, "actualites");
	news = subtree(h->repo, uc, nsub);
	if (news != NULL) {
		size_t	 n = git_tree_entrycount(news);

		out->news = xcalloc(n ? n : 1, sizeof(*out->news));
		for (k = 0; k < n; k++) {
			const git_tree_entry *e = git_tree_entry_byindex(news, k);
			const char *name = git_tree_entry_name(e);
			size_t	 nl = strlen(name);
			struct hist_file *f;

			if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
			    nl < 4 || strcmp(name + nl - 3, ".md") != 0 ||
			    name[0] == '.')
				continue;
			f = &out->news[out->nnews];
			f->text = blob_text(h->repo, git_tree_entry_id(e),
			    &f->len);
			if (f->text == NULL)
				continue;
			f->path = rel("actualites", name);
			out->nnews++;
		}
	}
	rc = 0;
out:
	if (rc == -1)
		history_range_free(out);
	git_diff_free(diff);
	git_tree_free(nt);
	git_tree_free(ot);
	git_tree_free(news);
	git_revwalk_free(w);
	git_commit_free(uc);
	git_commit_free(sc);
	free(sub);
	free(nsub);
	return rc;
}

void
history_range_free(struct hist_range *r)
{
	size_t	 i;

	for (i = 0; i < r->ndeltas; i++) {
		free(r->deltas[i].old_text);
		free(r->deltas[i].new_text);
		free(r->deltas[i].old_path);
		free(r->deltas[i].new_path);
	}
	free(r->deltas);
	for (i = 0; i < r->nnews; i++) {
		free(r->news[i].text);
		free(r->news[i].path);
	}
	free(r->news);
	free(r->until_id);
	memset(r, 0, sizeof(*r));
}
