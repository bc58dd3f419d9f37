/* test_render.c — (suite being written) */
#include "tests/suites.h"

Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    return s;
}
