/* lesson.c — lesson files (see lesson.h; the format is lessons/README.md), parsed with md4c.
 *
 * Two passes. md4c's callbacks turn the Markdown into a flat list of items — headings, prose
 * blocks with their spans, code blocks with their info string — each with its line. md4c
 * reports no positions, but most text it hands to the callbacks points into our buffer, so a
 * block's line is the line of its first such text. A fenced code block's info string points at
 * its opening fence; a fence without one falls back on our own scan of the raw lines, which
 * finds fences the way CommonMark opens and closes them outside containers — and so also finds
 * a fence that is never closed. The second pass gives the items their lesson meaning (title,
 * summary, steps, block kinds) and reports the structure errors lessons/README.md lists. A
 * hint's text goes through the first pass again on its own, so it gets spans like prose.
 *
 * Before md4c sees anything the bytes are checked: at most LESSON_MAX_BYTES, valid UTF-8, no
 * NUL and no other control characters than tab, CR and LF (lesson text ends up on a terminal).
 * A UTF-8 byte order mark is skipped. */
#include "lesson/lesson.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <md4c.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/files.h"
#include "util/utf8.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define FENCE_NAMES "python, setup, check, hint, solution, wrong or requires"

/* ---- errors ------------------------------------------------------------------------------ */

/* Errors are collected with their order of discovery, then sorted by line (stable). */
typedef struct {
    int line;
    size_t seq;
    char *message;
} PendingError;

typedef struct {
    PendingError *v;
    size_t n, cap;
} Pending;

static void add_error(Pending *e, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_error(Pending *e, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = xmalloc(len > 0 ? (size_t)len + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
    va_end(ap);
    e->v = xgrow(e->v, &e->cap, e->n + 1, sizeof *e->v);
    e->v[e->n] = (PendingError){line, e->n, msg};
    e->n++;
}

static int compare_pending(const void *a, const void *b)
{
    const PendingError *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hand the errors over to errs (sorted), or drop them when errs is NULL. */
static void deliver_errors(Pending *e, LessonErrors *errs)
{
    if (e->n > 1)
        qsort(e->v, e->n, sizeof *e->v, compare_pending);
    for (size_t i = 0; i < e->n; i++) {
        if (!errs) {
            free(e->v[i].message);
            continue;
        }
        errs->items = xgrow(errs->items, &errs->cap, errs->len + 1, sizeof *errs->items);
        errs->items[errs->len++] = (LessonError){e->v[i].line, e->v[i].message};
    }
    free(e->v);
    e->v = NULL;
    e->n = e->cap = 0;
}

void lesson_errors_free(LessonErrors *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->len; i++)
        free(e->items[i].message);
    free(e->items);
    e->items = NULL;
    e->len = e->cap = 0;
}

/* ---- bytes ------------------------------------------------------------------------------- */


static bool is_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
           (cp >= 0x80 && cp < 0xA0);
}

/* Offsets where lines start: after "\n", "\r\n" or a lone "\r", as md4c counts them. */
static size_t *line_starts(const char *text, size_t n, size_t *count)
{
    size_t cap = 64, k = 0;
    size_t *v = xmalloc(cap * sizeof *v);
    v[k++] = 0;
    for (size_t i = 0; i < n; i++) {
        bool end = text[i] == '\n' || (text[i] == '\r' && (i + 1 == n || text[i + 1] != '\n'));
        if (end && i + 1 < n) {
            v = xgrow(v, &cap, k + 1, sizeof *v);
            v[k++] = i + 1;
        }
    }
    *count = k;
    return v;
}

/* 1-based line of a byte offset. */
static int line_of(const size_t *starts, size_t nlines, size_t offset)
{
    size_t lo = 0, hi = nlines; /* the answer is the last start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return (int)lo + 1;
}

/* Reject what cannot be a lesson's text: NUL, invalid UTF-8, terminal controls. */
static bool bytes_ok(const char *text, size_t n, const size_t *starts, size_t nlines, Pending *e)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len != 0 && cp != 0 && !is_control(cp)) {
            i += len;
            continue;
        }
        int line = line_of(starts, nlines, i);
        if (len == 0) {
            add_error(e, line, "invalid UTF-8 (byte 0x%02x)", s[i]);
            return false;
        }
        if (cp == 0) {
            add_error(e, line, "NUL byte in the file");
            return false;
        }
        add_error(e, line, cp < 0x80 ? "control character 0x%02x" : "control character U+%04X",
                  (unsigned)cp);
        return false;
    }
    return true;
}

/* ---- the raw scan of fences -------------------------------------------------------------- */

typedef struct {
    size_t offset; /* start of the opening fence's line */
    size_t end;    /* just after the closing fence's line, or the end of the text */
    int line;
    char ch;       /* '`' or '~' */
    size_t len;    /* how many */
    bool closed;
} RawFence;

typedef struct {
    RawFence *v;
    size_t n, cap;
} RawFences;

