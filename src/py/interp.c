/* interp.c — the embedded CPython (see interp.h): starting and stopping it, every run of learner
 * code and its captured output, input(), the bounded repr, completion, :mem runs under
 * tracemalloc, quiet evaluation for lessons, value handles, and the door's public face (guarded
 * sections, __sizeof__ claims, waiting with the GIL released). Every call that may run learner
 * code goes through door_pass (door.h). The Python half lives in support.py, compiled into the
 * binary and loaded as module _objscope. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>

#include "py/interp.h"
#include "layout/layout.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "py/capture.h"
#include "py/door.h"
#include "py/guard.h"
#include "py/pyutil.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

extern const char objscope_support_py[]; /* src/py/support.py, embedded by the Makefile */

#define SUPPORT_NAME "_objscope"
#define SUPPORT_FILENAME "<objscope-support>"

/* The same, compiled at build time by the matching interpreter (scripts/embed-code.py). */
extern const unsigned char objscope_support_code[];
extern const size_t objscope_support_code_size;
extern const long objscope_support_code_magic;

/* support.py's code object: the precompiled one when its bytecode magic matches this
 * libpython, else compiled from source. New reference, or NULL with an exception set. */
static PyObject *support_code(void)
{
    if (objscope_support_code_magic == PyImport_GetMagicNumber()) {
        PyObject *code = PyMarshal_ReadObjectFromString((const char *)objscope_support_code,
                                                        (Py_ssize_t)objscope_support_code_size);
        if (code && PyCode_Check(code))
            return code;
        Py_XDECREF(code);
        PyErr_Clear();
    }
    return Py_CompileString(objscope_support_py, SUPPORT_FILENAME, Py_file_input);
}

/* Strong references into _objscope (and CPython's own sys.getsizeof), held from interp_init to
 * interp_finalize. */
static struct {
    PyObject *run;           /* support.run */
    PyObject *safe_repr;     /* support.safe_repr */
    PyObject *complete;      /* support.complete */
    PyObject *run_traced;    /* support.run_traced */
    PyObject *eval_quiet;    /* support.eval_quiet */
    PyObject *make_streams;  /* support.make_streams */
    PyObject *thread_idents; /* support.thread_idents */
    PyObject *join_threads;  /* support.join_threads */
    PyObject *signature;     /* support.signature */
    PyObject *reset;         /* support.reset_namespace */
    PyObject *lookup;        /* support.lookup */
    PyObject *getsizeof;     /* sys.getsizeof as CPython made it, whatever the learner rebinds */
    PyObject *sink;          /* the stream sys.stdout/stderr point at between runs */
} py;

/* Learner runs and namespace resets so far: what a view drawn from the namespace compares to
 * know it is out of date (interp_generation). */
static unsigned long generation;

/* Read by interp_interrupt from signal handlers, hence sig_atomic_t. */
static volatile sig_atomic_t py_ready;

static InterpInputHook input_hook;
static void *input_userdata;

/* objscope's own calls into code that may be the learner's: a time limit, and a learner's SIGINT
 * handler set aside. Learner input runs with neither. */
static const DoorRules OWN_CALL = {INTERP_REPR_SECONDS, true};
static const DoorRules LEARNER_CODE = {0, false};

/* ---- captured output --------------------------------------------------------------------- */

/* Append t's text made terminal-safe (newlines, tabs and carriage returns kept); frees it. */
static void put_captured(StrBuf *b, CaptureText *t, unsigned long long *lost)
{
    char *text = sanitize_text(t->data, t->len, true);
    strbuf_puts(b, text);
    free(text);
    free(t->data);
    *lost += t->dropped;
}

/* What a stream received (after the background output, if asked), then note, then how much
 * was dropped. */
static char *take_output(int stream, bool with_background, const char *note)
{
    StrBuf b;
    strbuf_init(&b);
    unsigned long long lost = 0;
    CaptureText t;
    if (with_background) {
        capture_take_background(stream, &t);
        put_captured(&b, &t, &lost);
    }
    capture_take(stream, &t);
    put_captured(&b, &t, &lost);
    if (note && *note) {
        char *text = sanitize_text(note, strlen(note), true);
        strbuf_puts(&b, text);
        free(text);
    }
    if (lost)
        strbuf_printf(&b, "%s[objscope: %llu more bytes of output dropped]\n",
                      b.len && b.data[b.len - 1] != '\n' ? "\n" : "", lost);
    return strbuf_take(&b);
}

/* A quiet call has ended: unless a run is still going on around it, what it wrote is dropped. */
static void quiet_done(void)
{
    if (door_is_open())
        return;
    for (int i = 0; i < CAPTURE_STREAMS; i++) {
        CaptureText t;
        capture_take(i, &t);
        free(t.data);
    }
}

/* What the running code has written so far (stdout, then stderr), taken out of the pipes. */
static char *drain_output(void)
{
    door_flush_streams();
    char *out = take_output(CAPTURE_OUT, false, NULL);
    char *err = take_output(CAPTURE_ERR, false, NULL);
    char *both = xasprintf("%s%s", out, err);
    free(out);
    free(err);
    return both;
}

char *interp_take_background_output(void)
{
    if (!py_ready)
        return xstrdup("");
    StrBuf b;
    strbuf_init(&b);
    unsigned long long lost = 0;
    for (int i = 0; i < CAPTURE_STREAMS; i++) {
        CaptureText t;
        capture_take_background(i, &t);
        put_captured(&b, &t, &lost);
    }
    if (lost)
        strbuf_printf(&b, "%s[objscope: %llu more bytes of output dropped]\n",
                      b.len && b.data[b.len - 1] != '\n' ? "\n" : "", lost);
    return strbuf_take(&b);
}

/* ---- starting and stopping --------------------------------------------------------------- */

static int report_status(PyStatus st)
{
    fprintf(stderr, "objscope: cannot start Python: %s%s%s\n", st.func ? st.func : "",
            st.func ? ": " : "", st.err_msg ? st.err_msg : "unknown error");
    return -1;
}

