/* kinds/str.c — str: compact ASCII (PyASCIIObject + inline bytes), compact (PyCompactUnicode-
 * Object + inline 1/2/4-byte code units) and non-compact (PyUnicodeObject + a separate data
 * block: str subclass instances). Also the caches a str may grow: a UTF-8 copy (all versions)
 * and a wchar_t copy (3.10/3.11). Only reads fields; never creates a cache itself. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include <stdlib.h>

#include "layout/facts.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The low byte of the 32-bit `state` bitfield (Include/cpython/unicodeobject.h); the upper 24
 * bits are padding that may hold garbage. x86-64 GCC allocates bitfields from bit 0. */
typedef struct {
    unsigned interned, kind;
    bool compact, ascii, bit7; /* bit7: FACT_STR_STATE_BIT7 names it */
} StrState;

#define PREVIEW_CHARS 32

static StrState read_state(PyObject *o)
{
    unsigned char st = ((const unsigned char *)o)[offsetof(PyASCIIObject, state)];
    return (StrState){st & 3, (st >> 2) & 7, (st >> 5) & 1, (st >> 6) & 1, (st >> 7) & 1};
}

/* Append one code point as UTF-8, escaping what repr() would (quote, backslash, surrogates). */
static void put_code_point(StrBuf *sb, Py_UCS4 c)
{
    char u[4];
    if (c == '\'' || c == '\\') {
        strbuf_putc(sb, '\\');
        strbuf_putc(sb, (char)c);
    } else if (c < 0x80) {
        strbuf_putc(sb, (char)c); /* sanitize_text escapes control characters */
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3F));
        strbuf_add(sb, u, 2);
    } else if (c >= 0xD800 && c <= 0xDFFF) {
        strbuf_printf(sb, "\\u%04x", (unsigned)c); /* lone surrogate: not valid UTF-8 */
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        strbuf_add(sb, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F));
        strbuf_add(sb, u, 4);
    }
}

/* A quoted preview of the first PREVIEW_CHARS code points of `len` units of `kind` at data. */
static void preview_value(LayoutEntry *e, const void *data, unsigned kind, size_t len)
{
    if (!e)
        return;
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_putc(&sb, '\'');
    for (size_t i = 0; i < len && i < PREVIEW_CHARS; i++)
        put_code_point(&sb, PyUnicode_READ((int)kind, data, (Py_ssize_t)i));
    strbuf_puts(&sb, len > PREVIEW_CHARS ? "'…" : "'");
    lb_value(e, "%s", sb.data);
    strbuf_free(&sb);
}

static const char *unit_type(unsigned kind)
{
    return kind == 1 ? "Py_UCS1" : kind == 2 ? "Py_UCS2" : "Py_UCS4";
}

/* The code units (length + 1, the last one the NUL terminator) as one row at off. */
static void data_row(LayoutBuilder *b, const char *name, size_t off, const void *data,
                     unsigned kind, size_t len, bool ascii)
{
    char ctype[48];
    snprintf(ctype, sizeof ctype, "%s[%zu]", unit_type(kind), len + 1);
    LayoutEntry *e = lb_data(b, name, ctype, off, (len + 1) * kind);
    preview_value(e, data, kind, len);
    lb_note(e, "%zu code point%s + NUL terminator, %u byte%s each%s", len, len == 1 ? "" : "s",
            kind, kind == 1 ? "" : "s", ascii ? "; ASCII doubles as UTF-8" : "");
}

static void state_row(LayoutBuilder *b, StrState s)
{
    static const char *interned[] = {"not interned", "interned", "interned immortal",
                                     "interned immortal static"};
    LayoutEntry *e = lb_row(b, "state", "struct (bitfield)", offsetof(PyASCIIObject, state),
                            sizeof(((PyASCIIObject *)0)->state), ROLE_PAYLOAD);
    lb_value(e, "%s, kind %u%s%s%s", interned[s.interned], s.kind, s.compact ? ", compact" : "",
             s.ascii ? ", ascii" : "",
             s.bit7 ? ", " FACT_STR_STATE_BIT7 : "");
    lb_note(e, "interned:2 kind:3 compact:1 ascii:1 %s:1; the upper 24 bits are unused",
            FACT_STR_STATE_BIT7);
}

