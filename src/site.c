/*
 * site.c: the static website. site_write() loads the templates once,
 * copies the assets, then writes every page: sheets (site_fiche.c),
 * territories, needs, publics and kinds of service (site_terr.c), and
 * here the home, A–Z, glossary, news, free pages, search, open data and
 * 404 pages, then sitemap.xml, robots.txt and the Atom feed.
 *
 * Links between pages are relative ({{root}} is "", "../" or "../../")
 * and name index.html explicitly, so that the site works at any base
 * path and from file://; canonical, Open Graph, sitemap and feed URLs
 * are absolute, from site.yaml's url. Nothing depends on the clock but
 * model->today, and every list has a fixed order: two builds of the
 * same content give the same bytes.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "diag.h"
#include "esc.h"
#include "fold.h"
#include "md.h"
#include "model.h"
#include "outputs.h"
#include "pool.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Templates the site cannot do without. */
static const char *const required_templates[] = {"layout", "accueil",
    "fiche", "carte", "ligne", "territoire", "territoires", "besoin", "public",
    "type", "rubriques", "a-z", "glossaire", "actualites", "actualite",
    "page", "recherche", "404", "donnees"};

static const char *const roots[] = {"", "../", "../../"};

/*
 * Values.
 */

struct tval *
site_str(struct site *s, const char *str)
{
	return tv_str(&s->page, str);
}

struct tval *
site_strf(struct site *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(&s->page, fmt, ap);
	va_end(ap);
	return tv_str(&s->page, p);
}

void
site_set(struct site *s, struct tval *map, const char *key, const char *str)
{
	tv_set_str(&s->page, map, key, str);
}

struct tval *
site_tmp(struct site *s)
{
	struct tval *v = tv_str(&s->page, buf_cstr(&s->tmp));

	buf_reset(&s->tmp);
	return v;
}

