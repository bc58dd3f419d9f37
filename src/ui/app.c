/* app.c — the explorer's main loop: reads keys (and pastes, mouse, resizes), dispatches them
 * through the key tables to the REPL or the diagram, runs learner code and : commands, and
 * draws every pane from scratch on each change. The deep-size count runs between keys. */
#include "ui/app.h"

#include <ctype.h>
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "py/interp.h"
#include "ui/colors.h"
#include "ui/diagram.h"
#include "ui/draw.h"
#include "ui/geometry.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "ui/keys.h"
#include "ui/lessonview.h"
#include "ui/repl.h"
#include "ui/term.h"
#include "ui/theme.h"
#include "util/datadir.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

typedef struct {
    Repl repl;
    Diagram diagram;
    Pane focus;
    bool help;
    int help_top;
    bool quit;
    int status;
    bool utf8;
    bool running; /* learner code is running (for the status line) */
    ScreenGeometry geo;
    bool pasting;
    StrBuf paste;
    double started_us; /* when the process started (for the first-frame benchmark) */
    LessonView *lesson;     /* the open lesson, or NULL */
    bool lesson_keyed;      /* the key being handled went to the lesson pane */
    Progress *progress;     /* every lesson's progress, loaded once */
    char *progress_path;
    bool menu;              /* the lesson list is showing */
    size_t menu_sel;
    char **menu_paths;      /* the shipped lessons */
    Lesson **menu_lessons;  /* each parsed once when the list opens (NULL: unreadable) */
    size_t menu_len;
    char *trust_path;       /* a lesson from elsewhere waiting for the learner's yes */
    const char *unechoed;   /* the input being run, until it is echoed to the scrollback */
    char *exit_message;     /* SystemExit's message, for stderr once the terminal is back */
} App;

static void submit(App *a);

/* The lesson list and the trust question are overlays drawn by draw_all (defined below). */
static void draw_menu(App *a);
static void draw_trust(App *a);
static void open_menu(App *a);
static void open_lesson(App *a, const char *path, bool trusted);

/* ---- drawing ------------------------------------------------------------------------------- */

/* Bar texts separate their keys with "·"; a terminal without UTF-8 gets "-" instead. */
static char *bar_text(const char *text, bool utf8)
{
    StrBuf b;
    strbuf_init(&b);
    for (const char *p = text; *p;) {
        bool dot = !utf8 && strncmp(p, "\u00b7", 2) == 0;
        strbuf_add(&b, dot ? "-" : p, 1);
        p += dot ? 2 : 1;
    }
    return strbuf_take(&b);
}

static void draw_bar(Rect r, const char *left, const char *right, ColorRole role)
{
    draw_fill(r.y, r.x, r.w, colors_attr(role));
    int rw = draw_width(right, strlen(right));
    bool utf8 = term_utf8();
    char *text = bar_text(left, utf8);
    draw_text_cut(r.y, r.x + 1, r.w - rw - 3, text, colors_attr(role), utf8);
    free(text);
    if (rw < r.w)
        draw_text(r.y, r.x + r.w - rw - 1, rw, right, colors_attr(CR_STATUS_KEY));
}

static const char *status_text(const App *a)
{
    bool narrow = a->geo.compact;
    if (a->running)
        return "running... Ctrl-C interrupts";
    if (a->help)
        return "Up/Down PgUp/PgDn scroll · Esc or q closes";
    if (a->repl.asking)
        return narrow ? "input(): Enter answers · Ctrl-D EOF"
                      : "input() is asking: Enter answers · Ctrl-D sends EOF · Ctrl-C interrupts";
    if (a->focus == PANE_LESSON)
        return narrow ? "e example · ? hint · n next · F6 REPL"
                      : "e example · ? hint · n next · p back · F6 REPL · Esc closes the lesson";
    if (a->focus == PANE_DIAGRAM && a->diagram.compare[0])
        return narrow ? "Up/Down scroll · Bksp ends · Tab REPL"
                      : "Up/Down PgUp/PgDn scroll both · Backspace ends the comparison · Tab REPL";
    if (a->focus == PANE_DIAGRAM)
        return narrow ? "Enter open · Bksp back · h hex · Tab REPL"
                      : "Up/Down select · Enter open · Backspace back · h hex · d deep size · Tab REPL";
    return narrow ? "Enter run · Tab complete · F6 diagram"
                  : "Enter run · Tab complete · Ctrl-R search · F6 diagram · Ctrl-D quit";
}

static void draw_too_small(void)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    erase();
    char need[48], now[48];
    snprintf(need, sizeof need, "objscope needs %dx%d", GEOMETRY_MIN_COLS, GEOMETRY_MIN_ROWS);
    snprintf(now, sizeof now, "(this one is %dx%d)", cols, rows);
    const char *lines[] = {"Enlarge the terminal", need, now, "F10 quits, ? help"};
    int y = rows / 2 - 2;
    for (int i = 0; i < 4; i++) {
        int w = draw_width(lines[i], strlen(lines[i]));
        int x = w < cols ? (cols - w) / 2 : 0;
        if (y + i >= 0 && y + i < rows)
            draw_text(y + i, x, cols - x, lines[i], i == 0 ? A_BOLD : A_NORMAL);
    }
}

static void help_line(int y, int w, const char *key, const char *text, attr_t ka)
{
    draw_fill(y, 0, w, colors_attr(CR_NORMAL));
    draw_text(y, 2, 14, key, ka);
    draw_text(y, 17, w - 17, text, colors_attr(CR_NORMAL));
}

