/* test_door.c — the guarded door into Python (src/py/door.h through interp.h): output captured
 * at the file-descriptor level (child processes, os.write, C stdio, background output), what a
 * child reads, the embedder's hooks, deadlines and Ctrl-C against a learner's SIGINT handler,
 * limited runs and the threads they start, __sizeof__ claims, waiting with the GIL released,
 * and the repr of large str/bytes/bytearray values.
 * check_main.c starts Python once; every test runs in its own forked copy. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "py/interp.h"
#include "tests/suites.h"
#include "util/xalloc.h"

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run statements that must succeed; returns the result (caller frees). */
static InterpResult *ok_run(const char *source)
{
    InterpResult *r = interp_run(source, INTERP_MODE_EXEC);
    ck_assert_msg(r->status == INTERP_DONE, "%s: status %d, err: %s", source, r->status, r->err);
    ck_assert_ptr_null(PyErr_Occurred());
    return r;
}

static void ok(const char *source)
{
    interp_result_free(ok_run(source));
}

/* The value of an expression as its repr (caller frees); fails the test on an error. */
static char *value_of(const char *expr)
{
    char *text = NULL;
    ck_assert_msg(interp_eval_quiet(expr, &text, NULL) == 0, "%s: %s", expr, text);
    return text;
}

static void expect_value(const char *expr, const char *want)
{
    char *got = value_of(expr);
    ck_assert_msg(strcmp(got, want) == 0, "%s: got %s, want %s", expr, got, want);
    free(got);
}

/* ---- output at the file-descriptor level ------------------------------------------------- */

START_TEST(child_processes_write_into_the_result)
{
    InterpResult *r = ok_run("import os, subprocess, ctypes\n"
                             "print('a')\n"
                             "os.system('echo b')\n"
                             "print('c')\n"
                             "subprocess.run(['sh', '-c', 'echo out; echo err >&2'])\n"
                             "os.write(1, b'raw\\n')\n"
                             "ctypes.CDLL(None).printf(b'from C\\n')\n"
                             "print('end')\n");
    ck_assert_str_eq(r->out, "a\nb\nc\nout\nraw\nfrom C\nend\n"); /* in the order written */
    ck_assert_str_eq(r->err, "err\n");
    interp_result_free(r);
}
END_TEST

/* A child writing far more than the bound is drained (it never blocks) and counted. */
START_TEST(a_child_writing_a_lot_is_drained_and_counted)
{
    InterpResult *r = ok_run("import subprocess\n"
                             "p = subprocess.run(['head', '-c', '5000000', '/dev/zero'])\n"
                             "assert p.returncode == 0\n");
    char want[80];
    snprintf(want, sizeof want, "[objscope: %d more bytes of output dropped]\n",
             5000000 - INTERP_OUTPUT_MAX);
    ck_assert_ptr_nonnull(strstr(r->out, want));
    ck_assert_int_eq(strncmp(r->out, "\\x00\\x00", 8), 0); /* kept, and shown escaped */
    interp_result_free(r);
}
END_TEST

/* Children read end-of-file, never the terminal the explorer reads keys from. */
START_TEST(children_read_nothing)
{
    ok("import subprocess\nread = subprocess.run(['cat'], stdout=subprocess.PIPE).stdout");
    expect_value("read", "b''");
}
END_TEST

/* Output arriving between runs (a child still writing) is background output: taken by
 * interp_take_background_output, or else shown first by the next run. */
