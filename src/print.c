/*
 * print.c: what the printed outputs share (print.h): set-up, the pieces
 * of a printed sheet, the Markdown walker and the directories' sheet.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "build.h"
#include "hours.h"
#include "layout.h"
#include "md.h"
#include "model.h"
#include "pool.h"
#include "print.h"
#include "util.h"

#ifndef MAILLAGE_VERSION
#define MAILLAGE_VERSION "0.0.0"
#endif

/* --- Set-up -------------------------------------------------------------- */

uint32_t
print_color(const struct model *m)
{
	const char *c = m->site.couleur;

	if (c == NULL || c[0] != '#' || strlen(c) != 7)
		return PRINT_C_DEFAULT;
	return (uint32_t)strtoul(c + 1, NULL, 16);
}

int
print_env_new(struct layout_env **out, const struct build *b,
    const char *what, int warn)
{
	struct buf err = {0}, w = {0};

	*out = layout_env_new(b->fonts_dir, PRINT_HYPH_DICT, PRINT_FAMILY,
	    &err, &w);
	if (*out == NULL)
		fprintf(stderr, "maillage : %s : %s\n", what, err.data);
	else if (warn && w.len > 0 && !b->quiet)
		fprintf(stderr, "maillage : avertissement : %s\n", w.data);
	buf_dispose(&err);
	buf_dispose(&w);
	return *out == NULL ? -1 : 0;
}

char *
print_edition(const struct model *m)
{
	struct buf d = {0};

	date_french(&d, m->today);
	return buf_detach(&d);
}

long long
print_epoch(const struct model *m)
{
	long long epoch;

	if (date_source_epoch(&epoch) != 0)
		epoch = (long long)m->today * 86400;
	return epoch;
}

void
print_meta(struct layout_meta *meta, const struct model *m,
    long long epoch, const char *title, const char *subject)
{
	memset(meta, 0, sizeof(*meta));
	meta->title = title;
	meta->author = m->site.editeur;
	meta->subject = subject;
	meta->creator = "maillage " MAILLAGE_VERSION;
	meta->lang = "fr";
	meta->epoch = epoch;
}

int
print_write_file(const char *path, const struct buf *data)
{
	if (util_write_file(path, data->data, data->len) == -1) {
		fprintf(stderr, "maillage : impossible d'écrire %s : %s\n",
		    path, util_strerror(errno));
		return -1;
	}
	return 0;
}

struct run {
	struct layout_env *env;
	const struct build *b;
	const char	*progress;
	size_t		 n;
	int		(*task)(void *, size_t, struct layout_ctx *);
	void		*arg;
	struct layout_ctx **ctx;	/* by worker, made by its thread */
	pthread_mutex_t	 lock;
	size_t		 done;		/* under lock */
	int		 rc;		/* under lock */
};

/* One job of the pool: a task never stops the others (each document is
 * reported on its own), so it always returns 0 to the pool. */
static int
run_job(void *arg, size_t worker, size_t i)
{
	struct run *r = arg;
	size_t	 done;
	int	 rc;

	if (r->ctx[worker] == NULL)
		r->ctx[worker] = layout_ctx_new(r->env);
	rc = r->task(r->arg, i, r->ctx[worker]);
	pthread_mutex_lock(&r->lock);
	if (rc > r->rc)
		r->rc = rc;
	done = ++r->done;
	pthread_mutex_unlock(&r->lock);
	build_progress(r->b, r->progress, done, r->n);
	return 0;
}

int
print_run(struct layout_env *env, const struct build *b,
    const char *progress, size_t n,
    int (*task)(void *, size_t, struct layout_ctx *), void *arg,
    int *threads)
{
	struct run r;
	size_t	 w, nw = pool_workers(n, b->jobs, 1);

	memset(&r, 0, sizeof(r));
	r.env = env;
	r.b = b;
	r.progress = progress;
	r.n = n;
	r.task = task;
	r.arg = arg;
	r.ctx = xcalloc(nw, sizeof(*r.ctx));
	pthread_mutex_init(&r.lock, NULL);
	pool_run(n, nw, 0, run_job, &r);
	for (w = 0; w < nw; w++)
		layout_ctx_free(r.ctx[w]);
	free(r.ctx);
	pthread_mutex_destroy(&r.lock);
	if (threads != NULL)
		*threads = (int)nw;
	return r.rc;
}

