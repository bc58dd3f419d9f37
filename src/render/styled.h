/* styled.h — text a renderer writes with styles (an Out and a TextStyleFn, render.h), caught as
 * lines of runs, each run at its column: what the SVG writer turns into <text>, and what the
 * explorer draws a picture from. */
#ifndef OBJSCOPE_STYLED_H
#define OBJSCOPE_STYLED_H

#include <stddef.h>

#include "render/out.h"
#include "util/strbuf.h"

typedef struct {
    unsigned style; /* a TextStyle, maybe | TEXT_STYLE_BOLD */
    int col, cols;  /* where it starts and the columns it takes */
    char *text;     /* owned */
} StyledRun;

typedef struct {
    StyledRun *runs;
    size_t len, cap;
} StyledLine;

typedef struct {
    StyledLine *lines;
    size_t len, cap;
    StrBuf pending; /* text of the current style not yet made a run */
    unsigned style;
    int col;
} Styled;

void styled_init(Styled *s);
void styled_free(Styled *s);
/* Where a renderer writes: the Out, and the style callback with s as its userdata. */
Out styled_out(Styled *s);
void styled_style(unsigned style, void *userdata);
/* After the renderer is done: the last run made, the empty line after the last newline gone. */
void styled_finish(Styled *s);
/* Columns of the widest line. */
int styled_width(const Styled *s);

#endif