/* The help screen is drawn from the key tables, so it always says what the keys do. */
static void draw_help(App *a)
{
    static const char *const commands[][2] = {
        {":show EXPR", "show EXPR's layout without printing it"},
        {":compare A B", "two layouts side by side, e.g. :compare D() S()"},
        {":mem STATEMENT", "run it under tracemalloc: bytes allocated, peak, top lines"},
        {":lessons", "the guided lessons, with your progress (also F2)"},
        {":lesson NAME", "open a lesson by number, name, or a path to a .md file"},
        {":help", "this screen"}, {":quit", "leave objscope (also Ctrl-D on an empty line)"},
    };
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    int y = -a->help_top, body = rows - 1;
    erase();
#define LINE(k, t, ka) do { if (y >= 0 && y < body) help_line(y, cols, k, t, ka); y++; } while (0)
    LINE("objscope", "see what a Python object is, and what it costs in memory", A_BOLD);
    LINE("", "", A_NORMAL);
    for (int m = 0; m < KEYMAP_COUNT; m++) {
        LINE(keys_map_title((KeymapId)m), "", colors_attr(CR_SECTION) | A_BOLD);
        size_t n;
        const KeyBinding *t = keys_table((KeymapId)m, &n);
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && strcmp(t[i].keyname, t[i - 1].keyname) == 0)
                continue; /* the same key under two codes (Enter, Backspace) */
            LINE(t[i].keyname, t[i].help, colors_attr(CR_STATUS_KEY));
        }
        LINE("", "", A_NORMAL);
    }
    LINE("Commands", "typed at the prompt", colors_attr(CR_SECTION) | A_BOLD);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        LINE(commands[i][0], commands[i][1], colors_attr(CR_STATUS_KEY));
    LINE("", "", A_NORMAL);
    LINE("Row kinds", "head: object header · fld: field · ptr: pointer you can open (Enter) ·",
         colors_attr(CR_SECTION) | A_BOLD);
    LINE("", "data: inline data · pre: pre-header before the object · pad: padding ·", A_NORMAL);
    LINE("", "free: allocated but unused · ?: bytes of a type objscope cannot name", A_NORMAL);
    LINE("", "narrow screens: H head, F fld, * ptr, D data, P pre, . pad, _ free, ? unknown",
         A_NORMAL);
#undef LINE
    if (a->help_top > 0 && y < body)
        a->help_top = a->help_top - (body - y) > 0 ? a->help_top - (body - y) : 0;
    draw_bar((Rect){rows - 1, 0, 1, cols}, status_text(a), "F1 help", CR_STATUS);
}

/* F6 goes REPL → diagram → lesson (when one is open) → REPL. */
static Pane next_pane(const App *a)
{
    return a->focus == PANE_REPL                  ? PANE_DIAGRAM
           : a->focus == PANE_DIAGRAM && a->lesson ? PANE_LESSON
                                                   : PANE_REPL;
}

static const char *pane_name(Pane p)
{
    return p == PANE_REPL ? "REPL" : p == PANE_DIAGRAM ? "diagram" : "lesson";
}

static void draw_all(App *a)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    a->geo = geometry_compute(cols, rows, a->focus, a->lesson != NULL);
    if (a->geo.mode == SCREEN_TOO_SMALL) {
        draw_too_small();
        refresh();
        return;
    }
    if (a->help || a->menu) {
        if (a->help)
            draw_help(a);
        else
            draw_menu(a);
        curs_set(0);
        refresh();
        return;
    }
    char title[128], pane[64] = "";
    if (a->geo.mode == SCREEN_SINGLE)
        snprintf(pane, sizeof pane, " · %s (F6: %s)", pane_name(a->focus), pane_name(next_pane(a)));
    if (a->geo.compact)
        snprintf(title, sizeof title, "objscope%s", pane);
    else
        snprintf(title, sizeof title, "objscope · CPython %s%s", interp_python_version(), pane);
    /* in the lesson pane ? asks for a hint: only F1 opens the help there */
    draw_bar(a->geo.title, title, a->focus == PANE_LESSON ? "F1 help"
                                  : a->geo.compact ? "? help" : "F1/? help", CR_TITLE);
    diagram_draw(&a->diagram, a->geo.diagram, a->focus == PANE_DIAGRAM, a->geo.compact, a->utf8);
    if (a->lesson && a->geo.lesson.h) {
        bool alone = !a->geo.diagram.h && !a->geo.repl.h; /* the status bar has its keys */
        lessonview_draw(a->lesson, a->geo.lesson, a->focus == PANE_LESSON, !alone, a->utf8);
        Rect l = a->geo.lesson;
        if (l.x + l.w < COLS && l.h == a->geo.status.y - 1) /* beside the others */
            draw_vline(l.y, l.x + l.w, l.h, a->utf8, colors_attr(CR_SECTION));
    }
    Rect dv = a->geo.divider;
    if (dv.w == 1)
        draw_vline(dv.y, dv.x, dv.h, a->utf8, colors_attr(CR_SECTION));
    else if (dv.h == 1)
        draw_hline(dv.y, dv.x, dv.w, a->utf8, colors_attr(CR_SECTION));
    bool cursor = false;
    int cy = 0, cx = 0;
    repl_draw(&a->repl, a->geo.repl, a->focus == PANE_REPL, &cursor, &cy, &cx);
    /* the lesson's reply shows beside the REPL and in the lesson pane; the diagram keeps its keys */
    const char *lm = a->lesson && a->focus != PANE_DIAGRAM ? lessonview_message(a->lesson) : NULL;
    draw_bar(a->geo.status, lm ? lm : status_text(a), "F1 help", CR_STATUS);
    if (a->trust_path)
        draw_trust(a);
    curs_set(cursor && a->focus == PANE_REPL && !a->trust_path ? 1 : 0);
    if (cursor)
        move(cy, cx);
    refresh();
}

