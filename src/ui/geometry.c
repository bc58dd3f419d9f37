/* geometry.c — pane rectangles for a terminal size (see geometry.h). */
#include "ui/geometry.h"

static Rect rect(int y, int x, int h, int w)
{
    return (Rect){y, x, h > 0 ? h : 0, w > 0 ? w : 0};
}

ScreenGeometry geometry_compute(int cols, int rows, Pane focus)
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
    int body = rows - 2;
    if (cols >= GEOMETRY_SIDE_COLS) {
        g.mode = SCREEN_SIDE;
        int repl_w = cols * 2 / 5;
        g.repl = rect(1, 0, body, repl_w);
        g.divider = rect(1, repl_w, body, 1);
        g.diagram = rect(1, repl_w + 1, body, cols - repl_w - 1);
    } else if (rows >= GEOMETRY_STACK_ROWS) {
        g.mode = SCREEN_STACKED;
        int diagram_h = (body - 1) * 3 / 5;
        g.diagram = rect(1, 0, diagram_h, cols);
        g.divider = rect(1 + diagram_h, 0, 1, cols);
        g.repl = rect(2 + diagram_h, 0, body - diagram_h - 1, cols);
    } else {
        g.mode = SCREEN_SINGLE;
        if (focus == PANE_REPL)
            g.repl = rect(1, 0, body, cols);
        else
            g.diagram = rect(1, 0, body, cols);
    }
    return g;
}
