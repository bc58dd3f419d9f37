/* refs.c — the references picture (layout/refs.h) as text, the way Python Tutor draws frames and
 * objects: the names in a frame on the left, each object in a column by how far it is from the
 * names, as a box (a container: one row a reference) or a one-row chip (a leaf: its value), and
 * each reference an arrow through the gutter right of its box. An object is drawn once, so
 * arrows to it meet (aliasing). Boxes sit level with the first arrow to them, so most arrows run
 * straight. When the picture cannot fit the width (or the caller asks), it is written as
 * "name → object" lines instead. Every piece is announced with its TextStyle: svg.c and the
 * explorer colour it as they colour the diagram. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "render/render.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum { LABEL_MAX = 20, VALUE_MAX = 24, PHRASE_MAX = 30, NAME_MAX = 16, GUTTER_MIN = 4, PASSES = 4 };
enum { LINE_U = 1, LINE_D = 2, LINE_L = 4, LINE_R = 8 };

#define STYLE_ARROW (TEXT_STYLE_ROLE + ROLE_POINTER)

typedef struct {
    const char *arrow, *head_r, *head_l, *dot, *weak_dot, *sep, *ell;
} Glyphs;

static const Glyphs UTF8 = {"→", "▶", "◀", "●", "○", " · ", "…"};
static const Glyphs ASCII = {"->", ">", "<", "*", "o", ", ", "~"};

/* ---- a grid of cells ------------------------------------------------------------------------- */

typedef struct {
    char g[8];          /* the glyph here (UTF-8); "" for a line or a blank */
    unsigned char mask; /* LINE_* of lines drawn through it */
    bool dashed;        /* those lines are a weak reference */
    bool cont;          /* the second column of a wide glyph */
    unsigned style;
} Cell;

typedef struct {
    Cell *cells;
    int w, h;
    bool ascii;
} Canvas;

static Cell *at(Canvas *c, int x, int y)
{
    return x >= 0 && y >= 0 && x < c->w && y < c->h ? &c->cells[(size_t)y * (size_t)c->w + (size_t)x]
                                                     : NULL;
}

/* Text from (x, y), one glyph a cell; returns the columns it took. */
static int put(Canvas *c, int x, int y, const char *s, unsigned style)
{
    int x0 = x;
    for (const char *p = s; *p;) {
        uint32_t cp = '?';
        size_t n = utf8_decode((const unsigned char *)p, strlen(p), &cp);
        n = n ? n : 1;
        int w = wcwidth((wchar_t)cp);
        w = w < 1 ? 1 : w;
        Cell *cell = at(c, x, y);
        if (cell && n < sizeof cell->g) {
            memcpy(cell->g, p, n);
            cell->g[n] = '\0';
            cell->style = style;
            cell->cont = false;
        }
        for (int k = 1; k < w; k++)
            if ((cell = at(c, x + k, y)) != NULL)
                cell->cont = true;
        x += w;
        p += n;
    }
    return x - x0;
}

/* A straight line from (x0, y0) to (x1, y1): each cell joins its neighbours on the line. */
static void line(Canvas *c, int x0, int y0, int x1, int y1, unsigned style, bool dashed)
{
    int dx = x1 > x0 ? 1 : x1 < x0 ? -1 : 0, dy = y1 > y0 ? 1 : y1 < y0 ? -1 : 0;
    if (!dx && !dy)
        return;
    unsigned char fwd = dx > 0 ? LINE_R : dx < 0 ? LINE_L : dy > 0 ? LINE_D : LINE_U;
    unsigned char back = fwd == LINE_R ? LINE_L : fwd == LINE_L ? LINE_R : fwd == LINE_D ? LINE_U : LINE_D;
    for (int x = x0, y = y0;; x += dx, y += dy) {
        Cell *cell = at(c, x, y);
        if (cell) {
            cell->mask |= (x != x1 || y != y1 ? fwd : 0) | (x != x0 || y != y0 ? back : 0);
            cell->dashed = cell->dashed || dashed;
            if (!cell->g[0])
                cell->style = style;
        }
        if (x == x1 && y == y1)
            break;
    }
}

static void rectangle(Canvas *c, int x, int y, int w, int h)
{
    line(c, x, y, x + w - 1, y, TEXT_STYLE_FRAME, false);
    line(c, x, y + h - 1, x + w - 1, y + h - 1, TEXT_STYLE_FRAME, false);
    line(c, x, y, x, y + h - 1, TEXT_STYLE_FRAME, false);
    line(c, x + w - 1, y, x + w - 1, y + h - 1, TEXT_STYLE_FRAME, false);
}

