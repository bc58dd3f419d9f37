/* facts/py310.h — CPython 3.10 (read from 3.10's Include/ and Objects/; see facts.h). */
#define FACT_MINOR 10

/* Object header (Include/object.h): Py_ssize_t ob_refcnt, ob_type; no immortal objects. */
#define FACT_HEADER_SPLIT_REFCNT 0
#define FACT_IMMORTAL 0

/* Pre-header: only the GC links; no managed dicts. */
#define FACT_MANAGED_DICT 0
#define FACT_PREHEADER_FLAGS 0
#define FACT_DICT_OR_VALUES_WORD 0
#define FACT_PREHEADER_WORDS
/* _PySys_GetSizeOf (Python/sysmodule.c): sizeof(PyGC_Head) when PyObject_IS_GC(o). */
#define FACT_GETSIZEOF_RULE FACT_GETSIZEOF_GC_OF_OBJECT

/* dict: PyDictKeysObject is private (Objects/dict-common.h, FACT_DICT310_* below); a split dict's
 * values are a bare PyObject *[USABLE_FRACTION(dk_size)]; an empty dict points ma_values at a
 * static empty array without being split. */
#define FACT_DICT_KEYS_PRIVATE 1
#define FACT_DICT_VALUES FACT_VALUES_PLAIN
#define FACT_INLINE_VALUES_SUBCLASSES 0
#define FACT_INLINE_VALUES 0
#define FACT_DICT_TAG_MEMBER ma_version_tag
#define FACT_DICT_TAG_NAME "ma_version_tag"
#define FACT_DICT_TAG_NOTE "changes on every mutation (guards optimisations)"
#define FACT_FROZENDICT 0

/* int (Include/longintrepr.h, not included by Python.h): ob_size counts the digits, zero has none;
 * small ints are heap objects made at start-up. */
/* The small-int cache: _PY_NSMALLNEGINTS 5, _PY_NSMALLPOSINTS 257
 * (Include/internal/pycore_interp.h). */
#define FACT_SMALL_INT_MIN (-5)
#define FACT_SMALL_INT_MAX 256
#define FACT_LONGINTREPR_SEPARATE 1
#define FACT_LONG_TAG 0
#define FACT_LONG_ZERO_DIGIT 0
#define FACT_SMALL_INTS_STATIC 0
#define FACT_LONG_SMALL_INT_MASK 0

/* str (Include/cpython/unicodeobject.h): the wstr cache (wstr, wstr_length); state bit 7 is ready;
 * the interned dict's references are not counted. */
#define FACT_STR_WSTR 1
#define FACT_STR_STATE_BIT7 "ready"
#define FACT_STR_INTERNED_IMMORTAL 0

/* bytes, bytearray, tuple (Include/cpython/bytesobject.h, bytearrayobject.h, tupleobject.h). */
#define FACT_BYTES_SHASH_DEPRECATED 0
#define FACT_BYTEARRAY_BYTES_OBJECT 0
#define FACT_TUPLE_HASH 0

/* functions and weakrefs (Include/cpython/funcobject.h, weakrefobject.h): no func_version, no
 * weakref vectorcall. */
#define FACT_FUNC_VERSION 0
#define FACT_FUNC_TYPEPARAMS 0
#define FACT_FUNC_ANNOTATE 0
#define FACT_WEAKREF_VECTORCALL 0

/* generators (Include/genobject.h): gi_frame points to a separate frame object. */
#define FACT_GEN_FRAME_EMBEDDED 0
#define FACT_GEN_CODE_FIELD 0
#define FACT_FRAME_EXECUTABLE 0
#define FACT_FRAME_STACKREF 0
#define FACT_FRAME_STATE_COMPLETED 0

/* type objects (Include/cpython/object.h): none of the later additions. */
#define FACT_TYPE_WATCHED 0
#define FACT_TYPE_VERSIONS_USED 0
#define FACT_TYPE_ITERITEM 0
#define FACT_STATIC_BUILTIN_STATE 0
#define FACT_HEAP_SPEC_CACHE 0
#define FACT_SPEC_CACHE_GETITEM_VERSION 0
#define FACT_SPEC_CACHE_INIT 0
#define FACT_HEAP_TOKEN 0

/* No static objects besides the singletons: small ints and one-character strings are on the heap
 * (0: no refcount floor tells static objects apart). */
#define FACT_STATIC_REFCNT_FLOOR 0

/* code objects (Include/cpython/code.h): co_code, co_varnames, co_cellvars, co_freevars are
 * fields. */
#define FACT_CODE_LOCALSPLUS 0
#define FACT_CODE_CACHED_CODE 0
#define FACT_CODE_CO_CACHED 0

/* PyCodeObject (Include/cpython/code.h), every field after the header in order, with its C type:
 * kinds/code.c names a row for each (offsets from offsetof on this header). */
