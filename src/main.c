/*
 * main.c: the command line. Commands and flags in English, every message
 * in French. Exit codes: 0 success, 1 content errors, 2 usage or I/O
 * (functions return 3 for I/O inside; see exit_code()).
 */
#include <sys/stat.h>

#include <dirent.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "history.h"
#include "lettre.h"
#include "cog_check.h"
#include "datadir.h"
#include "init.h"
#include "outputs.h"
#include "pool.h"
#include "schema.h"
#include "serve.h"
#include "source.h"
#include "util.h"

#ifndef MAILLAGE_VERSION
#define MAILLAGE_VERSION "0.0.0"
#endif

static const char usage_main[] =
"maillage — répertoire des ressources santé, social et médico-social\n"
"\n"
"Usage : maillage COMMANDE [OPTIONS]\n"
"\n"
"Commandes :\n"
"  check [DOSSIER]       vérifie un dossier de contenu (par défaut « content »)\n"
"  build [DOSSIER]       produit le site, les PDF et les affichettes dans out/\n"
"  new ID [DOSSIER]      crée fiches/ID.md, une fiche à compléter\n"
"  newsletter [DOSSIER]  écrit la lettre d'information d'une période, tirée\n"
"                        de l'historique git du contenu\n"
"  serve [DOSSIER]       aperçu du site sur 127.0.0.1, mis à jour à chaque\n"
"                        modification\n"
"  init DOSSIER --departement CODE\n"
"                        crée un dépôt de contenu prêt à l'emploi\n"
"  schema [GENRE]        le schéma JSON d'un genre de fichier (pour les\n"
"                        éditeurs) ; --markdown : la référence du format\n"
"  dump [DOSSIER]        affiche le modèle chargé, en texte (pour les tests)\n"
"  help [COMMANDE]       affiche l'aide d'une commande\n"
"\n"
"Options générales :\n"
"  -h, --help            cette aide\n"
"  -V, --version         la version\n"
"\n"
"Codes de sortie : 0 réussite, 1 erreurs dans le contenu, 2 mauvaise\n"
"utilisation ou erreur du système (fichier illisible, disque plein…),\n"
"130 construction interrompue (Ctrl-C) : la sortie précédente est intacte.\n";

static const char usage_check[] =
"Usage : maillage check [DOSSIER] [--rev VERSION] [--strict]\n"
"                       [--format gcc|github|codequality] [--quiet]\n"
"                       [--data DOSSIER]\n"
"\n"
"Vérifie toutes les règles du format de contenu et liste chaque problème\n"
"sous la forme fichier:ligne:colonne: erreur: message. Dans un dépôt git,\n"
"les chemins partent de la racine du dépôt (content/fiches/x.md), comme\n"
"les attendent GitHub et les éditeurs. Les codes des communes, EPCI et\n"
"départements sont vérifiés dans le Code officiel géographique.\n"
"\n"
"  --rev VERSION     vérifie le dossier tel qu'il était à cette version git\n"
"                    (HEAD~1, une branche, une étiquette, un commit), lu\n"
"                    dans le dépôt sans rien modifier\n"
"  --strict          les avertissements (fiche à vérifier…) comptent comme\n"
"                    des erreurs\n"
"  --format github   annotations GitHub (::error file=…,line=…::…) ;\n"
"                    automatique quand GITHUB_ACTIONS=true\n"
"  --format codequality\n"
"                    rapport Code Quality de GitLab (JSON) : les problèmes\n"
"                    s'affichent dans la merge request\n"
"  -q, --quiet       seulement les problèmes, sans le résumé\n"
"\n"
"Sortie 0 si le contenu est valide, 1 s'il a des erreurs.\n";

static const char usage_build[] =
"Usage : maillage build [DOSSIER] [-o SORTIE] [--only site,pdf,flyers]\n"
"                       [--edition pro] [--facile] [--quiet] [-j N]\n"
"                       [--no-wait]\n"
"\n"
"Vérifie le contenu puis écrit SORTIE/site/ (le site et son index de\n"
"recherche), SORTIE/pdf/ (les annuaires par territoire) et SORTIE/flyers/\n"
"(les affichettes A5 de chaque service, en PDF et en PNG, et une page A4\n"
"« Qui contacter ? » par territoire). SORTIE vaut\n"
"« out » par défaut. Rien n'est écrit si le contenu a des erreurs ; une\n"
"construction qui échoue laisse la sortie précédente intacte.\n"
"\n"
"  -o, --output SORTIE   dossier de sortie\n"
"  --only LISTE          site, pdf, flyers (séparés par des virgules)\n"
"  --edition pro         annuaires PDF avec les contacts professionnels,\n"
"                        dans SORTIE/pdf-pro/ (jamais dans SORTIE/pdf/)\n"
"  --facile              aussi les affichettes faciles à lire (FALC) des\n"
"                        fiches qui ont un texte « facile », dans\n"
"                        SORTIE/flyers/facile/\n"
"  --templates DOSSIER   gabarits du site (par défaut ceux du dossier de\n"
"                        données)\n"
"  --data DOSSIER        dossier de données de maillage (templates/, fonts/,\n"
"                        cog/) ; par défaut, celui du programme installé\n"
"  -j, --jobs N          nombre de fils de calcul (par défaut : les cœurs)\n"
"  --no-history          sans lire l'historique git (pas de date « Mis à\n"
"                        jour le » sur les fiches)\n"
"  -q, --quiet           rien d'autre que les erreurs\n"
"  -v, --verbose         une ligne par étape, même hors d'un terminal\n"
"  --no-wait             si une autre construction écrit déjà dans SORTIE,\n"
"                        s'arrêter au lieu d'attendre qu'elle finisse\n"
"\n"
"Une seule construction à la fois écrit dans SORTIE. Seuls les dossiers\n"
"que maillage a produits (ils contiennent un fichier .maillage) y sont\n"
"remplacés ; un autre dossier du même nom arrête la construction.\n"
"\n"
"SOURCE_DATE_EPOCH, quand elle est définie, fixe la date du jour (fraîcheur\n"
"des fiches, date d'édition) : mêmes contenus, mêmes octets.\n";

static const char usage_new[] =
"Usage : maillage new ID [DOSSIER] [--type TYPE]\n"
"\n"
"Crée DOSSIER/fiches/ID.md (DOSSIER vaut « content »), une fiche avec tous\n"
"les champs, à compléter puis à vérifier avec « maillage check ». ID est\n"
"fait de minuscules sans accent, de chiffres et de tirets : il sert dans\n"
"l'adresse de la page (/fiches/ID/) et ne doit plus changer ensuite.\n"
"\n"
"  --type TYPE   une clé de types.yaml (par exemple clic)\n";

