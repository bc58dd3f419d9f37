/* deep.c — the deep, exclusive and getsizeof-sum figures of deep.h, in one walk.
 *
 * The walk follows two graphs at once from the root. The getsizeof graph (bit G) is the one
 * gc.get_referents gives: tp_traverse only, sys.getsizeof of every object met. The deep graph
 * (bit D) follows every reference an object holds (graph_held_refs) and never enters shared
 * objects. Almost every object is in both, so it is expanded once with both bits; one reached
 * only one way is expanded for that one. "Seen" is a bitmap per graph (addrset.h), so memory
 * stays a few bytes per object.
 *
 * Exclusive size without a second traversal: an object whose refcount is 1 has exactly one
 * reference, the one the walk came in by, so nothing outside holds it. Only objects with a
 * higher count are remembered, with the number of references the walk saw reach them from inside
 * the set (`inner`). After the walk, those with more references than that are held from outside
 * (pinned); everything reachable from a pinned object, except through the root, is kept alive.
 * What is left is what `del root` frees. */
#include "layout/deep.h"

#include <stdlib.h>
#include <string.h>

#include "layout/addrset.h"
#include "layout/blocks.h"
#include "layout/describe.h"
#include "layout/graph.h"
#include "util/xalloc.h"

/* Items of an exact list or tuple visited between two budget checks. */
#define DEEP_SEQ_CHUNK 4096

enum { WB_G = 1, WB_D = 2 };

typedef struct {
    PyObject *o;       /* borrowed: the walk holds no references (deep.h) */
    Py_ssize_t next;   /* exact list/tuple: first item not visited yet */
    unsigned bits;     /* the graphs it is expanded for */
} DeepFrame;

typedef enum { PH_WALK, PH_PIN, PH_KEEP, PH_DONE } DeepPhase;

struct DeepWalk {
    GraphRules g;
    PyObject *root;
    Py_ssize_t extra_refs;
    bool want_exclusive;
    DeepPhase phase;
    DeepResult res;
    size_t work;             /* units of work done in the current step */
    unsigned cur;            /* graphs the object being expanded belongs to */
    bool nested;             /* expanding an object in place, inside its referrer's traverse */
    AddrMarks seen;          /* WB_G: counted in the getsizeof graph; WB_D: in the deep set */
    AddrMap inner;           /* deep-set objects with a refcount above 1 -> references from
                                inside the set */
    DeepFrame *stack;
    size_t sp, stack_cap;
    /* the exclusive pass */
    size_t pin_cursor;       /* slot of `inner` looked at next */
    AddrSet kept;            /* deep-set objects kept alive from outside */
    PyObject **todo;         /* kept objects whose references are still to follow */
    size_t ntodo, todo_cap;
    DeepTally kept_tally;
    PyObject **overrides;    /* objects whose class has a Python __sizeof__ (borrowed) */
    size_t noverrides, overrides_cap;
};

/* ---- bookkeeping ----------------------------------------------------------------------------- */

static size_t walk_bytes(const DeepWalk *w)
{
    return addrmarks_bytes(&w->seen) + addrset_bytes(&w->kept) +
           w->inner.cap * sizeof(AddrMapSlot) + w->stack_cap * sizeof(DeepFrame) +
           w->todo_cap * sizeof(PyObject *) + graph_rules_bytes(&w->g);
}

static void note_memory(DeepWalk *w)
{
    size_t now = walk_bytes(w);
    if (now > w->res.memory_peak)
        w->res.memory_peak = now;
}

static void __attribute__((noinline)) stack_grow(DeepWalk *w)
{
    w->stack = xgrow(w->stack, &w->stack_cap, w->sp + 1, sizeof *w->stack);
}

static inline void push(DeepWalk *w, PyObject *o, unsigned bits)
{
    if (w->sp == w->stack_cap)
        stack_grow(w);
    w->stack[w->sp++] = (DeepFrame){o, 0, bits};
}

static void tally_add(DeepTally *t, const BlockSum *s)
{
    t->size += s->size;
    t->footprint += s->footprint;
    t->blocks += s->blocks;
    t->objects++;
}

static void __attribute__((noinline)) record_override(DeepWalk *w, PyObject *o)
{
    w->overrides = xgrow(w->overrides, &w->overrides_cap, w->noverrides + 1, sizeof *w->overrides);
    w->overrides[w->noverrides++] = o;
    w->res.overrides++;
}

/* ---- counting -------------------------------------------------------------------------------- */

static inline void count_getsizeof(DeepWalk *w, const GraphType *t, PyObject *o)
{
    Py_ssize_t n = graph_getsizeof(t, o);
    if (n < 0) {
        n = 0;
        w->res.size_error = true;
    }
    w->res.getsizeof_size += (size_t)n;
    w->res.getsizeof_count++;
}

