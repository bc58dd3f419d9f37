/* door.c — the guarded door into learner code (see door.h): deadlines, Ctrl-C that a learner's
 * SIGINT handler cannot swallow, captured file descriptors and the embedder's hooks, and the
 * helper thread that watches the clock, counts Ctrl-C and drains the output pipes. */
#include "py/door.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "py/capture.h"
#include "py/interp.h"
#include "py/pyutil.h"

/* After the deadline, the interrupt is repeated this often: code may catch one. */
#define DOOR_REFORCE_SECONDS 0.25
/* Code still running this long after it was forced to stop (a second Ctrl-C, or its deadline)
 * is stuck where no interrupt reaches (a loop inside C code: sum(range(10**15))): the door says
 * so, and the next Ctrl-C ends objscope. */
#define DOOR_STUCK_SECONDS ((double)INTERP_STUCK_SECONDS)
/* objscope's exit status when it leaves code stuck in C on Ctrl-C, as a shell reports SIGINT. */
#define DOOR_STUCK_EXIT INTERP_STUCK_EXIT
/* A signal the learner's code has no use for, with a Python-level handler of objscope's
 * (on_wake): sent to the Python thread to stop the code there (see force_locked). */
#define WAKE_SIGNAL SIGURG
/* What a byte on the wake pipe says. */
#define WAKE_STATE 0xFF  /* a door opened with a deadline the helper must watch */
#define WAKE_STOP 0xFE   /* the helper must end */
#define WAKE_FORCE 0xFD  /* objscope itself asks to stop the code (interp_interrupt) */
#define WAKE_CTRL_C 0xFC /* SIGINT arrived */

/* The limits of the innermost open door, as the helper thread sees them. */
typedef struct {
    double deadline;   /* door time (pauses not counted); 0: none */
    bool inherited;    /* the deadline is the enclosing door's */
    bool own;          /* objscope's own call */
    bool timed_out;
    bool forcing;      /* interrupting every DOOR_REFORCE_SECONDS */
    double next_force;
    int sigints;       /* Ctrl-C seen while this door was open */
} DoorLimit;

/* One open door, on the C stack of door_pass. */
typedef struct {
    DoorLimit outer;           /* the enclosing door's limits, given back on closing */
    double started;
    sig_atomic_t ctrl_c_before; /* ctrl_c_count when it opened */
    bool outermost;
    PyObject *learner_handler; /* own door: the learner's SIGINT handler, set aside (strong) */
    /* outermost only */
    PyObject *saved_out, *saved_err;
    struct sigaction old_sigint;
    PyObject *sigint_handler; /* Python's SIGINT handler when the door opened (strong) */
} DoorFrame;

static struct {
    /* set by door_init */
    PyObject *make_streams, *sink;                           /* borrowed */
    PyObject *signal_fn, *getsignal_fn, *default_handler; /* strong; signal_fn the original */
    pthread_t python_thread;
    /* the helper, started by the first door in each process */
    pid_t pid;
    pthread_t helper;
    bool helper_running;
    int wake[2];
    /* the Python thread's own state */
    int depth;
    PyObject *streams[CAPTURE_STREAMS]; /* strong; made once per process, again if closed */
    bool paused;
    double pause_started;
    void (*enter)(void *), (*leave)(void *);
    void *userdata;
    /* shared with the helper, under lock */
    pthread_mutex_t lock;
    unsigned long gen; /* changes whenever a door opens or closes: stale interrupts are ignored */
    unsigned long forced; /* the gen of the door the helper is stopping; 0: none (see force_locked) */
    bool active;       /* a door is open and not paused */
    double alarm;      /* door time the helper will look again by itself; 0: only when woken */
    DoorLimit limit;
    double paused_total;
    int give_up;
    bool stop;
    /* code that will not stop, over the whole outermost door (see DOOR_STUCK_SECONDS) */
    double stuck_at;   /* door time the code counts as stuck if it still runs; 0: not forced */
    bool stuck;        /* said so: the next Ctrl-C leaves objscope */
    const char *said;  /* the notice given last (one of NOTICE_*), NULL: none */
    void (*notice)(const char *, void *), (*abandon)(void *);
    void *stuck_userdata;
} door = {.wake = {-1, -1}, .lock = PTHREAD_MUTEX_INITIALIZER};