static const char usage_newsletter[] =
"Usage : maillage newsletter [DOSSIER] --since RÉVISION|AAAA-MM-JJ\n"
"                            [--until RÉVISION] [--territory CODE] [-o SORTIE]\n"
"\n"
"Écrit la lettre d'information de la période dans SORTIE/newsletter/DATE/\n"
"(DATE est celle du commit de --until) : lettre.html pour les logiciels de\n"
"messagerie, lettre.txt et lettre.eml, un message complet prêt à envoyer.\n"
"Elle annonce les nouveaux services, les changements pratiques (téléphone,\n"
"courriel, horaires, adresse, territoires), les fermetures et les\n"
"actualités datées de la période, d'après l'historique git du dossier de\n"
"contenu (l'historique complet : pas un clone superficiel).\n"
"\n"
"  --since RÉV|DATE   début : un commit, une branche, une étiquette (la\n"
"                     période commence après lui) ou une date AAAA-MM-JJ\n"
"  --until RÉV        fin (par défaut HEAD)\n"
"  --territory CODE   seulement ce qui concerne ce territoire\n"
"  -o, --output SORTIE  dossier de sortie (par défaut « out »)\n"
"  -q, --quiet        rien d'autre que les erreurs\n"
"\n"
"Une période sans changement n'écrit rien (sortie 0). maillage build\n"
"publie ensuite les lettres de SORTIE/newsletter/ sur le site (/lettre/).\n";
static const char usage_init[] =
"Usage : maillage init DOSSIER --departement CODE [--outil URL] [--data DOSSIER]\n"
"\n"
"Crée DOSSIER (nouveau ou vide), un dépôt de contenu que « check » et\n"
"« build » acceptent tel quel : site.yaml avec les numéros d'urgence\n"
"nationaux, territoires.yaml avec les intercommunalités et les communes\n"
"du département (Code officiel géographique), les listes de référence\n"
"(types, besoins, publics, glossaire), les trois pages, une fiche\n"
"d'exemple, .gitignore et l'intégration continue pour GitHub\n"
"(.github/workflows/) et GitLab (.gitlab-ci.yml).\n"
"\n"
"  --departement CODE   numéro (58, 2A, 971) ou nom (Nièvre) du département\n"
"  --outil URL          le dépôt git de maillage que l'intégration continue\n"
"                       installe (sinon, une adresse à adapter)\n"
"  --data DOSSIER       dossier de données de maillage (gabarits, polices,\n"
"                       communes) ; par défaut, celui du programme\n";

static const char usage_serve[] =
"Usage : maillage serve [DOSSIER] [--port N] [--data DOSSIER]\n"
"\n"
"Construit le site de DOSSIER (par défaut « content ») et le montre sur\n"
"http://127.0.0.1:N/ (cette machine seulement), avec sa recherche et sa\n"
"page 404. À chaque fichier modifié, le site est reconstruit et la page\n"
"ouverte se recharge ; une erreur dans le contenu s'affiche dans le\n"
"terminal et par-dessus la page, et la version précédente reste servie.\n"
"\n"
"  -p, --port N      port (par défaut 8000 ; 0 : un port libre)\n"
"  --data DOSSIER    dossier de données de maillage\n";

static const char usage_schema[] =
"Usage : maillage schema [GENRE] | --markdown | --write DOSSIER\n"
"\n"
"Affiche le schéma JSON (draft 2020-12) d'un genre de fichier de contenu,\n"
"que les extensions YAML des éditeurs utilisent pour compléter et\n"
"vérifier pendant la saisie. GENRE : fiche (par défaut), actualite, page,\n"
"site, territoires, types, besoins, publics, glossaire.\n"
"\n"
"  --markdown         la référence du format (docs/format.md du projet)\n"
"  --write DOSSIER    écrit DOSSIER/schemas/GENRE.json pour chaque genre\n";

static const char usage_dump[] =
"Usage : maillage dump [DOSSIER] [--rev VERSION]\n"
"\n"
"Affiche le modèle chargé (territoires résolus, fiches, liens) en texte.\n"
"\n"
"  --rev VERSION   le dossier tel qu'il était à cette version git\n";

enum {
	OPT_STRICT = 256,
	OPT_FORMAT,
	OPT_ONLY,
	OPT_EDITION,
	OPT_TEMPLATES,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_TERRITORY,
	OPT_NO_HISTORY,
	OPT_DATA,
	OPT_DEPARTEMENT,
	OPT_OUTIL,
	OPT_REV,
	OPT_NO_WAIT,
	OPT_FACILE
};

static int
usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	 ap;

	fputs("maillage : ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nAide : maillage %s%s--help\n", cmd ? cmd : "",
	    cmd ? " " : "");
	return 2;
}

/*
 * The content folder's path from the root of its git repository, with a
 * final "/" ("content/"; "" at the root), so that diagnostics name files
 * as GitHub annotations and editors opened at the root expect them.
 * NULL outside a repository: paths stay relative to the content folder.
 */
static char *
repo_prefix(const char *content)
{
	char	*real = realpath(content, NULL), *git, *end;
	struct buf b = {0};
	size_t	 n;

	if (real == NULL)
		return NULL;
	for (n = strlen(real); ; ) {
		buf_reset(&b);
		buf_put(&b, real, n);
		buf_puts(&b, "/.git");
		git = b.data;
		if (access(git, F_OK) == 0) {
			buf_reset(&b);
			if (real[n] == '/')
				buf_printf(&b, "%s/", real + n + 1);
			else
				buf_puts(&b, "");
			free(real);
			return buf_detach(&b);
		}
		if (n == 0 || (end = memrchr(real, '/', n)) == NULL)
			break;
		n = (size_t)(end - real);
	}
	free(real);
	buf_dispose(&b);
	return NULL;
}

/* Prints the diagnostics and the summary line; returns the exit code. */
static int
report(struct build *b, int fmt, int quiet, const char *what)
{
	struct diags *d = &b->diags;

	diags_sort(d);
	diags_print(d, stdout, fmt);
	fflush(stdout);
	if (!quiet || diags_failed(d))
		fprintf(stderr, "%s%zu fiche%s lue%s, %zu erreur%s, %zu "
		    "avertissement%s%s\n", what, b->model.nsheets,
		    b->model.nsheets > 1 ? "s" : "",
		    b->model.nsheets > 1 ? "s" : "", d->nerr,
		    d->nerr > 1 ? "s" : "", d->nwarn, d->nwarn > 1 ? "s" : "",
		    d->strict && d->nwarn > 0 && d->nerr == 0 ?
		    " (--strict : les avertissements comptent)" : "");
	return diags_failed(d) ? 1 : 0;
}

