/* input.c — reading keys from curses (see input.h). */
#include "ui/input.h"

#include <curses.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "py/interp.h"
#include "ui/keys.h"
#include "util/strbuf.h"

static bool gone;

/* Is the terminal gone? Closed (EBADF), hung up (EIO: a closed window, tmux kill-session while
 * SIGHUP is ignored), or fd 0 or 1 now something else (the number reused after learner code
 * closed it) all stop it being a terminal; poll says so for a hang-up still on its way. */
static bool terminal_gone(void)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return true;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

bool input_terminal_gone(void)
{
    return gone;
}

bool input_check_terminal(void)
{
    if (!gone)
        gone = terminal_gone();
    return !gone;
}

bool input_read_key(int *key, char *typed, size_t n, int wait_ms)
{
    wint_t wc;
    typed[0] = '\0';
    if (gone)
        return false;
    timeout(wait_ms);
    int rc = get_wch(&wc);
    if (rc == ERR) { /* curses returns at once, for ever, from a terminal that is gone */
        input_check_terminal();
        return false;
    }
    if (rc == KEY_CODE_YES) {
        *key = (int)wc;
        return true;
    }
    if (wc == 27) { /* Alt+letter arrives as ESC letter; anything else after ESC is its own key */
        timeout(0);
        wint_t next;
        int rc2 = get_wch(&next);
        bool alt = rc2 == OK && (next == '\r' || next == '\n' || (next > ' ' && next < 127));
        if (rc2 != ERR && !alt)
            unget_wch(next);
        *key = alt ? KEY_ALT(next == '\r' ? '\n' : (int)next) : 27;
        return true;
    }
    *key = wc == '\r' ? '\n' : (int)wc;
    if (wc >= ' ' && wc != 127) {
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t k = wcrtomb(typed, (wchar_t)wc, &st);
        typed[k == (size_t)-1 || k >= n ? 0 : k] = '\0';
    }
    return true;
}

typedef struct {
    int *key;
    char *typed;
    size_t n;
    int wait_ms;
    bool got;
} KeyWait;

/* Runs without the GIL: curses only, never Python. */
static int wait_for_key(void *arg)
{
    KeyWait *w = arg;
    w->got = input_read_key(w->key, w->typed, w->n, w->wait_ms);
    return 0;
}

bool input_wait_key(int *key, char *typed, size_t n, int wait_ms, bool threads_run)
{
    KeyWait w = {key, typed, n, wait_ms, false};
    if (!threads_run || wait_ms == 0) /* nothing to wait for: no reason to hand the GIL over */
        return input_read_key(key, typed, n, wait_ms);
    interp_without_gil(wait_for_key, &w);
    return w.got;
}

#define PASTE_END "\033[201~"
#define PASTE_BLOCK 64 /* read no further past the end than curses can take back */

/* Append the pasted bytes of b[0..n) to out as text, up to max bytes (the rest is dropped).
 * *cr: the last byte was '\r' (a "\r\n" is one line end). */
static void paste_bytes(StrBuf *out, const unsigned char *b, size_t n, bool *cr, size_t max)
{
    for (size_t i = 0; i < n && out->len < max; i++) {
        unsigned char c = b[i];
        bool was_cr = *cr;
        *cr = c == '\r';
        if (c == '\n' && was_cr)
            continue;
        if (c == '\r' || c == '\n')
            strbuf_putc(out, '\n');
        else if (c == '\t' || (c >= ' ' && c != 127))
            strbuf_putc(out, (char)c);
    }
}

char *input_read_paste(size_t max)
{
    StrBuf out;
    strbuf_init(&out);
    unsigned char held[PASTE_BLOCK + sizeof PASTE_END]; /* bytes that may start the end marker */
    size_t nheld = 0, endlen = sizeof PASTE_END - 1;
    bool cr = false;
    for (;;) {
        struct pollfd p = {STDIN_FILENO, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0)
            break;
        ssize_t got = read(STDIN_FILENO, held + nheld, PASTE_BLOCK);
        if (got <= 0)
            break;
        nheld += (size_t)got;
        unsigned char *end = memmem(held, nheld, PASTE_END, endlen);
        if (end) {
            paste_bytes(&out, held, (size_t)(end - held), &cr, max);
            for (size_t i = nheld; i-- > (size_t)(end - held) + endlen;)
                ungetch(held[i]); /* typed after the paste: keys again, in order */
            return strbuf_take(&out);
        }
        size_t keep = nheld < endlen - 1 ? nheld : endlen - 1; /* a marker split across reads */
        paste_bytes(&out, held, nheld - keep, &cr, max);
        memmove(held, held + nheld - keep, keep);
        nheld = keep;
    }
    paste_bytes(&out, held, nheld, &cr, max);
    return strbuf_take(&out);
}
