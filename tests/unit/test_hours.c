/* test_hours.c: unit tests of the opening-hours subset (src/hours.c). */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "harness.h"
#include "hours.h"

/* U+00A0 NO-BREAK SPACE, as hours.c writes it between "9" and "h". */
#define NB	"\xc2\xa0"

static struct arena a;
static struct buf out;	/* what french(), day_french(), schema() return */

/* Parses src, which must be valid; NULL (and a failure) otherwise. */
static struct hours *
parse_ok(const char *src)
{
	struct hours *h;
	const char *msg = NULL;
	int	 col = 0;

	h = hours_parse(&a, src, &col, &msg);
	OK(h != NULL, "«%s» refused at column %d: %s", src, col,
	    msg ? msg : "(null)");
	return h;
}

/* hours_french(src) into a static buffer; "" when src is refused. */
static const char *
french(const char *src)
{
	struct hours *h;

	buf_reset(&out);
	if ((h = parse_ok(src)) != NULL)
		hours_french(&out, h);
	return buf_cstr(&out);
}

static const char *
day_french(const char *src, int day)
{
	struct hours *h;

	buf_reset(&out);
	if ((h = parse_ok(src)) != NULL)
		hours_day_french(&out, h, day);
	return buf_cstr(&out);
}

/* The schema.org values of src joined by " | ". */
static const char *
schema(const char *src)
{
	struct hours *h;
	int	 i, n;

	buf_reset(&out);
	if ((h = parse_ok(src)) == NULL)
		return "";
	n = hours_schema_count(h);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(&out, " | ");
		hours_schema(&out, h, i);
	}
	return buf_cstr(&out);
}

/*
 * src must be refused at column col with a message containing want,
 * which quotes the offending token.
 */
static void
check_error(int line, const char *src, int col, const char *want)
{
	struct hours *h;
	const char *msg = NULL;
	int	 got = 0;

	h = hours_parse(&a, src, &got, &msg);
	OK(h == NULL, "line %d: «%s» accepted", line, src);
	if (h != NULL)
		return;
	OK(got == col, "line %d: «%s»: column %d, want %d (%s)", line, src,
	    got, col, msg ? msg : "(null)");
	OK(msg != NULL && strstr(msg, want) != NULL,
	    "line %d: «%s»: message «%s» lacks «%s»", line, src,
	    msg ? msg : "(null)", want);
}

#define ERR(src, col, want)	check_error(__LINE__, (src), (col), (want))

static void
test_brief_examples(void)
{
	STR_EQ(french("Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off"),
	    "du lundi au vendredi, de 9" NB "h à 12" NB "h" NB "30 et de 13"
	    NB "h" NB "30 à 17" NB "h ; le samedi, de 9" NB "h à 12" NB "h ; "
	    "fermé les jours fériés");
	STR_EQ(french("Mo,We 14:00-17:00"),
	    "le lundi et le mercredi, de 14" NB "h à 17" NB "h");
	STR_EQ(french("Mo,We,Fr 14:00-17:00"),
	    "le lundi, le mercredi et le vendredi, de 14" NB "h à 17" NB "h");
	STR_EQ(french("Mo-Fr 08:00-10:00,12:00-14:00,16:00-18:00"),
	    "du lundi au vendredi, de 8" NB "h à 10" NB "h, de 12" NB "h à "
	    "14" NB "h et de 16" NB "h à 18" NB "h");
	STR_EQ(french("Mo-Su 09:00-17:00"),
	    "tous les jours, de 9" NB "h à 17" NB "h");
	STR_EQ(french("\"sur rendez-vous\""), "sur rendez-vous");
	STR_EQ(french("Mo-Fr 09:00-12:00 \"sur rendez-vous\""),
	    "du lundi au vendredi, de 9" NB "h à 12" NB "h (sur rendez-vous)");
}