/* ---- running code -------------------------------------------------------------------------- */

static void show_result(App *a, InterpResult *r)
{
    repl_print(&a->repl, LINE_OUTPUT, r->out);
    repl_print(&a->repl, LINE_ERROR, r->err);
    repl_print(&a->repl, LINE_ERROR, r->exit_message); /* seen where SystemExit does not quit */
    if (r->status == INTERP_VALUE && r->repr)
        repl_print(&a->repl, r->repr_failed ? LINE_ERROR : LINE_RESULT, r->repr);
}

/* Run learner code with Ctrl-C turned into KeyboardInterrupt. */
static InterpResult *run_code(App *a, const char *src, InterpMode mode, char **traced)
{
    diagram_deep_cancel(&a->diagram); /* no walk may be in flight while Python runs */
    a->running = true;
    draw_all(a);
    term_code_running(true);
    InterpResult *r = traced ? interp_run_traced(src, traced) : interp_run(src, mode);
    term_code_running(false);
    a->running = false;
    return r;
}

static char *short_label(const char *src)
{
    size_t n = strcspn(src, "\n");
    while (n && (src[n - 1] == ' '))
        n--;
    return n > 40 ? xasprintf("%.37s...", src) : xstrndup(src, n);
}

static void after_run(App *a, InterpResult *r, const char *src)
{
    if (a->lesson && lessonview_after_input(a->lesson))
        repl_print(&a->repl, LINE_RESULT, lessonview_message(a->lesson));
    if ((r->status == INTERP_VALUE || r->status == INTERP_DONE) && r->value) {
        char *label = short_label(src);
        diagram_show(&a->diagram, r->value, label);
        r->value = NULL; /* the diagram took the result's reference: it holds no extra one */
        free(label);
    } else {
        diagram_refresh(&a->diagram); /* the code may have changed what is shown */
    }
    if (r->status == INTERP_EXIT) {
        a->quit = true;
        a->status = r->exit_code;
        free(a->exit_message);
        a->exit_message = xstrdup(r->exit_message);
    }
}

/* ":compare A B": split where both halves are whole expressions at bracket depth 0. */
static bool split_two(const char *s, char **left, char **right)
{
    int depth = 0;
    char quote = 0;
    for (const char *p = s; *p; p++) {
        if (quote) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == quote)
                quote = 0;
            continue;
        }
        if (*p == '\'' || *p == '"') quote = *p;
        else if (strchr("([{", *p)) depth++;
        else if (strchr(")]}", *p)) depth--;
        else if (*p == ' ' && depth == 0 && p > s) {
            const char *r = p;
            while (*r == ' ')
                r++;
            bool op_before = strchr("+-*/%&|^<>=,.:@~!", p[-1]) != NULL;
            bool op_after = *r && strchr("+-*/%&|^<>=,.:@)]}", *r) != NULL;
            bool word_op = !strncmp(r, "and ", 4) || !strncmp(r, "or ", 3) || !strncmp(r, "if ", 3) ||
                           !strncmp(r, "in ", 3) || !strncmp(r, "is ", 3) || !strncmp(r, "for ", 4) ||
                           !strncmp(r, "else ", 5) || !strncmp(r, "not in ", 7);
            if (*r && !op_before && !op_after && !word_op) {
                *left = xstrndup(s, (size_t)(p - s));
                *right = xstrdup(r);
                return true;
            }
        }
    }
    return false;
}

static struct _object *eval_for_command(App *a, const char *expr)
{
    InterpResult *r = run_code(a, expr, INTERP_MODE_EVAL, NULL);
    repl_print(&a->repl, LINE_OUTPUT, r->out);
    repl_print(&a->repl, LINE_ERROR, r->err);
    repl_print(&a->repl, LINE_ERROR, r->exit_message);
    struct _object *v = r->status == INTERP_VALUE ? r->value : NULL;
    if (v)
        interp_value_retain(v);
    interp_result_free(r);
    return v;
}

static void command_compare(App *a, const char *args)
{
    char *l = NULL, *r = NULL;
    if (!split_two(args, &l, &r)) {
        repl_print(&a->repl, LINE_ERROR, "usage: :compare A B   (two expressions, e.g. :compare D() S())");
        return;
    }
    struct _object *x = eval_for_command(a, l), *y = x ? eval_for_command(a, r) : NULL;
    if (x && y) {
        diagram_compare(&a->diagram, x, l, y, r);
        repl_print(&a->repl, LINE_INFO, "comparing in the diagram: F6 then Up/Down scrolls both, Backspace ends it");
    }
    interp_value_release(x);
    interp_value_release(y);
    free(l);
    free(r);
}

