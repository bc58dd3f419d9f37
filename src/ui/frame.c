/* frame.c — one frame of the explorer: the title bar, each pane's view in the rectangle
 * geometry.h gives it and the lines between them, the overlays over them, the status bar, and
 * the terminal's cursor where the focused view asks for it; or the "enlarge" screen. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "py/interp.h"
#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"

static const char *status_text(App *a)
{
    if (a->running)
        return a->running_status ? a->running_status : "running... Ctrl-C interrupts";
    for (int i = a->noverlays - 1; i >= 0; i--)
        if (a->overlays[i].view->status)
            return a->overlays[i].view->status(a, a->overlays[i].state, a->geo.compact);
    ViewSlot s = app_pane_slot(a, a->focus);
    return s.view && s.view->status ? s.view->status(a, s.state, a->geo.compact) : "";
}

static void draw_too_small(void)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    erase();
    char need[48], now[48];
    snprintf(need, sizeof need, "objscope needs %dx%d", GEOMETRY_MIN_COLS, GEOMETRY_MIN_ROWS);
    snprintf(now, sizeof now, "(this one is %dx%d)", cols, rows);
    const char *lines[] = {"Enlarge the terminal", need, now, "F10 quits, ? help"};
    int y = rows / 2 - 2;
    for (int i = 0; i < 4; i++) {
        int w = draw_width(lines[i], strlen(lines[i]));
        int x = w < cols ? (cols - w) / 2 : 0;
        if (y + i >= 0 && y + i < rows)
            draw_text(y + i, x, cols - x, lines[i], i == 0 ? A_BOLD : A_NORMAL);
    }
}

static ViewCanvas canvas(const App *a, Rect area, bool focused)
{
    return (ViewCanvas){.area = area, .focused = focused, .compact = a->geo.compact,
                        .utf8 = a->utf8};
}

static void draw_title(App *a)
{
    char title[128], pane[64] = "";
    if (a->geo.mode == SCREEN_SINGLE)
        snprintf(pane, sizeof pane, " · %s (F6: %s)", app_pane_name(a->focus),
                 app_pane_name(app_next_pane(a)));
    if (a->geo.compact)
        snprintf(title, sizeof title, "objscope%s", pane);
    else
        snprintf(title, sizeof title, "objscope · CPython %s%s", interp_python_version(), pane);
    /* in the lesson pane ? asks for a hint: only F1 opens the help there */
    draw_bar(a->geo.title, title, a->focus == PANE_LESSON ? "F1 help"
                                  : a->geo.compact ? "? help" : "F1/? help", CR_TITLE);
}

/* The panes and the lines between them; the focused pane's cursor request in *cur. */
static void draw_panes(App *a, ViewCanvas *cur)
{
    static const Pane order[] = {PANE_DIAGRAM, PANE_LESSON, PANE_REPL};
    const Rect *rects[] = {&a->geo.diagram, &a->geo.lesson, &a->geo.repl};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        ViewSlot s = app_pane_slot(a, order[i]);
        if (!s.view || rects[i]->h <= 0)
            continue;
        ViewCanvas c = canvas(a, *rects[i], a->focus == order[i]);
        s.view->draw(a, s.state, &c);
        if (c.focused && c.cursor)
            *cur = c;
    }
    Rect l = a->geo.lesson;
    if (a->lesson && l.h && l.x + l.w < COLS && l.h == a->geo.status.y - 1) /* beside the others */
        draw_vline(l.y, l.x + l.w, l.h, a->utf8, colors_attr(CR_SECTION));
    Rect dv = a->geo.divider;
    if (dv.w == 1)
        draw_vline(dv.y, dv.x, dv.h, a->utf8, colors_attr(CR_SECTION));
    else if (dv.h == 1)
        draw_hline(dv.y, dv.x, dv.w, a->utf8, colors_attr(CR_SECTION));
}

/* The overlays from the last full-screen one up (what is under it would not show). */
static void draw_overlays(App *a)
{
    int first = 0;
    for (int i = 0; i < a->noverlays; i++)
        if (a->overlays[i].view->full_screen)
            first = i;
    Rect screen = {0, 0, LINES - 1, COLS};
    for (int i = first; i < a->noverlays; i++) {
        ViewCanvas c = canvas(a, screen, i == a->noverlays - 1);
        a->overlays[i].view->draw(a, a->overlays[i].state, &c);
    }
}

static bool covered_by_full_screen(const App *a)
{
    for (int i = 0; i < a->noverlays; i++)
        if (a->overlays[i].view->full_screen)
            return true;
    return false;
}

static bool same_rect(Rect a, Rect b)
{
    return a.y == b.y && a.x == b.x && a.h == b.h && a.w == b.w;
}

/* Each view whose area is not what it was last frame hears of it once, before it draws. */
static void resize_views(App *a, const ScreenGeometry *old)
{
    static const Pane panes[] = {PANE_REPL, PANE_DIAGRAM, PANE_LESSON};
    const Rect now[] = {a->geo.repl, a->geo.diagram, a->geo.lesson};
    const Rect was[] = {old->repl, old->diagram, old->lesson};
    for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++) {
        ViewSlot s = app_pane_slot(a, panes[i]);
        if (s.view && s.view->resize && now[i].h > 0 && !same_rect(now[i], was[i]))
            s.view->resize(a, s.state, now[i]);
    }
    if (same_rect(old->status, a->geo.status)) /* overlays cover the screen but its last row */
        return;
    Rect screen = {0, 0, LINES - 1, COLS};
    for (int i = 0; i < a->noverlays; i++)
        if (a->overlays[i].view->resize)
            a->overlays[i].view->resize(a, a->overlays[i].state, screen);
}

void app_draw(App *a)
{
    if (!a->terminal)
        return;
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    ScreenGeometry old = a->geo;
    a->geo = geometry_compute(cols, rows, a->focus, a->lesson != NULL);
    if (a->geo.mode == SCREEN_TOO_SMALL) {
        draw_too_small();
        refresh();
        return;
    }
    resize_views(a, &old);
    ViewCanvas cur = {0};
    if (!covered_by_full_screen(a)) {
        draw_title(a);
        draw_panes(a, &cur);
    }
    draw_overlays(a);
    /* the lesson's reply shows beside the REPL and in the lesson pane; the diagram keeps its keys */
    const char *lm = a->lesson && a->focus != PANE_DIAGRAM && !covered_by_full_screen(a)
                         ? lessonview_message(a->lesson) : NULL;
    draw_bar(a->geo.status, lm ? lm : status_text(a), "F1 help", CR_STATUS);
    curs_set(cur.cursor && !a->noverlays ? 1 : 0);
    if (cur.cursor)
        move(cur.cy, cur.cx);
    refresh();
}

