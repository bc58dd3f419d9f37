/* text.c — the --dump diagram: one box per block (pre-header + object, then each buffer) with
 * pahole's `offset | size | member` reading order, and a size summary that reconciles
 * __sizeof__ → getsizeof → footprint step by step. UTF-8 line drawing, or ASCII. Every line
 * fits the width asked for; the offset and size columns grow with the numbers they hold. Each
 * piece is announced with its TextStyle, so the SVG renderer draws these same lines in colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "render/render.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

typedef struct {
    const char *h, *v, *tl, *tr, *bl, *br, *ml, *mr, *ell, *arrow, *dot;
} Glyphs;

static const Glyphs UTF8 = {"─", "│", "┌", "┐", "└", "┘", "├", "┤", "…", "→", "·"};
static const Glyphs ASCII = {"-", "|", "+", "+", "+", "+", "+", "+", "~", "->", "-"};

/* Column widths of the boxes; a line is "  │ " + the inner columns + " │". */
typedef struct {
    int off, size, name, type, role, value;
} Columns;

enum {
    BOX_EDGES = 6, COL_GAPS = 6, SUMMARY_LABEL = 34, SUMMARY_NUMBER = 10, NOTE_INDENT = 8,
    VALUE_MIN = 20,
};

typedef struct {
    Out *out;
    const Glyphs *g;
    Columns c;
    int width;  /* every line's columns */
    TextStyleFn style_fn;
    void *style_ud;
    unsigned style; /* the style of what is written now */
} Pen;

static void pen_style(Pen *p, unsigned style)
{
    if (!p->style_fn || style == p->style)
        return;
    p->style = style;
    p->style_fn(style, p->style_ud);
}

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

int render_columns(const char *s, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n;) {
        wchar_t cp;
        i += next_cp(s + i, &cp);
        total += cp_width(cp);
    }
    return total;
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

static void spaces(Pen *p, int n)
{
    if (n > 0)
        out_repeat(p->out, " ", n);
}

/* Write s in `style` into a cell of exactly `width` columns: cut with an ellipsis, or padded
 * (the padding is plain, so an underlined style does not run on). In ASCII mode anything
 * outside ASCII is shown as \u escapes so the box stays intact. */
/* s cut to `width` columns (an ellipsis ends a cut one), ASCII-escaped in ASCII mode, appended
 * to b; returns the columns it took. */
static int fit(const Glyphs *g, const char *s, int width, StrBuf *b)
{
    int total = text_width(g, s);
    int room = total <= width ? width : width - 1, used = 0;
    char piece[16];
    size_t plen;
    int w;
    for (const char *q = s; *q;) {
        size_t n = unit(g, q, piece, &plen, &w);
        if (used + w > room)
            break;
        strbuf_add(b, piece, plen);
        used += w;
        q += n;
    }
    if (total > width) {
        strbuf_puts(b, g->ell);
        used++;
    }
    return used;
}

char *render_fit(const char *s, bool ascii, int width)
{
    StrBuf b;
    strbuf_init(&b);
    fit(ascii ? &ASCII : &UTF8, s, width, &b);
    return strbuf_take(&b);
}

static void cell(Pen *p, unsigned style, const char *s, int width, bool right)
{
    s = s ? s : "";
    int total = text_width(p->g, s);
    if (right && total < width) {
        pen_style(p, TEXT_STYLE_NORMAL);
        spaces(p, width - total);
    }
    pen_style(p, style);
    StrBuf b;
    strbuf_init(&b);
    int used = fit(p->g, s, width, &b);
    out_write(p->out, b.data ? b.data : "", b.len);
    strbuf_free(&b);
    pen_style(p, TEXT_STYLE_NORMAL);
    if (!right || total > width)
        spaces(p, width - used);
}

/* Copy into piece the longest prefix of s that fits `width` columns, breaking after a space
 * when one is near (words: a break past the first third of the line); returns where the next
 * line starts (spaces skipped). */
