/*
 * source.c: listing and reading a content folder from the work tree, a
 * git tree at a revision, or memory (see source.h).
 *
 * The git and memory backends share one sorted table of entries (path,
 * kind, and either the bytes or the blob id), and one resolver of
 * symbolic links inside the table, so that a link behaves as in the
 * work tree: followed while it stays inside the folder, refused when it
 * leads out of it.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "source.h"
#include "util.h"

enum source_kind {
	SOURCE_DIR,
	SOURCE_GIT,
	SOURCE_MEM
};

enum entry_kind {
	ENTRY_FILE,
	ENTRY_DIR,
	ENTRY_LINK,
	ENTRY_OTHER		/* a submodule */
};

/* One path of a git or memory source. */
struct entry {
	char		*path;		/* "fiches/a.md" */
	enum entry_kind	 kind;
	git_oid		 oid;		/* git files */
	char		*data;		/* memory files; link targets */
	size_t		 len;
};

struct source {
	enum source_kind kind;
	char		*dir;		/* as given */
	char		*root_real;	/* work tree: the folder, resolved */
	int		 root_fd;	/* work tree: the folder, or -1 */
	char		*describe;
	struct entry	*e;		/* git, memory: sorted by path */
	size_t		 n, cap;
	int		 sorted;
	git_repository	*repo;
	pthread_mutex_t	 lock;		/* libgit2 reads; memory sorting */
	char		 commit[GIT_OID_HEXSZ + 1];
	long long	 commit_time;
};

/* Links followed in a row before giving up (a loop). */
#define MAX_HOPS	40

static struct source *
source_new(enum source_kind kind, const char *dir)
{
	struct source *s = xcalloc(1, sizeof(*s));

	s->kind = kind;
	s->root_fd = -1;
	s->dir = xstrdup(dir);
	s->describe = xstrdup(dir);
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void
source_free(struct source *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->e[i].path);
		free(s->e[i].data);
	}
	free(s->e);
	if (s->kind == SOURCE_GIT) {
		git_repository_free(s->repo);
		git_libgit2_shutdown();
	}
	pthread_mutex_destroy(&s->lock);
	if (s->root_fd >= 0)
		close(s->root_fd);
	free(s->dir);
	free(s->root_real);
	free(s->describe);
	free(s);
}

const char *
source_describe(const struct source *s)
{
	return s->describe;
}

const char *
source_commit(const struct source *s)
{
	return s->commit[0] ? s->commit : NULL;
}

long long
source_commit_time(const struct source *s)
{
	return s->commit_time;
}

/* Work tree --------------------------------------------------------- */

int
source_open_dir(struct source **out, const char *dir)
{
	struct stat st;
	char	*real;

	*out = NULL;
	if (stat(dir, &st) == -1) {
		fprintf(stderr, "maillage : le dossier de contenu « %s » %s%s\n",
		    dir, errno == ENOENT ? "n'existe pas" :
		    "est illisible : ", errno == ENOENT ? "" :
		    util_strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "maillage : « %s » n'est pas un dossier (donnez "
		    "le dossier de contenu, qui contient site.yaml)\n", dir);
		return -1;
	}
	if ((real = realpath(dir, NULL)) == NULL) {
		fprintf(stderr, "maillage : %s : %s\n", dir,
		    util_strerror(errno));
		return -1;
	}
	*out = source_new(SOURCE_DIR, dir);
	(*out)->root_real = real;
	/* Files are opened from it: a shorter path to walk for each. */
	(*out)->root_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return 0;
}

/* Whether the resolved path real is root_real or lies under it. */
static int
path_inside(const char *real, const char *root_real)
{
	size_t	 rl = strlen(root_real);

	if (rl == 1)		/* the content folder is "/" */
		return 1;
	return strncmp(real, root_real, rl) == 0 &&
	    (real[rl] == '/' || real[rl] == '\0');
}

/*
 * A file of the folder must stay in it: a symbolic link that leads
 * outside is refused, and so is anything but a regular file (a named
 * pipe would block the reading forever). Folders on the way were checked
 * by dir_list. Returns 0 or -1 (reported).
 */