/* Read by the SIGINT handler. python_handles: Python's own SIGINT handler is a function (the
 * learner has not told Python to ignore SIGINT, and objscope was not started with it ignored). */
static volatile sig_atomic_t door_open_flag, python_handles;
/* Every SIGINT on_sigint took: a door's report says Ctrl-C came even when Python's handler stopped
 * the code before the helper read of it. */
static volatile sig_atomic_t ctrl_c_count;
static volatile sig_atomic_t wake_fd = -1;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds on the door's clock, which stops while a door is paused. With door.lock held. */
static double door_now_locked(void)
{
    double t = mono() - door.paused_total;
    return door.paused ? t - (mono() - door.pause_started) : t;
}

static void wake_helper(unsigned char what)
{
    if (wake_fd >= 0 && write(wake_fd, &what, 1) < 0) {
        /* full: the helper has a wake-up pending anyway */
    }
}

static bool on_python_thread(void)
{
    return door.make_streams && pthread_equal(pthread_self(), door.python_thread);
}

/* A copy made by fork() while a door was open: learner code forked (os.fork, multiprocessing).
 * It has no helper thread and shares the pipes with its parent, which drains them. (A copy
 * made with no door open, as the Check runner makes one per test, starts afresh instead.) */
bool door_in_forked_child(void)
{
    return door.depth > 0 && door.pid != 0 && door.pid != getpid();
}

/* ---- interrupting ------------------------------------------------------------------------ */

/* objscope asks the code to stop: as a Ctrl-C would when Python handles SIGINT; else the
 * helper stops it at once. */
void door_interrupt(void)
{
    if (!door_open_flag || python_handles)
        PyErr_SetInterruptEx(SIGINT);
    else
        wake_helper(WAKE_FORCE);
}

/* SIGINT while a door is open: Python's handler gets it as usual (PyErr_SetInterruptEx does
 * what Python's own C handler does, wakeup fd included, and nothing when Python ignores it),
 * and the helper counts it, to stop the code at the second. */
static void on_sigint(int sig)
{
    (void)sig;
    int saved_errno = errno;
    ctrl_c_count++;
    PyErr_SetInterruptEx(SIGINT);
    wake_helper(WAKE_CTRL_C);
    errno = saved_errno;
}

/* Make on_sigint the process's SIGINT handler; *old (if asked) gets the previous one. */
static void take_sigint(struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking call must wake up and let Python check */
    sigaction(SIGINT, &sa, old);
}

/* Whether handler (a result of signal.getsignal) is a function Python calls on SIGINT. */
static void learn_python_handles(PyObject *handler)
{
    python_handles = handler && PyCallable_Check(handler);
}

/* On the Python thread: whether the helper asked to stop the open door's code (and so this
 * is the one KeyboardInterrupt for that request: the request is spent). */
static bool take_force(void)
{
    pthread_mutex_lock(&door.lock);
    bool mine = door_open_flag && door.forced != 0 && door.forced == door.gen;
    door.forced = 0;
    pthread_mutex_unlock(&door.lock);
    return mine;
}

/* A pending call: raises KeyboardInterrupt in whatever Python code runs next on the Python
 * thread, unless the request was spent already or its door has closed. */
static int raise_pending(void *arg)
{
    (void)arg;
    if (!take_force())
        return 0;
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    return -1;
}

/* With door.lock held, from the helper: one KeyboardInterrupt, whatever the learner's SIGINT
 * handler does (or when Python ignores SIGINT). Two ways carry it, and the first to run spends
 * it: a pending call, and WAKE_SIGNAL sent to the Python thread, whose Python-level handler
 * raises it. The signal also makes a blocking system call return and Python check its signals
 * there (a sleep), and makes Python look at the pending call right away (3.10-3.12 only notice
 * one added by another thread when the Python thread itself signals). On a deadline SIGINT is
 * tripped as well (for objscope's own calls its handler is Python's default), which the regex
 * engine and other C loops check for. */
