/* geometry.h — where each pane goes for a terminal size. Pure logic (tested without a terminal):
 * side by side when wide, stacked when tall enough, one pane at a time down to the minimum,
 * and below that a "please enlarge" screen. The model never stores screen sizes; views get
 * their rectangle from here on every resize. */
#ifndef OBJSCOPE_GEOMETRY_H
#define OBJSCOPE_GEOMETRY_H

#include <stdbool.h>

#define GEOMETRY_MIN_COLS 40
#define GEOMETRY_MIN_ROWS 12
#define GEOMETRY_SIDE_COLS 140 /* from this width REPL and diagram sit side by side */
#define GEOMETRY_STACK_ROWS 20 /* from this height they are stacked; below, one at a time */

typedef struct {
    int y, x, h, w;
} Rect;

typedef enum { SCREEN_SIDE, SCREEN_STACKED, SCREEN_SINGLE, SCREEN_TOO_SMALL } ScreenMode;

typedef enum { PANE_REPL, PANE_DIAGRAM } Pane;

typedef struct {
    ScreenMode mode;
    Rect title;   /* one row at the top */
    Rect repl;    /* h == 0 when hidden */
    Rect diagram; /* h == 0 when hidden */
    Rect divider; /* the line between the panes (h or w is 0 when there is none) */
    Rect status;  /* one row at the bottom */
    bool compact; /* narrow: abbreviated labels, fewer columns */
} ScreenGeometry;

/* Panes for a cols x rows terminal; `focus` decides which pane a single-pane screen shows. */
ScreenGeometry geometry_compute(int cols, int rows, Pane focus);

#endif
