/* demoscript.c — splitting a demo script into steps (see demoscript.h): support.demo_steps
 * behind the door, its answer turned into plain C. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "py/demoscript.h"

#include <stdlib.h>
#include <string.h>

#include "py/door.h"
#include "py/pyutil.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Parsing is objscope's own work: a time limit (a huge file), a working Ctrl-C. */
static const DoorRules SPLIT_RULES = {5, true};

typedef struct {
    PyObject *args;
    PyObject *answer; /* new: support.demo_steps' tuple, or NULL */
    char *error;      /* why not (owned) */
} SplitCall;

static PyObject *split_in_door(void *arg)
{
    SplitCall *c = arg;
    PyObject *modules = PyImport_GetModuleDict();                      /* borrowed */
    PyObject *mod = PyDict_GetItemString(modules, "_objscope");        /* borrowed */
    PyObject *fn = mod ? PyObject_GetAttrString(mod, "demo_steps") : NULL; /* new */
    c->answer = fn ? PyObject_Call(fn, c->args, NULL) : NULL;
    Py_XDECREF(fn);
    if (!c->answer) { /* described here: formatting an exception is Python code too */
        PyObject *exc = pyutil_take_exception(); /* new */
        StrBuf b;
        strbuf_init(&b);
        pyutil_describe_exception(&b, exc);
        c->error = sanitize_text(b.data, b.len, false);
        strbuf_free(&b);
        Py_XDECREF(exc);
    }
    Py_RETURN_NONE;
}

/* A str item of a tuple as owned text: exact (code that will run) or terminal-safe. */
static char *item_text(PyObject *t, Py_ssize_t i, bool exact)
{
    PyObject *s = PyTuple_GET_ITEM(t, i); /* borrowed */
    char *text = PyUnicode_Check(s) ? (exact ? pyutil_text_exact(s) : pyutil_text(s, true)) : NULL;
    PyErr_Clear();
    return text ? text : xstrdup("");
}

/* One (line, caption, view, chunks, subject) tuple; false when it is not one. */
static bool read_step(PyObject *t, DemoStep *s)
{
    memset(s, 0, sizeof *s);
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 5 || !PyList_Check(PyTuple_GET_ITEM(t, 3)))
        return false;
    s->line = (int)PyLong_AsLong(PyTuple_GET_ITEM(t, 0));
    PyErr_Clear();
    s->caption = item_text(t, 1, false);
    s->view = item_text(t, 2, false);
    s->subject = item_text(t, 4, true);
    PyObject *chunks = PyTuple_GET_ITEM(t, 3); /* borrowed */
    s->nchunks = (size_t)PyList_GET_SIZE(chunks);
    s->chunks = xcalloc(s->nchunks ? s->nchunks : 1, sizeof *s->chunks);
    for (size_t i = 0; i < s->nchunks; i++) {
        PyObject *c = PyList_GET_ITEM(chunks, (Py_ssize_t)i); /* borrowed */
        s->chunks[i] = PyUnicode_Check(c) ? pyutil_text_exact(c) : NULL;
        PyErr_Clear();
        if (!s->chunks[i])
            s->chunks[i] = xstrdup("");
    }
    return true;
}

static DemoScript *read_script(PyObject *answer)
{
    if (!PyTuple_Check(answer) || PyTuple_GET_SIZE(answer) != 3 ||
        !PyList_Check(PyTuple_GET_ITEM(answer, 2)))
        return NULL;
    DemoScript *d = xcalloc(1, sizeof *d);
    d->title = item_text(answer, 0, false);
    d->cells = PyObject_IsTrue(PyTuple_GET_ITEM(answer, 1)) == 1;
    PyObject *steps = PyTuple_GET_ITEM(answer, 2); /* borrowed */
    size_t n = (size_t)PyList_GET_SIZE(steps);
    d->steps = xcalloc(n ? n : 1, sizeof *d->steps);
    for (size_t i = 0; i < n; i++) {
        if (!read_step(PyList_GET_ITEM(steps, (Py_ssize_t)i), &d->steps[d->nsteps]))
            continue;
        d->nsteps++;
    }
    return d;
}

DemoScript *demoscript_split(const char *source, const char *filename, char **error)
{
    *error = NULL;
    SplitCall c = {Py_BuildValue("(NN)", /* new */
                                 PyUnicode_DecodeUTF8(source, (Py_ssize_t)strlen(source), "surrogateescape"),
                                 PyUnicode_DecodeFSDefault(filename)),
                   NULL, NULL};
    if (!c.args) {
        PyErr_Clear();
        *error = xstrdup("cannot read the script as text");
        return NULL;
    }
    DoorReport rep = {0};
    PyObject *none = door_pass(&SPLIT_RULES, split_in_door, &c, &rep);
    Py_XDECREF(none);
    PyErr_Clear();
    Py_DECREF(c.args);
    DemoScript *d = c.answer ? read_script(c.answer) : NULL;
    Py_XDECREF(c.answer);
    if (!d && rep.timed_out)
        *error = xasprintf("reading the script took longer than %.0f s", SPLIT_RULES.seconds);
    else if (!d)
        *error = c.error ? xstrdup(c.error) : xstrdup("cannot split the script into steps");
    free(c.error);
    return d;
}

void demoscript_free(DemoScript *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nsteps; i++) {
        DemoStep *s = &d->steps[i];
        for (size_t k = 0; k < s->nchunks; k++)
            free(s->chunks[k]);
        free(s->chunks);
        free(s->caption);
        free(s->view);
        free(s->subject);
    }
    free(d->steps);
    free(d->title);
    free(d);
}
