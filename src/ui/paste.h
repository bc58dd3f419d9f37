/* paste.h — pasted text split into the inputs the REPL runs one after another, as if each had
 * been typed: a statement runs as soon as it is complete; a blank line inside an indented block
 * is spacing, not its end; a line back at column 0 ends the block before it, as in a file (the
 * prompt would need a blank line); a block still open at the end of the text runs, as at the
 * end of a file. Pure logic (no curses, no Python): the caller runs each
 * input and says whether it finished, because only the interpreter knows. */
#ifndef OBJSCOPE_PASTE_H
#define OBJSCOPE_PASTE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

typedef struct {
    const char *p;        /* the next line of the pasted text (borrowed) */
    StrBuf block;         /* the input being collected */
    const char *line;     /* a line taken but not yet added to the block */
    size_t line_len;
    bool have_line;
    bool line_is_last;    /* ...and it is the text's last line, without a newline */
    bool done;
    bool ended;           /* the block open at the end was handed out ended, as a file's end */
} PasteSplit;

void paste_split_init(PasteSplit *s, const char *text);
void paste_split_free(PasteSplit *s);
/* The next input to run (borrowed, valid until the next call), or NULL when nothing more is to
 * run: what is left then goes to the editor (paste_split_rest). */
const char *paste_split_next(PasteSplit *s);
/* What running the last input did: `finished` when it ran (or failed) and the editor is empty,
 * false when the interpreter asked for more lines (the block goes on). */
void paste_split_ran(PasteSplit *s, bool finished);
/* What stays in the editor for the learner to finish ("" when nothing). */
const char *paste_split_rest(const PasteSplit *s);

#endif
