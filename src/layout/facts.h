/* facts.h — everything objscope knows that differs between CPython versions, in one place.
 *
 * Each supported version has one table, src/layout/facts/py3XX.h, picked here and nowhere else
 * (this is the only file that tests PY_VERSION_HEX). py310.h defines every FACT_* switch and
 * constant below; each later table starts from the one before it (it includes it) and redefines
 * only what its version changed, so a table reads as that version's changes. Each fact names the
 * CPython source it mirrors. Everything else the layout engine knows comes from offsetof()/sizeof
 * on the interpreter's own headers. Describers, internals.c, describe.c and the deep walk ask
 * through the named constants and the small functions at the end of this file. Adding a version:
 * start its table from the newest, read that version's headers and Objects/ sources against
 * every fact of the chain, redefine what changed, add its test expectations
 * (tests/test_oracle.c, tests/test_facts.c).
 *
 * Scope: 64-bit, default (GIL, non-debug) builds of CPython 3.10–3.15. */
#ifndef OBJSCOPE_FACTS_H
#define OBJSCOPE_FACTS_H

#include <Python.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- which builds: the header shape objscope draws must be the one the build has --------- */

/* A free-threaded build (3.13t, 3.14t) has another object header: ob_tid, ob_flags, ob_mutex,
 * ob_gc_bits, ob_ref_local, ob_ref_shared (Include/object.h, Py_GIL_DISABLED). Supporting it
 * means a header table with those fields (FactHeaderField below) and its refcount rules;
 * until then objscope refuses to draw a wrong header. scripts/pyconfig.sh says so before
 * compiling; this is the backstop. */
#if defined(Py_GIL_DISABLED)
#error "objscope does not support free-threaded builds (Py_GIL_DISABLED): use a default GIL build"
#endif
#if defined(Py_TRACE_REFS) || SIZEOF_VOID_P != 8
#error "objscope supports 64-bit default builds of CPython only (not Py_TRACE_REFS, not 32-bit)"
#endif

/* ---- the version tables -------------------------------------------------------------------- */

/* The values a few multi-way facts take (the tables pick one). */
#define FACT_GETSIZEOF_GC_OF_OBJECT 1   /* adds sizeof(PyGC_Head) if PyObject_IS_GC(o) */
#define FACT_GETSIZEOF_TYPE_PREHEADER 2 /* adds the type's whole pre-header, always */
#define FACT_GETSIZEOF_NO_STATIC_TYPES 3 /* the same, except for static type objects */

#define FACT_VALUES_PLAIN 1  /* split dict values: a bare PyObject *[] */
#define FACT_VALUES_PREFIX 2 /* a prefix of order bytes, count and prefix size, then values[] */
#define FACT_VALUES_HEADER 3 /* PyDictValues {capacity, size, embedded, valid}, values[], order */

#if PY_VERSION_HEX < 0x030A0000
#error "objscope supports CPython 3.10 to 3.15: no table in src/layout/facts/ for this version"
#elif PY_VERSION_HEX < 0x030B0000
#include "layout/facts/py310.h"
#elif PY_VERSION_HEX < 0x030C0000
#include "layout/facts/py311.h"
#elif PY_VERSION_HEX < 0x030D0000
#include "layout/facts/py312.h"
#elif PY_VERSION_HEX < 0x030E0000
#include "layout/facts/py313.h"
#elif PY_VERSION_HEX < 0x030F0000
#include "layout/facts/py314.h"
#elif PY_VERSION_HEX < 0x03100000
#include "layout/facts/py315.h"
#else
#error "objscope supports CPython 3.10 to 3.15: no table in src/layout/facts/ for this version"
#endif

#if FACT_LONGINTREPR_SEPARATE
#include "longintrepr.h" /* 3.10: the digit array is not in Python.h */
#endif

/* Every version's chain of tables defines every fact: one missing stops the build here (an
 * undefined macro would otherwise read as 0 in an #if). */
