/*
 * write-floor.c: the floor under a site build, for tests/bench/run. Reads
 * "SIZE PATH" lines (find SITE -type f -printf '%s %P\n') and writes the
 * same files, of the same sizes, under DIR, on two threads (as the build
 * uses both cores), with nothing to compute: what creating these folders
 * and files and copying their bytes costs on this machine, whatever writes
 * them.
 *   cc -O2 -pthread -o write-floor write-floor.c
 *   write-floor DIR < list
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct item {
	size_t	 size;
	char	*path;
};

static struct item *items;
static size_t nitems;
static const char *root;
static char *fill;		/* the largest file's bytes, written from for all */

/* mkdir -p of path's parent folders (each mkdir is cheap when it exists) */
static int
parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		int rc = mkdir(path, 0755);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

static int
write_one(const struct item *it)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", root, it->path) >=
	    sizeof path)
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 && errno == ENOENT) {
		if (parents(path) != 0)
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	}
	if (fd < 0)
		return -1;
	/* One write for the whole file, as the build does. */
	ssize_t w = write(fd, fill, it->size);
	return close(fd) == 0 && w == (ssize_t)it->size ? 0 : -1;
}

static void *
worker(void *arg)
{
	size_t w = (size_t)arg;
	for (size_t i = w; i < nitems; i += 2)
		if (write_one(&items[i]) != 0) {
			perror(items[i].path);
			return (void *)1;
		}
	return NULL;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: write-floor DIR < list\n");
		return 2;
	}
	root = argv[1];
	if (mkdir(root, 0755) != 0 && errno != EEXIST) {
		perror(root);
		return 1;
	}
	size_t cap = 0, size, max = 1;
	char line[4096];
	while (fgets(line, sizeof line, stdin) != NULL) {
		char *sp = strchr(line, ' ');
		if (sp == NULL)
			continue;
		line[strcspn(line, "\n")] = '\0';
		size = strtoull(line, NULL, 10);
		if (nitems == cap) {
			cap = cap ? 2 * cap : 1024;
			items = realloc(items, cap * sizeof *items);
			if (items == NULL)
				return 1;
		}
		items[nitems].size = size;
		if (size > max)
			max = size;
		if ((items[nitems].path = strdup(sp + 1)) == NULL)
			return 1;
		nitems++;
	}
	if ((fill = malloc(max)) == NULL)
		return 1;
	memset(fill, 'x', max);
	pthread_t t;
	void *r1 = NULL, *r0;
	int started = pthread_create(&t, NULL, worker, (void *)1) == 0;
	r0 = worker((void *)0);
	if (started)
		pthread_join(t, &r1);
	else
		r1 = worker((void *)1);
	return r0 == NULL && r1 == NULL ? 0 : 1;
}
