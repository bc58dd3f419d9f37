/* colors.h — the only place that talks to curses about colour: a Theme becomes colour pairs,
 * or, without colour (NO_COLOR, a monochrome terminal), attributes alone. Every role also has
 * an attribute or glyph elsewhere, so no meaning is carried by colour alone. */
#ifndef OBJSCOPE_COLORS_H
#define OBJSCOPE_COLORS_H

#include <curses.h>
#include <stdbool.h>

#include "layout/layout.h"
#include "ui/highlight.h"
#include "ui/theme.h"

/* After initscr(): set up pairs from t (colour when the terminal has it and use_color). */
void colors_init(const Theme *t, bool use_color);
attr_t colors_attr(ColorRole r);
ColorRole colors_for_layout_role(LayoutRole r);
ColorRole colors_for_highlight(HighlightKind k); /* Python code in the REPL and in lessons */
bool colors_enabled(void);

#endif