_Static_assert(FACT_MINOR >= 10 && FACT_HEADER_SPLIT_REFCNT <= 1 && FACT_IMMORTAL <= 1 &&
                   FACT_GETSIZEOF_RULE >= 1 && FACT_MANAGED_DICT <= 1 &&
                   FACT_DICT_OR_VALUES_WORD <= 1 &&
                   FACT_INLINE_VALUES <= 1 && FACT_INLINE_VALUES_SUBCLASSES <= 1 &&
                   FACT_DICT_KEYS_PRIVATE <= 1 && FACT_DICT_VALUES >= 1 && FACT_FROZENDICT <= 1 &&
                   FACT_LONG_TAG <= 1 && FACT_LONG_ZERO_DIGIT <= 1 &&
                   FACT_SMALL_INTS_STATIC <= 1 && FACT_SMALL_INT_MIN < 0 &&
                   FACT_SMALL_INT_MAX >= 256 && FACT_LONG_SMALL_INT_MASK <= 4 &&
                   FACT_STR_WSTR <= 1 && FACT_STR_INTERNED_IMMORTAL <= 1 &&
                   FACT_BYTES_SHASH_DEPRECATED <= 1 && FACT_BYTEARRAY_BYTES_OBJECT <= 1 &&
                   FACT_TUPLE_HASH <= 1 && FACT_FUNC_VERSION <= 1 && FACT_FUNC_TYPEPARAMS <= 1 &&
                   FACT_FUNC_ANNOTATE <= 1 && FACT_WEAKREF_VECTORCALL <= 1 &&
                   FACT_GEN_FRAME_EMBEDDED <= 1 && FACT_GEN_CODE_FIELD <= 1 &&
                   FACT_FRAME_EXECUTABLE <= 1 && FACT_FRAME_STACKREF <= 1 &&
                   FACT_FRAME_STATE_COMPLETED <= 1 && FACT_TYPE_WATCHED <= 1 &&
                   FACT_TYPE_VERSIONS_USED <= 1 && FACT_TYPE_ITERITEM <= 1 &&
                   FACT_STATIC_BUILTIN_STATE <= 1 && FACT_HEAP_SPEC_CACHE <= 1 &&
                   FACT_SPEC_CACHE_GETITEM_VERSION <= 1 && FACT_SPEC_CACHE_INIT <= 1 &&
                   FACT_HEAP_TOKEN <= 1 && FACT_MODULE_TOKEN <= 1 &&
                   FACT_RAISED_EXCEPTION_API <= 1 && FACT_STATIC_REFCNT_FLOOR >= 0 &&
                   FACT_CODE_LOCALSPLUS <= 1 && FACT_CODE_CACHED_CODE <= 1 &&
                   FACT_CODE_CO_CACHED <= 1 && FACT_CODE_ADAPTIVE <= 1 && FACT_EXC_NOTES <= 1 &&
                   FACT_IMPORTERROR_NAME_FROM <= 1 && FACT_SYNTAXERROR_METADATA <= 1 &&
                   FACT_EXCGROUP <= 1 && FACT_EXCGROUP_EXCS_STR <= 1 && FACT_PARTIAL_PLACEHOLDER <= 1,
               "a fact is out of range in the version table");

/* ---- facts every version shares -------------------------------------------------------------- */

/* PyGC_Head (Include/internal/pycore_gc.h; 3.14+ pycore_interp_structs.h): _gc_next and
 * _gc_prev, two words before every GC object; the low 2 bits of _gc_prev are flags
 * (_PyGC_PREV_SHIFT). internals.c checks the size against the struct. */
#define FACT_GC_HEAD_SIZE (2 * sizeof(uintptr_t))
#define FACT_GC_PREV_FLAG_BITS 2
/* The two managed words (dict or values, weakref) before instances of managed types (3.11+). */
#define FACT_MANAGED_WORDS_SIZE (2 * sizeof(PyObject *))

/* pymalloc (Objects/obmalloc.c; 3.12+ Include/internal/pycore_obmalloc.h, unchanged through
 * 3.15): requests up to 512 bytes come from 16-byte size classes in 16 KiB pools; the pool
 * header keeps the class index as a uint at offset 36 (struct pool_header: ref, freeblock,
 * nextpool, prevpool, arenaindex, szidx). */
