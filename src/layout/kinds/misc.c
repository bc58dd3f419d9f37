/* kinds/misc.c — (describer being written; opaque until then) */
#include "layout/kinds/kinds.h"

void kind_range_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_slice_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_cell_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_method_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_module_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_weakref_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
