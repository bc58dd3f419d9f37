/* diagram.h — the diagram pane: the layout of the object being looked at, the walk from object
 * to object through its pointers (a stack of handles, shown as a breadcrumb), the hex view, the
 * side-by-side comparison of two layouts, the deep-size count that runs in steps, and what
 * objscope holds: its frames' objects, let go of when the learner's code no longer refers to
 * them (or on :release). */
#ifndef OBJSCOPE_DIAGRAM_H
#define OBJSCOPE_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"
#include "py/handle.h"
#include "ui/geometry.h"
#include "ui/keys.h"
#include "ui/rows.h"

typedef struct {
    InterpHandle *obj;   /* the object (owned) */
    char *label;         /* how we got here: the expression, "[2]", "ob_type" */
    char *type_name;     /* its type, as its layout named it (owned; NULL until described) */
    size_t selected, top;
    size_t focus_index;  /* array window (LAYOUT_NO_FOCUS: none) */
    char *focus_array;   /* the array it is in ("entries"), owned; NULL with no focus */
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
    char *gone;          /* why the diagram is empty: what objscope let go of (owned), or NULL */
    int held_frames;     /* references to the shown object: the frames showing it, */
    int held_elsewhere;  /* other holders' handles (other views), */
    bool held_underscore; /* and the REPL's `_` (read when it is described) */
    int page;            /* rows the pane showed last time (for PgUp/PgDn) */
} Diagram;

void diagram_init(Diagram *d);
void diagram_free(Diagram *d);

/* Look at h's object from scratch (the stack restarts there). Takes the handle. */
void diagram_show(Diagram *d, InterpHandle *h, const char *label);
/* Show two objects side by side with their sizes (the handles stay the caller's). */
void diagram_compare(Diagram *d, InterpHandle *a, const char *la, InterpHandle *b,
                     const char *lb);
/* The object shown (borrowed; NULL when none or a comparison is showing) and how it was reached
 * (*label, the breadcrumb's). */
const InterpHandle *diagram_current(const Diagram *d, const char **label);
/* Read the top object's memory again (after code ran, or on `r`). */
void diagram_refresh(Diagram *d);
/* After interp_handles_let_go(): the frames whose objects objscope let go of leave the stack
 * (all of it when the shown object went, and the pane says so). Returns the REPL's line naming
 * them ("objscope let go of h (A): ..."), owned, or NULL when none went. */
char *diagram_after_let_go(Diagram *d);
/* :release: let go of every object the frames hold, and of `_` when it is one of them. Returns
 * what was let go, for the REPL (owned). */
char *diagram_release(Diagram *d);

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
