/* diagram.c — the diagram pane (see diagram.h): describing the object on top of the walk stack,
 * moving the selection, following pointers and coming back, the hex view and :compare. Drawing
 * touches only the rows on screen; a Layout is bounded, so nothing here is O(object size). */
#include "ui/diagram.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/textwrap.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DEEP_STEP_BUDGET 50000

void diagram_init(Diagram *d)
{
    memset(d, 0, sizeof *d);
}

static void drop_layout(Diagram *d)
{
    diagram_deep_cancel(d);
    rows_free(&d->rows);
    free(d->hex_lines);
    d->hex_lines = NULL;
    d->hex_nlines = 0;
    layout_free(d->layout);
    d->layout = NULL;
}

static void drop_compare(Diagram *d)
{
    for (int i = 0; i < 2; i++) {
        if (d->compare[i])
            rows_free(&d->compare_rows[i]);
        layout_free(d->compare[i]);
        free(d->compare_label[i]);
        d->compare[i] = NULL;
        d->compare_label[i] = NULL;
    }
}

/* Dropping a reference may free what a deep count is walking: the count stops first. */
static void pop_frame(Diagram *d)
{
    diagram_deep_cancel(d);
    DiagramFrame *f = &d->stack[--d->depth];
    interp_handle_free(f->obj);
    free(f->label);
    free(f->focus_array);
    free(f->type_name);
}

static void set_gone(Diagram *d, char *why)
{
    free(d->gone);
    d->gone = why;
}

void diagram_free(Diagram *d)
{
    drop_layout(d);
    drop_compare(d);
    while (d->depth)
        pop_frame(d);
    free(d->stack);
    free(d->gone);
    memset(d, 0, sizeof *d);
}

static DiagramFrame *top(Diagram *d)
{
    return d->depth ? &d->stack[d->depth - 1] : NULL;
}

/* Who in objscope holds the top object: the frames showing it, other holders, `_`. */
static void count_holders(Diagram *d, const InterpHandle *h)
{
    d->held_frames = 0;
    for (size_t i = 0; i < d->depth; i++)
        d->held_frames += interp_handle_same(d->stack[i].obj, h);
    d->held_elsewhere = interp_handle_holders(h) - d->held_frames;
    d->held_underscore = interp_handle_is_underscore(h);
}

/* Keep the selection on an entry; a fresh object starts on its first field (offset 0). */
static void select_first_entry(Diagram *d, DiagramFrame *f)
{
    if (f->selected < d->rows.len && d->rows.rows[f->selected].kind == ROW_ENTRY)
        return;
    f->selected = rows_next_entry(&d->rows, 0, +1);
    for (size_t i = 0; i < d->rows.len; i++)
        if (d->rows.rows[i].kind == ROW_ENTRY && d->rows.rows[i].block == -1) {
            f->selected = i;
            return;
        }
}

/* The rows of the top layout, text rows wrapped for the pane last drawn. */
static void build_rows(Diagram *d)
{
    rows_free(&d->rows);
    if (d->layout)
        rows_build(&d->rows, d->layout, d->rows_width);
}

/* Describe the top frame's object again and start counting its deep size. */
static void describe_top(Diagram *d)
{
    drop_layout(d);
    DiagramFrame *f = top(d);
    if (!f)
        return;
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    opt.focus_index = f->focus_index;
    opt.focus_array = f->focus_array;
    d->layout = interp_handle_describe(f->obj, &opt); /* may run a __sizeof__ override */
    if (!d->layout)
        return;
    free(f->type_name);
    f->type_name = xstrdup(d->layout->type_name);
    count_holders(d, f->obj);
    build_rows(d);
    d->hex_top = 0;
    select_first_entry(d, f);
    d->deep = interp_handle_deep_start(f->obj);
    d->deep_stopped = false;
}

static void push_frame(Diagram *d, InterpHandle *h, const char *label)
{
    d->stack = xgrow(d->stack, &d->cap, d->depth + 1, sizeof *d->stack);
    d->stack[d->depth++] = (DiagramFrame){h, xstrdup(label), NULL, 0, 0, LAYOUT_NO_FOCUS, NULL};
}

static void pop_all(Diagram *d)
{
    drop_layout(d);
    drop_compare(d);
    while (d->depth)
        pop_frame(d);
}

void diagram_show(Diagram *d, InterpHandle *h, const char *label)
{
    pop_all(d);
    set_gone(d, NULL);
    if (!h)
        return;
    push_frame(d, h, label);
    d->message[0] = '\0';
    describe_top(d);
}

const InterpHandle *diagram_current(const Diagram *d, const char **label)
{
    if (!d->depth || d->compare[0])
        return NULL;
    const DiagramFrame *f = &d->stack[d->depth - 1];
    *label = f->label;
    return f->obj;
}

void diagram_refresh(Diagram *d)
{
    if (d->compare[0] || !d->depth)
        return;
    describe_top(d);
}

static Layout *describe_whole(InterpHandle *h)
{
    LayoutOptions opt = layout_default_options();
    return interp_handle_describe(h, &opt);
}

void diagram_compare(Diagram *d, InterpHandle *a, const char *la, InterpHandle *b,
                     const char *lb)
{
    if (!interp_handle_held(a) || !interp_handle_held(b))
        return;
    diagram_deep_cancel(d);
    drop_compare(d);
    d->compare[0] = describe_whole(a);
    d->compare[1] = describe_whole(b);
    d->compare_label[0] = xstrdup(la);
    d->compare_label[1] = xstrdup(lb);
    d->compare_width = 0; /* rows are made when the pane is drawn */
    d->compare_top = 0;
    d->message[0] = '\0';
}

