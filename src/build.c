/* build.c: a build's lifetime, phase lines and the clock. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "source.h"
#include "util.h"

#ifndef MAILLAGE_DATADIR
#define MAILLAGE_DATADIR "/usr/local/share/maillage"
#endif

void
build_init(struct build *b)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(b, 0, sizeof(*b));
	arena_init(&b->arena);
	diags_init(&b->diags);
	b->content_dir = "content";
	b->out_dir = "out";
	/* From a checkout, ./templates; once installed, the data folder. */
	if (access("templates", F_OK) == 0) {
		b->templates_dir = "templates";
		b->fonts_dir = "fonts";
	} else {
		b->templates_dir = MAILLAGE_DATADIR "/templates";
		b->fonts_dir = MAILLAGE_DATADIR "/fonts";
	}
	b->only = BUILD_ALL;
	b->jobs = n > 0 ? (int)(n > 16 ? 16 : n) : 1;
	b->tty = isatty(STDERR_FILENO);
}

void
build_free(struct build *b)
{
	model_free(&b->model);
	arena_free(&b->arena);
	diags_free(&b->diags);
}

static pthread_mutex_t search_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t search_cv = PTHREAD_COND_INITIALIZER;
static int search_on;

void
build_search_running(int on)
{
	pthread_mutex_lock(&search_mu);
	search_on = on;
	pthread_cond_broadcast(&search_cv);
	pthread_mutex_unlock(&search_mu);
}

void
build_search_wait(void)
{
	pthread_mutex_lock(&search_mu);
	while (search_on)
		pthread_cond_wait(&search_cv, &search_mu);
	pthread_mutex_unlock(&search_mu);
}

double
build_clock(void)
{
	return util_clock();
}

int
load_content(struct build *b)
{
	struct model *m = &b->model;
	struct source *src;
	int	 rc;

	if ((b->rev != NULL ? source_open_git(&src, b->content_dir, b->rev) :
	    source_open_dir(&src, b->content_dir)) == -1)
		return 3;
	rc = model_load(m, src, date_today(), &b->diags, b->jobs,
	    b->drop_bodies ? MODEL_NO_BODIES : 0);
	source_free(src);
	build_phase(b, "référentiels : %zu territoires, %zu types, %zu "
	    "besoins, %zu publics, %zu sigles (%.0f ms)", m->nterr, m->ntypes,
	    m->nbesoins, m->npublics, m->ngloss, m->load_time[0] * 1e3);
	build_phase(b, "fiches : %zu lues, %zu actualités, %zu pages "
	    "(%.0f ms)", m->nsheets, m->nnews, m->npages,
	    m->load_time[1] * 1e3);
	return rc == 0 && b->diags.nerr == 0 ? 0 : 1;
}

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static double progress_last;

void
build_progress(const struct build *b, const char *what, size_t done,
    size_t total)
{
	double	 now;

	if (b->quiet || !b->tty)
		return;
	pthread_mutex_lock(&progress_lock);
	now = build_clock();
	if (done == total || now - progress_last >= 0.1) {
		progress_last = now;
		fprintf(stderr, "\r  %s : %zu/%zu\033[K", what, done, total);
		fflush(stderr);
	}
	pthread_mutex_unlock(&progress_lock);
}

void
build_phase(const struct build *b, const char *fmt, ...)
{
	va_list	 ap;

	if (b->quiet || !(b->tty || b->verbose))
		return;
	va_start(ap, fmt);
	fputs(b->tty ? "\r\033[K  " : "  ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
