/*
 * serve.h: the preview server, `maillage serve`.
 *
 * Returns: an exit code, 0 or 3 (printed).
 */
#ifndef MAILLAGE_SERVE_H
#define MAILLAGE_SERVE_H

/*
 * Builds the site of content_dir, serves it on 127.0.0.1:port (0: a free
 * port, printed) and rebuilds when a file changes, until SIGINT/SIGTERM.
 * Returns 0, or 3 on a system error (printed).
 */
int	 serve_run(const char *content_dir, int port, const char *data_dir);

#endif
