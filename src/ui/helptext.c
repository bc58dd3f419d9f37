/* helptext.c — the help screen's lines, --help-keys and --help's commands, from the key and
 * command tables (see helptext.h). */
#include "ui/helptext.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ui/commands.h"
#include "ui/keys.h"
#include "util/xalloc.h"

static void add(HelpText *h, HelpKind kind, const char *key, const char *text)
{
    h->lines = xgrow(h->lines, &h->cap, h->len + 1, sizeof *h->lines);
    h->lines[h->len++] = (HelpLine){kind, xstrdup(key ? key : ""), xstrdup(text ? text : "")};
}

/* The bindings of a keymap the help shows: a key under two codes (Enter, Backspace) or a run
 * of keys under one name (1-9) once. */
static bool shown(const KeyBinding *t, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(t[j].keyname, t[i].keyname) == 0 && strcmp(t[j].help, t[i].help) == 0)
            return false;
    return true;
}

static char *command_key(const Command *c)
{
    return c->args[0] ? xasprintf(":%s %s", c->name, c->args) : xasprintf(":%s", c->name);
}

void helptext_build(HelpText *h)
{
    memset(h, 0, sizeof *h);
    add(h, HELP_HEADING, "objscope", "see what a Python object is, and what it costs in memory");
    add(h, HELP_BLANK, NULL, NULL);
    for (int m = 0; m < KEYMAP_COUNT; m++) {
        add(h, HELP_SECTION, keys_map_title((KeymapId)m), NULL);
        size_t n;
        const KeyBinding *t = keys_table((KeymapId)m, &n);
        for (size_t i = 0; i < n; i++)
            if (shown(t, i))
                add(h, HELP_ENTRY, t[i].keyname, t[i].help);
        if (keys_text_help((KeymapId)m))
            add(h, HELP_ENTRY, "typing", keys_text_help((KeymapId)m));
        add(h, HELP_BLANK, NULL, NULL);
    }
    add(h, HELP_SECTION, "Commands", "typed at the prompt");
    size_t nc;
    const Command *c = commands_table(&nc);
    for (size_t i = 0; i < nc; i++) {
        char *key = command_key(&c[i]);
        add(h, HELP_ENTRY, key, c[i].help);
        free(key);
    }
    add(h, HELP_BLANK, NULL, NULL);
    add(h, HELP_SECTION, "Row kinds", "head: object header · fld: field · ptr: pointer you can open (Enter) ·");
    add(h, HELP_TEXT, NULL, "data: inline data · pre: pre-header before the object · pad: padding ·");
    add(h, HELP_TEXT, NULL, "free: allocated but unused · ?: bytes of a type objscope cannot name");
    add(h, HELP_TEXT, NULL, "presenter mode (--present, :present): a dot before a row (* in ASCII) "
                            "marks what the last step changed");
    add(h, HELP_TEXT, NULL, "narrow screens: H head, F fld, * ptr, D data, P pre, . pad, _ free, ? unknown");
}

void helptext_free(HelpText *h)
{
    for (size_t i = 0; i < h->len; i++) {
        free(h->lines[i].key);
        free(h->lines[i].text);
    }
    free(h->lines);
    memset(h, 0, sizeof *h);
}

/* One line a command: fmt takes ":name ARGS" and its help. */
static void write_commands(FILE *f, const char *fmt)
{
    size_t n;
    const Command *c = commands_table(&n);
    for (size_t i = 0; i < n; i++) {
        char *key = command_key(&c[i]);
        fprintf(f, fmt, key, c[i].help);
        free(key);
    }
}

void helptext_write_keys(FILE *f)
{
    for (int m = 0; m < KEYMAP_COUNT; m++) {
        const char *text = keys_text_help((KeymapId)m);
        fprintf(f, "keymap\t%s\t%s\n", keys_map_title((KeymapId)m), text ? text : "");
        size_t n;
        const KeyBinding *t = keys_table((KeymapId)m, &n);
        for (size_t i = 0; i < n; i++)
            if (shown(t, i))
                fprintf(f, "key\t%s\t%s\n", t[i].keyname, t[i].help);
    }
    write_commands(f, "command\t%s\t%s\n");
}

void helptext_write_commands(FILE *f)
{
    write_commands(f, "  %-16s %s\n");
}
