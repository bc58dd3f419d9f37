/* run.c — each build run as a child `objscope --setup CODE... --json=EXPR`, one at a time, in
 * steps the caller paces (the explorer between keys, --across in a loop): its stdout read up to
 * ACROSS_MAX_OUTPUT, its stderr's end kept for the reason it failed, and the whole process
 * group killed when it runs past the time limit or the caller stops. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "across/across.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct AcrossJob {
    AcrossResult *r;         /* builds filled in as they finish */
    char **argv;             /* the child's arguments after argv[0] (owned) */
    size_t nargs;
    int time_limit_ms;
    size_t next;             /* the next build to start */
    pid_t pid;               /* the running child, or 0 */
    int status;              /* its wait status, once it has exited */
    int out_fd, err_fd;
    StrBuf out, err;
    bool too_much;           /* it wrote more than ACROSS_MAX_OUTPUT */
    double deadline;         /* monotonic seconds */
    bool stopped;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "objscope-3.12", "python3.12/objscope", "build/objscope": a name for a build before it says
 * its version. Owned. */
static char *label_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (strcmp(name, "objscope") != 0 || !slash)
        return xstrdup(name);
    const char *dir = slash;
    while (dir > path && dir[-1] != '/')
        dir--;
    return xstrdup(dir);
}

/* path relative to the current folder when it is inside it ("build/objscope"). Owned. */
static char *shown_path(const char *path)
{
    char *cwd = getcwd(NULL, 0);
    size_t n = cwd ? strlen(cwd) : 0;
    char *shown = xstrdup(cwd && n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/' ? path + n + 1
                                                                                         : path);
    free(cwd);
    return shown;
}

char *across_session_input(const char *src)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_puts(&b, "try:\n    exec(compile(bytes.fromhex('");
    for (const unsigned char *p = (const unsigned char *)src; *p; p++)
        strbuf_printf(&b, "%02x", *p);
    strbuf_puts(&b, "'), '<input>', 'exec'))\nexcept BaseException:\n    pass\n");
    return strbuf_take(&b);
}

AcrossJob *across_start(char *const *paths, size_t n, const char *expr,
                        const char *const *setup, size_t nsetup, bool session, int time_limit_ms)
{
    AcrossJob *j = xcalloc(1, sizeof *j);
    j->r = xcalloc(1, sizeof *j->r);
    j->r->expr = xstrdup(expr);
    j->r->builds = xcalloc(n ? n : 1, sizeof *j->r->builds);
    j->r->nbuilds = n;
    for (size_t i = 0; i < n; i++) {
        j->r->builds[i].path = xstrdup(paths[i]);
        j->r->builds[i].label = label_of(paths[i]);
        j->r->builds[i].shown = shown_path(paths[i]);
    }
    /* "--json=EXPR": an expression that starts with '-' is not read as an option */
    j->argv = xcalloc(nsetup + 3, sizeof *j->argv);
    for (size_t i = 0; i < nsetup; i++) {
        char *code = session ? across_session_input(setup[i]) : xstrdup(setup[i]);
        j->argv[j->nargs++] = xasprintf("--setup=%s", code);
        free(code);
    }
    j->argv[j->nargs++] = xasprintf("--json=%s", expr);
    j->time_limit_ms = time_limit_ms;
    j->out_fd = j->err_fd = -1; /* out and err start empty (zeroed): they grow when used */
    return j;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void exec_child(const char *path, char **argv, int out, int err)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    setpgid(0, 0); /* its own group: a time-out kills what it started too */
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(127);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    execv(path, argv);
    _exit(127);
}

static void spawn(AcrossJob *j, AcrossBuild *b)
{
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0) {
        b->error = xasprintf("cannot start it: %s", strerror(errno));
        return;
    }
    if (pipe2(err, O_CLOEXEC) != 0) {
        b->error = xasprintf("cannot start it: %s", strerror(errno));
        close(out[0]);
        close(out[1]);
        return;
    }
    char **argv = xcalloc(j->nargs + 2, sizeof *argv);
    argv[0] = b->path;
    memcpy(argv + 1, j->argv, j->nargs * sizeof *argv);
    pid_t pid = fork();
    if (pid == 0)
        exec_child(b->path, argv, out[1], err[1]);
    free(argv);
    close(out[1]);
    close(err[1]);
    if (pid < 0) {
        b->error = xasprintf("cannot start it: %s", strerror(errno));
        close(out[0]);
        close(err[0]);
        return;
    }
    setpgid(pid, pid); /* also here, so a kill right away reaches the group */
    j->pid = pid;
    j->status = 0;
    j->out_fd = out[0];
    j->err_fd = err[0];
    j->too_much = false;
    j->deadline = now() + j->time_limit_ms / 1000.0;
}

/* Read what is waiting on fd into b (up to limit bytes; beyond, it is drained and dropped). */
static bool drain(int *fd, StrBuf *b, size_t limit, bool *over)
{
    char chunk[65536];
    ssize_t got = read(*fd, chunk, sizeof chunk);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (got <= 0) {
        close(*fd);
        *fd = -1;
        return false;
    }
    if (b->len + (size_t)got <= limit)
        strbuf_add(b, chunk, (size_t)got);
    else if (over)
        *over = true;
    return true;
}

