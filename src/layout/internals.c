/* internals.c — the one translation unit built with Py_BUILD_CORE: offsets and sizes of
 * CPython's internal structs (dict keys and values, pre-headers, frames, modules) read with
 * offsetof()/sizeof on the interpreter's own internal headers. Facts no header carries come
 * from facts.h. See internals.h for the API. */
#define Py_BUILD_CORE 1
#include <Python.h>

#if PY_VERSION_HEX < 0x030B0000
#include "longintrepr.h"
#endif
#include "internal/pycore_object.h"
#if PY_VERSION_HEX >= 0x030B0000
#include "internal/pycore_dict.h"
#include "internal/pycore_frame.h"
#endif
#include "internal/pycore_moduleobject.h"

#include <stddef.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "layout/memory.h"

#define FIELD(st, member, ctype) \
    (InternalField){#member, ctype, offsetof(st, member), sizeof(((st *)0)->member)}

/* ---- pre-header -------------------------------------------------------------------------- */

size_t internals_preheader_size(PyTypeObject *t)
{
#if PY_VERSION_HEX >= 0x030B0000
    return _PyType_PreHeaderSize(t);
#else
    return PyType_IS_GC(t) ? sizeof(PyGC_Head) : 0;
#endif
}

int internals_preheader_fields(PyTypeObject *t, InternalField *out)
{
    int n = 0;
    size_t managed = internals_preheader_size(t) - (PyType_IS_GC(t) ? sizeof(PyGC_Head) : 0);
    if (managed) {
#if PY_VERSION_HEX >= 0x030C0000
        /* Include/internal/pycore_object.h: MANAGED_WEAKREF_OFFSET -32, MANAGED_DICT_OFFSET -24 */
        out[n++] = (InternalField){"managed weakref list", "PyObject *", 0, 8};
#if PY_VERSION_HEX >= 0x030D0000
        out[n++] = (InternalField){"managed dict", "PyDictObject *", 0, 8};
#else
        out[n++] = (InternalField){"managed dict or values", "PyDictOrValues", 0, 8};
#endif
#else
        /* 3.11 _PyObject_ValuesPointer (obj-32) and _PyObject_ManagedDictPointer (obj-24) */
        out[n++] = (InternalField){"managed values", "PyDictValues *", 0, 8};
        out[n++] = (InternalField){"managed dict", "PyObject *", 0, 8};
#endif
    }
    if (PyType_IS_GC(t)) {
        out[n++] = (InternalField){"_gc_next", "uintptr_t", 0, sizeof(uintptr_t)};
        out[n++] = (InternalField){"_gc_prev", "uintptr_t", 0, sizeof(uintptr_t)};
    }
    return n;
}

size_t internals_getsizeof_extra(PyObject *o)
{
#if FACT_GETSIZEOF_RULE == 310
    return PyObject_IS_GC(o) ? sizeof(PyGC_Head) : 0;
#elif FACT_GETSIZEOF_RULE == 311
    return _PyType_PreHeaderSize(Py_TYPE(o));
#else
    if (Py_IS_TYPE(o, &PyType_Type) && !PyType_HasFeature((PyTypeObject *)o, Py_TPFLAGS_HEAPTYPE))
        return 0;
    return _PyType_PreHeaderSize(Py_TYPE(o));
#endif
}

bool internals_gc_tracked(PyObject *o)
{
    return PyObject_IS_GC(o) && PyObject_GC_IsTracked(o);
}

/* ---- dict keys ----------------------------------------------------------------------------- */

#if PY_VERSION_HEX < 0x030B0000
static size_t index_width_310(size_t size)
{
    return size <= 0xff ? 1 : size <= 0xffff ? 2 : size <= 0xffffffffu ? 4 : 8;
}

static int keys_info_310(const unsigned char *p, bool split, DictKeysInfo *k)
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
    k->fields[0] = (InternalField){"dk_refcnt", "Py_ssize_t", FACT_DICT310_REFCNT, 8};
    k->fields[1] = (InternalField){"dk_size", "Py_ssize_t", FACT_DICT310_SIZE, 8};
    k->fields[2] = (InternalField){"dk_lookup", "dict_lookup_func", FACT_DICT310_LOOKUP, 8};
    k->fields[3] = (InternalField){"dk_usable", "Py_ssize_t", FACT_DICT310_USABLE, 8};
    k->fields[4] = (InternalField){"dk_nentries", "Py_ssize_t", FACT_DICT310_NENTRIES, 8};
    return 0;
}
#else
static int keys_info_311(const unsigned char *p, DictKeysInfo *k)
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
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_refcnt, "Py_ssize_t");
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_log2_size, "uint8_t");
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_log2_index_bytes, "uint8_t");
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_kind, "uint8_t");
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_version, "uint32_t");
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_usable, "Py_ssize_t");
    k->fields[k->nfields++] = FIELD(PyDictKeysObject, dk_nentries, "Py_ssize_t");
    return 0;
}
#endif

