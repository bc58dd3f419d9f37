/* kinds/dict.c — dict: the 48-byte PyDictObject, its keys table (header, index array, entries;
 * owned, or shared by a class's instances, or the static empty table) and a split dict's values
 * array (3.10 plain block, 3.11/3.12 block behind a prefix, 3.13 PyDictValues that may live
 * inside the owning instance). The rows of the keys table and the values are dictkeys.c's. */
#include "layout/kinds/kinds.h"
#include "layout/kinds/dictkeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/graph.h"
#include "layout/internals.h"
#include "util/xalloc.h"

/* The tag word after ma_used (ma_version_tag, Py_DEPRECATED outside the core in 3.12/3.13;
 * _ma_watcher_tag since 3.14); its offset is taken once here. */
static size_t version_offset(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return offsetof(PyDictObject, FACT_DICT_TAG_MEMBER);
#pragma GCC diagnostic pop
}

static void keys_buffer(LayoutBuilder *b, const DictKeysInfo *k, const DictValuesInfo *v)
{
    bool counted = k->refcnt == 1; /* _PyDict_SizeOf: keys are charged only to their sole user */
    LayoutBuffer *buf = dictkeys_buffer(b, "dict keys table", k, v, counted);
    if (buf->is_static)
        buf->note = xstrdup("the empty keys singleton (Py_EMPTY_KEYS), static in libpython");
    else if (!counted) {
        buf->shared = true;
        buf->note = xstrdup(k->kind == DICT_KIND_SPLIT
                                ? "shared keys of a class's instances: charged to the class"
                                : "shared with other dicts: not charged to this one");
    }
}

/* ---- values array of a split dict ----------------------------------------------------------- */

/* Like lb_buffer_begin, for a block inside another object (3.13 values embedded in their
 * instance): an interior pointer has no allocator block of its own, so none is measured
 * (asking malloc about an interior pointer is undefined). */
static LayoutBuffer *buffer_inside(LayoutBuilder *b, const char *name, const void *addr,
                                   size_t size, size_t used)
{
    LayoutBuffer *buf = layout_add_buffer(b->l, name);
    buf->address = (uintptr_t)addr;
    buf->size = size;
    buf->used = used;
    buf->in_sizeof = true;
    buf->shared = true;
    b->buf = buf;
    b->buf_base = addr;
    b->buf_size = size;
    b->buf_in_sizeof = true;
    return buf;
}

static void values_buffer(LayoutBuilder *b, PyObject *o, const DictKeysInfo *k,
                          const DictValuesInfo *v)
{
    size_t charge = internals_dict_values_sizeof(o, k);
    size_t used = (size_t)(v->values - v->block) + k->nentries * sizeof(PyObject *);
    if (used > v->block_size)
        used = v->block_size;
    LayoutBuffer *buf = v->embedded
        ? buffer_inside(b, "values (inside the instance)", v->block, v->block_size, used)
        : lb_buffer_begin(b, "values array (split dict)", v->block, v->block_size, used, true);
    buf->sizeof_charge = charge;
    if (v->embedded)
        buf->note = xasprintf("the instance's inline values: its bytes, not the dict's; "
                              "__sizeof__ still charges %zu", charge);
    else if (!v->capacity_exact)
        buf->note = xasprintf("capacity %zu inferred (CPython records only the prefix size); "
                              "__sizeof__ charges %zu: the class's current capacity",
                              v->capacity, charge);
    else if (charge != v->block_size)
        buf->note = xasprintf("__sizeof__ charges %zu: the class's current capacity, not this "
                              "block", charge);
    DictValuesView view = {.keys = k, .start = 0, .capacity = v->capacity, .live = true};
    dictvalues_rows(b, v, &view);
    lb_buffer_end(b);
}

/* ---- the dict object ------------------------------------------------------------------------ */

static void version_row(LayoutBuilder *b)
{
    LayoutEntry *e = lb_uint(b, FACT_DICT_TAG_NAME, "uint64_t", version_offset(), sizeof(uint64_t));
    lb_note(e, "%s", FACT_DICT_TAG_NOTE);
}

static void dict_fields(LayoutBuilder *b, PyDictObject *mp, bool split)
{
    lb_header(b, false);
    lb_note(lb_ssize(b, "ma_used", offsetof(PyDictObject, ma_used)), "items in the dict");
    version_row(b);
    lb_note(lb_cptr(b, "ma_keys", "PyDictKeysObject *", offsetof(PyDictObject, ma_keys)),
            "the keys table, allocated separately");
    LayoutEntry *v = lb_cptr(b, "ma_values", "PyDictValues *", offsetof(PyDictObject, ma_values));
    if (split)
        lb_note(v, "split table: keys shared, this dict's values here");
    else if (mp->ma_values)
        lb_note(v, "3.10 empty dict: a static empty array, not a split table");
    else
        lb_note(v, "NULL: combined table, values live in the entries");
}

/* 3.15 frozendict: a PyDictObject then its cached hash (PyFrozenDictObject). */
static void frozen_hash_row(LayoutBuilder *b, PyObject *o, size_t off)
{
    Py_hash_t h;
    memcpy(&h, (const char *)o + off, sizeof h);
    LayoutEntry *e = lb_int(b, "ma_hash", "Py_hash_t", off, sizeof(Py_hash_t));
    lb_note(e, "3.15: frozendict caches its hash%s", h == -1 ? "; -1: not computed yet" : "");
}

void kind_dict_describe(LayoutBuilder *b, PyObject *o)
{
    PyDictObject *mp = (PyDictObject *)o;
    /* dict.__sizeof__ starts from the object's own type's basicsize, so a subclass's extra
     * fields are counted too: tell kind_subclass_extras how far the count reaches. */
    size_t hash_off = internals_frozendict_hash_offset(o);
    size_t own = hash_off ? hash_off + sizeof(Py_hash_t) : sizeof(PyDictObject);
    lb_object_size(b, own, (size_t)Py_TYPE(o)->tp_basicsize);
    DictKeysInfo k;
    DictValuesInfo v = {0};
    bool ok = internals_dict_keys(o, &k) == 0 && internals_dict_values(o, &k, &v) == 0;
    dict_fields(b, mp, ok && v.values);
    if (hash_off)
        frozen_hash_row(b, o, hash_off);
    if (!ok) {
        layout_add_note(b->l, "the keys table could not be read consistently: not shown");
        return;
    }
    keys_buffer(b, &k, &v);
    if (v.values)
        values_buffer(b, o, &k, &v);
    if (k.is_empty_singleton)
        layout_add_note(b->l, "an empty dict shares the static empty keys table; the first "
                        "insertion allocates its own");
    else if (k.nentries > 0 && graph_dict_table(o, &(DictKeysInfo){0}) == GRAPH_DICT_KEYS_HELD)
        layout_add_note(b->l, "its keys are all str, which dict's tp_traverse does not report: "
                        "gc.get_referents and the deep getsizeof figure miss them; the deep and "
                        "exclusive sizes count them");
}
