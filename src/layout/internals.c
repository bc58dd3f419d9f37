/* internals.c — the one translation unit built with Py_BUILD_CORE: offsets and sizes of
 * CPython's internal structs (dict keys and values, pre-headers, frames, modules) read with
 * offsetof()/sizeof on the interpreter's own internal headers. Which struct a version has is
 * facts.h's to say; facts no header carries come from there too. See internals.h. */
#define Py_BUILD_CORE 1
#include <Python.h>

#include "layout/facts.h"

#include "internal/pycore_object.h"
#if !FACT_DICT_KEYS_PRIVATE
#include "internal/pycore_dict.h"
#endif
#if FACT_GEN_FRAME_EMBEDDED
#include "internal/pycore_frame.h"
#endif
#if FACT_FRAME_STACKREF
#include "internal/pycore_genobject.h"    /* struct _PyGenObject */
#include "internal/pycore_interpframe.h"  /* FRAME_SPECIALS_SIZE, _PyInterpreterFrame */
#endif
#include "internal/pycore_moduleobject.h"
#if !FACT_GEN_FRAME_EMBEDDED
#include "frameobject.h" /* 3.10: PyFrameObject, public but not in Python.h */
#endif
#if !FACT_CODE_ADAPTIVE
#include "internal/pycore_code.h" /* 3.10: _PyOpcache */
#endif

#include <stddef.h>
#include <string.h>

#include "layout/internals.h"
#include "layout/memory.h"

/* The facts that restate what an internal header also says must agree with it. */
_Static_assert(sizeof(PyGC_Head) == FACT_GC_HEAD_SIZE, "facts.h: PyGC_Head is two words");
_Static_assert(_PY_NSMALLPOSINTS - 1 == FACT_SMALL_INT_MAX &&
                   -_PY_NSMALLNEGINTS == FACT_SMALL_INT_MIN,
               "facts.h: the small-int cache's range");
#if FACT_FRAME_STACKREF
_Static_assert(FACT_STACKREF_REFCNT_TAG == Py_TAG_REFCNT && FACT_STACKREF_INT_TAG == Py_INT_TAG &&
                   FACT_STACKREF_NULL_BITS == Py_TAG_REFCNT,
               "facts.h: _PyStackRef tags (Include/internal/pycore_stackref.h)");
#endif

