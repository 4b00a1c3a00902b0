/*
 * serve.c: `maillage serve`. Each build runs as a child process (the
 * same binary, `build --only site`) into a new generation folder; the
 * server switches to a generation only once its build succeeded, so it
 * never serves a half-written site. inotify starts a rebuild; the open
 * page polls /__maillage/etat and reloads when the generation changes,
 * or shows the content errors over the page.
 */
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "serve.h"
#include "util.h"

#define STATE_PATH	"/__maillage/etat"
#define SCRIPT_PATH	"/__maillage/recharge.js"
#define DEBOUNCE_MS	150

struct server {
	pthread_mutex_t	 lock;
	char		*root;		/* private folder of generations */
	char		*site;		/* ROOT/N/site being served, or NULL */
	unsigned	 gen;		/* generation number being served */
	unsigned	 attempt;	/* builds started */
	char		*errors;	/* last build's problems, or NULL */
	const char	*content;
	const char	*data;
	char		 exe[PATH_MAX];
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The page script: polls the state, reloads, shows errors. */
static const char reload_js[] =
"(function () {\n"
"\t'use strict';\n"
"\tvar gen = null, box = null;\n"
"\tfunction show(text) {\n"
"\t\tif (!text) { if (box) { box.remove(); box = null; } return; }\n"
"\t\tif (!box) {\n"
"\t\t\tbox = document.createElement('div');\n"
"\t\t\tbox.id = 'maillage-erreurs';\n"
"\t\t\tbox.setAttribute('role', 'alert');\n"
"\t\t\tbox.style.cssText = 'position:fixed;left:0;right:0;bottom:0;"
"max-height:60vh;overflow:auto;z-index:99999;margin:0;padding:1em;"
"background:#fff4f4;color:#5c0000;border-top:4px solid #c00;"
"font:14px/1.4 monospace;white-space:pre-wrap';\n"
"\t\t\tdocument.body.appendChild(box);\n"
"\t\t}\n"
"\t\tbox.textContent = 'La dernière modification n\\u2019a pas pu être "
"publiée (le site affiché est la version précédente) :\\n\\n' + text;\n"
"\t}\n"
"\tfunction poll() {\n"
"\t\tfetch('" STATE_PATH "', {cache: 'no-store'}).then(function (r) {\n"
"\t\t\treturn r.json();\n"
"\t\t}).then(function (s) {\n"
"\t\t\tif (gen !== null && s.generation !== gen) {\n"
"\t\t\t\tlocation.reload();\n"
"\t\t\t\treturn;\n"
"\t\t\t}\n"
"\t\t\tgen = s.generation;\n"
"\t\t\tshow(s.erreurs);\n"
"\t\t}).catch(function () {}).then(function () {\n"
"\t\t\tsetTimeout(poll, 700);\n"
"\t\t});\n"
"\t}\n"
"\tpoll();\n"
"})();\n";

static const char *
mime_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} t[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".json", "application/json"},
		{".xml", "application/xml"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
		{".csv", "text/csv; charset=utf-8"},
		{".pdf", "application/pdf"},
		{".ics", "text/calendar; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	size_t	 i;

	if (dot != NULL && strchr(dot, '/') == NULL)
		for (i = 0; i < sizeof(t) / sizeof(*t); i++)
			if (strcmp(dot, t[i].ext) == 0)
				return t[i].type;
	return "application/octet-stream";
}

static enum MHD_Result
reply(struct MHD_Connection *conn, unsigned status, const char *type,
    char *body, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* An HTML page with the reload script before </body>. */
static enum MHD_Result
reply_html(struct MHD_Connection *conn, unsigned status, char *html,
    size_t len)
{
	static const char tag[] = "<script src=\"" SCRIPT_PATH "\"></script>";
	struct buf b = {0};
	const char *end = NULL, *p;

	for (p = html; (p = strstr(p, "</body>")) != NULL; p++)
		end = p;
	if (end == NULL)
		end = html + len;
	buf_put(&b, html, (size_t)(end - html));
	buf_puts(&b, tag);
	buf_put(&b, end, len - (size_t)(end - html));
	free(html);
	len = b.len;
	return reply(conn, status, "text/html; charset=utf-8", buf_detach(&b),
	    len);
}

static enum MHD_Result
reply_state(struct server *s, struct MHD_Connection *conn)
{
	struct buf b = {0};
	size_t	 len;
	const char *p;

	pthread_mutex_lock(&s->lock);
	buf_printf(&b, "{\"generation\":%u,\"construction\":%u,\"erreurs\":",
	    s->gen, s->attempt);
	if (s->errors == NULL)
		buf_puts(&b, "null");
	else {
		buf_putc(&b, '"');
		for (p = s->errors; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_printf(&b, "\\%c", *p);
			else if (*p == '\n')
				buf_puts(&b, "\\n");
			else if ((unsigned char)*p < 0x20)
				buf_printf(&b, "\\u%04x", *p);
			else
				buf_putc(&b, *p);
		}
		buf_putc(&b, '"');
	}
	pthread_mutex_unlock(&s->lock);
	buf_puts(&b, "}\n");
	len = b.len;
	return reply(conn, MHD_HTTP_OK, "application/json", buf_detach(&b),
	    len);
}

/* Whether a decoded URL path may be mapped under the site folder. */
static int
safe_path(const char *url)
{
	const char *p;

	if (url[0] != '/')
		return 0;
	for (p = url; (p = strstr(p, "/..")) != NULL; p++)
		if (p[3] == '/' || p[3] == '\0')
			return 0;
	return strchr(url, '\\') == NULL;
}

static enum MHD_Result
reply_file(struct MHD_Connection *conn, const char *site, const char *url,
    unsigned status)
{
	struct buf path = {0};
	struct stat st;
	struct MHD_Response *r;
	enum MHD_Result ret;
	char	*data;
	size_t	 len;
	int	 fd;

	buf_printf(&path, "%s%s", site, url);
	if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (url[strlen(url) - 1] != '/') {
			/* /fiches/x → /fiches/x/, as a static host does. */
			buf_reset(&path);
			buf_printf(&path, "%s/", url);
			r = MHD_create_response_from_buffer(0, NULL,
			    MHD_RESPMEM_PERSISTENT);
			MHD_add_response_header(r, "Location", path.data);
			ret = MHD_queue_response(conn, MHD_HTTP_MOVED_PERMANENTLY,
			    r);
			MHD_destroy_response(r);
			buf_dispose(&path);
			return ret;
		}
		buf_puts(&path, "index.html");
	}
	if (stat(path.data, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (status == MHD_HTTP_NOT_FOUND) {	/* no 404.html either */
			buf_dispose(&path);
			return reply(conn, status, "text/plain; charset=utf-8",
			    xstrdup("Page introuvable\n"), 17);
		}
		buf_dispose(&path);
		return reply_file(conn, site, "/404.html", MHD_HTTP_NOT_FOUND);
	}
	if (strcmp(mime_of(path.data), mime_of(".html")) == 0) {
		if (util_read_file(&data, &len, path.data, 64u << 20) !=
		    READ_OK) {
			buf_dispose(&path);
			return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "text/plain; charset=utf-8",
			    xstrdup("Lecture impossible\n"), 19);
		}
		buf_dispose(&path);
		return reply_html(conn, status, data, len);
	}
	if ((fd = open(path.data, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_dispose(&path);
		return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "text/plain; charset=utf-8", xstrdup("Lecture impossible\n"),
		    19);
	}
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	MHD_add_response_header(r, "Content-Type", mime_of(path.data));
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	buf_dispose(&path);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct buf b = {0};
	char	*site;
	enum MHD_Result ret;
	size_t	 len;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "text/plain; charset=utf-8", xstrdup("GET seulement\n"), 14);
	if (strcmp(url, STATE_PATH) == 0)
		return reply_state(s, conn);
	if (strcmp(url, SCRIPT_PATH) == 0)
		return reply(conn, MHD_HTTP_OK, mime_of(".js"),
		    xstrdup(reload_js), sizeof(reload_js) - 1);
	if (!safe_path(url))
		return reply(conn, MHD_HTTP_BAD_REQUEST,
		    "text/plain; charset=utf-8", xstrdup("Adresse refusée\n"),
		    17);
	pthread_mutex_lock(&s->lock);
	site = s->site != NULL ? xstrdup(s->site) : NULL;
	if (site == NULL) {
		/* No build has succeeded yet: say why, over a bare page. */
		buf_puts(&b, "<!doctype html><html lang=\"fr\"><meta charset="
		    "\"utf-8\"><title>Construction impossible</title><body>"
		    "<h1>Le site n'a pas encore pu être construit</h1><pre>");
		esc_html(&b, s->errors != NULL ? s->errors :
		    "Construction en cours…");
		buf_puts(&b, "</pre></body></html>");
	}
	pthread_mutex_unlock(&s->lock);
	if (site == NULL) {
		len = b.len;
		return reply_html(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    buf_detach(&b), len);
	}
	ret = reply_file(conn, site, url, MHD_HTTP_OK);
	free(site);
	return ret;
}

/*
 * Runs `maillage build CONTENT -o DIR --only site` as a child; returns
 * its exit status (-1 when it could not run) and its stderr in *out.
 */
static int
run_build(struct server *s, const char *dir, char **out)
{
	struct buf b = {0};
	char	 chunk[4096];
	int	 p[2], st;
	ssize_t	 n;
	pid_t	 pid;

	*out = NULL;
	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], STDERR_FILENO);
		dup2(p[1], STDOUT_FILENO);
		execl(s->exe, s->exe, "build", s->content, "-o", dir, "--only",
		    "site", "--data", s->data, "-q", (char *)NULL);
		fprintf(stderr, "maillage : %s : %s\n", s->exe,
		    util_strerror(errno));
		_exit(2);
	}
	close(p[1]);
	while ((n = read(p[0], chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		buf_put(&b, chunk, (size_t)n);
	}
	close(p[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	*out = b.len > 0 ? buf_detach(&b) : NULL;
	buf_dispose(&b);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* One build; on success the new generation is served. */
static void
rebuild(struct server *s)
{
	struct buf dir = {0}, old = {0};
	char	*log;
	double	 t0;
	struct timespec ts;
	unsigned n;
	int	 rc;

	pthread_mutex_lock(&s->lock);
	n = ++s->attempt;
	pthread_mutex_unlock(&s->lock);
	buf_printf(&dir, "%s/%u", s->root, n);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	rc = run_build(s, dir.data, &log);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - t0;
	if (rc == 0) {
		buf_puts(&dir, "/site");
		pthread_mutex_lock(&s->lock);
		/* Keep the generation being replaced for the requests that
		 * may still read it; remove the one before. */
		if (s->gen > 0) {
			buf_printf(&old, "%s/%u", s->root, s->gen);
		}
		free(s->site);
		s->site = buf_detach(&dir);
		s->gen = n;
		free(s->errors);
		s->errors = NULL;
		pthread_mutex_unlock(&s->lock);
		fprintf(stderr, "maillage : site reconstruit en %.1f s "
		    "(version %u)\n", t0, n);
		if (log != NULL)
			fputs(log, stderr);
	} else {
		fprintf(stderr, "maillage : la construction a échoué ; le "
		    "site affiché reste la version précédente\n%s",
		    log != NULL ? log : "");
		pthread_mutex_lock(&s->lock);
		free(s->errors);
		s->errors = log != NULL ? xstrdup(log) :
		    xstrdup("La construction a échoué sans message.\n");
		pthread_mutex_unlock(&s->lock);
		util_rm_rf(dir.data);
	}
	fflush(stderr);
	free(log);
	buf_dispose(&dir);
	/* Generations older than the previous one are read by no one. */
	if (old.len > 0) {
		DIR	*d = opendir(s->root);
		struct dirent *de;
		char	*p, *end;
		unsigned long g;

		while (d != NULL && (de = readdir(d)) != NULL) {
			g = strtoul(de->d_name, &end, 10);
			if (*end != '\0' || end == de->d_name || g + 1 >= n)
				continue;
			p = util_path_join(s->root, de->d_name);
			util_rm_rf(p);
			free(p);
		}
		if (d != NULL)
			closedir(d);
	}
	buf_dispose(&old);
}

/* Watches dir and its sub-folders (hidden ones and out/ skipped). */
static void
watch_tree(int fd, const char *dir, int depth)
{
	DIR	*d;
	struct dirent *de;
	struct stat st;
	char	*p;

	inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
	    IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ONLYDIR);
	if (depth > 4 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "out") == 0)
			continue;
		p = util_path_join(dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(fd, p, depth + 1);
		free(p);
	}
	closedir(d);
}

/* Whether an event names a file a build reads (not an editor's swap). */
static int
relevant(const struct inotify_event *ev)
{
	size_t	 n;

	if (ev->len == 0)
		return 1;
	n = strlen(ev->name);
	if (ev->name[0] == '.' || ev->name[n - 1] == '~' ||
	    strcmp(ev->name, "out") == 0)
		return 0;
	return n < 4 || strcmp(ev->name + n - 4, ".swp") != 0;
}

/* A listening socket on 127.0.0.1:port; *port gets the real one. */
static int
listen_local(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int	 fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)*port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(fd, 64) == -1 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) == -1) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

