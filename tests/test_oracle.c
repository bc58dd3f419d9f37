/* test_oracle.c — (suite being written) */
#include "tests/suites.h"

Suite *oracle_suite(void)
{
    Suite *s = suite_create("oracle");
    return s;
}
