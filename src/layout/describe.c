/* describe.c — the layout engine's entry point: picks the describer for an object's builtin
 * base, adds the pre-header, fills padding, measures every block with the allocator and checks
 * the accounting (rows counted by __sizeof__ must add up to it, or the layout says by how much
 * they do not). Also following a reference safely (layout_follow). */
#include "layout/describe.h"

#include <stdlib.h>
#include <string.h>

#include "frameobject.h" /* PyFrame_Type (3.10 declares it only here) */

#include "layout/deep.h"
#include "layout/facts.h"
#include "layout/graph.h"
#include "layout/internals.h"
#include "layout/kinds/kinds.h"
#include "layout/memory.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

LayoutOptions layout_default_options(void)
{
    return (LayoutOptions){.head_items = 8, .tail_items = 2, .refs_held = 1, .deep = true,
                           .focus_index = LAYOUT_NO_FOCUS, .focus_items = 8};
}

/* ---- choosing a describer ------------------------------------------------------------------ */

typedef struct {
    PyTypeObject *type;
    const char *kind;
    KindDescribe fn;
} KindEntry;

static const KindEntry *kind_table(size_t *n)
{
    static KindEntry table[] = {
        {&PyBool_Type, "bool", kind_int_describe},
        {&PyLong_Type, "int", kind_int_describe},
        {&PyFloat_Type, "float", kind_float_describe},
        {&PyComplex_Type, "complex", kind_complex_describe},
        {&PyUnicode_Type, "str", kind_str_describe},
        {&PyBytes_Type, "bytes", kind_bytes_describe},
        {&PyByteArray_Type, "bytearray", kind_bytearray_describe},
        {&PyTuple_Type, "tuple", kind_tuple_describe},
        {&PyList_Type, "list", kind_list_describe},
        {&PyDict_Type, "dict", kind_dict_describe},
#if FACT_FROZENDICT
        {&PyFrozenDict_Type, "frozendict", kind_dict_describe},
#endif
        {&PySet_Type, "set", kind_set_describe},
        {&PyFrozenSet_Type, "frozenset", kind_set_describe},
        {&PyRange_Type, "range", kind_range_describe},
        {&PySlice_Type, "slice", kind_slice_describe},
        {&PyCell_Type, "cell", kind_cell_describe},
        {&PyMethod_Type, "method", kind_method_describe},
        {&PyModule_Type, "module", kind_module_describe},
        {&_PyWeakref_RefType, "weakref", kind_weakref_describe},
        {&PyFunction_Type, "function", kind_function_describe},
        {&PyGen_Type, "generator", kind_gen_describe},
        {&PyCoro_Type, "coroutine", kind_gen_describe},
        {&PyAsyncGen_Type, "async_generator", kind_gen_describe},
        {&PyType_Type, "type", kind_type_describe},
        {&PyCode_Type, "code", kind_code_describe},
        {&PyFrame_Type, "frame", kind_frame_describe},
        {&PyODict_Type, "OrderedDict", kind_odict_describe},
        {&PyMemoryView_Type, "memoryview", kind_memoryview_describe},
        {&PyCFunction_Type, "builtin_function", kind_cfunction_describe},
        {&PyCMethod_Type, "builtin_function", kind_cfunction_describe},
        {&PyProperty_Type, "property", kind_property_describe},
        {&PyStaticMethod_Type, "staticmethod", kind_staticmethod_describe},
        {&PyClassMethod_Type, "classmethod", kind_classmethod_describe},
        {&PyEnum_Type, "enumerate", kind_enumerate_describe},
        {&PyListIter_Type, "list_iterator", kind_seqiter_describe},
        {&PyListRevIter_Type, "list_reverseiterator", kind_seqiter_describe},
        {&PyTupleIter_Type, "tuple_iterator", kind_seqiter_describe},
        {&PyUnicodeIter_Type, "str_iterator", kind_seqiter_describe},
        {&PyDictIterKey_Type, "dict_keyiterator", kind_dictiter_describe},
        {&PyDictIterValue_Type, "dict_valueiterator", kind_dictiter_describe},
        {&PyDictIterItem_Type, "dict_itemiterator", kind_dictiter_describe},
        {&PyDictRevIterKey_Type, "dict_reversekeyiterator", kind_dictiter_describe},
        {&PyDictRevIterValue_Type, "dict_reversevalueiterator", kind_dictiter_describe},
        {&PyDictRevIterItem_Type, "dict_reverseitemiterator", kind_dictiter_describe},
        {&PySetIter_Type, "set_iterator", kind_setiter_describe},
        {&PyRangeIter_Type, "range_iterator", kind_rangeiter_describe},
        {&PyDictKeys_Type, "dict_keys", kind_dictview_describe},
        {&PyDictValues_Type, "dict_values", kind_dictview_describe},
        {&PyDictItems_Type, "dict_items", kind_dictview_describe},
        {&PyBaseObject_Type, "instance", kind_object_describe},
    };
    *n = sizeof table / sizeof table[0];
    return table;
}

