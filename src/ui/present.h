/* present.h — presenter mode's diagram (objscope --present, :present): what the pane leaves
 * out while details are hidden (addresses, the C-type column, the detail area: F4 shows them),
 * the room between sections, and the rows whose values the last run changed, found by
 * comparing the object's rows, by name, with how they read before that run. Pure logic: the
 * diagram (diagram.c) asks, and draws the marks. */
#ifndef OBJSCOPE_PRESENT_H
#define OBJSCOPE_PRESENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"
#include "ui/rows.h"

/* How many objects' rows are remembered (the ones shown most recently). */
#define PRESENT_REMEMBER 16

typedef struct {
    char **keys, **values; /* "BLOCK:name" -> the value as presenter mode shows it */
    size_t n;
} PresentRows;

typedef struct {
    uintptr_t address;          /* 0: a free slot */
    char *type_name;
    unsigned long generation;   /* the run after which `seen` was read */
    PresentRows seen;           /* the rows as the object showed them last */
    PresentRows before;         /* as it showed them before that run */
    bool has_before;
    unsigned long used;         /* for choosing the slot to reuse */
} PresentObject;

typedef struct {
    bool on;                    /* presenter mode: room between sections, changes marked */
    bool hide_details;          /* addresses, the C-type column and the detail area hidden */
    bool ascii;                 /* values drawn without UTF-8 arrows and dots */
    bool focused;               /* the pane had the keys when last drawn (presenter mode shows
                                 * the selected row only then) */
    PresentObject objects[PRESENT_REMEMBER];
    unsigned long clock;
    char **changed;             /* keys of the rows the last run changed, of the object shown */
    size_t nchanged;
} Presentation;

void present_free(Presentation *p);
/* Forget every object's rows (the namespace was made afresh: addresses mean other objects). */
void present_forget(Presentation *p);
/* No row is marked changed (another object is shown). */
void present_clear_changes(Presentation *p);

/* The object described in l was read after run `generation` (interp_generation): remember its
 * rows, and mark those whose value is not what it was before that run (a row it did not have
 * counts as changed). Only in presenter mode. */
void present_compare(Presentation *p, const Layout *l, unsigned long generation);
/* Rows made for the pane (rows_build), as presenter mode shows them: a blank row before each
 * section, the pre-header in one row while details are hidden, addresses left out of titles
 * and values (an entry's value then goes in its row's text), no C-type column, the changed
 * rows marked (and the title of a block whose size changed). */
void present_rows(const Presentation *p, DiagramRows *rows);

/* s without memory addresses ("list at 0x7f..1a80" -> "list", "0x7f..19b0  · the item array"
 * -> "the item array"); "" when nothing else was there. Owned. */
char *present_strip_addresses(const char *s);
/* An entry's value as presenter mode shows and compares it: render_entry_value without
 * addresses, "(an address)" when that was all. Owned. */
char *present_value(const LayoutEntry *e, bool ascii);

#endif