/* ---- what objscope holds -------------------------------------------------------------------- */

/* "h (A)": a frame as the REPL names it. */
static void name_frame(StrBuf *b, const DiagramFrame *f, bool first)
{
    strbuf_printf(b, "%s%s (%s)", first ? "" : ", ", f->label, f->type_name ? f->type_name : "?");
}

/* Drop the frames whose handles hold nothing any more, naming them in b; how many went. */
static size_t drop_let_go_frames(Diagram *d, StrBuf *b)
{
    size_t kept = 0, went = 0;
    for (size_t i = 0; i < d->depth; i++) {
        DiagramFrame *f = &d->stack[i];
        if (interp_handle_held(f->obj)) {
            d->stack[kept++] = *f;
            continue;
        }
        name_frame(b, f, !went);
        interp_handle_free(f->obj);
        free(f->label);
        free(f->type_name);
        went++;
    }
    d->depth = kept;
    return went;
}

char *diagram_after_let_go(Diagram *d)
{
    if (!d->depth)
        return NULL;
    diagram_deep_cancel(d); /* Python ran: no count is in flight; if one were, its objects may be gone */
    StrBuf b;
    strbuf_init(&b);
    size_t went = drop_let_go_frames(d, &b);
    if (!went) {
        strbuf_free(&b);
        return NULL;
    }
    char *names = strbuf_take(&b);
    const char *them = went == 1 ? "it" : "them";
    char *line = xasprintf("objscope let go of %s: nothing in your code refers to %s any more",
                           names, them);
    if (!d->depth) {
        pop_all(d);
        set_gone(d, xasprintf("objscope let go of %s once nothing in your code referred to %s.",
                              names, them));
    } else {
        drop_layout(d); /* the caller reads the new top object (diagram_refresh) */
    }
    free(names);
    return line;
}

char *diagram_release(Diagram *d)
{
    if (!d->depth)
        return xstrdup(d->compare[0] ? "the comparison holds no objects: nothing to let go of"
                                     : "the diagram holds no objects: nothing to let go of");
    StrBuf b;
    strbuf_init(&b);
    bool underscore = false;
    for (size_t i = 0; i < d->depth; i++) {
        name_frame(&b, &d->stack[i], i == 0);
        underscore |= interp_handle_unbind_underscore(d->stack[i].obj);
    }
    char *names = strbuf_take(&b);
    char *line = xasprintf("objscope let go of %s%s; what nothing else refers to is freed now",
                           names, underscore ? " and set `_` to None" : "");
    pop_all(d); /* a __del__ may run: what it prints follows */
    set_gone(d, xasprintf("objscope let go of %s (:release).", names));
    free(names);
    return line;
}

/* ---- keys ---------------------------------------------------------------------------------- */

static const LayoutEntry *selected_entry(Diagram *d)
{
    DiagramFrame *f = top(d);
    if (!f || f->selected >= d->rows.len || d->rows.rows[f->selected].kind != ROW_ENTRY)
        return NULL;
    return d->rows.rows[f->selected].entry;
}

/* "ob_item[8..99997]" -> 8; false when the row is not an elided run. */
static bool elided_start(const LayoutEntry *e, size_t *first)
{
    const char *b = strchr(e->name, '[');
    return e->count > 1 && b && sscanf(b, "[%zu..", first) == 1;
}

static char *follow_label(const LayoutEntry *e)
{
    const char *b = strchr(e->name, '[');
    if (strncmp(e->name, "ob_item[", 8) == 0 && b)
        return xstrdup(b); /* "[2]", as the learner would index it */
    return xstrdup(e->name);
}

/* Show the items of the elided run e (any array: items, digits, entries, values, slots) and
 * keep the selection on the first of them: the row now at e's place in its block. */
static void open_run(Diagram *d, DiagramFrame *f, const LayoutEntry *e, size_t first)
{
    int block = d->rows.rows[f->selected].block;
    long offset = e->offset;
    free(f->focus_array);
    f->focus_array = xstrndup(e->name, (size_t)(strchr(e->name, '[') - e->name));
    f->focus_index = first + layout_default_options().focus_items / 2;
    describe_top(d);
    for (size_t i = 0; i < d->rows.len; i++) {
        const DiagramRow *r = &d->rows.rows[i];
        if (r->kind == ROW_ENTRY && r->block == block && r->entry->offset == offset) {
            f->selected = i;
            return;
        }
    }
}

static bool follow(Diagram *d)
{
    const LayoutEntry *e = selected_entry(d);
    DiagramFrame *f = top(d);
    size_t first;
    if (!e)
        return false;
    if (elided_start(e, &first) && e->focusable) {
        open_run(d, f, e, first);
        return true;
    }
    if (e->count > 1) { /* over-allocated or spare slots, an empty table run */
        snprintf(d->message, sizeof d->message, "%s: %zu slots with nothing in them to open",
                 e->name, e->count);
        return true;
    }
    if (!e->target) {
        snprintf(d->message, sizeof d->message, e->role == ROLE_POINTER
                 ? "%s is NULL: it points to no object" : "%s is not a pointer to an object",
                 e->name);
        return true;
    }
    diagram_deep_cancel(d); /* following may run __sizeof__ code: no walk may be in flight */
    LayoutOptions opt = layout_default_options();
    opt.focus_index = f->focus_index; /* an opened run's items are references too */
    opt.focus_array = f->focus_array;
    InterpHandle *child = interp_handle_follow_shown(f->obj, e->target, &opt);
    if (!child) {
        snprintf(d->message, sizeof d->message, "%s does not point to an object objscope can open",
                 e->name);
        return true;
    }
    char *label = follow_label(e);
    push_frame(d, child, label); /* the frame owns the handle */
    free(label);
    d->message[0] = '\0';
    describe_top(d);
    return true;
}

