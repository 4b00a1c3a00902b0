/*
 * layout.c: the Cairo/Pango layout core (see layout.h for the stages).
 *
 * Pango does the hard part of composing (itemizing, shaping with
 * HarfBuzz, breaking lines); its result is copied into blocks as glyph
 * runs with their text clusters, so that a block composed once (a
 * service sheet) is drawn in every document that shows it, by any
 * thread, without shaping it again (HarfBuzz shapes Inter at about 0.6
 * million characters a second here; a sheet appears in three
 * directories on average).
 *
 * Cairo's PDF output costs more than shaping: about a microsecond per
 * glyph and per number it prints. Consecutive runs of one font become
 * one Cairo call, leader dots are one dashed stroke, QR modules are
 * stroked segments rather than rectangles.
 *
 * Measured traps of Cairo 1.16 and Pango 1.50 handled here: text is
 * validated before Pango sees it, long tokens get break opportunities
 * (an unbroken 20 KB token takes seconds), pagination is ours (a Pango
 * layout is clipped silently), links are drawn inside structure tags
 * and point to named destinations, and the PDF's dates come from the
 * caller.
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <hyphen.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <qrencode.h>

#include "arena.h"
#include "buf.h"
#include "layout.h"
#include "util.h"

#define MAXFONTS	96	/* distinct (family, weight, style, size) */
#define LONG_TOKEN	30	/* characters: break opportunities inside */
#define LONG_SEGMENT	24	/* at most that many between them */
#define MAX_TOKEN	400	/* characters kept of one token */
#define HYPH_MIN_WORD	6
#define HYPH_LEFT	2
#define HYPH_RIGHT	3
#define QR_QUIET	2	/* modules of white around a code */
#define EPS		0.01

#define CP_NBSP		0x00a0
#define CP_NNBSP	0x202f
#define CP_SHY		0x00ad
#define CP_ZWSP		0x200b
#define CP_WJ		0x2060
#define CP_LAQUO	0x00ab
#define CP_RAQUO	0x00bb
#define CP_ELLIPSIS	0x2026

/* A font as Pango chose it for a run, reloaded by each thread to draw. */
struct fontkey {
	char		 family[48];	/* ours, or a fallback's */
	int		 weight;	/* PangoWeight */
	int		 style;		/* PangoStyle */
	int		 size;		/* Pango units */
	int		 absolute;	/* size is absolute */
};

struct layout_env {
	FcConfig	*fc;
	HyphenDict	*hyph;
	char		*family;
	pthread_mutex_t	 lock;		/* keys */
	struct fontkey	 keys[MAXFONTS];
	int		 nkeys;
};

struct fontmemo {
	PangoFont	*font;
	int		 key;
};

struct layout_ctx {
	struct layout_env *env;
	PangoFontMap	*fm;
	PangoContext	*pc;
	struct fontmemo	 memo[MAXFONTS * 2];
	int		 nmemo;
	PangoFont	*font[MAXFONTS];	/* by key, to draw */
	cairo_scaled_font_t *sf[MAXFONTS];
	cairo_glyph_t	*gl;		/* scratch for drawing */
	size_t		 glcap;
	cairo_text_cluster_t *cl;
	size_t		 clcap;
	size_t		 ng, nc;	/* gathered runs (add_run) */
	int		 bfont;
	uint32_t	 bcolor;
	const char	*btext;
	size_t		 btlen;
	uint32_t	*newidx;	/* scratch for copy_run */
	size_t		 newidxcap;
	int		 unknown;	/* glyphs missing from the fonts */
	/* Room of a page reference, for the last style and prefix asked. */
	double		 refw_size;
	unsigned	 refw_flags;
	char		 refw_prefix[64];
	double		 refw;
};

/* --- Blocks -------------------------------------------------------------- */

struct lrow {
	float		 h;		/* advance to the next row */
	float		 base;		/* baseline below the row's top */
	float		 x;		/* left offset of the row's content */
	uint8_t		 brk;		/* 1: no column break before it */
	uint8_t		 glue;		/* space, dropped at a column top */
	int		 para;		/* structure element, -1 */
	uint32_t	 run0, nruns;
};

struct lrun {
	uint32_t	 g0, ng;	/* glyphs */
	uint32_t	 c0, nc;	/* clusters */
	size_t		 t0;		/* text in the block's pool */
	uint32_t	 tlen;
	uint32_t	 color;
	float		 x;
	uint16_t	 font;		/* key in the environment */
};

struct lglyph {
	uint32_t	 id;
	float		 x, y;
};

struct lclus {
	uint16_t	 bytes, glyphs;
};

enum elkind {
	EL_RECT,	/* filled rectangle (behind the rows) */
	EL_BAR,		/* quote bar */
	EL_QR,		/* QR code: s1 modules, n side */
	EL_LINK,	/* clickable rectangle to s1 */
	EL_ANCHOR,	/* named destination s1 */
	EL_REF		/* page reference to s1 with prefix s2 */
};

struct lelem {
	uint32_t	 row;
	uint8_t		 kind;
	uint8_t		 leaders;
	float		 x, y, w, h;	/* relative to the row's left and top */
	uint32_t	 color;
	size_t		 s1, s2;	/* offsets in strs */
	float		 size;		/* EL_REF: font size */
	unsigned	 flags;		/* EL_REF: style; EL_QR: modules */
};

struct layout_block {
	int		 refs;
	int		 keep;
	int		 keep_next;
	int		 keep_pending;	/* rows glued to the previous ones */
	struct lrow	*rows;
	size_t		 nrows, rowcap;
	struct lrun	*runs;
	size_t		 nruns, runcap;
	struct lglyph	*glyphs;
	size_t		 nglyphs, glyphcap;
	struct lclus	*clus;
	size_t		 nclus, cluscap;
	struct lelem	*elems;		/* sorted by row */
	size_t		 nelems, elemcap;
	size_t		*paras;		/* tag names in strs */
	size_t		 nparas, paracap;
	struct buf	 text;		/* text of the runs */
	struct buf	 strs;		/* NUL-terminated strings */
	double		 height;
};

#define GROW(arr, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 16;				\
		(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));	\
	}								\
} while (0)

/* --- Environment --------------------------------------------------------- */

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
font_file(const char *name)
{
	size_t	 n = strlen(name);

	return n > 4 && (strcmp(name + n - 4, ".otf") == 0 ||
	    strcmp(name + n - 4, ".ttf") == 0);
}

/*
 * Every font file of dir, registered one by one in name order (adding
 * the folder would make fontconfig try to write a cache and complain
 * when it cannot).
 */
static int
env_add_fonts(FcConfig *fc, const char *dir, struct buf *err)
{
	DIR	*d;
	struct dirent *de;
	char	**names = NULL, *path;
	size_t	 n = 0, cap = 0, i;
	int	 added = 0;

	if ((d = opendir(dir)) == NULL) {
		buf_printf(err, "dossier des polices « %s » illisible : %s",
		    dir, util_strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!font_file(de->d_name))
			continue;
		GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmpstr);
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]);
		if (FcConfigAppFontAddFile(fc, (const FcChar8 *)path))
			added++;
		free(path);
		free(names[i]);
	}
	free(names);
	if (added == 0) {
		buf_printf(err, "aucune police utilisable (.otf, .ttf) dans "
		    "« %s »", dir);
		return -1;
	}
	return 0;
}

/*
 * Fonts for what Inter does not draw: Arabic, Hebrew, symbols and emoji
 * (issue 14: they came out blank). Debian's fonts-noto-core and
 * fonts-symbola, installed by scripts/deps, registered in our own
 * configuration file by file, so the host's other fonts never count;
 * Pango falls back to them by coverage. Symbola, not Noto Color Emoji:
 * a bitmap font is drawn at its strike size (109 px) without the
 * host's fontconfig rules, and outlines print better anyway. A missing
 * file only means its characters are reported as missing glyphs.
 */
#define NOTO	"/usr/share/fonts/truetype/noto/"
static const char *const fallback_fonts[] = {
	NOTO "NotoSansArabic-Regular.ttf", NOTO "NotoSansArabic-Bold.ttf",
	NOTO "NotoSansHebrew-Regular.ttf", NOTO "NotoSansHebrew-Bold.ttf",
	NOTO "NotoSansSymbols-Regular.ttf", NOTO "NotoSansSymbols2-Regular.ttf",
	"/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"
};
#undef NOTO

static void
env_add_fallbacks(FcConfig *fc)
{
	const char *off = getenv("MAILLAGE_NO_FALLBACK_FONTS");
	size_t	 i;

	/* For the tests of the missing-glyph warning. */
	if (off != NULL && *off != '\0')
		return;
	for (i = 0; i < sizeof(fallback_fonts) / sizeof(*fallback_fonts);
	    i++)
		if (access(fallback_fonts[i], R_OK) == 0)
			FcConfigAppFontAddFile(fc,
			    (const FcChar8 *)fallback_fonts[i]);
}

/* Whether family is among the registered fonts. */
static int
env_has_family(FcConfig *fc, const char *family)
{
	FcFontSet *fs = FcConfigGetFonts(fc, FcSetApplication);
	FcChar8	*f;
	int	 i, k;

	if (fs == NULL)
		return 0;
	for (i = 0; i < fs->nfont; i++)
		for (k = 0; FcPatternGetString(fs->fonts[i], FC_FAMILY, k,
		    &f) == FcResultMatch; k++)
			if (strcmp((const char *)f, family) == 0)
				return 1;
	return 0;
}

struct layout_env *
layout_env_new(const char *fonts_dir, const char *hyph_path,
    const char *family, struct buf *err, struct buf *warn)
{
	struct layout_env *env = xcalloc(1, sizeof(*env));

	if ((env->fc = FcConfigCreate()) == NULL)
		abort();
	if (env_add_fonts(env->fc, fonts_dir, err) == -1)
		goto fail;
	if (!env_has_family(env->fc, family)) {
		buf_printf(err, "la police « %s » manque dans « %s »",
		    family, fonts_dir);
		goto fail;
	}
	env_add_fallbacks(env->fc);
	env->family = xstrdup(family);
	if (hyph_path != NULL &&
	    (env->hyph = hnj_hyphen_load(hyph_path)) == NULL)
		buf_printf(warn, "dictionnaire de césure « %s » introuvable "
		    "(paquet hyphen-fr) : les mots ne seront pas coupés",
		    hyph_path);
	pthread_mutex_init(&env->lock, NULL);
	return env;
fail:
	FcConfigDestroy(env->fc);
	free(env);
	return NULL;
}

void
layout_env_free(struct layout_env *env)
{
	if (env == NULL)
		return;
	if (env->hyph != NULL)
		hnj_hyphen_free(env->hyph);
	FcConfigDestroy(env->fc);
	pthread_mutex_destroy(&env->lock);
	free(env->family);
	free(env);
}

/* The number of a font key, registered on first use (thread-safe). */
static int
env_key(struct layout_env *env, const struct fontkey *k)
{
	int	 i;

	pthread_mutex_lock(&env->lock);
	for (i = 0; i < env->nkeys; i++)
		if (memcmp(&env->keys[i], k, sizeof(*k)) == 0)
			break;
	if (i == env->nkeys) {
		if (env->nkeys < MAXFONTS)
			env->keys[env->nkeys++] = *k;
		else
			i = 0;
	}
	pthread_mutex_unlock(&env->lock);
	return i;
}

/* --- Per-thread context -------------------------------------------------- */

