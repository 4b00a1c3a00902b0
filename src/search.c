/*
 * search.c: the search index, precomputed at build time and read by the
 * browser runtime templates/assets/search.js (keep both in step; the
 * version number "v" of the manifest changes when the format does).
 *
 * Documents are the published sheets that are not closed (drafts and
 * closed sheets are never indexed), numbered 0..n-1 in the model's name
 * order, so that sheets of one kind ("CLIC de …", "SSIAD du …"), which
 * often answer the same query, share metadata shards.
 *
 * Words. fold_words() splits a text into words after case, accent and
 * ligature folding (œ → oe); apostrophes and hyphens split words, so the
 * elisions (l' d' qu' j' jusqu' …) become words of their own, which are
 * stop words, as are the other French stop words of stopwords[] (shipped
 * in the manifest, so that the browser drops the same ones). Digits are
 * kept. Each word form is stemmed with Snowball (French) in lower case
 * with its accents, and the stem is folded; a folded form whose spellings
 * stem differently takes the stem of its most frequent spelling. The
 * browser never stems: the vocabulary maps every form that occurs to its
 * stem, and postings are per stem. Prefixes (as you type) and typos (one
 * edit) are matched by the browser over the forms of the shards.
 *
 * Fields and scores. A sheet's fields are weighted (name and acronym
 * above summary, needs with their synonyms, type name and acronym,
 * keywords, then places, carrier and body); contacts_pro is never read.
 * A stem's score in a document is a BM25F term frequency part:
 * wtf = sum of field weight × occurrences, the body's occurrences being
 * normalised by the body's length; part = wtf / (wtf + K1), quantised to
 * 1..63. The browser multiplies it by idf = ln(1 + (n - df + .5) /
 * (df + .5)), from the document frequency df written next to each stem.
 *
 * Acronyms. Each single-word acronym of the glossary (which holds the
 * sigles of types.yaml too) with a long form of two words or more is a
 * phrase: where a text holds the long form's words (stop words aside), in
 * full, or its first four words when it has five or more, the acronym is
 * indexed as if it were written there. The phrase is also stored in the
 * vocabulary shard of its first word, and search.js replaces the long
 * form in a query by the acronym, so that both return the same ranking.
 *
 * Files, under SITE/recherche/idx/:
 *   manifest.json   {"v":1,"n":docs,"m":docs per metadata shard,
 *                    "stop":"stop words, space-separated",
 *                    "sh":"bitmap of the vocabulary shards"}
 *   v/KEY.json      vocabulary shard of the forms starting with KEY (their
 *                   first two characters, or one for one-character forms):
 *                   {"t":[[stem, df, postings or "", "form form …"], …],
 *                    "ph":[["long form words", [sigle's stem, df,
 *                    postings or "", sigle's form]], …]}
 *   p/STEM.json     postings of a stem with more than INLINE_MAX documents
 *                   (smaller ones are inline in the vocabulary)
 *   m/K.json        metadata of documents K*m .. K*m+m-1:
 *                   [[id, nom, sigle, resume, telephone], …]
 *   f/t/CODE.json   documents covering territory CODE (a commune keeps
 *                   every service whose coverage includes it, whatever
 *                   level the sheet declared), f/b/KEY.json per need,
 *                   f/p/KEY.json per public, f/y/KEY.json per type.
 * A bit i of "sh" (6 bits per character of B64, low bit first) is set
 * when shard KEY exists, i = c1 * 37 + c2 with c = 0..9 for digits,
 * 10..35 for letters and c2 = 36 for a one-character key.
 *
 * Postings and document lists are strings over B64: each document as a
 * varint of its gap to the previous one (doc - prev - 1, prev = -1
 * first), 5 bits per character with 32 meaning "more follows", low bits
 * first; in postings each gap is followed by one character, the score.
 *
 * Output is deterministic: every list is sorted, floats are computed in
 * one order.
 */
#include <errno.h>
#include <libstemmer.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "esc.h"
#include "fold.h"
#include "md.h"
#include "model.h"
#include "outputs.h"
#include "util.h"

#define SX_VERSION	1
#define K1		2.0	/* BM25 term frequency saturation */
#define B_BODY		0.75	/* BM25 length normalisation (body) */
#define INLINE_MAX	64	/* postings of at most this many documents
				 * live in the vocabulary shard */
#define META_PER	8	/* documents per metadata shard */
#define NCAND		4	/* stems remembered per folded form */
#define PHRASE_PREFIX	4	/* words of a long form that suffice */

/* Field weights. */
#define W_NOM		10.0
#define W_SIGLE		10.0
#define W_RESUME	5.0
#define W_BESOIN	3.0
#define W_TYPE		2.0
#define W_MOTS		2.0
#define W_LIEU		1.0
#define W_BODY		1.0

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * French stop words, folded, sorted: Snowball's list (articles, pronouns,
 * être and avoir), the elided forms and a few more. Not "ca" or other
 * words that are also acronyms of the field.
 */