static bool back(Diagram *d)
{
    if (d->compare[0]) {
        drop_compare(d);
        return true;
    }
    if (d->depth <= 1) {
        snprintf(d->message, sizeof d->message, "this is where the walk started");
        return true;
    }
    pop_frame(d);
    d->message[0] = '\0';
    describe_top(d);
    return true;
}

static void move_selection(Diagram *d, int steps)
{
    DiagramFrame *f = top(d);
    if (!f)
        return;
    int dir = steps < 0 ? -1 : 1;
    for (int i = 0; i < abs(steps); i++)
        f->selected = rows_next_entry(&d->rows, f->selected, dir);
}

/* Views without a selection (hex, :compare) scroll; drawing clamps the end. */
static bool scroll_view(size_t *top, Action a, int page)
{
    long delta;
    switch (a) {
    case ACT_SEL_UP: delta = -1; break;
    case ACT_SEL_DOWN: delta = 1; break;
    case ACT_PAGE_UP: delta = -page; break;
    case ACT_PAGE_DOWN: delta = page; break;
    case ACT_TOP: *top = 0; return true;
    case ACT_BOTTOM: *top = SIZE_MAX / 2; return true;
    default: return false;
    }
    *top = delta < 0 && (size_t)-delta > *top ? 0 : *top + (size_t)delta;
    return true;
}

bool diagram_key(Diagram *d, Action a)
{
    DiagramFrame *f = top(d);
    int page = d->page > 2 ? d->page - 1 : 1;
    d->message[0] = '\0'; /* a reply lasts until the next key */
    if (d->compare[0] && a != ACT_BACK)
        return scroll_view(&d->compare_top, a, page);
    if (d->hex && scroll_view(&d->hex_top, a, page))
        return true;
    switch (a) {
    case ACT_SEL_UP: move_selection(d, -1); return true;
    case ACT_SEL_DOWN: move_selection(d, 1); return true;
    case ACT_PAGE_UP: move_selection(d, -page); return true;
    case ACT_PAGE_DOWN: move_selection(d, page); return true;
    case ACT_TOP: if (f) f->selected = rows_next_entry(&d->rows, 0, +1); return true;
    case ACT_BOTTOM: /* the view goes to the end too, whether or not a frame is drawn between */
        if (f) {
            f->selected = rows_next_entry(&d->rows, d->rows.len - 1, -1);
            f->top = SIZE_MAX / 2;
        }
        return true;
    case ACT_FOLLOW: return follow(d);
    case ACT_BACK: return back(d);
    case ACT_HEX: d->hex = !d->hex; d->hex_top = 0; return true;
    case ACT_REFRESH: /* a failed __sizeof__ override is asked again, on request only */
        if (f)
            interp_handle_ask_again(f->obj);
        diagram_refresh(d);
        return true;
    case ACT_DEEP:
        if (f && d->layout) {
            diagram_deep_cancel(d);
            d->deep = interp_handle_deep_start(f->obj);
            d->deep_stopped = false;
            d->message[0] = '\0';
        }
        return true;
    default: return false;
    }
}

/* ---- deep size in steps ---------------------------------------------------------------------- */

bool diagram_deep_step(Diagram *d)
{
    if (!d->deep)
        return false;
    if (!layout_deep_step(d->deep, DEEP_STEP_BUDGET))
        return true;
    layout_deep_finish(d->deep, d->layout);
    d->deep = NULL;
    build_rows(d); /* entries come first, so selections stay put */
    return false;
}

void diagram_deep_stop(Diagram *d)
{
    diagram_deep_cancel(d);
    d->deep_stopped = true;
    snprintf(d->message, sizeof d->message, "deep size: stopped (d counts again)");
}

void diagram_deep_cancel(Diagram *d)
{
    layout_deep_cancel(d->deep);
    d->deep = NULL;
}

/* ---- drawing ------------------------------------------------------------------------------- */

typedef struct {
    int off, size, kind, name, ctype; /* column widths; 0 = hidden */
} Columns;

/* Offsets and sizes are always exact: their columns widen for the widest number in the rows
 * (a 10 MB string has 8-digit offsets), and the value column gives up the room. */
static Columns columns_for(int w, bool compact, const DiagramRows *rows)
{
    Columns c = compact || w < 64 /* narrow: the kind shrinks to one letter, never disappears */
                    ? (Columns){5, 4, 1, w < 50 ? 10 : 14, 0}
                    : (Columns){6, 5, 4, 20, w >= 90 ? 14 : 0};
    if (rows && rows->offset_digits > c.off)
        c.off = rows->offset_digits;
    if (rows && rows->size_digits > c.size)
        c.size = rows->size_digits;
    return c;
}

const char *diagram_kind_label(LayoutRole r)
{
    static const char *const names[ROLE_COUNT] = {
        [ROLE_HEADER] = "head", [ROLE_PAYLOAD] = "fld", [ROLE_POINTER] = "ptr",
        [ROLE_DATA] = "data",   [ROLE_HIDDEN] = "pre",  [ROLE_PADDING] = "pad",
        [ROLE_UNUSED] = "free", [ROLE_OPAQUE] = "?",
    };
    return (unsigned)r < ROLE_COUNT ? names[r] : "";
}