#define FIELD(st, member, ctype) \
    (InternalField){#member, ctype, offsetof(st, member), sizeof(((st *)0)->member), IK_AUTO}
#define FIELD_AS(st, member, ctype, kind) \
    (InternalField){#member, ctype, offsetof(st, member), sizeof(((st *)0)->member), kind}

/* ---- pre-header -------------------------------------------------------------------------- */

size_t internals_cpython_preheader_size(PyTypeObject *t)
{
#if FACT_MANAGED_DICT
    return _PyType_PreHeaderSize(t);
#else
    return PyType_IS_GC(t) ? sizeof(PyGC_Head) : 0;
#endif
}

size_t internals_gc_head_size(void)
{
    return sizeof(PyGC_Head);
}

int internals_preheader_fields(PyTypeObject *t, InternalField *out)
{
    static const struct {
        const char *name, *ctype;
    } words[] = {FACT_PREHEADER_WORDS {NULL, NULL}};
    int n = 0;
    if (t->tp_flags & (unsigned long)FACT_PREHEADER_FLAGS)
        for (int i = 0; words[i].name; i++)
            out[n++] = (InternalField){words[i].name, words[i].ctype, 0, sizeof(void *), IK_AUTO};
    if (PyType_IS_GC(t)) {
        out[n++] = (InternalField){"_gc_next", "uintptr_t", 0, sizeof(uintptr_t), IK_UNSIGNED};
        out[n++] = (InternalField){"_gc_prev", "uintptr_t", 0, sizeof(uintptr_t), IK_UNSIGNED};
    }
    return n;
}

bool internals_gc_tracked(PyObject *o)
{
    return PyObject_IS_GC(o) && PyObject_GC_IsTracked(o);
}

/* ---- dict keys ----------------------------------------------------------------------------- */

#if FACT_DICT_KEYS_PRIVATE
static size_t index_width_310(size_t size)
{
    return size <= 0xff ? 1 : size <= 0xffff ? 2 : size <= 0xffffffffu ? 4 : 8;
}

static int keys_info_private(const unsigned char *p, bool split, DictKeysInfo *k)
{
    Py_ssize_t size, usable, nentries;
    memcpy(&k->refcnt, p + FACT_DICT310_REFCNT, sizeof(Py_ssize_t));
    memcpy(&size, p + FACT_DICT310_SIZE, sizeof size);
    memcpy(&usable, p + FACT_DICT310_USABLE, sizeof usable);
    memcpy(&nentries, p + FACT_DICT310_NENTRIES, sizeof nentries);
    if (size < 1 || (size & (size - 1)))
        return -1;
    k->table_size = (size_t)size;
    k->usable = (size_t)usable;
    k->nentries = (size_t)nentries;
    k->header_size = FACT_DICT310_HEADER;
    k->index_width = index_width_310(k->table_size);
    k->entry_size = FACT_DICT310_ENTRY;
    k->kind = split ? DICT_KIND_SPLIT : DICT_KIND_GENERAL;
    k->nfields = 5;
    k->fields[0] = (InternalField){"dk_refcnt", "Py_ssize_t", FACT_DICT310_REFCNT, 8, IK_SIGNED};
    k->fields[1] = (InternalField){"dk_size", "Py_ssize_t", FACT_DICT310_SIZE, 8, IK_SIGNED};
    k->fields[2] =
        (InternalField){"dk_lookup", "dict_lookup_func", FACT_DICT310_LOOKUP, 8, IK_CPTR};
    k->fields[3] = (InternalField){"dk_usable", "Py_ssize_t", FACT_DICT310_USABLE, 8, IK_SIGNED};
    k->fields[4] = (InternalField){"dk_nentries", "Py_ssize_t", FACT_DICT310_NENTRIES, 8, IK_SIGNED};
    return 0;
}
#else
static int keys_info_internal(const unsigned char *p, DictKeysInfo *k)
{
    const PyDictKeysObject *dk = (const PyDictKeysObject *)p;
    if (dk->dk_log2_size > 40 || dk->dk_log2_index_bytes < dk->dk_log2_size)
        return -1;
    k->refcnt = dk->dk_refcnt;
    k->table_size = (size_t)1 << dk->dk_log2_size;
    k->index_width = ((size_t)1 << dk->dk_log2_index_bytes) >> dk->dk_log2_size;
    k->usable = (size_t)dk->dk_usable;
    k->nentries = (size_t)dk->dk_nentries;
    k->header_size = sizeof(PyDictKeysObject);
    k->kind = dk->dk_kind;
    k->entry_size = dk->dk_kind == DICT_KEYS_GENERAL ? sizeof(PyDictKeyEntry)
                                                     : sizeof(PyDictUnicodeEntry);
    k->nfields = 0;
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_refcnt, "Py_ssize_t", IK_SIGNED);
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_log2_size, "uint8_t", IK_UNSIGNED);
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_log2_index_bytes, "uint8_t", IK_UNSIGNED);
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_kind, "uint8_t", IK_UNSIGNED);
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_version, "uint32_t", IK_UNSIGNED);
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_usable, "Py_ssize_t", IK_SIGNED);
    k->fields[k->nfields++] = FIELD_AS(PyDictKeysObject, dk_nentries, "Py_ssize_t", IK_SIGNED);
    return 0;
}
#endif

int internals_keys_info(const void *keys, bool split, DictKeysInfo *k)
{
    memset(k, 0, sizeof *k);
    if (!keys)
        return -1;
    k->base = keys;
#if FACT_DICT_KEYS_PRIVATE
    if (keys_info_private(keys, split, k) < 0)
        return -1;
#else
    (void)split;
    if (keys_info_internal(keys, k) < 0)
        return -1;
#endif
    k->is_empty_singleton = k->table_size == 1;
    k->indices_offset = k->header_size;
    k->entries_capacity = k->is_empty_singleton ? 0 : FACT_DICT_USABLE(k->table_size);
    k->entries_offset = k->indices_offset + k->table_size * k->index_width;
    k->block_size = k->entries_offset + k->entries_capacity * k->entry_size;
    k->deleted_known = k->kind == DICT_KIND_SPLIT; /* shared keys are only ever added */
    return 0;
}

/* A combined table's deleted entries, from its dict: every entry below dk_nentries is live or
 * deleted in place (a NULL key), and ma_used counts the live ones (popitem also lowers
 * dk_nentries past the entry it takes). */
static void count_deleted(const PyDictObject *mp, DictKeysInfo *k)
{
    if (mp->ma_values || k->kind == DICT_KIND_SPLIT || mp->ma_used < 0 ||
        (size_t)mp->ma_used > k->nentries)
        return;
    k->deleted = k->nentries - (size_t)mp->ma_used;
    k->deleted_known = true;
}

