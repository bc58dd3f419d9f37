/* view_help.c — the help screen, a full-screen overlay: the lines helptext.h makes from the key
 * and command tables, in a pager. */
#include <stdlib.h>

#include "ui/appstate.h"
#include "ui/pager.h"
#include "util/xalloc.h"

void help_open(App *a)
{
    Pager *p = xcalloc(1, sizeof *p);
    helptext_build(&p->text);
    app_overlay_open(a, &view_help, p);
}

static const char *help_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    (void)compact;
    return "Up/Down PgUp/PgDn scroll · Esc or q closes";
}

const View view_help = {
    .name = "help",
    .keymap = KEYMAP_HELP,
    .full_screen = true,
    .draw = pager_view_draw,
    .key = pager_view_key,
    .status = help_status,
    .close = pager_view_close,
};
