/*
 * test_search.c: unit tests of the search index (src/search.c) and of
 * the word splitting it shares with search.js (src/fold.c).
 *
 * Environment (used by tests/t-search.sh and the benchmarks):
 *   SEARCH_INDEX_OUT=DIR   also writes the sample's index into DIR/site
 *                          (kept) for the node tests;
 *   SEARCH_FOLD_OUT=FILE   writes the folding of U+0000..U+017F and of
 *                          test sentences as JSON, for search.js's tests;
 *   SEARCH_BENCH=CORPUS    only times search_write on CORPUS.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "esc.h"
#include "fold.h"
#include "harness.h"
#include "outputs.h"
#include "util.h"

static struct buf words;	/* what split() returns */

static void
add_word(void *arg, const char *folded, size_t flen, const char *lower,
    size_t llen)
{
	(void)arg;
	buf_printf(&words, "%s%.*s/%.*s", words.len ? " " : "", (int)flen,
	    folded, (int)llen, lower);
}

/* "folded/lower folded/lower …" of s. */
static const char *
split(const char *s)
{
	buf_reset(&words);
	fold_words(s, add_word, NULL);
	return buf_cstr(&words);
}

static void
test_words(void)
{
	STR_EQ(split("L'aide à domicile"),
	    "l/l aide/aide a/à domicile/domicile");
	STR_EQ(split("Œuvre d’Évreux"), "oeuvre/œuvre d/d evreux/évreux");
	STR_EQ(split("aide-soignante, 58 ; jusqu'à"),
	    "aide/aide soignante/soignante 58/58 jusqu/jusqu a/à");
	STR_EQ(split("CLIC/ SAAD·DAC"), "clic/clic saad/saad dac/dac");
	STR_EQ(split("straße ÇA ÿ Ÿ"), "strasse/straße ca/ça y/ÿ y/ÿ");
	STR_EQ(split("Кириллица a×b"), "a/a b/b");
	STR_EQ(split(""), "");
	/* Decomposed accents, soft hyphens and zero-width characters. */
	STR_EQ(split("E\xcc\x81" "coute alz\xc2\xad" "heimer ehp\xe2\x80\x8b" "ad"),
	    "ecoute/ecoute alzheimer/alzheimer ehpad/ehpad");
	/* Words longer than FOLD_WORD_MAX are dropped. */
	STR_EQ(split("court aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa fin"),
	    "court/court fin/fin");
	INT_EQ(fold_lower(0x152), 0x153);
	INT_EQ(fold_lower(0x179), 0x17a);
	INT_EQ(fold_lower(0x17a), 0x17a);
	INT_EQ(fold_lower(0xc9), 0xe9);
	INT_EQ(fold_lower(0xd7), 0xd7);
}

/* Writes the folding table and sample sentences for search.js's tests. */
static void
write_fold(const char *path)
{
	static const char *const sentences[] = {
		"L'aide à domicile", "Œuvre d’Évreux — aide-soignante",
		"CLIC/SAAD·DAC 58 2A004", "straße ÇA ÿ Ÿ Ĳssel ŉ ſ",
		"Кириллица a×b ÷ c", "jusqu'à lorsqu'il qu'un",
		"E\xcc\x81" "coute alz\xc2\xad" "heimer ehp\xe2\x80\x8b" "ad "
		    "r\xef\xbb\xbf" "e\xcc\x81" "pit",
	};
	struct buf o = {0}, t = {0}, w = {0};
	uint32_t cp;
	size_t	 i;

	buf_puts(&o, "{\"chars\":[");
	for (cp = 1; cp <= 0x17f; cp++) {
		buf_reset(&t);
		utf8_put(&t, cp);
		buf_reset(&words);
		fold_words(t.data, add_word, NULL);
		buf_reset(&w);
		/* The folded part of "folded/lower", or "". */
		if (words.len > 0)
			buf_put(&w, words.data, strcspn(words.data, "/"));
		buf_printf(&o, "%s[%u,", cp > 1 ? "," : "", cp);
		esc_json(&o, buf_cstr(&w));
		buf_putc(&o, ']');
	}
	buf_puts(&o, "],\"sentences\":[");
	for (i = 0; i < sizeof(sentences) / sizeof(*sentences); i++) {
		buf_reset(&t);
		buf_reset(&words);
		fold_words(sentences[i], add_word, NULL);
		/* Keep the folded halves. */
		{
			char	*s = words.data ? words.data : (char *)"";
			char	*tok, *save = NULL;
			struct buf f = {0};

			for (tok = strtok_r(s, " ", &save); tok != NULL;
			    tok = strtok_r(NULL, " ", &save))
				buf_printf(&f, "%s%.*s", f.len ? " " : "",
				    (int)strcspn(tok, "/"), tok);
			buf_printf(&o, "%s[", i ? "," : "");
			esc_json(&o, sentences[i]);
			buf_putc(&o, ',');
			esc_json(&o, buf_cstr(&f));
			buf_putc(&o, ']');
			buf_dispose(&f);
		}
	}
	buf_puts(&o, "]}\n");
	OK(util_write_file(path, o.data, o.len) == 0, "writing %s", path);
	buf_dispose(&o);
	buf_dispose(&t);
	buf_dispose(&w);
}