/* tp_dealloc of classes made by a class statement (typeobject.c's subtype_dealloc), learned
 * from a throwaway class: it tells Python-level layers apart from C heap types. */
static destructor python_class_dealloc(void)
{
    static destructor d;
    if (d)
        return d;
    int gc_was_enabled = PyGC_Disable(); /* no finaliser may run while a graph is read */
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){}", "_objscope_probe");
    if (gc_was_enabled)
        PyGC_Enable();
    if (!cls) {
        PyErr_Clear();
        return NULL;
    }
    d = ((PyTypeObject *)cls)->tp_dealloc;
    Py_DECREF(cls);
    return d;
}

bool layout_is_python_class(PyTypeObject *t)
{
    return PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE) && t->tp_dealloc == python_class_dealloc();
}

PyTypeObject *layout_solid_base(PyTypeObject *t)
{
    while (t->tp_base && layout_is_python_class(t))
        t = t->tp_base;
    return t;
}

static PyTypeObject *partial_type, *namespace_type;

/* Types found by their name (in a module, or static without an exported symbol), and
 * families: every exception, views of dict subclasses (OrderedDict's). */
static const KindEntry *pick_named_kind(PyTypeObject *base)
{
    static KindEntry partial = {NULL, "partial", kind_partial_describe};
    static KindEntry ns = {NULL, "SimpleNamespace", kind_namespace_describe};
    static KindEntry ascii_iter = {NULL, "str_ascii_iterator", kind_seqiter_describe};
    static KindEntry mbuf = {NULL, "managedbuffer", kind_managedbuffer_describe};
    static const KindEntry exc = {NULL, "exception", kind_exception_describe};
    static const KindEntry view = {NULL, "dict_view", kind_dictview_describe};
    if (base == kind_type_named(base, "functools.partial", "functools", "partial",
                                &partial_type) && base)
        return &partial;
    if (base == kind_type_named(base, "types.SimpleNamespace", "types", "SimpleNamespace",
                                &namespace_type) && base)
        return &ns;
    if (!PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE) &&
        strcmp(base->tp_name, "str_ascii_iterator") == 0) /* 3.12+: no exported symbol */
        return &ascii_iter;
    if (!PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE) && strcmp(base->tp_name, "managedbuffer") == 0 &&
        (size_t)base->tp_basicsize == sizeof(_PyManagedBufferObject)) /* not exported after 3.12 */
        return &mbuf;
    if (PyType_IsSubtype(base, (PyTypeObject *)PyExc_BaseException))
        return &exc;
    if ((PyType_IsSubtype(base, &PyDictKeys_Type) || PyType_IsSubtype(base, &PyDictValues_Type) ||
         PyType_IsSubtype(base, &PyDictItems_Type)) &&
        (size_t)base->tp_basicsize == FACT_DICTVIEW_SIZE)
        return &view;
    return NULL;
}

