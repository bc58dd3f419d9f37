/* appstate.h — the explorer's state, shared by the main loop (app.c), the views (view_*.c), the
 * : commands (commands.c) and the code runner (runcode.c). Nothing outside src/ui includes it:
 * the rest of objscope knows the explorer only through app.h. */
#ifndef OBJSCOPE_APPSTATE_H
#define OBJSCOPE_APPSTATE_H

#include <stdbool.h>

#include "lesson/progress.h"
#include "ui/app.h"
#include "ui/diagram.h"
#include "ui/geometry.h"
#include "ui/lessonview.h"
#include "ui/repl.h"
#include "ui/transcript.h"
#include "ui/view.h"
#include "util/strbuf.h"

#define APP_MAX_OVERLAYS 4

typedef struct {
    const View *view;
    void *state; /* the view's own (overlays), or the App's (panes) */
} ViewSlot;

/* Where the last key went, for tests and for the lesson (a restart question waits for the very
 * next key): handled or not, by which keymap, as a binding or as typed text. */
typedef struct {
    bool handled;
    KeymapId map;
    bool as_text;
    const View *view; /* NULL when the loop itself took it (global keys) */
} KeyRoute;

struct App {
    /* the panes' states */
    Repl repl;
    Diagram diagram;
    LessonView *lesson;     /* the open lesson, or NULL */
    Pane focus;
    ViewSlot overlays[APP_MAX_OVERLAYS]; /* [0] is drawn first; the last one gets the keys */
    int noverlays;
    ScreenGeometry geo;
    bool terminal;          /* curses is running; without it (unit tests) nothing is drawn */
    bool utf8;
    bool quit;
    int status;
    bool running;           /* learner code is running (for the status line) */
    const char *running_status; /* the status line meanwhile, or NULL: "running... Ctrl-C" */
    bool pasting;           /* between the bracketed-paste markers */
    bool burst;             /* the key being handled was already waiting (pasted, not typed) */
    bool in_paste;          /* a paste's statements are running one after another */
    double paste_frame_ms;  /* when the last frame of that paste was drawn */
    StrBuf paste;
    Progress *progress;     /* every lesson's progress, loaded once */
    char *progress_path;
    const char *unechoed;   /* the input being run, until it is echoed to the scrollback */
    const char *unremembered; /* the input being run, until it is in history (runcode.c) */
    Transcript transcript;  /* what ran, for :save */
    char *exit_message;     /* SystemExit's message, for stderr once the terminal is back */
    double started_us;      /* when the process started (for the first-frame benchmark) */
};

/* An explorer without a terminal yet (nothing is drawn until a->terminal): the state the loop
 * and the views share. with_files: history and lesson progress from the learner's files (off
 * in unit tests). */
App *app_new(double started_us, bool with_files);
void app_free(App *a);

/* Route one key (or typed text) to the global keys, the top overlay or the focused pane. */
KeyRoute app_key(App *a, int key, const char *typed);

/* The view of a pane and its state (view NULL: no lesson open). */
ViewSlot app_pane_slot(App *a, Pane p);

/* Draw a whole frame now (frame.c): the loop before it waits, and when learner code is about
 * to run or input() asks. */
void app_draw(App *a);

/* How long the loop waits for a key before it looks for output from Python threads and child
 * processes (background output), Python threads running meanwhile. */
#define APP_IDLE_POLL_MS 100

/* Whether a view has a count in flight (view.h's busy): then keys are only polled, with the GIL
 * held; app_step does one step of each such count. */
bool app_busy(App *a);
void app_step(App *a);
/* Whether a view holds raw pointers into objects (View.pins): Python threads wait meanwhile. */
bool app_pins(App *a);
/* What Python threads and child processes wrote since the last look (and finalizers that ran
 * outside a run), into the REPL's scrollback; true when there was some. */
bool app_show_background(App *a);

/* Push an overlay with its state (owned by the view from here on: its .close frees it). */
void app_overlay_open(App *a, const View *v, void *state);
/* Close the overlay whose state this is (its .close runs); nothing when it is not open. */
void app_overlay_close(App *a, void *state);
/* The top overlay, or NULL. */
const View *app_overlay_top(const App *a);

/* Opening views (each in its view_*.c). */
void help_open(App *a);                   /* the help screen, at its top */
void menu_open(App *a);                   /* the lesson list (a message when there is none) */
/* Ask a yes/no question (up to three lines); y calls yes(a, arg), n or Esc prints said_no. */
typedef void (*ConfirmYes)(App *a, const char *arg);
void confirm_open(App *a, const char *const *lines, size_t n, ConfirmYes yes, const char *arg,
                  const char *said_no);
void row_open(App *a);                    /* the diagram's selected row in full (if any) */
/* What o (a reference the view takes over) keeps alive, counted in steps and browsed as a
 * tree; label names it ("x"), refs_held counts objscope's own references to it. */
void retained_open(App *a, InterpHandle *h, const char *label);
/* Open a lesson file in the lesson pane; one from outside objscope's own lessons asks first
 * unless `trusted`. Problems go to the scrollback. */
void lesson_pane_open(App *a, const char *path, bool trusted);
void lesson_pane_close(App *a);

/* F6's order: REPL, diagram, lesson (when one is open), REPL. */
Pane app_next_pane(const App *a);
const char *app_pane_name(Pane p);

#endif
