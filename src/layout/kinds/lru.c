/* kinds/lru.c — functools.lru_cache wrappers (_functools._lru_cache_wrapper, a C heap type).
 * The struct is private to Modules/_functoolsmodule.c, so offsets come from facts.h. The
 * object starts with the root of the cache's circular list; the cache itself is a dict. */
#include "layout/kinds/kinds.h"

#include <string.h>

#include "layout/facts.h"

PyTypeObject *kind_lru_type(void)
{
    static PyTypeObject *type;
    if (!type) /* the C type lives in _functools; kept for the life of the process once found */
        type = lb_loaded_type("_functools", "_lru_cache_wrapper");
    return type;
}

static Py_ssize_t read_ssize(PyObject *o, size_t off)
{
    Py_ssize_t v;
    memcpy(&v, (const char *)o + off, sizeof v);
    return v;
}

/* The embedded root of the doubly linked list of _lru_list_elem (bounded caches only). */
static void lru_root(LayoutBuilder *b, PyObject *o, bool bounded)
{
    void *prev;
    memcpy(&prev, (const char *)o + FACT_LRU_ROOT_PREV, sizeof prev);
    LayoutEntry *e = lb_pointer_typed(b, "root.prev", "lru_list_elem *", FACT_LRU_ROOT_PREV);
    if (prev == (void *)o)
        lb_note(e, bounded ? "list root: points to itself while the cache is empty"
                           : "list root: unused without a maxsize, points to itself");
    else
        lb_note(e, "least recently used entry");
    e = lb_pointer_typed(b, "root.next", "lru_list_elem *", FACT_LRU_ROOT_NEXT);
    if (prev != (void *)o)
        lb_note(e, "most recently used entry");
    e = lb_int(b, "root.hash", "Py_hash_t", FACT_LRU_ROOT_HASH, sizeof(Py_hash_t));
    lb_note(e, "unused in the root");
    e = lb_pointer(b, "root.key", FACT_LRU_ROOT_KEY);
    lb_note(e, "unused in the root");
    e = lb_pointer(b, "root.result", FACT_LRU_ROOT_RESULT);
    lb_note(e, "unused in the root");
}

void kind_lru_describe(LayoutBuilder *b, PyObject *o)
{
    if (Py_TYPE(o)->tp_basicsize < FACT_LRU_SIZE || kind_lru_type() == NULL) {
        kind_opaque_describe(b, o); /* facts.h does not match this build */
        return;
    }
    Py_ssize_t maxsize = read_ssize(o, FACT_LRU_MAXSIZE);
    bool bounded = maxsize > 0;
    lb_header(b, false);
    lru_root(b, o, bounded);
    LayoutEntry *e = lb_cptr(b, "wrapper", "lru_cache_ternaryfunc", FACT_LRU_WRAPPER);
    lb_note(e, maxsize < 0 ? "the unbounded variant (maxsize=None)"
               : maxsize == 0 ? "the uncached variant (maxsize=0)" : "the bounded variant");
    e = lb_int(b, "typed", "int", FACT_LRU_TYPED, sizeof(int));
    lb_note(e, "1: arguments of different types are cached separately");
    e = lb_pointer(b, "cache", FACT_LRU_CACHE);
    lb_note(e, bounded ? "dict: key -> _lru_list_elem (56 bytes each, not GC)" : "dict: key -> result");
    lb_ssize(b, "hits", FACT_LRU_HITS);
    e = lb_pointer(b, "func", FACT_LRU_FUNC);
    lb_note(e, "the wrapped function (__wrapped__)");
    e = lb_ssize(b, "maxsize", FACT_LRU_MAXSIZE);
    if (maxsize < 0)
        lb_note(e, "-1: maxsize=None, no limit");
    lb_ssize(b, "misses", FACT_LRU_MISSES);
    e = lb_pointer(b, "kwd_mark", FACT_LRU_KWD_MARK);
    lb_note(e, "separates positional from keyword arguments in cache keys");
    lb_pointer_typed(b, "lru_list_elem_type", "PyTypeObject *", FACT_LRU_ELEM_TYPE);
    lb_pointer(b, "cache_info_type", FACT_LRU_INFO_TYPE);
    lb_pointer(b, "dict", FACT_LRU_DICT);
    lb_pointer(b, "weakreflist", FACT_LRU_WEAKREF);
    layout_add_note(b->l, "the cache is a separate dict%s; hits and misses are live counters",
                    bounded ? " whose values are list entries linked through root" : "");
}
