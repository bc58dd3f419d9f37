/* styled.c — styled text caught as lines of runs (see styled.h). */
#include "render/styled.h"

#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "util/xalloc.h"

void styled_init(Styled *s)
{
    memset(s, 0, sizeof *s);
    strbuf_init(&s->pending);
}

static StyledLine *current_line(Styled *s)
{
    if (s->len == 0) {
        s->lines = xgrow(s->lines, &s->cap, 1, sizeof *s->lines);
        memset(&s->lines[0], 0, sizeof s->lines[0]);
        s->len = 1;
    }
    return &s->lines[s->len - 1];
}

static void flush(Styled *s)
{
    if (s->pending.len == 0)
        return;
    StyledLine *line = current_line(s);
    line->runs = xgrow(line->runs, &line->cap, line->len + 1, sizeof *line->runs);
    int cols = render_columns(s->pending.data, s->pending.len);
    line->runs[line->len++] = (StyledRun){s->style, s->col, cols, strbuf_take(&s->pending)};
    s->col += cols;
}

static void new_line(Styled *s)
{
    flush(s);
    current_line(s);
    s->lines = xgrow(s->lines, &s->cap, s->len + 1, sizeof *s->lines);
    memset(&s->lines[s->len++], 0, sizeof s->lines[0]);
    s->col = 0;
}

static void styled_write(const char *p, size_t n, void *ud)
{
    Styled *s = ud;
    for (const char *nl; n > 0 && (nl = memchr(p, '\n', n)) != NULL; n -= (size_t)(nl + 1 - p), p = nl + 1) {
        strbuf_add(&s->pending, p, (size_t)(nl - p));
        new_line(s);
    }
    strbuf_add(&s->pending, p, n);
}

Out styled_out(Styled *s)
{
    return (Out){styled_write, s};
}

void styled_style(unsigned style, void *userdata)
{
    Styled *s = userdata;
    flush(s);
    s->style = style;
}

void styled_finish(Styled *s)
{
    flush(s);
    while (s->len > 0 && s->lines[s->len - 1].len == 0) {
        free(s->lines[s->len - 1].runs);
        s->len--; /* the newline after the last line opened an empty one */
    }
}

int styled_width(const Styled *s)
{
    int cols = 0;
    for (size_t i = 0; i < s->len; i++)
        for (size_t j = 0; j < s->lines[i].len; j++) {
            const StyledRun *r = &s->lines[i].runs[j];
            cols = r->col + r->cols > cols ? r->col + r->cols : cols;
        }
    return cols;
}

void styled_free(Styled *s)
{
    for (size_t i = 0; i < s->len; i++) {
        for (size_t j = 0; j < s->lines[i].len; j++)
            free(s->lines[i].runs[j].text);
        free(s->lines[i].runs);
    }
    free(s->lines);
    strbuf_free(&s->pending);
    memset(s, 0, sizeof *s);
}
