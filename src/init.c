/*
 * init.c: `maillage init DIR --departement CODE`. A content repository
 * that `check` and `build` accept as it is: the département's territory
 * tree from the official communes, the field's referentials, the free
 * pages, an example sheet and CI for GitHub and GitLab. Everything is
 * written into a hidden sibling folder first, then renamed into place.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cog.h"
#include "fold.h"
#include "init.h"
#include "schema.h"
#include "util.h"

/* Files copied from DATADIR/init, with @NOM@ @CODE@ @DATE@ replaced. */
static const struct {
	const char	*src, *dst;
} init_files[] = {
	{"site.yaml", "site.yaml"},
	{"types.yaml", "types.yaml"},
	{"besoins.yaml", "besoins.yaml"},
	{"publics.yaml", "publics.yaml"},
	{"glossaire.yaml", "glossaire.yaml"},
	{"pages/a-propos.md", "pages/a-propos.md"},
	{"pages/accessibilite.md", "pages/accessibilite.md"},
	{"pages/mentions-legales.md", "pages/mentions-legales.md"},
	{"fiches/exemple.md", "fiches/exemple.md"},
	{"LISEZMOI.md", "LISEZMOI.md"},
	{"gitignore", ".gitignore"},
	{"ci/github.yml", ".github/workflows/repertoire.yml"},
	{"ci/gitlab.yml", ".gitlab-ci.yml"},
};

struct init {
	const char	*data_dir;
	const char	*stage;
	const struct cog_row *dep;
	char		 date[11];
	struct buf	 urgences;	/* the block that replaces @URGENCES@ */
	const char	*outil;		/* the tool's git URL, or NULL */
};

/* Where the CI files fetch maillage from when init was not told. */
#define OUTIL_A_ADAPTER	"https://github.com/ORGANISATION/maillage.git"