static void command(App *a, const char *line)
{
    const char *cmd = line + strspn(line, " ") + 1;
    cmd += strspn(cmd, " "); /* ": show x" means ":show x" */
    size_t n = strcspn(cmd, " ");
    const char *args = cmd + n + strspn(cmd + n, " ");
    if ((n == 4 && !strncmp(cmd, "quit", 4)) || (n == 1 && *cmd == 'q')) {
        a->quit = true;
    } else if (n == 7 && !strncmp(cmd, "lessons", 7)) {
        open_menu(a);
    } else if (n == 6 && !strncmp(cmd, "lesson", 6) && *args) {
        char *path = app_find_lesson(args);
        if (path)
            open_lesson(a, path, false);
        else
            repl_print(&a->repl, LINE_ERROR, "no such lesson (:lessons lists them)");
        free(path);
    } else if (n == 4 && !strncmp(cmd, "help", 4)) {
        a->help = true;
        a->help_top = 0;
    } else if (n == 4 && !strncmp(cmd, "show", 4) && *args) {
        struct _object *v = eval_for_command(a, args);
        if (v)
            diagram_show(&a->diagram, v, args); /* takes our reference */
    } else if (n == 7 && !strncmp(cmd, "compare", 7)) {
        command_compare(a, args);
    } else if (n == 3 && !strncmp(cmd, "mem", 3) && *args) {
        char *report = NULL;
        InterpResult *r = run_code(a, args, INTERP_MODE_EXEC, &report);
        show_result(a, r);
        repl_print(&a->repl, LINE_INFO, report);
        after_run(a, r, args);
        interp_result_free(r);
        free(report);
    } else if ((n == 4 && !strncmp(cmd, "show", 4)) || (n == 3 && !strncmp(cmd, "mem", 3)) ||
               (n == 6 && !strncmp(cmd, "lesson", 6))) {
        char *msg = xasprintf("usage: :%.*s %s", (int)n, cmd,
                              *cmd == 's' ? "EXPR" : *cmd == 'm' ? "STATEMENT" : "NAME");
        repl_print(&a->repl, LINE_ERROR, msg);
        free(msg);
    } else {
        char *msg = xasprintf("unknown command :%.*s (:help lists the commands)", (int)n, cmd);
        repl_print(&a->repl, LINE_ERROR, msg);
        free(msg);
    }
}

/* The running input goes to the scrollback when it finishes, or before input() asks, so the
 * scrollback reads in the order a terminal would show it. */
static void echo_unechoed(App *a)
{
    if (a->unechoed)
        repl_echo_input(&a->repl, a->unechoed);
    a->unechoed = NULL;
}

/* Enter: run the input, or keep editing an unfinished block. */
static void submit(App *a)
{
    char *src = xstrdup(editor_text(a->repl.ed));
    size_t len = strlen(src);
    char *last = strrchr(src, '\n');
    if (last && strspn(last + 1, " \t") == strlen(last + 1))
        last[1] = '\0'; /* an indented empty line ends the block, as a blank line does */
    else if (!last && strspn(src, " \t") == len) {
        repl_echo_input(&a->repl, "");
        editor_clear(a->repl.ed);
        free(src);
        return;
    }
    if (src[strspn(src, " ")] == ':' && !strchr(src, '\n')) {
        repl_echo_input(&a->repl, src);
        editor_clear(a->repl.ed);
        command(a, src);
        free(src);
        return;
    }
    a->unechoed = src;
    InterpResult *r = run_code(a, src, INTERP_MODE_REPL, NULL);
    if (r->status == INTERP_INCOMPLETE) {
        a->unechoed = NULL;
        editor_newline(a->repl.ed);
    } else {
        echo_unechoed(a);
        editor_clear(a->repl.ed);
        show_result(a, r);
        after_run(a, r, src);
    }
    interp_result_free(r);
    free(src);
}

/* A pasted block runs as the REPL would run it typed: line by line, each finished statement
 * as soon as it is complete; an unfinished tail stays in the editor. */
static bool is_blank(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return false;
    return true;
}

/* Whether the next line with text in `rest` is indented (so it belongs to the open block). */
static bool next_text_indented(const char *rest)
{
    for (const char *p = rest; *p;) {
        size_t n = strcspn(p, "\n");
        if (!is_blank(p, n))
            return *p == ' ' || *p == '\t';
        p += n + (p[n] == '\n');
    }
    return false;
}

/* In a file, a line at column 0 after an indented body starts the next statement; at the prompt
 * the body first needs a blank line. Lines that continue the statement (else, except, a closing
 * bracket, ...) and blocks whose last line is not indented (decorators, brackets) do not. */
static bool starts_next_statement(const char *block, const char *line, size_t n)
{
    static const char *const go_on[] = {"else", "elif", "except", "finally", "case", ")", "]", "}"};
    if (!n || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || is_blank(line, n))
        return false;
    for (size_t i = 0; i < sizeof go_on / sizeof go_on[0]; i++) {
        size_t k = strlen(go_on[i]);
        if (n >= k && strncmp(line, go_on[i], k) == 0 &&
            (k == 1 || n == k || !(isalnum((unsigned char)line[k]) || line[k] == '_')))
            return false;
    }
    const char *last = strrchr(block, '\n');
    last = last ? last + 1 : block;
    return *last == ' ' || *last == '\t';
}

static void run_paste(App *a, const char *text)
{
    if (!strchr(text, '\n') || editor_len(a->repl.ed) > 0) {
        repl_paste(&a->repl, text);
        return;
    }
    StrBuf block;
    strbuf_init(&block);
    for (const char *p = text; *p;) {
        const char *line = p, *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        bool in_block = block.len > 0;
        if (in_block && starts_next_statement(block.data, line, n)) {
            strbuf_putc(&block, '\n'); /* the blank line the prompt needs to end the body */
            editor_set(a->repl.ed, block.data);
            submit(a);
            if (editor_len(a->repl.ed) == 0)
                block.len = 0, block.data[0] = '\0';
            if (a->quit)
                break;
            in_block = block.len > 0;
        }
        if (in_block)
            strbuf_putc(&block, '\n');
        strbuf_add(&block, line, n);
        p = nl ? nl + 1 : p + n;
        if (!nl && !*p)
            break; /* the last line without a newline stays for the learner to finish */
        if (in_block && is_blank(line, n) && next_text_indented(p))
            continue; /* a blank line inside a pasted block is spacing, not its end */
        editor_set(a->repl.ed, block.data);
        submit(a);
        if (editor_len(a->repl.ed) == 0)
            block.len = 0, block.data[0] = '\0';
        if (a->quit)
            break;
    }
    editor_set(a->repl.ed, block.data);
    strbuf_free(&block);
}

