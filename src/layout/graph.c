/* graph.c — the rules of graph.h: a type's cached facts, shared objects, the references a type
 * holds beyond tp_traverse, sys.getsizeof in C and the blocks of an object.
 *
 * References held but not reported by tp_traverse (each an owned reference, so the refcount
 * arithmetic of the exclusive size stays exact). Written here per type and version, and in the
 * README:
 *  - dict and every dict subclass: the keys of a combined table that tp_traverse skips because
 *    they are all str (3.10: tables not searched with the generic lookdict; 3.11+: unicode
 *    tables). A split table's keys belong to the class's shared keys, not to the dict;
 *  - code objects (not GC at all): 3.10 co_code, co_consts, co_names, co_varnames, co_freevars,
 *    co_cellvars, co_filename, co_name, co_linetable; 3.11+ co_consts, co_names,
 *    co_exceptiontable, co_localsplusnames, co_localspluskinds, co_filename, co_name,
 *    co_qualname, co_linetable, and the cached co_code (3.11 _co_code; 3.12+ the four objects
 *    of _co_cached). Not followed: 3.10's co_zombieframe (a cleared frame kept for reuse);
 *  - range (not GC): start, stop, step and length;
 *  - other types that are not GC: their T_OBJECT and T_OBJECT_EX members (tp_members);
 *  - heap types, entered only as the root: ht_name, ht_qualname and ht_slots. */
#include "layout/graph.h"

#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "structmember.h"

#include "layout/builder.h"
#include "layout/describe.h"
#include "layout/facts.h"
#include "layout/internals.h"
#include "util/xalloc.h"

/* The name "__sizeof__" and the descriptors whose formula is computed here, found once per
 * interpreter; the descriptors are borrowed from static types, which live as long as it. An
 * atexit hook forgets them when CPython is finalised. */
static struct {
    bool ready;
    PyObject *name;
    PyObject *d_object, *d_long, *d_str, *d_list;
#if FACT_DICT_KEYS_PRIVATE
    const void *lookdict; /* 3.10: the generic lookup; tables searched with it keep their keys
                             in tp_traverse */
#endif
} graph_g;

static void graph_forget(void)
{
    memset(&graph_g, 0, sizeof graph_g);
}

#if FACT_DICT_KEYS_PRIVATE
static const void *dict_lookup_of(PyObject *d)
{
    const void *fn;
    memcpy(&fn, (const char *)((PyDictObject *)d)->ma_keys + FACT_DICT310_LOOKUP, sizeof fn);
    return fn;
}

/* A dict with an int key is searched with lookdict itself (dictobject.c). */
static void learn_lookdict(void)
{
    PyObject *d = PyDict_New(), *one = PyLong_FromLong(1);
    if (d && one && PyDict_SetItem(d, one, one) == 0)
        graph_g.lookdict = dict_lookup_of(d);
    Py_XDECREF(d);
    Py_XDECREF(one);
    PyErr_Clear();
}
#endif

static void graph_globals(void)
{
    if (graph_g.ready)
        return;
    PyObject *name = PyUnicode_InternFromString("__sizeof__");
    if (!name) {
        PyErr_Clear();
        return;
    }
    graph_g.name = name; /* kept for the interpreter's life */
    graph_g.d_object = _PyType_Lookup(&PyBaseObject_Type, name);
    graph_g.d_long = _PyType_Lookup(&PyLong_Type, name);
    graph_g.d_str = _PyType_Lookup(&PyUnicode_Type, name);
    graph_g.d_list = _PyType_Lookup(&PyList_Type, name);
#if FACT_DICT_KEYS_PRIVATE
    learn_lookdict();
#endif
    Py_AtExit(graph_forget);
    graph_g.ready = true;
}

/* ---- a type's facts -------------------------------------------------------------------------- */

/* What sys.getsizeof adds for instances of tp when it does not depend on the object: 3.10 the
 * GC head; 3.11+ the whole pre-header (facts.h: fact_getsizeof_extra's rule). */
static uint16_t getsizeof_preheader(PyTypeObject *tp)
{
    return (uint16_t)fact_preheader_size(tp); /* 3.10: the GC head alone */
}

/* A __sizeof__ written in C that may be called on instances of tp. */
static bool applies(PyObject *d, PyTypeObject *tp)
{
    return d && Py_IS_TYPE(d, &PyMethodDescr_Type) && PyType_IsSubtype(tp, PyDescr_TYPE(d));
}

