/*
 * test_export.c: unit tests of the open-data exports (src/export.c).
 *
 *   test_export		loads content/, exports into a temporary folder
 *				and checks the files
 *   test_export CONTENT DIR	only exports CONTENT into DIR/donnees/ (for
 *				tests/t-export.sh, until the site calls
 *				export_write itself)
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "harness.h"
#include "model.h"
#include "outputs.h"
#include "util.h"

static char *
slurp(const char *dir, const char *name, size_t *len)
{
	char	*path, *data = NULL;
	size_t	 n = 0;

	path = util_path_join(dir, name);
	if (util_read_file(&data, &n, path, 1 << 28) != READ_OK)
		data = NULL;
	free(path);
	if (len != NULL)
		*len = n;
	return data;
}

/* Loads dir into b; 0 when the model is usable. */
static int
load(struct build *b, const char *dir)
{
	int	 rc;

	build_init(b);
	b->content_dir = dir;
	b->tty = 0;
	b->quiet = 1;
	b->jobs = 1;
	rc = load_content(b);
	if (rc != 0)
		diags_print(&b->diags, stderr, DIAG_FMT_GCC);
	model_prepare_outputs(&b->model, 2);	/* as main.c does */
	return rc;
}

/* Counts the occurrences of needle in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The number of CSV records (CRLF outside quotes) and of fields in each. */
static void
csv_shape(const char *s, size_t *rows, size_t *bad_rows, size_t *ncols)
{
	size_t	 cols = 1;
	int	 q = 0;

	*rows = *bad_rows = *ncols = 0;
	for (; *s != '\0'; s++) {
		if (*s == '"')
			q = !q;
		else if (!q && *s == ';')
			cols++;
		else if (!q && *s == '\r' && s[1] == '\n') {
			if (*rows == 0)
				*ncols = cols;
			else if (cols != *ncols)
				(*bad_rows)++;
			(*rows)++;
			cols = 1;
			s++;
		}
	}
}

static void
test_files(const struct build *b, const char *out)
{
	const struct model *m = &b->model;
	char	*fj, *csv, *st, *sv;
	size_t	 i, k, len, rows, bad, ncols;
	size_t	 npub = 0, nact = 0, nserv = 0;
	struct buf key = {0};

	fj = slurp(out, "donnees/fiches.json", NULL);
	csv = slurp(out, "donnees/fiches.csv", &len);
	st = slurp(out, "donnees/data-inclusion/structures.json", NULL);
	sv = slurp(out, "donnees/data-inclusion/services.json", NULL);
	OK(fj && csv && st && sv, "the four files are written");
	if (!fj || !csv || !st || !sv)
		goto out;

	for (i = 0; i < m->nsheets; i++) {
		const struct sheet *s = &m->sheets[i];

		buf_reset(&key);
		buf_printf(&key, "\"id\": \"%s\"", s->id);
		if (s->statut == STATUT_BROUILLON) {
			OK(strstr(fj, key.data) == NULL,
			    "draft %s in fiches.json", s->id);
			OK(strstr(sv, s->id) == NULL && strstr(st, s->id) ==
			    NULL, "draft %s in data-inclusion", s->id);
			continue;
		}
		npub++;
		INT_EQ(count(fj, key.data), 1);
		if (s->statut == STATUT_ACTIF) {
			nact++;
			nserv += s->nlieux ? s->nlieux : 1;
		} else {
			buf_reset(&key);
			buf_printf(&key, "--%s\"", s->id);
			OK(strstr(sv, key.data) == NULL,
			    "closed %s exported to data-inclusion", s->id);
		}
		/* contacts_pro never leaves the model. */
		for (k = 0; k < s->ncontacts_pro; k++) {
			const struct person *p = &s->contacts_pro[k];

			OK(strstr(fj, p->nom) == NULL && strstr(csv, p->nom) ==
			    NULL && strstr(sv, p->nom) == NULL &&
			    strstr(st, p->nom) == NULL,
			    "contacts_pro name «%s» exported", p->nom);
			if (p->email != NULL)
				OK(strstr(fj, p->email) == NULL &&
				    strstr(csv, p->email) == NULL &&
				    strstr(sv, p->email) == NULL &&
				    strstr(st, p->email) == NULL,
				    "contacts_pro email «%s» exported",
				    p->email);
		}
	}
	OK(npub > 0 && npub < m->nsheets, "the sample has drafts (%zu/%zu)",
	    npub, m->nsheets);
	buf_reset(&key);
	buf_printf(&key, "\"nombre_fiches\": %zu,", npub);
	OK(strstr(fj, key.data) != NULL, "nombre_fiches %zu", npub);
	INT_EQ(count(st, "\"structure_id\""), 0);
	INT_EQ(count(st, "\n  {"), nact);
	INT_EQ(count(sv, "\"structure_id\""), nserv);

	/* CSV: BOM, header, one record per published sheet, fixed width. */
	OK(len > 17 && memcmp(csv, "\xef\xbb\xbf" "id;url;statut;", 17) == 0,
	    "CSV starts with a BOM and the header");
	csv_shape(csv, &rows, &bad, &ncols);
	INT_EQ(rows, npub + 1);
	INT_EQ(bad, 0);
	INT_EQ(ncols, 35);
	OK(len > 2 && csv[len - 2] == '\r' && csv[len - 1] == '\n',
	    "CSV ends with CRLF");

	/* A few mapped values from the sample (dac-58, clic-morvan). */
	OK(strstr(fj, "\"telephone_e164\": \"+33353730001\"") != NULL,
	    "E.164 phone in fiches.json");
	OK(strstr(sv, "\"id\": \"repertoire-example-org--dac-58\"") != NULL,
	    "service id from the site's host and the sheet id");
	OK(strstr(sv, "\"id\": \"repertoire-example-org--clic-morvan--2\"") !=
	    NULL, "second place gets --2");
	OK(strstr(sv, "\"publics\": [\"tous-publics\"]") != NULL,
	    "tous-publics stands alone");
	OK(strstr(sv, "\"zone_eligibilite\": [\"58\"]") != NULL,
	    "département code as zone");
	OK(strstr(sv, "\"horaires_accueil\": \"Mo-Fr 09:00-12:30,13:30-17:00;"
	    " PH off\"") != NULL, "OSM hours kept");
	OK(strstr(sv, "\"latitude\": 46.9893") != NULL, "coordinates");
	OK(strstr(fj, "\"statut\": \"ferme\"") != NULL, "closed sheets kept");
	OK(strstr(fj, "contacts_pro") == NULL, "no contacts_pro key");
	OK(strstr(sv, "\"date_maj\": \"2026-09-15\"") != NULL, "date_maj");
out:
	free(fj);
	free(csv);
	free(st);
	free(sv);
	buf_dispose(&key);
}

