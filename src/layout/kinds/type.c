/* kinds/type.c — type objects. A static type is a bare PyTypeObject in libpython's data; a heap
 * type (a class statement, PyType_FromSpec) is a PyHeapTypeObject: the PyTypeObject, its own
 * slot tables, names, the shared instance-dict keys (a separate block counted by __sizeof__)
 * and, after the struct, a hidden PyMemberDef array for __slots__ that __sizeof__ ignores. */
#include "layout/kinds/kinds.h"
#include "layout/kinds/dictkeys.h"

#include "structmember.h" /* PyMemberDef in every version (descrobject.h since 3.12) */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* How a field is read and shown. */
typedef enum { TK_OBJ, TK_FUNC, TK_CPTR, TK_SSIZE, TK_UINT, TK_FLAGS, TK_CSTR } TypeFieldKind;

typedef struct {
    const char *name, *ctype;
    size_t offset, size;
    TypeFieldKind kind;
} TypeField;

#define TF(member, ctype, kind) \
    {#member, ctype, offsetof(PyTypeObject, member), sizeof(((PyTypeObject *)0)->member), kind}

static const TypeField type_fields[] = {
    TF(tp_name, "const char *", TK_CSTR),
    TF(tp_basicsize, "Py_ssize_t", TK_SSIZE),
    TF(tp_itemsize, "Py_ssize_t", TK_SSIZE),
    TF(tp_dealloc, "destructor", TK_FUNC),
    TF(tp_vectorcall_offset, "Py_ssize_t", TK_SSIZE),
    TF(tp_getattr, "getattrfunc", TK_FUNC),
    TF(tp_setattr, "setattrfunc", TK_FUNC),
    TF(tp_as_async, "PyAsyncMethods *", TK_CPTR),
    TF(tp_repr, "reprfunc", TK_FUNC),
    TF(tp_as_number, "PyNumberMethods *", TK_CPTR),
    TF(tp_as_sequence, "PySequenceMethods *", TK_CPTR),
    TF(tp_as_mapping, "PyMappingMethods *", TK_CPTR),
    TF(tp_hash, "hashfunc", TK_FUNC),
    TF(tp_call, "ternaryfunc", TK_FUNC),
    TF(tp_str, "reprfunc", TK_FUNC),
    TF(tp_getattro, "getattrofunc", TK_FUNC),
    TF(tp_setattro, "setattrofunc", TK_FUNC),
    TF(tp_as_buffer, "PyBufferProcs *", TK_CPTR),
    TF(tp_flags, "unsigned long", TK_FLAGS),
    TF(tp_doc, "const char *", TK_CSTR),
    TF(tp_traverse, "traverseproc", TK_FUNC),
    TF(tp_clear, "inquiry", TK_FUNC),
    TF(tp_richcompare, "richcmpfunc", TK_FUNC),
    TF(tp_weaklistoffset, "Py_ssize_t", TK_SSIZE),
    TF(tp_iter, "getiterfunc", TK_FUNC),
    TF(tp_iternext, "iternextfunc", TK_FUNC),
    TF(tp_methods, "PyMethodDef *", TK_CPTR),
    TF(tp_members, "PyMemberDef *", TK_CPTR),
    TF(tp_getset, "PyGetSetDef *", TK_CPTR),
    TF(tp_base, "PyTypeObject *", TK_OBJ),
    TF(tp_dict, "PyObject *", TK_OBJ),
    TF(tp_descr_get, "descrgetfunc", TK_FUNC),
    TF(tp_descr_set, "descrsetfunc", TK_FUNC),
    TF(tp_dictoffset, "Py_ssize_t", TK_SSIZE),
    TF(tp_init, "initproc", TK_FUNC),
    TF(tp_alloc, "allocfunc", TK_FUNC),
    TF(tp_new, "newfunc", TK_FUNC),
    TF(tp_free, "freefunc", TK_FUNC),
    TF(tp_is_gc, "inquiry", TK_FUNC),
    TF(tp_bases, "PyObject *", TK_OBJ),
    TF(tp_mro, "PyObject *", TK_OBJ),
    TF(tp_cache, "PyObject *", TK_OBJ),
    TF(tp_subclasses, "PyObject *", TK_OBJ),
    TF(tp_weaklist, "PyObject *", TK_OBJ),
    TF(tp_del, "destructor", TK_FUNC),
    TF(tp_version_tag, "unsigned int", TK_UINT),
    TF(tp_finalize, "destructor", TK_FUNC),
    TF(tp_vectorcall, "vectorcallfunc", TK_FUNC),
#if FACT_TYPE_WATCHED
    TF(tp_watched, "unsigned char", TK_UINT),
#endif
#if FACT_TYPE_VERSIONS_USED
    TF(tp_versions_used, "uint16_t", TK_UINT),
#endif
#if FACT_TYPE_ITERITEM
    TF(_tp_iteritem, "_Py_iteritemfunc", TK_FUNC),
#endif
};

/* ---- small readers ------------------------------------------------------------------------- */

static void *read_ptr(PyObject *o, size_t off)
{
    void *p;
    memcpy(&p, (const char *)o + off, sizeof p);
    return p;
}

/* A row for a `const char *` field showing the (bounded) string it points to. */
static LayoutEntry *cstr_row(LayoutBuilder *b, const char *name, size_t off, const char *s)
{
    LayoutEntry *e = lb_row(b, name, "const char *", off, sizeof(char *), ROLE_DATA);
    if (!e)
        return e;
    if (!s) {
        lb_value(e, "NULL");
        return e;
    }
    size_t n = strnlen(s, 61);
    lb_value(e, "\"%.*s%s\"", (int)(n > 60 ? 60 : n), s, n > 60 ? "…" : "");
    return e;
}

static bool is_static_builtin(PyTypeObject *t)
{
#if FACT_STATIC_BUILTIN_STATE
    return PyType_HasFeature(t, _Py_TPFLAGS_STATIC_BUILTIN);
#else
    (void)t;
    return false;
#endif
}

/* ---- tp_flags ------------------------------------------------------------------------------ */

static const struct { unsigned long bit; const char *name; } type_flags[] = {
#if FACT_STATIC_BUILTIN_STATE
    {_Py_TPFLAGS_STATIC_BUILTIN, "STATIC_BUILTIN"},
    {Py_TPFLAGS_MANAGED_WEAKREF, "MANAGED_WEAKREF"},
#endif
#if FACT_INLINE_VALUES
    {Py_TPFLAGS_INLINE_VALUES, "INLINE_VALUES"},
#endif
#if FACT_MANAGED_DICT
    {Py_TPFLAGS_MANAGED_DICT, "MANAGED_DICT"},
#endif
    {Py_TPFLAGS_SEQUENCE, "SEQUENCE"}, {Py_TPFLAGS_MAPPING, "MAPPING"},
    {Py_TPFLAGS_DISALLOW_INSTANTIATION, "DISALLOW_INSTANTIATION"},
    {Py_TPFLAGS_IMMUTABLETYPE, "IMMUTABLETYPE"}, {Py_TPFLAGS_HEAPTYPE, "HEAPTYPE"},
    {Py_TPFLAGS_BASETYPE, "BASETYPE"}, {Py_TPFLAGS_HAVE_VECTORCALL, "HAVE_VECTORCALL"},
    {Py_TPFLAGS_READY, "READY"}, {Py_TPFLAGS_HAVE_GC, "HAVE_GC"},
    {Py_TPFLAGS_METHOD_DESCRIPTOR, "METHOD_DESCRIPTOR"},
    {Py_TPFLAGS_VALID_VERSION_TAG, "VALID_VERSION_TAG"}, {Py_TPFLAGS_IS_ABSTRACT, "IS_ABSTRACT"},
    {Py_TPFLAGS_LONG_SUBCLASS, "LONG_SUBCLASS"}, {Py_TPFLAGS_LIST_SUBCLASS, "LIST_SUBCLASS"},
    {Py_TPFLAGS_TUPLE_SUBCLASS, "TUPLE_SUBCLASS"}, {Py_TPFLAGS_BYTES_SUBCLASS, "BYTES_SUBCLASS"},
    {Py_TPFLAGS_UNICODE_SUBCLASS, "UNICODE_SUBCLASS"}, {Py_TPFLAGS_DICT_SUBCLASS, "DICT_SUBCLASS"},
    {Py_TPFLAGS_BASE_EXC_SUBCLASS, "BASE_EXC_SUBCLASS"}, {Py_TPFLAGS_TYPE_SUBCLASS, "TYPE_SUBCLASS"},
};

static void flags_row(LayoutBuilder *b, const TypeField *f, unsigned long flags)
{
    LayoutEntry *e = lb_row(b, f->name, f->ctype, f->offset, f->size, ROLE_PAYLOAD);
    lb_value(e, "%#lx", flags);
    StrBuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < sizeof type_flags / sizeof type_flags[0]; i++) {
        if (!(flags & type_flags[i].bit))
            continue;
        if (sb.len)
            strbuf_putc(&sb, ' ');
        strbuf_puts(&sb, type_flags[i].name);
    }
    lb_note(e, "%s", sb.data);
    strbuf_free(&sb);
}

