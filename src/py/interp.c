/* interp.c — the embedded CPython (see interp.h): starting and stopping it, every run of learner
 * code, captured output, interrupts, input(), the time-limited repr and completion, :mem runs
 * under tracemalloc, and value handles. The Python half lives in support.py, compiled into the
 * binary and loaded as module _objscope. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>

#include "py/interp.h"
#include "layout/layout.h"

#include "layout/facts.h" /* fact_take_exception: the exception API differs by version */

#include <errno.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

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

/* Strong references into _objscope, held from interp_init to interp_finalize. */
static struct {
    PyObject *run;         /* support.run */
    PyObject *safe_repr;   /* support.safe_repr */
    PyObject *complete;    /* support.complete */
    PyObject *run_traced;  /* support.run_traced */
    PyObject *eval_quiet;  /* support.eval_quiet */
    PyObject *writer_type; /* support.BoundedWriter */
    PyObject *sink;        /* the writer sys.stdout/stderr point at between runs */
    PyObject *run_out, *run_err; /* the running code's writers (borrowed), NULL between runs */
} py;

/* Read by interp_interrupt from signal handlers, hence sig_atomic_t. */
static volatile sig_atomic_t py_ready;

static InterpInputHook input_hook;
static void *input_userdata;

/* ---- exceptions -------------------------------------------------------------------------- */


