/* kinds/bytes.c — bytes (the bytes inline after a var header and the cached hash, always
 * NUL-terminated) and bytearray (a separate, over-allocated buffer whose logical start can
 * move inside it). Sizes are read from the live object. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>

#include "layout/facts.h"
#include "util/strbuf.h"

#define PREVIEW_BYTES 32

/* ob_shash is Py_DEPRECATED from 3.11 (still present and maintained); offsetof on it warns,
 * so it is taken once here with the warning silenced rather than recomputed by hand. */
static size_t shash_offset(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return offsetof(PyBytesObject, ob_shash);
#pragma GCC diagnostic pop
}

/* b'...' as repr() would start it: printable ASCII as is, the rest as escapes. */
static void bytes_preview(LayoutEntry *e, const unsigned char *p, size_t n)
{
    if (!e)
        return;
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "b'");
    for (size_t i = 0; i < n && i < PREVIEW_BYTES; i++) {
        unsigned c = p[i];
        if (c == '\'' || c == '\\')
            strbuf_printf(&sb, "\\%c", c);
        else if (c == '\n')
            strbuf_puts(&sb, "\\n");
        else if (c >= 0x20 && c < 0x7f)
            strbuf_putc(&sb, (char)c);
        else
            strbuf_printf(&sb, "\\x%02x", c);
    }
    strbuf_puts(&sb, n > PREVIEW_BYTES ? "'…" : "'");
    lb_value(e, "%s", sb.data);
    strbuf_free(&sb);
}

void kind_bytes_describe(LayoutBuilder *b, PyObject *o)
{
    size_t n = (size_t)Py_SIZE(o);
    size_t data = offsetof(PyBytesObject, ob_sval);
    /* tp_basicsize (33) already holds ob_sval[1], the terminating NUL. */
    lb_object_size(b, data + n + 1, data + n + 1);
    lb_header(b, true);
    Py_hash_t hash;
    memcpy(&hash, (const char *)o + shash_offset(), sizeof hash);
    lb_note(lb_int(b, "ob_shash", "Py_hash_t", shash_offset(), sizeof(Py_hash_t)),
            "cached hash%s%s", hash == -1 ? ", -1: not computed yet" : "",
            FACT_BYTES_SHASH_DEPRECATED ? "; the field name is deprecated since 3.11" : "");
    char ctype[40];
    snprintf(ctype, sizeof ctype, "char[%zu]", n + 1);
    LayoutEntry *e = lb_data(b, "ob_sval", ctype, data, n + 1);
    bytes_preview(e, (const unsigned char *)o + data, n);
    lb_note(e, "%zu byte%s + NUL terminator (basicsize 33 includes it)", n, n == 1 ? "" : "s");
    if (n <= 1 && b->l->is_static)
        layout_add_note(b->l, "b'' and one-byte bytes are static singletons in libpython: "
                        "every such bytes object is this one");
}

/* The bytearray buffer: a prefix left behind by `del b[:n]` (ob_start moved forward), the
 * live bytes, the NUL CPython keeps after them, and over-allocated room. */
static void bytearray_buffer(LayoutBuilder *b, PyByteArrayObject *ba)
{
    size_t alloc = (size_t)ba->ob_alloc, n = (size_t)Py_SIZE(ba);
    size_t start = (size_t)(ba->ob_start - ba->ob_bytes);
    if (start > alloc || n > alloc - start) {
        layout_add_note(b->l, "bytearray ob_start/ob_size lie outside ob_alloc: buffer not read");
        return;
    }
    lb_buffer_begin(b, "ob_bytes buffer", ba->ob_bytes, alloc, n, true);
    if (start)
        lb_note(lb_row(b, "(before ob_start)", "char[]", 0, start, ROLE_UNUSED),
                "%zu bytes dropped from the front; kept until the next resize", start);
    char ctype[40];
    snprintf(ctype, sizeof ctype, "char[%zu]", n);
    if (n) {
        LayoutEntry *e = lb_data(b, "ob_start[]", ctype, start, n);
        bytes_preview(e, (const unsigned char *)ba->ob_start, n);
        lb_note(e, "%zu byte%s in use", n, n == 1 ? "" : "s");
    }
    if (start + n < alloc) {
        lb_note(lb_data(b, "NUL", "char", start + n, 1), "terminator, kept after the data");
        if (start + n + 1 < alloc)
            lb_note(lb_row(b, "(over-allocated)", "char[]", start + n + 1, alloc - start - n - 1,
                           ROLE_UNUSED), "room to grow without reallocating");
    }
    lb_buffer_end(b);
}

void kind_bytearray_describe(LayoutBuilder *b, PyObject *o)
{
    PyByteArrayObject *ba = (PyByteArrayObject *)o;
    lb_header(b, true);
    lb_note(lb_ssize(b, "ob_alloc", offsetof(PyByteArrayObject, ob_alloc)),
            "bytes allocated for ob_bytes (over-allocated as it grows)");
    lb_note(lb_cptr(b, "ob_bytes", "char *", offsetof(PyByteArrayObject, ob_bytes)),
            ba->ob_bytes ? "the buffer, allocated separately" : "NULL: nothing allocated yet");
    LayoutEntry *st = lb_cptr(b, "ob_start", "char *", offsetof(PyByteArrayObject, ob_start));
    if (ba->ob_start && ba->ob_bytes)
        lb_note(st, "logical start: %td bytes into the buffer", ba->ob_start - ba->ob_bytes);
    lb_note(lb_int(b, "ob_exports", "Py_ssize_t", offsetof(PyByteArrayObject, ob_exports),
                   sizeof ba->ob_exports),
            "live buffer exports (memoryviews): resizing is refused while > 0");
    if (ba->ob_bytes && ba->ob_alloc > 0)
        bytearray_buffer(b, ba);
}
