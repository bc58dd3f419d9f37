/* view_diagram.c — the diagram pane as a view (diagram.h draws it and moves through it): its
 * keys, the deep-size count stopped by Esc or Ctrl-C, and text typed here going to the input
 * line. */
#include "py/interp.h"
#include "ui/appstate.h"

static void diagram_view_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    diagram_draw(state, c->area, c->focused, c->compact, c->utf8);
}

static void diagram_view_resize(App *a, void *state, Rect area)
{
    (void)a;
    diagram_resize(state, area);
}

static ViewKey diagram_view_key(App *a, void *state, Action act, const char *typed)
{
    Diagram *d = state;
    switch (act) {
    case ACT_STOP:
    case ACT_ESCAPE:
        if (d->deep)
            diagram_deep_stop(d);
        else if (act == ACT_ESCAPE)
            a->focus = PANE_REPL;
        return VIEW_HANDLED;
    case ACT_TO_REPL:
        a->focus = PANE_REPL;
        return VIEW_HANDLED;
    case ACT_ROW_INFO:
        if (diagram_selected(d)) {
            diagram_note(d, ""); /* an earlier reply is done with */
            row_open(a);
        }
        else
            diagram_note(d, "i shows a field row in full: select one (the hex view and :compare have none)");
        return VIEW_HANDLED;
    case ACT_RETAINED: {
        const char *label;
        const InterpHandle *o = diagram_current(d, &label);
        if (!o) {
            diagram_note(d, "R counts what the shown object keeps alive: show one first");
            return VIEW_HANDLED;
        }
        diagram_deep_cancel(d); /* one count at a time */
        retained_open(a, interp_handle_copy(o), label);
        return VIEW_HANDLED;
    }
    case ACT_NONE:
        if (!typed)
            return VIEW_IGNORED;
        a->focus = PANE_REPL; /* typing goes to the REPL */
        return view_repl.key(a, &a->repl, ACT_NONE, typed);
    default:
        diagram_key(d, act);
        return VIEW_HANDLED;
    }
}

static bool diagram_view_busy(App *a, void *state)
{
    (void)a;
    return ((Diagram *)state)->deep != NULL;
}

static void diagram_view_step(App *a, void *state)
{
    (void)a;
    diagram_deep_step(state);
}

static const char *diagram_view_status(App *a, void *state, bool compact)
{
    (void)a;
    const Diagram *d = state;
    if (d->compare[0])
        return compact ? "Up/Down scroll · Bksp ends · Tab REPL"
                       : "Up/Down PgUp/PgDn scroll both · Backspace ends the comparison · Tab REPL";
    return compact ? "Enter open · Bksp back · h hex · Tab REPL"
                   : "Up/Down select · Enter open · Backspace back · h hex · d deep size · Tab REPL";
}

const View view_diagram = {
    .name = "diagram",
    .keymap = KEYMAP_DIAGRAM,
    .draw = diagram_view_draw,
    .key = diagram_view_key,
    .resize = diagram_view_resize,
    .busy = diagram_view_busy,
    .step = diagram_view_step,
    .status = diagram_view_status,
};