#define FACT_PYMALLOC_THRESHOLD 512
#define FACT_PYMALLOC_ALIGN 16
#define FACT_PYMALLOC_POOL_SIZE ((size_t)16 * 1024)
#define FACT_PYMALLOC_SZIDX_OFFSET 36

/* USABLE_FRACTION (Objects/dictobject.c): entries a keys table of n slots can hold. */
#define FACT_DICT_USABLE(n) (((size_t)(n) << 1) / 3)

/* PyType_GenericAlloc (Objects/typeobject.c): a var-sized object of a heap type gets one more
 * item than asked (a sentinel) and the size is rounded up to a pointer multiple. */
#define FACT_GENERIC_ALLOC_SENTINEL 1

/* ---- private structs that no header installs, the same in 3.10–3.15 ---------------------- */
/* tests/test_facts.c checks each against the live objects (their sizes, and the fields Python
 * can see through the values stored in them). A version that changes one defines its own
 * FACT_RANGE_* (or _LRU_, _ARRAY_) set in its table. */

/* rangeobject (Objects/rangeobject.c): PyObject_HEAD then start, stop, step, length, each a
 * PyObject * to an int. */
#ifndef FACT_RANGE_SIZE
#define FACT_RANGE_START 16
#define FACT_RANGE_STOP 24
#define FACT_RANGE_STEP 32
#define FACT_RANGE_LENGTH 40
#define FACT_RANGE_SIZE 48
#endif

/* lru_cache_object (Modules/_functoolsmodule.c): an embedded lru_list_elem root
 * (PyObject_HEAD, prev, next, hash, key, result), then the wrapper's own fields. Every cache
 * entry of a bounded cache is an lru_list_elem of its own ("functools._lru_list_elem"): the
 * same struct, so the ROOT offsets are its fields' offsets. The same in 3.10-3.15
 * (lru_list_elem in each version's Modules/_functoolsmodule.c). */
#ifndef FACT_LRU_SIZE
#define FACT_LRU_ELEM_SIZE 56
#define FACT_LRU_ROOT_PREV 16
#define FACT_LRU_ROOT_NEXT 24
#define FACT_LRU_ROOT_HASH 32
#define FACT_LRU_ROOT_KEY 40
#define FACT_LRU_ROOT_RESULT 48
#define FACT_LRU_WRAPPER 56
#define FACT_LRU_TYPED 64
#define FACT_LRU_CACHE 72
#define FACT_LRU_HITS 80
#define FACT_LRU_FUNC 88
#define FACT_LRU_MAXSIZE 96
#define FACT_LRU_MISSES 104
#define FACT_LRU_KWD_MARK 112
#define FACT_LRU_ELEM_TYPE 120
#define FACT_LRU_INFO_TYPE 128
#define FACT_LRU_DICT 136
#define FACT_LRU_WEAKREF 144
#define FACT_LRU_SIZE 152
#endif

/* arrayobject (Modules/arraymodule.c): PyObject_VAR_HEAD, ob_item (char *, the values,
 * allocated separately), allocated, ob_descr (const struct arraydescr *: char typecode at 0,
 * int itemsize at 4), weakreflist, ob_exports. array.__sizeof__ is basicsize + allocated *
 * itemsize. */
#ifndef FACT_ARRAY_SIZE
#define FACT_ARRAY_ITEM 24
#define FACT_ARRAY_ALLOCATED 32
#define FACT_ARRAY_DESCR 40
#define FACT_ARRAY_WEAKREF 48
#define FACT_ARRAY_EXPORTS 56
#define FACT_ARRAY_SIZE 64
#define FACT_ARRAYDESCR_TYPECODE 0
#define FACT_ARRAYDESCR_ITEMSIZE 4
#endif

/* The fields PyCodeObject (Include/cpython/code.h) has from co_consts to co_weakreflist in
 * 3.12–3.15; each table's FACT_CODE_FIELDS continues the list. From 3.11 the bytecode lives
 * inline after the fields (FACT_CODE_ADAPTIVE: co_code_adaptive[ob_size code units]). */
