/* capture.h — the learner's output at the file-descriptor level (internal to src/py).
 *
 * While Python code runs, file descriptors 1 and 2 are pipes, and 0 reads /dev/null: what a
 * child process, a C extension or os.write(1, ...) writes lands in the same place as print().
 * The pipes live as long as the interpreter, so a child that outlives a run can go on writing
 * (its text is kept as background output) instead of dying of SIGPIPE. The door's helper thread
 * drains them as data arrives (capture_drain), so a child that writes a lot never blocks. Each
 * stream keeps at most INTERP_OUTPUT_MAX bytes between takes and counts the rest. */
#ifndef OBJSCOPE_PY_CAPTURE_H
#define OBJSCOPE_PY_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

enum { CAPTURE_OUT, CAPTURE_ERR, CAPTURE_STREAMS };

typedef struct {
    char *data;                 /* owned, NUL-terminated; raw bytes as written */
    size_t len;
    unsigned long long dropped; /* bytes written beyond the bound, not kept */
} CaptureText;

/* fd moved to a close-on-exec descriptor numbered 3 or above: fds 0-2 are swapped around
 * freely, so none of objscope's own may ever be one of them (a program started with stdin
 * closed would get it). -1 when fd is -1. */
int capture_high_fd(int fd);

/* Make the pipes (in this process: a forked copy calls it again). 0, or -1 with errno. */
int capture_open(void);
void capture_close(void);
/* The read ends, for the helper thread's poll(), or -1. */
int capture_read_fd(int stream);
/* The write ends: what the learner's sys.stdout and sys.stderr write to. */
int capture_write_fd(int stream);

/* Point fds 0, 1 and 2 at /dev/null and the pipes. fresh: what arrived before is kept aside
 * as background output (else it stays with the run: coming back from input()). C stdio is
 * flushed first so objscope's own pending text goes where it was meant to. */
void capture_on(bool fresh);
/* Give the real fds back (C stdio flushed into the pipes first). */
void capture_off(void);
bool capture_is_on(void);
/* Write to the real fd 1 or 2 even while it is a pipe (async-signal-safe). */
void capture_write_real(int fd, const char *s, size_t n);

/* Read what is waiting in the pipes without blocking (the helper thread and takers). */
void capture_drain(void);
/* What arrived since the last take (or since capture_on moved earlier text aside), drained
 * first. The caller owns t->data. */
void capture_take(int stream, CaptureText *t);
/* Background output: what arrived between runs (a child still writing). */
void capture_take_background(int stream, CaptureText *t);

#endif
