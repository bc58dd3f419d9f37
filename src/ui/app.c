/* app.c — the explorer's main loop: reads keys (and pastes, mouse, resizes) with Python's threads
 * running meanwhile, routes each to the global keys, the top overlay or the focused pane (view.h),
 * and has frame.c draw what the views show. Counts in flight (a deep size) run between keys;
 * output from threads and child processes is shown as it comes. The terminal's signal keys are
 * live whenever Python code runs (the door's hooks). The state is appstate.c's, running code
 * runcode.c's, : commands commands.c's. */
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
#include "ui/input.h"
#include "ui/runcode.h"
#include "ui/term.h"
#include "ui/theme.h"
#include "util/datadir.h"
#include "util/xalloc.h"

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
    ViewSlot pane = app_pane_slot(a, a->focus);
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
static bool next_key(App *a, int wait_ms, bool threads_run)
{
    int key;
    char typed[8];
    if (!input_wait_key(&key, typed, sizeof typed, wait_ms, threads_run)) {
        if (input_terminal_gone())
            a->quit = true; /* as Python's prompt at end of file: the history is on disk */
        return false;
    }
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

/* Draw, wait for a key (or step a count in flight, or show what threads printed meanwhile),
 * then handle everything else that is already waiting before drawing again: one frame per
 * burst of input, not per byte. Python threads run while the loop waits, except while a count
 * is in flight: its steps hold raw pointers (view.h). The report is bench.h's, when a paste is
 * being measured. */
static void loop(App *a, char *report, size_t n)
{
    bool draw = true;
    while (!a->quit) {
        if (draw) {
            app_draw(a);
            if (bench_paste_frame(a, report, n))
                break;
        }
        bool busy = app_busy(a);
        draw = true;
        if (!next_key(a, busy ? 0 : APP_IDLE_POLL_MS, !busy && !app_pins(a))) {
            if (busy)
                app_step(a);
            else
                draw = app_show_background(a);
            continue;
        }
        a->burst = true; /* keys that were waiting came faster than anyone types */
        while (!a->quit && next_key(a, 0, false)) {
        }
        a->burst = false;
        ViewSlot focused = app_pane_slot(a, a->focus);
        if (!a->quit && !a->noverlays && focused.view && focused.view->idle)
            focused.view->idle(a, focused.state);
    }
}

/* The door's hooks: Ctrl-C raises SIGINT whatever Python code runs (learner input, a __repr__,
 * a __sizeof__ override, completion, a lesson check, a __del__), and is a key again after. */
static void code_starts(void *a)
{
    (void)a;
    term_code_running(true);
}

static void code_ends(void *a)
{
    (void)a;
    term_code_running(false);
}

/* Code stuck in C code (interp.h): the door's word on the status line, from the door's thread;
 * and when the learner leaves it, the input being run is kept in the history and the terminal
 * restored. */
static void code_notice(const char *text, void *a)
{
    (void)a;
    term_notice(text);
}

static void code_abandoned(void *arg)
{
    App *a = arg;
    if (a->unechoed)
        history_add(a->repl.hist, a->unechoed);
    term_stop();
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
    interp_set_run_hooks(code_starts, code_ends, a);
    interp_set_stuck_hooks(code_notice, code_abandoned, a);
    interp_set_input_hook(runcode_input_hook, a);
    interp_set_compiled_hook(runcode_compiled_hook, a);
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
    interp_set_compiled_hook(NULL, NULL);
    interp_set_exit_hook(NULL);
    lesson_pane_close(a);
    while (a->noverlays)
        app_overlay_close(a, a->overlays[a->noverlays - 1].state);
    diagram_free(&a->diagram); /* objects die while the terminal is ours: a __del__ may print */
    interp_set_run_hooks(NULL, NULL, NULL);
    interp_set_stuck_hooks(NULL, NULL, NULL);
    term_stop();
    a->terminal = false;
    fputs(bench_report, stderr);
    if (a->exit_message) /* as Python prints it when SystemExit ends the process */
        fputs(a->exit_message, stderr);
    int status = a->status;
    app_free(a);
    return status;
}