/* Configured like the `python3` a learner would type into: PYTHONPATH, the user's site-packages
 * and the current directory (sys.path[0] = '', as the interactive prompt has it) are honoured,
 * but objscope's own command line is not parsed as Python's. Python's SIGINT handler is
 * installed so interrupts work. */
static int start_python(void)
{
    PyPreConfig pre;
    PyPreConfig_InitPythonConfig(&pre);
    pre.parse_argv = 0;
    pre.utf8_mode = 1; /* learner text is UTF-8 whatever the locale says */
    PyStatus st = Py_PreInitialize(&pre);
    if (PyStatus_Exception(st))
        return report_status(st);

    PyConfig cfg;
    PyConfig_InitPythonConfig(&cfg);
    cfg.parse_argv = 0;
    cfg.install_signal_handlers = 1; /* PyErr_SetInterruptEx needs Python's SIGINT handler */
    cfg.faulthandler = 1;            /* a crash in C code still shows the Python stack */
    st = PyConfig_SetString(&cfg, &cfg.program_name, L"objscope");
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&cfg);
    PyConfig_Clear(&cfg);
    if (PyStatus_Exception(st))
        return report_status(st);
    PyObject *path = PySys_GetObject("path"); /* borrowed */
    PyObject *here = PyUnicode_FromString("");
    if (!path || !here || PyList_Insert(path, 0, here) < 0)
        PyErr_Clear();
    Py_XDECREF(here);
    return 0;
}

/* Functions support.py finds in its module namespace before it runs. */
static PyObject *c_input(PyObject *self, PyObject *args);
static PyObject *c_compiled(PyObject *self, PyObject *unused);
static PyMethodDef support_functions[] = {
    {"input", c_input, METH_VARARGS,
     "input(prompt='')\n--\n\nRead a line through objscope (there is no terminal to read from)."},
    {"compiled", c_compiled, METH_NOARGS,
     "compiled()\n--\n\nTell objscope that the input compiled and is about to run."},
    {NULL, NULL, 0, NULL}, /* guard_method, filled in by load_support */
    {NULL, NULL, 0, NULL},
};

/* Compile the embedded support.py and run it as module _objscope, registered in sys.modules
 * first as an import would. Returns a new reference, or NULL with an exception set. */
static PyObject *load_support(void)
{
    PyObject *mod = PyModule_New(SUPPORT_NAME); /* new */
    if (!mod)
        return NULL;
    PyObject *dict = PyModule_GetDict(mod);         /* borrowed */
    PyObject *modules = PyImport_GetModuleDict();   /* borrowed */
    /* Its own copy of the builtins: whatever learner code deletes from builtins, support.py's
     * own names still mean what they meant at start (guard.h covers the modules it uses). */
    PyObject *builtins = PyDict_Copy(PyEval_GetBuiltins()); /* new */
    support_functions[2] = guard_method; /* after input and compiled */
    int rc = builtins ? PyModule_AddFunctions(mod, support_functions) : -1;
    if (rc == 0)
        rc = PyDict_SetItemString(dict, "__builtins__", builtins);
    Py_XDECREF(builtins);
    if (rc < 0 || PyDict_SetItemString(modules, SUPPORT_NAME, mod) < 0)
        goto fail;
    PyObject *code = support_code();
    if (!code)
        goto fail;
    PyObject *res = PyEval_EvalCode(code, dict, dict); /* new */
    Py_DECREF(code);
    if (!res)
        goto fail;
    Py_DECREF(res);
    return mod;
fail:
    Py_DECREF(mod);
    return NULL;
}

