/* paste.c — splitting a paste into REPL inputs (see paste.h). The text is walked line by line;
 * an input is handed out at two points: before a line that starts the next statement (the
 * block before it is ended with the blank line the prompt needs), and after each line that
 * does not leave the block open with spacing. */
#include "ui/paste.h"

#include <ctype.h>
#include <string.h>

static bool is_blank(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return false;
    return true;
}

/* Whether the next line with text in `rest` is indented (so it belongs to the open block). */
static bool next_text_indented(const char *rest)
{
    for (const char *p = rest; *p;) {
        size_t n = strcspn(p, "\n");
        if (!is_blank(p, n))
            return *p == ' ' || *p == '\t';
        p += n + (p[n] == '\n');
    }
    return false;
}

/* In a file, a line at column 0 after an indented body starts the next statement; at the prompt
 * the body first needs a blank line. Lines that continue the statement (else, except, a closing
 * bracket, ...) and blocks whose last line is not indented (decorators, brackets) do not. */
static bool starts_next_statement(const char *block, const char *line, size_t n)
{
    static const char *const go_on[] = {"else", "elif", "except", "finally", "case", ")", "]", "}"};
    if (!n || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || is_blank(line, n))
        return false;
    for (size_t i = 0; i < sizeof go_on / sizeof go_on[0]; i++) {
        size_t k = strlen(go_on[i]);
        if (n >= k && strncmp(line, go_on[i], k) == 0 &&
            (k == 1 || n == k || !(isalnum((unsigned char)line[k]) || line[k] == '_')))
            return false;
    }
    const char *last = strrchr(block, '\n');
    last = last ? last + 1 : block;
    return *last == ' ' || *last == '\t';
}

void paste_split_init(PasteSplit *s, const char *text)
{
    memset(s, 0, sizeof *s);
    s->p = text ? text : "";
    strbuf_init(&s->block);
}

void paste_split_free(PasteSplit *s)
{
    strbuf_free(&s->block);
    memset(s, 0, sizeof *s);
}

/* At the end of the text: a block whose last line is indented (a body) is ended as the end of
 * a file ends it, so it runs and what is typed next starts afresh; anything else (a last line
 * at column 0, a block's first line) stays for the learner to finish. */
static const char *finish(PasteSplit *s)
{
    s->done = true;
    const char *last = strrchr(s->block.data, '\n');
    last = last ? last + 1 : s->block.data;
    if (s->block.len == 0 || !(*last == ' ' || *last == '\t') || is_blank(last, strlen(last)))
        return NULL;
    strbuf_putc(&s->block, '\n');
    s->ended = true;
    return s->block.data;
}

/* Add the line taken last to the block; returns the block when it is to run now, else NULL
 * (a blank line inside a block that goes on, or the unfinished last line). */
static const char *add_line(PasteSplit *s)
{
    bool in_block = s->block.len > 0;
    if (in_block)
        strbuf_putc(&s->block, '\n');
    strbuf_add(&s->block, s->line, s->line_len);
    s->have_line = false;
    if (s->line_is_last)
        return finish(s);
    if (in_block && is_blank(s->line, s->line_len) && next_text_indented(s->p))
        return NULL; /* a blank line inside a pasted block is spacing, not its end */
    return s->block.data;
}

const char *paste_split_next(PasteSplit *s)
{
    while (!s->done) {
        if (s->have_line) {
            const char *run = add_line(s);
            if (run)
                return run;
            continue;
        }
        if (!*s->p)
            return finish(s);
        const char *line = s->p, *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        s->p = nl ? nl + 1 : line + n;
        *s = (PasteSplit){s->p, s->block, line, n, true, !nl, false, false};
        if (s->block.len > 0 && starts_next_statement(s->block.data, line, n)) {
            strbuf_putc(&s->block, '\n'); /* the blank line the prompt needs to end the body */
            return s->block.data;
        }
    }
    return NULL;
}

void paste_split_ran(PasteSplit *s, bool finished)
{
    if (!finished && s->ended && s->block.len) /* still open (a bracket): the end is not a line */
        s->block.data[--s->block.len] = '\0';
    if (!finished)
        return;
    s->block.len = 0;
    s->block.data[0] = '\0';
}

const char *paste_split_rest(const PasteSplit *s)
{
    return s->block.data ? s->block.data : "";
}