static const char *line_glyph(const Cell *cell, bool ascii)
{
    static const char *const utf8[16] = {" ", "│", "│", "│", "─", "┘", "┐", "┤",
                                         "─", "└", "┌", "├", "─", "┴", "┬", "┼"};
    unsigned m = cell->mask;
    bool h = m == LINE_L || m == LINE_R || m == (LINE_L | LINE_R);
    bool v = m == LINE_U || m == LINE_D || m == (LINE_U | LINE_D);
    if (ascii)
        return h ? (cell->dashed ? "." : "-") : v ? (cell->dashed ? ":" : "|") : m ? "+" : " ";
    if (cell->dashed && h)
        return "┄";
    if (cell->dashed && v)
        return "┆";
    return utf8[m & 15];
}

static void emit(Canvas *c, const RefsTextOptions *opt, Out *out)
{
    unsigned current = (unsigned)-1;
    for (int y = 0; y < c->h; y++) {
        int last = c->w - 1;
        while (last >= 0 && !at(c, last, y)->g[0] && !at(c, last, y)->mask)
            last--;
        for (int x = 0; x <= last; x++) {
            Cell *cell = at(c, x, y);
            if (cell->cont)
                continue;
            bool blank = !cell->g[0] && !cell->mask;
            unsigned style = blank ? TEXT_STYLE_NORMAL : cell->style;
            if (style != current && opt->style) {
                opt->style(style, opt->style_userdata);
                current = style;
            }
            out_puts(out, cell->g[0] ? cell->g : line_glyph(cell, c->ascii));
        }
        out_puts(out, "\n");
    }
    if (opt->style && current != TEXT_STYLE_NORMAL)
        opt->style(TEXT_STYLE_NORMAL, opt->style_userdata);
}

/* ---- what each box says ---------------------------------------------------------------------- */

typedef struct {
    const RefsGraph *g;
    const Glyphs *gl;
    bool ascii;
    int maxcol;      /* columns of boxes drawn (depth <= maxcol) */
    int *tag;        /* per node: #N for a box an undrawable arrow points to, else 0 */
    int ntags;
    bool **slot_tag; /* per node, per slot: written "→ #N" instead of an arrow */
} Plan;

static bool drawn(const Plan *p, size_t node)
{
    return node != REFS_NONE && p->g->nodes[node].depth <= p->maxcol;
}

static bool chip(const RefsNode *n)
{
    return !n->expanded;
}

static char *fit(const Plan *p, const char *s, int max)
{
    return render_fit(s, p->ascii, max);
}

static int cols(const char *s)
{
    return render_columns(s, strlen(s));
}

static char *size_text(const RefsNode *n)
{
    char num[NUMFMT_MAX];
    return n->size >= 0 ? xasprintf("%s B", numfmt_grouped(num, n->size)) : xstrdup("? B");
}

/* "list · 72 B" (and " #2" when arrows that could not be drawn point to it). */
static char *title_of(const Plan *p, size_t node)
{
    const RefsNode *n = &p->g->nodes[node];
    char *size = size_text(n), *type = fit(p, n->type_name, VALUE_MAX);
    char *t = p->tag[node] ? xasprintf("#%d %s%s%s", p->tag[node], type, p->gl->sep, size)
                           : xasprintf("%s%s%s", type, p->gl->sep, size);
    free(size);
    free(type);
    return t;
}

/* A chip's bracketed value: a leaf's own, "…" for an object whose references are not shown. */
static char *chip_value(const Plan *p, const RefsNode *n)
{
    bool opaque = n->value[0] == '<' && strstr(n->value, n->type_name);
    char *v = fit(p, opaque ? p->gl->ell : n->value, VALUE_MAX);
    char *t = xasprintf("[ %s ]", v);
    free(v);
    return t;
}

/* What follows a chip: " int · 28 B · small int". */
static char *chip_tail(const Plan *p, size_t node)
{
    const RefsNode *n = &p->g->nodes[node];
    char *title = title_of(p, node);
    StrBuf b;
    strbuf_init(&b);
    strbuf_printf(&b, " %s", title);
    for (unsigned bit = 1; bit < (1u << REFS_NOTE_KINDS); bit <<= 1)
        if (n->notes & bit)
            strbuf_printf(&b, "%s%s", p->gl->sep, refs_note_word(bit));
    free(title);
    return strbuf_take(&b);
}

/* A slot's row inside its box: "[0]" and, when its target is not drawn as a box of its own (or
 * its arrow cannot be), "→ int 1" or "→ #2" after it. */
static char *slot_text(const Plan *p, size_t node, size_t i, bool *arrow)
{
    const RefsSlot *s = &p->g->nodes[node].slots[i];
    char *label = fit(p, s->label, LABEL_MAX);
    *arrow = drawn(p, s->target) && !p->slot_tag[node][i];
    char *t;
    if (*arrow) {
        t = xasprintf("%s", label);
    } else if (drawn(p, s->target)) {
        t = xasprintf("%s %s #%d", label, p->gl->arrow, p->tag[s->target]);
    } else {
        char *v = fit(p, s->value, PHRASE_MAX);
        t = xasprintf("%s %s %s", label, p->gl->arrow, v);
        free(v);
    }
    free(label);
    return t;
}

