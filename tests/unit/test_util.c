/* test_util.c: unit tests of src/util.c: dates, UTF-8, suggestions,
 * string maps, small string checks and file reading. */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "harness.h"
#include "util.h"

static long
ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* date_parse(s) as YYYY-MM-DD again, or "refusé". */
static const char *
reparse(const char *s)
{
	static char out[11];
	long	 days;

	if (date_parse(&days, s) == -1)
		return "refusé";
	return date_iso(out, days);
}

static void
test_dates(void)
{
	struct buf b = {0};
	long	 days;
	int	 y, m, d;

	INT_EQ(ymd(1970, 1, 1), 0);
	INT_EQ(ymd(2026, 11, 26), 20783);
	date_to_ymd(20783, &y, &m, &d);
	INT_EQ(y, 2026);
	INT_EQ(m, 11);
	INT_EQ(d, 26);
	/* Every day of four centuries goes there and back. */
	for (days = ymd(1900, 1, 1); days < ymd(2300, 1, 1); days++) {
		date_to_ymd(days, &y, &m, &d);
		if (ymd(y, m, d) != days) {
			OK(0, "round trip of day %ld", days);
			break;
		}
	}
	OK(days == ymd(2300, 1, 1), "round trip 1900-2300");

	STR_EQ(reparse("2026-09-15"), "2026-09-15");
	STR_EQ(reparse("2024-02-29"), "2024-02-29");	/* leap */
	STR_EQ(reparse("2000-02-29"), "2000-02-29");	/* leap: 400 */
	STR_EQ(reparse("2026-02-30"), "refusé");
	STR_EQ(reparse("2025-02-29"), "refusé");
	STR_EQ(reparse("2100-02-29"), "refusé");	/* not leap: 100 */
	STR_EQ(reparse("2026-04-31"), "refusé");
	STR_EQ(reparse("2026-12-31"), "2026-12-31");
	STR_EQ(reparse("2026-13-01"), "refusé");
	STR_EQ(reparse("2026-00-10"), "refusé");
	STR_EQ(reparse("2026-01-00"), "refusé");
	STR_EQ(reparse("2026-9-15"), "refusé");
	STR_EQ(reparse("2026-09-15 "), "refusé");
	STR_EQ(reparse("2026-09-1"), "refusé");
	STR_EQ(reparse("15/09/2026"), "refusé");
	STR_EQ(reparse("1899-12-31"), "refusé");
	STR_EQ(reparse("+026-09-15"), "refusé");
	STR_EQ(reparse(""), "refusé");

	INT_EQ(date_weekday(ymd(2026, 11, 26)), 3);	/* a Thursday */
	INT_EQ(date_weekday(ymd(1970, 1, 1)), 3);
	INT_EQ(date_weekday(ymd(1969, 12, 29)), 0);	/* before 1970 */
	date_french(&b, ymd(2027, 1, 1));
	STR_EQ(buf_cstr(&b), "1er janvier 2027");
	buf_reset(&b);
	date_french(&b, ymd(2026, 8, 15));
	STR_EQ(buf_cstr(&b), "15 août 2026");
	buf_dispose(&b);

	/* SOURCE_DATE_EPOCH is today. */
	setenv("SOURCE_DATE_EPOCH", "1795651200", 1);
	INT_EQ(date_today(), ymd(2026, 11, 26));
	setenv("SOURCE_DATE_EPOCH", "1795737599", 1);	/* 23:59:59 */
	INT_EQ(date_today(), ymd(2026, 11, 26));
	setenv("SOURCE_DATE_EPOCH", "demain", 1);
	OK(date_today() > ymd(2020, 1, 1), "a bad value falls back to now");
	unsetenv("SOURCE_DATE_EPOCH");
}

/* utf8_check's answer: -1 when valid, else the offset of the bad byte. */
static long
bad_at(const char *s, size_t n)
{
	size_t	 bad = 999;

	return utf8_check(s, n, &bad) == 0 ? -1 : (long)bad;
}

