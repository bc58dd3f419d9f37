/* view_repl.c — the REPL pane as a view: the scrollback and the input line (repl.h draws and
 * edits), Enter running the input through runcode.h. */
#include "ui/appstate.h"
#include "ui/runcode.h"

static void repl_view_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    repl_draw(state, c->area, c->focused, &c->cursor, &c->cy, &c->cx);
}

/* The signature line follows the call being typed, once the keys that were waiting are in;
 * looking one up runs Python, so a deep-size count in flight stops first, and starts again. */
static void repl_view_idle(App *a, void *state)
{
    Repl *r = state;
    if (!repl_signature_stale(r))
        return; /* the same call as before */
    bool counting = a->diagram.deep != NULL;
    diagram_deep_cancel(&a->diagram);
    repl_update_signature(r);
    if (counting)
        diagram_key(&a->diagram, ACT_DEEP);
}

static ViewKey repl_view_key(App *a, void *state, Action act, const char *typed)
{
    Repl *r = state;
    if (!typed && act == ACT_NONE)
        return VIEW_IGNORED;
    if (act == ACT_COMPLETE && editor_len(r->ed) > 0)
        diagram_deep_cancel(&a->diagram); /* completion runs Python code (on an empty line,
                                           * Tab only moves to the diagram) */
    if (act == ACT_ESCAPE && a->diagram.deep && !r->cands && !r->searching) {
        diagram_deep_stop(&a->diagram); /* Esc stops a deep-size count from the REPL too */
        return VIEW_HANDLED;
    }
    if (act == ACT_CANCEL_LINE && a->diagram.deep && editor_len(r->ed) == 0 && !r->searching) {
        diagram_deep_stop(&a->diagram); /* so does Ctrl-C, when there is no line to clear */
        return VIEW_HANDLED;
    }
    if (act == ACT_EDIT) {
        diagram_deep_cancel(&a->diagram); /* what comes back runs */
        runcode_edit_external(a);
        return VIEW_HANDLED;
    }
    if (a->burst && typed && (typed[0] == ' ' || typed[0] == '\t') && !r->searching)
        editor_drop_autoindent(r->ed); /* pasted lines bring their own indentation */
    switch (repl_key(r, act, act == ACT_NONE ? typed : NULL)) {
    case REPL_SUBMIT: runcode_submit(a); break;
    case REPL_QUIT: a->quit = true; break;
    case REPL_FOCUS: a->focus = PANE_DIAGRAM; break;
    default: break;
    }
    return VIEW_HANDLED;
}

static const char *repl_view_status(App *a, void *state, bool compact)
{
    (void)a;
    const Repl *r = state;
    if (r->asking)
        return compact ? "input(): Enter answers · Ctrl-D EOF"
                       : "input() is asking: Enter answers · Ctrl-D sends EOF · Ctrl-C interrupts";
    return compact ? "Enter run · Tab complete · F6 diagram"
                   : "Enter run · Tab complete · Ctrl-R search · F6 diagram · Ctrl-D quit";
}

const View view_repl = {
    .name = "repl",
    .keymap = KEYMAP_REPL,
    .draw = repl_view_draw,
    .key = repl_view_key,
    .idle = repl_view_idle,
    .status = repl_view_status,
};
