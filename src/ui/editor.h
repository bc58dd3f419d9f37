/* editor.h — the input line's text model: a multi-line UTF-8 buffer with a cursor, readline /
 * Emacs editing and a kill ring of one. Pure logic (no curses), so every key is unit-tested.
 * The view maps keys to these calls and draws editor_text() with the cursor from editor_cursor(). */
#ifndef OBJSCOPE_EDITOR_H
#define OBJSCOPE_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Editor Editor;

Editor *editor_new(void);
void editor_free(Editor *e);

/* The whole text (lines joined with '\n'), owned by the editor, valid until the next change. */
const char *editor_text(const Editor *e);
size_t editor_len(const Editor *e);
/* Replace the text and put the cursor at its end (history recall, completion). */
void editor_set(Editor *e, const char *text);
void editor_clear(Editor *e);

/* Cursor as a byte offset into editor_text(), and as (line, display column). */
size_t editor_cursor(const Editor *e);
void editor_cursor_rowcol(const Editor *e, size_t *line, size_t *col);
size_t editor_line_count(const Editor *e);
/* Put the cursor at byte offset pos (clamped to the text, then back to a code point boundary),
 * e.g. for a mouse click. */
void editor_set_cursor(Editor *e, size_t pos);

/* Editing. Text is UTF-8; the cursor always sits on a code point boundary. */
void editor_insert(Editor *e, const char *s, size_t n);
void editor_newline(Editor *e);           /* insert '\n' plus the current line's indentation,
                                             one level more after a line opening a block */
/* Remove the indentation editor_newline just added, if nothing else changed since (the cursor
 * is right after it). For pasted text that brings its own: indentation must not stack. */
bool editor_drop_autoindent(Editor *e);
void editor_backspace(Editor *e);         /* one code point back; inside leading spaces, to the
                                             previous 4-column stop, like Python's REPL */
void editor_delete(Editor *e);            /* the code point under the cursor (Delete, Ctrl-D) */
void editor_left(Editor *e);              /* Left, Ctrl-B */
void editor_right(Editor *e);             /* Right, Ctrl-F */
void editor_word_left(Editor *e);         /* Alt-B */
void editor_word_right(Editor *e);        /* Alt-F */
void editor_home(Editor *e);              /* Home, Ctrl-A: start of the current line */
void editor_end(Editor *e);               /* End, Ctrl-E: end of the current line */
bool editor_up(Editor *e);                /* to the line above, same column; false on the first */
bool editor_down(Editor *e);              /* to the line below; false on the last */
void editor_kill_to_end(Editor *e);       /* Ctrl-K: to end of line (joins lines at the end) */
void editor_kill_to_start(Editor *e);     /* Ctrl-U: to start of line */
void editor_kill_word_back(Editor *e);    /* Ctrl-W: the word (and spaces) before the cursor, or
                                             a run of punctuation; at a line start, the newline */
void editor_yank(Editor *e);              /* Ctrl-Y: insert the last killed text */
/* Ctrl-_ / Ctrl-Z: take back the last change (a run of typing or of deleting is one change;
 * the text a new input starts with, from editor_set, is where undo stops). false when there
 * is nothing to undo. At most 200 changes are kept, and none of a text over 4 MB. */
bool editor_undo(Editor *e);
/* The text Ctrl-Y would insert ("" when nothing was killed). Consecutive kills collect into one
 * text, as in Emacs: forward kills append to it, backward kills prepend. */
const char *editor_killed(const Editor *e);
/* Text from the start of the current word to the cursor (for completion). */
char *editor_word_before_cursor(const Editor *e); /* owned */
/* Replace the `n` bytes before the cursor with s (completion). */
void editor_replace_before_cursor(Editor *e, size_t n, const char *s);

/* Display width of UTF-8 text in terminal columns (wcwidth; control characters count 0, code
 * points wcwidth rejects and bytes that are not valid UTF-8 count 1). */
size_t editor_display_width(const char *s, size_t n);

#endif
