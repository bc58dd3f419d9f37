/* classroom.h — the explorer's classroom features tied together: a demo script and its strip
 * (demo.h, view_demo.c), presenter mode (present.h), the references picture in the diagram's
 * pane (view_refs.c) and :export (export.h). What the main loop, the frame and the : commands
 * ask of them; everything here keeps its state in the App. */
#ifndef OBJSCOPE_CLASSROOM_H
#define OBJSCOPE_CLASSROOM_H

#include <stdbool.h>

#include "layout/refs.h"
#include "ui/app.h"
#include "ui/geometry.h"
#include "ui/keys.h"

typedef struct App App;

/* What the screen gives the classroom this frame (the strip's rows, presenter mode). */
GeometryClass classroom_geometry(App *a, int cols);
/* A global key of the classroom (F3 the picture, F4 details, F5 back to the script): true
 * when act was one. */
bool classroom_key(App *a, Action act);
/* --present and --demo, once the explorer is up. */
void classroom_start(App *a, const AppOptions *opt);
/* Before the explorer goes: the demo and the picture closed. */
void classroom_end(App *a);

/* The references picture of the namespace in the diagram's pane (on), or the diagram again. */
void classroom_show_refs(App *a, bool on);
/* The references graph the pane shows now (made afresh when code ran since), or NULL when the
 * diagram shows. */
const RefsGraph *classroom_refs_graph(App *a);
/* Presenter mode on or off: its theme, its layout, hidden details. */
void classroom_set_present(App *a, bool on);
/* Show or hide addresses, the C-type column and the row details. */
void classroom_set_details(App *a, bool shown);
/* Forget how objects looked (the namespace was made afresh). */
void classroom_forget_changes(App *a);
/* The diagram shows nothing (a demo back at its start). */
void classroom_clear_diagram(App *a);
/* Up/Down from the demo's strip: the picture below it scrolls. */
void classroom_scroll_picture(App *a, Action act);

/* The : commands. */
void classroom_cmd_demo(App *a, const char *args);
void classroom_cmd_refs(App *a, const char *args);
void classroom_cmd_present(App *a, const char *args);

#endif