START_TEST(late_output_is_background_output)
{
    ok("import subprocess\n"
       "late = subprocess.Popen(['sh', '-c', 'sleep 0.3; echo late'])");
    char *bg = NULL;
    for (int i = 0; i < 100; i++) {
        free(bg);
        bg = interp_take_background_output();
        if (*bg)
            break;
        usleep(50000);
    }
    ck_assert_str_eq(bg, "late\n");
    free(bg);
    ok("late.wait()");
    InterpResult *r = ok_run("late = subprocess.Popen(['echo', 'later']); late.wait()");
    ck_assert_str_eq(r->out, "later\n"); /* written during the run: the run's own */
    interp_result_free(r);
    ok("late = subprocess.Popen(['sh', '-c', 'sleep 0.3; echo last'])");
    usleep(600000);
    r = ok_run("print('next')");
    ck_assert_str_eq(r->out, "last\nnext\n"); /* not taken: shown before the next run's */
    interp_result_free(r);
    bg = interp_take_background_output();
    ck_assert_str_eq(bg, "");
    free(bg);
    /* a Python thread printing while the explorer waits for keys: background output too */
    ok("import threading, time\n"
       "threading.Thread(target=lambda: (time.sleep(0.2), print('from a thread'))).start()");
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    interp_wait_readable(fds[0], 800); /* the GIL released, as the explorer waits */
    close(fds[0]);
    close(fds[1]);
    bg = interp_take_background_output();
    ck_assert_str_eq(bg, "from a thread\n");
    free(bg);
}
END_TEST

/* ---- the embedder's hooks ---------------------------------------------------------------- */

typedef struct {
    int enters, leaves;
    bool fd1_was_real; /* at every hook, fd 1 was the real one, not a pipe */
    char order[32];
} HookLog;

static ino_t real_fd1;

static void note_hook(HookLog *h, char what)
{
    struct stat st;
    h->fd1_was_real &= fstat(STDOUT_FILENO, &st) == 0 && st.st_ino == real_fd1;
    size_t n = strlen(h->order);
    if (n + 1 < sizeof h->order)
        h->order[n] = what;
}

static void on_enter(void *ud)
{
    HookLog *h = ud;
    h->enters++;
    note_hook(h, 'E');
}

static void on_leave(void *ud)
{
    HookLog *h = ud;
    h->leaves++;
    note_hook(h, 'L');
}

static char *answer_while_logging(const char *written, const char *prompt, void *ud)
{
    (void)written, (void)prompt;
    note_hook(ud, 'I');
    return xstrdup("yes\n");
}

START_TEST(hooks_bracket_learner_code_once)
{
    struct stat st;
    ck_assert_int_eq(fstat(STDOUT_FILENO, &st), 0);
    real_fd1 = st.st_ino;
    HookLog h = {.fd1_was_real = true};
    interp_set_run_hooks(on_enter, on_leave, &h);
    interp_set_input_hook(answer_while_logging, &h);
    InterpResult *r = interp_run("[input('ok? ')]", INTERP_MODE_REPL); /* and its repr */
    ck_assert_int_eq(r->status, INTERP_VALUE);
    ck_assert_str_eq(r->repr, "['yes']");
    interp_result_free(r);
    /* once around the run, stepped out of for input(), the value's repr nested inside */
    ck_assert_str_eq(h.order, "ELIEL");
    ck_assert(h.fd1_was_real);
    size_t n;
    char **c = interp_complete("pri", &n); /* objscope's own calls are bracketed too */
    interp_strings_free(c, n);
    ck_assert_int_eq(h.enters, 3);
    ck_assert_int_eq(h.leaves, 3);
    interp_set_run_hooks(NULL, NULL, NULL);
    interp_set_input_hook(NULL, NULL);
}
END_TEST

/* Answers each prompt with the next of a list of lines, keeping the prompts seen. */
typedef struct {
    const char *const *answers;
    int next;
    char prompts[256];
    char written[1024]; /* what the code wrote before each prompt */
} Script;

static char *answer_from_script(const char *written, const char *prompt, void *ud)
{
    Script *sc = ud;
    size_t n = strlen(sc->prompts);
    snprintf(sc->prompts + n, sizeof sc->prompts - n, "%s|", prompt);
    n = strlen(sc->written);
    snprintf(sc->written + n, sizeof sc->written - n, "%s", written);
    const char *a = sc->answers[sc->next];
    if (!a)
        return NULL;
    sc->next++;
    return xstrdup(a);
}

