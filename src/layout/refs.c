/* refs.c — the references picture's model from live objects (see refs.h): a breadth-first walk
 * from the names, one box per object (found again by address), each box's slots named the way
 * graph.h names a reference. Reads objects only: no Python code runs, no object is made. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "layout/refs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/addrset.h"
#include "layout/builder.h"
#include "layout/describe.h"
#include "layout/facts.h"
#include "layout/graph.h"
#include "layout/internals.h"
#include "util/xalloc.h"

typedef struct {
    RefsGraph *g;
    const RefsOptions *opt;
    GraphRules rules;
    AddrMap index;      /* object -> its box */
    size_t nodes_cap;
    PyObject **objects; /* each box's object (borrowed), parallel to g->nodes */
} Walk;

RefsOptions refs_default_options(void)
{
    return (RefsOptions){.depth = 3, .max_nodes = 40, .max_slots = 8, .max_names = 30};
}

const char *refs_note_word(unsigned note)
{
    switch (note) {
    case REFS_CACHED: return "small int";
    case REFS_INTERNED: return "interned";
    case REFS_IMMORTAL: return "immortal";
    case REFS_SINGLETON: return "singleton";
    default: return "";
    }
}

const char *refs_note_legend(unsigned note)
{
    switch (note) {
    case REFS_CACHED: { /* the range is this CPython's: 3.15's cache reaches 1024 */
        static char cached[96];
        snprintf(cached, sizeof cached, "small int: CPython makes the ints %d to %d once; every "
                 "use of one is the same object", FACT_SMALL_INT_MIN, FACT_SMALL_INT_MAX);
        return cached;
    }
    case REFS_INTERNED: return "interned: equal interned strings (names, short literals) are one "
                               "object";
    case REFS_IMMORTAL: return "immortal: never freed, and its refcount never changes (3.12+)";
    case REFS_SINGLETON: return "singleton: there is only one None, True, False and Ellipsis";
    default: return "";
    }
}

/* ---- one object ------------------------------------------------------------------------------ */

/* Objects whose references are worth following: containers and instances. A leaf (a number,
 * a str, a function, a class, a module) is a box with its value. */
static bool followable(PyObject *o)
{
    if (PyList_Check(o) || PyTuple_Check(o) || PyDict_Check(o) || PyAnySet_Check(o) ||
        PyWeakref_CheckRef(o) || PyMethod_Check(o) || PyCell_Check(o))
        return true;
    PyTypeObject *tp = Py_TYPE(o);
    return layout_is_python_class(tp) && !PyType_Check(o) && !PyLong_Check(o) &&
           !PyFloat_Check(o) && !PyUnicode_Check(o) && !PyBytes_Check(o);
}

static unsigned notes_of(PyObject *o)
{
    unsigned n = 0;
    if (o == Py_None || o == Py_True || o == Py_False || o == Py_Ellipsis)
        n |= REFS_SINGLETON;
    if (PyLong_CheckExact(o)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        PyErr_Clear();
        if (!overflow && v >= FACT_SMALL_INT_MIN && v <= FACT_SMALL_INT_MAX)
            n |= REFS_CACHED;
    }
    if (PyUnicode_CheckExact(o) && PyUnicode_CHECK_INTERNED(o))
        n |= REFS_INTERNED;
    if (graph_is_immortal(o))
        n |= REFS_IMMORTAL;
    return n;
}

/* A str's text without lb_short_value's quotes ("'f'" -> "f"). */
static char *unquoted(PyObject *s)
{
    char v[128];
    lb_short_value(s, v, sizeof v);
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '\'' && v[n - 1] == '\'')
        return xstrndup(v + 1, n - 2);
    return xstrdup(v);
}

/* The box's short value: the object's own for a leaf, the name of a function or class. */
static char *value_of(PyObject *o, bool expanded)
{
    if (expanded)
        return xstrdup("");
    if (PyFunction_Check(o))
        return unquoted(((PyFunctionObject *)o)->func_qualname);
    if (PyType_Check(o))
        return lb_type_name((PyTypeObject *)o);
    char v[128];
    lb_short_value(o, v, sizeof v);
    return xstrdup(v);
}

