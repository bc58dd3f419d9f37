/* deep.c — deep and exclusive size of an object graph (deep.h), and sys.getsizeof in C.
 *
 * This file owns:
 *  - deep_getsizeof(): sys.getsizeof for CPython 3.10–3.15 without a Python-level call
 *    wherever the type's __sizeof__ is known: object's, int's, str's and list's formulas are
 *    computed here; any other C __sizeof__ is called directly through its PyMethodDef; only
 *    the rest (Python-level __sizeof__) goes through sys.getsizeof itself. The pre-header
 *    that getsizeof adds follows each version's rule (facts.h);
 *  - the walk: an explicit stack of containers (so any depth works), a bitmap set of
 *    visited addresses (addrset.h), a per-walk cache of facts about each type; non-GC
 *    objects (ints, strs, floats...) have no referents, so they are sized in the visit
 *    callback and never pushed. Exact lists and tuples are walked in chunks so a huge one
 *    does not blow the step budget;
 *  - the exclusive pass, after the walk: count references between visited objects, mark
 *    as kept every object with references from outside (or immortal, or static), spread
 *    "kept" to everything reachable from a kept object, and sum what is left.
 *
 * Everything the walk holds is owned by the DeepWalk: strong references to the objects on
 * its stack, to every counted object in exclusive mode, to the types in its cache, and to
 * sys.getsizeof. That way a Python-level __sizeof__ that mutates the graph cannot leave
 * the walk with dangling pointers. */
#include "layout/deep.h"

#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/addrset.h"
#include "layout/facts.h"
#include "util/xalloc.h"

/* Items of an exact list or tuple visited between two budget checks. */
#define DEEP_SEQ_CHUNK 4096

/* ---- facts about a type -------------------------------------------------------------- */

enum DeepSizeKind {
    DS_BASIC,   /* object.__sizeof__: tp_basicsize + ob_size * tp_itemsize */
    DS_LONG,    /* exact int or bool */
    DS_STR,     /* exact str: compact ASCII computed here, the rest through meth */
    DS_LIST,    /* exact list: basicsize + allocated item pointers */
    DS_CMETH,   /* a C __sizeof__ (METH_NOARGS), called directly */
    DS_PYCALL,  /* anything else: sys.getsizeof itself, pre-header included */
};

enum {
    DT_GC = 1,        /* GC objects: their referents come from tp_traverse */
    DT_GC_DYN = 2,    /* GC type with tp_is_gc: ask each object */
    DT_SKIP = 4,      /* types and modules: counted and entered only as the root */
    DT_NS = 8,        /* dicts: skipped if a module namespace */
    DT_PRE_DYN = 16,  /* the pre-header getsizeof adds depends on the object */
};

typedef struct {
    PyTypeObject *tp;    /* strong reference while in a walk's cache */
    uint8_t kind, flags;
    uint16_t pre;        /* bytes getsizeof adds to __sizeof__ (unless DT_PRE_DYN) */
    PyCFunction meth;    /* the type's C __sizeof__, NULL for DS_PYCALL */
} DeepType;

/* Found once per interpreter: the name "__sizeof__" and the descriptors whose formula is
 * computed here. The descriptors are borrowed from static types, which live as long as
 * the interpreter; an atexit hook forgets everything when CPython is finalised. */
static struct {
    bool ready;
    PyObject *name;   /* interned "__sizeof__", strong (kept for the interpreter's life) */
    PyObject *d_object, *d_long, *d_str, *d_list;
} deep_g;

static void deep_forget(void)
{
    memset(&deep_g, 0, sizeof deep_g);
}

static bool deep_globals(void)
{
    if (deep_g.ready)
        return true;
    PyObject *name = PyUnicode_InternFromString("__sizeof__");
    if (!name) {
        PyErr_Clear();
        return false;
    }
    deep_g.name = name;
    deep_g.d_object = _PyType_Lookup(&PyBaseObject_Type, name);
    deep_g.d_long = _PyType_Lookup(&PyLong_Type, name);
    deep_g.d_str = _PyType_Lookup(&PyUnicode_Type, name);
    deep_g.d_list = _PyType_Lookup(&PyList_Type, name);
    Py_AtExit(deep_forget); /* the hooks are cleared at finalisation: register per life */
    deep_g.ready = true;
    return true;
}

