/* pdf.c: placeholder until the pdf output lands. */
#include <stdio.h>

#include "build.h"
#include "outputs.h"

int
pdf_write(struct build *b, const char *dir)
{
	(void)b;
	(void)dir;
	fputs("maillage : sortie pdf pas encore disponible\n", stderr);
	return 3;
}
