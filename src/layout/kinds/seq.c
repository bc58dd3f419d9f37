/* kinds/seq.c — tuple (items inline after the header) and list (a pointer to a separately
 * allocated item array, over-allocated as it grows: `allocated` is read, never predicted). */
#include "layout/kinds/kinds.h"

#include "layout/facts.h"

void kind_tuple_describe(LayoutBuilder *b, PyObject *o)
{
    size_t n = (size_t)PyTuple_GET_SIZE(o);
    size_t items = offsetof(PyTupleObject, ob_item);
    lb_object_size(b, items + n * sizeof(PyObject *), items + n * sizeof(PyObject *));
    lb_header(b, true);
#if FACT_TUPLE_HASH
    LayoutEntry *h = lb_int(b, "ob_hash", "Py_hash_t", offsetof(PyTupleObject, ob_hash),
                            sizeof(Py_hash_t));
    lb_note(h, "3.14: the cached hash%s", ((PyTupleObject *)o)->ob_hash == -1
                                              ? "; -1: not computed yet" : "");
#endif
    lb_pointer_array(b, "ob_item", items, n, n);
    if (n == 0 && b->l->is_static)
        layout_add_note(b->l, "() is a singleton: every empty tuple is this one static object");
}

void kind_list_describe(LayoutBuilder *b, PyObject *o)
{
    PyListObject *lo = (PyListObject *)o;
    size_t used = (size_t)Py_SIZE(o), allocated = (size_t)lo->allocated;
    lb_header(b, true);
    LayoutEntry *items = lb_cptr(b, "ob_item", "PyObject **", offsetof(PyListObject, ob_item));
    lb_note(items, "the item array, allocated separately");
    LayoutEntry *alloc = lb_ssize(b, "allocated", offsetof(PyListObject, allocated));
    if (allocated > used)
        lb_note(alloc, "%zu slot%s over-allocated for cheap appends", allocated - used,
                allocated - used == 1 ? "" : "s");
    if (!lo->ob_item || allocated == 0 || allocated < used)
        return;
    lb_buffer_begin(b, "ob_item array", lo->ob_item, allocated * sizeof(PyObject *),
                    used * sizeof(PyObject *), true);
    lb_pointer_array(b, "ob_item", 0, used, allocated);
    lb_buffer_end(b);
}