void
site_url_query(struct buf *b, const char *str)
{
	const unsigned char *p;

	for (p = (const unsigned char *)str; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			buf_putc(b, *p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}


struct tval *
site_report(struct site *s, const char *subject, const char *body,
    const char *key, const char *name)
{
	/* The loader makes it "mailto:…" or an https URL, from contact when
	 * signalement is not given. */
	const char *to = s->m->site.signalement;

	if (to == NULL)
		return tv_null(&s->page);
	buf_reset(&s->tmp);
	if (!str_has_prefix(to, "mailto:")) {
		if (!md_url_ok(to))
			return tv_null(&s->page);
		buf_puts(&s->tmp, to);
		buf_puts(&s->tmp, strchr(to, '?') != NULL ? "&" : "?");
		buf_printf(&s->tmp, "%s=", key);
		site_url_query(&s->tmp, name);
	} else {
		buf_puts(&s->tmp, to);
		buf_puts(&s->tmp, "?subject=");
		site_url_query(&s->tmp, subject);
		buf_puts(&s->tmp, "&body=");
		site_url_query(&s->tmp, body);
	}
	return site_tmp(s);
}

struct tval *
site_date(struct site *s, long days)
{
	buf_reset(&s->tmp);
	date_french(&s->tmp, days);
	return site_tmp(s);
}

void
site_crumb(struct site *s, struct tval *ctx, const char *nom, const char *url)
{
	struct tval *fil = (struct tval *)tv_get(ctx, "fil"), *c;

	if (fil == NULL) {
		fil = tv_list(&s->page);
		tv_set(&s->page, ctx, "fil", fil);
		tv_set_bool(&s->page, ctx, "a_fil", 1);
	}
	c = tv_map(&s->page);
	site_set(s, c, "nom", nom);
	site_set(s, c, "url", url);
	tv_push(&s->page, fil, c);
}

/* site.yaml's urgences into ctx: urgences [{nom, numero, uri, quand}]
 * and a_urgences. */
void
site_urgences(struct site *s, struct tval *ctx)
{
	const struct model *m = s->m;
	struct tval *l = tv_list(&s->page), *v;
	size_t	 i;

	for (i = 0; i < m->site.nurgences; i++) {
		v = tv_map(&s->page);
		site_set(s, v, "nom", m->site.urgences[i].nom);
		site_set(s, v, "numero", m->site.urgences[i].numero);
		site_set(s, v, "uri", m->site.urgences[i].uri);
		site_set(s, v, "quand", m->site.urgences[i].quand);
		tv_push(&s->page, l, v);
	}
	tv_set(&s->page, ctx, "urgences", l);
	tv_set_bool(&s->page, ctx, "a_urgences", m->site.nurgences > 0);
}

struct tval *
site_ctx(struct site *s, int depth)
{
	struct tval *ctx = tv_map(&s->page);

	tv_set(&s->page, ctx, "site", s->common);
	site_set(s, ctx, "root", roots[depth]);
	return ctx;
}

/*
 * Files.
 */

int
site_mkdir(struct site *s, const char *rel)
{
	buf_reset(&s->path);
	buf_printf(&s->path, "%s/%s", s->dir, rel);
	if (mkdir(s->path.data, 0755) == -1 && errno != EEXIST &&
	    util_mkdir_p(s->path.data) == -1) {
		fprintf(stderr, "maillage : impossible de créer %s : %s\n",
		    s->path.data, util_strerror(errno));
		s->rc = 3;
		return -1;
	}
	return 0;
}

int
site_file(struct site *s, const char *rel, const void *data, size_t len)
{
	buf_reset(&s->path);
	buf_printf(&s->path, "%s/%s", s->dir, rel);
	if (util_write_file(s->path.data, data, len) == -1) {
		fprintf(stderr, "maillage : impossible d'écrire %s : %s\n",
		    s->path.data, util_strerror(errno));
		s->rc = 3;
		return -1;
	}
	return 0;
}

/*
 * Starts a fresh page arena, keeping its first block: freeing and
 * taking back 256 KB per page made the allocator give the memory back
 * to the kernel and fault it in again, 134,000 times at 100k.
 */
static void
page_reset(struct site *s)
{
	arena_reset(&s->page);
	if (s->m->ngloss > 0)
		memset(s->seen, 0, s->m->ngloss);
}

int
site_emit(struct site *s, const char *path, const char *tmpl,
    struct tval *ctx, int insitemap)
{
	size_t	 len = strlen(path);
	int	 isdir = len > 0 && path[len - 1] == '/', rc = 0;
	char	*rel;

	if (tv_get(ctx, "canonique") == NULL && insitemap) {
		buf_reset(&s->tmp);
		buf_puts(&s->tmp, s->m->site.url);
		buf_puts(&s->tmp, strcmp(path, "index.html") == 0 ? "" : path);
		tv_set(&s->page, ctx, "canonique", site_tmp(s));
	}
	if (tv_get(ctx, "description") == NULL)
		site_set(s, ctx, "description", s->m->site.sous_titre ?
		    s->m->site.sous_titre : s->m->site.titre);
	if (tv_get(ctx, "og_type") == NULL)
		site_set(s, ctx, "og_type", "website");
	buf_reset(&s->body);
	buf_reset(&s->html);
	if ((rc = tmpl_render(&s->body, s->ts, tmpl, ctx)) == 0) {
		tv_set(&s->page, ctx, "contenu", site_str(s,
		    buf_cstr(&s->body)));
		rc = tmpl_render(&s->html, s->ts, "layout", ctx);
	}
	if (rc == TMPL_TOO_LARGE) {
		diag_add(&s->b->diags, DIAG_ERROR, s->b->templates_dir, 0, 0,
		    "gabarit « %s » : la page %s est trop grande (plus de 32 Mo "
		    "ou de 131 072 partiels) ; des partiels s'appellent-ils l'un "
		    "l'autre sans fin ?", tmpl, path);
		s->rc = 1;
		page_reset(s);
		return -1;
	}
	if (rc == -1) {
		diag_add(&s->b->diags, DIAG_ERROR, s->b->templates_dir, 0, 0,
		    "gabarit « %s » introuvable", tmpl);
		s->rc = 1;
		page_reset(s);
		return -1;
	}
	if (isdir) {
		rel = xmalloc(len + sizeof("index.html"));
		memcpy(rel, path, len);
		memcpy(rel + len, "index.html", sizeof("index.html"));
		rc = site_mkdir(s, path);
	} else
		rel = xstrdup(path);
	if (rc == 0)
		rc = site_file(s, rel, s->html.data, s->html.len);
	free(rel);
	if (rc == 0 && insitemap)
		site_sitemap_add(s, path);
	s->lastmod = 0;
	s->npages++;
	page_reset(s);
	return rc;
}

void
site_sitemap_add(struct site *s, const char *path)
{
	buf_puts(&s->sitemap, "<url><loc>");
	esc_xml(&s->sitemap, s->m->site.url);
	if (strcmp(path, "index.html") != 0)
		esc_xml(&s->sitemap, path);
	buf_puts(&s->sitemap, "</loc>");
	if (s->lastmod > 0) {
		char	 iso[11];

		buf_printf(&s->sitemap, "<lastmod>%s</lastmod>",
		    date_iso(iso, s->lastmod));
	}
	buf_puts(&s->sitemap, "</url>\n");
}

/* Pages per worker below which threads are not worth starting. */
#define SITE_MIN_PER_THREAD	16
/*
 * Pages per job, at most: workers take the next chunk when they are done
 * with theirs, so that one left with the heavy pages (a département's
 * page lists thousands of sheets) does not keep the other core idle. A
 * short list (67 referential pages) gets smaller chunks.
 */
#define SITE_CHUNK		32

/* The pool's view of site_parallel: one struct site per worker. */
struct site_pool {
	struct site	*w;
	int		 (*fn)(struct site *, size_t);
	size_t		 n;
	struct buf	*maps;		/* by chunk: its <url> entries */
	size_t		 chunk;		/* pages per chunk */
};

static int
site_job(void *arg, size_t worker, size_t i)
{
	struct site_pool *p = arg;

	return p->fn(&p->w[worker], i);
}

/*
 * Chunk c in worker `worker`: its sitemap entries go to a buffer of the
 * chunk's own, put together in page order after the pool.
 */
static int
site_chunk_job(void *arg, size_t worker, size_t c)
{
	struct site_pool *p = arg;
	struct site *w = &p->w[worker];
	size_t	 i, to = (c + 1) * p->chunk;
	int	 rc = 0;

	if (to > p->n)
		to = p->n;
	w->sitemap = p->maps[c];
	for (i = c * p->chunk; i < to && rc == 0; i++)
		rc = p->fn(w, i);
	p->maps[c] = w->sitemap;
	memset(&w->sitemap, 0, sizeof(w->sitemap));
	return rc;
}

void
site_worker_free(struct site *w)
{
	arena_free(&w->page);
	buf_dispose(&w->body);
	buf_dispose(&w->html);
	buf_dispose(&w->path);
	buf_dispose(&w->tmp);
	buf_dispose(&w->sitemap);
	free(w->seen);
	w->seen = NULL;
}

int
site_parallel(struct site *s, size_t n, int (*fn)(struct site *, size_t))
{
	struct site_pool p = {s, fn, n, NULL, SITE_CHUNK};
	size_t	 nth, i, nchunks;
	int	 rc;

	nth = pool_workers(n, s->b->jobs, SITE_MIN_PER_THREAD);
	if (nth == 1)
		return pool_run(n, 1, 0, site_job, &p);
	/* Each worker renders into a copy of the site with buffers of its
	 * own. */
	p.w = xcalloc(nth, sizeof(*p.w));
	for (i = 0; i < nth; i++) {
		p.w[i] = *s;
		arena_init(&p.w[i].page);
		memset(&p.w[i].body, 0, sizeof(p.w[i].body));
		memset(&p.w[i].html, 0, sizeof(p.w[i].html));
		memset(&p.w[i].path, 0, sizeof(p.w[i].path));
		memset(&p.w[i].tmp, 0, sizeof(p.w[i].tmp));
		memset(&p.w[i].sitemap, 0, sizeof(p.w[i].sitemap));
		p.w[i].seen = xcalloc(s->m->ngloss + 1, 1);
		p.w[i].npages = 0;
		p.w[i].rc = 0;
		p.w[i].worker = i;
	}
	if (p.chunk > n / (nth * 8))
		p.chunk = n / (nth * 8) > 0 ? n / (nth * 8) : 1;
	nchunks = (n + p.chunk - 1) / p.chunk;
	p.maps = xcalloc(nchunks, sizeof(*p.maps));
	rc = pool_run(nchunks, nth, 0, site_chunk_job, &p);
	for (i = 0; i < nchunks; i++) {
		buf_put(&s->sitemap, p.maps[i].data, p.maps[i].len);
		buf_dispose(&p.maps[i]);
	}
	free(p.maps);
	for (i = 0; i < nth; i++) {
		s->npages += p.w[i].npages;
		if (p.w[i].rc != 0 && s->rc == 0)
			s->rc = p.w[i].rc;
		if (p.w[i].rc != 0)
			rc = -1;
		site_worker_free(&p.w[i]);
	}
	free(p.w);
	return rc;
}

/* Copies one file; 0 or -1 (printed). */
/* Our own scripts (not Leaflet's): assets/NAME.js. */
static int
js_ours(const char *rel)
{
	size_t	 n = strlen(rel);

	return str_has_prefix(rel, "assets/") && strchr(rel + 7, '/') ==
	    NULL && n > 3 && strcmp(rel + n - 3, ".js") == 0;
}

/*
 * A script as visitors download it: without its comment lines, blank
 * lines and indentation (a third of search.js, the bytes of every first
 * search). Only whole lines go: a comment after code stays, and lines are
 * kept apart, so the code and its semicolon insertion are unchanged.
 * Our scripts hold no multi-line string (no backslash at a line's end,
 * no template literal): t-search checks that the result parses.
 */
static void
js_strip(struct buf *out, const char *s, size_t len)
{
	const char *end = s + len, *nl, *p, *q;
	int	 block = 0;

	for (; s < end; s = nl < end ? nl + 1 : end) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		for (p = s; p < nl && (*p == ' ' || *p == '\t'); p++)
			;
		for (q = nl; q > p && (q[-1] == ' ' || q[-1] == '\t' ||
		    q[-1] == '\r'); q--)
			;
		if (block) {
			if (q - p >= 2 && memmem(p, (size_t)(q - p), "*/", 2) !=
			    NULL)
				block = 0;
			continue;
		}
		if (q - p >= 2 && p[0] == '/' && p[1] == '*') {
			/* A comment alone on its lines; code after it stays. */
			if (memmem(p + 2, (size_t)(q - p - 2), "*/", 2) == NULL)
				block = 1;
			else if (!(q[-2] == '*' && q[-1] == '/'))
				goto keep;
			continue;
		}
		if (p == q || (q - p >= 2 && p[0] == '/' && p[1] == '/'))
			continue;
keep:
		buf_put(out, p, (size_t)(q - p));
		buf_putc(out, '\n');
	}
}

static int
copy_file(struct site *s, const char *from, const char *rel)
{
	char	*data;
	size_t	 len;
	int	 rc;

	if (util_read_file(&data, &len, from, (size_t)64 << 20) != READ_OK) {
		fprintf(stderr, "maillage : impossible de lire %s : %s\n", from,
		    util_strerror(errno));
		s->rc = 3;
		return -1;
	}
	if (js_ours(rel)) {
		struct buf b = {0};

		js_strip(&b, data, len);
		rc = site_file(s, rel, b.data != NULL ? b.data : "", b.len);
		buf_dispose(&b);
	} else
		rc = site_file(s, rel, data, len);
	free(data);
	return rc;
}

/*
 * Copies the tree from (templates/assets) to rel (assets) in the site.
 * search.js belongs to the search engine: copied like the rest.
 */
static int
copy_tree(struct site *s, const char *from, const char *rel)
{
	struct stat st;
	char	**names, *src, *dst;
	ssize_t	 n, i;
	int	 rc = 0;

	if ((n = util_list_dir(&names, from)) < 0)
		return 0;	/* no assets: nothing to copy */
	if (site_mkdir(s, rel) == -1) {
		util_free_names(names, n);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		src = util_path_join(from, names[i]);
		dst = util_path_join(rel, names[i]);
		if (stat(src, &st) == 0 && S_ISDIR(st.st_mode))
			rc = copy_tree(s, src, dst);
		else
			rc = copy_file(s, src, dst);
		free(src);
		free(dst);
	}
	util_free_names(names, n);
	return rc;
}

/* Where Debian's libjs-leaflet puts Leaflet (scripts/deps installs it). */
#ifndef LEAFLET_DIR
#define LEAFLET_DIR	"/usr/share/javascript/leaflet"
#endif

/*
 * Leaflet into assets/leaflet/, only for a site with maps (carte.tuiles):
 * the script, its stylesheet and the marker images it names. The script
 * is Debian's minified one, published as leaflet.js: 141 KB where the
 * readable one weighs 431 KB on every page with a map.
 */
static int
copy_leaflet(struct site *s)
{
	static const char *const files[][2] = {
		{"leaflet.min.js", "leaflet.js"}, {"leaflet.css", "leaflet.css"}
	};
	struct stat st;
	char	*src, *dst;
	size_t	 i;
	int	 rc = 0;

	if (s->m->site.carte_tuiles == NULL)
		return 0;
	if (stat(LEAFLET_DIR "/leaflet.min.js", &st) == -1) {
		diag_add(&s->b->diags, DIAG_ERROR, "site.yaml", 0, 0,
		    "« carte.tuiles » demande Leaflet, introuvable dans %s : "
		    "installez le paquet libjs-leaflet (scripts/deps) ou "
		    "retirez « carte »", LEAFLET_DIR);
		s->rc = 1;
		return -1;
	}
	if (site_mkdir(s, "assets/leaflet") == -1)
		return -1;
	for (i = 0; i < sizeof(files) / sizeof(files[0]) && rc == 0; i++) {
		src = util_path_join(LEAFLET_DIR, files[i][0]);
		dst = util_path_join("assets/leaflet", files[i][1]);
		rc = copy_file(s, src, dst);
		free(src);
		free(dst);
	}
	if (rc == 0)
		rc = copy_tree(s, LEAFLET_DIR "/images", "assets/leaflet/images");
	return rc;
}

/*
 * templates/assets/ and the web fonts into assets/: fonts/web/ holds
 * Latin WOFF2 subsets (scripts/webfonts), 20 KB each where the OTF files
 * the PDFs embed weigh 260 KB.
 */
static int
copy_assets(struct site *s)
{
	char	*from, **names, *src, *dst, *web;
	ssize_t	 n, i;
	size_t	 l;
	int	 rc;

	from = util_path_join(s->b->templates_dir, "assets");
	rc = copy_tree(s, from, "assets");
	free(from);
	if (rc == -1 || site_mkdir(s, "assets") == -1 || copy_leaflet(s) == -1)
		return -1;
	web = util_path_join(s->b->fonts_dir, "web");
	n = util_list_dir(&names, web);
	if (n <= 0) {
		free(web);
		return 0;
	}
	if (site_mkdir(s, "assets/fonts") == -1) {
		util_free_names(names, n);
		free(web);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		l = strlen(names[i]);
		if (l < 7 || strcmp(names[i] + l - 6, ".woff2") != 0)
			continue;
		src = util_path_join(web, names[i]);
		dst = util_path_join("assets/fonts", names[i]);
		rc = copy_file(s, src, dst);
		free(src);
		free(dst);
	}
	util_free_names(names, n);
	free(web);
	return rc;
}

/*
 * "#rrggbb" mixed with rgb by t (0: the colour, 1: rgb) into out. The
 * site's colour (site.yaml's couleur, AA against white as the loader
 * checks) becomes the links and menu; its dark mix the header, its
 * light mix the tinted tags, as the built-in palette does.
 */
static void
colour_mix(char out[8], const char *hex, unsigned rgb, double t)
{
	unsigned long v = strtoul(hex + 1, NULL, 16);
	unsigned c[3], i, o;

	for (i = 0; i < 3; i++) {
		c[i] = (unsigned)(v >> (16 - 8 * i)) & 0xff;
		o = (rgb >> (16 - 8 * i)) & 0xff;
		c[i] = (unsigned)(c[i] + (double)((int)o - (int)c[i]) * t +
		    0.5);
	}
	snprintf(out, 8, "#%02x%02x%02x", c[0] & 0xff, c[1] & 0xff,
	    c[2] & 0xff);
}

/*
 * The site's shared map: titles, publisher, free pages for the footer.
 */
static void
build_common(struct site *s)
{
	const struct model *m = s->m;
	struct arena *a = &s->keep;
	struct tval *c = tv_map(a), *pages = tv_list(a), *p;
	size_t	 i;

	tv_set_str(a, c, "titre", m->site.titre);
	tv_set_str(a, c, "sous_titre", m->site.sous_titre);
	tv_set_str(a, c, "url", m->site.url);
	tv_set_str(a, c, "editeur", m->site.editeur);
	tv_set_str(a, c, "contact", m->site.contact);
	tv_set_str(a, c, "tuiles", m->site.carte_tuiles);
	tv_set_str(a, c, "attribution", m->site.carte_attribution);
	if (m->site.couleur != NULL) {
		char	 dark[8], light[8];

		colour_mix(dark, m->site.couleur, 0x000000, 0.30);
		colour_mix(light, m->site.couleur, 0xffffff, 0.88);
		tv_set_str(a, c, "couleur", m->site.couleur);
		tv_set_str(a, c, "couleur_fonce", dark);
		tv_set_str(a, c, "couleur_clair", light);
	}
	for (i = 0; i < m->npages; i++) {
		p = tv_map(a);
		tv_set_str(a, p, "slug", m->pages[i].slug);
		tv_set_str(a, p, "titre", m->pages[i].titre);
		tv_push(a, pages, p);
	}
	tv_set(a, c, "pages", pages);
	s->common = c;
}

/* The path of site.url ("https://x.org/base/" → "/base/"), for 404. */
static const char *
url_path(struct arena *a, const char *url)
{
	const char *p = strstr(url, "://");

	if (p == NULL)
		return "/";
	p = strchr(p + 3, '/');
	return p != NULL ? arena_strdup(a, p) : "/";
}

/*
 * Pages of this file.
 */

/* Latest news for the home page: {titre, slug, date}. */
static struct tval *
news_list(struct site *s, size_t max)
{
	const struct model *m = s->m;
	struct tval *l = tv_list(&s->page), *n;
	char	 iso[11];
	size_t	 i;

	for (i = 0; i < m->nnews && i < max; i++) {
		const struct news *nw = &m->news[i];

		n = tv_map(&s->page);
		site_set(s, n, "titre", nw->titre);
		site_set(s, n, "slug", nw->slug);
		tv_set(&s->page, n, "date", site_date(s, nw->date));
		site_set(s, n, "date_iso", date_iso(iso, nw->date));
		tv_push(&s->page, l, n);
	}
	return l;
}

/* {key, nom, nombre} for each need, public or kind with its count. */
static struct tval *
ref_item(struct site *s, const char *key, const char *nom, const char *sigle,
    size_t count)
{
	struct tval *v = tv_map(&s->page);

	site_set(s, v, "key", key);
	site_set(s, v, "nom", nom);
	site_set(s, v, "sigle", sigle);
	tv_set(&s->page, v, "nombre", tv_int(&s->page, (long)count));
	tv_set_bool(&s->page, v, "pluriel", count > 1);
	return v;
}

static const char *const famille_labels[] = {"Autres services",
    "Services de santé", "Services médico-sociaux", "Services sociaux",
    "Coordination et appui"};

/* Kinds of service grouped by famille: [{famille, types: [...]}]. */
static struct tval *
types_by_famille(struct site *s)
{
	static const enum famille order[] = {FAMILLE_SANITAIRE,
	    FAMILLE_MEDICO_SOCIAL, FAMILLE_SOCIAL, FAMILLE_TRANSVERSAL,
	    FAMILLE_NONE};
	const struct model *m = s->m;
	struct tval *groups = tv_list(&s->page), *g, *l;
	size_t	 k, i;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		l = NULL;
		for (i = 0; i < m->ntypes; i++) {
			if (m->types[i].famille != order[k])
				continue;
			if (l == NULL) {
				g = tv_map(&s->page);
				site_set(s, g, "famille",
				    famille_labels[order[k]]);
				l = tv_list(&s->page);
				tv_set(&s->page, g, "types", l);
				tv_push(&s->page, groups, g);
			}
			tv_push(&s->page, l, ref_item(s, m->types[i].key,
			    m->types[i].nom, m->types[i].sigle,
			    m->types[i].sheets.n));
		}
	}
	return groups;
}