/* What sys.getsizeof adds for instances of tp, when it does not depend on the object. */
static uint16_t deep_type_preheader(PyTypeObject *tp)
{
    return (uint16_t)fact_preheader_size(tp);
}

/* Which __sizeof__ applies to instances of tp, and so how to compute it. */
static void deep_classify_sizeof(DeepType *t, PyTypeObject *tp)
{
    t->kind = DS_PYCALL;
    PyObject *d = deep_g.name ? _PyType_Lookup(tp, deep_g.name) : NULL;
    /* Only a method descriptor that applies to tp may be called directly: Python would
     * refuse e.g. list.__sizeof__ assigned to an unrelated class, and so does the fallback. */
    if (!d || !Py_IS_TYPE(d, &PyMethodDescr_Type) || !PyType_IsSubtype(tp, PyDescr_TYPE(d)))
        return;
    PyMethodDef *def = ((PyMethodDescrObject *)d)->d_method;
    if ((def->ml_flags & ~METH_COEXIST) != METH_NOARGS)
        return;
    t->meth = def->ml_meth;
    t->kind = DS_CMETH;
    if (d == deep_g.d_object)
        t->kind = DS_BASIC;
    else if (d == deep_g.d_long && (tp == &PyLong_Type || tp == &PyBool_Type))
        t->kind = DS_LONG;
    else if (d == deep_g.d_str && tp == &PyUnicode_Type)
        t->kind = DS_STR;
    else if (d == deep_g.d_list && tp == &PyList_Type)
        t->kind = DS_LIST;
}

static void deep_classify(DeepType *t, PyTypeObject *tp)
{
    memset(t, 0, sizeof *t);
    t->tp = tp;
    if (PyType_IS_GC(tp) && tp->tp_traverse)
        t->flags |= tp->tp_is_gc ? DT_GC_DYN : DT_GC;
    if (PyType_FastSubclass(tp, Py_TPFLAGS_TYPE_SUBCLASS) || PyType_IsSubtype(tp, &PyModule_Type))
        t->flags |= DT_SKIP;
    if (PyType_FastSubclass(tp, Py_TPFLAGS_DICT_SUBCLASS))
        t->flags |= DT_NS;
    t->pre = deep_type_preheader(tp);
    if (fact_getsizeof_extra_varies(tp))
        t->flags |= DT_PRE_DYN;
    deep_classify_sizeof(t, tp);
}

/* ---- sizes --------------------------------------------------------------------------- */

static inline Py_ssize_t deep_long_sizeof(PyObject *o)
{
    return (Py_ssize_t)fact_long_sizeof(o);
}

/* str.__sizeof__ of a compact ASCII string; -1 for the other layouts (asked to str). */
static inline Py_ssize_t deep_str_sizeof(PyObject *o)
{
    if (!PyUnicode_IS_COMPACT_ASCII(o))
        return -1;
#if FACT_STR_WSTR
    if (((PyASCIIObject *)o)->wstr) /* a wchar_t copy, counted by str.__sizeof__ */
        return -1;
#endif
    return (Py_ssize_t)sizeof(PyASCIIObject) + PyUnicode_GET_LENGTH(o) + 1;
}

/* __sizeof__ by the type's formula, or -1 when the type's method must be asked. */
static inline Py_ssize_t deep_sizeof_fast(const DeepType *t, PyObject *o)
{
    PyTypeObject *tp = t->tp;
    Py_ssize_t n;
    switch (t->kind) {
    case DS_BASIC: /* as object.__sizeof__, including its use of ob_size */
        n = tp->tp_basicsize;
        if (tp->tp_itemsize > 0)
            n += Py_SIZE(o) * tp->tp_itemsize;
        return n >= 0 ? n : -1;
    case DS_LONG:
        return deep_long_sizeof(o);
    case DS_STR:
        return deep_str_sizeof(o);
    case DS_LIST:
        return tp->tp_basicsize + ((PyListObject *)o)->allocated * (Py_ssize_t)sizeof(PyObject *);
    default:
        return -1;
    }
}