PyObject *graph_sizeof_method(PyTypeObject *tp, bool *python)
{
    graph_globals();
    *python = false;
    if (!graph_g.name)
        return NULL;
    PyObject *d = _PyType_Lookup(tp, graph_g.name); /* borrowed; runs no Python code */
    if (applies(d, tp))
        return d;
    *python = d != NULL;
    /* Past the override: what each base of the MRO sees, in order (static types keep their
     * dict outside tp_dict from 3.12, so ask _PyType_Lookup rather than read tp_dict). */
    PyObject *mro = tp->tp_mro;
    for (Py_ssize_t i = 1; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); i++) {
        PyObject *base = PyTuple_GET_ITEM(mro, i);
        d = PyType_Check(base) ? _PyType_Lookup((PyTypeObject *)base, graph_g.name) : NULL;
        if (applies(d, tp))
            return d;
    }
    return NULL;
}

static void classify_getsizeof(GraphType *t, PyTypeObject *tp)
{
    bool python;
    PyObject *d = graph_sizeof_method(tp, &python);
    if (python)
        t->flags |= GT_OVERRIDE;
    t->getsizeof_kind = GS_NONE;
    if (!d)
        return;
    PyMethodDef *def = ((PyMethodDescrObject *)d)->d_method;
    if ((def->ml_flags & ~METH_COEXIST) != METH_NOARGS)
        return;
    t->cmeth = def->ml_meth;
    t->getsizeof_kind = GS_CMETH;
    if (d == graph_g.d_object)
        t->getsizeof_kind = GS_BASIC;
    else if (d == graph_g.d_long && (tp == &PyLong_Type || tp == &PyBool_Type))
        t->getsizeof_kind = GS_LONG;
    else if (d == graph_g.d_str && tp == &PyUnicode_Type)
        t->getsizeof_kind = GS_STR;
    else if (d == graph_g.d_list && tp == &PyList_Type)
        t->getsizeof_kind = GS_LIST;
}

/* Does a type that is not GC hold object references in its members? */
static bool members_hold_objects(PyTypeObject *tp)
{
    for (PyTypeObject *u = tp; u; u = u->tp_base)
        for (const PyMemberDef *m = u->tp_members; m && m->name; m++)
            if (m->type == T_OBJECT || m->type == T_OBJECT_EX)
                return true;
    return false;
}

/* Types whose instances can be static objects that 3.10/3.11 do not mark immortal: the
 * singletons, and on 3.11 the runtime's small ints, one-character strings and bytes, and the
 * empty tuple (3.10 keeps those on the heap). */
static bool maybe_static(PyTypeObject *tp)
{
#if FACT_IMMORTAL
    (void)tp;
    return false; /* every static object is immortal */
#else
    if (tp == &PyBool_Type || tp == Py_TYPE(Py_None) || tp == Py_TYPE(Py_Ellipsis) ||
        tp == Py_TYPE(Py_NotImplemented))
        return true;
#if FACT_STATIC_REFCNT_FLOOR
    return tp == &PyLong_Type || tp == &PyUnicode_Type || tp == &PyBytes_Type ||
           tp == &PyTuple_Type;
#else
    return false;
#endif
#endif
}

static void classify(GraphType *t, PyTypeObject *tp)
{
    memset(t, 0, sizeof *t);
    t->tp = tp;
    bool gc = PyType_IS_GC(tp) && tp->tp_traverse;
    if (gc)
        t->flags |= tp->tp_is_gc ? GT_GC_DYN : GT_GC;
    if (PyType_FastSubclass(tp, Py_TPFLAGS_TYPE_SUBCLASS) || PyType_IsSubtype(tp, &PyModule_Type))
        t->flags |= GT_SKIP;
    if (PyType_FastSubclass(tp, Py_TPFLAGS_DICT_SUBCLASS))
        t->flags |= GT_NS | GT_EXTRAS;
    if (tp == &PyCode_Type || tp == &PyRange_Type ||
        (PyType_FastSubclass(tp, Py_TPFLAGS_TYPE_SUBCLASS)) || (!gc && members_hold_objects(tp)))
        t->flags |= GT_EXTRAS;
    if (maybe_static(tp))
        t->flags |= GT_MAYBE_STATIC;
    t->getsizeof_pre = getsizeof_preheader(tp);
    if (fact_getsizeof_extra_varies(tp))
        t->flags |= GT_PRE_DYN;
    t->preheader = (uint16_t)fact_preheader_size(tp);
    t->blocks = blocks_kind(tp);
    classify_getsizeof(t, tp);
}