static bool blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* Fences as CommonMark opens and closes them outside containers: up to three spaces, then at
 * least three backticks (with no backtick in the info string) or tildes; closed by a line of at
 * least as many of the same character and nothing else. */
static RawFences scan_fences(const char *text, size_t n, const size_t *starts, size_t nlines)
{
    RawFences f = {0};
    bool open = false;
    for (size_t i = 0; i < nlines; i++) {
        const char *s = text + starts[i];
        const char *e = text + (i + 1 < nlines ? starts[i + 1] : n);
        size_t indent = 0;
        while (s + indent < e && s[indent] == ' ' && indent < 4)
            indent++;
        if (indent > 3)
            continue;
        const char *q = s + indent;
        if (q >= e || (*q != '`' && *q != '~'))
            continue;
        size_t run = 0;
        while (q + run < e && q[run] == *q)
            run++;
        if (run < 3)
            continue;
        const char *rest = q + run;
        if (!open) {
            if (*q == '`' && memchr(rest, '`', (size_t)(e - rest)))
                continue; /* an inline code span, not a fence */
            f.v = xgrow(f.v, &f.cap, f.n + 1, sizeof *f.v);
            f.v[f.n++] = (RawFence){starts[i], n, (int)i + 1, *q, run, false};
            open = true;
        } else if (*q == f.v[f.n - 1].ch && run >= f.v[f.n - 1].len && blank(rest, e)) {
            f.v[f.n - 1].closed = true;
            f.v[f.n - 1].end = (size_t)(e - text);
            open = false;
        }
    }
    return f;
}

static const RawFence *fence_at_line(const RawFences *f, int line)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->v[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n && f->v[lo].line == line ? &f->v[lo] : NULL;
}

static const RawFence *fence_from(const RawFences *f, size_t offset)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->v[mid].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n ? &f->v[lo] : NULL;
}

/* ---- pass 1: md4c's callbacks into items ------------------------------------------------- */

typedef enum { ITEM_HEADING, ITEM_PROSE, ITEM_CODE } ItemKind;

typedef struct {
    ItemKind kind;
    int line;
    int level;        /* heading */
    bool paragraph;   /* prose from a paragraph outside lists and tables (a summary candidate) */
    bool fenced;      /* code */
    bool unterminated;
    char *info;       /* code: the first word of a fence's info string ("" if none) */
    char *text;       /* heading: its plain text; code: the code */
    LessonBlock block; /* prose: spans, bullet, preformatted (text is filled in pass 2) */
    size_t span_cap, last_len, last_cap; /* prose: room for spans; the last span's text */
} Item;

typedef enum { TARGET_NONE, TARGET_HEADING, TARGET_PROSE, TARGET_CODE } Target;

typedef struct {
    const char *text;
    size_t n;
    const size_t *starts;
    size_t nlines;
    const RawFences *fences;
    bool live;     /* code spans starting with '=' are live values (not in hints) */

    size_t cursor; /* just after the last text seen inside the buffer */
    Item *items;
    size_t nitems, cap;

    Target target;
    Item cur;
    bool has_first;       /* cur has seen text inside the buffer, at first_offset */
    size_t first_offset;
    const RawFence *raw;  /* the raw fence of the code block being read */
    StrBuf buf;           /* heading or code text */
    StrBuf span;          /* the open code span's text */
    bool in_code_span;
    int code_span_line;
    int em, strong;
    int cells;            /* table cells so far in the current row */
    bool separate;        /* a new cell began: " | " goes before its text */
    int list_depth;
    int table_depth;
} Parser;

static bool in_buffer(const Parser *p, const char *s, size_t size)
{
    uintptr_t a = (uintptr_t)s, lo = (uintptr_t)p->text;
    return a >= lo && a - lo <= p->n && size <= p->n - (a - lo);
}

/* The line where a block without any text of its own starts: the first line after what was
 * read last whose first character (after indentation and quote marks) is one of `marks`. */
static int line_after_cursor(const Parser *p, const char *marks)
{
    if (p->nlines == 0)
        return 1;
    size_t first = (size_t)line_of(p->starts, p->nlines, p->cursor) - 1;
    if (p->cursor > p->starts[first])
        first++;
    for (size_t k = first; k < p->nlines; k++) {
        const char *s = p->text + p->starts[k];
        const char *e = p->text + (k + 1 < p->nlines ? p->starts[k + 1] : p->n);
        while (s < e && (*s == ' ' || *s == '\t' || *s == '>'))
            s++;
        if (s < e && strchr(marks, *s))
            return (int)k + 1;
    }
    return (int)(first < p->nlines ? first : p->nlines - 1) + 1;
}

static int line_here(const Parser *p, const char *s, size_t size)
{
    if (in_buffer(p, s, size))
        return line_of(p->starts, p->nlines, (size_t)(s - p->text));
    return line_of(p->starts, p->nlines, p->cursor);
}

