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
#include "ui/textwrap.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

#define PROMPT ">>> "
#define PROMPT2 "... "
#define PROMPT_W 4 /* of PROMPT and PROMPT2 */
#define POPUP_ROWS 8
#define HISTORY_MAX 1000

static void free_line(ReplLine *l)
{
    free(l->text);
    free(l->rows);
    memset(l, 0, sizeof *l);
}

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
        free_line(&r->lines[(r->first + i) % REPL_MAX_LINES]);
    free(r->lines);
    close_popup(r);
    free(r->asking);
    free(r->sig_name);
    free(r->sig_text);
    editor_free(r->ed);
    history_free(r->hist);
    free(r->hist_path);
    memset(r, 0, sizeof *r);
}

static void add_line(Repl *r, LineKind kind, const char *s, size_t n)
{
    if (r->len == REPL_MAX_LINES) { /* drop the oldest */
        free_line(&r->lines[r->first]);
        r->first = (r->first + 1) % REPL_MAX_LINES;
        r->len--;
    }
    size_t dropped = 0;
    if (n > REPL_LINE_MAX) { /* cut on a code point boundary */
        size_t keep = REPL_LINE_MAX;
        while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
            keep--;
        dropped = n - keep;
        n = keep;
    }
    ReplLine *l = &r->lines[(r->first + r->len++) % REPL_MAX_LINES];
    memset(l, 0, sizeof *l);
    /* Python writes its output and errors to the terminal as they are: tabs and carriage
     * returns are laid out here, every other control character escaped. */
    bool printed = kind == LINE_OUTPUT || kind == LINE_ERROR;
    l->text = printed ? termline(s, n) : sanitize_text(s, n, false);
    if (dropped) {
        char *cut = xasprintf("%s %s (%zu more bytes not shown)", l->text,
                              term_utf8() ? "\u2026" : "...", dropped);
        free(l->text);
        l->text = cut;
    }
    l->len = strlen(l->text);
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

void repl_echo_lines(Repl *r, const char *text)
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
    char *err = history_take_error(r->hist); /* an append that failed, said after the input */
    if (err)
        repl_print(r, LINE_ERROR, err);
    free(err);
    r->scroll = 0;
}

void repl_remember(Repl *r, const char *text)
{
    history_add(r->hist, text);
}

