/*
 * load_source.c: the loader's side of the content source (source.h):
 * the Markdown files of a subfolder, a file checked for size, NUL bytes,
 * UTF-8, BOM and line endings, and a Markdown file's front matter split
 * from its body.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include <utf8proc.h>

#include "buf.h"
#include "diag.h"
#include "source.h"
#include "util.h"
#include "yaml.h"
#include "load_int.h"

/*
 * Composes the text (Unicode NFC), once for every output: a word pasted
 * from a Mac (« E » + U+0301) then reads, sorts and is searched like the
 * same word typed on a PC. Only texts that hold a combining mark of
 * U+0300..U+036F (lead bytes 0xcc, 0xcd) are rewritten: the others are
 * in NFC already for French. Line ends are kept, so lines still count.
 * Returns 0, or -1 when out of memory.
 */
static int
nfc(struct srcfile *sf)
{
	utf8proc_uint8_t *n;
	size_t	 i;

	for (i = 0; i < sf->len; i++)
		if ((unsigned char)sf->data[i] == 0xcc ||
		    (unsigned char)sf->data[i] == 0xcd)
			break;
	if (i == sf->len)
		return 0;
	if ((n = utf8proc_NFC((const utf8proc_uint8_t *)sf->data)) == NULL)
		return -1;
	free(sf->data);
	sf->data = (char *)n;
	sf->len = strlen(sf->data);
	return 0;
}

/*
 * Reads a content file: size cap (maxsz bytes), NUL bytes, UTF-8, BOM
 * and line endings, then, for Markdown files (md), splits the front
 * matter ("---" lines) from the body. Returns 0 or -1 (reported);
 * sf->data is malloc'd and must be freed by the caller.
 */
int
read_source(struct lctx *c, struct srcfile *sf, int md, size_t maxsz)
{
	int	 rs;
	size_t	 bad, i, j, line, col, bom;
	char	*p, *end, *close;
	int	 fmline;

	memset(sf, 0, sizeof(*sf));
	sf->rel = c->file;
	if ((rs = source_read(c->src, c->d, c->file, maxsz, &sf->data,
	    &sf->len)) == -1)
		return -1;
	if (rs == 1) {
		diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "fichier trop gros "
		    "(%.1f Mo ; au plus %zu Mo) : %s, vérifiez qu'il s'agit "
		    "du bon fichier", (double)sf->len / MIB, maxsz / MIB, md ?
		    "une fiche fait quelques kilo-octets" : "c'est bien plus "
		    "que ce qu'un fichier de référence contient");
		return -1;
	}
	if ((p = memchr(sf->data, '\0', sf->len)) != NULL ||
	    utf8_check(sf->data, sf->len, &bad) == -1) {
		if (p != NULL && (size_t)(p - sf->data) < (utf8_check(sf->data,
		    sf->len, &bad) == -1 ? bad : sf->len))
			bad = (size_t)(p - sf->data);
		else
			p = NULL;
		/* Columns count characters; a BOM is not one. */
		bom = sf->len >= 3 && memcmp(sf->data, "\xef\xbb\xbf", 3) == 0 &&
		    bad >= 3 ? 3 : 0;
		for (i = bom, line = 1, col = 1; i < bad; i++) {
			if (sf->data[i] == '\n' || (sf->data[i] == '\r' &&
			    sf->data[i + 1] != '\n')) {
				line++;
				col = 1;
			} else if (((unsigned char)sf->data[i] & 0xc0) != 0x80)
				col++;
		}
		if (p != NULL)
			diag_add(c->d, DIAG_ERROR, c->file, (int)line, (int)col,
			    "caractère nul (octet 0) à l'octet %zu : le fichier "
			    "est abîmé ou n'est pas un texte", bad);
		else
			diag_add(c->d, DIAG_ERROR, c->file, (int)line, (int)col,
			    "encodage invalide à l'octet %zu (0x%02x) : "
			    "enregistrez le fichier en UTF-8 (pas en "
			    "Windows-1252 ni en Latin-1)", bad,
			    (unsigned char)sf->data[bad]);
		return -1;
	}
	/*
	 * A BOM is legal; CRLF becomes LF, and so does a lone CR, which
	 * libyaml and cmark both take as a line end: every line count then
	 * agrees with theirs.
	 */
	if (sf->len >= 3 && memcmp(sf->data, "\xef\xbb\xbf", 3) == 0) {
		memmove(sf->data, sf->data + 3, sf->len - 2);
		sf->len -= 3;
	}
	for (i = j = 0; i < sf->len; i++) {
		if (sf->data[i] == '\r' && i + 1 < sf->len &&
		    sf->data[i + 1] == '\n')
			continue;
		sf->data[j++] = sf->data[i] == '\r' ? '\n' : sf->data[i];
	}
	sf->len = j;
	sf->data[j] = '\0';
	if (nfc(sf) == -1) {
		diag_add(c->d, DIAG_ERROR, c->file, 0, 0, "normalisation "
		    "Unicode impossible (mémoire insuffisante ?)");
		return -1;
	}
	if (!md)
		return 0;

	if (sf->len == 0 || strspn(sf->data, " \n") == sf->len) {
		diag_add(c->d, DIAG_ERROR, c->file, 1, 1, "fichier vide : une "
		    "fiche commence par un en-tête entre deux lignes « --- »");
		return -1;
	}
	if (strncmp(sf->data, "---\n", 4) != 0 &&
	    strcmp(sf->data, "---") != 0) {
		diag_add(c->d, DIAG_ERROR, c->file, 1, 1, "l'en-tête manque : "
		    "le fichier doit commencer par une ligne « --- », puis les "
		    "champs (nom: …), puis une autre ligne « --- »");
		return -1;
	}
	p = sf->data + 4;
	end = sf->data + sf->len;
	close = NULL;
	fmline = 2;
	for (line = 2; p <= end && p < end; line++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);

		while (ll > 0 && p[ll - 1] == ' ')
			ll--;
		if ((ll == 3 && (memcmp(p, "---", 3) == 0 ||
		    memcmp(p, "...", 3) == 0))) {
			close = p;
			break;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (close == NULL) {
		diag_add(c->d, DIAG_ERROR, c->file, 1, 1, "l'en-tête ouvert "
		    "ligne 1 par « --- » n'est jamais fermé : ajoutez une ligne "
		    "« --- » après le dernier champ");
		return -1;
	}
	if (yaml_parse(&sf->fm, c->scratch ? c->scratch : c->a, c->d, c->file,
	    sf->data + 4,
	    (size_t)(close - (sf->data + 4)), fmline) == -1)
		return -1;
	if (sf->fm == NULL || sf->fm->kind != YN_MAP) {
		diag_add(c->d, DIAG_ERROR, c->file, 2, 1, "l'en-tête doit être "
		    "une suite de lignes « clé: valeur »%s",
		    sf->fm == NULL ? " (il est vide)" : "");
		return -1;
	}
	p = memchr(close, '\n', (size_t)(end - close));
	sf->body = p ? p + 1 : end;
	sf->body_len = (size_t)(end - sf->body);
	sf->body_line = (int)line + 1;
	return 0;
}

