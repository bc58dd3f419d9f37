/* repl.c — the REPL pane (see repl.h): scrollback ring, input editing keys, history with Ctrl-R,
 * completion popup, and drawing with syntax colours. What code printed goes into the scrollback
 * laid out as a terminal would show it (termline.h). Drawing walks the scrollback from the
 * newest line up and stops when the pane is full. */
#include "ui/repl.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py/interp.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/highlight.h"
#include "ui/term.h"
#include "ui/termline.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

#define PROMPT ">>> "
#define PROMPT2 "... "
#define PROMPT_W 4 /* of PROMPT and PROMPT2 */
#define POPUP_ROWS 8
#define HISTORY_MAX 1000

void repl_init(Repl *r, const char *history_path)
{
    memset(r, 0, sizeof *r);
    r->lines = xcalloc(REPL_MAX_LINES, sizeof *r->lines);
    r->ed = editor_new();
    r->hist = history_new(HISTORY_MAX);
    r->search_hit = -1;
    if (history_path) {
        r->hist_path = xstrdup(history_path);
        char *err = NULL;
        if (history_open(r->hist, history_path, &err) < 0 && err)
            repl_print(r, LINE_ERROR, err);
        free(err);
    }
}

static void close_popup(Repl *r)
{
    interp_strings_free(r->cands, r->ncands);
    r->cands = NULL;
    r->ncands = r->cand_sel = 0;
}

void repl_free(Repl *r)
{
    for (size_t i = 0; i < r->len; i++)
        free(r->lines[(r->first + i) % REPL_MAX_LINES].text);
    free(r->lines);
    close_popup(r);
    free(r->asking);
    editor_free(r->ed);
    history_free(r->hist);
    free(r->hist_path);
    memset(r, 0, sizeof *r);
}

static void add_line(Repl *r, LineKind kind, const char *s, size_t n)
{
    if (r->len == REPL_MAX_LINES) { /* drop the oldest */
        free(r->lines[r->first].text);
        r->first = (r->first + 1) % REPL_MAX_LINES;
        r->len--;
    }
    ReplLine *l = &r->lines[(r->first + r->len++) % REPL_MAX_LINES];
    /* Python writes its output and errors to the terminal as they are: tabs and carriage
     * returns are laid out here, every other control character escaped. */
    bool printed = kind == LINE_OUTPUT || kind == LINE_ERROR;
    l->text = printed ? termline(s, n) : sanitize_text(s, n, false);
    l->kind = kind;
}

