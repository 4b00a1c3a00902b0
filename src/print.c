/*
 * print.c: what every printed output shares (the directories of pdf.c,
 * the flyers): the typefaces, the colours and the styles of a service
 * sheet, the Markdown-to-layout walker, and the composer of one sheet's
 * block, all on the layout core (layout.c). See print.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "hours.h"
#include "layout.h"
#include "md.h"
#include "model.h"
#include "print.h"
#include "util.h"

#define QR_SIDE		54.0
#define QR_GAP		8.0


const struct layout_style print_st_body = {
	.size = 8.4, .leading = 10.8, .after = 3, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE
};
const struct layout_style print_st_bodyh = {
	.size = 8.6, .leading = 10.8, .before = 3, .after = 1.5,
	.color = PRINT_C_TEXT, .flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT,
	.tag = "H4"
};
const struct layout_style print_st_title = {
	.size = 10.5, .leading = 12.6, .after = 1, .color = PRINT_C_ACCENT,
	.flags = LAYOUT_BOLD | LAYOUT_KEEP_NEXT, .tag = "H3"
};
const struct layout_style print_st_meta = {
	.size = 7.4, .leading = 9.2, .after = 2.5, .color = PRINT_C_GREY
};
const struct layout_style print_st_resume = {
	.size = 9.0, .leading = 11.4, .after = 3, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE | LAYOUT_ITALIC
};
const struct layout_style print_st_small = {
	.size = 8.0, .leading = 10.2, .after = 1.5, .color = PRINT_C_TEXT,
	.flags = LAYOUT_HYPHENATE
};
const struct layout_style print_st_phone = {
	.size = 13.0, .leading = 15.5, .color = PRINT_C_ACCENT,
	.flags = LAYOUT_BOLD | LAYOUT_NOSPLIT
};
const struct layout_style print_st_contact = {
	.size = 8.6, .leading = 11.0, .color = PRINT_C_TEXT
};

/* "example.org/dac58" from "https://example.org/dac58/". */
void
print_url_display(struct buf *out, const char *url)
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
	if (n > 1 && url[n - 1] == '/' && strchr(url, '/') == url + n - 1)
		n--;
	buf_put(out, url, n);
}

/* The sheet's name with its acronym: « Nom (SIGLE) ». */
void
print_sheet_label(struct buf *out, const struct sheet *s)
{
	buf_puts(out, s->nom);
	if (s->sigle != NULL && *s->sigle != '\0' && strstr(s->nom,
	    s->sigle) == NULL)
		buf_printf(out, " (%s)", s->sigle);
}

/* Link text in the link colour. */
void
print_link(struct layout_text *t, unsigned flags, const char *s,
    const char *url)
{
	struct layout_attr a = {0};

	a.flags = flags | LAYOUT_COLOR;
	a.color = PRINT_C_LINK;
	a.link = url;
	layout_text_put(t, &a, s, strlen(s));
}

/* A paragraph with a bold label: « Pour qui : … ». */
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

