/* export.c: placeholder until the export output lands (writes nothing). */
#include "build.h"
#include "outputs.h"

int
export_write(struct build *b, const char *sitedir)
{
	(void)b;
	(void)sitedir;
	return 0;
}