static const char *const stopwords[] = {
	"a", "ai", "aie", "aient", "aies", "ait", "as", "au", "aura", "aurai",
	"auraient", "aurais", "aurait", "auras", "aurez", "auriez", "aurions",
	"aurons", "auront", "aux", "avaient", "avais", "avait", "avec", "avez",
	"aviez", "avions", "avons", "ayant", "ayante", "ayantes", "ayants",
	"ayez", "ayons", "c", "ce", "ceci", "cela", "ces", "cet", "cette", "d",
	"dans", "de", "des", "du", "elle", "elles", "en", "es", "est", "et",
	"etaient", "etais", "etait", "etant", "etante", "etantes", "etants",
	"ete", "etee", "etees", "etes", "etiez", "etions", "eu", "eue", "eues",
	"eumes", "eurent", "eus", "eusse", "eussent", "eusses", "eussiez",
	"eussions", "eut", "eutes", "eux", "fumes", "furent", "fus", "fusse",
	"fussent", "fusses", "fussiez", "fussions", "fut", "futes", "il",
	"ils", "j", "je", "jusqu", "l", "la", "le", "les", "leur", "leurs",
	"lorsqu", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon",
	"n", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "par",
	"pas", "pour", "puisqu", "qu", "que", "quel", "quelle", "quelles",
	"quels", "qui", "quoiqu", "s", "sa", "se", "sera", "serai", "seraient",
	"serais", "serait", "seras", "serez", "seriez", "serions", "serons",
	"seront", "ses", "si", "soient", "sois", "soit", "sommes", "son",
	"sont", "soyez", "soyons", "suis", "sur", "t", "ta", "te", "tes",
	"toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
};

/* A document's accumulated weight for one form or stem. */
struct sx_post {
	int	 doc;
	int	 tf;		/* occurrences in the body */
	double	 w;		/* weighted, other fields */
};

/* A folded word form. */
struct sx_form {
	const char	*s;
	int		 stem;		/* resolved stem, -1 before */
	int		 lastdoc;	/* document of the last posting */
	int		 phrase;	/* first phrase starting here, -1 */
	int		 cand[NCAND];	/* stems of its spellings */
	unsigned	 count[NCAND];	/* and their occurrences */
	struct sx_post	*p;
	size_t		 np, cap;
};

/* A spelling (lower case, accents) of a form: its form and stem. */
struct sx_orig {
	int	 form;		/* -1 for stop words */
	int	 stem;
};

/* A stem and its merged postings. */
struct sx_stem {
	const char	*s;
	int		*docs;
	unsigned char	*q;		/* quantised scores */
	size_t		 n;		/* df */
};

/* A long form that stands for an acronym. */
struct sx_phrase {
	int		*forms;
	size_t		 n;
	const char	*text;		/* its words, space-separated */
	int		 sigle;		/* the acronym's spelling */
	int		 next;		/* next with that first word */
};

struct sx {
	struct build	*b;
	const struct model *m;
	struct arena	 a;
	struct sb_stemmer *sb;
	struct strmap	 stop, formmap, stemmap, origmap;
	struct sx_form	*forms;
	size_t		 nforms, capforms;
	struct sx_stem	*stems;
	size_t		 nstems, capstems;
	struct sx_orig	*origs;
	size_t		 norigs, caporigs;
	struct sx_phrase *ph;
	size_t		 nph;
	int		*docs;		/* document → sheet */
	size_t		 ndocs;
	int		*doc_of;	/* sheet → document, -1 */
	int		*dl;		/* body length per document */
	/* The field being read. */
	int		 doc;
	double		 weight;
	int		 body;
	int		*tok;		/* its words' forms */
	size_t		 ntok, captok;
};

/* Where one writer writes, and what it wrote. */
struct sx_out {
	const char	*dir;		/* SITE/recherche/idx */
	size_t		 nfiles, nbytes;
};

static int
stem_new(struct sx *x, const char *s)
{
	int	 id;

	if ((id = strmap_get(&x->stemmap, s)) >= 0)
		return id;
	if (x->nstems == x->capstems) {
		x->capstems = x->capstems ? x->capstems * 2 : 1024;
		x->stems = xrealloc(x->stems, x->capstems * sizeof(*x->stems));
	}
	id = (int)x->nstems++;
	memset(&x->stems[id], 0, sizeof(x->stems[id]));
	x->stems[id].s = arena_strdup(&x->a, s);
	strmap_put(&x->stemmap, x->stems[id].s, id);
	return id;
}

static int
form_new(struct sx *x, const char *s)
{
	struct sx_form *f;
	int	 id;

	if ((id = strmap_get(&x->formmap, s)) >= 0)
		return id;
	if (x->nforms == x->capforms) {
		x->capforms = x->capforms ? x->capforms * 2 : 1024;
		x->forms = xrealloc(x->forms, x->capforms * sizeof(*x->forms));
	}
	id = (int)x->nforms++;
	f = &x->forms[id];
	memset(f, 0, sizeof(*f));
	f->s = arena_strdup(&x->a, s);
	f->stem = -1;
	f->lastdoc = -1;
	f->phrase = -1;
	strmap_put(&x->formmap, f->s, id);
	return id;
}