/* "Type: message" for errors Python could not format itself (support code interrupted). */
static void describe_exception(StrBuf *b, PyObject *exc)
{
    if (!exc) {
        strbuf_puts(b, "unknown error");
        return;
    }
    strbuf_puts(b, Py_TYPE(exc)->tp_name);
    PyObject *msg = PyObject_Str(exc); /* new */
    const char *text = msg ? PyUnicode_AsUTF8(msg) : NULL;
    if (text && *text)
        strbuf_printf(b, ": %s", text);
    Py_XDECREF(msg);
    PyErr_Clear(); /* a failing __str__ only costs us the message */
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
static PyMethodDef support_functions[] = {
    {"input", c_input, METH_VARARGS,
     "input(prompt='')\n--\n\nRead a line through objscope (there is no terminal to read from)."},
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
    PyObject *builtins = PyEval_GetBuiltins();      /* borrowed */
    PyObject *modules = PyImport_GetModuleDict();   /* borrowed */
    if (PyModule_AddFunctions(mod, support_functions) < 0 ||
        PyDict_SetItemString(dict, "__builtins__", builtins) < 0 ||
        PyDict_SetItemString(modules, SUPPORT_NAME, mod) < 0)
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

/* Keep what interp_run and interp_repr call, then let support.py take over input and streams. */
static int bind_support(PyObject *mod)
{
    py.run = PyObject_GetAttrString(mod, "run");                 /* new */
    py.safe_repr = PyObject_GetAttrString(mod, "safe_repr");     /* new */
    py.writer_type = PyObject_GetAttrString(mod, "BoundedWriter"); /* new */
    py.complete = PyObject_GetAttrString(mod, "complete");       /* new */
    py.run_traced = PyObject_GetAttrString(mod, "run_traced");   /* new */
    py.eval_quiet = PyObject_GetAttrString(mod, "eval_quiet");   /* new */
    if (!py.run || !py.safe_repr || !py.writer_type || !py.complete || !py.run_traced ||
        !py.eval_quiet)
        return -1;
    py.sink = PyObject_CallMethod(mod, "install", NULL); /* new */
    return py.sink ? 0 : -1;
}

/* ---- os._exit ---------------------------------------------------------------------------- */

static void (*exit_hook)(void);

void interp_set_exit_hook(void (*hook)(void))
{
    exit_hook = hook;
}

/* os._exit / posix._exit as learner code sees them: the embedder gets to restore what it must
 * (the terminal) before the process ends without any cleanup, as _exit does. */
static PyObject *c_exit_now(PyObject *self, PyObject *arg)
{
    (void)self;
    int status = (int)PyLong_AsLong(arg);
    if (status == -1 && PyErr_Occurred())
        return NULL;
    if (exit_hook)
        exit_hook();
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
    if (!mod || bind_support(mod) != 0) {
        fprintf(stderr, "objscope: cannot load its Python support code:\n");
        PyErr_Print(); /* sys.stderr is still the real one unless install() got that far */
        Py_XDECREF(mod);
        return -1;
    }
    Py_DECREF(mod); /* sys.modules keeps it */
    wrap_os_exit();
    py_ready = 1;
    return 0;
}

void interp_finalize(void)
{
    if (!py_ready)
        return;
    py_ready = 0;
    Py_CLEAR(py.run);
    Py_CLEAR(py.safe_repr);
    Py_CLEAR(py.writer_type);
    Py_CLEAR(py.complete);
    Py_CLEAR(py.run_traced);
    Py_CLEAR(py.eval_quiet);
    Py_CLEAR(py.sink);
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

/* ---- interrupts -------------------------------------------------------------------------- */

void interp_interrupt(void)
{
    /* Only sets a flag and wakes the eval loop: safe in a signal handler. The KeyboardInterrupt
     * is raised by Python's own SIGINT handler at the next bytecode boundary. */
    if (py_ready)
        PyErr_SetInterruptEx(SIGINT);
}

/* An interrupt that arrived while nothing ran (a late timer, Ctrl-C at the prompt) must not
 * kill the next, unrelated, evaluation. Running the pending handlers now spends it. */
static void discard_stale_interrupt(void)
{
    if (PyErr_CheckSignals() < 0)
        PyErr_Clear();
}

/* ---- input() ----------------------------------------------------------------------------- */

void interp_set_input_hook(InterpInputHook hook, void *userdata)
{
    input_hook = hook;
    input_userdata = userdata;
}

/* A str as owned UTF-8 for a terminal (lone surrogates shown as \udcxx, controls escaped). */
static char *safe_utf8(PyObject *s, bool keep_newlines)
{
    PyObject *bytes = PyUnicode_AsEncodedString(s, "utf-8", "backslashreplace"); /* new */
    if (!bytes)
        return NULL;
    char *text = sanitize_text(PyBytes_AS_STRING(bytes), (size_t)PyBytes_GET_SIZE(bytes),
                               keep_newlines);
    Py_DECREF(bytes);
    return text;
}

static char *drain_output(void);

/* builtins.input: asks the hook, so learner code never waits on a terminal the UI owns. */
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
    PyObject *prompt_str = /* new */
        prompt_obj ? PyObject_Str(prompt_obj) : PyUnicode_FromString("");
    char *prompt = prompt_str ? safe_utf8(prompt_str, true) : NULL;
    Py_XDECREF(prompt_str);
    if (!prompt)
        return NULL;
    char *written = drain_output(); /* shown before the prompt, as a terminal would */
    char *line = input_hook(written, prompt, input_userdata); /* owned by us from here */
    free(written);
    free(prompt);
    if (!line) { /* Ctrl-C while answering (the hook called interp_interrupt), or EOF */
        if (PyErr_CheckSignals() == 0)
            PyErr_SetString(PyExc_EOFError, "EOF when reading a line");
        return NULL;
    }
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\n') /* input() returns the line without its newline */
        n -= (n > 1 && line[n - 2] == '\r') ? 2 : 1;
    PyObject *result = PyUnicode_DecodeUTF8(line, (Py_ssize_t)n, "surrogateescape"); /* new */
    free(line);
    return result;
}

/* ---- the time-limited repr --------------------------------------------------------------- */

/* The same limit guards completion, which evaluates the learner's `x` to complete `x.attr`. */

typedef struct {
    struct sigaction old_action;
    struct itimerval old_timer;
    struct timespec started;
} ReprTimer;

static volatile sig_atomic_t repr_alarm_fired;

static void on_repr_alarm(int sig)
{
    (void)sig;
    int saved_errno = errno;
    repr_alarm_fired = 1;
    interp_interrupt();
    errno = saved_errno;
}

static void repr_timer_start(ReprTimer *t)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_repr_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a __repr__ blocked in a system call must wake up */
    repr_alarm_fired = 0;
    clock_gettime(CLOCK_MONOTONIC, &t->started);
    sigaction(SIGALRM, &sa, &t->old_action);
    /* After the limit, interrupt again every 250 ms: a __repr__ may swallow one interrupt. */
    struct itimerval limit = {.it_value = {INTERP_REPR_SECONDS, 0}, .it_interval = {0, 250000}};
    setitimer(ITIMER_REAL, &limit, &t->old_timer);
}

/* Give the caller's own ITIMER_REAL back, less the time the repr took. */
static void restore_caller_timer(const ReprTimer *t)
{
    struct itimerval old = t->old_timer;
    if (old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long spent = (now.tv_sec - t->started.tv_sec) * 1000000LL +
                      (now.tv_nsec - t->started.tv_nsec) / 1000;
    long long left = old.it_value.tv_sec * 1000000LL + old.it_value.tv_usec - spent;
    if (left < 1)
        left = 1; /* it would have fired meanwhile: fire now */
    old.it_value.tv_sec = (time_t)(left / 1000000);
    old.it_value.tv_usec = (suseconds_t)(left % 1000000);
    setitimer(ITIMER_REAL, &old, NULL);
}

/* Stop the timer and put everything back. Returns whether the limit was hit. Call with no
 * Python exception pending. */
static bool repr_timer_stop(ReprTimer *t)
{
    struct itimerval off;
    memset(&off, 0, sizeof off);
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &t->old_action, NULL);
    restore_caller_timer(t);
    bool fired = repr_alarm_fired;
    if (fired)
        discard_stale_interrupt(); /* the timer may have fired just after the repr returned */
    return fired;
}

/* The text of safe_repr's (text, failed) tuple, or NULL if it is not one. */
static char *repr_text(PyObject *ret, bool *failed)
{
    PyObject *text;     /* borrowed from ret */
    int repr_failed;
    if (!PyArg_ParseTuple(ret, "Up", &text, &repr_failed))
        return NULL;
    *failed = repr_failed;
    return safe_utf8(text, false);
}

char *interp_repr(struct _object *o, bool *failed)
{
    bool ignored;
    if (!failed)
        failed = &ignored;
    *failed = true;
    if (!py_ready || !o)
        return xstrdup("<no value>");
    discard_stale_interrupt();
    ReprTimer timer;
    repr_timer_start(&timer);
    PyObject *ret = PyObject_CallOneArg(py.safe_repr, o); /* new: (text, failed) */
    PyObject *exc = ret ? NULL : fact_take_exception();        /* new */
    bool timed_out = repr_timer_stop(&timer);
    char *text = ret ? repr_text(ret, failed) : NULL;
    Py_XDECREF(ret);
    if (!text) {
        if (!exc)
            exc = fact_take_exception(); /* repr_text's own failure, if any */
        *failed = true;
        StrBuf b;
        strbuf_init(&b);
        if (timed_out)
            strbuf_printf(&b, "<repr timed out after %d s>", INTERP_REPR_SECONDS);
        else if (exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt))
            strbuf_puts(&b, "<repr interrupted>");
        else {
            strbuf_puts(&b, "<repr failed: ");
            describe_exception(&b, exc);
            strbuf_putc(&b, '>');
        }
        text = sanitize_text(b.data, b.len, false);
        strbuf_free(&b);
    }
    Py_XDECREF(exc);
    return text;
}