static const KindEntry *pick_kind(PyTypeObject *base)
{
    static KindEntry lru = {NULL, "lru_cache", kind_lru_describe};
    static KindEntry array = {NULL, "array", kind_array_describe};
    static KindEntry deque = {NULL, "deque", kind_deque_describe};
    size_t n;
    const KindEntry *table = kind_table(&n);
    for (size_t i = 0; i < n; i++)
        if (table[i].type == base)
            return &table[i];
    static KindEntry lru_elem = {NULL, "lru_list_elem", kind_lru_elem_describe};
    if (kind_lru_elem_is(base)) {
        lru_elem.type = base;
        return &lru_elem;
    }
    if (base == kind_lru_type() && base) {
        lru.type = base;
        return &lru;
    }
    if (base == kind_array_type(base) && base) {
        array.type = base;
        return &array;
    }
    if (base == kind_deque_type(base) && base) {
        deque.type = base;
        return &deque;
    }
    return pick_named_kind(base);
    return NULL;
}

/* ---- pre-header ---------------------------------------------------------------------------- */

static void preheader_value(LayoutEntry *e, const InternalField *f, uintptr_t word)
{
    if (strcmp(f->name, "_gc_next") == 0) {
        lb_value(e, word ? "%#lx" : "0 (not tracked by the GC)", (unsigned long)word);
    } else if (strcmp(f->name, "_gc_prev") == 0) {
        lb_value(e, "%#lx", (unsigned long)(word & ~(uintptr_t)3));
        if (word & 3)
            lb_note(e, "flag bits %lu", (unsigned long)(word & 3));
    } else if (strstr(f->name, "values") && (word & 1)) {
        lb_value(e, "values at %#lx", (unsigned long)(word + 1)); /* 3.12 tagged pointer */
    } else if (word) {
        PyObject *target = (PyObject *)word;
        bool object = strstr(f->name, "dict") || strstr(f->name, "weakref");
        if (object && strcmp(f->ctype, "PyDictValues *") != 0) {
            e->role = ROLE_POINTER;
            e->target = word;
            e->target_type = lb_type_name(Py_TYPE(target));
            lb_value(e, "<%s>", e->target_type);
        } else {
            lb_value(e, "%#lx", (unsigned long)word);
        }
    } else {
        lb_value(e, "NULL");
    }
}

static void add_preheader(Layout *l, PyObject *o)
{
    InternalField f[6];
    int n = internals_preheader_fields(Py_TYPE(o), f);
    long off = -(long)l->preheader_size;
    for (int i = 0; i < n; i++, off += 8) {
        LayoutEntry *e = layout_entries_add(&l->preheader);
        e->name = xstrdup(f[i].name);
        e->ctype = xstrdup(f[i].ctype);
        e->offset = off;
        e->size = f[i].size;
        e->role = ROLE_HIDDEN;
        uintptr_t word;
        memcpy(&word, (const char *)o + off, sizeof word);
        const unsigned char *p = (const unsigned char *)o + off;
        e->hex = xasprintf("%02x %02x %02x %02x %02x %02x %02x %02x", p[0], p[1], p[2], p[3], p[4],
                           p[5], p[6], p[7]);
        preheader_value(e, &f[i], word);
    }
}

/* A static object that getsizeof charges a pre-header for: the empty tuple really has 16
 * unused bytes before it (_tuple_empty_gc_not_used in the runtime's static singletons);
 * anything else (static types on 3.11/3.12) is CPython overcounting. */
static void static_preheader(Layout *l, PyObject *o, size_t extra)
{
    PyObject *empty = PyTuple_New(0);
    bool is_empty_tuple = empty == o;
    Py_XDECREF(empty);
    PyErr_Clear();
    if (!is_empty_tuple) {
        l->getsizeof_overcount = (long long)extra;
        return;
    }
    l->preheader_size = extra;
    LayoutEntry *e = layout_entries_add(&l->preheader);
    e->name = xstrdup("(unused GC header space)");
    e->ctype = xstrdup("PyGC_Head");
    e->offset = -(long)extra;
    e->size = extra;
    e->role = ROLE_UNUSED;
    e->note = xstrdup("static singleton: reserved, never linked");
}

/* ---- sizes --------------------------------------------------------------------------------- */

#define ERROR_MESSAGE_MAX 160

/* An exception's message (an exact str, so no learner code runs) as Python prints it, up to
 * ERROR_MESSAGE_MAX bytes: a longer one is cut after a whole word, with an ellipsis. Owned. */
