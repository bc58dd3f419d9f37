/* helptext.h — the help, made from the key tables (keys.h) and the command table (commands.h):
 * the lines the help screen shows, and the same facts as plain text for `objscope --help-keys`
 * (from which the man page is made) and --help. Pure logic: no curses. */
#ifndef OBJSCOPE_HELPTEXT_H
#define OBJSCOPE_HELPTEXT_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
    HELP_HEADING, /* the screen's first line */
    HELP_SECTION, /* a keymap's title, "Commands", "Row kinds" */
    HELP_ENTRY,   /* a key or command (key) and what it does (text) */
    HELP_TEXT,    /* a line of explanation (text only) */
    HELP_BLANK,
} HelpKind;

typedef struct {
    HelpKind kind;
    char *key;  /* owned; "" when none */
    char *text; /* owned; "" when none */
} HelpLine;

typedef struct {
    HelpLine *lines;
    size_t len, cap;
} HelpText;

/* Every line of the help screen, in order: each keymap's keys (a key bound under two codes
 * once), what typing does where it does something, the : commands, the diagram's row kinds. */
void helptext_build(HelpText *h);
void helptext_free(HelpText *h);

/* `objscope --help-keys`, from which the build makes the man page (scripts/gen-man.sh): every
 * keymap, key and : command as tab-separated lines, in the help screen's order:
 *   keymap TAB title TAB what typed text does there ("" when text is not taken)
 *   key TAB name TAB what it does      (a binding with the same name and help as an earlier
 *                                       one of its keymap is left out: Enter's two codes)
 *   command TAB :name ARGS TAB what it does */
void helptext_write_keys(FILE *f);
/* The : commands for --help: "  :NAME ARGS       what it does" lines. */
void helptext_write_commands(FILE *f);

#endif
