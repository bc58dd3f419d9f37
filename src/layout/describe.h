/* describe.h — layout-engine internals shared by describe.c and the kinds (includes Python.h).
 * The public entry points (layout_describe, layout_follow) are declared in layout.h. */
#ifndef OBJSCOPE_DESCRIBE_H
#define OBJSCOPE_DESCRIBE_H

#include <Python.h>

#include "layout/layout.h"

/* Compute deep and exclusive sizes into l by walking the graph from o. */
void layout_fill_deep(Layout *l, PyObject *o);

#endif