/* ---- the PyTypeObject part ----------------------------------------------------------------- */

/* 3.12+ static builtin types keep their dict, subclasses and weakrefs in interpreter state:
 * those words are not object pointers there and are never followed. */
static void static_state_row(LayoutBuilder *b, const TypeField *f)
{
    LayoutEntry *e;
    if (strcmp(f->name, "tp_subclasses") == 0) {
        e = lb_uint(b, f->name, "void *", f->offset, f->size);
        lb_note(e, "static builtin type: index + 1 into the interpreter's type state");
    } else {
        e = lb_cptr(b, f->name, f->ctype, f->offset);
        lb_note(e, "static builtin type: kept in the interpreter's type state, not here");
    }
}

/* A C pointer that may point into the object itself (a heap type's own slot tables). */
static void cptr_row(LayoutBuilder *b, PyObject *o, const TypeField *f)
{
    LayoutEntry *e = lb_cptr(b, f->name, f->ctype, f->offset);
    uintptr_t p = (uintptr_t)read_ptr(o, f->offset), base = (uintptr_t)o;
    if (e && p > base && p < base + b->obj_size)
        lb_note(e, "points into this type object (+%lu)", (unsigned long)(p - base));
}

static void type_field_row(LayoutBuilder *b, PyObject *o, const TypeField *f)
{
    PyTypeObject *t = (PyTypeObject *)o;
    LayoutEntry *e;
    bool state_field = !strcmp(f->name, "tp_dict") || !strcmp(f->name, "tp_subclasses") ||
                       !strcmp(f->name, "tp_weaklist");
    switch (f->kind) {
    case TK_OBJ:
        if (state_field && is_static_builtin(t))
            static_state_row(b, f);
        else
            lb_pointer_typed(b, f->name, f->ctype, f->offset);
        break;
    case TK_FUNC:
        e = lb_cptr(b, f->name, f->ctype, f->offset);
        if (strcmp(f->name, "_tp_iteritem") == 0)
            lb_note(e, "3.15: the VM's own next-item function for iterating this type");
        break;
    case TK_CPTR:
        cptr_row(b, o, f);
        break;
    case TK_SSIZE:
        lb_int(b, f->name, f->ctype, f->offset, f->size);
        break;
    case TK_UINT:
        lb_uint(b, f->name, f->ctype, f->offset, f->size);
        break;
    case TK_FLAGS:
        flags_row(b, f, t->tp_flags);
        break;
    case TK_CSTR:
        cstr_row(b, f->name, f->offset, read_ptr(o, f->offset));
        break;
    }
}