/* The one-column kind used on narrow screens (the help screen lists them). */
static const char *kind_letter(LayoutRole r)
{
    static const char *const letters[ROLE_COUNT] = {
        [ROLE_HEADER] = "H", [ROLE_PAYLOAD] = "F", [ROLE_POINTER] = "*", [ROLE_DATA] = "D",
        [ROLE_HIDDEN] = "P", [ROLE_PADDING] = ".", [ROLE_UNUSED] = "_",  [ROLE_OPAQUE] = "?",
    };
    return (unsigned)r < ROLE_COUNT ? letters[r] : " ";
}

/* One cell of a row, clipped at `end` (the pane's right edge: :compare's halves are narrow). */
static int column(int y, int x, int end, int width, const char *s, attr_t a, bool right, bool utf8)
{
    if (width > end - x - 1)
        width = end - x - 1;
    if (width <= 0)
        return x;
    draw_fill(y, x, width + 1, a);
    int w = draw_width(s, strlen(s));
    draw_text_cut(y, right && w < width ? x + width - w : x, width, s, a, utf8);
    return x + width + 1;
}

static void draw_entry(const DiagramRow *row, int y, Rect r, Columns c, bool selected, bool utf8)
{
    const LayoutEntry *e = row->entry;
    attr_t base = selected ? colors_attr(CR_SELECTION) : colors_attr(CR_NORMAL);
    attr_t role = selected ? base : colors_attr(colors_for_layout_role(e->role));
    char off[24], size[24];
    snprintf(off, sizeof off, "%ld", e->offset);
    snprintf(size, sizeof size, "%zu", e->size);
    draw_fill(y, r.x, r.w, base);
    int x = r.x, end = r.x + r.w;
    x = column(y, x, end, 1, selected ? (utf8 ? "▶" : ">") : " ", base, false, utf8);
    x = column(y, x, end, c.off, off, base, true, utf8);
    x = column(y, x, end, c.size, size, base, true, utf8);
    const char *kind = c.kind == 1 ? kind_letter(e->role) : diagram_kind_label(e->role);
    x = column(y, x, end, c.kind, kind, role, false, utf8);
    attr_t name_attr = role | (selected ? 0 : A_BOLD * (e->role == ROLE_HEADER));
    x = column(y, x, end, c.name, e->name, name_attr, false, utf8);
    x = column(y, x, end, c.ctype, e->ctype, base, false, utf8);
    char *value = render_entry_value(e, !utf8);
    attr_t va = selected ? base : e->role == ROLE_POINTER ? colors_attr(CR_POINTER) : base;
    draw_text_cut(y, x, r.x + r.w - x, value, va, utf8);
    free(value);
}

static void draw_row(Diagram *d, size_t i, int y, Rect r, bool compact, bool utf8)
{
    const DiagramRow *row = &d->rows.rows[i];
    DiagramFrame *f = top(d);
    switch (row->kind) {
    case ROW_ENTRY:
        draw_entry(row, y, r, columns_for(r.w, compact, &d->rows), f && f->selected == i, utf8);
        break;
    case ROW_SECTION:
        draw_fill(y, r.x, r.w, colors_attr(CR_NORMAL));
        draw_text(y, r.x + 1, r.w - 1, row->text, colors_attr(CR_SECTION) | A_BOLD);
        break;
    case ROW_TEXT:
        draw_fill(y, r.x, r.w, colors_attr(CR_NORMAL));
        draw_text(y, r.x + 2, r.w - 2, row->text,
                  colors_attr(row->warning ? CR_WARNING : CR_INFO));
        break;
    case ROW_BLANK:
        draw_fill(y, r.x, r.w, colors_attr(CR_NORMAL));
        break;
    }
}

/* The sizes a learner asks about first, as long as fits in `room` columns: the full sentence,
 * then shorter ones, down to nothing. */
static void breadcrumb_sizes(const Diagram *d, char *out, size_t n, int room, bool utf8)
{
    const Layout *l = d->layout;
    out[0] = '\0';
    if (!l)
        return;
    char gs[NUMFMT_MAX], fp[NUMFMT_MAX], ds[NUMFMT_MAX], dc[NUMFMT_MAX];
    numfmt_grouped(gs, l->getsizeof);
    numfmt_grouped(fp, (long long)l->footprint);
    const char *dot = utf8 ? " \u00b7 " : " - ";
    char deep[96] = "";
    if (l->deep_done)
        snprintf(deep, sizeof deep, "%sdeep %s in %s object%s", dot,
                 numfmt_grouped(ds, (long long)l->deep_footprint),
                 numfmt_grouped(dc, (long long)l->deep_objects), l->deep_objects == 1 ? "" : "s");
    else if (d->deep)
        snprintf(deep, sizeof deep, "%sdeep: counting %s objects", dot,
                 numfmt_grouped(dc, (long long)layout_deep_progress(d->deep)));
    else if (d->deep_stopped)
        snprintf(deep, sizeof deep, "%sdeep: stopped (d)", dot);
    char tiers[4][192];
    snprintf(tiers[0], sizeof tiers[0], "getsizeof %s%sfootprint %s%s", gs, dot, fp, deep);
    snprintf(tiers[1], sizeof tiers[1], "getsizeof %s%s", gs, deep);
    snprintf(tiers[2], sizeof tiers[2], "getsizeof %s%sfootprint %s", gs, dot, fp);
    snprintf(tiers[3], sizeof tiers[3], "%s B", gs);
    for (int i = 0; i < 4; i++)
        if (draw_width(tiers[i], strlen(tiers[i])) <= room) {
            snprintf(out, n, "%s", tiers[i]);
            return;
        }
}