#define FACT_CODE312_HEAD(X) \
    X(co_consts, "PyObject *") X(co_names, "PyObject *") X(co_exceptiontable, "PyObject *") \
    X(co_flags, "int") X(co_argcount, "int") X(co_posonlyargcount, "int") \
    X(co_kwonlyargcount, "int") X(co_stacksize, "int") X(co_firstlineno, "int") \
    X(co_nlocalsplus, "int") X(co_framesize, "int") X(co_nlocals, "int") \
    X(co_ncellvars, "int") X(co_nfreevars, "int") X(co_version, "uint32_t") \
    X(co_localsplusnames, "PyObject *") X(co_localspluskinds, "PyObject *") \
    X(co_filename, "PyObject *") X(co_name, "PyObject *") X(co_qualname, "PyObject *") \
    X(co_linetable, "PyObject *") X(co_weakreflist, "PyObject *")

/* dequeobject (Modules/_collectionsmodule.c): PyObject_VAR_HEAD (ob_size: the length), then
 * leftblock, rightblock, leftindex, rightindex, state, maxlen; each table adds the rest
 * (FACT_DEQUE_*). A block is {struct BLOCK *leftlink; PyObject *data[BLOCKLEN = 64];
 * struct BLOCK *rightlink}, 528 bytes from PyMem_Malloc; deque.__sizeof__ counts
 * (leftindex + len + 63) / 64 of them (the chain), not the free ones. */
#define FACT_DEQUE_LEFTBLOCK 24
#define FACT_DEQUE_RIGHTBLOCK 32
#define FACT_DEQUE_LEFTINDEX 40
#define FACT_DEQUE_RIGHTINDEX 48
#define FACT_DEQUE_STATE 56
#define FACT_DEQUE_MAXLEN 64
#define FACT_DEQUE_BLOCKLEN 64
#define FACT_BLOCK_LEFTLINK 0
#define FACT_BLOCK_DATA 8
#define FACT_BLOCK_RIGHTLINK 520
#define FACT_BLOCK_SIZE 528
/* From 3.11: numfreeblocks and freeblocks[MAXFREEBLOCKS = 16], emptied blocks kept for reuse,
 * before weakreflist (3.10's table defines its own). */
#ifndef FACT_DEQUE_SIZE
#define FACT_DEQUE_FREEBLOCKS 1
#define FACT_DEQUE_NUMFREE 72
#define FACT_DEQUE_FREELIST 80
#define FACT_DEQUE_MAXFREE 16
#define FACT_DEQUE_WEAKREF 208
#define FACT_DEQUE_SIZE 216
#endif

/* Small private structs, each a list X(field, C type, offset, size) after PyObject_HEAD; a
 * version that differs defines its own list in its table (tests/test_kinds_types.c holds each
 * to the live objects, tests/test_facts.c to the DWARF debug information where gdb has it). */
/* propertyobject (Objects/descrobject.c). */
#define FACT_PROPERTY_FIELDS(X)                                                                \
    X(prop_get, "PyObject *", 16, 8) X(prop_set, "PyObject *", 24, 8)                          \
    X(prop_del, "PyObject *", 32, 8) X(prop_doc, "PyObject *", 40, 8)                          \
    X(prop_name, "PyObject *", 48, 8) X(getter_doc, "int", 56, 4)
#define FACT_PROPERTY_SIZE 64
/* staticmethod and classmethod (Objects/funcobject.c). */
#define FACT_STATICMETHOD_FIELDS(X) X(sm_callable, "PyObject *", 16, 8) X(sm_dict, "PyObject *", 24, 8)
#define FACT_CLASSMETHOD_FIELDS(X) X(cm_callable, "PyObject *", 16, 8) X(cm_dict, "PyObject *", 24, 8)
#define FACT_STATICMETHOD_SIZE 32
/* _PyNamespaceObject, types.SimpleNamespace (Objects/namespaceobject.c). */
#define FACT_NAMESPACE_FIELDS(X) X(ns_dict, "PyObject *", 16, 8)
#define FACT_NAMESPACE_SIZE 24
/* partialobject (Modules/_functoolsmodule.c); 3.14 added placeholder and phcount before
 * vectorcall (FACT_PARTIAL_PLACEHOLDER). */
