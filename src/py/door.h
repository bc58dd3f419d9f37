/* door.h — the one guarded way into Python code that may be the learner's (internal to
 * src/py; interp.h is the public face).
 *
 * Every call that can run learner code — running input, __repr__, a __sizeof__ override,
 * completion, lesson checks, a __del__ — passes through door_pass(). While it is open:
 *  - a deadline can stop the code: a helper thread raises KeyboardInterrupt in it through a
 *    pending call (which no SIGINT handler of the learner's can swallow) and by tripping SIGINT
 *    (which Python acts on inside a sleep), and wakes the Python thread with a signal of its
 *    own; again every 250 ms until the code gives up;
 *  - Ctrl-C works: SIGINT goes to Python as usual (so a learner's handler still sees the
 *    first), and a second Ctrl-C in the same call raises KeyboardInterrupt whatever handler is
 *    installed. Code inside C checks for neither: when it still runs a few seconds after it was
 *    forced to stop (a second Ctrl-C, or its deadline), the door says it is stuck, and the next
 *    Ctrl-C ends the process (status 130) after the embedder saved what it must; objscope's own calls (repr, sizes, completion, checks) set the learner's
 *    handler aside, so even the first Ctrl-C or the deadline stops a sleeping __repr__;
 *  - output is captured at the file-descriptor level (capture.h), and sys.stdout / sys.stderr
 *    write into the same pipes, so print(), os.write(1, ...) and child processes keep order;
 *  - the embedder's hooks run on the way in and out (the explorer turns the terminal's
 *    interrupt key on, and off again before it draws).
 * Doors nest: an inner one (the repr of a run's value) keeps the outer's capture and hooks and
 * may only shorten its deadline. The same helper thread drains the output pipes. */
#ifndef OBJSCOPE_PY_DOOR_H
#define OBJSCOPE_PY_DOOR_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>

typedef struct {
    double seconds; /* stop the code after this long; 0: no deadline */
    bool own;       /* objscope's own call: the learner's SIGINT handler is set aside */
} DoorRules;

typedef struct {
    bool timed_out;   /* the deadline passed while the call ran */
    bool interrupted; /* Ctrl-C (or interp_interrupt) arrived while the call ran */
    double seconds;   /* how long the call took, pauses for input() not counted */
} DoorReport;

/* The code behind the door: returns a new reference, or NULL with an exception set. */
typedef PyObject *(*DoorFn)(void *arg);

/* Once Python runs: make_streams(out_fd, err_fd) -> (stdout, stderr) makes the writers code
 * sees while a door is open (borrowed for the interpreter's life). 0, or -1. */
int door_init(PyObject *make_streams, PyObject *sink);
/* Stop the helper thread and close the pipes (before Py_FinalizeEx). */
void door_finalize(void);

/* Run fn(arg) behind the door. The only way objscope runs code that may be the learner's.
 * Called from the thread that started Python, with the GIL; from any other thread fn simply
 * runs. report may be NULL. */
PyObject *door_pass(const DoorRules *rules, DoorFn fn, void *arg, DoorReport *report);
/* callable(*args) behind the door (args: a tuple, or NULL for none). */
PyObject *door_call(const DoorRules *rules, PyObject *callable, PyObject *args,
                    DoorReport *report);

/* True while a door is open (in this thread). */
bool door_is_open(void);
/* The writers of the open door (borrowed), NULL when none is open. */
PyObject *door_stream(int stream);
/* Flush the open door's writers into the pipes (input() shows what came before it). */
void door_flush_streams(void);

/* Step out for a moment (input() asks the embedder for a line): the real file descriptors and
 * the embedder's terminal come back, and the deadline stops counting. */
void door_pause(void);
void door_resume(void);
/* The process is about to end inside a door (os._exit): give the real fds back and run the
 * embedder's leave hook. */
void door_abandon(void);

/* Ask the code behind the door to stop (KeyboardInterrupt). Async-signal-safe. */
void door_interrupt(void);

void door_set_hooks(void (*enter)(void *), void (*leave)(void *), void *userdata);
/* Code that will not stop: notice(text) from the helper thread, abandon() before the process
 * ends with 130 on a Ctrl-C after the code was said to be stuck (interp_set_stuck_hooks). */
void door_set_stuck_hooks(void (*notice)(const char *, void *), void (*abandon)(void *),
                          void *userdata);
/* In batch use: when code ignores the deadline's interrupts for this long, print why on the real
 * stderr and end the process with status 1. 0: never (the explorer). */
void door_set_give_up(int seconds);

/* True in a copy made by fork() from learner code (os.fork, multiprocessing): doors there
 * are plain calls, and the copy ends (status 0, touching neither the terminal nor anything of
 * the embedder's) when the run that forked returns in it. */
bool door_in_forked_child(void);

#endif