static int
dir_check_inside(const struct source *s, struct diags *d, const char *rel,
    const char *path)
{
	struct stat st;
	char	*real;

	if (lstat(path, &st) == -1) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "lecture impossible "
		    ": %s", util_strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL) {
			diag_add(d, DIAG_ERROR, rel, 0, 0, "lien "
			    "symbolique cassé : sa cible n'existe pas");
			return -1;
		}
		if (!path_inside(real, s->root_real) ||
		    strcmp(real, s->root_real) == 0) {
			diag_add(d, DIAG_ERROR, rel, 0, 0, "lien "
			    "symbolique qui sort du dossier de contenu (vers "
			    "%s) : copiez le fichier dans le dossier plutôt",
			    real);
			free(real);
			return -1;
		}
		free(real);
		if (stat(path, &st) == -1) {
			diag_add(d, DIAG_ERROR, rel, 0, 0, "lecture "
			    "impossible : %s", util_strerror(errno));
			return -1;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "%s : seul un "
		    "fichier texte ordinaire est lu ici", S_ISDIR(st.st_mode) ?
		    "c'est un dossier" : "ce n'est pas un fichier ordinaire "
		    "(tube nommé, périphérique…)");
		return -1;
	}
	return 0;
}

static int
dir_read(struct source *s, struct diags *d, const char *rel, size_t maxsz,
    char **out, size_t *len)
{
	enum read_status rs;
	char	*path = util_path_join(s->dir, rel);
	int	 rc = 0;

	*out = NULL;
	*len = 0;
	/*
	 * Nearly every file is a plain one: opened without following a
	 * link, it is read at once (open, fstat, read: a lstat less per
	 * sheet). A link, a folder, a pipe or an error takes the checked
	 * way below, which says what it is.
	 */
	rs = util_read_file_nofollow(out, len, s->root_fd,
	    s->root_fd >= 0 ? rel : path, maxsz);
	if (rs != READ_ERRNO) {
		free(path);
		return rs == READ_TOO_BIG ? 1 : 0;
	}
	if (dir_check_inside(s, d, rel, path) == -1)
		rc = -1;
	else if ((rs = util_read_file(out, len, path, maxsz)) == READ_TOO_BIG)
		rc = 1;
	else if (rs == READ_ERRNO) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "lecture impossible "
		    ": %s", util_strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

static ssize_t
dir_list(struct source *s, struct diags *d, const char *sub, int req,
    char ***out)
{
	char	*dir = util_path_join(s->dir, sub), **v, *real;
	ssize_t	 n;
	int	 e;

	if ((n = util_list_dir(&v, dir)) < 0) {
		e = errno;
		if (e != ENOENT || req)
			diag_add(d, DIAG_ERROR, sub, 0, 0, "dossier "
			    "%s%s", e == ENOENT ? "absent" : "illisible : ",
			    e == ENOENT ? "" : util_strerror(e));
		free(dir);
		return e == ENOENT && !req ? 0 : -1;
	}
	/* The folder itself may be a symbolic link leading elsewhere. */
	if ((real = realpath(dir, NULL)) == NULL ||
	    !path_inside(real, s->root_real) ||
	    strcmp(real, s->root_real) == 0) {
		diag_add(d, DIAG_ERROR, sub, 0, 0, "le dossier est un "
		    "lien symbolique qui sort du dossier de contenu (vers %s) "
		    ": copiez les fichiers dans le dossier plutôt",
		    real ? real : "?");
		free(real);
		util_free_names(v, n);
		free(dir);
		return -1;
	}
	free(real);
	free(dir);
	*out = v;
	return n;
}

/* The table of the git and memory backends -------------------------- */

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

static struct entry *
tab_push(struct source *s, const char *path, enum entry_kind kind)
{
	struct entry *e;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->e = xrealloc(s->e, s->cap * sizeof(*s->e));
	}
	e = &s->e[s->n++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->kind = kind;
	s->sorted = 0;
	return e;
}

/* Sorts once after additions; the caller holds the lock. */
static void
tab_sort(struct source *s)
{
	if (!s->sorted && s->n > 1)
		qsort(s->e, s->n, sizeof(*s->e), entry_cmp);
	s->sorted = 1;
}

static struct entry *
tab_find(const struct source *s, const char *path)
{
	struct entry key;

	key.path = (char *)path;
	return s->n ? bsearch(&key, s->e, s->n, sizeof(*s->e), entry_cmp) :
	    NULL;
}

/*
 * Joins the folder of a link (from) and its target, resolving "." and
 * "..": "fiches/a.md" + "../autres/b.md" gives "autres/b.md". Returns
 * NULL when the result leaves the content folder.
 */
static char *
link_join(const char *from, const char *target)
{
	struct buf b = {0};
	char	*dup, *tok, *save = NULL, *slash;
	size_t	 len;

	if (target[0] == '/')
		return NULL;
	dup = xstrdup(from);
	slash = strrchr(dup, '/');
	buf_puts(&b, "");
	if (slash != NULL) {
		*slash = '\0';
		buf_puts(&b, dup);
	}
	free(dup);
	dup = xstrdup(target);
	for (tok = strtok_r(dup, "/", &save); tok != NULL;
	    tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (b.len == 0) {
				free(dup);
				buf_dispose(&b);
				return NULL;
			}
			slash = memrchr(b.data, '/', b.len);
			len = slash ? (size_t)(slash - b.data) : 0;
			b.len = len;
			b.data[len] = '\0';
			continue;
		}
		if (b.len > 0)
			buf_putc(&b, '/');
		buf_puts(&b, tok);
	}
	free(dup);
	return buf_detach(&b);
}