/* ---- input() from learner code ------------------------------------------------------------- */

static bool read_key(int *key, char *typed, size_t n);

/* Reads the answer on the input line, behind the prompt, with a line editor of its own so the
 * unfinished Python input underneath is kept. */
static char *input_hook(const char *written, const char *prompt, void *userdata)
{
    App *a = userdata;
    term_code_running(false);
    echo_unechoed(a);
    /* print("Name:", end=" "); input() leaves "Name: " unfinished: it goes before the prompt,
     * on the answer's line, as in a terminal */
    const char *tail = strrchr(written, '\n');
    tail = tail ? tail + 1 : written;
    char *done = xstrndup(written, (size_t)(tail - written));
    repl_print(&a->repl, LINE_OUTPUT, done);
    free(done);
    char *asked = xasprintf("%s%s", tail, prompt);
    Editor *saved = a->repl.ed;
    Pane focus = a->focus;
    a->repl.ed = editor_new();
    a->focus = PANE_REPL;
    a->help = false;
    a->running = false;
    repl_ask(&a->repl, asked);
    free(asked);
    timeout(-1);
    char *line = NULL;
    for (;;) {
        draw_all(a);
        int key;
        char typed[8];
        if (!read_key(&key, typed, sizeof typed) || key == KEY_RESIZE || key == KEY_MOUSE)
            continue;
        Action act = typed[0] ? ACT_NONE : keys_lookup(KEYMAP_REPL, key);
        ReplEvent ev = repl_answer_key(&a->repl, act, typed[0] ? typed : NULL);
        if (ev == REPL_SUBMIT)
            line = xstrdup(editor_text(a->repl.ed));
        if (ev == REPL_SUBMIT || ev == REPL_QUIT || ev == REPL_CANCEL)
            repl_echo_answer(&a->repl, editor_text(a->repl.ed));
        if (ev == REPL_CANCEL)
            interp_interrupt(); /* input() raises KeyboardInterrupt, as at Python's prompt */
        if (ev == REPL_SUBMIT || ev == REPL_QUIT || ev == REPL_CANCEL)
            break;
    }
    repl_ask(&a->repl, NULL);
    editor_free(a->repl.ed);
    a->repl.ed = saved;
    a->focus = focus;
    a->running = true;
    draw_all(a);
    term_code_running(true);
    return line;
}

/* ---- lessons ------------------------------------------------------------------------------- */

static void close_lesson(App *a)
{
    lessonview_free(a->lesson);
    a->lesson = NULL;
    if (a->focus == PANE_LESSON)
        a->focus = PANE_REPL;
}

static bool is_shipped(const char *path)
{
    char *dir = datadir_find("lessons");
    char real_dir[4096], real_path[4096];
    bool ok = dir && realpath(dir, real_dir) && realpath(path, real_path) &&
              strncmp(real_path, real_dir, strlen(real_dir)) == 0 && real_path[strlen(real_dir)] == '/';
    free(dir);
    return ok;
}

/* Open a lesson file; one from outside objscope's own lessons must be trusted first. */
static void open_lesson(App *a, const char *path, bool trusted)
{
    if (!trusted && !is_shipped(path)) {
        free(a->trust_path);
        a->trust_path = xstrdup(path);
        return;
    }
    LessonErrors errs = {0};
    Lesson *l = lesson_load(path, &errs);
    for (size_t i = 0; i < errs.len; i++) {
        char *msg = xasprintf("%s:%d: %s", path, errs.items[i].line, errs.items[i].message);
        repl_print(&a->repl, LINE_ERROR, msg);
        free(msg);
    }
    lesson_errors_free(&errs);
    if (!l || l->nsteps == 0) {
        repl_print(&a->repl, LINE_ERROR, "that lesson cannot be opened (see above)");
        lesson_free(l);
        return;
    }
    close_lesson(a);
    diagram_deep_cancel(&a->diagram); /* the lesson runs its setup code */
    a->lesson = lessonview_open(l, a->progress, a->progress_path);
    a->focus = PANE_LESSON;
    char *msg = xasprintf("lesson: %s. F6 moves between the panes.", l->title);
    repl_print(&a->repl, LINE_INFO, msg);
    free(msg);
}