/*
 * The spelling lower (lower case with accents) of the folded form folded:
 * its form (-1 for a stop word) and stem, computed once per spelling.
 */
static const struct sx_orig *
orig_get(struct sx *x, const char *folded, size_t flen, const char *lower,
    size_t llen)
{
	struct buf stem = {0};
	struct sx_orig *o;
	const sb_symbol *r;
	int	 id;
	size_t	 i;

	if ((id = strmap_get(&x->origmap, lower)) >= 0)
		return &x->origs[id];
	if (x->norigs == x->caporigs) {
		x->caporigs = x->caporigs ? x->caporigs * 2 : 1024;
		x->origs = xrealloc(x->origs, x->caporigs * sizeof(*x->origs));
	}
	id = (int)x->norigs++;
	o = &x->origs[id];
	o->form = -1;
	o->stem = -1;
	strmap_put(&x->origmap, arena_strndup(&x->a, lower, llen), id);
	if (strmap_get(&x->stop, folded) >= 0)
		return o;
	o->form = form_new(x, folded);
	for (i = 0; i < flen; i++)
		if (folded[i] >= '0' && folded[i] <= '9')
			break;
	if (i < flen) {
		/* Numbers and codes are not stemmed. */
		o->stem = stem_new(x, folded);
		return o;
	}
	r = sb_stemmer_stem(x->sb, (const sb_symbol *)lower, (int)llen);
	if (r == NULL)
		abort();	/* out of memory */
	{
		char	*t = arena_strndup(&x->a, (const char *)r,
		    (size_t)sb_stemmer_length(x->sb));

		fold_text(&stem, t);
	}
	o->stem = stem_new(x, stem.len > 0 ? stem.data : folded);
	buf_dispose(&stem);
	return o;
}

/*
 * Counts one occurrence of a spelling of f whose stem is stem. A fifth
 * spelling of one form is too rare to matter and is not counted.
 */
static void
form_vote(struct sx_form *f, int stem)
{
	int	 i;

	for (i = 0; i < NCAND; i++) {
		if (f->count[i] == 0) {
			f->cand[i] = stem;
			f->count[i] = 1;
			return;
		}
		if (f->cand[i] == stem) {
			f->count[i]++;
			return;
		}
	}
}

/* fold_words callback: collects the spellings of the non-stop words. */
static void
field_word(void *arg, const char *folded, size_t flen, const char *lower,
    size_t llen)
{
	struct sx *x = arg;
	const struct sx_orig *o;

	o = orig_get(x, folded, flen, lower, llen);
	if (o->form < 0)
		return;
	if (x->ntok == x->captok) {
		x->captok = x->captok ? x->captok * 2 : 256;
		x->tok = xrealloc(x->tok, x->captok * sizeof(*x->tok));
	}
	x->tok[x->ntok++] = (int)(o - x->origs);
}

/* One occurrence of spelling orig in the current document and field. */
static void
occur(struct sx *x, int orig)
{
	struct sx_form *f = &x->forms[x->origs[orig].form];
	struct sx_post *p;

	form_vote(f, x->origs[orig].stem);
	if (f->lastdoc != x->doc) {
		if (f->np == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 4;
			f->p = xrealloc(f->p, f->cap * sizeof(*f->p));
		}
		p = &f->p[f->np++];
		p->doc = x->doc;
		p->tf = 0;
		p->w = 0;
		f->lastdoc = x->doc;
	}
	p = &f->p[f->np - 1];
	if (x->body)
		p->tf++;
	else
		p->w += x->weight;
}

/*
 * Length of the phrase ph matched at tok[i..]: its length when the words
 * match in full, or PHRASE_PREFIX of a longer phrase; 0 otherwise.
 */
static size_t
phrase_match(const struct sx *x, const struct sx_phrase *ph, const int *tok,
    size_t ntok)
{
	size_t	 k;

	for (k = 0; k < ph->n && k < ntok; k++)
		if (x->origs[tok[k]].form != ph->forms[k])
			break;
	if (k == ph->n || (ph->n > PHRASE_PREFIX && k >= PHRASE_PREFIX))
		return k;
	return 0;
}

/* Indexes text as one field of the current document. */
static void
field(struct sx *x, const char *text, double weight, int body)
{
	size_t	 i;
	int	 p;

	if (text == NULL || *text == '\0')
		return;
	x->ntok = 0;
	x->weight = weight;
	x->body = body;
	fold_words(text, field_word, x);
	for (i = 0; i < x->ntok; i++) {
		occur(x, x->tok[i]);
		p = x->forms[x->origs[x->tok[i]].form].phrase;
		for (; p >= 0; p = x->ph[p].next)
			if (phrase_match(x, &x->ph[p], x->tok + i,
			    x->ntok - i) > 0) {
				occur(x, x->ph[p].sigle);
				break;
			}
	}
	if (body)
		x->dl[x->doc] += (int)x->ntok;
}

