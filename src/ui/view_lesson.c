/* view_lesson.c — the lesson pane as a view (lessonview.h lays out and steps through the
 * lesson): opening a lesson (asking first for one from elsewhere), its keys, and an example sent
 * to the REPL run as a paste would run it. */
#include <stdlib.h>
#include <string.h>

#include "lesson/find.h"
#include "ui/appstate.h"
#include "ui/runcode.h"
#include "util/xalloc.h"

void lesson_pane_close(App *a)
{
    lessonview_free(a->lesson);
    a->lesson = NULL;
    if (a->focus == PANE_LESSON)
        a->focus = PANE_REPL;
}

static void open_trusted(App *a, const char *path)
{
    lesson_pane_open(a, path, true);
}

void lesson_pane_open(App *a, const char *path, bool trusted)
{
    if (!trusted && !lesson_is_shipped(path)) { /* it runs code on the learner's machine */
        const char *lines[] = {"This lesson is not one of objscope's own:", path,
                               "it runs Python code on your machine, as a notebook would. Open it?"};
        confirm_open(a, lines, 3, open_trusted, path, "lesson not opened");
        return;
    }
    LessonErrors errs = {0};
    Lesson *l = lesson_load(path, &errs);
    for (size_t i = 0; i < errs.len; i++) {
        char *msg = xasprintf("%s:%d: %s", path, errs.items[i].line, errs.items[i].message);
        repl_print(&a->repl, LINE_ERROR, msg);
        free(msg);
    }
    lesson_errors_free(&errs);
    if (!l || l->nsteps == 0) {
        repl_print(&a->repl, LINE_ERROR, "that lesson cannot be opened (see above)");
        lesson_free(l);
        return;
    }
    lesson_pane_close(a);
    diagram_deep_cancel(&a->diagram); /* the lesson runs its setup code */
    a->running = true; /* the status line says so while it runs, however long */
    a->running_status = "running the lesson's setup... Ctrl-C stops";
    app_draw(a);
    a->lesson = lessonview_open(l, a->progress, a->progress_path);
    a->running = false;
    a->running_status = NULL;
    a->focus = PANE_LESSON;
    char *msg = xasprintf("lesson: %s. F6 moves between the panes.", l->title);
    repl_print(&a->repl, LINE_INFO, msg);
    free(msg);
}

/* Run as a paste; a block example is then ended as a blank line would end it. */
static void run_example(App *a, const char *example)
{
    char *code = xasprintf("%s\n", example);
    size_t n = strlen(code);
    while (n > 1 && code[n - 2] == '\n')
        code[--n] = '\0';
    editor_clear(a->repl.ed);
    runcode_paste(a, code);
    free(code);
    if (editor_len(a->repl.ed) && !a->quit) {
        editor_end(a->repl.ed);
        editor_newline(a->repl.ed);
        runcode_submit(a);
    }
    if (a->geo.mode == SCREEN_SINGLE && a->lesson && !lessonview_message(a->lesson)) {
        /* one pane at a time: show what the example did, and the way back */
        a->focus = PANE_REPL;
        lessonview_note(a->lesson, "example ran · F6: its diagram, then the lesson");
    }
}

static void lesson_view_draw(App *a, void *state, ViewCanvas *c)
{
    /* the pane alone on the screen leaves its keys to the status bar */
    bool alone = !a->geo.diagram.h && !a->geo.repl.h;
    lessonview_draw(state, c->area, c->focused, !alone, c->utf8);
}

static ViewKey lesson_view_key(App *a, void *state, Action act, const char *typed)
{
    diagram_deep_cancel(&a->diagram); /* lesson keys run setup code, live values and checks */
    switch (lessonview_key(state, act, typed)) {
    case LV_RUN_EXAMPLE: run_example(a, lessonview_example(state)); break;
    case LV_CLOSE: lesson_pane_close(a); break;
    default: break;
    }
    return act == ACT_NONE ? VIEW_IGNORED : VIEW_HANDLED;
}

static const char *lesson_view_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    return compact ? "e example · ? hint · n next · F6 REPL"
                   : "e example · ? hint · n next · p back · F6 REPL · Esc closes the lesson";
}

const View view_lesson = {
    .name = "lesson",
    .keymap = KEYMAP_LESSON,
    .draw = lesson_view_draw,
    .key = lesson_view_key,
    .status = lesson_view_status,
};
