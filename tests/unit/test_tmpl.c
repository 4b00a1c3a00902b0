/* test_tmpl.c: Mustache templates, values, errors and loading. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "tmpl.h"
#include "util.h"

static struct arena A;

/*
 * Compiles the NULL-terminated (name, source) pairs of defs into a set
 * (the first one is rendered), renders it with ctx and returns a malloc'd
 * string, or NULL if compiling failed.
 */
static char *
render_set(const char *const *defs, const struct tval *ctx)
{
	struct tmpl_set *set = tmpl_set_new();
	struct diags d;
	struct buf out = { 0 };
	char	*s = NULL;
	size_t	 i;
	int	 rc = 0;

	diags_init(&d);
	for (i = 0; defs[i] != NULL; i += 2)
		if (tmpl_add(set, defs[i], defs[i + 1], strlen(defs[i + 1]),
		    &d) == -1)
			rc = -1;
	if (rc == 0 && tmpl_render(&out, set, defs[0], ctx) == 0)
		s = buf_detach(&out);
	if (d.n > 0)
		fprintf(stderr, "unexpected: %s:%d:%d: %s\n", d.items[0].file,
		    d.items[0].line, d.items[0].col, d.items[0].msg);
	buf_dispose(&out);
	diags_free(&d);
	tmpl_set_free(set);
	return s;
}

/* Renders src with ctx and compares with want. */
#define RENDER_EQ(src, ctx, want) do {					\
	const char *defs_[] = { "t", (src), NULL };			\
	char	*got_ = render_set(defs_, (ctx));			\
	STR_EQ(got_, (want));						\
	free(got_);							\
} while (0)

/* The same with one partial named p. */
#define RENDER_P_EQ(src, psrc, ctx, want) do {				\
	const char *defs_[] = { "t", (src), "p", (psrc), NULL };	\
	char	*got_ = render_set(defs_, (ctx));			\
	STR_EQ(got_, (want));						\
	free(got_);							\
} while (0)

/* A map of string values from "k", "v", ..., NULL. */
static struct tval *
smap(const char *k, ...)
{
	struct tval *m = tv_map(&A);
	va_list	 ap;
	const char *v;

	va_start(ap, k);
	for (; k != NULL; k = va_arg(ap, const char *)) {
		v = va_arg(ap, const char *);
		tv_set_str(&A, m, k, v);
	}
	va_end(ap);
	return m;
}

static void
test_values(void)
{
	struct tval *m = tv_map(&A), *l = tv_list(&A);
	char	 key[16];
	int	 i;

	tv_set_str(&A, m, "a", "1");
	tv_set_str(&A, m, "a", "2");
	OK(tv_get(m, "a") != NULL, "a set");
	RENDER_EQ("{{a}}", m, "2");
	OK(tv_get(m, "b") == NULL, "b missing");
	OK(tv_get(l, "a") == NULL, "get on a list");
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		tv_set(&A, m, key, tv_int(&A, i * 10));
		tv_push(&A, l, tv_int(&A, i));
	}
	INT_EQ(tv_len(l), 40);
	INT_EQ(tv_len(m), 0);
	RENDER_EQ("{{k0}} {{k17}} {{k39}} {{a}}", m, "0 170 390 2");
	RENDER_EQ("{{#.}}{{.}},{{/.}}", tv_list(&A), "");
	RENDER_EQ("{{.}}", tv_str(&A, NULL), "");
	RENDER_EQ("{{.}}", tv_int(&A, -42), "-42");
	/* Counts as French writes them, thousands apart. */
	RENDER_EQ("{{.}}", tv_int(&A, 999), "999");
	RENDER_EQ("{{.}}", tv_int(&A, 9913), "9\u202f913");
	RENDER_EQ("{{.}}", tv_int(&A, 1234567), "1\u202f234\u202f567");
	RENDER_EQ("{{.}}", tv_int(&A, -1234), "-1\u202f234");
	RENDER_EQ("{{.}}", tv_int(&A, -123), "-123");
}

