/* kinds/collections.c — collections.deque and OrderedDict.
 * A deque is a header and a doubly linked chain of 528-byte
 * blocks (leftlink, data[64], rightlink), each allocated on its own. The items run from
 * data[leftindex] of the left block to data[rightindex] of the right one; the other slots hold
 * stale pointers and are never followed. From 3.11 a deque keeps up to 16 emptied blocks for
 * reuse (freeblocks), owned but not counted by __sizeof__. The struct is private to
 * Modules/_collectionsmodule.c: offsets come from facts.h and are checked against the live
 * object (the chain's length and its last block) before anything past the header is read.
 * An OrderedDict (Objects/odictobject.c) is a dict plus a doubly linked list of 32-byte nodes
 * (key, hash, next, prev), one block each, in insertion order, and od_fast_nodes: an array
 * parallel to the dict's index table that finds a key's node. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/describe.h"
#include "layout/facts.h"
#include "layout/memory.h"
#include "util/xalloc.h"

/* Blocks shown one by one at each end of the chain; the middle is one entry. */
#define DEQUE_HEAD_BLOCKS 2
#define DEQUE_TAIL_BLOCKS 1

PyTypeObject *kind_deque_type(PyTypeObject *candidate)
{
    static PyTypeObject *type;
    return kind_type_named(candidate, "collections.deque", "collections", "deque", &type);
}

static const void *word_at(const void *base, size_t off)
{
    const void *p;
    memcpy(&p, (const char *)base + off, sizeof p);
    return p;
}

static Py_ssize_t ssize_at(const void *base, size_t off)
{
    Py_ssize_t v;
    memcpy(&v, (const char *)base + off, sizeof v);
    return v;
}

typedef struct {
    const void *left, *right;
    Py_ssize_t leftindex, rightindex, len;
    size_t nblocks; /* in the chain, as deque.__sizeof__ counts them */
} DequeShape;

/* The shape of the chain, if the object agrees with facts.h: indices in range, and the right
 * block exactly nblocks - 1 links away from the left one. */
static bool deque_shape(PyObject *o, DequeShape *s)
{
    if ((size_t)Py_TYPE(o)->tp_basicsize < FACT_DEQUE_SIZE)
        return false;
    s->left = word_at(o, FACT_DEQUE_LEFTBLOCK);
    s->right = word_at(o, FACT_DEQUE_RIGHTBLOCK);
    s->leftindex = ssize_at(o, FACT_DEQUE_LEFTINDEX);
    s->rightindex = ssize_at(o, FACT_DEQUE_RIGHTINDEX);
    s->len = Py_SIZE(o);
    if (!s->left || !s->right || s->len < 0 || s->leftindex < 0 ||
        s->leftindex >= FACT_DEQUE_BLOCKLEN || s->rightindex < -1 ||
        s->rightindex >= FACT_DEQUE_BLOCKLEN)
        return false;
    s->nblocks = (size_t)(s->leftindex + s->len + FACT_DEQUE_BLOCKLEN - 1) / FACT_DEQUE_BLOCKLEN;
    const void *blk = s->left;
    for (size_t i = 1; i < s->nblocks && blk; i++)
        blk = word_at(blk, FACT_BLOCK_RIGHTLINK);
    return s->nblocks > 0 && blk == s->right;
}

/* data[from..to) of the current block as one row of `role` (an elided or unused run). */
static void slot_run(LayoutBuilder *b, size_t from, size_t to, LayoutRole role, const char *note)
{
    if (to <= from)
        return;
    char name[48];
    snprintf(name, sizeof name, to - from == 1 ? "data[%zu]" : "data[%zu..%zu]", from, to - 1);
    LayoutEntry *e = lb_row(b, name, "PyObject *", FACT_BLOCK_DATA + from * sizeof(PyObject *),
                            (to - from) * sizeof(PyObject *), role);
    if (!e)
        return;
    e->count = to - from;
    free(e->hex); /* a run: its first bytes would read as if they were all of it */
    e->hex = NULL;
    lb_note(e, "%s", note);
}