/*
 * The needs with their counts; with only_used, those that have a
 * service (the home page: a tile that leads to « 0 service » is a dead
 * end for a visitor).
 */
static struct tval *
besoins_list(struct site *s, int only_used)
{
	struct tval *l = tv_list(&s->page);
	size_t	 i;

	for (i = 0; i < s->m->nbesoins; i++)
		if (!only_used || s->m->besoins[i].sheets.n > 0)
			tv_push(&s->page, l, ref_item(s, s->m->besoins[i].key,
			    s->m->besoins[i].nom, NULL,
			    s->m->besoins[i].sheets.n));
	return l;
}

static struct tval *
publics_list(struct site *s, int only_used)
{
	struct tval *l = tv_list(&s->page);
	size_t	 i;

	for (i = 0; i < s->m->npublics; i++)
		if (!only_used || s->m->publics[i].sheets.n > 0)
			tv_push(&s->page, l, ref_item(s, s->m->publics[i].key,
			    s->m->publics[i].nom, NULL,
			    s->m->publics[i].sheets.n));
	return l;
}

/* Services of a territory's directory (located and covering). */
static size_t
terr_count(const struct territory *t)
{
	return t->located.n + t->covering.n;
}

/*
 * Départements with their EPCIs (and regions above them, if any):
 * [{code, nom, nombre, enfants: [{code, nom, nombre}]}].
 */
