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
    size_t used = fact_long_ndigits(o, &sign);
    size_t alloc = fact_long_alloc_digits(used);
    size_t size = DIGITS_OFFSET + alloc * sizeof(digit);
    lb_object_size(b, size, size);
    lb_header(b, false);
    int_tag_row(b, o, used, sign);
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
    if (!overflow && v >= FACT_SMALL_INT_MIN && v <= FACT_SMALL_INT_MAX &&
        (PyLong_CheckExact(o) || PyBool_Check(o)))
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
