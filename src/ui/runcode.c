/* runcode.c — the explorer running learner code (see runcode.h). The input is echoed to the
 * scrollback when it finishes, or before input() asks, so the scrollback reads in the order a
 * terminal would show it. */
#include "ui/runcode.h"

#include <curses.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/commands.h"
#include "ui/input.h"
#include "ui/paste.h"
#include "ui/term.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void runcode_show_result(App *a, InterpResult *r)
{
    repl_print(&a->repl, LINE_OUTPUT, r->out);
    repl_print(&a->repl, LINE_ERROR, r->err);
    repl_print(&a->repl, LINE_ERROR, r->exit_message); /* seen where SystemExit does not quit */
    if (r->status == INTERP_VALUE && r->repr)
        repl_print(&a->repl, r->repr_failed ? LINE_ERROR : LINE_RESULT, r->repr);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The status line says code is running; within a paste, at most every PASTE_FRAME_MS, so a
 * paste of many quick statements costs their running, not a frame each. */
#define PASTE_FRAME_MS 100

InterpResult *runcode_run(App *a, const char *src, InterpMode mode, char **traced)
{
    diagram_deep_cancel(&a->diagram); /* no walk may be in flight while Python runs */
    a->running = true;
    double now = now_ms();
    if (!a->in_paste || now - a->paste_frame_ms >= PASTE_FRAME_MS) {
        app_draw(a);
        a->paste_frame_ms = now;
    }
    /* the door's hooks give Ctrl-C to the code (app.c) */
    InterpResult *r = traced ? interp_run_traced(src, traced) : interp_run(src, mode);
    a->running = false;
    if (a->terminal && !input_check_terminal()) { /* never draw into what fd 1 names now */
        a->terminal = false;
        a->quit = true;
    }
    return r;
}

/* The input as the diagram's title: all its lines (a bracketed expression may span several, and
 * its first line alone reads unbalanced), each run of blanks one space, at most 40 bytes, cut
 * on a character boundary. */
static char *short_label(const char *src)
{
    StrBuf b;
    strbuf_init(&b);
    bool blank = false;
    for (const char *p = src; *p; p++) {
        if (strchr(" \t\r\n", *p)) {
            blank = b.len > 0;
            continue;
        }
        if (blank)
            strbuf_putc(&b, ' ');
        blank = false;
        strbuf_putc(&b, *p);
    }
    if (b.len <= 40)
        return strbuf_take(&b);
    size_t n = 37;
    while (n && ((unsigned char)b.data[n] & 0xC0) == 0x80) /* not inside a UTF-8 sequence */
        n--;
    char *label = xasprintf("%.*s...", (int)n, b.data);
    strbuf_free(&b);
    return label;
}

/* The code may have dropped the last name for an object only objscope still holds: let go of it
 * too (its __del__ runs now, as it would have in Python), and say so, unless a new value takes
 * the diagram's place anyway. */
void runcode_let_go(App *a, bool say)
{
    diagram_deep_cancel(&a->diagram);
    if (interp_handles_let_go() == 0)
        return;
    char *said = diagram_after_let_go(&a->diagram);
    if (said && say)
        repl_print(&a->repl, LINE_INFO, said);
    free(said);
}

void runcode_after_run(App *a, InterpResult *r, const char *src)
{
    bool shows = (r->status == INTERP_VALUE || r->status == INTERP_DONE) && r->value;
    runcode_let_go(a, !shows);
    if (shows) {
        char *label = short_label(src);
        diagram_show(&a->diagram, interp_handle_take(r), label); /* no extra reference */
        free(label);
    } else {
        diagram_refresh(&a->diagram); /* the code may have changed what is shown */
    }
    app_show_background(a); /* what finalizers printed as objscope let go */
    if (a->lesson && lessonview_after_input(a->lesson)) /* checked once objscope let go */
        repl_print(&a->repl, LINE_RESULT, lessonview_message(a->lesson));
    if (r->status == INTERP_EXIT) {
        a->quit = true;
        a->status = r->exit_code;
        free(a->exit_message);
        a->exit_message = xstrdup(r->exit_message);
    }
}

InterpHandle *runcode_eval(App *a, const char *expr)
{
    InterpResult *r = runcode_run(a, expr, INTERP_MODE_PEEK, NULL);
    repl_print(&a->repl, LINE_OUTPUT, r->out);
    repl_print(&a->repl, LINE_ERROR, r->err);
    repl_print(&a->repl, LINE_ERROR, r->exit_message);
    InterpHandle *h = r->status == INTERP_VALUE ? interp_handle_take(r) : NULL;
    interp_result_free(r);
    return h;
}

void runcode_record(App *a, const char *src, const InterpResult *r, bool from_setup)
{
    if (r->status == INTERP_INCOMPLETE || r->interrupted ||
        (r->status == INTERP_ERROR && transcript_is_syntax_error(r->err)))
        return; /* a file that never compiles, or hangs where Ctrl-C stopped it, runs nothing */
    char *raised = r->status == INTERP_ERROR ? transcript_error_name(r->err) : NULL;
    transcript_add(&a->transcript, src, from_setup, raised);
    free(raised);
}

/* Into history the moment it compiled, before it runs: a crash, a kill or os._exit() while it
 * runs must not lose it (an input that does not compile goes in when it is echoed). */
static void remember_unremembered(App *a)
{
    if (a->unremembered)
        repl_remember(&a->repl, a->unremembered);
    a->unremembered = NULL;
}

void runcode_compiled_hook(void *userdata)
{
    remember_unremembered(userdata);
}

static void echo_unechoed(App *a)
{
    remember_unremembered(a);
    if (a->unechoed)
        repl_echo_lines(&a->repl, a->unechoed);
    a->unechoed = NULL;
}

void runcode_submit(App *a)
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
        commands_run(a, src);
        free(src);
        return;
    }
    a->unechoed = a->unremembered = src;
    InterpResult *r = runcode_run(a, src, INTERP_MODE_REPL, NULL);
    if (r->status == INTERP_INCOMPLETE) {
        a->unechoed = a->unremembered = NULL;
        editor_newline(a->repl.ed);
    } else {
        echo_unechoed(a);
        editor_clear(a->repl.ed);
        runcode_record(a, src, r, false);
        runcode_show_result(a, r);
        runcode_after_run(a, r, src);
    }
    interp_result_free(r);
    free(src);
}

