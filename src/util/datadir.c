/* datadir.c — locate objscope's data folders relative to the running binary (see datadir.h). */
#include "util/datadir.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *datadir_find(const char *sub)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *dir = xstrdup(dirname(exe));
    /* source tree: the binary is 1 or 2 folders below the top; installed: PREFIX/bin */
    for (int up = 0; up < 4; up++) {
        char *tree = xasprintf("%s/%s", dir, sub);
        char *share = xasprintf("%s/share/objscope/%s", dir, sub);
        if (is_dir(tree)) { free(share); free(dir); return tree; }
        if (is_dir(share)) { free(tree); free(dir); return share; }
        free(tree);
        free(share);
        char *parent = xstrdup(dirname(dir));
        free(dir);
        dir = parent;
    }
    free(dir);
    return NULL;
}
