/* history.c — input history (see history.h): the in-memory ring, Up/Down and Ctrl-R, and the
 * log file.
 *
 * The log. Its first line is HEADER. Every other line is one record, one entry, oldest first:
 * the CRC-32 (IEEE, as zlib's crc32 and Python's binascii.crc32) of the escaped entry as 8
 * lowercase hex digits, a space, then the escaped entry. Escaping writes a backslash "\\", a
 * newline "\n", a tab "\t", a carriage return "\r", any other control byte (0x01-0x1F, 0x7F) or
 * byte that is not part of valid UTF-8 "\xHH" (two lowercase hex digits), and everything else as
 * is. So the file is printable UTF-8, a record never spans lines, and any entry (multi-line
 * blocks, escape sequences, invalid UTF-8) comes back byte for byte.
 *
 * Reading resyncs at every newline. A line whose CRC does not match its text is skipped: a
 * record torn by a kill or a full disk, the zeros a power cut can leave, any damage. So is a
 * line longer than a record can be. Writers start each record on a line of its own (a torn
 * record that lacks its newline is ended first), so damage never swallows the next record.
 * Earlier versions wrote the escaped entries alone (format 1: no header, no CRC): a file without
 * the header is read that way, leniently (a trailing '\r' is dropped; a line that is not valid
 * UTF-8 or holds a raw control character other than tab is skipped; an unknown escape keeps its
 * backslash), and is rewritten as a log when it is attached. Entries go through add_owned(),
 * so empty and repeated entries collapse and only the newest `max` stay in memory while
 * reading: a huge file costs no more than a full history.
 *
 * Writing. Each entry is appended with one write() on a descriptor opened with O_APPEND for
 * that append, under an exclusive flock() of the log. Compaction holds the same lock while it
 * re-reads the whole file, keeps the newest entries (at most `max`, at most half the size
 * limit), writes them to a temp file in the same folder, fsyncs it and renames it over the log.
 * An append that waited for the lock then finds that the path names another file and retries
 * there. A lock is needed, not just a re-read before the rename: an entry appended between the
 * compactor's last read and its rename would go to the file being replaced, and only mutual
 * exclusion closes that window. The lock is taken on the log itself and checked against the
 * path after it is granted, so no separate lock file is needed. A lock held longer than
 * LOCK_WAIT_MS (a holder stopped by Ctrl-Z in mid-compaction) is not waited for: appending then
 * goes ahead without it, and compaction is left for later, so a stuck instance never freezes
 * another. Appends are not fsynced, as shells do not: a process that dies loses nothing, a
 * power cut can lose the last seconds, never older entries. Once we hold the lock, temp files
 * named like ours (history.XXXXXX) are leftovers of an interrupted compaction or of an earlier
 * version's save, and they are removed when the log is attached. */
#include "ui/history.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/files.h"
#include "util/utf8.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define HISTORY_LINE_MAX (64 * 1024) /* longest escaped entry read (and written) */
#define CRC_DIGITS 8
#define RECORD_MAX (CRC_DIGITS + 1 + HISTORY_LINE_MAX)
#define LOCK_WAIT_MS 1000
#define MAGIC "# objscope history v2"
static const char HEADER[] = MAGIC " (each line: CRC-32 of the rest, a space, an escaped entry)\n";

struct History {
    char **ring;  /* `max` slots (at least one); entry i (0 = oldest) at ring[(head + i) % max] */
    size_t max, head, count;
    size_t nav;   /* entry shown by Up/Down; count while not navigating */
    char *draft;  /* the unsubmitted text saved by the first history_prev() */
    char *log;    /* the attached log, or NULL */
    size_t limit; /* compact the log past this many bytes */
    char *error;  /* a failure not yet taken by history_take_error() */
    bool failing; /* the last append failed (and was reported) */
};

History *history_new(size_t max)
{
    History *h = xcalloc(1, sizeof *h);
    h->max = max;
    h->ring = xcalloc(max ? max : 1, sizeof *h->ring);
    h->limit = HISTORY_FILE_LIMIT;
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
    free(h->log);
    free(h->error);
    free(h);
}

