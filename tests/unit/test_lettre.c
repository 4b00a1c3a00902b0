/*
 * test_lettre.c: the newsletter (lettre.c) from a range written by hand
 * and two in-memory models of the content at its ends: the French
 * sentences of each kind of change, names taken from the model of the
 * right end, --territory, the size budget of the HTML, and the MIME
 * structure of the .eml read back with GMime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "buf.h"
#include "diag.h"
#include "history.h"
#include "lettre.h"
#include "model.h"
#include "source.h"
#include "util.h"

#include "harness.h"

#define ADD(s, rel, text)	source_mem_add(s, rel, text, strlen(text))

/*
 * The content at one end: the EPCI and the DAC are named differently at
 * each end (old = 1: as before).
 */
static void
load(struct model *m, int old)
{
	struct source *s = source_new_mem();
	struct diags d;
	struct buf b = {0};

	ADD(s, "site.yaml", "titre: Test\nurl: https://test.example.org/\n"
	    "editeur: Collectif\ncontact: contact@example.org\n"
	    "lettre:\n  desinscription: https://test.example.org/stop\n");
	buf_printf(&b, "arbre:\n"
	    "  - code: \"58\"\n    nom: Nièvre\n    type: departement\n"
	    "    contient:\n"
	    "      - code: \"245804406\"\n        nom: %s\n"
	    "        type: epci\n        contient:\n"
	    "          - {code: \"58194\", nom: Nevers, type: commune}\n"
	    "          - {code: \"58303\", nom: Varennes-Vauzelles, "
	    "type: commune}\n", old ? "CA de Nevers" : "Agglo de Nevers");
	ADD(s, "territoires.yaml", buf_cstr(&b));
	buf_reset(&b);
	ADD(s, "types.yaml", "clic:\n  nom: Centre local d'information\n"
	    "  sigle: CLIC\n  famille: medico-social\n"
	    "dac:\n  nom: Dispositif d'appui à la coordination\n  sigle: DAC\n"
	    "  famille: transversal\n");
	ADD(s, "besoins.yaml", "situation-complexe:\n  nom: Une situation "
	    "compliquée\n");
	ADD(s, "publics.yaml", "personnes-agees: {nom: Personnes âgées}\n");
	buf_printf(&b, "---\nnom: %s\nsigle: DAC\ntype: dac\n"
	    "resume: Appuie.\npublics: [personnes-agees]\n"
	    "besoins: [situation-complexe]\nterritoires: [\"58\"]\n"
	    "contact:\n  telephone: \"03 53 73 00 02\"\nverifie_le: 2026-01-01\n"
	    "---\n", old ? "DAC de la Nièvre" : "Appui Nièvre");
	ADD(s, "fiches/dac-58.md", buf_cstr(&b));
	buf_dispose(&b);
	diags_init(&d);
	INT_EQ(model_load(m, s, 20600, &d, 1, 0), 0);
	diags_free(&d);
	source_free(s);
}

/* A sheet's text: fields are "key: value" lines of the front matter. */
static char *
sheet(const char *nom, const char *fields, const char *body)
{
	struct buf b = {0};

	buf_printf(&b, "---\nnom: %s\ntype: clic\nresume: Un résumé.\n"
	    "publics: [personnes-agees]\nbesoins: [situation-complexe]\n%s"
	    "verifie_le: 2026-01-01\n---\n%s", nom, fields, body);
	return buf_detach(&b);
}

static void
delta(struct hist_range *r, enum hist_status st, const char *oldp,
    char *oldt, const char *newp, char *newt)
{
	struct hist_delta *d;

	r->deltas = realloc(r->deltas, (r->ndeltas + 1) * sizeof(*d));
	d = &r->deltas[r->ndeltas++];
	memset(d, 0, sizeof(*d));
	d->status = st;
	d->old_path = oldp ? xstrdup(oldp) : NULL;
	d->new_path = newp ? xstrdup(newp) : NULL;
	d->old_text = oldt;
	d->old_len = oldt ? strlen(oldt) : 0;
	d->new_text = newt;
	d->new_len = newt ? strlen(newt) : 0;
}