static const char *take_line(const Glyphs *g, const char *s, int width, bool words, char *piece,
                             size_t n)
{
    const char *p = s, *brk = NULL;
    int used = 0;
    char u[16];
    size_t ulen;
    int w;
    while (*p) {
        size_t step = unit(g, p, u, &ulen, &w);
        if ((used + w > width && used > 0) || (size_t)(p + step - s) > n - 1)
            break; /* full, in columns or in piece's bytes */
        used += w;
        p += step;
        if (words && *p == ' ' && used > width / 3)
            brk = p;
    }
    const char *end = *p && brk ? brk : p;
    size_t len = (size_t)(end - s);
    memcpy(piece, s, len);
    piece[len] = '\0';
    while (words && *end == ' ')
        end++;
    return end;
}

/* Free text (a repr, a note) in the glyph set's alphabet, wrapped to the width after `indent`
 * columns (the first line starts after `first` columns already written). */
static void wrapped(Pen *p, unsigned style, const char *s, int first, int indent, bool words)
{
    s = s ? s : "";
    int room = p->width - first;
    do {
        char piece[1024];
        s = take_line(p->g, s, room > 8 ? room : 8, words, piece, sizeof piece);
        pen_style(p, style);
        for (const char *q = piece; *q;) {
            char u[16];
            size_t ulen;
            int w;
            q += unit(p->g, q, u, &ulen, &w);
            out_write(p->out, u, ulen);
        }
        pen_style(p, TEXT_STYLE_NORMAL);
        out_puts(p->out, "\n");
        if (*s)
            spaces(p, indent);
        room = p->width - indent;
    } while (*s);
}

static int inner_width(const Columns *c)
{
    return c->off + 1 + c->size + 2 + c->name + 1 + c->type + 1 + c->role + 1 + c->value;
}

static void rule(Pen *p, const char *left, const char *right)
{
    out_puts(p->out, "  ");
    pen_style(p, TEXT_STYLE_FRAME);
    out_puts(p->out, left);
    out_repeat(p->out, p->g->h, inner_width(&p->c) + 2);
    out_puts(p->out, right);
    pen_style(p, TEXT_STYLE_NORMAL);
    out_puts(p->out, "\n");
}

static void edge(Pen *p, const char *before, const char *after)
{
    out_puts(p->out, before);
    pen_style(p, TEXT_STYLE_FRAME);
    out_puts(p->out, p->g->v);
    pen_style(p, TEXT_STYLE_NORMAL);
    out_puts(p->out, after);
}