/*
 * The phrases of the glossary: single-word acronyms with a long form of
 * two words or more.
 */
static void
phrases_init(struct sx *x)
{
	const struct gloss *g;
	struct sx_phrase *ph;
	struct buf text = {0};
	size_t	 i, k;
	int	 sigle, *last;

	x->ph = xcalloc(x->m->ngloss + 1, sizeof(*x->ph));
	for (i = 0; i < x->m->ngloss; i++) {
		g = &x->m->gloss[i];
		if (g->sigle == NULL || g->forme_longue == NULL)
			continue;
		x->ntok = 0;
		fold_words(g->sigle, field_word, x);
		if (x->ntok != 1)
			continue;
		sigle = x->tok[0];
		x->ntok = 0;
		fold_words(g->forme_longue, field_word, x);
		if (x->ntok < 2)
			continue;
		ph = &x->ph[x->nph];
		ph->forms = arena_alloc(&x->a, x->ntok * sizeof(*ph->forms));
		for (k = 0; k < x->ntok; k++)
			ph->forms[k] = x->origs[x->tok[k]].form;
		ph->n = x->ntok;
		ph->sigle = sigle;
		ph->next = -1;
		buf_reset(&text);
		for (k = 0; k < ph->n; k++)
			buf_printf(&text, "%s%s", k ? " " : "",
			    x->forms[ph->forms[k]].s);
		ph->text = arena_strdup(&x->a, text.data);
		/* Chain it after the phrases of the same first word. */
		last = &x->forms[ph->forms[0]].phrase;
		while (*last >= 0)
			last = &x->ph[*last].next;
		*last = (int)x->nph++;
	}
	buf_dispose(&text);
}

/* Joins the names of the needs, with their synonyms, of sheet s. */
static void
besoins_text(struct buf *o, const struct model *m, const struct sheet *s)
{
	const struct besoin *bs;
	size_t	 i, k;

	for (i = 0; i < s->besoins.n; i++) {
		bs = &m->besoins[s->besoins.v[i]];
		buf_printf(o, "%s\n", bs->nom);
		for (k = 0; k < bs->synonymes.n; k++)
			buf_printf(o, "%s\n", bs->synonymes.v[k]);
	}
}

/* Places, carrier and declared territories of sheet s. */
static void
lieux_text(struct buf *o, const struct model *m, const struct sheet *s)
{
	size_t	 i;

	if (s->porteur != NULL)
		buf_printf(o, "%s\n", s->porteur);
	for (i = 0; i < s->territoires.n; i++)
		buf_printf(o, "%s\n", m->terr[s->territoires.v[i]].nom);
	for (i = 0; i < s->nlieux; i++) {
		if (s->lieux[i].nom != NULL)
			buf_printf(o, "%s\n", s->lieux[i].nom);
		if (s->lieux[i].commune >= 0)
			buf_printf(o, "%s\n",
			    m->terr[s->lieux[i].commune].nom);
	}
}

/* Reads every field of document d (never contacts_pro). */
static void
index_doc(struct sx *x, int d, struct buf *tmp)
{
	const struct model *m = x->m;
	const struct sheet *s = &m->sheets[x->docs[d]];
	const struct type_def *t = s->type >= 0 ? &m->types[s->type] : NULL;
	size_t	 i;

	x->doc = d;
	field(x, s->nom, W_NOM, 0);
	field(x, s->sigle, W_SIGLE, 0);
	field(x, s->resume, W_RESUME, 0);
	buf_reset(tmp);
	besoins_text(tmp, m, s);
	field(x, tmp->data, W_BESOIN, 0);
	if (t != NULL) {
		field(x, t->nom, W_TYPE, 0);
		field(x, t->sigle, W_TYPE, 0);
	}
	for (i = 0; i < s->mots_cles.n; i++)
		field(x, s->mots_cles.v[i], W_MOTS, 0);
	buf_reset(tmp);
	lieux_text(tmp, m, s);
	field(x, tmp->data, W_LIEU, 0);
	field(x, s->text, W_BODY, 1);
}

/* Picks each form's stem: its most frequent spelling's, ties by name. */
static void
resolve_stems(struct sx *x)
{
	struct sx_form *f;
	size_t	 i;
	int	 k, best;

	for (i = 0; i < x->nforms; i++) {
		f = &x->forms[i];
		best = -1;
		for (k = 0; k < NCAND && f->count[k] > 0; k++)
			if (best < 0 || f->count[k] > f->count[best] ||
			    (f->count[k] == f->count[best] &&
			    strcmp(x->stems[f->cand[k]].s,
			    x->stems[f->cand[best]].s) < 0))
				best = k;
		f->stem = best >= 0 ? f->cand[best] : -1;
	}
}