static Py_ssize_t deep_preheader(const DeepType *t, PyObject *o)
{
    if (!(t->flags & DT_PRE_DYN))
        return t->pre;
    return (Py_ssize_t)fact_getsizeof_extra(o);
}

/* Ask the type's C __sizeof__, or sys.getsizeof. May run Python code (the fallback).
 * Returns the full getsizeof, or -1 with no exception set. */
static Py_ssize_t __attribute__((noinline))
deep_getsize_slow(const DeepType *t, PyObject *o, PyObject *getsizeof)
{
    PyObject *r;
    if (t->meth)
        r = t->meth(o, NULL);
    else if (getsizeof)
        r = PyObject_CallOneArg(getsizeof, o);
    else
        return -1;
    if (!r) {
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t n = PyLong_Check(r) ? PyLong_AsSsize_t(r) : -1;
    Py_DECREF(r);
    if (n < 0) {
        PyErr_Clear();
        return -1;
    }
    return t->meth ? n + deep_preheader(t, o) : n;
}

/* sys.getsizeof(o) for an object of type t, or -1 (no exception set). */
static inline Py_ssize_t deep_getsize(const DeepType *t, PyObject *o, PyObject *getsizeof)
{
    Py_ssize_t n = deep_sizeof_fast(t, o);
    if (n < 0)
        return deep_getsize_slow(t, o, getsizeof);
    return n + (t->flags & DT_PRE_DYN ? deep_preheader(t, o) : t->pre);
}

Py_ssize_t deep_getsizeof(PyObject *o)
{
    if (!o || !deep_globals())
        return -1;
    DeepType t;
    deep_classify(&t, Py_TYPE(o));
    return deep_getsize(&t, o, PySys_GetObject("getsizeof"));
}

/* ---- the walk ------------------------------------------------------------------------ */

typedef struct {
    PyObject *o;       /* strong reference */
    Py_ssize_t next;   /* exact list/tuple: first item not visited yet */
} DeepFrame;

typedef enum { PH_WALK, PH_COUNT, PH_KEEP, PH_SUM, PH_DONE } DeepPhase;

typedef struct {
    uintptr_t lo, hi;
} DeepRange;

/* The exclusive pass. Objects are numbered in the order they were counted; 0 is the root. */
typedef struct {
    PyObject **objs;        /* every counted object, strong references (until PH_DONE) */
    size_t *sizes;          /* its getsizeof */
    Py_ssize_t *inner;      /* references to it from counted objects */
    unsigned char *kept;    /* kept alive by something outside the graph */
    size_t n, cap;
    AddrMap index;          /* object → its number */
    size_t cursor;          /* progress of the current phase */
    size_t *todo;           /* kept objects whose referents are not marked yet */
    size_t ntodo, todo_cap;
    DeepRange *images;      /* address ranges of loaded images: static objects live there */
    size_t nimages;
} DeepExcl;

struct DeepWalk {
    PyObject *root;          /* borrowed (the caller keeps it alive) */
    Py_ssize_t extra_refs;
    bool want_exclusive;
    DeepPhase phase;
    DeepResult res;
    size_t work;             /* units of work done in the current step */
    AddrSet seen;            /* every object met, counted or skipped */
    AddrMap modns;           /* namespaces of the modules in sys.modules */
    PyObject *getsizeof;     /* sys.getsizeof, strong; NULL if missing */
    DeepType *types;         /* open-addressing cache keyed by type, owned */
    size_t types_cap, ntypes;
    PyTypeObject *last_tp;   /* the type looked up last, and its entry */
    const DeepType *last_t;
    DeepFrame *stack;        /* containers whose referents are still to visit */
    size_t sp, stack_cap;
    DeepExcl ex;
};

static size_t deep_type_slot(const PyTypeObject *tp, size_t cap)
{
    return addrset_map_hash_((uintptr_t)tp, 32) & (cap - 1);
}

static void deep_types_grow(DeepWalk *w)
{
    size_t cap = w->types_cap * 2;
    DeepType *table = xcalloc(cap, sizeof *table);
    for (size_t i = 0; i < w->types_cap; i++) {
        if (!w->types[i].tp)
            continue;
        size_t j = deep_type_slot(w->types[i].tp, cap);
        while (table[j].tp)
            j = (j + 1) & (cap - 1);
        table[j] = w->types[i];
    }
    free(w->types);
    w->types = table;
    w->types_cap = cap;
}

/* The cache entry of tp, classified on first sight. Entries move when the table grows:
 * a pointer is good until the next new type. */
static const DeepType *__attribute__((noinline)) deep_type_add(DeepWalk *w, PyTypeObject *tp)
{
    if ((w->ntypes + 1) * 2 > w->types_cap)
        deep_types_grow(w);
    size_t i = deep_type_slot(tp, w->types_cap);
    while (w->types[i].tp && w->types[i].tp != tp)
        i = (i + 1) & (w->types_cap - 1);
    DeepType *t = &w->types[i];
    if (!t->tp) {
        deep_classify(t, tp);
        Py_INCREF(tp);
        w->ntypes++;
    }
    return t;
}

static inline const DeepType *deep_type_get(DeepWalk *w, PyTypeObject *tp)
{
    if (tp == w->last_tp)
        return w->last_t;
    const DeepType *t = &w->types[deep_type_slot(tp, w->types_cap)];
    if (t->tp != tp)
        t = deep_type_add(w, tp);
    w->last_tp = tp;
    w->last_t = t;
    return t;
}

static void __attribute__((noinline)) deep_stack_grow(DeepWalk *w)
{
    w->stack = xgrow(w->stack, &w->stack_cap, w->sp + 1, sizeof *w->stack);
}

static inline void deep_push(DeepWalk *w, PyObject *o)
{
    if (w->sp == w->stack_cap)
        deep_stack_grow(w);
    Py_INCREF(o);
    w->stack[w->sp++] = (DeepFrame){o, 0};
}

static size_t deep_excl_record(DeepWalk *w, PyObject *o);

/* Count o (size, number, exclusive bookkeeping) and push it if it has referents.
 * The references are taken before sizing: a Python __sizeof__ could drop o's last one. */
static inline void deep_count(DeepWalk *w, const DeepType *t, PyObject *o)
{
    size_t idx = w->want_exclusive ? deep_excl_record(w, o) : 0;
    if ((t->flags & DT_GC) || ((t->flags & DT_GC_DYN) && PyObject_IS_GC(o)))
        deep_push(w, o);
    Py_ssize_t n = deep_getsize(t, o, w->getsizeof);
    if (n < 0) {
        n = 0;
        w->res.size_error = true;
    }
    w->res.deep_size += (size_t)n;
    w->res.deep_count++;
    w->work++;
    if (w->want_exclusive)
        w->ex.sizes[idx] = (size_t)n;
}

/* A referent: count it unless seen before or shared machinery (type, module, namespace).
 * Skipped objects stay in `seen`: they are skipped every time, so that is only faster. */
static inline void deep_take(DeepWalk *w, PyObject *o)
{
    if (!addrset_add(&w->seen, o))
        return;
    const DeepType *t = deep_type_get(w, Py_TYPE(o));
    if (t->flags & (DT_SKIP | DT_NS)) {
        if ((t->flags & DT_SKIP) || addrset_map_get(&w->modns, o, NULL))
            return;
    }
    deep_count(w, t, o);
}

static int deep_visit(PyObject *o, void *arg)
{
    deep_take(arg, o);
    return 0;
}

/* Visit the next chunk of the exact list or tuple on top of the stack. The frame stays
 * (under the children it pushes) until its last chunk. Items are re-read through the
 * object each time: a Python __sizeof__ could resize the list meanwhile. */
static void deep_walk_seq(DeepWalk *w)
{
    DeepFrame *f = &w->stack[w->sp - 1];
    PyObject *o = f->o;
    bool is_list = PyList_CheckExact(o);
    Py_ssize_t i = f->next, end = i + DEEP_SEQ_CHUNK;
    bool last = end >= Py_SIZE(o);
    if (last)
        w->sp--; /* the frame's reference is ours now: released below */
    else
        f->next = end; /* f is not used again: pushes may move the stack */
    for (; i < end && i < Py_SIZE(o); i++) {
        PyObject *x = is_list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
        if (x)
            deep_take(w, x);
    }
    if (last)
        Py_DECREF(o);
    w->work++;
}

/* Pop containers and visit their referents until the stack is empty or the budget spent. */
static void deep_phase_walk(DeepWalk *w, size_t budget)
{
    while (w->sp > 0 && w->work < budget) {
        PyObject *o = w->stack[w->sp - 1].o;
        if (PyList_CheckExact(o) || PyTuple_CheckExact(o)) {
            deep_walk_seq(w);
            continue;
        }
        w->sp--;
        Py_TYPE(o)->tp_traverse(o, deep_visit, w);
        Py_DECREF(o);
        w->work++;
    }
    if (w->sp > 0)
        return;
    /* The visited set and the stack are no longer needed: give the memory back now. */
    addrset_free(&w->seen);
    free(w->stack);
    w->stack = NULL;
    w->stack_cap = 0;
    w->phase = w->want_exclusive ? PH_COUNT : PH_DONE;
}

/* The dicts of every module in sys.modules: not entered unless the root. */
static void deep_collect_namespaces(DeepWalk *w)
{
    PyObject *mods = PySys_GetObject("modules"); /* borrowed; what the Python walk sees */
    if (!mods || !PyDict_Check(mods))
        mods = PyImport_GetModuleDict();
    if (!mods || !PyDict_Check(mods))
        return;
    Py_ssize_t pos = 0;
    PyObject *key, *mod;
    while (PyDict_Next(mods, &pos, &key, &mod)) {
        if (!PyModule_Check(mod))
            continue;
        PyObject *ns = PyModule_GetDict(mod); /* borrowed, never fails for a module */
        if (ns)
            addrset_map_put(&w->modns, ns, 1);
    }
}

/* ---- the exclusive pass -------------------------------------------------------------- */

static size_t deep_excl_record(DeepWalk *w, PyObject *o)
{
    DeepExcl *x = &w->ex;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 1024;
        x->objs = xrealloc(x->objs, x->cap * sizeof *x->objs);
        x->sizes = xrealloc(x->sizes, x->cap * sizeof *x->sizes);
        x->inner = xrealloc(x->inner, x->cap * sizeof *x->inner);
        x->kept = xrealloc(x->kept, x->cap * sizeof *x->kept);
    }
    size_t i = x->n++;
    x->objs[i] = Py_NewRef(o);
    x->sizes[i] = 0;
    x->inner[i] = 0;
    x->kept[i] = 0;
    addrset_map_put(&x->index, o, i);
    return i;
}

