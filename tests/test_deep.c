/* test_deep.c — the deep/exclusive size walk (src/layout/deep.c) and its address set
 * (src/layout/addrset.c).
 *
 * The C walk is checked against a small Python walk written here (gc.get_referents, a set
 * of ids, the same skip rule), deep_getsizeof against sys.getsizeof itself, on whatever
 * CPython the suite is built for. */
#include <Python.h>
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "layout/addrset.h"
#include "layout/deep.h"
#include "tests/suites.h"

/* The reference walk: depth-first, unlike bench/pywalk.py, so the two checks differ. */
static const char REF_WALK_PY[] =
    "import gc, sys, types\n"
    "def ref_deep(root):\n"
    "    ns = {id(vars(m)) for m in list(sys.modules.values())\n"
    "          if isinstance(m, types.ModuleType)}\n"
    "    seen, todo = {id(root)}, [root]\n"
    "    size, count = sys.getsizeof(root), 1\n"
    "    while todo:\n"
    "        for o in gc.get_referents(todo.pop()):\n"
    "            if id(o) in seen or isinstance(o, (type, types.ModuleType)) or id(o) in ns:\n"
    "                continue\n"
    "            seen.add(id(o))\n"
    "            size += sys.getsizeof(o)\n"
    "            count += 1\n"
    "            todo.append(o)\n"
    "    return size, count\n";

/* Classes and objects the graphs and the getsizeof corpus are made of. */
static const char GRAPH_SETUP_PY[] =
    "import sys, keyword, weakref\n"
    "class P:\n"
    "    def __init__(self, i): self.a = i; self.b = str(i) * 3\n"
    "    def m(self): return self.a\n"
    "class S:\n"
    "    __slots__ = ('a', 'b')\n"
    "    def __init__(self, i): self.a = i; self.b = [i]\n"
    "class I(int): pass\n"
    "class Str(str): pass\n"
    "class L(list): pass\n"
    "class Sized:\n"
    "    def __sizeof__(self): return 123\n"
    "def f(x=1): return x\n"
    "def closure():\n"
    "    v = [1]\n"
    "    def g(): return v\n"
    "    return g\n"
    "def gen(): yield 1\n"
    "shared = [10**20 + 1]\n"
    "cyc = []; cyc.append(cyc)\n"
    "d = {}; d['self'] = d\n"
    "ps = [P(i) for i in range(50)]\n"
    "ps[0].__dict__\n";

static PyObject *ref_walk; /* ref_deep(), set up once in the parent before the forks */

/* A fresh namespace with builtins: not a module namespace, so graphs inside are walked. */
static PyObject *ns_new(void)
{
    PyObject *ns = PyDict_New();
    ck_assert_ptr_nonnull(ns);
    PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins());
    return ns;
}

static PyObject *py_run(PyObject *ns, const char *src, int start)
{
    PyObject *r = PyRun_String(src, start, ns, ns);
    if (!r)
        PyErr_Print();
    ck_assert_msg(r != NULL, "Python failed: %s", src);
    return r;
}

static void py_exec(PyObject *ns, const char *src)
{
    Py_DECREF(py_run(ns, src, Py_file_input));
}

static PyObject *py_eval(PyObject *ns, const char *expr)
{
    return py_run(ns, expr, Py_eval_input);
}

static PyObject *graph_ns(void)
{
    PyObject *ns = ns_new();
    py_exec(ns, GRAPH_SETUP_PY);
    return ns;
}

static Py_ssize_t sys_getsizeof(PyObject *o)
{
    PyObject *r = PyObject_CallOneArg(PySys_GetObject("getsizeof"), o);
    ck_assert_ptr_nonnull(r);
    Py_ssize_t n = PyLong_AsSsize_t(r);
    Py_DECREF(r);
    return n;
}

static void deep_fixture(void)
{
    if (!Py_IsInitialized())
        Py_InitializeEx(0);
    if (ref_walk)
        return;
    PyObject *ns = ns_new();
    py_exec(ns, REF_WALK_PY);
    ref_walk = Py_NewRef(PyDict_GetItemString(ns, "ref_deep"));
    Py_DECREF(ns);
}

