/*
 * pool.h: runs n jobs, indexed 0..n-1, over a few threads.
 *
 * Returns: pool_run gives 0 when every job returned 0, -1 when one
 * returned -1 (the job reported its problem itself; the pool adds none).
 */
#ifndef MAILLAGE_POOL_H
#define MAILLAGE_POOL_H

#include <stddef.h>

/*
 * Worker w runs the jobs [n*w/workers, n*(w+1)/workers) in order, instead
 * of taking the next free index: for callers that concatenate what each
 * worker made and want the same bytes whatever the thread timing.
 */
#define POOL_RANGES	1u

/*
 * How many workers to use for n jobs with at most `jobs` threads, when a
 * thread only pays off from min_per_worker jobs: at least 1.
 */
size_t	 pool_workers(size_t n, int jobs, size_t min_per_worker);

/*
 * Runs fn(arg, worker, job) for every job over `workers` workers
 * (0..workers-1, so that each may keep state of its own). Worker 0 is the
 * calling thread: with one worker, nothing is started. A worker whose
 * thread cannot be started runs in the calling thread afterwards. After a
 * job fails, no worker starts a new one. Returns 0, or -1 when a job
 * failed.
 */
int	 pool_run(size_t n, size_t workers, unsigned flags,
	    int (*fn)(void *arg, size_t worker, size_t job), void *arg);

/*
 * Interruption (Ctrl-C): pool_stop, safe in a signal handler, makes every
 * pool start no more job and return -1, so that the build fails the
 * ordinary way (its stages removed); pool_stopped tells it happened.
 */
void	 pool_stop(void);
int	 pool_stopped(void);

#endif
