/* xalloc.h — allocation that never returns NULL: out of memory restores the terminal
 * (through the registered hook) and aborts, so callers need no OOM paths. */
#ifndef OBJSCOPE_XALLOC_H
#define OBJSCOPE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes (doubling). */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);             /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Called before aborting on OOM (the UI restores the terminal here). */
void xalloc_set_fatal_hook(void (*hook)(void));

#endif