int internals_dict_keys(PyObject *d, DictKeysInfo *k)
{
    PyDictObject *mp = (PyDictObject *)d;
#if FACT_DICT_VALUES == FACT_VALUES_PLAIN
    /* 3.10: empty dicts point ma_values at a static empty array yet are not split. */
    Py_ssize_t size;
    memcpy(&size, (const char *)mp->ma_keys + FACT_DICT310_SIZE, sizeof size);
    bool split = mp->ma_values != NULL && size > 1;
#else
    bool split = false;
#endif
    if (internals_keys_info(mp->ma_keys, split, k) < 0)
        return -1;
    count_deleted(mp, k);
    return 0;
}

/* ---- dict values --------------------------------------------------------------------------- */

#if FACT_DICT_VALUES == FACT_VALUES_PLAIN
static void values_plain(const void *values, const DictKeysInfo *shared, DictValuesInfo *v)
{
    v->block = values;
    v->capacity = FACT_DICT_USABLE(shared->table_size);
    v->capacity_exact = true;
    v->block_size = v->capacity * sizeof(PyObject *);
}
#elif FACT_DICT_VALUES == FACT_VALUES_PREFIX
/* new_values() (Objects/dictobject.c) allocates round_up(cap + 2, 8) prefix bytes then cap
 * pointers and records only the prefix size, in the byte before values[]. The capacity is
 * the smallest candidate consistent with what is recorded and with the allocator's block
 * (internals_values_capacity_range): a larger one is never claimed. */
static void values_prefixed(const void *values, const DictKeysInfo *shared, DictValuesInfo *v)
{
    const uint8_t *bytes = values;
    v->prefix_size = bytes[-1];
    v->used = bytes[-2];
    v->block = bytes - v->prefix_size;
    size_t hi;
    if (internals_values_capacity_range(values, shared, false, &v->capacity, &hi) < 0)
        v->capacity = 0;
    v->capacity_exact = v->capacity && v->capacity == hi;
    v->block_size = v->prefix_size + v->capacity * sizeof(PyObject *);
}
#else
/* PyDictValues (Include/internal/pycore_dict.h): values[capacity], then capacity insertion-
 * order bytes rounded up to 8 (_PyInlineValuesSize). */
static void values_with_header(const void *values, DictValuesInfo *v)
{
    const PyDictValues *dv = values;
    v->capacity = dv->capacity;
    v->capacity_exact = true;
    v->used = dv->size;
    v->embedded = dv->embedded;
    v->prefix_size = offsetof(PyDictValues, values);
    v->block = values;
    v->values = (const unsigned char *)dv->values;
    v->block_size = v->prefix_size + v->capacity * sizeof(PyObject *) +
                    ((v->capacity + 7) & ~(size_t)7);
    v->nfields = 5;
    v->fields[0] = FIELD_AS(PyDictValues, capacity, "uint8_t", IK_UNSIGNED);
    v->fields[1] = FIELD_AS(PyDictValues, size, "uint8_t", IK_UNSIGNED);
    v->fields[2] = FIELD_AS(PyDictValues, embedded, "uint8_t", IK_UNSIGNED);
    v->fields[3] = FIELD_AS(PyDictValues, valid, "uint8_t", IK_UNSIGNED);
    v->fields[4] = (InternalField){"(padding)", "", offsetof(PyDictValues, valid) + 1,
                                   offsetof(PyDictValues, values) - offsetof(PyDictValues, valid) - 1,
                                   IK_AUTO};
}
#endif

int internals_values_info(const void *values, const DictKeysInfo *shared, bool embedded,
                          DictValuesInfo *v)
{
    memset(v, 0, sizeof *v);
    if (!values)
        return 0;
    v->values = values;
    v->embedded = embedded;
#if FACT_DICT_VALUES == FACT_VALUES_PLAIN
    values_plain(values, shared, v);
#elif FACT_DICT_VALUES == FACT_VALUES_PREFIX
    values_prefixed(values, shared, v);
#else
    (void)shared;
    values_with_header(values, v);
#endif
    return 0;
}

int internals_dict_values(PyObject *d, const DictKeysInfo *k, DictValuesInfo *v)
{
    PyDictObject *mp = (PyDictObject *)d;
    if (FACT_DICT_VALUES == FACT_VALUES_PLAIN && k->kind != DICT_KIND_SPLIT)
        return internals_values_info(NULL, k, false, v);
    return internals_values_info(mp->ma_values, k, false, v);
}

size_t internals_dict_values_sizeof(PyObject *d, const DictKeysInfo *k)
{
    PyDictObject *mp = (PyDictObject *)d;
    if (!mp->ma_values)
        return 0;
    if (FACT_DICT_VALUES == FACT_VALUES_PLAIN)
        return FACT_DICT_USABLE(k->table_size) * sizeof(PyObject *);
    /* shared_keys_usable_size(): the shared keys as they are now, not this dict's block */
    return (k->nentries + k->usable) * sizeof(PyObject *);
}