static void force_locked(bool deadline)
{
    door.forced = door.gen;
    Py_AddPendingCall(raise_pending, NULL);
    if (deadline)
        PyErr_SetInterruptEx(SIGINT);
    struct sigaction cur;
    sigaction(WAKE_SIGNAL, NULL, &cur);
    if (cur.sa_handler != SIG_DFL && cur.sa_handler != SIG_IGN)
        pthread_kill(door.python_thread, WAKE_SIGNAL);
}

/* The real stderr, even while fd 2 is a pipe. */
static void give_up_now(void)
{
    char msg[200];
    int n = snprintf(msg, sizeof msg, "objscope: Python code ignored every interrupt for %d s "
                     "after its time limit; giving up\n", door.give_up);
    capture_write_real(2, msg, (size_t)n);
    _exit(1);
}

/* ---- code that will not stop ------------------------------------------------------------- */

static const char NOTICE_PENDING[] = "Ctrl-C: interrupt pending, waiting for the code to stop "
                                     "(Ctrl-C again forces it)";
static const char NOTICE_FORCED[] = "Ctrl-C: interrupt forced, waiting for the code to stop";
static const char NOTICE_STUCK[] = "stuck in C code: Ctrl-C again leaves objscope, saving your "
                                   "history";
static const char NOTICE_STUCK_LIMIT[] = "stuck in C code past its time limit: Ctrl-C leaves "
                                         "objscope, saving your history";

/* With door.lock held: tell the embedder (the status line), once per notice. Without a notice
 * hook (batch use) only being stuck is worth a line on the real stderr. */
static void say_locked(const char *notice)
{
    if (door.said == notice)
        return;
    door.said = notice;
    if (door.notice) {
        door.notice(notice, door.stuck_userdata);
    } else if (notice == NOTICE_STUCK || notice == NOTICE_STUCK_LIMIT) {
        char line[160];
        int n = snprintf(line, sizeof line, "objscope: %s\n", notice);
        capture_write_real(2, line, (size_t)n);
    }
}

/* With door.lock held: from now on the code has DOOR_STUCK_SECONDS to stop. */
static void watch_stuck_locked(double now)
{
    if (door.stuck_at == 0)
        door.stuck_at = now + DOOR_STUCK_SECONDS;
}

/* With door.lock held, on the helper thread, while the Python thread is still inside code that
 * ignored every interrupt: a Ctrl-C after the door said so ends objscope. The real file
 * descriptors come back, the embedder saves what it must and restores the terminal (its abandon
 * hook), and the process ends with 130, as a program ended by Ctrl-C does. */
static void leave_stuck_locked(void)
{
    capture_off();
    if (door.abandon)
        door.abandon(door.stuck_userdata);
    static const char msg[] = "objscope: left Python code stuck in C code (Ctrl-C)\n";
    capture_write_real(2, msg, sizeof msg - 1);
    _exit(DOOR_STUCK_EXIT);
}

/* Forget what was said about the code that ran: it stopped, or steps out (input()). */
static void stuck_reset_locked(void)
{
    door.stuck_at = 0;
    door.stuck = false;
    door.said = NULL;
}

/* ---- the helper thread ------------------------------------------------------------------- */

/* Milliseconds until the helper has something to do on its own (-1: only when woken). */
static int helper_timeout_locked(void)
{
    const DoorLimit *l = &door.limit;
    double at = !door.active ? 0 : l->forcing ? l->next_force : l->deadline;
    if (door.active && door.stuck_at > 0 && !door.stuck && (at <= 0 || door.stuck_at < at))
        at = door.stuck_at;
    door.alarm = at > 0 ? at : 0;
    if (at <= 0)
        return -1;
    double ms = (at - door_now_locked()) * 1000.0;
    return ms <= 0 ? 0 : ms > 60000 ? 60000 : (int)ms + 1;
}