/* Keep what interp_run and friends call, then let support.py take over input and streams. */
static int bind_support(PyObject *mod)
{
    static const struct {
        PyObject **slot;
        const char *name;
    } names[] = {
        {&py.run, "run"}, {&py.safe_repr, "safe_repr"}, {&py.complete, "complete"},
        {&py.run_traced, "run_traced"}, {&py.eval_quiet, "eval_quiet"},
        {&py.make_streams, "make_streams"}, {&py.thread_idents, "thread_idents"},
        {&py.join_threads, "join_threads"}, {&py.signature, "signature"},
        {&py.reset, "reset_namespace"}, {&py.lookup, "lookup"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        *names[i].slot = PyObject_GetAttrString(mod, names[i].name); /* new */
        if (!*names[i].slot)
            return -1;
    }
    py.getsizeof = Py_XNewRef(PySys_GetObject("getsizeof"));
    py.sink = PyObject_CallMethod(mod, "install", NULL); /* new */
    return py.getsizeof && py.sink ? 0 : -1;
}

/* A crash while fd 2 is a pipe must still show the Python stack on the real stderr. */
static void faulthandler_to_real_stderr(void)
{
    int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    PyObject *mod = fd >= 0 ? PyImport_ImportModule("faulthandler") : NULL; /* new */
    PyObject *r = mod ? PyObject_CallMethod(mod, "enable", "i", fd) : NULL; /* new */
    Py_XDECREF(r);
    Py_XDECREF(mod);
    PyErr_Clear(); /* then a crash prints where it can */
}

/* ---- the input is about to run ---------------------------------------------------------- */

static void (*compiled_hook)(void *);
static void *compiled_userdata;

void interp_set_compiled_hook(void (*hook)(void *), void *userdata)
{
    compiled_hook = hook;
    compiled_userdata = userdata;
}

static PyObject *c_compiled(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    if (compiled_hook && !door_in_forked_child())
        compiled_hook(compiled_userdata);
    Py_RETURN_NONE;
}

/* ---- os._exit ---------------------------------------------------------------------------- */

static void (*exit_hook)(void);

/* Inside interp_eval_quiet: a lesson's live value or check, evaluated while the learner reads,
 * may not end objscope (os._exit, or a signal to itself: neither can be caught afterwards). */
static int quiet_depth;

static PyObject *refuse_exit(const char *what)
{
    PyErr_Format(PyExc_RuntimeError, "%s would end objscope: a lesson's live values and checks "
                 "may not", what);
    return NULL;
}

/* Whether a signal sent by os.kill / os.killpg (to target; group: a process group) reaches
 * objscope itself. */
static bool reaches_objscope(long target, bool group)
{
    if (group)
        return target == 0 || target == (long)getpgrp();
    return target == 0 || target == -1 || target == (long)getpid() || target == -(long)getpgrp();
}

/* An audit hook: refuses, inside quiet evaluation, a signal objscope would get. */
static int audit_quiet(const char *event, PyObject *args, void *unused)
{
    (void)unused;
    if (quiet_depth == 0)
        return 0;
    bool kill = strcmp(event, "os.kill") == 0, killpg = strcmp(event, "os.killpg") == 0;
    if (!kill && !killpg && strcmp(event, "signal.pthread_kill") != 0)
        return 0;
    long target = 0;
    if ((kill || killpg) && PyTuple_Check(args) && PyTuple_GET_SIZE(args) >= 1) {
        target = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
        if (target == -1 && PyErr_Occurred())
            return -1;
    }
    if ((kill || killpg) && !reaches_objscope(target, killpg))
        return 0;
    refuse_exit(kill ? "os.kill()" : killpg ? "os.killpg()" : "signal.pthread_kill()");
    return -1;
}

void interp_set_exit_hook(void (*hook)(void))
{
    exit_hook = hook;
}

/* os._exit / posix._exit as learner code sees them: the embedder gets to restore what it must
 * (the terminal) before the process ends without any cleanup, as _exit does, and what the code
 * printed before it is shown after that. A forked copy of objscope (os.fork, multiprocessing)
 * owns no terminal: it just exits. */
static PyObject *c_exit_now(PyObject *self, PyObject *arg)
{
    (void)self;
    int status = (int)PyLong_AsLong(arg);
    if (status == -1 && PyErr_Occurred())
        return NULL;
    if (quiet_depth > 0 && !door_in_forked_child())
        return refuse_exit("os._exit()");
    if (!door_in_forked_child()) {
        bool capturing = door_is_open();
        char *out = capturing ? drain_output() : NULL;
        door_abandon();
        if (exit_hook)
            exit_hook();
        if (out)
            capture_write_real(STDOUT_FILENO, out, strlen(out));
        free(out);
    }
    fflush(NULL);
    _exit(status);
}

static PyMethodDef exit_def = {"_exit", c_exit_now, METH_O,
                               "_exit(status)\n--\n\nExit immediately, after objscope restores "
                               "the terminal."};

static void wrap_os_exit(void)
{
    static const char *const modules[] = {"posix", "os"};
    PyObject *fn = PyCFunction_New(&exit_def, NULL); /* new */
    for (size_t i = 0; fn && i < 2; i++) {
        PyObject *m = PyImport_ImportModule(modules[i]); /* new */
        if (!m || PyObject_SetAttrString(m, "_exit", fn) < 0)
            PyErr_Clear();
        Py_XDECREF(m);
    }
    Py_XDECREF(fn);
    PyErr_Clear();
}

int interp_init(void)
{
    if (py_ready)
        return 0;
    if (start_python() != 0)
        return -1;
    PyObject *mod = load_support(); /* new */
    if (!mod || bind_support(mod) != 0 || guard_init() != 0 ||
        door_init(py.make_streams, py.sink) != 0) {
        fprintf(stderr, "objscope: cannot load its Python support code:\n");
        PyErr_Print(); /* sys.stderr is still the real one unless install() got that far */
        Py_XDECREF(mod);
        return -1;
    }
    Py_DECREF(mod); /* sys.modules keeps it */
    wrap_os_exit();
    if (PySys_AddAuditHook(audit_quiet, NULL) < 0)
        PyErr_Clear(); /* then only os._exit is refused in quiet evaluation */
    faulthandler_to_real_stderr();
    py_ready = 1;
    return 0;
}

void interp_finalize(void)
{
    if (!py_ready)
        return;
    door_finalize();
    guard_finalize();
    py_ready = 0;
    PyObject **refs[] = {&py.run, &py.safe_repr, &py.complete, &py.run_traced, &py.eval_quiet,
                         &py.make_streams, &py.thread_idents, &py.join_threads, &py.signature, &py.getsizeof,
                         &py.sink, &py.reset, &py.lookup};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        Py_CLEAR(*refs[i]);
    Py_FinalizeEx(); /* a failed flush of the sink is nothing the learner could act on */
}

const char *interp_python_version(void)
{
    static char version[32];
    if (!version[0]) {
        const char *v = Py_GetVersion(); /* "3.12.1 (main, ...) [GCC ...]"; fine before init */
        size_t n = strcspn(v, " ");
        if (n >= sizeof version)
            n = sizeof version - 1;
        memcpy(version, v, n);
        version[n] = '\0';
    }
    return version;
}

/* ---- interrupts and the embedder's hooks ------------------------------------------------- */

void interp_interrupt(void)
{
    /* Only sets flags and writes to a pipe: safe in a signal handler. */
    if (py_ready)
        door_interrupt();
}

void interp_set_run_hooks(void (*enter)(void *), void (*leave)(void *), void *userdata)
{
    door_set_hooks(enter, leave, userdata);
}

void interp_set_stuck_hooks(void (*notice)(const char *, void *), void (*abandon)(void *),
                            void *userdata)
{
    door_set_stuck_hooks(notice, abandon, userdata);
}

void interp_set_give_up(int seconds)
{
    door_set_give_up(seconds);
}

int interp_without_gil(int (*fn)(void *), void *arg)
{
    if (!py_ready || !PyGILState_Check())
        return fn(arg);
    PyThreadState *ts = PyEval_SaveThread();
    int rc = fn(arg);
    PyEval_RestoreThread(ts);
    return rc;
}

typedef struct {
    int fd, timeout_ms;
} WaitFd;

static int wait_fd(void *arg)
{
    const WaitFd *w = arg;
    struct pollfd p = {.fd = w->fd, .events = POLLIN};
    int n = poll(&p, 1, w->timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    return n > 0 ? 1 : 0;
}

int interp_wait_readable(int fd, int timeout_ms)
{
    WaitFd w = {fd, timeout_ms};
    return interp_without_gil(wait_fd, &w);
}

/* ---- input() ----------------------------------------------------------------------------- */

void interp_set_input_hook(InterpInputHook hook, void *userdata)
{
    input_hook = hook;
    input_userdata = userdata;
}

/* The answer the hook gave (owned by us), as input() returns it: without its newline. */
static PyObject *answer_text(char *line)
{
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\n')
        n -= (n > 1 && line[n - 2] == '\r') ? 2 : 1;
    PyObject *result = PyUnicode_DecodeUTF8(line, (Py_ssize_t)n, "surrogateescape"); /* new */
    free(line);
    return result;
}

/* builtins.input: asks the hook, so learner code never waits on a terminal the UI owns. The
 * door steps aside while it asks: the real fds and the terminal come back, the clock stops. */
static PyObject *c_input(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *prompt_obj = NULL; /* borrowed from args */
    if (!PyArg_UnpackTuple(args, "input", 0, 1, &prompt_obj))
        return NULL;
    if (!input_hook) {
        PyErr_SetString(PyExc_RuntimeError,
                        "input() is not available here: objscope has no terminal to read from");
        return NULL;
    }
    if (!door_is_open() || door_in_forked_child()) { /* another thread, or a forked copy */
        PyErr_SetString(PyExc_RuntimeError,
                        "input() is answered only in objscope's main thread and process");
        return NULL;
    }
    PyObject *prompt_str = /* new */
        prompt_obj ? PyObject_Str(prompt_obj) : PyUnicode_FromString("");
    char *prompt = prompt_str ? pyutil_text(prompt_str, true) : NULL;
    Py_XDECREF(prompt_str);
    if (!prompt)
        return NULL;
    char *written = drain_output(); /* shown before the prompt, as a terminal would */
    door_pause();
    char *line = input_hook(written, prompt, input_userdata); /* owned by us from here */
    door_resume();
    free(written);
    free(prompt);
    if (!line) { /* Ctrl-C while answering (the hook called interp_interrupt), or EOF */
        if (PyErr_CheckSignals() == 0)
            PyErr_SetString(PyExc_EOFError, "EOF when reading a line");
        return NULL;
    }
    return answer_text(line);
}

/* ---- the bounded repr -------------------------------------------------------------------- */

/* A call into support.py for objscope's own work: behind the door, with objscope's own
 * builtins in force (guard.h). */
typedef struct {
    PyObject *fn, *args;
} OwnCall;

static PyObject *call_own(void *arg)
{
    const OwnCall *c = arg;
    bool was = guard_builtins(true);
    PyObject *ret = PyObject_Call(c->fn, c->args, NULL); /* new */
    guard_builtins(was);
    return ret;
}

/* fn(*args) behind the door, for objscope's own work (the repr's time limit). New reference. */
static PyObject *own_call(PyObject *fn, PyObject *args, DoorReport *rep)
{
    OwnCall c = {fn, args};
    return door_pass(&OWN_CALL, call_own, &c, rep);
}

/* Why there is no repr, as the explorer shows it. */
static char *repr_failure(const DoorReport *rep, PyObject *exc)
{
    StrBuf b;
    strbuf_init(&b);
    if (rep->timed_out)
        strbuf_printf(&b, "<repr timed out after %d s>", INTERP_REPR_SECONDS);
    else if (exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt))
        strbuf_puts(&b, "<repr interrupted>");
    else {
        strbuf_puts(&b, "<repr failed: ");
        pyutil_describe_exception(&b, exc);
        strbuf_putc(&b, '>');
    }
    return strbuf_take(&b);
}

/* The bounded repr of o, terminal-safe, and (if exact is not NULL) the same text unescaped. */
static char *repr_texts(PyObject *o, bool *failed, char **exact)
{
    DoorReport rep;
    PyObject *args = PyTuple_Pack(1, o); /* new */
    PyObject *ret = args ? own_call(py.safe_repr, args, &rep) : NULL; /* new: (text, failed) */
    Py_XDECREF(args);
    PyObject *text = NULL; /* borrowed from ret */
    int repr_failed = 1;
    if (ret && !PyArg_ParseTuple(ret, "Up", &text, &repr_failed))
        Py_CLEAR(ret);
    char *shown = ret ? pyutil_text(text, false) : NULL;
    if (shown && exact)
        *exact = pyutil_text_exact(text);
    PyObject *exc = shown ? NULL : pyutil_take_exception(); /* new */
    *failed = !shown || repr_failed;
    if (!shown) {
        char *why = repr_failure(&rep, exc);
        shown = sanitize_text(why, strlen(why), false);
        if (exact)
            *exact = why;
        else
            free(why);
    }
    Py_XDECREF(exc);
    Py_XDECREF(ret);
    quiet_done();
    return shown;
}

char *interp_repr(struct _object *o, bool *failed)
{
    bool ignored;
    if (!failed)
        failed = &ignored;
    *failed = true;
    if (!py_ready || !o)
        return xstrdup("<no value>");
    return repr_texts(o, failed, NULL);
}

/* ---- running learner code ---------------------------------------------------------------- */

/* One run through the door: support.run (or run_traced) and the repr of what it gave. */
typedef struct {
    InterpResult *r;
    PyObject *runner, *src;
    InterpMode mode;
    StrBuf *note;   /* what Python could not write into err itself */
    char **report; /* run_traced's report, or NULL */
} RunCall;

/* An exception escaped support.run itself (say an interrupt landed in its bookkeeping). */
static void record_escape(InterpResult *r, StrBuf *note)
{
    PyObject *exc = pyutil_take_exception(); /* new */
    r->status = INTERP_ERROR;
    r->interrupted = exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt);
    pyutil_describe_exception(note, exc);
    strbuf_putc(note, '\n');
    Py_XDECREF(exc);
}

