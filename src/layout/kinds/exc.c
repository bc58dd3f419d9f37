/* kinds/exc.c — exceptions: PyBaseExceptionObject (Include/cpython/pyerrors.h) and the
 * subclasses whose C struct adds fields (OSError, SyntaxError, ImportError, UnicodeError,
 * SystemExit, StopIteration, NameError, AttributeError, BaseExceptionGroup), offsets from
 * offsetof on that header, fields per version from facts.h. An exception class without a
 * struct of its own (ValueError, KeyError, a class statement) uses its nearest base's. */
#include "layout/kinds/kinds.h"

#include "layout/facts.h"

#define HEAD(st)                                                                                \
    KIND_FIELD(st, dict, "PyObject *", NULL), KIND_FIELD(st, args, "PyObject *", NULL),         \
        EXC_NOTES(st) KIND_FIELD(st, traceback, "PyObject *", NULL),                            \
        KIND_FIELD(st, context, "PyObject *", NULL), KIND_FIELD(st, cause, "PyObject *", NULL), \
        KIND_FIELD(st, suppress_context, "char", NULL)
#if FACT_EXC_NOTES
#define EXC_NOTES(st) KIND_FIELD(st, notes, "PyObject *", NULL),
#else
#define EXC_NOTES(st)
#endif
#define OBJ(st, member) KIND_FIELD(st, member, "PyObject *", NULL)

static const KindField base_fields[] = {HEAD(PyBaseExceptionObject)};
static const KindField os_fields[] = {
    HEAD(PyOSErrorObject), OBJ(PyOSErrorObject, myerrno), OBJ(PyOSErrorObject, strerror),
    OBJ(PyOSErrorObject, filename), OBJ(PyOSErrorObject, filename2),
    KIND_FIELD(PyOSErrorObject, written, "Py_ssize_t", NULL)};
static const KindField syntax_fields[] = {
    HEAD(PySyntaxErrorObject), OBJ(PySyntaxErrorObject, msg), OBJ(PySyntaxErrorObject, filename),
    OBJ(PySyntaxErrorObject, lineno), OBJ(PySyntaxErrorObject, offset),
    OBJ(PySyntaxErrorObject, end_lineno), OBJ(PySyntaxErrorObject, end_offset),
    OBJ(PySyntaxErrorObject, text), OBJ(PySyntaxErrorObject, print_file_and_line),
#if FACT_SYNTAXERROR_METADATA
    OBJ(PySyntaxErrorObject, metadata),
#endif
};
static const KindField import_fields[] = {
    HEAD(PyImportErrorObject), OBJ(PyImportErrorObject, msg), OBJ(PyImportErrorObject, name),
    OBJ(PyImportErrorObject, path),
#if FACT_IMPORTERROR_NAME_FROM
    OBJ(PyImportErrorObject, name_from),
#endif
};
static const KindField unicode_fields[] = {
    HEAD(PyUnicodeErrorObject), OBJ(PyUnicodeErrorObject, encoding),
    OBJ(PyUnicodeErrorObject, object), KIND_FIELD(PyUnicodeErrorObject, start, "Py_ssize_t", NULL),
    KIND_FIELD(PyUnicodeErrorObject, end, "Py_ssize_t", NULL), OBJ(PyUnicodeErrorObject, reason)};
static const KindField exit_fields[] = {HEAD(PySystemExitObject), OBJ(PySystemExitObject, code)};
static const KindField stop_fields[] = {HEAD(PyStopIterationObject),
                                        OBJ(PyStopIterationObject, value)};
static const KindField name_fields[] = {HEAD(PyNameErrorObject), OBJ(PyNameErrorObject, name)};
static const KindField attr_fields[] = {HEAD(PyAttributeErrorObject),
                                        OBJ(PyAttributeErrorObject, obj),
                                        OBJ(PyAttributeErrorObject, name)};
#if FACT_EXCGROUP
static const KindField group_fields[] = {
    HEAD(PyBaseExceptionGroupObject), OBJ(PyBaseExceptionGroupObject, msg),
    OBJ(PyBaseExceptionGroupObject, excs),
#if FACT_EXCGROUP_EXCS_STR
    OBJ(PyBaseExceptionGroupObject, excs_str),
#endif
};
#endif

static const KindNote exc_notes[] = {
    {"dict", "attributes set on the exception, made on first use"},
    {"args", "the arguments it was raised with (a tuple): str() shows them"},
    {"notes", "add_note()'s list of notes, NULL until the first"},
    {"traceback", "__traceback__: where it was raised, filled as it propagates"},
    {"context", "__context__: the exception being handled when this one was raised"},
    {"cause", "__cause__: set by raise ... from ..."},
    {"suppress_context", "1 after raise ... from: the context is not printed"},
    {"myerrno", "errno"},
    {"written", "characters written before a BlockingIOError, else -1"},
    {"value", "the generator's return value"},
    {"obj", "the object that lacked the attribute"},
    {"name", "the missing name"},
    {"excs", "the exceptions in the group (a tuple)"},
    {"code", "the exit status"},
};

typedef struct {
    PyObject **type; /* the exception class (a PyExc_* variable) */
    const KindField *fields;
    size_t n, size;
} ExcStruct;

#define EXC(var, f, st) {&var, f, sizeof f / sizeof f[0], sizeof(st)}

/* The struct of the nearest base of t with one of its own. */
static const ExcStruct *exc_struct(PyTypeObject *t)
{
    static const ExcStruct known[] = {
        EXC(PyExc_OSError, os_fields, PyOSErrorObject),
        EXC(PyExc_SyntaxError, syntax_fields, PySyntaxErrorObject),
        EXC(PyExc_ImportError, import_fields, PyImportErrorObject),
        EXC(PyExc_UnicodeError, unicode_fields, PyUnicodeErrorObject),
        EXC(PyExc_SystemExit, exit_fields, PySystemExitObject),
        EXC(PyExc_StopIteration, stop_fields, PyStopIterationObject),
        EXC(PyExc_NameError, name_fields, PyNameErrorObject),
        EXC(PyExc_AttributeError, attr_fields, PyAttributeErrorObject),
#if FACT_EXCGROUP
        EXC(PyExc_BaseExceptionGroup, group_fields, PyBaseExceptionGroupObject),
#endif
        EXC(PyExc_BaseException, base_fields, PyBaseExceptionObject),
    };
    for (; t; t = t->tp_base)
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if ((PyObject *)t == *known[i].type)
                return &known[i];
    return NULL;
}

void kind_exception_describe(LayoutBuilder *b, PyObject *o)
{
    PyTypeObject *base = layout_solid_base(Py_TYPE(o));
    const ExcStruct *s = exc_struct(base);
    if (!s || (size_t)base->tp_basicsize != s->size) { /* an extension's own struct */
        kind_opaque_describe(b, o);
        return;
    }
    kind_struct(b, o, s->fields, s->n, 0, exc_notes, sizeof exc_notes / sizeof exc_notes[0]);
}
