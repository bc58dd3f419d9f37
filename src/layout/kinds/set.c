/* kinds/set.c — set and frozenset (PySetObject, Include/cpython/setobject.h): an open-addressing
 * table of 16-byte setentry {key, hash}; up to 8 slots inside the object (smalltable), larger
 * tables in a separate block that `table` points to. A slot is empty (key NULL), dummy (a
 * deleted key: hash -1) or active. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <stdlib.h>

typedef enum { SLOT_EMPTY, SLOT_DUMMY, SLOT_ACTIVE } SlotKind;

static SlotKind slot_kind(const setentry *e)
{
    return !e->key ? SLOT_EMPTY : e->hash == -1 ? SLOT_DUMMY : SLOT_ACTIVE;
}

/* Counts by kind of slots [first, first + n). */
static void count_kinds(const setentry *slots, size_t first, size_t n, size_t counts[3])
{
    counts[0] = counts[1] = counts[2] = 0;
    for (size_t i = first; i < first + n; i++)
        counts[slot_kind(&slots[i])]++;
}

/* A row's note and role from what its slots hold. */
static void describe_run(LayoutEntry *e, const size_t counts[3])
{
    if (!e)
        return;
    e->role = counts[SLOT_ACTIVE] ? ROLE_POINTER : ROLE_UNUSED;
    if (counts[SLOT_ACTIVE])
        lb_note(e, "%zu entries not shown, %zu deleted (dummy), %zu empty", counts[SLOT_ACTIVE],
                counts[SLOT_DUMMY], counts[SLOT_EMPTY]);
    else if (counts[SLOT_DUMMY])
        lb_note(e, "%zu deleted (dummy: kept so lookups keep probing), %zu empty",
                counts[SLOT_DUMMY], counts[SLOT_EMPTY]);
    else
        lb_note(e, "empty");
}

/* An active slot is its key and hash; a run of other slots up to `end` is one row. */
static size_t slot_item(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    const setentry *slots = a->ctx;
    size_t off = a->off + i * sizeof(setentry);
    if (slot_kind(&slots[i]) == SLOT_ACTIVE) {
        char label[64];
        snprintf(label, sizeof label, "%s[%zu].key", a->name, i);
        lb_pointer(b, label, off + offsetof(setentry, key));
        snprintf(label, sizeof label, "%s[%zu].hash", a->name, i);
        lb_int(b, label, "Py_hash_t", off + offsetof(setentry, hash), sizeof(Py_hash_t));
        return 1;
    }
    size_t j = i + 1, counts[3];
    while (j < end && slot_kind(&slots[j]) != SLOT_ACTIVE)
        j++;
    count_kinds(slots, i, j - i, counts);
    describe_run(lb_array_rest(b, a, i, j - i, ROLE_UNUSED, ""), counts);
    return j - i;
}

static void slots_run(LayoutBuilder *b, const LbArray *a, size_t first, size_t n, LayoutEntry *e)
{
    (void)b;
    size_t counts[3];
    count_kinds(a->ctx, first, n, counts);
    describe_run(e, counts);
    if (!counts[SLOT_ACTIVE])
        e->focusable = false; /* nothing in them to show */
}

/* Rows for `n` slots at `base` in the current block, `slots` their live copy: the head and tail
 * slots one by one (a run of empty or deleted ones as one row), the middle elided. */
static void slot_rows(LayoutBuilder *b, const char *name, size_t base, const setentry *slots,
                      size_t n)
{
    LbArray a = {.name = name, .ctype = "setentry", .off = base, .item_size = sizeof(setentry),
                 .count = n, .run_role = ROLE_POINTER, .item = slot_item, .run = slots_run,
                 .ctx = (void *)slots};
    lb_array(b, &a);
}

static void set_fields(LayoutBuilder *b, PySetObject *so, bool small)
{
    lb_header(b, false);
    lb_note(lb_ssize(b, "fill", offsetof(PySetObject, fill)), "active + dummy slots");
    lb_note(lb_ssize(b, "used", offsetof(PySetObject, used)), "active slots: the length");
    lb_note(lb_ssize(b, "mask", offsetof(PySetObject, mask)), "slots - 1 (%zd slots)",
            so->mask + 1);
    lb_note(lb_cptr(b, "table", "setentry *", offsetof(PySetObject, table)),
            small ? "points at smalltable, inside the object" : "a separate block");
    LayoutEntry *h = lb_int(b, "hash", "Py_hash_t", offsetof(PySetObject, hash), sizeof(Py_hash_t));
    if (so->hash == -1)
        lb_note(h, PyFrozenSet_Check((PyObject *)so) ? "-1: not computed yet"
                                                     : "-1: only frozensets cache a hash");
    lb_note(lb_ssize(b, "finger", offsetof(PySetObject, finger)), "where pop() looks next");
    lb_pointer(b, "weakreflist", offsetof(PySetObject, weakreflist));
}

void kind_set_describe(LayoutBuilder *b, PyObject *o)
{
    PySetObject *so = (PySetObject *)o;
    bool small = so->table == so->smalltable;
    size_t slots = (size_t)so->mask + 1;
    /* set.__sizeof__ starts from the object's own type's basicsize (a subclass's fields count). */
    lb_object_size(b, sizeof(PySetObject), (size_t)Py_TYPE(o)->tp_basicsize);
    set_fields(b, so, small);
    size_t small_off = offsetof(PySetObject, smalltable);
    if (small) {
        slot_rows(b, "smalltable", small_off, so->smalltable, PySet_MINSIZE);
    } else {
        /* Growing leaves the old small entries behind: stale pointers, never followed. */
        LayoutEntry *e = lb_row(b, "smalltable", "setentry[8]", small_off, sizeof so->smalltable,
                                ROLE_UNUSED);
        if (e)
            e->count = PySet_MINSIZE;
        lb_note(e, "not in use since the table moved out; may hold stale pointers");
    }
    if (small || slots < PySet_MINSIZE || slots > (SIZE_MAX / sizeof(setentry)))
        return;
    lb_buffer_begin(b, "table", so->table, slots * sizeof(setentry),
                    (size_t)so->used * sizeof(setentry), true);
    slot_rows(b, "table", 0, so->table, slots);
    lb_buffer_end(b);
}