enum resolve_status {
	RESOLVE_OK,
	RESOLVE_ABSENT,		/* nothing there, or a broken link */
	RESOLVE_OUTSIDE,	/* a link leads out; *where says where */
	RESOLVE_LOOP
};

/*
 * Finds the entry at rel, following links in every component (and in
 * the last one too). *out is the entry, or NULL for the folder itself.
 */
static enum resolve_status
tab_resolve(const struct source *s, const char *rel, const struct entry **out,
    char **where)
{
	char	*cur = xstrdup(rel), *next, *pre;
	const struct entry *e;
	size_t	 i, len;
	int	 hops = 0;

	*out = NULL;
	*where = NULL;
restart:
	len = strlen(cur);
	if (len == 0) {		/* the folder itself */
		free(cur);
		return RESOLVE_OK;
	}
	for (i = 0; i <= len; i++) {
		if (cur[i] != '/' && cur[i] != '\0')
			continue;
		pre = xmalloc(i + 1);
		memcpy(pre, cur, i);
		pre[i] = '\0';
		e = tab_find(s, pre);
		if (e == NULL || (i < len && e->kind != ENTRY_DIR &&
		    e->kind != ENTRY_LINK)) {
			free(pre);
			free(cur);
			return RESOLVE_ABSENT;
		}
		if (e->kind == ENTRY_LINK) {
			if (++hops > MAX_HOPS) {
				free(pre);
				free(cur);
				return RESOLVE_LOOP;
			}
			if ((next = link_join(pre, e->data)) == NULL ||
			    next[0] == '\0') {
				*where = xstrdup(e->data);
				free(next);
				free(pre);
				free(cur);
				return RESOLVE_OUTSIDE;
			}
			free(pre);
			pre = next;
			next = util_path_join(pre, cur + i + (i < len));
			if (i == len)
				next[strlen(pre)] = '\0';
			free(pre);
			free(cur);
			cur = next;
			goto restart;
		}
		free(pre);
		if (i == len)
			*out = e;
	}
	free(cur);
	return RESOLVE_OK;
}

static int
tab_read(struct source *s, struct diags *d, const char *rel, size_t maxsz,
    char **out, size_t *len)
{
	const struct entry *e;
	enum resolve_status rs;
	git_odb	*odb;
	git_blob *blob;
	git_object_t type;
	size_t	 sz;
	char	*where;
	int	 rc = 0;

	*out = NULL;
	*len = 0;
	pthread_mutex_lock(&s->lock);
	tab_sort(s);
	rs = tab_resolve(s, rel, &e, &where);
	if (rs == RESOLVE_ABSENT) {
		if ((e = tab_find(s, rel)) != NULL && e->kind == ENTRY_LINK)
			diag_add(d, DIAG_ERROR, rel, 0, 0, "lien symbolique "
			    "cassé : sa cible n'existe pas");
		else
			diag_add(d, DIAG_ERROR, rel, 0, 0, "lecture "
			    "impossible : %s", util_strerror(ENOENT));
		rc = -1;
	} else if (rs == RESOLVE_OUTSIDE) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "lien symbolique qui sort "
		    "du dossier de contenu (vers %s) : copiez le fichier dans "
		    "le dossier plutôt", where);
		rc = -1;
	} else if (rs == RESOLVE_LOOP) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "lecture impossible : %s",
		    util_strerror(ELOOP));
		rc = -1;
	} else if (e == NULL || e->kind != ENTRY_FILE) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "%s : seul un fichier "
		    "texte ordinaire est lu ici", e == NULL ||
		    e->kind == ENTRY_DIR ? "c'est un dossier" : "ce n'est pas "
		    "un fichier ordinaire (sous-module git)");
		rc = -1;
	} else if (s->kind == SOURCE_MEM) {
		if (e->len > maxsz) {
			*len = e->len;
			rc = 1;
		} else {
			*out = xmalloc(e->len + 1);
			memcpy(*out, e->data, e->len);
			(*out)[e->len] = '\0';
			*len = e->len;
		}
	} else if (git_repository_odb(&odb, s->repo) == 0) {
		/* The size first: a huge blob is not inflated for nothing. */
		if (git_odb_read_header(&sz, &type, odb, &e->oid) == 0 &&
		    sz > maxsz) {
			*len = sz;
			rc = 1;
		} else if (git_blob_lookup(&blob, s->repo, &e->oid) == 0) {
			sz = (size_t)git_blob_rawsize(blob);
			*out = xmalloc(sz + 1);
			memcpy(*out, git_blob_rawcontent(blob), sz);
			(*out)[sz] = '\0';
			*len = sz;
			git_blob_free(blob);
		} else
			rc = -2;
		git_odb_free(odb);
	} else
		rc = -2;
	if (rc == -2) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "lecture impossible dans le "
		    "dépôt git : %s", git_error_last() ?
		    git_error_last()->message : "?");
		rc = -1;
	}
	pthread_mutex_unlock(&s->lock);
	free(where);
	return rc;
}

