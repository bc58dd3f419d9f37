/* view_retained.c — what an object keeps alive, browsed like ncdu browses a disk: a full-screen
 * overlay listing the open object's rows (its own blocks, then the objects only it keeps alive)
 * largest first, each with its retained bytes, its share of the object's, a bar and how it is
 * reached; Enter goes down, Backspace up, t switches to the table by type, o shows the selected
 * object's layout in the diagram. The tree is counted in steps (the loop steps it between keys
 * while it is busy): progress shows, Esc stops. retbrowse.c is the model; this file draws it and maps keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py/handle.h"
#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/retbrowse.h"
#include "util/numfmt.h"
#include "util/xalloc.h"

/* Objects read between two looks at the keyboard: about a frame's worth of work. */
#define RETAINED_STEP 50000
#define BAR_WIDTH 10

typedef struct {
    RetainedBrowser b;
    InterpHandle *obj; /* the object counted (owned): it keeps the tree's objects alive */
} RetainedState;

void retained_open(App *a, InterpHandle *h, const char *label)
{
    RetainedState *s = xcalloc(1, sizeof *s);
    s->obj = h;
    retbrowse_start(&s->b, interp_handle_retained_start(h, label), label);
    app_overlay_open(a, &view_retained, s);
}

static bool retained_busy(App *a, void *state)
{
    (void)a;
    return ((RetainedState *)state)->b.job != NULL;
}

static bool retained_pins(App *a, void *state)
{
    (void)a;
    return ((RetainedState *)state)->b.tree != NULL;
}

static void retained_count_step(App *a, void *state)
{
    (void)a;
    retbrowse_step(&((RetainedState *)state)->b, RETAINED_STEP);
}

static void retained_close(App *a, void *state)
{
    (void)a;
    RetainedState *s = state;
    retbrowse_free(&s->b);
    interp_handle_free(s->obj);
    free(s);
}

/* ---- drawing ---------------------------------------------------------------------------------- */