static void helper_tick_locked(int sigints, bool forced)
{
    DoorLimit *l = &door.limit;
    if (!door.active)
        return;
    double now = door_now_locked();
    if (sigints && door.stuck)
        leave_stuck_locked();
    if (forced) {
        l->sigints++;
        force_locked(false);
        watch_stuck_locked(now);
    }
    if (sigints) {
        l->sigints += sigints;
        if (l->sigints >= 2) { /* the first went to Python's handler; it did not stop the code */
            if (!l->forcing)
                force_locked(false);
            watch_stuck_locked(now);
        }
        say_locked(l->sigints >= 2 ? NOTICE_FORCED : NOTICE_PENDING);
    }
    if (l->deadline > 0 && now >= l->deadline && !l->forcing) {
        l->timed_out = l->forcing = true;
        l->next_force = now;
        watch_stuck_locked(now);
    }
    if (l->forcing && now >= l->next_force) {
        force_locked(true);
        l->next_force = now + DOOR_REFORCE_SECONDS;
        if (door.give_up > 0 && l->timed_out && now >= l->deadline + door.give_up)
            give_up_now();
    }
    /* batch use gives up on its own (door.give_up); a Ctrl-C still leaves sooner */
    if (door.stuck_at > 0 && now >= door.stuck_at && !door.stuck) {
        door.stuck = true;
        say_locked(l->sigints > 0 ? NOTICE_STUCK : NOTICE_STUCK_LIMIT);
    }
}

/* Empties the wake pipe: how many Ctrl-C it carried, whether objscope asked to stop the code,
 * and whether it says the helper should end. */
static int read_wake(bool *forced, bool *stop)
{
    unsigned char buf[256];
    int sigints = 0;
    ssize_t n;
    while ((n = read(door.wake[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            sigints += buf[i] == WAKE_CTRL_C;
            *forced |= buf[i] == WAKE_FORCE;
            *stop |= buf[i] == WAKE_STOP;
        }
    }
    return sigints;
}

static void *helper_main(void *unused)
{
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&door.lock);
        int timeout = helper_timeout_locked();
        bool stop = door.stop;
        pthread_mutex_unlock(&door.lock);
        if (stop)
            break;
        struct pollfd p[1 + CAPTURE_STREAMS] = {{.fd = door.wake[0], .events = POLLIN}};
        for (int i = 0; i < CAPTURE_STREAMS; i++)
            p[1 + i] = (struct pollfd){.fd = capture_read_fd(i), .events = POLLIN};
        int n = poll(p, 1 + CAPTURE_STREAMS, timeout);
        bool output = false, stop_asked = false, forced = false;
        for (int i = 0; n > 0 && i < CAPTURE_STREAMS; i++)
            output |= p[1 + i].revents != 0;
        if (output)
            capture_drain();
        int sigints = n > 0 && (p[0].revents & POLLIN) ? read_wake(&forced, &stop_asked) : 0;
        pthread_mutex_lock(&door.lock);
        door.stop |= stop_asked;
        if (!door.stop)
            helper_tick_locked(sigints, forced);
        pthread_mutex_unlock(&door.lock);
    }
    return NULL;
}

/* Start the helper in this process: the first door, or the first in a copy made by fork()
 * (the Check runner forks per test; threads do not survive a fork, and the pipes must not be
 * shared with the parent, whose helper would read them). */
