/*
 * init.h: a new content repository for a département.
 *
 * Returns: an exit code: 0, 2 usage, 3 system (printed).
 */
#ifndef MAILLAGE_INIT_H
#define MAILLAGE_INIT_H

/*
 * Writes a ready content repository into dir (which must not exist or be
 * empty) for département `dep` (a code or a name), from the data folder;
 * its CI files fetch maillage from the git URL `outil` (NULL: a
 * placeholder marked « À ADAPTER », and a reminder is printed).
 * Returns 0, 2 on a usage problem (unknown département, dir not empty),
 * 3 on a system error; nothing is left half-written.
 */
int	 init_repo(const char *dir, const char *dep, const char *data_dir,
	    const char *outil, int quiet);

#endif