/* --- Pieces of a sheet --------------------------------------------------- */

int
print_for_public(const struct sheet *s)
{
	return s->orientation == 0 || (s->orientation & ORIENT_USAGERS);
}

void
print_sheet_label(struct buf *out, const struct sheet *s)
{
	buf_puts(out, s->nom);
	if (s->sigle != NULL && *s->sigle != '\0' && strstr(s->nom,
	    s->sigle) == NULL)
		buf_printf(out, " (%s)", s->sigle);
}

void
print_sheet_url(struct buf *out, const struct model *m,
    const struct sheet *s)
{
	buf_printf(out, "%sfiches/%s/", m->site.url, s->id);
}

void
print_url_display(struct buf *out, const char *url, int trim)
{
	size_t	 n;

	if (str_has_prefix(url, "https://"))
		url += 8;
	else if (str_has_prefix(url, "http://"))
		url += 7;
	else if (str_has_prefix(url, "mailto:"))
		url += 7;
	else if (str_has_prefix(url, "tel:"))
		url += 4;
	n = strlen(url);
	if (n > 1 && url[n - 1] == '/' && (trim ||
	    strchr(url, '/') == url + n - 1))
		n--;
	buf_put(out, url, n);
}

void
print_publics(struct buf *out, const struct model *m, const struct sheet *s)
{
	size_t	 i;

	for (i = 0; i < s->publics.n; i++)
		buf_printf(out, "%s%s", i ? ", " : "",
		    m->publics[s->publics.v[i]].nom);
}

void
print_acces(struct buf *out, const struct sheet *s, const char *lead)
{
	size_t	 i, n = 0;

	for (i = 0; i < MODEL_NACCES; i++)
		if (s->acces & (1u << i))
			buf_printf(out, "%s%s", n++ ? ", " : lead,
			    model_acces_labels[i]);
	if (n > 0)
		buf_puts(out, ". ");
}

void
print_frais(struct buf *out, const struct sheet *s)
{
	if (s->frais == FRAIS_GRATUIT)
		buf_puts(out, "Gratuit. ");
	else if (s->frais == FRAIS_PAYANT)
		buf_puts(out, "Payant. ");
}

void
print_place_address(struct buf *out, const struct model *m,
    const struct place *p, int with_commune)
{
	size_t	 start = out->len;

	if (p->adresse != NULL)
		buf_puts(out, p->adresse);
	if (p->code_postal != NULL || p->commune >= 0)
		buf_printf(out, "%s%s%s%s", out->len > start ? ", " : "",
		    p->code_postal ? p->code_postal : "",
		    p->code_postal && p->commune >= 0 ? " " : "",
		    p->commune >= 0 && with_commune ?
		    m->terr[p->commune].nom : "");
}

const struct closure *
print_closure(struct buf *out, const struct model *m, const struct sheet *s,
    const char *lead)
{
	const struct closure *cl;

	if ((cl = model_next_closure(m, s)) == NULL)
		return NULL;
	buf_printf(out, "%s du ", lead);
	date_french(out, cl->du);
	buf_puts(out, " au ");
	date_french(out, cl->au);
	return cl;
}

void
print_checked(struct buf *out, const struct sheet *s, const char *lead,
    const char *stale)
{
	buf_puts(out, lead);
	date_french(out, s->verifie_le);
	buf_puts(out, s->stale ? stale : ".");
}

void
print_link(struct layout_text *t, unsigned flags, const char *s,
    const char *url, uint32_t color)
{
	struct layout_attr a = {0};

	a.flags = flags | LAYOUT_COLOR;
	a.color = color;
	a.link = url;
	layout_text_put(t, &a, s, strlen(s));
}

void
print_labelled(struct layout_ctx *ctx, struct layout_block *blk,
    struct layout_text *t, const struct layout_style *st, double w,
    const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	layout_text_puts(t, LAYOUT_BOLD, label);
	layout_text_puts(t, 0, " : ");
	layout_text_puts(t, 0, value);
	layout_block_text(ctx, blk, st, t, w);
}

