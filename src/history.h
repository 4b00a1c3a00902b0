/*
 * history.h: the content's git history, read with libgit2. One
 * first-parent walk gives every sheet its last change date (followed
 * through renames); a range of two revisions gives the files that were
 * added, modified, renamed or deleted between them, with their text at
 * both ends, for the newsletter.
 *
 * Returns: history_open an enum hist_status; the others 0 (or a count), or
 * -1 with a French message in err.
 */
#ifndef MAILLAGE_HISTORY_H
#define MAILLAGE_HISTORY_H

#include <stddef.h>

struct buf;
struct model;
struct history;

enum hist_open {
	HIST_OK,
	HIST_NOREPO,		/* the folder is in no git repository */
	HIST_SHALLOW,		/* a shallow clone: libgit2 walks nothing */
	HIST_FAILED		/* a libgit2 error, message in err */
};

/*
 * Opens the repository that holds content_dir. Returns an enum
 * hist_open; err receives a French message for every status but HIST_OK.
 */
int	 history_open(struct history **out, const char *content_dir,
	    struct buf *err);
void	 history_close(struct history *);

/*
 * Sets each sheet's modifie_le (days since epoch) to the date of the
 * last commit, on the first-parent line of HEAD, that changed its file;
 * a pure rename (same content) is no change and is followed to the old
 * name. One walk for all sheets. Sheets without history keep 0.
 * Returns the number of dated sheets, or -1 (message in err).
 */
long	 history_dates(struct history *, struct model *, struct buf *err);

enum hist_status {
	HD_ADDED,
	HD_MODIFIED,
	HD_RENAMED,
	HD_DELETED
};

/* One content file that changed between the two ends of a range. */
struct hist_delta {
	enum hist_status status;
	char		*old_path;	/* relative to the content folder */
	char		*new_path;
	char		*old_text;	/* NUL-terminated, NULL when added */
	size_t		 old_len;
	char		*new_text;	/* NULL when deleted */
	size_t		 new_len;
};

/* A news file as it is at the end of the range. */
struct hist_file {
	char		*path;		/* "actualites/x.md" */
	char		*text;
	size_t		 len;
};

struct hist_range {
	long		 since_day;	/* first day of the period */
	long		 until_day;	/* the --until commit's day */
	long long	 until_time;	/* its time, seconds since epoch */
	size_t		 ncommits;	/* first-parent commits in the period */
	struct hist_delta *deltas;	/* fiches/ only, sorted by path */
	size_t		 ndeltas;
	struct hist_file *news;		/* news files at the end */
	size_t		 nnews;
	char		*until_id;	/* short commit id */
	char		*until_rev;	/* the --until commit, 40 hex digits */
	char		*since_rev;	/* the commit before the period, NULL
					   when the period starts with the
					   first commit */
};

/*
 * Resolves since (a revision or a YYYY-MM-DD date: the period then
 * starts that day) and until (a revision, HEAD when NULL), and reads the
 * changes between them. Returns 0, or -1 with a French message in err
 * (unknown revision, since after until).
 */
int	 history_range(struct history *, const char *since, const char *until,
	    struct hist_range *out, struct buf *err);
void	 history_range_free(struct hist_range *);

#endif