/* pdb, breakpoint() and interactive help() read through input(): they ask the embedder, with
 * their own prompts; help(obj) pages into the captured output. */
START_TEST(debugger_and_help_ask_through_input)
{
    static const char *const pdb_answers[] = {"p 6 * 7\n", "c\n", NULL};
    Script sc = {pdb_answers, 0, "", ""};
    interp_set_input_hook(answer_from_script, &sc);
    InterpResult *r = ok_run("x = 1\nbreakpoint()\ny = 2\n");
    ck_assert_str_eq(sc.prompts, "(Pdb) |(Pdb) |");
    ck_assert_msg(strstr(sc.written, "\n42\n"), "pdb wrote: %s", sc.written); /* before its prompt */
    interp_result_free(r);
    static const char *const help_answers[] = {"quit\n", NULL};
    Script hs = {help_answers, 0, "", ""};
    interp_set_input_hook(answer_from_script, &hs);
    r = ok_run("help()");
    ck_assert_str_eq(hs.prompts, "help> |");
    interp_result_free(r);
    r = ok_run("help(len)");
    ck_assert_msg(strstr(r->out, "len(obj, /)"), "help(len) printed: %s", r->out);
    interp_result_free(r);
    interp_set_input_hook(NULL, NULL);
}
END_TEST

/* ---- deadlines and Ctrl-C ---------------------------------------------------------------- */

#define SWALLOW "import signal\nswallowed = []\n" \
                "signal.signal(signal.SIGINT, lambda *a: swallowed.append(1))\n"

static void expect_repr_stopped(const char *expr)
{
    double start = seconds_now();
    InterpResult *r = interp_run(expr, INTERP_MODE_REPL);
    double spent = seconds_now() - start;
    ck_assert_int_eq(r->status, INTERP_VALUE);
    ck_assert(r->repr_failed);
    ck_assert_str_eq(r->repr, "<repr timed out after 2 s>");
    ck_assert_double_lt(spent, INTERP_REPR_SECONDS + 3.0);
    interp_result_free(r);
}

/* A learner's handler that swallows SIGINT cannot keep a __repr__ running past its limit, be it
 * busy or asleep, and is theirs again afterwards. */
START_TEST(a_swallowing_handler_cannot_keep_a_repr_running)
{
    ok(SWALLOW "import time\n"
       "class Busy:\n    def __repr__(self):\n        while True: pass\n"
       "class Asleep:\n    def __repr__(self):\n        time.sleep(60)\n");
    expect_repr_stopped("Busy()");
    expect_repr_stopped("Asleep()");
    ok("handler = signal.getsignal(signal.SIGINT)"); /* seen by the learner's own code */
    expect_value("handler.__name__", "'<lambda>'");
    InterpResult *r = ok_run("x = sum(range(10**6))"); /* no interrupt is left over */
    interp_result_free(r);
}
END_TEST

/* Sends SIGINT to the process twice, as a terminal would for Ctrl-C, Ctrl-C. */
static void *press_ctrl_c_twice(void *unused)
{
    (void)unused;
    for (int i = 0; i < 2; i++) {
        usleep(400000);
        kill(getpid(), SIGINT);
    }
    return NULL;
}