struct mdstate {
	struct layout_ctx *ctx;
	struct layout_block *blk;
	struct layout_text *t;
	const struct model *m;
	const char	*page;		/* the page's URL: links' base */
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
				print_link(ms->t, flags, lit, link.data);
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
			print_url_display(&shown, url);
			if (!str_has_prefix(url, "tel:") &&
			    strstr(ms->t->s + linkstart, shown.data) == NULL) {
				layout_text_puts(ms->t, flags, " (");
				print_link(ms->t, flags | LAYOUT_NOHYPH,
				    shown.data, url);
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
		st = print_st_bodyh;
		st.indent = ms->indent;
		md_inlines(ms, n);
		layout_block_text(ms->ctx, ms->blk, &st, ms->t, ms->w);
		break;
	case CMARK_NODE_PARAGRAPH:
		md_para(ms, n, &print_st_body);
		break;
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_literal(n);
		st = print_st_body;
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

/*
 * Markdown (a sheet's body) into blk: headings, paragraphs, lists,
 * quotes, code, rules; links in the link colour, their address shown
 * in brackets when the text does not show it (paper cannot be clicked).
 */
void
print_markdown(struct layout_ctx *ctx, struct layout_block *blk,
    struct layout_text *t, const struct model *m, const char *page,
    double w, const char *body, size_t len)
{
	struct mdstate ms;
	cmark_node *doc;

	memset(&ms, 0, sizeof(ms));
	ms.ctx = ctx;
	ms.blk = blk;
	ms.t = t;
	ms.m = m;
	ms.page = page != NULL ? page : m->site.url;
	ms.w = w;
	doc = md_parse(body, len);
	md_block(&ms, doc);
	cmark_node_free(doc);
}

/* « Accès : sur rendez-vous, par téléphone. Gratuit. » and the like. */
void
print_practical(struct buf *v, const struct sheet *s)
{
	size_t	 i, n = 0;

	for (i = 0; i < MODEL_NACCES; i++)
		if (s->acces & (1u << i))
			buf_printf(v, "%s%s", n++ ? ", " : "",
			    model_acces_labels[i]);
	if (n > 0)
		buf_puts(v, ". ");
	if (s->frais == FRAIS_GRATUIT)
		buf_puts(v, "Gratuit. ");
	else if (s->frais == FRAIS_PAYANT)
		buf_puts(v, "Payant. ");
	if (s->frais_precisions != NULL)
		buf_printf(v, "%s ", s->frais_precisions);
	if (s->age_min >= 0 && s->age_max >= 0)
		buf_printf(v, "De %d à %d ans. ", s->age_min, s->age_max);
	else if (s->age_min >= 0)
		buf_printf(v, "À partir de %d ans. ", s->age_min);
	else if (s->age_max >= 0)
		buf_printf(v, "Jusqu'à %d ans. ", s->age_max);
	if (s->interpretariat == 1)
		buf_puts(v, "Interprétariat possible. ");
	while (v->len > 0 && v->data[v->len - 1] == ' ')
		v->data[--v->len] = '\0';
}

/*
 * The block of one sheet: its name, summary, publics, contact in large
 * type beside a QR code to its web page, places and hours, practical
 * details, body, professional contacts (pro edition only), partners and
 * the date it was checked. Kept in one column when it fits in one.
 */
struct layout_block *
print_sheet(struct layout_ctx *ctx, const struct model *m,
    const struct sheet *s, double w, int pro)
{
	struct layout_block *blk = layout_block_new();
	struct layout_text t;
	struct layout_qr qr;
	struct buf v = {0}, u = {0};
	const struct closure *cl;
	const struct place *p;
	double	 cw = w - QR_SIDE - QR_GAP;
	size_t	 i, r0;

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
	layout_block_text(ctx, blk, &print_st_title, &t, w);
	buf_reset(&v);
	if (s->type >= 0)
		buf_puts(&v, m->types[s->type].nom);
	if (s->porteur != NULL)
		buf_printf(&v, "%s%s", v.len ? " · " : "", s->porteur);
	layout_text_puts(&t, 0, v.data);
	layout_block_text(ctx, blk, &print_st_meta, &t, w);
	layout_text_puts(&t, 0, s->resume);
	layout_block_text(ctx, blk, &print_st_resume, &t, w);
	buf_reset(&v);
	for (i = 0; i < s->publics.n; i++)
		buf_printf(&v, "%s%s", i ? ", " : "",
		    m->publics[s->publics.v[i]].nom);
	print_labelled(ctx, blk, &t, &print_st_small, w, "Pour qui", v.data);

	/* Contact in large type, the QR code beside it. */
	layout_block_space(blk, 3);
	r0 = layout_block_nrows(blk);
	if (s->telephone.display != NULL) {
		layout_text_link(&t, 0, s->telephone.display,
		    s->telephone.uri);
		layout_block_text(ctx, blk, &print_st_phone, &t, cw);
	}
	if (s->email != NULL) {
		buf_reset(&u);
		buf_printf(&u, "mailto:%s", s->email);
		print_link(&t, LAYOUT_NOHYPH, s->email, u.data);
		layout_block_text(ctx, blk, &print_st_contact, &t, cw);
	}
	if (s->site != NULL) {
		buf_reset(&u);
		print_url_display(&u, s->site);
		print_link(&t, LAYOUT_NOHYPH, u.data, s->site);
		layout_block_text(ctx, blk, &print_st_contact, &t, cw);
	}
	buf_reset(&u);
	buf_printf(&u, "%sfiches/%s/", m->site.url, s->id);
	if (layout_qr_encode(&qr, u.data) == 0) {
		layout_block_qr(blk, r0, &qr, w - QR_SIDE, QR_SIDE, u.data);
		layout_qr_free(&qr);
	}
	layout_block_space(blk, 4);

	for (i = 0; i < s->nlieux; i++) {
		p = &s->lieux[i];
		buf_reset(&v);
		if (p->adresse != NULL)
			buf_puts(&v, p->adresse);
		if (p->code_postal != NULL || p->commune >= 0)
			buf_printf(&v, "%s%s%s%s", v.len ? ", " : "",
			    p->code_postal ? p->code_postal : "",
			    p->code_postal && p->commune >= 0 ? " " : "",
			    p->commune >= 0 ? m->terr[p->commune].nom : "");
		if (p->nom != NULL) {
			layout_text_puts(&t, LAYOUT_BOLD, p->nom);
			if (v.len)
				layout_text_puts(&t, 0, " — ");
		}
		layout_text_puts(&t, 0, v.data);
		layout_block_text(ctx, blk, &print_st_small, &t, w);
		if (p->hours != NULL) {
			buf_reset(&v);
			hours_french(&v, p->hours);
			if (p->horaires_precisions != NULL)
				buf_printf(&v, " (%s)", p->horaires_precisions);
			print_labelled(ctx, blk, &t, &print_st_small, w,
			    "Horaires", v.data);
		} else
			print_labelled(ctx, blk, &t, &print_st_small, w,
			    "Horaires", p->horaires_precisions);
		print_labelled(ctx, blk, &t, &print_st_small, w,
		    "Accessibilité", p->accessibilite);
	}
	if (s->hours != NULL) {
		buf_reset(&v);
		hours_french(&v, s->hours);
		print_labelled(ctx, blk, &t, &print_st_small, w, "Horaires",
		    v.data);
	}
	if ((cl = model_next_closure(m, s)) != NULL) {
		struct buf d1 = {0}, d2 = {0};

		date_french(&d1, cl->du);
		date_french(&d2, cl->au);
		buf_reset(&v);
		buf_printf(&v, "Fermeture du %s au %s%s%s%s", d1.data, d2.data,
		    cl->motif ? " (" : "", cl->motif ? cl->motif : "",
		    cl->motif ? ")" : "");
		layout_text_put(&t, &(struct layout_attr){ .flags =
		    LAYOUT_BOLD | LAYOUT_COLOR, .color = PRINT_C_ALERT },
		    v.data, v.len);
		layout_block_text(ctx, blk, &print_st_small, &t, w);
		buf_dispose(&d1);
		buf_dispose(&d2);
	}
	buf_reset(&v);
	print_practical(&v, s);
	print_labelled(ctx, blk, &t, &print_st_small, w, "En pratique", v.data);
	print_labelled(ctx, blk, &t, &print_st_small, w, "Conditions",
	    s->conditions_acces);
	layout_block_space(blk, 3);

	if (s->body != NULL && s->body_len > 0) {
		buf_reset(&u);
		buf_printf(&u, "%sfiches/%s/", m->site.url, s->id);
		print_markdown(ctx, blk, &t, m, u.data, w, s->body,
		    s->body_len);
	}

	if (pro && s->ncontacts_pro > 0) {
		layout_text_puts(&t, 0, "Contacts professionnels");
		layout_block_text(ctx, blk, &print_st_bodyh, &t, w);
		for (i = 0; i < s->ncontacts_pro; i++) {
			const struct person *pp = &s->contacts_pro[i];
			struct layout_style st = print_st_small;

			st.indent = 9;
			st.hang = 9;
			st.marker = "•";
			layout_text_puts(&t, LAYOUT_BOLD, pp->nom);
			if (pp->role != NULL) {
				layout_text_puts(&t, 0, ", ");
				layout_text_puts(&t, 0, pp->role);
			}
			if (pp->email != NULL) {
				buf_reset(&u);
				buf_printf(&u, "mailto:%s", pp->email);
				layout_text_puts(&t, 0, " — ");
				print_link(&t, LAYOUT_NOHYPH, pp->email,
				    u.data);
			}
			if (pp->telephone.display != NULL) {
				layout_text_puts(&t, 0, " — ");
				layout_text_link(&t, LAYOUT_NOHYPH,
				    pp->telephone.display,
				    pp->telephone.uri);
			}
			layout_block_text(ctx, blk, &st, &t, w);
		}
	}
	buf_reset(&v);
	for (i = 0; i < s->liens_all.n; i++) {
		buf_puts(&v, i ? ", " : "");
		print_sheet_label(&v, &m->sheets[s->liens_all.v[i]]);
	}
	layout_block_space(blk, 2);
	print_labelled(ctx, blk, &t, &print_st_meta, w, "Travaille avec",
	    v.data);
	buf_reset(&v);
	buf_puts(&v, "Fiche vérifiée le ");
	date_french(&v, s->verifie_le);
	if (s->stale)
		buf_puts(&v, " : informations à confirmer auprès du service");
	buf_puts(&v, ".");
	layout_text_puts(&t, 0, v.data);
	layout_block_text(ctx, blk, &print_st_meta, &t, w);
	layout_text_free(&t);
	buf_dispose(&v);
	buf_dispose(&u);
	return blk;
}

struct layout_env *
print_env_new(const char *fonts_dir, struct buf *err, struct buf *warn)
{
	return layout_env_new(fonts_dir, PRINT_HYPH_DICT, PRINT_FAMILY, err,
	    warn);
}
