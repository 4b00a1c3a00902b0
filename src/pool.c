/*
 * pool.c: the one worker pool of the build (load, site pages, search
 * index). Jobs are claimed from one atomic counter, or run by ranges.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "pool.h"
#include "arena.h"

struct pool {
	size_t		 n;
	size_t		 workers;
	unsigned	 flags;
	int		 (*fn)(void *, size_t, size_t);
	void		*arg;
	atomic_size_t	 next;		/* next free job */
	atomic_int	 failed;	/* a job returned -1: start no more */
};

/* Set by pool_stop (a signal handler): start no more job, anywhere. */
static volatile sig_atomic_t stopped;

void
pool_stop(void)
{
	stopped = 1;
}

int
pool_stopped(void)
{
	return stopped != 0;
}

struct pool_worker {
	struct pool	*p;
	size_t		 w;
	pthread_t	 th;
	int		 started;
};

static void *
pool_loop(void *arg)
{
	struct pool_worker *k = arg;
	struct pool *p = k->p;
	size_t	 i, to;

	if (p->flags & POOL_RANGES) {
		to = p->n * (k->w + 1) / p->workers;
		for (i = p->n * k->w / p->workers; i < to; i++) {
			if (atomic_load(&p->failed) || stopped)
				break;
			if (p->fn(p->arg, k->w, i) != 0)
				atomic_store(&p->failed, 1);
		}
		return NULL;
	}
	while (!atomic_load(&p->failed) && !stopped &&
	    (i = atomic_fetch_add(&p->next, 1)) < p->n)
		if (p->fn(p->arg, k->w, i) != 0)
			atomic_store(&p->failed, 1);
	return NULL;
}

size_t
pool_workers(size_t n, int jobs, size_t min_per_worker)
{
	size_t	 nw = jobs > 1 ? (size_t)jobs : 1;

	if (min_per_worker < 1)
		min_per_worker = 1;
	if (nw > n / min_per_worker)
		nw = n / min_per_worker;
	return nw < 1 ? 1 : nw;
}

int
pool_run(size_t n, size_t workers, unsigned flags,
    int (*fn)(void *arg, size_t worker, size_t job), void *arg)
{
	struct pool p;
	struct pool_worker *k;
	size_t	 w;

	p.n = n;
	p.workers = workers < 1 ? 1 : workers;
	p.flags = flags;
	p.fn = fn;
	p.arg = arg;
	atomic_init(&p.next, 0);
	atomic_init(&p.failed, 0);
	k = xcalloc(p.workers, sizeof(*k));
	for (w = 0; w < p.workers; w++) {
		k[w].p = &p;
		k[w].w = w;
	}
	for (w = 1; w < p.workers; w++)
		k[w].started = pthread_create(&k[w].th, NULL, pool_loop,
		    &k[w]) == 0;
	pool_loop(&k[0]);
	/* A range whose thread could not start is still owed. */
	for (w = 1; w < p.workers; w++)
		if (!k[w].started)
			pool_loop(&k[w]);
	for (w = 1; w < p.workers; w++)
		if (k[w].started)
			pthread_join(k[w].th, NULL);
	free(k);
	return atomic_load(&p.failed) || stopped ? -1 : 0;
}
