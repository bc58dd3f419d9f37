/* pager.h — a scrolled page of "key  text" lines (helptext.h's HelpLine), the text wrapped at
 * words to the screen's width, for the overlays that are pages to read: the help screen and a
 * diagram row in full. */
#ifndef OBJSCOPE_PAGER_H
#define OBJSCOPE_PAGER_H

#include <stdbool.h>

#include "ui/helptext.h"
#include "ui/view.h"

typedef struct {
    HelpText text; /* owned */
    size_t top;    /* the first screen row shown */
    int page;      /* rows the area had when last drawn */
    size_t rows;   /* screen rows the text took when last drawn */
} Pager;

/* Draw every row of area: text from p->top, scrolled back when it would end above the bottom. */
void pager_draw(Pager *p, Rect area);
/* Scrolling keys (ACT_SEL_UP/DOWN, ACT_PAGE_UP/DOWN, ACT_TOP/BOTTOM); ACT_CLOSE gives
 * VIEW_DONE; anything else VIEW_IGNORED. Scrolling stops with the last row at the bottom. */
ViewKey pager_key(Pager *p, Action act);
void pager_free(Pager *p);

/* The callbacks of an overlay whose state is a Pager it owns (xcalloc'd): it draws the page in
 * its whole area, scrolls, and frees the pager when it closes. */
void pager_view_draw(App *a, void *state, ViewCanvas *c);
ViewKey pager_view_key(App *a, void *state, Action act, const char *typed);
void pager_view_close(App *a, void *state);

#endif
