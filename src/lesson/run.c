/* run.c — a lesson against the learner's interpreter (see run.h): live values, setup blocks,
 * checks, requirements, and the linter behind `objscope --check-lesson`, which runs the lesson in
 * a child process. Python is reached only through src/py/interp.h. Live values and checks are
 * evaluated quietly (interp_eval_quiet: no `_`, no output, a time limit); setup, examples and
 * solutions run as statements through interp_run (the linter's with a time limit that covers
 * the threads they start) with their output discarded. */
#include "lesson/run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "py/interp.h"
#include "util/xalloc.h"

/* Longest an example, setup or solution may run while linting, threads it starts included. */
#define LESSON_LINT_SECONDS 30
/* In the linter's child: code that ignores the limit's interrupts this much longer ends it. */
#define LESSON_LINT_GIVE_UP 5
/* The linter's parent: a child silent this long (no block started, no line written) is stuck
 * somewhere no interrupt reaches, and is killed. */
#define LESSON_LINT_SILENCE (LESSON_LINT_SECONDS + LESSON_LINT_GIVE_UP + 10)

void lesson_run_prepare(void)
{
    interp_result_free(interp_run("import sys, gc, tracemalloc", INTERP_MODE_EXEC));
}

char *lesson_live_value(const char *expr)
{
    char *text = NULL;
    if (interp_eval_quiet(expr, &text, NULL) == 0)
        return text;
    char *shown = xasprintf("<error: %s>", text);
    free(text);
    return shown;
}