/* Fill c->r from the runner's answer: (status, value or exit message, exit_code, interrupted
 * [, report]). Takes the reference to ret. */
static void take_answer(RunCall *c, PyObject *ret)
{
    InterpResult *r = c->r;
    int status = INTERP_ERROR, exit_code = 0, interrupted = 0;
    PyObject *value = NULL, *text = NULL; /* borrowed from ret */
    if (ret && !PyArg_ParseTuple(ret, "iOip|U", &status, &value, &exit_code, &interrupted, &text))
        Py_CLEAR(ret);
    if (ret && (status < INTERP_VALUE || status > INTERP_EXIT)) {
        PyErr_Format(PyExc_SystemError, "support.run gave status %d", status);
        Py_CLEAR(ret);
    }
    if (!ret) {
        record_escape(r, c->note);
        return;
    }
    r->status = (InterpStatus)status;
    r->exit_code = exit_code;
    r->interrupted = interrupted;
    if (r->status == INTERP_VALUE) {
        r->value = Py_NewRef(value); /* the result's own reference */
        r->repr = repr_texts(value, &r->repr_failed, &r->repr_exact); /* its prints count */
    } else if (r->status == INTERP_DONE && value != Py_None) {
        r->value = Py_NewRef(value); /* displayed by the statements themselves (`1; [7]`) */
    } else if (r->status == INTERP_EXIT && PyUnicode_Check(value)) {
        free(r->exit_message);
        r->exit_message = pyutil_text(value, true);
        if (!r->exit_message) { /* the encoder could only fail on memory: no message then */
            PyErr_Clear();
            r->exit_message = xstrdup("");
        }
    }
    if (c->report && text) {
        *c->report = pyutil_text(text, true);
        PyErr_Clear(); /* the encoder could only fail on memory: then there is no report */
    }
    Py_DECREF(ret);
}

