/* test_esc.c: escaping per context. */
#include <stdlib.h>

#include "buf.h"
#include "esc.h"
#include "harness.h"

static const char *
run(void (*fn)(struct buf *, const char *), const char *s)
{
	static struct buf b;

	buf_reset(&b);
	fn(&b, s);
	return buf_cstr(&b);
}

static const char *
href(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	esc_href(&b, s);
	return buf_cstr(&b);
}

int
main(void)
{
	STR_EQ(run(esc_html, "<a href=\"x\">l'&</a>"),
	    "&lt;a href=&quot;x&quot;&gt;l&#39;&amp;&lt;/a&gt;");
	STR_EQ(run(esc_html, "café"), "café");
	STR_EQ(run(esc_json, "a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
	STR_EQ(run(esc_json, "</script><!--&"),
	    "\"\\u003c/script\\u003e\\u003c!--\\u0026\"");
	STR_EQ(run(esc_json, "x\xe2\x80\xa8y\xe2\x80\xa9z"),
	    "\"x\\u2028y\\u2029z\"");
	STR_EQ(run(esc_json, "l\xe2\x80\x99" "aide \xe2\x80\x94 \x01"),
	    "\"l\xe2\x80\x99" "aide \xe2\x80\x94 \\u0001\"");
	STR_EQ(run(esc_json, ""), "\"\"");
	STR_EQ(run(esc_csv, "simple"), "simple");
	STR_EQ(run(esc_csv, "a;b"), "\"a;b\"");
	STR_EQ(run(esc_csv, "dit \"oui\""), "\"dit \"\"oui\"\"\"");
	STR_EQ(run(esc_url_component, "santé mentale&x=1"),
	    "sant%C3%A9%20mentale%26x%3D1");
	STR_EQ(run(esc_xml, "a\x01<b>"), "a&lt;b&gt;");
	STR_EQ(href("https://example.org/?a=1&b=2"),
	    "https://example.org/?a=1&amp;b=2");
	STR_EQ(href("javascript:alert(1)"), "#");
	STR_EQ(href("JavaScript:alert(1)"), "#");
	STR_EQ(href("data:text/html,x"), "#");
	STR_EQ(href("mailto:a@example.org"), "mailto:a@example.org");
	STR_EQ(href("../fiches/x/"), "../fiches/x/");
	return TEST_END();
}