static struct tval *
terr_main(struct site *s)
{
	const struct model *m = s->m;
	const int *order = s->m->terr_order;
	struct tval *l = tv_list(&s->page), *d, *kids, *k;
	const struct territory *t, *c;
	size_t	 i, j;

	for (i = 0; i < m->nterr; i++) {
		t = &m->terr[order[i]];
		if (t->type != TERR_DEPARTEMENT)
			continue;
		d = tv_map(&s->page);
		site_set(s, d, "code", t->code);
		site_set(s, d, "nom", t->nom);
		tv_set(&s->page, d, "nombre", tv_int(&s->page,
		    (long)terr_count(t)));
		tv_set_bool(&s->page, d, "pluriel", terr_count(t) > 1);
		tv_set_bool(&s->page, d, "a_services", terr_count(t) > 0);
		kids = tv_list(&s->page);
		for (j = 0; j < m->nterr; j++) {
			c = &m->terr[order[j]];
			if (c->parent != order[i] || c->type != TERR_EPCI)
				continue;
			k = tv_map(&s->page);
			site_set(s, k, "code", c->code);
			site_set(s, k, "nom", c->nom);
			tv_set(&s->page, k, "nombre", tv_int(&s->page,
			    (long)terr_count(c)));
			tv_push(&s->page, kids, k);
		}
		tv_set(&s->page, d, "enfants", kids);
		tv_push(&s->page, l, d);
	}
	return l;
}

/*
 * Search examples for the home page, taken from the content so that they
 * fit any directory: the words of the need with the most services (its
 * first synonym), the acronym of the kind with the most services, the
 * commune with the most services located in it.
 */
static struct tval *
home_examples(struct site *s)
{
	const struct model *m = s->m;
	const struct besoin *bs = NULL;
	const struct type_def *ty = NULL;
	const struct territory *co = NULL;
	size_t	 i;

	for (i = 0; i < m->nbesoins; i++)
		if (m->besoins[i].sheets.n > 0 && (bs == NULL ||
		    m->besoins[i].sheets.n > bs->sheets.n))
			bs = &m->besoins[i];
	for (i = 0; i < m->ntypes; i++)
		if (m->types[i].sigle != NULL && m->types[i].sheets.n > 0 &&
		    (ty == NULL || m->types[i].sheets.n > ty->sheets.n))
			ty = &m->types[i];
	for (i = 0; i < m->nterr; i++)
		if (m->terr[i].type == TERR_COMMUNE &&
		    m->terr[i].located.n > 0 && (co == NULL ||
		    m->terr[i].located.n > co->located.n))
			co = &m->terr[i];
	buf_reset(&s->tmp);
	if (bs != NULL)
		buf_puts(&s->tmp, bs->synonymes.n > 0 ? bs->synonymes.v[0] :
		    bs->nom);
	if (ty != NULL)
		buf_printf(&s->tmp, "%s%s", s->tmp.len > 0 ? ", " : "",
		    ty->sigle);
	if (co != NULL)
		buf_printf(&s->tmp, "%s%s", s->tmp.len > 0 ? ", " : "",
		    co->nom);
	return s->tmp.len > 0 ? site_tmp(s) : tv_null(&s->page);
}

static int
write_home(struct site *s)
{
	struct tval *ctx = site_ctx(s, 0);

	site_set(s, ctx, "titre", s->m->site.titre);
	tv_set_bool(&s->page, ctx, "accueil", 1);
	tv_set_bool(&s->page, ctx, "search_js", s->has_search_js);
	struct tval *needs = besoins_list(s, 1);

	tv_set(&s->page, ctx, "besoins", needs);
	tv_set_bool(&s->page, ctx, "a_besoins", tv_len(needs) > 0);
	tv_set_bool(&s->page, ctx, "besoins_caches", tv_len(needs) > 0 &&
	    tv_len(needs) < s->m->nbesoins);
	tv_set(&s->page, ctx, "publics", publics_list(s, 1));
	tv_set_bool(&s->page, ctx, "a_publics", tv_len(tv_get(ctx,
	    "publics")) > 0);
	tv_set(&s->page, ctx, "departements", terr_main(s));
	tv_set(&s->page, ctx, "familles", types_by_famille(s));
	tv_set(&s->page, ctx, "actualites", news_list(s, 3));
	tv_set(&s->page, ctx, "exemples", home_examples(s));
	tv_set(&s->page, ctx, "nombre", tv_int(&s->page,
	    (long)s->m->published.n));
	tv_set_bool(&s->page, ctx, "pluriel", s->m->published.n > 1);
	/* A new directory (maillage init): say it is being filled. */
	tv_set_bool(&s->page, ctx, "vide", s->m->published.n == 0);
	return site_emit(s, "index.html", "accueil", ctx, 1);
}

/* The first letter of a name for the A–Z: "A".."Z", or "#". */
static char
az_letter(struct site *s, const char *nom)
{
	const char *p;

	buf_reset(&s->tmp);
	fold_collate(&s->tmp, nom);
	for (p = buf_cstr(&s->tmp); *p != '\0'; p++) {
		if (*p >= 'a' && *p <= 'z')
			return (char)(*p - 'a' + 'A');
		if (*p >= '0' && *p <= '9')
			return '#';
	}
	return '#';
}

/* Entries of an A–Z page; more and the list is split by letter. */
#define AZ_PAGE	1000

