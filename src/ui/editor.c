/* editor.c — the input line's text model (see editor.h).
 *
 * The text is one StrBuf (lines joined by '\n'); the cursor is a byte offset into it that sits on
 * a code point boundary. Bytes that are not valid UTF-8 are kept as they are and stepped over one
 * at a time (and count one column), so nothing the user pastes can confuse the cursor.
 *
 * Kills work like Emacs: consecutive kills collect into one piece of killed text (forward kills
 * append, backward kills prepend), any other command starts a new one. Up and Down remember the
 * column they aimed for, so moving through a short line and on keeps the original column. */
#include "ui/editor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ui/highlight.h"
#include "util/utf8.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define INDENT_STEP 4
#define NO_GOAL ((size_t)-1)
/* Undo keeps at most this many steps and this many bytes of old text (the oldest go first). */
#define UNDO_STEPS 200
#define UNDO_BYTES (4u << 20)

/* Typing and deleting characters go into one undo step per run, as in Emacs and bpython; a
 * space or a new line, any other command, or moving the cursor starts a new step. */
enum { GROUP_NONE, GROUP_TYPING, GROUP_DELETING };

typedef struct {
    char *text; /* owned */
    size_t len, cur;
} UndoStep;

struct Editor {
    StrBuf text;
    size_t cur;       /* byte offset of the cursor */
    StrBuf kill;      /* the last killed text */
    bool kill_chain;  /* the last command was a kill: the next kill adds to it */
    size_t goal;      /* display column Up/Down aim for during a run of them, else NO_GOAL */
    size_t indent_end; /* where the indentation editor_newline just added ends, while nothing
                        * else has changed; else NO_GOAL */
    UndoStep *undo;    /* the text before each change, oldest first */
    size_t nundo, cap_undo, undo_bytes;
    int group;         /* the kind of change a run of typing or deleting is (GROUP_*) */
};

/* ---- UTF-8 ---- */


static const unsigned char *bytes(const Editor *e) { return (const unsigned char *)e->text.data; }

/* The boundary after the code point at i (i < len); an invalid byte is a unit of its own. */
static size_t next_cp(const Editor *e, size_t i)
{
    uint32_t cp;
    size_t l = utf8_decode(bytes(e) + i, e->text.len - i, &cp);
    return i + (l ? l : 1);
}

/* The boundary before i (i > 0). Agrees with next_cp: a valid sequence is one unit. */
static size_t prev_cp(const Editor *e, size_t i)
{
    for (size_t k = 2; k <= 4 && k <= i; k++) {
        uint32_t cp;
        if (utf8_decode(bytes(e) + i - k, k, &cp) == k)
            return i - k;
    }
    return i - 1;
}

/* The code point at / before i; U+FFFD for an invalid byte. */
static uint32_t cp_at(const Editor *e, size_t i)
{
    uint32_t cp;
    return utf8_decode(bytes(e) + i, e->text.len - i, &cp) ? cp : 0xFFFD;
}

static uint32_t cp_before(const Editor *e, size_t i) { return cp_at(e, prev_cp(e, i)); }

/* Word characters for Alt-B/Alt-F/Ctrl-W and completion: ASCII letters, digits and '_' (fixed,
 * whatever the locale), and non-ASCII letters and digits (identifiers such as café, 变量). */
static bool is_word(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
               cp == '_';
    return cp != 0xFFFD && iswalnum((wint_t)cp);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static size_t cp_width(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : (size_t)w;
}

size_t editor_display_width(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(u + i, n - i, &cp);
        if (l == 0) { /* an invalid byte is shown as one replacement character */
            w++;
            i++;
            continue;
        }
        w += cp_width(cp);
        i += l;
    }
    return w;
}

/* ---- lines ---- */

static size_t line_start(const Editor *e, size_t i)
{
    while (i > 0 && e->text.data[i - 1] != '\n')
        i--;
    return i;
}

static size_t line_end(const Editor *e, size_t i)
{
    const char *nl = memchr(e->text.data + i, '\n', e->text.len - i);
    return nl ? (size_t)(nl - e->text.data) : e->text.len;
}

/* The last boundary in [from, to] whose display column (counted from `from`) is <= col. */
static size_t pos_at_column(const Editor *e, size_t from, size_t to, size_t col)
{
    size_t i = from, w = 0;
    while (i < to) {
        size_t j = next_cp(e, i);
        size_t cw = editor_display_width(e->text.data + i, j - i);
        if (w + cw > col)
            break;
        w += cw;
        i = j;
    }
    return i;
}

/* ---- raw edits ---- */

