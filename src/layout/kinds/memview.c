/* kinds/memview.c — memoryview (PyMemoryViewObject) and the managed buffer behind it
 * (_PyManagedBufferObject), both in Include/cpython/memoryobject.h (offsets from offsetof).
 * A memoryview copies no data: its Py_buffer (view) points into the exporter's memory and
 * holds the exporter (view.obj); its shape, strides and suboffsets live inline (ob_array,
 * 3 * ndim values). The managed buffer is a separate object that every memoryview sliced from
 * the same exporter shares: it holds the exporter's buffer once (master). */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>

static const KindNote buffer_notes[] = {
    {"mbuf", "the managed buffer: the one export of the object, shared by slices"},
    {"hash", "-1 until hashed (only read-only views can be)"},
    {"flags", "released, C or Fortran contiguous, scalar, ... (_Py_MEMORYVIEW_*)"},
    {"exports", "buffers exported from this view (they keep it from being released)"},
    {"weakreflist", NULL},
    {".buf", "where the data starts: inside the exporter's memory, not copied"},
    {".obj", "the exporter (bytes, bytearray, array, ...), kept alive"},
    {".len", "bytes of data"},
    {".itemsize", NULL},
    {".readonly", NULL},
    {".ndim", "dimensions"},
    {".format", "the struct-module format of an item, as a C string"},
    {".shape", "items per dimension (here: the inline ob_array)"},
    {".strides", "bytes to step per dimension"},
    {".suboffsets", NULL},
    {".internal", "the exporter's own use"},
};

static const char *buffer_note(const char *name)
{
    const char *dot = strchr(name, '.');
    for (size_t i = 0; i < sizeof buffer_notes / sizeof buffer_notes[0]; i++)
        if (strcmp(buffer_notes[i].name, dot && buffer_notes[i].name[0] == '.' ? dot : name) == 0)
            return buffer_notes[i].note;
    return NULL;
}

/* The fields of a Py_buffer embedded at `base`, named prefix.field. */
static void py_buffer_rows(LayoutBuilder *b, const char *prefix, size_t base)
{
    static const KindField fields[] = {
        KIND_FIELD(Py_buffer, buf, "void *", NULL),
        KIND_FIELD(Py_buffer, obj, "PyObject *", NULL),
        KIND_FIELD(Py_buffer, len, "Py_ssize_t", NULL),
        KIND_FIELD(Py_buffer, itemsize, "Py_ssize_t", NULL),
        KIND_FIELD(Py_buffer, readonly, "int", NULL),
        KIND_FIELD(Py_buffer, ndim, "int", NULL),
        KIND_FIELD(Py_buffer, format, "char *", NULL),
        KIND_FIELD(Py_buffer, shape, "Py_ssize_t *", NULL),
        KIND_FIELD(Py_buffer, strides, "Py_ssize_t *", NULL),
        KIND_FIELD(Py_buffer, suboffsets, "Py_ssize_t *", NULL),
        KIND_FIELD(Py_buffer, internal, "void *", NULL),
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char name[48];
        snprintf(name, sizeof name, "%s.%s", prefix, fields[i].name);
        KindField f = fields[i];
        f.name = name;
        f.offset += base;
        LayoutEntry *e = kind_field(b, &f);
        const char *note = buffer_note(name);
        if (note)
            lb_note(e, "%s", note);
    }
}

static void header_fields(LayoutBuilder *b, const KindField *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        LayoutEntry *e = kind_field(b, &f[i]);
        const char *note = buffer_note(f[i].name);
        if (note)
            lb_note(e, "%s", note);
    }
}

void kind_memoryview_describe(LayoutBuilder *b, PyObject *o)
{
    static const KindField fields[] = {
        KIND_FIELD(PyMemoryViewObject, mbuf, "_PyManagedBufferObject *", NULL),
        KIND_FIELD(PyMemoryViewObject, hash, "Py_hash_t", NULL),
        KIND_FIELD(PyMemoryViewObject, flags, "int", NULL),
        KIND_FIELD(PyMemoryViewObject, exports, "Py_ssize_t", NULL),
    };
    size_t base = offsetof(PyMemoryViewObject, ob_array), n = (size_t)Py_SIZE(o);
    int ndim = ((PyMemoryViewObject *)o)->view.ndim;
    if ((size_t)PyMemoryView_Type.tp_basicsize != base || ndim < 0 || n != 3 * (size_t)ndim) {
        kind_opaque_describe(b, o);
        return;
    }
    lb_object_size(b, base + n * sizeof(Py_ssize_t), base + n * sizeof(Py_ssize_t));
    lb_header(b, true);
    lb_note(kind_last_row(b), "3 x ndim: the values in ob_array");
    header_fields(b, fields, sizeof fields / sizeof fields[0]);
    py_buffer_rows(b, "view", offsetof(PyMemoryViewObject, view));
    lb_pointer(b, "weakreflist", offsetof(PyMemoryViewObject, weakreflist));
    static const char *const parts[] = {"shape", "strides", "suboffsets"};
    bool suboffsets = ((PyMemoryViewObject *)o)->view.suboffsets != NULL;
    for (size_t i = 0; i < n; i++) {
        char name[40];
        snprintf(name, sizeof name, "%s[%zu]", parts[i / (size_t)ndim], i % (size_t)ndim);
        if (i < 2 * (size_t)ndim || suboffsets)
            lb_ssize(b, name, base + i * sizeof(Py_ssize_t));
        else
            lb_note(lb_row(b, name, "Py_ssize_t", base + i * sizeof(Py_ssize_t),
                           sizeof(Py_ssize_t), ROLE_UNUSED), "not in use: view.suboffsets is NULL");
    }
    layout_add_note(b->l, "a memoryview copies nothing: view.buf points into the exporter, "
                    "which stays alive (view.obj) and cannot resize while viewed");
}

void kind_managedbuffer_describe(LayoutBuilder *b, PyObject *o)
{
    static const KindField fields[] = {
        KIND_FIELD(_PyManagedBufferObject, flags, "int", NULL),
        KIND_FIELD(_PyManagedBufferObject, exports, "Py_ssize_t", NULL),
    };
    (void)o;
    lb_header(b, false);
    header_fields(b, fields, sizeof fields / sizeof fields[0]);
    py_buffer_rows(b, "master", offsetof(_PyManagedBufferObject, master));
    layout_add_note(b->l, "the exporter's buffer, obtained once and shared by every memoryview "
                    "made from it (exports counts them)");
}
