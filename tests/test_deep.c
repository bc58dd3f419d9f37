/* test_deep.c — the deep walk (src/layout/deep.c, graph.c, blocks.c) and its address set
 * (src/layout/addrset.c).
 *
 * The getsizeof-sum figure is checked against a small Python walk written here
 * (gc.get_referents, a set of ids, the same skip rule), deep_getsizeof against sys.getsizeof
 * itself, the fast block sums against the describers' own measure, and the exclusive figures
 * against sizes Python reports, on whatever CPython the suite is built for. What deleting a
 * graph really frees is test_truth.c's (tracemalloc in a separate interpreter). */
#include <Python.h>
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/addrset.h"
#include "layout/blocks.h"
#include "layout/deep.h"
#include "layout/describe.h"
#include "layout/graph.h"
#include "layout/memory.h"
#include "layout/retained.h"
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

/* The getsizeof-sum figure must equal the Python walk, in bytes and objects. */
static void expect_like_python(PyObject *root, const char *what)
{
    DeepResult r = deep_size(root, 0, false);
    PyObject *want = PyObject_CallOneArg(ref_walk, root);
    ck_assert_ptr_nonnull(want);
    Py_ssize_t size, count;
    ck_assert(PyArg_ParseTuple(want, "nn", &size, &count));
    Py_DECREF(want);
    ck_assert_msg(r.getsizeof_size == (size_t)size && r.getsizeof_count == (size_t)count,
                  "%s: C %zu bytes / %zu objects, Python %zd / %zd", what, r.getsizeof_size,
                  r.getsizeof_count, size, count);
    ck_assert(!r.size_error);
}

START_TEST(getsizeof_sum_matches_python_walk)
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
        "[I(7), Str('abc'), L([1, [2]])]",
        /* tables with deleted entries and a popped one: str keys, then any keys */
        "(lambda d: [d.pop('k3'), d.pop('k7'), d.popitem(), d][-1])"
        "({('k%d' % i): [i] for i in range(20)})",
        "(lambda d: [d.pop(303), d.popitem(), d][-1])({i: [i, -i] for i in range(300, 320)})",
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

/* Each [a] is a list block and a one-slot item array; the innermost [] has no array. */
START_TEST(nested_list_is_walked_iteratively)
{
    PyObject *ns = ns_new();
    py_exec(ns, "a = []\nfor _ in range(100000): a = [a]\n");
    PyObject *a = PyDict_GetItemString(ns, "a");
    DeepResult r = deep_size(a, 0, true);
    ck_assert_uint_eq(r.deep.objects, 100001);
    ck_assert_uint_eq(r.deep.blocks, 200001);
    ck_assert_uint_eq(r.exclusive.objects, 100001);
    PyObject *one = py_eval(ns, "[None]"), *empty = py_eval(ns, "[]");
    ck_assert_uint_eq(r.deep.size, 100000 * sys_getsizeof(one) + sys_getsizeof(empty));
    ck_assert_uint_eq(r.exclusive.size, r.deep.size);
    expect_like_python(a, "nested 100000 deep");
    Py_DECREF(one);
    Py_DECREF(empty);
    Py_DECREF(ns);
}
END_TEST

START_TEST(types_and_modules_entered_only_as_root)
{
    PyObject *ns = graph_ns();
    PyObject *g = py_eval(ns, "[int, sys]");
    DeepResult r = deep_size(g, 0, false);
    ck_assert_uint_eq(r.deep.objects, 1);
    ck_assert_uint_eq(r.getsizeof_count, 1);
    ck_assert_uint_eq(r.getsizeof_size, sys_getsizeof(g));
    Py_DECREF(g);

    r = deep_size((PyObject *)&PyLong_Type, 0, true); /* static: no heap block at all */
    ck_assert_uint_eq(r.deep.objects, 1);
    ck_assert_uint_eq(r.deep.blocks, 0);
    ck_assert_uint_eq(r.exclusive.objects, 0);
    ck_assert_uint_eq(r.getsizeof_size, sys_getsizeof((PyObject *)&PyLong_Type));

    PyObject *p = PyDict_GetItemString(ns, "P"); /* a heap type as root: entered */
    r = deep_size(p, 0, false);
    ck_assert_uint_gt(r.deep.objects, 1);
    ck_assert_uint_gt(r.getsizeof_count, 1);
    Py_DECREF(ns);
}
END_TEST

