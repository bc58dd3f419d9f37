/* render.h — Layout renderers: text diagram (pahole-style table in boxes), JSON and SVG.
 * They read a const Layout * and write through an Out; they never see CPython or curses. */
#ifndef OBJSCOPE_RENDER_H
#define OBJSCOPE_RENDER_H

#include <stdbool.h>

#include "across/across.h"
#include "layout/layout.h"
#include "layout/retained.h"
#include "render/out.h"

/* What a piece of the text diagram is, so a renderer with colour (SVG) can style it the way the
 * explorer styles the same thing. TEXT_STYLE_ROLE + a LayoutRole: a row of that kind. */
typedef enum {
    TEXT_STYLE_NORMAL,
    TEXT_STYLE_RESULT,  /* the repr line */
    TEXT_STYLE_SECTION, /* box titles, "sizes (bytes)", the column heads */
    TEXT_STYLE_FRAME,   /* box lines */
    TEXT_STYLE_INFO,    /* notes */
    TEXT_STYLE_WARNING, /* unaccounted bytes, a suspect __sizeof__ */
    TEXT_STYLE_ROLE,
    TEXT_STYLE_COUNT = TEXT_STYLE_ROLE + ROLE_COUNT
} TextStyle;

/* Added to a TextStyle: bold on top of the style (the explorer bolds header names). */
#define TEXT_STYLE_BOLD 0x100

/* Called before text of another style is written; the text that follows until the next call
 * has that style (a TextStyle, maybe | TEXT_STYLE_BOLD). */
typedef void (*TextStyleFn)(unsigned style, void *userdata);

#define TEXT_DEFAULT_WIDTH 97 /* --dump's width when stdout is not a terminal */

typedef struct {
    bool ascii;        /* plain ASCII line drawing instead of UTF-8 box characters */
    int width;         /* columns for every line; 0: TEXT_DEFAULT_WIDTH. Narrower than the
                        * columns need (67 for small offsets) is drawn at what they need. */
    TextStyleFn style; /* NULL for plain text */
    void *style_userdata;
} TextOptions;

void render_text(const Layout *l, const TextOptions *opt, Out *out);
void render_json(const Layout *l, Out *out);

/* The theme role ("normal", "section", "pointer", ...) whose colours a TextStyle takes. */
const char *render_text_style_role(TextStyle s);

/* Attribute bits of an SvgColors entry (the same words theme files use). */
enum { RENDER_BOLD = 1, RENDER_REVERSE = 2, RENDER_UNDERLINE = 4, RENDER_DIM = 8 };

typedef struct {
    short fg, bg;    /* -1: the terminal's own; 0..15: the ANSI colours (8..15 bright) */
    unsigned attrs;  /* RENDER_* */
} SvgColor;

/* The colours the SVG draws with: one per TextStyle, filled from a theme by the caller. */
typedef struct {
    SvgColor style[TEXT_STYLE_COUNT];
    bool light; /* the terminal's own colours are dark text on white (else light on dark) */
} SvgColors;

typedef struct {
    TextOptions text; /* ascii and width as for the text diagram; style is the SVG's own */
    SvgColors colors;
    const char *title; /* the picture's <title>; NULL: the object's type */
} SvgOptions;

/* The text diagram of l as a standalone SVG picture: the same lines and columns, in the
 * colours given, as real (selectable) monospace text. */
void render_svg(const Layout *l, const SvgOptions *opt, Out *out);

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

/* One expression across objscope builds (across.h): a table of each build's sizes, then what
 * changed between consecutive versions (ascii: "->" for arrows); or the same as JSON. */
void render_across_text(const AcrossResult *r, bool ascii, Out *out);
void render_across_json(const AcrossResult *r, Out *out);
/* Write s as a JSON string literal (quotes included). */
void render_json_string(Out *out, const char *s);

/* Columns s takes on a terminal (UTF-8 text, as the renderers measure it). */
int render_columns(const char *s, size_t n);

#endif
