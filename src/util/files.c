/* files.c — XDG paths, safe opening and atomic replacement of objscope's files (see files.h). */
#include "util/files.h"

#include <errno.h>
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

int files_write_atomic(const char *path, const char *data, size_t n, const char *what, char **err)
{
    char *target = files_save_target(path, what, err);
    if (!target)
        return -1;
    char *dir = files_parent_dir(target);
    if (files_make_dirs(dir, err) != 0) {
        free(dir);
        free(target);
        return -1;
    }
    char *tmp = xasprintf("%s.XXXXXX", target);
    int rc = 0, fd = mkstemp(tmp);
    if (fd < 0 || replace(tmp, fd, target, data, n) != 0) {
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
