/* test_kinds_instance.c — (suite being written) */
#include "tests/suites.h"

Suite *kinds_instance_suite(void)
{
    Suite *s = suite_create("kinds_instance");
    return s;
}
