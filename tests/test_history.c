/* test_history.c — input history: bounds, Up/Down and Ctrl-R semantics, and the log file: the
 * record format's round trip (multi-line entries, every byte), the exact bytes on disk against
 * an independent CRC-32, torn and damaged records, two writers interleaving, compaction (also
 * with appends racing it, and a lock holder that is stuck), reading and migrating earlier versions'
 * files, removing stale temp files, and failures reported once. Files live in a fresh folder
 * under $TMPDIR (or /tmp). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

/* A history attached to the log at path (which must open cleanly). */
static History *attached(const char *path, size_t max)
{
    History *h = history_new(max);
    char *err = (char *)1;
    ck_assert_int_eq(history_open(h, path, &err), 0);
    ck_assert_ptr_null(err);
    return h;
}

/* What a fresh history reads from path. */
static History *reloaded(const char *path, size_t max)
{
    History *h = history_new(max);
    char *err = NULL;
    ck_assert_int_eq(history_load(h, path, &err), 0);
    ck_assert_ptr_null(err);
    return h;
}

/* CRC-32 computed bit by bit, as the standard defines it: an oracle independent of history.c's
 * table-driven one. */
static uint32_t crc32_bitwise(const char *s, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)s[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

#define HEADER_START "# objscope history v2"

/* Every line of a log but the header must be "CRC SP TEXT" with a matching CRC; returns the
 * number of records. */
static size_t assert_log_well_formed(const char *path)
{
    char *text = tl_read_all(path);
    ck_assert_msg(strncmp(text, HEADER_START, strlen(HEADER_START)) == 0, "no header: %.80s", text);
    size_t records = 0;
    for (char *line = strchr(text, '\n') + 1; *line; records++) {
        char *nl = strchr(line, '\n');
        ck_assert_msg(nl != NULL, "the last record has no newline");
        size_t n = (size_t)(nl - line);
        ck_assert_msg(n > 9 && line[8] == ' ', "not a record: %.*s", (int)n, line);
        char want[9];
        snprintf(want, sizeof want, "%08x", (unsigned)crc32_bitwise(line + 9, n - 9));
        ck_assert_msg(memcmp(line, want, 8) == 0, "CRC %.8s, want %s", line, want);
        line = nl + 1;
    }
    free(text);
    return records;
}

static size_t file_size(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return (size_t)st.st_size;
}

static void append_bytes(const char *path, const char *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Fork a writer that attaches its own history to path and adds `n` entries "NAME i", then
 * exits; returns its pid. */
static pid_t spawn_writer(const char *path, const char *name, int n, size_t limit)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid > 0)
        return pid;
    History *h = history_new(1000);
    char *err = NULL;
    if (history_open(h, path, &err) != 0)
        _exit(3);
    history_set_file_limit(h, limit);
    for (int i = 0; i < n; i++) {
        char entry[64];
        snprintf(entry, sizeof entry, "%s %d", name, i);
        history_add(h, entry);
        char *e = history_take_error(h);
        if (e)
            _exit(4);
    }
    history_free(h);
    _exit(0);
}

static void wait_ok(pid_t pid)
{
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer status %d", status);
}

/* The entries of writer NAME in h: their numbers must run without a gap (a gap is an entry
 * lost); when the writer has finished (n >= 0) they must end with its newest, n - 1, which is
 * always kept. Returns how many there are; *first is the oldest one's number. */
static int writer_suffix(const History *h, const char *name, int n, int *first)
{
    int next = -1, count = 0;
    size_t len = strlen(name);
    for (size_t i = 0; i < history_count(h); i++) {
        const char *e = history_get(h, i);
        if (strncmp(e, name, len) != 0 || e[len] != ' ')
            continue;
        int k = atoi(e + len + 1);
        if (next < 0)
            *first = k;
        else
            ck_assert_msg(k == next, "%s: entry %d after %d (lost or out of order)", name, k,
                          next - 1);
        next = k + 1;
        count++;
    }
    if (n >= 0)
        ck_assert_msg(next == n, "%s: the newest entry is %d, want %d", name, next - 1, n - 1);
    return count;
}

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


/* ---- the log ---- */

