/* kinds/instance.c — (describer being written; opaque until then) */
#include "layout/kinds/kinds.h"

void kind_object_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_subclass_extras(LayoutBuilder *b, PyObject *o, PyTypeObject *base) { (void)b; (void)o; (void)base; }