static void push_item(Parser *p, Item *it)
{
    p->items = xgrow(p->items, &p->cap, p->nitems + 1, sizeof *p->items);
    p->items[p->nitems++] = *it;
    memset(it, 0, sizeof *it);
}

static void free_spans(LessonSpan *spans, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(spans[i].text);
    free(spans);
}

static void open_prose(Parser *p, bool bullet, bool paragraph)
{
    memset(&p->cur, 0, sizeof p->cur);
    p->cur.kind = ITEM_PROSE;
    p->cur.block.kind = BLOCK_PROSE;
    p->cur.block.bullet = bullet;
    p->cur.paragraph = paragraph;
    p->target = TARGET_PROSE;
    p->cells = 0;
    p->separate = false;
}

static void flush_prose(Parser *p)
{
    if (p->target != TARGET_PROSE)
        return;
    p->target = TARGET_NONE;
    if (p->cur.block.nspans == 0) {
        free_spans(p->cur.block.spans, 0);
        memset(&p->cur, 0, sizeof p->cur);
        return;
    }
    p->cur.line = p->cur.block.spans[0].line;
    p->cur.block.line = p->cur.line;
    push_item(p, &p->cur);
}

static void add_span(Parser *p, LessonSpanKind kind, const char *s, size_t n, int line)
{
    LessonBlock *b = &p->cur.block;
    if (p->separate) {
        p->separate = false;
        if (b->nspans > 0)
            add_span(p, SPAN_TEXT, " | ", 3, line);
    }
    bool mergeable = kind == SPAN_TEXT || kind == SPAN_EMPHASIS || kind == SPAN_STRONG;
    if (mergeable && b->nspans > 0 && b->spans[b->nspans - 1].kind == kind) {
        LessonSpan *last = &b->spans[b->nspans - 1];
        last->text = xgrow(last->text, &p->cur.last_cap, p->cur.last_len + n + 1, 1);
        memcpy(last->text + p->cur.last_len, s, n);
        p->cur.last_len += n;
        last->text[p->cur.last_len] = '\0';
        return;
    }
    b->spans = xgrow(b->spans, &p->cur.span_cap, b->nspans + 1, sizeof *b->spans);
    b->spans[b->nspans++] = (LessonSpan){kind, xstrndup(s, n), line};
    p->cur.last_len = n;
    p->cur.last_cap = n + 1;
}

static char *trimmed(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return xstrndup(s, n);
}

/* A code span is a live value when its text starts with '=' (not "==") and has an expression
 * after it; `=` and `==` alone stay code. */
static void close_code_span(Parser *p)
{
    p->in_code_span = false;
    int line = p->code_span_line > 0 ? p->code_span_line : line_of(p->starts, p->nlines, p->cursor);
    char *t = trimmed(p->span.data, p->span.len);
    if (p->live && t[0] == '=' && t[1] != '=') {
        char *expr = trimmed(t + 1, strlen(t + 1));
        if (*expr) {
            add_span(p, SPAN_LIVE, expr, strlen(expr), line);
            free(expr);
            free(t);
            return;
        }
        free(expr);
    }
    free(t);
    if (p->span.len > 0)
        add_span(p, SPAN_CODE, p->span.data, p->span.len, line);
}

/* UTF-8 for a code point from an entity; controls and non-characters become U+FFFD. */
static size_t put_utf8(uint32_t cp, char *out)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || is_control(cp) ||
        cp == '\r')
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* "&amp;", "&#233;", "&#x1F600;" as UTF-8 in out; 0 when it is a name we do not know (the
 * entity is then kept as written). */
