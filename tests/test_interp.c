/* test_interp.c — (suite being written) */
#include "tests/suites.h"

Suite *interp_suite(void)
{
    Suite *s = suite_create("interp");
    return s;
}
