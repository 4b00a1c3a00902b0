/*
 * hours.c: the subset of OpenStreetMap opening_hours that sheets use.
 *
 * Accepted, rules joined by ";" (spaces allowed around it):
 *   Mo-Fr 09:00-12:30,13:30-17:00   days, then time ranges joined by ","
 *   Mo,We-Fr 14:00-17:00            lists and ranges of days, mixed
 *   Fr-Mo 10:00-12:00               a range may wrap past Sunday
 *   Sa off                          days closed
 *   Mo-Fr                           days alone: open 00:00-24:00 (OSM)
 *   09:00-17:00                     times alone: every day
 *   PH off                          closed on public holidays
 *   Mo-Fr 09:00-12:00 "sur rendez-vous"   comment for those days
 *   Sa "sur rendez-vous"            days with a comment and no time: no
 *                                   hours, only the comment (OSM "unknown")
 *   "sur rendez-vous"               a comment for the whole place
 * Spaces and tabs are also tolerated around "," and "-".
 *
 * As in OSM, a later rule replaces what earlier ones said for the days it
 * names ("Mo-Fr 09:00-17:00; We off"). Unlike OSM, a comment-only rule
 * does not reset every day to "unknown": it is a note for the whole place.
 * Time ranges must stay within a day (start < end, 00:00 to 24:00), may not
 * overlap within a rule, and are kept sorted; at most HOURS_MAXRANGES a day.
 *
 * Everything else is an error with a 1-based column in characters and a
 * French message naming the offending token.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "hours.h"
#include "json.h"

#define HOURS_MAXRANGES	8
#define ALL_DAYS	0x7fu
#define DAY_END		(24 * 60)

/*
 * Between a number and "h", and between "h" and the minutes, French
 * typography wants a space that never breaks a line: U+00A0 NO-BREAK
 * SPACE in UTF-8 ("9 h", "12 h 30").
 */
#define NBSP		"\xc2\xa0"

/* Longest token quoted in a message, in bytes, before "…". */
#define TOKEN_MAX	40

struct hours_range {
	short	 start;		/* minutes since midnight, 0..1439 */
	short	 end;		/* minutes, start < end <= 1440 */
};

struct hours_day {
	int	 n;		/* number of ranges; 0 when closed */
	struct hours_range r[HOURS_MAXRANGES];	/* sorted, disjoint */
	const char *comment;	/* the comment of the rule that set it */
	int	 off;		/* set by "off" (matters with a comment) */
};

struct hours {
	struct hours_day day[7];	/* 0 = Monday */
	int	 ph_off;		/* "PH off" */
	const char *comment;		/* comment-only rules, joined */
};

struct hparser {
	struct arena	*a;
	const char	*src;
	const char	*p;		/* current position */
	const char	*errp;		/* where the error is */
	const char	*errmsg;
};

/* A parsed rule before it is applied to the days. */
struct hrule {
	unsigned	 days;		/* bit d for day d */
	int		 n;
	struct hours_range r[HOURS_MAXRANGES];
	int		 times;		/* time ranges were given */
	int		 off;
	const char	*comment;
};

static const char *const osm_days[7] = {
	"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"
};
static const char *const fr_days[7] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
	"dimanche"
};
static const char *const en_days[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};
static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

