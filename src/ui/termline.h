/* termline.h — one line of what code printed, as a terminal would show it: a tab moves on to the
 * next 8-column stop, a carriage return goes back to column 0 so that what follows writes over
 * the line. Everything else is made safe by sanitize_text: escaped, never obeyed. */
#ifndef OBJSCOPE_TERMLINE_H
#define OBJSCOPE_TERMLINE_H

#include <stddef.h>

#define TERMLINE_TAB 8

/* s: n bytes of one line (no '\n'; UTF-8, possibly invalid). Returns the text shown, up to the
 * cursor if that is further (owned): no control characters, columns measured as draw_width
 * measures them, escapes included. */
char *termline(const char *s, size_t n);

#endif