size_t internals_frozendict_hash_offset(PyObject *o)
{
#if FACT_FROZENDICT
    if (PyFrozenDict_Check(o))
        return offsetof(PyFrozenDictObject, ma_hash);
#endif
    (void)o;
    return 0;
}

/* ---- managed dicts ------------------------------------------------------------------------- */

void internals_managed_dict(PyObject *o, ManagedDictInfo *m)
{
    memset(m, 0, sizeof *m);
#if FACT_MANAGED_DICT
    PyTypeObject *t = Py_TYPE(o);
    if (!PyType_HasFeature(t, Py_TPFLAGS_MANAGED_DICT))
        return;
    m->has_managed = true;
#if FACT_DICT_OR_VALUES_WORD
    PyDictOrValues dv = *_PyObject_DictOrValuesPointer(o);
    if (_PyDictOrValues_IsValues(dv))
        m->values = _PyDictOrValues_GetValues(dv);
    else
        m->dict = dv.dict;
#elif !FACT_INLINE_VALUES
    m->dict = *_PyObject_ManagedDictPointer(o);
    m->values = *_PyObject_ValuesPointer(o);
#else
    m->dict = (PyObject *)_PyObject_GetManagedDict(o);
    if (PyType_HasFeature(t, Py_TPFLAGS_INLINE_VALUES)) {
        PyDictValues *vals = _PyObject_InlineValues(o);
        m->values_inline = true;
        m->values_valid = vals->valid;
        m->values = vals;
    }
#endif
#else
    (void)o;
#endif
}

const void *internals_cached_keys(PyTypeObject *t)
{
    if (!PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE))
        return NULL;
    return ((PyHeapTypeObject *)t)->ht_cached_keys;
}

size_t internals_inline_values_size(PyObject *o)
{
#if FACT_INLINE_VALUES
    if (!PyType_HasFeature(Py_TYPE(o), Py_TPFLAGS_INLINE_VALUES))
        return 0;
    const PyDictValues *dv = _PyObject_InlineValues(o);
    return offsetof(PyDictValues, values) + dv->capacity * sizeof(PyObject *) +
           ((dv->capacity + 7) & ~(size_t)7);
#else
    (void)o;
    return 0;
#endif
}

/* ---- generators ---------------------------------------------------------------------------- */

#if FACT_GEN_FRAME_EMBEDDED
#define GEN_AT(member) offsetof(PyGenObject, member)
/* gi_iframe: a PyObject *[1] standing in for the frame until 3.13; the _PyInterpreterFrame
 * itself since 3.14, when the struct moved to pycore_interpframe_structs.h with the
 * _PyStackRef slots. */
#if FACT_FRAME_STACKREF
#define GEN_FRAME(gp) (&(gp)->gi_iframe)
#else
#define GEN_FRAME(gp) ((_PyInterpreterFrame *)(gp)->gi_iframe)
#endif

void internals_gen_head(GenHeadOffsets *h)
{
    memset(h, 0, sizeof *h);
#if FACT_GEN_CODE_FIELD
    h->code = GEN_AT(gi_code);
#endif
    h->weakreflist = GEN_AT(gi_weakreflist);
    h->name = GEN_AT(gi_name);
    h->qualname = GEN_AT(gi_qualname);
    h->exc_value = GEN_AT(gi_exc_state) + offsetof(_PyErr_StackItem, exc_value);
    h->exc_previous = GEN_AT(gi_exc_state) + offsetof(_PyErr_StackItem, previous_item);
    h->origin_or_finalizer = GEN_AT(gi_origin_or_finalizer);
    h->hooks_inited = GEN_AT(gi_hooks_inited);
    h->closed = GEN_AT(gi_closed);
    h->running_async = GEN_AT(gi_running_async);
    h->frame_state = GEN_AT(gi_frame_state);
}

/* The code object an interpreter frame runs (borrowed; the frame keeps it alive). */
static PyObject *frame_code(_PyInterpreterFrame *f)
{
#if FACT_GEN_CODE_FIELD
    return (PyObject *)f->f_code;
#elif FACT_FRAME_STACKREF
    PyObject *code;
    intptr_t ival;
    bool borrowed;
    if (fact_frame_slot(f->f_executable.bits, &code, &ival, &borrowed) != FACT_SLOT_OBJECT)
        return NULL;
    return code;
#elif FACT_FRAME_EXECUTABLE
    return f->f_executable;
#else
    return (PyObject *)f->f_code;
#endif
}

