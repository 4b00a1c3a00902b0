/*
 * outputs.h: one entry point per output; main.c is the one place that
 * calls them. Each reads the model (read-only) and writes into dir, a
 * fresh staging folder that main.c swaps in when every output succeeded.
 *
 * Returns: 0, or the exit code (1 template or content problem, reported
 * to b->diags; 3 system error, printed).
 */
#ifndef MAILLAGE_OUTPUTS_H
#define MAILLAGE_OUTPUTS_H

struct build;

int	 site_write(struct build *, const char *dir);
int	 pdf_write(struct build *, const char *dir);
struct model;
/* Whether a territory gets a PDF directory of its own (pdf.c). */
int	 pdf_has_directory(const struct model *, int terr);
struct buf;
struct territory;
/* A directory's file name in OUT/pdf/: "CODE-slug.pdf" (pdf.c). */
void	 pdf_file_name(struct buf *, const struct territory *);
int	 flyer_write(struct build *, const char *dir);
/* A territory's « Qui contacter ? » name in qui-contacter/, without
 * ".pdf": its code, ASCII letters, digits and dashes (flyer.c). */
void	 flyer_terr_file(struct buf *, const struct territory *);
/*
 * Whether a territory gets a « Qui contacter ? » page (flyer.c): its level
 * is in pdf.niveaux and at least one service for the public is there.
 */
int	 flyer_has_qui_contacter(const struct model *, int terr);
/*
 * Parts of the site folder, steps of their own (main.c): export_write
 * before site_write, whose open-data page lists its files; the
 * newsletter archive too (the news page links to it); search_write
 * beside them.
 */
int	 search_write(struct build *, const char *sitedir);	/* recherche/ */
int	 export_write(struct build *, const char *sitedir);	/* donnees/ */
int	 site_lettres_write(struct build *, const char *sitedir); /* lettre/ */

#endif