/* One sheet of the A–Z list. */
static struct tval *
az_entry(struct site *s, const struct sheet *sh)
{
	const struct model *m = s->m;
	struct tval *e = tv_map(&s->page);

	site_set(s, e, "id", sh->id);
	site_set(s, e, "nom", sh->nom);
	site_set(s, e, "sigle", sh->sigle);
	if (sh->type >= 0)
		site_set(s, e, "type", m->types[sh->type].nom);
	site_set(s, e, "lieu", site_where(m, sh));
	tv_set_bool(&s->page, e, "ferme", sh->statut == STATUT_FERME);
	return e;
}

/* A letter's folder: "a".."z", "autres" for « # »; page k > 0 adds -k+1. */
static const char *
az_dir(struct site *s, char c, size_t k)
{
	char	 l[2] = {(char)(c == '#' ? 0 : c - 'A' + 'a'), 0};

	return arena_printf(&s->page, "%s%s%.0zu", c == '#' ? "autres" : l,
	    k > 0 ? "-" : "", k > 0 ? k + 1 : 0);
}

/* The letters' navigation; links to pages when split, else anchors. */
static struct tval *
az_letters(struct site *s, const char *lc, const size_t *count, int split,
    char cur)
{
	struct tval *letters = tv_list(&s->page), *lt;
	char	 key[2] = {0, 0};
	size_t	 i;

	for (i = 0; i < 27; i++) {
		if (count[i] == 0)
			continue;
		key[0] = lc[i];
		lt = tv_map(&s->page);
		site_set(s, lt, "lettre", key);
		site_set(s, lt, "ancre", lc[i] == '#' ? "autres" : key);
		site_set(s, lt, "lien", split ? arena_printf(&s->page,
		    "%s%s/index.html", cur ? "../" : "", az_dir(s, lc[i], 0)) :
		    arena_printf(&s->page, "#lettre-%s",
		    lc[i] == '#' ? "autres" : key));
		tv_set(&s->page, lt, "nombre", tv_int(&s->page, (long)count[i]));
		tv_set_bool(&s->page, lt, "courante", lc[i] == cur);
		tv_push(&s->page, letters, lt);
	}
	return letters;
}

/*
 * The A–Z list of every published sheet (closed ones marked), grouped by
 * first letter; digits and symbols first under « # ». Up to AZ_PAGE
 * sheets it is one page; beyond (a national directory), a-z/ lists the
 * letters and each letter has its pages of AZ_PAGE entries: a-z/a/,
 * a-z/a-2/... (one level, so that every page has the same depth), which
 * keeps each page far below 1 MB.
 */
static int
write_az(struct site *s)
{
	static const char lc[27] = "#ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const struct model *m = s->m;
	size_t	 max = (size_t)util_limit("MAILLAGE_AZ_MAX", AZ_PAGE);
	size_t	 count[27] = {0}, start[27], i, j, k, npages, at;
	size_t	*ord = xcalloc(m->published.n + 1, sizeof(*ord));
	unsigned char *let = xcalloc(m->published.n + 1, 1);
	struct tval *ctx, *groups, *g = NULL, *items = NULL, *pages, *pg;
	char	 key[2] = {0, 0}, c;
	int	 split = m->published.n > max, rc = 0;

	/* Order: « # » first, then A..Z, each in the model's order. */
	for (i = 0; i < m->published.n; i++) {
		c = az_letter(s, m->sheets[m->published.v[i]].nom);
		let[i] = (unsigned char)(c == '#' ? 0 : c - 'A' + 1);
		count[let[i]]++;
	}
	for (i = 0, at = 0; i < 27; i++) {
		start[i] = at;
		at += count[i];
	}
	for (i = 0, at = 0; i < 27; i++)
		for (j = 0; j < m->published.n; j++)
			if (let[j] == i)
				ord[at++] = j;
	if (!split) {
		ctx = site_ctx(s, 1);
		groups = tv_list(&s->page);
		for (i = 0; i < m->published.n; i++) {
			c = lc[let[ord[i]]];
			if (i == 0 || c != lc[let[ord[i - 1]]]) {
				key[0] = c;
				g = tv_map(&s->page);
				site_set(s, g, "lettre", key);
				site_set(s, g, "ancre", c == '#' ? "autres" :
				    key);
				items = tv_list(&s->page);
				tv_set(&s->page, g, "fiches", items);
				tv_push(&s->page, groups, g);
			}
			tv_push(&s->page, items, az_entry(s,
			    &m->sheets[m->published.v[ord[i]]]));
		}
		tv_set(&s->page, ctx, "groupes", groups);
	} else {
		ctx = site_ctx(s, 1);
		tv_set_bool(&s->page, ctx, "par_lettre", 1);
	}
	site_set(s, ctx, "titre", "Tous les services de A à Z");
	site_set(s, ctx, "description", "La liste alphabétique de tous les "
	    "services du répertoire.");
	tv_set(&s->page, ctx, "lettres", az_letters(s, lc, count, split, 0));
	tv_set(&s->page, ctx, "nombre", tv_int(&s->page,
	    (long)m->published.n));
	tv_set_bool(&s->page, ctx, "pluriel", m->published.n > 1);
	tv_set_bool(&s->page, ctx, "nav_az", 1);
	site_crumb(s, ctx, "Accueil", "../index.html");
	if (site_emit(s, "a-z/", "a-z", ctx, 1) == -1)
		rc = -1;
	for (i = 0; split && rc == 0 && i < 27; i++) {
		npages = (count[i] + max - 1) / max;
		for (k = 0; rc == 0 && k < npages; k++) {
			ctx = site_ctx(s, 2);
			key[0] = lc[i];
			groups = tv_list(&s->page);
			g = tv_map(&s->page);
			site_set(s, g, "lettre", key);
			site_set(s, g, "ancre", lc[i] == '#' ? "autres" : key);
			items = tv_list(&s->page);
			for (j = k * max; j < count[i] && j < (k + 1) * max;
			    j++)
				tv_push(&s->page, items, az_entry(s, &m->sheets[
				    m->published.v[ord[start[i] + j]]]));
			tv_set(&s->page, g, "fiches", items);
			tv_push(&s->page, groups, g);
			tv_set(&s->page, ctx, "groupes", groups);
			if (npages > 1) {
				pages = tv_list(&s->page);
				for (j = 0; j < npages; j++) {
					pg = tv_map(&s->page);
					tv_set(&s->page, pg, "numero",
					    tv_int(&s->page, (long)j + 1));
					site_set(s, pg, "lien", arena_printf(
					    &s->page, "../%s/index.html",
					    az_dir(s, lc[i], j)));
					tv_set_bool(&s->page, pg, "courante",
					    j == k);
					tv_push(&s->page, pages, pg);
				}
				tv_set(&s->page, ctx, "pages", pages);
				tv_set_bool(&s->page, ctx, "a_pages", 1);
			}
			site_set(s, ctx, "titre", npages > 1 ?
			    arena_printf(&s->page, "Services de A à Z : %s "
			    "(page %zu sur %zu)", lc[i] == '#' ? "chiffres "
			    "et symboles" : key, k + 1, npages) :
			    arena_printf(&s->page, "Services de A à Z : %s",
			    lc[i] == '#' ? "chiffres et symboles" : key));
			site_set(s, ctx, "description", "La liste "
			    "alphabétique des services du répertoire.");
			tv_set(&s->page, ctx, "lettres", az_letters(s, lc,
			    count, 1, lc[i]));
			tv_set(&s->page, ctx, "nombre", tv_int(&s->page,
			    (long)(j - k * max)));
			tv_set(&s->page, ctx, "nombre_lettre", tv_int(&s->page,
			    (long)count[i]));
			tv_set_bool(&s->page, ctx, "pluriel_lettre",
			    count[i] > 1);
			tv_set_bool(&s->page, ctx, "lettre_seule", 1);
			tv_set_bool(&s->page, ctx, "nav_az", 1);
			site_crumb(s, ctx, "Accueil", "../../index.html");
			site_crumb(s, ctx, "De A à Z", "../index.html");
			if (site_emit(s, arena_printf(&s->page, "a-z/%s/",
			    az_dir(s, lc[i], k)), "a-z", ctx, 1) == -1)
				rc = -1;
		}
	}
	free(ord);
	free(let);
	return rc;
}