static void
test_interpolation(void)
{
	struct tval *m = smap("s", "a & b < c > d \" e ' f", "x", "<b>",
	    "e", "", NULL);

	tv_set_bool(&A, m, "yes", 1);
	tv_set_bool(&A, m, "no", 0);
	tv_set(&A, m, "nul", tv_null(&A));
	tv_set(&A, m, "nul2", NULL);
	RENDER_EQ("Hello, world!\n", m, "Hello, world!\n");
	RENDER_EQ("{{s}}", m,
	    "a &amp; b &lt; c &gt; d &quot; e &#39; f");
	RENDER_EQ("{{{s}}}", m, "a & b < c > d \" e ' f");
	RENDER_EQ("{{&x}}|{{& x }}|{{{ x }}}|{{ x }}", m,
	    "<b>|<b>|<b>|&lt;b&gt;");
	RENDER_EQ("&<>\"'", m, "&<>\"'");
	RENDER_EQ("[{{missing}}][{{{missing}}}][{{e}}][{{nul}}][{{nul2}}]",
	    m, "[][][][][]");
	RENDER_EQ("{{yes}} {{no}}", m, "true false");
	/* Variables are never standalone. */
	RENDER_EQ("  {{x}}\n", m, "  &lt;b&gt;\n");
	RENDER_EQ("é{{x}}ü", m, "é&lt;b&gt;ü");
	RENDER_EQ("", m, "");
	RENDER_EQ("{ {x} }", m, "{ {x} }");
}

static void
test_sections(void)
{
	struct tval *ctx = tv_map(&A), *fiches = tv_list(&A),
	    *tags = tv_list(&A), *inner, *empty = tv_list(&A);

	tv_push(&A, fiches, smap("nom", "A", "ville", "Nevers", NULL));
	tv_push(&A, fiches, smap("nom", "B", NULL));
	tv_push(&A, tags, tv_str(&A, "x<"));
	tv_push(&A, tags, tv_str(&A, "y"));
	tv_set(&A, ctx, "fiches", fiches);
	tv_set(&A, ctx, "tags", tags);
	tv_set(&A, ctx, "vide", empty);
	tv_set_str(&A, ctx, "ville", "Dijon");
	tv_set_str(&A, ctx, "titre", "T");
	tv_set_str(&A, ctx, "chaine", "c");
	tv_set_str(&A, ctx, "rien", "");
	tv_set_bool(&A, ctx, "vrai", 1);
	tv_set_bool(&A, ctx, "faux", 0);
	tv_set(&A, ctx, "nul", tv_null(&A));
	inner = smap("b", "inner-b", NULL);
	tv_set(&A, inner, "c", smap("d", "deep", NULL));
	tv_set(&A, ctx, "a", inner);
	tv_set(&A, ctx, "m", tv_map(&A));

	/* Lists of maps, with the outer keys through the stack. */
	RENDER_EQ("{{#fiches}}{{nom}}:{{ville}}:{{titre}};{{/fiches}}", ctx,
	    "A:Nevers:T;B:Dijon:T;");
	/* Lists of strings. */
	RENDER_EQ("{{#tags}}({{.}}){{/tags}}", ctx, "(x&lt;)(y)");
	RENDER_EQ("{{#tags}}({{{.}}}){{/tags}}", ctx, "(x<)(y)");
	/* Nested sections. */
	RENDER_EQ("{{#fiches}}{{#tags}}{{nom}}{{.}}{{/tags}}|{{/fiches}}",
	    ctx, "Ax&lt;Ay|Bx&lt;By|");
	RENDER_EQ("{{#a}}{{b}}{{#c}}{{d}}{{b}}{{titre}}{{/c}}{{/a}}", ctx,
	    "inner-bdeepinner-bT");
	/* Truthy and falsy values. */
	RENDER_EQ("{{#vrai}}V{{/vrai}}{{#faux}}F{{/faux}}", ctx, "V");
	RENDER_EQ("{{#chaine}}<{{.}}>{{/chaine}}{{#rien}}R{{/rien}}", ctx,
	    "<c>");
	RENDER_EQ("{{#vide}}E{{/vide}}{{#nul}}N{{/nul}}{{#absent}}M"
	    "{{/absent}}{{#m}}map{{/m}}", ctx, "map");
	/* Inverted sections. */
	RENDER_EQ("{{^faux}}1{{/faux}}{{^vide}}2{{/vide}}{{^absent}}3"
	    "{{/absent}}{{^nul}}4{{/nul}}{{^rien}}5{{/rien}}", ctx,
	    "12345");
	RENDER_EQ("{{^vrai}}1{{/vrai}}{{^tags}}2{{/tags}}{{^a}}3{{/a}}"
	    "{{^chaine}}4{{/chaine}}", ctx, "");
	RENDER_EQ("{{#fiches}}{{nom}}{{^ville}}?{{/ville}}{{/fiches}}", ctx,
	    "AB");
	/* Dotted names. */
	RENDER_EQ("{{a.b}}|{{a.c.d}}|{{#a.c}}{{d}}{{/a.c}}", ctx,
	    "inner-b|deep|deep");
	RENDER_EQ("[{{a.x.d}}][{{a.b.c}}][{{x.y}}][{{#a.x.d}}no{{/a.x.d}}]"
	    "{{^a.x.d}}yes{{/a.x.d}}", ctx, "[][][][]yes");
	/* Context precedence: a.b found inside a, no fallback outside. */
	RENDER_EQ("{{#a}}{{c.b}}{{/a}}", ctx, "");
	RENDER_EQ("{{#a.c}}{{a.b}}{{/a.c}}", ctx, "inner-b");
	/* A key present with null stops the search down the stack. */
	tv_set(&A, inner, "titre", NULL);
	RENDER_EQ("{{#a}}[{{titre}}]{{/a}}", ctx, "[]");
	/* Implicit iterator over nested lists. */
	{
		struct tval *ll = tv_list(&A), *l1 = tv_list(&A),
		    *l2 = tv_list(&A);

		tv_push(&A, l1, tv_str(&A, "a"));
		tv_push(&A, l1, tv_str(&A, "b"));
		tv_push(&A, l2, tv_str(&A, "c"));
		tv_push(&A, ll, l1);
		tv_push(&A, ll, l2);
		tv_push(&A, ll, NULL);
		RENDER_EQ("{{#.}}({{#.}}{{.}}{{/.}}){{/.}}", ll,
		    "(ab)(c)()");
	}
	/* Whitespace inside tags, and the same section twice. */
	RENDER_EQ("|{{# vrai }}={{/ vrai }}|{{#vrai}}a{{/vrai}}"
	    "{{#vrai}}b{{/vrai}}", ctx, "|=|ab");
}

