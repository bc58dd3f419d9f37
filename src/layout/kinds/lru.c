/* kinds/lru.c — functools.lru_cache wrappers (_functools._lru_cache_wrapper, a C heap type).
 * The struct is private to Modules/_functoolsmodule.c, so offsets come from facts.h. The
 * object starts with the root of the cache's circular list; the cache itself is a dict. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
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

/* One link (prev or next) at off: in the root it names an end of the list, in an entry the
 * neighbour it leads to, or the root when the entry is itself an end. */
static void link_row(LayoutBuilder *b, PyObject *o, const char *name, size_t off, bool is_root,
                     const char *root_end, const char *neighbour, const char *entry_end)
{
    void *p;
    memcpy(&p, (const char *)o + off, sizeof p);
    LayoutEntry *e = lb_pointer_typed(b, name, "lru_list_elem *", off);
    if (is_root)
        lb_note(e, "%s", p == (void *)o ? "points to itself: the list is empty" : root_end);
    else
        lb_note(e, "%s", e && e->target_type && strstr(e->target_type, "lru_cache") ? entry_end
                                                                                   : neighbour);
}

/* The links of the cache's doubly linked list (Modules/_functoolsmodule.c, bounded_lru_cache_
 * wrapper): lru_cache_append_link puts each new or hit entry at root.prev, and a full cache
 * evicts root.next. So prev leads to older entries and next to newer ones, and the root (the
 * wrapper itself) closes the ring at both ends. */
static void link_rows(LayoutBuilder *b, PyObject *o, const char *pre, bool is_root)
{
    char name[32];
    snprintf(name, sizeof name, "%sprev", pre);
    link_row(b, o, name, FACT_LRU_ROOT_PREV, is_root,
             "the most recently used entry (the newest call)", "the next older entry",
             "the root: this is the oldest entry, evicted next when the cache is full");
    snprintf(name, sizeof name, "%snext", pre);
    link_row(b, o, name, FACT_LRU_ROOT_NEXT, is_root,
             "the least recently used entry: evicted next when full", "the next newer entry",
             "the root: this is the newest entry");
    LayoutEntry *e;
    snprintf(name, sizeof name, "%shash", pre);
    e = lb_int(b, name, "Py_hash_t", FACT_LRU_ROOT_HASH, sizeof(Py_hash_t));
    lb_note(e, is_root ? "unused in the root" : "the key's hash, kept so a hit needs no __hash__");
    snprintf(name, sizeof name, "%skey", pre);
    e = lb_pointer(b, name, FACT_LRU_ROOT_KEY);
    lb_note(e, is_root ? "unused in the root"
                       : "the cache key: the argument itself, or a tuple of the arguments");
    snprintf(name, sizeof name, "%sresult", pre);
    e = lb_pointer(b, name, FACT_LRU_ROOT_RESULT);
    lb_note(e, is_root ? "unused in the root" : "the cached return value");
}

/* functools._lru_list_elem: one entry of a bounded cache (the cache dict's value for its key).
 * The type is the module's own (static before 3.12, a heap type from a spec since) and is not
 * exported, so it is known by its name and size. */
bool kind_lru_elem_is(PyTypeObject *t)
{
    return t->tp_basicsize == FACT_LRU_ELEM_SIZE && strcmp(t->tp_name, "functools._lru_list_elem") == 0;
}

void kind_lru_elem_describe(LayoutBuilder *b, PyObject *o)
{
    lb_object_size(b, FACT_LRU_ELEM_SIZE, FACT_LRU_ELEM_SIZE);
    lb_header(b, false);
    link_rows(b, o, "", false);
    layout_add_note(b->l, "one entry of an lru_cache: Enter on prev and next walks the list from "
                    "the oldest call to the newest; the cache dict maps its key to this entry");
}

/* Without a maxsize the root is never linked: the cache dict holds the results directly. */
static void unbounded_root(LayoutBuilder *b)
{
    const struct { const char *name, *ctype; size_t off; } f[] = {
        {"root.prev", "lru_list_elem *", FACT_LRU_ROOT_PREV},
        {"root.next", "lru_list_elem *", FACT_LRU_ROOT_NEXT},
        {"root.hash", "Py_hash_t", FACT_LRU_ROOT_HASH},
        {"root.key", "PyObject *", FACT_LRU_ROOT_KEY},
        {"root.result", "PyObject *", FACT_LRU_ROOT_RESULT},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        LayoutEntry *e = i == 2 ? lb_int(b, f[i].name, f[i].ctype, f[i].off, 8)
                                : lb_pointer_typed(b, f[i].name, f[i].ctype, f[i].off);
        lb_note(e, "list root: unused without a maxsize");
    }
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
    if (bounded)
        link_rows(b, o, "root.", true);
    else
        unbounded_root(b);
    LayoutEntry *e = lb_cptr(b, "wrapper", "lru_cache_ternaryfunc", FACT_LRU_WRAPPER);
    lb_note(e, maxsize < 0 ? "the unbounded variant (maxsize=None)"
               : maxsize == 0 ? "the uncached variant (maxsize=0)" : "the bounded variant");
    e = lb_int(b, "typed", "int", FACT_LRU_TYPED, sizeof(int));
    lb_note(e, "1: arguments of different types are cached separately");
    e = lb_pointer(b, "cache", FACT_LRU_CACHE);
    lb_note(e, bounded ? "dict: key -> _lru_list_elem (56 bytes each)" : "dict: key -> result");
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
