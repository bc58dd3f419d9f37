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

/* One active slot: key pointer and cached hash. */
static void active_rows(LayoutBuilder *b, const char *name, size_t off, size_t i)
{
    char label[64];
    snprintf(label, sizeof label, "%s[%zu].key", name, i);
    lb_pointer(b, label, off + offsetof(setentry, key));
    snprintf(label, sizeof label, "%s[%zu].hash", name, i);
    lb_int(b, label, "Py_hash_t", off + offsetof(setentry, hash), sizeof(Py_hash_t));
}

/* A run of slots not shown one by one: counted by kind in the note. */
static void run_row(LayoutBuilder *b, const char *name, size_t base, size_t first, size_t n,
                    const size_t counts[3])
{
    if (n == 0)
        return;
    char label[64];
    snprintf(label, sizeof label, n == 1 ? "%s[%zu]" : "%s[%zu..%zu]", name, first, first + n - 1);
    LayoutEntry *e = lb_row(b, label, "setentry", base + first * sizeof(setentry),
                            n * sizeof(setentry), counts[SLOT_ACTIVE] ? ROLE_POINTER : ROLE_UNUSED);
    if (!e)
        return;
    e->count = n;
    if (n > 1) { /* a summary, not one value */
        free(e->hex);
        e->hex = NULL;
    }
    if (counts[SLOT_ACTIVE])
        lb_note(e, "%zu entries not shown, %zu deleted (dummy), %zu empty", counts[SLOT_ACTIVE],
                counts[SLOT_DUMMY], counts[SLOT_EMPTY]);
    else if (counts[SLOT_DUMMY])
        lb_note(e, "%zu deleted (dummy: kept so lookups keep probing), %zu empty",
                counts[SLOT_DUMMY], counts[SLOT_EMPTY]);
    else
        lb_note(e, "empty");
}

/* Rows for `n` slots at `base` in the current block, `slots` their live copy. Active entries
 * are shown one by one (the first head_items and last tail_items when there are many); every
 * other run of slots becomes one summary row. */
static void slot_rows(LayoutBuilder *b, const char *name, size_t base, const setentry *slots,
                      size_t n)
{
    size_t active = 0, seen = 0, run = 0, counts[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++)
        active += slot_kind(&slots[i]) == SLOT_ACTIVE;
    size_t head = b->opt->head_items, tail = b->opt->tail_items;
    bool elide = active > head + tail + 1;
    for (size_t i = 0; i < n; i++) {
        SlotKind k = slot_kind(&slots[i]);
        bool show = k == SLOT_ACTIVE && (!elide || seen < head || seen >= active - tail);
        seen += k == SLOT_ACTIVE;
        if (!show) {
            counts[k]++;
            run++;
            continue;
        }
        run_row(b, name, base, i - run, run, counts);
        run = counts[0] = counts[1] = counts[2] = 0;
        active_rows(b, name, base + i * sizeof(setentry), i);
    }
    if (run)
        run_row(b, name, base, n - run, run, counts);
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