/* Kill the child and everything it started, and collect its status. */
static void kill_child(AcrossJob *j)
{
    kill(-j->pid, SIGKILL);
    while (waitpid(j->pid, &j->status, 0) < 0 && errno == EINTR) {
    }
}

/* Whether the child has exited (its status collected); a child that closed its output can
 * still be running, and is waited for only until the time limit. */
static bool exited(AcrossJob *j)
{
    pid_t got = waitpid(j->pid, &j->status, WNOHANG);
    return got == j->pid || (got < 0 && errno == ECHILD);
}

/* The last line it wrote to stderr (Python's own "NameError: ..."), made terminal-safe. */
static char *last_line(const StrBuf *err)
{
    size_t end = err->len;
    while (end && strchr("\n\r \t", err->data[end - 1]))
        end--;
    size_t start = end;
    while (start && err->data[start - 1] != '\n')
        start--;
    return end > start ? sanitize_text(err->data + start, end - start, false) : NULL;
}

/* The child is gone (exited, or killed): its answer into the build. */
static void reap(AcrossJob *j, AcrossBuild *b, const char *why)
{
    int status = j->status;
    j->pid = 0;
    for (int *fd = &j->out_fd; fd; fd = fd == &j->out_fd ? &j->err_fd : NULL)
        if (*fd >= 0) {
            close(*fd);
            *fd = -1;
        }
    char *line = last_line(&j->err);
    if (why)
        b->error = xstrdup(why);
    else if (j->too_much)
        b->error = xasprintf("it wrote more than %u MiB of JSON", ACROSS_MAX_OUTPUT >> 20);
    else if (WIFSIGNALED(status))
        b->error = xasprintf("it was killed by signal %d", WTERMSIG(status));
    else if (WEXITSTATUS(status) == 127 && !j->out.len)
        b->error = xstrdup("it could not be run");
    else if (!across_read_json(b, j->out.data, j->out.len) && WEXITSTATUS(status) != 0) {
        free(b->error); /* Python's own message says more than "no document" */
        b->error = line ? xstrdup(line) : xasprintf("it exited with status %d", WEXITSTATUS(status));
    }
    free(line);
    strbuf_free(&j->out);
    strbuf_free(&j->err);
}

/* Wait up to wait_ms for the running child's output; reap it once both pipes closed and it has
 * exited; kill it at the time limit. */
static void poll_child(AcrossJob *j, AcrossBuild *b, int wait_ms)
{
    double left = j->deadline - now();
    if (left <= 0) {
        kill_child(j);
        char why[64];
        snprintf(why, sizeof why, "stopped after %d s: it took too long", j->time_limit_ms / 1000);
        reap(j, b, why);
        return;
    }
    int timeout = left * 1000 < wait_ms ? (int)(left * 1000) + 1 : wait_ms;
    struct pollfd p[2] = {{j->out_fd, POLLIN, 0}, {j->err_fd, POLLIN, 0}};
    if (poll(p, 2, timeout) <= 0 && (j->out_fd >= 0 || j->err_fd >= 0))
        return; /* (with both closed, the poll only waited: see whether it has exited) */
    if (p[0].revents && j->out_fd >= 0)
        drain(&j->out_fd, &j->out, ACROSS_MAX_OUTPUT, &j->too_much);
    if (p[1].revents && j->err_fd >= 0)
        drain(&j->err_fd, &j->err, ACROSS_MAX_STDERR, NULL);
    if (j->too_much) {
        kill_child(j);
        reap(j, b, NULL);
    } else if (j->out_fd < 0 && j->err_fd < 0 && exited(j)) {
        reap(j, b, NULL);
    }
}

bool across_step(AcrossJob *j, int wait_ms)
{
    if (j->pid == 0 && j->next < j->r->nbuilds && !j->stopped) {
        AcrossBuild *b = &j->r->builds[j->next];
        spawn(j, b);
        if (j->pid == 0)
            j->next++; /* it could not start: its row says why */
        return j->next < j->r->nbuilds;
    }
    if (j->pid > 0) {
        poll_child(j, &j->r->builds[j->next], wait_ms);
        if (j->pid == 0)
            j->next++;
    }
    return !j->stopped && j->next < j->r->nbuilds;
}

const char *across_running(const AcrossJob *j, size_t *done, size_t *total)
{
    *done = j->next;
    *total = j->r->nbuilds;
    return j->next < j->r->nbuilds ? j->r->builds[j->next].label : NULL;
}

void across_stop(AcrossJob *j)
{
    if (j->pid > 0) {
        kill_child(j);
        reap(j, &j->r->builds[j->next], "stopped before it finished");
        j->next++;
    }
    for (size_t i = j->next; i < j->r->nbuilds; i++)
        j->r->builds[i].error = xstrdup("not run: stopped before its turn");
    j->next = j->r->nbuilds;
    j->stopped = true;
}

AcrossResult *across_finish(AcrossJob *j)
{
    if (j->next < j->r->nbuilds || j->pid > 0)
        across_stop(j);
    AcrossResult *r = j->r;
    strbuf_free(&j->out);
    strbuf_free(&j->err);
    for (size_t i = 0; i < j->nargs; i++)
        free(j->argv[i]);
    free(j->argv);
    free(j);
    across_compare(r);
    return r;
}
