/* kinds/fields.c — one row per field of a struct described by a table (name, C type, offset,
 * size, note): the C type says how the value is read (an object pointer is followed, any other
 * pointer is an address, the rest are numbers). The describers of small fixed structs are such
 * tables (callable.c, exc.c, iter.c, code.c). */
#include "layout/kinds/kinds.h"

#include <string.h>

#include "layout/describe.h"

static bool is_object_pointer(const char *ctype)
{
    static const char *const objects[] = {"PyObject *", "PyCodeObject *", "PyListObject *",
                                          "PyTupleObject *", "PyDictObject *", "PyFrameObject *",
                                          "PyTypeObject *", "PyFunctionObject *",
                                          "PySetObject *", "PyUnicodeObject *",
                                          "_PyManagedBufferObject *"};
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        if (strcmp(ctype, objects[i]) == 0)
            return true;
    return false;
}

static bool is_unsigned(const char *ctype)
{
    return strncmp(ctype, "uint", 4) == 0 || strncmp(ctype, "unsigned", 8) == 0 ||
           strcmp(ctype, "size_t") == 0 || strcmp(ctype, "Py_UCS4") == 0;
}

LayoutEntry *kind_field(LayoutBuilder *b, const KindField *f)
{
    LayoutEntry *e;
    if (strchr(f->ctype, '['))
        e = lb_data(b, f->name, f->ctype, f->offset, f->size);
    else if (is_object_pointer(f->ctype))
        e = lb_pointer_typed(b, f->name, f->ctype, f->offset);
    else if (strchr(f->ctype, '*') || strstr(f->ctype, "func") || strstr(f->ctype, "proc"))
        e = lb_cptr(b, f->name, f->ctype, f->offset);
    else if (is_unsigned(f->ctype))
        e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
    else
        e = lb_int(b, f->name, f->ctype, f->offset, f->size);
    if (f->note)
        lb_note(e, "%s", f->note);
    return e;
}

void kind_fields(LayoutBuilder *b, const KindField *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kind_field(b, &f[i]);
}

PyTypeObject *kind_type_named(PyTypeObject *candidate, const char *tp_name, const char *module,
                              const char *name, PyTypeObject **cache)
{
    /* only a type that calls itself so is worth looking the module up for */
    if (!candidate || strcmp(candidate->tp_name, tp_name) != 0)
        return NULL;
    if (!*cache) /* kept for the life of the process once found */
        *cache = lb_loaded_type(module, name);
    return *cache;
}

static const char *note_of(const char *name, const KindNote *notes, size_t nnotes)
{
    for (size_t i = 0; i < nnotes; i++)
        if (strcmp(notes[i].name, name) == 0)
            return notes[i].note;
    return NULL;
}

void kind_struct(LayoutBuilder *b, PyObject *o, const KindField *f, size_t n, size_t size,
                 const KindNote *notes, size_t nnotes)
{
    if (size && (size_t)layout_solid_base(Py_TYPE(o))->tp_basicsize != size) {
        kind_opaque_describe(b, o); /* facts.h does not match this build */
        return;
    }
    lb_header(b, false);
    for (size_t i = 0; i < n; i++) {
        LayoutEntry *e = kind_field(b, &f[i]);
        const char *note = f[i].note ? f[i].note : note_of(f[i].name, notes, nnotes);
        if (note)
            lb_note(e, "%s", note);
    }
}

LayoutEntry *kind_last_row(LayoutBuilder *b)
{
    LayoutEntries *rows = b->buf ? &b->buf->entries : &b->l->fields;
    return b->quiet || rows->len == 0 ? NULL : &rows->items[rows->len - 1];
}
