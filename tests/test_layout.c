/* test_layout.c — (suite being written) */
#include "tests/suites.h"

Suite *layout_suite(void)
{
    Suite *s = suite_create("layout");
    return s;
}
