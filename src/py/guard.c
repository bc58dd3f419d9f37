/* guard.c — objscope's own builtins while its own Python code runs (see guard.h). */
#include "py/guard.h"

#include "py/pyutil.h"

static struct {
    PyObject *builtins; /* the interpreter's builtins dict (strong) */
    PyObject *original; /* a copy of it at start (strong) */
    PyObject *learner;  /* while own: name -> the learner's value, or `missing` (strong) */
    PyObject *missing;  /* stands for "the learner had deleted this name" (strong) */
    bool own;
} guard;

int guard_init(void)
{
    guard.builtins = Py_XNewRef(PyEval_GetBuiltins());
    guard.original = guard.builtins ? PyDict_Copy(guard.builtins) : NULL;
    guard.learner = PyDict_New();
    guard.missing = PyTuple_New(0);
    if (!guard.original || !guard.learner || !guard.missing)
        return -1;
    /* `_` is the REPL's last value, never objscope's to restore */
    if (PyDict_DelItemString(guard.original, "_") < 0)
        PyErr_Clear();
    return 0;
}

void guard_finalize(void)
{
    if (guard.own)
        guard_builtins(false);
    Py_CLEAR(guard.builtins);
    Py_CLEAR(guard.original);
    Py_CLEAR(guard.learner);
    Py_CLEAR(guard.missing);
}

/* Put back every original builtin the learner deleted or replaced, noting what they had. */
static void take_own(PyObject *now)
{
    Py_ssize_t pos = 0;
    PyObject *name, *value; /* borrowed */
    while (PyDict_Next(guard.original, &pos, &name, &value)) {
        PyObject *theirs = PyDict_GetItemWithError(now, name); /* borrowed */
        if (theirs == value)
            continue;
        if (PyErr_Occurred() ||
            PyDict_SetItem(guard.learner, name, theirs ? theirs : guard.missing) < 0 ||
            PyDict_SetItem(now, name, value) < 0)
            PyErr_Clear(); /* memory only: that name stays the learner's */
    }
}

/* Give the learner's deletions and replacements back. */
static void give_back(PyObject *now)
{
    Py_ssize_t pos = 0;
    PyObject *name, *theirs; /* borrowed */
    while (PyDict_Next(guard.learner, &pos, &name, &theirs)) {
        int rc = theirs == guard.missing ? PyDict_DelItem(now, name)
                                         : PyDict_SetItem(now, name, theirs);
        if (rc < 0)
            PyErr_Clear();
    }
    PyDict_Clear(guard.learner);
}

bool guard_builtins(bool own)
{
    bool was = guard.own;
    if (!guard.original || own == was)
        return was;
    PyObject *exc = pyutil_take_exception(); /* new: an error on its way up is kept */
    if (own)
        take_own(guard.builtins);
    else
        give_back(guard.builtins);
    guard.own = own;
    pyutil_restore_exception(exc);
    return was;
}

static PyObject *py_guard(PyObject *self, PyObject *arg)
{
    (void)self;
    int own = PyObject_IsTrue(arg);
    if (own < 0)
        return NULL;
    return PyBool_FromLong(guard_builtins(own));
}

PyMethodDef guard_method = {"_builtins", py_guard, METH_O,
                            "_builtins(own)\n--\n\nobjscope's own builtins (True) or the "
                            "learner's (False) in force; returns the previous choice."};