static ssize_t
tab_list(struct source *s, struct diags *d, const char *sub, int req,
    char ***out)
{
	const struct entry *e;
	enum resolve_status rs;
	char	**v = NULL, *where;
	const char *dir;
	size_t	 n = 0, cap = 0, i, dl;
	const char *name;

	pthread_mutex_lock(&s->lock);
	tab_sort(s);
	rs = tab_resolve(s, sub, &e, &where);
	if (rs == RESOLVE_OUTSIDE) {
		diag_add(d, DIAG_ERROR, sub, 0, 0, "le dossier est un lien "
		    "symbolique qui sort du dossier de contenu (vers %s) : "
		    "copiez les fichiers dans le dossier plutôt", where);
		free(where);
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	if (rs != RESOLVE_OK || (e != NULL && e->kind != ENTRY_DIR)) {
		if (rs == RESOLVE_ABSENT && !req) {
			pthread_mutex_unlock(&s->lock);
			return 0;
		}
		diag_add(d, DIAG_ERROR, sub, 0, 0, "dossier %s%s",
		    rs == RESOLVE_ABSENT ? "absent" : "illisible : ",
		    rs == RESOLVE_ABSENT ? "" : util_strerror(rs ==
		    RESOLVE_LOOP ? ELOOP : ENOTDIR));
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	dir = e != NULL ? e->path : "";
	dl = strlen(dir);
	for (i = 0; i < s->n; i++) {
		const char *p = s->e[i].path;

		if (dl > 0 && (strncmp(p, dir, dl) != 0 || p[dl] != '/'))
			continue;
		name = dl > 0 ? p + dl + 1 : p;
		if (strchr(name, '/') != NULL || name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = xstrdup(name);
	}
	pthread_mutex_unlock(&s->lock);
	util_sort_names(v, n);
	*out = v;
	return (ssize_t)n;
}

/* Memory --------------------------------------------------------- */

struct source *
source_new_mem(void)
{
	return source_new(SOURCE_MEM, "(mémoire)");
}

/* Adds the folders above rel, as a tree walk would list them. */
static void
mem_parents(struct source *s, const char *rel)
{
	char	*dup = xstrdup(rel), *p;

	tab_sort(s);
	for (p = strchr(dup, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (tab_find(s, dup) == NULL) {
			tab_push(s, dup, ENTRY_DIR);
			tab_sort(s);
		}
		*p = '/';
	}
	free(dup);
}

static struct entry *
mem_put(struct source *s, const char *rel, enum entry_kind kind)
{
	struct entry *e;

	mem_parents(s, rel);
	if ((e = tab_find(s, rel)) != NULL) {
		free(e->data);
		e->kind = kind;
		return e;
	}
	e = tab_push(s, rel, kind);
	return e;
}

void
source_mem_add(struct source *s, const char *rel, const char *data,
    size_t len)
{
	struct entry *e = mem_put(s, rel, ENTRY_FILE);

	e->data = xmalloc(len + 1);
	memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
	tab_sort(s);
}

void
source_mem_link(struct source *s, const char *rel, const char *target)
{
	struct entry *e = mem_put(s, rel, ENTRY_LINK);

	e->data = xstrdup(target);
	e->len = strlen(target);
	tab_sort(s);
}

/* Git ------------------------------------------------------------ */

static void
git_fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "maillage : %s%s%s\n", what, e ? " : " : "",
	    e ? e->message : "");
}

struct walk {
	struct source	*s;
	int		 failed;
};

static int
walk_cb(const char *root, const git_tree_entry *te, void *arg)
{
	struct walk *w = arg;
	struct entry *e;
	git_blob *blob;
	char	*path;
	enum entry_kind kind;

	switch (git_tree_entry_filemode(te)) {
	case GIT_FILEMODE_TREE:
		kind = ENTRY_DIR;
		break;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		kind = ENTRY_FILE;
		break;
	case GIT_FILEMODE_LINK:
		kind = ENTRY_LINK;
		break;
	default:
		kind = ENTRY_OTHER;
		break;
	}
	path = util_path_join(root, git_tree_entry_name(te));
	e = tab_push(w->s, path, kind);
	free(path);
	git_oid_cpy(&e->oid, git_tree_entry_id(te));
	if (kind == ENTRY_LINK) {
		/* A link's target is its blob: small, read now. */
		if (git_blob_lookup(&blob, w->s->repo, &e->oid) != 0) {
			w->failed = 1;
			return -1;
		}
		e->len = (size_t)git_blob_rawsize(blob);
		e->data = xmalloc(e->len + 1);
		memcpy(e->data, git_blob_rawcontent(blob), e->len);
		e->data[e->len] = '\0';
		git_blob_free(blob);
	}
	return 0;
}

/*
 * dir as an absolute path with no "." or ".." and no link in the part
 * that exists on disk (the folder may be absent from the work tree yet
 * present at the revision). NULL when no part of it exists.
 */
static char *
abs_path(const char *dir)
{
	struct buf b = {0};
	char	*cwd, *norm, *real, *cut;
	const char *tail;

	if (dir[0] == '/')
		buf_puts(&b, dir);
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			return NULL;
		buf_printf(&b, "%s/%s", cwd, dir);
		free(cwd);
	}
	norm = link_join("", buf_cstr(&b) + 1);	/* lexical . and .. */
	buf_dispose(&b);
	if (norm == NULL)
		return NULL;
	/* The longest part that exists, resolved, then the rest. */
	buf_printf(&b, "/%s", norm);
	free(norm);
	norm = buf_detach(&b);
	cut = norm + strlen(norm);
	for (;;) {
		char	 save = *cut;

		*cut = '\0';
		real = realpath(cut == norm ? "/" : norm, NULL);
		*cut = save;
		if (real != NULL)
			break;
		while (cut > norm && *--cut != '/')
			;
		if (cut == norm && real == NULL && *cut == '/' &&
		    (real = realpath("/", NULL)) != NULL)
			break;
	}
	tail = cut;
	while (*tail == '/')
		tail++;
	buf_puts(&b, real);
	if (*tail != '\0') {
		if (b.len > 1)
			buf_putc(&b, '/');
		buf_puts(&b, tail);
	}
	free(real);
	free(norm);
	return buf_detach(&b);
}

int
source_open_git(struct source **out, const char *dir, const char *rev)
{
	struct source *s;
	git_object *obj = NULL, *treeobj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *te = NULL;
	struct walk w;
	const char *wd;
	char	*abs = NULL, *wdreal = NULL, *probe = NULL, *prefix = NULL;
	char	 shortid[8];
	size_t	 l;
	int	 rc = -1;

	*out = NULL;
	git_libgit2_init();
	s = source_new(SOURCE_GIT, dir);
	if ((abs = abs_path(dir)) == NULL) {
		fprintf(stderr, "maillage : « %s » : chemin illisible\n", dir);
		goto out;
	}
	/* The repository is found from the nearest folder that exists. */
	probe = xstrdup(abs);
	while (access(probe, F_OK) == -1 && strrchr(probe, '/') != probe)
		*strrchr(probe, '/') = '\0';
	if (git_repository_open_ext(&s->repo, probe, 0, NULL) != 0) {
		fprintf(stderr, "maillage : « %s » n'est dans aucun dépôt git : "
		    "--rev lit le contenu tel qu'il était à une version "
		    "enregistrée par git ; sans --rev, le dossier est lu tel "
		    "qu'il est\n", dir);
		goto out;
	}
	if ((wd = git_repository_workdir(s->repo)) == NULL ||
	    (wdreal = realpath(wd, NULL)) == NULL) {
		fprintf(stderr, "maillage : le dépôt git de « %s » n'a pas de "
		    "dossier de travail (dépôt nu) : donnez un dossier d'un "
		    "clone ordinaire\n", dir);
		goto out;
	}
	l = strlen(wdreal);
	if (!path_inside(abs, wdreal)) {
		fprintf(stderr, "maillage : « %s » n'est pas dans le dossier de "
		    "travail du dépôt git (%s)\n", dir, wdreal);
		goto out;
	}
	prefix = xstrdup(l == 1 ? abs + 1 : abs[l] == '/' ? abs + l + 1 : "");
	if (git_revparse_single(&obj, s->repo, rev) != 0) {
		if (git_repository_is_shallow(s->repo))
			fprintf(stderr, "maillage : version « %s » introuvable : "
			    "ce dépôt est un clone partiel (shallow), "
			    "l'historique complet est nécessaire (git fetch "
			    "--unshallow)\n", rev);
		else
			fprintf(stderr, "maillage : version « %s » inconnue "
			    "dans le dépôt git %s : donnez un commit, une "
			    "branche ou une étiquette (« git log --oneline » "
			    "les liste)\n", rev, wdreal);
		goto out;
	}
	if (git_object_peel(&treeobj, obj, GIT_OBJECT_TREE) != 0) {
		fprintf(stderr, "maillage : « %s » ne désigne pas une version "
		    "du contenu (ni commit, ni arbre)\n", rev);
		goto out;
	}
	tree = (git_tree *)treeobj;
	if (git_object_peel((git_object **)&commit, obj,
	    GIT_OBJECT_COMMIT) == 0) {
		git_oid_tostr(s->commit, sizeof(s->commit),
		    git_commit_id(commit));
		s->commit_time = (long long)git_commit_time(commit);
	} else
		git_oid_tostr(s->commit, sizeof(s->commit),
		    git_object_id(obj));
	if (prefix[0] != '\0') {
		if (git_tree_entry_bypath(&te, tree, prefix) != 0 ||
		    git_tree_entry_type(te) != GIT_OBJECT_TREE) {
			fprintf(stderr, "maillage : le dossier « %s » n'existe "
			    "pas dans la version « %s » (%s dans le dépôt)\n",
			    dir, rev, prefix);
			goto out;
		}
		if (git_tree_lookup(&sub, s->repo, git_tree_entry_id(te)) != 0) {
			git_fail("lecture du dépôt git impossible");
			goto out;
		}
	}
	w.s = s;
	w.failed = 0;
	if (git_tree_walk(sub ? sub : tree, GIT_TREEWALK_PRE, walk_cb,
	    &w) != 0 || w.failed) {
		git_fail("lecture du dépôt git impossible");
		goto out;
	}
	tab_sort(s);
	memcpy(shortid, s->commit, 7);
	shortid[7] = '\0';
	free(s->describe);
	{
		struct buf b = {0};

		buf_printf(&b, "%s à la version %s (%s)", dir, rev, shortid);
		s->describe = buf_detach(&b);
	}
	rc = 0;
out:
	free(abs);
	free(probe);
	free(wdreal);
	free(prefix);
	git_tree_entry_free(te);
	git_tree_free(sub);
	git_object_free(treeobj);
	git_commit_free(commit);
	git_object_free(obj);
	if (rc == -1) {
		source_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* Dispatch ------------------------------------------------------- */

int
source_exists(struct source *s, const char *rel)
{
	struct stat st;
	char	*path;
	int	 rc;

	if (s->kind == SOURCE_DIR) {
		path = util_path_join(s->dir, rel);
		rc = lstat(path, &st) == 0;
		free(path);
		return rc;
	}
	pthread_mutex_lock(&s->lock);
	tab_sort(s);
	rc = rel[0] == '\0' || tab_find(s, rel) != NULL;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

ssize_t
source_list(struct source *s, struct diags *d, const char *sub, int req,
    char ***out)
{
	*out = NULL;
	return s->kind == SOURCE_DIR ? dir_list(s, d, sub, req, out) :
	    tab_list(s, d, sub, req, out);
}

int
source_read(struct source *s, struct diags *d, const char *rel, size_t maxsz,
    char **out, size_t *len)
{
	return s->kind == SOURCE_DIR ? dir_read(s, d, rel, maxsz, out, len) :
	    tab_read(s, d, rel, maxsz, out, len);
}