static void type_object_rows(LayoutBuilder *b, PyObject *o)
{
    lb_header(b, true);
    if (PyType_HasFeature((PyTypeObject *)o, Py_TPFLAGS_HEAPTYPE) && b->l->fields.len)
        lb_note(&b->l->fields.items[b->l->fields.len - 1],
                "number of PyMemberDef entries after the struct (__slots__)");
    for (size_t i = 0; i < sizeof type_fields / sizeof type_fields[0]; i++)
        type_field_row(b, o, &type_fields[i]);
}

/* ---- the heap type's own slot tables ------------------------------------------------------- */

typedef struct {
    const char *name;
    size_t offset;
} SlotField;

#define SF(table, member) {#table "." #member, offsetof(PyHeapTypeObject, table.member)}

static const SlotField slot_fields[] = {
    SF(as_async, am_await), SF(as_async, am_aiter), SF(as_async, am_anext), SF(as_async, am_send),
    SF(as_number, nb_add), SF(as_number, nb_subtract), SF(as_number, nb_multiply),
    SF(as_number, nb_remainder), SF(as_number, nb_divmod), SF(as_number, nb_power),
    SF(as_number, nb_negative), SF(as_number, nb_positive), SF(as_number, nb_absolute),
    SF(as_number, nb_bool), SF(as_number, nb_invert), SF(as_number, nb_lshift),
    SF(as_number, nb_rshift), SF(as_number, nb_and), SF(as_number, nb_xor), SF(as_number, nb_or),
    SF(as_number, nb_int), SF(as_number, nb_reserved), SF(as_number, nb_float),
    SF(as_number, nb_inplace_add), SF(as_number, nb_inplace_subtract),
    SF(as_number, nb_inplace_multiply), SF(as_number, nb_inplace_remainder),
    SF(as_number, nb_inplace_power), SF(as_number, nb_inplace_lshift),
    SF(as_number, nb_inplace_rshift), SF(as_number, nb_inplace_and),
    SF(as_number, nb_inplace_xor), SF(as_number, nb_inplace_or), SF(as_number, nb_floor_divide),
    SF(as_number, nb_true_divide), SF(as_number, nb_inplace_floor_divide),
    SF(as_number, nb_inplace_true_divide), SF(as_number, nb_index),
    SF(as_number, nb_matrix_multiply), SF(as_number, nb_inplace_matrix_multiply),
    SF(as_mapping, mp_length), SF(as_mapping, mp_subscript), SF(as_mapping, mp_ass_subscript),
    SF(as_sequence, sq_length), SF(as_sequence, sq_concat), SF(as_sequence, sq_repeat),
    SF(as_sequence, sq_item), SF(as_sequence, was_sq_slice), SF(as_sequence, sq_ass_item),
    SF(as_sequence, was_sq_ass_slice), SF(as_sequence, sq_contains),
    SF(as_sequence, sq_inplace_concat), SF(as_sequence, sq_inplace_repeat),
    SF(as_buffer, bf_getbuffer), SF(as_buffer, bf_releasebuffer),
};