static void
test_utf8(void)
{
	struct buf b = {0};
	const char *p;
	uint32_t cps[] = {0x41, 0xe9, 0x20ac, 0x1f600, 0x7ff, 0x800, 0xffff,
	    0x10000, 0x10ffff};
	size_t	 i;

	INT_EQ(bad_at("", 0), -1);
	INT_EQ(bad_at("été €😀", strlen("été €😀")), -1);
	INT_EQ(bad_at("caf\xe9 noir", 9), 3);		/* Latin-1 é */
	INT_EQ(bad_at("ab\xc3", 3), 2);			/* truncated */
	INT_EQ(bad_at("ab\xc3(", 4), 2);		/* bad continuation */
	INT_EQ(bad_at("\xc0\x80", 2), 0);		/* overlong NUL */
	INT_EQ(bad_at("\xc1\xbf", 2), 0);		/* overlong */
	INT_EQ(bad_at("\xe0\x80\xaf", 3), 0);		/* overlong '/' */
	INT_EQ(bad_at("\xf0\x80\x80\xaf", 4), 0);	/* overlong */
	INT_EQ(bad_at("x\xed\xa0\x80", 4), 1);		/* surrogate */
	INT_EQ(bad_at("\xf4\x90\x80\x80", 4), 0);	/* > U+10FFFF */
	INT_EQ(bad_at("\xf5\x80\x80\x80", 4), 0);
	INT_EQ(bad_at("\xff", 1), 0);
	INT_EQ(bad_at("\x80", 1), 0);			/* lone continuation */
	INT_EQ(bad_at("\xef\xbb\xbfok", 5), -1);	/* BOM: valid */
	INT_EQ(bad_at("a\0b", 3), -1);			/* NUL: the caller's */

	INT_EQ(utf8_len(""), 0);
	INT_EQ(utf8_len("été"), 3);
	INT_EQ(utf8_len("€😀"), 2);
	for (i = 0; i < sizeof(cps) / sizeof(*cps); i++) {
		buf_reset(&b);
		utf8_put(&b, cps[i]);
		INT_EQ(bad_at(b.data, b.len), -1);
		p = b.data;
		INT_EQ(utf8_next(&p), cps[i]);
		INT_EQ(p - b.data, (long)b.len);
	}
	/* Invalid input: one byte at a time, U+FFFD. */
	p = "\xe9t\xc3";
	INT_EQ(utf8_next(&p), 0xfffd);
	INT_EQ(utf8_next(&p), 't');
	buf_dispose(&b);
}