static size_t decode_entity(const char *s, size_t n, char out[4])
{
    static const struct {
        const char *name;
        uint32_t cp;
    } names[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''},
        {"&nbsp;", 0xA0}, {"&copy;", 0xA9}, {"&times;", 0xD7}, {"&mdash;", 0x2014},
        {"&ndash;", 0x2013}, {"&hellip;", 0x2026}, {"&rarr;", 0x2192}, {"&larr;", 0x2190},
    };
    if (n >= 4 && s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        uint32_t cp = 0;
        for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
            char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return 0;
            cp = cp * (hex ? 16 : 10) + (uint32_t)d;
            if (cp > 0x10FFFF)
                cp = 0x110000; /* stays out of range */
        }
        return put_utf8(cp, out);
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0)
            return put_utf8(names[i].cp, out);
    return 0;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    Parser *p = userdata;
    switch (type) {
    case MD_BLOCK_LI:
        flush_prose(p);
        open_prose(p, true, false);
        break;
    case MD_BLOCK_P:
        if (p->target == TARGET_PROSE && p->cur.block.nspans == 0)
            break; /* a list item's first paragraph */
        flush_prose(p);
        open_prose(p, false, p->list_depth == 0 && p->table_depth == 0);
        break;
    case MD_BLOCK_H:
        flush_prose(p);
        memset(&p->cur, 0, sizeof p->cur);
        p->cur.kind = ITEM_HEADING;
        p->cur.level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
        p->target = TARGET_HEADING;
        p->has_first = false;
        p->buf.len = 0;
        p->buf.data[0] = '\0';
        break;
    case MD_BLOCK_CODE: {
        flush_prose(p);
        MD_BLOCK_CODE_DETAIL *d = detail;
        memset(&p->cur, 0, sizeof p->cur);
        p->cur.kind = ITEM_CODE;
        p->cur.fenced = d->fence_char != 0;
        p->cur.info = d->lang.text && d->lang.size ? xstrndup(d->lang.text, d->lang.size)
                                                   : xstrdup("");
        p->raw = NULL;
        if (p->cur.fenced) {
            if (d->info.size > 0 && in_buffer(p, d->info.text, d->info.size)) {
                p->cur.line = line_of(p->starts, p->nlines, (size_t)(d->info.text - p->text));
                p->raw = fence_at_line(p->fences, p->cur.line);
            } else {
                p->raw = fence_from(p->fences, p->cursor);
                p->cur.line = p->raw ? p->raw->line : line_after_cursor(p, "`~");
            }
            p->cur.unterminated = p->raw && !p->raw->closed;
        }
        p->target = TARGET_CODE;
        p->has_first = false;
        p->buf.len = 0;
        p->buf.data[0] = '\0';
        break;
    }
    case MD_BLOCK_TR:
        flush_prose(p);
        open_prose(p, false, false);
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        if (p->target != TARGET_PROSE)
            open_prose(p, false, false);
        if (p->cells++ > 0)
            p->separate = true; /* only between cells that have text */
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        p->list_depth++;
        flush_prose(p);
        break;
    case MD_BLOCK_TABLE:
        p->table_depth++;
        flush_prose(p);
        break;
    default: /* the document, quotes, rules, table sections, HTML (off) */
        flush_prose(p);
        break;
    }
    return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)detail;
    Parser *p = userdata;
    switch (type) {
    case MD_BLOCK_H:
        if (p->target == TARGET_HEADING) {
            p->cur.line = p->has_first ? line_of(p->starts, p->nlines, p->first_offset)
                                       : line_after_cursor(p, "#");
            p->cur.text = trimmed(p->buf.data, p->buf.len);
            p->target = TARGET_NONE;
            push_item(p, &p->cur);
        }
        break;
    case MD_BLOCK_CODE:
        if (p->target == TARGET_CODE) {
            if (!p->cur.fenced)
                p->cur.line = p->has_first ? line_of(p->starts, p->nlines, p->first_offset)
                                           : line_after_cursor(p, " ");
            if (p->buf.len > 0 && p->buf.data[p->buf.len - 1] != '\n')
                strbuf_putc(&p->buf, '\n');
            p->cur.text = xstrndup(p->buf.data, p->buf.len);
            if (p->raw && p->raw->end > p->cursor)
                p->cursor = p->raw->end; /* past the closing fence */
            p->target = TARGET_NONE;
            push_item(p, &p->cur);
        }
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        p->list_depth--;
        flush_prose(p);
        break;
    case MD_BLOCK_TABLE:
        p->table_depth--;
        flush_prose(p);
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        break; /* the row goes on */
    default:
        flush_prose(p);
        break;
    }
    return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    Parser *p = userdata;
    if (type == MD_SPAN_EM)
        p->em++;
    else if (type == MD_SPAN_STRONG)
        p->strong++;
    else if (type == MD_SPAN_CODE && p->target != TARGET_HEADING && !p->in_code_span) {
        p->in_code_span = true;
        p->code_span_line = 0;
        p->span.len = 0;
        p->span.data[0] = '\0';
    }
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    Parser *p = userdata;
    if (type == MD_SPAN_EM && p->em > 0)
        p->em--;
    else if (type == MD_SPAN_STRONG && p->strong > 0)
        p->strong--;
    else if (type == MD_SPAN_CODE && p->in_code_span) {
        if (p->target != TARGET_PROSE)
            open_prose(p, false, false);
        close_code_span(p);
    }
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *userdata)
{
    Parser *p = userdata;
    bool inside = in_buffer(p, s, size);
    if (inside) {
        size_t off = (size_t)(s - p->text);
        if (!p->has_first) {
            p->has_first = true;
            p->first_offset = off;
        }
        if (p->in_code_span && p->code_span_line == 0)
            p->code_span_line = line_of(p->starts, p->nlines, off);
        if (off + size > p->cursor)
            p->cursor = off + size;
    }
    if (p->target == TARGET_CODE) {
        strbuf_add(&p->buf, s, size);
        return 0;
    }
    const char *t = s;
    size_t n = size;
    char tmp[4];
    switch (type) {
    case MD_TEXT_NULLCHAR: t = "\xef\xbf\xbd"; n = 3; break;
    case MD_TEXT_BR: t = p->target == TARGET_HEADING ? " " : "\n"; n = 1; break;
    case MD_TEXT_SOFTBR: t = " "; n = 1; break;
    case MD_TEXT_ENTITY: {
        size_t k = decode_entity(s, size, tmp);
        if (k > 0) {
            t = tmp;
            n = k;
        }
        break;
    }
    default: break;
    }
    if (p->target == TARGET_HEADING) {
        strbuf_add(&p->buf, t, n);
        return 0;
    }
    if (p->in_code_span) {
        strbuf_add(&p->span, t, n);
        return 0;
    }
    if (p->target != TARGET_PROSE)
        open_prose(p, false, false);
    LessonSpanKind kind = p->strong ? SPAN_STRONG : p->em ? SPAN_EMPHASIS : SPAN_TEXT;
    add_span(p, kind, t, n, line_here(p, s, size));
    return 0;
}

