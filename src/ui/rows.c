/* rows.c — Layout to diagram rows and hex lines (see rows.h). */
#include "ui/rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static DiagramRow *add(DiagramRows *r, RowKind kind, int block)
{
    r->rows = xgrow(r->rows, &r->cap, r->len + 1, sizeof *r->rows);
    DiagramRow *row = &r->rows[r->len++];
    memset(row, 0, sizeof *row);
    row->kind = kind;
    row->block = block;
    return row;
}

static void text(DiagramRows *r, RowKind kind, bool warning, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void text(DiagramRows *r, RowKind kind, bool warning, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    DiagramRow *row = add(r, kind, -1);
    row->text = s ? s : xstrdup("");
    row->warning = warning;
}

static void entries(DiagramRows *r, const LayoutEntries *e, int block)
{
    for (size_t i = 0; i < e->len; i++) {
        const LayoutEntry *item = &e->items[i];
        add(r, ROW_ENTRY, block)->entry = item;
        int ow = snprintf(NULL, 0, "%ld", item->offset), sw = snprintf(NULL, 0, "%zu", item->size);
        r->offset_digits = ow > r->offset_digits ? ow : r->offset_digits;
        r->size_digits = sw > r->size_digits ? sw : r->size_digits;
    }
}

static void summary(DiagramRows *r, const Layout *l)
{
    add(r, ROW_BLANK, -1);
    text(r, ROW_SECTION, false, "sizes");
    text(r, ROW_TEXT, false, "sys.getsizeof %lld = __sizeof__ %lld + pre-header %zu%s", l->getsizeof,
         l->sizeof_value, l->preheader_size, l->getsizeof_overcount ? " + overcount" : "");
    if (l->getsizeof_overcount)
        text(r, ROW_TEXT, true, "getsizeof overcounts %lld bytes that do not exist",
             l->getsizeof_overcount);
    if (l->is_static)
        text(r, ROW_TEXT, false, "static: lives in libpython, no heap block");
    else
        text(r, ROW_TEXT, false, "footprint %zu = getsizeof%s + %zu not counted + %zu rounding",
             l->footprint, l->counted_not_owned ? " - owned elsewhere" : "", l->not_in_getsizeof,
             l->allocator_slack);
    if (l->deep_done) {
        text(r, ROW_TEXT, false, "deep: %zu bytes allocated (%zu asked) in %zu blocks of %zu "
             "object%s", l->deep_footprint, l->deep_size, l->deep_count, l->deep_objects,
             l->deep_objects == 1 ? "" : "s");
        text(r, ROW_TEXT, false, "exclusive, freed with it: %zu allocated (%zu asked) in %zu "
             "object%s", l->exclusive_footprint, l->exclusive_size, l->exclusive_objects,
             l->exclusive_objects == 1 ? "" : "s");
        text(r, ROW_TEXT, false, "deep getsizeof (what objsize and gc.get_referents walks "
             "sum): %zu in %zu objects", l->deep_getsizeof, l->deep_getsizeof_count);
    }
    if (l->unaccounted)
        text(r, ROW_TEXT, true, "unaccounted: %lld bytes no row explains", l->unaccounted);
    if (l->sizeof_suspect)
        text(r, ROW_TEXT, true, "suspect __sizeof__: %s", l->sizeof_error ? l->sizeof_error : "");
    for (size_t i = 0; i < l->nnotes; i++)
        text(r, ROW_TEXT, false, "note: %s", l->notes[i].text);
}

void rows_build(DiagramRows *r, const Layout *l)
{
    memset(r, 0, sizeof *r);
    if (l->preheader.len) {
        text(r, ROW_SECTION, false, "pre-header (%zu bytes before the object)", l->preheader_size);
        r->rows[r->len - 1].block = -2;
        entries(r, &l->preheader, -2);
    }
    text(r, ROW_SECTION, false, "%s at %#lx%s", l->type_name, (unsigned long)l->address,
         l->is_static ? " (static)" : "");
    entries(r, &l->fields, -1);
    for (size_t i = 0; i < l->nbuffers; i++) {
        const LayoutBuffer *b = &l->buffers[i];
        text(r, ROW_SECTION, false, "%s: %zu bytes at %#lx%s%s", b->name, b->size,
             (unsigned long)b->address, b->shared ? " (another object's)" : "",
             b->in_sizeof ? "" : " (not in __sizeof__)");
        r->rows[r->len - 1].block = (int)i;
        entries(r, &b->entries, (int)i);
    }
    summary(r, l);
}

void rows_free(DiagramRows *r)
{
    for (size_t i = 0; i < r->len; i++)
        free(r->rows[i].text);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

size_t rows_next_entry(const DiagramRows *r, size_t i, int dir)
{
    for (size_t j = i; dir > 0 ? j + 1 < r->len : j > 0;) {
        j = dir > 0 ? j + 1 : j - 1;
        if (r->rows[j].kind == ROW_ENTRY)
            return j;
    }
    return i;
}

static LayoutRole role_at(const Layout *l, long off)
{
    const LayoutEntries *e = off < 0 ? &l->preheader : &l->fields;
    for (size_t i = 0; i < e->len; i++)
        if (off >= e->items[i].offset && off < e->items[i].offset + (long)e->items[i].size)
            return e->items[i].role;
    return ROLE_OPAQUE;
}

size_t rows_hex(const Layout *l, HexLine **lines)
{
    size_t n = (l->raw_len + HEX_PER_LINE - 1) / HEX_PER_LINE;
    *lines = n ? xcalloc(n, sizeof **lines) : NULL;
    long base = -(long)l->preheader_size;
    for (size_t i = 0; i < l->raw_len; i++) {
        HexLine *h = &(*lines)[i / HEX_PER_LINE];
        int k = (int)(i % HEX_PER_LINE);
        if (k == 0)
            h->offset = base + (long)i;
        h->bytes[k] = l->raw[i];
        h->roles[k] = role_at(l, base + (long)i);
        h->n = k + 1;
    }
    return n;
}
