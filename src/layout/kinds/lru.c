/* kinds/lru.c — (describer being written; opaque until then) */
#include "layout/kinds/kinds.h"

void kind_lru_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
PyTypeObject *kind_lru_type(void) { return NULL; }