static char *error_message(PyObject *s)
{
    Py_ssize_t n;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &n);
    if (!utf8) {
        PyErr_Clear(); /* lone surrogates: no message rather than a wrong one */
        return NULL;
    }
    size_t len = (size_t)n;
    bool cut = len > ERROR_MESSAGE_MAX;
    if (cut) {
        len = ERROR_MESSAGE_MAX;
        while (len > 0 && utf8[len] != ' ')
            len--;
        if (len == 0) /* one long word: cut on a character boundary */
            for (len = ERROR_MESSAGE_MAX; len > 0 && ((unsigned char)utf8[len] & 0xC0) == 0x80;)
                len--;
    }
    char *safe = sanitize_text(utf8, len, false);
    char *text = cut ? xasprintf("%s …", safe) : xstrdup(safe);
    free(safe);
    return text;
}

/* The pending exception as "TypeName: first arg" without running its __str__; clears it. */
static char *take_error(void)
{
    PyObject *exc = fact_take_exception();
    if (!exc)
        return xstrdup("unknown error");
    char *tn = lb_type_name(Py_TYPE(exc));
    PyObject *args = PyExceptionInstance_Check(exc)
                         ? Py_XNewRef(((PyBaseExceptionObject *)exc)->args) : NULL;
    PyErr_Clear();
    char *msg = NULL;
    if (args && PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0 &&
        PyUnicode_CheckExact(PyTuple_GET_ITEM(args, 0)))
        msg = error_message(PyTuple_GET_ITEM(args, 0));
    char *text = msg && *msg ? xasprintf("%s: %s", tn, msg) : xstrdup(tn);
    free(msg);
    free(tn);
    Py_XDECREF(args);
    Py_DECREF(exc);
    return text;
}

/* The C __sizeof__ that applies to o, called directly (C code only); -1 with *err set (owned)
 * when there is none or it fails. */
static long long c_sizeof(PyObject *o, bool *overridden, char **err)
{
    PyObject *d = graph_sizeof_method(Py_TYPE(o), overridden);
    if (!d) {
        *err = xstrdup("no __sizeof__ implemented in C");
        return -1;
    }
    PyMethodDef *def = ((PyMethodDescrObject *)d)->d_method;
    PyObject *r = (def->ml_flags & ~METH_COEXIST) == METH_NOARGS ? def->ml_meth(o, NULL)
                                                                  : PyObject_CallOneArg(d, o);
    if (!r) {
        *err = take_error();
        return -1;
    }
    long long v = -1;
    int overflow = 0;
    if (PyLong_Check(r))
        v = PyLong_AsLongLongAndOverflow(r, &overflow);
    if (!PyLong_Check(r) || overflow || v < 0) {
        PyErr_Clear();
        *err = xstrdup("returned something that is not a size");
        v = -1;
    }
    Py_DECREF(r);
    return v;
}

/* sizeof from the C implementation; getsizeof as sys.getsizeof reports it with that
 * implementation. A Python-level __sizeof__ override is never called here: what it claims is
 * the caller's to ask (layout_set_sizeof_claim). */
static void measure_sizes(Layout *l, PyObject *o, size_t extra)
{
    char *err = NULL;
    l->sizeof_value = c_sizeof(o, &l->sizeof_overridden, &err);
    if (l->sizeof_value < 0) {
        l->sizeof_suspect = true;
        l->sizeof_error = err;
        l->getsizeof = -1;
        return;
    }
    l->getsizeof = l->sizeof_value + (long long)extra;
    if (l->sizeof_overridden)
        layout_add_note(l, "its class defines __sizeof__ in Python: the sizes here come from "
                        "what objscope can see, not from the override");
}

/* An override that fails, or that disagrees with the C implementation, is not trusted: the
 * object is marked suspect (the C figure, which the rows explain, stays). */
void layout_set_sizeof_claim(Layout *l, long long claim, const char *error)
{
    if (error) {
        l->sizeof_suspect = true;
        free(l->sizeof_error);
        l->sizeof_error = xasprintf("the Python __sizeof__ override failed: %s", error);
        return;
    }
    l->sizeof_claim_known = true;
    l->sizeof_claim = claim;
    if (l->sizeof_value < 0 || claim == l->sizeof_value)
        return;
    l->sizeof_suspect = true;
    free(l->sizeof_error);
    l->sizeof_error = xasprintf("a Python __sizeof__ override claims %lld; the C "
                                "implementation says %lld", claim, l->sizeof_value);
}