static void free_item(Item *it)
{
    free(it->info);
    free(it->text);
    free(it->block.text);
    free_spans(it->block.spans, it->block.nspans);
}

typedef struct {
    Item *v;
    size_t n;
} Items;

static void free_items(Items *items)
{
    for (size_t i = 0; i < items->n; i++)
        free_item(&items->v[i]);
    free(items->v);
    items->v = NULL;
    items->n = 0;
}

/* Pass 1 over text (its line starts given), from byte `skip` (past a byte order mark). `live`:
 * code spans that start with '=' are live values. False, with no items, when md4c fails. */
static bool read_items(const char *text, size_t n, const size_t *starts, size_t nlines,
                       size_t skip, bool live, Items *out)
{
    RawFences fences = scan_fences(text, n, starts, nlines);
    Parser p = {.text = text, .n = n, .starts = starts, .nlines = nlines, .fences = &fences,
                .live = live};
    strbuf_init(&p.buf);
    strbuf_init(&p.span);
    MD_PARSER md = {
        .abi_version = 0,
        .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    bool ok = md_parse(text + skip, (MD_SIZE)(n - skip), &md, &p) == 0;
    if (ok)
        flush_prose(&p);
    if (p.target != TARGET_NONE) /* only after a failed parse */
        free_item(&p.cur);
    *out = (Items){p.items, p.nitems};
    if (!ok)
        free_items(out);
    strbuf_free(&p.buf);
    strbuf_free(&p.span);
    free(fences.v);
    return ok;
}

/* ---- pass 2: items into a lesson --------------------------------------------------------- */

typedef struct {
    LessonBlock *v;
    size_t n, cap;
} Blocks;

typedef struct {
    Lesson *l;
    Pending *errs;
    size_t step_cap;
    Blocks blocks;       /* of the intro or the current step */
    bool in_step;
    bool summary_set;
} Builder;

static void push_block(Builder *b, LessonBlock *blk)
{
    b->blocks.v = xgrow(b->blocks.v, &b->blocks.cap, b->blocks.n + 1, sizeof *b->blocks.v);
    b->blocks.v[b->blocks.n++] = *blk;
}

static size_t count_kind(const LessonBlock *v, size_t n, LessonBlockKind kind)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += v[i].kind == kind;
    return k;
}

static const LessonBlock *first_kind(const LessonBlock *v, size_t n, LessonBlockKind kind)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == kind)
            return &v[i];
    return NULL;
}

/* The blocks collected so far go to the intro or the current step, which is checked. */
static void close_container(Builder *b)
{
    Lesson *l = b->l;
    if (!b->in_step) {
        l->intro = b->blocks.v;
        l->nintro = b->blocks.n;
    } else {
        LessonStep *s = &l->steps[l->nsteps - 1];
        s->blocks = b->blocks.v;
        s->nblocks = b->blocks.n;
        const LessonBlock *check = first_kind(s->blocks, s->nblocks, BLOCK_CHECK);
        const LessonBlock *solution = first_kind(s->blocks, s->nblocks, BLOCK_SOLUTION);
        const LessonBlock *hint = first_kind(s->blocks, s->nblocks, BLOCK_HINT);
        const LessonBlock *wrong = first_kind(s->blocks, s->nblocks, BLOCK_WRONG);
        if (count_kind(s->blocks, s->nblocks, BLOCK_PROSE) == 0)
            add_error(b->errs, s->line, "step has no prose: explain it before its code");
        if (check && !solution)
            add_error(b->errs, check->line,
                      "check without a solution: add a ```solution block to the step");
        if (solution && !check)
            add_error(b->errs, solution->line,
                      "solution without a check: add a ```check block to the step");
        if (hint && !check)
            add_error(b->errs, hint->line, "hint without a check: hints belong to tasks");
        if (wrong && !check)
            add_error(b->errs, wrong->line, "wrong without a check: it shows what a check rejects");
    }
    memset(&b->blocks, 0, sizeof b->blocks);
}