/* More cases of the Mustache spec (sections.yml, interpolation.yml). */
static void
test_spec_misc(void)
{
	struct tval *ctx = tv_map(&A), *m;
	const char *const keys[] = { "a", "one", "b", "two", "c", "three",
	    "d", "four", "e", "five" };
	size_t	 i;

	for (i = 0; i < 10; i += 2) {
		m = tv_map(&A);
		tv_set(&A, m, keys[i + 1], tv_int(&A, (long)i / 2 + 1));
		tv_set(&A, ctx, keys[i], m);
	}
	tv_set_bool(&A, ctx, "bool", 1);
	tv_set_bool(&A, ctx, "no", 0);
	tv_set_str(&A, ctx, "two", "second");
	tv_set_str(&A, ctx, "template", "{{planet}}");
	tv_set_str(&A, ctx, "planet", "Earth");
	RENDER_EQ("{{#a}}\n{{one}}\n{{#b}}\n{{one}}{{two}}{{one}}\n{{#c}}\n"
	    "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{#d}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{#e}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}"
	    "{{one}}\n{{/e}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{/d}}\n"
	    "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{/c}}\n"
	    "{{one}}{{two}}{{one}}\n{{/b}}\n{{one}}\n{{/a}}\n", ctx,
	    "1\n121\n12321\n1234321\n123454321\n1234321\n12321\n121\n1\n");
	RENDER_EQ("{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n"
	    "* third\n{{/bool}}\n", ctx, "* first\n* second\n* third\n");
	RENDER_EQ("| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |", ctx,
	    "| A B C D E |");
	RENDER_EQ("| A {{#no}}B {{#no}}C{{/no}} D{{/no}} E |", ctx,
	    "| A  E |");
	RENDER_EQ(" | {{#bool}} {{! Important Whitespace }}\n {{/bool}} | \n",
	    ctx, " |  \n  | \n");
	RENDER_EQ("{{template}}: {{planet}}", ctx, "{{planet}}: Earth");
	RENDER_EQ("\"{{#two}}foo{{/two}}\"", ctx, "\"foo\"");
}

