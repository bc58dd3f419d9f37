/* interp.h — the embedded interpreter: its life, and every call that runs learner code.
 *
 * One persistent __main__ namespace per run. Input is compiled the way Python's REPL does
 * (codeop), output is captured at the file-descriptor level (print(), os.write(1, ...), child
 * processes and C extensions alike), exceptions come back formatted by traceback. Every call
 * that can run learner code goes through one guarded door (src/py/door.h): a deadline where
 * there is one, Ctrl-C that a learner's SIGINT handler cannot swallow (a second Ctrl-C always
 * stops the code), a clear message on timeout. Callers get plain C results plus an opaque
 * handle to the value (a PyObject * they pass to src/layout, never dereference). */
#ifndef OBJSCOPE_INTERP_H
#define OBJSCOPE_INTERP_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"

struct _object; /* PyObject, kept opaque for code that does not include Python.h */

typedef enum {
    INTERP_VALUE,      /* an expression produced a value (bound to `_`, like the REPL) */
    INTERP_DONE,       /* statements ran (or the expression was None) */
    INTERP_INCOMPLETE, /* the block is not finished: ask for another line */
    INTERP_ERROR,      /* an exception, formatted in err */
    INTERP_EXIT,       /* the code raised SystemExit: exit_code says with what */
} InterpStatus;

typedef enum {
    INTERP_MODE_REPL, /* like the interactive prompt: 'single' via codeop, may be incomplete */
    INTERP_MODE_EXEC, /* a whole block of statements (never incomplete) */
    INTERP_MODE_EVAL, /* exactly one expression */
    INTERP_MODE_PEEK, /* one expression for objscope's own commands (:show, :compare): as EVAL,
                       * but `_` is left alone, since nothing was shown at the prompt */
} InterpMode;

typedef struct {
    InterpStatus status;
    /* Text is terminal-safe: control characters are escaped except newlines, tabs and carriage
     * returns, left for the reader to lay out as a terminal would. */
    char *out;              /* captured stdout, bounded (owned; never NULL) */
    char *err;              /* captured stderr then the traceback, bounded (owned; never NULL) */
    char *repr;             /* INTERP_VALUE: bounded repr of the value (owned), else NULL */
    bool repr_failed;       /* the value's __repr__ raised or timed out: repr says so */
    bool interrupted;       /* the evaluation was stopped by interp_interrupt() / SIGINT */
    int exit_code;          /* INTERP_EXIT */
    char *exit_message;     /* INTERP_EXIT: what Python prints to stderr as it exits ("bye\n"
                             * for sys.exit("bye")), else "" (owned; never NULL). Not in err: the
                             * explorer shows it once it has given the terminal back. */
    struct _object *value;  /* INTERP_VALUE: new reference owned by the result; INTERP_DONE:
                             * the last value the statements displayed (`1; [7]`), or NULL */
    char *repr_exact;       /* INTERP_VALUE: the repr's text unescaped (UTF-8, a lone surrogate
                             * encoded as 'surrogatepass' does), for --json; else NULL */
    bool timed_out;         /* interp_run_limited: the time limit stopped the code */
    char *threads_left;     /* interp_run_limited with wait_threads: the names of the threads
                             * the code started that were still running at the limit, ", "
                             * between them; "" when none (owned; never NULL) */
} InterpResult;

/* Start CPython and the helper module. Returns 0, or -1 with a message on stderr. */
int interp_init(void);
/* Stop CPython. Results still alive must have been freed. */
void interp_finalize(void);

/* Run source text in __main__. Never NULL; free with interp_result_free(). No time limit:
 * Ctrl-C (SIGINT, or interp_interrupt) stops it. r->out starts with any background output (what
 * a child process of an earlier run wrote since). */
InterpResult *interp_run(const char *source, InterpMode mode);
void interp_result_free(InterpResult *r);

/* interp_run with a time limit, for lessons' examples and solutions under the linter. */
typedef struct {
    InterpMode mode;
    int seconds;       /* stop the code after this long (r->timed_out says so); 0: no limit */
    bool wait_threads; /* then wait, within the same limit, for the non-daemon threads the code
                        * started (as the interpreter would at exit); r->threads_left names
                        * those still running, and r->timed_out is set when there are any */
} InterpLimits;
InterpResult *interp_run_limited(const char *source, const InterpLimits *limits);

