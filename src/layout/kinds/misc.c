/* kinds/misc.c — the small fixed-size objects: range, slice, cell, bound method, module and
 * weakref. Each is a header plus a few pointers; the interesting part is what the pointers
 * mean (a weakref's target is borrowed, a module's dict and state live elsewhere). */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "util/xalloc.h"

/* ---- range and slice ----------------------------------------------------------------------- */

void kind_range_describe(LayoutBuilder *b, PyObject *o)
{
    if (PyRange_Type.tp_basicsize != FACT_RANGE_SIZE) { /* facts.h does not match this build */
        kind_opaque_describe(b, o);
        return;
    }
    lb_header(b, false);
    lb_pointer(b, "start", FACT_RANGE_START);
    lb_pointer(b, "stop", FACT_RANGE_STOP);
    lb_pointer(b, "step", FACT_RANGE_STEP);
    LayoutEntry *len = lb_pointer(b, "length", FACT_RANGE_LENGTH);
    lb_note(len, "computed once when the range is made");
    layout_add_note(b->l, "a range stores four ints, never its items; it is not tracked by the "
                          "GC because ints cannot form cycles");
}

void kind_slice_describe(LayoutBuilder *b, PyObject *o)
{
    (void)o;
    lb_header(b, false);
    lb_pointer(b, "start", offsetof(PySliceObject, start));
    lb_pointer(b, "stop", offsetof(PySliceObject, stop));
    lb_pointer(b, "step", offsetof(PySliceObject, step));
}

/* ---- cell and bound method ----------------------------------------------------------------- */

void kind_cell_describe(LayoutBuilder *b, PyObject *o)
{
    lb_header(b, false);
    LayoutEntry *e = lb_pointer(b, "ob_ref", offsetof(PyCellObject, ob_ref));
    if (PyCell_GET(o))
        lb_note(e, "the variable's current value, shared by the closures that use it");
    else
        lb_note(e, "empty: the variable is not assigned yet (or was deleted)");
}

void kind_method_describe(LayoutBuilder *b, PyObject *o)
{
    (void)o;
    lb_header(b, false);
    lb_pointer(b, "im_func", offsetof(PyMethodObject, im_func));
    LayoutEntry *self = lb_pointer(b, "im_self", offsetof(PyMethodObject, im_self));
    lb_note(self, "bound: passed as the first argument");
    lb_pointer(b, "im_weakreflist", offsetof(PyMethodObject, im_weakreflist));
    LayoutEntry *vc = lb_cptr(b, "vectorcall", "vectorcallfunc", offsetof(PyMethodObject, vectorcall));
    lb_note(vc, "C function that calls im_func with im_self prepended");
}

/* ---- module -------------------------------------------------------------------------------- */

/* Rows of the extension module's private state block (layout known only to the extension). */
static void module_state_rows(LayoutBuilder *b, size_t size)
{
    size_t shown = size < 16 * 8 ? size : 15 * 8;
    for (size_t off = 0; off < shown; off += 8) {
        char name[32];
        snprintf(name, sizeof name, "state+%zu", off);
        lb_row(b, name, "", off, size - off < 8 ? size - off : 8, ROLE_OPAQUE);
    }
    if (shown < size) {
        LayoutEntry *e = lb_row(b, "state (rest)", "", shown, size - shown, ROLE_OPAQUE);
        lb_note(e, "%zu more bytes", size - shown);
    }
}

/* md_def and md_state are C pointers: shown as addresses, remembered for the state block. */
static void module_cptr(LayoutBuilder *b, PyObject *o, const InternalField *f, void **out)
{
    LayoutEntry *e = lb_cptr(b, f->name, f->ctype, f->offset);
    memcpy(out, (const char *)o + f->offset, sizeof *out);
    if (strcmp(f->name, "md_def") == 0)
        lb_note(e, *out ? "the extension's PyModuleDef (static C data)" : "NULL: a Python module");
    else
        lb_note(e, *out ? "the extension's private state block" : "NULL: no module state");
}

void kind_module_describe(LayoutBuilder *b, PyObject *o)
{
    InternalField f[INTERNAL_MAX_FIELDS];
    int n = internals_module_fields(f);
    if ((size_t)PyModule_Type.tp_basicsize != internals_module_size()) {
        kind_opaque_describe(b, o);
        return;
    }
    lb_header(b, false);
    void *def = NULL, *state = NULL;
    for (int i = 0; i < n; i++) {
        if (strcmp(f[i].name, "md_def") == 0 || strcmp(f[i].name, "md_state") == 0) {
            module_cptr(b, o, &f[i], strcmp(f[i].name, "md_def") == 0 ? &def : &state);
            continue;
        }
        LayoutEntry *e = lb_pointer_typed(b, f[i].name, f[i].ctype, f[i].offset);
        if (strcmp(f[i].name, "md_dict") == 0)
            lb_note(e, "the namespace: a separate dict, shared with every function defined here");
    }
    Py_ssize_t m_size = def ? ((PyModuleDef *)def)->m_size : 0;
    if (m_size <= 0 || !state)
        return;
    /* PyModule_ExecDef allocates exactly m_size bytes with PyMem_Malloc. */
    LayoutBuffer *buf = lb_buffer_begin(b, "module state (md_state)", state, (size_t)m_size,
                                        (size_t)m_size, false);
    buf->note = xstrdup("layout private to the extension; not counted by __sizeof__");
    module_state_rows(b, (size_t)m_size);
    lb_buffer_end(b);
}

/* ---- weakref ------------------------------------------------------------------------------- */

void kind_weakref_describe(LayoutBuilder *b, PyObject *o)
{
    PyWeakReference *wr = (PyWeakReference *)o;
    lb_header(b, false);
    LayoutEntry *obj = lb_pointer(b, "wr_object", offsetof(PyWeakReference, wr_object));
    if (wr->wr_object == Py_None)
        lb_note(obj, "dead: the referent was freed, so the pointer was reset to None");
    else
        lb_note(obj, "borrowed: a weak reference does not keep its referent alive");
    LayoutEntry *cb = lb_pointer(b, "wr_callback", offsetof(PyWeakReference, wr_callback));
    if (wr->wr_callback)
        lb_note(cb, "called with this weakref when the referent dies");
    LayoutEntry *h = lb_int(b, "hash", "Py_hash_t", offsetof(PyWeakReference, hash),
                            sizeof(Py_hash_t));
    if (wr->hash == -1)
        lb_note(h, "-1: not computed yet (cached by the first hash())");
    LayoutEntry *p = lb_pointer_typed(b, "wr_prev", "PyWeakReference *",
                                      offsetof(PyWeakReference, wr_prev));
    lb_note(p, "the referent's list of weakrefs (borrowed links)");
    lb_pointer_typed(b, "wr_next", "PyWeakReference *", offsetof(PyWeakReference, wr_next));
#if PY_VERSION_HEX >= 0x030B0000
    lb_cptr(b, "vectorcall", "vectorcallfunc", offsetof(PyWeakReference, vectorcall));
#endif
}