/* A YAML double-quoted scalar. */
static void
yq(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* Writes rel under the stage, creating its folders; -1 with a message. */
static int
put_file(struct init *in, const char *rel, const struct buf *b)
{
	char	*path = util_path_join(in->stage, rel), *slash;
	int	 rc = 0;

	slash = strrchr(path, '/');
	*slash = '\0';
	if (util_mkdir_p(path) == -1)
		rc = -1;
	*slash = '/';
	if (rc == 0 && util_write_file(path, b->len ? b->data : "",
	    b->len) == -1)
		rc = -1;
	if (rc == -1)
		fprintf(stderr, "maillage : impossible d'écrire %s : %s\n", path,
		    util_strerror(errno));
	free(path);
	return rc;
}

static void
subst(struct init *in, struct buf *out, const char *s)
{
	const char *p;

	while ((p = strchr(s, '@')) != NULL) {
		buf_put(out, s, (size_t)(p - s));
		if (str_has_prefix(p, "@NOM@")) {
			buf_puts(out, in->dep->nom);
			s = p + 5;
		} else if (str_has_prefix(p, "@CODE@")) {
			buf_puts(out, in->dep->code);
			s = p + 6;
		} else if (str_has_prefix(p, "@DATE@")) {
			buf_puts(out, in->date);
			s = p + 6;
		} else if (str_has_prefix(p, "@OUTIL@\n")) {
			if (in->outil == NULL)
				buf_puts(out, "  # À ADAPTER à l'adresse du projet "
				    "maillage que vous utilisez (ou : maillage "
				    "init --outil URL).\n");
			buf_puts(out, "  MAILLAGE_DEPOT: ");
			yq(out, in->outil != NULL ? in->outil : OUTIL_A_ADAPTER);
			buf_putc(out, '\n');
			s = p + 8;
		} else if (str_has_prefix(p, "@URGENCES@\n")) {
			buf_put(out, in->urgences.data, in->urgences.len);
			s = p + 11;
		} else {
			buf_putc(out, '@');
			s = p + 1;
		}
	}
	buf_puts(out, s);
}

static int
copy_file(struct init *in, const char *src, const char *dst)
{
	char	*path = util_path_join(in->data_dir, "data/init"), *full, *data;
	struct buf out = {0};
	size_t	 len;
	int	 rc;

	full = util_path_join(path, src);
	free(path);
	if (util_read_file(&data, &len, full, 1u << 20) != READ_OK) {
		fprintf(stderr, "maillage : %s : %s (dossier de données "
		    "incomplet)\n", full, util_strerror(errno));
		free(full);
		return -1;
	}
	free(full);
	subst(in, &out, data);
	free(data);
	rc = put_file(in, dst, &out);
	buf_dispose(&out);
	return rc;
}

/* The urgences block of site.yaml (data/init/urgences.yaml). */
static int
read_urgences(struct init *in)
{
	char	*path = util_path_join(in->data_dir, "data/init/urgences.yaml"),
		*data, *line, *nl;
	size_t	 len;

	if (util_read_file(&data, &len, path, 1u << 16) != READ_OK) {
		fprintf(stderr, "maillage : %s : %s\n", path,
		    util_strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	for (line = data; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		buf_put(&in->urgences, line, (size_t)(nl - line));
		buf_putc(&in->urgences, '\n');
		if (*nl == '\0')
			break;
	}
	free(data);
	return 0;
}

struct item {
	const struct cog_row *r;
	char	*key;			/* folded sort key */
};

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int	 c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->r->code, y->r->code);
}

static char *
sort_key(const char *s)
{
	struct buf b = {0};

	fold_collate(&b, s);
	if (b.data == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

static void
put_communes(struct buf *b, struct item *c, size_t nc, const char *epci,
    const char *indent)
{
	size_t	 i;

	for (i = 0; i < nc; i++) {
		if (strcmp(c[i].r->epci, epci) != 0)
			continue;
		buf_printf(b, "%s- {code: \"%s\", nom: ", indent, c[i].r->code);
		yq(b, c[i].r->nom);
		buf_puts(b, ", type: commune}\n");
	}
}

/*
 * territoires.yaml: the département, its EPCIs by name, their communes
 * by name (only those of this département: an EPCI may straddle two);
 * communes in no EPCI sit right under the département.
 */
static int
write_territories(struct init *in, struct cog *cog, size_t *ncommunes,
    size_t *nepci)
{
	const struct cog_table *t;
	struct item *c, *e;
	struct buf b = {0}, v = {0};
	const struct cog_row *er;
	char	*path, *ver = NULL;
	size_t	 i, k, nc = 0, ne = 0, len;
	int	 rc;

	if ((t = cog_communes(cog, in->dep->code)) == NULL) {
		fprintf(stderr, "maillage : communes de « %s » introuvables "
		    "dans %s/communes : %s\n", in->dep->code, cog->dir,
		    util_strerror(errno));
		return -1;
	}
	c = xcalloc(t->n, sizeof(*c));
	e = xcalloc(t->n, sizeof(*e));
	for (i = 0; i < t->n; i++) {
		if (*t->rows[i].absorbee_par != '\0')
			continue;
		c[nc].r = &t->rows[i];
		c[nc++].key = sort_key(t->rows[i].nom);
		if (*t->rows[i].epci == '\0')
			continue;
		for (k = 0; k < ne; k++)
			if (strcmp(e[k].r->code, t->rows[i].epci) == 0)
				break;
		if (k < ne)
			continue;
		if ((er = cog_get(&cog->epcis, t->rows[i].epci)) == NULL) {
			/* Cannot happen with scripts/communes' output. */
			fprintf(stderr, "maillage : EPCI %s absent de "
			    "%s/epci.tsv\n", t->rows[i].epci, cog->dir);
			continue;
		}
		e[ne].r = er;
		e[ne++].key = sort_key(er->nom);
	}
	qsort(c, nc, sizeof(*c), item_cmp);
	qsort(e, ne, sizeof(*e), item_cmp);
	path = util_path_join(cog->dir, "VERSION");
	if (util_read_file(&ver, &len, path, 4096) == READ_OK)
		buf_put(&v, ver, strcspn(ver, "\n"));
	free(ver);
	free(path);
	buf_puts(&b, "# yaml-language-server: $schema=schemas/"
	    "territoires.json\n");
	buf_printf(&b, "# Arbre administratif (%s) : le département, ses "
	    "EPCI et leurs communes,\n# d'après le Code officiel géographique "
	    "(%s).\n# Codes : département (COG), EPCI (SIREN, 9 chiffres), "
	    "commune (INSEE).\n# « zones » : des périmètres qui ne suivent "
	    "pas l'arbre (bassin de santé,\n# territoire d'un DAC), chacun "
	    "défini par « inclut », une liste de codes.\n", in->dep->nom,
	    buf_cstr(&v));
	buf_printf(&b, "arbre:\n  - code: \"%s\"\n    nom: ", in->dep->code);
	yq(&b, in->dep->nom);
	buf_puts(&b, "\n    type: departement\n    contient:\n");
	for (k = 0; k < ne; k++) {
		buf_printf(&b, "      - code: \"%s\"\n        nom: ",
		    e[k].r->code);
		yq(&b, e[k].r->nom);
		buf_puts(&b, "\n        type: epci\n        contient:\n");
		put_communes(&b, c, nc, e[k].r->code, "          ");
	}
	put_communes(&b, c, nc, "", "      ");
	buf_puts(&b, "zones: []\n");
	rc = put_file(in, "territoires.yaml", &b);
	*ncommunes = nc;
	*nepci = ne;
	for (i = 0; i < nc; i++)
		free(c[i].key);
	for (i = 0; i < ne; i++)
		free(e[i].key);
	free(c);
	free(e);
	buf_dispose(&b);
	buf_dispose(&v);
	return rc;
}

/* The JSON Schemas init writes, for the count of files. */
static size_t
nkinds(void)
{
	size_t	 n = 0;

	while (schema_kinds[n] != NULL)
		n++;
	return n;
}

/* 1 when dir exists and holds something (hidden entries count). */
static int
dir_busy(const char *dir)
{
	DIR	*d = opendir(dir);
	struct dirent *de;
	int	 busy = 0;

	if (d == NULL)
		return errno == ENOENT ? 0 : 1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			busy = 1;
			break;
		}
	closedir(d);
	return busy;
}

/*
 * A git URL the CI files can hold: printable, no quote, backslash or
 * space (git URLs have none).
 */
static int
outil_ok(const char *u)
{
	const unsigned char *p;

	if (*u == '\0')
		return 0;
	for (p = (const unsigned char *)u; *p != '\0'; p++)
		if (*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f)
			return 0;
	return 1;
}

int
init_repo(const char *dir, const char *depname, const char *data_dir,
    const char *outil, int quiet)
{
	struct init in;
	struct cog cog;
	struct buf stage = {0};
	const char *base, *slash;
	size_t	 i, nc = 0, ne = 0, nd = 0;
	int	 rc = 3;

	memset(&in, 0, sizeof(in));
	in.data_dir = data_dir;
	in.outil = outil;
	if (outil != NULL && !outil_ok(outil)) {
		fprintf(stderr, "maillage : --outil « %s » n'est pas une adresse "
		    "de dépôt git (sans espace ni guillemet), par exemple "
		    "https://forge.example.org/maillage.git\n", outil);
		return 2;
	}
	if (cog_open(&cog, data_dir) == -1)
		return 3;
	if ((in.dep = cog_find_dep(&cog, depname)) == NULL) {
		const char **cands = xcalloc(cog.deps.n, sizeof(*cands));
		const char *s;

		for (i = 0; i < cog.deps.n; i++)
			cands[i] = cog.deps.rows[i].nom;
		s = suggest(depname, cands, cog.deps.n);
		fprintf(stderr, "maillage : département inconnu « %s »",
		    depname);
		if (s != NULL)
			fprintf(stderr, " (vouliez-vous dire « %s » ?)", s);
		fprintf(stderr, "\nDonnez son numéro (58, 2A, 971) ou son nom "
		    "(Nièvre).\n");
		free(cands);
		cog_close(&cog);
		return 2;
	}
	if (dir_busy(dir)) {
		fprintf(stderr, "maillage : « %s » existe et n'est pas vide : "
		    "init écrit dans un dossier nouveau ou vide, sans rien "
		    "écraser\n", dir);
		cog_close(&cog);
		return 2;
	}
	date_iso(in.date, date_today());
	/* The stage is a sibling, so that the final rename stays on one
	 * file system. */
	slash = strrchr(dir, '/');
	base = slash != NULL ? slash + 1 : dir;
	if (*base == '\0') {
		fprintf(stderr, "maillage : donnez le dossier sans « / » final "
		    "(reçu « %s »)\n", dir);
		cog_close(&cog);
		return 2;
	}
	buf_put(&stage, dir, (size_t)(base - dir));
	buf_printf(&stage, ".%s.init-%ld", base, (long)getpid());
	in.stage = stage.data;
	util_rm_rf(in.stage);
	if (util_mkdir_p(in.stage) == -1) {
		fprintf(stderr, "maillage : impossible de créer %s : %s\n",
		    in.stage, util_strerror(errno));
		goto out;
	}
	if (read_urgences(&in) == -1)
		goto fail;
	for (i = 0; i < sizeof(init_files) / sizeof(*init_files); i++, nd++)
		if (copy_file(&in, init_files[i].src, init_files[i].dst) == -1)
			goto fail;
	if (write_territories(&in, &cog, &nc, &ne) == -1 ||
	    schema_write(in.stage) == -1)
		goto fail;
	/* An empty dir is replaced by rename(2); a missing one created. */
	if (rename(in.stage, dir) == -1) {
		fprintf(stderr, "maillage : impossible de créer %s : %s\n", dir,
		    util_strerror(errno));
		goto fail;
	}
	if (!quiet)
		printf("%s créé pour %s (%s) : %zu communes, %zu EPCI, %zu "
		    "fichiers.\nEnsuite : complétez %s/site.yaml, puis\n"
		    "  maillage check %s\n  maillage serve %s\n", dir,
		    in.dep->nom, in.dep->code, nc, ne, nd + 1 + nkinds(), dir,
		    dir, dir);
	if (!quiet && outil == NULL)
		printf("Avant de publier : dans %s/.github/workflows/"
		    "repertoire.yml et %s/.gitlab-ci.yml, MAILLAGE_DEPOT doit "
		    "donner l'adresse du dépôt de l'outil maillage (ou relancez "
		    "init avec --outil URL).\n", dir, dir);
	rc = 0;
	goto out;
fail:
	util_rm_rf(in.stage);
out:
	cog_close(&cog);
	buf_dispose(&stage);
	buf_dispose(&in.urgences);
	return rc;
}