void history_set_file_limit(History *h, size_t bytes) { h->limit = bytes; }

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

/* Add an owned entry (freed when it is not kept); true when it was kept. */
static bool add_owned(History *h, char *entry)
{
    const char *newest = h->count ? history_get(h, h->count - 1) : NULL;
    bool kept = true;
    if (h->max == 0 || blank_entry(entry) || (newest && strcmp(newest, entry) == 0)) {
        free(entry);
        kept = false;
    } else if (h->count == h->max) {
        free(h->ring[h->head]);
        h->ring[h->head] = entry;
        h->head = (h->head + 1) % h->max;
    } else {
        h->ring[(h->head + h->count) % h->max] = entry;
        h->count++;
    }
    history_reset_navigation(h);
    return kept;
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

static int fail(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
    return -1;
}

/* ---- records ---- */

static uint32_t crc32_of(const char *s, size_t n)
{
    static uint32_t table[256];
    if (!table[1]) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ (unsigned char)s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

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

/* Append the entry's record and its newline to out; false (out unchanged) when the entry is
 * too long to be read back. */
static bool put_record(StrBuf *out, const char *entry)
{
    size_t start = out->len, text = start + CRC_DIGITS + 1;
    strbuf_puts(out, "00000000 ");
    encode_entry(out, entry);
    if (out->len - text > HISTORY_LINE_MAX) {
        out->len = start;
        out->data[start] = '\0';
        return false;
    }
    char crc[CRC_DIGITS + 1];
    snprintf(crc, sizeof crc, "%08" PRIx32, crc32_of(out->data + text, out->len - text));
    memcpy(out->data + start, crc, CRC_DIGITS);
    strbuf_putc(out, '\n');
    return true;
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

/* An escaped entry (without its '\n') as an owned entry, or NULL when it is not one. */
static char *decode_line(const char *line, size_t n)
{
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

/* A record's entry (owned), or NULL when the line is not a record whose CRC matches. */
static char *decode_record(const char *line, size_t n)
{
    if (n < CRC_DIGITS + 1 || line[CRC_DIGITS] != ' ')
        return NULL;
    uint32_t want = 0;
    for (int i = 0; i < CRC_DIGITS; i++) {
        int v = hex_value(line[i]);
        if (v < 0)
            return NULL;
        want = want << 4 | (uint32_t)v;
    }
    const char *text = line + CRC_DIGITS + 1;
    size_t len = n - CRC_DIGITS - 1;
    return crc32_of(text, len) == want ? decode_line(text, len) : NULL;
}

/* ---- reading ---- */

typedef struct {
    History *h;
    StrBuf line;
    bool overlong; /* the line being read is too long to be a record: it is skipped */
    bool first;    /* the line being read is the file's first */
    bool headed;   /* the file starts with the log's header */
} Reader;

static void reader_line(Reader *r)
{
    bool first = r->first;
    r->first = false;
    if (r->overlong)
        return;
    const char *s = r->line.data;
    size_t n = r->line.len;
    if (n > 0 && s[n - 1] == '\r') /* CRLF line ends */
        n--;
    if (first && n >= strlen(MAGIC) && memcmp(s, MAGIC, strlen(MAGIC)) == 0) {
        r->headed = true;
        return;
    }
    char *entry = decode_record(s, n);
    if (!entry && !r->headed) /* format 1, of earlier versions */
        entry = decode_line(s, n);
    if (entry)
        add_owned(r->h, entry);
}

static void reader_feed(Reader *r, const char *p, const char *end)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t k = (size_t)((nl ? nl : end) - p);
        if (!r->overlong && r->line.len + k <= RECORD_MAX)
            strbuf_add(&r->line, p, k);
        else
            r->overlong = true;
        p += k;
        if (!nl)
            break;
        reader_line(r);
        r->line.len = 0;
        r->overlong = false;
        p++;
    }
}

/* Read every entry of the file open at fd, from its start, into h. 0, or -1 with errno set (what
 * was read before the error is kept). *headed: the file is a log; *size: its bytes. */
static int read_entries(History *h, int fd, bool *headed, size_t *size)
{
    enum { CHUNK = 64 * 1024 };
    Reader r = {.h = h, .first = true};
    strbuf_init(&r.line);
    char *buf = xmalloc(CHUNK);
    int rc = 0;
    size_t off = 0;
    for (;;) {
        ssize_t got = pread(fd, buf, CHUNK, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            rc = got < 0 ? -1 : 0;
            break;
        }
        off += (size_t)got;
        reader_feed(&r, buf, buf + got);
    }
    int e = errno;
    if (rc == 0 && r.line.len > 0) /* a last line without '\n' */
        reader_line(&r);
    strbuf_free(&r.line);
    free(buf);
    *headed = r.headed;
    *size = off;
    history_reset_navigation(h);
    errno = e;
    return rc;
}

int history_load(History *h, const char *path, char **err)
{
    if (err)
        *err = NULL;
    if (!path)
        return 0;
    const char *why;
    int fd = files_open_regular(path, &why); /* never hangs on a FIFO */
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        return fail(err, xasprintf("cannot read history %s: %s", path, why));
    }
    bool headed;
    size_t size;
    int rc = 0;
    if (read_entries(h, fd, &headed, &size) != 0)
        rc = fail(err, xasprintf("cannot read history %s: %s", path, strerror(errno)));
    close(fd);
    return rc;
}

/* ---- the log on disk ---- */

/* flock() exclusively, waiting LOCK_WAIT_MS at most; false when the lock was not had. */
static bool lock_log(int fd)
{
    for (int waited = 0;; waited += 10) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return true;
        if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS)
            return false; /* a file system without locks, or a holder that is stuck */
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
}

