/* deep.c — being written (temporary: counts only the root) */
#include "layout/deep.h"
DeepResult deep_size(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive)
{
    (void)extra_refs; (void)want_exclusive;
    DeepResult r = {0};
    r.deep_size = (size_t)PyObject_Size(root);
    PyErr_Clear();
    return r;
}