static void
test_comments_standalone(void)
{
	struct tval *ctx = smap("x", "X", NULL);
	struct tval *l = tv_list(&A);

	tv_set_bool(&A, ctx, "t", 1);
	tv_push(&A, l, smap("n", "1", NULL));
	tv_push(&A, l, smap("n", "2", NULL));
	tv_set(&A, ctx, "l", l);

	RENDER_EQ("12345{{! Comment Block! }}67890", ctx, "1234567890");
	RENDER_EQ("12345 {{! c }} 67890", ctx, "12345  67890");
	RENDER_EQ("Begin.\n{{! Comment Block! }}\nEnd.\n", ctx,
	    "Begin.\nEnd.\n");
	RENDER_EQ("Begin.\n  {{! Indented }}\nEnd.\n", ctx,
	    "Begin.\nEnd.\n");
	RENDER_EQ("Begin.\n{{!\nmulti\nline\n}}\nEnd.\n", ctx,
	    "Begin.\nEnd.\n");
	RENDER_EQ("|\r\n{{! Standalone Comment }}\r\n|", ctx, "|\r\n|");
	RENDER_EQ("  {{! I'm Still Standalone }}\n!", ctx, "!");
	RENDER_EQ("!\n  {{! I'm Still Standalone }}", ctx, "!\n");
	RENDER_EQ("  12 {{! 34 }}\n", ctx, "  12 \n");

	/* Standalone sections lose their whole line. */
	RENDER_EQ("| This Is\n{{#t}}\n|\n{{/t}}\n| A Line\n", ctx,
	    "| This Is\n|\n| A Line\n");
	RENDER_EQ("| This Is\n  {{#t}}\n|\n  {{/t}}\n| A Line\n", ctx,
	    "| This Is\n|\n| A Line\n");
	RENDER_EQ("| This Is\n\t{{^t}} \t\n|\n  {{/t}}\n| A Line\n", ctx,
	    "| This Is\n| A Line\n");
	RENDER_EQ("|\r\n{{#t}}\r\n{{/t}}\r\n|", ctx, "|\r\n|");
	RENDER_EQ("  {{#t}}\n#{{/t}}\n/", ctx, "#\n/");
	RENDER_EQ("#{{#t}}\n/\n  {{/t}}", ctx, "#\n/\n");
	RENDER_EQ(" | {{#t}}\t|\t{{/t}} | \n", ctx, " | \t|\t | \n");
	RENDER_EQ("  {{#t}}YES{{/t}}\n  {{#t}}GOOD{{/t}}\n", ctx,
	    "  YES\n  GOOD\n");
	RENDER_EQ("<ul>\n  {{#l}}\n  <li>{{n}}</li>\n  {{/l}}\n</ul>\n", ctx,
	    "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	/* Two tags on a line: not standalone. */
	RENDER_EQ("a\n{{#t}}{{/t}}\nb", ctx, "a\n\nb");
	/* A lone CR is not a line end. */
	RENDER_EQ("a\n{{#t}}\rb{{/t}}", ctx, "a\n\rb");
}

static void
test_partials(void)
{
	struct tval *ctx = smap("text", "content", "data", "|",
	    "content", "<\n->", NULL);
	struct tval *tree, *kids, *leaf;

	RENDER_P_EQ("\"{{>p}}\"", "from partial", ctx,
	    "\"from partial\"");
	RENDER_P_EQ("\"{{>p}}\"", "*{{text}}*", ctx, "\"*content*\"");
	RENDER_P_EQ("|{{> p }}|", "[]", ctx, "|[]|");
	RENDER_P_EQ("| {{>p}} |", "\t|\t", ctx, "| \t|\t |");
	RENDER_P_EQ("\"{{>missing}}\"", "x", ctx, "\"\"");
	RENDER_P_EQ("  {{data}}  {{> p}}\n", ">\n>", ctx, "  |  >\n>\n");
	RENDER_P_EQ("|\r\n{{>p}}\r\n|", ">", ctx, "|\r\n>|");
	RENDER_P_EQ("  {{>p}}\n>", ">\n>", ctx, "  >\n  >>");
	RENDER_P_EQ(">\n  {{>p}}", ">\n>", ctx, ">\n  >\n  >");
	/* Indentation applies to the partial's lines, not to values. */
	RENDER_P_EQ("\\\n {{>p}}\n/\n", "|\n{{{content}}}\n|\n", ctx,
	    "\\\n |\n <\n->\n |\n/\n");
	/* Empty lines stay empty; standalone lines of the partial go. */
	RENDER_P_EQ("<div>\n  {{>p}}\n</div>\n",
	    "<p>\n\n{{#text}}\n  <b>{{text}}</b>\n{{/text}}\n</p>\n", ctx,
	    "<div>\n  <p>\n\n    <b>content</b>\n  </p>\n</div>\n");
	/* Partials keep their own delimiters. */
	RENDER_P_EQ("[ {{>p}} ]\n[ .{{text}}.  .|text|. ]\n",
	    ".{{text}}. {{= | | =}} .|text|.", ctx,
	    "[ .content.  .content. ]\n[ .content.  .|text|. ]\n");

	/* Nested standalone partials add up their indentation. */
	{
		const char *defs[] = {
			"t", "<body>\n  {{>p}}\n</body>\n",
			"p", "<nav>\n  {{>q}}\n</nav>\n",
			"q", "<a>\n{{text}}\n</a>\n", NULL };
		char	*s = render_set(defs, ctx);

		STR_EQ(s, "<body>\n  <nav>\n    <a>\n    content\n    </a>\n"
		    "  </nav>\n</body>\n");
		free(s);
	}
	/* An inline partial inside an indented one is not indented. */
	{
		const char *defs[] = {
			"t", "  {{>p}}\n",
			"p", "a\n{{>q}}!\nb\n",
			"q", "1\n2", NULL };
		char	*s = render_set(defs, ctx);

		STR_EQ(s, "  a\n  1\n2!\n  b\n");
		free(s);
	}
	/* Recursion over a tree. */
	tree = smap("content", "X", NULL);
	kids = tv_list(&A);
	leaf = smap("content", "Y", NULL);
	tv_set(&A, leaf, "nodes", tv_list(&A));
	tv_push(&A, kids, leaf);
	tv_set(&A, tree, "nodes", kids);
	{
		const char *defs[] = {
			"t", "{{>node}}",
			"node", "{{content}}<{{#nodes}}{{>node}}{{/nodes}}>",
			NULL };
		char	*s = render_set(defs, tree);

		STR_EQ(s, "X<Y<>>");
		free(s);
	}
	/* Recursion with the same context stack stops at once. */
	{
		const char *defs[] = { "t", "x{{>t}}{{>t}}", NULL };
		char	*s = render_set(defs, ctx);

		STR_EQ(s, "x");
		free(s);
	}
	{
		const char *defs[] = { "t", "a\n {{>p}}\n", "p", "b\n {{>t}}",
		    NULL };
		char	*s = render_set(defs, ctx);

		STR_EQ(s, "a\n b\n");
		free(s);
	}
	/* Through sections, the depth limit (32 partials) stops it. */
	{
		const char *defs[] = { "t", "x{{#m}}{{>t}}{{/m}}", NULL };
		struct tval *m = tv_map(&A);
		char	*s;

		tv_set(&A, m, "m", tv_map(&A));
		s = render_set(defs, m);
		OK(s != NULL && strspn(s, "x") == strlen(s) &&
		    strlen(s) == 33, "recursion depth: %zu",
		    s ? strlen(s) : 0);
		free(s);
	}
	/*
	 * And a template doubling itself stops the render: at 131,072
	 * partials (found by fuzz_tmpl: one page took 13 s with a million),
	 * or at 32 MB of output, whichever comes first.
	 */
	{
		struct tmpl_set *set = tmpl_set_new();
		struct diags d;
		struct buf out = { 0 };
		struct tval *m = tv_map(&A);
		char	 big[1100];

		tv_set(&A, m, "m", tv_map(&A));
		diags_init(&d);
		INT_EQ(tmpl_add(set, "t", "{{#m}}{{>t}}{{>t}}{{/m}}x", 25, &d),
		    0);
		INT_EQ(tmpl_render(&out, set, "t", m), TMPL_TOO_LARGE);
		OK(out.len > 0 && out.len <= (1 << 17) + 1 &&
		    strspn(buf_cstr(&out), "x") == out.len,
		    "doubling recursion: %zu bytes", out.len);
		/* 1 KB a call: the output bound comes first. */
		memcpy(big, "{{#m}}{{>u}}{{>u}}{{/m}}", 24);
		memset(big + 24, 'y', 1024);
		INT_EQ(tmpl_add(set, "u", big, 24 + 1024, &d), 0);
		buf_reset(&out);
		INT_EQ(tmpl_render(&out, set, "u", m), TMPL_TOO_LARGE);
		OK(out.len > 32 * 1024 * 1024 &&
		    out.len <= 32 * 1024 * 1024 + 1024,
		    "output bound: %zu bytes", out.len);
		buf_dispose(&out);
		diags_free(&d);
		tmpl_set_free(set);
	}
}

static void
test_delimiters(void)
{
	struct tval *ctx = smap("text", "Hey!", "data", "I got interpolated.",
	    NULL);

	tv_set_bool(&A, ctx, "section", 1);
	RENDER_EQ("{{=<% %>=}}(<%text%>)", ctx, "(Hey!)");
	RENDER_EQ("({{=[ ]=}}[text])", ctx, "(Hey!)");
	RENDER_EQ("[\n{{#section}}\n  {{data}}\n  |data|\n{{/section}}\n\n"
	    "{{= | | =}}\n|#section|\n  {{data}}\n  |data|\n|/section|\n]\n",
	    ctx, "[\n  I got interpolated.\n  |data|\n\n  {{data}}\n"
	    "  I got interpolated.\n]\n");
	RENDER_EQ("[\n{{^section}}\n  {{data}}\n  |data|\n{{/section}}\n\n"
	    "{{= | | =}}\n|^section|\n  {{data}}\n  |data|\n|/section|\n]\n",
	    ctx, "[\n\n]\n");
	RENDER_EQ("Begin.\n{{=@ @=}}\nEnd.\n", ctx, "Begin.\nEnd.\n");
	RENDER_EQ("Begin.\n  {{=@ @=}}\nEnd.\n", ctx, "Begin.\nEnd.\n");
	RENDER_EQ("|\r\n{{= @ @ =}}\r\n|", ctx, "|\r\n|");
	RENDER_EQ("  {{=@ @=}}\n=", ctx, "=");
	RENDER_EQ("=\n  {{=@ @=}}", ctx, "=\n");
	RENDER_EQ("|{{= @   @ =}}|", ctx, "||");
	RENDER_EQ("{{=<% %>=}}<%{text}%> <%& text%> {{text}}<%={{ }}=%>"
	    "{{text}}", ctx, "Hey! Hey! {{text}}Hey!");
}

/* Compiles the (name, source) pairs, checks partials, returns rc. */
static int
compile_errs(struct diags *d, const char *const *defs)
{
	struct tmpl_set *set = tmpl_set_new();
	size_t	 i;
	int	 rc = 0;

	for (i = 0; defs[i] != NULL; i += 2)
		if (tmpl_add(set, defs[i], defs[i + 1], strlen(defs[i + 1]),
		    d) == -1)
			rc = -1;
	if (rc == 0 && tmpl_check_partials(set, d) == -1)
		rc = -1;
	tmpl_set_free(set);
	return rc;
}

/* Expects exactly one error, at file:line:col with message msg. */
#define ERR_EQ(src, f, l, c, m) do {					\
	const char *defs_[] = { "t", (src), NULL };			\
	struct diags d_;						\
	diags_init(&d_);						\
	INT_EQ(compile_errs(&d_, defs_), -1);				\
	INT_EQ(d_.n, 1);						\
	if (d_.n >= 1) {						\
		STR_EQ(d_.items[0].file, (f));				\
		INT_EQ(d_.items[0].line, (l));				\
		INT_EQ(d_.items[0].col, (c));				\
		STR_EQ(d_.items[0].msg, (m));				\
		INT_EQ(d_.items[0].level, DIAG_ERROR);			\
	}								\
	diags_free(&d_);						\
} while (0)

