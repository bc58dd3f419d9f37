/* bench.h — the explorer measured from inside (bench/run.sh sets OBJSCOPE_BENCH): the first
 * frame, opening an object, full frames, resident memory. For measuring, not for learners. */
#ifndef OBJSCOPE_BENCH_H
#define OBJSCOPE_BENCH_H

#include <stddef.h>

#include "ui/appstate.h"

/* OBJSCOPE_BENCH=EXPR: show EXPR (empty: nothing), draw OBJSCOPE_BENCH_FRAMES full frames, and
 * write the figures into report (printed on stderr once the terminal is restored). */
void bench_explorer(App *a, const char *expr, char *report, size_t n);

#endif
