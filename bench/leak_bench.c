/* leak_bench.c — resident memory after 10,000 evaluations against after 100 (bench/README.md).
 *
 * One evaluation is what the explorer does for one input, each through the guarded door: run an
 * expression (its value, repr and `_`), describe the value's layout, run a statement that prints
 * and writes at the file-descriptor level, complete a name, and evaluate a lesson check. Prints
 * the figures and the growth per evaluation; a leak shows as growth that does not level off.
 * Never fails on the figures; exits 1 only when an evaluation does not behave. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "layout/layout.h"
#include "py/interp.h"

#define FIRST 100
#define TOTAL 10000

/* Resident set size in kB: the second field of /proc/self/statm, in pages. */
static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = -1;
    if (f && fscanf(f, "%*d %ld", &pages) != 1)
        pages = -1;
    if (f)
        fclose(f);
    return pages < 0 ? -1 : pages * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One evaluation; false when something did not give the answer it must. */
static bool evaluate(int i)
{
    char src[64];
    snprintf(src, sizeof src, "[n * %d for n in range(50)]", i);
    InterpResult *r = interp_run(src, INTERP_MODE_REPL);
    bool ok = r->status == INTERP_VALUE && r->repr && !r->repr_failed;
    if (ok) {
        LayoutOptions opt = layout_default_options();
        opt.refs_held = interp_refs_held(r);
        layout_free(layout_describe(r->value, &opt));
    }
    interp_result_free(r);
    r = interp_run("print('x' * 100); import os; n = os.write(1, b'fd\\n')", INTERP_MODE_EXEC);
    ok = ok && r->status == INTERP_DONE && strlen(r->out) == 104;
    interp_result_free(r);
    size_t n = 0;
    char **c = interp_complete("pri", &n);
    ok = ok && n >= 1;
    interp_strings_free(c, n);
    char *text = NULL;
    bool truthy = false;
    ok = ok && interp_eval_quiet("len(_) == 50", &text, &truthy) == 0 && truthy;
    free(text);
    return ok;
}

int main(int argc, char **argv)
{
    int total = argc > 1 ? atoi(argv[1]) : TOTAL; /* a longer run shows whether growth levels off */
    if (total < FIRST + 1 || interp_init() != 0)
        return 2;
    long first = 0;
    double started = now(), first_at = 0;
    printf("RSS after");
    for (int i = 1; i <= total; i++) {
        if (!evaluate(i)) {
            fprintf(stderr, "leak_bench: evaluation %d went wrong\n", i);
            return 1;
        }
        if (i == FIRST) {
            first = rss_kb();
            first_at = now();
        }
        if (i == FIRST || i % (total / 5) == 0)
            printf(" %d: %ld kB%s", i, rss_kb(), i == total ? "\n" : ",");
        fflush(stdout);
    }
    long last = rss_kb();
    double per_eval_us = (now() - first_at) / (total - FIRST) * 1e6;
    printf("RSS after %d evaluations %ld kB, after %d %ld kB: %+ld kB, %.1f bytes per evaluation, "
           "ratio %.3fx\n", FIRST, first, total, last, last - first,
           (double)(last - first) * 1024.0 / (total - FIRST), first > 0 ? (double)last / first : 0);
    printf("time per evaluation (run + repr + layout + print + completion + check): %.0f us; "
           "whole run %.1f s\n", per_eval_us, now() - started);
    interp_finalize();
    return 0;
}