static double share(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* "[####      ]": the row's part of the largest row, as ncdu draws it. */
static void bar(char *out, size_t n, size_t part, size_t largest, bool utf8)
{
    size_t fill = largest ? (part * BAR_WIDTH + largest / 2) / largest : 0;
    size_t len = 0;
    out[len++] = '[';
    for (size_t i = 0; i < BAR_WIDTH && len + 4 < n; i++) {
        const char *c = i < fill ? (utf8 ? "█" : "#") : " ";
        memcpy(out + len, c, strlen(c));
        len += strlen(c);
    }
    out[len++] = ']';
    out[len] = '\0';
}

/* One row: bytes, share, bar (when there is room), then how it is reached and its type. */
static void row_line(int y, int cols, const RetainedRow *row, const char *label, size_t whole,
                     size_t largest, bool selected, bool utf8)
{
    attr_t at = colors_attr(selected ? CR_SELECTION : CR_NORMAL);
    draw_fill(y, 0, cols, at);
    char num[NUMFMT_MAX], head[96], b[64] = "";
    numfmt_grouped(num, (long long)row->retained.footprint);
    bool wide = cols >= 60;
    if (wide)
        bar(b, sizeof b, row->retained.footprint, largest, utf8);
    snprintf(head, sizeof head, "%s%*s %5.1f%% %s%s", selected ? (utf8 ? "▶" : ">") : " ",
             wide ? 13 : 11, num, share(row->retained.footprint, whole), b, wide ? " " : "");
    int x = draw_text(y, 0, cols, head, at);
    const char *more = row->nchildren ? (utf8 ? " ›" : " >") : "";
    char tail[160];
    snprintf(tail, sizeof tail, "%s  %s%s", label, row->type_name, more);
    draw_text_cut(y, x, cols - x, tail, at | (row->node == RETAINED_BLOCK ? A_DIM : 0), utf8);
}

static void draw_rows(RetainedState *s, int y0, int h, int cols, bool utf8)
{
    RetainedBrowser *b = &s->b;
    RetainedLevel *l = &b->levels[b->depth - 1];
    const RetainedRow *open = retained_row(b->tree, l->node);
    size_t whole = open ? open->retained.footprint : 0, n = retbrowse_rows(b);
    retbrowse_scroll(b, h);
    RetainedRow first;
    size_t largest = retbrowse_row(b, 0, &first, NULL) ? first.retained.footprint : 0;
    for (int k = 0; k < h; k++) {
        size_t i = l->top + (size_t)k;
        RetainedRow row;
        const char *label;
        if (i >= n || !retbrowse_row(b, i, &row, &label)) {
            draw_fill(y0 + k, 0, cols, colors_attr(CR_NORMAL));
            continue;
        }
        row_line(y0 + k, cols, &row, label, whole, largest, i == l->selected, utf8);
    }
    if (!n)
        draw_text(y0, 2, cols - 2, "it keeps nothing alive but its own block",
                  colors_attr(CR_INFO));
}

static void draw_table(RetainedState *s, int y0, int h, int cols)
{
    RetainedBrowser *b = &s->b;
    const RetainedRow *open = retained_row(b->tree, retbrowse_open_node(b));
    size_t whole = open ? open->retained.footprint : 0;
    const RetainedTypeRow *t;
    size_t n = retbrowse_types(b, &t);
    char line[256];
    bool wide = cols >= 66; /* the size column goes first on a narrow screen */
    if (wide)
        snprintf(line, sizeof line, " %-22s %9s %13s %13s %6s", "type", "objects", "size",
                 "footprint", "share");
    else
        snprintf(line, sizeof line, " %-12s %7s %11s %6s", "type", "objects", "footprint",
                 "share");
    draw_fill(y0, 0, cols, colors_attr(CR_SECTION));
    draw_text(y0, 0, cols, line, colors_attr(CR_SECTION) | A_BOLD);
    retbrowse_scroll(b, h - 1);
    for (int k = 1; k < h; k++) {
        size_t i = b->table_top + (size_t)k - 1;
        draw_fill(y0 + k, 0, cols, colors_attr(CR_NORMAL));
        if (i >= n)
            continue;
        char c[NUMFMT_MAX], sz[NUMFMT_MAX], fp[NUMFMT_MAX], name[24];
        snprintf(name, sizeof name, "%.*s", wide ? 22 : 12, t[i].type_name);
        numfmt_grouped(c, (long long)t[i].count);
        numfmt_grouped(sz, (long long)t[i].size);
        numfmt_grouped(fp, (long long)t[i].footprint);
        if (wide)
            snprintf(line, sizeof line, " %-22s %9s %13s %13s %5.1f%%", name, c, sz, fp,
                     share(t[i].footprint, whole));
        else
            snprintf(line, sizeof line, " %-12s %7s %11s %5.1f%%", name, c, fp,
                     share(t[i].footprint, whole));
        draw_text(y0 + k, 0, cols, line, colors_attr(CR_NORMAL));
    }
}

/* Title: what is open, and what it keeps alive. */
static void draw_head(RetainedState *s, int cols, bool utf8)
{
    RetainedBrowser *b = &s->b;
    char *crumb = retbrowse_breadcrumb(b, utf8 ? " → " : " -> ");
    char left[512], right[160] = "";
    const RetainedRow *open = b->tree ? retained_row(b->tree, retbrowse_open_node(b)) : NULL;
    if (open) {
        char fp[NUMFMT_MAX], ob[NUMFMT_MAX];
        numfmt_grouped(fp, (long long)open->retained.footprint);
        numfmt_grouped(ob, (long long)open->retained.objects);
        if (cols >= 80)
            snprintf(right, sizeof right, "keeps %s bytes alive in %s object%s", fp, ob,
                     open->retained.objects == 1 ? "" : "s");
        else /* the path matters more than the words on a narrow screen */
            snprintf(right, sizeof right, "%s B", fp);
    }
    snprintf(left, sizeof left, cols >= 80 ? "What keeps what alive: %s" : "%s", crumb);
    draw_bar((Rect){0, 0, 1, cols}, left, right, CR_TITLE);
    free(crumb);
}

static void retained_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    RetainedState *s = state;
    RetainedBrowser *b = &s->b;
    int h = c->area.h, cols = c->area.w;
    for (int y = 0; y < h; y++)
        draw_fill(y, 0, cols, colors_attr(CR_NORMAL));
    draw_head(s, cols, c->utf8);
    char line[256];
    if (!b->tree) {
        char n[NUMFMT_MAX];
        numfmt_grouped(n, (long long)(b->job ? retained_progress(b->job) : 0));
        if (b->job)
            snprintf(line, sizeof line, "counting: %s objects read, %s... (Esc stops)", n,
                     retained_phase(b->job));
        else
            snprintf(line, sizeof line, "stopped before the end: Esc goes back, and R in the "
                                        "diagram counts again");
        draw_text(2, 2, cols - 2, line, colors_attr(b->job ? CR_INFO : CR_WARNING));
        return;
    }
    int rows = h - 2 - (b->message[0] ? 1 : 0);
    if (rows < 1)
        rows = 1;
    if (b->by_type)
        draw_table(s, 1, rows + 1, cols);
    else
        draw_rows(s, 1, rows + 1, cols, c->utf8);
    if (b->message[0])
        draw_text_cut(h - 1, 1, cols - 1, b->message, colors_attr(CR_INFO), c->utf8);
    if (retained_pinned(b->tree) && h > 4 && !b->message[0]) {
        snprintf(line, sizeof line, "%zu object%s it reaches %s also held from outside: not "
                 "counted here", retained_pinned(b->tree),
                 retained_pinned(b->tree) == 1 ? "" : "s",
                 retained_pinned(b->tree) == 1 ? "is" : "are");
        draw_text_cut(h - 1, 1, cols - 1, line, colors_attr(CR_INFO), c->utf8);
    }
}