/* Reads a whole YAML file of the folder; NULL when absent or wrong. */
struct ynode *
load_yaml(struct lctx *c, const char *rel, int req, char **data)
{
	struct srcfile sf;
	struct ynode *root = NULL;

	*data = NULL;
	lctx_file(c, rel);
	memset(&sf, 0, sizeof(sf));
	if (!source_exists(c->src, rel)) {
		if (req)
			diag_add(c->d, DIAG_ERROR, rel, 0, 0, "fichier "
			    "obligatoire absent du dossier de contenu");
		return NULL;
	}
	if (read_source(c, &sf, 0, strcmp(rel, "territoires.yaml") == 0 ?
	    MAX_TERR_SIZE : MAX_REF_SIZE) == 0 &&
	    yaml_parse(&root, c->a, c->d, rel, sf.data, sf.len, 1) == 0 &&
	    root == NULL && req)
		diag_add(c->d, DIAG_ERROR, rel, 1, 1, "fichier vide");
	*data = sf.data;
	return root;
}

/*
 * The *.md files of a subfolder, sorted; other files get a warning.
 * Returns the count, or -1 when the folder cannot be read (reported
 * unless it is absent and optional).
 */
ssize_t
list_md(struct lctx *c, const char *sub, char ***out, int req)
{
	char	**v;
	ssize_t	 n;

	*out = NULL;
	n = source_list(c->src, c->d, sub, req, &v);
	return list_md_names(c, sub, v, n, out);
}

/* list_md on what source_list gave (v, n): v is taken over. */
ssize_t
list_md_names(struct lctx *c, const char *sub, char **v, ssize_t n,
    char ***out)
{
	ssize_t	 i, k;
	size_t	 l;

	*out = NULL;
	if (n <= 0)
		return n;
	for (i = k = 0; i < n; i++) {
		l = strlen(v[i]);
		if (l < 4 || strcmp(v[i] + l - 3, ".md") != 0) {
			char	*rel = util_path_join(sub, v[i]);
			const char *dot = strrchr(v[i], '.');

			/* x.MD, x.Md, x.markdown: meant as a page, and
			 * never published: an error with the right name. */
			if (dot != NULL && dot != v[i] &&
			    (strcasecmp(dot, ".md") == 0 ||
			    strcasecmp(dot, ".markdown") == 0)) {
				size_t	 bl = (size_t)(dot - v[i]);
				char	*base = xmalloc(bl + 1), *slug;

				memcpy(base, v[i], bl);
				base[bl] = '\0';
				slug = slug_of(c->a, base);
				diag_add(c->d, DIAG_ERROR, rel, 0, 0,
				    "ce fichier ne serait pas publié : "
				    "l'extension s'écrit « .md », en "
				    "minuscules ; renommez-le « %s/%s.md »",
				    sub, *slug ? slug : "nom");
				free(base);
			} else
				diag_add(c->d, DIAG_WARNING, rel, 0, 0,
				    "fichier ignoré : seuls les fichiers .md "
				    "sont lus ici");
			free(rel);
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	*out = v;
	return k;
}
