/*
 * json.h: the one JSON writer, on top of struct buf: the open data
 * (pretty), the search index and the JSON-LD of the pages (compact).
 * Strings go through esc_json (esc.h), which also makes them safe inside
 * <script>: "<", ">", "&" and U+2028/U+2029 become \u escapes.
 *
 * Returns: nothing here fails. The writer appends to a growable buffer
 * (out of memory aborts) and trusts its caller to nest containers
 * correctly; deeper than JSON_MAXDEPTH aborts.
 */
#ifndef MAILLAGE_JSON_H
#define MAILLAGE_JSON_H

struct buf;

#define JSON_MAXDEPTH	16

enum json_style {
	JSON_COMPACT,	/* no space at all: {"a":1,"b":[1,2]} */
	JSON_PRETTY	/* two-space indent, "a": 1, inline lists "1, 2" */
};

struct json {
	struct buf	*b;
	int		 pretty;
	int		 depth;			/* open containers */
	int		 after_key;		/* next value follows "key": */
	char		 close[JSON_MAXDEPTH];	/* '}' or ']' */
	char		 inl[JSON_MAXDEPTH];	/* kept on one line */
	int		 count[JSON_MAXDEPTH];	/* members written */
};

void	 json_init(struct json *, struct buf *, enum json_style);
/*
 * Opens an object or an array. inl keeps it, and what it holds, on one
 * line in the pretty style (every container is on one line in the
 * compact style).
 */
void	 json_object(struct json *, int inl);
void	 json_array(struct json *, int inl);
void	 json_end(struct json *);		/* closes the innermost */
void	 json_key(struct json *, const char *);
void	 json_str(struct json *, const char *);	/* null when NULL */
void	 json_null(struct json *);
void	 json_bool(struct json *, int);
void	 json_int(struct json *, long long);
/*
 * A number with at most 6 decimals (10 cm for coordinates), trailing
 * zeros dropped, written without the C locale.
 */
void	 json_fixed6(struct json *, double);
/* The digits of json_fixed6 alone, e.g. for a coordinate in a URL. */
void	 json_put_fixed6(struct buf *, double);
/* A value its caller encoded already (a number, a quoted string). */
void	 json_raw(struct json *, const char *, size_t);
/* Opens a string value whose bytes the caller appends to w->b (they must
 * need no escaping), up to json_str_end. */
void	 json_str_begin(struct json *);
void	 json_str_end(struct json *);

/* "key": value shorthands. */
void	 json_kstr(struct json *, const char *k, const char *v);
void	 json_kint(struct json *, const char *k, long long v);
void	 json_kbool(struct json *, const char *k, int v);

#endif