int internals_keys_info(const void *keys, bool split, DictKeysInfo *k)
{
    memset(k, 0, sizeof *k);
    if (!keys)
        return -1;
    k->base = keys;
#if PY_VERSION_HEX < 0x030B0000
    if (keys_info_310(keys, split, k) < 0)
        return -1;
#else
    (void)split;
    if (keys_info_311(keys, k) < 0)
        return -1;
#endif
    k->is_empty_singleton = k->table_size == 1;
    k->indices_offset = k->header_size;
    k->entries_capacity = k->is_empty_singleton ? 0 : FACT_DICT_USABLE(k->table_size);
    k->entries_offset = k->indices_offset + k->table_size * k->index_width;
    k->block_size = k->entries_offset + k->entries_capacity * k->entry_size;
    return 0;
}

int internals_dict_keys(PyObject *d, DictKeysInfo *k)
{
    PyDictObject *mp = (PyDictObject *)d;
#if PY_VERSION_HEX < 0x030B0000
    /* 3.10: empty dicts point ma_values at a static empty array yet are not split. */
    Py_ssize_t size;
    memcpy(&size, (const char *)mp->ma_keys + FACT_DICT310_SIZE, sizeof size);
    bool split = mp->ma_values != NULL && size > 1;
    return internals_keys_info(mp->ma_keys, split, k);
#else
    return internals_keys_info(mp->ma_keys, false, k);
#endif
}

/* ---- dict values --------------------------------------------------------------------------- */

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
/* 3.11/3.12 new_values() (Objects/dictobject.c) allocates round_up(cap + 2, 8) prefix bytes
 * then cap pointers and records only the prefix size, in the byte before values[]. The
 * capacity is the smallest candidate consistent with what is recorded and with the
 * allocator's block (internals_values_capacity_range): a larger one is never claimed. */
#endif

int internals_values_info(const void *values, const DictKeysInfo *shared, bool embedded,
                          DictValuesInfo *v)
{
    memset(v, 0, sizeof *v);
    if (!values)
        return 0;
    v->values = values;
    v->embedded = embedded;
#if PY_VERSION_HEX < 0x030B0000
    (void)embedded;
    v->block = values;
    v->capacity = FACT_DICT_USABLE(shared->table_size);
    v->capacity_exact = true;
    v->block_size = v->capacity * sizeof(PyObject *);
#elif PY_VERSION_HEX < 0x030D0000
    const uint8_t *bytes = values;
    v->prefix_size = bytes[-1];
    v->used = bytes[-2];
    v->block = bytes - v->prefix_size;
    size_t hi;
    if (internals_values_capacity_range(values, shared, false, &v->capacity, &hi) < 0)
        v->capacity = 0;
    v->capacity_exact = v->capacity && v->capacity == hi;
    v->block_size = v->prefix_size + v->capacity * sizeof(PyObject *);
    v->values = bytes;
#else
    (void)shared;
    const PyDictValues *dv = values;
    v->capacity = dv->capacity;
    v->capacity_exact = true;
    v->used = dv->size;
    v->embedded = dv->embedded;
    v->prefix_size = offsetof(PyDictValues, values);
    v->block = values;
    v->values = (const unsigned char *)dv->values;
    /* values[capacity] then capacity insertion-order bytes (_PyInlineValuesSize) */
    v->block_size = v->prefix_size + v->capacity * sizeof(PyObject *) +
                    ((v->capacity + 7) & ~(size_t)7);
    v->nfields = 5;
    v->fields[0] = FIELD(PyDictValues, capacity, "uint8_t");
    v->fields[1] = FIELD(PyDictValues, size, "uint8_t");
    v->fields[2] = FIELD(PyDictValues, embedded, "uint8_t");
    v->fields[3] = FIELD(PyDictValues, valid, "uint8_t");
    v->fields[4] = (InternalField){"(padding)", "", offsetof(PyDictValues, valid) + 1,
                                   offsetof(PyDictValues, values) - offsetof(PyDictValues, valid) - 1};
#endif
    return 0;
}

int internals_dict_values(PyObject *d, const DictKeysInfo *k, DictValuesInfo *v)
{
    PyDictObject *mp = (PyDictObject *)d;
#if PY_VERSION_HEX < 0x030B0000
    if (k->kind != DICT_KIND_SPLIT)
        return internals_values_info(NULL, k, false, v);
    return internals_values_info(mp->ma_values, k, false, v);
#else
    return internals_values_info(mp->ma_values, k, false, v);
#endif
}

