/* test_cli.c — (suite being written) */
#include "tests/suites.h"

Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    return s;
}
