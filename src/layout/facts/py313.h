/* facts/py313.h — CPython 3.13: only what differs from 3.12, whose table it starts from
 * (read from 3.13's Include/ and Objects/; see facts.h). */
#include "layout/facts/py312.h"
#undef FACT_MINOR
#define FACT_MINOR 13

/* Pre-header (Include/internal/pycore_object.h): Py_TPFLAGS_PREHEADER = MANAGED_DICT |
 * MANAGED_WEAKREF reserves both words; MANAGED_WEAKREF_OFFSET -32, MANAGED_DICT_OFFSET -24. */
#undef FACT_DICT_OR_VALUES_WORD
#define FACT_DICT_OR_VALUES_WORD 0
#undef FACT_PREHEADER_WORDS
#define FACT_PREHEADER_WORDS \
    {"managed weakref list", "PyObject *"}, {"managed dict", "PyDictObject *"},

/* _PySys_GetSizeOf (Python/sysmodule.c): the pre-header, except for static type objects. */
#undef FACT_GETSIZEOF_RULE
#define FACT_GETSIZEOF_RULE FACT_GETSIZEOF_NO_STATIC_TYPES

/* dict (Include/internal/pycore_dict.h): PyDictValues {capacity, size, embedded, valid} then
 * values[capacity] and the insertion-order bytes; instances of plain classes keep them inline
 * (Py_TPFLAGS_INLINE_VALUES, values at tp_basicsize). */
#undef FACT_DICT_VALUES
#define FACT_DICT_VALUES FACT_VALUES_HEADER
#undef FACT_INLINE_VALUES
#define FACT_INLINE_VALUES 1
#undef FACT_DICT_TAG_NOTE
#define FACT_DICT_TAG_NOTE "bits 0-7 dict watchers, 8-11 mutation counter, 12-63 version"

/* generators (Include/cpython/genobject.h, Include/internal/pycore_frame.h): the frame is
 * embedded; f_executable (a PyObject *) replaced f_code; FRAME_COMPLETED exists. */
#undef FACT_FRAME_EXECUTABLE
#define FACT_FRAME_EXECUTABLE 1

/* type objects (Include/cpython/object.h): tp_watched (3.12), tp_versions_used (3.13); static
 * builtin types keep their dict and subclasses in the interpreter (3.12); the heap type's
 * specializer cache has getitem, getitem_version, init. */
#undef FACT_TYPE_VERSIONS_USED
#define FACT_TYPE_VERSIONS_USED 1
#undef FACT_SPEC_CACHE_INIT
#define FACT_SPEC_CACHE_INIT 1

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
#undef FACT_CODE_FIELDS
#define FACT_CODE_FIELDS(X) \
    FACT_CODE312_HEAD(X) \
    X(co_executors, "_PyExecutorArray *") X(_co_cached, "_PyCoCached *") \
    X(_co_instrumentation_version, "uintptr_t") X(_co_monitoring, "_PyCoMonitoringData *") \
    X(_co_firsttraceable, "int") X(co_extra, "void *")

/* PyFrameObject (Include/internal/pycore_frame.h), its fields before _f_frame_data, where the
 * interpreter frame is copied when the frame object takes it over. */
#undef FACT_FRAMEOBJ_FIELDS
#define FACT_FRAMEOBJ_FIELDS(X) \
    X(f_back, "PyFrameObject *") X(f_frame, "_PyInterpreterFrame *") X(f_trace, "PyObject *") \
    X(f_lineno, "int") X(f_trace_lines, "char") X(f_trace_opcodes, "char") \
    X(f_extra_locals, "PyObject *") X(f_locals_cache, "PyObject *")
