/* test_util.c — sanitising terminal text, growable strings, grouped numbers, and where the
 * data folders are found. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/datadir.h"
#include "util/sanitize.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void expect_sanitized(const char *in, size_t n, bool keep, const char *want)
{
    char *got = sanitize_text(in, n, keep);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(escapes_terminal_controls)
{
    expect_sanitized("a\x1b[31mred", 9, false, "a\\x1b[31mred");
    expect_sanitized("l1\nl2\t", 6, false, "l1\\nl2\\t");
    expect_sanitized("l1\nl2", 5, true, "l1\nl2");
    expect_sanitized("\x7f\r\t", 3, true, "\\x7f\r\t");      /* layout is the reader's */
    expect_sanitized("\r", 1, false, "\\r");
    expect_sanitized("\xc2\x9b", 2, false, "\\x9b");              /* C1 CSI */
    expect_sanitized("\xe2\x80\xae", 3, false, "\\u202e");        /* bidi override */
}
END_TEST

START_TEST(keeps_valid_utf8_and_escapes_invalid)
{
    expect_sanitized("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, false, "caf\xc3\xa9 \xf0\x9f\x98\x80");
    expect_sanitized("\xff\xc3", 2, false, "\\xff\\xc3");
    expect_sanitized("\xed\xa0\x80", 3, false, "\\xed\\xa0\\x80"); /* surrogate */
    expect_sanitized("a\0b", 3, false, "a\\x00b");
}
END_TEST

START_TEST(numbers_are_grouped_in_threes)
{
    char b[NUMFMT_MAX];
    ck_assert_str_eq(numfmt_grouped(b, 0), "0");
    ck_assert_str_eq(numfmt_grouped(b, 999), "999");
    ck_assert_str_eq(numfmt_grouped(b, 1000), "1,000");
    ck_assert_str_eq(numfmt_grouped(b, 12029656), "12,029,656");
    ck_assert_str_eq(numfmt_grouped(b, -1234567), "-1,234,567");
    ck_assert_str_eq(numfmt_grouped(b, LLONG_MIN), "-9,223,372,036,854,775,808");
}
END_TEST

START_TEST(strbuf_grows_and_hands_over)
{
    StrBuf b;
    strbuf_init(&b);
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&b, "%d,", i % 10);
    ck_assert_uint_eq(b.len, 2000);
    char *s = strbuf_take(&b);
    ck_assert_int_eq(strncmp(s, "0,1,2,", 6), 0);
    ck_assert_ptr_null(b.data);
    free(s);
}
END_TEST

static void make_dirs(const char *root, const char *const *paths)
{
    for (size_t i = 0; paths[i]; i++) {
        char *cmd = xasprintf("mkdir -p '%s/%s'", root, paths[i]);
        ck_assert_int_eq(system(cmd), 0);
        free(cmd);
    }
}

static void expect_found(const char *exe, const char *installed, const char *want)
{
    char *got = datadir_search(exe, installed, "lessons");
    ck_assert_msg(want ? got && strcmp(got, want) == 0 : got == NULL,
                  "binary %s, prefix %s: found %s, want %s", exe ? exe : "(unknown)",
                  installed ? installed : "-", got ? got : "nothing", want ? want : "nothing");
    free(got);
}

START_TEST(data_is_found_in_the_tree_next_to_the_binary_or_in_the_compiled_prefix)
{
    char *t = tl_tmpdir();
    make_dirs(t, (const char *const[]){"tree/src/util", "tree/lessons", "tree/build/python3.12",
                                       "usr/bin", "usr/share/objscope/lessons", "opt/share/objscope/lessons",
                                       "elsewhere", NULL});
    char *marker = xasprintf("%s/tree/src/util/datadir.c", t);
    tl_write_bytes(marker, "", 0);
    char *tree = xasprintf("%s/tree/lessons", t), *usr = xasprintf("%s/usr/share/objscope/lessons", t);
    char *opt = xasprintf("%s/opt/share/objscope", t), *opt_lessons = xasprintf("%s/lessons", opt);
    char *exe_tree = xasprintf("%s/tree/build/objscope", t);
    char *exe_tree2 = xasprintf("%s/tree/build/python3.12/objscope", t);
    char *exe_usr = xasprintf("%s/usr/bin/objscope", t), *exe_moved = xasprintf("%s/elsewhere/objscope", t);
    expect_found(exe_tree, opt, tree);        /* a build-tree binary uses its tree */
    expect_found(exe_tree2, opt, tree);
    expect_found(exe_usr, opt, usr);          /* an installed one, its own prefix */
    expect_found(exe_moved, opt, opt_lessons); /* a moved one, the compiled-in prefix */
    expect_found(NULL, opt, opt_lessons);     /* no /proc: the same */
    expect_found(exe_moved, NULL, NULL);
    char *real = datadir_find("lessons");     /* this test binary is a build-tree one */
    ck_assert_msg(real && strstr(real, "/lessons"), "the tree's lessons not found: %s", real);
    free(real);
    free(marker); free(tree); free(usr); free(opt); free(opt_lessons);
    free(exe_tree); free(exe_tree2); free(exe_usr); free(exe_moved);
    tl_remove_tree(t);
}
END_TEST

Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, escapes_terminal_controls);
    tcase_add_test(tc, keeps_valid_utf8_and_escapes_invalid);
    tcase_add_test(tc, strbuf_grows_and_hands_over);
    tcase_add_test(tc, numbers_are_grouped_in_threes);
    tcase_add_test(tc, data_is_found_in_the_tree_next_to_the_binary_or_in_the_compiled_prefix);
    suite_add_tcase(s, tc);
    return s;
}