/* Length of the table name in "as_number.nb_add" (the part before the dot). */
static size_t table_len(const char *name)
{
    return (size_t)(strchr(name, '.') - name);
}

/* Consecutive NULL slots of one table become a single row; a set slot gets its own. */
static void slot_table_rows(LayoutBuilder *b, PyObject *o)
{
    size_t n = sizeof slot_fields / sizeof slot_fields[0];
    for (size_t i = 0; i < n;) {
        const SlotField *f = &slot_fields[i];
        if (read_ptr(o, f->offset)) {
            lb_cptr(b, f->name, "C function pointer", f->offset);
            i++;
            continue;
        }
        size_t j = i + 1, tl = table_len(f->name);
        while (j < n && !read_ptr(o, slot_fields[j].offset) &&
               table_len(slot_fields[j].name) == tl && !strncmp(slot_fields[j].name, f->name, tl))
            j++;
        char name[96];
        if (j - i == 1)
            snprintf(name, sizeof name, "%s", f->name);
        else
            snprintf(name, sizeof name, "%s..%s", f->name, slot_fields[j - 1].name + tl + 1);
        LayoutEntry *e = lb_row(b, name, "C function pointers", f->offset, (j - i) * sizeof(void *),
                                ROLE_DATA);
        if (e) {
            e->count = j - i;
            free(e->hex);
            e->hex = NULL;
            lb_value(e, j - i == 1 ? "NULL" : "NULL x%zu", j - i);
        }
        i = j;
    }
}