/* The slots of one block, items [first, last] live: data[i] as the array's item i, so an
 * elided run is labelled by slot and opens through lb_array. */
typedef struct {
    size_t first;
    Py_ssize_t item0; /* the deque index of data[first] */
} BlockSlots;

static const char *const stale_note = "not in use (stale pointers, never followed)";

static size_t block_slot(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    const BlockSlots *s = a->ctx;
    if (i < s->first) { /* the stale slots before the left end, as one row */
        size_t stop = s->first < end ? s->first : end;
        slot_run(b, i, stop, ROLE_UNUSED, stale_note);
        return stop - i;
    }
    char name[32];
    snprintf(name, sizeof name, "data[%zu]", i);
    lb_note(lb_pointer(b, name, a->off + i * sizeof(PyObject *)), "d[%zd]",
            s->item0 + (Py_ssize_t)(i - s->first));
    return 1;
}

/* An elided run that starts among the stale slots of the left block says so. */
static void block_run(LayoutBuilder *b, const LbArray *a, size_t first, size_t n, LayoutEntry *e)
{
    (void)b;
    (void)n;
    const BlockSlots *s = a->ctx;
    if (first < s->first)
        lb_note(e, "slots %zu..%zu not in use, then items from d[0]: Enter shows them", first,
                s->first - 1);
}

/* One block of the chain: its links and its 64 slots. */
static void deque_block(LayoutBuilder *b, const void *blk, size_t index, bool last_block,
                        size_t first, size_t last, Py_ssize_t item0)
{
    char name[64];
    snprintf(name, sizeof name, "block %zu", index);
    LayoutBuffer *buf = lb_buffer_begin(b, name, blk, FACT_BLOCK_SIZE, FACT_BLOCK_SIZE, true);
    buf->note = xasprintf("items %zd to %zd of the deque", item0, item0 + (Py_ssize_t)(last - first));
    lb_note(lb_cptr(b, "leftlink", "struct BLOCK *", FACT_BLOCK_LEFTLINK),
            index == 0 ? "the left end: not followed" : "the block before");
    BlockSlots slots = {first, item0};
    LbArray a = {.name = "data", .ctype = "PyObject *", .off = FACT_BLOCK_DATA,
                 .item_size = sizeof(PyObject *), .count = last + 1, .run_role = ROLE_POINTER,
                 .item = block_slot, .run = block_run, .ctx = &slots};
    lb_array(b, &a);
    slot_run(b, last + 1, FACT_DEQUE_BLOCKLEN, ROLE_UNUSED, stale_note);
    lb_note(lb_cptr(b, "rightlink", "struct BLOCK *", FACT_BLOCK_RIGHTLINK),
            last_block ? "the right end: not followed" : "the block after");
    lb_buffer_end(b);
}

/* n like blocks of `size` bytes linked through the word at `next_off`, from `first`, as one
 * entry (LayoutBuffer.nblocks): their allocator sizes summed, one row naming the run. */
static void chain_run(LayoutBuilder *b, const char *name, const void *first, size_t n,
                      size_t size, size_t next_off, const char *row_note)
{
    size_t alloc = 0;
    const void *blk = first;
    for (size_t i = 0; i < n && blk; i++, blk = word_at(blk, next_off))
        alloc += memory_allocator_size(blk, size);
    LayoutBuffer *buf = lb_buffer_begin(b, name, first, size, size, true);
    buf->size = buf->used = buf->sizeof_charge = n * size;
    buf->allocator_size = alloc;
    buf->nblocks = n;
    buf->note = xasprintf("%zu blocks of %zu bytes, not shown one by one", n, size);
    b->buf_size = buf->size; /* the row below names the whole run; only its first bytes are read */
    LayoutEntry *e = lb_row(b, name, "", 0, buf->size, ROLE_DATA);
    if (e) {
        free(e->hex);
        e->hex = NULL;
        e->count = n;
        lb_note(e, "%s", row_note);
    }
    lb_buffer_end(b);
}

