/* blocks.h — the heap blocks one object owns, summed in C without running Python: its own
 * block (pre-header included) and the blocks it owns out of line (a list's item array, a
 * dict's keys table and values, a set's table, a 3.11/3.12 instance's values block, a str's
 * UTF-8 copy, ...), with the bytes CPython asked for and what the allocator handed out.
 *
 * The common kinds are summed here directly, fast enough for walks over millions of objects;
 * any other type is measured by its describer (layout_measure in describe.c), so the deep
 * figures and the diagram's footprint always agree. tests/test_deep.c holds both paths to the
 * same numbers. A static object owns no heap block. */
#ifndef OBJSCOPE_BLOCKS_H
#define OBJSCOPE_BLOCKS_H

#include <Python.h>
#include <stdbool.h>
#include <stddef.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "layout/memory.h"

typedef struct {
    size_t size;      /* bytes requested from the allocator, over every block */
    size_t footprint; /* bytes the allocator handed out for them */
    size_t blocks;    /* how many heap blocks */
} BlockSum;

static inline void block_sum_add(BlockSum *to, const BlockSum *x)
{
    to->size += x->size;
    to->footprint += x->footprint;
    to->blocks += x->blocks;
}

typedef enum {
    BK_DESCRIBE,   /* anything else: the describer measures it */
    BK_FIXED,      /* only its own block of tp_basicsize (float, complex, function, cell, ...) */
    BK_INT,        /* exact int or bool */
    BK_STR,        /* exact str */
    BK_BYTES,      /* exact bytes */
    BK_TUPLE,      /* exact tuple */
    BK_LIST,       /* exact list: the object, then its item array */
    BK_DICT,       /* exact dict: the object, its keys table unless shared, its values */
    BK_SET,        /* exact set or frozenset: the object, its table unless the small one */
    BK_INSTANCE,   /* a class-statement class over `object`, neither var-sized nor special */
} BlockKind;

/* What sums keep between objects of one walk (nothing changes while a walk reads): the shared
 * keys of the class summed last. Zero it before the first use. */
typedef struct {
    const void *keys;
    bool keys_ok;
    DictKeysInfo keys_info;
} BlockCache;

/* How instances of t are summed. */
BlockKind blocks_kind(PyTypeObject *t);

/* One heap block of `request` bytes starting at `block`: what the allocator handed out
 * (memory_allocator_size), or the request when that cannot be known. */
static inline void blocks_add(BlockSum *out, const void *block, size_t request)
{
    size_t got = memory_allocator_size(block, request);
    out->size += request;
    out->footprint += got ? got : request;
    out->blocks++;
}

/* The object's own block: `pre` bytes of pre-header, then `size` bytes from its address. */
static inline void blocks_own(BlockSum *out, PyObject *o, size_t pre, size_t size)
{
    blocks_add(out, (const char *)o - pre, pre + size);
}

bool blocks_sum_slow_(BlockKind k, PyObject *o, size_t pre, BlockCache *cache, BlockSum *out);

/* Add o's blocks to *out. `pre` is the pre-header of o's type (fact_preheader_size).
 * Returns false when the fast path cannot be sure (the caller measures o with its describer).
 * The kinds a big graph is mostly made of are summed inline: the deep walk asks this of every
 * object it counts. Each mirrors what the kind's describer (kinds/) declares. */
static inline bool blocks_sum(BlockKind k, PyObject *o, size_t pre, BlockCache *cache,
                              BlockSum *out)
{
    switch (k) {
    case BK_FIXED:
        blocks_own(out, o, pre, (size_t)Py_TYPE(o)->tp_basicsize);
        return true;
    case BK_INT: /* kinds/number.c: the digits in use, at least one from 3.11 (_PyLong_New) */
        blocks_own(out, o, 0, fact_long_sizeof(o));
        return true;
    case BK_STR: { /* kinds/str.c: a compact ASCII string is one block; blocks.c sums the rest */
        size_t size = fact_ascii_str_size(o);
        if (!size)
            return blocks_sum_slow_(k, o, pre, cache, out);
        blocks_own(out, o, 0, size);
        return true;
    }
    case BK_BYTES:
        blocks_own(out, o, 0, offsetof(PyBytesObject, ob_sval) + (size_t)Py_SIZE(o) + 1);
        return true;
    case BK_TUPLE:
        blocks_own(out, o, pre,
                   offsetof(PyTupleObject, ob_item) + (size_t)Py_SIZE(o) * sizeof(PyObject *));
        return true;
    case BK_LIST: {
        PyListObject *lo = (PyListObject *)o;
        blocks_own(out, o, pre, sizeof(PyListObject));
        if (lo->ob_item && lo->allocated > 0 && lo->allocated >= Py_SIZE(o))
            blocks_add(out, lo->ob_item, (size_t)lo->allocated * sizeof(PyObject *));
        return true;
    }
    default:
        return blocks_sum_slow_(k, o, pre, cache, out);
    }
}

#endif