static int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"strict", no_argument, NULL, OPT_STRICT},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"rev", required_argument, NULL, OPT_REV},
		{"data", required_argument, NULL, OPT_DATA},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct build b;
	char	*prefix, *datadir;
	const char *gha = getenv("GITHUB_ACTIONS"), *data = NULL, *rev = NULL;
	int	 c, fmt = gha && strcmp(gha, "true") == 0 ? DIAG_FMT_GITHUB :
	    DIAG_FMT_GCC, strict = 0, quiet = 0, rc;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1)
		switch (c) {
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_DATA:
			data = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "github") == 0)
				fmt = DIAG_FMT_GITHUB;
			else if (strcmp(optarg, "gcc") == 0 ||
			    strcmp(optarg, "texte") == 0)
				fmt = DIAG_FMT_GCC;
			else if (strcmp(optarg, "codequality") == 0)
				fmt = DIAG_FMT_CODEQUALITY;
			else
				return usage_error("check", "format inconnu "
				    "« %s » (gcc, github ou codequality)",
				    optarg);
			break;
		case OPT_REV:
			rev = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_check, stdout);
			return 0;
		default:
			return usage_error("check", "%s", "option invalide");
		}
	if (argc - optind > 1)
		return usage_error("check", "un seul dossier à la fois (reçu "
		    "aussi « %s »)", argv[optind + 1]);
	if ((datadir = datadir_find(data)) == NULL)
		return 2;
	build_init(&b);
	b.quiet = quiet;
	b.tty = 0;	/* check prints its problems, not phases */
	b.drop_bodies = 1;	/* 300 MB of text at 100,000 sheets */
	b.diags.strict = strict;
	b.rev = rev;
	if (optind < argc)
		b.content_dir = argv[optind];
	prefix = repo_prefix(b.content_dir);
	b.diags.prefix = prefix;
	rc = load_content(&b);
	if (rc != 3)
		rc = cog_check(&b, datadir);
	if (rc != 3)
		rc = report(&b, fmt, quiet, "");
	build_free(&b);
	free(prefix);
	free(datadir);
	return rc;
}

/*
 * A build shows its warnings (from item `from` on: the loader's, then
 * the outputs' own, like a glyph missing from the fonts), but a few
 * thousand stale sheets must not bury the progress lines: past 10, a
 * count (all with --verbose).
 */
static void
print_warnings(struct build *b, size_t from, int all)
{
	struct diags view = b->diags;
	size_t	 n;

	if (from >= view.n)
		return;
	view.items += from;
	view.n -= from;
	n = view.n;
	diags_sort(&view);
	if (!all && view.n > 10)
		view.n = 10;
	diags_print(&view, stderr, DIAG_FMT_GCC);
	if (n > 10 && !all)
		fprintf(stderr, "… et %zu autres avertissements (« maillage "
		    "check » les liste tous)\n", n - 10);
}

/* Parses "site,pdf" into bits. */
static int
parse_only(const char *s, unsigned *out)
{
	char	*dup = xstrdup(s), *tok, *save = NULL;
	int	 rc = 0;

	*out = 0;
	for (tok = strtok_r(dup, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "site") == 0)
			*out |= BUILD_SITE;
		else if (strcmp(tok, "pdf") == 0)
			*out |= BUILD_PDF;
		else if (strcmp(tok, "flyers") == 0)
			*out |= BUILD_FLYERS;
		else
			rc = -1;
	}
	free(dup);
	return rc == 0 && *out != 0 ? 0 : -1;
}

/*
 * One step of a build: a writer of (part of) an output folder, with its
 * own phase line. Steps of one lane run in order; the lanes of a folder
 * run side by side on the worker pool.
 */
struct step {
	int		(*fn)(struct build *, const char *dir);
	int		 lane;
};

#define OUTPUT_STEPS	4
#define OUTPUT_LANES	2

/* One output of a build: its folder name under OUT and its steps. */
struct output {
	const char	*name;		/* "site", "pdf", "pdf-pro" */
	struct step	 steps[OUTPUT_STEPS];
	size_t		 nsteps;
	char		*stage;		/* OUT/.NAME.new */
	char		*final;		/* OUT/NAME */
	char		*old;		/* OUT/.NAME.old while swapping */
};

/*
 * The mark maillage leaves in every output folder it makes: a folder
 * without it is someone else's and is never replaced (issue 14: a
 * hand-made OUT/site with notes in it was deleted).
 */
#define OUT_MARK	".maillage"
#define OUT_LOCK	".maillage.lock"
static const char out_mark_text[] =
"Ce dossier est produit par maillage : chaque construction le remplace\n"
"en entier. N'y rangez rien : ce qui y serait ajouté serait effacé.\n";
/* Every output folder a build may make, for the leftovers of another. */
static const char *const out_names[] = {"site", "pdf", "pdf-pro", "flyers"};

static void
output_free(struct output *o)
{
	free(o->stage);
	free(o->final);
	free(o->old);
}

/*
 * Removes OUT/.NAME.new and OUT/.NAME.old left by a build that was
 * killed or failed to clean up. Called under the lock, so they cannot
 * belong to a build still running. Returns 0 or 3.
 */
static int
clean_leftovers(const char *out)
{
	struct buf p = {0};
	struct stat st;
	size_t	 i, k;
	int	 rc = 0;
	static const char *const ends[] = {"new", "old"};

	for (i = 0; i < sizeof(out_names) / sizeof(*out_names); i++)
		for (k = 0; k < 2 && rc == 0; k++) {
			buf_reset(&p);
			buf_printf(&p, "%s/.%s.%s", out, out_names[i], ends[k]);
			if (lstat(p.data, &st) == -1)
				continue;
			if (util_rm_rf(p.data) == -1) {
				fprintf(stderr, "maillage : impossible de "
				    "supprimer %s, laissé par une construction "
				    "précédente : %s\n  Supprimez-le à la main "
				    "(rm -rf '%s'), puis relancez.\n", p.data,
				    util_strerror(errno), p.data);
				rc = 3;
			}
		}
	buf_dispose(&p);
	return rc;
}

/*
 * Whether OUT/NAME may be replaced: absent, empty, or carrying our mark.
 * Otherwise says why not and what to do; returns 0 or 3.
 */