/* The blocks between the shown ends of a deque, all full. */
static void deque_middle(LayoutBuilder *b, const void *first, size_t from, size_t n)
{
    char name[64];
    snprintf(name, sizeof name, "blocks %zu..%zu", from, from + n - 1);
    chain_run(b, name, first, n, FACT_BLOCK_SIZE, FACT_BLOCK_RIGHTLINK,
              "each: leftlink, data[64] all in use, rightlink");
}

static void deque_chain(LayoutBuilder *b, const DequeShape *s)
{
    const void *blk = s->left;
    Py_ssize_t item = 0;
    for (size_t i = 0; i < s->nblocks && blk; i++) {
        if (i == DEQUE_HEAD_BLOCKS && s->nblocks > DEQUE_HEAD_BLOCKS + DEQUE_TAIL_BLOCKS + 1) {
            size_t n = s->nblocks - DEQUE_HEAD_BLOCKS - DEQUE_TAIL_BLOCKS;
            deque_middle(b, blk, i, n);
            for (size_t k = 0; k < n; k++)
                blk = word_at(blk, FACT_BLOCK_RIGHTLINK);
            item += (Py_ssize_t)n * FACT_DEQUE_BLOCKLEN;
            i += n - 1;
            continue;
        }
        size_t first = i == 0 ? (size_t)s->leftindex : 0;
        size_t last = i + 1 == s->nblocks ? (size_t)s->rightindex : FACT_DEQUE_BLOCKLEN - 1;
        if (s->len == 0 || last < first) { /* an empty deque keeps one block */
            lb_buffer_begin(b, "block 0", blk, FACT_BLOCK_SIZE, FACT_BLOCK_SIZE, true)->note =
                xstrdup("empty: kept so that appends on either side need no allocation");
            lb_buffer_end(b);
        } else {
            deque_block(b, blk, i, i + 1 == s->nblocks, first, last, item);
            item += (Py_ssize_t)(last + 1 - first);
        }
        blk = word_at(blk, FACT_BLOCK_RIGHTLINK);
    }
}

#if FACT_DEQUE_FREEBLOCKS
/* Emptied blocks kept for the next growth: owned, never counted by __sizeof__. */
static void deque_free_blocks(LayoutBuilder *b, PyObject *o)
{
    Py_ssize_t n = ssize_at(o, FACT_DEQUE_NUMFREE);
    LayoutEntry *e = lb_ssize(b, "numfreeblocks", FACT_DEQUE_NUMFREE);
    lb_note(e, "emptied blocks kept for reuse (at most %d)", FACT_DEQUE_MAXFREE);
    if (n < 0 || n > FACT_DEQUE_MAXFREE)
        n = 0;
    char name[40];
    snprintf(name, sizeof name, "freeblocks[%zd..%d]", n, FACT_DEQUE_MAXFREE - 1);
    size_t unused = FACT_DEQUE_FREELIST + (size_t)n * sizeof(void *);
    if (n < FACT_DEQUE_MAXFREE)
        lb_note(lb_row(b, name, "block *", unused, FACT_DEQUE_FREELIST +
                       FACT_DEQUE_MAXFREE * sizeof(void *) - unused, ROLE_UNUSED), "not in use");
    for (size_t i = 0; i < (size_t)n; i++) {
        size_t off = FACT_DEQUE_FREELIST + i * sizeof(void *);
        snprintf(name, sizeof name, "freeblocks[%zu]", i);
        lb_cptr(b, name, "block *", off);
        const void *blk = word_at(o, off);
        snprintf(name, sizeof name, "free block %zu", i);
        lb_buffer_begin(b, name, blk, FACT_BLOCK_SIZE, 0, false)->note =
            xstrdup("kept for reuse: owned by the deque, not counted by __sizeof__");
        lb_buffer_end(b);
    }
}
#endif