void runcode_paste(App *a, const char *text)
{
    if (!strchr(text, '\n') || editor_len(a->repl.ed) > 0) {
        repl_paste(&a->repl, text);
        return;
    }
    PasteSplit split;
    paste_split_init(&split, text);
    a->in_paste = true;
    a->paste_frame_ms = 0;
    for (const char *input; !a->quit && (input = paste_split_next(&split)) != NULL;) {
        editor_set(a->repl.ed, input);
        runcode_submit(a);
        paste_split_ran(&split, editor_len(a->repl.ed) == 0);
    }
    a->in_paste = false;
    editor_set(a->repl.ed, paste_split_rest(&split));
    paste_split_free(&split);
}

/* ---- an external editor -------------------------------------------------------------------- */

/* The file's text (owned; *len bytes, NULs included), or NULL. */
static char *read_back(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    StrBuf b;
    strbuf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        strbuf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return strbuf_take(&b);
}

/* Python refuses source with a NUL byte ("source code cannot contain null bytes"): nothing
 * runs, and the text goes to the input line for another try, each NUL shown as U+2400 (which
 * Python refuses too, so it cannot run unnoticed). The message, owned. */
static char *refuse_nul(App *a, const char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    size_t line = 1;
    for (const char *p = text; p < nul; p++)
        line += *p == '\n';
    StrBuf b;
    strbuf_init(&b);
    for (size_t i = 0; i < len; i++) {
        if (text[i])
            strbuf_putc(&b, text[i]);
        else
            strbuf_puts(&b, "\xe2\x90\x80");
    }
    if (b.len && b.data[b.len - 1] == '\n')
        b.data[--b.len] = '\0';
    editor_set(a->repl.ed, b.data ? b.data : "");
    strbuf_free(&b);
    return xasprintf("nothing ran: source code cannot contain null bytes (line %zu); the text is "
                     "in the input line, \xe2\x90\x80 where each one was", line);
}

