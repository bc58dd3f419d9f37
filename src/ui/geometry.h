/* geometry.h — where each pane goes for a terminal size. Pure logic (tested without a terminal):
 * side by side when wide, stacked when tall enough, one pane at a time down to the minimum,
 * and below that a "please enlarge" screen. The model never stores screen sizes; views get
 * their rectangle from here on every resize. */
#ifndef OBJSCOPE_GEOMETRY_H
#define OBJSCOPE_GEOMETRY_H

#include <stdbool.h>

#define GEOMETRY_MIN_COLS 40
#define GEOMETRY_MIN_ROWS 12
#define GEOMETRY_SIDE_COLS 160 /* from this width REPL and diagram sit side by side (the diagram
                                * then has the 90 columns its C-type column needs) */
#define GEOMETRY_STACK_ROWS 20 /* from this height they are stacked; below, one at a time */
#define GEOMETRY_LESSON_SIDE_COLS 120 /* a lesson pane beside the others from this width */
#define GEOMETRY_LESSON_STACK_ROWS 28 /* or above them from this height */

typedef struct {
    int y, x, h, w;
} Rect;

typedef enum { SCREEN_SIDE, SCREEN_STACKED, SCREEN_SINGLE, SCREEN_TOO_SMALL } ScreenMode;

typedef enum { PANE_REPL, PANE_DIAGRAM, PANE_LESSON, PANE_DEMO } Pane;

typedef struct {
    ScreenMode mode;
    Rect title;   /* one row at the top */
    Rect repl;    /* h == 0 when hidden */
    Rect diagram; /* h == 0 when hidden */
    Rect divider; /* the line between REPL and diagram (h or w is 0 when there is none) */
    Rect lesson;  /* the lesson pane, h == 0 without a lesson (or when another pane shows) */
    Rect strip;   /* a demo script's step and caption above the panes, h == 0 without one */
    Rect status;  /* one row at the bottom */
    bool compact; /* narrow: abbreviated labels, fewer columns */
} ScreenGeometry;

/* Panes for a cols x rows terminal; `focus` decides which pane a single-pane screen shows.
 * With a lesson open, its pane sits left of the other two when wide, above them when tall. */
ScreenGeometry geometry_compute(int cols, int rows, Pane focus, bool lesson);

/* What the classroom asks of the screen (geometry_classroom). */
typedef struct {
    int strip;     /* rows for a demo script's strip at the top (0: no demo) */
    bool present;  /* presenter mode: no title row nor status bar, and the diagram gets more
                    * of a stacked screen than the REPL (which keeps GEOMETRY_PRESENT_REPL_ROWS) */
} GeometryClass;

#define GEOMETRY_PRESENT_REPL_ROWS 5

/* geometry_compute, then the strip and presenter mode. With the strip focused (PANE_DEMO), a
 * screen that shows one pane at a time shows the diagram. */
ScreenGeometry geometry_classroom(int cols, int rows, Pane focus, bool lesson,
                                  const GeometryClass *c);

#endif