static size_t type_slot(const PyTypeObject *tp, size_t cap)
{
    return addrset_map_hash_((uintptr_t)tp, 32) & (cap - 1);
}

static void types_grow(GraphRules *g)
{
    size_t cap = g->types_cap ? g->types_cap * 2 : 64;
    GraphType *table = xcalloc(cap, sizeof *table);
    for (size_t i = 0; i < g->types_cap; i++) {
        if (!g->types[i].tp)
            continue;
        size_t j = type_slot(g->types[i].tp, cap);
        while (table[j].tp)
            j = (j + 1) & (cap - 1);
        table[j] = g->types[i];
    }
    free(g->types);
    g->types = table;
    g->types_cap = cap;
}

const GraphType *graph_type_slow_(GraphRules *g, PyTypeObject *tp)
{
    graph_globals();
    if ((g->ntypes + 1) * 2 > g->types_cap)
        types_grow(g);
    size_t i = type_slot(tp, g->types_cap);
    while (g->types[i].tp && g->types[i].tp != tp)
        i = (i + 1) & (g->types_cap - 1);
    GraphType *t = &g->types[i];
    if (!t->tp) {
        classify(t, tp);
        Py_INCREF(tp);
        g->ntypes++;
    }
    g->last_tp = tp;
    g->last_t = t;
    return t;
}

/* ---- shared objects -------------------------------------------------------------------------- */

/* The dicts of every module in sys.modules: a function's globals, a class's module. */
static void collect_namespaces(GraphRules *g)
{
    PyObject *mods = PySys_GetObject("modules"); /* borrowed */
    if (!mods || !PyDict_Check(mods))
        mods = PyImport_GetModuleDict();
    if (!mods || !PyDict_Check(mods))
        return;
    Py_ssize_t pos = 0;
    PyObject *key, *mod;
    while (PyDict_Next(mods, &pos, &key, &mod)) {
        PyObject *ns = PyModule_Check(mod) ? PyModule_GetDict(mod) : NULL; /* borrowed */
        if (ns)
            addrset_map_put(&g->modns, ns, 1);
    }
}

static int image_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    GraphRules *g = arg;
    for (size_t i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        g->images = xrealloc(g->images, (g->nimages + 1) * sizeof *g->images);
        uintptr_t lo = (uintptr_t)(info->dlpi_addr + ph->p_vaddr);
        g->images[g->nimages++] = (GraphRange){lo, lo + ph->p_memsz};
    }
    return 0;
}

static int range_cmp(const void *a, const void *b)
{
    uintptr_t x = ((const GraphRange *)a)->lo, y = ((const GraphRange *)b)->lo;
    return (x > y) - (x < y);
}

bool graph_is_static(const GraphRules *g, const void *o)
{
    uintptr_t a = (uintptr_t)o;
    size_t lo = 0, hi = g->nimages; /* the ranges starting at or below a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->images[mid].lo <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && a < g->images[lo - 1].hi; /* loaded segments never overlap */
}

void graph_rules_init(GraphRules *g)
{
    memset(g, 0, sizeof *g);
    addrset_map_init(&g->modns);
    graph_globals();
    collect_namespaces(g);
    /* Per walk: an import may have loaded an extension module since the last one. */
    dl_iterate_phdr(image_cb, g);
    qsort(g->images, g->nimages, sizeof *g->images, range_cmp);
}

void graph_rules_free(GraphRules *g)
{
    for (size_t i = 0; i < g->types_cap; i++)
        Py_XDECREF(g->types[i].tp);
    free(g->types);
    free(g->images);
    addrset_map_free(&g->modns);
    memset(g, 0, sizeof *g);
}

size_t graph_rules_bytes(const GraphRules *g)
{
    return g->types_cap * sizeof *g->types + g->nimages * sizeof *g->images +
           g->modns.cap * sizeof(AddrMapSlot);
}

/* ---- references beyond tp_traverse --------------------------------------------------------- */

static void visit_field(PyObject *o, size_t off, visitproc visit, void *arg)
{
    PyObject *p;
    memcpy(&p, (const char *)o + off, sizeof p);
    if (p)
        visit(p, arg);
}