static PyObject *run_in_door(void *arg)
{
    RunCall *c = arg;
    PyObject *err = door_stream(CAPTURE_ERR); /* borrowed: tracebacks go where stderr goes */
    bool was = guard_builtins(true); /* support.py switches back for the learner's code */
    PyObject *ret = /* new */
        PyObject_CallFunction(c->runner, "OiO", c->src, (int)c->mode, err ? err : py.sink);
    take_answer(c, ret);
    guard_builtins(was);
    Py_RETURN_NONE;
}

static InterpResult *new_result(void)
{
    InterpResult *r = xcalloc(1, sizeof *r);
    r->status = INTERP_ERROR;
    r->exit_message = xstrdup("");
    r->threads_left = xstrdup("");
    return r;
}

/* Run source through runner behind the door (limited to `seconds` if not 0). *report (if not
 * NULL) gets runner's report or stays NULL; *spent the seconds the code ran. */
static InterpResult *run_with(PyObject *runner, const char *source, InterpMode mode,
                              int seconds, char **report, double *spent)
{
    InterpResult *r = new_result();
    if (!py_ready || !source) {
        r->out = xstrdup("");
        r->err = xstrdup(py_ready ? "objscope: no source to run\n"
                                  : "objscope: Python is not running\n");
        return r;
    }
    generation++;
    StrBuf note;
    strbuf_init(&note);
    /* surrogateescape: invalid UTF-8 reaches compile(), which explains it as an error */
    PyObject *src = PyUnicode_DecodeUTF8(source, (Py_ssize_t)strlen(source), "surrogateescape");
    RunCall c = {r, runner, src, mode, &note, report};
    DoorRules rules = {seconds, false};
    DoorReport rep = {0};
    PyObject *done = src ? door_pass(&rules, run_in_door, &c, &rep) : NULL;
    if (!done)
        record_escape(r, &note);
    Py_XDECREF(done);
    Py_XDECREF(src);
    r->timed_out = rep.timed_out;
    if (rep.timed_out)
        strbuf_printf(&note, "objscope: stopped after %d s\n", seconds);
    if (spent)
        *spent = rep.seconds;
    bool outermost = !door_is_open();
    r->out = take_output(CAPTURE_OUT, outermost, NULL);
    r->err = take_output(CAPTURE_ERR, outermost, note.data);
    strbuf_free(&note);
    return r;
}

InterpResult *interp_run(const char *source, InterpMode mode)
{
    return run_with(py.run, source, mode, 0, NULL, NULL);
}

/* The names in a list of str, ", " between them (owned), or NULL if it is not one. */
static char *joined_names(PyObject *list)
{
    if (!list || !PyList_Check(list))
        return NULL;
    StrBuf b;
    strbuf_init(&b);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        char *name = pyutil_text(PyList_GET_ITEM(list, i), false);
        PyErr_Clear();
        strbuf_printf(&b, "%s%s", i ? ", " : "", name ? name : "?");
        free(name);
    }
    return strbuf_take(&b);
}

/* Wait what is left of the limit for the threads started since `before`; their names if some
 * still run, else "". */
static char *wait_for_threads(PyObject *before, double seconds)
{
    if (seconds < 0)
        seconds = 0;
    PyObject *args = before ? Py_BuildValue("(Od)", before, seconds) : NULL; /* new */
    DoorRules rules = {seconds + INTERP_REPR_SECONDS, true};
    PyObject *names = args ? door_call(&rules, py.join_threads, args, NULL) : NULL; /* new */
    Py_XDECREF(args);
    PyErr_Clear();
    char *text = joined_names(names);
    Py_XDECREF(names);
    quiet_done();
    return text ? text : xstrdup("(unknown)");
}

