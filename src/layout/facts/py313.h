/* facts/py313.h — CPython 3.13 (read from 3.13's Include/ and Objects/; see facts.h). */
#define FACT_MINOR 13

/* Object header (Include/object.h): Py_ssize_t ob_refcnt (a union with ob_refcnt_split[2]),
 * ob_type; immortal objects since 3.12. */
#define FACT_HEADER_SPLIT_REFCNT 0
#define FACT_IMMORTAL 1

/* Pre-header (Include/internal/pycore_object.h): Py_TPFLAGS_PREHEADER = MANAGED_DICT |
 * MANAGED_WEAKREF reserves both words; MANAGED_WEAKREF_OFFSET -32, MANAGED_DICT_OFFSET -24. */
#define FACT_MANAGED_DICT 1
#define FACT_PREHEADER_FLAGS (Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF)
#define FACT_DICT_OR_VALUES_WORD 0
#define FACT_PREHEADER_WORDS \
    {"managed weakref list", "PyObject *"}, {"managed dict", "PyDictObject *"},
/* _PySys_GetSizeOf (Python/sysmodule.c): the pre-header, except for static type objects. */
#define FACT_GETSIZEOF_RULE FACT_GETSIZEOF_NO_STATIC_TYPES

/* dict (Include/internal/pycore_dict.h): PyDictValues {capacity, size, embedded, valid} then
 * values[capacity] and the insertion-order bytes; instances of plain classes keep them inline
 * (Py_TPFLAGS_INLINE_VALUES, values at tp_basicsize). */
#define FACT_DICT_KEYS_PRIVATE 0
#define FACT_DICT_VALUES FACT_VALUES_HEADER
#define FACT_INLINE_VALUES_SUBCLASSES 0
#define FACT_INLINE_VALUES 1
#define FACT_DICT_TAG_MEMBER ma_version_tag
#define FACT_DICT_TAG_NAME "ma_version_tag"
#define FACT_DICT_TAG_NOTE "bits 0-7 dict watchers, 8-11 mutation counter, 12-63 version"
#define FACT_FROZENDICT 0

/* int (Include/cpython/longintrepr.h): lv_tag since 3.12; at least one digit since 3.11; small
 * ints are static in the runtime's singletons since 3.11. */
/* The small-int cache: _PY_NSMALLNEGINTS 5, _PY_NSMALLPOSINTS 257
 * (Include/internal/pycore_global_objects.h). */
#define FACT_SMALL_INT_MIN (-5)
#define FACT_SMALL_INT_MAX 256
#define FACT_LONGINTREPR_SEPARATE 0
#define FACT_LONG_TAG 1
#define FACT_LONG_ZERO_DIGIT 1
#define FACT_SMALL_INTS_STATIC 1
#define FACT_LONG_SMALL_INT_MASK 0

/* str (Include/cpython/unicodeobject.h): no wstr since 3.12; state bit 7 is statically_allocated;
 * interned strings are immortal. */
#define FACT_STR_WSTR 0
#define FACT_STR_STATE_BIT7 "statically_allocated"
#define FACT_STR_INTERNED_IMMORTAL 1

/* bytes, bytearray, tuple (Include/cpython/bytesobject.h, bytearrayobject.h, tupleobject.h). */
#define FACT_BYTES_SHASH_DEPRECATED 1
#define FACT_BYTEARRAY_BYTES_OBJECT 0
#define FACT_TUPLE_HASH 0

/* functions and weakrefs (Include/cpython/funcobject.h, weakrefobject.h). */
#define FACT_FUNC_VERSION 1
#define FACT_FUNC_TYPEPARAMS 1
#define FACT_FUNC_ANNOTATE 0
#define FACT_WEAKREF_VECTORCALL 1

/* generators (Include/cpython/genobject.h, Include/internal/pycore_frame.h): the frame is
 * embedded; f_executable (a PyObject *) replaced f_code; FRAME_COMPLETED exists. */
#define FACT_GEN_FRAME_EMBEDDED 1
#define FACT_GEN_CODE_FIELD 0
#define FACT_FRAME_EXECUTABLE 1
#define FACT_FRAME_STACKREF 0
#define FACT_FRAME_STATE_COMPLETED 1

/* type objects (Include/cpython/object.h): tp_watched (3.12), tp_versions_used (3.13); static
 * builtin types keep their dict and subclasses in the interpreter (3.12); the heap type's
 * specializer cache has getitem, getitem_version, init. */
#define FACT_TYPE_WATCHED 1
#define FACT_TYPE_VERSIONS_USED 1
#define FACT_TYPE_ITERITEM 0
#define FACT_STATIC_BUILTIN_STATE 1
#define FACT_HEAP_SPEC_CACHE 1
#define FACT_SPEC_CACHE_GETITEM_VERSION 1
#define FACT_SPEC_CACHE_INIT 1
#define FACT_HEAP_TOKEN 0

/* Static objects are immortal (0: no refcount floor is needed to tell them apart). */
#define FACT_STATIC_REFCNT_FLOOR 0

/* code objects (Include/cpython/code.h): co_localsplusnames, co_localspluskinds,
 * co_exceptiontable, co_qualname (3.11); the cached co_code, co_varnames, co_cellvars, co_freevars
 * in a _PyCoCached block (_co_cached, 3.12). */
#define FACT_CODE_LOCALSPLUS 1
#define FACT_CODE_CACHED_CODE 0
#define FACT_CODE_CO_CACHED 1

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
#define FACT_CODE_FIELDS(X) \
    FACT_CODE312_HEAD(X) \
    X(co_executors, "_PyExecutorArray *") X(_co_cached, "_PyCoCached *") \
    X(_co_instrumentation_version, "uintptr_t") X(_co_monitoring, "_PyCoMonitoringData *") \
    X(_co_firsttraceable, "int") X(co_extra, "void *")
#define FACT_CODE_ADAPTIVE 1

/* modules (Include/internal/pycore_moduleobject.h): md_dict, md_def, md_state, md_weaklist,
 * md_name. */
#define FACT_MODULE_TOKEN 0

/* PyErr_GetRaisedException (3.12+). */
#define FACT_RAISED_EXCEPTION_API 1

/* PyFrameObject (Include/internal/pycore_frame.h), its fields before _f_frame_data, where the
 * interpreter frame is copied when the frame object takes it over. */
#define FACT_FRAMEOBJ_FIELDS(X) \
    X(f_back, "PyFrameObject *") X(f_frame, "_PyInterpreterFrame *") X(f_trace, "PyObject *") \
    X(f_lineno, "int") X(f_trace_lines, "char") X(f_trace_opcodes, "char") \
    X(f_extra_locals, "PyObject *") X(f_locals_cache, "PyObject *")
/* exceptions (Include/cpython/pyerrors.h): PyException_HEAD's notes (3.11), ImportError's
 * name_from (3.12), SyntaxError's metadata (3.14), BaseExceptionGroup (3.11) and its excs_str
 * (3.14). */
#define FACT_EXC_NOTES 1
#define FACT_IMPORTERROR_NAME_FROM 1
#define FACT_SYNTAXERROR_METADATA 0
#define FACT_EXCGROUP 1
#define FACT_EXCGROUP_EXCS_STR 0

/* partialobject (Modules/_functoolsmodule.c): no placeholders before 3.14. */
#define FACT_PARTIAL_PLACEHOLDER 0
