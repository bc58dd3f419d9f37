/* test_kinds_data.c — (suite being written) */
#include "tests/suites.h"

Suite *kinds_data_suite(void)
{
    Suite *s = suite_create("kinds_data");
    return s;
}
