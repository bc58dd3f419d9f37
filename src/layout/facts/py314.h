/* facts/py314.h — CPython 3.14: only what differs from 3.13, whose table it starts from
 * (read from 3.14's Include/ and Objects/; see facts.h). */
#include "layout/facts/py313.h"
#undef FACT_MINOR
#define FACT_MINOR 14

/* Object header (Include/object.h): a 64-bit union of uint32_t ob_refcnt, uint16_t ob_overflow,
 * uint16_t ob_flags, then ob_type; immortal when the 32-bit count reads negative as an int32
 * (Include/refcount.h: _Py_IMMORTAL_INITIAL_REFCNT 3 << 30). */
#undef FACT_HEADER_SPLIT_REFCNT
#define FACT_HEADER_SPLIT_REFCNT 1

/* dict (Include/cpython/dictobject.h, Include/internal/pycore_dict.h): ma_version_tag is now
 * _ma_watcher_tag; PyDictValues {capacity, size, embedded, valid} then values[capacity] and the
 * insertion-order bytes; instances of plain classes keep them inline (Py_TPFLAGS_INLINE_VALUES,
 * values at tp_basicsize); since 3.14 also classes with __slots__ (a __dict__ slot, or a slotted
 * base) and subclasses of fixed-size builtins such as list, dict, str, set, float, deque
 * (type_new, Objects/typeobject.c, sets the flag: read from the type objects of both versions). */
#undef FACT_INLINE_VALUES_SUBCLASSES
#define FACT_INLINE_VALUES_SUBCLASSES 1
#undef FACT_DICT_TAG_MEMBER
#define FACT_DICT_TAG_MEMBER _ma_watcher_tag
#undef FACT_DICT_TAG_NAME
#define FACT_DICT_TAG_NAME "_ma_watcher_tag"
#undef FACT_DICT_TAG_NOTE
#define FACT_DICT_TAG_NOTE \
    "3.14: renamed from ma_version_tag; bits 0-7 dict watchers, 8-11 mutation counter, " \
    "the rest unused here"

/* int (Include/cpython/longintrepr.h): lv_tag since 3.12; at least one digit since 3.11; small
 * ints are static in the runtime's singletons since 3.11; lv_tag bit 2 marks them
 * (Include/internal/pycore_long.h: IMMORTALITY_BIT_MASK). */
#undef FACT_LONG_SMALL_INT_MASK
#define FACT_LONG_SMALL_INT_MASK 4

/* bytes, bytearray, tuple (Include/cpython/bytesobject.h, bytearrayobject.h, tupleobject.h):
 * tuples cache their hash in ob_hash. */
#undef FACT_TUPLE_HASH
#define FACT_TUPLE_HASH 1

/* functions and weakrefs (Include/cpython/funcobject.h, weakrefobject.h): func_annotate. */
#undef FACT_FUNC_ANNOTATE
#define FACT_FUNC_ANNOTATE 1

/* generators (Include/internal/pycore_interpframe_structs.h, pycore_frame.h, pycore_stackref.h):
 * the frame is embedded; f_executable, f_funcobj and the slots are _PyStackRef (a tagged pointer),
 * stackpointer replaced stacktop; FRAME_COMPLETED exists. */
#undef FACT_FRAME_STACKREF
#define FACT_FRAME_STACKREF 1

/* _PyStackRef tags of the default build (pycore_stackref.h): bit 0 (Py_TAG_REFCNT) set = the
 * reference owns no count; NULL is that bit alone; tagged ints end in binary 11. */
#define FACT_STACKREF_REFCNT_TAG 1
#define FACT_STACKREF_INT_TAG 3
#define FACT_STACKREF_INT_SHIFT 2
#define FACT_STACKREF_NULL_BITS 1

/* type objects (Include/cpython/object.h): tp_watched (3.12), tp_versions_used (3.13); static
 * builtin types keep their dict and subclasses in the interpreter (3.12); the heap type's
 * specializer cache has getitem, getitem_version, init; ht_token (3.14). */
#undef FACT_HEAP_TOKEN
#define FACT_HEAP_TOKEN 1

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
#undef FACT_CODE_FIELDS
#define FACT_CODE_FIELDS(X) \
    FACT_CODE312_HEAD(X) \
    X(co_executors, "_PyExecutorArray *") X(_co_cached, "_PyCoCached *") \
    X(_co_instrumentation_version, "uintptr_t") X(_co_monitoring, "_PyCoMonitoringData *") \
    X(_co_unique_id, "Py_ssize_t") \
    X(_co_firsttraceable, "int") X(co_extra, "void *")

/* PyFrameObject (Include/internal/pycore_frame.h), its fields before _f_frame_data, where the
 * interpreter frame is copied when the frame object takes it over. */
#undef FACT_FRAMEOBJ_FIELDS
#define FACT_FRAMEOBJ_FIELDS(X) \
    X(f_back, "PyFrameObject *") X(f_frame, "_PyInterpreterFrame *") X(f_trace, "PyObject *") \
    X(f_lineno, "int") X(f_trace_lines, "char") X(f_trace_opcodes, "char") \
    X(f_extra_locals, "PyObject *") X(f_locals_cache, "PyObject *") \
    X(f_overwritten_fast_locals, "PyObject *")

/* partialobject (Modules/_functoolsmodule.c): placeholder and phcount (3.14). */
#undef FACT_PARTIAL_PLACEHOLDER
#define FACT_PARTIAL_PLACEHOLDER 1

/* exceptions (Include/cpython/pyerrors.h): PyException_HEAD's notes (3.11), ImportError's
 * name_from (3.12), SyntaxError's metadata (3.14), BaseExceptionGroup (3.11) and its excs_str
 * (3.14). */
#undef FACT_SYNTAXERROR_METADATA
#define FACT_SYNTAXERROR_METADATA 1
#undef FACT_EXCGROUP_EXCS_STR
#define FACT_EXCGROUP_EXCS_STR 1