/* The last non-empty line of a traceback: Python's "Type: message". */
static char *last_line(const char *err)
{
    const char *end = err + strlen(err);
    while (end > err && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    const char *start = end;
    while (start > err && start[-1] != '\n')
        start--;
    return start < end ? xstrndup(start, (size_t)(end - start)) : xstrdup("unknown error");
}

/* Why a run of statements failed (owned), or NULL when it did not. */
static char *failure_of(const InterpResult *r)
{
    if (r->status == INTERP_ERROR)
        return last_line(r->err);
    if (r->status == INTERP_EXIT)
        return xasprintf("SystemExit: %d", r->exit_code);
    return NULL;
}

/* Longest a setup block may run in the explorer: it prepares data, and one that loops must not
 * keep the learner waiting (Ctrl-C stops it sooner). */
#define LESSON_SETUP_SECONDS 10

/* Run statements; 0, or -1 with *error (owned) saying why. Output is discarded. */
static int run_statements(const char *code, char **error)
{
    InterpLimits limits = {INTERP_MODE_EXEC, LESSON_SETUP_SECONDS, false};
    InterpResult *r = interp_run_limited(code ? code : "", &limits);
    char *why = r->timed_out ? xasprintf("timed out after %d s", LESSON_SETUP_SECONDS)
                             : failure_of(r);
    interp_result_free(r);
    int rc = why ? -1 : 0;
    if (error)
        *error = why;
    else
        free(why);
    return rc;
}

int lesson_run_setup(const LessonBlock *b, char **error)
{
    if (error)
        *error = NULL;
    return b ? run_statements(b->text, error) : 0;
}

/* ---- checks ------------------------------------------------------------------------------ */

/* Walks the expressions of a step's check blocks: one per non-empty line. */
typedef struct {
    const LessonStep *step;
    size_t block;    /* index into step->blocks */
    const char *pos; /* next line in that block, NULL before the first */
    int k;           /* lines read in the block */
} CheckWalk;

/* The next expression (owned, trimmed) and its line in the file; NULL after the last. */
static char *next_check(CheckWalk *w, int *line)
{
    const LessonStep *s = w->step;
    while (w->block < s->nblocks) {
        const LessonBlock *b = &s->blocks[w->block];
        if (b->kind != BLOCK_CHECK || !b->text) {
            w->block++;
            continue;
        }
        if (!w->pos) {
            w->pos = b->text;
            w->k = 0;
        }
        while (*w->pos) {
            const char *nl = strchr(w->pos, '\n');
            size_t n = nl ? (size_t)(nl - w->pos) : strlen(w->pos);
            const char *s0 = w->pos;
            w->pos += n + (nl != NULL);
            w->k++;
            while (n > 0 && (*s0 == ' ' || *s0 == '\t'))
                s0++, n--;
            while (n > 0 && (s0[n - 1] == ' ' || s0[n - 1] == '\t' || s0[n - 1] == '\r'))
                n--;
            if (n > 0) {
                *line = b->line + w->k;
                return xstrndup(s0, n);
            }
        }
        w->block++;
        w->pos = NULL;
    }
    return NULL;
}

int lesson_check_step(const LessonStep *s, char **error)
{
    if (error)
        *error = NULL;
    if (!s)
        return 1;
    CheckWalk w = {.step = s};
    int line;
    char *expr;
    while ((expr = next_check(&w, &line)) != NULL) {
        char *text = NULL;
        bool truthy = false;
        int rc = interp_eval_quiet(expr, &text, &truthy);
        free(expr);
        if (rc != 0) {
            if (error)
                *error = text;
            else
                free(text);
            return -1;
        }
        free(text);
        if (!truthy)
            return 0;
    }
    return 1;
}

/* ---- requirements ------------------------------------------------------------------------ */

bool lesson_requirements_met(const LessonStep *s, char **missing)
{
    if (missing)
        *missing = NULL;
    for (size_t i = 0; s && i < s->nblocks; i++) {
        if (s->blocks[i].kind != BLOCK_REQUIRES || !s->blocks[i].text)
            continue;
        const char *p = s->blocks[i].text;
        while (*p) {
            size_t n = strcspn(p, "\n");
            const char *name = p;
            p += n + (p[n] == '\n');
            while (n > 0 && (*name == ' ' || *name == '\t'))
                name++, n--;
            while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t' || name[n - 1] == '\r'))
                n--;
            if (n == 0)
                continue;
            char *module = xstrndup(name, n);
            if (interp_import_quiet(module, NULL) != 0) {
                if (missing)
                    *missing = module;
                else
                    free(module);
                return false;
            }
            free(module);
        }
    }
    return true;
}

/* ---- the linter -------------------------------------------------------------------------- */

typedef struct {
    const char *path;
    FILE *out;
    int problems;
    bool framed; /* in the linter's child: each line tagged for the parent (see relay) */
    pid_t pid;   /* the process that lints; a fork made by the lesson's code writes nothing */
} Lint;

static void report(Lint *L, bool counts, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A copy of the linter made by os.fork() in the lesson's code must not report twice. */
static void only_the_linter(const Lint *L)
{
    if (L->framed && getpid() != L->pid)
        _exit(0);
}

static void report(Lint *L, bool counts, int line, const char *fmt, ...)
{
    only_the_linter(L);
    va_list ap;
    va_start(ap, fmt);
    char *message = xvasprintf(fmt, ap);
    va_end(ap);
    for (char *p = message; L->framed && *p; p++)
        if (*p == '\n') /* one line per problem: the parent reads lines */
            *p = ' ';
    if (L->framed)
        fputc(counts ? 'P' : 'N', L->out);
    if (line > 0)
        fprintf(L->out, "%s:%d: %s\n", L->path, line, message);
    else
        fprintf(L->out, "%s: %s\n", L->path, message);
    if (L->framed)
        fflush(L->out);
    free(message);
    L->problems += counts;
}

/* Tells the parent the child is still making progress. */
static void heartbeat(Lint *L)
{
    only_the_linter(L);
    if (L->framed) {
        fputs("H\n", L->out);
        fflush(L->out);
    }
}

/* Run a setup, example or solution block; a failure is a problem. */
static void lint_run(Lint *L, const LessonBlock *b, const char *what)
{
    heartbeat(L);
    InterpLimits limits = {INTERP_MODE_EXEC, LESSON_LINT_SECONDS, true};
    InterpResult *r = interp_run_limited(b->text ? b->text : "", &limits);
    char *why = failure_of(r);
    if (r->timed_out && r->threads_left[0])
        report(L, true, b->line, "%s did not finish within %d s: a thread it started is still "
               "running (%s)", what, LESSON_LINT_SECONDS, r->threads_left);
    else if (r->timed_out)
        report(L, true, b->line, "%s did not finish within %d s", what, LESSON_LINT_SECONDS);
    else if (why)
        report(L, true, b->line, "%s failed: %s", what, why);
    free(why);
    interp_result_free(r);
}

static void lint_blocks(Lint *L, const LessonBlock *v, size_t n, LessonBlockKind kind,
                        const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == kind)
            lint_run(L, &v[i], what);
}

static void lint_live_values(Lint *L, const LessonBlock *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; v[i].kind == BLOCK_PROSE && j < v[i].nspans; j++) {
            const LessonSpan *sp = &v[i].spans[j];
            if (sp->kind != SPAN_LIVE)
                continue;
            heartbeat(L);
            char *text = NULL;
            if (interp_eval_quiet(sp->text, &text, NULL) != 0)
                report(L, true, sp->line, "live value `= %s` failed: %s", sp->text, text);
            free(text);
        }
    }
}

