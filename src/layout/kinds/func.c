/* kinds/func.c — Python function objects (PyFunctionObject): what a `def` or `lambda` makes
 * each time it runs. The code is shared; the function holds the per-definition parts
 * (globals, defaults, closure cells, annotations) and a C entry point for fast calls. */
#include "layout/kinds/kinds.h"

#include "layout/facts.h"

typedef struct {
    const char *name, *note;
    size_t offset;
} FuncField;

#define FF(member, note) {#member, note, offsetof(PyFunctionObject, member)}

static const FuncField func_fields[] = {
    FF(func_globals, "the module namespace: shared machinery, not part of this function"),
    FF(func_builtins, "the builtins namespace, captured when the function was made"),
    FF(func_name, NULL),
    FF(func_qualname, NULL),
    FF(func_code, "the compiled body, shared by every function made from this def"),
    FF(func_defaults, "tuple of positional defaults, evaluated once at def time"),
    FF(func_kwdefaults, "dict of keyword-only defaults"),
    FF(func_closure, "tuple of cells for the free variables"),
    FF(func_doc, NULL),
    FF(func_dict, "function attributes; NULL until first used"),
    FF(func_weakreflist, NULL),
    FF(func_module, NULL),
    FF(func_annotations, NULL),
#if FACT_FUNC_ANNOTATE
    FF(func_annotate, "3.14: the function that computes __annotations__ on first use, or NULL"),
#endif
#if FACT_FUNC_TYPEPARAMS
    FF(func_typeparams, "tuple of type parameters (def f[T]), or NULL"),
#endif
};

void kind_function_describe(LayoutBuilder *b, PyObject *o)
{
    (void)o;
    lb_header(b, false);
    for (size_t i = 0; i < sizeof func_fields / sizeof func_fields[0]; i++) {
        const FuncField *f = &func_fields[i];
        LayoutEntry *e = lb_pointer(b, f->name, f->offset);
        if (e && f->note && (e->target || f->offset == offsetof(PyFunctionObject, func_dict)))
            lb_note(e, "%s", f->note);
        if (e && f->offset == offsetof(PyFunctionObject, func_annotations) && e->target &&
            PyTuple_CheckExact((PyObject *)e->target))
            lb_note(e, "compact (name, value, ...) pairs; a dict once __annotations__ is read");
    }
    LayoutEntry *vc = lb_cptr(b, "vectorcall", "vectorcallfunc", offsetof(PyFunctionObject, vectorcall));
    lb_note(vc, "C entry point used for calls");
#if FACT_FUNC_VERSION
    LayoutEntry *v = lb_uint(b, "func_version", "uint32_t", offsetof(PyFunctionObject, func_version),
                             sizeof(uint32_t));
    lb_note(v, "for the specializing interpreter; 0 = not assigned or invalidated");
#endif
}
