/* facts/py315.h — CPython 3.15: only what differs from 3.14, whose table it starts from
 * (read from 3.15's Include/ and Objects/; see facts.h). */
#include "layout/facts/py314.h"
#undef FACT_MINOR
#define FACT_MINOR 15

/* dict (Include/cpython/dictobject.h, Include/internal/pycore_dict.h): the watcher tag
 * _ma_watcher_tag (3.14); frozendict (PyFrozenDictObject: a PyDictObject and ma_hash, 3.15);
 * PyDictValues {capacity, size, embedded, valid} then values[capacity] and the insertion-order
 * bytes; instances of plain classes keep them inline (Py_TPFLAGS_INLINE_VALUES, values at
 * tp_basicsize); since 3.14 also classes with __slots__ (a __dict__ slot, or a slotted base) and
 * subclasses of fixed-size builtins such as list, dict, str, set, float, deque (type_new,
 * Objects/typeobject.c, sets the flag: read from the type objects of both versions). */
#undef FACT_DICT_TAG_NOTE
#define FACT_DICT_TAG_NOTE \
    "bits 0-7 dict watchers, 8-11 mutation counter, the rest unused here " \
    "(3.14: renamed from ma_version_tag)"
#undef FACT_FROZENDICT
#define FACT_FROZENDICT 1

/* The small-int cache: _PY_NSMALLNEGINTS 5, _PY_NSMALLPOSINTS 1025
 * (Include/internal/pycore_runtime_structs.h; 3.15 raised it from 256). */
#undef FACT_SMALL_INT_MAX
#define FACT_SMALL_INT_MAX 1024

/* bytes, bytearray, tuple (Include/cpython/bytesobject.h, bytearrayobject.h, tupleobject.h):
 * tuples cache their hash in ob_hash (3.14); a bytearray's buffer is a bytes object,
 * ob_bytes_object (3.15). */
#undef FACT_BYTEARRAY_BYTES_OBJECT
#define FACT_BYTEARRAY_BYTES_OBJECT 1

/* generators (Include/internal/pycore_frame.h): the frame states were renumbered and
 * FRAME_COMPLETED is gone (3.15: CREATED 0 ... EXECUTING 4, CLEARED 5). */
#undef FACT_FRAME_STATE_COMPLETED
#define FACT_FRAME_STATE_COMPLETED 0

/* type objects (Include/cpython/object.h): tp_watched (3.12), tp_versions_used (3.13); static
 * builtin types keep their dict and subclasses in the interpreter (3.12); the heap type's
 * specializer cache has getitem, getitem_version, init; ht_token (3.14); _tp_iteritem (3.15). */
#undef FACT_TYPE_ITERITEM
#define FACT_TYPE_ITERITEM 1

/* modules (Include/internal/pycore_moduleobject.h): md_def is gone; md_dict, md_state,
 * md_weaklist, md_name, md_token_is_def, md_state_size, md_state_traverse, md_state_clear,
 * md_state_free, md_token, md_exec (3.15). */
#undef FACT_MODULE_TOKEN
#define FACT_MODULE_TOKEN 1
