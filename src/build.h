/*
 * build.h: one build: its settings, memory, diagnostics and model.
 *
 * Returns: load_content gives an exit code (0, 1 content errors, 3
 * system); the rest cannot fail.
 */
#ifndef MAILLAGE_BUILD_H
#define MAILLAGE_BUILD_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "model.h"

enum build_only {
	BUILD_SITE = 1 << 0,
	BUILD_PDF = 1 << 1,
	BUILD_FLYERS = 1 << 2,
	BUILD_ALL = BUILD_SITE | BUILD_PDF | BUILD_FLYERS
};

struct build {
	struct arena	 arena;		/* the outputs' own allocations */
	struct diags	 diags;
	struct model	 model;		/* owns its memory (model.h) */
	const char	*content_dir;
	const char	*rev;		/* read at this git revision, or NULL */
	const char	*out_dir;
	const char	*templates_dir;
	const char	*fonts_dir;
	const char	*stage_dir;	/* where outputs are written first */
	unsigned	 only;		/* enum build_only bits */
	int		 edition_pro;	/* PDFs with contacts_pro */
	int		 quiet;
	int		 tty;		/* progress lines on stderr */
	int		 verbose;	/* phase lines even when not a tty */
	int		 jobs;		/* worker threads */
	int		 drop_bodies;	/* check: bodies checked, not kept */
	int		 facile;	/* easy-to-read flyers too */
	/*
	 * What this run printed, for the site's links: main.c writes the
	 * printed outputs before the site. Their staging folders (NULL
	 * when not built in this run, or for the professional edition),
	 * and each territory's directory page count (pdf.c; NULL, or 0
	 * for a territory without a directory).
	 */
	const char	*printed_pdf;
	const char	*printed_flyers;
	int		*pdf_pages;	/* by territory index */
};

void	 build_init(struct build *);
void	 build_free(struct build *);
/* A phase line ("  fiches : 45 lues en 12 ms") unless quiet. */
void	 build_phase(const struct build *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
double	 build_clock(void);	/* seconds, monotonic */
/*
 * The search index is built in a lane of its own; the site waits for it
 * to be written before rendering its cards, so that the two biggest
 * memory users of a 100,000-sheet build do not peak together (1.22 GB
 * once they did). build_search_running marks the step (on, then off);
 * build_search_wait returns at once when no search is running in
 * another thread, so a build on one thread never waits.
 */
void	 build_search_running(int on);
void	 build_search_wait(void);
/*
 * A progress line on a terminal ("  pdf : 12/93 annuaires"), rewritten
 * in place, at most ten times a second; the next phase line replaces it.
 * Thread-safe.
 */
void	 build_progress(const struct build *, const char *what, size_t done,
	    size_t total);

/*
 * Loads and validates b->content_dir (at git revision b->rev when set)
 * into b->model, with model_load, and prints its phase lines. Every
 * problem is reported to b->diags. Returns 0 when the model can be used
 * (no error), 1 when there were content errors, 3 when the folder or the
 * revision cannot be opened (said on stderr).
 */
int	 load_content(struct build *);

#endif