static bool ensure_helper(void)
{
    pid_t pid = getpid();
    if (door.helper_running && door.pid == pid)
        return true;
    pthread_mutex_init(&door.lock, NULL);
    for (int i = 0; i < 2; i++) {
        if (door.wake[i] >= 0)
            close(door.wake[i]);
        door.wake[i] = -1;
    }
    wake_fd = -1;
    door.helper_running = false;
    door.stop = false;
    door.alarm = 0;
    door.python_thread = pthread_self();
    door.pid = pid;
    for (int i = 0; i < CAPTURE_STREAMS; i++) /* they write to the parent's pipes */
        Py_CLEAR(door.streams[i]);
    if (pipe2(door.wake, O_CLOEXEC | O_NONBLOCK) != 0 || capture_open() != 0)
        return false;
    door.wake[0] = capture_high_fd(door.wake[0]);
    door.wake[1] = capture_high_fd(door.wake[1]);
    wake_fd = door.wake[1];
    /* Signals are for the Python thread: a SIGINT the helper took would not wake it. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    door.helper_running = pthread_create(&door.helper, NULL, helper_main, NULL) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return door.helper_running;
}

/* ---- setting up and tearing down --------------------------------------------------------- */

/* WAKE_SIGNAL's Python-level handler: raises KeyboardInterrupt when the helper asked to stop the
 * open door's code, else does nothing. */
static PyObject *on_wake(PyObject *self, PyObject *args)
{
    (void)self, (void)args;
    if (!take_force())
        Py_RETURN_NONE;
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    return NULL;
}

static PyMethodDef wake_handler_def = {"_objscope_wake", on_wake, METH_VARARGS,
                                       "objscope sends this signal to stop code it runs."};

/* Python's own handler for WAKE_SIGNAL, so a signal sent to the Python thread reaches Python. */
static void install_wake_handler(void)
{
    PyObject *fn = PyCFunction_New(&wake_handler_def, NULL); /* new */
    PyObject *old = fn ? PyObject_CallFunction(door.signal_fn, "iO", WAKE_SIGNAL, fn) : NULL;
    Py_XDECREF(old);
    Py_XDECREF(fn);
    PyErr_Clear(); /* without it, only the deadline's SIGINT wakes Python */
}

/* signal.signal as learner code sees it: the original; then, inside a door, objscope's SIGINT
 * handler is put back (Python's own replaced it) and learns what Python now does with SIGINT. */
static PyObject *c_signal(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    PyObject *old = PyObject_Call(door.signal_fn, args, kwargs); /* new */
    if (!old || !door_open_flag)
        return old;
    PyObject *now = PyObject_CallFunction(door.getsignal_fn, "i", SIGINT); /* new */
    PyErr_Clear();
    learn_python_handles(now);
    Py_XDECREF(now);
    take_sigint(NULL);
    return old;
}

static PyMethodDef signal_def = {"signal", (PyCFunction)(void (*)(void))c_signal,
                                 METH_VARARGS | METH_KEYWORDS,
                                 "signal(signalnum, handler)\n--\n\nSet the action for the "
                                 "given signal (objscope keeps Ctrl-C working)."};

static void wrap_signal_signal(PyObject *mod)
{
    PyObject *fn = PyCFunction_New(&signal_def, NULL); /* new */
    if (!fn || PyObject_SetAttrString(mod, "signal", fn) < 0)
        PyErr_Clear(); /* then a handler installed during a run is seen at the next run */
    Py_XDECREF(fn);
}

static PyObject *signal_attr(PyObject *mod, const char *name)
{
    return mod ? PyObject_GetAttrString(mod, name) : NULL; /* new */
}

int door_init(PyObject *make_streams, PyObject *sink)
{
    PyObject *mod = PyImport_ImportModule("signal"); /* new */
    door.signal_fn = signal_attr(mod, "signal");
    door.getsignal_fn = signal_attr(mod, "getsignal");
    door.default_handler = signal_attr(mod, "default_int_handler");
    if (!door.signal_fn || !door.getsignal_fn || !door.default_handler) {
        Py_XDECREF(mod);
        return -1;
    }
    wrap_signal_signal(mod);
    Py_DECREF(mod);
    door.make_streams = make_streams;
    door.sink = sink;
    door.python_thread = pthread_self();
    install_wake_handler();
    return 0;
}

void door_finalize(void)
{
    door_flush_streams(); /* then Python's own exit writes nowhere near the closed pipes */
    if (door.sink && (PySys_SetObject("stdout", door.sink) < 0 ||
                      PySys_SetObject("stderr", door.sink) < 0))
        PyErr_Clear();
    if (door.helper_running && door.pid == getpid()) {
        pthread_mutex_lock(&door.lock);
        door.stop = true;
        pthread_mutex_unlock(&door.lock);
        wake_helper(WAKE_STOP);
        pthread_join(door.helper, NULL);
    }
    door.helper_running = false;
    capture_close();
    for (int i = 0; i < 2; i++) {
        if (door.wake[i] >= 0)
            close(door.wake[i]);
        door.wake[i] = -1;
    }
    wake_fd = -1;
    for (int i = 0; i < CAPTURE_STREAMS; i++)
        Py_CLEAR(door.streams[i]);
    Py_CLEAR(door.signal_fn);
    Py_CLEAR(door.getsignal_fn);
    Py_CLEAR(door.default_handler);
    door.make_streams = door.sink = NULL;
}

void door_set_hooks(void (*enter)(void *), void (*leave)(void *), void *userdata)
{
    door.enter = enter;
    door.leave = leave;
    door.userdata = userdata;
}

void door_set_stuck_hooks(void (*notice)(const char *, void *), void (*abandon)(void *),
                          void *userdata)
{
    pthread_mutex_lock(&door.lock);
    door.notice = notice;
    door.abandon = abandon;
    door.stuck_userdata = userdata;
    pthread_mutex_unlock(&door.lock);
}

void door_set_give_up(int seconds)
{
    pthread_mutex_lock(&door.lock);
    door.give_up = seconds > 0 ? seconds : 0;
    pthread_mutex_unlock(&door.lock);
}

/* ---- streams ----------------------------------------------------------------------------- */

bool door_is_open(void)
{
    return door.depth > 0 && on_python_thread();
}

PyObject *door_stream(int stream)
{
    return door_is_open() ? door.streams[stream] : NULL;
}

void door_flush_streams(void)
{
    for (int i = 0; i < CAPTURE_STREAMS; i++) {
        PyObject *r = door.streams[i] ? PyObject_CallMethod(door.streams[i], "flush", NULL) : NULL;
        Py_XDECREF(r);
        PyErr_Clear(); /* a closed or broken writer just loses its buffered text */
    }
}

/* Whether the writers can be used again: the learner may have closed sys.stdout. */
static bool streams_usable(void)
{
    for (int i = 0; i < CAPTURE_STREAMS; i++) {
        PyObject *closed = door.streams[i] ? PyObject_GetAttrString(door.streams[i], "closed")
                                           : NULL; /* new */
        int is_closed = closed ? PyObject_IsTrue(closed) : 1;
        Py_XDECREF(closed);
        PyErr_Clear();
        if (is_closed != 0)
            return false;
    }
    return true;
}

/* sys.stdout and sys.stderr write straight into the pipes, so print() and fd-level writes keep
 * their order; the previous streams are kept to be put back. */
static void streams_in(DoorFrame *f)
{
    if (!streams_usable()) {
        PyObject *made = PyObject_CallFunction(door.make_streams, "ii", /* new: (out, err) */
                                               capture_write_fd(CAPTURE_OUT),
                                               capture_write_fd(CAPTURE_ERR));
        if (!made || !PyTuple_Check(made) || PyTuple_GET_SIZE(made) != CAPTURE_STREAMS) {
            Py_XDECREF(made);
            PyErr_Clear(); /* then Python-level output goes to the sink: fd-level still works */
            return;
        }
        for (int i = 0; i < CAPTURE_STREAMS; i++)
            Py_XSETREF(door.streams[i], Py_NewRef(PyTuple_GET_ITEM(made, i)));
        Py_DECREF(made);
    }
    f->saved_out = Py_XNewRef(PySys_GetObject("stdout"));
    f->saved_err = Py_XNewRef(PySys_GetObject("stderr"));
    if (PySys_SetObject("stdout", door.streams[CAPTURE_OUT]) < 0 ||
        PySys_SetObject("stderr", door.streams[CAPTURE_ERR]) < 0)
        PyErr_Clear();
}

/* What is buffered in Python's original streams was written while fd 1 and 2 were pipes. */
static void flush_original_streams(void)
{
    static const char *const names[] = {"__stdout__", "__stderr__"};
    for (int i = 0; i < 2; i++) {
        PyObject *stream = PySys_GetObject(names[i]); /* borrowed */
        PyObject *r = stream && stream != Py_None ? PyObject_CallMethod(stream, "flush", NULL)
                                                  : NULL;
        Py_XDECREF(r);
        PyErr_Clear();
    }
}

/* Between doors sys.stdout and sys.stderr stay the writers into the pipes: what a background
 * thread or a late __del__ prints becomes background output, as Python's REPL would show it,
 * never text on the explorer's screen. Learner code may have replaced sys.stdout; the next call
 * must not write through that. (The sink stands in when the writers cannot be made.) */
static void streams_out(DoorFrame *f)
{
    door_flush_streams();
    flush_original_streams();
    bool ours = door.streams[CAPTURE_OUT] && door.streams[CAPTURE_ERR];
    PyObject *out = ours ? door.streams[CAPTURE_OUT] : f->saved_out ? f->saved_out : door.sink;
    PyObject *err = ours ? door.streams[CAPTURE_ERR] : f->saved_err ? f->saved_err : door.sink;
    if (PySys_SetObject("stdout", out) < 0 || PySys_SetObject("stderr", err) < 0)
        PyErr_Clear();
    Py_CLEAR(f->saved_out);
    Py_CLEAR(f->saved_err);
}

/* ---- the learner's SIGINT handler -------------------------------------------------------- */

/* signal.signal(SIGINT, handler): its old value (new reference), or NULL. signal.signal runs
 * pending signal handlers first, so a stale interrupt can make it fail once: try twice. */
static PyObject *swap_handler(PyObject *handler)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        PyObject *old = PyObject_CallFunction(door.signal_fn, "iO", SIGINT, handler);
        if (old)
            return old;
        PyErr_Clear();
    }
    return NULL;
}