/* The code object of the generator's frame (borrowed; the generator keeps it alive). */
static PyObject *gen_code(PyGenObject *gp)
{
#if FACT_GEN_CODE_FIELD
    return (PyObject *)gp->gi_code;
#else
    return frame_code(GEN_FRAME(gp));
#endif
}

/* The specials of the embedded frame, in order (Include/internal/pycore_frame.h; 3.14+
 * pycore_interpframe_structs.h). */
static int frame_fields(size_t base, InternalField *out)
{
    int n = 0;
#define FRAME_FIELD(member, ctype, kind)                                                       \
    out[n++] = (InternalField){#member, ctype, base + offsetof(_PyInterpreterFrame, member),    \
                               sizeof(((_PyInterpreterFrame *)0)->member), kind}
#if FACT_GEN_CODE_FIELD
    FRAME_FIELD(f_func, "PyFunctionObject *", IK_OBJECT);
    FRAME_FIELD(f_globals, "PyObject *", IK_OBJECT);
    FRAME_FIELD(f_builtins, "PyObject *", IK_OBJECT);
    FRAME_FIELD(f_locals, "PyObject *", IK_OBJECT);
    FRAME_FIELD(f_code, "PyCodeObject *", IK_OBJECT);
    FRAME_FIELD(frame_obj, "PyFrameObject *", IK_OBJECT);
    FRAME_FIELD(previous, "_PyInterpreterFrame *", IK_CPTR);
    FRAME_FIELD(prev_instr, "_Py_CODEUNIT *", IK_CPTR);
    FRAME_FIELD(stacktop, "int", IK_SIGNED);
    FRAME_FIELD(is_entry, "bool", IK_SIGNED);
    FRAME_FIELD(owner, "char", IK_SIGNED);
#else
#if FACT_FRAME_STACKREF
    FRAME_FIELD(f_executable, "_PyStackRef", IK_STACKREF);
#elif FACT_FRAME_EXECUTABLE
    FRAME_FIELD(f_executable, "PyObject *", IK_OBJECT);
#else
    FRAME_FIELD(f_code, "PyCodeObject *", IK_OBJECT);
#endif
    FRAME_FIELD(previous, "_PyInterpreterFrame *", IK_CPTR);
#if FACT_FRAME_STACKREF
    FRAME_FIELD(f_funcobj, "_PyStackRef", IK_STACKREF);
#else
    FRAME_FIELD(f_funcobj, "PyObject *", IK_OBJECT);
#endif
    FRAME_FIELD(f_globals, "PyObject *", IK_OBJECT);
    FRAME_FIELD(f_builtins, "PyObject *", IK_OBJECT);
    FRAME_FIELD(f_locals, "PyObject *", IK_OBJECT);
    FRAME_FIELD(frame_obj, "PyFrameObject *", IK_OBJECT);
#if FACT_FRAME_EXECUTABLE
    FRAME_FIELD(instr_ptr, "_Py_CODEUNIT *", IK_CPTR);
#else
    FRAME_FIELD(prev_instr, "_Py_CODEUNIT *", IK_CPTR);
#endif
#if FACT_FRAME_STACKREF
    FRAME_FIELD(stackpointer, "_PyStackRef *", IK_CPTR);
#else
    FRAME_FIELD(stacktop, "int", IK_SIGNED);
#endif
    FRAME_FIELD(return_offset, "uint16_t", IK_UNSIGNED);
    FRAME_FIELD(owner, "char", IK_SIGNED);
#if FACT_FRAME_STACKREF
    FRAME_FIELD(visited, "uint8_t", IK_UNSIGNED);
#endif
#endif
#undef FRAME_FIELD
    return n;
}

int internals_gen_frame(PyObject *gen, GenFrameInfo *g)
{
    memset(g, 0, sizeof *g);
    PyGenObject *gp = (PyGenObject *)gen;
    g->frame_offset = offsetof(PyGenObject, gi_iframe);
    g->localsplus_offset = g->frame_offset + offsetof(_PyInterpreterFrame, localsplus);
    PyCodeObject *code = (PyCodeObject *)gen_code(gp);
    if (!code || !PyCode_Check(code))
        return -1;
#if FACT_GEN_CODE_FIELD
    g->nslots = (size_t)(code->co_nlocalsplus + code->co_stacksize);
#else
    g->nslots = (size_t)(code->co_framesize - FRAME_SPECIALS_SIZE);
#endif
    g->nfields = frame_fields(g->frame_offset, g->fields);
    return 0;
}

