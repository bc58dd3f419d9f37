/* find.c — lesson lookup by number, id or name, and the trust policy (see find.h). */
#include "lesson/find.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/lesson.h"
#include "util/datadir.h"
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

/* Whether the shipped lesson at paths[i] is the one `name` means: on the first pass by number
 * or whole id, on the second by a part of its id. */
static bool matches(const char *path, size_t i, const char *name, bool number, int pass)
{
    size_t len = strlen(name);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t blen = strlen(base) - 3; /* without ".md" */
    if (pass == 0)
        return number ? (size_t)atoi(name) == i + 1 : blen == len && strncmp(base, name, len) == 0;
    return !number && strstr(base, name) != NULL;
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
    char *found = NULL;
    bool number = len > 0 && strspn(name, "0123456789") == len;
    for (int pass = 0; pass < 2 && !found; pass++)
        for (size_t i = 0; i < n && !found; i++)
            if (matches(paths[i], i, name, number, pass))
                found = xstrdup(paths[i]);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return found;
}