GraphDictTable graph_dict_table(PyObject *d, DictKeysInfo *k)
{
    graph_globals(); /* 3.10: the generic lookdict, learned once */
    if (((PyDictObject *)d)->ma_values)
        return GRAPH_DICT_SPLIT; /* the keys are the class's */
    if (internals_dict_keys(d, k) < 0)
        return GRAPH_DICT_UNREADABLE;
#if FACT_DICT_KEYS_PRIVATE
    if (!graph_g.lookdict || dict_lookup_of(d) == graph_g.lookdict)
        return GRAPH_DICT_KEYS_TRAVERSED;
#else
    if (k->kind == DICT_KIND_GENERAL)
        return GRAPH_DICT_KEYS_TRAVERSED;
#endif
    return GRAPH_DICT_KEYS_HELD;
}

/* The keys of a combined table that dict's tp_traverse leaves out (see the list above). */
static void dict_keys(PyObject *d, visitproc visit, void *arg)
{
    DictKeysInfo k;
    if (graph_dict_table(d, &k) != GRAPH_DICT_KEYS_HELD)
        return;
    for (size_t i = 0; i < k.nentries; i++) {
        PyObject *key, *value;
        internals_dict_entry(&k, NULL, i, &key, &value);
        if (key && value)
            visit(key, arg);
    }
}

typedef struct {
    const char *name;
    size_t offset;
} NamedField;

/* The object fields of a code object (see the list at the top). */
static size_t code_fields(NamedField *f)
{
    size_t n = 0;
#define CODE_FIELD(member) f[n++] = (NamedField){#member, offsetof(PyCodeObject, member)}
#if !FACT_CODE_LOCALSPLUS
    CODE_FIELD(co_code);
    CODE_FIELD(co_varnames);
    CODE_FIELD(co_freevars);
    CODE_FIELD(co_cellvars);
#else
    CODE_FIELD(co_exceptiontable);
    CODE_FIELD(co_localsplusnames);
    CODE_FIELD(co_localspluskinds);
    CODE_FIELD(co_qualname);
#endif
    CODE_FIELD(co_consts);
    CODE_FIELD(co_names);
    CODE_FIELD(co_filename);
    CODE_FIELD(co_name);
    CODE_FIELD(co_linetable);
#if FACT_CODE_CACHED_CODE
    CODE_FIELD(_co_code);
#endif
#undef CODE_FIELD
    return n;
}

/* 3.12+: the four cached objects of a code object's _co_cached (a _PyCoCached). */
static PyObject *code_cached(PyObject *o, size_t i)
{
#if FACT_CODE_CO_CACHED
    const void *cached = ((PyCodeObject *)o)->_co_cached;
    PyObject *p = NULL;
    if (cached && i < 4)
        memcpy(&p, (const char *)cached + i * sizeof p, sizeof p);
    return p;
#else
    (void)o;
    (void)i;
    return NULL;
#endif
}

static void code_refs(PyObject *o, visitproc visit, void *arg)
{
    NamedField f[16];
    size_t n = code_fields(f);
    for (size_t i = 0; i < n; i++)
        visit_field(o, f[i].offset, visit, arg);
    for (size_t i = 0; i < 4; i++) {
        PyObject *p = code_cached(o, i);
        if (p)
            visit(p, arg);
    }
}

static void member_refs(PyObject *o, visitproc visit, void *arg)
{
    for (PyTypeObject *u = Py_TYPE(o); u; u = u->tp_base)
        for (const PyMemberDef *m = u->tp_members; m && m->name; m++)
            if ((m->type == T_OBJECT || m->type == T_OBJECT_EX) &&
                m->offset >= (Py_ssize_t)sizeof(PyObject))
                visit_field(o, (size_t)m->offset, visit, arg);
}

