/* test_editor.c — (suite being written) */
#include "tests/suites.h"

Suite *editor_suite(void)
{
    Suite *s = suite_create("editor");
    return s;
}