static void
test_suggest(void)
{
	static const char *const keys[] = {"nom", "sigle", "type", "resume",
	    "publics", "besoins", "territoires", "telephone", "verifie_le",
	    "horaires", "contact", "lieux"};
	static const char *const types[] = {"dac", "clic", "cls", "cpts",
	    "ssiad", "ehpad"};
	static const char *const codes[] = {"58", "58194", "245804406",
	    "bassin-nord"};
	size_t	 nk = sizeof(keys) / sizeof(*keys);

	INT_EQ(edit_distance("", ""), 0);
	INT_EQ(edit_distance("", "abc"), 3);
	INT_EQ(edit_distance("clic", "clik"), 1);
	INT_EQ(edit_distance("clic", "lcic"), 1);	/* transposition */
	INT_EQ(edit_distance("telephonne", "telephone"), 1);
	INT_EQ(edit_distance("kitten", "sitting"), 3);
	INT_EQ(edit_distance("é", "e"), 2);		/* bytes */
	{
		char	 long1[80];

		memset(long1, 'a', 79);
		long1[79] = '\0';
		INT_EQ(edit_distance(long1, "a"), (long long)(size_t)-1);
	}

	STR_EQ(suggest("telephonne", keys, nk), "telephone");
	STR_EQ(suggest("téléphone", keys, nk), "telephone");
	STR_EQ(suggest("résumé", keys, nk), "resume");	/* accents: free */
	STR_EQ(suggest("Resume", keys, nk), "resume");	/* capitals too */
	STR_EQ(suggest("vérifié_le", keys, nk), "verifie_le");
	STR_EQ(suggest("Verifie-le", keys, nk), "verifie_le");
	STR_EQ(suggest("horaire", keys, nk), "horaires");
	STR_EQ(suggest("lieu", keys, nk), "lieux");
	STR_EQ(suggest("territoire", keys, nk), "territoires");
	STR_EQ(suggest("tel", keys, nk), "telephone");	/* a prefix */
	OK(suggest("couleur", keys, nk) == NULL, "couleur: no hint");
	OK(suggest("x", keys, nk) == NULL, "x: no hint");
	OK(suggest("", keys, nk) == NULL, "empty: no hint");
	OK(suggest("nom", keys, 0) == NULL, "no candidates");
	STR_EQ(suggest("clik", types, 6), "clic");
	STR_EQ(suggest("CLIC", types, 6), "clic");
	STR_EQ(suggest("DAC", types, 6), "dac");
	STR_EQ(suggest("ssiadd", types, 6), "ssiad");
	OK(suggest("samsah", types, 6) == NULL, "samsah: no hint");
	STR_EQ(suggest("58x", codes, 4), "58");
	STR_EQ(suggest("58195", codes, 4), "58194");
	STR_EQ(suggest("bassin-nrd", codes, 4), "bassin-nord");
	OK(suggest("99999", codes, 4) == NULL, "99999: no hint");
	{
		/* One word of a compound key, as editors write it. */
		static const char *const publics[] = {"tout-public",
		    "personnes-agees", "personnes-precaires", "aidants",
		    "habitants-qpv"};

		STR_EQ(suggest("precarite", publics, 5),
		    "personnes-precaires");
		STR_EQ(suggest("Précaires", publics, 5),
		    "personnes-precaires");
		STR_EQ(suggest("agées", publics, 5), "personnes-agees");
		STR_EQ(suggest("habitant", publics, 5), "habitants-qpv");
		OK(suggest("personnes", publics, 5) != NULL,
		    "a shared first word still hints");
		OK(suggest("pers", publics, 5) != NULL, "prefix: hint");
		static const char *const gloss[] = {"forme_longue",
		    "definition"};

		OK(suggest("forme_courte", gloss, 2) == NULL,
		    "a compound word is not one word of a key");
		OK(suggest("agent", publics, 5) == NULL,
		    "agent: too short a common start");
		OK(suggest("public", publics, 5) == NULL ||
		    strcmp(suggest("public", publics, 5), "tout-public") == 0,
		    "public: tout-public or nothing");
	}
	/* Words too long to compare get no hint, and no crash. */
	OK(suggest("résumé résumé résumé résumé résumé résumé résumé résumé "
	    "résumé résumé résumé", keys, nk) == NULL, "a long word");
}

static void
test_strmap(void)
{
	struct strmap m = {0};
	char	**keys;
	int	 i, ok = 1;

	INT_EQ(strmap_get(&m, "absent"), -1);	/* never initialised */
	strmap_init(&m, 4);
	INT_EQ(strmap_put(&m, "58", 1), 0);
	INT_EQ(strmap_put(&m, "58", 2), -1);
	INT_EQ(strmap_get(&m, "58"), 1);
	INT_EQ(strmap_get(&m, "5"), -1);
	/* Grows past its first size. */
	keys = calloc(20000, sizeof(*keys));
	for (i = 0; i < 20000; i++) {
		keys[i] = malloc(16);
		snprintf(keys[i], 16, "k%d", i);
		if (strmap_put(&m, keys[i], i) != 0)
			ok = 0;
	}
	for (i = 0; i < 20000; i++)
		if (strmap_get(&m, keys[i]) != i)
			ok = 0;
	OK(ok, "20,000 keys");
	INT_EQ(m.n, 20001);
	strmap_free(&m);
	for (i = 0; i < 20000; i++)
		free(keys[i]);
	free(keys);
}

