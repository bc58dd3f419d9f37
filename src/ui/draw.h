/* draw.h — the few curses drawing primitives every view uses: clipped UTF-8 text measured in
 * terminal columns, and filled spans. Views never print past the width they are given. */
#ifndef OBJSCOPE_DRAW_H
#define OBJSCOPE_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "ui/geometry.h"
#include "ui/theme.h"

/* Draw s at (y, x) in at most `width` columns with attribute a; returns the columns used.
 * Wide characters that would not fit whole are left out. */
int draw_text(int y, int x, int width, const char *s, attr_t a);
/* Same for the first n bytes of s. */
int draw_textn(int y, int x, int width, const char *s, size_t n, attr_t a);
/* Like draw_text, but text that does not fit ends in an ellipsis ("~" without UTF-8), so a cut
 * name or value never passes for a whole one. */
int draw_text_cut(int y, int x, int width, const char *s, attr_t a, bool utf8);
/* Fill `width` columns with spaces in attribute a. */
void draw_fill(int y, int x, int width, attr_t a);
/* Divider lines: box-drawing characters in a UTF-8 locale (some terminals and multiplexers
 * render curses' alternate character set as letters), ACS otherwise. */
void draw_hline(int y, int x, int width, bool utf8, attr_t a);
void draw_vline(int y, int x, int height, bool utf8, attr_t a);
/* A one-row bar (title, status): `left` from the left edge, cut with an ellipsis, `right` at
 * the right edge in the key colour. Texts separate keys with "·", shown as "-" without UTF-8. */
void draw_bar(Rect r, const char *left, const char *right, ColorRole role);
/* Columns the UTF-8 text would take. */
int draw_width(const char *s, size_t n);

#endif