/* ---- rows: order, padding, allocator slack ------------------------------------------------- */

static int by_offset(const void *a, const void *b)
{
    const LayoutEntry *x = a, *y = b;
    return (x->offset > y->offset) - (x->offset < y->offset);
}

static void add_gap(LayoutEntries *rows, long off, size_t size, bool in_sizeof, const char *name,
                    LayoutRole role)
{
    LayoutEntry *e = layout_entries_add(rows);
    e->name = xstrdup(name);
    e->ctype = xstrdup("");
    e->offset = off;
    e->size = size;
    e->role = role;
    e->in_sizeof = in_sizeof;
}

/* By offset; a buffer with no rows yet has no array to sort (qsort may not be given NULL). */
static void sort_rows(LayoutEntries *rows)
{
    if (rows->len > 1)
        qsort(rows->items, rows->len, sizeof *rows->items, by_offset);
}

/* Sort rows and make every byte from 0 to `end` belong to exactly one row. */
static void fill_gaps(Layout *l, LayoutEntries *rows, size_t end, size_t counted, bool buffer)
{
    sort_rows(rows);
    size_t n = rows->len, pos = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t next = i < n ? (size_t)rows->items[i].offset : end;
        if (next > pos) {
            if (buffer) {
                add_gap(rows, (long)pos, next - pos, counted > 0, "(unused)", ROLE_UNUSED);
            } else {
                size_t split = pos < counted && next > counted ? counted : next;
                add_gap(rows, (long)pos, split - pos, pos < counted, "(padding)", ROLE_PADDING);
                if (split < next)
                    add_gap(rows, (long)split, next - split, false, "(padding)", ROLE_PADDING);
            }
        } else if (next < pos && i < n) {
            layout_add_note(l, "internal: rows overlap at offset %zu", next);
        }
        if (i < n && (size_t)rows->items[i].offset + rows->items[i].size > pos)
            pos = (size_t)rows->items[i].offset + rows->items[i].size;
    }
    sort_rows(rows);
}

static void measure_object_block(Layout *l, PyObject *o, size_t obj_size)
{
    size_t request = l->preheader_size + obj_size;
    l->object_block_size = request;
    if (l->is_static)
        return;
    l->object_block_alloc = memory_allocator_size((const char *)o - l->preheader_size, request);
    if (l->object_block_alloc > request && !l->quiet)
        add_gap(&l->fields, (long)obj_size, l->object_block_alloc - request, false,
                "(allocator rounding)", ROLE_UNUSED);
}

/* Keep the block's bytes (pre-header included) for a hex view; static objects have no
 * pre-header to read. */
static void capture_raw(Layout *l, PyObject *o, size_t obj_size)
{
    size_t n = l->preheader_size + obj_size;
    if (l->is_static && l->preheader_size)
        return; /* the static empty tuple's reserved bytes are not ours to read */
    if (n > LAYOUT_RAW_MAX)
        n = LAYOUT_RAW_MAX;
    l->raw = xmalloc(n);
    memcpy(l->raw, (const char *)o - l->preheader_size, n);
    l->raw_len = n;
}

/* ---- accounting ---------------------------------------------------------------------------- */

/* Bytes of the object's own block counted by __sizeof__: from its rows, or when only measuring
 * (no rows) from the extent the describer declared. */
static size_t fields_in_sizeof(const Layout *l, const LayoutBuilder *b)
{
    if (!l->quiet)
        return layout_entries_bytes(&l->fields, true);
    return b->sizeof_extent < b->obj_size ? b->sizeof_extent : b->obj_size;
}

/* The bytes that round a variable-size object up to 8 are the type's to count or not:
 * object.__sizeof__ and re.Pattern's do not (basicsize + items), code.__sizeof__ does
 * (_PyObject_VAR_SIZE). A describer that cannot know (the opaque one) marks them counted; when
 * __sizeof__ is short of exactly that trailing padding, it was not. */
