/* strbuf.h — a growable, always NUL-terminated byte string. */
#ifndef OBJSCOPE_STRBUF_H
#define OBJSCOPE_STRBUF_H

#include <stddef.h>

typedef struct {
    char *data; /* NUL-terminated; owned */
    size_t len, cap;
} StrBuf;

void strbuf_init(StrBuf *b);
void strbuf_free(StrBuf *b);
void strbuf_add(StrBuf *b, const char *s, size_t n);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_putc(StrBuf *b, char c);
void strbuf_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (owned) and leave b empty. */
char *strbuf_take(StrBuf *b);

#endif
