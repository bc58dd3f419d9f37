/* deep.h — what an object holds in total, walked in C (the rules are graph.h's):
 *  - deep: every heap block reachable from the root through references objects really hold
 *    (tp_traverse and the references graph.c lists), shared machinery reached but not counted;
 *  - exclusive: the part of the deep set that `del root` would free, as reference counting and
 *    the cyclic GC would do it: an object is kept alive when something outside the set holds it
 *    (its refcount is above the references from inside the set), or when it can be reached from
 *    one that is; cycles held only from inside are freed;
 *  - getsizeof: the sum of sys.getsizeof over the gc.get_referents graph, the figure of objsize
 *    and similar tools (types, modules and module namespaces left out unless the root).
 *
 * One walk computes all three. It is iterative (any depth) and incremental: deep_walk_step()
 * does a bounded amount of work, so a viewer can show progress and stop it. The walk takes no
 * references and runs no Python code; the caller holds the GIL from deep_walk_new() to
 * deep_walk_free() and runs no Python code (and lets no other thread run) in between. */
#ifndef OBJSCOPE_DEEP_H
#define OBJSCOPE_DEEP_H

#include <Python.h>
#include <stdbool.h>

typedef struct DeepWalk DeepWalk;

typedef struct {
    size_t size;      /* bytes requested, over every block */
    size_t footprint; /* bytes the allocator handed out */
    size_t blocks;    /* heap blocks */
    size_t objects;   /* objects they belong to */
} DeepTally;

typedef struct {
    DeepTally deep;
    DeepTally exclusive;       /* valid when exclusive_done */
    bool exclusive_done;
    size_t getsizeof_size;     /* sum of sys.getsizeof over the gc.get_referents graph */
    size_t getsizeof_count;    /* objects in it */
    bool size_error;           /* some C __sizeof__ failed: counted as 0 in getsizeof_size */
    size_t overrides;          /* objects in the deep set whose class defines __sizeof__ in
                                  Python; their C figure is used (graph_getsizeof) */
    /* References to the root from outside the set beyond extra_refs (other names for it); 0
     * when none or the root is immortal. The root counts as freed either way: it is what goes. */
    Py_ssize_t root_outside_refs;
    size_t memory_peak;        /* most bytes the walk itself held at once */
} DeepResult;

/* Start a walk from root (borrowed; the caller keeps it alive). extra_refs: references to root
 * held by the caller (objscope's handle, the `_` binding), which are not "outside" holders. */
DeepWalk *deep_walk_new(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive);
/* Do about `budget` objects of work. Returns true when the walk is complete. */
bool deep_walk_step(DeepWalk *w, size_t budget);
/* Objects visited so far (for a progress display). */
size_t deep_walk_progress(const DeepWalk *w);
/* The result so far (final once deep_walk_step returned true). */
DeepResult deep_walk_result(const DeepWalk *w);
/* The objects of the deep set whose class overrides __sizeof__ in Python (borrowed, valid until
 * deep_walk_free and only while no Python code ran), for a caller that asks what they claim. */
PyObject *const *deep_walk_overrides(const DeepWalk *w, size_t *n);
void deep_walk_free(DeepWalk *w);

/* A whole walk at once. */
DeepResult deep_size(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive);

/* sys.getsizeof(o) computed in C (never calling a Python __sizeof__); -1 when it cannot be had. */
Py_ssize_t deep_getsizeof(PyObject *o);

#endif
