/* app.c — the explorer's main loop: reads keys (and pastes, mouse, resizes), routes each to the
 * global keys, the top overlay or the focused pane (view.h), and draws a frame from the views.
 * The deep-size count runs between keys. Running code is runcode.c's, : commands commands.c's. */
#include "ui/app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/find.h"
#include "py/interp.h"
#include "ui/appstate.h"
#include "ui/bench.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/input.h"
#include "ui/runcode.h"
#include "ui/term.h"
#include "ui/theme.h"
#include "util/datadir.h"
#include "util/xalloc.h"

/* ---- views and overlays -------------------------------------------------------------------- */

static ViewSlot pane_slot(App *a, Pane p)
{
    switch (p) {
    case PANE_REPL: return (ViewSlot){&view_repl, &a->repl};
    case PANE_DIAGRAM: return (ViewSlot){&view_diagram, &a->diagram};
    default: return (ViewSlot){a->lesson ? &view_lesson : NULL, a->lesson};
    }
}

void app_overlay_open(App *a, const View *v, void *state)
{
    if (a->noverlays == APP_MAX_OVERLAYS) { /* never expected: the oldest gives way */
        app_overlay_close(a, a->overlays[0].state);
    }
    a->overlays[a->noverlays++] = (ViewSlot){v, state};
}

void app_overlay_close(App *a, void *state)
{
    for (int i = a->noverlays - 1; i >= 0; i--) {
        if (a->overlays[i].state != state)
            continue;
        ViewSlot s = a->overlays[i];
        memmove(&a->overlays[i], &a->overlays[i + 1], (size_t)(a->noverlays - i - 1) * sizeof s);
        a->noverlays--;
        if (s.view->close)
            s.view->close(a, s.state);
        return;
    }
}

const View *app_overlay_top(const App *a)
{
    return a->noverlays ? a->overlays[a->noverlays - 1].view : NULL;
}

Pane app_next_pane(const App *a)
{
    return a->focus == PANE_REPL                  ? PANE_DIAGRAM
           : a->focus == PANE_DIAGRAM && a->lesson ? PANE_LESSON
                                                   : PANE_REPL;
}

const char *app_pane_name(Pane p)
{
    return p == PANE_REPL ? "REPL" : p == PANE_DIAGRAM ? "diagram" : "lesson";
}

/* ---- drawing ------------------------------------------------------------------------------- */

static const char *status_text(App *a)
{
    if (a->running)
        return "running... Ctrl-C interrupts";
    for (int i = a->noverlays - 1; i >= 0; i--)
        if (a->overlays[i].view->status)
            return a->overlays[i].view->status(a, a->overlays[i].state, a->geo.compact);
    ViewSlot s = pane_slot(a, a->focus);
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
        ViewSlot s = pane_slot(a, order[i]);
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
    if (memcmp(&old.repl, &a->geo.repl, sizeof old.repl) != 0 && view_repl.resize)
        view_repl.resize(a, &a->repl, a->geo.repl);
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

/* ---- keys ---------------------------------------------------------------------------------- */

#define APP_PASTE_MAX (16 * 1024 * 1024) /* a paste beyond this is cut (the rest is dropped) */

static void mouse(App *a)
{
    MEVENT ev;
    if (!a->terminal || getmouse(&ev) != OK)
        return;
    Rect d = a->geo.diagram, r = a->geo.repl;
    bool in_d = d.h && ev.y >= d.y && ev.y < d.y + d.h && ev.x >= d.x && ev.x < d.x + d.w;
    bool in_r = r.h && ev.y >= r.y && ev.y < r.y + r.h && ev.x >= r.x && ev.x < r.x + r.w;
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        bool up = ev.bstate & BUTTON4_PRESSED;
        if (in_r)
            repl_key(&a->repl, up ? ACT_SCROLL_UP : ACT_SCROLL_DOWN, NULL);
        else if (in_d)
            diagram_key(&a->diagram, up ? ACT_SEL_UP : ACT_SEL_DOWN);
        return;
    }
    if (in_d) {
        a->focus = PANE_DIAGRAM;
        diagram_click(&a->diagram, d, ev.y);
    } else if (in_r) {
        a->focus = PANE_REPL;
    }
}

