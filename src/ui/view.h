/* view.h — the explorer's views, built the way tmux builds its modes: each pane (REPL, diagram,
 * lesson) and each overlay (help, lesson list, a row in full, a yes/no question) is a const
 * View of callbacks in
 * a file of its own, and the main loop (app.c) only picks which one draws where and which one
 * gets a key.
 *
 * A view never sees a raw key: the loop looks the key up in the view's keymap (keys.h) and hands
 * over the Action (or, for text, ACT_NONE and the typed UTF-8), so every key a view reacts to is
 * in a table the help screen and `objscope --help-keys` list.
 *
 * Adding a view: write `const View view_NAME = {...}` in src/ui/view_NAME.c, give it a keymap
 * in keys.c (its title there is its section in the help), and either give it a pane in
 * geometry.h (a pane view's state lives as long as the App) or open it as an overlay with
 * app_overlay_open(a, &view_NAME, state): its state is then its own until .close frees it. */
#ifndef OBJSCOPE_VIEW_H
#define OBJSCOPE_VIEW_H

#include <stdbool.h>

#include "ui/geometry.h"
#include "ui/keys.h"

typedef struct App App;

/* Where and how a view draws this frame. The view may ask for the terminal's cursor (the REPL's
 * input line does); it is shown only when that view has the focus and nothing covers it. */
typedef struct {
    Rect area;
    bool focused; /* keys go to this view */
    bool compact; /* a narrow screen: short labels */
    bool utf8;    /* box drawing and arrows, or ASCII */
    bool cursor;  /* out: put the cursor at (cy, cx) */
    int cy, cx;
} ViewCanvas;

typedef enum {
    VIEW_IGNORED, /* the key means nothing here (a view may still say so in a message) */
    VIEW_HANDLED,
    VIEW_DONE,    /* handled, and this overlay is finished: the loop closes it */
} ViewKey;

typedef struct View {
    const char *name;    /* "repl", "help": for messages and tests */
    KeymapId keymap;     /* where its keys are looked up (and listed in the help) */
    bool full_screen;    /* an overlay that covers the whole screen: nothing under it is drawn */
    /* Draw into c->area, every cell of it. */
    void (*draw)(App *a, void *state, ViewCanvas *c);
    /* A key: act from the view's keymap, or ACT_NONE with typed text (UTF-8), never a raw key.
     * May run code, change focus or open overlays; never draws. */
    ViewKey (*key)(App *a, void *state, Action act, const char *typed);
    /* The view's area is not the one it had last frame (the terminal was resized, a pane came
     * or went; a pane's first frame too): called once, before draw. Work that depends on the
     * width belongs here rather than in every draw. NULL: nothing to do. */
    void (*resize)(App *a, void *state, Rect area);
    /* Every key that was waiting has been handled and a frame is next: work that should follow
     * the input once rather than every key of a burst (the REPL's signature line). NULL: none.
     * Called for the focused pane when no overlay is open. */
    void (*idle)(App *a, void *state);
    /* Work done in steps between keys, such as a deep-size or retained-size count. busy: a count
     * is in flight. Its steps hold raw pointers into objects and no references, so while any view
     * is busy the loop never waits for keys, Python threads do not run (the GIL stays held) and no
     * Python code may run: stop the count first (as runcode_run stops the diagram's). step: one
     * step of it. NULL: the view has none. Asked of the panes and of the overlays. */
    bool (*busy)(App *a, void *state);
    void (*step)(App *a, void *state);
    /* The view holds raw pointers into objects once its count is done (a retained tree reads its
     * labels and objects when shown): Python threads do not run while it is open, though the
     * loop waits for keys as usual. NULL: it holds none. */
    bool (*pins)(App *a, void *state);
    /* The status bar's text while the view has the focus (compact: for a narrow screen). */
    const char *(*status)(App *a, void *state, bool compact);
    /* Overlays: free the state given to app_overlay_open. NULL: nothing to free. */
    void (*close)(App *a, void *state);
} View;

/* The panes, each with its state in the App. */
extern const View view_repl;    /* state: Repl *           (view_repl.c) */
extern const View view_diagram; /* state: Diagram *        (view_diagram.c) */
extern const View view_lesson;  /* state: LessonView *     (view_lesson.c) */
/* The overlays; each file's open function makes the state and pushes the overlay. */
extern const View view_help;    /* view_help.c: help_open(a) */
extern const View view_menu;    /* view_menu.c: menu_open(a) */
extern const View view_confirm; /* view_confirm.c: confirm_open(a, ...), a yes/no question */
extern const View view_row;     /* view_row.c: row_open(a), the diagram's selected row */
extern const View view_retained; /* view_retained.c: retained_open(a, ...), what keeps what alive */

#endif
