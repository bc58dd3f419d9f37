/* input.h — keys from the terminal: curses key codes, Alt+c (ESC then c) as KEY_ALT(c), Enter
 * as '\n', text as UTF-8; with a wait of 0 it only takes what is already waiting, which is how
 * the main loop handles a burst of input (a paste without bracketed-paste markers, keys sent
 * faster than it draws) before it draws once. Python threads run while it waits. */
#ifndef OBJSCOPE_INPUT_H
#define OBJSCOPE_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Read one key, waiting up to wait_ms milliseconds (-1: until one comes, 0: only if one is
 * waiting). typed gets the key's text ("" for a key that is not text), n bytes at most.
 * Returns false when nothing came. */
bool input_read_key(int *key, char *typed, size_t n, int wait_ms);

/* True once reading found the terminal gone (end of file, hung up, closed): no key will ever
 * come, and the explorer ends as Python's prompt does at end of file. */
bool input_terminal_gone(void);
/* Look now (after learner code ran: it may have closed fds 0-2, and their numbers may name its
 * own files since); false when the terminal is gone. */
bool input_check_terminal(void);

/* input_read_key, letting Python's threads run while it waits (the GIL released, as Python's
 * own prompt does), unless threads_run is false: while a count is in flight (view.h's busy) its
 * steps hold raw pointers, and no thread may change the objects between them. */
bool input_wait_key(int *key, char *typed, size_t n, int wait_ms, bool threads_run);

/* After KEY_PASTE_BEGIN: the pasted text, read straight from the terminal in small blocks up to
 * the end marker (a megabyte in milliseconds, where curses would take seconds a byte at a
 * time). Line ends become '\n'; tabs and text are kept; other control bytes are dropped. Bytes
 * that came after the end marker go back to curses as keys. Keeps max bytes at most (the rest
 * is read and dropped); stops early when the terminal sends nothing for two seconds (one that
 * never sends the end). Owned. */
char *input_read_paste(size_t max);

#endif
