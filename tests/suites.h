/* suites.h — every Check suite of the unit-test runner (one per tests/test_*.c). */
#ifndef OBJSCOPE_TEST_SUITES_H
#define OBJSCOPE_TEST_SUITES_H

#include <check.h>

Suite *util_suite(void);
Suite *interp_suite(void);
Suite *door_suite(void);
Suite *handle_suite(void);
Suite *layout_suite(void);
Suite *oracle_suite(void);
Suite *facts_suite(void);
Suite *deep_suite(void);
Suite *truth_suite(void);
Suite *retbrowse_suite(void);
Suite *render_suite(void);
Suite *cli_suite(void);
Suite *kinds_data_suite(void);
Suite *kinds_code_suite(void);
Suite *kinds_instance_suite(void);
Suite *kinds_types_suite(void);
Suite *editor_suite(void);
Suite *history_suite(void);
Suite *highlight_suite(void);
Suite *theme_suite(void);
Suite *ui_suite(void);
Suite *files_suite(void);
Suite *lesson_suite(void);
Suite *progress_suite(void);
Suite *lessonview_suite(void);
Suite *views_suite(void);
Suite *paste_suite(void);
Suite *classroom_suite(void);
Suite *across_suite(void);

#endif
