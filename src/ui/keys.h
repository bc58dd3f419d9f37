/* keys.h — every key binding, one table per keymap. The same tables drive dispatch and draw
 * the help screen, so help can never drift from what the keys do. */
#ifndef OBJSCOPE_KEYS_H
#define OBJSCOPE_KEYS_H

#include <stddef.h>

/* Keys beyond curses' own codes: Alt+c (ESC then c) and the bracketed-paste markers. */
#define KEY_ALT(c) (0x4000 + (c))
#define KEY_PASTE_BEGIN 0x5001
#define KEY_PASTE_END 0x5002
#define KEY_CTRL(c) ((c) & 0x1f)

typedef enum { KEYMAP_GLOBAL, KEYMAP_REPL, KEYMAP_DIAGRAM, KEYMAP_LESSON, KEYMAP_COUNT } KeymapId;

typedef enum {
    ACT_NONE,
    /* anywhere */
    ACT_HELP, ACT_QUIT, ACT_FOCUS, ACT_REDRAW, ACT_LESSONS,
    /* the input line */
    ACT_SUBMIT, ACT_NEWLINE, ACT_LEFT, ACT_RIGHT, ACT_WORD_LEFT, ACT_WORD_RIGHT, ACT_HOME, ACT_END,
    ACT_BACKSPACE, ACT_DELETE_OR_EOF, ACT_KILL_END, ACT_KILL_START, ACT_KILL_WORD, ACT_YANK,
    ACT_UP, ACT_DOWN, ACT_SEARCH, ACT_COMPLETE, ACT_CANCEL_LINE, ACT_SCROLL_UP, ACT_SCROLL_DOWN,
    ACT_ESCAPE,
    /* the diagram */
    ACT_SEL_UP, ACT_SEL_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_FOLLOW,
    ACT_BACK, ACT_HEX, ACT_REFRESH, ACT_DEEP, ACT_TO_REPL,
    /* the lesson pane (dispatched by ui/lessonview.c) */
    ACT_LESSON_KEY,
} Action;

typedef struct {
    int key;             /* curses key code, KEY_CTRL(c), KEY_ALT(c) or a character */
    const char *keyname; /* as the help screen shows it */
    const char *help;    /* one line; empty entries are not allowed (a test checks) */
    Action action;
} KeyBinding;

const KeyBinding *keys_table(KeymapId map, size_t *count);
const char *keys_map_title(KeymapId map);
/* The action bound to key in map (ACT_NONE when unbound). */
Action keys_lookup(KeymapId map, int key);

#endif
