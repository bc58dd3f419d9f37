/* internals.h — what only CPython's internal headers know (dict keys and values, pre-headers,
 * generator frames, module objects), behind a plain API. internals.c is the one translation unit
 * built with Py_BUILD_CORE; nothing else includes an internal header. */
#ifndef OBJSCOPE_INTERNALS_H
#define OBJSCOPE_INTERNALS_H

#include <Python.h>
#include <stdbool.h>
#include <string.h>

/* How a field is read: IK_AUTO lets the reader decide from the C type. */
typedef enum {
    IK_AUTO,
    IK_OBJECT,   /* a PyObject * (or subtype) the object owns or borrows */
    IK_STACKREF, /* 3.14+ _PyStackRef: a tagged PyObject * (facts.h: fact_stackref) */
    IK_CPTR,     /* a C pointer: data or a function, shown as an address */
    IK_SIGNED,
    IK_UNSIGNED,
} InternalKind;

/* One named field of an internal struct, by offset. */
typedef struct {
    const char *name, *ctype;
    size_t offset, size;
    InternalKind kind;
} InternalField;

#define INTERNAL_MAX_FIELDS 16

/* ---- pre-header -------------------------------------------------------------------------- */

/* The pre-header's size is facts.h's fact_preheader_size(). CPython's own answer
 * (_PyType_PreHeaderSize, 3.11+), for the tests that hold the fact to it. */
size_t internals_cpython_preheader_size(PyTypeObject *t);
/* sizeof(PyGC_Head), from the internal header. */
size_t internals_gc_head_size(void);
/* The words of the pre-header, from the lowest address up (offsets negative). */
int internals_preheader_fields(PyTypeObject *t, InternalField *out);
/* Is o tracked by the cyclic GC (reads the pre-header; only for GC objects). */
bool internals_gc_tracked(PyObject *o);

/* ---- dict -------------------------------------------------------------------------------- */

enum { DICT_KIND_GENERAL = 0, DICT_KIND_UNICODE = 1, DICT_KIND_SPLIT = 2 };

typedef struct {
    const unsigned char *base;   /* the PyDictKeysObject */
    size_t block_size;           /* header + indices + entries */
    size_t header_size;
    size_t table_size;           /* slots in the index table */
    size_t index_width;          /* bytes per index */
    size_t usable, nentries;     /* dk_usable, dk_nentries */
    size_t entry_size;           /* 24 general, 16 unicode/split */
    size_t entries_capacity;     /* USABLE_FRACTION(table_size) */
    size_t indices_offset, entries_offset;
    int kind;                    /* DICT_KIND_* (3.10: split when the dict has values) */
    Py_ssize_t refcnt;
    bool is_empty_singleton;     /* Py_EMPTY_KEYS, static in libpython */
    bool deleted_known;          /* `deleted` is known without reading every entry */
    size_t deleted;              /* entries below nentries with a NULL key (deleted in place) */
    int nfields;
    InternalField fields[INTERNAL_MAX_FIELDS];
} DictKeysInfo;

/* Fill k from the keys table of d (exact dict or subclass). Returns 0, or -1 if unreadable. */
int internals_dict_keys(PyObject *d, DictKeysInfo *k);
/* Same for a keys object reached another way (a heap type's ht_cached_keys). */
int internals_keys_info(const void *keys, bool split, DictKeysInfo *k);

typedef struct {
    const unsigned char *values; /* the PyObject *values[] array, NULL when the dict is combined */
    const unsigned char *block;  /* start of the allocation that holds it */
    size_t block_size;           /* bytes requested for that allocation (see capacity_exact) */
    size_t capacity;             /* value slots */
    bool capacity_exact;         /* false: CPython does not record it (3.11/3.12), inferred */
    size_t prefix_size;          /* bytes before values[] (3.11/3.12 prefix, 3.13 header) */
    bool embedded;               /* 3.13: the values live inside the owning instance */
    size_t used;                 /* 3.11+: values in use per the prefix/header, else 0 */
    int nfields;
    InternalField fields[INTERNAL_MAX_FIELDS]; /* header fields (3.13) */
} DictValuesInfo;

/* Values of a split dict d. Returns 0 (v->values NULL when not split). */
int internals_dict_values(PyObject *d, const DictKeysInfo *k, DictValuesInfo *v);
/* Values array from a raw PyDictValues pointer (3.11+ managed instances). */
int internals_values_info(const void *values, const DictKeysInfo *shared, bool embedded,
                          DictValuesInfo *v);
/* What dict.__sizeof__ charges for the values part (history-dependent on 3.11+). */
size_t internals_dict_values_sizeof(PyObject *d, const DictKeysInfo *k);
/* Key and value of entry i; NULL key = empty/deleted slot. Inline: the deep walk reads every
 * entry of a big dict with it. */
