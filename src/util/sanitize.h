/* sanitize.h — text from Python objects made safe for a terminal: control characters,
 * escape sequences and invalid UTF-8 are shown escaped (\x1b, \n, \u2028), never emitted. */
#ifndef OBJSCOPE_SANITIZE_H
#define OBJSCOPE_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Escape s (n bytes of UTF-8, possibly invalid). keep_newlines leaves '\n', '\t' and '\r' as
 * they are, for multi-line output such as tracebacks and what code prints: whoever shows it lays
 * those out as a terminal would. Returns an owned string. */
char *sanitize_text(const char *s, size_t n, bool keep_newlines);

/* Code points a terminal may act on, which sanitize_text escapes: C0, DEL, C1, line and
 * paragraph separators, bidi controls. */
bool sanitize_is_control(uint32_t cp);

#endif
