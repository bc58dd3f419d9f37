/* facts/py311.h — CPython 3.11: only what differs from 3.10, whose table it starts from
 * (read from 3.11's Include/ and Objects/; see facts.h). */
#include "layout/facts/py310.h"
#undef FACT_MINOR
#define FACT_MINOR 11

/* Pre-header (Include/internal/pycore_object.h): Py_TPFLAGS_MANAGED_DICT reserves two words:
 * _PyObject_ValuesPointer (obj-32) and _PyObject_ManagedDictPointer (obj-24). */
#undef FACT_MANAGED_DICT
#define FACT_MANAGED_DICT 1
#undef FACT_PREHEADER_FLAGS
#define FACT_PREHEADER_FLAGS Py_TPFLAGS_MANAGED_DICT
#undef FACT_PREHEADER_WORDS
#define FACT_PREHEADER_WORDS {"managed values", "PyDictValues *"}, {"managed dict", "PyObject *"},

/* _PySys_GetSizeOf (Python/sysmodule.c): the type's whole pre-header, even for static type
 * objects, which have none. */
#undef FACT_GETSIZEOF_RULE
#define FACT_GETSIZEOF_RULE FACT_GETSIZEOF_TYPE_PREHEADER

/* dict (Include/internal/pycore_dict.h): a split dict's values[] follow a prefix: insertion- order
 * bytes growing down from [-3], the count at [-2], the prefix size at [-1]. */
#undef FACT_DICT_KEYS_PRIVATE
#define FACT_DICT_KEYS_PRIVATE 0
#undef FACT_DICT_VALUES
#define FACT_DICT_VALUES FACT_VALUES_PREFIX

/* int (Include/cpython/longintrepr.h): ob_size counts the digits; at least one digit is allocated
 * since 3.11; small ints are static in the runtime's singletons since 3.11. */
/* The small-int cache: _PY_NSMALLNEGINTS 5, _PY_NSMALLPOSINTS 257
 * (Include/internal/pycore_global_objects.h). */
#undef FACT_LONGINTREPR_SEPARATE
#define FACT_LONGINTREPR_SEPARATE 0
#undef FACT_LONG_ZERO_DIGIT
#define FACT_LONG_ZERO_DIGIT 1
#undef FACT_SMALL_INTS_STATIC
#define FACT_SMALL_INTS_STATIC 1

/* bytes, bytearray, tuple (Include/cpython/bytesobject.h, bytearrayobject.h, tupleobject.h). */
#undef FACT_BYTES_SHASH_DEPRECATED
#define FACT_BYTES_SHASH_DEPRECATED 1

/* functions and weakrefs (Include/cpython/funcobject.h, weakrefobject.h). */
#undef FACT_FUNC_VERSION
#define FACT_FUNC_VERSION 1
#undef FACT_WEAKREF_VECTORCALL
#define FACT_WEAKREF_VECTORCALL 1

/* generators (Include/cpython/genobject.h, Include/internal/pycore_frame.h): the frame is embedded
 * (3.11), the generator itself holds gi_code, the frame f_code. */
#undef FACT_GEN_FRAME_EMBEDDED
#define FACT_GEN_FRAME_EMBEDDED 1
#undef FACT_GEN_CODE_FIELD
#define FACT_GEN_CODE_FIELD 1
#undef FACT_FRAME_STATE_COMPLETED
#define FACT_FRAME_STATE_COMPLETED 1

/* type objects (Include/cpython/object.h): a heap type has _ht_tpname and a specializer cache with
 * getitem (3.11). */
#undef FACT_HEAP_SPEC_CACHE
#define FACT_HEAP_SPEC_CACHE 1

/* Static objects (small ints, one-character strings, the empty tuple, _Py_ID strings) start with a
 * refcount of 999999999 (_PyObject_IMMORTAL_INIT, Include/internal/pycore_object.h) that ordinary
 * use moves only a little: below half of it, an object is not one of them. */
#undef FACT_STATIC_REFCNT_FLOOR
#define FACT_STATIC_REFCNT_FLOOR 500000000

/* code objects (Include/cpython/code.h): co_localsplusnames, co_localspluskinds,
 * co_exceptiontable, co_qualname (3.11) and a cached _co_code. */
#undef FACT_CODE_LOCALSPLUS
#define FACT_CODE_LOCALSPLUS 1
#undef FACT_CODE_CACHED_CODE
#define FACT_CODE_CACHED_CODE 1

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
#undef FACT_CODE_FIELDS
#define FACT_CODE_FIELDS(X) \
    X(co_consts, "PyObject *") X(co_names, "PyObject *") X(co_exceptiontable, "PyObject *") \
    X(co_flags, "int") X(co_warmup, "short") X(_co_linearray_entry_size, "short") \
    X(co_argcount, "int") X(co_posonlyargcount, "int") X(co_kwonlyargcount, "int") \
    X(co_stacksize, "int") X(co_firstlineno, "int") X(co_nlocalsplus, "int") \
    X(co_nlocals, "int") X(co_nplaincellvars, "int") X(co_ncellvars, "int") \
    X(co_nfreevars, "int") X(co_localsplusnames, "PyObject *") \
    X(co_localspluskinds, "PyObject *") X(co_filename, "PyObject *") X(co_name, "PyObject *") \
    X(co_qualname, "PyObject *") X(co_linetable, "PyObject *") X(co_weakreflist, "PyObject *") \
    X(_co_code, "PyObject *") X(_co_linearray, "char *") X(_co_firsttraceable, "int") \
    X(co_extra, "void *")

/* The bytecode lives inline after the fields (co_code_adaptive). */
#undef FACT_CODE_ADAPTIVE
#define FACT_CODE_ADAPTIVE 1

/* PyFrameObject (Include/internal/pycore_frame.h), its fields before _f_frame_data, where the
 * interpreter frame is copied when the frame object takes it over. */
#undef FACT_FRAMEOBJ_FIELDS
#define FACT_FRAMEOBJ_FIELDS(X) \
    X(f_back, "PyFrameObject *") X(f_frame, "_PyInterpreterFrame *") X(f_trace, "PyObject *") \
    X(f_lineno, "int") X(f_trace_lines, "char") X(f_trace_opcodes, "char") \
    X(f_fast_as_locals, "char")

/* exceptions (Include/cpython/pyerrors.h): PyException_HEAD's notes (3.11), ImportError's
 * name_from (3.12), SyntaxError's metadata (3.14), BaseExceptionGroup (3.11) and its excs_str
 * (3.14). */
#undef FACT_EXC_NOTES
#define FACT_EXC_NOTES 1
#undef FACT_EXCGROUP
#define FACT_EXCGROUP 1

/* 3.10's own private structs (its dict keys, deque, enumerate): from 3.11 the shared ones in
 * facts.h apply, which it defines only where a table has not. */
#undef FACT_DICT310_HEADER
#undef FACT_DICT310_REFCNT
#undef FACT_DICT310_SIZE
#undef FACT_DICT310_LOOKUP
#undef FACT_DICT310_USABLE
#undef FACT_DICT310_NENTRIES
#undef FACT_DICT310_ENTRY
#undef FACT_DEQUE_FREEBLOCKS
#undef FACT_DEQUE_WEAKREF
#undef FACT_DEQUE_SIZE
#undef FACT_ENUMERATE_FIELDS
#undef FACT_ENUMERATE_SIZE