typedef struct {
    int x, y, w, h;
    int col;  /* -1: not drawn */
} Place;

/* The size of node's box (w 0 when it is not drawn). */
static Place measure(const Plan *p, size_t node)
{
    const RefsNode *n = &p->g->nodes[node];
    Place pl = {0, 0, 0, 0, -1};
    if (!drawn(p, node))
        return pl;
    pl.col = n->depth;
    if (chip(n)) {
        char *v = chip_value(p, n), *t = chip_tail(p, node);
        pl.w = cols(v) + cols(t);
        pl.h = 1;
        free(v);
        free(t);
        return pl;
    }
    char *title = title_of(p, node);
    int inner = cols(title) + 2;
    free(title);
    for (size_t i = 0; i < n->nslots; i++) {
        bool arrow;
        char *t = slot_text(p, node, i, &arrow);
        int w = cols(t) + (arrow ? 2 : 0);
        inner = w > inner ? w : inner;
        free(t);
    }
    if (n->nslots == 0)
        inner = inner > 7 ? inner : 7; /* "(empty)" */
    if (n->more) {
        char more[48];
        snprintf(more, sizeof more, "%s %zu more", p->gl->ell, n->more);
        inner = cols(more) > inner ? cols(more) : inner;
    }
    pl.w = inner + 4;
    pl.h = 2 + (int)(n->nslots ? n->nslots : 1) + (n->more ? 1 : 0);
    return pl;
}

/* ---- where the boxes go -------------------------------------------------------------------- */

typedef struct {
    Place frame;
    Place *box;       /* per node */
    int *name_row;
    int ncols;        /* 1 (the frame) + columns of boxes */
    int *col_x, *col_w, *gutter;
    int width, height;
    int lanes;        /* in all the gutters */
} Picture;

/* The row an arrow to node arrives at (its title row, or the chip's). */
static int entry_row(const Picture *L, size_t node)
{
    return L->box[node].y;
}

static int name_text_width(const Plan *p, size_t i)
{
    const RefsSlot *s = &p->g->names[i];
    char *name = fit(p, s->label, NAME_MAX);
    int w = cols(name);
    free(name);
    if (drawn(p, s->target))
        return w + 2; /* " ●" */
    char *v = fit(p, s->value, PHRASE_MAX);
    w += 3 + cols(v);
    free(v);
    return w;
}