static int deep_image_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    DeepExcl *x = arg;
    for (size_t i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        x->images = xrealloc(x->images, (x->nimages + 1) * sizeof *x->images);
        uintptr_t lo = (uintptr_t)(info->dlpi_addr + ph->p_vaddr);
        x->images[x->nimages++] = (DeepRange){lo, lo + ph->p_memsz};
    }
    return 0;
}

static int deep_range_cmp(const void *a, const void *b)
{
    uintptr_t x = ((const DeepRange *)a)->lo, y = ((const DeepRange *)b)->lo;
    return (x > y) - (x < y);
}

/* Loaded segments (their .bss included, as dladdr sees them), sorted, for deep_static().
 * Taken per walk: an import may have loaded an extension module since the last one. */
static void deep_excl_images(DeepExcl *x)
{
    dl_iterate_phdr(deep_image_cb, x);
    qsort(x->images, x->nimages, sizeof *x->images, deep_range_cmp);
}

/* Is o inside a loaded image (a static object, no heap block: never freed)? */
static bool deep_static(const DeepExcl *x, const PyObject *o)
{
    uintptr_t a = (uintptr_t)o;
    size_t lo = 0, hi = x->nimages; /* count the ranges starting at or below a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->images[mid].lo <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && a < x->images[lo - 1].hi; /* segments of loaded images never overlap */
}

