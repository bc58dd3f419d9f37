/* capture.c — file descriptors 1 and 2 as pipes while Python runs (see capture.h). */
#include "py/capture.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "py/interp.h"
#include "util/xalloc.h"

/* What one stream holds: bounded, and never cut inside a UTF-8 character. */
typedef struct {
    char *data;
    size_t len, cap;
    unsigned long long dropped;
    bool full; /* the bound was reached: everything after is only counted */
} Held;

static struct {
    bool open;
    int rd[CAPTURE_STREAMS], wr[CAPTURE_STREAMS];
    int saved[3]; /* the real fds 0, 1, 2 while capturing; -1 when that fd was closed */
    int null;     /* /dev/null, for fd 0 */
    bool on;
    pthread_mutex_t lock; /* the Held buffers and reading the pipes */
    Held now[CAPTURE_STREAMS], background[CAPTURE_STREAMS];
} cap = {.rd = {-1, -1}, .wr = {-1, -1}, .null = -1, .lock = PTHREAD_MUTEX_INITIALIZER};

static void held_reset(Held *h)
{
    free(h->data);
    memset(h, 0, sizeof *h);
}

/* Drop an incomplete UTF-8 character at the end (its bytes count as dropped). */
static void held_trim_partial(Held *h)
{
    for (size_t back = 1; back <= 3 && back <= h->len; back++) {
        unsigned char c = (unsigned char)h->data[h->len - back];
        if ((c & 0xC0) == 0x80)
            continue; /* a continuation byte: look further back for its lead byte */
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (need > back) {
            h->len -= back;
            h->dropped += back;
            h->data[h->len] = '\0';
        }
        return;
    }
}

static void held_add(Held *h, const char *s, size_t n)
{
    if (h->full) {
        h->dropped += n;
        return;
    }
    size_t room = INTERP_OUTPUT_MAX - h->len;
    size_t keep = n <= room ? n : room;
    if (h->len + keep + 1 > h->cap) { /* grows as text comes, up to the bound */
        size_t want = h->cap ? h->cap : 256;
        while (want < h->len + keep + 1)
            want *= 2;
        h->cap = want < INTERP_OUTPUT_MAX + 1 ? want : INTERP_OUTPUT_MAX + 1;
        h->data = xrealloc(h->data, h->cap);
    }
    memcpy(h->data + h->len, s, keep);
    h->len += keep;
    h->data[h->len] = '\0';
    if (keep == n)
        return;
    h->full = true;
    h->dropped += n - keep;
    held_trim_partial(h);
}

/* Hand h's text over (t->data owned by the caller, never NULL) and empty h. */
static void held_take(Held *h, CaptureText *t)
{
    t->data = h->data ? h->data : xstrdup("");
    t->len = h->len;
    t->dropped = h->dropped;
    h->data = NULL;
    held_reset(h);
}

int capture_high_fd(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return moved;
}

int capture_open(void)
{
    capture_close();
    pthread_mutex_init(&cap.lock, NULL); /* a forked copy may have inherited it locked */
    for (int i = 0; i < CAPTURE_STREAMS; i++) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0)
            return -1;
        cap.rd[i] = capture_high_fd(p[0]);
        cap.wr[i] = capture_high_fd(p[1]);
        if (cap.rd[i] < 0 || cap.wr[i] < 0)
            return -1;
        /* Only the read end waits for nobody; writers (children too) must block, not fail. */
        fcntl(cap.rd[i], F_SETFL, fcntl(cap.rd[i], F_GETFL) | O_NONBLOCK);
    }
    cap.null = capture_high_fd(open("/dev/null", O_RDONLY | O_CLOEXEC));
    cap.open = true;
    return 0;
}

void capture_close(void)
{
    if (cap.on)
        capture_off();
    for (int i = 0; i < CAPTURE_STREAMS; i++) {
        if (cap.rd[i] >= 0)
            close(cap.rd[i]);
        if (cap.wr[i] >= 0)
            close(cap.wr[i]);
        cap.rd[i] = cap.wr[i] = -1;
        held_reset(&cap.now[i]);
        held_reset(&cap.background[i]);
    }
    if (cap.null >= 0)
        close(cap.null);
    cap.null = -1;
    cap.open = false;
}

int capture_read_fd(int stream)
{
    return cap.rd[stream];
}

int capture_write_fd(int stream)
{
    return cap.wr[stream];
}

bool capture_is_on(void)
{
    return cap.on;
}

void capture_write_real(int fd, const char *s, size_t n)
{
    int real = cap.on ? cap.saved[fd] : fd;
    while (real >= 0 && n > 0) {
        ssize_t w = write(real, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* With cap.lock held: read what waits in one stream's pipe (-1: both). */
static void drain_locked(int stream)
{
    static char chunk[64 * 1024]; /* only ever used under the lock */
    for (int i = 0; i < CAPTURE_STREAMS && cap.open; i++) {
        if (stream >= 0 && i != stream)
            continue;
        for (;;) {
            ssize_t n = read(cap.rd[i], chunk, sizeof chunk);
            if (n > 0)
                held_add(&cap.now[i], chunk, (size_t)n);
            else if (!(n < 0 && errno == EINTR))
                break;
        }
    }
}

void capture_drain(void)
{
    pthread_mutex_lock(&cap.lock);
    drain_locked(-1);
    pthread_mutex_unlock(&cap.lock);
}

/* Put the real fd back (or close it again when it was closed). */
static void give_back(int fd)
{
    int real = cap.saved[fd];
    if (real >= 0) {
        dup2(real, fd);
        close(real);
    } else {
        close(fd);
    }
    cap.saved[fd] = -1;
}

void capture_on(bool fresh)
{
    if (!cap.open || cap.on)
        return;
    pthread_mutex_lock(&cap.lock);
    drain_locked(-1);
    for (int i = 0; i < CAPTURE_STREAMS && fresh; i++) { /* written between runs: kept apart */
        CaptureText t;
        held_take(&cap.now[i], &t);
        held_add(&cap.background[i], t.data, t.len);
        cap.background[i].dropped += t.dropped;
        free(t.data);
    }
    pthread_mutex_unlock(&cap.lock);
    fflush(stdout);
    fflush(stderr);
    const int target[3] = {cap.null, cap.wr[CAPTURE_OUT], cap.wr[CAPTURE_ERR]};
    for (int fd = 0; fd < 3; fd++) {
        cap.saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 3); /* -1: it was not open */
        if (target[fd] >= 0)
            dup2(target[fd], fd);
    }
    cap.on = true;
}

void capture_off(void)
{
    if (!cap.on)
        return;
    fflush(stdout); /* C extensions' stdio text belongs to the run */
    fflush(stderr);
    for (int fd = 0; fd < 3; fd++)
        give_back(fd);
    cap.on = false;
}

void capture_take(int stream, CaptureText *t)
{
    pthread_mutex_lock(&cap.lock);
    drain_locked(stream);
    held_take(&cap.now[stream], t);
    pthread_mutex_unlock(&cap.lock);
}

void capture_take_background(int stream, CaptureText *t)
{
    pthread_mutex_lock(&cap.lock);
    if (!cap.on) /* between runs, what arrives now is background too */
        drain_locked(-1);
    if (!cap.on) {
        CaptureText late;
        held_take(&cap.now[stream], &late);
        held_add(&cap.background[stream], late.data, late.len);
        cap.background[stream].dropped += late.dropped;
        free(late.data);
    }
    held_take(&cap.background[stream], t);
    pthread_mutex_unlock(&cap.lock);
}
