/* app.h — the explorer: a full-screen REPL beside a live memory diagram. */
#ifndef OBJSCOPE_APP_H
#define OBJSCOPE_APP_H

#include <stdbool.h>

typedef struct {
    const char *theme;  /* --theme NAME, or NULL for the config's / the default */
    const char **setup; /* --setup blocks run before the first prompt */
    int nsetup;
    double started_us; /* CLOCK_MONOTONIC at process start, for bench/run.sh's first frame */
    const char *lesson; /* --lesson NAME: open it at start */
    const char *demo;   /* --demo FILE: step through it (classroom.h) */
    bool present;       /* --present: presenter mode */
} AppOptions;

/* Run the explorer until the learner quits; returns the exit status. The interpreter must
 * already be started (interp_init). */
int app_run(const AppOptions *opt);

#endif
