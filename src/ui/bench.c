/* bench.c — the explorer's own figures for bench/run.sh (see bench.h). */
#include "ui/bench.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ui/runcode.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

void bench_explorer(App *a, const char *expr, char *report, size_t n)
{
    const char *frames_env = getenv("OBJSCOPE_BENCH_FRAMES");
    int frames = frames_env ? atoi(frames_env) : 100;
    app_draw(a);
    double first = now_us() - a->started_us;
    InterpHandle *v = *expr ? runcode_eval(a, expr) : NULL;
    double t0 = now_us();
    if (v)
        diagram_show(&a->diagram, v, expr);
    diagram_deep_cancel(&a->diagram); /* frames measure drawing, not the deep walk */
    double t1 = now_us();
    for (int i = 0; i < frames; i++) {
        clearok(stdscr, TRUE);
        app_draw(a);
    }
    double t2 = now_us();
    snprintf(report, n, "objscope-bench first_frame_us=%.0f show_us=%.0f frame_us=%.1f frames=%d "
             "rss_kb=%ld\n", first, t1 - t0, frames > 0 ? (t2 - t1) / frames : 0.0, frames, rss_kb());
}

static double paste_started_us = -1;

bool bench_paste_wanted(void)
{
    const char *v = getenv("OBJSCOPE_BENCH_PASTE");
    return v && *v;
}

void bench_paste_started(void)
{
    if (paste_started_us < 0 && bench_paste_wanted())
        paste_started_us = now_us();
}

bool bench_paste_frame(App *a, char *report, size_t n)
{
    if (paste_started_us < 0 || a->pasting)
        return false;
    double editable = now_us() - paste_started_us;
    const int frames = 20;
    double t0 = now_us();
    for (int i = 0; i < frames; i++) { /* what each key typed into it would cost to show */
        clearok(stdscr, TRUE);
        app_draw(a);
    }
    double frame = (now_us() - t0) / frames;
    snprintf(report, n, "objscope-bench editable_us=%.0f frame_after_us=%.0f input_bytes=%zu "
             "rss_kb=%ld\n", editable, frame, editor_len(a->repl.ed), rss_kb());
    return true;
}
