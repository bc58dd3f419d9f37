/* find.c — which objscope builds sit beside the running one (see across.h): installed side by
 * side as objscope-3.X in one bin folder, or built side by side as build/objscope and
 * build/NAME/objscope (the Makefile's folder per CPython). */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "across/across.h"
#include "util/xalloc.h"

typedef struct {
    dev_t dev;
    ino_t ino;
} FileId;

typedef struct {
    char **paths;
    FileId *ids; /* one per path */
    size_t len, cap, cap_ids;
} Found;

/* Add path when it is an executable regular file not found already (a hard link or a copy
 * under another name counts once only when it is the same file). */
static void add(Found *f, const char *path)
{
    struct stat st;
    if (f->len >= ACROSS_MAX_BUILDS || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        access(path, X_OK) != 0)
        return;
    for (size_t i = 0; i < f->len; i++)
        if (f->ids[i].dev == st.st_dev && f->ids[i].ino == st.st_ino)
            return;
    f->paths = xgrow(f->paths, &f->cap, f->len + 1, sizeof *f->paths);
    f->ids = xgrow(f->ids, &f->cap_ids, f->len + 1, sizeof *f->ids);
    f->ids[f->len] = (FileId){st.st_dev, st.st_ino};
    f->paths[f->len++] = xstrdup(path);
}

/* "objscope-3.12": objscope, a dash, digits, a dot, digits. */
static bool versioned_name(const char *name)
{
    const char *p = name + strlen("objscope-");
    if (strncmp(name, "objscope-", 9) != 0 || !(*p >= '0' && *p <= '9'))
        return false;
    p += strspn(p, "0123456789");
    if (*p++ != '.' || !(*p >= '0' && *p <= '9'))
        return false;
    return p[strspn(p, "0123456789")] == '\0';
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir that keep(name) accepts, sorted (owned names); *n of them. */
static char **list_dir(const char *dir, bool (*keep)(const char *, const char *), size_t *n)
{
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    for (struct dirent *e; (e = readdir(d)) && *n < 256;) {
        if (!keep(dir, e->d_name))
            continue;
        names = xgrow(names, &cap, *n + 1, sizeof *names);
        names[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, by_name);
    return names;
}

static bool keep_versioned(const char *dir, const char *name)
{
    (void)dir;
    return versioned_name(name);
}

/* A build folder of the Makefile (build/python3.12, build/opt_py_bin_python3), not a
 * sanitizer build (build/san, build/python3.12-san) nor the fuzz targets. */
static bool keep_build_dir(const char *dir, const char *name)
{
    size_t len = strlen(name);
    (void)dir;
    if (name[0] == '.' || strcmp(name, "san") == 0 || strcmp(name, "fuzz") == 0 ||
        strcmp(name, "obj") == 0)
        return false;
    return !(len > 4 && strcmp(name + len - 4, "-san") == 0);
}

static void add_each(Found *f, const char *dir, char **names, size_t n, const char *tail)
{
    for (size_t i = 0; i < n; i++) {
        char *p = xasprintf("%s/%s%s", dir, names[i], tail);
        add(f, p);
        free(p);
        free(names[i]);
    }
    free(names);
}

/* dir without its last component ("a/b" -> "a", "b" -> "."); owned. */
static char *parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static const char *base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The build tree's root when dir is build/ or build/NAME/; owned, or NULL. */
static char *build_root(const char *dir)
{
    if (strcmp(base(dir), "build") == 0)
        return xstrdup(dir);
    char *up = parent(dir);
    if (strcmp(base(up), "build") == 0)
        return up;
    free(up);
    return NULL;
}

char **across_find_builds(const char *self, size_t *n)
{
    Found f = {0};
    add(&f, self);
    char *dir = parent(self);
    char *plain = xasprintf("%s/objscope", dir);
    add(&f, plain);
    free(plain);
    size_t k;
    char **names = list_dir(dir, keep_versioned, &k);
    add_each(&f, dir, names, k, "");
    char *root = build_root(dir);
    if (root) {
        char *top = xasprintf("%s/objscope", root);
        add(&f, top);
        free(top);
        names = list_dir(root, keep_build_dir, &k);
        add_each(&f, root, names, k, "/objscope");
    }
    free(root);
    free(dir);
    free(f.ids);
    *n = f.len;
    return f.paths;
}

void across_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

char *across_self_path(void)
{
    char buf[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (len <= 0)
        return NULL;
    buf[len] = '\0';
    return xstrdup(buf);
}