#if FACT_PARTIAL_PLACEHOLDER
#define FACT_PARTIAL_TAIL(X)                                                                   \
    X(placeholder, "PyObject *", 56, 8) X(phcount, "Py_ssize_t", 64, 8)                        \
    X(vectorcall, "vectorcallfunc", 72, 8)
#define FACT_PARTIAL_SIZE 80
#else
#define FACT_PARTIAL_TAIL(X) X(vectorcall, "vectorcallfunc", 56, 8)
#define FACT_PARTIAL_SIZE 64
#endif
#define FACT_PARTIAL_FIELDS(X)                                                                 \
    X(fn, "PyObject *", 16, 8) X(args, "PyObject *", 24, 8) X(kw, "PyObject *", 32, 8)         \
    X(dict, "PyObject *", 40, 8) X(weakreflist, "PyObject *", 48, 8) FACT_PARTIAL_TAIL(X)
/* _PyDictViewObject (Include/cpython/dictobject.h; 3.13+ Include/internal/pycore_dict.h):
 * dict_keys, dict_values, dict_items. */
#define FACT_DICTVIEW_FIELDS(X) X(dv_dict, "PyDictObject *", 16, 8)
#define FACT_DICTVIEW_SIZE 24
/* enumobject (Objects/enumobject.c); 3.11 added `one`, the cached int 1. */
#ifndef FACT_ENUMERATE_SIZE
#define FACT_ENUMERATE_FIELDS(X)                                                               \
    X(en_index, "Py_ssize_t", 16, 8) X(en_sit, "PyObject *", 24, 8)                           \
    X(en_result, "PyObject *", 32, 8) X(en_longindex, "PyObject *", 40, 8)                    \
    X(one, "PyObject *", 48, 8)
#define FACT_ENUMERATE_SIZE 56
#endif
/* listiterobject (Objects/listobject.c; 3.11+ _PyListIterObject, Include/internal/
 * pycore_list.h), also for reversed(list); tupleiterobject (Objects/tupleobject.c; 3.12+
 * _PyTupleIterObject, pycore_tuple.h); unicodeiterobject (Objects/unicodeobject.c). */
#define FACT_SEQITER_FIELDS(X) X(it_index, "Py_ssize_t", 16, 8) X(it_seq, "PyObject *", 24, 8)
#define FACT_SEQITER_SIZE 32
/* dictiterobject (Objects/dictobject.c), for the keys, values and items iterators. */
#define FACT_DICTITER_FIELDS(X)                                                                \
    X(di_dict, "PyDictObject *", 16, 8) X(di_used, "Py_ssize_t", 24, 8)                       \
    X(di_pos, "Py_ssize_t", 32, 8) X(di_result, "PyObject *", 40, 8) X(len, "Py_ssize_t", 48, 8)
#define FACT_DICTITER_SIZE 56
/* setiterobject (Objects/setobject.c). */
#define FACT_SETITER_FIELDS(X)                                                                 \
    X(si_set, "PySetObject *", 16, 8) X(si_used, "Py_ssize_t", 24, 8)                         \
    X(si_pos, "Py_ssize_t", 32, 8) X(len, "Py_ssize_t", 40, 8)
#define FACT_SETITER_SIZE 48
/* rangeiterobject (Objects/rangeobject.c; 3.13+ _PyRangeIterObject, pycore_range.h): C longs;
 * 3.12 dropped `index` (start moves instead). */
#ifndef FACT_RANGEITER_SIZE
#define FACT_RANGEITER_FIELDS(X)                                                               \
    X(start, "long", 16, 8) X(step, "long", 24, 8) X(len, "long", 32, 8)
#define FACT_RANGEITER_SIZE 40
#endif