/* The path walked so far, then the sizes at the right. A long path loses its start, not its
 * end: where you are and what it costs stay in view. */
static void draw_breadcrumb(Diagram *d, Rect r, bool focused, bool utf8)
{
    char crumb[512] = "";
    size_t len = 0;
    const char *sep = utf8 ? " \u2192 " : " -> ";
    for (size_t i = 0; i < d->depth && len < sizeof crumb - 1; i++)
        len += (size_t)snprintf(crumb + len, sizeof crumb - len, "%s%s", i ? sep : "",
                                d->stack[i].label);
    if (d->layout && len < sizeof crumb - 1)
        snprintf(crumb + len, sizeof crumb - len, "%s%s", sep, d->layout->type_name);
    attr_t a = colors_attr(focused ? CR_TITLE : CR_SECTION);
    draw_fill(r.y, r.x, r.w, a);
    /* the crumb keeps at least 20 columns (or half the pane); the sizes get the rest */
    int keep = r.w / 2 < 20 ? r.w / 2 : 20;
    int cw = draw_width(crumb, strlen(crumb));
    char sizes[192];
    breadcrumb_sizes(d, sizes, sizeof sizes, r.w - 3 - (cw < keep ? cw : keep), utf8);
    int sw = draw_width(sizes, strlen(sizes));
    int room = r.w - 1 - (sw ? sw + 2 : 0);
    const char *shown = crumb;
    const char *ellipsis = utf8 ? "\u2026" : "...";
    int ew = utf8 ? 1 : 3;
    while (cw > room && *shown) { /* drop whole characters from the left */
        shown++;
        while (((unsigned char)*shown & 0xC0) == 0x80)
            shown++;
        cw = draw_width(shown, strlen(shown)) + ew;
    }
    int x = r.x + 1;
    if (shown != crumb)
        x += draw_text(r.y, x, room, ellipsis, a);
    draw_text(r.y, x, room - (x - r.x - 1), shown, a);
    if (sw)
        draw_text(r.y, r.x + r.w - sw - 1, sw, sizes, a);
}

static void draw_hex(Diagram *d, Rect body, bool utf8)
{
    /* first, what these bytes are: the object's own block, not the buffers it points to */
    char caption[160], shown[NUMFMT_MAX];
    snprintf(caption, sizeof caption, "%s %s bytes of the object itself%s (not its buffers)",
             d->layout->raw_len >= LAYOUT_RAW_MAX ? "the first" : "all",
             numfmt_grouped(shown, (long long)d->layout->raw_len),
             d->layout->preheader_size ? ", pre-header first" : "");
    draw_fill(body.y, body.x, body.w, colors_attr(CR_NORMAL));
    draw_text_cut(body.y, body.x + 1, body.w - 1, caption, colors_attr(CR_SECTION), utf8);
    body.y++, body.h--;
    if (!d->hex_lines) /* once per layout: finding each byte's field walks the rows */
        d->hex_nlines = rows_hex(d->layout, &d->hex_lines);
    const HexLine *lines = d->hex_lines;
    size_t nlines = d->hex_nlines;
    /* a narrow pane splits each 16-byte line into rows of 8 or 4 bytes: no byte is left out */
    int per = HEX_PER_LINE;
    while (per > 4 && 7 + 3 * per > body.w)
        per /= 2;
    size_t parts = (size_t)(HEX_PER_LINE / per), n = nlines * parts;
    if (d->hex_top + (size_t)body.h > n) /* the last line stays at the bottom of the pane */
        d->hex_top = n > (size_t)body.h ? n - (size_t)body.h : 0;
    for (int y = 0; y < body.h; y++) {
        size_t row = d->hex_top + (size_t)y;
        draw_fill(body.y + y, body.x, body.w, colors_attr(CR_NORMAL));
        if (row >= n)
            continue;
        const HexLine *line = &lines[row / parts];
        int first = (int)(row % parts) * per, count = line->n - first;
        count = count < 0 ? 0 : count > per ? per : count;
        char off[16];
        snprintf(off, sizeof off, "%6ld ", line->offset + first);
        int x = body.x + draw_text(body.y + y, body.x, body.w, off, colors_attr(CR_INFO));
        for (int k = 0; k < per && x + 3 <= body.x + body.w; k++) {
            char hx[4] = "   ";
            if (k < count)
                snprintf(hx, sizeof hx, "%02x ", line->bytes[first + k]);
            attr_t a = colors_attr(colors_for_layout_role(line->roles[first + k]));
            x += draw_text(body.y + y, x, 3, hx, k < count ? a : colors_attr(CR_NORMAL));
        }
        if (x + 2 + per > body.x + body.w)
            continue; /* the text column whole, or not at all */
        char ascii[HEX_PER_LINE + 3] = " |";
        for (int k = 0; k < count; k++) {
            unsigned char c = line->bytes[first + k];
            ascii[2 + k] = c >= 0x20 && c < 0x7f ? (char)c : '.';
        }
        ascii[2 + count] = '\0';
        draw_text(body.y + y, x, body.x + body.w - x, ascii, colors_attr(CR_INFO));
    }
}

