/* test_oracle.c — CPython's own expectations (Lib/test/test_sys.py, SizeofTest) as an oracle that
 * is independent of objscope's struct table: getsizeof per version, and the split objscope
 * reports (__sizeof__ + pre-header + overcount) must add up to it. 3.10-3.13 are the recorded
 * expectations of those versions' test suites; 3.14 and 3.15 are the formulas of their own
 * Lib/test/test_sys.py (libpython3.X-testsuite), evaluated with test.support's calcobjsize on
 * those interpreters, where `python3.X -m test test_sys -m SizeofTest` passes. */
#include "tests/suites.h"
#include "tests/testlib.h"

typedef struct {
    const char *expr;
    const char *setup;
    long long size[6]; /* sys.getsizeof on 3.10, 3.11, 3.12, 3.13, 3.14, 3.15 */
} Expect;

static const Expect expectations[] = {
    {"True", NULL, {28, 28, 28, 28, 28, 28}},
    {"0", NULL, {24, 28, 28, 28, 28, 28}},
    {"1", NULL, {28, 28, 28, 28, 28, 28}},
    {"-1", NULL, {28, 28, 28, 28, 28, 28}},
    {"2**30", NULL, {32, 32, 32, 32, 32, 32}},
    {"2**60", NULL, {36, 36, 36, 36, 36, 36}},
    {"0.0", NULL, {24, 24, 24, 24, 24, 24}},
    {"complex(0, 1)", NULL, {32, 32, 32, 32, 32, 32}},
    {"b''", NULL, {33, 33, 33, 33, 33, 33}},
    {"b'x' * 10", NULL, {43, 43, 43, 43, 43, 43}},
    {"'1' * 100", NULL, {149, 149, 141, 141, 141, 141}},
    {"'\\xff' * 50", NULL, {123, 123, 107, 107, 107, 107}},
    {"'\\u0100' * 40", NULL, {154, 154, 138, 138, 138, 138}},
    {"'\\U00010000' * 30", NULL, {196, 196, 180, 180, 180, 180}},
    {"()", NULL, {40, 40, 40, 40, 48, 48}},
    {"(1, 2, 3)", NULL, {64, 64, 64, 64, 72, 72}},
    {"list([])", NULL, {56, 56, 56, 56, 56, 56}},
    {"list([1, 2, 3])", NULL, {88, 88, 88, 88, 88, 88}},
    {"{}", NULL, {64, 64, 64, 64, 64, 64}},
    {"{'a': 1}", NULL, {232, 184, 184, 184, 184, 184}},
    {"{1: 1}", NULL, {232, 224, 224, 224, 224, 224}},
    {"{i: i for i in range(1, 9)}", NULL, {360, 352, 352, 352, 352, 352}},
    {"set()", NULL, {216, 216, 216, 216, 216, 216}},
    {"frozenset()", NULL, {216, 216, 216, 216, 216, 216}},
    {"set(range(10))", NULL, {728, 728, 728, 728, 728, 728}},
    {"set(range(50))", NULL, {2264, 2264, 2264, 2264, 2264, 2264}},
    {"range(66000)", NULL, {48, 48, 48, 48, 48, 48}},
    {"slice(0)", NULL, {56, 56, 56, 56, 56, 56}},
    {"func", "def func(): pass\n", {144, 152, 160, 160, 168, 168}},
    {"get_gen()", "def get_gen():\n    yield 1\n", {104, 176, 176, 176, 184, 184}},
    {"c.__closure__[0]", "def o():\n    x = 1\n    def c(): return x\n    return c\nc = o()\n",
     {40, 40, 40, 40, 40, 40}},
    {"int", NULL, {408, 424, 432, 416, 416, 424}},
    {"object", NULL, {408, 424, 432, 416, 416, 424}},
    {"newstyleclass", "class newstyleclass(object): pass\n", {1072, 1688, 1704, 1712, 1720, 1728}},
    {"unittest", "import unittest\n", {72, 72, 72, 72, 72, 120}},
    {"weakref.ref(int)", "import weakref\n", {72, 80, 80, 80, 80, 80}},
    {"None", NULL, {16, 16, 16, 16, 16, 16}},
    {"object()", NULL, {16, 16, 16, 16, 16, 16}},
    {"BA()", "class BA(bytearray):\n    __slots__ = ('a', 'b', 'c')\n", {96, 96, 96, 96, 96, 104}},
    {"L()", "class L(list):\n    __slots__ = ('a', 'b', 'c')\n", {80, 80, 80, 80, 80, 80}},
    {"S()", "class S(set):\n    __slots__ = ('a', 'b', 'c')\n", {240, 240, 240, 240, 240, 240}},
    /* vsize('n2Pi') + __alloc__(), 3.15 vsize('n2PiP') + __alloc__(): the buffer became a
     * bytes object, which __alloc__ counts whole */
    {"bytearray()", NULL, {56, 56, 56, 56, 56, 64}},
    {"bytearray(b'u' * 100)", NULL, {157, 157, 157, 157, 157, 197}},
};

#define NEXPECT (sizeof expectations / sizeof expectations[0])

static int version_index(void)
{
    return FACT_MINOR - 10;
}

START_TEST(getsizeof_matches_cpython_test_suite)
{
    const Expect *e = &expectations[_i];
    long long want = e->size[version_index()];
    PyObject *o;
    Layout *l = tl_layout(e->expr, e->setup, &o);
    ck_assert_msg(l->getsizeof == want, "%s: getsizeof %lld, test_sys expects %lld", e->expr,
                  l->getsizeof, want);
    long long split = l->sizeof_value + (long long)l->preheader_size + l->getsizeof_overcount;
    ck_assert_msg(split == want, "%s: sizeof %lld + pre-header %zu + overcount %lld = %lld, not %lld",
                  e->expr, l->sizeof_value, l->preheader_size, l->getsizeof_overcount, split, want);
    ck_assert_msg(l->unaccounted == 0, "%s: %lld bytes unaccounted", e->expr, l->unaccounted);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(static_type_overcount_is_stated_not_invented)
{
    Layout *l = tl_layout("int", NULL, NULL);
    ck_assert(l->is_static);
    ck_assert_uint_eq(l->preheader_size, 0);
    ck_assert_int_eq(l->getsizeof_overcount, TL_BY_VERSION(0, 16, 16, 0, 0, 0));
    layout_free(l);
}
END_TEST

Suite *oracle_suite(void)
{
    Suite *s = suite_create("oracle");
    TCase *tc = tcase_create("test_sys");
    tcase_add_loop_test(tc, getsizeof_matches_cpython_test_suite, 0, (int)NEXPECT);
    tcase_add_test(tc, static_type_overcount_is_stated_not_invented);
    suite_add_tcase(s, tc);
    return s;
}