/* A posting with the form it came from, for a stable merge. */
struct sx_mpost {
	int	 doc;
	int	 form;
	const struct sx_post *p;
};

static int
mpost_cmp(const void *a, const void *b)
{
	const struct sx_mpost *p = a, *q = b;

	if (p->doc != q->doc)
		return p->doc < q->doc ? -1 : 1;
	return p->form < q->form ? -1 : p->form > q->form;
}

/*
 * Merges the postings of each stem's forms and computes the quantised
 * BM25F scores.
 */
static void
score_stems(struct sx *x)
{
	struct sx_mpost *mp = NULL;
	size_t	 capmp = 0, nmp, i, k, j, *first, *next;
	double	 avgdl = 0, wtf, norm, part;
	long long total = 0;
	struct sx_stem *st;
	int	 q;

	for (i = 0; i < x->ndocs; i++)
		total += x->dl[i];
	avgdl = x->ndocs > 0 ? (double)total / (double)x->ndocs : 1;
	if (avgdl <= 0)
		avgdl = 1;
	/* Forms of each stem, chained in form order. */
	first = xcalloc(x->nstems + 1, sizeof(*first));
	next = xcalloc(x->nforms + 1, sizeof(*next));
	for (i = x->nforms; i-- > 0;) {
		if (x->forms[i].stem < 0 || x->forms[i].np == 0)
			continue;
		next[i] = first[x->forms[i].stem];
		first[x->forms[i].stem] = i + 1;
	}
	for (i = 0; i < x->nstems; i++) {
		st = &x->stems[i];
		nmp = 0;
		for (k = first[i]; k != 0; k = next[k - 1]) {
			const struct sx_form *f = &x->forms[k - 1];

			for (j = 0; j < f->np; j++) {
				if (nmp == capmp) {
					capmp = capmp ? capmp * 2 : 1024;
					mp = xrealloc(mp, capmp * sizeof(*mp));
				}
				mp[nmp].doc = f->p[j].doc;
				mp[nmp].form = (int)(k - 1);
				mp[nmp].p = &f->p[j];
				nmp++;
			}
		}
		if (nmp == 0)
			continue;
		qsort(mp, nmp, sizeof(*mp), mpost_cmp);
		st->docs = xcalloc(nmp, sizeof(*st->docs));
		st->q = xcalloc(nmp, sizeof(*st->q));
		for (k = 0; k < nmp; k = j) {
			double	 w = 0;
			int	 tf = 0;

			for (j = k; j < nmp && mp[j].doc == mp[k].doc; j++) {
				w += mp[j].p->w;
				tf += mp[j].p->tf;
			}
			norm = 1 - B_BODY + B_BODY * x->dl[mp[k].doc] / avgdl;
			wtf = w + W_BODY * tf / norm;
			part = wtf / (wtf + K1);
			q = (int)lround(part * 63);
			st->docs[st->n] = mp[k].doc;
			st->q[st->n] = (unsigned char)(q < 1 ? 1 : q > 63 ?
			    63 : q);
			st->n++;
		}
	}
	free(mp);
	free(first);
	free(next);
}

/* A varint of B64 characters (see the top of this file). */
static void
put_varint(struct buf *o, unsigned v)
{
	while (v >= 32) {
		buf_putc(o, b64[32 | (v & 31)]);
		v >>= 5;
	}
	buf_putc(o, b64[v]);
}

/* A JSON string of document gaps, with scores when q is not NULL. */
static void
put_docs(struct buf *o, const int *docs, const unsigned char *q, size_t n)
{
	size_t	 i;
	int	 prev = -1;

	buf_putc(o, '"');
	for (i = 0; i < n; i++) {
		put_varint(o, (unsigned)(docs[i] - prev - 1));
		prev = docs[i];
		if (q != NULL)
			buf_putc(o, b64[q[i]]);
	}
	buf_putc(o, '"');
}

/* Writes o into out->dir/rel. Returns 0, or 3 after printing the error. */
static int
put_file(struct sx_out *out, const char *rel, const struct buf *o)
{
	struct buf path = {0};
	int	 rc = 0;

	buf_printf(&path, "%s/%s", out->dir, rel);
	if (util_write_file(path.data, o->data ? o->data : "", o->len) ==
	    -1) {
		fprintf(stderr, "maillage : écriture de %s impossible : %s\n",
		    path.data, util_strerror(errno));
		rc = 3;
	}
	out->nfiles++;
	out->nbytes += o->len;
	buf_dispose(&path);
	return rc;
}

static int
make_dir(const char *dir, const char *rel)
{
	struct buf path = {0};
	int	 rc = 0;

	buf_printf(&path, "%s%s%s", dir, *rel ? "/" : "", rel);
	if (util_mkdir_p(path.data) == -1) {
		fprintf(stderr, "maillage : impossible de créer %s : %s\n",
		    path.data, util_strerror(errno));
		rc = 3;
	}
	buf_dispose(&path);
	return rc;
}