static int
write_glossary(struct site *s)
{
	const struct model *m = s->m;
	struct tval *ctx = site_ctx(s, 1), *l = tv_list(&s->page), *e;
	const char *p;
	size_t	 i;

	for (i = 0; i < m->ngloss; i++) {
		e = tv_map(&s->page);
		site_set(s, e, "sigle", m->gloss[i].sigle);
		site_set(s, e, "forme_longue", m->gloss[i].forme_longue);
		buf_reset(&s->tmp);
		for (p = m->gloss[i].sigle; *p != '\0'; p++)
			buf_putc(&s->tmp, (*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') || (*p >= '0' &&
			    *p <= '9') ? *p : '-');
		tv_set(&s->page, e, "ancre", site_tmp(s));
		tv_set(&s->page, e, "type", tv_null(&s->page));
		tv_set(&s->page, e, "definition", tv_null(&s->page));
		if (m->gloss[i].type >= 0 &&
		    (size_t)m->gloss[i].type < m->ntypes) {
			const struct type_def *t = &m->types[m->gloss[i].type];
			struct tval *tv = tv_map(&s->page);

			site_set(s, tv, "key", t->key);
			tv_set(&s->page, tv, "nombre", tv_int(&s->page,
			    (long)t->sheets.n));
			tv_set_bool(&s->page, tv, "pluriel", t->sheets.n > 1);
			tv_set_bool(&s->page, tv, "un", t->sheets.n == 1);
			tv_set(&s->page, e, "type", tv);
			site_set(s, e, "definition", t->definition);
		}
		tv_push(&s->page, l, e);
	}
	site_set(s, ctx, "titre", "Les sigles expliqués");
	site_set(s, ctx, "description", "Les sigles de la santé et du "
	    "social, et leur signification.");
	tv_set(&s->page, ctx, "sigles", l);
	tv_set_bool(&s->page, ctx, "nav_glossaire", 1);
	site_crumb(s, ctx, "Accueil", "../index.html");
	return site_emit(s, "glossaire/", "glossaire", ctx, 1);
}

/* Renders a Markdown body with this page's glossary marks. */
static struct tval *
site_md(struct site *s, const char *body, size_t len)
{
	buf_reset(&s->tmp);
	md_html(&s->tmp, s->m, body, len, 0, s->seen);
	return site_tmp(s);
}

static int
write_news(struct site *s)
{
	const struct model *m = s->m;
	const struct news *nw;
	struct tval *ctx, *l, *e;
	char	 iso[11], *path;
	size_t	 i, k;
	int	 rc;

	ctx = site_ctx(s, 1);
	site_set(s, ctx, "titre", "Actualités");
	site_set(s, ctx, "description", "Les nouvelles des services de "
	    "santé et du social.");
	tv_set(&s->page, ctx, "actualites", news_list(s, m->nnews));
	tv_set_bool(&s->page, ctx, "nav_actualites", 1);
	tv_set_bool(&s->page, ctx, "a_lettres", s->nlettres > 0);
	site_crumb(s, ctx, "Accueil", "../index.html");
	if (site_mkdir(s, "actualites") == -1 ||
	    site_emit(s, "actualites/", "actualites", ctx, 1) == -1)
		return -1;
	for (i = 0; i < m->nnews; i++) {
		nw = &m->news[i];
		ctx = site_ctx(s, 2);
		site_set(s, ctx, "titre", nw->titre);
		site_set(s, ctx, "og_type", "article");
		tv_set(&s->page, ctx, "date", site_date(s, nw->date));
		site_set(s, ctx, "date_iso", date_iso(iso, nw->date));
		tv_set(&s->page, ctx, "corps_html", site_md(s, nw->body,
		    nw->body_len));
		buf_reset(&s->tmp);
		md_text(&s->tmp, nw->body, nw->body_len);
		for (k = 0; k < s->tmp.len; k++)
			if (s->tmp.data[k] == '\n')
				s->tmp.data[k] = ' ';
		if (s->tmp.len > 200) {
			k = 200;
			while (k > 0 && ((unsigned char)s->tmp.data[k] &
			    0xc0) == 0x80)
				k--;
			s->tmp.len = k;
			s->tmp.data[k] = '\0';
			buf_puts(&s->tmp, "…");
		}
		tv_set(&s->page, ctx, "description", site_tmp(s));
		l = tv_list(&s->page);
		for (k = 0; k < nw->territoires.n; k++) {
			const struct territory *tr =
			    &m->terr[nw->territoires.v[k]];

			e = tv_map(&s->page);
			site_set(s, e, "code", tr->code);
			site_set(s, e, "nom", tr->nom);
			tv_push(&s->page, l, e);
		}
		tv_set(&s->page, ctx, "territoires", l);
		tv_set_bool(&s->page, ctx, "a_territoires", tv_len(l) > 0);
		l = site_cards(s, nw->fiches.v, nw->fiches.n, 3);
		tv_set(&s->page, ctx, "services", l);
		tv_set_bool(&s->page, ctx, "a_services", tv_len(l) > 0);
		tv_set_bool(&s->page, ctx, "nav_actualites", 1);
		site_crumb(s, ctx, "Accueil", "../../index.html");
		site_crumb(s, ctx, "Actualités", "../index.html");
		buf_reset(&s->tmp);
		buf_printf(&s->tmp, "actualites/%s/", nw->slug);
		path = xstrdup(s->tmp.data);
		rc = site_emit(s, path, "actualite", ctx, 1);
		free(path);
		if (rc == -1)
			return -1;
	}
	return 0;
}

