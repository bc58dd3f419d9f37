/* find.c — lesson lookup by number, id or name, and the trust policy (see find.h). */
#include "lesson/find.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/lesson.h"
#include "util/datadir.h"
#include "util/files.h"
#include "util/xalloc.h"

bool lesson_is_shipped(const char *path)
{
    char *dir = datadir_find("lessons");
    char real_dir[PATH_MAX], real_path[PATH_MAX];
    bool ok = dir && realpath(dir, real_dir) && realpath(path, real_path) &&
              strncmp(real_path, real_dir, strlen(real_dir)) == 0 && real_path[strlen(real_dir)] == '/';
    free(dir);
    return ok;
}

char *lesson_find(const char *name)
{
    size_t len = strlen(name);
    if (strchr(name, '/') || (len > 3 && strcmp(name + len - 3, ".md") == 0))
        return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
    char *dir = datadir_find("lessons");
    size_t n = 0;
    char **paths = dir ? lesson_catalog(dir, &n) : NULL;
    free(dir);
    char *found = files_pick(paths, n, name, ".md");
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return found;
}
