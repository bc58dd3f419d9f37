/* kinds/array.c — array.array: the header, then a pointer to a separately allocated buffer of
 * C values (`allocated` slots of itemsize bytes, over-allocated as it grows). The struct and its
 * type descriptor are private to Modules/arraymodule.c, so offsets come from facts.h, and they
 * are checked against the live object before anything past the header is read. */
#include "layout/kinds/kinds.h"

#include <string.h>

#include "layout/facts.h"

PyTypeObject *kind_array_type(PyTypeObject *candidate)
{
    static PyTypeObject *type;
    return kind_type_named(candidate, "array.array", "array", "array", &type);
}

typedef struct {
    char code;
    size_t size;
    const char *ctype;
} ArrayCode;

/* The typecodes of the array module, with the C type each stores. */
static const ArrayCode *array_code(char code, size_t itemsize)
{
    static const ArrayCode codes[] = {
        {'b', sizeof(signed char), "signed char"}, {'B', sizeof(unsigned char), "unsigned char"},
        {'u', sizeof(wchar_t), "wchar_t"},         {'w', sizeof(Py_UCS4), "Py_UCS4"},
        {'h', sizeof(short), "short"},             {'H', sizeof(unsigned short), "unsigned short"},
        {'i', sizeof(int), "int"},                 {'I', sizeof(unsigned int), "unsigned int"},
        {'l', sizeof(long), "long"},               {'L', sizeof(unsigned long), "unsigned long"},
        {'q', sizeof(long long), "long long"},     {'Q', sizeof(unsigned long long), "unsigned long long"},
        {'f', sizeof(float), "float"},             {'d', sizeof(double), "double"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (codes[i].code == code && codes[i].size == itemsize)
            return &codes[i];
    return NULL;
}

static Py_ssize_t read_ssize(PyObject *o, size_t off)
{
    Py_ssize_t v;
    memcpy(&v, (const char *)o + off, sizeof v);
    return v;
}

/* The object matches facts.h: the right size, a known typecode, a plausible allocation. */
static const ArrayCode *array_checked(PyObject *o, char **items, size_t *allocated)
{
    if (Py_TYPE(o)->tp_basicsize != FACT_ARRAY_SIZE)
        return NULL;
    const unsigned char *descr;
    memcpy(&descr, (const char *)o + FACT_ARRAY_DESCR, sizeof descr);
    memcpy(items, (const char *)o + FACT_ARRAY_ITEM, sizeof *items);
    Py_ssize_t alloc = read_ssize(o, FACT_ARRAY_ALLOCATED), used = Py_SIZE(o);
    if (!descr || used < 0 || alloc < used || (alloc > 0) != (*items != NULL))
        return NULL;
    int itemsize;
    memcpy(&itemsize, descr + FACT_ARRAYDESCR_ITEMSIZE, sizeof itemsize);
    if (itemsize <= 0)
        return NULL;
    *allocated = (size_t)alloc;
    return array_code((char)descr[FACT_ARRAYDESCR_TYPECODE], (size_t)itemsize);
}

/* The first few values, read as the C type the typecode names. */
static void array_preview(LayoutEntry *e, const ArrayCode *c, const char *items, size_t used)
{
    char text[160] = "";
    size_t len = 0, shown = used < 4 ? used : 4;
    for (size_t i = 0; i < shown && len < sizeof text; i++) {
        const char *p = items + i * c->size;
        char one[48];
        if (c->code == 'f' || c->code == 'd') {
            double v = 0;
            if (c->code == 'f') { float f; memcpy(&f, p, sizeof f); v = f; }
            else memcpy(&v, p, sizeof v);
            snprintf(one, sizeof one, "%g", v);
        } else if (c->code == 'u' || c->code == 'w') {
            snprintf(one, sizeof one, "U+%04X", c->size == 2 ? (unsigned)*(const uint16_t *)p
                                                              : (unsigned)*(const uint32_t *)p);
        } else {
            unsigned long long raw = 0;
            memcpy(&raw, p, c->size); /* little-endian: the low bytes */
            bool is_signed = c->code >= 'a' && c->code <= 'z';
            unsigned shift = 64 - 8 * (unsigned)c->size;
            if (is_signed)
                snprintf(one, sizeof one, "%lld", shift ? (long long)(raw << shift) >> shift
                                                        : (long long)raw);
            else
                snprintf(one, sizeof one, "%llu", raw);
        }
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", i ? ", " : "", one);
    }
    lb_value(e, "[%s%s]", text, used > shown ? ", ..." : "");
    lb_note(e, "%zu value%s of %zu bytes", used, used == 1 ? "" : "s", c->size);
}

void kind_array_describe(LayoutBuilder *b, PyObject *o)
{
    char *items = NULL;
    size_t allocated = 0, used = (size_t)Py_SIZE(o);
    const ArrayCode *c = array_checked(o, &items, &allocated);
    if (!c) {
        kind_opaque_describe(b, o); /* facts.h does not match this build */
        return;
    }
    lb_header(b, true);
    lb_note(lb_cptr(b, "ob_item", "char *", FACT_ARRAY_ITEM),
            items ? "the values, allocated separately" : "NULL: no values allocated yet");
    LayoutEntry *e = lb_ssize(b, "allocated", FACT_ARRAY_ALLOCATED);
    if (allocated > used)
        lb_note(e, "%zu slot%s over-allocated for cheap appends", allocated - used,
                allocated - used == 1 ? "" : "s");
    lb_note(lb_cptr(b, "ob_descr", "const struct arraydescr *", FACT_ARRAY_DESCR),
            "typecode '%c': each value is a C %s", c->code, c->ctype);
    lb_pointer(b, "weakreflist", FACT_ARRAY_WEAKREF);
    lb_note(lb_ssize(b, "ob_exports", FACT_ARRAY_EXPORTS),
            "live buffer exports (memoryviews): resizing is refused while > 0");
    if (!items)
        return;
    lb_buffer_begin(b, "ob_item buffer", items, allocated * c->size, used * c->size, true);
    char ctype[64];
    if (used) {
        snprintf(ctype, sizeof ctype, "%s[%zu]", c->ctype, used);
        array_preview(lb_data(b, "values", ctype, 0, used * c->size), c, items, used);
    }
    if (allocated > used) {
        snprintf(ctype, sizeof ctype, "%s[%zu]", c->ctype, allocated - used);
        lb_note(lb_row(b, "(over-allocated)", ctype, used * c->size, (allocated - used) * c->size,
                       ROLE_UNUSED), "room to grow without reallocating");
    }
    lb_buffer_end(b);
    layout_add_note(b->l, "the values are C numbers in one buffer, not Python objects: "
                    "no per-item header, nothing for the deep size to follow");
}