/* deep_size(root) must equal the Python walk, in bytes and objects. */
static void expect_like_python(PyObject *root, const char *what)
{
    DeepResult r = deep_size(root, 0, false);
    PyObject *want = PyObject_CallOneArg(ref_walk, root);
    ck_assert_ptr_nonnull(want);
    Py_ssize_t size, count;
    ck_assert(PyArg_ParseTuple(want, "nn", &size, &count));
    Py_DECREF(want);
    ck_assert_msg(r.deep_size == (size_t)size && r.deep_count == (size_t)count,
                  "%s: C %zu bytes / %zu objects, Python %zd / %zd", what, r.deep_size,
                  r.deep_count, size, count);
    ck_assert(!r.size_error);
}

START_TEST(matches_python_walk)
{
    static const char *graphs[] = {
        "[[1, 2, [3, 4]], [5, [6, [7]]], 'abc', 1.5, (1, 2), {1, 2}, frozenset({3})]",
        "{('k%d' % i): [i, str(i)] for i in range(1000)}",
        "{1: 'a', (2, 3): [4.5, 6j], None: b'xyz', 'k': bytearray(b'ab'), 2.5: range(3)}",
        "ps",
        "[S(i) for i in range(50)]",
        "[shared, shared, (shared,), {'a': shared}]",
        "[cyc, d, cyc, d]",
        "[P, S, int, sys, sys.__dict__, len, keyword]",
        "[f, closure(), ps[1].m, gen()]",
        "P",
        "sys",
        "keyword.__dict__",
        "[I(7), Str('abc'), L([1, [2]]), Sized()]",
    };
    PyObject *ns = graph_ns();
    for (size_t i = 0; i < sizeof graphs / sizeof graphs[0]; i++) {
        PyObject *g = py_eval(ns, graphs[i]);
        expect_like_python(g, graphs[i]);
        Py_DECREF(g);
    }
    Py_DECREF(ns);
}
END_TEST

START_TEST(nested_list_is_walked_iteratively)
{
    PyObject *ns = ns_new();
    py_exec(ns, "a = []\nfor _ in range(100000): a = [a]\n");
    PyObject *a = PyDict_GetItemString(ns, "a");
    DeepResult r = deep_size(a, 0, true);
    ck_assert_uint_eq(r.deep_count, 100001);
    ck_assert_uint_eq(r.exclusive_count, 100001);
    PyObject *one = py_eval(ns, "[None]"), *empty = py_eval(ns, "[]");
    ck_assert_uint_eq(r.deep_size, 100000 * sys_getsizeof(one) + sys_getsizeof(empty));
    expect_like_python(a, "nested 100000 deep");
    Py_DECREF(one);
    Py_DECREF(empty);
    Py_DECREF(ns);
}
END_TEST

START_TEST(types_and_modules_entered_only_as_root)
{
    PyObject *ns = graph_ns();
    PyObject *g = py_eval(ns, "[int]");
    DeepResult r = deep_size(g, 0, false);
    ck_assert_uint_eq(r.deep_count, 1);
    ck_assert_uint_eq(r.deep_size, sys_getsizeof(g));
    Py_DECREF(g);

    r = deep_size((PyObject *)&PyLong_Type, 0, false);
    ck_assert_uint_eq(r.deep_count, 1);
    ck_assert_uint_eq(r.deep_size, sys_getsizeof((PyObject *)&PyLong_Type));

    PyObject *p = PyDict_GetItemString(ns, "P"); /* a heap type as root: entered */
    r = deep_size(p, 0, false);
    ck_assert_uint_gt(r.deep_count, 1);
    Py_DECREF(ns);
}
END_TEST

