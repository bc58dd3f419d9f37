/* diagram.h — the diagram pane: the layout of the object being looked at, the walk from object
 * to object through its pointers (a stack of handles, shown as a breadcrumb), the hex view, the
 * side-by-side comparison of two layouts, and the deep-size count that runs in steps. */
#ifndef OBJSCOPE_DIAGRAM_H
#define OBJSCOPE_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"
#include "ui/geometry.h"
#include "ui/keys.h"
#include "ui/present.h"
#include "ui/rows.h"

struct _object;

typedef struct {
    struct _object *obj; /* a reference objscope holds (interp_value_retain) */
    char *label;         /* how we got here: the expression, "[2]", "ob_type" */
    size_t selected, top;
    size_t focus_index;  /* array window (LAYOUT_NO_FOCUS: none) */
} DiagramFrame;

typedef struct {
    DiagramFrame *stack;
    size_t depth, cap;
    Layout *layout; /* of the top frame */
    DiagramRows rows;
    int rows_width;      /* the text rows are wrapped for a pane this wide (0: not yet drawn) */
    bool hex;
    size_t hex_top;
    HexLine *hex_lines;  /* the layout's hex lines, made when the hex view first needs them */
    size_t hex_nlines;
    LayoutDeepJob *deep; /* counting in steps, or NULL */
    bool deep_stopped;   /* the learner stopped the count (until it starts again) */
    Layout *compare[2];  /* :compare, shown instead of the stack when set */
    char *compare_label[2];
    DiagramRows compare_rows[2]; /* made once per :compare and width, not per frame */
    int compare_width;
    size_t compare_top;  /* rows scrolled in :compare (both sides move together) */
    char message[160];   /* a one-line reply to the last key ("not a pointer") */
    int page;            /* rows the pane showed last time (for PgUp/PgDn) */
    Presentation show;   /* presenter mode and hidden details (present.h; set by classroom.c) */
} Diagram;

void diagram_init(Diagram *d);
void diagram_free(Diagram *d);

/* Look at o from scratch (the stack restarts there). Takes over the caller's reference to o, so
 * the refcount shown counts only the references objscope keeps. */
void diagram_show(Diagram *d, struct _object *o, const char *label);
/* Show two objects side by side with their sizes. */
void diagram_compare(Diagram *d, struct _object *a, const char *la, struct _object *b,
                     const char *lb);
/* Read the top object's memory again (after code ran, or on `r`). */
void diagram_refresh(Diagram *d);

/* Handle a key action; returns true when the diagram changed. */
bool diagram_key(Diagram *d, Action a);
/* Select the row drawn at screen line y of the pane last drawn in r (mouse). */
void diagram_click(Diagram *d, Rect r, int y);

void diagram_draw(Diagram *d, Rect r, bool focused, bool compact, bool utf8);
/* The pane is now r: the text rows wrap to its width. */
void diagram_resize(Diagram *d, Rect r);
/* The selected row of the fields view (borrowed until the diagram changes), or NULL (nothing
 * shown, the hex view, :compare). */
const LayoutEntry *diagram_selected(Diagram *d);
/* A one-line reply shown in the detail area until the next key. */
void diagram_note(Diagram *d, const char *message);
/* A row's kind as the diagram shows it: "head", "ptr", "free", ... */
const char *diagram_kind_label(LayoutRole r);

/* The deep-size count runs between keys: one step of work; true while more remains. */
bool diagram_deep_step(Diagram *d);
/* The learner stops it (Esc, Ctrl-C): the diagram says so. */
void diagram_deep_stop(Diagram *d);
/* Stop it (before any Python code runs, and on Esc). */
void diagram_deep_cancel(Diagram *d);

#endif
