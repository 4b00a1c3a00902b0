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
 *   manifest.json   {"v":3,"n":docs,"m":docs per metadata shard,
 *                    "stop":"stop words, space-separated",
 *                    "pro":documents for professionals only,
 *                    "sh":"bitmap of the vocabulary shards",
 *                    "zh":"bitmap of the typo shards",
 *                    "lk":"keys of the place files, in groups PREFIX:LAST
 *                    of the keys PREFIX + one of the characters LAST,
 *                    space-separated (sa:ir = sai sar)"}
 *   v/KEY.json      vocabulary shard of the forms starting with KEY (their
 *                   first two characters, or one for one-character forms):
 *                   {"t":[[stem, df, postings or "", "form form …"], …],
 *                    "ph":[["long form words", [sigle's stem, df,
 *                    postings or "", sigle's form]], …],
 *                    "pl":[[words, codes, name, kind, documents], …]
 *                    (the places whose first word starts with KEY),
 *                    "lx":[[words, targets, mots, documents], …]
 *                    (concepts; documents: their needs', publics' and
 *                    types' documents merged, as postings whose score is
 *                    Q_CONCEPT × (0.6 + 0.4 × targets holding it / targets),
 *                    inline when INLINE_MAX or fewer, else the number K
 *                    of c/K.json)}
 *   c/K.json        a concept's documents (one file where its targets'
 *                   lists were one request each)
 *   l/PKEY.json     {"pl":[…]}: when a shard's places pass PL_SPLIT
 *                   bytes, its « Saint-… » places leave it for files
 *                   keyed by « st- » and two letters of the word after
 *                   « saint » or « sainte »; past PL_SPLIT_ALL bytes (a
 *                   national directory), the others too, keyed by the
 *                   first three letters of their first word. The
 *                   manifest lists these keys in "lk", so that a query
 *                   asks for them alongside the shards
 *   z/KEY.json      "form form …": the forms of 4 letters or more whose
 *                   2nd and 3rd letters, or 1st and 3rd, are KEY (a typo
 *                   in the first two letters; bits in "zh" like "sh")
 *   p/STEM.json     postings of a stem with more than INLINE_MAX documents
 *                   (smaller ones are inline in the vocabulary)
 *   m/K.json        metadata of documents K*m .. K*m+m-1:
 *                   [[id, nom, sigle, resume, telephone, tel: URI, type,
 *                   where, flags(, [[lat, lon], …] with carte.tuiles)], …]
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "cog.h"
#include "fold.h"
#include "json.h"
#include "md.h"
#include "model.h"
#include "outputs.h"
#include "pool.h"
#include "util.h"
#include "yaml.h"

#define SX_VERSION	4
#define K1		2.0	/* BM25 term frequency saturation */
#define B_BODY		0.75	/* BM25 length normalisation (body) */
#define PL_SPLIT	2048	/* bytes of a shard's places above which
				 * its « Saint-… » places go to files of
				 * their own (l/) */
#define PL_SPLIT_ALL	32768	/* above which the others go too: every
				 * place file is one more request for each
				 * word of the shard, which the bytes saved
				 * pay only when they are many */
#define INLINE_MAX	64	/* postings of at most this many documents
				 * live in the vocabulary shard */
#define META_PER	4	/* documents per metadata shard: 2 made a
				 * national directory (100k sheets) write
				 * 48,000 files of 4 KB, a fifth of its
				 * files (and of its build time where creating
				 * a file costs); 4 costs a cold query up to
				 * 11 KB more (10k corpus, 5 queries) and asks
				 * for fewer files; 8 took Pagefind's bytes
				 * ratio too near its 0.5 (0.45) */
#define NCAND		4	/* stems remembered per folded form */
#define PHRASE_PREFIX	4	/* words of a long form that suffice */
#define NBITS		(36 * 37)	/* vocabulary shard keys */

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

/*
 * A place a query may name: a territory of the tree or a zone, by its
 * name, or a postal code. Stored in the vocabulary shard of its first
 * word.
 */
struct sx_place {
	const char	*words;		/* folded, stop words out, st → saint */
	const char	*codes;		/* territory codes, space-separated */
	const char	*nom;		/* what the page shows */
	char		 kind;		/* d e c z q r, p for a postal code */
	int		 n;		/* documents of its directory */
	int		 loc;		/* of them, located in it */
	int		 bit;		/* its shard */
};

/*
 * A concept: words that stand for needs, publics or types (their names,
 * the needs' synonymes, the lexicon's terms) and for other words (the
 * lexicon's mots). Stored in the shard of its first word.
 */
struct sx_concept {
	const char	*words;
	struct buf	 targets;	/* "b:KEY p:KEY y:KEY …" */
	struct buf	 mots;		/* folded words, space-separated */
	int		 bit;
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
	struct sx_place	*pl;
	size_t		 npl, cappl;
	struct sx_concept *cc;
	size_t		 ncc, capcc;
	struct strmap	 ccmap;		/* concept words → cc index */
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

/* ---- Places and concepts. ---- */

/* What norm_word collects into. */
struct sx_norm {
	struct sx	*x;
	struct buf	*o;
	int		 place;		/* "st" → "saint", "ste" → "sainte" */
};

static void
norm_word(void *arg, const char *folded, size_t flen, const char *lower,
    size_t llen)
{
	struct sx_norm *n = arg;

	(void)lower;
	(void)llen;
	if (strmap_get(&n->x->stop, folded) >= 0)
		return;
	if (n->place && strcmp(folded, "st") == 0)
		folded = "saint", flen = 5;
	else if (n->place && strcmp(folded, "ste") == 0)
		folded = "sainte", flen = 6;
	if (n->o->len > 0)
		buf_putc(n->o, ' ');
	buf_put(n->o, folded, flen);
}

/*
 * The words of text as a query holds them: folded, stop words out,
 * space-separated, into o (reset). For a place name, the words between
 * parentheses are left out (« Château-Chinon (Ville) » is named
 * « Château-Chinon ») and « st » is « saint ».
 */
static const char *
norm_text(struct sx *x, struct buf *o, const char *text, int place)
{
	struct sx_norm n = { x, o, place };
	struct buf t = {0};
	const char *p;

	buf_reset(o);
	if (place && (p = strchr(text, '(')) != NULL && p > text) {
		buf_put(&t, text, (size_t)(p - text));
		text = buf_cstr(&t);
	}
	fold_words(text, norm_word, &n);
	buf_dispose(&t);
	return buf_cstr(o);
}

static void
place_add(struct sx *x, const char *words, const char *codes,
    const char *nom, char kind, int n)
{
	struct sx_place *p;

	if (*words == '\0')
		return;
	if (x->npl == x->cappl) {
		x->cappl = x->cappl ? x->cappl * 2 : 256;
		x->pl = xrealloc(x->pl, x->cappl * sizeof(*x->pl));
	}
	p = &x->pl[x->npl++];
	p->words = arena_strdup(&x->a, words);
	p->codes = arena_strdup(&x->a, codes);
	p->nom = nom;
	p->kind = kind;
	p->n = n;
	p->loc = 0;
	p->bit = -1;
}

/* Documents of a set of sheets (published, not closed). */
static int
docs_in(const struct sx *x, const struct idset *set)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < set->n; i++)
		n += x->doc_of[set->v[i]] >= 0;
	return n;
}

static int
place_cmp(const void *a, const void *b)
{
	const struct sx_place *p = a, *q = b;
	int	 c;

	if (p->bit != q->bit)
		return p->bit < q->bit ? -1 : 1;
	if ((c = strcmp(p->words, q->words)) != 0)
		return c;
	/* The same words: the place with more services in it first. */
	if (p->loc != q->loc)
		return p->loc > q->loc ? -1 : 1;
	if (p->n != q->n)
		return p->n > q->n ? -1 : 1;
	return strcmp(p->codes, q->codes);
}

static int shard_bit(const char *);

/*
 * The folder that holds data/ beside the templates: the checkout, or
 * share/maillage once installed. Into root (reset).
 */
static void
data_root(const struct build *b, struct buf *root)
{
	const char *t = b->templates_dir ? b->templates_dir : "";
	size_t	 n = strlen(t);

	buf_reset(root);
	if (n >= 10 && strcmp(t + n - 10, "/templates") == 0)
		buf_printf(root, "%.*s", (int)(n - 10), t);
	else if (access("data", F_OK) == 0)
		buf_puts(root, ".");
	else
		buf_puts(root, MAILLAGE_DATADIR);
}

/* A postal code of a sheet's place and the place's commune. */
struct cpref {
	const char	*cp;
	int		 terr;
};

static int
cpref_cmp(const void *a, const void *b)
{
	const struct cpref *p = a, *q = b;
	int	 c = strcmp(p->cp, q->cp);

	if (c != 0)
		return c;
	return p->terr < q->terr ? -1 : p->terr > q->terr;
}

/*
 * The places of the index: every territory by its name, every postal
 * code of the sheets' places with its communes.
 */
static void
places_init(struct sx *x)
{
	static const char kinds[TERR__MAX] = {
		[TERR_REGION] = 'r', [TERR_DEPARTEMENT] = 'd',
		[TERR_EPCI] = 'e', [TERR_COMMUNE] = 'c',
		[TERR_QUARTIER] = 'q', [TERR_ZONE] = 'z',
	};
	const struct model *m = x->m;
	const struct territory *t;
	const struct place *pl;
	struct buf w = {0}, codes = {0}, noms = {0};
	struct cpref *refs = NULL;
	size_t	 nrefs = 0, i, j, k;

	for (i = 0; i < m->nterr; i++) {
		t = &m->terr[i];
		place_add(x, norm_text(x, &w, t->nom, 1), t->code, t->nom,
		    kinds[t->type], docs_in(x, &t->located) +
		    docs_in(x, &t->covering));
		if (x->npl > 0 && strcmp(x->pl[x->npl - 1].codes, t->code) == 0)
			x->pl[x->npl - 1].loc = docs_in(x, &t->located);
	}
	/* Postal codes of the places of indexed sheets. */
	for (i = 0; i < x->ndocs; i++) {
		const struct sheet *s = &m->sheets[x->docs[i]];

		for (k = 0; k < s->nlieux; k++) {
			pl = &s->lieux[k];
			if (pl->code_postal == NULL || pl->commune < 0)
				continue;
			if ((nrefs & (nrefs - 1)) == 0)
				refs = xrealloc(refs, (nrefs ? nrefs * 2 : 1) *
				    sizeof(*refs));
			refs[nrefs].cp = pl->code_postal;
			refs[nrefs++].terr = pl->commune;
		}
	}
	/* The official postal codes of the content's communes. */
	data_root(x->b, &w);
	buf_puts(&w, "/data/cog/departements.tsv");
	if (access(w.data, F_OK) == 0) {
		struct cog cog;
		const struct cog_table *tab;
		const struct cog_row *row;
		char	 dep[4];
		const char *c, *e;

		data_root(x->b, &w);
		if (cog_open(&cog, w.data) == 0) {
			for (i = 0; i < m->nterr; i++) {
				t = &m->terr[i];
				if (t->type != TERR_COMMUNE)
					continue;
				cog_dep_of(dep, t->code);
				if ((tab = cog_communes(&cog, dep)) == NULL ||
				    (row = cog_get(tab, t->code)) == NULL)
					continue;
				for (c = row->cp; *c != '\0'; c = *e ? e + 1 :
				    e) {
					e = c + strcspn(c, ",");
					if (e - c != 5)
						continue;
					if ((nrefs & (nrefs - 1)) == 0)
						refs = xrealloc(refs, (nrefs ?
						    nrefs * 2 : 1) *
						    sizeof(*refs));
					refs[nrefs].cp = arena_strndup(&x->a,
					    c, 5);
					refs[nrefs++].terr = (int)i;
				}
			}
			cog_close(&cog);
		}
	}
	/* Grouped by postal code, each commune once. */
	qsort(refs, nrefs, sizeof(*refs), cpref_cmp);
	for (i = 0; i < nrefs; i = j) {
		buf_reset(&codes);
		buf_reset(&noms);
		for (j = i; j < nrefs && strcmp(refs[j].cp, refs[i].cp) == 0;
		    j++) {
			if (j > i && refs[j].terr == refs[j - 1].terr)
				continue;
			t = &m->terr[refs[j].terr];
			buf_printf(&codes, "%s%s", codes.len ? " " : "",
			    t->code);
			buf_printf(&noms, "%s%s", noms.len ? ", " : "",
			    t->nom);
		}
		place_add(x, refs[i].cp, codes.data,
		    arena_strdup(&x->a, noms.data), 'p', 0);
	}
	for (i = 0; i < x->npl; i++)
		x->pl[i].bit = shard_bit(x->pl[i].words);
	qsort(x->pl, x->npl, sizeof(*x->pl), place_cmp);
	free(refs);
	buf_dispose(&w);
	buf_dispose(&codes);
	buf_dispose(&noms);
}

/* The concept of words (created when new). */
static struct sx_concept *
concept_get(struct sx *x, const char *words)
{
	struct sx_concept *c;
	int	 id;

	if ((id = strmap_get(&x->ccmap, words)) >= 0)
		return &x->cc[id];
	if (x->ncc == x->capcc) {
		x->capcc = x->capcc ? x->capcc * 2 : 256;
		x->cc = xrealloc(x->cc, x->capcc * sizeof(*x->cc));
	}
	id = (int)x->ncc++;
	c = &x->cc[id];
	memset(c, 0, sizeof(*c));
	c->words = arena_strdup(&x->a, words);
	c->bit = shard_bit(words);
	strmap_put(&x->ccmap, c->words, id);
	return c;
}

/* Adds the word or target w to the space-separated list l, once. */
static void
list_add(struct buf *l, const char *w)
{
	const char *p = l->data ? l->data : "";
	size_t	 n = strlen(w);

	while ((p = strstr(p, w)) != NULL) {
		if ((p == l->data || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return;
		p += n;
	}
	if (l->len > 0)
		buf_putc(l, ' ');
	buf_puts(l, w);
}

/* Concept text → target ("b:KEY"), when it has indexed documents. */
static void
concept_target(struct sx *x, struct buf *w, const char *text,
    const char *target, int ndocs)
{
	if (ndocs == 0 || *norm_text(x, w, text, 0) == '\0')
		return;
	list_add(&concept_get(x, w->data)->targets, target);
}

/* The referentials' own words: names, synonymes, acronyms of types. */
static void
concepts_init(struct sx *x, struct strmap *refs, struct buf *reftargets,
    size_t *nref)
{
	const struct model *m = x->m;
	struct buf w = {0}, tg = {0};
	size_t	 i, k;
	int	 n;

#define REF(text) do {							\
	norm_text(x, &w, (text), 0);					\
	if (w.len > 0 && (n = strmap_get(refs, w.data)) >= 0)		\
		list_add(&reftargets[n], tg.data);			\
	else if (w.len > 0) {						\
		strmap_put(refs, arena_strdup(&x->a, w.data),		\
		    (int)*nref);					\
		list_add(&reftargets[(*nref)++], tg.data);		\
	}								\
} while (0)
	for (i = 0; i < m->nbesoins; i++) {
		const struct besoin *bs = &m->besoins[i];

		n = docs_in(x, &bs->sheets);
		buf_reset(&tg);
		buf_printf(&tg, "b:%s", bs->key);
		concept_target(x, &w, bs->nom, tg.data, n);
		for (k = 0; k < bs->synonymes.n; k++)
			concept_target(x, &w, bs->synonymes.v[k], tg.data, n);
		if (n == 0)
			continue;
		REF(bs->key);
		REF(bs->nom);
		for (k = 0; k < bs->synonymes.n; k++)
			REF(bs->synonymes.v[k]);
		for (k = 0; k < bs->data_inclusion.n; k++)
			REF(bs->data_inclusion.v[k]);
	}
	for (i = 0; i < m->npublics; i++) {
		const struct public_def *pu = &m->publics[i];

		n = docs_in(x, &pu->sheets);
		buf_reset(&tg);
		buf_printf(&tg, "p:%s", pu->key);
		concept_target(x, &w, pu->nom, tg.data, n);
		if (n == 0)
			continue;
		REF(pu->key);
		REF(pu->nom);
		for (k = 0; k < pu->data_inclusion.n; k++)
			REF(pu->data_inclusion.v[k]);
	}
	for (i = 0; i < m->ntypes; i++) {
		const struct type_def *ty = &m->types[i];

		n = docs_in(x, &ty->sheets);
		buf_reset(&tg);
		buf_printf(&tg, "y:%s", ty->key);
		concept_target(x, &w, ty->nom, tg.data, n);
		if (n == 0)
			continue;
		REF(ty->key);
		REF(ty->nom);
		if (ty->sigle != NULL)
			REF(ty->sigle);
	}
#undef REF
	buf_dispose(&w);
	buf_dispose(&tg);
}

/*
 * The lexicon's file, in the data folder beside the templates (the
 * checkout, or share/maillage once installed), into path.
 */
static const char *
lexicon_path(const struct build *b, struct buf *path)
{
	data_root(b, path);
	buf_puts(path, "/data/lexique.yaml");
	return path->data;
}

/*
 * Reads the lexicon (see data/lexique.yaml): each term becomes a concept
 * whose targets are the needs, publics and types its besoins, publics
 * and types name (by key, name, synonym or data·inclusion value), and
 * whose mots are searched with it. Returns 0, or 1 after reporting a
 * mistake in the file to the build's diagnostics. No file: 0.
 */
static int
lexicon_read(struct sx *x, struct strmap *refs, struct buf *reftargets)
{
	static const char *const lists[] = { "besoins", "publics", "types",
	    "mots" };
	static const char prefix[] = "bpy";
	struct buf pb = {0};
	const char *path = lexicon_path(x->b, &pb);
	const struct ynode *root, *e, *v, *it;
	struct ynode *doc = NULL;
	struct sx_concept *c;
	struct buf w = {0};
	char	*src = NULL, *tok, *save;
	size_t	 len, i, k, l;
	int	 rc = 0, n;

	if (util_read_file(&src, &len, path, 1 << 22) != READ_OK) {
		buf_dispose(&pb);
		return 0;
	}
	/* Diagnostics keep the file name: it lives in the arena. */
	path = arena_strdup(&x->a, path);
	buf_dispose(&pb);
	if (yaml_parse(&doc, &x->a, &x->b->diags, path, src, len, 1) != 0) {
		free(src);
		return 1;
	}
	root = doc;
	if (root != NULL && root->kind != YN_MAP) {
		diag_add(&x->b->diags, DIAG_ERROR, path, root->line,
		    root->col, "le lexique doit associer des termes à leurs "
		    "sens (« terme: {besoins: [...], mots: [...]} »)");
		rc = 1;
	}
	for (i = 0; rc == 0 && root != NULL && i < root->n; i++) {
		const struct ynode *key = root->items[2 * i];

		e = root->items[2 * i + 1];
		if (e->kind != YN_MAP) {
			diag_add(&x->b->diags, DIAG_ERROR, path, e->line,
			    e->col, "« %s » : attendu besoins, publics, types "
			    "ou mots, par exemple « %s: {mots: [...]} »",
			    key->str, key->str);
			rc = 1;
			break;
		}
		for (k = 0; k < e->n; k++) {
			const struct ynode *ek = e->items[2 * k];

			for (l = 0; l < 4; l++)
				if (strcmp(ek->str, lists[l]) == 0)
					break;
			if (l == 4) {
				diag_add(&x->b->diags, DIAG_ERROR, path,
				    ek->line, ek->col, "clé inconnue « %s » "
				    "dans le lexique : besoins, publics, "
				    "types ou mots", ek->str);
				rc = 1;
			}
		}
		if (rc != 0 || *norm_text(x, &w, key->str, 0) == '\0')
			continue;
		c = concept_get(x, w.data);
		for (l = 0; l < 4; l++) {
			if ((v = yaml_get(e, lists[l])) == NULL)
				continue;
			if (v->kind != YN_SEQ) {
				diag_add(&x->b->diags, DIAG_ERROR, path,
				    v->line, v->col, "« %s » : une liste est "
				    "attendue, par exemple [mot, autre mot]",
				    lists[l]);
				rc = 1;
				break;
			}
			for (k = 0; k < v->n; k++) {
				it = v->items[k];
				if (it->kind != YN_SCALAR)
					continue;
				if (l == 3) {
					/* Words, each searched alone. */
					norm_text(x, &w, it->str, 0);
					save = NULL;
					for (tok = strtok_r(w.data, " ", &save);
					    tok != NULL;
					    tok = strtok_r(NULL, " ", &save))
						list_add(&c->mots, tok);
					continue;
				}
				/* A data·inclusion value as it is. */
				n = strmap_get(refs, it->str);
				if (n < 0 && *norm_text(x, &w, it->str, 0))
					n = strmap_get(refs, w.data);
				if (n < 0)
					continue;
				save = NULL;
				buf_reset(&w);
				buf_puts(&w, reftargets[n].data);
				for (tok = strtok_r(w.data, " ", &save);
				    tok != NULL;
				    tok = strtok_r(NULL, " ", &save))
					if (tok[0] == prefix[l])
						list_add(&c->targets, tok);
			}
		}
	}
	buf_dispose(&w);
	free(src);
	return rc;
}

static int
concept_cmp(const void *a, const void *b)
{
	const struct sx_concept *p = a, *q = b;

	if (p->bit != q->bit)
		return p->bit < q->bit ? -1 : 1;
	return strcmp(p->words, q->words);
}

/* Concepts of the referentials and of the lexicon. Returns 0 or 1. */
static int
concepts_build(struct sx *x)
{
	struct strmap refs;
	struct buf *reftargets;
	size_t	 nref = 0, i, cap;
	int	 rc;

	cap = 8 + x->m->nbesoins * 16 + x->m->npublics * 8 +
	    x->m->ntypes * 8;
	for (i = 0; i < x->m->nbesoins; i++)
		cap += x->m->besoins[i].synonymes.n +
		    x->m->besoins[i].data_inclusion.n;
	for (i = 0; i < x->m->npublics; i++)
		cap += x->m->publics[i].data_inclusion.n;
	reftargets = xcalloc(cap, sizeof(*reftargets));
	strmap_init(&refs, cap);
	strmap_init(&x->ccmap, 256);
	concepts_init(x, &refs, reftargets, &nref);
	rc = lexicon_read(x, &refs, reftargets);
	/* Sorted by shard; the map's indices are not used after this. */
	qsort(x->cc, x->ncc, sizeof(*x->cc), concept_cmp);
	for (i = 0; i < nref; i++)
		buf_dispose(&reftargets[i]);
	free(reftargets);
	strmap_free(&refs);
	return rc;
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

/*
 * A JSON string of document gaps, with scores when q is not NULL (B64
 * characters only: nothing to escape).
 */
static void
put_docs(struct json *w, const int *docs, const unsigned char *q, size_t n)
{
	size_t	 i;
	int	 prev = -1;

	json_str_begin(w);
	for (i = 0; i < n; i++) {
		put_varint(w->b, (unsigned)(docs[i] - prev - 1));
		prev = docs[i];
		if (q != NULL)
			buf_putc(w->b, b64[q[i]]);
	}
	json_str_end(w);
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

/* A string of the index: "" for NULL, which search.js reads as absent. */
static void
idx_str(struct json *w, const char *s)
{
	json_str(w, s != NULL ? s : "");
}

/* A stem's record: [stem, df, inline postings or "", forms]. */
static void
put_term(struct json *w, const struct sx_stem *st, const char *forms)
{
	json_array(w, 1);
	idx_str(w, st->s);
	json_int(w, (long long)st->n);
	if (st->n <= INLINE_MAX)
		put_docs(w, st->docs, st->q, st->n);
	else
		idx_str(w, NULL);
	idx_str(w, forms);
	json_end(w);
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

/* The key of shard bit, into key[3]. */
static const char *
shard_key(int bit, char key[3])
{
	static const char cs[] = "0123456789abcdefghijklmnopqrstuvwxyz";

	key[0] = cs[bit / 37];
	key[1] = bit % 37 == 36 ? '\0' : cs[bit % 37];
	key[2] = '\0';
	return key;
}

/* A form in the sorted vocabulary. */
struct sx_fref {
	const char	*s;
	int		 id;
};

/* By shard, then by form. */
static int
fref_cmp(const void *a, const void *b)
{
	const struct sx_fref *p = a, *q = b;
	int	 bp = shard_bit(p->s), bq = shard_bit(q->s);

	if (bp != bq)
		return bp < bq ? -1 : 1;
	return strcmp(p->s, q->s);
}

#define Q_CONCEPT	52	/* a concept's score: like a name match
				 * (search.js) */

static int int_cmp(const void *, const void *);

/*
 * The documents of a concept's targets ("b:KEY p:KEY y:KEY"), merged
 * into docs (sorted) and q, as search.js scored them from the facet
 * files. counts (ndocs + 1, zero) is left zero. Returns how many.
 */
static size_t
concept_docs(const struct sx *x, const struct sx_concept *c, int *counts,
    int *docs, unsigned char *q)
{
	const struct model *m = x->m;
	const char *p = buf_cstr((struct buf *)&c->targets), *e;
	const struct idset *set;
	size_t	 n = 0, nt = 0, i, len;

	while (*p != '\0') {
		e = strchr(p, ' ');
		len = e ? (size_t)(e - p) : strlen(p);
		set = NULL;
		if (len > 2 && p[1] == ':') {
			for (i = 0; p[0] == 'b' && i < m->nbesoins; i++)
				if (strlen(m->besoins[i].key) == len - 2 &&
				    strncmp(m->besoins[i].key, p + 2, len - 2) == 0)
					set = &m->besoins[i].sheets;
			for (i = 0; p[0] == 'p' && i < m->npublics; i++)
				if (strlen(m->publics[i].key) == len - 2 &&
				    strncmp(m->publics[i].key, p + 2, len - 2) == 0)
					set = &m->publics[i].sheets;
			for (i = 0; p[0] == 'y' && i < m->ntypes; i++)
				if (strlen(m->types[i].key) == len - 2 &&
				    strncmp(m->types[i].key, p + 2, len - 2) == 0)
					set = &m->types[i].sheets;
		}
		nt++;
		for (i = 0; set != NULL && i < set->n; i++) {
			int	 d = x->doc_of[set->v[i]];

			if (d >= 0 && counts[d]++ == 0)
				docs[n++] = d;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	qsort(docs, n, sizeof(*docs), int_cmp);
	for (i = 0; i < n; i++) {
		q[i] = (unsigned char)lround(Q_CONCEPT * (0.6 + 0.4 *
		    counts[docs[i]] / (double)nt));
		counts[docs[i]] = 0;
	}
	return n;
}

/* One place as a JSON array: [words, codes, name, kind, documents]. */
static void
put_place(struct json *w, const struct sx_place *p)
{
	char	 kind[2] = {p->kind, '\0'};

	json_array(w, 1);
	idx_str(w, p->words);
	idx_str(w, p->codes);
	idx_str(w, p->nom);
	json_str(w, kind);
	json_int(w, p->n);
	json_end(w);
}

/*
 * The key of a place's file when its shard's places are split: the first
 * three letters of its first word, « st- » and two letters of the second
 * word after « saint » or « sainte » (as placeKey() in search.js).
 */
static void
place_key(const char *words, char key[8])
{
	const char *sp = strchr(words, ' ');
	size_t	 n = sp ? (size_t)(sp - words) : strlen(words);

	if (sp != NULL && ((n == 5 && strncmp(words, "saint", 5) == 0) ||
	    (n == 6 && strncmp(words, "sainte", 6) == 0))) {
		n = strcspn(sp + 1, " ");
		snprintf(key, 8, "st-%.*s", (int)(n < 2 ? n : 2), sp + 1);
	} else {
		snprintf(key, 8, "%.*s", (int)(n < 3 ? n : 3), words);
	}
}

struct sx_pkey {
	char	 key[8];
	size_t	 i;		/* index in x->pl */
};

static int
pkey_cmp(const void *a, const void *b)
{
	const struct sx_pkey *p = a, *q = b;
	int	 c = strcmp(p->key, q->key);

	return c != 0 ? c : p->i < q->i ? -1 : p->i > q->i;
}

/*
 * Adds key to the list of place files lk: to the last group when it has
 * the same prefix (keys come sorted), else as a new group.
 */
static void
lk_add(struct buf *lk, const char *key)
{
	size_t	 n = strlen(key) - 1, at = lk->len;

	while (at > 0 && lk->data[at - 1] != ' ')
		at--;
	if (lk->len > at + n && lk->data[at + n] == ':' &&
	    strncmp(lk->data + at, key, n) == 0) {
		buf_putc(lk, key[n]);
		return;
	}
	buf_printf(lk, "%s%.*s:%c", lk->len ? " " : "", (int)n, key, key[n]);
}

/* Whether a place is a « Saint-… » one (its file key is « st-… »). */
static int
place_saint(const struct sx_place *p)
{
	char	 key[8];

	place_key(p->words, key);
	return strncmp(key, "st-", 3) == 0;
}

/*
 * Writes the places x->pl[from..to) whose place_saint() is saint (or
 * all, when saint is -1) in files l/KEY.json, adding each key to lk.
 */
static int
write_places(const struct sx *x, struct sx_out *out, size_t from,
    size_t to, int saint, struct buf *lk)
{
	struct sx_pkey *k = xcalloc(to - from + 1, sizeof(*k));
	struct buf o = {0}, name = {0};
	struct json w;
	size_t	 i, j, n = 0;
	int	 rc = 0;

	for (i = from; i < to; i++) {
		if (saint >= 0 && place_saint(&x->pl[i]) != saint)
			continue;
		place_key(x->pl[i].words, k[n].key);
		k[n++].i = i;
	}
	qsort(k, n, sizeof(*k), pkey_cmp);
	for (i = 0; i < n && rc == 0; i = j) {
		buf_reset(&o);
		json_init(&w, &o, JSON_COMPACT);
		json_object(&w, 1);
		json_key(&w, "pl");
		json_array(&w, 1);
		for (j = i; j < n && strcmp(k[j].key, k[i].key) == 0; j++)
			put_place(&w, &x->pl[k[j].i]);
		json_end(&w);
		json_end(&w);
		lk_add(lk, k[i].key);
		buf_reset(&name);
		buf_printf(&name, "l/%s.json", k[i].key);
		rc = put_file(out, name.data, &o);
	}
	free(k);
	buf_dispose(&o);
	buf_dispose(&name);
	return rc;
}

/*
 * Writes the vocabulary shards, the place files and the postings files;
 * sets the bits of the shards written in sh and zh, the keys of the place
 * files in lk.
 */
static int
write_vocab(const struct sx *x, struct sx_out *out, unsigned char *sh,
    unsigned char *zh, struct buf *lk)
{
	struct sx_fref *sorted;
	struct buf o = {0}, forms = {0}, name = {0};
	struct json w;
	int	*terms = NULL, *seen;
	struct buf *zb;
	size_t	 n = 0, i, j, k, t, nterms, pl = 0, cc = 0, pend, plb, plo;
	int	 split_s, split_o;
	int	 rc = 0, bit, id, p;
	char	 key[3];
	/* A concept's documents, merged (concept_docs). */
	int	*ccount = xcalloc(x->ndocs + 1, sizeof(int));
	int	*cdocs = xcalloc(x->ndocs + 1, sizeof(int));
	unsigned char *cq = xcalloc(x->ndocs + 1, 1);

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
	for (i = 0, bit = 0; bit < NBITS && rc == 0; bit++, i = j) {
		for (j = i; j < n && shard_bit(sorted[j].s) == bit; j++)
			continue;
		while (pl < x->npl && x->pl[pl].bit < bit)
			pl++;
		while (cc < x->ncc && x->cc[cc].bit < bit)
			cc++;
		if (i == j && (pl == x->npl || x->pl[pl].bit != bit) &&
		    (cc == x->ncc || x->cc[cc].bit != bit))
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
		json_init(&w, &o, JSON_COMPACT);
		json_object(&w, 1);
		json_key(&w, "t");
		json_array(&w, 1);
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
			put_term(&w, &x->stems[terms[t]], forms.data);
		}
		json_end(&w);
		json_key(&w, "ph");
		json_array(&w, 1);
		t = 0;
		for (k = i; k < j; k++) {
			id = sorted[k].id;
			for (p = x->forms[id].phrase; p >= 0;
			    p = x->ph[p].next) {
				const struct sx_form *sf = &x->forms[
				    x->origs[x->ph[p].sigle].form];

				if (sf->stem < 0 || sf->np == 0)
					continue;
				t++;
				json_array(&w, 1);
				idx_str(&w, x->ph[p].text);
				put_term(&w, &x->stems[sf->stem], sf->s);
				json_end(&w);
			}
		}
		/*
		 * Places: here, or in their own files when they would
		 * weigh on every query of the shard's words.
		 */
		json_end(&w);
		json_key(&w, "pl");
		json_array(&w, 1);
		plb = plo = 0;
		for (pend = pl; pend < x->npl && x->pl[pend].bit == bit;
		    pend++) {
			size_t	 b = strlen(x->pl[pend].words) +
			    strlen(x->pl[pend].codes) +
			    strlen(x->pl[pend].nom) + 16;

			plb += b;
			plo += place_saint(&x->pl[pend]) ? 0 : b;
		}
		/* saints: out; others: out too when over PL_SPLIT_ALL. */
		split_s = plb > PL_SPLIT;
		split_o = plo > PL_SPLIT_ALL;
		if (split_s || split_o)
			rc = write_places(x, out, pl, pend, split_s &&
			    split_o ? -1 : split_s, lk);
		for (k = pl; k < pend; k++)
			if (!(place_saint(&x->pl[k]) ? split_s : split_o)) {
				put_place(&w, &x->pl[k]);
				t++;
			}
		/* Concepts: [words, targets, mots]. */
		json_end(&w);
		json_key(&w, "lx");
		json_array(&w, 1);
		for (k = cc; k < x->ncc && x->cc[k].bit == bit; k++) {
			size_t	 nd = concept_docs(x, &x->cc[k], ccount,
			    cdocs, cq);

			json_array(&w, 1);
			idx_str(&w, x->cc[k].words);
			json_str(&w, buf_cstr(&x->cc[k].targets));
			json_str(&w, buf_cstr(&x->cc[k].mots));
			if (nd <= INLINE_MAX) {
				put_docs(&w, cdocs, cq, nd);
			} else {
				struct json w2;

				json_int(&w, (long long)k);
				buf_reset(&forms);
				json_init(&w2, &forms, JSON_COMPACT);
				put_docs(&w2, cdocs, cq, nd);
				buf_reset(&name);
				buf_printf(&name, "c/%zu.json", k);
				if ((rc = put_file(out, name.data, &forms)) != 0)
					break;
			}
			json_end(&w);
			t++;
		}
		json_end(&w);
		json_end(&w);
		if (rc != 0)
			break;
		if (nterms == 0 && t == 0)
			continue;
		sh[bit / 6] |= (unsigned char)(1u << (bit % 6));
		buf_reset(&name);
		buf_printf(&name, "v/%s.json", shard_key(bit, key));
		rc = put_file(out, name.data, &o);
	}
	/*
	 * Typo shards: the forms of 4 letters or more by their 2nd and 3rd
	 * letters and by their 1st and 3rd, so that a word with its first
	 * or second letter wrong or missing still finds them.
	 */
	zb = xcalloc(NBITS, sizeof(*zb));
	for (k = 0; k < n; k++) {
		const char *f = sorted[k].s;
		char	 a[3], b2[3];
		int	 ba, bb;

		if (strlen(f) < 4 || x->forms[sorted[k].id].np == 0 ||
		    x->forms[sorted[k].id].stem < 0)
			continue;
		a[0] = f[0], a[1] = f[2], a[2] = '\0';
		b2[0] = f[1], b2[1] = f[2], b2[2] = '\0';
		ba = shard_bit(a);
		bb = shard_bit(b2);
		buf_printf(&zb[ba], "%s%s", zb[ba].len ? " " : "", f);
		if (bb != ba)
			buf_printf(&zb[bb], "%s%s", zb[bb].len ? " " : "", f);
	}
	for (bit = 0; bit < NBITS; bit++) {
		if (zb[bit].len > 0 && rc == 0) {
			zh[bit / 6] |= (unsigned char)(1u << (bit % 6));
			buf_reset(&forms);
			json_init(&w, &forms, JSON_COMPACT);
			idx_str(&w, zb[bit].data);
			buf_reset(&name);
			buf_printf(&name, "z/%s.json", shard_key(bit, key));
			rc = put_file(out, name.data, &forms);
		}
		buf_dispose(&zb[bit]);
	}
	free(zb);
	/* Postings files of the frequent stems. */
	for (i = 0; i < x->nstems && rc == 0; i++) {
		if (x->stems[i].n <= INLINE_MAX)
			continue;
		buf_reset(&o);
		json_init(&w, &o, JSON_COMPACT);
		put_docs(&w, x->stems[i].docs, x->stems[i].q, x->stems[i].n);
		buf_reset(&name);
		buf_printf(&name, "p/%s.json", x->stems[i].s);
		rc = put_file(out, name.data, &o);
	}
	free(sorted);
	free(ccount);
	free(cdocs);
	free(cq);
	free(terms);
	free(seen);
	buf_dispose(&o);
	buf_dispose(&forms);
	buf_dispose(&name);
	return rc;
}

/*
 * Where a result is: the commune of its first place, « tout le
 * département » for a service of a whole département without a place,
 * else its first territory.
 */
static const char *
doc_where(const struct model *m, const struct sheet *s)
{
	size_t	 i;

	for (i = 0; i < s->nlieux; i++)
		if (s->lieux[i].commune >= 0)
			return m->terr[s->lieux[i].commune].nom;
	for (i = 0; i < s->territoires.n; i++)
		if (m->terr[s->territoires.v[i]].type == TERR_DEPARTEMENT)
			return "tout le département";
	if (s->territoires.n > 0)
		return m->terr[s->territoires.v[0]].nom;
	return NULL;
}

/*
 * Whether a sheet is for professionals only: only professionals may ask
 * for it and professionals are one of its publics (a CLS, a CLSM).
 */
static int
doc_pro(const struct model *m, const struct sheet *s)
{
	size_t	 i;

	if (s->orientation != ORIENT_PROFESSIONNELS)
		return 0;
	for (i = 0; i < s->publics.n; i++)
		if (strcmp(m->publics[s->publics.v[i]].key,
		    "professionnels") == 0)
			return 1;
	return 0;
}

/*
 * Flags of a result: 1 for professionals only, 2 when a professional
 * must refer the person (orientation: [professionnels] only).
 */
static int
doc_flags(const struct model *m, const struct sheet *s)
{
	if (doc_pro(m, s))
		return 1;
	return s->orientation == ORIENT_PROFESSIONNELS ? 2 : 0;
}

/*
 * With carte.tuiles, the places of a result for the search page's map:
 * [[lat, lon], …] (empty when none has coordinates).
 */
static void
meta_places(struct json *w, const struct sheet *s)
{
	size_t	 k;

	json_array(w, 1);
	for (k = 0; k < s->nlieux; k++) {
		if (!s->lieux[k].has_geo)
			continue;
		json_array(w, 1);
		json_fixed6(w, s->lieux[k].lat);
		json_fixed6(w, s->lieux[k].lon);
		json_end(w);
	}
	json_end(w);
}

/* The metadata shards: what a result shows. */
static int
write_meta(const struct sx *x, struct sx_out *out)
{
	const struct sheet *s;
	struct buf o = {0}, name = {0};
	struct json w;
	size_t	 d, k;
	int	 rc = 0;

	for (d = 0; d < x->ndocs && rc == 0; d += META_PER) {
		buf_reset(&o);
		json_init(&w, &o, JSON_COMPACT);
		json_array(&w, 1);
		/* Absent fields are "", not null: search.js reads strings. */
		for (k = d; k < d + META_PER && k < x->ndocs; k++) {
			s = &x->m->sheets[x->docs[k]];
			json_array(&w, 1);
			idx_str(&w, s->id);
			idx_str(&w, s->nom);
			idx_str(&w, s->sigle);
			idx_str(&w, s->resume);
			idx_str(&w, s->telephone.display);
			idx_str(&w, s->telephone.uri);
			idx_str(&w, s->type >= 0 ?
			    x->m->types[s->type].nom : NULL);
			idx_str(&w, doc_where(x->m, s));
			json_int(&w, doc_flags(x->m, s));
			if (x->m->site.carte_tuiles != NULL)
				meta_places(&w, s);
			json_end(&w);
		}
		json_end(&w);
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
	struct json w;
	int	*d;
	size_t	 n, i, k, j, cap = 1;
	int	 rc;

	for (k = 0; k < nsets; k++)
		cap += sets[k]->n;
	d = xcalloc(cap, sizeof(*d));
	json_init(&w, &o, JSON_COMPACT);
	if (nsets > 1)
		json_array(&w, 1);
	for (j = 0; j < nsets; j++) {
		n = 0;
		for (i = 0; i < sets[j]->n; i++)
			if (x->doc_of[sets[j]->v[i]] >= 0)
				d[n++] = x->doc_of[sets[j]->v[i]];
		qsort(d, n, sizeof(*d), int_cmp);
		for (i = k = 0; i < n; i++)
			if (k == 0 || d[k - 1] != d[i])
				d[k++] = d[i];
		put_docs(&w, d, NULL, k);
	}
	if (nsets > 1)
		json_end(&w);
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
    const unsigned char *sh, const unsigned char *zh, size_t nsh,
    const struct buf *lk)
{
	struct buf o = {0}, stop = {0};
	struct json w;
	size_t	 i, npro = 0;
	int	 rc, *pro;

	for (i = 0; i < sizeof(stopwords) / sizeof(*stopwords); i++)
		buf_printf(&stop, "%s%s", i ? " " : "", stopwords[i]);
	json_init(&w, &o, JSON_COMPACT);
	json_object(&w, 1);
	json_kint(&w, "v", SX_VERSION);
	json_kint(&w, "n", (long long)x->ndocs);
	json_kint(&w, "m", META_PER);
	json_key(&w, "stop");
	idx_str(&w, stop.data);
	/* Documents for professionals only: ranked after the others. */
	pro = xcalloc(x->ndocs + 1, sizeof(*pro));
	for (i = 0; i < x->ndocs; i++)
		if (doc_pro(x->m, &x->m->sheets[x->docs[i]]))
			pro[npro++] = (int)i;
	json_key(&w, "pro");
	put_docs(&w, pro, NULL, npro);
	free(pro);
	/* The bits of the shards written, in B64 characters. */
	json_key(&w, "sh");
	json_str_begin(&w);
	for (i = 0; i < nsh; i++)
		buf_putc(&o, b64[sh[i]]);
	json_str_end(&w);
	json_key(&w, "zh");
	json_str_begin(&w);
	for (i = 0; i < nsh; i++)
		buf_putc(&o, b64[zh[i]]);
	json_str_end(&w);
	json_key(&w, "lk");
	json_str(&w, lk->len ? lk->data : "");
	json_end(&w);
	buf_putc(&o, '\n');
	rc = put_file(out, "manifest.json", &o);
	buf_dispose(&o);
	buf_dispose(&stop);
	return rc;
}

/* The two writers of write_all, each with its own counts. */
struct sx_task {
	const struct sx	*x;
	unsigned char	*sh, *zh;
	struct sx_out	 out[2];
	int		 rc[2];
	struct buf	 lk;		/* keys of the place files */
};

/* Job 0: the vocabulary; job 1: the metadata and facets. */
static int
sx_job(void *arg, size_t worker, size_t job)
{
	struct sx_task *t = arg;

	(void)worker;
	if (job == 0)
		t->rc[0] = write_vocab(t->x, &t->out[0], t->sh, t->zh,
		    &t->lk);
	else if ((t->rc[1] = write_meta(t->x, &t->out[1])) == 0)
		t->rc[1] = write_facets(t->x, &t->out[1]);
	return t->rc[job] == 0 ? 0 : -1;
}

/*
 * Writes every file into dir, with the metadata and facets in a second
 * worker when the build may use one: most of the time goes into creating
 * files, which the kernel does faster in two directories at once. Adds
 * the counts to *total. Returns 0 or 3.
 */
static int
write_all(const struct sx *x, const char *dir, unsigned char *sh,
    unsigned char *zh, size_t nsh, struct sx_out *total)
{
	struct sx_task t = { x, sh, zh, { { dir, 0, 0 }, { dir, 0, 0 } },
	    { 0, 0 }, { 0 } };
	int	 rc;

	(void)pool_run(2, x->b->jobs > 1 ? 2 : 1, 0, sx_job, &t);
	rc = t.rc[0] != 0 ? t.rc[0] : t.rc[1];
	if (rc == 0)
		rc = write_manifest(x, &t.out[0], sh, zh, nsh, &t.lk);
	buf_dispose(&t.lk);
	total->nfiles = t.out[0].nfiles + t.out[1].nfiles;
	total->nbytes = t.out[0].nbytes + t.out[1].nbytes;
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
	free(x->pl);
	for (i = 0; i < x->ncc; i++) {
		buf_dispose(&x->cc[i].targets);
		buf_dispose(&x->cc[i].mots);
	}
	free(x->cc);
	if (x->ccmap.cap > 0)
		strmap_free(&x->ccmap);
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
	unsigned char sh[(36 * 37 + 5) / 6] = {0}, zh[sizeof(sh)] = {0};
	double	 t0 = build_clock();
	size_t	 i;
	int	 rc = 0, s;
	static const char *const dirs[] = {
		"", "v", "z", "l", "c", "p", "m", "f/t", "f/b", "f/p", "f/y"
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
	places_init(&x);
	if (concepts_build(&x) != 0) {
		sx_free(&x);
		return 1;
	}
	for (i = 0; i < x.ndocs; i++)
		index_doc(&x, (int)i, &tmp);
	resolve_stems(&x);
	score_stems(&x);

	buf_printf(&dir, "%s/recherche/idx", sitedir);
	for (i = 0; i < sizeof(dirs) / sizeof(*dirs) && rc == 0; i++)
		rc = make_dir(dir.data, dirs[i]);
	if (rc == 0)
		rc = write_all(&x, dir.data, sh, zh, sizeof(sh), &out);
	if (rc == 0)
		build_phase(b, "recherche : %zu fiches, %zu formes, %zu "
		    "racines, %zu lieux, %zu notions, %zu fichiers, %zu Ko "
		    "(%.0f ms)", x.ndocs, x.nforms, x.nstems, x.npl, x.ncc,
		    out.nfiles, out.nbytes / 1024,
		    (build_clock() - t0) * 1000);
	buf_dispose(&tmp);
	buf_dispose(&dir);
	sx_free(&x);
	return rc;
}
