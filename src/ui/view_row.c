/* view_row.c — the selected diagram row in full (the i key), a full-screen overlay: its type,
 * where it is, its size and whether __sizeof__ counts it, its value, its note and its bytes,
 * each wrapped to the screen, so nothing the row shows cut is out of reach. */
#include <stdio.h>
#include <stdlib.h>

#include "render/render.h"
#include "ui/appstate.h"
#include "ui/pager.h"
#include "util/xalloc.h"

static void add(HelpText *t, HelpKind kind, const char *key, const char *text)
{
    t->lines = xgrow(t->lines, &t->cap, t->len + 1, sizeof *t->lines);
    t->lines[t->len++] = (HelpLine){kind, xstrdup(key ? key : ""), xstrdup(text ? text : "")};
}

/* The lines, copied from the entry: the overlay outlives the layout it came from. */
static void describe(HelpText *t, const LayoutEntry *e, bool utf8)
{
    char buf[128];
    add(t, HELP_SECTION, e->name, NULL);
    add(t, HELP_BLANK, NULL, NULL);
    add(t, HELP_ENTRY, "C type", *e->ctype ? e->ctype : "(bytes)");
    snprintf(buf, sizeof buf, "%+ld", e->offset);
    add(t, HELP_ENTRY, "offset", buf);
    snprintf(buf, sizeof buf, "%zu byte%s%s, %s", e->size, e->size == 1 ? "" : "s",
             e->count > 1 ? " (a run of elements)" : "",
             e->in_sizeof ? "counted by __sizeof__" : "not counted by __sizeof__");
    add(t, HELP_ENTRY, "size", buf);
    add(t, HELP_ENTRY, "kind", diagram_kind_label(e->role));
    if (e->value || (e->target_type && e->target)) {
        LayoutEntry plain = *e;
        plain.note = NULL; /* the note has its own line */
        char *value = render_entry_value(&plain, !utf8);
        add(t, HELP_ENTRY, "value", value);
        free(value);
    }
    if (e->note)
        add(t, HELP_ENTRY, "note", e->note);
    if (e->hex)
        add(t, HELP_ENTRY, "bytes", e->hex);
    if (e->role == ROLE_POINTER && e->target)
        add(t, HELP_TEXT, NULL, "Enter in the diagram opens the object it points to.");
}

void row_open(App *a)
{
    const LayoutEntry *e = diagram_selected(&a->diagram);
    if (!e)
        return;
    Pager *p = xcalloc(1, sizeof *p);
    describe(&p->text, e, a->utf8);
    app_overlay_open(a, &view_row, p);
}

static const char *row_status(App *a, void *state, bool compact)
{
    (void)a;
    (void)state;
    (void)compact;
    return "the selected row in full · Esc or i goes back";
}

const View view_row = {
    .name = "row",
    .keymap = KEYMAP_ROW,
    .full_screen = true,
    .draw = pager_view_draw,
    .key = pager_view_key,
    .status = row_status,
    .close = pager_view_close,
};