/* Whitespace runs made one space: sentences are wrapped in the text. */
static char *
flat(const char *s)
{
	struct buf b = {0};
	int	 sp = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n') {
			sp = 1;
			continue;
		}
		if (sp && b.len > 0)
			buf_putc(&b, ' ');
		sp = 0;
		buf_putc(&b, *s);
	}
	return buf_detach(&b);
}

#define HAS(hay, needle) OK(strstr(hay, needle) != NULL,		\
	"missing «%s» in:\n%s", needle, hay)
#define HASNT(hay, needle) OK(strstr(hay, needle) == NULL,		\
	"unexpected «%s»", needle)

#define T_NEVERS	"territoires: [\"245804406\"]\n"
#define T_BOTH		"territoires: [\"245804406\", \"58\"]\n"
#define T_VARENNES	"territoires: [\"58303\"]\n"

static void
range(struct hist_range *r)
{
	memset(r, 0, sizeof(*r));
	r->since_day = 20500;		/* 2026-02-16 */
	r->until_day = 20600;		/* 2026-05-27 */
	r->until_time = 20600LL * 86400;
	r->until_id = xstrdup("abc1234");
	delta(r, HD_MODIFIED, "fiches/clic-nevers.md",
	    sheet("CLIC de Nevers", T_NEVERS "contact:\n  telephone: "
	    "\"03 53 73 00 01\"\n  email: a@example.org\n"
	    "horaires: \"Mo-Fr 09:00-12:00\"\n", "Corps.\n"),
	    "fiches/clic-nevers.md",
	    sheet("CLIC de Nevers", T_BOTH "contact:\n  telephone: "
	    "\"+33 3 53 73 00 09\"\n  email: b@example.org\n"
	    "horaires: \"Mo-Fr 09:00-17:00\"\n", "Corps.\n"));
	delta(r, HD_ADDED, NULL, NULL, "fiches/clic-varennes.md",
	    sheet("CLIC de Varennes", T_VARENNES, ""));
	delta(r, HD_MODIFIED, "fiches/clic-ferme.md",
	    sheet("CLIC fermé", T_NEVERS, ""), "fiches/clic-ferme.md",
	    sheet("CLIC fermé", T_NEVERS "statut: ferme\n"
	    "remplace_par: dac-58\n", ""));
	delta(r, HD_DELETED, "fiches/clic-parti.md",
	    sheet("CLIC parti", T_NEVERS, ""), NULL, NULL);
	delta(r, HD_MODIFIED, "fiches/clic-texte.md",
	    sheet("CLIC du texte", T_NEVERS, "Ancien texte.\n"),
	    "fiches/clic-texte.md",
	    sheet("CLIC du texte", T_NEVERS, "Nouveau texte.\n"));
	delta(r, HD_MODIFIED, "fiches/clic-verifie.md",
	    sheet("CLIC vérifié", T_NEVERS, ""), "fiches/clic-verifie.md",
	    strcat(strcpy(malloc(400), "---\nnom: CLIC vérifié\n"
	    "type: clic\nresume: Un résumé.\npublics: [personnes-agees]\n"
	    "besoins: [situation-complexe]\n" T_NEVERS
	    "verifie_le: 2026-05-01\n---\n"), ""));
	delta(r, HD_MODIFIED, "fiches/clic-rouvert.md",
	    sheet("CLIC rouvert", T_NEVERS "statut: ferme\n", ""),
	    "fiches/clic-rouvert.md", sheet("CLIC rouvert", T_NEVERS, ""));
	delta(r, HD_RENAMED, "fiches/clic-avant.md",
	    sheet("CLIC avant", T_VARENNES, ""), "fiches/clic-apres.md",
	    sheet("CLIC après", T_VARENNES, ""));
	r->news = calloc(2, sizeof(*r->news));
	r->news[0].path = xstrdup("actualites/dans.md");
	r->news[0].text = xstrdup("---\ntitre: Une réunion\n"
	    "date: 2026-03-01\n---\nTexte.\n");
	r->news[1].path = xstrdup("actualites/avant.md");
	r->news[1].text = xstrdup("---\ntitre: Trop tôt\n"
	    "date: 2026-01-01\n---\nTexte.\n");
	r->nnews = 2;
}