void kind_deque_describe(LayoutBuilder *b, PyObject *o)
{
    DequeShape s;
    if (!deque_shape(o, &s)) {
        kind_opaque_describe(b, o); /* facts.h does not match this build */
        return;
    }
    lb_header(b, true);
    lb_note(kind_last_row(b), "the deque's length");
    lb_note(lb_cptr(b, "leftblock", "block *", FACT_DEQUE_LEFTBLOCK), "the leftmost block");
    lb_note(lb_cptr(b, "rightblock", "block *", FACT_DEQUE_RIGHTBLOCK), "the rightmost block");
    lb_note(lb_ssize(b, "leftindex", FACT_DEQUE_LEFTINDEX), "d[0] is leftblock->data[leftindex]");
    lb_note(lb_ssize(b, "rightindex", FACT_DEQUE_RIGHTINDEX),
            "d[-1] is rightblock->data[rightindex]");
    lb_note(lb_uint(b, "state", "size_t", FACT_DEQUE_STATE, sizeof(size_t)),
            "counts changes: an iterator stops if the deque changes under it");
    LayoutEntry *e = lb_ssize(b, "maxlen", FACT_DEQUE_MAXLEN);
    if (ssize_at(o, FACT_DEQUE_MAXLEN) < 0)
        lb_note(e, "-1: unbounded");
#if FACT_DEQUE_FREEBLOCKS
    deque_free_blocks(b, o);
#endif
    lb_pointer(b, "weakreflist", FACT_DEQUE_WEAKREF);
    deque_chain(b, &s);
    layout_add_note(b->l, "a deque is a chain of %zu block%s of 64 item slots: appending at "
                    "either end never moves the items", s.nblocks, s.nblocks == 1 ? "" : "s");
}

/* ---- OrderedDict ----------------------------------------------------------------------------- */

/* Nodes shown one by one at each end of the list; the middle is one entry. */
#define ODICT_HEAD_NODES 2
#define ODICT_TAIL_NODES 1

static void odict_node(LayoutBuilder *b, const void *node, size_t index, size_t count)
{
    char name[48];
    snprintf(name, sizeof name, "node %zu", index);
    lb_buffer_begin(b, name, node, FACT_ODICTNODE_SIZE, FACT_ODICTNODE_SIZE, true)->note =
        xasprintf("key %zu of %zu in the OrderedDict's order", index, count);
    lb_note(lb_pointer(b, "key", FACT_ODICTNODE_KEY), "the key (a strong reference)");
    lb_int(b, "hash", "Py_hash_t", FACT_ODICTNODE_HASH, sizeof(Py_hash_t));
    lb_note(lb_cptr(b, "next", "_ODictNode *", FACT_ODICTNODE_NEXT),
            index + 1 == count ? "NULL: the last" : "the next node");
    lb_note(lb_cptr(b, "prev", "_ODictNode *", FACT_ODICTNODE_PREV),
            index == 0 ? "NULL: the first" : "the node before");
    lb_buffer_end(b);
}

static void odict_nodes(LayoutBuilder *b, const void *first, size_t count)
{
    const void *node = first;
    for (size_t i = 0; i < count && node; i++) {
        if (i == ODICT_HEAD_NODES && count > ODICT_HEAD_NODES + ODICT_TAIL_NODES + 1) {
            size_t n = count - ODICT_HEAD_NODES - ODICT_TAIL_NODES;
            char name[64];
            snprintf(name, sizeof name, "nodes %zu..%zu", i, i + n - 1);
            chain_run(b, name, node, n, FACT_ODICTNODE_SIZE, FACT_ODICTNODE_NEXT,
                      "each: key, hash, next, prev");
            for (size_t k = 0; k < n && node; k++)
                node = word_at(node, FACT_ODICTNODE_NEXT);
            i += n - 1;
            continue;
        }
        odict_node(b, node, i, count);
        node = word_at(node, FACT_ODICTNODE_NEXT);
    }
}