/* References to r->value that objscope itself holds: the result's handle and the `_` binding. */
int interp_refs_held(const InterpResult *r);

/* Bounded repr of any object (reprlib limits, time limit); never runs unbounded. Owned string.
 * A long str, bytes or bytearray costs what is shown, not its size. */
char *interp_repr(struct _object *o, bool *failed);

/* Ask the running evaluation to stop with KeyboardInterrupt. Async-signal-safe. The first goes
 * to Python's SIGINT handler (the learner's, if they installed one); a second one while the same
 * code still runs raises KeyboardInterrupt whatever the handler does. */
void interp_interrupt(void);

/* input() called by learner code asks this hook for a line (NULL: EOF), handing it first what
 * the code has written so far (it is then no longer part of the run's result), so the caller
 * can show output, prompt and answer in the order a terminal would. Without a hook, input()
 * raises a clear error instead of waiting on a terminal it does not own. */
typedef char *(*InterpInputHook)(const char *written, const char *prompt, void *userdata);
void interp_set_input_hook(InterpInputHook hook, void *userdata);

/* ---- for the explorer ------------------------------------------------------------------- */

/* Completions of the dotted name before the cursor (`text`, e.g. "os.pa"), from Python's
 * rlcompleter over __main__; sorted, unique, at most INTERP_COMPLETE_MAX. Owned array of owned
 * strings (free with interp_strings_free); NULL with *count = 0 when there are none. */
char **interp_complete(const char *text, size_t *count);
void interp_strings_free(char **v, size_t count);
#define INTERP_COMPLETE_MAX 200

/* The call signature of what a dotted name (`print`, `os.path.join`, `p.move`) means in
 * __main__, then the first line of its docstring: "join(a, *p) - Join two or more pathname
 * components, ...", at most INTERP_SIGNATURE_MAX characters; NULL when the name is not
 * callable (or not a plain dotted name). Looking it up may run learner code (a property, a
 * __getattr__): it runs under the repr's time limit. Owned. */
char *interp_signature(const char *name);
#define INTERP_SIGNATURE_MAX 300

/* :mem STATEMENT — run statements under tracemalloc and report what they allocated: net bytes
 * still allocated afterwards, the peak during the run, the top allocating lines, and a note on
 * what tracemalloc cannot see. Only running the code is measured, not compiling it or
 * formatting its error. The run's own output and errors are in the result as for interp_run();
 * *report (owned) gets the text. */
InterpResult *interp_run_traced(const char *source, char **report);

/* Keep / drop a reference to a value handle (e.g. the objects a viewer walked through). */
void interp_value_retain(struct _object *o);
void interp_value_release(struct _object *o);
/* True when the REPL's `_` is bound to o (one of the references objscope holds). */
bool interp_binds_underscore(struct _object *o);

/* Short type name of a handle's object, for breadcrumbs ("list", "int"). Owned. */
char *interp_type_name(struct _object *o);
/* The type's name as objscope's layouts give it ("collections.OrderedDict"), unescaped: UTF-8,
 * a lone surrogate encoded as 'surrogatepass' does (for --json). Owned. */
char *interp_type_name_exact(struct _object *o);

/* Called when source given to interp_run() (and friends) compiled, just before it starts to
 * run; not for input that is incomplete or does not compile (NULL: nothing). The explorer
 * writes the input to its history there, so a crash or a kill while it runs cannot lose it. */
void interp_set_compiled_hook(void (*hook)(void *), void *userdata);

/* Called by os._exit() in learner code before the process ends (the UI restores the terminal
 * there). NULL: nothing to do. */
void interp_set_exit_hook(void (*hook)(void));

/* CPython's version as "3.12.1" (static string). */
const char *interp_python_version(void);

/* Longest captured output kept per stream; the rest is counted and dropped (and drained, so a
 * child process writing a lot never blocks). */
#define INTERP_OUTPUT_MAX (64 * 1024)
/* Seconds a __repr__ may run before it is stopped. */
#define INTERP_REPR_SECONDS 2

/* Call a Python-level __sizeof__ override of o's class once, through the door (the repr time
 * limit, Ctrl-C, its output discarded; call it holding no pointers into objects: the override
 * can change anything): 0 with *claim what it returned, or -1 with *error (owned) saying why not
 * ("ValueError: ...", "timed out after 2 s", "returned str, not a size"). The layout engine
 * never calls it. */