/* e-mail or site: coloured or plain link, never hyphenated. */
static void
contact_link(struct layout_text *t, const struct print_contact *pc,
    const char *s, const char *url)
{
	if (pc->colored)
		print_link(t, LAYOUT_NOHYPH, s, url, pc->link_color);
	else
		layout_text_link(t, LAYOUT_NOHYPH, s, url);
}

void
print_contact(struct layout_ctx *ctx, struct layout_block *blk,
    struct layout_text *t, const struct sheet *s,
    const struct print_contact *pc, double w)
{
	struct buf u = {0};

	if (s->telephone.display != NULL) {
		layout_text_link(t, pc->phone_flags, s->telephone.display,
		    s->telephone.uri);
		layout_block_text(ctx, blk, pc->phone, t, w);
	}
	if (s->email != NULL && pc->mail_web) {
		buf_printf(&u, "mailto:%s", s->email);
		contact_link(t, pc, s->email, u.data);
		layout_block_text(ctx, blk, pc->line, t, w);
	}
	if (s->site != NULL && pc->mail_web) {
		buf_reset(&u);
		print_url_display(&u, s->site, pc->trim);
		contact_link(t, pc, u.data, s->site);
		layout_block_text(ctx, blk, pc->line, t, w);
	}
	buf_dispose(&u);
}

void
print_sheet_qr(struct layout_block *blk, size_t from, const struct model *m,
    const struct sheet *s, double x, double side)
{
	struct layout_qr qr;
	struct buf u = {0};

	print_sheet_url(&u, m, s);
	if (layout_qr_encode(&qr, u.data) == 0) {
		layout_block_qr(blk, from, &qr, x, side, u.data);
		layout_qr_free(&qr);
	}
	buf_dispose(&u);
}

/* --- The Markdown walker ------------------------------------------------- */

/* The styles of a sheet's body. */
static const struct layout_style st_body = {
	.size = 9.5, .leading = 12.2, .after = 3, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE
};
static const struct layout_style st_bodyh = {
	.size = 9.8, .leading = 12.2, .before = 3, .after = 1.5,
	.color = PRINT_C_TEXT, .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT,
	.tag = "H4"
};

struct mdstate {
	struct layout_ctx *ctx;
	struct layout_block *blk;
	struct layout_text *t;
	const char	*page;		/* the sheet's URL: links' base */
	uint32_t	 link;		/* links' colour */
	double		 w;
	double		 indent;
	int		 quote;
	const char	*marker;	/* for the next paragraph */
	char		 num[16];
};

