/* view_refs.c — the references picture in the diagram's pane, as a view: the namespace (or one
 * expression's objects) as render/refs.c draws it, made again whenever code has run since, in
 * the theme's colours, scrolled with the arrow keys. Text typed here goes to the input line. */
#include <stdlib.h>
#include <string.h>

#include "py/handle.h"
#include "py/interp.h"
#include "render/render.h"
#include "ui/appstate.h"
#include "ui/classroom.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "util/xalloc.h"

struct RefsPane {
    InterpHandle *value;     /* :refs EXPR: its object (owned); NULL: the namespace */
    char *label;             /* the expression */
    RefsGraph *graph;        /* NULL once objscope let go of value's object */
    unsigned long generation; /* interp_generation() when the graph was made */
    Styled lines;            /* the picture for a pane lines_width wide */
    int lines_width;
    size_t top;
    int page;
    char *reveal;            /* a name to scroll into view when next drawn (owned), or NULL */
};

RefsPane *refs_pane_new(InterpHandle *value, const char *label)
{
    RefsPane *p = xcalloc(1, sizeof *p);
    p->value = value;
    p->label = xstrdup(label ? label : "");
    styled_init(&p->lines);
    return p;
}

void refs_pane_free(RefsPane *p)
{
    if (!p)
        return;
    refs_free(p->graph);
    styled_free(&p->lines);
    interp_handle_free(p->value);
    free(p->reveal);
    free(p->label);
    free(p);
}

bool refs_pane_of_names(const RefsPane *p)
{
    return !p->value;
}

/* The graph, made again when code has run since it was made (the namespace may differ); NULL
 * when objscope let go of the expression's object. */
const RefsGraph *refs_pane_graph(RefsPane *p)
{
    if (p->generation == interp_generation() && (p->graph || p->value))
        return p->graph;
    refs_free(p->graph);
    RefsOptions opt = refs_default_options();
    p->graph = p->value ? interp_handle_refs(p->value, p->label, &opt)
                        : interp_refs_of_namespace(&opt);
    p->generation = interp_generation();
    p->lines_width = 0; /* drawn again */
    return p->graph;
}

static attr_t style_attr(unsigned style)
{
    unsigned base = style & ~(unsigned)TEXT_STYLE_BOLD;
    ColorRole r = theme_role_named(render_text_style_role((TextStyle)(base < TEXT_STYLE_COUNT ? base : 0)));
    return colors_attr(r) | (style & TEXT_STYLE_BOLD ? A_BOLD : 0);
}

static void lines_for(RefsPane *p, int width, bool utf8)
{
    const RefsGraph *g = refs_pane_graph(p);
    if (p->lines_width == width)
        return;
    styled_free(&p->lines);
    styled_init(&p->lines);
    RefsTextOptions opt = {.ascii = !utf8, .width = width, .style = styled_style,
                           .style_userdata = &p->lines};
    Out out = styled_out(&p->lines);
    if (g)
        render_refs_text(g, &opt, &out);
    else
        out_printf(&out, "objscope let go of %s: nothing in your code refers to it any more.\n"
                         "F3 twice shows the names.\n", p->label);
    styled_finish(&p->lines);
    p->lines_width = width;
}

void refs_pane_reveal(RefsPane *p, const char *name)
{
    free(p->reveal);
    p->reveal = name && *name ? xstrdup(name) : NULL;
}

static size_t name_index(const RefsGraph *g, const char *name)
{
    for (size_t i = 0; i < g->nnames; i++)
        if (strcmp(g->names[i].label, name) == 0)
            return i;
    return REFS_NONE;
}

/* The picture's rows [*first, *last] that hold the name and the box it points to; false when
 * the picture does not draw it (not a name of it, or written as lines). */
static bool rows_of_name(const RefsGraph *g, const char *name, int width, bool ascii, int *first,
                         int *last)
{
    size_t i = g ? name_index(g, name) : REFS_NONE;
    RefsPlaces pl;
    if (i == REFS_NONE || !render_refs_places(g, width, ascii, &pl))
        return false;
    *first = *last = pl.name_rows[i];
    size_t t = g->names[i].target;
    if (t != REFS_NONE && pl.boxes[t].col >= 0) {
        const RefsPlace *b = &pl.boxes[t];
        *first = b->y < *first ? b->y : *first;
        *last = b->y + b->h - 1 > *last ? b->y + b->h - 1 : *last;
    }
    render_refs_places_free(&pl);
    return true;
}