static void
test_errors(void)
{
	ERR_EQ("<ul>\n  {{#fiches}}\n  <li>{{nom}}</li>\n",
	    "templates/t.mustache", 2, 3,
	    "section « fiches » ouverte ici n'est jamais fermée");
	ERR_EQ("{{#a}}\n{{#y}}\n  x {{/a}}\n", "templates/t.mustache", 3, 5,
	    "fermeture de « a » alors que « y » est ouverte (ligne 2)");
	ERR_EQ("{{^a}}\n{{/a}}{{/b}}", "templates/t.mustache", 2, 7,
	    "fermeture de « b » alors qu'aucune section n'est ouverte");
	ERR_EQ("ab\ncd {{x\n}\n", "templates/t.mustache", 2, 4,
	    "balise non fermée : « }} » attendu");
	ERR_EQ("é {{{x}}\n", "templates/t.mustache", 1, 3,
	    "balise non fermée : « }}} » attendu");
	ERR_EQ("{{=<% %>=}}\n\n  <%! x %", "templates/t.mustache", 3, 3,
	    "balise non fermée : « %> » attendu");
	ERR_EQ("a {{= x =}}", "templates/t.mustache", 1, 3,
	    "délimiteurs invalides : « x »");
	ERR_EQ("a {{=a= b=}}", "templates/t.mustache", 1, 3,
	    "délimiteurs invalides : « a= b »");
	ERR_EQ("a {{=<% %>}}", "templates/t.mustache", 1, 3,
	    "balise non fermée : « =}} » attendu");
	ERR_EQ("\n{{ }}", "templates/t.mustache", 2, 1,
	    "nom manquant dans la balise");
	ERR_EQ("{{#a..b}}{{/a..b}}", "templates/t.mustache", 1, 1,
	    "nom invalide : « a..b »");
	ERR_EQ("x\n  ü{{> entete}}\n", "templates/t.mustache", 2, 4,
	    "le gabarit partiel « entete » n'existe pas");

	/* Every unclosed section is reported. */
	{
		const char *defs[] = { "t", "{{#a}}{{^b}}", NULL };
		struct diags d;

		diags_init(&d);
		INT_EQ(compile_errs(&d, defs), -1);
		INT_EQ(d.n, 2);
		diags_free(&d);
	}
	/* Missing partial with a suggestion, and the file name. */
	{
		const char *defs[] = {
			"en-tete", "<header>",
			"page", "x\n\t{{>entete}}\n{{>en-tete}}", NULL };
		struct diags d;

		diags_init(&d);
		INT_EQ(compile_errs(&d, defs), -1);
		INT_EQ(d.n, 1);
		if (d.n == 1) {
			STR_EQ(d.items[0].file, "templates/page.mustache");
			INT_EQ(d.items[0].line, 2);
			INT_EQ(d.items[0].col, 2);
			STR_EQ(d.items[0].msg, "le gabarit partiel « entete » "
			    "n'existe pas (vouliez-vous dire « en-tete » ?)");
		}
		diags_free(&d);
	}
	/* A partial added after its user is linked. */
	{
		const char *defs[] = { "t", "[{{>p}}]", "p", "P", NULL };
		char	*s = render_set(defs, NULL);

		STR_EQ(s, "[P]");
		free(s);
	}
}