/* ---- running learner code ---------------------------------------------------------------- */

/* What sys.stdout and sys.stderr were before a run (strong references, may be NULL). */
typedef struct {
    PyObject *out, *err;
} Streams;

/* Swapped in C, not Python, so an interrupt cannot leave the streams half-restored. */
static void capture_streams(Streams *saved, PyObject *out, PyObject *err)
{
    saved->out = Py_XNewRef(PySys_GetObject("stdout")); /* borrowed, then made strong */
    saved->err = Py_XNewRef(PySys_GetObject("stderr"));
    if (PySys_SetObject("stdout", out) < 0 || PySys_SetObject("stderr", err) < 0)
        PyErr_Clear();
}

/* Learner code may have replaced sys.stdout; the next run must not write through that. */
static void restore_streams(Streams *saved)
{
    if (PySys_SetObject("stdout", saved->out ? saved->out : py.sink) < 0 ||
        PySys_SetObject("stderr", saved->err ? saved->err : py.sink) < 0)
        PyErr_Clear();
    Py_CLEAR(saved->out);
    Py_CLEAR(saved->err);
}

/* A writer's kept bytes, made safe for a terminal, then `note` and how much was dropped.
 * Reads the writer's attributes directly: no Python code runs, so nothing can interrupt it. */
static char *take_output(PyObject *writer, const char *note)
{
    StrBuf b;
    strbuf_init(&b);
    PyObject *buf = writer ? PyObject_GetAttrString(writer, "_buf") : NULL;         /* new */
    PyObject *dropped = writer ? PyObject_GetAttrString(writer, "_dropped") : NULL; /* new */
    if (buf && PyByteArray_Check(buf)) {
        char *text = sanitize_text(PyByteArray_AS_STRING(buf),
                                   (size_t)PyByteArray_GET_SIZE(buf), true);
        strbuf_puts(&b, text);
        free(text);
    }
    unsigned long long lost =
        dropped && PyLong_Check(dropped) ? PyLong_AsUnsignedLongLong(dropped) : 0;
    Py_XDECREF(buf);
    Py_XDECREF(dropped);
    PyErr_Clear(); /* a tampered writer just yields less text */
    if (lost == (unsigned long long)-1)
        lost = 0;
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

/* Empties a writer, so what it held is not shown twice. */
static void writer_reset(PyObject *writer)
{
    PyObject *empty = PyByteArray_FromStringAndSize(NULL, 0); /* new */
    PyObject *zero = PyLong_FromLong(0);                       /* new */
    if (!empty || !zero || PyObject_SetAttrString(writer, "_buf", empty) < 0 ||
        PyObject_SetAttrString(writer, "_dropped", zero) < 0)
        PyErr_Clear(); /* then the text shows again at the end: repeated, never lost */
    Py_XDECREF(empty);
    Py_XDECREF(zero);
}

/* What the running code has written so far (stdout, then stderr), taken out of its writers. */
static char *drain_output(void)
{
    StrBuf b;
    strbuf_init(&b);
    PyObject *writers[] = {py.run_out, py.run_err};
    for (size_t i = 0; i < 2; i++) {
        if (!writers[i])
            continue;
        char *text = take_output(writers[i], NULL);
        strbuf_puts(&b, text);
        free(text);
        writer_reset(writers[i]);
    }
    return strbuf_take(&b);
}

/* A fresh bounded writer (new reference), or NULL with an exception set. */
static PyObject *new_writer(void)
{
    return PyObject_CallFunction(py.writer_type, "n", (Py_ssize_t)INTERP_OUTPUT_MAX);
}

/* An exception escaped support.run itself (say an interrupt landed in its bookkeeping). */
static void record_escape(InterpResult *r, StrBuf *note)
{
    PyObject *exc = fact_take_exception(); /* new */
    r->status = INTERP_ERROR;
    r->interrupted = exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt);
    describe_exception(note, exc);
    strbuf_putc(note, '\n');
    Py_XDECREF(exc);
}