static int
write_pages(struct site *s)
{
	const struct model *m = s->m;
	struct tval *ctx;
	char	*path;
	size_t	 i;
	int	 rc;

	for (i = 0; i < m->npages; i++) {
		ctx = site_ctx(s, 1);
		site_set(s, ctx, "titre", m->pages[i].titre);
		tv_set(&s->page, ctx, "corps_html", site_md(s,
		    m->pages[i].body, m->pages[i].body_len));
		site_crumb(s, ctx, "Accueil", "../index.html");
		path = xmalloc(strlen(m->pages[i].slug) + 2);
		strcpy(path, m->pages[i].slug);
		strcat(path, "/");
		rc = site_emit(s, path, "page", ctx, 1);
		free(path);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/*
 * Communes listed in the search page's territory filter at most: beyond,
 * a national directory's page would weigh 1.4 MB (28,000 options at 100k
 * sheets, 206 KB at 10k); a commune is then named in the query, by its
 * name or postal code, which the search recognises.
 * MAILLAGE_FILTER_COMMUNES_MAX lowers it for the tests.
 */
#define FILTER_COMMUNES_MAX	400

/*
 * The search page: its form and filters, and, for visitors without
 * JavaScript, the browse lists that the search runtime replaces.
 */
static int
write_search(struct site *s)
{
	static const enum terr_type levels[] = {TERR_REGION,
	    TERR_DEPARTEMENT, TERR_EPCI, TERR_COMMUNE, TERR_QUARTIER,
	    TERR_ZONE};
	static const char *const level_labels[] = {"Régions",
	    "Départements", "Intercommunalités", "Communes", "Quartiers",
	    "Zones"};
	const struct model *m = s->m;
	const int *order = s->m->terr_order;
	struct tval *ctx = site_ctx(s, 1), *groups = tv_list(&s->page);
	struct tval *g, *opts, *o;
	size_t	 k, i, ncommunes = 0;

	for (i = 0; i < m->nterr; i++)
		ncommunes += m->terr[i].type == TERR_COMMUNE;
	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
		opts = NULL;
		if (levels[k] == TERR_COMMUNE && ncommunes > (size_t)
		    util_limit("MAILLAGE_FILTER_COMMUNES_MAX",
		    FILTER_COMMUNES_MAX)) {
			tv_set_bool(&s->page, ctx, "communes_en_recherche", 1);
			continue;
		}
		for (i = 0; i < m->nterr; i++) {
			const struct territory *t = &m->terr[order[i]];

			if (t->type != levels[k])
				continue;
			if (opts == NULL) {
				g = tv_map(&s->page);
				site_set(s, g, "niveau", level_labels[k]);
				opts = tv_list(&s->page);
				tv_set(&s->page, g, "territoires", opts);
				tv_push(&s->page, groups, g);
			}
			o = tv_map(&s->page);
			site_set(s, o, "code", t->code);
			site_set(s, o, "nom", t->nom);
			tv_push(&s->page, opts, o);
		}
	}
	site_set(s, ctx, "titre", "Rechercher un service");
	site_set(s, ctx, "description", "Trouver un service de santé, "
	    "médico-social ou social par mot-clé, besoin, public, type ou "
	    "territoire.");
	tv_set(&s->page, ctx, "niveaux", groups);
	tv_set(&s->page, ctx, "besoins", besoins_list(s, 0));
	tv_set(&s->page, ctx, "publics", publics_list(s, 0));
	tv_set(&s->page, ctx, "familles", types_by_famille(s));
	tv_set(&s->page, ctx, "departements", terr_main(s));
	/* The numbers a search without result offers (search.js). */
	site_urgences(s, ctx);
	tv_set_bool(&s->page, ctx, "search_js", s->has_search_js);
	/* The results' places on a map (carte.js, fed by search.js). */
	tv_set_bool(&s->page, ctx, "carte_js", s->has_search_js &&
	    m->site.carte_tuiles != NULL);
	tv_set_bool(&s->page, ctx, "nav_recherche", 1);
	site_crumb(s, ctx, "Accueil", "../index.html");
	return site_emit(s, "recherche/", "recherche", ctx, 1);
}

/* 404: served at any depth, so its links start from the site's path. */
static int
write_404(struct site *s)
{
	struct tval *ctx = site_ctx(s, 0);

	site_set(s, ctx, "root", s->abs_root);
	site_set(s, ctx, "titre", "Page introuvable");
	return site_emit(s, "404.html", "404", ctx, 0);
}

/* « 1,2 Mo » or « 34 ko » (French decimal comma), for the open-data
 * page; NULL when path is not there. */
static struct tval *
file_size(struct site *s, const char *path)
{
	struct stat st;
	long	 tenths;

	if (stat(path, &st) == -1)
		return NULL;
	if (st.st_size >= 1000 * 1000) {
		tenths = ((long)st.st_size + 50000) / 100000;
		return site_strf(s, "%ld,%ld\u00a0Mo", tenths / 10, tenths % 10);
	}
	return site_strf(s, "%ld\u00a0ko", ((long)st.st_size + 999) / 1000);
}

struct donnees_file {
	const char *file, *titre, *format, *court;
};

/*
 * A row of the open-data page per département (dir/code/), or per part
 * of a département too big for one set of files (dir/code/partie-K/).
 */
static void
donnees_departement(struct site *s, struct tval *deps, const char *dir,
    const char *code, const struct donnees_file *files, size_t nfiles)
{
	struct tval *d, *fl, *e, *size;
	const char *sub = arena_printf(&s->page, "%s/%s", dir, code);
	char	**parts = NULL;
	ssize_t	 np, k;
	size_t	 i;
	int	 ti;

	if (strchr(code, '/') == NULL &&
	    file_size(s, arena_printf(&s->page, "%s/fiches.json", sub)) ==
	    NULL) {
		if ((np = util_list_dir(&parts, sub)) < 0)
			return;
		for (k = 0; k < np; k++)
			if (strncmp(parts[k], "partie-", 7) == 0)
				donnees_departement(s, deps, dir, arena_printf(
				    &s->page, "%s/%s", code, parts[k]), files,
				    nfiles);
		util_free_names(parts, np);
		return;
	}
	d = tv_map(&s->page);
	buf_reset(&s->tmp);
	buf_put(&s->tmp, code, strcspn(code, "/"));
	ti = strmap_get(s->m->terr_by_code, buf_cstr(&s->tmp));
	site_set(s, d, "code", ti >= 0 ? s->m->terr[ti].code : "");
	site_set(s, d, "nom", ti >= 0 ? s->m->terr[ti].nom :
	    "Fiches sans département");
	if (strchr(code, '/') != NULL)
		site_set(s, d, "partie", arena_printf(&s->page, "partie %s",
		    strchr(code, '/') + 8));
	fl = tv_list(&s->page);
	for (i = 0; i < nfiles; i++) {
		size = file_size(s, arena_printf(&s->page, "%s/%s", sub,
		    files[i].file));
		if (size == NULL)
			continue;
		e = tv_map(&s->page);
		site_set(s, e, "fichier", arena_printf(&s->page,
		    "departements/%s/%s", code, files[i].file));
		site_set(s, e, "titre", files[i].court);
		tv_set(&s->page, e, "taille", size);
		tv_push(&s->page, fl, e);
	}
	tv_set(&s->page, d, "fichiers", fl);
	tv_push(&s->page, deps, d);
}

/*
 * The open-data page lists the files that the export wrote: the four
 * national files, or (a directory too big for them, see export.c) a
 * table of the départements' files; index.json lists them for programs.
 */
static int
write_donnees(struct site *s)
{
	static const struct donnees_file files[] = {
		{"fiches.json", "Toutes les fiches", "JSON", "fiches (JSON)"},
		{"fiches.csv", "Toutes les fiches, en tableau", "CSV",
		    "fiches (CSV)"},
		{"data-inclusion/services.json",
		    "Services au format data·inclusion", "JSON",
		    "services data·inclusion"},
		{"data-inclusion/structures.json",
		    "Structures au format data·inclusion", "JSON",
		    "structures data·inclusion"},
	};
	struct tval *ctx, *l = NULL, *e, *deps, *size;
	char	**names = NULL, *dir;
	ssize_t	 nn = 0, k;
	size_t	 i;

	if (site_mkdir(s, "donnees") == -1)
		return -1;
	ctx = site_ctx(s, 1);
	l = tv_list(&s->page);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		buf_reset(&s->path);
		buf_printf(&s->path, "%s/donnees/%s", s->dir, files[i].file);
		if ((size = file_size(s, s->path.data)) == NULL)
			continue;
		e = tv_map(&s->page);
		site_set(s, e, "fichier", files[i].file);
		site_set(s, e, "titre", files[i].titre);
		site_set(s, e, "format", files[i].format);
		tv_set(&s->page, e, "taille", size);
		tv_push(&s->page, l, e);
	}
	deps = tv_list(&s->page);
	dir = arena_printf(&s->page, "%s/donnees/departements", s->dir);
	if (tv_len(l) == 0 && (nn = util_list_dir(&names, dir)) < 0)
		nn = 0;
	for (k = 0; k < nn; k++)
		donnees_departement(s, deps, dir, names[k], files,
		    sizeof(files) / sizeof(files[0]));
	util_free_names(names, nn);
	site_set(s, ctx, "titre", "Données ouvertes");
	site_set(s, ctx, "description", "Les fiches du répertoire en données "
	    "ouvertes, à réutiliser.");
	tv_set(&s->page, ctx, "fichiers", l);
	tv_set_bool(&s->page, ctx, "a_fichiers", tv_len(l) > 0);
	tv_set(&s->page, ctx, "departements", deps);
	tv_set_bool(&s->page, ctx, "par_departement", tv_len(deps) > 0);
	site_crumb(s, ctx, "Accueil", "../index.html");
	return site_emit(s, "donnees/", "donnees", ctx, 1);
}

/* The sitemap protocol's limit of URLs per file. */
#define SITEMAP_MAX	50000

/*
 * sitemap.xml, and robots.txt pointing to it. Up to SITEMAP_MAX URLs it
 * is one urlset; beyond, the URLs go to sitemap-1.xml, sitemap-2.xml...
 * of SITEMAP_MAX each (in page order) and sitemap.xml is their index.
 */