static const char *gen_state_name(int st)
{
    switch (st) {
    case FRAME_CREATED: return "created";
    case FRAME_EXECUTING: return "running";
#if FACT_FRAME_STATE_COMPLETED
    case FRAME_COMPLETED: return "completed";
#endif
    case FRAME_CLEARED: return "cleared";
    default: return "suspended"; /* FRAME_SUSPENDED (3.13+: also the YIELD_FROM states) */
    }
}

/* Slots in use from localsplus[0]: 3.14+ reads the stack pointer, earlier the count. */
static int frame_stacktop(_PyInterpreterFrame *f)
{
#if FACT_FRAME_STACKREF
    if (!f->stackpointer || f->stackpointer < f->localsplus)
        return -1;
    return (int)(f->stackpointer - f->localsplus);
#else
    return f->stacktop;
#endif
}

/* Only a created or suspended frame owns what its pointers name: a cleared frame keeps stale
 * pointers (_PyFrame_Clear drops the references without zeroing them), a running one has no
 * valid stack top. */
int internals_gen_state(PyObject *gen, GenStateInfo *s)
{
    memset(s, 0, sizeof *s);
    s->stacktop = -1;
    PyGenObject *gp = (PyGenObject *)gen;
    _PyInterpreterFrame *f = GEN_FRAME(gp);
    int st = gp->gi_frame_state;
    s->code = gen_code(gp);
    if (!s->code || !PyCode_Check(s->code))
        return -1;
    s->nlocalsplus = ((PyCodeObject *)s->code)->co_nlocalsplus;
    s->state = gen_state_name(st);
    s->frame_live = st < FRAME_EXECUTING; /* created and suspended states come first */
    if (s->frame_live)
        s->stacktop = frame_stacktop(f);
    return 0;
}
#else
void internals_gen_head(GenHeadOffsets *h)
{
    memset(h, 0, sizeof *h);
}

int internals_gen_frame(PyObject *gen, GenFrameInfo *g)
{
    (void)gen;
    memset(g, 0, sizeof *g);
    return 0;
}

/* 3.10: the frame is a separate object; the generator reports it. */
int internals_gen_state(PyObject *gen, GenStateInfo *s)
{
    memset(s, 0, sizeof *s);
    s->stacktop = -1;
    PyGenObject *gp = (PyGenObject *)gen;
    s->code = gp->gi_code;
    s->frame_live = gp->gi_frame != NULL;
    s->state = gp->gi_frame ? "has a frame" : "finished";
    return 0;
}
#endif

/* ---- frame objects ------------------------------------------------------------------------- */

static int frameobj_fields(InternalField *out)
{
    int n = 0;
#define FRAMEOBJ_FIELD(member, ctype) out[n++] = FIELD(PyFrameObject, member, ctype);
    FACT_FRAMEOBJ_FIELDS(FRAMEOBJ_FIELD)
#undef FRAMEOBJ_FIELD
    return n;
}

#if FACT_GEN_FRAME_EMBEDDED
/* 3.11+: the slots are allocated for the code (_PyFrame_New_NoTrack: co_nlocalsplus +
 * co_stacksize, the same count frame.__sizeof__ charges); the interpreter frame is the frame
 * object's own only while f_frame points into _f_frame_data (take_ownership). */
int internals_frame_object(PyObject *o, FrameObjectInfo *fi)
{
    memset(fi, 0, sizeof *fi);
    PyFrameObject *f = (PyFrameObject *)o;
    _PyInterpreterFrame *data = (_PyInterpreterFrame *)f->_f_frame_data;
    if (!f->f_frame)
        return -1;
    fi->code = frame_code(f->f_frame);
    if (!fi->code || !PyCode_Check(fi->code))
        return -1;
    PyCodeObject *co = (PyCodeObject *)fi->code;
    fi->nfields = frameobj_fields(fi->fields);
    fi->data_offset = offsetof(PyFrameObject, _f_frame_data);
    fi->slots_offset = fi->data_offset + offsetof(_PyInterpreterFrame, localsplus);
    if ((size_t)PyFrame_Type.tp_basicsize != fi->slots_offset)
        return -1;
    fi->nslots = fi->counted_slots = (size_t)(co->co_nlocalsplus + co->co_stacksize);
    fi->size = fi->counted = fi->slots_offset + fi->nslots * sizeof(PyObject *);
    fi->nlocalsplus = (size_t)co->co_nlocalsplus;
    fi->owns_frame = f->f_frame == data;
    if (!fi->owns_frame)
        return 0;
    fi->nframe_fields = frame_fields(fi->data_offset, fi->frame_fields);
    int top = frame_stacktop(data);
    fi->nlive = top >= 0 && (size_t)top <= fi->nslots ? (size_t)top : 0;
    return 0;
}
#else
/* 3.10: frame_alloc (Objects/frameobject.c) asks PyObject_GC_NewVar for ob_size slots on top
 * of sizeof(PyFrameObject), whose f_localsplus[1] is already one: that slot is allocated
 * twice. frame.__sizeof__ counts the slots the code needs (a frame reused from the free list
 * may have more). */