/* Call runner (support.run, or support.run_traced which adds a report) with the streams
 * captured, and fill r (and *report, if asked for) from its answer. */
static void run_captured(InterpResult *r, PyObject *runner, const char *source, InterpMode mode,
                         PyObject *err, StrBuf *note, char **report)
{
    /* surrogateescape: invalid UTF-8 reaches compile(), which explains it as an error */
    PyObject *src = PyUnicode_DecodeUTF8(source, (Py_ssize_t)strlen(source), "surrogateescape");
    PyObject *ret = /* new: (status, value or exit message, exit_code, interrupted[, report]) */
        src ? PyObject_CallFunction(runner, "OiO", src, (int)mode, err) : NULL;
    Py_XDECREF(src);
    int status = INTERP_ERROR, exit_code = 0, interrupted = 0;
    PyObject *value = NULL, *text = NULL; /* borrowed from ret */
    if (ret && !PyArg_ParseTuple(ret, "iOip|U", &status, &value, &exit_code, &interrupted, &text))
        Py_CLEAR(ret);
    if (ret && (status < INTERP_VALUE || status > INTERP_EXIT)) {
        PyErr_Format(PyExc_SystemError, "support.run gave status %d", status);
        Py_CLEAR(ret);
    }
    if (!ret) {
        record_escape(r, note);
        return;
    }
    r->status = (InterpStatus)status;
    r->exit_code = exit_code;
    r->interrupted = interrupted;
    if (r->status == INTERP_VALUE) {
        r->value = Py_NewRef(value); /* the result's own reference */
        r->repr = interp_repr(value, &r->repr_failed); /* still captured: its prints count */
    } else if (r->status == INTERP_DONE && value != Py_None) {
        r->value = Py_NewRef(value); /* displayed by the statements themselves (`1; [7]`) */
    } else if (r->status == INTERP_EXIT && PyUnicode_Check(value)) {
        free(r->exit_message);
        r->exit_message = safe_utf8(value, true);
        if (!r->exit_message) { /* the encoder could only fail on memory: no message then */
            PyErr_Clear();
            r->exit_message = xstrdup("");
        }
    }
    if (report && text) {
        *report = safe_utf8(text, true);
        PyErr_Clear(); /* the encoder could only fail on memory: then there is no report */
    }
    Py_DECREF(ret);
}

