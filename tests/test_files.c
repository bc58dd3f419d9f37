/* test_files.c — objscope's own files (util/files.c): where they live under the XDG folders,
 * opening without hanging or reading a folder, and atomic replacement that leaves the old file
 * intact and no temporary file behind whatever goes wrong. History and progress both save
 * through it, so their suites only check that they use it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/files.h"
#include "util/xalloc.h"

static void set_env(const char *name, const char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

static void expect_path(const char *var, const char *sub, const char *xdg, const char *home,
                        const char *want)
{
    set_env(var, xdg);
    set_env("HOME", home);
    char *p = files_state_path(var, sub, "history");
    if (want)
        ck_assert_str_eq(p, want);
    else
        ck_assert_ptr_null(p);
    free(p);
}

START_TEST(state_paths_follow_xdg)
{
    char *xdg = xstrdup(getenv("XDG_STATE_HOME")), *cfg = xstrdup(getenv("XDG_CONFIG_HOME"));
    char *home = xstrdup(getenv("HOME"));
    const char *v = "XDG_STATE_HOME", *s = ".local/state";
    expect_path(v, s, "/state", "/home/u", "/state/objscope/history");
    expect_path(v, s, "/state/", NULL, "/state/objscope/history");
    expect_path(v, s, "/state//", NULL, "/state/objscope/history");
    expect_path(v, s, "relative", "/home/u", "/home/u/.local/state/objscope/history");
    expect_path(v, s, "", "/home/u/", "/home/u/.local/state/objscope/history");
    expect_path(v, s, NULL, "/home/u", "/home/u/.local/state/objscope/history");
    expect_path(v, s, NULL, NULL, NULL);
    expect_path(v, s, "", "", NULL);
    expect_path(v, s, "rel", "also/rel", NULL);
    expect_path("XDG_CONFIG_HOME", ".config", NULL, "/", "/.config/objscope/history");
    set_env("XDG_STATE_HOME", xdg);
    set_env("XDG_CONFIG_HOME", cfg);
    set_env("HOME", home);
    free(xdg);
    free(cfg);
    free(home);
}
END_TEST

START_TEST(opening_refuses_what_is_not_a_file)
{
    char *dir = tl_tmpdir();
    const char *why;
    char *missing = xasprintf("%s/none", dir), *fifo = xasprintf("%s/fifo", dir);
    ck_assert_int_eq(files_open_regular(missing, &why), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(files_open_regular(dir, &why), -1);
    ck_assert_str_eq(why, strerror(EISDIR));
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_eq(files_open_regular(fifo, &why), -1); /* and it did not block */
    ck_assert_str_eq(why, "not a regular file");
    tl_write_bytes(missing, "x", 1);
    int fd = files_open_regular(missing, &why);
    ck_assert_int_ge(fd, 0);
    close(fd);
    free(missing);
    free(fifo);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(atomic_writes_create_folders_and_replace)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/a/b/file", dir), *err = NULL;
    ck_assert_int_eq(files_write_atomic(path, "one\n", 4, "thing", &err), 0);
    ck_assert_int_eq(files_write_atomic(path, "two\n", 4, "thing", &err), 0);
    ck_assert_ptr_null(err);
    char *text = tl_read_all(path);
    ck_assert_str_eq(text, "two\n");
    free(text);
    char *inner = xasprintf("%s/a/b", dir);
    struct stat st;
    ck_assert_int_eq(stat(inner, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_uint_eq(tl_count_entries(inner), 1); /* no temporary file left */
    free(inner);
    ck_assert_int_eq(files_write_atomic(NULL, "", 0, "thing", &err), -1);
    ck_assert_str_eq(err, "cannot save thing: no file name");
    free(err);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(failed_writes_leave_the_old_file)
{
    char *dir = tl_tmpdir();
    char *err = NULL;
    /* the target is a folder: rename fails, the temp file is removed */
    char *target = xasprintf("%s/progress", dir);
    ck_assert_int_eq(mkdir(target, 0700), 0);
    ck_assert_int_eq(files_write_atomic(target, "x", 1, "progress", &err), -1);
    char *want = xasprintf("cannot save progress to %s: %s", target, strerror(EISDIR));
    ck_assert_str_eq(err, want);
    free(want);
    free(err);
    ck_assert_uint_eq(tl_count_entries(dir), 1);
    ck_assert_uint_eq(tl_count_entries(target), 0);
    /* a path under a regular file: the folder cannot be made; the file is untouched */
    char *file = xasprintf("%s/file", dir), *under = xasprintf("%s/file/sub/x", dir);
    tl_write_bytes(file, "old\n", 4);
    ck_assert_int_eq(files_write_atomic(under, "x", 1, "history", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, file));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOTDIR)));
    free(err);
    char *text = tl_read_all(file);
    ck_assert_str_eq(text, "old\n");
    free(text);
    /* writing fails half way (a file size limit binds root too): the old file is intact */
    char *path = xasprintf("%s/kept", dir);
    tl_write_bytes(path, "old entry\n", 10);
    char *big = xmalloc(50000);
    memset(big, 'x', 50000);
    struct rlimit old, small;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 1000;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = files_write_atomic(path, big, 50000, "history", &err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    ck_assert_int_eq(rc, -1);
    want = xasprintf("cannot save history to %s: %s", path, strerror(EFBIG));
    ck_assert_str_eq(err, want);
    free(want);
    free(err);
    text = tl_read_all(path);
    ck_assert_str_eq(text, "old entry\n");
    free(text);
    ck_assert_uint_eq(tl_count_entries(dir), 3); /* progress/, file, kept: no temp file */
    if (geteuid() == 0)
        tl_note_skip(__func__, "running as root, a read-only folder cannot be tested");
    if (geteuid() != 0) { /* a folder without write permission means nothing to root */
        ck_assert_int_eq(chmod(dir, 0500), 0);
        ck_assert_int_eq(files_write_atomic(path, "y", 1, "history", &err), -1);
        ck_assert_ptr_nonnull(strstr(err, strerror(EACCES)));
        free(err);
        chmod(dir, 0700);
    }
    /* with the limit lifted the same write works */
    ck_assert_int_eq(files_write_atomic(path, big, 50000, "history", NULL), 0);
    text = tl_read_all(path);
    ck_assert_uint_eq(strlen(text), 50000);
    free(text);
    free(big);
    free(target);
    free(file);
    free(under);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* A symbolic link is written through (its file replaced, in that file's folder; the link
 * stays), also when its file does not exist yet; a FIFO, a device, a folder or links that go
 * round are refused and left as they were. */
START_TEST(atomic_writes_follow_links_and_refuse_special_files)
{
    char *dir = tl_tmpdir(), *err = NULL;
    char *sub = xasprintf("%s/sub", dir), *target = xasprintf("%s/sub/target.py", dir);
    char *link = xasprintf("%s/link.py", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    tl_write_bytes(target, "old\n", 4);
    ck_assert_int_eq(symlink("sub/target.py", link), 0);
    ck_assert_int_eq(files_write_atomic(link, "new\n", 4, "the inputs", &err), 0);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    char *text = tl_read_all(target);
    ck_assert_str_eq(text, "new\n");
    free(text);
    ck_assert_uint_eq(tl_count_entries(sub), 1); /* the temp file was made there, and is gone */
    char *dangling = xasprintf("%s/dangling.py", dir), *made = xasprintf("%s/sub/made.py", dir);
    ck_assert_int_eq(symlink("sub/made.py", dangling), 0);
    ck_assert_int_eq(files_write_atomic(dangling, "x\n", 2, "the inputs", &err), 0);
    text = tl_read_all(made);
    ck_assert_str_eq(text, "x\n");
    free(text);
    char *fifo = xasprintf("%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_ptr_null(files_save_target(fifo, "the inputs", &err));
    char *want = xasprintf("cannot save the inputs to %s: it is a FIFO, not a regular file", fifo);
    ck_assert_str_eq(err, want);
    free(want);
    free(err);
    ck_assert_int_eq(files_write_atomic(fifo, "x", 1, "the inputs", &err), -1);
    free(err);
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    ck_assert_int_eq(files_write_atomic("/dev/full", "x", 1, "the inputs", &err), -1);
    ck_assert_str_eq(err, "cannot save the inputs to /dev/full: it is a character device, not a "
                          "regular file");
    free(err);
    char *loop = xasprintf("%s/loop", dir);
    ck_assert_int_eq(symlink("loop", loop), 0);
    ck_assert_int_eq(files_write_atomic(loop, "x", 1, "the inputs", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, strerror(ELOOP)));
    free(err);
    ck_assert_uint_eq(tl_count_entries(dir), 5); /* sub, link.py, dangling.py, fifo, loop */
    free(loop);
    free(fifo);
    free(made);
    free(dangling);
    free(link);
    free(target);
    free(sub);
    tl_remove_tree(dir);
}
END_TEST

Suite *files_suite(void)
{
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");
    tcase_add_test(tc, state_paths_follow_xdg);
    tcase_add_test(tc, opening_refuses_what_is_not_a_file);
    tcase_add_test(tc, atomic_writes_create_folders_and_replace);
    tcase_add_test(tc, failed_writes_leave_the_old_file);
    tcase_add_test(tc, atomic_writes_follow_links_and_refuse_special_files);
    suite_add_tcase(s, tc);
    return s;
}