static void header_rows(LayoutBuilder *b, StrState s)
{
    lb_header(b, false);
    lb_note(lb_ssize(b, "length", offsetof(PyASCIIObject, length)), "in code points");
    LayoutEntry *h = lb_int(b, "hash", "Py_hash_t", offsetof(PyASCIIObject, hash),
                            sizeof(Py_hash_t));
    if (h && ((PyASCIIObject *)b->o)->hash == -1)
        lb_note(h, "-1: not computed yet");
    state_row(b, s);
}

static void interned_note(LayoutBuilder *b, StrState s)
{
    if (s.interned == 0)
        return;
    if (FACT_STR_INTERNED_IMMORTAL)
        layout_add_note(b->l, "interned: equal strings interned in this interpreter are this one "
                        "object%s", s.interned >= 2 ? "; immortal, never freed" : "");
    else
        layout_add_note(b->l, "interned: equal strings interned in this interpreter are this one "
                        "object; the interned dict's references are not in ob_refcnt%s",
                        s.interned == 2 ? " (immortal: never freed)" : "");
}

#if FACT_STR_WSTR
/* 3.10/3.11 wstr: a wchar_t copy made on demand by legacy APIs (PyUnicode_AsUnicode). It owns
 * memory (counted by __sizeof__) unless it is the character data of a ready string (kind 4 on
 * Linux, where wchar_t is 4 bytes): _PyUnicode_HAS_WSTR_MEMORY. */
static void wstr_part(LayoutBuilder *b, StrState s, const void *data)
{
    PyASCIIObject *a = (PyASCIIObject *)b->o;
    bool own = a->wstr && !(s.bit7 && (const void *)a->wstr == data);
    lb_note(lb_cptr(b, "wstr", "wchar_t *", offsetof(PyASCIIObject, wstr)),
            !a->wstr ? "no wchar_t copy (made only on demand by legacy APIs)"
            : own    ? "separate wchar_t copy, counted by __sizeof__"
                     : "shares the character data (wchar_t is 4 bytes here)");
    if (!own)
        return;
    size_t n = s.compact && s.ascii ? (size_t)a->length
                                    : (size_t)((PyCompactUnicodeObject *)a)->wstr_length;
    char ctype[48];
    snprintf(ctype, sizeof ctype, "wchar_t[%zu]", n + 1);
    lb_buffer_begin(b, "wstr (wchar_t copy)", a->wstr, (n + 1) * sizeof(wchar_t),
                    (n + 1) * sizeof(wchar_t), true);
    LayoutEntry *e = lb_data(b, "wstr", ctype, 0, (n + 1) * sizeof(wchar_t));
    preview_value(e, a->wstr, 4, n);
    lb_note(e, "%zu wchar_t + NUL terminator", n);
    lb_buffer_end(b);
}
#endif

/* utf8_length, utf8 (and wstr_length on 3.10/3.11), the fields every non-ASCII str has; then
 * the UTF-8 copy: NULL until asked for, then its own block of utf8_length + 1 bytes, counted
 * by __sizeof__ (_PyUnicode_HAS_UTF8_MEMORY). */
