/*
 * site_fiche.c: the sheet pages (/fiches/ID/) and the cards that list
 * sheets on other pages.
 *
 * A card is rendered once per sheet and heading level from
 * templates/carte.mustache (and a one-line entry from ligne.mustache),
 * for pages two levels down (root "../../":
 * every page that lists cards lives there), and shared by every list
 * that shows the sheet: a territory's directory lists thousands of them
 * at 10,000 sheets, which then cost a pointer each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "esc.h"
#include "json.h"
#include "fold.h"
#include "hours.h"
#include "md.h"
#include "model.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

static const char *const day_names[7] = {"Lundi", "Mardi", "Mercredi",
    "Jeudi", "Vendredi", "Samedi", "Dimanche"};

/* A short location: the first place's commune, else the first area. */
const char *
site_where(const struct model *m, const struct sheet *sh)
{
	size_t	 i;

	for (i = 0; i < sh->nlieux; i++)
		if (sh->lieux[i].commune >= 0)
			return m->terr[sh->lieux[i].commune].nom;
	if (sh->territoires.n > 0)
		return m->terr[sh->territoires.v[0]].nom;
	return NULL;
}

static struct tval *
phone_val(struct site *s, const struct phone *p)
{
	struct tval *v;

	if (p->display == NULL || p->uri == NULL)
		return tv_null(&s->page);
	v = tv_map(&s->page);
	site_set(s, v, "affichage", p->display);
	site_set(s, v, "uri", p->uri);
	return v;
}

/*
 * Renders sheet i's cards (a worker of site_parallel): into the worker's
 * own card arena, which lives as long as the site.
 */
static int
card_build(struct site *s, size_t i)
{
	const struct model *m = s->m;
	const struct sheet *sh = &m->sheets[i];
	struct arena *keep = &s->cards_keep[s->worker];
	struct buf *out = &s->body;
	struct tval *ctx, *card;
	int	 lev;

	if (sh->statut == STATUT_BROUILLON)
		return 0;
	/* The contexts are throwaway. */
	arena_reset(&s->page);
	ctx = tv_map(&s->page);
	site_set(s, ctx, "root", "../../");
	site_set(s, ctx, "id", sh->id);
	site_set(s, ctx, "nom", sh->nom);
	site_set(s, ctx, "sigle", sh->sigle);
	if (sh->type >= 0) {
		site_set(s, ctx, "type", m->types[sh->type].nom);
		site_set(s, ctx, "type_sigle", m->types[sh->type].sigle);
	}
	site_set(s, ctx, "lieu", site_where(m, sh));
	site_set(s, ctx, "resume", sh->resume);
	/* A card is read on its own: its acronyms are spelled out at their
	 * first use in it. */
	if (m->ngloss > 0)
		memset(s->seen, 0, m->ngloss);
	buf_reset(out);
	md_abbr(out, m, sh->resume, s->seen);
	site_set(s, ctx, "resume_html", buf_cstr(out));
	tv_set(&s->page, ctx, "telephone", phone_val(s, &sh->telephone));
	tv_set_bool(&s->page, ctx, "ferme", sh->statut == STATUT_FERME);
	tv_set_bool(&s->page, ctx, "pro", sh->pro_only);
	tv_set_bool(&s->page, ctx, "a_verifier", sh->stale);
	for (lev = SITE_CARD_MIN; lev <= SITE_CARD_MAX; lev++) {
		tv_set(&s->page, ctx, "niveau", tv_int(&s->page, lev));
		buf_reset(out);
		if (tmpl_render(out, s->ts, "carte", ctx) == -1) {
			s->rc = 1;
			return -1;
		}
		card = tv_map(keep);
		tv_set_str(keep, card, "carte", buf_cstr(out));
		tv_set_str(keep, card, "id", sh->id);
		s->cards[(size_t)(lev - SITE_CARD_MIN) * m->nsheets + i] =
		    card;
	}
	buf_reset(out);
	if (tmpl_render(out, s->ts, "ligne", ctx) == -1) {
		s->rc = 1;
		return -1;
	}
	card = tv_map(keep);
	tv_set_str(keep, card, "carte", buf_cstr(out));
	tv_set_str(keep, card, "id", sh->id);
	s->lines[i] = card;
	return 0;
}