/* PyODictObject (Objects/odictobject.c): a PyDictObject, then od_first, od_last (_ODictNode *),
 * od_fast_nodes (_ODictNode **, od_fast_nodes_size of them), od_resize_sentinel, od_state,
 * od_inst_dict, od_weakreflist. A node (struct _odictnode) is {PyObject *key; Py_hash_t hash;
 * _ODictNode *next, *prev}, 32 bytes from PyMem_Malloc; OrderedDict.__sizeof__ counts the
 * fast-nodes array and every node. */
#define FACT_ODICT_FIRST 48
#define FACT_ODICT_LAST 56
#define FACT_ODICT_FAST_NODES 64
#define FACT_ODICT_FAST_SIZE 72
#define FACT_ODICT_RESIZE_SENTINEL 80
#define FACT_ODICT_STATE 88
#define FACT_ODICT_INST_DICT 96
#define FACT_ODICT_WEAKREF 104
#define FACT_ODICT_SIZE 112
#define FACT_ODICTNODE_KEY 0
#define FACT_ODICTNODE_HASH 8
#define FACT_ODICTNODE_NEXT 16
#define FACT_ODICTNODE_PREV 24
#define FACT_ODICTNODE_SIZE 32

/* _PyCodeObjectExtra (Objects/codeobject.c): a code object's co_extra block, Py_ssize_t
 * ce_size then void *ce_extras[ce_size]; allocated and counted by code.__sizeof__ as
 * sizeof(_PyCodeObjectExtra) + (ce_size - 1) pointers. */
#define FACT_CODE_EXTRA_SIZE 0
#define FACT_CODE_EXTRA_ITEMS 8
#define FACT_CODE_EXTRA_BLOCK(n) ((size_t)16 + ((size_t)(n) - 1) * sizeof(void *))

/* ---- the object header --------------------------------------------------------------------- */

typedef enum {
    FACT_HF_REFCNT,   /* the reference count objscope reads with Py_REFCNT */
    FACT_HF_OVERFLOW, /* 3.14+: the upper 16 bits of the old 64-bit count, kept zero */
    FACT_HF_FLAGS,    /* 3.14+: ob_flags */
    FACT_HF_TYPE,     /* ob_type */
} FactHeaderRole;

typedef struct {
    const char *name, *ctype;
    size_t offset, size;
    FactHeaderRole role;
} FactHeaderField;

/* The fields of PyObject_HEAD in order (Include/object.h, struct _object), from offsetof on
 * this build's header. A free-threaded header would be one more list here. */
static inline const FactHeaderField *fact_header_fields(size_t *n)
{
    static const FactHeaderField fields[] = {
#if FACT_HEADER_SPLIT_REFCNT
        {"ob_refcnt", "uint32_t", offsetof(PyObject, ob_refcnt), sizeof(uint32_t), FACT_HF_REFCNT},
        {"ob_overflow", "uint16_t", offsetof(PyObject, ob_overflow), sizeof(uint16_t),
         FACT_HF_OVERFLOW},
        {"ob_flags", "uint16_t", offsetof(PyObject, ob_flags), sizeof(uint16_t), FACT_HF_FLAGS},
#else
        {"ob_refcnt", "Py_ssize_t", offsetof(PyObject, ob_refcnt), sizeof(Py_ssize_t),
         FACT_HF_REFCNT},
#endif
        {"ob_type", "PyTypeObject *", offsetof(PyObject, ob_type), sizeof(PyTypeObject *),
         FACT_HF_TYPE},
    };
    *n = sizeof fields / sizeof fields[0];
    return fields;
}

typedef struct {
    unsigned bit;
    const char *name;
} FactFlagName;

/* The bits of ob_flags with their names (Include/refcount.h 3.14, Include/object.h 3.15);
 * none before 3.14. */
static inline const FactFlagName *fact_ob_flag_names(size_t *n)
{
    static const FactFlagName names[] = {
#if FACT_HEADER_SPLIT_REFCNT
        {_Py_IMMORTAL_FLAGS, "immortal"},
#ifdef _Py_LEGACY_ABI_CHECK_FLAG
        {_Py_LEGACY_ABI_CHECK_FLAG, "legacy ABI check"},
#endif
        {_Py_STATICALLY_ALLOCATED_FLAG, "statically allocated"},
#endif
        {0, NULL},
    };
    *n = sizeof names / sizeof names[0] - 1;
    return names;
}