/* "int 1", "list <list, len 3>" -> "list, len 3": a target's type and value in one phrase. */
static char *phrase(PyObject *o)
{
    char *type = lb_type_name(Py_TYPE(o));
    char v[128];
    lb_short_value(o, v, sizeof v);
    char *p;
    size_t tn = strlen(type);
    if (v[0] == '<' && strncmp(v + 1, type, tn) == 0) /* "<list, len 3>" already names it */
        p = xasprintf("%.*s", (int)strlen(v) - 2, v + 1);
    else
        p = xasprintf("%s %s", type, v);
    free(type);
    return p;
}

static size_t box_of(Walk *w, PyObject *o, int depth)
{
    size_t i;
    if (addrset_map_get(&w->index, o, &i))
        return i;
    RefsGraph *g = w->g;
    if (g->nnodes >= w->opt->max_nodes) {
        g->left_out++;
        return REFS_NONE;
    }
    size_t cap = w->nodes_cap;
    g->nodes = xgrow(g->nodes, &w->nodes_cap, g->nnodes + 1, sizeof *g->nodes);
    w->objects = xgrow(w->objects, &cap, g->nnodes + 1, sizeof *w->objects);
    i = g->nnodes++;
    w->objects[i] = o;
    RefsNode *n = &g->nodes[i];
    memset(n, 0, sizeof *n);
    n->address = (uintptr_t)o;
    n->type_name = lb_type_name(Py_TYPE(o));
    n->size = graph_getsizeof(graph_type(&w->rules, Py_TYPE(o)), o);
    n->notes = notes_of(o);
    n->depth = depth;
    addrset_map_put(&w->index, o, i);
    return i;
}

/* ---- its references --------------------------------------------------------------------------- */

typedef struct {
    Walk *w;
    size_t box;
    PyObject *parent;
    PyObject *skip; /* the instance's __dict__: its items are the instance's attributes */
} Follow;

static void add_slot(Follow *f, const char *label, PyObject *child, bool weak)
{
    RefsNode *n = &f->w->g->nodes[f->box];
    if (n->nslots >= f->w->opt->max_slots) {
        n->more++;
        return;
    }
    int depth = n->depth;
    size_t target = box_of(f->w, child, depth + 1); /* may move the nodes */
    n = &f->w->g->nodes[f->box];
    n->slots = xrealloc(n->slots, (n->nslots + 1) * sizeof *n->slots);
    n->slots[n->nslots++] = (RefsSlot){xstrdup(label), target, phrase(child), weak};
    if (target != REFS_NONE)
        f->w->g->nodes[target].inbound++;
}

static int visit_named(PyObject *child, void *arg)
{
    Follow *f = arg;
    if (!child || child == f->skip || PyType_Check(child) || PyModule_Check(child))
        return 0; /* a box names its type; classes and modules are shared machinery */
    char label[128];
    if (!graph_ref_name(f->parent, child, label, sizeof label))
        snprintf(label, sizeof label, "<referent>");
    add_slot(f, label, child, false);
    return 0;
}

static void follow_dict(Follow *f, PyObject *d, bool as_attributes)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(d, &pos, &key, &value)) {
        char k[128], label[160];
        lb_short_value(key, k, sizeof k);
        size_t n = strlen(k);
        if (as_attributes && n >= 2 && k[0] == '\'' && k[n - 1] == '\'')
            snprintf(label, sizeof label, ".%.*s", (int)n - 2, k + 1);
        else
            snprintf(label, sizeof label, "[%s]", k);
        add_slot(f, label, value, false);
    }
}

static void follow_sequence(Follow *f, PyObject *o)
{
    Py_ssize_t n = Py_SIZE(o);
    PyObject **items = PyList_Check(o) ? ((PyListObject *)o)->ob_item : ((PyTupleObject *)o)->ob_item;
    for (Py_ssize_t i = 0; items && i < n; i++) {
        char label[32];
        snprintf(label, sizeof label, "[%zd]", i);
        add_slot(f, label, items[i], false);
    }
}

/* The instance's __dict__ when it has one made (3.11+ may keep attributes without one). */
static PyObject *instance_dict(PyObject *o)
{
    ManagedDictInfo m;
    internals_managed_dict(o, &m);
    PyObject *d = m.dict;
    if (!d && Py_TYPE(o)->tp_dictoffset > 0)
        memcpy(&d, (const char *)o + Py_TYPE(o)->tp_dictoffset, sizeof d);
    return d && PyDict_Check(d) ? d : NULL;
}

