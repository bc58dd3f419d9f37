/* keys.h — every key binding, one table per keymap. The same tables drive dispatch, the help
 * screen and `objscope --help-keys`, so help can never drift from what the keys do: a view is
 * handed the Action its table gives a key, never the raw key. */
#ifndef OBJSCOPE_KEYS_H
#define OBJSCOPE_KEYS_H

#include <stddef.h>

/* Keys beyond curses' own codes: Alt+c (ESC then c) and the bracketed-paste markers. */
#define KEY_ALT(c) (0x4000 + (c))
#define KEY_PASTE_BEGIN 0x5001
#define KEY_PASTE_END 0x5002
#define KEY_CTRL(c) ((c) & 0x1f)

typedef enum {
    KEYMAP_GLOBAL,  /* anywhere (the main loop handles these) */
    KEYMAP_REPL,    /* the input line */
    KEYMAP_DIAGRAM, /* the diagram pane */
    KEYMAP_LESSON,  /* the lesson pane */
    KEYMAP_HELP,    /* the help screen */
    KEYMAP_MENU,    /* the lesson list */
    KEYMAP_ROW,     /* the selected diagram row in full */
    KEYMAP_CONFIRM, /* a yes/no question (a lesson from elsewhere, replacing a file) */
    KEYMAP_DEMO,    /* a demo script's strip (stepping through the script) */
    KEYMAP_REFS,    /* the references picture in the diagram's pane */
    KEYMAP_RETAINED, /* what keeps what alive (the retained-size view) */
    KEYMAP_ACROSS,   /* an expression in every objscope build (:across) */
    KEYMAP_COUNT
} KeymapId;

typedef enum {
    ACT_NONE,
    /* anywhere */
    ACT_HELP, ACT_QUIT, ACT_FOCUS, ACT_REDRAW, ACT_LESSONS, ACT_MOUSE, ACT_PASTE,
    ACT_REFS, ACT_DETAILS, ACT_DEMO_RESUME,
    /* the input line */
    ACT_SUBMIT, ACT_NEWLINE, ACT_LEFT, ACT_RIGHT, ACT_WORD_LEFT, ACT_WORD_RIGHT, ACT_HOME, ACT_END,
    ACT_BACKSPACE, ACT_DELETE_OR_EOF, ACT_KILL_END, ACT_KILL_START, ACT_KILL_WORD, ACT_YANK,
    ACT_UP, ACT_DOWN, ACT_SEARCH, ACT_COMPLETE, ACT_CANCEL_LINE, ACT_SCROLL_UP, ACT_SCROLL_DOWN,
    ACT_ESCAPE, ACT_UNDO, ACT_EDIT,
    /* the diagram; scrolling (SEL_UP .. BOTTOM) also in the lesson, help and lesson list */
    ACT_SEL_UP, ACT_SEL_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_FOLLOW,
    ACT_BACK, ACT_HEX, ACT_REFRESH, ACT_DEEP, ACT_STOP, ACT_ROW_INFO, ACT_TO_REPL, ACT_RETAINED,
    /* the retained-size view */
    ACT_TABLE, ACT_OPEN_LAYOUT,
    /* the lesson pane */
    ACT_LESSON_EXAMPLE, ACT_LESSON_HINT, ACT_LESSON_NEXT, ACT_LESSON_PREV, ACT_LESSON_STEP,
    ACT_LESSON_RESTART,
    /* a demo script */
    ACT_DEMO_NEXT, ACT_DEMO_BACK, ACT_DEMO_RESTART,
    /* overlays: choose, close, answer */
    ACT_CHOOSE, ACT_CLOSE, ACT_YES, ACT_NO,
} Action;

typedef struct {
    int key;             /* curses key code, KEY_CTRL(c), KEY_ALT(c) or a character */
    const char *keyname; /* as the help screen shows it; bindings next to each other with the
                          * same name show once (Enter and KEY_ENTER, the digits 1-9) */
    const char *help;    /* one line; empty entries are not allowed (a test checks) */
    Action action;
} KeyBinding;

const KeyBinding *keys_table(KeymapId map, size_t *count);
const char *keys_map_title(KeymapId map);
/* What typing text does in this keymap's view, for the help screen ("typed into the input
 * line"); NULL when text is not taken there (it is then ignored, or said to be no key). */
const char *keys_text_help(KeymapId map);
/* The action bound to key in map (ACT_NONE when unbound). */
Action keys_lookup(KeymapId map, int key);

#endif
