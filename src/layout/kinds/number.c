/* kinds/number.c — int (and bool), float and complex. An int is a digit array of 30-bit
 * digits in uint32_t; its digit count lives in ob_size (3.10/3.11) or lv_tag (3.12+). */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <stdlib.h>

#include "layout/facts.h"

#define DIGITS_OFFSET FACT_LONG_DIGITS_OFFSET

static void int_tag_row(LayoutBuilder *b, PyObject *o, size_t ndigits, int sign)
{
#if FACT_LONG_TAG
    size_t off = offsetof(PyLongObject, long_value.lv_tag);
    LayoutEntry *e = lb_row(b, "lv_tag", "uintptr_t", off, sizeof(uintptr_t), ROLE_HEADER);
    uintptr_t tag = ((PyLongObject *)o)->long_value.lv_tag;
    bool small = tag & FACT_LONG_SMALL_INT_MASK;
    lb_value(e, "%zu digit%s, %s%s", ndigits, ndigits == 1 ? "" : "s",
             sign > 0 ? "positive" : sign < 0 ? "negative" : "zero", small ? ", small int" : "");
    if (FACT_LONG_SMALL_INT_MASK)
        lb_note(e, "ndigits << 3 | sign; replaces ob_size since 3.12; 3.14: bit 2 marks the "
                   "small-int cache");
    else
        lb_note(e, "ndigits << 3 | sign; replaces ob_size since 3.12");
#else
    (void)o;
    (void)ndigits;
    LayoutEntry *e = lb_ssize(b, "ob_size", 16);
    if (e) {
        e->role = ROLE_HEADER;
        lb_note(e, "digit count, negative for negative numbers (%s)",
                sign > 0 ? "positive" : sign < 0 ? "negative" : "zero");
    }
#endif
}

/* Digit i; a.ctx points at the number of digits in use (the rest: zero's one spare digit). */
static size_t digit_row(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    (void)end;
    size_t used = *(const size_t *)a->ctx;
    char name[48];
    snprintf(name, sizeof name, "ob_digit[%zu]", i);
    LayoutEntry *e = lb_uint(b, name, a->ctype, a->off + i * a->item_size, a->item_size);
    if (!e)
        return 1;
    e->role = ROLE_DATA;
    if (i >= used) {
        e->role = ROLE_UNUSED;
        lb_note(e, "allocated even for zero (one digit minimum)");
    } else {
        lb_note(e, "x 2**%zu", i * PyLong_SHIFT);
    }
    return 1;
}

/* bool is an int subclass with exactly two instances, static in libpython (_Py_TrueStruct,
 * _Py_FalseStruct, Objects/boolobject.c): not the small ints 1 and 0. */
static void bool_note(LayoutBuilder *b, PyObject *o)
{
    bool t = o == Py_True;
    layout_add_note(b->l, "bool singleton: %s and %s are the only two bool objects (static, in "
                    "libpython); %s == %d, but %s is not %d: the int %d is another object",
                    t ? "True" : "False", t ? "False" : "True", t ? "True" : "False", t,
                    t ? "True" : "False", t, t);
}

void kind_int_describe(LayoutBuilder *b, PyObject *o)
{
    int sign;
    size_t used = fact_long_ndigits(o, &sign);
    size_t alloc = fact_long_alloc_digits(used);
    size_t size = DIGITS_OFFSET + alloc * sizeof(digit);
    lb_object_size(b, size, size);
    lb_header(b, false);
    int_tag_row(b, o, used, sign);
    LbArray digits = {.name = "ob_digit", .ctype = "digit (uint32_t)", .off = DIGITS_OFFSET,
                      .item_size = sizeof(digit), .count = alloc, .run_role = ROLE_DATA,
                      .run_note = "digits not shown", .item = digit_row, .ctx = &used};
    lb_array(b, &digits);
    if (PyBool_Check(o)) {
        bool_note(b, o);
        return;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    PyErr_Clear();
    if (!overflow && v >= FACT_SMALL_INT_MIN && v <= FACT_SMALL_INT_MAX && PyLong_CheckExact(o))
        layout_add_note(b->l, "small-int cache: every %lld in this interpreter is this one object%s%s",
                        v, FACT_SMALL_INTS_STATIC ? " (static, in libpython)" : "",
                        FACT_SMALL_INT_MAX > 256 ? "; 3.15: the cache reaches 1024, not 256" : "");
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
