/* test_cli.c — the real binary on good and bad input: exit status, where messages go, and that
 * nothing raw reaches a terminal. The binary comes from $OBJSCOPE_BIN (set by `make check`). */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

extern char **environ;

typedef struct {
    int status;
    char *out, *err;
} Run;

static char *slurp(int fd)
{
    StrBuf b;
    strbuf_init(&b);
    char chunk[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        strbuf_add(&b, chunk, (size_t)n);
    close(fd);
    return strbuf_take(&b);
}

/* Run objscope with args (NULL-terminated); `lang` overrides LC_ALL when not NULL; `input`,
 * when not NULL, is its standard input. */
static Run run_input(const char *lang, const char *const *args, const char *input)
{
    const char *bin = getenv("OBJSCOPE_BIN");
    ck_assert_msg(bin != NULL, "OBJSCOPE_BIN is not set (run through `make check`)");
    char outp[] = "/tmp/objscope-out-XXXXXX", errp[] = "/tmp/objscope-err-XXXXXX";
    int outfd = mkstemp(outp), errfd = mkstemp(errp);
    unlink(outp);
    unlink(errp);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, outfd, 1);
    posix_spawn_file_actions_adddup2(&fa, errfd, 2);
    int infd = -1;
    if (input) {
        char inp[] = "/tmp/objscope-in-XXXXXX";
        infd = mkstemp(inp);
        unlink(inp);
        ck_assert_int_eq(write(infd, input, strlen(input)), (ssize_t)strlen(input));
        lseek(infd, 0, SEEK_SET);
        posix_spawn_file_actions_adddup2(&fa, infd, 0);
    }
    const char *argv[32] = {bin};
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    if (lang)
        setenv("LC_ALL", lang, 1);
    pid_t pid;
    int rc = posix_spawn(&pid, bin, &fa, NULL, (char *const *)argv, environ);
    unsetenv("LC_ALL");
    ck_assert_int_eq(rc, 0);
    int st;
    waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    if (infd >= 0)
        close(infd);
    ck_assert_msg(WIFEXITED(st), "objscope died from signal %d", WTERMSIG(st));
    return (Run){WEXITSTATUS(st), slurp(outfd), slurp(errfd)};
}

static Run run(const char *lang, const char *const *args)
{
    return run_input(lang, args, NULL);
}

static void run_free(Run *r)
{
    free(r->out);
    free(r->err);
}

#define RUN(...) run("C.UTF-8", (const char *const[]){__VA_ARGS__, NULL})
#define HAS(s, sub) ck_assert_msg(strstr((s), (sub)) != NULL, "expected %s in:\n%s", #sub, (s))

START_TEST(dump_prints_a_reconciled_diagram)
{
    Run r = RUN("--dump", "[1, 2, 3]");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "[1, 2, 3]");
    HAS(r.out, "ob_item[2]");
    HAS(r.out, "sys.getsizeof                              88");
    HAS(r.out, "footprint");
    HAS(r.out, "┌");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

START_TEST(setup_runs_in_the_same_namespace)
{
    Run r = RUN("--setup", "class P:\n    __slots__ = ('x', 'y')", "--setup", "p = P(); p.x = 7",
                "--json", "p");
    ck_assert_int_eq(r.status, 0);
    PyObject *text = PyUnicode_FromString(r.out);
    ck_assert_int_eq(tl_py_int(text, "[f['offset'] for f in __import__('json').loads(o)['fields'] "
                                     "if f['name'] == 'x'][0]"), 16);
    Py_DECREF(text);
    run_free(&r);
}
END_TEST

START_TEST(errors_are_reported_like_python)
{
    Run r = RUN("--dump", "nope");
    ck_assert_int_eq(r.status, 1);
    HAS(r.err, "NameError: name 'nope' is not defined");
    ck_assert_str_eq(r.out, "");
    run_free(&r);
    r = RUN("--dump", "1 +* 2");
    ck_assert_int_eq(r.status, 1);
    HAS(r.err, "SyntaxError: invalid syntax");
    HAS(r.err, "^");
    run_free(&r);
    r = RUN("--dump", "1/0");
    ck_assert_int_eq(r.status, 1);
    HAS(r.err, "ZeroDivisionError: division by zero");
    run_free(&r);
    r = RUN("--setup", "import sys", "--dump", "sys.exit(3)");
    ck_assert_int_eq(r.status, 3);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = RUN("--setup", "import sys", "--dump", "sys.exit()");
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = RUN("--setup", "raise SystemExit('bye')", "--dump", "1");
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.err, "bye\n");
    ck_assert_str_eq(r.out, "");
    run_free(&r);
    r = RUN("--dump", "input()");
    ck_assert_int_eq(r.status, 1);
    HAS(r.err, "input()");
    run_free(&r);
}
END_TEST