static inline void count_deep(DeepWalk *w, const GraphType *t, PyObject *o)
{
    BlockSum s = {0};
    graph_blocks(&w->g, t, o, &s);
    tally_add(&w->res.deep, &s);
    if (t->flags & GT_OVERRIDE)
        record_override(w, o);
    w->work++;
}

static void __attribute__((noinline)) inner_add(DeepWalk *w, PyObject *o)
{
    size_t n = 0;
    addrset_map_get(&w->inner, o, &n);
    addrset_map_put(&w->inner, o, n + 1);
}

static inline bool is_shared(DeepWalk *w, const GraphType *t, PyObject *o, bool skipped)
{
    return skipped || graph_is_immortal(o) || graph_static_instance(&w->g, t, o);
}

static void expand(DeepWalk *w, PyObject *o, const GraphType *t, unsigned bits);

/* A fresh object is expanded where it is met, inside its referrer's traverse, instead of
 * being pushed: most graphs are containers of small containers (a dict of one-item lists, a
 * list of instances), and a frame for each was most of a cold walk's fresh memory (4.8 MB of
 * stack for a dict of 200,000 lists). Nothing but C runs in a traverse, so nesting one is
 * safe; one level only keeps the C stack flat. Big exact lists and tuples still go on the
 * stack, where walk_seq cuts them into chunks between budget checks. */
static void expand_or_push(DeepWalk *w, PyObject *o, const GraphType *t, unsigned bits)
{
    bool big_seq = (PyList_CheckExact(o) || PyTuple_CheckExact(o)) && Py_SIZE(o) > DEEP_SEQ_CHUNK;
    if (w->nested || big_seq) {
        push(w, o, bits);
        return;
    }
    unsigned cur = w->cur;
    w->nested = true;
    expand(w, o, t, bits);
    w->nested = false;
    w->cur = cur;
}

/* A reference from an object being expanded for the graphs in `bits` to o. */
static inline void take(DeepWalk *w, PyObject *o, unsigned bits)
{
    const GraphType *t = graph_type(&w->g, Py_TYPE(o));
    bool skipped = graph_skipped_by_getsizeof(&w->g, t, o);
    unsigned want = 0, more = 0;
    if ((bits & WB_G) && !skipped)
        want |= WB_G;
    if ((bits & WB_D) && !is_shared(w, t, o, skipped)) {
        want |= WB_D;
        if (w->want_exclusive && Py_REFCNT(o) > 1)
            inner_add(w, o);
    }
    if (!want)
        return;
    unsigned fresh = want & ~addrmarks_set(&w->seen, o, want);
    if (fresh & WB_G) {
        count_getsizeof(w, t, o);
        if (graph_traversable(t, o))
            more |= WB_G;
    }
    if (fresh & WB_D) {
        count_deep(w, t, o);
        if (graph_traversable(t, o) || (t->flags & GT_EXTRAS))
            more |= WB_D;
    }
    if (more)
        expand_or_push(w, o, t, more);
}

static int walk_visit(PyObject *o, void *arg)
{
    DeepWalk *w = arg;
    take(w, o, w->cur);
    return 0;
}

/* ---- the walk -------------------------------------------------------------------------------- */

/* Items [from, to) of an exact list or tuple: its traverse, without the calls. */
static void take_items(DeepWalk *w, PyObject *o, Py_ssize_t from, Py_ssize_t to, unsigned bits)
{
    PyObject **items = PyList_CheckExact(o) ? ((PyListObject *)o)->ob_item
                                            : ((PyTupleObject *)o)->ob_item;
    for (Py_ssize_t i = from; i < to && i < Py_SIZE(o); i++)
        if (items[i])
            take(w, items[i], bits);
}

/* The next chunk of the exact list or tuple on top of the stack. The frame stays (under the
 * children it pushes) until its last chunk; items are re-read through the object each time. */
static void walk_seq(DeepWalk *w)
{
    DeepFrame *f = &w->stack[w->sp - 1];
    PyObject *o = f->o;
    unsigned bits = f->bits;
    Py_ssize_t from = f->next, end = from + DEEP_SEQ_CHUNK;
    if (end >= Py_SIZE(o))
        w->sp--;
    else
        f->next = end; /* f is not used again: pushes may move the stack */
    take_items(w, o, from, end, bits);
    w->work++;
}

/* An exact dict's combined table in one pass over its entries: what its tp_traverse reports
 * (the values, and the keys of a general table) and the keys it holds without reporting them
 * (graph_extra_refs), as the two would visit them. False for a split table: the caller asks
 * tp_traverse. */