static void follow(Walk *w, size_t box)
{
    PyObject *o = w->objects[box];
    Follow f = {w, box, o, NULL};
    w->g->nodes[box].expanded = true;
    if (PyList_Check(o) || PyTuple_Check(o)) {
        follow_sequence(&f, o);
    } else if (PyDict_Check(o)) {
        follow_dict(&f, o, false);
    } else if (PyWeakref_CheckRef(o)) {
        PyObject *referent = ((PyWeakReference *)o)->wr_object;
        if (referent && referent != Py_None)
            add_slot(&f, "referent", referent, true);
    } else {
        f.skip = layout_is_python_class(Py_TYPE(o)) ? instance_dict(o) : NULL;
        if (f.skip)
            follow_dict(&f, f.skip, true);
        graph_held_refs(graph_type(&w->rules, Py_TYPE(o)), o, visit_named, &f);
    }
}

/* ---- the walk --------------------------------------------------------------------------------- */

static RefsGraph *walk(Walk *w)
{
    RefsGraph *g = w->g;
    for (size_t i = 0; i < g->nnodes; i++) { /* breadth first: the array is the queue */
        if (g->nodes[i].depth < w->opt->depth && followable(w->objects[i]))
            follow(w, i);
    }
    for (size_t i = 0; i < g->nnodes; i++) {
        RefsNode *n = &g->nodes[i];
        n->value = value_of(w->objects[i], n->expanded);
    }
    graph_rules_free(&w->rules);
    addrset_map_free(&w->index);
    free(w->objects);
    return g;
}

static void walk_start(Walk *w, const RefsOptions *opt, const char *title)
{
    memset(w, 0, sizeof *w);
    w->opt = opt;
    w->g = xcalloc(1, sizeof *w->g);
    w->g->title = xstrdup(title);
    graph_rules_init(&w->rules);
    addrset_map_init(&w->index);
}

static void add_name(Walk *w, const char *name, PyObject *o)
{
    RefsGraph *g = w->g;
    size_t target = box_of(w, o, 1);
    g->names = xrealloc(g->names, (g->nnames + 1) * sizeof *g->names);
    g->names[g->nnames++] = (RefsSlot){xstrdup(name), target, phrase(o), false};
    if (target != REFS_NONE)
        g->nodes[target].inbound++;
}

/* Names every module has (__name__, __builtins__, ...): not the learner's, never counted. */
static bool dunder(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strncmp(name, "__", 2) == 0 && strcmp(name + n - 2, "__") == 0;
}

RefsGraph *refs_of_namespace(struct _object *ns, const RefsOptions *opt)
{
    Walk w;
    walk_start(&w, opt, "names in __main__");
    w.g->namespace = true;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (ns && PyDict_Check(ns) && PyDict_Next(ns, &pos, &key, &value)) {
        char *name = PyUnicode_Check(key) ? unquoted(key) : NULL;
        if (name && dunder(name))
            ; /* not the learner's */
        else if (!name || strcmp(name, "_") == 0 || PyModule_Check(value) ||
                 w.g->nnames >= opt->max_names)
            w.g->hidden++; /* modules, `_`, and what there is no room for */
        else
            add_name(&w, name, value);
        free(name);
    }
    return walk(&w);
}

RefsGraph *refs_of_value(struct _object *o, const char *label, const RefsOptions *opt)
{
    Walk w;
    walk_start(&w, opt, label);
    if (o)
        add_name(&w, label, o);
    return walk(&w);
}

static void slots_free(RefsSlot *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].label);
        free(s[i].value);
    }
    free(s);
}

void refs_free(RefsGraph *g)
{
    if (!g)
        return;
    slots_free(g->names, g->nnames);
    for (size_t i = 0; i < g->nnodes; i++) {
        slots_free(g->nodes[i].slots, g->nodes[i].nslots);
        free(g->nodes[i].type_name);
        free(g->nodes[i].value);
    }
    free(g->nodes);
    free(g->title);
    free(g);
}