/* The inlines of a block node into the text. */
static void
md_inlines(struct mdstate *ms, cmark_node *parent)
{
	cmark_iter *it = cmark_iter_new(parent);
	cmark_event_type ev;
	cmark_node *n;
	unsigned flags = ms->quote ? LAYOUT_ITALIC : 0;
	const char *url = NULL, *lit;
	struct buf link = {0}, shown = {0};
	size_t	 linkstart = 0;
	int	 bold = 0, ital = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (n == parent)
			continue;
		flags = (ms->quote ? LAYOUT_ITALIC : 0) |
		    (bold ? LAYOUT_BOLD : 0) | (ital ? LAYOUT_ITALIC : 0);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(n);
			if (lit == NULL)
				break;
			if (url != NULL)
				print_link(ms->t, flags, lit, link.data,
				    ms->link);
			else
				layout_text_puts(ms->t, flags, lit);
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			layout_text_puts(ms->t, flags | LAYOUT_NOTYPO, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			layout_text_puts(ms->t, flags, " ");
			break;
		case CMARK_NODE_LINEBREAK:
			layout_text_puts(ms->t, flags, "\n");
			break;
		case CMARK_NODE_STRONG:
			bold += ev == CMARK_EVENT_ENTER ? 1 : -1;
			break;
		case CMARK_NODE_EMPH:
			ital += ev == CMARK_EVENT_ENTER ? 1 : -1;
			break;
		case CMARK_NODE_IMAGE:
			ital += ev == CMARK_EVENT_ENTER ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			if (ev == CMARK_EVENT_ENTER) {
				lit = cmark_node_get_url(n);
				buf_reset(&link);
				if (lit == NULL || !md_url_ok(lit) ||
				    lit[0] == '#' || lit[0] == '\0')
					break;
				/* As the browser does on the sheet's page. */
				util_url_resolve(&link, ms->page, lit);
				url = link.data;
				linkstart = ms->t->len;
				break;
			}
			if (url == NULL)
				break;
			/* On paper the address must be readable. */
			buf_reset(&shown);
			print_url_display(&shown, url, 0);
			if (!str_has_prefix(url, "tel:") &&
			    strstr(ms->t->s + linkstart, shown.data) == NULL) {
				layout_text_puts(ms->t, flags, " (");
				print_link(ms->t, flags | LAYOUT_NOHYPH,
				    shown.data, url, ms->link);
				layout_text_puts(ms->t, flags, ")");
			}
			url = NULL;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	buf_dispose(&link);
	buf_dispose(&shown);
}

/* A paragraph of the body at the current indent, with a pending marker. */
static void
md_para(struct mdstate *ms, cmark_node *n, const struct layout_style *base)
{
	struct layout_style st = *base;

	st.indent = ms->indent;
	if (ms->marker != NULL) {
		st.marker = ms->marker;
		st.hang = 9;
		ms->marker = NULL;
	}
	if (ms->quote) {
		st.flags |= LAYOUT_BAR;
		st.hang = 6;
	}
	md_inlines(ms, n);
	layout_block_text(ms->ctx, ms->blk, &st, ms->t, ms->w);
}

static void
md_block(struct mdstate *ms, cmark_node *n)
{
	cmark_node *c;
	struct layout_style st;
	int	 i, start;
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			md_block(ms, c);
		break;
	case CMARK_NODE_HEADING:
		st = st_bodyh;
		st.indent = ms->indent;
		md_inlines(ms, n);
		layout_block_text(ms->ctx, ms->blk, &st, ms->t, ms->w);
		break;
	case CMARK_NODE_PARAGRAPH:
		md_para(ms, n, &st_body);
		break;
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_literal(n);
		st = st_body;
		st.indent = ms->indent;
		st.flags = 0;
		layout_text_puts(ms->t, LAYOUT_NOTYPO, lit);
		while (ms->t->len > 0 && ms->t->s[ms->t->len - 1] == '\n')
			ms->t->s[--ms->t->len] = '\0';
		layout_block_text(ms->ctx, ms->blk, &st, ms->t, ms->w);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		ms->indent += 8;
		ms->quote++;
		for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			md_block(ms, c);
		ms->quote--;
		ms->indent -= 8;
		break;
	case CMARK_NODE_LIST:
		start = cmark_node_get_list_start(n);
		ms->indent += 9;
		for (i = 0, c = cmark_node_first_child(n); c;
		    c = cmark_node_next(c), i++) {
			if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
				snprintf(ms->num, sizeof(ms->num), "%d%c",
				    start + i, cmark_node_get_list_delim(n) ==
				    CMARK_PAREN_DELIM ? ')' : '.');
				ms->marker = ms->num;
			} else
				ms->marker = ms->indent > 20 ? "–" : "•";
			md_block(ms, c);
			ms->marker = NULL;
		}
		ms->indent -= 9;
		break;
	case CMARK_NODE_ITEM:
		for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			md_block(ms, c);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		layout_block_rule(ms->blk, ms->w - ms->indent, 0.4,
		    PRINT_C_LIGHT, 3, 4);
		break;
	default:
		break;
	}
}

void
print_markdown(struct layout_ctx *ctx, struct layout_block *blk,
    struct layout_text *t, double w, const char *page, uint32_t link_color,
    const char *body, size_t len)
{
	struct mdstate ms;
	cmark_node *doc;

	memset(&ms, 0, sizeof(ms));
	ms.ctx = ctx;
	ms.blk = blk;
	ms.t = t;
	ms.w = w;
	ms.page = page;
	ms.link = link_color;
	doc = md_parse(body, len);
	md_block(&ms, doc);
	cmark_node_free(doc);
}

/* --- A whole sheet ------------------------------------------------------- */

#define QR_SIDE		54.0
#define QR_GAP		8.0

