/* history.c — input history (see history.h).
 *
 * File format: UTF-8 text, one entry per line, oldest first, no header. Inside an entry a
 * backslash is written "\\", a newline "\n", a tab "\t", a carriage return "\r", and any other
 * control byte (0x01-0x1F, 0x7F) or byte that is not part of valid UTF-8 "\xHH" (two lowercase
 * hex digits). Everything else is written as is, so the file is always valid, printable UTF-8,
 * every line is exactly one entry, and any entry (multi-line blocks included) comes back byte
 * for byte.
 *
 * Reading is lenient, and never fails on content: a trailing '\r' (CRLF line ends) is dropped;
 * a line that is empty, not valid UTF-8, longer than HISTORY_LINE_MAX bytes, or holds a NUL or a
 * raw control character other than tab is skipped; an unknown escape (a backslash followed by
 * anything else, "\x" without two hex digits, or "\x00") keeps its backslash as a character.
 * Entries go through history_add(), so empty and repeated entries collapse, and only the newest
 * `max` stay in memory while reading — a huge file costs no more than a full history.
 *
 * Writing goes to a temp file (mkstemp, mode 0600) next to the target, is fsync'ed and renamed
 * over the target, then the folder is fsync'ed; on any failure the temp file is removed and the
 * old file is left as it was. */
#include "ui/history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/files.h"
#include "util/utf8.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define HISTORY_LINE_MAX (64 * 1024) /* longest line read (and written) */

struct History {
    char **ring;  /* `max` slots (at least one); entry i (0 = oldest) at ring[(head + i) % max] */
    size_t max, head, count;
    size_t nav;   /* entry shown by Up/Down; count while not navigating */
    char *draft;  /* the unsubmitted text saved by the first history_prev() */
};

History *history_new(size_t max)
{
    History *h = xcalloc(1, sizeof *h);
    h->max = max;
    h->ring = xcalloc(max ? max : 1, sizeof *h->ring);
    return h;
}

void history_free(History *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->count; i++)
        free(h->ring[(h->head + i) % h->max]);
    free(h->ring);
    free(h->draft);
    free(h);
}

size_t history_count(const History *h) { return h->count; }

const char *history_get(const History *h, size_t i)
{
    return i < h->count ? h->ring[(h->head + i) % h->max] : NULL;
}

void history_reset_navigation(History *h)
{
    h->nav = h->count;
    free(h->draft);
    h->draft = NULL;
}