static bool deep_immortal(PyObject *o)
{
    return fact_is_immortal(o);
}

/* References the walk itself holds to o besides its entry in objs: sys.getsizeof, and
 * the type cache (only the root can be a type in the graph). */
static Py_ssize_t deep_own_refs(const DeepWalk *w, PyObject *o)
{
    Py_ssize_t n = o == w->getsizeof;
    if (PyType_Check(o)) {
        for (size_t i = deep_type_slot((PyTypeObject *)o, w->types_cap); w->types[i].tp;
             i = (i + 1) & (w->types_cap - 1))
            n += w->types[i].tp == (PyTypeObject *)o;
    }
    return n;
}

/* References to counted object i from outside the graph (and from outside this walk). */
static Py_ssize_t deep_outside_refs(const DeepWalk *w, size_t i)
{
    PyObject *o = w->ex.objs[i];
    return Py_REFCNT(o) - 1 /* objs[i] */ - w->ex.inner[i] - deep_own_refs(w, o);
}

static int deep_count_visit(PyObject *o, void *arg)
{
    DeepExcl *x = arg;
    size_t i;
    if (addrset_map_get(&x->index, o, &i))
        x->inner[i]++;
    return 0;
}

static void deep_traverse(PyObject *o, visitproc visit, void *arg)
{
    if (PyObject_IS_GC(o) && Py_TYPE(o)->tp_traverse)
        Py_TYPE(o)->tp_traverse(o, visit, arg);
}