static size_t fast_node(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    (void)end;
    char name[40];
    snprintf(name, sizeof name, "od_fast_nodes[%zu]", i);
    lb_cptr(b, name, "_ODictNode *", a->off + i * sizeof(void *));
    return 1;
}

/* od_fast_nodes: one _ODictNode * per slot of the dict's index table. */
static void odict_fast_nodes(LayoutBuilder *b, const void *fast, size_t n)
{
    LayoutBuffer *buf = lb_buffer_begin(b, "od_fast_nodes array", fast, n * sizeof(void *),
                                        n * sizeof(void *), true);
    buf->note = xstrdup("for each slot of the dict's index table, the node of its key");
    LbArray a = {.name = "od_fast_nodes", .ctype = "_ODictNode *", .off = 0,
                 .item_size = sizeof(void *), .count = n, .run_role = ROLE_DATA,
                 .item = fast_node};
    lb_array(b, &a);
    lb_buffer_end(b);
}

/* The list agrees with the dict: as many nodes as keys, od_last at the end. */
static bool odict_checked(PyObject *o, size_t *count)
{
    if ((size_t)layout_solid_base(Py_TYPE(o))->tp_basicsize != FACT_ODICT_SIZE)
        return false;
    const void *node = word_at(o, FACT_ODICT_FIRST), *last = NULL;
    size_t n = 0, want = (size_t)PyDict_GET_SIZE(o);
    for (; node && n <= want; n++, node = word_at(node, FACT_ODICTNODE_NEXT))
        last = node;
    *count = n;
    return n == want && last == word_at(o, FACT_ODICT_LAST);
}

void kind_odict_describe(LayoutBuilder *b, PyObject *o)
{
    size_t count;
    if (!odict_checked(o, &count)) {
        kind_opaque_describe(b, o); /* facts.h does not match this build */
        return;
    }
    kind_dict_describe(b, o);
    lb_buffer_end(b);
    lb_object_size(b, FACT_ODICT_SIZE, (size_t)Py_TYPE(o)->tp_basicsize);
    lb_note(lb_cptr(b, "od_first", "_ODictNode *", FACT_ODICT_FIRST), "the oldest key's node");
    lb_note(lb_cptr(b, "od_last", "_ODictNode *", FACT_ODICT_LAST), "the newest key's node");
    const void *fast = word_at(o, FACT_ODICT_FAST_NODES);
    Py_ssize_t nfast = ssize_at(o, FACT_ODICT_FAST_SIZE);
    lb_cptr(b, "od_fast_nodes", "_ODictNode **", FACT_ODICT_FAST_NODES);
    lb_note(lb_ssize(b, "od_fast_nodes_size", FACT_ODICT_FAST_SIZE),
            "the dict's index table size when the array was made");
    lb_note(lb_cptr(b, "od_resize_sentinel", "void *", FACT_ODICT_RESIZE_SENTINEL),
            "the keys table the array was made for: another one means rebuild it");
    lb_note(lb_uint(b, "od_state", "size_t", FACT_ODICT_STATE, sizeof(size_t)),
            "counts changes, for iterators");
    lb_note(lb_pointer(b, "od_inst_dict", FACT_ODICT_INST_DICT), "__dict__");
    lb_pointer(b, "od_weakreflist", FACT_ODICT_WEAKREF);
    if (fast && nfast > 0)
        odict_fast_nodes(b, fast, (size_t)nfast);
    odict_nodes(b, word_at(o, FACT_ODICT_FIRST), count);
    layout_add_note(b->l, "an OrderedDict is a dict plus %zu linked node%s of %d bytes and the "
                    "od_fast_nodes array: it keeps its own order, which move_to_end changes",
                    count, count == 1 ? "" : "s", FACT_ODICTNODE_SIZE);
}