/* Columns the value gets in a row of a pane w wide (what is left after the other columns). */
static int value_room(const Diagram *d, int w, bool compact)
{
    Columns c = columns_for(w, compact, &d->rows);
    int used = 2 + c.off + 1 + c.size + 1 + c.kind + 1 + c.name + 1 + (c.ctype ? c.ctype + 1 : 0);
    return w - used;
}

/* On the refcount row: which of the references are objscope's, and how to drop them. Owned. */
static char *held_text(const Diagram *d, bool utf8)
{
    int total = d->held_frames + d->held_elsewhere + (d->held_underscore ? 1 : 0);
    if (total == 0)
        return xstrdup("");
    StrBuf b;
    strbuf_init(&b);
    strbuf_printf(&b, "%s%d of these references %s objscope's: ", utf8 ? " \u2014 " : " - ",
                  total, total == 1 ? "is" : "are");
    const char *sep = "";
    if (d->held_frames == 1)
        strbuf_printf(&b, "the diagram's"), sep = ", ";
    else if (d->held_frames > 1)
        strbuf_printf(&b, "%d of the diagram's frames", d->held_frames), sep = ", ";
    if (d->held_elsewhere)
        strbuf_printf(&b, "%s%d of other views'", sep, d->held_elsewhere), sep = ", ";
    if (d->held_underscore)
        strbuf_printf(&b, "%sthe REPL's `_`", sep);
    strbuf_puts(&b, " (:release lets go)");
    return strbuf_take(&b);
}

static bool is_refcount_row(const LayoutEntry *e)
{
    return e->role == ROLE_HEADER && strcmp(e->name, "ob_refcnt") == 0;
}

/* What the detail area says: a reply to the last key, the deep count, or the selected row in
 * words: its name and C type whole, its size, whether __sizeof__ counts it, its value and note
 * whole when the row had to cut them (room: the value column's width), and its bytes unless
 * they alone would take a second row of the detail area (width: its columns). Owned. */
static char *detail_text(Diagram *d, bool utf8, int room, int width, bool *warning)
{
    const LayoutEntry *e = selected_entry(d);
    *warning = d->message[0] != '\0';
    if (d->message[0])
        return xstrdup(d->message);
    if (d->deep)
        return xasprintf("deep size: counting... %zu objects (Esc stops)", layout_deep_progress(d->deep));
    if (d->hex)
        return xasprintf("%s; h shows the fields again",
                         colors_enabled() ? "each byte in its field's colour"
                                          : "without colour, the fields view names each byte's field");
    if (!e)
        return xstrdup("");
    char *value = render_entry_value(e, !utf8);
    if (draw_width(value, strlen(value)) <= room)
        value[0] = '\0'; /* the row shows it whole */
    char *held = is_refcount_row(e) ? held_text(d, utf8) : xstrdup("");
    char *text = xasprintf("%s: %s, %zu bytes at %+ld, %s%s%s%s", e->name,
                           *e->ctype ? e->ctype : "bytes", e->size, e->offset,
                           e->in_sizeof ? "counted by __sizeof__" : "not counted by __sizeof__",
                           *value ? (utf8 ? " \u2014 " : " - ") : "", value, held);
    free(value);
    free(held);
    if (!e->hex)
        return text;
    /* the bytes come last, and only where they cost no row of the diagram (i shows them) */
    char *with_hex = xasprintf("%s | %s", text, e->hex);
    size_t s[1];
    if (textwrap_words(with_hex, width, s, 1) > 1 && textwrap_words(text, width, s, 1) == 1) {
        free(with_hex);
        return text;
    }
    free(text);
    return with_hex;
}

/* Rows the detail area takes in a pane of height h for text of `rows` rows: the whole text,
 * up to a third of the pane (at least one row). */
static int detail_rows(int h, size_t rows)
{
    int most = h >= 12 ? 3 : h >= 8 ? 2 : 1;
    return rows < (size_t)most ? (int)rows : most;
}

/* The detail area: the text wrapped at words; when even that does not fit, its last row ends
 * by naming the key that shows the row in full. */
static void draw_detail(Rect area, const char *text, bool warning, bool utf8)
{
    size_t starts[64];
    size_t n = textwrap_words(text, area.w - 2, starts, 64);
    n = n > 64 ? 64 : n;
    attr_t a = colors_attr(warning ? CR_WARNING : CR_INFO);
    for (int y = 0; y < area.h; y++) {
        draw_fill(area.y + y, area.x, area.w, colors_attr(CR_NORMAL));
        if ((size_t)y >= n)
            continue;
        size_t len = textwrap_row_len(text, starts, n, (size_t)y);
        bool cut = y == area.h - 1 && (size_t)y + 1 < n;
        if (!cut) {
            draw_textn(area.y + y, area.x + 1, area.w - 1, text + starts[y], len, a);
            continue;
        }
        const char *more = utf8 ? " \u2026 i: all of it" : " ... i: all of it";
        int room = area.w - 1 - draw_width(more, strlen(more));
        int x = area.x + 1 + draw_textn(area.y + y, area.x + 1, room, text + starts[y], len, a);
        draw_text(area.y + y, x, area.x + area.w - x, more, colors_attr(CR_STATUS_KEY));
    }
}

