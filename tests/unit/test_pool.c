/*
 * test_pool.c: the worker pool runs every job once, ranges in order,
 * and reports a failing job.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "harness.h"
#include "pool.h"

#define N	1000

struct count {
	atomic_int	 runs[N];
	size_t		 worker[N];	/* which worker ran job i */
	size_t		 order[8][N];	/* jobs of each worker, in order */
	size_t		 norder[8];
	size_t		 fail_at;	/* job that fails, or N */
	atomic_int	 total;
};

static int
count_job(void *arg, size_t worker, size_t i)
{
	struct count *c = arg;

	atomic_fetch_add(&c->runs[i], 1);
	atomic_fetch_add(&c->total, 1);
	c->worker[i] = worker;
	c->order[worker][c->norder[worker]++] = i;
	return i == c->fail_at ? -1 : 0;
}

static struct count *
count_new(size_t fail_at)
{
	struct count *c = calloc(1, sizeof(*c));

	c->fail_at = fail_at;
	return c;
}

static void
test_all_once(unsigned flags, size_t workers)
{
	struct count *c = count_new(N);
	size_t	 i, bad = 0;

	INT_EQ(pool_run(N, workers, flags, count_job, c), 0);
	for (i = 0; i < N; i++)
		if (atomic_load(&c->runs[i]) != 1 || c->worker[i] >= workers)
			bad++;
	INT_EQ(bad, 0);
	INT_EQ(atomic_load(&c->total), N);
	free(c);
}

static void
test_ranges(void)
{
	struct count *c = count_new(N);
	size_t	 w, k, bad = 0;

	INT_EQ(pool_run(N, 3, POOL_RANGES, count_job, c), 0);
	/* Worker w runs [N*w/3, N*(w+1)/3) in increasing order. */
	for (w = 0; w < 3; w++) {
		INT_EQ(c->norder[w], N * (w + 1) / 3 - N * w / 3);
		for (k = 0; k < c->norder[w]; k++)
			if (c->order[w][k] != N * w / 3 + k)
				bad++;
	}
	INT_EQ(bad, 0);
	free(c);
}

static void
test_failure(void)
{
	struct count *c = count_new(10);

	/* One worker: the calling thread, which stops at the failure. */
	INT_EQ(pool_run(N, 1, 0, count_job, c), -1);
	INT_EQ(atomic_load(&c->total), 11);
	INT_EQ(c->norder[0], 11);
	free(c);
	c = count_new(N - 1);
	INT_EQ(pool_run(N, 4, 0, count_job, c), -1);
	free(c);
	c = count_new(0);
	INT_EQ(pool_run(N, 2, POOL_RANGES, count_job, c), -1);
	/* The first range stops at once; the other may have run. */
	INT_EQ(c->norder[0], 1);
	free(c);
	c = count_new(N);
	INT_EQ(pool_run(0, 4, 0, count_job, c), 0);
	INT_EQ(atomic_load(&c->total), 0);
	free(c);
}

static void
test_workers(void)
{
	INT_EQ(pool_workers(1000, 4, 16), 4);
	INT_EQ(pool_workers(40, 4, 16), 2);
	INT_EQ(pool_workers(10, 4, 16), 1);
	INT_EQ(pool_workers(0, 4, 16), 1);
	INT_EQ(pool_workers(1000, 0, 16), 1);
	INT_EQ(pool_workers(1000, -3, 0), 1);
	INT_EQ(pool_workers(3, 8, 0), 3);
}

int
main(void)
{
	test_all_once(0, 1);
	test_all_once(0, 2);
	test_all_once(0, 7);
	test_all_once(POOL_RANGES, 1);
	test_all_once(POOL_RANGES, 5);
	test_ranges();
	test_failure();
	test_workers();
	return TEST_END();
}