static int
check_replaceable(const char *final)
{
	struct stat st;
	struct dirent *de;
	char	*mark;
	DIR	*d;
	int	 empty = 1;

	if (lstat(final, &st) == -1)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "maillage : %s existe et n'est pas un dossier "
		    "produit par maillage : il n'est pas remplacé.\n  "
		    "Déplacez-le ou renommez-le, ou choisissez une autre "
		    "sortie (-o DOSSIER).\n", final);
		return 3;
	}
	mark = util_path_join(final, OUT_MARK);
	if (lstat(mark, &st) == 0 && S_ISREG(st.st_mode)) {
		free(mark);
		return 0;
	}
	free(mark);
	if ((d = opendir(final)) != NULL) {
		while (empty && (de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				empty = 0;
		closedir(d);
	}
	if (empty && d != NULL)
		return 0;
	fprintf(stderr, "maillage : %s/ n'a pas été produit par maillage "
	    "(il n'y a pas de fichier %s dedans) : il n'est pas remplacé, "
	    "pour ne rien effacer.\n  Déplacez ce dossier ailleurs, ou "
	    "choisissez une autre sortie (-o DOSSIER).\n", final, OUT_MARK);
	return 3;
}

/* The steps of one output folder and their exit codes, for the pool. */
struct lanes {
	struct build	*b;
	const struct output *o;
	int		 rc[OUTPUT_LANES];
};

/* Runs the steps of lane `lane` in order; -1 after a failed one. */
static int
lane_job(void *arg, size_t worker, size_t lane)
{
	struct lanes *l = arg;
	size_t	 i;

	(void)worker;
	for (i = 0; i < l->o->nsteps && l->rc[lane] == 0; i++) {
		if (l->o->steps[i].lane != (int)lane)
			continue;
		/* The site's cards wait for it (build_search_wait). */
		if (l->o->steps[i].fn == search_write)
			build_search_running(1);
		l->rc[lane] = l->o->steps[i].fn(l->b, l->o->stage);
		if (l->o->steps[i].fn == search_write)
			build_search_running(0);
	}
	return l->rc[lane] == 0 ? 0 : -1;
}

/*
 * Runs the steps of o into its stage. Returns 0 or the exit code of the
 * first lane that failed.
 */
static int
output_run(struct build *b, const struct output *o)
{
	struct lanes l = {b, o, {0}};
	size_t	 i, nlanes = 1;

	for (i = 0; i < o->nsteps; i++)
		if ((size_t)o->steps[i].lane + 1 > nlanes)
			nlanes = (size_t)o->steps[i].lane + 1;
	(void)pool_run(nlanes, b->jobs > 1 ? nlanes : 1, 0, lane_job, &l);
	for (i = 0; i < nlanes; i++)
		if (l.rc[i] != 0)
			return l.rc[i];
	return 0;
}

/*
 * Ctrl-C or a TERM during a build: every pool stops taking jobs, the
 * build fails the ordinary way and removes its stages (the lock goes
 * with the process). A second Ctrl-C kills at once (SA_RESETHAND); the
 * next build cleans what that leaves.
 */
static void
on_interrupt(int sig)
{
	(void)sig;
	pool_stop();
}

static void
catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Writes every output into OUT/.NAME.new; only when all of them
 * succeeded are they swapped in place of OUT/NAME, one rename each. On
 * any failure the stages are removed and every previous OUT/NAME is left
 * as it was. Returns 0 or the exit code; *swapped tells whether the new
 * outputs are in place (a failure to remove the old ones comes after).
 */
static int
write_outputs(struct build *b, struct output *o, size_t n, int *swapped)
{
	struct buf t = {0};
	size_t	 i, k;
	int	 rc = 0;
	char	*mark;

	*swapped = 0;
	for (i = 0; i < n; i++) {
		buf_reset(&t);
		buf_printf(&t, "%s/.%s.new", b->out_dir, o[i].name);
		o[i].stage = xstrdup(t.data);
		buf_reset(&t);
		buf_printf(&t, "%s/.%s.old", b->out_dir, o[i].name);
		o[i].old = xstrdup(t.data);
		o[i].final = util_path_join(b->out_dir, o[i].name);
	}
	buf_dispose(&t);
	for (i = 0; i < n; i++)
		if ((rc = check_replaceable(o[i].final)) != 0)
			return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if (util_mkdir_p(o[i].stage) == -1) {
			fprintf(stderr, "maillage : impossible de créer %s : "
			    "%s\n", o[i].stage, util_strerror(errno));
			rc = 3;
			break;
		}
		mark = util_path_join(o[i].stage, OUT_MARK);
		if (util_write_file(mark, out_mark_text,
		    sizeof(out_mark_text) - 1) == -1) {
			fprintf(stderr, "maillage : impossible d'écrire %s : "
			    "%s\n", mark, util_strerror(errno));
			rc = 3;
		}
		free(mark);
		if (rc != 0)
			break;
		b->stage_dir = o[i].stage;
		rc = output_run(b, &o[i]);
		b->stage_dir = NULL;
		if (pool_stopped())
			rc = 130;
		/* The site, written last, links to what was printed (never
		 * to the professional edition, pdf-pro). */
		if (rc == 0 && strcmp(o[i].name, "pdf") == 0)
			b->printed_pdf = o[i].stage;
		else if (rc == 0 && strcmp(o[i].name, "flyers") == 0)
			b->printed_flyers = o[i].stage;
	}
	b->printed_pdf = b->printed_flyers = NULL;
	if (rc != 0) {
		for (k = 0; k < n; k++)
			util_rm_rf(o[k].stage);
		return rc;
	}
	/* Everything is written: swap, and undo the swaps on a failure. */
	for (i = 0; i < n; i++) {
		if (rename(o[i].final, o[i].old) == -1 && errno != ENOENT) {
			fprintf(stderr, "maillage : impossible de remplacer %s : "
			    "%s\n", o[i].final, util_strerror(errno));
			rc = 3;
			break;
		}
		if (rename(o[i].stage, o[i].final) == -1) {
			fprintf(stderr, "maillage : impossible d'écrire %s : "
			    "%s\n", o[i].final, util_strerror(errno));
			rename(o[i].old, o[i].final);
			rc = 3;
			break;
		}
	}
	if (rc != 0) {
		for (k = 0; k < i; k++) {
			util_rm_rf(o[k].final);
			rename(o[k].old, o[k].final);
		}
		for (k = 0; k < n; k++)
			util_rm_rf(o[k].stage);
		return rc;
	}
	*swapped = 1;
	for (i = 0; i < n; i++)
		if (util_rm_rf(o[i].old) == -1) {
			fprintf(stderr, "maillage : %s/ est à jour, mais "
			    "l'ancienne version (%s) n'a pas pu être "
			    "supprimée : %s\n  Supprimez-la à la main "
			    "(rm -rf '%s') avant la prochaine "
			    "construction.\n", o[i].final, o[i].old,
			    util_strerror(errno), o[i].old);
			rc = 3;
		}
	return rc;
}