START_TEST(hostile_objects_are_marked_not_trusted)
{
    Run r = RUN("--setup", "class B:\n    def __repr__(self): raise ValueError('boom')", "--dump", "B()");
    ck_assert_int_eq(r.status, 1);
    HAS(r.out, "repr failed");
    HAS(r.out, "sys.getsizeof");
    HAS(r.err, "boom");
    run_free(&r);
    r = RUN("--setup", "class N(list):\n    def __sizeof__(self): return -5", "--dump", "N()");
    ck_assert_int_eq(r.status, 1);
    HAS(r.out, "suspect");
    HAS(r.err, "suspect __sizeof__");
    run_free(&r);
}
END_TEST

START_TEST(terminal_escapes_are_shown_escaped)
{
    Run r = RUN("--dump", "['\\x1b[2J\\x1b]0;pwned\\x07', 'ok']");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strchr(r.out, 0x1b) == NULL, "raw ESC on stdout");
    ck_assert_msg(strchr(r.out, 0x07) == NULL, "raw BEL on stdout");
    HAS(r.out, "\\x1b[2J");
    run_free(&r);
}
END_TEST

START_TEST(options_version_help_and_ascii)
{
    Run r = RUN("--version");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "objscope ");
    HAS(r.out, "(CPython 3.");
    run_free(&r);
    r = RUN("--help");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "--dump EXPR");
    run_free(&r);
    r = RUN("--frobnicate");
    ck_assert_int_eq(r.status, 2);
    HAS(r.err, "unknown option");
    run_free(&r);
    r = run("C", (const char *const[]){"--dump", "'caf\\u00e9'", NULL});
    ck_assert_int_eq(r.status, 0);
    for (const unsigned char *p = (const unsigned char *)r.out; *p; p++)
        ck_assert_msg(*p < 0x80, "non-ASCII output in the C locale");
    HAS(r.out, "+---");
    run_free(&r);
}
END_TEST

/* An error from a lying __sizeof__ is quoted whole, or cut after a word with an ellipsis:
 * never in the middle of one. */
START_TEST(error_messages_are_not_cut_mid_word)
{
    Run r = RUN("--setup", "class A:\n    def __sizeof__(self): raise TypeError('word ' * 60)",
                "--dump", "A()");
    ck_assert_int_eq(r.status, 1);
    const char *line = strstr(r.err, "objscope: suspect __sizeof__: ");
    ck_assert_ptr_nonnull(line);
    HAS(line, "TypeError: word word word");
    size_t n = strcspn(line, "\n");
    while (n && line[n - 1] == ' ')
        n--;
    bool whole = n >= 4 && strncmp(line + n - 4, "word", 4) == 0;
    bool cut = n >= 8 && strncmp(line + n - 8, "word \xe2\x80\xa6", 8) == 0;
    ck_assert_msg(whole || cut, "cut mid-word: %.*s", (int)n, line);
    run_free(&r);
}
END_TEST

/* Short options are options, not arguments: -h and -V work, -x is an unknown option; a long
 * option without its argument says so. */
START_TEST(short_options_and_missing_arguments)
{
    Run r = RUN("-h");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "usage: objscope");
    run_free(&r);
    r = RUN("-V");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "(CPython 3.");
    run_free(&r);
    r = RUN("-x");
    ck_assert_int_eq(r.status, 2);
    HAS(r.err, "objscope: unknown option '-x'");
    run_free(&r);
    r = RUN("--dump");
    ck_assert_int_eq(r.status, 2);
    HAS(r.err, "objscope: option needs an argument: '--dump'");
    run_free(&r);
}
END_TEST

/* --dump - and --json - read the expression from standard input. */
START_TEST(dump_reads_the_expression_from_stdin)
{
    Run r = run_input("C.UTF-8", (const char *const[]){"--dump", "-", NULL}, "[1, 2,\n 3]\n");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "[1, 2, 3]");
    HAS(r.out, "ob_item[2]");
    run_free(&r);
    r = run_input("C.UTF-8", (const char *const[]){"--json", "-", NULL}, "(1, 2)");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "\"type\": \"tuple\"");
    run_free(&r);
}
END_TEST

/* The explorer's keys and commands as lines for the man page: every keymap, from the tables,
 * with what typing does, and the : commands from the command table (so :edit and :save too). */
