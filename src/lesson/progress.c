/* progress.c — lesson progress (see progress.h).
 *
 * File format: UTF-8 text, one line per lesson, sorted by lesson id:
 *
 *     # objscope lesson progress: LESSON-ID current=STEP done=STEP,STEP,...
 *     01-tuples current=3 done=0,1,2
 *     02-dicts current=1 done=
 *
 * A line is the lesson id (its file name without ".md") and then fields KEY=VALUE, separated by
 * spaces or tabs. `current` is the step the learner was on, `done` the finished steps, both
 * 0-based decimal numbers up to PROGRESS_STEP_MAX (`done=` may be empty). Blank lines, lines
 * starting with '#', leading blanks and a trailing '\r' are ignored, and so are fields with other
 * keys (lower-case letters, digits, '-' and '_'), so that a later objscope can add some.
 *
 * Anything else means the file was damaged, and then none of it is trusted: a line that is not
 * valid UTF-8 or holds a control character, an id that is not a valid lesson id, a field that
 * is not KEY=VALUE or whose value is not what its key needs, `current` or `done` given twice, a
 * line with neither `current` nor `done`, the same lesson twice, or a file larger than
 * PROGRESS_MAX_BYTES.
 * The file is then renamed to PATH.corrupt-N (the first N from 1 that is free), the caller gets
 * a warning naming both files, and progress starts empty.
 *
 * Lesson ids are non-empty, at most PROGRESS_ID_MAX bytes of UTF-8 without whitespace or control
 * characters, and do not start with '#'; the functions that change progress ignore other ids.
 *
 * Writing goes to a temp file (mkstemp, mode 0600) next to the target, is fsync'ed and renamed
 * over the target, then the folder is fsync'ed; on any failure the temp file is removed and the
 * old file is left as it was (as src/ui/history.c does). */
#include "lesson/progress.h"

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

#define PROGRESS_MAX_BYTES (1024 * 1024)
#define PROGRESS_STEP_MAX 9999
#define PROGRESS_ID_MAX 255
#define PROGRESS_CORRUPT_MAX 1000 /* PATH.corrupt-1 .. PATH.corrupt-1000 */

typedef struct {
    char *id;
    size_t current;
    size_t *done; /* sorted, unique */
    size_t ndone, cap;
} Entry;

struct Progress {
    Entry *v; /* sorted by id */
    size_t n, cap;
};

Progress *progress_new(void)
{
    return xcalloc(1, sizeof(Progress));
}

static void clear(Progress *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].id);
        free(p->v[i].done);
    }
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

void progress_free(Progress *p)
{
    if (!p)
        return;
    clear(p);
    free(p);
}

char *progress_default_path(void)
{
    return files_state_path("XDG_STATE_HOME", ".local/state", "progress");
}

/* ---- ids and entries --------------------------------------------------------------------- */


/* Whitespace and controls: ASCII and Unicode spaces, C0, DEL, C1, line/paragraph separators. */
static bool space_or_control(uint32_t cp)
{
    return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static bool valid_id_n(const char *id, size_t n)
{
    if (!id || n == 0 || n > PROGRESS_ID_MAX || id[0] == '#')
        return false;
    const unsigned char *s = (const unsigned char *)id;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0 || space_or_control(cp))
            return false;
        i += len;
    }
    return true;
}

static bool valid_id(const char *id)
{
    return id && valid_id_n(id, strlen(id));
}

static Entry *find(const Progress *p, const char *id)
{
    for (size_t i = 0; id && i < p->n; i++)
        if (strcmp(p->v[i].id, id) == 0)
            return &p->v[i];
    return NULL;
}

/* The entry for a valid id, made when missing (kept sorted); NULL for an invalid id. */
static Entry *entry(Progress *p, const char *id)
{
    Entry *e = find(p, id);
    if (e || !valid_id(id))
        return e;
    size_t at = 0;
    while (at < p->n && strcmp(p->v[at].id, id) < 0)
        at++;
    p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
    memmove(&p->v[at + 1], &p->v[at], (p->n - at) * sizeof *p->v);
    p->v[at] = (Entry){xstrdup(id), 0, NULL, 0, 0};
    p->n++;
    return &p->v[at];
}