/*
 * One build at a time per output folder: a flock on OUT/.maillage.lock,
 * held until the process ends. The second build waits, saying so, or
 * with --no-wait stops. Returns the descriptor, or -1 (exit code 3).
 */
static int
lock_output(const char *out, int wait)
{
	char	*path = util_path_join(out, OUT_LOCK);
	int	 fd;

	fd = util_lock(path, 0);
	if (fd == -1 && errno == EWOULDBLOCK && !wait) {
		fprintf(stderr, "maillage : une autre construction écrit déjà "
		    "dans %s/ : rien n'a été écrit.\n  Relancez quand elle "
		    "sera finie, ou sans --no-wait pour l'attendre.\n", out);
		free(path);
		return -1;
	}
	if (fd == -1 && errno == EWOULDBLOCK) {
		fprintf(stderr, "maillage : une autre construction écrit dans "
		    "%s/ : attente de sa fin… (--no-wait pour ne pas "
		    "attendre)\n", out);
		fd = util_lock(path, 1);
	}
	if (fd == -1)
		fprintf(stderr, "maillage : impossible de verrouiller %s : "
		    "%s\n", path, util_strerror(errno));
	free(path);
	return fd;
}

/*
 * Each sheet's last change date from the content's git history: one
 * walk for all sheets. Outside a repository, or in a shallow clone, the
 * build goes on without the dates and says so once.
 */
static void
sheet_dates(struct build *b)
{
	struct history *h = NULL;
	struct buf err = {0};
	double	 t = build_clock();
	clock_t	 cpu = clock();	/* only this thread runs here */
	long	 n;

	if (history_open(&h, b->content_dir, &err) != HIST_OK) {
		if (!b->quiet)
			fprintf(stderr, "maillage : %s : les fiches sont publiées "
			    "sans date « Mis à jour le »\n", err.data);
	} else if ((n = history_dates(h, &b->model, &err)) < 0) {
		if (!b->quiet)
			fprintf(stderr, "maillage : %s : les fiches sont publiées "
			    "sans date « Mis à jour le »\n", err.data);
	} else
		build_phase(b, "historique : %ld fiche%s sur %zu datée%s en "
		    "%.0f ms (%.0f ms de calcul)", n, n > 1 ? "s" : "",
		    b->model.nsheets, n > 1 ? "s" : "",
		    (build_clock() - t) * 1000,
		    (double)(clock() - cpu) * 1000 / CLOCKS_PER_SEC);
	history_close(h);
	buf_dispose(&err);
}

static int
cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"only", required_argument, NULL, OPT_ONLY},
		{"edition", required_argument, NULL, OPT_EDITION},
		{"templates", required_argument, NULL, OPT_TEMPLATES},
		{"facile", no_argument, NULL, OPT_FACILE},
		{"data", required_argument, NULL, OPT_DATA},
		{"no-history", no_argument, NULL, OPT_NO_HISTORY},
		{"jobs", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"no-wait", no_argument, NULL, OPT_NO_WAIT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct build b;
	unsigned only = BUILD_ALL;
	const char *out = "out", *templates = NULL, *data = NULL;
	char	*datadir = NULL, *tdir = NULL, *fdir = NULL;
	double	 t0 = build_clock();
	char	*end;
	long	 jobs = 0;
	struct output outs[3];
	size_t	 seen = 0, nout, i;
	int	 c, quiet = 0, pro = 0, verbose = 0, dates = 1, wait = 1;
	int	 lock = -1, swapped = 0, facile = 0, rc;

	while ((c = getopt_long(argc, argv, "o:j:qvh", opts, NULL)) != -1)
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case OPT_ONLY:
			if (parse_only(optarg, &only) == -1)
				return usage_error("build", "--only « %s » : "
				    "valeurs possibles site, pdf, flyers",
				    optarg);
			break;
		case OPT_FACILE:
			facile = 1;
			break;
		case OPT_EDITION:
			if (strcmp(optarg, "pro") == 0)
				pro = 1;
			else if (strcmp(optarg, "public") != 0)
				return usage_error("build", "--edition « %s » : "
				    "public ou pro", optarg);
			break;
		case OPT_TEMPLATES:
			templates = optarg;
			break;
		case OPT_DATA:
			data = optarg;
			break;
		case OPT_NO_HISTORY:
			dates = 0;
			break;
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*end != '\0' || jobs < 1 || jobs > 64)
				return usage_error("build", "-j « %s » : un "
				    "nombre entre 1 et 64", optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_NO_WAIT:
			wait = 0;
			break;
		case 'h':
			fputs(usage_build, stdout);
			return 0;
		default:
			return usage_error("build", "%s", "option invalide");
		}
	if (argc - optind > 1)
		return usage_error("build", "un seul dossier à la fois (reçu "
		    "aussi « %s »)", argv[optind + 1]);
	if ((datadir = datadir_find(data)) == NULL)
		return 2;
	build_init(&b);
	b.templates_dir = tdir = util_path_join(datadir, "templates");
	b.fonts_dir = fdir = util_path_join(datadir, "fonts");
	b.quiet = quiet;
	b.tty = b.tty && !quiet;
	b.verbose = verbose;
	b.only = only;
	b.edition_pro = pro;
	b.facile = facile;
	b.out_dir = out;
	if (templates != NULL)
		b.templates_dir = templates;
	if (jobs > 0)
		b.jobs = (int)jobs;
	if (optind < argc)
		b.content_dir = argv[optind];
	if (!quiet && b.tty)
		fprintf(stderr, "maillage : construction de « %s »\n",
		    b.content_dir);
	rc = load_content(&b);
	if (rc != 3 && cog_check(&b, datadir) == 3)
		rc = 3;
	if (rc == 3)
		goto out;
	if (rc != 0 || b.diags.nerr > 0) {
		report(&b, DIAG_FMT_GCC, 1, "");
		fprintf(stderr, "maillage : rien n'a été écrit : corrigez les "
		    "erreurs ci-dessus (« maillage check » les liste)\n");
		rc = 1;
		goto out;
	}
	if (!quiet)
		print_warnings(&b, 0, verbose);
	if (dates)
		sheet_dates(&b);
	seen = b.diags.n;
	if (util_mkdir_p(out) == -1) {
		fprintf(stderr, "maillage : impossible de créer %s : %s\n", out,
		    util_strerror(errno));
		rc = 3;
		goto out;
	}
	if ((lock = lock_output(out, wait)) == -1 ||
	    clean_leftovers(out) != 0) {
		rc = 3;
		goto fail;
	}
	/*
	 * Every output starts here. The search index and the open data read
	 * the model only and write their own folders of the site
	 * (recherche/idx/, donnees/): the index is made beside the pages;
	 * the open data comes before them, as its page lists its files, and
	 * so does the newsletter archive (lettre/), which the news page
	 * links to.
	 */
	nout = 0;
	memset(outs, 0, sizeof(outs));
	/*
	 * The printed outputs first: the site publishes them under
	 * site/imprimer/ and gives each directory's page count (a site
	 * built alone links to none of them).
	 */
	model_prepare_outputs(&b.model, b.jobs);
	/* The professional edition never lands where the public one is. */
	if (only & BUILD_PDF)
		outs[nout++] = (struct output){pro ? "pdf-pro" : "pdf",
		    {{pdf_write, 0}}, 1, NULL, NULL, NULL};
	if (only & BUILD_FLYERS)
		outs[nout++] = (struct output){"flyers", {{flyer_write, 0}}, 1,
		    NULL, NULL, NULL};
	if (only & BUILD_SITE)
		outs[nout++] = (struct output){"site", {{export_write, 0},
		    {site_lettres_write, 0}, {site_write, 0},
		    {search_write, 1}}, 4, NULL, NULL, NULL};
	catch_interrupts();
	rc = write_outputs(&b, outs, nout, &swapped);
	for (i = 0; i < nout; i++)
		output_free(&outs[i]);
	if (rc == 130 && !swapped) {
		fprintf(stderr, "maillage : interrompu ; rien n'a été écrit, la "
		    "sortie précédente dans %s/ est intacte\n", out);
		goto out;
	}
	if (rc != 0 && swapped) {
		print_warnings(&b, seen, 1);
		goto out;
	}
	if (rc != 0)
		goto fail;
	if (!quiet)
		print_warnings(&b, seen, verbose);
	if (!quiet && isatty(STDERR_FILENO)) {
		fprintf(stderr, "maillage : terminé en %.1f s :",
		    build_clock() - t0);
		if (only & BUILD_SITE)
			fprintf(stderr, " %s/site/", out);
		if (only & BUILD_PDF)
			fprintf(stderr, " %s/%s/", out, pro ? "pdf-pro" : "pdf");
		if (only & BUILD_FLYERS)
			fprintf(stderr, " %s/flyers/", out);
		fputc('\n', stderr);
	}
	goto out;
