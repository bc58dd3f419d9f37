/* test_deep.c — (suite being written) */
#include "tests/suites.h"

Suite *deep_suite(void)
{
    Suite *s = suite_create("deep");
    return s;
}
