/* view_trust.c — the question before a lesson from outside objscope's own lessons opens (it runs
 * Python code on the learner's machine): an overlay over the panes, y or n. */
#include <stdlib.h>

#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "util/xalloc.h"

void trust_open(App *a, const char *path)
{
    app_overlay_open(a, &view_trust, xstrdup(path));
}

static void trust_close(App *a, void *state)
{
    (void)a;
    free(state);
}

static void trust_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    const char *lines[] = {"This lesson is not one of objscope's own:", state,
                           "it runs Python code on your machine, as a notebook would.",
                           "Open it?  y: yes   n: no"};
    for (int i = 0; i < 4; i++) {
        int y = c->area.y + (c->area.h + 1) / 2 - 2 + i;
        draw_fill(y, c->area.x, c->area.w, colors_attr(CR_POPUP));
        draw_text(y, c->area.x + 2, c->area.w - 4, lines[i],
                  colors_attr(i == 3 ? CR_POPUP_SELECTED : CR_POPUP));
    }
}

static ViewKey trust_key(App *a, void *state, Action act, const char *typed)
{
    (void)typed;
    if (act == ACT_YES) {
        char *path = xstrdup(state); /* the overlay and its state go once the key is done */
        lesson_pane_open(a, path, true);
        free(path);
        return VIEW_DONE;
    }
    if (act == ACT_NO) {
        repl_print(&a->repl, LINE_INFO, "lesson not opened");
        return VIEW_DONE;
    }
    return VIEW_IGNORED;
}

const View view_trust = {
    .name = "trust",
    .keymap = KEYMAP_TRUST,
    .draw = trust_draw,
    .key = trust_key,
    .close = trust_close,
};
