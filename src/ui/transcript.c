/* transcript.c — the inputs that ran, and :save (see transcript.h). */
#include "ui/transcript.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/files.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void transcript_init(Transcript *t)
{
    memset(t, 0, sizeof *t);
}

void transcript_free(Transcript *t)
{
    for (size_t i = 0; i < t->len; i++) {
        free(t->inputs[i]);
        free(t->raised[i]);
    }
    free(t->inputs);
    free(t->raised);
    free(t->setup);
    memset(t, 0, sizeof *t);
}

void transcript_add(Transcript *t, const char *input, bool from_setup, const char *raised)
{
    size_t n = strlen(input);
    while (n && strchr(" \t\n", input[n - 1]))
        n--;
    if (!n)
        return;
    size_t cap = t->cap, cap2 = t->cap;
    t->inputs = xgrow(t->inputs, &t->cap, t->len + 1, sizeof *t->inputs);
    t->setup = xgrow(t->setup, &cap, t->len + 1, sizeof *t->setup);
    t->raised = xgrow(t->raised, &cap2, t->len + 1, sizeof *t->raised);
    t->inputs[t->len] = xstrndup(input, n);
    t->raised[t->len] = raised ? xstrdup(raised) : NULL;
    t->setup[t->len++] = from_setup;
}

char *transcript_error_name(const char *err)
{
    if (!err)
        return xstrdup("");
    size_t n = strlen(err);
    while (n && err[n - 1] == '\n')
        n--;
    const char *last = err + n;
    while (last > err && last[-1] != '\n')
        last--;
    return xstrndup(last, strcspn(last, ":\n"));
}

bool transcript_is_syntax_error(const char *err)
{
    static const char *const kinds[] = {"SyntaxError", "IndentationError", "TabError"};
    char *name = transcript_error_name(err);
    bool found = false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        found |= strcmp(name, kinds[i]) == 0;
    free(name);
    return found;
}

/* An input that raised, as comments: the file runs on past it, and the reader sees it. */
static void put_commented(StrBuf *b, const char *input, const char *raised)
{
    strbuf_printf(b, "# raised %s at the prompt; left out so the file runs on:\n", raised);
    for (const char *p = input; p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        strbuf_printf(b, "#%s%.*s\n", n ? " " : "", (int)n, p);
        p = nl ? nl + 1 : NULL;
    }
}

char *transcript_text(const Transcript *t)
{
    StrBuf b;
    strbuf_init(&b);
    char when[64] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(when, sizeof when, " on %Y-%m-%d at %H:%M", &tm);
    strbuf_printf(&b, "# Saved from objscope%s: what ran at its prompt, in order.\n\n", when);
    for (size_t i = 0; i < t->len; i++) {
        bool block = strchr(t->inputs[i], '\n') != NULL;
        bool after_block = i > 0 && strchr(t->inputs[i - 1], '\n') != NULL;
        if (block && i > 0 && !after_block)
            strbuf_putc(&b, '\n'); /* blocks stand apart, as in a file */
        if (t->setup[i])
            strbuf_puts(&b, "# from --setup\n");
        if (t->raised[i])
            put_commented(&b, t->inputs[i], t->raised[i]);
        else
            strbuf_printf(&b, "%s\n", t->inputs[i]);
        if (block)
            strbuf_putc(&b, '\n');
    }
    return strbuf_take(&b);
}

int transcript_save(const Transcript *t, const char *path, char **err)
{
    char *target = files_save_target(path, "the inputs", err); /* a link's file, never a FIFO */
    if (!target)
        return -1;
    struct stat st;
    char *dir = files_parent_dir(target);
    bool dir_ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (!dir_ok)
        *err = xasprintf("cannot save to %s: there is no folder %s", path, dir);
    free(dir);
    bool existed = dir_ok && stat(target, &st) == 0;
    mode_t mask = umask(0);
    umask(mask);
    char *text = dir_ok ? transcript_text(t) : NULL;
    int rc = dir_ok ? files_write_atomic(target, text, strlen(text), "the inputs", err) : -1;
    free(text);
    if (rc == 0)
        chmod(target, existed ? st.st_mode & 07777 : 0666 & ~mask);
    free(target);
    return rc;
}
