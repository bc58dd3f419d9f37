/* test_retbrowse.c — the retained-size view's model (src/ui/retbrowse.c): counting in steps,
 * stopping, going down and back up with the breadcrumb, the table by type, and what is left to
 * read once Python code may have run. */
#include <Python.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "tests/testlib.h"
#include "ui/retbrowse.h"

static PyObject *graph(void)
{
    return tl_eval("{'big': [10**30 + i for i in range(300)], 'small': [10**30], "
                   "'text': 'x' * 5000}", NULL);
}

static void count_all(RetainedBrowser *b, PyObject *o)
{
    retbrowse_start(b, retained_start(o, 1, "g"), "g");
    size_t steps = 0;
    while (retbrowse_step(b, 40))
        steps++;
    ck_assert_uint_gt(steps, 2);
}

START_TEST(goes_down_and_back_with_the_breadcrumb)
{
    PyObject *o = graph();
    RetainedBrowser b = {0};
    count_all(&b, o);
    ck_assert_uint_eq(b.depth, 1);
    RetainedRow row;
    const char *label;
    /* the largest row first: the list of 300 big ints */
    size_t i = 0;
    while (retbrowse_row(&b, i, &row, &label) && row.node == RETAINED_BLOCK)
        i++;
    ck_assert_str_eq(label, "['big']");
    ck_assert_uint_eq(row.retained.objects, 301);
    for (size_t k = 0; k < i; k++)
        ck_assert(retbrowse_move(&b, RB_DOWN));
    ck_assert(retbrowse_move(&b, RB_ENTER));
    char *crumb = retbrowse_breadcrumb(&b, " > ");
    ck_assert_str_eq(crumb, "g > ['big']");
    free(crumb);
    ck_assert_uint_eq(retbrowse_rows(&b), 300 + 2); /* its two blocks, its ints */
    ck_assert(retbrowse_move(&b, RB_LAST));
    ck_assert(!retbrowse_move(&b, RB_ENTER)); /* an int keeps nothing else alive */
    ck_assert_ptr_nonnull(strstr(b.message, "keeps nothing"));
    ck_assert(retbrowse_move(&b, RB_BACK));
    ck_assert_uint_eq(b.depth, 1);
    ck_assert(!retbrowse_move(&b, RB_BACK));
    ck_assert_ptr_nonnull(strstr(b.message, "started"));
    retbrowse_free(&b);
    Py_DECREF(o);
}
END_TEST

START_TEST(table_by_type_and_scrolling)
{
    PyObject *o = graph();
    RetainedBrowser b = {0};
    count_all(&b, o);
    ck_assert(retbrowse_move(&b, RB_TABLE));
    const RetainedTypeRow *t;
    size_t n = retbrowse_types(&b, &t);
    ck_assert_uint_eq(n, 4); /* int, list, str, dict: largest footprint first */
    ck_assert_str_eq(t[0].type_name, "int");
    ck_assert_uint_eq(t[0].count, 301);
    ck_assert(retbrowse_move(&b, RB_BACK)); /* Backspace leaves the table first */
    ck_assert(!b.by_type);
    retbrowse_free(&b);
    Py_DECREF(o);
    o = tl_eval("[[10**30 + i] for i in range(20)]", NULL);
    count_all(&b, o);
    retbrowse_scroll(&b, 5);
    for (int k = 0; k < 7; k++)
        retbrowse_move(&b, RB_DOWN);
    retbrowse_scroll(&b, 5);
    ck_assert_uint_eq(b.levels[0].selected, 7);
    ck_assert_uint_eq(b.levels[0].top, 3); /* the selection is the last of 5 lines */
    ck_assert(retbrowse_move(&b, RB_PAGE_DOWN));
    ck_assert_uint_eq(b.levels[0].selected, 11); /* a page is the lines shown, less one */
    ck_assert(retbrowse_move(&b, RB_LAST));
    ck_assert_uint_eq(b.levels[0].selected, retbrowse_rows(&b) - 1);
    retbrowse_free(&b);
    Py_DECREF(o);
}
END_TEST

START_TEST(stopping_and_stale_trees)
{
    PyObject *o = graph();
    RetainedBrowser b = {0};
    retbrowse_start(&b, retained_start(o, 1, "g"), "g");
    ck_assert(retbrowse_step(&b, 10));
    retbrowse_stop(&b);
    ck_assert(b.stopped);
    ck_assert(!retbrowse_move(&b, RB_DOWN));
    count_all(&b, o);
    PyObject *sel = retained_object(b.tree, retbrowse_selected_node(&b)); /* new */
    ck_assert_ptr_nonnull(sel);
    Py_DECREF(sel);
    retbrowse_invalidate(&b);
    ck_assert_ptr_null(retained_object(b.tree, retbrowse_selected_node(&b)));
    RetainedRow row;
    const char *label = NULL;
    for (size_t i = 0; retbrowse_row(&b, i, &row, &label); i++)
        if (row.node != RETAINED_BLOCK)
            break;
    ck_assert_str_eq(label, "(gone)");
    retbrowse_free(&b);
    Py_DECREF(o);
}
END_TEST

Suite *retbrowse_suite(void)
{
    Suite *s = suite_create("retbrowse");
    TCase *tc = tcase_create("retbrowse");
    tcase_add_test(tc, goes_down_and_back_with_the_breadcrumb);
    tcase_add_test(tc, table_by_type_and_scrolling);
    tcase_add_test(tc, stopping_and_stale_trees);
    suite_add_tcase(s, tc);
    return s;
}