static void start_step(Builder *b, const char *title, int line)
{
    close_container(b);
    Lesson *l = b->l;
    l->steps = xgrow(l->steps, &b->step_cap, l->nsteps + 1, sizeof *l->steps);
    l->steps[l->nsteps++] = (LessonStep){xstrdup(title), line, NULL, 0};
    b->in_step = true;
    if (!*title)
        add_error(b->errs, line, "step without a title");
}

static bool ident_start(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

/* A dotted module name: "os", "xml.etree.ElementTree". */
static bool module_name(const char *s)
{
    for (;;) {
        if (!ident_start((unsigned char)*s))
            return false;
        while (ident_char((unsigned char)*s))
            s++;
        if (*s == '\0')
            return true;
        if (*s++ != '.')
            return false;
    }
}

/* Whether one line of a check is plainly a statement: a statement keyword first, a top-level
 * assignment, or several statements. The linter's run catches everything else Python rejects. */
static bool looks_like_statement(const char *s)
{
    static const char *const keywords[] = {
        "import", "from", "def", "class", "for", "while", "if", "with", "try", "return",
        "assert", "del", "pass", "raise", "global", "nonlocal", "break", "continue", "elif",
        "else", "except", "finally", "async",
    };
    size_t w = 0;
    while (ident_char((unsigned char)s[w]))
        w++;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == w && strncmp(s, keywords[i], w) == 0)
            return true;
    if (strstr(s, "lambda"))
        return false; /* `lambda x=1: x` has a top-level '=' */
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\' && s[i + 1])
                i++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '#')
            break;
        else if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && depth > 0)
            depth--;
        else if (depth == 0 && c == ';')
            return true;
        else if (depth == 0 && c == '=' && s[i + 1] != '=' &&
                 !(i > 0 && strchr("=!<>:", s[i - 1])))
            return true; /* `x = 1`, and `x += 1` too */
    }
    return false;
}

/* Each line of a check is an expression: no blank lines, no statements. */
static void validate_check(Builder *b, const LessonBlock *blk)
{
    if (!*blk->text) {
        add_error(b->errs, blk->line, "empty check: write one expression per line");
        return;
    }
    const char *s = blk->text;
    for (int k = 1; *s; k++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = trimmed(s, n);
        if (!*line)
            add_error(b->errs, blk->line + k, "empty line in a check: one expression per line");
        else if (looks_like_statement(line))
            add_error(b->errs, blk->line + k, "check is not an expression: %s", line);
        free(line);
        s += n + (nl != NULL);
    }
}

static void validate_requires(Builder *b, const LessonBlock *blk)
{
    const char *s = blk->text;
    for (int k = 1; *s; k++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = trimmed(s, n);
        if (*line && !module_name(line))
            add_error(b->errs, blk->line + k, "not a module name: %s", line);
        free(line);
        s += n + (nl != NULL);
    }
}

static LessonBlockKind fence_kind(const char *info, bool *known)
{
    static const struct {
        const char *name;
        LessonBlockKind kind;
    } kinds[] = {
        {"python", BLOCK_EXAMPLE}, {"py", BLOCK_EXAMPLE}, {"setup", BLOCK_SETUP},
        {"check", BLOCK_CHECK}, {"hint", BLOCK_HINT}, {"solution", BLOCK_SOLUTION},
        {"requires", BLOCK_REQUIRES}, {"wrong", BLOCK_WRONG},
    };
    *known = false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(info, kinds[i].name) == 0) {
            *known = true;
            return kinds[i].kind;
        }
    return BLOCK_PROSE;
}

/* A code block shown as text: its lines in one code span. */
static void preformatted_block(Builder *b, Item *it)
{
    size_t n = strlen(it->text);
    while (n > 0 && it->text[n - 1] == '\n')
        n--;
    if (n == 0)
        return;
    LessonBlock blk = {.kind = BLOCK_PROSE, .line = it->line, .preformatted = true};
    blk.spans = xmalloc(sizeof *blk.spans);
    blk.spans[0] = (LessonSpan){SPAN_CODE, xstrndup(it->text, n), it->line};
    blk.nspans = 1;
    blk.text = xstrndup(it->text, n);
    push_block(b, &blk);
}

static void push_span(LessonBlock *b, size_t *cap, LessonSpanKind kind, char *text, int line)
{
    b->spans = xgrow(b->spans, cap, b->nspans + 1, sizeof *b->spans);
    b->spans[b->nspans++] = (LessonSpan){kind, text, line};
}

static char *without_final_newlines(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '\n')
        n--;
    return xstrndup(s, n);
}

/* A hint is Markdown like the prose, so md4c reads it into spans too (inline code, emphasis).
 * Its code spans stay code: a hint is shown, never evaluated. Paragraphs, headings and indented
 * code inside it run on as one paragraph. The hint's text starts the line after its fence. */
