/* rows.h — a Layout turned into the diagram pane's rows (section titles, field rows, size
 * summary) and hex lines. Pure logic: the view only draws rows[top .. top+height), so drawing
 * costs what is on screen; a Layout itself is bounded (long arrays are elided). */
#ifndef OBJSCOPE_ROWS_H
#define OBJSCOPE_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"

typedef enum { ROW_SECTION, ROW_ENTRY, ROW_TEXT, ROW_BLANK } RowKind;

typedef struct {
    RowKind kind;
    const LayoutEntry *entry; /* ROW_ENTRY: borrowed from the Layout */
    int block;                /* -2 pre-header, -1 the object, else the buffer index */
    char *text;               /* ROW_SECTION / ROW_TEXT: owned; ROW_ENTRY: its value as drawn
                               * when presenter mode changes it (present.h), else NULL */
    bool warning;             /* ROW_TEXT that signals a problem (unaccounted, suspect) */
    bool changed;             /* ROW_ENTRY whose value the last run changed (present.h) */
} DiagramRow;

typedef struct {
    DiagramRow *rows;
    size_t len, cap;
    int offset_digits, size_digits; /* the widest offset and size as text, for column widths */
    int name_width;                 /* the widest entry name, in columns */
    bool no_ctype;                  /* the C-type column is hidden (present.h) */
} DiagramRows;

/* Rows for l (which must outlive them). text_width > 0: text rows (sizes, notes, warnings)
 * longer than that many columns go on in rows of their own, indented, so a pane of that width
 * shows all of them; 0 keeps each on one row. */
void rows_build(DiagramRows *r, const Layout *l, int text_width);
void rows_free(DiagramRows *r);
/* The next selectable row (an entry) from i in direction dir (+1/-1), or i when none. */
size_t rows_next_entry(const DiagramRows *r, size_t i, int dir);

/* :compare's line stating the differences between layout a (labelled la) and b: which takes
 * fewer bytes and how many (footprint), then getsizeof and deep size side by side; when the
 * footprints are equal but what they reach is not (a __dict__ beside __slots__ on 3.10), which
 * takes fewer bytes deep. Owned. */
char *rows_compare_summary(const Layout *a, const char *la, const Layout *b, const char *lb);

#define HEX_PER_LINE 16

typedef struct {
    long offset;                 /* from the object's address (negative: pre-header) */
    unsigned char bytes[HEX_PER_LINE];
    LayoutRole roles[HEX_PER_LINE];
    int n;
} HexLine;

/* The object's captured bytes (l->raw) as hex lines; each byte carries the role of its row. */
size_t rows_hex(const Layout *l, HexLine **lines);

#endif