void repl_print(Repl *r, LineKind kind, const char *text)
{
    if (!text || !*text)
        return;
    const char *p = text;
    size_t len = strlen(text);
    if (len && text[len - 1] == '\n')
        len--; /* a final newline ends the last line; it does not start another */
    const char *end = text + len;
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        add_line(r, kind, p, (size_t)(stop - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    r->scroll = 0;
}

void repl_echo_input(Repl *r, const char *text)
{
    const char *p = text;
    for (bool first = true; p; first = false) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = xasprintf("%s%.*s", first ? PROMPT : PROMPT2, (int)n, p);
        add_line(r, LINE_INPUT, line, strlen(line));
        free(line);
        p = nl ? nl + 1 : NULL;
    }
    history_add(r->hist, text); /* and to the history file */
    char *err = history_take_error(r->hist);
    if (err)
        repl_print(r, LINE_ERROR, err);
    free(err);
    r->scroll = 0;
}

void repl_ask(Repl *r, const char *prompt)
{
    free(r->asking);
    r->asking = NULL;
    if (!prompt)
        return;
    const char *last = strrchr(prompt, '\n');
    if (last) {
        char *before = xstrndup(prompt, (size_t)(last - prompt));
        repl_print(r, LINE_OUTPUT, before);
        free(before);
    }
    const char *line = last ? last + 1 : prompt;
    r->asking = termline(line, strlen(line)); /* the prompt is printed output too */
}

void repl_echo_answer(Repl *r, const char *answer)
{
    char *line = xasprintf("%s%s", r->asking ? r->asking : "", answer);
    add_line(r, LINE_INPUT, line, strlen(line));
    free(line);
    r->scroll = 0;
}

ReplEvent repl_answer_key(Repl *r, Action a, const char *typed)
{
    switch (a) {
    case ACT_NEWLINE: case ACT_UP: case ACT_DOWN: case ACT_SEARCH: case ACT_COMPLETE:
        return REPL_NOTHING;
    case ACT_CANCEL_LINE: return REPL_CANCEL;
    default: return repl_key(r, a, typed);
    }
}

/* ---- keys ---------------------------------------------------------------------------------- */

static void search_update(Repl *r, size_t before)
{
    long hit = history_search_back(r->hist, r->search, before);
    if (hit >= 0) {
        r->search_hit = hit;
        editor_set(r->ed, history_get(r->hist, (size_t)hit));
    }
}

/* Keys while Ctrl-R is active: typing refines, Ctrl-R goes older, Enter/Esc leave. */
static bool search_key(Repl *r, Action a, const char *typed)
{
    size_t n = strlen(r->search);
    if (typed) {
        if (n + strlen(typed) < sizeof r->search - 1)
            strcat(r->search, typed);
        search_update(r, history_count(r->hist));
        return true;
    }
    if (a == ACT_SEARCH) {
        search_update(r, r->search_hit >= 0 ? (size_t)r->search_hit : history_count(r->hist));
        return true;
    }
    if (a == ACT_BACKSPACE) {
        if (n)
            r->search[n - 1] = '\0';
        search_update(r, history_count(r->hist));
        return true;
    }
    r->searching = false;
    if (a == ACT_CANCEL_LINE) {
        editor_clear(r->ed);
        return true;
    }
    if (a == ACT_ESCAPE)
        return true; /* keep the match, leave the search */
    return a == ACT_NONE; /* any other key: keep the match and act on the key */
}

static char *common_prefix(char **v, size_t n)
{
    size_t len = strlen(v[0]);
    for (size_t i = 1; i < n; i++) {
        size_t k = 0;
        while (k < len && v[i][k] == v[0][k])
            k++;
        len = k;
    }
    return xstrndup(v[0], len);
}

static ReplEvent complete(Repl *r)
{
    if (r->cands) { /* Tab again: next candidate */
        r->cand_sel = (r->cand_sel + 1) % r->ncands;
        return REPL_REDRAW;
    }
    char *word = editor_word_before_cursor(r->ed);
    if (!*word) {
        free(word);
        if (editor_len(r->ed) == 0)
            return REPL_FOCUS;
        editor_insert(r->ed, "    ", 4); /* Tab after indentation indents */
        return REPL_REDRAW;
    }
    size_t n = 0;
    char **c = interp_complete(word, &n);
    if (n == 1) {
        editor_replace_before_cursor(r->ed, strlen(word), c[0]);
        interp_strings_free(c, n);
    } else if (n > 1) {
        char *prefix = common_prefix(c, n);
        if (strlen(prefix) > strlen(word))
            editor_replace_before_cursor(r->ed, strlen(word), prefix);
        r->cand_word = strlen(prefix) > strlen(word) ? strlen(prefix) : strlen(word);
        free(prefix);
        r->cands = c;
        r->ncands = n;
        r->cand_sel = 0;
    } else {
        beep();
    }
    free(word);
    return REPL_REDRAW;
}

static bool popup_key(Repl *r, Action a)
{
    switch (a) {
    case ACT_UP: r->cand_sel = (r->cand_sel + r->ncands - 1) % r->ncands; return true;
    case ACT_DOWN: r->cand_sel = (r->cand_sel + 1) % r->ncands; return true;
    case ACT_SUBMIT:
        editor_replace_before_cursor(r->ed, r->cand_word, r->cands[r->cand_sel]);
        close_popup(r);
        return true;
    case ACT_COMPLETE: return false;
    default: close_popup(r); return a == ACT_CANCEL_LINE || a == ACT_ESCAPE;
    }
}

static void history_move(Repl *r, bool older)
{
    const char *entry = older ? history_prev(r->hist, editor_text(r->ed)) : history_next(r->hist);
    if (entry)
        editor_set(r->ed, entry);
}

static ReplEvent edit_key(Repl *r, Action a)
{
    Editor *e = r->ed;
    switch (a) {
    case ACT_SUBMIT: return REPL_SUBMIT;
    case ACT_NEWLINE: editor_newline(e); break;
    case ACT_LEFT: editor_left(e); break;
    case ACT_RIGHT: editor_right(e); break;
    case ACT_WORD_LEFT: editor_word_left(e); break;
    case ACT_WORD_RIGHT: editor_word_right(e); break;
    case ACT_HOME: editor_home(e); break;
    case ACT_END: editor_end(e); break;
    case ACT_BACKSPACE: editor_backspace(e); break;
    case ACT_DELETE_OR_EOF:
        if (editor_len(e) == 0)
            return REPL_QUIT;
        editor_delete(e);
        break;
    case ACT_KILL_END: editor_kill_to_end(e); break;
    case ACT_KILL_START: editor_kill_to_start(e); break;
    case ACT_KILL_WORD: editor_kill_word_back(e); break;
    case ACT_YANK: editor_yank(e); break;
    case ACT_UP: if (!editor_up(e)) history_move(r, true); break;
    case ACT_DOWN: if (!editor_down(e)) history_move(r, false); break;
    case ACT_SEARCH:
        r->searching = true;
        r->search[0] = '\0';
        r->search_hit = -1;
        break;
    case ACT_COMPLETE: return complete(r);
    case ACT_CANCEL_LINE: /* as Python's prompt does with Ctrl-C */
        if (editor_len(e))
            repl_echo_input(r, editor_text(e));
        repl_print(r, LINE_ERROR, "KeyboardInterrupt");
        editor_clear(e);
        history_reset_navigation(r->hist);
        break;
    case ACT_SCROLL_UP: r->scroll += (size_t)(r->page > 2 ? r->page - 2 : 1); break;
    case ACT_SCROLL_DOWN: {
        size_t step = (size_t)(r->page > 2 ? r->page - 2 : 1);
        r->scroll = r->scroll > step ? r->scroll - step : 0;
        break;
    }
    default: return REPL_NOTHING;
    }
    return REPL_REDRAW;
}

ReplEvent repl_key(Repl *r, Action a, const char *typed)
{
    if (r->searching && search_key(r, a, typed))
        return REPL_REDRAW;
    if (r->cands && popup_key(r, a))
        return REPL_REDRAW;
    if (typed) {
        editor_insert(r->ed, typed, strlen(typed));
        history_reset_navigation(r->hist);
        return REPL_REDRAW;
    }
    return edit_key(r, a);
}

void repl_paste(Repl *r, const char *text)
{
    close_popup(r);
    r->searching = false;
    editor_insert(r->ed, text, strlen(text));
}

/* ---- drawing ------------------------------------------------------------------------------- */

/* Byte offsets where each screen row of a line starts when wrapped at `width` columns. */
static size_t wrap(const char *s, int width, size_t *starts, size_t max)
{
    size_t n = 0, len = strlen(s), i = 0;
    starts[n++] = 0;
    int col = 0;
    while (i < len && n < max) {
        size_t k = 1;
        while (i + k < len && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        int w = draw_width(s + i, k);
        if (col + w > width) {
            starts[n++] = i;
            col = 0;
        }
        col += w;
        i += k;
    }
    return n;
}

static attr_t line_attr(LineKind k)
{
    static const ColorRole roles[] = {
        [LINE_INPUT] = CR_NORMAL, [LINE_OUTPUT] = CR_OUTPUT, [LINE_ERROR] = CR_ERROR,
        [LINE_RESULT] = CR_RESULT, [LINE_INFO] = CR_INFO,
    };
    return colors_attr(roles[k]);
}

/* Scrollback in rows [area.y, area.y + h), newest at the bottom, skipping r->scroll rows. */
static void draw_scrollback(Repl *r, Rect area, int h)
{
    for (int y = 0; y < h; y++)
        draw_fill(area.y + y, area.x, area.w, colors_attr(CR_NORMAL));
    long skip = (long)r->scroll;
    int y = h - 1;
    size_t starts[512];
    for (size_t i = r->len; i-- > 0 && y >= 0;) {
        const ReplLine *l = &r->lines[(r->first + i) % REPL_MAX_LINES];
        size_t n = wrap(l->text, area.w, starts, sizeof starts / sizeof starts[0]);
        for (size_t k = n; k-- > 0 && y >= 0;) {
            if (skip > 0) {
                skip--;
                continue;
            }
            size_t end = k + 1 < n ? starts[k + 1] : strlen(l->text);
            draw_textn(area.y + y, area.x, area.w, l->text + starts[k], end - starts[k],
                       line_attr(l->kind));
            y--;
        }
    }
    if (skip > 0 && r->scroll > 0)
        r->scroll -= (size_t)skip; /* scrolled past the oldest line: stop there */
    if (y >= 0 && r->scroll > 0) { /* the oldest line is shown with room above: fill it */
        size_t room = (size_t)y + 1;
        r->scroll = r->scroll > room ? r->scroll - room : 0;
        draw_scrollback(r, area, h);
    }
}

/* The width of the first line's prompt: an input() prompt may be long, but leaves the answer
 * at least half the pane. */
static int prompt_width(const Repl *r, int area_w)
{
    if (!r->asking)
        return PROMPT_W;
    int w = draw_width(r->asking, strlen(r->asking));
    return w < area_w / 2 ? w : area_w / 2;
}

/* Python input is coloured by the lexer; an answer to input() is plain text. */
static size_t input_spans(const Repl *r, const char *text, size_t n, HighlightSpan **spans)
{
    if (!r->asking)
        return highlight(text, n, spans);
    *spans = xcalloc(1, sizeof **spans);
    (*spans)[0] = (HighlightSpan){.start = 0, .len = n, .kind = HL_TEXT};
    return 1;
}

/* The input lines with prompts and colours; returns the rows used, and the cursor position. */
static int draw_input(Repl *r, Rect area, int y0, int *cy, int *cx)
{
    const char *text = editor_text(r->ed);
    size_t n = editor_len(r->ed), cur = editor_cursor(r->ed);
    HighlightSpan *spans = NULL;
    size_t nspans = input_spans(r, text, n, &spans);
    const char *first = r->asking ? r->asking : PROMPT;
    int pw = prompt_width(r, area.w);
    int width = area.w - pw, y = y0, x = 0;
    bool line_start = true;
    *cy = y0;
    *cx = area.x + pw;
    for (size_t s = 0; s < nspans; s++) {
        attr_t a = colors_attr(colors_for_highlight(spans[s].kind));
        for (size_t i = spans[s].start; i < spans[s].start + spans[s].len;) {
            if (line_start) {
                draw_text_cut(area.y + y, area.x, pw, y == y0 ? first : PROMPT2,
                              colors_attr(CR_PROMPT), term_utf8());
                line_start = false;
            }
            if (i == cur) { *cy = y; *cx = area.x + pw + x; }
            if (text[i] == '\n') { y++; x = 0; line_start = true; i++; continue; }
            size_t k = 1;
            while (i + k < n && ((unsigned char)text[i + k] & 0xC0) == 0x80)
                k++;
            int w = draw_width(text + i, k);
            if (x + w > width) { y++; x = 0; draw_fill(area.y + y, area.x, pw, colors_attr(CR_NORMAL)); }
            draw_textn(area.y + y, area.x + pw + x, w, text + i, k, a);
            x += w;
            i += k;
        }
    }
    if (line_start)
        draw_text_cut(area.y + y, area.x, pw, y == y0 ? first : PROMPT2, colors_attr(CR_PROMPT),
                      term_utf8());
    if (cur >= n) {
        if (x >= width) { y++; x = 0; }
        *cy = y;
        *cx = area.x + pw + x;
    }
    free(spans);
    *cy += area.y;
    return y - y0 + 1;
}

/* Rows the input will take at this width (wrapped lines), without drawing. */
static int input_rows(Repl *r, int width)
{
    const char *t = editor_text(r->ed);
    int rows = 1, x = 0;
    for (size_t i = 0; t[i];) {
        if (t[i] == '\n') { rows++; x = 0; i++; continue; }
        size_t k = 1;
        while (t[i + k] && ((unsigned char)t[i + k] & 0xC0) == 0x80)
            k++;
        int w = draw_width(t + i, k);
        if (x + w > width) { rows++; x = 0; }
        x += w;
        i += k;
    }
    return rows;
}

static void draw_popup(Repl *r, Rect area, int bottom)
{
    int rows = (int)(r->ncands < POPUP_ROWS ? r->ncands : POPUP_ROWS);
    if (rows > bottom)
        rows = bottom;
    size_t first = r->cand_sel >= (size_t)rows ? r->cand_sel - (size_t)rows + 1 : 0;
    int w = 2;
    for (size_t c = 0; c < r->ncands; c++) {
        int cw = draw_width(r->cands[c], strlen(r->cands[c])) + 2;
        w = cw > w ? cw : w;
    }
    int x = area.x + PROMPT_W;
    if (w > area.w - PROMPT_W)
        w = area.w - PROMPT_W;
    for (int i = 0; i < rows; i++) {
        size_t c = first + (size_t)i;
        attr_t a = colors_attr(c == r->cand_sel ? CR_POPUP_SELECTED : CR_POPUP);
        int y = area.y + bottom - rows + i;
        draw_fill(y, x, w, a);
        draw_text(y, x + 1, w - 2, r->cands[c], a);
    }
}

void repl_draw(Repl *r, Rect area, bool focused, bool *cursor_set, int *cy, int *cx)
{
    if (area.h <= 0)
        return;
    int in_rows = input_rows(r, area.w - prompt_width(r, area.w));
    if (in_rows > area.h)
        in_rows = area.h;
    int back_rows = area.h - in_rows - (r->searching ? 1 : 0);
    r->page = back_rows;
    draw_scrollback(r, area, back_rows);
    for (int y = back_rows; y < area.h; y++)
        draw_fill(area.y + y, area.x, area.w, colors_attr(CR_NORMAL));
    if (r->searching) {
        char line[200];
        snprintf(line, sizeof line, "(reverse-i-search)'%s': %s", r->search,
                 r->search_hit < 0 && r->search[0] ? "no match" : "");
        draw_text(area.y + back_rows, area.x, area.w, line, colors_attr(CR_INFO));
    }
    int y, x;
    draw_input(r, area, area.h - in_rows, &y, &x);
    if (r->cands)
        draw_popup(r, area, back_rows);
    if (focused) {
        *cursor_set = true;
        *cy = y;
        *cx = x < area.x + area.w ? x : area.x + area.w - 1;
    }
}