/* The last line of a view whose rows do not all fit: how many are hidden below and above. */
static void draw_more(int y, Rect body, size_t above, size_t below, bool utf8)
{
    char more[96] = "";
    int n = 0;
    if (below)
        n = snprintf(more, sizeof more, "%s %zu more row%s below", utf8 ? "\u2193" : "v", below,
                     below == 1 ? "" : "s");
    if (above)
        snprintf(more + n, sizeof more - (size_t)n, "%s%s %zu row%s above",
                 below ? (utf8 ? " \u00b7 " : " - ") : "", utf8 ? "\u2191" : "^", above,
                 above == 1 ? "" : "s");
    draw_fill(y, body.x, body.w, colors_attr(CR_NORMAL));
    draw_text(y, body.x + 1, body.w - 1, more, colors_attr(CR_INFO));
}

/* :compare's columns, the same on both sides so their rows line up: exact offsets and sizes,
 * names as wide as the widest (up to half of what is left), the value gets the rest. */
static Columns compare_columns(int w, const DiagramRows *a, const DiagramRows *b)
{
    Columns c = columns_for(w, true, a);
    c.off = a->offset_digits > b->offset_digits ? a->offset_digits : b->offset_digits;
    c.size = a->size_digits > b->size_digits ? a->size_digits : b->size_digits;
    c.off = c.off < 3 ? 3 : c.off;
    c.size = c.size < 2 ? 2 : c.size;
    c.kind = w >= 70 ? 4 : 1;
    c.ctype = w >= 100 ? 14 : 0;
    int name = a->name_width > b->name_width ? a->name_width : b->name_width;
    int room = (w - (2 + c.off + 1 + c.size + 1 + c.kind + 1 + (c.ctype ? c.ctype + 1 : 0))) / 2;
    c.name = name < room ? name : room < 8 ? 8 : room;
    return c;
}

/* One side's title and sizes in the two rows at r.y. */
static void draw_compare_head(const Layout *l, const char *label, Rect r, bool utf8)
{
    char head[256], sizes[160], g[NUMFMT_MAX], f[NUMFMT_MAX], dp[NUMFMT_MAX];
    snprintf(head, sizeof head, "%s: %s", label, l->type_name);
    draw_fill(r.y, r.x, r.w, colors_attr(CR_SECTION));
    draw_text_cut(r.y, r.x + 1, r.w - 1, head, colors_attr(CR_SECTION) | A_BOLD, utf8);
    snprintf(sizes, sizeof sizes, "getsizeof %s  footprint %s  deep %s", numfmt_grouped(g, l->getsizeof),
             numfmt_grouped(f, (long long)l->footprint),
             numfmt_grouped(dp, (long long)l->deep_footprint));
    draw_fill(r.y + 1, r.x, r.w, colors_attr(CR_NORMAL));
    draw_text_cut(r.y + 1, r.x + 1, r.w - 1, sizes, colors_attr(CR_RESULT) | A_BOLD, utf8);
}

/* One side's rows from row `top` (clamped to the rows it has) in body; returns the largest top
 * that still fills the pane, so scrolling stops at the end of the longer side. */
static size_t draw_compare_body(const DiagramRows *rows, Columns c, Rect body, size_t top, bool utf8)
{
    bool overflow = rows->len > (size_t)body.h && body.h >= 2;
    int h = overflow ? body.h - 1 : body.h;
    size_t max_top = overflow ? rows->len - (size_t)h : 0;
    if (top > max_top)
        top = max_top;
    for (int y = 0; y < h; y++) {
        size_t i = top + (size_t)y;
        int sy = body.y + y;
        if (i >= rows->len) {
            draw_fill(sy, body.x, body.w, colors_attr(CR_NORMAL));
        } else if (rows->rows[i].kind == ROW_ENTRY) {
            draw_entry(&rows->rows[i], sy, (Rect){sy, body.x, 1, body.w}, c, false, utf8);
        } else {
            draw_fill(sy, body.x, body.w, colors_attr(CR_NORMAL));
            draw_text_cut(sy, body.x + 1, body.w - 1, rows->rows[i].text ? rows->rows[i].text : "",
                          colors_attr(rows->rows[i].kind == ROW_SECTION ? CR_SECTION : CR_INFO), utf8);
        }
    }
    if (overflow)
        draw_more(body.y + h, body, top, rows->len - top - (size_t)h, utf8);
    return max_top;
}

/* Both titles and sizes, then the line that states the differences across the whole pane (up
 * to two rows), then the two sides' rows next to each other. */
static void draw_compare(Diagram *d, Rect r, bool utf8)
{
    int half = r.w / 2;
    Rect side[2] = {{r.y, r.x, r.h, half - 1}, {r.y, r.x + half, r.h, r.w - half}};
    if (d->compare_width != r.w) { /* each side's text rows wrap to its half */
        for (int i = 0; i < 2; i++) {
            rows_free(&d->compare_rows[i]);
            rows_build(&d->compare_rows[i], d->compare[i], side[i].w - 3);
        }
        d->compare_width = r.w;
    }
    char *diff = rows_compare_summary(d->compare[0], d->compare_label[0], d->compare[1],
                                      d->compare_label[1]);
    size_t starts[2];
    int dh = r.h >= 8 ? (textwrap_words(diff, r.w - 2, starts, 2) > 1 ? 2 : 1) : 0;
    for (int i = 0; i < 2; i++)
        draw_compare_head(d->compare[i], d->compare_label[i], side[i], utf8);
    draw_detail((Rect){r.y + 2, r.x, dh, r.w}, diff, false, utf8);
    free(diff);
    Columns c = compare_columns(side[0].w < side[1].w ? side[0].w : side[1].w, &d->compare_rows[0],
                                &d->compare_rows[1]);
    int top_rows = 2 + dh;
    d->page = r.h - top_rows - 1;
    size_t most = 0;
    for (int i = 0; i < 2; i++) {
        Rect body = {r.y + top_rows, side[i].x, r.h - top_rows, side[i].w};
        size_t m = draw_compare_body(&d->compare_rows[i], c, body, d->compare_top, utf8);
        most = m > most ? m : most;
    }
    draw_vline(r.y, r.x + half - 1, 2, utf8, colors_attr(CR_SECTION));
    draw_vline(r.y + top_rows, r.x + half - 1, r.h - top_rows, utf8, colors_attr(CR_SECTION));
    if (d->compare_top > most)
        d->compare_top = most;
}

