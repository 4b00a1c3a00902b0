/* site.c: placeholder until the site output lands. */
#include <stdio.h>

#include "build.h"
#include "outputs.h"

int
site_write(struct build *b, const char *dir)
{
	(void)b;
	(void)dir;
	fputs("maillage : sortie site pas encore disponible\n", stderr);
	return 3;
}
