/* driver.c — runs a fuzz target without libFuzzer. `fuzz_X FILE|FOLDER...` replays every file
 * (a folder: each regular file in it) through the target once: that is how `make check` keeps
 * the seed corpus and every input that once crashed as regression tests. `fuzz_X --random SECONDS
 * [--crashes DIR] FILE|FOLDER...` is the bounded random-input loop `make fuzz` falls back to when
 * clang's libFuzzer cannot be used: it mutates the inputs at random (no coverage guidance) for
 * that long; an input that crashes, or runs longer than SLOW_SECONDS, is written to DIR before
 * the process dies. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif
#ifdef HAVE_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

typedef struct {
    char *name;
    uint8_t *data;
    size_t size;
} Seed;

static Seed *seeds;
static size_t nseeds;

/* The input being run, its name (a replayed file), and where to write it if it kills us. */
static const uint8_t *current;
static size_t current_size;
static const char *current_name;
static char crash_path[4096];

static void add_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    Seed s = {strdup(path), NULL, 0};
    size_t cap = 0;
    for (;;) {
        if (s.size == cap)
            s.data = realloc(s.data, cap = cap * 2 + 4096);
        size_t got = fread(s.data + s.size, 1, cap - s.size, f);
        if (got == 0)
            break;
        s.size += got;
    }
    fclose(f);
    s.data = realloc(s.data, s.size ? s.size : 1); /* exactly its size: overreads are caught */
    seeds = realloc(seeds, (nseeds + 1) * sizeof *seeds);
    seeds[nseeds++] = s;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(path);
        return;
    }
    DIR *d = opendir(path);
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        char *full = malloc(strlen(path) + strlen(de->d_name) + 2);
        sprintf(full, "%s/%s", path, de->d_name);
        if (de->d_name[0] != '.' && stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = full;
        } else {
            free(full);
        }
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        add_file(names[i]);
        free(names[i]);
    }
    free(names);
}

/* Write the input that is killing us (async-signal-safe calls only). */
static void say(const char *a, const char *b)
{
    if (write(2, a, strlen(a)) < 0 || write(2, b, strlen(b)) < 0 || write(2, "\n", 1) < 0) {
        /* nothing more to do from here */
    }
}

static void save_current(void)
{
    if (current_name)
        say("fuzz: this input crashed: ", current_name);
    if (!crash_path[0] || !current)
        return;
    int fd = open(crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    for (size_t off = 0; off < current_size;) {
        ssize_t w = write(fd, current + off, current_size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    say("fuzz: the crashing input was written to ", crash_path);
}

/* An input that runs this long hangs (libFuzzer's -timeout is 10 s on a faster build). */
#define SLOW_SECONDS 30

static void on_alarm(int sig)
{
    (void)sig;
    say("fuzz: an input ran longer than the limit; it hangs: ", current_name ? current_name : "");
    current_name = NULL;
    save_current();
    abort();
}

static void on_signal(int sig)
{
    save_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* One random change to buf (size *n, room for cap bytes). */
static void mutate_once(uint8_t *buf, size_t *n, size_t cap)
{
    static const uint8_t interesting[] = {0, '\n', '\r', '\t', '\\', '`', '#', '=', ' ', 0x7F,
                                          0x80, 0xC3, 0xE2, 0xF0, 0xFF, '\x1b'};
    size_t pos = *n ? next_random() % *n : 0;
    switch (next_random() % 7) {
    case 0: if (*n) buf[pos] ^= (uint8_t)(1u << (next_random() % 8)); break;
    case 1: if (*n) buf[pos] = interesting[next_random() % sizeof interesting]; break;
    case 2: if (*n) buf[pos] = (uint8_t)next_random(); break;
    case 3: /* insert a byte */
        if (*n < cap) {
            memmove(buf + pos + 1, buf + pos, *n - pos);
            buf[pos] = interesting[next_random() % sizeof interesting];
            (*n)++;
        }
        break;
    case 4: { /* delete a run */
        size_t len = *n ? 1 + next_random() % (*n - pos) % 64 : 0;
        memmove(buf + pos, buf + pos + len, *n - pos - len);
        *n -= len;
        break;
    }
    case 5: { /* copy a run of this input over another place */
        size_t from = *n ? next_random() % *n : 0, len = *n ? next_random() % (*n - from) % 128 : 0;
        if (pos + len <= *n)
            memmove(buf + pos, buf + from, len);
        break;
    }
    default: { /* splice in a piece of another seed */
        const Seed *o = &seeds[next_random() % nseeds];
        size_t from = o->size ? next_random() % o->size : 0;
        size_t len = o->size ? next_random() % (o->size - from) % 256 : 0;
        if (*n + len <= cap) {
            memmove(buf + pos + len, buf + pos, *n - pos);
            memcpy(buf + pos, o->data + from, len);
            *n += len;
        }
    }
    }
}

static unsigned long run_random(double seconds, const char *target)
{
    size_t max = 4096;
    for (size_t i = 0; i < nseeds; i++)
        if (seeds[i].size * 2 > max)
            max = seeds[i].size * 2;
    uint8_t *buf = malloc(max);
    rng ^= (uint64_t)time(NULL) * 0x2545F4914F6CDD1Du;
    time_t start = time(NULL);
    unsigned long runs = 0;
    while (difftime(time(NULL), start) < seconds) {
        const Seed *s = nseeds ? &seeds[next_random() % nseeds] : NULL;
        size_t n = s ? s->size : 0;
        if (n)
            memcpy(buf, s->data, n);
        for (int k = 1 + (int)(next_random() % 8); k > 0; k--)
            mutate_once(buf, &n, max);
        uint8_t *exact = malloc(n ? n : 1); /* exactly its size: overreads are caught */
        memcpy(exact, buf, n);
        current = exact;
        current_size = n;
        if (crash_path[0])
            snprintf(strrchr(crash_path, '/') + 1, 64, "crash-%s-%lu", target, runs);
        alarm(SLOW_SECONDS);
        LLVMFuzzerTestOneInput(exact, n);
        alarm(0);
        current = NULL;
        free(exact);
        runs++;
    }
    free(buf);
    return runs;
}

int main(int argc, char **argv)
{
    double seconds = -1;
    const char *crashes = NULL;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc)
            break;
        if (strcmp(argv[i], "--random") == 0)
            seconds = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--crashes") == 0)
            crashes = argv[i + 1];
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (; i < argc; i++)
        add_path(argv[i]);
    const char *target = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (crashes)
        snprintf(crash_path, sizeof crash_path, "%s/x", crashes);
#ifdef HAVE_SANITIZER
    __sanitizer_set_death_callback(save_current);
#endif
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t k = 0; k < sizeof fatal / sizeof fatal[0]; k++)
        signal(fatal[k], on_signal);
    signal(SIGALRM, on_alarm);
    if (seconds < 0) {
        for (size_t k = 0; k < nseeds; k++) {
            current_name = seeds[k].name;
            current = seeds[k].data;
            current_size = seeds[k].size;
            alarm(SLOW_SECONDS);
            LLVMFuzzerTestOneInput(seeds[k].data, seeds[k].size);
            alarm(0);
        }
        current_name = NULL;
        printf("%s: %zu inputs replayed, none crashed\n", target, nseeds);
    } else {
        unsigned long runs = run_random(seconds, target);
        printf("%s: %lu random inputs in %.0f s, none crashed\n", target, runs, seconds);
    }
    for (size_t k = 0; k < nseeds; k++) {
        free(seeds[k].name);
        free(seeds[k].data);
    }
    free(seeds);
    return 0;
}
