/*
 * hours.h: the subset of OpenStreetMap opening_hours that sheets use
 * (weekdays Mo..Su, ranges Mo-Fr, lists Mo,We, time ranges HH:MM-HH:MM
 * joined by ",", rules joined by ";", "PH off", "off", a quoted comment),
 * parsed, checked and rendered in French.
 *
 * Returns: hours_parse the hours, or NULL with *errcol and *errmsg set
 * (French, with a hint); the rest cannot fail.
 */
#ifndef MAILLAGE_HOURS_H
#define MAILLAGE_HOURS_H

struct arena;
struct buf;

struct hours;

/*
 * Parses src. On error returns NULL, sets *errcol to the 1-based column
 * (in characters) of the problem within src and *errmsg to a French
 * message with a hint (static or arena storage), e.g.
 * « jour inconnu « Lu » : utilisez Mo Tu We Th Fr Sa Su ».
 */
struct hours	*hours_parse(struct arena *, const char *src, int *errcol,
		    const char **errmsg);
/*
 * « du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h ;
 * le samedi, de 9 h à 12 h ; fermé les jours fériés ».
 */
void		 hours_french(struct buf *, const struct hours *);
/* One line per day for a table: day 0 = Monday; "" when closed. */
void		 hours_day_french(struct buf *, const struct hours *, int day);
/* schema.org openingHours values ("Mo-Fr 09:00-12:30"), one per call. */
int		 hours_schema_count(const struct hours *);
void		 hours_schema(struct buf *, const struct hours *, int i);
/* {"j":[[[start,end],…]×7],"ph":0|1} in minutes, for the browser's
 * « Ouvert maintenant »; nothing when no day has times. */
void		 hours_json(struct buf *, const struct hours *);
/* Open at some time on that weekday (0 = Monday)? */
int		 hours_open_on(const struct hours *, int day);

#endif