/* Boxes of column `col` stacked top down, each level with the first arrow to it when it can be. */
static void stack_column(const Plan *p, Picture *L, int col)
{
    const RefsGraph *g = p->g;
    size_t n = g->nnodes;
    int *want = xcalloc(n ? n : 1, sizeof *want);
    size_t *order = xcalloc(n ? n : 1, sizeof *order), count = 0;
    for (size_t i = 0; i < n; i++) {
        if (L->box[i].col != col)
            continue;
        want[i] = 1 << 30;
        order[count++] = i;
    }
    for (size_t s = 0; s < n && col > 1; s++) { /* the first slot in the column before */
        if (L->box[s].col != col - 1 || chip(&g->nodes[s]))
            continue;
        for (size_t k = 0; k < g->nodes[s].nslots; k++) {
            size_t t = g->nodes[s].slots[k].target;
            int row = L->box[s].y + 1 + (int)k;
            if (drawn(p, t) && L->box[t].col == col && row < want[t])
                want[t] = row;
        }
    }
    for (size_t a = 1; a < count; a++) /* by where they are wanted, first reached first */
        for (size_t b = a; b > 0 && want[order[b]] < want[order[b - 1]]; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    int cursor = 1;
    bool after_box = false;
    for (size_t k = 0; k < count; k++) {
        Place *pl = &L->box[order[k]];
        bool is_chip = chip(&g->nodes[order[k]]);
        int first = cursor + (!is_chip && !after_box && k > 0); /* a blank row around a box */
        int y = col == 1 || want[order[k]] == 1 << 30 ? first : want[order[k]];
        pl->y = y > first ? y : first;
        cursor = pl->y + pl->h + !is_chip;
        after_box = !is_chip;
    }
    free(want);
    free(order);
}

/* Each name level with its object when it can be, in order, one a row at least. */
static void place_names(const Plan *p, Picture *L)
{
    int cursor = 1, last = 0;
    for (size_t i = 0; i < p->g->nnames; i++) {
        size_t t = p->g->names[i].target;
        int want = drawn(p, t) ? entry_row(L, t) : cursor;
        L->name_row[i] = want > cursor ? want : cursor;
        cursor = L->name_row[i] + 1;
        last = L->name_row[i];
    }
    int w = 9; /* "┌ names ┐" */
    for (size_t i = 0; i < p->g->nnames; i++) {
        int nw = name_text_width(p, i) + 4;
        w = nw > w ? nw : w;
    }
    L->frame = (Place){0, 0, w, (p->g->nnames ? last : 1) + 2, 0};
}

/* ---- arrows ---------------------------------------------------------------------------------- */

typedef struct {
    int col;        /* the gutter right of this column */
    int xs, ys;     /* where it leaves its box (the right border) */
    size_t target;
    bool back;      /* it arrives at the target's right side (same column or one before) */
    bool weak;
    int lane;       /* -1: straight across, no lane */
} Arrow;

typedef struct {
    Arrow *v;
    size_t n, cap;
} Arrows;

static void add_arrow(Arrows *a, int col, int xs, int ys, size_t target, bool back, bool weak)
{
    a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
    a->v[a->n++] = (Arrow){col, xs, ys, target, back, weak, -1};
}

/* Every arrow from a drawn name or slot to a drawn box; *blocked counts those that could not be
 * drawn and marks them for the next pass (written "→ #N"). */
static void collect(Plan *p, const Picture *L, Arrows *a, int *blocked)
{
    const RefsGraph *g = p->g;
    for (size_t i = 0; i < g->nnames; i++)
        if (drawn(p, g->names[i].target)) /* names point to the first column: never back */
            add_arrow(a, 0, L->frame.x + L->frame.w - 1, L->name_row[i], g->names[i].target, false,
                      false);
    for (size_t s = 0; s < g->nnodes; s++) {
        const Place *src = &L->box[s];
        if (src->col < 0 || chip(&g->nodes[s]))
            continue;
        for (size_t k = 0; k < g->nodes[s].nslots; k++) {
            const RefsSlot *slot = &g->nodes[s].slots[k];
            if (!drawn(p, slot->target) || p->slot_tag[s][k])
                continue;
            const Place *t = &L->box[slot->target];
            bool back = t->col <= src->col;
            int ys = src->y + 1 + (int)k;
            if (back && t->col < src->col) { /* the way back must cross no box */
                int from = t->x + t->w, to = L->col_x[src->col] + L->col_w[src->col];
                bool clear = true;
                for (size_t o = 0; o < g->nnodes && clear; o++) {
                    const Place *b = &L->box[o];
                    clear = b->col < 0 || t->y < b->y || t->y >= b->y + b->h || b->x + b->w <= from ||
                            b->x >= to;
                }
                if (!clear) {
                    p->slot_tag[s][k] = true;
                    if (!p->tag[slot->target])
                        p->tag[slot->target] = ++p->ntags;
                    (*blocked)++;
                    continue;
                }
            }
            add_arrow(a, src->col, src->x + src->w - 1, ys, slot->target, back, slot->weak);
        }
    }
}

/* Lanes in each gutter: one per target and side, spans that do not overlap sharing one. */
static void lanes(const Picture *L, Arrows *a, int *nlanes)
{
    for (int c = 0; c < L->ncols; c++)
        nlanes[c] = 0;
    for (size_t i = 0; i < a->n; i++) {
        Arrow *r = &a->v[i];
        if (r->lane >= 0)
            continue;
        int top = entry_row(L, r->target), bottom = top;
        bool straight = !r->back;
        for (size_t j = i; j < a->n; j++) { /* the arrows that share its lane */
            Arrow *o = &a->v[j];
            if (o->col != r->col || o->target != r->target || o->back != r->back)
                continue;
            top = o->ys < top ? o->ys : top;
            bottom = o->ys > bottom ? o->ys : bottom;
            straight = straight && o->ys == entry_row(L, r->target);
        }
        if (straight)
            continue; /* level with its target: it runs straight through */
        int lane = 0;
        for (bool clash = true; clash; lane += clash) { /* the first lane free over [top, bottom] */
            clash = false;
            for (size_t j = 0; j < a->n && !clash; j++) {
                const Arrow *o = &a->v[j];
                if (o->col != r->col || o->lane != lane)
                    continue;
                int ot = entry_row(L, o->target), ob = ot;
                for (size_t k = 0; k < a->n; k++)
                    if (a->v[k].col == o->col && a->v[k].target == o->target && a->v[k].back == o->back) {
                        ot = a->v[k].ys < ot ? a->v[k].ys : ot;
                        ob = a->v[k].ys > ob ? a->v[k].ys : ob;
                    }
                clash = !(bottom < ot - 1 || top > ob + 1);
            }
        }
        for (size_t j = i; j < a->n; j++)
            if (a->v[j].col == r->col && a->v[j].target == r->target && a->v[j].back == r->back)
                a->v[j].lane = lane;
        nlanes[r->col] = lane + 1 > nlanes[r->col] ? lane + 1 : nlanes[r->col];
    }
}

static void draw_arrow(Canvas *c, const Plan *p, const Picture *L, const Arrow *r)
{
    const Place *t = &L->box[r->target];
    int yt = entry_row(L, r->target);
    int gutter_x = L->col_x[r->col] + L->col_w[r->col];
    int lx = r->lane >= 0 ? gutter_x + 2 + r->lane : -1; /* right of a back arrow's head */
    int head = r->back ? t->x + t->w + 1 : t->x - 1;
    if (lx < 0) {
        line(c, r->xs, r->ys, head, yt, STYLE_ARROW, r->weak);
    } else {
        line(c, r->xs, r->ys, lx, r->ys, STYLE_ARROW, r->weak);
        line(c, lx, r->ys, lx, yt, STYLE_ARROW, r->weak);
        line(c, lx, yt, head, yt, STYLE_ARROW, r->weak);
    }
    put(c, head, yt, r->back ? p->gl->head_l : p->gl->head_r, STYLE_ARROW);
}

/* ---- the layout, pass after pass ------------------------------------------------------------- */

static void places_free(Picture *L)
{
    free(L->box);
    free(L->name_row);
    free(L->col_x);
    free(L->col_w);
    free(L->gutter);
    memset(L, 0, sizeof *L);
}

/* Places for the plan's columns; false when some arrow could not be drawn and the plan changed
 * (place again). */
static bool place(Plan *p, Picture *L, Arrows *a)
{
    const RefsGraph *g = p->g;
    places_free(L);
    L->ncols = p->maxcol + 1;
    L->box = xcalloc(g->nnodes ? g->nnodes : 1, sizeof *L->box);
    L->name_row = xcalloc(g->nnames ? g->nnames : 1, sizeof *L->name_row);
    L->col_x = xcalloc((size_t)L->ncols + 1, sizeof *L->col_x);
    L->col_w = xcalloc((size_t)L->ncols + 1, sizeof *L->col_w);
    L->gutter = xcalloc((size_t)L->ncols + 1, sizeof *L->gutter);
    for (size_t i = 0; i < g->nnodes; i++)
        L->box[i] = measure(p, i);
    for (int col = 1; col < L->ncols; col++)
        stack_column(p, L, col);
    place_names(p, L);
    L->col_w[0] = L->frame.w;
    for (size_t i = 0; i < g->nnodes; i++)
        if (L->box[i].col > 0 && L->box[i].w > L->col_w[L->box[i].col])
            L->col_w[L->box[i].col] = L->box[i].w;
    /* x needs the gutters, the gutters need the arrows, the arrows' clearance needs x: place
     * with the narrowest gutters, find the arrows, then widen */
    int *nl = xcalloc((size_t)L->ncols + 1, sizeof *nl);
    for (int round = 0; round < 2; round++) {
        for (int col = 0; col < L->ncols; col++) {
            L->gutter[col] = nl[col] + 4 > GUTTER_MIN ? nl[col] + 4 : GUTTER_MIN;
            L->col_x[col + 1] = L->col_x[col] + L->col_w[col] + L->gutter[col];
        }
        for (size_t i = 0; i < g->nnodes; i++)
            if (L->box[i].col > 0)
                L->box[i].x = L->col_x[L->box[i].col];
        a->n = 0;
        int blocked = 0;
        collect(p, L, a, &blocked);
        if (blocked) {
            free(nl);
            return false;
        }
        lanes(L, a, nl);
    }
    L->lanes = 0;
    for (int col = 0; col < L->ncols; col++)
        L->lanes += nl[col];
    free(nl);
    int last = L->ncols - 1, right = 0, bottom = L->frame.h;
    for (int col = 0; col <= last; col++)
        right = L->col_x[col] + L->col_w[col];
    for (size_t i = 0; i < a->n; i++) /* arrows back into the last column use its gutter */
        if (a->v[i].col == last || a->v[i].back) {
            int lane_end = L->col_x[a->v[i].col] + L->col_w[a->v[i].col] + 3 + (a->v[i].lane > 0 ? a->v[i].lane : 0);
            right = lane_end > right ? lane_end : right;
        }
    for (size_t i = 0; i < g->nnodes; i++)
        if (L->box[i].col > 0 && L->box[i].y + L->box[i].h > bottom)
            bottom = L->box[i].y + L->box[i].h;
    L->width = right;
    L->height = bottom;
    return true;
}

static void plan_init(Plan *p, const RefsGraph *g, bool ascii)
{
    memset(p, 0, sizeof *p);
    p->g = g;
    p->ascii = ascii;
    p->gl = ascii ? &ASCII : &UTF8;
    size_t n = g->nnodes ? g->nnodes : 1;
    p->tag = xcalloc(n, sizeof *p->tag);
    p->slot_tag = xcalloc(n, sizeof *p->slot_tag);
    for (size_t i = 0; i < g->nnodes; i++)
        p->slot_tag[i] = xcalloc(g->nodes[i].nslots + 1, sizeof **p->slot_tag);
    for (size_t i = 0; i < g->nnodes; i++)
        p->maxcol = g->nodes[i].depth > p->maxcol ? g->nodes[i].depth : p->maxcol;
}

static void plan_free(Plan *p)
{
    for (size_t i = 0; i < p->g->nnodes; i++)
        free(p->slot_tag[i]);
    free(p->slot_tag);
    free(p->tag);
}

/* The widest picture that fits `width`: columns of boxes are dropped from the right (their
 * objects then read as values in the slots that point to them). False when not even the names
 * and what they point to fit. */
static bool plan_fit(Plan *p, Picture *L, Arrows *a, int width)
{
    for (; p->maxcol >= 1; p->maxcol--) {
        memset(p->tag, 0, (p->g->nnodes ? p->g->nnodes : 1) * sizeof *p->tag);
        p->ntags = 0;
        for (size_t i = 0; i < p->g->nnodes; i++)
            memset(p->slot_tag[i], 0, (p->g->nodes[i].nslots + 1) * sizeof **p->slot_tag);
        bool done = false;
        for (int pass = 0; pass < PASSES && !done; pass++)
            done = place(p, L, a);
        if (L->width <= width)
            return true;
    }
    if (p->g->nnodes == 0) /* names alone */
        return place(p, L, a) && L->width <= width;
    return false;
}

/* ---- drawing ----------------------------------------------------------------------------------- */

static void draw_frame(Canvas *c, const Plan *p, const Picture *L)
{
    const Place *f = &L->frame;
    rectangle(c, f->x, f->y, f->w, f->h);
    if (p->g->namespace)
        put(c, f->x + 1, f->y, " names ", TEXT_STYLE_SECTION);
    for (size_t i = 0; i < p->g->nnames; i++) {
        const RefsSlot *s = &p->g->names[i];
        int y = L->name_row[i];
        char *name = fit(p, s->label, NAME_MAX);
        int x = f->x + 2 + put(c, f->x + 2, y, name, TEXT_STYLE_RESULT);
        free(name);
        if (drawn(p, s->target)) {
            put(c, f->x + f->w - 2, y, p->gl->dot, STYLE_ARROW);
            continue;
        }
        char *v = fit(p, s->value, PHRASE_MAX);
        x += put(c, x + 1, y, p->gl->arrow, STYLE_ARROW) + 1;
        put(c, x + 1, y, v, TEXT_STYLE_NORMAL);
        free(v);
    }
}

static void draw_box(Canvas *c, const Plan *p, const Picture *L, size_t node)
{
    const RefsNode *n = &p->g->nodes[node];
    const Place *b = &L->box[node];
    if (chip(n)) {
        char *v = chip_value(p, n), *t = chip_tail(p, node);
        int x = b->x + put(c, b->x, b->y, v, TEXT_STYLE_RESULT);
        put(c, x, b->y, t, TEXT_STYLE_INFO);
        free(v);
        free(t);
        return;
    }
    rectangle(c, b->x, b->y, b->w, b->h);
    char *title = title_of(p, node), *spaced = xasprintf(" %s ", title);
    put(c, b->x + 1, b->y, spaced, TEXT_STYLE_SECTION);
    free(title);
    free(spaced);
    for (size_t i = 0; i < n->nslots; i++) {
        bool arrow;
        char *t = slot_text(p, node, i, &arrow);
        int y = b->y + 1 + (int)i;
        put(c, b->x + 2, y, t, TEXT_STYLE_NORMAL);
        if (arrow)
            put(c, b->x + b->w - 2, y, n->slots[i].weak ? p->gl->weak_dot : p->gl->dot, STYLE_ARROW);
        free(t);
    }
    if (!n->nslots)
        put(c, b->x + 2, b->y + 1, "(empty)", TEXT_STYLE_INFO);
    if (n->more) {
        char more[48];
        snprintf(more, sizeof more, "%s %zu more", p->gl->ell, n->more);
        put(c, b->x + 2, b->y + 1 + (int)(n->nslots ? n->nslots : 1), more, TEXT_STYLE_INFO);
    }
}

static void draw_picture(const Plan *p, const Picture *L, const Arrows *a,
                         const RefsTextOptions *opt, Out *out)
{
    Canvas c = {xcalloc((size_t)L->width * (size_t)L->height + 1, sizeof(Cell)), L->width, L->height,
                p->ascii};
    draw_frame(&c, p, L);
    for (size_t i = 0; i < p->g->nnodes; i++)
        if (L->box[i].col > 0)
            draw_box(&c, p, L, i);
    for (size_t i = 0; i < a->n; i++)
        draw_arrow(&c, p, L, &a->v[i]);
    emit(&c, opt, out);
    free(c.cells);
}

/* ---- "name → object" lines --------------------------------------------------------------------- */

typedef struct {
    const RefsGraph *g;
    const Glyphs *gl;
    bool ascii;
    char **path;   /* per node: where it was first written ("a", "a[0]"), NULL until then */
    Out *out;
    const RefsTextOptions *opt;
} Lines;

static void lines_style(const Lines *l, unsigned style)
{
    if (l->opt->style)
        l->opt->style(style, l->opt->style_userdata);
}

/* "int 1 · 28 B · small int", "list · 72 B". */
static char *describe(const Lines *l, const RefsNode *n)
{
    char num[NUMFMT_MAX];
    StrBuf b;
    strbuf_init(&b);
    strbuf_puts(&b, n->type_name);
    if (!n->expanded && n->value[0] && !(n->value[0] == '<' && strstr(n->value, n->type_name)))
        strbuf_printf(&b, " %s", n->value);
    if (n->size >= 0)
        strbuf_printf(&b, "%s%s B", l->gl->sep, numfmt_grouped(num, n->size));
    for (unsigned bit = 1; bit < (1u << REFS_NOTE_KINDS); bit <<= 1)
        if (n->notes & bit)
            strbuf_printf(&b, "%s%s", l->gl->sep, refs_note_word(bit));
    char *fitted = render_fit(b.data, l->ascii, 200);
    strbuf_free(&b);
    return fitted;
}

static void lines_one(Lines *l, const RefsSlot *s, const char *path, int indent)
{
    char *label = render_fit(s->label, l->ascii, LABEL_MAX);
    lines_style(l, indent ? TEXT_STYLE_NORMAL : TEXT_STYLE_RESULT);
    out_printf(l->out, "%*s%s", indent, "", label);
    lines_style(l, STYLE_ARROW);
    out_printf(l->out, " %s%s ", s->weak ? "(weak) " : "", l->gl->arrow);
    lines_style(l, TEXT_STYLE_NORMAL);
    free(label);
    if (s->target == REFS_NONE) {
        char *v = render_fit(s->value, l->ascii, 200);
        out_printf(l->out, "%s\n", v);
        free(v);
        return;
    }
    const RefsNode *n = &l->g->nodes[s->target];
    if (l->path[s->target]) {
        char *first = render_fit(l->path[s->target], l->ascii, 60);
        out_printf(l->out, "the same %s as %s\n", n->type_name, first);
        free(first);
        return;
    }
    l->path[s->target] = xstrdup(path);
    char *d = describe(l, n);
    out_printf(l->out, "%s\n", d);
    free(d);
    for (size_t i = 0; i < n->nslots; i++) {
        const RefsSlot *c = &n->slots[i];
        char *sub = c->label[0] == '[' || c->label[0] == '.' ? xasprintf("%s%s", path, c->label)
                                                             : xasprintf("%s %s", path, c->label);
        lines_one(l, c, sub, indent + 4);
        free(sub);
    }
    if (n->more) {
        lines_style(l, TEXT_STYLE_INFO);
        out_printf(l->out, "%*s%s %zu more\n", indent + 4, "", l->gl->ell, n->more);
    }
}

static void write_lines(const RefsGraph *g, const RefsTextOptions *opt, Out *out)
{
    Lines l = {g, opt->ascii ? &ASCII : &UTF8, opt->ascii, xcalloc(g->nnodes + 1, sizeof(char *)),
               out, opt};
    for (size_t i = 0; i < g->nnames; i++)
        lines_one(&l, &g->names[i], g->names[i].label, 0);
    lines_style(&l, TEXT_STYLE_NORMAL);
    for (size_t i = 0; i < g->nnodes; i++)
        free(l.path[i]);
    free(l.path);
}

/* ---- the legend, and the whole ----------------------------------------------------------------- */

/* Lines of text written wrapped at spaces to `width` columns, continuations indented. */
static void wrap_words(const char *text, int width, Out *out)
{
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        int col = 0;
        for (size_t i = 0; i < n;) {
            size_t word = strcspn(line + i, " \n");
            word = i + word > n ? n - i : word;
            int w = render_columns(line + i, word);
            if (col > 2 && col + 1 + w > width) {
                out_puts(out, "\n  ");
                col = 2;
            } else if (col > 0) {
                out_puts(out, " ");
                col++;
            }
            out_write(out, line + i, word);
            col += w;
            i += word;
            size_t spaces = strspn(line + i, " ");
            i += spaces < n - i ? spaces : n - i;
        }
        out_puts(out, "\n");
        line += n + (line[n] == '\n');
    }
}

