/* commands.h — the : commands typed at the prompt, in one table: it drives their dispatch, the
 * help screen, --help and `objscope --help-keys` (the man page), so none can be missing. */
#ifndef OBJSCOPE_COMMANDS_H
#define OBJSCOPE_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct App App;

typedef struct {
    const char *name;    /* typed after ':' ("compare") */
    const char *alias;   /* a short form ("q"), or NULL */
    const char *args;    /* as the help shows them: "EXPR" (required), "[FILE]" (optional), "" */
    const char *help;    /* one line */
    const char *example; /* shown with the usage when the arguments are missing, or NULL */
    /* Runs with args trimmed ("" when none); required arguments were checked before. */
    void (*fn)(App *a, const char *args);
} Command;

/* Every command, in the order the help lists them. */
const Command *commands_table(size_t *count);
/* The command a name (or alias) of len bytes means, or NULL. */
const Command *commands_find(const char *name, size_t len);
/* :compare's arguments, two Python expressions side by side ("D() S()", "1 -1"), split at the
 * first space between whole expressions: outside brackets and strings, not next to an operator;
 * a sign before a term starts the second when nothing else can. Owned halves, or false. */
bool commands_split_two(const char *s, char **left, char **right);
/* Run a ':' line: the command, its usage when a required argument is missing, or a message
 * naming an unknown one. */
void commands_run(App *a, const char *line);

#endif
