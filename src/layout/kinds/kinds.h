/* kinds.h — the per-type describers. Each fills the rows of one builtin base type's part of an
 * object (and the buffers it owns); describe.c picks one by the object's builtin base, adds the
 * pre-header, and lets kind_subclass_extras() describe what a heap subclass adds on top.
 * Before a describer runs, the builder's object size is the builtin base's tp_basicsize (all
 * counted by __sizeof__); describers of variable-size types set the real size from live fields. */
#ifndef OBJSCOPE_KINDS_H
#define OBJSCOPE_KINDS_H

#include "layout/builder.h"

typedef void (*KindDescribe)(LayoutBuilder *b, PyObject *o);

/* One field of a struct, by offset (fields.c): its C type says how the live value is read. */
typedef struct {
    const char *name, *ctype;
    size_t offset, size;
    const char *note; /* NULL: none */
} KindField;

#define KIND_FIELD(st, member, ctype, note) \
    {#member, ctype, offsetof(st, member), sizeof(((st *)0)->member), note}

/* A field of a private struct, from a facts.h list X(name, C type, offset, size). */
#define KIND_PRIVATE_FIELD(name, ctype, off, size) {#name, ctype, off, size, NULL},

typedef struct {
    const char *name, *note;
} KindNote;

LayoutEntry *kind_field(LayoutBuilder *b, const KindField *f);
void kind_fields(LayoutBuilder *b, const KindField *f, size_t n);
/* The header and one row per field, each noted from its own note or else `notes` by name.
 * size: the struct's size, which the object's solid base must have (a private struct from
 * facts.h), else the object is drawn opaque; 0 for a struct from a public header. */
void kind_struct(LayoutBuilder *b, PyObject *o, const KindField *f, size_t n, size_t size,
                 const KindNote *notes, size_t nnotes);
/* The row added last (to rows such as lb_header's ob_size, which return none), or NULL when
 * only measuring. */
LayoutEntry *kind_last_row(LayoutBuilder *b);
/* kind_struct over a facts.h list. */
#define KIND_PRIVATE_STRUCT(b, o, LIST, size, notes)                                           \
    do {                                                                                        \
        static const KindField fields_[] = {LIST(KIND_PRIVATE_FIELD)};                          \
        kind_struct(b, o, fields_, sizeof fields_ / sizeof fields_[0], size, notes,             \
                    sizeof notes / sizeof notes[0]);                                            \
    } while (0)

/* module.name, when `candidate` is a type whose tp_name is tp_name and the module is loaded
 * (lb_loaded_type); found once, then kept in *cache. NULL otherwise. */
PyTypeObject *kind_type_named(PyTypeObject *candidate, const char *tp_name, const char *module,
                              const char *name, PyTypeObject **cache);

void kind_int_describe(LayoutBuilder *b, PyObject *o);      /* number.c: int and bool */
void kind_float_describe(LayoutBuilder *b, PyObject *o);    /* number.c */
void kind_complex_describe(LayoutBuilder *b, PyObject *o);  /* number.c */
void kind_str_describe(LayoutBuilder *b, PyObject *o);      /* str.c */
void kind_bytes_describe(LayoutBuilder *b, PyObject *o);    /* bytes.c */
void kind_bytearray_describe(LayoutBuilder *b, PyObject *o);/* bytes.c */
void kind_tuple_describe(LayoutBuilder *b, PyObject *o);    /* seq.c */
void kind_list_describe(LayoutBuilder *b, PyObject *o);     /* seq.c */
void kind_dict_describe(LayoutBuilder *b, PyObject *o);     /* dict.c */
void kind_set_describe(LayoutBuilder *b, PyObject *o);      /* set.c: set and frozenset */
void kind_range_describe(LayoutBuilder *b, PyObject *o);    /* misc.c */
void kind_slice_describe(LayoutBuilder *b, PyObject *o);    /* misc.c */
void kind_cell_describe(LayoutBuilder *b, PyObject *o);     /* misc.c */
void kind_method_describe(LayoutBuilder *b, PyObject *o);   /* misc.c: bound methods */
void kind_module_describe(LayoutBuilder *b, PyObject *o);   /* misc.c */
void kind_weakref_describe(LayoutBuilder *b, PyObject *o);  /* misc.c */
void kind_function_describe(LayoutBuilder *b, PyObject *o); /* func.c */
void kind_gen_describe(LayoutBuilder *b, PyObject *o);      /* gen.c: generator, coroutine */
void kind_type_describe(LayoutBuilder *b, PyObject *o);     /* type.c: static and heap types */
void kind_lru_describe(LayoutBuilder *b, PyObject *o);      /* lru.c: functools lru_cache wrapper */
void kind_array_describe(LayoutBuilder *b, PyObject *o);    /* array.c: array.array */
void kind_object_describe(LayoutBuilder *b, PyObject *o);   /* instance.c: base `object` */
void kind_code_describe(LayoutBuilder *b, PyObject *o);     /* code.c: code objects */
void kind_deque_describe(LayoutBuilder *b, PyObject *o);    /* collections.c: deque */
void kind_odict_describe(LayoutBuilder *b, PyObject *o);    /* collections.c: OrderedDict */
void kind_frame_describe(LayoutBuilder *b, PyObject *o);    /* frame.c: frame objects */
void kind_cfunction_describe(LayoutBuilder *b, PyObject *o); /* callable.c: builtin functions */
void kind_partial_describe(LayoutBuilder *b, PyObject *o);  /* callable.c: functools.partial */
void kind_property_describe(LayoutBuilder *b, PyObject *o); /* callable.c */
void kind_staticmethod_describe(LayoutBuilder *b, PyObject *o); /* callable.c */
void kind_classmethod_describe(LayoutBuilder *b, PyObject *o);  /* callable.c */
void kind_namespace_describe(LayoutBuilder *b, PyObject *o); /* callable.c: SimpleNamespace */
void kind_exception_describe(LayoutBuilder *b, PyObject *o); /* exc.c: every exception */
void kind_enumerate_describe(LayoutBuilder *b, PyObject *o); /* iter.c */
void kind_seqiter_describe(LayoutBuilder *b, PyObject *o);   /* iter.c: list, tuple, str */
void kind_dictiter_describe(LayoutBuilder *b, PyObject *o);  /* iter.c */
void kind_setiter_describe(LayoutBuilder *b, PyObject *o);   /* iter.c */
void kind_rangeiter_describe(LayoutBuilder *b, PyObject *o); /* iter.c */
void kind_dictview_describe(LayoutBuilder *b, PyObject *o);  /* iter.c: keys, values, items */
void kind_memoryview_describe(LayoutBuilder *b, PyObject *o); /* memview.c */
void kind_managedbuffer_describe(LayoutBuilder *b, PyObject *o); /* memview.c */
void kind_opaque_describe(LayoutBuilder *b, PyObject *o);   /* opaque.c: anything else */

/* instance.c: rows a heap subclass adds beyond its builtin base's part (slots, __dict__ and
 * __weakref__ pointers, 3.11+ managed values, 3.13 inline values, allocation sentinel). */
void kind_subclass_extras(LayoutBuilder *b, PyObject *o, PyTypeObject *base);

/* lru.c: a bounded cache's entries (functools._lru_list_elem): is t their type? */
bool kind_lru_elem_is(PyTypeObject *t);
void kind_lru_elem_describe(LayoutBuilder *b, PyObject *o);
/* lru.c: the functools._lru_cache_wrapper type, or NULL when functools is not importable. */
PyTypeObject *kind_lru_type(void);
/* array.c: the array.array type when `candidate` names itself so (the module is imported only
 * then), else NULL. */
PyTypeObject *kind_array_type(PyTypeObject *candidate);
/* collections.c: collections.deque when `candidate` names itself so, else NULL. */
PyTypeObject *kind_deque_type(PyTypeObject *candidate);

#endif
