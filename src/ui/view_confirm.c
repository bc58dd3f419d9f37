/* view_confirm.c — a yes/no question in a box over the panes: a lesson from elsewhere (it runs
 * code), a file that :save would replace. y runs the answer's callback, n or Esc says what was
 * not done. */
#include <stdlib.h>
#include <string.h>

#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "util/xalloc.h"

#define CONFIRM_LINES 4

typedef struct {
    char *lines[CONFIRM_LINES]; /* the question; the last line names the keys */
    size_t nlines;
    ConfirmYes yes;
    char *arg;     /* for yes (owned) */
    char *said_no; /* the scrollback's line when the answer is no */
} Confirm;

void confirm_open(App *a, const char *const *lines, size_t n, ConfirmYes yes, const char *arg,
                  const char *said_no)
{
    Confirm *c = xcalloc(1, sizeof *c);
    for (size_t i = 0; i < n && i < CONFIRM_LINES - 1; i++)
        c->lines[c->nlines++] = xstrdup(lines[i]);
    c->lines[c->nlines++] = xstrdup("y: yes   n: no");
    c->yes = yes;
    c->arg = xstrdup(arg);
    c->said_no = xstrdup(said_no);
    app_overlay_open(a, &view_confirm, c);
}

static void confirm_close(App *a, void *state)
{
    (void)a;
    Confirm *c = state;
    for (size_t i = 0; i < c->nlines; i++)
        free(c->lines[i]);
    free(c->arg);
    free(c->said_no);
    free(c);
}

static void confirm_draw(App *a, void *state, ViewCanvas *v)
{
    (void)a;
    Confirm *c = state;
    int first = v->area.y + (v->area.h + 1) / 2 - (int)c->nlines / 2;
    for (size_t i = 0; i < c->nlines; i++) {
        int y = first + (int)i;
        attr_t at = colors_attr(i + 1 == c->nlines ? CR_POPUP_SELECTED : CR_POPUP);
        draw_fill(y, v->area.x, v->area.w, colors_attr(CR_POPUP));
        draw_text_cut(y, v->area.x + 2, v->area.w - 4, c->lines[i], at, v->utf8);
    }
}

static ViewKey confirm_key(App *a, void *state, Action act, const char *typed)
{
    (void)typed;
    Confirm *c = state;
    if (act == ACT_YES) { /* the question goes first: what yes starts may take a while */
        ConfirmYes yes = c->yes;
        char *arg = xstrdup(c->arg);
        app_overlay_close(a, c);
        yes(a, arg);
        free(arg);
        return VIEW_HANDLED;
    }
    if (act == ACT_NO) {
        repl_print(&a->repl, LINE_INFO, c->said_no);
        return VIEW_DONE;
    }
    return VIEW_IGNORED;
}

static const char *confirm_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    (void)compact;
    return "y: yes · n or Esc: no";
}

const View view_confirm = {
    .name = "confirm",
    .keymap = KEYMAP_CONFIRM,
    .draw = confirm_draw,
    .key = confirm_key,
    .status = confirm_status,
    .close = confirm_close,
};