/* Bytes that are not valid UTF-8 can join with what is inserted or erased next to them into one
 * code point around the cursor (a pasted "\xe4\x89" before "\x86"): the cursor moves to that
 * code point's end (forward) or start. Only the run of continuation bytes before it is walked. */
static void snap_cursor(Editor *e, bool forward)
{
    size_t i = e->cur;
    while (i > 0 && ((unsigned char)e->text.data[i] & 0xC0) == 0x80)
        i--; /* a byte that is not a continuation byte always starts a code point */
    while (i < e->cur) {
        size_t j = next_cp(e, i);
        if (j > e->cur) {
            e->cur = forward ? j : i;
            return;
        }
        i = j;
    }
}

static void put(Editor *e, size_t at, const char *s, size_t n)
{
    StrBuf *b = &e->text;
    uintptr_t p = (uintptr_t)s, lo = (uintptr_t)b->data;
    char *copy = NULL;
    if (n > 0 && p >= lo && p < lo + b->cap) /* text from the editor itself (editor_text()) */
        s = copy = xstrndup(s, n);
    b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
    memmove(b->data + at + n, b->data + at, b->len - at + 1);
    memcpy(b->data + at, s, n);
    b->len += n;
    if (e->cur >= at)
        e->cur += n;
    snap_cursor(e, true);
    free(copy);
}

/* Insert at the cursor, leaving out NUL bytes (the text is a C string). */
static void put_text(Editor *e, const char *s, size_t n)
{
    while (n > 0) {
        const char *z = memchr(s, '\0', n);
        size_t k = z ? (size_t)(z - s) : n;
        put(e, e->cur, s, k);
        if (!z)
            break;
        s += k + 1;
        n -= k + 1;
    }
}

static void erase(Editor *e, size_t a, size_t b)
{
    StrBuf *t = &e->text;
    memmove(t->data + a, t->data + b, t->len - b + 1);
    t->len -= b - a;
    if (e->cur >= b)
        e->cur -= b - a;
    else if (e->cur > a)
        e->cur = a;
    snap_cursor(e, false);
}

/* Every command but the kills and Up/Down ends a kill chain and forgets the goal column. */
static void touch(Editor *e)
{
    e->kill_chain = false;
    e->goal = NO_GOAL;
    e->indent_end = NO_GOAL;
    e->group = GROUP_NONE;
}

static void drop_oldest_undo(Editor *e)
{
    e->undo_bytes -= e->undo[0].len;
    free(e->undo[0].text);
    memmove(e->undo, e->undo + 1, (e->nundo - 1) * sizeof *e->undo);
    e->nundo--;
}

/* Keep the text as it is now, for undo. */
static void remember(Editor *e)
{
    while (e->nundo && (e->nundo >= UNDO_STEPS || e->undo_bytes + e->text.len > UNDO_BYTES))
        drop_oldest_undo(e);
    if (e->text.len > UNDO_BYTES)
        return; /* too large to keep a copy of: this change cannot be undone */
    e->undo = xgrow(e->undo, &e->cap_undo, e->nundo + 1, sizeof *e->undo);
    e->undo[e->nundo++] = (UndoStep){xstrndup(e->text.data, e->text.len), e->text.len, e->cur};
    e->undo_bytes += e->text.len;
}

/* Every command that changes the text starts here: a change that goes on a run of the same
 * kind (typing, deleting) joins its undo step, any other remembers the text first. */
static void begin_change(Editor *e, int group)
{
    int running = e->group;
    touch(e);
    if (group == GROUP_NONE || group != running)
        remember(e);
    e->group = group;
}

static void forget_undo(Editor *e)
{
    while (e->nundo)
        drop_oldest_undo(e);
}

/* Kill [a, b): becomes the killed text, or joins it when the previous command was a kill. */
static void kill_region(Editor *e, size_t a, size_t b, bool backward)
{
    e->goal = NO_GOAL;
    e->indent_end = NO_GOAL;
    if (a == b)
        return; /* nothing killed: the killed text and the chain stay as they were */
    remember(e);
    e->group = GROUP_NONE;
    if (!e->kill_chain) {
        e->kill.len = 0;
        e->kill.data[0] = '\0';
    }
    if (backward) {
        StrBuf k;
        strbuf_init(&k);
        strbuf_add(&k, e->text.data + a, b - a);
        strbuf_add(&k, e->kill.data, e->kill.len);
        strbuf_free(&e->kill);
        e->kill = k;
    } else {
        strbuf_add(&e->kill, e->text.data + a, b - a);
    }
    erase(e, a, b);
    e->kill_chain = true;
}

/* ---- public ---- */

Editor *editor_new(void)
{
    Editor *e = xcalloc(1, sizeof *e);
    strbuf_init(&e->text);
    strbuf_init(&e->kill);
    e->goal = NO_GOAL;
    e->indent_end = NO_GOAL;
    return e;
}

