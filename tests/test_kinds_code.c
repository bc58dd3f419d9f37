/* test_kinds_code.c — (suite being written) */
#include "tests/suites.h"

Suite *kinds_code_suite(void)
{
    Suite *s = suite_create("kinds_code");
    return s;
}
