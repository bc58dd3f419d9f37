/* kinds/instance.c — instances of classes: the header `object` provides, and what class
 * statements add on top of any builtin base: __slots__ members, __dict__ and __weakref__
 * fields, 3.11/3.12 managed values blocks, 3.13 inline values, and the spare item
 * PyType_GenericAlloc gives var-sized subclasses. Offsets come from the type objects' own
 * records (tp_members, tp_dictoffset, tp_weaklistoffset) and CPython's own formulas for them
 * (_PyObject_GetDictPtr, PyType_GenericAlloc); capacities are read, or bounded and said so. */
#include "layout/kinds/kinds.h"
#include "layout/kinds/dictkeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "structmember.h"

#include "layout/facts.h"
#include "layout/internals.h"
#include "layout/memory.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

#define PTR sizeof(PyObject *)
#define ROUND8(n) (((size_t)(n) + 7) & ~(size_t)7)

void kind_object_describe(LayoutBuilder *b, PyObject *o)
{
    lb_header(b, false);
    if (Py_IS_TYPE(o, &PyBaseObject_Type))
        layout_add_note(b->l, "object() is only the header: no attributes, no __dict__, "
                              "no weak references");
}

/* ---- small helpers ------------------------------------------------------------------------- */

static void entry_clear(LayoutEntry *e)
{
    free(e->name);
    free(e->ctype);
    free(e->value);
    free(e->hex);
    free(e->target_type);
    free(e->note);
}

static void drop_row(LayoutEntries *rows, size_t i)
{
    entry_clear(&rows->items[i]);
    memmove(&rows->items[i], &rows->items[i + 1], (rows->len - i - 1) * sizeof *rows->items);
    rows->len--;
}

static bool has_row_at(const Layout *l, size_t off)
{
    for (size_t i = 0; i < l->fields.len; i++)
        if (l->fields.items[i].offset == (long)off)
            return true;
    return false;
}

/* The opaque describer covers the whole tp_basicsize of the object's own type, the class's
 * fields included, and puts a var-sized type's items after it: keep its rows for the base's
 * fixed part only, so the rows below can name what lies after it. */
static void trim_opaque(LayoutBuilder *b, size_t end)
{
    LayoutEntries *rows = &b->l->fields;
    for (size_t i = rows->len; i-- > 0;) {
        LayoutEntry *e = &rows->items[i];
        if (e->role != ROLE_OPAQUE || (size_t)e->offset + e->size <= end)
            continue;
        if ((size_t)e->offset >= end) {
            drop_row(rows, i);
            continue;
        }
        e->size = end - (size_t)e->offset;
        if (e->hex && strlen(e->hex) > e->size * 3)
            e->hex[e->size * 3 - 1] = '\0';
    }
    lb_object_size(b, end, b->sizeof_extent < end ? b->sizeof_extent : end);
}

/* Bases whose __sizeof__ starts from a fixed struct size rather than Py_TYPE(self)->
 * tp_basicsize, so nothing a subclass adds is counted: long___sizeof__ (Objects/longobject.c),
 * unicode___sizeof__ (Objects/unicodeobject.c), type___sizeof__ (Objects/typeobject.c). The
 * other builtins start from _PyObject_SIZE(Py_TYPE(self)) or use object.__sizeof__. */
static bool sizeof_counts_additions(PyTypeObject *base)
{
    return !PyType_IsSubtype(base, &PyLong_Type) && !PyType_IsSubtype(base, &PyUnicode_Type) &&
           !PyType_IsSubtype(base, &PyType_Type);
}

/* ---- __slots__, __dict__ and __weakref__ inside the object --------------------------------- */

/* The __slots__ members of every class-statement layer: each heap type's PyMemberDef array
 * (tp_members) gives a slot's name and offset. */
