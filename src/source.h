/*
 * source.h: the files of a content folder, wherever they are.
 *
 * One interface, three backends:
 * - the work tree: a folder on disk, read as the user sees it (symbolic
 *   links are followed only when they stay inside the folder; anything
 *   but a regular file is refused);
 * - a git tree at a revision, read in memory with libgit2 (nothing is
 *   checked out; the folder may be a subfolder of the repository, which
 *   is found upward; links inside the tree follow the same rule);
 * - an in-memory set of files, for tests.
 *
 * Paths are relative to the content folder, '/'-separated
 * ("fiches/dac-58.md"; "" is the folder itself). Listing and reading
 * report their problems to the diagnostics they are given, under the
 * relative path, in French, and return 0 (or a count) or -1: callers
 * only propagate. Opening prints its problem on stderr (it is about the
 * command line: a folder or a revision that is not there) and returns
 * -1. A source is read-only once open and may be read by several
 * threads at once.
 *
 *	struct source *src;
 *	if (source_open_git(&src, "content", "HEAD~1") == -1)
 *		return 3;			// said on stderr
 *	model_load(&m, src, today, &diags, 0, 0);	// see model.h
 *	source_free(src);			// the model owns its copy
 *
 * Returns: listing and reading 0 (or a count), or -1 after reporting to
 * the diagnostics (reading: 1 for a file over its size limit); opening
 * 0, or -1 after a message on stderr.
 */
#ifndef MAILLAGE_SOURCE_H
#define MAILLAGE_SOURCE_H

#include <stddef.h>
#include <sys/types.h>

struct diags;
struct source;

/* The work tree at dir. */
int	 source_open_dir(struct source **out, const char *dir);
/*
 * The folder dir as it was at revision rev ("HEAD~1", a branch, a tag,
 * a commit id) in the git repository that holds dir. Unknown revision,
 * no repository, a shallow clone that lacks the commit: said, -1.
 */
int	 source_open_git(struct source **out, const char *dir, const char *rev);
/* An empty in-memory folder; files are added with source_mem_add. */
struct source *source_new_mem(void);
/* Adds (or replaces) file rel with a copy of data. */
void	 source_mem_add(struct source *, const char *rel, const char *data,
	    size_t len);
/* Adds a symbolic link rel whose target is target (relative to rel). */
void	 source_mem_link(struct source *, const char *rel, const char *target);
void	 source_free(struct source *);

/* "content", or "content à la version HEAD~1 (3d5ab08)": for messages. */
const char *source_describe(const struct source *);
/* The commit read (40 hex digits) and its time, for a git source. */
const char *source_commit(const struct source *);
long long source_commit_time(const struct source *);	/* seconds */

/* Whether something (a file, a folder, a link, broken or not) is at rel. */
int	 source_exists(struct source *, const char *rel);
/*
 * The entries of folder sub, hidden ones skipped, sorted as
 * util_list_dir sorts. An absent folder is an error only when req; it
 * then gives 0 entries. Returns the count (free the names with
 * util_free_names) or -1 (reported).
 */
ssize_t	 source_list(struct source *, struct diags *, const char *sub,
	    int req, char ***out);
/*
 * Reads file rel whole, NUL-terminated (malloc'd, in *out). Returns 0;
 * -1 when it cannot be read (reported); 1 when it is bigger than maxsz
 * bytes: not read, its size in *len and nothing reported, as only the
 * caller knows what such a file should hold.
 */
int	 source_read(struct source *, struct diags *, const char *rel,
	    size_t maxsz, char **out, size_t *len);

#endif
