/* facts/py311.h — CPython 3.11 (read from 3.11's Include/ and Objects/; see facts.h). */
#define FACT_MINOR 11

/* Object header (Include/object.h): Py_ssize_t ob_refcnt, ob_type; no immortal objects. */
#define FACT_HEADER_SPLIT_REFCNT 0
#define FACT_IMMORTAL 0

/* Pre-header (Include/internal/pycore_object.h): Py_TPFLAGS_MANAGED_DICT reserves two words:
 * _PyObject_ValuesPointer (obj-32) and _PyObject_ManagedDictPointer (obj-24). */
#define FACT_MANAGED_DICT 1
#define FACT_PREHEADER_FLAGS Py_TPFLAGS_MANAGED_DICT
#define FACT_DICT_OR_VALUES_WORD 0
#define FACT_PREHEADER_WORDS {"managed values", "PyDictValues *"}, {"managed dict", "PyObject *"},
/* _PySys_GetSizeOf (Python/sysmodule.c): the type's whole pre-header, even for static type
 * objects, which have none. */
#define FACT_GETSIZEOF_RULE FACT_GETSIZEOF_TYPE_PREHEADER

/* dict (Include/internal/pycore_dict.h): a split dict's values[] follow a prefix: insertion- order
 * bytes growing down from [-3], the count at [-2], the prefix size at [-1]. */
#define FACT_DICT_KEYS_PRIVATE 0
#define FACT_DICT_VALUES FACT_VALUES_PREFIX
#define FACT_INLINE_VALUES_SUBCLASSES 0
#define FACT_INLINE_VALUES 0
#define FACT_DICT_TAG_MEMBER ma_version_tag
#define FACT_DICT_TAG_NAME "ma_version_tag"
#define FACT_DICT_TAG_NOTE "changes on every mutation (guards optimisations)"
#define FACT_FROZENDICT 0

/* int (Include/cpython/longintrepr.h): ob_size counts the digits; at least one digit is allocated
 * since 3.11; small ints are static in the runtime's singletons since 3.11. */
/* The small-int cache: _PY_NSMALLNEGINTS 5, _PY_NSMALLPOSINTS 257
 * (Include/internal/pycore_global_objects.h). */
#define FACT_SMALL_INT_MIN (-5)
#define FACT_SMALL_INT_MAX 256
#define FACT_LONGINTREPR_SEPARATE 0
#define FACT_LONG_TAG 0
#define FACT_LONG_ZERO_DIGIT 1
#define FACT_SMALL_INTS_STATIC 1
#define FACT_LONG_SMALL_INT_MASK 0

/* str (Include/cpython/unicodeobject.h): the wstr cache (wstr, wstr_length); state bit 7 is ready;
 * the interned dict's references are not counted. */
#define FACT_STR_WSTR 1
#define FACT_STR_STATE_BIT7 "ready"
#define FACT_STR_INTERNED_IMMORTAL 0

/* bytes, bytearray, tuple (Include/cpython/bytesobject.h, bytearrayobject.h, tupleobject.h). */
#define FACT_BYTES_SHASH_DEPRECATED 1
#define FACT_BYTEARRAY_BYTES_OBJECT 0
#define FACT_TUPLE_HASH 0

/* functions and weakrefs (Include/cpython/funcobject.h, weakrefobject.h). */
#define FACT_FUNC_VERSION 1
#define FACT_FUNC_TYPEPARAMS 0
#define FACT_FUNC_ANNOTATE 0
#define FACT_WEAKREF_VECTORCALL 1

/* generators (Include/cpython/genobject.h, Include/internal/pycore_frame.h): the frame is embedded
 * (3.11), the generator itself holds gi_code, the frame f_code. */
#define FACT_GEN_FRAME_EMBEDDED 1
#define FACT_GEN_CODE_FIELD 1
#define FACT_FRAME_EXECUTABLE 0
#define FACT_FRAME_STACKREF 0
#define FACT_FRAME_STATE_COMPLETED 1

/* type objects (Include/cpython/object.h): a heap type has _ht_tpname and a specializer cache with
 * getitem (3.11). */
#define FACT_TYPE_WATCHED 0
#define FACT_TYPE_VERSIONS_USED 0
#define FACT_TYPE_ITERITEM 0
#define FACT_STATIC_BUILTIN_STATE 0
#define FACT_HEAP_SPEC_CACHE 1
#define FACT_SPEC_CACHE_GETITEM_VERSION 0
#define FACT_SPEC_CACHE_INIT 0
#define FACT_HEAP_TOKEN 0

/* Static objects (small ints, one-character strings, the empty tuple, _Py_ID strings) start with a
 * refcount of 999999999 (_PyObject_IMMORTAL_INIT, Include/internal/pycore_object.h) that ordinary
 * use moves only a little: below half of it, an object is not one of them. */
#define FACT_STATIC_REFCNT_FLOOR 500000000

/* code objects (Include/cpython/code.h): co_localsplusnames, co_localspluskinds,
 * co_exceptiontable, co_qualname (3.11) and a cached _co_code. */
#define FACT_CODE_LOCALSPLUS 1
#define FACT_CODE_CACHED_CODE 1
#define FACT_CODE_CO_CACHED 0

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
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
#define FACT_CODE_ADAPTIVE 1

/* modules (Include/internal/pycore_moduleobject.h): md_dict, md_def, md_state, md_weaklist,
 * md_name. */
#define FACT_MODULE_TOKEN 0

/* No PyErr_GetRaisedException before 3.12. */
#define FACT_RAISED_EXCEPTION_API 0

/* PyFrameObject (Include/internal/pycore_frame.h), its fields before _f_frame_data, where the
 * interpreter frame is copied when the frame object takes it over. */
#define FACT_FRAMEOBJ_FIELDS(X) \
    X(f_back, "PyFrameObject *") X(f_frame, "_PyInterpreterFrame *") X(f_trace, "PyObject *") \
    X(f_lineno, "int") X(f_trace_lines, "char") X(f_trace_opcodes, "char") \
    X(f_fast_as_locals, "char")

/* rangeiterobject (Objects/rangeobject.c): C longs index, start, step, len (index went in
 * 3.12). */
#define FACT_RANGEITER_FIELDS(X)                                                               \
    X(index, "long", 16, 8) X(start, "long", 24, 8) X(step, "long", 32, 8) X(len, "long", 40, 8)
#define FACT_RANGEITER_SIZE 48
/* exceptions (Include/cpython/pyerrors.h): PyException_HEAD's notes (3.11), ImportError's
 * name_from (3.12), SyntaxError's metadata (3.14), BaseExceptionGroup (3.11) and its excs_str
 * (3.14). */
#define FACT_EXC_NOTES 1
#define FACT_IMPORTERROR_NAME_FROM 0
#define FACT_SYNTAXERROR_METADATA 0
#define FACT_EXCGROUP 1
#define FACT_EXCGROUP_EXCS_STR 0

/* partialobject (Modules/_functoolsmodule.c): no placeholders before 3.14. */
#define FACT_PARTIAL_PLACEHOLDER 0
