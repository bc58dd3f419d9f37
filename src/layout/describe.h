/* describe.h — layout-engine internals shared by describe.c and the kinds (includes Python.h).
 * The public entry points (layout_describe, layout_follow) are declared in layout.h. */
#ifndef OBJSCOPE_DESCRIBE_H
#define OBJSCOPE_DESCRIBE_H

#include <Python.h>

#include "layout/layout.h"

#include "layout/blocks.h"

/* Compute deep and exclusive sizes into l by walking the graph from o. */
void layout_fill_deep(Layout *l, PyObject *o);

/* The heap blocks o owns, as its describer declares them (what the diagram's footprint
 * counts), without building rows or notes: the deep walk's measure for kinds blocks.c does not
 * sum itself. Runs no Python code. */
void layout_measure(PyObject *o, BlockSum *out);

/* Each heap block o owns, named as the diagram names it ("its own block", "ob_item array",
 * "dict keys table", ...), with what was asked and what the allocator gave. */
typedef void (*LayoutBlockVisit)(const char *name, size_t size, size_t footprint, void *arg);
void layout_owned_blocks(PyObject *o, LayoutBlockVisit visit, void *arg);

/* A class made by a class statement (its instances are laid out by typeobject.c's
 * subtype_* functions), as opposed to a type written in C. */
bool layout_is_python_class(PyTypeObject *t);
/* The type whose C layout an instance of t starts with, below every class-statement layer. */
PyTypeObject *layout_solid_base(PyTypeObject *t);

#endif
