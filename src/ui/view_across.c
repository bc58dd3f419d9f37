/* view_across.c — :across EXPR: the expression in every objscope build beside this one, as a
 * full-screen overlay. The builds run as child processes (across.h) in steps between keys, so
 * the screen says which one runs and Esc or Ctrl-C stops it (the loop holds the GIL while a view
 * is busy, so Python threads of the session pause until they finish); then the table and what changed
 * between versions scroll as text (render_across_text). No Python runs here: each build
 * replays the session's inputs in its own interpreter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "across/across.h"
#include "render/render.h"
#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* How long one step waits for a build's output before the loop looks at the keyboard. */
#define ACROSS_STEP_MS 30

typedef struct {
    char *expr;
    AcrossJob *job;     /* while builds run */
    AcrossResult *result;
    char **lines;       /* the result as text, one owned string a line */
    size_t nlines, top;
    int left;           /* columns scrolled off to the left (Left/Right) */
    int page;           /* rows the text had when last drawn */
} AcrossState;

/* The result, rendered once, split into lines for scrolling. */
static void take_result(AcrossState *s, bool utf8)
{
    s->result = across_finish(s->job);
    s->job = NULL;
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    render_across_text(s->result, !utf8, &out);
    size_t cap = 0;
    for (char *line = b.data, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            nl = line + strlen(line) - 1;
        s->lines = xgrow(s->lines, &cap, s->nlines + 1, sizeof *s->lines);
        s->lines[s->nlines++] = xstrndup(line, (size_t)(nl - line) + (nl[0] != '\n'));
    }
    strbuf_free(&b);
}

void across_open(App *a, const char *expr)
{
    char *self = across_self_path();
    size_t n = 0;
    char **paths = self ? across_find_builds(self, &n) : NULL;
    free(self);
    if (!n) {
        repl_print(&a->repl, LINE_ERROR, ":across cannot find objscope's own binary");
        return;
    }
    AcrossState *s = xcalloc(1, sizeof *s);
    s->expr = xstrdup(expr);
    /* the session so far, so names it defined exist in each build too; an input that raised
     * (there, or only in that version) goes on to the next, as it did at the prompt */
    s->job = across_start(paths, n, expr, (const char *const *)a->transcript.inputs,
                          a->transcript.len, true, ACROSS_TIME_LIMIT_MS);
    across_free_paths(paths, n);
    app_overlay_open(a, &view_across, s);
}

/* Builds still run: the loop steps them instead of waiting for keys. */
static bool across_busy(App *a, void *state)
{
    (void)a;
    return ((AcrossState *)state)->job != NULL;
}

static void across_step_builds(App *a, void *state)
{
    AcrossState *s = state;
    if (s->job && !across_step(s->job, ACROSS_STEP_MS))
        take_result(s, a->utf8);
}

static void across_close(App *a, void *state)
{
    (void)a;
    AcrossState *s = state;
    if (s->job)
        across_free(across_finish(s->job)); /* stops the running build */
    across_free(s->result);
    for (size_t i = 0; i < s->nlines; i++)
        free(s->lines[i]);
    free(s->lines);
    free(s->expr);
    free(s);
}

/* line without its first `cols` columns (a whole character at a time). */
static const char *skip_columns(const char *line, int cols)
{
    const char *p = line;
    while (*p && cols > 0) {
        size_t len = utf8_decode((const unsigned char *)p, strlen(p), NULL);
        len = len ? len : 1;
        cols -= draw_width(p, len);
        p += len;
    }
    return p;
}

static void across_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    AcrossState *s = state;
    int h = c->area.h, w = c->area.w;
    char *title = xasprintf("%s in each CPython", s->expr);
    draw_bar((Rect){0, 0, 1, w}, title, "", CR_TITLE);
    free(title);
    for (int y = 1; y < h; y++)
        draw_fill(y, 0, w, colors_attr(CR_NORMAL));
    if (s->job) {
        size_t done, total;
        const char *now = across_running(s->job, &done, &total);
        char line[256];
        snprintf(line, sizeof line, "running %s%s (%zu of %zu) · Esc or Ctrl-C stops",
                 now ? now : "", c->utf8 ? "…" : "...", done + 1, total);
        draw_text_cut(2, 2, w - 2, line, colors_attr(CR_INFO), c->utf8);
        return;
    }
    s->page = h - 1;
    size_t most = s->nlines > (size_t)s->page ? s->nlines - (size_t)s->page : 0;
    if (s->top > most)
        s->top = most;
    for (int y = 1; y < h && s->top + (size_t)(y - 1) < s->nlines; y++)
        draw_text_cut(y, 0, w, skip_columns(s->lines[s->top + (size_t)(y - 1)], s->left),
                      colors_attr(CR_NORMAL), c->utf8);
}

static void scroll_text(AcrossState *s, Action act)
{
    size_t page = s->page > 1 ? (size_t)s->page - 1 : 1;
    switch (act) {
    case ACT_SEL_UP: s->top -= s->top > 0; break;
    case ACT_SEL_DOWN: s->top++; break; /* drawing keeps the last line at the bottom */
    case ACT_PAGE_UP: s->top = s->top > page ? s->top - page : 0; break;
    case ACT_PAGE_DOWN: s->top += page; break;
    case ACT_TOP: s->top = 0; break;
    case ACT_BOTTOM: s->top = s->nlines; break;
    case ACT_LEFT: s->left = s->left > 8 ? s->left - 8 : 0; break;
    case ACT_RIGHT: s->left += s->left < 400 ? 8 : 0; break;
    default: break;
    }
}

static ViewKey across_key(App *a, void *state, Action act, const char *typed)
{
    (void)typed;
    AcrossState *s = state;
    switch (act) {
    case ACT_STOP:
    case ACT_ESCAPE:
        if (s->job) {
            across_stop(s->job);
            take_result(s, a->utf8);
            return VIEW_HANDLED;
        }
        return act == ACT_ESCAPE ? VIEW_DONE : VIEW_HANDLED;
    case ACT_CLOSE:
        return VIEW_DONE;
    case ACT_SEL_UP: case ACT_SEL_DOWN: case ACT_PAGE_UP: case ACT_PAGE_DOWN: case ACT_TOP:
    case ACT_BOTTOM: case ACT_LEFT: case ACT_RIGHT:
        scroll_text(s, act);
        return VIEW_HANDLED;
    default:
        return VIEW_IGNORED;
    }
}

static const char *across_status(App *a, void *state, bool compact)
{
    (void)a;
    const AcrossState *s = state;
    if (s->job)
        return "running each build · Esc stops";
    return compact ? "Up/Down scroll · Esc back"
                   : "Up/Down PgUp/PgDn scroll · Left/Right for long lines · Esc or q closes";
}

const View view_across = {
    .name = "across",
    .keymap = KEYMAP_ACROSS,
    .full_screen = true,
    .draw = across_draw,
    .key = across_key,
    .status = across_status,
    .close = across_close,
    .busy = across_busy,
    .step = across_step_builds,
};
