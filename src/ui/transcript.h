/* transcript.h — what the learner ran in this run of the explorer, in order, and `:save FILE`,
 * which writes it as a Python file that runs: each input that ran (inputs that were not valid
 * Python or were interrupted, : commands and answers to input() are left out; one that raised
 * is kept as comments), --setup code first. Pure logic
 * except for the file itself. */
#ifndef OBJSCOPE_TRANSCRIPT_H
#define OBJSCOPE_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char **inputs; /* owned */
    bool *setup;   /* the input came from --setup, not from the learner */
    char **raised; /* the exception an input raised ("NameError"; owned), or NULL */
    size_t len, cap;
} Transcript;

void transcript_init(Transcript *t);
void transcript_free(Transcript *t);
/* Record an input that ran (trailing blank lines are dropped); raised: the exception it raised,
 * or NULL. One that raised is saved commented out, with a note, so the file runs on. */
void transcript_add(Transcript *t, const char *input, bool from_setup, const char *raised);
/* The exception's name in an error report: its last line up to the ':' ("NameError"). Owned. */
char *transcript_error_name(const char *err);
/* Whether an error report is Python's for source it could not compile (SyntaxError,
 * IndentationError, TabError): such an input is not recorded. */
bool transcript_is_syntax_error(const char *err);
/* The file's text: a comment saying what it is, then the inputs, a blank line after each
 * block. Owned. */
char *transcript_text(const Transcript *t);
/* Write it to path atomically, through a symbolic link to its file (the folder must exist; a
 * folder, FIFO or device is refused; an existing file keeps its mode, a new one gets 0666 less
 * the umask). 0, or -1 with *err (owned). Replacing an existing file is the
 * caller's decision. */
int transcript_save(const Transcript *t, const char *path, char **err);

#endif
