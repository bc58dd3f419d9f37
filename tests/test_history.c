/* test_history.c — input history: bounds, Up/Down and Ctrl-R semantics, the file format's round
 * trip, recovery from damaged and huge files, and saving atomically (failures leave the old file
 * and no temp file behind). Files live in a fresh folder under $TMPDIR (or /tmp). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/suites.h"
#include "tests/testlib.h"
#include "ui/history.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- helpers ---- */







static void expect_entries(const History *h, const char *const *want, size_t n)
{
    ck_assert_uint_eq(history_count(h), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(history_get(h, i), want[i]);
    ck_assert_ptr_null(history_get(h, n));
}

#define EXPECT_ENTRIES(h, ...)                                                                   \
    do {                                                                                         \
        const char *const want_[] = {__VA_ARGS__};                                               \
        expect_entries(h, want_, sizeof want_ / sizeof want_[0]);                                \
    } while (0)

/* ---- in memory ---- */

START_TEST(add_is_bounded_and_skips)
{
    History *h = history_new(3);
    ck_assert_uint_eq(history_count(h), 0);
    ck_assert_ptr_null(history_get(h, 0));
    history_add(h, "a");
    history_add(h, "b");
    history_add(h, "b");     /* the same as the newest */
    history_add(h, "");      /* empty */
    history_add(h, "  \n\t"); /* blank */
    history_add(h, NULL);
    EXPECT_ENTRIES(h, "a", "b");
    history_add(h, "c");
    history_add(h, "d"); /* the oldest goes */
    EXPECT_ENTRIES(h, "b", "c", "d");
    history_add(h, "b"); /* not consecutive: kept */
    EXPECT_ENTRIES(h, "c", "d", "b");
    for (int i = 0; i < 100; i++) {
        char s[16];
        snprintf(s, sizeof s, "n%d", i);
        history_add(h, s);
    }
    EXPECT_ENTRIES(h, "n97", "n98", "n99");
    history_add(h, "if x:\n    y\n");
    ck_assert_str_eq(history_get(h, 2), "if x:\n    y\n");
    history_free(h);
    history_free(NULL);

    h = history_new(0); /* keeps nothing */
    history_add(h, "a");
    ck_assert_uint_eq(history_count(h), 0);
    ck_assert_ptr_null(history_prev(h, "x"));
    ck_assert_ptr_null(history_next(h));
    history_free(h);
}
END_TEST

START_TEST(prev_next_keep_the_draft)
{
    History *h = history_new(10);
    ck_assert_ptr_null(history_prev(h, "typed"));
    ck_assert_ptr_null(history_next(h));
    history_add(h, "a");
    history_add(h, "b");
    history_add(h, "c");
    ck_assert_ptr_null(history_next(h)); /* not navigating: nothing below */
    ck_assert_str_eq(history_prev(h, "draft"), "c");
    ck_assert_str_eq(history_prev(h, "ignored: edits of a recalled entry"), "b");
    ck_assert_str_eq(history_prev(h, "b"), "a");
    ck_assert_ptr_null(history_prev(h, "a")); /* the oldest: stays */
    ck_assert_str_eq(history_next(h), "b");
    ck_assert_str_eq(history_next(h), "c");
    ck_assert_str_eq(history_next(h), "draft"); /* past the newest: the unsubmitted text */
    ck_assert_ptr_null(history_next(h));
    ck_assert_ptr_null(history_next(h));
    ck_assert_str_eq(history_prev(h, "draft 2"), "c");
    ck_assert_str_eq(history_next(h), "draft 2");

    ck_assert_str_eq(history_prev(h, "x"), "c");
    ck_assert_str_eq(history_prev(h, "x"), "b");
    history_add(h, "d"); /* adding resets navigation */
    ck_assert_str_eq(history_prev(h, "y"), "d");
    ck_assert_str_eq(history_prev(h, "y"), "c");
    history_reset_navigation(h);
    ck_assert_ptr_null(history_next(h));
    ck_assert_str_eq(history_prev(h, NULL), "d");
    ck_assert_str_eq(history_next(h), "");
    history_free(h);
}
END_TEST

START_TEST(search_back)
{
    History *h = history_new(10);
    ck_assert_int_eq(history_search_back(h, "x", 0), -1);
    history_add(h, "print(1)");
    history_add(h, "x = 2");
    history_add(h, "print(x)\n  y");
    history_add(h, "z");
    ck_assert_int_eq(history_search_back(h, "print", history_count(h)), 2);
    ck_assert_int_eq(history_search_back(h, "print", 2), 0); /* Ctrl-R again: older */
    ck_assert_int_eq(history_search_back(h, "print", 0), -1);
    ck_assert_int_eq(history_search_back(h, "nothing", 4), -1);
    ck_assert_int_eq(history_search_back(h, "", 4), 3);
    ck_assert_int_eq(history_search_back(h, "z", 100), 3); /* clamped */
    ck_assert_int_eq(history_search_back(h, "x)\n  y", 4), 2);
    ck_assert_int_eq(history_search_back(h, "X", 4), -1); /* case matters */
    history_free(h);
}
END_TEST

START_TEST(default_path)
{
    tl_assert_state_file(history_default_path(), "history");
}
END_TEST

/* ---- files ---- */

START_TEST(round_trip)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/a/b/history", dir);
    static const char *const entries[] = {
        "def f():\n    return '\\n'\n",
        "a\\b",
        "back\\\\slash \\n not a newline",
        "tab\there",
        "cr\rx",
        "controls \x01\x1b[31m\x7f",
        "utf8 \xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80",
        "invalid \xff\xfe\xc3 bytes",
        "trailing backslash\\",
        "# a comment as an entry",
        "\\x41 \\q",
        "\n\nx\n",
    };
    size_t n = sizeof entries / sizeof entries[0];
    History *h = history_new(100);
    for (size_t i = 0; i < n; i++)
        history_add(h, entries[i]);
    char *err = (char *)1;
    ck_assert_int_eq(history_save(h, path, &err), 0);
    ck_assert_ptr_null(err);

    /* the folders are created private, the file too */
    struct stat st;
    char *sub = xasprintf("%s/a", dir);
    ck_assert_int_eq(stat(sub, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    free(sub);

    History *g = history_new(100);
    ck_assert_int_eq(history_load(g, path, &err), 0);
    ck_assert_ptr_null(err);
    expect_entries(g, entries, n);
    history_free(g);

    /* the exact format: one line per entry, printable UTF-8 */
    char *text = tl_read_all(path);
    ck_assert_str_eq(text,
                     "def f():\\n    return '\\\\n'\\n\n"
                     "a\\\\b\n"
                     "back\\\\\\\\slash \\\\n not a newline\n"
                     "tab\\there\n"
                     "cr\\rx\n"
                     "controls \\x01\\x1b[31m\\x7f\n"
                     "utf8 \xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80\n"
                     "invalid \\xff\\xfe\\xc3 bytes\n"
                     "trailing backslash\\\\\n"
                     "# a comment as an entry\n"
                     "\\\\x41 \\\\q\n"
                     "\\n\\nx\\n\n");
    free(text);

    /* saving again replaces the file; nothing else is left in the folder */
    history_add(h, "one more");
    ck_assert_int_eq(history_save(h, path, &err), 0);
    char *folder = xasprintf("%s/a/b", dir);
    ck_assert_uint_eq(tl_count_entries(folder), 1);
    free(folder);
    g = history_new(3);
    ck_assert_int_eq(history_load(g, path, &err), 0);
    EXPECT_ENTRIES(g, "\\x41 \\q", "\n\nx\n", "one more"); /* the newest three */
    history_free(g);

    /* an empty history makes an empty file, which loads as nothing */
    History *empty = history_new(5);
    ck_assert_int_eq(history_save(empty, path, &err), 0);
    ck_assert_int_eq(history_load(empty, path, &err), 0);
    ck_assert_uint_eq(history_count(empty), 0);
    history_free(empty);

    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(load_errors)
{
    char *dir = tl_tmpdir();
    History *h = history_new(10);
    history_add(h, "kept");
    char *err = (char *)1;

    char *missing = xasprintf("%s/no/such/history", dir);
    ck_assert_int_eq(history_load(h, missing, &err), 0); /* a missing file is fine */
    ck_assert_ptr_null(err);
    free(missing);

    char *file = xasprintf("%s/file", dir);
    tl_write_bytes(file, "x\n", 2);
    char *under = xasprintf("%s/history", file);
    ck_assert_int_eq(history_load(h, under, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, under));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOTDIR)));
    free(err);
    free(under);

    ck_assert_int_eq(history_load(h, dir, &err), -1); /* a folder */
    ck_assert_ptr_nonnull(strstr(err, dir));
    ck_assert_ptr_nonnull(strstr(err, strerror(EISDIR)));
    free(err);

    char *fifo = xasprintf("%s/fifo", dir); /* must not hang waiting for a writer */
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_eq(history_load(h, fifo, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
    free(err);
    free(fifo);

    if (geteuid() == 0)
        tl_note_skip(__func__, "running as root, an unreadable file cannot be tested");
    if (geteuid() != 0) { /* root reads anything */
        chmod(file, 0);
        ck_assert_int_eq(history_load(h, file, &err), -1);
        ck_assert_ptr_nonnull(strstr(err, strerror(EACCES)));
        free(err);
    }
    ck_assert_int_eq(history_load(h, file, NULL), geteuid() != 0 ? -1 : 0); /* err optional */
    free(file);

    if (geteuid() == 0)
        EXPECT_ENTRIES(h, "kept", "x");
    else
        EXPECT_ENTRIES(h, "kept"); /* what was there stays */
    history_free(h);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(load_skips_garbage)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    StrBuf b;
    strbuf_init(&b);
    strbuf_puts(&b, "one\n");
    strbuf_puts(&b, "two\r\n");                 /* CRLF */
    strbuf_puts(&b, "\n");                      /* empty */
    strbuf_puts(&b, "bad \xff utf8\n");         /* invalid UTF-8 */
    strbuf_puts(&b, "surrogate \xed\xa0\x80\n"); /* invalid UTF-8 */
    strbuf_add(&b, "nul \0 inside\n", 13);       /* a NUL */
    strbuf_add(&b, "\0\0\0\n", 4);
    strbuf_puts(&b, "esc \x1b[2J raw\n");       /* a raw control character */
    strbuf_puts(&b, "cr \r inside\n");
    strbuf_puts(&b, "tab\traw\n");              /* a raw tab is fine */
    strbuf_puts(&b, "unknown \\q \\x4 \\x00 \\xZZ \\X41 end\\\n");
    strbuf_puts(&b, "hex \\x41\\x4a\\xc3\\xa9\n");
    strbuf_puts(&b, "dup\ndup\n");
    strbuf_puts(&b, "  \n\\n\\t\n");            /* blank, also once decoded */
    for (int i = 0; i < 70000; i++)             /* longer than a line may be */
        strbuf_putc(&b, 'a');
    strbuf_puts(&b, "\nafter\n");
    strbuf_puts(&b, "last without newline");
    tl_write_bytes(path, b.data, b.len);
    strbuf_free(&b);

    History *h = history_new(100);
    char *err = NULL;
    ck_assert_int_eq(history_load(h, path, &err), 0);
    ck_assert_ptr_null(err);
    EXPECT_ENTRIES(h, "one", "two", "tab\traw", "unknown \\q \\x4 \\x00 \\xZZ \\X41 end\\",
                   "hex AJ\xc3\xa9", "dup", "after", "last without newline");
    history_free(h);

    /* pure binary noise */
    char noise[4096];
    unsigned seed = 7;
    for (size_t i = 0; i < sizeof noise; i++) {
        seed = seed * 1103515245u + 12345u;
        noise[i] = (char)(seed >> 16);
    }
    tl_write_bytes(path, noise, sizeof noise);
    h = history_new(100);
    ck_assert_int_eq(history_load(h, path, &err), 0);
    for (size_t i = 0; i < history_count(h); i++)
        ck_assert_uint_gt(strlen(history_get(h, i)), 0);
    history_free(h);

    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* AddressSanitizer or valgrind: they hold on to freed memory, so peak memory says nothing. */
static bool under_checker(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload");
#endif
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

START_TEST(load_keeps_the_newest)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 100000; i++)
        fprintf(f, "entry %d\\nline two\n", i);
    fclose(f);

    History *h = history_new(100);
    history_add(h, "older, in memory");
    char *err = NULL;
    ck_assert_int_eq(history_load(h, path, &err), 0);
    ck_assert_uint_eq(history_count(h), 100);
    ck_assert_str_eq(history_get(h, 0), "entry 99900\nline two");
    ck_assert_str_eq(history_get(h, 99), "entry 99999\nline two");
    ck_assert_str_eq(history_prev(h, ""), "entry 99999\nline two");
    history_free(h);

    /* 50 MB: one endless line and many short ones; memory stays bounded */
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    char chunk[1 << 16];
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 400; i++) /* 25 MB without a newline */
        ck_assert_uint_eq(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    fputc('\n', f);
    for (int i = 0; i < 400; i++) { /* 25 MB of lines */
        for (size_t k = 0; k + 64 <= sizeof chunk; k += 64) {
            char line[80];
            snprintf(line, sizeof line, "%-63d\n", i * 1024 + (int)(k / 64));
            memcpy(chunk + k, line, 64);
        }
        ck_assert_uint_eq(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    }
    fclose(f);
    long before = max_rss_kb();
    h = history_new(10);
    ck_assert_int_eq(history_load(h, path, &err), 0);
    ck_assert_uint_eq(history_count(h), 10);
    ck_assert_int_eq(atoi(history_get(h, 9)), 399 * 1024 + 1023);
    ck_assert_int_eq(atoi(history_get(h, 0)), 399 * 1024 + 1014);
    if (!under_checker()) /* their freed-memory quarantine would count */
        ck_assert_int_lt(max_rss_kb() - before, 8 * 1024);
    else
        tl_note_skip(__func__, "under the sanitizers the memory bound is not measured");
    history_free(h);

    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(save_failures_leave_the_old_file)
{
    /* history saves through files_write_atomic (test_files.c covers every failure); here: a
     * failure is reported as history's, and a long entry survives a save */
    char *dir = tl_tmpdir();
    History *h = history_new(10);
    history_add(h, "new entry");
    char *err = NULL;
    char *target = xasprintf("%s/history", dir);
    ck_assert_int_eq(mkdir(target, 0700), 0);
    ck_assert_int_eq(history_save(h, target, &err), -1);
    char *want = xasprintf("cannot save history to %s: %s", target, strerror(EISDIR));
    ck_assert_str_eq(err, want);
    free(want);
    free(err);
    char *path = xasprintf("%s/kept", dir);
    StrBuf big;
    strbuf_init(&big);
    for (int i = 0; i < 5000; i++)
        strbuf_puts(&big, "0123456789");
    history_add(h, big.data);
    strbuf_free(&big);
    ck_assert_int_eq(history_save(h, path, &err), 0);
    History *g = history_new(10);
    ck_assert_int_eq(history_load(g, path, &err), 0);
    ck_assert_uint_eq(history_count(g), 2);
    ck_assert_uint_eq(strlen(history_get(g, 1)), 50000);
    history_free(g);
    ck_assert_int_eq(history_save(h, NULL, &err), -1);
    free(err);
    ck_assert_int_eq(history_load(h, NULL, &err), 0);
    free(target);
    free(path);
    history_free(h);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(relative_path)
{
    char *dir = tl_tmpdir();
    char cwd[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(dir), 0);
    History *h = history_new(4);
    history_add(h, "here");
    char *err = NULL;
    ck_assert_int_eq(history_save(h, "history", &err), 0);
    ck_assert_int_eq(history_save(h, "x/y/history", &err), 0);
    History *g = history_new(4);
    ck_assert_int_eq(history_load(g, "x/y/history", &err), 0);
    EXPECT_ENTRIES(g, "here");
    history_free(g);
    history_free(h);
    ck_assert_int_eq(chdir(cwd), 0);
    tl_remove_tree(dir);
}
END_TEST

Suite *history_suite(void)
{
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("memory");
    tcase_add_test(tc, add_is_bounded_and_skips);
    tcase_add_test(tc, prev_next_keep_the_draft);
    tcase_add_test(tc, search_back);
    tcase_add_test(tc, default_path);
    suite_add_tcase(s, tc);

    tc = tcase_create("file");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, load_errors);
    tcase_add_test(tc, load_skips_garbage);
    tcase_add_test(tc, load_keeps_the_newest);
    tcase_add_test(tc, save_failures_leave_the_old_file);
    tcase_add_test(tc, relative_path);
    suite_add_tcase(s, tc);
    return s;
}