#define FACT_CODE_FIELDS(X) \
    X(co_argcount, "int") X(co_posonlyargcount, "int") X(co_kwonlyargcount, "int") \
    X(co_nlocals, "int") X(co_stacksize, "int") X(co_flags, "int") X(co_firstlineno, "int") \
    X(co_code, "PyObject *") X(co_consts, "PyObject *") X(co_names, "PyObject *") \
    X(co_varnames, "PyObject *") X(co_freevars, "PyObject *") X(co_cellvars, "PyObject *") \
    X(co_cell2arg, "Py_ssize_t *") X(co_filename, "PyObject *") X(co_name, "PyObject *") \
    X(co_linetable, "PyObject *") X(co_zombieframe, "void *") X(co_weakreflist, "PyObject *") \
    X(co_extra, "void *") X(co_opcache_map, "unsigned char *") X(co_opcache, "_PyOpcache *") \
    X(co_opcache_flag, "int") X(co_opcache_size, "unsigned char")
/* The bytecode is a separate bytes object (co_code); 3.10 owns the blocks co_cell2arg,
 * co_opcache_map and co_opcache (Objects/codeobject.c, code_sizeof counts them). */
#define FACT_CODE_ADAPTIVE 0

/* modules (Include/internal/pycore_moduleobject.h): md_dict, md_def, md_state, md_weaklist,
 * md_name. */
#define FACT_MODULE_TOKEN 0

/* No PyErr_GetRaisedException before 3.12. */
#define FACT_RAISED_EXCEPTION_API 0

/* 3.10 PyDictKeysObject (Objects/dict-common.h, not installed): 40-byte header dk_refcnt, dk_size
 * (slots, not log2), dk_lookup (function pointer), dk_usable, dk_nentries, then dk_indices;
 * entries are PyDictKeyEntry {me_hash, me_key, me_value}. */
#define FACT_DICT310_HEADER 40
#define FACT_DICT310_REFCNT 0
#define FACT_DICT310_SIZE 8
#define FACT_DICT310_LOOKUP 16
#define FACT_DICT310_USABLE 24
#define FACT_DICT310_NENTRIES 32
#define FACT_DICT310_ENTRY 24

/* dequeobject (Modules/_collectionsmodule.c): no cache of free blocks before 3.11 (facts.h has
 * the later layout); weakreflist follows maxlen. */
#define FACT_DEQUE_FREEBLOCKS 0
#define FACT_DEQUE_WEAKREF 72
#define FACT_DEQUE_SIZE 80

/* PyFrameObject (Include/cpython/frameobject.h), its fields before f_localsplus; the slots
 * (locals, cells, free variables, value stack) are f_localsplus[ob_size]. */
#define FACT_FRAMEOBJ_FIELDS(X) \
    X(f_back, "PyFrameObject *") X(f_code, "PyCodeObject *") X(f_builtins, "PyObject *") \
    X(f_globals, "PyObject *") X(f_locals, "PyObject *") X(f_valuestack, "PyObject **") \
    X(f_trace, "PyObject *") X(f_stackdepth, "int") X(f_trace_lines, "char") \
    X(f_trace_opcodes, "char") X(f_gen, "PyObject *") X(f_lasti, "int") X(f_lineno, "int") \
    X(f_iblock, "int") X(f_state, "PyFrameState") X(f_blockstack, "PyTryBlock[20]")

/* enumobject (Objects/enumobject.c): no cached `one` before 3.11. */
#define FACT_ENUMERATE_FIELDS(X)                                                               \
    X(en_index, "Py_ssize_t", 16, 8) X(en_sit, "PyObject *", 24, 8)                           \
    X(en_result, "PyObject *", 32, 8) X(en_longindex, "PyObject *", 40, 8)
#define FACT_ENUMERATE_SIZE 48

/* rangeiterobject (Objects/rangeobject.c): C longs index, start, step, len (index went in
 * 3.12). */
#define FACT_RANGEITER_FIELDS(X)                                                               \
    X(index, "long", 16, 8) X(start, "long", 24, 8) X(step, "long", 32, 8) X(len, "long", 40, 8)
#define FACT_RANGEITER_SIZE 48
/* exceptions (Include/cpython/pyerrors.h): PyException_HEAD's notes (3.11), ImportError's
 * name_from (3.12), SyntaxError's metadata (3.14), BaseExceptionGroup (3.11) and its excs_str
 * (3.14). */
#define FACT_EXC_NOTES 0
#define FACT_IMPORTERROR_NAME_FROM 0
#define FACT_SYNTAXERROR_METADATA 0
#define FACT_EXCGROUP 0
#define FACT_EXCGROUP_EXCS_STR 0

/* partialobject (Modules/_functoolsmodule.c): no placeholders before 3.14. */
#define FACT_PARTIAL_PLACEHOLDER 0