static void
test_times(void)
{
	STR_EQ(french("Mo 00:00-06:30"), "le lundi, de minuit à 6" NB "h"
	    NB "30");
	STR_EQ(french("Fr 20:05-24:00"), "le vendredi, de 20" NB "h" NB "05 "
	    "à minuit");
	STR_EQ(french("Mo-Fr"), "du lundi au vendredi, 24" NB "h sur 24");
	STR_EQ(french("Mo-Fr 00:00-24:00"),
	    "du lundi au vendredi, 24" NB "h sur 24");
	STR_EQ(french("09:00-17:00"),
	    "tous les jours, de 9" NB "h à 17" NB "h");
	/* Ranges are sorted. */
	STR_EQ(french("Tu 14:00-17:00,09:00-12:00"),
	    "le mardi, de 9" NB "h à 12" NB "h et de 14" NB "h à 17" NB "h");
	/* Touching ranges are allowed. */
	STR_EQ(french("Tu 09:00-12:00,12:00-13:00"),
	    "le mardi, de 9" NB "h à 12" NB "h et de 12" NB "h à 13" NB "h");
	/* Eight ranges fit. */
	OK(parse_ok("Mo 01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,"
	    "09:00-10:00,11:00-12:00,13:00-14:00,15:00-16:00") != NULL,
	    "eight ranges");
}

static void
test_days(void)
{
	STR_EQ(french("Mo-We,Fr 09:00-12:00"),
	    "du lundi au mercredi et le vendredi, de 9" NB "h à 12" NB "h");
	STR_EQ(french("Mo,Tu 09:00-12:00"),
	    "le lundi et le mardi, de 9" NB "h à 12" NB "h");
	STR_EQ(french("Mo-Sa 09:00-12:00"),
	    "du lundi au samedi, de 9" NB "h à 12" NB "h");
	STR_EQ(french("Mo-We,Fr-Su 09:00-12:00"),
	    "du lundi au mercredi et du vendredi au dimanche, de 9" NB "h à "
	    "12" NB "h");
	/* A wrapping range is accepted and kept in its order. */
	STR_EQ(french("Fr-Mo 10:00-12:00"),
	    "du vendredi au lundi, de 10" NB "h à 12" NB "h");
	STR_EQ(french("Sa,Su,Mo 10:00-12:00; Tu-Th 09:00-17:00"),
	    "du mardi au jeudi, de 9" NB "h à 17" NB "h ; du samedi au lundi, "
	    "de 10" NB "h à 12" NB "h");
	STR_EQ(french("Su,Mo 10:00-12:00"),
	    "le lundi et le dimanche, de 10" NB "h à 12" NB "h");
	STR_EQ(french("Mo-Tu,Su 10:00-12:00"),
	    "le lundi, le mardi et le dimanche, de 10" NB "h à 12" NB "h");
	STR_EQ(french("Mo-Tu,Th-Su 10:00-12:00"),
	    "du jeudi au mardi, de 10" NB "h à 12" NB "h");
	/* Duplicates and "Mo-Mo" are harmless. */
	STR_EQ(french("Mo,Mo-Mo 10:00-12:00"), "le lundi, de 10" NB "h à 12"
	    NB "h");
	/* Days that share hours are grouped even when not consecutive. */
	STR_EQ(french("Mo 09:00-12:00; Tu 14:00-17:00; We 09:00-12:00"),
	    "le lundi et le mercredi, de 9" NB "h à 12" NB "h ; le mardi, "
	    "de 14" NB "h à 17" NB "h");
}

static void
test_overrides(void)
{
	STR_EQ(french("Mo-Fr 09:00-17:00; We off"),
	    "le lundi, le mardi, le jeudi et le vendredi, de 9" NB "h à 17"
	    NB "h");
	STR_EQ(french("Mo-Fr 09:00-17:00; We 09:00-12:00"),
	    "le lundi, le mardi, le jeudi et le vendredi, de 9" NB "h à 17"
	    NB "h ; le mercredi, de 9" NB "h à 12" NB "h");
	/* The later rule wins, even over a wider one. */
	STR_EQ(french("Sa 10:00-12:00; Mo-Su 08:00-09:00"),
	    "tous les jours, de 8" NB "h à 9" NB "h");
	STR_EQ(french("09:00-12:00; Su off"),
	    "du lundi au samedi, de 9" NB "h à 12" NB "h");
	STR_EQ(french("Mo-Su off"), "fermé");
	STR_EQ(french("Mo-Su off; PH off"), "fermé les jours fériés");
}

