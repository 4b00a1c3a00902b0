/*
 * harness.h: a tiny unit test harness. Each test file defines main() and
 * calls the tests; TEST_END prints "N passed, N failed" and returns the
 * exit status.
 */
#ifndef MAILLAGE_HARNESS_H
#define MAILLAGE_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_pass, harness_fail;

#define OK(cond, ...) do {						\
	if (cond) {							\
		harness_pass++;						\
	} else {							\
		harness_fail++;						\
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

#define INT_EQ(a, b) do {						\
	long long harness_a = (long long)(a), harness_b = (long long)(b); \
	OK(harness_a == harness_b, "%s == %s: got %lld, want %lld",	\
	    #a, #b, harness_a, harness_b);				\
} while (0)

#define STR_EQ(a, b) do {						\
	const char *harness_s = (a), *harness_t = (b);			\
	OK(harness_s != NULL && harness_t != NULL &&			\
	    strcmp(harness_s, harness_t) == 0,				\
	    "%s == %s:\n  got  «%s»\n  want «%s»", #a, #b,		\
	    harness_s ? harness_s : "(null)",				\
	    harness_t ? harness_t : "(null)");				\
} while (0)

#define TEST_END() (printf("%s: %d passed, %d failed\n", __FILE__,	\
	harness_pass, harness_fail), harness_fail ? 1 : 0)

#endif