static void legend(const RefsGraph *g, const RefsTextOptions *opt, bool tags, int width, Out *out)
{
    unsigned notes = 0;
    bool weak = false;
    for (size_t i = 0; i < g->nnodes; i++) {
        notes |= g->nodes[i].notes;
        for (size_t k = 0; k < g->nodes[i].nslots; k++)
            weak = weak || g->nodes[i].slots[k].weak;
    }
    StrBuf b;
    strbuf_init(&b);
    for (unsigned bit = 1; bit < (1u << REFS_NOTE_KINDS); bit <<= 1)
        if (notes & bit)
            strbuf_printf(&b, "%s\n", refs_note_legend(bit));
    if (weak)
        strbuf_printf(&b, "%s\n", opt->ascii ? "o..> a weak reference: it does not keep its object alive"
                                             : "○┄┄▶ a weak reference: it does not keep its object alive");
    if (tags)
        strbuf_puts(&b, "#N: an arrow that could not be drawn points to the box marked #N\n");
    if (g->hidden)
        strbuf_printf(&b, "%zu name%s not shown (modules, _, or more than fit)\n", g->hidden,
                      g->hidden == 1 ? "" : "s");
    if (g->left_out)
        strbuf_printf(&b, "%zu more object%s not drawn (:refs EXPR draws one of them)\n",
                      g->left_out, g->left_out == 1 ? "" : "s");
    if (b.len) {
        out_puts(out, "\n");
        if (opt->style)
            opt->style(TEXT_STYLE_INFO, opt->style_userdata);
        char *text = render_fit(b.data, opt->ascii, (int)b.len + 1);
        wrap_words(text, width, out);
        free(text);
        if (opt->style)
            opt->style(TEXT_STYLE_NORMAL, opt->style_userdata);
    }
    strbuf_free(&b);
}