/* ~50 objects of varied types: deep_getsizeof must be sys.getsizeof exactly. */
static const char *const SIZE_CORPUS[] = {
    "0", "1", "-1", "2**30", "2**100", "-(2**100)", "10**300", "True", "False", "I(5)", "I(0)",
    "1.5", "1j", "''", "'a'", "'abc'", "'x' * 1000", "'\\u00e9'", "'\\u20ac'", "'\\U0001F600'",
    "'\\u00e9xyz' + '!'", "Str('abc')", "b''", "b'abc'", "bytearray(b'abc')", "()", "(1,)",
    "(1, 2, 3)", "[]", "[1, 2, 3]", "list(range(10))", "L([1, 2])", "{}", "{'a': 1}", "{1: 1}",
    "ps[2].__dict__", "set()", "set(range(10))", "frozenset({1})", "range(10)", "slice(1, 2)",
    "None", "...", "NotImplemented", "f", "lambda: 0", "ps[3].m", "closure().__closure__[0]",
    "len", "sys", "int", "object", "type", "P", "S", "ps[4]", "S(1)", "Sized()", "gen()",
    "ValueError('x')", "weakref.ref(P)", "memoryview(b'ab')", "property()", "staticmethod(f)",
    "f.__code__", "iter([1])", "{}.keys()", "cyc", "d",
};

START_TEST(getsizeof_matches_sys)
{
    PyObject *ns = graph_ns();
    for (size_t i = 0; i < sizeof SIZE_CORPUS / sizeof SIZE_CORPUS[0]; i++) {
        PyObject *o = py_eval(ns, SIZE_CORPUS[i]);
        Py_ssize_t want = sys_getsizeof(o), got = deep_getsizeof(o);
        ck_assert_msg(got == want, "%s: deep_getsizeof %zd, sys.getsizeof %zd", SIZE_CORPUS[i],
                      got, want);
        Py_DECREF(o);
    }
    /* A non-ASCII str with its UTF-8 copy cached: str.__sizeof__ counts the copy. */
    PyObject *s = py_eval(ns, "'\\u00e9t\\u00e9' * 3");
    ck_assert_ptr_nonnull(PyUnicode_AsUTF8(s));
    ck_assert_int_eq(deep_getsizeof(s), sys_getsizeof(s));
    Py_DECREF(s);
    ck_assert(!PyErr_Occurred());
    Py_DECREF(ns);
}
END_TEST

START_TEST(failing_sizeof_counts_zero)
{
    PyObject *ns = ns_new();
    py_exec(ns, "class Bad:\n    def __sizeof__(self): raise RuntimeError('no')\n"
                "class Neg:\n    def __sizeof__(self): return -5\n"
                "g = [Bad(), Neg()]\n");
    PyObject *g = PyDict_GetItemString(ns, "g");
    ck_assert_int_eq(deep_getsizeof(PyList_GET_ITEM(g, 0)), -1);
    ck_assert_int_eq(deep_getsizeof(PyList_GET_ITEM(g, 1)), -1);
    ck_assert(!PyErr_Occurred());
    DeepResult r = deep_size(g, 0, false);
    ck_assert(r.size_error);
    ck_assert_uint_eq(r.deep_count, 3);
    ck_assert_uint_eq(r.deep_size, sys_getsizeof(g));
    ck_assert(!PyErr_Occurred());
    Py_DECREF(ns);
}
END_TEST

/* A __sizeof__ that empties the list being walked must not leave dangling pointers
 * (this is what the sanitizer build checks). */
START_TEST(survives_graph_mutation)
{
    PyObject *ns = ns_new();
    py_exec(ns, "class Evil:\n    def __sizeof__(self):\n        holder.clear()\n"
                "        return 10\n"
                "holder = [Evil(), [1, 2, 3], Evil(), 'x' * 50, (4, 5)]\n");
    PyObject *holder = Py_NewRef(PyDict_GetItemString(ns, "holder"));
    DeepResult r = deep_size(holder, 0, true);
    ck_assert_uint_ge(r.deep_count, 2);
    ck_assert(!PyErr_Occurred());
    Py_DECREF(holder);
    Py_DECREF(ns);
}
END_TEST

/* root -> shared (also named in the namespace) -> 2 ints; root -> own -> 2 ints;
 * root -> a fresh int; root -> leaf (also named). Exclusive: root, own, its ints, the int. */
static const char EXCL_SETUP_PY[] =
    "import sys\n"
    "def big(i): return 10**30 + i\n"
    "shared = [big(1), big(2)]\n"
    "leaf = 'y' * 100 + str(5)\n"
    "root = [shared, [big(3), big(4)], big(5), leaf]\n";
