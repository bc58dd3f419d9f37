/* test_across.c — --across without CPython: the strict JSON reader, reading a child's --json,
 * comparing two layouts' rows (pure), finding builds in a folder of fake ones, and running fake
 * builds (shell scripts printing canned --json): one that fails, one that outlives the time
 * limit (its whole process group must die), one that writes too much. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "across/across.h"
#include "render/render.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/jsonread.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static JsonValue *parse(const char *s, char **err)
{
    *err = NULL;
    return json_parse(s, strlen(s), err);
}

START_TEST(json_reader_reads_what_objscope_writes)
{
    char *err;
    JsonValue *v = parse(" {\"a\": [1, -20, true, false, null], \"s\": \"q\\\"\\\\\\n\\u00e9\\ud83d\\ude00\","
                         " \"big\": 9223372036854775807, \"e\": {}} ", &err);
    ck_assert_msg(v, "%s", err);
    const JsonValue *a = json_get(v, "a");
    ck_assert_int_eq(a->type, JSON_ARRAY);
    ck_assert_uint_eq(a->len, 5);
    ck_assert_int_eq(a->items[1].integer, -20);
    ck_assert(a->items[2].boolean && !a->items[3].boolean);
    ck_assert_int_eq(a->items[4].type, JSON_NULL);
    ck_assert_str_eq(json_get(v, "s")->string, "q\"\\\n\xc3\xa9\xf0\x9f\x98\x80");
    ck_assert_int_eq(json_get(v, "big")->integer, 9223372036854775807LL);
    ck_assert_uint_eq(json_get(v, "e")->len, 0);
    ck_assert_ptr_null(json_get(v, "missing"));
    json_free(v);
}
END_TEST

START_TEST(json_reader_refuses_what_is_not_strict_json)
{
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"[1, 2,]", "expected a JSON value"}, {"{\"a\" 1}", "expected ':'"},
        {"[1.5]", "only whole numbers"}, {"[1e3]", "only whole numbers"}, {"[01]", "malformed"},
        {"\"abc", "does not end"}, {"\"a\\x\"", "bad escape"}, {"\"\\u12\"", "bad \\u"},
        {"[9223372036854775808]", "too large"}, {"{} {}", "more text"}, {"", "ends where"},
        {"\"\\u0000\"", "NUL"}, {"\"a\tb\"", "control character"}, {"\"\xff\"", "not UTF-8"},
        {"{1: 2}", "string key"}, {"[tru]", "expected a JSON value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *err;
        JsonValue *v = parse(bad[i].text, &err);
        ck_assert_msg(!v, "accepted %s", bad[i].text);
        ck_assert_msg(strstr(err, bad[i].why), "%s: %s", bad[i].text, err);
        free(err);
    }
    StrBuf deep;
    strbuf_init(&deep);
    for (int i = 0; i < JSON_MAX_DEPTH + 1; i++)
        strbuf_putc(&deep, '[');
    char *err;
    ck_assert_ptr_null(parse(deep.data, &err));
    ck_assert_msg(strstr(err, "nested too deeply"), "%s", err);
    free(err);
    strbuf_free(&deep);
}
END_TEST

/* A child's --json, as objscope writes it (only the keys --across reads, plus one it skips). */
static char *doc(const char *version, long long getsizeof, const char *fields, const char *buffers)
{
    return xasprintf("{\n  \"python_version\": \"%s\", \"type\": \"dict\", \"kind\": \"dict\",\n"
                     "  \"refcount\": 1, \"getsizeof\": %lld, \"footprint\": 64,\n"
                     "  \"deep_footprint\": 64, \"deep_count\": 1, \"deep_objects\": 1,\n"
                     "  \"preheader\": [{\"name\": \"_gc_next\", \"offset\": -16, \"size\": 8, \"ctype\": \"uintptr_t\"},\n"
                     "    {\"name\": \"_gc_prev\", \"offset\": -8, \"size\": 8, \"ctype\": \"uintptr_t\"}],\n"
                     "  \"fields\": [%s],\n  \"buffers\": [%s]\n}\n",
                     version, getsizeof, fields, buffers);
}