/* interp_run through runner; *report (if not NULL) gets runner's report or stays NULL. */
static InterpResult *run_with(PyObject *runner, const char *source, InterpMode mode,
                              char **report)
{
    InterpResult *r = xcalloc(1, sizeof *r);
    r->status = INTERP_ERROR;
    r->exit_message = xstrdup("");
    if (!py_ready || !source) {
        r->out = xstrdup("");
        r->err = xstrdup(py_ready ? "objscope: no source to run\n"
                                  : "objscope: Python is not running\n");
        return r;
    }
    discard_stale_interrupt();
    StrBuf note; /* what Python could not write into err itself */
    strbuf_init(&note);
    PyObject *out = new_writer();                /* new */
    PyObject *err = out ? new_writer() : NULL;   /* new */
    if (out && err) {
        Streams saved;
        PyObject *outer_out = py.run_out, *outer_err = py.run_err;
        py.run_out = out, py.run_err = err;
        capture_streams(&saved, out, err);
        run_captured(r, runner, source, mode, err, &note, report);
        restore_streams(&saved);
        py.run_out = outer_out, py.run_err = outer_err;
    } else {
        record_escape(r, &note);
    }
    r->out = take_output(out, NULL);
    r->err = take_output(err, note.data);
    strbuf_free(&note);
    Py_XDECREF(out);
    Py_XDECREF(err);
    return r;
}

InterpResult *interp_run(const char *source, InterpMode mode)
{
    return run_with(py.run, source, mode, NULL);
}

/* tracemalloc's switches are C functions: calling them from here runs no Python code, so no
 * interrupt can come between starting tracemalloc and stopping it. The module itself is imported
 * before tracing starts, to keep its import out of the report. Calls tracemalloc.name(arg) (or
 * name() when format is NULL): a new reference, or NULL with an exception set. */
static PyObject *tracemalloc_call(const char *name, const char *format, int arg)
{
    PyObject *mod = PyImport_ImportModule("tracemalloc"); /* new */
    PyObject *ret = mod ? PyObject_CallMethod(mod, name, format, arg) : NULL; /* new */
    Py_XDECREF(mod);
    return ret;
}

/* Returns 1 if this call started tracemalloc, 0 if it was tracing already (the learner's: left
 * on), -1 if it cannot; leaves no exception (support.run_traced reports it is not tracing). */
static int tracing_start(void)
{
    PyObject *on = tracemalloc_call("is_tracing", NULL, 0); /* new */
    int tracing = on ? PyObject_IsTrue(on) : -1;
    Py_XDECREF(on);
    int started = tracing == 1 ? 0 : -1;
    if (tracing == 0) {
        PyObject *ret = tracemalloc_call("start", "i", 1); /* new; one frame per trace will do */
        started = ret ? 1 : -1;
        Py_XDECREF(ret);
    }
    PyErr_Clear();
    return started;
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
    if (py_ready)
        discard_stale_interrupt(); /* not to be spent on importing tracemalloc */
    int started = py_ready && source ? tracing_start() : -1;
    char *text = NULL;
    InterpResult *r = run_with(py.run_traced, source, INTERP_MODE_EXEC, &text);
    if (started == 1)
        tracing_stop();
    if (!text) /* the reason is in r->err */
        text = xstrdup("no memory report\n");
    if (report)
        *report = text;
    else
        free(text);
    return r;
}

void interp_result_free(InterpResult *r)
{
    if (!r)
        return;
    free(r->out);
    free(r->err);
    free(r->repr);
    free(r->exit_message);
    Py_XDECREF(r->value);
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
        char *text = PyUnicode_Check(word) ? safe_utf8(word, false) : NULL;
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
    PyObject *src = PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "surrogateescape");
    if (!src) {
        PyErr_Clear();
        return NULL;
    }
    discard_stale_interrupt();
    ReprTimer timer;
    repr_timer_start(&timer);
    PyObject *found = /* new: list of str */
        PyObject_CallFunction(py.complete, "On", src, (Py_ssize_t)INTERP_COMPLETE_MAX);
    if (!found)
        PyErr_Clear(); /* anything at all, the time limit's KeyboardInterrupt too: no candidates */
    repr_timer_stop(&timer);
    Py_DECREF(src);
    char **v = found ? candidates_from(found, count) : NULL;
    Py_XDECREF(found);
    return v;
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