static int open_failed(const char *path, const char *why, char **err)
{
    return fail(err, xasprintf("cannot save history to %s: %s", path, why));
}

/* Open the log to read and append (created with its folders when missing) and lock it: the fd,
 * or -1 with *err. *locked says whether the lock was had (see lock_log). When the path was
 * replaced by a compaction while we waited for the lock, the new file is opened instead. */
static int open_log(const char *path, bool *locked, char **err)
{
    for (int attempt = 0; attempt < 10; attempt++) {
        int flags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
        int fd = open(path, flags, 0600);
        if (fd < 0 && errno == ENOENT) {
            char *dir = files_parent_dir(path);
            if (files_make_dirs(dir, NULL) == 0)
                fd = open(path, flags, 0600);
            free(dir);
        }
        if (fd < 0)
            return open_failed(path, strerror(errno), err);
        struct stat st, now;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            close(fd);
            return open_failed(path, "not a regular file", err);
        }
        *locked = lock_log(fd);
        bool same = stat(path, &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino;
        if (!*locked || same)
            return fd;
        close(fd);
    }
    return open_failed(path, "it keeps being replaced", err);
}

/* A name mkstemp() makes from "BASE.XXXXXX". */
static bool temp_name(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || name[n] != '.' || strlen(name + n + 1) != 6)
        return false;
    for (const char *p = name + n + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

/* Remove the temp files of compactions (and earlier versions' saves) that never finished:
 * called with the log locked, so none is being written now. Only our own regular files go. */
static void remove_stale_temps(const char *path)
{
    char *dir = files_parent_dir(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    DIR *d = opendir(dir);
    free(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        if (temp_name(de->d_name, base) &&
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid())
            unlinkat(dirfd(d), de->d_name, 0);
    }
    closedir(d);
}

/* Rewrite the log (locked, open at fd) as a log holding its newest entries, at most `max` and
 * at most half the size limit (the newest is kept whatever its size). 0, or -1 with *err. */
static int compact_locked(const History *h, int fd, char **err)
{
    History *all = history_new(h->max);
    bool headed;
    size_t size;
    if (read_entries(all, fd, &headed, &size) != 0) { /* never replace what was not read */
        history_free(all);
        return fail(err, xasprintf("cannot read history %s: %s", h->log, strerror(errno)));
    }
    StrBuf text, one;
    strbuf_init(&text);
    strbuf_init(&one);
    size_t first = all->count, used = 0;
    for (size_t i = all->count; i-- > 0; one.len = 0) {
        if (!put_record(&one, history_get(all, i)))
            continue;
        if (used + one.len > h->limit / 2 && first < all->count)
            break;
        used += one.len;
        first = i;
    }
    strbuf_puts(&text, HEADER);
    for (size_t i = first; i < all->count; i++)
        put_record(&text, history_get(all, i));
    int rc = files_write_atomic(h->log, text.data, text.len, "history", err);
    strbuf_free(&one);
    strbuf_free(&text);
    history_free(all);
    return rc;
}

/* Append a record (its newline included) to the log locked (or not: see lock_log) at fd, then
 * compact it if it grew past the limit. 0 done, 1 when the file was rewritten first (a format 1
 * file) and the append must be retried on the new one, -1 with *err. */
static int append_locked(const History *h, int fd, bool locked, const StrBuf *record, char **err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return open_failed(h->log, strerror(errno), err);
    size_t size = (size_t)st.st_size;
    StrBuf out;
    strbuf_init(&out);
    char head[sizeof MAGIC - 1], last = '\n';
    if (size == 0)
        strbuf_puts(&out, HEADER);
    else if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
             memcmp(head, MAGIC, sizeof head) != 0) {
        if (locked) {
            strbuf_free(&out);
            return compact_locked(h, fd, err) == 0 ? 1 : -1;
        }
    }
    if (size > 0 && pread(fd, &last, 1, (off_t)size - 1) == 1 && last != '\n')
        strbuf_putc(&out, '\n'); /* a torn record: this one must not be glued to it */
    strbuf_add(&out, record->data, record->len);
    int rc = 0;
    if (files_write_all(fd, out.data, out.len) != 0) {
        int e = errno;
        if (locked && ftruncate(fd, (off_t)size) != 0) {
            /* the reader skips the torn record anyway */
        }
        rc = open_failed(h->log, strerror(e), err);
    } else if (locked && size + out.len > h->limit) {
        rc = compact_locked(h, fd, err);
    }
    strbuf_free(&out);
    return rc;
}

/* Keep a failure for history_take_error(), once per run of failures. */
static void note_result(History *h, int rc, char *err)
{
    if (rc == 0) {
        h->failing = false;
    } else if (!h->failing && err) {
        free(h->error);
        h->error = err;
        err = NULL;
        h->failing = true;
    }
    free(err);
}

static void append_entry(History *h, const char *entry)
{
    StrBuf record;
    strbuf_init(&record);
    if (!put_record(&record, entry)) { /* too long to be read back: not written */
        strbuf_free(&record);
        return;
    }
    char *err = NULL;
    int rc = -1;
    for (int attempt = 0; attempt < 3; attempt++) {
        bool locked;
        int fd = open_log(h->log, &locked, &err);
        if (fd < 0)
            break;
        rc = append_locked(h, fd, locked, &record, &err);
        close(fd); /* and unlock */
        if (rc != 1)
            break;
        rc = -1;
    }
    strbuf_free(&record);
    note_result(h, rc, err);
}

void history_add(History *h, const char *entry)
{
    if (entry && add_owned(h, xstrdup(entry)) && h->log)
        append_entry(h, entry);
}

char *history_take_error(History *h)
{
    char *e = h->error;
    h->error = NULL;
    return e;
}

int history_open(History *h, const char *path, char **err)
{
    if (err)
        *err = NULL;
    free(h->log);
    h->log = path ? xstrdup(path) : NULL;
    if (!path)
        return 0;
    bool locked;
    int fd = open_log(path, &locked, err);
    if (fd < 0) { /* cannot be written: still read what is there */
        history_load(h, path, NULL);
        h->failing = true; /* said now, not again at the first append */
        return -1;
    }
    char *target = locked ? files_save_target(path, "history", NULL) : NULL;
    if (target) /* compaction writes its temp files beside the file a link leads to */
        remove_stale_temps(target);
    free(target);
    bool headed;
    size_t size;
    int rc = 0;
    if (read_entries(h, fd, &headed, &size) != 0)
        rc = fail(err, xasprintf("cannot read history %s: %s", path, strerror(errno)));
    else if (locked && ((size > 0 && !headed) || size > h->limit))
        rc = compact_locked(h, fd, err);
    close(fd);
    return rc;
}
