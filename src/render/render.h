/* render.h — Layout renderers: text diagram (pahole-style table in boxes), JSON and SVG.
 * They read a const Layout * and write through an Out; they never see CPython or curses. */
#ifndef OBJSCOPE_RENDER_H
#define OBJSCOPE_RENDER_H

#include <stdbool.h>

#include "across/across.h"
#include "layout/layout.h"
#include "layout/refs.h"
#include "layout/retained.h"
#include "render/out.h"
#include "render/styled.h"

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
/* Any styled lines (styled.h) as such a picture; its <title> is opt->title, else title. */
void render_svg_lines(const Styled *lines, const SvgOptions *opt, const char *title, Out *out);
/* What a text renderer draws (draw writes `what` into out, announcing styles to style) as such
 * a picture. */
typedef void (*SvgDrawFn)(const void *what, TextStyleFn style, void *userdata, Out *out);
void render_svg_drawn(SvgDrawFn draw, const void *what, const SvgOptions *opt, const char *title,
                      Out *out);

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

/* ---- the references picture (refs.c) ------------------------------------------------------ */

typedef struct {
    bool ascii;        /* ASCII lines, arrows and escapes */
    int width;         /* columns at most (0: TEXT_DEFAULT_WIDTH); a picture that cannot fit,
                        * even without its farthest objects, is written as lines instead */
    bool lines;        /* "name → object" lines whatever the room */
    TextStyleFn style; /* NULL for plain text */
    void *style_userdata;
} RefsTextOptions;

/* The picture of g: names in a frame, objects in boxes, references as arrows, then a legend of
 * the notes on the boxes (small int, interned, immortal, ...). */
void render_refs_text(const RefsGraph *g, const RefsTextOptions *opt, Out *out);
/* The same picture as an SVG (opt->text is not used: t says how to draw it). */
void render_refs_svg(const RefsGraph *g, const RefsTextOptions *t, const SvgOptions *opt,
                     Out *out);

/* Where the picture puts things, for tests: columns and rows of each box (col: how far from the
 * names, -1 when not drawn), of the names' frame, and each name's row. */
typedef struct {
    int x, y, w, h, col;
} RefsPlace;

typedef struct {
    RefsPlace *boxes;  /* one per node */
    size_t n;
    RefsPlace frame;
    int *name_rows;
    int width, height;
    size_t lanes;      /* vertical runs in the gutters: arrows that must turn to their box
                        * (those that meet share one); the others run straight */
} RefsPlaces;

/* false (and nothing placed) when the picture does not fit `width` and would be lines. */
bool render_refs_places(const RefsGraph *g, int width, bool ascii, RefsPlaces *out);
void render_refs_places_free(RefsPlaces *p);

/* One expression across objscope builds (across.h): a table of each build's sizes, then what
 * changed between consecutive versions (ascii: "->" for arrows); or the same as JSON. */
void render_across_text(const AcrossResult *r, bool ascii, Out *out);
void render_across_json(const AcrossResult *r, Out *out);
/* Write s as a JSON string literal (quotes included). */
void render_json_string(Out *out, const char *s);

/* Columns s takes on a terminal (UTF-8 text, as the renderers measure it). */
int render_columns(const char *s, size_t n);
/* s as a box's cell shows it: cut to `width` columns with an ellipsis when longer, and with
 * ascii, everything outside ASCII written as \u escapes. Owned. */
char *render_fit(const char *s, bool ascii, int width);

#endif
