/* rows.c — Layout to diagram rows and hex lines (see rows.h). */
#include "ui/rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/editor.h"
#include "ui/textwrap.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
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
        int nw = (int)editor_display_width(item->name, strlen(item->name));
        r->name_width = nw > r->name_width ? nw : r->name_width;
        r->offset_digits = ow > r->offset_digits ? ow : r->offset_digits;
        r->size_digits = sw > r->size_digits ? sw : r->size_digits;
    }
}

/* The sizes in words, digits grouped as the breadcrumb and :mem group them. */
static void summary(DiagramRows *r, const Layout *l)
{
    char a[NUMFMT_MAX], b[NUMFMT_MAX], c[NUMFMT_MAX], d[NUMFMT_MAX];
    add(r, ROW_BLANK, -1);
    text(r, ROW_SECTION, false, "sizes");
    text(r, ROW_TEXT, false, "sys.getsizeof %s = __sizeof__ %s + pre-header %s%s",
         numfmt_grouped(a, l->getsizeof), numfmt_grouped(b, l->sizeof_value),
         numfmt_grouped(c, (long long)l->preheader_size), l->getsizeof_overcount ? " + overcount" : "");
    if (l->getsizeof_overcount)
        text(r, ROW_TEXT, true, "getsizeof overcounts %s bytes that do not exist",
             numfmt_grouped(a, l->getsizeof_overcount));
    if (l->is_static)
        text(r, ROW_TEXT, false, "static: lives in libpython, no heap block");
    else
        text(r, ROW_TEXT, false, "footprint %s = getsizeof%s + %s not counted + %s rounding",
             numfmt_grouped(a, (long long)l->footprint), l->counted_not_owned ? " - owned elsewhere" : "",
             numfmt_grouped(b, (long long)l->not_in_getsizeof),
             numfmt_grouped(c, (long long)l->allocator_slack));
    if (l->deep_done) {
        text(r, ROW_TEXT, false, "deep: %s bytes allocated (%s asked) in %s blocks of %s object%s",
             numfmt_grouped(a, (long long)l->deep_footprint), numfmt_grouped(b, (long long)l->deep_size),
             numfmt_grouped(c, (long long)l->deep_count), numfmt_grouped(d, (long long)l->deep_objects),
             l->deep_objects == 1 ? "" : "s");
        text(r, ROW_TEXT, false, "exclusive, freed with it: %s allocated (%s asked) in %s object%s",
             numfmt_grouped(a, (long long)l->exclusive_footprint),
             numfmt_grouped(b, (long long)l->exclusive_size),
             numfmt_grouped(c, (long long)l->exclusive_objects), l->exclusive_objects == 1 ? "" : "s");
        text(r, ROW_TEXT, false, "deep getsizeof (what objsize and gc.get_referents walks sum): %s "
             "in %s objects", numfmt_grouped(a, (long long)l->deep_getsizeof),
             numfmt_grouped(b, (long long)l->deep_getsizeof_count));
    }
    if (l->unaccounted)
        text(r, ROW_TEXT, true, "unaccounted: %s bytes no row explains", numfmt_grouped(a, l->unaccounted));
    if (l->sizeof_suspect)
        text(r, ROW_TEXT, true, "suspect __sizeof__: %s", l->sizeof_error ? l->sizeof_error : "");
    for (size_t i = 0; i < l->nnotes; i++)
        text(r, ROW_TEXT, false, "note: %s", l->notes[i].text);
}

/* Text rows (they all come after the entries, so entry indices do not move) wrapped at
 * width: the continuation rows are indented two columns. */
static void wrap_text_rows(DiagramRows *r, int width)
{
    DiagramRows old = *r;
    memset(r, 0, sizeof *r);
    r->offset_digits = old.offset_digits;
    r->size_digits = old.size_digits;
    r->name_width = old.name_width;
    for (size_t i = 0; i < old.len; i++) {
        DiagramRow *row = &old.rows[i];
        size_t starts[64], n = 1;
        if (row->kind == ROW_TEXT)
            n = textwrap_words(row->text, width - 2, starts, 64);
        if (n > 64)
            n = 64;
        if (n == 1) {
            *add(r, row->kind, row->block) = *row; /* takes the text */
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            size_t len = textwrap_row_len(row->text, starts, n, k);
            DiagramRow *part = add(r, ROW_TEXT, row->block);
            part->text = xasprintf("%s%.*s", k ? "  " : "", (int)len, row->text + starts[k]);
            part->warning = row->warning;
        }
        free(row->text);
    }
    free(old.rows);
}

void rows_build(DiagramRows *r, const Layout *l, int text_width)
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
    if (text_width > 0)
        wrap_text_rows(r, text_width);
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

char *rows_compare_summary(const Layout *a, const char *la, const Layout *b, const char *lb)
{
    if (b->footprint < a->footprint) { /* the smaller first: every "vs" reads in that order */
        const Layout *t = a;
        a = b, b = t;
        const char *tl = la;
        la = lb, lb = tl;
    }
    char x[NUMFMT_MAX], y[NUMFMT_MAX], d[NUMFMT_MAX];
    long long fa = (long long)a->footprint, fb = (long long)b->footprint;
    long long da = (long long)a->deep_footprint, db = (long long)b->deep_footprint;
    bool deep = a->deep_done && b->deep_done;
    StrBuf t;
    strbuf_init(&t);
    if (fa == fb)
        strbuf_printf(&t, "the same footprint: %s bytes each", numfmt_grouped(x, fa));
    else
        strbuf_printf(&t, "%s takes %s bytes less than %s: footprint %s vs %s (%lld%% less)", la,
                      numfmt_grouped(d, fb - fa), lb, numfmt_grouped(x, fa), numfmt_grouped(y, fb),
                      (fb - fa) * 100 / fb);
    strbuf_printf(&t, " · getsizeof %s vs %s", numfmt_grouped(x, a->getsizeof),
                  numfmt_grouped(y, b->getsizeof));
    if (deep && fa == fb && da != db) /* the difference is in what they point to */
        strbuf_printf(&t, " · deep: %s takes %s bytes less than %s (%s vs %s)", da < db ? la : lb,
                      numfmt_grouped(d, da < db ? db - da : da - db), da < db ? lb : la,
                      numfmt_grouped(x, da < db ? da : db), numfmt_grouped(y, da < db ? db : da));
    else if (deep)
        strbuf_printf(&t, " · deep %s vs %s", numfmt_grouped(x, da), numfmt_grouped(y, db));
    return strbuf_take(&t);
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
