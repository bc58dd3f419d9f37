/* text.c — the --dump diagram: one box per block (pre-header + object, then each buffer) with
 * pahole's `offset | size | member` reading order, and a size summary that reconciles
 * __sizeof__ → getsizeof → footprint step by step. UTF-8 line drawing, or ASCII. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "render/render.h"
#include "util/xalloc.h"

enum { W_OFF = 6, W_SIZE = 5, W_NAME = 20, W_TYPE = 16, W_ROLE = 6, W_VALUE = 32 };
#define INNER (W_OFF + 1 + W_SIZE + 2 + W_NAME + 1 + W_TYPE + 1 + W_ROLE + 1 + W_VALUE)

typedef struct {
    const char *h, *v, *tl, *tr, *bl, *br, *ml, *mr, *ell, *arrow, *dot;
} Glyphs;

static const Glyphs UTF8 = {"─", "│", "┌", "┐", "└", "┘", "├", "┤", "…", "→", "·"};
static const Glyphs ASCII = {"-", "|", "+", "+", "+", "+", "+", "+", "~", "->", "-"};

/* Decode one UTF-8 sequence (input is already sanitised, so valid); returns its length. */
static size_t next_cp(const char *s, wchar_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) { *cp = u[0]; return 1; }
    if (u[0] < 0xE0) { *cp = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F); return 2; }
    if (u[0] < 0xF0) { *cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F); return 3; }
    *cp = ((u[0] & 0x07) << 18) | ((u[1] & 0x3F) << 12) | ((u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    return 4;
}

static int cp_width(wchar_t cp)
{
    int w = wcwidth(cp);
    return w < 0 ? 1 : w;
}

/* One display unit of s at p: its bytes (or an ASCII escape) and its width in columns. */
static size_t unit(const Glyphs *g, const char *p, char *piece, size_t *plen, int *w)
{
    wchar_t cp;
    size_t n = next_cp(p, &cp);
    if (g == &ASCII && cp >= 0x80) {
        *plen = (size_t)snprintf(piece, 16, "\\u%04x", (unsigned)cp);
        *w = (int)*plen;
    } else {
        memcpy(piece, p, n);
        *plen = n;
        *w = cp_width(cp);
    }
    return n;
}

static int text_width(const Glyphs *g, const char *s)
{
    int total = 0;
    char piece[16];
    size_t plen;
    int w;
    for (const char *p = s; *p; total += w)
        p += unit(g, p, piece, &plen, &w);
    return total;
}

/* Write s into a cell of exactly `width` columns: cut with an ellipsis, or padded. In ASCII
 * mode anything outside ASCII is shown as \u escapes so the box stays intact. */
static void cell(Out *out, const Glyphs *g, const char *s, int width, bool right)
{
    s = s ? s : "";
    int total = text_width(g, s);
    int room = total <= width ? width : width - 1, used = 0;
    if (right && total < width)
        out_repeat(out, " ", width - total);
    char piece[16];
    size_t plen;
    int w;
    for (const char *p = s; *p;) {
        size_t n = unit(g, p, piece, &plen, &w);
        if (used + w > room)
            break;
        out_write(out, piece, plen);
        used += w;
        p += n;
    }
    if (total > width) {
        out_puts(out, g->ell);
        used++;
    }
    if (!right || total > width)
        out_repeat(out, " ", width - used);
}

/* Copy into piece the longest prefix of s that fits `width` columns, breaking after a space
 * when one is near; returns where the next line starts (spaces skipped). */
static const char *take_line(const Glyphs *g, const char *s, int width, char *piece, size_t n)
{
    const char *p = s, *brk = NULL;
    int used = 0;
    char u[16];
    size_t ulen;
    int w;
    while (*p) {
        size_t step = unit(g, p, u, &ulen, &w);
        if (used + w > width)
            break;
        used += w;
        p += step;
        if (*p == ' ' && used > width / 2)
            brk = p;
    }
    const char *end = *p && brk ? brk : p;
    size_t len = (size_t)(end - s) < n - 1 ? (size_t)(end - s) : n - 1;
    memcpy(piece, s, len);
    piece[len] = '\0';
    while (*end == ' ')
        end++;
    return end;
}

/* Free text (a repr, a type name) in the glyph set's alphabet: escaped in ASCII mode. */
static void text(Out *out, const Glyphs *g, const char *s)
{
    char piece[16];
    size_t plen;
    int w;
    for (const char *p = s ? s : ""; *p;) {
        p += unit(g, p, piece, &plen, &w);
        out_write(out, piece, plen);
    }
}

static void rule(Out *out, const Glyphs *g, const char *left, const char *right)
{
    out_puts(out, "  ");
    out_puts(out, left);
    out_repeat(out, g->h, INNER + 2);
    out_puts(out, right);
    out_puts(out, "\n");
}

static void titled_line(Out *out, const Glyphs *g, const char *text)
{
    out_printf(out, "  %s ", g->v);
    cell(out, g, text, INNER, false);
    out_printf(out, " %s\n", g->v);
}

static const char *role_label(const LayoutEntry *e)
{
    static const char *const short_names[ROLE_COUNT] = {
        [ROLE_HEADER] = "header", [ROLE_PAYLOAD] = "field", [ROLE_POINTER] = "ptr",
        [ROLE_DATA] = "data",     [ROLE_HIDDEN] = "hidden", [ROLE_PADDING] = "pad",
        [ROLE_UNUSED] = "unused", [ROLE_OPAQUE] = "opaque",
    };
    return short_names[e->role];
}

char *render_entry_value(const LayoutEntry *e, bool ascii)
{
    const Glyphs *g = ascii ? &ASCII : &UTF8;
    const char *v = e->value ? e->value : e->hex ? e->hex : "";
    bool arrow = e->target_type && e->target && !strstr(v, e->target_type) &&
                 strncmp(v, "<class", 6) != 0;
    bool sep = e->note && (*v || arrow);
    return xasprintf("%s%s%s%s%s%s%s%s%s", v, arrow ? " " : "", arrow ? g->arrow : "",
                     arrow ? " " : "", arrow ? e->target_type : "", sep ? "  " : "",
                     sep ? g->dot : "", sep ? " " : "", e->note ? e->note : "");
}

static void entry_line(Out *out, const Glyphs *g, const LayoutEntry *e, bool show_sizeof)
{
    char off[24], size[24], value[600];
    snprintf(off, sizeof off, "%ld", e->offset);
    snprintf(size, sizeof size, "%zu", e->size);
    char *composed = render_entry_value(e, g == &ASCII);
    snprintf(value, sizeof value, "%s", composed);
    free(composed);
    if (show_sizeof && !e->in_sizeof && e->role != ROLE_HIDDEN) {
        size_t len = strlen(value);
        snprintf(value + len, sizeof value - len, "%s[not in __sizeof__]", len ? "  " : "");
    }
    const char *rest = value;
    for (bool first = true; first || *rest; first = false) {
        char piece[600];
        rest = take_line(g, rest, W_VALUE, piece, sizeof piece);
        out_printf(out, "  %s ", g->v);
        cell(out, g, first ? off : "", W_OFF, true);
        out_puts(out, " ");
        cell(out, g, first ? size : "", W_SIZE, true);
        out_puts(out, "  ");
        cell(out, g, first ? e->name : "", W_NAME, false);
        out_puts(out, " ");
        cell(out, g, first ? e->ctype : "", W_TYPE, false);
        out_puts(out, " ");
        cell(out, g, first ? role_label(e) : "", W_ROLE, false);
        out_puts(out, " ");
        cell(out, g, piece, W_VALUE, false);
        out_printf(out, " %s\n", g->v);
    }
}

static void column_heads(Out *out, const Glyphs *g)
{
    out_puts(out, "    ");
    cell(out, g, "offset", W_OFF, true);
    out_puts(out, " ");
    cell(out, g, "size", W_SIZE, true);
    out_puts(out, "  ");
    cell(out, g, "member", W_NAME, false);
    out_puts(out, " ");
    cell(out, g, "C type", W_TYPE, false);
    out_puts(out, " ");
    cell(out, g, "kind", W_ROLE, false);
    out_puts(out, " value\n");
}

static void object_box(const Layout *l, const Glyphs *g, Out *out)
{
    char title[256];
    rule(out, g, g->tl, g->tr);
    if (l->preheader.len) {
        titled_line(out, g, "pre-header (before the object; counted by getsizeof, not __sizeof__)");
        for (size_t i = 0; i < l->preheader.len; i++)
            entry_line(out, g, &l->preheader.items[i], false);
        rule(out, g, g->ml, g->mr);
    }
    snprintf(title, sizeof title, "%s object at %#lx%s", l->type_name, (unsigned long)l->address,
             l->is_static ? " (static: in libpython, no heap block)" : "");
    titled_line(out, g, title);
    for (size_t i = 0; i < l->fields.len; i++)
        entry_line(out, g, &l->fields.items[i], true);
    rule(out, g, g->bl, g->br);
}

static void buffer_box(const LayoutBuffer *b, const Glyphs *g, Out *out)
{
    char title[320], alloc[64] = "allocator size unknown";
    if (b->is_static)
        snprintf(alloc, sizeof alloc, "static, no heap block");
    else if (b->allocator_size)
        snprintf(alloc, sizeof alloc, "allocator gave %zu", b->allocator_size);
    snprintf(title, sizeof title, "%s at %#lx: %zu bytes (%zu in use), %s%s%s", b->name,
             (unsigned long)b->address, b->size, b->used, alloc,
             b->shared ? ", belongs to another object" : "",
             !b->in_sizeof ? ", not in __sizeof__" :
             b->sizeof_charge != b->size ? ", __sizeof__ charges a different amount" : "");
    rule(out, g, g->tl, g->tr);
    titled_line(out, g, title);
    if (b->note)
        titled_line(out, g, b->note);
    for (size_t i = 0; i < b->entries.len; i++)
        entry_line(out, g, &b->entries.items[i], false);
    rule(out, g, g->bl, g->br);
}

static void size_line(Out *out, const char *op, const char *label, long long n, const char *tail)
{
    out_printf(out, "  %s %-34s %10lld%s%s\n", op, label, n, tail ? "   " : "", tail ? tail : "");
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "footprint 192 · 5 blocks in 4 objects" */
static void tally_text(char *buf, size_t n, const Glyphs *g, size_t footprint, size_t blocks,
                       size_t objects)
{
    snprintf(buf, n, "footprint %zu %s %zu %s in %zu %s", footprint, g->dot, blocks,
             plural(blocks, "block", "blocks"), objects, plural(objects, "object", "objects"));
}

static void deep_lines(const Layout *l, const Glyphs *g, Out *out)
{
    char buf[160];
    tally_text(buf, sizeof buf, g, l->deep_footprint, l->deep_count, l->deep_objects);
    size_line(out, " ", "deep size (all it reaches)", (long long)l->deep_size, buf);
    tally_text(buf, sizeof buf, g, l->exclusive_footprint, l->exclusive_count,
               l->exclusive_objects);
    size_line(out, " ", "exclusive (freed with it)", (long long)l->exclusive_size, buf);
    snprintf(buf, sizeof buf, "in %zu %s", l->deep_getsizeof_count,
             plural(l->deep_getsizeof_count, "object", "objects"));
    size_line(out, " ", "deep getsizeof (objsize's sum)", (long long)l->deep_getsizeof, buf);
    if (l->deep_root_outside_refs > 1)
        out_printf(out, "    %lld references from outside hold it (its names included): it is "
                   "freed when the last goes\n", l->deep_root_outside_refs);
}

static void summary(const Layout *l, const Glyphs *g, Out *out)
{
    char buf[160];
    out_puts(out, "\n  sizes (bytes)\n");
    size_t rows = layout_sizeof_from_rows(l);
    snprintf(buf, sizeof buf, "fields %zu + buffers %zu", layout_entries_bytes(&l->fields, true),
             rows - layout_entries_bytes(&l->fields, true));
    size_line(out, " ", "__sizeof__", l->sizeof_value, buf);
    if (l->sizeof_suspect) {
        out_puts(out, "    suspect: ");
        text(out, g, l->sizeof_error);
        out_puts(out, "\n");
    }
    size_line(out, "+", "pre-header", (long long)l->preheader_size, NULL);
    if (l->getsizeof_overcount)
        size_line(out, "+", "getsizeof overcount (no such bytes)", l->getsizeof_overcount, NULL);
    size_line(out, "=", "sys.getsizeof", l->getsizeof, NULL);
    if (l->is_static) {
        out_puts(out, "    static object: it lives in libpython's data, so no heap bytes\n");
    } else {
        if (l->getsizeof_overcount)
            size_line(out, "-", "overcount", l->getsizeof_overcount, NULL);
        if (l->counted_not_owned)
            size_line(out, "-", "counted, but owned by another object", (long long)l->counted_not_owned, NULL);
        size_line(out, "+", "not counted by getsizeof", (long long)l->not_in_getsizeof, NULL);
        size_line(out, "+", "allocator rounding", (long long)l->allocator_slack, NULL);
        size_line(out, "=", "footprint (really allocated)", (long long)l->footprint, NULL);
    }
    if (l->unaccounted)
        size_line(out, "!", "unaccounted", l->unaccounted, "bytes no row explains");
    if (l->deep_done)
        deep_lines(l, g, out);
}

void render_text(const Layout *l, const TextOptions *opt, Out *out)
{
    const Glyphs *g = opt && opt->ascii ? &ASCII : &UTF8;
    if (l->repr) {
        text(out, g, l->repr);
        out_puts(out, "\n");
    }
    text(out, g, l->type_name);
    if (l->immortal)
        out_printf(out, " %s CPython %s %s immortal (refcount not counted)\n", g->dot,
                   l->python_version, g->dot);
    else
        out_printf(out, " %s CPython %s %s refcount %lld (%d held by objscope)\n", g->dot,
                   l->python_version, g->dot, l->refcount, l->refs_held);
    column_heads(out, g);
    object_box(l, g, out);
    for (size_t i = 0; i < l->nbuffers; i++)
        buffer_box(&l->buffers[i], g, out);
    summary(l, g, out);
    for (size_t i = 0; i < l->nnotes; i++) {
        out_puts(out, "  note: ");
        text(out, g, l->notes[i].text);
        out_puts(out, "\n");
    }
}