static void
test_comments(void)
{
	STR_EQ(french("Mo-Fr 09:00-12:00; \"sur rendez-vous\""),
	    "du lundi au vendredi, de 9" NB "h à 12" NB "h ; sur rendez-vous");
	STR_EQ(french("\"sur rendez-vous\"; PH off"),
	    "fermé les jours fériés ; sur rendez-vous");
	STR_EQ(french("\"a\"; \"b\""), "a ; b");
	/* A comment belongs to the days of its rule. */
	STR_EQ(french("Mo-Fr 09:00-12:00 \"sur rendez-vous\"; Sa 10:00-12:00"),
	    "du lundi au vendredi, de 9" NB "h à 12" NB "h (sur rendez-vous) "
	    "; le samedi, de 10" NB "h à 12" NB "h");
	STR_EQ(french("Mo-Fr 09:00-12:00; We \"sur rendez-vous\""),
	    "le lundi, le mardi, le jeudi et le vendredi, de 9" NB "h à 12"
	    NB "h ; le mercredi, sur rendez-vous");
	STR_EQ(french("Mo-Fr 09:00-12:00; Sa off \"sauf le premier du mois\""),
	    "du lundi au vendredi, de 9" NB "h à 12" NB "h ; le samedi, fermé "
	    "(sauf le premier du mois)");
	STR_EQ(french("09:00-12:00 \"l'été\""),
	    "tous les jours, de 9" NB "h à 12" NB "h (l'été)");
	/* ";" inside a comment does not end the rule. */
	STR_EQ(french("Mo 09:00-12:00 \"a; b\""),
	    "le lundi, de 9" NB "h à 12" NB "h (a; b)");
}

static void
test_whitespace(void)
{
	const char *want = "du lundi au vendredi, de 9" NB "h à 12" NB "h ; "
	    "le samedi, de 10" NB "h à 12" NB "h";

	STR_EQ(french("Mo-Fr 09:00-12:00 ; Sa 10:00-12:00"), want);
	STR_EQ(french("Mo-Fr 09:00-12:00;Sa 10:00-12:00"), want);
	STR_EQ(french("  Mo-Fr\t09:00-12:00  ;  Sa  10:00-12:00  "), want);
	STR_EQ(french("Mo - Fr 09:00 - 12:00; Sa 10:00-12:00"), want);
	STR_EQ(french("Mo, We 09:00-12:00, 14:00-17:00"),
	    "le lundi et le mercredi, de 9" NB "h à 12" NB "h et de 14" NB "h "
	    "à 17" NB "h");
}

static void
test_day_french(void)
{
	const char *src = "Mo-Fr 09:00-12:30,13:30-17:00; Sa 10:00-12:00 "
	    "\"sur rendez-vous\"; Su 00:00-02:00,22:00-24:00; We off; "
	    "Th \"un jeudi sur deux\"";

	STR_EQ(day_french(src, 0),
	    "9" NB "h" NB "– 12" NB "h" NB "30, 13" NB "h" NB "30" NB "– 17"
	    NB "h");
	STR_EQ(day_french(src, 2), "");
	STR_EQ(day_french(src, 3), "un jeudi sur deux");
	STR_EQ(day_french(src, 5),
	    "10" NB "h" NB "– 12" NB "h (sur rendez-vous)");
	STR_EQ(day_french(src, 6),
	    "0" NB "h" NB "– 2" NB "h, 22" NB "h" NB "– 24" NB "h");
	STR_EQ(day_french(src, 7), "");
	STR_EQ(day_french(src, -1), "");
	STR_EQ(day_french("Mo", 0), "24" NB "h sur 24");
	STR_EQ(day_french("Mo off \"travaux\"", 0), "fermé (travaux)");
	STR_EQ(day_french("PH off", 0), "");
}

static void
test_open_on(void)
{
	struct hours *h;

	h = parse_ok("Mo-Fr 09:00-17:00; We off; Sa \"sur rendez-vous\"");
	if (h == NULL)
		return;
	INT_EQ(hours_open_on(h, 0), 1);
	INT_EQ(hours_open_on(h, 1), 1);
	INT_EQ(hours_open_on(h, 2), 0);
	INT_EQ(hours_open_on(h, 4), 1);
	INT_EQ(hours_open_on(h, 5), 0);
	INT_EQ(hours_open_on(h, 6), 0);
	INT_EQ(hours_open_on(h, 7), 0);
	INT_EQ(hours_open_on(h, -1), 0);
	h = parse_ok("Mo-Fr");
	if (h != NULL)
		INT_EQ(hours_open_on(h, 4), 1);
}