struct layout_ctx *
layout_ctx_new(struct layout_env *env)
{
	struct layout_ctx *ctx = xcalloc(1, sizeof(*ctx));
	cairo_font_options_t *fo;

	ctx->env = env;
	ctx->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (ctx->fm == NULL)
		abort();
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ctx->fm), env->fc);
	ctx->pc = pango_font_map_create_context(ctx->fm);
	/* Unhinted outlines and metrics: the same layout at any size. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx->pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx->pc, 72.0);
	pango_context_set_round_glyph_positions(ctx->pc, FALSE);
	pango_context_set_language(ctx->pc, pango_language_from_string("fr"));
	pango_context_set_base_dir(ctx->pc, PANGO_DIRECTION_LTR);
	return ctx;
}

void
layout_ctx_free(struct layout_ctx *ctx)
{
	int	 i;

	if (ctx == NULL)
		return;
	for (i = 0; i < ctx->nmemo; i++)
		g_object_unref(ctx->memo[i].font);
	for (i = 0; i < MAXFONTS; i++) {
		if (ctx->sf[i] != NULL)
			cairo_scaled_font_destroy(ctx->sf[i]);
		if (ctx->font[i] != NULL)
			g_object_unref(ctx->font[i]);
	}
	g_object_unref(ctx->pc);
	/* Fonts and font map refer to each other: break the cycle, which
	 * also releases the fontconfig configuration. */
	pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(ctx->fm));
	g_object_unref(ctx->fm);
	free(ctx->gl);
	free(ctx->cl);
	free(ctx->newidx);
	free(ctx);
}

int
layout_ctx_take_unknown(struct layout_ctx *ctx)
{
	int	 n = ctx->unknown;

	ctx->unknown = 0;
	return n;
}

/* The key of a font Pango chose. */
static int
ctx_key(struct layout_ctx *ctx, PangoFont *font)
{
	PangoFontDescription *d;
	struct fontkey k;
	int	 i;

	for (i = 0; i < ctx->nmemo; i++)
		if (ctx->memo[i].font == font)
			return ctx->memo[i].key;
	d = pango_font_describe(font);
	memset(&k, 0, sizeof(k));
	if (pango_font_description_get_family(d) != NULL)
		snprintf(k.family, sizeof(k.family), "%s",
		    pango_font_description_get_family(d));
	k.weight = (int)pango_font_description_get_weight(d);
	k.style = (int)pango_font_description_get_style(d);
	k.size = pango_font_description_get_size(d);
	k.absolute = pango_font_description_get_size_is_absolute(d);
	pango_font_description_free(d);
	i = env_key(ctx->env, &k);
	if (ctx->nmemo < (int)(sizeof(ctx->memo) / sizeof(ctx->memo[0]))) {
		ctx->memo[ctx->nmemo].font = g_object_ref(font);
		ctx->memo[ctx->nmemo++].key = i;
	}
	return i;
}

/* This thread's Cairo font for a key. */
static cairo_scaled_font_t *
ctx_font(struct layout_ctx *ctx, int key)
{
	PangoFontDescription *d;
	struct fontkey k;

	if (ctx->sf[key] != NULL)
		return ctx->sf[key];
	pthread_mutex_lock(&ctx->env->lock);
	k = ctx->env->keys[key];
	pthread_mutex_unlock(&ctx->env->lock);
	d = pango_font_description_new();
	pango_font_description_set_family(d, k.family[0] != '\0' ?
	    k.family : ctx->env->family);
	pango_font_description_set_weight(d, (PangoWeight)k.weight);
	pango_font_description_set_style(d, (PangoStyle)k.style);
	if (k.absolute)
		pango_font_description_set_absolute_size(d, k.size);
	else
		pango_font_description_set_size(d, k.size);
	ctx->font[key] = pango_font_map_load_font(ctx->fm, ctx->pc, d);
	pango_font_description_free(d);
	if (ctx->font[key] == NULL)
		abort();
	ctx->sf[key] = cairo_scaled_font_reference(
	    pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(ctx->font[key])));
	return ctx->sf[key];
}

/* --- Text with attributes ------------------------------------------------ */

void
layout_text_init(struct layout_text *t)
{
	memset(t, 0, sizeof(*t));
}

void
layout_text_reset(struct layout_text *t)
{
	size_t	 i;

	t->len = 0;
	if (t->s != NULL)
		t->s[0] = '\0';
	t->nspans = 0;
	for (i = 0; i < t->nlinks; i++)
		free(t->links[i]);
	t->nlinks = 0;
}

void
layout_text_free(struct layout_text *t)
{
	layout_text_reset(t);
	free(t->s);
	free(t->spans);
	free(t->links);
	memset(t, 0, sizeof(*t));
}

static void
text_reserve(struct layout_text *t, size_t more)
{
	if (t->len + more + 1 > t->cap) {
		t->cap = (t->len + more + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
}

/* The length of a valid UTF-8 sequence at s (n bytes left), 0 if none. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t	 len, k;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

void
layout_text_put(struct layout_text *t, const struct layout_attr *a,
    const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	struct layout_span *sp;
	size_t	 i = 0, k, start = t->len;
	int	 link = -1;

	text_reserve(t, len);
	while (i < len) {
		if ((k = utf8_seq(u + i, len - i)) == 0) {
			/* Invalid UTF-8 would empty the whole layout. */
			t->s[t->len++] = '?';
			i++;
			continue;
		}
		if (k == 1 && (u[i] < 0x20 || u[i] == 0x7f)) {
			if (u[i] == '\n')
				t->s[t->len++] = '\n';
			else if (u[i] != '\r')
				t->s[t->len++] = ' ';
			i++;
			continue;
		}
		memcpy(t->s + t->len, u + i, k);
		t->len += k;
		i += k;
	}
	t->s[t->len] = '\0';
	if (t->len == start)
		return;
	if (a != NULL && a->link != NULL) {
		t->links = xrealloc(t->links, (t->nlinks + 1) *
		    sizeof(*t->links));
		t->links[t->nlinks] = xstrdup(a->link);
		link = (int)t->nlinks++;
	}
	sp = t->nspans > 0 ? &t->spans[t->nspans - 1] : NULL;
	if (sp != NULL && link == -1 && sp->link == -1 && sp->end == start &&
	    sp->flags == (a ? a->flags : 0) &&
	    sp->color == (a ? a->color : 0) &&
	    sp->scale == (a ? a->scale : 0)) {
		sp->end = t->len;
		return;
	}
	GROW(t->spans, t->nspans, t->spancap);
	sp = &t->spans[t->nspans++];
	sp->start = start;
	sp->end = t->len;
	sp->flags = a ? a->flags : 0;
	sp->color = a ? a->color : 0;
	sp->scale = a ? a->scale : 0;
	sp->link = link;
}

void
layout_text_puts(struct layout_text *t, unsigned flags, const char *s)
{
	struct layout_attr a = {0};

	if (s == NULL)
		return;
	a.flags = flags;
	layout_text_put(t, &a, s, strlen(s));
}

void
layout_text_link(struct layout_text *t, unsigned flags, const char *s,
    const char *target)
{
	struct layout_attr a = {0};

	a.flags = flags;
	a.link = target;
	layout_text_put(t, &a, s, strlen(s));
}

/* --- French typography --------------------------------------------------- */

/* One code point of a paragraph with the flags of its span. */
struct cpi {
	uint32_t	 cp;
	size_t		 off;		/* byte offset */
	unsigned	 flags;
};

/* Decodes t into code points with their span flags (n + 1 entries). */
static struct cpi *
text_decode(const struct layout_text *t, size_t *n)
{
	struct cpi *v = xmalloc((t->len + 1) * sizeof(*v));
	const char *p = t->s, *end = t->s + t->len;
	size_t	 i = 0, sp = 0;

	while (p < end) {
		v[i].off = (size_t)(p - t->s);
		while (sp < t->nspans && t->spans[sp].end <= v[i].off)
			sp++;
		v[i].flags = sp < t->nspans && t->spans[sp].start <= v[i].off ?
		    t->spans[sp].flags : 0;
		v[i].cp = utf8_next(&p);
		i++;
	}
	v[i].cp = 0;
	v[i].off = t->len;
	v[i].flags = 0;
	*n = i;
	return v;
}

/*
 * Replaces t's text by out, moving span boundaries through map (output
 * offset of each input byte offset, len + 1 entries).
 */
static void
text_replace(struct layout_text *t, struct buf *out, const size_t *map)
{
	size_t	 i;

	for (i = 0; i < t->nspans; i++) {
		t->spans[i].start = map[t->spans[i].start];
		t->spans[i].end = map[t->spans[i].end];
	}
	free(t->s);
	t->len = out->len;
	t->cap = out->cap;
	t->s = buf_detach(out);
	if (t->s == NULL) {
		t->s = xstrdup("");
		t->cap = 1;
	}
}

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == CP_NBSP ||
	    c == CP_NNBSP || c == 0x2009 || c == CP_ZWSP;
}

static int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Sets map for the bytes of v[i]: they now start at out->len. */
static void
map_cp(size_t *map, const struct cpi *v, size_t i, const struct buf *out)
{
	size_t	 o;

	for (o = v[i].off; o < v[i + 1].off; o++)
		map[o] = out->len;
}

/*
 * First pass: no-break spaces. A space before ; ! ? » becomes U+202F,
 * before : U+00A0; one is added where the editor wrote none (after a
 * letter, before a space or the end: never inside URLs or times such
 * as 12:30); « and » get theirs inside; a space between a number and
 * what follows becomes U+00A0 (« 8 personnes », « 03 53 73 »).
 */
static void
french_spaces(struct layout_text *t)
{
	struct buf out = {0};
	struct cpi *v;
	size_t	*map, n, i, j, group = 0;
	uint32_t c, pv = 0, nx;
	int	 upper;

	v = text_decode(t, &n);
	map = xmalloc((t->len + 1) * sizeof(*map));
	buf_grow(&out, t->len + 16);
	for (i = 0; i < n; i++) {
		c = v[i].cp;
		nx = v[i + 1].cp;
		/*
		 * A short group in parentheses with a capital, an acronym
		 * such as « (DAC / 14) », is never broken.
		 */
		if (c == '(' && !(v[i].flags & LAYOUT_NOTYPO)) {
			for (upper = 0, j = i + 1; j < n && j < i + 20 &&
			    v[j].cp != ')' && v[j].cp != '(' &&
			    v[j].cp != '\n'; j++)
				upper |= g_unichar_isupper(v[j].cp);
			if (j < n && v[j].cp == ')' && upper)
				group = j;
		}
		if (i < group && c == ' ') {
			map_cp(map, v, i, &out);
			utf8_put(&out, CP_NBSP);
			pv = CP_NBSP;
			continue;
		}
		if (v[i].flags & LAYOUT_NOTYPO) {
			map_cp(map, v, i, &out);
			utf8_put(&out, c);
			pv = c;
			continue;
		}
		if (c == ' ' || c == CP_NBSP) {
			if (nx == ';' || nx == '!' || nx == '?' ||
			    nx == CP_RAQUO)
				c = CP_NNBSP;
			else if (nx == ':')
				c = CP_NBSP;
			else if (pv == CP_LAQUO)
				c = CP_NNBSP;
			else if (c == ' ' && is_digit(pv) && nx != 0 &&
			    g_unichar_isalnum(nx))
				c = CP_NBSP;
		} else if ((c == ';' || c == '!' || c == '?') && pv != 0 &&
		    (g_unichar_isalnum(pv) || pv == ')' || pv == CP_RAQUO) &&
		    (nx == 0 || nx == ' ' || nx == '\n' || nx == ')' ||
		    nx == CP_RAQUO)) {
			utf8_put(&out, CP_NNBSP);
		} else if (c == ':' && pv != 0 && g_unichar_isalpha(pv) &&
		    (nx == 0 || nx == ' ' || nx == '\n')) {
			utf8_put(&out, CP_NBSP);
		} else if (c == CP_RAQUO && pv != 0 && !is_space(pv)) {
			utf8_put(&out, CP_NNBSP);
		}
		map_cp(map, v, i, &out);
		utf8_put(&out, c);
		if (c == CP_LAQUO && nx != 0 && !is_space(nx))
			utf8_put(&out, CP_NNBSP);
		pv = c;
	}
	map[t->len] = out.len;
	text_replace(t, &out, map);
	free(map);
	free(v);
}

