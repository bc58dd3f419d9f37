/* kinds/bytes.c — (describer being written; opaque until then) */
#include "layout/kinds/kinds.h"

void kind_bytes_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
void kind_bytearray_describe(LayoutBuilder *b, PyObject *o) { kind_opaque_describe(b, o); }