static bool blank_entry(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* Add an owned entry (freed when it is not kept). */
static void add_owned(History *h, char *entry)
{
    const char *newest = h->count ? history_get(h, h->count - 1) : NULL;
    if (h->max == 0 || blank_entry(entry) || (newest && strcmp(newest, entry) == 0)) {
        free(entry);
    } else if (h->count == h->max) {
        free(h->ring[h->head]);
        h->ring[h->head] = entry;
        h->head = (h->head + 1) % h->max;
    } else {
        h->ring[(h->head + h->count) % h->max] = entry;
        h->count++;
    }
    history_reset_navigation(h);
}

void history_add(History *h, const char *entry)
{
    if (entry)
        add_owned(h, xstrdup(entry));
}

const char *history_prev(History *h, const char *current)
{
    if (h->nav == 0)
        return NULL;
    if (h->nav == h->count) {
        free(h->draft);
        h->draft = xstrdup(current ? current : "");
    }
    h->nav--;
    return history_get(h, h->nav);
}

const char *history_next(History *h)
{
    if (h->nav >= h->count)
        return NULL;
    h->nav++;
    if (h->nav == h->count)
        return h->draft ? h->draft : "";
    return history_get(h, h->nav);
}

long history_search_back(const History *h, const char *needle, size_t before)
{
    if (before > h->count)
        before = h->count;
    for (size_t i = before; i-- > 0;)
        if (strstr(history_get(h, i), needle ? needle : ""))
            return (long)i;
    return -1;
}

char *history_default_path(void)
{
    return files_state_path("XDG_STATE_HOME", ".local/state", "history");
}

/* ---- the file format ---- */


static void encode_entry(StrBuf *out, const char *entry)
{
    const unsigned char *s = (const unsigned char *)entry;
    size_t n = strlen(entry);
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t l = utf8_decode(s + i, n - i, NULL);
        if (l > 1) {
            strbuf_add(out, (const char *)s + i, l);
            i += l;
            continue;
        }
        if (c == '\\')
            strbuf_puts(out, "\\\\");
        else if (c == '\n')
            strbuf_puts(out, "\\n");
        else if (c == '\t')
            strbuf_puts(out, "\\t");
        else if (c == '\r')
            strbuf_puts(out, "\\r");
        else if (l == 0 || c < 0x20 || c == 0x7F)
            strbuf_printf(out, "\\x%02x", c);
        else
            strbuf_putc(out, (char)c);
        i++;
    }
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One line of the file (without its '\n') as an owned entry, or NULL when it is skipped. */
static char *decode_line(const char *line, size_t n)
{
    if (n > 0 && line[n - 1] == '\r')
        n--;
    const unsigned char *s = (const unsigned char *)line;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_decode(s + i, n - i, NULL);
        if (l == 0 || (s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F)
            return NULL;
        i += l;
    }
    StrBuf b;
    strbuf_init(&b);
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (c != '\\' || i + 1 == n) {
            strbuf_putc(&b, c);
            continue;
        }
        char e = line[i + 1];
        int hi = i + 3 < n ? hex_value(line[i + 2]) : -1;
        int lo = i + 3 < n ? hex_value(line[i + 3]) : -1;
        if (e == '\\' || e == 'n' || e == 't' || e == 'r') {
            strbuf_putc(&b, e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : '\\');
            i++;
        } else if (e == 'x' && hi >= 0 && lo >= 0 && (hi | lo) != 0) {
            strbuf_putc(&b, (char)(hi * 16 + lo));
            i += 3;
        } else {
            strbuf_putc(&b, '\\'); /* unknown escape: the backslash is a character */
        }
    }
    return strbuf_take(&b);
}

static int fail(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
    return -1;
}

int history_load(History *h, const char *path, char **err)
{
    if (err)
        *err = NULL;
    if (!path)
        return 0;
    /* O_NONBLOCK so that a FIFO in the way cannot hang us; it is refused below. */
    const char *why;
    int fd = files_open_regular(path, &why);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        return fail(err, xasprintf("cannot read history %s: %s", path, why));
    }
    StrBuf line;
    strbuf_init(&line);
    bool overlong = false;
    int rc = 0;
    enum { CHUNK = 64 * 1024 };
    char *buf = xmalloc(CHUNK);
    for (;;) {
        ssize_t r = read(fd, buf, CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = fail(err, xasprintf("cannot read history %s: %s", path, strerror(errno)));
            overlong = true; /* drop the partial line */
            break;
        }
        if (r == 0)
            break;
        for (const char *p = buf, *end = buf + r; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t k = (size_t)((nl ? nl : end) - p);
            if (!overlong && line.len + k <= HISTORY_LINE_MAX)
                strbuf_add(&line, p, k);
            else
                overlong = true;
            p += k;
            if (nl) {
                char *entry = overlong ? NULL : decode_line(line.data, line.len);
                if (entry)
                    add_owned(h, entry);
                line.len = 0;
                overlong = false;
                p++;
            }
        }
    }
    if (!overlong && line.len > 0) { /* a last line without '\n' */
        char *entry = decode_line(line.data, line.len);
        if (entry)
            add_owned(h, entry);
    }
    strbuf_free(&line);
    free(buf);
    close(fd);
    history_reset_navigation(h);
    return rc;
}

/* ---- saving ---- */

int history_save(const History *h, const char *path, char **err)
{
    StrBuf text, one;
    strbuf_init(&text);
    strbuf_init(&one);
    for (size_t i = 0; i < h->count; i++) {
        one.len = 0;
        encode_entry(&one, history_get(h, i));
        if (one.len <= HISTORY_LINE_MAX) { /* longer lines would be skipped when read */
            strbuf_add(&text, one.data, one.len);
            strbuf_putc(&text, '\n');
        }
    }
    strbuf_free(&one);
    int rc = files_write_atomic(path, text.data, text.len, "history", err);
    strbuf_free(&text);
    return rc;
}
