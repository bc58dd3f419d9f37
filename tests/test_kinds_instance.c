/* test_kinds_instance.c — instances of classes: object(), plain classes (3.10 dict pointer,
 * 3.11/3.12 values blocks, 3.13 inline values), __slots__, and subclasses of builtins, checked
 * against Python's own sizes, tracemalloc, and the measured facts of cpython-layouts.md. */
#include <Python.h>
#include <string.h>

#include "layout/layout.h"
#include "tests/suites.h"
#include "tests/testlib.h"

/* V310 .. V312: that version exactly; V313: 3.13 or later (inline values); V314: 3.14 or
 * later (inline values for builtin subclasses too). */
#define V310 (FACT_MINOR == 10)
#define V311 (FACT_MINOR == 11)
#define V312 (FACT_MINOR == 12)
#define V313 (FACT_MINOR >= 13)
#define V314 (FACT_MINOR >= 14)
/* One expectation per version: 3.10, 3.11, 3.12, 3.13 and later. */
#define PV(a, b, c, d) (V310 ? (a) : V311 ? (b) : V312 ? (c) : (d))

#define PLAIN2 "class C:\n    def __init__(s): s.a = 1; s.b = 2\n"

/* ---- helpers ------------------------------------------------------------------------------- */

/* The base's describer is still a stub in this tree (opaque rows under a real kind name):
 * its own part cannot be accounted, only what the class adds. */
static bool base_is_stub(const Layout *l)
{
    if (strcmp(l->kind, "opaque") == 0)
        return false;
    for (size_t i = 0; i < l->fields.len; i++)
        if (l->fields.items[i].role == ROLE_OPAQUE)
            return true;
    return false;
}

static void accounted(const Layout *l, PyObject *o, const char *what)
{
    if (!base_is_stub(l)) {
        tl_assert_accounted(l, o, what);
        return;
    }
    ck_assert_int_eq(l->getsizeof, tl_py_int(o, "sys.getsizeof(o)"));
    ck_assert_int_eq(l->sizeof_value, tl_py_int(o, "type(o).__sizeof__(o)"));
}

static const LayoutEntry *row_at(const Layout *l, const char *name, long off, const char *what)
{
    const LayoutEntry *e = tl_field(l, name);
    ck_assert_msg(e != NULL, "%s: no row '%s'", what, name);
    ck_assert_msg(e->offset == off, "%s: '%s' at %ld, expected %ld", what, name, e->offset, off);
    return e;
}

static const LayoutEntry *buf_row(const LayoutBuffer *b, const char *name)
{
    for (size_t i = 0; b && i < b->entries.len; i++)
        if (strcmp(b->entries.items[i].name, name) == 0)
            return &b->entries.items[i];
    return NULL;
}

/* An attribute's value slot: in the object (3.13) or in the values block (3.11/3.12). */
static const LayoutEntry *value_slot(const Layout *l, const char *name)
{
    const LayoutEntry *e = buf_row(tl_buffer(l, "instance values"), name);
    return e ? e : tl_field(l, name);
}

static bool has_ref(const Layout *l, const char *via, uintptr_t target)
{
    for (size_t i = 0; i < l->nrefs; i++)
        if (strcmp(l->refs[i].via, via) == 0 && l->refs[i].address == target)
            return true;
    return false;
}

static bool has_note(const Layout *l, const char *part)
{
    for (size_t i = 0; i < l->nnotes; i++)
        if (strstr(l->notes[i].text, part))
            return true;
    return false;
}

static uintptr_t py_id(PyObject *o, const char *expr)
{
    return (uintptr_t)tl_py_int(o, expr);
}

/* The attribute `name` of a builtin subclass's instance, as the layout holds it: in the __dict__
 * up to 3.13, in the inline values from 3.14 (asking for o.__dict__ first would make one). */
static void assert_attribute_held(const Layout *l, PyObject *o, const char *name)
{
    char expr[64];
    snprintf(expr, sizeof expr, "id(o.%s)", name);
    if (V314)
        ck_assert(value_slot(l, name)->target == py_id(o, expr));
    else
        ck_assert(has_ref(l, "__dict__", py_id(o, "id(o.__dict__)")));
}

/* Bytes tracemalloc sees allocated by evaluating `call` (a zero-argument callable expression
 * in the setup's namespace): the smallest of `tries` runs, so first-run noise drops out.
 * The setup must leave the last object created as `o` (see measure_setup). */
