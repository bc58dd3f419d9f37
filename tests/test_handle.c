/* test_handle.c — how the explorer holds objects (src/py/handle.h): a handle takes a result's
 * reference, counts what objscope holds (handles and `_`), and objscope lets go of an object
 * once the learner's code no longer refers to it, its finalizer's output kept for the REPL;
 * what only objscope ever held stays; the layout engine reached by handle. Also :show's mode,
 * which leaves `_` alone.
 * check_main.c starts Python once; every test runs in its own forked copy. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "py/handle.h"
#include "py/interp.h"
#include "tests/suites.h"

static void ok(const char *source)
{
    InterpResult *r = interp_run(source, INTERP_MODE_EXEC);
    ck_assert_msg(r->status == INTERP_DONE, "%s: status %d, err: %s", source, r->status, r->err);
    interp_result_free(r);
}

/* A handle to an expression's value, evaluated in mode (PEEK: as :show does). */
static InterpHandle *hold(const char *expr, InterpMode mode)
{
    InterpResult *r = interp_run(expr, mode);
    ck_assert_msg(r->status == INTERP_VALUE, "%s: status %d, err: %s", expr, r->status, r->err);
    InterpHandle *h = interp_handle_take(r);
    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_null(r->value); /* the reference moved into the handle */
    interp_result_free(r);
    return h;
}

static bool truth(const char *expr)
{
    bool t = false;
    char *text = NULL;
    ck_assert_msg(interp_eval_quiet(expr, &text, &t) == 0, "%s: %s", expr, text);
    free(text);
    return t;
}

/* A class whose instances say goodbye when they are freed: printed, and kept in `log`. */
static void define_leaver(void)
{
    ok("log = []\n"
       "class Leaver:\n"
       "    def __init__(self, name): self.name = name\n"
       "    def __del__(self):\n"
       "        log.append(self.name)\n"
       "        print('bye', self.name)\n");
}

static void expect_background(const char *want)
{
    char *text = interp_take_background_output();
    ck_assert_msg(strstr(text, want) != NULL, "background output %s lacks %s", text, want);
    free(text);
}

START_TEST(a_handle_counts_what_objscope_holds)
{
    ok("v = [1, 2]");
    InterpHandle *h = hold("v", INTERP_MODE_REPL); /* shown at the prompt: `_` is bound */
    ck_assert(interp_handle_held(h));
    ck_assert(interp_handle_is_underscore(h));
    ck_assert_int_eq(interp_handle_holders(h), 1);
    ck_assert_int_eq(interp_handle_refs_held(h), 2);
    ck_assert(truth("__import__('sys').getrefcount(v) == 4")); /* v, `_`, the handle, the call */
    InterpHandle *c = interp_handle_copy(h);
    ck_assert(interp_handle_same(h, c));
    ck_assert_int_eq(interp_handle_refs_held(c), 3);
    char *type = interp_handle_type_name(c);
    ck_assert_str_eq(type, "list");
    free(type);
    interp_handle_free(c);
    ck_assert_int_eq(interp_handle_refs_held(h), 2);
    LayoutOptions opt = layout_default_options();
    opt.refs_held = 99; /* replaced by what the handles say */
    Layout *l = interp_handle_describe(h, &opt);
    ck_assert_int_eq(l->refs_held, 2);
    layout_free(l);
    ck_assert(interp_handle_unbind_underscore(h));
    ck_assert(!interp_handle_is_underscore(h));
    ck_assert(truth("_ is None"));
    interp_handle_free(h);
    interp_handle_free(NULL);
}
END_TEST

START_TEST(peek_leaves_underscore_alone)
{
    InterpResult *r = interp_run("'before'", INTERP_MODE_REPL);
    interp_result_free(r);
    InterpHandle *h = hold("[7, 8]", INTERP_MODE_PEEK);
    ck_assert(!interp_handle_is_underscore(h));
    ck_assert(truth("_ == 'before'"));
    interp_handle_free(h);
}
END_TEST

START_TEST(deleting_the_last_name_lets_go_and_the_finalizer_prints)
{
    define_leaver();
    ok("h = Leaver('h')");
    InterpHandle *h = hold("h", INTERP_MODE_PEEK); /* :show h */
    ok("other = 1");
    ck_assert_uint_eq(interp_handles_let_go(), 0); /* h still names it */
    ck_assert(interp_handle_held(h));
    ok("del h");
    ck_assert(truth("log == []")); /* the handle kept it alive */
    ck_assert_uint_eq(interp_handles_let_go(), 1);
    ck_assert(!interp_handle_held(h));
    ck_assert(truth("log == ['h']"));
    expect_background("bye h\n");
    ck_assert_int_eq(interp_handle_refs_held(h), 0); /* a handle let go of holds nothing */
    ck_assert_ptr_null(interp_handle_copy(h));
    ck_assert_ptr_null(interp_handle_deep_start(h));
    char *type = interp_handle_type_name(h);
    ck_assert_str_eq(type, "(let go)");
    free(type);
    interp_handle_free(h);
}
END_TEST

START_TEST(what_only_objscope_ever_held_stays_until_freed)
{
    define_leaver();
    InterpHandle *h = hold("Leaver('shown')", INTERP_MODE_PEEK); /* :show Leaver('shown') */
    ok("x = 1");
    ck_assert_uint_eq(interp_handles_let_go(), 0);
    ck_assert(interp_handle_held(h));
    interp_handle_free(h); /* the diagram moves on */
    ck_assert(truth("log == ['shown']"));
    expect_background("bye shown\n");
}
END_TEST