static void
test_schema(void)
{
	struct hours *h;
	struct buf b;

	STR_EQ(schema("Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off"),
	    "Mo-Fr 09:00-12:30 | Mo-Fr 13:30-17:00 | Sa 09:00-12:00");
	STR_EQ(schema("Mo-We,Fr 09:00-12:00"), "Mo-We,Fr 09:00-12:00");
	STR_EQ(schema("Mo,Tu 09:00-12:00"), "Mo-Tu 09:00-12:00");
	STR_EQ(schema("Mo-Fr 09:00-17:00; We off"), "Mo-Tu,Th-Fr 09:00-17:00");
	/* No wrapping in schema.org values. */
	STR_EQ(schema("Fr-Mo 10:00-12:00"), "Mo,Fr-Su 10:00-12:00");
	STR_EQ(schema("09:00-12:00"), "Mo-Su 09:00-12:00");
	STR_EQ(schema("Mo-Su"), "Mo-Su");
	STR_EQ(schema("Mo 20:00-24:00"), "Mo 20:00-24:00");
	/* Comments and comment-only days carry no hours. */
	STR_EQ(schema("\"sur rendez-vous\""), "");
	STR_EQ(schema("Mo 09:00-10:00 \"x\"; Tu 09:00-10:00; We \"y\""),
	    "Mo 09:00-10:00 | Tu 09:00-10:00");
	STR_EQ(schema("Mo 09:00-12:00; Tu 14:00-17:00; We 09:00-12:00"),
	    "Mo,We 09:00-12:00 | Tu 14:00-17:00");

	h = parse_ok("Mo 09:00-10:00");
	if (h == NULL)
		return;
	INT_EQ(hours_schema_count(h), 1);
	memset(&b, 0, sizeof(b));
	hours_schema(&b, h, 1);
	hours_schema(&b, h, -1);
	STR_EQ(buf_cstr(&b), "");
	buf_dispose(&b);
}