#define MEASURE                                                                               \
    "import tracemalloc\n"                                                                    \
    "def measure(f):\n"                                                                       \
    "    tracemalloc.start()\n"                                                               \
    "    try:\n"                                                                              \
    "        a = tracemalloc.get_traced_memory()[0]\n"                                        \
    "        x = f()\n"                                                                       \
    "        b = tracemalloc.get_traced_memory()[0]\n"                                        \
    "    finally:\n"                                                                          \
    "        tracemalloc.stop()\n"                                                            \
    "    return b - a, x\n"                                                                   \
    "base = min(measure(lambda: None)[0] for _ in range(3))\n"

/* ---- object() and plain classes ------------------------------------------------------------ */

START_TEST(plain_object)
{
    PyObject *o;
    Layout *l = tl_layout("object()", NULL, &o);
    tl_assert_accounted(l, o, "object()");
    ck_assert_str_eq(l->kind, "instance");
    row_at(l, "ob_refcnt", 0, "object()");
    const LayoutEntry *t = row_at(l, "ob_type", 8, "object()");
    ck_assert(t->target == (uintptr_t)&PyBaseObject_Type);
    ck_assert_uint_eq(l->fields.len, tl_header_rows());
    ck_assert_uint_eq(l->preheader_size, 0);
    ck_assert_int_eq(l->getsizeof, 16);
    ck_assert_uint_eq(l->footprint, 16);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* A fresh class whose first instance sets n attributes a0..a(n-1) in __init__. */
static void check_plain(int n)
{
    char setup[512], what[32];
    int len = snprintf(setup, sizeof setup, "class C:\n    def __init__(s):\n        pass\n");
    for (int i = 0; i < n; i++)
        len += snprintf(setup + len, sizeof setup - (size_t)len, "        s.a%d = %d\n", i, i * 1000);
    snprintf(what, sizeof what, "instance, %d attributes", n);
    PyObject *o;
    Layout *l = tl_layout("C()", setup, &o);
    tl_assert_accounted(l, o, what);
    ck_assert_uint_eq(l->preheader_size, PV(16, 32, 32, 32));
    ck_assert_int_eq(l->getsizeof, PV(48, 56, 48, 48));
    ck_assert_int_eq(l->sizeof_value, PV(32, 24, 16, 16));
    if (V310) {
        const LayoutEntry *d = row_at(l, "__dict__", 16, what);
        if (n == 0) /* no attribute set yet: no dict (reading o.__dict__ would create one) */
            ck_assert(d->target == 0 && d->role == ROLE_POINTER);
        else
            ck_assert(d->target == py_id(o, "id(o.__dict__)") && has_ref(l, "__dict__", d->target));
        ck_assert(row_at(l, "__weakref__", 24, what)->target == 0);
    }
    if (V311)
        ck_assert(row_at(l, "__weakref__", 16, what)->target == 0);
    if (V311 || V312) { /* first instance: 30 shared-keys slots, one taken by creation */
        const LayoutBuffer *b = tl_buffer(l, "instance values");
        ck_assert_msg(b != NULL, "%s: no values block", what);
        ck_assert(!b->in_sizeof && !b->shared);
        ck_assert_uint_eq(b->size, 32 + 29 * 8);
        ck_assert_uint_eq(b->allocator_size, 272);
        ck_assert_ptr_nonnull(strstr(b->note, "capacity 29:"));
        ck_assert_int_eq(buf_row(b, "prefix size")->offset, 31);
        ck_assert_str_eq(buf_row(b, "used")->value, n == 0 ? "0" : n == 2 ? "2" : "10");
    }
    if (V313) {
        ck_assert_str_eq(row_at(l, "capacity", 16, what)->value, "29");
        ck_assert_str_eq(row_at(l, "valid", 19, what)->value, "1");
        ck_assert(!tl_field(l, "capacity")->in_sizeof);
        ck_assert_uint_eq(l->object_block_size, 328); /* cpython-layouts.md §7.16 */
        ck_assert_uint_eq(l->object_block_alloc, 336);
        row_at(l, "(spare value slot)", 288, what);
    }
    for (int i = 0; i < n && !V310; i++) {
        char name[16], expr[32];
        snprintf(name, sizeof name, "a%d", i);
        snprintf(expr, sizeof expr, "id(o.a%d)", i);
        const LayoutEntry *e = value_slot(l, name);
        ck_assert_msg(e != NULL, "%s: no value slot %s", what, name);
        ck_assert(e->role == ROLE_POINTER && e->target == py_id(o, expr));
        ck_assert(has_ref(l, name, e->target));
    }
    if (!V310)
        ck_assert_uint_gt(l->footprint, (size_t)l->getsizeof);
    layout_free(l);
    Py_DECREF(o);
}

START_TEST(plain_class_0_2_10_attributes)
{
    check_plain(0);
    check_plain(2);
    check_plain(10);
}
END_TEST

START_TEST(plain_class_values_named_in_order)
{
    PyObject *o;
    Layout *l = tl_layout("C()", PLAIN2, &o);
    if (V313) {
        row_at(l, "a", 24, "2 attributes");
        row_at(l, "b", 32, "2 attributes");
        const LayoutEntry *ord = row_at(l, "insertion order", 24 + 29 * 8, "2 attributes");
        ck_assert_str_eq(ord->value, "a, b");
        ck_assert(row_at(l, "values[2..28]", 40, "2 attributes")->role == ROLE_UNUSED);
    } else if (!V310) {
        const LayoutBuffer *b = tl_buffer(l, "instance values");
        ck_assert_int_eq(buf_row(b, "a")->offset, 32);
        ck_assert_int_eq(buf_row(b, "b")->offset, 40);
        ck_assert_str_eq(buf_row(b, "insertion order")->value, "a, b");
        ck_assert(buf_row(b, "values[2..28]")->role == ROLE_UNUSED);
        /* the pre-header word points at the values, past their prefix */
        const LayoutEntry *w = tl_field(l, V311 ? "managed values" : "managed dict or values");
        ck_assert_ptr_nonnull(strstr(w->value, V311 ? "0x" : "values at 0x"));
    }
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(plain_class_materialised_dict)
{
    PyObject *o;
    Layout *l = tl_layout("c", PLAIN2 "c = C()\nc.__dict__\n", &o);
    tl_assert_accounted(l, o, "materialised");
    uintptr_t dict = py_id(o, "id(o.__dict__)");
    ck_assert(has_ref(l, "__dict__", dict));
    ck_assert_ptr_null(tl_buffer(l, "instance values"));
    if (V310)
        ck_assert(row_at(l, "__dict__", 16, "materialised")->target == dict);
    if (V311) {
        ck_assert(row_at(l, "managed dict", -24, "materialised")->target == dict);
        ck_assert_str_eq(row_at(l, "managed values", -32, "materialised")->value, "NULL");
    }
    if (V312)
        ck_assert(row_at(l, "managed dict or values", -24, "materialised")->target == dict);
    if (V313) { /* the dict uses the inline values in place */
        ck_assert(row_at(l, "managed dict", -24, "materialised")->target == dict);
        ck_assert_str_eq(row_at(l, "valid", 19, "materialised")->value, "1");
        ck_assert(row_at(l, "a", 24, "materialised")->target == py_id(o, "id(o.a)"));
        ck_assert(has_note(l, "in place"));
        ck_assert_uint_eq(l->object_block_size, 328);
    } else {
        ck_assert_int_eq(l->getsizeof, PV(48, 56, 48, 0));
    }
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* 3.11+: every instance takes one slot of the class's shared keys until one is left, so the
 * 51st instance of a two-attribute class has capacity 3 (cpython-layouts.md §7.16). */
START_TEST(plain_class_after_50_instances)
{
    PyObject *o;
    Layout *l = tl_layout("o", PLAIN2 MEASURE "xs = [C() for _ in range(50)]\n"
                                               "C.traced, o = measure(C)\nC.traced -= base\n", &o);
    tl_assert_accounted(l, o, "51st instance");
    long long traced = tl_py_int(o, "type(o).traced");
    if (V311 || V312) {
        const LayoutBuffer *b = tl_buffer(l, "instance values");
        ck_assert_uint_eq(b->size, 8 + 3 * 8);
        ck_assert_ptr_nonnull(strstr(b->note, "capacity 3:"));
        ck_assert_int_eq(buf_row(b, "a")->offset, 8);
        ck_assert_int_eq(buf_row(b, "values[2]")->offset, 24);
        ck_assert_int_eq(traced, (long long)(l->object_block_size + b->size));
    }
    if (V313) {
        ck_assert_str_eq(tl_field(l, "capacity")->value, "3");
        ck_assert_ptr_null(tl_field(l, "(spare value slot)")); /* no share left to take */
        ck_assert_int_eq(traced, (long long)l->object_block_size);
        ck_assert_uint_eq(l->object_block_size, 32 + 16 + 8 + 3 * 8 + 8);
    }
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* What one instance really costs, against tracemalloc (3.13: 328 bytes requested, §7.16). */
START_TEST(plain_class_footprint_matches_tracemalloc)
{
    PyObject *o;
    Layout *l = tl_layout("o", PLAIN2 MEASURE "C.traced, o = measure(C)\nC.traced -= base\n", &o);
    tl_assert_accounted(l, o, "first instance");
    long long traced = tl_py_int(o, "type(o).traced");
    const LayoutBuffer *b = tl_buffer(l, "instance values");
    if (V311 || V312)
        ck_assert_int_eq(traced, (long long)(l->object_block_size + b->size));
    if (V313) {
        ck_assert_int_eq(traced, 328);
        ck_assert_uint_eq(l->object_block_size, 328);
        ck_assert_uint_eq(l->footprint, 336);
    }
    if (!V310)
        ck_assert_uint_gt(l->footprint, (size_t)l->getsizeof);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(plain_class_unset_and_odd_names)
{
    PyObject *o;
    Layout *l = tl_layout("o", "class C: pass\no = C()\no.a = 1\no.b = 2\ndel o.a\n"
                               "setattr(o, 'caf\\xe9', 3)\nsetattr(o, 'x\\x1by', 4)\n", &o);
    tl_assert_accounted(l, o, "odd names");
    if (!V310) {
        const LayoutEntry *a = value_slot(l, "a");
        ck_assert(a != NULL && a->target == 0);
        ck_assert_ptr_nonnull(strstr(a->note, "not set"));
        ck_assert(value_slot(l, "caf\xc3\xa9")->target == py_id(o, "id(getattr(o, 'caf\\xe9'))"));
        ck_assert_ptr_nonnull(value_slot(l, "x\\x1by")); /* escaped, never emitted raw */
    }
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* 3.13: more attributes than the shared keys hold: a dict takes over, the inline values are
 * marked invalid and shown as stale (never dereferenced). */
START_TEST(plain_class_stale_inline_values)
{
    PyObject *o;
    Layout *l = tl_layout("o", "class C: pass\no = C()\n"
                               "for i in range(35): setattr(o, 'n%d' % i, i)\n", &o);
    tl_assert_accounted(l, o, "35 attributes");
    ck_assert(has_ref(l, "__dict__", py_id(o, "id(o.__dict__)")));
    if (V313) {
        ck_assert_str_eq(tl_field(l, "valid")->value, "0");
        ck_assert(tl_field(l, "n0")->role == ROLE_UNUSED && tl_field(l, "n0")->target == 0);
        ck_assert(has_note(l, "stale"));
    }
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* ---- __slots__ ----------------------------------------------------------------------------- */

START_TEST(slots_xy_one_unset)
{
    PyObject *o;
    Layout *l = tl_layout("S()", "class S:\n    __slots__ = ('x', 'y')\n"
                                 "    def __init__(s): s.x = 12345\n", &o);
    tl_assert_accounted(l, o, "slots x, y");
    const LayoutEntry *x = row_at(l, "x", 16, "slots"), *y = row_at(l, "y", 24, "slots");
    ck_assert(x->role == ROLE_POINTER && x->target == py_id(o, "id(o.x)") && x->in_sizeof);
    ck_assert(y->target == 0 && strstr(y->note, "not set"));
    ck_assert(has_ref(l, "x", x->target));
    ck_assert_uint_eq(l->preheader_size, 16);
    ck_assert_int_eq(l->getsizeof, 48);
    ck_assert_int_eq(l->sizeof_value, 32);
    ck_assert_ptr_null(tl_field(l, "__dict__"));
    ck_assert_uint_eq(l->nbuffers, 0);
    PyObject *x_obj = PyObject_GetAttrString(o, "x");
    PyObject *got = layout_follow(o, x->target);
    ck_assert_ptr_eq(got, x_obj);
    Py_XDECREF(got);
    Py_DECREF(x_obj);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(slots_with_weakref)
{
    PyObject *o;
    Layout *l = tl_layout("o", "import weakref\nclass S:\n    __slots__ = ('x', '__weakref__')\n"
                               "o = S()\nS.r = weakref.ref(o)\n", &o);
    tl_assert_accounted(l, o, "slots x, __weakref__");
    uintptr_t r = py_id(o, "id(type(o).r)");
    row_at(l, "x", 16, "slots+weakref");
    ck_assert_uint_eq(l->preheader_size, PV(16, 16, 32, 32));
    ck_assert_int_eq(l->getsizeof, PV(48, 48, 56, 56));
    if (V310 || V311)
        ck_assert(row_at(l, "__weakref__", 24, "slots+weakref")->target == r);
    else
        ck_assert(row_at(l, "managed weakref list", -32, "slots+weakref")->target == r);
    ck_assert(has_ref(l, "__weakref__", r));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(slots_with_dict)
{
    PyObject *o;
    Layout *l = tl_layout("o", "class S:\n    __slots__ = ('x', '__dict__')\n"
                               "o = S()\no.x = 1\no.other = 2\n", &o);
    tl_assert_accounted(l, o, "slots x, __dict__");
    row_at(l, "x", 16, "slots+dict");
    ck_assert_uint_eq(l->preheader_size, PV(16, 32, 32, 32));
    ck_assert_int_eq(l->getsizeof, PV(48, 56, 56, 56));
    if (V310)
        ck_assert(row_at(l, "__dict__", 24, "slots+dict")->target == py_id(o, "id(o.__dict__)"));
    if (V311 || V312) /* object_new gives managed-dict classes a values block */
        ck_assert(value_slot(l, "other")->target == py_id(o, "id(o.other)"));
    if (V313 && !V314) { /* no inline values after slots: the dict object holds `other` */
        ck_assert_ptr_null(tl_field(l, "capacity"));
        ck_assert(has_ref(l, "__dict__", py_id(o, "id(o.__dict__)")));
    }
    if (V314) { /* 3.14: inline values after the slots too */
        ck_assert_ptr_nonnull(tl_field(l, "capacity"));
        ck_assert(value_slot(l, "other")->target == py_id(o, "id(o.other)"));
        ck_assert(has_note(l, "3.14: inline values also after __slots__"));
    }
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(slots_empty)
{
    PyObject *o;
    Layout *l = tl_layout("S()", "class S:\n    __slots__ = ()\n", &o);
    tl_assert_accounted(l, o, "empty slots");
    ck_assert_uint_eq(l->fields.len, tl_header_rows());
    ck_assert_uint_eq(l->preheader_size, 16);
    ck_assert_int_eq(l->getsizeof, 32);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(slots_subclass_layers)
{
    const char *setup = "class A:\n    __slots__ = ('x',)\nclass B(A):\n    __slots__ = ('y',)\n"
                        "class C(B): pass\n";
    PyObject *o;
    Layout *l = tl_layout("B()", setup, &o);
    tl_assert_accounted(l, o, "B(A) slots");
    ck_assert_ptr_nonnull(strstr(row_at(l, "x", 16, "B")->note, "slot of A"));
    ck_assert_ptr_nonnull(strstr(row_at(l, "y", 24, "B")->note, "slot of B"));
    ck_assert_int_eq(l->getsizeof, 48);
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("C()", setup, &o);
    tl_assert_accounted(l, o, "C(B) plain");
    row_at(l, "x", 16, "C");
    row_at(l, "y", 24, "C");
    ck_assert_uint_eq(l->preheader_size, PV(16, 32, 32, 32));
    if (V310) {
        row_at(l, "__dict__", 32, "C");
        row_at(l, "__weakref__", 40, "C");
    }
    if (V311)
        row_at(l, "__weakref__", 32, "C");
    ck_assert_int_eq(l->sizeof_value, PV(48, 40, 32, 32));
    /* 3.13: no inline values past slots; 3.14: there are */
    ck_assert(V314 ? tl_field(l, "capacity") != NULL : tl_field(l, "capacity") == NULL);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* ---- subclasses of var-sized builtins: int, tuple, bytes ----------------------------------- */

START_TEST(int_subclass)
{
    const char *setup = "class I(int): pass\n";
    PyObject *o;
    Layout *l = tl_layout("I(5)", setup, &o);
    tl_assert_accounted(l, o, "I(5)");
    ck_assert_uint_eq(l->preheader_size, PV(16, 16, 32, 32));
    ck_assert_int_eq(l->sizeof_value, 28);
    ck_assert_int_eq(l->getsizeof, PV(44, 44, 60, 60));
    if (V310 || V311) { /* negative tp_dictoffset: the dict pointer ends the object, uncounted */
        const LayoutEntry *d = row_at(l, "__dict__", 32, "I(5)");
        ck_assert(!d->in_sizeof && d->target == 0);
        ck_assert_ptr_null(tl_field(l, "(spare item)")); /* round_up(32 + 2*4, 8) = 40 */
    } else {
        ck_assert(!row_at(l, "(spare item)", 28, "I(5)")->in_sizeof);
    }
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("i", "class I(int): pass\ni = I(2**60)\ni.a = 1\n", &o);
    tl_assert_accounted(l, o, "I(2**60) with attribute");
    ck_assert_int_eq(l->sizeof_value, 36);
    if (V310 || V311)
        ck_assert(row_at(l, "__dict__", 40, "I(2**60)")->target == py_id(o, "id(o.__dict__)"));
    else
        ck_assert_uint_eq(row_at(l, "(spare item)", 36, "I(2**60)")->size, 4);
    ck_assert(has_ref(l, "__dict__", py_id(o, "id(o.__dict__)")));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* 3.10 zero has no digit; 3.11 allocates one but keeps ob_size 0, so the dict slot, placed
 * from ob_size, shares bytes with that digit (measured); 3.12+ use the pre-header. */
START_TEST(int_subclass_zero)
{
    PyObject *o;
    Layout *l = tl_layout("i", "class I(int): pass\ni = I(0)\ni.a = 1\n", &o);
    tl_assert_accounted(l, o, "I(0)");
    ck_assert_int_eq(l->sizeof_value, PV(24, 28, 28, 28));
    if (V310) {
        const LayoutEntry *d = row_at(l, "__dict__", 24, "I(0)");
        ck_assert(d->size == 8 && d->target == py_id(o, "id(o.__dict__)"));
        ck_assert_uint_eq(row_at(l, "(spare item)", 32, "I(0)")->size, 8);
    }
    if (V311) {
        const LayoutEntry *d = row_at(l, "__dict__", 24, "I(0)");
        ck_assert(d->size == 4 && d->in_sizeof && d->target == py_id(o, "id(o.__dict__)"));
        ck_assert(!row_at(l, "__dict__ (upper bytes)", 28, "I(0)")->in_sizeof);
        ck_assert_ptr_null(tl_field(l, "ob_digit[0]"));
        row_at(l, "(spare item)", 32, "I(0)");
    }
    if (V312 || V313)
        ck_assert_uint_eq(row_at(l, "(spare item)", 28, "I(0)")->size, 4);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(tuple_subclass)
{
    PyObject *o;
    Layout *l = tl_layout("T((1, 2, 3))", "class T(tuple): pass\n", &o);
    tl_assert_accounted(l, o, "T((1,2,3))");
    ck_assert_uint_eq(l->preheader_size, PV(16, 16, 32, 32));
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(72, 72, 80, 80, 88, 88));
    if (V310 || V311) { /* tuple's __sizeof__ starts from tp_basicsize: the dict slot counts */
        ck_assert(row_at(l, "__dict__", 48, "T")->in_sizeof);
        ck_assert(!row_at(l, "(spare item)", 56, "T")->in_sizeof);
    } else { /* 3.14: after ob_hash */
        ck_assert(!row_at(l, "(spare item)", TL_BY_VERSION(0, 0, 48, 48, 56, 56), "T")->in_sizeof);
    }
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("t", "class T(tuple): pass\nt = T(())\nt.a = 1\n", &o);
    tl_assert_accounted(l, o, "T(())");
    ck_assert(has_ref(l, "__dict__", py_id(o, "id(o.__dict__)")));
    if (V310 || V311)
        row_at(l, "__dict__", 24, "T(())");
    row_at(l, "(spare item)", TL_BY_VERSION(32, 32, 24, 24, 32, 32), "T(())");
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* The spare item is real: tracemalloc sees exactly the object block objscope describes. */
START_TEST(var_subclass_allocation_matches_tracemalloc)
{
    const char *exprs[] = {"lambda: I(2**60)", "lambda: I(7)", "lambda: T(t)", "lambda: B(bs)"};
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        char setup[1024];
        snprintf(setup, sizeof setup,
                 "class I(int): pass\nclass T(tuple): pass\nclass B(bytes): pass\n"
                 "t = (1, 2, 3)\nbs = b'abcde'\n" MEASURE
                 "runs = [measure(%s) for _ in range(4)]\n"
                 "o = min(runs, key=lambda r: r[0])[1]\ntype(o).traced = min(r[0] for r in runs) - base\n",
                 exprs[i]);
        PyObject *o;
        Layout *l = tl_layout("o", setup, &o);
        accounted(l, o, exprs[i]);
        long long traced = tl_py_int(o, "type(o).traced");
        ck_assert_msg(traced == (long long)l->object_block_size, "%s: tracemalloc %lld, block %zu",
                      exprs[i], traced, l->object_block_size);
        layout_free(l);
        Py_DECREF(o);
    }
}
END_TEST

START_TEST(bytes_subclass)
{
    PyObject *o;
    Layout *l = tl_layout("B(b'abc')", "class B(bytes): pass\n", &o);
    accounted(l, o, "B(b'abc')");
    ck_assert_uint_eq(l->preheader_size, PV(16, 16, 32, 32));
    ck_assert_int_eq(l->sizeof_value, PV(44, 44, 36, 36));
    ck_assert_int_eq(l->getsizeof, PV(60, 60, 68, 68));
    if (V310 || V311)
        ck_assert(row_at(l, "__dict__", 40, "B")->in_sizeof); /* 33 + 8 + 3 counted */
    else
        ck_assert_uint_eq(row_at(l, "(spare item)", 36, "B")->size, 4);
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("b", "class B(bytes): pass\nb = B(b'hello world')\nb.x = 1\n", &o);
    accounted(l, o, "B(b'hello world') with attribute");
    ck_assert(has_ref(l, "__dict__", py_id(o, "id(o.__dict__)")));
    if (V310 || V311) /* 32 + 12 bytes of data, rounded to 48 */
        ck_assert(row_at(l, "__dict__", 48, "B")->target == py_id(o, "id(o.__dict__)"));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* ---- subclasses of fixed-size builtins ----------------------------------------------------- */

/* str.__sizeof__ counts PyUnicodeObject only: dict/weakref slots inside a 3.10/3.11 str
 * subclass are really there but uncounted (cpython-layouts.md §6). */
START_TEST(str_subclass)
{
    PyObject *o;
    Layout *l = tl_layout("Q('ab')", "class Q(str): pass\n", &o);
    accounted(l, o, "Q('ab')");
    ck_assert_uint_eq(l->preheader_size, PV(16, 32, 32, 32));
    ck_assert_int_eq(l->sizeof_value, PV(83, 83, 67, 67));
    ck_assert_int_eq(l->getsizeof, PV(99, 115, 99, 99));
    if (V310) {
        ck_assert(!row_at(l, "__dict__", 80, "Q")->in_sizeof);
        ck_assert(!row_at(l, "__weakref__", 88, "Q")->in_sizeof);
    }
    if (V311)
        ck_assert(!row_at(l, "__weakref__", 80, "Q")->in_sizeof);
    if (V312 || V313)
        ck_assert_ptr_null(tl_field(l, "__weakref__"));
#if FACT_MINOR < 12
    ck_assert(l->not_in_getsizeof >= (V310 ? 16u : 8u));
#endif
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("q", "class Q(str): pass\nq = Q('ab')\nq.x = 1\n", &o);
    accounted(l, o, "Q('ab') with attribute");
    assert_attribute_held(l, o, "x");
    if (V310)
        ck_assert(tl_field(l, "__dict__")->target == py_id(o, "id(o.__dict__)"));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(list_subclass)
{
    PyObject *o;
    Layout *l = tl_layout("l", "class L(list): pass\nl = L([1, 2])\nl.a = 1\n", &o);
    tl_assert_accounted(l, o, "L([1, 2])");
    ck_assert_uint_eq(l->preheader_size, PV(16, 32, 32, 32));
    assert_attribute_held(l, o, "a");
    if (V310) {
        ck_assert(row_at(l, "__dict__", 40, "L")->in_sizeof);
        ck_assert(row_at(l, "__weakref__", 48, "L")->in_sizeof);
    }
    if (V311)
        ck_assert(row_at(l, "__weakref__", 40, "L")->in_sizeof);
    ck_assert_ptr_nonnull(tl_buffer(l, "ob_item"));
    layout_free(l);
    Py_DECREF(o);

    /* test_sys test_slots: getsizeof(L()) == getsizeof([]) + 3 pointers = 80 */
    l = tl_layout("L()", "class L(list):\n    __slots__ = ('a', 'b', 'c')\n", &o);
    tl_assert_accounted(l, o, "L() with 3 slots");
    ck_assert_int_eq(l->getsizeof, 80);
    ck_assert(row_at(l, "a", 40, "L slots")->in_sizeof);
    row_at(l, "c", 56, "L slots");
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(dict_subclass)
{
    PyObject *o;
    Layout *l = tl_layout("D()", "class D(dict): pass\n", &o);
    accounted(l, o, "D()");
    ck_assert_uint_eq(l->preheader_size, PV(16, 32, 32, 32));
    ck_assert_int_eq(l->getsizeof, PV(80, 88, 80, 80));
    if (V310) {
        row_at(l, "__dict__", 48, "D");
        row_at(l, "__weakref__", 56, "D");
    }
    if (V311)
        row_at(l, "__weakref__", 48, "D");
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("d", "class D(dict): pass\nd = D(k=1)\nd.x = 1\n", &o);
    accounted(l, o, "D(k=1) with attribute");
    assert_attribute_held(l, o, "x");
    if (V310)
        ck_assert(tl_field(l, "__dict__")->target == py_id(o, "id(o.__dict__)"));
    layout_free(l);
    Py_DECREF(o);

    /* test_sys test_slots: getsizeof(D(x=[])) == getsizeof({'x': []}) + 24 */
    l = tl_layout("D(x=[])", "class D(dict):\n    __slots__ = ('a', 'b', 'c')\n", &o);
    accounted(l, o, "D(x=[]) with 3 slots");
    ck_assert_int_eq(l->getsizeof, PV(256, 208, 208, 208));
    ck_assert(row_at(l, "a", 48, "D slots")->in_sizeof);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(set_and_bytearray_slots)
{
    /* test_sys test_slots: set() + 24 = 240; bytearray() + 24 + a GC head = 96 (3.15: 104,
     * bytearray gained ob_bytes_object) */
    const char *setup = "class S(set):\n    __slots__ = ('a', 'b', 'c')\n"
                        "class FS(frozenset):\n    __slots__ = ('a', 'b', 'c')\n"
                        "class BA(bytearray):\n    __slots__ = ('a', 'b', 'c')\n";
    const char *exprs[] = {"S()", "FS()", "BA()"};
    for (int i = 0; i < 3; i++) {
        PyObject *o;
        Layout *l = tl_layout(exprs[i], setup, &o);
        accounted(l, o, exprs[i]);
        long long ba = TL_BY_VERSION(56, 56, 56, 56, 56, 64);
        ck_assert_int_eq(l->getsizeof, i < 2 ? 240 : ba + 40);
        ck_assert(row_at(l, "a", i < 2 ? 200 : ba, exprs[i])->in_sizeof);
        ck_assert_uint_eq(l->preheader_size, 16);
        layout_free(l);
        Py_DECREF(o);
    }
}
END_TEST

START_TEST(exception_subclass)
{
    const char *setup = "class E(Exception): pass\n";
    PyObject *o;
    Layout *l = tl_layout("E()", setup, &o);
    tl_assert_accounted(l, o, "E()");
    ck_assert_uint_eq(l->preheader_size, PV(16, 16, 32, 32));
    ck_assert_int_eq(l->getsizeof, PV(88, 96, 104, 104));
    if (V310 || V311)
        ck_assert(row_at(l, "__weakref__", PV(64, 72, 0, 0), "E")->in_sizeof);
    else
        ck_assert_ptr_null(tl_field(l, "__weakref__"));
    ck_assert_ptr_null(tl_field(l, "__dict__")); /* BaseException's own field */
    layout_free(l);
    Py_DECREF(o);

    l = tl_layout("e", "import weakref\n" "class E(Exception): pass\ne = E('boom')\ne.extra = 1\n"
                       "E.r = weakref.ref(e)\n", &o);
    tl_assert_accounted(l, o, "E() with attribute and weakref");
    ck_assert_int_eq(l->getsizeof, PV(88, 96, 104, 104));
    ck_assert(has_ref(l, "__weakref__", py_id(o, "id(type(o).r)")));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

Suite *kinds_instance_suite(void)
{
    Suite *s = suite_create("kinds_instance");
    TCase *plain = tcase_create("plain");
    tcase_add_test(plain, plain_object);
    tcase_add_test(plain, plain_class_0_2_10_attributes);
    tcase_add_test(plain, plain_class_values_named_in_order);
    tcase_add_test(plain, plain_class_materialised_dict);
    tcase_add_test(plain, plain_class_after_50_instances);
    tcase_add_test(plain, plain_class_footprint_matches_tracemalloc);
    tcase_add_test(plain, plain_class_unset_and_odd_names);
    tcase_add_test(plain, plain_class_stale_inline_values);
    suite_add_tcase(s, plain);
    TCase *slots = tcase_create("slots");
    tcase_add_test(slots, slots_xy_one_unset);
    tcase_add_test(slots, slots_with_weakref);
    tcase_add_test(slots, slots_with_dict);
    tcase_add_test(slots, slots_empty);
    tcase_add_test(slots, slots_subclass_layers);
    suite_add_tcase(s, slots);
    TCase *builtins = tcase_create("builtin subclasses");
    tcase_add_test(builtins, int_subclass);
    tcase_add_test(builtins, int_subclass_zero);
    tcase_add_test(builtins, tuple_subclass);
    tcase_add_test(builtins, var_subclass_allocation_matches_tracemalloc);
    tcase_add_test(builtins, bytes_subclass);
    tcase_add_test(builtins, str_subclass);
    tcase_add_test(builtins, list_subclass);
    tcase_add_test(builtins, dict_subclass);
    tcase_add_test(builtins, set_and_bytearray_slots);
    tcase_add_test(builtins, exception_subclass);
    suite_add_tcase(s, builtins);
    return s;
}
