/*
 * datadir.h: where maillage finds its own files (templates, fonts, the
 * official communes), whatever folder it is started from.
 *
 * Returns: a malloc'd path, or NULL after a French message on stderr.
 */
#ifndef MAILLAGE_DATADIR_H
#define MAILLAGE_DATADIR_H

/*
 * The data folder: `given` when not NULL (--data), else the first of
 * BINDIR/../share/maillage (installed), BINDIR (a checkout's ./maillage)
 * and BINDIR/../.. (build/VARIANT/maillage) that holds templates/, else
 * the compiled-in MAILLAGE_DATADIR. Returns a malloc'd path, or NULL
 * after printing a French message when the folder (given or found) has
 * no templates/: the caller exits 2.
 */
char	*datadir_find(const char *given);

#endif