/* A demo step bound a name: scroll so that it and its box show, when they do not already. */
static void scroll_to_reveal(RefsPane *p, int width, bool ascii, int h)
{
    int first, last;
    bool found = rows_of_name(p->graph, p->reveal, width, ascii, &first, &last);
    free(p->reveal);
    p->reveal = NULL;
    if (!found || h <= 0)
        return;
    if ((size_t)first < p->top)
        p->top = (size_t)first;
    else if ((size_t)last >= p->top + (size_t)h)
        p->top = (size_t)(last - h + 1 < first ? last - h + 1 : first);
}

static void draw_line(const StyledLine *line, int y, Rect r)
{
    draw_fill(y, r.x, r.w, colors_attr(CR_NORMAL));
    for (size_t i = 0; i < line->len; i++) {
        const StyledRun *run = &line->runs[i];
        if (run->col >= r.w - 1)
            break;
        draw_text(y, r.x + 1 + run->col, r.w - 1 - run->col, run->text, style_attr(run->style));
    }
}

static void refs_view_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    RefsPane *p = state;
    Rect r = c->area;
    if (r.h <= 0)
        return;
    lines_for(p, r.w - 2, c->utf8);
    char *head = p->value ? xasprintf("references of %s", p->label)
                          : xstrdup("references: the names and what they point to");
    draw_bar((Rect){r.y, r.x, 1, r.w}, head, c->compact ? "Esc: diagram" : "F3/Esc: the diagram",
             CR_SECTION);
    free(head);
    size_t n = p->lines.len;
    int body = r.h - 1;
    bool overflow = n > (size_t)body && body >= 2;
    int h = overflow ? body - 1 : body;
    p->page = h > 1 ? h : 1;
    if (p->reveal)
        scroll_to_reveal(p, r.w - 2, !c->utf8, h);
    if (p->top + (size_t)h > n)
        p->top = n > (size_t)h ? n - (size_t)h : 0;
    for (int y = 0; y < h; y++) {
        size_t i = p->top + (size_t)y;
        if (i < n)
            draw_line(&p->lines.lines[i], r.y + 1 + y, r);
        else
            draw_fill(r.y + 1 + y, r.x, r.w, colors_attr(CR_NORMAL));
    }
    if (!overflow)
        return;
    char more[96];
    snprintf(more, sizeof more, "%s %zu more row%s below", c->utf8 ? "\u2193" : "v",
             n - p->top - (size_t)h, n - p->top - (size_t)h == 1 ? "" : "s");
    draw_fill(r.y + r.h - 1, r.x, r.w, colors_attr(CR_NORMAL));
    draw_text(r.y + r.h - 1, r.x + 1, r.w - 1, more, colors_attr(CR_INFO));
}

void refs_pane_scroll(RefsPane *p, Action act)
{
    size_t page = (size_t)(p->page > 1 ? p->page - 1 : 1);
    switch (act) {
    case ACT_SEL_UP: p->top = p->top ? p->top - 1 : 0; break;
    case ACT_SEL_DOWN: p->top++; break;
    case ACT_PAGE_UP: p->top = p->top > page ? p->top - page : 0; break;
    case ACT_PAGE_DOWN: p->top += page; break;
    case ACT_TOP: p->top = 0; break;
    case ACT_BOTTOM: p->top = (size_t)-1 / 2; break; /* drawing stops at the end */
    default: break;
    }
}

static ViewKey refs_view_key(App *a, void *state, Action act, const char *typed)
{
    switch (act) {
    case ACT_CLOSE:
        classroom_show_refs(a, false);
        return VIEW_HANDLED;
    case ACT_TO_REPL:
        a->focus = PANE_REPL;
        return VIEW_HANDLED;
    case ACT_NONE: /* typing goes to the REPL */
        return repl_view_take_text(a, typed);
    default:
        refs_pane_scroll(state, act);
        return VIEW_HANDLED;
    }
}

static const char *refs_view_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    return compact ? "Up/Down scroll · Esc diagram · Tab REPL"
                   : "Up/Down PgUp/PgDn scroll · F3 or Esc: the memory diagram · Tab REPL";
}

const View view_refs = {
    .name = "refs",
    .keymap = KEYMAP_REFS,
    .draw = refs_view_draw,
    .key = refs_view_key,
    .status = refs_view_status,
};