static bool has_done(const Entry *e, size_t step)
{
    size_t lo = 0, hi = e->ndone;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->done[mid] == step)
            return true;
        if (e->done[mid] < step)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void add_done(Entry *e, size_t step)
{
    if (has_done(e, step))
        return;
    size_t at = e->ndone;
    while (at > 0 && e->done[at - 1] > step)
        at--;
    e->done = xgrow(e->done, &e->cap, e->ndone + 1, sizeof *e->done);
    memmove(&e->done[at + 1], &e->done[at], (e->ndone - at) * sizeof *e->done);
    e->done[at] = step;
    e->ndone++;
}

size_t progress_current(const Progress *p, const char *lesson_id)
{
    const Entry *e = p ? find(p, lesson_id) : NULL;
    return e ? e->current : 0;
}

void progress_set_current(Progress *p, const char *lesson_id, size_t step)
{
    Entry *e = p && step <= PROGRESS_STEP_MAX ? entry(p, lesson_id) : NULL;
    if (e)
        e->current = step;
}

bool progress_done(const Progress *p, const char *lesson_id, size_t step)
{
    const Entry *e = p ? find(p, lesson_id) : NULL;
    return e && has_done(e, step);
}

void progress_mark_done(Progress *p, const char *lesson_id, size_t step)
{
    Entry *e = p && step <= PROGRESS_STEP_MAX ? entry(p, lesson_id) : NULL;
    if (e)
        add_done(e, step);
}

size_t progress_done_count(const Progress *p, const char *lesson_id)
{
    const Entry *e = p ? find(p, lesson_id) : NULL;
    return e ? e->ndone : 0;
}

void progress_reset(Progress *p, const char *lesson_id)
{
    Entry *e = p ? find(p, lesson_id) : NULL;
    if (!e)
        return;
    size_t at = (size_t)(e - p->v);
    free(e->id);
    free(e->done);
    memmove(&p->v[at], &p->v[at + 1], (p->n - at - 1) * sizeof *p->v);
    p->n--;
}

/* ---- reading ----------------------------------------------------------------------------- */

/* A decimal step number of n bytes (no sign); false when it is not one. */
static bool parse_step(const char *s, size_t n, size_t *out)
{
    if (n == 0 || n > 9)
        return false;
    size_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    *out = v;
    return v <= PROGRESS_STEP_MAX;
}

static bool valid_key(const char *s, size_t n)
{
    if (n == 0 || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
              s[i] == '_'))
            return false;
    return true;
}

/* One line (no '\n'); NULL when fine, else why it is damaged. */
static const char *parse_line(Progress *p, const char *line, size_t n)
{
    if (n > 0 && line[n - 1] == '\r')
        n--;
    const unsigned char *s = (const unsigned char *)line;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            return "not UTF-8";
        if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return "control character";
        i += len;
    }
    while (n > 0 && (*line == ' ' || *line == '\t'))
        line++, n--;
    if (n == 0 || line[0] == '#')
        return NULL; /* blank or comment */
    size_t idlen = 0;
    while (idlen < n && line[idlen] != ' ' && line[idlen] != '\t')
        idlen++;
    if (!valid_id_n(line, idlen))
        return "not a lesson id";
    char *id = xstrndup(line, idlen);
    if (find(p, id)) {
        free(id);
        return "the same lesson twice";
    }
    Entry e = {id, 0, NULL, 0, 0};
    bool have_current = false, have_done = false;
    const char *why = NULL;
    for (size_t k = idlen; k < n && !why;) {
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k >= n)
            break;
        size_t start = k;
        while (k < n && line[k] != ' ' && line[k] != '\t')
            k++;
        const char *f = line + start, *eq = memchr(f, '=', k - start);
        if (!eq || !valid_key(f, (size_t)(eq - f))) {
            why = "not KEY=VALUE";
            break;
        }
        size_t klen = (size_t)(eq - f), vlen = k - start - klen - 1;
        const char *v = eq + 1;
        if (klen == 7 && memcmp(f, "current", 7) == 0) {
            if (have_current || !parse_step(v, vlen, &e.current))
                why = "bad current step";
            have_current = true;
        } else if (klen == 4 && memcmp(f, "done", 4) == 0) {
            if (have_done)
                why = "done given twice";
            have_done = true;
            for (size_t a = 0; a < vlen && !why;) {
                size_t b = a;
                while (b < vlen && v[b] != ',')
                    b++;
                size_t step;
                if (!parse_step(v + a, b - a, &step) || (b == vlen - 1))
                    why = "bad done steps";
                else
                    add_done(&e, step);
                a = b + 1;
            }
        } /* another key: left for a later objscope */
    }
    if (!why && !have_current && !have_done)
        why = "no progress on the line";
    if (why) {
        free(e.id);
        free(e.done);
        return why;
    }
    Entry *slot = entry(p, e.id); /* valid and new: a fresh slot */
    free(e.id);
    slot->current = e.current;
    slot->done = e.done;
    slot->ndone = e.ndone;
    slot->cap = e.cap;
    return NULL;
}

