/* bench.h — the explorer measured from inside (bench/run.sh sets OBJSCOPE_BENCH): the first
 * frame, opening an object, full frames, resident memory. For measuring, not for learners. */
#ifndef OBJSCOPE_BENCH_H
#define OBJSCOPE_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/appstate.h"

/* OBJSCOPE_BENCH=EXPR: show EXPR (empty: nothing), draw OBJSCOPE_BENCH_FRAMES full frames, and
 * write the figures into report (printed on stderr once the terminal is restored). */
void bench_explorer(App *a, const char *expr, char *report, size_t n);

/* OBJSCOPE_BENCH_PASTE=1: the explorer runs as usual until a bracketed paste arrives; the time
 * from its first byte to the first frame drawn after it (the paste is then editable, or has
 * run) and the cost of a frame with it in place go into the report, and the explorer quits. */
bool bench_paste_wanted(void);
void bench_paste_started(void);
/* After each frame of the main loop: true when the paste figures are done (report filled). */
bool bench_paste_frame(App *a, char *report, size_t n);

#endif
