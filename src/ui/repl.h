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
    char *text;    /* one line, sanitised (output: tabs and carriage returns laid out) */
    size_t len;
    LineKind kind;
    size_t *rows;  /* where each screen row starts, wrapped once for `width` columns */
    size_t nrows;
    int width;     /* 0: not wrapped yet */
} ReplLine;

#define REPL_MAX_LINES 5000
/* Longest line kept in the scrollback, in bytes: a longer one (a pasted megabyte echoed) keeps
 * its start and says how much was left out, so wrapping it costs what the screen can show. */
#define REPL_LINE_MAX (32 * 1024)

typedef struct {
    ReplLine *lines; /* ring of at most REPL_MAX_LINES */
    size_t first, len;
    size_t scroll;   /* screen rows scrolled back from the newest */
    size_t input_top; /* the first row of the input shown (a long block scrolls) */
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
    char *sig_name;  /* the call being typed (highlight_callee), and its signature line, or NULL */
    char *sig_text;
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
/* The input as it was submitted, with prompts, to the scrollback; and into history. */
void repl_echo_input(Repl *r, const char *text);
/* The two halves: into history (the file too) at once, as the input starts to run; to the
 * scrollback, with the message of an append that failed, when it has run. */
void repl_remember(Repl *r, const char *text);
void repl_echo_lines(Repl *r, const char *text);

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
/* As in ptpython and fish: the rest of the newest history entry that starts with the input,
 * while the cursor is at its end (NULL when there is none, or while searching, completing or
 * answering input()). Shown dim after the cursor; Right or End takes it. Borrowed. */
const char *repl_suggestion(const Repl *r);
/* Whether the call the cursor is in is not the one whose signature is kept. */
bool repl_signature_stale(const Repl *r);
/* Look up the signature of the call the cursor is in (this runs Python: interp_signature). */
void repl_update_signature(Repl *r);
/* Text pasted in one go (bracketed paste). */
void repl_paste(Repl *r, const char *text);

void repl_draw(Repl *r, Rect area, bool focused, bool *cursor_set, int *cy, int *cx);

#endif