static bool expand_dict(DeepWalk *w, PyObject *o, unsigned bits)
{
    DictKeysInfo k;
    GraphDictTable kind = graph_dict_table(o, &k);
    if (kind != GRAPH_DICT_KEYS_TRAVERSED && kind != GRAPH_DICT_KEYS_HELD)
        return false;
    unsigned key_bits = kind == GRAPH_DICT_KEYS_TRAVERSED ? bits : bits & WB_D;
    for (size_t i = 0; i < k.nentries; i++) {
        PyObject *key, *value;
        internals_dict_entry(&k, NULL, i, &key, &value);
        if (!value)
            continue;
        take(w, value, bits);
        if (key && key_bits)
            take(w, key, key_bits);
    }
    return true;
}

/* What tp_traverse reports, then what o holds beyond it (graph_extra_refs). t is copied
 * first: a new type met during the traverse may move the cache it points into. */
static void expand_traverse(DeepWalk *w, PyObject *o, const GraphType *t, unsigned bits)
{
    const GraphType facts = *t;
    w->cur = bits;
    if (graph_traversable(&facts, o))
        Py_TYPE(o)->tp_traverse(o, walk_visit, w);
    if (bits & WB_D) {
        w->cur = WB_D;
        graph_extra_refs(&facts, o, walk_visit, w);
    }
}

/* Every reference o holds, for the graphs in `bits`. Exact lists, tuples and dicts are read
 * directly: they are most of a big graph, and reading them costs no call per reference. */
static void expand(DeepWalk *w, PyObject *o, const GraphType *t, unsigned bits)
{
    if (PyList_CheckExact(o) || PyTuple_CheckExact(o))
        take_items(w, o, 0, Py_SIZE(o), bits);
    else if (!PyDict_CheckExact(o) || !expand_dict(w, o, bits))
        expand_traverse(w, o, t, bits);
    w->work++;
}

static void phase_walk(DeepWalk *w, size_t budget)
{
    while (w->sp > 0 && w->work < budget) {
        DeepFrame *f = &w->stack[w->sp - 1];
        if (PyList_CheckExact(f->o) || PyTuple_CheckExact(f->o)) {
            walk_seq(w);
            continue;
        }
        DeepFrame top = *f;
        w->sp--;
        expand(w, top.o, graph_type(&w->g, Py_TYPE(top.o)), top.bits);
    }
    if (w->sp > 0)
        return;
    note_memory(w);
    free(w->stack); /* not needed any more: give the memory back now */
    w->stack = NULL;
    w->stack_cap = 0;
    w->phase = w->want_exclusive ? PH_PIN : PH_DONE;
    if (!w->want_exclusive)
        addrmarks_free(&w->seen);
}

/* ---- the exclusive pass ---------------------------------------------------------------------- */

static void keep(DeepWalk *w, PyObject *o)
{
    if (!addrset_add(&w->kept, o))
        return;
    BlockSum s = {0};
    graph_blocks(&w->g, graph_type(&w->g, Py_TYPE(o)), o, &s);
    tally_add(&w->kept_tally, &s);
    w->todo = xgrow(w->todo, &w->todo_cap, w->ntodo + 1, sizeof *w->todo);
    w->todo[w->ntodo++] = o;
    w->work++;
}

static int keep_visit(PyObject *o, void *arg)
{
    DeepWalk *w = arg;
    if (o != w->root && (addrmarks_get(&w->seen, o) & WB_D))
        keep(w, o);
    return 0;
}

/* Objects with more references than the walk saw from inside the set are held from outside. */
static void phase_pin(DeepWalk *w, size_t budget)
{
    while (w->pin_cursor < w->inner.cap && w->work < budget) {
        const AddrMapSlot *s = &w->inner.slots[w->pin_cursor++];
        w->work++;
        PyObject *o = (PyObject *)s->key;
        if (!o || o == w->root)
            continue;
        if (Py_REFCNT(o) > (Py_ssize_t)s->value)
            keep(w, o);
    }
    if (w->pin_cursor >= w->inner.cap)
        w->phase = PH_KEEP;
}

