/* graph.h — the rules of objscope's object graph, shared by the deep walk (deep.c) and the
 * retained-size tree (retained.c):
 *  - which objects are shared machinery, reached but never counted beyond the root: types,
 *    modules, the namespaces of the modules in sys.modules, immortal and static objects;
 *  - which references an object really holds: what its tp_traverse reports, plus what a type
 *    holds without reporting it (the list in graph.c, per type and version: the str keys of a
 *    dict, a code object's constants and names, the objects of a non-GC type's members);
 *  - what each object weighs: its heap blocks (blocks.h), and what sys.getsizeof says of it,
 *    computed in C.
 * No Python code runs here: no __sizeof__ written in Python, no import, no finaliser (the
 * cyclic GC is held off while a graph is read). A type's facts are looked up once per walk and
 * cached. Everything here is owned by the GraphRules; the objects are borrowed. */
#ifndef OBJSCOPE_GRAPH_H
#define OBJSCOPE_GRAPH_H

#include <Python.h>
#include <stdbool.h>
#include <stdint.h>

#include "layout/addrset.h"
#include "layout/blocks.h"
#include "layout/facts.h"

enum {
    GT_GC = 1,         /* its referents come from tp_traverse */
    GT_GC_DYN = 2,     /* GC type with tp_is_gc: ask each object */
    GT_SKIP = 4,       /* types and modules: shared, entered only as the root */
    GT_NS = 8,         /* a dict type: shared when it is a module's namespace */
    GT_EXTRAS = 16,    /* holds references tp_traverse does not report (graph_held_refs) */
    GT_OVERRIDE = 32,  /* its class defines __sizeof__ in Python (never called here) */
    GT_MAYBE_STATIC = 64, /* instances may live in a loaded image (checked where not immortal) */
    GT_PRE_DYN = 128,  /* what getsizeof adds to __sizeof__ depends on the object */
};

/* How sys.getsizeof(o) is computed (graph_getsizeof). */
enum {
    GS_BASIC,  /* object.__sizeof__: tp_basicsize + ob_size * tp_itemsize */
    GS_LONG,   /* exact int or bool */
    GS_STR,    /* exact str: compact ASCII here, the rest through cmeth */
    GS_LIST,   /* exact list: basicsize + allocated item pointers */
    GS_CMETH,  /* a C __sizeof__ (METH_NOARGS), called directly */
    GS_NONE,   /* no C __sizeof__ applies: unknown */
};

typedef struct {
    PyTypeObject *tp;    /* strong reference while in a cache */
    uint8_t flags;       /* GT_* */
    uint8_t getsizeof_kind; /* how its sys.getsizeof is computed (graph.c) */
    uint16_t getsizeof_pre; /* bytes sys.getsizeof adds to __sizeof__ (unless GT_PRE_DYN) */
    BlockKind blocks;    /* how its heap blocks are summed (blocks.h) */
    uint16_t preheader;  /* real bytes before each instance */
    PyCFunction cmeth;   /* the C __sizeof__ that applies, for getsizeof; NULL when computed */
} GraphType;

typedef struct {
    uintptr_t lo, hi;
} GraphRange;

typedef struct GraphRules {
    GraphType *types;    /* open-addressing cache keyed by type, owned */
    size_t types_cap, ntypes;
    PyTypeObject *last_tp;
    const GraphType *last_t;
    AddrMap modns;       /* namespaces of the modules in sys.modules */
    GraphRange *images;  /* loaded segments, sorted: static objects live there */
    size_t nimages;
    BlockCache blocks;   /* what block sums keep between objects */
} GraphRules;

/* Learn what is shared now (module namespaces, loaded images). Never fails. */
void graph_rules_init(GraphRules *g);
void graph_rules_free(GraphRules *g);
/* Bytes the rules hold (for the memory figure of a walk). */
size_t graph_rules_bytes(const GraphRules *g);

const GraphType *graph_type_slow_(GraphRules *g, PyTypeObject *tp);

/* The cached facts of tp. The pointer is good until the next new type: a caller that visits
 * references in between copies what it needs first. */
static inline const GraphType *graph_type(GraphRules *g, PyTypeObject *tp)
{
    if (tp == g->last_tp)
        return g->last_t;
    if (g->types_cap) { /* the first probe of the cache: most types are found there */
        const GraphType *t = &g->types[addrset_map_hash_((uintptr_t)tp, 32) & (g->types_cap - 1)];
        if (t->tp == tp) {
            g->last_tp = tp;
            g->last_t = t;
            return t;
        }
    }
    return graph_type_slow_(g, tp);
}

/* Is o inside a loaded image (a static object: no heap block, never freed)? */
bool graph_is_static(const GraphRules *g, const void *o);
/* Is o immortal (3.12+), so its count means nothing and it is never freed? */
static inline bool graph_is_immortal(PyObject *o)
{
    return fact_is_immortal(o);
}

/* A static object of a type whose instances may be static (GT_MAYBE_STATIC). The singletons
 * (None, True, False, Ellipsis, NotImplemented) are known by address; on 3.11 the static
 * refcount tells the others apart from heap objects before the image ranges are searched. */
static inline bool graph_static_instance(const GraphRules *g, const GraphType *t, PyObject *o)
{
    if (!(t->flags & GT_MAYBE_STATIC))
        return false;
    if (o == Py_None || o == Py_True || o == Py_False || o == Py_Ellipsis || o == Py_NotImplemented)
        return true;
#if FACT_STATIC_REFCNT_FLOOR
    if (Py_REFCNT(o) < FACT_STATIC_REFCNT_FLOOR)
        return false;
#endif
    return graph_is_static(g, o);
}

