/* geometry.c — pane rectangles for a terminal size (see geometry.h). */
#include "ui/geometry.h"

#include <stddef.h>

static Rect rect(int y, int x, int h, int w)
{
    return (Rect){y, x, h > 0 ? h : 0, w > 0 ? w : 0};
}

/* REPL and diagram inside `area` (the body, or what a lesson leaves of it). */
static void two_panes(ScreenGeometry *g, Rect area, Pane focus, int min_stack_rows)
{
    if (area.w >= GEOMETRY_SIDE_COLS) {
        g->mode = SCREEN_SIDE;
        int repl_w = area.w * 2 / 5;
        g->repl = rect(area.y, area.x, area.h, repl_w);
        g->divider = rect(area.y, area.x + repl_w, area.h, 1);
        g->diagram = rect(area.y, area.x + repl_w + 1, area.h, area.w - repl_w - 1);
    } else if (area.h >= min_stack_rows) {
        g->mode = SCREEN_STACKED;
        int diagram_h = (area.h - 1) * 3 / 5;
        g->diagram = rect(area.y, area.x, diagram_h, area.w);
        g->divider = rect(area.y + diagram_h, area.x, 1, area.w);
        g->repl = rect(area.y + diagram_h + 1, area.x, area.h - diagram_h - 1, area.w);
    } else {
        g->mode = SCREEN_SINGLE;
        if (focus == PANE_DIAGRAM)
            g->diagram = area;
        else
            g->repl = area;
    }
}

ScreenGeometry geometry_compute(int cols, int rows, Pane focus, bool lesson)
{
    ScreenGeometry g = {0};
    if (cols < GEOMETRY_MIN_COLS || rows < GEOMETRY_MIN_ROWS) {
        g.mode = SCREEN_TOO_SMALL;
        g.compact = true;
        return g;
    }
    g.title = rect(0, 0, 1, cols);
    g.status = rect(rows - 1, 0, 1, cols);
    g.compact = cols < 80;
    Rect body = rect(1, 0, rows - 2, cols);
    if (!lesson) {
        two_panes(&g, body, focus, GEOMETRY_STACK_ROWS - 2);
        return g;
    }
    if (cols >= GEOMETRY_LESSON_SIDE_COLS) { /* lesson | (diagram over REPL) */
        int lw = cols * 2 / 5;
        g.lesson = rect(1, 0, body.h, lw);
        two_panes(&g, rect(1, lw + 1, body.h, cols - lw - 1), focus, GEOMETRY_STACK_ROWS - 2);
    } else if (rows >= GEOMETRY_LESSON_STACK_ROWS) { /* lesson over diagram over REPL */
        int lh = body.h * 2 / 5;
        g.lesson = rect(1, 0, lh, cols);
        two_panes(&g, rect(1 + lh, 0, body.h - lh, cols), focus, 12);
    } else if (focus == PANE_LESSON) {
        g.mode = SCREEN_SINGLE;
        g.lesson = body;
    } else {
        two_panes(&g, body, focus, GEOMETRY_STACK_ROWS - 2);
    }
    return g;
}

/* Every pane of g moved down by dy rows (the body starts lower, or higher without a title). */
static void shift_body(ScreenGeometry *g, int dy)
{
    Rect *panes[] = {&g->repl, &g->diagram, &g->divider, &g->lesson};
    for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++) {
        Rect *p = panes[i];
        if (p->h <= 0 || p->w <= 0)
            continue;
        p->y += dy;
    }
}

ScreenGeometry geometry_classroom(int cols, int rows, Pane focus, bool lesson,
                                  const GeometryClass *c)
{
    Pane shown = focus == PANE_DEMO ? PANE_DIAGRAM : focus;
    int bars = c->present ? 0 : 1; /* presenter mode: no title row, no status bar */
    int strip = c->strip > 0 ? c->strip : 0;
    if (rows - strip + 2 * (1 - bars) < GEOMETRY_MIN_ROWS)
        strip = 0; /* a screen just big enough keeps its panes, not the strip */
    /* the panes get the rows left between the bars and under the strip, laid out as usual */
    ScreenGeometry g = geometry_compute(cols, rows - strip + 2 * (1 - bars), shown, lesson);
    if (g.mode == SCREEN_TOO_SMALL)
        return g;
    shift_body(&g, bars + strip - 1);
    g.status = rect(rows - 1, 0, bars, cols);
    g.title = rect(0, 0, bars, cols);
    g.strip = rect(bars, 0, strip, cols);
    if (c->present && g.mode == SCREEN_STACKED && g.diagram.y < g.repl.y) {
        int body_end = g.repl.y + g.repl.h;
        int repl_h = g.repl.h < GEOMETRY_PRESENT_REPL_ROWS ? g.repl.h : GEOMETRY_PRESENT_REPL_ROWS;
        g.diagram.h = body_end - repl_h - 1 - g.diagram.y;
        g.divider.y = g.diagram.y + g.diagram.h;
        g.repl = rect(g.divider.y + 1, g.repl.x, repl_h, g.repl.w);
    }
    return g;
}