static KeyRoute global_key(App *a, Action g)
{
    switch (g) {
    case ACT_HELP: help_open(a); break;
    case ACT_FOCUS:
        a->focus = app_next_pane(a);
        if (a->focus == PANE_LESSON && a->lesson)
            lessonview_note(a->lesson, ""); /* what the other panes were told is done with */
        break;
    case ACT_LESSONS: menu_open(a); break;
    case ACT_REDRAW: if (a->terminal) clearok(stdscr, TRUE); break;
    case ACT_QUIT: a->quit = true; break;
    case ACT_MOUSE: mouse(a); break;
    case ACT_PASTE:
        bench_paste_started();
        if (!a->terminal) { /* keys fed by hand (tests): collected until KEY_PASTE_END */
            a->pasting = true;
            strbuf_init(&a->paste);
            break;
        }
        char *text = input_read_paste(APP_PASTE_MAX);
        runcode_paste(a, text);
        free(text);
        break;
    default: return (KeyRoute){false, KEYMAP_GLOBAL, false, NULL};
    }
    return (KeyRoute){true, KEYMAP_GLOBAL, false, NULL};
}

static KeyRoute view_key(App *a, ViewSlot s, int key, const char *typed)
{
    Action act = keys_lookup(s.view->keymap, key);
    ViewKey r = s.view->key(a, s.state, act, typed);
    if (r == VIEW_DONE)
        app_overlay_close(a, s.state);
    return (KeyRoute){r != VIEW_IGNORED, s.view->keymap, act == ACT_NONE && typed, s.view};
}

KeyRoute app_key(App *a, int key, const char *typed)
{
    static const KeyRoute ignored = {false, KEYMAP_GLOBAL, false, NULL};
    Action g = keys_lookup(KEYMAP_GLOBAL, key);
    if (g == ACT_PASTE)
        return global_key(a, g); /* a paste is for the input line, whatever is showing */
    if (a->noverlays)
        return view_key(a, a->overlays[a->noverlays - 1], key, typed);
    ViewSlot pane = pane_slot(a, a->focus);
    if (a->geo.mode == SCREEN_TOO_SMALL || !pane.view)
        return g != ACT_NONE ? global_key(a, g) : ignored;
    if (keys_lookup(pane.view->keymap, key) != ACT_NONE)
        return view_key(a, pane, key, typed); /* the pane's own meaning of a key wins ('?') */
    if (g == ACT_HELP && typed && a->focus == PANE_REPL && editor_len(a->repl.ed) > 0)
        g = ACT_NONE; /* '?' is text while there is input */
    if (g != ACT_NONE)
        return global_key(a, g);
    return view_key(a, pane, key, typed);
}

/* Between the bracketed-paste markers everything is text for the paste. */
static void paste_key(App *a, int key, const char *typed)
{
    if (key == KEY_PASTE_END) {
        a->pasting = false;
        runcode_paste(a, a->paste.data ? a->paste.data : "");
        strbuf_free(&a->paste);
    } else if (typed[0]) {
        strbuf_puts(&a->paste, typed);
    } else if (key == '\n' || key == '\t') {
        strbuf_putc(&a->paste, (char)key);
    }
}

/* ---- the explorer's life ------------------------------------------------------------------- */

static void load_theme(const AppOptions *opt, Theme *t, Repl *r)
{
    theme_default(t);
    Config cfg = {0};
    char *err = NULL, *path = config_default_path();
    if (path && config_load(&cfg, path, &err) < 0)
        repl_print(r, LINE_ERROR, err);
    free(err);
    free(path);
    err = NULL;
    const char *name = opt->theme ? opt->theme : cfg.theme[0] ? cfg.theme : NULL;
    if (name) {
        const char *dirs[4] = {NULL};
        char *data = datadir_find("assets/themes");
        dirs[0] = data;
        if (theme_load_named(t, name, dirs, &err) < 0) {
            char *msg = xasprintf("%s; using the default theme", err ? err : name);
            repl_print(r, LINE_ERROR, msg);
            free(msg);
        }
        free(data);
        free(err);
    }
}

static void run_setup(App *a, const AppOptions *opt)
{
    for (int i = 0; i < opt->nsetup; i++) {
        InterpResult *r = interp_run(opt->setup[i], INTERP_MODE_EXEC);
        repl_echo_input(&a->repl, opt->setup[i]);
        runcode_record(a, opt->setup[i], r, true);
        runcode_show_result(a, r);
        interp_result_free(r);
    }
}

