/* handle.c — the objects the explorer holds (see handle.h): one strong reference per handle, a
 * list of every handle so objscope can tell when it alone still holds an object, and the layout
 * engine's entry points with the object filled in. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "py/handle.h"

#include <stdlib.h>

#include "util/xalloc.h"

struct InterpHandle {
    PyObject *obj;       /* strong, or NULL once let go */
    bool had_outside;    /* something besides the handles referred to obj when last looked at */
    char *claim_failed;  /* why its __sizeof__ override failed when last asked (owned), or NULL */
    InterpHandle *prev, *next;
};

static InterpHandle *handles; /* every handle not yet freed */

/* After interp_finalize the objects are gone: a handle is then only a struct to free. */
static bool python_up(void)
{
    return Py_IsInitialized() != 0;
}

static int count_holders(PyObject *o)
{
    int n = 0;
    for (const InterpHandle *h = handles; h; h = h->next)
        n += h->obj == o;
    return n;
}

/* References to o from anything but the handles (the learner's names, containers, `_`). */
static Py_ssize_t outside_refs(PyObject *o)
{
    return Py_REFCNT(o) - count_holders(o);
}

/* Takes the reference to o (new). */
static InterpHandle *handle_new(PyObject *o)
{
    InterpHandle *h = xcalloc(1, sizeof *h);
    h->obj = o;
    h->next = handles;
    if (handles)
        handles->prev = h;
    handles = h;
    h->had_outside = outside_refs(o) > 0;
    return h;
}

InterpHandle *interp_handle_take(InterpResult *r)
{
    if (!r || !r->value || !python_up())
        return NULL;
    PyObject *o = (PyObject *)r->value; /* the result's reference moves into the handle */
    r->value = NULL;
    return handle_new(o);
}

InterpHandle *interp_handle_copy(const InterpHandle *h)
{
    if (!interp_handle_held(h))
        return NULL;
    InterpHandle *c = handle_new(Py_NewRef(h->obj));
    c->had_outside = h->had_outside;
    return c;
}

void interp_handle_free(InterpHandle *h)
{
    if (!h)
        return;
    if (h->prev)
        h->prev->next = h->next;
    else
        handles = h->next;
    if (h->next)
        h->next->prev = h->prev;
    if (h->obj && python_up())
        interp_value_release(h->obj); /* behind the door when it is the last reference */
    free(h->claim_failed);
    free(h);
}

bool interp_handle_held(const InterpHandle *h)
{
    return h && h->obj && python_up();
}

bool interp_handle_same(const InterpHandle *a, const InterpHandle *b)
{
    return interp_handle_held(a) && interp_handle_held(b) && a->obj == b->obj;
}

char *interp_handle_type_name(const InterpHandle *h)
{
    return interp_handle_held(h) ? interp_type_name(h->obj) : xstrdup("(let go)");
}

int interp_handle_holders(const InterpHandle *h)
{
    return interp_handle_held(h) ? count_holders(h->obj) : 0;
}

bool interp_handle_is_underscore(const InterpHandle *h)
{
    return interp_handle_held(h) && interp_binds_underscore(h->obj);
}

int interp_handle_refs_held(const InterpHandle *h)
{
    return interp_handle_holders(h) + interp_handle_is_underscore(h);
}

bool interp_handle_unbind_underscore(const InterpHandle *h)
{
    if (!interp_handle_is_underscore(h))
        return false;
    /* the handle keeps the object alive: dropping `_`'s reference runs no __del__ */
    if (PyDict_SetItemString(PyEval_GetBuiltins(), "_", Py_None) < 0)
        PyErr_Clear();
    return true;
}

/* ---- letting go ---------------------------------------------------------------------------- */

static bool anyone_had_outside(PyObject *o)
{
    for (const InterpHandle *h = handles; h; h = h->next)
        if (h->obj == o && h->had_outside)
            return true;
    return false;
}

/* Every handle to o lets go; the last reference is dropped behind the door. */
static void let_go_of(PyObject *o)
{
    int refs = 0;
    for (InterpHandle *h = handles; h; h = h->next)
        if (h->obj == o) {
            h->obj = NULL;
            refs++;
        }
    for (int i = 1; i < refs; i++)
        Py_DECREF(o); /* the handles' other references: o stays alive until the last */
    interp_value_release(o);
}

/* One object only handles hold now, though something else held it before; NULL when none. */
static PyObject *deserted(void)
{
    for (const InterpHandle *h = handles; h; h = h->next)
        if (h->obj && outside_refs(h->obj) == 0 && anyone_had_outside(h->obj))
            return h->obj;
    return NULL;
}

size_t interp_handles_let_go(void)
{
    if (!python_up())
        return 0;
    size_t n = 0;
    for (PyObject *o; (o = deserted()) != NULL; n++)
        let_go_of(o); /* may free what only o held: look again */
    for (InterpHandle *h = handles; h; h = h->next)
        if (h->obj)
            h->had_outside = outside_refs(h->obj) > 0;
    return n;
}

/* ---- the layout engine, by handle ----------------------------------------------------------- */

/* A failed override is not called again for the same handle: one that loops would cost its
 * time limit after every input. The layout says so, with the first failure. */
Layout *interp_handle_describe(InterpHandle *h, const LayoutOptions *opt)
{
    if (!interp_handle_held(h))
        return NULL;
    LayoutOptions o = *opt;
    o.refs_held = interp_handle_refs_held(h);
    if (!h->claim_failed) {
        Layout *l = interp_describe(h->obj, &o);
        if (l->sizeof_overridden && !l->sizeof_claim_known && l->sizeof_error)
            h->claim_failed = xstrdup(l->sizeof_error);
        return l;
    }
    Layout *l = layout_describe(h->obj, &o); /* runs no Python code */
    if (l->sizeof_overridden) {
        l->sizeof_suspect = true;
        free(l->sizeof_error);
        l->sizeof_error = xasprintf("%s (not called again: r calls it again)", h->claim_failed);
    }
    return l;
}

void interp_handle_ask_again(InterpHandle *h)
{
    if (!h)
        return;
    free(h->claim_failed);
    h->claim_failed = NULL;
}

InterpHandle *interp_handle_follow(const InterpHandle *h, uintptr_t address)
{
    LayoutOptions opt = layout_default_options();
    return interp_handle_follow_shown(h, address, &opt);
}

InterpHandle *interp_handle_follow_shown(const InterpHandle *h, uintptr_t address,
                                         const LayoutOptions *shown)
{
    if (!interp_handle_held(h))
        return NULL;
    PyObject *child = (PyObject *)layout_follow_in(h->obj, address, shown); /* new */
    return child ? handle_new(child) : NULL;
}

LayoutDeepJob *interp_handle_deep_start(const InterpHandle *h)
{
    if (!interp_handle_held(h))
        return NULL;
    return layout_deep_start(h->obj, interp_handle_refs_held(h));
}

RetainedJob *interp_handle_retained_start(const InterpHandle *h, const char *label)
{
    if (!interp_handle_held(h))
        return NULL;
    return retained_start(h->obj, interp_handle_refs_held(h), label);
}

InterpHandle *interp_handle_of_retained(RetainedTree *t, size_t node)
{
    PyObject *o = t && python_up() ? (PyObject *)retained_object(t, node) : NULL; /* new */
    return o ? handle_new(o) : NULL;
}
