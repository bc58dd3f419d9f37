/* files.c — XDG paths, safe opening and atomic replacement of objscope's files (see files.h). */
#include "util/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

char *files_state_path(const char *xdg_var, const char *home_sub, const char *name)
{
    const char *dir = getenv(xdg_var);
    char *tail = xasprintf("/objscope/%s", name);
    if (!dir || dir[0] != '/') {
        dir = getenv("HOME");
        free(tail);
        tail = xasprintf("/%s/objscope/%s", home_sub, name);
        if (!dir || dir[0] != '/') {
            free(tail);
            return NULL;
        }
    }
    size_t n = strlen(dir);
    while (n > 0 && dir[n - 1] == '/')
        n--;
    char *path = xasprintf("%.*s%s", (int)n, dir, tail);
    free(tail);
    return path;
}

static int fail(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
    return -1;
}

int files_make_dirs(const char *dir, char **err)
{
    char *p = xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0700) != 0) {
            int e = errno;
            if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
                rc = fail(err, xasprintf("cannot create directory %s: %s", p,
                                         strerror(e == EEXIST ? ENOTDIR : e)));
                break;
            }
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    free(p);
    return rc;
}

int files_write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Write the temporary file and move it into place; errno describes a failure. */
static int replace(const char *tmp, int fd, const char *path, const char *data, size_t n)
{
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    int bad = files_write_all(fd, data, n) != 0 || fsync(fd) != 0;
    int e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = 1;
        e = errno;
    }
    errno = e;
    return bad ? -1 : 0;
}

char *files_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    return !slash ? xstrdup(".") : slash == path ? xstrdup("/")
                                                 : xstrndup(path, (size_t)(slash - path));
}

#define LINKS_MAX 40 /* as the kernel's own limit on links followed in one path */

/* path with its symbolic links followed, to a file that need not exist yet (a dangling link
 * names the file to create); NULL when they go round. Owned. */
static char *follow_links(const char *path)
{
    char *cur = xstrdup(path);
    for (int i = 0; i < LINKS_MAX; i++) {
        struct stat st;
        char to[4096];
        ssize_t n;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode) ||
            (n = readlink(cur, to, sizeof to - 1)) < 0)
            return cur;
        to[n] = '\0';
        char *dir = files_parent_dir(cur);
        char *next = to[0] == '/' ? xstrdup(to) : xasprintf("%s/%s", dir, to);
        free(dir);
        free(cur);
        cur = next;
    }
    free(cur);
    return NULL;
}

static const char *kind_of(mode_t mode)
{
    return S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
           : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a file";
}

char *files_save_target(const char *path, const char *what, char **err)
{
    if (err)
        *err = NULL;
    if (!path || !*path) {
        fail(err, xasprintf("cannot save %s: no file name", what));
        return NULL;
    }
    char *target = follow_links(path);
    struct stat st;
    const char *why = !target ? strerror(ELOOP) : stat(target, &st) != 0 || S_ISREG(st.st_mode)
                                                      ? NULL
                                                  : S_ISDIR(st.st_mode) ? strerror(EISDIR) : "";
    if (why && !*why) {
        fail(err, xasprintf("cannot save %s to %s: it is %s, not a regular file", what, path,
                            kind_of(st.st_mode)));
    } else if (why) {
        fail(err, xasprintf("cannot save %s to %s: %s", what, path, why));
    } else {
        return target;
    }
    free(target);
    return NULL;
}

/* files_write_atomic, the new file given `mode` first when it is not 0 (fchmod: the umask has
 * no say); shared: the mode is the replaced file's, or a new file's under the umask. */