void graph_extra_refs(const GraphType *t, PyObject *o, visitproc visit, void *arg)
{
    if (!(t->flags & GT_EXTRAS))
        return;
    PyTypeObject *tp = Py_TYPE(o);
    if (t->flags & GT_NS) {
        dict_keys(o, visit, arg);
    } else if (tp == &PyCode_Type) {
        code_refs(o, visit, arg);
    } else if (tp == &PyRange_Type) {
        visit_field(o, FACT_RANGE_START, visit, arg);
        visit_field(o, FACT_RANGE_STOP, visit, arg);
        visit_field(o, FACT_RANGE_STEP, visit, arg);
        visit_field(o, FACT_RANGE_LENGTH, visit, arg);
    } else if (PyType_Check(o)) {
        if (PyType_HasFeature((PyTypeObject *)o, Py_TPFLAGS_HEAPTYPE)) {
            visit_field(o, offsetof(PyHeapTypeObject, ht_name), visit, arg);
            visit_field(o, offsetof(PyHeapTypeObject, ht_qualname), visit, arg);
            visit_field(o, offsetof(PyHeapTypeObject, ht_slots), visit, arg);
        }
    } else if (!(t->flags & (GT_GC | GT_GC_DYN))) {
        member_refs(o, visit, arg);
    }
}

void graph_held_refs(const GraphType *t, PyObject *o, visitproc visit, void *arg)
{
    const GraphType facts = *t; /* visit may meet a new type, which can move the cache */
    if (graph_traversable(&facts, o))
        Py_TYPE(o)->tp_traverse(o, visit, arg);
    graph_extra_refs(&facts, o, visit, arg);
}

/* ---- sizes ----------------------------------------------------------------------------------- */

/* The type's C __sizeof__, called directly: C code only, never a Python override. */
Py_ssize_t graph_sizeof_cmeth_(const GraphType *t, PyObject *o)
{
    if (!t->cmeth)
        return -1;
    PyObject *r = t->cmeth(o, NULL); /* new reference */
    if (!r) {
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t n = PyLong_Check(r) ? PyLong_AsSsize_t(r) : -1;
    Py_DECREF(r);
    if (n < 0)
        PyErr_Clear();
    return n;
}

void graph_blocks_measured_(PyObject *o, BlockSum *out)
{
    BlockSum s;
    layout_measure(o, &s);
    block_sum_add(out, &s);
}

/* ---- naming a reference ---------------------------------------------------------------------- */

static PyObject *field_at(PyObject *o, size_t off)
{
    PyObject *p;
    memcpy(&p, (const char *)o + off, sizeof p);
    return p;
}

/* ".name" of the first of `n` fields of o that holds child. */
static bool name_field(PyObject *o, PyObject *child, const NamedField *f, size_t n, char *out,
                       size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (field_at(o, f[i].offset) == child) {
            snprintf(out, len, ".%s", f[i].name);
            return true;
        }
    }
    return false;
}

static bool name_in_sequence(PyObject *o, PyObject *child, char *out, size_t len)
{
    Py_ssize_t n = Py_SIZE(o);
    PyObject **items = PyList_Check(o) ? ((PyListObject *)o)->ob_item : ((PyTupleObject *)o)->ob_item;
    for (Py_ssize_t i = 0; items && i < n; i++) {
        if (items[i] == child) {
            snprintf(out, len, "[%zd]", i);
            return true;
        }
    }
    return false;
}

/* "[key]" for a value, "<key key>" for a key. */
static bool name_in_dict(PyObject *d, PyObject *child, char *out, size_t len)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    char k[96];
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (value != child && key != child)
            continue;
        lb_short_value(key, k, sizeof k);
        snprintf(out, len, value == child ? "[%s]" : "<key %s>", k);
        return true;
    }
    return false;
}

/* An attribute name as objscope shows it: an identifier as it is, anything else quoted. */
static void attr_name(PyObject *key, char *out, size_t len)
{
    char k[96];
    lb_short_value(key, k, sizeof k);
    size_t n = strlen(k);
    if (n >= 2 && k[0] == '\'' && strchr(k + 1, '\'') == k + n - 1 && !strchr(k, ' '))
        snprintf(out, len, ".%.*s", (int)(n - 2), k + 1);
    else
        snprintf(out, len, ".%s", k);
}