/* Phase 1: how many references each counted object gets from counted objects. */
static void deep_phase_count(DeepWalk *w, size_t budget)
{
    DeepExcl *x = &w->ex;
    while (x->cursor < x->n && w->work < budget) {
        deep_traverse(x->objs[x->cursor++], deep_count_visit, x);
        w->work++;
    }
    if (x->cursor < x->n)
        return;
    x->cursor = 0;
    w->phase = PH_KEEP;
}

/* Never freed with the root: immortal, static, or referenced from outside. The root
 * itself is what goes away, so only immortality or a static home keeps it. */
static bool deep_pinned(const DeepWalk *w, size_t i)
{
    PyObject *o = w->ex.objs[i];
    if (deep_immortal(o) || deep_static(&w->ex, o))
        return true;
    return i != 0 && deep_outside_refs(w, i) > 0;
}

static void deep_keep(DeepExcl *x, size_t i)
{
    x->kept[i] = 1;
    x->todo = xgrow(x->todo, &x->todo_cap, x->ntodo + 1, sizeof *x->todo);
    x->todo[x->ntodo++] = i;
}

static int deep_keep_visit(PyObject *o, void *arg)
{
    DeepExcl *x = arg;
    size_t i;
    if (addrset_map_get(&x->index, o, &i) && i != 0 && !x->kept[i])
        deep_keep(x, i);
    return 0;
}

/* Phase 2: find the pinned objects and mark everything reachable from them as kept
 * (except through the root, which goes away). Depth-first with an explicit stack. */
static void deep_phase_keep(DeepWalk *w, size_t budget)
{
    DeepExcl *x = &w->ex;
    while (w->work < budget) {
        w->work++;
        if (x->ntodo > 0) {
            deep_traverse(x->objs[x->todo[--x->ntodo]], deep_keep_visit, x);
            continue;
        }
        if (x->cursor == x->n) {
            w->phase = PH_SUM;
            return;
        }
        size_t i = x->cursor++;
        if (!x->kept[i] && deep_pinned(w, i))
            deep_keep(x, i);
    }
}

