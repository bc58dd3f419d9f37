/* deep.h — deep and exclusive size of an object graph, walked in C.
 *
 * Deep size: the sum of sys.getsizeof over every distinct object reachable from the root by
 * following references the way gc.get_referents does (tp_traverse), each counted once.
 * Type objects, modules and module namespaces (a module's __dict__) are shared machinery:
 * they are counted and entered only when they are the root.
 * Exclusive size: the part of the deep size that would be freed if the root went away —
 * objects whose every reference comes from inside the walked set (decided from refcounts),
 * and not kept alive by an object that is not exclusive.
 *
 * The walk is iterative and incremental: deep_walk_step() does a bounded amount of work so
 * a UI can show progress and cancel. Between steps no Python code may run. */
#ifndef OBJSCOPE_DEEP_H
#define OBJSCOPE_DEEP_H

#include <Python.h>
#include <stdbool.h>

typedef struct DeepWalk DeepWalk;

typedef struct {
    size_t deep_size, deep_count;
    size_t exclusive_size, exclusive_count;
    bool exclusive_done;
    bool size_error;   /* some object's __sizeof__ failed: counted as 0 */
    /* Exclusive walks: references to the root from outside the graph beyond extra_refs
     * (e.g. other variables naming it); 0 when none or the root is immortal. The root
     * counts as exclusive either way: it is what goes away. */
    Py_ssize_t root_outside_refs;
} DeepResult;

/* Start a walk from root (borrowed; must stay alive until deep_walk_free).
 * extra_refs: references to root held by the caller that are not part of the graph
 * (objscope's handle, the `_` binding), so exclusive size is not fooled by them. */
DeepWalk *deep_walk_new(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive);
/* Do up to `budget` objects of work. Returns true when the walk is complete. */
bool deep_walk_step(DeepWalk *w, size_t budget);
/* Objects visited so far (for a progress display). */
size_t deep_walk_progress(const DeepWalk *w);
/* Result so far (final once deep_walk_step returned true). */
DeepResult deep_walk_result(const DeepWalk *w);
void deep_walk_free(DeepWalk *w);

/* Run a whole walk at once. */
DeepResult deep_size(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive);

/* sys.getsizeof(o) computed in C where the type is known, else by calling __sizeof__.
 * Returns -1 (no exception set) when the size cannot be had. */
Py_ssize_t deep_getsizeof(PyObject *o);

#endif