/* Attributes of an instance: its 3.11+ managed values, or its __dict__. */
static bool name_in_instance(PyObject *o, PyObject *child, char *out, size_t len)
{
    ManagedDictInfo m;
    internals_managed_dict(o, &m);
    PyObject *dict = m.dict;
    if (!dict && Py_TYPE(o)->tp_dictoffset > 0)
        dict = field_at(o, (size_t)Py_TYPE(o)->tp_dictoffset);
    if (dict == child) {
        snprintf(out, len, ".__dict__");
        return true;
    }
    if (dict && PyDict_Check(dict)) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(dict, &pos, &key, &value))
            if (value == child) {
                attr_name(key, out, len);
                return true;
            }
    }
    DictKeysInfo k;
    const void *keys = internals_cached_keys(Py_TYPE(o));
    DictValuesInfo v;
    if (!m.values || !keys || internals_keys_info(keys, true, &k) < 0 ||
        internals_values_info(m.values, &k, m.values_inline, &v) < 0 || !v.values)
        return false;
    for (size_t i = 0; i < k.nentries && i < v.capacity; i++) {
        PyObject *key, *value;
        internals_dict_entry(&k, &v, i, &key, &value);
        if (value == child && key) {
            attr_name(key, out, len);
            return true;
        }
    }
    return false;
}

/* Object members of o's type and its bases (slots, __func__, ...). */
static bool name_in_members(PyObject *o, PyObject *child, char *out, size_t len)
{
    for (PyTypeObject *u = Py_TYPE(o); u; u = u->tp_base)
        for (const PyMemberDef *m = u->tp_members; m && m->name; m++)
            if ((m->type == T_OBJECT || m->type == T_OBJECT_EX) &&
                m->offset >= (Py_ssize_t)sizeof(PyObject) &&
                field_at(o, (size_t)m->offset) == child) {
                snprintf(out, len, ".%s", m->name);
                return true;
            }
    return false;
}

static bool name_in_function(PyObject *o, PyObject *child, char *out, size_t len)
{
#define FUNC_FIELD(member, shown) {shown, offsetof(PyFunctionObject, member)}
    static const NamedField f[] = {
        FUNC_FIELD(func_code, "__code__"), FUNC_FIELD(func_defaults, "__defaults__"),
        FUNC_FIELD(func_kwdefaults, "__kwdefaults__"), FUNC_FIELD(func_closure, "__closure__"),
        FUNC_FIELD(func_doc, "__doc__"), FUNC_FIELD(func_name, "__name__"),
        FUNC_FIELD(func_qualname, "__qualname__"), FUNC_FIELD(func_dict, "__dict__"),
        FUNC_FIELD(func_module, "__module__"), FUNC_FIELD(func_annotations, "__annotations__"),
        FUNC_FIELD(func_globals, "__globals__"), FUNC_FIELD(func_builtins, "__builtins__"),
    };
#undef FUNC_FIELD
    return name_field(o, child, f, sizeof f / sizeof f[0], out, len);
}

struct ref_index {
    PyObject *child;
    size_t i, found;
};

static int index_visit(PyObject *o, void *arg)
{
    struct ref_index *r = arg;
    if (!r->found && o == r->child)
        r->found = r->i + 1;
    r->i++;
    return 0;
}

bool graph_ref_name(PyObject *parent, PyObject *child, char *out, size_t len)
{
    out[0] = '\0';
    PyTypeObject *tp = Py_TYPE(parent);
    if ((PyList_Check(parent) || PyTuple_Check(parent)) && name_in_sequence(parent, child, out, len))
        return true;
    if (PyDict_Check(parent) && name_in_dict(parent, child, out, len))
        return true;
    if (PyFunction_Check(parent) && name_in_function(parent, child, out, len))
        return true;
    if (PyCell_Check(parent) && ((PyCellObject *)parent)->ob_ref == child) {
        snprintf(out, len, ".cell_contents");
        return true;
    }
    if (PyCode_Check(parent)) {
        NamedField f[16];
        if (name_field(parent, child, f, code_fields(f), out, len))
            return true;
        for (size_t i = 0; i < 4; i++)
            if (code_cached(parent, i) == child) {
                snprintf(out, len, ".co_code (cached)");
                return true;
            }
    }
    if (layout_is_python_class(tp) && name_in_instance(parent, child, out, len))
        return true;
    if (name_in_members(parent, child, out, len))
        return true;
    if (PyAnySet_Check(parent)) {
        snprintf(out, len, "<item>");
        return true;
    }
    struct ref_index r = {child, 0, 0};
    GraphRules g;
    memset(&g, 0, sizeof g);
    addrset_map_init(&g.modns);
    graph_held_refs(graph_type(&g, tp), parent, index_visit, &r);
    graph_rules_free(&g);
    if (r.found)
        snprintf(out, len, "<referent %zu>", r.found - 1);
    return r.found != 0;
}