static void finish_exclusive(DeepWalk *w)
{
    DeepTally *x = &w->res.exclusive;
    const DeepTally *d = &w->res.deep, *k = &w->kept_tally;
    *x = (DeepTally){d->size - k->size, d->footprint - k->footprint, d->blocks - k->blocks,
                     d->objects - k->objects};
    PyObject *r = w->root;
    if (graph_is_immortal(r) || graph_is_static(&w->g, r))
        *x = (DeepTally){0}; /* never freed, nor is anything only it holds */
    else {
        size_t in = 0;
        addrset_map_get(&w->inner, r, &in);
        Py_ssize_t out = Py_REFCNT(r) - (Py_ssize_t)in - w->extra_refs;
        w->res.root_outside_refs = out > 0 ? out : 0;
    }
    w->res.exclusive_done = true;
    note_memory(w);
    addrmarks_free(&w->seen);
    addrset_free(&w->kept);
    addrset_map_free(&w->inner);
    free(w->todo);
    w->todo = NULL;
    w->todo_cap = w->ntodo = 0;
    w->phase = PH_DONE;
}

/* Everything reachable from a kept object, except through the root, is kept too. */
static void phase_keep(DeepWalk *w, size_t budget)
{
    while (w->ntodo > 0 && w->work < budget) {
        PyObject *o = w->todo[--w->ntodo];
        graph_held_refs(graph_type(&w->g, Py_TYPE(o)), o, keep_visit, w);
        w->work++;
    }
    if (w->ntodo == 0)
        finish_exclusive(w);
}

/* ---- public API ------------------------------------------------------------------------------ */

/* The root is counted and entered whatever it is (type, module, namespace, static object). */
static void start(DeepWalk *w)
{
    PyObject *r = w->root;
    const GraphType *t = graph_type(&w->g, Py_TYPE(r));
    addrmarks_set(&w->seen, r, WB_G | WB_D);
    count_getsizeof(w, t, r);
    BlockSum s;
    layout_measure(r, &s); /* the describer: a static or shared root measures right */
    tally_add(&w->res.deep, &s);
    if (t->flags & GT_OVERRIDE)
        record_override(w, r);
    unsigned bits = WB_D;
    if (graph_traversable(t, r))
        bits |= WB_G;
    push(w, r, bits);
}

DeepWalk *deep_walk_new(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive)
{
    DeepWalk *w = xcalloc(1, sizeof *w);
    w->root = root;
    w->extra_refs = extra_refs;
    w->want_exclusive = want_exclusive;
    addrmarks_init(&w->seen);
    addrset_init(&w->kept);
    addrset_map_init(&w->inner);
    w->phase = PH_DONE;
    if (!root)
        return w; /* nothing to walk: an empty, finished result */
    int gc_was_enabled = PyGC_Disable(); /* as in deep_walk_step */
    graph_rules_init(&w->g);
    start(w);
    if (gc_was_enabled)
        PyGC_Enable();
    w->phase = PH_WALK;
    return w;
}

bool deep_walk_step(DeepWalk *w, size_t budget)
{
    w->work = 0;
    if (budget == 0)
        budget = 1;
    /* A collection triggered by an allocation (a C __sizeof__ returns a new int, a describer
     * formats a name) could run finalizers, i.e. Python code, in the middle of the step. */
    int gc_was_enabled = PyGC_Disable();
    while (w->phase != PH_DONE && w->work < budget) {
        switch (w->phase) {
        case PH_WALK: phase_walk(w, budget); break;
        case PH_PIN: phase_pin(w, budget); break;
        case PH_KEEP: phase_keep(w, budget); break;
        case PH_DONE: break;
        }
    }
    if (gc_was_enabled)
        PyGC_Enable();
    return w->phase == PH_DONE;
}

size_t deep_walk_progress(const DeepWalk *w)
{
    return w->res.deep.objects;
}

DeepResult deep_walk_result(const DeepWalk *w)
{
    return w->res;
}

PyObject *const *deep_walk_overrides(const DeepWalk *w, size_t *n)
{
    *n = w->noverrides;
    return w->overrides;
}

void deep_walk_free(DeepWalk *w)
{
    if (!w)
        return;
    free(w->stack);
    free(w->todo);
    free(w->overrides);
    addrmarks_free(&w->seen);
    addrset_free(&w->kept);
    addrset_map_free(&w->inner);
    graph_rules_free(&w->g);
    free(w);
}

DeepResult deep_size(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive)
{
    DeepWalk *w = deep_walk_new(root, extra_refs, want_exclusive);
    deep_walk_step(w, SIZE_MAX);
    DeepResult r = deep_walk_result(w);
    deep_walk_free(w);
    return r;
}

Py_ssize_t deep_getsizeof(PyObject *o)
{
    if (!o)
        return -1;
    GraphRules g;
    memset(&g, 0, sizeof g);
    addrset_map_init(&g.modns);
    int gc_was_enabled = PyGC_Disable();
    Py_ssize_t n = graph_getsizeof(graph_type(&g, Py_TYPE(o)), o);
    if (gc_was_enabled)
        PyGC_Enable();
    graph_rules_free(&g);
    return n;
}
