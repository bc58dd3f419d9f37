/* pager.c — a scrolled, word-wrapped page of help lines (see pager.h). Keys in a column of
 * KEY_W, texts from TEXT_X; a text that does not fit goes on in the rows below. */
#include "ui/pager.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/textwrap.h"

#define KEY_X 2
#define KEY_W 16
#define TEXT_X 19
#define MAX_WRAP 32

static int text_width(int w) { return w - TEXT_X - 1 > 8 ? w - TEXT_X - 1 : 8; }

/* Screen rows a line takes at width w (and where its text breaks). */
static size_t line_rows(const HelpLine *l, int w, size_t *starts)
{
    if (l->kind == HELP_SECTION || l->kind == HELP_BLANK || !*l->text)
        return 1;
    size_t n = textwrap_words(l->text, text_width(w), starts, MAX_WRAP);
    return n < MAX_WRAP ? n : MAX_WRAP;
}

/* Row `k` of line l at screen row y. */
static void draw_line_row(const HelpLine *l, size_t k, const size_t *starts, size_t n, int y, Rect a)
{
    attr_t normal = colors_attr(CR_NORMAL);
    draw_fill(y, a.x, a.w, normal);
    if (l->kind == HELP_SECTION) { /* a title may be longer than the key column */
        draw_text(y, a.x + KEY_X, a.w - 2 * KEY_X, l->key, colors_attr(CR_SECTION) | A_BOLD);
        if (*l->text && draw_width(l->key, strlen(l->key)) < KEY_W + 1)
            draw_text(y, a.x + TEXT_X, a.w - TEXT_X, l->text, normal);
        return;
    }
    if (k == 0 && *l->key)
        draw_text(y, a.x + KEY_X, KEY_W, l->key,
                  l->kind == HELP_HEADING ? A_BOLD : colors_attr(CR_STATUS_KEY));
    if (l->kind != HELP_BLANK && *l->text)
        draw_textn(y, a.x + TEXT_X, a.w - TEXT_X, l->text + starts[k],
                   textwrap_row_len(l->text, starts, n, k), normal);
}

static size_t total_rows(const Pager *p, int w)
{
    size_t rows = 0, starts[MAX_WRAP];
    for (size_t i = 0; i < p->text.len; i++)
        rows += line_rows(&p->text.lines[i], w, starts);
    return rows;
}

static size_t max_top(const Pager *p)
{
    size_t shown = (size_t)(p->page > 0 ? p->page : 1);
    return p->rows > shown ? p->rows - shown : 0;
}

void pager_draw(Pager *p, Rect area)
{
    p->page = area.h;
    p->rows = total_rows(p, area.w);
    if (p->top > max_top(p)) /* a taller or wider screen than when it was scrolled */
        p->top = max_top(p);
    size_t row = 0, starts[MAX_WRAP];
    int y = 0;
    for (size_t i = 0; i < p->text.len && y < area.h; i++) {
        const HelpLine *l = &p->text.lines[i];
        size_t n = line_rows(l, area.w, starts);
        for (size_t k = 0; k < n && y < area.h; k++, row++)
            if (row >= p->top)
                draw_line_row(l, k, starts, n, area.y + y++, area);
    }
    for (; y < area.h; y++)
        draw_fill(area.y + y, area.x, area.w, colors_attr(CR_NORMAL));
}

ViewKey pager_key(Pager *p, Action act)
{
    size_t page = (size_t)(p->page > 1 ? p->page - 1 : 1);
    switch (act) {
    case ACT_SEL_UP: p->top = p->top > 0 ? p->top - 1 : 0; break;
    case ACT_SEL_DOWN: p->top++; break;
    case ACT_PAGE_UP: p->top = p->top > page ? p->top - page : 0; break;
    case ACT_PAGE_DOWN: p->top += page; break;
    case ACT_TOP: p->top = 0; break;
    case ACT_BOTTOM: p->top = SIZE_MAX; break;
    case ACT_CLOSE: return VIEW_DONE;
    default: return VIEW_IGNORED;
    }
    if (p->top > max_top(p))
        p->top = max_top(p);
    return VIEW_HANDLED;
}

void pager_free(Pager *p)
{
    helptext_free(&p->text);
    memset(p, 0, sizeof *p);
}

void pager_view_draw(App *a, void *state, ViewCanvas *c)
{
    (void)a;
    pager_draw(state, c->area);
}

ViewKey pager_view_key(App *a, void *state, Action act, const char *typed)
{
    (void)a;
    (void)typed;
    return pager_key(state, act);
}

void pager_view_close(App *a, void *state)
{
    (void)a;
    pager_free(state);
    free(state);
}
