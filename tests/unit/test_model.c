/*
 * test_model.c: the model loaded from an in-memory source: directories
 * of territories (located and covering, with services that have no
 * place), groups by need, orders, labels, freshness, and two models
 * side by side.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "source.h"
#include "util.h"

#include "harness.h"

#define ADD(s, rel, text)	source_mem_add(s, rel, text, strlen(text))

/* A small folder: a département, an EPCI of two communes, three sheets. */
static struct source *
content(const char *clic_name, const char *langs)
{
	struct source *s = source_new_mem();
	struct buf b = {0};

	ADD(s, "site.yaml", "titre: Test\nurl: https://test.example.org/\n"
	    "editeur: Collectif\ncontact: contact@example.org\n");
	ADD(s, "territoires.yaml", "arbre:\n"
	    "  - code: \"58\"\n    nom: Nièvre\n    type: departement\n"
	    "    contient:\n"
	    "      - code: \"245804406\"\n        nom: CA de Nevers\n"
	    "        type: epci\n        contient:\n"
	    "          - {code: \"58194\", nom: Nevers, type: commune}\n"
	    "          - {code: \"58303\", nom: Varennes-Vauzelles, "
	    "type: commune}\n");
	ADD(s, "types.yaml", "clic:\n  nom: Centre local d'information\n"
	    "  sigle: CLIC\n  famille: medico-social\n"
	    "dac:\n  nom: Dispositif d'appui à la coordination\n  sigle: DAC\n"
	    "  famille: transversal\n"
	    "cls:\n  nom: Contrat local de santé\n  sigle: CLS\n"
	    "  famille: sanitaire\n");
	ADD(s, "besoins.yaml", "rester-a-domicile:\n  nom: Rester chez soi\n"
	    "situation-complexe:\n  nom: Une situation compliquée\n");
	ADD(s, "publics.yaml", "personnes-agees: {nom: Personnes âgées}\n");
	buf_printf(&b, "---\nnom: %s\ntype: clic\nresume: Informe.\n"
	    "publics: [personnes-agees]\n"
	    "besoins: [rester-a-domicile, situation-complexe]\n"
	    "territoires: [\"245804406\"]\nlieux:\n  - nom: Accueil\n"
	    "    commune: \"58194\"\ncontact:\n  telephone: \"03 53 73 00 01\"\n"
	    "acces: [rendez-vous, domicile]\nlangues: [%s]\n"
	    "verifie_le: 2025-01-10\n---\nCorps **du** CLIC.\n", clic_name,
	    langs);
	ADD(s, "fiches/clic-nevers.md", buf_cstr(&b));
	buf_dispose(&b);
	ADD(s, "fiches/dac-58.md", "---\nnom: DAC de la Nièvre\ntype: dac\n"
	    "resume: Appuie.\npublics: [personnes-agees]\n"
	    "besoins: [situation-complexe]\nterritoires: [\"58\"]\n"
	    "contact:\n  telephone: \"03 53 73 00 02\"\nverifie_le: 2026-10-01\n"
	    "---\n");
	ADD(s, "fiches/cls-nevers.md", "---\nnom: Contrat local de santé\n"
	    "type: cls\nresume: Coordonne.\npublics: [personnes-agees]\n"
	    "besoins: [rester-a-domicile]\nterritoires: [\"245804406\"]\n"
	    "contact:\n  telephone: \"03 53 73 00 03\"\nverifie_le: 2026-10-01\n"
	    "---\n");
	ADD(s, "actualites/2026-11-01-b.md", "---\ntitre: B\ndate: 2026-11-01\n"
	    "---\nTexte.\n");
	ADD(s, "actualites/2026-11-01-a.md", "---\ntitre: A\ndate: 2026-11-01\n"
	    "---\nTexte.\n");
	ADD(s, "actualites/2026-10-01-c.md", "---\ntitre: C\ndate: 2026-10-01\n"
	    "---\nTexte.\n");
	return s;
}

/* The ids of a set of sheets, joined by spaces. */
static char *
ids(const struct model *m, const struct idset *set)
{
	struct buf b = {0};
	size_t	 i;

	for (i = 0; i < set->n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", m->sheets[set->v[i]].id);
	return buf_detach(&b);
}

#define IDS_EQ(m, set, want) do {					\
	char *got_ = ids(m, set);					\
	STR_EQ(got_, want);						\
	free(got_);							\
} while (0)

static const struct territory *
terr(const struct model *m, const char *code)
{
	int	 t = model_terr(m, code);

	OK(t >= 0, "territory %s", code);
	return t >= 0 ? &m->terr[t] : &m->terr[0];
}