fail:
	print_warnings(&b, seen, 1);	/* errors of the outputs too */
	fprintf(stderr, "maillage : échec ; la sortie précédente dans %s/ "
	    "est intacte\n", out);
out:
	if (lock != -1)
		close(lock);
	build_free(&b);
	free(datadir);
	free(tdir);
	free(fdir);
	return rc;
}

static int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"departement", required_argument, NULL, OPT_DEPARTEMENT},
		{"département", required_argument, NULL, OPT_DEPARTEMENT},
		{"data", required_argument, NULL, OPT_DATA},
		{"outil", required_argument, NULL, OPT_OUTIL},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *dep = NULL, *data = NULL, *outil = NULL;
	char	*datadir;
	int	 c, quiet = 0, rc;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1)
		switch (c) {
		case OPT_DEPARTEMENT:
			dep = optarg;
			break;
		case OPT_DATA:
			data = optarg;
			break;
		case OPT_OUTIL:
			outil = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_init, stdout);
			return 0;
		default:
			return usage_error("init", "%s", "option invalide");
		}
	if (argc - optind != 1)
		return usage_error("init", "%s", argc - optind == 0 ?
		    "donnez le dossier à créer, par exemple : maillage init "
		    "repertoire-58 --departement 58" : "un seul dossier à la fois");
	if (dep == NULL)
		return usage_error("init", "%s", "donnez le département : "
		    "--departement 58 (ou son nom)");
	if ((datadir = datadir_find(data)) == NULL)
		return 2;
	rc = init_repo(argv[optind], dep, datadir, outil, quiet);
	free(datadir);
	return rc;
}

/*
 * Loads the content folder dir as it was at commit rev (NULL: before the
 * first commit, an empty folder) into m, which must be freed even when
 * this fails. Its problems are not reported: the past is what it is, and
 * a sheet that did not load is named from its front matter.
 */
static int
rev_model(struct model *m, const char *dir, const char *rev, int jobs)
{
	struct source *src;
	struct diags d;

	memset(m, 0, sizeof(*m));
	if (rev == NULL)
		src = source_new_mem();
	else if (source_open_git(&src, dir, rev) == -1)
		return -1;
	diags_init(&d);
	(void)model_load(m, src, date_today(), &d, jobs, MODEL_NO_BODIES);
	diags_free(&d);
	source_free(src);
	return 0;
}

/*
 * maillage newsletter: its git history gives what changed in the
 * period; the content at both ends, loaded as two models, names what
 * changed as it was named then; the work tree's model gives the site's
 * settings (the letter is sent today).
 */