#define ROW(name, off, size, ctype) \
    "{\"name\": \"" name "\", \"offset\": " #off ", \"size\": " #size ", \"ctype\": \"" ctype "\"}"
#define FIELDS_310 ROW("ob_refcnt", 0, 8, "Py_ssize_t") ", " ROW("ob_type", 8, 8, "PyTypeObject *") \
    ", " ROW("ma_used", 16, 8, "Py_ssize_t") ", " ROW("ma_version_tag", 24, 8, "uint64_t") ", " \
    ROW("ma_keys", 32, 8, "PyDictKeysObject *")
#define FIELDS_314 ROW("ob_refcnt", 0, 4, "uint32_t") ", " ROW("ob_overflow", 4, 2, "uint16_t") ", " \
    ROW("ob_flags", 6, 2, "uint16_t") ", " ROW("ob_type", 8, 8, "PyTypeObject *") ", " \
    ROW("ma_used", 16, 8, "Py_ssize_t") ", " ROW("_ma_watcher_tag", 24, 8, "uint64_t") ", " \
    ROW("ma_keys", 32, 8, "PyDictKeysObject *")
#define VALUES "{\"name\": \"values\", \"size\": 48, \"shared\": false, \"fields\": [" \
    ROW("values[0]", 0, 8, "PyObject *") "]}"

static void read_build(AcrossBuild *b, const char *text)
{
    memset(b, 0, sizeof *b);
    b->path = xstrdup("fake");
    b->shown = xstrdup("fake");
    b->label = xstrdup("fake");
    ck_assert_msg(across_read_json(b, text, strlen(text)), "%s", b->error ? b->error : "");
}

/* 3.10's dict against 3.14's: the split header, a renamed tag, and a block that came. */
START_TEST(diff_names_rows_that_appeared_disappeared_and_changed)
{
    AcrossResult *r = xcalloc(1, sizeof *r);
    r->expr = xstrdup("{}");
    r->builds = xcalloc(2, sizeof *r->builds);
    r->nbuilds = 2;
    char *a = doc("3.10.13", 64, FIELDS_310, ""), *b = doc("3.14.10", 64, FIELDS_314, VALUES);
    read_build(&r->builds[0], a);
    read_build(&r->builds[1], b);
    across_diff(r, 0, 1);
    static const struct {
        AcrossChangeKind kind;
        const char *section, *name;
        long long before_size, after_size;
    } want[] = {
        {ACROSS_APPEARED, "values", NULL, 0, 48},
        {ACROSS_CHANGED, "object", "ob_refcnt", 8, 4},
        {ACROSS_APPEARED, "object", "ob_overflow", 0, 2},
        {ACROSS_APPEARED, "object", "ob_flags", 0, 2},
        {ACROSS_APPEARED, "object", "_ma_watcher_tag", 0, 8},
        {ACROSS_DISAPPEARED, "object", "ma_version_tag", 8, 0},
    };
    ck_assert_uint_eq(r->nchanges, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r->nchanges; i++) {
        const AcrossChange *c = &r->changes[i];
        ck_assert_int_eq(c->kind, want[i].kind);
        ck_assert_str_eq(c->section, want[i].section);
        if (want[i].name)
            ck_assert_str_eq(c->name, want[i].name);
        else
            ck_assert_ptr_null(c->name);
        ck_assert_int_eq(c->before.size, want[i].before_size);
        ck_assert_int_eq(c->after.size, want[i].after_size);
    }
    ck_assert_str_eq(r->changes[1].before.ctype, "Py_ssize_t");
    ck_assert_str_eq(r->changes[1].after.ctype, "uint32_t");
    /* the same layout twice: nothing changed */
    size_t before = r->nchanges;
    across_diff(r, 1, 1);
    ck_assert_uint_eq(r->nchanges, before);
    free(a);
    free(b);
    across_free(r);
}
END_TEST

