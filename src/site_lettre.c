/*
 * site_lettre.c: the newsletter archive, /lettre/. `maillage newsletter`
 * writes each edition to OUT/newsletter/DATE/lettre.html; the build
 * publishes every edition found there as /lettre/DATE/ (the letter's
 * own body, inline styles and all, inside the site's layout) and lists
 * them, newest first, on /lettre/. No edition, no archive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "esc.h"
#include "outputs.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* The letter's limit: anything bigger is not one of ours. */
#define LETTRE_MAX	(1024 * 1024)

/* Between "<body ...>" and "</body>"; NULL when not found. */
static const char *
body_of(const char *html, size_t *len)
{
	const char *b = strstr(html, "<body"), *e;

	if (b == NULL || (b = strchr(b, '>')) == NULL)
		return NULL;
	b++;
	if ((e = strstr(b, "</body>")) == NULL)
		return NULL;
	*len = (size_t)(e - b);
	return b;
}

/* The <title> text, still escaped as HTML. */
static char *
title_of(const char *html)
{
	const char *b = strstr(html, "<title>"), *e;

	if (b == NULL || (e = strstr(b, "</title>")) == NULL)
		return NULL;
	b += strlen("<title>");
	return strndup(b, (size_t)(e - b));
}

/*
 * The editions of OUT/newsletter/ that can be published, newest first
 * (the names are dates): a NULL-terminated malloc'd list of names, and
 * their number in *n. Not an edition: a name that is not a date, or a
 * lettre.html missing, too big or without a body.
 */
static char **
lettres_find(const struct build *b, size_t *n)
{
	struct buf dir = {0}, path = {0};
	char	**names = NULL, **out, *html;
	ssize_t	 nn = 0, i;
	size_t	 len, blen;
	long	 day;

	*n = 0;
	if (b->out_dir != NULL) {
		buf_printf(&dir, "%s/newsletter", b->out_dir);
		nn = util_list_dir(&names, dir.data);
	}
	out = xcalloc((size_t)(nn > 0 ? nn : 0) + 1, sizeof(*out));
	for (i = nn - 1; i >= 0; i--) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s/lettre.html", dir.data, names[i]);
		if (strlen(names[i]) != 10 || date_parse(&day, names[i]) == -1 ||
		    util_read_file(&html, &len, path.data, LETTRE_MAX) !=
		    READ_OK)
			continue;
		if (body_of(html, &blen) != NULL)
			out[(*n)++] = xstrdup(names[i]);
		free(html);
	}
	util_free_names(names, nn > 0 ? nn : 0);
	buf_dispose(&dir);
	buf_dispose(&path);
	return out;
}

int
site_lettres_note(struct site *s)
{
	struct buf path = {0};
	char	**l;
	size_t	 i, n;

	l = lettres_find(s->b, &n);
	s->nlettres = n;
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "lettre/%s/", l[i]);
		site_sitemap_add(s, path.data);
	}
	if (n > 0)
		site_sitemap_add(s, "lettre/");
	util_free_names(l, (ssize_t)n);
	buf_dispose(&path);
	return 0;
}

/* The pages of the editions l[0..n) and their list, /lettre/. */
static int
lettres_pages(struct site *s, char **l, size_t n)
{
	struct build *b = s->b;
	struct buf list = {0}, path = {0};
	struct tval *ctx;
	char	*html = NULL, *title;
	size_t	 i, len, blen;
	const char *body;
	long	 day;
	int	 rc = 0;

	if (site_mkdir(s, "lettre") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/newsletter/%s/lettre.html", b->out_dir,
		    l[i]);
		if (date_parse(&day, l[i]) == -1 ||
		    util_read_file(&html, &len, path.data, LETTRE_MAX) !=
		    READ_OK || (body = body_of(html, &blen)) == NULL) {
			fprintf(stderr, "maillage : %s a changé pendant la "
			    "construction\n", path.data);
			s->rc = 3;
			rc = -1;
			goto out;
		}
		title = title_of(html);
		ctx = site_ctx(s, 2);
		buf_reset(&s->tmp);
		buf_puts(&s->tmp, "Lettre d'information du ");
		date_french(&s->tmp, day);
		tv_set(&s->page, ctx, "titre", site_tmp(s));
		buf_reset(&s->tmp);
		buf_put(&s->tmp, body, blen);
		tv_set(&s->page, ctx, "corps_html", site_tmp(s));
		tv_set_bool(&s->page, ctx, "nav_actualites", 1);
		site_crumb(s, ctx, "Accueil", "../../index.html");
		site_crumb(s, ctx, "Lettres d'information", "../index.html");
		buf_reset(&path);
		buf_printf(&path, "lettre/%s/", l[i]);
		if (site_emit(s, path.data, "page", ctx, 1) == -1) {
			free(title);
			rc = -1;
			goto out;
		}
		buf_printf(&list, "<li><a href=\"%s/index.html\">", l[i]);
		if (title != NULL)
			buf_puts(&list, title);	/* escaped already */
		else
			date_french(&list, day);
		buf_puts(&list, "</a></li>\n");
		free(title);
		free(html);
		html = NULL;
	}
	ctx = site_ctx(s, 1);
	site_set(s, ctx, "titre", "Lettres d'information");
	site_set(s, ctx, "description", "Les lettres d'information : les "
	    "nouveaux services, les changements et les actualités de chaque "
	    "période.");
	buf_reset(&s->tmp);
	buf_puts(&s->tmp, "<p>Chaque lettre résume ce qui a changé dans le "
	    "répertoire depuis la précédente : nouveaux services, changements "
	    "de numéro, d'horaires ou d'adresse, fermetures, actualités.</p>\n"
	    "<ul>\n");
	buf_put(&s->tmp, list.data, list.len);
	buf_puts(&s->tmp, "</ul>\n");
	tv_set(&s->page, ctx, "corps_html", site_tmp(s));
	tv_set_bool(&s->page, ctx, "nav_actualites", 1);
	site_crumb(s, ctx, "Accueil", "../index.html");
	if (site_emit(s, "lettre/", "page", ctx, 1) == -1)
		rc = -1;
out:
	free(html);
	buf_dispose(&list);
	buf_dispose(&path);
	return rc;
}

int
site_lettres_write(struct build *b, const char *dir)
{
	struct site s;
	char	**l;
	size_t	 n;
	double	 t0 = build_clock();
	int	 rc = 0;

	l = lettres_find(b, &n);
	if (n > 0 && (rc = site_open(&s, b, dir)) == 0) {
		if (lettres_pages(&s, l, n) == -1 && s.rc == 0)
			s.rc = 3;
		rc = s.rc;
		site_close(&s);
		if (rc == 0)
			build_phase(b, "lettres : %zu édition%s en %.0f ms", n,
			    n > 1 ? "s" : "", (build_clock() - t0) * 1e3);
	}
	util_free_names(l, (ssize_t)n);
	return rc;
}
