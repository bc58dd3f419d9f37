/* builder.h — how a describer fills a Layout from a live object without ever reading outside it.
 *
 * A describer declares the object's extent (lb_object_size) and then adds rows; every read
 * goes through the builder, which refuses offsets outside the current block. Buffers the
 * object owns are opened with lb_buffer_begin(), filled the same way, and closed.
 * describe.c does the rest: pre-header rows, padding between rows, allocator sizes and the
 * accounting check. Only src/layout includes this (it includes Python.h). */
#ifndef OBJSCOPE_BUILDER_H
#define OBJSCOPE_BUILDER_H

#include <Python.h>
#include <stdbool.h>

#include "layout/describe.h"
#include "layout/layout.h"

typedef struct {
    Layout *l;
    PyObject *o;                /* borrowed */
    const LayoutOptions *opt;
    size_t obj_size;            /* bytes of the object's own block from offset 0 */
    size_t sizeof_extent;       /* leading bytes of that block counted by __sizeof__ */
    size_t hidden_alloc;        /* bytes allocated after obj_size that no row shows (sentinel) */
    LayoutBuffer *buf;          /* buffer being filled, NULL while filling the object itself */
    const unsigned char *buf_base;
    size_t buf_size;
    bool buf_in_sizeof;
    bool quiet;                 /* measuring only: lb_row adds nothing and returns NULL */
    bool opaque;                /* the base's part came from the opaque describer */
} LayoutBuilder;

/* The object's own block is n bytes from offset 0, of which the first `counted` are counted
 * by __sizeof__ (usually n == counted). Rows past `counted` are marked not in __sizeof__. */
void lb_object_size(LayoutBuilder *b, size_t n, size_t counted);

/* The object header (facts.h: fact_header_fields), plus ob_size when with_size. */
void lb_header(LayoutBuilder *b, bool with_size);
/* The same for another object that is the current buffer (its refcount, none held by us). */
void lb_header_of(LayoutBuilder *b, PyObject *obj, bool with_size);

/* A row of `size` bytes at `off` in the current block; its hex is read live.
 * Returns NULL (and adds nothing) when the range is outside the block, or when the builder is
 * only measuring (quiet): describers treat a NULL row as nothing to annotate. */
LayoutEntry *lb_row(LayoutBuilder *b, const char *name, const char *ctype, size_t off, size_t size,
                    LayoutRole role);

/* Typed rows: read the live value and format it. */
LayoutEntry *lb_ssize(LayoutBuilder *b, const char *name, size_t off);       /* Py_ssize_t */
LayoutEntry *lb_uint(LayoutBuilder *b, const char *name, const char *ctype, size_t off,
                     size_t size);                                           /* 1,2,4,8 bytes */
LayoutEntry *lb_int(LayoutBuilder *b, const char *name, const char *ctype, size_t off,
                    size_t size);                                            /* signed */
LayoutEntry *lb_double(LayoutBuilder *b, const char *name, size_t off);
LayoutEntry *lb_cptr(LayoutBuilder *b, const char *name, const char *ctype, size_t off); /* C pointer */
/* A PyObject * field: target, type and a short safe value; also recorded as a referent. */
LayoutEntry *lb_pointer(LayoutBuilder *b, const char *name, size_t off);
/* Same with an explicit C type ("PyCodeObject *"). */
LayoutEntry *lb_pointer_typed(LayoutBuilder *b, const char *name, const char *ctype, size_t off);

/* An array of `count` PyObject * starting at off: the first `used` are live items named
 * "name[i]", the rest unused (over-allocated) slots. Long runs are elided to head/tail. */
void lb_pointer_array(LayoutBuilder *b, const char *name, size_t off, size_t used, size_t count);
/* One slot of an interpreter frame at off: a PyObject *, or from 3.14 a _PyStackRef whose tag
 * bits are decoded (facts.h: fact_frame_slot); an object it names is recorded as a referent. */
LayoutEntry *lb_frame_slot(LayoutBuilder *b, const char *name, size_t off);
/* `used` frame slots from off, elided like lb_pointer_array. */
void lb_frame_slot_array(LayoutBuilder *b, const char *name, size_t off, size_t used);
/* Inline data of `size` bytes shown as one row (characters, digits, raw bytes). */
LayoutEntry *lb_data(LayoutBuilder *b, const char *name, const char *ctype, size_t off, size_t size);

/* Set a row's value / note (printf-style); the text is sanitised. NULL rows are ignored. */
void lb_value(LayoutEntry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lb_note(LayoutEntry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Open a buffer the object points to (`addr`, `size` bytes requested, `used` of them live).
 * Rows added until lb_buffer_end() go to the buffer. The allocator size is measured. */
LayoutBuffer *lb_buffer_begin(LayoutBuilder *b, const char *name, const void *addr, size_t size,
                              size_t used, bool in_sizeof);
void lb_buffer_end(LayoutBuilder *b);

/* A short, safe description of any object for a pointer row: never runs Python code.
 * Writes into out (always NUL-terminated). */
void lb_short_value(PyObject *o, char *out, size_t n);

/* Type name as CPython prints it ("int", "collections.OrderedDict"); owned string. */
char *lb_type_name(PyTypeObject *t);

/* module.name when module is already imported and name is a type in it (a new reference,
 * which callers keep for the life of the process), else NULL. Never imports (an import runs
 * Python code): no instance of a type can exist before its module is loaded. */
PyTypeObject *lb_loaded_type(const char *module, const char *name);

/* Record a referent that is not a pointer row (found by tp_traverse, a dict entry, ...). */
void lb_ref(LayoutBuilder *b, const char *via, PyObject *target);

#endif
