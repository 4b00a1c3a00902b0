/*
 * test_json.c: the JSON writer's two styles, its separators and its
 * escaping (safe inside <script>) and its numbers.
 */
#include <stdlib.h>

#include "harness.h"
#include "buf.h"
#include "json.h"

/* A whole document of a single value written by fn, in style st. */
static char *
doc(enum json_style st, void (*fn)(struct json *))
{
	struct buf b = {0};
	struct json w;

	json_init(&w, &b, st);
	fn(&w);
	return buf_detach(&b);
}

static void
nested(struct json *w)
{
	json_object(w, 0);
	json_kstr(w, "nom", "CCAS de Nevers");
	json_kint(w, "n", -42);
	json_kbool(w, "ouvert", 1);
	json_key(w, "sigle");
	json_str(w, NULL);
	json_key(w, "vide");
	json_array(w, 0);
	json_end(w);
	json_key(w, "geo");
	json_object(w, 1);
	json_key(w, "lat");
	json_fixed6(w, 47.0);
	json_key(w, "lon");
	json_fixed6(w, 3.1591234567);
	json_end(w);
	json_key(w, "liste");
	json_array(w, 0);
	json_int(w, 1);
	json_array(w, 1);
	json_str(w, "a");
	json_str(w, "b");
	json_end(w);
	json_null(w);
	json_bool(w, 0);
	json_end(w);
	json_end(w);
}

static void
test_styles(void)
{
	char	*s;

	s = doc(JSON_COMPACT, nested);
	STR_EQ(s, "{\"nom\":\"CCAS de Nevers\",\"n\":-42,\"ouvert\":true,"
	    "\"sigle\":null,\"vide\":[],\"geo\":{\"lat\":47,"
	    "\"lon\":3.159123},\"liste\":[1,[\"a\",\"b\"],null,false]}");
	free(s);
	s = doc(JSON_PRETTY, nested);
	STR_EQ(s, "{\n"
	    "  \"nom\": \"CCAS de Nevers\",\n"
	    "  \"n\": -42,\n"
	    "  \"ouvert\": true,\n"
	    "  \"sigle\": null,\n"
	    "  \"vide\": [],\n"
	    "  \"geo\": {\"lat\": 47, \"lon\": 3.159123},\n"
	    "  \"liste\": [\n"
	    "    1,\n"
	    "    [\"a\", \"b\"],\n"
	    "    null,\n"
	    "    false\n"
	    "  ]\n"
	    "}");
	free(s);
}

static const char *esc_in;

static void
esc_doc(struct json *w)
{
	json_str(w, esc_in);
}

static void
test_escaping(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"plain é", "\"plain é\""},
		{"a\"b\\c", "\"a\\\"b\\\\c\""},
		{"l1\nl2\tx\r", "\"l1\\nl2\\tx\\r\""},
		{"\x01\x1f", "\"\\u0001\\u001f\""},
		/* Nothing can close the <script> of the JSON-LD. */
		{"</script><!--", "\"\\u003c/script\\u003e\\u003c!--\""},
		{"a&b", "\"a\\u0026b\""},
		/* JavaScript line terminators that JSON allows raw. */
		{"x\xe2\x80\xa8y\xe2\x80\xa9z", "\"x\\u2028y\\u2029z\""},
		/* Other characters of the same lead byte pass. */
		{"\xe2\x80\x99 \xe2\x82\xac", "\"\xe2\x80\x99 \xe2\x82\xac\""},
		{"", "\"\""},
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		esc_in = t[i].in;
		s = doc(JSON_COMPACT, esc_doc);
		STR_EQ(s, t[i].want);
		free(s);
	}
}

static double fixed_in;

static void
fixed_doc(struct json *w)
{
	json_fixed6(w, fixed_in);
}

static void
test_numbers(void)
{
	static const struct {
		double in;
		const char *want;
	} t[] = {
		{0, "0"}, {1.5, "1.5"}, {-0.5, "-0.5"}, {46.98765, "46.98765"},
		{-2.0000004, "-2"}, {3.1234567, "3.123457"}, {1e-7, "0"},
		{-1234.000001, "-1234.000001"},
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		fixed_in = t[i].in;
		s = doc(JSON_PRETTY, fixed_doc);
		STR_EQ(s, t[i].want);
		free(s);
	}
}

static void
raw_doc(struct json *w)
{
	json_array(w, 1);
	json_raw(w, "1e3", 3);
	json_str_begin(w);
	buf_puts(w->b, "AbC");
	json_str_end(w);
	json_object(w, 1);
	json_end(w);
	json_end(w);
}

static void
test_raw(void)
{
	char	*s;

	s = doc(JSON_COMPACT, raw_doc);
	STR_EQ(s, "[1e3,\"AbC\",{}]");
	free(s);
	s = doc(JSON_PRETTY, raw_doc);
	STR_EQ(s, "[1e3, \"AbC\", {}]");
	free(s);
}

int
main(void)
{
	test_styles();
	test_escaping();
	test_numbers();
	test_raw();
	return TEST_END();
}