START_TEST(help_keys_and_commands_list_the_tables)
{
    Run r = RUN("--help-keys");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "keymap\tAnywhere\t\nkey\tF1\thelp: every key and command\n");
    HAS(r.out, "keymap\tThe input line\ttyped into the input line\n");
    HAS(r.out, "keymap\tA lesson\t\n");
    HAS(r.out, "key\tPgDn\tscroll the step down a page\n");
    HAS(r.out, "keymap\tThe lesson list\t\n");
    HAS(r.out, "command\t:show EXPR\tshow EXPR's layout without printing it (`_` stays as it was)\n");
    HAS(r.out, "command\t:release\tlet go of the objects the diagram holds");
    HAS(r.out, "command\t:save FILE\t");
    HAS(r.out, "command\t:edit\t");
    ck_assert_ptr_null(strstr(r.out, "key\tEnter\trun the input, or continue an unfinished block\n"
                                     "key\tEnter")); /* Enter's two codes: once */
    run_free(&r);
    r = RUN("--help");
    ck_assert_int_eq(r.status, 0);
    HAS(r.out, "  :save FILE       write what ran so far as a Python file");
    run_free(&r);
}
END_TEST

/* A lesson file in a fresh folder; the caller removes both. */
static char *lesson_file(const char *text)
{
    char dir[] = "/tmp/objscope-cli-lesson-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *path = xasprintf("%s/lesson.md", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static void remove_lesson_file(char *path)
{
    unlink(path);
    *strrchr(path, '/') = '\0';
    rmdir(path);
    free(path);
}

START_TEST(check_lesson_reports_problems)
{
    char *good = lesson_file("# T\n\nSummary.\n\n## Make t\n\nMake `t`, `= 6*7`.\n\n"
                             "```check\nt == 3\n```\n\n```solution\nt = 3\n```\n");
    Run r = RUN("--check-lesson", good);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    char *bad = lesson_file("# T\n\n## S\n\nMake t.\n\n```check\nt == 4\n```\n\n"
                            "```solution\nt = 3\n```\n\n```pyhton\nx\n```\n");
    r = RUN("--check-lesson", bad);
    ck_assert_int_eq(r.status, 1);
    char *want = xasprintf("%s:15: unknown fence 'pyhton': use python, setup, check, hint, "
                           "solution, wrong or requires\n"
                           "%s:8: check is false after the solution: t == 4\n", bad, bad);
    ck_assert_str_eq(r.out, want);
    ck_assert_str_eq(r.err, "");
    free(want);
    run_free(&r);
    r = RUN("--check-lesson", "/nonexistent-objscope/lesson.md");
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "/nonexistent-objscope/lesson.md: cannot read: No such file or "
                            "directory\n");
    run_free(&r);
    r = RUN("--check-lesson", good, "--dump", "1");
    ck_assert_int_eq(r.status, 2);
    HAS(r.err, "use only one of");
    run_free(&r);
    r = RUN("--setup", "x = 1", "--check-lesson", good);
    ck_assert_int_eq(r.status, 2);
    run_free(&r);
    r = RUN("--check-lesson");
    ck_assert_int_eq(r.status, 2);
    HAS(r.err, "option needs an argument");
    run_free(&r);
    remove_lesson_file(good);
    remove_lesson_file(bad);
}
END_TEST

START_TEST(list_lessons_lists_the_shipped_ones)
{
    char state[] = "/tmp/objscope-cli-state-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(state));
    setenv("XDG_STATE_HOME", state, 1); /* never the learner's own progress */
    Run r = RUN("--list-lessons");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "README") == NULL, "README listed:\n%s", r.out);
    for (char *line = r.out; *line;) {
        char *nl = strchr(line, '\n');
        ck_assert_ptr_nonnull(nl);
        *nl = '\0';
        ck_assert_msg(strstr(line, " steps done") || strstr(line, "(cannot be used: "),
                      "odd line: %s", line);
        line = nl + 1;
    }
    run_free(&r);
    rmdir(state);
}
END_TEST

Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, dump_prints_a_reconciled_diagram);
    tcase_add_test(tc, setup_runs_in_the_same_namespace);
    tcase_add_test(tc, errors_are_reported_like_python);
    tcase_add_test(tc, hostile_objects_are_marked_not_trusted);
    tcase_add_test(tc, terminal_escapes_are_shown_escaped);
    tcase_add_test(tc, options_version_help_and_ascii);
    tcase_add_test(tc, help_keys_and_commands_list_the_tables);
    tcase_add_test(tc, short_options_and_missing_arguments);
    tcase_add_test(tc, error_messages_are_not_cut_mid_word);
    tcase_add_test(tc, dump_reads_the_expression_from_stdin);
    tcase_add_test(tc, check_lesson_reports_problems);
    tcase_add_test(tc, list_lessons_lists_the_shipped_ones);
    suite_add_tcase(s, tc);
    return s;
}