/* An own door: Python's default SIGINT handler in place of the learner's (new reference to
 * theirs, or NULL when it was the default already). */
static PyObject *set_learner_handler_aside(void)
{
    PyObject *current = PyObject_CallFunction(door.getsignal_fn, "i", SIGINT); /* new */
    if (!current)
        PyErr_Clear();
    if (!current || current == door.default_handler) {
        Py_XDECREF(current);
        return NULL;
    }
    Py_DECREF(current);
    PyObject *old = swap_handler(door.default_handler);
    take_sigint(NULL); /* signal.signal installed Python's own C handler over ours */
    python_handles = 1;
    return old;
}

static void give_learner_handler_back(PyObject *handler)
{
    PyObject *r = swap_handler(handler);
    Py_XDECREF(r);
    learn_python_handles(handler);
    Py_DECREF(handler);
    if (door.depth > 0)
        take_sigint(NULL);
}

static void call_hook(void (*hook)(void *))
{
    if (hook)
        hook(door.userdata);
}

static void open_outermost(DoorFrame *f)
{
    ensure_helper();
    call_hook(door.enter); /* before fd 1 is a pipe: the hook may set up the terminal */
    capture_on(true);
    streams_in(f);
    f->sigint_handler = PyObject_CallFunction(door.getsignal_fn, "i", SIGINT); /* new */
    PyErr_Clear();
    learn_python_handles(f->sigint_handler);
    take_sigint(&f->old_sigint);
    door_open_flag = 1;
}

