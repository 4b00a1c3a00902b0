/*
 * site_lettre.c: the newsletter archive, /lettre/. `maillage newsletter`
 * writes each edition to OUT/newsletter/DATE/lettre.html; the build
 * publishes every edition found there as /lettre/DATE/ (the letter's
 * own body, inline styles and all, inside the site's layout) and lists
 * them, newest first, on /lettre/. No edition, no archive.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "esc.h"
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

int
site_lettres(struct site *s)
{
	struct build *b = s->b;
	struct buf dir = {0}, list = {0}, path = {0};
	struct tval *ctx;
	char	**names = NULL, *html = NULL, *title;
	ssize_t	 n, i;
	size_t	 len, blen;
	const char *body;
	long	 day;
	int	 rc = 0;

	s->nlettres = 0;
	if (b->out_dir == NULL)
		return 0;
	buf_printf(&dir, "%s/newsletter", b->out_dir);
	if ((n = util_list_dir(&names, dir.data)) <= 0)
		goto out;
	/* Newest first: the names are dates. */
	for (i = n - 1; i >= 0; i--) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s/lettre.html", dir.data, names[i]);
		if (strlen(names[i]) != 10 || date_parse(&day, names[i]) == -1 ||
		    util_read_file(&html, &len, path.data, LETTRE_MAX) !=
		    READ_OK)
			continue;
		if ((body = body_of(html, &blen)) == NULL) {
			free(html);
			html = NULL;
			continue;
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
		buf_printf(&path, "lettre/%s/", names[i]);
		if ((s->nlettres == 0 && site_mkdir(s, "lettre") == -1) ||
		    site_emit(s, path.data, "page", ctx, 1) == -1) {
			free(title);
			rc = -1;
			goto out;
		}
		buf_printf(&list, "<li><a href=\"%s/index.html\">", names[i]);
		if (title != NULL)
			buf_puts(&list, title);	/* escaped already */
		else
			date_french(&list, day);
		buf_puts(&list, "</a></li>\n");
		free(title);
		free(html);
		html = NULL;
		s->nlettres++;
	}
	if (s->nlettres == 0)
		goto out;
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
	util_free_names(names, n > 0 ? n : 0);
	buf_dispose(&dir);
	buf_dispose(&list);
	buf_dispose(&path);
	return rc;
}
