/* view_menu.c — the lesson list, a full-screen overlay: the shipped lessons with the learner's
 * progress in each, the chosen one's summary, Enter opening it in the lesson pane. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "util/datadir.h"
#include "util/xalloc.h"

typedef struct {
    char **paths;     /* the shipped lessons */
    Lesson **lessons; /* each parsed once when the list opens (NULL: unreadable) */
    size_t len, sel;
} Menu;

static void menu_close(App *a, void *state)
{
    (void)a;
    Menu *m = state;
    for (size_t i = 0; i < m->len; i++) {
        free(m->paths[i]);
        lesson_free(m->lessons[i]);
    }
    free(m->paths);
    free(m->lessons);
    free(m);
}

void menu_open(App *a)
{
    Menu *m = xcalloc(1, sizeof *m);
    char *dir = datadir_find("lessons");
    m->paths = dir ? lesson_catalog(dir, &m->len) : NULL;
    free(dir);
    m->lessons = xcalloc(m->len + 1, sizeof *m->lessons);
    for (size_t i = 0; i < m->len; i++) /* once here, not on every frame */
        m->lessons[i] = lesson_load(m->paths[i], NULL);
    if (!m->len) {
        repl_print(&a->repl, LINE_ERROR, "no lessons found next to objscope");
        menu_close(a, m);
        return;
    }
    app_overlay_open(a, &view_menu, m);
}

/* "▶  4 ✓ Title…        3/6 steps": the title cut to fit, with an ellipsis, so the steps line up. */
static void menu_line(const App *a, const Menu *m, size_t i, int y, int cols, bool utf8)
{
    const Lesson *l = m->lessons[i];
    size_t done = l ? progress_done_count(a->progress, l->id) : 0, n = l ? l->nsteps : 0;
    const char *mark = i == m->sel ? (utf8 ? "▶" : ">") : " "; /* not colour alone */
    int tw = cols - 22 < 44 ? (cols - 22 > 8 ? cols - 22 : 8) : 44; /* room for "n/m steps" */
    char head[32], steps[48];
    snprintf(head, sizeof head, "%s %2zu %s ", mark, i + 1,
             done == n && n ? (utf8 ? "✓" : "*") : " ");
    snprintf(steps, sizeof steps, "%zu/%zu steps", done, n);
    attr_t at = colors_attr(i == m->sel ? CR_SELECTION : CR_NORMAL);
    draw_fill(y, 0, cols, at);
    int x = 1 + draw_text(y, 1, cols - 2, head, at);
    draw_text_cut(y, x, tw, l ? l->title : m->paths[i], at, utf8);
    draw_text(y, x + tw + 1, cols - 1 - (x + tw + 1), steps, at);
}

static void menu_draw(App *a, void *state, ViewCanvas *c)
{
    Menu *m = state;
    int rows = c->area.h + 1, cols = c->area.w; /* the status bar is the screen's last row */
    for (int y = 0; y < c->area.h; y++)
        draw_fill(y, 0, cols, colors_attr(CR_NORMAL));
    draw_bar((Rect){0, 0, 1, cols}, "Lessons", "Enter opens · Esc closes", CR_TITLE);
    /* rows 2 .. rows-3 list lessons, scrolled to keep the selection in view; rows-2 is the
     * selected lesson's summary */
    size_t visible = rows > 4 ? (size_t)(rows - 4) : 1;
    size_t first = m->sel >= visible ? m->sel - visible + 1 : 0;
    for (size_t i = first; i < m->len && i < first + visible; i++) {
        menu_line(a, m, i, (int)(i - first) + 2, cols, c->utf8);
        const Lesson *l = m->lessons[i];
        if (i == m->sel && l && l->summary)
            draw_text(rows - 2, 1, cols - 2, l->summary, colors_attr(CR_INFO));
    }
}

static ViewKey menu_key(App *a, void *state, Action act, const char *typed)
{
    (void)typed;
    Menu *m = state;
    switch (act) {
    case ACT_SEL_UP: if (m->sel > 0) m->sel--; return VIEW_HANDLED;
    case ACT_SEL_DOWN: if (m->sel + 1 < m->len) m->sel++; return VIEW_HANDLED;
    case ACT_TOP: m->sel = 0; return VIEW_HANDLED;
    case ACT_BOTTOM: m->sel = m->len - 1; return VIEW_HANDLED;
    case ACT_CHOOSE: lesson_pane_open(a, m->paths[m->sel], true); return VIEW_DONE;
    case ACT_CLOSE: return VIEW_DONE;
    default: return VIEW_IGNORED;
    }
}

static const char *menu_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    (void)compact;
    return "Up/Down choose · Enter open · Esc close";
}

const View view_menu = {
    .name = "menu",
    .keymap = KEYMAP_MENU,
    .full_screen = true,
    .draw = menu_draw,
    .key = menu_key,
    .status = menu_status,
    .close = menu_close,
};