/* A box's title, on as many lines as it needs. */
static void titled_line(Pen *p, const char *text)
{
    const char *rest = text;
    do {
        char piece[600];
        rest = take_line(p->g, rest, inner_width(&p->c), true, piece, sizeof piece);
        edge(p, "  ", " ");
        cell(p, TEXT_STYLE_SECTION | TEXT_STYLE_BOLD, piece, inner_width(&p->c), false);
        edge(p, " ", "\n");
    } while (*rest);
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

static void entry_line(Pen *p, const LayoutEntry *e, bool show_sizeof)
{
    char off[24], size[24], value[600];
    snprintf(off, sizeof off, "%ld", e->offset);
    snprintf(size, sizeof size, "%zu", e->size);
    char *composed = render_entry_value(e, p->g == &ASCII);
    snprintf(value, sizeof value, "%s", composed);
    free(composed);
    if (show_sizeof && !e->in_sizeof && e->role != ROLE_HIDDEN) {
        size_t len = strlen(value);
        snprintf(value + len, sizeof value - len, "%s[not in __sizeof__]", len ? "  " : "");
    }
    unsigned role = TEXT_STYLE_ROLE + e->role;
    unsigned value_style = e->role == ROLE_POINTER ? role : TEXT_STYLE_NORMAL;
    const Columns *c = &p->c;
    const char *rest = value;
    for (bool first = true; first || *rest; first = false) {
        char piece[600];
        rest = take_line(p->g, rest, c->value, true, piece, sizeof piece);
        edge(p, "  ", " ");
        cell(p, TEXT_STYLE_NORMAL, first ? off : "", c->off, true);
        out_puts(p->out, " ");
        cell(p, TEXT_STYLE_NORMAL, first ? size : "", c->size, true);
        out_puts(p->out, "  ");
        cell(p, role | (e->role == ROLE_HEADER ? TEXT_STYLE_BOLD : 0), first ? e->name : "",
             c->name, false);
        out_puts(p->out, " ");
        cell(p, TEXT_STYLE_NORMAL, first ? e->ctype : "", c->type, false);
        out_puts(p->out, " ");
        cell(p, role, first ? role_label(e) : "", c->role, false);
        out_puts(p->out, " ");
        cell(p, value_style, piece, c->value, false);
        edge(p, " ", "\n");
    }
}

static void column_heads(Pen *p)
{
    const Columns *c = &p->c;
    out_puts(p->out, "    ");
    cell(p, TEXT_STYLE_SECTION, "offset", c->off, true);
    out_puts(p->out, " ");
    cell(p, TEXT_STYLE_SECTION, "size", c->size, true);
    out_puts(p->out, "  ");
    cell(p, TEXT_STYLE_SECTION, "member", c->name, false);
    out_puts(p->out, " ");
    cell(p, TEXT_STYLE_SECTION, "C type", c->type, false);
    out_puts(p->out, " ");
    cell(p, TEXT_STYLE_SECTION, "kind", c->role, false);
    out_puts(p->out, " ");
    pen_style(p, TEXT_STYLE_SECTION);
    out_puts(p->out, "value");
    pen_style(p, TEXT_STYLE_NORMAL);
    out_puts(p->out, "\n");
}

static void object_box(const Layout *l, Pen *p)
{
    char title[256];
    rule(p, p->g->tl, p->g->tr);
    if (l->preheader.len) {
        titled_line(p, "pre-header (before the object; counted by getsizeof, not __sizeof__)");
        for (size_t i = 0; i < l->preheader.len; i++)
            entry_line(p, &l->preheader.items[i], false);
        rule(p, p->g->ml, p->g->mr);
    }
    snprintf(title, sizeof title, "%s object at %#lx%s", l->type_name, (unsigned long)l->address,
             l->is_static ? " (static: in libpython, no heap block)" : "");
    titled_line(p, title);
    for (size_t i = 0; i < l->fields.len; i++)
        entry_line(p, &l->fields.items[i], true);
    rule(p, p->g->bl, p->g->br);
}

static void buffer_box(const LayoutBuffer *b, Pen *p)
{
    char title[320], alloc[64] = "allocator size unknown";
    char size[NUMFMT_MAX], used[NUMFMT_MAX], gave[NUMFMT_MAX];
    if (b->is_static)
        snprintf(alloc, sizeof alloc, "static, no heap block");
    else if (b->allocator_size)
        snprintf(alloc, sizeof alloc, "allocator gave %s",
                 numfmt_grouped(gave, (long long)b->allocator_size));
    snprintf(title, sizeof title, "%s at %#lx: %s bytes (%s in use), %s%s%s", b->name,
             (unsigned long)b->address, numfmt_grouped(size, (long long)b->size),
             numfmt_grouped(used, (long long)b->used), alloc,
             b->shared ? ", belongs to another object" : "",
             !b->in_sizeof ? ", not in __sizeof__" :
             b->sizeof_charge != b->size ? ", __sizeof__ charges a different amount" : "");
    rule(p, p->g->tl, p->g->tr);
    titled_line(p, title);
    if (b->note)
        titled_line(p, b->note);
    for (size_t i = 0; i < b->entries.len; i++)
        entry_line(p, &b->entries.items[i], false);
    rule(p, p->g->bl, p->g->br);
}

/* One line of the size summary: "  + label    1,234   tail", numbers grouped in threes (as the
 * explorer writes them) and right-aligned in a column as wide as the widest; a tail that does
 * not fit the width goes on a line of its own. */
static void size_line(Pen *p, int numw, const char *op, const char *label, long long n,
                      const char *tail, unsigned style)
{
    char num[NUMFMT_MAX];
    pen_style(p, style);
    out_printf(p->out, "  %s %-*s %*s", op, SUMMARY_LABEL, label, numw, numfmt_grouped(num, n));
    pen_style(p, TEXT_STYLE_NORMAL);
    int used = 4 + SUMMARY_LABEL + 1 + numw;
    if (tail && used + 3 + text_width(p->g, tail) <= p->width)
        out_printf(p->out, "   %s", tail);
    else if (tail)
        out_printf(p->out, "\n%*s%s", NOTE_INDENT, "", tail);
    out_puts(p->out, "\n");
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "footprint 192 · 5 blocks in 4 objects", numbers grouped */
static void tally_text(char *buf, size_t n, const Glyphs *g, size_t footprint, size_t blocks,
                       size_t objects)
{
    char f[NUMFMT_MAX], b[NUMFMT_MAX], o[NUMFMT_MAX];
    snprintf(buf, n, "footprint %s %s %s %s in %s %s", numfmt_grouped(f, (long long)footprint),
             g->dot, numfmt_grouped(b, (long long)blocks), plural(blocks, "block", "blocks"),
             numfmt_grouped(o, (long long)objects), plural(objects, "object", "objects"));
}

static void deep_lines(const Layout *l, Pen *p, int w)
{
    char buf[160], n[NUMFMT_MAX];
    tally_text(buf, sizeof buf, p->g, l->deep_footprint, l->deep_count, l->deep_objects);
    size_line(p, w, " ", "deep size (all it reaches)", (long long)l->deep_size, buf,
              TEXT_STYLE_NORMAL);
    tally_text(buf, sizeof buf, p->g, l->exclusive_footprint, l->exclusive_count,
               l->exclusive_objects);
    size_line(p, w, " ", "exclusive (freed with it)", (long long)l->exclusive_size, buf,
              TEXT_STYLE_NORMAL);
    snprintf(buf, sizeof buf, "in %s %s", numfmt_grouped(n, (long long)l->deep_getsizeof_count),
             plural(l->deep_getsizeof_count, "object", "objects"));
    size_line(p, w, " ", "deep getsizeof (objsize's sum)", (long long)l->deep_getsizeof, buf,
              TEXT_STYLE_NORMAL);
    if (l->deep_root_outside_refs > 1) {
        out_puts(p->out, "    ");
        char *line = xasprintf("%lld references from outside hold it (its names included): it "
                               "is freed when the last goes", l->deep_root_outside_refs);
        wrapped(p, TEXT_STYLE_NORMAL, line, 4, NOTE_INDENT, true);
        free(line);
    }
}

static int grouped_width(long long n)
{
    char num[NUMFMT_MAX];
    return (int)strlen(numfmt_grouped(num, n));
}

/* The summary's number column: at least SUMMARY_NUMBER, wider for the biggest figure. */
static int summary_number_width(const Layout *l)
{
    long long figures[] = {l->sizeof_value, l->getsizeof, (long long)l->footprint,
                           (long long)l->deep_size, (long long)l->exclusive_size,
                           (long long)l->deep_getsizeof, l->unaccounted};
    int w = SUMMARY_NUMBER;
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        w = grouped_width(figures[i]) > w ? grouped_width(figures[i]) : w;
    return w;
}

static void summary(const Layout *l, Pen *p)
{
    char buf[160], a[NUMFMT_MAX], b[NUMFMT_MAX];
    int w = summary_number_width(l);
    out_puts(p->out, "\n  ");
    pen_style(p, TEXT_STYLE_SECTION);
    out_puts(p->out, "sizes (bytes)");
    pen_style(p, TEXT_STYLE_NORMAL);
    out_puts(p->out, "\n");
    size_t rows = layout_sizeof_from_rows(l), fields = layout_entries_bytes(&l->fields, true);
    snprintf(buf, sizeof buf, "fields %s + buffers %s", numfmt_grouped(a, (long long)fields),
             numfmt_grouped(b, (long long)(rows - fields)));
    size_line(p, w, " ", "__sizeof__", l->sizeof_value, buf, TEXT_STYLE_NORMAL);
    if (l->sizeof_suspect) {
        out_puts(p->out, "    ");
        char *line = xasprintf("suspect: %s", l->sizeof_error ? l->sizeof_error : "");
        wrapped(p, TEXT_STYLE_WARNING, line, 4, NOTE_INDENT, true);
        free(line);
    }
    size_line(p, w, "+", "pre-header", (long long)l->preheader_size, NULL, TEXT_STYLE_NORMAL);
    if (l->getsizeof_overcount)
        size_line(p, w, "+", "getsizeof overcount (no such bytes)", l->getsizeof_overcount, NULL,
                  TEXT_STYLE_NORMAL);
    size_line(p, w, "=", "sys.getsizeof", l->getsizeof, NULL, TEXT_STYLE_NORMAL);
    if (l->is_static) {
        out_puts(p->out, "    static object: it lives in libpython's data, so no heap bytes\n");
    } else {
        if (l->getsizeof_overcount)
            size_line(p, w, "-", "overcount", l->getsizeof_overcount, NULL, TEXT_STYLE_NORMAL);
        if (l->counted_not_owned)
            size_line(p, w, "-", "counted, but owned by another object",
                      (long long)l->counted_not_owned, NULL, TEXT_STYLE_NORMAL);
        size_line(p, w, "+", "not counted by getsizeof", (long long)l->not_in_getsizeof, NULL,
                  TEXT_STYLE_NORMAL);
        size_line(p, w, "+", "allocator rounding", (long long)l->allocator_slack, NULL,
                  TEXT_STYLE_NORMAL);
        size_line(p, w, "=", "footprint (really allocated)", (long long)l->footprint, NULL,
                  TEXT_STYLE_NORMAL);
    }
    if (l->unaccounted)
        size_line(p, w, "!", "unaccounted", l->unaccounted, "bytes no row explains",
                  TEXT_STYLE_WARNING);
    if (l->deep_done)
        deep_lines(l, p, w);
}

/* Widest text of a column over every row (offsets and sizes as digits). */
static void widest(const LayoutEntries *e, Columns *w)
{
    for (size_t i = 0; i < e->len; i++) {
        const LayoutEntry *r = &e->items[i];
        int off = snprintf(NULL, 0, "%ld", r->offset), size = snprintf(NULL, 0, "%zu", r->size);
        int name = text_width(&UTF8, r->name ? r->name : "");
        int type = text_width(&UTF8, r->ctype ? r->ctype : "");
        w->off = off > w->off ? off : w->off;
        w->size = size > w->size ? size : w->size;
        w->name = name > w->name ? name : w->name;
        w->type = type > w->type ? type : w->type;
    }
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Columns for `width`: offsets and sizes as wide as their widest number; member and C type 20
 * and 16 wide, given more room up to their widest text on a wide line and less on a narrow one
 * (first what their text does not use, then alike), so the value column keeps at least
 * VALUE_MIN columns while it can. */
static Columns columns_for(const Layout *l, int width)
{
    Columns most = {0};
    widest(&l->preheader, &most);
    widest(&l->fields, &most);
    for (size_t i = 0; i < l->nbuffers; i++)
        widest(&l->buffers[i].entries, &most);
    Columns c = {.off = most.off > 6 ? most.off : 6, .size = most.size > 5 ? most.size : 5,
                 .name = 20, .type = 16, .role = 6, .value = 0};
    int fixed = BOX_EDGES + c.off + c.size + c.role + COL_GAPS;
    c.value = width - fixed - c.name - c.type;
    if (c.value > 32) {
        int grow = clamp(most.name - c.name, 0, c.value - 32);
        c.name += grow;
        c.value -= grow;
        grow = clamp(most.type - c.type, 0, c.value - 32);
        c.type += grow;
        c.value -= grow;
    }
    int spare = clamp(c.type - most.type, 0, c.type - 12);
    spare = clamp(VALUE_MIN - c.value, 0, spare);
    c.type -= spare;
    c.value += spare;
    spare = clamp(VALUE_MIN - c.value, 0, clamp(c.name - most.name, 0, c.name - 14));
    c.name -= spare;
    c.value += spare;
    while (c.value < VALUE_MIN && (c.name > 14 || c.type > 12)) {
        if (c.name > 14 && (c.name - 14 >= c.type - 12))
            c.name--;
        else
            c.type--;
        c.value++;
    }
    c.value = c.value > 12 ? c.value : 12;
    return c;
}

void render_text(const Layout *l, const TextOptions *opt, Out *out)
{
    int width = opt && opt->width > 0 ? opt->width : TEXT_DEFAULT_WIDTH;
    Pen p = {.out = out, .g = opt && opt->ascii ? &ASCII : &UTF8,
             .style_fn = opt ? opt->style : NULL, .style_ud = opt ? opt->style_userdata : NULL};
    p.c = columns_for(l, width);
    p.width = inner_width(&p.c) + BOX_EDGES;
    if (l->repr)
        wrapped(&p, TEXT_STYLE_RESULT, l->repr, 0, 0, false);
    cell(&p, TEXT_STYLE_NORMAL, l->type_name, text_width(p.g, l->type_name), false);
    if (l->immortal)
        out_printf(out, " %s CPython %s %s immortal (refcount not counted)\n", p.g->dot,
                   l->python_version, p.g->dot);
    else
        out_printf(out, " %s CPython %s %s refcount %lld (%d held by objscope)\n", p.g->dot,
                   l->python_version, p.g->dot, l->refcount, l->refs_held);
    column_heads(&p);
    object_box(l, &p);
    for (size_t i = 0; i < l->nbuffers; i++)
        buffer_box(&l->buffers[i], &p);
    summary(l, &p);
    for (size_t i = 0; i < l->nnotes; i++) {
        out_puts(out, "  ");
        char *line = xasprintf("note: %s", l->notes[i].text);
        wrapped(&p, TEXT_STYLE_INFO, line, 2, NOTE_INDENT, true);
        free(line);
    }
}

const char *render_text_style_role(TextStyle s)
{
    static const char *const names[TEXT_STYLE_ROLE] = {
        [TEXT_STYLE_NORMAL] = "normal",   [TEXT_STYLE_RESULT] = "result",
        [TEXT_STYLE_SECTION] = "section", [TEXT_STYLE_FRAME] = "normal",
        [TEXT_STYLE_INFO] = "info",       [TEXT_STYLE_WARNING] = "warning",
    };
    static const char *const roles[ROLE_COUNT] = {
        [ROLE_HEADER] = "header", [ROLE_PAYLOAD] = "payload", [ROLE_POINTER] = "pointer",
        [ROLE_DATA] = "data",     [ROLE_HIDDEN] = "hidden",   [ROLE_PADDING] = "padding",
        [ROLE_UNUSED] = "unused", [ROLE_OPAQUE] = "opaque",
    };
    if ((unsigned)s < TEXT_STYLE_ROLE)
        return names[s];
    return (unsigned)s < TEXT_STYLE_COUNT ? roles[s - TEXT_STYLE_ROLE] : "normal";
}