START_TEST(underscore_keeps_what_it_names_as_at_pythons_prompt)
{
    define_leaver();
    ok("g = Leaver('g')");
    InterpHandle *h = hold("g", INTERP_MODE_REPL); /* typed `g`: `_` holds it too */
    ok("del g");
    ck_assert_uint_eq(interp_handles_let_go(), 0);
    ck_assert(truth("log == []"));
    InterpResult *r = interp_run("0", INTERP_MODE_REPL); /* another value replaces `_` */
    interp_result_free(r);
    ck_assert_uint_eq(interp_handles_let_go(), 1);
    ck_assert(truth("log == ['g']"));
    interp_handle_free(h);
}
END_TEST

START_TEST(letting_go_follows_what_only_the_let_go_held)
{
    define_leaver();
    ok("box = [Leaver('inner')]\nitem_address = id(box[0])");
    InterpHandle *outer = hold("box", INTERP_MODE_PEEK);
    char *address = NULL;
    ck_assert_int_eq(interp_eval_quiet("item_address", &address, NULL), 0);
    InterpHandle *inner = interp_handle_follow(outer, (uintptr_t)strtoull(address, NULL, 10));
    free(address);
    ck_assert_ptr_nonnull(inner);
    char *type = interp_handle_type_name(inner);
    ck_assert_str_eq(type, "Leaver");
    free(type);
    ck_assert_ptr_null(interp_handle_follow(outer, 8)); /* not one of its references */
    ok("del box");
    ck_assert_uint_eq(interp_handles_let_go(), 2); /* the list, then what only it held */
    ck_assert(!interp_handle_held(outer));
    ck_assert(!interp_handle_held(inner));
    ck_assert(truth("log == ['inner']"));
    interp_handle_free(inner);
    interp_handle_free(outer);
}
END_TEST

START_TEST(counts_start_from_a_handle)
{
    ok("nest = [[i] for i in range(2000, 2050)]"); /* heap ints on every version (3.15 caches up to 1024) */
    InterpHandle *h = hold("nest", INTERP_MODE_PEEK);
    LayoutDeepJob *job = interp_handle_deep_start(h);
    ck_assert_ptr_nonnull(job);
    while (!layout_deep_step(job, 1000)) {
    }
    LayoutOptions opt = layout_default_options();
    Layout *l = interp_handle_describe(h, &opt);
    layout_deep_finish(job, l);
    ck_assert(l->deep_done);
    ck_assert_uint_eq(l->deep_objects, 101); /* the list, 50 lists and the 50 ints they hold */
    layout_free(l);
    RetainedJob *rj = interp_handle_retained_start(h, "nest");
    ck_assert_ptr_nonnull(rj);
    while (!retained_step(rj, 1000)) {
    }
    RetainedTree *t = retained_finish(rj);
    InterpHandle *root = interp_handle_of_retained(t, retained_root(t));
    ck_assert(interp_handle_same(root, h));
    retained_invalidate(t); /* Python runs from here on */
    ck_assert_ptr_null(interp_handle_of_retained(t, retained_root(t)));
    retained_free(t);
    interp_handle_free(root);
    interp_handle_free(h);
}
END_TEST

/* A failed __sizeof__ override is called once per handle, not after every input: one that loops
 * would cost its time limit each time. r (interp_handle_ask_again) calls it again. */
START_TEST(a_failed_override_is_not_called_again)
{
    ok("calls = 0\n"
       "class Fails:\n"
       "    def __sizeof__(self):\n"
       "        global calls\n"
       "        calls += 1\n"
       "        raise ValueError('nope')\n"
       "fails = Fails()\n");
    InterpHandle *h = hold("fails", INTERP_MODE_PEEK);
    LayoutOptions opt = layout_default_options();
    Layout *l = interp_handle_describe(h, &opt);
    ck_assert(l->sizeof_suspect);
    ck_assert_str_eq(l->sizeof_error, "the Python __sizeof__ override failed: ValueError: nope");
    layout_free(l);
    l = interp_handle_describe(h, &opt);
    ck_assert(truth("calls == 1"));
    ck_assert(l->sizeof_suspect);
    ck_assert_str_eq(l->sizeof_error, "the Python __sizeof__ override failed: ValueError: nope "
                                      "(not called again: r calls it again)");
    layout_free(l);
    interp_handle_ask_again(h);
    l = interp_handle_describe(h, &opt);
    ck_assert(truth("calls == 2"));
    layout_free(l);
    interp_handle_free(h);
}
END_TEST

Suite *handle_suite(void)
{
    Suite *s = suite_create("handle");
    TCase *tc = tcase_create("handles");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, a_handle_counts_what_objscope_holds);
    tcase_add_test(tc, peek_leaves_underscore_alone);
    tcase_add_test(tc, deleting_the_last_name_lets_go_and_the_finalizer_prints);
    tcase_add_test(tc, what_only_objscope_ever_held_stays_until_freed);
    tcase_add_test(tc, underscore_keeps_what_it_names_as_at_pythons_prompt);
    tcase_add_test(tc, letting_go_follows_what_only_the_let_go_held);
    tcase_add_test(tc, counts_start_from_a_handle);
    tcase_add_test(tc, a_failed_override_is_not_called_again);
    suite_add_tcase(s, tc);
    return s;
}