size_t internals_dict_values_sizeof(PyObject *d, const DictKeysInfo *k)
{
    PyDictObject *mp = (PyDictObject *)d;
    if (!mp->ma_values)
        return 0;
#if PY_VERSION_HEX < 0x030B0000
    return FACT_DICT_USABLE(k->table_size) * sizeof(PyObject *);
#else
    /* shared_keys_usable_size(): the shared keys as they are now, not this dict's block */
    return (k->nentries + k->usable) * sizeof(PyObject *);
#endif
}

void internals_dict_entry(const DictKeysInfo *k, const DictValuesInfo *v, size_t i,
                          PyObject **key, PyObject **value)
{
    const unsigned char *e = k->base + k->entries_offset + i * k->entry_size;
    size_t key_off = k->entry_size == 24 ? 8 : 0; /* general entries start with the hash */
    memcpy(key, e + key_off, sizeof *key);
    if (v && v->values)
        memcpy(value, v->values + i * sizeof(PyObject *), sizeof *value);
    else
        memcpy(value, e + key_off + 8, sizeof *value);
}

/* ---- managed dicts ------------------------------------------------------------------------- */

void internals_managed_dict(PyObject *o, ManagedDictInfo *m)
{
    memset(m, 0, sizeof *m);
#if PY_VERSION_HEX >= 0x030B0000
    PyTypeObject *t = Py_TYPE(o);
    if (!PyType_HasFeature(t, Py_TPFLAGS_MANAGED_DICT))
        return;
    m->has_managed = true;
#if PY_VERSION_HEX < 0x030C0000
    m->dict = *_PyObject_ManagedDictPointer(o);
    m->values = *_PyObject_ValuesPointer(o);
#elif PY_VERSION_HEX < 0x030D0000
    PyDictOrValues dv = *_PyObject_DictOrValuesPointer(o);
    if (_PyDictOrValues_IsValues(dv))
        m->values = _PyDictOrValues_GetValues(dv);
    else
        m->dict = dv.dict;
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
#if PY_VERSION_HEX >= 0x030D0000
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

int internals_gen_frame(PyObject *gen, GenFrameInfo *g)
{
    memset(g, 0, sizeof *g);
#if PY_VERSION_HEX < 0x030B0000
    (void)gen;
    return 0;
#else
    PyGenObject *gp = (PyGenObject *)gen;
    g->frame_offset = offsetof(PyGenObject, gi_iframe);
    g->localsplus_offset = g->frame_offset + offsetof(_PyInterpreterFrame, localsplus);
    _PyInterpreterFrame *f = (_PyInterpreterFrame *)gp->gi_iframe;
#if PY_VERSION_HEX < 0x030C0000
    PyCodeObject *code = gp->gi_code;
    g->nslots = (size_t)(code->co_nlocalsplus + code->co_stacksize);
#elif PY_VERSION_HEX < 0x030D0000
    PyCodeObject *code = f->f_code;
    g->nslots = (size_t)(code->co_framesize - FRAME_SPECIALS_SIZE);
#else
    PyCodeObject *code = (PyCodeObject *)f->f_executable;
    if (!PyCode_Check(code))
        return -1;
    g->nslots = (size_t)(code->co_framesize - FRAME_SPECIALS_SIZE);
#endif
    (void)f;
    int n = 0;
#define FRAME_FIELD(member, ctype) \
    g->fields[n++] = (InternalField){#member, ctype, g->frame_offset + offsetof(_PyInterpreterFrame, member), \
                                     sizeof(((_PyInterpreterFrame *)0)->member)}
#if PY_VERSION_HEX < 0x030C0000
    FRAME_FIELD(f_func, "PyFunctionObject *");
    FRAME_FIELD(f_globals, "PyObject *");
    FRAME_FIELD(f_builtins, "PyObject *");
    FRAME_FIELD(f_locals, "PyObject *");
    FRAME_FIELD(f_code, "PyCodeObject *");
    FRAME_FIELD(frame_obj, "PyFrameObject *");
    FRAME_FIELD(previous, "_PyInterpreterFrame *");
    FRAME_FIELD(prev_instr, "_Py_CODEUNIT *");
    FRAME_FIELD(stacktop, "int");
    FRAME_FIELD(is_entry, "bool");
    FRAME_FIELD(owner, "char");
#elif PY_VERSION_HEX < 0x030D0000
    FRAME_FIELD(f_code, "PyCodeObject *");
    FRAME_FIELD(previous, "_PyInterpreterFrame *");
    FRAME_FIELD(f_funcobj, "PyObject *");
    FRAME_FIELD(f_globals, "PyObject *");
    FRAME_FIELD(f_builtins, "PyObject *");
    FRAME_FIELD(f_locals, "PyObject *");
    FRAME_FIELD(frame_obj, "PyFrameObject *");
    FRAME_FIELD(prev_instr, "_Py_CODEUNIT *");
    FRAME_FIELD(stacktop, "int");
    FRAME_FIELD(return_offset, "uint16_t");
    FRAME_FIELD(owner, "char");
#else
    FRAME_FIELD(f_executable, "PyObject *");
    FRAME_FIELD(previous, "_PyInterpreterFrame *");
    FRAME_FIELD(f_funcobj, "PyObject *");
    FRAME_FIELD(f_globals, "PyObject *");
    FRAME_FIELD(f_builtins, "PyObject *");
    FRAME_FIELD(f_locals, "PyObject *");
    FRAME_FIELD(frame_obj, "PyFrameObject *");
    FRAME_FIELD(instr_ptr, "_Py_CODEUNIT *");
    FRAME_FIELD(stacktop, "int");
    FRAME_FIELD(return_offset, "uint16_t");
    FRAME_FIELD(owner, "char");
#endif
#undef FRAME_FIELD
    g->nfields = n;
    return 0;
#endif
}

/* ---- modules ------------------------------------------------------------------------------- */

int internals_module_fields(InternalField *out)
{
    int n = 0;
    out[n++] = FIELD(PyModuleObject, md_dict, "PyObject *");
    out[n++] = FIELD(PyModuleObject, md_def, "PyModuleDef *");
    out[n++] = FIELD(PyModuleObject, md_state, "void *");
    out[n++] = FIELD(PyModuleObject, md_weaklist, "PyObject *");
    out[n++] = FIELD(PyModuleObject, md_name, "PyObject *");
    return n;
}

size_t internals_module_size(void) { return sizeof(PyModuleObject); }

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

/* ---- kcode: generator state ---- */

#if PY_VERSION_HEX >= 0x030B0000
static const char *gen_state_name(int st)
{
    switch (st) {
    case FRAME_CREATED: return "created";
    case FRAME_EXECUTING: return "running";
    case FRAME_COMPLETED: return "completed";
    case FRAME_CLEARED: return "cleared";
    default: return "suspended"; /* FRAME_SUSPENDED (3.13: also ..._YIELD_FROM) */
    }
}
#endif

/* Only a created or suspended frame owns what its pointers name: a cleared frame keeps stale
 * pointers (_PyFrame_Clear drops the references without zeroing them), a running one has no
 * valid stacktop. */
int internals_gen_state(PyObject *gen, GenStateInfo *s)
{
    memset(s, 0, sizeof *s);
    s->stacktop = -1;
#if PY_VERSION_HEX < 0x030B0000
    PyGenObject *gp = (PyGenObject *)gen;
    s->code = gp->gi_code;
    s->frame_live = gp->gi_frame != NULL;
    s->state = gp->gi_frame ? "has a frame" : "finished";
    return 0;
#else
    PyGenObject *gp = (PyGenObject *)gen;
    _PyInterpreterFrame *f = (_PyInterpreterFrame *)gp->gi_iframe;
    int st = gp->gi_frame_state;
#if PY_VERSION_HEX < 0x030C0000
    s->code = (PyObject *)gp->gi_code;
#elif PY_VERSION_HEX < 0x030D0000
    s->code = (PyObject *)f->f_code;
#else
    s->code = f->f_executable;
#endif
    if (!s->code || !PyCode_Check(s->code))
        return -1;
    s->nlocalsplus = ((PyCodeObject *)s->code)->co_nlocalsplus;
    s->state = gen_state_name(st);
    s->frame_live = st < FRAME_EXECUTING;
    if (s->frame_live)
        s->stacktop = f->stacktop;
    return 0;
#endif
}

/* ---- instance ---- */

#include "layout/memory.h"

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
/* Does a block of `request` bytes agree with the allocator's own record of the block? When
 * the allocator cannot be read (debug allocators), every candidate does. */
static bool block_fits(const void *block, size_t request, bool allocator_known)
{
    if (!allocator_known)
        return true;
    size_t got = memory_allocator_size(block, request);
    return got >= request && got - request < FACT_PYMALLOC_ALIGN;
}
#endif

int internals_values_capacity_range(const void *values, const DictKeysInfo *shared,
                                    bool held_by_instance, size_t *lo, size_t *hi)
{
    *lo = *hi = 0;
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
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
    bool known = false;
    for (size_t c = low; c <= high && !known; c++)
        known = memory_allocator_size(block, prefix + c * sizeof(PyObject *)) != 0;
    while (low <= high && !block_fits(block, prefix + low * sizeof(PyObject *), known))
        low++;
    while (high >= low && !block_fits(block, prefix + high * sizeof(PyObject *), known))
        high--;
    if (low > high)
        return -1;
    *lo = low;
    *hi = high;
    return 0;
#else
    (void)values;
    (void)shared;
    (void)held_by_instance;
    return -1;
#endif
}

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
#if PY_VERSION_HEX >= 0x030D0000
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
    size_t pre = internals_preheader_size(t), small = pre + (size_t)t->tp_basicsize +
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
