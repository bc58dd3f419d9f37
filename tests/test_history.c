/* test_history.c — (suite being written) */
#include "tests/suites.h"

Suite *history_suite(void)
{
    Suite *s = suite_create("history");
    return s;
}