static void slot_rows(LayoutBuilder *b, PyTypeObject *t, PyTypeObject *base, size_t end)
{
    PyObject *mro = t->tp_mro;
    if (!mro || !PyTuple_Check(mro))
        return;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *u = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        if (u == base || !PyType_HasFeature(u, Py_TPFLAGS_HEAPTYPE) || !u->tp_members ||
            !PyType_IsSubtype(u, base))
            continue;
        char *owner = lb_type_name(u);
        for (const PyMemberDef *m = u->tp_members; m->name; m++) {
            size_t off = (size_t)m->offset;
            if (m->type != T_OBJECT_EX || m->offset < (Py_ssize_t)sizeof(PyObject) ||
                off + PTR > end || has_row_at(b->l, off))
                continue;
            char *name = sanitize_text(m->name, strlen(m->name), false);
            LayoutEntry *e = lb_pointer(b, name, off);
            if (e && !e->target)
                lb_note(e, "slot of %s, not set: reading it raises AttributeError", owner);
            else
                lb_note(e, "slot of %s (__slots__)", owner);
            free(name);
        }
        free(owner);
    }
}

static void dict_row(LayoutBuilder *b, size_t off)
{
    LayoutEntry *e = lb_pointer(b, "__dict__", off);
    if (e && !e->target)
        lb_note(e, "no attribute dict yet: created on first use");
    else
        lb_note(e, "the attributes live in this separate dict");
}

static void weakref_row(LayoutBuilder *b, size_t off)
{
    LayoutEntry *e = lb_pointer(b, "__weakref__", off);
    if (e && !e->target)
        lb_note(e, "no weak references to this object");
    else
        lb_note(e, "first weak reference in the list of those to this object");
}

/* __dict__ and __weakref__ fields at fixed offsets (tp_dictoffset / tp_weaklistoffset > 0)
 * that a class layer added (its base has none there). Managed ones live in the pre-header. */
static void dict_weakref_rows(LayoutBuilder *b, PyTypeObject *t, PyTypeObject *base, size_t end)
{
    Py_ssize_t d = t->tp_dictoffset, w = t->tp_weaklistoffset;
#if FACT_MANAGED_DICT
    if (PyType_HasFeature(t, Py_TPFLAGS_MANAGED_DICT))
        d = 0;
#endif
    if (d > 0 && d != base->tp_dictoffset && (size_t)d + PTR <= end)
        dict_row(b, (size_t)d);
    if (w > 0 && w != base->tp_weaklistoffset && (size_t)w + PTR <= end)
        weakref_row(b, (size_t)w);
}

/* ---- managed values (3.11+) ---------------------------------------------------------------- */

/* The class's shared keys, which name the value slots (entry i's key is values[i]). */
static const DictKeysInfo *shared_keys(PyTypeObject *t, DictKeysInfo *k)
{
    const void *keys = internals_cached_keys(t);
    return keys && internals_keys_info(keys, true, k) == 0 ? k : NULL;
}

/* 3.11/3.12: the values block the pre-header points to. new_values() lays it out as a prefix
 * (insertion-order bytes growing down from [-3], the count at [-2], the prefix size at [-1])
 * then `capacity` pointers; only the prefix size is recorded, so the capacity is inferred. */