/* A stem's record: [stem, df, inline postings or "", forms]. */
static void
put_term(struct buf *o, const struct sx_stem *st, const char *forms)
{
	buf_putc(o, '[');
	esc_json(o, st->s);
	buf_printf(o, ",%zu,", st->n);
	if (st->n <= INLINE_MAX)
		put_docs(o, st->docs, st->q, st->n);
	else
		buf_puts(o, "\"\"");
	buf_putc(o, ',');
	esc_json(o, forms);
	buf_putc(o, ']');
}

/* The shard key of a folded form: index of its bit in "sh". */
static int
shard_bit(const char *s)
{
	int	 c1, c2;

	c1 = s[0] >= 'a' ? s[0] - 'a' + 10 : s[0] - '0';
	if (s[1] == '\0')
		c2 = 36;
	else
		c2 = s[1] >= 'a' ? s[1] - 'a' + 10 : s[1] - '0';
	return c1 * 37 + c2;
}

/* A form in the sorted vocabulary. */
struct sx_fref {
	const char	*s;
	int		 id;
};

static int
fref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sx_fref *)a)->s,
	    ((const struct sx_fref *)b)->s);
}

/*
 * Writes the vocabulary shards and the postings files; sets the bits of
 * the shards written in sh.
 */
static int
write_vocab(const struct sx *x, struct sx_out *out, unsigned char *sh)
{
	struct sx_fref *sorted;
	struct buf o = {0}, forms = {0}, name = {0};
	int	*terms = NULL, *seen;
	size_t	 n = 0, i, j, k, t, nterms;
	int	 rc = 0, bit, id, p;

	/* Forms in order: those with postings and first words of phrases. */
	sorted = xcalloc(x->nforms + 1, sizeof(*sorted));
	for (i = 0; i < x->nforms; i++)
		if ((x->forms[i].np > 0 && x->forms[i].stem >= 0) ||
		    x->forms[i].phrase >= 0) {
			sorted[n].s = x->forms[i].s;
			sorted[n++].id = (int)i;
		}
	qsort(sorted, n, sizeof(*sorted), fref_cmp);
	terms = xcalloc(n + 1, sizeof(*terms));
	seen = xcalloc(x->nstems + 1, sizeof(*seen));
	for (i = 0; i < x->nstems; i++)
		seen[i] = -1;
	for (i = 0; i < n && rc == 0; i = j) {
		bit = shard_bit(sorted[i].s);
		for (j = i; j < n && shard_bit(sorted[j].s) == bit; j++)
			continue;
		/* Stems of the shard in order of their first form. */
		nterms = 0;
		for (k = i; k < j; k++) {
			id = sorted[k].id;
			if (x->forms[id].np == 0 || x->forms[id].stem < 0)
				continue;
			if (seen[x->forms[id].stem] != (int)i) {
				seen[x->forms[id].stem] = (int)i;
				terms[nterms++] = x->forms[id].stem;
			}
		}
		buf_reset(&o);
		buf_puts(&o, "{\"t\":[");
		for (t = 0; t < nterms; t++) {
			buf_reset(&forms);
			for (k = i; k < j; k++) {
				id = sorted[k].id;
				if (x->forms[id].np == 0 ||
				    x->forms[id].stem != terms[t])
					continue;
				buf_printf(&forms, "%s%s",
				    forms.len ? " " : "", sorted[k].s);
			}
			if (t > 0)
				buf_putc(&o, ',');
			put_term(&o, &x->stems[terms[t]], forms.data);
		}
		buf_puts(&o, "],\"ph\":[");
		t = 0;
		for (k = i; k < j; k++) {
			id = sorted[k].id;
			for (p = x->forms[id].phrase; p >= 0;
			    p = x->ph[p].next) {
				const struct sx_form *sf = &x->forms[
				    x->origs[x->ph[p].sigle].form];

				if (sf->stem < 0 || sf->np == 0)
					continue;
				if (t++ > 0)
					buf_putc(&o, ',');
				buf_putc(&o, '[');
				esc_json(&o, x->ph[p].text);
				buf_putc(&o, ',');
				put_term(&o, &x->stems[sf->stem], sf->s);
				buf_putc(&o, ']');
			}
		}
		buf_puts(&o, "]}");
		if (nterms == 0 && t == 0)
			continue;
		sh[bit / 6] |= (unsigned char)(1u << (bit % 6));
		buf_reset(&name);
		buf_printf(&name, "v/%.*s.json", sorted[i].s[1] ? 2 : 1,
		    sorted[i].s);
		rc = put_file(out, name.data, &o);
	}
	/* Postings files of the frequent stems. */
	for (i = 0; i < x->nstems && rc == 0; i++) {
		if (x->stems[i].n <= INLINE_MAX)
			continue;
		buf_reset(&o);
		put_docs(&o, x->stems[i].docs, x->stems[i].q, x->stems[i].n);
		buf_reset(&name);
		buf_printf(&name, "p/%s.json", x->stems[i].s);
		rc = put_file(out, name.data, &o);
	}
	free(sorted);
	free(terms);
	free(seen);
	buf_dispose(&o);
	buf_dispose(&forms);
	buf_dispose(&name);
	return rc;
}

