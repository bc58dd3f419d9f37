/* fuzz_history.c — fuzz target: any bytes as a history file (history.c's loader, both formats),
 * then attached as the log, which migrates or compacts it, then one more entry appended. Checks
 * that nothing read is lost or changed on the way: the attached history holds what loading read,
 * and the file read back afterwards ends with the new entry right after (a newest part of) what
 * was read, so every entry survives the rewrite byte for byte. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "ui/history.h"

enum { MAX = 50, LIMIT = 4096 };
static const char SENTINEL[] = "fuzz \x01 sentinel\n\\x00 \xff";

static History *loaded(const char *path)
{
    History *h = history_new(MAX);
    char *err = NULL;
    FUZZ_ASSERT(history_load(h, path, &err) == 0 && !err, "a regular file always loads");
    for (size_t i = 0; i < history_count(h); i++) {
        const char *e = history_get(h, i);
        FUZZ_ASSERT(e && *e, "entries are not empty");
        FUZZ_ASSERT(i == 0 || strcmp(e, history_get(h, i - 1)) != 0, "repeats collapse");
    }
    return h;
}

static void copy_to(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f && fwrite(data, 1, size, f) == size && fclose(f) == 0, "writing the log");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    History *read = loaded(fuzz_memfile(data, size));

    char path[512];
    snprintf(path, sizeof path, "%s/history", fuzz_workdir());
    copy_to(path, data, size);
    History *log = history_new(MAX);
    history_set_file_limit(log, LIMIT);
    char *err = NULL;
    FUZZ_ASSERT(history_open(log, path, &err) == 0 && !err, "the log opens");
    FUZZ_ASSERT(history_count(log) == history_count(read), "attaching reads what loading reads");
    for (size_t i = 0; i < history_count(read); i++)
        FUZZ_ASSERT(strcmp(history_get(log, i), history_get(read, i)) == 0, "the same entries");

    history_add(log, SENTINEL);
    err = history_take_error(log);
    FUZZ_ASSERT(!err, "appending works");
    /* the file now holds a newest part of what was read, then the new entry (unless it
     * repeats the newest, which collapses) */
    History *after = loaded(path);
    size_t n = history_count(after), r = history_count(read);
    bool repeat = r > 0 && strcmp(history_get(read, r - 1), SENTINEL) == 0;
    size_t expected = r + !repeat;
    FUZZ_ASSERT(n >= 1 && n <= expected, "no entry made up, the new one kept");
    for (size_t i = 0; i < n; i++) {
        size_t k = expected - n + i; /* in read, then the new entry */
        const char *want = k < r ? history_get(read, k) : SENTINEL;
        FUZZ_ASSERT(strcmp(history_get(after, i), want) == 0, "what was read survives, in order");
    }
    history_free(after);
    history_free(log);
    history_free(read);
    unlink(path);
    return 0;
}
