/* commands.c — the : commands (see commands.h): the table, and each command's function. A
 * command's expressions run through runcode.h like any input. */
#include "ui/commands.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson/find.h"
#include "ui/appstate.h"
#include "ui/runcode.h"
#include "util/files.h"
#include "util/xalloc.h"

static void cmd_show(App *a, const char *args)
{
    InterpHandle *v = runcode_eval(a, args);
    if (v)
        diagram_show(&a->diagram, v, args); /* takes the handle */
}

static void cmd_release(App *a, const char *args)
{
    (void)args;
    char *said = diagram_release(&a->diagram);
    repl_print(&a->repl, LINE_INFO, said);
    free(said);
    app_show_background(a); /* what finalizers printed */
}

/* Whether the word that ends at p (inside s) is a keyword that needs an operand after it. */
static bool keyword_before(const char *s, const char *p)
{
    static const char *const words[] = {"and", "or", "not", "if", "else", "in", "is", "for",
                                        "lambda", "await", "yield"};
    const char *w = p;
    while (w > s && (isalnum((unsigned char)w[-1]) || w[-1] == '_'))
        w--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if ((size_t)(p - w) == strlen(words[i]) && strncmp(w, words[i], (size_t)(p - w)) == 0)
            return true;
    return false;
}

/* Whether the space at p (inside s) may separate two expressions: not next to a binary
 * operator, nor next to a keyword that continues one. A sign right before a term ("-1") counts
 * as the start of the second expression when `signs` is set. */
static bool splits_at(const char *s, const char *p, bool signs)
{
    const char *r = p;
    while (*r == ' ')
        r++;
    if (!*r || p == s)
        return false;
    bool op_before = strchr("+-*/%&|^<>=,.:@~!", p[-1]) != NULL;
    bool sign = signs && strchr("+-~", *r) && r[1] && r[1] != ' ' && r[1] != '=';
    bool op_after = strchr("+-*/%&|^<>=,.:@)]}", *r) != NULL && !sign;
    bool word_op = !strncmp(r, "and ", 4) || !strncmp(r, "or ", 3) || !strncmp(r, "if ", 3) ||
                   !strncmp(r, "in ", 3) || !strncmp(r, "is ", 3) || !strncmp(r, "for ", 4) ||
                   !strncmp(r, "else ", 5) || !strncmp(r, "not in ", 7);
    return !op_before && !op_after && !word_op && !keyword_before(s, p);
}

/* The first space at bracket depth 0, outside strings, where s splits (NULL when none). */
static const char *split_point(const char *s, bool signs)
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
        else if (*p == ' ' && depth == 0 && splits_at(s, p, signs))
            return p;
    }
    return NULL;
}

bool commands_split_two(const char *s, char **left, char **right)
{
    const char *p = split_point(s, false);
    if (!p) /* "1 -1": as one expression it is 0, but two are asked for */
        p = split_point(s, true);
    if (!p)
        return false;
    *left = xstrndup(s, (size_t)(p - s));
    *right = xstrdup(p + strspn(p, " "));
    return true;
}

static void cmd_compare(App *a, const char *args)
{
    char *l = NULL, *r = NULL;
    if (!commands_split_two(args, &l, &r)) {
        repl_print(&a->repl, LINE_ERROR, "usage: :compare A B   (two expressions, e.g. :compare D() S())");
        return;
    }
    InterpHandle *x = runcode_eval(a, l), *y = x ? runcode_eval(a, r) : NULL;
    if (x && y) {
        diagram_compare(&a->diagram, x, l, y, r);
        repl_print(&a->repl, LINE_INFO, "comparing in the diagram: F6 then Up/Down scrolls both, Backspace ends it");
    }
    interp_handle_free(x); /* the layouts are plain C: the comparison holds no object */
    interp_handle_free(y);
    free(l);
    free(r);
}

/* :retained [EXPR]: what EXPR (or the object in the diagram) keeps alive. */
static void cmd_retained(App *a, const char *args)
{
    if (!*args) {
        const char *label;
        const InterpHandle *o = diagram_current(&a->diagram, &label);
        if (!o) {
            repl_print(&a->repl, LINE_ERROR, ":retained EXPR, or show an object first");
            return;
        }
        diagram_deep_cancel(&a->diagram);
        retained_open(a, interp_handle_copy(o), label);
        return;
    }
    InterpHandle *v = runcode_eval(a, args);
    if (v)
        retained_open(a, v, args); /* takes the handle */
}

static void cmd_mem(App *a, const char *args)
{
    char *report = NULL;
    InterpResult *r = runcode_run(a, args, INTERP_MODE_EXEC, &report);
    runcode_record(a, args, r, false);
    runcode_show_result(a, r);
    repl_print(&a->repl, LINE_INFO, report);
    runcode_after_run(a, r, args);
    interp_result_free(r);
    free(report);
}

static void cmd_lessons(App *a, const char *args)
{
    (void)args;
    menu_open(a);
}