/* A task must wait for the learner: its checks may not all be true after the step's setup and
 * examples, nor after any of its ```wrong blocks (mistakes the checks must reject), each run in
 * turn before the solution. */
static void lint_task_waits(Lint *L, const LessonStep *s)
{
    heartbeat(L);
    if (lesson_check_step(s, NULL) == 1)
        report(L, true, lesson_step_block(s, BLOCK_CHECK, 0)->line,
               "the task is done before the learner starts: its checks are true after the "
               "step's setup and examples");
    const LessonBlock *wrong;
    for (size_t i = 0; (wrong = lesson_step_block(s, BLOCK_WRONG, i)) != NULL; i++) {
        int before = L->problems;
        lint_run(L, wrong, "wrong");
        heartbeat(L);
        if (L->problems == before && lesson_check_step(s, NULL) == 1)
            report(L, true, wrong->line, "the checks accept this wrong code: test what it gets "
                   "wrong, not only the final state");
    }
}

static void lint_checks(Lint *L, const LessonStep *s)
{
    CheckWalk w = {.step = s};
    int line;
    char *expr;
    while ((expr = next_check(&w, &line)) != NULL) {
        heartbeat(L);
        char *text = NULL;
        bool truthy = false;
        if (interp_eval_quiet(expr, &text, &truthy) != 0)
            report(L, true, line, "check failed after the solution: %s: %s", expr, text);
        else if (!truthy)
            report(L, true, line, "check is false after the solution: %s", expr);
        free(text);
        free(expr);
    }
}

static int lint_file(const char *path, FILE *out, bool framed)
{
    Lint L = {path ? path : "<lesson>", out ? out : stdout, 0, framed, getpid()};
    LessonErrors errs = {0};
    Lesson *l = lesson_load(path, &errs);
    for (size_t i = 0; i < errs.len; i++)
        report(&L, true, errs.items[i].line, "%s", errs.items[i].message);
    lesson_errors_free(&errs);
    if (!l) {
        fflush(L.out);
        return L.problems;
    }
    lesson_run_prepare();
    lint_blocks(&L, l->intro, l->nintro, BLOCK_SETUP, "setup");
    lint_blocks(&L, l->intro, l->nintro, BLOCK_EXAMPLE, "example");
    lint_live_values(&L, l->intro, l->nintro);
    for (size_t i = 0; i < l->nsteps; i++) {
        const LessonStep *s = &l->steps[i];
        char *missing = NULL;
        if (!lesson_requirements_met(s, &missing)) {
            report(&L, false, s->line, "note: step skipped, %s is not installed", missing);
            free(missing);
            continue;
        }
        lint_blocks(&L, s->blocks, s->nblocks, BLOCK_SETUP, "setup");
        lint_blocks(&L, s->blocks, s->nblocks, BLOCK_EXAMPLE, "example");
        lint_live_values(&L, s->blocks, s->nblocks);
        if (lesson_step_is_task(s))
            lint_task_waits(&L, s);
        lint_blocks(&L, s->blocks, s->nblocks, BLOCK_SOLUTION, "solution");
        /* a check without a solution is a structure error already */
        if (lesson_step_count(s, BLOCK_SOLUTION) > 0)
            lint_checks(&L, s);
    }
    lesson_free(l);
    fflush(L.out);
    return L.problems;
}