/* Builds are put in version order (3.9 before 3.10), failures last; the same CPython twice is
 * left out with a note; changes follow each answering build. */
START_TEST(compare_orders_versions_and_leaves_out_repeats)
{
    AcrossResult *r = xcalloc(1, sizeof *r);
    r->expr = xstrdup("{}");
    r->builds = xcalloc(4, sizeof *r->builds);
    r->nbuilds = 4;
    char *d14 = doc("3.14.10", 64, FIELDS_314, ""), *d9 = doc("3.9.18", 56, FIELDS_310, ""),
         *d9b = doc("3.9.18", 56, FIELDS_310, "");
    read_build(&r->builds[0], d14);
    r->builds[1] = (AcrossBuild){.path = xstrdup("broken"), .label = xstrdup("broken"),
                                 .error = xstrdup("NameError")};
    read_build(&r->builds[2], d9);
    read_build(&r->builds[3], d9b);
    free(r->builds[3].shown);
    r->builds[3].shown = xstrdup("again");
    across_compare(r);
    ck_assert_uint_eq(r->nbuilds, 3);
    ck_assert_str_eq(r->builds[0].version, "3.9.18");
    ck_assert_str_eq(r->builds[1].version, "3.14.10");
    ck_assert_str_eq(r->builds[2].label, "broken");
    ck_assert_uint_eq(r->nnotes, 1);
    ck_assert_msg(strstr(r->notes[0], "again is CPython 3.9.18 too"), "%s", r->notes[0]);
    ck_assert_uint_eq(across_answered(r), 2);
    ck_assert_uint_eq(r->nchanges, 5); /* ob_refcnt, ob_overflow, ob_flags, the tag (2 rows) */
    free(d14);
    free(d9);
    free(d9b);
    across_free(r);
}
END_TEST

START_TEST(reading_a_child_skips_setup_output_and_names_missing_fields)
{
    AcrossBuild b;
    char *d = doc("3.12.1", 64, FIELDS_310, VALUES);
    char *printed = xasprintf("hello from --setup\n{not json\n%s", d);
    read_build(&b, printed);
    ck_assert_str_eq(b.version, "3.12.1");
    ck_assert_int_eq(b.getsizeof, 64);
    ck_assert(b.has_deep);
    ck_assert_uint_eq(b.nrows, 2 + 5 + 1);
    ck_assert_str_eq(b.rows[7].section, "values");
    AcrossResult one = {.builds = &b, .nbuilds = 1};
    (void)one;
    free(b.error);
    b.error = NULL;
    free(printed);
    free(d);
    /* a document without getsizeof, and one with a string for a number */
    static const char *const cuts[][2] = {
        {"\"getsizeof\": 64, ", "whole number getsizeof"},
        {"\"kind\": \"dict\",", "string kind"},
    };
    for (size_t i = 0; i < 2; i++) {
        char *full = doc("3.12.1", 64, FIELDS_310, ""), *hole = strstr(full, cuts[i][0]);
        memmove(hole, hole + strlen(cuts[i][0]), strlen(hole + strlen(cuts[i][0])) + 1);
        AcrossBuild c = {0};
        ck_assert(!across_read_json(&c, full, strlen(full)));
        ck_assert_msg(strstr(c.error, cuts[i][1]), "%s", c.error);
        AcrossResult *r = xcalloc(1, sizeof *r);
        r->builds = xcalloc(1, sizeof *r->builds);
        r->builds[0] = c;
        r->nbuilds = 1;
        across_free(r);
        free(full);
    }
    AcrossBuild c = {0};
    ck_assert(!across_read_json(&c, "Traceback", 9));
    ck_assert_str_eq(c.error, "it printed no objscope --json document");
    free(c.error);
    AcrossResult *r = xcalloc(1, sizeof *r);
    r->builds = xcalloc(1, sizeof *r->builds);
    r->builds[0] = b;
    r->nbuilds = 1;
    across_free(r);
}
END_TEST