int internals_frame_object(PyObject *o, FrameObjectInfo *fi)
{
    memset(fi, 0, sizeof *fi);
    PyFrameObject *f = (PyFrameObject *)o;
    PyCodeObject *co = f->f_code;
    if (!co || !PyCode_Check(co) || Py_SIZE(o) < 0 ||
        (size_t)PyFrame_Type.tp_basicsize != sizeof(PyFrameObject))
        return -1;
    size_t cells = (size_t)PyTuple_GET_SIZE(co->co_cellvars);
    size_t frees = (size_t)PyTuple_GET_SIZE(co->co_freevars);
    fi->code = (PyObject *)co;
    fi->nfields = frameobj_fields(fi->fields);
    fi->slots_offset = offsetof(PyFrameObject, f_localsplus);
    fi->nslots = (size_t)Py_SIZE(o);
    fi->counted_slots = (size_t)co->co_stacksize + (size_t)co->co_nlocals + cells + frees;
    fi->nlocalsplus = (size_t)co->co_nlocals + cells + frees;
    if (fi->counted_slots > fi->nslots || fi->nlocalsplus > fi->nslots)
        return -1;
    fi->size = sizeof(PyFrameObject) + fi->nslots * sizeof(PyObject *);
    fi->counted = fi->slots_offset + fi->counted_slots * sizeof(PyObject *);
    fi->owns_frame = true;
    bool suspended = f->f_state == FRAME_SUSPENDED && f->f_stackdepth >= 0;
    fi->nlive = fi->nlocalsplus + (suspended ? (size_t)f->f_stackdepth : 0);
    if (fi->nlive > fi->nslots)
        fi->nlive = fi->nlocalsplus;
    fi->state = f->f_state == FRAME_EXECUTING ? "running" : suspended ? "suspended" : NULL;
    return 0;
}
#endif

/* ---- modules ------------------------------------------------------------------------------- */

int internals_module_fields(InternalField *out)
{
    int n = 0;
    out[n++] = FIELD_AS(PyModuleObject, md_dict, "PyObject *", IK_OBJECT);
#if FACT_MODULE_TOKEN
    out[n++] = FIELD_AS(PyModuleObject, md_state, "void *", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_weaklist, "PyObject *", IK_OBJECT);
    out[n++] = FIELD_AS(PyModuleObject, md_name, "PyObject *", IK_OBJECT);
    out[n++] = FIELD_AS(PyModuleObject, md_token_is_def, "bool", IK_UNSIGNED);
    out[n++] = FIELD_AS(PyModuleObject, md_state_size, "Py_ssize_t", IK_SIGNED);
    out[n++] = FIELD_AS(PyModuleObject, md_state_traverse, "traverseproc", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_state_clear, "inquiry", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_state_free, "freefunc", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_token, "void *", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_exec, "_Py_modexecfunc", IK_CPTR);
#else
    out[n++] = FIELD_AS(PyModuleObject, md_def, "PyModuleDef *", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_state, "void *", IK_CPTR);
    out[n++] = FIELD_AS(PyModuleObject, md_weaklist, "PyObject *", IK_OBJECT);
    out[n++] = FIELD_AS(PyModuleObject, md_name, "PyObject *", IK_OBJECT);
#endif
    return n;
}

size_t internals_module_size(void) { return sizeof(PyModuleObject); }

void *internals_module_state(PyObject *m, size_t *size)
{
    PyModuleObject *mo = (PyModuleObject *)m;
    Py_ssize_t n;
#if FACT_MODULE_TOKEN
    n = mo->md_state_size;
#else
    n = mo->md_def ? mo->md_def->m_size : 0;
#endif
    *size = n > 0 && mo->md_state ? (size_t)n : 0;
    return *size ? mo->md_state : NULL;
}

/* ---- code objects -------------------------------------------------------------------------- */

size_t internals_code_opcache_entry(void)
{
#if FACT_CODE_ADAPTIVE
    return 0;
#else
    return sizeof(_PyOpcache);
#endif
}

/* ---- allocator ----------------------------------------------------------------------------- */

