/* textwrap.h — where text breaks into screen rows of a given width, measured in terminal
 * columns (wide characters count two): at spaces (notes, messages), or anywhere (code and
 * output, which must not be reflowed). Pure logic, no curses. */
#ifndef OBJSCOPE_TEXTWRAP_H
#define OBJSCOPE_TEXTWRAP_H

#include <stddef.h>

/* Byte offsets where each row of s starts when wrapped at `width` columns, breaking after the
 * spaces between words (the spaces stay at the end of the row before; a word longer than a row
 * is cut where the row is full). Writes at most `max` starts and returns how many rows s takes
 * (which may be more than max); "" takes one row. */
size_t textwrap_words(const char *s, int width, size_t *starts, size_t max);
/* The same, breaking wherever a row is full. */
size_t textwrap_chars(const char *s, size_t n, int width, size_t *starts, size_t max);
/* The bytes of row `i` of s without the spaces it ends in (starts from textwrap_words). */
size_t textwrap_row_len(const char *s, const size_t *starts, size_t rows, size_t i);

#endif
