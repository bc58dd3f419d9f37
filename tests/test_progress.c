/* test_progress.c — lesson progress: marking steps, the file's round trip, lenient reading,
 * damaged files kept aside with a warning, and saving atomically (failures leave the old file and
 * no temp file behind). Files live in a fresh folder under $TMPDIR (or /tmp). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson/progress.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- helpers ---- */







static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

#define HEADER "# objscope lesson progress: LESSON-ID current=STEP done=STEP,STEP,...\n"

/* ---- in memory ---- */

START_TEST(marking_steps)
{
    Progress *p = progress_new();
    ck_assert_uint_eq(progress_current(p, "01-a"), 0);
    ck_assert(!progress_done(p, "01-a", 0));
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 0);
    progress_set_current(p, "01-a", 3);
    progress_mark_done(p, "01-a", 2);
    progress_mark_done(p, "01-a", 0);
    progress_mark_done(p, "01-a", 2);
    progress_mark_done(p, "01-a", 1);
    ck_assert_uint_eq(progress_current(p, "01-a"), 3);
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 3);
    ck_assert(progress_done(p, "01-a", 0) && progress_done(p, "01-a", 1) &&
              progress_done(p, "01-a", 2));
    ck_assert(!progress_done(p, "01-a", 3));
    ck_assert_uint_eq(progress_current(p, "02-b"), 0); /* lessons are separate */
    progress_mark_done(p, "02-b", 5);
    ck_assert(!progress_done(p, "01-a", 5));

    /* ids with whitespace or control characters, and absurd steps, are ignored */
    static const char *const bad_ids[] = {"", "a b", "tab\tid", "new\nline", "esc\x1b", "#x",
                                          "nbsp\xc2\xa0x", "bad\xff", NULL};
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        progress_set_current(p, bad_ids[i], 1);
        progress_mark_done(p, bad_ids[i], 1);
        ck_assert_uint_eq(progress_current(p, bad_ids[i]), 0);
        ck_assert_uint_eq(progress_done_count(p, bad_ids[i]), 0);
    }
    progress_mark_done(p, "01-a", 10000);
    progress_set_current(p, "01-a", 10000);
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 3);
    ck_assert_uint_eq(progress_current(p, "01-a"), 3);
    progress_set_current(p, "caf\xc3\xa9", 1); /* UTF-8 is fine */
    ck_assert_uint_eq(progress_current(p, "caf\xc3\xa9"), 1);

    progress_reset(p, "01-a");
    ck_assert_uint_eq(progress_current(p, "01-a"), 0);
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 0);
    ck_assert(progress_done(p, "02-b", 5));
    progress_reset(p, "never-seen");
    progress_reset(p, NULL);
    progress_free(p);
    progress_free(NULL);
}
END_TEST

START_TEST(default_path)
{
    tl_assert_state_file(progress_default_path(), "progress");
}
END_TEST

/* ---- files ---- */