/* ---- names, keys, specializer cache -------------------------------------------------------- */

static void heap_fields(LayoutBuilder *b, PyObject *o)
{
    PyHeapTypeObject *ht = (PyHeapTypeObject *)o;
    lb_pointer(b, "ht_name", offsetof(PyHeapTypeObject, ht_name));
    LayoutEntry *e = lb_pointer(b, "ht_slots", offsetof(PyHeapTypeObject, ht_slots));
    if (ht->ht_slots)
        lb_note(e, "the __slots__ names as given");
    lb_pointer(b, "ht_qualname", offsetof(PyHeapTypeObject, ht_qualname));
    e = lb_cptr(b, "ht_cached_keys", "PyDictKeysObject *", offsetof(PyHeapTypeObject, ht_cached_keys));
    if (ht->ht_cached_keys)
        lb_note(e, "keys shared by the instances' __dict__s (split table)");
    e = lb_pointer(b, "ht_module", offsetof(PyHeapTypeObject, ht_module));
    if (ht->ht_module)
        lb_note(e, "the extension module that created this type");
#if FACT_HEAP_SPEC_CACHE
    e = cstr_row(b, "_ht_tpname", offsetof(PyHeapTypeObject, _ht_tpname), ht->_ht_tpname);
    if (ht->_ht_tpname)
        lb_note(e, "a copy of the spec's name; tp_name points here");
#if FACT_HEAP_TOKEN
    e = lb_cptr(b, "ht_token", "void *", offsetof(PyHeapTypeObject, ht_token));
    lb_note(e, "3.14: the Py_tp_token slot, which tells an extension its own types apart");
#endif
    e = lb_pointer(b, "_spec_cache.getitem", offsetof(PyHeapTypeObject, _spec_cache.getitem));
    lb_note(e, "cached __getitem__ for the specializing interpreter (borrowed)");
#endif
#if FACT_SPEC_CACHE_GETITEM_VERSION
    lb_uint(b, "_spec_cache.getitem_version", "uint32_t",
            offsetof(PyHeapTypeObject, _spec_cache.getitem_version), sizeof(uint32_t));
#endif
#if FACT_SPEC_CACHE_INIT
    e = lb_pointer(b, "_spec_cache.init", offsetof(PyHeapTypeObject, _spec_cache.init));
    lb_note(e, "cached __init__ for the specializing interpreter (borrowed)");
#endif
}

/* ht_cached_keys: a keys block the type owns and type.__sizeof__ counts. */
static void cached_keys_buffer(LayoutBuilder *b, PyObject *o)
{
    const void *keys = internals_cached_keys((PyTypeObject *)o);
    DictKeysInfo k;
    if (!keys || internals_keys_info(keys, true, &k) < 0 || k.is_empty_singleton)
        return;
    LayoutBuffer *buf = dictkeys_buffer(b, "ht_cached_keys (shared instance keys)", &k, NULL, true);
    buf->note = xasprintf("one keys table for every instance __dict__: %zu of %zu entries used",
                          k.nentries, k.entries_capacity);
}

/* ---- the PyMemberDef array after the struct ------------------------------------------------ */

static size_t member_rows(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    (void)end;
    const PyMemberDef *m = (const PyMemberDef *)((const char *)b->o + a->off) + i;
    size_t off = a->off + i * sizeof(PyMemberDef);
    char name[64];
    snprintf(name, sizeof name, "members[%zu].name", i);
    cstr_row(b, name, off + offsetof(PyMemberDef, name), m->name);
    snprintf(name, sizeof name, "members[%zu].type", i);
    lb_int(b, name, "int", off + offsetof(PyMemberDef, type), sizeof(int));
    snprintf(name, sizeof name, "members[%zu].offset", i);
    LayoutEntry *e = lb_ssize(b, name, off + offsetof(PyMemberDef, offset));
    lb_note(e, "where the slot lives in each instance");
    snprintf(name, sizeof name, "members[%zu].flags", i);
    lb_int(b, name, "int", off + offsetof(PyMemberDef, flags), sizeof(int));
    snprintf(name, sizeof name, "members[%zu].doc", i);
    cstr_row(b, name, off + offsetof(PyMemberDef, doc), m->doc);
    return 1;
}