/*
 * Renders every published sheet's card at each heading level, over the
 * workers (a serial second at 100,000 sheets). Returns 0 or -1 (s->rc
 * set).
 */
int
site_cards_build(struct site *s)
{
	const struct model *m = s->m;
	size_t	 nlev = SITE_CARD_MAX - SITE_CARD_MIN + 1, i;
	int	 rc;

	s->cards = xcalloc(nlev * (m->nsheets ? m->nsheets : 1),
	    sizeof(*s->cards));
	s->lines = xcalloc(m->nsheets ? m->nsheets : 1, sizeof(*s->lines));
	s->ncards_keep = s->b->jobs > 1 ? (size_t)s->b->jobs : 1;
	s->cards_keep = xcalloc(s->ncards_keep, sizeof(*s->cards_keep));
	for (i = 0; i < s->ncards_keep; i++)
		arena_init(&s->cards_keep[i]);
	rc = site_parallel(s, m->nsheets, card_build);
	arena_free(&s->page);
	arena_init(&s->page);
	return rc == 0 && s->rc == 0 ? 0 : -1;
}

struct tval *
site_card(struct site *s, int sheet, int level)
{
	if (level < SITE_CARD_MIN)
		level = SITE_CARD_MIN;
	if (level > SITE_CARD_MAX)
		level = SITE_CARD_MAX;
	return s->cards[(size_t)(level - SITE_CARD_MIN) * s->m->nsheets +
	    (size_t)sheet];
}

struct tval *
site_line(struct site *s, int sheet)
{
	return s->lines[sheet];
}

struct tval *
site_cards(struct site *s, const int *v, size_t n, int level)
{
	struct tval *l = tv_list(&s->page), *c;
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((c = site_card(s, v[i], level)) != NULL)
			tv_push(&s->page, l, c);
	return l;
}

