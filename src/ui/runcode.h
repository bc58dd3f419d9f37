/* runcode.h — the explorer running learner code: the input line's Enter, a paste split into
 * statements (ui/paste.h), : commands' expressions, and input() asked on the input line. Code
 * runs with Ctrl-C turned into KeyboardInterrupt (the door's hooks, set in app.c); what it
 * printed, its result and its error go to the REPL's scrollback, its value to the diagram, and
 * the lesson checks its task after. */
#ifndef OBJSCOPE_RUNCODE_H
#define OBJSCOPE_RUNCODE_H

#include "py/interp.h"
#include "ui/appstate.h"

/* Enter: run the editor's input, or keep editing an unfinished block. A ':' line is a
 * command (commands.h). */
void runcode_submit(App *a);
/* Pasted text: statement by statement as if typed; a block still open at the end runs as the
 * end of a file would run it; text after an unfinished line stays in the editor. */
void runcode_paste(App *a, const char *text);

/* Run source (traced: under tracemalloc, *traced gets the report) with the status line saying
 * so. The result is the caller's. */
InterpResult *runcode_run(App *a, const char *src, InterpMode mode, char **traced);
/* The result's output, errors and value to the scrollback. */
void runcode_show_result(App *a, InterpResult *r);
/* After an input ran: objscope lets go of what the code no longer refers to (saying so, with
 * what finalizers printed), the diagram (of the value, or read again), the lesson's check,
 * quitting on SystemExit. Takes r->value for the diagram. */
void runcode_after_run(App *a, InterpResult *r, const char *src);
/* Remember an input that ran for :save, unless Python could not compile it or it was
 * interrupted; one that raised is remembered with its exception's name. */
void runcode_record(App *a, const char *src, const InterpResult *r, bool from_setup);
/* Evaluate an expression for a command (:show, :compare; `_` is left alone): a handle to its
 * value (the caller's), or NULL (its error is already in the scrollback). */
InterpHandle *runcode_eval(App *a, const char *expr);

/* :edit and F7: the input (or, when it is empty, the newest entry of the history that is not a
 * : command) in the
 * learner's editor ($VISUAL, $EDITOR, else vi); when it comes back changed, it runs as a paste
 * would. */
void runcode_edit_external(App *a);

/* interp's compiled hook: the input being run goes into history (userdata is the App). */
void runcode_compiled_hook(void *userdata);

/* interp's input() hook: the answer is read on the input line (userdata is the App). */
char *runcode_input_hook(const char *written, const char *prompt, void *userdata);

#endif