static void
test_set_api(void)
{
	struct tmpl_set *set = tmpl_set_new();
	struct diags d;
	struct buf out = { 0 };

	diags_init(&d);
	INT_EQ(tmpl_add(set, "a", "A{{>b}}", 7, &d), 0);
	INT_EQ(tmpl_check_partials(set, &d), -1);
	INT_EQ(d.n, 1);
	INT_EQ(tmpl_has(set, "a"), 1);
	INT_EQ(tmpl_has(set, "b"), 0);
	INT_EQ(tmpl_add(set, "b", "B1", 2, &d), 0);
	INT_EQ(tmpl_check_partials(set, &d), 0);
	INT_EQ(tmpl_render(&out, set, "a", NULL), 0);
	STR_EQ(buf_cstr(&out), "AB1");
	/* Replacing a template keeps the links to it. */
	INT_EQ(tmpl_add(set, "b", "B2", 2, &d), 0);
	buf_reset(&out);
	INT_EQ(tmpl_render(&out, set, "a", NULL), 0);
	STR_EQ(buf_cstr(&out), "AB2");
	/* A failed compile leaves the set as it was. */
	INT_EQ(tmpl_add(set, "b", "{{#x}}", 6, &d), -1);
	buf_reset(&out);
	INT_EQ(tmpl_render(&out, set, "a", NULL), 0);
	STR_EQ(buf_cstr(&out), "AB2");
	INT_EQ(tmpl_render(&out, set, "nope", NULL), -1);
	/* Rendering appends. */
	INT_EQ(tmpl_render(&out, set, "b", NULL), 0);
	STR_EQ(buf_cstr(&out), "AB2B2");
	/* Sources may hold NUL bytes. */
	INT_EQ(tmpl_add(set, "z", "a\0b{{x}}", 8, &d), 0);
	buf_reset(&out);
	INT_EQ(tmpl_render(&out, set, "z", smap("x", "!", NULL)), 0);
	INT_EQ(out.len, 4);
	OK(memcmp(out.data, "a\0b!", 4) == 0, "NUL kept");
	buf_dispose(&out);
	diags_free(&d);
	tmpl_set_free(set);
	tmpl_set_free(NULL);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	*path = util_path_join(dir, name);

	OK(util_write_file(path, text, strlen(text)) == 0, "write %s", path);
	free(path);
}