static void settle_tail_rounding(Layout *l, LayoutBuilder *b)
{
    if (l->sizeof_value < 0 || !b->opaque)
        return;
    size_t explained = fields_in_sizeof(l, b);
    for (size_t i = 0; i < l->nbuffers; i++)
        explained += l->buffers[i].sizeof_charge;
    if ((long long)explained <= l->sizeof_value || explained - (size_t)l->sizeof_value >= 8)
        return;
    size_t over = explained - (size_t)l->sizeof_value;
    if (l->quiet) {
        b->sizeof_extent = b->sizeof_extent > over ? b->sizeof_extent - over : 0;
        return;
    }
    for (size_t i = l->fields.len; i-- > 0;) {
        LayoutEntry *e = &l->fields.items[i];
        if (!e->in_sizeof)
            continue;
        if (e->role == ROLE_PADDING && e->size == over)
            e->in_sizeof = false;
        return;
    }
}

static void account(Layout *l, const LayoutBuilder *b)
{
    size_t slack = l->object_block_alloc > l->object_block_size
                       ? l->object_block_alloc - l->object_block_size : 0;
    size_t not_in = 0, counted_elsewhere = 0;
    for (size_t i = 0; i < l->fields.len; i++) {
        const LayoutEntry *e = &l->fields.items[i];
        if (!e->in_sizeof && strcmp(e->name, "(allocator rounding)") != 0)
            not_in += e->size;
    }
    size_t footprint = l->is_static ? 0
                       : l->object_block_alloc ? l->object_block_alloc : l->object_block_size;
    for (size_t i = 0; i < l->nbuffers; i++) {
        const LayoutBuffer *buf = &l->buffers[i];
        if (buf->shared || buf->is_static) {
            counted_elsewhere += buf->sizeof_charge;
            continue;
        }
        not_in += buf->size > buf->sizeof_charge ? buf->size - buf->sizeof_charge : 0;
        if (buf->allocator_size > buf->size)
            slack += buf->allocator_size - buf->size;
        footprint += buf->allocator_size ? buf->allocator_size : buf->size;
    }
    l->not_in_getsizeof = not_in;
    l->counted_not_owned = counted_elsewhere;
    l->allocator_slack = slack;
    l->footprint = footprint;
    size_t explained = fields_in_sizeof(l, b);
    for (size_t i = 0; i < l->nbuffers; i++)
        explained += l->buffers[i].sizeof_charge;
    if (l->sizeof_value >= 0)
        l->unaccounted = l->sizeof_value - (long long)explained;
    if (l->unaccounted)
        layout_add_note(l, "unaccounted: %lld bytes of __sizeof__ that no row explains",
                        l->unaccounted);
    if (l->unaccounted > 0 && !l->is_static) {
        /* __sizeof__ says they exist, in blocks objscope cannot see: they are allocated too */
        l->footprint += (size_t)l->unaccounted;
        layout_add_note(l, "the footprint includes those %lld bytes, without their allocator "
                        "rounding (unknown)", l->unaccounted);
    }
    long long pre_seen = l->getsizeof - l->sizeof_value - l->getsizeof_overcount;
    if (l->getsizeof >= 0 && l->sizeof_value >= 0 && !l->sizeof_suspect &&
        pre_seen != (long long)l->preheader_size)
        layout_add_note(l, "pre-header: getsizeof adds %lld bytes, objscope found %zu",
                        pre_seen, l->preheader_size);
}

/* ---- entry points -------------------------------------------------------------------------- */

static void describe_identity(Layout *l, PyObject *o, const LayoutOptions *opt)
{
    l->refcount = (long long)Py_REFCNT(o);
    l->immortal = graph_is_immortal(o);
    l->refs_held = opt->refs_held;
    l->address = (uintptr_t)o;
    if (!l->quiet) {
        l->python_version = xstrdup(PY_VERSION);
        l->type_name = lb_type_name(Py_TYPE(o));
    }
    l->is_static = memory_is_static(o);
    l->is_gc = PyObject_IS_GC(o);
    l->gc_tracked = internals_gc_tracked(o);
}

