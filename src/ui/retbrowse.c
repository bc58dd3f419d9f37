/* retbrowse.c — the retained-size view's model (retbrowse.h): a breadcrumb of open nodes with
 * a selection and a scroll position each, over a tree built in steps. */
#include "ui/retbrowse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

static RetainedLevel *open_level(RetainedBrowser *b)
{
    return b->depth ? &b->levels[b->depth - 1] : NULL;
}

static void push_level(RetainedBrowser *b, size_t node)
{
    b->levels = xgrow(b->levels, &b->cap, b->depth + 1, sizeof *b->levels);
    b->levels[b->depth++] = (RetainedLevel){node, 0, 0};
}

static void drop_types(RetainedBrowser *b)
{
    free(b->types);
    b->types = NULL;
    b->ntypes = 0;
}

void retbrowse_start(RetainedBrowser *b, RetainedJob *job, const char *label)
{
    retbrowse_free(b);
    b->label = xstrdup(label ? label : "object");
    b->job = job;
}

bool retbrowse_step(RetainedBrowser *b, size_t budget)
{
    if (!b->job)
        return false;
    if (!retained_step(b->job, budget))
        return true;
    b->tree = retained_finish(b->job);
    b->job = NULL;
    push_level(b, retained_root(b->tree));
    return false;
}

void retbrowse_stop(RetainedBrowser *b)
{
    if (!b->job)
        return;
    retained_cancel(b->job);
    b->job = NULL;
    b->stopped = true;
}

void retbrowse_invalidate(RetainedBrowser *b)
{
    if (b->job) /* a count in progress cannot go on once objects may change */
        retbrowse_stop(b);
    if (b->tree)
        retained_invalidate(b->tree);
}

void retbrowse_free(RetainedBrowser *b)
{
    retained_cancel(b->job);
    retained_free(b->tree);
    drop_types(b);
    free(b->levels);
    free(b->label);
    memset(b, 0, sizeof *b);
}

size_t retbrowse_open_node(const RetainedBrowser *b)
{
    return b->depth ? b->levels[b->depth - 1].node : RETAINED_BLOCK;
}

size_t retbrowse_rows(RetainedBrowser *b)
{
    if (!b->tree || !b->depth)
        return 0;
    if (b->by_type)
        return retbrowse_types(b, NULL);
    return retained_nchildren(b->tree, retbrowse_open_node(b));
}

bool retbrowse_row(RetainedBrowser *b, size_t i, RetainedRow *out, const char **label)
{
    if (!b->tree || !b->depth || i >= retained_nchildren(b->tree, retbrowse_open_node(b)))
        return false;
    *out = *retained_child(b->tree, retbrowse_open_node(b), i);
    if (label)
        *label = retained_label(b->tree, out);
    return true;
}

size_t retbrowse_selected_node(RetainedBrowser *b)
{
    RetainedRow row;
    RetainedLevel *l = open_level(b);
    if (!l || b->by_type || !retbrowse_row(b, l->selected, &row, NULL))
        return RETAINED_BLOCK;
    return row.node;
}

size_t retbrowse_types(RetainedBrowser *b, const RetainedTypeRow **rows)
{
    size_t node = retbrowse_open_node(b);
    if (!b->types || b->types_node != node) {
        drop_types(b);
        b->ntypes = b->tree ? retained_by_type(b->tree, node, &b->types) : 0;
        b->types_node = node;
    }
    if (rows)
        *rows = b->types;
    return b->ntypes;
}

char *retbrowse_breadcrumb(RetainedBrowser *b, const char *sep)
{
    StrBuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < b->depth && b->tree; i++) {
        const RetainedRow *r = retained_row(b->tree, b->levels[i].node);
        strbuf_printf(&sb, "%s%s", i ? sep : "", r ? retained_label(b->tree, r) : "?");
    }
    if (!b->tree)
        strbuf_puts(&sb, b->label ? b->label : "");
    return strbuf_take(&sb);
}

static bool say(RetainedBrowser *b, const char *text)
{
    snprintf(b->message, sizeof b->message, "%s", text);
    return false;
}

static bool enter(RetainedBrowser *b, RetainedLevel *l)
{
    RetainedRow row;
    if (!retbrowse_row(b, l->selected, &row, NULL))
        return say(b, "nothing to open");
    if (row.node == RETAINED_BLOCK)
        return say(b, "a block of this object: it holds no objects (o shows the object's layout)");
    if (row.nchildren == 0)
        return say(b, "it keeps nothing else alive (o shows its layout)");
    push_level(b, row.node);
    return true;
}

static size_t clamp_sub(size_t v, size_t d)
{
    return v > d ? v - d : 0;
}

bool retbrowse_move(RetainedBrowser *b, RetainedMove m)
{
    b->message[0] = '\0';
    RetainedLevel *l = open_level(b);
    if (!l)
        return say(b, b->job ? "still counting (Esc stops)" : "nothing counted yet");
    size_t n = retbrowse_rows(b), page = b->page > 1 ? (size_t)b->page - 1 : 1;
    size_t *sel = b->by_type ? &b->table_top : &l->selected; /* the table scrolls, rows select */
    switch (m) {
    case RB_UP: *sel = clamp_sub(*sel, 1); return true;
    case RB_DOWN: *sel = n && *sel + 1 < n ? *sel + 1 : *sel; return true;
    case RB_PAGE_UP: *sel = clamp_sub(*sel, page); return true;
    case RB_PAGE_DOWN: *sel = n ? (*sel + page < n ? *sel + page : n - 1) : 0; return true;
    case RB_FIRST: *sel = 0; return true;
    case RB_LAST: *sel = n ? n - 1 : 0; return true;
    case RB_TABLE:
        b->by_type = !b->by_type;
        b->table_top = 0;
        return true;
    case RB_ENTER:
        return b->by_type ? say(b, "t goes back to the rows") : enter(b, l);
    case RB_BACK:
        if (b->by_type) {
            b->by_type = false;
            return true;
        }
        if (b->depth <= 1)
            return say(b, "this is where the count started");
        b->depth--;
        drop_types(b);
        return true;
    }
    return false;
}

void retbrowse_scroll(RetainedBrowser *b, int rows)
{
    RetainedLevel *l = open_level(b);
    if (!l || rows <= 0)
        return;
    b->page = rows;
    size_t n = retbrowse_rows(b), h = (size_t)rows;
    if (b->by_type) {
        if (b->table_top + h > n)
            b->table_top = clamp_sub(n, h);
        return;
    }
    if (l->selected < l->top)
        l->top = l->selected;
    else if (l->selected >= l->top + h)
        l->top = l->selected - h + 1;
}
