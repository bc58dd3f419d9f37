/* retbrowse.h — the model of the retained-size view, ncdu for a Python object: which node is
 * open (a breadcrumb of them), which row is selected and scrolled to, the tree being built in
 * steps, and the table by type. Pure logic over retained.h: no curses, so Check tests it; the
 * view (view_retained.c) only draws it and hands it keys. */
#ifndef OBJSCOPE_RETBROWSE_H
#define OBJSCOPE_RETBROWSE_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/retained.h"

typedef struct {
    size_t node;      /* the open object */
    size_t selected;  /* row index under it */
    size_t top;       /* first row shown */
} RetainedLevel;

typedef struct {
    RetainedJob *job;         /* building, or NULL */
    RetainedTree *tree;       /* built (owned), or NULL */
    bool stopped;             /* the learner stopped the count (Esc) */
    char *label;              /* what the root is called ("x") */
    RetainedLevel *levels;    /* [0] is the root; the last is open */
    size_t depth, cap;
    bool by_type;             /* the table by type instead of the rows */
    size_t table_top;         /* first line of the table shown */
    RetainedTypeRow *types;   /* the table of the open node, made when first shown */
    size_t ntypes;
    size_t types_node;
    int page;                 /* rows the view showed last time (PgUp/PgDn) */
    char message[160];        /* a reply to the last key */
} RetainedBrowser;

/* Browse what job counts (the browser owns it; the caller keeps the object alive and runs no
 * Python code while counting); label names the root in the breadcrumb. */
void retbrowse_start(RetainedBrowser *b, RetainedJob *job, const char *label);
/* One step of counting; true while more remains. */
bool retbrowse_step(RetainedBrowser *b, size_t budget);
/* Esc: stop counting (the view says so). */
void retbrowse_stop(RetainedBrowser *b);
/* Python code is about to run: the objects may change, so labels not read yet read "(gone)". */
void retbrowse_invalidate(RetainedBrowser *b);
void retbrowse_free(RetainedBrowser *b);

typedef enum {
    RB_UP, RB_DOWN, RB_PAGE_UP, RB_PAGE_DOWN, RB_FIRST, RB_LAST, /* the selection */
    RB_ENTER,   /* open the selected object's rows */
    RB_BACK,    /* back to the object above (false at the root) */
    RB_TABLE,   /* rows / table by type */
} RetainedMove;

/* Returns false when the move does nothing (the message says why). */
bool retbrowse_move(RetainedBrowser *b, RetainedMove m);

/* The open node, its rows, and the selected row (copies, good until the next call). */
size_t retbrowse_open_node(const RetainedBrowser *b);
size_t retbrowse_rows(RetainedBrowser *b);
bool retbrowse_row(RetainedBrowser *b, size_t i, RetainedRow *out, const char **label);
/* The selected row's node, for retained_object(); RETAINED_BLOCK when it is a block, the
 * table by type shows, or nothing is counted. */
size_t retbrowse_selected_node(RetainedBrowser *b);

/* "x → ['k7'] → [3]": the open path, labels joined by sep. Owned. */
char *retbrowse_breadcrumb(RetainedBrowser *b, const char *sep);

/* The table by type of the open node (made on first use). */
size_t retbrowse_types(RetainedBrowser *b, const RetainedTypeRow **rows);

/* Keep the selection on screen in a list of `rows` lines. */
void retbrowse_scroll(RetainedBrowser *b, int rows);

#endif
