/* across.h — one expression in every objscope build within reach (--across EXPR, :across):
 * find the builds (find.c), run each as a child `objscope --json` under a time limit and an
 * output bound, read its JSON (run.c, shape.c), and say what changed between consecutive
 * CPython versions (diff.c). Runs no Python in this process: each build's own interpreter
 * answers in its own process, so no version can hang or crash the one asking.
 *
 *   builds (paths) --across_start--> AcrossJob --across_step...--> across_finish --> AcrossResult
 *   AcrossResult --render_across_text / render_across_json--> Out (render.h) */
#ifndef OBJSCOPE_ACROSS_H
#define OBJSCOPE_ACROSS_H

#include <stdbool.h>
#include <stddef.h>

#define ACROSS_TIME_LIMIT_MS 20000     /* a build that takes longer is stopped (a row says so) */
#define ACROSS_MAX_OUTPUT (16u << 20)  /* bytes of --json read from a child, at most */
#define ACROSS_MAX_STDERR 8192         /* bytes of its stderr kept, for the reason it failed */
#define ACROSS_MAX_BUILDS 32

/* One row of a layout: a field of the object, of its pre-header or of a block it owns. */
typedef struct {
    char *section;  /* "pre-header", "object", or the block's name ("dict keys table") */
    char *name;     /* "ob_refcnt", "ma_keys", "(padding)" */
    char *ctype;
    long long offset, size;
} AcrossRow;

/* A block the object owns or points to, as a whole. */
typedef struct {
    char *name;
    long long size;
    bool shared;    /* another object's (a class's shared keys) */
} AcrossBlock;

/* What one build said about the expression, or why it said nothing. */
typedef struct {
    char *path;           /* the binary run */
    char *shown;          /* path as text shows it: relative to the current folder when in it */
    char *label;          /* from its name, until it says its version: "objscope-3.12" */
    char *error;          /* why there are no figures (owned), or NULL */
    char *version;        /* its CPython, "3.12.1" (NULL when it failed before saying) */
    char *type, *kind;    /* the value's type and the describer that read it */
    long long getsizeof, footprint;
    bool has_deep;
    long long deep_footprint, deep_count, deep_objects;
    AcrossRow *rows;
    size_t nrows;
    AcrossBlock *blocks;
    size_t nblocks;
} AcrossBuild;

typedef enum { ACROSS_APPEARED, ACROSS_DISAPPEARED, ACROSS_CHANGED } AcrossChangeKind;

/* One difference between two consecutive builds: a row, or (name NULL) a whole block. */
typedef struct {
    AcrossChangeKind kind;
    size_t from, to;          /* indexes into AcrossResult.builds */
    char *section, *name;     /* owned */
    AcrossRow before, after;  /* borrowed strings (the builds own them); zero when absent */
} AcrossChange;

typedef struct {
    char *expr;
    AcrossBuild *builds;      /* ordered by CPython version; those that failed last */
    size_t nbuilds;
    AcrossChange *changes;    /* between each build and the next that answered */
    size_t nchanges, cap_changes;
    char **notes;             /* builds left out (the same CPython as another), owned */
    size_t nnotes;
} AcrossResult;

/* ---- finding builds (find.c) ---- */

/* The builds beside self (the running binary's path): self first, then objscope and
 * objscope-3.X in its folder, then, when self sits in a build tree (build/objscope or
 * build/NAME/objscope), build/objscope and every build/NAME/objscope (sanitizer builds left
 * out: the same CPython, ten times slower). Executable regular files, each file once. Owned
 * array of owned paths; *n of them. */
char **across_find_builds(const char *self, size_t *n);
void across_free_paths(char **paths, size_t n);
/* The running binary's path (owned), or NULL. */
char *across_self_path(void);

/* ---- running them (run.c) ---- */

typedef struct AcrossJob AcrossJob;

/* Start: nothing runs until the first step. Copies everything it is given. setup runs before
 * EXPR in each build, as --setup does: a script, whose first error is the build's answer; with
 * `session`, it is the inputs of an interactive session instead, and an input that raises goes
 * on to the next as it did at the prompt (across_session_input). */
AcrossJob *across_start(char *const *paths, size_t n, const char *expr,
                        const char *const *setup, size_t nsetup, bool session, int time_limit_ms);
/* One input of a session as a --setup block that runs it and swallows its exception (any,
 * SystemExit included): the source travels as hex, so no quoting can change it. Owned. */
char *across_session_input(const char *src);
/* Run for up to wait_ms: start the next build, read its output, notice it ended or ran out
 * of time. True while builds remain. */
bool across_step(AcrossJob *job, int wait_ms);
/* The build running now ("objscope-3.12"), or NULL; and how many have finished. */
const char *across_running(const AcrossJob *job, size_t *done, size_t *total);
/* Stop the running build at once and skip the rest (each gets a row saying so). */
void across_stop(AcrossJob *job);
/* The result (owned), ordered and compared; frees the job. */
AcrossResult *across_finish(AcrossJob *job);
void across_free(AcrossResult *r);

/* ---- reading one build's answer (shape.c) ---- */

/* Fill b's figures and rows from a child's stdout (what it printed before the JSON document,
 * from --setup, is skipped). false with b->error set when it holds no objscope layout. */
bool across_read_json(AcrossBuild *b, const char *out, size_t n);

/* ---- comparing (diff.c) ---- */

/* Order r's builds by version (failed ones last, in their order), leave out a build that
 * reports the same CPython as one before it (with a note), then fill r->changes between each
 * answering build and the next. */
void across_compare(AcrossResult *r);
/* The differences between two builds' rows, appended to r->changes. */
void across_diff(AcrossResult *r, size_t from, size_t to);
/* How many builds answered. */
size_t across_answered(const AcrossResult *r);

#endif