START_TEST(log_round_trip)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/a/b/history", dir);
    char every[256]; /* every byte but NUL, which an entry (a C string) cannot hold */
    for (int i = 1; i < 256; i++)
        every[i - 1] = (char)i;
    every[255] = '\0';
    const char *const entries[] = {
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
        "# objscope history v2 as an entry",
        "00000000 looks like a record",
        "\\x41 \\q",
        "\n\nx\n",
        every,
    };
    size_t n = sizeof entries / sizeof entries[0];
    History *h = attached(path, 100);
    for (size_t i = 0; i < n; i++)
        history_add(h, entries[i]);
    ck_assert_ptr_null(history_take_error(h));

    /* the folders are created private, the file too */
    struct stat st;
    char *sub = xasprintf("%s/a", dir);
    ck_assert_int_eq(stat(sub, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    free(sub);

    ck_assert_uint_eq(assert_log_well_formed(path), n);
    History *g = reloaded(path, 100);
    expect_entries(g, entries, n);
    history_free(g);

    /* another history attached to the same log reads them, and appends after them; what it
     * does not keep (blank, the same as the newest) is not written */
    History *h2 = attached(path, 100);
    expect_entries(h2, entries, n);
    history_add(h2, "one more");
    history_add(h2, "one more");
    history_add(h2, " \n ");
    ck_assert_uint_eq(assert_log_well_formed(path), n + 1);
    g = reloaded(path, 3);
    EXPECT_ENTRIES(g, "\n\nx\n", every, "one more"); /* the newest three */
    history_free(g);
    history_free(h2);

    /* no file is left besides the log */
    char *folder = xasprintf("%s/a/b", dir);
    ck_assert_uint_eq(tl_count_entries(folder), 1);
    free(folder);
    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* The record of a plain ASCII entry, made by the test itself. */
static char *record_of(const char *escaped)
{
    return xasprintf("%08x %s\n", (unsigned)crc32_bitwise(escaped, strlen(escaped)), escaped);
}

START_TEST(log_exact_bytes)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    History *h = attached(path, 10);
    history_add(h, "123456789");
    history_add(h, "if x:\n\tprint('\\\\')\n");
    char *text = tl_read_all(path);
    ck_assert_msg(strncmp(text, HEADER_START " ", strlen(HEADER_START) + 1) == 0, "%s", text);
    char *block = record_of("if x:\\n\\tprint('\\\\\\\\')\\n");
    /* cbf43926: the standard check value of CRC-32 over "123456789" */
    char *want = xasprintf("cbf43926 123456789\n%s", block);
    ck_assert_str_eq(strchr(text, '\n') + 1, want);
    free(want);
    free(block);
    free(text);
    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(torn_and_damaged_records)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    History *h = attached(path, 100);
    history_add(h, "one");
    history_add(h, "two\nlines");
    history_add(h, "three");
    history_add(h, "four");
    history_free(h);

    /* torn: the last record cut short, as a kill in mid-write or a full disk leaves it */
    ck_assert_int_eq(truncate(path, (off_t)file_size(path) - 3), 0);
    History *g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "one", "two\nlines", "three");
    history_free(g);

    /* the next append starts on a line of its own: the torn record does not swallow it */
    h = attached(path, 100);
    EXPECT_ENTRIES(h, "one", "two\nlines", "three");
    history_add(h, "five");
    g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "one", "two\nlines", "three", "five");
    history_free(g);

    /* zeros at the end, as a power cut can leave them, then another append */
    static const char zeros[4096];
    append_bytes(path, zeros, sizeof zeros);
    history_add(h, "six");
    g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "one", "two\nlines", "three", "five", "six");
    history_free(g);

    /* one changed byte: that record alone is skipped */
    size_t n = file_size(path);
    char *text = tl_read_all(path);
    char *three = strstr(text, " three\n");
    ck_assert_ptr_nonnull(three);
    three[3] = 'R';
    tl_write_bytes(path, text, n);
    free(text);
    g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "one", "two\nlines", "five", "six");
    history_free(g);

    /* garbage, a record whose CRC is wrong, a record with a CRLF end */
    char *crlf = record_of("eight");
    crlf[strlen(crlf) - 1] = '\0'; /* its newline, written as "\r\n" below */
    char *more = xasprintf("garbage line\nffffffff seven\n%s\r\n", crlf);
    append_bytes(path, more, strlen(more));
    g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "one", "two\nlines", "five", "six", "eight");
    history_free(g);
    free(more);
    free(crlf);

    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(two_writers_interleave)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/new/history", dir); /* both create it */
    pid_t a = spawn_writer(path, "alpha", 300, HISTORY_FILE_LIMIT);
    pid_t b = spawn_writer(path, "beta", 300, HISTORY_FILE_LIMIT);
    wait_ok(a);
    wait_ok(b);
    ck_assert_uint_eq(assert_log_well_formed(path), 600);
    History *g = reloaded(path, 10000);
    ck_assert_uint_eq(history_count(g), 600);
    int first = -1;
    ck_assert_int_eq(writer_suffix(g, "alpha", 300, &first), 300);
    ck_assert_int_eq(first, 0);
    ck_assert_int_eq(writer_suffix(g, "beta", 300, &first), 300);
    ck_assert_int_eq(first, 0);
    history_free(g);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(compaction_keeps_the_newest)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    enum { LIMIT = 2048, RECORD = 8 + 1 + 20 + 1 };
    History *h = attached(path, 1000);
    history_set_file_limit(h, LIMIT);
    size_t before = 0;
    int compactions = 0;
    for (int i = 0; i < 500; i++) {
        char entry[32];
        snprintf(entry, sizeof entry, "entry %03d ..........", i); /* 20 bytes */
        history_add(h, entry);
        size_t size = file_size(path);
        ck_assert_uint_le(size, LIMIT);
        if (size < before) { /* compacted: as many of the newest as half the limit holds */
            compactions++;
            ck_assert_uint_eq(assert_log_well_formed(path), LIMIT / 2 / RECORD);
            History *g = reloaded(path, 1000);
            ck_assert_str_eq(history_get(g, history_count(g) - 1), entry);
            history_free(g);
        }
        before = size;
    }
    ck_assert_int_gt(compactions, 10);
    History *g = reloaded(path, 1000);
    int first = -1;
    ck_assert_int_eq(writer_suffix(g, "entry", 500, &first), (int)history_count(g));
    ck_assert_int_eq(first, 500 - (int)history_count(g));
    history_free(g);
    ck_assert_uint_eq(history_count(h), 500); /* memory keeps its own bound */
    history_free(h);

    /* and no more than `max` entries */
    unlink(path);
    h = attached(path, 10);
    history_set_file_limit(h, LIMIT);
    before = 0;
    for (int i = 0; i < 100; i++) {
        char entry[32];
        snprintf(entry, sizeof entry, "entry %03d ..........", i);
        history_add(h, entry);
        if (file_size(path) < before)
            ck_assert_uint_eq(assert_log_well_formed(path), 10);
        before = file_size(path);
    }
    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* An append that waits while a compaction holds the lock lands in the file that replaced the
 * log, not in the one the compaction threw away. */
