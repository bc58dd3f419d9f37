/* test_lessonview.c — the lesson pane's keys without a terminal: what `?` says when a step has
 * no hints or no more of them, the solution after the hints (asked first), `r` restarting only
 * when pressed twice in a row, code typed into the pane by mistake, and prose wrapping. Lessons are C strings run against the test interpreter; progress is
 * kept in memory only (no file). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "tests/suites.h"
#include "ui/keys.h"
#include "ui/lessonview.h"

/* A reading step without a task, then a task with one hint. */
static const char *const two_steps =
    "# T\n\n"
    "## Read\n\nJust read this.\n\n"
    "## Do\n\nSet x.\n\n"
    "```check\n'x' in globals()\n```\n\n"
    "```hint\nWrite `x = 1`.\n```\n\n"
    "```solution\nx = 1\n```\n";

typedef struct {
    Progress *progress;
    LessonView *view;
} Fixture;

static Fixture open_view(const char *text)
{
    Lesson *l = lesson_parse("lessons/01-t.md", text, strlen(text), NULL);
    ck_assert_ptr_nonnull(l);
    Fixture p = {progress_new(), NULL};
    p.view = lessonview_open(l, p.progress, NULL);
    return p;
}

static void close_view(Fixture *p)
{
    lessonview_free(p->view);
    progress_free(p->progress);
}

static LessonEvent press(Fixture *p, char c)
{
    char typed[2] = {c, '\0'};
    return lessonview_key(p->view, keys_lookup(KEYMAP_LESSON, c), typed);
}

static void expect_message(const Fixture *p, const char *want)
{
    const char *got = lessonview_message(p->view);
    if (!want)
        ck_assert_msg(got == NULL, "message \"%s\", want none", got);
    else
        ck_assert_msg(got && strcmp(got, want) == 0, "message \"%s\", want \"%s\"",
                      got ? got : "(none)", want);
}

static size_t current(const Fixture *p) { return progress_current(p->progress, "01-t"); }

START_TEST(hint_key_always_answers)
{
    Fixture p = open_view(two_steps);
    ck_assert_int_eq(press(&p, '?'), LV_REDRAW);
    expect_message(&p, "this step has no hints");
    press(&p, 'n');
    ck_assert_uint_eq(progress_current(p.progress, "01-t"), 1);
    press(&p, '?');
    expect_message(&p, NULL); /* the hint itself is the answer */
    press(&p, '?');
    expect_message(&p, "no more hints: press ? again to see the solution");
    close_view(&p);
}
END_TEST

/* Whether the pane's text at 60 columns holds `want`. */
static bool shows(const Fixture *p, const char *want)
{
    char *text = lessonview_text(p->view, 60);
    bool found = strstr(text, want) != NULL;
    free(text);
    return found;
}

#define SOLUTION_HEAD "Solution (one way to do it"

/* After the last hint, ? offers the solution and only ? as the very next key shows it, in the
 * pane, as code; any other key keeps it hidden and still does its own work. */
START_TEST(solution_after_the_hints_asks_first)
{
    Fixture p = open_view(two_steps);
    press(&p, 'n');
    press(&p, '?');
    ck_assert(shows(&p, "Hint 1: Write x = 1."));
    ck_assert(shows(&p, "(? offers the solution)"));
    ck_assert(!shows(&p, SOLUTION_HEAD));

    press(&p, '?');
    expect_message(&p, "no more hints: press ? again to see the solution");
    ck_assert(!shows(&p, SOLUTION_HEAD));
    press(&p, 'p'); /* another key: no solution, and it still moves */
    ck_assert_uint_eq(current(&p), 0);
    expect_message(&p, NULL);
    press(&p, 'n');
    ck_assert(!shows(&p, SOLUTION_HEAD));
    ck_assert(!shows(&p, "Hint 1:")); /* a step is entered afresh */

    press(&p, '?');
    press(&p, '?');
    lessonview_key_elsewhere(p.view); /* typing in the REPL calls the question off too */
    expect_message(&p, NULL);
    press(&p, '?');
    expect_message(&p, "no more hints: press ? again to see the solution");
    press(&p, '?');
    expect_message(&p, NULL);
    ck_assert(shows(&p, SOLUTION_HEAD));
    ck_assert(shows(&p, "\n    x = 1\n"));
    ck_assert(!shows(&p, "(? offers the solution)"));
    press(&p, '?');
    expect_message(&p, "the solution is shown at the end of the step");
    close_view(&p);
}
END_TEST