int lesson_lint(const char *path, FILE *out)
{
    return lint_file(path, out, false);
}

/* ---- the linter in a child process ------------------------------------------------------- */

/* The child: start Python, lint into the pipe, say "E" at the end and leave at once, without
 * waiting for threads the lesson left running (the interpreter's exit would). */
static int lint_child(const char *path, int fd)
{
    FILE *f = fdopen(fd, "w");
    if (!f)
        return 2;
    if (interp_init() != 0) {
        fprintf(f, "P%s: cannot start Python to run the lesson\nE\n", path);
        fflush(f);
        return 2;
    }
    interp_set_give_up(LESSON_LINT_GIVE_UP);
    lint_file(path, f, true);
    fputs("E\n", f);
    fflush(f);
    return 0;
}

/* What the parent learned from the child's lines. */
typedef struct {
    int problems;
    bool ended;   /* the child said "E": it linted to the end */
    bool silent;  /* it said nothing for LESSON_LINT_SILENCE seconds */
} Relay;

/* Copy one tagged line to out: P a problem, N a note, H progress, E the end. */
static void relay_line(const char *line, FILE *out, Relay *r)
{
    if (line[0] == 'P' || line[0] == 'N') {
        fprintf(out, "%s\n", line + 1);
        r->problems += line[0] == 'P';
    } else if (line[0] == 'E') {
        r->ended = true;
    }
}

static void relay(int fd, FILE *out, Relay *r)
{
    char buf[4096];
    size_t have = 0;
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int n = poll(&p, 1, LESSON_LINT_SILENCE * 1000);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0) {
            r->silent = true;
            return;
        }
        ssize_t got = read(fd, buf + have, sizeof buf - 1 - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return;
        have += (size_t)got;
        buf[have] = '\0';
        char *start = buf, *nl;
        while ((nl = strchr(start, '\n')) != NULL) {
            *nl = '\0';
            relay_line(start, out, r);
            start = nl + 1;
        }
        have -= (size_t)(start - buf);
        memmove(buf, start, have);
        if (have == sizeof buf - 1) /* a line longer than the buffer: pass it on in pieces */
            have = 0;
    }
}

/* Wait for the child (killing it if it will not end); its wait status. */
static int reap(pid_t pid, bool kill_now)
{
    int status = 0;
    for (int i = 0; i < 20 && !kill_now; i++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return status;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

/* The problem an early end is: the lesson's code ended the child (os._exit, a signal). */
static void report_early_end(const char *path, const Relay *r, int status, FILE *out)
{
    fprintf(out, "%s: ", path);
    if (r->silent)
        fprintf(out, "the lesson's code stopped responding; the check was stopped after %d s "
                "without progress\n", LESSON_LINT_SILENCE);
    else if (WIFSIGNALED(status))
        fprintf(out, "the lesson's code ended the check early (killed by signal %d)\n",
                WTERMSIG(status));
    else
        fprintf(out, "the lesson's code ended the check early (exit status %d, os._exit?)\n",
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int lesson_lint_isolated(const char *path, FILE *out)
{
    if (!out)
        out = stdout;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        fprintf(out, "%s: cannot start the check: %s\n", path, strerror(errno));
        return 1;
    }
    fflush(NULL); /* nothing buffered may be written twice, by the child too */
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(out, "%s: cannot start the check: %s\n", path, strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return 1;
    }
    if (pid == 0) {
        close(fds[0]);
        _exit(lint_child(path, fds[1]));
    }
    close(fds[1]);
    Relay r = {0};
    relay(fds[0], out, &r);
    close(fds[0]);
    int status = reap(pid, r.silent);
    if (!r.ended) {
        report_early_end(path, &r, status, out);
        r.problems++;
    }
    fflush(out);
    return r.problems;
}