static void write_script(const char *dir, const char *name, const char *body, mode_t mode)
{
    char *path = xasprintf("%s/%s", dir, name);
    char *text = xasprintf("#!/bin/sh\n%s", body);
    tl_write_bytes(path, text, strlen(text));
    ck_assert_int_eq(chmod(path, mode), 0);
    free(text);
    free(path);
}

static void make_dir(const char *a, const char *b)
{
    char *p = xasprintf("%s/%s", a, b);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    free(p);
}

static const char *tail_of(const char *path, const char *dir)
{
    return path + strlen(dir) + 1;
}

START_TEST(builds_are_found_beside_the_running_one)
{
    char *dir = tl_tmpdir();
    make_dir(dir, "bin");
    make_dir(dir, "build");
    static const char *const dirs[] = {"build/python3.12", "build/san", "build/python3.12-san",
                                       "build/fuzz", "build/opt_py_bin_python3"};
    for (size_t i = 0; i < 5; i++)
        make_dir(dir, dirs[i]);
    static const char *const exes[] = {"bin/objscope", "bin/objscope-3.12", "bin/objscope-3.10",
                                       "bin/objscope-3.x", "bin/objscope-3.12.bak", "build/objscope",
                                       "build/python3.12/objscope", "build/san/objscope",
                                       "build/python3.12-san/objscope", "build/opt_py_bin_python3/objscope"};
    for (size_t i = 0; i < 10; i++)
        write_script(dir, exes[i], "exit 0\n", 0755);
    write_script(dir, "bin/objscope-3.13", "exit 0\n", 0644); /* not executable */
    size_t n;
    char *self = xasprintf("%s/bin/objscope-3.12", dir);
    char **found = across_find_builds(self, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(tail_of(found[0], dir), "bin/objscope-3.12");
    ck_assert_str_eq(tail_of(found[1], dir), "bin/objscope");
    ck_assert_str_eq(tail_of(found[2], dir), "bin/objscope-3.10");
    across_free_paths(found, n);
    free(self);
    self = xasprintf("%s/build/python3.12/objscope", dir);
    found = across_find_builds(self, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(tail_of(found[0], dir), "build/python3.12/objscope");
    ck_assert_str_eq(tail_of(found[1], dir), "build/objscope");
    ck_assert_str_eq(tail_of(found[2], dir), "build/opt_py_bin_python3/objscope");
    across_free_paths(found, n);
    free(self);
    /* a hard link to a build found already counts once */
    char *a = xasprintf("%s/build/objscope", dir), *b = xasprintf("%s/build/python3.11", dir);
    mkdir(b, 0755);
    char *link_to = xasprintf("%s/objscope", b);
    ck_assert_int_eq(link(a, link_to), 0);
    found = across_find_builds(a, &n);
    ck_assert_uint_eq(n, 3);
    across_free_paths(found, n);
    free(a);
    free(b);
    free(link_to);
    tl_remove_tree(dir);
}
END_TEST

/* A fake build: records its arguments, then prints what --setup printed and its document. */
static void fake_build(const char *dir, const char *name, const char *version, const char *fields)
{
    char *d = doc(version, 64, fields, "");
    char *body = xasprintf("printf '%%s\\n' \"$@\" > \"$0.args\"\necho 'from setup'\ncat <<'EOF'\n%sEOF\n", d);
    write_script(dir, name, body, 0755);
    free(body);
    free(d);
}

static AcrossResult *run_all(char **paths, size_t n, int limit_ms)
{
    const char *setup[] = {"x = 1"};
    AcrossJob *job = across_start(paths, n, "-x", setup, 1, false, limit_ms);
    while (across_step(job, 50)) {
    }
    return across_finish(job);
}

/* Whether the process is still running: gone, or a zombie nobody has reaped yet (its parent
 * was killed too, and whoever inherits it may reap late), is not running. */
static bool process_alive(const char *pidfile)
{
    char *text = tl_read_all(pidfile);
    char *stat_path = xasprintf("/proc/%ld/stat", atol(text));
    free(text);
    bool alive = true;
    for (int i = 0; i < 100 && alive; i++) { /* the kill is sent; it may take a moment */
        FILE *f = fopen(stat_path, "r");
        char state = 'Z';
        if (f && fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
            state = 'Z';
        if (f)
            fclose(f);
        alive = state != 'Z' && state != 'X';
        if (alive)
            usleep(10000);
    }
    free(stat_path);
    return alive;
}

START_TEST(fake_builds_run_fail_and_time_out_without_hanging)
{
    char *dir = tl_tmpdir();
    fake_build(dir, "objscope", "3.14.10", FIELDS_314);
    fake_build(dir, "objscope-3.10", "3.10.13", FIELDS_310);
    write_script(dir, "objscope-3.11", "echo 'Traceback (most recent call last):' >&2\n"
                                       "echo \"NameError: name 'x' is not defined\" >&2\nexit 1\n", 0755);
    char *pidfile = xasprintf("%s/sleeper.pid", dir);
    char *sleeper = xasprintf("sleep 30 &\necho $! > '%s'\nwait\n", pidfile);
    write_script(dir, "objscope-3.12", sleeper, 0755);
    write_script(dir, "objscope-3.13", "head -c 20000000 /dev/zero\n", 0755);
    write_script(dir, "objscope-3.9", "exec >&- 2>&-\nexec sleep 30\n", 0755); /* closes, lives */
    char *self = xasprintf("%s/objscope", dir);
    size_t n;
    char **paths = across_find_builds(self, &n);
    ck_assert_uint_eq(n, 6);
    AcrossResult *r = run_all(paths, n, 1000);
    across_free_paths(paths, n);
    ck_assert_uint_eq(r->nbuilds, 6);
    ck_assert_str_eq(r->builds[0].version, "3.10.13");
    ck_assert_str_eq(r->builds[1].version, "3.14.10");
    ck_assert_str_eq(r->builds[2].label, "objscope-3.11");
    ck_assert_str_eq(r->builds[2].error, "NameError: name 'x' is not defined");
    ck_assert_str_eq(r->builds[3].label, "objscope-3.12");
    ck_assert_str_eq(r->builds[3].error, "stopped after 1 s: it took too long");
    ck_assert_msg(!process_alive(pidfile), "the time-out left the build's own child running");
    ck_assert_str_eq(r->builds[4].error, "it wrote more than 16 MiB of JSON");
    ck_assert_str_eq(r->builds[5].label, "objscope-3.9");
    ck_assert_str_eq(r->builds[5].error, "stopped after 1 s: it took too long");
    ck_assert_uint_eq(r->nchanges, 5); /* 3.10 -> 3.14: ob_refcnt ~, 3 rows +, 1 row - */
    char *args_path = xasprintf("%s/objscope.args", dir), *args = tl_read_all(args_path);
    ck_assert_str_eq(args, "--setup=x = 1\n--json=-x\n");
    StrBuf text;
    strbuf_init(&text);
    Out out = out_to_strbuf(&text);
    render_across_text(r, false, &out);
    ck_assert_msg(strstr(text.data, "  3.10.13                 64           64              64       1  dict\n"),
                  "%s", text.data);
    ck_assert_msg(strstr(text.data, "  3.10.13 → 3.14.10\n"), "%s", text.data);
    ck_assert_msg(strstr(text.data, "~ object   ob_refcnt        Py_ssize_t → uint32_t, 8 → 4 bytes\n"),
                  "%s", text.data);
    ck_assert_msg(strstr(text.data, "failed: NameError: name 'x' is not defined"), "%s", text.data);
    strbuf_free(&text);
    free(args);
    free(args_path);
    across_free(r);
    free(self);
    free(sleeper);
    free(pidfile);
    tl_remove_tree(dir);
}
END_TEST

/* One build alone says how to add others; Ctrl-C/Esc (across_stop) skips the rest at once. */
START_TEST(one_build_says_how_to_add_others_and_stop_skips_the_rest)
{
    char *dir = tl_tmpdir();
    fake_build(dir, "objscope", "3.11.2", FIELDS_310);
    write_script(dir, "objscope-3.12", "exec sleep 30\n", 0755);
    char *paths[] = {xasprintf("%s/objscope", dir)};
    AcrossResult *r = run_all(paths, 1, 5000);
    StrBuf text;
    strbuf_init(&text);
    Out out = out_to_strbuf(&text);
    render_across_text(r, false, &out);
    ck_assert_msg(strstr(text.data, "Only one objscope build was found"), "%s", text.data);
    ck_assert_msg(strstr(text.data, "make install PYTHON=python3.12"), "%s", text.data);
    strbuf_free(&text);
    across_free(r);
    char *both[] = {xasprintf("%s/objscope-3.12", dir), paths[0]};
    AcrossJob *job = across_start(both, 2, "{}", NULL, 0, false, 20000);
    for (int i = 0; i < 3; i++)
        across_step(job, 20); /* started, and running */
    size_t done, total;
    ck_assert_str_eq(across_running(job, &done, &total), "objscope-3.12");
    across_stop(job);
    r = across_finish(job);
    ck_assert_str_eq(r->builds[0].error, "stopped before it finished");
    ck_assert_str_eq(r->builds[1].error, "not run: stopped before its turn");
    across_free(r);
    free(both[0]);
    free(paths[0]);
    tl_remove_tree(dir);
}
END_TEST

/* :across replays the session: an input that raised (1/0, sys.exit) goes on to the next, as it
 * did at the prompt, and quotes, backslashes and newlines in the source arrive unchanged. */
START_TEST(session_inputs_run_on_after_an_error_and_keep_their_text)
{
    static const char *const inputs[] = {"x = 'q\"\\\\\\'\\n' + \"\"\"a\nb\"\"\"", "1/0",
                                         "raise SystemExit(3)", "import sys; sys.exit('bye')",
                                         "def f():\n    return x * 2", "y = f()"};
    StrBuf setup;
    strbuf_init(&setup);
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *code = across_session_input(inputs[i]);
        strbuf_puts(&setup, code);
        free(code);
    }
    PyObject *v = tl_eval("y == (\"q\\\"\\\\'\\na\\nb\") * 2", setup.data);
    ck_assert_msg(v == Py_True, "the replayed inputs did not rebuild y:\n%s", setup.data);
    Py_DECREF(v);
    strbuf_free(&setup);
}
END_TEST

Suite *across_suite(void)
{
    Suite *s = suite_create("across");
    TCase *tc = tcase_create("across");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, json_reader_reads_what_objscope_writes);
    tcase_add_test(tc, json_reader_refuses_what_is_not_strict_json);
    tcase_add_test(tc, diff_names_rows_that_appeared_disappeared_and_changed);
    tcase_add_test(tc, compare_orders_versions_and_leaves_out_repeats);
    tcase_add_test(tc, reading_a_child_skips_setup_output_and_names_missing_fields);
    tcase_add_test(tc, builds_are_found_beside_the_running_one);
    tcase_add_test(tc, fake_builds_run_fail_and_time_out_without_hanging);
    tcase_add_test(tc, one_build_says_how_to_add_others_and_stop_skips_the_rest);
    tcase_add_test(tc, session_inputs_run_on_after_an_error_and_keep_their_text);
    suite_add_tcase(s, tc);
    return s;
}