static void
test_sentences(const struct model *mo, const struct model *mn)
{
	struct hist_range r;
	struct lettre *l;
	struct buf err = {0}, t = {0}, h = {0};
	char	*f;

	range(&r);
	l = lettre_new(mn, mo, mn, &r, NULL, &err);
	OK(l != NULL, "lettre_new: %s", buf_cstr(&err));
	if (l == NULL)
		return;
	/* changed, new, closed, removed, wording, reopened, renamed, news */
	INT_EQ(lettre_count(l), 8);
	STR_EQ(lettre_date(l), "2026-05-27");
	lettre_text(&t, l);
	f = flat(buf_cstr(&t));
	HAS(f, "Test — 27 mai 2026");
	HAS(f, "Du 16 février 2026 au 27 mai 2026");
	HAS(f, "## Actualités - Une réunion (1er mars 2026)");
	HASNT(f, "Trop tôt");
	HAS(f, "## Nouveaux services - CLIC de Varennes — Centre local "
	    "d'information Un résumé. https://test.example.org/fiches/"
	    "clic-varennes/");
	HAS(f, "CLIC de Nevers a changé de numéro : 03 53 73 00 01 → "
	    "03 53 73 00 09.");
	HAS(f, "CLIC de Nevers a changé d'adresse électronique : "
	    "a@example.org → b@example.org.");
	HAS(f, "CLIC de Nevers a changé d'horaires : du lundi au vendredi");
	/* Each end's names: the EPCI was renamed in between. */
	HAS(f, "CLIC de Nevers intervient désormais sur : Agglo de Nevers, "
	    "Nièvre (auparavant : CA de Nevers).");
	HAS(f, "CLIC rouvert a rouvert.");
	HAS(f, "## Services fermés - CLIC fermé a fermé. Le relais est pris "
	    "par Appui Nièvre (DAC).");
	HAS(f, "https://test.example.org/fiches/dac-58/");
	HAS(f, "## Ne figurent plus dans le répertoire - CLIC parti ne figure "
	    "plus dans le répertoire.");
	HAS(f, "## Présentations mises à jour Le texte de présentation de "
	    "ces services a été revu : CLIC du texte. "
	    "https://test.example.org/fiches/clic-texte/");
	/* A rename is followed: its new name, its new page. */
	HAS(f, "CLIC après s'appelle désormais « CLIC après » (auparavant "
	    "« CLIC avant »). https://test.example.org/fiches/clic-apres/");
	HASNT(f, "vérifié");		/* verifie_le alone is no news */
	HASNT(f, "CLIC avant ne figure plus");
	HASNT(f, "CA de Nevers,");
	free(f);
	lettre_html(&h, l);
	HAS(buf_cstr(&h), "<html lang=\"fr\">");
	HAS(buf_cstr(&h), "href=\"https://test.example.org/fiches/"
	    "clic-nevers/\"");
	/* In the HTML a number does not break across lines. */
#define NB "\xc2\xa0"
	HAS(buf_cstr(&h), "a changé de numéro" NB ": 03" NB "53" NB "73" NB "00" NB
	    "01 → 03" NB "53" NB "73" NB "00" NB "09.");
	HASNT(buf_cstr(&h), "<img");
	HASNT(buf_cstr(&h), "Cette lettre s'arrête là");
	lettre_free(l);

	/* --territory: Nevers keeps its EPCI's sheets, not Varennes' ones. */
	buf_reset(&t);
	l = lettre_new(mn, mo, mn, &r, "58194", &err);
	OK(l != NULL, "territory 58194");
	if (l != NULL) {
		lettre_text(&t, l);
		f = flat(buf_cstr(&t));
		HAS(f, "Test — 27 mai 2026 — Nevers");
		HAS(f, "CLIC de Nevers a changé de numéro");
		HASNT(f, "CLIC de Varennes");
		HASNT(f, "CLIC après");
		HAS(f, "Une réunion");	/* news for no territory */
		free(f);
		lettre_free(l);
	}
	buf_reset(&err);
	OK(lettre_new(mn, mo, mn, &r, "99999", &err) == NULL,
	    "unknown territory");
	HAS(buf_cstr(&err), "--territory « 99999 » : territoire inconnu");
	buf_dispose(&err);
	buf_dispose(&t);
	buf_dispose(&h);
	history_range_free(&r);
}

