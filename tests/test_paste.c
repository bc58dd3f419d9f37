/* test_paste.c — a paste split into REPL inputs (ui/paste.h), against a stand-in for the
 * interpreter: an input with a compound statement (a line ending in ':') is finished only by a
 * blank last line, one with an open bracket is not finished, any other input finishes at once,
 * as the prompt would take them. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "ui/paste.h"
#include "util/strbuf.h"

static bool finishes(const char *input)
{
    int depth = 0;
    for (const char *p = input; *p; p++)
        depth += (strchr("([{", *p) != NULL) - (strchr(")]}", *p) != NULL);
    if (depth > 0)
        return false;
    bool compound = false;
    for (const char *p = input; *p;) {
        size_t n = strcspn(p, "\n");
        size_t k = n;
        while (k && p[k - 1] == ' ')
            k--;
        compound |= k && p[k - 1] == ':';
        p += n + (p[n] == '\n');
    }
    const char *last = strrchr(input, '\n');
    return !compound || (last && strspn(last + 1, " \t") == strlen(last + 1));
}

/* Run text through the splitter: the inputs that ran, separated by "|", then "rest=" and what
 * stays in the editor. */
static char *split(const char *text)
{
    StrBuf out;
    strbuf_init(&out);
    PasteSplit s;
    paste_split_init(&s, text);
    for (const char *input; (input = paste_split_next(&s)) != NULL;) {
        bool done = finishes(input);
        if (done)
            strbuf_printf(&out, "%s|", input);
        paste_split_ran(&s, done);
    }
    strbuf_printf(&out, "rest=%s", paste_split_rest(&s));
    paste_split_free(&s);
    return strbuf_take(&out);
}

#define SPLITS(text, want)                                                                        \
    do {                                                                                          \
        char *got = split(text);                                                                  \
        ck_assert_str_eq(got, want);                                                              \
        free(got);                                                                                \
    } while (0)

START_TEST(statements_run_one_by_one)
{
    SPLITS("x = 1\ny = 2\n", "x = 1|y = 2|rest=");
    SPLITS("", "rest=");
    SPLITS("\n\nx = 1\n", "||x = 1|rest="); /* blank lines are empty inputs */
}
END_TEST

START_TEST(a_last_line_without_newline_stays)
{
    SPLITS("x = 1\ny = 2", "x = 1|rest=y = 2");
}
END_TEST

START_TEST(a_block_ends_at_column_zero_as_in_a_file)
{
    SPLITS("def twice(n):\n    m = 2 * n\n\n    return m\ntwice(21)\n",
           "def twice(n):\n    m = 2 * n\n\n    return m\n|twice(21)|rest=");
    /* else, a closing bracket, a comment: the statement goes on */
    SPLITS("if x:\n    a\nelse:\n    b\n\n", "if x:\n    a\nelse:\n    b\n|rest=");
    SPLITS("d = {\n    1: 2,\n}\n", "d = {\n    1: 2,\n}|rest=");
}
END_TEST

START_TEST(blank_lines_inside_a_block_are_spacing)
{
    SPLITS("for i in r:\n    a\n\n\n    b\n\nz\n", "for i in r:\n    a\n\n\n    b\n|z|rest=");
}
END_TEST

/* A paste that ends inside a block (with or without a last newline) runs it, as the end of a
 * file ends it; what is typed next starts a new input instead of joining its last line. A
 * paste that ends on a block's first line, or an open bracket, is left to finish. */
START_TEST(a_block_open_at_the_end_runs)
{
    SPLITS("def f():\n    return 1\n", "def f():\n    return 1\n|rest=");
    SPLITS("def f():\n    before = 1\n    return 2", "def f():\n    before = 1\n    return 2\n|rest=");
    SPLITS("x = 1\nfor i in r:\n    a", "x = 1|for i in r:\n    a\n|rest=");
    SPLITS("if x:\n", "rest=if x:");
    SPLITS("x = [\n    1,\n    2", "rest=x = [\n    1,\n    2");
}
END_TEST

Suite *paste_suite(void)
{
    Suite *s = suite_create("paste");
    TCase *tc = tcase_create("paste");
    tcase_add_test(tc, statements_run_one_by_one);
    tcase_add_test(tc, a_last_line_without_newline_stays);
    tcase_add_test(tc, a_block_ends_at_column_zero_as_in_a_file);
    tcase_add_test(tc, blank_lines_inside_a_block_are_spacing);
    tcase_add_test(tc, a_block_open_at_the_end_runs);
    suite_add_tcase(s, tc);
    return s;
}