/* A task without hints offers its solution at once; a reading step has none to offer. */
START_TEST(solution_without_hints)
{
    Fixture p = open_view("# T\n\n## Do\n\nSet lv_y.\n\n```check\n'lv_y' in globals()\n```\n\n"
                          "```solution\nlv_y = 2\n```\n\n## Read\n\nJust read.\n");
    ck_assert(shows(&p, "(? offers the solution)"));
    press(&p, '?');
    expect_message(&p, "this step has no hints: press ? again to see the solution");
    press(&p, '?');
    ck_assert(shows(&p, "\n    lv_y = 2\n"));
    ck_assert(!progress_done(p.progress, "01-t", 0)); /* seeing it is not doing it */
    press(&p, 'n');
    press(&p, '?');
    expect_message(&p, "this step has no hints");
    press(&p, '?');
    expect_message(&p, "this step has no hints");
    ck_assert(!shows(&p, "offers the solution"));
    close_view(&p);
}
END_TEST

START_TEST(restart_asks_first)
{
    Fixture p = open_view(two_steps);
    press(&p, 'n'); /* the reading step is done once left */
    ck_assert_uint_eq(current(&p), 1);
    ck_assert(progress_done(p.progress, "01-t", 0));

    press(&p, 'r');
    expect_message(&p, "press r again to restart this lesson (progress is cleared)");
    ck_assert_uint_eq(current(&p), 1);
    ck_assert(progress_done(p.progress, "01-t", 0));
    press(&p, 'r');
    expect_message(&p, "lesson restarted");
    ck_assert_uint_eq(current(&p), 0);
    ck_assert(!progress_done(p.progress, "01-t", 0));

    /* any other key keeps the progress, and is taken as that answer only */
    press(&p, 'n');
    press(&p, 'r');
    press(&p, 'p');
    expect_message(&p, "restart cancelled: progress kept");
    ck_assert_uint_eq(current(&p), 1);
    ck_assert(progress_done(p.progress, "01-t", 0));
    press(&p, 'r'); /* asks again: the earlier r no longer counts */
    ck_assert_uint_eq(current(&p), 1);
    expect_message(&p, "press r again to restart this lesson (progress is cleared)");

    /* so does a key that went to another pane */
    lessonview_key_elsewhere(p.view);
    expect_message(&p, NULL);
    press(&p, 'r');
    ck_assert_uint_eq(current(&p), 1);
    expect_message(&p, "press r again to restart this lesson (progress is cleared)");
    close_view(&p);
}
END_TEST

/* Prose wraps at spaces only: text that follows inline code without a space (a comma, a period)
 * goes down with the code instead of starting a line alone. */
START_TEST(punctuation_stays_with_its_code)
{
    Fixture p = open_view("# T\n\n## Read\n\nWord word `code_span`, more.\n");
    char *text = lessonview_text(p.view, 19);
    ck_assert_msg(strstr(text, "\nWord word \ncode_span, more.\n") != NULL, "laid out as:\n%s", text);
    free(text);
    text = lessonview_text(p.view, 20); /* where the comma fits, nothing moves */
    ck_assert_msg(strstr(text, "\nWord word code_span, \nmore.\n") != NULL, "laid out as:\n%s", text);
    free(text);
    close_view(&p);
}
END_TEST

/* Typing code into the lesson pane: keys that are not lesson keys say where Python goes. */
START_TEST(stray_typing_points_to_the_repl)
{
    Fixture p = open_view(two_steps);
    ck_assert_int_eq(press(&p, 'x'), LV_REDRAW);
    expect_message(&p, "'x' is not a lesson key: Python is typed in the REPL (F6)");
    ck_assert_int_eq(press(&p, 'n'), LV_REDRAW); /* a lesson key still works, and answers */
    expect_message(&p, NULL);
    close_view(&p);
}
END_TEST

Suite *lessonview_suite(void)
{
    Suite *s = suite_create("lessonview");
    TCase *tc = tcase_create("keys");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, hint_key_always_answers);
    tcase_add_test(tc, solution_after_the_hints_asks_first);
    tcase_add_test(tc, solution_without_hints);
    tcase_add_test(tc, restart_asks_first);
    tcase_add_test(tc, stray_typing_points_to_the_repl);
    tcase_add_test(tc, punctuation_stays_with_its_code);
    suite_add_tcase(s, tc);
    return s;
}