/* Immortal objects (3.12+, Include/object.h; 3.14+ Include/refcount.h): on 64-bit builds the
 * low 32 bits of the count read as a negative int32; Py_INCREF and Py_DECREF leave them. */
static inline bool fact_is_immortal(PyObject *o)
{
#if FACT_IMMORTAL
    return _Py_IsImmortal(o);
#else
    (void)o;
    return false;
#endif
}

/* ---- pre-header and sys.getsizeof ------------------------------------------------------------ */

/* Real bytes before objects of type t (_PyType_PreHeaderSize, Include/internal/
 * pycore_object.h): the GC links, and the two managed words when the type has any of
 * FACT_PREHEADER_FLAGS. internals.c checks this against CPython's own function. */
static inline size_t fact_preheader_size(PyTypeObject *t)
{
    size_t n = PyType_IS_GC(t) ? FACT_GC_HEAD_SIZE : 0;
    if (t->tp_flags & (unsigned long)FACT_PREHEADER_FLAGS)
        n += FACT_MANAGED_WORDS_SIZE;
    return n;
}

/* Does what sys.getsizeof adds for an object of type t depend on the object itself rather
 * than only on t (so it cannot be cached per type)? */
static inline bool fact_getsizeof_extra_varies(PyTypeObject *t)
{
#if FACT_GETSIZEOF_RULE == FACT_GETSIZEOF_GC_OF_OBJECT
    return PyType_IS_GC(t) && t->tp_is_gc != NULL;
#elif FACT_GETSIZEOF_RULE == FACT_GETSIZEOF_NO_STATIC_TYPES
    return t == &PyType_Type;
#else
    (void)t;
    return false;
#endif
}

/* What sys.getsizeof adds to __sizeof__ for o (_PySys_GetSizeOf, Python/sysmodule.c). It can
 * exceed the real pre-header: 3.11/3.12 charge static type objects one they do not have. */
static inline size_t fact_getsizeof_extra(PyObject *o)
{
#if FACT_GETSIZEOF_RULE == FACT_GETSIZEOF_GC_OF_OBJECT
    return PyObject_IS_GC(o) ? FACT_GC_HEAD_SIZE : 0;
#elif FACT_GETSIZEOF_RULE == FACT_GETSIZEOF_NO_STATIC_TYPES
    if (Py_IS_TYPE(o, &PyType_Type) && !PyType_HasFeature((PyTypeObject *)o, Py_TPFLAGS_HEAPTYPE))
        return 0;
    return fact_preheader_size(Py_TYPE(o));
#else
    return fact_preheader_size(Py_TYPE(o));
#endif
}

/* ---- int ----------------------------------------------------------------------------------- */

/* Where the digits start (Include/cpython/longintrepr.h). */
#if FACT_LONG_TAG
#define FACT_LONG_DIGITS_OFFSET ((size_t)offsetof(PyLongObject, long_value.ob_digit))
#else
#define FACT_LONG_DIGITS_OFFSET ((size_t)offsetof(PyLongObject, ob_digit))
#endif

/* Digits in use and the sign (-1, 0, 1), read from the header without PyLong calls: 3.12+
 * lv_tag = ndigits << _PyLong_NON_SIZE_BITS | sign bits (0 positive, 1 zero, 2 negative);
 * before, ob_size is the signed digit count. */
static inline size_t fact_long_ndigits(PyObject *o, int *sign)
{
#if FACT_LONG_TAG
    uintptr_t tag = ((PyLongObject *)o)->long_value.lv_tag;
    *sign = 1 - (int)(tag & _PyLong_SIGN_MASK);
    return (size_t)(tag >> _PyLong_NON_SIZE_BITS);
#else
    Py_ssize_t size = Py_SIZE(o);
    *sign = size > 0 ? 1 : size < 0 ? -1 : 0;
    return (size_t)(size < 0 ? -size : size);
#endif
}

