/* render.h — Layout renderers: text diagram (pahole-style table in boxes) and JSON.
 * They read a const Layout * and write through an Out; they never see CPython. */
#ifndef OBJSCOPE_RENDER_H
#define OBJSCOPE_RENDER_H

#include <stdbool.h>

#include "layout/layout.h"
#include "layout/retained.h"
#include "render/out.h"

typedef struct {
    bool ascii; /* plain ASCII line drawing instead of UTF-8 box characters */
} TextOptions;

void render_text(const Layout *l, const TextOptions *opt, Out *out);
void render_json(const Layout *l, Out *out);

/* A row's value column as the diagram shows it: the live value, "→ type" for pointers, and the
 * note after a "·" (ASCII: "->", "-"). Owned string. */
char *render_entry_value(const LayoutEntry *e, bool ascii);

typedef struct {
    bool ascii;  /* ASCII tree lines */
    int depth;   /* levels below the object */
    size_t top;  /* rows shown a level; the rest are folded into one "… N more" row */
} RetainedTextOptions;

/* The retained-size tree of t (retained.h): an indented tree, largest first, then the objects
 * kept alive by type; or the same as JSON (docs/json-schema.md). Labels are read from the live
 * objects, so the tree must still be valid. */
void render_retained_text(RetainedTree *t, const RetainedTextOptions *opt, Out *out);
void render_retained_json(RetainedTree *t, const RetainedTextOptions *opt, Out *out);

/* Write s as a JSON string literal (quotes included). */
void render_json_string(Out *out, const char *s);

#endif