char *app_find_lesson(const char *name)
{
    size_t len = strlen(name);
    if (strchr(name, '/') || (len > 3 && strcmp(name + len - 3, ".md") == 0))
        return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
    char *dir = datadir_find("lessons");
    size_t n = 0;
    char **paths = dir ? lesson_catalog(dir, &n) : NULL;
    free(dir);
    char *found = NULL;
    bool number = len > 0 && strspn(name, "0123456789") == len;
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (size_t i = 0; i < n && !found; i++) {
            const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
            size_t blen = strlen(base) - 3; /* without ".md" */
            bool hit = pass == 0 ? (number ? (size_t)atoi(name) == i + 1
                                           : blen == len && strncmp(base, name, len) == 0)
                                 : !number && strstr(base, name) != NULL;
            if (hit)
                found = xstrdup(paths[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return found;
}

static void free_menu(App *a)
{
    for (size_t i = 0; i < a->menu_len; i++) {
        free(a->menu_paths[i]);
        lesson_free(a->menu_lessons[i]);
    }
    free(a->menu_paths);
    free(a->menu_lessons);
    a->menu_paths = NULL;
    a->menu_lessons = NULL;
    a->menu_len = 0;
}

static void open_menu(App *a)
{
    free_menu(a);
    char *dir = datadir_find("lessons");
    a->menu_paths = dir ? lesson_catalog(dir, &a->menu_len) : NULL;
    a->menu_lessons = xcalloc(a->menu_len + 1, sizeof *a->menu_lessons);
    for (size_t i = 0; i < a->menu_len; i++) /* once here, not on every frame */
        a->menu_lessons[i] = lesson_load(a->menu_paths[i], NULL);
    free(dir);
    if (!a->menu_len) {
        repl_print(&a->repl, LINE_ERROR, "no lessons found next to objscope");
        return;
    }
    a->menu = true;
    a->menu_sel = 0;
}

static void draw_menu(App *a)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    erase();
    draw_bar((Rect){0, 0, 1, cols}, "Lessons", "Enter opens · Esc closes", CR_TITLE);
    /* rows 2 .. rows-3 list lessons, scrolled to keep the selection in view; rows-2 is the
     * selected lesson's summary */
    size_t visible = rows > 4 ? (size_t)(rows - 4) : 1;
    size_t first = a->menu_sel >= visible ? a->menu_sel - visible + 1 : 0;
    for (size_t i = first; i < a->menu_len && i < first + visible; i++) {
        int y = (int)(i - first) + 2;
        const Lesson *l = a->menu_lessons[i];
        size_t done = l ? progress_done_count(a->progress, l->id) : 0, n = l ? l->nsteps : 0;
        char line[512];
        const char *mark = i == a->menu_sel ? (a->utf8 ? "▶" : ">") : " "; /* not colour alone */
        int tw = cols - 22 < 44 ? (cols - 22 > 8 ? cols - 22 : 8) : 44; /* room for "n/m steps" */
        const char *title = l ? l->title : a->menu_paths[i];
        int tlen = (int)strlen(title) > tw ? tw - 1 : (int)strlen(title);
        snprintf(line, sizeof line, "%s %2zu %s %.*s%s%*s %zu/%zu steps", mark, i + 1,
                 done == n && n ? (a->utf8 ? "✓" : "*") : " ", tlen, title,
                 tlen < (int)strlen(title) ? "~" : "", tw - tlen - (tlen < (int)strlen(title)), "",
                 done, n);
        attr_t at = colors_attr(i == a->menu_sel ? CR_SELECTION : CR_NORMAL);
        draw_fill(y, 0, cols, at);
        draw_text(y, 1, cols - 2, line, at);
        if (i == a->menu_sel && l && l->summary)
            draw_text(rows - 2, 1, cols - 2, l->summary, colors_attr(CR_INFO));
    }
    draw_bar((Rect){rows - 1, 0, 1, cols}, "Up/Down choose · Enter open · Esc close", "F1 help", CR_STATUS);
}

static void menu_key(App *a, int key)
{
    if ((key == KEY_UP || key == 'k') && a->menu_sel > 0)
        a->menu_sel--;
    else if ((key == KEY_DOWN || key == 'j') && a->menu_sel + 1 < a->menu_len)
        a->menu_sel++;
    else if (key == '\n' || key == KEY_ENTER) {
        a->menu = false;
        open_lesson(a, a->menu_paths[a->menu_sel], true);
    } else if (key == 27 || key == 'q' || key == KEY_F(2))
        a->menu = false;
}

static void draw_trust(App *a)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    const char *lines[] = {"This lesson is not one of objscope's own:", a->trust_path,
                           "it runs Python code on your machine, as a notebook would.",
                           "Open it?  y: yes   n: no"};
    for (int i = 0; i < 4; i++) {
        int y = rows / 2 - 2 + i;
        draw_fill(y, 0, cols, colors_attr(CR_POPUP));
        draw_text(y, 2, cols - 4, lines[i], colors_attr(i == 3 ? CR_POPUP_SELECTED : CR_POPUP));
    }
}

static void trust_key(App *a, const char *typed)
{
    if (!typed || (typed[0] != 'y' && typed[0] != 'n'))
        return;
    char *path = a->trust_path;
    a->trust_path = NULL;
    if (typed[0] == 'y')
        open_lesson(a, path, true);
    else
        repl_print(&a->repl, LINE_INFO, "lesson not opened");
    free(path);
}

static void lesson_key(App *a, int key, const char *typed)
{
    diagram_deep_cancel(&a->diagram); /* lesson keys run setup code, live values and checks */
    a->lesson_keyed = true;
    switch (lessonview_key(a->lesson, key, typed)) {
    case LV_RUN_EXAMPLE: {
        /* run as a paste; a block example is then ended as a blank line would end it */
        char *code = xasprintf("%s\n", lessonview_example(a->lesson));
        size_t n = strlen(code);
        while (n > 1 && code[n - 2] == '\n')
            code[--n] = '\0';
        editor_clear(a->repl.ed);
        run_paste(a, code);
        free(code);
        if (editor_len(a->repl.ed) && !a->quit) {
            editor_end(a->repl.ed);
            editor_newline(a->repl.ed);
            submit(a);
        }
        if (a->geo.mode == SCREEN_SINGLE && a->lesson && !lessonview_message(a->lesson)) {
            /* one pane at a time: show what the example did, and the way back */
            a->focus = PANE_REPL;
            lessonview_note(a->lesson, "example ran · F6: its diagram, then the lesson");
        }
        break;
    }
    case LV_CLOSE: close_lesson(a); break;
    default: break;
    }
}

/* ---- keys ---------------------------------------------------------------------------------- */

static void help_key(App *a, int key)
{
    int rows = LINES - 2;
    switch (key) {
    case KEY_UP: case 'k': a->help_top = a->help_top > 0 ? a->help_top - 1 : 0; break;
    case KEY_DOWN: case 'j': a->help_top++; break;
    case KEY_PPAGE: a->help_top = a->help_top > rows ? a->help_top - rows : 0; break;
    case KEY_NPAGE: case ' ': a->help_top += rows; break;
    default: a->help = false; break;
    }
}

static void mouse(App *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    Rect d = a->geo.diagram, r = a->geo.repl;
    bool in_d = d.h && ev.y >= d.y && ev.y < d.y + d.h && ev.x >= d.x && ev.x < d.x + d.w;
    bool in_r = r.h && ev.y >= r.y && ev.y < r.y + r.h && ev.x >= r.x && ev.x < r.x + r.w;
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        bool up = ev.bstate & BUTTON4_PRESSED;
        if (in_r)
            repl_key(&a->repl, up ? ACT_SCROLL_UP : ACT_SCROLL_DOWN, NULL);
        else if (in_d)
            diagram_key(&a->diagram, up ? ACT_SEL_UP : ACT_SEL_DOWN);
        return;
    }
    if (in_d) {
        a->focus = PANE_DIAGRAM;
        diagram_click(&a->diagram, d, ev.y);
    } else if (in_r) {
        a->focus = PANE_REPL;
    }
}