/* Loads a content folder; 0 when usable. */
static int
load(struct build *b, const char *dir)
{
	int	 rc;

	build_init(b);
	b->content_dir = dir;
	b->tty = 0;
	b->quiet = 1;
	rc = load_content(b);
	model_prepare_outputs(&b->model, 2);	/* as main.c does */
	return rc;
}

/* Appends every file of dir (recursively) to o, with its name. */
static void
slurp(struct buf *o, const char *dir, size_t *nfiles)
{
	DIR	*d;
	struct dirent *e;
	struct stat st;
	char	*path, *data;
	size_t	 len;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = util_path_join(dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			slurp(o, path, nfiles);
		else if (util_read_file(&data, &len, path, 1 << 26) ==
		    READ_OK) {
			buf_printf(o, "\n== %s\n", path);
			buf_put(o, data, len);
			free(data);
			(*nfiles)++;
		}
		free(path);
	}
	closedir(d);
}

static int
has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* Reads a file of the index into o. */
static int
read_index(struct buf *o, const char *site, const char *rel)
{
	char	*data;
	size_t	 len;
	struct buf p = {0};
	int	 rc;

	buf_printf(&p, "%s/recherche/idx/%s", site, rel);
	buf_reset(o);
	rc = util_read_file(&data, &len, p.data, 1 << 26) == READ_OK ? 0 : -1;
	if (rc == 0) {
		buf_put(o, data, len);
		free(data);
	}
	buf_dispose(&p);
	return rc;
}