static int
cmd_newsletter(int argc, char **argv)
{
	static const struct option opts[] = {
		{"since", required_argument, NULL, OPT_SINCE},
		{"until", required_argument, NULL, OPT_UNTIL},
		{"territory", required_argument, NULL, OPT_TERRITORY},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct build b;
	struct model mo, mn;
	struct history *h = NULL;
	struct hist_range r;
	struct lettre *l = NULL;
	struct buf err = {0}, dir = {0}, t = {0};
	const char *since = NULL, *until = NULL, *terr = NULL, *out = "out";
	struct stat st;
	int	 c, quiet = 0, rc, models = 0;

	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1)
		switch (c) {
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_UNTIL:
			until = optarg;
			break;
		case OPT_TERRITORY:
			terr = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_newsletter, stdout);
			return 0;
		default:
			return usage_error("newsletter", "%s",
			    "option invalide");
		}
	if (argc - optind > 1)
		return usage_error("newsletter", "un seul dossier à la fois "
		    "(reçu aussi « %s »)", argv[optind + 1]);
	if (since == NULL)
		return usage_error("newsletter", "%s", "--since manque : le "
		    "début de la période, une révision (la lettre précédente) "
		    "ou une date AAAA-MM-JJ");
	build_init(&b);
	b.quiet = quiet;
	b.tty = 0;
	memset(&r, 0, sizeof(r));
	if (optind < argc)
		b.content_dir = argv[optind];
	if (stat(b.content_dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "maillage : le dossier de contenu « %s » "
		    "n'existe pas\n", b.content_dir);
		rc = 2;
		goto out;
	}
	if (history_open(&h, b.content_dir, &err) != HIST_OK) {
		fprintf(stderr, "maillage : %s : la lettre se fait à partir de "
		    "l'historique git du contenu\n", err.data);
		rc = 2;
		goto out;
	}
	rc = load_content(&b);
	if (rc == 3)
		goto out;
	if (rc != 0 || b.diags.nerr > 0) {
		report(&b, DIAG_FMT_GCC, 1, "");
		fprintf(stderr, "maillage : pas de lettre : corrigez d'abord "
		    "les erreurs ci-dessus\n");
		rc = 1;
		goto out;
	}
	if (history_range(h, since, until, &r, &err) == -1) {
		fprintf(stderr, "maillage : %s\n", err.data);
		rc = 2;
		goto out;
	}
	models = 1;
	memset(&mn, 0, sizeof(mn));
	if (rev_model(&mo, b.content_dir, r.since_rev, b.jobs) == -1 ||
	    rev_model(&mn, b.content_dir, r.until_rev, b.jobs) == -1) {
		rc = 2;		/* said by source_open_git */
		goto out;
	}
	if ((l = lettre_new(&b.model, &mo, &mn, &r, terr, &err)) == NULL) {
		fprintf(stderr, "maillage : %s\n", err.data);
		rc = 2;
		goto out;
	}
	if (lettre_count(l) == 0) {
		if (!quiet) {
			buf_puts(&t, "maillage : rien à annoncer jusqu'au ");
			date_french(&t, r.until_day);
			fprintf(stderr, "%s (%zu commit%s dans la période%s%s) : "
			    "aucune lettre écrite\n", t.data, r.ncommits,
			    r.ncommits > 1 ? "s" : "", terr ? ", territoire " :
			    "", terr ? terr : "");
		}
		rc = 0;
		goto out;
	}
	buf_printf(&dir, "%s/newsletter", out);
	if (util_mkdir_p(dir.data) == -1) {
		fprintf(stderr, "maillage : impossible de créer %s : %s\n",
		    dir.data, util_strerror(errno));
		rc = 2;
		goto out;
	}
	buf_printf(&dir, "/%s", lettre_date(l));
	rc = lettre_write(l, dir.data);
	if (rc == 0 && !quiet)
		fprintf(stderr, "maillage : lettre écrite dans %s/ (%zu "
		    "élément%s, %zu commit%s)\n", dir.data, lettre_count(l),
		    lettre_count(l) > 1 ? "s" : "", r.ncommits,
		    r.ncommits > 1 ? "s" : "");
out:
	lettre_free(l);
	if (models) {
		model_free(&mo);
		model_free(&mn);
	}
	history_range_free(&r);
	history_close(h);
	buf_dispose(&err);
	buf_dispose(&dir);
	buf_dispose(&t);
	build_free(&b);
	return rc;
}

static int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"port", required_argument, NULL, 'p'},
		{"data", required_argument, NULL, OPT_DATA},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *dir = "content", *data = NULL;
	char	*datadir, *end;
	long	 port = 8000;
	int	 c, rc;

	while ((c = getopt_long(argc, argv, "p:h", opts, NULL)) != -1)
		switch (c) {
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end != '\0' || port < 0 || port > 65535)
				return usage_error("serve", "--port « %s » : un "
				    "nombre entre 0 et 65535", optarg);
			break;
		case OPT_DATA:
			data = optarg;
			break;
		case 'h':
			fputs(usage_serve, stdout);
			return 0;
		default:
			return usage_error("serve", "%s", "option invalide");
		}
	if (argc - optind > 1)
		return usage_error("serve", "un seul dossier à la fois (reçu "
		    "aussi « %s »)", argv[optind + 1]);
	if (optind < argc)
		dir = argv[optind];
	if ((datadir = datadir_find(data)) == NULL)
		return 2;
	rc = serve_run(dir, (int)port, datadir);
	free(datadir);
	return rc;
}

static int
cmd_schema(int argc, char **argv)
{
	struct buf b = {0};
	const char *kind = "fiche";

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(usage_schema, stdout);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "--write") == 0)
		return schema_write(argv[2]) == 0 ? 0 : 3;
	if (argc > 1 && strcmp(argv[1], "--markdown") == 0)
		schema_markdown(&b);
	else {
		if (argc > 1)
			kind = argv[1];
		if (schema_json(&b, kind) == -1) {
			const char *s = suggest(kind, (const char *const *)schema_kinds, 9);

			return usage_error("schema", "genre inconnu « %s »%s%s%s "
			    "(fiche, actualite, page, site, territoires, types, "
			    "besoins, publics, glossaire)", kind,
			    s ? " (vouliez-vous dire « " : "", s ? s : "",
			    s ? " » ?)" : "");
		}
	}
	fwrite(b.data, 1, b.len, stdout);
	buf_dispose(&b);
	return 0;
}

static int
cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{"rev", required_argument, NULL, OPT_REV},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct build b;
	struct buf out = {0};
	const char *rev = NULL;
	int	 c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		switch (c) {
		case OPT_REV:
			rev = optarg;
			break;
		case 'h':
			fputs(usage_dump, stdout);
			return 0;
		default:
			return usage_error("dump", "%s", "option invalide");
		}
	if (argc - optind > 1)
		return usage_error("dump", "un seul dossier à la fois (reçu "
		    "aussi « %s »)", argv[optind + 1]);
	build_init(&b);
	b.tty = 0;
	b.rev = rev;
	if (optind < argc)
		b.content_dir = argv[optind];
	rc = load_content(&b);
	if (rc != 3) {
		model_dump(&b.model, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_dispose(&out);
		rc = report(&b, DIAG_FMT_GCC, 1, "");
	}
	build_free(&b);
	return rc;
}

/*
 * The skeleton of `new`: every key of the format, the optional ones as
 * comments. The modeline lets editors' YAML extensions complete and
 * check the front matter with the schema that `init` writes.
 */
