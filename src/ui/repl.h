/* repl.h — the REPL pane: the scrollback of inputs, output, results and tracebacks, and the
 * input line (editor, history, Ctrl-R search, completion popup, syntax colours). It does not run
 * code itself: it hands a finished input to app.c, which owns the interpreter and the diagram. */
#ifndef OBJSCOPE_REPL_H
#define OBJSCOPE_REPL_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/editor.h"
#include "ui/geometry.h"
#include "ui/history.h"
#include "ui/keys.h"

typedef enum { LINE_INPUT, LINE_OUTPUT, LINE_ERROR, LINE_RESULT, LINE_INFO } LineKind;

typedef struct {
    char *text; /* one line, sanitised (output: tabs and carriage returns laid out) */
    LineKind kind;
} ReplLine;

#define REPL_MAX_LINES 5000

typedef struct {
    ReplLine *lines; /* ring of at most REPL_MAX_LINES */
    size_t first, len;
    size_t scroll;   /* screen rows scrolled back from the newest */
    Editor *ed;
    History *hist;
    char *hist_path;
    bool searching;  /* Ctrl-R */
    char search[128];
    long search_hit;
    char **cands;    /* completion popup */
    size_t ncands, cand_sel;
    size_t cand_word; /* bytes of the word being completed */
    int page;
    char *asking;    /* the prompt of an input() call being answered, or NULL for ">>> " */
} Repl;

typedef enum {
    REPL_NOTHING,  /* key handled (or ignored) */
    REPL_REDRAW,
    REPL_SUBMIT,   /* editor text is ready: app runs it */
    REPL_QUIT,     /* Ctrl-D on an empty line */
    REPL_FOCUS,    /* Tab on an empty line */
    REPL_CANCEL,   /* Ctrl-C while answering input() */
} ReplEvent;

void repl_init(Repl *r, const char *history_path);
void repl_free(Repl *r);

/* Append text (may hold several lines) to the scrollback. */
void repl_print(Repl *r, LineKind kind, const char *text);
/* The input as it was submitted, with prompts, to the scrollback; then into history. */
void repl_echo_input(Repl *r, const char *text);

/* Answering input(): the input line shows the prompt's last line instead of ">>> " and plain
 * text (earlier prompt lines go to the scrollback); NULL goes back to Python input. */
void repl_ask(Repl *r, const char *prompt);
/* The answer to input(), echoed after its prompt, as a terminal shows it. */
void repl_echo_answer(Repl *r, const char *answer);

/* A bound key (a != ACT_NONE), or typed text (UTF-8, printable). */
ReplEvent repl_key(Repl *r, Action a, const char *typed);
/* A key while answering input(): the line editing keys only (no history, completion, blocks);
 * Enter gives REPL_SUBMIT, Ctrl-D on an empty answer REPL_QUIT (EOF), Ctrl-C REPL_CANCEL. */
ReplEvent repl_answer_key(Repl *r, Action a, const char *typed);
/* Text pasted in one go (bracketed paste). */
void repl_paste(Repl *r, const char *text);

void repl_draw(Repl *r, Rect area, bool focused, bool *cursor_set, int *cy, int *cx);

#endif
