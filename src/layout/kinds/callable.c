/* kinds/callable.c — the callables and wrappers a learner meets beside functions: builtin
 * functions and methods (PyCFunctionObject, PyCMethodObject: Include/cpython/methodobject.h,
 * offsets from offsetof), functools.partial, property, staticmethod, classmethod and
 * types.SimpleNamespace, whose structs are private to their C files: their fields come from
 * facts.h (FACT_*_FIELDS), and an object whose type's size disagrees is drawn opaque. */
#include "layout/kinds/kinds.h"

#include "layout/facts.h"

static const KindNote callable_notes[] = {
    {"m_ml", "the C function's PyMethodDef (static data): name, flags, C entry"},
    {"m_self", "the object it is bound to (the module, for a module's function)"},
    {"m_module", "__module__"},
    {"mm_class", "the class that defines this method"},
    {"fn", "the callable being wrapped (p.func)"},
    {"args", "the positional arguments given in advance (a tuple)"},
    {"kw", "the keyword arguments given in advance (a dict)"},
    {"placeholder", "the functools.Placeholder sentinel"},
    {"phcount", "how many of args are placeholders"},
    {"prop_get", "fget"},
    {"prop_set", "fset"},
    {"prop_del", "fdel"},
    {"prop_doc", "__doc__"},
    {"prop_name", "the attribute name it was assigned to (__set_name__)"},
    {"getter_doc", "1: the docstring was taken from fget"},
    {"sm_callable", "the wrapped function, called without the instance"},
    {"cm_callable", "the wrapped function, called with the class first"},
    {"sm_dict", "attributes (__dict__), made on first use"},
    {"cm_dict", "attributes (__dict__), made on first use"},
    {"ns_dict", "the attributes, in an ordinary dict"},
};

void kind_cfunction_describe(LayoutBuilder *b, PyObject *o)
{
    static const KindField fields[] = {
        KIND_FIELD(PyCFunctionObject, m_ml, "PyMethodDef *", NULL),
        KIND_FIELD(PyCFunctionObject, m_self, "PyObject *", NULL),
        KIND_FIELD(PyCFunctionObject, m_module, "PyObject *", NULL),
        KIND_FIELD(PyCFunctionObject, m_weakreflist, "PyObject *", NULL),
        KIND_FIELD(PyCFunctionObject, vectorcall, "vectorcallfunc", NULL),
        KIND_FIELD(PyCMethodObject, mm_class, "PyTypeObject *", NULL),
    };
    bool method = PyObject_TypeCheck(o, &PyCMethod_Type);
    kind_struct(b, o, fields, sizeof fields / sizeof fields[0] - !method, 0, callable_notes,
                sizeof callable_notes / sizeof callable_notes[0]);
    const PyMethodDef *def = ((PyCFunctionObject *)o)->m_ml;
    if (def && def->ml_name)
        layout_add_note(b->l, "%s is C code wrapped as an object: its body is in the "
                        "interpreter or an extension, not in a code object", def->ml_name);
}

void kind_partial_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_PARTIAL_FIELDS, FACT_PARTIAL_SIZE, callable_notes);
}

void kind_property_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_PROPERTY_FIELDS, FACT_PROPERTY_SIZE, callable_notes);
}

void kind_staticmethod_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_STATICMETHOD_FIELDS, FACT_STATICMETHOD_SIZE, callable_notes);
}

void kind_classmethod_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_CLASSMETHOD_FIELDS, FACT_STATICMETHOD_SIZE, callable_notes);
}

void kind_namespace_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_NAMESPACE_FIELDS, FACT_NAMESPACE_SIZE, callable_notes);
}