void render_refs_text(const RefsGraph *g, const RefsTextOptions *opt, Out *out)
{
    int width = opt->width > 0 ? opt->width : TEXT_DEFAULT_WIDTH;
    if (g->nnames == 0) {
        if (opt->style)
            opt->style(TEXT_STYLE_INFO, opt->style_userdata);
        out_puts(out, g->namespace ? "No names yet: assign one (a = [1, 2]) and it appears here.\n"
                                   : "Nothing to draw.\n");
        if (opt->style)
            opt->style(TEXT_STYLE_NORMAL, opt->style_userdata);
        legend(g, opt, false, width, out);
        return;
    }
    Plan p;
    plan_init(&p, g, opt->ascii);
    Picture L = {0};
    Arrows a = {0};
    bool fits = !opt->lines && plan_fit(&p, &L, &a, width);
    if (fits)
        draw_picture(&p, &L, &a, opt, out);
    else
        write_lines(g, opt, out);
    legend(g, opt, fits && p.ntags > 0, width, out);
    free(a.v);
    places_free(&L);
    plan_free(&p);
}

bool render_refs_places(const RefsGraph *g, int width, bool ascii, RefsPlaces *out)
{
    memset(out, 0, sizeof *out);
    Plan p;
    plan_init(&p, g, ascii);
    Picture L = {0};
    Arrows a = {0};
    bool fits = g->nnames > 0 && plan_fit(&p, &L, &a, width);
    if (fits) {
        out->n = g->nnodes;
        out->boxes = xcalloc(g->nnodes + 1, sizeof *out->boxes);
        for (size_t i = 0; i < g->nnodes; i++)
            out->boxes[i] = (RefsPlace){L.box[i].x, L.box[i].y, L.box[i].w, L.box[i].h, L.box[i].col};
        out->frame = (RefsPlace){L.frame.x, L.frame.y, L.frame.w, L.frame.h, 0};
        out->name_rows = xcalloc(g->nnames + 1, sizeof *out->name_rows);
        memcpy(out->name_rows, L.name_row, g->nnames * sizeof *L.name_row);
        out->width = L.width;
        out->height = L.height;
        out->lanes = (size_t)L.lanes;
    }
    free(a.v);
    places_free(&L);
    plan_free(&p);
    return fits;
}

void render_refs_places_free(RefsPlaces *p)
{
    free(p->boxes);
    free(p->name_rows);
    memset(p, 0, sizeof *p);
}

typedef struct {
    const RefsGraph *g;
    RefsTextOptions text;
} RefsDrawing;

static void draw_refs(const void *what, TextStyleFn style, void *userdata, Out *out)
{
    const RefsDrawing *d = what;
    RefsTextOptions t = d->text;
    t.style = style;
    t.style_userdata = userdata;
    render_refs_text(d->g, &t, out);
}

void render_refs_svg(const RefsGraph *g, const RefsTextOptions *text, const SvgOptions *opt,
                     Out *out)
{
    RefsDrawing d = {g, *text};
    render_svg_drawn(draw_refs, &d, opt, g->title, out);
}