/* The metadata shards: what a result shows. */
static int
write_meta(const struct sx *x, struct sx_out *out)
{
	const struct sheet *s;
	struct buf o = {0}, name = {0};
	size_t	 d, k;
	int	 rc = 0;

	for (d = 0; d < x->ndocs && rc == 0; d += META_PER) {
		buf_reset(&o);
		buf_putc(&o, '[');
		for (k = d; k < d + META_PER && k < x->ndocs; k++) {
			s = &x->m->sheets[x->docs[k]];
			buf_puts(&o, k > d ? ",[" : "[");
			esc_json(&o, s->id);
			buf_putc(&o, ',');
			esc_json(&o, s->nom);
			buf_putc(&o, ',');
			esc_json(&o, s->sigle);
			buf_putc(&o, ',');
			esc_json(&o, s->resume);
			buf_putc(&o, ',');
			esc_json(&o, s->telephone.display);
			buf_putc(&o, ']');
		}
		buf_puts(&o, "]");
		buf_reset(&name);
		buf_printf(&name, "m/%zu.json", d / META_PER);
		rc = put_file(out, name.data, &o);
	}
	buf_dispose(&o);
	buf_dispose(&name);
	return rc;
}

static int
int_cmp(const void *a, const void *b)
{
	int	 p = *(const int *)a, q = *(const int *)b;

	return p < q ? -1 : p > q;
}

/*
 * Writes the documents of the sheets of sets[0..nsets) (sheet indices)
 * as facet list dir/key.json.
 */
static int
write_facet(const struct sx *x, struct sx_out *out, const char *dir,
    const char *key, const struct idset *const *sets, size_t nsets)
{
	struct buf o = {0}, name = {0};
	int	*d;
	size_t	 n = 0, i, k, cap = 1;
	int	 rc;

	for (k = 0; k < nsets; k++)
		cap += sets[k]->n;
	d = xcalloc(cap, sizeof(*d));
	for (k = 0; k < nsets; k++)
		for (i = 0; i < sets[k]->n; i++)
			if (x->doc_of[sets[k]->v[i]] >= 0)
				d[n++] = x->doc_of[sets[k]->v[i]];
	qsort(d, n, sizeof(*d), int_cmp);
	for (i = k = 0; i < n; i++)
		if (k == 0 || d[k - 1] != d[i])
			d[k++] = d[i];
	put_docs(&o, d, NULL, k);
	buf_printf(&name, "f/%s/%s.json", dir, key);
	rc = put_file(out, name.data, &o);
	free(d);
	buf_dispose(&o);
	buf_dispose(&name);
	return rc;
}

static int
write_facets(const struct sx *x, struct sx_out *out)
{
	const struct model *m = x->m;
	const struct idset *sets[2];
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < m->nterr && rc == 0; i++) {
		sets[0] = &m->terr[i].located;
		sets[1] = &m->terr[i].covering;
		rc = write_facet(x, out, "t", m->terr[i].code, sets, 2);
	}
	for (i = 0; i < m->nbesoins && rc == 0; i++) {
		sets[0] = &m->besoins[i].sheets;
		rc = write_facet(x, out, "b", m->besoins[i].key, sets, 1);
	}
	for (i = 0; i < m->npublics && rc == 0; i++) {
		sets[0] = &m->publics[i].sheets;
		rc = write_facet(x, out, "p", m->publics[i].key, sets, 1);
	}
	for (i = 0; i < m->ntypes && rc == 0; i++) {
		sets[0] = &m->types[i].sheets;
		rc = write_facet(x, out, "y", m->types[i].key, sets, 1);
	}
	return rc;
}

static int
write_manifest(const struct sx *x, struct sx_out *out,
    const unsigned char *sh, size_t nsh)
{
	struct buf o = {0}, stop = {0};
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(stopwords) / sizeof(*stopwords); i++)
		buf_printf(&stop, "%s%s", i ? " " : "", stopwords[i]);
	buf_printf(&o, "{\"v\":%d,\"n\":%zu,\"m\":%d,\"stop\":", SX_VERSION,
	    x->ndocs, META_PER);
	esc_json(&o, stop.data);
	buf_puts(&o, ",\"sh\":\"");
	for (i = 0; i < nsh; i++)
		buf_putc(&o, b64[sh[i]]);
	buf_puts(&o, "\"}\n");
	rc = put_file(out, "manifest.json", &o);
	buf_dispose(&o);
	buf_dispose(&stop);
	return rc;
}

/* A writer run by a thread of write_all. */
struct sx_task {
	const struct sx	*x;
	struct sx_out	 out;
	int		 rc;
};