/* Objects of varied types; those of classes with a Python __sizeof__ are left to the test
 * below (deep_getsizeof never calls it). */
static const char *const SIZE_CORPUS[] = {
    "0", "1", "-1", "2**30", "2**100", "-(2**100)", "10**300", "True", "False", "I(5)", "I(0)",
    "1.5", "1j", "''", "'a'", "'abc'", "'x' * 1000", "'\\u00e9'", "'\\u20ac'", "'\\U0001F600'",
    "'\\u00e9xyz' + '!'", "Str('abc')", "b''", "b'abc'", "bytearray(b'abc')", "()", "(1,)",
    "(1, 2, 3)", "[]", "[1, 2, 3]", "list(range(10))", "L([1, 2])", "{}", "{'a': 1}", "{1: 1}",
    "ps[2].__dict__", "set()", "set(range(10))", "frozenset({1})", "range(10)", "slice(1, 2)",
    "None", "...", "NotImplemented", "f", "lambda: 0", "ps[3].m", "closure().__closure__[0]",
    "len", "sys", "int", "object", "type", "P", "S", "ps[4]", "S(1)", "gen()",
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

/* A __sizeof__ written in Python is never called by the walk, whatever it does (issue: one that
 * refills the dict being walked crashed 3.11-3.13): its C figure is used and it is counted. */
START_TEST(python_sizeof_is_never_called)
{
    PyObject *ns = ns_new();
    py_exec(ns, "calls = []\n"
                "class Bad:\n    def __sizeof__(self): calls.append(1); raise RuntimeError('no')\n"
                "class Neg:\n    def __sizeof__(self): calls.append(1); return -5\n"
                "D = {}\n"
                "class K:\n"
                "    def __sizeof__(self):\n"
                "        calls.append(1); D.clear(); D.update({i: [i] * 10 for i in range(1000)})\n"
                "        return 16\n"
                "D.update({i: K() for i in range(300)})\n"
                "g = [Bad(), Neg(), D]\n");
    PyObject *g = PyDict_GetItemString(ns, "g");
    PyObject *good = py_eval(ns, "type('Good', (), {})()"); /* the same shape, no override */
    ck_assert_int_eq(deep_getsizeof(PyList_GET_ITEM(g, 0)), sys_getsizeof(good));
    Py_DECREF(good);
    DeepResult r = deep_size(g, 0, true);
    ck_assert(!PyErr_Occurred());
    ck_assert(!r.size_error);
    ck_assert_uint_eq(r.overrides, 302);
    ck_assert_uint_eq(r.getsizeof_count, 2 + 2 + 300 + 300); /* g, Bad, Neg, D, keys, K()s */
    PyObject *calls = PyDict_GetItemString(ns, "calls");
    ck_assert_int_eq(PyList_GET_SIZE(calls), 0);
    ck_assert_int_eq(PyDict_GET_SIZE(PyDict_GetItemString(ns, "D")), 300);
    Py_DECREF(ns);
}
END_TEST

/* The fast block sums (blocks.c) give what the describers declare (layout_measure): the deep
 * walk and the diagram's footprint can never disagree. */
static const char *const BLOCKS_CORPUS[] = {
    "10**30", "-(2**100)", "2**30", "0.5", "3j", "'abc' * 3", "'\\u00e9' * 7", "'\\u20ac' * 40",
    "'\\U0001F600' * 3", "b'xyz' * 20", "(1, 2, 'a' * 9)", "[1, 2, 3]", "[]", "list(range(100))",
    "{}", "{'a': 1}", "{str(i): i for i in range(50)}", "{i: i for i in range(50)}",
    "ps[2].__dict__", "set()", "set(range(100))", "frozenset('abcdefghijk')", "f", "lambda: 0",
    "ps[3].m", "closure().__closure__[0]", "range(10**20)", "slice(1, 2)", "ps[4]", "S(1)",
    "P(99)", "many_attrs", "sys.modules",
};

START_TEST(fast_sums_match_the_describers)
{
    PyObject *ns = graph_ns();
    py_exec(ns, "class M: pass\nmany_attrs = M()\nfor i in range(40): setattr(many_attrs, 'a%d' % i, i)\n");
    PyObject *u = py_eval(ns, "'\\u00e9t\\u00e9' * 9");
    ck_assert_ptr_nonnull(PyUnicode_AsUTF8(u)); /* a UTF-8 copy in its own block */
    GraphRules g;
    graph_rules_init(&g);
    size_t fast_kinds = 0;
    for (size_t i = 0; i <= sizeof BLOCKS_CORPUS / sizeof BLOCKS_CORPUS[0]; i++) {
        const char *what = i < sizeof BLOCKS_CORPUS / sizeof BLOCKS_CORPUS[0] ? BLOCKS_CORPUS[i]
                                                                             : "utf8 copy";
        PyObject *o = i < sizeof BLOCKS_CORPUS / sizeof BLOCKS_CORPUS[0] ? py_eval(ns, what)
                                                                        : Py_NewRef(u);
        const GraphType *t = graph_type(&g, Py_TYPE(o));
        BlockSum fast = {0}, slow;
        fast_kinds += t->blocks != BK_DESCRIBE;
        graph_blocks(&g, t, o, &fast);
        layout_measure(o, &slow);
        ck_assert_msg(fast.size == slow.size && fast.footprint == slow.footprint &&
                          fast.blocks == slow.blocks,
                      "%s: fast %zu/%zu/%zu, describer %zu/%zu/%zu", what, fast.size,
                      fast.footprint, fast.blocks, slow.size, slow.footprint, slow.blocks);
        Py_DECREF(o);
    }
    ck_assert_uint_ge(fast_kinds, 25);
    graph_rules_free(&g);
    Py_DECREF(u);
    Py_DECREF(ns);
}
END_TEST

/* The references graph.c adds to tp_traverse's: a str-keyed dict's keys, a code object's
 * constants, a range's ints. */
START_TEST(held_references_beyond_traverse)
{
    PyObject *ns = graph_ns();
    PyObject *d = py_eval(ns, "{'k%d' % i: None for i in range(10)}");
    DeepResult r = deep_size(d, 0, true);
    ck_assert_uint_eq(r.deep.objects, 11); /* the dict and its ten keys */
    ck_assert_uint_eq(r.exclusive.objects, 11);
    ck_assert_uint_eq(r.getsizeof_count, 2); /* gc.get_referents sees no key, only None */
    Py_DECREF(d);

    /* deleted entries hold nothing: the dict and its seven live keys */
    d = py_eval(ns, "(lambda d: [d.pop('k2'), d.pop('k5'), d.popitem(), d][-1])"
                    "({'k%d' % i: None for i in range(10)})");
    r = deep_size(d, 0, true);
    ck_assert_uint_eq(r.deep.objects, 8);
    Py_DECREF(d);

    PyObject *code = py_eval(ns, "compile('x = 10**40 + 7', '<t>', 'exec')");
    r = deep_size(code, 0, true);
    ck_assert_uint_gt(r.deep.objects, 3); /* the code, its constant, names, line table... */
    ck_assert_uint_eq(r.getsizeof_count, 1);
    Py_DECREF(code);

    PyObject *rng = py_eval(ns, "range(10**30, 10**31, 10**20 + 1)");
    r = deep_size(rng, 0, true);
    ck_assert_uint_eq(r.deep.objects, 5); /* start, stop, step and length are big ints */
    Py_DECREF(rng);
    Py_DECREF(ns);
}
END_TEST

/* A dict subclass holds its str keys beyond its traverse; the traverse that reaches them first
 * meets 40 classes the walk has not seen, enough to grow its cache of type facts. The facts of
 * the dict read after that traverse must not come from the old cache (the sanitizer build
 * catches a read of freed memory; every build checks the figures). */
START_TEST(many_new_types_inside_one_object)
{
    PyObject *ns = ns_new();
    py_exec(ns, "class D(dict): pass\n"
                "classes = [type('C%d' % i, (), {}) for i in range(40)]\n"
                "root = D(('k%d' % i, c()) for i, c in enumerate(classes))\n");
    PyObject *root = PyDict_GetItemString(ns, "root"); /* borrowed */
    DeepResult r = deep_size(root, 0, true);
    ck_assert_uint_eq(r.deep.objects, 1 + 40 + 40); /* the dict, its instances and its keys */
    expect_like_python(root, "a dict subclass of 40 new classes' instances");
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
    ck_assert_uint_eq(r.deep.objects, 9);
    ck_assert_uint_eq(r.exclusive.objects, 5);
    ck_assert_uint_eq(r.exclusive.size, ns_size(ns, "want"));
    ck_assert_int_eq(r.root_outside_refs, 1); /* the name `root` */
    ck_assert_int_eq(deep_size(root, 1, true).root_outside_refs, 0);

    /* Cycles: own refers to itself, shared refers back to the root. The root still goes
     * away; own is still reachable only through it. */
    py_exec(ns, "root[1].append(root[1])\nshared.append(root)\n");
    py_exec(ns, EXCL_WANT_PY);
    r = deep_size(root, 0, true);
    ck_assert_uint_eq(r.exclusive.objects, 5);
    ck_assert_uint_eq(r.exclusive.size, ns_size(ns, "want"));
    Py_DECREF(ns);
}
END_TEST

START_TEST(exclusive_never_counts_static_or_immortal)
{
    DeepResult r = deep_size(Py_None, 0, true);
    ck_assert_uint_eq(r.exclusive.objects, 0);
    ck_assert_uint_eq(r.deep.blocks, 0);

    /* small ints: static from 3.11 (not in the deep set), heap objects every module shares
     * on 3.10 (in it, never exclusive) */
    PyObject *ns = ns_new();
    PyObject *g = py_eval(ns, "[1, 2, 3, 10**30 + 1]");
    PyObject *one = PyList_GET_ITEM(g, 0);
    bool shared_ints = memory_is_static(one) || graph_is_immortal(one);
    r = deep_size(g, 0, true);
    ck_assert_uint_eq(r.deep.objects, shared_ints ? 2 : 5);
    ck_assert_uint_eq(r.exclusive.objects, 2);
    ck_assert_uint_eq(r.getsizeof_count, 5);
    Py_DECREF(g);
    Py_DECREF(ns);
}
END_TEST

START_TEST(steps_add_up_to_the_whole_walk)
{
    PyObject *ns = graph_ns();
    PyObject *g = py_eval(ns, "[ps, [S(i) for i in range(300)], list(range(10000)), shared, "
                              "{str(i): [i] for i in range(3000)}]");
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
    ck_assert_uint_eq(r.deep.size, whole.deep.size);
    ck_assert_uint_eq(r.deep.footprint, whole.deep.footprint);
    ck_assert_uint_eq(r.deep.blocks, whole.deep.blocks);
    ck_assert_uint_eq(r.exclusive.size, whole.exclusive.size);
    ck_assert_uint_eq(r.exclusive.objects, whole.exclusive.objects);
    ck_assert_uint_eq(r.getsizeof_size, whole.getsizeof_size);
    deep_walk_free(deep_walk_new(g, 0, true)); /* dropped before any step: no leak */
    Py_DECREF(g);
    Py_DECREF(ns);
}
END_TEST

/* The walk takes no reference, whether it finished or was dropped. */
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

/* ---- the retained-size tree ---- */

static RetainedTree *tree_of(PyObject *o)
{
    return retained_finish(retained_start(o, 0, "x"));
}

/* The child of node labelled `label`, or RETAINED_BLOCK when there is none. */
static size_t child_labelled(RetainedTree *t, size_t node, const char *label)
{
    size_t n = retained_nchildren(t, node);
    for (size_t i = 0; i < n; i++) {
        const RetainedRow *row = retained_child(t, node, i);
        if (strcmp(retained_label(t, row), label) == 0)
            return row->node;
    }
    return RETAINED_BLOCK;
}

/* Who keeps what alive: a is shared by b and c, so only the root dominates it; d hangs from c
 * alone; e is also named outside the graph, so nothing inside retains it. */
START_TEST(retained_follows_dominators)
{
    PyObject *ns = ns_new();
    py_exec(ns, "a = [10**20]\ne = [10**21]\n"
                "class C:\n    pass\n"
                "c = C(); c.d = [10**22, 10**23]; c.a = a\n"
                "x = [[a], c, e]\n"
                "del a, c\n");
    PyObject *x = PyDict_GetItemString(ns, "x");
    RetainedTree *t = tree_of(x);
    size_t root = retained_root(t);
    size_t b = child_labelled(t, root, "[0]"), c = child_labelled(t, root, "[1]");
    size_t a = child_labelled(t, root, "[0][0]"); /* the path shown is the first one found */
    if (a == RETAINED_BLOCK) /* or through c, its __dict__ on 3.10 read as an attribute */
        a = child_labelled(t, root, "[1].a");
    ck_assert_uint_ne(b, RETAINED_BLOCK);
    ck_assert_uint_ne(c, RETAINED_BLOCK);
    ck_assert_msg(a != RETAINED_BLOCK, "the shared list hangs from the root");
    size_t d = child_labelled(t, c, ".d");
    if (d == RETAINED_BLOCK) /* 3.10: the attributes live in a __dict__ that c keeps alive */
        d = child_labelled(t, child_labelled(t, c, ".__dict__"), "['d']");
    ck_assert_uint_ne(d, RETAINED_BLOCK);
    ck_assert_uint_eq(child_labelled(t, root, "[2]"), RETAINED_BLOCK); /* e: held outside */
    ck_assert_uint_eq(retained_pinned(t), 1);
    ck_assert_str_eq(retained_row(t, d)->type_name, "list");
    ck_assert_uint_eq(retained_row(t, d)->retained.objects, 3); /* the list and its two ints */
    /* by type: x, b, a and d are lists; a and d hold three big ints (e's is held outside) */
    RetainedTypeRow *types;
    size_t nt = retained_by_type(t, root, &types);
    size_t lists = 0, ints = 0;
    for (size_t i = 0; i < nt; i++) {
        lists += strcmp(types[i].type_name, "list") == 0 ? types[i].count : 0;
        ints += strcmp(types[i].type_name, "int") == 0 ? types[i].count : 0;
    }
    free(types);
    ck_assert_uint_eq(lists, 4);
    ck_assert_uint_eq(ints, 3);
    retained_free(t);
    Py_DECREF(ns);
}
END_TEST

/* What the root retains is its exclusive size, on graphs of every shape the walk knows. */
START_TEST(retained_root_is_the_exclusive_size)
{
    static const char *graphs[] = {
        "{str(i): [i + 1000] for i in range(3000)}",
        "[P(i) for i in range(300)]",
        "[cyc, d, shared, (shared, 10**30)]",
        "nested",
        "[f, closure(), gen(), ps[1].m]",
    };
    PyObject *ns = graph_ns();
    py_exec(ns, "nested = []\nfor _ in range(20000): nested = [nested, 10**25]\n");
    for (size_t i = 0; i < sizeof graphs / sizeof graphs[0]; i++) {
        PyObject *g = py_eval(ns, graphs[i]);
        DeepResult r = deep_size(g, 1, true);
        RetainedTree *t = retained_finish(retained_start(g, 1, "g"));
        const RetainedRow *root = retained_row(t, retained_root(t));
        ck_assert_msg(root->retained.size == r.exclusive.size &&
                          root->retained.footprint == r.exclusive.footprint &&
                          root->retained.objects == r.exclusive.objects,
                      "%s: retained %zu/%zu/%zu, exclusive %zu/%zu/%zu", graphs[i],
                      root->retained.size, root->retained.footprint, root->retained.objects,
                      r.exclusive.size, r.exclusive.footprint, r.exclusive.objects);
        ck_assert_uint_eq(retained_nodes(t), r.deep.objects);
        retained_free(t);
        Py_DECREF(g);
    }
    Py_DECREF(ns);
}
END_TEST

/* Built in small steps, stopped half way, or read after Python ran: same answers, no leak. */
START_TEST(retained_steps_and_stale_trees)
{
    PyObject *ns = graph_ns();
    PyObject *g = py_eval(ns, "[[i + 2000, str(i)] for i in range(2000)]");
    RetainedJob *j = retained_start(g, 0, "g");
    size_t steps = 0;
    while (!retained_step(j, 50))
        steps++;
    ck_assert_uint_gt(steps, 10);
    RetainedTree *t = retained_finish(j);
    ck_assert_uint_eq(retained_row(t, retained_root(t))->retained.objects, 1 + 2000 * 3);
    retained_cancel(retained_start(g, 0, "g"));
    RetainedJob *half = retained_start(g, 0, "g");
    retained_step(half, 500);
    retained_cancel(half);
    size_t n = retained_nchildren(t, retained_root(t));
    ck_assert_uint_eq(n, 2000 + 2); /* its two blocks and 2000 lists */
    size_t last = SIZE_MAX; /* largest first */
    for (size_t i = 0; i < n; i++) {
        size_t fp = retained_child(t, retained_root(t), i)->retained.footprint;
        ck_assert_uint_le(fp, last);
        last = fp;
    }
    const RetainedRow *row = NULL;
    for (size_t i = n; i-- > 0 && (!row || row->node == RETAINED_BLOCK);)
        row = retained_child(t, retained_root(t), i);
    ck_assert_uint_ne(row->node, RETAINED_BLOCK);
    PyObject *o = retained_object(t, row->node);
    ck_assert_ptr_nonnull(o);
    ck_assert(PyList_CheckExact(o));
    Py_DECREF(o);
    retained_invalidate(t);
    ck_assert_ptr_null(retained_object(t, row->node));
    ck_assert_str_eq(retained_label(t, row), "(gone)");
    retained_free(t);
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
    tcase_add_test(walk, getsizeof_sum_matches_python_walk);
    tcase_add_test(walk, nested_list_is_walked_iteratively);
    tcase_add_test(walk, types_and_modules_entered_only_as_root);
    tcase_add_test(walk, getsizeof_matches_sys);
    tcase_add_test(walk, python_sizeof_is_never_called);
    tcase_add_test(walk, fast_sums_match_the_describers);
    tcase_add_test(walk, held_references_beyond_traverse);
    tcase_add_test(walk, many_new_types_inside_one_object);
    tcase_add_test(walk, exclusive_leaves_out_what_outside_holds);
    tcase_add_test(walk, exclusive_never_counts_static_or_immortal);
    tcase_add_test(walk, steps_add_up_to_the_whole_walk);
    tcase_add_test(walk, walk_leaves_refcounts_alone);
    suite_add_tcase(s, walk);
    TCase *ret = tcase_create("retained");
    tcase_add_unchecked_fixture(ret, deep_fixture, NULL);
    tcase_set_timeout(ret, 120);
    tcase_add_test(ret, retained_follows_dominators);
    tcase_add_test(ret, retained_root_is_the_exclusive_size);
    tcase_add_test(ret, retained_steps_and_stale_trees);
    suite_add_tcase(s, ret);
    TCase *set = tcase_create("addrset");
    tcase_add_test(set, addrset_members);
    tcase_add_test(set, addrset_map_values);
    suite_add_tcase(s, set);
    return s;
}