static void values_buffer(LayoutBuilder *b, PyTypeObject *t, const void *values)
{
    DictKeysInfo kinfo;
    const DictKeysInfo *k = shared_keys(t, &kinfo);
    DictValuesInfo v;
    size_t lo, hi;
    if (internals_values_info(values, k, false, &v) < 0 ||
        internals_values_capacity_range(values, k, true, &lo, &hi) < 0) {
        layout_add_note(b->l, "the instance values block at %p could not be read safely and "
                        "is not shown", values);
        return;
    }
    LayoutBuffer *buf = lb_buffer_begin(b, "instance values", v.block, v.prefix_size + lo * PTR,
                                        v.prefix_size + v.used * PTR, false);
    char *why = k ? xasprintf("spare: 3.11/3.12 give a new instance a block for dk_nentries + "
                              "dk_usable of the class's shared keys, and each new instance first "
                              "takes one from dk_usable (init_inline_values, Objects/"
                              "dictobject.c): the first instances get the largest blocks; the "
                              "next one gets %zu + %zu slots",
                              k->nentries, k->usable > 1 ? k->usable - 1 : k->usable)
                  : NULL;
    DictValuesView view = {.keys = k, .start = 0, .capacity = lo, .live = true, .by_name = true,
                           .spare_note = why};
    dictvalues_rows(b, &v, &view);
    free(why);
    lb_buffer_end(b);
    if (lo == hi)
        buf->note = xasprintf("capacity %zu: CPython does not record it; the only value the "
                              "prefix size, the class's shared keys and the allocator's block "
                              "agree on", lo);
    else
        buf->note = xasprintf("capacity %zu to %zu: CPython does not record it; shown as %zu, "
                              "so up to %zu bytes counted as allocator rounding may be value "
                              "slots", lo, hi, lo, (hi - lo) * PTR);
    layout_add_note(b->l, "the attribute values live in a separate block (3.11/3.12 managed "
                    "values) that getsizeof does not count");
}

/* 3.13 inline values: a PyDictValues header, values[capacity], `capacity` insertion-order
 * bytes, padding to 8, then what was allocated for a larger capacity (slack). */
static void inline_rows(LayoutBuilder *b, PyTypeObject *t, const ManagedDictInfo *m,
                        size_t start, size_t slack, bool slack_exact)
{
    DictKeysInfo kinfo;
    const DictKeysInfo *k = shared_keys(t, &kinfo);
    DictValuesInfo v;
    internals_values_info(m->values, k, true, &v);
    DictValuesView view = {.keys = k, .start = start, .capacity = v.capacity,
                           .live = m->values_valid, .by_name = true};
    dictvalues_rows(b, &v, &view);
    size_t end = start + internals_inline_values_size(b->o);
    if (slack)
        lb_note(lb_row(b, "(spare value slot)", "", end, slack, ROLE_UNUSED),
                "allocated for capacity %zu: the object was sized before this instance took its "
                "share of the class's keys", (size_t)v.capacity + 1);
    else if (!slack_exact)
        layout_add_note(b->l, "the request for this object may be 8 or 16 bytes larger than "
                        "its capacity describes; the allocator cannot tell, so they would show "
                        "as allocator rounding");
}

/* Notes on the pre-header words of 3.11+ managed instances (the rows are describe.c's), and
 * the referents they hold. */
static void managed_part(LayoutBuilder *b, PyObject *o, const ManagedDictInfo *m)
{
    for (size_t i = 0; i < b->l->preheader.len && !b->l->is_static; i++) {
        LayoutEntry *e = &b->l->preheader.items[i];
        PyObject *word;
        memcpy(&word, (const char *)o + e->offset, sizeof word);
        if (strstr(e->name, "weakref")) {
            lb_note(e, word ? "first weak reference to this object" : "no weak references");
            lb_ref(b, "__weakref__", word);
        } else if (strstr(e->name, "values") && !strstr(e->name, "dict")) {
            lb_note(e, m->values ? "the instance values block (buffer below)"
                       : m->dict ? "NULL: the values moved into the __dict__ object"
                                 : "NULL: no values block");
        } else if (strstr(e->name, "dict")) {
            bool tagged = strstr(e->name, "values") != NULL; /* 3.12 dict-or-values word */
            lb_note(e, m->dict ? "the __dict__ object"
                       : m->values_inline ? "NULL: the attributes are the inline values"
                       : m->values && tagged ? "tagged pointer (bit 0) to the instance values"
                       : m->values ? "NULL: the attributes are in the values block"
                                   : "NULL: no __dict__ yet");
        }
    }
    if (!m->dict)
        return;
    lb_ref(b, "__dict__", m->dict);
#if FACT_INLINE_VALUES
    if (m->values_inline && m->values_valid &&
        (const void *)((PyDictObject *)m->dict)->ma_values == m->values)
        layout_add_note(b->l, "o.__dict__ exists: that dict reads and writes the inline values "
                        "in place (its ma_values points into this object)");
    else if (m->values_inline)
        layout_add_note(b->l, "o.__dict__ holds the attributes now; the inline values are "
                        "marked invalid and their slots are stale");
    else
        layout_add_note(b->l, "the attributes live in the __dict__ object, not in this one");
#else
    layout_add_note(b->l, "the attributes live in the __dict__ object, not in this one");
#endif
}