static const char EXCL_WANT_PY[] =
    "own = root[1]\n"
    "want = sum(map(sys.getsizeof, (root, own, own[0], own[1], root[2])))\n"
    "del own\n";

static size_t ns_size(PyObject *ns, const char *name)
{
    PyObject *v = PyDict_GetItemString(ns, name);
    ck_assert_ptr_nonnull(v);
    return PyLong_AsSize_t(v);
}

START_TEST(exclusive_leaves_out_what_outside_holds)
{
    PyObject *ns = ns_new();
    py_exec(ns, EXCL_SETUP_PY);
    py_exec(ns, EXCL_WANT_PY);
    PyObject *root = PyDict_GetItemString(ns, "root");
    DeepResult r = deep_size(root, 0, true);
    ck_assert(r.exclusive_done);
    ck_assert_uint_eq(r.deep_count, 9);
    ck_assert_uint_eq(r.exclusive_count, 5);
    ck_assert_uint_eq(r.exclusive_size, ns_size(ns, "want"));
    ck_assert_int_eq(r.root_outside_refs, 1); /* the name `root` */
    ck_assert_int_eq(deep_size(root, 1, true).root_outside_refs, 0);

    /* Cycles: own refers to itself, shared refers back to the root. The root still goes
     * away; own is still reachable only through it. */
    py_exec(ns, "root[1].append(root[1])\nshared.append(root)\n");
    py_exec(ns, EXCL_WANT_PY);
    r = deep_size(root, 0, true);
    ck_assert_uint_eq(r.exclusive_count, 5);
    ck_assert_uint_eq(r.exclusive_size, ns_size(ns, "want"));
    Py_DECREF(ns);
}
END_TEST

START_TEST(exclusive_never_counts_static_or_immortal)
{
    DeepResult r = deep_size((PyObject *)&PyLong_Type, 0, true);
    ck_assert(r.exclusive_done);
    ck_assert_uint_eq(r.exclusive_count, 0);
    ck_assert_uint_eq(r.exclusive_size, 0);
    r = deep_size(Py_None, 0, true);
    ck_assert_uint_eq(r.exclusive_count, 0);

    PyObject *ns = ns_new(); /* small ints are static (3.11+) or shared: never exclusive */
    PyObject *g = py_eval(ns, "[1, 2, 3, 10**30 + 1]");
    r = deep_size(g, 0, true);
    ck_assert_uint_eq(r.deep_count, 5);
    ck_assert_uint_eq(r.exclusive_count, 2);
    Py_DECREF(g);
    Py_DECREF(ns);
}
END_TEST

START_TEST(steps_add_up_to_the_whole_walk)
{
    PyObject *ns = graph_ns();
    PyObject *g = py_eval(ns, "[ps, [S(i) for i in range(300)], list(range(10000)), shared]");
    DeepResult whole = deep_size(g, 0, true);
    DeepWalk *w = deep_walk_new(g, 0, true);
    size_t steps = 0, last = 0;
    while (!deep_walk_step(w, 100)) {
        ck_assert_uint_ge(deep_walk_progress(w), last);
        last = deep_walk_progress(w);
        steps++;
    }
    DeepResult r = deep_walk_result(w);
    deep_walk_free(w);
    ck_assert_uint_gt(steps, 10);
    ck_assert_uint_eq(r.deep_size, whole.deep_size);
    ck_assert_uint_eq(r.deep_count, whole.deep_count);
    ck_assert_uint_eq(r.exclusive_size, whole.exclusive_size);
    ck_assert_uint_eq(r.exclusive_count, whole.exclusive_count);
    deep_walk_free(deep_walk_new(g, 0, true)); /* dropped before any step: no leak */
    Py_DECREF(g);
    Py_DECREF(ns);
}
END_TEST

