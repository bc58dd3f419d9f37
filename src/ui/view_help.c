/* view_help.c — the help screen, a full-screen overlay: the lines helptext.h makes from the key
 * and command tables, scrolled. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/helptext.h"
#include "util/xalloc.h"

typedef struct {
    HelpText text;
    size_t top;  /* the first line shown */
    int page;    /* lines the screen showed last time */
} HelpState;

void help_open(App *a)
{
    HelpState *h = xcalloc(1, sizeof *h);
    helptext_build(&h->text);
    app_overlay_open(a, &view_help, h);
}

static void help_close(App *a, void *state)
{
    (void)a;
    HelpState *h = state;
    helptext_free(&h->text);
    free(h);
}

/* The last top that still fills the screen: scrolling stops with the last line at the bottom. */
static size_t max_top(const HelpState *h)
{
    size_t shown = (size_t)(h->page > 0 ? h->page : 1);
    return h->text.len > shown ? h->text.len - shown : 0;
}

static void help_line(int y, int w, const HelpLine *l)
{
    attr_t normal = colors_attr(CR_NORMAL);
    draw_fill(y, 0, w, normal);
    switch (l->kind) {
    case HELP_HEADING:
        draw_text(y, 2, 14, l->key, A_BOLD);
        break;
    case HELP_SECTION: /* a title may be longer than the key column */
        draw_text(y, 2, w - 4, l->key, colors_attr(CR_SECTION) | A_BOLD);
        if (*l->text && draw_width(l->key, strlen(l->key)) < 15)
            draw_text(y, 17, w - 17, l->text, normal);
        return;
    case HELP_ENTRY:
        draw_text(y, 2, 14, l->key, colors_attr(CR_STATUS_KEY));
        break;
    default:
        break;
    }
    draw_text(y, 17, w - 17, l->text, normal);
}

static void help_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    HelpState *h = state;
    int body = c->area.h;
    h->page = body;
    if (h->top > max_top(h)) /* a taller screen than when it was scrolled */
        h->top = max_top(h);
    for (int y = 0; y < body; y++) {
        size_t i = h->top + (size_t)y;
        if (i < h->text.len)
            help_line(c->area.y + y, c->area.w, &h->text.lines[i]);
        else
            draw_fill(c->area.y + y, 0, c->area.w, colors_attr(CR_NORMAL));
    }
}

static ViewKey help_key(App *a, void *state, Action act, const char *typed)
{
    (void)a;
    (void)typed;
    HelpState *h = state;
    size_t page = (size_t)(h->page > 1 ? h->page - 1 : 1);
    switch (act) {
    case ACT_SEL_UP: h->top = h->top > 0 ? h->top - 1 : 0; break;
    case ACT_SEL_DOWN: h->top++; break;
    case ACT_PAGE_UP: h->top = h->top > page ? h->top - page : 0; break;
    case ACT_PAGE_DOWN: h->top += page; break;
    case ACT_TOP: h->top = 0; break;
    case ACT_BOTTOM: h->top = SIZE_MAX; break;
    case ACT_CLOSE: return VIEW_DONE;
    default: return VIEW_IGNORED;
    }
    if (h->top > max_top(h))
        h->top = max_top(h);
    return VIEW_HANDLED;
}

static const char *help_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    (void)compact;
    return "Up/Down PgUp/PgDn scroll · Esc or q closes";
}

const View view_help = {
    .name = "help",
    .keymap = KEYMAP_HELP,
    .full_screen = true,
    .draw = help_draw,
    .key = help_key,
    .status = help_status,
    .close = help_close,
};
