/* textwrap.c — word and character wrapping by terminal columns (see textwrap.h). */
#include "ui/textwrap.h"

#include <stdbool.h>
#include <string.h>

#include "ui/editor.h"

/* Bytes of the code point at s (1 for a byte that does not start valid UTF-8). */
static size_t cp_len(const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k++;
    return k;
}

size_t textwrap_chars(const char *s, size_t n, int width, size_t *starts, size_t max)
{
    size_t rows = 1;
    if (max)
        starts[0] = 0;
    int col = 0;
    for (size_t i = 0; i < n;) {
        size_t k = cp_len(s + i, n - i);
        int w = (int)editor_display_width(s + i, k);
        if (col + w > width && col > 0) {
            if (rows < max)
                starts[rows] = i;
            rows++;
            col = 0;
        }
        col += w;
        i += k;
    }
    return rows;
}

size_t textwrap_words(const char *s, int width, size_t *starts, size_t max)
{
    size_t n = strlen(s), rows = 1, row_start = 0, last_break = 0;
    if (max)
        starts[0] = 0;
    int col = 0, col_at_break = 0;
    for (size_t i = 0; i < n;) {
        size_t k = cp_len(s + i, n - i);
        int w = (int)editor_display_width(s + i, k);
        if (s[i] != ' ' && col + w > width && col > 0) {
            bool at_word = last_break > row_start; /* a space earlier in this row */
            size_t start = at_word ? last_break : i;
            if (rows < max)
                starts[rows] = start;
            rows++;
            row_start = start;
            col = at_word ? col - col_at_break : 0;
            last_break = row_start;
        }
        col += w;
        i += k;
        if (s[i - k] == ' ' && (i >= n || s[i] != ' ')) { /* after a run of spaces: a break */
            last_break = i;
            col_at_break = col;
        }
    }
    return rows;
}

size_t textwrap_row_len(const char *s, const size_t *starts, size_t rows, size_t i)
{
    size_t end = i + 1 < rows ? starts[i + 1] : strlen(s);
    while (end > starts[i] && s[end - 1] == ' ')
        end--;
    return end - starts[i];
}