InterpResult *interp_run_limited(const char *source, const InterpLimits *limits)
{
    InterpLimits none = {INTERP_MODE_EXEC, 0, false};
    if (!limits)
        limits = &none;
    PyObject *before = NULL;
    if (py_ready && limits->wait_threads) {
        before = door_call(&OWN_CALL, py.thread_idents, NULL, NULL); /* new */
        PyErr_Clear();
        quiet_done();
    }
    double spent = 0;
    InterpResult *r = run_with(py.run, source, limits->mode, limits->seconds, NULL, &spent);
    if (before && !r->timed_out) {
        double left = limits->seconds > 0 ? limits->seconds - spent : 365 * 86400.0;
        free(r->threads_left);
        r->threads_left = wait_for_threads(before, left);
        r->timed_out = r->threads_left[0] != '\0';
    }
    Py_XDECREF(before);
    return r;
}

/* tracemalloc's switches are C functions: stopping it from here runs no Python code, so no
 * interrupt can leave it running. The module itself is imported before tracing starts, to keep
 * its import out of the report. Calls tracemalloc.name(arg) (or name() when format is NULL): a
 * new reference, or NULL with an exception set. */
static PyObject *tracemalloc_call(const char *name, const char *format, int arg)
{
    PyObject *mod = PyImport_ImportModule("tracemalloc"); /* new */
    PyObject *ret = mod ? PyObject_CallMethod(mod, name, format, arg) : NULL; /* new */
    Py_XDECREF(mod);
    return ret;
}

/* Whether tracemalloc is on: 1, 0, or -1 when it cannot be asked; leaves no exception. */
static int tracing_now(void)
{
    PyObject *on = tracemalloc_call("is_tracing", NULL, 0); /* new */
    int tracing = on ? PyObject_IsTrue(on) : -1;
    Py_XDECREF(on);
    PyErr_Clear();
    return tracing;
}

/* Also drops every trace: nothing of the run is left behind. */
static void tracing_stop(void)
{
    PyObject *ret = tracemalloc_call("stop", NULL, 0); /* new */
    Py_XDECREF(ret);
    PyErr_Clear();
}

InterpResult *interp_run_traced(const char *source, char **report)
{
    /* support.run_traced starts tracing once the code is compiled; one the learner started
     * is left on */
    int was_tracing = py_ready && source ? tracing_now() : -1;
    char *text = NULL;
    InterpResult *r = run_with(py.run_traced, source, INTERP_MODE_EXEC, 0, &text, NULL);
    if (was_tracing == 0)
        tracing_stop();
    if (!text) /* the reason is in r->err */
        text = xstrdup("no memory report\n");
    if (report)
        *report = text;
    else
        free(text);
    return r;
}

static PyObject *release_now(void *o)
{
    Py_DECREF((PyObject *)o);
    Py_RETURN_NONE;
}

/* Drop a reference; when it is the last, a __del__ may run: behind the door. What a finalizer
 * prints is the learner's: it stays as background output (interp_take_background_output), as
 * Python's prompt would show it, or joins the output of the run around it. */
static void release(PyObject *o)
{
    if (!o)
        return;
    if (Py_REFCNT(o) > 1) {
        Py_DECREF(o);
        return;
    }
    PyObject *none = door_pass(&OWN_CALL, release_now, o, NULL);
    Py_XDECREF(none);
    PyErr_Clear(); /* a __del__'s error goes to the unraisable hook, never here */
}

void interp_result_free(InterpResult *r)
{
    if (!r)
        return;
    free(r->out);
    free(r->err);
    free(r->repr);
    free(r->repr_exact);
    free(r->exit_message);
    free(r->threads_left);
    if (py_ready)
        release(r->value);
    free(r);
}

int interp_refs_held(const InterpResult *r)
{
    return r && r->value ? 1 + interp_binds_underscore(r->value) : 0;
}

/* ---- completion -------------------------------------------------------------------------- */

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* support.complete's list as sorted, unique, terminal-safe strings (NULL when empty). Sorted
 * after sanitising, so that two names escaping to the same text count once. */
static char **candidates_from(PyObject *list, size_t *count)
{
    if (!PyList_Check(list))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n > INTERP_COMPLETE_MAX)
        n = INTERP_COMPLETE_MAX;
    char **v = xcalloc(n > 0 ? (size_t)n : 1, sizeof *v);
    size_t kept = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyList_GET_ITEM(list, i); /* borrowed */
        char *text = PyUnicode_Check(word) ? pyutil_text(word, false) : NULL;
        if (text && *text)
            v[kept++] = text;
        else
            free(text);
    }
    PyErr_Clear(); /* an item the encoder refused is just not offered */
    qsort(v, kept, sizeof *v, compare_strings);
    size_t unique = 0;
    for (size_t i = 0; i < kept; i++) {
        if (unique > 0 && strcmp(v[unique - 1], v[i]) == 0)
            free(v[i]);
        else
            v[unique++] = v[i];
    }
    if (unique == 0) {
        free(v);
        return NULL;
    }
    *count = unique;
    return v;
}

char **interp_complete(const char *text, size_t *count)
{
    size_t ignored;
    if (!count)
        count = &ignored;
    *count = 0;
    if (!py_ready || !text)
        return NULL;
    PyObject *args = Py_BuildValue("(s#n)", text, (Py_ssize_t)strlen(text), /* new */
                                   (Py_ssize_t)INTERP_COMPLETE_MAX);
    if (!args) { /* text is not UTF-8: nothing to complete */
        PyErr_Clear();
        return NULL;
    }
    /* completing `x.attr` evaluates `x`: the time limit applies */
    PyObject *found = own_call(py.complete, args, NULL); /* new: list of str */
    Py_DECREF(args);
    if (!found)
        PyErr_Clear(); /* anything at all, the time limit's KeyboardInterrupt too: no candidates */
    quiet_done();
    char **v = found ? candidates_from(found, count) : NULL;
    Py_XDECREF(found);
    return v;
}

