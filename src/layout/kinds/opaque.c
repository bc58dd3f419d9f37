/* kinds/opaque.c — any type objscope has no describer for: the header, then its bytes by
 * offset, marked opaque. The variable part (tp_itemsize) is shown only when the allocator's
 * own block size confirms it, so an unknown type can never make objscope read past its end. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <stdlib.h>

#include "layout/memory.h"

/* What CPython allocates for a variable-size object: _PyObject_VAR_SIZE (Include/cpython/
 * objimpl.h) rounds basicsize + n * itemsize up to a pointer's size. */
static size_t var_object_size(size_t basic, size_t items)
{
    return (basic + items + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
}

/* Bytes of the object's variable part, if the allocator confirms the block is that large. */
static size_t verified_var_size(LayoutBuilder *b, PyObject *o, size_t basic)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t->tp_itemsize <= 0 || b->l->is_static)
        return 0;
    Py_ssize_t n = Py_SIZE(o);
    /* tp_itemsize does not promise an ob_size field (3.11+ frames and generators keep a pointer
     * at +16): a count no allocation could hold is not a count. */
    if (n > (Py_ssize_t)1 << 32 || n < -((Py_ssize_t)1 << 32))
        return 0;
    size_t items = (size_t)(n < 0 ? -n : n) * (size_t)t->tp_itemsize;
    size_t request = b->l->preheader_size + var_object_size(basic, items);
    if (n == 0 || items / (size_t)t->tp_itemsize != (size_t)(n < 0 ? -n : n))
        return 0;
    size_t got = memory_allocator_size((const char *)o - b->l->preheader_size, request);
    return got >= request ? items : 0;
}

static void opaque_rows(LayoutBuilder *b, size_t from, size_t to, const char *what)
{
    for (size_t off = from; off < to;) {
        size_t n = to - off < 8 ? to - off : 8;
        char name[48];
        snprintf(name, sizeof name, "%s+%zu", what, off);
        lb_row(b, name, "", off, n, ROLE_OPAQUE);
        off += n;
    }
}

void kind_opaque_describe(LayoutBuilder *b, PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    size_t basic = (size_t)t->tp_basicsize;
    bool var = t->tp_itemsize > 0;
    size_t items = verified_var_size(b, o, basic);
    size_t whole = items ? var_object_size(basic, items) : basic;
    lb_object_size(b, whole, whole);
    size_t head = var ? sizeof(PyVarObject) : sizeof(PyObject);
    if (basic < head)
        head = sizeof(PyObject);
    /* ob_size is shown only when the allocator confirmed the variable part it describes */
    bool sized = var && head == sizeof(PyVarObject) && (items || Py_SIZE(o) == 0);
    if (var && !sized)
        head = sizeof(PyObject);
    lb_header(b, sized);
    opaque_rows(b, head, basic, "bytes");
    if (items) {
        LayoutEntry *e = lb_row(b, "items", "", basic, items, ROLE_OPAQUE);
        lb_note(e, "%zd items of %zd bytes", Py_SIZE(o), t->tp_itemsize);
        if (whole > basic + items)
            lb_note(lb_row(b, "(padding)", "", basic + items, whole - basic - items, ROLE_PADDING),
                    "rounds the object up to a multiple of 8, as CPython allocates it");
    } else if (var && Py_SIZE(o) != 0) {
        layout_add_note(b->l, "the variable part (tp_itemsize %zd) could not be confirmed "
                        "by the allocator and is not shown", t->tp_itemsize);
    }
    layout_add_note(b->l, "objscope has no describer for %s: its payload is shown as opaque bytes",
                    t->tp_name);
}