START_TEST(append_waits_for_a_compaction)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    History *h = attached(path, 100);
    history_add(h, "before");
    int lock = open(path, O_RDONLY);
    ck_assert_int_eq(flock(lock, LOCK_EX), 0);
    int ready[2];
    ck_assert_int_eq(pipe(ready), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(lock); /* the lock belongs to this open file, which the child must not hold */
        if (write(ready[1], "r", 1) != 1)
            _exit(5);
        history_add(h, "during");
        _exit(history_take_error(h) ? 4 : 0);
    }
    char c;
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    sleep_ms(200); /* the child is waiting for the lock now (it would wait a second) */
    char *tmp = xasprintf("%s.Cmp001", path);
    char *rec = record_of("compacted");
    char *text = xasprintf("%s\n%s", HEADER_START, rec);
    tl_write_bytes(tmp, text, strlen(text));
    ck_assert_int_eq(rename(tmp, path), 0);
    close(lock);
    wait_ok(pid);
    History *g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "compacted", "during");
    history_free(g);
    free(text);
    free(rec);
    free(tmp);
    close(ready[0]);
    close(ready[1]);
    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(compaction_with_concurrent_appends)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    enum { N = 1000, LIMIT = 2048 };
    pid_t pids[2] = {spawn_writer(path, "alpha", N, LIMIT), spawn_writer(path, "beta", N, LIMIT)};
    static const char *const names[] = {"alpha", "beta"};
    /* While they write, every state of the file is checked: an entry lost to a compaction
     * shows as a gap in its writer's numbers until a later compaction drops that part. */
    int running = 2, snapshots = 0, first = -1;
    while (running > 0) {
        for (int w = 0; w < 2; w++) {
            int status;
            if (pids[w] > 0 && waitpid(pids[w], &status, WNOHANG) == pids[w]) {
                ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d", status);
                pids[w] = 0;
                running--;
            }
        }
        History *g = reloaded(path, 10000);
        for (int w = 0; w < 2; w++)
            writer_suffix(g, names[w], -1, &first);
        history_free(g);
        snapshots++;
    }
    ck_assert_uint_le(file_size(path), LIMIT);
    size_t records = assert_log_well_formed(path);
    History *g = reloaded(path, 10000);
    ck_assert_uint_eq(history_count(g), records);
    /* what a writer still has in the file runs without a gap up to its newest entry */
    int kept = 0;
    for (int w = 0; w < 2; w++) {
        bool any = false;
        for (size_t i = 0; i < history_count(g); i++)
            any |= strncmp(history_get(g, i), names[w], strlen(names[w])) == 0;
        if (any)
            kept += writer_suffix(g, names[w], N, &first);
    }
    ck_assert_int_eq(kept, (int)records);
    ck_assert_int_gt(kept, 0);
    ck_assert_int_gt(snapshots, 1);
    history_free(g);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* A lock holder that never lets go (stopped in mid-compaction) does not freeze another
 * instance: after a short wait the entry is appended anyway. */