char *interp_signature(const char *name)
{
    if (!py_ready || !name || !*name)
        return NULL;
    PyObject *src = PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "surrogateescape"); /* new */
    if (!src) {
        PyErr_Clear();
        return NULL;
    }
    PyObject *args = PyTuple_Pack(1, src); /* new */
    Py_DECREF(src);
    if (!args) {
        PyErr_Clear();
        return NULL;
    }
    /* looking the name up may run learner code: the door's time limit applies */
    PyObject *ret = own_call(py.signature, args, NULL); /* new: str or None */
    Py_DECREF(args);
    if (!ret)
        PyErr_Clear(); /* anything at all, the time limit's KeyboardInterrupt too: no signature */
    quiet_done();
    char *text = ret && PyUnicode_Check(ret) ? pyutil_text(ret, false) : NULL;
    if (!text)
        PyErr_Clear();
    Py_XDECREF(ret);
    return text;
}

void interp_strings_free(char **v, size_t count)
{
    if (!v)
        return;
    for (size_t i = 0; i < count; i++)
        free(v[i]);
    free(v);
}

/* ---- value handles ----------------------------------------------------------------------- */

/* Objects die with the interpreter: after interp_finalize a handle is only an address. */
void interp_value_retain(struct _object *o)
{
    if (py_ready && o)
        Py_INCREF(o);
}

/* May run a __del__: behind the door; what it raises goes to the unraisable hook. */
void interp_value_release(struct _object *o)
{
    if (py_ready)
        release(o);
}

/* Read straight from the type object, never through getattr(type, '__qualname__'): a metaclass
 * defining __getattribute__ would run learner code. */
char *interp_type_name(struct _object *o)
{
    if (!o)
        return xstrdup("<no value>");
    PyTypeObject *tp = Py_TYPE(o); /* borrowed */
    if (PyType_HasFeature(tp, Py_TPFLAGS_HEAPTYPE)) {
        PyObject *qualname = ((PyHeapTypeObject *)tp)->ht_qualname; /* borrowed */
        char *text = qualname && PyUnicode_Check(qualname) ? pyutil_text(qualname, false) : NULL;
        if (text)
            return text;
        PyErr_Clear(); /* the encoder could only fail on memory: fall back to tp_name */
    }
    return sanitize_text(tp->tp_name, strlen(tp->tp_name), false);
}

/* As the layout engine names types: "module.qualname", without the module for builtins and
 * __main__; read from the type object, running no learner code. */
char *interp_type_name_exact(struct _object *o)
{
    if (!o)
        return xstrdup("<no value>");
    PyTypeObject *tp = Py_TYPE(o); /* borrowed */
    if (!PyType_HasFeature(tp, Py_TPFLAGS_HEAPTYPE))
        return xstrdup(tp->tp_name);
    PyObject *qualname = ((PyHeapTypeObject *)tp)->ht_qualname; /* borrowed */
    char *qual = qualname && PyUnicode_Check(qualname) ? pyutil_text_exact(qualname) : NULL;
    PyObject *mod = tp->tp_dict ? PyDict_GetItemString(tp->tp_dict, "__module__") : NULL;
    char *m = mod && PyUnicode_Check(mod) ? pyutil_text_exact(mod) : NULL; /* borrowed mod */
    PyErr_Clear();
    if (!qual)
        qual = xstrdup(tp->tp_name);
    char *full = m && strcmp(m, "builtins") && strcmp(m, "__main__") ? xasprintf("%s.%s", m, qual)
                                                                     : xstrdup(qual);
    free(qual);
    free(m);
    return full;
}

bool interp_binds_underscore(struct _object *o)
{
    if (!o || !Py_IsInitialized())
        return false;
    PyObject *builtins = PyEval_GetBuiltins(); /* borrowed */
    return builtins && PyDict_GetItemString(builtins, "_") == o;
}

/* ---- quiet evaluation, for lessons ------------------------------------------------------- */

/* support.eval_quiet's (ok, text, truthy) into the C answer; -1 when it is not that tuple. */
static int quiet_answer(PyObject *ret, char **text_out, bool *truthy)
{
    int ok, is_true;
    PyObject *text; /* borrowed from ret */
    if (!PyArg_ParseTuple(ret, "pUp", &ok, &text, &is_true))
        return -1;
    *text_out = pyutil_text(text, false);
    if (!*text_out)
        return -1;
    if (truthy)
        *truthy = ok && is_true;
    return ok ? 1 : 0;
}

int interp_eval_quiet(const char *expr, char **repr_or_error, bool *truthy)
{
    char *text = NULL;
    if (truthy)
        *truthy = false;
    PyObject *args = py_ready && expr /* new */
        ? Py_BuildValue("(Ni)", PyUnicode_DecodeUTF8(expr, (Py_ssize_t)strlen(expr),
                                                     "surrogateescape"), truthy != NULL)
        : NULL;
    if (!args) {
        PyErr_Clear();
        text = xstrdup(!py_ready ? "Python is not running" : "no expression to evaluate");
        if (repr_or_error)
            *repr_or_error = text;
        else
            free(text);
        return -1;
    }
    DoorReport rep;
    quiet_depth++;
    PyObject *ret = own_call(py.eval_quiet, args, &rep); /* new: (ok, text, truthy) */
    quiet_depth--;
    Py_DECREF(args);
    int answer = ret ? quiet_answer(ret, &text, truthy) : -1;
    Py_XDECREF(ret);
    if (answer < 0) {
        PyObject *exc = pyutil_take_exception(); /* new */
        free(text);
        StrBuf b;
        strbuf_init(&b);
        if (rep.timed_out)
            strbuf_printf(&b, "timed out after %d s", INTERP_REPR_SECONDS);
        else if (exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt))
            strbuf_puts(&b, "KeyboardInterrupt");
        else
            pyutil_describe_exception(&b, exc);
        text = sanitize_text(b.data, b.len, false);
        strbuf_free(&b);
        Py_XDECREF(exc);
    }
    quiet_done();
    if (repr_or_error)
        *repr_or_error = text;
    else
        free(text);
    return answer == 1 ? 0 : -1;
}

