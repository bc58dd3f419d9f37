/* facts/py312.h — CPython 3.12: only what differs from 3.11, whose table it starts from
 * (read from 3.12's Include/ and Objects/; see facts.h). */
#include "layout/facts/py311.h"
#undef FACT_MINOR
#define FACT_MINOR 12

/* Object header (Include/object.h): Py_ssize_t ob_refcnt (a union with ob_refcnt_split[2]),
 * ob_type; immortal objects since 3.12. */
#undef FACT_IMMORTAL
#define FACT_IMMORTAL 1

/* Pre-header (Include/internal/pycore_object.h): Py_TPFLAGS_PREHEADER = MANAGED_DICT |
 * MANAGED_WEAKREF reserves both words; MANAGED_WEAKREF_OFFSET -32, MANAGED_DICT_OFFSET -24, a
 * PyDictOrValues (bit 0 tags values). */
#undef FACT_PREHEADER_FLAGS
#define FACT_PREHEADER_FLAGS (Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF)
#undef FACT_DICT_OR_VALUES_WORD
#define FACT_DICT_OR_VALUES_WORD 1
#undef FACT_PREHEADER_WORDS
#define FACT_PREHEADER_WORDS \
    {"managed weakref list", "PyObject *"}, {"managed dict or values", "PyDictOrValues"},

/* dict (Include/cpython/dictobject.h): ma_version_tag's low 8 bits are now the dict watchers
 * (DICT_MAX_WATCHERS, Include/internal/pycore_dict.h). */
#undef FACT_DICT_TAG_NOTE
#define FACT_DICT_TAG_NOTE "bits 0-7 dict watchers, the rest the version"

/* int (Include/cpython/longintrepr.h): lv_tag (digit count and sign) replaced ob_size. */
#undef FACT_LONG_TAG
#define FACT_LONG_TAG 1

/* str (Include/cpython/unicodeobject.h): no wstr since 3.12; state bit 7 is statically_allocated;
 * interned strings are immortal. */
#undef FACT_STR_WSTR
#define FACT_STR_WSTR 0
#undef FACT_STR_STATE_BIT7
#define FACT_STR_STATE_BIT7 "statically_allocated"
#undef FACT_STR_INTERNED_IMMORTAL
#define FACT_STR_INTERNED_IMMORTAL 1

/* functions (Include/cpython/funcobject.h): func_typeparams (PEP 695). */
#undef FACT_FUNC_TYPEPARAMS
#define FACT_FUNC_TYPEPARAMS 1

/* generators (Include/cpython/genobject.h, Include/internal/pycore_frame.h): the frame is
 * embedded, its code is f_code; FRAME_COMPLETED exists. */
#undef FACT_GEN_CODE_FIELD
#define FACT_GEN_CODE_FIELD 0

/* type objects (Include/cpython/object.h): tp_watched (3.12); static builtin types keep their dict
 * and subclasses in the interpreter (3.12); the heap type's specializer cache has getitem,
 * getitem_version. */
#undef FACT_TYPE_WATCHED
#define FACT_TYPE_WATCHED 1
#undef FACT_STATIC_BUILTIN_STATE
#define FACT_STATIC_BUILTIN_STATE 1
#undef FACT_SPEC_CACHE_GETITEM_VERSION
#define FACT_SPEC_CACHE_GETITEM_VERSION 1

/* Static objects are immortal (0: no refcount floor is needed to tell them apart). */
#undef FACT_STATIC_REFCNT_FLOOR
#define FACT_STATIC_REFCNT_FLOOR 0

/* code objects (Include/cpython/code.h): co_localsplusnames, co_localspluskinds,
 * co_exceptiontable, co_qualname (3.11); the cached co_code, co_varnames, co_cellvars, co_freevars
 * in a _PyCoCached block (_co_cached, 3.12). */
#undef FACT_CODE_CACHED_CODE
#define FACT_CODE_CACHED_CODE 0
#undef FACT_CODE_CO_CACHED
#define FACT_CODE_CO_CACHED 1

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
#undef FACT_CODE_FIELDS
#define FACT_CODE_FIELDS(X) \
    FACT_CODE312_HEAD(X) \
    X(_co_cached, "_PyCoCached *") X(_co_instrumentation_version, "uint64_t") \
    X(_co_monitoring, "_PyCoMonitoringData *") X(_co_firsttraceable, "int") X(co_extra, "void *")

/* PyErr_GetRaisedException (3.12+). */
#undef FACT_RAISED_EXCEPTION_API
#define FACT_RAISED_EXCEPTION_API 1

/* exceptions (Include/cpython/pyerrors.h): PyException_HEAD's notes (3.11), ImportError's
 * name_from (3.12), SyntaxError's metadata (3.14), BaseExceptionGroup (3.11) and its excs_str
 * (3.14). */
#undef FACT_IMPORTERROR_NAME_FROM
#define FACT_IMPORTERROR_NAME_FROM 1

/* 3.11's own rangeiterobject (it had an index): from 3.12 the shared one in facts.h applies. */
#undef FACT_RANGEITER_FIELDS
#undef FACT_RANGEITER_SIZE