static void *
meta_facets_task(void *arg)
{
	struct sx_task *t = arg;

	t->rc = write_meta(t->x, &t->out);
	if (t->rc == 0)
		t->rc = write_facets(t->x, &t->out);
	return NULL;
}

/*
 * Writes every file into dir, with the metadata and facets in a second
 * thread when the build may use one: most of the time goes into creating
 * files, which the kernel does faster in two directories at once. Adds
 * the counts to *total. Returns 0 or 3.
 */
static int
write_all(const struct sx *x, const char *dir, unsigned char *sh,
    size_t nsh, struct sx_out *total)
{
	struct sx_task t = { x, { dir, 0, 0 }, 0 };
	struct sx_out out = { dir, 0, 0 };
	pthread_t th;
	int	 rc, threaded;

	threaded = x->b->jobs > 1 &&
	    pthread_create(&th, NULL, meta_facets_task, &t) == 0;
	rc = write_vocab(x, &out, sh);
	if (threaded)
		pthread_join(th, NULL);
	else if (rc == 0)
		meta_facets_task(&t);
	if (rc == 0)
		rc = t.rc;
	if (rc == 0)
		rc = write_manifest(x, &out, sh, nsh);
	total->nfiles = out.nfiles + t.out.nfiles;
	total->nbytes = out.nbytes + t.out.nbytes;
	return rc;
}

static void
sx_free(struct sx *x)
{
	size_t	 i;

	for (i = 0; i < x->nforms; i++)
		free(x->forms[i].p);
	for (i = 0; i < x->nstems; i++) {
		free(x->stems[i].docs);
		free(x->stems[i].q);
	}
	free(x->forms);
	free(x->stems);
	free(x->origs);
	free(x->ph);
	free(x->docs);
	free(x->doc_of);
	free(x->dl);
	free(x->tok);
	strmap_free(&x->stop);
	strmap_free(&x->formmap);
	strmap_free(&x->stemmap);
	strmap_free(&x->origmap);
	if (x->sb != NULL)
		sb_stemmer_delete(x->sb);
	arena_free(&x->a);
}

/*
 * Writes the search index into sitedir/recherche/idx/. Returns 0, or 3
 * on a system error (printed).
 */
int
search_write(struct build *b, const char *sitedir)
{
	struct sx x;
	struct sx_out out = {0};
	struct buf tmp = {0}, dir = {0};
	const struct model *m = &b->model;
	unsigned char sh[(36 * 37 + 5) / 6] = {0};
	double	 t0 = build_clock();
	size_t	 i;
	int	 rc = 0, s;
	static const char *const dirs[] = {
		"", "v", "p", "m", "f/t", "f/b", "f/p", "f/y"
	};

	memset(&x, 0, sizeof(x));
	x.b = b;
	x.m = m;
	arena_init(&x.a);
	if ((x.sb = sb_stemmer_new("french", NULL)) == NULL) {
		fputs("maillage : racinisation du français indisponible\n",
		    stderr);
		sx_free(&x);
		return 3;
	}
	strmap_init(&x.stop, sizeof(stopwords) / sizeof(*stopwords));
	for (i = 0; i < sizeof(stopwords) / sizeof(*stopwords); i++)
		strmap_put(&x.stop, stopwords[i], (int)i);
	strmap_init(&x.formmap, 4096);
	strmap_init(&x.stemmap, 4096);
	strmap_init(&x.origmap, 4096);

	/* Documents: published sheets that are not closed, by name. */
	x.docs = xcalloc(m->published.n + 1, sizeof(*x.docs));
	x.doc_of = xcalloc(m->nsheets + 1, sizeof(*x.doc_of));
	for (i = 0; i < m->nsheets; i++)
		x.doc_of[i] = -1;
	for (i = 0; i < m->published.n; i++) {
		s = m->published.v[i];
		if (m->sheets[s].statut != STATUT_ACTIF)
			continue;
		x.doc_of[s] = (int)x.ndocs;
		x.docs[x.ndocs++] = s;
	}
	x.dl = xcalloc(x.ndocs + 1, sizeof(*x.dl));

	phrases_init(&x);
	for (i = 0; i < x.ndocs; i++)
		index_doc(&x, (int)i, &tmp);
	resolve_stems(&x);
	score_stems(&x);

	buf_printf(&dir, "%s/recherche/idx", sitedir);
	for (i = 0; i < sizeof(dirs) / sizeof(*dirs) && rc == 0; i++)
		rc = make_dir(dir.data, dirs[i]);
	if (rc == 0)
		rc = write_all(&x, dir.data, sh, sizeof(sh), &out);
	if (rc == 0)
		build_phase(b, "recherche : %zu fiches, %zu formes, %zu "
		    "racines, %zu fichiers, %zu Ko (%.0f ms)", x.ndocs,
		    x.nforms, x.nstems, out.nfiles, out.nbytes / 1024,
		    (build_clock() - t0) * 1000);
	buf_dispose(&tmp);
	buf_dispose(&dir);
	sx_free(&x);
	return rc;
}