static void close_outermost(DoorFrame *f)
{
    streams_out(f);
    capture_off();
    door_open_flag = 0;
    sigaction(SIGINT, &f->old_sigint, NULL);
    /* The learner's code changed what Python does with SIGINT: make the process agree. */
    PyObject *now = PyObject_CallFunction(door.getsignal_fn, "i", SIGINT); /* new */
    if (now && now != f->sigint_handler) {
        PyObject *r = swap_handler(now);
        Py_XDECREF(r);
    }
    Py_XDECREF(now);
    Py_CLEAR(f->sigint_handler);
    PyErr_Clear();
    call_hook(door.leave);
}

/* An interrupt that arrived while no door was open (a late timer, Ctrl-C at the prompt) must
 * not stop the next, unrelated, call: running the pending handlers spends it. */
static void spend_stale_interrupts(void)
{
    if (PyErr_CheckSignals() < 0)
        PyErr_Clear();
}

static void door_open(DoorFrame *f, const DoorRules *rules)
{
    memset(f, 0, sizeof *f);
    f->ctrl_c_before = ctrl_c_count;
    f->outermost = door.depth == 0;
    if (f->outermost)
        open_outermost(f);
    bool outer_own = !f->outermost && door.limit.own;
    if (rules->own && !outer_own)
        f->learner_handler = set_learner_handler_aside();
    if (f->outermost)
        spend_stale_interrupts();
    pthread_mutex_lock(&door.lock);
    f->outer = door.limit;
    double now = door_now_locked();
    f->started = now;
    DoorLimit l = {.own = rules->own || outer_own};
    l.deadline = rules->seconds > 0 ? now + rules->seconds : 0;
    if (!f->outermost && f->outer.deadline > 0 && (l.deadline == 0 || f->outer.deadline <= l.deadline)) {
        l.deadline = f->outer.deadline; /* an inner door may only shorten the time left */
        l.inherited = true;
        l.timed_out = l.forcing = f->outer.timed_out;
        l.next_force = now;
    }
    door.limit = l;
    door.gen++;
    door.depth++;
    door.active = !door.paused;
    /* The helper needs a word only when it would look again too late (or never): switches
     * between threads are expensive on a loaded machine, and most doors end long before. */
    bool tell = l.deadline > 0 && (door.alarm == 0 || l.deadline < door.alarm);
    pthread_mutex_unlock(&door.lock);
    if (tell)
        wake_helper(WAKE_STATE);
}