/* ---- class layers on a fixed-size base ----------------------------------------------------- */

static void fixed_part(LayoutBuilder *b, PyObject *o, PyTypeObject *base, bool opaque,
                       bool counts, const ManagedDictInfo *m)
{
    PyTypeObject *t = Py_TYPE(o);
    size_t start = (size_t)base->tp_basicsize, end = (size_t)t->tp_basicsize;
    if (opaque)
        trim_opaque(b, start);
    size_t inl = m->values_inline ? internals_inline_values_size(o) : 0, slack = 0;
    bool exact = true;
    if (inl)
        slack = internals_inline_values_slack(o, &exact);
    if (end <= start && !inl)
        return;
    if (b->obj_size != start) {
        layout_add_note(b->l, "internal: the %s part ends at %zu, not at its basicsize %zu",
                        base->tp_name, b->obj_size, start);
        return;
    }
    lb_object_size(b, end + inl + slack, b->sizeof_extent + (counts ? end - start : 0));
    slot_rows(b, t, base, end);
    dict_weakref_rows(b, t, base, end);
    if (inl) {
        inline_rows(b, t, m, end, slack, exact);
        layout_add_note(b->l, "the attribute values live inside the object (3.13 inline "
                        "values); __sizeof__ and getsizeof count only its first %zu bytes", end);
        if (FACT_INLINE_VALUES_SUBCLASSES && (base != &PyBaseObject_Type || end > start))
            layout_add_note(b->l, "3.14: inline values also after __slots__ and in subclasses "
                            "of fixed-size builtins (here %s); 3.13 kept these attributes in a "
                            "__dict__", base->tp_name);
    }
    if (!counts && end > start)
        layout_add_note(b->l, "%s.__sizeof__ counts a fixed struct size: the %zu bytes the "
                        "class adds are not counted", base->tp_name, end - start);
}

/* ---- class layers on a var-sized base (int, tuple, bytes) ---------------------------------- */

/* 3.10/3.11: a negative tp_dictoffset puts the dict pointer at the end of the variable part,
 * where _PyObject_GetDictPtr finds it. For a 3.11 int zero, which has one digit allocated but
 * ob_size 0, that slot starts on the unused digit: the rows the base part has there are
 * replaced, and the bytes __sizeof__ counted as the digit stay counted. */
static void trailing_dict_row(LayoutBuilder *b, size_t off, bool counts)
{
    LayoutEntries *rows = &b->l->fields;
    size_t shared = 0;
    char *over = NULL;
    for (size_t i = rows->len; i-- > 0;) {
        const LayoutEntry *r = &rows->items[i];
        if ((size_t)r->offset < off || (size_t)r->offset >= off + PTR)
            continue;
        shared += r->in_sizeof ? r->size : 0;
        free(over);
        over = xstrdup(r->name);
        drop_row(rows, i);
    }
    LayoutEntry *e = lb_pointer(b, "__dict__", off);
    if (!e) {
        free(over);
        return;
    }
    e->in_sizeof = counts;
    if (!over || !shared || shared >= PTR || counts) {
        lb_note(e, e->target ? "the attributes live in this separate dict; negative "
                               "tp_dictoffset: found after the items"
                             : "no attribute dict yet; negative tp_dictoffset: found after the "
                               "items");
        free(over);
        return;
    }
    e->size = shared;
    e->in_sizeof = true;
    if (e->hex)
        e->hex[shared * 3 - 1] = '\0';
    lb_note(e, "its first %zu bytes are also %s: CPython places the slot from ob_size (0), and "
            "__sizeof__ counts them as the digit", shared, over);
    lb_note(lb_row(b, "__dict__ (upper bytes)", "", off + shared, PTR - shared, ROLE_DATA),
            "rest of the __dict__ pointer");
    free(over);
}