static void utf8_part(LayoutBuilder *b, const void *data)
{
    PyCompactUnicodeObject *c = (PyCompactUnicodeObject *)b->o;
    lb_note(lb_ssize(b, "utf8_length", offsetof(PyCompactUnicodeObject, utf8_length)),
            "bytes in the UTF-8 copy, without the NUL");
#if FACT_STR_WSTR
    lb_ssize(b, "wstr_length", offsetof(PyCompactUnicodeObject, wstr_length));
#endif
    bool own = c->utf8 && (const void *)c->utf8 != data;
    lb_note(lb_cptr(b, "utf8", "char *", offsetof(PyCompactUnicodeObject, utf8)),
            !c->utf8 ? "no UTF-8 copy yet: made on demand (compile, attribute names, C APIs) "
                       "and then counted by __sizeof__"
            : own    ? "separate UTF-8 copy, counted by __sizeof__"
                     : "points at the character data (ASCII is already UTF-8)");
    if (!own)
        return;
    size_t n = (size_t)c->utf8_length;
    LayoutBuffer *buf = lb_buffer_begin(b, "utf8 (UTF-8 copy)", c->utf8, n + 1, n + 1, true);
    if (buf->is_static)
        buf->note = xstrdup("in libpython's static data, yet counted by __sizeof__");
    char ctype[48];
    snprintf(ctype, sizeof ctype, "char[%zu]", n + 1);
    LayoutEntry *e = lb_data(b, "utf8", ctype, 0, n + 1);
    size_t shown = n < 96 ? n : 96;
    while (shown < n && shown > 0 && ((unsigned char)c->utf8[shown] & 0xC0) == 0x80)
        shown--; /* cut on a character boundary */
    lb_value(e, "'%.*s%s'", (int)shown, c->utf8, shown < n ? "…" : "");
    lb_note(e, "%zu UTF-8 bytes + NUL terminator", n);
    lb_buffer_end(b);
}

static void describe_compact(LayoutBuilder *b, StrState s, size_t len)
{
    size_t head = s.ascii ? sizeof(PyASCIIObject) : sizeof(PyCompactUnicodeObject);
    size_t size = head + (len + 1) * s.kind;
    const void *data = (const unsigned char *)b->o + head;
    lb_object_size(b, size, size);
    header_rows(b, s);
    data_row(b, "data (inline)", head, data, s.kind, len, s.ascii);
    if (!s.ascii)
        utf8_part(b, data);
#if FACT_STR_WSTR
    wstr_part(b, s, data);
#endif
}

/* A non-compact str (a str subclass instance, or a 3.10/3.11 legacy string): a fixed
 * PyUnicodeObject and the characters in a separate block that `data` points to. */
static void describe_legacy(LayoutBuilder *b, StrState s, size_t len)
{
    const void *data = ((PyUnicodeObject *)b->o)->data.any;
    bool ready = data && s.kind >= 1 && s.kind <= 4 && s.kind != 3;
    lb_object_size(b, sizeof(PyUnicodeObject), sizeof(PyUnicodeObject));
    header_rows(b, s);
    lb_note(lb_cptr(b, "data", "void *", offsetof(PyUnicodeObject, data)),
            ready ? "the characters, in their own block (not compact)"
                  : "NULL: not ready, the text is only in wstr");
    if (ready) {
        lb_buffer_begin(b, "character data", data, (len + 1) * s.kind, (len + 1) * s.kind, true);
        data_row(b, "data", 0, data, s.kind, len, s.ascii);
        lb_buffer_end(b);
    }
    utf8_part(b, data);
#if FACT_STR_WSTR
    wstr_part(b, s, data);
#endif
}

void kind_str_describe(LayoutBuilder *b, PyObject *o)
{
    StrState s = read_state(o);
    size_t len = (size_t)((PyASCIIObject *)o)->length;
    if (s.compact && s.kind != 1 && s.kind != 2 && s.kind != 4) {
        layout_add_note(b->l, "str state byte is inconsistent (kind %u): shown as opaque", s.kind);
        kind_opaque_describe(b, o);
        return;
    }
    if (s.compact)
        describe_compact(b, s, len);
    else
        describe_legacy(b, s, len);
    interned_note(b, s);
    if (s.compact && len <= 1 && (s.ascii || len == 0 || s.kind == 1) && b->l->is_static)
        layout_add_note(b->l, "'' and one-character Latin-1 strings are static singletons in "
                        "libpython: every such string is this object");
}
