/* test_interp.c — the embedded interpreter: REPL-like compiling, values and `_`, captured and
 * bounded output, tracebacks, SystemExit, interrupts, input(), the bounded, time-limited repr,
 * completion, :mem runs under tracemalloc and value handles.
 * check_main.c starts Python once; every test runs in its own forked copy. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "py/interp.h"
#include "tests/suites.h"
#include "util/xalloc.h"

/* Run source and check the invariants every result keeps. */
static InterpResult *run(const char *source, InterpMode mode)
{
    InterpResult *r = interp_run(source, mode);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(r->out);
    ck_assert_ptr_nonnull(r->err);
    ck_assert_ptr_null(PyErr_Occurred());
    if (r->status != INTERP_DONE) /* statements may hand back the value they displayed */
        ck_assert_int_eq(r->status == INTERP_VALUE, r->value != NULL);
    ck_assert_int_eq(r->status == INTERP_VALUE, r->repr != NULL);
    return r;
}

/* Run and expect status; frees the result. */
static void expect_status(const char *source, InterpMode mode, InterpStatus want)
{
    InterpResult *r = run(source, mode);
    ck_assert_msg(r->status == want, "%s: status %d, want %d (err: %s)", source, r->status, want,
                  r->err);
    interp_result_free(r);
}

