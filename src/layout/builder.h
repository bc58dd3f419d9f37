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

/* ---- arrays: head rows, one elided row, tail rows --------------------------------------------
 * Every array a describer draws goes through lb_array: it shows the first opt->head_items and
 * last opt->tail_items items one by one, the items around opt->focus_index when
 * opt->focus_array is NULL or names this array (a viewer opened an elided row), and one
 * elided row "name[a..b]" for each run between them. A run shorter than LB_ELIDE_MIN items is
 * shown item by item instead: an elided row must save rows. The cost is that of the rows
 * shown, whatever the array's length. */
#define LB_ELIDE_MIN 3

typedef struct LbArray LbArray;
struct LbArray {
    const char *name;     /* rows "name[i]", elided rows "name[a..b]"; focus_array matches it */
    const char *ctype;    /* C type of one item, shown on an elided row */
    size_t off;           /* offset of item 0 in the current block */
    size_t item_size;     /* bytes per item */
    size_t count;         /* items */
    LayoutRole run_role;  /* role of an elided row (ROLE_POINTER, ROLE_DATA, ...) */
    const char *run_note; /* its note; NULL: "items not shown" */
    /* Rows for item i (at off + i * item_size). It may also cover the items after it, up to
     * `end` (a run of empty slots as one row); returns how many items it covered (0 means 1). */
    size_t (*item)(LayoutBuilder *b, const LbArray *a, size_t i, size_t end);
    /* Optional: complete the elided row of items [first, first + n): its note, its role, the
     * referents it hides. Called only when the row was added. */
    void (*run)(LayoutBuilder *b, const LbArray *a, size_t first, size_t n, LayoutEntry *e);
    void *ctx;            /* the describer's own data for the callbacks */
};
void lb_array(LayoutBuilder *b, const LbArray *a);
/* One row for items [first, first + n) of a's array that hold nothing to open (over-allocated
 * or spare slots): labelled like an elided row, but not focusable. NULL when n is 0. */
LayoutEntry *lb_array_rest(LayoutBuilder *b, const LbArray *a, size_t first, size_t n,
                           LayoutRole role, const char *note);

/* An array of `count` PyObject * starting at off: the first `used` are live items named
 * "name[i]" (lb_array), the rest unused (over-allocated) slots. */
void lb_pointer_array(LayoutBuilder *b, const char *name, size_t off, size_t used, size_t count);
/* One slot of an interpreter frame at off: a PyObject *, or from 3.14 a _PyStackRef whose tag
 * bits are decoded (facts.h: fact_frame_slot); an object it names is recorded as a referent. */
LayoutEntry *lb_frame_slot(LayoutBuilder *b, const char *name, size_t off);
/* `used` frame slots from off, through lb_array. */
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