/* 400 new sheets: the HTML stays under webmail's clipping size. */
static void
test_budget(const struct model *mo, const struct model *mn)
{
	struct hist_range r;
	struct lettre *l;
	struct buf err = {0}, t = {0}, h = {0}, p = {0}, res = {0};
	char	*f, want[128];
	size_t	 i, shown = 0;
	const char *s;

	memset(&r, 0, sizeof(r));
	r.since_day = 20500;
	r.until_day = 20600;
	r.until_id = xstrdup("abc1234");
	for (i = 0; i < 200; i++)
		buf_puts(&res, "x");
	for (i = 0; i < 400; i++) {
		struct buf b = {0};

		buf_reset(&p);
		buf_printf(&p, "fiches/service-%03zu.md", i);
		buf_printf(&b, "---\nnom: Service %03zu\ntype: clic\nresume: "
		    "%s\n" T_NEVERS "verifie_le: 2026-01-01\n---\n", i,
		    buf_cstr(&res));
		delta(&r, HD_ADDED, NULL, NULL, buf_cstr(&p), buf_detach(&b));
	}
	l = lettre_new(mn, mo, mn, &r, NULL, &err);
	OK(l != NULL, "lettre_new");
	if (l == NULL)
		return;
	INT_EQ(lettre_count(l), 400);
	lettre_html(&h, l);
	lettre_text(&t, l);
	OK(h.len < 100 * 1024, "HTML of %zu bytes", h.len);
	OK(h.len > 80 * 1024, "the budget is used: %zu bytes", h.len);
	for (s = buf_cstr(&h); (s = strstr(s, "fiches/service-")) != NULL;
	    s++)
		shown++;
	f = flat(buf_cstr(&t));
	snprintf(want, sizeof(want), "Cette lettre s'arrête là pour rester "
	    "lisible dans les messageries : %zu autres changements sont",
	    400 - shown);
	HAS(f, want);
	snprintf(want, sizeof(want), "Cette lettre s&#39;arrête là pour rester "
	    "lisible dans les messageries : %zu autres changements sont",
	    400 - shown);
	HAS(buf_cstr(&h), want);
	OK(shown > 100 && shown < 400, "%zu items shown", shown);
	HASNT(buf_cstr(&h), "service-399");
	HAS(f, "Service 000");
	free(f);
	lettre_free(l);
	history_range_free(&r);
	buf_dispose(&err);
	buf_dispose(&t);
	buf_dispose(&h);
	buf_dispose(&p);
	buf_dispose(&res);
}

/* A part's content decoded to a string. */
static char *
part_text(GMimeObject *o)
{
	GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
	GMimeStream *m = g_mime_stream_mem_new();
	GByteArray *a;
	char	*s;

	g_mime_data_wrapper_write_to_stream(w, m);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(m));
	s = g_strndup((const char *)a->data, a->len);
	g_object_unref(m);
	return s;
}