static void run_describer(LayoutBuilder *b, PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o), *base = layout_solid_base(t);
    const KindEntry *k = pick_kind(base);
    if (!b->quiet)
        b->l->kind = xstrdup(k ? k->kind : "opaque");
    lb_object_size(b, (size_t)base->tp_basicsize, (size_t)base->tp_basicsize);
    b->opaque = !k;
    if (k)
        k->fn(b, o);
    else
        kind_opaque_describe(b, o);
    if (base != t)
        kind_subclass_extras(b, o, base);
    lb_buffer_end(b);
}

/* Fill l from o. Quiet: only what the sizes need (layout_measure). The cyclic GC is held off
 * throughout: the allocations made here must not run finalisers, i.e. Python code. */
static void describe_into(Layout *l, PyObject *o, const LayoutOptions *opt)
{
    int gc_was_enabled = PyGC_Disable();
    describe_identity(l, o, opt);
    size_t extra = fact_getsizeof_extra(o);
    if (l->is_static) {
        if (extra)
            static_preheader(l, o, extra);
    } else {
        l->preheader_size = fact_preheader_size(Py_TYPE(o));
        if (!l->quiet)
            add_preheader(l, o);
    }
    LayoutBuilder b = {.l = l, .o = o, .opt = opt, .quiet = l->quiet};
    run_describer(&b, o);
    if (!l->quiet) {
        fill_gaps(l, &l->fields, b.obj_size, b.sizeof_extent, false);
        for (size_t i = 0; i < l->nbuffers; i++)
            fill_gaps(l, &l->buffers[i].entries, l->buffers[i].size, l->buffers[i].in_sizeof,
                      true);
    }
    measure_object_block(l, o, b.obj_size);
    if (!l->quiet)
        capture_raw(l, o, b.obj_size);
    measure_sizes(l, o, extra);
    settle_tail_rounding(l, &b);
    account(l, &b);
    PyErr_Clear();
    if (gc_was_enabled)
        PyGC_Enable();
}

Layout *layout_describe(PyObject *o, const LayoutOptions *opt)
{
    LayoutOptions defaults = layout_default_options();
    if (!opt)
        opt = &defaults;
    Layout *l = layout_new();
    describe_into(l, o, opt);
    if (opt->deep)
        layout_fill_deep(l, o);
    PyErr_Clear();
    return l;
}

static size_t buffer_blocks(const LayoutBuffer *buf)
{
    return buf->nblocks > 1 ? buf->nblocks : 1;
}

/* A run of n like blocks is visited as n blocks of its average size (they are alike). */
static void visit_buffer(const LayoutBuffer *buf, LayoutBlockVisit visit, void *arg)
{
    size_t n = buffer_blocks(buf), alloc = buf->allocator_size ? buf->allocator_size : buf->size;
    for (size_t i = 0; i < n; i++) /* the last takes what does not divide */
        visit(buf->name, buf->size / n + (i + 1 == n ? buf->size % n : 0),
              alloc / n + (i + 1 == n ? alloc % n : 0), arg);
}

void layout_owned_blocks(PyObject *o, LayoutBlockVisit visit, void *arg)
{
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    Layout *l = layout_new();
    l->quiet = true;
    describe_into(l, o, &opt);
    if (!l->is_static)
        visit("its own block", l->object_block_size,
              l->object_block_alloc ? l->object_block_alloc : l->object_block_size, arg);
    for (size_t i = 0; i < l->nbuffers; i++) {
        const LayoutBuffer *buf = &l->buffers[i];
        if (!buf->shared && !buf->is_static)
            visit_buffer(buf, visit, arg);
    }
    if (l->unaccounted > 0 && !l->is_static)
        visit("blocks objscope cannot see", (size_t)l->unaccounted, (size_t)l->unaccounted, arg);
    layout_free(l);
}