START_TEST(round_trip)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/state/objscope/progress", dir);
    Progress *p = progress_new();
    progress_set_current(p, "02-dicts", 4);
    progress_mark_done(p, "02-dicts", 3);
    progress_mark_done(p, "02-dicts", 0);
    progress_set_current(p, "01-tuples", 1);
    progress_mark_done(p, "10-\xc3\xa9t\xc3\xa9", 0);
    progress_set_current(p, "03-reset", 2);
    progress_reset(p, "03-reset");
    progress_set_current(p, "04-nothing", 0); /* nothing to keep */
    char *err = NULL;
    ck_assert_int_eq(progress_save(p, path, &err), 0);
    ck_assert_ptr_null(err);
    char *text = tl_read_all(path);
    ck_assert_str_eq(text, HEADER "01-tuples current=1 done=\n"
                                  "02-dicts current=4 done=0,3\n"
                                  "10-\xc3\xa9t\xc3\xa9 current=0 done=0\n");
    free(text);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    char *folder = xasprintf("%s/state", dir);
    ck_assert_int_eq(stat(folder, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    free(folder);

    Progress *q = progress_new();
    progress_set_current(q, "stale", 7); /* loading replaces what was there */
    char *warning = (char *)"untouched";
    ck_assert_int_eq(progress_load(q, path, &warning), 0);
    ck_assert_ptr_null(warning);
    ck_assert_uint_eq(progress_current(q, "stale"), 0);
    ck_assert_uint_eq(progress_current(q, "02-dicts"), 4);
    ck_assert_uint_eq(progress_done_count(q, "02-dicts"), 2);
    ck_assert(progress_done(q, "02-dicts", 3) && progress_done(q, "02-dicts", 0));
    ck_assert_uint_eq(progress_current(q, "01-tuples"), 1);
    ck_assert(progress_done(q, "10-\xc3\xa9t\xc3\xa9", 0));
    ck_assert_uint_eq(progress_current(q, "03-reset"), 0);
    /* saving again gives the same bytes; nothing is left beside the file */
    char *again = xasprintf("%s.again", path);
    ck_assert_int_eq(progress_save(q, again, NULL), 0);
    char *a = tl_read_all(path), *b = tl_read_all(again);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    char *objdir = xasprintf("%s/state/objscope", dir);
    ck_assert_uint_eq(tl_count_entries(objdir), 2);
    free(objdir);

    /* a missing file is empty progress */
    char *missing = xasprintf("%s/none", dir);
    ck_assert_int_eq(progress_load(q, missing, &warning), 0);
    ck_assert_ptr_null(warning);
    ck_assert_uint_eq(progress_current(q, "02-dicts"), 0);
    ck_assert_int_eq(progress_load(q, NULL, &warning), 0);
    free(missing);
    free(again);
    progress_free(q);
    progress_free(p);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(reading_is_lenient)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/progress", dir);
    static const char text[] =
        "# a comment\r\n"
        "\n"
        "   \t\n"
        "01-a current=2 done=0,1\r\n"
        "  02-b\tdone=5,3  current=7 future-key=whatever\n"
        "03-c done=\n"
        "04-d current=0007";  /* no final newline */
    tl_write_bytes(path, text, sizeof text - 1);
    Progress *p = progress_new();
    char *warning = NULL;
    ck_assert_int_eq(progress_load(p, path, &warning), 0);
    ck_assert_ptr_null(warning);
    ck_assert_uint_eq(progress_current(p, "01-a"), 2);
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 2);
    ck_assert_uint_eq(progress_current(p, "02-b"), 7);
    ck_assert(progress_done(p, "02-b", 3) && progress_done(p, "02-b", 5));
    ck_assert_uint_eq(progress_done_count(p, "03-c"), 0);
    ck_assert_uint_eq(progress_current(p, "04-d"), 7);
    ck_assert(exists(path));
    ck_assert_uint_eq(tl_count_entries(dir), 1);
    /* an empty file too */
    tl_write_bytes(path, "", 0);
    ck_assert_int_eq(progress_load(p, path, &warning), 0);
    ck_assert_ptr_null(warning);
    ck_assert_uint_eq(progress_current(p, "01-a"), 0);
    progress_free(p);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

typedef struct {
    const char *text;
    size_t len; /* 0: strlen */
    const char *why;
} Damage;

static const Damage damages[] = {
    {"garbage here\n", 0, "line 1: not KEY=VALUE"},
    {"01-a current=1\nhello\n", 0, "line 2: no progress on the line"},
    {"01-a current=abc\n", 0, "line 1: bad current step"},
    {"01-a current=\n", 0, "line 1: bad current step"},
    {"01-a current=-1\n", 0, "line 1: bad current step"},
    {"01-a current=10000\n", 0, "line 1: bad current step"},
    {"01-a current=1 current=2\n", 0, "line 1: bad current step"},
    {"01-a done=1,,2\n", 0, "line 1: bad done steps"},
    {"01-a done=1,\n", 0, "line 1: bad done steps"},
    {"01-a done=,1\n", 0, "line 1: bad done steps"},
    {"01-a done=1 done=2\n", 0, "line 1: done given twice"},
    {"01-a Current=1\n", 0, "line 1: not KEY=VALUE"},
    {"01-a =1\n", 0, "line 1: not KEY=VALUE"},
    {"01-a current=1\n\n01-a done=2\n", 0, "line 3: the same lesson twice"},
    {"01-a current=1 \x01\n", 0, "line 1: control character"},
    {"01-\xff current=1\n", 0, "line 1: not UTF-8"},
    {"01-a current=1\n\0\n", 17, "line 2: NUL byte"},
};

START_TEST(damaged_files_are_kept_aside)
{
    const Damage *d = &damages[_i];
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/progress", dir);
    size_t n = d->len ? d->len : strlen(d->text);
    tl_write_bytes(path, d->text, n);
    Progress *p = progress_new();
    progress_set_current(p, "old", 1);
    char *warning = NULL;
    ck_assert_int_eq(progress_load(p, path, &warning), 0);
    char *aside = xasprintf("%s.corrupt-1", path);
    char *want = xasprintf("progress file %s is damaged (%s); it was kept as %s and lesson "
                           "progress starts afresh", path, d->why, aside);
    ck_assert_pstr_eq(warning, want);
    ck_assert(!exists(path));
    ck_assert(exists(aside));
    ck_assert_uint_eq(progress_current(p, "old"), 0);
    ck_assert_uint_eq(progress_current(p, "01-a"), 0);
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 0);
    free(warning);
    free(want);
    free(aside);
    progress_free(p);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(corrupt_copies_are_numbered)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/progress", dir);
    char *first = xasprintf("%s.corrupt-1", path), *second = xasprintf("%s.corrupt-2", path),
         *third = xasprintf("%s.corrupt-3", path);
    tl_write_bytes(second, "taken\n", 6);
    Progress *p = progress_new();
    char *warning = NULL;
    for (int round = 0; round < 2; round++) {
        tl_write_bytes(path, "not progress\n", 13);
        ck_assert_int_eq(progress_load(p, path, &warning), 0);
        ck_assert_ptr_nonnull(strstr(warning, round == 0 ? first : third));
        free(warning);
    }
    char *text = tl_read_all(second);
    ck_assert_str_eq(text, "taken\n"); /* never overwritten */
    free(text);
    text = tl_read_all(first);
    ck_assert_str_eq(text, "not progress\n");
    free(text);
    ck_assert(!exists(path));

    /* a fresh start saves over nothing */
    progress_mark_done(p, "01-a", 0);
    ck_assert_int_eq(progress_save(p, path, NULL), 0);
    ck_assert_int_eq(progress_load(p, path, &warning), 0);
    ck_assert_ptr_null(warning);
    ck_assert(progress_done(p, "01-a", 0));

    /* too big to be progress */
    StrBuf big;
    strbuf_init(&big);
    while (big.len <= 1024 * 1024)
        strbuf_puts(&big, "# a long comment line, repeated until the file is too big\n");
    tl_write_bytes(path, big.data, big.len);
    strbuf_free(&big);
    ck_assert_int_eq(progress_load(p, path, &warning), 0);
    ck_assert_ptr_nonnull(strstr(warning, "(line 1: larger than 1 MB)"));
    char *fourth = xasprintf("%s.corrupt-4", path);
    ck_assert_ptr_nonnull(strstr(warning, fourth));
    ck_assert(exists(fourth));
    free(warning);
    free(fourth);
    progress_free(p);
    free(first);
    free(second);
    free(third);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(unreadable_files)
{
    char *dir = tl_tmpdir();
    Progress *p = progress_new();
    progress_mark_done(p, "01-a", 0);
    char *warning = NULL;
    ck_assert_int_eq(progress_load(p, dir, &warning), -1);
    char *want = xasprintf("cannot read progress file %s: %s", dir, strerror(EISDIR));
    ck_assert_str_eq(warning, want);
    free(want);
    free(warning);
    ck_assert_uint_eq(progress_done_count(p, "01-a"), 0);
    char *fifo = xasprintf("%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_eq(progress_load(p, fifo, &warning), -1);
    ck_assert_ptr_nonnull(strstr(warning, "not a regular file"));
    free(warning);
    ck_assert_int_eq(progress_load(p, fifo, NULL), -1);
    free(fifo);
    progress_free(p);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(save_failures_leave_the_old_file)
{
    /* progress saves through files_write_atomic (test_files.c covers every failure); here: a
     * failure is reported as progress's and leaves the old file, and a big save round-trips */
    char *dir = tl_tmpdir();
    Progress *p = progress_new();
    progress_set_current(p, "01-a", 2);
    char *err = NULL;
    char *target = xasprintf("%s/progress", dir);
    ck_assert_int_eq(mkdir(target, 0700), 0);
    ck_assert_int_eq(progress_save(p, target, &err), -1);
    char *want = xasprintf("cannot save progress to %s: %s", target, strerror(EISDIR));
    ck_assert_str_eq(err, want);
    free(want);
    free(err);
    char *path = xasprintf("%s/kept", dir);
    for (size_t i = 0; i < 200; i++) {
        char id[32];
        snprintf(id, sizeof id, "lesson-%03zu", i);
        progress_mark_done(p, id, i);
    }
    ck_assert_int_eq(progress_save(p, path, &err), 0);
    Progress *q = progress_new();
    ck_assert_int_eq(progress_load(q, path, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert(progress_done(q, "lesson-199", 199));
    ck_assert_uint_eq(progress_current(q, "01-a"), 2);
    progress_free(q);
    ck_assert_int_eq(progress_save(p, NULL, &err), -1);
    ck_assert_str_eq(err, "cannot save progress: no file name");
    free(err);
    free(target);
    free(path);
    progress_free(p);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(relative_path)
{
    char *dir = tl_tmpdir();
    char cwd[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(dir), 0);
    Progress *p = progress_new();
    progress_mark_done(p, "x", 1);
    ck_assert_int_eq(progress_save(p, "progress", NULL), 0);
    ck_assert_int_eq(progress_save(p, "a/b/progress", NULL), 0);
    Progress *q = progress_new();
    ck_assert_int_eq(progress_load(q, "a/b/progress", NULL), 0);
    ck_assert(progress_done(q, "x", 1));
    progress_free(q);
    progress_free(p);
    ck_assert_int_eq(chdir(cwd), 0);
    tl_remove_tree(dir);
}
END_TEST

Suite *progress_suite(void)
{
    Suite *s = suite_create("progress");
    TCase *tc = tcase_create("memory");
    tcase_add_test(tc, marking_steps);
    tcase_add_test(tc, default_path);
    suite_add_tcase(s, tc);

    tc = tcase_create("file");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, reading_is_lenient);
    tcase_add_loop_test(tc, damaged_files_are_kept_aside, 0,
                        (int)(sizeof damages / sizeof damages[0]));
    tcase_add_test(tc, corrupt_copies_are_numbered);
    tcase_add_test(tc, unreadable_files);
    tcase_add_test(tc, save_failures_leave_the_old_file);
    tcase_add_test(tc, relative_path);
    suite_add_tcase(s, tc);
    return s;
}