static void expect_second_ctrl_c_stops(const char *source)
{
    pthread_t t;
    pthread_create(&t, NULL, press_ctrl_c_twice, NULL);
    double start = seconds_now();
    InterpResult *r = interp_run(source, INTERP_MODE_EXEC);
    double spent = seconds_now() - start;
    pthread_join(t, NULL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert(r->interrupted);
    ck_assert_msg(strstr(r->err, "KeyboardInterrupt\n"), "err: %s", r->err);
    ck_assert_double_lt(spent, 5.0);
    interp_result_free(r);
}

/* The learner's handler gets the first Ctrl-C, as in Python; the second stops the code. */
START_TEST(a_second_ctrl_c_stops_what_the_handler_swallows)
{
    ok(SWALLOW);
    expect_second_ctrl_c_stops("while True: pass");
    expect_value("len(swallowed) >= 1", "True");
    expect_second_ctrl_c_stops("import time\nwhile True: time.sleep(0.05)");
    ok("signal.signal(signal.SIGINT, signal.SIG_IGN)"); /* Python told to ignore it */
    expect_second_ctrl_c_stops("while True: pass");
    ok("signal.signal(signal.SIGINT, signal.default_int_handler)");
    /* installed by the very code that then loops, or made fatal: the same */
    expect_second_ctrl_c_stops(SWALLOW "while True: pass");
    expect_second_ctrl_c_stops("signal.signal(signal.SIGINT, signal.SIG_DFL)\nwhile True: pass");
    ok("handler = signal.getsignal(signal.SIGINT)"); /* the learner's choice stands after */
    expect_value("handler == signal.SIG_DFL", "True");
    ok("signal.signal(signal.SIGINT, signal.default_int_handler)");
}
END_TEST

START_TEST(a_limited_run_is_stopped_with_a_message)
{
    InterpLimits lim = {INTERP_MODE_EXEC, 1, false};
    double start = seconds_now();
    InterpResult *r = interp_run_limited(SWALLOW "while True: pass", &lim);
    ck_assert_double_lt(seconds_now() - start, 4.0);
    ck_assert(r->timed_out);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_msg(strstr(r->err, "KeyboardInterrupt\nobjscope: stopped after 1 s\n"), "%s",
                  r->err);
    interp_result_free(r);
    r = interp_run_limited("x = 1", &lim);
    ck_assert(!r->timed_out);
    ck_assert_int_eq(r->status, INTERP_DONE);
    interp_result_free(r);
}
END_TEST

/* The limit covers the non-daemon threads the code starts, as the interpreter's exit would
 * wait for them. */
START_TEST(a_limited_run_waits_for_its_threads)
{
    InterpLimits lim = {INTERP_MODE_EXEC, 2, true};
    InterpResult *r = interp_run_limited(
        "import threading, time\n"
        "done = []\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), done.append(1))).start()\n", &lim);
    ck_assert(!r->timed_out);
    ck_assert_str_eq(r->threads_left, "");
    interp_result_free(r);
    expect_value("done", "[1]"); /* waited for */
    double start = seconds_now();
    r = interp_run_limited("stop = threading.Event()\n"
                           "threading.Thread(target=stop.wait, name='sleeper').start()\n"
                           "threading.Thread(target=stop.wait, daemon=True).start()\n", &lim);
    ck_assert_double_lt(seconds_now() - start, 2 + 3.0);
    ck_assert(r->timed_out);
    ck_assert_str_eq(r->threads_left, "sleeper"); /* the daemon thread is not waited for */
    interp_result_free(r);
    ok("stop.set()");
}
END_TEST

/* ---- __sizeof__ claims ------------------------------------------------------------------- */

/* The object a name is bound to in __main__ (borrowed). */
static PyObject *main_object(const char *name)
{
    PyObject *o = PyDict_GetItemString(PyModule_GetDict(PyImport_AddModule("__main__")), name);
    ck_assert_ptr_nonnull(o);
    return o;
}

static void expect_claim_error(const char *expr, const char *want)
{
    char *setup = xasprintf("claimed = %s", expr);
    ok(setup);
    free(setup);
    long long claim;
    char *error;
    double start = seconds_now();
    ck_assert_int_eq(interp_sizeof_claim(main_object("claimed"), &claim, &error), -1);
    ck_assert_double_lt(seconds_now() - start, INTERP_REPR_SECONDS + 3.0);
    ck_assert_int_eq(claim, -1);
    ck_assert_str_eq(error, want);
    ck_assert_ptr_null(PyErr_Occurred());
    free(error);
}

START_TEST(sizeof_claims_come_through_the_door)
{
    ok(SWALLOW
       "class Says:\n    def __sizeof__(self): print('asked'); return 100\n"
       "class Loops:\n    def __sizeof__(self):\n        while True: pass\n"
       "class Raises:\n    def __sizeof__(self): raise ValueError('nope')\n"
       "class Words:\n    def __sizeof__(self): return 'big'\n"
       "class Evil(Exception):\n    def __str__(self):\n        while True: pass\n"
       "class RaisesEvil:\n    def __sizeof__(self): raise Evil()\n"
       "says = Says()\n");
    long long claim;
    char *error = NULL;
    ck_assert_int_eq(interp_sizeof_claim(main_object("says"), &claim, &error), 0);
    ck_assert_int_eq(claim, 100);
    ck_assert_ptr_null(error);
    /* a SIGINT handler that swallows interrupts does not keep a looping override going */
    expect_claim_error("Loops()", "timed out after 2 s");
    expect_claim_error("Raises()", "ValueError: nope");
    expect_claim_error("Words()", "returned str, not a size");
    /* describing the error runs the exception's __str__: behind the door too */
    expect_claim_error("RaisesEvil()", "timed out after 2 s");
}
END_TEST

/* ---- the GIL while waiting --------------------------------------------------------------- */

static int sleep_a_second(void *unused)
{
    (void)unused;
    usleep(1000000);
    return 7;
}

/* Ticks a Python thread made in a second while this thread waited in C one way or another. */
static long ticks_while(bool release_gil)
{
    ok("import threading, time\nticks = 0\nrunning = True\n"
       "def tick():\n    global ticks\n    while running:\n        time.sleep(0.01); ticks += 1\n"
       "ticker = threading.Thread(target=tick, daemon=True)\nticker.start()\n");
    if (release_gil) {
        int fds[2];
        ck_assert_int_eq(pipe(fds), 0);
        ck_assert_int_eq(interp_wait_readable(fds[0], 1000), 0); /* nothing to read: a second */
        close(fds[0]);
        close(fds[1]);
    } else {
        ck_assert_int_eq(sleep_a_second(NULL), 7); /* holding the GIL all along */
    }
    char *n = value_of("ticks");
    long ticks = atol(n);
    free(n);
    ok("running = False\nticker.join()");
    return ticks;
}

START_TEST(python_threads_run_while_the_explorer_waits)
{
    long held = ticks_while(false), released = ticks_while(true);
    ck_assert_msg(held <= 3, "%ld ticks with the GIL held", held);
    ck_assert_msg(released >= 20, "%ld ticks with the GIL released (about 100 expected)", released);
    ck_assert_int_eq(interp_without_gil(sleep_a_second, NULL), 7);
}
END_TEST

/* ---- large values ------------------------------------------------------------------------ */

/* interp_repr of expr's value must be repr() cut in the middle to 1000 characters, as the
 * small-object path cuts it: checked against Python's own repr of the whole object. */
static void expect_ends_repr(const char *setup)
{
    ok(setup);
    char *want = value_of("(lambda s: s[:498] + '...' + s[-499:])(repr(big))");
    InterpResult *r = interp_run("big", INTERP_MODE_REPL);
    ck_assert(!r->repr_failed);
    PyObject *shown = PyUnicode_FromString(r->repr);
    PyDict_SetItemString(PyModule_GetDict(PyImport_AddModule("__main__")), "_repr", shown);
    Py_DECREF(shown);
    char *same = value_of("(lambda s: s[:498] + '...' + s[-499:])(repr(big)) == _repr");
    ck_assert_msg(strcmp(same, "True") == 0, "%s\nshown: %s\nwant:  %s", setup, r->repr, want);
    free(same);
    free(want);
    interp_result_free(r);
}

START_TEST(a_long_value_repr_matches_python)
{
    /* quotes and escapes on both ends, so the quote choice and escaping are tested */
    expect_ends_repr("big = bytes(range(256)) * 40 + b\"'\" + bytes(range(256)) * 40");
    expect_ends_repr("big = bytearray(b\"'abc\\\\\" * 3000)");
    expect_ends_repr("class B(bytearray): pass\nbig = B(b\"x'\\n\" * 3000)");
    expect_ends_repr("big = ''.join(chr(i) for i in range(32, 3000)) + \"'\"");
    expect_ends_repr("class S(str): pass\nbig = S(\"\\x1b'\\\"\" * 3000)");
}
END_TEST

/* bytes(10**8) used to build a 400 MB repr and time out; now it costs what is shown. */
START_TEST(a_huge_value_repr_does_not_time_out)
{
    static const char *const exprs[] = {"bytes(100_000_000)", "bytearray(100_000_000)",
                                        "'x' * 100_000_000"};
    static const char *const tails[] = {"\\x00\\x00'", "\\x00\\x00')", "xx'"};
    for (int i = 0; i < 3; i++) {
        InterpResult *r = interp_run(exprs[i], INTERP_MODE_REPL);
        ck_assert_msg(!r->repr_failed, "%s: %s", exprs[i], r->repr);
        ck_assert_uint_eq(strlen(r->repr), 1000);
        size_t n = strlen(r->repr), m = strlen(tails[i]);
        ck_assert_str_eq(r->repr + n - m, tails[i]);
        interp_result_free(r);
    }
}
END_TEST

/* os.fork() in learner code: the child ends, quietly, when the run that forked returns in it
 * (one explorer on the terminal, one history); what it printed reaches the parent's output. */
START_TEST(a_forked_child_ends_with_the_run)
{
    char path[] = "/tmp/objscope-fork-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    InterpResult *r = interp_run("import os\npid = os.fork()\n"
                                 "if pid == 0: print('from the child')\n", INTERP_MODE_EXEC);
    FILE *f = fopen(path, "a"); /* whoever returns from the run writes its pid */
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
    ck_assert_int_eq(r->status, INTERP_DONE);
    char *early = xstrdup(r->out); /* the child may print before or after the run ends */
    interp_result_free(r);
    r = interp_run("os.waitpid(pid, 0)[1]", INTERP_MODE_EVAL); /* the child's wait status */
    ck_assert_str_eq(r->repr, "0");
    char *late = interp_take_background_output();
    char *all = xasprintf("%s%s%s", early, r->out, late);
    free(early);
    free(late);
    ck_assert_msg(strstr(all, "from the child\n") != NULL, "output: %s", all);
    interp_result_free(r);
    free(all);
    char *lines = NULL;
    size_t cap = 0;
    f = fopen(path, "r");
    ck_assert_int_gt(getline(&lines, &cap, f), 0);
    ck_assert_int_eq(atoi(lines), (int)getpid());
    ck_assert_int_eq(getline(&lines, &cap, f), -1); /* only the parent came back */
    fclose(f);
    free(lines);
    unlink(path);
    /* The usual pattern still works: the child ends itself, the parent goes on. */
    r = ok_run("pid = os.fork()\nif pid == 0:\n    os._exit(7)\nst = os.waitpid(pid, 0)[1]\n");
    interp_result_free(r);
    expect_value("os.waitstatus_to_exitcode(st)", "7");
}
END_TEST