/* Two exports of the same model are byte-identical. */
static void
test_determinism(struct build *b, const char *out1, const char *out2)
{
	static const char *const files[] = {"donnees/fiches.json",
	    "donnees/fiches.csv", "donnees/data-inclusion/structures.json",
	    "donnees/data-inclusion/services.json"};
	char	*a, *c;
	size_t	 i, la, lc;

	INT_EQ(export_write(b, out2), 0);
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		a = slurp(out1, files[i], &la);
		c = slurp(out2, files[i], &lc);
		OK(a && c && la == lc && memcmp(a, c, la) == 0,
		    "%s differs between two exports", files[i]);
		free(a);
		free(c);
	}
}

/*
 * An unwritable destination is a system error (3), not a crash. Its
 * message goes to stderr, hidden here.
 */
static void
test_unwritable(struct build *b, const char *tmp)
{
	char	*file = util_path_join(tmp, "plain-file");
	int	 saved, devnull;

	OK(util_write_file(file, "x", 1) == 0, "write %s", file);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	if ((devnull = open("/dev/null", O_WRONLY)) != -1) {
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	INT_EQ(export_write(b, file), 3);
	fflush(stderr);
	if (saved != -1) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	free(file);
}

int
main(int argc, char **argv)
{
	struct build b;
	char	 tmpl[] = "/tmp/test_export.XXXXXX", *tmp, *out1, *out2;
	int	 rc;

	if (argc == 3) {
		if (load(&b, argv[1]) != 0)
			return 1;
		rc = export_write(&b, argv[2]);
		build_free(&b);
		return rc;
	}
	if ((tmp = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 3;
	}
	out1 = util_path_join(tmp, "a");
	out2 = util_path_join(tmp, "b");
	INT_EQ(load(&b, "content"), 0);
	INT_EQ(export_write(&b, out1), 0);
	test_files(&b, out1);
	test_determinism(&b, out1, out2);
	test_unwritable(&b, tmp);
	build_free(&b);
	util_rm_rf(tmp);
	free(out1);
	free(out2);
	return TEST_END();
}