const char *internals_allocator_name(void)
{
    static const char *name;
    if (!name) {
        name = _PyMem_GetCurrentAllocatorName();
        if (!name)
            name = "unknown";
    }
    return name;
}

/* ---- instance ---- */

#if FACT_DICT_VALUES == FACT_VALUES_PREFIX
/* Does a block of `request` bytes agree with the allocator's own record of the block? When
 * the allocator cannot be read (debug allocators), every candidate does. */
static bool block_fits(const void *block, size_t request, bool allocator_known)
{
    if (!allocator_known)
        return true;
    size_t got = memory_allocator_size(block, request);
    return got >= request && got - request < FACT_PYMALLOC_ALIGN;
}

int internals_values_capacity_range(const void *values, const DictKeysInfo *shared,
                                    bool held_by_instance, size_t *lo, size_t *hi)
{
    *lo = *hi = 0;
    const uint8_t *bytes = values;
    size_t prefix = bytes[-1], used = bytes[-2];
    if (prefix < 8 || prefix % 8 || used + 2 > prefix)
        return -1;
    /* round_up(cap + 2, 8) == prefix */
    size_t low = prefix >= 10 ? prefix - 9 : 1, high = prefix - 2;
    for (size_t i = 1; i <= used; i++) /* insertion order, from bytes[-3] downwards */
        if ((size_t)bytes[-2 - (long)i] + 1 > low)
            low = (size_t)bytes[-2 - (long)i] + 1;
    if (used > low)
        low = used;
    if (shared && shared->nentries + shared->usable > low)
        low = shared->nentries + shared->usable;
    if (held_by_instance && high > SHARED_KEYS_MAX_SIZE - 1)
        high = SHARED_KEYS_MAX_SIZE - 1; /* init_inline_values: the first instance takes one */
    const uint8_t *block = bytes - prefix;
    /* The first candidate the allocator knows the block for; the ones below it do not fit. */
    bool known = false;
    for (size_t c = low; c <= high && !known; c++)
        if (memory_allocator_size(block, prefix + c * sizeof(PyObject *)) != 0) {
            known = true;
            low = c;
        }
    while (low <= high && !block_fits(block, prefix + low * sizeof(PyObject *), known))
        low++;
    while (high >= low && !block_fits(block, prefix + high * sizeof(PyObject *), known))
        high--;
    if (low > high)
        return -1;
    *lo = low;
    *hi = high;
    return 0;
}
#else
int internals_values_capacity_range(const void *values, const DictKeysInfo *shared,
                                    bool held_by_instance, size_t *lo, size_t *hi)
{
    (void)values;
    (void)shared;
    (void)held_by_instance;
    *lo = *hi = 0;
    return -1;
}
#endif

int internals_values_block(const void *values, const DictKeysInfo *shared, const void **block,
                           size_t *size)
{
    size_t lo, hi;
    if (internals_values_capacity_range(values, shared, true, &lo, &hi) < 0)
        return -1;
    size_t prefix = ((const uint8_t *)values)[-1]; /* checked by the range above */
    *block = (const uint8_t *)values - prefix;
    *size = prefix + lo * sizeof(PyObject *);
    return 0;
}

size_t internals_inline_values_slack(PyObject *o, bool *exact)
{
    *exact = true;
#if FACT_INLINE_VALUES
    PyTypeObject *t = Py_TYPE(o);
    DictKeysInfo k;
    if (!PyType_HasFeature(t, Py_TPFLAGS_INLINE_VALUES) ||
        internals_keys_info(internals_cached_keys(t), true, &k) < 0)
        return 0;
    size_t cap = _PyObject_InlineValues(o)->capacity, now = k.usable + k.nentries;
    /* _PyInlineValuesSize: round_up(n, 8) + (n + 1) pointers, n taken before the decrement */
    size_t took = ((cap + 8) & ~(size_t)7) - ((cap + 7) & ~(size_t)7) + sizeof(PyObject *);
    /* dk_usable and usable + nentries only ever shrink: if usable is still > 1, or a later
     * instance took another share, this instance took one too. */
    if (k.usable > 1 || now < cap)
        return took;
    if (now > cap) {
        *exact = false;
        return 0;
    }
    size_t pre = fact_preheader_size(t), small = pre + (size_t)t->tp_basicsize +
                                                   internals_inline_values_size(o);
    const char *block = (const char *)o - pre;
    size_t a = memory_allocator_size(block, small), b = memory_allocator_size(block, small + took);
    if (a && !b)
        return 0;
    if (b && !a)
        return took;
    *exact = false;
    return 0;
#else
    (void)o;
    return 0;
#endif
}