void repl_echo_input(Repl *r, const char *text)
{
    repl_remember(r, text);
    repl_echo_lines(r, text);
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

const char *repl_suggestion(const Repl *r)
{
    if (r->searching || r->cands || r->asking)
        return NULL;
    size_t n = editor_len(r->ed);
    const char *t = editor_text(r->ed);
    if (!n || editor_cursor(r->ed) != n || strspn(t, " \t\n") == n)
        return NULL;
    for (size_t i = history_count(r->hist); i-- > 0;) {
        const char *h = history_get(r->hist, i);
        if (strncmp(h, t, n) == 0 && h[n] && h[n + strspn(h + n, " \t\n")])
            return h + n;
    }
    return NULL;
}

/* Right or End at the end of the input: the suggestion becomes input (without the blank line
 * that ended a block). */
static bool accept_suggestion(Repl *r)
{
    const char *rest = repl_suggestion(r);
    if (!rest)
        return false;
    size_t n = strlen(rest);
    while (n && (rest[n - 1] == '\n' || rest[n - 1] == ' '))
        n--;
    editor_insert(r->ed, rest, n);
    return true;
}

static ReplEvent edit_key(Repl *r, Action a)
{
    Editor *e = r->ed;
    if ((a == ACT_RIGHT || a == ACT_END) && accept_suggestion(r))
        return REPL_REDRAW;
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
    case ACT_UNDO:
        if (!editor_undo(e))
            beep();
        break;
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

/* The call the cursor is in now (owned), or NULL. */
static char *current_callee(const Repl *r)
{
    return r->asking ? NULL : highlight_callee(editor_text(r->ed), editor_cursor(r->ed));
}

static bool same_name(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool repl_signature_stale(const Repl *r)
{
    char *callee = current_callee(r);
    bool stale = !same_name(callee, r->sig_name);
    free(callee);
    return stale;
}

void repl_update_signature(Repl *r)
{
    free(r->sig_name);
    free(r->sig_text);
    r->sig_name = current_callee(r);
    r->sig_text = r->sig_name ? interp_signature(r->sig_name) : NULL;
}

void repl_paste(Repl *r, const char *text)
{
    close_popup(r);
    r->searching = false;
    editor_insert(r->ed, text, strlen(text));
}

/* ---- drawing ------------------------------------------------------------------------------- */

/* A scrollback line's screen rows at `width` columns, worked out once per width: what code
 * printed breaks where the row is full, as in a terminal; objscope's own messages at words. */
static void wrap_line(ReplLine *l, int width)
{
    if (l->width == width)
        return;
    free(l->rows);
    bool words = l->kind == LINE_INFO;
    l->nrows = words ? textwrap_words(l->text, width, NULL, 0)
                     : textwrap_chars(l->text, l->len, width, NULL, 0);
    l->rows = xcalloc(l->nrows, sizeof *l->rows);
    if (words)
        textwrap_words(l->text, width, l->rows, l->nrows);
    else
        textwrap_chars(l->text, l->len, width, l->rows, l->nrows);
    l->width = width;
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
    for (size_t i = r->len; i-- > 0 && y >= 0;) {
        ReplLine *l = &r->lines[(r->first + i) % REPL_MAX_LINES];
        wrap_line(l, area.w);
        if (skip >= (long)l->nrows) { /* the whole line is scrolled past */
            skip -= (long)l->nrows;
            continue;
        }
        for (size_t k = l->nrows - (size_t)skip; k-- > 0 && y >= 0;) {
            size_t end = k + 1 < l->nrows ? l->rows[k + 1] : l->len;
            draw_textn(area.y + y, area.x, area.w, l->text + l->rows[k], end - l->rows[k],
                       line_attr(l->kind));
            y--;
        }
        skip = 0;
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

/* The input's screen rows at `width` columns: one per line, more where a line wraps, and an
 * empty one when the cursor sits past a full last row. */
typedef struct {
    size_t start, end; /* bytes of the text on this row */
    bool prompt;       /* the row starts a line (it gets ">>> " or "... ") */
} InputRow;

typedef struct {
    InputRow *rows;
    size_t n, cap;
    size_t cur_row;
    int cur_col;
} InputLayout;

static void add_row(InputLayout *l, size_t start, size_t end, bool prompt)
{
    l->rows = xgrow(l->rows, &l->cap, l->n + 1, sizeof *l->rows);
    l->rows[l->n++] = (InputRow){start, end, prompt};
}

static void input_layout(const char *text, size_t n, size_t cur, int width, InputLayout *l)
{
    memset(l, 0, sizeof *l);
    width = width > 1 ? width : 1;
    for (size_t ls = 0;;) {
        const char *nl = memchr(text + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - text) : n, first = l->n;
        size_t wraps = textwrap_chars(text + ls, le - ls, width, NULL, 0);
        size_t *starts = xcalloc(wraps, sizeof *starts);
        textwrap_chars(text + ls, le - ls, width, starts, wraps);
        for (size_t k = 0; k < wraps; k++)
            add_row(l, ls + starts[k], k + 1 < wraps ? ls + starts[k + 1] : le, k == 0);
        free(starts);
        if (cur >= ls && cur <= le) { /* the cursor is on this line: find its row */
            size_t row = first;
            while (row + 1 < l->n && l->rows[row + 1].start <= cur)
                row++;
            l->cur_row = row;
            l->cur_col = (int)editor_display_width(text + l->rows[row].start, cur - l->rows[row].start);
            if (l->cur_col >= width && cur == le) { /* past a full row: the cursor's own row */
                if (!nl)
                    add_row(l, le, le, false);
                l->cur_row = row + 1;
                l->cur_col = 0;
            }
        }
        if (!nl)
            break;
        ls = le + 1;
    }
}

/* Keep the cursor's row in the window of `h` rows from r->input_top, moving it as little as
 * possible, and never leaving empty rows below the input. */
static void scroll_input(Repl *r, const InputLayout *l, int h)
{
    size_t rows = (size_t)h;
    if (r->input_top > l->cur_row)
        r->input_top = l->cur_row;
    if (l->cur_row >= r->input_top + rows)
        r->input_top = l->cur_row - rows + 1;
    if (r->input_top + rows > l->n)
        r->input_top = l->n > rows ? l->n - rows : 0;
}

/* The prompt of a visible row: the first line's, "... ", or a mark that lines are hidden above
 * (on the top row) or below (on the bottom row). */
static void draw_row_prompt(const Repl *r, const InputLayout *l, size_t i, size_t top, int h,
                            int y, Rect area, int pw)
{
    bool utf8 = term_utf8();
    const char *p = !l->rows[i].prompt ? "" : l->rows[i].start == 0 ? (r->asking ? r->asking : PROMPT)
                                                                    : PROMPT2;
    if (i == top && top > 0)
        p = utf8 ? "\u2191.. " : "^.. "; /* rows hidden above */
    else if (i + 1 == top + (size_t)h && i + 1 < l->n)
        p = utf8 ? "\u2193.. " : "v.. "; /* rows hidden below */
    draw_fill(area.y + y, area.x, pw, colors_attr(CR_NORMAL));
    draw_text_cut(area.y + y, area.x, pw, p, colors_attr(CR_PROMPT), utf8);
}

/* The input rows [top, top + h) at screen rows y0.. of area, in the lexer's colours. */
static void draw_input(Repl *r, Rect area, int y0, int h, const InputLayout *l, int pw)
{
    const char *text = editor_text(r->ed);
    HighlightSpan *spans = NULL;
    size_t nspans = input_spans(r, text, editor_len(r->ed), &spans), s = 0;
    const char *rest = repl_suggestion(r);
    char *suggestion = rest ? xstrndup(rest, strcspn(rest, "\n")) : NULL; /* its first line */
    for (int y = 0; y < h && r->input_top + (size_t)y < l->n; y++) {
        size_t i = r->input_top + (size_t)y;
        const InputRow *row = &l->rows[i];
        draw_row_prompt(r, l, i, r->input_top, h, y0 + y, area, pw);
        int x = area.x + pw;
        for (size_t at = row->start; at < row->end;) {
            while (s + 1 < nspans && spans[s].start + spans[s].len <= at)
                s++;
            while (s > 0 && spans[s].start > at)
                s--;
            size_t stop = spans[s].start + spans[s].len;
            stop = stop > row->end || stop <= at ? row->end : stop;
            x += draw_textn(area.y + y0 + y, x, area.x + area.w - x, text + at, stop - at,
                            colors_attr(colors_for_highlight(spans[s].kind)));
            at = stop;
        }
        if (i == l->cur_row && suggestion) /* dim, after the cursor: Right takes it */
            draw_text_cut(area.y + y0 + y, x, area.x + area.w - x, suggestion,
                          colors_attr(CR_COMMENT) | A_DIM, term_utf8());
    }
    free(suggestion);
    free(spans);
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
    int pw = prompt_width(r, area.w);
    InputLayout l;
    input_layout(editor_text(r->ed), editor_len(r->ed), editor_cursor(r->ed), area.w - pw, &l);
    /* a line above the input: the Ctrl-R search, or the signature of the call being typed */
    char *callee = r->sig_text && !r->searching && !r->cands ? current_callee(r) : NULL;
    bool signature = callee && same_name(callee, r->sig_name);
    free(callee);
    int search = r->searching || signature ? 1 : 0;
    /* the input scrolls within the pane, keeping a row of output above it when there is room */
    int most = area.h - search - (area.h > 3 ? 1 : 0);
    int in_rows = l.n < (size_t)(most > 1 ? most : 1) ? (int)l.n : (most > 1 ? most : 1);
    scroll_input(r, &l, in_rows);
    int back_rows = area.h - in_rows - search;
    r->page = back_rows;
    draw_scrollback(r, area, back_rows);
    for (int y = back_rows; y < area.h; y++)
        draw_fill(area.y + y, area.x, area.w, colors_attr(CR_NORMAL));
    if (r->searching) {
        char line[200];
        snprintf(line, sizeof line, "(reverse-i-search)'%s': %s", r->search,
                 r->search_hit < 0 && r->search[0] ? "no match" : "");
        draw_text(area.y + back_rows, area.x, area.w, line, colors_attr(CR_INFO));
    } else if (signature) {
        draw_text_cut(area.y + back_rows, area.x + PROMPT_W, area.w - PROMPT_W, r->sig_text,
                      colors_attr(CR_INFO), term_utf8());
    }
    draw_input(r, area, back_rows + search, in_rows, &l, pw);
    if (r->cands)
        draw_popup(r, area, back_rows);
    if (focused) {
        int x = area.x + pw + l.cur_col;
        *cursor_set = true;
        *cy = area.y + back_rows + search + (int)(l.cur_row - r->input_top);
        *cx = x < area.x + area.w ? x : area.x + area.w - 1;
    }
    free(l.rows);
}
