/* lesson.h — a lesson file (lessons/NAME.md; the format is lessons/README.md) as plain C data,
 * parsed with md4c. No Python here: running examples and checks is lesson/run.h. */
#ifndef OBJSCOPE_LESSON_H
#define OBJSCOPE_LESSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    BLOCK_PROSE,    /* a paragraph, list item or quote: spans */
    BLOCK_EXAMPLE,  /* ```python */
    BLOCK_SETUP,    /* ```setup */
    BLOCK_CHECK,    /* ```check: one expression per line */
    BLOCK_HINT,     /* ```hint */
    BLOCK_SOLUTION, /* ```solution */
    BLOCK_REQUIRES, /* ```requires: module names */
    BLOCK_WRONG,    /* ```wrong: a mistake the step's checks must not accept (never shown) */
} LessonBlockKind;

typedef enum { SPAN_TEXT, SPAN_CODE, SPAN_LIVE, SPAN_EMPHASIS, SPAN_STRONG } LessonSpanKind;

typedef struct {
    LessonSpanKind kind;
    char *text; /* SPAN_LIVE: the expression after '=' (trimmed) */
    int line;   /* 1-based line where the span starts */
} LessonSpan;

typedef struct {
    LessonBlockKind kind;
    int line;            /* 1-based line of the block in the file */
    char *text;          /* code blocks: the code (ends with '\n'; "" when empty), for a hint
                          * its Markdown; prose: the plain text of its spans (a live span as
                          * "= EXPR") */
    LessonSpan *spans;   /* prose and hints (shown like prose, never live); else NULL; never
                          * empty */
    size_t nspans;
    bool bullet;         /* prose that is a list item */
    bool preformatted;   /* prose that is an indented code block (one SPAN_CODE, lines kept) */
} LessonBlock;

typedef struct {
    char *title;
    int line;            /* the `## ` heading's line */
    LessonBlock *blocks;
    size_t nblocks;
} LessonStep;

typedef struct {
    char *path;
    char *id;            /* file name without folder and ".md": "04-slots" */
    char *title;
    char *summary;       /* the first paragraph after the title, plain text ("" if none) */
    int line;            /* the title's line */
    LessonBlock *intro;  /* blocks before the first step (prose, setup, examples); the summary
                          * paragraph is among them */
    size_t nintro;
    LessonStep *steps;
    size_t nsteps;
} Lesson;

typedef struct {
    int line;            /* 0 when not about one line */
    char *message;
} LessonError;

typedef struct {
    LessonError *items;
    size_t len, cap;
} LessonErrors;

/* Parse a lesson file. Structure problems go to errs (if not NULL) as line + message, appended
 * sorted by line; returns NULL when the file cannot be used at all (unreadable, too large, not
 * UTF-8, a NUL or control character, no title). Any other error still gives a lesson: blocks
 * in the wrong place are dropped, a fence of an unknown kind becomes preformatted prose. */
Lesson *lesson_load(const char *path, LessonErrors *errs);
/* Same from memory; `name` stands in for the path in messages and the id. */
Lesson *lesson_parse(const char *name, const char *text, size_t n, LessonErrors *errs);
void lesson_free(Lesson *l);
void lesson_errors_free(LessonErrors *e);

/* A task step has at least one check block. */
bool lesson_step_is_task(const LessonStep *s);
/* The n-th block of a kind in a step (NULL past the last). */
const LessonBlock *lesson_step_block(const LessonStep *s, LessonBlockKind kind, size_t n);
size_t lesson_step_count(const LessonStep *s, LessonBlockKind kind);

/* The lessons in a folder (its regular *.md files but README.md and hidden ones), sorted by
 * file name: owned paths (free each, then the array); NULL with *count 0 when there are none. */
char **lesson_catalog(const char *dir, size_t *count);

#define LESSON_MAX_BYTES (1024 * 1024)

#endif
