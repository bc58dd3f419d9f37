/* test_highlight.c — (suite being written) */
#include "tests/suites.h"

Suite *highlight_suite(void)
{
    Suite *s = suite_create("highlight");
    return s;
}
