/* termline.c — tabs and carriage returns laid out on a row of cells (see termline.h). The text
 * between them is sanitised first, so tab stops count the columns of the escapes shown. */
#include "ui/termline.h"

#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* One column of the line. A wide character takes two: its own cell, then a cell of width 0. */
typedef struct {
    size_t off, len; /* its bytes in Line.store (a character and any combining marks after it) */
    int width;       /* 1 or 2; 0 for the right half of a wide character */
} Cell;

typedef struct {
    StrBuf store; /* every character written, in order; cells point into it */
    Cell *cells;
    size_t ncells, cap;
    size_t col;   /* the cursor */
} Line;

/* Bytes kept in the store, as a cell of the given width. */
static Cell keep(Line *l, const char *s, size_t n, int width)
{
    Cell c = {l->store.len, n, width};
    strbuf_add(&l->store, s, n);
    return c;
}

/* At least n cells: the columns a tab passed over are blank. */
static void pad_to(Line *l, size_t n)
{
    if (n <= l->ncells)
        return;
    l->cells = xgrow(l->cells, &l->cap, n, sizeof *l->cells);
    while (l->ncells < n)
        l->cells[l->ncells++] = keep(l, " ", 1, 1);
}

static void set_cell(Line *l, size_t at, Cell c)
{
    pad_to(l, at + 1);
    l->cells[at] = c;
}

/* A character of width 1 or 2 at the cursor. Half a wide character that it overwrites becomes a
 * space, as on a terminal. */
static void put(Line *l, const char *s, size_t n, int width)
{
    size_t at = l->col, end = at + (size_t)width;
    if (at < l->ncells && l->cells[at].width == 0)
        l->cells[at - 1] = keep(l, " ", 1, 1);
    if (end < l->ncells && l->cells[end].width == 0)
        l->cells[end] = keep(l, " ", 1, 1);
    set_cell(l, at, keep(l, s, n, width));
    if (width == 2)
        set_cell(l, at + 1, (Cell){0, 0, 0});
    l->col = end;
}

/* A zero-width character (a combining mark) joins the character before the cursor; at the
 * start of the line there is none, and a terminal drops it. */
static void join(Line *l, const char *s, size_t n)
{
    size_t at = l->col < l->ncells ? l->col : l->ncells;
    while (at > 0 && l->cells[at - 1].width == 0)
        at--;
    if (at == 0)
        return;
    Cell *c = &l->cells[at - 1];
    StrBuf both;
    strbuf_init(&both);
    strbuf_add(&both, l->store.data + c->off, c->len);
    strbuf_add(&both, s, n);
    *c = keep(l, both.data, both.len, c->width);
    strbuf_free(&both);
}

/* Text without tabs or carriage returns, sanitised, written at the cursor. */
static void write_text(Line *l, const char *s, size_t n)
{
    char *safe = sanitize_text(s, n, false);
    for (size_t i = 0, len = strlen(safe); i < len;) {
        size_t k = 1;
        while (i + k < len && ((unsigned char)safe[i + k] & 0xC0) == 0x80)
            k++;
        int w = draw_width(safe + i, k);
        if (w == 0)
            join(l, safe + i, k);
        else
            put(l, safe + i, k, w > 1 ? 2 : 1);
        i += k;
    }
    free(safe);
}

char *termline(const char *s, size_t n)
{
    if (!memchr(s, '\t', n) && !memchr(s, '\r', n))
        return sanitize_text(s, n, false);
    Line l = {.cells = NULL};
    strbuf_init(&l.store);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t' && s[i] != '\r')
            continue;
        write_text(&l, s + start, i - start);
        if (i < n) /* a tab only moves the cursor, over what is there or blank columns */
            l.col = s[i] == '\r' ? 0 : (l.col / TERMLINE_TAB + 1) * TERMLINE_TAB;
        start = i + 1;
    }
    pad_to(&l, l.col); /* up to the cursor: an input() prompt's answer goes there */
    StrBuf shown;
    strbuf_init(&shown);
    for (size_t i = 0; i < l.ncells; i++)
        if (l.cells[i].width > 0)
            strbuf_add(&shown, l.store.data + l.cells[i].off, l.cells[i].len);
    free(l.cells);
    strbuf_free(&l.store);
    return strbuf_take(&shown);
}