static void door_close(DoorFrame *f, DoorReport *report)
{
    PyObject *exc = pyutil_take_exception(); /* the call's own error is kept through the bookkeeping */
    pthread_mutex_lock(&door.lock);
    bool hit = door.limit.timed_out || door.limit.sigints > 0;
    pthread_mutex_unlock(&door.lock);
    if (hit) /* spent while still guarded: a learner's handler may run */
        spend_stale_interrupts();
    pthread_mutex_lock(&door.lock);
    DoorLimit l = door.limit;
    report->timed_out = l.timed_out;
    report->interrupted = l.sigints > 0 || ctrl_c_count != f->ctrl_c_before;
    report->seconds = door_now_locked() - f->started;
    if (l.inherited && l.timed_out && !f->outer.timed_out) {
        f->outer.timed_out = f->outer.forcing = true; /* the enclosing door's deadline passed */
        f->outer.next_force = door_now_locked();
    }
    door.limit = f->outer;
    door.gen++;
    door.depth--;
    door.active = door.depth > 0 && !door.paused;
    if (door.depth == 0)
        stuck_reset_locked();
    pthread_mutex_unlock(&door.lock); /* the helper finds out when it next looks */
    if (f->learner_handler)
        give_learner_handler_back(f->learner_handler);
    if (f->outermost)
        close_outermost(f);
    pyutil_restore_exception(exc);
}

/* The learner's code forked (`pid = os.fork()`) and, in the child, the run that forked has
 * ended: the child ends here, quietly, as if it called os._exit(0). Going on would make two
 * explorers on one terminal, both reading keys and writing the history. What it printed is in
 * the pipes, which the parent drains. (A child that calls os._exit itself never gets here.) */
static void end_forked_child(void)
{
    door_flush_streams();
    _exit(0);
}

PyObject *door_pass(const DoorRules *rules, DoorFn fn, void *arg, DoorReport *report)
{
    DoorReport ignored;
    if (!report)
        report = &ignored;
    memset(report, 0, sizeof *report);
    if (!on_python_thread() || door_in_forked_child())
        return fn(arg);
    DoorFrame f;
    door_open(&f, rules);
    PyObject *ret = fn(arg);
    if (f.outermost && door_in_forked_child())
        end_forked_child();
    door_close(&f, report);
    return ret;
}

typedef struct {
    PyObject *callable, *args;
} DoorCall;

static PyObject *call_it(void *arg)
{
    DoorCall *c = arg;
    return c->args ? PyObject_Call(c->callable, c->args, NULL) : PyObject_CallNoArgs(c->callable);
}

PyObject *door_call(const DoorRules *rules, PyObject *callable, PyObject *args,
                    DoorReport *report)
{
    DoorCall c = {callable, args};
    return door_pass(rules, call_it, &c, report);
}

/* ---- stepping out ------------------------------------------------------------------------ */

void door_pause(void)
{
    if (!door_is_open() || door.paused)
        return;
    door_flush_streams();
    capture_off();
    pthread_mutex_lock(&door.lock);
    door.pause_started = mono();
    door.paused = true;
    door.active = false;
    stuck_reset_locked(); /* the code is waiting for an answer, not stuck */
    pthread_mutex_unlock(&door.lock);
    call_hook(door.leave);
}

void door_resume(void)
{
    if (!door.paused || !on_python_thread())
        return;
    call_hook(door.enter);
    capture_on(false);
    pthread_mutex_lock(&door.lock);
    door.paused_total += mono() - door.pause_started;
    door.paused = false;
    door.active = door.depth > 0;
    pthread_mutex_unlock(&door.lock);
    wake_helper(WAKE_STATE);
}

void door_abandon(void)
{
    if (!door_is_open() || door_in_forked_child())
        return;
    door_flush_streams();
    capture_off();
    door_open_flag = 0;
    if (!door.paused)
        call_hook(door.leave);
}
