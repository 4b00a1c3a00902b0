/* search.c: placeholder until the search output lands (writes nothing). */
#include "build.h"
#include "outputs.h"

int
search_write(struct build *b, const char *sitedir)
{
	(void)b;
	(void)sitedir;
	return 0;
}