int
layout_hyphen_points(const struct layout_env *env, const char *word,
    size_t len, unsigned char out[64])
{
	char	 hy[64 * 4 + 5], **rep = NULL;
	int	*pos = NULL, *cut = NULL, n = 0;
	size_t	 i, nch = 0;

	memset(out, 0, 64);
	if (env == NULL || env->hyph == NULL || len > 64 * 4 || len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)word[i] & 0xc0) != 0x80)
			nch++;
	if (nch > 63)
		return 0;
	memset(hy, '0', sizeof(hy));
	if (hnj_hyphen_hyphenate2(env->hyph, word, (int)len, hy, NULL, &rep,
	    &pos, &cut) != 0)
		return 0;
	/* With a UTF-8 dictionary, hy is indexed by character. */
	for (i = 0; i + 1 < nch; i++)
		if ((hy[i] & 1) && i + 1 >= HYPH_LEFT &&
		    nch - (i + 1) >= HYPH_RIGHT) {
			out[i] = 1;
			n++;
		}
	if (rep != NULL) {
		for (i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	return n;
}

/* Whether a token looks like an address (no hyphenation inside). */
static int
token_is_address(const struct cpi *v, size_t a, size_t b)
{
	size_t	 i;

	for (i = a; i < b; i++)
		if (v[i].cp == '@' || v[i].cp == '/' || v[i].cp == '\\' ||
		    v[i].cp == '=' || v[i].cp == '_' ||
		    (v[i].cp == '.' && i + 1 < b && g_unichar_isalnum(
		    v[i + 1].cp)))
			return 1;
	return 0;
}

/* A word of v[a, b): soft hyphens after its hyphenation points. */
static void
put_word(struct buf *out, size_t *map, const struct layout_env *env,
    const struct cpi *v, size_t a, size_t b, int hyph)
{
	unsigned char pts[64];
	char	 low[64 * 4 + 1];
	size_t	 i, n = 0;
	int	 ok = hyph && b - a >= HYPH_MIN_WORD && b - a <= 63;

	/* Proper names (communes, services, people) are never cut. */
	if (ok && g_unichar_isupper(v[a].cp))
		ok = 0;
	for (i = a; ok && i < b; i++) {
		if (v[i].flags & (LAYOUT_NOHYPH | LAYOUT_NOTYPO))
			ok = 0;
		else if (i > a && g_unichar_isupper(v[i].cp))
			ok = 0;	/* acronyms, CamelCase */
	}
	if (ok) {
		for (i = a; i < b; i++)
			n += (size_t)g_unichar_to_utf8(
			    g_unichar_tolower(v[i].cp), low + n);
		low[n] = '\0';
		ok = layout_hyphen_points(env, low, n, pts) > 0;
	}
	for (i = a; i < b; i++) {
		map_cp(map, v, i, out);
		utf8_put(out, v[i].cp);
		if (ok && pts[i - a])
			utf8_put(out, CP_SHY);
	}
}

/*
 * Second pass, token by token (runs between spaces): long tokens (URLs,
 * addresses) get zero-width break opportunities after their separators
 * and at least every LONG_SEGMENT characters, and are cut beyond
 * MAX_TOKEN; words of other tokens get hyphenation points.
 */
static void
french_tokens(struct layout_text *t, const struct layout_env *env,
    int hyph)
{
	struct buf out = {0};
	struct cpi *v;
	size_t	*map, n, i, a, b, seg, w;
	uint32_t c;
	int	 addr, name;

	v = text_decode(t, &n);
	map = xmalloc((t->len + 1) * sizeof(*map));
	buf_grow(&out, t->len + t->len / 4 + 16);
	for (i = 0; i < n; ) {
		if (is_space(v[i].cp)) {
			map_cp(map, v, i, &out);
			utf8_put(&out, v[i].cp);
			i++;
			continue;
		}
		for (a = i, b = i; b < n && !is_space(v[b].cp); b++)
			;
		if (b - a > LONG_TOKEN) {
			for (seg = 0, i = a; i < b; i++) {
				map_cp(map, v, i, &out);
				if (i - a == MAX_TOKEN) {
					utf8_put(&out, CP_ELLIPSIS);
					continue;
				}
				if (i - a > MAX_TOKEN)
					continue;
				c = v[i].cp;
				utf8_put(&out, c);
				seg++;
				if (i + 1 < b && (seg >= LONG_SEGMENT ||
				    strchr("/.@-_?&=#~;,", (int)c) != NULL)) {
					utf8_put(&out, CP_ZWSP);
					seg = 0;
				}
			}
			continue;
		}
		addr = token_is_address(v, a, b);
		for (w = a; w < b && !g_unichar_isalpha(v[w].cp); w++)
			;
		/* « Château-Chinon », « Saint-Benin-d'Azy »: in one piece. */
		name = w < b && g_unichar_isupper(v[w].cp) && !addr;
		for (i = a; i < b; ) {
			if (!g_unichar_isalpha(v[i].cp)) {
				map_cp(map, v, i, &out);
				utf8_put(&out, v[i].cp);
				if (name && v[i].cp == '-' && i > a && i + 1 < b &&
				    g_unichar_isalpha(v[i + 1].cp))
					utf8_put(&out, CP_WJ);
				i++;
				continue;
			}
			for (w = i; w < b && g_unichar_isalpha(v[w].cp); w++)
				;
			put_word(&out, map, env, v, i, w, hyph && !addr);
			i = w;
		}
	}
	map[t->len] = out.len;
	text_replace(t, &out, map);
	free(map);
	free(v);
}

void
layout_text_french(struct layout_text *t, const struct layout_env *env,
    int hyphenate)
{
	if (t->len == 0)
		return;
	french_spaces(t);
	french_tokens(t, env, hyphenate && env != NULL && env->hyph != NULL);
}

void
layout_number_fr(struct buf *b, long v)
{
	char	 d[32];
	int	 n, i;

	if (v < 0) {
		buf_putc(b, '-');
		v = -v;
	}
	n = snprintf(d, sizeof(d), "%ld", v);
	for (i = 0; i < n; i++) {
		if (n >= 5 && i > 0 && (n - i) % 3 == 0)
			buf_puts(b, "\xe2\x80\xaf");	/* U+202F */
		buf_putc(b, d[i]);
	}
}

/* --- Blocks: building ---------------------------------------------------- */

struct layout_block *
layout_block_new(void)
{
	struct layout_block *b = xcalloc(1, sizeof(*b));

	b->refs = 1;
	buf_putc(&b->strs, '\0');	/* offset 0: the empty string */
	return b;
}

struct layout_block *
layout_block_ref(struct layout_block *b)
{
	__atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
	return b;
}

void
layout_block_unref(struct layout_block *b)
{
	if (b == NULL || __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(b->rows);
	free(b->runs);
	free(b->glyphs);
	free(b->clus);
	free(b->elems);
	free(b->paras);
	buf_dispose(&b->text);
	buf_dispose(&b->strs);
	free(b);
}

void
layout_block_keep(struct layout_block *b)
{
	b->keep = 1;
}

void
layout_block_keep_next(struct layout_block *b)
{
	b->keep_next = 1;
}

size_t
layout_block_nrows(const struct layout_block *b)
{
	return b->nrows;
}

double
layout_block_height(const struct layout_block *b)
{
	return b->height;
}

static size_t
block_str(struct layout_block *b, const char *s)
{
	size_t	 off = b->strs.len;

	buf_puts(&b->strs, s);
	buf_putc(&b->strs, '\0');
	return off;
}

static const char *
str_at(const struct layout_block *b, size_t off)
{
	return b->strs.data + off;
}

static struct lrow *
block_row(struct layout_block *b, double h)
{
	struct lrow *r;

	GROW(b->rows, b->nrows, b->rowcap);
	r = &b->rows[b->nrows++];
	memset(r, 0, sizeof(*r));
	r->h = (float)h;
	r->para = -1;
	r->run0 = (uint32_t)b->nruns;
	r->brk = (uint8_t)(b->keep_pending != 0);
	b->height += h;
	return r;
}

/* Adds an element, keeping the array sorted by row (stable). */
static struct lelem *
block_elem(struct layout_block *b, size_t row, enum elkind kind)
{
	struct lelem *e;
	size_t	 i;

	GROW(b->elems, b->nelems, b->elemcap);
	for (i = b->nelems; i > 0 && b->elems[i - 1].row > row; i--)
		;
	memmove(&b->elems[i + 1], &b->elems[i],
	    (b->nelems - i) * sizeof(*b->elems));
	b->nelems++;
	e = &b->elems[i];
	memset(e, 0, sizeof(*e));
	e->row = (uint32_t)row;
	e->kind = (uint8_t)kind;
	return e;
}

void
layout_block_space(struct layout_block *b, double h)
{
	struct lrow *r;

	if (h <= 0)
		return;
	if (b->nrows > 0 && b->rows[b->nrows - 1].glue) {
		r = &b->rows[b->nrows - 1];
		if (h > r->h) {
			b->height += h - r->h;
			r->h = (float)h;
		}
		return;
	}
	r = block_row(b, h);
	r->glue = 1;
}

void
layout_block_anchor(struct layout_block *b, const char *name)
{
	struct lelem *e = block_elem(b, b->nrows, EL_ANCHOR);

	e->s1 = block_str(b, name);
}

void
layout_block_rule(struct layout_block *b, double w, double t,
    uint32_t color, double before, double after)
{
	struct lelem *e;

	layout_block_space(b, before);
	block_row(b, t);
	e = block_elem(b, b->nrows - 1, EL_RECT);
	e->w = (float)w;
	e->h = (float)t;
	e->color = color;
	layout_block_space(b, after);
}

/* The sum of the heights of rows [from, to). */
static double
rows_height(const struct layout_block *b, size_t from, size_t to)
{
	double	 h = 0;

	for (; from < to; from++)
		h += b->rows[from].h;
	return h;
}

void
layout_block_shade(struct layout_block *b, size_t from, double w,
    double pad, uint32_t color)
{
	struct lelem *e;

	if (from >= b->nrows)
		return;
	e = block_elem(b, from, EL_RECT);
	e->x = (float)-pad;
	e->y = (float)-pad;
	e->w = (float)(w + 2 * pad);
	e->h = (float)(rows_height(b, from, b->nrows) + 2 * pad);
	e->color = color;
}

/* --- Blocks: composing with Pango ---------------------------------------- */

static PangoAttribute *
attr_range(PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	return a;
}

static guint16
c16(uint32_t rgb, int shift)
{
	return (guint16)(((rgb >> shift) & 0xff) * 257);
}

/* A Pango layout of t in the style at width w (0: no wrapping). */
static PangoLayout *
make_layout(struct layout_ctx *ctx, const struct layout_style *st,
    const struct layout_text *t, double w)
{
	PangoLayout *pl = pango_layout_new(ctx->pc);
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttrList *al = pango_attr_list_new();
	const struct layout_span *sp;
	size_t	 i;

	pango_font_description_set_family_static(fd, ctx->env->family);
	pango_font_description_set_size(fd, (gint)lround(st->size *
	    PANGO_SCALE));
	if (st->flags & LAYOUT_BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (st->flags & LAYOUT_ITALIC)
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_auto_dir(pl, FALSE);
	pango_layout_set_text(pl, t->s, (int)t->len);
	for (i = 0; i < t->nspans; i++) {
		sp = &t->spans[i];
		if ((sp->flags & LAYOUT_BOLD) && !(st->flags & LAYOUT_BOLD))
			pango_attr_list_insert(al, attr_range(
			    pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			    sp->start, sp->end));
		if ((sp->flags & LAYOUT_ITALIC) && !(st->flags & LAYOUT_ITALIC))
			pango_attr_list_insert(al, attr_range(
			    pango_attr_style_new(PANGO_STYLE_ITALIC),
			    sp->start, sp->end));
		if (sp->scale > 0 && sp->scale != 1)
			pango_attr_list_insert(al, attr_range(
			    pango_attr_size_new((int)lround(st->size *
			    sp->scale * PANGO_SCALE)), sp->start, sp->end));
		if (sp->flags & LAYOUT_COLOR)
			pango_attr_list_insert(al, attr_range(
			    pango_attr_foreground_new(c16(sp->color, 16),
			    c16(sp->color, 8), c16(sp->color, 0)),
			    sp->start, sp->end));
		if (sp->flags & (LAYOUT_NOHYPH | LAYOUT_NOTYPO))
			pango_attr_list_insert(al, attr_range(
			    pango_attr_insert_hyphens_new(FALSE),
			    sp->start, sp->end));
		if (sp->flags & LAYOUT_TNUM)
			pango_attr_list_insert(al, attr_range(
			    pango_attr_font_features_new("tnum"),
			    sp->start, sp->end));
	}
	if (st->flags & LAYOUT_TNUM)
		pango_attr_list_insert(al, pango_attr_font_features_new(
		    "tnum"));
	pango_layout_set_attributes(pl, al);
	pango_attr_list_unref(al);
	if (w > 0) {
		pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
	}
	if (st->flags & LAYOUT_CENTER)
		pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
	else if (st->flags & LAYOUT_RIGHT)
		pango_layout_set_alignment(pl, PANGO_ALIGN_RIGHT);
	return pl;
}

/* The colour of a run: its foreground attribute, or the paragraph's. */
static uint32_t
run_color(const PangoGlyphItem *gi, uint32_t deflt)
{
	GSList	*l;
	PangoAttribute *a;
	PangoColor *c;

	for (l = gi->item->analysis.extra_attrs; l != NULL; l = l->next) {
		a = l->data;
		if (a->klass->type == PANGO_ATTR_FOREGROUND) {
			c = &((PangoAttrColor *)a)->color;
			return (uint32_t)((c->red >> 8) << 16 |
			    (c->green >> 8) << 8 | (c->blue >> 8));
		}
	}
	return deflt;
}

/*
 * Copies one run of a Pango line into the block: its glyphs (empty and
 * missing ones left out, as pangocairo does), its clusters (how many
 * bytes of text each group of glyphs stands for: that is what PDF text
 * extraction reads back) and its text, from toff in the block's pool.
 */
static void
copy_run(struct layout_ctx *ctx, struct layout_block *b,
    PangoGlyphItem *gi, const char *text, size_t toff, double x,
    uint32_t color)
{
	PangoGlyphString *gs = gi->glyphs;
	PangoGlyphItemIter it;
	struct lrun *r;
	uint32_t *newidx;
	int	 i, pos = 0, k, ng;
	PangoGlyph g;

	GROW(b->runs, b->nruns, b->runcap);
	r = &b->runs[b->nruns];
	memset(r, 0, sizeof(*r));
	r->g0 = (uint32_t)b->nglyphs;
	r->c0 = (uint32_t)b->nclus;
	r->t0 = toff + (size_t)gi->item->offset;
	r->tlen = (uint32_t)gi->item->length;
	r->x = (float)x;
	r->color = run_color(gi, color);
	r->font = (uint16_t)ctx_key(ctx, gi->item->analysis.font);
	if ((size_t)gs->num_glyphs + 1 > ctx->newidxcap) {
		ctx->newidxcap = ((size_t)gs->num_glyphs + 1) * 2;
		ctx->newidx = xrealloc(ctx->newidx, ctx->newidxcap *
		    sizeof(*ctx->newidx));
	}
	newidx = ctx->newidx;
	for (i = 0; i < gs->num_glyphs; i++) {
		g = gs->glyphs[i].glyph;
		newidx[i] = (uint32_t)(b->nglyphs - r->g0);
		if (g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG)) {
			GROW(b->glyphs, b->nglyphs, b->glyphcap);
			b->glyphs[b->nglyphs].id = g;
			b->glyphs[b->nglyphs].x = (float)(pos +
			    gs->glyphs[i].geometry.x_offset) / PANGO_SCALE;
			b->glyphs[b->nglyphs].y = (float)
			    gs->glyphs[i].geometry.y_offset / PANGO_SCALE;
			b->nglyphs++;
		} else if (g & PANGO_GLYPH_UNKNOWN_FLAG)
			ctx->unknown++;
		pos += gs->glyphs[i].geometry.width;
	}
	newidx[gs->num_glyphs] = (uint32_t)(b->nglyphs - r->g0);
	r->ng = (uint32_t)(b->nglyphs - r->g0);
	if (r->ng == 0 || !pango_glyph_item_iter_init_start(&it, gi, text)) {
		b->nglyphs = r->g0;
		return;
	}
	do {
		/* Left to right only: our text is French. */
		k = it.start_glyph < it.end_glyph ? it.start_glyph :
		    it.end_glyph + 1;
		ng = it.start_glyph < it.end_glyph ? it.end_glyph :
		    it.start_glyph + 1;
		GROW(b->clus, b->nclus, b->cluscap);
		b->clus[b->nclus].bytes = (uint16_t)(it.end_index -
		    it.start_index);
		b->clus[b->nclus].glyphs = (uint16_t)(newidx[ng] - newidx[k]);
		b->nclus++;
	} while (pango_glyph_item_iter_next_cluster(&it));
	r->nc = (uint32_t)(b->nclus - r->c0);
	b->nruns++;
}

static void add_marker(struct layout_ctx *, struct layout_block *,
	    const struct layout_style *, size_t, const char *);

/* Rows for the lines of pl (the first with the style's list marker);
 * returns the index of the first row. */
static size_t
copy_lines(struct layout_ctx *ctx, struct layout_block *b,
    PangoLayout *pl, const struct layout_style *st, size_t toff, int para,
    double indent)
{
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	PangoLayoutLine *line;
	PangoRectangle log;
	const char *text = pango_layout_get_text(pl);
	struct lrow *r;
	GSList	*l;
	size_t	 first = b->nrows;
	double	 lead = st->leading > 0 ? st->leading : st->size * 1.25;
	double	 lh, asc, h, x;

	do {
		line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, NULL, &log);
		lh = (double)log.height / PANGO_SCALE;
		asc = (double)(pango_layout_iter_get_baseline(it) - log.y) /
		    PANGO_SCALE;
		h = lh > lead ? lh : lead;
		r = block_row(b, h);
		r->base = (float)((h - lh) / 2 + asc);
		r->x = (float)indent;
		r->para = para;
		x = (double)log.x / PANGO_SCALE;
		for (l = line->runs; l != NULL; l = l->next) {
			copy_run(ctx, b, l->data, text, toff, x, st->color);
			x += (double)pango_glyph_string_get_width(
			    ((PangoGlyphItem *)l->data)->glyphs) / PANGO_SCALE;
		}
		/* block_row() may have moved rows: take it again. */
		b->rows[b->nrows - 1].nruns = (uint32_t)(b->nruns -
		    b->rows[b->nrows - 1].run0);
		if (b->nrows - 1 == first && st->marker != NULL)
			add_marker(ctx, b, st, first, st->marker);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return first;
}

/* Clickable rectangles of the links of t, row by row. */
static void
copy_links(struct layout_block *b, PangoLayout *pl,
    const struct layout_text *t, size_t first, double indent)
{
	PangoLayoutIter *it;
	PangoLayoutLine *line;
	const struct layout_span *sp;
	struct lelem *e;
	size_t	 i, row, lo, hi, ls, le, tgt;
	int	*ranges, n, k;

	for (i = 0; i < t->nspans; i++) {
		sp = &t->spans[i];
		if (sp->link < 0 || sp->start >= sp->end)
			continue;
		tgt = block_str(b, t->links[sp->link]);
		it = pango_layout_get_iter(pl);
		row = first;
		do {
			line = pango_layout_iter_get_line_readonly(it);
			ls = (size_t)line->start_index;
			le = ls + (size_t)line->length;
			lo = sp->start > ls ? sp->start : ls;
			hi = sp->end < le ? sp->end : le;
			if (lo < hi) {
				pango_layout_line_get_x_ranges(line, (int)lo,
				    (int)hi, &ranges, &n);
				for (k = 0; k < n; k++) {
					e = block_elem(b, row, EL_LINK);
					e->s1 = tgt;
					e->x = (float)(indent +
					    (double)ranges[2 * k] /
					    PANGO_SCALE);
					e->w = (float)(ranges[2 * k + 1] -
					    ranges[2 * k]) / PANGO_SCALE;
					e->h = b->rows[row].h;
				}
				g_free(ranges);
			}
			row++;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
}

/* A new structure element named tag. */
static int
block_para(struct layout_block *b, const char *tag)
{
	GROW(b->paras, b->nparas, b->paracap);
	b->paras[b->nparas] = block_str(b, tag != NULL ? tag : "P");
	return (int)b->nparas++;
}

/* Runs of a one-line string added to row `row` at x (list markers). */
static void
add_marker(struct layout_ctx *ctx, struct layout_block *b,
    const struct layout_style *st, size_t row, const char *marker)
{
	struct layout_style ms = *st;
	struct layout_text t;
	PangoLayout *pl;
	PangoLayoutLine *line;
	GSList	*l;
	size_t	 toff, save;
	double	 x;

	/* Runs of a row are contiguous: only the last row can take more. */
	if (row + 1 != b->nrows)
		return;
	ms.flags &= ~(unsigned)(LAYOUT_CENTER | LAYOUT_RIGHT);
	layout_text_init(&t);
	layout_text_puts(&t, 0, marker);
	pl = make_layout(ctx, &ms, &t, 0);
	toff = b->text.len;
	buf_put(&b->text, t.s, t.len);
	line = pango_layout_get_line_readonly(pl, 0);
	x = -st->hang;
	save = b->nruns;
	for (l = line->runs; l != NULL; l = l->next) {
		copy_run(ctx, b, l->data, t.s, toff, x, st->color);
		x += (double)pango_glyph_string_get_width(
		    ((PangoGlyphItem *)l->data)->glyphs) / PANGO_SCALE;
	}
	b->rows[row].nruns += (uint32_t)(b->nruns - save);
	g_object_unref(pl);
	layout_text_free(&t);
}

/*
 * Break rules of a paragraph's rows [first, first + n): no orphan (its
 * first line alone at a column's foot), no widow (its last line alone
 * at the head), none at all for NOSPLIT and KEEP_NEXT paragraphs.
 */
static void
para_breaks(struct layout_block *b, const struct layout_style *st,
    size_t first, size_t n)
{
	size_t	 i;

	for (i = 1; i < n; i++)
		if (i == 1 || i == n - 1 ||
		    (st->flags & (LAYOUT_NOSPLIT | LAYOUT_KEEP_NEXT)))
			b->rows[first + i].brk = 1;
	b->keep_pending = (st->flags & LAYOUT_KEEP_NEXT) != 0;
}

void
layout_block_text(struct layout_ctx *ctx, struct layout_block *b,
    const struct layout_style *st, struct layout_text *t, double w)
{
	PangoLayout *pl;
	size_t	 toff, first, i;
	int	 para;
	struct lelem *e;

	layout_text_french(t, ctx->env, (st->flags & LAYOUT_HYPHENATE) != 0);
	if (t->len == 0)
		return;
	layout_block_space(b, st->before);
	para = block_para(b, st->tag);
	pl = make_layout(ctx, st, t, w - st->indent);
	toff = b->text.len;
	buf_put(&b->text, t->s, t->len);
	first = copy_lines(ctx, b, pl, st, toff, para, st->indent);
	copy_links(b, pl, t, first, st->indent);
	if (st->flags & LAYOUT_BAR)
		for (i = first; i < b->nrows; i++) {
			e = block_elem(b, i, EL_BAR);
			e->x = (float)(st->indent - st->hang);
			e->w = 1.2f;
			e->h = b->rows[i].h;
			e->color = 0xb0b8c4;
		}
	para_breaks(b, st, first, b->nrows - first);
	g_object_unref(pl);
	layout_text_reset(t);
	if (st->after > 0) {
		i = (size_t)b->keep_pending;
		layout_block_space(b, st->after);
		b->keep_pending = (int)i;
	}
}

/* The width of one line of text in a style (no wrapping). */
static double
text_width(struct layout_ctx *ctx, const struct layout_style *st,
    const char *s)
{
	struct layout_text t;
	PangoLayout *pl;
	PangoRectangle log;

	layout_text_init(&t);
	layout_text_puts(&t, 0, s);
	layout_text_french(&t, NULL, 0);
	pl = make_layout(ctx, st, &t, 0);
	pango_layout_get_extents(pl, NULL, &log);
	g_object_unref(pl);
	layout_text_free(&t);
	return (double)log.width / PANGO_SCALE;
}

void
layout_block_pageref(struct layout_ctx *ctx, struct layout_block *b,
    const struct layout_style *st, struct layout_text *t, double w,
    const char *dest, const char *prefix, int leaders)
{
	struct layout_style ts = *st;
	struct buf s = {0};
	struct lelem *e;
	size_t	 first, last, i, tgt, nm;
	double	 room, end;

	if (prefix == NULL)
		prefix = "";
	if (ctx->refw_size != st->size || ctx->refw_flags != st->flags ||
	    strcmp(ctx->refw_prefix, prefix) != 0) {
		buf_printf(&s, "%s0000", prefix);
		ctx->refw = text_width(ctx, st, s.data);
		ctx->refw_size = st->size;
		ctx->refw_flags = st->flags;
		snprintf(ctx->refw_prefix, sizeof(ctx->refw_prefix), "%s",
		    prefix);
		buf_dispose(&s);
	}
	room = ctx->refw + st->size;
	ts.after = 0;
	ts.flags &= ~(unsigned)(LAYOUT_CENTER | LAYOUT_RIGHT);
	first = b->nrows;
	layout_block_text(ctx, b, &ts, t, w - room);
	for (; first < b->nrows && b->rows[first].glue; first++)
		;
	if (first >= b->nrows)
		return;
	last = b->nrows - 1;
	/* Where the text of the last row ends. */
	end = 0;
	for (i = b->rows[last].run0; i < b->rows[last].run0 +
	    b->rows[last].nruns; i++) {
		nm = b->runs[i].g0 + b->runs[i].ng;
		if (b->runs[i].ng > 0 && b->glyphs[nm - 1].x + b->runs[i].x >
		    end)
			end = b->glyphs[nm - 1].x + b->runs[i].x + st->size *
			    0.5;
	}
	tgt = block_str(b, dest);
	for (i = first; i <= last; i++) {
		e = block_elem(b, i, EL_LINK);
		e->s1 = tgt;
		e->x = (float)-b->rows[i].x;
		e->w = (float)w;
		e->h = b->rows[i].h;
	}
	e = block_elem(b, last, EL_REF);
	e->s1 = tgt;
	e->s2 = block_str(b, prefix);
	e->x = (float)end;
	e->w = (float)(w - b->rows[last].x);
	e->leaders = (uint8_t)(leaders != 0);
	e->size = (float)st->size;
	e->flags = st->flags;
	e->color = st->color;
	layout_block_space(b, st->after);
}

void
layout_block_row_text(struct buf *out, const struct layout_block *b,
    size_t row)
{
	const struct lrun *r;
	uint32_t i;

	if (row >= b->nrows)
		return;
	for (i = 0; i < b->rows[row].nruns; i++) {
		r = &b->runs[b->rows[row].run0 + i];
		buf_put(out, b->text.data + r->t0, r->tlen);
	}
}

/* --- QR codes ------------------------------------------------------------ */

int
layout_qr_encode(struct layout_qr *q, const char *text)
{
	QRcode	*c;
	size_t	 i, n;

	memset(q, 0, sizeof(*q));
	c = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (c == NULL)
		return -1;
	n = (size_t)c->width * (size_t)c->width;
	q->size = c->width;
	q->dark = xmalloc(n);
	for (i = 0; i < n; i++)
		q->dark[i] = c->data[i] & 1;
	QRcode_free(c);
	return 0;
}

void
layout_qr_free(struct layout_qr *q)
{
	free(q->dark);
	memset(q, 0, sizeof(*q));
}

size_t
layout_qr_runs(const struct layout_qr *q, int *out, size_t max)
{
	size_t	 n = 0;
	int	 x, y, x0;

	for (y = 0; y < q->size; y++)
		for (x = 0; x < q->size; ) {
			if (!q->dark[y * q->size + x]) {
				x++;
				continue;
			}
			for (x0 = x; x < q->size && q->dark[y * q->size + x];
			    x++)
				;
			if (n < max) {
				out[4 * n] = x0;
				out[4 * n + 1] = y;
				out[4 * n + 2] = x - x0;
				out[4 * n + 3] = 1;
			}
			n++;
		}
	return n;
}

void
layout_block_qr(struct layout_block *b, size_t from,
    const struct layout_qr *q, double x, double side, const char *link)
{
	struct lelem *e;
	struct lrow *r;
	double	 h;
	size_t	 i;

	if (q->size == 0)
		return;
	if (from >= b->nrows)
		block_row(b, 0);
	for (i = from + 1; i < b->nrows; i++)
		b->rows[i].brk = 1;
	h = rows_height(b, from, b->nrows);
	if (h < side) {
		r = block_row(b, side - h);
		r->brk = 1;
	}
	e = block_elem(b, from, EL_QR);
	e->x = (float)x;
	e->w = e->h = (float)side;
	e->flags = (unsigned)q->size;
	e->s1 = b->strs.len;
	buf_put(&b->strs, q->dark, (size_t)q->size * (size_t)q->size);
	if (link != NULL) {
		e = block_elem(b, from, EL_LINK);
		e->s1 = block_str(b, link);
		e->x = (float)x;
		e->w = e->h = (float)side;
	}
}

/* --- Drawing ------------------------------------------------------------- */

static void
set_color(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

void
layout_fill(cairo_t *cr, double x, double y, double w, double h,
    uint32_t color)
{
	set_color(cr, color);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* Runs of dark modules along rows (cols 0) or columns (cols 1). */
static int
qr_count_runs(const unsigned char *dark, int size, int cols)
{
	int	 a, b, n = 0, prev;

	for (a = 0; a < size; a++)
		for (prev = 0, b = 0; b < size; b++) {
			int d = cols ? dark[b * size + a] : dark[a * size + b];

			n += d && !prev;
			prev = d;
		}
	return n;
}

/*
 * A QR code as vector shapes: each run of dark modules is one stroked
 * segment, one module thick, along rows or columns, whichever gives
 * fewer (a rectangle costs Cairo eight numbers in the PDF, a segment
 * four).
 */
static void
draw_qr(cairo_t *cr, const unsigned char *dark, int size, double x,
    double y, double side)
{
	double	 m = side / (size + 2 * QR_QUIET);
	int	 a, b, b0, cols, d;

	cols = qr_count_runs(dark, size, 1) < qr_count_runs(dark, size, 0);
	x += QR_QUIET * m;
	y += QR_QUIET * m;
	for (a = 0; a < size; a++)
		for (b = 0; b < size; ) {
			d = cols ? dark[b * size + a] : dark[a * size + b];
			if (!d) {
				b++;
				continue;
			}
			for (b0 = b; b < size && (cols ? dark[b * size + a] :
			    dark[a * size + b]); b++)
				;
			if (cols) {
				cairo_move_to(cr, x + (a + .5) * m, y + b0 * m);
				cairo_line_to(cr, x + (a + .5) * m, y + b * m);
			} else {
				cairo_move_to(cr, x + b0 * m, y + (a + .5) * m);
				cairo_line_to(cr, x + b * m, y + (a + .5) * m);
			}
		}
	set_color(cr, 0x000000);
	cairo_set_line_width(cr, m);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_stroke(cr);
}

/* Draws the glyphs gathered by add_run. */
static void
flush_runs(struct layout_ctx *ctx, cairo_t *cr)
{
	if (ctx->ng == 0)
		return;
	cairo_set_scaled_font(cr, ctx_font(ctx, ctx->bfont));
	set_color(cr, ctx->bcolor);
	cairo_show_text_glyphs(cr, ctx->btext, (int)ctx->btlen, ctx->gl,
	    (int)ctx->ng, ctx->cl, (int)ctx->nc, 0);
	ctx->ng = ctx->nc = 0;
	ctx->btlen = 0;
}

/*
 * Gathers a run to draw with its baseline at y. Consecutive runs of one
 * font and colour whose texts follow each other (a paragraph's lines)
 * become one Cairo call: Cairo's cost per call is high.
 */
static void
add_run(struct layout_ctx *ctx, cairo_t *cr, const struct layout_block *b,
    const struct lrun *r, double x, double y)
{
	const char *text = b->text.data + r->t0;
	uint32_t i;

	if (ctx->ng > 0 && (ctx->bfont != r->font || ctx->bcolor != r->color ||
	    ctx->btext + ctx->btlen != text))
		flush_runs(ctx, cr);
	if (ctx->ng + r->ng > ctx->glcap) {
		ctx->glcap = (ctx->ng + r->ng) * 2;
		ctx->gl = xrealloc(ctx->gl, ctx->glcap * sizeof(*ctx->gl));
	}
	if (ctx->nc + r->nc > ctx->clcap) {
		ctx->clcap = (ctx->nc + r->nc) * 2;
		ctx->cl = xrealloc(ctx->cl, ctx->clcap * sizeof(*ctx->cl));
	}
	if (ctx->ng == 0) {
		ctx->bfont = r->font;
		ctx->bcolor = r->color;
		ctx->btext = text;
	}
	for (i = 0; i < r->ng; i++) {
		ctx->gl[ctx->ng].index = b->glyphs[r->g0 + i].id;
		ctx->gl[ctx->ng].x = x + r->x + b->glyphs[r->g0 + i].x;
		ctx->gl[ctx->ng++].y = y + b->glyphs[r->g0 + i].y;
	}
	for (i = 0; i < r->nc; i++) {
		ctx->cl[ctx->nc].num_bytes = b->clus[r->c0 + i].bytes;
		ctx->cl[ctx->nc++].num_glyphs = b->clus[r->c0 + i].glyphs;
	}
	ctx->btlen += r->tlen;
}

/* A cairo tag attribute string: 'value' with ' and \ escaped. */
static void
tag_quote(struct buf *out, const char *key, const char *v)
{
	buf_printf(out, "%s='", key);
	for (; *v != '\0'; v++) {
		if (*v == '\'' || *v == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *v);
	}
	buf_putc(out, '\'');
}

static void
draw_link(cairo_t *cr, const char *target, double x, double y, double w,
    double h)
{
	struct buf a = {0};

	if (target[0] == '#')
		tag_quote(&a, "dest", target + 1);
	else
		tag_quote(&a, "uri", target);
	buf_printf(&a, " rect=[%.2f %.2f %.2f %.2f]", x, y, w, h);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, a.data);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	buf_dispose(&a);
}

static void
draw_dest(cairo_t *cr, const char *name, double x, double y)
{
	struct buf a = {0};

	tag_quote(&a, "name", name);
	buf_printf(&a, " x=%.2f y=%.2f", x, y);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, a.data);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	buf_dispose(&a);
}

static double draw_string(struct layout_ctx *, cairo_t *,
	    const struct layout_style *, const char *, double, double);
static int doc_page_of(const struct layout_doc *, const char *);

/* A page reference: dot leaders, then prefix and number flush right. */
static void
draw_ref(struct layout_ctx *ctx, cairo_t *cr, const struct layout_doc *doc,
    const struct layout_block *b, const struct lelem *e, double x,
    double base)
{
	struct layout_style st;
	struct buf s = {0};
	const double step = 4.0, dash[2] = {0, step};
	double	 w, d, end;
	int	 page = doc != NULL ? doc_page_of(doc, str_at(b, e->s1)) : 0;

	memset(&st, 0, sizeof(st));
	st.size = e->size;
	st.flags = (e->flags & ~(unsigned)LAYOUT_CENTER) | LAYOUT_TNUM |
	    LAYOUT_RIGHT;
	st.color = e->color;
	if (page > 0)
		buf_printf(&s, "%s%d", str_at(b, e->s2), page);
	else
		buf_printf(&s, "%s?", str_at(b, e->s2));
	w = draw_string(ctx, cr, &st, s.data, x + e->w, base);
	if (e->leaders) {
		/*
		 * Dots on a grid, so that they line up from row to row: one
		 * dashed segment with round caps on zero-length dashes (a
		 * circle per dot would cost Cairo 26 numbers each).
		 */
		d = ceil((e->x + 2) / step) * step;
		end = floor((e->w - w - 3) / step) * step;
		if (end >= d) {
			cairo_save(cr);
			set_color(cr, 0x8a939e);
			cairo_set_line_width(cr, 1.1);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
			cairo_set_dash(cr, dash, 2, 0);
			cairo_move_to(cr, x + d, base - 0.7);
			cairo_line_to(cr, x + end + 0.01, base - 0.7);
			cairo_stroke(cr);
			cairo_restore(cr);
		}
	}
	buf_dispose(&s);
}

/*
 * Draws rows [r0, r1) of b with the top of r0 at (x, y): graphics
 * first, then text in structure tags (one per paragraph piece), with
 * its links, destinations and page references.
 */
static void
draw_rows(struct layout_ctx *ctx, cairo_t *cr, const struct layout_doc *doc,
    const struct layout_block *b, size_t r0, size_t r1, double x, double y)
{
	const struct lrow *r;
	const struct lelem *e;
	size_t	 i, k, e0, ei;
	double	 top;
	int	 open = -1;

	/* The first element of row r0 (elements are sorted by row). */
	for (e0 = 0, k = b->nelems; e0 < k; ) {
		i = (e0 + k) / 2;
		if (b->elems[i].row < r0)
			e0 = i + 1;
		else
			k = i;
	}
	top = y;
	for (i = r0, ei = e0; i < r1; top += b->rows[i].h, i++)
		for (; ei < b->nelems && b->elems[ei].row == i; ei++) {
			e = &b->elems[ei];
			if (e->kind == EL_RECT || e->kind == EL_BAR)
				layout_fill(cr, x + e->x,
				    top + e->y, e->w, e->h, e->color);
			else if (e->kind == EL_QR)
				draw_qr(cr, (const unsigned char *)
				    str_at(b, e->s1), (int)e->flags, x + e->x,
				    top + e->y, e->w);
		}
	top = y;
	for (i = r0, ei = e0; i < r1; top += b->rows[i].h, i++) {
		r = &b->rows[i];
		if (r->para != open && r->nruns > 0) {
			flush_runs(ctx, cr);
			if (open >= 0)
				cairo_tag_end(cr, str_at(b, b->paras[open]));
			open = r->para;
			if (open >= 0)
				cairo_tag_begin(cr, str_at(b, b->paras[open]),
				    NULL);
		}
		for (k = r->run0; k < r->run0 + r->nruns; k++)
			add_run(ctx, cr, b, &b->runs[k], x + r->x,
			    top + r->base);
		for (; ei < b->nelems && b->elems[ei].row == i; ei++) {
			e = &b->elems[ei];
			switch (e->kind) {
			case EL_LINK:
				if (open >= 0)
					draw_link(cr, str_at(b, e->s1),
					    x + r->x + e->x, top + e->y,
					    e->w, e->h);
				break;
			case EL_ANCHOR:
				draw_dest(cr, str_at(b, e->s1), x, top);
				break;
			case EL_REF:
				flush_runs(ctx, cr);
				draw_ref(ctx, cr, doc, b, e, x + r->x,
				    top + r->base);
				break;
			default:
				break;
			}
		}
	}
	flush_runs(ctx, cr);
	if (open >= 0)
		cairo_tag_end(cr, str_at(b, b->paras[open]));
}

void
layout_block_draw(struct layout_ctx *ctx, cairo_t *cr,
    const struct layout_block *b, double x, double y)
{
	draw_rows(ctx, cr, NULL, b, 0, b->nrows, x, y);
}

/*
 * One line of text with its baseline at y: starting at x, or centred on
 * it (LAYOUT_CENTER), or ending at it (LAYOUT_RIGHT). Returns its width.
 * Headers, footers, page numbers.
 */
static double
draw_string(struct layout_ctx *ctx, cairo_t *cr,
    const struct layout_style *st, const char *s, double x, double y)
{
	struct layout_style ls = *st;
	struct layout_text t;
	PangoLayout *pl;
	PangoRectangle log;
	double	 w;

	ls.flags &= ~(unsigned)(LAYOUT_CENTER | LAYOUT_RIGHT);
	layout_text_init(&t);
	layout_text_puts(&t, 0, s);
	layout_text_french(&t, NULL, 0);
	pl = make_layout(ctx, &ls, &t, 0);
	pango_layout_get_extents(pl, NULL, &log);
	w = (double)log.width / PANGO_SCALE;
	if (st->flags & LAYOUT_RIGHT)
		x -= w;
	else if (st->flags & LAYOUT_CENTER)
		x -= w / 2;
	set_color(cr, st->color);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(pl,
	    0));
	cairo_new_path(cr);
	g_object_unref(pl);
	layout_text_free(&t);
	return w;
}

double
layout_draw_line(struct layout_ctx *ctx, cairo_t *cr,
    const struct layout_style *st, const char *s, double x, double y)
{
	return draw_string(ctx, cr, st, s, x, y);
}

/* --- Documents: the flow ------------------------------------------------- */

struct dsection {
	int		 cols;
	int		 style;
	char		*mark;
	struct layout_block *span;
	int		 flow;		/* continues on the page when room */
};

struct ditem {
	struct layout_block *blk;
	int		 section;
};

struct dplace {
	const struct layout_block *blk;
	int		 page, col;
	double		 x, y;
	size_t		 row0, nrows;
};

struct dpage {
	int		 section;
	size_t		 place0, nplace;
	int		 fresh;		/* a section starts on a new page here */
};

struct doutline {
	int		 level;
	char		*title;
	char		*dest;
};

struct danchor {
	int		 page;
	double		 x, y;
};

struct layout_doc {
	struct layout_geom geom;
	struct dsection	*secs;
	size_t		 nsecs, seccap;
	struct ditem	*items;
	size_t		 nitems, itemcap;
	struct doutline	*outl;
	size_t		 noutl, outlcap;
	/* Pagination. */
	struct dplace	*places;
	size_t		 nplaces, placecap;
	struct dpage	*pages;
	size_t		 npages, pagecap;
	struct strmap	 anchors;	/* name → index in anch */
	struct danchor	*anch;
	size_t		 nanch, anchcap;
	int		 paginated;
};

double
layout_geom_colwidth(const struct layout_geom *g, int cols)
{
	double	 w = g->w - g->left - g->right;

	if (cols < 1)
		cols = 1;
	return (w - (cols - 1) * g->gap) / cols;
}

struct layout_doc *
layout_doc_new(const struct layout_geom *g)
{
	struct layout_doc *d = xcalloc(1, sizeof(*d));

	d->geom = *g;
	strmap_init(&d->anchors, 64);
	return d;
}

void
layout_doc_free(struct layout_doc *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsecs; i++) {
		free(d->secs[i].mark);
		layout_block_unref(d->secs[i].span);
	}
	for (i = 0; i < d->nitems; i++)
		layout_block_unref(d->items[i].blk);
	for (i = 0; i < d->noutl; i++) {
		free(d->outl[i].title);
		free(d->outl[i].dest);
	}
	free(d->secs);
	free(d->items);
	free(d->outl);
	free(d->places);
	free(d->pages);
	free(d->anch);
	strmap_free(&d->anchors);
	free(d);
}

void
layout_doc_section(struct layout_doc *d, int cols, int style,
    const char *mark, struct layout_block *span)
{
	struct dsection *s;

	GROW(d->secs, d->nsecs, d->seccap);
	s = &d->secs[d->nsecs++];
	s->cols = cols < 1 ? 1 : cols;
	s->style = style;
	if (mark != NULL)
		s->mark = xstrdup(mark);
	else if (d->nsecs > 1 && d->secs[d->nsecs - 2].mark != NULL)
		s->mark = xstrdup(d->secs[d->nsecs - 2].mark);
	else
		s->mark = NULL;
	s->span = span != NULL ? layout_block_ref(span) : NULL;
	s->flow = 0;
}

void
layout_doc_section_flow(struct layout_doc *d, int cols, int style,
    const char *mark, struct layout_block *span)
{
	layout_doc_section(d, cols, style, mark, span);
	d->secs[d->nsecs - 1].flow = 1;
}

void
layout_doc_add(struct layout_doc *d, struct layout_block *b)
{
	if (d->nsecs == 0)
		layout_doc_section(d, 1, 0, NULL, NULL);
	GROW(d->items, d->nitems, d->itemcap);
	d->items[d->nitems].blk = layout_block_ref(b);
	d->items[d->nitems++].section = (int)d->nsecs - 1;
}

void
layout_doc_outline(struct layout_doc *d, int level, const char *title,
    const char *dest)
{
	GROW(d->outl, d->noutl, d->outlcap);
	d->outl[d->noutl].level = level;
	d->outl[d->noutl].title = xstrdup(title);
	d->outl[d->noutl++].dest = xstrdup(dest);
}

/* --- Documents: pagination ----------------------------------------------- */

struct pagin {
	struct layout_doc *d;
	int		 sec;
	int		 cols;
	int		 col;
	double		 cw;		/* column width */
	double		 coltop;	/* top of the columns on this page */
	double		 y, bottom;
	double		 fullh;		/* height of a whole column */
	int		 empty;		/* nothing but glue in the column */
	int		 trial;		/* balancing: forced breaks fail */
	int		 failed;
	int		 glued;		/* a keep-with-next block just ended */
	size_t		 region0;	/* first place of the columns in use */
};

static void
new_page(struct pagin *p, int sec, int first)
{
	struct layout_doc *d = p->d;
	const struct dsection *s = &d->secs[sec];
	struct dplace *pl;

	GROW(d->pages, d->npages, d->pagecap);
	d->pages[d->npages].section = sec;
	d->pages[d->npages].place0 = d->nplaces;
	d->pages[d->npages].nplace = 0;
	d->pages[d->npages].fresh = first;
	d->npages++;
	p->sec = sec;
	p->cols = s->cols;
	p->col = 0;
	p->cw = layout_geom_colwidth(&d->geom, s->cols);
	p->coltop = d->geom.top;
	p->bottom = d->geom.h - d->geom.bottom;
	p->fullh = p->bottom - p->coltop;
	if (first && s->span != NULL && s->span->nrows > 0) {
		GROW(d->places, d->nplaces, d->placecap);
		pl = &d->places[d->nplaces++];
		pl->blk = s->span;
		pl->page = (int)d->npages - 1;
		pl->col = -1;
		pl->x = d->geom.left;
		pl->y = d->geom.top;
		pl->row0 = 0;
		pl->nrows = s->span->nrows;
		d->pages[d->npages - 1].nplace++;
		p->coltop += s->span->height;
	}
	p->region0 = d->nplaces;
	p->y = p->coltop;
	p->empty = 1;
}

/*
 * Whether a column may be left for the next one: it holds something, or
 * it is shorter than a page's column (below a heading across the page),
 * so that what does not fit there finds room on the next page rather
 * than being split.
 */
static int
movable(const struct pagin *p)
{
	return !p->empty || p->coltop > p->d->geom.top + EPS;
}

static void
next_col(struct pagin *p)
{
	/* A trial may not part a heading from what follows it. */
	if (p->trial && p->glued)
		p->failed = 1;
	if (p->col + 1 < p->cols) {
		p->col++;
		p->y = p->coltop;
		p->empty = 1;
	} else
		new_page(p, p->sec, 0);
}

/* Places rows [r0, r1) of b at the cursor. */
static void
place(struct pagin *p, const struct layout_block *b, size_t r0, size_t r1)
{
	struct layout_doc *d = p->d;
	struct dplace *pl;
	size_t	 i;

	if (r0 >= r1)
		return;
	pl = d->nplaces > 0 ? &d->places[d->nplaces - 1] : NULL;
	if (pl == NULL || pl->blk != b || pl->page != (int)d->npages - 1 ||
	    pl->col != p->col || pl->row0 + pl->nrows != r0) {
		GROW(d->places, d->nplaces, d->placecap);
		pl = &d->places[d->nplaces++];
		pl->blk = b;
		pl->page = (int)d->npages - 1;
		pl->col = p->col;
		pl->x = d->geom.left + p->col * (p->cw + d->geom.gap);
		pl->y = p->y;
		pl->row0 = r0;
		pl->nrows = 0;
		d->pages[d->npages - 1].nplace++;
	}
	pl->nrows += r1 - r0;
	p->glued = 0;
	for (i = r0; i < r1; i++) {
		p->y += b->rows[i].h;
		if (!b->rows[i].glue)
			p->empty = 0;
	}
}

/* The end of the unbreakable chunk that starts at row i. */
static size_t
chunk_end(const struct layout_block *b, size_t i)
{
	for (i++; i < b->nrows && b->rows[i].brk; i++)
		;
	return i;
}

/* Height of b without its leading glue. */
static double
net_height(const struct layout_block *b)
{
	double	 h = b->height;
	size_t	 i;

	for (i = 0; i < b->nrows && b->rows[i].glue; i++)
		h -= b->rows[i].h;
	return h;
}

/* Height of what must follow a keep-with-next block: b's first chunk
 * (all of b when it is kept together and fits a column), with the space
 * before it. */
static double
head_height(const struct layout_block *b, double colh)
{
	size_t	 i = 0;

	if (b->keep && net_height(b) <= colh)
		return b->height;
	while (i < b->nrows && b->rows[i].glue)
		i++;
	if (i >= b->nrows)
		return 0;
	return rows_height(b, 0, chunk_end(b, i));
}

/*
 * The height of what must follow item i, a keep-with-next block, in the
 * same column: the next items while they keep with the next too, then
 * the first chunk of the one after (all of it when kept together).
 * Negative when nothing follows.
 */
static double
follow_height(const struct layout_doc *d, size_t i, size_t end,
    double colh)
{
	double	 h = 0;
	size_t	 j;

	if (i + 1 >= end)
		return -1;
	for (j = i + 1; j < end && d->items[j].blk->keep_next; j++)
		h += d->items[j].blk->height;
	if (j < end)
		h += head_height(d->items[j].blk, colh);
	return h;
}

/*
 * Places the rows of b from row `from` on: a kept block moves to the
 * next column when it does not fit but would fit a whole one, a
 * keep-with-next block when what must follow it would not fit, and
 * chunks (rows glued by their break rules) are never split unless
 * taller than a column.
 */
static void
paginate_block(struct pagin *p, const struct layout_block *b,
    double follow, size_t from)
{
	double	 colh = p->fullh, need, h;
	size_t	 i, j, k;

	/* Leading space counts, except at the top of a column. */
	if (from == 0 && b->keep && net_height(b) <= colh) {
		while (movable(p) && p->y + (p->empty ? net_height(b) :
		    b->height) > p->bottom + EPS && !p->failed)
			next_col(p);
		/* A trial's short columns may not split a kept block. */
		need = p->empty ? net_height(b) : b->height;
		if (p->trial && p->y + need > p->bottom + EPS) {
			p->failed = 1;
			return;
		}
	}
	if (from == 0 && b->keep_next && follow >= 0) {
		need = (p->empty ? net_height(b) : b->height) + follow;
		if (need <= colh && p->y + need > p->bottom + EPS) {
			if (p->trial && !movable(p))
				p->failed = 1;
			if (movable(p))
				next_col(p);
		}
	}
	for (i = from; i < b->nrows; ) {
		if (p->empty) {
			while (i < b->nrows && b->rows[i].glue &&
			    !b->rows[i].brk)
				i++;
			if (i >= b->nrows)
				break;
		}
		j = chunk_end(b, i);
		h = rows_height(b, i, j);
		if (p->y + h <= p->bottom + EPS) {
			place(p, b, i, j);
			i = j;
			continue;
		}
		if (movable(p)) {
			next_col(p);
			continue;
		}
		if (p->trial && (h <= colh + EPS || (b->keep &&
		    net_height(b) <= colh + EPS))) {
			p->failed = 1;
			return;
		}
		/* Taller than a whole column: break where it is full. */
		for (k = i; k < j && p->y + b->rows[k].h <= p->bottom + EPS;
		    k++)
			place(p, b, k, k + 1);
		if (k == i)
			place(p, b, i, ++k);
		i = k;
		if (i < b->nrows)
			next_col(p);
	}
	p->glued = b->keep_next && follow >= 0;
}

/*
 * One balancing trial: the content of the last page's columns (items
 * [start, end), the first from row row0) placed again from the top of
 * the first column with columns h high. Returns whether it fits on the
 * page; the state is left as the trial ended.
 */
static int
try_columns(struct pagin *p, const struct pagin *save, size_t place0,
    size_t start, size_t end, size_t row0, double h)
{
	struct layout_doc *d = p->d;
	size_t	 npages = d->npages, i;

	*p = *save;
	d->nplaces = place0;
	d->pages[npages - 1].nplace = place0 - d->pages[npages - 1].place0;
	p->col = 0;
	p->y = p->coltop;
	p->empty = 1;
	p->bottom = p->coltop + h;
	p->trial = 1;
	p->failed = 0;
	p->glued = 0;
	for (i = start; i < end && !p->failed; i++)
		paginate_block(p, d->items[i].blk, follow_height(d, i, end,
		    p->fullh), i == start ? row0 : 0);
	p->trial = 0;
	if (d->npages != npages) {
		d->npages = npages;
		return 0;
	}
	return !p->failed;
}

/*
 * The last page of a section with several columns: the smallest column
 * height that holds the same content in its columns, by bisection, so
 * that the columns end level (the rules of paginate_block hold in each
 * trial: kept blocks whole, headings with what follows).
 */
static void
balance_last_page(struct pagin *p, size_t first, size_t end)
{
	struct layout_doc *d = p->d;
	const struct dpage *pg = &d->pages[d->npages - 1];
	struct pagin save;
	size_t	 k, j, place0;
	double	 lo, hi, full;
	int	 n;

	if (p->cols < 2 || (p->col == 0 && p->empty))
		return;
	for (k = pg->place0 > p->region0 ? pg->place0 : p->region0;
	    k < pg->place0 + pg->nplace && d->places[k].col < 0; k++)
		;
	if (k == pg->place0 + pg->nplace)
		return;
	for (j = end; j > first; j--)
		if (d->items[j - 1].blk == d->places[k].blk)
			break;
	if (j == first)
		return;
	place0 = k;
	save = *p;
	full = p->bottom - p->coltop;
	hi = p->col == 0 ? p->y - p->coltop + 2 * EPS : full;
	lo = 0;
	for (n = 0; n < 16 && hi - lo > 0.5; n++) {
		if (try_columns(p, &save, place0, j - 1, end,
		    d->places[place0].row0, (lo + hi) / 2))
			hi = (lo + hi) / 2;
		else
			lo = (lo + hi) / 2;
	}
	if (!try_columns(p, &save, place0, j - 1, end,
	    save.d->places[place0].row0, hi))
		try_columns(p, &save, place0, j - 1, end,
		    d->places[place0].row0, full);
}

/* Registers the destinations of the placed rows. */
static void
collect_anchors(struct layout_doc *d)
{
	const struct dplace *pl;
	const struct layout_block *b;
	const struct lelem *e;
	size_t	 i, k, r;
	double	 y;

	for (i = 0; i < d->nplaces; i++) {
		pl = &d->places[i];
		b = pl->blk;
		for (k = 0; k < b->nelems; k++) {
			e = &b->elems[k];
			if (e->kind != EL_ANCHOR || e->row < pl->row0 ||
			    e->row >= pl->row0 + pl->nrows)
				continue;
			y = pl->y;
			for (r = pl->row0; r < e->row; r++)
				y += b->rows[r].h;
			GROW(d->anch, d->nanch, d->anchcap);
			d->anch[d->nanch].page = pl->page;
			d->anch[d->nanch].x = pl->x;
			d->anch[d->nanch].y = y;
			if (strmap_put(&d->anchors, str_at(b, e->s1),
			    (int)d->nanch) != -1)
				d->nanch++;
		}
	}
}

/* The lowest point of the content on the current page. */
static double
page_bottom(const struct layout_doc *d, int page)
{
	const struct dpage *pg = &d->pages[page];
	const struct dplace *pl;
	double	 y = d->geom.top, b;
	size_t	 k;

	for (k = pg->place0; k < pg->place0 + pg->nplace; k++) {
		pl = &d->places[k];
		b = pl->y + rows_height(pl->blk, pl->row0, pl->row0 +
		    pl->nrows);
		if (b > y)
			y = b;
	}
	return y;
}

int
layout_doc_paginate(struct layout_doc *d)
{
	struct pagin p;
	size_t	 i, first = 0, end;
	int	 sec, next;

	memset(&p, 0, sizeof(p));
	p.d = d;
	d->nplaces = d->npages = 0;
	for (sec = 0, i = 0; sec < (int)d->nsecs; sec++) {
		/* A flowing section continues the columns in use. */
		if (sec > 0 && d->secs[sec].flow && d->secs[sec].cols ==
		    p.cols && d->npages > 0)
			p.sec = sec;
		else {
			new_page(&p, sec, 1);
			first = i;
		}
		next = sec + 1 < (int)d->nsecs && d->secs[sec + 1].flow &&
		    d->secs[sec + 1].cols == d->secs[sec].cols;
		/* The items of this section and of those that continue it. */
		for (end = i; end < d->nitems && (d->items[end].section ==
		    sec || (next && d->items[end].section > sec &&
		    d->secs[d->items[end].section].flow)); end++)
			;
		for (; i < d->nitems && d->items[i].section == sec; i++)
			paginate_block(&p, d->items[i].blk, follow_height(d, i,
			    end, p.fullh), 0);
		if (!next)
			balance_last_page(&p, first, i);
	}
	collect_anchors(d);
	d->paginated = 1;
	return (int)d->npages;
}

static int
doc_page_of(const struct layout_doc *d, const char *dest)
{
	int	 i = strmap_get(&d->anchors, dest);

	return i < 0 ? 0 : d->anch[i].page + 1;
}

int
layout_doc_page_of(const struct layout_doc *d, const char *dest)
{
	return doc_page_of(d, dest);
}

double
layout_doc_page_fill(const struct layout_doc *d, int page,
    int *chapter_end)
{
	double	 h = d->geom.h - d->geom.bottom - d->geom.top;

	if (page < 0 || (size_t)page >= d->npages)
		return 0;
	if (chapter_end != NULL)
		*chapter_end = (size_t)page + 1 == d->npages ||
		    d->pages[page + 1].fresh;
	return h > 0 ? (page_bottom(d, page) - d->geom.top) / h : 0;
}

size_t
layout_doc_places(const struct layout_doc *d, const struct layout_block *b,
    struct layout_place *out, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->nplaces; i++) {
		if (d->places[i].blk != b)
			continue;
		if (n < max) {
			out[n].page = d->places[i].page;
			out[n].col = d->places[i].col;
			out[n].y = d->places[i].y;
			out[n].row0 = d->places[i].row0;
			out[n].nrows = d->places[i].nrows;
		}
		n++;
	}
	return n;
}

/* --- Documents: rendering ------------------------------------------------ */

static cairo_status_t
write_buf(void *arg, const unsigned char *data, unsigned int len)
{
	buf_put(arg, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* "2026-11-26T00:00:00Z" */
static void
iso_date(char out[32], long long epoch)
{
	long	 days = (long)(epoch >= 0 ? epoch / 86400 :
	    (epoch - 86399) / 86400);
	long long s = epoch - (long long)days * 86400;
	int	 y, m, dd;

	date_to_ymd(days, &y, &m, &dd);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, dd,
	    (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

static const char *
find_bytes(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle));
}

/* The last occurrence of needle in hay[0, n). */
static const char *
rfind_bytes(const char *hay, size_t n, const char *needle)
{
	size_t	 k = strlen(needle);
	const char *p;

	if (n < k)
		return NULL;
	for (p = hay + n - k; p >= hay; p--)
		if (memcmp(p, needle, k) == 0)
			return p;
	return NULL;
}

/* The offset of object num, from a classic cross-reference table. */
static long
pdf_obj_offset(const struct buf *pdf, long xref, long num)
{
	const char *p = pdf->data + xref;
	char	 hdr[48];
	long	 off;

	if ((size_t)xref + 20 > pdf->len || strncmp(p, "xref", 4) != 0 ||
	    (p = strchr(p + 4, '\n')) == NULL ||
	    (p = strchr(p + 1, '\n')) == NULL)
		return -1;
	p++;
	if ((size_t)(p - pdf->data) + (size_t)(num + 1) * 20 > pdf->len)
		return -1;
	off = strtol(p + num * 20, NULL, 10);
	snprintf(hdr, sizeof(hdr), "%ld 0 obj", num);
	if (off <= 0 || (size_t)off >= pdf->len ||
	    strncmp(pdf->data + off, hdr, strlen(hdr)) != 0)
		return -1;
	return off;
}

/* The dictionary of the object at off: from "<<" to "endobj". */
static int
pdf_obj_dict(const struct buf *pdf, long off, const char **dict,
    const char **end)
{
	const char *obj = pdf->data + off;

	if ((*end = find_bytes(obj, pdf->len - (size_t)off, "endobj")) ==
	    NULL || (*dict = find_bytes(obj, (size_t)(*end - obj), "<<")) ==
	    NULL)
		return -1;
	return 0;
}

/* A date string of the Info dictionary, with the "D:" prefix. */
static void
put_info(struct buf *add, const char *p, const char *end)
{
	const char *q;

	while (p < end) {
		q = find_bytes(p, (size_t)(end - p), "Date (");
		if (q == NULL) {
			buf_put(add, p, (size_t)(end - p));
			break;
		}
		q += 6;
		buf_put(add, p, (size_t)(q - p));
		if (q < end && *q != 'D')
			buf_puts(add, "D:");
		p = q;
	}
}

/*
 * Cairo 1.16 cannot set the document language and writes its dates
 * without the "D:" prefix the PDF format requires: both are mended with
 * an incremental update (new versions of the catalog and of the Info
 * dictionary, a cross-reference section and a trailer pointing to the
 * previous one), the way PDF editors amend a file.
 */
static int
pdf_amend(struct buf *pdf, const char *lang)
{
	const char *sx, *tr, *ts, *te, *p, *dict, *end;
	long	 xref, root, info = -1, off;
	size_t	 catoff, infooff = 0, xoff;
	struct buf add = {0};

	if ((sx = rfind_bytes(pdf->data, pdf->len, "startxref")) == NULL ||
	    (xref = strtol(sx + 9, NULL, 10)) <= 0 ||
	    (tr = rfind_bytes(pdf->data, (size_t)(sx - pdf->data),
	    "trailer")) == NULL ||
	    (ts = find_bytes(tr, (size_t)(sx - tr), "<<")) == NULL ||
	    (te = rfind_bytes(ts, (size_t)(sx - ts), ">>")) == NULL ||
	    (p = find_bytes(ts, (size_t)(te - ts), "/Root")) == NULL ||
	    (root = strtol(p + 5, NULL, 10)) <= 0)
		return -1;
	if ((p = find_bytes(ts, (size_t)(te - ts), "/Info")) != NULL)
		info = strtol(p + 5, NULL, 10);
	if ((off = pdf_obj_offset(pdf, xref, root)) == -1 ||
	    pdf_obj_dict(pdf, off, &dict, &end) == -1)
		return -1;
	catoff = pdf->len;
	buf_printf(&add, "%ld 0 obj\n<< /Lang (%s)", root, lang);
	buf_put(&add, dict + 2, (size_t)(end - dict - 2));
	buf_puts(&add, "endobj\n");
	if (info > 0 && (off = pdf_obj_offset(pdf, xref, info)) != -1 &&
	    pdf_obj_dict(pdf, off, &dict, &end) == 0) {
		infooff = pdf->len + add.len;
		buf_printf(&add, "%ld 0 obj\n", info);
		put_info(&add, dict, end);
		buf_puts(&add, "endobj\n");
	}
	xoff = pdf->len + add.len;
	buf_printf(&add, "xref\n0 1\n0000000000 65535 f \n%ld 1\n%010zu "
	    "00000 n \n", root, catoff);
	if (infooff > 0)
		buf_printf(&add, "%ld 1\n%010zu 00000 n \n", info, infooff);
	buf_puts(&add, "trailer\n<<");
	buf_put(&add, ts + 2, (size_t)(te - ts - 2));
	buf_printf(&add, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", xref,
	    xoff);
	buf_put(pdf, add.data, add.len);
	buf_dispose(&add);
	return 0;
}

int
layout_doc_render(struct layout_ctx *ctx, struct layout_doc *d,
    const struct layout_meta *m, layout_decorate_fn *decorate, void *arg,
    struct buf *out, struct buf *err)
{
	cairo_surface_t *sf;
	cairo_t	*cr;
	cairo_status_t st;
	const struct dpage *pg;
	const struct dplace *pl;
	struct layout_page info;
	struct buf a = {0};
	char	 date[32];
	size_t	 i, k;
	int	 ids[3] = {0, 0, 0}, lvl, id;

	if (!d->paginated)
		layout_doc_paginate(d);
	sf = cairo_pdf_surface_create_for_stream(write_buf, out, d->geom.w,
	    d->geom.h);
	if (m != NULL) {
		iso_date(date, m->epoch);
		if (m->title)
			cairo_pdf_surface_set_metadata(sf,
			    CAIRO_PDF_METADATA_TITLE, m->title);
		if (m->author)
			cairo_pdf_surface_set_metadata(sf,
			    CAIRO_PDF_METADATA_AUTHOR, m->author);
		if (m->subject)
			cairo_pdf_surface_set_metadata(sf,
			    CAIRO_PDF_METADATA_SUBJECT, m->subject);
		if (m->keywords)
			cairo_pdf_surface_set_metadata(sf,
			    CAIRO_PDF_METADATA_KEYWORDS, m->keywords);
		if (m->creator)
			cairo_pdf_surface_set_metadata(sf,
			    CAIRO_PDF_METADATA_CREATOR, m->creator);
		/* Cairo ignores SOURCE_DATE_EPOCH: both dates, always. */
		cairo_pdf_surface_set_metadata(sf,
		    CAIRO_PDF_METADATA_CREATE_DATE, date);
		cairo_pdf_surface_set_metadata(sf,
		    CAIRO_PDF_METADATA_MOD_DATE, date);
	}
	cr = cairo_create(sf);
	cairo_tag_begin(cr, "Document", NULL);
	for (i = 0; i < d->npages; i++) {
		pg = &d->pages[i];
		memset(&info, 0, sizeof(info));
		info.no = (int)i + 1;
		info.count = (int)d->npages;
		info.style = d->secs[pg->section].style;
		info.mark = d->secs[pg->section].mark ?
		    d->secs[pg->section].mark : "";
		info.geom = &d->geom;
		if (decorate != NULL) {
			cairo_save(cr);
			decorate(ctx, cr, &info, arg);
			cairo_restore(cr);
		}
		for (k = pg->place0; k < pg->place0 + pg->nplace; k++) {
			pl = &d->places[k];
			draw_rows(ctx, cr, d, pl->blk, pl->row0,
			    pl->row0 + pl->nrows, pl->x, pl->y);
		}
		cairo_show_page(cr);
	}
	cairo_tag_end(cr, "Document");
	for (i = 0; i < d->noutl; i++) {
		lvl = d->outl[i].level < 1 ? 1 : d->outl[i].level > 2 ? 2 :
		    d->outl[i].level;
		buf_reset(&a);
		tag_quote(&a, "dest", d->outl[i].dest);
		id = cairo_pdf_surface_add_outline(sf, ids[lvl - 1],
		    d->outl[i].title, a.data, 0);
		ids[lvl] = id;
	}
	buf_dispose(&a);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_printf(err, "Cairo : %s", cairo_status_to_string(st));
		return -1;
	}
	if (m != NULL && pdf_amend(out, m->lang ? m->lang : "fr") == -1) {
		buf_puts(err, "langue et dates du document : PDF de Cairo "
		    "inattendu");
		return -1;
	}
	return 0;
}

/*
 * One page as a PNG image px pixels wide, drawn by the same code as the
 * PDF on a white background (a flyer shared on a web page or a social
 * post). Cairo's PNG writer stores no date: the bytes depend on the
 * content only.
 */
int
layout_doc_render_png(struct layout_ctx *ctx, struct layout_doc *d,
    int page, layout_decorate_fn *decorate, void *arg, int px,
    struct buf *out, struct buf *err)
{
	cairo_surface_t *sf;
	cairo_t	*cr;
	cairo_status_t st;
	const struct dpage *pg;
	const struct dplace *pl;
	struct layout_page info;
	double	 scale;
	size_t	 k;
	int	 h;

	if (!d->paginated)
		layout_doc_paginate(d);
	if (page < 0 || (size_t)page >= d->npages || px < 1) {
		buf_puts(err, "page absente du document");
		return -1;
	}
	scale = px / d->geom.w;
	h = (int)lround(d->geom.h * scale);
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px, h);
	cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	pg = &d->pages[page];
	memset(&info, 0, sizeof(info));
	info.no = page + 1;
	info.count = (int)d->npages;
	info.style = d->secs[pg->section].style;
	info.mark = d->secs[pg->section].mark ? d->secs[pg->section].mark : "";
	info.geom = &d->geom;
	if (decorate != NULL) {
		cairo_save(cr);
		decorate(ctx, cr, &info, arg);
		cairo_restore(cr);
	}
	for (k = pg->place0; k < pg->place0 + pg->nplace; k++) {
		pl = &d->places[k];
		draw_rows(ctx, cr, d, pl->blk, pl->row0, pl->row0 + pl->nrows,
		    pl->x, pl->y);
	}
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(sf, write_buf, out);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_printf(err, "Cairo (PNG) : %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