static const char new_sheet[] =
"---\n"
"# yaml-language-server: $schema=../schemas/fiche.json\n"
"nom: \n"
"# sigle: \n"
"type: %s\n"
"resume: \n"
"publics: []\n"
"besoins: []\n"
"territoires: []\n"
"# porteur: \n"
"# lieux:\n"
"#   - nom: \n"
"#     adresse: \n"
"#     code_postal: \"\"\n"
"#     commune: \"\"\n"
"#     lat: \n"
"#     lon: \n"
"#     horaires: \"Mo-Fr 09:00-12:00,14:00-17:00; PH off\"\n"
"#     horaires_precisions: \n"
"#     accessibilite: \n"
"contact:\n"
"  telephone: \"\"\n"
"  # email: \n"
"  # site: https://\n"
"# acces: [accueil, rendez-vous, telephone, domicile, en-ligne]\n"
"# orientation: [usagers, professionnels]\n"
"# conditions_acces: \n"
"# age_min: \n"
"# age_max: \n"
"# frais: gratuit\n"
"# frais_precisions: \n"
"# langues: [fr]\n"
"# interpretariat: false\n"
"# liens: []\n"
"# mots_cles: []\n"
"# fermetures:\n"
"#   - {du: AAAA-MM-JJ, au: AAAA-MM-JJ, motif: }\n"
"# statut: actif\n"
"# siret: \"\"\n"
"# finess: \"\"\n"
"verifie_le: %s\n"
"# contacts_pro:\n"
"#   - {nom: , role: , email: , telephone: \"\"}\n"
"---\n"
"## Missions\n"
"\n"
"## Comment y accéder ?\n"
"\n"
"## À savoir\n";

/*
 * Writes a sheet skeleton; refuses to overwrite.
 */
static int
cmd_new(int argc, char **argv)
{
	const char *id = NULL, *dir = "content", *type = "";
	char	 iso[11], *path;
	struct buf b = {0};
	struct stat st;
	int	 i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(usage_new, stdout);
			return 0;
		} else if (strcmp(argv[i], "--type") == 0 && i + 1 < argc)
			type = argv[++i];
		else if (argv[i][0] == '-')
			return usage_error("new", "option invalide « %s »",
			    argv[i]);
		else if (id == NULL)
			id = argv[i];
		else
			dir = argv[i];
	}
	if (id == NULL)
		return usage_error("new", "%s", "donnez l'identifiant de la "
		    "fiche, par exemple : maillage new clic-nevers");
	if (!is_slug(id))
		return usage_error("new", "identifiant « %s » invalide : "
		    "minuscules sans accent, chiffres et tirets", id);
	if (*type != '\0' && !is_slug(type))
		return usage_error("new", "type « %s » invalide", type);
	buf_printf(&b, "%s/fiches", dir);
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "maillage : le dossier de contenu « %s » "
		    "n'existe pas\n", dir);
		buf_dispose(&b);
		return 3;
	}
	if (util_mkdir_p(b.data) == -1) {
		fprintf(stderr, "maillage : %s : %s\n", b.data,
		    util_strerror(errno));
		buf_dispose(&b);
		return 3;
	}
	buf_printf(&b, "/%s.md", id);
	path = buf_detach(&b);
	if (stat(path, &st) == 0) {
		fprintf(stderr, "maillage : %s existe déjà\n", path);
		free(path);
		return 2;
	}
	buf_printf(&b, new_sheet, type, date_iso(iso, date_today()));
	if (util_write_file(path, b.data, b.len) == -1) {
		fprintf(stderr, "maillage : %s : %s\n", path, util_strerror(errno));
		rc = 3;
	} else
		printf("%s créée : complétez-la, puis « maillage check %s »\n",
		    path, dir);
	free(path);
	buf_dispose(&b);
	return rc;
}

static int
help(const char *cmd)
{
	if (cmd == NULL)
		fputs(usage_main, stdout);
	else if (strcmp(cmd, "check") == 0)
		fputs(usage_check, stdout);
	else if (strcmp(cmd, "build") == 0)
		fputs(usage_build, stdout);
	else if (strcmp(cmd, "dump") == 0)
		fputs(usage_dump, stdout);
	else if (strcmp(cmd, "new") == 0)
		fputs(usage_new, stdout);
	else if (strcmp(cmd, "newsletter") == 0)
		fputs(usage_newsletter, stdout);
	else if (strcmp(cmd, "init") == 0)
		fputs(usage_init, stdout);
	else if (strcmp(cmd, "serve") == 0)
		fputs(usage_serve, stdout);
	else if (strcmp(cmd, "schema") == 0)
		fputs(usage_schema, stdout);
	else
		return usage_error(NULL, "commande inconnue « %s »", cmd);
	return 0;
}

static int
exit_code(int rc)
{
	return rc == 3 ? 2 : rc;
}

int
main(int argc, char **argv)
{
	static const char *const cmds[] = {"check", "build", "dump", "help",
	    "new", "newsletter", "init", "serve", "schema"};
	const char *s;

	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return help(NULL);
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("maillage %s\n", MAILLAGE_VERSION);
		return 0;
	}
	/*
	 * Inside, 3 means a system error (a file that cannot be read or
	 * written); the command line reports it like a usage error, with 2,
	 * as issue 2 defines the exit codes: 0, 1 content, 2 usage or I/O.
	 */
	if (strcmp(argv[1], "check") == 0)
		return exit_code(cmd_check(argc - 1, argv + 1));
	if (strcmp(argv[1], "build") == 0)
		return exit_code(cmd_build(argc - 1, argv + 1));
	if (strcmp(argv[1], "dump") == 0)
		return exit_code(cmd_dump(argc - 1, argv + 1));
	if (strcmp(argv[1], "help") == 0)
		return help(argc > 2 ? argv[2] : NULL);
	if (strcmp(argv[1], "new") == 0)
		return exit_code(cmd_new(argc - 1, argv + 1));
	if (strcmp(argv[1], "newsletter") == 0)
		return exit_code(cmd_newsletter(argc - 1, argv + 1));
	if (strcmp(argv[1], "init") == 0)
		return exit_code(cmd_init(argc - 1, argv + 1));
	if (strcmp(argv[1], "serve") == 0)
		return exit_code(cmd_serve(argc - 1, argv + 1));
	if (strcmp(argv[1], "schema") == 0)
		return exit_code(cmd_schema(argc - 1, argv + 1));
	s = suggest(argv[1], cmds, sizeof(cmds) / sizeof(*cmds));
	fprintf(stderr, "maillage : commande inconnue « %s »", argv[1]);
	if (s != NULL)
		fprintf(stderr, " (vouliez-vous dire « %s » ?)", s);
	fputs("\nAide : maillage --help\n", stderr);
	return 2;
}