/* How a call behind the door failed, found out behind the door too: an exception's __str__ is
 * learner code, which must not run unguarded. */
typedef struct {
    bool failed;
    bool interrupted; /* KeyboardInterrupt: the deadline's or Ctrl-C's */
    char *error;      /* "Type: message", terminal-safe (owned), for any other exception */
} Failure;

/* Inside a door: take the pending exception into f. */
static void note_failure(Failure *f)
{
    PyObject *exc = pyutil_take_exception(); /* new */
    f->failed = true;
    f->interrupted = exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt);
    if (!f->interrupted) {
        StrBuf b;
        strbuf_init(&b);
        pyutil_describe_exception(&b, exc);
        f->error = sanitize_text(b.data, b.len, false);
        strbuf_free(&b);
    }
    Py_XDECREF(exc);
}

typedef struct {
    const char *module;
    Failure failure;
} Import;

static PyObject *import_it(void *arg)
{
    Import *im = arg;
    PyObject *mod = PyImport_ImportModule(im->module); /* new */
    if (!mod)
        note_failure(&im->failure);
    Py_XDECREF(mod);
    Py_RETURN_NONE;
}

int interp_import_quiet(const char *module, char **error)
{
    if (error)
        *error = NULL;
    if (!py_ready || !module || !*module) {
        if (error)
            *error = xstrdup(!py_ready ? "Python is not running" : "no module name");
        return -1;
    }
    /* a module runs its code: no time limit, but Ctrl-C stops it */
    Import im = {module, {0}};
    PyObject *none = door_pass(&LEARNER_CODE, import_it, &im, NULL);
    Py_XDECREF(none);
    PyErr_Clear();
    quiet_done();
    if (im.failure.failed && !im.failure.error)
        im.failure.error = xstrdup("KeyboardInterrupt");
    if (error)
        *error = im.failure.error;
    else
        free(im.failure.error);
    return im.failure.failed ? -1 : 0;
}

/* ---- a Python __sizeof__ override ------------------------------------------------------- */

typedef struct {
    PyObject *o;
    long long claim; /* -1 until it gives a size */
    char *bad;       /* what it returned instead of a size (owned) */
    Failure failure;
} Claim;

static PyObject *ask_sizeof(void *arg)
{
    Claim *c = arg;
    PyObject *r = PyObject_CallMethod(c->o, "__sizeof__", NULL); /* new; runs the override */
    if (!r) {
        note_failure(&c->failure);
        Py_RETURN_NONE;
    }
    int overflow = 0;
    long long v = PyLong_Check(r) ? PyLong_AsLongLongAndOverflow(r, &overflow) : -1;
    PyErr_Clear();
    if (PyLong_Check(r) && !overflow && v >= 0)
        c->claim = v;
    else
        c->bad = xasprintf("returned %s, not a size",
                           PyLong_Check(r) ? "a negative or huge int" : Py_TYPE(r)->tp_name);
    Py_DECREF(r);
    Py_RETURN_NONE;
}

int interp_sizeof_claim(struct _object *o, long long *claim, char **error)
{
    *claim = -1;
    *error = NULL;
    if (!py_ready || !o)
        return -1;
    Claim c = {o, -1, NULL, {0}};
    DoorReport rep = {0};
    PyObject *none = door_pass(&OWN_CALL, ask_sizeof, &c, &rep);
    Py_XDECREF(none);
    PyErr_Clear();
    quiet_done();
    *claim = c.claim;
    if (c.claim >= 0)
        return 0;
    if (rep.timed_out)
        *error = xasprintf("timed out after %d s", INTERP_REPR_SECONDS);
    else if (c.bad)
        *error = sanitize_text(c.bad, strlen(c.bad), false);
    else
        *error = xstrdup(c.failure.error ? c.failure.error
                         : rep.interrupted ? "stopped by Ctrl-C" : "interrupted");
    free(c.bad);
    free(c.failure.error);
    return -1;
}

Layout *interp_describe(struct _object *o, const LayoutOptions *opt)
{
    Layout *l = layout_describe(o, opt); /* runs no Python code, the deep walk included */
    if (!l->sizeof_overridden)
        return l;
    long long claim;
    char *error;
    interp_sizeof_claim(o, &claim, &error);
    layout_set_sizeof_claim(l, claim, error);
    free(error);
    return l;
}


/* ---- the namespace, for demo scripts and the references picture ------------------------- */

unsigned long interp_generation(void)
{
    return generation;
}

static PyObject *reset_now(void *arg)
{
    (void)arg;
    return PyObject_CallNoArgs(py.reset); /* new; may run __del__ methods */
}

void interp_reset_namespace(void)
{
    if (!py_ready)
        return;
    generation++;
    PyObject *none = door_pass(&OWN_CALL, reset_now, NULL, NULL);
    Py_XDECREF(none);
    PyErr_Clear(); /* a __del__'s error goes to the unraisable hook, never here */
    quiet_done();
}

struct _object *interp_lookup_name(const char *name)
{
    if (!py_ready || !name || !*name)
        return NULL;
    PyObject *args = Py_BuildValue("(s)", name); /* new */
    if (!args) {
        PyErr_Clear();
        return NULL;
    }
    PyObject *found = door_call(&OWN_CALL, py.lookup, args, NULL); /* new: (value,) or () */
    Py_DECREF(args);
    PyErr_Clear();
    quiet_done();
    PyObject *v = found && PyTuple_Check(found) && PyTuple_GET_SIZE(found) == 1
                      ? Py_NewRef(PyTuple_GET_ITEM(found, 0)) : NULL;
    Py_XDECREF(found);
    return v;
}

RefsGraph *interp_refs_of_namespace(const RefsOptions *opt)
{
    if (!py_ready)
        return NULL;
    PyObject *main = PyImport_AddModule("__main__"); /* borrowed */
    PyObject *dict = main ? PyModule_GetDict(main) : NULL; /* borrowed */
    PyErr_Clear();
    return dict ? refs_of_namespace(dict, opt) : NULL;
}