static void repl_focus_key(App *a, int key, const char *typed)
{
    Action act = typed ? ACT_NONE : keys_lookup(KEYMAP_REPL, key);
    if (!typed && act == ACT_NONE)
        return;
    if (act == ACT_COMPLETE && editor_len(a->repl.ed) > 0)
        diagram_deep_cancel(&a->diagram); /* completion runs Python code (on an empty line,
                                           * Tab only moves to the diagram) */
    if (act == ACT_ESCAPE && a->diagram.deep && !a->repl.cands && !a->repl.searching) {
        diagram_deep_stop(&a->diagram); /* Esc stops a deep-size count from anywhere */
        return;
    }
    switch (repl_key(&a->repl, act, typed)) {
    case REPL_SUBMIT: submit(a); break;
    case REPL_QUIT: a->quit = true; break;
    case REPL_FOCUS: a->focus = PANE_DIAGRAM; break;
    default: break;
    }
}

static void diagram_focus_key(App *a, int key, const char *typed)
{
    Action act = keys_lookup(KEYMAP_DIAGRAM, key);
    if ((key == 27 || key == KEY_CTRL('c')) && a->diagram.deep) {
        diagram_deep_stop(&a->diagram);
        return;
    }
    if (act == ACT_TO_REPL) {
        a->focus = PANE_REPL;
    } else if (act != ACT_NONE) {
        diagram_key(&a->diagram, act);
    } else if (typed) { /* typing goes to the REPL */
        a->focus = PANE_REPL;
        repl_focus_key(a, key, typed);
    }
}

static void handle_key(App *a, int key, const char *typed)
{
    if (a->help) {
        help_key(a, key);
        return;
    }
    if (a->trust_path) {
        trust_key(a, typed);
        return;
    }
    if (a->menu) {
        menu_key(a, key);
        return;
    }
    Action g = typed && strcmp(typed, "?") ? ACT_NONE : keys_lookup(KEYMAP_GLOBAL, typed ? '?' : key);
    if (g == ACT_HELP && key != KEY_F(1) &&
        ((a->focus == PANE_REPL && editor_len(a->repl.ed) > 0) || a->focus == PANE_LESSON))
        g = ACT_NONE; /* '?' is text while there is input, and a hint in a lesson */
    switch (g) {
    case ACT_HELP: a->help = true; a->help_top = 0; return;
    case ACT_FOCUS:
        a->focus = next_pane(a);
        if (a->focus == PANE_LESSON && a->lesson)
            lessonview_note(a->lesson, ""); /* what the other panes were told is done with */
        return;
    case ACT_LESSONS: open_menu(a); return;
    case ACT_REDRAW: clearok(stdscr, TRUE); return;
    case ACT_QUIT: a->quit = true; return;
    default: break;
    }
    if (a->geo.mode == SCREEN_TOO_SMALL)
        return;
    if (a->focus == PANE_REPL)
        repl_focus_key(a, key, typed);
    else if (a->focus == PANE_LESSON && a->lesson)
        lesson_key(a, key, typed);
    else
        diagram_focus_key(a, key, typed);
}

/* Read one key: curses codes, Alt+c as ESC c, Enter as '\n', text as UTF-8. Returns false when
 * nothing came. */