static inline void internals_dict_entry(const DictKeysInfo *k, const DictValuesInfo *v, size_t i,
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

/* Offset of a 3.15 frozendict's ma_hash (PyFrozenDictObject), or 0 when o is no frozendict. */
size_t internals_frozendict_hash_offset(PyObject *o);

/* ---- instances with a managed dict (3.11+) ----------------------------------------------- */

typedef struct {
    bool has_managed;          /* the type keeps dict/values in the pre-header or inline */
    PyObject *dict;            /* materialised __dict__ (borrowed), or NULL */
    const void *values;        /* PyDictValues * of the instance, or NULL */
    bool values_inline;        /* 3.13: inside the object from offset 16 */
    bool values_valid;         /* 3.13: the inline values are in use (no dict took them) */
} ManagedDictInfo;

void internals_managed_dict(PyObject *o, ManagedDictInfo *m);
/* The class's shared keys (ht_cached_keys), or NULL. */
const void *internals_cached_keys(PyTypeObject *t);
/* Bytes the 3.13 inline values region occupies after the 16-byte header (0 otherwise). */
size_t internals_inline_values_size(PyObject *o);

/* ---- generator / coroutine --------------------------------------------------------------- */

/* Offsets of the generator's own fields before its frame (3.11+, PyGenObject: public before
 * 3.14, Include/internal/pycore_interpframe_structs.h since); 0 where a field does not exist. */
typedef struct {
    size_t code;              /* gi_code: 3.11 only */
    size_t weakreflist, name, qualname, exc_value, exc_previous, origin_or_finalizer;
    size_t hooks_inited, closed, running_async, frame_state;
} GenHeadOffsets;

void internals_gen_head(GenHeadOffsets *h);

typedef struct {
    size_t frame_offset;      /* where the embedded _PyInterpreterFrame starts (3.11+), 0 in 3.10 */
    size_t localsplus_offset; /* start of the frame's slots, from the object */
    size_t nslots;            /* frame slots, read from the code object */
    int nfields;
    InternalField fields[INTERNAL_MAX_FIELDS]; /* frame specials (3.11+) */
} GenFrameInfo;

int internals_gen_frame(PyObject *gen, GenFrameInfo *g);

/* ---- frame objects ----------------------------------------------------------------------- */

typedef struct {
    int nfields;
    InternalField fields[INTERNAL_MAX_FIELDS];       /* the frame object's own, after the header */
    size_t size, counted;    /* bytes of the object's block / of them counted by __sizeof__ */
    size_t slots_offset;     /* where the slots start (3.10 f_localsplus; 3.11+ the copied
                                frame's localsplus, valid only when owns_frame) */
    size_t nslots;           /* slots allocated */
    size_t counted_slots;    /* of them, counted by __sizeof__ */
    size_t nlive;            /* slots from the first holding owned references now */
    size_t nlocalsplus;      /* locals, cells and free variables (the rest: value stack) */
    bool owns_frame;         /* 3.11+: the interpreter frame lives in _f_frame_data; 3.10 true */
    size_t data_offset;      /* 3.11+: _f_frame_data */
    int nframe_fields;
    InternalField frame_fields[INTERNAL_MAX_FIELDS]; /* 3.11+: the copied frame's specials */
    PyObject *code;          /* borrowed */
    const char *state;       /* "suspended", "running", ... or NULL when unknown */
} FrameObjectInfo;

/* The layout of frame object f (PyFrame_Type). Returns 0, or -1 when it cannot be read. */
int internals_frame_object(PyObject *f, FrameObjectInfo *fi);

/* ---- module ------------------------------------------------------------------------------ */

int internals_module_fields(InternalField *out); /* PyModuleObject fields after the header */
size_t internals_module_size(void);
/* The extension's private state block and its size (md_state; m_size of md_def, or 3.15's
 * md_state_size); NULL and 0 when there is none. */
void *internals_module_state(PyObject *m, size_t *size);

/* ---- code objects -------------------------------------------------------------------------- */

/* 3.10: sizeof(_PyOpcache) (Include/internal/pycore_code.h), one entry of co_opcache; 0 on
 * versions without it. */
size_t internals_code_opcache_entry(void);

/* ---- allocator --------------------------------------------------------------------------- */

const char *internals_allocator_name(void); /* "pymalloc", "malloc", "pymalloc_debug", ... */

/* ---- kcode: generator state ---- */

/* What a generator's embedded frame may be trusted for (3.11+; 3.10 reports its gi_frame). */
typedef struct {
    const char *state;  /* "created", "suspended", "running", "completed", "cleared" */
    bool frame_live;    /* the frame's object pointers are owned references, safe to follow */
    PyObject *code;     /* the generator's code object (borrowed; the generator keeps it) */
    int stacktop;       /* slots in use from localsplus[0] when frame_live, else -1 (3.14+:
                           from stackpointer) */
    int nlocalsplus;    /* locals, cells and free variables before the value stack */
} GenStateInfo;

int internals_gen_state(PyObject *gen, GenStateInfo *s);

#endif

/* ---- instance ---- */
/* Managed instance values whose size CPython does not record (kinds/instance.c). */

/* 3.11/3.12: the capacities a values block (the PyObject **values pointer, past its prefix)
 * can have: consistent with its prefix size, its insertion-order bytes, the class's shared
 * keys as they are now (capacity never drops below their current usable + nentries) and the
 * allocator's block. held_by_instance: the block came from an instance's creation, which
 * always took one slot of the class's SHARED_KEYS_MAX_SIZE first. Returns 0, or -1 on other
 * versions or an unreadable prefix. lo is what the layout shows; hi > lo means unsure. */
int internals_values_capacity_range(const void *values, const DictKeysInfo *shared,
                                    bool held_by_instance, size_t *lo, size_t *hi);

/* 3.11/3.12: the block of a managed values array (prefix first) and its size at the smallest
 * capacity internals_values_capacity_range allows (what the diagram shows). -1 on other
 * versions or when unreadable. */
int internals_values_block(const void *values, const DictKeysInfo *shared, const void **block,
                           size_t *size);

/* 3.13 inline values: bytes of the object's allocation after the region `capacity`
 * describes (internals_inline_values_size). _PyType_AllocNoTrack sized it for the class's
 * shared-keys capacity before _PyObject_InitInlineValues took this instance's share, so
 * it is 8 or 16 bytes when that share was taken, else 0. *exact is false when neither the
 * shared keys nor the allocator tell which (the smaller answer is returned). */
size_t internals_inline_values_slack(PyObject *o, bool *exact);