/* Free everything the exclusive pass holds, references included. */
static void deep_excl_release(DeepExcl *x)
{
    for (size_t i = 0; i < x->n; i++)
        Py_DECREF(x->objs[i]);
    free(x->objs);
    free(x->sizes);
    free(x->inner);
    free(x->kept);
    free(x->todo);
    free(x->images);
    addrset_map_free(&x->index);
    memset(x, 0, sizeof *x);
    addrset_map_init(&x->index);
}

/* Phase 3: what is not kept is exclusive. */
static void deep_phase_sum(DeepWalk *w)
{
    DeepExcl *x = &w->ex;
    for (size_t i = 0; i < x->n; i++) {
        if (x->kept[i])
            continue;
        w->res.exclusive_size += x->sizes[i];
        w->res.exclusive_count++;
    }
    if (x->n > 0 && !deep_immortal(x->objs[0])) {
        Py_ssize_t out = deep_outside_refs(w, 0) - w->extra_refs;
        w->res.root_outside_refs = out > 0 ? out : 0;
    }
    w->work += x->n;
    w->res.exclusive_done = true;
    deep_excl_release(x);
    w->phase = PH_DONE;
}

/* ---- public API ---------------------------------------------------------------------- */

DeepWalk *deep_walk_new(PyObject *root, Py_ssize_t extra_refs, bool want_exclusive)
{
    DeepWalk *w = xcalloc(1, sizeof *w);
    w->root = root;
    w->extra_refs = extra_refs;
    w->want_exclusive = want_exclusive;
    addrset_init(&w->seen);
    addrset_map_init(&w->modns);
    addrset_map_init(&w->ex.index);
    w->types_cap = 64;
    w->types = xcalloc(w->types_cap, sizeof *w->types);
    w->phase = PH_DONE;
    if (!root || !deep_globals())
        return w; /* nothing to walk: an empty, finished result */
    w->getsizeof = Py_XNewRef(PySys_GetObject("getsizeof"));
    deep_collect_namespaces(w);
    if (want_exclusive)
        deep_excl_images(&w->ex);
    /* The root is counted and entered whatever it is (type, module, namespace). */
    int gc_was_enabled = PyGC_Disable(); /* as in deep_walk_step */
    addrset_add(&w->seen, root);
    deep_count(w, deep_type_get(w, Py_TYPE(root)), root);
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
    /* A collection triggered by an allocation (a C __sizeof__ returns a new int) could run
     * finalizers, i.e. Python code, in the middle of the step: hold it off until the end. */
    int gc_was_enabled = PyGC_Disable();
    while (w->phase != PH_DONE && w->work < budget) {
        switch (w->phase) {
        case PH_WALK: deep_phase_walk(w, budget); break;
        case PH_COUNT: deep_phase_count(w, budget); break;
        case PH_KEEP: deep_phase_keep(w, budget); break;
        case PH_SUM: deep_phase_sum(w); break;
        case PH_DONE: break;
        }
    }
    if (gc_was_enabled)
        PyGC_Enable();
    return w->phase == PH_DONE;
}

size_t deep_walk_progress(const DeepWalk *w)
{
    return w->res.deep_count;
}

DeepResult deep_walk_result(const DeepWalk *w)
{
    return w->res;
}

void deep_walk_free(DeepWalk *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->sp; i++)
        Py_DECREF(w->stack[i].o);
    free(w->stack);
    deep_excl_release(&w->ex);
    addrset_map_free(&w->ex.index);
    for (size_t i = 0; i < w->types_cap; i++)
        Py_XDECREF(w->types[i].tp);
    free(w->types);
    Py_XDECREF(w->getsizeof);
    addrset_free(&w->seen);
    addrset_map_free(&w->modns);
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