void editor_free(Editor *e)
{
    if (!e)
        return;
    strbuf_free(&e->text);
    strbuf_free(&e->kill);
    forget_undo(e);
    free(e->undo);
    free(e);
}

const char *editor_text(const Editor *e) { return e->text.data; }
size_t editor_len(const Editor *e) { return e->text.len; }
size_t editor_cursor(const Editor *e) { return e->cur; }
const char *editor_killed(const Editor *e) { return e->kill.data; }

void editor_set(Editor *e, const char *text)
{
    touch(e);
    forget_undo(e); /* a new input (recalled, cleared): its undo starts here */
    char *copy = xstrdup(text ? text : ""); /* text may be editor_text(e) itself */
    e->text.len = 0;
    e->text.data[0] = '\0';
    e->cur = 0;
    put(e, 0, copy, strlen(copy));
    e->cur = e->text.len;
    free(copy);
}

void editor_clear(Editor *e) { editor_set(e, ""); }

void editor_set_cursor(Editor *e, size_t pos)
{
    touch(e);
    if (pos > e->text.len)
        pos = e->text.len;
    size_t i = line_start(e, pos);
    while (i < pos) {
        size_t j = next_cp(e, i);
        if (j > pos)
            break;
        i = j;
    }
    e->cur = i;
}

