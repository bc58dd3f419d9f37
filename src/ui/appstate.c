/* appstate.c — the explorer's state (see appstate.h): made and freed, the panes' views and
 * their states, the stack of overlays, the order F6 goes through the panes, the views' counts in
 * flight, and output that arrives between runs. */
#include "ui/appstate.h"

#include <stdlib.h>
#include <string.h>

#include "lesson/progress.h"
#include "py/interp.h"
#include "ui/term.h"
#include "util/xalloc.h"

ViewSlot app_pane_slot(App *a, Pane p)
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

/* Every view with a state now: the panes, then the overlays. */
static size_t all_views(App *a, ViewSlot *out)
{
    static const Pane panes[] = {PANE_REPL, PANE_DIAGRAM, PANE_LESSON};
    size_t n = 0;
    for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++) {
        ViewSlot s = app_pane_slot(a, panes[i]);
        if (s.view)
            out[n++] = s;
    }
    for (int i = 0; i < a->noverlays; i++)
        out[n++] = a->overlays[i];
    return n;
}

bool app_busy(App *a)
{
    ViewSlot v[3 + APP_MAX_OVERLAYS];
    size_t n = all_views(a, v);
    for (size_t i = 0; i < n; i++)
        if (v[i].view->busy && v[i].view->busy(a, v[i].state))
            return true;
    return false;
}

bool app_pins(App *a)
{
    ViewSlot v[3 + APP_MAX_OVERLAYS];
    size_t n = all_views(a, v);
    for (size_t i = 0; i < n; i++)
        if (v[i].view->pins && v[i].view->pins(a, v[i].state))
            return true;
    return false;
}

void app_step(App *a)
{
    ViewSlot v[3 + APP_MAX_OVERLAYS];
    size_t n = all_views(a, v);
    for (size_t i = 0; i < n; i++)
        if (v[i].view->busy && v[i].view->step && v[i].view->busy(a, v[i].state))
            v[i].view->step(a, v[i].state);
}

bool app_show_background(App *a)
{
    char *text = interp_take_background_output();
    bool some = *text != '\0';
    if (some)
        repl_print(&a->repl, LINE_OUTPUT, text);
    free(text);
    return some;
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