/* ---- code stuck in C ---------------------------------------------------------------------- */

static int stuck_pipe = -1;

static void write_line(const char *text)
{
    char line[256];
    int n = snprintf(line, sizeof line, "%s\n", text);
    if (write(stuck_pipe, line, (size_t)n) < 0) {
        /* the parent reads every line; nothing else to do */
    }
}

/* The hooks run on the door's own thread: they only report, the test reads and asserts. */
static void on_notice(const char *text, void *userdata)
{
    write_line(userdata == &stuck_pipe ? text : "notice: wrong userdata");
}

static void on_abandon(void *userdata)
{
    write_line(userdata == &stuck_pipe ? "abandoned" : "abandon: wrong userdata");
}

/* The next line from the child (within 20 s), or "" at the end. */
static char *next_line(FILE *f)
{
    static char line[256];
    if (!fgets(line, sizeof line, f))
        return "";
    line[strcspn(line, "\n")] = '\0';
    return line;
}

/* A loop inside C code checks for no interrupt: the door says the Ctrl-C is pending, then
 * forced, then (INTERP_STUCK_SECONDS later) that the code is stuck; the next Ctrl-C calls the
 * embedder's abandon hook and ends the process with 130. Run in a child process: it ends. */
START_TEST(ctrl_c_leaves_code_stuck_in_c)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        stuck_pipe = fds[1];
        if (!freopen("/dev/null", "w", stderr)) /* the door's last word goes there */
            _exit(3);
        interp_set_stuck_hooks(on_notice, on_abandon, &stuck_pipe);
        write_line("running");
        InterpResult *r = interp_run("sum(range(10**15))", INTERP_MODE_REPL);
        write_line(r->interrupted ? "stopped" : "finished"); /* never, in this test's time */
        _exit(0);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    ck_assert_str_eq(next_line(f), "running");
    double start = seconds_now();
    usleep(300 * 1000); /* inside the sum by now; if not, the first Ctrl-C stops it at once */
    kill(pid, SIGINT);
    ck_assert_str_eq(next_line(f), "Ctrl-C: interrupt pending, waiting for the code to stop "
                                   "(Ctrl-C again forces it)");
    kill(pid, SIGINT);
    ck_assert_str_eq(next_line(f), "Ctrl-C: interrupt forced, waiting for the code to stop");
    double forced = seconds_now();
    ck_assert_str_eq(next_line(f), "stuck in C code: Ctrl-C again leaves objscope, saving your "
                                   "history");
    ck_assert_double_ge(seconds_now() - forced, INTERP_STUCK_SECONDS - 0.5);
    kill(pid, SIGINT);
    ck_assert_str_eq(next_line(f), "abandoned");
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), INTERP_STUCK_EXIT);
    ck_assert_str_eq(next_line(f), "");
    fclose(f);
    ck_assert_double_lt(seconds_now() - start, 15.0);
}
END_TEST

