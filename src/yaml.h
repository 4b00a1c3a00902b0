/*
 * yaml.h: YAML parsed with libyaml's event API into a small tree that
 * keeps the line and column of every node. Anchors, aliases, tags,
 * directives, several documents, duplicate keys and deep nesting are
 * refused with a French message.
 *
 * Returns: 0, or -1 after reporting the problem to the diagnostics.
 */
#ifndef MAILLAGE_YAML_H
#define MAILLAGE_YAML_H

#include <stddef.h>

struct arena;
struct diags;

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP
};

struct ynode {
	enum ynode_kind	 kind;
	int		 line, col;	/* 1-based, in the file */
	int		 quoted;	/* scalar written in quotes or as a block */
	const char	*str;		/* scalar text */
	size_t		 len;
	struct ynode	**items;	/* seq: n items; map: 2n, key then value */
	size_t		 n;
};

#define YAML_MAX_DEPTH	16
/* Longest scalar, in bytes: no field of ours needs more. */
#define YAML_MAX_SCALAR	16384

/*
 * Parses src (len bytes, valid UTF-8 checked by the caller) of file.
 * first_line is the file line of src's first line (1 for a whole file,
 * 2 for a front matter). An empty document gives *out = NULL and 0.
 * Returns 0, or -1 after reporting the problem to diags. Tabs in
 * indentation are errors reported to diags, yet the text read with
 * spaces in their place still gives a tree and 0 when it is valid YAML
 * (so that the rest of the file is checked): test diags, not only 0.
 */
int	 yaml_parse(struct ynode **out, struct arena *, struct diags *,
	    const char *file, const char *src, size_t len, int first_line);

/*
 * The same through libyaml alone: yaml_parse reads the plain YAML of a
 * front matter itself, gives up on anything else, and must build the
 * very same tree (the tests compare the two).
 */
int	 yaml_parse_libyaml(struct ynode **out, struct arena *, struct diags *,
	    const char *file, const char *src, size_t len, int first_line);

/* Map lookup; NULL when map is NULL, not a map, or has no such key. */
const struct ynode *yaml_get(const struct ynode *map, const char *key);
/* A deep copy of n into a (to keep a node past a scratch arena). */
struct ynode	*yaml_copy(struct arena *a, const struct ynode *n);
const char *yaml_kind_french(const struct ynode *);

#endif