START_TEST(a_stuck_lock_does_not_hang)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    History *h = attached(path, 100);
    int lock = open(path, O_RDONLY);
    ck_assert_int_eq(flock(lock, LOCK_EX), 0);
    history_add(h, "while locked");
    ck_assert_ptr_null(history_take_error(h));
    History *g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "while locked");
    history_free(g);
    /* and a temp file that may be the holder's own is left alone */
    char *busy = xasprintf("%s.Busy01", path);
    tl_write_bytes(busy, "x", 1);
    History *h2 = history_new(10);
    char *err = NULL;
    ck_assert_int_eq(history_open(h2, path, &err), 0);
    ck_assert_int_eq(access(busy, F_OK), 0);
    close(lock);
    history_free(h2);
    free(busy);
    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* The exact file earlier versions wrote for entries like log_round_trip's. */
static const char V1_FILE[] = "def f():\\n    return '\\\\n'\\n\n"
                              "a\\\\b\n"
                              "tab\\there\n"
                              "controls \\x01\\x1b[31m\\x7f\n"
                              "utf8 \xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80\n"
                              "invalid \\xff\\xfe\\xc3 bytes\n"
                              "trailing backslash\\\\\n"
                              "\\\\x41 \\\\q\n"
                              "\\n\\nx\\n\n";

START_TEST(migrates_an_old_file)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    tl_write_bytes(path, V1_FILE, strlen(V1_FILE));
    History *h = attached(path, 100);
#define V1_ENTRIES                                                                               \
    "def f():\n    return '\\n'\n", "a\\b", "tab\there", "controls \x01\x1b[31m\x7f",           \
        "utf8 \xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80", "invalid \xff\xfe\xc3 bytes",            \
        "trailing backslash\\", "\\x41 \\q", "\n\nx\n"
    EXPECT_ENTRIES(h, V1_ENTRIES);
    ck_assert_uint_eq(assert_log_well_formed(path), 9); /* rewritten as a log at once */
    History *g = reloaded(path, 100);
    EXPECT_ENTRIES(g, V1_ENTRIES);
    history_free(g);

    /* an earlier objscope still running saves over it in its own format: the next append migrates
     * that file first, so neither its entries nor ours are lost */
    static const char again[] = "older one\nif y:\\n    pass\n";
    tl_write_bytes(path, again, strlen(again));
    history_add(h, "after");
    ck_assert_uint_eq(assert_log_well_formed(path), 3);
    g = reloaded(path, 100);
    EXPECT_ENTRIES(g, "older one", "if y:\n    pass", "after");
    history_free(g);
    history_free(h);

    /* a huge old file is cut to the newest entries a history keeps */
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 100000; i++)
        fprintf(f, "entry %d\\nline two\n", i);
    fclose(f);
    h = attached(path, 100);
    ck_assert_uint_eq(history_count(h), 100);
    ck_assert_uint_eq(assert_log_well_formed(path), 100);
    g = reloaded(path, 1000);
    ck_assert_str_eq(history_get(g, 0), "entry 99900\nline two");
    ck_assert_str_eq(history_get(g, 99), "entry 99999\nline two");
    history_free(g);
    history_free(h);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

