/* highlight.h — syntax colouring of Python source for the input line: a small C lexer that
 * splits text into spans (keywords, strings, numbers, comments, ...). Pure logic, no curses.
 * It never fails: unterminated strings and odd bytes just make spans. */
#ifndef OBJSCOPE_HIGHLIGHT_H
#define OBJSCOPE_HIGHLIGHT_H

#include <stddef.h>

typedef enum {
    HL_TEXT,     /* names, operators, whitespace */
    HL_KEYWORD,  /* def, class, return, if, ... and soft keywords match/case when leading */
    HL_BUILTIN,  /* True, False, None, and builtin names such as print, len */
    HL_STRING,   /* any string literal incl. prefixes (rb'', f"") and triple quotes */
    HL_NUMBER,   /* 1, 0x1F, 1_000, 1.5e-3, 2j */
    HL_COMMENT,  /* # to end of line */
    HL_KIND_COUNT
} HighlightKind;

typedef struct {
    size_t start, len; /* byte range in the text */
    HighlightKind kind;
} HighlightSpan;

/* Lex the whole text (may span several lines; triple-quoted strings continue across them).
 * Spans cover the text without gaps, in order. *spans is owned by the caller (free). */
size_t highlight(const char *text, size_t n, HighlightSpan **spans);

/* The dotted name of the call the cursor (byte offset cur) is inside, for its signature line:
 * "os.path.join" in `os.path.join(a, [b, ` and in `f(os.path.join(x`; NULL when the cursor is
 * in no call, or what is called is not a plain name (`f()(`, `x[0](`), or a keyword (`if (`).
 * Strings and comments do not count. Owned. */
char *highlight_callee(const char *text, size_t cur);

#endif