static bool read_key(int *key, char *typed, size_t n)
{
    wint_t wc;
    int rc = get_wch(&wc);
    typed[0] = '\0';
    if (rc == ERR)
        return false;
    if (rc == KEY_CODE_YES) {
        *key = (int)wc;
        return true;
    }
    if (wc == 27) { /* Alt+letter arrives as ESC letter; anything else after ESC is its own key */
        nodelay(stdscr, TRUE);
        wint_t next;
        int rc2 = get_wch(&next);
        nodelay(stdscr, FALSE);
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

static void paste_key(App *a, int key, const char *typed)
{
    if (key == KEY_PASTE_END) {
        a->pasting = false;
        run_paste(a, a->paste.data ? a->paste.data : "");
        strbuf_free(&a->paste);
    } else if (typed[0]) {
        strbuf_puts(&a->paste, typed);
    } else if (key == '\n' || key == '\t') {
        strbuf_putc(&a->paste, (char)key);
    }
}

/* ---- benchmarks (bench/run.sh) ----------------------------------------------------------- */

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* OBJSCOPE_BENCH=EXPR: show EXPR (empty: nothing), draw OBJSCOPE_BENCH_FRAMES full frames, and
 * report the times on stderr once the terminal is restored. For measuring, not for learners. */
static void run_bench(App *a, const char *expr, char *report, size_t n)
{
    const char *frames_env = getenv("OBJSCOPE_BENCH_FRAMES");
    int frames = frames_env ? atoi(frames_env) : 100;
    draw_all(a);
    double first = now_us() - a->started_us;
    struct _object *v = *expr ? eval_for_command(a, expr) : NULL;
    double t0 = now_us();
    if (v)
        diagram_show(&a->diagram, v, expr);
    diagram_deep_cancel(&a->diagram); /* frames measure drawing, not the deep walk */
    double t1 = now_us();
    for (int i = 0; i < frames; i++) {
        clearok(stdscr, TRUE);
        draw_all(a);
    }
    double t2 = now_us();
    snprintf(report, n, "objscope-bench first_frame_us=%.0f show_us=%.0f frame_us=%.1f frames=%d "
             "rss_kb=%ld\n", first, t1 - t0, frames > 0 ? (t2 - t1) / frames : 0.0, frames, rss_kb());
}

/* ---- the loop ------------------------------------------------------------------------------ */

static void load_theme(const AppOptions *opt, Theme *t, Repl *r)
{
    theme_default(t);
    Config cfg = {0};
    char *err = NULL, *path = config_default_path();
    if (path && config_load(&cfg, path, &err) < 0)
        repl_print(r, LINE_ERROR, err);
    free(err);
    free(path);
    err = NULL;
    const char *name = opt->theme ? opt->theme : cfg.theme[0] ? cfg.theme : NULL;
    if (name) {
        const char *dirs[4] = {NULL};
        char *data = datadir_find("assets/themes");
        dirs[0] = data;
        if (theme_load_named(t, name, dirs, &err) < 0) {
            char *msg = xasprintf("%s; using the default theme", err ? err : name);
            repl_print(r, LINE_ERROR, msg);
            free(msg);
        }
        free(data);
        free(err);
    }
}

static void run_setup(App *a, const AppOptions *opt)
{
    for (int i = 0; i < opt->nsetup; i++) {
        InterpResult *r = interp_run(opt->setup[i], INTERP_MODE_EXEC);
        repl_echo_input(&a->repl, opt->setup[i]);
        show_result(a, r);
        interp_result_free(r);
    }
}

int app_run(const AppOptions *opt)
{
    App a;
    memset(&a, 0, sizeof a);
    a.started_us = opt->started_us;
    char *hist = history_default_path();
    repl_init(&a.repl, hist);
    free(hist);
    diagram_init(&a.diagram);
    a.progress = progress_new();
    a.progress_path = progress_default_path();
    char *warning = NULL;
    if (a.progress_path && progress_load(a.progress, a.progress_path, &warning) < 0 && warning)
        repl_print(&a.repl, LINE_ERROR, warning);
    else if (warning)
        repl_print(&a.repl, LINE_INFO, warning);
    free(warning);
    Theme theme;
    load_theme(opt, &theme, &a.repl);
    if (!term_start()) {
        repl_free(&a.repl);
        return 1;
    }
    const char *no_color = getenv("NO_COLOR");
    colors_init(&theme, !(no_color && *no_color));
    a.utf8 = term_utf8();
    interp_set_input_hook(input_hook, &a);
    interp_set_exit_hook(term_stop); /* os._exit() in learner code must not strand the terminal */
    repl_print(&a.repl, LINE_INFO, "Type Python; each result's memory appears in the diagram. "
                                   "F1 or ? for help, Ctrl-D quits.");
    run_setup(&a, opt);
    if (opt->lesson) {
        char *path = app_find_lesson(opt->lesson);
        if (path)
            open_lesson(&a, path, false);
        else
            repl_print(&a.repl, LINE_ERROR, "no such lesson (objscope --list-lessons lists them)");
        free(path);
    }
    char bench_report[256] = "";
    const char *bench = getenv("OBJSCOPE_BENCH");
    if (bench) {
        run_bench(&a, bench, bench_report, sizeof bench_report);
        a.quit = true;
    }
    while (!a.quit) {
        draw_all(&a);
        timeout(a.diagram.deep ? 0 : -1);
        int key;
        char typed[8];
        if (!read_key(&key, typed, sizeof typed)) {
            diagram_deep_step(&a.diagram);
            continue;
        }
        a.lesson_keyed = false;
        if (key == KEY_RESIZE) {
            clearok(stdscr, TRUE);
        } else if (key == KEY_MOUSE) {
            mouse(&a);
        } else if (a.pasting || key == KEY_PASTE_BEGIN) {
            if (key == KEY_PASTE_BEGIN)
                a.pasting = true, strbuf_init(&a.paste);
            else
                paste_key(&a, key, typed);
        } else {
            handle_key(&a, key, typed[0] ? typed : NULL);
        }
        if (a.lesson && !a.lesson_keyed && key != KEY_RESIZE)
            lessonview_key_elsewhere(a.lesson); /* r restarts only when r is the very next key */
    }
    interp_set_input_hook(NULL, NULL);
    interp_set_exit_hook(NULL);
    close_lesson(&a);
    free_menu(&a);
    free(a.trust_path);
    progress_free(a.progress);
    free(a.progress_path);
    diagram_free(&a.diagram);
    term_stop();
    fputs(bench_report, stderr);
    if (a.exit_message) /* as Python prints it when SystemExit ends the process */
        fputs(a.exit_message, stderr);
    free(a.exit_message);
    repl_free(&a.repl);
    return a.status;
}
