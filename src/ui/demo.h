/* demo.h — a demo script in the explorer (objscope --demo FILE, :demo FILE): the script split
 * into steps (py/demoscript.h), the step the class is at, and stepping: Space types the next
 * step into the REPL, runs it and shows the diagram of its value or of the name it bound; Left
 * runs the script again up to the step before, in a fresh namespace. The strip above the panes
 * (view_demo.c) shows the counter and the step's caption. */
#ifndef OBJSCOPE_DEMO_H
#define OBJSCOPE_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "py/demoscript.h"

typedef struct App App;

typedef struct Demo {
    DemoScript *script;
    char *path;
    char *name;       /* the file's name, for the strip ("aliasing.py") */
    size_t done;      /* steps that have run: 0 before the first, nsteps at the end */
    char message[200];/* a reply to the last key of the demo ("the end of the script") */
} Demo;

/* Most bytes a demo script may have. */
#define DEMO_MAX_BYTES (1024 * 1024)

/* The shipped demos (the .py files in assets/demos), sorted: owned paths; NULL with *count 0 if none. */
char **demo_catalog(size_t *count);
/* A demo by path (a name with a '/' or ending in .py that exists), else a shipped one by number
 * ("4"), name ("04-aliasing") or part of it ("aliasing"). Owned path, or NULL. */
char *demo_find(const char *name);
/* Read and split the script at path. NULL with *error (owned) saying why. */
Demo *demo_load(const char *path, char **error);
void demo_free(Demo *d);

/* The step that ran last (NULL before the first). */
const DemoStep *demo_current(const Demo *d);
/* A caption's lines joined into one line of text for the strip, blank ones left out: owned. */
char *demo_caption_text(const char *caption);

/* The rows the strip above the panes needs at this width (view_demo.c; 0 for no demo). */
int demo_strip_rows(const Demo *d, int cols);

/* ---- in the explorer (demo.c): each runs code through runcode.h ------------------------- */

/* Open a demo (as demo_find finds it) in a fresh namespace, focused: problems go to the
 * scrollback. */
void demo_open(App *a, const char *name);
/* Close the demo; the namespace stays as it is. */
void demo_close(App *a);
/* Type the next step into the REPL, run it, show its picture. */
void demo_next(App *a);
/* Run the script again, in a fresh namespace, up to the step before the current one. */
void demo_back(App *a);
/* Back to before the first step, the namespace empty. */
void demo_restart(App *a);

#endif