/* May run a __del__; whatever it raises goes to the unraisable hook (the sink), not to us. */
void interp_value_release(struct _object *o)
{
    if (py_ready && o)
        Py_DECREF(o);
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
        char *text = qualname && PyUnicode_Check(qualname) ? safe_utf8(qualname, false) : NULL;
        if (text)
            return text;
        PyErr_Clear(); /* the encoder could only fail on memory: fall back to tp_name */
    }
    return sanitize_text(tp->tp_name, strlen(tp->tp_name), false);
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
    *text_out = safe_utf8(text, false);
    if (!*text_out)
        return -1;
    if (truthy)
        *truthy = ok && is_true;
    return ok ? 1 : 0;
}

/* ---- a Python __sizeof__ override -------------------------------------------------------- */

int interp_sizeof_claim(struct _object *o, long long *claim, char **error)
{
    *claim = -1;
    *error = NULL;
    if (!py_ready || !o)
        return -1;
    discard_stale_interrupt();
    ReprTimer timer;
    repr_timer_start(&timer);
    PyObject *r = PyObject_CallMethod(o, "__sizeof__", NULL); /* new; runs the override */
    PyObject *exc = r ? NULL : fact_take_exception();             /* new */
    bool timed_out = repr_timer_stop(&timer);
    StrBuf b;
    strbuf_init(&b);
    if (r) {
        int overflow = 0;
        long long v = PyLong_Check(r) ? PyLong_AsLongLongAndOverflow(r, &overflow) : -1;
        PyErr_Clear();
        if (PyLong_Check(r) && !overflow && v >= 0)
            *claim = v;
        else
            strbuf_printf(&b, "returned %s, not a size", PyLong_Check(r) ? "a negative or huge int"
                                                                      : Py_TYPE(r)->tp_name);
    } else if (timed_out) {
        strbuf_printf(&b, "timed out after %d s", INTERP_REPR_SECONDS);
    } else {
        describe_exception(&b, exc);
    }
    Py_XDECREF(r);
    Py_XDECREF(exc);
    PyErr_Clear();
    int rc = *claim >= 0 ? 0 : -1;
    if (rc < 0)
        *error = sanitize_text(b.data, b.len, false);
    strbuf_free(&b);
    return rc;
}

int interp_eval_quiet(const char *expr, char **repr_or_error, bool *truthy)
{
    char *text = NULL;
    if (truthy)
        *truthy = false;
    int rc = -1;
    PyObject *src = py_ready && expr /* new */
        ? PyUnicode_DecodeUTF8(expr, (Py_ssize_t)strlen(expr), "surrogateescape") : NULL;
    if (!src) {
        PyErr_Clear();
        text = xstrdup(!py_ready ? "Python is not running" : "no expression to evaluate");
    } else {
        discard_stale_interrupt();
        ReprTimer timer;
        repr_timer_start(&timer);
        PyObject *ret = /* new: (ok, text, truthy) */
            PyObject_CallFunction(py.eval_quiet, "Oi", src, truthy != NULL);
        PyObject *exc = ret ? NULL : fact_take_exception(); /* new */
        bool timed_out = repr_timer_stop(&timer);
        Py_DECREF(src);
        int answer = ret ? quiet_answer(ret, &text, truthy) : -1;
        Py_XDECREF(ret);
        if (answer < 0) {
            if (!exc)
                exc = fact_take_exception(); /* quiet_answer's own failure, if any */
            free(text);
            StrBuf b;
            strbuf_init(&b);
            if (timed_out)
                strbuf_printf(&b, "timed out after %d s", INTERP_REPR_SECONDS);
            else if (exc && PyErr_GivenExceptionMatches(exc, PyExc_KeyboardInterrupt))
                strbuf_puts(&b, "KeyboardInterrupt");
            else
                describe_exception(&b, exc);
            text = sanitize_text(b.data, b.len, false);
            strbuf_free(&b);
        }
        Py_XDECREF(exc);
        rc = answer == 1 ? 0 : -1;
    }
    if (repr_or_error)
        *repr_or_error = text;
    else
        free(text);
    return rc;
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
    discard_stale_interrupt();
    PyObject *mod = PyImport_ImportModule(module); /* new */
    if (mod) {
        Py_DECREF(mod);
        return 0;
    }
    PyObject *exc = fact_take_exception(); /* new */
    if (error) {
        StrBuf b;
        strbuf_init(&b);
        describe_exception(&b, exc);
        *error = sanitize_text(b.data, b.len, false);
        strbuf_free(&b);
    }
    Py_XDECREF(exc);
    return -1;
}Layout *interp_describe(struct _object *o, const LayoutOptions *opt)
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