/* Every reference a walk takes is given back, whether it finished or was dropped. */
START_TEST(walk_leaves_refcounts_alone)
{
    PyObject *ns = graph_ns();
    PyObject *g = py_eval(ns, "[shared, [shared, 'z' * 40], ps[5], (10**25, shared)]");
    PyObject *probes[] = {g, PyList_GET_ITEM(g, 0), PyList_GET_ITEM(g, 1), PyList_GET_ITEM(g, 2),
                          PyList_GET_ITEM(g, 3), PyList_GET_ITEM(PyList_GET_ITEM(g, 0), 0)};
    Py_ssize_t before[6];
    for (int i = 0; i < 6; i++)
        before[i] = Py_REFCNT(probes[i]);
    deep_size(g, 0, false);
    deep_size(g, 0, true);
    for (size_t budget = 1; budget < 100; budget += 3) {
        DeepWalk *w = deep_walk_new(g, 0, true);
        deep_walk_step(w, budget);
        deep_walk_free(w);
    }
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(Py_REFCNT(probes[i]), before[i]);
    Py_DECREF(g);
    Py_DECREF(ns);
}
END_TEST

START_TEST(addrset_members)
{
    AddrSet s;
    addrset_init(&s);
    static uint64_t block[64]; /* real addresses, 8-byte aligned: some odd for the set */
    for (size_t i = 0; i < 64; i++)
        ck_assert(addrset_add(&s, &block[i]));
    for (size_t i = 0; i < 64; i++) {
        ck_assert(!addrset_add(&s, &block[i]));
        ck_assert(addrset_contains(&s, &block[i]));
    }
    /* Spread over many 1 MiB chunks, in an order that defeats the last-chunk cache. */
    for (uintptr_t i = 1; i <= 5000; i++)
        ck_assert(addrset_add(&s, (void *)(((i * 7919) % 5003) << 24 | i << 4)));
    for (uintptr_t i = 1; i <= 5000; i++) {
        ck_assert(addrset_contains(&s, (void *)(((i * 7919) % 5003) << 24 | i << 4)));
        ck_assert(!addrset_contains(&s, (void *)(((i * 7919) % 5003) << 24 | i << 4 | 8)));
    }
    ck_assert_uint_eq(s.count, 5064);
    ck_assert_uint_gt(addrset_bytes(&s), 0);
    addrset_free(&s);
    ck_assert(!addrset_contains(&s, &block[0]));
    addrset_free(&s);
}
END_TEST

START_TEST(addrset_map_values)
{
    AddrMap m;
    addrset_map_init(&m);
    size_t v = 0;
    ck_assert(!addrset_map_get(&m, (void *)16, &v));
    for (uintptr_t i = 1; i <= 10000; i++)
        ck_assert(addrset_map_put(&m, (void *)(i * 24), i));
    ck_assert(!addrset_map_put(&m, (void *)24, 77));
    ck_assert(!addrset_map_put(&m, NULL, 1));
    ck_assert(addrset_map_get(&m, (void *)24, &v));
    ck_assert_uint_eq(v, 77);
    ck_assert(addrset_map_get(&m, (void *)(5000 * 24), &v));
    ck_assert_uint_eq(v, 5000);
    ck_assert(!addrset_map_get(&m, (void *)(10001 * 24), NULL));
    ck_assert_uint_eq(m.count, 10000);
    addrset_map_free(&m);
}
END_TEST

Suite *deep_suite(void)
{
    Suite *s = suite_create("deep");
    TCase *walk = tcase_create("walk");
    tcase_add_unchecked_fixture(walk, deep_fixture, NULL);
    tcase_set_timeout(walk, 120); /* the sanitizer build walks 100,000 levels slowly */
    tcase_add_test(walk, matches_python_walk);
    tcase_add_test(walk, nested_list_is_walked_iteratively);
    tcase_add_test(walk, types_and_modules_entered_only_as_root);
    tcase_add_test(walk, getsizeof_matches_sys);
    tcase_add_test(walk, failing_sizeof_counts_zero);
    tcase_add_test(walk, survives_graph_mutation);
    tcase_add_test(walk, exclusive_leaves_out_what_outside_holds);
    tcase_add_test(walk, exclusive_never_counts_static_or_immortal);
    tcase_add_test(walk, steps_add_up_to_the_whole_walk);
    tcase_add_test(walk, walk_leaves_refcounts_alone);
    suite_add_tcase(s, walk);
    TCase *set = tcase_create("addrset");
    tcase_add_test(set, addrset_members);
    tcase_add_test(set, addrset_map_values);
    suite_add_tcase(s, set);
    return s;
}