static void
test_load_dir(void)
{
	char	 tmp[] = "/tmp/test_tmpl.XXXXXX";
	char	*good, *bad;
	struct tmpl_set *set;
	struct diags d;
	struct buf out = { 0 };

	if (mkdtemp(tmp) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	good = util_path_join(tmp, "templates");
	bad = util_path_join(tmp, "gabarits");
	OK(util_mkdir_p(good) == 0 && util_mkdir_p(bad) == 0, "mkdir");
	write_file(good, "page.mustache",
	    "<html>\n  {{> header}}\n<p>{{corps}}</p>\n</html>\n");
	write_file(good, "header.mustache", "<h1>{{titre}}</h1>\n");
	write_file(good, "notes.txt", "{{#pas un gabarit");
	write_file(good, ".page.mustache", "{{#caché");
	write_file(good, ".mustache", "{{#caché");

	diags_init(&d);
	set = tmpl_load_dir(good, &d);
	OK(set != NULL, "load %s", good);
	INT_EQ(d.n, 0);
	if (set != NULL) {
		INT_EQ(tmpl_has(set, "page"), 1);
		INT_EQ(tmpl_has(set, "header"), 1);
		INT_EQ(tmpl_has(set, "notes"), 0);
		INT_EQ(tmpl_render(&out, set, "page", smap("titre", "À & B",
		    "corps", "<i>", NULL)), 0);
		STR_EQ(buf_cstr(&out), "<html>\n  <h1>À &amp; B</h1>\n"
		    "<p>&lt;i&gt;</p>\n</html>\n");
	}
	tmpl_set_free(set);
	diags_free(&d);

	/*
	 * Errors in two files, and a partial naming a broken template
	 * (not reported: its own error says enough).
	 */
	write_file(bad, "a.mustache", "{{>b}}{{>entete}}\n");
	write_file(bad, "b.mustache", "x\n\n  {{#s}}\n");
	write_file(bad, "en-tete.mustache", "ok");
	write_file(bad, "c.mustache", "ab\xff\n");
	diags_init(&d);
	set = tmpl_load_dir(bad, &d);
	OK(set == NULL, "broken dir loads");
	tmpl_set_free(set);
	diags_sort(&d);
	INT_EQ(d.n, 3);
	if (d.n == 3) {
		STR_EQ(d.items[0].file, "gabarits/a.mustache");
		INT_EQ(d.items[0].line, 1);
		INT_EQ(d.items[0].col, 7);
		STR_EQ(d.items[0].msg, "le gabarit partiel « entete » "
		    "n'existe pas (vouliez-vous dire « en-tete » ?)");
		STR_EQ(d.items[1].file, "gabarits/b.mustache");
		INT_EQ(d.items[1].line, 3);
		INT_EQ(d.items[1].col, 3);
		STR_EQ(d.items[2].file, "gabarits/c.mustache");
		INT_EQ(d.items[2].line, 1);
		INT_EQ(d.items[2].col, 3);
	}
	diags_free(&d);

	/* A missing directory. */
	diags_init(&d);
	OK(tmpl_load_dir("/nonexistent/templates", &d) == NULL, "no dir");
	INT_EQ(d.n, 1);
	diags_free(&d);

	buf_dispose(&out);
	OK(util_rm_rf(tmp) == 0, "rm %s", tmp);
	free(good);
	free(bad);
}

int
main(void)
{
	arena_init(&A);
	test_values();
	test_interpolation();
	test_sections();
	test_spec_misc();
	test_comments_standalone();
	test_partials();
	test_delimiters();
	test_errors();
	test_set_api();
	test_load_dir();
	arena_free(&A);
	return TEST_END();
}
