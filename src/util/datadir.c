/* datadir.c — locate objscope's data folders (see datadir.h). */
#include "util/datadir.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir_prefix.h" /* OBJSCOPE_DATADIR: $(PREFIX)/share/objscope, made by the Makefile */
#include "util/xalloc.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/sub when it is a folder; owned, or NULL. */
static char *folder(const char *dir, const char *sub)
{
    char *p = xasprintf("%s/%s", dir, sub);
    if (is_dir(p))
        return p;
    free(p);
    return NULL;
}

/* The source tree a build-tree binary in `dir` belongs to: it sits 1 to 3 folders below the
 * top (build/, build/python3.12/, build/python3.12-san/), which has this very file. */
static char *tree_of(const char *dir)
{
    char *up = xstrdup(dir);
    for (int level = 1; level <= 3; level++) {
        char *parent = xstrdup(dirname(up));
        free(up);
        up = parent;
        char *marker = xasprintf("%s/src/util/datadir.c", up);
        int found = is_file(marker);
        free(marker);
        if (found)
            return up;
    }
    free(up);
    return NULL;
}

char *datadir_search(const char *exe, const char *installed, const char *sub)
{
    char *found = NULL;
    if (exe) {
        char *copy = xstrdup(exe);
        char *dir = xstrdup(dirname(copy));
        free(copy);
        char *tree = tree_of(dir);
        if (tree)
            found = folder(tree, sub);
        free(tree);
        if (!found) { /* PREFIX/bin/objscope: PREFIX/share/objscope */
            char *prefix = xstrdup(dir);
            char *share = xasprintf("%s/share/objscope", dirname(prefix));
            found = folder(share, sub);
            free(share);
            free(prefix);
        }
        free(dir);
    }
    if (!found && installed && *installed)
        found = folder(installed, sub);
    return found;
}

char *datadir_find(const char *sub)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        exe[n] = '\0';
    return datadir_search(n > 0 ? exe : NULL, OBJSCOPE_DATADIR, sub);
}