int interp_sizeof_claim(struct _object *o, long long *claim, char **error);

/* The layout of o (layout_describe), then what a Python __sizeof__ override of its class
 * claims (interp_sizeof_claim, compared by layout_set_sizeof_claim). Owned by the caller. */
Layout *interp_describe(struct _object *o, const LayoutOptions *opt);

/* ---- for lessons ------------------------------------------------------------------------ */

/* Evaluate one expression in __main__ quietly: no `_` binding, no sys.last_* set, its output
 * discarded, stopped after INTERP_REPR_SECONDS. It cannot end objscope: os._exit() and
 * os.kill() / os.killpg() of objscope itself raise RuntimeError instead. Returns 0 with *repr_or_error the value's
 * bounded repr (and *truthy its truth, when truthy is not NULL: bool() is then called, under
 * the same limit), or -1 with *repr_or_error Python's "Type: message" ("timed out after 2 s"
 * when stopped). *repr_or_error is owned; either pointer may be NULL. */
int interp_eval_quiet(const char *expr, char **repr_or_error, bool *truthy);
/* Import a module (a dotted name) quietly: nothing is bound in __main__, its output is
 * discarded; no time limit, but interp_interrupt() stops it. 0, or -1 with *error (owned, if
 * error is not NULL) Python's "Type: message". */
int interp_import_quiet(const char *module, char **error);

/* ---- the door, for the explorer ---------------------------------------------------------
 * How the main loop uses these:
 *  - interp_set_run_hooks(enter, leave): enter() runs before any learner code starts (turn the
 *    terminal's signal keys on: curses cbreak(), so Ctrl-C sends SIGINT), leave() after it
 *    ended and before the caller may draw again (raw() back). They also bracket the input()
 *    hook: leave() before it asks, enter() after. Nested calls run them once.
 *  - read keys inside interp_without_gil() (or wait with interp_wait_readable()), so Python
 *    threads run while the explorer waits.
 *  - show interp_take_background_output() now and then: what a child process or a Python
 *    thread wrote since the last run (it is otherwise shown first in the next run's r->out). */

/* Called around every stretch of learner code (NULL: nothing). */
void interp_set_run_hooks(void (*enter)(void *), void (*leave)(void *), void *userdata);

/* Code that will not stop. CPython checks for Ctrl-C only between bytecodes, so a loop inside C
 * code (sum(range(10**15))) ignores it. Per run: the first Ctrl-C goes to the code, and
 * notice() says the interrupt is pending; the second forces it; if the code still runs
 * INTERP_STUCK_SECONDS after it was forced (or after its time limit), notice() says it is stuck,
 * and the next Ctrl-C calls abandon() and ends the process with status 130.
 *  - notice(text, userdata): one line for the status bar. Called from another thread while the
 *    Python thread is still inside the code and the caller is not drawing: it must not call
 *    Python or curses (write escape sequences to the terminal, and repaint everything after).
 *  - abandon(userdata): from that thread too, the real file descriptors back: save what must
 *    be saved (the input being run, into the history) and restore the terminal. It must return.
 * Without hooks (batch use) being stuck is said on stderr and the process ends just the same. */
void interp_set_stuck_hooks(void (*notice)(const char *text, void *userdata),
                            void (*abandon)(void *userdata), void *userdata);
#define INTERP_STUCK_SECONDS 3
#define INTERP_STUCK_EXIT 130

/* Run fn(arg) with the GIL released, so Python threads run meanwhile; fn must not touch Python.
 * Returns fn's result. Called with the GIL (from the thread that started Python). */
int interp_without_gil(int (*fn)(void *), void *arg);
/* Wait until fd is readable or timeout_ms passed (-1: no limit), Python threads running
 * meanwhile. 1 readable, 0 timed out (or a signal arrived), -1 error. */
int interp_wait_readable(int fd, int timeout_ms);

/* Background output: what child processes of earlier runs and Python threads wrote since the
 * last run (stdout then stderr), terminal-safe as r->out is. Owned; "" when there is none. */
char *interp_take_background_output(void);

/* In batch use: code that ignores a time limit's interrupts for this many more seconds ends the
 * process (status 1, a message on stderr). 0 (the default): never. */
void interp_set_give_up(int seconds);

#endif