static void var_part(LayoutBuilder *b, PyObject *o, PyTypeObject *base, bool opaque, bool counts,
                     const ManagedDictInfo *m)
{
    PyTypeObject *t = Py_TYPE(o);
    size_t item = (size_t)base->tp_itemsize, basic = (size_t)base->tp_basicsize;
    if (opaque) { /* until the base has a describer: its fixed part, then ob_size items */
        size_t n = (size_t)(Py_SIZE(o) < 0 ? -Py_SIZE(o) : Py_SIZE(o)) * item;
        trim_opaque(b, basic);
        lb_object_size(b, basic + n, basic + n);
        if (n)
            lb_row(b, "items", "", basic, n, ROLE_OPAQUE);
    }
    size_t used = b->obj_size, counted = b->sizeof_extent;
    if (used < basic)
        return;
    /* PyType_GenericAlloc: _PyObject_VAR_SIZE(type, nitems + 1), nitems being what the
     * base's tp_new asked for: the items the base part shows. */
    size_t nitems = (used - basic + item - 1) / item;
    size_t alloc = ROUND8((size_t)t->tp_basicsize + (nitems + 1) * item);
    size_t pre = b->l->preheader_size, dict_end = 0;
    bool confirmed = !b->l->is_static &&
                     memory_allocator_size((const char *)o - pre, pre + alloc) != 0;
    long dict = -1;
    if (!m->has_managed && t->tp_dictoffset < 0) {
        size_t n = (size_t)(Py_SIZE(o) < 0 ? -Py_SIZE(o) : Py_SIZE(o));
        dict = (long)ROUND8((size_t)t->tp_basicsize + n * item) + (long)t->tp_dictoffset;
        dict_end = (size_t)dict + PTR;
    }
    size_t tail = used > dict_end ? used : dict_end;
    lb_object_size(b, confirmed && alloc > tail ? alloc : tail, counted);
    if (dict >= (long)sizeof(PyVarObject))
        trailing_dict_row(b, (size_t)dict, counts);
    if (confirmed && alloc > tail)
        lb_note(lb_row(b, "(spare item)", "", tail, alloc - tail, ROLE_UNUSED),
                "PyType_GenericAlloc allocates one item more than the object holds (%zu bytes) "
                "and rounds up to 8; __sizeof__ does not count it", item);
    else if (!confirmed)
        layout_add_note(b->l, "PyType_GenericAlloc may have allocated up to %zu more bytes "
                        "(a spare item); the allocator could not confirm it", alloc - tail);
}

/* ---- entry point --------------------------------------------------------------------------- */

void kind_subclass_extras(LayoutBuilder *b, PyObject *o, PyTypeObject *base)
{
    bool opaque = false; /* the base's part came from the opaque describer */
    for (size_t i = 0; i < b->l->fields.len && !opaque; i++)
        opaque = b->l->fields.items[i].role == ROLE_OPAQUE;
    bool counts = sizeof_counts_additions(base);
    ManagedDictInfo m;
    internals_managed_dict(o, &m);
    if (base->tp_itemsize == 0)
        fixed_part(b, o, base, opaque, counts, &m);
    else if (base == &PyLong_Type || base == &PyTuple_Type || base == &PyBytes_Type)
        var_part(b, o, base, opaque, counts, &m);
    else if (!PyType_IsSubtype(base, &PyType_Type))
        layout_add_note(b->l, "objscope does not describe what a class adds to the "
                        "variable-size type %s", base->tp_name);
    managed_part(b, o, &m);
    if (m.values && !m.values_inline)
        values_buffer(b, Py_TYPE(o), m.values);
}