static void
test_strings(void)
{
	char	*p;

	OK(is_slug("clic-nevers-58"), "slug");
	OK(!is_slug(""), "empty slug");
	OK(!is_slug("Clic"), "upper case");
	OK(!is_slug("clic_nevers"), "underscore");
	OK(!is_slug("été"), "accents");
	OK(!is_slug("a b"), "space");
	OK(is_digits("58000", 5), "5 digits");
	OK(!is_digits("5800", 5), "4 digits");
	OK(!is_digits("580000", 5), "6 digits");
	OK(!is_digits("58a00", 5), "a letter");
	OK(str_has_prefix("https://x", "https://"), "prefix");
	OK(!str_has_prefix("http", "https://"), "shorter");
	p = util_path_join("content", "fiches/a.md");
	STR_EQ(p, "content/fiches/a.md");
	free(p);
	p = util_path_join("content/", "site.yaml");
	STR_EQ(p, "content/site.yaml");
	free(p);
	STR_EQ(util_strerror(ENOENT), "fichier ou dossier introuvable");
	STR_EQ(util_strerror(EACCES), "permission refusée");
	OK(util_strerror(EDOM) != NULL, "other errors: strerror");
}

static void
test_read_file(void)
{
	char	 dir[] = "/tmp/test_util.XXXXXX", path[64], fifo[64];
	char	*data;
	size_t	 len;
	FILE	*f;

	if (mkdtemp(dir) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/f", dir);
	snprintf(fifo, sizeof(fifo), "%s/tube", dir);
	f = fopen(path, "w");
	fputs("nom: x\n", f);
	fclose(f);
	INT_EQ(util_read_file(&data, &len, path, 100), READ_OK);
	INT_EQ(len, 7);
	STR_EQ(data, "nom: x\n");
	free(data);
	INT_EQ(util_read_file(&data, &len, path, 6), READ_TOO_BIG);
	INT_EQ(len, 7);
	OK(data == NULL, "nothing read");
	INT_EQ(util_read_file(&data, &len, dir, 100), READ_ERRNO);
	INT_EQ(errno, EISDIR);
	strcat(path, "x");
	INT_EQ(util_read_file(&data, &len, path, 100), READ_ERRNO);
	INT_EQ(errno, ENOENT);
	/* A named pipe with no writer: refused, not waited for. */
	if (mkfifo(fifo, 0600) == 0) {
		INT_EQ(util_read_file(&data, &len, fifo, 100), READ_ERRNO);
		INT_EQ(errno, EINVAL);
		unlink(fifo);
	}
	path[strlen(path) - 1] = '\0';
	unlink(path);
	rmdir(dir);
}

static const char *
resolve(const char *base, const char *ref)
{
	static char out[256];
	struct buf b = {0};

	util_url_resolve(&b, base, ref);
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	buf_dispose(&b);
	return out;
}

/* PDFs resolve a body's links as the browser does on the sheet's page. */
static void
test_url_resolve(void)
{
	const char *p = "https://exemple.org/fiches/clic/";

	STR_EQ(resolve(p, "../dac-58/"), "https://exemple.org/fiches/dac-58/");
	STR_EQ(resolve(p, "../../besoins/x/"),
	    "https://exemple.org/besoins/x/");
	STR_EQ(resolve(p, "../../../../x"), "https://exemple.org/x");
	STR_EQ(resolve(p, "/a-propos/"), "https://exemple.org/a-propos/");
	STR_EQ(resolve(p, "plan.pdf"),
	    "https://exemple.org/fiches/clic/plan.pdf");
	STR_EQ(resolve(p, "./a/./b/../c?x=../y#z"),
	    "https://exemple.org/fiches/clic/a/c?x=../y#z");
	STR_EQ(resolve(p, ".."), "https://exemple.org/fiches/");
	STR_EQ(resolve(p, "?q=1"), "https://exemple.org/fiches/clic/?q=1");
	STR_EQ(resolve(p, "#haut"), "https://exemple.org/fiches/clic/#haut");
	STR_EQ(resolve(p, "https://example.org/a"), "https://example.org/a");
	STR_EQ(resolve(p, "mailto:a@example.org"), "mailto:a@example.org");
	/* A site under a sub-folder: "/x" is the host's, as in a browser. */
	STR_EQ(resolve("https://h.example/rep/fiches/a/", "/x"),
	    "https://h.example/x");
	STR_EQ(resolve("https://h.example", "x"), "https://h.example/x");
}

int
main(void)
{
	test_url_resolve();
	test_dates();
	test_utf8();
	test_suggest();
	test_strmap();
	test_strings();
	test_read_file();
	return TEST_END();
}