void editor_cursor_rowcol(const Editor *e, size_t *line, size_t *col)
{
    size_t n = 0;
    for (const char *p = e->text.data, *end = e->text.data + e->cur;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    size_t ls = line_start(e, e->cur);
    if (line)
        *line = n;
    if (col)
        *col = editor_display_width(e->text.data + ls, e->cur - ls);
}

size_t editor_line_count(const Editor *e)
{
    size_t n = 1;
    for (const char *p = e->text.data, *end = e->text.data + e->text.len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    return n;
}

void editor_insert(Editor *e, const char *s, size_t n)
{
    if (n == 0)
        return;
    bool word = n <= 4 && !memchr(s, ' ', n) && !memchr(s, '\n', n) && !memchr(s, '\t', n);
    begin_change(e, word ? GROUP_TYPING : GROUP_NONE);
    put_text(e, s, n);
}

bool editor_undo(Editor *e)
{
    if (!e->nundo)
        return false;
    UndoStep u = e->undo[--e->nundo];
    e->undo_bytes -= u.len;
    touch(e);
    e->text.len = 0;
    e->text.data[0] = '\0';
    e->cur = 0;
    put(e, 0, u.text, u.len);
    e->cur = u.cur;
    free(u.text);
    return true;
}

/* Does the code before the cursor on its line end with ':' (ignoring blanks and a comment, and
 * not inside a string)? The lexer over the whole text so far knows strings and comments. */
static bool opens_block(const Editor *e, size_t ls)
{
    HighlightSpan *spans = NULL;
    size_t ns = highlight(e->text.data, e->cur, &spans);
    bool colon = false;
    size_t s = ns;
    for (size_t p = e->cur; p > ls; p--) {
        size_t i = p - 1;
        if (is_blank(e->text.data[i]))
            continue;
        while (s > 0 && spans[s - 1].start > i)
            s--;
        HighlightKind k = s > 0 ? spans[s - 1].kind : HL_TEXT;
        if (k == HL_COMMENT)
            continue;
        colon = e->text.data[i] == ':' && k == HL_TEXT;
        break;
    }
    free(spans);
    return colon;
}

void editor_newline(Editor *e)
{
    begin_change(e, GROUP_NONE);
    size_t ls = line_start(e, e->cur);
    size_t ind = ls;
    while (ind < e->cur && is_blank(e->text.data[ind]))
        ind++;
    StrBuf nl;
    strbuf_init(&nl);
    strbuf_putc(&nl, '\n');
    strbuf_add(&nl, e->text.data + ls, ind - ls);
    if (opens_block(e, ls))
        strbuf_add(&nl, "    ", INDENT_STEP);
    put(e, e->cur, nl.data, nl.len);
    strbuf_free(&nl);
    e->indent_end = e->cur;
}

bool editor_drop_autoindent(Editor *e)
{
    if (e->indent_end != e->cur)
        return false;
    size_t ls = line_start(e, e->cur);
    e->indent_end = NO_GOAL;
    if (ls == e->cur)
        return false;
    erase(e, ls, e->cur);
    return true;
}

void editor_backspace(Editor *e)
{
    if (e->cur == 0) {
        touch(e);
        return;
    }
    begin_change(e, GROUP_DELETING);
    size_t ls = line_start(e, e->cur);
    if (e->cur > ls) {
        size_t i = ls;
        while (i < e->cur && e->text.data[i] == ' ')
            i++;
        if (i == e->cur) { /* only spaces before the cursor: back to the previous stop */
            size_t col = e->cur - ls;
            erase(e, ls + (col - 1) / INDENT_STEP * INDENT_STEP, e->cur);
            return;
        }
    }
    erase(e, prev_cp(e, e->cur), e->cur);
}

void editor_delete(Editor *e)
{
    if (e->cur >= e->text.len) {
        touch(e);
        return;
    }
    begin_change(e, GROUP_DELETING);
    erase(e, e->cur, next_cp(e, e->cur));
}

void editor_left(Editor *e)
{
    touch(e);
    if (e->cur > 0)
        e->cur = prev_cp(e, e->cur);
}

void editor_right(Editor *e)
{
    touch(e);
    if (e->cur < e->text.len)
        e->cur = next_cp(e, e->cur);
}

void editor_word_left(Editor *e)
{
    touch(e);
    size_t i = e->cur;
    while (i > 0 && !is_word(cp_before(e, i)))
        i = prev_cp(e, i);
    while (i > 0 && is_word(cp_before(e, i)))
        i = prev_cp(e, i);
    e->cur = i;
}

void editor_word_right(Editor *e)
{
    touch(e);
    size_t i = e->cur, n = e->text.len;
    while (i < n && !is_word(cp_at(e, i)))
        i = next_cp(e, i);
    while (i < n && is_word(cp_at(e, i)))
        i = next_cp(e, i);
    e->cur = i;
}

void editor_home(Editor *e)
{
    touch(e);
    e->cur = line_start(e, e->cur);
}

void editor_end(Editor *e)
{
    touch(e);
    e->cur = line_end(e, e->cur);
}

bool editor_up(Editor *e)
{
    e->kill_chain = false;
    e->indent_end = NO_GOAL;
    size_t ls = line_start(e, e->cur);
    if (ls == 0)
        return false;
    if (e->goal == NO_GOAL)
        e->goal = editor_display_width(e->text.data + ls, e->cur - ls);
    size_t pls = line_start(e, ls - 1);
    e->cur = pos_at_column(e, pls, ls - 1, e->goal);
    return true;
}

bool editor_down(Editor *e)
{
    e->kill_chain = false;
    e->indent_end = NO_GOAL;
    size_t le = line_end(e, e->cur);
    if (le == e->text.len)
        return false;
    size_t ls = line_start(e, e->cur);
    if (e->goal == NO_GOAL)
        e->goal = editor_display_width(e->text.data + ls, e->cur - ls);
    e->cur = pos_at_column(e, le + 1, line_end(e, le + 1), e->goal);
    return true;
}

void editor_kill_to_end(Editor *e)
{
    size_t le = line_end(e, e->cur);
    if (e->cur < le)
        kill_region(e, e->cur, le, false);
    else if (le < e->text.len)
        kill_region(e, e->cur, le + 1, false); /* at the end of a line: join the next one */
    else
        e->goal = NO_GOAL;
}

void editor_kill_to_start(Editor *e)
{
    kill_region(e, line_start(e, e->cur), e->cur, true);
}

void editor_kill_word_back(Editor *e)
{
    size_t ls = line_start(e, e->cur);
    if (e->cur == ls) { /* nothing before the cursor on this line: join with the line above */
        kill_region(e, e->cur > 0 ? e->cur - 1 : 0, e->cur, true);
        return;
    }
    size_t i = e->cur;
    while (i > ls && is_blank(e->text.data[i - 1]))
        i--;
    if (i > ls && is_word(cp_before(e, i))) {
        while (i > ls && is_word(cp_before(e, i)))
            i = prev_cp(e, i);
    } else {
        while (i > ls && !is_blank(e->text.data[i - 1]) && !is_word(cp_before(e, i)))
            i = prev_cp(e, i);
    }
    kill_region(e, i, e->cur, true);
}

void editor_yank(Editor *e)
{
    begin_change(e, GROUP_NONE);
    put(e, e->cur, e->kill.data, e->kill.len);
}

char *editor_word_before_cursor(const Editor *e)
{
    size_t i = e->cur;
    while (i > 0 && (e->text.data[i - 1] == '.' || is_word(cp_before(e, i))))
        i = prev_cp(e, i);
    return xstrndup(e->text.data + i, e->cur - i);
}

void editor_replace_before_cursor(Editor *e, size_t n, const char *s)
{
    begin_change(e, GROUP_NONE);
    if (n > e->cur)
        n = e->cur;
    erase(e, e->cur - n, e->cur);
    if (s)
        put_text(e, s, strlen(s));
}
