/* test_layout.c — the layout engine's accounting invariant over a corpus of objects covering every
 * described type (empty and large, ASCII and not, shared and fresh, slotted and dict-based,
 * builtin subclasses), plus the header's exact offsets and "looking never changes it". */
#include <stdio.h>
#include <string.h>

#include "layout/builder.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/xalloc.h"

typedef struct {
    const char *expr;
    const char *setup;
} Sample;

#define CLS "class C:\n    def __init__(self):\n        self.a = 1\n        self.b = 'two'\n    def m(self): pass\n"
#define SLOTS "class P:\n    __slots__ = ('x', 'y')\n    def __init__(self):\n        self.x = 1\n"

static const Sample corpus[] = {
    /* numbers */
    {"0", NULL}, {"1", NULL}, {"-1", NULL}, {"257", NULL}, {"2**30", NULL}, {"2**100", NULL},
    {"-(2**70)", NULL}, {"10**600", NULL}, {"True", NULL}, {"False", NULL},
    {"1.5", NULL}, {"1j", NULL},
    /* strings and bytes */
    {"''", NULL}, {"'a'", NULL}, {"'abc'", NULL}, {"'x' * 100", NULL}, {"'\\u00e9'", NULL},
    {"'\\u00e9xyz' * 3", NULL}, {"'\\u20ac' * 5", NULL}, {"'\\U0001F600'", NULL},
    {"'y' * 10000", NULL}, {"s", "s = 'caf\\u00e9' * 2\ns.encode()\nclass K: pass\nsetattr(K, s, 1)\n"},
    {"S('hello')", "class S(str): pass\n"},
    {"b''", NULL}, {"b'abc'", NULL}, {"bytes(1000)", NULL},
    {"bytearray()", NULL}, {"bytearray(b'abc')", NULL}, {"b", "b = bytearray(100)\ndel b[:10]\n"},
    {"array.array('d')", "import array\n"}, {"array.array('u', 'h\\u00e9')", "import array\n"},
    {"a", "import array\na = array.array('i', range(10))\na.append(1)\n"},
    /* containers */
    {"()", NULL}, {"(1,)", NULL}, {"(1, 2, 3)", NULL}, {"tuple(range(100))", NULL},
    {"[]", NULL}, {"[1, 2, 3]", NULL}, {"list(range(100))", NULL}, {"[[]] * 5", NULL},
    {"L([1, 2])", "class L(list): pass\n"},
    {"{}", NULL}, {"{'a': 1}", NULL}, {"{1: 1}", NULL}, {"{str(i): i for i in range(1000)}", NULL},
    {"d", "d = {i: i for i in range(20)}\nfor i in range(10): del d[i]\n"},
    {"o.__dict__", CLS "o = C()\n"},
    {"set()", NULL}, {"{1, 2, 3}", NULL}, {"set(range(10))", NULL}, {"frozenset()", NULL},
    {"frozenset(range(100))", NULL},
    {"range(10)", NULL}, {"range(10**30)", NULL}, {"slice(1, 2)", NULL},
    /* code */
    {"f", "def f(a, b=2, *, c=3) -> int:\n    return a\n"}, {"lambda: None", NULL},
    {"C().m", CLS}, {"g.__closure__[0]", "def outer():\n    x = 1\n    def g(): return x\n    return g\ng = outer()\n"},
    {"gen()", "def gen():\n    yield 1\n"},
    {"g", "def gen(a, b):\n    c = a + b\n    yield c\n    yield a\ng = gen(1, 2)\nnext(g)\n"},
    {"c", "async def co(): pass\nc = co()\n"},
    {"sys", "import sys\n"}, {"json", "import json\n"},
    {"int", NULL}, {"object", NULL}, {"C", CLS}, {"P", SLOTS},
    {"r", "import weakref\n" CLS "o = C()\nr = weakref.ref(o)\n"},
    {"h", "import functools\n@functools.lru_cache(maxsize=128)\ndef h(x): return x\nh(1); h(1); h(2)\n"},
    {"h", "import functools\n@functools.cache\ndef h(x): return x\nh(1)\n"},
    /* instances */
    {"C()", CLS}, {"o", CLS "o = C()\no.__dict__\n"}, {"P()", SLOTS}, {"object()", NULL},
    {"W()", "class W:\n    __slots__ = ('x', '__weakref__')\n"},
    {"D()", "class D:\n    __slots__ = ('x', '__dict__')\n"},
    {"I(5)", "class I(int): pass\n"}, {"T((1, 2))", "class T(tuple): pass\n"},
    {"E('boom')", "class E(Exception): pass\n"},
    {"M()", "class M(dict):\n    __slots__ = ('p', 'q', 'r')\n"},
    /* singletons and types objscope has no describer for */
    {"None", NULL}, {"...", NULL}, {"NotImplemented", NULL},
    {"iter([1, 2])", NULL}, {"memoryview(b'abc')", NULL}, {"(x for x in ())", NULL},
};