static void
test_eml(const struct model *mo, const struct model *mn)
{
	struct hist_range r;
	struct lettre *l;
	struct buf err = {0}, e = {0}, e2 = {0}, t = {0}, h = {0};
	GMimeStream *st;
	GMimeParser *ps;
	GMimeMessage *msg;
	GMimeObject *top;
	GMimeContentType *ct;
	const char *s;
	char	*x;
	int	 bare_lf = 0;

	range(&r);
	l = lettre_new(mn, mo, mn, &r, NULL, &err);
	if (l == NULL) {
		OK(0, "lettre_new");
		return;
	}
	INT_EQ(lettre_eml(&e, l, &err), 0);
	INT_EQ(lettre_eml(&e2, l, &err), 0);
	OK(e.len == e2.len && memcmp(e.data, e2.data, e.len) == 0,
	    "same bytes twice");
	for (s = buf_cstr(&e); (s = strchr(s, '\n')) != NULL; s++)
		bare_lf += s == e.data || s[-1] != '\r';
	INT_EQ(bare_lf, 0);
	HAS(buf_cstr(&e), "List-Unsubscribe: <https://test.example.org/stop>");
	HAS(buf_cstr(&e), "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
	HAS(buf_cstr(&e), "Date: Thu, 26 Nov 2026 00:00:00 +0000");
	HAS(buf_cstr(&e), "Message-Id: <lettre-2026-05-27-");
	lettre_text(&t, l);
	lettre_html(&h, l);

	st = g_mime_stream_mem_new_with_buffer(e.data, e.len);
	ps = g_mime_parser_new_with_stream(st);
	msg = g_mime_parser_construct_message(ps, NULL);
	OK(msg != NULL, "the message parses");
	if (msg != NULL) {
		InternetAddressList *from = g_mime_message_get_from(msg);
		InternetAddress *a = internet_address_list_get_address(from, 0);

		STR_EQ(g_mime_message_get_subject(msg),
		    "Test — 27 mai 2026");
		STR_EQ(internet_address_get_name(a), "Test");
		STR_EQ(internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(a)), "contact@example.org");
		top = g_mime_message_get_mime_part(msg);
		OK(GMIME_IS_MULTIPART(top), "multipart");
		ct = g_mime_object_get_content_type(top);
		x = g_mime_content_type_get_mime_type(ct);
		STR_EQ(x, "multipart/alternative");
		g_free(x);
		if (GMIME_IS_MULTIPART(top) &&
		    g_mime_multipart_get_count(GMIME_MULTIPART(top)) == 2) {
			GMimeObject *p0 = g_mime_multipart_get_part(
			    GMIME_MULTIPART(top), 0);
			GMimeObject *p1 = g_mime_multipart_get_part(
			    GMIME_MULTIPART(top), 1);
			char	*d0, *d1, *c0, *c1;

			c0 = g_mime_content_type_get_mime_type(
			    g_mime_object_get_content_type(p0));
			c1 = g_mime_content_type_get_mime_type(
			    g_mime_object_get_content_type(p1));
			STR_EQ(c0, "text/plain");	/* plain first */
			STR_EQ(c1, "text/html");
			STR_EQ(g_mime_object_get_content_type_parameter(p0,
			    "charset"), "utf-8");
			INT_EQ(g_mime_part_get_content_encoding(
			    GMIME_PART(p1)),
			    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
			d0 = part_text(p0);
			d1 = part_text(p1);
			/* Decoded with CRLF: the written files have LF. */
			{
				struct buf u0 = {0}, u1 = {0};
				const char *q;

				for (q = d0; *q; q++)
					if (*q != '\r')
						buf_putc(&u0, *q);
				for (q = d1; *q; q++)
					if (*q != '\r')
						buf_putc(&u1, *q);
				STR_EQ(buf_cstr(&u0), buf_cstr(&t));
				STR_EQ(buf_cstr(&u1), buf_cstr(&h));
				buf_dispose(&u0);
				buf_dispose(&u1);
			}
			g_free(c0);
			g_free(c1);
			g_free(d0);
			g_free(d1);
		} else
			OK(0, "two parts");
		g_object_unref(msg);
	}
	g_object_unref(ps);
	g_object_unref(st);
	lettre_free(l);
	history_range_free(&r);
	buf_dispose(&err);
	buf_dispose(&e);
	buf_dispose(&e2);
	buf_dispose(&t);
	buf_dispose(&h);
}

int
main(void)
{
	struct model mo, mn;

	setenv("SOURCE_DATE_EPOCH", "1795651200", 1);	/* 2026-11-26 */
	load(&mo, 1);
	load(&mn, 0);
	test_sentences(&mo, &mn);
	test_budget(&mo, &mn);
	test_eml(&mo, &mn);
	model_free(&mo);
	model_free(&mn);
	return TEST_END();
}
