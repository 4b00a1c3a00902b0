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

/*
 * A raw tree object ("MODE NAME\0" + 20-byte id, repeated) and where its
 * entries start. Walking the history, the trees of two consecutive
 * commits differ in a few entries of thousands: they are compared as
 * bytes, and only the entries where the bytes differ are parsed.
 */
struct rawtree {
	git_odb_object	*obj;
	const unsigned char *data;
	size_t		 len;
	size_t		*off;		/* entry starts, then len */
	size_t		 n, cap;
};

static void
rawtree_clear(struct rawtree *t)
{
	git_odb_object_free(t->obj);
	t->obj = NULL;
	t->data = NULL;
	t->len = 0;
	t->n = 0;
}

static void
rawtree_push(struct rawtree *t, size_t off)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->off = xrealloc(t->off, t->cap * sizeof(*t->off));
	}
	t->off[t->n++] = off;
}

/* One entry of a raw tree at offset at; -1 when the object is damaged. */
struct rawent {
	const char	*name;		/* NUL-terminated, inside the object */
	size_t		 namelen;
	const unsigned char *id;	/* GIT_OID_RAWSZ bytes */
	int		 is_tree;
	size_t		 end;		/* offset of the next entry */
};

static int
rawent_at(const struct rawtree *t, size_t at, struct rawent *e)
{
	const unsigned char *p = t->data + at, *sp, *nul;
	size_t	 left = t->len - at;

	if ((sp = memchr(p, ' ', left)) == NULL ||
	    (nul = memchr(sp, '\0', left - (size_t)(sp - p))) == NULL ||
	    (size_t)(nul - p) + 1 + GIT_OID_RAWSZ > left)
		return -1;
	e->is_tree = sp - p == 5 && memcmp(p, "40000", 5) == 0;
	e->name = (const char *)sp + 1;
	e->namelen = (size_t)(nul - sp - 1);
	e->id = nul + 1;
	e->end = at + (size_t)(nul - p) + 1 + GIT_OID_RAWSZ;
	return 0;
}

/* Reads tree id whole; its offsets are left for the caller to fill. */
static int
rawtree_read(struct rawtree *t, git_odb *odb, const git_oid *id)
{
	rawtree_clear(t);
	if (git_odb_read(&t->obj, odb, id) < 0 ||
	    git_odb_object_type(t->obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(t->obj);
		t->obj = NULL;
		return -1;
	}
	t->data = git_odb_object_data(t->obj);
	t->len = git_odb_object_size(t->obj);
	return 0;
}

/* Fills the offsets by parsing every entry: once, for the newest tree. */
static int
rawtree_index(struct rawtree *t)
{
	struct rawent e;
	size_t	 at;

	t->n = 0;
	for (at = 0; at < t->len; at = e.end) {
		if (rawent_at(t, at, &e) == -1)
			return -1;
		rawtree_push(t, at);
	}
	rawtree_push(t, t->len);
	t->n--;			/* off[n] is the end */
	return 0;
}

/* Git's order of tree entries: a folder sorts as if its name ended in /. */
static int
rawent_cmp(const struct rawent *a, const struct rawent *b)
{
	size_t	 n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int	 c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c != 0)
		return c;
	ca = a->namelen > n ? (unsigned char)a->name[n] : a->is_tree ? '/' : 0;
	cb = b->namelen > n ? (unsigned char)b->name[n] : b->is_tree ? '/' : 0;
	return (int)ca - (int)cb;
}

