/* out.h — the one output callback every renderer writes through (md4c style): a renderer
 * never owns its destination. Everything renders into memory; the CLI then writes the text to
 * stdout in one piece (a stdout Python made unbuffered would take a write(2) per piece). */
#ifndef OBJSCOPE_OUT_H
#define OBJSCOPE_OUT_H

#include <stddef.h>

#include "util/strbuf.h"

typedef void (*OutFn)(const char *s, size_t n, void *userdata);

typedef struct {
    OutFn fn;
    void *userdata;
} Out;

void out_write(Out *o, const char *s, size_t n);
void out_puts(Out *o, const char *s);
void out_printf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_repeat(Out *o, const char *s, int times);

/* The destination. */
Out out_to_strbuf(StrBuf *b);

#endif
