/* geometry.c — pane rectangles for a terminal size (see geometry.h). */
#include "ui/geometry.h"

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
