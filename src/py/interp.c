/* interp.c — being written (temporary: only starts CPython) */
#include <Python.h>
#include "py/interp.h"
int interp_init(void) { Py_Initialize(); return 0; }