/* Digits allocated for ndigits in use: _PyLong_New allocates at least one since 3.11. */
static inline size_t fact_long_alloc_digits(size_t ndigits)
{
    return FACT_LONG_ZERO_DIGIT && ndigits == 0 ? 1 : ndigits;
}

/* int.__sizeof__ (long___sizeof___impl, Objects/longobject.c): the digits allocated. */
static inline size_t fact_long_sizeof(PyObject *o)
{
    int sign;
    size_t ndigits = fact_long_ndigits(o, &sign);
    return FACT_LONG_DIGITS_OFFSET + fact_long_alloc_digits(ndigits) * sizeof(digit);
}

/* A compact ASCII str with no 3.10/3.11 wchar_t copy: one block of sizeof(PyASCIIObject), the
 * characters and a NUL, which is also what str.__sizeof__ says of it. 0 for any other layout. */
static inline size_t fact_ascii_str_size(PyObject *o)
{
    if (!PyUnicode_IS_COMPACT_ASCII(o))
        return 0;
#if FACT_STR_WSTR
    if (((PyASCIIObject *)o)->wstr)
        return 0;
#endif
    return sizeof(PyASCIIObject) + (size_t)PyUnicode_GET_LENGTH(o) + 1;
}

/* ---- frame slots --------------------------------------------------------------------------- */

typedef enum { FACT_SLOT_NULL, FACT_SLOT_OBJECT, FACT_SLOT_INT } FactSlotKind;

#if FACT_FRAME_STACKREF
#define FACT_FRAME_SLOT_CTYPE "_PyStackRef"
#else
#define FACT_FRAME_SLOT_CTYPE "PyObject *"
#endif

/* What one slot of an interpreter frame (or f_executable, f_funcobj) holds. Up to 3.13 a
 * slot is a PyObject *; from 3.14 a _PyStackRef (Include/internal/pycore_stackref.h), whose
 * low bits tag it: NULL, a tagged int, or an object pointer whose bit 0 says whether the
 * reference owns a count (*borrowed). */
static inline FactSlotKind fact_frame_slot(uintptr_t bits, PyObject **obj, intptr_t *ival,
                                           bool *borrowed)
{
    *obj = NULL;
    *ival = 0;
    *borrowed = false;
#if FACT_FRAME_STACKREF
    if (bits == 0 || bits == FACT_STACKREF_NULL_BITS)
        return FACT_SLOT_NULL;
    if ((bits & FACT_STACKREF_INT_TAG) == FACT_STACKREF_INT_TAG) {
        *ival = (intptr_t)bits >> FACT_STACKREF_INT_SHIFT;
        return FACT_SLOT_INT;
    }
    *borrowed = bits & FACT_STACKREF_REFCNT_TAG;
    *obj = (PyObject *)(bits & ~(uintptr_t)FACT_STACKREF_REFCNT_TAG);
    return FACT_SLOT_OBJECT;
#else
    *obj = (PyObject *)bits;
    return bits ? FACT_SLOT_OBJECT : FACT_SLOT_NULL;
#endif
}

/* ---- errors -------------------------------------------------------------------------------- */

/* The pending exception, normalised, as a new reference (NULL if none); none is left pending. */
static inline PyObject *fact_take_exception(void)
{
#if FACT_RAISED_EXCEPTION_API
    return PyErr_GetRaisedException();
#else
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!type)
        return NULL;
    PyErr_NormalizeException(&type, &value, &tb);
    if (value && tb)
        PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return value;
#endif
}

/* Make exc (a new reference, stolen; NULL for none) the pending exception again. */
static inline void fact_restore_exception(PyObject *exc)
{
    if (!exc)
        return;
#if FACT_RAISED_EXCEPTION_API
    PyErr_SetRaisedException(exc);
#else
    PyErr_Restore(Py_NewRef((PyObject *)Py_TYPE(exc)), exc, PyException_GetTraceback(exc));
#endif
}

#endif