/* The styles of a sheet; the name and the telephone take the accent. */
static const struct layout_style st_title = {
	.size = 11.5, .leading = 13.8, .after = 1, .color = PRINT_C_DEFAULT,
	.flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT, .tag = "H3"
};
static const struct layout_style st_meta = {
	.size = 8.6, .leading = 10.8, .after = 2.5, .color = PRINT_C_GREY
};
static const struct layout_style st_resume = {
	.size = 10, .leading = 12.8, .after = 3, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE | LAYOUT_ITALIC
};
static const struct layout_style st_small = {
	.size = 9.5, .leading = 12, .after = 1.5, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE
};
static const struct layout_style st_phone = {
	.size = 14, .leading = 17, .color = PRINT_C_DEFAULT,
	.flags = LAYOUT_BOLD | LAYOUT_NOSPLIT
};
static const struct layout_style st_contact = {
	.size = 9.5, .leading = 12, .color = PRINT_C_TEXT
};

/* Places with their hours and accessibility, then the sheet's hours. */
static void
sheet_places(struct layout_ctx *ctx, struct layout_block *blk,
    struct layout_text *t, const struct model *m, const struct sheet *s,
    double w)
{
	const struct place *p;
	struct buf v = {0};
	size_t	 i;

	for (i = 0; i < s->nlieux; i++) {
		p = &s->lieux[i];
		buf_reset(&v);
		print_place_address(&v, m, p, 1);
		if (p->nom != NULL) {
			layout_text_puts(t, LAYOUT_BOLD, p->nom);
			if (v.len)
				layout_text_puts(t, 0, " — ");
		}
		layout_text_puts(t, 0, v.data);
		layout_block_text(ctx, blk, &st_small, t, w);
		if (p->hours != NULL) {
			buf_reset(&v);
			hours_french(&v, p->hours);
			if (p->horaires_precisions != NULL)
				buf_printf(&v, " (%s)", p->horaires_precisions);
			print_labelled(ctx, blk, t, &st_small, w, "Horaires",
			    v.data);
		} else
			print_labelled(ctx, blk, t, &st_small, w, "Horaires",
			    p->horaires_precisions);
		print_labelled(ctx, blk, t, &st_small, w, "Accessibilité",
		    p->accessibilite);
	}
	if (s->hours != NULL) {
		buf_reset(&v);
		hours_french(&v, s->hours);
		print_labelled(ctx, blk, t, &st_small, w, "Horaires", v.data);
	}
	buf_dispose(&v);
}

/* The professional contacts, a bulleted line each. */
static void
sheet_pros(struct layout_ctx *ctx, struct layout_block *blk,
    struct layout_text *t, const struct sheet *s, double w, uint32_t accent)
{
	struct layout_style st = st_small;
	struct buf u = {0};
	size_t	 i;

	layout_text_puts(t, 0, "Contacts professionnels");
	layout_block_text(ctx, blk, &st_bodyh, t, w);
	st.indent = 9;
	st.hang = 9;
	st.marker = "•";
	for (i = 0; i < s->ncontacts_pro; i++) {
		const struct person *pp = &s->contacts_pro[i];

		layout_text_puts(t, LAYOUT_BOLD, pp->nom);
		if (pp->role != NULL) {
			layout_text_puts(t, 0, ", ");
			layout_text_puts(t, 0, pp->role);
		}
		if (pp->email != NULL) {
			buf_reset(&u);
			buf_printf(&u, "mailto:%s", pp->email);
			layout_text_puts(t, 0, " — ");
			print_link(t, LAYOUT_NOHYPH, pp->email, u.data,
			    accent);
		}
		if (pp->telephone.display != NULL) {
			layout_text_puts(t, 0, " — ");
			layout_text_link(t, LAYOUT_NOHYPH,
			    pp->telephone.display, pp->telephone.uri);
		}
		layout_block_text(ctx, blk, &st, t, w);
	}
	buf_dispose(&u);
}

