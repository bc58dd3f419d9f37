/* check_main.c — the one Check runner: starts the embedded interpreter once, then runs every
 * suite (each test forks, so a crash fails one test instead of the run). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "py/interp.h"
#include "tests/suites.h"

int main(void)
{
    /* stdio as on the terminal objscope runs in: C code's printf lines leave one at a time, so
     * the door's tests see them in order with Python's prints (a pipe would hold them). */
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
    if (interp_init() != 0)
        return 2;
    Suite *(*suites[])(void) = {
        util_suite, interp_suite, door_suite, handle_suite, layout_suite, oracle_suite, facts_suite,
        deep_suite, truth_suite, retbrowse_suite, render_suite, cli_suite,
        kinds_data_suite, kinds_code_suite, kinds_instance_suite, kinds_types_suite,
        editor_suite, history_suite, highlight_suite, theme_suite, ui_suite, files_suite,
        lesson_suite, progress_suite, lessonview_suite, views_suite, paste_suite,
        classroom_suite, across_suite,
    };
    SRunner *sr = srunner_create(NULL);
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        srunner_add_suite(sr, suites[i]());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