#define NCORPUS (sizeof corpus / sizeof corpus[0])

START_TEST(corpus_is_accounted)
{
    const Sample *s = &corpus[_i];
    PyObject *o;
    Layout *l = tl_layout(s->expr, s->setup, &o);
    tl_assert_accounted(l, o, s->expr);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(corpus_is_large_enough)
{
    ck_assert_uint_ge(NCORPUS, 40);
}
END_TEST

START_TEST(header_offsets_come_from_the_headers)
{
    PyObject *o;
    Layout *l = tl_layout("[1, 2]", NULL, &o);
    const LayoutEntry *rc = tl_field(l, "ob_refcnt"), *ty = tl_field(l, "ob_type"),
                      *sz = tl_field(l, "ob_size");
    ck_assert_ptr_nonnull(rc);
    ck_assert_ptr_nonnull(ty);
    ck_assert_ptr_nonnull(sz);
    ck_assert_int_eq(rc->offset, 0);
    /* Include/object.h: 3.14 split the 8-byte count into uint32_t ob_refcnt, uint16_t
     * ob_overflow and uint16_t ob_flags */
    ck_assert_uint_eq(rc->size, TL_BY_VERSION(8, 8, 8, 8, 4, 4));
    ck_assert_str_eq(rc->ctype, FACT_MINOR >= 14 ? "uint32_t" : "Py_ssize_t");
    const LayoutEntry *ov = tl_field(l, "ob_overflow"), *fl = tl_field(l, "ob_flags");
    if (FACT_MINOR >= 14) {
        ck_assert(ov && ov->offset == 4 && ov->size == 2 && ov->role == ROLE_HEADER);
        ck_assert(fl && fl->offset == 6 && fl->size == 2 && fl->role == ROLE_HEADER);
        ck_assert_str_eq(fl->value, "0");
    } else {
        ck_assert(!ov && !fl);
    }
    ck_assert_int_eq(ty->offset, 8);
    ck_assert_uint_eq(ty->target, (uintptr_t)&PyList_Type);
    ck_assert_int_eq(sz->offset, 16);
    ck_assert_str_eq(sz->value, "2");
    ck_assert_str_eq(l->type_name, "list");
    ck_assert_uint_eq(l->address, (uintptr_t)o);
    /* the count the learner's code made, plus the test's own handle */
    ck_assert_int_eq(l->refcount, (long long)Py_REFCNT(o));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(int_tag_is_not_ob_size_from_312)
{
    Layout *l = tl_layout("-(2**40)", NULL, NULL);
#if FACT_LONG_TAG
    ck_assert_ptr_null(tl_field(l, "ob_size"));
    ck_assert_ptr_nonnull(tl_field(l, "lv_tag"));
    ck_assert_ptr_nonnull(strstr(tl_field(l, "lv_tag")->value, "2 digits, negative"));
#else
    ck_assert_str_eq(tl_field(l, "ob_size")->value, "-2");
#endif
    ck_assert_int_eq(tl_field(l, "ob_digit[1]")->offset, 28);
    layout_free(l);
}
END_TEST

START_TEST(list_over_allocation_is_read_live)
{
    PyObject *o;
    Layout *l = tl_layout("x", "x = []\nfor i in range(5): x.append(i)\n", &o);
    long long allocated = tl_py_int(o, "(sys.getsizeof(o) - sys.getsizeof([])) // 8");
    const LayoutBuffer *b = tl_buffer(l, "ob_item");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->size, (size_t)allocated * 8);
    ck_assert_uint_eq(b->used, 5 * 8);
    ck_assert_uint_eq(b->entries.items[0].target, (uintptr_t)PyList_GET_ITEM(o, 0));
    ck_assert_int_eq(b->entries.items[b->entries.len - 1].role, ROLE_UNUSED);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(long_arrays_are_elided_not_materialised)
{
    PyObject *o;
    Layout *l = tl_layout("list(range(100000))", NULL, &o);
    const LayoutBuffer *b = tl_buffer(l, "ob_item");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_le(b->entries.len, 16); /* head + elided run + tail + unused */
    size_t covered = 0;
    for (size_t i = 0; i < b->entries.len; i++)
        covered += b->entries.items[i].role == ROLE_POINTER ? b->entries.items[i].count : 0;
    ck_assert_uint_eq(covered, 100000);
    tl_assert_accounted(l, o, "list(range(100000))");
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(describing_does_not_change_the_object)
{
    /* a non-ASCII str gains a UTF-8 cache (and bytes) if anyone asks for it */
    PyObject *s = tl_eval("'\\u00e9t\\u00e9' * 4", NULL);
    long long before = tl_py_int(s, "sys.getsizeof(o)");
    layout_free(layout_describe(s, NULL));
    ck_assert_int_eq(tl_py_int(s, "sys.getsizeof(o)"), before);
    Py_DECREF(s);
    /* 3.11+: reading __dict__ would materialise a dict the instance did not have */
    PyObject *o = tl_eval("C()", CLS);
    layout_free(layout_describe(o, NULL));
    ck_assert_int_eq(tl_py_int(o, "sum(type(r) is dict for r in gc.get_referents(o))"),
                     TL_BY_VERSION(1, 0, 0, 0, 0, 0));
    Py_DECREF(o);
}
END_TEST

START_TEST(static_objects_have_no_heap_block)
{
    Layout *l = tl_layout("None", NULL, NULL);
    ck_assert(l->is_static);
    ck_assert_uint_eq(l->footprint, 0);
    ck_assert_uint_eq(l->preheader_size, 0);
    ck_assert(l->immortal == (FACT_MINOR >= 12));
    /* 3.14+: a static object's ob_flags say so (_Py_STATIC_FLAG_BITS, Include/refcount.h) */
    if (FACT_MINOR >= 14)
        ck_assert_str_eq(tl_field(l, "ob_flags")->value, "0x5 (immortal, statically allocated)");
    layout_free(l);
    l = tl_layout("[]", NULL, NULL);
    ck_assert(!l->is_static);
    ck_assert_uint_eq(l->footprint, 64); /* 16 + 40 asked, pymalloc's 64-byte class */
    layout_free(l);
}
END_TEST

/* The layout engine never calls a Python __sizeof__ (it may do anything): the C figure is
 * used, and what the override claims, asked by the caller, makes the object suspect when it
 * disagrees or fails. */
START_TEST(a_lying_sizeof_is_suspect_not_trusted)
{
    PyObject *o;
    Layout *l = tl_layout("X()", "calls = []\nclass X(list):\n"
                                 "    def __sizeof__(self): calls.append(1); return 10**12\n", &o);
    ck_assert(l->sizeof_overridden);
    ck_assert(!l->sizeof_suspect);
    ck_assert_int_eq(tl_py_int(o, "len(type(o).__sizeof__.__globals__['calls'])"), 0);
    ck_assert_int_eq(l->sizeof_value, tl_py_int(o, "list.__sizeof__(o)")); /* the C one */
    ck_assert_int_eq(l->unaccounted, 0);
    layout_set_sizeof_claim(l, 1000000000000LL, NULL);
    ck_assert(l->sizeof_suspect);
    ck_assert_ptr_nonnull(strstr(l->sizeof_error, "claims 1000000000000"));
    layout_free(l);
    Py_DECREF(o);
    l = tl_layout("N()", "class N(list):\n    def __sizeof__(self): return -5\n", &o);
    layout_set_sizeof_claim(l, -1, "ValueError: __sizeof__() should return >= 0");
    ck_assert(l->sizeof_suspect);
    ck_assert_ptr_nonnull(strstr(l->sizeof_error, "ValueError"));
    ck_assert(!PyErr_Occurred());
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* A type objscope cannot name (a struct.Struct keeps its compiled format in a block it cannot
 * see): what __sizeof__ counts there is still part of the footprint, which never drops below
 * getsizeof. */
START_TEST(unseen_blocks_stay_in_the_footprint)
{
    Layout *l = tl_layout("struct.Struct('100i')", "import struct\n", NULL);
    ck_assert_int_gt(l->unaccounted, 0);
    ck_assert_int_ge((long long)l->footprint, l->getsizeof);
    ck_assert_int_eq((long long)l->footprint, l->getsizeof - l->getsizeof_overcount -
                     (long long)l->counted_not_owned + (long long)l->not_in_getsizeof +
                     (long long)l->allocator_slack);
    layout_free(l);
    /* a variable-size object is rounded up to 8 bytes, as CPython allocates it: a code object
     * of an odd number of code units has every byte placed */
    l = tl_layout("(lambda: 0).__code__", NULL, NULL);
    ck_assert_int_eq(l->unaccounted, 0);
    layout_free(l);
}
END_TEST

/* ---- elision: every array opens the same way -------------------------------------------- */

/* The row named `name` (or, with prefix, starting with it) in the object or any buffer; *block
 * is -1 for the object's own rows, else the buffer's index. */
static const LayoutEntry *any_row(const Layout *l, const char *name, bool prefix, int *block)
{
    size_t n = strlen(name);
    for (int bi = -1; bi < (int)l->nbuffers; bi++) {
        const LayoutEntries *rows = bi < 0 ? &l->fields : &l->buffers[bi].entries;
        for (size_t i = 0; i < rows->len; i++)
            if (prefix ? strncmp(rows->items[i].name, name, n) == 0
                       : strcmp(rows->items[i].name, name) == 0) {
                if (block)
                    *block = bi;
                return &rows->items[i];
            }
    }
    return NULL;
}

#define ATTRS20 "class K:\n    def __init__(self):\n        for i in range(20): setattr(self, 'a%d' % i, i)\nk = K()\n"
#define LOCALS20 "def g():\n" \
    "    a0=0;a1=1;a2=2;a3=3;a4=4;a5=5;a6=6;a7=7;a8=8;a9=9;a10=10;a11=11;a12=12;a13=13\n" \
    "    a14=14;a15=15;a16=16;a17=17;a18=18;a19=19\n    yield a0\ngen = g()\nnext(gen)\n"

typedef struct {
    const char *expr, *setup;
    const char *array;  /* the name its elided rows carry */
    const char *run;    /* the elided row before opening (a prefix of its label) */
    size_t index;       /* the item to open around */
    const char *row;    /* a row that must then appear */
    size_t field;       /* the row's offset inside its item */
    const char *oracle; /* Python: the row's value, computed from `o` without objscope */
    int min_minor;      /* 0: every version */
} ElisionCase;

static const ElisionCase elision_cases[] = {
    {"list(range(100, 200))", NULL, "ob_item", "ob_item[8..97]", 50, "ob_item[50]", 0,
     "str(o[50])", 0},
    {"7**200", NULL, "ob_digit", "ob_digit[8..", 12, "ob_digit[12]", 0,
     "str((o >> 360) & (2**30 - 1))", 0},
    {"{'k%d' % i: i for i in range(100)}", NULL, "entries", "entries[8..97]", 50,
     "entries[50].me_value", 8, "str(o['k50'])", 0},
    {"frozenset(range(100))", NULL, "table", "table[8..", 50, "table[50].key", 0, "'50'", 0},
    {"k", ATTRS20, "values", "values[8..17]", 12, "a12", 0, "str(o.a12)", 11},
    {"K", ATTRS20, "entries", "entries[8..17]", 12, "entries[12].me_key", 0,
     "repr(list(vars(o.__init__.__globals__['k']))[12])", 0},
    {"S", "class S:\n    __slots__ = tuple('s%02d' % i for i in range(20))\n", "members",
     "members[8..17]", 12, "members[12].name", 0, "'\"s12\"'", 0},
    {"gen", LOCALS20, "localsplus", "localsplus[8..", 12, "localsplus[12]", 0, "'12'", 11},
};
#define NELISION (sizeof elision_cases / sizeof elision_cases[0])

/* Enter on any elided row opens it: with the focus on its array the items around the index
 * appear, at the offsets their run covered, holding what Python itself reads from the object;
 * a focus on another array leaves the run closed. */
START_TEST(every_elided_run_opens)
{
    const ElisionCase *c = &elision_cases[_i];
    if (FACT_MINOR < c->min_minor) {
        char why[128];
        snprintf(why, sizeof why, "%s: no such array on 3.%d", c->array, FACT_MINOR);
        tl_note_skip(c->row, why);
        return;
    }
    PyObject *o = tl_eval(c->expr, c->setup);
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    Layout *l = layout_describe(o, &opt);
    int block, opened_block;
    const LayoutEntry *run = any_row(l, c->run, true, &block);
    ck_assert_msg(run != NULL, "no elided row %s", c->run);
    ck_assert(run->focusable && run->count >= LB_ELIDE_MIN);
    ck_assert_ptr_null(any_row(l, c->row, false, NULL));
    size_t first = 8, item = run->size / run->count;
    long expect = run->offset + (long)((c->index - first) * item + c->field);
#ifdef FACT_DICT310_ENTRY
    if (strncmp(c->row, "entries[", 8) == 0)
        expect += 8; /* 3.10: every entry starts with me_hash (PyDictKeyEntry) */
#endif
    char *label = xstrdup(run->name);
    layout_free(l);

    opt.focus_index = c->index;
    opt.focus_array = "no such array";
    l = layout_describe(o, &opt);
    ck_assert_ptr_nonnull(any_row(l, label, false, NULL));
    ck_assert_ptr_null(any_row(l, c->row, false, NULL));
    layout_free(l);

    opt.focus_array = c->array;
    l = layout_describe(o, &opt);
    const LayoutEntry *e = any_row(l, c->row, false, &opened_block);
    ck_assert_msg(e != NULL, "%s did not appear", c->row);
    ck_assert_int_eq(opened_block, block);
    ck_assert_int_eq(e->offset, expect);
    PyObject *ns = PyDict_New();
    PyDict_SetItemString(ns, "o", o);
    PyObject *v = PyRun_String(c->oracle, Py_eval_input, ns, ns);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(e->value, PyUnicode_AsUTF8(v));
    ck_assert_ptr_null(any_row(l, label, false, NULL)); /* the run split around the focus */
    Py_DECREF(v);
    Py_DECREF(ns);
    free(label);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

static size_t elided_rows(const Layout *l, const char *array)
{
    size_t n = 0, len = strlen(array);
    for (int bi = -1; bi < (int)l->nbuffers; bi++) {
        const LayoutEntries *rows = bi < 0 ? &l->fields : &l->buffers[bi].entries;
        for (size_t i = 0; i < rows->len; i++)
            n += rows->items[i].focusable && strncmp(rows->items[i].name, array, len) == 0;
    }
    return n;
}

/* An elided row must save rows: a run of fewer than LB_ELIDE_MIN items is shown item by item,
 * at the array's edges (12 digits: 8 + 2 + 2) and beside an opened window alike. */
START_TEST(no_elision_of_fewer_than_three_items)
{
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    PyObject *o = tl_eval("2**(30*11) + 1", NULL); /* 12 digits */
    Layout *l = layout_describe(o, &opt);
    ck_assert_uint_eq(elided_rows(l, "ob_digit"), 0);
    ck_assert_ptr_nonnull(tl_field(l, "ob_digit[9]"));
    ck_assert_int_eq(tl_field(l, "ob_digit[11]")->offset - tl_field(l, "ob_digit[0]")->offset, 44);
    layout_free(l);
    Py_DECREF(o);

    o = tl_eval("2**(30*12) + 1", NULL); /* 13 digits: 3 elided */
    l = layout_describe(o, &opt);
    ck_assert_uint_eq(elided_rows(l, "ob_digit"), 1);
    ck_assert_uint_eq(tl_field(l, "ob_digit[8..10]")->count, 3);
    layout_free(l);
    Py_DECREF(o);

    o = tl_eval("list(range(100))", NULL);
    opt.focus_index = 14; /* window 10..18: only 8 and 9 lie between it and the head */
    l = layout_describe(o, &opt);
    const LayoutBuffer *items = tl_buffer(l, "ob_item");
    ck_assert_ptr_null(any_row(l, "ob_item[8..9]", false, NULL));
    ck_assert_ptr_nonnull(any_row(l, "ob_item[9]", false, NULL));
    ck_assert_ptr_nonnull(any_row(l, "ob_item[19..97]", false, NULL));
    ck_assert_uint_eq(items->entries.len, 8 + 2 + 9 + 1 + 2);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* An item an opened run shows is a reference the diagram may follow, even one tp_traverse
 * does not visit (a str key of a dict). */
START_TEST(opened_items_can_be_followed)
{
    PyObject *o = tl_eval("{'k%d' % i: i for i in range(100)}", NULL);
    PyObject *keys = PyDict_Keys(o);
    PyObject *key = PyList_GET_ITEM(keys, 50);
    LayoutOptions opt = layout_default_options();
    opt.focus_index = 50;
    opt.focus_array = "entries";
    PyObject *got = layout_follow_in(o, (uintptr_t)key, &opt);
    ck_assert_ptr_eq(got, key);
    Py_XDECREF(got);
    Py_DECREF(keys);
    Py_DECREF(o);
}
END_TEST

START_TEST(following_only_real_references)
{
    PyObject *o = tl_eval("[10**20, 'k']", NULL);
    PyObject *item = PyList_GET_ITEM(o, 0);
    PyObject *got = layout_follow(o, (uintptr_t)item);
    ck_assert_ptr_eq(got, item);
    Py_XDECREF(got);
    ck_assert_ptr_eq(layout_follow(o, (uintptr_t)&PyList_Type), (PyObject *)&PyList_Type);
    Py_DECREF((PyObject *)&PyList_Type);
    /* an address the list does not hold is refused, never dereferenced */
    ck_assert_ptr_null(layout_follow(o, (uintptr_t)o + 8));
    ck_assert_ptr_null(layout_follow(o, 0x10));
    Py_DECREF(o);
}
END_TEST

static bool has_note(const Layout *l, const char *text)
{
    for (size_t i = 0; i < l->nnotes; i++)
        if (strstr(l->notes[i].text, text))
            return true;
    return false;
}

/* True is not the small int 1 (`True is 1` is False): its note says it is a bool singleton. */
START_TEST(bools_have_their_own_note)
{
    PyObject *o;
    Layout *l = tl_layout("True", NULL, &o);
    ck_assert(!has_note(l, "small-int cache"));
    ck_assert(has_note(l, "True and False are the only two bool objects"));
    ck_assert(has_note(l, "True is not 1"));
    ck_assert_int_eq(tl_py_int(o, "o is 1"), 0); /* what the note claims */
    layout_free(l);
    Py_DECREF(o);
    l = tl_layout("False", NULL, &o);
    ck_assert(has_note(l, "False is not 0"));
    layout_free(l);
    Py_DECREF(o);
    l = tl_layout("1", NULL, &o);
    ck_assert(has_note(l, "small-int cache"));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* 3.11 starts static objects (small ints) at 999,999,999; the refcount row says why. */
START_TEST(static_refcount_is_explained_on_311)
{
    if (FACT_MINOR != 11) {
        tl_note_skip("static_refcount_is_explained_on_311",
                     "only 3.11 gives static objects a huge count (3.12+: immortal)");
        return;
    }
    PyObject *o;
    Layout *l = tl_layout("5", NULL, &o);
    const LayoutEntry *rc = tl_field(l, "ob_refcnt");
    ck_assert(l->refcount > 999999999LL - 1000000);
    ck_assert_ptr_nonnull(strstr(rc->note, "999,999,999"));
    layout_free(l);
    Py_DECREF(o);
    l = tl_layout("10**20", NULL, &o); /* a heap int: no such note */
    ck_assert(!tl_field(l, "ob_refcnt")->note || !strstr(tl_field(l, "ob_refcnt")->note, "999"));
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* An object without a describer is counted as object.__sizeof__ counts it: basicsize + items,
 * the rounding to 8 after them is padding outside __sizeof__ (re.Pattern: -4 before). */
START_TEST(opaque_objects_are_never_overexplained)
{
    const char *exprs[] = {"re.compile('a+b')", "re.compile('a+')", "re.compile('(a|b)*c')",
                           "re.compile('x' * 33)"};
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        PyObject *o;
        Layout *l = tl_layout(exprs[i], "import re\n", &o);
        ck_assert_msg(l->unaccounted == 0, "%s: unaccounted %lld", exprs[i], l->unaccounted);
        ck_assert_int_eq(l->sizeof_value, tl_py_int(o, "type(o).__sizeof__(o)"));
        layout_free(l);
        Py_DECREF(o);
    }
}
END_TEST

Suite *layout_suite(void)
{
    Suite *s = suite_create("layout");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, corpus_is_accounted, 0, (int)NCORPUS);
    tcase_add_test(tc, corpus_is_large_enough);
    suite_add_tcase(s, tc);
    TCase *facts = tcase_create("facts");
    tcase_add_test(facts, header_offsets_come_from_the_headers);
    tcase_add_test(facts, int_tag_is_not_ob_size_from_312);
    tcase_add_test(facts, list_over_allocation_is_read_live);
    tcase_add_test(facts, long_arrays_are_elided_not_materialised);
    tcase_add_test(facts, describing_does_not_change_the_object);
    tcase_add_test(facts, static_objects_have_no_heap_block);
    tcase_add_test(facts, a_lying_sizeof_is_suspect_not_trusted);
    tcase_add_test(facts, unseen_blocks_stay_in_the_footprint);
    tcase_add_loop_test(facts, every_elided_run_opens, 0, (int)NELISION);
    tcase_add_test(facts, no_elision_of_fewer_than_three_items);
    tcase_add_test(facts, opened_items_can_be_followed);
    tcase_add_test(facts, bools_have_their_own_note);
    tcase_add_test(facts, static_refcount_is_explained_on_311);
    tcase_add_test(facts, opaque_objects_are_never_overexplained);
    tcase_add_test(facts, following_only_real_references);
    suite_add_tcase(s, facts);
    return s;
}