/* Nothing shown: why (what objscope let go of, wrapped), then how to show something. */
static void draw_empty(Rect r, const char *gone)
{
    static const char *const lines[] = {
        "Nothing to show yet.", "",
        "Type an expression below, e.g.  [1, 2, 3]", "and its memory appears here.",
    };
    for (int y = 0; y < r.h; y++)
        draw_fill(r.y + y, r.x, r.w, colors_attr(CR_NORMAL));
    int y = r.y + 1, end = r.y + r.h;
    size_t starts[8];
    size_t n = gone ? textwrap_words(gone, r.w - 3, starts, 8) : 0;
    for (size_t i = 0; i < n && i < 8 && y < end; i++, y++)
        draw_textn(y, r.x + 2, r.w - 2, gone + starts[i], textwrap_row_len(gone, starts, n, i),
                   colors_attr(CR_INFO));
    for (int i = gone ? 1 : 0; i < 4 && y < end; i++, y++)
        draw_text(y, r.x + 2, r.w - 2, lines[i], colors_attr(CR_INFO));
}

/* The rows that fit, scrolled to keep the selection in view. When they do not all fit, the
 * last line says how many are hidden, so a learner knows the object goes on. */
static void draw_rows(Diagram *d, Rect body, bool compact, bool utf8)
{
    DiagramFrame *f = top(d);
    bool overflow = d->rows.len > (size_t)body.h && body.h >= 2;
    int h = overflow ? body.h - 1 : body.h;
    d->page = h;
    if (f->top + (size_t)h > d->rows.len) /* no empty tail (after G, a resize, a shorter object) */
        f->top = overflow ? d->rows.len - (size_t)h : 0;
    if (f->selected <= f->top) { /* scrolling up: the titles just above the selection come too */
        size_t t = f->selected;
        while (t > 0 && d->rows.rows[t - 1].kind != ROW_ENTRY && f->selected - t + 1 < (size_t)h)
            t--;
        f->top = t;
    }
    if (f->selected >= f->top + (size_t)h)
        f->top = f->selected - (size_t)h + 1;
    size_t last = rows_next_entry(&d->rows, d->rows.len - 1, -1);
    if (overflow && f->selected == last) { /* at the last field, show the sizes below it too */
        size_t end_top = d->rows.len - (size_t)h;
        size_t want = end_top < f->selected ? end_top : f->selected;
        if (want > f->top)
            f->top = want;
    }
    for (int y = 0; y < h; y++) {
        size_t i = f->top + (size_t)y;
        if (i < d->rows.len)
            draw_row(d, i, body.y + y, body, compact, utf8);
        else
            draw_fill(body.y + y, body.x, body.w, colors_attr(CR_NORMAL));
    }
    if (!overflow)
        return;
    draw_more(body.y + h, body, f->top, d->rows.len - f->top - (size_t)h, utf8);
}

void diagram_draw(Diagram *d, Rect r, bool focused, bool compact, bool utf8)
{
    if (r.h <= 0)
        return;
    if (d->compare[0]) {
        draw_compare(d, r, utf8);
        return;
    }
    if (!d->layout) {
        draw_empty(r, d->gone);
        return;
    }
    draw_breadcrumb(d, r, focused, utf8);
    bool warning;
    char *detail = detail_text(d, utf8, value_room(d, r.w, compact), r.w - 2, &warning);
    size_t starts[1];
    int dh = r.h >= 2 ? detail_rows(r.h, textwrap_words(detail, r.w - 2, starts, 1)) : 0;
    Rect body = {r.y + 1, r.x, r.h - 1 - dh, r.w};
    d->page = body.h;
    if (body.h > 0 && d->hex) {
        draw_hex(d, body, utf8);
    } else if (body.h > 0) {
        draw_rows(d, body, compact, utf8);
    }
    if (dh)
        draw_detail((Rect){r.y + r.h - dh, r.x, dh, r.w}, detail, warning, utf8);
    free(detail);
}

void diagram_note(Diagram *d, const char *message)
{
    snprintf(d->message, sizeof d->message, "%s", message);
}

void diagram_resize(Diagram *d, Rect r)
{
    if (d->rows_width == r.w - 3)
        return;
    d->rows_width = r.w - 3; /* text rows wrap to the pane: once per width, not per frame */
    build_rows(d);
}

const LayoutEntry *diagram_selected(Diagram *d)
{
    return d->compare[0] || d->hex ? NULL : selected_entry(d);
}

void diagram_click(Diagram *d, Rect r, int y)
{
    DiagramFrame *f = top(d);
    if (!f || d->hex || y <= r.y || y >= r.y + r.h - 1)
        return;
    size_t i = f->top + (size_t)(y - r.y - 1);
    if (i < d->rows.len && d->rows.rows[i].kind == ROW_ENTRY)
        f->selected = i;
}