static void hint_spans(LessonBlock *blk)
{
    size_t n = strlen(blk->text), nlines, cap = 0;
    size_t *starts = line_starts(blk->text, n, &nlines);
    Items items;
    read_items(blk->text, n, starts, nlines, 0, false, &items);
    for (size_t i = 0; i < items.n; i++) {
        Item *it = &items.v[i];
        int line = blk->line + it->line;
        if (blk->nspans > 0)
            push_span(blk, &cap, SPAN_TEXT, xstrdup(" "), line);
        if (it->kind == ITEM_PROSE) {
            for (size_t k = 0; k < it->block.nspans; k++) {
                LessonSpan *sp = &it->block.spans[k];
                push_span(blk, &cap, sp->kind, sp->text, blk->line + sp->line);
                sp->text = NULL; /* moved */
            }
        } else if (it->text) {
            push_span(blk, &cap, it->kind == ITEM_HEADING ? SPAN_STRONG : SPAN_CODE,
                      without_final_newlines(it->text), line);
        }
    }
    if (blk->nspans == 0) /* nothing md4c would show (or it failed): the text as it is */
        push_span(blk, &cap, SPAN_TEXT, without_final_newlines(blk->text), blk->line);
    free_items(&items);
    free(starts);
}

static const char *block_name(LessonBlockKind kind)
{
    switch (kind) {
    case BLOCK_CHECK: return "check";
    case BLOCK_HINT: return "hint";
    case BLOCK_SOLUTION: return "solution";
    case BLOCK_REQUIRES: return "requires";
    case BLOCK_WRONG: return "wrong";
    case BLOCK_SETUP: return "setup";
    case BLOCK_EXAMPLE: return "python";
    default: return "prose";
    }
}

static void add_code(Builder *b, Item *it)
{
    if (it->unterminated)
        add_error(b->errs, it->line,
                  "unterminated fence: no closing fence before the end of the file");
    if (!it->fenced) {
        preformatted_block(b, it);
        return;
    }
    bool known;
    LessonBlockKind kind = fence_kind(it->info, &known);
    if (!known) {
        if (!*it->info)
            add_error(b->errs, it->line, "fence needs a language: " FENCE_NAMES);
        else
            add_error(b->errs, it->line, "unknown fence '%s': use " FENCE_NAMES, it->info);
        preformatted_block(b, it);
        return;
    }
    if (!b->in_step && kind != BLOCK_EXAMPLE && kind != BLOCK_SETUP) {
        add_error(b->errs, it->line, "```%s outside a step: it belongs after a '## ' heading",
                  block_name(kind));
        return;
    }
    LessonBlock blk = {.kind = kind, .line = it->line, .text = it->text};
    it->text = NULL;
    if (kind == BLOCK_CHECK)
        validate_check(b, &blk);
    else if (kind == BLOCK_REQUIRES)
        validate_requires(b, &blk);
    else if (kind == BLOCK_HINT)
        hint_spans(&blk);
    push_block(b, &blk);
}

/* The prose block's plain text: its spans, a live one as "= EXPR". */
static void add_prose(Builder *b, Item *it)
{
    StrBuf t;
    strbuf_init(&t);
    for (size_t i = 0; i < it->block.nspans; i++) {
        if (it->block.spans[i].kind == SPAN_LIVE)
            strbuf_puts(&t, "= ");
        strbuf_puts(&t, it->block.spans[i].text);
    }
    it->block.text = strbuf_take(&t);
    if (!b->in_step && !b->summary_set && it->paragraph) {
        b->l->summary = xstrdup(it->block.text);
        b->summary_set = true;
    }
    push_block(b, &it->block);
    memset(&it->block, 0, sizeof it->block);
}

/* A '###' heading inside a step or the intro: prose in strong text. */
static void add_subheading(Builder *b, Item *it)
{
    if (!*it->text)
        return;
    LessonBlock blk = {.kind = BLOCK_PROSE, .line = it->line};
    blk.spans = xmalloc(sizeof *blk.spans);
    blk.spans[0] = (LessonSpan){SPAN_STRONG, xstrdup(it->text), it->line};
    blk.nspans = 1;
    blk.text = xstrdup(it->text);
    push_block(b, &blk);
}

static char *id_from(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".md") == 0)
        n -= 3;
    return xstrndup(base, n);
}