static int	 char_error(struct hparser *, const char *);
static int	 herr(struct hparser *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
is_space(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Letters of a word: ASCII letters and any non-ASCII byte ("fermé"). */
static int
is_wordc(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (unsigned char)c >= 0x80;
}

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static const char *
skip_spaces(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

static size_t
word_len(const char *p)
{
	size_t	 n = 0;

	while (is_wordc(p[n]))
		n++;
	return n;
}

/* A time-like token: up to a space or a separator ("9h", "24/7"). */
static size_t
time_token_len(const char *p)
{
	size_t	 n = 0;

	while (p[n] != '\0' && !is_space(p[n]) && strchr(",;-\"", p[n]) == NULL)
		n++;
	return n;
}

/* Bytes of the UTF-8 character at p (1 for anything malformed). */
static size_t
char_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t	 n, i;

	if (c < 0xc0)
		return 1;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	for (i = 1; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* Typographic quotes that people type instead of '"'. */
static int
is_curly_quote(const char *p)
{
	static const char *const q[] = { "“", "”", "«", "»", "„" };
	size_t	 i;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (strncmp(p, q[i], strlen(q[i])) == 0)
			return 1;
	return 0;
}

static int
word_is(const char *w, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(w, s, n) == 0;
}

/* Case-insensitive: is w[0..n) a prefix of s, at least min bytes long? */
static int
word_prefix_ci(const char *w, size_t n, const char *s, size_t min)
{
	size_t	 i;

	if (n < min || n > strlen(s))
		return 0;
	for (i = 0; i < n; i++)
		if (to_lower(w[i]) != s[i])
			return 0;
	return 1;
}

/* The OSM weekday w[0..n) names, or -1. */
static int
osm_day(const char *w, size_t n)
{
	int	 d;

	for (d = 0; d < 7; d++)
		if (word_is(w, n, osm_days[d]))
			return d;
	return -1;
}

/*
 * Copies s[0..n) for a message, cut at TOKEN_MAX bytes on a character
 * boundary with "…" so that a long free text stays readable.
 */
static const char *
token(struct hparser *ps, const char *s, size_t n)
{
	size_t	 cut;

	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n <= TOKEN_MAX)
		return arena_strndup(ps->a, s, n);
	cut = TOKEN_MAX;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return arena_printf(ps->a, "%.*s…", (int)cut, s);
}

/*
 * Records the first error, at position at; returns -1 for the caller to
 * pass on.
 */
static int
herr(struct hparser *ps, const char *at, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	if (ps->errmsg != NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ps->errp = at;
	ps->errmsg = arena_strdup(ps->a, msg);
	return -1;
}

/*
 * Explains why the word w[0..n) is not accepted. in_days: it stands where
 * a day is expected, so any unknown word is reported as a day. Returns -1.
 */
static int
word_error(struct hparser *ps, const char *w, size_t n, int in_days)
{
	const char *t = token(ps, w, n);
	int	 d, i;

	if (is_curly_quote(w))
		return char_error(ps, w);
	for (d = 0; d < 7; d++)
		if (n == 2 && to_lower(w[0]) == to_lower(osm_days[d][0]) &&
		    to_lower(w[1]) == osm_days[d][1])
			return herr(ps, w, "jour « %s » : écrivez %s "
			    "(une majuscule puis une minuscule)", t,
			    osm_days[d]);
	for (d = 0; d < 7; d++)
		if (word_prefix_ci(w, n, fr_days[d], 2))
			return herr(ps, w, "jour inconnu « %s » : utilisez "
			    "Mo Tu We Th Fr Sa Su (%s = %s)", t, fr_days[d],
			    osm_days[d]);
	for (d = 0; d < 7; d++)
		if (word_prefix_ci(w, n, en_days[d], 3))
			return herr(ps, w, "jour inconnu « %s » : utilisez "
			    "Mo Tu We Th Fr Sa Su (%s = %s)", t, en_days[d],
			    osm_days[d]);
	for (i = 0; i < 12; i++)
		if (word_is(w, n, months[i]))
			return herr(ps, w, "mois « %s » non pris en charge : "
			    "indiquez seulement des jours de la semaine "
			    "(Mo Tu We Th Fr Sa Su)", t);
	if (word_is(w, n, "PH"))
		return herr(ps, w, "« PH » : seule la règle « PH off » est "
		    "prise en charge, à part, par exemple "
		    "Mo-Fr 09:00-17:00; PH off");
	if (word_is(w, n, "SH"))
		return herr(ps, w, "vacances scolaires « SH » non prises en "
		    "charge : mettez la précision entre guillemets, par "
		    "exemple \"fermé pendant les vacances scolaires\"");
	if (word_is(w, n, "week"))
		return herr(ps, w, "numéros de semaine « week » non pris en "
		    "charge : indiquez seulement des jours de la semaine");
	if (word_is(w, n, "off") || word_is(w, n, "closed"))
		return herr(ps, w, "« %s » doit suivre des jours, par "
		    "exemple Sa off", t);
	if (word_is(w, n, "sunrise") || word_is(w, n, "sunset") ||
	    word_is(w, n, "dawn") || word_is(w, n, "dusk"))
		return herr(ps, w, "« %s » non pris en charge : écrivez "
		    "des heures comme 09:00-17:00", t);
	if (in_days || (n == 2 && !is_lower(w[0]) && is_lower(w[1])))
		return herr(ps, w, "jour inconnu « %s » : utilisez "
		    "Mo Tu We Th Fr Sa Su", t);
	/* Free text: quote it up to the end of the rule. */
	return herr(ps, w, "texte libre « %s » non reconnu : mettez-le "
	    "entre guillemets, par exemple \"sur rendez-vous\"",
	    token(ps, w, strcspn(w, ";\"")));
}

/* Explains an unexpected character at p. Returns -1. */
static int
char_error(struct hparser *ps, const char *p)
{
	const char *t = token(ps, p, char_len(p));

	if (is_curly_quote(p))
		return herr(ps, p, "guillemet « %s » : écrivez le commentaire "
		    "entre guillemets droits, par exemple \"sur "
		    "rendez-vous\"", t);
	if (*p == '|')
		return herr(ps, p, "« %s » non pris en charge : séparez les "
		    "règles par « ; »", t);
	return herr(ps, p, "caractère inattendu « %s » : écrivez par "
	    "exemple Mo-Fr 09:00-12:00; Sa 09:00-12:00", t);
}

/*
 * Parses one HH:MM at ps->p into *out (minutes). Returns 0 or -1.
 */
static int
parse_time(struct hparser *ps, int *out)
{
	const char *p = ps->p, *t;
	size_t	 n = time_token_len(p), i;
	int	 hh = 0, mm = 0, nd = 0;

	t = token(ps, p, n);
	if (n == 5 && is_digit(p[0]) && is_digit(p[1]) && p[2] == ':' &&
	    is_digit(p[3]) && is_digit(p[4])) {
		hh = (p[0] - '0') * 10 + (p[1] - '0');
		mm = (p[3] - '0') * 10 + (p[4] - '0');
		if (mm > 59)
			return herr(ps, p, "heure invalide « %s » : les "
			    "minutes vont de 00 à 59", t);
		if (hh > 24 || (hh == 24 && mm > 0))
			return herr(ps, p, "heure invalide « %s » : les "
			    "heures vont de 00:00 à 24:00", t);
		*out = hh * 60 + mm;
		ps->p = p + n;
		return 0;
	}
	if (n >= 4 && strncmp(p, "24/7", 4) == 0)
		return herr(ps, p, "« %s » non pris en charge : écrivez "
		    "00:00-24:00 (tous les jours, toute la journée)", t);

	/* Guess what was meant: "9h", "9h30", "9:00", "09.30", "0900". */
	for (i = 0; i < n && is_digit(p[i]) && nd < 2; i++, nd++)
		hh = hh * 10 + (p[i] - '0');
	if (i < n && strchr("hH:.", p[i]) != NULL)
		i++;
	if (i + 2 == n && is_digit(p[i]) && is_digit(p[i + 1]))
		mm = (p[i] - '0') * 10 + (p[i + 1] - '0');
	else if (i != n)
		nd = 0;
	if (nd > 0 && (hh < 24 || (hh == 24 && mm == 0)) && mm < 60)
		return herr(ps, p, "heure invalide « %s » : écrivez "
		    "%02d:%02d", t, hh, mm);
	return herr(ps, p, "heure invalide « %s » : écrivez les heures "
	    "sous la forme HH:MM, par exemple 09:00", t);
}

/*
 * Parses HH:MM-HH:MM[,HH:MM-HH:MM...] into r. Returns 0 or -1.
 */
static int
parse_times(struct hparser *ps, struct hrule *r)
{
	const char *start, *q;
	int	 a, b, i;

	for (;;) {
		start = ps->p;
		if (parse_time(ps, &a) == -1)
			return -1;
		q = skip_spaces(ps->p);
		if (*q != '-')
			return herr(ps, start, "plage horaire incomplète "
			    "« %s » : écrivez par exemple 09:00-12:00",
			    token(ps, start, (size_t)(ps->p - start)));
		ps->p = skip_spaces(q + 1);
		if (!is_digit(*ps->p)) {
			if (*ps->p == '\0' || *ps->p == ';')
				return herr(ps, start, "plage horaire "
				    "incomplète « %s » : écrivez par exemple "
				    "09:00-12:00", token(ps, start,
				    (size_t)(ps->p - start)));
			return herr(ps, ps->p, "heure attendue après « - », "
			    "pas « %s » : écrivez par exemple 09:00-12:00",
			    token(ps, ps->p, is_wordc(*ps->p) ?
			    word_len(ps->p) : char_len(ps->p)));
		}
		if (parse_time(ps, &b) == -1)
			return -1;
		if (b <= a)
			return herr(ps, start, "« %s » : l'heure de fin doit "
			    "suivre l'heure de début (une plage ne peut pas "
			    "passer minuit)",
			    token(ps, start, (size_t)(ps->p - start)));
		for (i = 0; i < r->n; i++)
			if (a < r->r[i].end && r->r[i].start < b)
				return herr(ps, start, "la plage « %s » "
				    "chevauche une plage précédente",
				    token(ps, start,
				    (size_t)(ps->p - start)));
		if (r->n == HOURS_MAXRANGES)
			return herr(ps, start, "plage « %s » en trop : au "
			    "plus %d plages horaires par jour",
			    token(ps, start, (size_t)(ps->p - start)),
			    HOURS_MAXRANGES);
		/* Insert sorted. */
		for (i = r->n; i > 0 && r->r[i - 1].start > a; i--)
			r->r[i] = r->r[i - 1];
		r->r[i].start = (short)a;
		r->r[i].end = (short)b;
		r->n++;
		r->times = 1;

		q = skip_spaces(ps->p);
		if (*q != ',')
			return 0;
		ps->p = skip_spaces(q + 1);
		if (!is_digit(*ps->p)) {
			if (is_wordc(*ps->p) &&
			    osm_day(ps->p, word_len(ps->p)) != -1)
				return herr(ps, ps->p, "« %s » après « , » : "
				    "séparez les règles par « ; », par "
				    "exemple Mo 09:00-12:00; Tu 14:00-17:00",
				    token(ps, ps->p, word_len(ps->p)));
			return herr(ps, q, "plage horaire attendue après "
			    "« , » : écrivez par exemple "
			    "09:00-12:00,14:00-17:00");
		}
	}
}

/*
 * Parses the day word at ps->p into *out. Returns 0 or -1.
 */
static int
parse_day(struct hparser *ps, int *out, const char *after)
{
	size_t	 n;

	if (!is_wordc(*ps->p)) {
		if (*ps->p == '\0' || *ps->p == ';' || is_digit(*ps->p))
			return herr(ps, ps->p, "jour attendu après « %s » : "
			    "utilisez Mo Tu We Th Fr Sa Su", after);
		return char_error(ps, ps->p);
	}
	n = word_len(ps->p);
	if ((*out = osm_day(ps->p, n)) == -1)
		return word_error(ps, ps->p, n, 1);
	ps->p += n;
	return 0;
}

/*
 * Parses Mo, Mo-Fr, Mo,We-Fr... into r->days; a range may wrap (Fr-Mo).
 * Returns 0 or -1.
 */
static int
parse_days(struct hparser *ps, struct hrule *r)
{
	const char *q;
	int	 a, b;

	for (;;) {
		if (parse_day(ps, &a, ",") == -1)
			return -1;
		q = skip_spaces(ps->p);
		if (*q == '-') {
			ps->p = skip_spaces(q + 1);
			if (parse_day(ps, &b, "-") == -1)
				return -1;
			for (; a != b; a = (a + 1) % 7)
				r->days |= 1u << a;
		}
		r->days |= 1u << a;
		q = skip_spaces(ps->p);
		if (*q != ',')
			return 0;
		ps->p = skip_spaces(q + 1);
	}
}

/*
 * Parses a "..." comment at ps->p into *out. Returns 0 or -1.
 */
static int
parse_comment(struct hparser *ps, const char **out)
{
	const char *open = ps->p, *close;

	close = strchr(open + 1, '"');
	if (close == NULL)
		return herr(ps, open, "guillemet non refermé dans « %s » : "
		    "ajoutez un \" à la fin du commentaire",
		    token(ps, open, strlen(open)));
	if (close == open + 1 || *skip_spaces(open + 1) == '"')
		return herr(ps, open, "commentaire vide « %s » : écrivez "
		    "par exemple \"sur rendez-vous\"",
		    token(ps, open, (size_t)(close - open) + 1));
	*out = arena_strndup(ps->a, open + 1, (size_t)(close - open - 1));
	ps->p = close + 1;
	return 0;
}

static int
at_rule_end(const char *p)
{
	p = skip_spaces(p);
	return *p == '\0' || *p == ';';
}

/*
 * Reports what stands after a complete rule at ps->p. Returns -1.
 */
static int
trailing_error(struct hparser *ps)
{
	const char *p = ps->p;
	size_t	 n;

	if (*p == '"') {
		n = strcspn(p + 1, "\"") + 1;
		if (p[n] == '"')
			n++;
		return herr(ps, p, "commentaire en trop « %s » : un seul "
		    "commentaire par règle", token(ps, p, n));
	}
	if (is_digit(*p))
		return herr(ps, p, "« %s » inattendu : séparez les plages "
		    "horaires par « , », par exemple 09:00-12:00,14:00-17:00",
		    token(ps, p, strcspn(p, " \t,;\"")));
	if (!is_wordc(*p))
		return char_error(ps, p);
	n = word_len(p);
	if (osm_day(p, n) != -1 || word_is(p, n, "PH"))
		return herr(ps, p, "« %s » inattendu : séparez les règles "
		    "par « ; », par exemple Mo 09:00-12:00; Tu 14:00-17:00",
		    token(ps, p, n));
	if (word_is(p, n, "off"))
		return herr(ps, p, "« off » inattendu après des heures : "
		    "écrivez soit des heures, soit off, par exemple Sa off");
	return word_error(ps, p, n, 0);
}

/*
 * Parses the rule at ps->p (spaces skipped) up to ";" or the end and
 * applies it to h. Returns 0 or -1.
 */
static int
parse_rule(struct hparser *ps, struct hours *h)
{
	struct hrule	 r;
	const char	*start = ps->p, *sel_end, *c;
	size_t		 n;
	int		 d;

	memset(&r, 0, sizeof(r));
	if (*ps->p == '"') {
		if (parse_comment(ps, &c) == -1)
			return -1;
		ps->p = skip_spaces(ps->p);
		if (!at_rule_end(ps->p))
			return trailing_error(ps);
		h->comment = h->comment == NULL ? c :
		    arena_printf(ps->a, "%s ; %s", h->comment, c);
		return 0;
	}
	if (is_wordc(*ps->p)) {
		n = word_len(ps->p);
		if (word_is(ps->p, n, "PH")) {
			ps->p = skip_spaces(ps->p + n);
			if (word_is(ps->p, word_len(ps->p), "off") &&
			    at_rule_end(ps->p + 3)) {
				ps->p += 3;
				h->ph_off = 1;
				return 0;
			}
			return herr(ps, start, "jours fériés « %s » : seule la "
			    "règle « PH off » est prise en charge", token(ps,
			    start, strcspn(start, ";")));
		}
		if (osm_day(ps->p, n) == -1)
			return word_error(ps, ps->p, n, 0);
		if (parse_days(ps, &r) == -1)
			return -1;
		sel_end = ps->p;
		ps->p = skip_spaces(ps->p);
		if (!at_rule_end(ps->p) && ps->p == sel_end) {
			if (is_wordc(*ps->p) || is_digit(*ps->p) ||
			    *ps->p == '"')
				return herr(ps, ps->p, "espace attendue "
				    "entre « %s » et « %s »",
				    token(ps, start, (size_t)(sel_end - start)),
				    token(ps, ps->p, is_digit(*ps->p) ?
				    time_token_len(ps->p) : *ps->p == '"' ?
				    1 : word_len(ps->p)));
			return char_error(ps, ps->p);
		}
	} else if (is_digit(*ps->p))
		r.days = ALL_DAYS;
	else
		return char_error(ps, ps->p);

	if (is_digit(*ps->p)) {
		if (parse_times(ps, &r) == -1)
			return -1;
	} else if (is_wordc(*ps->p)) {
		n = word_len(ps->p);
		if (word_is(ps->p, n, "off"))
			r.off = 1;
		else if (word_is(ps->p, n, "closed"))
			return herr(ps, ps->p, "« closed » : écrivez off, par "
			    "exemple Sa off");
		else if (osm_day(ps->p, n) != -1)
			return herr(ps, ps->p, "« %s » inattendu : joignez "
			    "les jours par « , », par exemple Mo,We",
			    token(ps, ps->p, n));
		else
			return word_error(ps, ps->p, n, 0);
		ps->p += n;
	}
	ps->p = skip_spaces(ps->p);
	if (*ps->p == '"') {
		if (parse_comment(ps, &r.comment) == -1)
			return -1;
		ps->p = skip_spaces(ps->p);
	}
	if (!at_rule_end(ps->p))
		return trailing_error(ps);

	if (!r.times && !r.off && r.comment == NULL) {
		r.n = 1;
		r.r[0].start = 0;
		r.r[0].end = DAY_END;
	}
	for (d = 0; d < 7; d++) {
		if (!(r.days & (1u << d)))
			continue;
		h->day[d].n = r.n;
		memcpy(h->day[d].r, r.r, sizeof(r.r));
		h->day[d].comment = r.comment;
		h->day[d].off = r.off;
	}
	return 0;
}

/* 1-based column in characters of p within src. */
static int
column(const char *src, const char *p)
{
	int	 col = 1;

	for (; src < p; src++)
		if (((unsigned char)*src & 0xc0) != 0x80)
			col++;
	return col;
}

/*
 * Parses src into an arena object. On error returns NULL with *errcol and
 * *errmsg set (the message lives in the arena).
 */
struct hours *
hours_parse(struct arena *a, const char *src, int *errcol,
    const char **errmsg)
{
	struct hparser	 ps;
	struct hours	*h;
	const char	*semi;

	memset(&ps, 0, sizeof(ps));
	ps.a = a;
	ps.src = src;
	ps.p = skip_spaces(src);
	h = arena_alloc(a, sizeof(*h));

	if (*ps.p == '\0') {
		herr(&ps, src, "horaires vides : écrivez par exemple "
		    "Mo-Fr 09:00-12:00,14:00-17:00 ou supprimez le champ");
		goto err;
	}
	for (;;) {
		if (*ps.p == ';') {
			herr(&ps, ps.p, "règle vide avant « ; » : supprimez "
			    "ce « ; » en trop");
			goto err;
		}
		if (parse_rule(&ps, h) == -1)
			goto err;
		ps.p = skip_spaces(ps.p);
		if (*ps.p == '\0')
			return h;
		/* at_rule_end() held: this is ";". */
		semi = ps.p;
		ps.p = skip_spaces(ps.p + 1);
		if (*ps.p == '\0') {
			herr(&ps, semi, "règle vide après le dernier « ; » : "
			    "supprimez ce « ; » en trop");
			goto err;
		}
	}
err:
	*errcol = column(src, ps.errp);
	*errmsg = ps.errmsg;
	return NULL;
}

/* ---- Rendering ------------------------------------------------------ */

static int
day_shown(const struct hours_day *d)
{
	return d->n > 0 || d->comment != NULL;
}

static int
same_day(const struct hours_day *a, const struct hours_day *b)
{
	int	 i;

	if (a->n != b->n || a->off != b->off)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->r[i].start != b->r[i].start ||
		    a->r[i].end != b->r[i].end)
			return 0;
	if (a->comment == NULL || b->comment == NULL)
		return a->comment == b->comment;
	return strcmp(a->comment, b->comment) == 0;
}

/*
 * Splits a set of days into runs of consecutive days, from Monday. With
 * wrap, the run that ends on Sunday goes on into the week's first run
 * when it is the longer of the two, so "Fr-Mo" reads « du vendredi au
 * lundi » but "Mo-We,Fr-Su" stays « du lundi au mercredi et du vendredi
 * au dimanche ». Returns the number of runs.
 */
static int
day_runs(unsigned mask, int wrap, int first[7], int len[7])
{
	int	 begin = 0, i, d, nr = 0, prev = 0, head, tail;

	if (mask == ALL_DAYS) {
		first[0] = 0;
		len[0] = 7;
		return 1;
	}
	if (wrap) {
		for (head = 0; head < 7 && (mask & (1u << head)); head++)
			continue;
		for (tail = 0; tail < 7 && (mask & (1u << (6 - tail)));
		    tail++)
			continue;
		if (head > 0 && tail > head)
			begin = 7 - tail;
	}
	for (i = 0; i < 7; i++) {
		d = (begin + i) % 7;
		if (!(mask & (1u << d))) {
			prev = 0;
			continue;
		}
		if (prev)
			len[nr - 1]++;
		else {
			first[nr] = d;
			len[nr] = 1;
			nr++;
		}
		prev = 1;
	}
	return nr;
}

/*
 * Groups the shown days by identical schedule into masks, ordered by the
 * first day of their first run. Returns the number of groups.
 */
static int
day_groups(const struct hours *h, unsigned groups[7], int wrap)
{
	unsigned taken = 0, g;
	int	 n = 0, d, e, i, key[7], first[7], len[7];

	for (d = 0; d < 7; d++) {
		if ((taken & (1u << d)) || !day_shown(&h->day[d]))
			continue;
		g = 0;
		for (e = d; e < 7; e++)
			if (same_day(&h->day[d], &h->day[e]))
				g |= 1u << e;
		taken |= g;
		day_runs(g, wrap, first, len);
		for (i = n; i > 0 && key[i - 1] > first[0]; i--) {
			key[i] = key[i - 1];
			groups[i] = groups[i - 1];
		}
		key[i] = first[0];
		groups[i] = g;
		n++;
	}
	return n;
}

/* Joins item i of n: "", ", " or " et ". */
static void
put_sep(struct buf *b, int i, int n)
{
	if (i == 0)
		return;
	buf_puts(b, i == n - 1 ? " et " : ", ");
}

/* « tous les jours », « du lundi au vendredi et le dimanche »... */
static void
put_days_fr(struct buf *b, unsigned mask)
{
	const char *items[7][2];
	int	 first[7], len[7], nr, i, n = 0;

	if (mask == ALL_DAYS) {
		buf_puts(b, "tous les jours");
		return;
	}
	nr = day_runs(mask, 1, first, len);
	/* Two days in a row read better as « le lundi et le mardi ». */
	for (i = 0; i < nr; i++) {
		if (len[i] >= 3) {
			items[n][0] = fr_days[first[i]];
			items[n++][1] = fr_days[(first[i] + len[i] - 1) % 7];
			continue;
		}
		items[n][0] = fr_days[first[i]];
		items[n++][1] = NULL;
		if (len[i] == 2) {
			items[n][0] = fr_days[(first[i] + 1) % 7];
			items[n++][1] = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		put_sep(b, i, n);
		if (items[i][1] != NULL)
			buf_printf(b, "du %s au %s", items[i][0], items[i][1]);
		else
			buf_printf(b, "le %s", items[i][0]);
	}
}

/*
 * « 9 h », « 12 h 30 »; with midnight set, 00:00 and 24:00 read
 * « minuit » (sentences), else « 0 h » and « 24 h » (tables).
 */
static void
put_time_fr(struct buf *b, int min, int midnight)
{
	if (midnight && (min == 0 || min == DAY_END)) {
		buf_puts(b, "minuit");
		return;
	}
	buf_printf(b, "%d" NBSP "h", min / 60);
	if (min % 60)
		buf_printf(b, NBSP "%02d", min % 60);
}

static int
full_day(const struct hours_day *d)
{
	return d->n == 1 && d->r[0].start == 0 && d->r[0].end == DAY_END;
}

/* « de 9 h à 12 h et de 14 h à 17 h (sur rendez-vous) ». */
static void
put_day_sentence(struct buf *b, const struct hours_day *d)
{
	int	 i;

	if (d->n == 0) {
		if (d->off)
			buf_printf(b, "fermé (%s)", d->comment);
		else
			buf_puts(b, d->comment);
		return;
	}
	if (full_day(d))
		buf_puts(b, "24" NBSP "h sur 24");
	else
		for (i = 0; i < d->n; i++) {
			put_sep(b, i, d->n);
			buf_puts(b, "de ");
			put_time_fr(b, d->r[i].start, 1);
			buf_puts(b, " à ");
			put_time_fr(b, d->r[i].end, 1);
		}
	if (d->comment != NULL)
		buf_printf(b, " (%s)", d->comment);
}

/*
 * Whole schedule in French: day groups joined by " ; ", then « fermé les
 * jours fériés », then the place's comment; « fermé » when nothing is
 * open and nothing is said.
 */
void
hours_french(struct buf *b, const struct hours *h)
{
	unsigned groups[7];
	int	 n, i, d, parts = 0;

	n = day_groups(h, groups, 1);
	for (i = 0; i < n; i++) {
		for (d = 0; !(groups[i] & (1u << d)); d++)
			continue;
		if (parts++)
			buf_puts(b, " ; ");
		put_days_fr(b, groups[i]);
		buf_puts(b, ", ");
		put_day_sentence(b, &h->day[d]);
	}
	if (h->ph_off) {
		if (parts++)
			buf_puts(b, " ; ");
		buf_puts(b, "fermé les jours fériés");
	}
	if (h->comment != NULL) {
		if (parts++)
			buf_puts(b, " ; ");
		buf_puts(b, h->comment);
	}
	if (parts == 0)
		buf_puts(b, "fermé");
}

/*
 * One day for a table: « 9 h – 12 h 30, 13 h 30 – 17 h », the no-break
 * space before the en dash keeping it off the start of a line; « 24 h
 * sur 24 » for a whole day; the rule's comment in parentheses, or alone
 * when the day has no hours. Nothing when closed.
 */
void
hours_day_french(struct buf *b, const struct hours *h, int day)
{
	const struct hours_day *d;
	int	 i;

	if (day < 0 || day > 6)
		return;
	d = &h->day[day];
	if (!day_shown(d))
		return;
	if (d->n == 0) {
		put_day_sentence(b, d);
		return;
	}
	if (full_day(d))
		buf_puts(b, "24" NBSP "h sur 24");
	else
		for (i = 0; i < d->n; i++) {
			if (i > 0)
				buf_puts(b, ", ");
			put_time_fr(b, d->r[i].start, 0);
			buf_puts(b, NBSP "– ");
			put_time_fr(b, d->r[i].end, 0);
		}
	if (d->comment != NULL)
		buf_printf(b, " (%s)", d->comment);
}

/*
 * Number of schema.org openingHours values: one per time range of each
 * group of days sharing a schedule.
 */
int
hours_schema_count(const struct hours *h)
{
	unsigned groups[7];
	int	 n, i, d, count = 0;

	n = day_groups(h, groups, 0);
	for (i = 0; i < n; i++) {
		for (d = 0; !(groups[i] & (1u << d)); d++)
			continue;
		count += h->day[d].n;
	}
	return count;
}

/*
 * The i-th schema.org openingHours value, "Mo-Fr 09:00-12:30" or
 * "Mo,We-Fr 14:00-17:00"; a whole day is the days alone ("Mo-Su"), as
 * schema.org shows. Days never wrap here. Nothing when i is out of range.
 */
void
hours_schema(struct buf *b, const struct hours *h, int i)
{
	unsigned groups[7];
	int	 n, g, d, k, nr, first[7], len[7];
	const struct hours_day *day;

	if (i < 0)
		return;
	n = day_groups(h, groups, 0);
	for (g = 0; g < n; g++) {
		for (d = 0; !(groups[g] & (1u << d)); d++)
			continue;
		day = &h->day[d];
		if (i >= day->n) {
			i -= day->n;
			continue;
		}
		nr = day_runs(groups[g], 0, first, len);
		for (k = 0; k < nr; k++) {
			if (k > 0)
				buf_putc(b, ',');
			buf_puts(b, osm_days[first[k]]);
			if (len[k] > 1)
				buf_printf(b, "-%s",
				    osm_days[first[k] + len[k] - 1]);
		}
		if (!full_day(day))
			buf_printf(b, " %02d:%02d-%02d:%02d",
			    day->r[i].start / 60, day->r[i].start % 60,
			    day->r[i].end / 60, day->r[i].end % 60);
		return;
	}
}

int
hours_open_on(const struct hours *h, int day)
{
	if (day < 0 || day > 6)
		return 0;
	return h->day[day].n > 0;
}

/*
 * For the browser's « Ouvert maintenant »: {"j":[[[540,750],…],…],
 * "ph":1}, minutes since midnight per day from Monday. Nothing when no
 * day has times (comment-only hours cannot say open or closed).
 */
void
hours_json(struct buf *b, const struct hours *h)
{
	struct json w;
	int	 d, k, any = 0;

	for (d = 0; d < 7; d++)
		if (h->day[d].n > 0)
			any = 1;
	if (!any)
		return;
	json_init(&w, b, JSON_COMPACT);
	json_object(&w, 1);
	json_key(&w, "j");
	json_array(&w, 1);
	for (d = 0; d < 7; d++) {
		json_array(&w, 1);
		for (k = 0; k < h->day[d].n; k++) {
			json_array(&w, 1);
			json_int(&w, h->day[d].r[k].start);
			json_int(&w, h->day[d].r[k].end);
			json_end(&w);
		}
		json_end(&w);
	}
	json_end(&w);
	json_kint(&w, "ph", h->ph_off ? 1 : 0);
	json_end(&w);
}
