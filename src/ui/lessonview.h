/* lessonview.h — the lesson pane: the current step's prose with live values, its examples (one
 * key sends one to the REPL), the task and its check after every input, hints one at a time and
 * then the solution (asked first), moving between steps, restarting (asked first), and progress
 * saved as the learner goes. */
#ifndef OBJSCOPE_LESSONVIEW_H
#define OBJSCOPE_LESSONVIEW_H

#include <stdbool.h>

#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "ui/geometry.h"
#include "ui/keys.h"

typedef struct LessonView LessonView;

typedef enum {
    LV_NOTHING,
    LV_REDRAW,
    LV_RUN_EXAMPLE, /* lessonview_example() holds code for the REPL */
    LV_CLOSE,
} LessonEvent;

/* Open a parsed lesson (the view takes it) at the learner's saved step. `progress` and its
 * path are borrowed and outlive the view. Runs the lesson's intro setup. */
LessonView *lessonview_open(Lesson *lesson, Progress *progress, const char *progress_path);
void lessonview_free(LessonView *v);

/* A key: an action from the lesson keymap (keys.h), or ACT_NONE with typed text, which is no
 * lesson key (the message then says where Python is typed). ACT_LESSON_STEP takes its step
 * from the typed digit. */
LessonEvent lessonview_key(LessonView *v, Action act, const char *typed);
/* A key that did not reach the pane (typed in another pane, help, a global key): a restart
 * waiting for its second r is called off. */
void lessonview_key_elsewhere(LessonView *v);
/* The example the last LV_RUN_EXAMPLE asked for (borrowed, until the next key). */
const char *lessonview_example(const LessonView *v);
/* After every input the learner ran: check the task, refresh live values, save progress.
 * Returns true when the step has just been completed. */
bool lessonview_after_input(LessonView *v);
/* A one-line message for the status bar ("step done: n for the next"), or NULL. It answers
 * one key: the next lesson key clears it. */
const char *lessonview_message(const LessonView *v);
/* Sets that message (until the next lesson key); "" clears it. */
void lessonview_note(LessonView *v, const char *message);

/* The step as the pane lays it out at `width` columns, as plain text: one line a row (owned;
 * for tests, which have no terminal). */
char *lessonview_text(LessonView *v, int width);

/* `key_bar`: end the pane with its own line of keys; off when the status bar right below
 * already lists them (the pane alone on a small screen). */
void lessonview_draw(LessonView *v, Rect r, bool focused, bool key_bar, bool utf8);

#endif
