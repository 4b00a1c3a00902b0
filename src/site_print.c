/*
 * site_print.c: what the site publishes of the printed outputs of the
 * same run (issue 9), under SITE/imprimer/:
 *   affichettes/ID.pdf, affichettes/facile/ID.pdf   the service flyers
 *   qui-contacter/CODE.pdf                          « Qui contacter ? »
 *   annuaires/CODE-slug.pdf                         the directories
 * main.c writes OUT/pdf and OUT/flyers before the site; their staging
 * folders are in b->printed_pdf and b->printed_flyers. Each file is
 * hard-linked from there (the same bytes, no copy; copied when the file
 * system refuses links), so that a failed build still leaves nothing
 * half-written. A site built alone (--only site) publishes none and
 * shows no link: a link to last week's PDF would say one thing while
 * the page says another.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "model.h"
#include "outputs.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Whether path is a regular file. */
static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * Publishes from (a file of a printed output's stage) at rel in the
 * site. Returns 0 or -1 (printed, s->rc = 3).
 */
static int
publish(struct site *s, const char *from, const char *rel)
{
	char	*to = util_path_join(s->dir, rel), *data;
	size_t	 len;
	int	 rc = 0;

	if (link(from, to) == 0) {
		free(to);
		return 0;
	}
	free(to);
	if (util_read_file(&data, &len, from, (size_t)256 << 20) != READ_OK) {
		fprintf(stderr, "maillage : impossible de lire %s : %s\n", from,
		    util_strerror(errno));
		s->rc = 3;
		return -1;
	}
	rc = site_file(s, rel, data, len);
	free(data);
	return rc;
}

/* The service flyers: s->flyers[sheet] |= SITE_FLYER, SITE_FLYER_FACILE. */
static int
publish_flyers(struct site *s, const char *stage)
{
	const struct model *m = s->m;
	struct buf from = {0}, rel = {0};
	size_t	 i;
	int	 k, rc = 0, made[2] = {0, 0};
	static const char *const sub[] = {"", "facile/"};
	static const char *const dir[] = {"imprimer/affichettes",
	    "imprimer/affichettes/facile"};
	static const unsigned char bit[] = {SITE_FLYER, SITE_FLYER_FACILE};

	for (i = 0; i < m->nsheets && rc == 0; i++)
		for (k = 0; k < 2 && rc == 0; k++) {
			buf_reset(&from);
			buf_printf(&from, "%s/%s%s.pdf", stage, sub[k],
			    m->sheets[i].id);
			if (!is_file(from.data))
				continue;
			if (!made[k]++ && site_mkdir(s, dir[k]) == -1) {
				rc = -1;
				break;
			}
			buf_reset(&rel);
			buf_printf(&rel, "imprimer/affichettes/%s%s.pdf", sub[k],
			    m->sheets[i].id);
			if ((rc = publish(s, from.data, rel.data)) == 0)
				s->flyers[i] |= bit[k];
		}
	buf_dispose(&from);
	buf_dispose(&rel);
	return rc;
}

/* The « Qui contacter ? » pages: s->whom[t] = 1. */
static int
publish_whom(struct site *s, const char *stage)
{
	const struct model *m = s->m;
	struct buf from = {0}, name = {0};
	char	*rel;
	size_t	 t;
	int	 rc = 0, dirs = 0;

	for (t = 0; t < m->nterr && rc == 0; t++) {
		/* flyer.c wrote exactly these: no stat per territory. */
		if (!flyer_has_qui_contacter(m, (int)t))
			continue;
		buf_reset(&name);
		flyer_terr_file(&name, &m->terr[t]);
		buf_reset(&from);
		buf_printf(&from, "%s/qui-contacter/%s.pdf", stage, name.data);
		if (dirs++ == 0 && site_mkdir(s, "imprimer/qui-contacter") ==
		    -1)
			rc = -1;
		if (rc == 0) {
			rel = arena_printf(&s->keep, "imprimer/qui-contacter/"
			    "%s.pdf", name.data);
			if ((rc = publish(s, from.data, rel)) == 0)
				s->whom[t] = rel;
		}
	}
	buf_dispose(&from);
	buf_dispose(&name);
	return rc;
}

/* The directories written in this run: s->annuaire[t]. */
static int
publish_directories(struct site *s, const char *stage)
{
	const struct model *m = s->m;
	struct buf from = {0}, name = {0};
	char	*rel;
	size_t	 t;
	int	 rc = 0, dirs = 0;

	for (t = 0; t < m->nterr && rc == 0; t++) {
		if (s->b->pdf_pages == NULL || s->b->pdf_pages[t] <= 0)
			continue;
		buf_reset(&name);
		pdf_file_name(&name, &m->terr[t]);
		buf_reset(&from);
		buf_printf(&from, "%s/%s", stage, name.data);
		if (dirs++ == 0 && site_mkdir(s, "imprimer/annuaires") == -1)
			rc = -1;
		if (rc == 0) {
			rel = arena_printf(&s->keep, "imprimer/annuaires/%s",
			    name.data);
			if ((rc = publish(s, from.data, rel)) == 0)
				s->annuaire[t] = rel;
		}
	}
	buf_dispose(&from);
	buf_dispose(&name);
	return rc;
}

int
site_print_publish(struct site *s)
{
	const struct model *m = s->m;
	const struct build *b = s->b;

	s->flyers = arena_alloc(&s->keep, m->nsheets + 1);
	s->whom = arena_alloc(&s->keep, (m->nterr + 1) * sizeof(*s->whom));
	s->annuaire = arena_alloc(&s->keep, (m->nterr + 1) *
	    sizeof(*s->annuaire));
	if (b->printed_pdf == NULL && b->printed_flyers == NULL)
		return 0;
	if (site_mkdir(s, "imprimer") == -1)
		return -1;
	if (b->printed_flyers != NULL && (publish_flyers(s,
	    b->printed_flyers) == -1 || publish_whom(s,
	    b->printed_flyers) == -1))
		return -1;
	if (b->printed_pdf != NULL && publish_directories(s,
	    b->printed_pdf) == -1)
		return -1;
	return 0;
}

/*
 * The printed documents of territory t for its page: its own, else
 * those of its nearest ancestor that has one (a commune's services are
 * in its intercommunality's or département's directory):
 * {annuaire: {url, pages, nom?}, qui: {url, nom?}}, or NULL when the
 * run printed nothing for it.
 */
struct tval *
site_print_terr(struct site *s, int t)
{
	const struct model *m = s->m;
	struct tval *v = NULL, *x;
	int	 p, depth;

	for (p = t, depth = 0; p >= 0 && depth < 64 &&
	    s->annuaire[p] == NULL; p = m->terr[p].parent, depth++)
		;
	if (p >= 0 && s->annuaire[p] != NULL) {
		v = tv_map(&s->page);
		x = tv_map(&s->page);
		tv_set(&s->page, x, "url", site_strf(s, "../../%s",
		    s->annuaire[p]));
		tv_set(&s->page, x, "pages", tv_int(&s->page,
		    (long)s->b->pdf_pages[p]));
		tv_set_bool(&s->page, x, "pluriel", s->b->pdf_pages[p] > 1);
		if (p != t)
			site_set(s, x, "nom", m->terr[p].nom);
		tv_set(&s->page, v, "annuaire", x);
	}
	for (p = t, depth = 0; p >= 0 && depth < 64 && s->whom[p] == NULL;
	    p = m->terr[p].parent, depth++)
		;
	if (p >= 0 && s->whom[p] != NULL) {
		if (v == NULL)
			v = tv_map(&s->page);
		x = tv_map(&s->page);
		tv_set(&s->page, x, "url", site_strf(s, "../../%s",
		    s->whom[p]));
		if (p != t)
			site_set(s, x, "nom", m->terr[p].nom);
		tv_set(&s->page, v, "qui", x);
	}
	return v;
}