/* Parse the whole text into p; 0, or the 1-based line that is damaged (*why says how). */
static int parse_text(Progress *p, const char *text, size_t n, const char **why)
{
    int line = 1;
    for (const char *s = text, *end = text + n; s < end; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t k = (size_t)((nl ? nl : end) - s);
        if (memchr(s, '\0', k)) {
            *why = "NUL byte";
            return line;
        }
        *why = parse_line(p, s, k);
        if (*why)
            return line;
        s += k + (nl != NULL);
    }
    return 0;
}

static char *warn(char **warning, char *msg)
{
    if (warning)
        *warning = msg;
    else
        free(msg);
    return NULL;
}

/* PATH.corrupt-N for the first free N, with the file moved there; NULL (errno set) if not. */
static char *move_aside(const char *path)
{
    for (int k = 1; k <= PROGRESS_CORRUPT_MAX; k++) {
        char *aside = xasprintf("%s.corrupt-%d", path, k);
        struct stat st;
        if (lstat(aside, &st) != 0 && errno == ENOENT) {
            if (rename(path, aside) == 0)
                return aside;
            free(aside);
            return NULL;
        }
        free(aside);
    }
    errno = EEXIST;
    return NULL;
}

int progress_load(Progress *p, const char *path, char **warning)
{
    if (warning)
        *warning = NULL;
    clear(p);
    if (!path)
        return 0;
    /* O_NONBLOCK so that a FIFO in the way cannot hang us; it is refused below. */
    const char *bad;
    int fd = files_open_regular(path, &bad);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        warn(warning, xasprintf("cannot read progress file %s: %s", path, bad));
        return -1;
    }
    size_t cap = PROGRESS_MAX_BYTES + 1, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(buf);
            warn(warning, xasprintf("cannot read progress file %s: %s", path, strerror(e)));
            return -1;
        }
        if (r == 0 || (len += (size_t)r) == cap)
            break;
    }
    close(fd);
    const char *why = "larger than 1 MB";
    int line = len < cap ? parse_text(p, buf, len, &why) : 1;
    free(buf);
    if (line == 0)
        return 0;
    clear(p);
    char *aside = move_aside(path);
    if (aside)
        warn(warning, xasprintf("progress file %s is damaged (line %d: %s); it was kept as %s "
                                "and lesson progress starts afresh",
                                path, line, why, aside));
    else
        warn(warning, xasprintf("progress file %s is damaged (line %d: %s) and could not be "
                                "moved aside: %s; lesson progress starts afresh",
                                path, line, why, strerror(errno)));
    free(aside);
    return 0;
}

/* ---- saving ------------------------------------------------------------------------------ */

static char *format(const Progress *p)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_puts(&b, "# objscope lesson progress: LESSON-ID current=STEP done=STEP,STEP,...\n");
    for (size_t i = 0; i < p->n; i++) {
        const Entry *e = &p->v[i];
        if (e->current == 0 && e->ndone == 0)
            continue;
        strbuf_printf(&b, "%s current=%zu done=", e->id, e->current);
        for (size_t k = 0; k < e->ndone; k++)
            strbuf_printf(&b, "%s%zu", k ? "," : "", e->done[k]);
        strbuf_putc(&b, '\n');
    }
    return strbuf_take(&b);
}

int progress_save(const Progress *p, const char *path, char **err)
{
    char *text = format(p);
    int rc = files_write_atomic(path, text, strlen(text), "progress", err);
    free(text);
    return rc;
}