/* "Du lundi…": the French hours with a capital first letter. */
static void
hours_sentence(struct buf *b, const struct hours *h)
{
	size_t	 at = b->len;

	hours_french(b, h);
	if (b->len > at && b->data[at] >= 'a' && b->data[at] <= 'z')
		b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

/* {phrase, jours: [{jour, heures}]} for opening hours. */
/*
 * The current and upcoming closures as "YYYY-MM-DD/YYYY-MM-DD …" for
 * the browser (« Ouvert maintenant » must not say open during one).
 */
static struct tval *
closures_attr(struct site *s, const struct sheet *sh)
{
	char	 a[11], b[11];
	size_t	 i;

	buf_reset(&s->tmp);
	for (i = 0; i < sh->nfermetures; i++) {
		if (sh->fermetures[i].au < s->m->today)
			continue;
		buf_printf(&s->tmp, "%s%s/%s", s->tmp.len > 0 ? " " : "",
		    date_iso(a, sh->fermetures[i].du),
		    date_iso(b, sh->fermetures[i].au));
	}
	return s->tmp.len > 0 ? site_tmp(s) : tv_null(&s->page);
}

static struct tval *
hours_val(struct site *s, const struct sheet *sh, const struct hours *h,
    const char *precisions)
{
	struct tval *v = tv_map(&s->page), *days = tv_list(&s->page), *d;
	int	 k, open = 0;

	buf_reset(&s->tmp);
	hours_sentence(&s->tmp, h);
	tv_set(&s->page, v, "phrase", site_tmp(s));
	for (k = 0; k < 7; k++) {
		d = tv_map(&s->page);
		site_set(s, d, "jour", day_names[k]);
		buf_reset(&s->tmp);
		hours_day_french(&s->tmp, h, k);
		if (s->tmp.len == 0)
			buf_puts(&s->tmp, "Fermé");
		else
			open = 1;
		tv_set(&s->page, d, "heures", site_tmp(s));
		tv_push(&s->page, days, d);
	}
	tv_set(&s->page, v, "jours", days);
	tv_set_bool(&s->page, v, "a_jours", open);
	site_set(s, v, "precisions", precisions);
	buf_reset(&s->tmp);
	hours_json(&s->tmp, h);
	tv_set(&s->page, v, "json", s->tmp.len > 0 ? site_tmp(s) :
	    tv_null(&s->page));
	tv_set(&s->page, v, "fermetures", closures_attr(s, sh));
	return v;
}

/* A "key": "value" member, left out when value is NULL. */
static void
jsonld_kstr(struct json *w, const char *key, const char *val)
{
	if (val != NULL)
		json_kstr(w, key, val);
}

/* An object {"@type": type, ...} as the value of key (or an element). */
static void
jsonld_typed(struct json *w, const char *key, const char *type)
{
	if (key != NULL)
		json_key(w, key);
	json_object(w, 1);
	json_kstr(w, "@type", type);
}

/*
 * schema.org JSON-LD of a sheet: an Organization with its places as
 * CivicStructure (address, geo, openingHours). The JSON writer escapes
 * "<" and U+2028/9, so the result is safe inside <script>.
 */
static void
sheet_jsonld(struct buf *b, const struct model *m, const struct sheet *sh,
    const char *url)
{
	const struct place *p;
	struct json w;
	struct buf tmp = {0};
	size_t	 i;
	int	 k, n;

	json_init(&w, b, JSON_COMPACT);
	json_object(&w, 1);
	json_kstr(&w, "@context", "https://schema.org");
	json_kstr(&w, "@type", "Organization");
	jsonld_kstr(&w, "@id", url);
	jsonld_kstr(&w, "name", sh->nom);
	jsonld_kstr(&w, "alternateName", sh->sigle);
	jsonld_kstr(&w, "description", sh->resume);
	jsonld_kstr(&w, "url", url);
	jsonld_kstr(&w, "telephone", sh->telephone.display);
	jsonld_kstr(&w, "email", sh->email);
	if (sh->modifie_le > 0) {
		char	 iso[11];

		json_kstr(&w, "dateModified", date_iso(iso, sh->modifie_le));
	}
	if (sh->site != NULL) {
		json_key(&w, "sameAs");
		json_array(&w, 1);
		json_str(&w, sh->site);
		json_end(&w);
	}
	jsonld_kstr(&w, "taxID", sh->siret);
	if (sh->porteur != NULL) {
		jsonld_typed(&w, "parentOrganization", "Organization");
		json_kstr(&w, "name", sh->porteur);
		json_end(&w);
	}
	if (sh->territoires.n > 0) {
		json_key(&w, "areaServed");
		json_array(&w, 1);
		for (i = 0; i < sh->territoires.n; i++) {
			jsonld_typed(&w, NULL, "AdministrativeArea");
			jsonld_kstr(&w, "name",
			    m->terr[sh->territoires.v[i]].nom);
			json_end(&w);
		}
		json_end(&w);
	}
	if (sh->nlieux > 0) {
		json_key(&w, "location");
		json_array(&w, 1);
		for (i = 0; i < sh->nlieux; i++) {
			p = &sh->lieux[i];
			jsonld_typed(&w, NULL, "CivicStructure");
			jsonld_kstr(&w, "name", p->nom);
			jsonld_typed(&w, "address", "PostalAddress");
			jsonld_kstr(&w, "streetAddress", p->adresse);
			jsonld_kstr(&w, "postalCode", p->code_postal);
			if (p->commune >= 0)
				json_kstr(&w, "addressLocality",
				    m->terr[p->commune].nom);
			json_kstr(&w, "addressCountry", "FR");
			json_end(&w);
			if (p->has_geo) {
				jsonld_typed(&w, "geo", "GeoCoordinates");
				json_key(&w, "latitude");
				json_fixed6(&w, p->lat);
				json_key(&w, "longitude");
				json_fixed6(&w, p->lon);
				json_end(&w);
			}
			if (p->hours != NULL &&
			    (n = hours_schema_count(p->hours)) > 0) {
				json_key(&w, "openingHours");
				json_array(&w, 1);
				for (k = 0; k < n; k++) {
					buf_reset(&tmp);
					hours_schema(&tmp, p->hours, k);
					json_str(&w, buf_cstr(&tmp));
				}
				json_end(&w);
			}
			jsonld_kstr(&w, "telephone", sh->telephone.display);
			json_end(&w);
		}
		json_end(&w);
	}
	json_end(&w);
	buf_dispose(&tmp);
}

/* "De 16 à 25 ans", "À partir de 60 ans", "Jusqu'à 18 ans". */
static struct tval *
age_val(struct site *s, const struct sheet *sh)
{
	if (sh->age_min >= 0 && sh->age_max >= 0)
		return site_strf(s, "De %d à %d ans", sh->age_min,
		    sh->age_max);
	if (sh->age_min >= 0)
		return site_strf(s, "À partir de %d an%s", sh->age_min,
		    sh->age_min > 1 ? "s" : "");
	if (sh->age_max >= 0)
		return site_strf(s, "Jusqu'à %d an%s", sh->age_max,
		    sh->age_max > 1 ? "s" : "");
	return tv_null(&s->page);
}

/*
 * « Itinéraire » to a place: {osm, geo}. OpenStreetMap's directions
 * page by default; fiche.js puts the geo: URI on phones, where it opens
 * the phone's own maps application. From the coordinates when the place
 * has them, else from its address; null when it has neither.
 */
static struct tval *
route_val(struct site *s, const struct place *p)
{
	const struct model *m = s->m;
	struct tval *v;
	struct buf addr = {0};

	if (!p->has_geo && p->adresse == NULL)
		return tv_null(&s->page);
	v = tv_map(&s->page);
	if (p->has_geo) {
		buf_reset(&s->tmp);
		buf_puts(&s->tmp, "https://www.openstreetmap.org/directions?to=");
		json_put_fixed6(&s->tmp, p->lat);
		buf_puts(&s->tmp, "%2C");
		json_put_fixed6(&s->tmp, p->lon);
		tv_set(&s->page, v, "osm", site_tmp(s));
		buf_puts(&s->tmp, "geo:");
		json_put_fixed6(&s->tmp, p->lat);
		buf_putc(&s->tmp, ',');
		json_put_fixed6(&s->tmp, p->lon);
		tv_set(&s->page, v, "geo", site_tmp(s));
		return v;
	}
	buf_puts(&addr, p->adresse);
	if (p->code_postal != NULL)
		buf_printf(&addr, ", %s", p->code_postal);
	if (p->commune >= 0)
		buf_printf(&addr, "%s%s", p->code_postal != NULL ? " " : ", ",
		    m->terr[p->commune].nom);
	buf_reset(&s->tmp);
	buf_puts(&s->tmp, "https://www.openstreetmap.org/directions?to=");
	site_url_query(&s->tmp, buf_cstr(&addr));
	tv_set(&s->page, v, "osm", site_tmp(s));
	buf_puts(&s->tmp, "geo:0,0?q=");
	site_url_query(&s->tmp, buf_cstr(&addr));
	tv_set(&s->page, v, "geo", site_tmp(s));
	buf_dispose(&addr);
	return v;
}

/* Places: [{nom, adresse, code_postal, commune, horaires, carte…}]. */
static struct tval *
places_val(struct site *s, const struct sheet *sh)
{
	const struct model *m = s->m;
	const struct place *p;
	struct tval *l = tv_list(&s->page), *v, *c;
	size_t	 i;

	for (i = 0; i < sh->nlieux; i++) {
		p = &sh->lieux[i];
		v = tv_map(&s->page);
		site_set(s, v, "nom", p->nom);
		site_set(s, v, "adresse", p->adresse);
		site_set(s, v, "code_postal", p->code_postal);
		if (p->commune >= 0) {
			c = tv_map(&s->page);
			site_set(s, c, "nom", m->terr[p->commune].nom);
			site_set(s, c, "code", m->terr[p->commune].code);
			tv_set(&s->page, v, "commune", c);
		}
		if (p->hours != NULL)
			tv_set(&s->page, v, "horaires", hours_val(s, sh,
			    p->hours, p->horaires_precisions));
		else {
			tv_set(&s->page, v, "horaires", tv_null(&s->page));
			site_set(s, v, "horaires_precisions",
			    p->horaires_precisions);
		}
		tv_set(&s->page, v, "carte", tv_null(&s->page));
		if (p->commune < 0)
			tv_set(&s->page, v, "commune", tv_null(&s->page));
		site_set(s, v, "accessibilite", p->accessibilite);
		tv_set(&s->page, v, "itineraire", route_val(s, p));
		if (p->has_geo) {
			buf_reset(&s->tmp);
			buf_puts(&s->tmp,
			    "https://www.openstreetmap.org/?mlat=");
			json_put_fixed6(&s->tmp, p->lat);
			buf_puts(&s->tmp, "&mlon=");
			json_put_fixed6(&s->tmp, p->lon);
			buf_puts(&s->tmp, "#map=17/");
			json_put_fixed6(&s->tmp, p->lat);
			buf_putc(&s->tmp, '/');
			json_put_fixed6(&s->tmp, p->lon);
			tv_set(&s->page, v, "carte", site_tmp(s));
		}
		tv_push(&s->page, l, v);
	}
	return l;
}

/*
 * Labels of the bits set in x (the model's, with a capital first letter
 * on the page).
 */
static struct tval *
labels_val(struct site *s, unsigned x, int orient)
{
	struct tval *l = tv_list(&s->page);
	const char *const *labels = orient ? model_orient_labels :
	    model_acces_labels;
	size_t	 i, n = orient ? MODEL_NORIENT : MODEL_NACCES;
	char	*v;

	for (i = 0; i < n; i++)
		if (x & (1u << i)) {
			v = arena_strdup(&s->page, labels[i]);
			if (v[0] >= 'a' && v[0] <= 'z')
				v[0] = (char)(v[0] - 'a' + 'A');
			tv_push(&s->page, l, site_str(s, v));
		}
	return l;
}

/* A current or upcoming closure: {en_cours, du, au, motif}. */
static struct tval *
closure_val(struct site *s, const struct sheet *sh)
{
	const struct closure *c = model_next_closure(s->m, sh);
	struct tval *v;

	if (c == NULL)
		return tv_null(&s->page);
	v = tv_map(&s->page);
	tv_set_bool(&s->page, v, "en_cours", c->du <= s->m->today);
	tv_set(&s->page, v, "du", site_date(s, c->du));
	tv_set(&s->page, v, "au", site_date(s, c->au));
	tv_set_bool(&s->page, v, "un_jour", c->du == c->au);
	site_set(s, v, "motif", c->motif);
	return v;
}

/* [{key, nom}] of needs or publics. */
static struct tval *
keys_val(struct site *s, const struct idset *set, int publics)
{
	const struct model *m = s->m;
	struct tval *l = tv_list(&s->page), *v;
	size_t	 i;

	for (i = 0; i < set->n; i++) {
		v = tv_map(&s->page);
		if (publics) {
			site_set(s, v, "key", m->publics[set->v[i]].key);
			site_set(s, v, "nom", m->publics[set->v[i]].nom);
		} else {
			site_set(s, v, "key", m->besoins[set->v[i]].key);
			site_set(s, v, "nom", m->besoins[set->v[i]].nom);
		}
		tv_push(&s->page, l, v);
	}
	return l;
}

/*
 * What a body section is about, from its title: what the service does
 * (shown first, under one heading with the text before any title), how
 * to reach it (merged with the access details: one heading per topic),
 * or anything else (kept with its own title, after the practical
 * details). Titles are folded: « Comment y accéder ? », « Accès ».
 */
enum part_kind {
	PART_WHAT,
	PART_ACCESS,
	PART_OTHER
};

static enum part_kind
part_kind(struct site *s, const char *title)
{
	static const char *const what[] = {"missions", "mission",
	    "presentation", "ce que fait", "ce que nous faisons", "role",
	    "activites", "services proposes", "qui sommes-nous",
	    "a quoi sert"};
	static const char *const access[] = {"comment y acceder",
	    "comment en beneficier", "comment beneficier", "acces",
	    "modalites", "comment nous joindre", "comment contacter",
	    "comment faire", "comment le contacter", "comment la contacter",
	    "pour y acceder"};
	const char *t;
	size_t	 i;

	if (title == NULL)
		return PART_WHAT;
	buf_reset(&s->tmp);
	fold_text(&s->tmp, title);
	t = buf_cstr(&s->tmp);
	while (*t == ' ')
		t++;
	for (i = 0; i < sizeof(what) / sizeof(what[0]); i++)
		if (str_has_prefix(t, what[i]))
			return PART_WHAT;
	for (i = 0; i < sizeof(access) / sizeof(access[0]); i++)
		if (str_has_prefix(t, access[i]))
			return PART_ACCESS;
	return PART_OTHER;
}

/*
 * The body cut by topic: presentation, acces_texte and autres (lists of
 * {html} and {titre, ancre, html}).
 */
static void
body_parts(struct site *s, struct tval *ctx, const struct sheet *sh)
{
	struct md_part *parts;
	struct tval *what = tv_list(&s->page), *acc = tv_list(&s->page);
	struct tval *other = tv_list(&s->page), *v;
	size_t	 n, i;

	n = md_html_parts(&parts, s->m, sh->body, sh->body_len, 0, s->seen);
	for (i = 0; i < n; i++) {
		enum part_kind k = part_kind(s, parts[i].title);

		v = tv_map(&s->page);
		site_set(s, v, "html", parts[i].html);
		if (k == PART_WHAT)
			tv_push(&s->page, what, v);
		else if (k == PART_ACCESS)
			tv_push(&s->page, acc, v);
		else {
			site_set(s, v, "titre", parts[i].title);
			tv_set(&s->page, v, "ancre", site_strf(s, "t-partie-%zu",
			    i));
			tv_push(&s->page, other, v);
		}
	}
	md_parts_free(parts, n);
	tv_set(&s->page, ctx, "presentation", what);
	tv_set_bool(&s->page, ctx, "a_presentation", tv_len(what) > 0);
	tv_set(&s->page, ctx, "acces_texte", acc);
	tv_set(&s->page, ctx, "autres", other);
}

/*
 * A closed sheet: {depuis, remplace: {id, nom}}. « Depuis » is the start
 * of its latest closure already begun, when it has one.
 */
static struct tval *
closed_val(struct site *s, const struct sheet *sh)
{
	struct tval *v;
	long	 since = -1;
	size_t	 i;

	if (sh->statut != STATUT_FERME)
		return tv_null(&s->page);
	v = tv_map(&s->page);
	for (i = 0; i < sh->nfermetures; i++)
		if (sh->fermetures[i].du <= s->m->today &&
		    sh->fermetures[i].du > since)
			since = sh->fermetures[i].du;
	tv_set(&s->page, v, "depuis", since >= 0 ? site_date(s, since) :
	    tv_null(&s->page));
	tv_set(&s->page, v, "remplace", tv_null(&s->page));
	if (sh->remplace_par >= 0) {
		const struct sheet *r = &s->m->sheets[sh->remplace_par];
		struct tval *w = tv_map(&s->page);

		site_set(s, w, "id", r->id);
		site_set(s, w, "nom", r->nom);
		tv_set(&s->page, v, "remplace", w);
	}
	return v;
}

/* « Signaler une erreur »: the sheet's name and page address. */
static struct tval *
report_val(struct site *s, const struct sheet *sh)
{
	struct buf subj = {0}, body = {0};
	struct tval *v;

	buf_printf(&subj, "Erreur sur la fiche « %s »", sh->nom);
	buf_printf(&body, "Fiche : %s\nPage : %sfiches/%s/\n\nCe qui est "
	    "faux ou manque :\n", sh->nom, s->m->site.url, sh->id);
	v = site_report(s, buf_cstr(&subj), buf_cstr(&body), "fiche",
	    sh->nom);
	buf_dispose(&subj);
	buf_dispose(&body);
	return v;
}

/* The page of sheet idx (drafts have none). */
static int
write_sheet(struct site *s, size_t idx)
{
	const struct model *m = s->m;
	const struct sheet *sh = &m->sheets[idx];
	struct tval *ctx, *v, *l;
	struct buf *t = &s->tmp;
	size_t	 i;
	char	*path;
	int	 rc;

	if (sh->statut == STATUT_BROUILLON)
		return 0;
	ctx = site_ctx(s, 2);

	site_set(s, ctx, "titre", sh->nom);
	site_set(s, ctx, "id", sh->id);
	site_set(s, ctx, "sigle", sh->sigle);
	site_set(s, ctx, "description", sh->resume);
	site_set(s, ctx, "og_type", "article");
	buf_reset(t);
	buf_printf(t, "%sfiches/%s/", m->site.url, sh->id);
	tv_set(&s->page, ctx, "canonique", site_tmp(s));
	if (sh->type >= 0) {
		v = tv_map(&s->page);
		site_set(s, v, "key", m->types[sh->type].key);
		site_set(s, v, "nom", m->types[sh->type].nom);
		site_set(s, v, "sigle", m->types[sh->type].sigle);
		tv_set(&s->page, ctx, "type", v);
	}
	/* In the page's order, for acronyms spelled out at first use. */
	if (sh->facile != NULL) {
		buf_reset(t);
		md_html(t, m, sh->facile, strlen(sh->facile), 1, s->seen);
		tv_set(&s->page, ctx, "facile_html", site_tmp(s));
	}
	buf_reset(t);
	md_abbr(t, m, sh->resume, s->seen);
	tv_set(&s->page, ctx, "resume_html", site_tmp(s));
	tv_set(&s->page, ctx, "ferme", closed_val(s, sh));
	tv_set_bool(&s->page, ctx, "pro", sh->pro_only);
	/* Its flyers, when this run printed them (site_print.c). */
	if (s->flyers != NULL && (s->flyers[idx] & SITE_FLYER))
		tv_set(&s->page, ctx, "affichette", site_strf(s,
		    "../../imprimer/affichettes/%s.pdf", sh->id));
	if (s->flyers != NULL && (s->flyers[idx] & SITE_FLYER_FACILE))
		tv_set(&s->page, ctx, "affichette_facile", site_strf(s,
		    "../../imprimer/affichettes/facile/%s.pdf", sh->id));
	tv_set(&s->page, ctx, "fermeture", closure_val(s, sh));
	tv_set(&s->page, ctx, "publics", keys_val(s, &sh->publics, 1));
	tv_set(&s->page, ctx, "besoins", keys_val(s, &sh->besoins, 0));
	l = tv_list(&s->page);
	for (i = 0; i < sh->territoires.n; i++) {
		const struct territory *tr = &m->terr[sh->territoires.v[i]];

		v = tv_map(&s->page);
		site_set(s, v, "code", tr->code);
		site_set(s, v, "nom", tr->nom);
		site_set(s, v, "niveau", terr_type_label(tr->type));
		tv_push(&s->page, l, v);
	}
	tv_set(&s->page, ctx, "territoires", l);
	tv_set(&s->page, ctx, "lieux", places_val(s, sh));
	if (sh->nlieux > 0 && sh->lieux[0].adresse != NULL) {
		v = tv_map(&s->page);
		site_set(s, v, "adresse", sh->lieux[0].adresse);
		site_set(s, v, "code_postal", sh->lieux[0].code_postal);
		if (sh->lieux[0].commune >= 0)
			site_set(s, v, "commune",
			    m->terr[sh->lieux[0].commune].nom);
		tv_set(&s->page, v, "itineraire", route_val(s,
		    &sh->lieux[0]));
		tv_set(&s->page, ctx, "adresse_principale", v);
	}
	if (sh->hours != NULL)
		tv_set(&s->page, ctx, "horaires", hours_val(s, sh,
		    sh->hours, NULL));
	/* « Ouvert maintenant » in the contact box: the service's hours, else
	 * its first place's. */
	{
		const struct hours *h = sh->hours;

		for (i = 0; h == NULL && i < sh->nlieux; i++)
			h = sh->lieux[i].hours;
		if (h != NULL) {
			v = tv_map(&s->page);
			buf_reset(t);
			hours_json(t, h);
			if (t->len > 0) {
				tv_set(&s->page, v, "json", site_tmp(s));
				tv_set(&s->page, v, "fermetures",
				    closures_attr(s, sh));
				tv_set(&s->page, ctx, "ouvert", v);
			}
		}
	}
	tv_set(&s->page, ctx, "telephone", phone_val(s, &sh->telephone));
	if (sh->email != NULL) {
		v = tv_map(&s->page);
		site_set(s, v, "adresse", sh->email);
		buf_reset(t);
		buf_puts(t, "mailto:");
		buf_puts(t, sh->email);
		tv_set(&s->page, v, "uri", site_tmp(s));
		tv_set(&s->page, ctx, "email", v);
	}
	if (sh->site != NULL && md_url_ok(sh->site) &&
	    (str_has_prefix(sh->site, "https://") ||
	    str_has_prefix(sh->site, "http://")))
		site_set(s, ctx, "site_web", sh->site);
	tv_set(&s->page, ctx, "modes", labels_val(s, sh->acces, 0));
	tv_set_bool(&s->page, ctx, "a_modes", sh->acces != 0);
	tv_set(&s->page, ctx, "orientation", labels_val(s, sh->orientation,
	    1));
	tv_set_bool(&s->page, ctx, "a_orientation", sh->orientation != 0);
	site_set(s, ctx, "conditions", sh->conditions_acces);
	tv_set(&s->page, ctx, "age", age_val(s, sh));
	if (sh->frais != FRAIS_NONE)
		site_set(s, ctx, "frais", sh->frais == FRAIS_GRATUIT ?
		    "Gratuit" : "Payant");
	site_set(s, ctx, "frais_precisions", sh->frais_precisions);
	buf_reset(t);
	for (i = 0; i < sh->langues.n; i++) {
		if (i > 0)
			buf_puts(t, i + 1 == sh->langues.n ? " et " : ", ");
		buf_puts(t, model_lang_label(sh->langues.v[i]));
	}
	if (t->len > 0 && t->data[0] >= 'a' && t->data[0] <= 'z')
		t->data[0] = (char)(t->data[0] - 'a' + 'A');
	tv_set(&s->page, ctx, "langues", site_tmp(s));
	tv_set_bool(&s->page, ctx, "interpretariat", sh->interpretariat == 1);
	tv_set_bool(&s->page, ctx, "a_modalites", sh->acces != 0 ||
	    sh->orientation != 0 || sh->frais != FRAIS_NONE ||
	    sh->frais_precisions != NULL || sh->langues.n > 0);
	site_set(s, ctx, "porteur", sh->porteur);
	site_set(s, ctx, "siret", sh->siret);
	site_set(s, ctx, "finess", sh->finess);
	body_parts(s, ctx, sh);
	tv_set_bool(&s->page, ctx, "a_acces", tv_len(tv_get(ctx,
	    "acces_texte")) > 0 || sh->acces != 0 || sh->orientation != 0 ||
	    sh->frais != FRAIS_NONE || sh->frais_precisions != NULL ||
	    sh->langues.n > 0);
	tv_set(&s->page, ctx, "signalement", report_val(s, sh));
	l = site_cards(s, sh->liens_all.v, sh->liens_all.n, 3);
	tv_set(&s->page, ctx, "services", l);
	tv_set_bool(&s->page, ctx, "a_liens", tv_len(l) > 0);
	tv_set(&s->page, ctx, "verifie_le", site_date(s, sh->verifie_le));
	{
		char	 iso[11];

		site_set(s, ctx, "verifie_le_iso", date_iso(iso,
		    sh->verifie_le));
	}
	tv_set_bool(&s->page, ctx, "a_verifier", sh->stale);
	if (sh->modifie_le > 0) {
		char	 iso[11];

		tv_set(&s->page, ctx, "modifie_le", site_date(s,
		    sh->modifie_le));
		site_set(s, ctx, "modifie_le_iso", date_iso(iso,
		    sh->modifie_le));
	}
	if (m->site.edition != NULL && md_url_ok(m->site.edition)) {
		buf_reset(t);
		buf_puts(t, m->site.edition);
		buf_puts(t, sh->file);
		tv_set(&s->page, ctx, "edition", site_tmp(s));
	}
	buf_reset(t);
	buf_printf(t, "%sfiches/%s/", m->site.url, sh->id);
	path = xstrdup(t->data);
	buf_reset(t);
	sheet_jsonld(t, m, sh, path);
	free(path);
	tv_set(&s->page, ctx, "jsonld", site_tmp(s));
	site_crumb(s, ctx, "Accueil", "../../index.html");
	if (sh->type >= 0) {
		buf_reset(t);
		buf_printf(t, "../../types/%s/index.html",
		    m->types[sh->type].key);
		path = xstrdup(t->data);
		site_crumb(s, ctx, m->types[sh->type].sigle != NULL ?
		    m->types[sh->type].sigle : m->types[sh->type].nom, path);
		free(path);
	}
	buf_reset(t);
	buf_printf(t, "fiches/%s/", sh->id);
	path = xstrdup(t->data);
	s->lastmod = sh->modifie_le;	/* from git, 0 outside a repository */
	rc = site_emit(s, path, "fiche", ctx, 1);
	free(path);
	return rc;
}

/* Every sheet but drafts, closed ones included (with their notice). */
int
site_fiches(struct site *s)
{
	if (site_mkdir(s, "fiches") == -1)
		return -1;
	return site_parallel(s, s->m->nsheets, write_sheet);
}
