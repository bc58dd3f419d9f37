/* keys.c — the key tables (see keys.h). Order matters only for the help screen; a key may appear
 * twice in a table only with the same action (e.g. Left and Ctrl-B). */
#include <curses.h>

#include "ui/keys.h"

static const KeyBinding global_keys[] = {
    {KEY_F(1), "F1", "help: every key and command", ACT_HELP},
    {'?', "?", "help (in the diagram, or on an empty input line)", ACT_HELP},
    {KEY_F(2), "F2", "the lessons (also :lessons), with your progress", ACT_LESSONS},
    {KEY_F(6), "F6", "move focus: REPL, diagram, lesson", ACT_FOCUS},
    {KEY_CTRL('l'), "Ctrl-L", "redraw the screen", ACT_REDRAW},
    {KEY_F(10), "F10", "quit (also :quit, or Ctrl-D on an empty line)", ACT_QUIT},
    {KEY_MOUSE, "click, wheel", "a click focuses a pane (and selects a row); the wheel scrolls",
     ACT_MOUSE},
    {KEY_PASTE_BEGIN, "paste", "pasted code runs statement by statement, as from a file",
     ACT_PASTE},
};

static const KeyBinding repl_keys[] = {
    {'\n', "Enter", "run the input, or continue an unfinished block", ACT_SUBMIT},
    {KEY_ENTER, "Enter", "run the input, or continue an unfinished block", ACT_SUBMIT},
    {KEY_ALT('\n'), "Alt-Enter", "new line without running", ACT_NEWLINE},
    {'\t', "Tab", "complete a name (on an empty line: focus the diagram)", ACT_COMPLETE},
    {KEY_UP, "Up", "previous line of the block, or previous history entry", ACT_UP},
    {KEY_DOWN, "Down", "next line of the block, or next history entry", ACT_DOWN},
    {KEY_CTRL('r'), "Ctrl-R", "search history backwards (again: older match)", ACT_SEARCH},
    {KEY_LEFT, "Left", "back one character", ACT_LEFT},
    {KEY_CTRL('b'), "Ctrl-B", "back one character", ACT_LEFT},
    {KEY_RIGHT, "Right", "forward one character; at the end, take the dim suggestion", ACT_RIGHT},
    {KEY_CTRL('f'), "Ctrl-F", "forward one character; at the end, take the dim suggestion", ACT_RIGHT},
    {KEY_ALT('b'), "Alt-B", "back one word", ACT_WORD_LEFT},
    {KEY_ALT('f'), "Alt-F", "forward one word", ACT_WORD_RIGHT},
    {KEY_HOME, "Home", "start of the line", ACT_HOME},
    {KEY_CTRL('a'), "Ctrl-A", "start of the line", ACT_HOME},
    {KEY_END, "End", "end of the line; at the end, take the dim suggestion", ACT_END},
    {KEY_CTRL('e'), "Ctrl-E", "end of the line; at the end, take the dim suggestion", ACT_END},
    {KEY_BACKSPACE, "Backspace", "delete before the cursor", ACT_BACKSPACE},
    {127, "Backspace", "delete before the cursor", ACT_BACKSPACE},
    {KEY_CTRL('h'), "Ctrl-H", "delete before the cursor", ACT_BACKSPACE},
    {KEY_DC, "Delete", "delete under the cursor", ACT_DELETE_OR_EOF},
    {KEY_CTRL('d'), "Ctrl-D", "delete under the cursor; on an empty line, quit", ACT_DELETE_OR_EOF},
    {KEY_CTRL('k'), "Ctrl-K", "cut to the end of the line", ACT_KILL_END},
    {KEY_CTRL('u'), "Ctrl-U", "cut to the start of the line", ACT_KILL_START},
    {KEY_CTRL('w'), "Ctrl-W", "cut the word before the cursor", ACT_KILL_WORD},
    {KEY_CTRL('y'), "Ctrl-Y", "paste what was cut last", ACT_YANK},
    {KEY_CTRL('_'), "Ctrl-_", "undo the last change (a run of typing is one)", ACT_UNDO},
    {KEY_CTRL('z'), "Ctrl-Z", "undo the last change (a run of typing is one)", ACT_UNDO},
    {KEY_CTRL('c'), "Ctrl-C",
     "clear the line; on an empty one, stop a deep-size count (while code runs: interrupt it)",
     ACT_CANCEL_LINE},
    {27, "Esc", "close the completion list or the history search; else stop a deep-size count",
     ACT_ESCAPE},
    {KEY_F(7), "F7", "edit the input (or the last one) in $EDITOR; it runs when saved", ACT_EDIT},
    {KEY_PPAGE, "PgUp", "scroll the REPL output up", ACT_SCROLL_UP},
    {KEY_NPAGE, "PgDn", "scroll the REPL output down", ACT_SCROLL_DOWN},
};