static void
test_directories(const struct model *m)
{
	const struct territory *t;

	/* A place: located where it is, covering the rest of its area. */
	IDS_EQ(m, &terr(m, "58194")->located, "clic-nevers");
	IDS_EQ(m, &terr(m, "58303")->located, "");
	/*
	 * No place: located in the territories it names and those that
	 * contain them, covering the smaller ones.
	 */
	IDS_EQ(m, &terr(m, "58")->located, "clic-nevers cls-nevers dac-58");
	IDS_EQ(m, &terr(m, "58")->covering, "");
	IDS_EQ(m, &terr(m, "245804406")->located, "clic-nevers cls-nevers");
	IDS_EQ(m, &terr(m, "245804406")->covering, "dac-58");
	IDS_EQ(m, &terr(m, "58194")->covering, "cls-nevers dac-58");
	IDS_EQ(m, &terr(m, "58303")->covering,
	    "clic-nevers cls-nevers dac-58");

	/* Groups: each sheet under each of its needs, in besoins order. */
	t = terr(m, "245804406");
	INT_EQ(t->ngroups, 2);
	if (t->ngroups == 2) {
		STR_EQ(m->besoins[t->groups[0].besoin].key,
		    "rester-a-domicile");
		IDS_EQ(m, &t->groups[0].located, "clic-nevers cls-nevers");
		IDS_EQ(m, &t->groups[0].covering, "");
		STR_EQ(m->besoins[t->groups[1].besoin].key,
		    "situation-complexe");
		IDS_EQ(m, &t->groups[1].located, "clic-nevers");
		IDS_EQ(m, &t->groups[1].covering, "dac-58");
	}
}

static void
test_orders_and_facts(const struct model *m)
{
	const struct sheet *clic = &m->sheets[model_sheet(m, "clic-nevers")];
	size_t	 i;

	/* News: newest first, same day by slug. */
	INT_EQ(m->nnews, 3);
	if (m->nnews == 3) {
		STR_EQ(m->news[0].slug, "2026-11-01-a");
		STR_EQ(m->news[1].slug, "2026-11-01-b");
		STR_EQ(m->news[2].slug, "2026-10-01-c");
	}
	/* Published sheets by folded name; ranks agree. */
	IDS_EQ(m, &m->published, "clic-nevers cls-nevers dac-58");
	for (i = 0; i + 1 < m->published.n; i++)
		OK(m->sheet_rank[m->published.v[i]] <
		    m->sheet_rank[m->published.v[i + 1]], "rank %zu", i);
	STR_EQ(m->sheets[model_sheet(m, "dac-58")].collate,
	    "dac de la nievre");
	/* Territories by name: CA de Nevers, Nevers, Nièvre, Varennes. */
	STR_EQ(m->terr[m->terr_order[0]].code, "245804406");
	STR_EQ(m->terr[m->terr_order[1]].code, "58194");
	STR_EQ(m->terr[m->terr_order[2]].code, "58");
	/* Plain text, labels, languages, freshness. */
	STR_EQ(clic->text, "Corps du CLIC.\n");
	STR_EQ(m->sheets[model_sheet(m, "dac-58")].text, "");
	INT_EQ(clic->acces, ACCES_RENDEZ_VOUS | ACCES_DOMICILE);
	STR_EQ(model_acces_labels[1], "sur rendez-vous");
	STR_EQ(model_acces_keys[3], "domicile");
	STR_EQ(model_lang_label("ar"), "arabe");
	STR_EQ(model_lang_label("xx"), "xx");
	INT_EQ(model_lang("zu"), MODEL_NLANGS - 1);
	/* Acronyms it uses: its own (name, body); CLS and DAC are not. */
	INT_EQ(clic->acronyms.n, 1);
	if (clic->acronyms.n == 1)
		STR_EQ(m->gloss[clic->acronyms.v[0]].sigle, "CLIC");
	INT_EQ(m->sheets[model_sheet(m, "dac-58")].acronyms.n, 1);
	OK(clic->stale, "verified more than 12 months ago: stale");
	OK(!m->sheets[model_sheet(m, "dac-58")].stale, "dac-58 is fresh");
}

/* A diagnostic of d that says needle. */
static int
said(const struct diags *d, const char *needle)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->items[i].msg, needle) != NULL)
			return 1;
	return 0;
}

int
main(void)
{
	struct source *s1, *s2;
	struct model m1, m2;
	struct diags d;
	struct buf dump1 = {0}, dump2 = {0};
	long	 today;

	diags_init(&d);
	OK(date_parse(&today, "2026-11-26") == 0, "date");
	s1 = content("CLIC de Nevers", "fr, ar");
	INT_EQ(model_load(&m1, s1, today, &d, 2, 0), 0);
	INT_EQ(d.nerr, 0);
	model_prepare_outputs(&m1, 2);
	model_prepare_outputs(&m1, 2);	/* idempotent */
	test_directories(&m1);
	test_orders_and_facts(&m1);

	/*
	 * Two models side by side: the second from another source (the
	 * sheet renamed, an unknown language) leaves the first intact.
	 */
	model_dump(&m1, &dump1);
	s2 = content("CLIC du Nivernais", "fr, zz");
	source_free(s1);	/* the model owns its memory */
	OK(model_load(&m2, s2, today, &d, 1, 0) == -1, "an error in m2");
	OK(said(&d, "langue « zz » inconnue"), "unknown language said");
	source_free(s2);
	model_dump(&m1, &dump2);
	STR_EQ(buf_cstr(&dump2), buf_cstr(&dump1));
	STR_EQ(m1.sheets[model_sheet(&m1, "clic-nevers")].nom,
	    "CLIC de Nevers");
	STR_EQ(m2.sheets[model_sheet(&m2, "clic-nevers")].nom,
	    "CLIC du Nivernais");
	model_free(&m2);
	STR_EQ(m1.sheets[model_sheet(&m1, "clic-nevers")].nom,
	    "CLIC de Nevers");
	model_free(&m1);
	buf_dispose(&dump1);
	buf_dispose(&dump2);
	diags_free(&d);
	return TEST_END();
}
