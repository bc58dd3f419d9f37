/* classroom.c — the classroom features tied to the explorer (see classroom.h): presenter mode's
 * theme and diagram, the references picture in the diagram's pane, the global keys F3 to F5,
 * and the :demo, :refs and :present commands. */
#include "ui/classroom.h"

#include <stdlib.h>
#include <string.h>

#include "py/interp.h"
#include "ui/appstate.h"
#include "ui/colors.h"
#include "ui/runcode.h"
#include "util/datadir.h"
#include "util/xalloc.h"

#define PRESENT_THEME "high-contrast"

GeometryClass classroom_geometry(App *a, int cols)
{
    return (GeometryClass){demo_strip_rows(a->demo, cols), a->present};
}

/* The diagram's rows again, as presenter mode and the details setting now want them. */
static void diagram_settings(App *a, bool hide_details)
{
    Presentation *s = &a->diagram.show;
    s->on = a->present;
    s->hide_details = hide_details;
    s->ascii = !a->utf8;
    diagram_refresh(&a->diagram);
}

static void use_theme(App *a, const Theme *t)
{
    if (!a->terminal)
        return;
    const char *no_color = getenv("NO_COLOR");
    colors_init(t, !(no_color && *no_color));
}

/* Presenter mode's theme, lent while it is on (the explorer's own comes back after). */
static void lend_present_theme(App *a, bool on)
{
    if (!on || strcmp(a->theme.name, PRESENT_THEME) == 0) {
        use_theme(a, &a->theme);
        return;
    }
    Theme t;
    theme_default(&t);
    char *dir = datadir_find("assets/themes"), *err = NULL;
    const char *dirs[2] = {dir, NULL};
    if (theme_load_named(&t, PRESENT_THEME, dirs, &err) == 0)
        use_theme(a, &t);
    free(err);
    free(dir);
}

void classroom_set_present(App *a, bool on)
{
    a->present = on;
    lend_present_theme(a, on);
    if (!on)
        present_forget(&a->diagram.show);
    diagram_settings(a, on);
}

void classroom_set_details(App *a, bool shown)
{
    diagram_settings(a, !shown);
}

void classroom_forget_changes(App *a)
{
    present_forget(&a->diagram.show);
}

void classroom_clear_diagram(App *a)
{
    Presentation keep = a->diagram.show;
    memset(&a->diagram.show, 0, sizeof a->diagram.show); /* its memory is freed below */
    present_free(&keep);
    diagram_free(&a->diagram);
    diagram_init(&a->diagram);
    a->diagram.show.on = keep.on;
    a->diagram.show.hide_details = keep.hide_details;
    a->diagram.show.ascii = keep.ascii;
    if (a->geo.diagram.h > 0)
        diagram_resize(&a->diagram, a->geo.diagram);
}

/* ---- the references picture ------------------------------------------------------------------ */

static void set_refs(App *a, RefsPane *p)
{
    refs_pane_free(a->refs);
    a->refs = p;
    if (p && a->focus == PANE_REPL && a->geo.mode == SCREEN_SINGLE)
        a->focus = PANE_DIAGRAM; /* one pane at a time: show it */
}

void classroom_show_refs(App *a, bool on)
{
    if (!on) {
        set_refs(a, NULL);
        if (a->focus == PANE_DIAGRAM)
            diagram_refresh(&a->diagram); /* code may have run while the picture showed */
        return;
    }
    if (!a->refs || !refs_pane_of_names(a->refs))
        set_refs(a, refs_pane_new(NULL, ""));
}

const RefsGraph *classroom_refs_graph(App *a)
{
    return a->refs ? refs_pane_graph(a->refs) : NULL;
}

void classroom_scroll_picture(App *a, Action act)
{
    if (a->refs)
        refs_pane_scroll(a->refs, act);
    else
        diagram_key(&a->diagram, act);
}

/* ---- keys, start and end --------------------------------------------------------------------- */

bool classroom_key(App *a, Action act)
{
    switch (act) {
    case ACT_REFS:
        classroom_show_refs(a, a->refs == NULL);
        return true;
    case ACT_DETAILS:
        classroom_set_details(a, a->diagram.show.hide_details);
        return true;
    case ACT_DEMO_RESUME:
        if (a->demo)
            a->focus = PANE_DEMO;
        else
            repl_print(&a->repl, LINE_INFO, "no demo script is open (objscope --demo FILE, or "
                                            ":demo FILE)");
        return true;
    default:
        return false;
    }
}

void classroom_start(App *a, const AppOptions *opt)
{
    if (opt->present) { /* the theme is already --present's (cli.c), or the one asked for */
        a->present = true;
        diagram_settings(a, true);
    }
    if (opt->demo)
        demo_open(a, opt->demo);
}

void classroom_end(App *a)
{
    demo_close(a);
    set_refs(a, NULL);
}

/* ---- the : commands -------------------------------------------------------------------------- */

/* :demo with no name: the shipped demos, and the one open. */
static void list_demos(App *a)
{
    size_t n = 0;
    char **paths = demo_catalog(&n);
    repl_print(&a->repl, LINE_INFO, n ? "demo scripts (:demo NAME opens one; a path works too):"
                                      : "no demo scripts were found (:demo FILE.py opens one)");
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
        char *line = xasprintf("  %.*s", (int)strlen(base) - 3, base);
        repl_print(&a->repl, LINE_INFO, line);
        free(line);
        free(paths[i]);
    }
    free(paths);
    if (a->demo) {
        char *msg = xasprintf("open: %s, step %zu of %zu (F5 goes to it, Esc there ends it)",
                              a->demo->name, a->demo->done, a->demo->script->nsteps);
        repl_print(&a->repl, LINE_INFO, msg);
        free(msg);
    }
}

void classroom_cmd_demo(App *a, const char *args)
{
    if (!*args)
        list_demos(a);
    else
        demo_open(a, args);
}

void classroom_cmd_refs(App *a, const char *args)
{
    if (!*args || strcmp(args, "globals()") == 0) {
        classroom_show_refs(a, true);
        return;
    }
    InterpHandle *v = runcode_eval(a, args);
    if (v)
        set_refs(a, refs_pane_new(v, args)); /* the pane takes the handle */
}

void classroom_cmd_present(App *a, const char *args)
{
    bool on = strcmp(args, "on") == 0 ? true : strcmp(args, "off") == 0 ? false : !a->present;
    if (*args && strcmp(args, "on") != 0 && strcmp(args, "off") != 0) {
        repl_print(&a->repl, LINE_ERROR, "usage: :present, :present on or :present off");
        return;
    }
    classroom_set_present(a, on);
    repl_print(&a->repl, LINE_INFO, on ? "presenter mode: addresses and C types hidden (F4 shows "
                                         "them), rows a step changes marked"
                                       : "presenter mode off");
}