/* ---- keys ------------------------------------------------------------------------------------- */

/* o: the selected object's layout in the diagram (the view closes). */
static ViewKey open_layout(App *a, RetainedState *s)
{
    RetainedRow row;
    const char *label = NULL;
    RetainedLevel *l = s->b.depth ? &s->b.levels[s->b.depth - 1] : NULL;
    InterpHandle *o = interp_handle_of_retained(s->b.tree, retbrowse_selected_node(&s->b));
    if (!o || !l || !retbrowse_row(&s->b, l->selected, &row, &label)) {
        retbrowse_move(&s->b, RB_ENTER); /* says why there is nothing to show */
        snprintf(s->b.message, sizeof s->b.message, "o shows an object's layout: select one "
                 "(blocks are parts of the object above)");
        interp_handle_free(o);
        return VIEW_HANDLED;
    }
    char *crumb = retbrowse_breadcrumb(&s->b, "");
    char *path = xasprintf("%s%s", crumb, label);
    diagram_show(&a->diagram, o, path); /* takes the handle */
    a->focus = PANE_DIAGRAM;
    free(crumb);
    free(path);
    return VIEW_DONE;
}

static ViewKey retained_key(App *a, void *state, Action act, const char *typed)
{
    (void)typed;
    RetainedState *s = state;
    RetainedBrowser *b = &s->b;
    static const struct {
        Action act;
        RetainedMove move;
    } moves[] = {
        {ACT_SEL_UP, RB_UP}, {ACT_SEL_DOWN, RB_DOWN}, {ACT_PAGE_UP, RB_PAGE_UP},
        {ACT_PAGE_DOWN, RB_PAGE_DOWN}, {ACT_TOP, RB_FIRST}, {ACT_BOTTOM, RB_LAST},
        {ACT_FOLLOW, RB_ENTER}, {ACT_BACK, RB_BACK}, {ACT_TABLE, RB_TABLE},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (moves[i].act == act) {
            retbrowse_move(b, moves[i].move);
            return VIEW_HANDLED;
        }
    }
    switch (act) {
    case ACT_OPEN_LAYOUT:
        return open_layout(a, s);
    case ACT_STOP:
    case ACT_ESCAPE:
        if (b->job) {
            retbrowse_stop(b);
            return VIEW_HANDLED;
        }
        return act == ACT_ESCAPE ? VIEW_DONE : VIEW_HANDLED;
    case ACT_CLOSE:
        return VIEW_DONE;
    default:
        return VIEW_IGNORED;
    }
}

static const char *retained_status(App *a, void *state, bool compact)
{
    (void)a;
    const RetainedState *s = state;
    if (s->b.job)
        return "counting · Esc stops";
    if (s->b.by_type)
        return compact ? "t rows · Esc back" : "Up/Down scroll · t back to the rows · Esc closes";
    return compact ? "Enter down · Bksp up · t types · o layout"
                   : "Up/Down select · Enter down · Backspace up · t by type · o layout · Esc closes";
}

const View view_retained = {
    .name = "retained",
    .keymap = KEYMAP_RETAINED,
    .full_screen = true,
    .draw = retained_draw,
    .key = retained_key,
    .status = retained_status,
    .close = retained_close,
    .busy = retained_busy,
    .step = retained_count_step,
    .pins = retained_pins,
};