static void
test_errors(void)
{
	/* The brief's messages. */
	ERR("Lu 09:00-12:00", 1, "jour inconnu « Lu » : utilisez "
	    "Mo Tu We Th Fr Sa Su (lundi = Mo)");
	ERR("Mo-Fr 9h-12h", 7, "heure invalide « 9h » : écrivez 09:00");
	ERR("Mo 12:30-09:00", 4, "« 12:30-09:00 » : l'heure de fin doit "
	    "suivre l'heure de début");
	ERR("Ouvert du lundi au vendredi", 1, "texte libre « Ouvert du lundi "
	    "au vendredi » non reconnu : mettez-le entre guillemets, par "
	    "exemple \"sur rendez-vous\"");

	/* French and English day names, wrong case. */
	ERR("lundi 09:00-12:00", 1, "« lundi »");
	ERR("Mo-Fr 09:00-12:00; Ma 10:00-12:00", 20, "« Ma » : utilisez "
	    "Mo Tu We Th Fr Sa Su (mardi = Tu)");
	ERR("Mo-Di 09:00-12:00", 4, "« Di » : utilisez Mo Tu We Th Fr Sa Su "
	    "(dimanche = Su)");
	ERR("mo 09:00-12:00", 1, "jour « mo » : écrivez Mo");
	ERR("Mon-Fri 09:00-12:00", 1, "« Mon »");
	ERR("Mo,Xy 09:00-12:00", 4, "jour inconnu « Xy »");

	/* Times. */
	ERR("Mo 25:00-26:00", 4, "heure invalide « 25:00 » : les heures vont "
	    "de 00:00 à 24:00");
	ERR("Mo 12:00-12:60", 10, "heure invalide « 12:60 » : les minutes");
	ERR("Mo 12:00-24:30", 10, "« 24:30 »");
	ERR("Mo 9:00-12:00", 4, "« 9:00 » : écrivez 09:00");
	ERR("Mo 09:00-12h30", 10, "« 12h30 » : écrivez 12:30");
	ERR("Mo 10-12", 4, "« 10 » : écrivez 10:00");
	ERR("Mo 09:00am-12:00", 4, "« 09:00am »");
	ERR("Mo 22:00-02:00", 4, "« 22:00-02:00 » : l'heure de fin");
	ERR("Mo 09:00-09:00", 4, "« 09:00-09:00 »");
	ERR("Mo 09:00", 4, "plage horaire incomplète « 09:00 »");
	ERR("Mo 09:00-", 4, "plage horaire incomplète « 09:00- »");
	ERR("Mo 09:00-midi", 10, "« midi »");
	ERR("Mo 09:00-12:00,11:00-14:00", 16, "« 11:00-14:00 » chevauche");
	ERR("Mo 01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,"
	    "09:00-10:00,11:00-12:00,13:00-14:00,15:00-16:00,17:00-18:00",
	    100, "« 17:00-18:00 » en trop");
	ERR("24/7", 1, "« 24/7 » non pris en charge");
	ERR("Mo-Fr 09:00-12:00,", 18, "« , »");

	/* Outside the subset. */
	ERR("Jan-Mar Mo 09:00-12:00", 1, "mois « Jan »");
	ERR("week 1-10 Mo 09:00-12:00", 1, "« week »");
	ERR("PH 10:00-12:00", 1, "« PH 10:00-12:00 » : seule la règle "
	    "« PH off »");
	ERR("Mo-Fr 09:00-12:00; PH", 20, "« PH »");
	ERR("Su,PH off", 4, "« PH »");
	ERR("SH off", 1, "« SH »");
	ERR("Mo-Fr sunrise-sunset", 7, "« sunrise »");
	ERR("Mo-Fr 09:00-12:00 || \"sur rendez-vous\"", 19, "« | »");
	ERR("Mo closed", 4, "« closed »");
	ERR("off", 1, "« off »");

	/* Structure. */
	ERR("", 1, "horaires vides");
	ERR("   ", 1, "horaires vides");
	ERR("Mo 09:00-12:00 \"sur rendez-vous", 16,
	    "guillemet non refermé dans « \"sur rendez-vous »");
	ERR("Mo 09:00-12:00 “sur rendez-vous”", 16, "guillemet « “ »");
	ERR("\"\"", 1, "commentaire vide « \"\" »");
	ERR("\"a\" \"b\"", 5, "commentaire en trop « \"b\" »");
	ERR("Mo 09:00-12:00 sur rendez-vous", 16,
	    "texte libre « sur rendez-vous »");
	ERR("Mo 09:00-12:00 Tu 10:00-12:00", 16, "« Tu » inattendu : séparez "
	    "les règles par « ; »");
	ERR("Mo 09:00-12:00, Tu 10:00-12:00", 17, "« Tu » après « , »");
	ERR("Mo 09:00-12:00 off", 16, "« off » inattendu");
	ERR("Mo-Fr 09:00-12:00;", 18, "règle vide après le dernier « ; »");
	ERR("Mo-Fr 09:00-12:00;  ", 18, "règle vide");
	ERR("Mo 09:00-12:00;; Tu 09:00-12:00", 16, "règle vide");
	ERR("Mo-Fr09:00-12:00", 6, "entre « Mo-Fr » et « 09:00 »");
	ERR("Mo-", 4, "jour attendu après « - »");
	ERR("Mo We 09:00-12:00", 4, "« We » inattendu : joignez les jours");
	ERR("Mo 09:00-12:00 10:00-11:00", 16, "« 10:00-11:00 » inattendu");
	ERR("Mo 09:00-12:00 [1]", 16, "« [ »");
	/* Columns count characters, not bytes. */
	ERR("Sa 09:00-12:00 \"fermé l'été\"; Lu 10:00-12:00", 31, "« Lu »");
	ERR("Ouvert très souvent, vraiment très très souvent, même le dimanche",
	    1, "« Ouvert très souvent, vraiment très tr… »");
}

int
main(void)
{
	arena_init(&a);
	test_brief_examples();
	test_times();
	test_days();
	test_overrides();
	test_comments();
	test_whitespace();
	test_day_french();
	test_open_on();
	test_schema();
	test_errors();
	buf_dispose(&out);
	arena_free(&a);
	return TEST_END();
}