static int write_atomic_mode(const char *path, const char *data, size_t n, const char *what,
                             bool shared, char **err)
{
    char *target = files_save_target(path, what, err);
    if (!target)
        return -1;
    mode_t mode = 0;
    if (shared) {
        struct stat st;
        mode_t mask = umask(0);
        umask(mask);
        mode = stat(target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask;
        mode = mode ? mode : 0600;
    }
    char *dir = files_parent_dir(target);
    if (files_make_dirs(dir, err) != 0) {
        free(dir);
        free(target);
        return -1;
    }
    char *tmp = xasprintf("%s.XXXXXX", target);
    int rc = 0, fd = mkstemp(tmp);
    if (fd < 0 || (mode && fchmod(fd, mode) != 0) || replace(tmp, fd, target, data, n) != 0) {
        int e = errno;
        if (fd >= 0)
            unlink(tmp);
        rc = fail(err, xasprintf("cannot save %s to %s: %s", what, path, strerror(e)));
    } else {
        /* Make the rename itself durable; a folder that cannot be synced is no error. */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    free(tmp);
    free(dir);
    free(target);
    return rc;
}

int files_write_atomic(const char *path, const char *data, size_t n, const char *what, char **err)
{
    return write_atomic_mode(path, data, n, what, false, err);
}

int files_write_shared(const char *path, const char *data, size_t n, const char *what, char **err)
{
    return write_atomic_mode(path, data, n, what, true, err);
}

int files_open_regular(const char *path, const char **why)
{
    /* O_NONBLOCK: a FIFO in the way cannot hang us; it is refused below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    struct stat st;
    *why = NULL;
    int e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (S_ISDIR(st.st_mode))
        e = EISDIR;
    else if (!S_ISREG(st.st_mode))
        *why = "not a regular file", e = EINVAL;
    if (!e)
        return fd;
    close(fd);
    if (!*why)
        *why = strerror(e);
    errno = e;
    return -1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **files_catalog(const char *dir, const char *suffix, const char *skip, size_t *count)
{
    size_t ignored;
    if (!count)
        count = &ignored;
    *count = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return NULL;
    size_t dn = strlen(dir), sn = strlen(suffix);
    while (dn > 1 && dir[dn - 1] == '/')
        dn--;
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (name[0] == '.' || len <= sn || strcmp(name + len - sn, suffix) != 0 ||
            (skip && strcmp(name, skip) == 0))
            continue;
        char *path = xasprintf("%.*s%s%s", (int)dn, dir, dir[dn - 1] == '/' ? "" : "/", name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        v = xgrow(v, &cap, n + 1, sizeof *v);
        v[n++] = path;
    }
    closedir(d);
    if (n > 0)
        qsort(v, n, sizeof *v, compare_names); /* same folder: by path is by file name */
    *count = n;
    return v;
}

/* Whether paths[i] is the one `name` means: on the first pass by number or whole name
 * (without the suffix), on the second by a part of its name. */
static bool pick_matches(const char *path, size_t i, const char *name, size_t suffix_len,
                         bool number, int pass)
{
    size_t len = strlen(name);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t blen = strlen(base) - suffix_len;
    if (pass == 0)
        return number ? (size_t)atoi(name) == i + 1 : blen == len && strncmp(base, name, len) == 0;
    return !number && strstr(base, name) != NULL;
}

char *files_pick(char *const *paths, size_t n, const char *name, const char *suffix)
{
    size_t len = strlen(name);
    bool number = len > 0 && strspn(name, "0123456789") == len;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++)
            if (pick_matches(paths[i], i, name, strlen(suffix), number, pass))
                return xstrdup(paths[i]);
    return NULL;
}

char *files_read(const char *path, size_t max, size_t *len, const char **why)
{
    *len = 0;
    int fd = files_open_regular(path, why);
    if (fd < 0)
        return NULL;
    size_t cap = max + 1, n = 0; /* one more byte tells a file that is too big */
    char *buf = xmalloc(cap + 1);
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *why = strerror(errno);
            close(fd);
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n == cap)
            break;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *files_expand_home(const char *path)
{
    const char *home = getenv("HOME");
    if (strncmp(path, "~/", 2) == 0 && home && *home)
        return xasprintf("%s/%s", home, path + 2);
    return xstrdup(path);
}