static void cmd_lesson(App *a, const char *args)
{
    char *path = lesson_find(args);
    if (path)
        lesson_pane_open(a, path, false);
    else
        repl_print(&a->repl, LINE_ERROR, "no such lesson (:lessons lists them)");
    free(path);
}

/* "~/x.py" is in the home folder, as a shell would read it. Owned. */
static char *expand_home(const char *path)
{
    const char *home = getenv("HOME");
    if (strncmp(path, "~/", 2) == 0 && home && *home)
        return xasprintf("%s/%s", home, path + 2);
    return xstrdup(path);
}

static void save_now(App *a, const char *path)
{
    char *err = NULL;
    if (transcript_save(&a->transcript, path, &err) < 0) {
        repl_print(&a->repl, LINE_ERROR, err);
    } else {
        char *msg = xasprintf("saved %zu input%s to %s (python3 %s runs them)", a->transcript.len,
                              a->transcript.len == 1 ? "" : "s", path, path);
        repl_print(&a->repl, LINE_INFO, msg);
        free(msg);
    }
    free(err);
}

static void cmd_save(App *a, const char *args)
{
    char *path = expand_home(args), *err = NULL;
    char *target = files_save_target(path, "the inputs", &err); /* no FIFO or device */
    char *link = target && strcmp(target, path) ? xasprintf("(a link to %s)", target) : NULL;
    struct stat st;
    if (!a->transcript.len) {
        repl_print(&a->repl, LINE_ERROR, "nothing has run yet: there is nothing to save");
    } else if (!target) {
        repl_print(&a->repl, LINE_ERROR, err);
    } else if (stat(target, &st) == 0) { /* never replaced silently */
        const char *lines[] = {path, link, "exists. Replace it with what ran in objscope?"};
        if (!link)
            lines[1] = lines[2];
        confirm_open(a, lines, link ? 3 : 2, save_now, path, "not saved: the file is as it was");
    } else {
        save_now(a, path);
    }
    free(link);
    free(target);
    free(err);
    free(path);
}

static void cmd_edit(App *a, const char *args)
{
    (void)args;
    runcode_edit_external(a);
}

static void cmd_help(App *a, const char *args)
{
    (void)args;
    help_open(a);
}

static void cmd_quit(App *a, const char *args)
{
    (void)args;
    a->quit = true;
}

static const Command commands[] = {
    {"show", NULL, "EXPR", "show EXPR's layout without printing it (`_` stays as it was)", NULL,
     cmd_show},
    {"compare", NULL, "A B", "two layouts side by side", ":compare D() S()", cmd_compare},
    {"release", NULL, "", "let go of the objects the diagram holds (and `_`), so they can be freed",
     NULL, cmd_release},
    {"mem", NULL, "STATEMENT", "run it under tracemalloc: bytes allocated, peak, top lines", NULL,
     cmd_mem},
    {"retained", NULL, "[EXPR]", "what EXPR, or the object shown, keeps alive (also R)",
     NULL, cmd_retained},
    {"lessons", NULL, "", "the guided lessons, with your progress (also F2)", NULL, cmd_lessons},
    {"lesson", NULL, "NAME", "open a lesson by number, name, or a path to a .md file", NULL,
     cmd_lesson},
    {"edit", NULL, "", "the last input in $EDITOR; it runs when you save and quit (also F7)", NULL,
     cmd_edit},
    {"save", NULL, "FILE", "write what ran so far as a Python file (asks before replacing one)",
     ":save session.py", cmd_save},
    {"help", NULL, "", "this screen", NULL, cmd_help},
    {"quit", "q", "", "leave objscope (also :q, or Ctrl-D on an empty line)", NULL, cmd_quit},
};

const Command *commands_table(size_t *count)
{
    *count = sizeof commands / sizeof commands[0];
    return commands;
}

const Command *commands_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const Command *c = &commands[i];
        if ((strlen(c->name) == len && strncmp(c->name, name, len) == 0) ||
            (c->alias && strlen(c->alias) == len && strncmp(c->alias, name, len) == 0))
            return c;
    }
    return NULL;
}

void commands_run(App *a, const char *line)
{
    const char *name = line + strspn(line, " ") + 1;
    name += strspn(name, " "); /* ": show x" means ":show x" */
    size_t n = strcspn(name, " ");
    char *args = xstrdup(name + n + strspn(name + n, " "));
    for (size_t len = strlen(args); len && args[len - 1] == ' ';)
        args[--len] = '\0';
    const Command *c = commands_find(name, n);
    char *msg = NULL;
    if (!c)
        msg = xasprintf("unknown command :%.*s (:help lists the commands)", (int)n, name);
    else if (!*args && c->args[0] && c->args[0] != '[')
        msg = c->example ? xasprintf("usage: :%s %s   (e.g. %s)", c->name, c->args, c->example)
                         : xasprintf("usage: :%s %s", c->name, c->args);
    if (msg)
        repl_print(&a->repl, LINE_ERROR, msg);
    else
        c->fn(a, args);
    free(msg);
    free(args);
}