static const char *editor_command(void)
{
    const char *v = getenv("VISUAL"), *e = getenv("EDITOR");
    return v && *v ? v : e && *e ? e : "vi";
}

/* Write text to a fresh .py file in $TMPDIR; its path (owned), or NULL. */
static char *scratch_file(const char *text)
{
    const char *dir = getenv("TMPDIR");
    char *path = xasprintf("%s/objscope-edit-XXXXXX.py", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(path, 3);
    size_t n = strlen(text);
    bool ok = fd >= 0 && write(fd, text, n) == (ssize_t)n;
    if (fd >= 0)
        close(fd);
    if (!ok) {
        if (fd >= 0)
            unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

void runcode_edit_external(App *a)
{
    if (!a->terminal) {
        repl_print(&a->repl, LINE_ERROR, "no terminal to run an editor in");
        return;
    }
    const char *from = editor_len(a->repl.ed) ? editor_text(a->repl.ed) : "";
    for (size_t i = history_count(a->repl.hist); !*from && i-- > 0;) {
        const char *h = history_get(a->repl.hist, i);
        if (h[strspn(h, " ")] != ':') /* the newest input that is Python, not ":edit" */
            from = h;
    }
    char *original = xasprintf("%s%s", from, *from && from[strlen(from) - 1] != '\n' ? "\n" : "");
    char *path = scratch_file(original);
    char *command = path ? xasprintf("%s \"$1\"", editor_command()) : NULL;
    int status = path ? term_run_program(command, path) : -1;
    size_t len = 0;
    char *edited = path ? read_back(path, &len) : NULL;
    char *msg = NULL;
    if (!path || !edited)
        msg = xstrdup("cannot make a file to edit in the temporary folder");
    else if (status != 0)
        msg = xasprintf("the editor (%s) ended with status %d: nothing ran", editor_command(), status);
    else if (memchr(edited, '\0', len))
        msg = refuse_nul(a, edited, len);
    else if (strcmp(edited, original) == 0)
        msg = xstrdup("nothing ran: the file came back unchanged");
    else if (edited[strspn(edited, " \t\n")] == '\0')
        msg = xstrdup("nothing ran: the file came back empty");
    if (msg) {
        repl_print(&a->repl, LINE_INFO, msg);
    } else {
        char *code = xasprintf("%s%s", edited, edited[strlen(edited) - 1] == '\n' ? "" : "\n");
        editor_clear(a->repl.ed);
        runcode_paste(a, code);
        free(code);
    }
    if (path)
        unlink(path);
    free(msg);
    free(edited);
    free(command);
    free(path);
    free(original);
}

/* ---- input() from learner code ------------------------------------------------------------- */

/* Reads the answer on the input line, behind the prompt, with a line editor of its own so the
 * unfinished Python input underneath is kept. The door has given the terminal back (its leave
 * hook) and takes it again after; Python threads run while the answer is typed, and what they
 * print shows as it comes, as at Python's own prompt. */
char *runcode_input_hook(const char *written, const char *prompt, void *userdata)
{
    App *a = userdata;
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
    while (a->noverlays > 0) /* nothing may cover the question */
        app_overlay_close(a, a->overlays[a->noverlays - 1].state);
    a->running = false;
    repl_ask(&a->repl, asked);
    free(asked);
    char *line = NULL;
    bool draw = true;
    for (;;) {
        if (draw)
            app_draw(a);
        draw = true;
        int key;
        char typed[8];
        if (!a->terminal)
            break; /* no terminal to read from: end of file */
        if (!input_wait_key(&key, typed, sizeof typed, APP_IDLE_POLL_MS, !app_busy(a))) {
            if (input_terminal_gone()) {
                a->quit = true; /* input() gets end of file (EOFError); then objscope ends */
                break;
            }
            draw = app_show_background(a);
            continue;
        }
        if (key == KEY_RESIZE || key == KEY_MOUSE)
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
    app_draw(a);
    return line;
}
