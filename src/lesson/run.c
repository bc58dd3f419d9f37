/* run.c — a lesson against the learner's interpreter (see run.h): live values, setup blocks,
 * checks, requirements, and the linter behind `objscope --check-lesson`. Python is reached only
 * through src/py/interp.h. Live values and checks are evaluated quietly (interp_eval_quiet: no
 * `_`, no output, a time limit); setup, examples and solutions run as statements through
 * interp_run with their output discarded. */
#include "lesson/run.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "py/interp.h"
#include "util/xalloc.h"

/* Longest an example, setup or solution may run while linting. */
#define LESSON_LINT_SECONDS 30

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

/* Run statements; 0, or -1 with *error (owned) saying why. Output is discarded. */
static int run_statements(const char *code, char **error)
{
    InterpResult *r = interp_run(code ? code : "", INTERP_MODE_EXEC);
    int rc = 0;
    char *why = NULL;
    if (r->status == INTERP_ERROR) {
        why = last_line(r->err);
        rc = -1;
    } else if (r->status == INTERP_EXIT) {
        why = xasprintf("SystemExit: %d", r->exit_code);
        rc = -1;
    }
    interp_result_free(r);
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

/* While linting, a run that does not finish is stopped (as interp.c's repr limit does, and
 * giving the caller's SIGALRM back afterwards). */
typedef struct {
    struct sigaction old_action;
    struct itimerval old_timer;
} LintTimer;

static volatile sig_atomic_t lint_alarm_fired;

static void on_lint_alarm(int sig)
{
    (void)sig;
    int saved_errno = errno;
    lint_alarm_fired = 1;
    interp_interrupt();
    errno = saved_errno;
}

static void lint_timer_start(LintTimer *t)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_lint_alarm;
    sigemptyset(&sa.sa_mask);
    lint_alarm_fired = 0;
    sigaction(SIGALRM, &sa, &t->old_action);
    /* then every 250 ms: code may swallow one KeyboardInterrupt */
    struct itimerval limit = {.it_value = {LESSON_LINT_SECONDS, 0}, .it_interval = {0, 250000}};
    setitimer(ITIMER_REAL, &limit, &t->old_timer);
}

static bool lint_timer_stop(LintTimer *t)
{
    struct itimerval off;
    memset(&off, 0, sizeof off);
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &t->old_action, NULL);
    setitimer(ITIMER_REAL, &t->old_timer, NULL);
    return lint_alarm_fired;
}

typedef struct {
    const char *path;
    FILE *out;
    int problems;
} Lint;

static void report(Lint *L, bool counts, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(Lint *L, bool counts, int line, const char *fmt, ...)
{
    if (line > 0)
        fprintf(L->out, "%s:%d: ", L->path, line);
    else
        fprintf(L->out, "%s: ", L->path);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(L->out, fmt, ap);
    va_end(ap);
    fputc('\n', L->out);
    L->problems += counts;
}

/* Run a setup, example or solution block; a failure is a problem. */
static void lint_run(Lint *L, const LessonBlock *b, const char *what)
{
    LintTimer timer;
    char *error = NULL;
    lint_timer_start(&timer);
    int rc = run_statements(b->text, &error);
    bool stopped = lint_timer_stop(&timer);
    if (rc != 0 && stopped)
        report(L, true, b->line, "%s did not finish within %d s", what, LESSON_LINT_SECONDS);
    else if (rc != 0)
        report(L, true, b->line, "%s failed: %s", what, error);
    free(error);
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
            char *text = NULL;
            if (interp_eval_quiet(sp->text, &text, NULL) != 0)
                report(L, true, sp->line, "live value `= %s` failed: %s", sp->text, text);
            free(text);
        }
    }
}

static void lint_checks(Lint *L, const LessonStep *s)
{
    CheckWalk w = {.step = s};
    int line;
    char *expr;
    while ((expr = next_check(&w, &line)) != NULL) {
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

int lesson_lint(const char *path, FILE *out)
{
    Lint L = {path ? path : "<lesson>", out ? out : stdout, 0};
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
        lint_blocks(&L, s->blocks, s->nblocks, BLOCK_SOLUTION, "solution");
        /* a check without a solution is a structure error already */
        if (lesson_step_count(s, BLOCK_SOLUTION) > 0)
            lint_checks(&L, s);
    }
    lesson_free(l);
    fflush(L.out);
    return L.problems;
}