/* kill -9 at any moment of a compaction: the log is the old file or the new one, whole, and the
 * temp file it may leave is gone once the next objscope starts. */
START_TEST(killed_in_mid_compaction)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    StrBuf old;
    strbuf_init(&old);
    for (int i = 0; i < 60000; i++)
        strbuf_printf(&old, "entry %d\\nline two\n", i);
    int killed_with_temp = 0;
    for (int round = 0; round < 20; round++) {
        tl_write_bytes(path, old.data, old.len); /* the earlier format: migrated at open */
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            History *h = history_new(100);
            history_open(h, path, NULL);
            _exit(0);
        }
        sleep_ms(round * 4);
        kill(pid, SIGKILL);
        ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
        killed_with_temp += tl_count_entries(dir) > 1;
        History *h = attached(path, 100);
        ck_assert_uint_eq(history_count(h), 100);
        ck_assert_str_eq(history_get(h, 0), "entry 59900\nline two");
        ck_assert_str_eq(history_get(h, 99), "entry 59999\nline two");
        ck_assert_uint_eq(tl_count_entries(dir), 1); /* the log alone */
        ck_assert_uint_eq(assert_log_well_formed(path), 100);
        history_free(h);
    }
    if (killed_with_temp == 0)
        tl_note_skip(__func__, "no kill landed while a temp file existed (timing)");
    strbuf_free(&old);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(stale_temps_are_removed)
{
    char *dir = tl_tmpdir();
    char *path = xasprintf("%s/history", dir);
    static const char *const stale[] = {"history.AbC123", "history.zz9ZZ9"};
    static const char *const kept[] = {"history.tmp", "history.AbC1234", "other.AbC123",
                                       "history.Ab-123", "target"};
    for (size_t i = 0; i < 2; i++) {
        char *p = xasprintf("%s/%s", dir, stale[i]);
        tl_write_bytes(p, "half a compaction", 17);
        free(p);
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        char *p = xasprintf("%s/%s", dir, kept[i]);
        tl_write_bytes(p, "keep", 4);
        free(p);
    }
    char *sub = xasprintf("%s/history.Dir123", dir); /* not a file */
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    char *link = xasprintf("%s/history.Lnk123", dir); /* not a file either */
    ck_assert_int_eq(symlink("target", link), 0);
    History *h = attached(path, 10);
    for (size_t i = 0; i < 2; i++) {
        char *p = xasprintf("%s/%s", dir, stale[i]);
        ck_assert_msg(access(p, F_OK) != 0, "%s is still there", stale[i]);
        free(p);
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        char *p = xasprintf("%s/%s", dir, kept[i]);
        ck_assert_msg(access(p, F_OK) == 0, "%s was removed", kept[i]);
        free(p);
    }
    ck_assert_int_eq(access(sub, F_OK), 0);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    /* 5 kept, the folder, the link, the log */
    ck_assert_uint_eq(tl_count_entries(dir), 8);
    history_free(h);
    free(link);
    free(sub);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(failures_are_reported_once)
{
    char *dir = tl_tmpdir();
    char *file = xasprintf("%s/file", dir);
    tl_write_bytes(file, "x\n", 2);

    /* a log that cannot be opened: said at once, not again at each entry */
    char *under = xasprintf("%s/history", file);
    History *h = history_new(10);
    char *err = NULL;
    ck_assert_int_eq(history_open(h, under, &err), -1);
    char *want = xasprintf("cannot save history to %s: %s", under, strerror(ENOTDIR));
    ck_assert_str_eq(err, want);
    free(want);
    free(err);
    history_add(h, "x");
    ck_assert_uint_eq(history_count(h), 1); /* memory still works */
    ck_assert_ptr_null(history_take_error(h));
    history_free(h);

    ck_assert_int_eq(history_open(h = history_new(10), dir, &err), -1); /* a folder */
    ck_assert_ptr_nonnull(strstr(err, strerror(EISDIR)));
    free(err);
    history_free(h);
    char *fifo = xasprintf("%s/fifo", dir); /* must not hang */
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_eq(history_open(h = history_new(10), fifo, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
    free(err);
    history_free(h);
    free(fifo);

    /* a log that worked and then stops working: the first failure is reported, the next ones
     * are not until an append works again */
    char *folder = xasprintf("%s/d", dir), *moved = xasprintf("%s/d.away", dir);
    char *path = xasprintf("%s/history", folder);
    h = attached(path, 10);
    history_add(h, "a");
    ck_assert_int_eq(rename(folder, moved), 0);
    tl_write_bytes(folder, "", 0); /* a file where the folder was */
    history_add(h, "b");
    err = history_take_error(h);
    want = xasprintf("cannot save history to %s: %s", path, strerror(ENOTDIR));
    ck_assert_str_eq(err, want);
    free(err);
    history_add(h, "c");
    ck_assert_ptr_null(history_take_error(h));
    ck_assert_int_eq(unlink(folder), 0);
    ck_assert_int_eq(rename(moved, folder), 0);
    history_add(h, "d");
    ck_assert_ptr_null(history_take_error(h));
    ck_assert_int_eq(rename(folder, moved), 0);
    tl_write_bytes(folder, "", 0);
    history_add(h, "e");
    err = history_take_error(h);
    ck_assert_str_eq(err, want); /* reported again */
    free(err);
    free(want);
    EXPECT_ENTRIES(h, "a", "b", "c", "d", "e");
    ck_assert_int_eq(unlink(folder), 0);
    ck_assert_int_eq(rename(moved, folder), 0);
    History *g = reloaded(path, 10);
    EXPECT_ENTRIES(g, "a", "d");
    history_free(g);

    /* an entry too long to be read back is not written; a long one that fits is */
    StrBuf big;
    strbuf_init(&big);
    for (int i = 0; i < 5000; i++)
        strbuf_puts(&big, "0123456789");
    history_add(h, big.data);
    for (int i = 0; i < 2000; i++)
        strbuf_puts(&big, "0123456789");
    history_add(h, big.data); /* 70,000 bytes */
    strbuf_free(&big);
    ck_assert_ptr_null(history_take_error(h));
    g = reloaded(path, 10);
    ck_assert_uint_eq(history_count(g), 3);
    ck_assert_uint_eq(strlen(history_get(g, 2)), 50000);
    history_free(g);
    history_free(h);

    /* no path: nothing attached, nothing written */
    h = history_new(4);
    ck_assert_int_eq(history_open(h, NULL, &err), 0);
    ck_assert_ptr_null(err);
    history_add(h, "only in memory");
    ck_assert_ptr_null(history_take_error(h));
    ck_assert_int_eq(history_load(h, NULL, &err), 0);
    history_free(h);

    free(path);
    free(moved);
    free(folder);
    free(under);
    free(file);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(relative_path)
{
    char *dir = tl_tmpdir();
    char cwd[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(dir), 0);
    History *h = attached("history", 4);
    history_add(h, "here");
    history_free(h);
    h = attached("x/y/history", 4);
    history_add(h, "there");
    history_free(h);
    History *g = reloaded("history", 4);
    EXPECT_ENTRIES(g, "here");
    history_free(g);
    g = reloaded("x/y/history", 4);
    EXPECT_ENTRIES(g, "there");
    history_free(g);
    ck_assert_int_eq(chdir(cwd), 0);
    tl_remove_tree(dir);
}
END_TEST

/* ---- reading earlier versions' files ---- */

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

Suite *history_suite(void)
{
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("memory");
    tcase_add_test(tc, add_is_bounded_and_skips);
    tcase_add_test(tc, prev_next_keep_the_draft);
    tcase_add_test(tc, search_back);
    tcase_add_test(tc, default_path);
    suite_add_tcase(s, tc);

    tc = tcase_create("log");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, log_round_trip);
    tcase_add_test(tc, log_exact_bytes);
    tcase_add_test(tc, torn_and_damaged_records);
    tcase_add_test(tc, two_writers_interleave);
    tcase_add_test(tc, compaction_keeps_the_newest);
    tcase_add_test(tc, append_waits_for_a_compaction);
    tcase_add_test(tc, compaction_with_concurrent_appends);
    tcase_add_test(tc, a_stuck_lock_does_not_hang);
    tcase_add_test(tc, migrates_an_old_file);
    tcase_add_test(tc, killed_in_mid_compaction);
    tcase_add_test(tc, stale_temps_are_removed);
    tcase_add_test(tc, failures_are_reported_once);
    tcase_add_test(tc, relative_path);
    suite_add_tcase(s, tc);

    tc = tcase_create("earlier files");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, load_errors);
    tcase_add_test(tc, load_skips_garbage);
    tcase_add_test(tc, load_keeps_the_newest);
    suite_add_tcase(s, tc);
    return s;
}