static void
test_index(const char *keep)
{
	struct build b;
	struct buf all = {0}, f = {0}, cmd = {0};
	char	 tmpl[] = "/tmp/test-search-XXXXXX", *tmp;
	char	*site1, *site2;
	size_t	 nfiles = 0, i, k;
	const struct model *m;

	if ((tmp = mkdtemp(tmpl)) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	INT_EQ(load(&b, "content"), 0);
	m = &b.model;
	site1 = util_path_join(tmp, "site");
	site2 = util_path_join(tmp, "site2");
	util_mkdir_p(site1);
	util_mkdir_p(site2);
	INT_EQ(search_write(&b, site1), 0);
	INT_EQ(search_write(&b, site2), 0);

	/* Same bytes twice. */
	buf_printf(&cmd, "diff -r %s %s >/dev/null", site1, site2);
	INT_EQ(system(cmd.data), 0);

	slurp(&all, site1, &nfiles);
	OK(nfiles > 50, "%zu files", nfiles);
	OK(read_index(&f, site1, "manifest.json") == 0, "manifest");
	OK(has(buf_cstr(&f), "\"v\":4,\"n\":44,"), "manifest: %s",
	    buf_cstr(&f));
	OK(read_index(&f, site1, "v/ai.json") == 0, "v/ai.json");
	OK(has(buf_cstr(&f), "\"aid\","), "stem aid: %.200s", buf_cstr(&f));
	OK(read_index(&f, site1, "v/al.json") == 0, "v/al.json");
	OK(has(buf_cstr(&f), "alzheimer"), "alzheimer: %.300s", buf_cstr(&f));
	/* The long form of CLIC is a phrase of the "ce" shard. */
	OK(read_index(&f, site1, "v/ce.json") == 0, "v/ce.json");
	OK(has(buf_cstr(&f), "[\"centre local information coordination "
	    "gerontologique\",[\"clic\","), "phrase: %.400s", buf_cstr(&f));
	OK(read_index(&f, site1, "f/t/58010.json") == 0, "f/t/58010.json");
	OK(read_index(&f, site1, "f/b/alzheimer-memoire.json") == 0,
	    "f/b/alzheimer-memoire.json");
	OK(read_index(&f, site1, "m/0.json") == 0, "m/0.json");

	/* Drafts are indexed nowhere; closed sheets have no result. */
	OK(!has(all.data, "cpts-haut-nivernais-morvan"), "draft indexed");
	OK(!has(all.data, "clic-loire-allier"), "closed sheet indexed");
	/* contacts_pro: names, e-mails and telephones. */
	for (i = k = 0; i < m->nsheets; i++)
		k += m->sheets[i].ncontacts_pro;
	OK(k >= 5, "%zu contacts_pro in the sample", k);
	for (i = 0; i < m->nsheets; i++)
		for (k = 0; k < m->sheets[i].ncontacts_pro; k++) {
			const struct person *p = &m->sheets[i].contacts_pro[k];
			struct buf fo = {0};

			OK(!has(all.data, p->nom), "contact %s", p->nom);
			fold_text(&fo, p->nom);
			OK(!has(all.data, fo.data), "contact %s", fo.data);
			if (p->email != NULL)
				OK(!has(all.data, p->email), "%s", p->email);
			if (p->telephone.display != NULL)
				OK(!has(all.data, p->telephone.display), "%s",
				    p->telephone.display);
			buf_dispose(&fo);
		}

	/* A failure to write is a system error. */
	INT_EQ(search_write(&b, "/proc/maillage-pas-ici"), 3);

	if (keep != NULL) {
		char	*site = util_path_join(keep, "site");

		util_mkdir_p(site);
		INT_EQ(search_write(&b, site), 0);
		free(site);
	}
	buf_reset(&cmd);
	buf_printf(&cmd, "rm -rf %s", tmp);
	(void)system(cmd.data);
	free(site1);
	free(site2);
	buf_dispose(&all);
	buf_dispose(&f);
	buf_dispose(&cmd);
	build_free(&b);
}

/* User and system time of the process so far, in ms. */
static double
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

/*
 * Times search_write alone on a corpus, into $SEARCH_BENCH_OUT (kept) or
 * a temporary folder. Give a fresh folder, as builds do: rewriting files
 * in place makes ext4 flush each one on close.
 */
static int
bench(const char *corpus)
{
	struct build b;
	char	 tmpl[] = "/tmp/bench-search-XXXXXX";
	const char *out = getenv("SEARCH_BENCH_OUT");
	struct buf cmd = {0};
	double	 t0, t1, c0;
	int	 rc;

	if (out == NULL && (out = mkdtemp(tmpl)) == NULL)
		return 3;
	t0 = build_clock();
	if (load(&b, corpus) != 0) {
		fprintf(stderr, "%s: chargement impossible\n", corpus);
		return 1;
	}
	t1 = build_clock();
	b.quiet = 0;
	b.tty = 1;
	c0 = cpu_ms();
	rc = search_write(&b, out);
	printf("load: %.0f ms, search_write: %.0f ms, %.0f ms CPU (%zu "
	    "sheets)\n", (t1 - t0) * 1000, (build_clock() - t1) * 1000,
	    cpu_ms() - c0, b.model.nsheets);
	buf_printf(&cmd, "du -sk --apparent-size %s/recherche/idx", out);
	(void)system(cmd.data);
	if (getenv("SEARCH_BENCH_OUT") == NULL) {
		buf_reset(&cmd);
		buf_printf(&cmd, "rm -rf %s", out);
		(void)system(cmd.data);
	}
	buf_dispose(&cmd);
	build_free(&b);
	return rc;
}

int
main(void)
{
	const char *s;

	if ((s = getenv("SEARCH_BENCH")) != NULL)
		return bench(s);
	test_words();
	if ((s = getenv("SEARCH_FOLD_OUT")) != NULL)
		write_fold(s);
	test_index(getenv("SEARCH_INDEX_OUT"));
	buf_dispose(&words);
	return TEST_END();
}