int
serve_run(const char *content, int port, const char *data_dir)
{
	struct server s;
	struct MHD_Daemon *d = NULL;
	struct sigaction sa;
	struct pollfd pfd;
	struct stat st;
	const char *tmpdir = getenv("TMPDIR");
	struct buf tmpl = {0};
	char	 evbuf[8192]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t	 n, len;
	int	 ifd = -1, lfd, rc = 3, dirty = 0, timeout;

	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&s.lock, NULL);
	s.content = content;
	s.data = data_dir;
	if (stat(content, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "maillage : le dossier de contenu « %s » "
		    "n'existe pas\n", content);
		return 3;
	}
	if ((n = readlink("/proc/self/exe", s.exe, sizeof(s.exe) - 1)) <= 0) {
		fprintf(stderr, "maillage : /proc/self/exe : %s\n",
		    util_strerror(errno));
		return 3;
	}
	s.exe[n] = '\0';
	buf_printf(&tmpl, "%s/maillage-serve-XXXXXX", tmpdir != NULL &&
	    *tmpdir != '\0' ? tmpdir : "/tmp");
	if (mkdtemp(tmpl.data) == NULL) {
		fprintf(stderr, "maillage : dossier temporaire %s : %s\n",
		    tmpl.data, util_strerror(errno));
		buf_dispose(&tmpl);
		return 3;
	}
	s.root = buf_detach(&tmpl);
	if ((lfd = listen_local(&port)) == -1) {
		fprintf(stderr, "maillage : impossible d'écouter sur "
		    "127.0.0.1:%d : %s\n", port, util_strerror(errno));
		goto out;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, handle, &s,
	    MHD_OPTION_LISTEN_SOCKET, lfd, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)30, MHD_OPTION_END);
	if (d == NULL) {
		close(lfd);
		fprintf(stderr, "maillage : le serveur n'a pas démarré\n");
		goto out;
	}
	if ((ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1) {
		fprintf(stderr, "maillage : inotify : %s\n",
		    util_strerror(errno));
		goto out;
	}
	watch_tree(ifd, content, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("maillage : aperçu sur http://127.0.0.1:%d/ (Ctrl+C pour "
	    "arrêter)\n", port);
	fflush(stdout);
	rebuild(&s);
	pfd.fd = ifd;
	pfd.events = POLLIN;
	while (!stop) {
		timeout = dirty ? DEBOUNCE_MS : 1000;
		n = poll(&pfd, 1, timeout);
		if (n == -1 && errno != EINTR)
			break;
		if (n > 0) {
			while ((len = read(ifd, evbuf, sizeof(evbuf))) > 0)
				for (char *p = evbuf; p < evbuf + len;
				    p += sizeof(*ev) + ev->len) {
					ev = (const struct inotify_event *)p;
					if ((ev->mask & IN_CREATE) &&
					    (ev->mask & IN_ISDIR)) {
						/* A new folder: watch it
						 * too. */
						watch_tree(ifd, content, 0);
					}
					if (relevant(ev))
						dirty = 1;
				}
			continue;	/* wait for the quiet that follows */
		}
		if (n == 0 && dirty && !stop) {
			dirty = 0;
			rebuild(&s);
		}
	}
	fprintf(stderr, "maillage : aperçu arrêté\n");
	rc = 0;
out:
	if (d != NULL)
		MHD_stop_daemon(d);
	if (ifd != -1)
		close(ifd);
	util_rm_rf(s.root);
	free(s.root);
	free(s.site);
	free(s.errors);
	pthread_mutex_destroy(&s.lock);
	return rc;
}
