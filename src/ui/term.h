/* term.h — the terminal's life: curses start and stop, the modes used while learner code runs,
 * bracketed paste and mouse, and restoring the terminal on every exit path, fatal signals
 * included (restore, then let the previous handler — Python's faulthandler — report). */
#ifndef OBJSCOPE_TERM_H
#define OBJSCOPE_TERM_H

#include <stdbool.h>

/* Start curses (locale already set). Returns false with a message on stderr if it cannot. */
bool term_start(void);
/* Put the terminal back as it was. Safe to call twice. */
void term_stop(void);
/* While learner code runs, Ctrl-C must raise SIGINT (KeyboardInterrupt), while Ctrl-Z and
 * Ctrl-\ (Ctrl-backslash) neither suspend nor quit objscope; at the prompt all three are keys.
 * Back at the prompt, what the code did to resizes is undone: a SIGWINCH handler of its own (GNU
 * readline's, from `import readline` or pdb) and LINES/COLUMNS it wrote. The explorer calls it
 * from the door's hooks, around every stretch of Python code. */
void term_code_running(bool running);
/* Write one line over the status bar while learner code runs (fd 1 is then a pipe): from
 * another thread, with curses untouched; the screen is repainted whole when the code ends. */
void term_notice(const char *text);
/* Give the terminal to another program (an editor) for the length of `sh -c COMMAND "$1"` with
 * $1 = arg, objscope ignoring Ctrl-C meanwhile, then take it back and redraw. Returns the
 * command's exit status (127: it could not be started; -1: fork failed). */
int term_run_program(const char *command, const char *arg);
/* True when the locale can show UTF-8 line drawing and arrows. */
bool term_utf8(void);

#endif
