/* test_theme.c — (suite being written) */
#include "tests/suites.h"

Suite *theme_suite(void)
{
    Suite *s = suite_create("theme");
    return s;
}
