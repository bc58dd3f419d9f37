/* blocks.c — the fast sums of blocks.h for the kinds a large graph is made of. Each mirrors
 * what the kind's describer (kinds/) declares: the same object size, the same out-of-line
 * blocks, measured with the same allocator query, so the walk and the diagram agree to the
 * byte. Anything a describer would show with a note rather than a plain block goes back to the
 * describer (return false). */
#include "layout/blocks.h"

#include <string.h>

#include "layout/describe.h"
#include "layout/facts.h"
#include "layout/internals.h"
#include "layout/memory.h"

/* ---- which kind ------------------------------------------------------------------------------ */

/* Exact builtin types whose describer declares tp_basicsize and no other block. */
static bool fixed_type(PyTypeObject *t)
{
    return t == &PyFloat_Type || t == &PyComplex_Type || t == &PyFunction_Type ||
           t == &PyCell_Type || t == &PyMethod_Type || t == &PyRange_Type || t == &PySlice_Type;
}

BlockKind blocks_kind(PyTypeObject *t)
{
    if (t == &PyLong_Type || t == &PyBool_Type)
        return BK_INT;
    if (t == &PyUnicode_Type)
        return BK_STR;
    if (t == &PyBytes_Type)
        return BK_BYTES;
    if (t == &PyTuple_Type)
        return BK_TUPLE;
    if (t == &PyList_Type)
        return BK_LIST;
    if (t == &PyDict_Type)
        return BK_DICT;
    if (t == &PySet_Type || t == &PyFrozenSet_Type)
        return BK_SET;
    if (fixed_type(t))
        return BK_FIXED;
    if (t->tp_itemsize == 0 && layout_is_python_class(t) &&
        layout_solid_base(t) == &PyBaseObject_Type)
        return BK_INSTANCE;
    return BK_DESCRIBE;
}

/* ---- the kinds ------------------------------------------------------------------------------- */

/* kinds/str.c: a compact string that is not ASCII (blocks_sum sums the ASCII ones); a legacy
 * string, or a wchar_t copy, goes to the describer. It may own a UTF-8 copy in its own block. */
static bool str_sum(PyObject *o, BlockSum *out)
{
    PyASCIIObject *a = (PyASCIIObject *)o;
    if (!a->state.compact || a->state.ascii)
        return false;
#if FACT_STR_WSTR
    if (a->wstr)
        return false;
#endif
    size_t len = (size_t)a->length, kind = a->state.kind;
    if (kind != 1 && kind != 2 && kind != 4)
        return false;
    const PyCompactUnicodeObject *c = (const PyCompactUnicodeObject *)o;
    blocks_own(out, o, 0, sizeof(PyCompactUnicodeObject) + (len + 1) * kind);
    if (c->utf8 && (const void *)c->utf8 != (const void *)(c + 1))
        blocks_add(out, c->utf8, (size_t)c->utf8_length + 1);
    return true;
}

/* kinds/dict.c: the keys table unless it is the static empty one or shared (dk_refcnt > 1:
 * a class's instances), and a split dict's values unless they live inside an instance. */
static bool dict_sum(PyObject *o, size_t pre, BlockSum *out)
{
    DictKeysInfo k;
    DictValuesInfo v = {0};
    if (internals_dict_keys(o, &k) < 0 || internals_dict_values(o, &k, &v) < 0)
        return false;
    blocks_own(out, o, pre, sizeof(PyDictObject));
    if (k.refcnt == 1 && !k.is_empty_singleton) /* Py_EMPTY_KEYS is static */
        blocks_add(out, k.base, k.block_size);
    if (v.values && !v.embedded)
        blocks_add(out, v.block, v.block_size);
    return true;
}

/* The class's shared keys, read once per class in a row. */
static const DictKeysInfo *shared_keys(PyTypeObject *t, BlockCache *cache)
{
    const void *keys = internals_cached_keys(t);
    if (!keys)
        return NULL;
    if (keys != cache->keys) {
        cache->keys = keys;
        cache->keys_ok = internals_keys_info(keys, true, &cache->keys_info) == 0;
    }
    return cache->keys_ok ? &cache->keys_info : NULL;
}

/* kinds/instance.c: the class's basicsize (slots, __dict__ and __weakref__ fields), 3.13
 * inline values and what was allocated for a larger capacity, and the 3.11/3.12 values block
 * at the smallest capacity its records allow. */
static bool instance_sum(PyObject *o, size_t pre, BlockCache *cache, BlockSum *out)
{
    ManagedDictInfo m;
    internals_managed_dict(o, &m);
    size_t size = (size_t)Py_TYPE(o)->tp_basicsize;
    if (m.values_inline) {
        bool exact;
        size += internals_inline_values_size(o) + internals_inline_values_slack(o, &exact);
    }
    blocks_own(out, o, pre, size);
    if (!m.values || m.values_inline)
        return true;
    const void *block;
    size_t bytes;
    if (internals_values_block(m.values, shared_keys(Py_TYPE(o), cache), &block, &bytes) < 0)
        return false;
    blocks_add(out, block, bytes);
    return true;
}

/* The kinds blocks_sum does not sum inline. */
bool blocks_sum_slow_(BlockKind k, PyObject *o, size_t pre, BlockCache *cache, BlockSum *out)
{
    switch (k) {
    case BK_STR:
        return str_sum(o, out);
    case BK_DICT:
        return dict_sum(o, pre, out);
    case BK_SET: {
        PySetObject *so = (PySetObject *)o;
        blocks_own(out, o, pre, sizeof(PySetObject));
        size_t slots = (size_t)so->mask + 1;
        if (so->table != so->smalltable && slots >= PySet_MINSIZE)
            blocks_add(out, so->table, slots * sizeof(setentry));
        return true;
    }
    case BK_INSTANCE:
        return instance_sum(o, pre, cache, out);
    default:
        return false;
    }
}
