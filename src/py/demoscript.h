/* demoscript.h — a demo script split into the steps a teacher presses through: its top-level
 * statements, or its `# %%` cells when it has them, with the comments above each as its
 * caption. Split by Python's own parser (ast, tokenize) behind the door: nothing of the script
 * runs here. Plain C data; the explorer (ui/demo.h) steps through it. */
#ifndef OBJSCOPE_DEMOSCRIPT_H
#define OBJSCOPE_DEMOSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int line;       /* where the step starts in the file (1-based) */
    char *caption;  /* the comment lines just above it, '#' taken off, one a line; "" when none
                     * (terminal-safe) */
    char *view;     /* "refs" or "layout" when a caption line says `objscope: refs`; else "" */
    char **chunks;  /* its statements' source, exactly as in the file: each one input */
    size_t nchunks;
    char *subject;  /* the name it binds or changes (`x.append(4)`: "x"), shown when the step
                     * gives no value; "" when none */
} DemoStep;

typedef struct {
    char *title;    /* the first line of the module docstring, or "" (terminal-safe) */
    bool cells;     /* the steps are `# %%` cells, not statements */
    DemoStep *steps;
    size_t nsteps;
} DemoScript;

/* Split source (named filename in messages). NULL with *error (owned) when Python cannot parse
 * it: "SyntaxError: invalid syntax (demo.py, line 3)". The interpreter must be running. */
DemoScript *demoscript_split(const char *source, const char *filename, char **error);
void demoscript_free(DemoScript *s);

#endif