struct layout_block *
print_sheet(struct layout_ctx *ctx, const struct model *m,
    const struct sheet *s, double w, uint32_t accent, int pro)
{
	struct layout_block *blk = layout_block_new();
	struct layout_style title = st_title, phone = st_phone;
	struct print_contact pc = {
		.phone = &phone, .line = &st_contact, .mail_web = 1,
		.colored = 1, .link_color = accent
	};
	struct layout_text t;
	struct buf v = {0};
	const struct closure *cl;
	size_t	 i, r0;

	title.color = accent;
	phone.color = accent;
	layout_text_init(&t);
	layout_block_keep(blk);
	layout_block_space(blk, 8);
	layout_block_rule(blk, w, 0.5, PRINT_C_LIGHT, 0, 4);
	buf_printf(&v, "fiche-%s", s->id);
	layout_block_anchor(blk, v.data);
	buf_reset(&v);
	layout_text_puts(&t, 0, s->nom);
	if (s->sigle != NULL && strstr(s->nom, s->sigle) == NULL) {
		buf_printf(&v, " (%s)", s->sigle);
		layout_text_puts(&t, 0, v.data);
	}
	layout_block_text(ctx, blk, &title, &t, w);
	buf_reset(&v);
	if (s->type >= 0)
		buf_puts(&v, m->types[s->type].nom);
	if (s->porteur != NULL)
		buf_printf(&v, "%s%s", v.len ? " · " : "", s->porteur);
	layout_text_puts(&t, 0, v.data);
	layout_block_text(ctx, blk, &st_meta, &t, w);
	layout_text_puts(&t, 0, s->resume);
	layout_block_text(ctx, blk, &st_resume, &t, w);
	buf_reset(&v);
	print_publics(&v, m, s);
	print_labelled(ctx, blk, &t, &st_small, w, "Pour qui", v.data);

	/* Contact in large type, the QR code beside it. */
	layout_block_space(blk, 3);
	r0 = layout_block_nrows(blk);
	print_contact(ctx, blk, &t, s, &pc, w - QR_SIDE - QR_GAP);
	print_sheet_qr(blk, r0, m, s, w - QR_SIDE, QR_SIDE);
	layout_block_space(blk, 4);

	sheet_places(ctx, blk, &t, m, s, w);
	buf_reset(&v);
	if ((cl = print_closure(&v, m, s, "Fermeture")) != NULL) {
		if (cl->motif != NULL)
			buf_printf(&v, " (%s)", cl->motif);
		layout_text_put(&t, &(struct layout_attr){ .flags =
		    LAYOUT_BOLD | LAYOUT_COLOR, .color = PRINT_C_ALERT },
		    v.data, v.len);
		layout_block_text(ctx, blk, &st_small, &t, w);
	}
	/* « Accès : sur rendez-vous, par téléphone. Gratuit. » and so on. */
	buf_reset(&v);
	print_acces(&v, s, "");
	print_frais(&v, s);
	if (s->frais_precisions != NULL)
		buf_printf(&v, "%s ", s->frais_precisions);
	if (s->age_min >= 0 && s->age_max >= 0)
		buf_printf(&v, "De %d à %d ans. ", s->age_min, s->age_max);
	else if (s->age_min >= 0)
		buf_printf(&v, "À partir de %d ans. ", s->age_min);
	else if (s->age_max >= 0)
		buf_printf(&v, "Jusqu'à %d ans. ", s->age_max);
	if (s->interpretariat == 1)
		buf_puts(&v, "Interprétariat possible. ");
	while (v.len > 0 && v.data[v.len - 1] == ' ')
		v.data[--v.len] = '\0';
	print_labelled(ctx, blk, &t, &st_small, w, "En pratique", v.data);
	print_labelled(ctx, blk, &t, &st_small, w, "Conditions",
	    s->conditions_acces);
	layout_block_space(blk, 3);

	if (s->body != NULL && s->body_len > 0) {
		buf_reset(&v);
		print_sheet_url(&v, m, s);
		print_markdown(ctx, blk, &t, w, v.data, accent, s->body,
		    s->body_len);
	}
	if (pro && s->ncontacts_pro > 0)
		sheet_pros(ctx, blk, &t, s, w, accent);
	buf_reset(&v);
	for (i = 0; i < s->liens_all.n; i++) {
		buf_puts(&v, i ? ", " : "");
		print_sheet_label(&v, &m->sheets[s->liens_all.v[i]]);
	}
	layout_block_space(blk, 2);
	print_labelled(ctx, blk, &t, &st_meta, w, "Travaille avec", v.data);
	buf_reset(&v);
	print_checked(&v, s, "Fiche vérifiée le ", " : informations à "
	    "confirmer auprès du service.");
	layout_text_puts(&t, 0, v.data);
	layout_block_text(ctx, blk, &st_meta, &t, w);
	layout_text_free(&t);
	buf_dispose(&v);
	return blk;
}