App *app_new(double started_us, bool with_files)
{
    App *a = xcalloc(1, sizeof *a);
    a->started_us = started_us;
    char *hist = with_files ? history_default_path() : NULL;
    repl_init(&a->repl, hist);
    free(hist);
    diagram_init(&a->diagram);
    a->progress = progress_new();
    a->progress_path = with_files ? progress_default_path() : NULL;
    char *warning = NULL;
    if (a->progress_path && progress_load(a->progress, a->progress_path, &warning) < 0 && warning)
        repl_print(&a->repl, LINE_ERROR, warning);
    else if (warning)
        repl_print(&a->repl, LINE_INFO, warning);
    free(warning);
    a->utf8 = term_utf8();
    return a;
}

void app_free(App *a)
{
    if (!a)
        return;
    while (a->noverlays)
        app_overlay_close(a, a->overlays[a->noverlays - 1].state);
    lesson_pane_close(a);
    progress_free(a->progress);
    free(a->progress_path);
    diagram_free(&a->diagram);
    strbuf_free(&a->paste);
    free(a->exit_message);
    transcript_free(&a->transcript);
    repl_free(&a->repl);
    free(a);
}

static void open_first_lesson(App *a, const char *name)
{
    char *path = lesson_find(name);
    if (path)
        lesson_pane_open(a, path, false);
    else
        repl_print(&a->repl, LINE_ERROR, "no such lesson (objscope --list-lessons lists them)");
    free(path);
}

/* One key from the terminal, handled; false when none came within wait_ms. */
static bool next_key(App *a, int wait_ms)
{
    int key;
    char typed[8];
    if (!input_read_key(&key, typed, sizeof typed, wait_ms))
        return false;
    KeyRoute route = {true, KEYMAP_GLOBAL, false, NULL};
    if (key == KEY_RESIZE)
        clearok(stdscr, TRUE);
    else if (a->pasting)
        paste_key(a, key, typed);
    else
        route = app_key(a, key, typed[0] ? typed : NULL);
    if (a->lesson && route.view != &view_lesson && key != KEY_RESIZE)
        lessonview_key_elsewhere(a->lesson); /* r restarts only when r is the very next key */
    return true;
}

/* Draw, wait for a key (or step the deep-size count), then handle everything else that is
 * already waiting before drawing again: one frame per burst of input, not per byte. The
 * report is bench.h's, when a paste is being measured. */
static void loop(App *a, char *report, size_t n)
{
    while (!a->quit) {
        app_draw(a);
        if (bench_paste_frame(a, report, n))
            break;
        if (!next_key(a, a->diagram.deep ? 0 : -1)) {
            diagram_deep_step(&a->diagram);
            continue;
        }
        a->burst = true; /* keys that were waiting came faster than anyone types */
        while (!a->quit && next_key(a, 0)) {
        }
        a->burst = false;
        ViewSlot focused = pane_slot(a, a->focus);
        if (!a->quit && !a->noverlays && focused.view && focused.view->idle)
            focused.view->idle(a, focused.state);
    }
}

int app_run(const AppOptions *opt)
{
    App *a = app_new(opt->started_us, true);
    Theme theme;
    load_theme(opt, &theme, &a->repl);
    if (!term_start()) {
        app_free(a);
        return 1;
    }
    a->terminal = true;
    const char *no_color = getenv("NO_COLOR");
    colors_init(&theme, !(no_color && *no_color));
    interp_set_input_hook(runcode_input_hook, a);
    interp_set_exit_hook(term_stop); /* os._exit() in learner code must not strand the terminal */
    repl_print(&a->repl, LINE_INFO, "Type Python; each result's memory appears in the diagram. "
                                    "F1 or ? for help, Ctrl-D quits.");
    run_setup(a, opt);
    if (opt->lesson)
        open_first_lesson(a, opt->lesson);
    char bench_report[256] = "";
    const char *bench = getenv("OBJSCOPE_BENCH");
    if (bench)
        bench_explorer(a, bench, bench_report, sizeof bench_report);
    else
        loop(a, bench_report, sizeof bench_report);
    interp_set_input_hook(NULL, NULL);
    interp_set_exit_hook(NULL);
    lesson_pane_close(a);
    while (a->noverlays)
        app_overlay_close(a, a->overlays[a->noverlays - 1].state);
    diagram_free(&a->diagram); /* objects die while the terminal is ours: a __del__ may print */
    term_stop();
    a->terminal = false;
    fputs(bench_report, stderr);
    if (a->exit_message) /* as Python prints it when SystemExit ends the process */
        fputs(a->exit_message, stderr);
    int status = a->status;
    app_free(a);
    return status;
}
