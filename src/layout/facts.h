/* facts.h — the version-private facts no installed CPython header exposes, in one table keyed on
 * PY_VERSION_HEX. Each names the CPython source it mirrors. Everything else the layout engine
 * knows comes from offsetof()/sizeof on CPython's own headers (internals.c, the kinds/).
 * Scope: 64-bit, default (GIL, non-debug) builds of CPython 3.10–3.13. */
#ifndef OBJSCOPE_FACTS_H
#define OBJSCOPE_FACTS_H

#include <Python.h>

#if PY_VERSION_HEX < 0x030A0000 || PY_VERSION_HEX >= 0x030E0000
#error "objscope supports CPython 3.10 to 3.13"
#endif
#if defined(Py_GIL_DISABLED) || defined(Py_TRACE_REFS) || SIZEOF_VOID_P != 8
#error "objscope supports 64-bit default builds only (not free-threaded, not Py_TRACE_REFS)"
#endif

/* pymalloc (Objects/obmalloc.c; 3.12+ Include/internal/pycore_obmalloc.h):
 * requests up to 512 bytes come from 16-byte size classes in 16 KiB pools; the pool header
 * keeps the class index as a uint at offset 36 (struct pool_header: ref, freeblock, nextpool,
 * prevpool, arenaindex, szidx). */
#define FACT_PYMALLOC_THRESHOLD 512
#define FACT_PYMALLOC_ALIGN 16
#define FACT_PYMALLOC_POOL_SIZE ((size_t)16 * 1024)
#define FACT_PYMALLOC_SZIDX_OFFSET 36

/* USABLE_FRACTION (Objects/dictobject.c): entries a keys table of n slots can hold. */
#define FACT_DICT_USABLE(n) (((size_t)(n) << 1) / 3)

/* 3.10 PyDictKeysObject (Objects/dict-common.h, not installed): 40-byte header
 * dk_refcnt, dk_size (slots, not log2), dk_lookup (function pointer), dk_usable, dk_nentries,
 * then dk_indices; entries are PyDictKeyEntry {me_hash, me_key, me_value}. */
#define FACT_DICT310_HEADER 40
#define FACT_DICT310_REFCNT 0
#define FACT_DICT310_SIZE 8
#define FACT_DICT310_LOOKUP 16
#define FACT_DICT310_USABLE 24
#define FACT_DICT310_NENTRIES 32
#define FACT_DICT310_ENTRY 24

/* rangeobject (Objects/rangeobject.c, not installed): PyObject_HEAD then start, stop, step,
 * length, each a PyObject * to an int. */
#define FACT_RANGE_START 16
#define FACT_RANGE_STOP 24
#define FACT_RANGE_STEP 32
#define FACT_RANGE_LENGTH 40
#define FACT_RANGE_SIZE 48

/* lru_cache_object (Modules/_functoolsmodule.c, not installed), identical in 3.10–3.13:
 * an embedded lru_list_elem root (PyObject_HEAD, prev, next, hash, key, result), then the
 * wrapper's own fields. */
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

/* arrayobject (Modules/arraymodule.c, not installed), identical in 3.10–3.13: PyObject_VAR_HEAD,
 * ob_item (char *, the values, allocated separately), allocated, ob_descr (const struct
 * arraydescr *: char typecode at 0, int itemsize at 4), weakreflist, ob_exports.
 * array.__sizeof__ is basicsize + allocated * itemsize. */
#define FACT_ARRAY_ITEM 24
#define FACT_ARRAY_ALLOCATED 32
#define FACT_ARRAY_DESCR 40
#define FACT_ARRAY_WEAKREF 48
#define FACT_ARRAY_EXPORTS 56
#define FACT_ARRAY_SIZE 64
#define FACT_ARRAYDESCR_TYPECODE 0
#define FACT_ARRAYDESCR_ITEMSIZE 4

/* sys.getsizeof (Python/sysmodule.c, _PySys_GetSizeOf):
 * 3.10 adds sizeof(PyGC_Head) when the object is GC (type flag and tp_is_gc);
 * 3.11/3.12 add the type's whole pre-header unconditionally (so static type objects, which
 * have none, are overcounted); 3.13 skips it for type objects without Py_TPFLAGS_HEAPTYPE. */
#if PY_VERSION_HEX < 0x030B0000
#define FACT_GETSIZEOF_RULE 310
#elif PY_VERSION_HEX < 0x030D0000
#define FACT_GETSIZEOF_RULE 311
#else
#define FACT_GETSIZEOF_RULE 313
#endif

/* PyType_GenericAlloc (Objects/typeobject.c): a var-sized object of a heap type gets one more
 * item than asked (a sentinel) and the size is rounded up to a pointer multiple. */
#define FACT_GENERIC_ALLOC_SENTINEL 1

/* 3.11 static objects (small ints, one-character strings, the empty tuple, _Py_ID strings)
 * start with a refcount of 999999999 (_PyObject_IMMORTAL_INIT, Include/internal/
 * pycore_object.h) that ordinary use moves only a little: below half of it, an object is not
 * one of them. 3.10 keeps those objects on the heap; 3.12+ marks them immortal. */
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define FACT_STATIC_REFCNT_FLOOR 500000000
#endif

#endif