static int
write_sitemap(struct site *s)
{
	struct buf o = {0};
	const char *p = s->sitemap.data, *end = p + s->sitemap.len, *q;
	size_t	 max = (size_t)util_limit("MAILLAGE_SITEMAP_MAX", SITEMAP_MAX);
	size_t	 n = 0, nfiles = 0, k;
	char	 name[40];
	int	 rc = 0;

	for (q = p; q < end; q++)
		n += *q == '\n';
	while (rc == 0 && (nfiles == 0 || p < end)) {
		buf_reset(&o);
		buf_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
		    "sitemap/0.9\">\n");
		for (q = p, k = 0; q < end && k < max; q++)
			k += *q == '\n';
		buf_put(&o, p, (size_t)(q - p));
		p = q;
		buf_puts(&o, "</urlset>\n");
		nfiles++;
		if (n <= max)
			rc = site_file(s, "sitemap.xml", o.data, o.len);
		else {
			snprintf(name, sizeof(name), "sitemap-%zu.xml",
			    nfiles);
			rc = site_file(s, name, o.data, o.len);
		}
	}
	if (rc == 0 && n > max) {
		buf_reset(&o);
		buf_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/"
		    "sitemap/0.9\">\n");
		for (k = 1; k <= nfiles; k++) {
			buf_puts(&o, "<sitemap><loc>");
			esc_xml(&o, s->m->site.url);
			buf_printf(&o, "sitemap-%zu.xml</loc></sitemap>\n", k);
		}
		buf_puts(&o, "</sitemapindex>\n");
		rc = site_file(s, "sitemap.xml", o.data, o.len);
	}
	if (rc == -1) {
		buf_dispose(&o);
		return -1;
	}
	buf_reset(&o);
	buf_printf(&o, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n",
	    s->m->site.url);
	rc = site_file(s, "robots.txt", o.data, o.len);
	buf_dispose(&o);
	return rc;
}

/*
 * The Atom feed of the news, newest first; updated is the newest news
 * date (today when there is none), so the bytes depend on the content.
 */
static int
write_atom(struct site *s)
{
	const struct model *m = s->m;
	struct buf o = {0}, h = {0};
	char	 iso[11];
	size_t	 i;
	int	 rc;

	buf_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
	buf_puts(&o, "<title>");
	esc_xml(&o, m->site.titre);
	buf_puts(&o, " — actualités</title>\n");
	if (m->site.sous_titre != NULL) {
		buf_puts(&o, "<subtitle>");
		esc_xml(&o, m->site.sous_titre);
		buf_puts(&o, "</subtitle>\n");
	}
	buf_puts(&o, "<id>");
	esc_xml(&o, m->site.url);
	buf_puts(&o, "actualites/</id>\n<link rel=\"self\" href=\"");
	esc_xml(&o, m->site.url);
	buf_puts(&o, "actualites/atom.xml\"/>\n<link rel=\"alternate\" "
	    "type=\"text/html\" href=\"");
	esc_xml(&o, m->site.url);
	buf_puts(&o, "actualites/\"/>\n");
	if (s->nlettres > 0) {
		buf_puts(&o, "<link rel=\"related\" type=\"text/html\" "
		    "title=\"Lettres d'information\" href=\"");
		esc_xml(&o, m->site.url);
		buf_puts(&o, "lettre/\"/>\n");
	}
	buf_printf(&o, "<updated>%sT00:00:00Z</updated>\n",
	    date_iso(iso, m->nnews > 0 ? m->news[0].date : m->today));
	buf_puts(&o, "<author><name>");
	esc_xml(&o, m->site.editeur);
	buf_puts(&o, "</name></author>\n");
	for (i = 0; i < m->nnews; i++) {
		const struct news *nw = &m->news[i];

		buf_puts(&o, "<entry>\n<title>");
		esc_xml(&o, nw->titre);
		buf_puts(&o, "</title>\n<id>");
		esc_xml(&o, m->site.url);
		buf_puts(&o, "actualites/");
		esc_xml(&o, nw->slug);
		buf_puts(&o, "/</id>\n<link rel=\"alternate\" "
		    "type=\"text/html\" href=\"");
		esc_xml(&o, m->site.url);
		buf_puts(&o, "actualites/");
		esc_xml(&o, nw->slug);
		buf_printf(&o, "/\"/>\n<updated>%sT00:00:00Z</updated>\n",
		    date_iso(iso, nw->date));
		buf_reset(&h);
		md_html(&h, m, nw->body, nw->body_len, 0, NULL);
		buf_puts(&o, "<content type=\"html\">");
		esc_xml(&o, buf_cstr(&h));
		buf_puts(&o, "</content>\n</entry>\n");
	}
	buf_puts(&o, "</feed>\n");
	rc = site_file(s, "actualites/atom.xml", o.data, o.len);
	buf_dispose(&o);
	buf_dispose(&h);
	return rc;
}

/* Checks that every template the site needs is there. */
static int
check_templates(struct site *s)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < sizeof(required_templates) /
	    sizeof(required_templates[0]); i++) {
		if (tmpl_has(s->ts, required_templates[i]))
			continue;
		diag_add(&s->b->diags, DIAG_ERROR, s->b->templates_dir, 0, 0,
		    "le gabarit « %s.mustache » manque : le site en a besoin",
		    required_templates[i]);
		rc = -1;
	}
	return rc;
}

int
site_open(struct site *s, struct build *b, const char *dir)
{
	struct stat st;
	char	*js;

	memset(s, 0, sizeof(*s));
	s->b = b;
	s->m = &b->model;
	s->dir = dir;
	if ((s->ts = tmpl_load_dir(b->templates_dir, &b->diags)) == NULL)
		return 1;
	if (check_templates(s) == -1) {
		tmpl_set_free(s->ts);
		return 1;
	}
	arena_init(&s->keep);
	arena_init(&s->page);
	s->seen = xcalloc(s->m->ngloss + 1, 1);
	s->abs_root = url_path(&s->keep, s->m->site.url);
	js = util_path_join(b->templates_dir, "assets/search.js");
	s->has_search_js = stat(js, &st) == 0;
	free(js);
	build_common(s);
	return 0;
}

void
site_close(struct site *s)
{
	size_t	 i;

	tmpl_set_free(s->ts);
	arena_free(&s->keep);
	site_worker_free(s);	/* the buffers every copy has */
	free(s->cards);
	free(s->lines);
	for (i = 0; i < s->ncards_keep; i++)
		arena_free(&s->cards_keep[i]);
	free(s->cards_keep);
}

int
site_write(struct build *b, const char *dir)
{
	struct site s;
	double	 t0 = build_clock();
	int	 rc;

	if ((rc = site_open(&s, b, dir)) != 0)
		return rc;
	if (copy_assets(&s) == -1 || site_print_publish(&s) == -1)
		goto out;
	build_search_wait();
	if (site_cards_build(&s) == -1 || site_fiches(&s) == -1)
		goto out;
	build_phase(b, "site : fiches en %.0f ms", (build_clock() - t0) * 1e3);
	if (site_territoires(&s) == -1 || site_referentiels(&s) == -1 ||
	    write_home(&s) == -1 || write_az(&s) == -1 ||
	    write_glossary(&s) == -1 || site_lettres_note(&s) == -1 ||
	    write_news(&s) == -1 ||
	    write_pages(&s) == -1 || write_search(&s) == -1 ||
	    write_404(&s) == -1)
		goto out;
	build_phase(b, "site : %zu pages en %.0f ms", s.npages,
	    (build_clock() - t0) * 1e3);
	/* The open-data page lists the files export_write wrote before. */
	if (write_donnees(&s) == -1 || write_atom(&s) == -1 ||
	    write_sitemap(&s) == -1)
		goto out;
	build_phase(b, "site : terminé en %.0f ms",
	    (build_clock() - t0) * 1e3);
out:
	site_close(&s);
	return s.rc;
}
