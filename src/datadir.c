/*
 * datadir.c: the data folder is found from the binary's own path, so an
 * installed maillage works from any folder and a checkout's binary uses
 * the checkout's files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "arena.h"
#include "util.h"

#ifndef MAILLAGE_DATADIR
#define MAILLAGE_DATADIR "/usr/local/share/maillage"
#endif

static int
has_templates(const char *dir)
{
	struct stat st;
	char	*t = util_path_join(dir, "templates");
	int	 ok = stat(t, &st) == 0 && S_ISDIR(st.st_mode);

	free(t);
	return ok;
}

char *
datadir_find(const char *given)
{
	static const char *const rel[] = {"/../share/maillage", "", "/../.."};
	char	 exe[PATH_MAX], *slash, *cand, *real;
	ssize_t	 n;
	size_t	 i;

	if (given != NULL) {
		if (has_templates(given))
			return xstrdup(given);
		fprintf(stderr, "maillage : le dossier de données « %s » n'a "
		    "pas de sous-dossier templates/ (%s)\n", given,
		    access(given, F_OK) == 0 ? "gabarits absents" :
		    util_strerror(errno));
		return NULL;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
			cand = xmalloc(strlen(exe) + strlen(rel[i]) + 1);
			strcpy(cand, exe);
			strcat(cand, rel[i]);
			if (has_templates(cand)) {
				real = realpath(cand, NULL);
				free(cand);
				return real != NULL ? real : xstrdup(exe);
			}
			free(cand);
		}
	}
	if (has_templates(MAILLAGE_DATADIR))
		return xstrdup(MAILLAGE_DATADIR);
	fprintf(stderr, "maillage : dossier de données introuvable (gabarits, "
	    "polices, communes) : ni à côté du programme ni dans %s ; "
	    "indiquez-le avec --data DOSSIER\n", MAILLAGE_DATADIR);
	return NULL;
}
