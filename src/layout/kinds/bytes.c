/* kinds/bytes.c — bytes (the bytes inline after a var header and the cached hash, always
 * NUL-terminated) and bytearray (a separate, over-allocated buffer whose logical start can
 * move inside it). Sizes are read from the live object. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/memory.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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

/* The bytearray's bytes from `base` in the current block: a prefix left behind by
 * `del b[:n]` (ob_start moved forward), the live bytes, the NUL CPython keeps after them, and
 * over-allocated room; `alloc` bytes in all. */
static void bytearray_rows(LayoutBuilder *b, PyByteArrayObject *ba, size_t base)
{
    size_t alloc = (size_t)ba->ob_alloc, n = (size_t)Py_SIZE(ba);
    size_t start = (size_t)(ba->ob_start - ba->ob_bytes);
    if (start)
        lb_note(lb_row(b, "(before ob_start)", "char[]", base, start, ROLE_UNUSED),
                "%zu bytes dropped from the front; kept until the next resize", start);
    char ctype[40];
    snprintf(ctype, sizeof ctype, "char[%zu]", n);
    if (n) {
        LayoutEntry *e = lb_data(b, "ob_start[]", ctype, base + start, n);
        bytes_preview(e, (const unsigned char *)ba->ob_start, n);
        lb_note(e, "%zu byte%s in use", n, n == 1 ? "" : "s");
    }
    if (start + n < alloc) {
        lb_note(lb_data(b, "NUL", "char", base + start + n, 1), "terminator, kept after the data");
        if (start + n + 1 < alloc)
            lb_note(lb_row(b, "(over-allocated)", "char[]", base + start + n + 1,
                           alloc - start - n - 1, ROLE_UNUSED),
                    "room to grow without reallocating");
    }
}

/* ob_start and ob_size must lie inside the ob_alloc bytes of the buffer. */
static bool bytearray_consistent(LayoutBuilder *b, PyByteArrayObject *ba)
{
    size_t alloc = (size_t)ba->ob_alloc, n = (size_t)Py_SIZE(ba);
    size_t start = (size_t)(ba->ob_start - ba->ob_bytes);
    if (ba->ob_start >= ba->ob_bytes && start <= alloc && n <= alloc - start)
        return true;
    layout_add_note(b->l, "bytearray ob_start/ob_size lie outside ob_alloc: buffer not read");
    return false;
}

#if FACT_BYTEARRAY_BYTES_OBJECT
/* 3.15: the buffer is the ob_sval of a bytes object the bytearray owns alone: its header, the
 * bytearray's bytes, and the bytes object's own NUL after ob_alloc bytes. __sizeof__ counts
 * that whole object (its __alloc__()); the empty bytearray shares the static b''. */
static void bytes_object_buffer(LayoutBuilder *b, PyByteArrayObject *ba)
{
    PyObject *bo = ba->ob_bytes_object;
    size_t data = offsetof(PyBytesObject, ob_sval), alloc = (size_t)ba->ob_alloc;
    if (!bo || !PyBytes_CheckExact(bo) || (size_t)Py_SIZE(bo) != alloc ||
        ba->ob_bytes != PyBytes_AS_STRING(bo) || !bytearray_consistent(b, ba))
        return;
    if (memory_is_static(bo)) /* b'': nothing allocated, nothing charged */
        return;
    size_t size = data + alloc + 1, used = data + (size_t)(ba->ob_start - ba->ob_bytes) +
                                          (size_t)Py_SIZE(ba);
    LayoutBuffer *buf = lb_buffer_begin(b, "ob_bytes_object (the buffer, a bytes object)", bo,
                                        size, used, true);
    buf->note = Py_REFCNT(bo) == 1
                    ? xstrdup("owned by the bytearray alone; __sizeof__ counts the whole object")
                    : xasprintf("held %zd times; __sizeof__ counts the whole object",
                                (Py_ssize_t)Py_REFCNT(bo));
    lb_header_of(b, bo, true);
    lb_int(b, "ob_shash", "Py_hash_t", shash_offset(), sizeof(Py_hash_t));
    bytearray_rows(b, ba, data);
    lb_note(lb_data(b, "NUL (bytes)", "char", data + alloc, 1),
            "the bytes object's own terminator");
    lb_buffer_end(b);
}
#else
static void bytes_buffer(LayoutBuilder *b, PyByteArrayObject *ba)
{
    if (!ba->ob_bytes || ba->ob_alloc <= 0 || !bytearray_consistent(b, ba))
        return;
    size_t alloc = (size_t)ba->ob_alloc;
    lb_buffer_begin(b, "ob_bytes buffer", ba->ob_bytes, alloc, (size_t)Py_SIZE(ba), true);
    bytearray_rows(b, ba, 0);
    lb_buffer_end(b);
}
#endif

void kind_bytearray_describe(LayoutBuilder *b, PyObject *o)
{
    PyByteArrayObject *ba = (PyByteArrayObject *)o;
    lb_header(b, true);
    lb_note(lb_ssize(b, "ob_alloc", offsetof(PyByteArrayObject, ob_alloc)),
            FACT_BYTEARRAY_BYTES_OBJECT ? "bytes in ob_bytes: the size of ob_bytes_object"
                                        : "bytes allocated for ob_bytes (over-allocated as it grows)");
    lb_note(lb_cptr(b, "ob_bytes", "char *", offsetof(PyByteArrayObject, ob_bytes)),
            !ba->ob_bytes ? "NULL: nothing allocated yet"
            : FACT_BYTEARRAY_BYTES_OBJECT ? "the buffer: ob_sval of ob_bytes_object"
                                          : "the buffer, allocated separately");
    LayoutEntry *st = lb_cptr(b, "ob_start", "char *", offsetof(PyByteArrayObject, ob_start));
    if (ba->ob_start && ba->ob_bytes)
        lb_note(st, "logical start: %td bytes into the buffer", ba->ob_start - ba->ob_bytes);
    lb_note(lb_int(b, "ob_exports", "Py_ssize_t", offsetof(PyByteArrayObject, ob_exports),
                   sizeof ba->ob_exports),
            "live buffer exports (memoryviews): resizing is refused while > 0");
#if FACT_BYTEARRAY_BYTES_OBJECT
    LayoutEntry *e = lb_pointer(b, "ob_bytes_object", offsetof(PyByteArrayObject, ob_bytes_object));
    lb_note(e, "3.15: the buffer is a bytes object, which bytes(ba) can take without copying");
    bytes_object_buffer(b, ba);
#else
    bytes_buffer(b, ba);
#endif
}
