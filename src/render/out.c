/* out.c — output callback helpers and the one destination, memory (see out.h). */
#include "render/out.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void out_write(Out *o, const char *s, size_t n) { o->fn(s, n, o->userdata); }

void out_puts(Out *o, const char *s) { o->fn(s, strlen(s), o->userdata); }

void out_printf(Out *o, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        o->fn(small, (size_t)n, o->userdata);
        return;
    }
    va_start(ap, fmt);
    char *big = NULL;
    if (vasprintf(&big, fmt, ap) >= 0) {
        o->fn(big, strlen(big), o->userdata);
        free(big);
    }
    va_end(ap);
}

void out_repeat(Out *o, const char *s, int times)
{
    size_t n = strlen(s);
    for (int i = 0; i < times; i++)
        o->fn(s, n, o->userdata);
}

static void strbuf_fn(const char *s, size_t n, void *ud) { strbuf_add((StrBuf *)ud, s, n); }

Out out_to_strbuf(StrBuf *b) { return (Out){strbuf_fn, b}; }
