/* kinds/number.c — int (and bool), float and complex. An int is a digit array of 30-bit
 * digits in uint32_t; its digit count lives in ob_size (3.10/3.11) or lv_tag (3.12+). */
#include "layout/kinds/kinds.h"

#if PY_VERSION_HEX < 0x030B0000
#include "longintrepr.h"
#endif

#include <stdio.h>
#include <stdlib.h>

#if PY_VERSION_HEX >= 0x030C0000
#define DIGITS_OFFSET ((size_t)offsetof(PyLongObject, long_value.ob_digit))
#else
#define DIGITS_OFFSET ((size_t)offsetof(PyLongObject, ob_digit))
#endif

/* Digits in use, and the sign (-1, 0, 1), read from the header without PyLong calls. */
static size_t int_digits(PyObject *o, int *sign)
{
#if PY_VERSION_HEX >= 0x030C0000
    uintptr_t tag = ((PyLongObject *)o)->long_value.lv_tag;
    *sign = 1 - (int)(tag & 3); /* 0 positive, 1 zero, 2 negative (_PyLong_SIGN_MASK) */
    return (size_t)(tag >> 3);  /* _PyLong_NON_SIZE_BITS */
#else
    Py_ssize_t size = Py_SIZE(o);
    *sign = size > 0 ? 1 : size < 0 ? -1 : 0;
    return (size_t)(size < 0 ? -size : size);
#endif
}

static void int_tag_row(LayoutBuilder *b, size_t ndigits, int sign)
{
#if PY_VERSION_HEX >= 0x030C0000
    LayoutEntry *e = lb_row(b, "lv_tag", "uintptr_t", 16, sizeof(uintptr_t), ROLE_HEADER);
    lb_value(e, "%zu digit%s, %s", ndigits, ndigits == 1 ? "" : "s",
             sign > 0 ? "positive" : sign < 0 ? "negative" : "zero");
    lb_note(e, "ndigits << 3 | sign; replaces ob_size since 3.12");
#else
    (void)ndigits;
    LayoutEntry *e = lb_ssize(b, "ob_size", 16);
    if (e) {
        e->role = ROLE_HEADER;
        lb_note(e, "digit count, negative for negative numbers (%s)",
                sign > 0 ? "positive" : sign < 0 ? "negative" : "zero");
    }
#endif
}

static void digit_row(LayoutBuilder *b, size_t i, size_t used)
{
    char name[48];
    snprintf(name, sizeof name, "ob_digit[%zu]", i);
    LayoutEntry *e = lb_uint(b, name, "digit (uint32_t)", DIGITS_OFFSET + i * sizeof(digit),
                             sizeof(digit));
    if (!e)
        return;
    e->role = ROLE_DATA;
    if (i >= used) {
        e->role = ROLE_UNUSED;
        lb_note(e, "allocated even for zero (one digit minimum)");
    } else {
        lb_note(e, "x 2**%zu", i * PyLong_SHIFT);
    }
}

void kind_int_describe(LayoutBuilder *b, PyObject *o)
{
    int sign;
    size_t used = int_digits(o, &sign);
    size_t alloc = used;
#if PY_VERSION_HEX >= 0x030B0000
    if (alloc == 0)
        alloc = 1; /* _PyLong_New allocates at least one digit since 3.11 */
#endif
    size_t size = DIGITS_OFFSET + alloc * sizeof(digit);
    lb_object_size(b, size, size);
    lb_header(b, false);
    int_tag_row(b, used, sign);
    size_t head = b->opt->head_items, tail = b->opt->tail_items;
    for (size_t i = 0; i < alloc; i++) {
        if (alloc > head + tail + 1 && i == head) {
            size_t n = alloc - head - tail;
            char name[64];
            snprintf(name, sizeof name, "ob_digit[%zu..%zu]", head, head + n - 1);
            LayoutEntry *e = lb_data(b, name, "digit (uint32_t)", DIGITS_OFFSET + head * sizeof(digit),
                                     n * sizeof(digit));
            if (e) {
                e->count = n;
                free(e->hex);
                e->hex = NULL;
                lb_note(e, "digits not shown");
            }
            i = alloc - tail - 1;
            continue;
        }
        digit_row(b, i, used);
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    PyErr_Clear();
    if (!overflow && v >= -5 && v <= 256 && (PyLong_CheckExact(o) || PyBool_Check(o)))
        layout_add_note(b->l, "small-int cache: every %lld in this interpreter is this one object%s",
                        v, PY_VERSION_HEX >= 0x030B0000 ? " (static, in libpython)" : "");
}

void kind_float_describe(LayoutBuilder *b, PyObject *o)
{
    (void)o;
    lb_header(b, false);
    lb_double(b, "ob_fval", offsetof(PyFloatObject, ob_fval));
}

void kind_complex_describe(LayoutBuilder *b, PyObject *o)
{
    (void)o;
    lb_header(b, false);
    lb_double(b, "cval.real", offsetof(PyComplexObject, cval.real));
    lb_double(b, "cval.imag", offsetof(PyComplexObject, cval.imag));
}