/* Length of the common prefix of a and b (n bytes at most). */
static size_t
common_prefix(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t	 i = 0;

	/* memcmp is vectorised: skip equal blocks, then find the byte. */
	while (i + 256 <= n && memcmp(a + i, b + i, 256) == 0)
		i += 256;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* The index of the entry of t that holds byte at, from entry lo on. */
static size_t
entry_holding(const struct rawtree *t, size_t lo, size_t at)
{
	size_t	 hi = t->n;	/* off[hi] = len > at */

	while (hi - lo > 1) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (t->off[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct change {
	struct rawent	 e;
	int		 added;		/* a name that ot does not have */
};

/*
 * Compares nt (indexed) with its parent's tree ot (read, not indexed)
 * and fills ot's offsets on the way. Entries of nt that are new or
 * changed go to add (with whether the name is new), entries of ot that
 * are gone to del. Returns 0, or -1 when an object is damaged.
 */
static int
rawtree_diff(const struct rawtree *nt, struct rawtree *ot,
    struct change **add, size_t *nadd, size_t *capadd,
    struct rawent **del, size_t *ndel, size_t *capdel)
{
	size_t	 i = 0, at = 0, k;

	ot->n = 0;
	*nadd = *ndel = 0;
	while (i < nt->n || at < ot->len) {
		struct rawent ne, oe;
		int	 cmp;

		if (i < nt->n && at < ot->len) {
			/* Skip the run of identical entries. */
			size_t	 nl = nt->len - nt->off[i], ol = ot->len - at;
			size_t	 d = common_prefix(nt->data + nt->off[i],
			    ot->data + at, nl < ol ? nl : ol);
			size_t	 j = d >= nl ? nt->n :
			    entry_holding(nt, i, nt->off[i] + d);

			for (k = i; k < j; k++)
				rawtree_push(ot, at + (nt->off[k] - nt->off[i]));
			at += nt->off[j] - nt->off[i];
			i = j;
			if (i >= nt->n && at >= ot->len)
				break;
		}
		if (i < nt->n && rawent_at(nt, nt->off[i], &ne) == -1)
			return -1;
		if (at < ot->len && rawent_at(ot, at, &oe) == -1)
			return -1;
		cmp = i >= nt->n ? -1 : at >= ot->len ? 1 : rawent_cmp(&oe, &ne);
		if (cmp < 0) {		/* gone: maybe moved */
			if (*ndel == *capdel) {
				*capdel = *capdel ? 2 * *capdel : 16;
				*del = xrealloc(*del, *capdel * sizeof(**del));
			}
			(*del)[(*ndel)++] = oe;
			rawtree_push(ot, at);
			at = oe.end;
			continue;
		}
		if (cmp == 0 && memcmp(oe.id, ne.id, GIT_OID_RAWSZ) == 0) {
			/* Only the mode differs: not a change of content. */
			rawtree_push(ot, at);
			at = oe.end;
			i++;
			continue;
		}
		if (*nadd == *capadd) {
			*capadd = *capadd ? 2 * *capadd : 16;
			*add = xrealloc(*add, *capadd * sizeof(**add));
		}
		(*add)[*nadd].e = ne;
		(*add)[(*nadd)++].added = cmp > 0;
		if (cmp == 0) {
			rawtree_push(ot, at);
			at = oe.end;
		}
		i++;
	}
	rawtree_push(ot, ot->len);
	ot->n--;
	return 0;
}

/* The id of folder sub ("content/fiches") in commit c; 0 when none. */
static int
subtree_id(git_oid *out, const git_commit *c, const char *sub)
{
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	int	 found = 0;

	if (c == NULL || git_commit_tree(&root, c) < 0)
		return 0;
	if (*sub == '\0') {
		git_oid_cpy(out, git_tree_id(root));
		found = 1;
	} else if (git_tree_entry_bypath(&e, root, sub) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(out, git_tree_entry_id(e));
		found = 1;
	}
	git_tree_entry_free(e);
	git_tree_free(root);
	return found;
}

long
history_dates(struct history *h, struct model *m, struct buf *err)
{
	GHashTable *track;	/* file name in fiches/ → sheet index + 1 */
	git_revwalk *w = NULL;
	git_odb	*odb = NULL;
	git_oid	 oid, nid, pid, cur_id;
	char	*sub = sub_path(h, "fiches");
	struct rawtree ta = {0}, tb = {0}, *cur = &ta, *par = &tb, *sw;
	struct rawent *del = NULL;		/* gone in one commit */
	struct change *add = NULL;		/* tracked and changed */
	size_t	 i, k, pending = 0, cap_del = 0, cap_add = 0, nadd, ndel;
	long	 dated = 0;
	int	 rc, have_cur = 0;

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
	/*
	 * libgit2 hashes every object it reads again to check it: for a
	 * folder of 10,000 sheets, 600 KB a commit, three quarters of the
	 * walk. Git itself trusts its own object store when reading (packs
	 * are checked when they arrive): so does this walk.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (git_repository_odb(&odb, h->repo) < 0 ||
	    git_revwalk_new(&w, h->repo) < 0 ||
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
		long	 day;
		int	 has_n, has_p;

		if (git_commit_lookup(&c, h->repo, &oid) < 0)
			continue;
		if (git_commit_parentcount(c) > 0)
			git_commit_parent(&p, c, 0);
		has_n = subtree_id(&nid, c, sub);
		has_p = subtree_id(&pid, p, sub);
		day = (long)((git_commit_time(c) +
		    git_commit_time_offset(c) * 60LL) / 86400);
		if (!has_n || (has_p && git_oid_equal(&nid, &pid)))
			goto next;	/* nothing changed in fiches/ */
		/*
		 * The parent's tree, read now, is the next commit's: it is
		 * kept with its entry offsets (libgit2 does not cache trees
		 * this big, and a packed tree is rebuilt from deltas).
		 */
		if (!have_cur || !git_oid_equal(&cur_id, &nid)) {
			if (rawtree_read(cur, odb, &nid) == -1 ||
			    rawtree_index(cur) == -1)
				goto damaged;
		}
		if (has_p) {
			if (rawtree_read(par, odb, &pid) == -1)
				goto damaged;
		} else
			rawtree_clear(par);
		if (rawtree_diff(cur, par, &add, &nadd, &cap_add, &del, &ndel,
		    &cap_del) == -1)
			goto damaged;
		for (k = 0; k < nadd; k++) {
			const char *name = add[k].e.name;
			const char *from = NULL;
			gpointer v = g_hash_table_lookup(track, name);
			size_t	 si, d;

			if (v == NULL)
				continue;
			si = GPOINTER_TO_SIZE(v) - 1;
			for (d = 0; add[k].added && d < ndel; d++)
				if (memcmp(del[d].id, add[k].e.id,
				    GIT_OID_RAWSZ) == 0)
					from = del[d].name;
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
		sw = cur;
		cur = par;
		par = sw;
		have_cur = has_p;
		git_oid_cpy(&cur_id, &pid);
		goto next;
damaged:
		/* A damaged object: the dates stop here, said by caller. */
		git_fail(err, "lecture de l'historique impossible");
		dated = -1;
		git_commit_free(p);
		git_commit_free(c);
		goto out;
next:
		git_commit_free(p);
		git_commit_free(c);
	}
out:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	rawtree_clear(&ta);
	rawtree_clear(&tb);
	free(ta.off);
	free(tb.off);
	free(del);
	free(add);
	git_revwalk_free(w);
	git_odb_free(odb);
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
	out->until_rev = xstrdup(git_oid_tostr_s(git_commit_id(uc)));

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

	if (sc != NULL)
		out->since_rev = xstrdup(git_oid_tostr_s(git_commit_id(sc)));
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
	free(r->until_rev);
	free(r->since_rev);
	memset(r, 0, sizeof(*r));
}
