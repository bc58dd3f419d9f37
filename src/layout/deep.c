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
/* temporary until the deep walk lands */
struct DeepWalk { PyObject *root; };
DeepWalk *deep_walk_new(PyObject *root, Py_ssize_t e, bool x) { (void)e; (void)x; DeepWalk *w = malloc(sizeof *w); w->root = root; return w; }
bool deep_walk_step(DeepWalk *w, size_t b) { (void)w; (void)b; return true; }
size_t deep_walk_progress(const DeepWalk *w) { (void)w; return 0; }
DeepResult deep_walk_result(const DeepWalk *w) { return deep_size(w->root, 0, true); }
void deep_walk_free(DeepWalk *w) { free(w); }
