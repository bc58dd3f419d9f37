/* view_demo.c — a demo script's strip above the panes, as a view (demo.h steps through the
 * script): the step counter and the caption of the step that ran, the keys that step through
 * the script, and text typed here going to the REPL for a live question (F5 comes back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/appstate.h"
#include "ui/classroom.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/textwrap.h"
#include "util/xalloc.h"

#define STRIP_MAX_ROWS 3

/* What the strip says after the counter: the caption of the step that ran; before the first,
 * the script's title. Owned. */
static char *strip_text(const Demo *d)
{
    if (d->message[0]) /* a reply to the last key ("the end of the script") */
        return xstrdup(d->message);
    const DemoStep *s = demo_current(d);
    if (!s) {
        const char *title = d->script->title[0] ? d->script->title : d->name;
        return xasprintf("%s · Space runs step 1", title);
    }
    char *caption = demo_caption_text(s->caption);
    if (caption[0])
        return caption;
    free(caption);
    return xasprintf("%s, line %d", d->name, s->line);
}

static void counter(const Demo *d, char *out, size_t n)
{
    snprintf(out, n, " %zu/%zu ", d->done, d->script->nsteps);
}

int demo_strip_rows(const Demo *d, int cols)
{
    if (!d)
        return 0;
    char count[48];
    counter(d, count, sizeof count);
    char *text = strip_text(d);
    size_t starts[STRIP_MAX_ROWS];
    size_t rows = textwrap_words(text, cols - (int)strlen(count) - 2, starts, STRIP_MAX_ROWS);
    free(text);
    return rows < STRIP_MAX_ROWS ? (int)rows : STRIP_MAX_ROWS;
}

static void demo_view_draw(App *a, void *state, ViewCanvas *c)
{
    Demo *d = state;
    Rect r = c->area;
    char count[48];
    counter(d, count, sizeof count);
    int cw = (int)strlen(count);
    /* presenter mode has no status bar: what it would say goes here */
    const char *hint = a->running ? "running... Ctrl-C interrupts "
                     : c->focused ? "" : "F5: back to the script ";
    int hw = draw_width(hint, strlen(hint));
    char *text = strip_text(d);
    size_t starts[STRIP_MAX_ROWS];
    size_t rows = textwrap_words(text, r.w - cw - 2 - hw, starts, STRIP_MAX_ROWS);
    rows = rows > STRIP_MAX_ROWS ? STRIP_MAX_ROWS : rows;
    attr_t caption = colors_attr(CR_RESULT) | A_BOLD;
    for (int y = 0; y < r.h; y++) {
        draw_fill(r.y + y, r.x, r.w, colors_attr(CR_NORMAL));
        if (y == 0)
            draw_text(r.y, r.x, cw, count, colors_attr(c->focused ? CR_TITLE : CR_STATUS));
        if ((size_t)y >= rows)
            continue;
        size_t len = textwrap_row_len(text, starts, rows, (size_t)y);
        int room = r.w - cw - 2 - hw;
        if ((size_t)y + 1 == rows && rows == STRIP_MAX_ROWS) /* the last row: the rest, cut */
            draw_text_cut(r.y + y, r.x + cw + 1, room, text + starts[y], caption, c->utf8);
        else
            draw_textn(r.y + y, r.x + cw + 1, room, text + starts[y], len, caption);
    }
    if (hw && r.h > 0)
        draw_text(r.y, r.x + r.w - hw, hw, hint, colors_attr(CR_STATUS_KEY));
    free(text);
}

static ViewKey demo_view_key(App *a, void *state, Action act, const char *typed)
{
    (void)state;
    switch (act) {
    case ACT_DEMO_NEXT: demo_next(a); return VIEW_HANDLED;
    case ACT_DEMO_BACK: demo_back(a); return VIEW_HANDLED;
    case ACT_DEMO_RESTART: demo_restart(a); return VIEW_HANDLED;
    case ACT_CLOSE:
        demo_close(a);
        repl_print(&a->repl, LINE_INFO, "demo ended; the namespace stays as the script left it");
        return VIEW_HANDLED;
    case ACT_SEL_UP:
    case ACT_SEL_DOWN:
        classroom_scroll_picture(a, act); /* the diagram's rows (or the picture) below the strip */
        return VIEW_HANDLED;
    case ACT_NONE: /* typing goes to the REPL: a live question, the script waits */
        return repl_view_take_text(a, typed);
    default:
        return VIEW_IGNORED;
    }
}

static const char *demo_view_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    return compact ? "Space next · Left back · type to ask · Esc ends"
                   : "Space/Right next step · Left back · Home restart · type to ask · "
                     "F3 names · F4 details · Esc ends";
}

const View view_demo = {
    .name = "demo",
    .keymap = KEYMAP_DEMO,
    .draw = demo_view_draw,
    .key = demo_view_key,
    .status = demo_view_status,
};
