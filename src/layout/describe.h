/* describe.h — turning a live object into a Layout (the layout engine's entry points).
 * Only src/py and src/layout include Python.h; everything downstream sees layout.h. */
#ifndef OBJSCOPE_DESCRIBE_H
#define OBJSCOPE_DESCRIBE_H

#include <Python.h>
#include "layout/layout.h"

typedef struct {
    size_t head_items; /* array elements shown at the start of a long array */
    size_t tail_items; /* and at its end; the middle becomes one elided row */
    int refs_held;     /* references to the object the caller holds (handle, `_` binding) */
    bool deep;         /* also walk the graph for deep and exclusive size */
} LayoutOptions;

/* Defaults: 8 head items, 2 tail items, refs_held 1, deep on. */
LayoutOptions layout_default_options(void);

/* Describe o (borrowed). Never returns NULL; never runs the object's own Python code except
 * __sizeof__, and never reads a byte outside the object's blocks. Leaves no exception set. */
Layout *layout_describe(PyObject *o, const LayoutOptions *opt);

/* Compute deep and exclusive sizes into l (walks the graph from o). */
void layout_fill_deep(Layout *l, PyObject *o);

/* The object at `address` if o really refers to it (a field, an item, ob_type, a referent
 * found by tp_traverse). New reference, or NULL (no exception set) when o has no such ref. */
PyObject *layout_follow(PyObject *o, uintptr_t address);

#endif