void layout_measure(PyObject *o, BlockSum *out)
{
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    Layout *l = layout_new();
    l->quiet = true;
    describe_into(l, o, &opt);
    memset(out, 0, sizeof *out);
    if (!l->is_static) {
        out->size = l->object_block_size;
        out->blocks = 1;
    }
    for (size_t i = 0; i < l->nbuffers; i++) {
        const LayoutBuffer *buf = &l->buffers[i];
        if (buf->shared || buf->is_static)
            continue;
        out->size += buf->size;
        out->blocks += buffer_blocks(buf);
    }
    if (l->unaccounted > 0 && !l->is_static)
        out->size += (size_t)l->unaccounted; /* in blocks objscope cannot see (account()) */
    out->footprint = l->footprint;
    layout_free(l);
}


/* ---- deep size in steps ------------------------------------------------------------------ */

struct LayoutDeepJob {
    DeepWalk *walk;
};

LayoutDeepJob *layout_deep_start(PyObject *o, int refs_held)
{
    LayoutDeepJob *job = xcalloc(1, sizeof *job);
    job->walk = deep_walk_new(o, refs_held, true);
    return job;
}

bool layout_deep_step(LayoutDeepJob *job, size_t budget)
{
    return deep_walk_step(job->walk, budget);
}

size_t layout_deep_progress(const LayoutDeepJob *job)
{
    return deep_walk_progress(job->walk);
}

static void store_deep(Layout *l, DeepResult r)
{
    l->deep_done = true;
    l->deep_size = r.deep.size;
    l->deep_footprint = r.deep.footprint;
    l->deep_count = r.deep.blocks;
    l->deep_objects = r.deep.objects;
    l->exclusive_size = r.exclusive.size;
    l->exclusive_footprint = r.exclusive.footprint;
    l->exclusive_count = r.exclusive.blocks;
    l->exclusive_objects = r.exclusive.objects;
    l->deep_getsizeof = r.getsizeof_size;
    l->deep_getsizeof_count = r.getsizeof_count;
    l->deep_root_outside_refs = r.root_outside_refs;
    l->deep_overrides = r.overrides;
    if (r.size_error)
        layout_add_note(l, "deep getsizeof: some object's C __sizeof__ failed and was counted "
                        "as 0");
}

void layout_fill_deep(Layout *l, PyObject *o)
{
    store_deep(l, deep_size(o, l->refs_held, true));
}

void layout_deep_finish(LayoutDeepJob *job, Layout *l)
{
    while (!deep_walk_step(job->walk, 1 << 20))
        ;
    store_deep(l, deep_walk_result(job->walk));
    layout_deep_cancel(job);
}

void layout_deep_cancel(LayoutDeepJob *job)
{
    if (!job)
        return;
    deep_walk_free(job->walk);
    free(job);
}

/* ---- following a reference ----------------------------------------------------------------- */

typedef struct {
    uintptr_t want;
    bool found;
} FollowSearch;

static int follow_visit(PyObject *child, void *arg)
{
    FollowSearch *s = arg;
    if ((uintptr_t)child == s->want)
        s->found = true;
    return s->found; /* non-zero stops the traversal */
}

PyObject *layout_follow(PyObject *o, uintptr_t address)
{
    LayoutOptions opt = layout_default_options();
    return layout_follow_in(o, address, &opt);
}

PyObject *layout_follow_in(PyObject *o, uintptr_t address, const LayoutOptions *shown)
{
    if (!o || !address)
        return NULL;
    if ((uintptr_t)Py_TYPE(o) == address)
        return Py_NewRef((PyObject *)Py_TYPE(o));
    FollowSearch s = {address, false};
    if (PyObject_IS_GC(o) && Py_TYPE(o)->tp_traverse)
        Py_TYPE(o)->tp_traverse(o, follow_visit, &s);
    if (s.found)
        return Py_NewRef((PyObject *)address);
    /* Pointers tp_traverse does not visit (str dict keys, a range's ints, managed dicts):
     * the describer's own rows are the authority. */
    LayoutOptions opt = *shown;
    opt.deep = false;
    Layout *l = layout_describe(o, &opt);
    for (size_t i = 0; i < l->nrefs && !s.found; i++)
        s.found = l->refs[i].address == address;
    for (size_t i = 0; i < l->preheader.len && !s.found; i++)
        s.found = l->preheader.items[i].target == address;
    layout_free(l);
    return s.found ? Py_NewRef((PyObject *)address) : NULL;
}