/* Run and expect a value whose repr is want. */
static void expect_repr(const char *source, InterpMode mode, const char *want)
{
    InterpResult *r = run(source, mode);
    ck_assert_msg(r->status == INTERP_VALUE, "%s: status %d (err: %s)", source, r->status, r->err);
    ck_assert_str_eq(r->repr, want);
    ck_assert(!r->repr_failed);
    interp_result_free(r);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(expression_value_binds_underscore)
{
    InterpResult *r = run("6*7", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_VALUE);
    ck_assert_str_eq(r->repr, "42");
    ck_assert(PyLong_Check(r->value));
    ck_assert_int_eq(PyLong_AsLong(r->value), 42);
    ck_assert_str_eq(r->out, ""); /* the REPL would print it; we hand it back instead */
    interp_result_free(r);
    expect_repr("_ + 1", INTERP_MODE_REPL, "43");
    expect_status("None", INTERP_MODE_REPL, INTERP_DONE); /* like sys.displayhook: `_` stays */
    expect_status("print('hi')", INTERP_MODE_REPL, INTERP_DONE);
    expect_repr("_", INTERP_MODE_REPL, "43");
    expect_repr("'a' + 'b'", INTERP_MODE_EVAL, "'ab'");
    expect_repr("_", INTERP_MODE_REPL, "'ab'");
}
END_TEST

START_TEST(statements_and_namespace_persist)
{
    InterpResult *r = run("x = 5", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_ptr_null(r->value);
    ck_assert_ptr_null(r->repr);
    interp_result_free(r);
    expect_repr("x", INTERP_MODE_REPL, "5");
    expect_status("y = x * 2\nz = y + 1\nz\n", INTERP_MODE_EXEC, INTERP_DONE);
    expect_repr("z", INTERP_MODE_EVAL, "11");
    expect_repr("None", INTERP_MODE_EVAL, "None"); /* asked for a value: gets it */
    expect_status("x = 1; y = 2", INTERP_MODE_EVAL, INTERP_ERROR);
    expect_repr("__name__", INTERP_MODE_REPL, "'__main__'");
}
END_TEST

START_TEST(incomplete_like_the_prompt)
{
    expect_status("def f():", INTERP_MODE_REPL, INTERP_INCOMPLETE);
    /* Lines joined by "\n" as code.InteractiveConsole does: a final "\n" is the blank line. */
    expect_status("def f():\n    return 1", INTERP_MODE_REPL, INTERP_INCOMPLETE);
    expect_status("def f():\n    return 1\n", INTERP_MODE_REPL, INTERP_DONE);
    expect_status("def f():\n    return 1\n\n", INTERP_MODE_REPL, INTERP_DONE);
    expect_repr("f()", INTERP_MODE_REPL, "1");
    expect_status("(1,", INTERP_MODE_REPL, INTERP_INCOMPLETE);
    expect_status("if True:", INTERP_MODE_REPL, INTERP_INCOMPLETE);
    expect_status("s = '''abc", INTERP_MODE_REPL, INTERP_INCOMPLETE);
    expect_status("", INTERP_MODE_REPL, INTERP_DONE);
    expect_status("# just a comment", INTERP_MODE_REPL, INTERP_DONE);
    /* A whole block is never "incomplete": it is wrong. */
    expect_status("def g():", INTERP_MODE_EXEC, INTERP_ERROR);
    /* A mistake at the end of a line is named as the prompt names it, not "incomplete input"
     * (which some 3.11 releases' codeop says for every such error). */
    InterpResult *r = run("for x in y", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_msg(strstr(r->err, "SyntaxError: expected ':'"), "err: %s", r->err);
    interp_result_free(r);
    r = run("1/", INTERP_MODE_REPL);
    ck_assert_msg(strstr(r->err, "SyntaxError: invalid syntax"), "err: %s", r->err);
    interp_result_free(r);
}
END_TEST

START_TEST(several_values_print_like_the_prompt)
{
    InterpResult *r = run("1; 2", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(r->out, "1\n2\n");
    interp_result_free(r);
    r = run("for i in range(3): i\n\n", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(r->out, "0\n1\n2\n");
    interp_result_free(r);
    expect_repr("_", INTERP_MODE_REPL, "2");
}
END_TEST

START_TEST(print_is_captured_not_shown)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    FILE *tmp = tmpfile();
    ck_assert_ptr_nonnull(tmp);
    dup2(fileno(tmp), STDOUT_FILENO);
    InterpResult *r = run("print('hello')\nprint('wor', end='ld')", INTERP_MODE_EXEC);
    expect_status("import sys; sys.__stdout__.flush()", INTERP_MODE_EXEC, INTERP_DONE);
    fflush(stdout);
    struct stat st;
    fstat(fileno(tmp), &st);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    fclose(tmp);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(r->out, "hello\nworld");
    ck_assert_str_eq(r->err, "");
    ck_assert_int_eq(st.st_size, 0);
    interp_result_free(r);
    /* Output does not leak into the next run either. */
    r = run("1", INTERP_MODE_REPL);
    ck_assert_str_eq(r->out, "");
    interp_result_free(r);
}
END_TEST

START_TEST(stderr_and_warnings_are_captured)
{
    InterpResult *r = run("import sys, warnings\nsys.stderr.write('oops\\n')\n"
                          "warnings.warn('careful')\nsys.stdout.buffer.write(b'raw\\n')\n",
                          INTERP_MODE_EXEC);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(r->out, "raw\n");
    ck_assert_int_eq(strncmp(r->err, "oops\n", 5), 0);
    ck_assert_ptr_nonnull(strstr(r->err, "UserWarning: careful"));
    interp_result_free(r);
}
END_TEST

START_TEST(output_is_bounded)
{
    InterpResult *r = run("print('x' * (10**6))", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_uint_le(strlen(r->out), INTERP_OUTPUT_MAX + 80);
    ck_assert_int_eq(strncmp(r->out, "xxxxxxxx", 8), 0);
    /* 10**6 x's and a newline, less what was kept */
    char want[64];
    snprintf(want, sizeof want, "[objscope: %d more bytes of output dropped]\n",
             1000001 - INTERP_OUTPUT_MAX);
    ck_assert_msg(ends_with(r->out, want), "ends: %s", r->out + strlen(r->out) - 60);
    interp_result_free(r);
    /* A multi-byte character is never cut in half at the limit. */
    r = run("import sys; sys.stdout.write('\\u00e9' * 40000)", INTERP_MODE_EXEC);
    ck_assert_ptr_null(strstr(r->out, "\\x"));
    ck_assert_ptr_nonnull(strstr(r->out, "bytes of output dropped"));
    interp_result_free(r);
}
END_TEST

/* Escapes are shown, never obeyed; newlines, tabs and carriage returns are kept for the REPL to
 * lay out as a terminal would. */
START_TEST(output_is_terminal_safe)
{
    InterpResult *r = run("print('\\x1b[31mred\\tok')", INTERP_MODE_REPL);
    ck_assert_str_eq(r->out, "\\x1b[31mred\tok\n");
    interp_result_free(r);
    r = run("import sys; print('10%\\r50%'); print('a\\tb\\r', file=sys.stderr)", INTERP_MODE_EXEC);
    ck_assert_str_eq(r->out, "10%\r50%\n");
    ck_assert_str_eq(r->err, "a\tb\r\n");
    interp_result_free(r);
}
END_TEST

START_TEST(syntax_error_has_caret_no_traceback)
{
    InterpResult *r = run("x = )", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert(!r->interrupted);
    ck_assert_str_eq(r->out, "");
    ck_assert_str_eq(r->err, "  File \"<stdin>\", line 1\n    x = )\n        ^\n"
                             "SyntaxError: unmatched ')'\n");
    interp_result_free(r);
    r = run("if True:\n    pass\n  oops\n", INTERP_MODE_EXEC);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_ptr_nonnull(strstr(r->err, "IndentationError"));
    ck_assert_ptr_null(strstr(r->err, "Traceback"));
    interp_result_free(r);
}
END_TEST

START_TEST(traceback_matches_python)
{
    InterpResult *r = run("nope", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    /* 3.12+ add "Did you mean: 'None'?", so compare with this Python's traceback module. */
    expect_status("import traceback\n"
                  "try:\n    exec(compile('nope', '<stdin>', 'single'), {})\n"
                  "except NameError as e:\n"
                  "    tb = e.__traceback__.tb_next\n"
                  "    want = ''.join(traceback.format_exception(type(e), e, tb))\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    InterpResult *w = run("want", INTERP_MODE_EVAL);
    ck_assert_str_eq(r->err, PyUnicode_AsUTF8(w->value));
    ck_assert_ptr_nonnull(strstr(r->err, "NameError: name 'nope' is not defined"));
    interp_result_free(w);
    interp_result_free(r);
    r = run("undefined_qqq", INTERP_MODE_REPL);
    ck_assert_str_eq(r->err, "Traceback (most recent call last):\n"
                             "  File \"<stdin>\", line 1, in <module>\n"
                             "NameError: name 'undefined_qqq' is not defined\n");
    interp_result_free(r);
}
END_TEST

START_TEST(traceback_shows_only_learner_frames)
{
    expect_status("def g(n):\n    return 1 / n\n\n", INTERP_MODE_REPL, INTERP_DONE);
    InterpResult *r = run("g(0)", INTERP_MODE_REPL);
    ck_assert_str_eq(r->err, "Traceback (most recent call last):\n"
                             "  File \"<stdin>\", line 1, in <module>\n"
                             "  File \"<stdin>\", line 2, in g\n"
                             "ZeroDivisionError: division by zero\n");
    interp_result_free(r);
    /* As at the prompt, the last error is kept for pdb.pm(). */
    expect_repr("type(__import__('sys').last_value).__name__", INTERP_MODE_EVAL,
                "'ZeroDivisionError'");
    r = run("input()", INTERP_MODE_REPL);
    ck_assert_ptr_null(strstr(r->err, "objscope-support"));
    interp_result_free(r);
}
END_TEST

/* Learner code that deletes or replaces builtins breaks only itself, as at Python's prompt:
 * objscope's compiling, repr, tracebacks, completion and quiet evaluation go on working. */
START_TEST(deleted_builtins_break_only_the_learners_code)
{
    expect_status("class R:\n    def __repr__(self): return 'R%d' % len('ab')\n\n",
                  INTERP_MODE_REPL, INTERP_DONE);
    expect_repr("R()", INTERP_MODE_REPL, "R2");
    expect_status("import builtins; del builtins.type", INTERP_MODE_REPL, INTERP_DONE);
    expect_repr("[1, 2]", INTERP_MODE_REPL, "[1, 2]");
    expect_status("del builtins.isinstance, builtins.len", INTERP_MODE_REPL, INTERP_DONE);
    expect_repr("{'a': (1, 2)}", INTERP_MODE_REPL, "{'a': (1, 2)}");
    expect_status("for n in 'repr str getattr print hasattr max min iter next sorted'.split():\n"
                  "    delattr(builtins, n)\n\n", INTERP_MODE_REPL, INTERP_DONE);
    expect_status("builtins.__build_class__ = None", INTERP_MODE_REPL, INTERP_DONE);
    expect_repr("'x' * 3", INTERP_MODE_REPL, "'xxx'");
    InterpResult *r = run("1; [7]", INTERP_MODE_REPL); /* the prompt's display of statements */
    ck_assert_str_eq(r->out, "1\n[7]\n");
    interp_result_free(r);
    /* The learner's own code sees what they did, with the traceback the prompt shows. */
    r = run("len([1])", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_str_eq(r->err, "Traceback (most recent call last):\n"
                             "  File \"<stdin>\", line 1, in <module>\n"
                             "NameError: name 'len' is not defined\n");
    interp_result_free(r);
    r = run("class C: pass\n\n", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_ptr_nonnull(strstr(r->err, "TypeError"));
    interp_result_free(r);
    r = run("R()", INTERP_MODE_REPL); /* so does a __repr__ of theirs */
    ck_assert(r->repr_failed);
    ck_assert_str_eq(r->repr, "<repr failed: NameError: name 'len' is not defined>");
    interp_result_free(r);
    r = run("x = )", INTERP_MODE_REPL);
    ck_assert_str_eq(r->err, "  File \"<stdin>\", line 1\n    x = )\n        ^\n"
                             "SyntaxError: unmatched ')'\n");
    interp_result_free(r);
    char *text = NULL;
    ck_assert_int_eq(interp_eval_quiet("[1, 2][1]", &text, NULL), 0);
    ck_assert_str_eq(text, "2");
    free(text);
    size_t n = 0;
    char **words = interp_complete("builtins.ab", &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(words[0], "builtins.abs(");
    interp_strings_free(words, n);
    /* objscope's own work gave every change back: the learner's builtins are as they left them */
    expect_repr("('len' in vars(builtins), 'type' in vars(builtins), 'abs' in vars(builtins))",
                INTERP_MODE_REPL, "(False, False, True)");
}
END_TEST

/* What Python's compiler says of source typed whole at the prompt (each line ended by Enter),
 * formatted as the prompt shows a syntax error. Owned. */
static char *prompt_shows(const char *source)
{
    PyObject *main = PyModule_GetDict(PyImport_AddModule("__main__")); /* borrowed */
    PyObject *src = PyUnicode_FromFormat("%s\n", source);
    ck_assert(src && PyDict_SetItemString(main, "_src", src) == 0);
    Py_DECREF(src);
    InterpResult *r = run("import traceback\n"
                          "try:\n    compile(_src, '<stdin>', 'single')\n"
                          "except SyntaxError as e:\n"
                          "    _shown = ''.join(traceback.format_exception_only(SyntaxError, e))\n",
                          INTERP_MODE_EXEC);
    ck_assert_msg(r->status == INTERP_DONE, "err: %s", r->err);
    interp_result_free(r);
    return xstrdup(PyUnicode_AsUTF8(PyDict_GetItemString(main, "_shown")));
}

/* An error in a block's later line is the learner's: no frame of objscope's, no chained
 * exception, just what the prompt shows. */
START_TEST(syntax_errors_show_what_the_prompt_shows)
{
    static const char *const cases[] = {"if 1: pass\nx", "if 1:\n  pass\n x\n", "def f(:",
                                        "for x in 1 2: pass", "(1,\n2 3)"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        InterpResult *r = run(cases[i], INTERP_MODE_REPL);
        ck_assert_int_eq(r->status, INTERP_ERROR);
        char *want = prompt_shows(cases[i]);
        ck_assert_msg(strcmp(r->err, want) == 0, "%s: got\n%s\nwant\n%s", cases[i], r->err, want);
        free(want);
        interp_result_free(r);
    }
    InterpResult *r = run("if 1: pass\nx", INTERP_MODE_REPL);
    ck_assert_str_eq(r->err, "  File \"<stdin>\", line 2\n    x\n    ^\nSyntaxError: invalid syntax\n");
    interp_result_free(r);
    /* Runtime errors raised through objscope's own calls name none of its frames either. */
    expect_status("import sys; sys.displayhook = lambda v: 1/0", INTERP_MODE_REPL, INTERP_DONE);
    r = run("7;8", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_ptr_null(strstr(r->err, "objscope"));
    ck_assert_ptr_nonnull(strstr(r->err, "ZeroDivisionError"));
    interp_result_free(r);
    r = run("def f():\n    yield from 1\n\nlist(f())", INTERP_MODE_EXEC);
    ck_assert_ptr_null(strstr(r->err, "objscope"));
    ck_assert_ptr_null(strstr(r->err, "During handling"));
    interp_result_free(r);
}
END_TEST

/* Bytes that are not UTF-8 (binary pasted by mistake) are a syntax error that says where. */
START_TEST(input_that_is_not_utf8_says_where)
{
    InterpResult *r = run("x = 1\n'ab\xff'", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_str_eq(r->err, "  File \"<stdin>\", line 2\n"
                             "SyntaxError: the input is not valid UTF-8 (byte 0xff at line 2, column 4)\n");
    interp_result_free(r);
    r = run("s = '\xc3\xa9'; t = '\xed\xa0\x80'", INTERP_MODE_EXEC); /* an encoded surrogate */
    ck_assert_str_eq(r->err, "  File \"<input>\", line 1\n"
                             "SyntaxError: the input is not valid UTF-8 (byte 0xed at line 1, column 15)\n");
    interp_result_free(r);
    expect_repr("type(__import__('sys').last_value).__name__", INTERP_MODE_EVAL, "'SyntaxError'");
    /* 3 KB of noise, as from /dev/urandom (no NUL: the input line is a C string) */
    char noise[3072];
    unsigned state = 12345;
    for (size_t i = 0; i < sizeof noise - 1; i++) {
        state = state * 1103515245u + 12345u;
        noise[i] = (char)(1 + (state >> 16) % 255);
    }
    noise[sizeof noise - 1] = '\0';
    r = run(noise, INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_msg(strstr(r->err, "SyntaxError: the input is not valid UTF-8 (byte 0x") != NULL,
                  "err: %s", r->err);
    ck_assert_ptr_null(strstr(r->err, "Traceback"));
    interp_result_free(r);
    expect_repr("'caf\xc3\xa9'", INTERP_MODE_REPL, "'caf\xc3\xa9'"); /* valid UTF-8 runs as ever */
}
END_TEST

START_TEST(system_exit_never_exits)
{
    InterpResult *r = run("import sys; sys.exit(3)", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_EXIT);
    ck_assert_int_eq(r->exit_code, 3);
    ck_assert_str_eq(r->exit_message, "");
    interp_result_free(r);
    r = run("sys.exit()", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_EXIT);
    ck_assert_int_eq(r->exit_code, 0);
    ck_assert_str_eq(r->exit_message, "");
    interp_result_free(r);
    /* The message Python prints on its way out comes apart from what the code wrote. */
    r = run("print('oops', file=sys.stderr); raise SystemExit('bye\\x1b[2J')", INTERP_MODE_EXEC);
    ck_assert_int_eq(r->status, INTERP_EXIT);
    ck_assert_int_eq(r->exit_code, 1);
    ck_assert_str_eq(r->err, "oops\n");
    ck_assert_str_eq(r->exit_message, "bye\\x1b[2J\n");
    interp_result_free(r);
    r = run("x = 1", INTERP_MODE_EXEC);
    ck_assert_str_eq(r->exit_message, "");
    interp_result_free(r);
    expect_status("quit()", INTERP_MODE_REPL, INTERP_EXIT);
    expect_repr("1 + 1", INTERP_MODE_REPL, "2");
    expect_repr("__import__('sys').stdin.read()", INTERP_MODE_EVAL, "''"); /* quit() closed it */
}
END_TEST

static void on_test_alarm(int sig)
{
    (void)sig;
    interp_interrupt();
}

/* Interrupt whatever runs after `ms` milliseconds, from a signal handler as the UI would, and
 * again every `ms` until interrupting_stops(): a learner presses Ctrl-C again when the first
 * one came too early. The door drops an interrupt that arrives while no code runs (before the
 * door opens, say while :mem imports tracemalloc on a loaded machine), so a single one could be
 * lost and the loop would run until the test's timeout. */
static void interrupt_after(int ms)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_test_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    struct timeval every = {ms / 1000, (ms % 1000) * 1000};
    struct itimerval t = {.it_interval = every, .it_value = every};
    setitimer(ITIMER_REAL, &t, NULL);
}

static void interrupting_stops(void)
{
    setitimer(ITIMER_REAL, &(struct itimerval){0}, NULL);
}

static void expect_interrupted(const char *source, InterpMode mode)
{
    interrupt_after(200);
    double start = now_seconds();
    InterpResult *r = run(source, mode);
    interrupting_stops();
    ck_assert_double_lt(now_seconds() - start, 3.0);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert(r->interrupted);
    ck_assert_msg(ends_with(r->err, "KeyboardInterrupt\n"), "err: %s", r->err);
    ck_assert_ptr_nonnull(strstr(r->err, "File \""));
    interp_result_free(r);
}

START_TEST(interrupt_stops_a_loop)
{
    expect_interrupted("while True: pass", INTERP_MODE_EXEC);
    expect_repr("1 + 1", INTERP_MODE_REPL, "2");
    expect_interrupted("while True:\n    pass\n\n", INTERP_MODE_REPL);
    expect_interrupted("import time; time.sleep(30)", INTERP_MODE_EXEC);
    expect_interrupted("sum(i for i in iter(int, 1))", INTERP_MODE_EVAL);
    expect_repr("'still here'", INTERP_MODE_REPL, "'still here'");
    /* An interrupt nobody was running for is not saved up for the next run. */
    interp_interrupt();
    expect_repr("2 + 2", INTERP_MODE_REPL, "4");
    InterpResult *r = run("raise KeyboardInterrupt", INTERP_MODE_REPL);
    ck_assert(r->interrupted);
    interp_result_free(r);
}
END_TEST

/* `1; [7]` at the prompt displays both values, as Python does, and hands back the last one so
 * the diagram can show it; a displayhook the learner installed is left in charge. */
START_TEST(statements_hand_back_what_they_displayed)
{
    InterpResult *r = run("1; [7]", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(r->out, "1\n[7]\n");
    ck_assert_ptr_nonnull(r->value);
    ck_assert(PyList_Check(r->value) && PyList_GET_SIZE(r->value) == 1);
    interp_result_free(r);
    expect_repr("_", INTERP_MODE_REPL, "[7]");
    r = run("x = 5; None", INTERP_MODE_REPL); /* None is not displayed */
    ck_assert_ptr_null(r->value);
    interp_result_free(r);
    r = run("7; 8", INTERP_MODE_EXEC); /* a block displays nothing */
    ck_assert_str_eq(r->out, "");
    ck_assert_ptr_null(r->value);
    interp_result_free(r);
    expect_status("import sys; sys.displayhook = lambda v: print('mine', v)", INTERP_MODE_EXEC,
                  INTERP_DONE);
    r = run("1; 2", INTERP_MODE_REPL);
    ck_assert_str_eq(r->out, "mine 1\nmine 2\n");
    ck_assert_ptr_null(r->value);
    interp_result_free(r);
    expect_status("sys.displayhook = sys.__displayhook__", INTERP_MODE_EXEC, INTERP_DONE);
}
END_TEST

START_TEST(input_without_hook_is_an_error)
{
    InterpResult *r = run("input('name? ')", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_ptr_nonnull(strstr(r->err, "RuntimeError: input() is not available here"));
    interp_result_free(r);
    expect_repr("__import__('sys').stdin.readline()", INTERP_MODE_EVAL, "''");
}
END_TEST

static char seen_prompt[64], seen_written[64];

static char *answer_hello(const char *written, const char *prompt, void *userdata)
{
    snprintf(seen_prompt, sizeof seen_prompt, "%s", prompt);
    snprintf(seen_written, sizeof seen_written, "%s", written);
    int *calls = userdata;
    return (*calls)++ == 0 ? xstrdup("hello\n") : NULL;
}

START_TEST(input_asks_the_hook)
{
    int calls = 0;
    interp_set_input_hook(answer_hello, &calls);
    expect_repr("input('name? ')", INTERP_MODE_REPL, "'hello'");
    ck_assert_str_eq(seen_prompt, "name? ");
    InterpResult *r = run("input('\\x1b[2J')", INTERP_MODE_REPL); /* hook says EOF now */
    ck_assert_str_eq(seen_prompt, "\\x1b[2J");
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert(ends_with(r->err, "EOFError: EOF when reading a line\n"));
    interp_result_free(r);
    interp_set_input_hook(NULL, NULL);
    expect_status("input()", INTERP_MODE_REPL, INTERP_ERROR);
}
END_TEST

/* Output written before input() is handed over with the prompt, so it is shown before it, and
 * only once; what comes after stays in the run's result. */
START_TEST(input_gets_the_output_written_before_it)
{
    int calls = 0;
    interp_set_input_hook(answer_hello, &calls);
    InterpResult *r = run("import sys; print('before'); n = sys.stderr.write('oops\\n'); "
                          "a = input('name? '); print('after', a)", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(seen_written, "before\noops\n");
    ck_assert_str_eq(r->out, "after hello\n");
    ck_assert_str_eq(r->err, "");
    interp_result_free(r);
    interp_set_input_hook(NULL, NULL);
}
END_TEST

START_TEST(repr_that_raises_is_reported)
{
    expect_status("class Bad:\n    def __repr__(self):\n        raise ValueError('boom')\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    InterpResult *r = run("Bad()", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_VALUE);
    ck_assert(r->repr_failed);
    ck_assert_str_eq(r->repr, "<repr failed: ValueError: boom>");
    interp_result_free(r);
    r = run("[1, Bad()]", INTERP_MODE_REPL);
    ck_assert(r->repr_failed);
    ck_assert_str_eq(r->repr, "<repr failed: ValueError: boom>");
    bool failed = false;
    char *again = interp_repr(r->value, &failed); /* called directly, too */
    ck_assert(failed);
    ck_assert_str_eq(again, "<repr failed: ValueError: boom>");
    free(again);
    interp_result_free(r);
}
END_TEST

START_TEST(repr_that_loops_times_out)
{
    expect_status("class Loop:\n    def __repr__(self):\n        while True: pass\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    struct sigaction before, after;
    sigaction(SIGALRM, NULL, &before);
    double start = now_seconds();
    InterpResult *r = run("Loop()", INTERP_MODE_REPL);
    double spent = now_seconds() - start;
    ck_assert_int_eq(r->status, INTERP_VALUE);
    ck_assert(r->repr_failed);
    ck_assert_str_eq(r->repr, "<repr timed out after 2 s>");
    ck_assert(!r->interrupted);
    ck_assert_double_ge(spent, INTERP_REPR_SECONDS - 0.1);
    ck_assert_double_lt(spent, INTERP_REPR_SECONDS + 2.0);
    interp_result_free(r);
    /* No interrupt left over, and SIGALRM is the caller's again. */
    expect_repr("sum(range(10**6))", INTERP_MODE_REPL, "499999500000");
    sigaction(SIGALRM, NULL, &after);
    ck_assert(after.sa_handler == before.sa_handler);
}
END_TEST

START_TEST(repr_keeps_the_callers_timer)
{
    interrupt_after(1500);
    bool failed = true;
    char *text = interp_repr(Py_None, &failed);
    ck_assert_str_eq(text, "None");
    ck_assert(!failed);
    free(text);
    struct itimerval left;
    getitimer(ITIMER_REAL, &left);
    ck_assert(left.it_value.tv_sec > 0 || left.it_value.tv_usec > 0);
    struct sigaction now;
    sigaction(SIGALRM, NULL, &now);
    ck_assert(now.sa_handler == on_test_alarm);
    interrupting_stops();
}
END_TEST

START_TEST(repr_is_bounded)
{
    InterpResult *r = run("list(range(10**6))", INTERP_MODE_REPL);
    ck_assert(!r->repr_failed);
    char want[1024] = "[";
    for (int i = 0; i < 100; i++) /* the first hundred items, then "..." */
        snprintf(want + strlen(want), sizeof want - strlen(want), "%d, ", i);
    strcat(want, "...]");
    ck_assert_str_eq(r->repr, want);
    interp_result_free(r);
    r = run("'y' * 10**6", INTERP_MODE_REPL);
    ck_assert_uint_le(strlen(r->repr), 1000);
    ck_assert_ptr_nonnull(strstr(r->repr, "..."));
    interp_result_free(r);
    r = run("class Long:\n    def __repr__(self): return 'L' * 10**6\n\nLong()", INTERP_MODE_EXEC);
    interp_result_free(r);
    r = run("[Long()] * 50, {i: Long() for i in range(50)}", INTERP_MODE_REPL);
    ck_assert(!r->repr_failed);
    ck_assert_uint_le(strlen(r->repr), 1000);
    interp_result_free(r);
    r = run("10 ** 5000", INTERP_MODE_REPL); /* past 3.11's int-to-str digit limit */
    ck_assert(!r->repr_failed);
    ck_assert_uint_le(strlen(r->repr), 200);
    interp_result_free(r);
    expect_repr("list(range(40))", INTERP_MODE_REPL, /* everyday values are shown whole */
                "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, "
                "22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]");
    expect_status("a = []; a.append(a)", INTERP_MODE_EXEC, INTERP_DONE);
    expect_repr("a", INTERP_MODE_REPL, "[[[[[[[...]]]]]]]"); /* reprlib's depth limit */
}
END_TEST

/* The bounded repr of expr, checked against Python's own repr(): the same text when it is
 * short; when it is cut, at most 1000 bytes that begin as Python's does, up to the "...". */
static void expect_repr_reads_as_python(const char *expr, bool cut)
{
    InterpResult *r = run(expr, INTERP_MODE_REPL);
    char *code = xasprintf("print(repr(%s))", expr);
    InterpResult *py = run(code, INTERP_MODE_EXEC);
    free(code);
    ck_assert_msg(!r->repr_failed && py->status == INTERP_DONE, "%s", expr);
    const char *dots = strstr(r->repr, "...");
    if (!cut) {
        ck_assert_msg(!dots && strlen(py->out) == strlen(r->repr) + 1 &&
                          strncmp(py->out, r->repr, strlen(r->repr)) == 0,
                      "%s: %s, Python says %s", expr, r->repr, py->out);
    } else {
        ck_assert_msg(dots && strlen(r->repr) <= 1000, "%s: %s", expr, r->repr);
        size_t head = (size_t)(dots - r->repr);
        ck_assert_msg(strncmp(py->out, r->repr, head) == 0, "%s: %s", expr, r->repr);
    }
    interp_result_free(py);
    interp_result_free(r);
}

/* Dicts, sets and dict views show their first items in iteration order, as repr() does, and
 * a big one costs what is shown (reprlib would sort every key, and a view's repr would be
 * built whole); subclasses that keep list's, tuple's or dict's repr are cut the same way. */
START_TEST(repr_of_big_containers_reads_as_pythons)
{
    expect_status("d = {str(i): i for i in range(9, -1, -1)}; big = {i: [i] for i in range(10**5)}\n"
                  "class L(list): pass\n"
                  "class D(dict): pass\n"
                  "class T(tuple): pass\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    const char *whole[] = {"d", "d.keys()", "d.values()", "d.items()", "{}.items()",
                           "{3, 1, 2}", "L([3, 1])", "D(d)", "T((2, 1))", "[d.keys()]"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        expect_repr_reads_as_python(whole[i], false);
    const char *cut[] = {"big", "big.keys()", "big.values()", "big.items()",
                         "L(range(10**5))", "D(big)", "T(range(10**5))", "set(range(10**5))"};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++)
        expect_repr_reads_as_python(cut[i], true);
    /* the cost is what is shown: items past the cut are never asked for their repr */
    expect_status("class Counted:\n"
                  "    calls = 0\n"
                  "    def __repr__(self):\n"
                  "        Counted.calls += 1\n"
                  "        return 'c'\n"
                  "\n"
                  "many = {i: Counted() for i in range(1000)}\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    const char *views[] = {"many.values()", "many.items()", "L(many.values())", "D(many)"};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        expect_status("Counted.calls = 0", INTERP_MODE_EXEC, INTERP_DONE);
        InterpResult *r = run(views[i], INTERP_MODE_REPL);
        interp_result_free(r);
        char *calls = NULL;
        r = run("Counted.calls", INTERP_MODE_REPL);
        calls = xstrdup(r->repr);
        interp_result_free(r);
        ck_assert_msg(atoi(calls) > 0 && atoi(calls) <= 100, "%s: %s reprs", views[i], calls);
        free(calls);
    }
}
END_TEST

START_TEST(repr_is_terminal_safe)
{
    expect_repr("'\\x1b[31m'", INTERP_MODE_REPL, "'\\x1b[31m'");
    expect_status("class Esc:\n    def __repr__(self): return '\\x1b[31mred\\nline'\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    expect_repr("Esc()", INTERP_MODE_REPL, "\\x1b[31mred\\nline");
    expect_status("class Sur:\n    def __repr__(self): return '\\udcff'\n", INTERP_MODE_EXEC,
                  INTERP_DONE);
    expect_repr("Sur()", INTERP_MODE_REPL, "\\udcff");
}
END_TEST

START_TEST(version_matches_sys)
{
    InterpResult *r = run("'%d.%d.%d' % __import__('sys').version_info[:3]", INTERP_MODE_EVAL);
    char want[32];
    snprintf(want, sizeof want, "%s", PyUnicode_AsUTF8(r->value));
    ck_assert_str_eq(interp_python_version(), want);
    interp_result_free(r);
}
END_TEST

/* ---- for the explorer -------------------------------------------------------------------- */

/* The value of an expression in __main__ (owned by the returned result). */
static InterpResult *value_of(const char *expr)
{
    InterpResult *r = run(expr, INTERP_MODE_EVAL);
    ck_assert_msg(r->status == INTERP_VALUE, "%s: status %d (err: %s)", expr, r->status, r->err);
    return r;
}

START_TEST(retain_and_release_count_one_reference)
{
    InterpResult *r = value_of("[1, 2, 3]"); /* a fresh list: never immortal */
    Py_ssize_t before = Py_REFCNT(r->value);
    interp_value_retain(r->value);
    ck_assert_int_eq(Py_REFCNT(r->value), before + 1);
    interp_value_release(r->value);
    ck_assert_int_eq(Py_REFCNT(r->value), before);
    interp_value_retain(NULL);
    interp_value_release(NULL);
    interp_result_free(r);
}
END_TEST

static void expect_type_name(const char *expr, const char *want)
{
    InterpResult *r = value_of(expr);
    char *name = interp_type_name(r->value);
    ck_assert_str_eq(name, want);
    free(name);
    ck_assert_ptr_null(PyErr_Occurred());
    interp_result_free(r);
}

START_TEST(type_name_is_short_and_safe)
{
    expect_status("class Foo:\n    pass\n\nclass Outer:\n    class Inner:\n        pass\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    expect_type_name("Foo()", "Foo");
    expect_type_name("1", "int");
    expect_type_name("[]", "list");
    expect_type_name("Foo", "type");
    expect_type_name("Outer.Inner()", "Outer.Inner"); /* a class: its __qualname__ */
    /* A static (C) type: its tp_name, module included. */
    expect_type_name("__import__('collections').OrderedDict()", "collections.OrderedDict");
    expect_type_name("type('\\x1b[2J', (), {})()", "\\x1b[2J");
    /* Read from the type itself: a metaclass hooking attribute access is never asked. */
    expect_status("class Meta(type):\n    def __getattribute__(cls, name):\n"
                  "        while True: pass\n\nclass Weird(metaclass=Meta):\n    pass\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    expect_type_name("Weird()", "Weird");
    char *name = interp_type_name(NULL);
    ck_assert_ptr_nonnull(name);
    free(name);
}
END_TEST

/* Completions of text, checking what every answer keeps to: sorted, unique, bounded. */
static char **complete(const char *text, size_t *count)
{
    *count = 12345;
    char **v = interp_complete(text, count);
    ck_assert_ptr_null(PyErr_Occurred());
    ck_assert_int_eq(v == NULL, *count == 0);
    ck_assert_uint_le(*count, INTERP_COMPLETE_MAX);
    for (size_t i = 1; i < *count; i++)
        ck_assert_msg(strcmp(v[i - 1], v[i]) < 0, "%s: '%s' before '%s'", text, v[i - 1], v[i]);
    return v;
}

static bool contains(char **v, size_t count, const char *want)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(v[i], want) == 0)
            return true;
    return false;
}

static void expect_candidate(const char *text, const char *want)
{
    size_t n;
    char **v = complete(text, &n);
    ck_assert_msg(contains(v, n, want), "%s: no '%s' among %zu candidates", text, want, n);
    interp_strings_free(v, n);
}

static void expect_no_candidates(const char *text)
{
    size_t n;
    char **v = complete(text, &n);
    ck_assert_msg(v == NULL, "%s: %zu candidates, first '%s'", text, n, v ? v[0] : "");
    ck_assert_uint_eq(n, 0);
}

START_TEST(completion_like_the_repl)
{
    expect_candidate("pri", "print(");  /* rlcompleter marks callables with "(" */
    expect_candidate("len", "len(");
    expect_candidate("import", "import "); /* keywords, with the space the REPL adds */
    expect_candidate("Tr", "True");
    expect_status("class K:\n    alpha = 1; beta = 2\n\nmy_counter = 3\n", INTERP_MODE_EXEC,
                  INTERP_DONE);
    size_t n;
    char **v = complete("K.al", &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(v[0], "K.alpha");
    interp_strings_free(v, n);
    expect_candidate("K.", "K.beta");
    expect_candidate("my_c", "my_counter");
    expect_no_candidates("zzzz");
    expect_no_candidates("");
    expect_no_candidates("   ");
    expect_no_candidates("nothing_here.attr");
    interp_strings_free(NULL, 0);
}
END_TEST

START_TEST(completion_is_bounded_and_safe)
{
    expect_status("for i in range(300):\n    globals()['n_%03d' % i] = i\n"
                  "globals()['esc\\x1b[2J'] = 1\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    size_t n;
    char **v = complete("n_", &n);
    ck_assert_uint_eq(n, INTERP_COMPLETE_MAX);
    interp_strings_free(v, n);
    expect_candidate("esc", "esc\\x1b[2J");
    /* Completion never loads GNU readline, which would rewrite LINES and COLUMNS. */
    expect_repr("'readline' in __import__('sys').modules", INTERP_MODE_EVAL, "False");
    expect_repr("__import__('rlcompleter').__name__", INTERP_MODE_EVAL, "'rlcompleter'");
}
END_TEST

START_TEST(completion_survives_failing_attributes)
{
    expect_status("class Bad:\n"
                  "    @property\n    def p(self): raise ValueError('no')\n"
                  "    @property\n    def q(self): raise SystemExit(4)\n"
                  "bad = Bad()\n"
                  "class NoDir:\n    def __dir__(self): raise RuntimeError('no')\n"
                  "nodir = NoDir()\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    expect_candidate("bad.p", "bad.p"); /* rlcompleter does not run properties it lists */
    expect_no_candidates("bad.p.real");
    expect_no_candidates("bad.q.real");
    expect_no_candidates("nodir.x");
    expect_repr("1 + 1", INTERP_MODE_REPL, "2");
    expect_status("globals()[1] = 'not a name'", INTERP_MODE_EXEC, INTERP_DONE);
    expect_no_candidates("pri"); /* rlcompleter fails on the key: nothing, and no crash */
}
END_TEST

static void expect_signature(const char *name, const char *want)
{
    char *got = interp_signature(name);
    if (!want)
        ck_assert_msg(got == NULL, "%s has signature %s", name, got);
    else
        ck_assert_msg(got && strcmp(got, want) == 0, "%s: %s, want %s", name, got ? got : "NULL", want);
    free(got);
}

/* The signature line while a call is typed: parameters and the docstring's first line, for
 * names in __main__ and builtins and their attributes; nothing for what is not callable or not
 * a dotted name; bounded; a property that raises or never returns gives nothing, in time. */
START_TEST(signature_of_what_is_being_called)
{
    expect_status("def area(w, h=2, *, unit='m'):\n    \"\"\"The area.\n\n    More.\"\"\"\n"
                  "    return w * h\n"
                  "class P:\n    def move(self, dx, dy=0): pass\n"
                  "    @property\n    def bad(self): raise ValueError('no')\n"
                  "    @property\n    def slow(self):\n        while True: pass\n"
                  "p = P()\nnumber = 3\n"
                  "def long_doc(): pass\nlong_doc.__doc__ = 'x' * 1000\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    expect_signature("area", "area(w, h=2, *, unit='m') - The area.");
    expect_signature("p.move", "move(dx, dy=0)");
    expect_signature("len", "len(obj, /) - Return the number of items in a container.");
    expect_signature("number", NULL);
    expect_signature("nothing_here", NULL);
    expect_signature("p.bad", NULL);
    expect_signature("area()", NULL);
    expect_signature("", NULL);
    char *s = interp_signature("long_doc");
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(strlen(s), INTERP_SIGNATURE_MAX);
    free(s);
    double start = now_seconds();
    expect_signature("p.slow", NULL);
    ck_assert_msg(now_seconds() - start < INTERP_REPR_SECONDS + 2.0, "the time limit did not hold");
    expect_repr("1 + 1", INTERP_MODE_REPL, "2"); /* the interpreter goes on */
}
END_TEST

/* Completing text returns in time; `loops` says whether it had to be stopped. */
static void expect_completion_stops(const char *text, bool loops)
{
    struct sigaction before, after;
    sigaction(SIGALRM, NULL, &before);
    double start = now_seconds();
    size_t n;
    char **v = complete(text, &n);
    double spent = now_seconds() - start;
    ck_assert_int_eq(v == NULL, loops); /* stopped: no candidates */
    interp_strings_free(v, n);
    /* loose bounds: a busy machine must not fail this; stopping is proven by v == NULL */
    ck_assert_msg(spent < INTERP_REPR_SECONDS + 2.0, "%s: %.1f s", text, spent);
    if (loops)
        ck_assert_double_ge(spent, INTERP_REPR_SECONDS - 0.1);
    sigaction(SIGALRM, NULL, &after);
    ck_assert(after.sa_handler == before.sa_handler);
}

START_TEST(completion_that_loops_times_out)
{
    expect_status("class Forever:\n    def __get__(self, obj, owner=None):\n"
                  "        while True: pass\n"
                  "class Slow:\n"
                  "    @property\n    def p(self):\n        while True: pass\n"
                  "    q = Forever()\n"
                  "obj = Slow()\n",
                  INTERP_MODE_EXEC, INTERP_DONE);
    expect_completion_stops("obj.p", false);  /* listed, not run */
    expect_completion_stops("obj.p.x", true); /* `obj.p` is evaluated: the time limit stops it */
    expect_completion_stops("obj.q", true);   /* rlcompleter reads plain descriptors */
    /* No interrupt is left over for the next run. */
    expect_repr("sum(range(10**6))", INTERP_MODE_REPL, "499999500000");
}
END_TEST

/* :mem source: checks the result like run() does, and that a report always comes back. */
static InterpResult *run_traced(const char *source, char **report)
{
    *report = NULL;
    InterpResult *r = interp_run_traced(source, report);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(r->out);
    ck_assert_ptr_nonnull(r->err);
    ck_assert_ptr_null(r->value); /* statements: never a value */
    ck_assert_ptr_null(PyErr_Occurred());
    ck_assert_ptr_nonnull(*report);
    return r;
}

/* The number after label in a report ("net allocated: 1,234 bytes"), or -1 if none. */
static long long report_number(const char *report, const char *label)
{
    const char *p = strstr(report, label);
    if (!p)
        return -1;
    long long n = 0;
    for (p += strlen(label); (*p >= '0' && *p <= '9') || *p == ','; p++)
        if (*p != ',')
            n = n * 10 + (*p - '0');
    return n;
}

static void expect_not_tracing(void)
{
    expect_repr("__import__('tracemalloc').is_tracing()", INTERP_MODE_EVAL, "False");
}

START_TEST(mem_reports_what_a_statement_allocated)
{
    char *report;
    InterpResult *r = run_traced("data = [0] * 100000", &report);
    ck_assert_msg(r->status == INTERP_DONE, "status %d (err: %s)", r->status, r->err);
    ck_assert_str_eq(r->err, "");
    ck_assert_msg(strncmp(report, "net allocated: ", 15) == 0, "report: %s", report);
    ck_assert_msg(report_number(report, "net allocated: ") >= 800000, "report: %s", report);
    ck_assert_msg(report_number(report, "peak during the run: ") >= 800000, "report: %s", report);
    ck_assert_msg(strstr(report, "\ntop lines:\n  <input>:1: +"), "report: %s", report);
    ck_assert_ptr_null(strstr(report, "objscope-support"));
    ck_assert_ptr_null(strstr(report, "tracemalloc.py"));
    free(report);
    interp_result_free(r);
    expect_repr("len(data)", INTERP_MODE_EVAL, "100000"); /* the statement's names stay */
    expect_not_tracing();
    /* Output is captured as for any run; a NULL report pointer is allowed. */
    r = interp_run_traced("print('hi')\nx = 1\n", NULL);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(r->out, "hi\n");
    interp_result_free(r);
}
END_TEST

START_TEST(mem_reports_errors_too)
{
    char *report;
    InterpResult *r = run_traced("big = [1] * 50000\n1 / 0\n", &report);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_msg(ends_with(r->err, "ZeroDivisionError: division by zero\n"), "err: %s", r->err);
    ck_assert_ptr_nonnull(strstr(r->err, "File \"<input>\", line 2"));
    ck_assert_msg(report_number(report, "net allocated: ") >= 400000, "report: %s", report);
    free(report);
    interp_result_free(r);
    expect_not_tracing();
    r = run_traced("x = )", &report);
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert_ptr_nonnull(strstr(r->err, "SyntaxError"));
    free(report);
    interp_result_free(r);
    r = run_traced("import tracemalloc; tracemalloc.stop()", &report);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_str_eq(report, "no memory report: the code stopped tracemalloc\n");
    free(report);
    interp_result_free(r);
    expect_not_tracing();
}
END_TEST

/* Formatting the traceback, compiling (the first compile imports codeop) and capturing output
 * are objscope's work, not the statement's: none of it may show among the top lines. */
START_TEST(mem_counts_only_the_statement)
{
    const char *statements[] = {"1 / 0", "import sys; sys.exit('bye')", "x = 1"};
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        char *report;
        InterpResult *r = run_traced(statements[i], &report);
        const char *p = strstr(report, "top lines:\n");
        ck_assert_msg(p, "report: %s", report);
        for (p = strchr(p, '\n') + 1; *p == ' '; p = strchr(p, '\n') + 1)
            ck_assert_msg(!strncmp(p, "  <input>:", 10) || !strncmp(p, "  (none)", 8),
                          "%s: a line not of the statement: %s", statements[i], report);
        free(report);
        interp_result_free(r);
    }
}
END_TEST

/* tracemalloc never sees memory allocated before it started: freeing it counts nothing, and
 * the report says so, so that `:mem del data` showing 0 is no surprise. */
START_TEST(mem_says_what_it_cannot_see)
{
    expect_status("data = [0] * 100000", INTERP_MODE_EXEC, INTERP_DONE);
    char *report;
    InterpResult *r = run_traced("del data", &report);
    ck_assert_msg(report_number(report, "net allocated: ") < 8000, "report: %s", report);
    ck_assert_msg(strstr(report, "\nnote: memory from before tracing is unseen"), "report: %s",
                  report);
    free(report);
    interp_result_free(r);
}
END_TEST

START_TEST(mem_leaves_the_learners_tracing_on)
{
    expect_status("import tracemalloc; tracemalloc.start(5)", INTERP_MODE_EXEC, INTERP_DONE);
    char *report;
    InterpResult *r = run_traced("more = [0] * 1000", &report);
    ck_assert_int_eq(r->status, INTERP_DONE);
    ck_assert_msg(report_number(report, "net allocated: ") >= 8000, "report: %s", report);
    free(report);
    interp_result_free(r);
    expect_repr("tracemalloc.is_tracing(), tracemalloc.get_traceback_limit()", INTERP_MODE_EVAL,
                "(True, 5)");
}
END_TEST

START_TEST(mem_can_be_interrupted)
{
    interrupt_after(200);
    char *report;
    InterpResult *r = run_traced("while True: pass", &report);
    interrupting_stops();
    ck_assert_int_eq(r->status, INTERP_ERROR);
    ck_assert(r->interrupted);
    ck_assert(ends_with(r->err, "KeyboardInterrupt\n"));
    free(report);
    interp_result_free(r);
    expect_not_tracing();
}
END_TEST

Suite *interp_suite(void)
{
    Suite *s = suite_create("interp");
    TCase *run_tc = tcase_create("run");
    tcase_add_test(run_tc, expression_value_binds_underscore);
    tcase_add_test(run_tc, statements_and_namespace_persist);
    tcase_add_test(run_tc, statements_hand_back_what_they_displayed);
    tcase_add_test(run_tc, incomplete_like_the_prompt);
    tcase_add_test(run_tc, several_values_print_like_the_prompt);
    tcase_add_test(run_tc, print_is_captured_not_shown);
    tcase_add_test(run_tc, stderr_and_warnings_are_captured);
    tcase_add_test(run_tc, output_is_bounded);
    tcase_add_test(run_tc, output_is_terminal_safe);
    tcase_add_test(run_tc, syntax_error_has_caret_no_traceback);
    tcase_add_test(run_tc, traceback_matches_python);
    tcase_add_test(run_tc, syntax_errors_show_what_the_prompt_shows);
    tcase_add_test(run_tc, input_that_is_not_utf8_says_where);
    tcase_add_test(run_tc, traceback_shows_only_learner_frames);
    tcase_add_test(run_tc, deleted_builtins_break_only_the_learners_code);
    tcase_add_test(run_tc, system_exit_never_exits);
    tcase_add_test(run_tc, input_without_hook_is_an_error);
    tcase_add_test(run_tc, input_asks_the_hook);
    tcase_add_test(run_tc, input_gets_the_output_written_before_it);
    tcase_add_test(run_tc, version_matches_sys);
    suite_add_tcase(s, run_tc);

    TCase *stop_tc = tcase_create("interrupt");
    tcase_set_timeout(stop_tc, 30);
    tcase_add_test(stop_tc, interrupt_stops_a_loop);
    tcase_add_test(stop_tc, repr_that_loops_times_out);
    tcase_add_test(stop_tc, repr_keeps_the_callers_timer);
    tcase_add_test(stop_tc, completion_that_loops_times_out);
    tcase_add_test(stop_tc, signature_of_what_is_being_called);
    tcase_add_test(stop_tc, mem_can_be_interrupted);
    suite_add_tcase(s, stop_tc);

    TCase *repr_tc = tcase_create("repr");
    tcase_add_test(repr_tc, repr_that_raises_is_reported);
    tcase_add_test(repr_tc, repr_is_bounded);
    tcase_add_test(repr_tc, repr_of_big_containers_reads_as_pythons);
    tcase_add_test(repr_tc, repr_is_terminal_safe);
    suite_add_tcase(s, repr_tc);

    TCase *explore_tc = tcase_create("explorer");
    tcase_add_test(explore_tc, retain_and_release_count_one_reference);
    tcase_add_test(explore_tc, type_name_is_short_and_safe);
    tcase_add_test(explore_tc, completion_like_the_repl);
    tcase_add_test(explore_tc, completion_is_bounded_and_safe);
    tcase_add_test(explore_tc, completion_survives_failing_attributes);
    tcase_add_test(explore_tc, mem_reports_what_a_statement_allocated);
    tcase_add_test(explore_tc, mem_reports_errors_too);
    tcase_add_test(explore_tc, mem_leaves_the_learners_tracing_on);
    tcase_add_test(explore_tc, mem_counts_only_the_statement);
    tcase_add_test(explore_tc, mem_says_what_it_cannot_see);
    suite_add_tcase(s, explore_tc);
    return s;
}