/* Shared machinery: reached, but neither counted nor entered unless it is the root. */
static inline bool graph_shared(const GraphRules *g, const GraphType *t, PyObject *o)
{
    if (t->flags & GT_SKIP)
        return true;
    if ((t->flags & GT_NS) && addrset_map_get(&g->modns, o, NULL))
        return true;
    return graph_is_immortal(o) || graph_static_instance(g, t, o);
}

/* Left out of the getsizeof-sum graph (the gc.get_referents walk of objsize and pympler):
 * types, modules and module namespaces, unless the root. */
static inline bool graph_skipped_by_getsizeof(const GraphRules *g, const GraphType *t, PyObject *o)
{
    if (t->flags & GT_SKIP)
        return true;
    return (t->flags & GT_NS) && addrset_map_get(&g->modns, o, NULL);
}

/* Does o have referents: tp_traverse (a GC object), or references only graph.c knows of. */
static inline bool graph_traversable(const GraphType *t, PyObject *o)
{
    return (t->flags & GT_GC) || ((t->flags & GT_GC_DYN) && PyObject_IS_GC(o));
}

typedef enum {
    GRAPH_DICT_SPLIT,          /* a split table: tp_traverse reports the values, the keys are the
                                  class's */
    GRAPH_DICT_UNREADABLE,
    GRAPH_DICT_KEYS_TRAVERSED, /* combined, and tp_traverse reports each live key and value */
    GRAPH_DICT_KEYS_HELD,      /* combined, tp_traverse reports the values only: every key is str
                                  (3.10: not searched with the generic lookdict; 3.11+: a unicode
                                  table), and the dict holds the live keys without reporting them */
} GraphDictTable;

/* What the dict d's table is, for its references; k is filled for the two combined kinds. */
GraphDictTable graph_dict_table(PyObject *d, DictKeysInfo *k);

/* Call visit on every reference o holds that its tp_traverse does not report (none for most
 * types). Each is a strong reference o owns, so counting them with tp_traverse's gives o's
 * share of each referent's refcount. visit's return value is ignored. */
void graph_extra_refs(const GraphType *t, PyObject *o, visitproc visit, void *arg);

/* Every reference o holds: tp_traverse's (for a GC object), then graph_extra_refs. */
void graph_held_refs(const GraphType *t, PyObject *o, visitproc visit, void *arg);

Py_ssize_t graph_sizeof_cmeth_(const GraphType *t, PyObject *o);

/* __sizeof__ for the getsizeof kinds computed here, -1 for the others. */
static inline Py_ssize_t graph_sizeof_fast_(const GraphType *t, PyObject *o)
{
    PyTypeObject *tp = t->tp;
    Py_ssize_t n;
    switch (t->getsizeof_kind) {
    case GS_BASIC: /* as object.__sizeof__, including its use of ob_size */
        n = tp->tp_basicsize;
        if (tp->tp_itemsize > 0)
            n += Py_SIZE(o) * tp->tp_itemsize;
        return n >= 0 ? n : -1;
    case GS_LONG:
        return (Py_ssize_t)fact_long_sizeof(o);
    case GS_STR: { /* compact ASCII; the other layouts are asked to str.__sizeof__ */
        size_t size = fact_ascii_str_size(o);
        return size ? (Py_ssize_t)size : -1;
    }
    case GS_LIST:
        return tp->tp_basicsize + ((PyListObject *)o)->allocated * (Py_ssize_t)sizeof(PyObject *);
    default:
        return -1;
    }
}

/* sys.getsizeof(o) computed in C: the C __sizeof__ that applies (a Python-level override is
 * never called) plus what this version's getsizeof adds. -1 when it cannot be had. Inline: the
 * deep walk asks it of every object. */
static inline Py_ssize_t graph_getsizeof(const GraphType *t, PyObject *o)
{
    Py_ssize_t n = graph_sizeof_fast_(t, o);
    if (n < 0)
        n = graph_sizeof_cmeth_(t, o);
    if (n < 0)
        return -1;
    return n + (Py_ssize_t)((t->flags & GT_PRE_DYN) ? fact_getsizeof_extra(o) : t->getsizeof_pre);
}

/* How parent refers to child, for a reader: "[3]", "['k7']", "<key 'k7'>", ".attr",
 * ".__code__", ".co_consts", "<item>", or "<referent N>" (the Nth reference parent holds) when
 * nothing names it. Writes into out (always terminated); false when parent does not hold child.
 * Runs no Python code. */
bool graph_ref_name(PyObject *parent, PyObject *child, char *out, size_t len);

/* The first __sizeof__ in tp's MRO implemented in C that applies to tp (a borrowed method
 * descriptor), or NULL; *python is set when a class defines one in Python before it. */
PyObject *graph_sizeof_method(PyTypeObject *tp, bool *python);

void graph_blocks_measured_(PyObject *o, BlockSum *out);

/* The heap blocks o owns (o is not static: a shared object is never summed but as the root,
 * which layout_measure measures): the fast sums of blocks.h, else the describer's figure. */
static inline void graph_blocks(GraphRules *g, const GraphType *t, PyObject *o, BlockSum *out)
{
    if (t->blocks != BK_DESCRIBE && blocks_sum(t->blocks, o, t->preheader, &g->blocks, out))
        return;
    graph_blocks_measured_(o, out);
}

#endif