/* Moving the selection in a list of rows: Up/Down (k/j), PgUp/PgDn, Home/End (g/G). */
#define SELECTION_KEYS(last_row)                                                                \
    {KEY_UP, "Up", "select the row above", ACT_SEL_UP},                                       \
    {'k', "k", "select the row above", ACT_SEL_UP},                                           \
    {KEY_DOWN, "Down", "select the row below", ACT_SEL_DOWN},                                 \
    {'j', "j", "select the row below", ACT_SEL_DOWN},                                         \
    {KEY_PPAGE, "PgUp", "page up", ACT_PAGE_UP},                                              \
    {KEY_NPAGE, "PgDn", "page down", ACT_PAGE_DOWN},                                          \
    {KEY_HOME, "Home", "first row", ACT_TOP},                                                 \
    {'g', "g", "first row", ACT_TOP},                                                         \
    {KEY_END, "End", last_row, ACT_BOTTOM},                                                   \
    {'G', "G", last_row, ACT_BOTTOM}

static const KeyBinding diagram_keys[] = {
    SELECTION_KEYS("last row, and the size summary below it"),
    {'\n', "Enter", "open the object this field points to, or an elided run", ACT_FOLLOW},
    {KEY_ENTER, "Enter", "open the object this field points to, or an elided run", ACT_FOLLOW},
    {KEY_RIGHT, "Right", "open the object this field points to", ACT_FOLLOW},
    {KEY_BACKSPACE, "Backspace", "back to the previous object", ACT_BACK},
    {127, "Backspace", "back to the previous object", ACT_BACK},
    {KEY_LEFT, "Left", "back to the previous object", ACT_BACK},
    {'h', "h", "toggle the hex view of the object's bytes", ACT_HEX},
    {'i', "i", "the selected row in full: type, size, value, note, bytes", ACT_ROW_INFO},
    {'r', "r", "refresh: read the object's memory again (and call a failed __sizeof__ again)",
     ACT_REFRESH},
    {'d', "d", "compute the deep size again (Esc stops it)", ACT_DEEP},
    {'R', "R", "what this object keeps alive: retained sizes, largest first", ACT_RETAINED},
    {KEY_CTRL('c'), "Ctrl-C", "stop a deep-size count", ACT_STOP},
    {'\t', "Tab", "back to the REPL", ACT_TO_REPL},
    {27, "Esc", "stop a deep-size count; else back to the REPL", ACT_ESCAPE},
    {'q', "q", "back to the REPL", ACT_TO_REPL},
};

static const KeyBinding lesson_keys[] = {
    {'e', "e", "send the step's next example to the REPL and run it", ACT_LESSON_EXAMPLE},
    {'?', "?", "show a hint, one more each time; then the solution (asks first)", ACT_LESSON_HINT},
    {'n', "n", "next step", ACT_LESSON_NEXT},
    {'p', "p", "previous step", ACT_LESSON_PREV},
    {'1', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'2', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'3', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'4', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'5', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'6', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'7', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'8', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'9', "1-9", "jump to that step", ACT_LESSON_STEP},
    {'r', "r", "restart the lesson: asks first, r again forgets its progress", ACT_LESSON_RESTART},
    {KEY_UP, "Up", "scroll the step up a line", ACT_SEL_UP},
    {KEY_DOWN, "Down", "scroll the step down a line", ACT_SEL_DOWN},
    {KEY_PPAGE, "PgUp", "scroll the step up a page", ACT_PAGE_UP},
    {KEY_NPAGE, "PgDn", "scroll the step down a page", ACT_PAGE_DOWN},
    {27, "Esc", "close the lesson (progress is kept)", ACT_CLOSE},
    {'q', "q", "close the lesson (progress is kept)", ACT_CLOSE},
};

static const KeyBinding help_keys[] = {
    {KEY_UP, "Up", "scroll up a line", ACT_SEL_UP},
    {'k', "k", "scroll up a line", ACT_SEL_UP},
    {KEY_DOWN, "Down", "scroll down a line", ACT_SEL_DOWN},
    {'j', "j", "scroll down a line", ACT_SEL_DOWN},
    {KEY_PPAGE, "PgUp", "scroll up a page", ACT_PAGE_UP},
    {KEY_NPAGE, "PgDn", "scroll down a page", ACT_PAGE_DOWN},
    {' ', "Space", "scroll down a page", ACT_PAGE_DOWN},
    {KEY_HOME, "Home", "the top", ACT_TOP},
    {'g', "g", "the top", ACT_TOP},
    {KEY_END, "End", "the end", ACT_BOTTOM},
    {'G', "G", "the end", ACT_BOTTOM},
    {27, "Esc", "close the help", ACT_CLOSE},
    {'q', "q", "close the help", ACT_CLOSE},
    {KEY_F(1), "F1", "close the help", ACT_CLOSE},
    {'?', "?", "close the help", ACT_CLOSE},
    {'\n', "Enter", "close the help", ACT_CLOSE},
    {KEY_ENTER, "Enter", "close the help", ACT_CLOSE},
    {KEY_F(10), "F10", "close the help", ACT_CLOSE},
};