Suite *door_suite(void)
{
    Suite *s = suite_create("door");
    TCase *out = tcase_create("output");
    tcase_set_timeout(out, 30);
    tcase_add_test(out, child_processes_write_into_the_result);
    tcase_add_test(out, a_child_writing_a_lot_is_drained_and_counted);
    tcase_add_test(out, children_read_nothing);
    tcase_add_test(out, late_output_is_background_output);
    tcase_add_test(out, hooks_bracket_learner_code_once);
    tcase_add_test(out, debugger_and_help_ask_through_input);
    tcase_add_test(out, a_forked_child_ends_with_the_run);
    suite_add_tcase(s, out);

    TCase *stop = tcase_create("stop");
    tcase_set_timeout(stop, 60);
    tcase_add_test(stop, a_swallowing_handler_cannot_keep_a_repr_running);
    tcase_add_test(stop, a_second_ctrl_c_stops_what_the_handler_swallows);
    tcase_add_test(stop, a_limited_run_is_stopped_with_a_message);
    tcase_add_test(stop, a_limited_run_waits_for_its_threads);
    tcase_add_test(stop, sizeof_claims_come_through_the_door);
    tcase_add_test(stop, ctrl_c_leaves_code_stuck_in_c);
    suite_add_tcase(s, stop);

    TCase *wait = tcase_create("threads");
    tcase_set_timeout(wait, 30);
    tcase_add_test(wait, python_threads_run_while_the_explorer_waits);
    suite_add_tcase(s, wait);

    TCase *big = tcase_create("large values");
    tcase_set_timeout(big, 60);
    tcase_add_test(big, a_long_value_repr_matches_python);
    tcase_add_test(big, a_huge_value_repr_does_not_time_out);
    suite_add_tcase(s, big);
    return s;
}