/* PyType_GenericAlloc gave the type ob_size + 1 PyMemberDefs after the struct (the last one a
 * zeroed sentinel); tp_members points at them. type.__sizeof__ does not count them. */
static void members_array(LayoutBuilder *b, size_t base, size_t n)
{
    LbArray a = {.name = "members", .ctype = "PyMemberDef", .off = base,
                 .item_size = sizeof(PyMemberDef), .count = n, .run_role = ROLE_DATA,
                 .run_note = "members not shown", .item = member_rows};
    lb_array(b, &a);
    lb_array_rest(b, &a, n, 1, ROLE_DATA, "zeroed sentinel that ends the array");
    layout_add_note(b->l, "the %zu-entry PyMemberDef array after the struct (%zu bytes with its "
                    "sentinel) is allocated with the type but not counted by __sizeof__",
                    n, (n + 1) * sizeof(PyMemberDef));
}

/* ---- C strings the heap type owns ---------------------------------------------------------- */

static void cstring_buffer(LayoutBuilder *b, const char *name, const char *s, const char *note)
{
    if (!s)
        return;
    size_t n = strlen(s) + 1;
    LayoutBuffer *buf = lb_buffer_begin(b, name, s, n, n, false);
    buf->note = xstrdup(note);
    LayoutEntry *e = lb_data(b, "text", "char[]", 0, n);
    size_t shown = n - 1 > 60 ? 60 : n - 1;
    lb_value(e, "\"%.*s%s\"", (int)shown, s, n - 1 > 60 ? "…" : "");
    lb_buffer_end(b);
}

/* ---- entry point --------------------------------------------------------------------------- */

static void static_type(LayoutBuilder *b, PyObject *o)
{
    lb_object_size(b, sizeof(PyTypeObject), sizeof(PyTypeObject));
    type_object_rows(b, o);
    if (is_static_builtin((PyTypeObject *)o))
        layout_add_note(b->l, "a static builtin type: its __dict__, subclasses and weakrefs are "
                              "kept per interpreter, not in this struct");
}

void kind_type_describe(LayoutBuilder *b, PyObject *o)
{
    PyTypeObject *t = (PyTypeObject *)o;
    if (!PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE)) {
        static_type(b, o);
        return;
    }
    /* PyHeapType_GET_MEMBERS: the array starts at the metatype's basicsize. */
    size_t base = (size_t)Py_TYPE(o)->tp_basicsize;
    Py_ssize_t nmem = Py_SIZE(o);
    bool members = base == sizeof(PyHeapTypeObject) && nmem >= 0 && nmem < 65536;
    size_t size = members ? base + ((size_t)nmem + 1) * sizeof(PyMemberDef) : sizeof(PyHeapTypeObject);
    lb_object_size(b, size, sizeof(PyHeapTypeObject));
    type_object_rows(b, o);
    slot_table_rows(b, o);
    heap_fields(b, o);
    if (members)
        members_array(b, base, (size_t)nmem);
    else
        layout_add_note(b->l, "the metatype's layout is unusual: the PyMemberDef array is not shown");
    cached_keys_buffer(b, o);
    cstring_buffer(b, "tp_doc copy", t->tp_doc, "the docstring, copied for tp_doc; not counted by __sizeof__");
#if FACT_HEAP_SPEC_CACHE
    cstring_buffer(b, "_ht_tpname copy", ((PyHeapTypeObject *)o)->_ht_tpname,
                   "the spec's name, copied; not counted by __sizeof__");
#endif
}
