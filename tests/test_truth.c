/* test_truth.c — objscope's aggregate figures against what really happens: for each graph of
 * the corpus, a separate interpreter of the same CPython builds it under tracemalloc, deletes it
 * and collects (tests/oracle/released.py), and the bytes released must be what objscope's
 * exclusive size says, as the real binary reports it (`objscope --setup GRAPH --json x`).
 *
 * The bracket, per graph:
 *  - exclusive_size - TOLERANCE <= released <= exclusive_footprint + TOLERANCE: tracemalloc
 *    counts the bytes each allocation asked for, never less than CPython's own figures (an int
 *    made by _PyLong_FromMedium asks for 32 where __sizeof__ says 28) and never more than the
 *    allocator handed out;
 *  - exclusive_footprint <= released + 16 * exclusive_count + TOLERANCE: pymalloc rounds a
 *    request up by at most 15 bytes, glibc's malloc by at most 23 (below its mmap threshold,
 *    which no graph here reaches), on average well under 16.
 * TOLERANCE is 512 bytes: the oracle refills CPython's free lists with traced blocks before
 * building and fills them up before deleting (so what the graph frees is handed back and seen),
 * but an object that existed before tracing started can still slip into a free list while the
 * graph is built, and then into the graph, untraced. That was never more than 200 bytes here. */
#include <Python.h>
#include <check.h>
#include <stdlib.h>

#include "tests/suites.h"

#define TOLERANCE 512

/* What a graph is built from: `x` is the object; anything else may be defined around it. */
static const char *const GRAPHS[] = {
    /* str keys: dict's tp_traverse does not report them */
    "x = {str(i): [i] for i in range(1000, 21000)}",
    "x = {i: str(i) for i in range(1000, 21000)}",
    "class P:\n    def __init__(self, i): self.a = i + 1000; self.b = str(i)\n"
    "x = [P(i) for i in range(20000)]",
    "class S:\n    __slots__ = ('a', 'b')\n"
    "    def __init__(self, i): self.a = i + 1000; self.b = str(i)\n"
    "x = [S(i) for i in range(20000)]",
    "from dataclasses import dataclass\n@dataclass\nclass D:\n    a: int\n    b: str\n"
    "x = [D(i + 1000, 'n%d' % i) for i in range(10000)]",
    "x = list(range(1000, 51000))",
    "x = [float(i) for i in range(20000)]",
    "x = tuple((i, (i + 1000, str(i))) for i in range(10000))",
    "x = {str(i) * 3 for i in range(20000)}",
    "x = [bytearray(100 + i % 50) for i in range(5000)]",
    "x = ['x' * 100000 + str(i) for i in range(20)] + ['\\u00e9' * 1000 + str(i) for i in range(50)]",
    /* code objects are not GC-tracked: their constants, names and line tables */
    "x = [eval('lambda: %d' % (i + 1000)) for i in range(2000)]",
    "def make(i):\n    v = [i]\n    def get(): return v\n    return get\n"
    "x = [make(i) for i in range(3000)]",
    "def gen(n):\n    for i in range(n): yield [i]\n"
    "x = [gen(5) for i in range(3000)]\n"
    "for g in x[::2]: next(g)",
    /* a cycle held only from inside is freed too */
    "class Node:\n    def __init__(self, i): self.next = None; self.data = [i] * 4\n"
    "x = [Node(i) for i in range(5000)]\n"
    "for a, b in zip(x, x[1:] + x[:1]): a.next = b",
    "x = [{'k%d' % j: (j, [j]) for j in range(10)} for i in range(2000)]",
    /* a deque's blocks (and, from 3.11, the emptied ones it keeps) */
    "import collections\nx = collections.deque([i] for i in range(30000))\n"
    "for _ in range(300): x.pop()",
    /* an OrderedDict's nodes and fast-nodes array */
    "import collections\nx = collections.OrderedDict((str(i), [i]) for i in range(20000))",
};

/* (released, exclusive_size, exclusive_footprint, exclusive_count, deep_size) of one graph. */
static const char MEASURE_PY[] =
    "import json, os, subprocess\n"
    "def measure(setup):\n"
    "    py, objscope = os.environ['OBJSCOPE_PYTHON'], os.environ['OBJSCOPE_BIN']\n"
    "    run = lambda *a: subprocess.run(a, capture_output=True, text=True, timeout=120)\n"
    "    r = run(py, 'tests/oracle/released.py', setup)\n"
    "    assert r.returncode == 0, r.stderr\n"
    "    o = run(objscope, '--setup', setup, '--json', 'x')\n"
    "    assert o.returncode == 0, o.stderr\n"
    "    d = json.loads(o.stdout)\n"
    "    return (int(r.stdout), d['exclusive_size'], d['exclusive_footprint'],\n"
    "            d['exclusive_count'], d['deep_size'])\n";

static PyObject *measure; /* set up once in the parent before the forks */

static void truth_fixture(void)
{
    if (!Py_IsInitialized())
        Py_InitializeEx(0);
    if (measure)
        return;
    PyObject *ns = PyDict_New();
    PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String(MEASURE_PY, Py_file_input, ns, ns);
    if (!r)
        PyErr_Print();
    Py_XDECREF(r);
    measure = Py_XNewRef(PyDict_GetItemString(ns, "measure"));
    Py_DECREF(ns);
}

START_TEST(exclusive_size_is_what_deleting_frees)
{
    if (!getenv("OBJSCOPE_PYTHON") || !getenv("OBJSCOPE_BIN")) {
        ck_abort_msg("OBJSCOPE_PYTHON and OBJSCOPE_BIN must name the interpreter and the binary "
                     "(make check sets them)");
    }
    ck_assert_ptr_nonnull(measure);
    const char *setup = GRAPHS[_i];
    PyObject *r = PyObject_CallFunction(measure, "s", setup); /* new */
    if (!r)
        PyErr_Print();
    ck_assert_msg(r != NULL, "measuring failed for:\n%s", setup);
    long long released, size, footprint, count, deep;
    ck_assert(PyArg_ParseTuple(r, "LLLLL", &released, &size, &footprint, &count, &deep));
    Py_DECREF(r);
    ck_assert_msg(size > 0 && deep >= size, "%s\nexclusive %lld, deep %lld", setup, size, deep);
    ck_assert_msg(released >= size - TOLERANCE && released <= footprint + TOLERANCE,
                  "%s\nreleased %lld is outside [exclusive_size %lld, exclusive_footprint %lld]",
                  setup, released, size, footprint);
    ck_assert_msg(footprint <= released + 16 * count + TOLERANCE,
                  "%s\nexclusive_footprint %lld exceeds released %lld by more than 16 bytes "
                  "for each of %lld blocks", setup, footprint, released, count);
}
END_TEST

Suite *truth_suite(void)
{
    Suite *s = suite_create("truth");
    TCase *tc = tcase_create("tracemalloc");
    tcase_add_unchecked_fixture(tc, truth_fixture, NULL);
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, exclusive_size_is_what_deleting_frees, 0,
                        (int)(sizeof GRAPHS / sizeof GRAPHS[0]));
    suite_add_tcase(s, tc);
    return s;
}
