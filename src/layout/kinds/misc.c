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

static const char *module_note(const char *field, bool set)
{
    static const struct {
        const char *field, *set, *unset;
    } notes[] = {
        {"md_dict", "the namespace: a separate dict, shared with every function defined here", NULL},
        {"md_def", "the extension's PyModuleDef (static C data)", "NULL: a Python module"},
        {"md_state", "the extension's private state block", "NULL: no module state"},
        {"md_token", "3.15: identifies the extension (its PyModuleDef when md_token_is_def)",
         "NULL: a Python module"},
        {"md_state_size", "3.15: the state block's size, kept here since md_def is gone", NULL},
    };
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
        if (strcmp(notes[i].field, field) == 0)
            return set ? notes[i].set : notes[i].unset;
    return NULL;
}

static void module_row(LayoutBuilder *b, PyObject *o, const InternalField *f)
{
    void *word = NULL;
    if (f->size == sizeof word)
        memcpy(&word, (const char *)o + f->offset, sizeof word);
    LayoutEntry *e;
    if (f->kind == IK_OBJECT)
        e = lb_pointer_typed(b, f->name, f->ctype, f->offset);
    else if (f->kind == IK_CPTR)
        e = lb_cptr(b, f->name, f->ctype, f->offset);
    else if (f->kind == IK_SIGNED)
        e = lb_int(b, f->name, f->ctype, f->offset, f->size);
    else
        e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
    const char *note = module_note(f->name, word != NULL);
    if (note)
        lb_note(e, "%s", note);
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
    for (int i = 0; i < n; i++)
        module_row(b, o, &f[i]);
    size_t size;
    void *state = internals_module_state(o, &size);
    if (!state)
        return;
    /* The extension's exec allocates exactly that many bytes with PyMem_Malloc. */
    LayoutBuffer *buf = lb_buffer_begin(b, "module state (md_state)", state, size, size, false);
    buf->note = xstrdup("layout private to the extension; not counted by __sizeof__");
    module_state_rows(b, size);
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
#if FACT_WEAKREF_VECTORCALL
    lb_cptr(b, "vectorcall", "vectorcallfunc", offsetof(PyWeakReference, vectorcall));
#endif
}
