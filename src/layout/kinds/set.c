/* kinds/set.c — (describer being written; opaque until then) */
#include "layout/kinds/kinds.h"

void kind_set_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