static const KeyBinding menu_keys[] = {
    {KEY_UP, "Up", "the lesson above", ACT_SEL_UP},
    {'k', "k", "the lesson above", ACT_SEL_UP},
    {KEY_DOWN, "Down", "the lesson below", ACT_SEL_DOWN},
    {'j', "j", "the lesson below", ACT_SEL_DOWN},
    {KEY_HOME, "Home", "the first lesson", ACT_TOP},
    {KEY_END, "End", "the last lesson", ACT_BOTTOM},
    {'\n', "Enter", "open the chosen lesson", ACT_CHOOSE},
    {KEY_ENTER, "Enter", "open the chosen lesson", ACT_CHOOSE},
    {27, "Esc", "close the list", ACT_CLOSE},
    {'q', "q", "close the list", ACT_CLOSE},
    {KEY_F(2), "F2", "close the list", ACT_CLOSE},
};

static const KeyBinding row_keys[] = {
    {KEY_UP, "Up", "scroll up a line", ACT_SEL_UP},
    {KEY_DOWN, "Down", "scroll down a line", ACT_SEL_DOWN},
    {KEY_PPAGE, "PgUp", "scroll up a page", ACT_PAGE_UP},
    {KEY_NPAGE, "PgDn", "scroll down a page", ACT_PAGE_DOWN},
    {27, "Esc", "back to the diagram", ACT_CLOSE},
    {'q', "q", "back to the diagram", ACT_CLOSE},
    {'i', "i", "back to the diagram", ACT_CLOSE},
    {'\n', "Enter", "back to the diagram", ACT_CLOSE},
    {KEY_ENTER, "Enter", "back to the diagram", ACT_CLOSE},
};

static const KeyBinding confirm_keys[] = {
    {'y', "y", "yes: open the lesson (it runs its code), replace the file", ACT_YES},
    {'n', "n", "no", ACT_NO},
    {27, "Esc", "no", ACT_NO},
};

static const KeyBinding retained_keys[] = {
    SELECTION_KEYS("last row"),
    {'\n', "Enter", "go down: what the selected object keeps alive", ACT_FOLLOW},
    {KEY_ENTER, "Enter", "go down: what the selected object keeps alive", ACT_FOLLOW},
    {KEY_RIGHT, "Right", "go down: what the selected object keeps alive", ACT_FOLLOW},
    {KEY_BACKSPACE, "Backspace", "back up to the object above", ACT_BACK},
    {127, "Backspace", "back up to the object above", ACT_BACK},
    {KEY_LEFT, "Left", "back up to the object above", ACT_BACK},
    {'t', "t", "the table by type, or back to the rows", ACT_TABLE},
    {'o', "o", "the selected object's layout, in the diagram", ACT_OPEN_LAYOUT},
    {KEY_CTRL('c'), "Ctrl-C", "stop counting", ACT_STOP},
    {27, "Esc", "stop counting; else back to the diagram", ACT_ESCAPE},
    {'q', "q", "back to the diagram", ACT_CLOSE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const KeyBinding *keys_table(KeymapId map, size_t *count)
{
    switch (map) {
    case KEYMAP_GLOBAL: *count = COUNT(global_keys); return global_keys;
    case KEYMAP_REPL: *count = COUNT(repl_keys); return repl_keys;
    case KEYMAP_DIAGRAM: *count = COUNT(diagram_keys); return diagram_keys;
    case KEYMAP_LESSON: *count = COUNT(lesson_keys); return lesson_keys;
    case KEYMAP_HELP: *count = COUNT(help_keys); return help_keys;
    case KEYMAP_MENU: *count = COUNT(menu_keys); return menu_keys;
    case KEYMAP_ROW: *count = COUNT(row_keys); return row_keys;
    case KEYMAP_CONFIRM: *count = COUNT(confirm_keys); return confirm_keys;
    case KEYMAP_RETAINED: *count = COUNT(retained_keys); return retained_keys;
    default: *count = 0; return NULL;
    }
}

const char *keys_map_title(KeymapId map)
{
    static const char *const titles[KEYMAP_COUNT] = {
        "Anywhere", "The input line", "The diagram", "A lesson", "This help",
        "The lesson list", "A diagram row in full (i)",
        "A yes/no question", "What keeps what alive (R, :retained)",
    };
    return map < KEYMAP_COUNT ? titles[map] : "";
}

const char *keys_text_help(KeymapId map)
{
    switch (map) {
    case KEYMAP_REPL: return "typed into the input line";
    case KEYMAP_DIAGRAM: return "moves to the input line and is typed there";
    default: return NULL;
    }
}

Action keys_lookup(KeymapId map, int key)
{
    size_t n;
    const KeyBinding *t = keys_table(map, &n);
    for (size_t i = 0; i < n; i++)
        if (t[i].key == key)
            return t[i].action;
    return ACT_NONE;
}