static Lesson *build(const char *name, Item *items, size_t nitems, Pending *errs)
{
    size_t t = 0;
    while (t < nitems && !(items[t].kind == ITEM_HEADING && items[t].level == 1))
        t++;
    if (t == nitems) {
        add_error(errs, 1, "missing title: a lesson starts with '# Title'");
        return NULL;
    }
    if (t > 0)
        add_error(errs, items[0].line, "text before the title: a lesson starts with '# Title'");
    Lesson *l = xcalloc(1, sizeof *l);
    l->path = xstrdup(name);
    l->id = id_from(name);
    l->title = xstrdup(items[t].text);
    l->line = items[t].line;
    if (!*l->title)
        add_error(errs, l->line, "empty title");
    Builder b = {.l = l, .errs = errs};
    for (size_t i = t + 1; i < nitems; i++) {
        Item *it = &items[i];
        switch (it->kind) {
        case ITEM_HEADING:
            if (it->level == 1)
                add_error(errs, it->line, "a second title: steps start with '## '");
            if (it->level <= 2)
                start_step(&b, it->text, it->line);
            else
                add_subheading(&b, it);
            break;
        case ITEM_PROSE:
            add_prose(&b, it);
            break;
        case ITEM_CODE:
            add_code(&b, it);
            break;
        }
    }
    close_container(&b);
    if (!l->summary)
        l->summary = xstrdup("");
    if (l->nsteps == 0)
        add_error(errs, l->line, "no steps: start one with '## Step title'");
    return l;
}

Lesson *lesson_parse(const char *name, const char *text, size_t n, LessonErrors *errs)
{
    if (!name)
        name = "<lesson>";
    Pending e = {0};
    if (n > LESSON_MAX_BYTES) {
        add_error(&e, 0, "larger than %d bytes", LESSON_MAX_BYTES);
        deliver_errors(&e, errs);
        return NULL;
    }
    if (!text)
        n = 0, text = "";
    size_t nlines;
    size_t *starts = line_starts(text, n, &nlines);
    if (!bytes_ok(text, n, starts, nlines, &e)) {
        free(starts);
        deliver_errors(&e, errs);
        return NULL;
    }
    size_t skip = n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    Items items;
    Lesson *l = NULL;
    if (!read_items(text, n, starts, nlines, skip, true, &items))
        add_error(&e, 0, "Markdown parser failed");
    else
        l = build(name, items.v, items.n, &e);
    free_items(&items);
    free(starts);
    deliver_errors(&e, errs);
    return l;
}

/* ---- files ------------------------------------------------------------------------------- */

static void file_error(LessonErrors *errs, const char *why)
{
    if (!errs)
        return;
    errs->items = xgrow(errs->items, &errs->cap, errs->len + 1, sizeof *errs->items);
    errs->items[errs->len++] = (LessonError){0, xasprintf("cannot read: %s", why)};
}

Lesson *lesson_load(const char *path, LessonErrors *errs)
{
    if (!path) {
        file_error(errs, "no file name");
        return NULL;
    }
    const char *why;
    int fd = files_open_regular(path, &why);
    if (fd < 0) {
        file_error(errs, why);
        return NULL;
    }
    size_t cap = LESSON_MAX_BYTES + 1, len = 0; /* one more byte tells a file that is too big */
    char *buf = xmalloc(cap);
    for (;;) {
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(buf);
            file_error(errs, strerror(e));
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len == cap)
            break;
    }
    close(fd);
    Lesson *l = lesson_parse(path, buf, len, errs);
    free(buf);
    return l;
}

static void free_blocks(LessonBlock *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].text);
        free_spans(v[i].spans, v[i].nspans);
    }
    free(v);
}

void lesson_free(Lesson *l)
{
    if (!l)
        return;
    free(l->path);
    free(l->id);
    free(l->title);
    free(l->summary);
    free_blocks(l->intro, l->nintro);
    for (size_t i = 0; i < l->nsteps; i++) {
        free(l->steps[i].title);
        free_blocks(l->steps[i].blocks, l->steps[i].nblocks);
    }
    free(l->steps);
    free(l);
}

bool lesson_step_is_task(const LessonStep *s)
{
    return s && lesson_step_count(s, BLOCK_CHECK) > 0;
}

const LessonBlock *lesson_step_block(const LessonStep *s, LessonBlockKind kind, size_t n)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < s->nblocks; i++)
        if (s->blocks[i].kind == kind && n-- == 0)
            return &s->blocks[i];
    return NULL;
}

size_t lesson_step_count(const LessonStep *s, LessonBlockKind kind)
{
    return s ? count_kind(s->blocks, s->nblocks, kind) : 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **lesson_catalog(const char *dir, size_t *count)
{
    size_t ignored;
    if (!count)
        count = &ignored;
    *count = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return NULL;
    size_t dn = strlen(dir);
    while (dn > 1 && dir[dn - 1] == '/')
        dn--;
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (name[0] == '.' || len <= 3 || strcmp(name + len - 3, ".md") != 0 ||
            strcmp(name, "README.md") == 0)
            continue;
        char *path = xasprintf("%.*s%s%s", (int)dn, dir, dir[dn - 1] == '/' ? "" : "/", name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        v = xgrow(v, &cap, n + 1, sizeof *v);
        v[n++] = path;
    }
    closedir(d);
    if (n > 0)
        qsort(v, n, sizeof *v, compare_names); /* same folder: by path is by file name */
    *count = n;
    return v;
}
